/**
 * The `Visits` service: the visit rules over the storage port (VIS-1 … VIS-11).
 * Every operation decodes its untrusted input at the boundary (bad input gives a
 * `ValidationError` and changes nothing), loads what the pure modules need, calls
 * them, and stores the outcome — several documents in one store transaction —
 * reading the current instant from Effect's `Clock`.
 *
 * - VIS-1, VIS-2: appointments are booked (`Appointment.book`) or confirmed on a
 *   dispatcher's slot (`Appointment.confirm`) against the technician's open
 *   appointments, their checklist is packed (`Appointment.pack`) or completed
 *   (`Appointment.addToChecklist`) before dispatch, and they move through their
 *   lifecycle (`Appointment.transition`: dispatch is refused while parts are
 *   unpacked). A per-technician
 *   {@link TechnicianSchedule} document is updated by compare-and-set with every
 *   booking, so two bookings of one technician that read the same state never both
 *   succeed: the later write fails with the store's retryable `Conflict`.
 * - VIS-3 … VIS-6: a visit is completed with `Completion.complete`; the completed
 *   visit (the archive of its feedback card) and the appointment's new status are
 *   written in one transaction, and a rejected record stores nothing. The periodic
 *   summary reads the archived cards and the stored second trips.
 * - VIS-7, VIS-8: customer profiles are stored; greetings are planned from the
 *   stored profiles against the touches already stored, so planning again stores
 *   nothing new.
 * - VIS-9: a complaint's follow-up is scheduled once per resolution cycle (a
 *   second call in the same cycle returns the stored plan; a complaint that
 *   reopened and was resolved again gets a new plan), never to one of its
 *   handlers, and only while the follow-up is due.
 * - VIS-10: the relationship cadence of a period is planned against its stored
 *   touches (additions and cancellations in one transaction); touches are recorded
 *   done and adherence is reported from what is stored.
 * - VIS-11: customer events are loaded, changed by the pure operations, and written
 *   back with the version loaded (optimistic concurrency).
 *
 * @since 0.1.0
 */
import { type CalendarError, WorkingCalendar } from "@clientele/calendar"
import { Complaint } from "@clientele/complaints"
import { Errors, Ids, type Money, Period, PromiseClient } from "@clientele/core"
import { Collection, Query, Store, StoreError } from "@clientele/store"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Appointment from "./Appointment.js"
import * as Cadence from "./Cadence.js"
import * as Completion from "./Completion.js"
import * as CustomerEvent from "./CustomerEvent.js"
import * as Feedback from "./Feedback.js"
import * as FollowUp from "./FollowUp.js"
import * as Greeting from "./Greeting.js"
import * as Profile from "./Profile.js"

const PositiveInt = Schema.Int.pipe(Schema.positive())
const NonNegativeInt = Schema.Int.pipe(Schema.nonNegative())

// ---------------------------------------------------------------------------
// models and schemas
// ---------------------------------------------------------------------------

