// The tail integral of the Pareto/NBD likelihood,
//   J(t) = ∫_t^∞ (α+τ)^{−(r+x)} (β+τ)^{−(s+1)} dτ,
// in log space with its partial derivatives by P, c and z, by one of two routes.
//
// With M = max(α, β), m = min(α, β), A = M + t, z = (M − m)/A, 1 − z = (m + t)/A and
// P = r + s + x (Fader & Hardie note 009, eqs 19–20, with α and β swapped when α < β):
//   J(t) = A^{−P} · F(z),  F(z) = ₂F₁(P, c; P + 1; z) / P = ∫₀¹ σ^{P−1} (1 − zσ)^{−c} dσ,
// c = s + 1 when α ≥ β and r + x otherwise. The caller passes 1 − z computed from m + t,
// not from z: (1 − z)^{1−c} with c up to 10⁴ turns the rounding of 1 − z into the
// relative error of J.
//
// Series route, wherever it is cheap (z ≤ 0.9 always, CDNOW's z ≤ 0.1 included): the
// Euler transform
//   F = (1 − z)^{1−c} Σₖ eₖ / P,  eₖ = Πⱼ<ₖ (P + 1 − c + j)/(P + 1 + j) · zᵏ,
// whose terms fall at least as fast as zᵏ (1 + k/(P + 1))^{−c} and whose sum lies in
// [1, 1/(1 − z)]: no overflow at x = 10⁴ (where the plain series exceeds a double), and
// the derivatives by P, c and z come from the same terms. The ratios of successive
// terms depend on x alone, so they are tabulated once per distinct count and
// evaluation. Near z = 1 (one of α, β far above the other plus t) it needs about
// 40/(1 − z) terms unless c is large, so it is taken only where that bound promises
// at most SERIES_BUDGET terms.
//
// Quadrature route, elsewhere: split σ at σ* = ζ/z with ζ = ½,
//   F(z) = ∫_{σ*}^1 … dσ + σ*^P · F(ζ),
// the second part by the series at ζ (about 60 terms), the first — τ from t to where
// the argument has fallen to ζ — by composite Gauss–Legendre in ξ = ln((m + τ)/(m + t)),
// where it is
//   (1 − z)^{1−c} ∫ e^{ψ(ξ)} dξ,  ψ(ξ) = (1 − c) ξ − (P + 1 − c) · ln(1 + (1 − z)(e^ξ − 1)).
// ψ is concave, so the panels run out from its maximum: two units wide while ψ changes
// slowly, narrower as it steepens so that it changes by at most PANEL_CHANGE in a panel,
// stopping once the concavity bound on the rest (a geometric tail) is below 10⁻¹⁷ of
// the sum. The derivatives by P, c and z are integrals of the same integrand with
// smooth weights, on the same nodes. Its cost is bounded whatever the parameters:
// about ln(1/(1 − z))/2 panels of 12 points where ψ is flat plus a dozen where it
// falls (at most 23 in all over r, s from 1e-4 to 1e4, x to 10⁴ and 1 − z down to
// 1e-12), and the series at ζ. Checked against high-precision ₂F₁, it is the more
// accurate of the two routes near 1: the series' rounding grows with its length.

/** Terms tabulated per count; a series that needs more computes them on the fly. */
const TABULATED_TERMS = 48

/**
 * The most series terms worth summing: a term costs about 5 ns, a quadrature 3–10 µs.
 * With it the series covers z up to about 0.94 for any parameters, and further where
 * c makes its terms fall faster (c = 150 with P = 150: to any z).
 */
const SERIES_BUDGET = 1000
/** Up to here the series stops within SERIES_BUDGET terms for any c (see `prefersQuadrature`). */
const SERIES_ALWAYS_UP_TO = 0.9
/** ln 10⁻¹⁷, the series' stopping tolerance. */
const LOG_SERIES_TOLERANCE = Math.log(1e-17)

/** ζ: where the quadrature hands over to the series (about 60 terms at most). */
const TAIL_SERIES_AT = 0.5
const LOG_TAIL_SERIES_AT = Math.log(TAIL_SERIES_AT)
const LOG_ONE_MINUS_TAIL_SERIES_AT = Math.log1p(-TAIL_SERIES_AT)

/** Gauss–Legendre points per panel. */
const GAUSS_POINTS = 12
/**
 * The most ψ (or ψ − ξ) may change across a panel: 12 points integrate e^{−6u} over
 * [0, 1] to 2e-16.
 */
