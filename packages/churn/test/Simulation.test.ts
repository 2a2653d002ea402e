import { Errors } from "@clientele/core"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import { describe, expect, it } from "vitest"
import type * as BgNbd from "../src/BgNbd.js"
import type * as GammaGamma from "../src/GammaGamma.js"
import type * as ParetoNbd from "../src/ParetoNbd.js"
import * as Simulation from "../src/Simulation.js"

const right = <A, E>(result: Either.Either<A, E>): A => {
  if (Either.isLeft(result)) throw new Error(`expected Right, got ${String(result.left)}`)
  return result.right
}

const left = <A, E>(result: Either.Either<A, E>): E => {
  if (Either.isRight(result)) throw new Error("expected Left")
  return result.left
}

// Published CDNOW estimates (weeks, dollars): BG/NBD by Fader, Hardie & Lee (2005),
// Pareto/NBD as BTYD and lifetimes report them, Gamma-Gamma by Fader & Hardie (note 025).
const bgCdnow: BgNbd.Parameters = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }
const paretoCdnow: ParetoNbd.Parameters = { r: 0.55, alpha: 10.58, s: 0.61, beta: 11.67 }
const spendCdnow: GammaGamma.Parameters = { p: 6.25, q: 3.74, gamma: 15.44 }

/** Gauss's hypergeometric ₂F₁(a, b; c; z) by its power series (|z| < 1). */
const hypergeometric2F1 = (a: number, b: number, c: number, z: number): number => {
  let term = 1
  let sum = 1
  for (let n = 0; n < 100_000; n++) {
    term *= (((a + n) * (b + n)) / ((c + n) * (n + 1))) * z
    sum += term
    if (Math.abs(term) < 1e-16 * Math.abs(sum)) break
  }
  return sum
}

/** BG/NBD: E[X(t)] = (a+b−1)/(a−1) · [1 − (α/(α+t))^r ₂F₁(r, b; a+b−1; t/(α+t))]. */
const bgExpectedPurchases = ({ r, alpha, a, b }: BgNbd.Parameters, t: number): number =>
  ((a + b - 1) / (a - 1)) *
  (1 - (alpha / (alpha + t)) ** r * hypergeometric2F1(r, b, a + b - 1, t / (alpha + t)))

/** MBG/NBD: E[X(t)] = b/(a−1) · [1 − (α/(α+t))^r ₂F₁(r, b+1; a+b; t/(α+t))]. */
const mbgExpectedPurchases = ({ r, alpha, a, b }: BgNbd.Parameters, t: number): number =>
  (b / (a - 1)) *
  (1 - (alpha / (alpha + t)) ** r * hypergeometric2F1(r, b + 1, a + b, t / (alpha + t)))

/** Pareto/NBD: E[X(t)] = rβ/(α(s−1)) · [1 − (β/(β+t))^(s−1)] (s ≠ 1). */
const paretoExpectedPurchases = ({ r, alpha, s, beta }: ParetoNbd.Parameters, t: number): number =>
  ((r * beta) / (alpha * (s - 1))) * (1 - (beta / (beta + t)) ** (s - 1))

const mean = (values: ArrayLike<number>): number => {
  let total = 0
  for (let i = 0; i < values.length; i++) total += values[i] as number
  return total / values.length
}

/** Four standard errors of the mean of `values`: the sampling error a correct simulation stays within. */
const samplingTolerance = (values: ArrayLike<number>): number => {
  const m = mean(values)
  let squares = 0
  for (let i = 0; i < values.length; i++) squares += ((values[i] as number) - m) ** 2
  return 4 * Math.sqrt(squares / (values.length - 1) / values.length)
}

const expectWithinSamplingError = (values: ArrayLike<number>, expected: number): void => {
  expect(Math.abs(mean(values) - expected)).toBeLessThanOrEqual(samplingTolerance(values))
}

const fixedAges = (count: number, age: number): Float64Array => new Float64Array(count).fill(age)

const COUNT = 200_000

