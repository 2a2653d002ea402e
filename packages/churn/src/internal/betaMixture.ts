// The expected purchases of a customer who is alive now, under the beta-geometric
// drop-out of BG/NBD and MBG/NBD, on the whole parameter domain.
//
// A customer buys at rate λ ~ Gamma(r, α) and drops out after each purchase with
// probability p ~ Beta(a, b). Given λ and p the purchases in the next t number
// (1 − e^{−λpt})/p on average; mixing over λ and then p,
//
//   M(r, α, a, b, t) = E_p[f(p)],   f(p) = (1 − (1 + p s)^{−r}) / p,   s = t/α.
//
// Every expectation of the two models is this function with shifted parameters
// (betaGeometric.ts says which). The published closed form,
// (a + b − 1)/(a − 1) · [1 − (1 − w)^r ₂F₁(r, b; a + b − 1; w)] with w = t/(α + t), is
// 0/0 at a = 1, loses about −log₁₀|a − 1| digits near it, needs ₂F₁'s third parameter
// a + b − 1 > 0, and its series needs about 37/(1 − w) terms. M is evaluated in the
// first of three ways that applies:
//
// 1. The closed form, rewritten so that no division by a − 1 is left, summed in
//    whichever of three series suits the parameters, each with an estimate of the
//    digits it loses: used where that promises about 12 digits and t ≤ 100α. This is
//    the fast path: a few dozen terms for the usual fits and customers.
// 2. Otherwise (a + b ≤ 1; a near 1 with r above a + b; t up to a few hundred α), the
//    series Σⱼ P(N = j) · Σ_{k<j} B(a, b + k)/B(a, b) over the negative-binomial count N
//    of purchase chances: all terms positive, valid for every a, b > 0, about
//    r·s + 40·(1 + s) terms; used up to 4,000.
// 3. Otherwise (t ≫ α, very many expected purchases), an adaptive Gauss–Kronrod
//    quadrature of E_p[f(p)] over the log-odds of p, whose cost (a few hundred
//    evaluations of f, at most 4,500) does not depend on t/α.
//
// Against 100-digit references over r ∈ [1e-3, 2e4], a, b ∈ [1e-4, 2e4],
// t/α ∈ [1e-8, 1e8], a = 1 and 1 ± 1e-14 … 1e-2, a + b on both sides of 1, the
// relative error stayed below 1.1e-12 (each way on its own domain, below 3e-13
// for the closed form).

/** The estimated loss of the closed form (in units of the double's precision) above which it is not used. */
const CLOSED_FORM_MAX_LOSS = 2000
/** The closed form's series need about 37·(1 + s) terms: beyond this s the quadrature is cheaper. */
const CLOSED_FORM_MAX_S = 100
/** The most terms any series may take before the next method is tried. */
const SERIES_MAX_TERMS = 6000
/** The most terms the negative-binomial series is expected to need for it to be chosen. */
const NEGATIVE_BINOMIAL_MAX_TERMS = 4000

/**
 * M(r, α, a, b, t): the expected purchases in the next `t` of a customer alive now,
 * buying at rate λ ~ Gamma(r, α) and dropping out after each purchase with
 * probability p ~ Beta(a, b). 0 at t = 0.
 */
export const expectedPurchasesOfAlive = (
  r: number,
  alpha: number,
  a: number,
  b: number,
  t: number,
): number => {
  if (t === 0) return 0
  const s = t / alpha
  const closed = closedForm(r, s, a, b)
  if (!Number.isNaN(closed)) return closed
  if (negativeBinomialTerms(r, s) <= NEGATIVE_BINOMIAL_MAX_TERMS) {
    const series = negativeBinomialSeries(r, s, a, b)
    if (!Number.isNaN(series)) return series
  }
  return quadrature(r, s, a, b)
}

