/**
 * Retention schedules, their precedence and legal holds (ARC-4): how long each
 * record type is kept, what happens when that time is up, which schedule governs
 * when several apply, and the legal holds that block disposal until released.
 *
 * Everything is data in a versioned {@link Policy}: the schedules (record type,
 * optional customer class, trigger, duration, where counting starts, action,
 * statutory minimum, legal basis, zone of the calendar-day cut-off) and the
 * precedence table, an ordered list of principles that {@link evaluateRetention}
 * follows (by default Microsoft Purview's: retention beats deletion, the longest
 * retention wins, explicit beats implicit, the shortest deletion wins). The
 * decisions are pure functions of (records, policy, holds, now): a disposal sweep
 * re-evaluates every record at the instant it runs, so a hold placed after a record
 * fell due still stops it, and releasing a hold resumes the original clock.
 *
 * @since 0.1.0
 */
import { Civil, Errors, Ids, Period, Personal, Zone } from "@clientele/core"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"

const ShortText = Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(100))

const PositiveInt = Schema.Int.pipe(Schema.positive())

/**
 * A record type a schedule or a hold names, such as `"invoice"`, `"visitReport"`
 * or `"complaint"` (free text: every package names its own).
 *
 * @example
 * ```ts
 * import { Retention } from "@clientele/archive"
 *
 * const type = Retention.RecordType.make("invoice")
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const RecordType = ShortText.pipe(Schema.annotations({ identifier: "RecordType" }))

/**
 * The name of a date on a record that can start a retention clock: `"created"`,
 * `"lastActivity"`, `"contractEnd"` or the name of any event (e.g. `"warrantyEnd"`).
 *
 * @example
 * ```ts
 * import { Retention } from "@clientele/archive"
 *
 * const name = Retention.DateName.make("warrantyEnd")
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const DateName = ShortText.pipe(Schema.annotations({ identifier: "DateName" }))

/**
 * A length of time in whole years, months and days (each optional, at least one
 * given, each at most 200 years' worth). Years and months are added first, a day
 * missing in the target month falling back to that month's last day, then days.
 *
 * @example
 * ```ts
 * import { Retention } from "@clientele/archive"
 *
 * const tenYears = Retention.Duration.make({ years: 10 })
 * const eighteenMonths = Retention.Duration.make({ years: 1, months: 6 })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Duration = Schema.Struct({
  years: Schema.optional(Schema.Int.pipe(Schema.between(0, 200))),
  months: Schema.optional(Schema.Int.pipe(Schema.between(0, 2_400))),
  days: Schema.optional(Schema.Int.pipe(Schema.between(0, 73_050))),
}).pipe(
  Schema.filter(
    (duration) =>
      duration.years !== undefined ||
      duration.months !== undefined ||
      duration.days !== undefined ||
      "a duration needs years, months or days",
  ),
  Schema.annotations({ identifier: "RetentionDuration" }),
)

/**
 * The type of a {@link Duration}.
 *
 * @example
 * ```ts
 * import type { Retention } from "@clientele/archive"
 *
 * const sixMonths: Retention.Duration = { months: 6 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Duration = typeof Duration.Type

/**
 * What starts a schedule's clock: the record's creation, its last activity, the end
 * of the customer's contract, or a named event date on the record.
 *
 * @example
 * ```ts
 * import { Retention } from "@clientele/archive"
 *
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(Retention.Trigger)({ kind: "created" }) // true
 * Schema.is(Retention.Trigger)({ kind: "event", event: "warrantyEnd" }) // true
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Trigger = Schema.Union(
  Schema.Struct({ kind: Schema.Literal("created", "lastActivity", "contractEnd") }),
  Schema.Struct({ kind: Schema.Literal("event"), event: DateName }),
).annotations({ identifier: "RetentionTrigger" })

/**
 * The type of a {@link Trigger}.
 *
 * @example
 * ```ts
 * import type { Retention } from "@clientele/archive"
 *
 * const trigger: Retention.Trigger = { kind: "contractEnd" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Trigger = typeof Trigger.Type

/**
 * The name of the record date a trigger reads: its kind, or for an event its name.
 *
 * @example
 * ```ts
 * import { Retention } from "@clientele/archive"
 *
 * Retention.triggerDateName({ kind: "event", event: "warrantyEnd" }) // "warrantyEnd"
 * Retention.triggerDateName({ kind: "created" }) // "created"
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const triggerDateName = (trigger: Trigger): string =>
  trigger.kind === "event" ? trigger.event : trigger.kind

/**
 * How finely an anonymised record keeps its dates: the first instant of their day,
 * month or year.
 *
 * @example
 * ```ts
 * import { Retention } from "@clientele/archive"
 *
 * Retention.DateGrain.literals // ["day", "month", "year"]
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const DateGrain = Schema.Literal("day", "month", "year")

/**
 * The type of a {@link DateGrain}.
 *
 * @example
 * ```ts
 * import type { Retention } from "@clientele/archive"
 *
 * const books: Retention.DateGrain = "month"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type DateGrain = typeof DateGrain.Type

/**
 * An instant moved to the first instant of its day, month or year in a zone (see
 * {@link DateGrain}).
 *
 * @example
 * ```ts
 * import { Retention } from "@clientele/archive"
 *
 * Retention.coarsenInstant(Date.UTC(2024, 4, 2, 14, 37), "month", "Europe/Berlin") === Date.UTC(2024, 3, 30, 22) // true: 1 May 00:00 in Berlin
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const coarsenInstant = (instant: number, grain: DateGrain, zone: string): number => {
  const day = Zone.localDayOf(zone, instant)
  if (grain === "day") return Zone.firstInstantOfDay(zone, day)
  const { year, month } = Civil.fieldsOf(day)
  return Zone.firstInstantOfDay(zone, Civil.dayNumberOf(year, grain === "month" ? month : 1, 1))
}

/**
 * What happens when a schedule's time is up: delete the record, anonymise its
 * personal data (aggregates stay), or put it to a person for review.
 *
 * @example
 * ```ts
 * import { Retention } from "@clientele/archive"
 *
 * Retention.Action.literals // ["delete", "anonymise", "review"]
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Action = Schema.Literal("delete", "anonymise", "review")

/**
 * The type of an {@link Action}.
 *
 * @example
 * ```ts
 * import type { Retention } from "@clientele/archive"
 *
 * const action: Retention.Action = "anonymise"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Action = typeof Action.Type

/**
 * Where a schedule starts counting: from the trigger date itself, or from the end of
 * the trigger date's calendar year (common in tax and commercial law).
 *
 * @example
 * ```ts
 * import { Retention } from "@clientele/archive"
 *
 * Retention.CountFrom.literals // ["triggerDate", "endOfCalendarYear"]
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const CountFrom = Schema.Literal("triggerDate", "endOfCalendarYear")

/**
 * The type of a {@link CountFrom}.
 *
 * @example
 * ```ts
 * import type { Retention } from "@clientele/archive"
 *
 * const taxStyle: Retention.CountFrom = "endOfCalendarYear"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type CountFrom = typeof CountFrom.Type

// --- Time arithmetic on day numbers ------------------------------------------------

const totalMonthsOf = (duration: Duration): number =>
  (duration.years ?? 0) * 12 + (duration.months ?? 0)

/** The day that ends a period of `duration` counted from `fromDay` (that day itself not counted). */
const lastDayOf = (fromDay: number, duration: Duration): number => {
  const start = Civil.fieldsOf(fromDay)
  const monthIndex = start.year * 12 + (start.month - 1) + totalMonthsOf(duration)
  const year = Math.floor(monthIndex / 12)
  const month = monthIndex - year * 12 + 1
  const day = Math.min(start.day, Civil.daysInMonth(year, month))
  return Civil.dayNumberOf(year, month, day) + (duration.days ?? 0)
}

const countingStart = (triggerDay: number, countFrom: CountFrom): number =>
  countFrom === "triggerDate"
    ? triggerDay
    : Civil.dayNumberOf(Civil.fieldsOf(triggerDay).year, 12, 31)

/**
 * Anchors spanning 2096–2103 cover every day of the month, both leap-year phases
 * and a century year that is not a leap year: any difference two durations can show
 * in how they end shows up from one of them.
 */
const ANCHOR_FIRST = Civil.dayNumberOf(2096, 1, 1)
const ANCHOR_LAST = Civil.dayNumberOf(2103, 12, 31)

