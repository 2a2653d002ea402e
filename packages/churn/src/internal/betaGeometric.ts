// The BG/NBD (Fader, Hardie & Lee 2005) and MBG/NBD (Batislam, Denizel & Filiztekin
// 2007) log-likelihoods with their analytic gradients, in log space.
//
// For a customer with x repeat purchases, the last at t_x, observed for T:
//   ℓ = K(x) − (r + x) ln(α + T) + δ · ln(1 + e^d)
//   K(x) = ln Γ(r + x) − ln Γ(r) + r ln α + ln Γ(a + b) + ln Γ(b + x + m) − ln Γ(b) − ln Γ(a + b + x + m)
//   d    = ln a − ln(b + x − 1 + m) − (r + x) (ln(α + t_x) − ln(α + T))
// with m = 0, δ = [x > 0] for BG/NBD and m = 1, δ = 1 for MBG/NBD (drop-out is also
// possible right after the first purchase). This is lifetimes' A₁ … A₄ with the
// log-sum-exp folded into a softplus, which stays finite at x = 1000 and beyond.
//
// The terms of x alone are computed once per distinct count; each row then costs two
// logarithms, an exponential and a log1p (one logarithm for a one-time buyer under
// BG/NBD).
//
// Also the predictions: P(alive), the expected purchases (the beta mixture of
// betaMixture.ts with shifted parameters, which evaluates the published ₂F₁ closed
// forms where they are well-conditioned and other forms at a = 1, a + b ≤ 1 and
// t ≫ α) and the purchase-count distribution.
import { expectedPurchasesOfAlive } from "./betaMixture.js"
import type { FittingRows } from "./rows.js"
import { digamma, logBeta, logGamma, sigmoid } from "./special.js"

/**
 * The mean negative log-likelihood per customer at log-parameters
 * `[ln r, ln α, ln a, ln b]`, with its gradient written into `gradient`.
 */