/**
 * The closed form, or NaN where it cannot promise about 12 digits. With c = a + b − 1
 * > 0 and ε = a − 1, Euler's transform gives (1 − w)^r ₂F₁(r, b; c; w) =
 * (1 − w)^ε ₂F₁(c − r, ε; c; w) = (1 − w)^ε (1 + ε τ), τ = Σ_{k≥1} ρₖ (a)ₖ₋₁ wᵏ/k! with
 * ρₖ = (c − r)ₖ/(c)ₖ, whose terms all have the sign of c − r when c − r > −1. Three
 * series of the bracket:
 *
 * - the transformed form (see {@link transformedForm}): τ as it stands, the cheapest;
 *   it cancels when r ≪ c;
 * - the positive form (see {@link positiveForm}): since (1 − w)^{−ε} = 1 + ε Σ (a)ₖ₋₁ wᵏ/k!,
 *   M = c (1 − w)^ε Σ_{k≥1} (1 − ρₖ) (a)ₖ₋₁ wᵏ/k!, every term positive when
 *   c − r > −1; its terms first grow like (a)ₖ, so it is for moderate a;
 * - the plain series (see {@link plainForm}): M = c/ε · [1 − (1 − w)^r (1 + σ)],
 *   σ = Σ_{k≥1} (r)ₖ (b)ₖ / ((c)ₖ k!) wᵏ, all terms positive, which cancels by about
 *   (c + b)/|ε|: the one for large a.
 */
const closedForm = (r: number, s: number, a: number, b: number): number => {
  // a − 1 is exact for ½ ≤ a ≤ 2; c is then rounded once. Its relative error, in units
  // of the precision, enters every term through 1/(c)ₖ: it counts when c is small.
  const epsilon = a - 1
  const c = epsilon + b
  if (!(c > 0) || !(s <= CLOSED_FORM_MAX_S)) return Number.NaN
  const cError = (a < 0.5 || a > 2 ? Math.abs(epsilon) / c : 0) + 1
  const w = s / (1 + s)
  const logStay = -Math.log1p(s)
  // For a > 2 the plain series goes first when its terms, about (r)ₖ(b)ₖ/(c)ₖ, grow no
  // faster than the positive form's (a)ₖ: it is then the shorter of the two.
  const plainFirst = a > 2 && r * b <= a * c
  if (plainFirst) {
    const result = plainForm(r, b, c, cError, epsilon, w, logStay)
    if (!Number.isNaN(result)) return result
  }
  if (c - r > -1) {
    // The transformed form cancels by about (c + |c − r|)/r at small w: skip it when
    // that alone would make it fail.
    if (a <= 2 && c + Math.abs(c - r) <= 100 * r) {
      const result = transformedForm(r, a, c, cError, epsilon, w, logStay)
      if (!Number.isNaN(result)) return result
    }
    if (-epsilon * logStay <= 50) {
      const result = positiveForm(r, a, c, cError, epsilon, w, logStay)
      if (!Number.isNaN(result)) return result
    }
  }
  return epsilon === 0 || plainFirst ? Number.NaN : plainForm(r, b, c, cError, epsilon, w, logStay)
}

/**
 * The fast path of {@link closedForm} (c − r > −1, a ≤ 2): Euler's transform summed
 * as it stands, 1 + ε τ with τ = Σ_{k≥1} ρₖ (a)ₖ₋₁ wᵏ/k!, so that the bracket is
 * −expm1(ε L), L = ln(1 − w) + log1p(ε τ)/ε, and M = c · (−expm1(ε L))/ε → −c L at
 * a = 1. Cheaper than the positive form, but L cancels when r ≪ c: NaN when its
 * estimate of the digits lost says so.
 */
