import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import { describe, expect, it } from "vitest"
import * as BgNbd from "../src/BgNbd.js"
import { ConvergenceError, InvalidObservationError, type Observations } from "../src/Fitting.js"
import { logBeta, logGamma } from "../src/internal/special.js"
import * as MbgNbd from "../src/MbgNbd.js"
import * as Simulation from "../src/Simulation.js"
import { cdnowSummary } from "./cdnow.js"

const right = <A, E>(result: Either.Either<A, E>): A => {
  if (Either.isLeft(result)) throw new Error(`expected Right, got ${String(result.left)}`)
  return result.right
}

const left = <A, E>(result: Either.Either<A, E>): E => {
  if (Either.isRight(result)) throw new Error("expected Left")
  return result.left
}

/** |actual − expected| within `relative` of the expected value's size (or of 1 near 0). */
const expectRelativelyClose = (actual: number, expected: number, relative: number): void => {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(
    relative * Math.max(1, Math.abs(expected)),
  )
}

/** |actual − expected| within `relative` of |expected|, however small it is. */
const expectRelative = (actual: number, expected: number, relative: number): void => {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relative * Math.abs(expected))
}

/** A log-uniform draw between `min` and `max`: model parameters span orders of magnitude. */
const logUniform = (min: number, max: number) =>
  FastCheck.double({ min: Math.log(min), max: Math.log(max), noNaN: true }).map(Math.exp)

/**
 * The relative accuracy the expectations are checked to. They achieve about 1e-12 on
 * the whole domain (measured against 100-digit references while they were written);
 * the reference below is good to about 1e-13.
 */
const EXPECTATION_ACCURACY = 1e-11

/** 20-point Gauss–Legendre on [−1, 1]: the roots of P₂₀ by Newton's method, and their weights. */
const gaussLegendre = (() => {
  const n = 20
  const nodes: Array<number> = []
  const weights: Array<number> = []
  for (let i = 1; i <= n; i++) {
    let x = Math.cos((Math.PI * (i - 0.25)) / (n + 0.5))
    let derivative = 1
    for (let iteration = 0; iteration < 100; iteration++) {
      let previous = 1
      let current = x
      for (let k = 2; k <= n; k++) {
        const next = ((2 * k - 1) * x * current - (k - 1) * previous) / k
        previous = current
        current = next
      }
      derivative = (n * (x * current - previous)) / (x * x - 1)
      const step = current / derivative
      x -= step
      if (Math.abs(step) < 1e-16) break
    }
    nodes.push(x)
    weights.push(2 / ((1 - x * x) * derivative * derivative))
  }
  return { nodes, weights }
})()

/** ∫ g over [from, to] by 20-point Gauss–Legendre on equal panels no wider than `step`. */
const integrate = (g: (x: number) => number, from: number, to: number, step: number): number => {
  const panels = Math.max(1, Math.ceil((to - from) / step))
  const width = (to - from) / panels
  let total = 0
  for (let i = 0; i < panels; i++) {
    const middle = from + (i + 0.5) * width
    for (let j = 0; j < gaussLegendre.nodes.length; j++)
      total +=
        (gaussLegendre.weights[j] as number) *
        g(middle + ((gaussLegendre.nodes[j] as number) * width) / 2)
  }
  return (total * width) / 2
}

/**
 * E[(1 − (1 + p t/α)^{−r}) / p] for p ~ Beta(a, b): the expected purchases in `t` of a
 * customer alive now, with λ ~ Gamma(r, α), who drops out after each purchase with
 * probability p. Under MBG/NBD, E[X(t)] is b/(a + b) times this at (r, α, a, b + 1)
 * (the customer first survives the drop-out chance at 0) and E[Y(t) | alive, x, T] is
 * this at (r + x, α + T, a, b + x + 1). A plain quadrature, independent of the
 * implementation: x = ln p on (0, ½] and y = −ln(1 − p) on [½, 1), each with its exact
 * exponential tail where the density is p^{a−1} (or (1 − p)^{b−1}) and the rest
 * constant to 1e-18, and B(a, b) from the log-gamma function. For a and b from about
 * 0.05 to a few hundred.
 */
const mixtureReference = (r: number, alpha: number, a: number, b: number, t: number): number => {
  const s = t / alpha
  const f = (p: number) => -Math.expm1(-r * Math.log1p(p * s)) / p
  const step = 0.5 / Math.sqrt(1 + a + b)
  const x0 = Math.log(1e-18 / (Math.abs(b - 1) + (r + 1) * s + 1))
  const left =
    (f(Math.exp(x0)) * Math.exp(a * x0)) / a +
    integrate(
      (x) => Math.exp(a * x + (b - 1) * Math.log1p(-Math.exp(x))) * f(Math.exp(x)),
      x0,
      -Math.LN2,
      step,
    )
  const y0 = Math.log((Math.abs(a - 1) + 3) * 1e18)
  const right =
    (f(1) * Math.exp(-b * y0)) / b +
    integrate(
      (y) => Math.exp((a - 1) * Math.log1p(-Math.exp(-y)) - b * y) * f(-Math.expm1(-y)),
      Math.LN2,
      y0,
      step,
    )
  return (left + right) * Math.exp(-logBeta(a, b))
}