export const negativeLogLikelihood = (
  rows: FittingRows,
  modified: boolean,
  logParameters: ArrayLike<number>,
  gradient: Float64Array,
): number => {
  const r = Math.exp(logParameters[0] as number)
  const alpha = Math.exp(logParameters[1] as number)
  const a = Math.exp(logParameters[2] as number)
  const b = Math.exp(logParameters[3] as number)
  const shift = modified ? 1 : 0
  const logAlpha = Math.log(alpha)
  const logA = Math.log(a)

  // Terms of x alone, summed over every customer with that count.
  const { counts, countWeight } = rows
  const offset = new Float64Array(counts.length)
  const inverseDropout = new Float64Array(counts.length)
  let total = 0
  let dR = 0
  let dAlpha = 0
  let dA = 0
  let dB = 0
  const logGammaR = logGamma(r)
  const logGammaB = logGamma(b)
  const logGammaAB = logGamma(a + b)
  const digammaR = digamma(r)
  const digammaB = digamma(b)
  const digammaAB = digamma(a + b)
  for (let k = 0; k < counts.length; k++) {
    const x = counts[k] as number
    const w = countWeight[k] as number
    const bx = b + x + shift
    const abx = a + b + x + shift
    total +=
      w *
      (logGamma(r + x) -
        logGammaR +
        r * logAlpha +
        logGammaAB +
        logGamma(bx) -
        logGammaB -
        logGamma(abx))
    const digammaABX = digamma(abx)
    dR += w * (digamma(r + x) - digammaR + logAlpha)
    dAlpha += (w * r) / alpha
    dA += w * (digammaAB - digammaABX)
    dB += w * (digammaAB + digamma(bx) - digammaB - digammaABX)
    offset[k] = logA - Math.log(b + x - 1 + shift)
    inverseDropout[k] = 1 / (b + x - 1 + shift)
  }

  // One-time buyers: −r ln(α + T), plus, under MBG/NBD, the drop-out at time 0.
  const zero = rows.zero
  const zeroOffset = modified ? logA - Math.log(b) : 0
  let sigmaZero = 0
  for (let i = 0; i < zero.age.length; i++) {
    const w = zero.weight[i] as number
    const logT = Math.log(alpha + (zero.age[i] as number))
    const inverseT = 1 / (alpha + (zero.age[i] as number))
    total -= w * r * logT
    dR -= w * logT
    dAlpha -= w * r * inverseT
    if (modified) {
      const recencyLog = Math.log(alpha + (zero.recency[i] as number))
      const difference = recencyLog - logT
      const d = zeroOffset - r * difference
      const e = Math.exp(-Math.abs(d))
      const softplus = Math.max(d, 0) + Math.log1p(e)
      const sigma = d > 0 ? 1 / (1 + e) : e / (1 + e)
      total += w * softplus
      dR -= w * sigma * difference
      dAlpha -= w * sigma * r * (1 / (alpha + (zero.recency[i] as number)) - inverseT)
      sigmaZero += w * sigma
    }
  }
  if (modified) {
    dA += sigmaZero / a
    dB -= sigmaZero / b
  }

  // Repeat buyers.
  const repeat = rows.repeat
  const sigmaByCount = new Float64Array(counts.length)
  for (let i = 0; i < repeat.age.length; i++) {
    const w = repeat.weight[i] as number
    const slot = repeat.count[i] as number
    const rx = r + (repeat.frequency[i] as number)
    const alphaT = alpha + (repeat.age[i] as number)
    const alphaTx = alpha + (repeat.recency[i] as number)
    const logT = Math.log(alphaT)
    const difference = Math.log(alphaTx) - logT
    const d = (offset[slot] as number) - rx * difference
    const e = Math.exp(-Math.abs(d))
    const softplus = Math.max(d, 0) + Math.log1p(e)
    const sigma = d > 0 ? 1 / (1 + e) : e / (1 + e)
    const inverseT = 1 / alphaT
    total += w * (softplus - rx * logT)
    dR -= w * (logT + sigma * difference)
    dAlpha -= w * rx * (inverseT + sigma * (1 / alphaTx - inverseT))
    sigmaByCount[slot] = (sigmaByCount[slot] as number) + w * sigma
  }
  for (let k = 0; k < counts.length; k++) {
    const sigma = sigmaByCount[k] as number
    // BG/NBD one-time buyers have no drop-out term (and 1/(b − 1) may be infinite).
    if (sigma === 0) continue
    dA += sigma / a
    dB -= sigma * (inverseDropout[k] as number)
  }

  // Mean negative log-likelihood, gradient in log-parameters (∂/∂ln θ = θ ∂/∂θ).
  const n = rows.customers
  gradient[0] = (-dR * r) / n
  gradient[1] = (-dAlpha * alpha) / n
  gradient[2] = (-dA * a) / n
  gradient[3] = (-dB * b) / n
  return -total / n
}

/** The four parameters of BG/NBD and MBG/NBD, natural scale. */
export interface BetaGeometricParameters {
  readonly r: number
  readonly alpha: number
  readonly a: number
  readonly b: number
}

/**
 * ln of the odds that a customer is dead rather than alive:
 * ln(a / (b + x − 1 + m)) + (r + x) ln((α + T)/(α + t_x)), with the BG/NBD one-time
 * buyer alive by construction (−∞).
 */
const logDeadOdds = (
  { r, alpha, a, b }: BetaGeometricParameters,
  modified: boolean,
  x: number,
  recency: number,
  age: number,
): number => {
  if (x === 0 && !modified) return Number.NEGATIVE_INFINITY
  const shift = modified ? 1 : 0
  return Math.log(a / (b + x - 1 + shift)) + (r + x) * Math.log((alpha + age) / (alpha + recency))
}

/** P(alive | x, t_x, T) = 1 / (1 + dead odds), computed as a logistic so it never overflows. */
export const probabilityAlive = (
  parameters: BetaGeometricParameters,
  modified: boolean,
  x: number,
  recency: number,
  age: number,
): number => sigmoid(-logDeadOdds(parameters, modified, x, recency, age))