const transformedForm = (
  r: number,
  a: number,
  c: number,
  cError: number,
  epsilon: number,
  w: number,
  logStay: number,
): number => {
  // Every term has the sign of c − r and the ratio of terms rises to w from below
  // (a ≤ 2): the rest is below |term| · w/(1 − w).
  let term = ((c - r) * w) / c
  let tau = term
  const sign = term < 0 ? -1 : 1
  const tolerance = (4e-16 * (1 - w)) / w
  let k = 1
  for (; k < SERIES_MAX_TERMS; k++) {
    term *= ((c - r + k) * (a + k - 1) * w) / ((c + k) * (k + 1))
    tau += term
    if (sign * term <= tolerance * (sign * tau - logStay)) break
  }
  const magnitude = sign * tau
  if (k === SERIES_MAX_TERMS || !(magnitude <= 1e280)) return Number.NaN
  const x = epsilon * tau
  if (!(x > -1)) return Number.NaN
  // log1p(ε τ)/ε, continuous through ε = 0 (a series when ε τ is too small to divide by).
  const logSeries = Math.abs(x) < 1e-8 ? tau * (1 - x * (0.5 - x / 3)) : Math.log1p(x) / epsilon
  const logRest = logStay + logSeries
  if (!(logRest < 0)) return Number.NaN
  const y = epsilon * logRest
  const small = Math.abs(y) < 1e-8
  const rise = small ? 0 : Math.expm1(y)
  // −expm1(ε L)/ε, continuous through ε = 0.
  const shrink = small ? -logRest * (1 + y * (0.5 + y / 6)) : -rise / epsilon
  // Absolute error of L in units of the precision, times the relative sensitivity of M to L.
  const loss =
    (-logStay + Math.abs(logSeries) + (magnitude * (cError + Math.sqrt(k))) / (1 + x)) *
    (small ? -1 / logRest : Math.abs((epsilon * (1 + rise)) / rise))
  return loss <= CLOSED_FORM_MAX_LOSS ? c * shrink : Number.NaN
}

/** The positive form of {@link closedForm} (c − r > −1); NaN if it does not converge. */
const positiveForm = (
  r: number,
  a: number,
  c: number,
  cError: number,
  epsilon: number,
  w: number,
  logStay: number,
): number => {
  // ρₖ, 1 − ρₖ (summed from its increments ρₖ r/(c + k), which keeps its digits when
  // r ≪ c) and (a)ₖ₋₁ wᵏ/k!, at k = 1.
  let rho = (c - r) / c
  let gap = r / c
  let power = w
  let sum = gap * power
  // The rest after term k is below power · ρ/(1 − ρ) · (gap + increment/(1 − ρ)), where
  // ρ ≥ w · max(1, (a + k)/(k + 2)) bounds the later ratios of (a)ₖ₋₁ wᵏ/k!, and the
  // increment ρₖ r/(c + k) bounds the later ones of 1 − ρₖ (none when c < r: it falls).
  let k = 1
  if (a <= 2) {
    const tolerance = (1e-16 * (1 - w)) / w
    const inverse = 1 / (1 - w)
    for (; k < SERIES_MAX_TERMS; k++) {
      const step = 1 / ((c + k) * (k + 1))
      const increment = rho * r * (k + 1) * step
      gap += increment
      rho *= (c - r + k) * (k + 1) * step
      power *= (a + k - 1) * w * (c + k) * step
      sum += gap * power
      if (power * (gap + (increment > 0 ? increment * inverse : 0)) <= tolerance * sum) break
    }
  } else {
    for (; k < SERIES_MAX_TERMS; k++) {
      const step = 1 / ((c + k) * (k + 1))
      const increment = rho * r * (k + 1) * step
      gap += increment
      rho *= (c - r + k) * (k + 1) * step
      power *= (a + k - 1) * w * (c + k) * step
      sum += gap * power
      const ratio = (w * (a + k)) / (k + 2)
      if (
        ratio < 1 &&
        power * ratio * (gap + (increment > 0 ? increment / (1 - ratio) : 0)) <=
          1e-16 * (1 - ratio) * sum
      )
        break
    }
  }
  if (k === SERIES_MAX_TERMS || !(sum <= 1e280)) return Number.NaN
  // Every term is positive: the digits lost are the rounding of the recursions, c's and
  // the power's.
  const loss = cError + Math.sqrt(k) - epsilon * logStay
  return loss <= CLOSED_FORM_MAX_LOSS ? c * Math.exp(epsilon * logStay) * sum : Number.NaN
}

