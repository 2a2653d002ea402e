// The fit driver shared by every model: validation of the observations, merging of
// equal rows, the starts, BFGS, the convergence verdict and the standard errors.
import * as Either from "effect/Either"
import {
  ConvergenceError,
  type Fit,
  type FitOptions,
  InvalidObservationError,
  type Observations,
} from "../Fitting.js"
import * as Summary from "../Summary.js"
import { type MinimizeResult, minimize } from "./optimize.js"
import { type FittingRows, fittingRows } from "./rows.js"
import { meanOf } from "./scoring.js"

/** A model as the driver sees it: names, a mean negative log-likelihood with gradient, starts. */
export interface ModelSpecification<Name extends string, Data> {
  readonly name: Name
  readonly parameterNames: ReadonlyArray<string>
  readonly objective: (
    data: Data,
    logParameters: ArrayLike<number>,
    gradient: Float64Array,
  ) => number
}

const invalid = (field: string, row: number, value: unknown, reason: string) =>
  Either.left(new InvalidObservationError({ field, row, value, reason }))

/** Checks that the columns describe customers a purchase model can take. */
export const validateObservations = (
  observations: Observations,
): Either.Either<void, InvalidObservationError> => {
  const { frequency, recency, age, weight } = observations
  const n = frequency.length
  if (recency.length !== n)
    return invalid(
      "recency",
      recency.length,
      recency.length,
      `has ${recency.length} rows, frequency ${n}`,
    )
  if (age.length !== n)
    return invalid("age", age.length, age.length, `has ${age.length} rows, frequency ${n}`)
  if (weight !== undefined && weight.length !== n)
    return invalid(
      "weight",
      weight.length,
      weight.length,
      `has ${weight.length} rows, frequency ${n}`,
    )
  if (observations.timeUnit !== "days" && observations.timeUnit !== "weeks")
    return invalid("timeUnit", 0, observations.timeUnit, `the time unit must be "days" or "weeks"`)
  for (let i = 0; i < n; i++) {
    const x = frequency[i] as number
    const tx = recency[i] as number
    const t = age[i] as number
    if (!Number.isInteger(x) || x < 0)
      return invalid("frequency", i, x, "the repeat purchases x must be a non-negative integer")
    if (!Number.isFinite(t) || t < 0)
      return invalid("age", i, t, "the observation time T must be finite and non-negative")
    if (!Number.isFinite(tx) || tx < 0)
      return invalid("recency", i, tx, "the recency t_x must be finite and non-negative")
    if (tx > t)
      return invalid(
        "recency",
        i,
        tx,
        `the recency t_x cannot exceed the observation time T = ${t}`,
      )
    if (x === 0 && tx !== 0)
      return invalid("recency", i, tx, "a customer without repeat purchases has t_x = 0")
    if (weight !== undefined) {
      const w = weight[i] as number
      if (!Number.isFinite(w) || w <= 0)
        return invalid("weight", i, w, "a row's weight must be finite and positive")
    }
  }
  if (n === 0) return invalid("frequency", 0, n, "there are no customers to fit")
  return Either.void
}

/** Above this many distinct rows, a fit first runs on a systematic sample of them. */
const WARM_START_ROWS = 200_000
/** The size of that sample. */
const WARM_START_SAMPLE = 50_000

/** The rows a fit runs on, and a sample of them to warm the optimiser up on when they are many. */
export interface PreparedRows {
  readonly rows: FittingRows
  readonly distinct: number
  readonly sample?: FittingRows | undefined
}

/** Every k-th row, so the sample spreads over the whole base whatever its order. */
const systematicSample = (
  frequency: ArrayLike<number>,
  recency: ArrayLike<number>,
  age: ArrayLike<number>,
  weight: ArrayLike<number>,
): FittingRows | undefined => {
  const n = frequency.length
  if (n <= WARM_START_ROWS) return undefined
  const stride = Math.ceil(n / WARM_START_SAMPLE)
  const size = Math.ceil(n / stride)
  const columns = [
    new Float64Array(size),
    new Float64Array(size),
    new Float64Array(size),
    new Float64Array(size),
  ] as const
  for (let i = 0, j = 0; i < n; i += stride, j++) {
    columns[0][j] = frequency[i] as number
    columns[1][j] = recency[i] as number
    columns[2][j] = age[i] as number
    columns[3][j] = weight[i] as number
  }
  return fittingRows(...columns)
}

/**
 * Validates, merges equal rows (unless weights were given) and lays the rows out for
 * the likelihoods; with `withSample`, also the warm-start sample of a large base.
 */
