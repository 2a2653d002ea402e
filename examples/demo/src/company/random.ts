/**
 * Seeded randomness for the generated company: the same seed always gives the same
 * numbers, so every run of the demo, every picture of the guides and the dashboard
 * see the same customers, orders, complaints, returns and visits.
 */

/** A source of uniform numbers in [0, 1) with the draws the generators need. */
export interface Random {
  /** A uniform number in [0, 1). */
  readonly uniform: () => number
  /** A standard normal number (Box–Muller). */
  readonly normal: () => number
  /** A Poisson count with the given mean. */
  readonly poisson: (mean: number) => number
  /** One element of a non-empty list, uniformly. */
  readonly pick: <A>(choices: ReadonlyArray<A>) => A
  /** One element of a non-empty list of `[value, weight]`, in proportion to the weights. */
  readonly weighted: <A>(choices: ReadonlyArray<readonly [A, number]>) => A
}

/** mulberry32: a small, fast, seeded generator of uniform numbers in [0, 1). */
const mulberry32 = (seed: number) => {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

/** A seeded {@link Random}. */
export const seeded = (seed: number): Random => {
  const uniform = mulberry32(seed)
  const normal = () => {
    const u = 1 - uniform()
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform())
  }
  const poisson = (mean: number) => {
    // Knuth's method for small means, a rounded normal for large ones.
    if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal()))
    const limit = Math.exp(-mean)
    let k = 0
    let product = uniform()
    while (product > limit) {
      k++
      product *= uniform()
    }
    return k
  }
  const pick = <A>(choices: ReadonlyArray<A>): A => {
    const choice = choices[Math.floor(uniform() * choices.length)]
    if (choice === undefined) throw new RangeError("nothing to pick from")
    return choice
  }
  const weighted = <A>(choices: ReadonlyArray<readonly [A, number]>): A => {
    const total = choices.reduce((sum, [, weight]) => sum + weight, 0)
    let draw = uniform() * total
    for (const [value, weight] of choices) {
      draw -= weight
      if (draw < 0) return value
    }
    const last = choices.at(-1)
    if (last === undefined) throw new RangeError("nothing to pick from")
    return last[0]
  }
  return { uniform, normal, poisson, pick, weighted }
}
