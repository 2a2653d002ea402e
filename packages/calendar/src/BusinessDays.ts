/**
 * Business-day arithmetic on civil dates: a **business day** is a date of the
 * calendar's zone that has working time (after holidays, overrides and DST).
 *
 * Semantics, stated once:
 * - `add(calendar, date, n)` for `n > 0` is the `n`-th business day after `date`
 *   (`date` itself is not counted, business day or not): Saturday + 1 = Monday,
 *   Friday + 1 = Monday, Monday + 1 = Tuesday. For `n < 0` it counts back the same
 *   way (Monday − 1 = Friday, Sunday − 1 = Friday). For `n = 0` it is `date` when
 *   that is a business day, otherwise the next business day (a deadline that falls
 *   on a closed day rolls forward, as a return window does).
 * - `between(calendar, from, to)` counts the business days `d` with
 *   `from < d ≤ to` (negative when `to` is before `from`), so
 *   `between(calendar, date, add(calendar, date, n)) = n` for every `n > 0`.
 *
 * @since 0.1.0
 */
import { Civil, type Period } from "@clientele/core"
import * as Either from "effect/Either"
import type { Options } from "./BusinessTime.js"
import { type CalendarError, invalidArgument } from "./CalendarError.js"
import { type Compiled, compiledOf } from "./internal/compiled.js"
import * as Guards from "./internal/guards.js"
import { dayInstants } from "./internal/walk.js"
import type { WorkingCalendar } from "./WorkingCalendar.js"

const parseDate = (name: string, text: string): number | CalendarError =>
  Civil.parse(text) ??
  invalidArgument(name, `must be a real date written YYYY-MM-DD, found ${JSON.stringify(text)}`)

const isWorkingDay = (c: Compiled, day: number): boolean => dayInstants(c, day).length > 0

/**
 * Whether a date of the calendar's zone has working time.
 *
 * @example
 * ```ts
 * import { BusinessDays, WorkingCalendar } from "@clientele/calendar"
 * import * as Either from "effect/Either"
 *
 * const calendar = WorkingCalendar.weekdays("Europe/London", "09:00", "17:00", {
 *   holidays: [{ date: "2024-12-25", yearly: true }],
 * })
 * Either.getOrThrow(BusinessDays.isBusinessDay(calendar, "2025-12-25")) // false
 * ```
 *
 * @since 0.1.0
 * @category predicates
 */
export const isBusinessDay = (
  calendar: WorkingCalendar,
  date: string,
): Either.Either<boolean, CalendarError> => {
  const day = parseDate("date", date)
  return typeof day === "number"
    ? Either.right(isWorkingDay(compiledOf(calendar), day))
    : Either.left(day)
}

/**
 * The date `n` business days after (or, for negative `n`, before) `date`; see the
 * module's description for the exact semantics.
 *
 * @example
 * ```ts
 * import { BusinessDays, WorkingCalendar } from "@clientele/calendar"
 * import * as Either from "effect/Either"
 *
 * const calendar = WorkingCalendar.weekdays("America/New_York", "09:00", "17:00")
 * Either.getOrThrow(BusinessDays.add(calendar, "2024-06-08", 1)) // "2024-06-10": Saturday + 1 = Monday
 * ```
 *
 * @since 0.1.0
 * @category arithmetic
 */
export const add = (
  calendar: WorkingCalendar,
  date: string,
  n: number,
  options?: Options,
): Either.Either<Period.CivilDate, CalendarError> => {
  const start = parseDate("date", date)
  if (typeof start !== "number") return Either.left(start)
  if (!Number.isSafeInteger(n)) {
    return Either.left(invalidArgument("n", `must be an integer, found ${String(n)}`))
  }
  const horizon = Guards.horizonOf(options)
  if (typeof horizon !== "number") return Either.left(horizon)
  const c = compiledOf(calendar)
  const step = n < 0 ? -1 : 1
  let left = Math.abs(n)
  let day = start
  if (n === 0) {
    if (isWorkingDay(c, day)) return Either.right(Civil.format(day) as Period.CivilDate)
    left = 1
  }
  while (left > 0) {
    day += step
    if (Math.abs(day - start) > horizon)
      return Either.left(Guards.horizonExceeded("the business day", horizon))
    if (isWorkingDay(c, day)) left--
  }
  return Either.right(Civil.format(day) as Period.CivilDate)
}

/**
 * The number of business days `d` with `from < d ≤ to`; negative when `to` is
 * before `from`.
 *
 * @example
 * ```ts
 * import { BusinessDays, WorkingCalendar } from "@clientele/calendar"
 * import * as Either from "effect/Either"
 *
 * const calendar = WorkingCalendar.weekdays("UTC", "09:00", "17:00")
 * Either.getOrThrow(BusinessDays.between(calendar, "2024-06-07", "2024-06-10")) // 1: Friday to Monday
 * ```
 *
 * @since 0.1.0
 * @category arithmetic
 */
export const between = (
  calendar: WorkingCalendar,
  from: string,
  to: string,
  options?: Options,
): Either.Either<number, CalendarError> => {
  const a = parseDate("from", from)
  if (typeof a !== "number") return Either.left(a)
  const b = parseDate("to", to)
  if (typeof b !== "number") return Either.left(b)
  const horizon = Guards.horizonOf(options)
  if (typeof horizon !== "number") return Either.left(horizon)
  if (Math.abs(b - a) > horizon) return Either.left(Guards.horizonExceeded("the end date", horizon))
  const c = compiledOf(calendar)
  let count = 0
  for (let day = Math.min(a, b) + 1; day <= Math.max(a, b); day++) if (isWorkingDay(c, day)) count++
  return Either.right(b >= a ? count : -count)
}
