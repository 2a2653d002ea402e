/**
 * Relationship cadence by tier (VIS-10): plans each customer's relationship visits
 * and contacts for a period from the service standard of the customer's tier
 * (SEG-5: visits and contacts per period), spread evenly over the period and
 * staggered between the customers of a tier, on the working days and within the
 * working hours of the customer's working calendar in its own time zone; gives the
 * top tiers' visits the regular-revisit agenda (usage, satisfaction, product
 * defects, new needs, suggestions); re-plans idempotently
 * when tiers change or touches are cancelled; and reports adherence, planned
 * against done, per tier, overall and per customer.
 *
 * The module is pure: {@link plan} and {@link adherence} take plain data (the
 * standards map that `Policy.standards` of `@clientele/segmentation` gives, the
 * working calendars, the previous plan, the done records, `now`) and return plain
 * objects; a service stores and loads them. A plan of a year for 100,000 customers
 * takes a fraction of a second: each calendar's fitting days are computed once per
 * period, then every customer's touches are index arithmetic.
 *
 * @since 0.1.0
 */
import { type CalendarError, WorkingCalendar } from "@clientele/calendar"
import { Civil, Errors, Ids, Period } from "@clientele/core"
import type { Policy } from "@clientele/segmentation"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import { planTouches } from "./internal/cadencePlanner.js"

const Name = Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(64))
const Count = Schema.Int.pipe(Schema.nonNegative())
const Minutes = Schema.Int.pipe(Schema.between(1, 1440))

/** The longest period planned at once: a hundred years of days. */
const MAX_PERIOD_DAYS = 36_600

/**
 * What a regular revisit of a major customer sets out to learn (VIS-10): how the
 * customer uses the products, how satisfied it is, the product defects it met, its
 * new needs and its suggestions.
 *
 * @example
 * ```ts
 * import { Cadence } from "@clientele/visits"
 *
 * Cadence.AgendaItem.literals // ["usage", "satisfaction", "productDefects", "newNeeds", "suggestions"]
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const AgendaItem = Schema.Literal(
  "usage",
  "satisfaction",
  "productDefects",
  "newNeeds",
  "suggestions",
)

/**
 * The type of {@link AgendaItem}.
 *
 * @example
 * ```ts
 * import type { Cadence } from "@clientele/visits"
 *
 * const item: Cadence.AgendaItem = "productDefects"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type AgendaItem = typeof AgendaItem.Type

/**
 * The two kinds of relationship touch of a service standard: an on-site `visit`
 * (`visitsPerPeriod`) and a `contact` (`contactsPerPeriod`: a call, a message).
 *
 * @example
 * ```ts
 * import { Cadence } from "@clientele/visits"
 *
 * Cadence.TouchKind.literals // ["visit", "contact"]
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const TouchKind = Schema.Literal("visit", "contact")

/**
 * The type of {@link TouchKind}.
 *
 * @example
 * ```ts
 * import type { Cadence } from "@clientele/visits"
 *
 * const kind: Cadence.TouchKind = "visit"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type TouchKind = typeof TouchKind.Type

/**
 * How a contact reaches the customer.
 *
 * @example
 * ```ts
 * import { Cadence } from "@clientele/visits"
 *
 * Cadence.ContactChannel.literals // ["phone", "video", "email", "message"]
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ContactChannel = Schema.Literal("phone", "video", "email", "message")

/**
 * The type of {@link ContactChannel}.
 *
 * @example
 * ```ts
 * import type { Cadence } from "@clientele/visits"
 *
 * const channel: Cadence.ContactChannel = "video"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type ContactChannel = typeof ContactChannel.Type

/**
 * The channel of a planned touch: `onSite` for a visit, a {@link ContactChannel}
 * for a contact.
 *
 * @example
 * ```ts
 * import { Cadence } from "@clientele/visits"
 *
 * Cadence.Channel.literals // ["onSite", "phone", "video", "email", "message"]
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Channel = Schema.Literal("onSite", "phone", "video", "email", "message")

/**
 * The type of {@link Channel}.
 *
 * @example
 * ```ts
 * import type { Cadence } from "@clientele/visits"
 *
 * const channel: Cadence.Channel = "onSite"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Channel = typeof Channel.Type

/** A wall-clock start time: a `LocalTime` before 24:00 (24:00 only ends a range). */
const StartTime = WorkingCalendar.LocalTime.pipe(
  Schema.filter(
    (time) =>
      (WorkingCalendar.millisecondsOfDay(time) ?? 0) < Civil.dayMs || "a touch starts before 24:00",
  ),
)