/**
 * What booking an appointment takes (VIS-1): the version of a saved visit policy,
 * the customer's request, the technician (with the working calendar that bounds
 * the visit), and optionally the appointment's id (derived from the job otherwise)
 * and the status to create (`booked` by default, `requested` to wait for the
 * customer's agreement).
 *
 * @example
 * ```ts
 * import { WorkingCalendar } from "@clientele/calendar"
 * import type { Visits } from "@clientele/visits"
 *
 * const booking: typeof Visits.BookingRequest.Encoded = {
 *   policyVersion: 1,
 *   request: {
 *     customerId: "cus_42",
 *     jobId: "repair-778",
 *     kind: "repair",
 *     zone: "Europe/Paris",
 *     preferred: [{ start: "2024-06-11T09:00", end: "2024-06-11T17:00" }],
 *     durationMinutes: 90,
 *     need: "The boiler loses pressure every night",
 *     checklist: [{ kind: "part", item: "VALVE-22MM", quantity: 1, packed: true }],
 *   },
 *   technician: { id: "tech-7", calendar: WorkingCalendar.weekdays("Europe/Paris", "08:00", "17:00") },
 * }
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const BookingRequest = Schema.Struct({
  policyVersion: PositiveInt,
  request: Appointment.AppointmentRequest,
  technician: Appointment.Technician,
  id: Schema.optional(Appointment.AppointmentId),
  status: Schema.optional(Schema.Literal("requested", "booked")),
}).pipe(Schema.annotations({ identifier: "BookingRequest" }))

/**
 * The type of {@link BookingRequest}.
 *
 * @example
 * ```ts
 * import type { Visits } from "@clientele/visits"
 *
 * const technicianOf = (booking: Visits.BookingRequest) => booking.technician.id
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type BookingRequest = typeof BookingRequest.Type

/**
 * What confirming a dispatcher's slot takes (VIS-1): a {@link BookingRequest} and
 * the slot picked by hand.
 *
 * @example
 * ```ts
 * import type { Visits } from "@clientele/visits"
 *
 * declare const booking: typeof Visits.BookingRequest.Encoded
 * const confirmation: typeof Visits.ConfirmationRequest.Encoded = {
 *   ...booking,
 *   slot: { start: Date.UTC(2024, 5, 11, 12), end: Date.UTC(2024, 5, 11, 13, 30) },
 * }
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ConfirmationRequest = Schema.Struct({
  ...BookingRequest.fields,
  slot: Appointment.Slot,
}).pipe(Schema.annotations({ identifier: "ConfirmationRequest" }))

/**
 * The type of {@link ConfirmationRequest}.
 *
 * @example
 * ```ts
 * import type { Visits } from "@clientele/visits"
 *
 * const minutes = (confirmation: Visits.ConfirmationRequest) => (confirmation.slot.end - confirmation.slot.start) / 60_000
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type ConfirmationRequest = typeof ConfirmationRequest.Type

/**
 * A technician's schedule document: the concurrency token of their bookings
 * (VIS-1). Every booking of the technician rewrites it by compare-and-set in the
 * transaction that stores the appointment, so of two bookings that read the same
 * schedule only the first to write succeeds. It also counts the technician's
 * bookings and names the last one.
 *
 * @example
 * ```ts
 * import type { Visits } from "@clientele/visits"
 *
 * declare const schedule: Visits.TechnicianSchedule
 * `${schedule.technicianId}: ${schedule.bookings} bookings, last ${schedule.lastAppointmentId}`
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const TechnicianSchedule = Schema.Struct({
  technicianId: Ids.StaffId,
  bookings: PositiveInt,
  lastAppointmentId: Appointment.AppointmentId,
  updatedAt: Period.Instant,
}).pipe(Schema.annotations({ identifier: "TechnicianSchedule" }))

/**
 * The type of {@link TechnicianSchedule}.
 *
 * @example
 * ```ts
 * import type { Visits } from "@clientele/visits"
 *
 * const busiest = (schedules: ReadonlyArray<Visits.TechnicianSchedule>) =>
 *   [...schedules].sort((a, b) => b.bookings - a.bookings)[0]
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type TechnicianSchedule = typeof TechnicianSchedule.Type

/**
 * The record that a planned touch was carried out: when, and by whom.
 *
 * @example
 * ```ts
 * import { Ids } from "@clientele/core"
 * import { Visits } from "@clientele/visits"
 *
 * const done = Visits.TouchDone.make({ at: Date.UTC(2025, 0, 2, 11), by: Ids.StaffId.make("s-lea") })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const TouchDone = Schema.Struct({ at: Period.Instant, by: Ids.StaffId }).pipe(
  Schema.annotations({ identifier: "TouchDone" }),
)

/**
 * The type of {@link TouchDone}.
 *
 * @example
 * ```ts
 * import type { Visits } from "@clientele/visits"
 *
 * const doneBy = (done: Visits.TouchDone) => done.by
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type TouchDone = typeof TouchDone.Type

/**
 * A stored greeting touch (VIS-8): the touch `Greeting.planGreetings` planned and,
 * once recorded, when and by whom it was carried out.
 *
 * @example
 * ```ts
 * import type { Visits } from "@clientele/visits"
 *
 * declare const stored: Visits.GreetingTouchRecord
 * `${stored.touch.kind} for ${stored.touch.customerId} on ${stored.touch.dueOn}`
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const GreetingTouchRecord = Schema.Struct({
  source: Schema.Literal("greeting"),
  touch: Greeting.PlannedTouch,
  done: Schema.optional(TouchDone),
}).pipe(Schema.annotations({ identifier: "GreetingTouchRecord" }))

/**
 * The type of {@link GreetingTouchRecord}.
 *
 * @example
 * ```ts
 * import type { Visits } from "@clientele/visits"
 *
 * const isGift = (stored: Visits.GreetingTouchRecord) => stored.touch.kind === "gift"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type GreetingTouchRecord = typeof GreetingTouchRecord.Type

/**
 * A stored cadence touch (VIS-10): the touch `Cadence.plan` planned (its status
 * says whether it is still live) and, once recorded, when and by whom it was
 * carried out.
 *
 * @example
 * ```ts
 * import type { Visits } from "@clientele/visits"
 *
 * declare const stored: Visits.CadenceTouchRecord
 * stored.done === undefined ? `due ${stored.touch.dueDate}` : `done by ${stored.done.by}`
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const CadenceTouchRecord = Schema.Struct({
  source: Schema.Literal("cadence"),
  touch: Cadence.PlannedTouch,
  done: Schema.optional(TouchDone),
}).pipe(Schema.annotations({ identifier: "CadenceTouchRecord" }))

/**
 * The type of {@link CadenceTouchRecord}.
 *
 * @example
 * ```ts
 * import type { Visits } from "@clientele/visits"
 *
 * const isLive = (stored: Visits.CadenceTouchRecord) => stored.touch.status !== "cancelled"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type CadenceTouchRecord = typeof CadenceTouchRecord.Type

/**
 * A stored touch: a {@link GreetingTouchRecord} or a {@link CadenceTouchRecord},
 * told apart by `source`.
 *
 * @example
 * ```ts
 * import { Visits } from "@clientele/visits"
 * import * as Schema from "effect/Schema"
 *
 * const isStoredTouch = Schema.is(Visits.StoredTouch)
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const StoredTouch = Schema.Union(GreetingTouchRecord, CadenceTouchRecord)

/**
 * The type of {@link StoredTouch}.
 *
 * @example
 * ```ts
 * import type { Visits } from "@clientele/visits"
 *
 * const touchIdOf = (stored: Visits.StoredTouch) => stored.touch.id
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type StoredTouch = typeof StoredTouch.Type

const recipientFields = Greeting.GreetingCustomer.from.fields

/**
 * A customer to greet (VIS-8): id, tier, zone, and the country and region that
 * select holiday lists. The special dates come from the customer's stored profile.
 *
 * @example
 * ```ts
 * import { Visits } from "@clientele/visits"
 * import * as Schema from "effect/Schema"
 *
 * const recipient = Schema.decodeUnknownSync(Visits.GreetingRecipient)({ id: "cus-1", tier: "major", zone: "Europe/Paris", country: "FR" })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const GreetingRecipient = Schema.Struct({
  id: recipientFields.id,
  tier: recipientFields.tier,
  zone: recipientFields.zone,
  country: recipientFields.country,
  region: recipientFields.region,
}).pipe(Schema.annotations({ identifier: "GreetingRecipient" }))

/**
 * The type of {@link GreetingRecipient}.
 *
 * @example
 * ```ts
 * import type { Visits } from "@clientele/visits"
 *
 * const inFrance = (recipient: Visits.GreetingRecipient) => recipient.country === "FR"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type GreetingRecipient = typeof GreetingRecipient.Type

/**
 * What greeting planning takes (VIS-8): the greeting policy, the horizon, the
 * customers, and the working calendar that visits must avoid closed days of
 * (needed as soon as a tier gets visits).
 *
 * @example
 * ```ts
 * import { Greeting, type Visits } from "@clientele/visits"
 * import * as Schema from "effect/Schema"
 *
 * const request: typeof Visits.GreetingRequest.Encoded = {
 *   policy: Schema.encodeSync(Greeting.GreetingPolicy)(Greeting.defaultPolicy),
 *   horizon: { from: "2025-01-01", to: "2026-01-01" },
 *   customers: [{ id: "cus-1", tier: "general", zone: "Europe/Paris" }],
 * }
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const GreetingRequest = Schema.Struct({
  policy: Greeting.GreetingPolicy,
  horizon: Greeting.Horizon,
  customers: Schema.Array(GreetingRecipient),
  calendar: Schema.optional(WorkingCalendar.WorkingCalendar),
}).pipe(Schema.annotations({ identifier: "GreetingRequest" }))

/**
 * The type of {@link GreetingRequest}.
 *
 * @example
 * ```ts
 * import type { Visits } from "@clientele/visits"
 *
 * const customers = (request: Visits.GreetingRequest) => request.customers.length
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type GreetingRequest = typeof GreetingRequest.Type

/**
 * What scheduling a complaint's follow-up takes (VIS-9): the resolved complaint,
 * the staff who might follow up, and the follow-up policy.
 *
 * @example
 * ```ts
 * import type { Complaint } from "@clientele/complaints"
 * import { WorkingCalendar } from "@clientele/calendar"
 * import { FollowUp, type Visits } from "@clientele/visits"
 *
 * declare const complaint: typeof Complaint.Complaint.Encoded
 * const request: typeof Visits.FollowUpRequest.Encoded = {
 *   complaint,
 *   staff: [{ id: "lena", available: true }],
 *   policy: FollowUp.defaultPolicy(WorkingCalendar.weekdays("Europe/Paris", "09:00", "17:00")),
 * }
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const FollowUpRequest = Schema.Struct({
  complaint: Complaint.Complaint,
  staff: Schema.Array(FollowUp.Staff),
  policy: FollowUp.FollowUpPolicy,
}).pipe(Schema.annotations({ identifier: "FollowUpRequest" }))

/**
 * The type of {@link FollowUpRequest}.
 *
 * @example
 * ```ts
 * import type { Visits } from "@clientele/visits"
 *
 * const available = (request: Visits.FollowUpRequest) => request.staff.filter((member) => member.available)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type FollowUpRequest = typeof FollowUpRequest.Type

/**
 * What planning a period's relationship cadence takes (VIS-10): the period, the
 * customers with their tiers (segmentation's results of the period before), each
 * tier's service standard (SEG-5: `Policy.standards` of `@clientele/segmentation`,
 * for the policy those tiers were classified by), the working calendars by id and
 * the default one's id, and the cadence policy.
 *
 * @example
 * ```ts
 * import { WorkingCalendar } from "@clientele/calendar"
 * import { Ids, Period } from "@clientele/core"
 * import { Policy, Segmentation } from "@clientele/segmentation"
 * import { Cadence, Visits } from "@clientele/visits"
 * import * as Effect from "effect/Effect"
 * import * as Either from "effect/Either"
 *
 * const tenant = Ids.TenantId.make("acme")
 * const segmentationPolicy = Either.getOrThrow(Policy.make({ version: "2024", currency: "EUR" }))
 * // the tiers of 2024 decide the relationship cadence of 2025
 * const plan2025 = Effect.gen(function* () {
 *   const segmentation = yield* Segmentation.Segmentation
 *   const visits = yield* Visits.Visits
 *   const tiers = yield* segmentation.results(tenant, Period.make("2024-01-01", "2025-01-01", "Europe/Berlin"))
 *   const request: typeof Visits.CadenceRequest.Encoded = {
 *     period: Period.make("2025-01-01", "2026-01-01", "Europe/Berlin"),
 *     customers: tiers.map((result) => ({ id: result.customerId, tier: result.tier })),
 *     standards: Policy.standards(segmentationPolicy),
 *     calendars: new Map([["berlin", WorkingCalendar.weekdays("Europe/Berlin", "09:00", "17:00")]]),
 *     defaultCalendarId: "berlin",
 *     policy: Cadence.defaultPolicy,
 *   }
 *   return yield* visits.planCadence(tenant, request)
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const CadenceRequest = Schema.Struct({
  period: Period.Period,
  customers: Schema.Array(Cadence.Customer),
  standards: Schema.ReadonlyMapFromSelf({
    key: Schema.String,
    value: Schema.Struct({ visitsPerPeriod: NonNegativeInt, contactsPerPeriod: NonNegativeInt }),
  }),
  calendars: Schema.ReadonlyMapFromSelf({
    key: Schema.String,
    value: WorkingCalendar.WorkingCalendar,
  }),
  defaultCalendarId: Schema.String,
  policy: Cadence.CadencePolicy,
}).pipe(Schema.annotations({ identifier: "CadenceRequest" }))

/**
 * The type of {@link CadenceRequest}.
 *
 * @example
 * ```ts
 * import type { Visits } from "@clientele/visits"
 *
 * const tiers = (request: Visits.CadenceRequest) => [...request.standards.keys()]
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type CadenceRequest = typeof CadenceRequest.Type

/**
 * What a cadence planning run did (VIS-10): the policy version and period, the
 * number of live touches of the customers planned, how many stored touches were
 * kept as they were, how many touches were added and how many stored touches were
 * cancelled, and what could not be planned and why.
 *
 * @example
 * ```ts
 * import type { Visits } from "@clientele/visits"
 *
 * declare const summary: Visits.CadencePlanSummary
 * summary.added === 0 && summary.cancelled === 0 // nothing to change: the stored plan stands
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export interface CadencePlanSummary {
  readonly policyVersion: string
  readonly period: Period.Period
  readonly touches: number
  readonly kept: number
  readonly added: number
  readonly cancelled: number
  readonly skipped: ReadonlyArray<Cadence.Skip>
}

/**
 * What an adherence report takes (VIS-10): the period (the touches due in it are
 * reported, whichever cadence plans they belong to), the instant it is reported
 * as of (the clock's by default), whether to add per-customer figures, and the
 * days of grace after a touch's due date (default 0).
 *
 * @example
 * ```ts
 * import { Period } from "@clientele/core"
 * import type { Visits } from "@clientele/visits"
 *
 * const request: Visits.AdherenceRequest = {
 *   period: Period.make("2025-01-01", "2026-01-01", "Europe/Berlin"),
 *   asOf: Date.UTC(2025, 6, 1),
 *   graceDays: 2,
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface AdherenceRequest {
  readonly period: Period.Period
  readonly asOf?: number | undefined
  readonly byCustomer?: boolean | undefined
  readonly graceDays?: number | undefined
}

/**
 * A cost to commit for an event (VIS-11): a `CustomerEvent.CommittedCost` whose
 * instant defaults to the clock's.
 *
 * @example
 * ```ts
 * import type { Visits } from "@clientele/visits"
 *
 * const deposit: Visits.CostInput = { item: "venue deposit", amount: { amount: 50000, currency: "EUR" }, by: "mia" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type CostInput = Omit<typeof CustomerEvent.CommittedCost.Encoded, "committedAt"> & {
  readonly committedAt?: number
}

/**
 * An event's plan (VIS-11): a `CustomerEvent.EventPlan` whose instant defaults to
 * the clock's.
 *
 * @example
 * ```ts
 * import type { Visits } from "@clientele/visits"
 *
 * const plan: Visits.EventPlanInput = {
 *   agenda: [{ title: "Welcome", time: "18:00" }],
 *   budget: { lines: [{ item: "catering", amount: { amount: 50000, currency: "EUR" } }], total: { amount: 50000, currency: "EUR" } },
 *   plannedBy: "mia",
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type EventPlanInput = Omit<typeof CustomerEvent.EventPlan.Encoded, "plannedAt"> & {
  readonly plannedAt?: number
}

/**
 * A testimonial collected at an event (VIS-11): a `CustomerEvent.Testimonial` whose
 * instant defaults to the clock's.
 *
 * @example
 * ```ts
 * import type { Visits } from "@clientele/visits"
 *
 * const quote: Visits.TestimonialInput = { customerId: "cus-1", text: "A wonderful evening.", consentToPublish: true }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type TestimonialInput = Omit<typeof CustomerEvent.Testimonial.Encoded, "collectedAt"> & {
  readonly collectedAt?: number
}

// ---------------------------------------------------------------------------
// the service
// ---------------------------------------------------------------------------

/**
 * The visits service: one method per step of the visit rules (VIS-1 … VIS-11) and
 * the reads that go with them. Every method takes the tenant first.
 *
 * @example
 * ```ts
 * import type { Visits } from "@clientele/visits"
 *
 * declare const service: Visits.VisitsService
 * service.bookAppointment
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface VisitsService {
  /** Saves a visit policy version (defaults for the parts left out); other content under a saved version fails with {@link PolicyVersionConflictError}. */
  readonly savePolicy: (
    tenant: Ids.TenantId,
    input: Appointment.PolicyInput,
  ) => Effect.Effect<
    Appointment.VisitPolicy,
    Errors.ValidationError | PolicyVersionConflictError | StoreError.StoreError
  >
  /** A saved visit policy version. */
  readonly policy: (
    tenant: Ids.TenantId,
    version: number,
  ) => Effect.Effect<Option.Option<Appointment.VisitPolicy>, StoreError.StoreError>
  /**
   * Books the earliest slot for a request (VIS-1) against the technician's open
   * appointments and stores it; the job's earlier appointments give its trip
   * number (VIS-2). A concurrent booking of the same technician that wrote first
   * makes this one fail with a retryable `Conflict` and store nothing.
   */
  readonly bookAppointment: (
    tenant: Ids.TenantId,
    input: typeof BookingRequest.Encoded,
  ) => Effect.Effect<
    Appointment.Appointment,
    Appointment.BookingError | Errors.ValidationError | Errors.NotFoundError | StoreError.StoreError
  >
  /** Books a slot a dispatcher picked by hand (VIS-1), with the same checks and concurrency guard as {@link VisitsService.bookAppointment}. */
  readonly confirmAppointment: (
    tenant: Ids.TenantId,
    input: typeof ConfirmationRequest.Encoded,
  ) => Effect.Effect<
    Appointment.Appointment,
    Appointment.BookingError | Errors.ValidationError | Errors.NotFoundError | StoreError.StoreError
  >
  /** Moves an appointment through its lifecycle at the clock's instant (VIS-1, VIS-2: dispatch is refused while parts are unpacked and not waived). */
  readonly transitionAppointment: (
    tenant: Ids.TenantId,
    appointmentId: string,
    event: typeof Appointment.Event.Encoded,
  ) => Effect.Effect<
    Appointment.Appointment,
    | Errors.InvalidTransitionError
    | Appointment.PreparationIncompleteError
    | Errors.ValidationError
    | Errors.NotFoundError
    | StoreError.StoreError
  >
  /**
   * Marks checklist items packed at the clock's instant (VIS-2, `Appointment.pack`),
   * so the appointment can be dispatched without a waiver; written by
   * compare-and-set on the version read (a concurrent change fails with the
   * store's retryable `Conflict`). An item not on the checklist fails with a
   * `ValidationError` naming it; a dispatched appointment with
   * `InvalidTransitionError`.
   */
  readonly packItems: (
    tenant: Ids.TenantId,
    appointmentId: string,
    input: { readonly items: ReadonlyArray<typeof Appointment.PackItem.Encoded> },
  ) => Effect.Effect<
    Appointment.Appointment,
    | Errors.InvalidTransitionError
    | Errors.ValidationError
    | Errors.NotFoundError
    | StoreError.StoreError
  >
  /**
   * Adds lines to an appointment's checklist before dispatch (VIS-2,
   * `Appointment.addToChecklist`), written by compare-and-set like
   * {@link VisitsService.packItems}.
   */
  readonly addChecklistItems: (
    tenant: Ids.TenantId,
    appointmentId: string,
    input: { readonly items: ReadonlyArray<typeof Appointment.PreparationItem.Encoded> },
  ) => Effect.Effect<
    Appointment.Appointment,
    | Errors.InvalidTransitionError
    | Errors.ValidationError
    | Errors.NotFoundError
    | StoreError.StoreError
  >
  /** A stored appointment. */
  readonly appointment: (
    tenant: Ids.TenantId,
    appointmentId: string,
  ) => Effect.Effect<Option.Option<Appointment.Appointment>, StoreError.StoreError>
  /**
   * Completes a visit (VIS-3 … VIS-5) under the policy version it was booked with:
   * stores the completed visit (the archive of its feedback card, VIS-6) and the
   * appointment's `completed` status in one transaction; a rejected record (cash,
   * no sign-off, no feedback card…) fails with `CompletionRejectedError` and stores
   * nothing.
   */
  readonly completeVisit: (
    tenant: Ids.TenantId,
    appointmentId: string,
    record: typeof Completion.VisitRecord.Encoded,
  ) => Effect.Effect<
    Completion.CompletedVisit,
    | Completion.CompletionRejectedError
    | Errors.ValidationError
    | Errors.NotFoundError
    | StoreError.StoreError
  >
  /** The archived completed visit of an appointment (VIS-6). */
  readonly completedVisit: (
    tenant: Ids.TenantId,
    appointmentId: string,
  ) => Effect.Effect<Option.Option<Completion.CompletedVisit>, StoreError.StoreError>
  /**
   * The visit-experience summary of a period (VIS-6): the archived cards of the
   * visits that ended in it, by the checklist of a saved policy version, with the
   * second trips (VIS-2) scheduled in the period.
   */
  readonly feedbackSummary: (
    tenant: Ids.TenantId,
    request: { readonly period: Period.Period; readonly policyVersion: number },
  ) => Effect.Effect<
    Feedback.Summary,
    Errors.ValidationError | Errors.NotFoundError | StoreError.StoreError
  >
  /** Stores a customer profile (VIS-7), replacing the customer's previous one. */
  readonly saveProfile: (
    tenant: Ids.TenantId,
    input: Profile.Input,
  ) => Effect.Effect<Profile.CustomerProfile, Errors.ValidationError | StoreError.StoreError>
  /** A customer's stored profile. */
  readonly profile: (
    tenant: Ids.TenantId,
    customerId: string,
  ) => Effect.Effect<Option.Option<Profile.CustomerProfile>, StoreError.StoreError>
  /**
   * Plans greetings and gifts over a horizon (VIS-8) from the customers' stored
   * profiles and stores the new touches; the touches already stored are not
   * planned again (they come back as `DUPLICATE` skips).
   */
  readonly planGreetings: (
    tenant: Ids.TenantId,
    input: typeof GreetingRequest.Encoded,
  ) => Effect.Effect<Greeting.GreetingPlan, Errors.ValidationError | StoreError.StoreError>
  /**
   * Schedules a resolved complaint's follow-up (VIS-9) and stores it. The
   * complaint's state decides first: not resolved, it fails with
   * `FollowUpNotDueError`; followed up (or closed), with `FollowUpAlreadyDoneError`.
   * A second call in the same resolution cycle returns the stored plan; after the
   * complaint reopened and was resolved again, the new cycle gets a new plan (the
   * earlier cycle's stays stored). Never assigned to a handler: with nobody else
   * available it fails with `NoIndependentStaffError`.
   */
  readonly scheduleFollowUp: (
    tenant: Ids.TenantId,
    input: typeof FollowUpRequest.Encoded,
  ) => Effect.Effect<
    FollowUp.FollowUpPlan,
    | FollowUp.FollowUpNotDueError
    | FollowUp.FollowUpAlreadyDoneError
    | FollowUp.NoIndependentStaffError
    | CalendarError.CalendarError
    | Errors.ValidationError
    | StoreError.StoreError
  >
  /**
   * The stored follow-up plan of a complaint: of its latest resolution cycle that
   * has one, or of the cycle given (`FollowUp.resolutionCycle`).
   */
  readonly followUp: (
    tenant: Ids.TenantId,
    complaintId: string,
    options?: { readonly cycle?: number },
  ) => Effect.Effect<Option.Option<FollowUp.FollowUpPlan>, StoreError.StoreError>
  /** Creates a draft customer event (VIS-11); an id already used fails with `Duplicate`. */
  readonly createEvent: (
    tenant: Ids.TenantId,
    input: typeof CustomerEvent.NewEvent.Encoded,
  ) => Effect.Effect<CustomerEvent.CustomerEvent, Errors.ValidationError | StoreError.StoreError>
  /** Plans (or re-plans) an event's agenda and budget (VIS-11). */
  readonly planEvent: (
    tenant: Ids.TenantId,
    eventId: string,
    input: EventPlanInput,
  ) => Effect.Effect<
    CustomerEvent.CustomerEvent,
    | Errors.ValidationError
    | Errors.InvalidTransitionError
    | Errors.NotFoundError
    | StoreError.StoreError
  >
  /** Approves an event's plan and budget (VIS-11; never by its planner). */
  readonly approveEvent: (
    tenant: Ids.TenantId,
    eventId: string,
    input: { readonly by: string },
  ) => Effect.Effect<
    CustomerEvent.CustomerEvent,
    | CustomerEvent.MissingBudgetError
    | CustomerEvent.ApproverIsPlannerError
    | Errors.InvalidTransitionError
    | Errors.ValidationError
    | Errors.NotFoundError
    | StoreError.StoreError
  >
  /** Commits a cost for an approved event, within the approved budget and in its currency (VIS-11). */
  readonly commitEventCost: (
    tenant: Ids.TenantId,
    eventId: string,
    input: CostInput,
  ) => Effect.Effect<
    CustomerEvent.CustomerEvent,
    | CustomerEvent.CostBeforeApprovalError
    | CustomerEvent.OverBudgetError
    | Money.CurrencyMismatchError
    | Money.MoneyOverflowError
    | Errors.ValidationError
    | Errors.InvalidTransitionError
    | Errors.NotFoundError
    | StoreError.StoreError
  >
  /** Records that an approved event took place (at the clock's instant unless `at` is given). */
  readonly markEventHeld: (
    tenant: Ids.TenantId,
    eventId: string,
    input?: { readonly at?: number },
  ) => Effect.Effect<
    CustomerEvent.CustomerEvent,
    | Errors.InvalidTransitionError
    | Errors.ValidationError
    | Errors.NotFoundError
    | StoreError.StoreError
  >
  /** Keeps a testimonial collected at a held event with it (VIS-11). */
  readonly recordTestimonial: (
    tenant: Ids.TenantId,
    eventId: string,
    input: TestimonialInput,
  ) => Effect.Effect<
    CustomerEvent.CustomerEvent,
    | Errors.ValidationError
    | Errors.InvalidTransitionError
    | Errors.NotFoundError
    | StoreError.StoreError
  >
  /** Closes a held event: its costs and testimonials stay with it as its archive. */
  readonly closeEvent: (
    tenant: Ids.TenantId,
    eventId: string,
  ) => Effect.Effect<
    CustomerEvent.CustomerEvent,
    Errors.InvalidTransitionError | Errors.NotFoundError | StoreError.StoreError
  >
  /** Cancels a draft or approved event. */
  readonly cancelEvent: (
    tenant: Ids.TenantId,
    eventId: string,
  ) => Effect.Effect<
    CustomerEvent.CustomerEvent,
    Errors.InvalidTransitionError | Errors.NotFoundError | StoreError.StoreError
  >
  /** A stored customer event. */
  readonly event: (
    tenant: Ids.TenantId,
    eventId: string,
  ) => Effect.Effect<Option.Option<CustomerEvent.CustomerEvent>, StoreError.StoreError>
  /** Budget against committed costs of every stored event (VIS-11), by date, optionally of the dates `[from, to)` only. */
  readonly eventBudgetReport: (
    tenant: Ids.TenantId,
    options?: { readonly from?: string; readonly to?: string },
  ) => Effect.Effect<ReadonlyArray<CustomerEvent.BudgetReportLine>, StoreError.StoreError>
  /**
   * Plans a period's relationship visits and contacts (VIS-10) against the
   * period's stored touches and the clock's instant, and writes the additions and
   * cancellations in one transaction; planning again with nothing changed stores
   * nothing new. The tiers come from segmentation's results and the counts from
   * `Policy.standards` (see {@link CadenceRequest}).
   */
  readonly planCadence: (
    tenant: Ids.TenantId,
    input: typeof CadenceRequest.Encoded,
  ) => Effect.Effect<CadencePlanSummary, Cadence.PlanError | StoreError.StoreError>
  /** The stored cadence touches of a period, cancelled ones included. */
  readonly cadenceTouches: (
    tenant: Ids.TenantId,
    period: Period.Period,
  ) => Effect.Effect<ReadonlyArray<CadenceTouchRecord>, StoreError.StoreError>
  /**
   * Records that a planned touch (of a cadence or of greetings) was carried out, at
   * or before the clock's instant; the first record of a touch stands. A cancelled
   * touch cannot be recorded done.
   */
  readonly recordTouchDone: (
    tenant: Ids.TenantId,
    touchId: string,
    input: { readonly at: number; readonly by: string },
  ) => Effect.Effect<
    StoredTouch,
    | Errors.ValidationError
    | Errors.NotFoundError
    | Errors.InvalidTransitionError
    | StoreError.StoreError
  >
  /**
   * The adherence of the stored cadence in a period (VIS-10): the touches due in
   * it, planned against done, whichever plans they belong to — a year's adherence
   * from four quarterly plans, or a month's from a quarter's plan.
   */
  readonly adherence: (
    tenant: Ids.TenantId,
    request: AdherenceRequest,
  ) => Effect.Effect<Cadence.AdherenceReport, Errors.ValidationError | StoreError.StoreError>
}