describe("Simulation: the models' moments", () => {
  it("CHN-1 the test's BG/NBD E[X(t)] reproduces Hardie's published E[X(t)] on CDNOW", () => {
    // Hardie's spreadsheet uses the unrounded estimates (r 0.2426, α 4.4137, a 0.7929, b 2.4259).
    const estimates = { r: 0.2426, alpha: 4.4137, a: 0.7929, b: 2.4259 }
    expect(bgExpectedPurchases(estimates, 1)).toBeCloseTo(0.0532, 4)
    expect(bgExpectedPurchases(estimates, 32)).toBeCloseTo(1.0437, 3)
    expect(bgExpectedPurchases(estimates, 78)).toBeCloseTo(1.8576, 3)
  })

  it("CHN-1 BG/NBD: the mean repeat purchases at fixed T match E[X(T)]", () => {
    for (const [age, seed] of [
      [39, 11],
      [78, 12],
    ] as const) {
      const simulated = right(Simulation.bgNbd(bgCdnow, fixedAges(COUNT, age), seed))
      expectWithinSamplingError(simulated.frequency, bgExpectedPurchases(bgCdnow, age))
      expect(simulated.capped).toBe(0)
    }
  })

  it("CHN-1 BG/NBD: with continuous ages the mean matches the mean of E[X(T)] over the ages", () => {
    const ages = right(Simulation.continuousAges(COUNT, 27, 38.86, 13))
    const simulated = right(Simulation.bgNbd(bgCdnow, ages, 14))
    const expected = mean(
      Array.from({ length: 200 }, (_, k) =>
        bgExpectedPurchases(bgCdnow, 27 + (11.86 * (k + 0.5)) / 200),
      ),
    )
    expect(Math.abs(mean(simulated.frequency) - expected)).toBeLessThanOrEqual(
      samplingTolerance(simulated.frequency) + 1e-3,
    )
  })

  it("CHN-1 BG/NBD: a customer without a repeat purchase is alive, a dead one bought again", () => {
    const simulated = right(Simulation.bgNbd(bgCdnow, fixedAges(20_000, 39), 15))
    let dead = 0
    simulated.frequency.forEach((x, i) => {
      if (x === 0) expect(simulated.alive[i]).toBe(1)
      if (simulated.alive[i] === 0) dead++
    })
    expect(dead).toBeGreaterThan(0)
  })

  it("CHN-1 MBG/NBD: the mean repeat purchases match E[X(T)], and a share a/(a+b) drops out at time 0", () => {
    const simulated = right(Simulation.mbgNbd(bgCdnow, fixedAges(COUNT, 39), 21))
    expectWithinSamplingError(simulated.frequency, mbgExpectedPurchases(bgCdnow, 39))
    // Dead without a repeat purchase happens only at time 0, with probability E[p].
    const droppedAtStart = Float64Array.from(simulated.frequency, (x, i) =>
      x === 0 && simulated.alive[i] === 0 ? 1 : 0,
    )
    expectWithinSamplingError(droppedAtStart, bgCdnow.a / (bgCdnow.a + bgCdnow.b))
  })

  it("CHN-1 Pareto/NBD: the mean repeat purchases match E[X(T)], and P(τ > T) = (β/(β+T))^s", () => {
    for (const [age, seed] of [
      [39, 31],
      [78, 32],
    ] as const) {
      const simulated = right(Simulation.paretoNbd(paretoCdnow, fixedAges(COUNT, age), seed))
      expectWithinSamplingError(simulated.frequency, paretoExpectedPurchases(paretoCdnow, age))
      expectWithinSamplingError(
        simulated.alive,
        (paretoCdnow.beta / (paretoCdnow.beta + age)) ** paretoCdnow.s,
      )
    }
  })

  it("CHN-1 Pareto/NBD: the share without a repeat purchase matches P(X(T) = 0) at s > 1", () => {
    // P(X(T) = 0) has no elementary closed form: integrate it over the lifetime.
    const parameters = { r: 1.5, alpha: 8, s: 2, beta: 20 }
    const age = 26
    const simulated = right(Simulation.paretoNbd(parameters, fixedAges(COUNT, age), 33))
    const zero = Float64Array.from(simulated.frequency, (x) => (x === 0 ? 1 : 0))
    // P(X(T) = 0) = E over τ of (α/(α+min(τ,T)))^r, τ ~ Exponential(μ), μ ~ Gamma(s, β):
    // τ has the Lomax density s β^s / (β+τ)^(s+1).
    const { r, alpha, s, beta } = parameters
    const steps = 20_000
    let integral = 0
    for (let k = 0; k < steps; k++) {
      const tau = ((k + 0.5) * age) / steps
      integral +=
        (alpha / (alpha + tau)) ** r * ((s * beta ** s) / (beta + tau) ** (s + 1)) * (age / steps)
    }
    integral += (alpha / (alpha + age)) ** r * (beta / (beta + age)) ** s
    expectWithinSamplingError(zero, integral)
  })

  it("CHN-1 Gamma-Gamma: the mean spend matches E[m̄] = pγ/(q−1) whatever the frequency", () => {
    const expected = (spendCdnow.p * spendCdnow.gamma) / (spendCdnow.q - 1)
    for (const [x, seed] of [
      [1, 41],
      [5, 42],
    ] as const) {
      const spend = right(Simulation.gammaGamma(spendCdnow, fixedAges(COUNT, x), seed))
      expectWithinSamplingError(spend, expected)
    }
  })

  it("CHN-1 Gamma-Gamma: a customer without a repeat purchase has m̄ = 0, the others m̄ > 0", () => {
    const spend = right(Simulation.gammaGamma(spendCdnow, [0, 3, 0, 1], 43))
    expect([spend[0], spend[2]]).toEqual([0, 0])
    expect(spend[1]).toBeGreaterThan(0)
    expect(spend[3]).toBeGreaterThan(0)
  })

  it("CHN-1 continuous ages are uniform between min and max", () => {
    const ages = right(Simulation.continuousAges(COUNT, 27, 38.86, 51))
    expect(ages.length).toBe(COUNT)
    expect(ages.every((age) => age >= 27 && age <= 38.86)).toBe(true)
    expectWithinSamplingError(ages, (27 + 38.86) / 2)
    const belowMiddle = Float64Array.from(ages, (age) => (age < 32.93 ? 1 : 0))
    expectWithinSamplingError(belowMiddle, (32.93 - 27) / 11.86)
    expect(Array.from(right(Simulation.continuousAges(3, 5, 5, 52)))).toEqual([5, 5, 5])
    expect(right(Simulation.continuousAges(0, 1, 2, 53)).length).toBe(0)
  })
})

