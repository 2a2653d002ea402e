// The Pareto/NBD (Schmittlein, Morrison & Colombo 1987) log-likelihood with its
// analytic gradient, in log space.
//
// For a customer with x repeat purchases, the last at t_x, observed for T:
//   L = Γ(r+x) α^r β^s / Γ(r) · [ (α+T)^{−(r+x)} (β+T)^{−s} + s · I ]
//   I = ∫_{t_x}^{T} (α+τ)^{−(r+x)} (β+τ)^{−(s+1)} dτ = J(t_x) − J(T),  J(t) = ∫_t^∞ …
// The first term is the customer alive at T, the second one who died in (t_x, T], so
// the share of the first is P(alive).
//
// J is the Gauss hypergeometric function of Fader & Hardie's note 009 (eqs 19–20,
// with α and β swapped when α < β so that the argument z is in [0, 1)); `paretoTail.ts`
// computes its logarithm and partial derivatives: by the Euler transform of its series
// where that is cheap (z ≤ 0.9 always; all of CDNOW), and where z is near 1 — one of
// α, β far above the other plus t, where the series would need ~40/(1 − z) terms — by
// Gauss–Legendre quadrature of the stretch of the integral near t plus the series at
// z = ½ for the rest. Both take 1 − z as (min(α, β) + t)/A, never as 1 − z. The
// difference ln J(T) − ln J(t_x) that gives I is assembled from log1p's of T − t_x
// rather than by subtracting two values of size P ln A, so I keeps its accuracy when
// T − t_x is tiny or P ln A large; where J cannot tell T from t_x the customer is
// counted alive at T, as when T = t_x.

import { type CountSeries, countSeries, logTail, type TailLog, tailLog } from "./paretoTail.js"
import type { FittingRows } from "./rows.js"
import { digamma, logAddExp, logGamma, sigmoid } from "./special.js"

/**
 * ln(1 + q) for q ≥ 0, to a few ulps: log1p for small q, where forming 1 + q would
 * drop q's low bits; above ¼ the cheaper log of 1 + q, whose rounding then costs at
 * most a couple of ulps of the result (this sits on the likelihood's hot path).
 */
const logOnePlus = (q: number): number => (q < 0.25 ? Math.log1p(q) : Math.log(1 + q))

/**
 * Writes J(T) into `atAge`, given J(t_x) in `atRecency` with the logarithms of its A
 * and 1 − z, and returns Δ = ln J(T) − ln J(t_x) taken as
 *   −P ln(A_T/A_tx) + (1 − c) ln((1 − z_T)/(1 − z_tx)) + the difference of the rests,
 * each logarithm of a ratio by log1p of (T − t_x) over its base. Δ thus keeps its
 * absolute accuracy when T − t_x is tiny or P ln A is large: the difference of the two
 * values would lose |P ln A| · 1e-16, and 1 − e^Δ, ln I and P(alive) with it.
 */
const logTailAtAge = (
  current: CountSeries,
  larger: number,
  smaller: number,
  recency: number,
  age: number,
  atRecency: TailLog,
  logARecency: number,
  logRestRecency: number,
  atAge: TailLog,
): number => {
  const elapsed = age - recency
  const growthA = logOnePlus(elapsed / (larger + recency)) // ln(A_T / A_tx)
  const growthSmaller = logOnePlus(elapsed / (smaller + recency)) // ln((m + T)/(m + t_x))
  const aT = larger + age
  logTail(
    current,
    (larger - smaller) / aT,
    (smaller + age) / aT,
    logRestRecency + growthSmaller - growthA,
    logARecency + growthA,
    atAge,
  )
  return (
    -current.p * growthA +
    (1 - current.c) * (growthSmaller - growthA) +
    (atAge.rest - atRecency.rest)
  )
}

/**
 * The mean negative log-likelihood per customer at log-parameters
 * `[ln r, ln α, ln s, ln β]`, with its gradient written into `gradient`.
 */
