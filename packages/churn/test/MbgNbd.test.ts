import * as FastCheck from "effect/FastCheck"
import { describe, expect, it } from "vitest"
import * as BgNbd from "../src/BgNbd.js"
import { logBeta, logGamma } from "../src/internal/special.js"
import * as MbgNbd from "../src/MbgNbd.js"
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
  mixtureReference,
  moderateBetaGeometricParameters,
  namedRejections,
  recoverableBetaGeometricParameters,
  referenceHistories,
  rejectionNaming,
  right,
  spoiled,
  validObservations,
  wholeDomainHorizons,
} from "./model-support.js"

const mbgNbd = betaGeometricModel("MBG/NBD", MbgNbd)

const cdnow = cdnowSummary()
const cdnowWeeks = cdnowObservations(cdnow)
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

/**
 * MBG/NBD's expectations by the beta-mixture quadrature: the customer first survives
 * the drop-out chance at 0, so E[X(t)] = b/(a + b) · M(r, α, a, b + 1, t), and
 * E[Y(t) | x, t_x, T] = P(alive) · M(r + x, α + T, a, b + x + 1, t).
 */
const quadrature: ExpectationReference = {
  expectedPurchases: ({ r, alpha, a, b }, t) =>
    (b / (a + b)) * mixtureReference(r, alpha, a, b + 1, t),
  conditionalExpectedPurchases: (theta, t, customer) => {
    const { r, alpha, a, b } = theta
    const x = customer.frequency
    return (
      MbgNbd.probabilityAlive(theta, customer) *
      mixtureReference(r + x, alpha + customer.age, a, b + x + 1, t)
    )
  },
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

  it("CHN-1 MBG/NBD fit on the 2,357 rows gives the same estimates as on the distinct rows with weights", () =>
    expectWeightedCdnowFitAgrees(mbgNbd, cdnowWeeks, cdnowFit))

  it("CHN-1 MBG/NBD fitted in days gives α ×7, the same r, a, b and a log-likelihood lower by Σx·ln 7", () =>
    expectCdnowInDaysEquivariant(mbgNbd, cdnow, cdnowFit, 1e-6))

  itScoresEachCdnowCustomer(mbgNbd, cdnow, cdnowFit.parameters)

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
  const parameters = moderateBetaGeometricParameters
  const customer = historyUpTo(200)

  it("CHN-1 MBG/NBD log-likelihood equals Batislam, Denizel & Filiztekin's closed form for moderate inputs", () =>
    expectLogLikelihoodIsClosedForm(mbgNbd, parameters, customer, paperLogLikelihood))

  itHasBetaGeometricProperties(mbgNbd)

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

  it("CHN-1 MBG/NBD purchase-count distribution sums to 1 and its mean is E[X(t)] = b/(a − 1) · [1 − (α/(α+t))^r ₂F₁(r, b+1; a+b; t/(α+t))]", () =>
    expectCountDistributionProperty(mbgNbd, (theta, t, mean) => {
      const { r, alpha, a, b } = theta
      expectRelativelyClose(MbgNbd.expectedPurchases(theta, t), mean, 1e-9)
      // The mean of Σₙ (1 − p)ⁿ P(N(t) ≥ n) over λ and p (Batislam et al. 2007, eq. 8),
      // as printed: it loses about −log₁₀|a − 1| digits near a = 1.
      if (Math.abs(a - 1) > 1e-6) {
        const expected =
          (b / (a - 1)) *
          (1 - (alpha / (alpha + t)) ** r * hypergeometricSeries(r, b + 1, a + b, t / (alpha + t)))
        expectRelativelyClose(mean, expected, 1e-8)
      }
    }))

  it("CHN-1 MBG/NBD P(X(t) = 0) counts both the customers who stayed without buying and those who left at once", () =>
    expectNoPurchaseProbability(mbgNbd, ({ r, alpha, a, b }, t) => {
      const stayedSilent = (b / (a + b)) * (alpha / (alpha + t)) ** r
      return stayedSilent + a / (a + b)
    }))
})