describe("Simulation: seeds and invariants", () => {
  const smallAges = right(Simulation.continuousAges(300, 0, 52, 60))
  const seedArb = FastCheck.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER })

  const generators = {
    bgNbd: (seed: number) => right(Simulation.bgNbd(bgCdnow, smallAges, seed)),
    mbgNbd: (seed: number) => right(Simulation.mbgNbd(bgCdnow, smallAges, seed)),
    paretoNbd: (seed: number) => right(Simulation.paretoNbd(paretoCdnow, smallAges, seed)),
  }

  it("CHN-1 the same seed gives the same customers", () => {
    FastCheck.assert(
      FastCheck.property(seedArb, (seed) => {
        for (const generate of Object.values(generators))
          expect(generate(seed)).toEqual(generate(seed))
        expect(right(Simulation.continuousAges(50, 1, 2, seed))).toEqual(
          right(Simulation.continuousAges(50, 1, 2, seed)),
        )
        const frequency = generators.bgNbd(seed).frequency
        expect(right(Simulation.gammaGamma(spendCdnow, frequency, seed))).toEqual(
          right(Simulation.gammaGamma(spendCdnow, frequency, seed)),
        )
      }),
      { numRuns: 50 },
    )
  })

  it("CHN-1 different seeds give different customers, the high bits of a seed included", () => {
    FastCheck.assert(
      FastCheck.property(seedArb, seedArb, (one, other) => {
        FastCheck.pre(one !== other)
        for (const generate of Object.values(generators))
          expect(generate(one).recency).not.toEqual(generate(other).recency)
        expect(right(Simulation.continuousAges(20, 1, 2, one))).not.toEqual(
          right(Simulation.continuousAges(20, 1, 2, other)),
        )
      }),
      { numRuns: 50 },
    )
    const high = 2 ** 40
    expect(generators.bgNbd(high).recency).not.toEqual(generators.bgNbd(high + 2 ** 32).recency)
    expect(generators.bgNbd(-1).recency).not.toEqual(generators.bgNbd(2 ** 32 - 1).recency)
  })

  it("CHN-1 0 ≤ t_x ≤ T, x is a whole number, x = 0 means t_x = 0, and the ages are kept", () => {
    FastCheck.assert(
      FastCheck.property(seedArb, (seed) => {
        for (const generate of Object.values(generators)) {
          const { frequency, recency, age, alive } = generate(seed)
          expect(age).toEqual(smallAges)
          expect(age).not.toBe(smallAges)
          frequency.forEach((x, i) => {
            const tx = recency[i] as number
            expect(Number.isInteger(x) && x >= 0).toBe(true)
            expect(tx >= 0 && tx <= (age[i] as number)).toBe(true)
            if (x === 0) expect(tx).toBe(0)
            expect(alive[i] === 0 || alive[i] === 1).toBe(true)
          })
        }
      }),
      { numRuns: 30 },
    )
  })

  it("CHN-1 a customer of age 0 has no repeat purchase", () => {
    const simulated = right(Simulation.bgNbd({ r: 50, alpha: 1, a: 1, b: 50 }, [0, 0, 0], 61))
    expect(Array.from(simulated.frequency)).toEqual([0, 0, 0])
  })

  it("CHN-1 purchases stop at the cap, and capped customers are counted", () => {
    const busy = { r: 200, alpha: 1, a: 0.01, b: 1_000 }
    const simulated = right(Simulation.bgNbd(busy, [10, 10], 62, { maxPurchases: 50 }))
    expect(Array.from(simulated.frequency)).toEqual([50, 50])
    expect(simulated.capped).toBe(2)
    expect(simulated.recency.every((tx) => tx > 0 && tx < 10)).toBe(true)
    const pareto = right(
      Simulation.paretoNbd({ r: 200, alpha: 1, s: 0.01, beta: 1_000 }, [10], 63, {
        maxPurchases: 7,
      }),
    )
    expect([pareto.frequency[0], pareto.capped]).toEqual([7, 1])
  })

  it("CHN-1 tiny Beta shapes do not underflow into NaN", () => {
    const simulated = right(
      Simulation.bgNbd({ r: 1, alpha: 1, a: 0.001, b: 0.001 }, fixedAges(2_000, 10), 64),
    )
    expect(simulated.frequency.every((x) => Number.isFinite(x))).toBe(true)
    expect(simulated.recency.every((tx) => Number.isFinite(tx))).toBe(true)
  })
})