/** A counting start from which `duration` ends before `minimum`, or undefined. */
const shorterFrom = (
  duration: Duration,
  minimum: Duration,
  countFrom: CountFrom,
): number | undefined => {
  const months = totalMonthsOf(duration)
  const minimumMonths = totalMonthsOf(minimum)
  const days = duration.days ?? 0
  const minimumDays = minimum.days ?? 0
  // Adding months is monotone and days add exactly, so these cases hold for every start.
  if (months >= minimumMonths && days >= minimumDays) return undefined
  if (months <= minimumMonths && days <= minimumDays) return countingStart(ANCHOR_FIRST, countFrom)
  for (let day = ANCHOR_FIRST; day <= ANCHOR_LAST; day++) {
    const start = countingStart(day, countFrom)
    if (lastDayOf(start, duration) < lastDayOf(start, minimum)) return start
  }
  return undefined
}

const plural = (count: number, unit: string): string => `${count} ${unit}${count === 1 ? "" : "s"}`

/**
 * A duration in words, such as `"10 years"` or `"1 year 6 months"`.
 *
 * @example
 * ```ts
 * import { Retention } from "@clientele/archive"
 *
 * Retention.showDuration({ years: 1, months: 6 }) // "1 year 6 months"
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export const showDuration = (duration: Duration): string => {
  const parts: Array<string> = []
  if (duration.years !== undefined && duration.years > 0) parts.push(plural(duration.years, "year"))
  if (duration.months !== undefined && duration.months > 0)
    parts.push(plural(duration.months, "month"))
  if (duration.days !== undefined && duration.days > 0) parts.push(plural(duration.days, "day"))
  return parts.length === 0 ? "0 days" : parts.join(" ")
}

/**
 * One retention schedule (ARC-4). `kind` says what the schedule is for, as in
 * Purview: a `retention` obliges keeping the record for `retainFor` (a tax or
 * commercial duty) and then applies `action`; a `deletion` only limits how long the
 * record may be kept (storage limitation) and applies `action` after `retainFor`.
 * The clock starts at the record's `trigger` date read in `zone`, counted from that
 * day (`countFrom: "triggerDate"`) or from the end of its calendar year
 * (`"endOfCalendarYear"`, common in tax law). `customerClass` narrows the schedule
 * to one class (SEG-1), which makes it explicit for the precedence table.
 * `minimumByLaw` is the statutory floor: `retainFor` may not be shorter, and no
 * schedule of the record may dispose of it before that floor. `legalBasis` is free
 * text shown in every explanation. `coarsenDates` (`"day"`, `"month"` or `"year"`)
 * makes an anonymisation under this schedule — its own action, or an erasure it keeps
 * the record for — also move every date of the record (every `Period.Instant` field)
 * to the first instant of its day, month or year in `zone`: what the books need, and
 * no finer, so that a timestamp does not single the person out again.
 *
 * @remarks
 * Days are counted as civil law counts periods (e.g. BGB §§ 187(1), 188): the
 * trigger day itself is not counted, the period ends at the end of the day with the
 * same number (the month's last day when that number does not exist: 29 February
 * plus one year ends on 28 February), and disposal is due from the start of the
 * next day in the schedule's zone.
 *
 * @example
 * ```ts
 * import { Retention } from "@clientele/archive"
 * import { Period } from "@clientele/core"
 *
 * const invoices = Retention.Schedule.make({
 *   id: "invoice-tax",
 *   recordType: "invoice",
 *   kind: "retention",
 *   trigger: { kind: "created" },
 *   retainFor: { years: 10 },
 *   countFrom: "endOfCalendarYear",
 *   action: "anonymise",
 *   minimumByLaw: { years: 10 },
 *   legalBasis: "AO § 147 / HGB § 257",
 *   zone: Period.TimeZone.make("Europe/Berlin"),
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Schedule = Schema.Struct({
  id: Ids.IdString,
  recordType: RecordType,
  customerClass: Schema.optional(ShortText),
  kind: Schema.Literal("retention", "deletion"),
  trigger: Trigger,
  retainFor: Duration,
  countFrom: CountFrom,
  action: Action,
  minimumByLaw: Schema.optional(Duration),
  legalBasis: Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(500)),
  zone: Period.TimeZone,
  coarsenDates: Schema.optional(DateGrain),
}).pipe(
  Schema.filter((schedule) => {
    const minimum = schedule.minimumByLaw
    if (minimum === undefined) return undefined
    const counterexample = shorterFrom(schedule.retainFor, minimum, schedule.countFrom)
    return counterexample === undefined
      ? undefined
      : {
          path: ["retainFor"],
          message: `retainFor (${showDuration(schedule.retainFor)}) is shorter than minimumByLaw (${showDuration(minimum)}) of ${schedule.legalBasis}, e.g. from ${Civil.format(counterexample)} (ARC-4)`,
        }
  }),
  Schema.annotations({ identifier: "RetentionSchedule" }),
)

/**
 * The type of a {@link Schedule}.
 *
 * @example
 * ```ts
 * import { Retention } from "@clientele/archive"
 * import { Period } from "@clientele/core"
 *
 * const leads: Retention.Schedule = {
 *   id: "lead-cleanup",
 *   recordType: "lead",
 *   kind: "deletion",
 *   trigger: { kind: "lastActivity" },
 *   retainFor: { years: 3 },
 *   countFrom: "triggerDate",
 *   action: "delete",
 *   legalBasis: "GDPR Art. 5(1)(e)",
 *   zone: Period.TimeZone.make("UTC"),
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Schedule = typeof Schedule.Type

/**
 * One principle of the precedence table, after Purview's:
 * - `retentionBeatsDeletion`: while a retention applies, deletions are set aside;
 * - `longestRetentionWins`: among retentions, only those ending last stay;
 * - `explicitBeatsImplicit`: only the most specific schedules stay (one naming the
 *   record's customer class is explicit, one for the whole record type implicit);
 * - `shortestDeletionWins`: among deletions, only those ending first stay.
 *
 * @example
 * ```ts
 * import { Retention } from "@clientele/archive"
 *
 * Retention.Principle.literals.length // 4
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Principle = Schema.Literal(
  "retentionBeatsDeletion",
  "longestRetentionWins",
  "explicitBeatsImplicit",
  "shortestDeletionWins",
)

/**
 * The type of a {@link Principle}.
 *
 * @example
 * ```ts
 * import type { Retention } from "@clientele/archive"
 *
 * const principle: Retention.Principle = "longestRetentionWins"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Principle = typeof Principle.Type

/**
 * Purview's precedence, the default table: retention beats deletion, the longest
 * retention wins, explicit beats implicit, the shortest deletion wins.
 *
 * @example
 * ```ts
 * import { Retention } from "@clientele/archive"
 *
 * Retention.purviewPrecedence[0] // "retentionBeatsDeletion"
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const purviewPrecedence: readonly [Principle, ...Array<Principle>] = [
  "retentionBeatsDeletion",
  "longestRetentionWins",
  "explicitBeatsImplicit",
  "shortestDeletionWins",
]

/**
 * A role that may release legal holds (e.g. `"legal"`).
 *
 * @example
 * ```ts
 * import { Retention } from "@clientele/archive"
 *
 * const role = Retention.Role.make("legal")
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Role = ShortText.pipe(Schema.annotations({ identifier: "Role" }))

/**
 * A versioned retention policy (ARC-4): the schedules (unique ids), the precedence
 * table (each principle at most once, applied in order; default
 * {@link purviewPrecedence}) and the roles authorised to release legal holds
 * (default `["legal"]`).
 *
 * @remarks
 * When the table leaves several schedules standing, the one listed first in
 * `schedules` governs, so the order of the schedules is data too.
 *
 * @example
 * ```ts
 * import { Retention } from "@clientele/archive"
 * import * as Either from "effect/Either"
 *
 * const policy = Retention.makePolicy({
 *   version: 1,
 *   schedules: [
 *     {
 *       id: "lead-cleanup",
 *       recordType: "lead",
 *       kind: "deletion",
 *       trigger: { kind: "lastActivity" },
 *       retainFor: { years: 3 },
 *       countFrom: "triggerDate",
 *       action: "delete",
 *       legalBasis: "GDPR Art. 5(1)(e)",
 *       zone: "Europe/Berlin",
 *     },
 *   ],
 * })
 * Either.isRight(policy) // true
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Policy = Schema.Struct({
  version: PositiveInt,
  schedules: Schema.Array(Schedule),
  precedence: Schema.optionalWith(Schema.NonEmptyArray(Principle), {
    default: () => [...purviewPrecedence],
  }),
  holdReleaseRoles: Schema.optionalWith(Schema.NonEmptyArray(Role), {
    default: () => ["legal"],
  }),
}).pipe(
  Schema.filter((policy) => {
    const issues: Array<Schema.FilterIssue> = []
    const seen = new Set<string>()
    policy.schedules.forEach((schedule, index) => {
      if (seen.has(schedule.id))
        issues.push({
          path: ["schedules", index, "id"],
          message: `schedule id ${schedule.id} appears twice (ARC-4)`,
        })
      seen.add(schedule.id)
    })
    const principles = new Set<string>()
    policy.precedence.forEach((principle, index) => {
      if (principles.has(principle))
        issues.push({
          path: ["precedence", index],
          message: `${principle} appears twice in the precedence table (ARC-4)`,
        })
      principles.add(principle)
    })
    return issues
  }),
  Schema.annotations({ identifier: "RetentionPolicy" }),
)

/**
 * The type of a {@link Policy} (precedence and release roles filled in).
 *
 * @example
 * ```ts
 * import { Retention } from "@clientele/archive"
 *
 * const empty: Retention.Policy = {
 *   version: 1,
 *   schedules: [],
 *   precedence: [...Retention.purviewPrecedence],
 *   holdReleaseRoles: ["legal"],
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Policy = typeof Policy.Type

/**
 * Decodes a retention policy from untrusted input, filling in the default
 * precedence and release roles; a `ValidationError` names every failing path (such
 * as `schedules.2.retainFor` when it is shorter than that schedule's minimumByLaw).
 *
 * @example
 * ```ts
 * import { Retention } from "@clientele/archive"
 * import * as Either from "effect/Either"
 *
 * const result = Retention.makePolicy({ version: 1, schedules: [], precedence: [] })
 * Either.isLeft(result) // true: an empty precedence table
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const makePolicy = (input: unknown): Either.Either<Policy, Errors.ValidationError> =>
  Errors.decodeEither(Policy)(input)

/**
 * A date on a record: an instant (UTC epoch ms, read as a civil day in each
 * schedule's zone) or a civil date `YYYY-MM-DD` (taken as it is, in every zone).
 *
 * @example
 * ```ts
 * import { Retention } from "@clientele/archive"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(Retention.RecordDate)("2024-12-31") // true
 * Schema.is(Retention.RecordDate)(Date.UTC(2024, 11, 31)) // true
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const RecordDate = Schema.Union(Period.Instant, Period.CivilDate)

/**
 * The type of a {@link RecordDate}.
 *
 * @example
 * ```ts
 * import type { Retention } from "@clientele/archive"
 *
 * const created: Retention.RecordDate = Date.UTC(2024, 0, 15)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type RecordDate = typeof RecordDate.Type

/**
 * What a sweep has done to a record already: the action carried out and when.
 * Records already disposed of are passed with it (or left out), which is what
 * makes a second sweep a no-op.
 *
 * @example
 * ```ts
 * import { Retention } from "@clientele/archive"
 *
 * const done = Retention.Disposition.make({ action: "anonymise", at: Date.UTC(2035, 0, 2) })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Disposition = Schema.Struct({ action: Action, at: Period.Instant })

/**
 * The type of a {@link Disposition}.
 *
 * @example
 * ```ts
 * import type { Retention } from "@clientele/archive"
 *
 * const done: Retention.Disposition = { action: "delete", at: Date.UTC(2030, 0, 1) }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Disposition = typeof Disposition.Type

/**
 * The facts about one record that retention decides on: its id and type, the ids
 * of the people it is about, the customer's class, its dates by name (the names
 * triggers read) and, once disposed of, its disposition.
 *
 * @example
 * ```ts
 * import { Retention } from "@clientele/archive"
 *
 * const invoice = Retention.RecordFacts.make({
 *   id: "inv_1",
 *   type: "invoice",
 *   subjectIds: ["cus_42"],
 *   customerClass: "A",
 *   dates: { created: Date.UTC(2024, 4, 3) },
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const RecordFacts = Schema.Struct({
  id: Ids.IdString,
  type: RecordType,
  subjectIds: Schema.Array(Ids.IdString),
  customerClass: Schema.optional(ShortText),
  dates: Schema.Record({ key: DateName, value: RecordDate }),
  disposition: Schema.optional(Disposition),
}).annotations({ identifier: "RetentionRecordFacts" })

/**
 * The type of {@link RecordFacts}.
 *
 * @example
 * ```ts
 * import type { Retention } from "@clientele/archive"
 *
 * const lead: Retention.RecordFacts = { id: "lead_1", type: "lead", subjectIds: [], dates: {} }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type RecordFacts = typeof RecordFacts.Type

/** `Schema.NonEmptyTrimmedString` of at most 100 characters, the schema's checks by hand. */
const isShortText = (value: unknown): value is string =>
  typeof value === "string" && value.length >= 1 && value.length <= 100 && value === value.trim()

