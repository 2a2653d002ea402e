// The fitting data as the likelihood loops want it: distinct (x, t_x, T) rows with
// weights, split into one-time buyers (x = 0) and repeat buyers, and every row
// pointing at its purchase count's slot so that the terms depending on x alone
// (log-gamma and digamma values) are computed once per distinct count and
// evaluation instead of once per customer.

export interface FittingRows {
  /** Σ weights: the number of customers. */
  readonly customers: number
  /** The distinct purchase counts, ascending; `countWeight[k]` customers have `counts[k]`. */
  readonly counts: Float64Array
  readonly countWeight: Float64Array
  /** Rows with x = 0. */
  readonly zero: {
    readonly recency: Float64Array
    readonly age: Float64Array
    readonly weight: Float64Array
  }
  /** Rows with x > 0; `count[i]` indexes `counts`. */
  readonly repeat: {
    readonly frequency: Float64Array
    readonly recency: Float64Array
    readonly age: Float64Array
    readonly weight: Float64Array
    readonly count: Int32Array
  }
}

/** The distinct purchase counts of some rows, ascending, their total weights, and each count's slot. */
export interface CountSlots {
  readonly counts: Float64Array
  readonly countWeight: Float64Array
  /** `slotOf[x]`: the index of count x in `counts`, −1 when no row has it. */
  readonly slotOf: Int32Array
}

/**
 * Groups rows by purchase count. Counts are validated non-negative integers, so a
 * table indexed by the count finds each row's slot without hashing. A weight of 0
 * leaves the row out.
 */
export const countSlots = (
  frequency: ArrayLike<number>,
  weight: (row: number) => number,
): CountSlots => {
  let largest = 0
  for (let i = 0; i < frequency.length; i++) largest = Math.max(largest, frequency[i] as number)
  const weightByCount = new Float64Array(largest + 1)
  for (let i = 0; i < frequency.length; i++) {
    const x = frequency[i] as number
    weightByCount[x] = (weightByCount[x] as number) + weight(i)
  }
  const slotOf = new Int32Array(largest + 1).fill(-1)
  let distinct = 0
  for (let x = 0; x <= largest; x++) if ((weightByCount[x] as number) > 0) slotOf[x] = distinct++
  const counts = new Float64Array(distinct)
  const countWeight = new Float64Array(distinct)
  for (let x = 0; x <= largest; x++) {
    const slot = slotOf[x] as number
    if (slot >= 0) {
      counts[slot] = x
      countWeight[slot] = weightByCount[x] as number
    }
  }
  return { counts, countWeight, slotOf }
}

/** Builds the fitting rows from distinct rows and their weights (already validated). */
export const fittingRows = (
  frequency: ArrayLike<number>,
  recency: ArrayLike<number>,
  age: ArrayLike<number>,
  weight: ArrayLike<number>,
): FittingRows => {
  const rows = frequency.length
  let zeroRows = 0
  let customers = 0
  for (let i = 0; i < rows; i++) {
    customers += weight[i] as number
    if (frequency[i] === 0) zeroRows++
  }
  const { counts, countWeight, slotOf } = countSlots(frequency, (i) => weight[i] as number)
  const zero = {
    recency: new Float64Array(zeroRows),
    age: new Float64Array(zeroRows),
    weight: new Float64Array(zeroRows),
  }
  const repeatRows = rows - zeroRows
  const repeat = {
    frequency: new Float64Array(repeatRows),
    recency: new Float64Array(repeatRows),
    age: new Float64Array(repeatRows),
    weight: new Float64Array(repeatRows),
    count: new Int32Array(repeatRows),
  }
  let z = 0
  let r = 0
  for (let i = 0; i < rows; i++) {
    const x = frequency[i] as number
    if (x === 0) {
      zero.recency[z] = recency[i] as number
      zero.age[z] = age[i] as number
      zero.weight[z] = weight[i] as number
      z++
    } else {
      repeat.frequency[r] = x
      repeat.recency[r] = recency[i] as number
      repeat.age[r] = age[i] as number
      repeat.weight[r] = weight[i] as number
      repeat.count[r] = slotOf[x] as number
      r++
    }
  }
  return { customers, counts, countWeight, zero, repeat }
}
