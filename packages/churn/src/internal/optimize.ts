// A quasi-Newton minimiser for the models' negative log-likelihoods: BFGS with a
// line search that satisfies the strong Wolfe conditions (Nocedal & Wright,
// Numerical Optimization, algorithms 3.5, 3.6 and 6.1). The models have two to four
// parameters, so everything is small dense arrays; the cost is in the objective.

/** Writes the gradient at `point` into `gradient` and returns the value there. */
export type Objective = (point: Float64Array, gradient: Float64Array) => number

export interface MinimizeOptions {
  readonly maxIterations: number
  /** Converged when every component of the gradient is at most this in size. */
  readonly gradientTolerance: number
  /**
   * When the line search can no longer make progress (the function is flat to the
   * last bits), the point is still accepted as converged if the gradient is below
   * this looser tolerance.
   */
  readonly stallTolerance: number
  /** A starting inverse Hessian (row-major, n × n); a scaled identity otherwise. */
  readonly inverseHessian?: Float64Array | undefined
}

export type StopReason =
  | "converged"
  | "maxIterations"
  | "lineSearchFailed"
  | "nonFiniteStart"
  | "nonFiniteGradient"

export interface MinimizeResult {
  readonly point: Float64Array
  readonly value: number
  readonly gradient: Float64Array
  readonly iterations: number
  readonly evaluations: number
  readonly reason: StopReason
  readonly inverseHessian: Float64Array
}

const maxAbs = (values: Float64Array): number => {
  let max = 0
  for (let i = 0; i < values.length; i++) {
    const value = Math.abs(values[i] as number)
    if (!(value <= max)) max = value // NaN propagates as the maximum
  }
  return max
}

const dot = (left: Float64Array, right: Float64Array): number => {
  let sum = 0
  for (let i = 0; i < left.length; i++) sum += (left[i] as number) * (right[i] as number)
  return sum
}

const SUFFICIENT_DECREASE = 1e-4
const CURVATURE = 0.9

/** Minimises `objective` from `start` with BFGS. Never throws; the reason says how it stopped. */
export const minimize = (
  objective: Objective,
  start: ArrayLike<number>,
  options: MinimizeOptions,
): MinimizeResult => {
  const n = start.length
  let evaluations = 0
  const evaluate = (point: Float64Array, gradient: Float64Array): number => {
    evaluations++
    return objective(point, gradient)
  }
  let point = Float64Array.from(start)
  let gradient = new Float64Array(n)
  let value = evaluate(point, gradient)
  const inverse = new Float64Array(n * n)
  let scaledIdentity = options.inverseHessian === undefined
  if (options.inverseHessian !== undefined) inverse.set(options.inverseHessian)
  else for (let i = 0; i < n; i++) inverse[i * n + i] = 1
  const finish = (reason: StopReason, iterations: number): MinimizeResult => ({
    point,
    value,
    gradient,
    iterations,
    evaluations,
    reason,
    inverseHessian: inverse,
  })
  if (!Number.isFinite(value)) return finish("nonFiniteStart", 0)
  if (!Number.isFinite(maxAbs(gradient))) return finish("nonFiniteGradient", 0)

  const direction = new Float64Array(n)
  const trial = new Float64Array(n)
  let trialGradient = new Float64Array(n)
  const step = new Float64Array(n)
  const change = new Float64Array(n)
  const inverseTimesChange = new Float64Array(n)

  for (let iteration = 0; iteration < options.maxIterations; iteration++) {
    if (maxAbs(gradient) <= options.gradientTolerance) return finish("converged", iteration)
    // direction = −H g
    for (let i = 0; i < n; i++) {
      let sum = 0
      for (let j = 0; j < n; j++) sum += (inverse[i * n + j] as number) * (gradient[j] as number)
      direction[i] = -sum
    }
    let slope = dot(gradient, direction)
    if (!(slope < 0)) {
      // Not a descent direction (curvature information went stale): restart from
      // steepest descent.
      inverse.fill(0)
      for (let i = 0; i < n; i++) {
        inverse[i * n + i] = 1
        direction[i] = -(gradient[i] as number)
      }
      scaledIdentity = true
      slope = dot(gradient, direction)
    }
    // On the first iteration with an identity the step length is unknown: keep the
    // first trial move small in the parameters' (logarithmic) scale.
    const firstStep = scaledIdentity && iteration === 0 ? Math.min(1, 1 / maxAbs(direction)) : 1
    const search = lineSearch(
      evaluate,
      point,
      value,
      direction,
      slope,
      firstStep,
      trial,
      trialGradient,
    )
    if (search === undefined) {
      const reason: StopReason =
        maxAbs(gradient) <= options.stallTolerance ? "converged" : "lineSearchFailed"
      return finish(reason, iteration)
    }
    for (let i = 0; i < n; i++) {
      step[i] = (search.point[i] as number) - (point[i] as number)
      change[i] = (search.gradient[i] as number) - (gradient[i] as number)
    }
    const previousGradient = gradient
    point = Float64Array.from(search.point)
    value = search.value
    gradient = Float64Array.from(search.gradient)
    trialGradient = previousGradient
    if (!Number.isFinite(maxAbs(gradient))) return finish("nonFiniteGradient", iteration + 1)

    const curvature = dot(change, step)
    if (curvature > 1e-12 * Math.sqrt(dot(change, change) * dot(step, step))) {
      if (scaledIdentity) {
        // Nocedal & Wright (6.20): scale the identity by yᵀs / yᵀy before the first update.
        const scale = curvature / dot(change, change)
        inverse.fill(0)
        for (let i = 0; i < n; i++) inverse[i * n + i] = scale
        scaledIdentity = false
      }
      // H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ, expanded:
      // H − ρ (s (Hy)ᵀ + (Hy) sᵀ) + (ρ² yᵀHy + ρ) s sᵀ
      const rho = 1 / curvature
      for (let i = 0; i < n; i++) {
        let sum = 0
        for (let j = 0; j < n; j++) sum += (inverse[i * n + j] as number) * (change[j] as number)
        inverseTimesChange[i] = sum
      }
      const quadratic = dot(change, inverseTimesChange)
      const factor = rho * rho * quadratic + rho
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++)
          inverse[i * n + j] =
            (inverse[i * n + j] as number) -
            rho *
              ((step[i] as number) * (inverseTimesChange[j] as number) +
                (inverseTimesChange[i] as number) * (step[j] as number)) +
            factor * (step[i] as number) * (step[j] as number)
    }
  }
  return finish(
    maxAbs(gradient) <= options.gradientTolerance ? "converged" : "maxIterations",
    options.maxIterations,
  )
}