export const negativeLogLikelihood = (
  rows: FittingRows,
  logParameters: ArrayLike<number>,
  gradient: Float64Array,
): number => {
  const r = Math.exp(logParameters[0] as number)
  const alpha = Math.exp(logParameters[1] as number)
  const s = Math.exp(logParameters[2] as number)
  const beta = Math.exp(logParameters[3] as number)
  const alphaLarger = alpha >= beta
  const larger = alphaLarger ? alpha : beta
  const smaller = alphaLarger ? beta : alpha
  const gap = Math.abs(alpha - beta)
  const logS = Math.log(s)
  const logAlpha = Math.log(alpha)
  const logBeta = Math.log(beta)
  const logLarger = Math.max(logAlpha, logBeta)
  const logSmallerShare = Math.min(logAlpha, logBeta) - logLarger // ln(1 − z) at t = 0

  const { counts, countWeight } = rows
  const series: Array<CountSeries> = new Array(counts.length)
  let total = 0
  let dR = 0
  let dAlpha = 0
  let dS = 0
  let dBeta = 0
  const logGammaR = logGamma(r)
  const digammaR = digamma(r)
  for (let k = 0; k < counts.length; k++) {
    const x = counts[k] as number
    const w = countWeight[k] as number
    total += w * (logGamma(r + x) - logGammaR + r * logAlpha + s * logBeta)
    dR += w * (digamma(r + x) - digammaR + logAlpha)
    dAlpha += (w * r) / alpha
    dS += w * logBeta
    dBeta += (w * s) / beta
    series[k] = countSeries(r + s + x, alphaLarger ? s + 1 : r + x)
  }

  const atRecency: TailLog = tailLog()
  const atAge: TailLog = tailLog()

  // One customer's contribution; returns ℓ − C(x) and adds the gradient.
  const row = (
    x: number,
    recency: number,
    age: number,
    w: number,
    countSlot: number,
    recencyTail: TailLog | undefined,
  ): number => {
    const current = series[countSlot] as CountSeries
    const alphaT = alpha + age
    const betaT = beta + age
    const rx = r + x
    const logAlphaT = Math.log(alphaT)
    const logBetaT = Math.log(betaT)
    const alive = -rx * logAlphaT - s * logBetaT
    const tailRecency = recencyTail ?? atRecency
    const aRecency = larger + recency
    // 1 − z from min(α, β) + t: exact where z rounds to 1.
    const restRecency = (smaller + recency) / aRecency
    const aT = larger + age
    const restT = (smaller + age) / aT
    let delta = 0 // ln J(T) − ln J(t_x)
    if (age > recency) {
      // A shared recency tail is the one-time buyers' J(0): A = max(α, β), 1 − z = min/max.
      let logARecency = logLarger
      let logRestRecency = logSmallerShare
      if (recencyTail === undefined) {
        logARecency = Math.log(aRecency)
        logRestRecency = Math.log(restRecency)
        logTail(current, gap / aRecency, restRecency, logRestRecency, logARecency, atRecency)
      }
      // Δ by the logarithms' differences (see logTailAtAge), written out on this hot path.
      const elapsed = age - recency
      const growthA = logOnePlus(elapsed / aRecency)
      const growthSmaller = logOnePlus(elapsed / (smaller + recency))
      logTail(
        current,
        gap / aT,
        restT,
        logRestRecency + growthSmaller - growthA,
        logARecency + growthA,
        atAge,
      )
      delta =
        -current.p * growthA +
        (1 - current.c) * (growthSmaller - growthA) +
        (atAge.rest - tailRecency.rest)
    }
    if (!(delta < 0)) {
      // No time to die unobserved — T = t_x, or T − t_x too short for J to tell the
      // two apart (its rounding could even give ln I = ln 0): alive at T.
      dR -= w * logAlphaT
      dAlpha -= (w * rx) / alphaT
      dS -= w * logBetaT
      dBeta -= (w * s) / betaT
      return alive
    }
    const expDelta = Math.exp(delta)
    const oneMinus = -Math.expm1(delta)
    const logIntegral = tailRecency.value + Math.log(oneMinus)
    const died = logS + logIntegral
    const logSum = logAddExp(alive, died)
    const share = Math.exp(alive - logSum) // P(alive)
    const other = 1 - share
    // ∂ ln I = (∂ ln J(t_x) − e^Δ ∂ ln J(T)) / (1 − e^Δ), by P, c, z(t_x), z(T), A.
    const scale = other / oneMinus
    const byP = scale * (tailRecency.byP - expDelta * atAge.byP)
    const byC = scale * (tailRecency.byC - expDelta * atAge.byC)
    // z = gap / A: ∂/∂larger = (1 − z)/A · ∂z − P/A, ∂/∂smaller = −∂z / A.
    const p = current.p
    const byLarger =
      scale *
      ((tailRecency.byZ * restRecency - p) / aRecency - (expDelta * (atAge.byZ * restT - p)) / aT)
    const bySmaller = scale * (-tailRecency.byZ / aRecency + (expDelta * atAge.byZ) / aT)
    dR += w * (share * -logAlphaT + byP + (alphaLarger ? 0 : byC))
    dS += w * (share * -logBetaT + other / s + byP + (alphaLarger ? byC : 0))
    dAlpha += w * (share * (-rx / alphaT) + (alphaLarger ? byLarger : bySmaller))
    dBeta += w * (share * (-s / betaT) + (alphaLarger ? bySmaller : byLarger))
    return logSum
  }

  const zero = rows.zero
  if (zero.age.length > 0) {
    // Every one-time buyer has t_x = 0, so J(0) is the same for all of them.
    const zeroSlot = 0 // counts are ascending and x = 0 is present
    const sharedRecency: TailLog = tailLog()
    logTail(
      series[zeroSlot] as CountSeries,
      gap / larger,
      smaller / larger,
      logSmallerShare,
      logLarger,
      sharedRecency,
    )
    for (let i = 0; i < zero.age.length; i++) {
      const w = zero.weight[i] as number
      total += w * row(0, 0, zero.age[i] as number, w, zeroSlot, sharedRecency)
    }
  }
  const repeat = rows.repeat
  for (let i = 0; i < repeat.age.length; i++) {
    const w = repeat.weight[i] as number
    total +=
      w *
      row(
        repeat.frequency[i] as number,
        repeat.recency[i] as number,
        repeat.age[i] as number,
        w,
        repeat.count[i] as number,
        undefined,
      )
  }

  const n = rows.customers
  gradient[0] = (-dR * r) / n
  gradient[1] = (-dAlpha * alpha) / n
  gradient[2] = (-dS * s) / n
  gradient[3] = (-dBeta * beta) / n
  return -total / n
}