/**
 * When and how long a visit takes: its wall-clock start `time` in the zone of the
 * customer's working calendar and its `durationMinutes` (1 to 1,440). The whole
 * visit, `[start, start + duration)`, lies in working time.
 *
 * @example
 * ```ts
 * import { Cadence } from "@clientele/visits"
 * import * as Schema from "effect/Schema"
 *
 * const morning = Schema.decodeUnknownSync(Cadence.VisitSlot)({ time: "09:30", durationMinutes: 60 })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const VisitSlot = Schema.Struct({ time: StartTime, durationMinutes: Minutes })

/**
 * The type of {@link VisitSlot}.
 *
 * @example
 * ```ts
 * import type { Cadence } from "@clientele/visits"
 *
 * const hours = (slot: Cadence.VisitSlot) => slot.durationMinutes / 60
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type VisitSlot = typeof VisitSlot.Type

/**
 * When, how long and by which channel a contact is made: like a {@link VisitSlot},
 * with its {@link ContactChannel}.
 *
 * @example
 * ```ts
 * import { Cadence } from "@clientele/visits"
 * import * as Schema from "effect/Schema"
 *
 * const call = Schema.decodeUnknownSync(Cadence.ContactSlot)({
 *   time: "16:00",
 *   durationMinutes: 20,
 *   channel: "phone",
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ContactSlot = Schema.Struct({
  time: StartTime,
  durationMinutes: Minutes,
  channel: ContactChannel,
})

/**
 * The type of {@link ContactSlot}.
 *
 * @example
 * ```ts
 * import type { Cadence } from "@clientele/visits"
 *
 * const byPhone = (slot: Cadence.ContactSlot) => slot.channel === "phone"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type ContactSlot = typeof ContactSlot.Type

/**
 * A tier's own counts, replacing those of its service standard (SEG-5) for
 * planning only: a count left out keeps the standard's.
 *
 * @example
 * ```ts
 * import { Cadence } from "@clientele/visits"
 *
 * const moreCalls = Cadence.StandardOverride.make({ tier: "general", contactsPerPeriod: 6 })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const StandardOverride = Schema.Struct({
  tier: Name,
  visitsPerPeriod: Schema.optional(Count),
  contactsPerPeriod: Schema.optional(Count),
})

/**
 * The type of {@link StandardOverride}.
 *
 * @example
 * ```ts
 * import type { Cadence } from "@clientele/visits"
 *
 * const noVisits: Cadence.StandardOverride = { tier: "general", visitsPerPeriod: 0 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type StandardOverride = typeof StandardOverride.Type

/**
 * How a wall-clock time that a DST transition skips (a gap) or repeats (a fold)
 * becomes an instant: `"calendar"` uses the working calendar's own `dst` policy;
 * `"compatible"`, `"earlier"` and `"later"` override it (Temporal's semantics, as in
 * `WorkingCalendar.DstPolicy`).
 *
 * @example
 * ```ts
 * import { Cadence } from "@clientele/visits"
 *
 * Cadence.DstChoice.literals // ["calendar", "compatible", "earlier", "later"]
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const DstChoice = Schema.Literal("calendar", "compatible", "earlier", "later")

/**
 * The type of {@link DstChoice}.
 *
 * @example
 * ```ts
 * import type { Cadence } from "@clientele/visits"
 *
 * const dst: Cadence.DstChoice = "calendar"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type DstChoice = typeof DstChoice.Type

/**
 * How the touches of a kind are spread over the period. `"even"`: the period's
 * days are cut into `n` equal slices (slice `i` starts on day `⌊i·days/n⌋`) and the
 * `i`-th touch is due in the `i`-th slice, on the day the policy's {@link Stagger}
 * picks among the slice's fitting days, and after the previous touch's day.
 *
 * @example
 * ```ts
 * import { Cadence } from "@clientele/visits"
 *
 * Cadence.Spread.literals // ["even"]
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Spread = Schema.Literal("even")

/**
 * The type of {@link Spread}.
 *
 * @example
 * ```ts
 * import type { Cadence } from "@clientele/visits"
 *
 * const spread: Cadence.Spread = "even"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Spread = typeof Spread.Type

/**
 * Where in its slice a customer's touch falls, so that the customers of a tier
 * sharing a calendar are not all due on the same day (VIS-10).
 *
 * - `"byCustomer"` (the default): each customer has a fixed position in `[0, 1)`,
 *   read from a 32-bit hash of its id (FNV-1a over the id's UTF-16 code units,
 *   mixed by the MurmurHash3 finaliser, divided by 2³²); its touch is due on the
 *   fitting day at that position among the slice's fitting days (with `c` fitting
 *   days, the `⌊position·c⌋`-th, counting from 0). The customers of a tier are
 *   thus spread over the slice's working days, each at the same relative place in
 *   every slice, and a customer's days depend on its id alone, not on the other
 *   customers or their order.
 * - `"none"`: every touch is due on its slice's first fitting day, so all the
 *   customers of a tier on one calendar share their due dates.
 *
 * Either way, a slice without a fitting day falls back to the first fitting day
 * after it, and a touch comes after the previous touch of its kind, within the
 * period.
 *
 * @example
 * ```ts
 * import { Cadence } from "@clientele/visits"
 *
 * Cadence.Stagger.literals // ["byCustomer", "none"]
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Stagger = Schema.Literal("byCustomer", "none")

/**
 * The type of {@link Stagger}.
 *
 * @example
 * ```ts
 * import type { Cadence } from "@clientele/visits"
 *
 * const stagger: Cadence.Stagger = "byCustomer"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Stagger = typeof Stagger.Type

/**
 * The cadence policy (VIS-10), versioned data: how touches are spread
 * ({@link Spread}) and staggered between customers ({@link Stagger}), a visit's start time and duration, a contact's start time,
 * duration and channel, which tiers' visits are regular revisits and what their
 * agenda is, which tiers knowingly have no cadence, per-tier overrides of the
 * standards' counts, and the DST choice. Build it with {@link makePolicy}; every
 * default is listed there.
 *
 * @example
 * ```ts
 * import { Cadence } from "@clientele/visits"
 *
 * Cadence.defaultPolicy.visit.time // "10:00"
 * Cadence.defaultPolicy.revisitTiers // ["major", "5-star"]
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export class CadencePolicy extends Schema.Class<CadencePolicy>("CadencePolicy")(
  Schema.Struct({
    version: Name,
    spread: Spread,
    // A policy stored before the field existed decodes to the default stagger.
    stagger: Schema.optionalWith(Stagger, { default: () => "byCustomer" as const }),
    visit: VisitSlot,
    contact: ContactSlot,
    revisitTiers: Schema.Array(Name),
    revisitAgenda: Schema.NonEmptyArray(AgendaItem),
    unplannedTiers: Schema.Array(Name),
    standardOverrides: Schema.Array(StandardOverride),
    dst: DstChoice,
  }).pipe(
    Schema.filter((policy) => {
      const issues: Array<Schema.FilterIssue> = []
      if (new Set(policy.revisitAgenda).size !== policy.revisitAgenda.length) {
        issues.push({ path: ["revisitAgenda"], message: "an agenda lists each item once" })
      }
      const seen = new Set<string>()
      policy.standardOverrides.forEach((override, index) => {
        if (seen.has(override.tier)) {
          issues.push({
            path: ["standardOverrides", index, "tier"],
            message: `the tier ${override.tier} has two overrides; give a tier one override`,
          })
        }
        seen.add(override.tier)
      })
      return issues
    }),
  ),
  { description: "the relationship-cadence policy of VIS-10" },
) {}

/**
 * What {@link makePolicy} accepts: the version and any part to change from the
 * defaults, as encoded data (plain objects and arrays).
 *
 * @example
 * ```ts
 * import type { Cadence } from "@clientele/visits"
 *
 * const input: Cadence.PolicyInput = { version: "2025", contact: { time: "11:00", durationMinutes: 15, channel: "video" } }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type PolicyInput = Partial<typeof CadencePolicy.Encoded> & { readonly version: string }

/**
 * Builds and validates a cadence policy from the defaults and the parts given;
 * bad input gives a `ValidationError` naming every failing field.
 *
 * Defaults: touches spread `"even"`ly and staggered `"byCustomer"` (each customer
 * at its own place in each slice); a visit at 10:00 for 90 minutes; a contact
 * by phone at 15:00 for 15 minutes (in the afternoon, so that it never collides
 * with a morning visit on the same day); regular revisits for the tiers `"major"`
 * and `"5-star"` (the top tiers of the two built-in schemes of
 * `@clientele/segmentation`) with the full agenda of VIS-10; no unplanned tiers; no
 * overrides; DST resolved by each calendar's own policy.
 *
 * @remarks
 * RULES.md does not fix the time of day, the duration or the channel of a touch:
 * the defaults above are a sensible office routine, each a field of the policy. Nor
 * does it say how a team copes with a whole tier due on the same day: the
 * `byCustomer` stagger spreads the customers over each slice's working days by a
 * hash of their ids (a day holds about `customers / working days` of them, give or
 * take the hash's random spread); `"none"` keeps every touch on its slice's first
 * fitting day. A policy document without `stagger` decodes to `"byCustomer"`.
 *
 * @example
 * ```ts
 * import { Cadence } from "@clientele/visits"
 * import * as Either from "effect/Either"
 *
 * const policy = Cadence.makePolicy({ version: "2025", visit: { time: "14:00", durationMinutes: 60 } })
 * Either.isRight(policy) // true
 * Either.isLeft(Cadence.makePolicy({ version: "2025", visit: { time: "24:00", durationMinutes: 60 } })) // true
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const makePolicy = (
  input: PolicyInput,
): Either.Either<CadencePolicy, Errors.ValidationError> =>
  Errors.decodeEither(CadencePolicy)({
    spread: "even",
    stagger: "byCustomer",
    visit: { time: "10:00", durationMinutes: 90 },
    contact: { time: "15:00", durationMinutes: 15, channel: "phone" },
    revisitTiers: ["major", "5-star"],
    revisitAgenda: ["usage", "satisfaction", "productDefects", "newNeeds", "suggestions"],
    unplannedTiers: [],
    standardOverrides: [],
    dst: "calendar",
    ...input,
  })

/**
 * The default cadence policy (version `"default"`); see {@link makePolicy} for
 * every default.
 *
 * @example
 * ```ts
 * import { Cadence } from "@clientele/visits"
 *
 * Cadence.defaultPolicy.contact.channel // "phone"
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const defaultPolicy: CadencePolicy = Either.getOrThrow(makePolicy({ version: "default" }))

/**
 * Where a planned touch stands: `planned`, `booked` (an appointment was agreed for
 * it, VIS-1: re-planning never moves or cancels it) or `cancelled` (it no longer
 * counts; re-planning plans its slot again under a new revision).
 *
 * @example
 * ```ts
 * import { Cadence } from "@clientele/visits"
 *
 * Cadence.TouchStatus.literals // ["planned", "booked", "cancelled"]
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const TouchStatus = Schema.Literal("planned", "booked", "cancelled")

/**
 * The type of {@link TouchStatus}.
 *
 * @example
 * ```ts
 * import type { Cadence } from "@clientele/visits"
 *
 * const status: Cadence.TouchStatus = "booked"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type TouchStatus = typeof TouchStatus.Type

/**
 * Why a touch was cancelled: `beyondStandard` (the tier's standard now asks for
 * fewer touches: a downgrade), `replanned` (its slot is planned anew: another day,
 * another tier or another calendar) or `manual` (cancelled by someone, outside the
 * planner).
 *
 * @example
 * ```ts
 * import { Cadence } from "@clientele/visits"
 *
 * Cadence.CancelReason.literals // ["beyondStandard", "replanned", "manual"]
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const CancelReason = Schema.Literal("beyondStandard", "replanned", "manual")

/**
 * The type of {@link CancelReason}.
 *
 * @example
 * ```ts
 * import type { Cadence } from "@clientele/visits"
 *
 * const reason: Cadence.CancelReason = "beyondStandard"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type CancelReason = typeof CancelReason.Type

/**
 * Where a planned touch comes from: the tier whose service standard it serves, that
 * standard's counts as planned (after overrides) and the cadence policy's version.
 *
 * @example
 * ```ts
 * import { Cadence } from "@clientele/visits"
 *
 * const provenance = Cadence.Provenance.make({
 *   tier: "major",
 *   visitsPerPeriod: 4,
 *   contactsPerPeriod: 12,
 *   policyVersion: "default",
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Provenance = Schema.Struct({
  tier: Name,
  visitsPerPeriod: Count,
  contactsPerPeriod: Count,
  policyVersion: Name,
})

/**
 * The type of {@link Provenance}.
 *
 * @example
 * ```ts
 * import type { Cadence } from "@clientele/visits"
 *
 * const fromMajor = (provenance: Cadence.Provenance) => provenance.tier === "major"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Provenance = typeof Provenance.Type

/**
 * One planned relationship touch (VIS-10). Its `id` is a function of the customer,
 * the kind, the period, the occurrence index (the `i`-th touch of that kind in the
 * period) and the revision (how many times that slot was planned anew after a
 * cancellation or a change), so planning again gives the same ids. `dueDate` is the
 * civil date of `at` in `zone`, the zone of the working calendar `calendarId`;
 * `[at, at + durationMinutes)` lies in that calendar's working time. `agenda` is the
 * regular-revisit agenda for the visits of a revisit tier, empty otherwise.
 *
 * @example
 * ```ts
 * import { Cadence } from "@clientele/visits"
 * import * as Schema from "effect/Schema"
 *
 * const touch = Schema.decodeUnknownSync(Cadence.PlannedTouch)({
 *   id: "cus-1/visit/2025-01-01/2026-01-01/0",
 *   customerId: "cus-1",
 *   tier: "major",
 *   kind: "visit",
 *   periodStart: "2025-01-01",
 *   periodEnd: "2026-01-01",
 *   occurrence: 0,
 *   revision: 0,
 *   dueDate: "2025-01-02",
 *   at: Date.parse("2025-01-02T10:00:00+01:00"),
 *   durationMinutes: 90,
 *   zone: "Europe/Berlin",
 *   calendarId: "berlin",
 *   channel: "onSite",
 *   agenda: ["usage", "satisfaction", "productDefects", "newNeeds", "suggestions"],
 *   status: "planned",
 *   provenance: { tier: "major", visitsPerPeriod: 4, contactsPerPeriod: 12, policyVersion: "default" },
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const PlannedTouch = Schema.Struct({
  id: Schema.NonEmptyString.pipe(Schema.maxLength(1024)),
  customerId: Ids.CustomerId,
  tier: Name,
  kind: TouchKind,
  periodStart: Period.CivilDate,
  periodEnd: Period.CivilDate,
  occurrence: Count,
  revision: Count,
  dueDate: Period.CivilDate,
  at: Period.Instant,
  durationMinutes: Minutes,
  zone: Period.TimeZone,
  calendarId: Ids.IdString,
  channel: Channel,
  agenda: Schema.Array(AgendaItem),
  status: TouchStatus,
  cancelReason: Schema.optional(CancelReason),
  provenance: Provenance,
}).pipe(Schema.annotations({ identifier: "PlannedTouch" }))

/**
 * The type of {@link PlannedTouch}.
 *
 * @example
 * ```ts
 * import type { Cadence } from "@clientele/visits"
 *
 * const isRevisit = (touch: Cadence.PlannedTouch) => touch.kind === "visit" && touch.agenda.length > 0
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type PlannedTouch = typeof PlannedTouch.Type

/**
 * A touch that was carried out: the planned touch's id and the instant it was done.
 *
 * @example
 * ```ts
 * import { Cadence } from "@clientele/visits"
 *
 * const done = Cadence.DoneRecord.make({
 *   touchId: "cus-1/visit/2025-01-01/2026-01-01/0",
 *   at: Date.parse("2025-01-02T11:30:00+01:00"),
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const DoneRecord = Schema.Struct({
  touchId: Schema.NonEmptyString.pipe(Schema.maxLength(1024)),
  at: Period.Instant,
})

/**
 * The type of {@link DoneRecord}.
 *
 * @example
 * ```ts
 * import type { Cadence } from "@clientele/visits"
 *
 * const record: Cadence.DoneRecord = { touchId: "cus-1/contact/2025-01-01/2026-01-01/3", at: Date.UTC(2025, 3, 1, 14) }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type DoneRecord = typeof DoneRecord.Type

/**
 * A customer to plan for: its id, its tier in the period (a key of the standards),
 * and optionally the id of its working calendar and its time zone. A customer
 * without a calendar is served on the default calendar, read in the customer's
 * zone when it has one.
 *
 * @example
 * ```ts
 * import { Ids } from "@clientele/core"
 * import { Cadence } from "@clientele/visits"
 *
 * const customer = Cadence.Customer.make({ id: Ids.CustomerId.make("cus-7"), tier: "general", zone: "Asia/Tokyo" })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Customer = Schema.Struct({
  id: Ids.CustomerId,
  tier: Schema.String,
  zone: Schema.optional(Schema.String),
  calendarId: Schema.optional(Schema.String),
})

/**
 * The type of {@link Customer}.
 *
 * @example
 * ```ts
 * import type { Cadence } from "@clientele/visits"
 * import { Ids } from "@clientele/core"
 *
 * const customer: Cadence.Customer = { id: Ids.CustomerId.make("cus-1"), tier: "major", calendarId: "berlin" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Customer = typeof Customer.Type

/**
 * The counts {@link plan} reads from a tier's service standard (SEG-5); a
 * `Policy.ServiceStandard` of `@clientele/segmentation` is one.
 *
 * @example
 * ```ts
 * import type { Cadence } from "@clientele/visits"
 *
 * const standard: Cadence.StandardCounts = { visitsPerPeriod: 1, contactsPerPeriod: 4 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type StandardCounts = Pick<Policy.ServiceStandard, "visitsPerPeriod" | "contactsPerPeriod">

/**
 * What {@link plan} takes: the period; the customers with their tiers; each tier's
 * service standard (`Policy.standards(policy)` of `@clientele/segmentation`); the
 * working calendars by id and the id of the default one; the cadence policy; and,
 * to re-plan, the touches planned before (`existing`), the records of touches done
 * (`done`) and the current instant (`now`: touches due before it are kept as they
 * are and not planned again).
 *
 * @example
 * ```ts
 * import { WorkingCalendar } from "@clientele/calendar"
 * import { Ids, Period } from "@clientele/core"
 * import { Policy } from "@clientele/segmentation"
 * import { Cadence } from "@clientele/visits"
 * import * as Either from "effect/Either"
 *
 * const input: Cadence.PlanInput = {
 *   period: Period.make("2025-01-01", "2026-01-01", "Europe/Berlin"),
 *   customers: [{ id: Ids.CustomerId.make("cus-1"), tier: "major" }],
 *   standards: Policy.standards(Either.getOrThrow(Policy.make({ version: "2025", currency: "EUR" }))),
 *   calendars: new Map([["berlin", WorkingCalendar.weekdays("Europe/Berlin", "09:00", "17:00")]]),
 *   defaultCalendarId: "berlin",
 *   policy: Cadence.defaultPolicy,
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface PlanInput {
  readonly period: Period.Period
  readonly customers: ReadonlyArray<Customer>
  readonly standards: ReadonlyMap<string, StandardCounts>
  readonly calendars: ReadonlyMap<string, WorkingCalendar.WorkingCalendar>
  readonly defaultCalendarId: string
  readonly policy: CadencePolicy
  readonly existing?: ReadonlyArray<PlannedTouch> | undefined
  readonly done?: ReadonlyArray<DoneRecord> | undefined
  readonly now?: number | undefined
}

/**
 * A customer that gets no touch because its tier is one of the policy's
 * `unplannedTiers`.
 *
 * @example
 * ```ts
 * import { Ids } from "@clientele/core"
 * import { Cadence } from "@clientele/visits"
 *
 * const skip = Cadence.NoStandardSkip.make({
 *   reason: "noStandard",
 *   customerId: Ids.CustomerId.make("cus-9"),
 *   tier: "blocked",
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const NoStandardSkip = Schema.Struct({
  reason: Schema.Literal("noStandard"),
  customerId: Ids.CustomerId,
  tier: Schema.String,
})

/**
 * A run of `count` occurrences of one kind, from `occurrence` on, that could not be
 * planned: `past` (their slice of the period was over at `now` when they came to be
 * planned, after a tier upgrade or a cancellation) or `noWorkingDay` (no fitting
 * day was left in the period after the previous touch).
 *
 * @example
 * ```ts
 * import { Ids } from "@clientele/core"
 * import { Cadence } from "@clientele/visits"
 *
 * const skip = Cadence.SlotSkip.make({
 *   reason: "past",
 *   customerId: Ids.CustomerId.make("cus-3"),
 *   tier: "major",
 *   kind: "visit",
 *   occurrence: 1,
 *   count: 1,
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const SlotSkip = Schema.Struct({
  reason: Schema.Literal("past", "noWorkingDay"),
  customerId: Ids.CustomerId,
  tier: Schema.String,
  kind: TouchKind,
  occurrence: Count,
  count: Schema.Int.pipe(Schema.positive()),
})

/**
 * What {@link plan} could not plan, with the reason: a {@link NoStandardSkip} or a
 * {@link SlotSkip}.
 *
 * @example
 * ```ts
 * import { Cadence } from "@clientele/visits"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(Cadence.Skip)({ reason: "noStandard", customerId: "cus-9", tier: "blocked" }) // true
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Skip = Schema.Union(NoStandardSkip, SlotSkip)

/**
 * The type of {@link Skip}.
 *
 * @example
 * ```ts
 * import type { Cadence } from "@clientele/visits"
 *
 * const isPast = (skip: Cadence.Skip) => skip.reason === "past"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Skip = typeof Skip.Type

/**
 * The result of {@link plan}: `touches`, the live plan of the period for the
 * customers planned (every touch not cancelled: `kept` and `added`, per customer in
 * input order, visits then contacts, by occurrence); `kept`, the existing touches
 * left as they were; `added`, the new touches; `cancelled`, the existing touches
 * this run cancelled, each with its `cancelReason`; and `skipped`, what could not be
 * planned and why.
 *
 * @example
 * ```ts
 * import type { Cadence } from "@clientele/visits"
 *
 * const summary = (result: Cadence.PlanResult) =>
 *   `${result.added.length} added, ${result.kept.length} kept, ${result.cancelled.length} cancelled`
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface PlanResult {
  readonly policyVersion: string
  readonly period: Period.Period
  readonly touches: ReadonlyArray<PlannedTouch>
  readonly kept: ReadonlyArray<PlannedTouch>
  readonly added: ReadonlyArray<PlannedTouch>
  readonly cancelled: ReadonlyArray<PlannedTouch>
  readonly skipped: ReadonlyArray<Skip>
}

/**
 * Adherence figures of a group of touches (VIS-10), as of an instant: `planned`
 * (live touches), `due` (planned instant at or before `asOf`), `done` (a done record
 * at or before `asOf`), `doneOnTime` (done on or before the due date, plus the grace
 * days, in the touch's zone), `overdue` (due, not done, and the due date plus grace
 * is over in the touch's zone), `rate` (the share of the due touches that are done)
 * and `onTimeRate` (the share of the due touches done on time); both rates are
 * `null` when nothing is due.
 *
 * @example
 * ```ts
 * import { Cadence } from "@clientele/visits"
 *
 * const figures = Cadence.AdherenceFigures.make({
 *   planned: 16,
 *   due: 8,
 *   done: 7,
 *   doneOnTime: 6,
 *   overdue: 1,
 *   rate: 0.875,
 *   onTimeRate: 0.75,
 * })
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export const AdherenceFigures = Schema.Struct({
  planned: Count,
  due: Count,
  done: Count,
  doneOnTime: Count,
  overdue: Count,
  rate: Schema.NullOr(Schema.Number.pipe(Schema.between(0, 1))),
  onTimeRate: Schema.NullOr(Schema.Number.pipe(Schema.between(0, 1))),
})

/**
 * The type of {@link AdherenceFigures}.
 *
 * @example
 * ```ts
 * import type { Cadence } from "@clientele/visits"
 *
 * const behind = (figures: Cadence.AdherenceFigures) => figures.overdue > 0
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export type AdherenceFigures = typeof AdherenceFigures.Type

/**
 * The adherence report (VIS-10): the figures overall, per tier (in order of first
 * appearance) and, on request, per customer; and how many done records matched no
 * live touch.
 *
 * @example
 * ```ts
 * import type { Cadence } from "@clientele/visits"
 *
 * const majorRate = (report: Cadence.AdherenceReport) =>
 *   report.byTier.find((entry) => entry.tier === "major")?.figures.rate
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export const AdherenceReport = Schema.Struct({
  asOf: Period.Instant,
  graceDays: Count,
  overall: AdherenceFigures,
  byTier: Schema.Array(Schema.Struct({ tier: Schema.String, figures: AdherenceFigures })),
  byCustomer: Schema.optional(
    Schema.Array(
      Schema.Struct({ customerId: Ids.CustomerId, tier: Schema.String, figures: AdherenceFigures }),
    ),
  ),
  unmatchedDone: Count,
})

/**
 * The type of {@link AdherenceReport}.
 *
 * @example
 * ```ts
 * import type { Cadence } from "@clientele/visits"
 *
 * const overallRate = (report: Cadence.AdherenceReport) => report.overall.rate
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export type AdherenceReport = typeof AdherenceReport.Type

/**
 * Options of {@link adherence}: `byCustomer` adds the per-customer figures;
 * `graceDays` (default 0) is how many days after its due date a touch still counts
 * as done on time and is not yet overdue.
 *
 * @example
 * ```ts
 * import type { Cadence } from "@clientele/visits"
 *
 * const options: Cadence.AdherenceOptions = { byCustomer: true, graceDays: 2 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface AdherenceOptions {
  readonly byCustomer?: boolean | undefined
  readonly graceDays?: number | undefined
}

/**
 * The deterministic id of a planned touch: customer, kind, period (start and end),
 * occurrence index and, from the first re-planning of the slot on, its revision.
 *
 * @example
 * ```ts
 * import { Cadence } from "@clientele/visits"
 * import { Period } from "@clientele/core"
 *
 * const year = Period.make("2025-01-01", "2026-01-01", "UTC")
 * Cadence.touchId("cus-1", "visit", year, 2, 0) // "cus-1/visit/2025-01-01/2026-01-01/2"
 * Cadence.touchId("cus-1", "visit", year, 2, 1) // "cus-1/visit/2025-01-01/2026-01-01/2/r1"
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const touchId = (
  customerId: string,
  kind: TouchKind,
  period: Pick<Period.Period, "start" | "end">,
  occurrence: number,
  revision: number,
): string =>
  `${customerId}/${kind}/${period.start}/${period.end}/${occurrence}${revision > 0 ? `/r${revision}` : ""}`

const invalid = (path: ReadonlyArray<string | number>, message: string) =>
  Either.left(Errors.ValidationError.fromIssues([{ path, message }]))

/** The bounds of `Period.Instant`, checked inline: a schema check per record costs more. */
const FIRST_INSTANT = Civil.dayNumberOf(1, 1, 2) * Civil.dayMs
const LAST_INSTANT = Civil.dayNumberOf(9998, 12, 31) * Civil.dayMs - 1
const isInstant = (value: number): boolean =>
  Number.isSafeInteger(value) && value >= FIRST_INSTANT && value <= LAST_INSTANT

