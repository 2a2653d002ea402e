// BG/NBD and MBG/NBD as one family: the two models differ only in their name and in
// whether a customer can drop out right after the first purchase (`modified`), so one
// factory gives both public modules their fit, likelihood, predictions and scores.

import type * as Either from "effect/Either"
import type {
  ConvergenceError,
  Fit,
  FitOptions,
  InvalidObservationError,
  Observations,
  Scores,
} from "../Fitting.js"
import * as BetaGeometric from "./betaGeometric.js"
import { purchaseModel } from "./fitting.js"
import type { FittingRows } from "./rows.js"
import { scores } from "./scoring.js"

/** One customer's history, in the time unit of the parameters. */
interface History {
  readonly frequency: number
  readonly recency: number
  readonly age: number
}

/** The functions of a beta-geometric model, over its own parameter type. */
export interface BetaGeometricModel<Name extends string, Parameters> {
  readonly fit: (
    observations: Observations,
    options?: FitOptions,
  ) => Either.Either<Fit<Name, Parameters>, InvalidObservationError | ConvergenceError>
  readonly logLikelihood: (
    parameters: Parameters,
    observations: Observations,
  ) => Either.Either<number, InvalidObservationError>
  readonly probabilityAlive: (parameters: Parameters, customer: History) => number
  readonly expectedPurchases: (parameters: Parameters, t: number) => number
  readonly conditionalExpectedPurchases: (
    parameters: Parameters,
    t: number,
    customer: History,
  ) => number
  readonly purchaseProbability: (parameters: Parameters, t: number, n: number) => number
  readonly score: (parameters: Parameters, observations: Observations, horizon: number) => Scores
}

export const betaGeometricModel = <
  Name extends string,
  Parameters extends BetaGeometric.BetaGeometricParameters,
>(
  name: Name,
  modified: boolean,
): BetaGeometricModel<Name, Parameters> => {
  const model = purchaseModel({
    specification: {
      name,
      parameterNames: ["r", "alpha", "a", "b"],
      objective: (rows: FittingRows, logParameters: ArrayLike<number>, gradient: Float64Array) =>
        BetaGeometric.negativeLogLikelihood(rows, modified, logParameters, gradient),
    },
    starts: (scale) => [
      [1, scale, 1, 1],
      [0.1, scale / 10, 0.5, 2],
      [1, 3 * scale, 1, 3],
    ],
    toParameters: ([r, alpha, a, b]) => ({ r, alpha, a, b }) as Parameters,
    fromParameters: (parameters: Parameters) => [
      parameters.r,
      parameters.alpha,
      parameters.a,
      parameters.b,
    ],
  })
  return {
    fit: model.fit,
    logLikelihood: model.logLikelihood,
    probabilityAlive: (parameters, customer) =>
      BetaGeometric.probabilityAlive(
        parameters,
        modified,
        customer.frequency,
        customer.recency,
        customer.age,
      ),
    expectedPurchases: (parameters, t) => BetaGeometric.expectedPurchases(parameters, modified, t),
    conditionalExpectedPurchases: (parameters, t, customer) =>
      BetaGeometric.conditionalExpectedPurchases(
        parameters,
        modified,
        t,
        customer.frequency,
        customer.recency,
        customer.age,
      ),
    purchaseProbability: (parameters, t, n) =>
      BetaGeometric.purchaseProbability(parameters, modified, t, n),
    score: (parameters, observations, horizon) =>
      scores(
        observations,
        horizon,
        (x, recency, age) => BetaGeometric.probabilityAlive(parameters, modified, x, recency, age),
        (x, age) => BetaGeometric.expectedPurchasesIfAlive(parameters, modified, horizon, x, age),
      ),
  }
}