interface SearchPoint {
  readonly point: Float64Array
  readonly value: number
  readonly gradient: Float64Array
}

/**
 * A step length along `direction` satisfying the strong Wolfe conditions, or
 * undefined when none was found (the function does not decrease measurably).
 * A trial where the objective is not finite counts as too long a step.
 */
const lineSearch = (
  evaluate: Objective,
  origin: Float64Array,
  originValue: number,
  direction: Float64Array,
  originSlope: number,
  firstStep: number,
  trial: Float64Array,
  trialGradient: Float64Array,
): SearchPoint | undefined => {
  const n = origin.length
  const at = (length: number): { value: number; slope: number } => {
    for (let i = 0; i < n; i++) trial[i] = (origin[i] as number) + length * (direction[i] as number)
    const value = evaluate(trial, trialGradient)
    return { value, slope: dot(trialGradient, direction) }
  }
  const snapshot = (value: number): SearchPoint => ({
    point: Float64Array.from(trial),
    value,
    gradient: Float64Array.from(trialGradient),
  })
  let previousLength = 0
  let previousValue = originValue
  let previousSlope = originSlope
  let length = firstStep
  for (let attempt = 0; attempt < 40; attempt++) {
    const { value, slope } = at(length)
    if (!Number.isFinite(value) || !Number.isFinite(slope)) {
      // Outside the region where the likelihood is defined: come back halfway.
      length = previousLength + (length - previousLength) / 2
      if (length - previousLength < 1e-14) return undefined
      continue
    }
    if (
      value > originValue + SUFFICIENT_DECREASE * length * originSlope ||
      (attempt > 0 && value >= previousValue)
    )
      return zoom(
        at,
        snapshot,
        originValue,
        originSlope,
        previousLength,
        previousValue,
        previousSlope,
        length,
        value,
        slope,
      )
    if (Math.abs(slope) <= -CURVATURE * originSlope) return snapshot(value)
    if (slope >= 0)
      return zoom(
        at,
        snapshot,
        originValue,
        originSlope,
        length,
        value,
        slope,
        previousLength,
        previousValue,
        previousSlope,
      )
    previousLength = length
    previousValue = value
    previousSlope = slope
    length *= 2
  }
  return undefined
}

/** Cubic interpolation of the minimiser between two step lengths, kept inside them. */
const cubicMinimum = (
  low: number,
  lowValue: number,
  lowSlope: number,
  high: number,
  highValue: number,
  highSlope: number,
): number => {
  const d1 = lowSlope + highSlope - (3 * (lowValue - highValue)) / (low - high)
  const discriminant = d1 * d1 - lowSlope * highSlope
  if (discriminant >= 0) {
    const d2 = Math.sign(high - low) * Math.sqrt(discriminant)
    const candidate =
      high - (high - low) * ((highSlope + d2 - d1) / (highSlope - lowSlope + 2 * d2))
    const lower = Math.min(low, high)
    const upper = Math.max(low, high)
    const margin = 0.1 * (upper - lower)
    if (Number.isFinite(candidate) && candidate > lower + margin && candidate < upper - margin)
      return candidate
  }
  return (low + high) / 2
}

const zoom = (
  at: (length: number) => { value: number; slope: number },
  snapshot: (value: number) => SearchPoint,
  originValue: number,
  originSlope: number,
  lowStart: number,
  lowValueStart: number,
  lowSlopeStart: number,
  highStart: number,
  highValueStart: number,
  highSlopeStart: number,
): SearchPoint | undefined => {
  let low = lowStart
  let lowValue = lowValueStart
  let lowSlope = lowSlopeStart
  let high = highStart
  let highValue = highValueStart
  let highSlope = highSlopeStart
  let best: SearchPoint | undefined
  for (let attempt = 0; attempt < 40; attempt++) {
    const length =
      Number.isFinite(highValue) && Number.isFinite(highSlope)
        ? cubicMinimum(low, lowValue, lowSlope, high, highValue, highSlope)
        : (low + high) / 2
    const { value, slope } = at(length)
    if (!Number.isFinite(value) || !Number.isFinite(slope)) {
      high = length
      highValue = Number.NaN
      continue
    }
    if (value > originValue + SUFFICIENT_DECREASE * length * originSlope || value >= lowValue) {
      high = length
      highValue = value
      highSlope = slope
    } else {
      if (Math.abs(slope) <= -CURVATURE * originSlope) return snapshot(value)
      // Keep the best point with sufficient decrease, in case the interval collapses.
      best = snapshot(value)
      if (slope * (high - low) >= 0) {
        high = low
        highValue = lowValue
        highSlope = lowSlope
      }
      low = length
      lowValue = value
      lowSlope = slope
    }
    if (Math.abs(high - low) < 1e-14 * Math.max(1, Math.abs(low))) break
  }
  return best
}
