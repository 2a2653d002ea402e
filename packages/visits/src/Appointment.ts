/**
 * On-site appointments (VIS-1, VIS-2) and the visit policy that the whole visit
 * flow reads (VIS-1 … VIS-5).
 *
 * VIS-1: an installation, repair or complaint visit is booked in advance inside a
 * window the customer chose, on the customer's wall clock. {@link book} picks the
 * earliest slot that lies inside one of those windows and inside the technician's
 * working time (never across a break or a closing), away from the customer's meal
 * times (VIS-3), after the minimum lead time and the earliest start, before the due
 * date, and clear of the technician's other bookings; {@link validateSlot} and
 * {@link confirm} check a slot a dispatcher picks by hand against the same rules
 * and list every violation.
 *
 * VIS-2: the appointment carries the customer's need and the checklist of parts and
 * tools to bring; until dispatch, items are packed ({@link pack}) and missing ones
 * added ({@link addToChecklist}); dispatch is refused while an item is unpacked
 * unless someone waives it explicitly ({@link transition}); every appointment knows
 * its trip number for its job and {@link secondTrips} counts the trips beyond the
 * first.
 *
 * Times: the customer's windows are civil date-times in the customer's zone; the
 * technician's calendar lives in its own zone; the business constraints
 * (`earliestStart`, `dueBy`, `now`) and every booked time are instants (UTC epoch
 * milliseconds). A wall-clock time that a DST transition skips moves forward by the
 * gap, one it repeats is its earlier occurrence.
 *
 * @since 0.1.0
 */
import { BusinessTime, WorkingCalendar } from "@clientele/calendar"
import { Civil, Errors, Ids, Period, Personal, Zone } from "@clientele/core"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as WallClock from "./internal/wallClock.js"

const MINUTE = 60_000
const DAY = Civil.dayMs

const PositiveInt = Schema.Int.pipe(Schema.positive())
const NonNegativeInt = Schema.Int.pipe(Schema.nonNegative())
const Label = Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(200))
const PersonalText = Personal.personal(Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(4000)))

// ---------------------------------------------------------------------------
// models and schemas
// ---------------------------------------------------------------------------

/**
 * The id of an appointment (one trip of a technician to a customer).
 *
 * @example
 * ```ts
 * import { Appointment } from "@clientele/visits"
 *
 * const id = Appointment.AppointmentId.make("apt_1001")
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const AppointmentId = Ids.IdString.pipe(
  Schema.brand("AppointmentId"),
  Schema.annotations({ identifier: "AppointmentId" }),
)

/**
 * The type of {@link AppointmentId}: a string branded `AppointmentId`.
 *
 * @example
 * ```ts
 * import { Appointment } from "@clientele/visits"
 *
 * const id: Appointment.AppointmentId = Appointment.AppointmentId.make("apt_1001")
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type AppointmentId = typeof AppointmentId.Type

/**
 * The id of the job a visit serves (an installation order, a repair ticket, a
 * complaint): every trip for the same job carries it, so a second trip is
 * recognised (VIS-2).
 *
 * @example
 * ```ts
 * import { Appointment } from "@clientele/visits"
 *
 * const job = Appointment.JobId.make("repair-778")
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const JobId = Ids.IdString.pipe(
  Schema.brand("JobId"),
  Schema.annotations({ identifier: "JobId" }),
)

/**
 * The type of {@link JobId}: a string branded `JobId`.
 *
 * @example
 * ```ts
 * import { Appointment } from "@clientele/visits"
 *
 * const job: Appointment.JobId = Appointment.JobId.make("repair-778")
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type JobId = typeof JobId.Type

/**
 * What a visit is for: the on-site visits of VIS-1 (installation, repair,
 * complaint), a relationship visit (VIS-10) or another visit.
 *
 * @example
 * ```ts
 * import { Appointment } from "@clientele/visits"
 *
 * Appointment.VisitKind.literals // ["installation", "repair", "complaint", "relationship", "other"]
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const VisitKind = Schema.Literal(
  "installation",
  "repair",
  "complaint",
  "relationship",
  "other",
)

/**
 * The type of {@link VisitKind}.
 *
 * @example
 * ```ts
 * import type { Appointment } from "@clientele/visits"
 *
 * const kind: Appointment.VisitKind = "repair"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type VisitKind = typeof VisitKind.Type

/**
 * A civil date-time `YYYY-MM-DDTHH:MM` (or `…:SS`) on a wall clock, without a zone:
 * the zone is the customer's, given beside it. The date must exist; hours run
 * 00–23 (write midnight at the end of a day as the next day's `T00:00`). Because
 * the format has a fixed width, comparing two texts compares the date-times.
 *
 * @example
 * ```ts
 * import { Appointment } from "@clientele/visits"
 *
 * const tuesdayMorning = Appointment.LocalDateTime.make("2024-06-11T09:00")
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const LocalDateTime = Schema.String.pipe(
  Schema.filter(
    (text) =>
      WallClock.parseLocal(text) !== undefined ||
      `${JSON.stringify(text)} is not a real date-time written YYYY-MM-DDTHH:MM[:SS]`,
    {
      arbitrary: () => (fc) =>
        fc
          .integer({
            min: Civil.dayNumberOf(2020, 1, 1) * 96,
            max: Civil.dayNumberOf(2030, 12, 31) * 96,
          })
          .map((quarter) => WallClock.formatLocal(quarter * 15 * MINUTE)),
    },
  ),
  Schema.brand("LocalDateTime"),
  Schema.annotations({
    identifier: "LocalDateTime",
    description: "a civil date-time YYYY-MM-DDTHH:MM[:SS] on the customer's wall clock",
  }),
)

/**
 * The type of {@link LocalDateTime}.
 *
 * @example
 * ```ts
 * import { Appointment } from "@clientele/visits"
 *
 * const at: Appointment.LocalDateTime = Appointment.LocalDateTime.make("2024-06-11T14:30")
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type LocalDateTime = typeof LocalDateTime.Type

const localMs = (text: string): number => WallClock.parseLocal(text) ?? Number.NaN

/** A window longer than a year is a wish, not a window; it also bounds the search. */
const MAX_WINDOW_DAYS = 366

/**
 * A window the customer finds convenient (VIS-1): `[start, end)` on the customer's
 * wall clock, end after start, at most 366 days long. A window may cross midnight
 * (`22:00` to the next day's `02:00`).
 *
 * @example
 * ```ts
 * import { Appointment } from "@clientele/visits"
 * import { Errors } from "@clientele/core"
 *
 * Errors.decodeEither(Appointment.PreferredWindow)({ start: "2024-06-11T09:00", end: "2024-06-11T12:00" }) // Right
 * Errors.decodeEither(Appointment.PreferredWindow)({ start: "2024-06-11T12:00", end: "2024-06-11T09:00" }) // Left
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const PreferredWindow = Schema.Struct({ start: LocalDateTime, end: LocalDateTime }).pipe(
  Schema.filter((window) => {
    const length = localMs(window.end) - localMs(window.start)
    if (!(length > 0))
      return { path: ["end"], message: `a window ends after it starts (${window.start}) (VIS-1)` }
    return length <= MAX_WINDOW_DAYS * DAY
      ? undefined
      : { path: ["end"], message: `a window is at most ${MAX_WINDOW_DAYS} days long (VIS-1)` }
  }),
  Schema.annotations({ identifier: "PreferredWindow" }),
)

/**
 * The type of {@link PreferredWindow}.
 *
 * @example
 * ```ts
 * import { Appointment } from "@clientele/visits"
 *
 * const evening: Appointment.PreferredWindow = {
 *   start: Appointment.LocalDateTime.make("2024-06-11T17:00"),
 *   end: Appointment.LocalDateTime.make("2024-06-11T20:00"),
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type PreferredWindow = typeof PreferredWindow.Type

/**
 * One line of the preparation checklist (VIS-2): a part (by SKU) or a tool (by
 * name), how many, whether it is packed in the van and, when {@link pack} packed
 * it, when.
 *
 * @example
 * ```ts
 * import { Appointment } from "@clientele/visits"
 *
 * const valve = Appointment.PreparationItem.make({ kind: "part", item: "VALVE-22MM", quantity: 2, packed: false })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const PreparationItem = Schema.Struct({
  kind: Schema.Literal("part", "tool"),
  item: Label,
  quantity: PositiveInt,
  packed: Schema.Boolean,
  packedAt: Schema.optional(Period.Instant),
}).pipe(Schema.annotations({ identifier: "PreparationItem" }))

/**
 * The type of {@link PreparationItem}.
 *
 * @example
 * ```ts
 * import type { Appointment } from "@clientele/visits"
 *
 * const ladder: Appointment.PreparationItem = { kind: "tool", item: "3 m ladder", quantity: 1, packed: true }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type PreparationItem = typeof PreparationItem.Type

/**
 * A checklist item named for packing (VIS-2): its `item` (the SKU or tool name on
 * the checklist) and, when a part and a tool share that name, its `kind`.
 *
 * @example
 * ```ts
 * import { Appointment } from "@clientele/visits"
 *
 * const gauge = Appointment.PackItem.make({ item: "pressure gauge", kind: "tool" })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const PackItem = Schema.Struct({
  item: Label,
  kind: Schema.optional(PreparationItem.fields.kind),
}).pipe(Schema.annotations({ identifier: "PackItem" }))

/**
 * The type of {@link PackItem}.
 *
 * @example
 * ```ts
 * import type { Appointment } from "@clientele/visits"
 *
 * const valve: Appointment.PackItem = { item: "VALVE-22MM" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type PackItem = typeof PackItem.Type

/** A visit of at most a week: anything longer is a project, not a visit. */
const DurationMinutes = Schema.Int.pipe(Schema.between(1, 10_080))

