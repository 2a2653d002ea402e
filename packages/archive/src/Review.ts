/**
 * Yearly archive reviews (ARC-2): every archive is reviewed at least once in the
 * review interval of its class (a year by default), counted on the civil calendar of
 * the policy's time zone; an archive not reviewed in time is reported overdue; and
 * each review appends what it changed (field, before, after), when and by whom, so
 * that each year's adjustments can be listed as an index.
 *
 * The review policy is versioned data: its zone, the default interval in months,
 * shorter intervals for some classes, and what "the same day" means when the due
 * month lacks it (29 February a year on, 31 August six months on).
 *
 * @since 0.1.0
 */
import { Civil, Errors, Ids, Period, Zone } from "@clientele/core"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as Archive from "./Archive.js"

/**
 * A review interval in whole months, 1 to 12.
 *
 * @remarks
 * ARC-2 asks for a review "at least once a year": twelve months is the default and
 * the ceiling, and a policy can ask some classes (or all) to be reviewed more often.
 * The ceiling also keeps every due date inside the years 0001–9999.
 *
 * @example
 * ```ts
 * import { Review } from "@clientele/archive"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(Review.Months)(6) // true
 * Schema.is(Review.Months)(18) // false
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Months = Schema.Int.pipe(
  Schema.between(1, 12, {
    message: () => "a review interval is a whole number of months from 1 to 12 (ARC-2)",
  }),
)

/**
 * What happens when the due month lacks the day a review was made on: `"lastDay"`
 * takes the month's last day (29 February 2024 + 1 year → 28 February 2025),
 * `"nextDay"` the day after it (→ 1 March 2025).
 *
 * @example
 * ```ts
 * import { Review } from "@clientele/archive"
 *
 * Review.MissingDay.literals // ["lastDay", "nextDay"]
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const MissingDay = Schema.Literal("lastDay", "nextDay")

/**
 * The type of a {@link MissingDay} setting.
 *
 * @example
 * ```ts
 * import type { Review } from "@clientele/archive"
 *
 * const leapDayRule: Review.MissingDay = "nextDay"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type MissingDay = typeof MissingDay.Type

/**
 * A class with its own review interval.
 *
 * @example
 * ```ts
 * import { Review } from "@clientele/archive"
 *
 * const major = Review.ClassInterval.make({ customerClass: "major", months: 6 })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ClassInterval = Schema.Struct({
  customerClass: Archive.CustomerClass,
  months: Months,
})

/**
 * The review policy (ARC-2), versioned: the zone whose civil calendar counts "a
 * year", the default interval in `months` (12), the `classMonths` of classes with
 * their own interval (none), and the {@link MissingDay} rule (`"lastDay"`). The
 * defaults apply to fields left out of the encoded form.
 *
 * @remarks
 * `"lastDay"` is the default because it never lets more than a year pass between two
 * reviews (a review on 29 February 2024 is due again by 28 February 2025), and
 * because it is what `java.time` and Temporal give for "one year later".
 *
 * @example
 * ```ts
 * import { Review } from "@clientele/archive"
 * import { Errors } from "@clientele/core"
 *
 * const policy = Errors.decodeEither(Review.ReviewPolicy)({
 *   version: 2025,
 *   zone: "Europe/Berlin",
 *   classMonths: [{ customerClass: "major", months: 6 }],
 * }) // Right({ months: 12, missingDay: "lastDay", … })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ReviewPolicy = Schema.Struct({
  version: Schema.Int.pipe(Schema.positive()),
  zone: Period.TimeZone,
  months: Schema.optionalWith(Months, { default: () => 12 }),
  classMonths: Schema.optionalWith(Schema.Array(ClassInterval), { default: () => [] }),
  missingDay: Schema.optionalWith(MissingDay, { default: () => "lastDay" as const }),
}).pipe(
  Schema.filter((policy) => {
    const issues: Array<Schema.FilterIssue> = []
    const seen = new Set<string>()
    policy.classMonths.forEach((entry, index) => {
      if (seen.has(entry.customerClass))
        issues.push({
          path: ["classMonths", index, "customerClass"],
          message: `the class ${entry.customerClass} has two review intervals`,
        })
      seen.add(entry.customerClass)
    })
    return issues
  }),
  Schema.annotations({ identifier: "ReviewPolicy" }),
)

/**
 * The type of a {@link ReviewPolicy}.
 *
 * @example
 * ```ts
 * import type { Review } from "@clientele/archive"
 *
 * const zoneOf = (policy: Review.ReviewPolicy) => policy.zone
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type ReviewPolicy = typeof ReviewPolicy.Type

/**
 * Builds a review policy from untrusted input and the defaults (12 months for every
 * class, `"lastDay"`), failing with a `ValidationError` that names every bad field.
 *
 * @example
 * ```ts
 * import { Review } from "@clientele/archive"
 * import * as Either from "effect/Either"
 *
 * Either.isRight(Review.makePolicy({ version: 1, zone: "UTC", missingDay: "nextDay" })) // true
 * Either.isLeft(Review.makePolicy({ version: 1, zone: "Mars/Base" })) // true: names ["zone"]
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const makePolicy = (input: unknown): Either.Either<ReviewPolicy, Errors.ValidationError> =>
  Errors.decodeEither(ReviewPolicy)(input)

/**
 * The review interval of a class under a policy: its own interval, or the default.
 *
 * @example
 * ```ts
 * import { Review } from "@clientele/archive"
 * import * as Either from "effect/Either"
 *
 * const policy = Either.getOrThrow(
 *   Review.makePolicy({ version: 1, zone: "UTC", classMonths: [{ customerClass: "major", months: 6 }] }),
 * )
 * Review.intervalFor(policy, "major") // 6
 * Review.intervalFor(policy, "general") // 12
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const intervalFor = (policy: ReviewPolicy, customerClass: string | undefined): number => {
  if (customerClass !== undefined)
    for (const entry of policy.classMonths)
      if (entry.customerClass === customerClass) return entry.months
  return policy.months
}

/**
 * When a review is due: the class whose rule set the date (absent when none was
 * given), the instant its interval is counted from (the last review, the filing or a
 * move), the civil date `dueOn` in the policy's zone by which the next review must be
 * made, and `overdueFrom`, the first instant of the day after it in that zone, from
 * which the archive is overdue.
 *
 * @example
 * ```ts
 * import type { Review } from "@clientele/archive"
 *
 * const isOverdue = (due: Review.Due, now: number) => now >= due.overdueFrom
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const Due = Schema.Struct({
  customerClass: Schema.optional(Archive.CustomerClass),
  since: Period.Instant,
  dueOn: Period.CivilDate,
  overdueFrom: Period.Instant,
})

/**
 * The type of a {@link Due}.
 *
 * @example
 * ```ts
 * import type { Review } from "@clientele/archive"
 *
 * const dueDate = (due: Review.Due) => due.dueOn
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Due = typeof Due.Type

/** The day number `months` months after a day, with the policy's rule for a missing day. */
const addMonths = (dayNumber: number, months: number, missingDay: MissingDay): number => {
  const { year, month, day } = Civil.fieldsOf(dayNumber)
  const monthIndex = month - 1 + months
  const dueYear = year + Math.floor(monthIndex / 12)
  const dueMonth = (monthIndex % 12) + 1
  const last = Civil.daysInMonth(dueYear, dueMonth)
  if (day <= last) return Civil.dayNumberOf(dueYear, dueMonth, day)
  return Civil.dayNumberOf(dueYear, dueMonth, last) + (missingDay === "lastDay" ? 0 : 1)
}