/** An object that is not an array, as a schema struct or record requires. */
const isObject = (value: unknown): value is { readonly [key: string]: unknown } =>
  typeof value === "object" && value !== null && !Array.isArray(value)

const isRecordDate = (value: unknown): boolean =>
  Period.isInstant(value) || (typeof value === "string" && Civil.parse(value) !== undefined)

/**
 * Whether a value is valid {@link RecordFacts}, checked by hand: the same answer as
 * `Schema.is(RecordFacts)`, for loops over millions of records (a sweep checks
 * every record with it). As the schema does, it wants the required fields as own
 * properties, reads optional ones only when present (`undefined` allowed), and
 * checks only the dates whose names are valid date names.
 *
 * @example
 * ```ts
 * import { Retention } from "@clientele/archive"
 *
 * Retention.isRecordFacts({ id: "inv_1", type: "invoice", subjectIds: [], dates: { created: "2024-05-03" } }) // true
 * Retention.isRecordFacts({ id: "inv_1", type: "invoice", subjectIds: [], dates: { created: "2024-02-30" } }) // false
 * ```
 *
 * @since 0.1.0
 * @category predicates
 */
export const isRecordFacts = (value: unknown): value is RecordFacts => {
  if (
    !isObject(value) ||
    !Object.hasOwn(value, "id") ||
    !Object.hasOwn(value, "type") ||
    !Object.hasOwn(value, "subjectIds") ||
    !Object.hasOwn(value, "dates")
  )
    return false
  if (!Ids.isIdString(value.id) || !isShortText(value.type)) return false
  const subjectIds = value.subjectIds
  if (!Array.isArray(subjectIds)) return false
  for (let index = 0; index < subjectIds.length; index++)
    if (!Ids.isIdString(subjectIds[index])) return false
  if (
    Object.hasOwn(value, "customerClass") &&
    value.customerClass !== undefined &&
    !isShortText(value.customerClass)
  )
    return false
  const dates = value.dates
  if (!isObject(dates)) return false
  // The schema skips keys that are not date names rather than refusing them.
  for (const name of Object.keys(dates))
    if (isShortText(name) && !isRecordDate(dates[name])) return false
  if (Object.hasOwn(value, "disposition") && value.disposition !== undefined) {
    const disposition = value.disposition
    if (
      !isObject(disposition) ||
      !Object.hasOwn(disposition, "action") ||
      !Object.hasOwn(disposition, "at") ||
      !(
        disposition.action === "delete" ||
        disposition.action === "anonymise" ||
        disposition.action === "review"
      ) ||
      !Period.isInstant(disposition.at)
    )
      return false
  }
  return true
}

