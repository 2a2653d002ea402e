/**
 * Working calendars: when a team works, as storable, versioned data.
 *
 * A calendar lives in one IANA time zone and says, on the wall clock of that zone:
 * - the **weekly hours**: several time ranges per weekday, `24:00` allowed as an end
 *   (a range never crosses midnight: write a night shift as two ranges);
 * - **breaks** taken out of the weekly hours (lunch), on every weekday or some;
 * - **holidays**: whole days or only some hours of them (a half-day Christmas Eve),
 *   one day or a run of days, once or every year;
 * - **date overrides** that replace a date's hours entirely (a short day, a Saturday
 *   opening, or `[]` for a closure).
 *
 * A date's hours are, in order of precedence: its override if it has one; otherwise
 * the weekly hours of its weekday minus the breaks, minus every holiday on that date
 * (the whole day, or the holiday's closed ranges). Overlapping or touching ranges of
 * one day are merged.
 *
 * Local times that a DST transition skips (a gap) or repeats (a fold) are resolved by
 * the calendar's `dst` policy, the three of Temporal's `disambiguation`:
 * - `"compatible"` (the default): a time in a gap moves forward by the gap's length,
 *   a time in a fold is its earlier occurrence;
 * - `"earlier"`: both take the earlier instant (a time in a gap moves back);
 * - `"later"`: both take the later instant.
 * Business time is then the real time elapsed between those instants, so a working
 * day of 00:00–10:00 holds 11 hours on the night the clocks go back and 9 on the
 * night they go forward. A date the zone skips entirely (Pacific/Apia, 30 December
 * 2011) has no working time.
 *
 * @since 0.1.0
 */
import { Civil, Errors, Period } from "@clientele/core"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"

const LOCAL_TIME = /^([01]\d|2[0-4]):([0-5]\d)(?::([0-5]\d)(?:\.(\d{3}))?)?$/

/**
 * The milliseconds since midnight of a `HH:MM[:SS[.mmm]]` wall-clock time, or
 * `undefined` when the text is not one (hours 00–24, `24:00` only as exactly 24:00).
 *
 * @example
 * ```ts
 * import { WorkingCalendar } from "@clientele/calendar"
 *
 * WorkingCalendar.millisecondsOfDay("09:30") // 34200000
 * WorkingCalendar.millisecondsOfDay("24:00") // 86400000
 * WorkingCalendar.millisecondsOfDay("24:01") // undefined
 * ```
 *
 * @since 0.1.0
 * @category conversions
 */
export const millisecondsOfDay = (text: string): number | undefined => {
  const match = LOCAL_TIME.exec(text)
  if (match === null) return undefined
  const ms =
    Number(match[1]) * 3_600_000 +
    Number(match[2]) * 60_000 +
    Number(match[3] ?? 0) * 1000 +
    Number(match[4] ?? 0)
  return ms > 86_400_000 ? undefined : ms
}

/**
 * A wall-clock time of day `HH:MM`, `HH:MM:SS` or `HH:MM:SS.mmm`, from `00:00` to
 * `24:00` (the end of the day, valid as the end of a range only).
 *
 * @example
 * ```ts
 * import { WorkingCalendar } from "@clientele/calendar"
 *
 * const close = WorkingCalendar.LocalTime.make("17:30")
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const LocalTime = Schema.String.pipe(
  Schema.filter(
    (text) =>
      millisecondsOfDay(text) !== undefined ||
      `${JSON.stringify(text)} is not a time of day written HH:MM, HH:MM:SS or HH:MM:SS.mmm between 00:00 and 24:00`,
    {
      arbitrary: () => (fc) =>
        fc
          .integer({ min: 0, max: 96 })
          .map((quarter) =>
            quarter === 96
              ? "24:00"
              : `${String(Math.floor(quarter / 4)).padStart(2, "0")}:${String((quarter % 4) * 15).padStart(2, "0")}`,
          ),
    },
  ),
  Schema.brand("LocalTime"),
  Schema.annotations({
    identifier: "LocalTime",
    description: "a wall-clock time HH:MM[:SS[.mmm]]",
  }),
)

/**
 * The type of {@link LocalTime}.
 *
 * @example
 * ```ts
 * import { WorkingCalendar } from "@clientele/calendar"
 *
 * const open: WorkingCalendar.LocalTime = WorkingCalendar.LocalTime.make("09:00")
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type LocalTime = typeof LocalTime.Type

const ms = (time: string): number => millisecondsOfDay(time) ?? Number.NaN

/**
 * A range `[start, end)` of wall-clock time within one day; `end` is after `start`,
 * and `24:00` may end a range but not start one.
 *
 * @example
 * ```ts
 * import { WorkingCalendar } from "@clientele/calendar"
 * import * as Schema from "effect/Schema"
 *
 * const morning = Schema.decodeUnknownSync(WorkingCalendar.TimeRange)({ start: "09:00", end: "12:30" })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const TimeRange = Schema.Struct({ start: LocalTime, end: LocalTime }).pipe(
  Schema.filter((range) =>
    ms(range.start) < ms(range.end)
      ? undefined
      : {
          path: ["end"],
          message: `a range ends after it starts (${range.start}–${range.end}); write a range that crosses midnight as two ranges`,
        },
  ),
  Schema.annotations({ identifier: "TimeRange" }),
)

/**
 * The type of {@link TimeRange}.
 *
 * @example
 * ```ts
 * import type { WorkingCalendar } from "@clientele/calendar"
 *
 * const ranges: ReadonlyArray<WorkingCalendar.TimeRange> = []
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type TimeRange = typeof TimeRange.Type

/**
 * The days of the week, Monday first (ISO 8601 order).
 *
 * @example
 * ```ts
 * import { WorkingCalendar } from "@clientele/calendar"
 *
 * WorkingCalendar.weekdayNames[0] // "monday"
 * ```
 *
 * @since 0.1.0
 * @category constants
 */