/** The due day of an interval counted from an instant, on the policy zone's calendar. */
const dueDay = (since: number, policy: ReviewPolicy, customerClass: string | undefined): number =>
  addMonths(
    Zone.localDayOf(policy.zone, since),
    intervalFor(policy, customerClass),
    policy.missingDay,
  )

const makeDue = (
  since: number,
  day: number,
  policy: ReviewPolicy,
  customerClass: string | undefined,
): Due => ({
  ...(customerClass === undefined ? {} : { customerClass }),
  since,
  dueOn: Civil.format(day) as Period.CivilDate,
  overdueFrom: Zone.firstInstantOfDay(policy.zone, day + 1),
})

const HOUR_MS = 3_600_000

/**
 * The offset of a zone over a whole UTC day, or NaN when it changes during the day.
 * Read at the first and last millisecond of every hour: core's offsets take an hour
 * whose ends agree as uniform, so a day whose hours all agree is uniform too.
 */
const uniformOffsetOfDay = (zone: string, utcDay: number): number => {
  const start = utcDay * Civil.dayMs
  const first = Zone.offsetAt(zone, start)
  for (let hour = 0; hour < 24; hour++) {
    const hourStart = start + hour * HOUR_MS
    if (
      Zone.offsetAt(zone, hourStart) !== first ||
      Zone.offsetAt(zone, hourStart + HOUR_MS - 1) !== first
    )
      return Number.NaN
  }
  return first
}