/**
 * What a legal hold covers: the records of given subjects, of given record types,
 * or given records. Every dimension that is listed must match (a hold on subject
 * `cus_1` and type `invoice` covers that customer's invoices only); at least one
 * dimension must list something, so no hold covers everything by accident.
 *
 * @example
 * ```ts
 * import { Retention } from "@clientele/archive"
 *
 * const scope = Retention.HoldScope.make({ subjectIds: ["cus_42"], recordTypes: ["invoice"] })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const HoldScope = Schema.Struct({
  subjectIds: Schema.optional(Schema.Array(Ids.IdString)),
  recordTypes: Schema.optional(Schema.Array(RecordType)),
  recordIds: Schema.optional(Schema.Array(Ids.IdString)),
}).pipe(
  Schema.filter(
    (scope) =>
      (scope.subjectIds?.length ?? 0) +
        (scope.recordTypes?.length ?? 0) +
        (scope.recordIds?.length ?? 0) >
        0 || "a hold must name subjects, record types or records",
  ),
  Schema.annotations({ identifier: "HoldScope" }),
)

/**
 * The type of a {@link HoldScope}.
 *
 * @example
 * ```ts
 * import type { Retention } from "@clientele/archive"
 *
 * const scope: Retention.HoldScope = { recordIds: ["inv_1", "inv_2"] }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type HoldScope = typeof HoldScope.Type

/**
 * A legal hold (GDPR Art. 17(3)(e)): while active it blocks deletion,
 * anonymisation, review and erasure of every record in its scope. `mode` follows S3
 * Object Lock: a `governance` hold may be released at any time by an authorised
 * role; a `compliance` hold cannot be released by anyone before `until` (which it
 * therefore requires). A hold is active from `placedAt` until `releasedAt`; it never
 * lapses on its own, not even after `until`. `reason` is free text about people and
 * is marked personal.
 *
 * @example
 * ```ts
 * import { Retention } from "@clientele/archive"
 * import { Ids } from "@clientele/core"
 *
 * const hold = Retention.LegalHold.make({
 *   id: "hold_1",
 *   scope: { subjectIds: ["cus_42"] },
 *   reason: "dispute over the 2024 delivery",
 *   placedBy: Ids.StaffId.make("counsel-1"),
 *   placedAt: Date.UTC(2025, 0, 10),
 *   mode: "governance",
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const LegalHold = Schema.Struct({
  id: Ids.IdString,
  scope: HoldScope,
  reason: Personal.personal(Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(2_000))),
  placedBy: Ids.StaffId,
  placedAt: Period.Instant,
  mode: Schema.Literal("governance", "compliance"),
  until: Schema.optional(Period.Instant),
  releasedBy: Schema.optional(Ids.StaffId),
  releasedAt: Schema.optional(Period.Instant),
}).pipe(
  Schema.filter((hold) => {
    const issues: Array<Schema.FilterIssue> = []
    if (hold.mode === "compliance" && hold.until === undefined)
      issues.push({ path: ["until"], message: "a compliance hold needs the date it locks until" })
    if (hold.until !== undefined && hold.until <= hold.placedAt)
      issues.push({ path: ["until"], message: "until must be after placedAt" })
    if ((hold.releasedAt === undefined) !== (hold.releasedBy === undefined))
      issues.push({
        path: [hold.releasedAt === undefined ? "releasedAt" : "releasedBy"],
        message: "a released hold needs both releasedBy and releasedAt",
      })
    if (hold.releasedAt !== undefined && hold.releasedAt < hold.placedAt)
      issues.push({
        path: ["releasedAt"],
        message: "a hold cannot be released before it is placed",
      })
    if (
      hold.mode === "compliance" &&
      hold.until !== undefined &&
      hold.releasedAt !== undefined &&
      hold.releasedAt < hold.until
    )
      issues.push({
        path: ["releasedAt"],
        message: "a compliance hold cannot be released before its until",
      })
    return issues
  }),
  Schema.annotations({ identifier: "LegalHold" }),
)

/**
 * The type of a {@link LegalHold}.
 *
 * @example
 * ```ts
 * import type { Retention } from "@clientele/archive"
 * import { Ids } from "@clientele/core"
 *
 * const hold: Retention.LegalHold = {
 *   id: "hold_2",
 *   scope: { recordTypes: ["invoice"] },
 *   reason: "tax audit 2025",
 *   placedBy: Ids.StaffId.make("counsel-1"),
 *   placedAt: Date.UTC(2025, 0, 10),
 *   mode: "compliance",
 *   until: Date.UTC(2026, 0, 10),
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type LegalHold = typeof LegalHold.Type

/**
 * Whether a hold is active at an instant: placed at or before it and not yet
 * released.
 *
 * @example
 * ```ts
 * import { Retention } from "@clientele/archive"
 * import { Ids } from "@clientele/core"
 *
 * const hold: Retention.LegalHold = {
 *   id: "hold_1",
 *   scope: { recordIds: ["inv_1"] },
 *   reason: "claim",
 *   placedBy: Ids.StaffId.make("counsel-1"),
 *   placedAt: 1_000,
 *   mode: "governance",
 *   releasedBy: Ids.StaffId.make("counsel-1"),
 *   releasedAt: 5_000,
 * }
 * Retention.isHoldActive(hold, 4_999) // true
 * Retention.isHoldActive(hold, 5_000) // false
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const isHoldActive = (hold: LegalHold, now: number): boolean =>
  hold.placedAt <= now && (hold.releasedAt === undefined || hold.releasedAt > now)

/**
 * Whether a hold's scope covers a record (every listed dimension matches).
 *
 * @example
 * ```ts
 * import { Retention } from "@clientele/archive"
 * import { Ids } from "@clientele/core"
 *
 * const hold: Retention.LegalHold = {
 *   id: "hold_1",
 *   scope: { recordTypes: ["invoice"] },
 *   reason: "tax audit",
 *   placedBy: Ids.StaffId.make("counsel-1"),
 *   placedAt: 0,
 *   mode: "governance",
 * }
 * Retention.holdCovers(hold, { id: "inv_1", type: "invoice", subjectIds: [], dates: {} }) // true
 * Retention.holdCovers(hold, { id: "ord_1", type: "order", subjectIds: [], dates: {} }) // false
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const holdCovers = (hold: LegalHold, record: RecordFacts): boolean => {
  const { subjectIds, recordTypes, recordIds } = hold.scope
  if (subjectIds !== undefined && subjectIds.length > 0) {
    let any = false
    for (const subject of record.subjectIds) if (subjectIds.includes(subject)) any = true
    if (!any) return false
  }
  if (recordTypes !== undefined && recordTypes.length > 0 && !recordTypes.includes(record.type))
    return false
  if (recordIds !== undefined && recordIds.length > 0 && !recordIds.includes(record.id))
    return false
  return true
}

/**
 * A request to release a legal hold: who releases it, when, and the roles that
 * person holds.
 *
 * @example
 * ```ts
 * import { Retention } from "@clientele/archive"
 * import { Ids } from "@clientele/core"
 *
 * const request = Retention.ReleaseRequest.make({
 *   by: Ids.StaffId.make("counsel-1"),
 *   at: Date.UTC(2025, 5, 1),
 *   roles: ["legal"],
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ReleaseRequest = Schema.Struct({
  by: Ids.StaffId,
  at: Period.Instant,
  roles: Schema.Array(Role),
})

/**
 * The type of a {@link ReleaseRequest}.
 *
 * @example
 * ```ts
 * import type { Retention } from "@clientele/archive"
 * import { Ids } from "@clientele/core"
 *
 * const request: Retention.ReleaseRequest = { by: Ids.StaffId.make("agent-7"), at: 0, roles: [] }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type ReleaseRequest = typeof ReleaseRequest.Type

/**
 * A legal hold could not be released: `reason` says why — `alreadyReleased`,
 * `beforePlacement` (the release predates the hold), `complianceLocked` (a
 * compliance hold before its `until`: nobody may release it) or `notAuthorised`
 * (the person holds none of the policy's `holdReleaseRoles`).
 *
 * @example
 * ```ts
 * import { Retention } from "@clientele/archive"
 *
 * const error = new Retention.HoldReleaseError({
 *   holdId: "hold_1",
 *   reason: "complianceLocked",
 *   message: "compliance hold hold_1 is locked until 2026-01-10T00:00:00.000Z",
 * })
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class HoldReleaseError extends Schema.TaggedError<HoldReleaseError>(
  "@clientele/archive/HoldReleaseError",
)("HoldReleaseError", {
  holdId: Schema.String,
  reason: Schema.Literal("alreadyReleased", "beforePlacement", "complianceLocked", "notAuthorised"),
  message: Schema.String,
}) {}

const iso = (instant: number): string => new Date(instant).toISOString()

/**
 * Releases a legal hold (ARC-4). A governance hold may be released at any time by
 * someone holding one of the policy's `holdReleaseRoles`; a compliance hold by such
 * a person only from its `until` on. Releasing never restarts a retention clock:
 * disposal resumes on the dates the schedules gave before the hold.
 *
 * @example
 * ```ts
 * import { Retention } from "@clientele/archive"
 * import { Ids } from "@clientele/core"
 * import * as Either from "effect/Either"
 *
 * const policy = Either.getOrThrow(Retention.makePolicy({ version: 1, schedules: [] }))
 * const hold: Retention.LegalHold = {
 *   id: "hold_1",
 *   scope: { subjectIds: ["cus_42"] },
 *   reason: "dispute",
 *   placedBy: Ids.StaffId.make("counsel-1"),
 *   placedAt: Date.UTC(2025, 0, 10),
 *   mode: "governance",
 * }
 * const released = Retention.releaseHold(hold, {
 *   by: Ids.StaffId.make("counsel-2"),
 *   at: Date.UTC(2025, 2, 1),
 *   roles: ["legal"],
 * }, policy) // Right({ ...hold, releasedBy: "counsel-2", releasedAt: … })
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const releaseHold = (
  hold: LegalHold,
  request: ReleaseRequest,
  policy: Policy,
): Either.Either<LegalHold, Errors.ValidationError | HoldReleaseError> => {
  const valid = Schema.validateEither(
    Schema.Struct({ hold: LegalHold, request: ReleaseRequest, policy: Policy }),
    { errors: "all" },
  )({ hold, request, policy })
  if (Either.isLeft(valid)) return Either.left(Errors.ValidationError.fromParseError(valid.left))
  const refuse = (reason: HoldReleaseError["reason"], message: string) =>
    Either.left(new HoldReleaseError({ holdId: hold.id, reason, message: `${message} (ARC-4)` }))
  if (hold.releasedAt !== undefined)
    return refuse("alreadyReleased", `hold ${hold.id} was released at ${iso(hold.releasedAt)}`)
  if (request.at < hold.placedAt)
    return refuse(
      "beforePlacement",
      `hold ${hold.id} was placed at ${iso(hold.placedAt)}, after the release at ${iso(request.at)}`,
    )
  if (hold.mode === "compliance" && hold.until !== undefined && request.at < hold.until)
    return refuse(
      "complianceLocked",
      `compliance hold ${hold.id} is locked until ${iso(hold.until)}: nobody may release it earlier`,
    )
  if (!request.roles.some((role) => policy.holdReleaseRoles.includes(role)))
    return refuse(
      "notAuthorised",
      `${request.by} holds none of the roles that may release hold ${hold.id} (${policy.holdReleaseRoles.join(", ")})`,
    )
  return Either.right({ ...hold, releasedBy: request.by, releasedAt: request.at })
}

const dayOfDate = (date: RecordDate, zone: Period.TimeZone): number =>
  // A civil date on the record was validated, so parsing it cannot fail.
  typeof date === "number" ? Zone.localDayOf(zone, date) : (Civil.parse(date) ?? Number.NaN)

/** The end of a period of `duration` from a counting start, and when disposal is due after it. */
const dueFrom = (
  schedule: Schedule,
  start: number,
  duration: Duration,
): { readonly lastRetainedDay: number; readonly dueDay: number; readonly dueAt: number } => {
  const lastRetainedDay = lastDayOf(start, duration)
  const dueDay = lastRetainedDay + 1
  return { lastRetainedDay, dueDay, dueAt: Zone.firstInstantOfDay(schedule.zone, dueDay) }
}

