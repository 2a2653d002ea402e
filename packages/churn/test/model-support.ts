// What the tests of the customer-base models share. BG/NBD, MBG/NBD and Pareto/NBD
// are one kind of model — a fit on (x, t_x, T), P(alive), expected purchases — checked
// the same way: on CDNOW, by properties, against independent references, at extreme
// inputs, on simulated bases and on bad input. Each check is written here once, for a
// model described by its name, its parameters and its functions; the tests that are
// the same for every model are registered here too, titled with the model's name. The
// model-specific facts (published values, closed forms, bounds) stay in each model's
// test file. Gamma-Gamma and Value use the result, comparison and recovery helpers.
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import { expect, it } from "vitest"
import {
  ConvergenceError,
  type Fit,
  type FitOptions,
  InvalidObservationError,
  type Observations,
  type Scores,
} from "../src/Fitting.js"
import { logBeta } from "../src/internal/special.js"
import * as Simulation from "../src/Simulation.js"
import {
  type CdnowSummary,
  cdnowCustomer,
  cdnowObservations,
  cdnowWithHeavyBuyers,
} from "./cdnow.js"

// --- results and comparisons ---------------------------------------------------------

/** The value of a result expected to succeed; a failure throws with the error. */
export const right = <A, E>(result: Either.Either<A, E>): A => {
  if (Either.isLeft(result)) throw new Error(`expected Right, got ${String(result.left)}`)
  return result.right
}

/** The error of a result expected to fail; a success throws. */
export const left = <A, E>(result: Either.Either<A, E>): E => {
  if (Either.isRight(result)) throw new Error("expected Left")
  return result.left
}

/** |actual − expected| within `relative` of the expected value's size (or of 1 near 0). */
export const expectRelativelyClose = (actual: number, expected: number, relative: number): void => {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(
    relative * Math.max(1, Math.abs(expected)),
  )
}

/** |actual − expected| within `relative` of |expected|, however small it is. */
const expectRelative = (actual: number, expected: number, relative: number): void => {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relative * Math.abs(expected))
}

/** A log-uniform draw between `min` and `max`: model parameters span orders of magnitude. */
export const logUniform = (min: number, max: number) =>
  FastCheck.double({ min: Math.log(min), max: Math.log(max), noNaN: true }).map(Math.exp)

// --- the models under test -----------------------------------------------------------

/** Parameters of a purchase model: each has a Gamma(r, α) purchase rate. */
export type PurchaseParameters = Readonly<Record<string, number>> & {
  readonly r: number
  readonly alpha: number
}

/** A customer's history, the same for the three purchase models. */
export interface History {
  readonly frequency: number
  readonly recency: number
  readonly age: number
}

/**
 * A purchase model under test: its name as fits and errors report it, its parameters,
 * and the functions of its module that the shared checks call.
 */
export interface PurchaseModel<P extends PurchaseParameters> {
  readonly name: string
  /** The parameters in the model's order. */
  readonly parameterNames: ReadonlyArray<keyof P & string>
  /** The parameters that are times (rates' scales): ×7 when weeks become days. */
  readonly timeScales: ReadonlyArray<keyof P & string>
  readonly fit: (
    observations: Observations,
    options?: FitOptions,
  ) => Either.Either<Fit<string, P>, InvalidObservationError | ConvergenceError>
  readonly logLikelihood: (
    parameters: P,
    observations: Observations,
  ) => Either.Either<number, InvalidObservationError>
  readonly probabilityAlive: (parameters: P, customer: History) => number
  readonly expectedPurchases: (parameters: P, t: number) => number
  readonly conditionalExpectedPurchases: (parameters: P, t: number, customer: History) => number
  readonly score: (parameters: P, observations: Observations, horizon: number) => Scores
}

/** The functions a model's module must have for the shared checks. */
type ModuleOf<P extends PurchaseParameters> = Omit<
  PurchaseModel<P>,
  "name" | "parameterNames" | "timeScales"
>

/** The BG/NBD and MBG/NBD parameters: Gamma(r, α) purchase rates, Beta(a, b) drop-out. */
export type BetaGeometricParameters = {
  readonly r: number
  readonly alpha: number
  readonly a: number
  readonly b: number
}

/** BG/NBD or MBG/NBD: a purchase model with a purchase-count distribution. */
export interface BetaGeometricModel extends PurchaseModel<BetaGeometricParameters> {
  /** P(X(t) = n). */
  readonly purchaseProbability: (theta: BetaGeometricParameters, t: number, n: number) => number
}

/** The parameter `name` of a model's parameters (named by the model, so always there). */
const parameterValue = <P extends Readonly<Record<string, number>>>(
  parameters: P,
  name: keyof P & string,
): number => parameters[name] as number