/**
 * `Zone.localDayOf` for many instants of one zone. A report reads millions of
 * instants spread over a few thousand days, so the offset is kept per UTC day (a
 * small table) rather than looked up per hour for every instant; days with a
 * transition are read instant by instant as before.
 */
const localDayReader = (zone: string): ((instant: number) => number) => {
  const offsets = new Map<number, number>()
  return (instant) => {
    const utcDay = Math.floor(instant / Civil.dayMs)
    let offset = offsets.get(utcDay)
    if (offset === undefined) {
      offset = uniformOffsetOfDay(zone, utcDay)
      offsets.set(utcDay, offset)
    }
    return Number.isNaN(offset)
      ? Zone.localDayOf(zone, instant)
      : Math.floor((instant + offset) / Civil.dayMs)
  }
}

/**
 * What one pass over an archive's history up to an instant finds: the due day of
 * the current cycle and the entry that set it (its instant and class), the class
 * after the last entry read and the last review. Reused across archives by a report.
 */
interface CycleScan {
  read: number
  dueDay: number
  since: number
  dueClass: string | undefined
  currentClass: string | undefined
  lastReviewedAt: number | undefined
}

const emptyScan = (): CycleScan => ({
  read: 0,
  dueDay: 0,
  since: 0,
  dueClass: undefined,
  currentClass: undefined,
  lastReviewedAt: undefined,
})

/**
 * Reads the history up to `asOf` (all of it when absent) in one pass: a review or
 * the filing opens a cycle whose due day its class sets; each later move sets
 * another with the new class, and the earliest day wins (the first entry opens the
 * cycle when no filing or review precedes it). The same as locating the last
 * opening entry and reading the moves after it, as {@link dueOf} describes.
 */
const scanCycle = (
  history: ReadonlyArray<Archive.HistoryEntry>,
  asOf: number | undefined,
  dueDayOf: (since: number, customerClass: string | undefined) => number,
  scan: CycleScan,
): void => {
  scan.read = 0
  scan.currentClass = undefined
  scan.lastReviewedAt = undefined
  for (const entry of history) {
    if (asOf !== undefined && !(entry.at <= asOf)) break
    const first = scan.read === 0
    scan.read++
    if (entry._tag === "Refiled") {
      scan.currentClass = entry.to
      const day = dueDayOf(entry.at, entry.to)
      if (first || day < scan.dueDay) {
        scan.dueDay = day
        scan.since = entry.at
        scan.dueClass = entry.to
      }
      continue
    }
    if (entry._tag === "Filed") scan.currentClass = entry.customerClass
    else scan.lastReviewedAt = entry.at
    scan.dueDay = dueDayOf(entry.at, scan.currentClass)
    scan.since = entry.at
    scan.dueClass = scan.currentClass
  }
}