/**
 * Σₙ P(X(t) = n) and Σₙ n P(X(t) = n), summed until the rest of the mean is below
 * 1e-14: past the mode the probabilities fall at least geometrically, by t/(α + t)
 * per count.
 */
const countDistribution = (theta: MbgNbd.Parameters, t: number) => {
  const ratio = t / (theta.alpha + t)
  const mode = (theta.r * t) / theta.alpha
  let total = 0
  let mean = 0
  for (let n = 0; n <= 5000; n++) {
    const probability = MbgNbd.purchaseProbability(theta, t, n)
    expect(probability).toBeGreaterThanOrEqual(0)
    total += probability
    mean += n * probability
    if (n > mode && (probability * (n + 1)) / (1 - ratio) ** 2 < 1e-14) break
  }
  return { total, mean }
}

const cdnow = cdnowSummary()
const cdnowWeeks: Observations = {
  timeUnit: "weeks",
  frequency: cdnow.x,
  recency: cdnow.tx,
  age: cdnow.T,
}
const cdnowFit = right(MbgNbd.fit(cdnowWeeks))

/**
 * The MBG/NBD log-likelihood of one customer as Batislam, Denizel & Filiztekin (2007)
 * print it — B(a, b+x+1)/B(a, b) · Γ(r+x)α^r/(Γ(r)(α+T)^(r+x)) + B(a+1, b+x)/B(a, b) ·
 * Γ(r+x)α^r/(Γ(r)(α+t_x)^(r+x)) — without the log-space rearrangement: an independent
 * reference for moderate inputs.
 */
const paperLogLikelihood = (
  { r, alpha, a, b }: MbgNbd.Parameters,
  x: number,
  recency: number,
  age: number,
): number => {
  const purchases = logGamma(r + x) - logGamma(r) + r * Math.log(alpha)
  const alive = Math.exp(
    logBeta(a, b + x + 1) - logBeta(a, b) + purchases - (r + x) * Math.log(alpha + age),
  )
  const dead = Math.exp(
    logBeta(a + 1, b + x) - logBeta(a, b) + purchases - (r + x) * Math.log(alpha + recency),
  )
  return Math.log(alive + dead)
}

/** Gauss's ₂F₁(a, b; c; z) by its plain power series (0 ≤ z < 1, c > 0, moderate parameters). */
const hypergeometricSeries = (a: number, b: number, c: number, z: number): number => {
  let term = 1
  let sum = 1
  for (let k = 0; k < 1_000_000; k++) {
    term *= (((a + k) * (b + k)) / ((c + k) * (k + 1))) * z
    sum += term
    if (Math.abs(term) < 1e-17 * Math.abs(sum)) break
  }
  return sum
}

