/**
 * Day-number arithmetic on civil dates of the proleptic Gregorian calendar: a day
 * number counts days since 1970-01-01 (negative before it), so that "the next day",
 * "the same weekday next week" or "the days between two dates" are integer sums that
 * no time zone and no `Date` can get wrong. Working calendars, recurrences and
 * periods are built on it.
 *
 * @since 0.1.0
 */
import * as Internal from "./internal/civil.js"

/**
 * Milliseconds in a civil day without a time-zone transition (86,400,000).
 *
 * @example
 * ```ts
 * import { Civil } from "@clientele/core"
 *
 * Civil.dayMs // 86400000
 * ```
 *
 * @since 0.1.0
 * @category constants
 */
export const dayMs: number = Internal.DAY_MS

/**
 * A civil date split into its fields: year, month 1–12, day 1–31.
 *
 * @example
 * ```ts
 * import type { Civil } from "@clientele/core"
 *
 * const christmas: Civil.Fields = { year: 2024, month: 12, day: 25 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Fields {
  readonly year: number
  readonly month: number
  readonly day: number
}

/**
 * The day number of a civil date given by its fields (no validation: 31 April is
 * 1 May).
 *
 * @example
 * ```ts
 * import { Civil } from "@clientele/core"
 *
 * Civil.dayNumberOf(1970, 1, 2) // 1
 * ```
 *
 * @since 0.1.0
 * @category conversions
 */
export const dayNumberOf: (year: number, month: number, day: number) => number =
  Internal.daysFromCivil

/**
 * The fields of the civil date of a day number.
 *
 * @example
 * ```ts
 * import { Civil } from "@clientele/core"
 *
 * Civil.fieldsOf(19_782) // { year: 2024, month: 2, day: 29 }
 * ```
 *
 * @since 0.1.0
 * @category conversions
 */
export const fieldsOf: (dayNumber: number) => Fields = Internal.civilFromDays

/**
 * Parses `YYYY-MM-DD` into a day number, or `undefined` when the text is not a real
 * date of the years 0001–9999.
 *
 * @example
 * ```ts
 * import { Civil } from "@clientele/core"
 *
 * Civil.parse("2024-02-29") // 19782
 * Civil.parse("2023-02-29") // undefined
 * ```
 *
 * @since 0.1.0
 * @category conversions
 */
export const parse = (text: string): number | undefined => {
  const fields = Internal.parseCivil(text)
  return fields === undefined
    ? undefined
    : Internal.daysFromCivil(fields.year, fields.month, fields.day)
}

/**
 * Formats a day number as `YYYY-MM-DD` (years 0000–9999).
 *
 * @example
 * ```ts
 * import { Civil } from "@clientele/core"
 *
 * Civil.format(0) // "1970-01-01"
 * ```
 *
 * @since 0.1.0
 * @category conversions
 */
export const format: (dayNumber: number) => string = Internal.formatDayNumber

/**
 * The ISO weekday of a day number: 1 = Monday … 7 = Sunday.
 *
 * @example
 * ```ts
 * import { Civil } from "@clientele/core"
 *
 * Civil.weekdayOf(0) // 4: 1970-01-01 was a Thursday
 * ```
 *
 * @since 0.1.0
 * @category getters
 */
export const weekdayOf = (dayNumber: number): number => ((((dayNumber + 3) % 7) + 7) % 7) + 1

/**
 * Whether a year has a 29 February.
 *
 * @example
 * ```ts
 * import { Civil } from "@clientele/core"
 *
 * Civil.isLeapYear(2100) // false
 * ```
 *
 * @since 0.1.0
 * @category predicates
 */
export const isLeapYear: (year: number) => boolean = Internal.isLeapYear

/**
 * The number of days of a month (1–12) of a year.
 *
 * @example
 * ```ts
 * import { Civil } from "@clientele/core"
 *
 * Civil.daysInMonth(2024, 2) // 29
 * ```
 *
 * @since 0.1.0
 * @category getters
 */
export const daysInMonth: (year: number, month: number) => number = Internal.daysInMonth
