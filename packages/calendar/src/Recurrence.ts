/**
 * Recurrence rules for visit plans and periodic reviews: daily, weekly, monthly or
 * yearly occurrences at a wall-clock time in a zone, with explicit policies for the
 * dates a month or year lacks (the 31st in short months, 29 February in common
 * years) and, on request, occurrences shifted off a working calendar's closed days.
 *
 * Semantics:
 * - the series starts on `start` (a civil date) and repeats every `interval`
 *   days, weeks, months or years; a weekly rule falls on `weekdays` (default: the
 *   start's weekday), in weeks that begin on Monday; monthly and yearly rules fall
 *   on `monthDay` (default: the start's day), yearly ones in `month` (default: the
 *   start's month); no occurrence is before `start`;
 * - `missingDay` decides a date the month lacks: `"skip"` (no occurrence that
 *   period, as RFC 5545 does; the default), `"lastDay"` (the month's last day:
 *   31 → 30 April, 29 February → 28 February), or `"nextDay"` (the first day of the
 *   next month: 29 February → 1 March);
 * - `count` counts the occurrences produced (skipped dates do not count); `until` is
 *   the last date a (not yet shifted) occurrence may fall on;
 * - `shift` moves an occurrence that falls on a day without working time to the next
 *   (`"forward"`) or previous (`"backward"`) business day of the calendar passed to
 *   {@link occurrences}; the time of day stays;
 * - the wall-clock time becomes an instant under `dst` (see `WorkingCalendar`).
 *
 * @since 0.1.0
 */
import { Civil, Period } from "@clientele/core"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as BusinessDays from "./BusinessDays.js"
import { type CalendarError, invalidArgument } from "./CalendarError.js"
import { weekdayIndex } from "./internal/compiled.js"
import * as Guards from "./internal/guards.js"
import { instantOf, rulesOf } from "./internal/zone.js"
import {
  DstPolicy,
  LocalTime,
  millisecondsOfDay,
  Weekday,
  type WorkingCalendar,
  weekdayNames,
} from "./WorkingCalendar.js"

/**
 * A recurrence rule (see the module's description).
 *
 * @example
 * ```ts
 * import { Recurrence } from "@clientele/calendar"
 * import * as Schema from "effect/Schema"
 *
 * const quarterlyVisit = Schema.decodeUnknownSync(Recurrence.Rule)({
 *   frequency: "monthly",
 *   interval: 3,
 *   start: "2025-01-31",
 *   time: "10:00",
 *   timeZone: "Europe/Paris",
 *   missingDay: "lastDay",
 *   shift: "forward",
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Rule = Schema.Struct({
  frequency: Schema.Literal("daily", "weekly", "monthly", "yearly"),
  interval: Schema.optionalWith(Schema.Int.pipe(Schema.between(1, 1000)), { default: () => 1 }),
  start: Period.CivilDate,
  time: LocalTime,
  timeZone: Period.TimeZone,
  weekdays: Schema.optional(Schema.Array(Weekday).pipe(Schema.minItems(1))),
  monthDay: Schema.optional(Schema.Int.pipe(Schema.between(1, 31))),
  month: Schema.optional(Schema.Int.pipe(Schema.between(1, 12))),
  count: Schema.optional(Schema.Int.pipe(Schema.positive())),
  until: Schema.optional(Period.CivilDate),
  missingDay: Schema.optionalWith(Schema.Literal("skip", "lastDay", "nextDay"), {
    default: () => "skip" as const,
  }),
  shift: Schema.optionalWith(Schema.Literal("none", "forward", "backward"), {
    default: () => "none" as const,
  }),
  dst: Schema.optionalWith(DstPolicy, { default: () => "compatible" as const }),
}).pipe(Schema.annotations({ identifier: "RecurrenceRule" }))

/**
 * The type of {@link Rule}.
 *
 * @example
 * ```ts
 * import type { Recurrence } from "@clientele/calendar"
 *
 * const isWeekly = (rule: Recurrence.Rule) => rule.frequency === "weekly"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Rule = typeof Rule.Type

/**
 * One occurrence: its civil date in the rule's zone (after any shift) and its
 * instant.
 *
 * @example
 * ```ts
 * import type { Recurrence } from "@clientele/calendar"
 *
 * const first: Recurrence.Occurrence = { date: "2025-01-31", at: Date.parse("2025-01-31T10:00:00+01:00") }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Occurrence {
  readonly date: string
  readonly at: number
}

/**
 * Which occurrences to produce: those at or after `from` and before `to`
 * (instants), at most `limit` of them (default 1,000; at most 100,000); `calendar`
 * is required when the rule shifts occurrences.
 *
 * @example
 * ```ts
 * import type { Recurrence } from "@clientele/calendar"
 *
 * const nextTen: Recurrence.Window = { from: Date.UTC(2025, 0, 1), limit: 10 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Window {
  readonly from?: number
  readonly to?: number
  readonly limit?: number
  readonly calendar?: WorkingCalendar
}

const MAX_LIMIT = 100_000
/** Candidate periods examined before giving up on a rule that produces nothing. */
const MAX_PERIODS = 1_000_000

