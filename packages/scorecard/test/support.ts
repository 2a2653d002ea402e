// Fixtures shared by the scorecard's tests: a working calendar and complaint settings
// on UTC so business hours read plainly, the steps that take a complaint, a return and
// a visit through the other packages' services (a step that fails is a defect: the
// fixture is broken, it is not the case under test), and assessments to record.
import { randomUUID } from "node:crypto"
import { WorkingCalendar } from "@clientele/calendar"
import { type Complaint, Complaints, Handling } from "@clientele/complaints"
import { Ids, Period } from "@clientele/core"
import { Returns } from "@clientele/returns"
import { Appointment, Cadence, type Completion, Visits } from "@clientele/visits"
import { expect } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as TestClock from "effect/TestClock"
import type { Assessment, Scorecards } from "../src/index.js"

export const MINUTE = 60_000
export const HOUR = 60 * MINUTE
export const DAY = 24 * HOUR

/** An instant written on the UTC wall clock, `YYYY-MM-DDTHH:MM`. */
export const at = (text: string) => Date.parse(`${text}Z`)

/** Monday to Friday, 09:00 to 17:00 UTC. */
export const calendar = WorkingCalendar.weekdays("UTC", "09:00", "17:00")

export const settings: Handling.Settings = Handling.makeSettings({
  calendar,
  currency: "EUR",
  departments: [
    { id: "care", name: "Care", head: "s-head", categories: ["product", "price", "service"] },
  ],
})

/** A fresh tenant per test. */
export const freshTenant = () => Ids.TenantId.make(`sq-${randomUUID()}`)

/** March 2025 on UTC: the period most tests measure. */
export const march = Period.make("2025-03-01", "2025-04-01", "UTC")

/** The value of a Right; fails the test otherwise. */
export const right = <A, E>(result: Either.Either<A, E>): A => {
  if (Either.isLeft(result)) throw new Error(`expected Right, got ${String(result.left)}`)
  return result.right
}

/** The error of a Left; fails the test otherwise. */
export const left = <A, E>(result: Either.Either<A, E>): E => {
  if (Either.isRight(result)) throw new Error("expected Left")
  return result.left
}

/** The paths a `ValidationError` names. */
export const pathsOf = (error: unknown): ReadonlyArray<ReadonlyArray<string | number>> => {
  expect((error as { _tag?: string })._tag).toBe("ValidationError")
  return (error as { issues: ReadonlyArray<{ path: ReadonlyArray<string | number> }> }).issues.map(
    (issue) => issue.path,
  )
}

// --- complaints ----------------------------------------------------------------------

export interface Handled {
  /** When the complaint arrives. */
  readonly receivedAt: number
  /** When it is acknowledged (the first response). */
  readonly respondedAt: number
  /** A wait on the customer, from and to. */
  readonly waiting?: readonly [number, number]
  /** When it is resolved; left open without it. */
  readonly resolvedAt?: number
  /** When it is followed up, by someone who did not handle it. */
  readonly followedUpAt?: number
  /** The satisfaction the follow-up records. */
  readonly satisfaction?: number
  /** The customer (a second complaint of the same customer within the window repeats the first). */
  readonly customerId?: string
}

/**
 * Takes one complaint through the complaints service on the test clock: received,
 * acknowledged, routed, assigned to Kim and started, then as `steps` say.
 */
