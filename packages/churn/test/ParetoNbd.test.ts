import * as FastCheck from "effect/FastCheck"
import { describe, expect, it } from "vitest"
import { negativeLogLikelihood } from "../src/internal/paretoNbd.js"
import {
  countSeries,
  logTail,
  prefersQuadrature,
  type TailLog,
  tailLog,
} from "../src/internal/paretoTail.js"
import { fittingRows } from "../src/internal/rows.js"
import { logGamma } from "../src/internal/special.js"
import * as ParetoNbd from "../src/ParetoNbd.js"
import * as Simulation from "../src/Simulation.js"
import { cdnowObservations, cdnowSummary } from "./cdnow.js"
import {
  expectCdnowInDaysEquivariant,
  expectFiniteAtExtremeInputs,
  expectProbabilityAliveFallsWithGap,
  expectProbabilityAliveIsProbability,
  expectRelativelyClose,
  expectWeightedCdnowFitAgrees,
  expectWithinStandardErrors,
  historyUpTo,
  itRecoversSimulatedParameters,
  itRejectsEach,
  itReportsNonConvergence,
  itScoresEachCdnowCustomer,
  itTakesHeavyBuyers,
  logUniform,
  namedRejections,
  purchaseModel,
  rejectionNaming,
  right,
  spoiled,
  validObservations,
} from "./model-support.js"

const paretoNbd = purchaseModel(
  "Pareto/NBD",
  ["r", "alpha", "s", "beta"],
  ["alpha", "beta"],
  ParetoNbd,
)

/** Composite Simpson's rule over [from, to] with `panels` (even) panels. */
const simpson = (f: (u: number) => number, from: number, to: number, panels = 2000): number => {
  const h = (to - from) / panels
  let sum = f(from) + f(to)
  for (let k = 1; k < panels; k++) sum += (k % 2 === 1 ? 4 : 2) * f(from + k * h)
  return (sum * h) / 3
}

/**
 * The Pareto/NBD likelihood of one customer from its definition (Schmittlein, Morrison
 * & Colombo 1987; Fader & Hardie note 009, eq. 3) with the integral over the time of
 * death done by quadrature instead of ₂F₁: Γ(r+x)α^r β^s/Γ(r) · [(α+T)^-(r+x) (β+T)^-s
 * + s ∫ from t_x to T of (α+τ)^-(r+x) (β+τ)^-(s+1) dτ]. Returns ln L and P(alive), the share
 * of the first term. The integral is taken over v = ln(m + τ) with m = min(α, β), where
 * both factors are smooth at any scale.
 */
const quadratureLikelihood = (
  { r, alpha, s, beta }: ParetoNbd.Parameters,
  x: number,
  recency: number,
  age: number,
  panels = 2000,
): { readonly logLikelihood: number; readonly probabilityAlive: number } => {
  const alive = (alpha + age) ** -(r + x) * (beta + age) ** -s
  const smaller = Math.min(alpha, beta)
  const died =
    age > recency
      ? s *
        simpson(
          (v) => {
            const shifted = Math.exp(v) // m + τ
            return (
              shifted *
              (alpha - smaller + shifted) ** -(r + x) *
              (beta - smaller + shifted) ** -(s + 1)
            )
          },
          Math.log(smaller + recency),
          Math.log(smaller + age),
          panels,
        )
      : 0
  return {
    logLikelihood:
      logGamma(r + x) -
      logGamma(r) +
      r * Math.log(alpha) +
      s * Math.log(beta) +
      Math.log(alive + died),
    probabilityAlive: alive / (alive + died),
  }
}

const cdnow = cdnowSummary()
const cdnowWeeks = cdnowObservations(cdnow)
const cdnowFit = right(ParetoNbd.fit(cdnowWeeks))
/** BTYD's published Pareto/NBD estimates on CDNOW and the log-likelihood it reports for them. */
const btyd = {
  parameters: { r: 0.5534, alpha: 10.5802, s: 0.6061, beta: 11.6562 },
  logLikelihood: -9594.976,
}