const purchaseRows = (
  observations: Observations,
  withSample: boolean,
): Either.Either<PreparedRows, InvalidObservationError> =>
  Either.map(validateObservations(observations), () => {
    const { frequency, recency, age, weight } =
      observations.weight !== undefined
        ? { ...observations, weight: observations.weight }
        : Either.getOrThrow(
            Summary.distinctRows(observations.frequency, observations.recency, observations.age),
          )
    return {
      rows: fittingRows(frequency, recency, age, weight),
      distinct: frequency.length,
      sample: withSample ? systematicSample(frequency, recency, age, weight) : undefined,
    }
  })

const DEFAULT_MAX_ITERATIONS = 200
const DEFAULT_GRADIENT_TOLERANCE = 1e-7

/** Fits `specification` on prepared data from each start until one converges (or all, with `allStarts`). */
export const fitModel = <Name extends string, Data, Parameters>(
  specification: ModelSpecification<Name, Data>,
  data: Data,
  context: {
    readonly customers: number
    readonly distinct: number
    readonly timeUnit: Observations["timeUnit"]
    readonly defaultStarts: ReadonlyArray<ReadonlyArray<number>>
    /** A sample of the data to find the neighbourhood of the estimate on first. */
    readonly sample?: Data | undefined
  },
  options: FitOptions | undefined,
  toParameters: (values: ReadonlyArray<number>) => Parameters,
): Either.Either<Fit<Name, Parameters>, ConvergenceError | InvalidObservationError> => {
  const dimension = specification.parameterNames.length
  const starts = options?.starts ?? context.defaultStarts
  for (const [index, start] of starts.entries()) {
    if (start.length !== dimension || start.some((value) => !(Number.isFinite(value) && value > 0)))
      return invalid(
        "starts",
        index,
        start,
        `a start is ${dimension} finite positive parameters (${specification.parameterNames.join(", ")})`,
      )
  }
  const objective = (point: ArrayLike<number>, gradient: Float64Array) =>
    specification.objective(data, point, gradient)
  const minimizeOptions = {
    maxIterations: options?.maxIterations ?? DEFAULT_MAX_ITERATIONS,
    gradientTolerance: options?.gradientTolerance ?? DEFAULT_GRADIENT_TOLERANCE,
    stallTolerance: Math.max(1e-5, options?.gradientTolerance ?? DEFAULT_GRADIENT_TOLERANCE),
  }
  let best: { readonly result: MinimizeResult; readonly start: number } | undefined
  let last: MinimizeResult | undefined
  let iterations = 0
  let evaluations = 0
  let tried = 0
  for (const [index, start] of starts.entries()) {
    tried++
    let from = start.map(Math.log)
    let inverseHessian: Float64Array | undefined
    const sample = context.sample
    if (sample !== undefined) {
      // On a large base, the sample's estimate is within sampling error of the full
      // one, and its curvature is the full data's too (the objective is a mean per
      // customer): the full fit then needs only a few iterations.
      const warm = minimize(
        (point, gradient) => specification.objective(sample, point, gradient),
        from,
        minimizeOptions,
      )
      iterations += warm.iterations
      evaluations += warm.evaluations
      if (warm.reason === "converged") {
        from = Array.from(warm.point)
        inverseHessian = warm.inverseHessian
      }
    }
    const result = minimize(objective, from, { ...minimizeOptions, inverseHessian })
    iterations += result.iterations
    evaluations += result.evaluations
    last = result
    if (result.reason === "converged" && (best === undefined || result.value < best.result.value))
      best = { result, start: index }
    if (best !== undefined && options?.allStarts !== true) break
  }
  const gradientNorm = (result: MinimizeResult) =>
    result.gradient.reduce((max, value) => Math.max(max, Math.abs(value)), 0)
  if (best === undefined) {
    const state = last as MinimizeResult
    const parameters: Record<string, number> = {}
    specification.parameterNames.forEach((name, i) => {
      parameters[name] = Math.exp(state.point[i] as number)
    })
    return Either.left(
      new ConvergenceError({
        model: specification.name,
        reason: state.reason,
        state: {
          parameters,
          logLikelihood: -state.value * context.customers,
          gradientNorm: gradientNorm(state),
          iterations,
          evaluations,
          startsTried: tried,
        },
      }),
    )
  }
  const estimate = best.result
  const natural = Array.from(estimate.point, Math.exp)
  const covariance =
    options?.standardErrors === false
      ? undefined
      : logParameterCovariance(objective, estimate.point, context.customers)
  const standardErrors =
    covariance === undefined
      ? undefined
      : toParameters(
          natural.map((value, i) => value * Math.sqrt(covariance[i * dimension + i] as number)),
        )
  return Either.right({
    model: specification.name,
    timeUnit: context.timeUnit,
    parameters: toParameters(natural),
    ...(standardErrors === undefined ? {} : { standardErrors }),
    logLikelihood: -estimate.value * context.customers,
    customers: context.customers,
    diagnostics: {
      iterations,
      evaluations,
      gradientNorm: gradientNorm(estimate),
      start: best.start,
      startsTried: tried,
      distinctRows: context.distinct,
      ...(covariance === undefined ? {} : { logParameterCovariance: Array.from(covariance) }),
    },
  })
}

