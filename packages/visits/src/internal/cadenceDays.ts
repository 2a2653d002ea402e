/**
 * The days of a period on which a touch of one kind fits a working calendar,
 * computed once per calendar and kind, so that planning a customer's touches is
 * index arithmetic over typed arrays (VIS-10).
 *
 * A day fits when the touch's wall-clock time on that day, turned into an instant
 * under the DST policy, still falls on that day and the whole interval
 * `[at, at + duration)` is working time of the calendar (so holidays, partial
 * holidays, breaks, overrides and DST are all the calendar's own answer).
 *
 * @internal
 */
import { BusinessTime, type CalendarError, Recurrence, WorkingCalendar } from "@clientele/calendar"
import { Civil, Errors, Period } from "@clientele/core"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"

/** The fitting days of one kind of touch on one calendar over one period. */
export interface FittingDays {
  /** How many days of the period fit. */
  readonly count: number
  /** `day[j]`: the day (0 = the period's first) of the `j`-th fitting day, ascending. */
  readonly day: Int32Array
  /** `at[j]`: the instant of the touch on the `j`-th fitting day, ascending. */
  readonly at: Float64Array
  /** `date[j]`: the civil date of the `j`-th fitting day in the calendar's zone. */
  readonly date: ReadonlyArray<Period.CivilDate>
  /**
   * `firstFrom[d]` for `d` in `0 … days`: the smallest `j` with `day[j] >= d`
   * (`count` when none), so "the first fitting day at or after d" is one read.
   */
  readonly firstFrom: Int32Array
}

/** What a touch of one kind needs from a day. */
export interface TouchShape {
  /** The wall-clock time of the touch, `HH:MM[:SS[.mmm]]`. */
  readonly time: WorkingCalendar.LocalTime
  readonly durationMs: number
}

/**
 * The fitting days of a touch on a calendar over the `days` days from `startDay`
 * (a day number), wall-clock times resolved under `dst`.
 */
export const fittingDays = (
  calendar: WorkingCalendar.WorkingCalendar,
  startDay: number,
  days: number,
  shape: TouchShape,
  dst: WorkingCalendar.DstPolicy,
): Either.Either<FittingDays, CalendarError.CalendarError | Errors.ValidationError> => {
  const rule = Errors.decodeEither(Recurrence.Rule)({
    frequency: "daily",
    start: Civil.format(startDay),
    count: days,
    time: shape.time,
    timeZone: calendar.timeZone,
    dst,
  })
  if (Either.isLeft(rule)) return Either.left(rule.left)
  // One daily series gives every day's instant with the calendar package's own
  // gap and fold resolution, instead of a second implementation of it here.
  const series = Recurrence.occurrences(rule.right, { limit: days })
  if (Either.isLeft(series)) return Either.left(series.left)
  const day = new Int32Array(days)
  const at = new Float64Array(days)
  const date: Array<Period.CivilDate> = []
  const firstFrom = new Int32Array(days + 1)
  let count = 0
  for (let d = 0; d < days; d++) {
    const occurrence = series.right[d]
    if (occurrence === undefined) continue
    const instant = occurrence.at
    // A wall time pushed across midnight by a gap belongs to the next day, not this one.
    if (Period.civilDateOf(instant, calendar.timeZone) !== occurrence.date) continue
    const open = BusinessTime.elapsed(calendar, instant, instant + shape.durationMs)
    if (Either.isLeft(open)) return Either.left(open.left)
    if (open.right !== shape.durationMs) continue
    day[count] = d
    at[count] = instant
    date.push(occurrence.date as Period.CivilDate)
    count++
  }
  // Fill the table backwards so each entry names the first fitting day at or after it.
  let next = count
  for (let d = days; d >= 0; d--) {
    while (next > 0 && (day[next - 1] as number) >= d) next--
    firstFrom[d] = next
  }
  return Either.right({ count, day, at, date, firstFrom })
}

/** The index of the first fitting day whose instant is at or after `instant`. */
export const firstAtOrAfter = (days: FittingDays, instant: number): number => {
  let low = 0
  let high = days.count
  while (low < high) {
    const middle = (low + high) >> 1
    if ((days.at[middle] as number) < instant) low = middle + 1
    else high = middle
  }
  return low
}

/**
 * The calendar moved to another zone: the same weekly hours, breaks, holidays and
 * overrides read on the wall clock of `zone` (a customer in another zone served on
 * the default calendar).
 */
export const calendarInZone = (
  calendar: WorkingCalendar.WorkingCalendar,
  zone: string,
): Either.Either<WorkingCalendar.WorkingCalendar, Errors.ValidationError> =>
  calendar.timeZone === zone
    ? Either.right(calendar)
    : WorkingCalendar.decodeEither({
        ...Schema.encodeSync(WorkingCalendar.WorkingCalendar)(calendar),
        timeZone: zone,
      })