describe("Pareto/NBD on CDNOW", () => {
  it("CHN-1 Pareto/NBD estimates on CDNOW are r 0.553, α 10.58, s 0.606, β 11.67", () => {
    expect(cdnowFit.model).toBe("Pareto/NBD")
    expect(cdnowFit.customers).toBe(2357)
    expect(cdnowFit.timeUnit).toBe("weeks")
    expect(cdnowFit.parameters.r).toBeCloseTo(0.553, 3)
    expect(cdnowFit.parameters.alpha).toBeCloseTo(10.58, 2)
    expect(cdnowFit.parameters.s).toBeCloseTo(0.606, 3)
    expect(cdnowFit.parameters.beta).toBeCloseTo(11.67, 2)
    expect(cdnowFit.diagnostics.gradientNorm).toBeLessThanOrEqual(1e-7)
  })

  it("CHN-1 Pareto/NBD log-likelihood on CDNOW is −9594.974, at least as high as BTYD's −9594.976 at its less precise estimate", () => {
    expect(cdnowFit.logLikelihood).toBeCloseTo(-9594.974, 3)
    expect(cdnowFit.logLikelihood).toBeGreaterThanOrEqual(btyd.logLikelihood)
    // The same holds for BTYD's estimate evaluated here: ours is the better optimum, by little.
    const atBtyd = right(ParetoNbd.logLikelihood(btyd.parameters, cdnowWeeks))
    expect(cdnowFit.logLikelihood).toBeGreaterThanOrEqual(atBtyd)
    expect(cdnowFit.logLikelihood - btyd.logLikelihood).toBeLessThan(0.01)
    // BTYD's estimates are ours to their printed precision.
    expect(cdnowFit.parameters.r).toBeCloseTo(btyd.parameters.r, 3)
    expect(cdnowFit.parameters.s).toBeCloseTo(btyd.parameters.s, 3)
  })

  it("CHN-1 Pareto/NBD log-likelihood on CDNOW agrees with the definition integrated by quadrature", () => {
    let total = 0
    for (let i = 0; i < cdnow.x.length; i++)
      total += quadratureLikelihood(
        cdnowFit.parameters,
        cdnow.x[i] as number,
        cdnow.tx[i] as number,
        cdnow.T[i] as number,
      ).logLikelihood
    expectRelativelyClose(cdnowFit.logLikelihood, total, 1e-10)
  })

  it("CHN-1 Pareto/NBD standard errors on CDNOW exist and are positive", () => {
    const standardErrors = cdnowFit.standardErrors as ParetoNbd.Parameters
    expect(standardErrors).toBeDefined()
    for (const name of ["r", "alpha", "s", "beta"] as const)
      expect(standardErrors[name]).toBeGreaterThan(0)
  })

  it("CHN-1 Pareto/NBD fit on the 2,357 rows gives the same estimates as on the distinct rows with weights", () =>
    expectWeightedCdnowFitAgrees(paretoNbd, cdnowWeeks, cdnowFit))

  it("CHN-1 Pareto/NBD fitted in days gives α and β ×7, the same r and s, and a log-likelihood lower by Σx·ln 7", () =>
    expectCdnowInDaysEquivariant(paretoNbd, cdnow, cdnowFit, 1e-5))

  itScoresEachCdnowCustomer(paretoNbd, cdnow, cdnowFit.parameters, 1e-14)

  it("CHN-1 Pareto/NBD gives CDNOW's one-time buyers P(alive) below 1, falling the longer they are silent", () => {
    let previous = 1
    for (const age of [1, 5, 10, 20, 39, 78]) {
      const probability = ParetoNbd.probabilityAlive(cdnowFit.parameters, {
        frequency: 0,
        recency: 0,
        age,
      })
      expect(probability).toBeLessThan(previous)
      expect(probability).toBeGreaterThan(0)
      previous = probability
    }
  })
})