/**
 * The next review due after a review (or the filing) at `since` (ARC-2): the civil
 * date of `since` in the policy's zone plus the interval of `customerClass` (the
 * default interval when absent), with the policy's rule for a day the due month
 * lacks. Fails with a `ValidationError` on `since` unless it is a supported instant.
 *
 * @example
 * ```ts
 * import { Review } from "@clientele/archive"
 * import * as Either from "effect/Either"
 *
 * const policy = Either.getOrThrow(Review.makePolicy({ version: 1, zone: "UTC" }))
 * Review.nextReviewDue(Date.UTC(2024, 1, 29, 10), policy) // Right({ dueOn: "2025-02-28", … })
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const nextReviewDue = (
  since: number,
  policy: ReviewPolicy,
  customerClass?: string,
): Either.Either<Due, Errors.ValidationError> =>
  Schema.is(Period.Instant)(since)
    ? Either.right(makeDue(since, dueDay(since, policy, customerClass), policy, customerClass))
    : Either.left(
        Errors.ValidationError.fromIssues([
          { path: ["since"], message: `${since} is not an instant of years 0001–9998` },
        ]),
      )

/**
 * When an archive's next review is due (ARC-2), reading its history up to `asOf`
 * (all of it when absent); `undefined` when the archive was filed after `asOf`.
 *
 * The cycle starts at the last review, or at the filing. The class the archive was in
 * then sets a due date with its interval; each later move sets another, with the new
 * class's interval counted from the move. The earliest of these dates is the due date.
 *
 * @remarks
 * A class change applies the new class's rule prospectively only: a move to a class
 * reviewed more often never makes the archive overdue at once (its interval counts
 * from the move), and a move to a class reviewed less often never postpones the review
 * the old class already required, so no archive goes more than a year unreviewed.
 *
 * @example
 * ```ts
 * import { Archive, Review } from "@clientele/archive"
 * import * as Either from "effect/Either"
 *
 * const policy = Either.getOrThrow(
 *   Review.makePolicy({ version: 1, zone: "UTC", classMonths: [{ customerClass: "major", months: 6 }] }),
 * )
 * const filed = Either.getOrThrow(
 *   Archive.file({ customer: "cus_42", customerClass: "general", at: Date.UTC(2024, 0, 1), by: "staff_7" }),
 * )
 * const moved = Either.getOrThrow(Archive.refile(filed, { to: "major", at: Date.UTC(2024, 1, 1), by: "staff_7" }))
 * Review.dueOf(moved, policy)?.dueOn // "2024-08-01": six months after the move
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const dueOf = (
  archive: Archive.Archive,
  policy: ReviewPolicy,
  asOf?: number,
): Due | undefined => {
  const scan = emptyScan()
  scanCycle(
    archive.history,
    asOf,
    (since, customerClass) => dueDay(since, policy, customerClass),
    scan,
  )
  return scan.read === 0 ? undefined : makeDue(scan.since, scan.dueDay, policy, scan.dueClass)
}

/**
 * What {@link review} accepts: when and by whom, the profile facts to set and the
 * keys of those to remove (each key at most once across both). Both lists default to
 * empty: a review with no change is still a review.
 *
 * @example
 * ```ts
 * import type { Review } from "@clientele/archive"
 *
 * const input: typeof Review.ReviewInput.Encoded = {
 *   at: Date.UTC(2025, 0, 10),
 *   by: "staff_7",
 *   set: [{ key: "phone", value: "+49 30 7654321" }],
 *   remove: ["fax"],
 * }
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ReviewInput = Schema.Struct({
  at: Period.Instant,
  by: Ids.StaffId,
  set: Schema.optionalWith(Schema.Array(Archive.ProfileFact), { default: () => [] }),
  remove: Schema.optionalWith(Schema.Array(Archive.FactKey), { default: () => [] }),
}).pipe(
  Schema.filter((input) => {
    const issues: Array<Schema.FilterIssue> = []
    const seen = new Set<string>()
    input.set.forEach((fact, index) => {
      if (seen.has(fact.key))
        issues.push({ path: ["set", index, "key"], message: `${fact.key} is set twice` })
      seen.add(fact.key)
    })
    input.remove.forEach((key, index) => {
      if (seen.has(key))
        issues.push({ path: ["remove", index], message: `${key} is both set and removed` })
      seen.add(key)
    })
    return issues
  }),
)

/**
 * Records a review of an archive (ARC-2): applies the profile changes and appends a
 * {@link Archive.Reviewed} entry listing each actual change as an adjustment
 * (`profile.<key>`, before, after) — setting a fact to its current value is no
 * adjustment, and a review with no adjustment still resets the review clock.
 *
 * Fails with a `ValidationError` naming the bad input field (also `remove.<i>` for a
 * fact the profile does not have), or an `Archive.OutOfOrderError` on `at` when the
 * review is dated before the archive's latest history entry.
 *
 * @example
 * ```ts
 * import { Archive, Review } from "@clientele/archive"
 * import * as Either from "effect/Either"
 *
 * const archive = Either.getOrThrow(
 *   Archive.file({
 *     customer: "cus_42",
 *     customerClass: "general",
 *     at: Date.UTC(2024, 0, 1),
 *     by: "staff_7",
 *     profile: [{ key: "phone", value: "030 1" }],
 *   }),
 * )
 * const reviewed = Review.review(archive, {
 *   at: Date.UTC(2024, 11, 1),
 *   by: "staff_9",
 *   set: [{ key: "phone", value: "030 2" }],
 * }) // Right: history ends with Reviewed { adjustments: [{ field: "profile.phone", before: "030 1", after: "030 2" }] }
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const review = (
  archive: Archive.Archive,
  input: unknown,
): Either.Either<Archive.Archive, Errors.ValidationError | Archive.OutOfOrderError> => {
  const decoded = Errors.decodeEither(ReviewInput)(input)
  if (Either.isLeft(decoded)) return Either.left(decoded.left)
  const valid = decoded.right
  const latest = Archive.latestAt(archive)
  if (valid.at < latest)
    return Either.left(new Archive.OutOfOrderError({ field: "at", at: valid.at, latest }))

  const missing: Array<Errors.ValidationIssue> = []
  valid.remove.forEach((key, index) => {
    if (!archive.profile.some((fact) => fact.key === key))
      missing.push({ path: ["remove", index], message: `the profile has no fact ${key} to remove` })
  })
  if (missing.length > 0) return Either.left(Errors.ValidationError.fromIssues(missing))

  const adjustments: Array<Archive.Adjustment> = []
  const removed = new Set(valid.remove)
  const setByKey = new Map(valid.set.map((fact) => [fact.key, fact.value] as const))
  const profile: Array<Archive.ProfileFact> = []
  for (const fact of archive.profile) {
    if (removed.has(fact.key)) {
      adjustments.push({ field: `profile.${fact.key}`, before: fact.value })
      continue
    }
    const value = setByKey.get(fact.key)
    if (value !== undefined && value !== fact.value) {
      adjustments.push({ field: `profile.${fact.key}`, before: fact.value, after: value })
      profile.push({ key: fact.key, value })
    } else {
      profile.push(fact)
    }
    setByKey.delete(fact.key)
  }
  for (const [key, value] of setByKey) {
    adjustments.push({ field: `profile.${key}`, after: value })
    profile.push({ key, value })
  }
  const entry = Archive.Reviewed.make({ at: valid.at, by: valid.by, adjustments })
  return Either.right({ ...archive, profile, history: [...archive.history, entry] })
}

/**
 * One overdue archive: the customer, its class as of the report, its last review
 * (absent when never reviewed since filing), the date the review was due and the
 * instant it became overdue.
 *
 * @example
 * ```ts
 * import type { Review } from "@clientele/archive"
 *
 * const line = (item: Review.OverdueItem) => `${item.customer} (${item.customerClass}) due ${item.dueOn}`
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export const OverdueItem = Schema.Struct({
  customer: Ids.CustomerId,
  customerClass: Archive.CustomerClass,
  lastReviewedAt: Schema.optional(Period.Instant),
  dueOn: Period.CivilDate,
  overdueSince: Period.Instant,
})

/**
 * The type of an {@link OverdueItem}.
 *
 * @example
 * ```ts
 * import type { Review } from "@clientele/archive"
 *
 * const since = (item: Review.OverdueItem) => new Date(item.overdueSince)
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export type OverdueItem = typeof OverdueItem.Type

/**
 * The overdue report (ARC-2) as of an instant, under a policy version: every overdue
 * archive, longest overdue first (then by customer id), and the customers per class
 * (classes in alphabetical order).
 *
 * @example
 * ```ts
 * import type { Review } from "@clientele/archive"
 *
 * const total = (report: Review.OverdueReport) => report.items.length
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export const OverdueReport = Schema.Struct({
  policyVersion: Schema.Int.pipe(Schema.positive()),
  asOf: Period.Instant,
  items: Schema.Array(OverdueItem),
  byClass: Schema.Array(
    Schema.Struct({
      customerClass: Archive.CustomerClass,
      customers: Schema.Array(Ids.CustomerId),
    }),
  ),
})

/**
 * The type of an {@link OverdueReport}.
 *
 * @example
 * ```ts
 * import type { Review } from "@clientele/archive"
 *
 * const classes = (report: Review.OverdueReport) => report.byClass.map((entry) => entry.customerClass)
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export type OverdueReport = typeof OverdueReport.Type

/**
 * The archives overdue for review at `now` (ARC-2): those whose {@link dueOf} as of
 * `now` has `overdueFrom <= now` — so an archive due on a date is not overdue during
 * that date in the policy's zone, and is from its end. History after `now` is
 * ignored and archives filed after `now` are not reported. Fails with a
 * `ValidationError` on `now` unless it is a supported instant.
 *
 * @example
 * ```ts
 * import { Archive, Review } from "@clientele/archive"
 * import * as Either from "effect/Either"
 *
 * const policy = Either.getOrThrow(Review.makePolicy({ version: 1, zone: "UTC" }))
 * const archive = Either.getOrThrow(
 *   Archive.file({ customer: "cus_42", customerClass: "general", at: Date.UTC(2024, 0, 1), by: "staff_7" }),
 * )
 * Review.overdue([archive], policy, Date.UTC(2025, 0, 2)) // Right({ items: [{ customer: "cus_42", dueOn: "2025-01-01", … }], … })
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export const overdue = (
  archives: ReadonlyArray<Archive.Archive>,
  policy: ReviewPolicy,
  now: number,
): Either.Either<OverdueReport, Errors.ValidationError> => {
  if (!Schema.is(Period.Instant)(now))
    return Either.left(
      Errors.ValidationError.fromIssues([
        { path: ["now"], message: `${now} is not an instant of years 0001–9998` },
      ]),
    )
  // A report reads millions of entries over a few thousand days: the due day of each
  // (day, interval) pair, the start of each day after a due day and each due date's
  // text are computed once per report.
  const localDayOf = localDayReader(policy.zone)
  const intervals = new Map<string | undefined, number>()
  const dueDays = new Map<number, number>()
  const dueDayOf = (since: number, customerClass: string | undefined): number => {
    let months = intervals.get(customerClass)
    if (months === undefined) {
      months = intervalFor(policy, customerClass)
      intervals.set(customerClass, months)
    }
    const day = localDayOf(since)
    // Intervals are 1–12 months, so (day, months) packs into one number.
    const key = day * 16 + months
    let due = dueDays.get(key)
    if (due === undefined) {
      due = addMonths(day, months, policy.missingDay)
      dueDays.set(key, due)
    }
    return due
  }
  const overdueFromByDay = new Map<number, number>()
  const dueOnByDay = new Map<number, Period.CivilDate>()
  const scan = emptyScan()
  const items: Array<OverdueItem> = []
  for (const archive of archives) {
    scanCycle(archive.history, now, dueDayOf, scan)
    if (scan.read === 0) continue
    let overdueFrom = overdueFromByDay.get(scan.dueDay)
    if (overdueFrom === undefined) {
      overdueFrom = Zone.firstInstantOfDay(policy.zone, scan.dueDay + 1)
      overdueFromByDay.set(scan.dueDay, overdueFrom)
    }
    if (now < overdueFrom) continue
    let dueOn = dueOnByDay.get(scan.dueDay)
    if (dueOn === undefined) {
      dueOn = Civil.format(scan.dueDay) as Period.CivilDate
      dueOnByDay.set(scan.dueDay, dueOn)
    }
    const lastReviewedAt = scan.lastReviewedAt
    items.push({
      customer: archive.customer,
      customerClass: scan.currentClass ?? archive.customerClass,
      ...(lastReviewedAt === undefined ? {} : { lastReviewedAt }),
      dueOn,
      overdueSince: overdueFrom,
    })
  }
  items.sort((a, b) =>
    a.overdueSince !== b.overdueSince
      ? a.overdueSince - b.overdueSince
      : a.customer < b.customer
        ? -1
        : a.customer > b.customer
          ? 1
          : 0,
  )
  const byClass = new Map<string, Array<Ids.CustomerId>>()
  for (const item of items) {
    const customers = byClass.get(item.customerClass)
    if (customers === undefined) byClass.set(item.customerClass, [item.customer])
    else customers.push(item.customer)
  }
  return Either.right({
    policyVersion: policy.version,
    asOf: now,
    items,
    byClass: [...byClass.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([customerClass, customers]) => ({ customerClass, customers })),
  })
}

/**
 * One entry of the adjustment index: what changed (`field`; a class move is the
 * field `customerClass`), its value before and after (marked personal), when and by
 * whom.
 *
 * @example
 * ```ts
 * import type { Review } from "@clientele/archive"
 *
 * const describe = (entry: Review.IndexEntry) => `${entry.field}: ${entry.before ?? "∅"} → ${entry.after ?? "∅"}`
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export const IndexEntry = Schema.Struct({
  ...Archive.Adjustment.fields,
  at: Period.Instant,
  by: Ids.StaffId,
})

/**
 * The type of an {@link IndexEntry}.
 *
 * @example
 * ```ts
 * import type { Review } from "@clientele/archive"
 *
 * const who = (entry: Review.IndexEntry) => entry.by
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export type IndexEntry = typeof IndexEntry.Type

/**
 * The adjustment index of one archive for a year: the customer, its current class,
 * the instants of its reviews in the year (those without changes included), and the
 * entries of what changed, in history order.
 *
 * @example
 * ```ts
 * import type { Review } from "@clientele/archive"
 *
 * const changes = (index: Review.ArchiveIndex) => index.entries.length
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export const ArchiveIndex = Schema.Struct({
  customer: Ids.CustomerId,
  customerClass: Archive.CustomerClass,
  reviewedAt: Schema.Array(Period.Instant),
  entries: Schema.Array(IndexEntry),
})

/**
 * The type of an {@link ArchiveIndex}.
 *
 * @example
 * ```ts
 * import type { Review } from "@clientele/archive"
 *
 * const reviews = (index: Review.ArchiveIndex) => index.reviewedAt.length
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export type ArchiveIndex = typeof ArchiveIndex.Type

/** The bounds of `Period.Instant`, outside which `Period.containsInstant` holds for no period. */
const FIRST_INSTANT = Civil.dayNumberOf(1, 1, 2) * Civil.dayMs
const LAST_INSTANT = Civil.dayNumberOf(9998, 12, 31) * Civil.dayMs - 1