describe("MBG/NBD on CDNOW", () => {
  it("CHN-1 MBG/NBD estimates on CDNOW are lifetimes' r 0.525, α 6.183, a 0.891, b 1.614 to 3 decimals", () => {
    expect(cdnowFit.model).toBe("MBG/NBD")
    expect(cdnowFit.customers).toBe(2357)
    expect(cdnowFit.parameters.r).toBeCloseTo(0.525, 3)
    expect(cdnowFit.parameters.alpha).toBeCloseTo(6.183, 3)
    expect(cdnowFit.parameters.a).toBeCloseTo(0.891, 3)
    expect(cdnowFit.parameters.b).toBeCloseTo(1.614, 3)
    expect(cdnowFit.diagnostics.gradientNorm).toBeLessThanOrEqual(1e-7)
  })

  it("CHN-1 MBG/NBD log-likelihood on CDNOW is −9582.13 in weeks", () => {
    expect(cdnowFit.timeUnit).toBe("weeks")
    expect(cdnowFit.logLikelihood).toBeCloseTo(-9582.13, 2)
    expect(right(MbgNbd.logLikelihood(cdnowFit.parameters, cdnowWeeks))).toBeCloseTo(
      cdnowFit.logLikelihood,
      8,
    )
    // The extra drop-out chance at time 0 buys a slightly better fit than BG/NBD's −9582.43.
    expect(cdnowFit.logLikelihood).toBeGreaterThan(right(BgNbd.fit(cdnowWeeks)).logLikelihood)
  })

  it("CHN-1 MBG/NBD standard errors on CDNOW exist and are positive", () => {
    const standardErrors = cdnowFit.standardErrors as MbgNbd.Parameters
    expect(standardErrors).toBeDefined()
    for (const name of ["r", "alpha", "a", "b"] as const) {
      expect(standardErrors[name]).toBeGreaterThan(0)
      // Delta method: the natural-scale error is the estimate times the log-scale one.
      const index = ["r", "alpha", "a", "b"].indexOf(name)
      const logVariance = cdnowFit.diagnostics.logParameterCovariance?.[index * 5] as number
      expectRelativelyClose(
        standardErrors[name],
        cdnowFit.parameters[name] * Math.sqrt(logVariance),
        1e-12,
      )
    }
  })

  it("CHN-1 MBG/NBD fit on the 2,357 rows gives the same estimates as on the distinct rows with weights", () => {
    const byKey = new Map<string, { x: number; tx: number; t: number; weight: number }>()
    for (let i = 0; i < cdnow.x.length; i++) {
      const key = `${cdnow.x[i]}|${cdnow.tx[i]}|${cdnow.T[i]}`
      const row = byKey.get(key)
      if (row === undefined)
        byKey.set(key, {
          x: cdnow.x[i] as number,
          tx: cdnow.tx[i] as number,
          t: cdnow.T[i] as number,
          weight: 1,
        })
      else row.weight++
    }
    const rows = [...byKey.values()]
    const weighted = right(
      MbgNbd.fit({
        timeUnit: "weeks",
        frequency: rows.map((row) => row.x),
        recency: rows.map((row) => row.tx),
        age: rows.map((row) => row.t),
        weight: rows.map((row) => row.weight),
      }),
    )
    for (const name of ["r", "alpha", "a", "b"] as const)
      expectRelativelyClose(weighted.parameters[name], cdnowFit.parameters[name], 1e-6)
    expectRelativelyClose(weighted.logLikelihood, cdnowFit.logLikelihood, 1e-9)
  })

  it("CHN-1 MBG/NBD fitted in days gives α ×7, the same r, a, b and a log-likelihood lower by Σx·ln 7", () => {
    const inDays = right(
      MbgNbd.fit({
        timeUnit: "days",
        frequency: cdnow.x,
        recency: cdnow.tx.map((t) => t * 7),
        age: cdnow.T.map((t) => t * 7),
      }),
    )
    expect(inDays.timeUnit).toBe("days")
    expectRelativelyClose(inDays.parameters.alpha, cdnowFit.parameters.alpha * 7, 1e-6)
    for (const name of ["r", "a", "b"] as const)
      expectRelativelyClose(inDays.parameters[name], cdnowFit.parameters[name], 1e-6)
    const repeatPurchases = cdnow.x.reduce((total, x) => total + x, 0)
    expect(inDays.logLikelihood - cdnowFit.logLikelihood).toBeCloseTo(
      -repeatPurchases * Math.log(7),
      6,
    )
  })

  it("CHN-1 MBG/NBD score columns equal P(alive) and the conditional expectation of every CDNOW customer", () => {
    const scores = MbgNbd.score(cdnowFit.parameters, cdnowWeeks, 39)
    expect(scores.timeUnit).toBe("weeks")
    expect(scores.horizon).toBe(39)
    expect(scores.expectedPurchases).toHaveLength(2357)
    for (let i = 0; i < 2357; i++) {
      const customer = {
        frequency: cdnow.x[i] as number,
        recency: cdnow.tx[i] as number,
        age: cdnow.T[i] as number,
      }
      expect(scores.probabilityAlive[i]).toBe(
        MbgNbd.probabilityAlive(cdnowFit.parameters, customer),
      )
      expectRelativelyClose(
        scores.expectedPurchases[i] as number,
        MbgNbd.conditionalExpectedPurchases(cdnowFit.parameters, 39, customer),
        1e-12,
      )
    }
  })

  it("CHN-1 MBG/NBD gives CDNOW's one-time buyers P(alive) below 1 where BG/NBD gives exactly 1", () => {
    const modified = MbgNbd.score(cdnowFit.parameters, cdnowWeeks, 39)
    const plain = BgNbd.score(right(BgNbd.fit(cdnowWeeks)).parameters, cdnowWeeks, 39)
    for (let i = 0; i < 2357; i++) {
      if (cdnow.x[i] !== 0) continue
      expect(plain.probabilityAlive[i]).toBe(1)
      expect(modified.probabilityAlive[i]).toBeLessThan(1)
      expect(modified.probabilityAlive[i]).toBeGreaterThan(0)
    }
  })

  it("CHN-1 MBG/NBD P(alive) of a one-time buyer falls the longer the customer has been silent", () => {
    let previous = 1
    for (const age of [0, 1, 5, 10, 20, 39, 78, 156]) {
      const probability = MbgNbd.probabilityAlive(cdnowFit.parameters, {
        frequency: 0,
        recency: 0,
        age,
      })
      expect(probability).toBeLessThanOrEqual(previous)
      previous = probability
    }
    // At T = 0 only the drop-out chance right after the first purchase has had a say: b/(a + b).
    const { a, b } = cdnowFit.parameters
    expectRelativelyClose(
      MbgNbd.probabilityAlive(cdnowFit.parameters, { frequency: 0, recency: 0, age: 0 }),
      b / (a + b),
      1e-12,
    )
    expect(previous).toBeLessThan(0.5)
  })
})