/** c/ε · [1 − (1 − w)^r ₂F₁(r, b; c; w)] by the plain series (see {@link closedForm}); NaN if ill-conditioned or not converged. */
const plainForm = (
  r: number,
  b: number,
  c: number,
  cError: number,
  epsilon: number,
  w: number,
  logStay: number,
): number => {
  if (epsilon === 0) return Number.NaN
  let term = (r * b * w) / c
  let sigma = term
  let converged = false
  // Later ratios of terms are at most w · max(1, (r + k + 1)/(k + 2)) · max(1, (b + k + 1)/(c + k + 1)),
  // which is w when r ≤ 1 and a ≥ 1.
  const constantRatio = r <= 1 && epsilon >= 0
  const tolerance = (1e-16 * (1 - w)) / w
  let k = 1
  for (; k < SERIES_MAX_TERMS && !converged; k++) {
    term *= ((r + k) * (b + k) * w) / ((c + k) * (k + 1))
    sigma += term
    if (constantRatio) converged = term <= tolerance * sigma
    else {
      const ratio = w * Math.max(1, (r + k + 1) / (k + 2)) * Math.max(1, (b + k + 1) / (c + k + 1))
      converged = term * ratio <= 1e-16 * (1 - ratio) * sigma
    }
  }
  if (!(sigma <= 1e280)) return Number.NaN
  if (!converged) return Number.NaN
  const logSeries = Math.log1p(sigma)
  const logRest = r * logStay + logSeries
  const bracket = -Math.expm1(logRest)
  if (bracket === 0) return Number.NaN
  const loss =
    ((-r * logStay + logSeries + cError + Math.sqrt(k)) * Math.exp(logRest)) / Math.abs(bracket)
  return loss <= CLOSED_FORM_MAX_LOSS ? (c / epsilon) * bracket : Number.NaN
}

/** About how many terms {@link negativeBinomialSeries} takes: the bulk of N around r·s, then the geometric tail. */
const negativeBinomialTerms = (r: number, s: number): number =>
  r * s + 10 * Math.sqrt(r * s * (1 + s)) + 40 * (1 + s)

/**
 * M = Σⱼ P(N = j) Sⱼ, N ~ NB(r, w) the purchase chances in t (Poisson(λt) mixed over
 * λ), Sⱼ = Σ_{k<j} βₖ, βₖ = B(a, b + k)/B(a, b) = Πᵢ<ₖ (b + i)/(a + b + i) the chance
 * of surviving k drop-out chances. Every term is positive, whatever a and b. NaN
 * when it has not converged within {@link SERIES_MAX_TERMS}.
 */
const negativeBinomialSeries = (r: number, s: number, a: number, b: number): number => {
  const w = s / (1 + s)
  // P(N = j) is kept as term · e^{logScale}: P(N = 0) = (1 + s)^{−r} may underflow.
  let logScale = -r * Math.log1p(s)
  let term = 1
  let survival = 1
  let partial = 0
  let sum = 0
  for (let j = 0; j < SERIES_MAX_TERMS; j++) {
    sum += term * partial
    partial += survival
    survival *= (b + j) / (a + b + j)
    term *= ((r + j) * w) / (j + 1)
    if (term > 1e250) {
      term *= 1e-250
      sum *= 1e-250
      logScale += 575.6462732485114 // 250 ln 10
    }
    // The rest, Σ_{i>j} P(N = i) Sᵢ with Sᵢ ≤ S_{j+1} + (i − j − 1) β_{j+1} and the
    // ratio of P(N = i + 1)/P(N = i) at most ρ from here on.
    const ratio = w * Math.max(1, (r + j + 1) / (j + 2))
    if (ratio < 1 && sum > 0) {
      const rest = term * (partial / (1 - ratio) + (survival * ratio) / ((1 - ratio) * (1 - ratio)))
      if (rest <= 1e-17 * sum) return sum * Math.exp(logScale)
    }
  }
  return Number.NaN
}