const PANEL_CHANGE = 6
/** The widest panel, where ψ is nearly flat; the nearest singularity of ln(1 + …) is π off the real line. */
const WIDEST_PANEL = 2
/** The share of the integral the neglected rest may have. */
const NEGLECTED_SHARE = 1e-17

/** Gauss–Legendre nodes and weights on [0, 1], by Newton's method on P_n (weights sum to 1). */
const gaussLegendre = (points: number): { nodes: Float64Array; weights: Float64Array } => {
  const nodes = new Float64Array(points)
  const weights = new Float64Array(points)
  for (let i = 0; i < points; i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (points + 0.5))
    let derivative = 1
    for (let iteration = 0; iteration < 100; iteration++) {
      let current = 1
      let previous = 0
      for (let k = 1; k <= points; k++) {
        const older = previous
        previous = current
        current = ((2 * k - 1) * x * previous - (k - 1) * older) / k
      }
      derivative = (points * (x * current - previous)) / (x * x - 1)
      const step = current / derivative
      x -= step
      if (Math.abs(step) < 1e-16) break
    }
    nodes[i] = (1 - x) / 2
    weights[i] = 1 / ((1 - x * x) * derivative * derivative)
  }
  return { nodes, weights }
}

const { nodes: GAUSS_NODES, weights: GAUSS_WEIGHTS } = gaussLegendre(GAUSS_POINTS)

/** What J needs of a purchase count, tabulated once per count and evaluation. */
export interface CountSeries {
  /** P = r + s + x. */
  readonly p: number
  /** c: s + 1 when α ≥ β, r + x otherwise. */
  readonly c: number
  /** P + 1 − c. */
  readonly base: number
  /** ln P. */
  readonly logP: number
  /** ratio[k] = (base + k − 1)/(P + k) for k ≥ 1. */
  readonly ratio: Float64Array
  /** Σⱼ<ₖ 1/(base + j) − 1/(P + 1 + j): ∂ ln eₖ / ∂P. */
  readonly byP: Float64Array
  /** −Σⱼ<ₖ 1/(base + j): ∂ ln eₖ / ∂c. */
  readonly byC: Float64Array
  /** c · ln(1 + B/(P + 1)) − ln(B + 1), B = SERIES_BUDGET: how far the c-factor and the stopping rule's k bring term B down. */
  readonly budgetDecay: number
}

/** The series table of one purchase count: P = r + s + x and c as above. */
export const countSeries = (p: number, c: number): CountSeries => {
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
  const budgetDecay = c * Math.log1p(SERIES_BUDGET / (p + 1)) - Math.log(SERIES_BUDGET + 1)
  return { p, c, base, logP: Math.log(p), ratio, byP, byC, budgetDecay }
}

/** ln J(t) and its partial derivatives by P, c and z at fixed A (the explicit −P/A is the caller's). */
export interface TailLog {
  value: number
  /**
   * ln J − (−P ln A + (1 − c) ln(1 − z)): the part of ln J that is not a large
   * multiple of a logarithm. A difference ln J(T) − ln J(t_x) taken from it and the
   * logarithms' differences keeps its absolute accuracy however large P ln A is.
   */
  rest: number
  byP: number
  byC: number
  byZ: number
}

/** A fresh {@link TailLog} to write into. */
export const tailLog = (): TailLog => ({ value: 0, rest: 0, byP: 0, byC: 0, byZ: 0 })

/** Writes ln F(z) − (1 − c) ln(1 − z) and the partial derivatives of ln F by P, c and z into `out`, by the Euler series. */
const seriesLogF = (
  series: CountSeries,
  z: number,
  oneMinusZ: number,
  logOneMinusZ: number,
  out: TailLog,
): void => {
  const { p, c, base, logP, ratio, byP, byC } = series
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
    // harmonic factors of the other sums grow only like ln k. The cap is a guard: by
    // `prefersQuadrature` the series is summed only where it stops within SERIES_BUDGET.
    if (term * (k + 1) <= 1e-17 * sum * oneMinusZ * oneMinusZ || term === 0 || k > 1_000_000) break
  }
  out.rest = Math.log(sum) - logP
  out.byP = -1 / p + sumP / sum
  out.byC = -logOneMinusZ + sumC / sum
  out.byZ = (c - 1) / oneMinusZ + sumZ / sum
}