const requestFields = {
  customerId: Ids.CustomerId,
  jobId: JobId,
  kind: VisitKind,
  /** The customer's zone: the zone of `preferred` and of the meal times. */
  zone: Period.TimeZone,
  preferred: Schema.Array(PreferredWindow),
  durationMinutes: DurationMinutes,
  earliestStart: Schema.optional(Period.Instant),
  dueBy: Schema.optional(Period.Instant),
  need: PersonalText,
  checklist: Schema.Array(PreparationItem),
}

/**
 * A request for an on-site visit (VIS-1, VIS-2): the customer, the job it serves,
 * what kind of visit, the customer's zone and preferred windows on that zone's wall
 * clock, how long the visit takes, the instants it may start at the earliest
 * (`earliestStart`, e.g. when the parts arrive) and must be over by (`dueBy`, e.g.
 * a complaint's deadline), the customer's need in their words (personal data) and
 * the checklist of parts and tools to bring.
 *
 * @example
 * ```ts
 * import { Appointment } from "@clientele/visits"
 * import { Errors } from "@clientele/core"
 *
 * const request = Errors.decodeEither(Appointment.AppointmentRequest)({
 *   customerId: "cus_42",
 *   jobId: "repair-778",
 *   kind: "repair",
 *   zone: "Europe/Paris",
 *   preferred: [{ start: "2024-06-11T09:00", end: "2024-06-11T12:00" }],
 *   durationMinutes: 90,
 *   need: "The boiler loses pressure every night",
 *   checklist: [{ kind: "part", item: "VALVE-22MM", quantity: 1, packed: true }],
 * }) // Right
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const AppointmentRequest = Schema.Struct(requestFields).pipe(
  Schema.annotations({ identifier: "AppointmentRequest" }),
)

/**
 * The type of {@link AppointmentRequest}.
 *
 * @example
 * ```ts
 * import type { Appointment } from "@clientele/visits"
 *
 * const hasWindows = (request: Appointment.AppointmentRequest) => request.preferred.length > 0
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type AppointmentRequest = typeof AppointmentRequest.Type

/**
 * A range `[start, end)` of instants (UTC epoch milliseconds), end after start: a
 * booked slot.
 *
 * @example
 * ```ts
 * import { Appointment } from "@clientele/visits"
 *
 * const slot = Appointment.Slot.make({ start: Date.UTC(2024, 5, 11, 7), end: Date.UTC(2024, 5, 11, 8, 30) })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Slot = Schema.Struct({ start: Period.Instant, end: Period.Instant }).pipe(
  Schema.filter((slot) =>
    slot.end > slot.start ? undefined : { path: ["end"], message: "a slot ends after it starts" },
  ),
  Schema.annotations({ identifier: "Slot" }),
)

/**
 * The type of {@link Slot}.
 *
 * @example
 * ```ts
 * import type { Appointment } from "@clientele/visits"
 *
 * const minutes = (slot: Appointment.Slot) => (slot.end - slot.start) / 60_000
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Slot = typeof Slot.Type

/**
 * The window of instants in which the technician promises to arrive: around the
 * scheduled start, by the policy's `arrival` tolerances (end at or after start).
 *
 * @example
 * ```ts
 * import { Appointment } from "@clientele/visits"
 *
 * const arrival = Appointment.ArrivalWindow.make({ start: Date.UTC(2024, 5, 11, 7), end: Date.UTC(2024, 5, 11, 7, 30) })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ArrivalWindow = Schema.Struct({ start: Period.Instant, end: Period.Instant }).pipe(
  Schema.filter((window) =>
    window.end >= window.start
      ? undefined
      : { path: ["end"], message: "an arrival window ends at or after it starts" },
  ),
  Schema.annotations({ identifier: "ArrivalWindow" }),
)

/**
 * The type of {@link ArrivalWindow}.
 *
 * @example
 * ```ts
 * import type { Appointment } from "@clientele/visits"
 *
 * const arrivedInTime = (window: Appointment.ArrivalWindow, at: number) => at >= window.start && at <= window.end
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type ArrivalWindow = typeof ArrivalWindow.Type

/**
 * The states of an appointment: `requested` (a slot held, the customer has not
 * agreed yet), `booked` (agreed), `dispatched` (the technician is on the way, the
 * checklist packed or waived), `inProgress` (on site), and the final states
 * `completed` (signed off with a feedback card, see `Completion`), `cannotComplete`
 * and `cancelled`.
 *
 * @example
 * ```ts
 * import { Appointment } from "@clientele/visits"
 *
 * Appointment.Status.literals.length // 7
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Status = Schema.Literal(
  "requested",
  "booked",
  "dispatched",
  "inProgress",
  "completed",
  "cannotComplete",
  "cancelled",
)

/**
 * The type of {@link Status}.
 *
 * @example
 * ```ts
 * import type { Appointment } from "@clientele/visits"
 *
 * const isOpen = (status: Appointment.Status) => status !== "completed" && status !== "cancelled"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Status = typeof Status.Type

/**
 * An explicit waiver of unpacked checklist items at dispatch (VIS-2): who decided
 * it, why, and when.
 *
 * @example
 * ```ts
 * import { Appointment } from "@clientele/visits"
 * import { Ids } from "@clientele/core"
 *
 * const waiver = Appointment.PreparationWaiver.make({
 *   by: Ids.StaffId.make("lead-1"),
 *   reason: "valve delivered to the customer's address directly",
 *   at: Date.UTC(2024, 5, 11, 6),
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const PreparationWaiver = Schema.Struct({
  by: Ids.StaffId,
  reason: Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(1000)),
  at: Period.Instant,
}).pipe(Schema.annotations({ identifier: "PreparationWaiver" }))

/**
 * The type of {@link PreparationWaiver}.
 *
 * @example
 * ```ts
 * import type { Appointment } from "@clientele/visits"
 *
 * const waivedBy = (waiver: Appointment.PreparationWaiver) => waiver.by
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type PreparationWaiver = typeof PreparationWaiver.Type

/**
 * Why and when an appointment ended without completion (cancelled, or could not be
 * completed on site); the reason is personal data, as it often speaks of the
 * customer.
 *
 * @example
 * ```ts
 * import { Appointment } from "@clientele/visits"
 *
 * const closure = Appointment.Closure.make({ at: Date.UTC(2024, 5, 10, 16), reason: "customer travelling" })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Closure = Schema.Struct({ at: Period.Instant, reason: PersonalText }).pipe(
  Schema.annotations({ identifier: "AppointmentClosure" }),
)

/**
 * The type of {@link Closure}.
 *
 * @example
 * ```ts
 * import type { Appointment } from "@clientele/visits"
 *
 * const closedAt = (closure: Appointment.Closure) => closure.at
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Closure = typeof Closure.Type

/**
 * A booked visit (VIS-1, VIS-2): the request's data, the technician, the scheduled
 * slot and the arrival window promised to the customer, its status and when it last
 * changed, when it was booked, its trip number for its job (1 for the first
 * non-cancelled trip) and the version of the visit policy it was booked under.
 *
 * @example
 * ```ts
 * import type { Appointment } from "@clientele/visits"
 *
 * const isSecondTrip = (appointment: Appointment.Appointment) => appointment.trip > 1
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Appointment = Schema.Struct({
  id: AppointmentId,
  ...requestFields,
  technicianId: Ids.StaffId,
  scheduled: Slot,
  arrivalWindow: ArrivalWindow,
  status: Status,
  bookedAt: Period.Instant,
  statusChangedAt: Period.Instant,
  trip: PositiveInt,
  policyVersion: PositiveInt,
  preparationWaiver: Schema.optional(PreparationWaiver),
  cancellation: Schema.optional(Closure),
  cannotComplete: Schema.optional(Closure),
}).pipe(Schema.annotations({ identifier: "Appointment" }))

/**
 * The type of {@link Appointment}.
 *
 * @example
 * ```ts
 * import type { Appointment } from "@clientele/visits"
 *
 * const minutes = (appointment: Appointment.Appointment) =>
 *   (appointment.scheduled.end - appointment.scheduled.start) / 60_000
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Appointment = typeof Appointment.Type

/**
 * A technician as booking sees one: the staff id and the working calendar (in its
 * own zone) that bounds when visits may take place.
 *
 * @example
 * ```ts
 * import { Appointment } from "@clientele/visits"
 * import { WorkingCalendar } from "@clientele/calendar"
 * import { Ids } from "@clientele/core"
 *
 * const technician = Appointment.Technician.make({
 *   id: Ids.StaffId.make("tech-7"),
 *   calendar: WorkingCalendar.weekdays("Europe/Paris", "08:00", "17:00"),
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Technician = Schema.Struct({
  id: Ids.StaffId,
  calendar: WorkingCalendar.WorkingCalendar,
})

/**
 * The type of {@link Technician}.
 *
 * @example
 * ```ts
 * import type { Appointment } from "@clientele/visits"
 *
 * const zoneOf = (technician: Appointment.Technician) => technician.calendar.timeZone
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Technician = typeof Technician.Type

// ---------------------------------------------------------------------------
// the visit policy
// ---------------------------------------------------------------------------

/**
 * The id of a conduct checklist item (VIS-3): lower-case letters, digits and
 * hyphens, such as `no-gifts`. Feedback cards flag items by this id (VIS-6).
 *
 * @example
 * ```ts
 * import { Appointment } from "@clientele/visits"
 *
 * const item = Appointment.ConductItemId.make("site-cleaned")
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ConductItemId = Schema.String.pipe(
  Schema.pattern(/^[a-z0-9][a-z0-9-]{0,63}$/, {
    message: () =>
      "a checklist item id is 1 to 64 lower-case letters, digits and hyphens, such as no-gifts",
  }),
  Schema.brand("ConductItemId"),
  Schema.annotations({ identifier: "ConductItemId" }),
)

/**
 * The type of {@link ConductItemId}.
 *
 * @example
 * ```ts
 * import { Appointment } from "@clientele/visits"
 *
 * const item: Appointment.ConductItemId = Appointment.ConductItemId.make("no-gifts")
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type ConductItemId = typeof ConductItemId.Type

/**
 * One item of the conduct checklist (VIS-3): its id, the label staff answer and
 * customers flag, and whether a breach blocks completion (`blocking`) or is only
 * recorded as an issue.
 *
 * @example
 * ```ts
 * import { Appointment } from "@clientele/visits"
 *
 * const gifts = Appointment.ConductItem.make({
 *   id: Appointment.ConductItemId.make("no-gifts"),
 *   label: "No gift accepted",
 *   blocking: false,
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ConductItem = Schema.Struct({
  id: ConductItemId,
  label: Label,
  blocking: Schema.Boolean,
}).pipe(Schema.annotations({ identifier: "ConductItem" }))

/**
 * The type of {@link ConductItem}.
 *
 * @example
 * ```ts
 * import type { Appointment } from "@clientele/visits"
 *
 * const blockers = (items: ReadonlyArray<Appointment.ConductItem>) => items.filter((item) => item.blocking)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type ConductItem = typeof ConductItem.Type

/**
 * What completing a visit requires (VIS-4): the customer's `signOff` and a
 * `feedbackCard` (both always: a policy without them is invalid), an answer for
 * every conduct item (`conductAnswered`), and an arrival inside the arrival window
 * (`arrivalOnTime`).
 *
 * @example
 * ```ts
 * import { Appointment } from "@clientele/visits"
 *
 * Appointment.CompletionRequirement.literals // ["signOff", "feedbackCard", "conductAnswered", "arrivalOnTime"]
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const CompletionRequirement = Schema.Literal(
  "signOff",
  "feedbackCard",
  "conductAnswered",
  "arrivalOnTime",
)

/**
 * The type of {@link CompletionRequirement}.
 *
 * @example
 * ```ts
 * import type { Appointment } from "@clientele/visits"
 *
 * const requirement: Appointment.CompletionRequirement = "conductAnswered"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type CompletionRequirement = typeof CompletionRequirement.Type

/**
 * How an extra payment may be recorded on a visit: `bankTransfer` to the company,
 * `card`, or `cash` — which VIS-5 forbids, so a record that carries it is rejected.
 *
 * @example
 * ```ts
 * import { Appointment } from "@clientele/visits"
 *
 * Appointment.PaymentMethod.literals // ["bankTransfer", "cash", "card"]
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const PaymentMethod = Schema.Literal("bankTransfer", "cash", "card")

/**
 * The type of {@link PaymentMethod}.
 *
 * @example
 * ```ts
 * import type { Appointment } from "@clientele/visits"
 *
 * const method: Appointment.PaymentMethod = "bankTransfer"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type PaymentMethod = typeof PaymentMethod.Type

/**
 * The payment methods a policy may accept for extra payments: bank transfer and
 * card; never cash (VIS-5).
 *
 * @example
 * ```ts
 * import { Appointment } from "@clientele/visits"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(Appointment.AcceptedPaymentMethod)("cash") // false
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const AcceptedPaymentMethod = Schema.Literal("bankTransfer", "card").annotations({
  message: () => ({
    message:
      "a policy accepts bank transfer or card; cash collected by staff is never accepted (VIS-5)",
    override: true,
  }),
})

/**
 * The type of {@link AcceptedPaymentMethod}.
 *
 * @example
 * ```ts
 * import type { Appointment } from "@clientele/visits"
 *
 * const accepted: ReadonlyArray<Appointment.AcceptedPaymentMethod> = ["bankTransfer"]
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type AcceptedPaymentMethod = typeof AcceptedPaymentMethod.Type

/**
 * The visit policy (VIS-1 … VIS-5), versioned data; see {@link defaultPolicy} for
 * every default.
 *
 * - `minimumLeadMinutes`: how long before its start a visit must be booked (VIS-1:
 *   "agreed in advance"), in real minutes;
 * - `slotAlignmentMinutes`: booked starts fall on multiples of this many minutes of
 *   the customer's wall clock (a divisor of 1440);
 * - `mealTimes`: the customer's meal times on their own wall clock, avoided when
 *   booking (VIS-3);
 * - `arrival`: the tolerances around the scheduled start that make the arrival
 *   window promised to the customer;
 * - `conduct`: the conduct checklist (VIS-3), unique ids;
 * - `completionRequires`: what completing a visit requires (VIS-4), always with
 *   `signOff` and `feedbackCard`;
 * - `acceptedPaymentMethods`: how an extra payment may be taken (VIS-5: never cash).
 *
 * @example
 * ```ts
 * import { Appointment } from "@clientele/visits"
 *
 * const policy: Appointment.VisitPolicy = Appointment.defaultPolicy
 * policy.minimumLeadMinutes // 1440
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const VisitPolicy = Schema.Struct({
  version: PositiveInt,
  minimumLeadMinutes: Schema.Int.pipe(Schema.between(0, 525_600)),
  slotAlignmentMinutes: Schema.Int.pipe(
    Schema.between(1, 1440),
    Schema.filter(
      (minutes) => 1440 % minutes === 0 || "the slot alignment divides a day (1440 minutes) evenly",
    ),
  ),
  mealTimes: Schema.Array(WorkingCalendar.TimeRange),
  arrival: Schema.Struct({
    earlyMinutes: Schema.Int.pipe(Schema.between(0, 1440)),
    lateMinutes: Schema.Int.pipe(Schema.between(0, 1440)),
  }),
  conduct: Schema.Array(ConductItem).pipe(
    Schema.minItems(1, { message: () => "the conduct checklist has at least one item (VIS-3)" }),
  ),
  completionRequires: Schema.Array(CompletionRequirement),
  acceptedPaymentMethods: Schema.Array(AcceptedPaymentMethod),
}).pipe(
  Schema.filter((policy) => {
    const issues: Array<Schema.FilterIssue> = []
    const seen = new Set<string>()
    policy.conduct.forEach((item, index) => {
      if (seen.has(item.id))
        issues.push({
          path: ["conduct", index, "id"],
          message: `the checklist item ${item.id} is listed twice (VIS-3)`,
        })
      seen.add(item.id)
    })
    for (const required of ["signOff", "feedbackCard"] as const)
      if (!policy.completionRequires.includes(required))
        issues.push({
          path: ["completionRequires"],
          message: `a visit is complete only with the customer's sign-off and a feedback card: ${required} cannot be dropped (VIS-4)`,
        })
    return issues
  }),
  Schema.annotations({ identifier: "VisitPolicy" }),
)

/**
 * The type of {@link VisitPolicy}.
 *
 * @example
 * ```ts
 * import type { Appointment } from "@clientele/visits"
 *
 * const leadHours = (policy: Appointment.VisitPolicy) => policy.minimumLeadMinutes / 60
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type VisitPolicy = typeof VisitPolicy.Type

/**
 * The encoded input {@link makePolicy} accepts: the version, and any part to change
 * from the defaults.
 *
 * @example
 * ```ts
 * import type { Appointment } from "@clientele/visits"
 *
 * const input: Appointment.PolicyInput = { version: 2, minimumLeadMinutes: 48 * 60 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type PolicyInput = Partial<typeof VisitPolicy.Encoded> & { readonly version: number }

const defaultPolicyInput: typeof VisitPolicy.Encoded = {
  version: 1,
  minimumLeadMinutes: 24 * 60,
  slotAlignmentMinutes: 15,
  mealTimes: [
    { start: "12:00", end: "13:30" },
    { start: "18:00", end: "19:30" },
  ],
  arrival: { earlyMinutes: 0, lateMinutes: 30 },
  conduct: [
    {
      id: "property-with-permission",
      label: "Used the customer's property (power, water, rooms, tools) only with permission",
      blocking: false,
    },
    { id: "no-gifts", label: "Accepted no gift", blocking: false },
    { id: "meal-times-avoided", label: "Kept clear of the customer's meal times", blocking: false },
    { id: "site-cleaned", label: "Cleaned the site before leaving", blocking: false },
    {
      id: "waste-agreed",
      label: "Disposed of waste only as the customer agreed",
      blocking: false,
    },
    { id: "left-in-sight", label: "Left in the customer's sight", blocking: false },
  ],
  completionRequires: ["signOff", "feedbackCard", "conductAnswered"],
  acceptedPaymentMethods: ["bankTransfer"],
}

/**
 * The default visit policy (version 1).
 *
 * - minimum lead time 24 hours (1440 minutes) of real time between booking and the
 *   visit's start;
 * - slots start on the quarter hour of the customer's wall clock;
 * - meal times 12:00–13:30 and 18:00–19:30 on the customer's wall clock;
 * - arrival window: from the scheduled start to 30 minutes after it;
 * - the conduct checklist of VIS-3: `property-with-permission`, `no-gifts`,
 *   `meal-times-avoided`, `site-cleaned`, `waste-agreed`, `left-in-sight`, none of
 *   them blocking;
 * - completion requires the sign-off, the feedback card and an answer for every
 *   conduct item;
 * - extra payments by bank transfer only.
 *
 * @remarks
 * RULES.md gives no numbers here, so these are defaults to change with
 * {@link makePolicy}. A conduct breach does not block completion by default: the
 * customer signed the visit off and the breach is recorded as an issue that the
 * periodic summary (VIS-6) brings up; set an item's `blocking` to make a breach of
 * it refuse completion. The arrival window starts at the scheduled start so that an
 * early technician never lands outside the customer's window; being up to 30
 * minutes late may run the visit past its slot by as much.
 *
 * @example
 * ```ts
 * import { Appointment } from "@clientele/visits"
 *
 * Appointment.defaultPolicy.mealTimes // [{ start: "12:00", end: "13:30" }, { start: "18:00", end: "19:30" }]
 * Appointment.defaultPolicy.conduct.map((item) => item.id)
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const defaultPolicy: VisitPolicy = Schema.decodeSync(VisitPolicy)(defaultPolicyInput)

/**
 * Builds and validates a visit policy from the defaults and the parts given. Bad
 * input gives a `ValidationError` naming every failing field (a policy that drops
 * the sign-off, accepts cash or repeats a checklist id is refused).
 *
 * @example
 * ```ts
 * import { Appointment } from "@clientele/visits"
 * import * as Either from "effect/Either"
 *
 * Either.isRight(Appointment.makePolicy({ version: 2, minimumLeadMinutes: 2880 })) // true
 * Either.isLeft(Appointment.makePolicy({ version: 2, completionRequires: ["feedbackCard"] })) // true
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const makePolicy = (
  input: PolicyInput,
): Either.Either<VisitPolicy, Errors.ValidationError> =>
  Errors.decodeEither(VisitPolicy)({ ...defaultPolicyInput, ...input })

// ---------------------------------------------------------------------------
// booking results and errors (schemas)
// ---------------------------------------------------------------------------

/**
 * What can be wrong with a slot (VIS-1, VIS-3), as {@link validateSlot} reports it.
 *
 * @example
 * ```ts
 * import { Appointment } from "@clientele/visits"
 *
 * Appointment.SlotViolationCode.literals.includes("MEAL_TIME") // true
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const SlotViolationCode = Schema.Literal(
  "INVALID_INPUT",
  "UNKNOWN_ZONE",
  "NO_PREFERRED_WINDOW",
  "DUE_BEFORE_EARLIEST_START",
  "SLOT_SHORTER_THAN_DURATION",
  "OUTSIDE_PREFERRED_WINDOW",
  "INSIDE_LEAD_TIME",
  "BEFORE_EARLIEST_START",
  "AFTER_DUE_BY",
  "OUTSIDE_WORKING_TIME",
  "MEAL_TIME",
  "OVERLAPS_BOOKING",
)

/**
 * The type of {@link SlotViolationCode}.
 *
 * @example
 * ```ts
 * import type { Appointment } from "@clientele/visits"
 *
 * const code: Appointment.SlotViolationCode = "OVERLAPS_BOOKING"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type SlotViolationCode = typeof SlotViolationCode.Type

/**
 * One thing wrong with a slot: a machine-readable code, a message, and the
 * appointment it collides with for `OVERLAPS_BOOKING`.
 *
 * @example
 * ```ts
 * import { Appointment } from "@clientele/visits"
 *
 * const violation = Appointment.SlotViolation.make({ code: "MEAL_TIME", message: "the slot overlaps 12:00–13:30" })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const SlotViolation = Schema.Struct({
  code: SlotViolationCode,
  message: Schema.String,
  appointmentId: Schema.optional(AppointmentId),
}).pipe(Schema.annotations({ identifier: "SlotViolation" }))

/**
 * The type of {@link SlotViolation}.
 *
 * @example
 * ```ts
 * import type { Appointment } from "@clientele/visits"
 *
 * const codes = (violations: ReadonlyArray<Appointment.SlotViolation>) => violations.map((v) => v.code)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type SlotViolation = typeof SlotViolation.Type

/**
 * What stopped the search inside one preferred window: `tooShort` (shorter than
 * the visit), `insideLeadTime` (no room left after the minimum lead time),
 * `outsideEarliestStartAndDueBy` (no room between the earliest start and the due
 * date) or `noFreeSlot` (searched; `blockedBy` says what was in the way).
 *
 * @example
 * ```ts
 * import { Appointment } from "@clientele/visits"
 *
 * Appointment.WindowOutcome.literals.length // 4
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const WindowOutcome = Schema.Literal(
  "tooShort",
  "insideLeadTime",
  "outsideEarliestStartAndDueBy",
  "noFreeSlot",
)

/**
 * The type of {@link WindowOutcome}.
 *
 * @example
 * ```ts
 * import type { Appointment } from "@clientele/visits"
 *
 * const outcome: Appointment.WindowOutcome = "noFreeSlot"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type WindowOutcome = typeof WindowOutcome.Type

/**
 * What kept a candidate slot out: the technician's calendar was `closed` (not
 * working, a break, a holiday), a `mealTime` of the customer, or the technician was
 * `booked`.
 *
 * @example
 * ```ts
 * import { Appointment } from "@clientele/visits"
 *
 * Appointment.Obstacle.literals // ["closed", "mealTime", "booked"]
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Obstacle = Schema.Literal("closed", "mealTime", "booked")

/**
 * The type of {@link Obstacle}.
 *
 * @example
 * ```ts
 * import type { Appointment } from "@clientele/visits"
 *
 * const obstacle: Appointment.Obstacle = "mealTime"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Obstacle = typeof Obstacle.Type

/**
 * One preferred window as the search tried it: the window, its instants, what
 * stopped the search and, for `noFreeSlot`, the obstacles met.
 *
 * @example
 * ```ts
 * import { Appointment } from "@clientele/visits"
 *
 * const attempt = Appointment.WindowAttempt.make({
 *   window: {
 *     start: Appointment.LocalDateTime.make("2024-06-11T09:00"),
 *     end: Appointment.LocalDateTime.make("2024-06-11T10:00"),
 *   },
 *   start: Date.UTC(2024, 5, 11, 7),
 *   end: Date.UTC(2024, 5, 11, 8),
 *   outcome: "tooShort",
 *   blockedBy: [],
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const WindowAttempt = Schema.Struct({
  window: PreferredWindow,
  start: Schema.Number,
  end: Schema.Number,
  outcome: WindowOutcome,
  blockedBy: Schema.Array(Obstacle),
}).pipe(Schema.annotations({ identifier: "WindowAttempt" }))

/**
 * The type of {@link WindowAttempt}.
 *
 * @example
 * ```ts
 * import type { Appointment } from "@clientele/visits"
 *
 * const wasBusy = (attempt: Appointment.WindowAttempt) => attempt.blockedBy.includes("booked")
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type WindowAttempt = typeof WindowAttempt.Type

/**
 * Why a booking failed, machine-readable: the customer's zone is unknown, there is
 * no preferred window, the due date is not after the earliest start, every window
 * is shorter than the visit, every window lies inside the minimum lead time, no
 * slot is free in any window (`NO_FREE_SLOT`, with what was tried), or a slot a
 * dispatcher picked breaks the rules (`SLOT_REJECTED`, with every violation).
 *
 * @example
 * ```ts
 * import { Appointment } from "@clientele/visits"
 *
 * Appointment.BookingReason.literals.includes("NO_FREE_SLOT") // true
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const BookingReason = Schema.Literal(
  "UNKNOWN_ZONE",
  "NO_PREFERRED_WINDOW",
  "DUE_BEFORE_EARLIEST_START",
  "WINDOW_SHORTER_THAN_DURATION",
  "INSIDE_LEAD_TIME",
  "NO_FREE_SLOT",
  "SLOT_REJECTED",
)

/**
 * The type of {@link BookingReason}.
 *
 * @example
 * ```ts
 * import type { Appointment } from "@clientele/visits"
 *
 * const reason: Appointment.BookingReason = "INSIDE_LEAD_TIME"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type BookingReason = typeof BookingReason.Type

/**
 * Per job, the trips beyond the first (VIS-2): the job, its trips (cancelled ones
 * do not count), how many are extra, and the ids of the extra trips in order.
 *
 * @example
 * ```ts
 * import { Appointment } from "@clientele/visits"
 *
 * const line = Appointment.JobTrips.make({
 *   jobId: Appointment.JobId.make("repair-778"),
 *   trips: 2,
 *   extraTrips: 1,
 *   extraTripIds: [Appointment.AppointmentId.make("apt_2")],
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const JobTrips = Schema.Struct({
  jobId: JobId,
  trips: PositiveInt,
  extraTrips: PositiveInt,
  extraTripIds: Schema.Array(AppointmentId),
})

/**
 * The type of {@link JobTrips}.
 *
 * @example
 * ```ts
 * import type { Appointment } from "@clientele/visits"
 *
 * const extra = (line: Appointment.JobTrips) => line.extraTrips
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type JobTrips = typeof JobTrips.Type

/**
 * The second-trip report (VIS-2): the jobs that needed more than one trip, most
 * extra trips first, and the total number of extra trips.
 *
 * @example
 * ```ts
 * import { Appointment } from "@clientele/visits"
 *
 * const none = Appointment.SecondTrips.make({ jobs: [], total: 0 })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const SecondTrips = Schema.Struct({ jobs: Schema.Array(JobTrips), total: NonNegativeInt })

/**
 * The type of {@link SecondTrips}.
 *
 * @example
 * ```ts
 * import type { Appointment } from "@clientele/visits"
 *
 * const anyRevisit = (report: Appointment.SecondTrips) => report.total > 0
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type SecondTrips = typeof SecondTrips.Type

/**
 * A lifecycle event of an appointment, for {@link transition}: the customer agrees
 * to a requested slot (`Agree`), the technician leaves (`Dispatch`, optionally with
 * a waiver of unpacked items), arrives and starts (`Start`), cannot complete the
 * visit (`ReportCannotComplete`), or the appointment is cancelled (`Cancel`).
 * Completion is not an event: only `Completion.complete` completes a visit, after
 * checking VIS-4 and VIS-5.
 *
 * @example
 * ```ts
 * import { Appointment } from "@clientele/visits"
 *
 * const cancel = Appointment.Event.members[4].make({ reason: "customer moved the date" })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Event = Schema.Union(
  Schema.TaggedStruct("Agree", {}),
  Schema.TaggedStruct("Dispatch", {
    waiver: Schema.optional(
      Schema.Struct({
        by: Ids.StaffId,
        reason: Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(1000)),
      }),
    ),
  }),
  Schema.TaggedStruct("Start", {}),
  Schema.TaggedStruct("ReportCannotComplete", { reason: PersonalText }),
  Schema.TaggedStruct("Cancel", { reason: PersonalText }),
)

/**
 * The type of {@link Event}.
 *
 * @example
 * ```ts
 * import type { Appointment } from "@clientele/visits"
 *
 * const start: Appointment.Event = { _tag: "Start" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Event = typeof Event.Type

/**
 * Options of {@link book} and {@link confirm}: the appointment's `id` (by default
 * `visit:<jobId>:<n>`, n counting every appointment of the job known so far), the
 * job's earlier appointments with any technician (`jobHistory`, for the trip
 * number), and the status to create (`booked` by default, as the slot lies inside a
 * window the customer chose; `requested` to wait for the customer's agreement).
 *
 * @example
 * ```ts
 * import { Appointment } from "@clientele/visits"
 *
 * const options: Appointment.BookOptions = { id: Appointment.AppointmentId.make("apt_9"), status: "requested" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface BookOptions {
  readonly id?: AppointmentId
  readonly jobHistory?: ReadonlyArray<Appointment>
  readonly status?: "requested" | "booked"
}

// ---------------------------------------------------------------------------
// the search (pure, on instants)
// ---------------------------------------------------------------------------

interface Busy {
  readonly id: AppointmentId
  readonly start: number
  readonly end: number
}

interface Constraints {
  readonly policy: VisitPolicy
  readonly zone: string
  readonly calendar: WorkingCalendar.WorkingCalendar
  readonly busy: ReadonlyArray<Busy>
}

const busyOf = (
  technicianId: Ids.StaffId,
  existing: ReadonlyArray<Appointment>,
): ReadonlyArray<Busy> => {
  const busy: Array<Busy> = []
  for (const appointment of existing)
    if (appointment.technicianId === technicianId && appointment.status !== "cancelled")
      busy.push({
        id: appointment.id,
        start: appointment.scheduled.start,
        end: appointment.scheduled.end,
      })
  return busy
}

/** Whether the calendar is open during the whole of `[start, end)`. */
const isWorking = (calendar: WorkingCalendar.WorkingCalendar, start: number, end: number) => {
  const open = BusinessTime.isOpen(calendar, start)
  if (Either.isLeft(open) || !open.right) return false
  const inside = BusinessTime.elapsed(calendar, start, end)
  // Business time is real elapsed time, so an unbroken stretch holds exactly end − start.
  return Either.isRight(inside) && inside.right === end - start
}