export const weekdayNames = [
  "monday",
  "tuesday",
  "wednesday",
  "thursday",
  "friday",
  "saturday",
  "sunday",
] as const

/**
 * A day of the week.
 *
 * @example
 * ```ts
 * import { WorkingCalendar } from "@clientele/calendar"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(WorkingCalendar.Weekday)("saturday") // true
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Weekday = Schema.Literal(...weekdayNames)

/**
 * The type of {@link Weekday}.
 *
 * @example
 * ```ts
 * import type { WorkingCalendar } from "@clientele/calendar"
 *
 * const weekend: ReadonlyArray<WorkingCalendar.Weekday> = ["saturday", "sunday"]
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Weekday = typeof Weekday.Type

const Ranges = Schema.Array(TimeRange)
const dayHours = Schema.optionalWith(Ranges, { default: () => [] })

/**
 * The working hours of each weekday; a weekday left out has none.
 *
 * @example
 * ```ts
 * import { WorkingCalendar } from "@clientele/calendar"
 * import * as Schema from "effect/Schema"
 *
 * const hours = Schema.decodeUnknownSync(WorkingCalendar.WeeklyHours)({
 *   monday: [{ start: "09:00", end: "12:00" }, { start: "13:00", end: "17:00" }],
 *   saturday: [{ start: "10:00", end: "14:00" }],
 * })
 * hours.sunday // []
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const WeeklyHours = Schema.Struct({
  monday: dayHours,
  tuesday: dayHours,
  wednesday: dayHours,
  thursday: dayHours,
  friday: dayHours,
  saturday: dayHours,
  sunday: dayHours,
}).pipe(Schema.annotations({ identifier: "WeeklyHours" }))

/**
 * The type of {@link WeeklyHours}.
 *
 * @example
 * ```ts
 * import type { WorkingCalendar } from "@clientele/calendar"
 *
 * const open = (hours: WorkingCalendar.WeeklyHours) => hours.monday.length > 0
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type WeeklyHours = typeof WeeklyHours.Type

/**
 * A break taken out of the weekly hours (not out of date overrides, which give a
 * date's hours exactly): on every weekday, or on the listed ones.
 *
 * @example
 * ```ts
 * import { WorkingCalendar } from "@clientele/calendar"
 * import * as Schema from "effect/Schema"
 *
 * const lunch = Schema.decodeUnknownSync(WorkingCalendar.Break)({ start: "12:00", end: "13:00" })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Break = Schema.extend(
  TimeRange,
  Schema.Struct({ days: Schema.optional(Schema.Array(Weekday)) }),
).pipe(Schema.annotations({ identifier: "Break" }))

/**
 * The type of {@link Break}.
 *
 * @example
 * ```ts
 * import type { WorkingCalendar } from "@clientele/calendar"
 *
 * const lunch = { start: "12:00", end: "13:00" } as WorkingCalendar.Break
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Break = typeof Break.Type

/** The longest run of days one holiday may cover. */
const MAX_HOLIDAY_DAYS = 366

