// Clientele really runs on the app's connection and transaction (CLIENTELE_PG_URL;
// without it the suite is registered as skipped, with the reason in its name).
// Inside an open transaction of the app, the complaint Clientele just wrote is
// visible to the app — through Clientele's own reads — and to no other session;
// after the commit, every session sees it. The damage report runs inside the
// test's transaction, where its own `withTransaction` becomes a savepoint, so the
// test holds the transaction open while it looks.
//
// The other session runs on a runtime of its own: `@effect/sql` carries the open
// transaction in the fiber's context, so any client used on this fiber inside the
// transaction would borrow the transaction's connection.
import { Complaints } from "@clientele/complaints"
import * as SqlClient from "@effect/sql/SqlClient"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Runtime from "effect/Runtime"
import * as TestClock from "effect/TestClock"
import * as App from "../src/App.js"
import * as Clientele from "../src/Clientele.js"
import { OrderDesk } from "../src/OrderDesk.js"
import {
  configFor,
  deliveredOrder,
  freshDatabase,
  mondayMorning,
  observerLayer,
  pgUrl,
} from "./support.js"

if (pgUrl === undefined) {
  describe("Clientele inside the app's transaction on PostgreSQL", () => {
    it.skip("skipped because CLIENTELE_PG_URL is not set", () => {})
  })
} else {
  const serverUrl = pgUrl

  describe("Clientele inside the app's transaction on PostgreSQL", () => {
    it.scoped(
      "before the commit, the app reads the complaint Clientele wrote on its connection, and another session sees neither it nor the order's change",
      () =>
        Effect.gen(function* () {
          yield* TestClock.setTime(mondayMorning)
          const url = yield* freshDatabase(serverUrl)
          const app = yield* Layer.toRuntime(App.layer.pipe(Layer.provide(configFor(url))))
          const observer = yield* Layer.toRuntime(observerLayer(url))

          /** What another session sees of the order and its complaint, right now. */
          const otherSession = (orderId: string, complaintId: string) =>
            Effect.promise(() =>
              Runtime.runPromise(observer)(
                Effect.gen(function* () {
                  const sql = yield* SqlClient.SqlClient
                  const complaints = yield* Complaints.Complaints
                  const rows = yield* sql<{ readonly status: string }>`
                  SELECT status FROM orders WHERE id = ${orderId}`
                  return {
                    orderStatus: rows[0]?.status,
                    complaint: yield* Effect.either(complaints.get(Clientele.tenant, complaintId)),
                  }
                }).pipe(Effect.orDie),
              ),
            )

          const { inside, outcome } = yield* Effect.provide(
            Effect.gen(function* () {
              const sql = yield* SqlClient.SqlClient
              const desk = yield* OrderDesk
              const complaints = yield* Complaints.Complaints
              const delivered = yield* deliveredOrder("kettle-k2", 1)
              return yield* sql.withTransaction(
                Effect.gen(function* () {
                  const outcome = yield* desk.reportDamagedDelivery({
                    reportId: "form-1",
                    orderId: delivered.id,
                    description: "Cracked lid",
                    remedy: "replacement",
                  })
                  const inside = {
                    appReadsComplaint: yield* complaints.get(
                      Clientele.tenant,
                      outcome.complaint.id,
                    ),
                    appReadsOrder: yield* desk.order(delivered.id),
                    otherSession: yield* otherSession(delivered.id, outcome.complaint.id),
                  }
                  return { inside, outcome }
                }),
              )
            }),
            app,
          )

          expect(inside.appReadsComplaint.id).toBe(outcome.complaint.id)
          expect(inside.appReadsOrder.status).toBe("disputed")
          expect(inside.otherSession.orderStatus).toBe("delivered")
          expect(inside.otherSession.complaint).toEqual(
            Either.left(expect.objectContaining({ _tag: "NotFoundError" })),
          )

          const committed = yield* otherSession(outcome.order.id, outcome.complaint.id)
          expect(committed.orderStatus).toBe("disputed")
          expect(committed.complaint).toEqual(
            Either.right(expect.objectContaining({ id: outcome.complaint.id, state: "received" })),
          )
        }),
    )
  })
}
