/**
 * The walker every business-time function is built on: the working ranges of one
 * local date as instants, and runs of regular dates (no holiday, no override, no
 * offset transition nearby) whose business time is a sum of weekday totals, so that
 * a computation costs O(irregular dates + transitions + 7), not O(days).
 *
 * @internal
 */
import { Civil } from "@clientele/core"
import { type Compiled, localRangesOf, runSum } from "./compiled.js"
import { instantOf, localDayOf, nextTransition, offsetAt } from "./zone.js"

const DAY = Civil.dayMs

/** The instants of a day's working ranges, written into a reusable array. */
const scratch: Array<number> = []

/**
 * Fills and returns the working ranges of a local date as instants
 * `[start0, end0, start1, end1, …]` (valid until the next call). A date the zone
 * skips entirely has none.
 */
export const dayInstants = (c: Compiled, day: number): ReadonlyArray<number> => {
  const local = localRangesOf(c, day)
  scratch.length = 0
  if (local.length === 0) return scratch
  const midnight = day * DAY
  const rules = c.rules
  if (nextTransition(rules, midnight - 2 * DAY, midnight + 2 * DAY) === Infinity) {
    const offset = offsetAt(rules, midnight)
    for (let i = 0; i < local.length; i++) scratch.push(midnight + (local[i] as number) - offset)
    return scratch
  }
  // a transition is near: convert each end under the calendar's policy
  const dayStart = instantOf(rules, midnight, "compatible")
  const dayEnd = instantOf(rules, midnight + DAY, "compatible")
  if (dayEnd <= dayStart) return scratch
  let floor = -Infinity
  for (let i = 0; i < local.length; i += 2) {
    const start = Math.max(floor, instantOf(rules, midnight + (local[i] as number), c.policy))
    const end = Math.max(start, instantOf(rules, midnight + (local[i + 1] as number), c.policy))
    if (end > start) scratch.push(start, end)
    floor = end
  }
  return scratch
}

/**
 * The end (exclusive) of the run of dates starting at `day` with no offset
 * transition within a day of any of them, at most `limit`.
 */
export const runEnd = (c: Compiled, day: number, limit: number): number => {
  const transition = nextTransition(c.rules, day * DAY - 2 * DAY, limit * DAY + 2 * DAY)
  return transition === Infinity ? limit : Math.min(limit, Math.floor(transition / DAY) - 2)
}

/** The local date of an instant in the calendar's zone. */
export const localDay = (c: Compiled, instant: number): number => localDayOf(c.rules, instant)

/**
 * The instant at which `budget` (> 0) business milliseconds counted from `start`
 * are used up; an exact fit ends on the end of a range. Fails past `limitDay`.
 */
export const advance = (c: Compiled, start: number, budget: number, limitDay: number): number => {
  const startDay = localDay(c, start)
  let remaining = budget
  // the day before too: a range may end after midnight when a transition moves it
  let day = startDay - 1
  while (day <= limitDay) {
    if (day > startDay) {
      const end = runEnd(c, day, limitDay + 1)
      if (end - day > 1) {
        const total = runSum(c, day, end)
        if (remaining > total) {
          remaining -= total
          day = end
          continue
        }
        // the last day of the run whose start still leaves some budget
        let low = day
        let high = end - 1
        while (low < high) {
          const middle = (low + high + 1) >> 1
          if (runSum(c, day, middle) < remaining) low = middle
          else high = middle - 1
        }
        remaining -= runSum(c, day, low)
        day = low
      }
    }
    const ranges = dayInstants(c, day)
    for (let i = 0; i < ranges.length; i += 2) {
      const from = Math.max(ranges[i] as number, start)
      const to = ranges[i + 1] as number
      if (to <= from) continue
      if (remaining <= to - from) return from + remaining
      remaining -= to - from
    }
    day++
  }
  return Number.NaN
}

/** The business milliseconds within `[from, to)` (from ≤ to). */
export const businessBetween = (c: Compiled, from: number, to: number): number => {
  const firstDay = localDay(c, from) - 1
  const lastDay = localDay(c, to) + 1
  let total = 0
  let day = firstDay
  while (day <= lastDay) {
    if (day > firstDay + 1 && day < lastDay - 2) {
      const end = runEnd(c, day, lastDay - 2)
      if (end - day >= 2) {
        total += runSum(c, day, end)
        day = end
        continue
      }
    }
    const ranges = dayInstants(c, day)
    for (let i = 0; i < ranges.length; i += 2) {
      const lo = Math.max(ranges[i] as number, from)
      const hi = Math.min(ranges[i + 1] as number, to)
      if (hi > lo) total += hi - lo
    }
    day++
  }
  return total
}

/** Whether an instant lies in a working range (ranges are half-open). */
export const isOpenAt = (c: Compiled, instant: number): boolean => {
  const day = localDay(c, instant)
  for (let d = day - 1; d <= day + 1; d++) {
    const ranges = dayInstants(c, d)
    for (let i = 0; i < ranges.length; i += 2) {
      if ((ranges[i] as number) <= instant && instant < (ranges[i + 1] as number)) return true
    }
  }
  return false
}

/** The first open instant at or after `instant`, or `NaN` past `limitDay`. */
export const firstOpenFrom = (c: Compiled, instant: number, limitDay: number): number => {
  for (let day = localDay(c, instant) - 1; day <= limitDay; day++) {
    const ranges = dayInstants(c, day)
    for (let i = 0; i < ranges.length; i += 2) {
      const end = ranges[i + 1] as number
      if (end > instant) return Math.max(ranges[i] as number, instant)
    }
  }
  return Number.NaN
}

/**
 * The last instant at or before `instant` at which the calendar closed (a range end
 * not followed at once by another range), or `NaN` before `limitDay`.
 */
export const lastCloseBefore = (c: Compiled, instant: number, limitDay: number): number => {
  let followingStart = Number.NaN
  for (let day = localDay(c, instant) + 1; day >= limitDay; day--) {
    const ranges = dayInstants(c, day)
    for (let i = ranges.length - 2; i >= 0; i -= 2) {
      const start = ranges[i] as number
      const end = ranges[i + 1] as number
      if (end <= instant && end !== followingStart) return end
      followingStart = start
    }
  }
  return Number.NaN
}
