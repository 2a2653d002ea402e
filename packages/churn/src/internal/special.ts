// Special functions for the customer-base models: log-gamma, digamma, log-beta, log-sum-exp helpers and the Gauss hypergeometric function ₂F₁ in log
// space. Plain numbers and loops: they sit inside likelihood loops that run millions
// of times per fit.

const HALF_LOG_TWO_PI = 0.9189385332046728

// Lanczos coefficients for g = 7, n = 9 (Godfrey): about 15 significant digits of Γ.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
]

/** ln Γ(x) for x > 0; the Stirling series above 10, where it is both faster and exact to the last bits. */
export const logGamma = (x: number): number => {
  if (x >= 10) {
    const inverse = 1 / x
    const inverseSquared = inverse * inverse
    // Stirling: (x − ½) ln x − x + ½ ln 2π + 1/(12x) − 1/(360x³) + 1/(1260x⁵) − 1/(1680x⁷)
    return (
      (x - 0.5) * Math.log(x) -
      x +
      HALF_LOG_TWO_PI +
      inverse *
        (1 / 12 -
          inverseSquared *
            (1 / 360 -
              inverseSquared * (1 / 1260 - inverseSquared * (1 / 1680 - inverseSquared / 1188))))
    )
  }
  if (x < 0.5) {
    // Reflection keeps the Lanczos sum in its accurate range: Γ(x)Γ(1−x) = π / sin(πx).
    return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x)
  }
  const shifted = x - 1
  let sum = LANCZOS[0] as number
  for (let k = 1; k < 9; k++) sum += (LANCZOS[k] as number) / (shifted + k)
  const t = shifted + 7.5
  return HALF_LOG_TWO_PI + (shifted + 0.5) * Math.log(t) - t + Math.log(sum)
}

/** ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b). */
export const logBeta = (a: number, b: number): number => logGamma(a) + logGamma(b) - logGamma(a + b)

/** ψ(x) = d/dx ln Γ(x) for x > 0: recurrence up to 6, then the asymptotic series. */
export const digamma = (x: number): number => {
  let result = 0
  let y = x
  while (y < 6) {
    result -= 1 / y
    y += 1
  }
  const inverse = 1 / y
  const inverseSquared = inverse * inverse
  return (
    result +
    Math.log(y) -
    0.5 * inverse -
    inverseSquared *
      (1 / 12 -
        inverseSquared *
          (1 / 120 -
            inverseSquared * (1 / 252 - inverseSquared * (1 / 240 - inverseSquared / 132))))
  )
}

/** 1 / (1 + e⁻ˣ) without overflow. */
export const sigmoid = (x: number): number => {
  if (x >= 0) return 1 / (1 + Math.exp(-x))
  const e = Math.exp(x)
  return e / (1 + e)
}

/** ln(eᵃ + eᵇ). */
export const logAddExp = (a: number, b: number): number =>
  a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b))

/** The most terms a ₂F₁ series may take before it is declared not converged. */
const HYPERGEOMETRIC_MAX_TERMS = 1_000_000

/**
 * The logarithm of the plain series Σ (a)ₖ(b)ₖ/((c)ₖ k!) zᵏ for 0 ≤ z < 1 (of its
 * absolute value: callers use it where the sum is positive), summed until a
 * geometric bound on the rest is below the double's precision. NaN when it has not
 * converged within {@link HYPERGEOMETRIC_MAX_TERMS} terms.
 */
const hypergeometricSeries = (a: number, b: number, c: number, z: number): number => {
  let term = 1
  let sum = 1
  // The sum is kept as sum · e^logScale so that series beyond a double's range (large
  // parameters, z near 1) stay finite.
  let logScale = 0
  for (let k = 0; k < HYPERGEOMETRIC_MAX_TERMS; k++) {
    const ratio = ((a + k) * (b + k) * z) / ((c + k) * (k + 1))
    term *= ratio
    sum += term
    if (term === 0) return Math.log(Math.abs(sum)) + logScale
    if (sum > 1e250 || sum < -1e250) {
      sum *= 1e-250
      term *= 1e-250
      logScale += 575.6462732485114 // 250 ln 10
    }
    // Far enough out, the ratio of successive terms tends monotonically to z, so
    // the rest is bounded by a geometric series of the larger of the two.
    const absoluteRatio = ratio < 0 ? -ratio : ratio
    const bound = Math.max(absoluteRatio, z)
    if (
      bound < 1 &&
      k > 1 &&
      (term < 0 ? -term : term) * bound <= 1e-16 * (1 - bound) * (sum < 0 ? -sum : sum)
    )
      return Math.log(sum < 0 ? -sum : sum) + logScale
  }
  return Number.NaN
}

/**
 * ln ₂F₁(a, b; c; z) for 0 ≤ z < 1 and c > 0, where the function is positive (as it
 * is wherever the models use it).
 *
 * It sums whichever of the series and its Euler transform,
 * ₂F₁(a, b; c; z) = (1 − z)^{c−a−b} ₂F₁(c − a, c − b; c; z), has the smaller
 * leading coefficients: for the models' conditional expectations the transform's
 * parameters do not grow with the purchase count, so it converges in a few terms
 * and never overflows at x = 1000, where the plain series' sum is beyond a double.
 * NaN when the series does not converge.
 */
export const logHypergeometric = (a: number, b: number, c: number, z: number): number => {
  if (z === 0) return 0
  const euler = Math.abs((c - a) * (c - b)) < Math.abs(a * b)
  if (euler) {
    return (c - a - b) * Math.log1p(-z) + hypergeometricSeries(c - a, c - b, c, z)
  }
  return hypergeometricSeries(a, b, c, z)
}
