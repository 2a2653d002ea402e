import { Complaints, Reports } from "@clientele/complaints"
import { Returns } from "@clientele/returns"
import { MemoryStore } from "@clientele/store"
import { Visits } from "@clientele/visits"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as TestClock from "effect/TestClock"
import { Inputs } from "../src/index.js"
import {
  at,
  cadenceRequest,
  calendar,
  completeVisit,
  DAY,
  freshTenant,
  HOUR,
  handleComplaint,
  MINUTE,
  march,
  recordOrder,
  requestReturns,
  right,
  settings,
} from "./support.js"

const sources = Layer.mergeAll(Complaints.layer(settings), Returns.layer, Visits.layer).pipe(
  Layer.provide(MemoryStore.layer),
)

const marchWindow = { from: at("2025-03-01T00:00"), to: at("2025-04-01T00:00") }
const afterMarch = { from: marchWindow.to, to: marchWindow.to + 30 * DAY }

describe("Inputs.fromComplaints", () => {
  it.effect(
    "SQ-1 complaint figures come from the complaints' reports, and the times to respond and resolve from their SLA clocks",
    () =>
      Effect.gen(function* () {
        const tenant = freshTenant()
        const service = yield* Complaints.Complaints
        // Ada: answered in 20 minutes, resolved in 3 business hours after a 2-hour wait on her
        yield* handleComplaint(tenant, {
          customerId: "cus-ada",
          receivedAt: at("2025-03-03T10:00"),
          respondedAt: at("2025-03-03T10:20"),
          waiting: [at("2025-03-03T11:00"), at("2025-03-03T13:00")],
          resolvedAt: at("2025-03-03T15:00"),
          followedUpAt: at("2025-03-04T10:00"),
          satisfaction: 4,
        })
        // Bob: in at 16:30, answered at 09:15 the next morning (45 business minutes: late)
        yield* handleComplaint(tenant, {
          customerId: "cus-bob",
          receivedAt: at("2025-03-04T16:30"),
          respondedAt: at("2025-03-05T09:15"),
          resolvedAt: at("2025-03-05T12:00"),
          followedUpAt: at("2025-03-06T10:00"),
          satisfaction: 2,
        })
        // Bob again about the same problem: a repeat, resolved, never followed up
        const repeat = yield* handleComplaint(tenant, {
          customerId: "cus-bob",
          receivedAt: at("2025-03-10T10:00"),
          respondedAt: at("2025-03-10T10:10"),
          resolvedAt: at("2025-03-10T11:00"),
        })
        expect(repeat.repeatOf).toBeDefined()
        // Cy: answered in 5 minutes, still open
        yield* handleComplaint(tenant, {
          customerId: "cus-cy",
          receivedAt: at("2025-03-27T10:00"),
          respondedAt: at("2025-03-27T10:05"),
        })
        // April: Ada comes back about her problem; Di complains for the first time
        yield* handleComplaint(tenant, {
          customerId: "cus-ada",
          receivedAt: at("2025-04-01T10:00"),
          respondedAt: at("2025-04-01T10:05"),
        })
        yield* handleComplaint(tenant, {
          customerId: "cus-di",
          receivedAt: at("2025-04-02T10:00"),
          respondedAt: at("2025-04-02T10:05"),
        })

        const now = at("2025-04-02T12:00")
        const received = yield* service.received(tenant, marchWindow)
        const after = yield* service.received(tenant, afterMarch)
        const figures = right(
          Inputs.fromComplaints({ complaints: received, after, now, calendar, windowDays: 30 }),
        )
        expect(figures.complaints).toBe(4)
        expect(figures.firstResponse).toEqual({ count: 4, totalMs: (20 + 45 + 10 + 5) * MINUTE })
        // Cy's is open; Bob's first took 30 minutes on Tuesday and 3 hours on Wednesday
        expect(figures.resolution).toEqual({ count: 3, totalMs: (3 + 3.5 + 1) * HOUR })
        expect([figures.followUps, figures.followUpsByOther]).toEqual([2, 2])
        expect(figures.satisfaction).toEqual({ answers: 2, total: 6 })
        // the repeat's follow-up was due 16 business hours after its resolution, long ago
        expect(figures.followUpClocks).toEqual({ hit: 2, missed: 0, breachedOpen: 1 })
        // Ada's first contact came back in April and Bob's in March; Di's is April's own
        expect([figures.firstContacts, figures.resolvedFirstTime]).toEqual([3, 0])
        const withoutAfter = right(
          Inputs.fromComplaints({ complaints: received, now, calendar, windowDays: 30 }),
        )
        expect([withoutAfter.firstContacts, withoutAfter.resolvedFirstTime]).toEqual([3, 1])

        // the SLA figures are the complaints report's, summed over its rows
        const rows = Reports.slaAttainment(received, { by: "category", now })
        const sum = (kind?: string) =>
          rows
            .filter((row) => kind === undefined || row.target === kind)
            .reduce(
              (total, row) => ({
                hit: total.hit + row.hit,
                missed: total.missed + row.missed,
                breachedOpen: total.breachedOpen + row.breachedOpen,
              }),
              { hit: 0, missed: 0, breachedOpen: 0 },
            )
        expect(figures.sla).toEqual(sum())
        expect(figures.periodicUpdates).toEqual(sum("periodicUpdate"))
        expect(figures.sla.missed).toBeGreaterThanOrEqual(1) // Bob's late first response
        const summary = Reports.summary(received, now)
        expect(figures.followUps).toBe(summary.followUps)
        expect(figures.satisfaction.total / figures.satisfaction.answers).toBe(summary.satisfaction)
      }).pipe(Effect.provide(sources)),
  )

  it("SQ-1 no complaints count nothing", () => {
    const figures = right(
      Inputs.fromComplaints({ complaints: [], now: 0, calendar, windowDays: 30 }),
    )
    expect(figures.firstResponse).toEqual({ count: 0, totalMs: 0 })
    expect([figures.complaints, figures.firstContacts, figures.satisfaction.answers]).toEqual([
      0, 0, 0,
    ])
  })
})

