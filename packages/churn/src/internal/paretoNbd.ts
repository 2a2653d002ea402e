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
// with α and β swapped when α < β so that the argument z is in [0, 1)):
//   J(t) = A^{−P} · ₂F₁(P, c; P + 1; z) / P,  P = r + s + x,  z = |α − β| / A,
//   A = max(α, β) + t,  c = s + 1 (α ≥ β) or r + x (α < β).
// It is summed through its Euler transform,
//   ₂F₁(P, c; P + 1; z) = (1 − z)^{1−c} Σₖ eₖ,  eₖ = Πⱼ<ₖ (P + 1 − c + j)/(P + 1 + j) · zᵏ,
// whose terms fall at least as fast as zᵏ and whose sum lies in [1, 1/(1 − z)]: no
// overflow at x = 1000 (where the plain series exceeds a double), and the derivatives
// by P, c and z come from the same terms. The ratios of successive terms depend on
// x alone, so they are tabulated once per distinct count and evaluation.
import type { FittingRows } from "./rows.js"
import { digamma, logAddExp, logGamma, sigmoid } from "./special.js"

/** Terms tabulated per count; a series that needs more computes them on the fly. */
const TABULATED_TERMS = 48

interface CountSeries {
  /** P = r + s + x. */
  readonly p: number
  /** c: s + 1 when α ≥ β, r + x otherwise. */
  readonly c: number
  /** P + 1 − c. */
  readonly base: number
  /** ratio[k] = (base + k − 1)/(P + k) for k ≥ 1. */
  readonly ratio: Float64Array
  /** Σⱼ<ₖ 1/(base + j) − 1/(P + 1 + j): ∂ ln eₖ / ∂P. */
  readonly byP: Float64Array
  /** −Σⱼ<ₖ 1/(base + j): ∂ ln eₖ / ∂c. */
  readonly byC: Float64Array
}

const countSeries = (p: number, c: number): CountSeries => {
  const base = p + 1 - c
  const ratio = new Float64Array(TABULATED_TERMS)
  const byP = new Float64Array(TABULATED_TERMS)
  const byC = new Float64Array(TABULATED_TERMS)
  let harmonicBase = 0
  let harmonicP = 0
  for (let k = 1; k < TABULATED_TERMS; k++) {
    ratio[k] = (base + k - 1) / (p + k)
    harmonicBase += 1 / (base + k - 1)
    harmonicP += 1 / (p + k)
    byP[k] = harmonicBase - harmonicP
    byC[k] = -harmonicBase
  }
  return { p, c, base, ratio, byP, byC }
}

/** ln J(t) and its partial derivatives by P, c and z (the explicit −P/A is the caller's). */
interface TailLog {
  value: number
  byP: number
  byC: number
  byZ: number
}

