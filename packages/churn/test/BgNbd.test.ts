import { describe, expect, it } from "vitest"
import * as BgNbd from "../src/BgNbd.js"
import type { InvalidObservationError, Observations } from "../src/Fitting.js"
import { logBeta, logGamma } from "../src/internal/special.js"
import * as Simulation from "../src/Simulation.js"
import { cdnowObservations, cdnowSummary } from "./cdnow.js"
import {
  betaGeometricModel,
  type ExpectationReference,
  expectAgreementWithReference,
  expectCdnowInDaysEquivariant,
  expectCountDistributionProperty,
  expectExpectationsBounded,
  expectExpectedPurchasesAreCountMean,
  expectFiniteAtExtremeInputs,
  expectLogLikelihoodIsClosedForm,
  expectNoPurchaseProbability,
  expectRejected,
  expectRelativelyClose,
  expectSmoothThrough,
  expectWeightedCdnowFitAgrees,
  historyUpTo,
  itAgreesWithReferenceWhereClosedFormFails,
  itHasBetaGeometricProperties,
  itRecoversSimulatedParameters,
  itRejectsEach,
  itReportsNonConvergence,
  itScoresEachCdnowCustomer,
  itTakesHeavyBuyers,
  left,
  mixtureReference,
  moderateBetaGeometricParameters,
  recoverableBetaGeometricParameters,
  referenceHistories,
  right,
  spoiled,
  validObservations,
  wholeDomainHorizons,
} from "./model-support.js"

const bgNbd = betaGeometricModel("BG/NBD", BgNbd)

const cdnow = cdnowSummary()
const cdnowWeeks = cdnowObservations(cdnow)
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

/**
 * BG/NBD's expectations by the beta-mixture quadrature: E[X(t)] = M(r, α, a, b, t) and
 * E[Y(t) | x, t_x, T] = P(alive) · M(r + x, α + T, a, b + x, t).
 */
const quadrature: ExpectationReference = {
  expectedPurchases: ({ r, alpha, a, b }, t) => mixtureReference(r, alpha, a, b, t),
  conditionalExpectedPurchases: (theta, t, customer) =>
    BgNbd.probabilityAlive(theta, customer) *
    mixtureReference(
      theta.r + customer.frequency,
      theta.alpha + customer.age,
      theta.a,
      theta.b + customer.frequency,
      t,
    ),
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

  it("CHN-1 BG/NBD fit on the 2,357 rows gives the same estimates as on the 1,016 distinct rows with weights", () =>
    expectWeightedCdnowFitAgrees(bgNbd, cdnowWeeks, cdnowFit))

  it("CHN-1 BG/NBD fitted in days gives α ×7, the same r, a, b and a log-likelihood lower by Σx·ln 7", () =>
    expectCdnowInDaysEquivariant(bgNbd, cdnow, cdnowFit, 1e-6))

  itScoresEachCdnowCustomer(bgNbd, cdnow, cdnowFit.parameters)

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
  it("CHN-1 BG/NBD log-likelihood equals the paper's closed form for moderate inputs", () =>
    expectLogLikelihoodIsClosedForm(
      bgNbd,
      moderateBetaGeometricParameters,
      historyUpTo(200),
      paperLogLikelihood,
    ))

  itHasBetaGeometricProperties(bgNbd)

  it("CHN-1 BG/NBD purchase-count distribution sums to 1 and its mean equals E[X(t)]", () =>
    expectCountDistributionProperty(bgNbd, (theta, t, mean) =>
      expectRelativelyClose(mean, BgNbd.expectedPurchases(theta, t), 1e-8),
    ))

  it("CHN-1 BG/NBD P(X(t) = 0) equals the closed form B(a, b)/B(a, b) · (α/(α+t))^r", () =>
    expectNoPurchaseProbability(bgNbd, (theta, t) => (theta.alpha / (theta.alpha + t)) ** theta.r))
})

