/**
 * Periods of civil dates in an IANA time zone: the statistics periods of
 * segmentation (SEG-3: by default a calendar year), loyalty movement (LOY-4) and
 * yearly archive reviews (ARC-2).
 *
 * A period is the half-open range `[start, end)` of civil dates (`YYYY-MM-DD`) read on
 * the wall clock of its zone; an instant belongs to the period that contains its
 * civil date in that zone. Nothing here depends on the process time zone: dates are
 * computed with integer day arithmetic and `Intl.DateTimeFormat` with an explicit
 * `timeZone`, and UTC offsets are cached per zone and UTC hour so that
 * {@link civilDateOf} is cheap enough for loops over millions of transactions.
 *
 * @since 0.1.0
 */
import * as Either from "effect/Either"
import { dual } from "effect/Function"
import * as Schema from "effect/Schema"
import * as Errors from "./Errors.js"
import * as Civil from "./internal/civil.js"
import * as Zone from "./internal/zone.js"

const FIRST_DAY = Civil.daysFromCivil(1, 1, 1)
const LAST_DAY = Civil.daysFromCivil(9999, 12, 31)

/**
 * A civil (calendar) date `YYYY-MM-DD` of the proleptic Gregorian calendar, years
 * 0001 to 9999, that really exists (no 30 February). Because the format has fixed
 * width, comparing two civil dates as strings compares them as dates.
 *
 * @example
 * ```ts
 * import { Period } from "@clientele/core"
 *
 * const leapDay = Period.CivilDate.make("2024-02-29")
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const CivilDate = Schema.String.pipe(
  Schema.filter(
    (text) =>
      Civil.parseCivil(text) !== undefined ||
      `${JSON.stringify(text)} is not a real date written YYYY-MM-DD`,
    {
      arbitrary: () => (fc) =>
        fc.integer({ min: FIRST_DAY, max: LAST_DAY }).map(Civil.formatDayNumber),
    },
  ),
  Schema.brand("CivilDate"),
  Schema.annotations({ identifier: "CivilDate", description: "a civil date YYYY-MM-DD" }),
)
/**
 * The type of a validated civil date `YYYY-MM-DD` (a branded string).
 *
 * @example
 * ```ts
 * import { Period } from "@clientele/core"
 *
 * const date: Period.CivilDate = Period.CivilDate.make("2024-12-31")
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type CivilDate = typeof CivilDate.Type

/**
 * An IANA time-zone name that the runtime's `Intl` knows, such as `"Europe/Berlin"`
 * or `"UTC"`. Names are accepted as `Intl` accepts them (aliases such as
 * `"Asia/Calcutta"`, and any letter case) and stored as given, so prefer canonical
 * names in stored data.
 *
 * @example
 * ```ts
 * import { Period } from "@clientele/core"
 *
 * const berlin = Period.TimeZone.make("Europe/Berlin")
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const TimeZone = Schema.String.pipe(
  Schema.filter(
    (zone) => Zone.isKnownZone(zone) || `${JSON.stringify(zone)} is not a known IANA time zone`,
    {
      arbitrary: () => (fc) => fc.constantFrom("UTC", ...Intl.supportedValuesOf("timeZone")),
    },
  ),
  Schema.brand("TimeZone"),
  Schema.annotations({ identifier: "TimeZone", description: "an IANA time-zone name" }),
)
/**
 * The type of a validated IANA time-zone name (a branded string).
 *
 * @example
 * ```ts
 * import { Period } from "@clientele/core"
 *
 * const zone: Period.TimeZone = Period.TimeZone.make("America/Santiago")
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type TimeZone = typeof TimeZone.Type

const MIN_INSTANT = Civil.daysFromCivil(1, 1, 2) * Civil.DAY_MS
const MAX_INSTANT = Civil.daysFromCivil(9998, 12, 31) * Civil.DAY_MS - 1

/**
 * An instant as UTC epoch milliseconds in the range this module supports: from
 * 0001-01-02T00:00Z to the end of 9998-12-30 UTC, so that the civil date of an
 * instant in any zone, and the calendar year around it, are dates of years
 * 0001–9999. Decode instants from untrusted input with it.
 *
 * @example
 * ```ts
 * import { Period } from "@clientele/core"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(Period.Instant)(Date.UTC(2024, 0, 1)) // true
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Instant = Schema.Int.pipe(
  Schema.between(MIN_INSTANT, MAX_INSTANT),
  Schema.annotations({
    identifier: "Instant",
    description: "UTC epoch milliseconds between years 0001 and 9998",
  }),
)

/**
 * Whether a value is an {@link Instant}, checked without the schema machinery: the
 * same answer as `Schema.is(Instant)`, for loops over millions of values.
 *
 * @example
 * ```ts
 * import { Period } from "@clientele/core"
 *
 * Period.isInstant(Date.UTC(2024, 0, 1)) // true
 * Period.isInstant(1.5) // false
 * ```
 *
 * @since 0.1.0
 * @category predicates
 */
