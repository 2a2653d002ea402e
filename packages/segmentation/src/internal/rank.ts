/**
 * Order statistics without a full sort: the values at chosen positions of a
 * population sorted from highest to lowest. Integer figures over a small range
 * (orders, recency days) are counted; other figures are narrowed by a histogram of
 * their leading bits and finished by a multi-target quickselect with three-way
 * partitions (customer figures are heavily tied: most customers have one order).
 *
 * Everything percentile-based in segmentation and loyalty rests on one tie rule,
 * "ties go down": with the values sorted from highest to lowest as v[0] ≥ v[1] ≥ …,
 * a customer is among the top `t` exactly when its value is greater than v[t]. So
 * the group of customers sharing the value at the boundary is never split: all of
 * them fall below it, and a cut never admits more customers than its quota.
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
 * Who is in the population: every index (`undefined`), the indexes a predicate
 * accepts, or those whose mask byte is not 0 (the fastest).
 */
export type Member = ((index: number) => boolean) | Uint8Array | undefined

/**
 * For each percentage's quota `t`, the value a customer must exceed to be in the top
 * `t` (v[t], or −∞ when `t` admits everyone), and the value an outsider must exceed
 * to get in (v[t − 1], or +∞ when `t` is 0).
 */
export interface Boundaries {
  readonly exceed: ReadonlyArray<number>
  readonly entry: ReadonlyArray<number>
}

// Integer figures spanning fewer values than this (or than the population's size)
// are counted into a histogram instead of selected: one pass, no reordering.
const HISTOGRAM_SPAN = 1 << 16

/**
 * The boundaries of the top `percents` of a population's values (`values[i]` for
 * every member `i`), in one copy pass and one selection (or one histogram, for
 * integer figures over a small range such as orders or recency days).
 */
export const boundaries = (
  values: ArrayLike<number>,
  percents: ReadonlyArray<number>,
  member: Member,
  scratch?: Float64Array,
): Boundaries => {
  const buffer = scratch ?? new Float64Array(values.length)
  let count = 0
  let min = Number.POSITIVE_INFINITY
  let max = Number.NEGATIVE_INFINITY
  const n = values.length
  if (member === undefined) {
    // `+ 0` turns -0 into 0, so equal figures have one bit pattern.
    for (let i = 0; i < n; i++) buffer[i] = (values[i] as number) + 0
    count = n
  } else if (typeof member === "function") {
    for (let i = 0; i < n; i++) if (member(i)) buffer[count++] = (values[i] as number) + 0
  } else {
    for (let i = 0; i < n; i++) if (member[i] !== 0) buffer[count++] = (values[i] as number) + 0
  }
  for (let i = 0; i < count; i++) {
    const value = buffer[i] as number
    if (value < min) min = value
    if (value > max) max = value
  }
  // Integers over a small span are counted; checked only when the span allows it.
  let integers = max - min < Math.max(HISTOGRAM_SPAN, count)
  for (let i = 0; integers && i < count; i++) if (!Number.isInteger(buffer[i])) integers = false

  const quotas = percents.map((percent) => quota(count, percent))
  const positions = new Set<number>()
  for (const t of quotas) {
    if (t < count) positions.add(t)
    if (t > 0 && t - 1 < count) positions.add(t - 1)
  }
  const sorted = [...positions].sort((a, b) => a - b)
  const found =
    count === 0
      ? []
      : integers
        ? valuesAtDescendingByCount(buffer, count, min, max, sorted)
        : valuesAtDescendingByLeadingBits(buffer, count, sorted)
  const at = new Map(sorted.map((p, i) => [p, found[i] as number]))
  return {
    exceed: quotas.map((t) => (t >= count ? Number.NEGATIVE_INFINITY : (at.get(t) as number))),
    entry: quotas.map((t) => (t === 0 ? Number.POSITIVE_INFINITY : (at.get(t - 1) as number))),
  }
}

/** {@link valuesAtDescending} for integers in `[min, max]`, by counting each value. */
const valuesAtDescendingByCount = (
  buffer: Float64Array,
  count: number,
  min: number,
  max: number,
  positions: ReadonlyArray<number>,
): Array<number> => {
  const counts = new Int32Array(max - min + 1)
  for (let i = 0; i < count; i++) {
    const slot = (buffer[i] as number) - min
    counts[slot] = (counts[slot] as number) + 1
  }
  const found: Array<number> = []
  let next = 0
  let seen = 0
  for (let v = max - min; v >= 0 && next < positions.length; v--) {
    seen += counts[v] as number
    while (next < positions.length && (positions[next] as number) < seen) {
      found.push(v + min)
      next++
    }
  }
  return found
}

// Populations larger than this are narrowed by a histogram of the values' leading bits.
const LARGE = 1 << 14
const littleEndian = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1

/**
 * {@link valuesAtDescending} for a large population: one sequential pass counts the
 * values by the leading 16 bits of their IEEE-754 form, made order-preserving (the
 * sign, the exponent and 4 bits of the mantissa: buckets of 1/16 of an octave,
 * so skewed figures such as money spread over many of them); this tells in which
 * bucket each wanted position lies; a second pass gathers only those buckets, and
 * the selection finishes inside them. Two passes of integer work instead of the
 * partitions' scattered swaps over the whole population.
 */
const valuesAtDescendingByLeadingBits = (
  buffer: Float64Array,
  count: number,
  positions: ReadonlyArray<number>,
): Array<number> => {
  if (count <= LARGE || !littleEndian) return valuesAtDescending(buffer, count, positions)
  const words = new Uint32Array(buffer.buffer, buffer.byteOffset, count * 2)
  const keyOf = (high: number) => ((high & 0x80000000) !== 0 ? ~high : high | 0x80000000) >>> 16
  const counts = new Int32Array(1 << 16)
  for (let i = 0; i < count; i++) {
    const key = keyOf(words[2 * i + 1] as number)
    counts[key] = (counts[key] as number) + 1
  }
  // Each wanted position (from the top) as a bucket and a position inside it.
  const wanted = positions.map((position) => {
    let above = 0
    let key = (1 << 16) - 1
    while (above + (counts[key] as number) <= position) {
      above += counts[key] as number
      key--
    }
    return { key, inside: position - above }
  })
  const keys = [...new Set(wanted.map((w) => w.key))]
  const region = new Int32Array(1 << 16).fill(-1)
  const offsets: Array<number> = []
  let total = 0
  keys.forEach((key, k) => {
    region[key] = k
    offsets.push(total)
    total += counts[key] as number
  })
  const gathered = new Float64Array(total)
  const fill = offsets.slice()
  for (let i = 0; i < count; i++) {
    const k = region[keyOf(words[2 * i + 1] as number)] as number
    if (k >= 0) gathered[(fill[k] as number)++] = buffer[i] as number
  }
  const found = new Map<string, number>()
  keys.forEach((key, k) => {
    const inside = [...new Set(wanted.filter((w) => w.key === key).map((w) => w.inside))].sort(
      (x, y) => x - y,
    )
    const size = counts[key] as number
    const part = gathered.subarray(offsets[k] as number, (offsets[k] as number) + size)
    const values = valuesAtDescending(part, size, inside)
    inside.forEach((position, j) => {
      found.set(`${key}:${position}`, values[j] as number)
    })
  })
  return wanted.map((w) => found.get(`${w.key}:${w.inside}`) as number)
}
