/**
 * Greetings and gifts (VIS-8): a versioned greeting policy — the public holidays
 * to greet on, per country and region; the local send time and the channel; and,
 * per tier, what to do on each kind of special date of the customer's profile
 * (VIS-7): a visit, flowers, a gift, a greeting, or nothing — and the planner that
 * turns it into touches over a horizon.
 *
 * Planning rules:
 * - a holiday greeting is sent on the holiday itself (greeting on a holiday is the
 *   point), at the policy's `sendAt` on the customer's wall clock; a holiday that
 *   runs over several days is greeted once, on its first day;
 * - a holiday list scoped to a country (and region) reaches only customers of that
 *   country (and region); a list without a country reaches everyone;
 * - on a special date, greetings, flowers and gifts fall on the date itself; a
 *   *visit* that falls on a day without working time on the working calendar
 *   shifts to the next business day (`BusinessDays.add(calendar, date, 0)`), at
 *   the policy's `visitAt`;
 * - a customer gets at most one touch of a kind per day: a second one (a shifted
 *   visit meeting another visit, a birthday greeting on a holiday) is skipped as
 *   `DUPLICATE`, special dates winning over holidays; touches already planned
 *   (`existing`, by id or by customer, kind and day) are skipped the same way, so
 *   re-planning is idempotent;
 * - a local time that a DST transition skips or repeats becomes an instant under
 *   the policy's `dst`, else the working calendar's, else `"compatible"` (a time in
 *   a gap moves forward by the gap, a time in a fold is the earlier one).
 *
 * @since 0.1.0
 */
import { BusinessDays, WorkingCalendar } from "@clientele/calendar"
import { Civil, Errors, Ids, Money, Period, Zone } from "@clientele/core"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as Profile from "./Profile.js"

const PositiveInt = Schema.Int.pipe(Schema.positive())

/** Planning looks at most ten years ahead, as business-time arithmetic does by default. */
const MAX_HORIZON_DAYS = 3660