describe("Simulation: invalid input is a typed error, never a throw", () => {
  const badValue = FastCheck.constantFrom(
    0,
    -1,
    -0.5,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
  )

  it("CHN-1 a parameter ≤ 0 or not finite is a ValidationError naming it", () => {
    FastCheck.assert(
      FastCheck.property(
        FastCheck.constantFrom("r", "alpha", "a", "b"),
        FastCheck.constantFrom("r", "alpha", "s", "beta"),
        FastCheck.constantFrom("p", "q", "gamma"),
        badValue,
        (bgName, paretoName, spendName, value) => {
          const bg = { ...bgCdnow, [bgName]: value }
          for (const simulate of [Simulation.bgNbd, Simulation.mbgNbd]) {
            const error = left(simulate(bg, [1], 1))
            expect(error).toBeInstanceOf(Errors.ValidationError)
            expect(error.issues[0]?.path).toEqual(["parameters", bgName])
          }
          const pareto = { ...paretoCdnow, [paretoName]: value }
          expect(left(Simulation.paretoNbd(pareto, [1], 1)).issues[0]?.path).toEqual([
            "parameters",
            paretoName,
          ])
          const spend = { ...spendCdnow, [spendName]: value }
          expect(left(Simulation.gammaGamma(spend, [1], 1)).issues[0]?.path).toEqual([
            "parameters",
            spendName,
          ])
        },
      ),
    )
  })

  it("CHN-1 a missing parameter is a ValidationError naming it", () => {
    const { b: _, ...withoutB } = bgCdnow
    const error = left(Simulation.bgNbd(withoutB as BgNbd.Parameters, [1], 1))
    expect(error.issues[0]?.path).toEqual(["parameters", "b"])
  })

  it("CHN-1 an age that is negative or not finite is a ValidationError naming its position", () => {
    for (const age of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(left(Simulation.bgNbd(bgCdnow, [1, 2, age], 1)).issues[0]?.path).toEqual(["ages", 2])
      expect(left(Simulation.paretoNbd(paretoCdnow, [age], 1)).issues[0]?.path).toEqual(["ages", 0])
    }
  })

  it("CHN-1 a seed that is not a safe integer is a ValidationError", () => {
    for (const seed of [1.5, Number.NaN, 2 ** 60]) {
      expect(left(Simulation.bgNbd(bgCdnow, [1], seed)).issues[0]?.path).toEqual(["seed"])
      expect(left(Simulation.gammaGamma(spendCdnow, [1], seed)).issues[0]?.path).toEqual(["seed"])
      expect(left(Simulation.continuousAges(1, 0, 1, seed)).issues[0]?.path).toEqual(["seed"])
    }
  })

  it("CHN-1 a frequency that is not a whole number ≥ 0 is a ValidationError naming its position", () => {
    for (const x of [-1, 1.5, Number.NaN]) {
      expect(left(Simulation.gammaGamma(spendCdnow, [2, x], 1)).issues[0]?.path).toEqual([
        "frequency",
        1,
      ])
    }
  })

  it("CHN-1 a bad purchase cap is a ValidationError", () => {
    for (const maxPurchases of [0, -3, 2.5, Number.NaN]) {
      expect(left(Simulation.bgNbd(bgCdnow, [1], 1, { maxPurchases })).issues[0]?.path).toEqual([
        "options",
        "maxPurchases",
      ])
    }
  })

  it("CHN-1 a bad count or age range of continuous ages is a ValidationError naming it", () => {
    expect(left(Simulation.continuousAges(-1, 0, 1, 1)).issues[0]?.path).toEqual(["count"])
    expect(left(Simulation.continuousAges(2.5, 0, 1, 1)).issues[0]?.path).toEqual(["count"])
    expect(left(Simulation.continuousAges(1, -1, 1, 1)).issues[0]?.path).toEqual(["min"])
    expect(left(Simulation.continuousAges(1, 2, 1, 1)).issues[0]?.path).toEqual(["max"])
    expect(
      left(Simulation.continuousAges(1, 0, Number.POSITIVE_INFINITY, 1)).issues[0]?.path,
    ).toEqual(["max"])
  })
})