// Gauss–Kronrod 7/15 on [−1, 1]: the Kronrod nodes (the odd ones are Gauss's),
// their weights, and the Gauss weights of nodes 1, 3, 5, 7.
const KRONROD_NODES = [
  0.9914553711208126, 0.9491079123427585, 0.8648644233597691, 0.7415311855993945,
  0.5860872354676911, 0.4058451513773972, 0.20778495500789848, 0,
]
const KRONROD_WEIGHTS = [
  0.022935322010529224, 0.06309209262997856, 0.10479001032225019, 0.14065325971552592,
  0.1690047266392679, 0.19035057806478542, 0.20443294007529889, 0.20948214108472782,
]
const GAUSS_WEIGHTS = [
  0.1294849661688697, 0.27970539148927664, 0.3818300505051189, 0.4179591836734694,
]

/** One panel of the quadrature: its range in Δ = u − u₀, its two integrals and their error estimates. */
interface Panel {
  readonly from: number
  readonly to: number
  readonly numerator: number
  readonly denominator: number
  readonly numeratorError: number
  readonly denominatorError: number
}

/** The relative error (Σ |Kronrod − Gauss| over panels) the quadrature refines to. */
const QUADRATURE_TOLERANCE = 1e-11
/** The most panels the quadrature may use (15 evaluations each). */
const QUADRATURE_MAX_PANELS = 300

/**
 * M by quadrature over the log-odds u = ln(p/(1 − p)), where the Beta density is
 * p^a (1 − p)^b (up to its normalisation) and f has a smooth knee near p = 1/s.
 * The density is taken relative to its mode u₀ = ln(a/b), and normalised by its
 * own quadrature: M = ∫ density · f / ∫ density, so B(a, b) is never needed.
 *
 * The range is cut where the density has fallen by e⁻⁴⁰ (more on the left, where f
 * is larger) or where p (or 1 − p) is so small that the density is a pure
 * exponential and f a constant to the last bit: there the tail is integrated
 * exactly (∫ e^{a(u − u₁)} du = 1/a). In between, Gauss–Kronrod 7/15 panels of two
 * widths of the density (at most 8) are bisected, the worst first, until the sum of
 * |Kronrod − Gauss| is below {@link QUADRATURE_TOLERANCE} of the integrals (Kronrod's
 * own error is far smaller).
 */
