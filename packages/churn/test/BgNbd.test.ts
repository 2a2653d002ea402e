import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import { describe, expect, it } from "vitest"
import * as BgNbd from "../src/BgNbd.js"
import { ConvergenceError, InvalidObservationError, type Observations } from "../src/Fitting.js"
import { logBeta, logGamma } from "../src/internal/special.js"
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
 * probability p (E[X(t)] is this at (r, α, a, b); E[Y(t) | alive, x, T] at
 * (r + x, α + T, a, b + x)). A plain quadrature, independent of the implementation:
 * x = ln p on (0, ½] and y = −ln(1 − p) on [½, 1), each with its exact exponential tail
 * where the density is p^{a−1} (or (1 − p)^{b−1}) and the rest constant to 1e-18, and
 * B(a, b) from the log-gamma function. For a and b from about 0.05 to a few hundred.
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
const countDistribution = (theta: BgNbd.Parameters, t: number) => {
  const ratio = t / (theta.alpha + t)
  const mode = (theta.r * t) / theta.alpha
  let total = 0
  let mean = 0
  for (let n = 0; n <= 5000; n++) {
    const probability = BgNbd.purchaseProbability(theta, t, n)
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
const cdnowFit = right(BgNbd.fit(cdnowWeeks))
const customer0001: BgNbd.Customer = { frequency: 2, recency: 30.43, age: 38.86 }

/**
 * The BG/NBD log-likelihood of one customer written as Fader, Hardie & Lee (2005,
 * eq. 6) print it, without the log-space rearrangement of the implementation: an
 * independent reference for moderate inputs.
 */
const paperLogLikelihood = (
  { r, alpha, a, b }: BgNbd.Parameters,
  x: number,
  recency: number,
  age: number,
): number => {
  const purchases = logGamma(r + x) - logGamma(r) + r * Math.log(alpha)
  const alive = Math.exp(
    logBeta(a, b + x) - logBeta(a, b) + purchases - (r + x) * Math.log(alpha + age),
  )
  const dead =
    x > 0
      ? Math.exp(
          logBeta(a + 1, b + x - 1) -
            logBeta(a, b) +
            purchases -
            (r + x) * Math.log(alpha + recency),
        )
      : 0
  return Math.log(alive + dead)
}

/** Rows of distinct (x, t_x, T) with how many customers share each, in first-seen order. */
const distinctRowsOf = (observations: Observations) => {
  const byKey = new Map<string, { x: number; tx: number; t: number; weight: number }>()
  for (let i = 0; i < observations.frequency.length; i++) {
    const x = observations.frequency[i] as number
    const tx = observations.recency[i] as number
    const t = observations.age[i] as number
    const key = `${x}|${tx}|${t}`
    const row = byKey.get(key)
    if (row === undefined) byKey.set(key, { x, tx, t, weight: 1 })
    else row.weight++
  }
  const rows = [...byKey.values()]
  return {
    timeUnit: observations.timeUnit,
    frequency: rows.map((row) => row.x),
    recency: rows.map((row) => row.tx),
    age: rows.map((row) => row.t),
    weight: rows.map((row) => row.weight),
  }
}

describe("BG/NBD on CDNOW (Fader, Hardie & Lee 2005)", () => {
  it("CHN-1 BG/NBD estimates on CDNOW are the published r 0.243, α 4.414, a 0.793, b 2.426 to 3 decimals", () => {
    expect(cdnowFit.model).toBe("BG/NBD")
    expect(cdnowFit.customers).toBe(2357)
    expect(cdnowFit.parameters.r).toBeCloseTo(0.243, 3)
    expect(cdnowFit.parameters.alpha).toBeCloseTo(4.414, 3)
    expect(cdnowFit.parameters.a).toBeCloseTo(0.793, 3)
    expect(cdnowFit.parameters.b).toBeCloseTo(2.426, 3)
  })

  it("CHN-1 BG/NBD log-likelihood on CDNOW is the published −9582.4, in weeks, and the fit says weeks", () => {
    expect(cdnowFit.timeUnit).toBe("weeks")
    expect(cdnowFit.logLikelihood).toBeCloseTo(-9582.4, 1)
    // The reported value is the likelihood at the reported estimate, summed over customers.
    expect(right(BgNbd.logLikelihood(cdnowFit.parameters, cdnowWeeks))).toBeCloseTo(
      cdnowFit.logLikelihood,
      8,
    )
  })

  it("CHN-1 BG/NBD standard errors on CDNOW agree with lifetimes' (r 0.0126, α 0.378, a 0.186, b 0.705) to 2 significant digits", () => {
    const standardErrors = cdnowFit.standardErrors
    expect(standardErrors).toBeDefined()
    const published = { r: 0.0126, alpha: 0.378, a: 0.186, b: 0.705 }
    for (const name of ["r", "alpha", "a", "b"] as const) {
      expect(Math.abs((standardErrors?.[name] as number) / published[name] - 1)).toBeLessThan(0.01)
    }
  })

  it("CHN-1 BG/NBD converges on CDNOW with a gradient below the tolerance, on 1,016 distinct rows", () => {
    expect(cdnowFit.diagnostics.gradientNorm).toBeLessThanOrEqual(1e-7)
    expect(cdnowFit.diagnostics.distinctRows).toBe(1016)
    expect(cdnowFit.diagnostics.logParameterCovariance).toHaveLength(16)
  })

  it("CHN-1 BG/NBD E[X(t)] at the fitted parameters reproduces Hardie's spreadsheet for t = 0.1429, 1, 3, 31.8571, 32 weeks to 4 decimals", () => {
    const published: ReadonlyArray<readonly [number, number]> = [
      [0.1429, 0.0078],
      [1, 0.0532],
      [3, 0.1506],
      [31.8571, 1.0405],
      [32, 1.0437],
    ]
    for (const [t, expected] of published)
      expect(BgNbd.expectedPurchases(cdnowFit.parameters, t)).toBeCloseTo(expected, 4)
  })

  it("CHN-1 BG/NBD E[X(78)] is 1.8580 at the MLE, not the spreadsheet's 1.8576 (which truncates its ₂F₁ series at z = 0.9465; an arbitrary-precision ₂F₁ gives 1.85797)", () => {
    expect(BgNbd.expectedPurchases(cdnowFit.parameters, 78)).toBeCloseTo(1.858, 4)
  })

  it("CHN-1 BG/NBD conditional expectation of customer 0001 (x = 2, t_x = 30.43, T = 38.86) over the next 39 weeks is 1.226", () => {
    expect(BgNbd.conditionalExpectedPurchases(cdnowFit.parameters, 39, customer0001)).toBeCloseTo(
      1.226,
      3,
    )
  })

  it("CHN-1 BG/NBD fit on the 2,357 rows gives the same estimates as on the 1,016 distinct rows with weights", () => {
    const distinct = distinctRowsOf(cdnowWeeks)
    expect(distinct.weight).toHaveLength(1016)
    const weighted = right(BgNbd.fit(distinct))
    expect(weighted.customers).toBe(2357)
    for (const name of ["r", "alpha", "a", "b"] as const)
      expectRelativelyClose(weighted.parameters[name], cdnowFit.parameters[name], 1e-6)
    expectRelativelyClose(weighted.logLikelihood, cdnowFit.logLikelihood, 1e-9)
  })

  it("CHN-1 BG/NBD fitted in days gives α ×7, the same r, a, b and a log-likelihood lower by Σx·ln 7", () => {
    const days: Observations = {
      timeUnit: "days",
      frequency: cdnow.x,
      recency: cdnow.tx.map((t) => t * 7),
      age: cdnow.T.map((t) => t * 7),
    }
    const inDays = right(BgNbd.fit(days))
    expect(inDays.timeUnit).toBe("days")
    expectRelativelyClose(inDays.parameters.alpha, cdnowFit.parameters.alpha * 7, 1e-6)
    for (const name of ["r", "a", "b"] as const)
      expectRelativelyClose(inDays.parameters[name], cdnowFit.parameters[name], 1e-6)
    // Each repeat purchase contributes a density in time: measured in days it is 7 times thinner.
    const repeatPurchases = cdnow.x.reduce((total, x) => total + x, 0)
    expect(repeatPurchases).toBe(2457)
    expect(inDays.logLikelihood - cdnowFit.logLikelihood).toBeCloseTo(
      -repeatPurchases * Math.log(7),
      6,
    )
  })

  it("CHN-1 BG/NBD score columns equal P(alive) and the conditional expectation of every CDNOW customer", () => {
    const scores = BgNbd.score(cdnowFit.parameters, cdnowWeeks, 39)
    expect(scores.timeUnit).toBe("weeks")
    expect(scores.horizon).toBe(39)
    expect(scores.probabilityAlive).toHaveLength(2357)
    for (let i = 0; i < 2357; i++) {
      const customer = {
        frequency: cdnow.x[i] as number,
        recency: cdnow.tx[i] as number,
        age: cdnow.T[i] as number,
      }
      expect(scores.probabilityAlive[i]).toBe(BgNbd.probabilityAlive(cdnowFit.parameters, customer))
      expectRelativelyClose(
        scores.expectedPurchases[i] as number,
        BgNbd.conditionalExpectedPurchases(cdnowFit.parameters, 39, customer),
        1e-12,
      )
    }
  })

  it("CHN-1 BG/NBD gives every CDNOW one-time buyer P(alive) = 1 (drop-out happens only after a repeat purchase)", () => {
    const scores = BgNbd.score(cdnowFit.parameters, cdnowWeeks, 39)
    let oneTimeBuyers = 0
    for (let i = 0; i < 2357; i++) {
      if (cdnow.x[i] !== 0) continue
      oneTimeBuyers++
      expect(scores.probabilityAlive[i]).toBe(1)
    }
    expect(oneTimeBuyers).toBe(1411)
  })
})

describe("BG/NBD likelihood and predictions", () => {
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

  it("CHN-1 BG/NBD log-likelihood equals the paper's closed form for moderate inputs", () => {
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
          expectRelativelyClose(right(BgNbd.logLikelihood(theta, observations)), expected, 1e-9)
        },
      ),
      { numRuns: 200 },
    )
  })

  it("CHN-1 BG/NBD P(alive) is in [0, 1] for any valid parameters and history", () => {
    const anyCustomer = FastCheck.record({
      frequency: FastCheck.integer({ min: 0, max: 100_000 }),
      recencyShare: FastCheck.double({ min: 0, max: 1, noNaN: true }),
      age: FastCheck.double({ min: 0, max: 1e7, noNaN: true }),
    })
    FastCheck.assert(
      FastCheck.property(
        FastCheck.record({
          r: logUniform(1e-6, 1e6),
          alpha: logUniform(1e-6, 1e6),
          a: logUniform(1e-6, 1e6),
          b: logUniform(1e-6, 1e6),
        }),
        anyCustomer,
        (theta, { frequency, recencyShare, age }) => {
          const probability = BgNbd.probabilityAlive(theta, {
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

  it("CHN-1 BG/NBD P(alive) falls as the gap T − t_x since the last purchase grows (x and T fixed)", () => {
    FastCheck.assert(
      FastCheck.property(
        parameters,
        FastCheck.integer({ min: 1, max: 200 }),
        FastCheck.double({ min: 0.1, max: 200, noNaN: true }),
        FastCheck.double({ min: 0, max: 1, noNaN: true }),
        FastCheck.double({ min: 0, max: 1, noNaN: true }),
        (theta, frequency, age, first, second) => {
          const recent = Math.max(first, second) * age
          const earlier = Math.min(first, second) * age
          expect(
            BgNbd.probabilityAlive(theta, { frequency, recency: earlier, age }),
          ).toBeLessThanOrEqual(BgNbd.probabilityAlive(theta, { frequency, recency: recent, age }))
        },
      ),
      { numRuns: 300 },
    )
  })

  it("CHN-1 BG/NBD E[X(t)] is 0 at t = 0 and increases with t", () => {
    FastCheck.assert(
      FastCheck.property(
        parameters,
        FastCheck.double({ min: 0.01, max: 500, noNaN: true }),
        FastCheck.double({ min: 0.01, max: 500, noNaN: true }),
        (theta, first, second) => {
          const shorter = Math.min(first, second)
          const longer = Math.max(first, second)
          expect(BgNbd.expectedPurchases(theta, 0)).toBe(0)
          const early = BgNbd.expectedPurchases(theta, shorter)
          expect(early).toBeGreaterThan(0)
          // Two nearly equal horizons may be computed by different methods, each
          // accurate to about 1e-12: allow that much.
          expect(BgNbd.expectedPurchases(theta, longer)).toBeGreaterThanOrEqual(
            early * (1 - EXPECTATION_ACCURACY),
          )
        },
      ),
      { numRuns: 300 },
    )
  })

  it("CHN-1 BG/NBD conditional expectation increases with the horizon t", () => {
    FastCheck.assert(
      FastCheck.property(
        parameters,
        customer,
        FastCheck.double({ min: 0.01, max: 300, noNaN: true }),
        FastCheck.double({ min: 0.01, max: 300, noNaN: true }),
        (theta, history, first, second) => {
          const early = BgNbd.conditionalExpectedPurchases(theta, Math.min(first, second), history)
          const late = BgNbd.conditionalExpectedPurchases(theta, Math.max(first, second), history)
          expect(early).toBeGreaterThanOrEqual(0)
          expect(late).toBeGreaterThanOrEqual(early * (1 - EXPECTATION_ACCURACY))
        },
      ),
      { numRuns: 300 },
    )
  })

  it("CHN-1 BG/NBD purchase-count distribution sums to 1 and its mean equals E[X(t)]", () => {
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
          const { total, mean } = countDistribution(theta, t)
          expect(total).toBeCloseTo(1, 9)
          expectRelativelyClose(mean, BgNbd.expectedPurchases(theta, t), 1e-8)
        },
      ),
      { numRuns: 25 },
    )
  })

  it("CHN-1 BG/NBD P(X(t) = 0) equals the closed form B(a, b)/B(a, b) · (α/(α+t))^r", () => {
    FastCheck.assert(
      FastCheck.property(
        parameters,
        FastCheck.double({ min: 0.01, max: 100, noNaN: true }),
        (theta, t) => {
          expectRelativelyClose(
            BgNbd.purchaseProbability(theta, t, 0),
            (theta.alpha / (theta.alpha + t)) ** theta.r,
            1e-12,
          )
        },
      ),
      { numRuns: 100 },
    )
  })
})

describe("BG/NBD expectations on the whole parameter domain", () => {
  // E[X(t)] = M(r, α, a, b, t) and E[Y(t) | x, t_x, T] = P(alive) · M(r + x, α + T, a, b + x, t),
  // M as computed by mixtureReference. The closed form with ₂F₁ is 0/0 at a = 1, needs
  // a + b > 1 and a series of about 37·t/α terms; these check the domains it misses.
  const cdnowLike = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }
  const horizons = [1e-8, 1e-4, 0.01, 1, 39, 1e3, 1e5, 1e8]
  const histories: ReadonlyArray<BgNbd.Customer> = [
    { frequency: 0, recency: 0, age: 38.86 },
    { frequency: 2, recency: 30.43, age: 38.86 },
    { frequency: 100, recency: 38, age: 38.86 },
  ]
  const conditionalReference = (theta: BgNbd.Parameters, t: number, customer: BgNbd.Customer) =>
    BgNbd.probabilityAlive(theta, customer) *
    mixtureReference(
      theta.r + customer.frequency,
      theta.alpha + customer.age,
      theta.a,
      theta.b + customer.frequency,
      t,
    )
  const checkAgainstReference = (theta: BgNbd.Parameters, ratios: ReadonlyArray<number>) => {
    for (const ratio of ratios) {
      const t = ratio * theta.alpha
      const expected = BgNbd.expectedPurchases(theta, t)
      expect(Number.isFinite(expected)).toBe(true)
      expectRelative(
        expected,
        mixtureReference(theta.r, theta.alpha, theta.a, theta.b, t),
        EXPECTATION_ACCURACY,
      )
      for (const customer of histories)
        expectRelative(
          BgNbd.conditionalExpectedPurchases(theta, t, customer),
          conditionalReference(theta, t, customer),
          EXPECTATION_ACCURACY,
        )
    }
  }

  it("CHN-1 BG/NBD E[X(t)] and the conditional expectations (x = 0, 2, 100) agree with a quadrature over p when a + b ≤ 1 (a = 0.3, b = 0.2; a + b = 1 exactly), t/α from 1e-8 to 1e8", () => {
    checkAgainstReference({ ...cdnowLike, a: 0.3, b: 0.2 }, horizons)
    checkAgainstReference({ ...cdnowLike, a: 0.25, b: 0.75 }, horizons)
    // The one-time buyer is alive for sure: the expectation is M itself.
    const oneTimeBuyer = histories[0] as BgNbd.Customer
    expect(BgNbd.probabilityAlive({ ...cdnowLike, a: 0.3, b: 0.2 }, oneTimeBuyer)).toBe(1)
  })

  it("CHN-1 BG/NBD E[X(t)] and the conditional expectations agree with a quadrature over p at a = 1 exactly, where the closed form is 0/0, and E[X(t)] is the mean of the purchase-count distribution", () => {
    const theta = { ...cdnowLike, a: 1 }
    checkAgainstReference(theta, horizons)
    for (const t of [1, 10, 39]) {
      const { total, mean } = countDistribution(theta, t)
      expect(total).toBeCloseTo(1, 9)
      expectRelative(BgNbd.expectedPurchases(theta, t), mean, 1e-9)
    }
  })

  it("CHN-1 BG/NBD E[X(t)] and the conditional expectations agree with a quadrature over p at a = 1 ± 1e-9, where the closed form loses 9 digits", () => {
    checkAgainstReference({ ...cdnowLike, a: 1 + 1e-9 }, horizons)
    checkAgainstReference({ ...cdnowLike, a: 1 - 1e-9 }, horizons)
  })

  it("CHN-1 BG/NBD E[X(t)] and the conditional expectations agree with a quadrature over p for t/α up to 1e8, where the ₂F₁ series does not converge", () => {
    for (const [a, b] of [
      [0.793, 2.426],
      [2.5, 4],
      [0.5, 10],
      [30, 3],
    ] as const)
      checkAgainstReference({ ...cdnowLike, a, b }, [1e3, 1e5, 1e8])
  })

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

  it("CHN-1 BG/NBD E[X(t)] and the conditional expectations are continuous through a = 1: at 1 ± 1e-12, 1e-9, 1e-6 they are M(1) ± slope · δ (+ curvature · δ²/2) to 1e-11", () => {
    for (const ratio of [1e-4, 1, 39, 1e5]) {
      const t = ratio * cdnowLike.alpha
      const expectations = [
        (a: number) => BgNbd.expectedPurchases({ ...cdnowLike, a }, t),
        (a: number) =>
          BgNbd.conditionalExpectedPurchases(
            { ...cdnowLike, a },
            t,
            histories[0] as BgNbd.Customer,
          ),
        (a: number) =>
          BgNbd.conditionalExpectedPurchases(
            { ...cdnowLike, a },
            t,
            histories[1] as BgNbd.Customer,
          ),
      ]
      // A larger a drops customers out sooner: M falls with a.
      for (const expectation of expectations)
        expect(expectSmoothThrough(expectation, 1)).toBeLessThan(0)
    }
  })

  it("CHN-1 BG/NBD E[X(t)] and a one-time buyer's conditional expectation are continuous through a + b = 1: at b = 1 − a ± 1e-12, 1e-9, 1e-6 they are M ± slope · δ (+ curvature · δ²/2) to 1e-11", () => {
    const a = 0.25
    for (const ratio of [1e-4, 1, 39, 1e5]) {
      const t = ratio * cdnowLike.alpha
      const expectations = [
        (b: number) => BgNbd.expectedPurchases({ ...cdnowLike, a, b }, t),
        (b: number) =>
          BgNbd.conditionalExpectedPurchases(
            { ...cdnowLike, a, b },
            t,
            histories[0] as BgNbd.Customer,
          ),
      ]
      // A larger b keeps customers longer: M rises with b.
      for (const expectation of expectations)
        expect(expectSmoothThrough(expectation, 1 - a)).toBeGreaterThan(0)
    }
  })

  it("CHN-1 BG/NBD E[X(t)] and the conditional expectation are finite, non-negative, at most r·t/α (resp. (r + x)·t/(α + T)) and increasing in t, for parameters from 1e-4 to 1e4, t/α from 1e-8 to 1e8 and x up to 10,000", () => {
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
          const shorter = Math.min(first, second) * theta.alpha
          const longer = Math.max(first, second) * theta.alpha
          const early = BgNbd.expectedPurchases(theta, shorter)
          const late = BgNbd.expectedPurchases(theta, longer)
          expect(Number.isFinite(late)).toBe(true)
          expect(early).toBeGreaterThanOrEqual(0)
          expect(late).toBeGreaterThanOrEqual(early * (1 - EXPECTATION_ACCURACY))
          // Never more than the purchases of a customer who never drops out.
          expect(late).toBeLessThanOrEqual(
            ((theta.r * longer) / theta.alpha) * (1 + EXPECTATION_ACCURACY),
          )
          const customer = { frequency, recency: frequency === 0 ? 0 : recencyShare * age, age }
          const soon = BgNbd.conditionalExpectedPurchases(theta, shorter, customer)
          const later = BgNbd.conditionalExpectedPurchases(theta, longer, customer)
          expect(Number.isFinite(later)).toBe(true)
          expect(soon).toBeGreaterThanOrEqual(0)
          expect(later).toBeGreaterThanOrEqual(soon * (1 - EXPECTATION_ACCURACY))
          expect(later).toBeLessThanOrEqual(
            (((theta.r + frequency) * longer) / (theta.alpha + age)) * (1 + EXPECTATION_ACCURACY),
          )
        },
      ),
      { numRuns: 300 },
    )
  })
})

