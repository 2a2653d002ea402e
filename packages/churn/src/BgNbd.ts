/**
 * The BG/NBD model (Fader, Hardie & Lee 2005), the model CHN-1 names for detecting
 * churn: while alive a customer buys as a Poisson process whose rate varies across
 * customers as a Gamma(r, α); after each repeat purchase the customer drops out with
 * a probability that varies as a Beta(a, b). Fitted by maximum likelihood on
 * `(x, t_x, T)`; it gives P(alive), expected purchases for a new customer and for one
 * with a history, and the purchase-count distribution.
 *
 * A customer without repeat purchases is alive by construction under BG/NBD (drop-out
 * happens only after a repeat purchase); use `MbgNbd` or `ParetoNbd`, or the
 * inactivity rule of `Detection`, for one-time buyers.
 *
 * @since 0.1.0
 */
import type * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import type {
  ConvergenceError,
  FitOptions,
  Fit as FittedModel,
  InvalidObservationError,
  Observations,
  Scores,
} from "./Fitting.js"
import { betaGeometricModel } from "./internal/betaGeometricModel.js"
import { PositiveParameter } from "./internal/schemas.js"

/**
 * The BG/NBD parameters: purchase rates λ ~ Gamma(shape `r`, rate `alpha`) — α in
 * the time unit of the data — and drop-out probabilities p ~ Beta(`a`, `b`).
 *
 * @example
 * ```ts
 * import { BgNbd } from "@clientele/churn"
 *
 * const parameters = BgNbd.Parameters.make({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Parameters = Schema.Struct({
  r: PositiveParameter,
  alpha: PositiveParameter,
  a: PositiveParameter,
  b: PositiveParameter,
}).annotations({
  identifier: "BgNbdParameters",
})

/**
 * The type of {@link Parameters}.
 *
 * @example
 * ```ts
 * import type { BgNbd } from "@clientele/churn"
 *
 * const parameters: BgNbd.Parameters = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Parameters = typeof Parameters.Type

/**
 * A fitted BG/NBD model.
 *
 * @example
 * ```ts
 * import type { BgNbd } from "@clientele/churn"
 *
 * declare const fit: BgNbd.Fit
 * fit.parameters.alpha
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Fit = FittedModel<"BG/NBD", Parameters>

/**
 * One customer's history: `frequency` x (repeat purchases), `recency` t_x and `age`
 * T, in the time unit of the parameters.
 *
 * @example
 * ```ts
 * import type { BgNbd } from "@clientele/churn"
 *
 * const customer0001: BgNbd.Customer = { frequency: 2, recency: 30.43, age: 38.86 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Customer {
  readonly frequency: number
  readonly recency: number
  readonly age: number
}

const model = betaGeometricModel<"BG/NBD", Parameters>("BG/NBD", false)

/**
 * Fits BG/NBD by maximum likelihood (CHN-1): equal rows merged, log-parameters,
 * analytic gradient, BFGS from starts scaled to the data's mean age (the next start
 * is tried when one does not converge), standard errors from the Hessian. A bad row
 * is an `InvalidObservationError`; a fit that does not converge is a
 * `ConvergenceError` with the optimiser's last state.
 *
 * @example
 * ```ts
 * import { BgNbd } from "@clientele/churn"
 * import * as Either from "effect/Either"
 *
 * const fit = BgNbd.fit({
 *   timeUnit: "weeks",
 *   frequency: [2, 1, 0, 0, 5, 0, 3, 1, 0, 2],
 *   recency: [30.4, 1.7, 0, 0, 35, 0, 20, 7, 0, 12],
 *   age: [38.9, 38.9, 38.9, 38.9, 38.9, 38.9, 38.9, 38.9, 38.9, 38.9],
 * })
 * if (Either.isRight(fit)) fit.right.parameters.r
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const fit: (
  observations: Observations,
  options?: FitOptions,
) => Either.Either<Fit, InvalidObservationError | ConvergenceError> = model.fit

/**
 * The log-likelihood of the observations under `parameters`, summed over customers,
 * in their time unit.
 *
 * @example
 * ```ts
 * import { BgNbd } from "@clientele/churn"
 *
 * const parameters = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }
 * BgNbd.logLikelihood(parameters, { timeUnit: "weeks", frequency: [2], recency: [30.43], age: [38.86] })
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const logLikelihood: (
  parameters: Parameters,
  observations: Observations,
) => Either.Either<number, InvalidObservationError> = model.logLikelihood

/**
 * P(alive | x, t_x, T): the probability that a customer with this history has not
 * dropped out. 1 for a customer without repeat purchases (by construction); computed
 * as a logistic of the log-odds, so it stays exact at x = 1000.
 *
 * @example
 * ```ts
 * import { BgNbd } from "@clientele/churn"
 *
 * const parameters = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }
 * BgNbd.probabilityAlive(parameters, { frequency: 2, recency: 30.43, age: 38.86 }) // ≈ 0.727
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const probabilityAlive: (parameters: Parameters, customer: Customer) => number =
  model.probabilityAlive

/**
 * E[X(t)]: the expected repeat purchases in `t` of a customer who has just made a
 * first purchase.
 *
 * @example
 * ```ts
 * import { BgNbd } from "@clientele/churn"
 *
 * const parameters = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }
 * BgNbd.expectedPurchases(parameters, 32) // ≈ 1.04 in 32 weeks
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const expectedPurchases: (parameters: Parameters, t: number) => number =
  model.expectedPurchases

/**
 * E[Y(t) | x, t_x, T]: the expected purchases in the next `t` of a customer with
 * this history (the conditional expectation: P(alive) times the purchases expected
 * if alive).
 *
 * @example
 * ```ts
 * import { BgNbd } from "@clientele/churn"
 *
 * const parameters = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }
 * BgNbd.conditionalExpectedPurchases(parameters, 39, { frequency: 2, recency: 30.43, age: 38.86 }) // ≈ 1.226
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const conditionalExpectedPurchases: (
  parameters: Parameters,
  t: number,
  customer: Customer,
) => number = model.conditionalExpectedPurchases

/**
 * P(X(t) = n): the probability that a customer who has just made a first purchase
 * makes exactly `n` repeat purchases in `t` (the purchase-count distribution).
 *
 * @example
 * ```ts
 * import { BgNbd } from "@clientele/churn"
 *
 * const parameters = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }
 * BgNbd.purchaseProbability(parameters, 39, 0) // the share expected to make no repeat purchase
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const purchaseProbability: (parameters: Parameters, t: number, n: number) => number =
  model.purchaseProbability

/**
 * P(alive) and the conditional expectation over `horizon` for every customer of
 * the observations, as columns in their order: the scores of `Detection`. Plain
 * loops: a million customers take well under a second.
 *
 * @example
 * ```ts
 * import { BgNbd } from "@clientele/churn"
 *
 * const parameters = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }
 * const scores = BgNbd.score(parameters, { timeUnit: "weeks", frequency: [2, 0], recency: [30.43, 0], age: [38.86, 38.86] }, 39)
 * scores.probabilityAlive[0] // ≈ 0.727
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const score: (
  parameters: Parameters,
  observations: Observations,
  horizon: number,
) => Scores = model.score