describe("Pareto/NBD likelihood and predictions", () => {
  const parameters = FastCheck.record({
    r: logUniform(0.05, 20),
    alpha: logUniform(0.5, 50),
    s: logUniform(0.05, 20),
    beta: logUniform(0.5, 50),
  })
  const customer = historyUpTo(100)

  it("CHN-1 Pareto/NBD log-likelihood and P(alive) agree with the definition integrated by quadrature", () => {
    FastCheck.assert(
      FastCheck.property(parameters, customer, (theta, history) => {
        // Finer panels than on CDNOW: x up to 30 makes the integrand steep.
        const reference = quadratureLikelihood(
          theta,
          history.frequency,
          history.recency,
          history.age,
          20_000,
        )
        const ll = right(
          ParetoNbd.logLikelihood(theta, {
            timeUnit: "weeks",
            frequency: [history.frequency],
            recency: [history.recency],
            age: [history.age],
          }),
        )
        expectRelativelyClose(ll, reference.logLikelihood, 1e-9)
        expect(ParetoNbd.probabilityAlive(theta, history)).toBeCloseTo(
          reference.probabilityAlive,
          9,
        )
      }),
      { numRuns: 300 },
    )
  })

  it("CHN-1 Pareto/NBD P(alive) is in [0, 1] for any parameters and valid history", () =>
    expectProbabilityAliveIsProbability(
      paretoNbd,
      FastCheck.record({
        r: logUniform(0.01, 100),
        alpha: logUniform(0.05, 50),
        s: logUniform(0.01, 100),
        beta: logUniform(0.05, 50),
      }),
      { maxFrequency: 10_000, maxAge: 1e6, runs: 300 },
    ))

  it("CHN-1 Pareto/NBD P(alive) is 1 when the last purchase is at T (no time to die unseen)", () => {
    FastCheck.assert(
      FastCheck.property(
        parameters,
        FastCheck.integer({ min: 1, max: 1000 }),
        FastCheck.double({ min: 0.1, max: 1e3, noNaN: true }),
        (theta, frequency, age) => {
          expect(ParetoNbd.probabilityAlive(theta, { frequency, recency: age, age })).toBe(1)
        },
      ),
      { numRuns: 50 },
    )
  })

  it("CHN-1 Pareto/NBD P(alive) falls as the gap T − t_x since the last purchase grows (x and T fixed)", () =>
    expectProbabilityAliveFallsWithGap(paretoNbd, parameters, 1e-12))

  it("CHN-1 Pareto/NBD E[X(t)] equals (r/α) ∫₀ᵗ (β/(β+u))^s du, continuous through s = 1", () => {
    FastCheck.assert(
      FastCheck.property(
        FastCheck.record({
          r: logUniform(0.05, 20),
          alpha: logUniform(0.5, 50),
          s: FastCheck.oneof(
            logUniform(0.05, 20),
            FastCheck.constant(1),
            FastCheck.constant(1 + 1e-12),
          ),
          beta: logUniform(0.5, 50),
        }),
        FastCheck.double({ min: 0.01, max: 200, noNaN: true }),
        (theta, t) => {
          const { r, alpha, s, beta } = theta
          // Over v = ln(β + u) the integrand β^s e^((1−s)v) is smooth at any scale; it
          // falls steeply for s near 20 (e^(−19v)), so the reference takes 20,000 panels
          // to keep its own error (∝ h⁴ (s−1)⁴) well below the 1e-8 asked of the model.
          const reference =
            (r / alpha) *
            beta ** s *
            simpson((v) => Math.exp((1 - s) * v), Math.log(beta), Math.log(beta + t), 20_000)
          expectRelativelyClose(ParetoNbd.expectedPurchases(theta, t), reference, 1e-8)
        },
      ),
      { numRuns: 200 },
    )
  })

  it("CHN-1 Pareto/NBD E[X(t)] is 0 at t = 0 and increases with t", () => {
    FastCheck.assert(
      FastCheck.property(
        parameters,
        FastCheck.double({ min: 0.01, max: 1e4, noNaN: true }),
        FastCheck.double({ min: 0.01, max: 1e4, noNaN: true }),
        (theta, first, second) => {
          expect(Math.abs(ParetoNbd.expectedPurchases(theta, 0))).toBe(0)
          const early = ParetoNbd.expectedPurchases(theta, Math.min(first, second))
          expect(early).toBeGreaterThan(0)
          expect(
            ParetoNbd.expectedPurchases(theta, Math.max(first, second)),
          ).toBeGreaterThanOrEqual(early)
        },
      ),
      { numRuns: 300 },
    )
  })

  it("CHN-1 Pareto/NBD conditional expectation is P(alive) · ((r+x)/(α+T)) ∫₀ᵗ ((β+T)/(β+T+u))^s du and increases with t", () => {
    FastCheck.assert(
      FastCheck.property(
        parameters,
        customer,
        FastCheck.double({ min: 0.01, max: 300, noNaN: true }),
        FastCheck.double({ min: 0.01, max: 300, noNaN: true }),
        (theta, history, first, second) => {
          const { r, alpha, s, beta } = theta
          const { frequency: x, age } = history
          const t = Math.min(first, second)
          const early = ParetoNbd.conditionalExpectedPurchases(theta, t, history)
          const reference =
            ParetoNbd.probabilityAlive(theta, history) *
            ((r + x) / (alpha + age)) *
            (beta + age) ** s *
            simpson((v) => Math.exp((1 - s) * v), Math.log(beta + age), Math.log(beta + age + t))
          expectRelativelyClose(early, reference, 1e-8)
          expect(
            ParetoNbd.conditionalExpectedPurchases(theta, Math.max(first, second), history),
          ).toBeGreaterThanOrEqual(early)
        },
      ),
      { numRuns: 200 },
    )
  })
})