/** The four Pareto/NBD parameters, natural scale. */
export interface ParetoParameters {
  readonly r: number
  readonly alpha: number
  readonly s: number
  readonly beta: number
}

/**
 * P(alive | x, t_x, T) as a function of the customer, for fixed parameters: the
 * share of the "alive at T" term in the likelihood. The series tables are built once
 * per distinct purchase count.
 */
export const probabilityAliveFor = ({ r, alpha, s, beta }: ParetoParameters) => {
  const alphaLarger = alpha >= beta
  const larger = alphaLarger ? alpha : beta
  const smaller = alphaLarger ? beta : alpha
  const gap = Math.abs(alpha - beta)
  const logS = Math.log(s)
  const bySeries = new Map<number, CountSeries>()
  const atRecency: TailLog = tailLog()
  const atAge: TailLog = tailLog()
  return (x: number, recency: number, age: number): number => {
    if (!(age > recency)) return 1
    let current = bySeries.get(x)
    if (current === undefined) {
      current = countSeries(r + s + x, alphaLarger ? s + 1 : r + x)
      bySeries.set(x, current)
    }
    const aRecency = larger + recency
    const restRecency = (smaller + recency) / aRecency
    const logARecency = Math.log(aRecency)
    const logRestRecency = Math.log(restRecency)
    logTail(current, gap / aRecency, restRecency, logRestRecency, logARecency, atRecency)
    const delta = logTailAtAge(
      current,
      larger,
      smaller,
      recency,
      age,
      atRecency,
      logARecency,
      logRestRecency,
      atAge,
    )
    // As in the likelihood: T − t_x too short for J to tell apart is no time to die.
    if (!(delta < 0)) return 1
    const alive = -(r + x) * Math.log(alpha + age) - s * Math.log(beta + age)
    const died = logS + atRecency.value + Math.log(-Math.expm1(delta))
    return sigmoid(alive - died)
  }
}

/**
 * (e^{(1−s)G} − 1) / (1 − s) for the log-growth G = ln((b + t)/b) ≥ 0, continuous
 * through s = 1 (where it is G). Written so that G = +0 gives +0 on both sides of
 * s = 1: no purchases in no time is +0, not −0.
 */
const survivalIntegral = (s: number, logGrowth: number): number =>
  Math.abs(s - 1) < 1e-10 ? logGrowth : Math.expm1((1 - s) * logGrowth) / (1 - s)

/** E[X(t)] = rβ/(α(s − 1)) · [1 − (β/(β + t))^{s−1}] for a customer who has just made a first purchase. */
export const expectedPurchases = ({ r, alpha, s, beta }: ParetoParameters, t: number): number =>
  ((r * beta) / alpha) * survivalIntegral(s, Math.log1p(t / beta))

/** E[Y(t) | alive, x, T] = (r + x)(β + T)/((α + T)(s − 1)) · [1 − ((β + T)/(β + T + t))^{s−1}]. */
export const expectedPurchasesIfAlive = (
  { r, alpha, s, beta }: ParetoParameters,
  t: number,
  x: number,
  age: number,
): number =>
  (((r + x) * (beta + age)) / (alpha + age)) * survivalIntegral(s, Math.log1p(t / (beta + age)))
