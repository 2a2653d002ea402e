/**
 * The complaint record and what is kept beside it: its append-only history
 * (CMP-6) and the notifications derived from it. Personal fields — names, phone
 * numbers, e-mail addresses, free text about a person — carry core's `personal`
 * annotation so the archive package can erase them (DESIGN rule 10).
 *
 * @since 0.1.0
 */
import { Ids, type Money, Period, Personal } from "@clientele/core"
import * as Schema from "effect/Schema"
import * as Category from "./Category.js"
import * as Compensation from "./Compensation.js"
import * as Lifecycle from "./Lifecycle.js"
import * as OutOfStock from "./OutOfStock.js"
import * as Sla from "./Sla.js"

/**
 * How to reach the complainant; every field is personal.
 *
 * @example
 * ```ts
 * import { Complaint } from "@clientele/complaints"
 *
 * const contact = Complaint.ContactDetails.make({ name: "Ada Lovelace", email: "ada@example.com" })
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const ContactDetails = Schema.Struct({
  name: Schema.optional(Personal.personal(Schema.NonEmptyTrimmedString)),
  phone: Schema.optional(Personal.personal(Schema.NonEmptyTrimmedString)),
  email: Schema.optional(
    Personal.personal(
      Schema.String.pipe(
        Schema.pattern(/^[^\s@]+@[^\s@]+$/, { message: () => "an e-mail address" }),
      ),
    ),
  ),
})

/**
 * @example
 * ```ts
 * import type { Complaint } from "@clientele/complaints"
 *
 * const contact: Complaint.ContactDetails = { phone: "+33 1 23 45 67 89" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type ContactDetails = typeof ContactDetails.Type

/**
 * The resolution (CMP-7: acknowledge, apologise, explain, compensate): the
 * outcome, the explanation given, whether the company apologised, and the
 * compensation given under the policy version recorded.
 *
 * @example
 * ```ts
 * import type { Complaint } from "@clientele/complaints"
 *
 * declare const resolution: Complaint.Resolution
 * resolution.compensation.map((given) => given.kind)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const Resolution = Schema.Struct({
  at: Period.Instant,
  by: Ids.StaffId,
  outcome: Schema.NonEmptyTrimmedString,
  explanation: Personal.personal(Schema.NonEmptyTrimmedString),
  apologised: Schema.Boolean,
  compensation: Schema.Array(Compensation.Compensation),
  compensationPolicyVersion: Schema.Int,
  onFirstContact: Schema.Boolean,
})

/**
 * @example
 * ```ts
 * import type { Complaint } from "@clientele/complaints"
 *
 * declare const resolution: Complaint.Resolution
 * resolution.apologised
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Resolution = typeof Resolution.Type

/**
 * The follow-up after resolution (CMP-11): by someone who did not handle the
 * complaint, whether the problem is really solved, and the customer's real
 * opinion.
 *
 * @example
 * ```ts
 * import type { Complaint } from "@clientele/complaints"
 *
 * declare const followUp: Complaint.FollowUp
 * followUp.solved
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const FollowUp = Schema.Struct({
  at: Period.Instant,
  by: Ids.StaffId,
  reached: Schema.Boolean,
  solved: Schema.Boolean,
  satisfaction: Schema.optional(Schema.Int.pipe(Schema.between(1, 5))),
  opinion: Schema.optional(Personal.personal(Schema.String)),
})

/**
 * @example
 * ```ts
 * import type { Complaint } from "@clientele/complaints"
 *
 * declare const followUp: Complaint.FollowUp
 * followUp.satisfaction
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type FollowUp = typeof FollowUp.Type

/**
 * A complaint as stored: who complained about what, through which channel; its
 * state, department, head and assignee; everyone who handled it; root cause and
 * repeat link (CMP-9, CMP-10); resolution and follow-up; and its SLA cycles.
 * `slaNextCheckAt` is the earliest instant at which a target will owe an event
 * (`null`: none), the index sweeps read.
 *
 * @example
 * ```ts
 * import type { Complaint } from "@clientele/complaints"
 *
 * declare const complaint: Complaint.Complaint
 * complaint.state // "received" | … | "closed"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const Complaint = Schema.Struct({
  id: Ids.ComplaintId,
  customerId: Ids.CustomerId,
  customerTier: Schema.optional(Category.Tier),
  channel: Category.Channel,
  category: Category.CategoryId,
  severity: Category.Severity,
  priority: Category.Priority,
  contact: ContactDetails,
  description: Personal.personal(Schema.String),
  orderId: Schema.optional(Ids.OrderId),
  productId: Schema.optional(Ids.ProductId),
  problemKey: Schema.String,
  receivedAt: Period.Instant,
  receivedBy: Ids.StaffId,
  state: Lifecycle.State,
  department: Schema.optional(Ids.DepartmentId),
  head: Schema.optional(Ids.StaffId),
  assignee: Schema.optional(Ids.StaffId),
  handlers: Schema.Array(Ids.StaffId),
  committedResolutionAt: Schema.optional(Period.Instant),
  rootCause: Schema.optional(Schema.String),
  avoidable: Schema.optional(Schema.Boolean),
  repeatOf: Schema.optional(Ids.ComplaintId),
  /** The first contact of the problem this complaint repeats (a complaint or another contact). */
  repeatOfContact: Schema.optional(Schema.String),
  whyNotResolved: Schema.optional(Personal.personal(Schema.NonEmptyTrimmedString)),
  outOfStock: Schema.optional(OutOfStock.Request),
  callbackAt: Schema.optional(Period.Instant),
  resolution: Schema.optional(Resolution),
  /** The resolutions of earlier cycles, kept when the complaint reopened. */
  earlierResolutions: Schema.optionalWith(Schema.Array(Resolution), { default: () => [] }),
  /** The follow-ups of earlier cycles, kept when the complaint reopened. */
  earlierFollowUps: Schema.optionalWith(Schema.Array(FollowUp), { default: () => [] }),
  followUp: Schema.optional(FollowUp),
  closedAt: Schema.optional(Period.Instant),
  sla: Schema.Struct({
    policyId: Schema.NullOr(Schema.String),
    policyVersion: Schema.Int,
    calendarRevision: Schema.Int,
    cycles: Schema.Array(Sla.Cycle),
  }),
  slaNextCheckAt: Schema.NullOr(Period.Instant),
  historyLength: Schema.Int.pipe(Schema.nonNegative()),
})