describe("BG/NBD parameter recovery from simulated customers", () => {
  it("CHN-1 BG/NBD recovers simulated parameters: each true value lies within 4 standard errors of its estimate (10,000 customers)", () => {
    const ages = right(Simulation.continuousAges(10_000, 26, 78, 11))
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
          const simulated = right(Simulation.bgNbd(truth, ages, seed))
          const fit = right(
            BgNbd.fit({
              timeUnit: "weeks",
              frequency: simulated.frequency,
              recency: simulated.recency,
              age: simulated.age,
            }),
          )
          expect(fit.customers).toBe(10_000)
          const standardErrors = fit.standardErrors as BgNbd.Parameters
          expect(standardErrors).toBeDefined()
          for (const name of ["r", "alpha", "a", "b"] as const) {
            expect(Math.abs(fit.parameters[name] - truth[name])).toBeLessThanOrEqual(
              4 * standardErrors[name],
            )
          }
        },
      ),
      // A fixed seed: the check is statistical, and a red run must be reproducible.
      { numRuns: 5, seed: 20250101 },
    )
  })
})

describe("BG/NBD at extreme inputs", () => {
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

  it("CHN-1 BG/NBD log-likelihood is finite and P(alive) a probability for x up to 10,000, t_x tiny or equal to T, T up to 1e6 and parameters from 1e-4 to 1e4", () => {
    for (const r of extremes)
      for (const alpha of extremes)
        for (const a of extremes)
          for (const b of extremes) {
            const theta = { r, alpha, a, b }
            for (const [frequency, recency, age] of histories) {
              const ll = right(
                BgNbd.logLikelihood(theta, {
                  timeUnit: "weeks",
                  frequency: [frequency],
                  recency: [recency],
                  age: [age],
                }),
              )
              expect(Number.isFinite(ll)).toBe(true)
              const probability = BgNbd.probabilityAlive(theta, { frequency, recency, age })
              expect(probability).toBeGreaterThanOrEqual(0)
              expect(probability).toBeLessThanOrEqual(1)
            }
          }
  })

  it("CHN-1 BG/NBD P(alive) of a customer with x = 1000 is the exact logistic of the log-odds, not an overflow", () => {
    const theta = cdnowFit.parameters
    const { r, alpha, a, b } = theta
    const x = 1000
    const logOdds = Math.log(a / (b + x - 1)) + (r + x) * Math.log((alpha + 38.86) / (alpha + 38))
    expectRelativelyClose(
      BgNbd.probabilityAlive(theta, { frequency: x, recency: 38, age: 38.86 }),
      1 / (1 + Math.exp(logOdds)),
      1e-12,
    )
    // Silent for 30 weeks after buying weekly: as good as dead, but a number.
    const silent = BgNbd.probabilityAlive(theta, { frequency: x, recency: 8, age: 38.86 })
    expect(silent).toBeGreaterThanOrEqual(0)
    expect(silent).toBeLessThan(1e-100)
  })

  it("CHN-1 BG/NBD conditional expectation is finite for x = 1000 and 10,000", () => {
    for (const frequency of [1000, 10_000]) {
      const expected = BgNbd.conditionalExpectedPurchases(cdnowFit.parameters, 10, {
        frequency,
        recency: 38.86,
        age: 38.86,
      })
      expect(Number.isFinite(expected)).toBe(true)
      // At most the purchases of the customer's own rate, (r + x)/(α + T) per week, over 10 weeks.
      expect(expected).toBeGreaterThan(0)
      expect(expected).toBeLessThanOrEqual(
        (10 * (cdnowFit.parameters.r + frequency)) / (cdnowFit.parameters.alpha + 38.86),
      )
    }
  })

  it("CHN-1 BG/NBD fit converges on CDNOW plus customers with x = 1000 and 10,000", () => {
    const observations: Observations = {
      timeUnit: "weeks",
      frequency: [...cdnow.x, 1000, 1000, 10_000],
      recency: [...cdnow.tx, 38, 12.5, 38.86],
      age: [...cdnow.T, 38.86, 38.86, 38.86],
    }
    const fit = right(BgNbd.fit(observations))
    expect(fit.customers).toBe(2360)
    expect(fit.diagnostics.gradientNorm).toBeLessThanOrEqual(1e-5)
    expect(Number.isFinite(fit.logLikelihood)).toBe(true)
    expect(right(BgNbd.logLikelihood(fit.parameters, observations))).toBeCloseTo(
      fit.logLikelihood,
      6,
    )
  })
})

