// The dispute review on a real PostgreSQL server (CLIENTELE_PG_URL; without it the
// suite is registered as skipped, with the reason in its name): Clientele's SLA
// sweep and the order events it causes are written in one of the app's
// transactions, so each notification reaches the order's log exactly once; the
// board reads the app's disputed orders with Clientele's view of their complaints.
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as TestClock from "effect/TestClock"
import * as App from "../src/App.js"
import { OrderDesk } from "../src/OrderDesk.js"
import {
  configFor,
  deliveredOrder,
  freshDatabase,
  minutesAfter,
  mondayMorning,
  pgUrl,
} from "./support.js"

/** Tuesday 4 March 2025 in Paris (UTC+1), at `hour`:`minute`. */
const tuesday = (hour: number, minute = 0) => Date.UTC(2025, 2, 4, hour - 1, minute)

if (pgUrl === undefined) {
  describe("The order desk's dispute review on PostgreSQL", () => {
    it.skip("skipped because CLIENTELE_PG_URL is not set", () => {})
  })
} else {
  const serverUrl = pgUrl

  describe("The order desk's dispute review on PostgreSQL", () => {
    it.scoped(
      "CMP-4 each SLA notification of the sweep is logged once on its order, and the board shows the complaint's clocks",
      () =>
        Effect.gen(function* () {
          yield* TestClock.setTime(mondayMorning)
          const url = yield* freshDatabase(serverUrl)
          yield* Effect.provide(
            Effect.gen(function* () {
              const desk = yield* OrderDesk
              const kettle = yield* deliveredOrder("kettle-k2", 1)
              const quiet = yield* deliveredOrder("kettle-k2", 0)
              const { complaint } = yield* desk.reportDamagedDelivery({
                reportId: "form-1",
                orderId: kettle.id,
                description: "Cracked lid",
                remedy: "replacement",
              })
              const slaEvents = Effect.map(desk.events(kettle.id), (events) =>
                events
                  .filter((event) => event.kind.startsWith("complaintSla"))
                  .map((event) => [event.kind, event.detail.target, event.at.getTime()] as const),
              )

              // 09:31: the first response (30 business minutes) is overdue
              const firstReview = yield* desk.reviewDisputes(minutesAfter(mondayMorning, 31))
              expect(
                firstReview.notified.map((n) => [n.kind, n.target, n.complaintId] as const),
              ).toEqual([["slaBreached", "firstResponse", complaint.id]])
              expect(firstReview.lines).toEqual([
                {
                  orderId: kettle.id,
                  customerId: "cus-ada",
                  complaintId: complaint.id,
                  complaintState: "received",
                  department: undefined,
                  firstResponse: "breached",
                  resolution: "running",
                  // 16 business hours: Monday 09:00–18:00, then Tuesday until 16:00
                  resolutionDueAt: tuesday(16),
                },
              ])
              expect(firstReview.summary.inBreach).toBe(1)
              expect(firstReview.breaches.map((breach) => breach.target)).toEqual(["firstResponse"])
              // the breach is logged at the instant it began: one millisecond after the deadline
              expect(yield* slaEvents).toEqual([
                ["complaintSlaBreached", "firstResponse", minutesAfter(mondayMorning, 30) + 1],
              ])

              // the same review again owes nothing, and logs nothing twice
              const again = yield* desk.reviewDisputes(minutesAfter(mondayMorning, 31))
              expect(again.notified).toEqual([])
              expect(yield* slaEvents).toHaveLength(1)

              // Tuesday 13:00: 80 % of the resolution target is consumed (at risk
              // from 12:48); Wednesday: it is breached
              const atRisk = yield* desk.reviewDisputes(tuesday(13))
              expect(atRisk.notified.map((n) => [n.kind, n.target] as const)).toEqual([
                ["slaAtRisk", "resolution"],
              ])
              expect(atRisk.lines[0]?.resolution).toBe("atRisk")
              const breached = yield* desk.reviewDisputes(tuesday(16) + 24 * 3_600_000)
              expect(breached.notified.map((n) => [n.kind, n.target] as const)).toEqual([
                ["slaBreached", "resolution"],
              ])
              expect(yield* slaEvents).toEqual([
                ["complaintSlaBreached", "firstResponse", minutesAfter(mondayMorning, 30) + 1],
                ["complaintSlaAtRisk", "resolution", tuesday(12, 48)],
                ["complaintSlaBreached", "resolution", tuesday(16) + 1],
              ])
              // an order without a dispute is on no board and in no log
              expect(breached.lines.map((line) => line.orderId)).toEqual([kettle.id])
              expect((yield* desk.events(quiet.id)).map((event) => event.kind)).toEqual([
                "placed",
                "delivered",
              ])
            }),
            App.layer.pipe(Layer.provide(configFor(url))),
          )
        }),
    )
  })
}