/**
 * Plans the relationship visits and contacts of a period (VIS-10).
 *
 * For each customer, the counts come from its tier's service standard (SEG-5; a
 * policy override replaces a count; an `unplannedTiers` tier gets none and is
 * reported as skipped; a tier with none of these fails with
 * {@link UnknownTierError}). The `n` touches of a kind are spread evenly
 * ({@link Spread}): the `i`-th is due in the `i`-th of `n` equal slices of the
 * period, on a day on which the touch fits the customer's working calendar: its
 * wall-clock time, resolved under the DST choice, lies on that day, and the whole
 * interval `[at, at + duration)` is working time (holidays, partial holidays,
 * breaks and date overrides included). Which fitting day of the slice is the
 * policy's {@link Stagger}: under `byCustomer` (the default) the one at the
 * customer's own position among the slice's fitting days (a hash of its id), under
 * `none` the first. A touch comes after the previous touch's day (else the first
 * fitting day after it); a slice without a fitting day shifts its touch to the next
 * fitting day. Touches that find no fitting day before the period's end (exclusive)
 * are skipped as `noWorkingDay`.
 *
 * Re-planning, with the previous touches as `existing`:
 * - each live (not cancelled) touch belongs to a slot: its own occurrence when it
 *   was planned under the same count, otherwise the slice that holds its due date
 *   (a tier change renumbers the slots);
 * - a touch that is booked, done (in `done`) or due before `now` is kept as it is,
 *   even beyond the new count (a downgrade never deletes what is booked or done),
 *   and covers its slot: planned touches beside it are cancelled
 *   (`beyondStandard`);
 * - in a slot not covered, a planned touch identical to the slot's fresh touch
 *   (day, instant, duration, channel, agenda, tier and calendar) is kept; otherwise
 *   the slot's first planned touch is cancelled (`replanned`), any other
 *   (`beyondStandard`: a downgrade leaves fewer slots), and the fresh touch is added
 *   under the next revision of its occurrence;
 * - a cancelled touch does not block its slot: the slot is planned again under the
 *   next revision;
 * - a slot not covered whose day has passed at `now` is planned on the first fitting
 *   day at or after `now` if that still lies within its slice, otherwise skipped as
 *   `past` (an upgrade adds the touches of the rest of the period, not a catch-up of
 *   the months gone);
 * - so planning with the result's touches as `existing` (same `now`, same done
 *   records) returns the same touches and adds and cancels nothing.
 *
 * Existing touches of other periods or of customers not in `customers` are ignored.
 * A customer listed twice, a customer `zone` that is not an IANA zone, a `now` that
 * is not an integer instant, or a period longer than 36,600 days or outside the
 * years 0002–9997 is a `ValidationError` naming the field.
 *
 * @remarks
 * RULES.md does not say where in the period the touches fall nor what happens on a
 * tier change; the even spread, the stagger by customer, the slot rules above and
 * the `past` skip are our defaults. The stagger keeps a tier's customers on one
 * calendar from all being due on the same day: each is placed by a hash of its id
 * alone, so re-planning stays idempotent and adding, removing or reordering
 * customers moves no one else's days; a day holds about as many of them as the
 * tier's customers divided by the slice's fitting days, give or take the spread
 * of the hash. A period's civil dates are read in each calendar's zone. A customer
 * with a `calendarId` is planned on that calendar in the calendar's zone (the team's
 * working time); a customer without one is planned on the default calendar, moved to
 * the customer's `zone` when it has one. A customer who moves to another zone or
 * calendar is re-anchored for its future touches only: its past, booked and done
 * touches stay where they were, and each future planned touch is placed anew by the
 * same slot rule in the new calendar's working days and wall-clock time, under the
 * next revision of its occurrence.
 *
 * @example
 * ```ts
 * import { WorkingCalendar } from "@clientele/calendar"
 * import { Ids, Period } from "@clientele/core"
 * import { Policy } from "@clientele/segmentation"
 * import { Cadence } from "@clientele/visits"
 * import * as Either from "effect/Either"
 *
 * const input: Cadence.PlanInput = {
 *   period: Period.make("2025-01-01", "2026-01-01", "Europe/Berlin"),
 *   customers: [{ id: Ids.CustomerId.make("cus-1"), tier: "major" }],
 *   standards: Policy.standards(Either.getOrThrow(Policy.make({ version: "2025", currency: "EUR" }))),
 *   calendars: new Map([["berlin", WorkingCalendar.weekdays("Europe/Berlin", "09:00", "17:00")]]),
 *   defaultCalendarId: "berlin",
 *   policy: Cadence.defaultPolicy,
 * }
 * const visitDates = (result: Cadence.PlanResult) =>
 *   result.touches.filter((touch) => touch.kind === "visit").map((touch) => touch.dueDate)
 * visitDates(Either.getOrThrow(Cadence.plan(input)))
 * // ["2025-03-28", "2025-06-27", "2025-09-26", "2025-12-29"]: cus-1's place is near the end of each quarter
 * const firstDays = Either.getOrThrow(Cadence.makePolicy({ version: "2025", stagger: "none" }))
 * visitDates(Either.getOrThrow(Cadence.plan({ ...input, policy: firstDays })))
 * // ["2025-01-01", "2025-04-02", "2025-07-02", "2025-10-01"]: each quarter's first working day
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const plan = (input: PlanInput): Either.Either<PlanResult, PlanError> => {
  const { period, policy } = input
  const days = Period.days(period)
  if (days > MAX_PERIOD_DAYS) {
    return invalid(["period"], `a cadence plans at most ${MAX_PERIOD_DAYS} days at once`)
  }
  // Every touch's instant must be a `Period.Instant`, whatever the calendar's zone.
  if (period.start < "0002-01-01" || period.end > "9998-01-01") {
    return invalid(["period"], "a cadence plans periods from 0002-01-01 to 9998-01-01")
  }
  if (input.now !== undefined && !Number.isSafeInteger(input.now)) {
    return invalid(["now"], `now must be an integer instant in milliseconds, found ${input.now}`)
  }
  const seen = new Set<string>()
  for (let index = 0; index < input.customers.length; index++) {
    const id = (input.customers[index] as Customer).id
    if (seen.has(id)) {
      return invalid(["customers", index, "id"], `the customer ${id} is listed twice`)
    }
    seen.add(id)
  }
  const outcome = planTouches({
    period,
    startDay: Civil.parse(period.start) ?? 0,
    days,
    customers: input.customers,
    standards: input.standards,
    calendars: input.calendars,
    defaultCalendarId: input.defaultCalendarId,
    policy,
    existing: input.existing ?? [],
    done: input.done ?? [],
    now: input.now,
  })
  switch (outcome._tag) {
    case "Planned":
      return Either.right({
        policyVersion: policy.version,
        period,
        touches: outcome.touches,
        kept: outcome.kept,
        added: outcome.added,
        cancelled: outcome.cancelled,
        skipped: outcome.skipped,
      })
    case "UnknownTier":
      return Either.left(
        new UnknownTierError({ customerId: outcome.customerId, tier: outcome.tier }),
      )
    case "UnknownCalendar":
      return Either.left(
        new UnknownCalendarError({
          customerId: outcome.customerId,
          calendarId: outcome.calendarId,
        }),
      )
    case "InvalidZone":
      return invalid(
        ["customers", outcome.customerIndex, "zone"],
        `${JSON.stringify(outcome.zone)} is not a known IANA time zone`,
      )
    case "Failed":
      return Either.left(outcome.error)
  }
}

/** Running counts of one group; the rates are derived at the end. */
interface Tally {
  planned: number
  due: number
  done: number
  doneOnTime: number
  doneOfDue: number
  onTimeOfDue: number
  overdue: number
}

