/**
 * UTC offsets of IANA time zones, read from the runtime's `Intl` with an explicit
 * zone (never the process time zone) and cached per zone and UTC hour, so that code
 * converting millions of instants to wall-clock time stays fast and exact (an hour
 * holding a transition is read instant by instant).
 *
 * @since 0.1.0
 */
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