/**
 * @example
 * ```ts
 * import type { Complaint } from "@clientele/complaints"
 *
 * declare const complaint: Complaint.Complaint
 * complaint.handlers
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Complaint = typeof Complaint.Type

/**
 * Who did a step: a staff member, the customer, or the system (a sweep).
 *
 * @example
 * ```ts
 * import { Complaint } from "@clientele/complaints"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(Complaint.Actor)("customer") // true
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const Actor = Schema.Union(Ids.StaffId, Schema.Literal("customer", "system"))

/**
 * @example
 * ```ts
 * import type { Complaint } from "@clientele/complaints"
 *
 * const actor: Complaint.Actor = "system"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Actor = typeof Actor.Type

/**
 * One entry of a complaint's append-only history (CMP-6): the step, the state
 * before and after, who and when, a note (personal: it may speak of the
 * customer), and the step's data (department, assignee, outcome…).
 *
 * @example
 * ```ts
 * import type { Complaint } from "@clientele/complaints"
 *
 * declare const entry: Complaint.HistoryEntry
 * `${entry.from} → ${entry.to} by ${entry.actor}`
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const HistoryEntry = Schema.Struct({
  complaintId: Ids.ComplaintId,
  seq: Schema.Int.pipe(Schema.positive()),
  at: Period.Instant,
  actor: Actor,
  step: Lifecycle.Step,
  from: Schema.NullOr(Lifecycle.State),
  to: Lifecycle.State,
  note: Schema.optional(Personal.personal(Schema.String)),
  data: Schema.optional(
    Schema.Record({
      key: Schema.String,
      value: Schema.Union(Schema.String, Schema.Number, Schema.Boolean),
    }),
  ),
})

/**
 * @example
 * ```ts
 * import type { Complaint } from "@clientele/complaints"
 *
 * declare const entry: Complaint.HistoryEntry
 * entry.seq
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type HistoryEntry = typeof HistoryEntry.Type

/**
 * A notification derived from stored state, kept in an outbox collection with a
 * deterministic id so that it exists once however often it is derived: SLA
 * *at risk* and *breached* (one per target, cycle and round), the assignment fed
 * back to the receiving agent (CMP-5), and a back-in-stock request (CMP-8).
 *
 * @example
 * ```ts
 * import type { Complaint } from "@clientele/complaints"
 *
 * declare const notification: Complaint.Notification
 * notification.kind // "slaAtRisk" | "slaBreached" | "assigned" | "backInStock"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const Notification = Schema.Struct({
  id: Schema.String,
  complaintId: Ids.ComplaintId,
  kind: Schema.Literal("slaAtRisk", "slaBreached", "assigned", "backInStock"),
  at: Period.Instant,
  recipient: Schema.optional(Ids.StaffId),
  target: Schema.optional(Sla.TargetKind),
  cycle: Schema.optional(Schema.Int),
  round: Schema.optional(Schema.Int),
  dueAt: Schema.optional(Period.Instant),
  assignee: Schema.optional(Ids.StaffId),
  department: Schema.optional(Ids.DepartmentId),
  category: Category.CategoryId,
})

/**
 * @example
 * ```ts
 * import type { Complaint } from "@clientele/complaints"
 *
 * declare const notification: Complaint.Notification
 * notification.at
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Notification = typeof Notification.Type

/**
 * The deterministic id of the SLA notification of an event.
 *
 * @example
 * ```ts
 * import { Complaint } from "@clientele/complaints"
 * import { Ids } from "@clientele/core"
 *
 * Complaint.slaNotificationId(Ids.ComplaintId.make("c1"), { kind: "breached", target: "firstResponse", cycle: 1, round: 1 })
 * // "c1:1:firstResponse:1:breached"
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const slaNotificationId = (
  complaintId: Ids.ComplaintId,
  event: Pick<Sla.Event, "kind" | "target" | "cycle" | "round">,
): string => `${complaintId}:${event.cycle}:${event.target}:${event.round}:${event.kind}`

/**
 * The current SLA cycle of a complaint.
 *
 * @example
 * ```ts
 * import { Complaint } from "@clientele/complaints"
 *
 * declare const complaint: Complaint.Complaint
 * Complaint.currentCycle(complaint)?.number
 * ```
 *
 * @since 0.1.0
 * @category lookups
 */