export const isInstant = (value: unknown): value is number =>
  typeof value === "number" &&
  Number.isInteger(value) &&
  value >= MIN_INSTANT &&
  value <= MAX_INSTANT

/**
 * The calendar granularities of {@link ofInstant} and {@link next}: a calendar year
 * (the default statistics period of SEG-3), a quarter or a month.
 *
 * @example
 * ```ts
 * import { Period } from "@clientele/core"
 *
 * const granularity: Period.Granularity = "quarter"
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Granularity = Schema.Literal("year", "quarter", "month")
/**
 * The type of a calendar granularity: `"year"`, `"quarter"` or `"month"`.
 *
 * @example
 * ```ts
 * import { Period } from "@clientele/core"
 *
 * const granularity: Period.Granularity = "month"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Granularity = typeof Granularity.Type

/**
 * The half-open range `[start, end)` of civil dates in a time zone; `start` must be
 * before `end`. The encoded form is the JSON object `{ start, end, zone }`.
 *
 * @example
 * ```ts
 * import { Period } from "@clientele/core"
 * import * as Schema from "effect/Schema"
 *
 * const year = Schema.decodeUnknownSync(Period.Period)({
 *   start: "2024-01-01",
 *   end: "2025-01-01",
 *   zone: "Europe/Berlin",
 * })
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export class Period extends Schema.Class<Period>("Period")(
  Schema.Struct({ start: CivilDate, end: CivilDate, zone: TimeZone }).pipe(
    Schema.filter((period) =>
      period.start < period.end
        ? undefined
        : { path: ["end"], message: "the end of a period must be after its start" },
    ),
  ),
  { description: "a half-open range [start, end) of civil dates in an IANA time zone" },
) {}

const unsafeMake = (startDay: number, endDay: number, zone: TimeZone): Period =>
  new Period(
    {
      start: Civil.formatDayNumber(startDay) as CivilDate,
      end: Civil.formatDayNumber(endDay) as CivilDate,
      zone,
    },
    true,
  )

/**
 * Builds a period from untrusted dates and zone, failing with a `ValidationError`
 * that names each invalid field.
 *
 * @example
 * ```ts
 * import { Period } from "@clientele/core"
 * import * as Either from "effect/Either"
 *
 * Either.isLeft(Period.makeEither("2024-01-01", "2023-01-01", "UTC")) // true: end before start
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeEither = (
  start: string,
  end: string,
  zone: string,
): Either.Either<Period, Errors.ValidationError> =>
  Errors.decodeEither(Period)({ start, end, zone })

/**
 * Builds a period `[start, end)`. Like a schema's `make`, it throws the
 * `ValidationError` on invalid input: use it for literals, {@link makeEither} for
 * untrusted input.
 *
 * @example
 * ```ts
 * import { Period } from "@clientele/core"
 *
 * const season = Period.make("2024-06-01", "2024-09-01", "Europe/Berlin")
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (start: string, end: string, zone: string): Period =>
  Either.getOrThrowWith(makeEither(start, end, zone), (error) => error)

const fieldIssue = (field: string, message: string) =>
  Either.left(Errors.ValidationError.fromIssues([{ path: [field], message }]))

const monthsPeriod = (
  year: number,
  firstMonth: number,
  months: number,
  zone: TimeZone,
): Either.Either<Period, Errors.ValidationError> => {
  if (!Number.isInteger(year) || year < 1 || year > 9999) {
    return fieldIssue("year", `the year must be an integer from 1 to 9999, got ${year}`)
  }
  const after = Civil.addMonthsToMonthStart(year, firstMonth, months)
  if (after.year > 9999) {
    return fieldIssue("year", "the period would end after 9999-12-31")
  }
  return Either.right(
    unsafeMake(
      Civil.daysFromCivil(year, firstMonth, 1),
      Civil.daysFromCivil(after.year, after.month, 1),
      zone,
    ),
  )
}

/**
 * The calendar year `[year-01-01, (year+1)-01-01)` in a zone, the default statistics
 * period (SEG-3). Fails with a `ValidationError` at `["year"]` unless the year is an
 * integer from 1 to 9998.
 *
 * @example
 * ```ts
 * import { Period } from "@clientele/core"
 *
 * Period.calendarYear(2024, Period.TimeZone.make("Europe/Berlin"))
 * // Right(Period { start: "2024-01-01", end: "2025-01-01", zone: "Europe/Berlin" })
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const calendarYear = (
  year: number,
  zone: TimeZone,
): Either.Either<Period, Errors.ValidationError> => monthsPeriod(year, 1, 12, zone)

/**
 * A calendar quarter (1–4) of a year in a zone: Q1 is January to March. Fails with a
 * `ValidationError` at `["year"]` or `["quarter"]` on invalid input.
 *
 * @example
 * ```ts
 * import { Period } from "@clientele/core"
 *
 * Period.calendarQuarter(2024, 2, Period.TimeZone.make("UTC"))
 * // Right(Period { start: "2024-04-01", end: "2024-07-01", zone: "UTC" })
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const calendarQuarter = (
  year: number,
  quarter: number,
  zone: TimeZone,
): Either.Either<Period, Errors.ValidationError> =>
  Number.isInteger(quarter) && quarter >= 1 && quarter <= 4
    ? monthsPeriod(year, quarter * 3 - 2, 3, zone)
    : fieldIssue("quarter", `the quarter must be 1, 2, 3 or 4, got ${quarter}`)

/**
 * A calendar month (1–12) of a year in a zone. Fails with a `ValidationError` at
 * `["year"]` or `["month"]` on invalid input.
 *
 * @example
 * ```ts
 * import { Period } from "@clientele/core"
 *
 * Period.calendarMonth(2024, 2, Period.TimeZone.make("UTC"))
 * // Right(Period { start: "2024-02-01", end: "2024-03-01", zone: "UTC" })
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const calendarMonth = (
  year: number,
  month: number,
  zone: TimeZone,
): Either.Either<Period, Errors.ValidationError> =>
  Number.isInteger(month) && month >= 1 && month <= 12
    ? monthsPeriod(year, month, 1, zone)
    : fieldIssue("month", `the month must be an integer from 1 to 12, got ${month}`)

const localDay = (instant: number, zone: TimeZone): number => {
  if (!(instant >= MIN_INSTANT && instant <= MAX_INSTANT)) {
    throw new RangeError(`instant ${instant} is outside the supported range (Period.Instant)`)
  }
  return Zone.localDayNumber(zone, instant)
}

/**
 * The civil date of an instant on the wall clock of a zone. Fast enough for hot
 * loops: after the first call per zone and UTC hour it is integer arithmetic and a
 * few map lookups, no `Intl` call.
 *
 * The instant must satisfy {@link Instant} (decode untrusted instants with it);
 * anything else (NaN, years beyond 9998) is a programming error and throws a
 * `RangeError`.
 *
 * @example
 * ```ts
 * import { Period } from "@clientele/core"
 *
 * const instant = Date.UTC(2024, 11, 31, 23, 30) // 23:30 UTC on New Year's Eve
 * Period.civilDateOf(instant, Period.TimeZone.make("Europe/Berlin")) // "2025-01-01"
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const civilDateOf = (instant: number, zone: TimeZone): CivilDate =>
  Civil.formatDayNumber(localDay(instant, zone)) as CivilDate

/**
 * The calendar period of a granularity (default: the calendar year, SEG-3) that
 * contains an instant's civil date in a zone. The instant must satisfy
 * {@link Instant}, as for {@link civilDateOf}.
 *
 * @example
 * ```ts
 * import { Period } from "@clientele/core"
 *
 * const zone = Period.TimeZone.make("America/New_York")
 * Period.ofInstant(Date.UTC(2025, 0, 1, 3), zone) // the year 2024: it is still 22:00 on 31 December there
 * Period.ofInstant(Date.UTC(2025, 0, 1, 3), zone, "month") // December 2024
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const ofInstant = (
  instant: number,
  zone: TimeZone,
  granularity: Granularity = "year",
): Period => {
  const { year, month } = Civil.civilFromDays(localDay(instant, zone))
  const months = granularity === "year" ? 12 : granularity === "quarter" ? 3 : 1
  const firstMonth = Math.floor((month - 1) / months) * months + 1
  const after = Civil.addMonthsToMonthStart(year, firstMonth, months)
  return unsafeMake(
    Civil.daysFromCivil(year, firstMonth, 1),
    Civil.daysFromCivil(after.year, after.month, 1),
    zone,
  )
}

/**
 * Whether a civil date lies in the period (`start <= date < end`).
 *
 * @example
 * ```ts
 * import { Period } from "@clientele/core"
 *
 * const year = Period.make("2024-01-01", "2025-01-01", "UTC")
 * Period.containsDate(year, Period.CivilDate.make("2024-12-31")) // true
 * Period.containsDate(year, Period.CivilDate.make("2025-01-01")) // false
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const containsDate: {
  (date: CivilDate): (self: Period) => boolean
  (self: Period, date: CivilDate): boolean
} = dual(2, (self: Period, date: CivilDate): boolean => self.start <= date && date < self.end)

/**
 * Whether an instant belongs to the period: whether its civil date in the period's
 * zone lies in the period. Instants outside {@link Instant} belong to no period.
 *
 * @example
 * ```ts
 * import { Period } from "@clientele/core"
 *
 * const year = Period.make("2025-01-01", "2026-01-01", "Europe/Berlin")
 * Period.containsInstant(year, Date.UTC(2024, 11, 31, 23, 30)) // true: 00:30 on 1 January in Berlin
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const containsInstant: {
  (instant: number): (self: Period) => boolean
  (self: Period, instant: number): boolean
} = dual(
  2,
  (self: Period, instant: number): boolean =>
    instant >= MIN_INSTANT &&
    instant <= MAX_INSTANT &&
    containsDate(self, civilDateOf(instant, self.zone)),
)

/**
 * The first instant (UTC epoch milliseconds) of the period: local midnight at the
 * start date in the period's zone, or, where a transition skips midnight, the first
 * instant of that date after the gap (where a whole date is skipped, as on
 * Pacific/Apia's 2011-12-30, the first instant of the next date).
 *
 * `[startInstant, endInstant)` is the period as a range of instants, for range
 * queries. It holds exactly the instants that {@link containsInstant} accepts,
 * except in a zone whose wall clock steps back across midnight at the boundary.
 *
 * @example
 * ```ts
 * import { Period } from "@clientele/core"
 *
 * const year = Period.make("2024-01-01", "2025-01-01", "Europe/Berlin")
 * Period.startInstant(year) === Date.UTC(2023, 11, 31, 23) // true
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const startInstant = (self: Period): number =>
  Zone.firstInstantOfDay(self.zone, Civil.dayNumberOfValid(self.start))

/**
 * The first instant (UTC epoch milliseconds) after the period: the first instant of
 * its end date in its zone, found as in {@link startInstant}.
 *
 * @example
 * ```ts
 * import { Period } from "@clientele/core"
 *
 * const year = Period.make("2024-01-01", "2025-01-01", "Europe/Berlin")
 * Period.endInstant(year) === Date.UTC(2024, 11, 31, 23) // true
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const endInstant = (self: Period): number =>
  Zone.firstInstantOfDay(self.zone, Civil.dayNumberOfValid(self.end))

/**
 * The number of civil days in the period.
 *
 * @example
 * ```ts
 * import { Period } from "@clientele/core"
 *
 * Period.days(Period.make("2024-01-01", "2025-01-01", "UTC")) // 366
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const days = (self: Period): number =>
  Civil.dayNumberOfValid(self.end) - Civil.dayNumberOfValid(self.start)

/** The length of a period in whole months when both its ends are the first of a month. */
const monthLength = (self: Period): number | undefined => {
  const start = Civil.parseCivil(self.start)
  const end = Civil.parseCivil(self.end)
  if (start === undefined || end === undefined || start.day !== 1 || end.day !== 1) {
    return undefined
  }
  return end.year * 12 + end.month - (start.year * 12 + start.month)
}

