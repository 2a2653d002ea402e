/**
 * Civil days of instants in a zone, and the instant a civil day starts, read from
 * the public `Zone.offsetAt` (cached per zone and hour), so that return windows close
 * exactly at local midnight whatever the process time zone and across DST changes.
 *
 * @internal
 */
import { Civil, Zone } from "@clientele/core"

const DAY_MS = Civil.dayMs

/** The local day number (days since 1970-01-01 on the zone's wall clock) of an instant. */
export const localDay = (zone: string, instant: number): number =>
  Math.floor((instant + Zone.offsetAt(zone, instant)) / DAY_MS)

/**
 * The first instant whose local day is at least `day`: local midnight, or where a
 * transition skips midnight, the first instant after the gap.
 */
export const firstInstantOfDay = (zone: string, day: number): number => {
  const midnightAsUtc = day * DAY_MS
  // Usually local midnight exists and the instant before it is still the day before.
  const guess =
    midnightAsUtc - Zone.offsetAt(zone, midnightAsUtc - Zone.offsetAt(zone, midnightAsUtc))
  if (localDay(zone, guess) >= day && localDay(zone, guess - 1) < day) return guess
  // Offsets stay well within a day, so the answer lies within two days of the guess.
  let low = midnightAsUtc - 2 * DAY_MS
  let high = midnightAsUtc + 2 * DAY_MS
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2)
    if (localDay(zone, middle) >= day) high = middle
    else low = middle
  }
  return high
}