/**
 * The service tag.
 *
 * @example
 * ```ts
 * import { Visits } from "@clientele/visits"
 * import * as Effect from "effect/Effect"
 *
 * const program = Effect.gen(function* () {
 *   const visits = yield* Visits.Visits
 *   return visits
 * })
 * ```
 *
 * @since 0.1.0
 * @category services
 */
export class Visits extends Context.Tag("@clientele/visits/Visits")<Visits, VisitsService>() {}

// ---------------------------------------------------------------------------
// collections
// ---------------------------------------------------------------------------

// No subject: a visit policy is the company's, about no customer.
const policies = Collection.make({
  name: "visits-policies",
  schema: Appointment.VisitPolicy,
  id: (policy) => String(policy.version),
})

const appointments = Collection.make({
  name: "visits-appointments",
  schema: Appointment.Appointment,
  id: (appointment) => appointment.id,
  indexes: {
    technicianId: (appointment) => appointment.technicianId,
    jobId: (appointment) => appointment.jobId,
    customerId: (appointment) => appointment.customerId,
    status: (appointment) => appointment.status,
    start: (appointment) => appointment.scheduled.start,
  },
  subject: { index: "customerId" },
})

// No subject: a technician's schedule counts bookings and names the last
// appointment, nothing about a customer.
const schedules = Collection.make({
  name: "visits-technician-schedules",
  schema: TechnicianSchedule,
  id: (schedule) => schedule.technicianId,
})