export const currentCycle = (complaint: Complaint): Sla.Cycle | undefined =>
  complaint.sla.cycles.at(-1)

/**
 * The earliest instant at which any target of any cycle owes an event.
 *
 * @example
 * ```ts
 * import { Complaint } from "@clientele/complaints"
 *
 * declare const complaint: Complaint.Complaint
 * Complaint.nextCheckAt(complaint.sla.cycles)
 * ```
 *
 * @since 0.1.0
 * @category lookups
 */
export const nextCheckAt = (cycles: ReadonlyArray<Sla.Cycle>): number | null => {
  let earliest: number | null = null
  for (const cycle of cycles)
    for (const target of cycle.targets) {
      const at = Sla.nextCheckAt(target)
      if (at !== null && (earliest === null || at < earliest)) earliest = at
    }
  return earliest
}

/**
 * Every compensation a complaint gave, in its current and earlier resolutions,
 * with the instant of the resolution that gave it (for per-customer caps).
 *
 * @example
 * ```ts
 * import { Complaint } from "@clientele/complaints"
 *
 * declare const complaint: Complaint.Complaint
 * Complaint.compensationsGiven(complaint).length
 * ```
 *
 * @since 0.1.0
 * @category lookups
 */
export const compensationsGiven = (
  complaint: Complaint,
): ReadonlyArray<{ readonly compensation: Compensation.Compensation; readonly at: number }> =>
  [
    ...complaint.earlierResolutions,
    ...(complaint.resolution === undefined ? [] : [complaint.resolution]),
  ].flatMap((resolution) =>
    resolution.compensation.map((compensation) => ({ compensation, at: resolution.at })),
  )

/**
 * The money values of the compensation a complaint gave in all its resolutions
 * (vouchers, coupons, refunds), for reports.
 *
 * @example
 * ```ts
 * import { Complaint } from "@clientele/complaints"
 *
 * declare const complaint: Complaint.Complaint
 * Complaint.compensationValues(complaint).map((money) => money.amount)
 * ```
 *
 * @since 0.1.0
 * @category lookups
 */
export const compensationValues = (complaint: Complaint): ReadonlyArray<Money.Money> =>
  complaint.resolution?.compensation.flatMap((given) =>
    given.value === undefined ? [] : [given.value],
  ) ?? []
