/**
 * `@clientele/calendar`: working calendars and business-time arithmetic, exact
 * across time zones and DST and fast enough for bulk deadlines — the ground that
 * complaint SLAs, visit plans, return windows and archive reviews stand on.
 *
 * @since 0.1.0
 */

/**
 * Business-day arithmetic on civil dates (Saturday + 1 business day = Monday).
 *
 * @example
 * ```ts
 * import { BusinessDays, WorkingCalendar } from "@clientele/calendar"
 *
 * const calendar = WorkingCalendar.weekdays("UTC", "09:00", "17:00")
 * const next = BusinessDays.add(calendar, "2024-06-08", 1) // Right("2024-06-10")
 * ```
 *
 * @since 0.1.0
 * @category arithmetic
 */
export * as BusinessDays from "./BusinessDays.js"

/**
 * Deadlines, elapsed business time, opening and closing instants, pauses.
 *
 * @example
 * ```ts
 * import { BusinessTime, WorkingCalendar } from "@clientele/calendar"
 *
 * const calendar = WorkingCalendar.weekdays("America/New_York", "09:00", "17:00")
 * const due = BusinessTime.dueAt(calendar, Date.now(), 8 * 3_600_000)
 * ```
 *
 * @since 0.1.0
 * @category arithmetic
 */
export * as BusinessTime from "./BusinessTime.js"
/**
 * The typed error of calendar arithmetic.
 *
 * @example
 * ```ts
 * import { CalendarError } from "@clientele/calendar"
 *
 * const error = CalendarError.invalidArgument("duration", "must not be negative")
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export * as CalendarError from "./CalendarError.js"
/**
 * Recurrence rules (daily, weekly, monthly, yearly) for visit plans and reviews.
 *
 * @example
 * ```ts
 * import { Recurrence } from "@clientele/calendar"
 * import * as Schema from "effect/Schema"
 *
 * const weekly = Schema.decodeUnknownSync(Recurrence.Rule)({
 *   frequency: "weekly",
 *   weekdays: ["tuesday", "thursday"],
 *   start: "2025-01-07",
 *   time: "14:00",
 *   timeZone: "America/New_York",
 * })
 * const nextFour = Recurrence.occurrences(weekly, { limit: 4 })
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export * as Recurrence from "./Recurrence.js"
/**
 * Working calendars as storable, versioned data: weekly hours, breaks, holidays,
 * date overrides and a DST policy in an IANA time zone.
 *
 * @example
 * ```ts
 * import { WorkingCalendar } from "@clientele/calendar"
 *
 * const office = WorkingCalendar.weekdays("Europe/London", "09:00", "17:30")
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export * as WorkingCalendar from "./WorkingCalendar.js"