/**
 * E[X(t)] for a customer who has just made a first purchase. Both models are the
 * mixture M of betaMixture.ts: under BG/NBD the customer is alive at 0, so
 * E[X(t)] = M(r, α, a, b, t); under MBG/NBD the customer first survives the drop-out
 * chance at 0, which has probability b/(a + b) and leaves p ~ Beta(a, b + 1), so
 * E[X(t)] = b/(a + b) · M(r, α, a, b + 1, t). Where ₂F₁'s third parameter is
 * positive these are Fader, Hardie & Lee's (a + b − 1)/(a − 1) · [1 − (α/(α+t))^r
 * ₂F₁(r, b; a + b − 1; t/(α+t))] and Batislam et al.'s b/(a − 1) · [1 − (α/(α+t))^r
 * ₂F₁(r, b + 1; a + b; t/(α+t))]; M also covers a = 1 (where they are 0/0),
 * a + b ≤ 1 (BG/NBD) and t ≫ α.
 */
export const expectedPurchases = (
  { r, alpha, a, b }: BetaGeometricParameters,
  modified: boolean,
  t: number,
): number =>
  modified
    ? (b / (a + b)) * expectedPurchasesOfAlive(r, alpha, a, b + 1, t)
    : expectedPurchasesOfAlive(r, alpha, a, b, t)

/**
 * E[Y(t) | alive, x, T]: the expected purchases in the next `t` of a customer known
 * to be alive. Given the history, λ ~ Gamma(r + x, α + T) and, having survived x + m
 * drop-out chances (m = 1 under MBG/NBD, for the one at time 0), p ~ Beta(a, b + x + m):
 * so it is M(r + x, α + T, a, b + x + m, t): where a + b + x − 1 + m > 0 and a ≠ 1 the closed
 * form (a + b + x − 1 + m)/(a − 1) · [1 − ((α+T)/(α+T+t))^{r+x} ₂F₁(r+x, b+x+m; a+b+x−1+m; t/(α+T+t))],
 * evaluated as betaMixture.ts explains.
 */
export const expectedPurchasesIfAlive = (
  { r, alpha, a, b }: BetaGeometricParameters,
  modified: boolean,
  t: number,
  x: number,
  age: number,
): number => expectedPurchasesOfAlive(r + x, alpha + age, a, b + x + (modified ? 1 : 0), t)

/** E[Y(t) | x, t_x, T]: the expected purchases in the next `t` of a customer with that history. */
export const conditionalExpectedPurchases = (
  parameters: BetaGeometricParameters,
  modified: boolean,
  t: number,
  x: number,
  recency: number,
  age: number,
): number =>
  expectedPurchasesIfAlive(parameters, modified, t, x, age) *
  probabilityAlive(parameters, modified, x, recency, age)

/** P(X(t) = n) for a customer who has just made a first purchase. */
export const purchaseProbability = (
  { r, alpha, a, b }: BetaGeometricParameters,
  modified: boolean,
  t: number,
  n: number,
): number => {
  const shift = modified ? 1 : 0
  const logBetaAB = logBeta(a, b)
  const logStay = Math.log(alpha / (alpha + t))
  const logGo = t === 0 ? Number.NEGATIVE_INFINITY : Math.log(t / (alpha + t))
  // NB(j) = Γ(r + j)/(Γ(r) j!) (α/(α+t))^r (t/(α+t))^j, the count had the customer stayed alive.
  const logNegativeBinomial = (j: number) =>
    logGamma(r + j) - logGamma(r) - logGamma(j + 1) + r * logStay + (j === 0 ? 0 : j * logGo)
  // Alive after n purchases (survived each drop-out chance).
  const alive = Math.exp(logBeta(a, b + n + shift) - logBetaAB + logNegativeBinomial(n))
  // Died right after the n-th purchase (BG/NBD: only after a repeat one; MBG/NBD: also at 0).
  if (n === 0 && !modified) return alive
  let cumulative = 0
  // It reached the n-th purchase before t: P(N(t) ≥ n) = 1 − Σⱼ<ₙ NB(j).
  for (let j = 0; j < n; j++) cumulative += Math.exp(logNegativeBinomial(j))
  const died = Math.exp(logBeta(a + 1, b + n - 1 + shift) - logBetaAB) * Math.max(0, 1 - cumulative)
  return alive + died
}