/** Describes a purchase model's module for the shared checks. */
export const purchaseModel = <P extends PurchaseParameters>(
  name: string,
  parameterNames: ReadonlyArray<keyof P & string>,
  timeScales: ReadonlyArray<keyof P & string>,
  module: ModuleOf<P>,
): PurchaseModel<P> => ({
  name,
  parameterNames,
  timeScales,
  fit: module.fit,
  logLikelihood: module.logLikelihood,
  probabilityAlive: module.probabilityAlive,
  expectedPurchases: module.expectedPurchases,
  conditionalExpectedPurchases: module.conditionalExpectedPurchases,
  score: module.score,
})

/** Describes BG/NBD's or MBG/NBD's module: parameters r, α, a, b, of which α is a time. */
export const betaGeometricModel = (
  name: string,
  module: ModuleOf<BetaGeometricParameters> & Pick<BetaGeometricModel, "purchaseProbability">,
): BetaGeometricModel => ({
  ...purchaseModel(name, ["r", "alpha", "a", "b"], ["alpha"], module),
  purchaseProbability: module.purchaseProbability,
})

// --- on CDNOW ------------------------------------------------------------------------

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

/** The fit on CDNOW's 1,016 distinct rows with weights equals the fit on its 2,357 rows. */
export const expectWeightedCdnowFitAgrees = <P extends PurchaseParameters>(
  model: PurchaseModel<P>,
  cdnowWeeks: Observations,
  cdnowFit: Fit<string, P>,
): void => {
  const distinct = distinctRowsOf(cdnowWeeks)
  expect(distinct.weight).toHaveLength(1016)
  const weighted = right(model.fit(distinct))
  expect(weighted.customers).toBe(2357)
  for (const name of model.parameterNames)
    expectRelativelyClose(
      parameterValue(weighted.parameters, name),
      parameterValue(cdnowFit.parameters, name),
      1e-6,
    )
  expectRelativelyClose(weighted.logLikelihood, cdnowFit.logLikelihood, 1e-9)
}

/**
 * CDNOW fitted in days gives the time scales ×7, the other parameters unchanged (to
 * `relative`) and a log-likelihood lower by Σx·ln 7.
 */
export const expectCdnowInDaysEquivariant = <P extends PurchaseParameters>(
  model: PurchaseModel<P>,
  cdnow: CdnowSummary,
  cdnowFit: Fit<string, P>,
  relative: number,
): void => {
  const inDays = right(model.fit(cdnowObservations(cdnow, "days")))
  expect(inDays.timeUnit).toBe("days")
  for (const name of model.parameterNames) {
    const scale = model.timeScales.includes(name) ? 7 : 1
    expectRelativelyClose(
      parameterValue(inDays.parameters, name),
      parameterValue(cdnowFit.parameters, name) * scale,
      relative,
    )
  }
  // Each repeat purchase contributes a density in time: measured in days it is 7 times thinner.
  const repeatPurchases = cdnow.x.reduce((total, x) => total + x, 0)
  expect(repeatPurchases).toBe(2457)
  expect(inDays.logLikelihood - cdnowFit.logLikelihood).toBeCloseTo(
    -repeatPurchases * Math.log(7),
    6,
  )
}

/**
 * Registers the scores test: the score columns over 39 weeks hold each CDNOW customer's
 * P(alive) — identical, or within `probabilityAliveTolerance` when given — and
 * conditional expectation.
 */
export const itScoresEachCdnowCustomer = <P extends PurchaseParameters>(
  model: PurchaseModel<P>,
  cdnow: CdnowSummary,
  parameters: P,
  probabilityAliveTolerance?: number,
): void =>
  it(`CHN-1 ${model.name} score columns equal P(alive) and the conditional expectation of every CDNOW customer`, () => {
    const scores = model.score(parameters, cdnowObservations(cdnow), 39)
    expect(scores.timeUnit).toBe("weeks")
    expect(scores.horizon).toBe(39)
    expect(scores.probabilityAlive).toHaveLength(2357)
    expect(scores.expectedPurchases).toHaveLength(2357)
    for (let i = 0; i < 2357; i++) {
      const customer = cdnowCustomer(cdnow, i)
      const probabilityAlive = model.probabilityAlive(parameters, customer)
      if (probabilityAliveTolerance === undefined)
        expect(scores.probabilityAlive[i]).toBe(probabilityAlive)
      else
        expectRelativelyClose(
          scores.probabilityAlive[i] as number,
          probabilityAlive,
          probabilityAliveTolerance,
        )
      expectRelativelyClose(
        scores.expectedPurchases[i] as number,
        model.conditionalExpectedPurchases(parameters, 39, customer),
        1e-12,
      )
    }
  })

// --- properties ----------------------------------------------------------------------

/** BG/NBD and MBG/NBD parameters from the moderate range the closed forms hold in. */
export const moderateBetaGeometricParameters = FastCheck.record({
  r: logUniform(0.05, 20),
  alpha: logUniform(0.1, 100),
  a: logUniform(0.05, 20),
  b: logUniform(0.05, 20),
})

/** BG/NBD and MBG/NBD parameters, each log-uniform between `min` and `max`. */
const betaGeometricParametersWithin = (min: number, max: number) =>
  FastCheck.record({
    r: logUniform(min, max),
    alpha: logUniform(min, max),
    a: logUniform(min, max),
    b: logUniform(min, max),
  })