const quadrature = (r: number, s: number, a: number, b: number): number => {
  const total = a + b
  const pMode = a / total
  const qMode = b / total
  // At u = u₀ + Δ: ln((1 + eᵘ)/(1 + e^{u₀})) = ln(q₀ + p₀ e^Δ), without cancellation or
  // overflow, and p = p₀ e^Δ/(q₀ + p₀ e^Δ).
  let rise = 0
  let probability = 0
  const at = (delta: number): void => {
    if (delta <= -1) {
      const grown = pMode * Math.exp(delta)
      rise = Math.log(qMode + grown)
      probability = grown / (qMode + grown)
    } else if (delta < 1) {
      const grown = pMode * Math.expm1(delta)
      rise = Math.log1p(grown)
      probability = (pMode + grown) / (1 + grown)
    } else {
      const shrunk = qMode * Math.exp(-delta)
      rise = delta + Math.log(pMode + shrunk)
      probability = pMode / (pMode + shrunk)
    }
  }
  const logDensity = (delta: number): number => {
    at(delta)
    return a * delta - total * rise
  }
  const purchases = (p: number): number => -Math.expm1(-r * Math.log1p(p * s)) / p

  // Where the tails become exact: f constant and the density e^{aΔ} (left), or
  // f(1) and e^{−bΔ} (right), to a relative 1e-16.
  const pLow = 1e-16 / (total + (r + 1) * s + 1)
  const qLow = 1e-16 / (total + 3)
  const logOddsMode = Math.log(a) - Math.log(b)
  const lowest = Math.log(pLow) - Math.log1p(-pLow) - logOddsMode
  const highest = Math.log1p(-qLow) - Math.log(qLow) - logOddsMode
  // f is largest at p = 0 (r·s): the left cut must go further when that is far above f at the mode.
  const dropLeft = 40 + Math.log(Math.max(1, (r * s) / purchases(pMode)))
  const dropRight = 40
  // The log-density is concave: Newton from outside the drop point stays outside and approaches it.
  const cut = (start: number, drop: number): number => {
    let delta = start
    for (let i = 0; i < 8; i++) {
      const excess = logDensity(delta) + drop
      if (excess >= 0) break
      delta -= excess / (a - total * probability)
    }
    return delta
  }
  const leftExact = logDensity(lowest) >= -dropLeft
  const rightExact = logDensity(highest) >= -dropRight
  const left = leftExact ? lowest : cut(lowest, dropLeft)
  const right = rightExact ? highest : cut(highest, dropRight)

  let numerator = 0
  let denominator = 0
  if (leftExact) {
    const weight = Math.exp(logDensity(left)) / a
    denominator += weight
    numerator += weight * purchases(probability)
  }
  if (rightExact) {
    const weight = Math.exp(logDensity(right)) / b
    denominator += weight
    numerator += weight * purchases(probability)
  }

  // Each panel keeps its Kronrod sums and |Kronrod − Gauss| for both integrals.
  const panels: Array<Panel> = []
  const integrate = (from: number, to: number): Panel => {
    const half = (to - from) / 2
    const middle = from + half
    let kronrodNumerator = 0
    let kronrodDenominator = 0
    let gaussNumerator = 0
    let gaussDenominator = 0
    for (let i = 0; i < 8; i++) {
      const node = KRONROD_NODES[i] as number
      const kronrodWeight = KRONROD_WEIGHTS[i] as number
      const gaussWeight = i % 2 === 1 ? (GAUSS_WEIGHTS[(i - 1) / 2] as number) : 0
      for (let side = node === 0 ? 1 : 0; side < 2; side++) {
        const density = Math.exp(
          logDensity(side === 0 ? middle - half * node : middle + half * node),
        )
        const value = density * purchases(probability)
        kronrodNumerator += kronrodWeight * value
        kronrodDenominator += kronrodWeight * density
        gaussNumerator += gaussWeight * value
        gaussDenominator += gaussWeight * density
      }
    }
    return {
      from,
      to,
      numerator: kronrodNumerator * half,
      denominator: kronrodDenominator * half,
      numeratorError: Math.abs(kronrodNumerator - gaussNumerator) * half,
      denominatorError: Math.abs(kronrodDenominator - gaussDenominator) * half,
    }
  }
  const width = Math.min(8, 2 * Math.sqrt(total / (a * b)))
  const initial = Math.min(QUADRATURE_MAX_PANELS, Math.ceil((right - left) / width))
  for (let i = 0; i < initial; i++)
    panels.push(
      integrate(left + ((right - left) * i) / initial, left + ((right - left) * (i + 1)) / initial),
    )

  for (;;) {
    let sumNumerator = numerator
    let sumDenominator = denominator
    for (const panel of panels) {
      sumNumerator += panel.numerator
      sumDenominator += panel.denominator
    }
    let worst = -1
    let worstError = 0
    let totalError = 0
    for (let i = 0; i < panels.length; i++) {
      const panel = panels[i] as Panel
      const error = panel.numeratorError / sumNumerator + panel.denominatorError / sumDenominator
      totalError += error
      if (error > worstError) {
        worstError = error
        worst = i
      }
    }
    if (totalError <= QUADRATURE_TOLERANCE || panels.length >= QUADRATURE_MAX_PANELS || worst < 0)
      return sumNumerator / sumDenominator
    const { from, to } = panels[worst] as Panel
    panels[worst] = integrate(from, (from + to) / 2)
    panels.push(integrate((from + to) / 2, to))
  }
}