/**
 * When a schedule makes a record due for disposal, or `undefined` while the
 * record lacks the schedule's trigger date (the clock has not started):
 * `lastRetainedDay` is the last civil day of the period, `dueDay` the next one,
 * and `dueAt` the first instant of `dueDay` in the schedule's zone. `duration`
 * defaults to the schedule's `retainFor` (pass its `minimumByLaw` for the statutory
 * floor). The schedule is taken as valid: decode it with {@link Schedule} first.
 *
 * @example
 * ```ts
 * import { Retention } from "@clientele/archive"
 * import { Civil, Period } from "@clientele/core"
 *
 * const due = Retention.dueDate(
 *   {
 *     id: "invoice-tax",
 *     recordType: "invoice",
 *     kind: "retention",
 *     trigger: { kind: "created" },
 *     retainFor: { years: 10 },
 *     countFrom: "endOfCalendarYear",
 *     action: "anonymise",
 *     legalBasis: "AO § 147",
 *     zone: Period.TimeZone.make("UTC"),
 *   },
 *   Period.CivilDate.make("2024-05-03"),
 * )
 * due !== undefined && Civil.format(due.dueDay) // "2035-01-01"
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const dueDate = (
  schedule: Schedule,
  triggerDate: RecordDate | undefined,
  duration: Duration = schedule.retainFor,
):
  | { readonly lastRetainedDay: number; readonly dueDay: number; readonly dueAt: number }
  | undefined => {
  if (triggerDate === undefined) return undefined
  return dueFrom(
    schedule,
    countingStart(dayOfDate(triggerDate, schedule.zone), schedule.countFrom),
    duration,
  )
}

// --- Evaluation ---------------------------------------------------------------------

const ScheduledFields = {
  recordId: Ids.IdString,
  policyVersion: PositiveInt,
  explanation: Schema.Array(Schema.String),
  appliedScheduleId: Ids.IdString,
  legalBasis: Schema.String,
  action: Action,
}

/**
 * The decision about one record (ARC-4), by `state`:
 * - `active`: kept; `disposalDueAt` is when the governing schedule disposes of it
 *   (absent while `awaitingTrigger` names a date the record does not have yet);
 * - `held`: an active legal hold covers it; `holdIds` name them and the due date is
 *   the one the schedules give, unchanged by the hold;
 * - `dueForDisposal`: the action is due now under the applied schedule;
 * - `disposed`: a sweep already carried out `action` at `disposedAt`;
 * - `unscheduled`: no schedule of the policy covers its type and class (kept, and a
 *   gap in the policy: ARC-4 wants a period for every record type).
 *
 * Every state carries the policy version and the human-readable steps of the
 * decision in `explanation` (no personal data: hold reasons are left out).
 *
 * @example
 * ```ts
 * import type { Retention } from "@clientele/archive"
 *
 * const state: Retention.Evaluation = {
 *   state: "unscheduled",
 *   recordId: "note_1",
 *   policyVersion: 1,
 *   explanation: ["no schedule of policy version 1 covers record type note"],
 * }
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Evaluation = Schema.Union(
  Schema.Struct({
    state: Schema.Literal("active"),
    ...ScheduledFields,
    disposalDueAt: Schema.optional(Schema.Number),
    awaitingTrigger: Schema.optional(Schema.String),
  }),
  Schema.Struct({
    state: Schema.Literal("held"),
    ...ScheduledFields,
    holdIds: Schema.NonEmptyArray(Ids.IdString),
    disposalDueAt: Schema.optional(Schema.Number),
    awaitingTrigger: Schema.optional(Schema.String),
  }),
  Schema.Struct({
    state: Schema.Literal("dueForDisposal"),
    ...ScheduledFields,
    disposalDueAt: Schema.Number,
  }),
  Schema.Struct({
    state: Schema.Literal("disposed"),
    recordId: Ids.IdString,
    policyVersion: PositiveInt,
    explanation: Schema.Array(Schema.String),
    action: Action,
    disposedAt: Period.Instant,
  }),
  Schema.Struct({
    state: Schema.Literal("unscheduled"),
    recordId: Ids.IdString,
    policyVersion: PositiveInt,
    explanation: Schema.Array(Schema.String),
    holdIds: Schema.optional(Schema.NonEmptyArray(Ids.IdString)),
  }),
).annotations({ identifier: "RetentionEvaluation" })

/**
 * The type of an {@link Evaluation}.
 *
 * @example
 * ```ts
 * import type { Retention } from "@clientele/archive"
 *
 * const isDue = (evaluation: Retention.Evaluation) => evaluation.state === "dueForDisposal"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Evaluation = typeof Evaluation.Type

interface Candidate {
  readonly schedule: Schedule
  readonly explicit: boolean
  /** Infinity while the trigger date is missing: the clock has not started. */
  readonly dueAt: number
  readonly dueDay: number | undefined
}

