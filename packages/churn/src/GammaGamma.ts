/**
 * The Gamma-Gamma spend model (Fader, Hardie & Lee 2005; Fader & Hardie note 025):
 * a customer's transaction values vary around the customer's own mean as a
 * Gamma(p, ν), and ν varies across customers as a Gamma(q, γ). Fitted by maximum
 * likelihood on the repeat buyers' `(x, m̄)`, it gives the expected spend per
 * transaction of a customer — shrunk from the customer's own mean towards the
 * population's, the less so the more transactions there are — which, with a
 * purchase model, makes CLV (`Value`).
 *
 * It assumes spend is independent of purchase frequency; check it on your data
 * (the correlation of x and m̄ across repeat buyers) before relying on CLV.
 *
 * @since 0.1.0
 */
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import {
  type ConvergenceError,
  type FitOptions,
  type Fit as FittedModel,
  InvalidObservationError,
} from "./Fitting.js"
import { fitModel } from "./internal/fitting.js"
import { negativeLogLikelihood, spendRows } from "./internal/gammaGamma.js"
import { PositiveParameter } from "./internal/schemas.js"
import { meanOf } from "./internal/scoring.js"

/**
 * The Gamma-Gamma parameters: the shape `p` of each customer's transaction values,
 * and the shape `q` and scale `gamma` (γ, in the money unit of the data) of the
 * spread of customers' means.
 *
 * @example
 * ```ts
 * import { GammaGamma } from "@clientele/churn"
 *
 * const parameters = GammaGamma.Parameters.make({ p: 6.25, q: 3.74, gamma: 15.44 })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Parameters = Schema.Struct({
  p: PositiveParameter,
  q: PositiveParameter,
  gamma: PositiveParameter,
}).annotations({
  identifier: "GammaGammaParameters",
})

/**
 * The type of {@link Parameters}.
 *
 * @example
 * ```ts
 * import type { GammaGamma } from "@clientele/churn"
 *
 * const parameters: GammaGamma.Parameters = { p: 6.25, q: 3.74, gamma: 15.44 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Parameters = typeof Parameters.Type

/**
 * A fitted Gamma-Gamma model (its `timeUnit` is that of the observations it came
 * with; spend has no time in it).
 *
 * @example
 * ```ts
 * import type { GammaGamma } from "@clientele/churn"
 *
 * declare const fit: GammaGamma.Fit
 * fit.parameters.gamma
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Fit = FittedModel<"Gamma-Gamma", Parameters>

/**
 * What Gamma-Gamma is fitted on: per customer the repeat purchases x and their mean
 * value m̄ (`monetary`, in any money unit — γ comes out in it). Customers with
 * x = 0 are left out of the fit (their m̄ says nothing); a `Summary.CustomerBase` is
 * one.
 *
 * @example
 * ```ts
 * import type { GammaGamma } from "@clientele/churn"
 *
 * const spend: GammaGamma.Spend = { timeUnit: "weeks", frequency: [2, 1, 0], monetary: [22.35, 11.77, 0] }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Spend {
  readonly timeUnit: "days" | "weeks"
  readonly frequency: ArrayLike<number>
  readonly monetary: ArrayLike<number>
}

const invalid = (field: string, row: number, value: unknown, reason: string) =>
  Either.left(new InvalidObservationError({ field, row, value, reason }))

const validate = (spend: Spend): Either.Either<void, InvalidObservationError> => {
  const { frequency, monetary } = spend
  if (monetary.length !== frequency.length)
    return invalid(
      "monetary",
      monetary.length,
      monetary.length,
      `has ${monetary.length} rows, frequency ${frequency.length}`,
    )
  let repeatBuyers = 0
  for (let i = 0; i < frequency.length; i++) {
    const x = frequency[i] as number
    const m = monetary[i] as number
    if (!Number.isInteger(x) || x < 0)
      return invalid("frequency", i, x, "the repeat purchases x must be a non-negative integer")
    if (x > 0) {
      repeatBuyers++
      if (!Number.isFinite(m) || m <= 0)
        return invalid(
          "monetary",
          i,
          m,
          "a repeat buyer's mean transaction value m̄ must be finite and positive",
        )
    }
  }
  if (repeatBuyers < 2)
    return invalid(
      "frequency",
      0,
      repeatBuyers,
      "Gamma-Gamma needs at least two repeat buyers (x > 0)",
    )
  return Either.void
}

const specification = {
  name: "Gamma-Gamma" as const,
  parameterNames: ["p", "q", "gamma"],
  objective: negativeLogLikelihood,
}

/**
 * Fits Gamma-Gamma by maximum likelihood on the repeat buyers (x > 0): analytic
 * gradient in log-parameters, BFGS, standard errors from the Hessian. A bad row is
 * an `InvalidObservationError`; a fit that does not converge (q ≤ 1 ridges are
 * common on data where spend has a heavy tail) is a `ConvergenceError`.
 *
 * @example
 * ```ts
 * import { GammaGamma } from "@clientele/churn"
 * import * as Either from "effect/Either"
 *
 * const fit = GammaGamma.fit({
 *   timeUnit: "weeks",
 *   frequency: [2, 1, 3, 1, 4, 2, 1, 5],
 *   monetary: [22.35, 11.77, 35.1, 14.2, 28.5, 19.9, 40.0, 25.3],
 * })
 * if (Either.isRight(fit)) fit.right.parameters.p
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const fit = (
  spend: Spend,
  options?: FitOptions,
): Either.Either<Fit, InvalidObservationError | ConvergenceError> =>
  Either.flatMap(validate(spend), () => {
    const rows = spendRows(spend.frequency, spend.monetary)
    const scale = meanOf(rows.monetary)
    return fitModel(
      specification,
      rows,
      {
        customers: rows.customers,
        distinct: rows.customers,
        timeUnit: spend.timeUnit,
        defaultStarts: [
          [1, 2, scale],
          [5, 3, 2 * scale],
          [0.5, 5, scale / 2],
        ],
      },
      options,
      ([p, q, gamma]) => ({ p, q, gamma }) as Parameters,
    )
  })

/**
 * E[M | x, m̄]: the expected value of a customer's next transaction, a weighted mean
 * of the population mean pγ/(q − 1) and the customer's own m̄, with weight p·x on
 * the latter. A customer without repeat purchases gets the population mean. Needs
 * q > 1 (the population mean is infinite otherwise: NaN).
 *
 * @example
 * ```ts
 * import { GammaGamma } from "@clientele/churn"
 *
 * const parameters = { p: 6.25, q: 3.74, gamma: 15.44 }
 * GammaGamma.conditionalExpectedSpend(parameters, 2, 22.35) // ≈ 26.2: pulled up towards the mean 35.2
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const conditionalExpectedSpend = (
  { p, q, gamma }: Parameters,
  frequency: number,
  monetary: number,
): number => {
  if (!(q > 1)) return Number.NaN
  const weight = (p * frequency) / (p * frequency + q - 1)
  return (1 - weight) * ((gamma * p) / (q - 1)) + (frequency > 0 ? weight * monetary : 0)
}

/**
 * The population's mean transaction value pγ/(q − 1) (NaN when q ≤ 1).
 *
 * @example
 * ```ts
 * import { GammaGamma } from "@clientele/churn"
 *
 * GammaGamma.expectedSpend({ p: 6.25, q: 3.74, gamma: 15.44 }) // ≈ 35.2
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const expectedSpend = ({ p, q, gamma }: Parameters): number =>
  q > 1 ? (p * gamma) / (q - 1) : Number.NaN