/** Scratch for the series at ζ inside the quadrature route (the models run single-threaded). */
const atHandOver = tailLog()

/**
 * Writes ln F(z) − (1 − c) ln(1 − z) and the partial derivatives of ln F into `out`,
 * by Gauss–Legendre over ξ ∈ [0, ξ*] (where the argument falls from z to ζ) plus
 * σ*^P F(ζ) by the series.
 */
const quadratureLogF = (
  series: CountSeries,
  z: number,
  oneMinusZ: number,
  logOneMinusZ: number,
  out: TailLog,
): void => {
  const { p: bigP, c } = series
  const exponent = series.base // P + 1 − c, the power of ln(1 + (1 − z)(e^ξ − 1))
  const slopeAtZero = 1 - c // ψ'(ξ) = (1 − c) − exponent · share(ξ)
  const logZ = Math.log(z)
  // ξ* = ln((m + τ*)/(m + t)) where (M − m)/(M + τ*) = ζ.
  const end = logZ + LOG_ONE_MINUS_TAIL_SERIES_AT - LOG_TAIL_SERIES_AT - logOneMinusZ
  // The maximum of the concave ψ: at 0 when it falls from the start, else where
  // (1 − z)e^ξ = z(1 − c)/P, or at ξ* when it still rises there.
  let peak = 0
  if (slopeAtZero > 0) {
    const root = Math.log((z * slopeAtZero) / bigP) - logOneMinusZ
    peak = Math.min(Math.max(root, 0), end)
  }
  const shiftPeak = Math.log1p(oneMinusZ * Math.expm1(peak))
  const psiPeak = slopeAtZero * peak - exponent * shiftPeak

  // Σ w e^{ψ−ψmax} · {1, L, ξ, e^{−ξ}}, L = ln(1 + (1 − z)(e^ξ − 1)).
  let sum = 0
  let sumL = 0
  let sumXi = 0
  let sumInverse = 0
  const panel = (from: number, width: number): void => {
    for (let i = 0; i < GAUSS_POINTS; i++) {
      const xi = from + width * (GAUSS_NODES[i] as number)
      const grown = Math.expm1(xi)
      const shift = Math.log1p(oneMinusZ * grown)
      const weighted =
        width *
        (GAUSS_WEIGHTS[i] as number) *
        Math.exp(slopeAtZero * (xi - peak) - exponent * (shift - shiftPeak))
      sum += weighted
      sumL += weighted * shift
      sumXi += weighted * xi
      sumInverse += weighted / (grown + 1)
    }
  }

  // Left of the peak (only when c < 1): ψ' lies in [0, 1 − c] ⊂ [0, 1], so panels of
  // the widest width keep every integrand's change within PANEL_CHANGE.
  if (peak > 0) {
    const panels = Math.ceil(peak / WIDEST_PANEL)
    const width = peak / panels
    for (let k = 0; k < panels; k++) panel(k * width, width)
  }
  // Right of the peak |ψ'| only grows: a panel whose steepness at its end, times its
  // width, is within PANEL_CHANGE is within it throughout. The steepness bounds |ψ'|
  // and the slope of the weight e^{−ξ}: |1 − c| + 1 + (P + 1 − c) · share(ξ), with
  // share(ξ) = (1 − z)e^ξ / (1 + (1 − z)(e^ξ − 1)).
  const shareAt = (xi: number): number => {
    const grown = Math.expm1(xi)
    return (oneMinusZ * (grown + 1)) / (1 + oneMinusZ * grown)
  }
  const flatSteepness = Math.abs(slopeAtZero) + 1
  let truncated = false
  let from = peak
  let shareFrom = shareAt(peak)
  while (from < end) {
    let width = Math.min(
      WIDEST_PANEL,
      end - from,
      PANEL_CHANGE / (flatSteepness + exponent * shareFrom),
    )
    let shareTo = shareAt(from + width)
    const steepnessTo = flatSteepness + exponent * shareTo
    if (width * steepnessTo > PANEL_CHANGE) {
      width = PANEL_CHANGE / steepnessTo
      shareTo = shareAt(from + width)
    }
    panel(from, width)
    const last = from + width >= end
    from = last ? end : from + width
    shareFrom = shareTo
    if (last) break
    // ψ concave: beyond `from` it lies below its tangent there, so the rest of the
    // integral is below e^{ψ(from)−ψmax} / |ψ'(from)|, and that of its weighted forms
    // (weights L < 1, e^{−ξ} ≤ 1 and ξ) below (1 + from + 1/|ψ'|) times that.
    const slope = slopeAtZero - exponent * shareFrom
    if (slope < 0) {
      const drop =
        slopeAtZero * (from - peak) -
        exponent * (Math.log1p(oneMinusZ * Math.expm1(from)) - shiftPeak)
      if (
        drop < -30 &&
        (Math.exp(drop) * (1 + from - 1 / slope)) / -slope <= NEGLECTED_SHARE * sum
      ) {
        truncated = true
        break
      }
    }
  }

  const quadrature = psiPeak + Math.log(sum) // ln Q − (1 − c) ln(1 − z)
  const quadratureByP = -sumL / sum
  const quadratureByC = (sumL - sumXi) / sum - logOneMinusZ
  const quadratureByZ = (c * sumInverse) / (oneMinusZ * sum)
  if (truncated) {
    // The rest, σ*^P F(ζ) included, is below NEGLECTED_SHARE of what was summed.
    out.rest = quadrature
    out.byP = quadratureByP
    out.byC = quadratureByC
    out.byZ = quadratureByZ
    return
  }
  // σ*^P F(ζ), σ* = ζ / z: F(z) = Q + σ*^P F(ζ), and the derivatives split the same way
  // (the split point's own dependence on z cancels between the two parts).
  seriesLogF(series, TAIL_SERIES_AT, 1 - TAIL_SERIES_AT, LOG_ONE_MINUS_TAIL_SERIES_AT, atHandOver)
  const logSplit = LOG_TAIL_SERIES_AT - logZ
  // ln σ*^P F(ζ) − (1 − c) ln(1 − z): large only when negative (c > 1, negligible
  // then) — for c < 1 the factor (1 − c) is below 1.
  const tail =
    bigP * logSplit + slopeAtZero * (LOG_ONE_MINUS_TAIL_SERIES_AT - logOneMinusZ) + atHandOver.rest
  const rest =
    quadrature > tail
      ? quadrature + Math.log1p(Math.exp(tail - quadrature))
      : tail + Math.log1p(Math.exp(quadrature - tail))
  const tailShare = Math.exp(tail - rest)
  const quadratureShare = Math.exp(quadrature - rest)
  out.rest = rest
  out.byP = quadratureShare * quadratureByP + tailShare * (logSplit + atHandOver.byP)
  out.byC = quadratureShare * quadratureByC + tailShare * atHandOver.byC
  out.byZ = quadratureShare * quadratureByZ + tailShare * Math.exp(logSplit) * atHandOver.byZ
}

