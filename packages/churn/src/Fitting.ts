/**
 * What every customer-base model shares (CHN-1): the observations it is fitted on,
 * the options of the fit, what a fit reports, and the two typed errors — bad input
 * and a fit that did not converge.
 *
 * Fits are maximum-likelihood estimates over log-parameters with analytic gradients
 * and a quasi-Newton optimiser (BFGS with a strong-Wolfe line search). Customers
 * with equal `(x, t_x, T)` are merged into weighted rows first, and terms that depend
 * on the purchase count alone are computed once per distinct count. Standard errors
 * come from the Hessian of the log-likelihood at the estimate (delta method from
 * the log-parameters). Every log-likelihood is the sum over customers in the time
 * unit of the observations: change the unit and the density of the recencies, hence
 * the log-likelihood, changes with it.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import type * as Summary from "./Summary.js"

/**
 * What a model is fitted on: per customer the repeat purchases `x` (`frequency`,
 * an integer ≥ 0), the time of the last one since the first purchase `t_x`
 * (`recency`, 0 when x = 0) and the time from the first purchase to the end of
 * observation `T` (`age`, ≥ `t_x`), all in `timeUnit`, with an optional `weight`
 * per row (customers sharing that row). A `Summary.CustomerBase` is one.
 *
 * @example
 * ```ts
 * import type { Fitting } from "@clientele/churn"
 *
 * const observations: Fitting.Observations = {
 *   timeUnit: "weeks",
 *   frequency: [2, 1, 0],
 *   recency: [30.43, 1.71, 0],
 *   age: [38.86, 38.86, 38.86],
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Observations {
  readonly timeUnit: Summary.TimeUnit
  readonly frequency: ArrayLike<number>
  readonly recency: ArrayLike<number>
  readonly age: ArrayLike<number>
  /** Customers per row; 1 each when absent. Weighted rows are not merged again. */
  readonly weight?: ArrayLike<number> | undefined
}

/**
 * The options of a fit. Every field has a default.
 *
 * @example
 * ```ts
 * import type { Fitting } from "@clientele/churn"
 *
 * const options: Fitting.FitOptions = { maxIterations: 500, standardErrors: false }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface FitOptions {
  /** BFGS iterations per start (default 200). */
  readonly maxIterations?: number | undefined
  /**
   * Converged when no component of the gradient of the mean log-likelihood per
   * customer, by the log-parameters, exceeds this (default 1e-7).
   */
  readonly gradientTolerance?: number | undefined
  /**
   * Starting points, natural parameters in the model's order. Each is tried in turn
   * until one converges; with `allStarts` every one runs and the best wins. The
   * default starts are scaled to the observations' mean age.
   */
  readonly starts?: ReadonlyArray<ReadonlyArray<number>> | undefined
  /** Run every start and keep the highest likelihood (default false: stop at the first that converges). */
  readonly allStarts?: boolean | undefined
  /** Compute standard errors from the Hessian (default true). */
  readonly standardErrors?: boolean | undefined
}