/** The meal times that overlap `[start, end)`, as instants of the customer's zone. */
const mealsOverlapping = (
  constraints: Constraints,
  start: number,
  end: number,
): Array<{ readonly start: number; readonly end: number }> => {
  const meals: Array<{ readonly start: number; readonly end: number }> = []
  if (constraints.policy.mealTimes.length === 0) return meals
  const first = Zone.localDayOf(constraints.zone, start) - 1
  const last = Zone.localDayOf(constraints.zone, end) + 1
  for (let day = first; day <= last; day++) {
    for (const meal of constraints.policy.mealTimes) {
      const from = Zone.instantOf(
        constraints.zone,
        day * DAY + (WorkingCalendar.millisecondsOfDay(meal.start) ?? 0),
      )
      const to = Zone.instantOf(
        constraints.zone,
        day * DAY + (WorkingCalendar.millisecondsOfDay(meal.end) ?? 0),
      )
      if (from < end && start < to && from < to) meals.push({ start: from, end: to })
    }
  }
  return meals
}

const bookingsOverlapping = (constraints: Constraints, start: number, end: number) => {
  const overlapping: Array<Busy> = []
  for (const busy of constraints.busy)
    if (busy.start < end && start < busy.end) overlapping.push(busy)
  return overlapping
}

/**
 * The earliest aligned start `t` in `[low, high − duration]` whose slot is free, or
 * `undefined`. Each obstacle makes the search jump past it: every start skipped
 * would meet the same obstacle, so the first aligned free start is never missed.
 */