describe("MBG/NBD likelihood and predictions", () => {
  const parameters = FastCheck.record({
    r: logUniform(0.05, 20),
    alpha: logUniform(0.1, 100),
    a: logUniform(0.05, 20),
    b: logUniform(0.05, 20),
  })
  const customer = FastCheck.record({
    frequency: FastCheck.integer({ min: 0, max: 30 }),
    recencyShare: FastCheck.double({ min: 0, max: 1, noNaN: true }),
    age: FastCheck.double({ min: 0.1, max: 200, noNaN: true }),
  }).map(({ frequency, recencyShare, age }) => ({
    frequency,
    recency: frequency === 0 ? 0 : recencyShare * age,
    age,
  }))

  it("CHN-1 MBG/NBD log-likelihood equals Batislam, Denizel & Filiztekin's closed form for moderate inputs", () => {
    FastCheck.assert(
      FastCheck.property(
        parameters,
        FastCheck.array(customer, { minLength: 1, maxLength: 8 }),
        (theta, customers) => {
          const observations: Observations = {
            timeUnit: "weeks",
            frequency: customers.map((c) => c.frequency),
            recency: customers.map((c) => c.recency),
            age: customers.map((c) => c.age),
          }
          const expected = customers.reduce(
            (total, c) => total + paperLogLikelihood(theta, c.frequency, c.recency, c.age),
            0,
          )
          expectRelativelyClose(right(MbgNbd.logLikelihood(theta, observations)), expected, 1e-9)
        },
      ),
      { numRuns: 200 },
    )
  })

  it("CHN-1 MBG/NBD P(alive) equals 1 / (1 + a/(b + x) · ((α + T)/(α + t_x))^(r + x))", () => {
    FastCheck.assert(
      FastCheck.property(parameters, customer, (theta, history) => {
        const { r, alpha, a, b } = theta
        const { frequency: x, recency, age } = history
        const odds = (a / (b + x)) * ((alpha + age) / (alpha + recency)) ** (r + x)
        expectRelativelyClose(MbgNbd.probabilityAlive(theta, history), 1 / (1 + odds), 1e-10)
      }),
      { numRuns: 200 },
    )
  })

  it("CHN-1 MBG/NBD P(alive) is in [0, 1] for any valid parameters and history", () => {
    FastCheck.assert(
      FastCheck.property(
        FastCheck.record({
          r: logUniform(1e-6, 1e6),
          alpha: logUniform(1e-6, 1e6),
          a: logUniform(1e-6, 1e6),
          b: logUniform(1e-6, 1e6),
        }),
        FastCheck.integer({ min: 0, max: 100_000 }),
        FastCheck.double({ min: 0, max: 1, noNaN: true }),
        FastCheck.double({ min: 0, max: 1e7, noNaN: true }),
        (theta, frequency, recencyShare, age) => {
          const probability = MbgNbd.probabilityAlive(theta, {
            frequency,
            recency: frequency === 0 ? 0 : recencyShare * age,
            age,
          })
          expect(probability).toBeGreaterThanOrEqual(0)
          expect(probability).toBeLessThanOrEqual(1)
        },
      ),
      { numRuns: 500 },
    )
  })

  it("CHN-1 MBG/NBD P(alive) falls as the gap T − t_x since the last purchase grows (x and T fixed)", () => {
    FastCheck.assert(
      FastCheck.property(
        parameters,
        FastCheck.integer({ min: 1, max: 200 }),
        FastCheck.double({ min: 0.1, max: 200, noNaN: true }),
        FastCheck.double({ min: 0, max: 1, noNaN: true }),
        FastCheck.double({ min: 0, max: 1, noNaN: true }),
        (theta, frequency, age, first, second) => {
          expect(
            MbgNbd.probabilityAlive(theta, {
              frequency,
              recency: Math.min(first, second) * age,
              age,
            }),
          ).toBeLessThanOrEqual(
            MbgNbd.probabilityAlive(theta, {
              frequency,
              recency: Math.max(first, second) * age,
              age,
            }),
          )
        },
      ),
      { numRuns: 300 },
    )
  })

  it("CHN-1 MBG/NBD E[X(t)] is 0 at t = 0 and increases with t", () => {
    FastCheck.assert(
      FastCheck.property(
        parameters,
        FastCheck.double({ min: 0.01, max: 500, noNaN: true }),
        FastCheck.double({ min: 0.01, max: 500, noNaN: true }),
        (theta, first, second) => {
          expect(MbgNbd.expectedPurchases(theta, 0)).toBe(0)
          const early = MbgNbd.expectedPurchases(theta, Math.min(first, second))
          expect(early).toBeGreaterThan(0)
          // Two nearly equal horizons may be computed by different methods, each
          // accurate to about 1e-12: allow that much.
          expect(MbgNbd.expectedPurchases(theta, Math.max(first, second))).toBeGreaterThanOrEqual(
            early * (1 - EXPECTATION_ACCURACY),
          )
        },
      ),
      { numRuns: 300 },
    )
  })

  it("CHN-1 MBG/NBD conditional expectation increases with the horizon t", () => {
    FastCheck.assert(
      FastCheck.property(
        parameters,
        customer,
        FastCheck.double({ min: 0.01, max: 300, noNaN: true }),
        FastCheck.double({ min: 0.01, max: 300, noNaN: true }),
        (theta, history, first, second) => {
          const early = MbgNbd.conditionalExpectedPurchases(theta, Math.min(first, second), history)
          const late = MbgNbd.conditionalExpectedPurchases(theta, Math.max(first, second), history)
          expect(early).toBeGreaterThanOrEqual(0)
          expect(late).toBeGreaterThanOrEqual(early * (1 - EXPECTATION_ACCURACY))
        },
      ),
      { numRuns: 300 },
    )
  })

  it("CHN-1 MBG/NBD purchase-count distribution sums to 1 and its mean is E[X(t)] = b/(a − 1) · [1 − (α/(α+t))^r ₂F₁(r, b+1; a+b; t/(α+t))]", () => {
    FastCheck.assert(
      FastCheck.property(
        FastCheck.record({
          r: logUniform(0.1, 3),
          alpha: logUniform(2, 20),
          a: logUniform(0.3, 5),
          b: logUniform(0.5, 5),
        }),
        FastCheck.double({ min: 0.5, max: 39, noNaN: true }),
        (theta, t) => {
          const { r, alpha, a, b } = theta
          const { total, mean } = countDistribution(theta, t)
          expect(total).toBeCloseTo(1, 9)
          expectRelativelyClose(MbgNbd.expectedPurchases(theta, t), mean, 1e-9)
          // The mean of Σₙ (1 − p)ⁿ P(N(t) ≥ n) over λ and p (Batislam et al. 2007, eq. 8),
          // as printed: it loses about −log₁₀|a − 1| digits near a = 1.
          if (Math.abs(a - 1) > 1e-6) {
            const expected =
              (b / (a - 1)) *
              (1 -
                (alpha / (alpha + t)) ** r * hypergeometricSeries(r, b + 1, a + b, t / (alpha + t)))
            expectRelativelyClose(mean, expected, 1e-8)
          }
        },
      ),
      { numRuns: 25 },
    )
  })

  it("CHN-1 MBG/NBD P(X(t) = 0) counts both the customers who stayed without buying and those who left at once", () => {
    FastCheck.assert(
      FastCheck.property(
        parameters,
        FastCheck.double({ min: 0.01, max: 100, noNaN: true }),
        (theta, t) => {
          const { r, alpha, a, b } = theta
          const stayedSilent = (b / (a + b)) * (alpha / (alpha + t)) ** r
          expectRelativelyClose(
            MbgNbd.purchaseProbability(theta, t, 0),
            stayedSilent + a / (a + b),
            1e-12,
          )
        },
      ),
      { numRuns: 100 },
    )
  })
})