/**
 * A holiday: the date `date`, or the run of dates `date` … `through` (inclusive),
 * closed all day, or only during its `closed` ranges (a partial holiday). A `yearly`
 * holiday repeats on the same month and day every year from `date` on; a yearly
 * holiday on 29 February falls only in leap years.
 *
 * @example
 * ```ts
 * import { WorkingCalendar } from "@clientele/calendar"
 * import * as Schema from "effect/Schema"
 *
 * const holidays = Schema.decodeUnknownSync(Schema.Array(WorkingCalendar.Holiday))([
 *   { name: "Christmas", date: "2024-12-25", yearly: true },
 *   { name: "Christmas Eve afternoon", date: "2024-12-24", yearly: true, closed: [{ start: "13:00", end: "24:00" }] },
 *   { name: "Summer closure", date: "2025-08-04", through: "2025-08-15" },
 * ])
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Holiday = Schema.Struct({
  name: Schema.optional(Schema.String),
  date: Period.CivilDate,
  through: Schema.optional(Period.CivilDate),
  yearly: Schema.optionalWith(Schema.Boolean, { default: () => false }),
  closed: Schema.optional(Ranges),
}).pipe(
  Schema.filter((holiday) => {
    if (holiday.through === undefined) return undefined
    if (holiday.through < holiday.date) {
      return {
        path: ["through"],
        message: `a holiday ends on or after its first date (${holiday.date})`,
      }
    }
    const days = (Civil.parse(holiday.through) ?? 0) - (Civil.parse(holiday.date) ?? 0) + 1
    return days <= MAX_HOLIDAY_DAYS
      ? undefined
      : { path: ["through"], message: `a holiday covers at most ${MAX_HOLIDAY_DAYS} days` }
  }),
  Schema.annotations({ identifier: "Holiday" }),
)

/**
 * The type of {@link Holiday}.
 *
 * @example
 * ```ts
 * import type { WorkingCalendar } from "@clientele/calendar"
 *
 * const isPartial = (holiday: WorkingCalendar.Holiday) => holiday.closed !== undefined
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Holiday = typeof Holiday.Type

/**
 * A date whose hours replace everything else that date (weekly hours, breaks and
 * holidays): a short day, an exceptional opening, or `hours: []` for a closure.
 *
 * @example
 * ```ts
 * import { WorkingCalendar } from "@clientele/calendar"
 * import * as Schema from "effect/Schema"
 *
 * const stocktake = Schema.decodeUnknownSync(WorkingCalendar.DateOverride)({
 *   date: "2025-01-04",
 *   hours: [{ start: "10:00", end: "14:00" }],
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const DateOverride = Schema.Struct({
  name: Schema.optional(Schema.String),
  date: Period.CivilDate,
  hours: Ranges,
}).pipe(Schema.annotations({ identifier: "DateOverride" }))

/**
 * The type of {@link DateOverride}.
 *
 * @example
 * ```ts
 * import type { WorkingCalendar } from "@clientele/calendar"
 *
 * const isClosure = (override: WorkingCalendar.DateOverride) => override.hours.length === 0
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type DateOverride = typeof DateOverride.Type

/**
 * How a wall-clock time that a DST transition skips or repeats becomes an instant:
 * `"compatible"` (gap → later, fold → earlier; the default, as Temporal and most
 * calendars do), `"earlier"` or `"later"`.
 *
 * @example
 * ```ts
 * import { WorkingCalendar } from "@clientele/calendar"
 *
 * const policy: WorkingCalendar.DstPolicy = "compatible"
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const DstPolicy = Schema.Literal("compatible", "earlier", "later")

/**
 * The type of {@link DstPolicy}.
 *
 * @example
 * ```ts
 * import type { WorkingCalendar } from "@clientele/calendar"
 *
 * const policies: ReadonlyArray<WorkingCalendar.DstPolicy> = ["compatible", "earlier", "later"]
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type DstPolicy = typeof DstPolicy.Type

/**
 * A working calendar (see the module's description for the meaning of each part).
 * `schemaVersion` is the version of this stored format; `revision` is the
 * calendar's own edit counter: store it beside every deadline computed on the
 * calendar, so that a later edit is visible (deadlines are instants and do not move
 * when the calendar changes).
 *
 * Construct it with {@link make} (throws on invalid input), {@link decodeEither}
 * (untrusted input) or `Schema.decodeUnknownSync(WorkingCalendar)`; its encoded
 * form is plain JSON.
 *
 * @example
 * ```ts
 * import { WorkingCalendar } from "@clientele/calendar"
 *
 * const support = WorkingCalendar.make({
 *   name: "Support desk",
 *   timeZone: "America/New_York",
 *   weekly: {
 *     monday: [{ start: "09:00", end: "17:00" }],
 *     tuesday: [{ start: "09:00", end: "17:00" }],
 *     wednesday: [{ start: "09:00", end: "17:00" }],
 *     thursday: [{ start: "09:00", end: "17:00" }],
 *     friday: [{ start: "09:00", end: "17:00" }],
 *   },
 *   breaks: [{ start: "12:00", end: "12:30" }],
 *   holidays: [{ name: "Independence Day", date: "2024-07-04", yearly: true }],
 * })
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export class WorkingCalendar extends Schema.Class<WorkingCalendar>("WorkingCalendar")(
  Schema.Struct({
    schemaVersion: Schema.optionalWith(Schema.Literal(1), { default: () => 1 as const }),
    name: Schema.optional(Schema.String),
    revision: Schema.optionalWith(Schema.Int.pipe(Schema.positive()), { default: () => 1 }),
    timeZone: Period.TimeZone,
    weekly: WeeklyHours,
    breaks: Schema.optionalWith(Schema.Array(Break), { default: () => [] }),
    holidays: Schema.optionalWith(Schema.Array(Holiday), { default: () => [] }),
    overrides: Schema.optionalWith(Schema.Array(DateOverride), { default: () => [] }),
    dst: Schema.optionalWith(DstPolicy, { default: () => "compatible" as const }),
  }).pipe(
    Schema.filter((calendar) => {
      const seen = new Set<string>()
      for (const [i, override] of calendar.overrides.entries()) {
        if (seen.has(override.date)) {
          return {
            path: ["overrides", i, "date"],
            message: `${override.date} has two overrides; give a date one override with all its hours`,
          }
        }
        seen.add(override.date)
      }
      return undefined
    }),
  ),
  {
    description: "a working calendar: weekly hours, breaks, holidays and overrides in a time zone",
  },
) {}

/**
 * The input {@link WorkingCalendar} decodes: its encoded (JSON) form, where every
 * part but `timeZone` and `weekly` may be left out.
 *
 * @example
 * ```ts
 * import type { WorkingCalendar } from "@clientele/calendar"
 *
 * const input: WorkingCalendar.Input = { timeZone: "UTC", weekly: { monday: [{ start: "00:00", end: "24:00" }] } }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Input = typeof WorkingCalendar.Encoded

/**
 * Decodes untrusted input into a calendar, failing with a `ValidationError` that
 * names every invalid field (an unknown zone, a range that ends before it starts, a
 * date that does not exist, two overrides of one date).
 *
 * @example
 * ```ts
 * import { WorkingCalendar } from "@clientele/calendar"
 * import * as Either from "effect/Either"
 *
 * const result = WorkingCalendar.decodeEither({ timeZone: "Mars/Base", weekly: {} })
 * Either.isLeft(result) // true: the message names "timeZone"
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const decodeEither = (
  input: unknown,
): Either.Either<WorkingCalendar, Errors.ValidationError> =>
  Errors.decodeEither(WorkingCalendar)(input)

/**
 * Builds a calendar from input known to be valid (literals in code); throws the
 * `ValidationError` otherwise. Use {@link decodeEither} for untrusted input.
 *
 * @example
 * ```ts
 * import { WorkingCalendar } from "@clientele/calendar"
 *
 * const allHours = WorkingCalendar.make({
 *   timeZone: "Europe/London",
 *   weekly: Object.fromEntries(
 *     WorkingCalendar.weekdayNames.map((day) => [day, [{ start: "00:00", end: "24:00" }]]),
 *   ),
 * })
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (input: Input): WorkingCalendar =>
  Either.getOrThrowWith(decodeEither(input), (error) => error)

/**
 * The common calendar: Monday to Friday from `open` to `close` in a zone, with
 * optional breaks and holidays.
 *
 * @example
 * ```ts
 * import { WorkingCalendar } from "@clientele/calendar"
 *
 * const office = WorkingCalendar.weekdays("America/New_York", "09:00", "17:00", {
 *   holidays: [{ date: "2024-12-25", yearly: true }],
 * })
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const weekdays = (
  timeZone: string,
  open: string,
  close: string,
  rest: Omit<Input, "timeZone" | "weekly"> = {},
): WorkingCalendar => {
  const hours = [{ start: open, end: close }]
  return make({
    ...rest,
    timeZone,
    weekly: { monday: hours, tuesday: hours, wednesday: hours, thursday: hours, friday: hours },
  })
}
