/**
 * `@clientele/visits`: on-site visits and the relationship cadence (VIS-1 … VIS-11)
 * — appointments in the customer's window on the technician's working calendar,
 * preparation and conduct checklists, sign-off and feedback cards with no cash on
 * site, the profile's important dates with greetings and gifts per tier, complaint
 * follow-ups by someone who did not handle the complaint, visits and contacts
 * planned from the tier standards of segmentation with an adherence report, and
 * customer events approved before any cost is committed.
 *
 * @since 0.1.0
 */

/**
 * Appointments (VIS-1, VIS-2) and the visit policy: booking in the customer's
 * window on the technician's calendar, dispatch and the preparation checklist,
 * second trips.
 *
 * @example
 * ```ts
 * import { Appointment } from "@clientele/visits"
 *
 * const policy = Appointment.defaultPolicy
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export * as Appointment from "./Appointment.js"

/**
 * Relationship cadence by tier (VIS-10): visits and contacts planned from the
 * segmentation tier standards on working calendars, idempotent re-planning and the
 * adherence report.
 *
 * @example
 * ```ts
 * import { Cadence } from "@clientele/visits"
 *
 * const policy = Cadence.defaultPolicy
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export * as Cadence from "./Cadence.js"

/**
 * Completing a visit (VIS-3, VIS-4, VIS-5): the conduct checklist, the sign-off
 * and feedback card, and no cash collected on site.
 *
 * @example
 * ```ts
 * import { Completion } from "@clientele/visits"
 *
 * const codes: ReadonlyArray<Completion.ViolationCode> = ["CASH_COLLECTED", "NO_SIGNOFF"]
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export * as Completion from "./Completion.js"

/**
 * Customer events (VIS-11): plan, budget, approval before any cost, testimonials.
 *
 * @example
 * ```ts
 * import { CustomerEvent } from "@clientele/visits"
 *
 * const kinds = CustomerEvent.EventKind.literals
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export * as CustomerEvent from "./CustomerEvent.js"

/**
 * Feedback cards archived and the visit-experience summary by checklist item (VIS-6).
 *
 * @example
 * ```ts
 * import { Feedback } from "@clientele/visits"
 *
 * declare const cards: ReadonlyArray<Feedback.FeedbackCard>
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export * as Feedback from "./Feedback.js"

/**
 * Complaint follow-ups (VIS-9): assigned to someone who did not handle the
 * complaint, due in business hours after the resolution.
 *
 * @example
 * ```ts
 * import { FollowUp } from "@clientele/visits"
 * import { WorkingCalendar } from "@clientele/calendar"
 *
 * const policy = FollowUp.defaultPolicy(WorkingCalendar.weekdays("Asia/Shanghai", "09:00", "18:00"))
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export * as FollowUp from "./FollowUp.js"

/**
 * Greetings and gifts (VIS-8): holiday greetings and special-date visits, flowers
 * or gifts per tier.
 *
 * @example
 * ```ts
 * import { Greeting } from "@clientele/visits"
 *
 * const policy = Greeting.defaultPolicy
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export * as Greeting from "./Greeting.js"

/**
 * The customer profile (VIS-7): preferences, purchase patterns and important dates,
 * with an explicit rule for 29 February.
 *
 * @example
 * ```ts
 * import { Profile } from "@clientele/visits"
 *
 * const rule: Profile.LeapDayRule = Profile.defaultLeapDayRule
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export * as Profile from "./Profile.js"

/**
 * The visits service (VIS-1 … VIS-11) over the storage port: appointments,
 * completion and the feedback archive, profiles and greetings, follow-ups, events,
 * cadence plans and adherence, with an Effect layer and a Promise client.
 *
 * @example
 * ```ts
 * import { MemoryStore } from "@clientele/store"
 * import { Visits } from "@clientele/visits"
 * import * as Layer from "effect/Layer"
 *
 * const live = Visits.layer.pipe(Layer.provide(MemoryStore.layer))
 * ```
 *
 * @since 0.1.0
 * @category services
 */
export * as Visits from "./Visits.js"