const completedVisits = Collection.make({
  name: "visits-completed-visits",
  schema: Completion.CompletedVisit,
  id: (visit) => visit.appointment.id,
  indexes: {
    completedAt: (visit) => visit.completedAt,
    visitedAt: (visit) => visit.feedbackCard.visitedAt,
    customerId: (visit) => visit.appointment.customerId,
  },
  subject: { index: "customerId" },
})

const profiles = Collection.make({
  name: "visits-profiles",
  schema: Profile.CustomerProfile,
  id: (profile) => profile.customerId,
  // the id is the customer's, but an erasure finds documents by index, not by id
  indexes: { customerId: (profile) => profile.customerId },
  subject: { index: "customerId" },
})

/** The key of a cadence period in the touches' index: its dates, as in the touch ids. */
const cadencePeriodKey = (period: Pick<Period.Period, "start" | "end">): string =>
  `${period.start}_${period.end}`

/** A touch's document id: its source and its own id, so greeting and cadence ids never meet. */
const touchDocumentId = (source: StoredTouch["source"], touchId: string): string =>
  `${source}:${touchId}`

const touches = Collection.make({
  name: "visits-touches",
  schema: StoredTouch,
  id: (stored) => touchDocumentId(stored.source, stored.touch.id),
  indexes: {
    source: (stored) => stored.source,
    customerId: (stored) => stored.touch.customerId,
    dueOn: (stored) => (stored.source === "greeting" ? stored.touch.dueOn : stored.touch.dueDate),
    period: (stored) =>
      stored.source === "cadence"
        ? cadencePeriodKey({ start: stored.touch.periodStart, end: stored.touch.periodEnd })
        : null,
  },
  subject: { index: "customerId" },
})

