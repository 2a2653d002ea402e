/**
 * The MBG/NBD model (Batislam, Denizel & Filiztekin 2007): BG/NBD with one change —
 * a customer can also drop out right after the first purchase. Purchase rates vary
 * as a Gamma(r, α), drop-out probabilities as a Beta(a, b), and the drop-out chance
 * comes at every purchase including the first, so a customer without repeat
 * purchases is not alive by construction: the long-silent one-time buyer's P(alive)
 * falls with time, as CHN-1 needs. Fitted by maximum likelihood on `(x, t_x, T)`; it
 * gives P(alive), expected purchases for a new customer and for one with a history,
 * and the purchase-count distribution.
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
 * The MBG/NBD parameters: purchase rates λ ~ Gamma(shape `r`, rate `alpha`) — α in
 * the time unit of the data — and drop-out probabilities p ~ Beta(`a`, `b`).
 *
 * @example
 * ```ts
 * import { MbgNbd } from "@clientele/churn"
 *
 * const parameters = MbgNbd.Parameters.make({ r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 })
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
  identifier: "MbgNbdParameters",
})

/**
 * The type of {@link Parameters}.
 *
 * @example
 * ```ts
 * import type { MbgNbd } from "@clientele/churn"
 *
 * const parameters: MbgNbd.Parameters = { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Parameters = typeof Parameters.Type

/**
 * A fitted MBG/NBD model.
 *
 * @example
 * ```ts
 * import type { MbgNbd } from "@clientele/churn"
 *
 * declare const fit: MbgNbd.Fit
 * fit.parameters.alpha
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Fit = FittedModel<"MBG/NBD", Parameters>

/**
 * One customer's history: `frequency` x (repeat purchases), `recency` t_x and `age`
 * T, in the time unit of the parameters.
 *
 * @example
 * ```ts
 * import type { MbgNbd } from "@clientele/churn"
 *
 * const customer0001: MbgNbd.Customer = { frequency: 2, recency: 30.43, age: 38.86 }
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

const model = betaGeometricModel<"MBG/NBD", Parameters>("MBG/NBD", true)

/**
 * Fits MBG/NBD by maximum likelihood (CHN-1): equal rows merged, log-parameters,
 * analytic gradient, BFGS from starts scaled to the data's mean age (the next start
 * is tried when one does not converge), standard errors from the Hessian. A bad row
 * is an `InvalidObservationError`; a fit that does not converge is a
 * `ConvergenceError` with the optimiser's last state.
 *
 * @example
 * ```ts
 * import { MbgNbd } from "@clientele/churn"
 * import * as Either from "effect/Either"
 *
 * const fit = MbgNbd.fit({
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
 * import { MbgNbd } from "@clientele/churn"
 *
 * const parameters = { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 }
 * MbgNbd.logLikelihood(parameters, { timeUnit: "weeks", frequency: [2], recency: [30.43], age: [38.86] })
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
 * dropped out, below 1 also for a customer without repeat purchases; computed as a
 * logistic of the log-odds, so it stays exact at x = 1000.
 *
 * @example
 * ```ts
 * import { MbgNbd } from "@clientele/churn"
 *
 * const parameters = { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 }
 * MbgNbd.probabilityAlive(parameters, { frequency: 2, recency: 30.43, age: 38.86 })
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
 * import { MbgNbd } from "@clientele/churn"
 *
 * const parameters = { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 }
 * MbgNbd.expectedPurchases(parameters, 32) // in 32 weeks
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
 * import { MbgNbd } from "@clientele/churn"
 *
 * const parameters = { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 }
 * MbgNbd.conditionalExpectedPurchases(parameters, 39, { frequency: 2, recency: 30.43, age: 38.86 })
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
 * import { MbgNbd } from "@clientele/churn"
 *
 * const parameters = { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 }
 * MbgNbd.purchaseProbability(parameters, 39, 0) // the share expected to make no repeat purchase
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
 * import { MbgNbd } from "@clientele/churn"
 *
 * const parameters = { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 }
 * const scores = MbgNbd.score(parameters, { timeUnit: "weeks", frequency: [2, 0], recency: [30.43, 0], age: [38.86, 38.86] }, 39)
 * scores.probabilityAlive[0]
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
