/**
 * The customer profile of VIS-7: the customer's preferences, purchase patterns
 * and the important dates of the customer and their family (birthdays, wedding
 * anniversaries, promotions, company anniversaries), with the civil dates on
 * which each date falls in a range of years. Greeting planning (VIS-8) reads the
 * dates from here.
 *
 * A date of 29 February has an explicit rule for common years, after RFC 7529's
 * `SKIP`: `"feb28"` (28 February, RFC `BACKWARD`), `"mar1"` (1 March, `FORWARD`) or
 * `"skip"` (no occurrence that year, `OMIT`). Names, relations and free text about
 * the customer carry core's `personal` annotation, after the architecture's rule 10
 * (personal data is marked), so that retention and erasure find them.
 *
 * @since 0.1.0
 */
import { Civil, Errors, Ids, Period, Personal } from "@clientele/core"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"

const FULL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const MONTH_DAY = /^--(\d{2})-(\d{2})$/

/** The fields of an important date's text; `year` is absent for `--MM-DD`. */
interface DateParts {
  readonly year: number | undefined
  readonly month: number
  readonly day: number
}

const partsOf = (text: string): DateParts | undefined => {
  const full = FULL_DATE.exec(text)
  if (full !== null) {
    return Civil.parse(text) === undefined
      ? undefined
      : { year: Number(full[1]), month: Number(full[2]), day: Number(full[3]) }
  }
  const monthDay = MONTH_DAY.exec(text)
  if (monthDay === null) return undefined
  const month = Number(monthDay[1])
  const day = Number(monthDay[2])
  // 2000 is a leap year, so `--02-29` is accepted and `--02-30` is not.
  return month >= 1 && month <= 12 && day >= 1 && day <= Civil.daysInMonth(2000, month)
    ? { year: undefined, month, day }
    : undefined
}

const FIRST_DAY = Civil.parse("0001-01-01") ?? 0
const LAST_DAY = Civil.parse("9999-12-31") ?? 0

