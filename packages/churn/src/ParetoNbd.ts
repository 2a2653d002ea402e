/**
 * The Pareto/NBD model (Schmittlein, Morrison & Colombo 1987): while alive a
 * customer buys as a Poisson process whose rate varies as a Gamma(r, α); the
 * lifetime is exponential with a rate that varies as a Gamma(s, β), so a customer
 * can die at any moment — also a one-time buyer. Its likelihood needs the Gauss
 * hypergeometric function ₂F₁, computed here in log space through its Euler
 * transform (finite at x = 1000), with the analytic gradient from the same series.
 * Fitted by maximum likelihood on `(x, t_x, T)`; it gives P(alive) and expected
 * purchases for a new customer and for one with a history.
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
import { purchaseModel } from "./internal/fitting.js"
import * as Pareto from "./internal/paretoNbd.js"
import { PositiveParameter } from "./internal/schemas.js"
import { scores } from "./internal/scoring.js"

/**
 * The Pareto/NBD parameters: purchase rates λ ~ Gamma(shape `r`, rate `alpha`) and
 * death rates μ ~ Gamma(shape `s`, rate `beta`) — α and β in the time unit of the
 * data.
 *
 * @example
 * ```ts
 * import { ParetoNbd } from "@clientele/churn"
 *
 * const parameters = ParetoNbd.Parameters.make({ r: 0.553, alpha: 10.58, s: 0.606, beta: 11.67 })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Parameters = Schema.Struct({
  r: PositiveParameter,
  alpha: PositiveParameter,
  s: PositiveParameter,
  beta: PositiveParameter,
}).annotations({
  identifier: "ParetoNbdParameters",
})

/**
 * The type of {@link Parameters}.
 *
 * @example
 * ```ts
 * import type { ParetoNbd } from "@clientele/churn"
 *
 * const parameters: ParetoNbd.Parameters = { r: 0.553, alpha: 10.58, s: 0.606, beta: 11.67 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Parameters = typeof Parameters.Type

/**
 * A fitted Pareto/NBD model.
 *
 * @example
 * ```ts
 * import type { ParetoNbd } from "@clientele/churn"
 *
 * declare const fit: ParetoNbd.Fit
 * fit.parameters.alpha
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Fit = FittedModel<"Pareto/NBD", Parameters>

/**
 * One customer's history: `frequency` x (repeat purchases), `recency` t_x and `age`
 * T, in the time unit of the parameters.
 *
 * @example
 * ```ts
 * import type { ParetoNbd } from "@clientele/churn"
 *
 * const customer0001: ParetoNbd.Customer = { frequency: 2, recency: 30.43, age: 38.86 }
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

const model = purchaseModel({
  specification: {
    name: "Pareto/NBD" as const,
    parameterNames: ["r", "alpha", "s", "beta"],
    objective: Pareto.negativeLogLikelihood,
  },
  starts: (scale) => [
    [1, scale, 1, scale],
    [0.5, scale, 0.5, 2 * scale],
    [1, 3 * scale, 1, 3 * scale],
  ],
  toParameters: ([r, alpha, s, beta]) => ({ r, alpha, s, beta }) as Parameters,
  fromParameters: (parameters: Parameters) => [
    parameters.r,
    parameters.alpha,
    parameters.s,
    parameters.beta,
  ],
})

/**
 * Fits Pareto/NBD by maximum likelihood (CHN-1): equal rows merged, log-parameters,
 * analytic gradient, BFGS from starts scaled to the data's mean age (the next start
 * is tried when one does not converge), standard errors from the Hessian. A bad row
 * is an `InvalidObservationError`; a fit that does not converge is a
 * `ConvergenceError` with the optimiser's last state.
 *
 * @example
 * ```ts
 * import { ParetoNbd } from "@clientele/churn"
 * import * as Either from "effect/Either"
 *
 * const fit = ParetoNbd.fit({
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
 * import { ParetoNbd } from "@clientele/churn"
 *
 * const parameters = { r: 0.553, alpha: 10.58, s: 0.606, beta: 11.67 }
 * ParetoNbd.logLikelihood(parameters, { timeUnit: "weeks", frequency: [2], recency: [30.43], age: [38.86] })
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
 * P(alive | x, t_x, T): the probability that a customer with this history is still
 * alive at T — the share of "alive at T" in the customer's likelihood.
 *
 * @example
 * ```ts
 * import { ParetoNbd } from "@clientele/churn"
 *
 * const parameters = { r: 0.553, alpha: 10.58, s: 0.606, beta: 11.67 }
 * ParetoNbd.probabilityAlive(parameters, { frequency: 0, recency: 0, age: 38.86 })
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const probabilityAlive = (parameters: Parameters, customer: Customer): number =>
  Pareto.probabilityAliveFor(parameters)(customer.frequency, customer.recency, customer.age)

/**
 * E[X(t)]: the expected repeat purchases in `t` of a customer who has just made a
 * first purchase.
 *
 * @example
 * ```ts
 * import { ParetoNbd } from "@clientele/churn"
 *
 * const parameters = { r: 0.553, alpha: 10.58, s: 0.606, beta: 11.67 }
 * ParetoNbd.expectedPurchases(parameters, 39)
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const expectedPurchases = (parameters: Parameters, t: number): number =>
  Pareto.expectedPurchases(parameters, t)

/**
 * E[Y(t) | x, t_x, T]: the expected purchases in the next `t` of a customer with
 * this history (P(alive) times the purchases expected if alive).
 *
 * @example
 * ```ts
 * import { ParetoNbd } from "@clientele/churn"
 *
 * const parameters = { r: 0.553, alpha: 10.58, s: 0.606, beta: 11.67 }
 * ParetoNbd.conditionalExpectedPurchases(parameters, 39, { frequency: 2, recency: 30.43, age: 38.86 })
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const conditionalExpectedPurchases = (
  parameters: Parameters,
  t: number,
  customer: Customer,
): number =>
  Pareto.expectedPurchasesIfAlive(parameters, t, customer.frequency, customer.age) *
  probabilityAlive(parameters, customer)

/**
 * P(alive) and the conditional expectation over `horizon` for every customer of
 * the observations, as columns in their order: the scores of `Detection`.
 *
 * @example
 * ```ts
 * import { ParetoNbd } from "@clientele/churn"
 *
 * const parameters = { r: 0.553, alpha: 10.58, s: 0.606, beta: 11.67 }
 * const scores = ParetoNbd.score(parameters, { timeUnit: "weeks", frequency: [2, 0], recency: [30.43, 0], age: [38.86, 38.86] }, 39)
 * scores.probabilityAlive[1] // a one-time buyer's chance of being alive
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const score = (
  parameters: Parameters,
  observations: Observations,
  horizon: number,
): Scores =>
  scores(observations, horizon, Pareto.probabilityAliveFor(parameters), (x, age) =>
    Pareto.expectedPurchasesIfAlive(parameters, horizon, x, age),
  )