describe("Pareto/NBD parameter recovery from simulated customers", () => {
  itRecoversSimulatedParameters(
    paretoNbd,
    FastCheck.record({
      r: logUniform(0.3, 3),
      alpha: logUniform(1, 10),
      s: logUniform(0.3, 2),
      beta: logUniform(5, 50),
    }),
    Simulation.paretoNbd,
    { agesSeed: 13, runs: 4, seed: 20250103 },
  )
})

describe("Pareto/NBD at extreme inputs", () => {
  it("CHN-1 Pareto/NBD log-likelihood is finite and P(alive) a probability for x up to 10,000, t_x tiny or equal to T, T up to 1e6, parameters from 1e-4 to 1e4 and α/β, β/α up to 1e8", () =>
    // α and β take every scale, so their ratio runs from 1e-8 to 1e8: where one is
    // 1e8 times the other, a one-time buyer's ₂F₁ argument is within 1e-8 of 1.
    expectFiniteAtExtremeInputs(paretoNbd))

  it("CHN-1 Pareto/NBD log-likelihood, its gradient and P(alive) stay finite and agree with quadrature when T − t_x is within rounding of T", () => {
    const gradient = new Float64Array(4)
    // Parameters and counts whose likelihood the linear-space reference holds without underflow.
    for (const theta of [
      cdnowFit.parameters,
      { r: 2, alpha: 0.01, s: 1, beta: 1e6 },
      { r: 3, alpha: 1e4, s: 0.3, beta: 1 },
    ])
      for (const [frequency, age] of [
        [1, 39],
        [20, 1e-3],
        [60, 5],
      ] as const)
        for (const gap of [1e-15, 1e-12, 1e-9]) {
          const recency = age * (1 - gap)
          const logParameters = [theta.r, theta.alpha, theta.s, theta.beta].map(Math.log)
          const rows = fittingRows([frequency], [recency], [age], [1])
          const ll = -negativeLogLikelihood(rows, logParameters, gradient)
          for (const component of gradient) expect(Number.isFinite(component)).toBe(true)
          const reference = quadratureLikelihood(theta, frequency, recency, age, 20)
          expectRelativelyClose(ll, reference.logLikelihood, 1e-10)
          const probability = ParetoNbd.probabilityAlive(theta, { frequency, recency, age })
          expect(Math.abs(probability - reference.probabilityAlive)).toBeLessThanOrEqual(1e-10)
        }
  })

  itTakesHeavyBuyers(paretoNbd, cdnow, cdnowFit.parameters)
})