describe("MBG/NBD expectations on the whole parameter domain", () => {
  // E[X(t)] = b/(a + b) · M(r, α, a, b + 1, t) and
  // E[Y(t) | x, t_x, T] = P(alive) · M(r + x, α + T, a, b + x + 1, t), M as computed by
  // mixtureReference. The closed forms with ₂F₁ divide by a − 1 and need a series of
  // about 37·t/α terms; these check the domains they miss.
  const cdnowLike = { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 }
  const horizons = [1e-8, 1e-4, 0.01, 1, 39, 1e3, 1e5, 1e8]
  const histories: ReadonlyArray<MbgNbd.Customer> = [
    { frequency: 0, recency: 0, age: 38.86 },
    { frequency: 2, recency: 30.43, age: 38.86 },
    { frequency: 100, recency: 38, age: 38.86 },
  ]
  const checkAgainstReference = (theta: MbgNbd.Parameters, ratios: ReadonlyArray<number>) => {
    const { r, alpha, a, b } = theta
    for (const ratio of ratios) {
      const t = ratio * alpha
      const expected = MbgNbd.expectedPurchases(theta, t)
      expect(Number.isFinite(expected)).toBe(true)
      expectRelative(
        expected,
        (b / (a + b)) * mixtureReference(r, alpha, a, b + 1, t),
        EXPECTATION_ACCURACY,
      )
      for (const customer of histories) {
        const x = customer.frequency
        expectRelative(
          MbgNbd.conditionalExpectedPurchases(theta, t, customer),
          MbgNbd.probabilityAlive(theta, customer) *
            mixtureReference(r + x, alpha + customer.age, a, b + x + 1, t),
          EXPECTATION_ACCURACY,
        )
      }
    }
  }

  /**
   * M(x₀ ± δ) for δ = 1e-12, 1e-9, 1e-6 equals M(x₀) ± slope·δ + curvature·δ²/2 to
   * {@link EXPECTATION_ACCURACY}, the slope and curvature taken by central differences
   * at ±1e-4 (their own errors are far below that at these δ): continuous (and smooth)
   * through x₀. Returns the slope.
   */
  const expectSmoothThrough = (expectation: (x: number) => number, x0: number): number => {
    const center = expectation(x0)
    const above = expectation(x0 + 1e-4)
    const below = expectation(x0 - 1e-4)
    const slope = (above - below) / 2e-4
    const curvature = (above - 2 * center + below) / 1e-8
    for (const delta of [1e-12, 1e-9, 1e-6]) {
      const change = (curvature * delta * delta) / 2
      expectRelative(expectation(x0 + delta), center + slope * delta + change, EXPECTATION_ACCURACY)
      expectRelative(expectation(x0 - delta), center - slope * delta + change, EXPECTATION_ACCURACY)
    }
    return slope
  }

  it("CHN-1 MBG/NBD E[X(t)] and the conditional expectations (x = 0, 2, 100) agree with a quadrature over p at a = 1 exactly, where the closed form is 0/0, and E[X(t)] is the mean of the purchase-count distribution", () => {
    const theta = { ...cdnowLike, a: 1 }
    checkAgainstReference(theta, horizons)
    for (const t of [1, 10, 39]) {
      const { total, mean } = countDistribution(theta, t)
      expect(total).toBeCloseTo(1, 9)
      expectRelative(MbgNbd.expectedPurchases(theta, t), mean, 1e-9)
    }
  })

  it("CHN-1 MBG/NBD E[X(t)] and the conditional expectations agree with a quadrature over p at a = 1 ± 1e-9, where the closed form loses 9 digits", () => {
    checkAgainstReference({ ...cdnowLike, a: 1 + 1e-9 }, horizons)
    checkAgainstReference({ ...cdnowLike, a: 1 - 1e-9 }, horizons)
  })

  it("CHN-1 MBG/NBD E[X(t)] and the conditional expectations agree with a quadrature over p when a + b ≤ 1 (a = 0.3, b = 0.2; a + b = 1 exactly), t/α from 1e-8 to 1e8", () => {
    checkAgainstReference({ ...cdnowLike, a: 0.3, b: 0.2 }, horizons)
    checkAgainstReference({ ...cdnowLike, a: 0.25, b: 0.75 }, horizons)
  })

  it("CHN-1 MBG/NBD E[X(t)] and the conditional expectations agree with a quadrature over p for t/α up to 1e8, where the ₂F₁ series does not converge", () => {
    for (const [a, b] of [
      [0.891, 1.614],
      [2.5, 4],
      [0.5, 10],
      [30, 3],
    ] as const)
      checkAgainstReference({ ...cdnowLike, a, b }, [1e3, 1e5, 1e8])
  })

  it("CHN-1 MBG/NBD E[X(t)] and the conditional expectations are continuous through a = 1: at 1 ± 1e-12, 1e-9, 1e-6 they are M(1) ± slope · δ (+ curvature · δ²/2) to 1e-11", () => {
    for (const ratio of [1e-4, 1, 39, 1e5]) {
      const t = ratio * cdnowLike.alpha
      const expectations = [
        (a: number) => MbgNbd.expectedPurchases({ ...cdnowLike, a }, t),
        (a: number) =>
          MbgNbd.conditionalExpectedPurchases(
            { ...cdnowLike, a },
            t,
            histories[1] as MbgNbd.Customer,
          ),
      ]
      // A larger a drops customers out sooner: E[X(t)] falls with a.
      expect(expectSmoothThrough(expectations[0] as (a: number) => number, 1)).toBeLessThan(0)
      expectSmoothThrough(expectations[1] as (a: number) => number, 1)
    }
  })

  it("CHN-1 MBG/NBD E[X(t)] and a one-time buyer's conditional expectation are continuous through a + b = 1: at b = 1 − a ± 1e-12, 1e-9, 1e-6 they are M ± slope · δ (+ curvature · δ²/2) to 1e-11", () => {
    const a = 0.25
    for (const ratio of [1e-4, 1, 39, 1e5]) {
      const t = ratio * cdnowLike.alpha
      // A larger b keeps customers longer: E[X(t)] rises with b.
      expect(
        expectSmoothThrough((b) => MbgNbd.expectedPurchases({ ...cdnowLike, a, b }, t), 1 - a),
      ).toBeGreaterThan(0)
      expectSmoothThrough(
        (b) =>
          MbgNbd.conditionalExpectedPurchases(
            { ...cdnowLike, a, b },
            t,
            histories[0] as MbgNbd.Customer,
          ),
        1 - a,
      )
    }
  })

  it("CHN-1 MBG/NBD E[X(t)] and the conditional expectation are finite, non-negative, at most b/(a + b)·r·t/α (resp. (r + x)·t/(α + T)) and increasing in t, for parameters from 1e-4 to 1e4, t/α from 1e-8 to 1e8 and x up to 10,000", () => {
    FastCheck.assert(
      FastCheck.property(
        FastCheck.record({
          r: logUniform(1e-4, 1e4),
          alpha: logUniform(1e-4, 1e4),
          a: logUniform(1e-4, 1e4),
          b: logUniform(1e-4, 1e4),
        }),
        logUniform(1e-8, 1e8),
        logUniform(1e-8, 1e8),
        FastCheck.record({
          frequency: FastCheck.integer({ min: 0, max: 10_000 }),
          recencyShare: FastCheck.double({ min: 0, max: 1, noNaN: true }),
          age: logUniform(1e-2, 1e4),
        }),
        (theta, first, second, { frequency, recencyShare, age }) => {
          const { r, alpha, a, b } = theta
          const shorter = Math.min(first, second) * alpha
          const longer = Math.max(first, second) * alpha
          const early = MbgNbd.expectedPurchases(theta, shorter)
          const late = MbgNbd.expectedPurchases(theta, longer)
          expect(Number.isFinite(late)).toBe(true)
          expect(early).toBeGreaterThanOrEqual(0)
          expect(late).toBeGreaterThanOrEqual(early * (1 - EXPECTATION_ACCURACY))
          // Never more than the purchases of a customer who survives time 0 and never drops out.
          expect(late).toBeLessThanOrEqual(
            (((b / (a + b)) * r * longer) / alpha) * (1 + EXPECTATION_ACCURACY),
          )
          const customer = { frequency, recency: frequency === 0 ? 0 : recencyShare * age, age }
          const soon = MbgNbd.conditionalExpectedPurchases(theta, shorter, customer)
          const later = MbgNbd.conditionalExpectedPurchases(theta, longer, customer)
          expect(Number.isFinite(later)).toBe(true)
          expect(soon).toBeGreaterThanOrEqual(0)
          expect(later).toBeGreaterThanOrEqual(soon * (1 - EXPECTATION_ACCURACY))
          expect(later).toBeLessThanOrEqual(
            (((r + frequency) * longer) / (alpha + age)) * (1 + EXPECTATION_ACCURACY),
          )
        },
      ),
      { numRuns: 300 },
    )
  })
})