/**
 * A tier name as segmentation names tiers ("major", "general", "potential",
 * "5-star"…): a non-empty trimmed string of at most 64 characters.
 *
 * @example
 * ```ts
 * import { Greeting } from "@clientele/visits"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(Greeting.TierName)("5-star") // true
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const TierName = Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(64))

/**
 * An ISO 3166-1 alpha-2 country code, upper case ("DE", "US").
 *
 * @example
 * ```ts
 * import { Greeting } from "@clientele/visits"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(Greeting.CountryCode)("FR") // true
 * Schema.is(Greeting.CountryCode)("fr") // false
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const CountryCode = Schema.String.pipe(
  Schema.pattern(/^[A-Z]{2}$/, {
    message: () => "a country is an ISO 3166-1 alpha-2 code: two upper-case letters",
  }),
  Schema.annotations({ identifier: "CountryCode" }),
)

const Region = Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(100))

/**
 * The channel a greeting is sent through.
 *
 * @example
 * ```ts
 * import { Greeting } from "@clientele/visits"
 *
 * Greeting.Channel.literals // ["email", "sms", "letter", "call"]
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Channel = Schema.Literal("email", "sms", "letter", "call")

/**
 * The type of {@link Channel}.
 *
 * @example
 * ```ts
 * import type { Greeting } from "@clientele/visits"
 *
 * const channel: Greeting.Channel = "letter"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Channel = typeof Channel.Type

/**
 * What a tier gets on a special date: a `visit`, `flowers`, a `gift`, a
 * `greeting`, or `none`.
 *
 * @example
 * ```ts
 * import { Greeting } from "@clientele/visits"
 *
 * Greeting.Action.literals // ["visit", "flowers", "gift", "greeting", "none"]
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Action = Schema.Literal("visit", "flowers", "gift", "greeting", "none")

/**
 * The type of {@link Action}.
 *
 * @example
 * ```ts
 * import type { Greeting } from "@clientele/visits"
 *
 * const action: Greeting.Action = "flowers"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Action = typeof Action.Type

/**
 * The kind of a planned touch.
 *
 * @example
 * ```ts
 * import { Greeting } from "@clientele/visits"
 *
 * Greeting.TouchKind.literals // ["greeting", "gift", "flowers", "visit"]
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const TouchKind = Schema.Literal("greeting", "gift", "flowers", "visit")

/**
 * The type of {@link TouchKind}.
 *
 * @example
 * ```ts
 * import type { Greeting } from "@clientele/visits"
 *
 * const kind: Greeting.TouchKind = "visit"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type TouchKind = typeof TouchKind.Type

/**
 * What to give when the action is a gift or flowers: a description and a budget
 * (exact money, not negative).
 *
 * @example
 * ```ts
 * import { Greeting } from "@clientele/visits"
 * import { Money } from "@clientele/core"
 *
 * const hamper = Greeting.Gift.make({ description: "tea hamper", budget: Money.make(5000, "EUR") })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Gift = Schema.Struct({
  description: Schema.optional(Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(500))),
  budget: Schema.optional(Money.Money),
}).pipe(
  Schema.filter((gift) =>
    gift.budget !== undefined && gift.budget.amount < 0
      ? { path: ["budget"], message: "a gift's budget cannot be negative (VIS-8)" }
      : undefined,
  ),
  Schema.annotations({ identifier: "Gift" }),
)

/**
 * The type of {@link Gift}.
 *
 * @example
 * ```ts
 * import type { Greeting } from "@clientele/visits"
 *
 * const bouquet: Greeting.Gift = { description: "seasonal bouquet" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Gift = typeof Gift.Type

/**
 * What a tier gets on one kind of special date: one or more actions (`none`
 * alone), and the `gift` given when an action is a gift or flowers.
 *
 * @example
 * ```ts
 * import { Greeting } from "@clientele/visits"
 * import * as Schema from "effect/Schema"
 *
 * const birthday = Schema.decodeUnknownSync(Greeting.SpecialDateRule)({
 *   actions: ["visit", "gift"],
 *   gift: { description: "birthday cake", budget: { amount: 4000, currency: "EUR" } },
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const SpecialDateRule = Schema.Struct({
  actions: Schema.NonEmptyArray(Action),
  gift: Schema.optional(Gift),
}).pipe(
  Schema.filter((rule) => {
    const issues: Array<Schema.FilterIssue> = []
    if (rule.actions.includes("none") && rule.actions.length > 1)
      issues.push({ path: ["actions"], message: '"none" cannot be combined with other actions' })
    if (new Set(rule.actions).size !== rule.actions.length)
      issues.push({ path: ["actions"], message: "an action is listed twice" })
    if (
      rule.gift !== undefined &&
      !rule.actions.includes("gift") &&
      !rule.actions.includes("flowers")
    )
      issues.push({
        path: ["gift"],
        message: "a gift is described only for the actions gift or flowers",
      })
    return issues
  }),
  Schema.annotations({ identifier: "SpecialDateRule" }),
)

/**
 * The type of {@link SpecialDateRule}.
 *
 * @example
 * ```ts
 * import type { Greeting } from "@clientele/visits"
 *
 * const nothing: Greeting.SpecialDateRule = { actions: ["none"] }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type SpecialDateRule = typeof SpecialDateRule.Type

/**
 * What one tier gets (VIS-8): whether it is greeted on public holidays, the rule
 * of each kind of special date (a kind left out gets nothing), and optionally its
 * own greeting channel.
 *
 * @example
 * ```ts
 * import { Greeting } from "@clientele/visits"
 * import * as Schema from "effect/Schema"
 *
 * const general = Schema.decodeUnknownSync(Greeting.TierRule)({
 *   holidays: true,
 *   specialDates: { birthday: { actions: ["greeting"] } },
 *   channel: "sms",
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const TierRule = Schema.Struct({
  holidays: Schema.Boolean,
  specialDates: Schema.Struct({
    birthday: Schema.optional(SpecialDateRule),
    weddingAnniversary: Schema.optional(SpecialDateRule),
    promotion: Schema.optional(SpecialDateRule),
    companyAnniversary: Schema.optional(SpecialDateRule),
    other: Schema.optional(SpecialDateRule),
  }),
  channel: Schema.optional(Channel),
}).pipe(Schema.annotations({ identifier: "TierRule" }))

/**
 * The type of {@link TierRule}.
 *
 * @example
 * ```ts
 * import type { Greeting } from "@clientele/visits"
 *
 * const holidaysOnly: Greeting.TierRule = { holidays: true, specialDates: {} }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type TierRule = typeof TierRule.Type

/**
 * A list of public holidays to greet on, with a stable `id` and a scope: a
 * `country` (and a `region` of it) whose customers it reaches, or everyone when
 * it has no country. Holidays are the working calendar's `Holiday` records: one
 * date or a run `date`…`through`, once or `yearly` (a yearly 29 February falls
 * only in leap years); their `closed` hours do not matter here.
 *
 * @example
 * ```ts
 * import { Greeting } from "@clientele/visits"
 * import * as Schema from "effect/Schema"
 *
 * const bavaria = Schema.decodeUnknownSync(Greeting.HolidayList)({
 *   id: "de-by",
 *   country: "DE",
 *   region: "BY",
 *   holidays: [{ name: "Epiphany", date: "2025-01-06", yearly: true }],
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const HolidayList = Schema.Struct({
  id: Ids.IdString,
  country: Schema.optional(CountryCode),
  region: Schema.optional(Region),
  holidays: Schema.Array(WorkingCalendar.Holiday),
}).pipe(
  Schema.filter((list) =>
    list.region !== undefined && list.country === undefined
      ? { path: ["region"], message: "a regional holiday list names its country too" }
      : undefined,
  ),
  Schema.annotations({ identifier: "HolidayList" }),
)

/**
 * The type of {@link HolidayList}.
 *
 * @example
 * ```ts
 * import type { Greeting } from "@clientele/visits"
 *
 * const isRegional = (list: Greeting.HolidayList) => list.region !== undefined
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type HolidayList = typeof HolidayList.Type

/**
 * The greeting policy (VIS-8), versioned data: the holiday lists, the default
 * channel, the local times at which greetings, flowers and gifts go out
 * (`sendAt`) and visits are planned (`visitAt`), the DST policy of those times
 * (absent: the working calendar's, else `"compatible"`), and the rule of each
 * tier, keyed by tier name. Holiday list ids are unique.
 *
 * @example
 * ```ts
 * import { Greeting } from "@clientele/visits"
 * import * as Schema from "effect/Schema"
 *
 * const policy = Schema.decodeUnknownSync(Greeting.GreetingPolicy)({
 *   ...Schema.encodeSync(Greeting.GreetingPolicy)(Greeting.defaultPolicy),
 *   version: 2,
 *   holidayLists: [{ id: "fr", country: "FR", holidays: [{ name: "Bastille Day", date: "2025-07-14", yearly: true }] }],
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const GreetingPolicy = Schema.Struct({
  version: PositiveInt,
  holidayLists: Schema.Array(HolidayList),
  channel: Channel,
  sendAt: WorkingCalendar.LocalTime,
  visitAt: WorkingCalendar.LocalTime,
  dst: Schema.optional(WorkingCalendar.DstPolicy),
  tiers: Schema.Record({ key: Schema.String, value: TierRule }),
}).pipe(
  Schema.filter((policy) => {
    const issues: Array<Schema.FilterIssue> = []
    const seen = new Set<string>()
    policy.holidayLists.forEach((list, index) => {
      if (seen.has(list.id))
        issues.push({
          path: ["holidayLists", index, "id"],
          message: `the holiday list id ${list.id} is used twice`,
        })
      seen.add(list.id)
    })
    for (const field of ["sendAt", "visitAt"] as const)
      if (WorkingCalendar.millisecondsOfDay(policy[field]) === Civil.dayMs)
        issues.push({ path: [field], message: "a time of day is before 24:00" })
    for (const tier of Object.keys(policy.tiers))
      if (!Schema.is(TierName)(tier))
        issues.push({
          path: ["tiers", tier],
          message: "a tier name is non-empty, trimmed, at most 64 characters",
        })
    return issues
  }),
  Schema.annotations({ identifier: "GreetingPolicy" }),
)

/**
 * The type of {@link GreetingPolicy}.
 *
 * @example
 * ```ts
 * import type { Greeting } from "@clientele/visits"
 *
 * const tiers = (policy: Greeting.GreetingPolicy) => Object.keys(policy.tiers)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type GreetingPolicy = typeof GreetingPolicy.Type

const majorRule = {
  holidays: true,
  specialDates: {
    birthday: { actions: ["visit", "gift"] },
    weddingAnniversary: { actions: ["flowers"] },
    promotion: { actions: ["gift"] },
    companyAnniversary: { actions: ["visit"] },
    other: { actions: ["greeting"] },
  },
} as const
const greetingOnly = { actions: ["greeting"] } as const
const generalRule = {
  holidays: true,
  specialDates: {
    birthday: greetingOnly,
    weddingAnniversary: greetingOnly,
    promotion: greetingOnly,
    companyAnniversary: greetingOnly,
    other: greetingOnly,
  },
} as const
const potentialRule = { holidays: true, specialDates: {} } as const

/**
 * The default greeting policy (version 1), for the tier names of segmentation's
 * two built-in schemes:
 * - `major`, `5-star`, `4-star`: greeted on holidays; a visit and a gift on the
 *   birthday, flowers on the wedding anniversary, a gift on a promotion, a visit
 *   on the company's anniversary, a greeting on any other date;
 * - `general`, `3-star`, `2-star`, `1-star`: greeted on holidays and on every
 *   special date;
 * - `potential`: greeted on holidays only.
 *
 * Greetings go by e-mail at 09:00 and visits are planned at 10:00, local time.
 * There are no holiday lists and no gift budgets: holidays depend on the country
 * and budgets on the currency, so add both.
 *
 * @remarks
 * RULES.md says "per tier" without saying what each tier gets; the defaults
 * follow the brief's examples and give a personal touch (visit, gift, flowers) only
 * to the tiers whose service standard includes visits.
 *
 * @example
 * ```ts
 * import { Greeting } from "@clientele/visits"
 *
 * Greeting.defaultPolicy.tiers.major?.specialDates.birthday?.actions // ["visit", "gift"]
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const defaultPolicy: GreetingPolicy = Schema.decodeUnknownSync(GreetingPolicy)({
  version: 1,
  holidayLists: [],
  channel: "email",
  sendAt: "09:00",
  visitAt: "10:00",
  tiers: {
    major: majorRule,
    "5-star": majorRule,
    "4-star": majorRule,
    general: generalRule,
    "3-star": generalRule,
    "2-star": generalRule,
    "1-star": generalRule,
    potential: potentialRule,
  },
})

/**
 * A customer to plan for: id, tier, the IANA zone whose wall clock the touches
 * follow, the country and region that select holiday lists, and the profile
 * holding the special dates (VIS-7; its `customerId` must be the customer's).
 *
 * @example
 * ```ts
 * import { Greeting } from "@clientele/visits"
 * import * as Schema from "effect/Schema"
 *
 * const customer = Schema.decodeUnknownSync(Greeting.GreetingCustomer)({
 *   id: "cus-1",
 *   tier: "major",
 *   zone: "Europe/Berlin",
 *   country: "DE",
 *   region: "BY",
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const GreetingCustomer = Schema.Struct({
  id: Ids.CustomerId,
  tier: TierName,
  zone: Period.TimeZone,
  country: Schema.optional(CountryCode),
  region: Schema.optional(Region),
  profile: Schema.optional(Profile.CustomerProfile),
}).pipe(
  Schema.filter((customer) =>
    customer.profile !== undefined && customer.profile.customerId !== customer.id
      ? {
          path: ["profile", "customerId"],
          message: `the profile belongs to ${customer.profile.customerId}, not to ${customer.id}`,
        }
      : undefined,
  ),
  Schema.annotations({ identifier: "GreetingCustomer" }),
)

/**
 * The type of {@link GreetingCustomer}.
 *
 * @example
 * ```ts
 * import type { Greeting } from "@clientele/visits"
 *
 * const inBavaria = (customer: Greeting.GreetingCustomer) => customer.region === "BY"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type GreetingCustomer = typeof GreetingCustomer.Type

/**
 * The range of civil dates `[from, to)` whose holidays and special dates are
 * planned (`to` excluded, at most 3,660 days after `from`).
 *
 * @example
 * ```ts
 * import { Greeting } from "@clientele/visits"
 * import * as Schema from "effect/Schema"
 *
 * const year = Schema.decodeUnknownSync(Greeting.Horizon)({ from: "2025-01-01", to: "2026-01-01" })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Horizon = Schema.Struct({ from: Period.CivilDate, to: Period.CivilDate }).pipe(
  Schema.filter((horizon) => {
    const days = (Civil.parse(horizon.to) ?? 0) - (Civil.parse(horizon.from) ?? 0)
    if (days <= 0) return { path: ["to"], message: "the horizon ends after it starts" }
    return days <= MAX_HORIZON_DAYS
      ? undefined
      : { path: ["to"], message: `a horizon covers at most ${MAX_HORIZON_DAYS} days` }
  }),
  Schema.annotations({ identifier: "Horizon" }),
)

/**
 * The type of {@link Horizon}.
 *
 * @example
 * ```ts
 * import { Period } from "@clientele/core"
 * import type { Greeting } from "@clientele/visits"
 *
 * const q1: Greeting.Horizon = { from: Period.CivilDate.make("2025-01-01"), to: Period.CivilDate.make("2025-04-01") }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Horizon = typeof Horizon.Type

/**
 * Where a touch comes from: a public `holiday` (the list and holiday in `ruleId`,
 * the holiday's name, the date of its first day) or a `specialDate` of the profile
 * (the tier and kind in `ruleId`, the important date's id, the date it falls on,
 * and how many years it has been).
 *
 * @example
 * ```ts
 * import { Greeting } from "@clientele/visits"
 * import * as Schema from "effect/Schema"
 *
 * const provenance = Schema.decodeUnknownSync(Greeting.Provenance)({
 *   source: "holiday",
 *   ruleId: "fr/Bastille Day",
 *   holiday: "Bastille Day",
 *   occurrence: "2025-07-14",
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Provenance = Schema.Union(
  Schema.Struct({
    source: Schema.Literal("holiday"),
    ruleId: Schema.String,
    holiday: Schema.String,
    occurrence: Period.CivilDate,
  }),
  Schema.Struct({
    source: Schema.Literal("specialDate"),
    ruleId: Schema.String,
    importantDateId: Schema.String,
    dateKind: Profile.DateKind,
    occurrence: Period.CivilDate,
    years: Schema.optional(Schema.Int),
  }),
)

/**
 * The type of {@link Provenance}.
 *
 * @example
 * ```ts
 * import type { Greeting } from "@clientele/visits"
 *
 * const fromHoliday = (provenance: Greeting.Provenance) => provenance.source === "holiday"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Provenance = typeof Provenance.Type

/**
 * A planned touch: a deterministic `id` (from the customer, the source, its
 * occurrence and the kind, so that re-planning finds it again), the customer, the
 * kind, the civil date it is due on and the instant of its local time in the
 * customer's zone, the channel (greetings), the gift (gifts and flowers), its
 * provenance and the policy version that planned it.
 *
 * @example
 * ```ts
 * import type { Greeting } from "@clientele/visits"
 *
 * const label = (touch: Greeting.PlannedTouch) => `${touch.kind} for ${touch.customerId} on ${touch.dueOn}`
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const PlannedTouch = Schema.Struct({
  id: Schema.String,
  customerId: Ids.CustomerId,
  kind: TouchKind,
  dueOn: Period.CivilDate,
  at: Period.Instant,
  zone: Period.TimeZone,
  channel: Schema.optional(Channel),
  gift: Schema.optional(Gift),
  provenance: Provenance,
  policyVersion: PositiveInt,
})

/**
 * The type of {@link PlannedTouch}.
 *
 * @example
 * ```ts
 * import type { Greeting } from "@clientele/visits"
 *
 * const visits = (touches: ReadonlyArray<Greeting.PlannedTouch>) => touches.filter((t) => t.kind === "visit")
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type PlannedTouch = typeof PlannedTouch.Type

/**
 * What an already planned touch must say for re-planning to recognise it. Pass
 * the touches that should block a new one (planned or done); leave out cancelled
 * ones so that they can be planned again.
 *
 * @example
 * ```ts
 * import type { Greeting } from "@clientele/visits"
 *
 * const stored: Greeting.ExistingTouch = { id: "cus-1:holiday:fr%2FNoel:2025-12-25:greeting", customerId: "cus-1", kind: "greeting", dueOn: "2025-12-25" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface ExistingTouch {
  readonly id: string
  readonly customerId: string
  readonly kind: TouchKind
  readonly dueOn: string
}

/**
 * Why a touch was not planned: `DUPLICATE` (the customer already has a touch of
 * that kind that day, or this very touch), `NO_ACTION` (the tier gets nothing for
 * it), `UNKNOWN_TIER` (the policy has no rule for the tier), `NO_WORKING_CALENDAR`
 * (a visit needs a working calendar to avoid closed days) or `NO_BUSINESS_DAY`
 * (the calendar has no business day within its horizon to shift a visit to).
 *
 * @example
 * ```ts
 * import { Greeting } from "@clientele/visits"
 *
 * Greeting.SkipReason.literals.includes("DUPLICATE") // true
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const SkipReason = Schema.Literal(
  "DUPLICATE",
  "NO_ACTION",
  "UNKNOWN_TIER",
  "NO_WORKING_CALENDAR",
  "NO_BUSINESS_DAY",
)

/**
 * The type of {@link SkipReason}.
 *
 * @example
 * ```ts
 * import type { Greeting } from "@clientele/visits"
 *
 * const reason: Greeting.SkipReason = "NO_ACTION"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type SkipReason = typeof SkipReason.Type

/**
 * A touch that was not planned, with its reason, a readable detail, and what is
 * known of it (its id, kind and date once computed, its provenance).
 *
 * @example
 * ```ts
 * import type { Greeting } from "@clientele/visits"
 *
 * const duplicates = (skipped: ReadonlyArray<Greeting.Skipped>) => skipped.filter((s) => s.reason === "DUPLICATE")
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Skipped = Schema.Struct({
  customerId: Ids.CustomerId,
  reason: SkipReason,
  detail: Schema.String,
  touchId: Schema.optional(Schema.String),
  kind: Schema.optional(TouchKind),
  dueOn: Schema.optional(Period.CivilDate),
  provenance: Schema.optional(Provenance),
})

/**
 * The type of {@link Skipped}.
 *
 * @example
 * ```ts
 * import type { Greeting } from "@clientele/visits"
 *
 * const why = (skipped: Greeting.Skipped) => `${skipped.reason}: ${skipped.detail}`
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Skipped = typeof Skipped.Type

/**
 * The result of {@link planGreetings}: the new touches, ordered by date, customer,
 * kind and id, and what was skipped, with the policy version used.
 *
 * @example
 * ```ts
 * import type { Greeting } from "@clientele/visits"
 *
 * const count = (plan: Greeting.GreetingPlan) => plan.touches.length
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export const GreetingPlan = Schema.Struct({
  policyVersion: PositiveInt,
  touches: Schema.Array(PlannedTouch),
  skipped: Schema.Array(Skipped),
})

/**
 * The type of {@link GreetingPlan}.
 *
 * @example
 * ```ts
 * import type { Greeting } from "@clientele/visits"
 *
 * const nothingNew = (plan: Greeting.GreetingPlan) => plan.touches.length === 0
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export type GreetingPlan = typeof GreetingPlan.Type

/**
 * What {@link planGreetings} plans from: the customers, the policy, the horizon,
 * the working calendar that visits must avoid closed days of (required as soon as
 * a tier gets visits), and the touches already planned.
 *
 * @example
 * ```ts
 * import { Period } from "@clientele/core"
 * import { Greeting } from "@clientele/visits"
 *
 * const input: Greeting.PlanInput = {
 *   customers: [],
 *   policy: Greeting.defaultPolicy,
 *   horizon: { from: Period.CivilDate.make("2025-01-01"), to: Period.CivilDate.make("2026-01-01") },
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface PlanInput {
  readonly customers: ReadonlyArray<GreetingCustomer>
  readonly policy: GreetingPolicy
  readonly horizon: Horizon
  readonly workingCalendar?: WorkingCalendar.WorkingCalendar
  readonly existing?: ReadonlyArray<ExistingTouch>
}

/** Validates a part of the input, prefixing the issues' paths with the part's name. */
const validated = <A, I>(
  schema: Schema.Schema<A, I, never>,
  value: unknown,
  path: ReadonlyArray<string>,
  issues: Array<Errors.ValidationIssue>,
): void => {
  const result = Schema.validateEither(schema, { errors: "all" })(value)
  if (Either.isRight(result)) return
  for (const issue of Errors.ValidationError.fromParseError(result.left).issues)
    issues.push({ path: [...path, ...issue.path], message: issue.message })
}

