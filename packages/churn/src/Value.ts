/**
 * Customer lifetime value: the purchases a fitted purchase model (BG/NBD, MBG/NBD or
 * Pareto/NBD) expects of a customer period by period, times the spend Gamma-Gamma
 * expects per purchase, discounted at a rate per period — the discounted residual
 * value of the customer (CHN-1's "expected future purchases", in money).
 *
 * @since 0.1.0
 */
import * as Either from "effect/Either"
import type * as BgNbd from "./BgNbd.js"
import { InvalidObservationError } from "./Fitting.js"
import type * as GammaGamma from "./GammaGamma.js"
import { conditionalExpectedSpend } from "./GammaGamma.js"
import * as BetaGeometric from "./internal/betaGeometric.js"
import * as Pareto from "./internal/paretoNbd.js"
import type * as MbgNbd from "./MbgNbd.js"
import type * as ParetoNbd from "./ParetoNbd.js"

/**
 * A fitted purchase model, any of the three.
 *
 * @example
 * ```ts
 * import type { Value } from "@clientele/churn"
 *
 * declare const model: Value.PurchaseModel
 * model.model // "BG/NBD" | "MBG/NBD" | "Pareto/NBD"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type PurchaseModel = BgNbd.Fit | MbgNbd.Fit | ParetoNbd.Fit

/**
 * How value is counted: `periods` periods of `periodLength` (in the model's time
 * unit: a month is 30.4375 days or 4.348 weeks), discounted at `discountRate` per
 * period (a month's rate for monthly periods: 0.01 is about 12.7 % a year).
 *
 * @example
 * ```ts
 * import type { Value } from "@clientele/churn"
 *
 * const twoYearsMonthly: Value.Options = { periods: 24, periodLength: 4.348, discountRate: 0.01 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  readonly periods: number
  readonly periodLength: number
  readonly discountRate: number
}

/**
 * One customer for CLV: x, t_x and T in the model's time unit, and m̄, the mean
 * repeat transaction value (0 without repeat purchases).
 *
 * @example
 * ```ts
 * import type { Value } from "@clientele/churn"
 *
 * const customer0001: Value.Customer = { frequency: 2, recency: 30.43, age: 38.86, monetary: 22.35 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Customer {
  readonly frequency: number
  readonly recency: number
  readonly age: number
  readonly monetary: number
}

/** P(alive) and E[Y(t) | alive] of one customer under the fitted model. */
const purchaseCurve = (model: PurchaseModel) => {
  switch (model.model) {
    case "Pareto/NBD": {
      const alive = Pareto.probabilityAliveFor(model.parameters)
      return {
        alive,
        ifAlive: (t: number, x: number, age: number) =>
          Pareto.expectedPurchasesIfAlive(model.parameters, t, x, age),
      }
    }
    default: {
      const modified = model.model === "MBG/NBD"
      return {
        alive: (x: number, recency: number, age: number) =>
          BetaGeometric.probabilityAlive(model.parameters, modified, x, recency, age),
        ifAlive: (t: number, x: number, age: number) =>
          BetaGeometric.expectedPurchasesIfAlive(model.parameters, modified, t, x, age),
      }
    }
  }
}

const checkOptions = ({
  periods,
  periodLength,
  discountRate,
}: Options): InvalidObservationError | undefined => {
  if (!Number.isInteger(periods) || periods < 0)
    return new InvalidObservationError({
      field: "periods",
      row: 0,
      value: periods,
      reason: "the number of periods must be a non-negative integer",
    })
  if (!(Number.isFinite(periodLength) && periodLength > 0))
    return new InvalidObservationError({
      field: "periodLength",
      row: 0,
      value: periodLength,
      reason: "a period must be a positive time",
    })
  if (!(Number.isFinite(discountRate) && discountRate > -1))
    return new InvalidObservationError({
      field: "discountRate",
      row: 0,
      value: discountRate,
      reason: "the discount rate must be above −1",
    })
  return undefined
}

/**
 * The discounted value of every customer of `customers` (columns in the model's
 * time unit, with m̄ in `monetary`): Σᵢ spend · (E[Y(i·L)] − E[Y((i−1)·L)]) / (1 + d)ⁱ
 * for i = 1 … periods, where spend is Gamma-Gamma's expected spend given (x, m̄).
 *
 * @remarks
 * Options outside their range (a negative or fractional number of periods, a
 * period that is not positive, a rate at or below −1) are an
 * `InvalidObservationError` naming the option. Customers are taken as they are (use
 * the fit's validation first): an invalid row values NaN.
 *
 * @example
 * ```ts
 * import { Value } from "@clientele/churn"
 *
 * declare const model: Value.PurchaseModel
 * const spend = { p: 6.25, q: 3.74, gamma: 15.44 }
 * const values = Value.lifetimeValues(model, spend, { frequency: [2], recency: [30.43], age: [38.86], monetary: [22.35] }, {
 *   periods: 12,
 *   periodLength: 4.348,
 *   discountRate: 0.01,
 * })
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const lifetimeValues = (
  model: PurchaseModel,
  spend: GammaGamma.Parameters,
  customers: {
    readonly frequency: ArrayLike<number>
    readonly recency: ArrayLike<number>
    readonly age: ArrayLike<number>
    readonly monetary: ArrayLike<number>
  },
  options: Options,
): Either.Either<Float64Array, InvalidObservationError> => {
  const invalid = checkOptions(options)
  if (invalid !== undefined) return Either.left(invalid)
  const { alive, ifAlive } = purchaseCurve(model)
  const discounts = new Float64Array(options.periods + 1)
  for (let i = 1; i <= options.periods; i++) discounts[i] = (1 + options.discountRate) ** -i
  const values = new Float64Array(customers.frequency.length)
  for (let c = 0; c < values.length; c++) {
    const x = customers.frequency[c] as number
    const age = customers.age[c] as number
    const probability = alive(x, customers.recency[c] as number, age)
    const perPurchase = conditionalExpectedSpend(spend, x, customers.monetary[c] as number)
    let previous = 0
    let value = 0
    for (let i = 1; i <= options.periods; i++) {
      const cumulative = ifAlive(i * options.periodLength, x, age)
      value += (cumulative - previous) * (discounts[i] as number)
      previous = cumulative
    }
    values[c] = value * probability * perPurchase
  }
  return Either.right(values)
}

/**
 * The discounted value of one customer; see {@link lifetimeValues}.
 *
 * @example
 * ```ts
 * import { Value } from "@clientele/churn"
 *
 * declare const model: Value.PurchaseModel
 * Value.customerLifetimeValue(model, { p: 6.25, q: 3.74, gamma: 15.44 }, { frequency: 2, recency: 30.43, age: 38.86, monetary: 22.35 }, {
 *   periods: 12,
 *   periodLength: 4.348,
 *   discountRate: 0.01,
 * })
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const customerLifetimeValue = (
  model: PurchaseModel,
  spend: GammaGamma.Parameters,
  customer: Customer,
  options: Options,
): Either.Either<number, InvalidObservationError> =>
  Either.map(
    lifetimeValues(
      model,
      spend,
      {
        frequency: [customer.frequency],
        recency: [customer.recency],
        age: [customer.age],
        monetary: [customer.monetary],
      },
      options,
    ),
    (values) => values[0] as number,
  )