describe("MBG/NBD parameter recovery from simulated customers", () => {
  it("CHN-1 MBG/NBD recovers simulated parameters: each true value lies within 4 standard errors of its estimate (10,000 customers)", () => {
    const ages = right(Simulation.continuousAges(10_000, 26, 78, 12))
    FastCheck.assert(
      FastCheck.property(
        FastCheck.record({
          r: logUniform(0.3, 3),
          alpha: logUniform(1, 10),
          a: logUniform(0.5, 3),
          b: logUniform(1, 10),
        }),
        FastCheck.integer({ min: 1, max: 1_000_000 }),
        (truth, seed) => {
          const simulated = right(Simulation.mbgNbd(truth, ages, seed))
          const fit = right(
            MbgNbd.fit({
              timeUnit: "weeks",
              frequency: simulated.frequency,
              recency: simulated.recency,
              age: simulated.age,
            }),
          )
          const standardErrors = fit.standardErrors as MbgNbd.Parameters
          expect(standardErrors).toBeDefined()
          for (const name of ["r", "alpha", "a", "b"] as const)
            expect(Math.abs(fit.parameters[name] - truth[name])).toBeLessThanOrEqual(
              4 * standardErrors[name],
            )
        },
      ),
      // A fixed seed: the check is statistical, and a red run must be reproducible.
      { numRuns: 5, seed: 20250102 },
    )
  })
})