/**
 * How a fit went: BFGS iterations and likelihood evaluations (over all starts, and
 * over the sample a base of more than 200,000 distinct rows is first fitted on), the
 * largest gradient component at the estimate (of the mean log-likelihood by the
 * log-parameters), which start won (0-based) out of how many were tried, and the
 * covariance of the log-parameters (row-major) when standard errors were asked for
 * and the Hessian is positive definite.
 *
 * @example
 * ```ts
 * import type { Fitting } from "@clientele/churn"
 *
 * declare const diagnostics: Fitting.Diagnostics
 * diagnostics.iterations
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Diagnostics {
  readonly iterations: number
  readonly evaluations: number
  readonly gradientNorm: number
  readonly start: number
  readonly startsTried: number
  readonly distinctRows: number
  readonly logParameterCovariance?: ReadonlyArray<number> | undefined
}

/**
 * A fitted model: its name, the time unit of its data (rates and times are in it),
 * the estimates, their standard errors (absent when the Hessian is not positive
 * definite or they were not asked for), the log-likelihood summed over customers in
 * that unit, the number of customers, and the optimiser's diagnostics.
 *
 * @example
 * ```ts
 * import type { BgNbd, Fitting } from "@clientele/churn"
 *
 * declare const fit: Fitting.Fit<"BG/NBD", BgNbd.Parameters>
 * fit.parameters.r
 * fit.logLikelihood // e.g. −9582.43 on CDNOW, in weeks
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Fit<Model extends string, Parameters> {
  readonly model: Model
  readonly timeUnit: Summary.TimeUnit
  readonly parameters: Parameters
  readonly standardErrors?: Parameters | undefined
  readonly logLikelihood: number
  readonly customers: number
  readonly diagnostics: Diagnostics
}

/**
 * An observation a model cannot take (CHN-1): which column, which row, the value,
 * and the rule it breaks (x a non-negative integer, 0 ≤ t_x ≤ T, t_x = 0 when x = 0,
 * finite positive weights and spends, columns of equal length). Nothing is fitted.
 *
 * @example
 * ```ts
 * import { BgNbd } from "@clientele/churn"
 * import * as Either from "effect/Either"
 *
 * const result = BgNbd.fit({ timeUnit: "weeks", frequency: [1.5], recency: [2], age: [10] })
 * if (Either.isLeft(result) && result.left._tag === "InvalidObservationError") result.left.field // "frequency"
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidObservationError extends Schema.TaggedError<InvalidObservationError>(
  "@clientele/churn/InvalidObservationError",
)("InvalidObservationError", {
  field: Schema.String,
  row: Schema.Number,
  value: Schema.Unknown,
  reason: Schema.String,
}) {
  override get message(): string {
    return `${this.field}[${this.row}] = ${String(this.value)}: ${this.reason} (CHN-1)`
  }
}

/**
 * A fit that did not converge (CHN-1), reported instead of an estimate that would
 * be silent garbage: the model, why the optimiser stopped (`maxIterations`,
 * `lineSearchFailed`, `nonFiniteStart`, `nonFiniteGradient`), its last state — the
 * parameters, the log-likelihood there and the largest gradient component — and
 * the work done over every start.
 *
 * @example
 * ```ts
 * import { BgNbd, Fitting } from "@clientele/churn"
 * import * as Either from "effect/Either"
 *
 * const result = BgNbd.fit({ timeUnit: "weeks", frequency: [2, 0], recency: [5, 0], age: [9, 9] }, { maxIterations: 1 })
 * if (Either.isLeft(result) && result.left instanceof Fitting.ConvergenceError) result.left.state.gradientNorm
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class ConvergenceError extends Schema.TaggedError<ConvergenceError>(
  "@clientele/churn/ConvergenceError",
)("ConvergenceError", {
  model: Schema.String,
  reason: Schema.String,
  state: Schema.Struct({
    parameters: Schema.Record({ key: Schema.String, value: Schema.Number }),
    logLikelihood: Schema.Number,
    gradientNorm: Schema.Number,
    iterations: Schema.Number,
    evaluations: Schema.Number,
    startsTried: Schema.Number,
  }),
}) {
  override get message(): string {
    const parameters = Object.entries(this.state.parameters)
      .map(([name, value]) => `${name}=${value.toPrecision(6)}`)
      .join(", ")
    return `${this.model} did not converge (${this.reason}) after ${this.state.iterations} iterations over ${this.state.startsTried} start(s): last ${parameters}, log-likelihood ${this.state.logLikelihood}, largest gradient component ${this.state.gradientNorm.toExponential(2)}`
  }
}

/**
 * A model's scores for every customer, in the observations' order: P(alive) and the
 * purchases expected over `horizon` (in `timeUnit`) — the model signal of
 * `Detection` (CHN-1).
 *
 * @example
 * ```ts
 * import type { Fitting } from "@clientele/churn"
 *
 * declare const scores: Fitting.Scores
 * scores.probabilityAlive[0]
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Scores {
  readonly timeUnit: Summary.TimeUnit
  readonly horizon: number
  readonly probabilityAlive: Float64Array
  readonly expectedPurchases: Float64Array
}