/** Writes ln J into `out` for argument z and A = max(α, β) + t. */
const logTail = (series: CountSeries, z: number, logA: number, out: TailLog): void => {
  const { p, c, base, ratio, byP, byC } = series
  let term = 1
  let sum = 1
  let sumP = 0
  let sumC = 0
  let sumZ = 0
  let lastP = 0
  let lastC = 0
  for (let k = 1; ; k++) {
    let harmonicP: number
    let harmonicC: number
    let step: number
    if (k < TABULATED_TERMS) {
      step = ratio[k] as number
      harmonicP = byP[k] as number
      harmonicC = byC[k] as number
    } else {
      // Past the table: continue the products and harmonic sums directly.
      step = (base + k - 1) / (p + k)
      harmonicP = lastP + 1 / (base + k - 1) - 1 / (p + k)
      harmonicC = lastC - 1 / (base + k - 1)
    }
    lastP = harmonicP
    lastC = harmonicC
    const withoutZ = term * step // eₖ / z
    term = withoutZ * z
    sum += term
    sumP += term * harmonicP
    sumC += term * harmonicC
    sumZ += k * withoutZ
    // eₖ₊ⱼ ≤ eₖ zʲ, so the rest of Σ k eₖ is below eₖ (k + 1) z / (1 − z)²; the
    // harmonic factors of the other sums grow only like ln k.
    if (term * (k + 1) <= 1e-17 * sum * (1 - z) * (1 - z) || term === 0 || k > 1_000_000) break
  }
  const log1mz = Math.log1p(-z)
  out.value = -p * logA + (1 - c) * log1mz - Math.log(p) + Math.log(sum)
  out.byP = -logA - 1 / p + sumP / sum
  out.byC = -log1mz + sumC / sum
  out.byZ = (c - 1) / (1 - z) + sumZ / sum
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
  const gap = Math.abs(alpha - beta)
  const logS = Math.log(s)
  const logAlpha = Math.log(alpha)
  const logBeta = Math.log(beta)

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

  const atRecency: TailLog = { value: 0, byP: 0, byC: 0, byZ: 0 }
  const atAge: TailLog = { value: 0, byP: 0, byC: 0, byZ: 0 }

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
    const alive = -rx * Math.log(alphaT) - s * Math.log(betaT)
    if (!(age > recency)) {
      // No time to die unobserved: the customer is alive at T.
      dR -= w * Math.log(alphaT)
      dAlpha -= (w * rx) / alphaT
      dS -= w * Math.log(betaT)
      dBeta -= (w * s) / betaT
      return alive
    }
    const tailRecency = recencyTail ?? atRecency
    if (recencyTail === undefined) {
      const a = larger + recency
      logTail(current, gap / a, Math.log(a), atRecency)
    }
    const aT = larger + age
    const zT = gap / aT
    logTail(current, zT, Math.log(aT), atAge)
    const delta = atAge.value - tailRecency.value
    const expDelta = Math.exp(delta)
    const oneMinus = -Math.expm1(delta)
    const logIntegral = tailRecency.value + Math.log(oneMinus)
    const died = logS + logIntegral
    const logSum = logAddExp(alive, died)
    const share = Math.exp(alive - logSum) // P(alive)
    const other = 1 - share
    // ∂ ln I = (∂ ln J(t_x) − e^Δ ∂ ln J(T)) / (1 − e^Δ), by P, c, z(t_x), z(T), A.
    const scale = other / oneMinus
    const aRecency = larger + recency
    const zRecency = gap / aRecency
    const byP = scale * (tailRecency.byP - expDelta * atAge.byP)
    const byC = scale * (tailRecency.byC - expDelta * atAge.byC)
    // z = gap / A: ∂/∂larger = (1 − z)/A · ∂z − P/A, ∂/∂smaller = −∂z / A.
    const p = current.p
    const byLarger =
      scale *
      ((tailRecency.byZ * (1 - zRecency) - p) / aRecency -
        (expDelta * (atAge.byZ * (1 - zT) - p)) / aT)
    const bySmaller = scale * (-tailRecency.byZ / aRecency + (expDelta * atAge.byZ) / aT)
    dR += w * (share * -Math.log(alphaT) + byP + (alphaLarger ? 0 : byC))
    dS += w * (share * -Math.log(betaT) + other / s + byP + (alphaLarger ? byC : 0))
    dAlpha += w * (share * (-rx / alphaT) + (alphaLarger ? byLarger : bySmaller))
    dBeta += w * (share * (-s / betaT) + (alphaLarger ? bySmaller : byLarger))
    return logSum
  }

  const zero = rows.zero
  if (zero.age.length > 0) {
    // Every one-time buyer has t_x = 0, so J(0) is the same for all of them.
    const zeroSlot = 0 // counts are ascending and x = 0 is present
    const sharedRecency: TailLog = { value: 0, byP: 0, byC: 0, byZ: 0 }
    logTail(
      series[zeroSlot] as CountSeries,
      gap / larger,
      Math.max(logAlpha, logBeta),
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
  const gap = Math.abs(alpha - beta)
  const logS = Math.log(s)
  const bySeries = new Map<number, CountSeries>()
  const atRecency: TailLog = { value: 0, byP: 0, byC: 0, byZ: 0 }
  const atAge: TailLog = { value: 0, byP: 0, byC: 0, byZ: 0 }
  return (x: number, recency: number, age: number): number => {
    if (!(age > recency)) return 1
    let current = bySeries.get(x)
    if (current === undefined) {
      current = countSeries(r + s + x, alphaLarger ? s + 1 : r + x)
      bySeries.set(x, current)
    }
    const aRecency = larger + recency
    const aAge = larger + age
    logTail(current, gap / aRecency, Math.log(aRecency), atRecency)
    logTail(current, gap / aAge, Math.log(aAge), atAge)
    const alive = -(r + x) * Math.log(alpha + age) - s * Math.log(beta + age)
    const died = logS + atRecency.value + Math.log(-Math.expm1(atAge.value - atRecency.value))
    return sigmoid(alive - died)
  }
}

/** (1 − e^{(s−1)L}) / (s − 1), continuous through s = 1 (where it is −L). */
const survivalIntegral = (s: number, logRatio: number): number =>
  Math.abs(s - 1) < 1e-10 ? -logRatio : -Math.expm1((s - 1) * logRatio) / (s - 1)

/** E[X(t)] = rβ/(α(s − 1)) · [1 − (β/(β + t))^{s−1}] for a customer who has just made a first purchase. */
export const expectedPurchases = ({ r, alpha, s, beta }: ParetoParameters, t: number): number =>
  ((r * beta) / alpha) * survivalIntegral(s, Math.log(beta / (beta + t)))

/** E[Y(t) | alive, x, T] = (r + x)(β + T)/((α + T)(s − 1)) · [1 − ((β + T)/(β + T + t))^{s−1}]. */
export const expectedPurchasesIfAlive = (
  { r, alpha, s, beta }: ParetoParameters,
  t: number,
  x: number,
  age: number,
): number =>
  (((r + x) * (beta + age)) / (alpha + age)) *
  survivalIntegral(s, Math.log((beta + age) / (beta + age + t)))