/**
 * The date of an important date: a full civil date `YYYY-MM-DD` (the year counts
 * the anniversaries and marks the first occurrence), or `--MM-DD` when the year
 * is not known (the ISO 8601 and vCard form of a birthday without a year). The
 * date must exist: `2023-02-29` and `--02-30` are refused, `--02-29` is accepted.
 *
 * @example
 * ```ts
 * import { Profile } from "@clientele/visits"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(Profile.AnniversaryDate)("1988-02-29") // true
 * Schema.is(Profile.AnniversaryDate)("--12-24") // true
 * Schema.is(Profile.AnniversaryDate)("2023-02-29") // false
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const AnniversaryDate = Schema.String.pipe(
  Schema.filter(
    (text) =>
      partsOf(text) !== undefined ||
      `${JSON.stringify(text)} is not a date that exists: write YYYY-MM-DD, or --MM-DD when the year is unknown`,
    {
      arbitrary: () => (fc) =>
        fc.oneof(
          fc.integer({ min: FIRST_DAY, max: LAST_DAY }).map(Civil.format),
          fc.integer({ min: 0, max: 365 }).map((offset) => {
            const { month, day } = Civil.fieldsOf((Civil.parse("2000-01-01") ?? 0) + offset)
            return `--${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`
          }),
        ),
    },
  ),
  Schema.brand("AnniversaryDate"),
  Schema.annotations({
    identifier: "AnniversaryDate",
    description: "a date YYYY-MM-DD, or --MM-DD when the year is unknown",
  }),
)

/**
 * The type of {@link AnniversaryDate}.
 *
 * @example
 * ```ts
 * import { Profile } from "@clientele/visits"
 *
 * const birthday: Profile.AnniversaryDate = Profile.AnniversaryDate.make("--07-14")
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type AnniversaryDate = typeof AnniversaryDate.Type

/**
 * The kinds of important date of VIS-7.
 *
 * @example
 * ```ts
 * import { Profile } from "@clientele/visits"
 *
 * Profile.DateKind.literals // ["birthday", "weddingAnniversary", "promotion", "companyAnniversary", "other"]
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const DateKind = Schema.Literal(
  "birthday",
  "weddingAnniversary",
  "promotion",
  "companyAnniversary",
  "other",
)

/**
 * The type of {@link DateKind}.
 *
 * @example
 * ```ts
 * import type { Profile } from "@clientele/visits"
 *
 * const kind: Profile.DateKind = "weddingAnniversary"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type DateKind = typeof DateKind.Type

/**
 * Where a date of 29 February falls in a common year (RFC 7529 `SKIP`):
 * `"feb28"` (`BACKWARD`), `"mar1"` (`FORWARD`) or `"skip"` (`OMIT`: no occurrence).
 *
 * @example
 * ```ts
 * import { Profile } from "@clientele/visits"
 *
 * const rule: Profile.LeapDayRule = "mar1"
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const LeapDayRule = Schema.Literal("feb28", "mar1", "skip")

/**
 * The type of {@link LeapDayRule}.
 *
 * @example
 * ```ts
 * import type { Profile } from "@clientele/visits"
 *
 * const rules: ReadonlyArray<Profile.LeapDayRule> = ["feb28", "mar1", "skip"]
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type LeapDayRule = typeof LeapDayRule.Type

/**
 * The leap-day rule of a date that does not state one: `"feb28"`.
 *
 * @remarks
 * RFC 7529 omits a missing day unless told otherwise, but a customer born on
 * 29 February still celebrates in common years, and a greeting or gift that is
 * silently dropped three years out of four is the worse failure; so the default
 * keeps the occurrence in February. Choose `"mar1"` or `"skip"` per date.
 *
 * @example
 * ```ts
 * import { Profile } from "@clientele/visits"
 *
 * Profile.defaultLeapDayRule // "feb28"
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const defaultLeapDayRule: LeapDayRule = "feb28"

/**
 * The value of `person` that means the customer themself; any other value names
 * a member of the family, by name or by relation ("spouse", "daughter Mia").
 *
 * @example
 * ```ts
 * import { Profile } from "@clientele/visits"
 *
 * Profile.customerItself // "customer"
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const customerItself = "customer"

/**
 * One important date (VIS-7): its `id` (unique in the profile), its `kind`, whose
 * date it is (`person`: {@link customerItself} or a family member's name or
 * relation — personal), an optional `label` (personal; required for kind
 * `"other"`), the `date`, and the `leapDay` rule for 29 February (default
 * {@link defaultLeapDayRule}). A promotion is an event of a known day, so its date
 * must carry the year.
 *
 * @example
 * ```ts
 * import { Profile } from "@clientele/visits"
 * import * as Schema from "effect/Schema"
 *
 * const birthday = Schema.decodeUnknownSync(Profile.ImportantDate)({
 *   id: "bd-spouse",
 *   kind: "birthday",
 *   person: "spouse",
 *   date: "1984-02-29",
 *   leapDay: "mar1",
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ImportantDate = Schema.Struct({
  id: Ids.IdString,
  kind: DateKind,
  person: Schema.optionalWith(
    Personal.personal(Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(200))),
    { exact: true, default: () => customerItself },
  ),
  label: Schema.optional(
    Personal.personal(Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(200))),
  ),
  date: AnniversaryDate,
  leapDay: Schema.optionalWith(LeapDayRule, { exact: true, default: () => defaultLeapDayRule }),
}).pipe(
  Schema.filter((important) => {
    const issues: Array<Schema.FilterIssue> = []
    if (important.kind === "other" && important.label === undefined)
      issues.push({
        path: ["label"],
        message: 'a date of kind "other" needs a label saying what it is (VIS-7)',
      })
    if (important.kind === "promotion" && partsOf(important.date)?.year === undefined)
      issues.push({
        path: ["date"],
        message: "a promotion is an event of a known day: write its date with the year (VIS-7)",
      })
    return issues
  }),
  Schema.annotations({ identifier: "ImportantDate" }),
)

/**
 * The type of {@link ImportantDate}.
 *
 * @example
 * ```ts
 * import type { Profile } from "@clientele/visits"
 *
 * const isFamily = (date: Profile.ImportantDate) => date.person !== "customer"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type ImportantDate = typeof ImportantDate.Type

/**
 * The customer's preferences: free-text `notes` and named `values` ("drink":
 * "green tea", "contact": "evenings"); both are personal.
 *
 * @example
 * ```ts
 * import { Profile } from "@clientele/visits"
 * import * as Schema from "effect/Schema"
 *
 * const preferences = Schema.decodeUnknownSync(Profile.Preferences)({
 *   notes: "prefers visits after lunch",
 *   values: { drink: "green tea" },
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Preferences = Schema.Struct({
  notes: Schema.optional(Personal.personal(Schema.String.pipe(Schema.maxLength(10_000)))),
  values: Schema.optionalWith(
    Personal.personal(
      Schema.Record({
        key: Schema.String.pipe(Schema.minLength(1), Schema.maxLength(100)),
        value: Schema.String.pipe(Schema.maxLength(1000)),
      }),
    ),
    { exact: true, default: () => ({}) },
  ),
}).pipe(Schema.annotations({ identifier: "Preferences" }))

/**
 * The type of {@link Preferences}.
 *
 * @example
 * ```ts
 * import type { Profile } from "@clientele/visits"
 *
 * const drink = (preferences: Profile.Preferences) => preferences.values.drink
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Preferences = typeof Preferences.Type

/**
 * How the customer buys, as the application observed it: preferred product
 * categories and channels, the usual number of days between orders, the last
 * order's date, and free-text `notes` (personal).
 *
 * @example
 * ```ts
 * import { Profile } from "@clientele/visits"
 * import * as Schema from "effect/Schema"
 *
 * const pattern = Schema.decodeUnknownSync(Profile.PurchasePatterns)({
 *   preferredCategories: ["tea", "porcelain"],
 *   usualOrderIntervalDays: 45,
 *   lastOrderOn: "2025-03-02",
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const PurchasePatterns = Schema.Struct({
  preferredCategories: Schema.optionalWith(
    Schema.Array(Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(100))),
    { exact: true, default: () => [] },
  ),
  preferredChannels: Schema.optionalWith(
    Schema.Array(Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(100))),
    { exact: true, default: () => [] },
  ),
  usualOrderIntervalDays: Schema.optional(Schema.Int.pipe(Schema.between(1, 36_600))),
  lastOrderOn: Schema.optional(Period.CivilDate),
  notes: Schema.optional(Personal.personal(Schema.String.pipe(Schema.maxLength(10_000)))),
}).pipe(Schema.annotations({ identifier: "PurchasePatterns" }))

/**
 * The type of {@link PurchasePatterns}.
 *
 * @example
 * ```ts
 * import type { Profile } from "@clientele/visits"
 *
 * const buysTea = (patterns: Profile.PurchasePatterns) => patterns.preferredCategories.includes("tea")
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type PurchasePatterns = typeof PurchasePatterns.Type

/**
 * A customer profile (VIS-7): the customer, the IANA zone the customer lives in
 * (the wall clock greetings are sent on), preferences, purchase patterns and the
 * important dates (ids unique within the profile).
 *
 * @example
 * ```ts
 * import { Profile } from "@clientele/visits"
 *
 * const profile = Profile.make({
 *   customerId: "cus-42",
 *   zone: "Europe/Paris",
 *   importantDates: [
 *     { id: "bd", kind: "birthday", date: "1975-06-12" },
 *     { id: "wed", kind: "weddingAnniversary", date: "2001-09-08" },
 *   ],
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const CustomerProfile = Schema.Struct({
  customerId: Ids.CustomerId,
  zone: Period.TimeZone,
  preferences: Schema.optionalWith(Preferences, { exact: true, default: () => ({ values: {} }) }),
  purchasePatterns: Schema.optionalWith(PurchasePatterns, {
    exact: true,
    default: () => ({ preferredCategories: [], preferredChannels: [] }),
  }),
  importantDates: Schema.optionalWith(Schema.Array(ImportantDate), {
    exact: true,
    default: () => [],
  }),
}).pipe(
  Schema.filter((profile) => {
    const issues: Array<Schema.FilterIssue> = []
    const seen = new Set<string>()
    profile.importantDates.forEach((important, index) => {
      if (seen.has(important.id))
        issues.push({
          path: ["importantDates", index, "id"],
          message: `the important date id ${important.id} is used twice in the profile`,
        })
      seen.add(important.id)
    })
    return issues
  }),
  Schema.annotations({ identifier: "CustomerProfile" }),
)

/**
 * The type of {@link CustomerProfile}.
 *
 * @example
 * ```ts
 * import type { Profile } from "@clientele/visits"
 *
 * const birthdays = (profile: Profile.CustomerProfile) =>
 *   profile.importantDates.filter((date) => date.kind === "birthday")
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type CustomerProfile = typeof CustomerProfile.Type

/**
 * The input {@link CustomerProfile} decodes: its encoded (JSON) form, where every
 * part but `customerId` and `zone` may be left out.
 *
 * @example
 * ```ts
 * import type { Profile } from "@clientele/visits"
 *
 * const input: Profile.Input = { customerId: "cus-1", zone: "Asia/Tokyo" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Input = typeof CustomerProfile.Encoded

/**
 * Decodes untrusted input into a profile, failing with a `ValidationError` that
 * names every invalid field: an unknown `zone`, a date that does not exist
 * (`importantDates.0.date`), a promotion without its year, a duplicate id.
 *
 * @example
 * ```ts
 * import { Profile } from "@clientele/visits"
 * import * as Either from "effect/Either"
 *
 * const result = Profile.decodeEither({ customerId: "cus-1", zone: "Mars/Base" })
 * Either.isLeft(result) // true: the issue's path is ["zone"]
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const decodeEither = (
  input: unknown,
): Either.Either<CustomerProfile, Errors.ValidationError> =>
  Errors.decodeEither(CustomerProfile)(input)

/**
 * Builds a profile from input known to be valid (literals in code); throws the
 * `ValidationError` otherwise. Use {@link decodeEither} for untrusted input.
 *
 * @example
 * ```ts
 * import { Profile } from "@clientele/visits"
 *
 * const profile = Profile.make({ customerId: "cus-7", zone: "America/Chicago" })
 * profile.importantDates // []
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (input: Input): CustomerProfile =>
  Either.getOrThrowWith(decodeEither(input), (error) => error)

/**
 * One occurrence of an important date: the civil `date` it falls on, the `year`
 * whose occurrence it is, how many `years` have passed since the original date
 * (absent when the year is unknown; `0` on the original date itself), and whether
 * the leap-day rule `moved` it off 29 February.
 *
 * @example
 * ```ts
 * import type { Profile } from "@clientele/visits"
 *
 * const tenth = (occurrence: Profile.Occurrence) => occurrence.years === 10
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Occurrence = Schema.Struct({
  date: Period.CivilDate,
  year: Schema.Int,
  years: Schema.optional(Schema.Int.pipe(Schema.nonNegative())),
  moved: Schema.Boolean,
})

/**
 * The type of {@link Occurrence}.
 *
 * @example
 * ```ts
 * import type { Profile } from "@clientele/visits"
 *
 * const onTheDay = (occurrence: Profile.Occurrence) => !occurrence.moved
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Occurrence = typeof Occurrence.Type

/** The day number on which a month and day fall in a year, or `undefined` (skipped). */
const dayInYear = (year: number, parts: DateParts, rule: LeapDayRule): number | undefined => {
  if (parts.month === 2 && parts.day === 29 && !Civil.isLeapYear(year)) {
    if (rule === "skip") return undefined
    return rule === "feb28" ? Civil.dayNumberOf(year, 2, 28) : Civil.dayNumberOf(year, 3, 1)
  }
  return Civil.dayNumberOf(year, parts.month, parts.day)
}