const describeSchedule = (schedule: Schedule): string => {
  const counting =
    schedule.countFrom === "endOfCalendarYear"
      ? `from the end of the calendar year of ${triggerDateName(schedule.trigger)}`
      : `from ${triggerDateName(schedule.trigger)}`
  const scope =
    schedule.customerClass === undefined
      ? `record type ${schedule.recordType}`
      : `record type ${schedule.recordType}, class ${schedule.customerClass}`
  return `schedule ${schedule.id} (${schedule.kind}, ${scope}: ${showDuration(schedule.retainFor)} ${counting}, then ${schedule.action}; legal basis: ${schedule.legalBasis})`
}

const describeDue = (candidate: Candidate): string =>
  candidate.dueDay === undefined
    ? `waits for the record's ${triggerDateName(candidate.schedule.trigger)} date`
    : `disposal due from ${Civil.format(candidate.dueDay)} 00:00 ${candidate.schedule.zone}`

const ids = (candidates: ReadonlyArray<Candidate>): string =>
  candidates.map((candidate) => candidate.schedule.id).join(", ")

const applyPrinciple = (
  principle: Principle,
  candidates: ReadonlyArray<Candidate>,
): ReadonlyArray<Candidate> => {
  switch (principle) {
    case "retentionBeatsDeletion": {
      const retentions = candidates.filter((candidate) => candidate.schedule.kind === "retention")
      return retentions.length > 0 ? retentions : candidates
    }
    case "longestRetentionWins": {
      let latest = Number.NEGATIVE_INFINITY
      for (const candidate of candidates)
        if (candidate.schedule.kind === "retention" && candidate.dueAt > latest)
          latest = candidate.dueAt
      return candidates.filter(
        (candidate) => candidate.schedule.kind !== "retention" || candidate.dueAt === latest,
      )
    }
    case "explicitBeatsImplicit": {
      const explicit = candidates.filter((candidate) => candidate.explicit)
      return explicit.length > 0 ? explicit : candidates
    }
    case "shortestDeletionWins": {
      let earliest = Number.POSITIVE_INFINITY
      let anyDeletion = false
      for (const candidate of candidates)
        if (candidate.schedule.kind === "deletion") {
          anyDeletion = true
          if (candidate.dueAt < earliest) earliest = candidate.dueAt
        }
      if (!anyDeletion) return candidates
      return candidates.filter(
        (candidate) => candidate.schedule.kind !== "deletion" || candidate.dueAt === earliest,
      )
    }
  }
}

/**
 * A schedule with what evaluations read from it worked out once per policy: the
 * name of its trigger date, whether it is explicit, and its due dates by counting
 * start. Records share counting starts (every date of a year counts from the same
 * 31 December, and a sweep meets each day many times), and finding the first
 * instant of a day in a zone is the costly part of a due date, so each start is
 * worked out once per duration.
 */
interface PreparedSchedule {
  readonly schedule: Schedule
  readonly explicit: boolean
  readonly dateName: string
  readonly retainForDue: Map<number, Due>
  readonly minimumDue: Map<number, Due>
}

interface Due {
  readonly dueDay: number
  readonly dueAt: number
}

interface PreparedPolicy {
  readonly policy: Policy
  /** The schedules of each record type, in policy order (the order breaks ties). */
  readonly byType: ReadonlyMap<string, ReadonlyArray<PreparedSchedule>>
}

const preparePolicy = (policy: Policy): PreparedPolicy => {
  const byType = new Map<string, Array<PreparedSchedule>>()
  for (const schedule of policy.schedules) {
    const prepared: PreparedSchedule = {
      schedule,
      explicit: schedule.customerClass !== undefined,
      dateName: triggerDateName(schedule.trigger),
      retainForDue: new Map(),
      minimumDue: new Map(),
    }
    const sameType = byType.get(schedule.recordType)
    if (sameType === undefined) byType.set(schedule.recordType, [prepared])
    else sameType.push(prepared)
  }
  return { policy, byType }
}

/** {@link dueDate} of a prepared schedule, remembered by counting start in `cache` (one per duration). */
const cachedDue = (
  prepared: PreparedSchedule,
  cache: Map<number, Due>,
  duration: Duration,
  triggerDate: RecordDate | undefined,
): Due | undefined => {
  if (triggerDate === undefined) return undefined
  const { schedule } = prepared
  const start = countingStart(dayOfDate(triggerDate, schedule.zone), schedule.countFrom)
  let due = cache.get(start)
  if (due === undefined) {
    due = dueFrom(schedule, start, duration)
    cache.set(start, due)
  }
  return due
}

/**
 * Where a record stands, before {@link evaluateRetention} turns it into an
 * {@link Evaluation} and {@link sweepPlan} into a disposal or a skipped record.
 * `dueAt` is absent while the clock waits for `awaitingTrigger`.
 */
type Decision =
  | { readonly state: "disposed"; readonly disposition: Disposition }
  | { readonly state: "unscheduled"; readonly holdIds: ReadonlyArray<string> }
  | {
      readonly state: "held" | "dueForDisposal" | "active"
      readonly governing: Schedule
      readonly holdIds: ReadonlyArray<string>
      readonly dueAt: number | undefined
      readonly awaitingTrigger: string | undefined
    }

/**
 * The decision about one valid record (ARC-4), the one rule both
 * {@link evaluateRetention} and {@link sweepPlan} follow. `coveringHolds` gives the
 * ids of the active holds covering the record, in the order of the holds (a sweep
 * looks them up in an index). The steps are written to `explanation` when one is
 * given; a sweep passes none, and `explanation?.push(…)` then builds no string.
 */
const decide = (
  record: RecordFacts,
  prepared: PreparedPolicy,
  coveringHolds: (record: RecordFacts) => ReadonlyArray<string>,
  now: number,
  explanation: Array<string> | undefined,
): Decision => {
  const { policy } = prepared
  if (record.disposition !== undefined) {
    explanation?.push(
      `record ${record.id} was already disposed of (${record.disposition.action} at ${iso(record.disposition.at)}): nothing more to do`,
    )
    return { state: "disposed", disposition: record.disposition }
  }

  const holdIds = coveringHolds(record)

  const candidates: Array<Candidate> = []
  let floorAt = Number.NEGATIVE_INFINITY
  let floorDay: number | undefined
  let floorSchedule: Schedule | undefined
  for (const entry of prepared.byType.get(record.type) ?? []) {
    const { schedule } = entry
    if (schedule.customerClass !== undefined && schedule.customerClass !== record.customerClass)
      continue
    const triggerDate = record.dates[entry.dateName]
    const due = cachedDue(entry, entry.retainForDue, schedule.retainFor, triggerDate)
    const candidate: Candidate = {
      schedule,
      explicit: entry.explicit,
      dueAt: due?.dueAt ?? Number.POSITIVE_INFINITY,
      dueDay: due?.dueDay,
    }
    candidates.push(candidate)
    explanation?.push(`${describeSchedule(schedule)} applies: ${describeDue(candidate)}`)
    if (schedule.minimumByLaw !== undefined) {
      const floor = cachedDue(entry, entry.minimumDue, schedule.minimumByLaw, triggerDate)
      const at = floor?.dueAt ?? Number.POSITIVE_INFINITY
      if (at > floorAt) {
        floorAt = at
        floorDay = floor?.dueDay
        floorSchedule = schedule
      }
    }
  }

  if (candidates.length === 0) {
    explanation?.push(
      `no schedule of policy version ${policy.version} covers record type ${record.type}${record.customerClass === undefined ? "" : ` (class ${record.customerClass})`}: the record is kept and the policy has a gap (ARC-4)`,
    )
    if (holdIds.length > 0) explanation?.push(`held by ${holdIds.join(", ")}`)
    return { state: "unscheduled", holdIds }
  }

  let remaining: ReadonlyArray<Candidate> = candidates
  policy.precedence.forEach((principle, step) => {
    if (remaining.length <= 1) return
    const kept = applyPrinciple(principle, remaining)
    if (explanation !== undefined && kept.length < remaining.length) {
      const setAside = remaining.filter((candidate) => !kept.includes(candidate))
      explanation.push(`precedence ${step + 1}, ${principle}: sets aside ${ids(setAside)}`)
    }
    remaining = kept
  })
  // `candidates` is not empty, and every principle keeps at least one candidate.
  const governing = remaining[0] ?? (candidates[0] as Candidate)
  if (remaining.length > 1)
    explanation?.push(
      `${ids(remaining)} remain after the precedence table: ${governing.schedule.id}, listed first in the policy, governs`,
    )
  explanation?.push(`${governing.schedule.id} governs: ${governing.schedule.action}`)

  let dueAt = governing.dueAt
  let dueDay = governing.dueDay
  let clockSchedule = governing.schedule
  if (floorAt > dueAt && floorSchedule !== undefined) {
    dueAt = floorAt
    dueDay = floorDay
    clockSchedule = floorSchedule
    explanation?.push(
      `the statutory minimum of ${floorSchedule.id} (${showDuration(floorSchedule.minimumByLaw ?? {})}, ${floorSchedule.legalBasis}) postpones disposal to ${floorDay === undefined ? `after the record's ${triggerDateName(floorSchedule.trigger)} date` : Civil.format(floorDay)}`,
    )
  }
  const awaitingTrigger = dueDay === undefined ? triggerDateName(clockSchedule.trigger) : undefined
  const state =
    holdIds.length > 0 ? "held" : dueDay !== undefined && dueAt <= now ? "dueForDisposal" : "active"
  if (explanation !== undefined)
    explanation.push(
      state === "held"
        ? `held by ${holdIds.join(", ")}: nothing is disposed of while a hold is active; the due date stays ${dueDay === undefined ? "open" : Civil.format(dueDay)} (ARC-4)`
        : state === "dueForDisposal"
          ? `due for disposal at ${iso(now)}: ${governing.schedule.action}`
          : dueDay === undefined
            ? `kept: the clock starts with the record's ${awaitingTrigger} date`
            : `kept until ${iso(dueAt)}`,
    )
  return {
    state,
    governing: governing.schedule,
    holdIds,
    dueAt: dueDay === undefined ? undefined : dueAt,
    awaitingTrigger,
  }
}

