/**
 * Customer bases drawn from the customer-base models with known parameters (CHN-1):
 * BG/NBD, MBG/NBD, Pareto/NBD and Gamma-Gamma spend. They are how the model fitters
 * are checked (fit simulated data, recover the parameters), how detection thresholds
 * are tried on a base whose dead and alive customers are known, and how benchmarks
 * get a million honest customers without anyone's data.
 *
 * Every generator is seeded and deterministic: the same parameters, ages and seed give
 * the same customers on every runtime. The random numbers come from xoshiro128**
 * (Blackman & Vigna), its 128-bit state filled by SplitMix32 from the seed's low
 * 32-bit word, then from its high word; uniform variates take 53 bits of it. Gamma
 * variates are drawn by Marsaglia & Tsang's method (2000; shapes below 1 through the
 * boost `Gamma(k + 1) · U^(1/k)`), normal variates by Marsaglia's polar method, Beta
 * variates as a ratio of two Gammas (in logarithms, so that tiny shapes do not
 * underflow). Purchases follow a Poisson process simulated by its exponential gaps,
 * so a customer costs time in proportion to the purchases simulated.
 *
 * Each model draws a customer's latent traits, then the purchases from time 0 (the
 * first purchase, not counted) to the customer's age `T`:
 *
 * - BG/NBD (Fader, Hardie & Lee 2005): λ ~ Gamma(r, rate α), p ~ Beta(a, b); after
 *   each repeat purchase the customer drops out with probability p;
 * - MBG/NBD (Batislam, Denizel & Filiztekin 2007): as BG/NBD, and the customer may
 *   also drop out at time 0, right after the first purchase, with probability p;
 * - Pareto/NBD (Schmittlein, Morrison & Colombo 1987): λ ~ Gamma(r, rate α),
 *   μ ~ Gamma(s, rate β), the lifetime τ ~ Exponential(μ); purchases before min(τ, T);
 * - Gamma-Gamma (Fader, Hardie & Lee 2005; Fader & Hardie note 025): ν ~ Gamma(q,
 *   rate γ), each of a customer's x repeat transactions ~ Gamma(p, rate ν), and m̄ is
 *   their mean.
 *
 * @since 0.1.0
 */
import { Errors } from "@clientele/core"
import * as Either from "effect/Either"
import type * as Schema from "effect/Schema"
import * as BgNbd from "./BgNbd.js"
import * as GammaGamma from "./GammaGamma.js"
import * as ParetoNbd from "./ParetoNbd.js"

// The parameter schemas are the models' own: a simulation takes what a fit returns.
const BgNbdParameters = BgNbd.Parameters
type BgNbdParameters = BgNbd.Parameters
const ParetoNbdParameters = ParetoNbd.Parameters
type ParetoNbdParameters = ParetoNbd.Parameters
const GammaGammaParameters = GammaGamma.Parameters
type GammaGammaParameters = GammaGamma.Parameters

/**
 * The default cap on the repeat purchases simulated for one customer (see
 * {@link SimulationOptions}).
 *
 * @example
 * ```ts
 * import { Simulation } from "@clientele/churn"
 *
 * Simulation.defaultMaxPurchases // 100000
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const defaultMaxPurchases = 100_000

/**
 * Options of the purchase simulations: `maxPurchases` caps the repeat purchases
 * simulated per customer (default {@link defaultMaxPurchases}), so that absurd
 * parameters (a purchase rate of thousands per unit of time) cannot stall a run.
 * A capped customer stops at the cap — its `x` is the cap and its `t_x` the time of
 * that purchase — and is counted in the result's `capped`, which is 0 for any
 * realistic parameters.
 *
 * @example
 * ```ts
 * import type { Simulation } from "@clientele/churn"
 *
 * const options: Simulation.SimulationOptions = { maxPurchases: 10_000 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface SimulationOptions {
  readonly maxPurchases?: number | undefined
}

/**
 * A simulated customer base, as columns indexed like the ages given: `frequency` (x,
 * repeat purchases before `T` while alive), `recency` (t_x, the time of the last one,
 * 0 without any), `age` (T, a copy of the ages), `alive` (1 when the customer is
 * still alive at T, the truth that P(alive) estimates) and `capped`, the number of
 * customers stopped at the purchase cap.
 *
 * @example
 * ```ts
 * import { Simulation } from "@clientele/churn"
 * import * as Either from "effect/Either"
 *
 * const simulated = Either.getOrThrow(
 *   Simulation.bgNbd({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, [38.86, 38.86], 42),
 * )
 * simulated.frequency.length // 2
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface SimulatedCustomers {
  readonly frequency: Float64Array
  readonly recency: Float64Array
  readonly age: Float64Array
  readonly alive: Uint8Array
  readonly capped: number
}

const TWO_POW_26 = 67_108_864
const TWO_POW_53 = 9_007_199_254_740_992
const TWO_POW_32 = 4_294_967_296

const rotateLeft = (value: number, bits: number): number =>
  (value << bits) | (value >>> (32 - bits))

/** A xoshiro128** stream with the variates the models need. */
class RandomStream {
  private s0: number
  private s1: number
  private s2: number
  private s3: number
  private spareNormal = Number.NaN

