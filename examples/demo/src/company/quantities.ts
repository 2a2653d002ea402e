/**
 * The time units and the one statistic the generators and the steps share.
 */

/** One minute, in milliseconds. */
export const MINUTE = 60_000
/** One hour, in milliseconds. */
export const HOUR = 60 * MINUTE
/** One day of 24 hours, in milliseconds. */
export const DAY = 24 * HOUR

/** The median of some numbers (the mean of the two middle ones when even), or null when there are none. */
export const median = (values: ReadonlyArray<number>): number | null => {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2
}