/**
 * The inverse of the Hessian of the total negative log-likelihood by the
 * log-parameters, by central differences of the analytic gradient; undefined when
 * it is not positive definite (the estimate is then on a ridge and has no standard
 * errors).
 */
const logParameterCovariance = (
  objective: (point: ArrayLike<number>, gradient: Float64Array) => number,
  point: Float64Array,
  customers: number,
): Float64Array | undefined => {
  const n = point.length
  const hessian = new Float64Array(n * n)
  const plus = new Float64Array(n)
  const minus = new Float64Array(n)
  const shifted = Float64Array.from(point)
  const step = 1e-4
  for (let j = 0; j < n; j++) {
    shifted[j] = (point[j] as number) + step
    objective(shifted, plus)
    shifted[j] = (point[j] as number) - step
    objective(shifted, minus)
    shifted[j] = point[j] as number
    for (let i = 0; i < n; i++)
      hessian[i * n + j] = (((plus[i] as number) - (minus[i] as number)) / (2 * step)) * customers
  }
  for (let i = 0; i < n; i++)
    for (let j = 0; j < i; j++) {
      const mean = ((hessian[i * n + j] as number) + (hessian[j * n + i] as number)) / 2
      hessian[i * n + j] = mean
      hessian[j * n + i] = mean
    }
  return choleskyInverse(hessian, n)
}

/** The inverse of a symmetric positive-definite matrix, or undefined when it is not one. */
export const choleskyInverse = (matrix: Float64Array, n: number): Float64Array | undefined => {
  const lower = new Float64Array(n * n)
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let sum = matrix[i * n + j] as number
      for (let k = 0; k < j; k++) sum -= (lower[i * n + k] as number) * (lower[j * n + k] as number)
      if (i === j) {
        if (!(sum > 0)) return undefined
        lower[i * n + i] = Math.sqrt(sum)
      } else lower[i * n + j] = sum / (lower[j * n + j] as number)
    }
  // Invert L, then A⁻¹ = L⁻ᵀ L⁻¹.
  const inverseLower = new Float64Array(n * n)
  for (let i = 0; i < n; i++) {
    inverseLower[i * n + i] = 1 / (lower[i * n + i] as number)
    for (let j = 0; j < i; j++) {
      let sum = 0
      for (let k = j; k < i; k++)
        sum -= (lower[i * n + k] as number) * (inverseLower[k * n + j] as number)
      inverseLower[i * n + j] = sum / (lower[i * n + i] as number)
    }
  }
  const inverse = new Float64Array(n * n)
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let sum = 0
      for (let k = Math.max(i, j); k < n; k++)
        sum += (inverseLower[k * n + i] as number) * (inverseLower[k * n + j] as number)
      inverse[i * n + j] = sum
    }
  return inverse
}

/**
 * The fit and the log-likelihood of a purchase model over `(x, t_x, T)`, from its
 * likelihood, its default starts for a base of mean age 8·`scale`, and the mapping
 * between its parameters' record and their ordered values.
 */
export const purchaseModel = <Name extends string, Parameters>(model: {
  readonly specification: ModelSpecification<Name, FittingRows>
  readonly starts: (scale: number) => ReadonlyArray<ReadonlyArray<number>>
  readonly toParameters: (values: ReadonlyArray<number>) => Parameters
  readonly fromParameters: (parameters: Parameters) => ReadonlyArray<number>
}) => ({
  fit: (
    observations: Observations,
    options?: FitOptions,
  ): Either.Either<Fit<Name, Parameters>, InvalidObservationError | ConvergenceError> =>
    Either.flatMap(purchaseRows(observations, true), ({ rows, distinct, sample }) =>
      fitModel(
        model.specification,
        rows,
        {
          customers: rows.customers,
          distinct,
          sample,
          timeUnit: observations.timeUnit,
          defaultStarts: model.starts(Math.max(meanOf(observations.age), 1e-3) / 8),
        },
        options,
        model.toParameters,
      ),
    ),
  logLikelihood: (
    parameters: Parameters,
    observations: Observations,
  ): Either.Either<number, InvalidObservationError> =>
    Either.map(
      purchaseRows(observations, false),
      ({ rows }) =>
        -rows.customers *
        model.specification.objective(
          rows,
          model.fromParameters(parameters).map(Math.log),
          new Float64Array(model.specification.parameterNames.length),
        ),
    ),
})