const earliestFreeStart = (
  constraints: Constraints,
  low: number,
  high: number,
  duration: number,
  blockedBy: Set<Obstacle>,
): number | undefined => {
  const { calendar, zone } = constraints
  const step = constraints.policy.slotAlignmentMinutes
  let t = WallClock.alignUp(zone, low, step)
  while (t + duration <= high) {
    const open = BusinessTime.isOpen(calendar, t)
    if (Either.isLeft(open)) return undefined
    if (!open.right) {
      blockedBy.add("closed")
      const next = BusinessTime.nextOpen(calendar, t)
      if (Either.isLeft(next)) return undefined
      t = WallClock.alignUp(zone, next.right, step)
      continue
    }
    if (!isWorking(calendar, t, t + duration)) {
      blockedBy.add("closed")
      // The last closing inside the slot: every start before it would span it.
      const closing = BusinessTime.previousClose(calendar, t + duration - 1)
      if (Either.isLeft(closing) || closing.right <= t) return undefined
      const next = BusinessTime.nextOpen(calendar, closing.right)
      if (Either.isLeft(next)) return undefined
      t = WallClock.alignUp(zone, next.right, step)
      continue
    }
    const meals = mealsOverlapping(constraints, t, t + duration)
    if (meals.length > 0) {
      blockedBy.add("mealTime")
      let after = t
      for (const meal of meals) after = Math.max(after, meal.end)
      t = WallClock.alignUp(zone, after, step)
      continue
    }
    const bookings = bookingsOverlapping(constraints, t, t + duration)
    if (bookings.length > 0) {
      blockedBy.add("booked")
      let after = t
      for (const booking of bookings) after = Math.max(after, booking.end)
      t = WallClock.alignUp(zone, after, step)
      continue
    }
    return t
  }
  return undefined
}