/** A valid history: up to 30 repeat purchases, T from 0.1 to `maxAge`, t_x = 0 when x = 0. */
export const historyUpTo = (maxAge: number): FastCheck.Arbitrary<History> =>
  FastCheck.record({
    frequency: FastCheck.integer({ min: 0, max: 30 }),
    recencyShare: FastCheck.double({ min: 0, max: 1, noNaN: true }),
    age: FastCheck.double({ min: 0.1, max: maxAge, noNaN: true }),
  }).map(({ frequency, recencyShare, age }) => ({
    frequency,
    recency: frequency === 0 ? 0 : recencyShare * age,
    age,
  }))

/**
 * The model's log-likelihood of up to 8 customers is the sum of `perCustomer`, an
 * independent closed form, to 1e-9.
 */
export const expectLogLikelihoodIsClosedForm = <P extends PurchaseParameters>(
  model: PurchaseModel<P>,
  parameters: FastCheck.Arbitrary<P>,
  history: FastCheck.Arbitrary<History>,
  perCustomer: (parameters: P, x: number, recency: number, age: number) => number,
): void => {
  FastCheck.assert(
    FastCheck.property(
      parameters,
      FastCheck.array(history, { minLength: 1, maxLength: 8 }),
      (theta, customers) => {
        const observations: Observations = {
          timeUnit: "weeks",
          frequency: customers.map((c) => c.frequency),
          recency: customers.map((c) => c.recency),
          age: customers.map((c) => c.age),
        }
        const expected = customers.reduce(
          (total, c) => total + perCustomer(theta, c.frequency, c.recency, c.age),
          0,
        )
        expectRelativelyClose(right(model.logLikelihood(theta, observations)), expected, 1e-9)
      },
    ),
    { numRuns: 200 },
  )
}

/** P(alive) is in [0, 1] for any parameters drawn and any valid history within the bounds. */
export const expectProbabilityAliveIsProbability = <P extends PurchaseParameters>(
  model: PurchaseModel<P>,
  parameters: FastCheck.Arbitrary<P>,
  bounds: { readonly maxFrequency: number; readonly maxAge: number; readonly runs: number },
): void => {
  FastCheck.assert(
    FastCheck.property(
      parameters,
      FastCheck.integer({ min: 0, max: bounds.maxFrequency }),
      FastCheck.double({ min: 0, max: 1, noNaN: true }),
      FastCheck.double({ min: 0, max: bounds.maxAge, noNaN: true }),
      (theta, frequency, recencyShare, age) => {
        const probability = model.probabilityAlive(theta, {
          frequency,
          recency: frequency === 0 ? 0 : recencyShare * age,
          age,
        })
        expect(probability).toBeGreaterThanOrEqual(0)
        expect(probability).toBeLessThanOrEqual(1)
      },
    ),
    { numRuns: bounds.runs },
  )
}

/**
 * With x and T fixed, P(alive) at an earlier last purchase is at most that at a more
 * recent one (plus `slack`, for a model computed by routes that differ in rounding).
 */
export const expectProbabilityAliveFallsWithGap = <P extends PurchaseParameters>(
  model: PurchaseModel<P>,
  parameters: FastCheck.Arbitrary<P>,
  slack: number,
): void => {
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
          model.probabilityAlive(theta, { frequency, recency: earlier, age }),
        ).toBeLessThanOrEqual(
          model.probabilityAlive(theta, { frequency, recency: recent, age }) + slack,
        )
      },
    ),
    { numRuns: 300 },
  )
}

/**
 * The relative accuracy the BG/NBD and MBG/NBD expectations are checked to. They
 * achieve about 1e-12 on the whole domain (measured against 100-digit references while
 * they were written); {@link mixtureReference} is good to about 1e-13.
 */
const EXPECTATION_ACCURACY = 1e-11

/** E[X(t)] is +0 at t = 0, positive after, and does not fall as t grows (to the accuracy). */
const expectExpectedPurchasesGrowFromZero = <P extends PurchaseParameters>(
  model: PurchaseModel<P>,
  parameters: FastCheck.Arbitrary<P>,
): void => {
  FastCheck.assert(
    FastCheck.property(
      parameters,
      FastCheck.double({ min: 0.01, max: 500, noNaN: true }),
      FastCheck.double({ min: 0.01, max: 500, noNaN: true }),
      (theta, first, second) => {
        const shorter = Math.min(first, second)
        const longer = Math.max(first, second)
        expect(model.expectedPurchases(theta, 0)).toBe(0)
        const early = model.expectedPurchases(theta, shorter)
        expect(early).toBeGreaterThan(0)
        // Two nearly equal horizons may be computed by different methods, each
        // accurate to about 1e-12: allow that much.
        expect(model.expectedPurchases(theta, longer)).toBeGreaterThanOrEqual(
          early * (1 - EXPECTATION_ACCURACY),
        )
      },
    ),
    { numRuns: 300 },
  )
}