describe("BG/NBD expectations on the whole parameter domain", () => {
  // E[X(t)] = M(r, α, a, b, t) and E[Y(t) | x, t_x, T] = P(alive) · M(r + x, α + T, a, b + x, t),
  // M as computed by mixtureReference. The closed form with ₂F₁ is 0/0 at a = 1, needs
  // a + b > 1 and a series of about 37·t/α terms; these check the domains it misses.
  const cdnowLike = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }
  const checkAgainstReference = (theta: BgNbd.Parameters, ratios: ReadonlyArray<number>) =>
    expectAgreementWithReference(bgNbd, quadrature, theta, ratios)

  it("CHN-1 BG/NBD E[X(t)] and the conditional expectations (x = 0, 2, 100) agree with a quadrature over p when a + b ≤ 1 (a = 0.3, b = 0.2; a + b = 1 exactly), t/α from 1e-8 to 1e8", () => {
    checkAgainstReference({ ...cdnowLike, a: 0.3, b: 0.2 }, wholeDomainHorizons)
    checkAgainstReference({ ...cdnowLike, a: 0.25, b: 0.75 }, wholeDomainHorizons)
    // The one-time buyer is alive for sure: the expectation is M itself.
    const oneTimeBuyer = referenceHistories[0] as BgNbd.Customer
    expect(BgNbd.probabilityAlive({ ...cdnowLike, a: 0.3, b: 0.2 }, oneTimeBuyer)).toBe(1)
  })

  it("CHN-1 BG/NBD E[X(t)] and the conditional expectations agree with a quadrature over p at a = 1 exactly, where the closed form is 0/0, and E[X(t)] is the mean of the purchase-count distribution", () => {
    const theta = { ...cdnowLike, a: 1 }
    checkAgainstReference(theta, wholeDomainHorizons)
    expectExpectedPurchasesAreCountMean(bgNbd, theta)
  })

  itAgreesWithReferenceWhereClosedFormFails(bgNbd, quadrature, cdnowLike)

  it("CHN-1 BG/NBD E[X(t)] and the conditional expectations are continuous through a = 1: at 1 ± 1e-12, 1e-9, 1e-6 they are M(1) ± slope · δ (+ curvature · δ²/2) to 1e-11", () => {
    for (const ratio of [1e-4, 1, 39, 1e5]) {
      const t = ratio * cdnowLike.alpha
      const expectations = [
        (a: number) => BgNbd.expectedPurchases({ ...cdnowLike, a }, t),
        ...referenceHistories
          .slice(0, 2)
          .map(
            (history) => (a: number) =>
              BgNbd.conditionalExpectedPurchases({ ...cdnowLike, a }, t, history),
          ),
      ]
      // A larger a drops customers out sooner: M falls with a.
      for (const expectation of expectations)
        expect(expectSmoothThrough(expectation, 1)).toBeLessThan(0)
    }
  })

  it("CHN-1 BG/NBD E[X(t)] and a one-time buyer's conditional expectation are continuous through a + b = 1: at b = 1 − a ± 1e-12, 1e-9, 1e-6 they are M ± slope · δ (+ curvature · δ²/2) to 1e-11", () => {
    const a = 0.25
    const oneTimeBuyer = referenceHistories[0] as BgNbd.Customer
    for (const ratio of [1e-4, 1, 39, 1e5]) {
      const t = ratio * cdnowLike.alpha
      const expectations = [
        (b: number) => BgNbd.expectedPurchases({ ...cdnowLike, a, b }, t),
        (b: number) => BgNbd.conditionalExpectedPurchases({ ...cdnowLike, a, b }, t, oneTimeBuyer),
      ]
      // A larger b keeps customers longer: M rises with b.
      for (const expectation of expectations)
        expect(expectSmoothThrough(expectation, 1 - a)).toBeGreaterThan(0)
    }
  })

  it("CHN-1 BG/NBD E[X(t)] and the conditional expectation are finite, non-negative, at most r·t/α (resp. (r + x)·t/(α + T)) and increasing in t, for parameters from 1e-4 to 1e4, t/α from 1e-8 to 1e8 and x up to 10,000", () =>
    // Never more than the purchases of a customer who never drops out.
    expectExpectationsBounded(bgNbd, ({ r, alpha }, t) => (r * t) / alpha))
})

describe("BG/NBD parameter recovery from simulated customers", () => {
  itRecoversSimulatedParameters(bgNbd, recoverableBetaGeometricParameters, Simulation.bgNbd, {
    agesSeed: 11,
    runs: 5,
    seed: 20250101,
  })
})

describe("BG/NBD at extreme inputs", () => {
  it("CHN-1 BG/NBD log-likelihood is finite and P(alive) a probability for x up to 10,000, t_x tiny or equal to T, T up to 1e6 and parameters from 1e-4 to 1e4", () =>
    expectFiniteAtExtremeInputs(bgNbd))

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

  itTakesHeavyBuyers(bgNbd, cdnow, cdnowFit.parameters)
})

describe("BG/NBD bad input", () => {
  const valid = validObservations
  const rejects = (observations: Observations, field: string, row: number) =>
    expectRejected(bgNbd, cdnowFit.parameters, { observations, field, row })

  itRejectsEach(bgNbd, cdnowFit.parameters, [
    { title: "rejects a negative observation time T", ...spoiled.negativeAge },
    { title: "rejects a negative recency t_x", ...spoiled.negativeRecency },
    { title: "rejects a recency t_x after the observation time T", ...spoiled.recencyAfterAge },
    { title: "rejects a negative purchase count x", ...spoiled.negativeFrequency },
    { title: "rejects a fractional purchase count x", ...spoiled.fractionalFrequency },
    {
      title: "rejects a customer without repeat purchases whose recency is not 0",
      ...spoiled.recencyWithoutRepeat,
    },
    {
      title: "rejects a recency column shorter than the frequencies (row: the first missing)",
      ...spoiled.shortRecency,
    },
  ])
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
  itRejectsEach(bgNbd, cdnowFit.parameters, [
    { title: "rejects a zero weight", ...spoiled.zeroWeight },
    {
      title: "rejects a negative weight",
      observations: { ...valid, weight: [1, 1, -2] },
      field: "weight",
      row: 2,
    },
    { title: "rejects empty data", ...spoiled.empty },
  ])
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

  itReportsNonConvergence(bgNbd, cdnowWeeks)
})
