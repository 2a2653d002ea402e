/**
 * Order statistics without a full sort: the values at chosen positions of a
 * population sorted from highest to lowest, found by one multi-target quickselect
 * with three-way partitions (customer figures are heavily tied: most customers have
 * one order), in O(n log k) for k positions.
 *
 * Everything percentile-based in segmentation and loyalty rests on one tie rule,
 * "ties go down": with the values sorted from highest to lowest as v[0] ≥ v[1] ≥ …,
 * a customer is among the top `t` exactly when its value is greater than v[t]. So
 * the group of customers sharing the value at the boundary is never split: all of
 * them fall below it, and a class never holds more customers than its quota.
 */

/**
 * The values at `positions` (0-based, ascending, each in `[0, count)`) of the first
 * `count` entries of `scratch` sorted from highest to lowest. Reorders `scratch`.
 */
export const valuesAtDescending = (
  scratch: Float64Array,
  count: number,
  positions: ReadonlyArray<number>,
): Array<number> => {
  // Selecting in ascending order: descending position p is ascending count - 1 - p.
  const ascending = positions.map((p) => count - 1 - p).reverse()
  const found = new Map<number, number>()
  select(scratch, 0, count - 1, ascending, 0, ascending.length - 1, found)
  return positions.map((p) => found.get(count - 1 - p) ?? Number.NaN)
}

const select = (
  a: Float64Array,
  lo: number,
  hi: number,
  targets: ReadonlyArray<number>,
  first: number,
  last: number,
  found: Map<number, number>,
): void => {
  while (first <= last) {
    if (lo >= hi) {
      for (let i = first; i <= last; i++) found.set(targets[i] as number, a[lo] as number)
      return
    }
    const pivot = medianOfThree(a[lo] as number, a[(lo + hi) >>> 1] as number, a[hi] as number)
    // Dutch flag: [lo, lt) < pivot, [lt, i) = pivot, (gt, hi] > pivot.
    let lt = lo
    let gt = hi
    let i = lo
    while (i <= gt) {
      const value = a[i] as number
      if (value < pivot) {
        a[i] = a[lt] as number
        a[lt] = value
        lt++
        i++
      } else if (value > pivot) {
        a[i] = a[gt] as number
        a[gt] = value
        gt--
      } else {
        i++
      }
    }
    // Targets inside the pivot's run are found; the others lie left or right of it.
    let left = first
    while (left <= last && (targets[left] as number) < lt) left++
    let right = left
    while (right <= last && (targets[right] as number) <= gt) {
      found.set(targets[right] as number, pivot)
      right++
    }
    if (left - 1 >= first) select(a, lo, lt - 1, targets, first, left - 1, found)
    // Continue on the right side in the loop rather than recursing.
    lo = gt + 1
    first = right
  }
}

const medianOfThree = (a: number, b: number, c: number): number =>
  Math.max(Math.min(a, b), Math.min(Math.max(a, b), c))

/**
 * The number of customers among `count` that a cumulative percentage admits:
 * `floor(count × percent / 100)`, computed so that integer percentages are exact.
 */
export const quota = (count: number, percent: number): number =>
  Math.min(count, Math.max(0, Math.floor((count * percent) / 100 + 1e-9)))

/**
 * For each quota `t`, the value a customer must exceed to be in the top `t`
 * (v[t], or −∞ when `t` admits everyone), and the value an outsider must exceed to
 * get in (v[t − 1], or +∞ when `t` is 0).
 */
export interface Boundaries {
  readonly exceed: ReadonlyArray<number>
  readonly entry: ReadonlyArray<number>
}

/**
 * The boundaries of several quotas over the values of a population (`values[i]` for
 * every `i` with `member(i)`, or all of them).
 */
export const boundaries = (
  values: ArrayLike<number>,
  quotas: ReadonlyArray<number>,
  member?: (index: number) => boolean,
  scratch?: Float64Array,
): Boundaries => {
  const buffer = scratch ?? new Float64Array(values.length)
  let count = 0
  if (member === undefined) {
    for (let i = 0; i < values.length; i++) buffer[i] = values[i] as number
    count = values.length
  } else {
    for (let i = 0; i < values.length; i++) if (member(i)) buffer[count++] = values[i] as number
  }
  const positions = new Set<number>()
  for (const t of quotas) {
    if (t < count) positions.add(t)
    if (t > 0 && t - 1 < count) positions.add(t - 1)
  }
  const sorted = [...positions].sort((a, b) => a - b)
  const values_ = count === 0 ? [] : valuesAtDescending(buffer, count, sorted)
  const at = new Map(sorted.map((p, i) => [p, values_[i] as number]))
  return {
    exceed: quotas.map((t) => (t >= count ? Number.NEGATIVE_INFINITY : (at.get(t) as number))),
    entry: quotas.map((t) => (t === 0 ? Number.POSITIVE_INFINITY : (at.get(t - 1) as number))),
  }
}