/** The conditional expectation is non-negative and does not fall as the horizon grows. */
const expectConditionalExpectationGrows = <P extends PurchaseParameters>(
  model: PurchaseModel<P>,
  parameters: FastCheck.Arbitrary<P>,
  history: FastCheck.Arbitrary<History>,
): void => {
  FastCheck.assert(
    FastCheck.property(
      parameters,
      history,
      FastCheck.double({ min: 0.01, max: 300, noNaN: true }),
      FastCheck.double({ min: 0.01, max: 300, noNaN: true }),
      (theta, customer, first, second) => {
        const early = model.conditionalExpectedPurchases(theta, Math.min(first, second), customer)
        const late = model.conditionalExpectedPurchases(theta, Math.max(first, second), customer)
        expect(early).toBeGreaterThanOrEqual(0)
        expect(late).toBeGreaterThanOrEqual(early * (1 - EXPECTATION_ACCURACY))
      },
    ),
    { numRuns: 300 },
  )
}

/**
 * Registers the properties BG/NBD and MBG/NBD share under the same titles: P(alive) a
 * probability for parameters from 1e-6 to 1e6, x up to 100,000 and T up to 1e7; P(alive)
 * falling with the gap since the last purchase; E[X(t)] from 0 and rising; the
 * conditional expectation rising with the horizon.
 */
export const itHasBetaGeometricProperties = (model: BetaGeometricModel): void => {
  const parameters = moderateBetaGeometricParameters
  it(`CHN-1 ${model.name} P(alive) is in [0, 1] for any valid parameters and history`, () =>
    expectProbabilityAliveIsProbability(model, betaGeometricParametersWithin(1e-6, 1e6), {
      maxFrequency: 100_000,
      maxAge: 1e7,
      runs: 500,
    }))
  it(`CHN-1 ${model.name} P(alive) falls as the gap T − t_x since the last purchase grows (x and T fixed)`, () =>
    expectProbabilityAliveFallsWithGap(model, parameters, 0))
  it(`CHN-1 ${model.name} E[X(t)] is 0 at t = 0 and increases with t`, () =>
    expectExpectedPurchasesGrowFromZero(model, parameters))
  it(`CHN-1 ${model.name} conditional expectation increases with the horizon t`, () =>
    expectConditionalExpectationGrows(model, parameters, historyUpTo(200)))
}

// --- the purchase-count distribution and the beta-mixture reference ----------------

/**
 * Σₙ P(X(t) = n) and Σₙ n P(X(t) = n), summed until the rest of the mean is below
 * 1e-14: past the mode the probabilities fall at least geometrically, by t/(α + t)
 * per count. Each probability is checked to be non-negative on the way.
 */
const countDistribution = (
  model: BetaGeometricModel,
  theta: BetaGeometricParameters,
  t: number,
) => {
  const ratio = t / (theta.alpha + t)
  const mode = (theta.r * t) / theta.alpha
  let total = 0
  let mean = 0
  for (let n = 0; n <= 5000; n++) {
    const probability = model.purchaseProbability(theta, t, n)
    expect(probability).toBeGreaterThanOrEqual(0)
    total += probability
    mean += n * probability
    if (n > mode && (probability * (n + 1)) / (1 - ratio) ** 2 < 1e-14) break
  }
  return { total, mean }
}

/**
 * For parameters whose count distribution is quick to sum (r 0.1–3, α 2–20, a 0.3–5,
 * b 0.5–5) and t from 0.5 to 39: the probabilities sum to 1 (to 9 decimals), and
 * `checkMean` holds of their mean.
 */
export const expectCountDistributionProperty = (
  model: BetaGeometricModel,
  checkMean: (theta: BetaGeometricParameters, t: number, mean: number) => void,
): void => {
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
        const { total, mean } = countDistribution(model, theta, t)
        expect(total).toBeCloseTo(1, 9)
        checkMean(theta, t, mean)
      },
    ),
    { numRuns: 25 },
  )
}

/** P(X(t) = 0) is `closedForm(θ, t)` to 1e-12, for moderate parameters and t from 0.01 to 100. */
export const expectNoPurchaseProbability = (
  model: BetaGeometricModel,
  closedForm: (theta: BetaGeometricParameters, t: number) => number,
): void => {
  FastCheck.assert(
    FastCheck.property(
      moderateBetaGeometricParameters,
      FastCheck.double({ min: 0.01, max: 100, noNaN: true }),
      (theta, t) => {
        expectRelativelyClose(model.purchaseProbability(theta, t, 0), closedForm(theta, t), 1e-12)
      },
    ),
    { numRuns: 100 },
  )
}