describe("Inputs.fromVisits", () => {
  it.effect(
    "SQ-1 visit figures come from the cadence adherence report and the feedback-card summary",
    () =>
      Effect.gen(function* () {
        const tenant = freshTenant()
        const visits = yield* Visits.Visits
        yield* TestClock.setTime(at("2025-02-20T09:00"))
        yield* visits.savePolicy(tenant, { version: 1 })
        yield* visits.planCadence(tenant, cadenceRequest)
        yield* completeVisit(tenant, 3)
        const asOf = at("2025-03-20T12:00")
        yield* TestClock.setTime(asOf)
        const touches = (yield* visits.cadenceTouches(tenant, march)).filter(
          (stored) => stored.touch.status !== "cancelled",
        )
        const dueByNow = touches.filter((stored) => stored.touch.at <= asOf)
        expect(dueByNow.length).toBeGreaterThan(1)
        const first = dueByNow[0]
        if (first === undefined) throw new Error("the plan has no touch due by 20 March")
        yield* visits.recordTouchDone(tenant, first.touch.id, { at: first.touch.at, by: "s-kim" })

        const adherence = yield* visits.adherence(tenant, { period: march, asOf })
        const feedback = yield* visits.feedbackSummary(tenant, { period: march, policyVersion: 1 })
        const figures = Inputs.fromVisits({ adherence, feedback })
        expect(figures).toEqual({
          touchesDue: dueByNow.length,
          touchesDone: 1,
          feedbackCards: { answers: 1, total: 3 },
        })
        expect(Inputs.fromVisits({ adherence })).toEqual({
          touchesDue: dueByNow.length,
          touchesDone: 1,
          feedbackCards: { answers: 0, total: 0 },
        })
        expect(Inputs.fromVisits({})).toEqual({
          touchesDue: 0,
          touchesDone: 0,
          feedbackCards: { answers: 0, total: 0 },
        })
      }).pipe(Effect.provide(sources)),
  )
})

describe("Inputs.fromReturns", () => {
  it.effect(
    "SQ-1 return figures: decided cases by outcome from the reports, and from request to decision of the cases they counted",
    () =>
      Effect.gen(function* () {
        const tenant = freshTenant()
        const returns = yield* Returns.Returns
        yield* recordOrder(tenant)
        yield* requestReturns(tenant)
        const report = yield* returns.report(tenant, { ...marchWindow, currency: "EUR" })
        const cases = yield* returns.cases(tenant)
        // the mug and the lamp were decided at the counter, the scarf two days after it was asked for
        expect(Inputs.fromReturns({ reports: [report], cases })).toEqual({
          approved: 2,
          partiallyApproved: 0,
          declined: 1,
          awaitingVerification: 0,
          decisionTime: { count: 3, totalMs: 2 * DAY },
        })
        // a case no report counted (another range) is not timed either
        const april = yield* returns.report(tenant, { ...afterMarch, currency: "EUR" })
        expect(Inputs.fromReturns({ reports: [april], cases })).toEqual({
          approved: 0,
          partiallyApproved: 0,
          declined: 0,
          awaitingVerification: 0,
          decisionTime: { count: 0, totalMs: 0 },
        })
      }).pipe(Effect.provide(sources)),
  )

  it.effect("SQ-1 a self-service request waiting for its verification is not decided yet", () =>
    Effect.gen(function* () {
      const tenant = freshTenant()
      const returns = yield* Returns.Returns
      yield* recordOrder(tenant)
      yield* TestClock.setTime(at("2025-03-10T20:00"))
      yield* returns.requestReturn(tenant, {
        orderId: "order-1",
        requestedAt: at("2025-03-10T20:00"),
        lines: [
          {
            orderLineId: "scarf",
            quantity: 1,
            reasonCode: "changedMind",
            condition: "unopened",
            resolution: "refund",
          },
        ],
        actor: { kind: "customer", id: "cus-42" },
      })
      const report = yield* returns.report(tenant, { ...marchWindow, currency: "EUR" })
      const figures = Inputs.fromReturns({ reports: [report], cases: yield* returns.cases(tenant) })
      expect(figures.awaitingVerification).toBe(1)
      expect(figures.decisionTime).toEqual({ count: 0, totalMs: 0 })
      expect(figures.approved + figures.partiallyApproved + figures.declined).toBe(0)
    }).pipe(Effect.provide(sources)),
  )
})