/** The first day of each run of a holiday that starts within `[fromDay, toDay)`. */
const firstDaysOf = (
  holiday: WorkingCalendar.Holiday,
  fromDay: number,
  toDay: number,
): ReadonlyArray<number> => {
  const start = Civil.parse(holiday.date) ?? 0
  if (!holiday.yearly) return start >= fromDay && start < toDay ? [start] : []
  const { year: firstYear, month, day } = Civil.fieldsOf(start)
  const out: Array<number> = []
  const lastYear = Civil.fieldsOf(toDay - 1).year
  for (let year = Math.max(firstYear, Civil.fieldsOf(fromDay).year); year <= lastYear; year++) {
    // As on the working calendar, a yearly 29 February falls only in leap years.
    if (month === 2 && day === 29 && !Civil.isLeapYear(year)) continue
    const first = Civil.dayNumberOf(year, month, day)
    if (first >= fromDay && first < toDay) out.push(first)
  }
  return out
}

const reaches = (list: HolidayList, customer: GreetingCustomer): boolean =>
  (list.country === undefined || list.country === customer.country) &&
  (list.region === undefined || list.region === customer.region)

/** The instant of a wall-clock time on a civil date in a zone, under a DST policy. */
const instantOf = (
  date: Period.CivilDate,
  time: WorkingCalendar.LocalTime,
  zone: Period.TimeZone,
  dst: WorkingCalendar.DstPolicy,
): number =>
  Zone.instantOf(
    zone,
    (Civil.parse(date) ?? 0) * Civil.dayMs + (WorkingCalendar.millisecondsOfDay(time) ?? 0),
    dst,
  )