export const handleComplaint = (
  tenant: Ids.TenantId,
  steps: Handled,
): Effect.Effect<Complaint.Complaint, never, Complaints.Complaints> =>
  Effect.gen(function* () {
    const service = yield* Complaints.Complaints
    yield* TestClock.setTime(steps.receivedAt)
    const received = yield* service.intake(tenant, {
      idempotencyKey: `key-${randomUUID()}`,
      customerId: steps.customerId ?? `cus-${randomUUID()}`,
      channel: "hotline",
      category: "service/long-wait",
      contact: { name: "Ada Lovelace" },
      description: "Waited 40 minutes at the till",
      receivedBy: "s-agent",
    })
    const id = received.id
    yield* TestClock.setTime(steps.respondedAt)
    yield* service.acknowledge(tenant, id, { by: "s-agent", onTheSpot: true })
    yield* service.route(tenant, id, { by: "s-agent" })
    yield* service.assign(tenant, id, { by: "s-head", assignee: "s-kim" })
    let complaint = yield* service.start(tenant, id, { by: "s-kim" })
    if (steps.waiting !== undefined) {
      yield* TestClock.setTime(steps.waiting[0])
      yield* service.waitOnCustomer(tenant, id, { by: "s-kim" })
      yield* TestClock.setTime(steps.waiting[1])
      complaint = yield* service.customerReplied(tenant, id, {})
    }
    if (steps.resolvedAt === undefined) return complaint
    yield* TestClock.setTime(steps.resolvedAt)
    if (complaint.repeatOf !== undefined)
      yield* service.explainRepeat(tenant, id, {
        by: "s-kim",
        whyNotResolved: "The first answer missed the real cause",
      })
    complaint = yield* service.resolve(tenant, id, {
      by: "s-kim",
      outcome: "coupon given",
      explanation: "Two tills were closed",
      apologised: true,
      rootCause: "missed-deadline",
    })
    if (steps.followedUpAt === undefined) return complaint
    yield* TestClock.setTime(steps.followedUpAt)
    return yield* service.followUp(tenant, id, {
      by: "s-ops",
      reached: true,
      solved: true,
      ...(steps.satisfaction === undefined ? {} : { satisfaction: steps.satisfaction }),
    })
  }).pipe(Effect.orDie)

// --- returns -------------------------------------------------------------------------

const eur = (amount: number) => ({ amount, currency: "EUR" })

/** A return policy and an order of three €40 items, delivered on 3 March 2025. */
export const recordOrder = (tenant: Ids.TenantId): Effect.Effect<void, never, Returns.Returns> =>
  Effect.gen(function* () {
    const returns = yield* Returns.Returns
    yield* TestClock.setTime(at("2025-03-01T09:00"))
    yield* returns.savePolicy(tenant, {
      id: "standard",
      version: 1,
      name: "Returns and exchanges",
      currency: "EUR",
      storeZone: "UTC",
      window: { days: 30 },
    })
    const line = (id: string) => ({
      id,
      sku: id.toUpperCase(),
      productId: id,
      quantity: 1,
      fulfilledQuantity: 0,
      unitPrice: eur(4_000),
    })
    const items = ["mug", "lamp", "scarf"] as const
    yield* returns.recordOrder(tenant, {
      facts: {
        orderId: "order-1",
        placedAt: at("2025-03-01T09:00"),
        currency: "EUR",
        policy: { id: "standard", version: 1 },
        lines: [line("mug"), line("lamp"), line("scarf")],
        shipping: { paid: eur(0), refunded: eur(0) },
        payments: { captured: eur(12_000), refunded: eur(0), storeCreditIssued: eur(0) },
      },
    })
    yield* TestClock.setTime(at("2025-03-03T09:00"))
    yield* returns.recordFulfilment(
      tenant,
      "order-1",
      items.map((lineId) => ({ lineId, quantity: 1, at: at("2025-03-02T09:00") })),
    )
    yield* returns.recordDelivery(
      tenant,
      "order-1",
      items.map((lineId) => ({ lineId, at: at("2025-03-03T09:00") })),
    )
  }).pipe(Effect.orDie)

const returning = (orderLineId: string) =>
  ({
    orderLineId,
    quantity: 1,
    reasonCode: "changedMind",
    condition: "unopened",
    resolution: "refund",
  }) as const

/**
 * Three return requests on the order: the mug at the counter with the product
 * verified (approved at once), the lamp at the counter unverified (declined at once),
 * and the scarf online on 10 March at 20:00, verified two days later (approved then).
 */
export const requestReturns = (
  tenant: Ids.TenantId,
): Effect.Effect<Returns.ReturnCase, never, Returns.Returns> =>
  Effect.gen(function* () {
    const returns = yield* Returns.Returns
    const clerk = { kind: "staff", id: "clerk-7" } as const
    yield* TestClock.setTime(at("2025-03-10T10:00"))
    yield* returns.requestReturn(tenant, {
      orderId: "order-1",
      requestedAt: at("2025-03-10T10:00"),
      lines: [returning("mug")],
      actor: clerk,
      productVerification: { verified: true, method: "receipt", by: "clerk-7" },
    })
    yield* returns.requestReturn(tenant, {
      orderId: "order-1",
      requestedAt: at("2025-03-10T10:00"),
      lines: [returning("lamp")],
      actor: clerk,
    })
    yield* TestClock.setTime(at("2025-03-10T20:00"))
    const online = yield* returns.requestReturn(tenant, {
      orderId: "order-1",
      requestedAt: at("2025-03-10T20:00"),
      lines: [returning("scarf")],
      actor: { kind: "customer", id: "cus-42" },
    })
    yield* TestClock.setTime(at("2025-03-12T20:00"))
    return yield* returns.verifyProduct(tenant, online.id, {
      verified: true,
      method: "orderLookup",
      by: "clerk-9",
    })
  }).pipe(Effect.orDie)