/**
 * Whether J at this argument goes by quadrature: when the bound
 * eₖ ≤ zᵏ (1 + k/(P + 1))^{−c} does not guarantee that the series stops within
 * SERIES_BUDGET terms. Below z = 0.9 it always does, whatever c, and the check is skipped.
 */
export const prefersQuadrature = (series: CountSeries, z: number, logOneMinusZ: number): boolean =>
  z > SERIES_ALWAYS_UP_TO &&
  SERIES_BUDGET * Math.log(z) - series.budgetDecay > LOG_SERIES_TOLERANCE + 2 * logOneMinusZ

/**
 * Writes ln J(t) = −P ln A + (1 − c) ln(1 − z) + rest and its partial derivatives by
 * P, c and z (at fixed A) into `out`. `oneMinusZ` must be (m + t)/A, not 1 − z, and
 * `logOneMinusZ` its logarithm. `route` forces one route (tests compare them); the
 * quadrature needs z > ½ and takes the series below.
 */
export const logTail = (
  series: CountSeries,
  z: number,
  oneMinusZ: number,
  logOneMinusZ: number,
  logA: number,
  out: TailLog,
  route?: "series" | "quadrature",
): void => {
  const quadrature =
    route === undefined
      ? z > SERIES_ALWAYS_UP_TO && prefersQuadrature(series, z, logOneMinusZ)
      : route === "quadrature" && z > TAIL_SERIES_AT
  if (quadrature) quadratureLogF(series, z, oneMinusZ, logOneMinusZ, out)
  else seriesLogF(series, z, oneMinusZ, logOneMinusZ, out)
  out.value = out.rest + (1 - series.c) * logOneMinusZ - series.p * logA
  out.byP -= logA
}