/** At t = 1, 10 and 39 the purchase counts' probabilities sum to 1 and their mean is E[X(t)]. */
export const expectExpectedPurchasesAreCountMean = (
  model: BetaGeometricModel,
  theta: BetaGeometricParameters,
): void => {
  for (const t of [1, 10, 39]) {
    const { total, mean } = countDistribution(model, theta, t)
    expect(total).toBeCloseTo(1, 9)
    expectRelative(model.expectedPurchases(theta, t), mean, 1e-9)
  }
}

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
 * M(r, α, a, b, t) = E[(1 − (1 + p t/α)^{−r}) / p] for p ~ Beta(a, b): the expected
 * purchases in `t` of a customer alive now, with λ ~ Gamma(r, α), who drops out after
 * each purchase with probability p. Under BG/NBD, E[X(t)] is M at (r, α, a, b) and
 * E[Y(t) | alive, x, T] is M at (r + x, α + T, a, b + x); under MBG/NBD, E[X(t)] is
 * b/(a + b) times M at (r, α, a, b + 1) (the customer first survives the drop-out chance
 * at 0) and E[Y(t) | alive, x, T] is M at (r + x, α + T, a, b + x + 1). A plain
 * quadrature, independent of the implementation: x = ln p on (0, ½] and y = −ln(1 − p)
 * on [½, 1), each with its exact exponential tail where the density is p^{a−1} (or
 * (1 − p)^{b−1}) and the rest constant to 1e-18, and B(a, b) from the log-gamma
 * function. For a and b from about 0.05 to a few hundred.
 */
export const mixtureReference = (r: number, alpha: number, a: number, b: number, t: number) => {
  const s = t / alpha
  const f = (p: number) => -Math.expm1(-r * Math.log1p(p * s)) / p
  const step = 0.5 / Math.sqrt(1 + a + b)
  const x0 = Math.log(1e-18 / (Math.abs(b - 1) + (r + 1) * s + 1))
  const belowHalf =
    (f(Math.exp(x0)) * Math.exp(a * x0)) / a +
    integrate(
      (x) => Math.exp(a * x + (b - 1) * Math.log1p(-Math.exp(x))) * f(Math.exp(x)),
      x0,
      -Math.LN2,
      step,
    )
  const y0 = Math.log((Math.abs(a - 1) + 3) * 1e18)
  const aboveHalf =
    (f(1) * Math.exp(-b * y0)) / b +
    integrate(
      (y) => Math.exp((a - 1) * Math.log1p(-Math.exp(-y)) - b * y) * f(-Math.expm1(-y)),
      Math.LN2,
      y0,
      step,
    )
  return (belowHalf + aboveHalf) * Math.exp(-logBeta(a, b))
}

/** Horizons as multiples of α, from far below the purchase time scale to far above it. */
export const wholeDomainHorizons: ReadonlyArray<number> = [1e-8, 1e-4, 0.01, 1, 39, 1e3, 1e5, 1e8]

/** Customer 0001-like histories over CDNOW's 38.86 weeks: x = 0, 2 and 100. */
export const referenceHistories: ReadonlyArray<History> = [
  { frequency: 0, recency: 0, age: 38.86 },
  { frequency: 2, recency: 30.43, age: 38.86 },
  { frequency: 100, recency: 38, age: 38.86 },
]

/** A model's expectations as {@link mixtureReference} gives them. */
export interface ExpectationReference {
  readonly expectedPurchases: (theta: BetaGeometricParameters, t: number) => number
  readonly conditionalExpectedPurchases: (
    theta: BetaGeometricParameters,
    t: number,
    customer: History,
  ) => number
}

/**
 * At t = ratio · α for each ratio, E[X(t)] is finite and it and the conditional
 * expectation of each {@link referenceHistories} agree with `reference` to
 * {@link EXPECTATION_ACCURACY}.
 */
export const expectAgreementWithReference = (
  model: BetaGeometricModel,
  reference: ExpectationReference,
  theta: BetaGeometricParameters,
  ratios: ReadonlyArray<number>,
): void => {
  for (const ratio of ratios) {
    const t = ratio * theta.alpha
    const expected = model.expectedPurchases(theta, t)
    expect(Number.isFinite(expected)).toBe(true)
    expectRelative(expected, reference.expectedPurchases(theta, t), EXPECTATION_ACCURACY)
    for (const customer of referenceHistories)
      expectRelative(
        model.conditionalExpectedPurchases(theta, t, customer),
        reference.conditionalExpectedPurchases(theta, t, customer),
        EXPECTATION_ACCURACY,
      )
  }
}

/**
 * Registers the whole-domain tests BG/NBD and MBG/NBD share under the same titles:
 * agreement with `reference` at a = 1 ± 1e-9, where the closed form loses 9 digits, and
 * for t/α from 1e3 to 1e8, where the ₂F₁ series does not converge — at the model's
 * CDNOW-like a and b and at three others.
 */