describe("MBG/NBD expectations on the whole parameter domain", () => {
  // E[X(t)] = b/(a + b) · M(r, α, a, b + 1, t) and
  // E[Y(t) | x, t_x, T] = P(alive) · M(r + x, α + T, a, b + x + 1, t), M as computed by
  // mixtureReference. The closed forms with ₂F₁ divide by a − 1 and need a series of
  // about 37·t/α terms; these check the domains they miss.
  const cdnowLike = { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 }
  const checkAgainstReference = (theta: MbgNbd.Parameters, ratios: ReadonlyArray<number>) =>
    expectAgreementWithReference(mbgNbd, quadrature, theta, ratios)

  it("CHN-1 MBG/NBD E[X(t)] and the conditional expectations (x = 0, 2, 100) agree with a quadrature over p at a = 1 exactly, where the closed form is 0/0, and E[X(t)] is the mean of the purchase-count distribution", () => {
    const theta = { ...cdnowLike, a: 1 }
    checkAgainstReference(theta, wholeDomainHorizons)
    expectExpectedPurchasesAreCountMean(mbgNbd, theta)
  })

  itAgreesWithReferenceWhereClosedFormFails(mbgNbd, quadrature, cdnowLike)

  it("CHN-1 MBG/NBD E[X(t)] and the conditional expectations agree with a quadrature over p when a + b ≤ 1 (a = 0.3, b = 0.2; a + b = 1 exactly), t/α from 1e-8 to 1e8", () => {
    checkAgainstReference({ ...cdnowLike, a: 0.3, b: 0.2 }, wholeDomainHorizons)
    checkAgainstReference({ ...cdnowLike, a: 0.25, b: 0.75 }, wholeDomainHorizons)
  })

  it("CHN-1 MBG/NBD E[X(t)] and the conditional expectations are continuous through a = 1: at 1 ± 1e-12, 1e-9, 1e-6 they are M(1) ± slope · δ (+ curvature · δ²/2) to 1e-11", () => {
    const customer0001 = referenceHistories[1] as MbgNbd.Customer
    for (const ratio of [1e-4, 1, 39, 1e5]) {
      const t = ratio * cdnowLike.alpha
      // A larger a drops customers out sooner: E[X(t)] falls with a.
      expect(
        expectSmoothThrough((a) => MbgNbd.expectedPurchases({ ...cdnowLike, a }, t), 1),
      ).toBeLessThan(0)
      expectSmoothThrough(
        (a) => MbgNbd.conditionalExpectedPurchases({ ...cdnowLike, a }, t, customer0001),
        1,
      )
    }
  })

  it("CHN-1 MBG/NBD E[X(t)] and a one-time buyer's conditional expectation are continuous through a + b = 1: at b = 1 − a ± 1e-12, 1e-9, 1e-6 they are M ± slope · δ (+ curvature · δ²/2) to 1e-11", () => {
    const a = 0.25
    const oneTimeBuyer = referenceHistories[0] as MbgNbd.Customer
    for (const ratio of [1e-4, 1, 39, 1e5]) {
      const t = ratio * cdnowLike.alpha
      // A larger b keeps customers longer: E[X(t)] rises with b.
      expect(
        expectSmoothThrough((b) => MbgNbd.expectedPurchases({ ...cdnowLike, a, b }, t), 1 - a),
      ).toBeGreaterThan(0)
      expectSmoothThrough(
        (b) => MbgNbd.conditionalExpectedPurchases({ ...cdnowLike, a, b }, t, oneTimeBuyer),
        1 - a,
      )
    }
  })

  it("CHN-1 MBG/NBD E[X(t)] and the conditional expectation are finite, non-negative, at most b/(a + b)·r·t/α (resp. (r + x)·t/(α + T)) and increasing in t, for parameters from 1e-4 to 1e4, t/α from 1e-8 to 1e8 and x up to 10,000", () =>
    // Never more than the purchases of a customer who survives time 0 and never drops out.
    expectExpectationsBounded(mbgNbd, ({ r, alpha, a, b }, t) => ((b / (a + b)) * r * t) / alpha))
})

describe("MBG/NBD parameter recovery from simulated customers", () => {
  itRecoversSimulatedParameters(mbgNbd, recoverableBetaGeometricParameters, Simulation.mbgNbd, {
    agesSeed: 12,
    runs: 5,
    seed: 20250102,
  })
})

describe("MBG/NBD at extreme inputs", () => {
  it("CHN-1 MBG/NBD log-likelihood is finite and P(alive) a probability for x up to 10,000, t_x tiny or equal to T, T up to 1e6 and parameters from 1e-4 to 1e4", () =>
    expectFiniteAtExtremeInputs(mbgNbd))

  itTakesHeavyBuyers(mbgNbd, cdnow, cdnowFit.parameters)
})

describe("MBG/NBD bad input", () => {
  const valid = validObservations
  itRejectsEach(mbgNbd, cdnowFit.parameters, [
    ...namedRejections,
    rejectionNaming("a short recency column", spoiled.shortRecency),
    rejectionNaming("NaN", {
      observations: { ...valid, age: [10, Number.NaN, 10] },
      field: "age",
      row: 1,
    }),
    rejectionNaming("a zero weight", spoiled.zeroWeight),
    rejectionNaming("a negative weight", {
      observations: { ...valid, weight: [1, 1, -1] },
      field: "weight",
      row: 2,
    }),
    rejectionNaming("empty data", spoiled.empty),
  ])

  itReportsNonConvergence(mbgNbd, cdnowWeeks)
})