/** The candidate dates (day numbers) of the rule's `index`-th period, ascending. */
const candidatesOf = (rule: Rule, startDay: number, index: number): Array<number> => {
  const { year, month, day } = Civil.fieldsOf(startDay)
  const step = index * rule.interval
  switch (rule.frequency) {
    case "daily":
      return [startDay + step]
    case "weekly": {
      const monday = startDay - weekdayIndex(startDay)
      const days = (rule.weekdays ?? [weekdayNames[weekdayIndex(startDay)] ?? "monday"])
        .map((name) => weekdayNames.indexOf(name))
        .sort((a, b) => a - b)
      return [...new Set(days)].map((offset) => monday + step * 7 + offset)
    }
    case "monthly":
    case "yearly": {
      const months =
        rule.frequency === "monthly" ? month - 1 + step : (rule.month ?? month) - 1 + step * 12
      const y = year + Math.floor(months / 12)
      const m = (months % 12) + 1
      const wanted = rule.monthDay ?? day
      const last = Civil.daysInMonth(y, m)
      if (wanted <= last) return [Civil.dayNumberOf(y, m, wanted)]
      if (rule.missingDay === "skip") return []
      return [
        rule.missingDay === "lastDay"
          ? Civil.dayNumberOf(y, m, last)
          : Civil.dayNumberOf(y, m, last) + 1,
      ]
    }
  }
}

/** The date itself when it is a business day, else the next or previous one. */
const shiftOffClosedDay = (
  calendar: WorkingCalendar,
  date: string,
  direction: "forward" | "backward",
): Either.Either<string, CalendarError> =>
  direction === "forward"
    ? BusinessDays.add(calendar, date, 0)
    : Either.flatMap(BusinessDays.isBusinessDay(calendar, date), (open) =>
        open ? Either.right(date) : BusinessDays.add(calendar, date, -1),
      )

/**
 * The occurrences of a rule within a window, in order.
 *
 * @example
 * ```ts
 * import { Recurrence } from "@clientele/calendar"
 * import * as Either from "effect/Either"
 * import * as Schema from "effect/Schema"
 *
 * const rule = Schema.decodeUnknownSync(Recurrence.Rule)({
 *   frequency: "monthly",
 *   start: "2025-01-31",
 *   time: "10:00",
 *   timeZone: "UTC",
 *   missingDay: "lastDay",
 * })
 * Either.getOrThrow(Recurrence.occurrences(rule, { limit: 3 })).map((o) => o.date)
 * // ["2025-01-31", "2025-02-28", "2025-03-31"]
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const occurrences = (
  rule: Rule,
  window: Window = {},
): Either.Either<ReadonlyArray<Occurrence>, CalendarError> => {
  const limit = window.limit ?? 1000
  if (!Number.isSafeInteger(limit) || limit < 0 || limit > MAX_LIMIT) {
    return Either.left(
      invalidArgument("limit", `must be an integer from 0 to ${MAX_LIMIT}, found ${String(limit)}`),
    )
  }
  const invalid =
    (window.from === undefined ? undefined : Guards.checkInstant("from", window.from)) ??
    (window.to === undefined ? undefined : Guards.checkInstant("to", window.to))
  if (invalid !== undefined) return Either.left(invalid)
  const calendar = window.calendar
  if (rule.shift !== "none" && calendar === undefined) {
    return Either.left(
      invalidArgument("calendar", `is required: the rule shifts occurrences ${rule.shift}`),
    )
  }
  const rules = rulesOf(rule.timeZone)
  const time = millisecondsOfDay(rule.time) ?? 0
  const startDay = Civil.parse(rule.start) ?? 0
  const untilDay = rule.until === undefined ? Infinity : (Civil.parse(rule.until) ?? Infinity)
  const from = window.from ?? -Infinity
  const to = window.to ?? Infinity
  const out: Array<Occurrence> = []
  let produced = 0
  for (let index = 0; index < MAX_PERIODS && out.length < limit; index++) {
    const candidates = candidatesOf(rule, startDay, index)
    if (candidates.length > 0 && (candidates[0] as number) > untilDay) return Either.right(out)
    for (const day of candidates) {
      if (day < startDay || day > untilDay) continue
      if (rule.count !== undefined && produced >= rule.count) return Either.right(out)
      produced++
      let date = Civil.format(day)
      if (rule.shift !== "none" && calendar !== undefined) {
        const shifted = shiftOffClosedDay(calendar, date, rule.shift)
        if (Either.isLeft(shifted)) return Either.left(shifted.left)
        date = shifted.right
      }
      const at = instantOf(rules, (Civil.parse(date) ?? day) * Civil.dayMs + time, rule.dst)
      if (at >= to) return Either.right(out)
      if (at >= from && out.length < limit) out.push({ date, at })
    }
    if (rule.count !== undefined && produced >= rule.count) return Either.right(out)
  }
  return Either.right(out)
}