export const itAgreesWithReferenceWhereClosedFormFails = (
  model: BetaGeometricModel,
  reference: ExpectationReference,
  cdnowLike: BetaGeometricParameters,
): void => {
  it(`CHN-1 ${model.name} E[X(t)] and the conditional expectations agree with a quadrature over p at a = 1 ± 1e-9, where the closed form loses 9 digits`, () => {
    for (const a of [1 + 1e-9, 1 - 1e-9])
      expectAgreementWithReference(model, reference, { ...cdnowLike, a }, wholeDomainHorizons)
  })
  it(`CHN-1 ${model.name} E[X(t)] and the conditional expectations agree with a quadrature over p for t/α up to 1e8, where the ₂F₁ series does not converge`, () => {
    for (const [a, b] of [
      [cdnowLike.a, cdnowLike.b],
      [2.5, 4],
      [0.5, 10],
      [30, 3],
    ] as const)
      expectAgreementWithReference(model, reference, { ...cdnowLike, a, b }, [1e3, 1e5, 1e8])
  })
}

/**
 * M(x₀ ± δ) for δ = 1e-12, 1e-9, 1e-6 equals M(x₀) ± slope·δ + curvature·δ²/2 to
 * {@link EXPECTATION_ACCURACY}, the slope and curvature taken by central differences
 * at ±1e-4 (their own errors are far below that at these δ): continuous (and smooth)
 * through x₀. Returns the slope.
 */
