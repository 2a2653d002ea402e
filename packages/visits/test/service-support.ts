// The Visits service's shared suite: one function taking a store layer, run by each
// driver in one line (the memory store and SQLite in `Visits.test.ts`, PostgreSQL
// in `Visits.integration.test.ts`). Every test gets a fresh store and a tenant of
// its own, so a shared server stays clean between tests. Stored documents are read
// back with the store's own `scan`, around the service, to prove what was (and was
// not) written; expected answers come from the pure modules, never typed in.
import { randomUUID } from "node:crypto"
import { WorkingCalendar } from "@clientele/calendar"
import { Complaint } from "@clientele/complaints"
import { Errors, Ids, Period } from "@clientele/core"
import { Policy } from "@clientele/segmentation"
import { Store, StoreError } from "@clientele/store"
import {
  failingHalfWay,
  storedDocuments as storedDocumentsOf,
  type WriteFailure,
} from "@clientele/store/testkit"
import { describe, expect, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as FastCheck from "effect/FastCheck"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as TestClock from "effect/TestClock"
import * as Appointment from "../src/Appointment.js"
import * as Cadence from "../src/Cadence.js"
import * as Completion from "../src/Completion.js"
import * as CustomerEvent from "../src/CustomerEvent.js"
import * as Feedback from "../src/Feedback.js"
import * as FollowUp from "../src/FollowUp.js"
import * as Greeting from "../src/Greeting.js"
import * as Profile from "../src/Profile.js"
import * as Visits from "../src/Visits.js"

// --- fixtures ---------------------------------------------------------------------

const MINUTE = 60_000
const HOUR = 60 * MINUTE

/** A fresh tenant per test: tests may share a database server. */
export const freshTenant = () => Ids.TenantId.make(`vis-${randomUUID()}`)

/** Friday 7 June 2024, 11:00 in Paris: a few days before the visits are wanted. */
export const NOW = Date.UTC(2024, 5, 7, 9)

/** An instant on Paris's wall clock in June 2024 (UTC+2). */
export const paris = (day: number, hours: number, minutes = 0) =>
  Date.UTC(2024, 5, day, hours - 2, minutes)

export const weekdaysParis = WorkingCalendar.weekdays("Europe/Paris", "08:00", "17:00")

export const technician = (id = "tech-7") => ({ id, calendar: weekdaysParis })

type RequestInput = typeof Appointment.AppointmentRequest.Encoded

/** A customer's request, as plain (encoded) input. */
export const request = (overrides: Partial<RequestInput> = {}): RequestInput => ({
  customerId: "cus_42",
  jobId: "repair-778",
  kind: "repair",
  zone: "Europe/Paris",
  preferred: [{ start: "2024-06-11T09:00", end: "2024-06-11T17:00" }],
  durationMinutes: 90,
  need: "The boiler loses pressure every night",
  checklist: [
    { kind: "part", item: "VALVE-22MM", quantity: 1, packed: true },
    { kind: "tool", item: "pressure gauge", quantity: 1, packed: true },
  ],
  ...overrides,
})

export const booking = (
  overrides: Partial<RequestInput> = {},
  technicianId = "tech-7",
): typeof Visits.BookingRequest.Encoded => ({
  policyVersion: 1,
  request: request(overrides),
  technician: technician(technicianId),
})

const conductAll = Appointment.defaultPolicy.conduct.map((item) => ({
  item: item.id as string,
  complied: true as boolean | "notApplicable",
}))

type RecordInput = typeof Completion.VisitRecord.Encoded

/** A clean visit record for an appointment: on time, signed after the end, a 5-score card. */
export const visitRecord = (
  appointment: Appointment.Appointment,
  overrides: Partial<RecordInput> = {},
): RecordInput => ({
  appointmentId: appointment.id,
  actualStart: appointment.scheduled.start + 5 * MINUTE,
  actualEnd: appointment.scheduled.end - 10 * MINUTE,
  conduct: conductAll,
  signOff: {
    _tag: "signed",
    signedBy: "Ada Martin",
    signedAt: appointment.scheduled.end - 5 * MINUTE,
    imageSha256: "a".repeat(64),
  },
  feedback: { score: 5, issues: [], submittedAt: appointment.scheduled.end },
  extraCharges: [],
  ...overrides,
})

const collections = [
  "visits-policies",
  "visits-appointments",
  "visits-technician-schedules",
  "visits-completed-visits",
  "visits-profiles",
  "visits-touches",
  "visits-follow-ups",
  "visits-events",
] as const

/** Every document the service stored for a tenant, read around the service. */
export const storedDocuments = (tenant: Ids.TenantId) => storedDocumentsOf(tenant, collections)

/** The stored appointments of a tenant, decoded, by scheduled start. */
export const storedAppointments = (tenant: Ids.TenantId) =>
  Effect.map(storedDocuments(tenant), (documents) =>
    (documents["visits-appointments"] ?? [])
      .map((document) => Schema.decodeUnknownSync(Appointment.Appointment)(document.body))
      .sort((a, b) => a.scheduled.start - b.scheduled.start),
  )

/**
 * How a test interleaves two writers: while `readCommitted` is set, transactions do
 * not isolate (every read sees what is committed, as under READ COMMITTED), and the
 * next write waits at `hold` — `reached` completes when it arrives, and it goes on
 * once `release` completes.
 */
export interface WriteGate {
  readCommitted: boolean
  hold:
    | { readonly reached: Deferred.Deferred<void>; readonly release: Deferred.Deferred<void> }
    | undefined
}

/** A store whose writes and transactions obey a {@link WriteGate}. */
export const gated = <E>(
  store: Layer.Layer<Store.Store, E>,
  gate: WriteGate,
): Layer.Layer<Store.Store, E> =>
  Layer.effect(
    Store.Store,
    Effect.map(Store.Store, (port): Store.StorePort => {
      const held = <A, E2>(write: Effect.Effect<A, E2>) =>
        Effect.suspend(() => {
          const hold = gate.hold
          if (hold === undefined) return write
          gate.hold = undefined
          return Deferred.succeed(hold.reached, undefined).pipe(
            Effect.zipRight(Deferred.await(hold.release)),
            Effect.zipRight(write),
          )
        })
      return {
        ...port,
        insert: (tenant, document) => held(port.insert(tenant, document)),
        update: (tenant, document) => held(port.update(tenant, document)),
        delete: (tenant, collection, id, version) =>
          held(port.delete(tenant, collection, id, version)),
        bulkWrite: (tenant, operations) => held(port.bulkWrite(tenant, operations)),
        transaction: <A, E2, R>(
          effect: Effect.Effect<A, E2, R>,
        ): Effect.Effect<A, E2 | StoreError.StoreError, R> =>
          Effect.suspend(() => (gate.readCommitted ? effect : port.transaction(effect))),
      }
    }),
  ).pipe(Layer.provide(store))

/**
 * Runs `first` until its first write, then `second` to its end, then lets `first`
 * write: the interleaving of two writers that both read before either wrote.
 */
const interleave = <A, E, B, E2, R>(
  gate: WriteGate,
  first: Effect.Effect<A, E, R>,
  second: Effect.Effect<B, E2, R>,
) =>
  Effect.gen(function* () {
    const reached = yield* Deferred.make<void>()
    const release = yield* Deferred.make<void>()
    gate.readCommitted = true
    gate.hold = { reached, release }
    const fiber = yield* Effect.fork(first)
    yield* Deferred.await(reached)
    const secondExit = yield* Effect.exit(second)
    yield* Deferred.succeed(release, undefined)
    const firstExit = yield* Fiber.await(fiber)
    gate.readCommitted = false
    return { first: firstExit, second: secondExit }
  })

/** The failure of an exit, if it failed. */
const failureOf = <A, E>(exit: Exit.Exit<A, E>): E | undefined =>
  Exit.isFailure(exit) ? Option.getOrUndefined(Cause.failureOption(exit.cause)) : undefined

/** The greeting policy: the defaults, with Bastille Day for customers in France. */
export const greetingPolicy: typeof Greeting.GreetingPolicy.Encoded = {
  ...Schema.encodeSync(Greeting.GreetingPolicy)(Greeting.defaultPolicy),
  holidayLists: [
    {
      id: "fr",
      country: "FR",
      holidays: [{ name: "Bastille Day", date: "2024-07-14", yearly: true }],
    },
  ],
}

export const summer2024 = { from: "2024-06-01", to: "2024-09-01" }

/** Ada's profile: a birthday and a wedding anniversary in the summer. */
export const adaProfile: Profile.Input = {
  customerId: "cus-ada",
  zone: "Europe/Paris",
  preferences: { notes: "prefers visits after lunch", values: { drink: "green tea" } },
  importantDates: [
    { id: "bd", kind: "birthday", date: "1975-06-20" },
    { id: "wed", kind: "weddingAnniversary", date: "2001-08-15" },
  ],
}

export const greetingCustomers = [
  { id: "cus-ada", tier: "major", zone: "Europe/Paris", country: "FR" },
  { id: "cus-bob", tier: "general", zone: "Europe/Paris", country: "FR" },
]

/** Friday 8 March 2024, 16:00 in Paris: when the complaint was resolved. */
const RESOLVED_AT = Date.UTC(2024, 2, 8, 15)

/** A resolved complaint that ana received, handled and resolved, as plain input. */
export const resolvedComplaint = (id = "cmp-1"): typeof Complaint.Complaint.Encoded => ({
  id,
  customerId: "cus-1",
  channel: "hotline",
  category: "service/long-wait",
  severity: "moderate",
  priority: "normal",
  contact: {},
  description: "Waited 40 minutes at the till",
  problemKey: "service/long-wait:cus-1",
  receivedAt: RESOLVED_AT - 4 * HOUR,
  receivedBy: "ana",
  state: "resolved",
  assignee: "ana",
  handlers: ["ana"],
  resolution: {
    at: RESOLVED_AT,
    by: "ana",
    outcome: "apologised and explained",
    explanation: "A till was closed for maintenance",
    apologised: true,
    compensation: [],
    compensationPolicyVersion: 1,
    onFirstContact: false,
  },
  sla: { policyId: null, policyVersion: 1, calendarRevision: 1, cycles: [] },
  slaNextCheckAt: null,
  historyLength: 4,
})

export const followUpPolicy = FollowUp.defaultPolicy(
  WorkingCalendar.weekdays("Europe/Paris", "09:00", "17:00"),
)

export const gala: typeof CustomerEvent.NewEvent.Encoded = {
  id: "evt-gala",
  kind: "majorCustomerGathering",
  title: "Annual major-customer dinner",
  date: "2024-11-20",
  zone: "Europe/Paris",
  venue: "Hôtel du Parc",
  invited: { customers: [], tiers: ["major"] },
}

const euros = (amount: number) => ({ amount, currency: "EUR" })

/** A budget of 1,000.00 EUR: venue 600.00 and catering 400.00. */
export const galaPlan: Visits.EventPlanInput = {
  agenda: [
    { title: "Welcome", time: "18:00" },
    { title: "Dinner", time: "19:30" },
  ],
  budget: {
    lines: [
      { item: "venue", amount: euros(60_000) },
      { item: "catering", amount: euros(40_000) },
    ],
    total: euros(100_000),
  },
  plannedBy: "mia",
}

export const cost = (item: string, amount: number): Visits.CostInput => ({
  item,
  amount: euros(amount),
  by: "mia",
})

export const year2025 = Period.make("2025-01-01", "2026-01-01", "Europe/Berlin")
export const segmentationPolicy = Either.getOrThrow(
  Policy.make({ version: "2025", currency: "EUR" }),
)
const berlin = WorkingCalendar.weekdays("Europe/Berlin", "09:00", "17:00")

/** Ada is a major customer, Bob a general one: their cadence of 2025 in Berlin. */
export const cadenceRequest = (
  customers: ReadonlyArray<typeof Cadence.Customer.Encoded> = [
    { id: "cus-ada", tier: "major" },
    { id: "cus-bob", tier: "general" },
  ],
): typeof Visits.CadenceRequest.Encoded => ({
  period: year2025,
  customers,
  standards: Policy.standards(segmentationPolicy),
  calendars: new Map([["berlin", berlin]]),
  defaultCalendarId: "berlin",
  policy: Cadence.defaultPolicy,
})

/** 1 December 2024: before the period, so no touch of 2025 is in the past. */
export const BEFORE_2025 = Date.UTC(2024, 11, 1)

// --- the suite --------------------------------------------------------------------

/**
 * The service over one store: `makeStore` gives a fresh store layer for each test.
 */
export const serviceSuite = (name: string, makeStore: () => Layer.Layer<Store.Store, unknown>) => {
  const live = (store: Layer.Layer<Store.Store, unknown> = makeStore()) =>
    Visits.layer.pipe(Layer.provideMerge(store))

  /** A tenant with the default visit policy saved as version 1, at {@link NOW}. */
  const setUp = Effect.gen(function* () {
    const tenant = freshTenant()
    const service = yield* Visits.Visits
    yield* TestClock.setTime(NOW)
    yield* service.savePolicy(tenant, { version: 1 })
    return { tenant, service }
  })

  /** Dispatches and starts a booked appointment at its scheduled time. */
  const startVisit = (tenant: Ids.TenantId, appointment: Appointment.Appointment) =>
    Effect.gen(function* () {
      const service = yield* Visits.Visits
      yield* TestClock.setTime(appointment.scheduled.start - HOUR)
      yield* service.transitionAppointment(tenant, appointment.id, { _tag: "Dispatch" })
      yield* TestClock.setTime(appointment.scheduled.start)
      return yield* service.transitionAppointment(tenant, appointment.id, { _tag: "Start" })
    })

  describe(`Visits service on ${name}: appointments`, () => {
    it.effect(
      "VIS-1 books the earliest slot in the customer's window and stores it with the technician's schedule",
      () =>
        Effect.gen(function* () {
          const { tenant, service } = yield* setUp
          const first = yield* service.bookAppointment(tenant, booking())
          const pureFirst = Either.getOrThrow(
            Appointment.book(
              Appointment.defaultPolicy,
              Schema.decodeUnknownSync(Appointment.AppointmentRequest)(request()),
              Schema.decodeUnknownSync(Appointment.Technician)(technician()),
              [],
              NOW,
            ),
          )
          expect(first).toEqual(pureFirst)
          expect(first.scheduled).toEqual({ start: paris(11, 9), end: paris(11, 10, 30) })
          expect(Option.getOrThrow(yield* service.appointment(tenant, first.id))).toEqual(first)

          // the technician's next booking avoids the first, as the pure booking does
          const second = yield* service.bookAppointment(
            tenant,
            booking({ jobId: "install-9", customerId: "cus_43", kind: "installation" }),
          )
          const pureSecond = Either.getOrThrow(
            Appointment.book(
              Appointment.defaultPolicy,
              Schema.decodeUnknownSync(Appointment.AppointmentRequest)(
                request({ jobId: "install-9", customerId: "cus_43", kind: "installation" }),
              ),
              Schema.decodeUnknownSync(Appointment.Technician)(technician()),
              [first],
              NOW,
            ),
          )
          expect(second).toEqual(pureSecond)
          expect(second.scheduled.start).toBeGreaterThanOrEqual(first.scheduled.end)

          const schedules = (yield* storedDocuments(tenant))["visits-technician-schedules"] ?? []
          expect(schedules).toHaveLength(1)
          expect(schedules[0]?.version).toBe(2)
          expect(schedules[0]?.body).toEqual({
            technicianId: "tech-7",
            bookings: 2,
            lastAppointmentId: second.id,
            updatedAt: NOW,
          })
          expect(yield* storedAppointments(tenant)).toEqual([first, second])
        }).pipe(Effect.provide(live())),
    )

    it.effect(
      "VIS-1 two bookings of one technician at once: one is stored, the other refused, never a double booking",
      () =>
        Effect.gen(function* () {
          const { tenant, service } = yield* setUp
          // a window with room for exactly one visit of 90 minutes
          const window = [{ start: "2024-06-11T09:00", end: "2024-06-11T10:30" }]
          const results = yield* Effect.all(
            [
              Effect.either(service.bookAppointment(tenant, booking({ preferred: window }))),
              Effect.either(
                service.bookAppointment(
                  tenant,
                  booking({ preferred: window, jobId: "install-9", customerId: "cus_43" }),
                ),
              ),
            ],
            { concurrency: "unbounded" },
          )
          const booked = results.filter(Either.isRight)
          const refused = results.filter(Either.isLeft).map((result) => result.left)
          expect(booked).toHaveLength(1)
          expect(refused).toHaveLength(1)
          // serialized stores refuse with no free slot; others with the schedule's Conflict
          const reason =
            refused[0] instanceof Appointment.BookingError
              ? refused[0].reason
              : refused[0] instanceof StoreError.StoreError
                ? refused[0].reason
                : refused[0]?._tag
          expect(["NO_FREE_SLOT", "Conflict"]).toContain(reason)
          const stored = yield* storedAppointments(tenant)
          expect(stored).toEqual(booked.map((result) => result.right))
        }).pipe(Effect.provide(live())),
    )

    it.effect(
      "VIS-1 a booking that read the schedule before another booking wrote it fails with Conflict and stores nothing",
      () => {
        const gate: WriteGate = { readCommitted: false, hold: undefined }
        return Effect.gen(function* () {
          const { tenant, service } = yield* setUp
          const window = [{ start: "2024-06-11T09:00", end: "2024-06-11T10:30" }]
          const ada = booking({ preferred: window })
          const bob = booking({ preferred: window, jobId: "install-9", customerId: "cus_43" })

          // a technician without a schedule yet: both bookings would create it
          const fresh = yield* interleave(
            gate,
            service.bookAppointment(tenant, ada),
            service.bookAppointment(tenant, bob),
          )
          expect(Exit.isSuccess(fresh.second)).toBe(true)
          const lost = failureOf(fresh.first)
          expect(lost).toBeInstanceOf(StoreError.StoreError)
          expect(lost).toMatchObject({ reason: "Conflict" })
          expect((lost as StoreError.StoreError).isRetryable).toBe(true)
          const afterFresh = yield* storedDocuments(tenant)
          expect(afterFresh["visits-appointments"]).toHaveLength(1)
          expect(afterFresh["visits-appointments"]?.[0]?.body).toMatchObject({ jobId: "install-9" })

          // a technician with a schedule: the stale compare-and-set fails
          const dan = booking({ preferred: window }, "tech-9")
          const eve = booking(
            { preferred: window, jobId: "install-11", customerId: "cus_44" },
            "tech-9",
          )
          yield* service.bookAppointment(
            tenant,
            booking(
              {
                preferred: [{ start: "2024-06-12T09:00", end: "2024-06-12T17:00" }],
                jobId: "repair-1",
              },
              "tech-9",
            ),
          )
          const before = yield* storedDocuments(tenant)
          const { first, second } = yield* interleave(
            gate,
            service.bookAppointment(tenant, dan),
            service.bookAppointment(tenant, eve),
          )
          expect(Exit.isSuccess(second)).toBe(true)
          expect(failureOf(first)).toMatchObject({ _tag: "StoreError", reason: "Conflict" })
          const after = yield* storedDocuments(tenant)
          // only the winner's appointment was added, and the schedule moved once
          const added = (after["visits-appointments"] ?? []).filter(
            (document) =>
              !(before["visits-appointments"] ?? []).some((earlier) => earlier.id === document.id),
          )
          expect(added.map((document) => (document.body as { jobId: string }).jobId)).toEqual([
            "install-11",
          ])
          const schedule = (after["visits-technician-schedules"] ?? []).find(
            (document) => document.id === "tech-9",
          )
          expect(schedule?.version).toBe(2)

          // once the race is over, booking again reads fresh state and finds no room
          const retried = yield* Effect.flip(service.bookAppointment(tenant, dan))
          expect(retried).toMatchObject({ _tag: "BookingError", reason: "NO_FREE_SLOT" })
        }).pipe(Effect.provide(live(gated(makeStore(), gate))))
      },
    )

    it.effect(
      "VIS-1 a dispatcher's slot is confirmed, and a slot over another booking or a meal time is refused with every violation",
      () =>
        Effect.gen(function* () {
          const { tenant, service } = yield* setUp
          const first = yield* service.bookAppointment(tenant, booking())
          const confirmed = yield* service.confirmAppointment(tenant, {
            ...booking({ jobId: "install-9", customerId: "cus_43" }),
            slot: { start: paris(11, 14), end: paris(11, 15, 30) },
          })
          expect(confirmed.scheduled).toEqual({ start: paris(11, 14), end: paris(11, 15, 30) })
          const before = yield* storedDocuments(tenant)
          const refused = yield* Effect.flip(
            service.confirmAppointment(tenant, {
              ...booking({ jobId: "install-10", customerId: "cus_44" }),
              slot: { start: paris(11, 10), end: paris(11, 13) },
            }),
          )
          expect(refused).toBeInstanceOf(Appointment.BookingError)
          const violations = (refused as Appointment.BookingError).violations ?? []
          expect(refused).toMatchObject({ reason: "SLOT_REJECTED" })
          expect(violations.map((violation) => violation.code).sort()).toEqual([
            "MEAL_TIME",
            "OVERLAPS_BOOKING",
          ])
          expect(violations.find((v) => v.code === "OVERLAPS_BOOKING")?.appointmentId).toBe(
            first.id,
          )
          expect(yield* storedDocuments(tenant)).toEqual(before)
        }).pipe(Effect.provide(live())),
    )

    it.effect("VIS-1 bad booking input and an unknown policy version fail and change nothing", () =>
      Effect.gen(function* () {
        const { tenant, service } = yield* setUp
        const before = yield* storedDocuments(tenant)
        const invalid = yield* Effect.flip(
          service.bookAppointment(tenant, {
            ...booking(),
            request: { ...request(), durationMinutes: 0, zone: "Mars/Olympus" },
          }),
        )
        expect(invalid).toBeInstanceOf(Errors.ValidationError)
        const paths = (invalid as Errors.ValidationError).issues.map((issue) => issue.path)
        expect(paths).toContainEqual(["request", "durationMinutes"])
        expect(paths).toContainEqual(["request", "zone"])
        const unknown = yield* Effect.flip(
          service.bookAppointment(tenant, { ...booking(), policyVersion: 9 }),
        )
        expect(unknown).toMatchObject({ _tag: "NotFoundError", entity: "visit policy", id: "9" })
        const noWindow = yield* Effect.flip(
          service.bookAppointment(tenant, booking({ preferred: [] })),
        )
        expect(noWindow).toMatchObject({ _tag: "BookingError", reason: "NO_PREFERRED_WINDOW" })
        expect(yield* storedDocuments(tenant)).toEqual(before)
      }).pipe(Effect.provide(live())),
    )

    it.effect(
      "VIS-1 a saved visit policy version never changes: other content conflicts, the same content is idempotent",
      () =>
        Effect.gen(function* () {
          const { tenant, service } = yield* setUp
          const before = yield* storedDocuments(tenant)
          const conflict = yield* Effect.flip(
            service.savePolicy(tenant, { version: 1, minimumLeadMinutes: 48 * 60 }),
          )
          expect(conflict).toBeInstanceOf(Visits.PolicyVersionConflictError)
          expect(conflict).toMatchObject({ version: 1 })
          expect(yield* service.savePolicy(tenant, { version: 1 })).toEqual(
            Appointment.defaultPolicy,
          )
          const cash = yield* Effect.flip(
            service.savePolicy(tenant, {
              version: 2,
              acceptedPaymentMethods: ["cash"] as unknown as ReadonlyArray<"card">,
            }),
          )
          expect(cash._tag).toBe("ValidationError")
          expect(yield* storedDocuments(tenant)).toEqual(before)
          expect(Option.getOrThrow(yield* service.policy(tenant, 1))).toEqual(
            Appointment.defaultPolicy,
          )
          expect(Option.isNone(yield* service.policy(tenant, 2))).toBe(true)
        }).pipe(Effect.provide(live())),
    )

    it.effect.prop(
      "VIS-1 whatever is booked one after another, no two of a technician's stored appointments overlap and each lies in its window",
      [
        FastCheck.array(
          FastCheck.record({
            day: FastCheck.integer({ min: 10, max: 14 }),
            startQuarter: FastCheck.integer({ min: 28, max: 64 }),
            windowQuarters: FastCheck.integer({ min: 2, max: 24 }),
            durationQuarters: FastCheck.integer({ min: 1, max: 8 }),
          }),
          { minLength: 1, maxLength: 6 },
        ),
      ],
      ([wishes]) =>
        Effect.gen(function* () {
          const { tenant, service } = yield* setUp
          const local = (day: number, quarter: number) =>
            `2024-06-${String(day + Math.floor(quarter / 96)).padStart(2, "0")}T${String(
              Math.floor((quarter % 96) / 4),
            ).padStart(2, "0")}:${String((quarter % 4) * 15).padStart(2, "0")}`
          const booked: Array<Appointment.Appointment> = []
          for (const [index, wish] of wishes.entries()) {
            const result = yield* Effect.either(
              service.bookAppointment(
                tenant,
                booking({
                  jobId: `job-${index}`,
                  preferred: [
                    {
                      start: local(wish.day, wish.startQuarter),
                      end: local(wish.day, wish.startQuarter + wish.windowQuarters),
                    },
                  ],
                  durationMinutes: wish.durationQuarters * 15,
                }),
              ),
            )
            if (Either.isRight(result)) {
              booked.push(result.right)
              const window = result.right.preferred[0]
              expect(window).toBeDefined()
              if (window !== undefined) {
                expect(result.right.scheduled.start).toBeGreaterThanOrEqual(
                  Date.parse(`${window.start}:00+02:00`),
                )
                expect(result.right.scheduled.end).toBeLessThanOrEqual(
                  Date.parse(`${window.end}:00+02:00`),
                )
              }
            } else expect(result.left._tag).toBe("BookingError")
          }
          const stored = yield* storedAppointments(tenant)
          expect(stored).toHaveLength(booked.length)
          for (let i = 1; i < stored.length; i++)
            expect(stored[i]?.scheduled.start).toBeGreaterThanOrEqual(
              stored[i - 1]?.scheduled.end ?? Number.POSITIVE_INFINITY,
            )
        }).pipe(Effect.provide(live())),
      { fastCheck: { numRuns: 12 } },
    )

    it.effect(
      "VIS-2 dispatch is refused while a part is unpacked and the stored appointment stays as it was; a waiver lets it go",
      () =>
        Effect.gen(function* () {
          const { tenant, service } = yield* setUp
          const appointment = yield* service.bookAppointment(
            tenant,
            booking({
              checklist: [
                { kind: "part", item: "VALVE-22MM", quantity: 2, packed: false },
                { kind: "tool", item: "pressure gauge", quantity: 1, packed: true },
              ],
            }),
          )
          const before = yield* storedDocuments(tenant)
          yield* TestClock.setTime(appointment.scheduled.start - HOUR)
          const refused = yield* Effect.flip(
            service.transitionAppointment(tenant, appointment.id, { _tag: "Dispatch" }),
          )
          expect(refused).toBeInstanceOf(Appointment.PreparationIncompleteError)
          expect((refused as Appointment.PreparationIncompleteError).unpacked).toEqual(
            Appointment.checkPreparation(appointment),
          )
          expect(yield* storedDocuments(tenant)).toEqual(before)

          const waiver = { by: "lead-1", reason: "the valves were delivered to the customer" }
          const dispatched = yield* service.transitionAppointment(tenant, appointment.id, {
            _tag: "Dispatch",
            waiver,
          })
          expect(dispatched.status).toBe("dispatched")
          expect(dispatched.preparationWaiver).toEqual({
            ...waiver,
            at: appointment.scheduled.start - HOUR,
          })
          expect(Option.getOrThrow(yield* service.appointment(tenant, appointment.id))).toEqual(
            dispatched,
          )
          const again = yield* Effect.flip(
            service.transitionAppointment(tenant, appointment.id, { _tag: "Dispatch" }),
          )
          expect(again).toBeInstanceOf(Errors.InvalidTransitionError)
          const missing = yield* Effect.flip(
            service.transitionAppointment(tenant, "visit:nope:1", { _tag: "Start" }),
          )
          expect(missing).toMatchObject({ _tag: "NotFoundError", entity: "appointment" })
        }).pipe(Effect.provide(live())),
    )

    it.effect(
      "VIS-2 packing the checklist through the service lets the appointment be dispatched without a waiver",
      () =>
        Effect.gen(function* () {
          const { tenant, service } = yield* setUp
          const appointment = yield* service.bookAppointment(
            tenant,
            booking({
              checklist: [
                { kind: "part", item: "VALVE-22MM", quantity: 2, packed: false },
                { kind: "tool", item: "pressure gauge", quantity: 1, packed: true },
              ],
            }),
          )
          const before = yield* storedDocuments(tenant)
          const packedAt = appointment.scheduled.start - 2 * HOUR
          yield* TestClock.setTime(packedAt)

          // an item not on the checklist is named, and nothing is written
          const unknown = yield* Effect.flip(
            service.packItems(tenant, appointment.id, {
              items: [{ item: "VALVE-22MM" }, { item: "ladder" }],
            }),
          )
          expect(unknown).toBeInstanceOf(Errors.ValidationError)
          expect((unknown as Errors.ValidationError).issues.map((issue) => issue.path)).toEqual([
            ["items", 1, "item"],
          ])
          expect(unknown.message).toContain("ladder")
          const malformed = yield* Effect.flip(
            service.packItems(tenant, appointment.id, { items: [{ item: "" }] }),
          )
          expect(malformed._tag).toBe("ValidationError")
          expect(yield* storedDocuments(tenant)).toEqual(before)

          const packed = yield* service.packItems(tenant, appointment.id, {
            items: [{ item: "VALVE-22MM", kind: "part" }],
          })
          expect(packed).toEqual(
            Either.getOrThrow(
              Appointment.pack(appointment, [{ item: "VALVE-22MM", kind: "part" }], packedAt),
            ),
          )
          expect(Option.getOrThrow(yield* service.appointment(tenant, appointment.id))).toEqual(
            packed,
          )

          yield* TestClock.setTime(appointment.scheduled.start - HOUR)
          const dispatched = yield* service.transitionAppointment(tenant, appointment.id, {
            _tag: "Dispatch",
          })
          expect(dispatched.status).toBe("dispatched")
          expect(dispatched.preparationWaiver).toBeUndefined()

          // the van has left: the checklist no longer changes
          const late = yield* Effect.flip(
            service.packItems(tenant, appointment.id, { items: [{ item: "pressure gauge" }] }),
          )
          expect(late).toMatchObject({ _tag: "InvalidTransitionError", attempted: "Pack" })
          const missing = yield* Effect.flip(
            service.packItems(tenant, "visit:nope:1", { items: [{ item: "VALVE-22MM" }] }),
          )
          expect(missing).toMatchObject({ _tag: "NotFoundError", entity: "appointment" })
        }).pipe(Effect.provide(live())),
    )

    it.effect(
      "VIS-2 an item added to the checklist through the service holds dispatch until it is packed",
      () =>
        Effect.gen(function* () {
          const { tenant, service } = yield* setUp
          const appointment = yield* service.bookAppointment(tenant, booking())
          expect(Appointment.checkPreparation(appointment)).toEqual([])
          yield* TestClock.setTime(appointment.scheduled.start - 3 * HOUR)
          const seal = { kind: "part" as const, item: "SEAL-22MM", quantity: 2, packed: false }
          const withSeal = yield* service.addChecklistItems(tenant, appointment.id, {
            items: [seal],
          })
          expect(withSeal.checklist).toEqual([...appointment.checklist, seal])
          const twice = yield* Effect.flip(
            service.addChecklistItems(tenant, appointment.id, { items: [seal] }),
          )
          expect(twice._tag).toBe("ValidationError")

          yield* TestClock.setTime(appointment.scheduled.start - HOUR)
          const refused = yield* Effect.flip(
            service.transitionAppointment(tenant, appointment.id, { _tag: "Dispatch" }),
          )
          expect(refused).toMatchObject({
            _tag: "PreparationIncompleteError",
            unpacked: [seal],
          })
          yield* service.packItems(tenant, appointment.id, { items: [{ item: "SEAL-22MM" }] })
          const dispatched = yield* service.transitionAppointment(tenant, appointment.id, {
            _tag: "Dispatch",
          })
          expect(dispatched.status).toBe("dispatched")
        }).pipe(Effect.provide(live())),
    )

    it.effect(
      "VIS-2 a pack that read the appointment before another change wrote it fails with Conflict and its items stay unpacked",
      () => {
        const gate: WriteGate = { readCommitted: false, hold: undefined }
        return Effect.gen(function* () {
          const { tenant, service } = yield* setUp
          const appointment = yield* service.bookAppointment(
            tenant,
            booking({
              checklist: [
                { kind: "part", item: "VALVE-22MM", quantity: 2, packed: false },
                { kind: "tool", item: "pressure gauge", quantity: 1, packed: false },
              ],
            }),
          )
          const { first, second } = yield* interleave(
            gate,
            service.packItems(tenant, appointment.id, { items: [{ item: "VALVE-22MM" }] }),
            service.packItems(tenant, appointment.id, { items: [{ item: "pressure gauge" }] }),
          )
          expect(Exit.isSuccess(second)).toBe(true)
          expect(failureOf(first)).toMatchObject({ _tag: "StoreError", reason: "Conflict" })
          const stored = Option.getOrThrow(yield* service.appointment(tenant, appointment.id))
          expect(Appointment.checkPreparation(stored).map((item) => item.item)).toEqual([
            "VALVE-22MM",
          ])
        }).pipe(Effect.provide(live(gated(makeStore(), gate))))
      },
    )

    it.effect("VIS-2 a second trip for the same job is stored as trip 2", () =>
      Effect.gen(function* () {
        const { tenant, service } = yield* setUp
        const first = yield* service.bookAppointment(tenant, booking())
        // another technician goes back for the same job
        const second = yield* service.bookAppointment(tenant, booking({}, "tech-9"))
        expect(first.trip).toBe(1)
        expect(second.trip).toBe(2)
        expect(second.id).not.toBe(first.id)
        expect(Appointment.secondTrips(yield* storedAppointments(tenant)).total).toBe(1)
      }).pipe(Effect.provide(live())),
    )
  })

  describe(`Visits service on ${name}: completion and the archive`, () => {
    it.effect("VIS-5 a visit record with cash collected is rejected and nothing is stored", () =>
      Effect.gen(function* () {
        const { tenant, service } = yield* setUp
        const appointment = yield* service.bookAppointment(tenant, booking())
        const started = yield* startVisit(tenant, appointment)
        const before = yield* storedDocuments(tenant)
        const rejected = yield* Effect.flip(
          service.completeVisit(
            tenant,
            appointment.id,
            visitRecord(started, {
              extraCharges: [{ amount: euros(4_500), method: "cash" }],
            }),
          ),
        )
        expect(rejected).toBeInstanceOf(Completion.CompletionRejectedError)
        const codes = (rejected as Completion.CompletionRejectedError).violations.map((v) => v.code)
        expect(codes).toEqual(["CASH_COLLECTED"])
        expect(yield* storedDocuments(tenant)).toEqual(before)
        expect(Option.isNone(yield* service.completedVisit(tenant, appointment.id))).toBe(true)
        expect(Option.getOrThrow(yield* service.appointment(tenant, appointment.id)).status).toBe(
          "inProgress",
        )
      }).pipe(Effect.provide(live())),
    )

    it.effect(
      "VIS-4 a record without a feedback card, or with a refused sign-off, is rejected and nothing is stored",
      () =>
        Effect.gen(function* () {
          const { tenant, service } = yield* setUp
          const appointment = yield* service.bookAppointment(tenant, booking())
          const started = yield* startVisit(tenant, appointment)
          const before = yield* storedDocuments(tenant)
          const { feedback: _feedback, ...withoutCard } = visitRecord(started)
          const noCard = yield* Effect.flip(
            service.completeVisit(tenant, appointment.id, withoutCard),
          )
          expect(noCard).toBeInstanceOf(Completion.CompletionRejectedError)
          expect(
            (noCard as Completion.CompletionRejectedError).violations.map((v) => v.code),
          ).toContain("NO_FEEDBACK_CARD")
          const refusedSignOff = yield* Effect.flip(
            service.completeVisit(
              tenant,
              appointment.id,
              visitRecord(started, {
                signOff: { _tag: "refused", reason: "the leak is still there", at: paris(11, 10) },
              }),
            ),
          )
          expect(
            (refusedSignOff as Completion.CompletionRejectedError).violations.map((v) => v.code),
          ).toContain("SIGNOFF_REFUSED")
          const malformed = yield* Effect.flip(
            service.completeVisit(tenant, appointment.id, {
              ...visitRecord(started),
              actualEnd: "later" as unknown as number,
            }),
          )
          expect(malformed._tag).toBe("ValidationError")
          expect(yield* storedDocuments(tenant)).toEqual(before)
        }).pipe(Effect.provide(live())),
    )

    it.effect(
      "VIS-4 completion stores the completed visit with its feedback card and the appointment's completed status together",
      () =>
        Effect.gen(function* () {
          const { tenant, service } = yield* setUp
          const appointment = yield* service.bookAppointment(tenant, booking())
          const started = yield* startVisit(tenant, appointment)
          const record = visitRecord(started, {
            // VIS-3: a breach of a non-blocking item is recorded, not refused
            conduct: conductAll.map((answer) =>
              answer.item === "no-gifts" ? { ...answer, complied: false } : answer,
            ),
            feedback: {
              score: 4,
              comments: "Quick and tidy",
              issues: ["site-cleaned"],
              submittedAt: started.scheduled.end,
            },
          })
          const completed = yield* service.completeVisit(tenant, appointment.id, record)
          const pure = Either.getOrThrow(
            Completion.complete(
              Appointment.defaultPolicy,
              started,
              Schema.decodeUnknownSync(Completion.VisitRecord)(record),
            ),
          )
          expect(completed).toEqual(pure)
          expect(completed.appointment.status).toBe("completed")
          expect(completed.feedbackCard.conductBreaches).toEqual(["no-gifts"])
          expect(completed.issues.map((issue) => issue.code)).toEqual(["CONDUCT_BREACH"])
          expect(Option.getOrThrow(yield* service.completedVisit(tenant, appointment.id))).toEqual(
            completed,
          )
          expect(Option.getOrThrow(yield* service.appointment(tenant, appointment.id))).toEqual(
            completed.appointment,
          )
          // a completed visit cannot be completed again
          const again = yield* Effect.flip(service.completeVisit(tenant, appointment.id, record))
          expect(
            (again as Completion.CompletionRejectedError).violations.map((v) => v.code),
          ).toContain("NOT_IN_PROGRESS")
        }).pipe(Effect.provide(live())),
    )

    it.effect(
      "VIS-4 a store failure half-way through completion leaves neither the archive nor the completed status",
      () => {
        const failure: WriteFailure = { armed: false }
        return Effect.gen(function* () {
          const { tenant, service } = yield* setUp
          const appointment = yield* service.bookAppointment(tenant, booking())
          const started = yield* startVisit(tenant, appointment)
          const before = yield* storedDocuments(tenant)
          failure.armed = true
          const failed = yield* Effect.flip(
            service.completeVisit(tenant, appointment.id, visitRecord(started)),
          )
          expect(failed).toMatchObject({ _tag: "StoreError", reason: "Unavailable" })
          expect(yield* storedDocuments(tenant)).toEqual(before)
          expect(Option.isNone(yield* service.completedVisit(tenant, appointment.id))).toBe(true)
          // once the store is back, the same record completes the visit
          failure.armed = false
          const completed = yield* service.completeVisit(
            tenant,
            appointment.id,
            visitRecord(started),
          )
          expect(Option.getOrThrow(yield* service.appointment(tenant, appointment.id)).status).toBe(
            "completed",
          )
          expect(Option.getOrThrow(yield* service.completedVisit(tenant, appointment.id))).toEqual(
            completed,
          )
        }).pipe(Effect.provide(live(failingHalfWay(makeStore(), failure))))
      },
    )

    it.effect(
      "VIS-6 the feedback summary of a period comes from the archived cards, with the period's second trips",
      () =>
        Effect.gen(function* () {
          const { tenant, service } = yield* setUp
          const june = Period.make("2024-06-01", "2024-07-01", "Europe/Paris")
          // everything is booked ahead: two visits on 11 June, a second trip on
          // 12 June, and a visit on 2 July (outside the period)
          const first = yield* service.bookAppointment(tenant, booking())
          const other = yield* service.bookAppointment(
            tenant,
            booking({ jobId: "install-9", customerId: "cus_43", kind: "installation" }),
          )
          const secondTrip = yield* service.bookAppointment(
            tenant,
            booking({ preferred: [{ start: "2024-06-12T09:00", end: "2024-06-12T17:00" }] }),
          )
          const july = yield* service.bookAppointment(
            tenant,
            booking({
              jobId: "repair-800",
              preferred: [{ start: "2024-07-02T09:00", end: "2024-07-02T17:00" }],
            }),
          )
          const cards: Array<Feedback.FeedbackCard> = []
          const complete = (
            appointment: Appointment.Appointment,
            overrides: (started: Appointment.Appointment) => Partial<RecordInput>,
          ) =>
            Effect.gen(function* () {
              const started = yield* startVisit(tenant, appointment)
              const done = yield* service.completeVisit(
                tenant,
                appointment.id,
                visitRecord(started, overrides(started)),
              )
              cards.push(done.feedbackCard)
            })
          yield* complete(first, (started) => ({
            feedback: { score: 4, issues: ["site-cleaned"], submittedAt: started.scheduled.end },
          }))
          yield* complete(other, (started) => ({
            conduct: conductAll.map((answer) =>
              answer.item === "no-gifts" ? { ...answer, complied: false } : answer,
            ),
            feedback: {
              score: 2,
              issues: ["site-cleaned", "no-gifts"],
              submittedAt: started.scheduled.end,
            },
          }))
          yield* complete(july, (started) => ({
            feedback: { score: 1, issues: ["left-in-sight"], submittedAt: started.scheduled.end },
          }))

          const summary = yield* service.feedbackSummary(tenant, { period: june, policyVersion: 1 })
          expect(summary).toEqual(
            Feedback.summarise(cards, Appointment.defaultPolicy, {
              period: june,
              secondTrips: Appointment.secondTrips([first, other, secondTrip, july]),
            }),
          )
          expect(summary.visits).toBe(2)
          expect(summary.secondTrips).toBe(1)
          expect(summary.items[0]).toMatchObject({ item: "site-cleaned", visitsWithIssue: 2 })
          expect(summary.items.find((line) => line.item === "no-gifts")).toMatchObject({
            visitsWithIssue: 1,
            flaggedByCustomer: 1,
            reportedByStaff: 1,
          })
          const julySummary = yield* service.feedbackSummary(tenant, {
            period: Period.make("2024-07-01", "2024-08-01", "Europe/Paris"),
            policyVersion: 1,
          })
          expect(julySummary.visits).toBe(1)
          expect(julySummary.secondTrips).toBe(0)
          const missing = yield* Effect.flip(
            service.feedbackSummary(tenant, { period: june, policyVersion: 7 }),
          )
          expect(missing._tag).toBe("NotFoundError")
        }).pipe(Effect.provide(live())),
    )
  })

  describe(`Visits service on ${name}: profiles, greetings and follow-ups`, () => {
    it.effect("VIS-7 a profile is stored and replaced; an invalid one changes nothing", () =>
      Effect.gen(function* () {
        const tenant = freshTenant()
        const service = yield* Visits.Visits
        const saved = yield* service.saveProfile(tenant, adaProfile)
        expect(saved).toEqual(Profile.make(adaProfile))
        expect(Option.getOrThrow(yield* service.profile(tenant, "cus-ada"))).toEqual(saved)
        const replaced = yield* service.saveProfile(tenant, {
          ...adaProfile,
          importantDates: [
            ...(adaProfile.importantDates ?? []),
            { id: "promo", kind: "promotion", date: "2024-03-01" },
          ],
        })
        expect(replaced.importantDates).toHaveLength(3)
        const before = yield* storedDocuments(tenant)
        expect(before["visits-profiles"]?.[0]?.version).toBe(2)
        const invalid = yield* Effect.flip(
          service.saveProfile(tenant, {
            ...adaProfile,
            importantDates: [{ id: "bd", kind: "birthday", date: "2023-02-29" }],
          }),
        )
        expect(invalid).toBeInstanceOf(Errors.ValidationError)
        expect(
          (invalid as Errors.ValidationError).issues.map((issue) => issue.path),
        ).toContainEqual(["importantDates", 0, "date"])
        expect(yield* storedDocuments(tenant)).toEqual(before)
        expect(Option.isNone(yield* service.profile(tenant, "cus-nobody"))).toBe(true)
      }).pipe(Effect.provide(live())),
    )

    it.effect(
      "VIS-8 greetings are planned from the stored profiles, and planning again stores nothing new",
      () =>
        Effect.gen(function* () {
          const tenant = freshTenant()
          const service = yield* Visits.Visits
          yield* service.saveProfile(tenant, adaProfile)
          const input = {
            policy: greetingPolicy,
            horizon: summer2024,
            customers: greetingCustomers,
            calendar: weekdaysParis,
          }
          const plan = yield* service.planGreetings(tenant, input)
          const pure = Either.getOrThrow(
            Greeting.planGreetings({
              customers: greetingCustomers.map((customer) =>
                Schema.decodeUnknownSync(Greeting.GreetingCustomer)(
                  customer.id === "cus-ada" ? { ...customer, profile: adaProfile } : customer,
                ),
              ),
              policy: Schema.decodeUnknownSync(Greeting.GreetingPolicy)(greetingPolicy),
              horizon: Schema.decodeUnknownSync(Greeting.Horizon)(summer2024),
              workingCalendar: weekdaysParis,
            }),
          )
          expect(plan).toEqual(pure)
          // the stored profile's special dates were planned, beside the holiday
          const kinds = plan.touches.map((touch) => `${touch.customerId} ${touch.kind}`)
          expect(kinds).toContain("cus-ada visit")
          expect(kinds).toContain("cus-ada flowers")
          expect(kinds).toContain("cus-bob greeting")
          const stored = yield* storedDocuments(tenant)
          const storedTouches = (stored["visits-touches"] ?? []).map((document) =>
            Schema.decodeUnknownSync(Visits.StoredTouch)(document.body),
          )
          expect(
            storedTouches.map((record) => record.touch).sort((a, b) => (a.id < b.id ? -1 : 1)),
          ).toEqual([...plan.touches].sort((a, b) => (a.id < b.id ? -1 : 1)))

          const again = yield* service.planGreetings(tenant, input)
          expect(again.touches).toEqual([])
          expect(again.skipped.filter((skip) => skip.reason === "DUPLICATE")).toHaveLength(
            plan.touches.length,
          )
          expect(yield* storedDocuments(tenant)).toEqual(stored)

          const invalid = yield* Effect.flip(
            service.planGreetings(tenant, {
              ...input,
              horizon: { from: "2024-09-01", to: "2024-06-01" },
            }),
          )
          expect(invalid._tag).toBe("ValidationError")
          expect(yield* storedDocuments(tenant)).toEqual(stored)
        }).pipe(Effect.provide(live())),
    )

    it.effect(
      "VIS-9 a follow-up is scheduled once and never to a handler; a second call returns the stored plan",
      () =>
        Effect.gen(function* () {
          const tenant = freshTenant()
          const service = yield* Visits.Visits
          const plannedAt = Date.UTC(2024, 2, 8, 16)
          yield* TestClock.setTime(plannedAt)
          const staff = [
            { id: "ana", available: true },
            { id: "cid", available: true, openFollowUps: 2 },
            { id: "bob", available: true },
          ]
          const plan = yield* service.scheduleFollowUp(tenant, {
            complaint: resolvedComplaint(),
            staff,
            policy: followUpPolicy,
          })
          const complaint = Schema.decodeUnknownSync(Complaint.Complaint)(resolvedComplaint())
          const pure = Either.getOrThrow(
            FollowUp.scheduleFollowUp(
              complaint,
              staff.map((member) => Schema.decodeUnknownSync(FollowUp.Staff)(member)),
              followUpPolicy,
              plannedAt,
            ),
          )
          expect(plan).toEqual(pure)
          expect(plan.assignee).toBe("bob")
          expect(FollowUp.handlersOf(complaint)).not.toContain(plan.assignee)
          const stored = yield* storedDocuments(tenant)
          expect(stored["visits-follow-ups"]).toHaveLength(1)

          // later, with bob away: the stored plan stands
          yield* TestClock.setTime(plannedAt + 2 * HOUR)
          const again = yield* service.scheduleFollowUp(tenant, {
            complaint: resolvedComplaint(),
            staff: [
              { id: "ana", available: true },
              { id: "bob", available: false },
              { id: "cid", available: true },
            ],
            policy: followUpPolicy,
          })
          expect(again).toEqual(plan)
          expect(yield* storedDocuments(tenant)).toEqual(stored)
          expect(Option.getOrThrow(yield* service.followUp(tenant, "cmp-1"))).toEqual(plan)
        }).pipe(Effect.provide(live())),
    )

    it.effect(
      "VIS-9 a complaint reopened and resolved again gets a new plan for its new cycle, never the first cycle's",
      () =>
        Effect.gen(function* () {
          const tenant = freshTenant()
          const service = yield* Visits.Visits
          const firstPlannedAt = Date.UTC(2024, 2, 8, 16)
          yield* TestClock.setTime(firstPlannedAt)
          const staff = [
            { id: "ana", available: true },
            { id: "bob", available: true },
            { id: "cid", available: true, openFollowUps: 1 },
          ]
          const first = yield* service.scheduleFollowUp(tenant, {
            complaint: resolvedComplaint(),
            staff,
            policy: followUpPolicy,
          })
          expect(first).toMatchObject({ assignee: "bob", cycle: 0 })

          // bob's follow-up found the problem unsolved; the complaint reopened, bob
          // took it over and resolved it again on Tuesday 12 March, 11:00 in Paris
          const firstCycle = resolvedComplaint()
          const resolvedAgainAt = Date.UTC(2024, 2, 12, 10)
          const secondCycle: typeof Complaint.Complaint.Encoded = {
            ...firstCycle,
            assignee: "bob",
            handlers: ["ana", "bob"],
            earlierResolutions: firstCycle.resolution === undefined ? [] : [firstCycle.resolution],
            earlierFollowUps: [
              { at: Date.UTC(2024, 2, 11, 9), by: "bob", reached: true, solved: false },
            ],
            resolution: {
              ...(firstCycle.resolution as NonNullable<typeof firstCycle.resolution>),
              at: resolvedAgainAt,
              by: "bob",
            },
          }
          const secondPlannedAt = resolvedAgainAt + HOUR
          yield* TestClock.setTime(secondPlannedAt)
          const second = yield* service.scheduleFollowUp(tenant, {
            complaint: secondCycle,
            staff,
            policy: followUpPolicy,
          })
          const pure = Either.getOrThrow(
            FollowUp.scheduleFollowUp(
              Schema.decodeUnknownSync(Complaint.Complaint)(secondCycle),
              staff.map((member) => Schema.decodeUnknownSync(FollowUp.Staff)(member)),
              followUpPolicy,
              secondPlannedAt,
            ),
          )
          expect(second).toEqual(pure)
          // bob handled the second cycle: the first cycle's plan would have sent him
          expect(second).toMatchObject({ assignee: "cid", cycle: 1, resolvedAt: resolvedAgainAt })
          expect(second.dueAt).toBeGreaterThan(first.dueAt)

          // both plans are kept; the read gives the latest cycle's, or the one asked for
          expect((yield* storedDocuments(tenant))["visits-follow-ups"]).toHaveLength(2)
          expect(Option.getOrThrow(yield* service.followUp(tenant, "cmp-1"))).toEqual(second)
          expect(Option.getOrThrow(yield* service.followUp(tenant, "cmp-1", { cycle: 0 }))).toEqual(
            first,
          )
          expect(Option.isNone(yield* service.followUp(tenant, "cmp-1", { cycle: 2 }))).toBe(true)

          // calling again in the second cycle returns its stored plan
          yield* TestClock.setTime(secondPlannedAt + HOUR)
          const stored = yield* storedDocuments(tenant)
          expect(
            yield* service.scheduleFollowUp(tenant, {
              complaint: secondCycle,
              staff: [{ id: "dan", available: true }],
              policy: followUpPolicy,
            }),
          ).toEqual(second)
          expect(yield* storedDocuments(tenant)).toEqual(stored)
        }).pipe(Effect.provide(live())),
    )

    it.effect(
      "VIS-9 a complaint already followed up fails with FollowUpAlreadyDoneError instead of returning its stored plan",
      () =>
        Effect.gen(function* () {
          const tenant = freshTenant()
          const service = yield* Visits.Visits
          yield* TestClock.setTime(Date.UTC(2024, 2, 8, 16))
          const staff = [{ id: "bob", available: true }]
          const plan = yield* service.scheduleFollowUp(tenant, {
            complaint: resolvedComplaint(),
            staff,
            policy: followUpPolicy,
          })
          const stored = yield* storedDocuments(tenant)
          yield* TestClock.setTime(Date.UTC(2024, 2, 11, 10))
          const done = yield* Effect.flip(
            service.scheduleFollowUp(tenant, {
              complaint: {
                ...resolvedComplaint(),
                state: "followedUp",
                followUp: { at: Date.UTC(2024, 2, 11, 9), by: "bob", reached: true, solved: true },
              },
              staff,
              policy: followUpPolicy,
            }),
          )
          expect(done).toBeInstanceOf(FollowUp.FollowUpAlreadyDoneError)
          expect(done).toMatchObject({ complaintId: "cmp-1", state: "followedUp" })
          expect(yield* storedDocuments(tenant)).toEqual(stored)
          expect(Option.getOrThrow(yield* service.followUp(tenant, "cmp-1"))).toEqual(plan)
        }).pipe(Effect.provide(live())),
    )

    it.effect(
      "VIS-9 with only the handler available the follow-up fails with NoIndependentStaffError and nothing is stored",
      () =>
        Effect.gen(function* () {
          const tenant = freshTenant()
          const service = yield* Visits.Visits
          yield* TestClock.setTime(Date.UTC(2024, 2, 8, 16))
          const refused = yield* Effect.flip(
            service.scheduleFollowUp(tenant, {
              complaint: resolvedComplaint("cmp-2"),
              staff: [
                { id: "ana", available: true },
                { id: "bob", available: false },
              ],
              policy: followUpPolicy,
            }),
          )
          expect(refused).toBeInstanceOf(FollowUp.NoIndependentStaffError)
          expect(refused).toMatchObject({ handlers: ["ana"], consideredStaff: 2 })
          expect((yield* storedDocuments(tenant))["visits-follow-ups"]).toEqual([])
          const notResolved = yield* Effect.flip(
            service.scheduleFollowUp(tenant, {
              complaint: { ...resolvedComplaint("cmp-3"), state: "inProgress" },
              staff: [{ id: "bob", available: true }],
              policy: followUpPolicy,
            }),
          )
          expect(notResolved).toBeInstanceOf(FollowUp.FollowUpNotDueError)
          expect((yield* storedDocuments(tenant))["visits-follow-ups"]).toEqual([])
        }).pipe(Effect.provide(live())),
    )
  })

  describe(`Visits service on ${name}: customer events`, () => {
    it.effect("VIS-11 a cost before approval is refused and the stored event is unchanged", () =>
      Effect.gen(function* () {
        const { tenant, service } = yield* setUp
        yield* service.createEvent(tenant, gala)
        const planned = yield* service.planEvent(tenant, "evt-gala", galaPlan)
        expect(planned.plan?.plannedAt).toBe(NOW)
        const before = yield* storedDocuments(tenant)
        const refused = yield* Effect.flip(
          service.commitEventCost(tenant, "evt-gala", cost("venue deposit", 30_000)),
        )
        expect(refused).toBeInstanceOf(CustomerEvent.CostBeforeApprovalError)
        expect(refused).toMatchObject({ eventId: "evt-gala", state: "draft" })
        const ownApproval = yield* Effect.flip(
          service.approveEvent(tenant, "evt-gala", { by: "mia" }),
        )
        expect(ownApproval).toBeInstanceOf(CustomerEvent.ApproverIsPlannerError)
        expect(yield* storedDocuments(tenant)).toEqual(before)
        expect(Option.getOrThrow(yield* service.event(tenant, "evt-gala"))).toEqual(planned)
        const missing = yield* Effect.flip(
          service.commitEventCost(tenant, "evt-none", cost("venue deposit", 30_000)),
        )
        expect(missing).toMatchObject({ _tag: "NotFoundError", entity: "customer event" })
      }).pipe(Effect.provide(live())),
    )

    it.effect(
      "VIS-11 an approved event commits costs within its budget, is held, keeps its testimonials and closes; the budget report follows",
      () =>
        Effect.gen(function* () {
          const { tenant, service } = yield* setUp
          yield* service.createEvent(tenant, gala)
          yield* service.planEvent(tenant, "evt-gala", galaPlan)
          const approved = yield* service.approveEvent(tenant, "evt-gala", { by: "director" })
          expect(approved.approval).toEqual({ by: "director", at: NOW, budget: euros(100_000) })
          yield* service.commitEventCost(tenant, "evt-gala", cost("venue deposit", 60_000))
          const over = yield* Effect.flip(
            service.commitEventCost(tenant, "evt-gala", cost("fireworks", 40_001)),
          )
          expect(over).toBeInstanceOf(CustomerEvent.OverBudgetError)
          const full = yield* service.commitEventCost(tenant, "evt-gala", cost("catering", 40_000))
          expect(CustomerEvent.committedTotal(full)).toEqual(euros(100_000))
          const heldAt = Date.UTC(2024, 10, 20, 22)
          yield* TestClock.setTime(heldAt)
          const held = yield* service.markEventHeld(tenant, "evt-gala")
          expect(held).toMatchObject({ state: "held", heldAt })
          const quoted = yield* service.recordTestimonial(tenant, "evt-gala", {
            customerId: "cus-ada",
            text: "A wonderful evening.",
            consentToPublish: true,
          })
          expect(quoted.testimonials).toEqual([
            {
              customerId: "cus-ada",
              text: "A wonderful evening.",
              consentToPublish: true,
              collectedAt: heldAt,
            },
          ])
          const closed = yield* service.closeEvent(tenant, "evt-gala")
          expect(closed.state).toBe("closed")
          const cancelClosed = yield* Effect.flip(service.cancelEvent(tenant, "evt-gala"))
          expect(cancelClosed).toBeInstanceOf(Errors.InvalidTransitionError)

          yield* service.createEvent(tenant, {
            ...gala,
            id: "evt-tasting",
            kind: "memberGathering",
            date: "2024-05-17",
          })
          const cancelled = yield* service.cancelEvent(tenant, "evt-tasting")
          expect(cancelled.state).toBe("cancelled")
          const report = yield* service.eventBudgetReport(tenant)
          expect(report).toEqual(CustomerEvent.budgetReport([cancelled, closed]))
          expect(report[1]).toMatchObject({
            eventId: "evt-gala",
            committed: euros(100_000),
            remaining: euros(0),
            testimonials: 1,
          })
          expect(
            (yield* service.eventBudgetReport(tenant, { from: "2024-06-01" })).map(
              (line) => line.eventId,
            ),
          ).toEqual(["evt-gala"])
          const duplicate = yield* Effect.flip(service.createEvent(tenant, gala))
          expect(duplicate).toMatchObject({ _tag: "StoreError", reason: "Duplicate" })
        }).pipe(Effect.provide(live())),
    )

    it.effect(
      "VIS-11 two cost commitments that read the same event: the stale one fails with Conflict, so the budget holds",
      () => {
        const gate: WriteGate = { readCommitted: false, hold: undefined }
        return Effect.gen(function* () {
          const { tenant, service } = yield* setUp
          yield* service.createEvent(tenant, gala)
          yield* service.planEvent(tenant, "evt-gala", galaPlan)
          yield* service.approveEvent(tenant, "evt-gala", { by: "director" })
          // each fits the budget alone, together they would exceed it
          const { first, second } = yield* interleave(
            gate,
            service.commitEventCost(tenant, "evt-gala", cost("venue", 60_000)),
            service.commitEventCost(tenant, "evt-gala", cost("band", 50_000)),
          )
          expect(Exit.isSuccess(second)).toBe(true)
          expect(failureOf(first)).toMatchObject({ _tag: "StoreError", reason: "Conflict" })
          const stored = Option.getOrThrow(yield* service.event(tenant, "evt-gala"))
          expect(stored.costs.map((c) => c.item)).toEqual(["band"])
          // on fresh state the budget refuses the stale commitment
          const retried = yield* Effect.flip(
            service.commitEventCost(tenant, "evt-gala", cost("venue", 60_000)),
          )
          expect(retried).toBeInstanceOf(CustomerEvent.OverBudgetError)
        }).pipe(Effect.provide(live(gated(makeStore(), gate))))
      },
    )
  })

  describe(`Visits service on ${name}: relationship cadence`, () => {
    it.effect(
      "VIS-10 planning a period's cadence stores its touches, and planning again stores nothing new",
      () =>
        Effect.gen(function* () {
          const tenant = freshTenant()
          const service = yield* Visits.Visits
          yield* TestClock.setTime(BEFORE_2025)
          const summary = yield* service.planCadence(tenant, cadenceRequest())
          const pure = Either.getOrThrow(
            Cadence.plan({
              ...Schema.decodeUnknownSync(Visits.CadenceRequest)(cadenceRequest()),
              now: BEFORE_2025,
            }),
          )
          expect(summary).toEqual({
            policyVersion: pure.policyVersion,
            period: year2025,
            touches: pure.touches.length,
            kept: 0,
            added: pure.added.length,
            cancelled: 0,
            skipped: pure.skipped,
          })
          expect(summary.added).toBeGreaterThan(0)
          const stored = yield* service.cadenceTouches(tenant, year2025)
          expect(stored.map((record) => record.touch)).toEqual(
            expect.arrayContaining([...pure.touches]),
          )
          expect(stored).toHaveLength(pure.touches.length)
          // the major customer's visits carry the regular-revisit agenda
          const adaVisits = stored.filter(
            (record) => record.touch.customerId === "cus-ada" && record.touch.kind === "visit",
          )
          expect(adaVisits).toHaveLength(
            Policy.standards(segmentationPolicy).get("major")?.visitsPerPeriod ?? -1,
          )
          for (const visit of adaVisits) expect(visit.touch.agenda.length).toBeGreaterThan(0)

          const documents = yield* storedDocuments(tenant)
          const again = yield* service.planCadence(tenant, cadenceRequest())
          expect(again).toMatchObject({ added: 0, cancelled: 0, kept: summary.touches })
          expect(yield* storedDocuments(tenant)).toEqual(documents)

          // a downgrade cancels what the new standard no longer asks for, once
          const downgraded = cadenceRequest([
            { id: "cus-ada", tier: "general" },
            { id: "cus-bob", tier: "general" },
          ])
          const replanned = yield* service.planCadence(tenant, downgraded)
          expect(replanned.cancelled).toBeGreaterThan(0)
          const cancelled = (yield* service.cadenceTouches(tenant, year2025)).filter(
            (record) => record.touch.status === "cancelled",
          )
          expect(cancelled).toHaveLength(replanned.cancelled)
          const settled = yield* storedDocuments(tenant)
          expect(yield* service.planCadence(tenant, downgraded)).toMatchObject({
            added: 0,
            cancelled: 0,
          })
          expect(yield* storedDocuments(tenant)).toEqual(settled)

          const unknownTier = yield* Effect.flip(
            service.planCadence(tenant, cadenceRequest([{ id: "cus-cy", tier: "platinum" }])),
          )
          expect(unknownTier).toBeInstanceOf(Cadence.UnknownTierError)
          expect(yield* storedDocuments(tenant)).toEqual(settled)
        }).pipe(Effect.provide(live())),
    )

    it.effect("VIS-10 adherence counts the touches recorded done, planned against done", () =>
      Effect.gen(function* () {
        const tenant = freshTenant()
        const service = yield* Visits.Visits
        yield* TestClock.setTime(BEFORE_2025)
        yield* service.planCadence(tenant, cadenceRequest())
        const asOf = Date.UTC(2025, 6, 1)
        yield* TestClock.setTime(asOf)
        const planned = (yield* service.cadenceTouches(tenant, year2025))
          .map((record) => record.touch)
          .filter((touch) => touch.at <= asOf)
          .sort((a, b) => a.at - b.at)
        const doneTouches = planned.slice(0, 3)
        for (const touch of doneTouches)
          yield* service.recordTouchDone(tenant, touch.id, { at: touch.at + HOUR, by: "s-lea" })
        // recording a touch again changes nothing: the first record stands
        const first = doneTouches[0]
        if (first !== undefined) {
          const before = yield* storedDocuments(tenant)
          const again = yield* service.recordTouchDone(tenant, first.id, {
            at: first.at + 2 * HOUR,
            by: "s-max",
          })
          expect(again.done).toEqual({ at: first.at + HOUR, by: "s-lea" })
          expect(yield* storedDocuments(tenant)).toEqual(before)
        }

        const report = yield* service.adherence(tenant, { period: year2025, byCustomer: true })
        const stored = yield* service.cadenceTouches(tenant, year2025)
        const pure = Either.getOrThrow(
          Cadence.adherence(
            stored.map((record) => record.touch),
            doneTouches.map((touch) => ({ touchId: touch.id, at: touch.at + HOUR })),
            asOf,
            { byCustomer: true },
          ),
        )
        expect(report).toEqual(pure)
        expect(report.overall.done).toBe(doneTouches.length)
        expect(report.overall.due).toBe(planned.length)
        expect(report.overall.overdue).toBe(planned.length - doneTouches.length)

        const future = yield* Effect.flip(
          service.recordTouchDone(tenant, planned[4]?.id ?? "", { at: asOf + HOUR, by: "s-lea" }),
        )
        expect(future._tag).toBe("ValidationError")
        const unknown = yield* Effect.flip(
          service.recordTouchDone(tenant, "cus-ada/visit/nope", { at: asOf, by: "s-lea" }),
        )
        expect(unknown).toMatchObject({ _tag: "NotFoundError", entity: "planned touch" })
      }).pipe(Effect.provide(live())),
    )

    it.effect(
      "VIS-10 adherence reports the touches due in the period, whichever plans they belong to: two half-year plans give the year, a month of one gives that month",
      () =>
        Effect.gen(function* () {
          const tenant = freshTenant()
          const service = yield* Visits.Visits
          yield* TestClock.setTime(BEFORE_2025)
          const halves = [
            Period.make("2025-01-01", "2025-07-01", "Europe/Berlin"),
            Period.make("2025-07-01", "2026-01-01", "Europe/Berlin"),
          ]
          for (const half of halves)
            yield* service.planCadence(tenant, { ...cadenceRequest(), period: half })
          const touches = (yield* Effect.forEach(halves, (half) =>
            service.cadenceTouches(tenant, half),
          )).flat()
          const asOf = Date.UTC(2025, 9, 1)
          yield* TestClock.setTime(asOf)
          const due = touches
            .map((record) => record.touch)
            .filter((touch) => touch.at <= asOf)
            .sort((a, b) => a.at - b.at)
          const doneTouches = due.filter((_, k) => k % 2 === 0)
          for (const touch of doneTouches)
            yield* service.recordTouchDone(tenant, touch.id, { at: touch.at + HOUR, by: "s-lea" })
          const done = doneTouches.map((touch) => ({ touchId: touch.id, at: touch.at + HOUR }))

          const year = yield* service.adherence(tenant, { period: year2025 })
          expect(year).toEqual(
            Either.getOrThrow(
              Cadence.adherence(
                touches.map((record) => record.touch),
                done,
                asOf,
              ),
            ),
          )
          expect(year.overall.due).toBe(due.length)
          expect(year.overall.done).toBe(doneTouches.length)

          const march = Period.make("2025-03-01", "2025-04-01", "Europe/Berlin")
          const inMarch = touches
            .map((record) => record.touch)
            .filter((touch) => touch.dueDate >= march.start && touch.dueDate < march.end)
          expect(yield* service.adherence(tenant, { period: march })).toEqual(
            Either.getOrThrow(
              Cadence.adherence(
                inMarch,
                done.filter((record) => inMarch.some((touch) => touch.id === record.touchId)),
                asOf,
              ),
            ),
          )
        }).pipe(Effect.provide(live())),
    )
  })
}