/** A follow-up plan's document id: its complaint and the resolution cycle it follows up. */
const followUpDocumentId = (complaintId: string, cycle: number): string => `${complaintId}#${cycle}`

const followUps = Collection.make({
  name: "visits-follow-ups",
  schema: FollowUp.FollowUpPlan,
  id: (plan) => followUpDocumentId(plan.complaintId, plan.cycle),
  indexes: {
    complaintId: (plan) => plan.complaintId,
    cycle: (plan) => plan.cycle,
    assignee: (plan) => plan.assignee,
    customerId: (plan) => plan.customerId,
    dueAt: (plan) => plan.dueAt,
  },
  // the plan names its customer itself: no need to go through the complaint, which
  // is another package's document
  subject: { index: "customerId" },
})

// No subject: an event names many customers (those invited, those who gave a
// testimonial), and an index holds one value per document, so no index can say whose
// data it is. A testimonial's text is personal: an erasure by customer cannot reach it.
const events = Collection.make({
  name: "visits-events",
  schema: CustomerEvent.CustomerEvent,
  id: (event) => event.id,
  indexes: { state: (event) => event.state, date: (event) => event.date },
})

/**
 * Every collection the service writes, each with the subject its documents are
 * about (appointments, completed visits, profiles, touches and follow-up plans by
 * customer; policies, technicians' schedules and events name no one customer): pass
 * it to the archive service so that an erasure covers this package's data.
 *
 * @example
 * ```ts
 * import { Visits } from "@clientele/visits"
 *
 * const names = Visits.collections.map((collection) => collection.name)
 * // ["visits-policies", "visits-appointments", "visits-technician-schedules", …]
 * ```
 *
 * @since 0.1.0
 * @category services
 */
export const collections: ReadonlyArray<Collection.AnyCollection> = [
  policies,
  appointments,
  schedules,
  completedVisits,
  profiles,
  touches,
  followUps,
  events,
]

// ---------------------------------------------------------------------------
// building blocks
// ---------------------------------------------------------------------------

/** The appointments that hold a technician's time. */
const openStatuses: ReadonlyArray<Appointment.Status> = [
  "requested",
  "booked",
  "dispatched",
  "inProgress",
]

// A day either side of a period's instants: membership is decided by civil date afterwards.
const MARGIN = 2 * 86_400_000

/** The values in lists short enough for one `where` each. */
const chunksOf = <A>(values: ReadonlyArray<A>): ReadonlyArray<ReadonlyArray<A>> => {
  const chunks: Array<ReadonlyArray<A>> = []
  for (let i = 0; i < values.length; i += Query.maxWhereValues)
    chunks.push(values.slice(i, i + Query.maxWhereValues))
  return chunks
}

/** The value of a found entry, or a `NotFoundError` naming what was looked for. */
const foundOr =
  (entity: string, id: string) =>
  <A>(found: Option.Option<Collection.Entry<A>>) =>
    Option.isSome(found)
      ? Effect.succeed(found.value)
      : Effect.fail(new Errors.NotFoundError({ entity, id }))

const storedValue = <A>(found: Option.Option<Collection.Entry<A>>): Option.Option<A> =>
  Option.map(found, (entry) => entry.value)

const isDuplicate = StoreError.hasReason("Duplicate")

/**
 * A `Duplicate` from a write whose ids were checked free inside the transaction
 * can only come from a concurrent writer (a database without serializable
 * transactions): report it as the retryable `Conflict` it is.
 */
const duplicateAsConflict =
  (what: string) =>
  <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E | StoreError.StoreError, R> =>
    Effect.catchIf(
      effect,
      (error): error is E & StoreError.StoreError => isDuplicate(error),
      (error) =>
        Effect.fail(
          new StoreError.StoreError({
            reason: "Conflict",
            message: `${what} was written concurrently (${error.message}); read again and retry`,
            ...(error.collection === undefined ? {} : { collection: error.collection }),
            ...(error.id === undefined ? {} : { id: error.id }),
            cause: error,
          }),
        ),
    )

// ---------------------------------------------------------------------------
// constructors and layers
// ---------------------------------------------------------------------------