export const expectSmoothThrough = (expectation: (x: number) => number, x0: number): number => {
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

/**
 * For parameters from 1e-4 to 1e4, t/α from 1e-8 to 1e8 and x up to 10,000: E[X(t)]
 * and the conditional expectation are finite, non-negative, do not fall as t grows,
 * and stay below `purchaseBound(θ, t)` (resp. the (r + x)·t/(α + T) of a customer who
 * never drops out), all to {@link EXPECTATION_ACCURACY}.
 */
export const expectExpectationsBounded = (
  model: BetaGeometricModel,
  purchaseBound: (theta: BetaGeometricParameters, t: number) => number,
): void => {
  FastCheck.assert(
    FastCheck.property(
      betaGeometricParametersWithin(1e-4, 1e4),
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
        const early = model.expectedPurchases(theta, shorter)
        const late = model.expectedPurchases(theta, longer)
        expect(Number.isFinite(late)).toBe(true)
        expect(early).toBeGreaterThanOrEqual(0)
        expect(late).toBeGreaterThanOrEqual(early * (1 - EXPECTATION_ACCURACY))
        expect(late).toBeLessThanOrEqual(purchaseBound(theta, longer) * (1 + EXPECTATION_ACCURACY))
        const customer = { frequency, recency: frequency === 0 ? 0 : recencyShare * age, age }
        const soon = model.conditionalExpectedPurchases(theta, shorter, customer)
        const later = model.conditionalExpectedPurchases(theta, longer, customer)
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
}

// --- parameter recovery --------------------------------------------------------------

/** Each true parameter lies within 4 standard errors of its estimate. */
export const expectWithinStandardErrors = <P extends Readonly<Record<string, number>>>(
  fit: Fit<string, P>,
  truth: P,
  parameterNames: ReadonlyArray<keyof P & string>,
): void => {
  const standardErrors = fit.standardErrors as P
  expect(standardErrors).toBeDefined()
  for (const name of parameterNames)
    expect(
      Math.abs(parameterValue(fit.parameters, name) - parameterValue(truth, name)),
    ).toBeLessThanOrEqual(4 * parameterValue(standardErrors, name))
}

/** The recovery's seeds, fixed: the check is statistical, and a red run must be reproducible. */
export interface RecoverySeeds {
  /** The seed of the 10,000 customers' ages, from 26 to 78 weeks. */
  readonly agesSeed: number
  /** How many true parameter sets are drawn. */
  readonly runs: number
  /** The seed of the draws. */
  readonly seed: number
}

/** BG/NBD and MBG/NBD true values 10,000 customers pin down: r 0.3–3, α 1–10, a 0.5–3, b 1–10. */
export const recoverableBetaGeometricParameters = FastCheck.record({
  r: logUniform(0.3, 3),
  alpha: logUniform(1, 10),
  a: logUniform(0.5, 3),
  b: logUniform(1, 10),
})

/**
 * Registers the recovery test: bases of 10,000 customers simulated at drawn true
 * parameters, each fitted, each true value within 4 standard errors of its estimate.
 */
export const itRecoversSimulatedParameters = <P extends PurchaseParameters>(
  model: PurchaseModel<P>,
  truths: FastCheck.Arbitrary<P>,
  simulate: (
    truth: P,
    ages: ArrayLike<number>,
    seed: number,
  ) => Either.Either<Simulation.SimulatedCustomers, unknown>,
  seeds: RecoverySeeds,
): void => {
  it(`CHN-1 ${model.name} recovers simulated parameters: each true value lies within 4 standard errors of its estimate (10,000 customers)`, () => {
    const ages = right(Simulation.continuousAges(10_000, 26, 78, seeds.agesSeed))
    FastCheck.assert(
      FastCheck.property(truths, FastCheck.integer({ min: 1, max: 1_000_000 }), (truth, seed) => {
        const simulated = right(simulate(truth, ages, seed))
        const fit = right(
          model.fit({
            timeUnit: "weeks",
            frequency: simulated.frequency,
            recency: simulated.recency,
            age: simulated.age,
          }),
        )
        expect(fit.customers).toBe(10_000)
        expectWithinStandardErrors(fit, truth, model.parameterNames)
      }),
      { numRuns: seeds.runs, seed: seeds.seed },
    )
  })
}

// --- extreme inputs ------------------------------------------------------------------

/** Each parameter's values on the extreme-input grid: 1e-4 to 1e4. */
const extremes = [1e-4, 1e-2, 1, 1e2, 1e4]

/**
 * Histories (x, t_x, T) at the edges: one-time buyers seen for a moment or for 1e6,
 * x = 1000 and 10,000 with t_x tiny, equal to T, or far before it.
 */
const extremeHistories: ReadonlyArray<History> = [
  { frequency: 0, recency: 0, age: 1e-6 },
  { frequency: 0, recency: 0, age: 1e6 },
  { frequency: 1000, recency: 1e-6, age: 1 },
  { frequency: 1000, recency: 5, age: 5 },
  { frequency: 1000, recency: 1, age: 1e6 },
  { frequency: 10_000, recency: 1e5, age: 1e6 },
  { frequency: 10_000, recency: 38.86, age: 38.86 },
  { frequency: 1, recency: 1e-8, age: 1e6 },
]

/** Every combination of {@link extremes} for the four parameters, in the model's order. */
const extremeParameters = <P extends PurchaseParameters>(
  parameterNames: ReadonlyArray<keyof P & string>,
): ReadonlyArray<P> => {
  let grid: Array<Record<string, number>> = [{}]
  for (const name of parameterNames)
    grid = grid.flatMap((partial) => extremes.map((value) => ({ ...partial, [name]: value })))
  return grid as unknown as ReadonlyArray<P>
}

/**
 * On the grid of parameters from 1e-4 to 1e4 and the extreme histories, the
 * log-likelihood is finite and P(alive) a probability.
 */
export const expectFiniteAtExtremeInputs = <P extends PurchaseParameters>(
  model: PurchaseModel<P>,
): void => {
  for (const theta of extremeParameters<P>(model.parameterNames))
    for (const customer of extremeHistories) {
      const ll = right(
        model.logLikelihood(theta, {
          timeUnit: "weeks",
          frequency: [customer.frequency],
          recency: [customer.recency],
          age: [customer.age],
        }),
      )
      expect(Number.isFinite(ll)).toBe(true)
      const probability = model.probabilityAlive(theta, customer)
      expect(probability).toBeGreaterThanOrEqual(0)
      expect(probability).toBeLessThanOrEqual(1)
    }
}

/**
 * Registers the heavy-buyer tests: over 10 weeks, a customer with x = 1000 or 10,000
 * bought at T = 38.86 expects a finite, positive number of purchases, at most what the
 * customer's own rate allows; and the fit converges on CDNOW plus three heavy buyers
 * and reports its own log-likelihood.
 */
export const itTakesHeavyBuyers = <P extends PurchaseParameters>(
  model: PurchaseModel<P>,
  cdnow: CdnowSummary,
  parameters: P,
): void => {
  it(`CHN-1 ${model.name} conditional expectation is finite for x = 1000 and 10,000`, () => {
    for (const frequency of [1000, 10_000]) {
      const expected = model.conditionalExpectedPurchases(parameters, 10, {
        frequency,
        recency: 38.86,
        age: 38.86,
      })
      expect(Number.isFinite(expected)).toBe(true)
      // At most the purchases of the customer's own rate, (r + x)/(α + T) per week, over 10 weeks.
      expect(expected).toBeGreaterThan(0)
      expect(expected).toBeLessThanOrEqual(
        (10 * (parameters.r + frequency)) / (parameters.alpha + 38.86),
      )
    }
  })

  it(`CHN-1 ${model.name} fit converges on CDNOW plus customers with x = 1000 and 10,000`, () => {
    const observations = cdnowWithHeavyBuyers(cdnow)
    const fit = right(model.fit(observations))
    expect(fit.customers).toBe(2360)
    expect(fit.diagnostics.gradientNorm).toBeLessThanOrEqual(1e-5)
    expect(Number.isFinite(fit.logLikelihood)).toBe(true)
    expect(right(model.logLikelihood(fit.parameters, observations))).toBeCloseTo(
      fit.logLikelihood,
      6,
    )
  })
}

// --- bad input -----------------------------------------------------------------------

/** Three valid customers in weeks: the observations each bad-input case spoils in one place. */
export const validObservations = {
  timeUnit: "weeks",
  frequency: [2, 0, 1],
  recency: [5, 0, 3],
  age: [10, 10, 10],
} as const satisfies Observations

/** Observations a purchase model must refuse, and the column and row the refusal names. */
export interface Spoiled {
  readonly observations: Observations
  readonly field: string
  readonly row: number
}

/** The spoilings every purchase model's tests use, each naming one cell. */
export const spoiled = {
  negativeAge: { observations: { ...validObservations, age: [10, -1, 10] }, field: "age", row: 1 },
  negativeRecency: {
    observations: { ...validObservations, recency: [5, 0, -3] },
    field: "recency",
    row: 2,
  },
  recencyAfterAge: {
    observations: { ...validObservations, recency: [10.5, 0, 3] },
    field: "recency",
    row: 0,
  },
  negativeFrequency: {
    observations: { ...validObservations, frequency: [2, -1, 1] },
    field: "frequency",
    row: 1,
  },
  fractionalFrequency: {
    observations: { ...validObservations, frequency: [2, 0, 1.5] },
    field: "frequency",
    row: 2,
  },
  recencyWithoutRepeat: {
    observations: { ...validObservations, recency: [5, 1, 3] },
    field: "recency",
    row: 1,
  },
  shortRecency: {
    observations: { ...validObservations, recency: [5, 0] },
    field: "recency",
    row: 2,
  },
  zeroWeight: {
    observations: { ...validObservations, weight: [1, 0, 1] },
    field: "weight",
    row: 1,
  },
  empty: {
    observations: { timeUnit: "weeks", frequency: [], recency: [], age: [] },
    field: "frequency",
    row: 0,
  },
} as const satisfies Record<string, Spoiled>

/** A bad-input test: its title after "CHN-1 <model>", and the observations it refuses. */
export interface Rejection extends Spoiled {
  readonly title: string
}

/** A case titled "rejects <what> with an InvalidObservationError naming <field>[<row>]". */
export const rejectionNaming = (
  what: string,
  { observations, field, row }: Spoiled,
): Rejection => ({
  title: `rejects ${what} with an InvalidObservationError naming ${field}[${row}]`,
  observations,
  field,
  row,
})

/** The first six cases of MBG/NBD's and Pareto/NBD's tables, as they title them. */
export const namedRejections: ReadonlyArray<Rejection> = [
  rejectionNaming("a negative observation time", spoiled.negativeAge),
  rejectionNaming("a negative recency", spoiled.negativeRecency),
  rejectionNaming("a recency after T", spoiled.recencyAfterAge),
  rejectionNaming("a negative purchase count", spoiled.negativeFrequency),
  rejectionNaming("a fractional purchase count", spoiled.fractionalFrequency),
  rejectionNaming("x = 0 with t_x > 0", spoiled.recencyWithoutRepeat),
]

/**
 * The fit refuses the observations with an InvalidObservationError naming the cell and
 * CHN-1, and the likelihood at `parameters` refuses them the same way.
 */
export const expectRejected = <P extends PurchaseParameters>(
  model: PurchaseModel<P>,
  parameters: P,
  { observations, field, row }: Spoiled,
): void => {
  const error = left(model.fit(observations))
  expect(error).toBeInstanceOf(InvalidObservationError)
  expect(error._tag).toBe("InvalidObservationError")
  const invalid = error as InvalidObservationError
  expect(invalid.field).toBe(field)
  expect(invalid.row).toBe(row)
  expect(invalid.message).toContain("CHN-1")
  // The likelihood takes the same observations and refuses the same way.
  const again = left(model.logLikelihood(parameters, observations))
  expect(again.field).toBe(field)
  expect(again.row).toBe(row)
}

/** Registers one test per case: "CHN-1 <model> <title>", refused as {@link expectRejected}. */
export const itRejectsEach = <P extends PurchaseParameters>(
  model: PurchaseModel<P>,
  parameters: P,
  rejections: ReadonlyArray<Rejection>,
): void => {
  for (const rejection of rejections)
    it(`CHN-1 ${model.name} ${rejection.title}`, () => expectRejected(model, parameters, rejection))
}

/**
 * Registers the non-convergence test: a fit on `observations` with one iteration per
 * start is a ConvergenceError whose last state is consistent with the likelihood.
 */
export const itReportsNonConvergence = <P extends PurchaseParameters>(
  model: PurchaseModel<P>,
  observations: Observations,
): void => {
  it(`CHN-1 ${model.name} that does not converge (maxIterations 1) is a ConvergenceError carrying its last parameters, log-likelihood and gradient`, () => {
    const error = left(model.fit(observations, { maxIterations: 1 }))
    expect(error).toBeInstanceOf(ConvergenceError)
    const failure = error as ConvergenceError
    expect(failure.model).toBe(model.name)
    expect(failure.reason).toBe("maxIterations")
    expect(Object.keys(failure.state.parameters).sort()).toEqual([...model.parameterNames].sort())
    const last = failure.state.parameters as unknown as P
    expect(failure.state.logLikelihood).toBeCloseTo(
      right(model.logLikelihood(last, observations)),
      6,
    )
    // It stopped short: the gradient is still above the tolerance, and each of the three starts ran once.
    expect(failure.state.gradientNorm).toBeGreaterThan(1e-7)
    expect(failure.state.startsTried).toBe(3)
    expect(failure.state.iterations).toBe(3)
    expect(failure.message).toContain("maxIterations")
  })
}