describe("MBG/NBD at extreme inputs", () => {
  const extremes = [1e-4, 1e-2, 1, 1e2, 1e4]
  const histories: ReadonlyArray<readonly [number, number, number]> = [
    [0, 0, 1e-6],
    [0, 0, 1e6],
    [1000, 1e-6, 1],
    [1000, 5, 5],
    [1000, 1, 1e6],
    [10_000, 1e5, 1e6],
    [10_000, 38.86, 38.86],
    [1, 1e-8, 1e6],
  ]

  it("CHN-1 MBG/NBD log-likelihood is finite and P(alive) a probability for x up to 10,000, t_x tiny or equal to T, T up to 1e6 and parameters from 1e-4 to 1e4", () => {
    for (const r of extremes)
      for (const alpha of extremes)
        for (const a of extremes)
          for (const b of extremes) {
            const theta = { r, alpha, a, b }
            for (const [frequency, recency, age] of histories) {
              const ll = right(
                MbgNbd.logLikelihood(theta, {
                  timeUnit: "weeks",
                  frequency: [frequency],
                  recency: [recency],
                  age: [age],
                }),
              )
              expect(Number.isFinite(ll)).toBe(true)
              const probability = MbgNbd.probabilityAlive(theta, { frequency, recency, age })
              expect(probability).toBeGreaterThanOrEqual(0)
              expect(probability).toBeLessThanOrEqual(1)
            }
          }
  })

  it("CHN-1 MBG/NBD conditional expectation is finite for x = 1000 and 10,000", () => {
    for (const frequency of [1000, 10_000]) {
      const expected = MbgNbd.conditionalExpectedPurchases(cdnowFit.parameters, 10, {
        frequency,
        recency: 38.86,
        age: 38.86,
      })
      expect(expected).toBeGreaterThan(0)
      expect(expected).toBeLessThanOrEqual(
        (10 * (cdnowFit.parameters.r + frequency)) / (cdnowFit.parameters.alpha + 38.86),
      )
    }
  })

  it("CHN-1 MBG/NBD fit converges on CDNOW plus customers with x = 1000 and 10,000", () => {
    const observations: Observations = {
      timeUnit: "weeks",
      frequency: [...cdnow.x, 1000, 1000, 10_000],
      recency: [...cdnow.tx, 38, 12.5, 38.86],
      age: [...cdnow.T, 38.86, 38.86, 38.86],
    }
    const fit = right(MbgNbd.fit(observations))
    expect(fit.customers).toBe(2360)
    expect(Number.isFinite(fit.logLikelihood)).toBe(true)
    expect(right(MbgNbd.logLikelihood(fit.parameters, observations))).toBeCloseTo(
      fit.logLikelihood,
      6,
    )
  })
})