/**
 * The yearly adjustment index (ARC-2): for each archive of the list (in list order)
 * reviewed or moved during the calendar year in the policy's zone, its reviews and
 * what changed — every review adjustment and every class move — when and by whom.
 * Archives with neither in the year are left out. Fails with a `ValidationError` on
 * `year` unless it is an integer from 1 to 9998.
 *
 * @example
 * ```ts
 * import { Archive, Review } from "@clientele/archive"
 * import * as Either from "effect/Either"
 *
 * const policy = Either.getOrThrow(Review.makePolicy({ version: 1, zone: "UTC" }))
 * const archive = Either.getOrThrow(
 *   Archive.file({ customer: "cus_42", customerClass: "general", at: Date.UTC(2024, 0, 1), by: "staff_7" }),
 * )
 * const reviewed = Either.getOrThrow(Review.review(archive, { at: Date.UTC(2024, 5, 1), by: "staff_9" }))
 * Review.adjustmentIndex([reviewed], 2024, policy) // Right([{ customer: "cus_42", reviewedAt: [1717200000000], entries: [] }])
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export const adjustmentIndex = (
  archives: ReadonlyArray<Archive.Archive>,
  year: number,
  policy: ReviewPolicy,
): Either.Either<ReadonlyArray<ArchiveIndex>, Errors.ValidationError> =>
  Either.map(Period.calendarYear(year, policy.zone), (period) => {
    // `Period.containsInstant` formats each instant's civil date to compare it with
    // the period's; comparing day numbers is the same test without the text.
    const firstDay = Civil.parse(period.start) ?? Number.NaN
    const endDay = Civil.parse(period.end) ?? Number.NaN
    const localDayOf = localDayReader(policy.zone)
    const inYear = (at: number): boolean => {
      if (!(at >= FIRST_INSTANT && at <= LAST_INSTANT)) return false
      const day = localDayOf(at)
      return day >= firstDay && day < endDay
    }
    const index: Array<ArchiveIndex> = []
    for (const archive of archives) {
      // Most archives have nothing in a given year: their lists are made only when
      // the first review or move of the year is found.
      let reviewedAt: Array<number> | undefined
      let entries: Array<IndexEntry> | undefined
      for (const entry of archive.history) {
        if (entry._tag === "Filed" || !inYear(entry.at)) continue
        if (reviewedAt === undefined || entries === undefined) {
          reviewedAt = []
          entries = []
          index.push({
            customer: archive.customer,
            customerClass: archive.customerClass,
            reviewedAt,
            entries,
          })
        }
        if (entry._tag === "Reviewed") {
          reviewedAt.push(entry.at)
          for (const adjustment of entry.adjustments)
            entries.push({ ...adjustment, at: entry.at, by: entry.by })
        } else {
          entries.push({
            field: "customerClass",
            before: entry.from,
            after: entry.to,
            at: entry.at,
            by: entry.by,
          })
        }
      }
    }
    return index
  })
