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

/** A log-uniform draw between `min` and `max`: model parameters span orders of magnitude. */
const logUniform = (min: number, max: number) =>
  FastCheck.double({ min: Math.log(min), max: Math.log(max), noNaN: true }).map(Math.exp)

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
  // The closed forms of the expectations divide by a − 1 (0/0 at a = 1, a removable
  // singularity they are evaluated through as written): check predictions 1e-3 away,
  // and where the prefactor and the bracket are both positive (a + b > 1).
  const predictionParameters = parameters.filter(
    ({ a, b }) => Math.abs(a - 1) > 1e-3 && a + b > 1.001,
  )
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
        predictionParameters,
        FastCheck.double({ min: 0.01, max: 500, noNaN: true }),
        FastCheck.double({ min: 0.01, max: 500, noNaN: true }),
        (theta, first, second) => {
          expect(MbgNbd.expectedPurchases(theta, 0)).toBe(0)
          const early = MbgNbd.expectedPurchases(theta, Math.min(first, second))
          expect(early).toBeGreaterThan(0)
          // Slack of 1e-9: within 1e-3 of a = 1 the closed form keeps only about 11 digits.
          expect(MbgNbd.expectedPurchases(theta, Math.max(first, second))).toBeGreaterThanOrEqual(
            early * (1 - 1e-9),
          )
        },
      ),
      { numRuns: 300 },
    )
  })

  it("CHN-1 MBG/NBD conditional expectation increases with the horizon t", () => {
    FastCheck.assert(
      FastCheck.property(
        predictionParameters,
        customer,
        FastCheck.double({ min: 0.01, max: 300, noNaN: true }),
        FastCheck.double({ min: 0.01, max: 300, noNaN: true }),
        (theta, history, first, second) => {
          const early = MbgNbd.conditionalExpectedPurchases(theta, Math.min(first, second), history)
          const late = MbgNbd.conditionalExpectedPurchases(theta, Math.max(first, second), history)
          expect(early).toBeGreaterThanOrEqual(0)
          expect(late).toBeGreaterThanOrEqual(early * (1 - 1e-9))
        },
      ),
      { numRuns: 300 },
    )
  })

  it("CHN-1 MBG/NBD purchase-count distribution sums to 1 and its mean is b/(a − 1) · [1 − (α/(α+t))^r ₂F₁(r, b+1; a+b; t/(α+t))]", () => {
    FastCheck.assert(
      FastCheck.property(
        FastCheck.record({
          r: logUniform(0.1, 3),
          alpha: logUniform(2, 20),
          a: logUniform(1.2, 5),
          b: logUniform(0.5, 5),
        }),
        FastCheck.double({ min: 0.5, max: 39, noNaN: true }),
        (theta, t) => {
          const { r, alpha, a, b } = theta
          // Past the mode the probabilities fall at least geometrically, by t/(α + t) per count.
          const ratio = t / (alpha + t)
          let total = 0
          let mean = 0
          for (let n = 0; n <= 5000; n++) {
            const probability = MbgNbd.purchaseProbability(theta, t, n)
            expect(probability).toBeGreaterThanOrEqual(0)
            total += probability
            mean += n * probability
            if (n > (r * t) / alpha && (probability * (n + 1)) / (1 - ratio) ** 2 < 1e-14) break
          }
          expect(total).toBeCloseTo(1, 9)
          // The mean of Σₙ (1 − p)ⁿ P(N(t) ≥ n) over λ and p (Batislam et al. 2007, eq. 8).
          const expected =
            (b / (a - 1)) *
            (1 - (alpha / (alpha + t)) ** r * hypergeometricSeries(r, b + 1, a + b, ratio))
          expectRelativelyClose(mean, expected, 1e-8)
          expectRelativelyClose(MbgNbd.expectedPurchases(theta, t), expected, 1e-8)
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