  constructor(seed: number) {
    const low = (seed % TWO_POW_32) >>> 0
    const high = Math.floor(seed / TWO_POW_32) | 0
    // SplitMix32: a bijective mix of a counter, so distinct seeds give distinct states.
    let counter = low
    const next = (): number => {
      counter = (counter + 0x9e3779b9) | 0
      let z = counter ^ (counter >>> 16)
      z = Math.imul(z, 0x21f0aaad)
      z ^= z >>> 15
      z = Math.imul(z, 0x735a2d97)
      return z ^ (z >>> 15)
    }
    this.s0 = next()
    this.s1 = next()
    counter ^= high
    this.s2 = next()
    this.s3 = next()
    // The all-zero state is the one xoshiro cannot leave.
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1
  }

  /** The next 32 random bits, as an unsigned integer. */
  nextWord(): number {
    const s1 = this.s1
    const result = Math.imul(rotateLeft(Math.imul(s1, 5), 7), 9) >>> 0
    const t = s1 << 9
    this.s2 ^= this.s0
    this.s3 ^= s1
    this.s1 ^= this.s2
    this.s0 ^= this.s3
    this.s2 ^= t
    this.s3 = rotateLeft(this.s3, 11)
    return result
  }

  /** A uniform variate in (0, 1), never 0 nor 1, with 53 random bits. */
  uniform(): number {
    const high = this.nextWord() >>> 5
    const low = this.nextWord() >>> 6
    return (high * TWO_POW_26 + low + 0.5) / TWO_POW_53
  }

  /** A standard exponential variate. */
  exponential(): number {
    return -Math.log(this.uniform())
  }

  /** A standard normal variate (Marsaglia's polar method, keeping the spare). */
  normal(): number {
    const spare = this.spareNormal
    if (!Number.isNaN(spare)) {
      this.spareNormal = Number.NaN
      return spare
    }
    for (;;) {
      const u = 2 * this.uniform() - 1
      const v = 2 * this.uniform() - 1
      const s = u * u + v * v
      if (s >= 1 || s === 0) continue
      const factor = Math.sqrt((-2 * Math.log(s)) / s)
      this.spareNormal = v * factor
      return u * factor
    }
  }

  /** A Gamma(shape, rate 1) variate for shape ≥ 1 (Marsaglia & Tsang). */
  private gammaAtLeastOne(shape: number): number {
    const d = shape - 1 / 3
    const c = 1 / Math.sqrt(9 * d)
    for (;;) {
      const x = this.normal()
      let v = 1 + c * x
      if (v <= 0) continue
      v = v * v * v
      const u = this.uniform()
      const x2 = x * x
      if (u < 1 - 0.0331 * x2 * x2) return d * v
      if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v
    }
  }

  /** A Gamma(shape, rate 1) variate. */
  gamma(shape: number): number {
    if (shape >= 1) return this.gammaAtLeastOne(shape)
    return this.gammaAtLeastOne(shape + 1) * this.uniform() ** (1 / shape)
  }

  /** The logarithm of a Gamma(shape, rate 1) variate, exact where the variate underflows. */
  logGamma(shape: number): number {
    if (shape >= 1) return Math.log(this.gammaAtLeastOne(shape))
    return Math.log(this.gammaAtLeastOne(shape + 1)) + Math.log(this.uniform()) / shape
  }