/** A decision as {@link evaluateRetention} reports it, with its explanation. */
const toEvaluation = (
  record: RecordFacts,
  policy: Policy,
  decision: Decision,
  explanation: ReadonlyArray<string>,
): Evaluation => {
  const base = { recordId: record.id, policyVersion: policy.version }
  if (decision.state === "disposed")
    return {
      state: "disposed",
      ...base,
      explanation,
      action: decision.disposition.action,
      disposedAt: decision.disposition.at,
    }
  const [firstHold, ...otherHolds] = decision.holdIds
  const holdIds = firstHold === undefined ? undefined : ([firstHold, ...otherHolds] as const)
  if (decision.state === "unscheduled")
    return {
      state: "unscheduled",
      ...base,
      explanation,
      ...(holdIds === undefined ? {} : { holdIds }),
    }

  const scheduled = {
    ...base,
    appliedScheduleId: decision.governing.id,
    legalBasis: decision.governing.legalBasis,
    action: decision.governing.action,
  }
  const timing = decision.dueAt === undefined ? {} : { disposalDueAt: decision.dueAt }
  const waiting =
    decision.awaitingTrigger === undefined ? {} : { awaitingTrigger: decision.awaitingTrigger }
  // A held record always has a hold and a due one always a date: the checks narrow the types.
  if (decision.state === "held" && holdIds !== undefined)
    return { state: "held", ...scheduled, explanation, holdIds, ...timing, ...waiting }
  if (decision.state === "dueForDisposal" && decision.dueAt !== undefined)
    return { state: "dueForDisposal", ...scheduled, explanation, disposalDueAt: decision.dueAt }
  return { state: "active", ...scheduled, explanation, ...timing, ...waiting }
}

/** The ids of the holds active at `now` that cover `record`, in the order of `holds`. */
const holdsCovering = (
  holds: ReadonlyArray<LegalHold>,
  record: RecordFacts,
  now: number,
): Array<string> => {
  const holdIds: Array<string> = []
  for (const hold of holds)
    if (isHoldActive(hold, now) && holdCovers(hold, record)) holdIds.push(hold.id)
  return holdIds
}

const EvaluationInput = Schema.Struct({
  record: RecordFacts,
  policy: Policy,
  holds: Schema.Array(LegalHold),
  now: Period.Instant,
})

/**
 * Decides where one record stands under a retention policy at `now` (ARC-4). The
 * schedules for its type (and its customer class, if a schedule names one) each
 * give a due date; the precedence table, principle by principle, narrows them to
 * the governing schedule (the first listed when several remain); no statutory
 * minimum of any applicable schedule may be undercut; an active hold covering the
 * record makes it `held` with the due date unchanged. Bad input gives a
 * `ValidationError` naming the path (`record.…`, `policy.…`, `holds.<i>.…`, `now`).
 *
 * @example
 * ```ts
 * import { Retention } from "@clientele/archive"
 * import { Period } from "@clientele/core"
 * import * as Either from "effect/Either"
 *
 * const policy = Either.getOrThrow(
 *   Retention.makePolicy({
 *     version: 1,
 *     schedules: [
 *       {
 *         id: "lead-cleanup",
 *         recordType: "lead",
 *         kind: "deletion",
 *         trigger: { kind: "lastActivity" },
 *         retainFor: { years: 3 },
 *         countFrom: "triggerDate",
 *         action: "delete",
 *         legalBasis: "GDPR Art. 5(1)(e)",
 *         zone: "UTC",
 *       },
 *     ],
 *   }),
 * )
 * const lead = { id: "lead_1", type: "lead", subjectIds: [], dates: { lastActivity: Period.CivilDate.make("2020-03-15") } }
 * const result = Retention.evaluateRetention(lead, policy, [], Date.UTC(2024, 0, 1))
 * // Right({ state: "dueForDisposal", action: "delete", appliedScheduleId: "lead-cleanup", … })
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const evaluateRetention = (
  record: RecordFacts,
  policy: Policy,
  holds: ReadonlyArray<LegalHold>,
  now: number,
): Either.Either<Evaluation, Errors.ValidationError> => {
  const valid = Schema.validateEither(EvaluationInput, { errors: "all" })({
    record,
    policy,
    holds,
    now,
  })
  if (Either.isLeft(valid)) return Either.left(Errors.ValidationError.fromParseError(valid.left))
  const explanation: Array<string> = []
  const decision = decide(
    record,
    preparePolicy(policy),
    (covered) => holdsCovering(holds, covered, now),
    now,
    explanation,
  )
  return Either.right(toEvaluation(record, policy, decision, explanation))
}

// --- Sweep --------------------------------------------------------------------------

/**
 * One disposal a sweep would carry out now: the record, the action, the schedule
 * and legal basis it applies, and since when it was due.
 *
 * @example
 * ```ts
 * import { Retention } from "@clientele/archive"
 *
 * const disposal = Retention.PlannedDisposal.make({
 *   recordId: "lead_1",
 *   action: "delete",
 *   scheduleId: "lead-cleanup",
 *   legalBasis: "GDPR Art. 5(1)(e)",
 *   dueAt: Date.UTC(2023, 2, 16),
 * })
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export const PlannedDisposal = Schema.Struct({
  recordId: Ids.IdString,
  action: Action,
  scheduleId: Ids.IdString,
  legalBasis: Schema.String,
  dueAt: Schema.Number,
})

/**
 * The type of a {@link PlannedDisposal}.
 *
 * @example
 * ```ts
 * import type { Retention } from "@clientele/archive"
 *
 * const byRecord = (disposals: ReadonlyArray<Retention.PlannedDisposal>) =>
 *   new Map(disposals.map((disposal) => [disposal.recordId, disposal.action]))
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export type PlannedDisposal = typeof PlannedDisposal.Type

/**
 * A record a sweep leaves alone now, and why: `held` (with the hold ids),
 * `notDue` (with its due date, absent while a trigger date is missing),
 * `noSchedule`, or `alreadyDisposed`.
 *
 * @example
 * ```ts
 * import { Retention } from "@clientele/archive"
 *
 * const skipped = Retention.SkippedRecord.make({ recordId: "inv_1", reason: "held", holdIds: ["hold_1"] })
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export const SkippedRecord = Schema.Struct({
  recordId: Ids.IdString,
  reason: Schema.Literal("held", "notDue", "noSchedule", "alreadyDisposed"),
  holdIds: Schema.optional(Schema.Array(Ids.IdString)),
  dueAt: Schema.optional(Schema.Number),
})

/**
 * The type of a {@link SkippedRecord}.
 *
 * @example
 * ```ts
 * import type { Retention } from "@clientele/archive"
 *
 * const skipped: Retention.SkippedRecord = { recordId: "note_1", reason: "noSchedule" }
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export type SkippedRecord = typeof SkippedRecord.Type

/**
 * What a disposal sweep would do at `at` under a policy version: the disposals to
 * carry out and the records skipped with the reason, in input order.
 *
 * @example
 * ```ts
 * import { Retention } from "@clientele/archive"
 *
 * const plan = Retention.SweepPlan.make({ policyVersion: 1, at: Date.UTC(2025, 0, 1), disposals: [], skipped: [] })
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export const SweepPlan = Schema.Struct({
  policyVersion: PositiveInt,
  at: Period.Instant,
  disposals: Schema.Array(PlannedDisposal),
  skipped: Schema.Array(SkippedRecord),
})

/**
 * The type of a {@link SweepPlan}.
 *
 * @example
 * ```ts
 * import type { Retention } from "@clientele/archive"
 *
 * const nothingToDo = (plan: Retention.SweepPlan) => plan.disposals.length === 0
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export type SweepPlan = typeof SweepPlan.Type

const Records = Schema.Array(RecordFacts)
const Holds = Schema.Array(LegalHold)

/**
 * Why a sweep's input is refused, or `undefined`: the issues (paths and messages)
 * that validating the whole input with the schemas gives, in the same order,
 * without taking a million valid records through the schema. Policy, holds and
 * `now` are small and go through their schemas; each record is checked with
 * {@link isRecordFacts}, and only a record it refuses goes through the schema, for
 * the schema's own issues, or none: validation, unlike `Schema.is`, also takes
 * required fields from the prototype, and such a record was always accepted.
 * Duplicate ids are looked for, as the schema's filter does, only in otherwise
 * valid input.
 */