const emptyTally = (): Tally => ({
  planned: 0,
  due: 0,
  done: 0,
  doneOnTime: 0,
  doneOfDue: 0,
  onTimeOfDue: 0,
  overdue: 0,
})

const tallyTouch = (
  tally: Tally,
  isDue: boolean,
  isDone: boolean,
  onTime: boolean,
  overdue: boolean,
): void => {
  tally.planned++
  if (isDue) tally.due++
  if (isDone) tally.done++
  if (onTime) tally.doneOnTime++
  if (isDue && isDone) tally.doneOfDue++
  if (isDue && onTime) tally.onTimeOfDue++
  if (overdue) tally.overdue++
}

const figuresOf = (tally: Tally): AdherenceFigures => ({
  planned: tally.planned,
  due: tally.due,
  done: tally.done,
  doneOnTime: tally.doneOnTime,
  overdue: tally.overdue,
  rate: tally.due === 0 ? null : tally.doneOfDue / tally.due,
  onTimeRate: tally.due === 0 ? null : tally.onTimeOfDue / tally.due,
})

/**
 * Adherence of planned touches as of an instant (VIS-10: planned against done):
 * the {@link AdherenceFigures} overall, per tier (the tier each touch was planned
 * under) and, with `byCustomer`, per customer. Cancelled touches do not count; a
 * touch's earliest done record at or before `asOf` is the one that counts; done
 * records after `asOf` are not yet known to the report. An `asOf` or a done record's
 * instant outside `Period.Instant`, or `graceDays` that is not a whole number of
 * days, is a `ValidationError` naming it.
 *
 * @remarks
 * RULES.md asks for adherence without defining "on time": a touch is done on time
 * when it is done on or before its due date in its calendar's zone, plus
 * `graceDays` (default 0), and overdue once that day is over.
 *
 * @example
 * ```ts
 * import { WorkingCalendar } from "@clientele/calendar"
 * import { Ids, Period } from "@clientele/core"
 * import { Policy } from "@clientele/segmentation"
 * import { Cadence } from "@clientele/visits"
 * import * as Either from "effect/Either"
 *
 * const planned = Either.getOrThrow(
 *   Cadence.plan({
 *     period: Period.make("2025-01-01", "2026-01-01", "UTC"),
 *     customers: [{ id: Ids.CustomerId.make("cus-1"), tier: "general" }],
 *     standards: Policy.standards(Either.getOrThrow(Policy.make({ version: "2025", currency: "EUR" }))),
 *     calendars: new Map([["office", WorkingCalendar.weekdays("UTC", "09:00", "17:00")]]),
 *     defaultCalendarId: "office",
 *     policy: Cadence.defaultPolicy,
 *   }),
 * )
 * const july = Date.UTC(2025, 6, 1)
 * const first = planned.touches.find((touch) => touch.at <= july)
 * const done = first === undefined ? [] : [{ touchId: first.id, at: first.at }]
 * const report = Either.getOrThrow(Cadence.adherence(planned.touches, done, july))
 * report.overall.rate // 0.5: 1 of the 2 touches due by 1 July is done
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export const adherence = (
  touches: ReadonlyArray<PlannedTouch>,
  done: ReadonlyArray<DoneRecord>,
  asOf: number,
  options: AdherenceOptions = {},
): Either.Either<AdherenceReport, Errors.ValidationError> => {
  const graceDays = options.graceDays ?? 0
  if (!Number.isSafeInteger(graceDays) || graceDays < 0 || graceDays > MAX_PERIOD_DAYS) {
    return invalid(["graceDays"], `graceDays must be an integer from 0 to ${MAX_PERIOD_DAYS}`)
  }
  if (!isInstant(asOf)) return invalid(["asOf"], `asOf must be an instant (Period.Instant)`)
  const doneAt = new Map<string, number>()
  for (let index = 0; index < done.length; index++) {
    const record = done[index] as DoneRecord
    if (!isInstant(record.at)) {
      return invalid(
        ["done", index, "at"],
        "a done record's at must be an instant (Period.Instant)",
      )
    }
    if (record.at > asOf) continue
    const known = doneAt.get(record.touchId)
    if (known === undefined || record.at < known) doneAt.set(record.touchId, record.at)
  }
  // Civil dates compare as strings (fixed width), which spares parsing them.
  const asOfDateByZone = new Map<string, string>()
  const asOfDate = (zone: Period.TimeZone): string => {
    let date = asOfDateByZone.get(zone)
    if (date === undefined) {
      date = Period.civilDateOf(asOf, zone)
      asOfDateByZone.set(zone, date)
    }
    return date
  }
  const overall = emptyTally()
  const byTier = new Map<string, Tally>()
  const byCustomer = options.byCustomer === true ? new Map<string, [string, Tally]>() : undefined
  let matched = 0
  let lastCustomer: string | undefined
  let customerTally: Tally | undefined
  for (let index = 0; index < touches.length; index++) {
    const touch = touches[index] as PlannedTouch
    if (touch.status === "cancelled") continue
    let tierTally = byTier.get(touch.tier)
    if (tierTally === undefined) {
      tierTally = emptyTally()
      byTier.set(touch.tier, tierTally)
    }
    if (byCustomer !== undefined && touch.customerId !== lastCustomer) {
      // A plan lists each customer's touches together: one map lookup a customer.
      lastCustomer = touch.customerId
      const entry = byCustomer.get(touch.customerId)
      if (entry === undefined) {
        customerTally = emptyTally()
        byCustomer.set(touch.customerId, [touch.tier, customerTally])
      } else customerTally = entry[1]
    }
    const isDue = touch.at <= asOf
    const doneInstant = doneAt.get(touch.id)
    const isDone = doneInstant !== undefined
    if (isDone) matched++
    let onTime = false
    let overdue = false
    if (isDone || isDue) {
      const deadline =
        graceDays === 0
          ? touch.dueDate
          : Civil.format((Civil.parse(touch.dueDate) ?? 0) + graceDays)
      if (isDone) onTime = Period.civilDateOf(doneInstant, touch.zone) <= deadline
      else overdue = asOfDate(touch.zone) > deadline
    }
    tallyTouch(overall, isDue, isDone, onTime, overdue)
    tallyTouch(tierTally, isDue, isDone, onTime, overdue)
    if (byCustomer !== undefined && customerTally !== undefined) {
      tallyTouch(customerTally, isDue, isDone, onTime, overdue)
    }
  }
  // Touch ids are unique, so each done record matches at most one live touch.
  const unmatchedDone = doneAt.size - matched
  return Either.right({
    asOf,
    graceDays,
    overall: figuresOf(overall),
    byTier: [...byTier].map(([tier, tally]) => ({ tier, figures: figuresOf(tally) })),
    ...(byCustomer === undefined
      ? {}
      : {
          byCustomer: [...byCustomer].map(([customerId, [tier, tally]]) => ({
            customerId: customerId as Ids.CustomerId,
            tier,
            figures: figuresOf(tally),
          })),
        }),
    unmatchedDone,
  })
}

/**
 * A customer's tier has no service standard, no override and is not one of the
 * policy's unplanned tiers: the tier is unknown to the plan.
 *
 * @example
 * ```ts
 * import { Cadence } from "@clientele/visits"
 *
 * const error = new Cadence.UnknownTierError({ customerId: "cus-4", tier: "platinum" })
 * error.message // "customer cus-4 is in the tier platinum, which has no service standard (VIS-10, SEG-5)"
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class UnknownTierError extends Schema.TaggedError<UnknownTierError>(
  "@clientele/visits/UnknownTierError",
)("UnknownTierError", {
  customerId: Schema.String,
  tier: Schema.String,
}) {
  override get message(): string {
    return `customer ${this.customerId} is in the tier ${this.tier}, which has no service standard (VIS-10, SEG-5)`
  }
}

/**
 * A customer names a working calendar that the plan was not given (or the default
 * calendar's id is not among the calendars).
 *
 * @example
 * ```ts
 * import { Cadence } from "@clientele/visits"
 *
 * const error = new Cadence.UnknownCalendarError({ customerId: "cus-4", calendarId: "lisbon" })
 * error.message // "customer cus-4 uses the working calendar lisbon, which the plan was not given (VIS-10)"
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class UnknownCalendarError extends Schema.TaggedError<UnknownCalendarError>(
  "@clientele/visits/UnknownCalendarError",
)("UnknownCalendarError", {
  customerId: Schema.String,
  calendarId: Schema.String,
}) {
  override get message(): string {
    return `customer ${this.customerId} uses the working calendar ${this.calendarId}, which the plan was not given (VIS-10)`
  }
}

/**
 * Why {@link plan} failed: an unknown tier or calendar naming the customer, invalid
 * input (`ValidationError` naming the path), or a calendar computation that failed.
 *
 * @example
 * ```ts
 * import type { Cadence } from "@clientele/visits"
 *
 * const customerOf = (error: Cadence.PlanError) =>
 *   error._tag === "UnknownTierError" || error._tag === "UnknownCalendarError" ? error.customerId : undefined
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export type PlanError =
  | UnknownTierError
  | UnknownCalendarError
  | Errors.ValidationError
  | CalendarError.CalendarError