/**
 * The deterministic id of a touch: its parts, each URI-encoded so that no
 * customer id or holiday name can make two different touches share an id.
 */
const touchIdOf = (
  customerId: string,
  source: Provenance["source"],
  sourceKey: string,
  occurrence: string,
  kind: TouchKind,
): string =>
  [customerId, source, sourceKey, occurrence, kind]
    .map((part) => encodeURIComponent(part))
    .join(":")

const dayKey = (customerId: string, kind: string, dueOn: string): string =>
  `${customerId}\u0000${kind}\u0000${dueOn}`

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/**
 * Plans the greetings, gifts, flowers and visits of VIS-8 for customers over a
 * horizon (see the module's description for the rules). Fails with a
 * `ValidationError` naming the path (`customers.3.zone`, `policy.tiers.major`,
 * `horizon.to`) when the input does not satisfy its schemas; a visit with no
 * business day to move to is reported in `skipped` (`NO_BUSINESS_DAY`).
 *
 * Every holiday occurrence and special-date occurrence inside the horizon is
 * considered; a visit shifted past the horizon's end is still planned (the
 * horizon selects occurrences), and a holiday run that began before the horizon
 * is not greeted again.
 *
 * @example
 * ```ts
 * import { Period } from "@clientele/core"
 * import { Greeting, Profile } from "@clientele/visits"
 * import * as Either from "effect/Either"
 * import * as Schema from "effect/Schema"
 *
 * const policy = Schema.decodeUnknownSync(Greeting.GreetingPolicy)({
 *   ...Schema.encodeSync(Greeting.GreetingPolicy)(Greeting.defaultPolicy),
 *   holidayLists: [{ id: "all", holidays: [{ name: "New Year", date: "2025-01-01", yearly: true }] }],
 * })
 * const plan = Greeting.planGreetings({
 *   customers: [
 *     Schema.decodeUnknownSync(Greeting.GreetingCustomer)({
 *       id: "cus-1",
 *       tier: "general",
 *       zone: "Europe/Paris",
 *       profile: Profile.make({ customerId: "cus-1", zone: "Europe/Paris", importantDates: [{ id: "bd", kind: "birthday", date: "--05-04" }] }),
 *     }),
 *   ],
 *   policy,
 *   horizon: { from: Period.CivilDate.make("2025-01-01"), to: Period.CivilDate.make("2026-01-01") },
 * })
 * Either.map(plan, (p) => p.touches.map((t) => `${t.kind} ${t.dueOn}`)) // Right(["greeting 2025-01-01", "greeting 2025-05-04"])
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const planGreetings = (
  input: PlanInput,
): Either.Either<GreetingPlan, Errors.ValidationError> => {
  const issues: Array<Errors.ValidationIssue> = []
  validated(Schema.Array(GreetingCustomer), input.customers, ["customers"], issues)
  validated(GreetingPolicy, input.policy, ["policy"], issues)
  validated(Horizon, input.horizon, ["horizon"], issues)
  if (issues.length > 0) return Either.left(Errors.ValidationError.fromIssues(issues))

  const { policy, horizon, workingCalendar } = input
  const fromDay = Civil.parse(horizon.from) ?? 0
  const toDay = Civil.parse(horizon.to) ?? 0
  const dst = policy.dst ?? workingCalendar?.dst ?? "compatible"
  const existingIds = new Set<string>()
  const takenDays = new Map<string, string>()
  for (const touch of input.existing ?? []) {
    existingIds.add(touch.id)
    takenDays.set(dayKey(touch.customerId, touch.kind, touch.dueOn), touch.id)
  }

  const touches: Array<PlannedTouch> = []
  const skipped: Array<Skipped> = []

  for (const customer of input.customers) {
    const rule = Object.hasOwn(policy.tiers, customer.tier)
      ? policy.tiers[customer.tier]
      : undefined
    if (rule === undefined) {
      skipped.push({
        customerId: customer.id,
        reason: "UNKNOWN_TIER",
        detail: `greeting policy ${policy.version} has no rule for tier ${customer.tier}`,
      })
      continue
    }
    const candidates: Array<PlannedTouch> = []

    const plan = (
      kind: TouchKind,
      occurrence: Period.CivilDate,
      provenance: Provenance,
      sourceKey: string,
      gift: Gift | undefined,
    ): void => {
      const id = touchIdOf(customer.id, provenance.source, sourceKey, occurrence, kind)
      let dueOn = occurrence
      if (kind === "visit") {
        if (workingCalendar === undefined) {
          skipped.push({
            customerId: customer.id,
            reason: "NO_WORKING_CALENDAR",
            detail: `a visit on ${occurrence} needs a working calendar to avoid closed days`,
            touchId: id,
            kind,
            provenance,
          })
          return
        }
        const shifted = BusinessDays.add(workingCalendar, occurrence, 0)
        if (Either.isLeft(shifted)) {
          skipped.push({
            customerId: customer.id,
            reason: "NO_BUSINESS_DAY",
            detail: `no business day to visit on from ${occurrence}: ${shifted.left.message}`,
            touchId: id,
            kind,
            provenance,
          })
          return
        }
        dueOn = shifted.right
      }
      const at = instantOf(
        dueOn,
        kind === "visit" ? policy.visitAt : policy.sendAt,
        customer.zone,
        dst,
      )
      candidates.push({
        id,
        customerId: customer.id,
        kind,
        dueOn,
        at,
        zone: customer.zone,
        ...(kind === "greeting" ? { channel: rule.channel ?? policy.channel } : {}),
        ...((kind === "gift" || kind === "flowers") && gift !== undefined ? { gift } : {}),
        provenance,
        policyVersion: policy.version,
      })
      return
    }

    if (customer.profile !== undefined) {
      for (const { importantDate, occurrence } of Profile.upcoming(
        customer.profile,
        horizon.from,
        horizon.to,
      )) {
        const provenance: Provenance = {
          source: "specialDate",
          ruleId: `${customer.tier}/${importantDate.kind}`,
          importantDateId: importantDate.id,
          dateKind: importantDate.kind,
          occurrence: occurrence.date,
          ...(occurrence.years !== undefined ? { years: occurrence.years } : {}),
        }
        const dateRule = rule.specialDates[importantDate.kind]
        if (dateRule === undefined || dateRule.actions.includes("none")) {
          skipped.push({
            customerId: customer.id,
            reason: "NO_ACTION",
            detail: `tier ${customer.tier} gets nothing on a ${importantDate.kind}`,
            dueOn: occurrence.date,
            provenance,
          })
          continue
        }
        for (const action of dateRule.actions) {
          if (action === "none") continue
          plan(action, occurrence.date, provenance, importantDate.id, dateRule.gift)
        }
      }
    }

    for (const list of policy.holidayLists) {
      if (!reaches(list, customer)) continue
      for (const holiday of list.holidays) {
        const name = holiday.name ?? holiday.date
        for (const first of firstDaysOf(holiday, fromDay, toDay)) {
          const occurrence = Civil.format(first) as Period.CivilDate
          const provenance: Provenance = {
            source: "holiday",
            ruleId: `${list.id}/${name}`,
            holiday: name,
            occurrence,
          }
          if (!rule.holidays) {
            skipped.push({
              customerId: customer.id,
              reason: "NO_ACTION",
              detail: `tier ${customer.tier} is not greeted on public holidays`,
              dueOn: occurrence,
              provenance,
            })
            continue
          }
          plan("greeting", occurrence, provenance, `${list.id}/${name}`, undefined)
        }
      }
    }

    // Special dates are personal and win a day over a holiday; then earlier first.
    candidates.sort(
      (a, b) =>
        (a.provenance.source === b.provenance.source
          ? 0
          : a.provenance.source === "specialDate"
            ? -1
            : 1) ||
        compareText(a.provenance.occurrence, b.provenance.occurrence) ||
        compareText(a.id, b.id),
    )
    for (const touch of candidates) {
      const key = dayKey(touch.customerId, touch.kind, touch.dueOn)
      const holder = existingIds.has(touch.id) ? touch.id : takenDays.get(key)
      if (holder !== undefined) {
        skipped.push({
          customerId: touch.customerId,
          reason: "DUPLICATE",
          detail:
            holder === touch.id
              ? "this touch is already planned"
              : `the customer already has a ${touch.kind} on ${touch.dueOn} (${holder})`,
          touchId: touch.id,
          kind: touch.kind,
          dueOn: touch.dueOn,
          provenance: touch.provenance,
        })
        continue
      }
      takenDays.set(key, touch.id)
      touches.push(touch)
    }
  }

  touches.sort(
    (a, b) =>
      compareText(a.dueOn, b.dueOn) ||
      compareText(a.customerId, b.customerId) ||
      compareText(a.kind, b.kind) ||
      compareText(a.id, b.id),
  )
  return Either.right({ policyVersion: policy.version, touches, skipped })
}