const windowInstants = (zone: string, window: PreferredWindow) => ({
  start: Zone.instantOf(zone, localMs(window.start)),
  end: Zone.instantOf(zone, localMs(window.end)),
})

/** Whether a zone is a known IANA zone; guards against a missing zone, which `Intl` reads as the process zone. */
const isKnownZone = (zone: unknown): boolean => typeof zone === "string" && Zone.isKnown(zone)

const showInstant = (instant: number): string =>
  Number.isFinite(instant) ? new Date(instant).toISOString() : String(instant)

// ---------------------------------------------------------------------------
// constructors of appointments
// ---------------------------------------------------------------------------

const sameJob = (
  jobId: JobId,
  existing: ReadonlyArray<Appointment>,
  history: ReadonlyArray<Appointment>,
): Array<Appointment> => {
  const byId = new Map<string, Appointment>()
  for (const appointment of [...existing, ...history])
    if (appointment.jobId === jobId) byId.set(appointment.id, appointment)
  return [...byId.values()]
}

const appointmentOf = (
  policy: VisitPolicy,
  request: AppointmentRequest,
  technician: Technician,
  existing: ReadonlyArray<Appointment>,
  slot: Slot,
  now: number,
  options: BookOptions,
): Either.Either<Appointment, Errors.ValidationError> => {
  const job = sameJob(request.jobId, existing, options.jobHistory ?? [])
  const trips = job.filter(
    (appointment) => appointment.status !== "cancelled" && appointment.id !== options.id,
  ).length
  const id = options.id ?? `visit:${request.jobId}:${job.length + 1}`
  const decodedId = Errors.decodeEither(AppointmentId)(id)
  if (Either.isLeft(decodedId))
    return Either.left(
      Errors.ValidationError.fromIssues([
        {
          path: ["options", "id"],
          message: `the job id is too long to derive an appointment id from it: pass options.id (${decodedId.left.message})`,
        },
      ]),
    )
  const { earlyMinutes, lateMinutes } = policy.arrival
  return Either.right({
    ...request,
    id: decodedId.right,
    technicianId: technician.id,
    scheduled: { start: slot.start, end: slot.end },
    arrivalWindow: {
      start: slot.start - earlyMinutes * MINUTE,
      end: slot.start + lateMinutes * MINUTE,
    },
    status: options.status ?? "booked",
    bookedAt: now,
    statusChangedAt: now,
    trip: trips + 1,
    policyVersion: policy.version,
  })
}

const validateInput = (
  request: AppointmentRequest,
  now: number,
  slot?: Slot,
): Either.Either<void, Errors.ValidationError> => {
  const issues: Array<Errors.ValidationIssue> = []
  const valid = Schema.validateEither(AppointmentRequest, { errors: "all" })(request)
  if (Either.isLeft(valid))
    issues.push(
      ...Errors.ValidationError.fromParseError(valid.left).issues.map((issue) => ({
        ...issue,
        path: ["request", ...issue.path],
      })),
    )
  if (!Schema.is(Period.Instant)(now))
    issues.push({ path: ["now"], message: `now must be an instant, found ${String(now)}` })
  if (slot !== undefined) {
    const validSlot = Schema.validateEither(Slot, { errors: "all" })(slot)
    if (Either.isLeft(validSlot))
      issues.push(
        ...Errors.ValidationError.fromParseError(validSlot.left).issues.map((issue) => ({
          ...issue,
          path: ["slot", ...issue.path],
        })),
      )
  }
  return issues.length === 0
    ? Either.right(undefined)
    : Either.left(Errors.ValidationError.fromIssues(issues))
}