const shifted = (
  self: Period,
  direction: 1 | -1,
  name: "next" | "previous",
): Either.Either<Period, Errors.ValidationError> => {
  const startDay = Civil.dayNumberOfValid(self.start)
  const endDay = Civil.dayNumberOfValid(self.end)
  const months = monthLength(self)
  let newStart: number
  let newEnd: number
  if (months === undefined) {
    const length = endDay - startDay
    newStart = startDay + direction * length
    newEnd = endDay + direction * length
  } else {
    const anchor = Civil.civilFromDays(direction === 1 ? endDay : startDay)
    const other = Civil.addMonthsToMonthStart(anchor.year, anchor.month, direction * months)
    const otherDay = Civil.daysFromCivil(other.year, other.month, 1)
    newStart = direction === 1 ? endDay : otherDay
    newEnd = direction === 1 ? otherDay : startDay
  }
  if (newStart < FIRST_DAY || newEnd > LAST_DAY) {
    return Either.left(
      Errors.ValidationError.fromIssues([
        {
          path: [direction === 1 ? "end" : "start"],
          message: `the ${name} period would leave the years 0001–9999`,
        },
      ]),
    )
  }
  return Either.right(unsafeMake(newStart, newEnd, self.zone))
}

/**
 * The period right after this one, of the same length: for a calendar period (both
 * ends on the first of a month) the same number of months, so the year after a
 * year and the month after a month (February after January); for any other
 * period the same number of days. Fails with a `ValidationError` only when the
 * result would end after 9999-12-31.
 *
 * @example
 * ```ts
 * import { Period } from "@clientele/core"
 *
 * Period.next(Period.make("2024-01-01", "2024-02-01", "UTC"))
 * // Right(Period { start: "2024-02-01", end: "2024-03-01", zone: "UTC" })
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const next = (self: Period): Either.Either<Period, Errors.ValidationError> =>
  shifted(self, 1, "next")

/**
 * The period right before this one, of the same length (in months for calendar
 * periods, in days otherwise); the inverse of {@link next}. Fails with a
 * `ValidationError` only when the result would start before 0001-01-01.
 *
 * @example
 * ```ts
 * import { Period } from "@clientele/core"
 *
 * Period.previous(Period.make("2024-01-01", "2025-01-01", "UTC"))
 * // Right(Period { start: "2023-01-01", end: "2024-01-01", zone: "UTC" })
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const previous = (self: Period): Either.Either<Period, Errors.ValidationError> =>
  shifted(self, -1, "previous")
