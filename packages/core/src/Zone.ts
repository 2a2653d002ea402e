/**
 * UTC offsets of IANA time zones, read from the runtime's `Intl` with an explicit
 * zone (never the process time zone) and cached per zone and UTC hour, so that code
 * converting millions of instants to wall-clock time stays fast and exact (an hour
 * holding a transition is read instant by instant).
 *
 * @since 0.1.0
 */
import { DAY_MS } from "./internal/civil.js"
import * as Internal from "./internal/zone.js"

/**
 * The offset of a zone at an instant: wall-clock milliseconds minus UTC
 * milliseconds (to the second, as the time-zone database gives it). Throws a
 * `RangeError` for a zone the runtime does not know: check with {@link isKnown} or
 * decode a `Period.TimeZone` first.
 *
 * @example
 * ```ts
 * import { Zone } from "@clientele/core"
 *
 * Zone.offsetAt("America/New_York", Date.UTC(2024, 6, 1)) // -14400000 (UTC-4, summer)
 * Zone.offsetAt("Asia/Kolkata", 0) // 19800000 (UTC+5:30)
 * ```
 *
 * @since 0.1.0
 * @category getters
 */
export const offsetAt: (zone: string, instant: number) => number = Internal.offsetAt

/**
 * Whether the runtime's `Intl` knows a zone name (aliases and any letter case
 * included, as `Intl` accepts them).
 *
 * @example
 * ```ts
 * import { Zone } from "@clientele/core"
 *
 * Zone.isKnown("Australia/Lord_Howe") // true
 * Zone.isKnown("Mars/Olympus_Mons") // false
 * ```
 *
 * @since 0.1.0
 * @category predicates
 */
export const isKnown: (zone: string) => boolean = Internal.isKnownZone

/**
 * The local day number of an instant in a zone: the days since 1970-01-01 on the
 * zone's wall clock (`Civil.format` turns it into a date).
 *
 * @example
 * ```ts
 * import { Civil, Zone } from "@clientele/core"
 *
 * Civil.format(Zone.localDayOf("Asia/Tokyo", Date.UTC(2024, 0, 1, 20))) // "2024-01-02"
 * ```
 *
 * @since 0.1.0
 * @category getters
 */
export const localDayOf: (zone: string, instant: number) => number = Internal.localDayNumber

/**
 * The first instant of a local day in a zone: local midnight, or where a transition
 * skips midnight, the first instant after the gap (for a day skipped entirely, the
 * first instant of the next day).
 *
 * @example
 * ```ts
 * import { Civil, Zone } from "@clientele/core"
 *
 * Zone.firstInstantOfDay("Europe/Berlin", Civil.dayNumberOf(2024, 7, 1)) === Date.UTC(2024, 5, 30, 22) // true
 * ```
 *
 * @since 0.1.0
 * @category getters
 */
export const firstInstantOfDay: (zone: string, dayNumber: number) => number =
  Internal.firstInstantOfDay

/**
 * The instant of a wall-clock time in a zone, given as local milliseconds since
 * 1970-01-01T00:00 on the zone's clock (`dayNumber × Civil.dayMs + time of day`).
 * A time a transition skips (a gap) or repeats (a fold) is resolved as Temporal's
 * disambiguation does: `"compatible"` (the default: a gap moves forward by its
 * length, a fold takes the earlier instant), `"earlier"` or `"later"`.
 *
 * @example
 * ```ts
 * import { Civil, Zone } from "@clientele/core"
 *
 * const local = Civil.dayNumberOf(2025, 3, 30) * Civil.dayMs + 2.5 * 3_600_000 // 02:30, skipped in Paris
 * new Date(Zone.instantOf("Europe/Paris", local)).toISOString() // "2025-03-30T01:30:00.000Z": 03:30 local
 * new Date(Zone.instantOf("Europe/Paris", local, "earlier")).toISOString() // "2025-03-30T00:30:00.000Z": 01:30 local
 * ```
 *
 * @since 0.1.0
 * @category getters
 */
export const instantOf = (
  zone: string,
  local: number,
  disambiguation: "compatible" | "earlier" | "later" = "compatible",
): number => {
  const before = Internal.offsetAt(zone, local - DAY_MS)
  const after = Internal.offsetAt(zone, local + DAY_MS)
  if (before === after) return local - before
  // Read with the offset before the transition, and with the one after it.
  const withBefore = local - before
  const withAfter = local - after
  const beforeValid = Internal.offsetAt(zone, withBefore) === before
  const afterValid = Internal.offsetAt(zone, withAfter) === after
  if (beforeValid && afterValid) {
    // A fold: the wall time happens twice.
    return disambiguation === "later"
      ? Math.max(withBefore, withAfter)
      : Math.min(withBefore, withAfter)
  }
  if (beforeValid) return withBefore
  if (afterValid) return withAfter
  // A gap: read with the offset before it, the time lands after the gap (forward by
  // the gap's length); read with the offset after it, before the gap.
  return disambiguation === "earlier" ? withAfter : withBefore
}