/**
 * Books the earliest slot for a request (VIS-1): the earliest start, on the
 * policy's alignment grid of the customer's wall clock, whose slot of
 * `durationMinutes`
 *
 * - lies inside one of the customer's preferred windows,
 * - lies inside the technician's working time without crossing a break or a closing,
 * - overlaps none of the customer's meal times (VIS-3),
 * - starts at or after `now` + the minimum lead time and `earliestStart`, ends by
 *   `dueBy`,
 * - overlaps none of the technician's other non-cancelled appointments in `existing`
 *   (appointments of other technicians are ignored).
 *
 * The appointment is `booked` (or `requested`, see {@link BookOptions}); its trip
 * number counts the job's non-cancelled appointments in `existing` and
 * `options.jobHistory`. Fails with a {@link BookingError}: `UNKNOWN_ZONE`,
 * `NO_PREFERRED_WINDOW`, `DUE_BEFORE_EARLIEST_START` (due date at or before the
 * earliest start), `WINDOW_SHORTER_THAN_DURATION` (every window, in real time, so a
 * window on a spring-forward night is an hour shorter), `INSIDE_LEAD_TIME` (no
 * window leaves room after the lead time) or `NO_FREE_SLOT` (with every window
 * tried); and with a `ValidationError` for a malformed request or `now`.
 *
 * @example
 * ```ts
 * import { Appointment } from "@clientele/visits"
 * import { WorkingCalendar } from "@clientele/calendar"
 * import { Ids } from "@clientele/core"
 * import * as Schema from "effect/Schema"
 *
 * const request = Schema.decodeUnknownSync(Appointment.AppointmentRequest)({
 *   customerId: "cus_42",
 *   jobId: "repair-778",
 *   kind: "repair",
 *   zone: "Europe/Paris",
 *   preferred: [{ start: "2024-06-11T11:00", end: "2024-06-11T16:00" }],
 *   durationMinutes: 60,
 *   need: "The boiler loses pressure every night",
 *   checklist: [],
 * })
 * const technician = {
 *   id: Ids.StaffId.make("tech-7"),
 *   calendar: WorkingCalendar.weekdays("Europe/Paris", "08:00", "17:00"),
 * }
 * const booked = Appointment.book(Appointment.defaultPolicy, request, technician, [], Date.UTC(2024, 5, 7))
 * // Right: 11:00–12:00 Paris time; 12:00–13:30 is lunch, so a later visit would start at 13:30
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const book = (
  policy: VisitPolicy,
  request: AppointmentRequest,
  technician: Technician,
  existing: ReadonlyArray<Appointment>,
  now: number,
  options: BookOptions = {},
): Either.Either<Appointment, BookingError | Errors.ValidationError> => {
  const fail = (
    reason: BookingReason,
    message: string,
    tried?: ReadonlyArray<WindowAttempt>,
  ): Either.Either<never, BookingError> =>
    Either.left(
      new BookingError({
        reason,
        message,
        policyVersion: policy.version,
        ...(tried === undefined ? {} : { tried }),
      }),
    )
  if (!isKnownZone(request.zone))
    return fail("UNKNOWN_ZONE", `the customer's zone ${request.zone} is not a known IANA zone`)
  const valid = validateInput(request, now)
  if (Either.isLeft(valid)) return Either.left(valid.left)
  if (request.preferred.length === 0)
    return fail(
      "NO_PREFERRED_WINDOW",
      "the customer gave no preferred window: a visit is booked at a time convenient for the customer (VIS-1)",
    )
  if (
    request.earliestStart !== undefined &&
    request.dueBy !== undefined &&
    request.dueBy <= request.earliestStart
  )
    return fail(
      "DUE_BEFORE_EARLIEST_START",
      `the visit is due by ${showInstant(request.dueBy)}, not after its earliest start ${showInstant(request.earliestStart)}`,
    )

  const duration = request.durationMinutes * MINUTE
  const leadEnd = now + policy.minimumLeadMinutes * MINUTE
  const constraints: Constraints = {
    policy,
    zone: request.zone,
    calendar: technician.calendar,
    busy: busyOf(technician.id, existing),
  }
  const tried: Array<WindowAttempt> = []
  let best: number | undefined
  for (const window of request.preferred) {
    const { start, end } = windowInstants(request.zone, window)
    const attempt = (outcome: WindowOutcome, blockedBy: ReadonlyArray<Obstacle> = []) =>
      tried.push({ window, start, end, outcome, blockedBy })
    if (end - start < duration) {
      attempt("tooShort")
      continue
    }
    if (end - Math.max(start, leadEnd) < duration) {
      attempt("insideLeadTime")
      continue
    }
    const low = Math.max(start, leadEnd, request.earliestStart ?? start)
    const high = Math.min(end, request.dueBy ?? end)
    if (high - low < duration) {
      attempt("outsideEarliestStartAndDueBy")
      continue
    }
    // A window that starts after a slot already found cannot hold an earlier one.
    if (best !== undefined && low >= best) continue
    const blockedBy = new Set<Obstacle>()
    const found = earliestFreeStart(constraints, low, high, duration, blockedBy)
    if (found === undefined) attempt("noFreeSlot", [...blockedBy])
    else if (best === undefined || found < best) best = found
  }

  if (best !== undefined)
    return appointmentOf(
      policy,
      request,
      technician,
      existing,
      { start: best, end: best + duration },
      now,
      options,
    )
  if (tried.every((attempt) => attempt.outcome === "tooShort"))
    return fail(
      "WINDOW_SHORTER_THAN_DURATION",
      `every preferred window is shorter than the visit's ${request.durationMinutes} minutes`,
      tried,
    )
  if (
    tried.every((attempt) => attempt.outcome === "tooShort" || attempt.outcome === "insideLeadTime")
  )
    return fail(
      "INSIDE_LEAD_TIME",
      `no preferred window leaves room for the visit after the minimum lead time of ${policy.minimumLeadMinutes} minutes (until ${showInstant(leadEnd)})`,
      tried,
    )
  return fail(
    "NO_FREE_SLOT",
    `no free slot of ${request.durationMinutes} minutes in the customer's windows: ${tried
      .map(
        (attempt) =>
          `${attempt.window.start}–${attempt.window.end} ${attempt.outcome}${
            attempt.blockedBy.length > 0 ? ` (${attempt.blockedBy.join(", ")})` : ""
          }`,
      )
      .join("; ")}`,
    tried,
  )
}

/**
 * Every way a slot a dispatcher picked by hand breaks the booking rules (VIS-1,
 * VIS-3), with the same checks as {@link book} (except the alignment grid, which
 * only guides the search): an empty list means the slot may be booked. A slot may
 * be longer than the visit, never shorter. A malformed request, `now` or slot gives
 * `INVALID_INPUT` entries naming the path; an unknown customer zone gives only
 * `UNKNOWN_ZONE`, as nothing else can be checked without it.
 *
 * @example
 * ```ts
 * import { Appointment } from "@clientele/visits"
 * import { WorkingCalendar } from "@clientele/calendar"
 * import { Ids } from "@clientele/core"
 * import * as Schema from "effect/Schema"
 *
 * const request = Schema.decodeUnknownSync(Appointment.AppointmentRequest)({
 *   customerId: "cus_42",
 *   jobId: "repair-778",
 *   kind: "repair",
 *   zone: "Europe/Paris",
 *   preferred: [{ start: "2024-06-11T11:00", end: "2024-06-11T16:00" }],
 *   durationMinutes: 60,
 *   need: "The boiler loses pressure every night",
 *   checklist: [],
 * })
 * const technician = {
 *   id: Ids.StaffId.make("tech-7"),
 *   calendar: WorkingCalendar.weekdays("Europe/Paris", "08:00", "17:00"),
 * }
 * const lunch = { start: Date.UTC(2024, 5, 11, 10), end: Date.UTC(2024, 5, 11, 11) } // 12:00–13:00 in Paris
 * Appointment.validateSlot(Appointment.defaultPolicy, request, technician, [], lunch, Date.UTC(2024, 5, 7))
 * // [{ code: "MEAL_TIME", ... }]
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const validateSlot = (
  policy: VisitPolicy,
  request: AppointmentRequest,
  technician: Technician,
  existing: ReadonlyArray<Appointment>,
  slot: Slot,
  now: number,
): ReadonlyArray<SlotViolation> => {
  if (!isKnownZone(request.zone))
    return [
      {
        code: "UNKNOWN_ZONE",
        message: `the customer's zone ${request.zone} is not a known IANA zone`,
      },
    ]
  const valid = validateInput(request, now, slot)
  if (Either.isLeft(valid))
    return valid.left.issues.map((issue) => ({
      code: "INVALID_INPUT" as const,
      message: `${issue.path.join(".")}: ${issue.message}`,
    }))

  const violations: Array<SlotViolation> = []
  const add = (code: SlotViolationCode, message: string, appointmentId?: AppointmentId) =>
    violations.push(
      appointmentId === undefined ? { code, message } : { code, message, appointmentId },
    )
  const { start, end } = slot
  const duration = request.durationMinutes * MINUTE

  if (request.preferred.length === 0)
    add("NO_PREFERRED_WINDOW", "the customer gave no preferred window (VIS-1)")
  if (
    request.earliestStart !== undefined &&
    request.dueBy !== undefined &&
    request.dueBy <= request.earliestStart
  )
    add(
      "DUE_BEFORE_EARLIEST_START",
      `the visit is due by ${showInstant(request.dueBy)}, not after its earliest start ${showInstant(request.earliestStart)}`,
    )
  if (end - start < duration)
    add(
      "SLOT_SHORTER_THAN_DURATION",
      `the slot lasts ${(end - start) / MINUTE} minutes, the visit ${request.durationMinutes}`,
    )
  if (
    request.preferred.length > 0 &&
    !request.preferred.some((window) => {
      const instants = windowInstants(request.zone, window)
      return instants.start <= start && end <= instants.end
    })
  )
    add(
      "OUTSIDE_PREFERRED_WINDOW",
      `the slot ${showInstant(start)}–${showInstant(end)} lies in none of the customer's windows (VIS-1)`,
    )
  const leadEnd = now + policy.minimumLeadMinutes * MINUTE
  if (start < leadEnd)
    add(
      "INSIDE_LEAD_TIME",
      `the slot starts before the minimum lead time of ${policy.minimumLeadMinutes} minutes is over (${showInstant(leadEnd)})`,
    )
  if (request.earliestStart !== undefined && start < request.earliestStart)
    add(
      "BEFORE_EARLIEST_START",
      `the slot starts before the earliest start ${showInstant(request.earliestStart)}`,
    )
  if (request.dueBy !== undefined && end > request.dueBy)
    add("AFTER_DUE_BY", `the slot ends after the due date ${showInstant(request.dueBy)}`)
  if (!isWorking(technician.calendar, start, end))
    add(
      "OUTSIDE_WORKING_TIME",
      `the technician's calendar is not open during the whole slot (a closing, break or holiday falls inside it)`,
    )
  const constraints: Constraints = {
    policy,
    zone: request.zone,
    calendar: technician.calendar,
    busy: busyOf(technician.id, existing),
  }
  for (const meal of mealsOverlapping(constraints, start, end))
    add(
      "MEAL_TIME",
      `the slot overlaps the customer's meal time ${WallClock.formatLocal(WallClock.localOf(request.zone, meal.start))}–${WallClock.formatLocal(WallClock.localOf(request.zone, meal.end))} (VIS-3)`,
    )
  for (const booking of bookingsOverlapping(constraints, start, end))
    add(
      "OVERLAPS_BOOKING",
      `the technician is booked on ${booking.id} from ${showInstant(booking.start)} to ${showInstant(booking.end)}`,
      booking.id,
    )
  return violations
}

/**
 * Books a slot a dispatcher picked by hand (VIS-1): the appointment when
 * {@link validateSlot} finds nothing wrong, otherwise a {@link BookingError}
 * `SLOT_REJECTED` carrying every violation (or `UNKNOWN_ZONE`); a malformed request,
 * slot or `now` gives a `ValidationError`.
 *
 * @example
 * ```ts
 * import { Appointment } from "@clientele/visits"
 * import { WorkingCalendar } from "@clientele/calendar"
 * import { Ids } from "@clientele/core"
 * import * as Schema from "effect/Schema"
 *
 * const request = Schema.decodeUnknownSync(Appointment.AppointmentRequest)({
 *   customerId: "cus_42",
 *   jobId: "repair-778",
 *   kind: "repair",
 *   zone: "Europe/Paris",
 *   preferred: [{ start: "2024-06-11T11:00", end: "2024-06-11T16:00" }],
 *   durationMinutes: 60,
 *   need: "The boiler loses pressure every night",
 *   checklist: [],
 * })
 * const technician = {
 *   id: Ids.StaffId.make("tech-7"),
 *   calendar: WorkingCalendar.weekdays("Europe/Paris", "08:00", "17:00"),
 * }
 * const slot = { start: Date.UTC(2024, 5, 11, 12), end: Date.UTC(2024, 5, 11, 13) } // 14:00–15:00 in Paris
 * Appointment.confirm(Appointment.defaultPolicy, request, technician, [], slot, Date.UTC(2024, 5, 7)) // Right
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const confirm = (
  policy: VisitPolicy,
  request: AppointmentRequest,
  technician: Technician,
  existing: ReadonlyArray<Appointment>,
  slot: Slot,
  now: number,
  options: BookOptions = {},
): Either.Either<Appointment, BookingError | Errors.ValidationError> => {
  if (isKnownZone(request.zone)) {
    const valid = validateInput(request, now, slot)
    if (Either.isLeft(valid)) return Either.left(valid.left)
  }
  const violations = validateSlot(policy, request, technician, existing, slot, now)
  if (violations.length > 0) {
    const unknownZone = violations.length === 1 && violations[0]?.code === "UNKNOWN_ZONE"
    return Either.left(
      new BookingError({
        reason: unknownZone ? "UNKNOWN_ZONE" : "SLOT_REJECTED",
        message: violations
          .map((violation) => `${violation.code}: ${violation.message}`)
          .join("; "),
        policyVersion: policy.version,
        violations,
      }),
    )
  }
  return appointmentOf(policy, request, technician, existing, slot, now, options)
}

// ---------------------------------------------------------------------------
// lifecycle and preparation
// ---------------------------------------------------------------------------

/**
 * The checklist items not packed yet (VIS-2): dispatch is refused while this is not
 * empty, unless someone waives it explicitly.
 *
 * @example
 * ```ts
 * import { Appointment } from "@clientele/visits"
 *
 * Appointment.checkPreparation({
 *   checklist: [
 *     { kind: "part", item: "VALVE-22MM", quantity: 1, packed: true },
 *     { kind: "tool", item: "pipe bender", quantity: 1, packed: false },
 *   ],
 * }) // [{ kind: "tool", item: "pipe bender", quantity: 1, packed: false }]
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const checkPreparation = (
  appointment: Pick<Appointment, "checklist">,
): ReadonlyArray<PreparationItem> => appointment.checklist.filter((item) => !item.packed)

const refuse = (appointment: Appointment, attempted: string) =>
  Either.left(
    new Errors.InvalidTransitionError({
      entity: "Appointment",
      state: appointment.status,
      attempted,
    }),
  )

/** A change at `at` would go back in time: the error naming `at`, or `undefined`. */
const instantBeforeLastChange = (
  appointment: Appointment,
  at: number,
): Errors.ValidationError | undefined =>
  Schema.is(Period.Instant)(at) && at >= appointment.statusChangedAt
    ? undefined
    : Errors.ValidationError.fromIssues([
        {
          path: ["at"],
          message: `${String(at)} is not an instant at or after the last status change at ${showInstant(appointment.statusChangedAt)}`,
        },
      ])

