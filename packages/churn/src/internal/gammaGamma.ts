// The Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV"; Fader &
// Hardie note 025): a customer's transaction values are Gamma(p, ν) with ν varying
// across customers as a Gamma(q, γ). For a customer with x transactions of mean m̄:
//   ℓ = ln Γ(px + q) − ln Γ(px) − ln Γ(q) + q ln γ + (px − 1) ln m̄ + px ln x − (px + q) ln(γ + x m̄)
// Terms of x alone are computed once per distinct count; each row costs one logarithm.
import { countSlots } from "./rows.js"
import { digamma, logGamma } from "./special.js"

export interface SpendRows {
  readonly customers: number
  readonly counts: Float64Array
  readonly countWeight: Float64Array
  readonly frequency: Float64Array
  readonly monetary: Float64Array
  readonly logMonetary: Float64Array
  readonly weight: Float64Array
  readonly count: Int32Array
}

/** Lays out repeat buyers (x > 0, m̄ > 0, already validated) for the likelihood. */
export const spendRows = (frequency: ArrayLike<number>, monetary: ArrayLike<number>): SpendRows => {
  const { counts, countWeight, slotOf } = countSlots(frequency, (i) => (frequency[i] === 0 ? 0 : 1))
  let rows = 0
  for (let k = 0; k < counts.length; k++) rows += countWeight[k] as number
  const laidOut = {
    frequency: new Float64Array(rows),
    monetary: new Float64Array(rows),
    logMonetary: new Float64Array(rows),
    weight: new Float64Array(rows).fill(1),
    count: new Int32Array(rows),
  }
  let row = 0
  for (let i = 0; i < frequency.length; i++) {
    const x = frequency[i] as number
    if (x === 0) continue
    laidOut.frequency[row] = x
    laidOut.monetary[row] = monetary[i] as number
    laidOut.logMonetary[row] = Math.log(monetary[i] as number)
    laidOut.count[row] = slotOf[x] as number
    row++
  }
  return { customers: rows, counts, countWeight, ...laidOut }
}

/** The mean negative log-likelihood per repeat buyer at `[ln p, ln q, ln γ]`, gradient into `gradient`. */
export const negativeLogLikelihood = (
  rows: SpendRows,
  logParameters: ArrayLike<number>,
  gradient: Float64Array,
): number => {
  const p = Math.exp(logParameters[0] as number)
  const q = Math.exp(logParameters[1] as number)
  const gamma = Math.exp(logParameters[2] as number)
  const logGammaQ = logGamma(q)
  const digammaQ = digamma(q)
  const logScale = Math.log(gamma)
  let total = 0
  let dP = 0
  let dQ = 0
  let dGamma = 0
  for (let k = 0; k < rows.counts.length; k++) {
    const x = rows.counts[k] as number
    const w = rows.countWeight[k] as number
    const px = p * x
    const logX = Math.log(x)
    const digammaSum = digamma(px + q)
    total += w * (logGamma(px + q) - logGamma(px) - logGammaQ + q * logScale + px * logX)
    dP += w * x * (digammaSum - digamma(px) + logX)
    dQ += w * (digammaSum - digammaQ + logScale)
    dGamma += (w * q) / gamma
  }
  for (let i = 0; i < rows.frequency.length; i++) {
    const w = rows.weight[i] as number
    const x = rows.frequency[i] as number
    const logMean = rows.logMonetary[i] as number
    const spread = gamma + x * (rows.monetary[i] as number)
    const logSpread = Math.log(spread)
    const shape = p * x + q
    total += w * ((p * x - 1) * logMean - shape * logSpread)
    dP += w * x * (logMean - logSpread)
    dQ -= w * logSpread
    dGamma -= (w * shape) / spread
  }
  const n = rows.customers
  gradient[0] = (-dP * p) / n
  gradient[1] = (-dQ * q) / n
  gradient[2] = (-dGamma * gamma) / n
  return -total / n
}