describe("MBG/NBD bad input", () => {
  const valid = {
    timeUnit: "weeks" as const,
    frequency: [2, 0, 1],
    recency: [5, 0, 3],
    age: [10, 10, 10],
  }
  const cases: ReadonlyArray<readonly [string, Observations, string, number]> = [
    ["a negative observation time", { ...valid, age: [10, -1, 10] }, "age", 1],
    ["a negative recency", { ...valid, recency: [5, 0, -3] }, "recency", 2],
    ["a recency after T", { ...valid, recency: [10.5, 0, 3] }, "recency", 0],
    ["a negative purchase count", { ...valid, frequency: [2, -1, 1] }, "frequency", 1],
    ["a fractional purchase count", { ...valid, frequency: [2, 0, 1.5] }, "frequency", 2],
    ["x = 0 with t_x > 0", { ...valid, recency: [5, 1, 3] }, "recency", 1],
    ["a short recency column", { ...valid, recency: [5, 0] }, "recency", 2],
    ["NaN", { ...valid, age: [10, Number.NaN, 10] }, "age", 1],
    ["a zero weight", { ...valid, weight: [1, 0, 1] }, "weight", 1],
    ["a negative weight", { ...valid, weight: [1, 1, -1] }, "weight", 2],
    ["empty data", { timeUnit: "weeks", frequency: [], recency: [], age: [] }, "frequency", 0],
  ]
  for (const [what, observations, field, row] of cases) {
    it(`CHN-1 MBG/NBD rejects ${what} with an InvalidObservationError naming ${field}[${row}]`, () => {
      const error = left(MbgNbd.fit(observations))
      expect(error).toBeInstanceOf(InvalidObservationError)
      expect((error as InvalidObservationError).field).toBe(field)
      expect((error as InvalidObservationError).row).toBe(row)
      expect(left(MbgNbd.logLikelihood(cdnowFit.parameters, observations)).field).toBe(field)
    })
  }

  it("CHN-1 MBG/NBD that does not converge (maxIterations 1) is a ConvergenceError carrying its last parameters, log-likelihood and gradient", () => {
    const error = left(MbgNbd.fit(cdnowWeeks, { maxIterations: 1 }))
    expect(error).toBeInstanceOf(ConvergenceError)
    const failure = error as ConvergenceError
    expect(failure.model).toBe("MBG/NBD")
    expect(failure.reason).toBe("maxIterations")
    const last = failure.state.parameters as unknown as MbgNbd.Parameters
    expect(Object.keys(last).sort()).toEqual(["a", "alpha", "b", "r"])
    expect(failure.state.logLikelihood).toBeCloseTo(
      right(MbgNbd.logLikelihood(last, cdnowWeeks)),
      6,
    )
    expect(failure.state.gradientNorm).toBeGreaterThan(1e-7)
    expect(failure.state.startsTried).toBe(3)
  })
})