  /** A Beta(a, b) variate, as X / (X + Y) computed from the Gammas' logarithms. */
  beta(a: number, b: number): number {
    const logX = this.logGamma(a)
    const logY = this.logGamma(b)
    return 1 / (1 + Math.exp(logY - logX))
  }
}

const invalid = (path: ReadonlyArray<string | number>, message: string): Errors.ValidationError =>
  Errors.ValidationError.fromIssues([{ path, message }])

const decodeParameters = <A, I>(
  schema: Schema.Schema<A, I, never>,
  parameters: unknown,
): Either.Either<A, Errors.ValidationError> =>
  Either.mapLeft(Errors.decodeEither(schema)(parameters), (error) =>
    Errors.ValidationError.fromIssues(
      error.issues.map((issue) => ({ ...issue, path: ["parameters", ...issue.path] })),
    ),
  )

const checkSeed = (seed: unknown): Errors.ValidationError | undefined =>
  typeof seed === "number" && Number.isSafeInteger(seed)
    ? undefined
    : invalid(["seed"], `a seed is a safe integer, got ${String(seed)}`)

/** The ages as a fresh `Float64Array`, or the first one that is not a finite time ≥ 0. */
const checkAges = (
  ages: ArrayLike<number>,
): Either.Either<Float64Array, Errors.ValidationError> => {
  const copy = new Float64Array(ages.length)
  for (let i = 0; i < ages.length; i++) {
    const age = ages[i] as number
    if (!(Number.isFinite(age) && age >= 0))
      return Either.left(invalid(["ages", i], `an age is a finite time ≥ 0, got ${String(age)}`))
    copy[i] = age
  }
  return Either.right(copy)
}

const checkMaxPurchases = (
  options: SimulationOptions | undefined,
): Either.Either<number, Errors.ValidationError> => {
  const cap = options?.maxPurchases ?? defaultMaxPurchases
  return Number.isSafeInteger(cap) && cap >= 1
    ? Either.right(cap)
    : Either.left(
        invalid(
          ["options", "maxPurchases"],
          `a purchase cap is an integer ≥ 1, got ${String(cap)}`,
        ),
      )
}

/** What every purchase simulation validates before drawing. */
const prepare = <A, I>(
  schema: Schema.Schema<A, I, never>,
  parameters: unknown,
  ages: ArrayLike<number>,
  seed: number,
  options: SimulationOptions | undefined,
): Either.Either<
  { readonly parameters: A; readonly ages: Float64Array; readonly cap: number },
  Errors.ValidationError
> =>
  Either.gen(function* () {
    const decoded = yield* decodeParameters(schema, parameters)
    const seedFailure = checkSeed(seed)
    if (seedFailure !== undefined) return yield* Either.left(seedFailure)
    const checked = yield* checkAges(ages)
    const cap = yield* checkMaxPurchases(options)
    return { parameters: decoded, ages: checked, cap }
  })

/**
 * The BG/NBD and MBG/NBD draw: `dropAtStart` lets the customer drop out right after
 * the first purchase too (MBG/NBD).
 */
const simulateBetaGeometric = (
  { r, alpha, a, b }: BgNbdParameters,
  ages: Float64Array,
  seed: number,
  cap: number,
  dropAtStart: boolean,
): SimulatedCustomers => {
  const random = new RandomStream(seed)
  const n = ages.length
  const frequency = new Float64Array(n)
  const recency = new Float64Array(n)
  const alive = new Uint8Array(n)
  let capped = 0
  for (let i = 0; i < n; i++) {
    const age = ages[i] as number
    const rate = random.gamma(r) / alpha
    const dropout = random.beta(a, b)
    let living = dropAtStart ? random.uniform() >= dropout : true
    let x = 0
    let last = 0
    let t = 0
    while (living) {
      t += random.exponential() / rate
      if (!(t <= age)) break
      x++
      last = t
      if (random.uniform() < dropout) living = false
      else if (x === cap) {
        capped++
        break
      }
    }
    frequency[i] = x
    recency[i] = last
    alive[i] = living ? 1 : 0
  }
  return { frequency, recency, age: ages, alive, capped }
}