describe("BG/NBD bad input", () => {
  const valid = {
    timeUnit: "weeks" as const,
    frequency: [2, 0, 1],
    recency: [5, 0, 3],
    age: [10, 10, 10],
  }
  const rejects = (observations: Observations, field: string, row: number) => {
    const error = left(BgNbd.fit(observations))
    expect(error).toBeInstanceOf(InvalidObservationError)
    expect(error._tag).toBe("InvalidObservationError")
    const invalid = error as InvalidObservationError
    expect(invalid.field).toBe(field)
    expect(invalid.row).toBe(row)
    expect(invalid.message).toContain("CHN-1")
    // The likelihood takes the same observations and refuses the same way.
    const again = left(BgNbd.logLikelihood(cdnowFit.parameters, observations))
    expect(again.field).toBe(field)
    expect(again.row).toBe(row)
  }

  it("CHN-1 BG/NBD rejects a negative observation time T", () =>
    rejects({ ...valid, age: [10, -1, 10] }, "age", 1))
  it("CHN-1 BG/NBD rejects a negative recency t_x", () =>
    rejects({ ...valid, recency: [5, 0, -3] }, "recency", 2))
  it("CHN-1 BG/NBD rejects a recency t_x after the observation time T", () =>
    rejects({ ...valid, recency: [10.5, 0, 3] }, "recency", 0))
  it("CHN-1 BG/NBD rejects a negative purchase count x", () =>
    rejects({ ...valid, frequency: [2, -1, 1] }, "frequency", 1))
  it("CHN-1 BG/NBD rejects a fractional purchase count x", () =>
    rejects({ ...valid, frequency: [2, 0, 1.5] }, "frequency", 2))
  it("CHN-1 BG/NBD rejects a customer without repeat purchases whose recency is not 0", () =>
    rejects({ ...valid, recency: [5, 1, 3] }, "recency", 1))
  it("CHN-1 BG/NBD rejects a recency column shorter than the frequencies (row: the first missing)", () =>
    rejects({ ...valid, recency: [5, 0] }, "recency", 2))
  it("CHN-1 BG/NBD rejects an age column of another length", () => {
    const error = left(BgNbd.fit({ ...valid, age: [10, 10, 10, 10] }))
    expect((error as InvalidObservationError).field).toBe("age")
  })
  it("CHN-1 BG/NBD rejects a weight column of another length", () =>
    rejects({ ...valid, weight: [1, 2] }, "weight", 2))
  it("CHN-1 BG/NBD rejects NaN in any column", () => {
    rejects({ ...valid, frequency: [2, Number.NaN, 1] }, "frequency", 1)
    rejects({ ...valid, recency: [Number.NaN, 0, 3] }, "recency", 0)
    rejects({ ...valid, age: [10, 10, Number.NaN] }, "age", 2)
    rejects({ ...valid, weight: [1, Number.NaN, 1] }, "weight", 1)
  })
  it("CHN-1 BG/NBD rejects an infinite observation time", () =>
    rejects({ ...valid, age: [10, Number.POSITIVE_INFINITY, 10] }, "age", 1))
  it("CHN-1 BG/NBD rejects a zero weight", () =>
    rejects({ ...valid, weight: [1, 0, 1] }, "weight", 1))
  it("CHN-1 BG/NBD rejects a negative weight", () =>
    rejects({ ...valid, weight: [1, 1, -2] }, "weight", 2))
  it("CHN-1 BG/NBD rejects empty data", () =>
    rejects({ timeUnit: "weeks", frequency: [], recency: [], age: [] }, "frequency", 0))
  it("CHN-1 BG/NBD rejects an unknown time unit", () =>
    rejects({ ...valid, timeUnit: "months" as unknown as "weeks" }, "timeUnit", 0))

  it("CHN-1 BG/NBD rejects a start that is not four positive parameters", () => {
    const error = left(
      BgNbd.fit(valid, {
        starts: [
          [1, 1, 1, 1],
          [1, -1, 1, 1],
        ],
      }),
    )
    expect((error as InvalidObservationError).field).toBe("starts")
    expect((error as InvalidObservationError).row).toBe(1)
    expect((left(BgNbd.fit(valid, { starts: [[1, 1, 1]] })) as InvalidObservationError).field).toBe(
      "starts",
    )
  })

  it("CHN-1 BG/NBD that does not converge (maxIterations 1) is a ConvergenceError carrying its last parameters, log-likelihood and gradient", () => {
    const error = left(BgNbd.fit(cdnowWeeks, { maxIterations: 1 }))
    expect(error).toBeInstanceOf(ConvergenceError)
    const failure = error as ConvergenceError
    expect(failure.model).toBe("BG/NBD")
    expect(failure.reason).toBe("maxIterations")
    expect(Object.keys(failure.state.parameters).sort()).toEqual(["a", "alpha", "b", "r"])
    const last = failure.state.parameters as unknown as BgNbd.Parameters
    expect(failure.state.logLikelihood).toBeCloseTo(right(BgNbd.logLikelihood(last, cdnowWeeks)), 6)
    // It stopped short: the gradient is still above the tolerance, and each of the three starts ran once.
    expect(failure.state.gradientNorm).toBeGreaterThan(1e-7)
    expect(failure.state.startsTried).toBe(3)
    expect(failure.state.iterations).toBe(3)
    expect(failure.message).toContain("maxIterations")
  })
})