/**
 * Builds the service over the `Store`.
 *
 * @example
 * ```ts
 * import { MemoryStore } from "@clientele/store"
 * import { Visits } from "@clientele/visits"
 * import * as Effect from "effect/Effect"
 *
 * const service = Effect.provide(Visits.make, MemoryStore.layer)
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: Effect.Effect<VisitsService, never, Store.Store> = Effect.gen(function* () {
  const store = yield* Store.Store
  const provide = Effect.provideService(Store.Store, store)

  const loadPolicy = (tenant: Ids.TenantId, version: number) =>
    Effect.flatMap(
      Effect.map(policies.get(tenant, String(version)), storedValue),
      Option.match({
        onNone: () =>
          Effect.fail(new Errors.NotFoundError({ entity: "visit policy", id: String(version) })),
        onSome: Effect.succeed,
      }),
    )

  const loadAppointment = (tenant: Ids.TenantId, appointmentId: string) =>
    Effect.flatMap(appointments.get(tenant, appointmentId), foundOr("appointment", appointmentId))

  const loadEvent = (tenant: Ids.TenantId, eventId: string) =>
    Effect.flatMap(events.get(tenant, eventId), foundOr("customer event", eventId))

  // --- VIS-1 … VIS-2: appointments ----------------------------------------------

  const savePolicy: VisitsService["savePolicy"] = Effect.fn("Visits.savePolicy")(function* (
    tenant: Ids.TenantId,
    input: Appointment.PolicyInput,
  ) {
    const policy = yield* Appointment.makePolicy(input)
    return yield* policies.insertImmutable(
      tenant,
      policy,
      () => new PolicyVersionConflictError({ version: policy.version }),
    )
  }, provide)

  /**
   * Books through `decide` in one transaction: reads the technician's schedule
   * document, open appointments and the job's appointments, decides, and writes the
   * schedule (compare-and-set on the version read) with the appointment.
   */
  const placeBooking = (
    tenant: Ids.TenantId,
    booking: BookingRequest,
    decide: (
      policy: Appointment.VisitPolicy,
      open: ReadonlyArray<Appointment.Appointment>,
      now: number,
      options: Appointment.BookOptions,
    ) => Either.Either<Appointment.Appointment, Appointment.BookingError | Errors.ValidationError>,
  ) =>
    Effect.gen(function* () {
      const policy = yield* loadPolicy(tenant, booking.policyVersion)
      const technicianId = booking.technician.id
      return yield* store.transaction(
        Effect.gen(function* () {
          const now = yield* Clock.currentTimeMillis
          // The schedule is read first: any booking written after this read moves its version.
          const schedule = yield* schedules.get(tenant, technicianId)
          const open = yield* Collection.entriesOf(appointments, tenant, {
            where: { technicianId, status: openStatuses },
          })
          const job = yield* Collection.entriesOf(appointments, tenant, {
            where: { jobId: booking.request.jobId },
          })
          const appointment = yield* decide(
            policy,
            open.map((entry) => entry.value),
            now,
            {
              jobHistory: job.map((entry) => entry.value),
              ...(booking.id === undefined ? {} : { id: booking.id }),
              ...(booking.status === undefined ? {} : { status: booking.status }),
            },
          )
          if (Option.isSome(yield* appointments.get(tenant, appointment.id)))
            return yield* new StoreError.StoreError({
              reason: "Duplicate",
              message: `the appointment ${appointment.id} exists already`,
              collection: appointments.name,
              id: appointment.id,
            })
          const next: TechnicianSchedule = {
            technicianId,
            bookings: Option.isSome(schedule) ? schedule.value.value.bookings + 1 : 1,
            lastAppointmentId: appointment.id,
            updatedAt: now,
          }
          const operations = yield* Either.all([
            Option.isSome(schedule)
              ? schedules.operations.update(next, schedule.value.version)
              : schedules.operations.insert(next),
            appointments.operations.insert(appointment),
          ])
          yield* store
            .bulkWrite(tenant, operations)
            .pipe(duplicateAsConflict(`the schedule of ${technicianId}`))
          return appointment
        }),
      )
    })

  const bookAppointment: VisitsService["bookAppointment"] = Effect.fn("Visits.bookAppointment")(
    function* (tenant: Ids.TenantId, input: typeof BookingRequest.Encoded) {
      const booking = yield* Errors.decode(BookingRequest)(input)
      return yield* placeBooking(tenant, booking, (policy, open, now, options) =>
        Appointment.book(policy, booking.request, booking.technician, open, now, options),
      )
    },
    provide,
  )

  const confirmAppointment: VisitsService["confirmAppointment"] = Effect.fn(
    "Visits.confirmAppointment",
  )(function* (tenant: Ids.TenantId, input: typeof ConfirmationRequest.Encoded) {
    const booking = yield* Errors.decode(ConfirmationRequest)(input)
    return yield* placeBooking(tenant, booking, (policy, open, now, options) =>
      Appointment.confirm(
        policy,
        booking.request,
        booking.technician,
        open,
        booking.slot,
        now,
        options,
      ),
    )
  }, provide)

  /** Loads an appointment, applies a pure change at the clock's instant, writes it back by compare-and-set. */
  const changeAppointment = <E>(
    tenant: Ids.TenantId,
    appointmentId: string,
    change: (
      appointment: Appointment.Appointment,
      now: number,
    ) => Either.Either<Appointment.Appointment, E>,
  ) =>
    Effect.gen(function* () {
      const entry = yield* loadAppointment(tenant, appointmentId)
      const now = yield* Clock.currentTimeMillis
      const next = yield* change(entry.value, now)
      // compare-and-set on the version read: a concurrent change fails with Conflict
      yield* appointments.update(tenant, next, entry.version)
      return next
    })

  const transitionAppointment: VisitsService["transitionAppointment"] = Effect.fn(
    "Visits.transitionAppointment",
  )(function* (
    tenant: Ids.TenantId,
    appointmentId: string,
    input: typeof Appointment.Event.Encoded,
  ) {
    const event = yield* Errors.decode(Appointment.Event)(input)
    return yield* changeAppointment(tenant, appointmentId, (appointment, now) =>
      Appointment.transition(appointment, event, now),
    )
  }, provide)

  const packItems: VisitsService["packItems"] = Effect.fn("Visits.packItems")(function* (
    tenant: Ids.TenantId,
    appointmentId: string,
    input: { readonly items: ReadonlyArray<typeof Appointment.PackItem.Encoded> },
  ) {
    const { items } = yield* Errors.decode(
      Schema.Struct({ items: Schema.Array(Appointment.PackItem) }),
    )(input)
    return yield* changeAppointment(tenant, appointmentId, (appointment, now) =>
      Appointment.pack(appointment, items, now),
    )
  }, provide)

  const addChecklistItems: VisitsService["addChecklistItems"] = Effect.fn(
    "Visits.addChecklistItems",
  )(function* (
    tenant: Ids.TenantId,
    appointmentId: string,
    input: { readonly items: ReadonlyArray<typeof Appointment.PreparationItem.Encoded> },
  ) {
    const { items } = yield* Errors.decode(
      Schema.Struct({ items: Schema.Array(Appointment.PreparationItem) }),
    )(input)
    return yield* changeAppointment(tenant, appointmentId, (appointment, now) =>
      Appointment.addToChecklist(appointment, items, now),
    )
  }, provide)

  // --- VIS-3 … VIS-6: completion and the archive --------------------------------

  const completeVisit: VisitsService["completeVisit"] = Effect.fn("Visits.completeVisit")(
    function* (
      tenant: Ids.TenantId,
      appointmentId: string,
      input: typeof Completion.VisitRecord.Encoded,
    ) {
      const record = yield* Errors.decode(Completion.VisitRecord)(input)
      return yield* store.transaction(
        Effect.gen(function* () {
          const entry = yield* loadAppointment(tenant, appointmentId)
          // the policy the visit was booked under decides its checklist and payments
          const policy = yield* loadPolicy(tenant, entry.value.policyVersion)
          const completed = yield* Completion.complete(policy, entry.value, record)
          const operations = yield* Either.all([
            completedVisits.operations.insert(completed),
            appointments.operations.update(completed.appointment, entry.version),
          ])
          yield* store.bulkWrite(tenant, operations)
          return completed
        }),
      )
    },
    provide,
  )

  const feedbackSummary: VisitsService["feedbackSummary"] = Effect.fn("Visits.feedbackSummary")(
    function* (
      tenant: Ids.TenantId,
      input: { readonly period: Period.Period; readonly policyVersion: number },
    ) {
      const request = yield* Errors.decode(
        Schema.Struct({ period: Period.Period, policyVersion: PositiveInt }),
      )(input)
      const { period } = request
      const policy = yield* loadPolicy(tenant, request.policyVersion)
      const around = {
        gte: Period.startInstant(period) - MARGIN,
        lt: Period.endInstant(period) + MARGIN,
      }
      const archived = yield* Collection.entriesOf(completedVisits, tenant, {
        range: { index: "visitedAt", ...around },
      })
      // VIS-2: the extra trips scheduled in the period, counted over each job's whole history
      const scheduled = (yield* Collection.entriesOf(appointments, tenant, {
        range: { index: "start", ...around },
      })).filter((entry) => Period.containsInstant(period, entry.value.scheduled.start))
      const inPeriod = new Set<string>(scheduled.map((entry) => entry.id))
      const jobIds = [...new Set(scheduled.map((entry) => entry.value.jobId))]
      const ofJobs: Array<Appointment.Appointment> = []
      for (const jobId of chunksOf(jobIds))
        for (const entry of yield* Collection.entriesOf(appointments, tenant, { where: { jobId } }))
          ofJobs.push(entry.value)
      let secondTrips = 0
      for (const job of Appointment.secondTrips(ofJobs).jobs)
        for (const id of job.extraTripIds) if (inPeriod.has(id)) secondTrips++
      return Feedback.summarise(
        archived.map((entry) => entry.value.feedbackCard),
        policy,
        { period, secondTrips },
      )
    },
    provide,
  )

  // --- VIS-7, VIS-8: profiles and greetings -------------------------------------

  const saveProfile: VisitsService["saveProfile"] = Effect.fn("Visits.saveProfile")(function* (
    tenant: Ids.TenantId,
    input: Profile.Input,
  ) {
    const profile = yield* Errors.decode(Profile.CustomerProfile)(input)
    yield* store.transaction(
      Effect.gen(function* () {
        const stored = yield* profiles.get(tenant, profile.customerId)
        if (Option.isSome(stored)) yield* profiles.update(tenant, profile, stored.value.version)
        else yield* profiles.insert(tenant, profile)
      }),
    )
    return profile
  }, provide)

  const planGreetings: VisitsService["planGreetings"] = Effect.fn("Visits.planGreetings")(
    function* (tenant: Ids.TenantId, input: typeof GreetingRequest.Encoded) {
      const request = yield* Errors.decode(GreetingRequest)(input)
      return yield* store.transaction(
        Effect.gen(function* () {
          const ids = request.customers.map((customer) => customer.id as string)
          const stored = new Map<string, Profile.CustomerProfile>()
          const existing: Array<Greeting.ExistingTouch> = []
          for (const chunk of chunksOf([...new Set(ids)])) {
            for (const entry of yield* profiles.getMany(tenant, chunk))
              stored.set(entry.id, entry.value)
            // From the horizon's first day on: a visit shifted to a business day lies
            // after its occurrence, possibly past the horizon's end.
            for (const entry of yield* Collection.entriesOf(touches, tenant, {
              where: { source: "greeting", customerId: chunk },
              range: { index: "dueOn", gte: request.horizon.from },
            }))
              if (entry.value.source === "greeting") existing.push(entry.value.touch)
          }
          const customers = request.customers.map((customer) => {
            const profile = stored.get(customer.id)
            return profile === undefined ? customer : { ...customer, profile }
          })
          const plan = yield* Greeting.planGreetings({
            customers,
            policy: request.policy,
            horizon: request.horizon,
            existing,
            ...(request.calendar === undefined ? {} : { workingCalendar: request.calendar }),
          })
          const operations = yield* Either.all(
            plan.touches.map((touch) =>
              touches.operations.insert({ source: "greeting" as const, touch }),
            ),
          )
          if (operations.length > 0)
            yield* store
              .bulkWrite(tenant, operations)
              .pipe(duplicateAsConflict("a greeting touch of the horizon"))
          return plan
        }),
      )
    },
    provide,
  )

  // --- VIS-9: complaint follow-ups ----------------------------------------------

  const scheduleFollowUp: VisitsService["scheduleFollowUp"] = Effect.fn("Visits.scheduleFollowUp")(
    function* (tenant: Ids.TenantId, input: typeof FollowUpRequest.Encoded) {
      const request = yield* Errors.decode(FollowUpRequest)(input)
      // The complaint's state decides before any stored plan: a plan stored for a
      // cycle that was followed up since, or for an earlier cycle, is never the answer.
      yield* FollowUp.checkDue(request.complaint)
      const documentId = followUpDocumentId(
        request.complaint.id,
        FollowUp.resolutionCycle(request.complaint),
      )
      return yield* store
        .transaction(
          Effect.gen(function* () {
            const stored = yield* followUps.get(tenant, documentId)
            // idempotent within a cycle: the plan made first stands, whoever is available now
            if (Option.isSome(stored)) return stored.value.value
            const now = yield* Clock.currentTimeMillis
            const plan = yield* FollowUp.scheduleFollowUp(
              request.complaint,
              request.staff,
              request.policy,
              now,
            )
            yield* followUps.insert(tenant, plan)
            return plan
          }),
        )
        .pipe(
          // a concurrent call stored its plan first: that plan is the answer
          Effect.catchIf(isDuplicate, () =>
            Effect.map(followUps.getOrFail(tenant, documentId), (entry) => entry.value),
          ),
        )
    },
    provide,
  )

  // --- VIS-11: customer events --------------------------------------------------

  /** Loads an event, applies a pure step at the clock's instant, writes it back by compare-and-set. */
  const changeEvent = <E>(
    tenant: Ids.TenantId,
    eventId: string,
    step: (
      event: CustomerEvent.CustomerEvent,
      now: number,
    ) => Either.Either<CustomerEvent.CustomerEvent, E>,
  ) =>
    Effect.gen(function* () {
      const entry = yield* loadEvent(tenant, eventId)
      const now = yield* Clock.currentTimeMillis
      const next = yield* step(entry.value, now)
      // The pure steps only produce valid events: an event that does not encode is a bug.
      yield* events
        .update(tenant, next, entry.version)
        .pipe(Effect.catchTag("ValidationError", (error) => Effect.die(error)))
      return next
    })

  const createEvent: VisitsService["createEvent"] = Effect.fn("Visits.createEvent")(function* (
    tenant: Ids.TenantId,
    input: typeof CustomerEvent.NewEvent.Encoded,
  ) {
    const event = yield* CustomerEvent.create(input)
    yield* events.insert(tenant, event)
    return event
  }, provide)

  const planEvent: VisitsService["planEvent"] = Effect.fn("Visits.planEvent")(function* (
    tenant: Ids.TenantId,
    eventId: string,
    input: EventPlanInput,
  ) {
    return yield* changeEvent(tenant, eventId, (event, now) =>
      CustomerEvent.plan(event, { ...input, plannedAt: input.plannedAt ?? now }),
    )
  }, provide)

  const approveEvent: VisitsService["approveEvent"] = Effect.fn("Visits.approveEvent")(function* (
    tenant: Ids.TenantId,
    eventId: string,
    input: { readonly by: string },
  ) {
    const by = yield* Errors.decode(Ids.StaffId)(input.by)
    return yield* changeEvent(tenant, eventId, (event, now) =>
      CustomerEvent.approve(event, by, now),
    )
  }, provide)

  const commitEventCost: VisitsService["commitEventCost"] = Effect.fn("Visits.commitEventCost")(
    function* (tenant: Ids.TenantId, eventId: string, input: CostInput) {
      return yield* changeEvent(tenant, eventId, (event, now) =>
        Either.flatMap(
          Errors.decodeEither(CustomerEvent.CommittedCost)({
            ...input,
            committedAt: input.committedAt ?? now,
          }),
          (cost) => CustomerEvent.commitCost(event, cost),
        ),
      )
    },
    provide,
  )

  const markEventHeld: VisitsService["markEventHeld"] = Effect.fn("Visits.markEventHeld")(
    function* (tenant: Ids.TenantId, eventId: string, input?: { readonly at?: number }) {
      return yield* changeEvent(tenant, eventId, (event, now) =>
        Either.flatMap(Errors.decodeEither(Period.Instant)(input?.at ?? now), (at) =>
          CustomerEvent.markHeld(event, at),
        ),
      )
    },
    provide,
  )

  const recordTestimonial: VisitsService["recordTestimonial"] = Effect.fn(
    "Visits.recordTestimonial",
  )(function* (tenant: Ids.TenantId, eventId: string, input: TestimonialInput) {
    return yield* changeEvent(tenant, eventId, (event, now) =>
      Either.flatMap(
        Errors.decodeEither(CustomerEvent.Testimonial)({
          ...input,
          collectedAt: input.collectedAt ?? now,
        }),
        (testimonial) => CustomerEvent.recordTestimonial(event, testimonial),
      ),
    )
  }, provide)

  const closeEvent: VisitsService["closeEvent"] = Effect.fn("Visits.closeEvent")(function* (
    tenant: Ids.TenantId,
    eventId: string,
  ) {
    return yield* changeEvent(tenant, eventId, CustomerEvent.close)
  }, provide)

  const cancelEvent: VisitsService["cancelEvent"] = Effect.fn("Visits.cancelEvent")(function* (
    tenant: Ids.TenantId,
    eventId: string,
  ) {
    return yield* changeEvent(tenant, eventId, CustomerEvent.cancel)
  }, provide)

  const eventBudgetReport: VisitsService["eventBudgetReport"] = Effect.fn(
    "Visits.eventBudgetReport",
  )(function* (tenant: Ids.TenantId, options?: { readonly from?: string; readonly to?: string }) {
    const from = options?.from
    const to = options?.to
    const stored = yield* Collection.entriesOf(events, tenant, {
      ...(from === undefined && to === undefined
        ? {}
        : {
            range: {
              index: "date" as const,
              ...(from === undefined ? {} : { gte: from }),
              ...(to === undefined ? {} : { lt: to }),
            },
          }),
      orderBy: { index: "date" },
    })
    return CustomerEvent.budgetReport(stored.map((entry) => entry.value))
  }, provide)

  // --- VIS-10: relationship cadence ---------------------------------------------

  /** The cadence touches among stored touches (the query asked for them; this narrows the type). */
  const cadenceOnly = (
    entries: ReadonlyArray<Collection.Entry<StoredTouch>>,
  ): Array<Collection.Entry<CadenceTouchRecord>> => {
    const found: Array<Collection.Entry<CadenceTouchRecord>> = []
    for (const entry of entries)
      if (entry.value.source === "cadence")
        found.push({ id: entry.id, version: entry.version, value: entry.value })
    return found
  }

  const storedCadence = (tenant: Ids.TenantId, period: Pick<Period.Period, "start" | "end">) =>
    Effect.map(
      Collection.entriesOf(touches, tenant, {
        where: { source: "cadence", period: cadencePeriodKey(period) },
      }),
      cadenceOnly,
    )

  /** The cadence touches due in a period, whichever plans they belong to. */
  const cadenceDueIn = (tenant: Ids.TenantId, period: Pick<Period.Period, "start" | "end">) =>
    Effect.map(
      Collection.entriesOf(touches, tenant, {
        where: { source: "cadence" },
        range: { index: "dueOn", gte: period.start, lt: period.end },
      }),
      cadenceOnly,
    )

  const doneRecordsOf = (
    stored: ReadonlyArray<Collection.Entry<CadenceTouchRecord>>,
  ): Array<Cadence.DoneRecord> => {
    const done: Array<Cadence.DoneRecord> = []
    for (const entry of stored)
      if (entry.value.done !== undefined)
        done.push({ touchId: entry.value.touch.id, at: entry.value.done.at })
    return done
  }

  const planCadence: VisitsService["planCadence"] = Effect.fn("Visits.planCadence")(function* (
    tenant: Ids.TenantId,
    input: typeof CadenceRequest.Encoded,
  ) {
    const request = yield* Errors.decode(CadenceRequest)(input)
    return yield* store.transaction(
      Effect.gen(function* () {
        const now = yield* Clock.currentTimeMillis
        const stored = yield* storedCadence(tenant, request.period)
        const byTouchId = new Map(stored.map((entry) => [entry.value.touch.id, entry]))
        const result = yield* Cadence.plan({
          period: request.period,
          customers: request.customers,
          standards: request.standards,
          calendars: request.calendars,
          defaultCalendarId: request.defaultCalendarId,
          policy: request.policy,
          existing: stored.map((entry) => entry.value.touch),
          done: doneRecordsOf(stored),
          now,
        })
        const operations: Array<Store.WriteOperation> = []
        for (const touch of result.added)
          operations.push(yield* touches.operations.insert({ source: "cadence", touch }))
        for (const touch of result.cancelled) {
          const entry = byTouchId.get(touch.id)
          // the planner cancels only the existing touches it was given
          if (entry === undefined)
            return yield* Effect.dieMessage(`cancelled touch ${touch.id} was never stored`)
          operations.push(
            yield* touches.operations.update({ ...entry.value, touch }, entry.version),
          )
        }
        if (operations.length > 0)
          yield* store
            .bulkWrite(tenant, operations)
            .pipe(duplicateAsConflict("a cadence touch of the period"))
        const summary: CadencePlanSummary = {
          policyVersion: result.policyVersion,
          period: result.period,
          touches: result.touches.length,
          kept: result.kept.length,
          added: result.added.length,
          cancelled: result.cancelled.length,
          skipped: result.skipped,
        }
        return summary
      }),
    )
  }, provide)

  const recordTouchDone: VisitsService["recordTouchDone"] = Effect.fn("Visits.recordTouchDone")(
    function* (
      tenant: Ids.TenantId,
      touchId: string,
      input: { readonly at: number; readonly by: string },
    ) {
      const done = yield* Errors.decode(TouchDone)(input)
      const now = yield* Clock.currentTimeMillis
      if (done.at > now)
        return yield* Errors.ValidationError.fromIssues([
          {
            path: ["at"],
            message: `a touch is recorded done once it was carried out, at or before ${new Date(now).toISOString()}`,
          },
        ])
      return yield* store.transaction(
        Effect.gen(function* () {
          const cadence = yield* touches.get(tenant, touchDocumentId("cadence", touchId))
          const found = Option.isSome(cadence)
            ? cadence
            : yield* touches.get(tenant, touchDocumentId("greeting", touchId))
          const entry = yield* foundOr("planned touch", touchId)(found)
          const stored = entry.value
          if (stored.source === "cadence" && stored.touch.status === "cancelled")
            return yield* new Errors.InvalidTransitionError({
              entity: "PlannedTouch",
              state: "cancelled",
              attempted: "recordDone",
            })
          // the first record stands: recording the same touch again changes nothing
          if (stored.done !== undefined) return stored
          const next: StoredTouch = { ...stored, done }
          yield* touches.update(tenant, next, entry.version)
          return next
        }),
      )
    },
    provide,
  )

  const adherence: VisitsService["adherence"] = Effect.fn("Visits.adherence")(function* (
    tenant: Ids.TenantId,
    input: AdherenceRequest,
  ) {
    const period = yield* Errors.decode(Period.Period)(input.period)
    const asOf =
      input.asOf === undefined
        ? yield* Clock.currentTimeMillis
        : yield* Errors.decode(Period.Instant)(input.asOf)
    const stored = yield* cadenceDueIn(tenant, period)
    return yield* Cadence.adherence(
      stored.map((entry) => entry.value.touch),
      doneRecordsOf(stored),
      asOf,
      {
        ...(input.byCustomer === undefined ? {} : { byCustomer: input.byCustomer }),
        ...(input.graceDays === undefined ? {} : { graceDays: input.graceDays }),
      },
    )
  }, provide)

  return Visits.of({
    savePolicy,
    policy: (tenant, version) =>
      provide(Effect.map(policies.get(tenant, String(version)), storedValue)),
    bookAppointment,
    confirmAppointment,
    transitionAppointment,
    packItems,
    addChecklistItems,
    appointment: (tenant, appointmentId) =>
      provide(Effect.map(appointments.get(tenant, appointmentId), storedValue)),
    completeVisit,
    completedVisit: (tenant, appointmentId) =>
      provide(Effect.map(completedVisits.get(tenant, appointmentId), storedValue)),
    feedbackSummary,
    saveProfile,
    profile: (tenant, customerId) =>
      provide(Effect.map(profiles.get(tenant, customerId), storedValue)),
    planGreetings,
    scheduleFollowUp,
    followUp: (tenant, complaintId, options) =>
      provide(
        options?.cycle === undefined
          ? Effect.map(
              followUps
                .query(tenant, {
                  where: { complaintId },
                  orderBy: { index: "cycle", direction: "desc" },
                  limit: 1,
                })
                // a query the service built itself: a refused one is a bug
                .pipe(Effect.catchTag("ValidationError", (error) => Effect.die(error))),
              (page) => Option.fromNullable(page.entries[0]?.value),
            )
          : Effect.map(
              followUps.get(tenant, followUpDocumentId(complaintId, options.cycle)),
              storedValue,
            ),
      ),
    createEvent,
    planEvent,
    approveEvent,
    commitEventCost,
    markEventHeld,
    recordTestimonial,
    closeEvent,
    cancelEvent,
    event: (tenant, eventId) => provide(Effect.map(events.get(tenant, eventId), storedValue)),
    eventBudgetReport,
    planCadence,
    cadenceTouches: (tenant, period) =>
      provide(
        Effect.map(storedCadence(tenant, period), (entries) => entries.map((entry) => entry.value)),
      ),
    recordTouchDone,
    adherence,
  })
})