/**
 * The occurrences of an important date within `[from, to)` (civil dates, `to`
 * excluded, as a `Period`'s end), in order: one per year on the date's month and
 * day; a 29 February in a common year per the date's `leapDay` rule; none before
 * the original date when its year is known (the original date itself is the first,
 * with `years` 0). An empty or reversed range has no occurrence.
 *
 * @example
 * ```ts
 * import { Period } from "@clientele/core"
 * import { Profile } from "@clientele/visits"
 * import * as Schema from "effect/Schema"
 *
 * const leapling = Schema.decodeUnknownSync(Profile.ImportantDate)({
 *   id: "bd",
 *   kind: "birthday",
 *   date: "2000-02-29",
 *   leapDay: "mar1",
 * })
 * Profile.occurrencesOf(leapling, Period.CivilDate.make("2023-01-01"), Period.CivilDate.make("2025-01-01"))
 * // [{ date: "2023-03-01", year: 2023, years: 23, moved: true }, { date: "2024-02-29", year: 2024, years: 24, moved: false }]
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const occurrencesOf = (
  important: ImportantDate,
  from: Period.CivilDate,
  to: Period.CivilDate,
): ReadonlyArray<Occurrence> => {
  const parts = partsOf(important.date)
  const fromDay = Civil.parse(from)
  const toDay = Civil.parse(to)
  if (parts === undefined || fromDay === undefined || toDay === undefined || fromDay >= toDay)
    return []
  const originDay =
    parts.year === undefined ? -Infinity : Civil.dayNumberOf(parts.year, parts.month, parts.day)
  const firstYear = Math.max(Civil.fieldsOf(fromDay).year, parts.year ?? 1)
  const lastYear = Civil.fieldsOf(toDay - 1).year
  const out: Array<Occurrence> = []
  for (let year = firstYear; year <= lastYear; year++) {
    const day = dayInYear(year, parts, important.leapDay)
    if (day === undefined || day < fromDay || day >= toDay || day < originDay) continue
    const moved = parts.month === 2 && parts.day === 29 && !Civil.isLeapYear(year)
    out.push({
      date: Civil.format(day) as Period.CivilDate,
      year,
      ...(parts.year === undefined ? {} : { years: year - parts.year }),
      moved,
    })
  }
  return out
}

/**
 * One occurrence of one of a profile's important dates, as {@link upcoming} lists
 * them.
 *
 * @example
 * ```ts
 * import type { Profile } from "@clientele/visits"
 *
 * const describe = (entry: Profile.Upcoming) => `${entry.importantDate.kind} on ${entry.occurrence.date}`
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Upcoming {
  readonly importantDate: ImportantDate
  readonly occurrence: Occurrence
}

/**
 * Every occurrence of every important date of a profile within `[from, to)`,
 * ordered by date, then by the important date's id.
 *
 * @example
 * ```ts
 * import { Period } from "@clientele/core"
 * import { Profile } from "@clientele/visits"
 *
 * const profile = Profile.make({
 *   customerId: "cus-42",
 *   zone: "Europe/Paris",
 *   importantDates: [{ id: "bd", kind: "birthday", date: "--06-12" }],
 * })
 * Profile.upcoming(profile, Period.CivilDate.make("2025-01-01"), Period.CivilDate.make("2026-01-01"))
 * // [{ importantDate: { id: "bd", … }, occurrence: { date: "2025-06-12", year: 2025, moved: false } }]
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const upcoming = (
  profile: CustomerProfile,
  from: Period.CivilDate,
  to: Period.CivilDate,
): ReadonlyArray<Upcoming> => {
  const out: Array<Upcoming> = []
  for (const importantDate of profile.importantDates)
    for (const occurrence of occurrencesOf(importantDate, from, to))
      out.push({ importantDate, occurrence })
  // Civil dates and ids compare as plain strings (code units), never by locale.
  out.sort((a, b) =>
    a.occurrence.date !== b.occurrence.date
      ? a.occurrence.date < b.occurrence.date
        ? -1
        : 1
      : a.importantDate.id < b.importantDate.id
        ? -1
        : a.importantDate.id > b.importantDate.id
          ? 1
          : 0,
  )
  return out
}