describe("Pareto/NBD where the ₂F₁ argument is near 1", () => {
  /**
   * J(t) = ∫_t^∞ (α+τ)^-(r+x) (β+τ)^-(s+1) dτ as the likelihood passes it to the tail
   * routine: its series table (P = r + s + x, c), z = |α − β|/(max(α, β) + t) and 1 − z
   * from min(α, β) + t.
   */
  const tailArgument = ({ r, alpha, s, beta }: ParetoNbd.Parameters, x: number, t: number) => {
    const a = Math.max(alpha, beta) + t
    return {
      series: countSeries(r + s + x, alpha >= beta ? s + 1 : r + x),
      z: Math.abs(alpha - beta) / a,
      oneMinusZ: (Math.min(alpha, beta) + t) / a,
    }
  }

  /** Whether J at t_x goes by quadrature for this customer (the route under test). */
  const reachesQuadrature = (theta: ParetoNbd.Parameters, x: number, t: number): boolean => {
    const { series, z, oneMinusZ } = tailArgument(theta, x, t)
    return prefersQuadrature(series, z, Math.log(oneMinusZ))
  }

  /** Histories (x, t_x, T) over an ordinary year-long window in weeks. */
  const histories: ReadonlyArray<readonly [number, number, number]> = [
    [0, 0, 0.5],
    [0, 0, 39],
    [1, 0.2, 30],
    [3, 5, 5],
    [4, 10, 39],
    [15, 38, 39],
  ]

  /** ln L and P(alive) of each history against the definition integrated by quadrature. */
  const expectAgreementWithQuadrature = (theta: ParetoNbd.Parameters): number => {
    let quadratureRoutes = 0
    for (const [frequency, recency, age] of histories) {
      if (age > recency && reachesQuadrature(theta, frequency, recency)) quadratureRoutes++
      const reference = quadratureLikelihood(theta, frequency, recency, age, 20_000)
      const ll = right(
        ParetoNbd.logLikelihood(theta, {
          timeUnit: "weeks",
          frequency: [frequency],
          recency: [recency],
          age: [age],
        }),
      )
      expectRelativelyClose(ll, reference.logLikelihood, 1e-10)
      const probability = ParetoNbd.probabilityAlive(theta, { frequency, recency, age })
      expect(Math.abs(probability - reference.probabilityAlive)).toBeLessThanOrEqual(1e-10)
    }
    return quadratureRoutes
  }

  for (const ratio of [1e3, 1e6, 1e8])
    for (const larger of ["β", "α"] as const) {
      it(`CHN-1 Pareto/NBD log-likelihood and P(alive) agree with the definition integrated by quadrature at ${larger === "β" ? "β/α" : "α/β"} = ${ratio.toExponential().replace("+", "")}`, () => {
        let quadratureRoutes = 0
        for (const r of [0.3, 1.7])
          for (const s of [0.4, 2.5])
            for (const smaller of [0.05, 2]) {
              const theta =
                larger === "β"
                  ? { r, alpha: smaller, s, beta: smaller * ratio }
                  : { r, alpha: smaller * ratio, s, beta: smaller }
              quadratureRoutes += expectAgreementWithQuadrature(theta)
            }
        // The comparison reaches the near-1 route, not only the series.
        expect(quadratureRoutes).toBeGreaterThan(0)
      })
    }

  it("CHN-1 Pareto/NBD log-likelihood and P(alive) agree with the definition integrated by quadrature at s = 1 and integer r + x (the logarithmic cases of ₂F₁ at 1 − z), z near 1", () => {
    let quadratureRoutes = 0
    for (const ratio of [1e3, 1e6, 1e8])
      for (const r of [1, 2, 3])
        for (const smaller of [0.05, 2]) {
          quadratureRoutes += expectAgreementWithQuadrature({
            r,
            alpha: smaller,
            s: 1,
            beta: smaller * ratio,
          })
          quadratureRoutes += expectAgreementWithQuadrature({
            r,
            alpha: smaller * ratio,
            s: 1,
            beta: smaller,
          })
        }
    expect(quadratureRoutes).toBeGreaterThan(0)
  })

  /**
   * (P, c) pairs: CDNOW-like, s = 1 (c = 2), integer r + x, tiny and huge parameters,
   * and c = r < 1 (a one-time buyer with α < β), where the integrand first rises —
   * to a maximum inside the quadrature's range or at its end.
   */
  const seriesCases: ReadonlyArray<readonly [number, number]> = [
    [0.55 + 0.61, 1.61],
    [0.3 + 2, 0.3],
    [0.05 + 0.1, 0.05],
    [0.5 + 1 + 3, 2],
    [2 + 0.4 + 3, 5],
    [2e-4, 1 + 1e-4],
    [1e4 + 1e4, 1e4 + 1],
    [1e4 + 0.5 + 20, 1.5],
    [0.3 + 2 + 10_000, 10_000.3],
  ]

  /** The four outputs of the tail routine agree to `relative` (of each one's size, or of 1). */
  const expectSameTail = (first: TailLog, second: TailLog, relative: number): void => {
    expectRelativelyClose(first.value, second.value, relative)
    expectRelativelyClose(first.rest, second.rest, relative)
    expectRelativelyClose(first.byP, second.byP, relative)
    expectRelativelyClose(first.byC, second.byC, relative)
    expectRelativelyClose(first.byZ, second.byZ, relative)
  }

  it("CHN-1 Pareto/NBD ₂F₁ tail: the series and the quadrature agree, with their derivatives by P, c and z, for z from 0.6 to 0.99", () => {
    // Further out the series' own rounding exceeds 1e-12: thousands of terms, and for
    // c < 1 its ∂/∂z is (c − 1)/(1 − z) plus a sum that nearly cancels it.
    for (const [p, c] of seriesCases) {
      const series = countSeries(p, c)
      for (const oneMinusZ of [0.4, 0.2, 0.1, 0.03, 1e-2]) {
        const bySeries = tailLog()
        const byQuadrature = tailLog()
        const logOneMinusZ = Math.log(oneMinusZ)
        logTail(series, 1 - oneMinusZ, oneMinusZ, logOneMinusZ, 3, bySeries, "series")
        logTail(series, 1 - oneMinusZ, oneMinusZ, logOneMinusZ, 3, byQuadrature, "quadrature")
        expectSameTail(byQuadrature, bySeries, 1e-12)
      }
    }
  })

  it("CHN-1 Pareto/NBD ₂F₁ tail: the two routes agree just either side of the switch from series to quadrature", () => {
    let switches = 0
    for (const [p, c] of seriesCases) {
      const series = countSeries(p, c)
      const quadratureAt = (z: number) => prefersQuadrature(series, z, Math.log1p(-z))
      // Some tails never need the quadrature (large c makes the series' terms fall fast).
      if (!quadratureAt(1 - 1e-12)) continue
      switches++
      // The switch is monotone in z: bisect it to a double's resolution.
      let below = 0.5
      let above = 1 - 1e-12
      while (above - below > 1e-15) {
        const middle = (below + above) / 2
        if (quadratureAt(middle)) above = middle
        else below = middle
      }
      expect(quadratureAt(below)).toBe(false)
      for (const z of [below, above]) {
        const automatic = tailLog()
        const forcedSeries = tailLog()
        const forcedQuadrature = tailLog()
        const logOneMinusZ = Math.log1p(-z)
        logTail(series, z, 1 - z, logOneMinusZ, 0, automatic)
        logTail(series, z, 1 - z, logOneMinusZ, 0, forcedSeries, "series")
        logTail(series, z, 1 - z, logOneMinusZ, 0, forcedQuadrature, "quadrature")
        expectSameTail(automatic, z === below ? forcedSeries : forcedQuadrature, 0)
        expectSameTail(forcedQuadrature, forcedSeries, 1e-12)
      }
    }
    expect(switches).toBeGreaterThan(0)
  })

  /** The fitting objective (mean −ℓ per customer at log-parameters) and its analytic gradient. */
  const objective = (
    rows: ReturnType<typeof fittingRows>,
    theta: ParetoNbd.Parameters,
  ): { readonly value: number; readonly gradient: Float64Array } => {
    const gradient = new Float64Array(4)
    const logParameters = [theta.r, theta.alpha, theta.s, theta.beta].map(Math.log)
    return { value: negativeLogLikelihood(rows, logParameters, gradient), gradient }
  }

  /** Checks the analytic gradient against central differences in the log-parameters. */
  const expectGradientMatchesDifferences = (
    rows: ReturnType<typeof fittingRows>,
    theta: ParetoNbd.Parameters,
  ): void => {
    const { value, gradient } = objective(rows, theta)
    expect(Number.isFinite(value)).toBe(true)
    const names = ["r", "alpha", "s", "beta"] as const
    const step = 1e-5
    for (let k = 0; k < 4; k++) {
      const name = names[k] as (typeof names)[number]
      const up = objective(rows, { ...theta, [name]: theta[name] * Math.exp(step) }).value
      const down = objective(rows, { ...theta, [name]: theta[name] * Math.exp(-step) }).value
      expectRelativelyClose(gradient[k] as number, (up - down) / (2 * step), 1e-6)
    }
  }

  it("CHN-1 Pareto/NBD gradient the fit uses agrees with central differences at α/β and β/α of 1e3, 1e6 and 1e8, s = 1 and integer r + x included", () => {
    const frequency = histories.map(([x]) => x)
    const recency = histories.map(([, tx]) => tx)
    const age = histories.map(([, , t]) => t)
    const rows = fittingRows(frequency, recency, age, new Float64Array(frequency.length).fill(1))
    for (const ratio of [1e3, 1e6, 1e8])
      for (const [r, s] of [
        [0.4, 0.7],
        [2, 1],
      ] as const)
        for (const smaller of [0.05, 2]) {
          expectGradientMatchesDifferences(rows, { r, alpha: smaller, s, beta: smaller * ratio })
          expectGradientMatchesDifferences(rows, { r, alpha: smaller * ratio, s, beta: smaller })
        }
  })

  it("CHN-1 Pareto/NBD gradient agrees with central differences for customers just either side of the tail's switch point", () => {
    // α ≫ β: for x = 2 the argument falls from z(0) ≈ 1 through the switch as T grows;
    // put customers' T just before and after it.
    const theta = { r: 0.7, alpha: 5e4, s: 1.3, beta: 0.8 }
    const { series } = tailArgument(theta, 2, 0)
    const gap = theta.alpha - theta.beta
    let below = 0.9
    let above = gap / theta.alpha
    expect(prefersQuadrature(series, above, Math.log(theta.beta / theta.alpha))).toBe(true)
    while (above - below > 1e-14) {
      const middle = (below + above) / 2
      if (prefersQuadrature(series, middle, Math.log1p(-middle))) above = middle
      else below = middle
    }
    const switchAge = gap / above - theta.alpha // z(T) = gap / (α + T)
    const ages = [switchAge * (1 - 1e-9), switchAge * (1 + 1e-9), switchAge / 2, switchAge * 2]
    expect(reachesQuadrature(theta, 2, ages[0] as number)).toBe(true)
    expect(reachesQuadrature(theta, 2, ages[1] as number)).toBe(false)
    const rows = fittingRows(
      ages.map(() => 2),
      ages.map(() => 0.01),
      ages,
      new Float64Array(ages.length).fill(1),
    )
    expectGradientMatchesDifferences(rows, theta)
  })

  it("CHN-1 Pareto/NBD fit converges on customers simulated with β/α = 1e4 and recovers each parameter within 4 standard errors", () => {
    const truth = { r: 0.05, alpha: 0.005, s: 0.5, beta: 50 }
    const ages = right(Simulation.continuousAges(10_000, 26, 78, 14))
    const simulated = right(Simulation.paretoNbd(truth, ages, 2))
    const fit = right(
      ParetoNbd.fit({
        timeUnit: "weeks",
        frequency: simulated.frequency,
        recency: simulated.recency,
        age: simulated.age,
      }),
    )
    expect(fit.diagnostics.gradientNorm).toBeLessThanOrEqual(1e-6)
    expectWithinStandardErrors(fit, truth, paretoNbd.parameterNames)
  })
})