// --- visits --------------------------------------------------------------------------

/** One major customer's relationship cadence over March: two visits and four contacts. */
export const cadenceRequest: typeof Visits.CadenceRequest.Encoded = {
  period: march,
  customers: [{ id: "cus-ada", tier: "major" }],
  standards: new Map([["major", { visitsPerPeriod: 2, contactsPerPeriod: 4 }]]),
  calendars: new Map([["office", calendar]]),
  defaultCalendarId: "office",
  policy: Cadence.defaultPolicy,
}

const conductAll = Appointment.defaultPolicy.conduct.map((item) => ({
  item: item.id as string,
  complied: true as boolean | "notApplicable",
}))

/** A repair visit on 5 March 2025, booked, carried out and completed with a feedback card of `score`. */
export const completeVisit = (
  tenant: Ids.TenantId,
  score: number,
): Effect.Effect<Completion.CompletedVisit, never, Visits.Visits> =>
  Effect.gen(function* () {
    const visits = yield* Visits.Visits
    yield* TestClock.setTime(at("2025-03-03T09:00"))
    const appointment = yield* visits.bookAppointment(tenant, {
      policyVersion: 1,
      request: {
        customerId: "cus-ada",
        jobId: "repair-1",
        kind: "repair",
        zone: "UTC",
        preferred: [{ start: "2025-03-05T09:00", end: "2025-03-05T17:00" }],
        durationMinutes: 60,
        need: "The boiler loses pressure",
        checklist: [{ kind: "part", item: "VALVE-22MM", quantity: 1, packed: true }],
      },
      technician: { id: "tech-7", calendar },
    })
    yield* TestClock.setTime(appointment.scheduled.start - HOUR)
    yield* visits.transitionAppointment(tenant, appointment.id, { _tag: "Dispatch" })
    yield* TestClock.setTime(appointment.scheduled.start)
    yield* visits.transitionAppointment(tenant, appointment.id, { _tag: "Start" })
    yield* TestClock.setTime(appointment.scheduled.end)
    return yield* visits.completeVisit(tenant, appointment.id, {
      appointmentId: appointment.id,
      actualStart: appointment.scheduled.start,
      actualEnd: appointment.scheduled.end - 5 * MINUTE,
      conduct: conductAll,
      signOff: {
        _tag: "signed",
        signedBy: "Ada Martin",
        signedAt: appointment.scheduled.end - 5 * MINUTE,
        imageSha256: "a".repeat(64),
      },
      feedback: { score, issues: [], submittedAt: appointment.scheduled.end - 5 * MINUTE },
      extraCharges: [],
    })
  }).pipe(Effect.orDie)

// --- assessments ---------------------------------------------------------------------

/** The first half of 2025, in Paris: the period assessments cover. */
export const firstHalf = { start: "2025-01-01", end: "2025-07-01", zone: "Europe/Paris" }
export const secondHalf = { start: "2025-07-01", end: "2026-01-01", zone: "Europe/Paris" }

/** Fours everywhere, except where `overrides` says. */
export const scores = (overrides: Partial<Assessment.Scores> = {}): Assessment.Scores => ({
  courtesy: 4,
  listening: 4,
  understanding: 4,
  clarity: 4,
  knowledge: 4,
  ownership: 4,
  promises: 4,
  keepingInformed: 4,
  composure: 4,
  followThrough: 4,
  ...overrides,
})

/** Kim's assessment by `raterId` (herself, or a peer). */
export const assessmentOf = (
  raterId: string,
  overrides: Partial<Assessment.Scores> = {},
  period = firstHalf,
): Scorecards.AssessmentInput => ({
  staffId: "kim",
  raterId,
  role: raterId === "kim" ? "self" : "peer",
  period,
  scores: scores(overrides),
})