const sweepInputError = (
  records: ReadonlyArray<RecordFacts>,
  policy: Policy,
  holds: ReadonlyArray<LegalHold>,
  now: number,
): Errors.ValidationError | undefined => {
  const issues: Array<Errors.ValidationIssue> = []
  const check = <A, I>(
    schema: Schema.Schema<A, I, never>,
    value: unknown,
    at: ReadonlyArray<string | number>,
  ) => {
    const valid = Schema.validateEither(schema, { errors: "all" })(value)
    if (Either.isLeft(valid))
      for (const issue of Errors.ValidationError.fromParseError(valid.left).issues)
        issues.push({ path: [...at, ...issue.path], message: issue.message })
  }
  if (Array.isArray(records)) {
    for (let index = 0; index < records.length; index++)
      if (!isRecordFacts(records[index])) check(RecordFacts, records[index], ["records", index])
  } else {
    check(Records, records, ["records"])
  }
  check(Policy, policy, ["policy"])
  check(Holds, holds, ["holds"])
  check(Period.Instant, now, ["now"])
  if (issues.length === 0) {
    const seen = new Set<string>()
    for (let index = 0; index < records.length; index++) {
      const id = (records[index] as RecordFacts).id
      if (seen.has(id))
        issues.push({
          path: ["records", index, "id"],
          message: `record ${id} appears twice in one sweep`,
        })
      seen.add(id)
    }
  }
  return issues.length === 0 ? undefined : Errors.ValidationError.fromIssues(issues)
}

const noHolds: ReadonlyArray<string> = []

/**
 * The active holds of a sweep, indexed once so that each record tests only the
 * holds that can cover it instead of every hold. A hold covers a record only if
 * every dimension it lists matches, so filing it under one listed dimension is
 * enough: its record ids if it lists any (the narrowest), else its subjects, else
 * its record types (a valid scope lists at least one). A record looks up its id,
 * its subjects and its type, and the holds found there are checked in full with
 * {@link holdCovers}, in the order of `holds`, each once.
 */
const indexHolds = (
  holds: ReadonlyArray<LegalHold>,
  now: number,
): ((record: RecordFacts) => ReadonlyArray<string>) => {
  const byRecord = new Map<string, Array<number>>()
  const bySubject = new Map<string, Array<number>>()
  const byType = new Map<string, Array<number>>()
  const file = (index: Map<string, Array<number>>, keys: ReadonlyArray<string>, at: number) => {
    for (const key of keys) {
      const positions = index.get(key)
      if (positions === undefined) index.set(key, [at])
      else positions.push(at)
    }
  }
  holds.forEach((hold, at) => {
    if (!isHoldActive(hold, now)) return
    const { subjectIds = [], recordTypes = [], recordIds = [] } = hold.scope
    if (recordIds.length > 0) file(byRecord, recordIds, at)
    else if (subjectIds.length > 0) file(bySubject, subjectIds, at)
    else file(byType, recordTypes, at)
  })

  // Reused from record to record: most records find no hold, and allocate nothing.
  const found: Array<number> = []
  const collect = (positions: ReadonlyArray<number> | undefined) => {
    if (positions !== undefined) for (const at of positions) found.push(at)
  }
  return (record) => {
    found.length = 0
    if (byRecord.size > 0) collect(byRecord.get(record.id))
    if (bySubject.size > 0) for (const subject of record.subjectIds) collect(bySubject.get(subject))
    if (byType.size > 0) collect(byType.get(record.type))
    if (found.length === 0) return noHolds
    // A hold filed under two of the record's subjects is found twice.
    found.sort((a, b) => a - b)
    const holdIds: Array<string> = []
    for (let i = 0; i < found.length; i++) {
      const at = found[i] as number
      if (at === found[i - 1]) continue
      const hold = holds[at] as LegalHold
      if (holdCovers(hold, record)) holdIds.push(hold.id)
    }
    return holdIds
  }
}

/**
 * What a disposal sweep would do right now (ARC-4): every record is evaluated at
 * `now` against the holds as they are now, so a hold placed after a record fell
 * due still stops it, and a record whose hold was released is due again on its
 * original date. The sweep is idempotent by construction: after carrying out a
 * disposal, pass the record with its `disposition` (or leave a deleted record out),
 * and the next sweep plans nothing new for it.
 *
 * @example
 * ```ts
 * import { Retention } from "@clientele/archive"
 * import * as Either from "effect/Either"
 *
 * const policy = Either.getOrThrow(Retention.makePolicy({ version: 1, schedules: [] }))
 * const plan = Retention.sweepPlan(
 *   [{ id: "note_1", type: "note", subjectIds: [], dates: {} }],
 *   policy,
 *   [],
 *   Date.UTC(2025, 0, 1),
 * ) // Right({ disposals: [], skipped: [{ recordId: "note_1", reason: "noSchedule" }], … })
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const sweepPlan = (
  records: ReadonlyArray<RecordFacts>,
  policy: Policy,
  holds: ReadonlyArray<LegalHold>,
  now: number,
): Either.Either<SweepPlan, Errors.ValidationError> => {
  const invalid = sweepInputError(records, policy, holds, now)
  if (invalid !== undefined) return Either.left(invalid)
  // The policy and the holds are prepared once for all records; no explanation is written.
  const prepared = preparePolicy(policy)
  const coveringHolds = indexHolds(holds, now)
  const disposals: Array<PlannedDisposal> = []
  const skipped: Array<SkippedRecord> = []
  for (const record of records) {
    const decision = decide(record, prepared, coveringHolds, now, undefined)
    switch (decision.state) {
      case "dueForDisposal":
        disposals.push({
          recordId: record.id,
          action: decision.governing.action,
          scheduleId: decision.governing.id,
          legalBasis: decision.governing.legalBasis,
          // A record is due only once its clock has started, so it has a due date.
          dueAt: decision.dueAt as number,
        })
        break
      case "held":
        skipped.push({
          recordId: record.id,
          reason: "held",
          holdIds: decision.holdIds,
          ...(decision.dueAt === undefined ? {} : { dueAt: decision.dueAt }),
        })
        break
      case "active":
        skipped.push({
          recordId: record.id,
          reason: "notDue",
          ...(decision.dueAt === undefined ? {} : { dueAt: decision.dueAt }),
        })
        break
      case "unscheduled":
        skipped.push({ recordId: record.id, reason: "noSchedule" })
        break
      case "disposed":
        skipped.push({ recordId: record.id, reason: "alreadyDisposed" })
        break
    }
  }
  return Either.right({ policyVersion: policy.version, at: now, disposals, skipped })
}