describe("Pareto/NBD expectations at t = 0", () => {
  it("CHN-1 Pareto/NBD E[X(0)] and the conditional expectation over 0 are +0, not −0, at s = 1 and on either side of it", () => {
    for (const s of [0.5, 1, 1 + 1e-12, 2]) {
      const theta = { r: 0.55, alpha: 10.58, s, beta: 11.67 }
      expect(Object.is(ParetoNbd.expectedPurchases(theta, 0), 0)).toBe(true)
      expect(
        Object.is(
          ParetoNbd.conditionalExpectedPurchases(theta, 0, { frequency: 2, recency: 30, age: 39 }),
          0,
        ),
      ).toBe(true)
    }
  })
})

describe("Pareto/NBD bad input", () => {
  const valid = validObservations
  itRejectsEach(paretoNbd, cdnowFit.parameters, [
    ...namedRejections,
    rejectionNaming("a short age column", {
      observations: { ...valid, age: [10, 10] },
      field: "age",
      row: 2,
    }),
    rejectionNaming("NaN", {
      observations: { ...valid, recency: [Number.NaN, 0, 3] },
      field: "recency",
      row: 0,
    }),
    rejectionNaming("a zero weight", {
      observations: { ...valid, weight: [0, 1, 1] },
      field: "weight",
      row: 0,
    }),
    rejectionNaming("a negative weight", {
      observations: { ...valid, weight: [1, -1, 1] },
      field: "weight",
      row: 1,
    }),
    rejectionNaming("empty data", spoiled.empty),
  ])

  itReportsNonConvergence(paretoNbd, cdnowWeeks)
})