/** The checklist may change until the technician leaves (VIS-2): requested or booked. */
const isBeforeDispatch = (appointment: Appointment): boolean =>
  appointment.status === "requested" || appointment.status === "booked"

/** The issues of an untrusted list of items, under `items`; one for an empty list. */
const itemListIssues = <A, I>(
  schema: Schema.Schema<A, I, never>,
  items: unknown,
  what: string,
): Array<Errors.ValidationIssue> => {
  const valid = Schema.validateEither(Schema.Array(schema), { errors: "all" })(items)
  if (Either.isLeft(valid))
    return Errors.ValidationError.fromParseError(valid.left).issues.map((issue) => ({
      ...issue,
      path: ["items", ...issue.path],
    }))
  return valid.right.length === 0 ? [{ path: ["items"], message: `name at least one ${what}` }] : []
}

const describeItem = (item: { readonly item: string; readonly kind?: string | undefined }) =>
  item.kind === undefined ? item.item : `${item.kind} ${item.item}`

/**
 * Marks checklist items packed in the van (VIS-2), so that the appointment can be
 * dispatched without a waiver: each named item — by its `item` (SKU or tool name)
 * and, when a part and a tool share the name, its `kind` — is packed on every
 * checklist line it names, with `packedAt` set to `at`. A line packed already stays
 * as it was, so packing again changes nothing.
 *
 * Fails with a `ValidationError` naming each item that is not on the checklist
 * (`items.<i>.item`), each name shared by a part and a tool without a `kind`
 * (`items.<i>.kind`), a malformed or empty list, or an `at` before the last status
 * change; and with the core `InvalidTransitionError` once the appointment was
 * dispatched (or ended): the checklist is what the van leaves with.
 *
 * @example
 * ```ts
 * import { Appointment } from "@clientele/visits"
 * import * as Either from "effect/Either"
 *
 * declare const booked: Appointment.Appointment // the pipe bender is not packed yet
 * const leaving = Date.UTC(2024, 5, 11, 6)
 * const dispatched = Either.flatMap(
 *   Appointment.pack(booked, [{ item: "pipe bender" }], leaving),
 *   (packed) => Appointment.transition(packed, { _tag: "Dispatch" }, leaving),
 * ) // Right: no waiver needed
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const pack = (
  appointment: Appointment,
  items: ReadonlyArray<PackItem>,
  at: number,
): Either.Either<Appointment, Errors.ValidationError | Errors.InvalidTransitionError> => {
  const backwards = instantBeforeLastChange(appointment, at)
  if (backwards !== undefined) return Either.left(backwards)
  if (!isBeforeDispatch(appointment)) return refuse(appointment, "Pack")
  const malformed = itemListIssues(PackItem, items, "checklist item to pack")
  if (malformed.length > 0) return Either.left(Errors.ValidationError.fromIssues(malformed))

  const checklist = appointment.checklist
  const issues: Array<Errors.ValidationIssue> = []
  const lines = new Set<number>()
  for (let i = 0; i < items.length; i++) {
    const wanted = items[i] as PackItem
    const matching: Array<number> = []
    const kinds = new Set<string>()
    for (let line = 0; line < checklist.length; line++) {
      const candidate = checklist[line] as PreparationItem
      if (candidate.item !== wanted.item) continue
      if (wanted.kind !== undefined && candidate.kind !== wanted.kind) continue
      matching.push(line)
      kinds.add(candidate.kind)
    }
    if (matching.length === 0)
      issues.push({
        path: ["items", i, "item"],
        message: `${describeItem(wanted)} is not on the checklist of appointment ${appointment.id} (${
          checklist.length === 0
            ? "its checklist is empty"
            : `it lists ${checklist.map(describeItem).join(", ")}`
        })`,
      })
    else if (kinds.size > 1)
      issues.push({
        path: ["items", i, "kind"],
        message: `${wanted.item} is both a part and a tool on the checklist of appointment ${appointment.id}: name the kind to pack`,
      })
    else for (const line of matching) lines.add(line)
  }
  if (issues.length > 0) return Either.left(Errors.ValidationError.fromIssues(issues))
  return Either.right({
    ...appointment,
    checklist: checklist.map((line, index) =>
      lines.has(index) && !line.packed ? { ...line, packed: true, packedAt: at } : line,
    ),
  })
}

/**
 * Adds lines to the checklist before dispatch (VIS-2): a part or tool found
 * missing while preparing the visit goes on the checklist, so dispatch waits for
 * it like for the others. A line added as packed gets `packedAt` = `at` unless it
 * carries its own.
 *
 * Fails with a `ValidationError` for a line whose kind and item are on the
 * checklist already, or twice in `items` (`items.<i>.item`: change its quantity by
 * hand, never by a second line), for a malformed or empty list, or an `at` before
 * the last status change; and with the core `InvalidTransitionError` once the
 * appointment was dispatched (or ended).
 *
 * @example
 * ```ts
 * import { Appointment } from "@clientele/visits"
 *
 * declare const booked: Appointment.Appointment
 * const withSeal = Appointment.addToChecklist(
 *   booked,
 *   [{ kind: "part", item: "SEAL-22MM", quantity: 2, packed: false }],
 *   Date.UTC(2024, 5, 10, 15),
 * ) // Right: dispatch now waits for the seals too
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const addToChecklist = (
  appointment: Appointment,
  items: ReadonlyArray<PreparationItem>,
  at: number,
): Either.Either<Appointment, Errors.ValidationError | Errors.InvalidTransitionError> => {
  const backwards = instantBeforeLastChange(appointment, at)
  if (backwards !== undefined) return Either.left(backwards)
  if (!isBeforeDispatch(appointment)) return refuse(appointment, "AddToChecklist")
  const malformed = itemListIssues(PreparationItem, items, "checklist item to add")
  if (malformed.length > 0) return Either.left(Errors.ValidationError.fromIssues(malformed))

  // kind and item together name a line ("part VALVE-22MM" is not "tool VALVE-22MM");
  // the kind is one word, so the description is unambiguous as a key
  const listed = new Set<string>(appointment.checklist.map(describeItem))
  const issues: Array<Errors.ValidationIssue> = []
  const added: Array<PreparationItem> = []
  for (let i = 0; i < items.length; i++) {
    const line = items[i] as PreparationItem
    const key = describeItem(line)
    if (listed.has(key)) {
      issues.push({
        path: ["items", i, "item"],
        message: `${describeItem(line)} is on the checklist of appointment ${appointment.id} already`,
      })
      continue
    }
    listed.add(key)
    added.push(line.packed && line.packedAt === undefined ? { ...line, packedAt: at } : line)
  }
  if (issues.length > 0) return Either.left(Errors.ValidationError.fromIssues(issues))
  return Either.right({ ...appointment, checklist: [...appointment.checklist, ...added] })
}

/**
 * Moves an appointment through its lifecycle at instant `at` (VIS-1, VIS-2):
 *
 * - `Agree`: requested → booked;
 * - `Dispatch`: booked → dispatched, refused with a {@link PreparationIncompleteError}
 *   while a checklist item is unpacked, unless the event carries a waiver (recorded
 *   on the appointment);
 * - `Start`: dispatched → inProgress;
 * - `ReportCannotComplete`: dispatched or inProgress → cannotComplete, with the
 *   reason;
 * - `Cancel`: requested, booked or dispatched → cancelled, with the reason.
 *
 * Any other step fails with the core `InvalidTransitionError`; an `at` before the
 * last status change with a `ValidationError` on `at`. Completing is not a step
 * here: `Completion.complete` does it after checking sign-off, feedback card and
 * payments (VIS-4, VIS-5).
 *
 * @example
 * ```ts
 * import { Appointment } from "@clientele/visits"
 * import * as Either from "effect/Either"
 *
 * declare const booked: Appointment.Appointment
 * const dispatched = Appointment.transition(booked, { _tag: "Dispatch" }, Date.UTC(2024, 5, 11, 6))
 * const started = Either.flatMap(dispatched, (a) =>
 *   Appointment.transition(a, { _tag: "Start" }, Date.UTC(2024, 5, 11, 9)),
 * )
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const transition = (
  appointment: Appointment,
  event: Event,
  at: number,
): Either.Either<
  Appointment,
  Errors.InvalidTransitionError | PreparationIncompleteError | Errors.ValidationError
> => {
  const backwards = instantBeforeLastChange(appointment, at)
  if (backwards !== undefined) return Either.left(backwards)
  const status = appointment.status
  switch (event._tag) {
    case "Agree":
      return status === "requested"
        ? Either.right({ ...appointment, status: "booked", statusChangedAt: at })
        : refuse(appointment, "Agree")
    case "Dispatch": {
      if (status !== "booked") return refuse(appointment, "Dispatch")
      const unpacked = checkPreparation(appointment)
      if (unpacked.length > 0 && event.waiver === undefined)
        return Either.left(
          new PreparationIncompleteError({ appointmentId: appointment.id, unpacked }),
        )
      return Either.right({
        ...appointment,
        status: "dispatched",
        statusChangedAt: at,
        ...(event.waiver === undefined ? {} : { preparationWaiver: { ...event.waiver, at } }),
      })
    }
    case "Start":
      return status === "dispatched"
        ? Either.right({ ...appointment, status: "inProgress", statusChangedAt: at })
        : refuse(appointment, "Start")
    case "ReportCannotComplete":
      return status === "dispatched" || status === "inProgress"
        ? Either.right({
            ...appointment,
            status: "cannotComplete",
            statusChangedAt: at,
            cannotComplete: { at, reason: event.reason },
          })
        : refuse(appointment, "ReportCannotComplete")
    case "Cancel":
      return status === "requested" || status === "booked" || status === "dispatched"
        ? Either.right({
            ...appointment,
            status: "cancelled",
            statusChangedAt: at,
            cancellation: { at, reason: event.reason },
          })
        : refuse(appointment, "Cancel")
    default:
      // Only reachable with an event that bypassed the types: refuse it, never throw.
      return refuse(appointment, String((event as { readonly _tag?: unknown })._tag))
  }
}

/**
 * The second-trip report (VIS-2): per job, the trips beyond the first, and their
 * total. Every appointment that is not cancelled counts as a trip (booked ones are
 * trips that will be made; one that could not be completed was made); the same
 * appointment listed twice counts once (the last copy wins). Trips are ordered by
 * scheduled start; jobs by extra trips, most first, then by id.
 *
 * @example
 * ```ts
 * import { Appointment } from "@clientele/visits"
 *
 * declare const appointments: ReadonlyArray<Appointment.Appointment>
 * const { jobs, total } = Appointment.secondTrips(appointments)
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export const secondTrips = (appointments: ReadonlyArray<Appointment>): SecondTrips => {
  const byId = new Map<string, Appointment>()
  for (const appointment of appointments) byId.set(appointment.id, appointment)
  const byJob = new Map<JobId, Array<Appointment>>()
  for (const appointment of byId.values()) {
    if (appointment.status === "cancelled") continue
    const trips = byJob.get(appointment.jobId)
    if (trips === undefined) byJob.set(appointment.jobId, [appointment])
    else trips.push(appointment)
  }
  const jobs: Array<JobTrips> = []
  let total = 0
  for (const [jobId, trips] of byJob) {
    if (trips.length < 2) continue
    trips.sort(
      (a, b) => a.scheduled.start - b.scheduled.start || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    )
    const extra = trips.slice(1)
    total += extra.length
    jobs.push({
      jobId,
      trips: trips.length,
      extraTrips: extra.length,
      extraTripIds: extra.map((trip) => trip.id),
    })
  }
  jobs.sort(
    (a, b) => b.extraTrips - a.extraTrips || (a.jobId < b.jobId ? -1 : a.jobId > b.jobId ? 1 : 0),
  )
  return { jobs, total }
}

// ---------------------------------------------------------------------------
// errors
// ---------------------------------------------------------------------------

/**
 * A booking that cannot be made (VIS-1), with a machine-readable `reason` (see
 * {@link BookingReason}), the policy version, the windows tried for
 * `NO_FREE_SLOT`, `INSIDE_LEAD_TIME` and `WINDOW_SHORTER_THAN_DURATION`, and every
 * violation for `SLOT_REJECTED`.
 *
 * @example
 * ```ts
 * import { Appointment } from "@clientele/visits"
 *
 * const error = new Appointment.BookingError({
 *   reason: "NO_PREFERRED_WINDOW",
 *   message: "the customer gave no preferred window",
 *   policyVersion: 1,
 * })
 * error._tag // "BookingError"
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class BookingError extends Schema.TaggedError<BookingError>(
  "@clientele/visits/BookingError",
)("BookingError", {
  reason: BookingReason,
  message: Schema.String,
  policyVersion: PositiveInt,
  tried: Schema.optional(Schema.Array(WindowAttempt)),
  violations: Schema.optional(Schema.Array(SlotViolation)),
}) {}

/**
 * Dispatch refused because checklist items are not packed and nobody waived them
 * (VIS-2): the appointment and the unpacked items.
 *
 * @example
 * ```ts
 * import { Appointment } from "@clientele/visits"
 *
 * const error = new Appointment.PreparationIncompleteError({
 *   appointmentId: Appointment.AppointmentId.make("apt_1"),
 *   unpacked: [{ kind: "tool", item: "pipe bender", quantity: 1, packed: false }],
 * })
 * error.message // "appointment apt_1 cannot be dispatched: 1 × pipe bender not packed (VIS-2)"
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class PreparationIncompleteError extends Schema.TaggedError<PreparationIncompleteError>(
  "@clientele/visits/PreparationIncompleteError",
)("PreparationIncompleteError", {
  appointmentId: AppointmentId,
  unpacked: Schema.Array(PreparationItem),
}) {
  override get message(): string {
    return `appointment ${this.appointmentId} cannot be dispatched: ${this.unpacked
      .map((item) => `${item.quantity} × ${item.item}`)
      .join(", ")} not packed (VIS-2)`
  }
}
