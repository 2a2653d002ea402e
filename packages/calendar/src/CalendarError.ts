/**
 * The typed error of business-time arithmetic: every failure of `BusinessTime`,
 * `BusinessDays` and `Recurrence` is a `CalendarError` with a machine-readable
 * `reason`, never a hang and never a thrown exception.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * Why a computation on a working calendar failed:
 * - `NoWorkingTime`: the calendar has no working time at all (no weekly hours and no
 *   override with hours), so no deadline or opening exists;
 * - `HorizonExceeded`: the answer lies (or would lie) further than the horizon the
 *   caller allowed (`horizonDays`), for instance 10,000 business hours on a calendar
 *   open one day a year, or a calendar closed by holidays for longer than the horizon;
 * - `InvalidArgument`: a duration that is negative, fractional or not finite, an
 *   instant that is not a finite integer of milliseconds, a count that is not an
 *   integer, or a date that is not a real `YYYY-MM-DD` date.
 *
 * @example
 * ```ts
 * import { CalendarError } from "@clientele/calendar"
 *
 * const reason: CalendarError.Reason = "HorizonExceeded"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const Reason = Schema.Literal("NoWorkingTime", "HorizonExceeded", "InvalidArgument")

/**
 * The type of {@link Reason}.
 *
 * @example
 * ```ts
 * import type { CalendarError } from "@clientele/calendar"
 *
 * const retryLater = (reason: CalendarError.Reason) => reason === "HorizonExceeded"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Reason = typeof Reason.Type

/**
 * A failed computation on a working calendar: its `reason`, a message naming the
 * argument and the rule, and the argument's name in `argument` when one was wrong.
 *
 * @example
 * ```ts
 * import { BusinessTime, CalendarError, WorkingCalendar } from "@clientele/calendar"
 * import * as Either from "effect/Either"
 *
 * const calendar = WorkingCalendar.weekdays("Europe/London", "09:00", "17:00")
 * const result = BusinessTime.dueAt(calendar, Date.UTC(2024, 0, 1), -1)
 * if (Either.isLeft(result) && result.left instanceof CalendarError.CalendarError) {
 *   result.left.reason // "InvalidArgument"
 *   result.left.argument // "duration"
 * }
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class CalendarError extends Schema.TaggedError<CalendarError>("@clientele/CalendarError")(
  "CalendarError",
  {
    reason: Reason,
    message: Schema.String,
    argument: Schema.optional(Schema.String),
  },
) {}

/**
 * Builds the `InvalidArgument` error for one argument.
 *
 * @example
 * ```ts
 * import { CalendarError } from "@clientele/calendar"
 *
 * const error = CalendarError.invalidArgument("duration", "must be a finite number of milliseconds, found NaN")
 * error.message // "duration must be a finite number of milliseconds, found NaN"
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const invalidArgument = (argument: string, rule: string): CalendarError =>
  new CalendarError({ reason: "InvalidArgument", message: `${argument} ${rule}`, argument })