/**
 * The service's layer over a `Store`.
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
 * @category layers
 */
export const layer: Layer.Layer<Visits, never, Store.Store> = Layer.effect(Visits, make)

/**
 * The Promise API: the service's methods as plain async functions over a store
 * layer. Rejections are the same tagged errors.
 *
 * @example
 * ```ts
 * import { WorkingCalendar } from "@clientele/calendar"
 * import { Ids } from "@clientele/core"
 * import { MemoryStore } from "@clientele/store"
 * import { Visits } from "@clientele/visits"
 *
 * const client = await Visits.makeClient(MemoryStore.layer)
 * const tenant = Ids.TenantId.make("acme")
 * await client.savePolicy(tenant, { version: 1 })
 * const appointment = await client.bookAppointment(tenant, {
 *   policyVersion: 1,
 *   request: {
 *     customerId: "cus_42",
 *     jobId: "repair-778",
 *     kind: "repair",
 *     zone: "Europe/Paris",
 *     preferred: [{ start: "2030-06-11T09:00", end: "2030-06-11T17:00" }],
 *     durationMinutes: 90,
 *     need: "The boiler loses pressure every night",
 *     checklist: [],
 *   },
 *   technician: { id: "tech-7", calendar: WorkingCalendar.weekdays("Europe/Paris", "08:00", "17:00") },
 * })
 * await client.close()
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeClient = <E>(
  store: Layer.Layer<Store.Store, E>,
): Promise<PromiseClient.PromiseClient<VisitsService>> =>
  PromiseClient.make(Visits, layer.pipe(Layer.provide(store)))

// ---------------------------------------------------------------------------
// errors
// ---------------------------------------------------------------------------

/**
 * A visit policy version was saved again with different content: a saved version
 * never changes, so the appointments and completed visits that name it stay
 * explainable.
 *
 * @example
 * ```ts
 * import { Visits } from "@clientele/visits"
 *
 * const error = new Visits.PolicyVersionConflictError({ version: 2 })
 * error.message
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class PolicyVersionConflictError extends Schema.TaggedError<PolicyVersionConflictError>(
  "@clientele/visits/PolicyVersionConflictError",
)("PolicyVersionConflictError", {
  version: PositiveInt,
}) {
  override get message(): string {
    return `visit policy version ${this.version} is already saved with different content; save the change under a new version`
  }
}