/**
 * Simulates a BG/NBD customer base: one customer per age `T` given, each with λ ~
 * Gamma(r, rate α) and p ~ Beta(a, b), buying as a Poisson process of rate λ from
 * time 0 (the first purchase, not counted) and dropping out with probability p after
 * each repeat purchase — so a customer without a repeat purchase is always alive.
 * Bad parameters (not finite, or ≤ 0), ages (not finite, or < 0), seed (not a safe
 * integer) or options are a `ValidationError` naming them; nothing is thrown.
 *
 * @example
 * ```ts
 * import { Simulation } from "@clientele/churn"
 * import * as Either from "effect/Either"
 *
 * const ages = Either.getOrThrow(Simulation.continuousAges(100_000, 27, 38.86, 1))
 * const simulated = Either.getOrThrow(
 *   Simulation.bgNbd({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, ages, 2),
 * )
 * simulated.frequency.reduce((total, x) => total + x, 0) / 100_000 // ≈ 1.06 repeat purchases each
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const bgNbd = (
  parameters: BgNbdParameters,
  ages: ArrayLike<number>,
  seed: number,
  options?: SimulationOptions,
): Either.Either<SimulatedCustomers, Errors.ValidationError> =>
  Either.map(prepare(BgNbdParameters, parameters, ages, seed, options), (checked) =>
    simulateBetaGeometric(checked.parameters, checked.ages, seed, checked.cap, false),
  )

/**
 * Simulates an MBG/NBD customer base: as {@link bgNbd}, except that the customer can
 * also drop out at time 0, right after the first purchase, with probability p — so
 * one-time buyers can be dead, as they can in life.
 *
 * @example
 * ```ts
 * import { Simulation } from "@clientele/churn"
 * import * as Either from "effect/Either"
 *
 * const simulated = Either.getOrThrow(
 *   Simulation.mbgNbd({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, new Float64Array(1_000).fill(39), 3),
 * )
 * simulated.alive.filter((alive, i) => alive === 0 && simulated.frequency[i] === 0).length // > 0
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const mbgNbd = (
  parameters: BgNbdParameters,
  ages: ArrayLike<number>,
  seed: number,
  options?: SimulationOptions,
): Either.Either<SimulatedCustomers, Errors.ValidationError> =>
  Either.map(prepare(BgNbdParameters, parameters, ages, seed, options), (checked) =>
    simulateBetaGeometric(checked.parameters, checked.ages, seed, checked.cap, true),
  )

/**
 * Simulates a Pareto/NBD customer base: one customer per age `T` given, each with λ ~
 * Gamma(r, rate α), μ ~ Gamma(s, rate β) and a lifetime τ ~ Exponential(μ), buying as
 * a Poisson process of rate λ from time 0 (not counted) until min(τ, T); `alive` says
 * whether τ > T. Bad input is a `ValidationError` naming it, as for {@link bgNbd}.
 *
 * @example
 * ```ts
 * import { Simulation } from "@clientele/churn"
 * import * as Either from "effect/Either"
 *
 * const simulated = Either.getOrThrow(
 *   Simulation.paretoNbd({ r: 0.55, alpha: 10.58, s: 0.61, beta: 11.67 }, new Float64Array(1_000).fill(39), 4),
 * )
 * simulated.alive.reduce((total, alive) => total + alive, 0) / 1_000 // ≈ (11.67 / 50.67)^0.61 ≈ 0.41
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const paretoNbd = (
  parameters: ParetoNbdParameters,
  ages: ArrayLike<number>,
  seed: number,
  options?: SimulationOptions,
): Either.Either<SimulatedCustomers, Errors.ValidationError> =>
  Either.map(prepare(ParetoNbdParameters, parameters, ages, seed, options), (checked) => {
    const { r, alpha, s, beta } = checked.parameters
    const { ages: T, cap } = checked
    const random = new RandomStream(seed)
    const n = T.length
    const frequency = new Float64Array(n)
    const recency = new Float64Array(n)
    const alive = new Uint8Array(n)
    let capped = 0
    for (let i = 0; i < n; i++) {
      const age = T[i] as number
      const rate = random.gamma(r) / alpha
      const dropoutRate = random.gamma(s) / beta
      const lifetime = random.exponential() / dropoutRate
      const end = Math.min(lifetime, age)
      let x = 0
      let last = 0
      let t = random.exponential() / rate
      while (t <= end) {
        x++
        last = t
        if (x === cap) {
          capped++
          break
        }
        t += random.exponential() / rate
      }
      frequency[i] = x
      recency[i] = last
      alive[i] = lifetime > age ? 1 : 0
    }
    return { frequency, recency, age: T, alive, capped }
  })

/**
 * Simulates Gamma-Gamma spend: for each customer with `x = frequency[i]` repeat
 * transactions, ν ~ Gamma(q, rate γ) and the mean m̄ of x values ~ Gamma(p, rate ν)
 * (drawn at once: their sum is Gamma(p·x, rate ν)); 0 for a customer with x = 0. A
 * frequency that is not a whole number ≥ 0, bad parameters or a bad seed are a
 * `ValidationError` naming them.
 *
 * @example
 * ```ts
 * import { Simulation } from "@clientele/churn"
 * import * as Either from "effect/Either"
 *
 * const spend = Either.getOrThrow(
 *   Simulation.gammaGamma({ p: 6.25, q: 3.74, gamma: 15.44 }, new Float64Array(10_000).fill(2), 5),
 * )
 * spend.reduce((total, mean) => total + mean, 0) / 10_000 // ≈ p·γ / (q − 1) ≈ 35.2
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const gammaGamma = (
  parameters: GammaGammaParameters,
  frequency: ArrayLike<number>,
  seed: number,
): Either.Either<Float64Array, Errors.ValidationError> =>
  Either.gen(function* () {
    const { p, q, gamma } = yield* decodeParameters(GammaGammaParameters, parameters)
    const seedFailure = checkSeed(seed)
    if (seedFailure !== undefined) return yield* Either.left(seedFailure)
    const n = frequency.length
    for (let i = 0; i < n; i++) {
      const x = frequency[i] as number
      if (!(Number.isSafeInteger(x) && x >= 0))
        return yield* Either.left(
          invalid(["frequency", i], `a frequency is a whole number ≥ 0, got ${String(x)}`),
        )
    }
    const random = new RandomStream(seed)
    const spend = new Float64Array(n)
    for (let i = 0; i < n; i++) {
      const x = frequency[i] as number
      if (x === 0) continue
      const scaleRate = random.gamma(q) / gamma
      spend[i] = random.gamma(p * x) / scaleRate / x
    }
    return spend
  })

/**
 * Draws `count` ages uniformly between `min` and `max`: continuous ages, as customers
 * who joined at any moment of a window have (T from 27 to 38.86 weeks, about the ages
 * of CDNOW's first-quarter cohort, is the usual benchmark). `count` must be a whole
 * number ≥ 0, and `0 ≤ min ≤ max` finite; otherwise a `ValidationError` names the
 * argument.
 *
 * @example
 * ```ts
 * import { Simulation } from "@clientele/churn"
 * import * as Either from "effect/Either"
 *
 * const ages = Either.getOrThrow(Simulation.continuousAges(1_000_000, 27, 38.86, 2026))
 * ages.length // 1000000
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const continuousAges = (
  count: number,
  min: number,
  max: number,
  seed: number,
): Either.Either<Float64Array, Errors.ValidationError> => {
  if (!(Number.isSafeInteger(count) && count >= 0 && count <= 0x7fffffff))
    return Either.left(invalid(["count"], `a count is a whole number ≥ 0, got ${String(count)}`))
  if (!(Number.isFinite(min) && min >= 0))
    return Either.left(invalid(["min"], `an age is a finite time ≥ 0, got ${String(min)}`))
  if (!(Number.isFinite(max) && max >= min))
    return Either.left(
      invalid(["max"], `the largest age must be finite and ≥ ${min}, got ${String(max)}`),
    )
  const seedFailure = checkSeed(seed)
  if (seedFailure !== undefined) return Either.left(seedFailure)
  const random = new RandomStream(seed)
  const ages = new Float64Array(count)
  const width = max - min
  for (let i = 0; i < count; i++) ages[i] = min + width * random.uniform()
  return Either.right(ages)
}
