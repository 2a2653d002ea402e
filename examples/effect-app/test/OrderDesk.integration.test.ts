// The damage report on a real PostgreSQL server (CLIENTELE_PG_URL; without it the
// suite is registered as skipped, with the reason in its name): the app's rows
// and Clientele's complaint commit in one transaction, and whichever step fails —
// the app's after Clientele wrote, with a typed error or a defect, or Clientele's
// after the app wrote — neither remains. Each test runs on a schema of its own.
import { randomUUID } from "node:crypto"
import { Complaints } from "@clientele/complaints"
import { describe, expect, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FastCheck from "effect/FastCheck"
import * as Layer from "effect/Layer"
import * as Ref from "effect/Ref"
import * as Runtime from "effect/Runtime"
import * as TestClock from "effect/TestClock"
import * as App from "../src/App.js"
import * as Clientele from "../src/Clientele.js"
import { type DamageReport, OrderDesk, layer as orderDeskLayer } from "../src/OrderDesk.js"
import { Warehouse, layer as warehouseLayer } from "../src/Warehouse.js"
import {
  complaintsAbout,
  configFor,
  contactsOf,
  deliveredOrder,
  freshDatabase,
  minutesAfter,
  mondayMorning,
  pgUrl,
  reservedUnits,
} from "./support.js"

type AppServices = Layer.Layer.Success<typeof App.layer>

const damage = (
  orderId: string,
  remedy: DamageReport["remedy"],
  reportId = `form-${orderId}`,
): DamageReport => ({
  reportId,
  orderId,
  description: "The box was crushed and the kettle's lid is cracked.",
  remedy,
})

/** The order as it was once delivered, and no trace of a report anywhere. */
const expectUntouched = (orderId: string, sku: string) =>
  Effect.gen(function* () {
    const desk = yield* OrderDesk
    const order = yield* desk.order(orderId)
    expect(order.status).toBe("delivered")
    expect(order.disputeKey).toBeNull()
    expect(order.complaintId).toBeNull()
    expect((yield* desk.events(orderId)).map((event) => event.kind)).toEqual([
      "placed",
      "delivered",
    ])
    expect(yield* complaintsAbout(orderId)).toEqual([])
    expect(yield* contactsOf("cus-ada")).toEqual([])
    expect(yield* reservedUnits(sku)).toBe(0)
  })

/**
 * A damage report on a delivered kettle, changed by `changes`, that must be refused
 * with a `ValidationError` and leave the order untouched; the error's issues.
 */
const refusedReport = (changes: Partial<DamageReport>) =>
  Effect.gen(function* () {
    const desk = yield* OrderDesk
    const delivered = yield* deliveredOrder("kettle-k2", 1)
    const refused = yield* Effect.flip(
      desk.reportDamagedDelivery({ ...damage(delivered.id, "replacement"), ...changes }),
    )
    yield* expectUntouched(delivered.id, "kettle-k2")
    expect(refused._tag).toBe("ValidationError")
    return refused._tag === "ValidationError" ? refused.issues : []
  })

/**
 * The warehouse with a bug in its reservation: it dies. Before dying it counts,
 * inside the report's transaction, the complaints Clientele already holds about
 * the order, so the test knows the rollback had something to undo.
 */
const crashingWarehouse = (seenBeforeCrash: Ref.Ref<number>) =>
  Layer.effect(
    Warehouse,
    Effect.gen(function* () {
      const real = yield* Warehouse
      const complaints = yield* Complaints.Complaints
      return Warehouse.of({
        ...real,
        reserveReplacement: () =>
          Effect.gen(function* () {
            const filed = yield* Effect.orDie(
              complaints.received(Clientele.tenant, { from: 0, to: Date.UTC(2100, 0, 1) }),
            )
            yield* Ref.set(seenBeforeCrash, filed.length)
            return yield* Effect.dieMessage("the reservation code crashed")
          }),
      })
    }),
  ).pipe(Layer.provide(warehouseLayer))

if (pgUrl === undefined) {
  describe("The order desk's damage report on PostgreSQL", () => {
    it.skip("skipped because CLIENTELE_PG_URL is not set", () => {})
  })
} else {
  const serverUrl = pgUrl

  /** Runs `test` on the app built as main.ts builds it, on a fresh schema, at Monday 09:00. */
  const onFreshApp = <A, E>(
    test: Effect.Effect<A, E, AppServices>,
    app: Layer.Layer<AppServices, unknown> = App.layer,
  ) =>
    Effect.gen(function* () {
      yield* TestClock.setTime(mondayMorning)
      const url = yield* freshDatabase(serverUrl)
      return yield* Effect.provide(test, app.pipe(Layer.provide(configFor(url))))
    })

  describe("The order desk's damage report on PostgreSQL", () => {
    it.scoped("commits the order's rows, the replacement and the complaint together", () =>
      onFreshApp(
        Effect.gen(function* () {
          const desk = yield* OrderDesk
          const delivered = yield* deliveredOrder("kettle-k2", 1)
          const outcome = yield* desk.reportDamagedDelivery(damage(delivered.id, "replacement"))

          expect(outcome.replayed).toBe(false)
          const order = yield* desk.order(delivered.id)
          expect(order).toMatchObject({
            status: "disputed",
            disputeKey: `form-${delivered.id}`,
            complaintId: outcome.complaint.id,
          })
          const events = yield* desk.events(delivered.id)
          expect(events.map((event) => event.kind)).toEqual([
            "placed",
            "delivered",
            "damageReported",
            "complaintFiled",
            "replacementReserved",
          ])
          // 30 business minutes after the desk opened: the first-response promise
          expect(events[3]?.detail).toEqual({
            complaintId: outcome.complaint.id,
            firstResponseDueAt: new Date(minutesAfter(mondayMorning, 30)).toISOString(),
          })
          expect(yield* reservedUnits("kettle-k2")).toBe(1)

          const filed = yield* complaintsAbout(delivered.id)
          expect(filed.map((complaint) => complaint.id)).toEqual([outcome.complaint.id])
          expect(filed[0]).toMatchObject({
            customerId: "cus-ada",
            channel: "webForm",
            category: Clientele.damagedInTransit,
            productId: "kettle-k2",
            state: "received",
            receivedAt: mondayMorning,
            contact: { email: "ada@example.com" },
          })
        }),
      ),
    )

    it.scoped(
      "CMP-2 a retried submission returns the same complaint and writes nothing again",
      () =>
        onFreshApp(
          Effect.gen(function* () {
            const desk = yield* OrderDesk
            const delivered = yield* deliveredOrder("kettle-k2", 2)
            const first = yield* desk.reportDamagedDelivery(damage(delivered.id, "replacement"))
            const eventsAfterFirst = yield* desk.events(delivered.id)
            const retried = yield* desk.reportDamagedDelivery(damage(delivered.id, "replacement"))

            expect(retried.replayed).toBe(true)
            expect(retried.complaint.id).toBe(first.complaint.id)
            expect(yield* desk.events(delivered.id)).toEqual(eventsAfterFirst)
            expect(yield* complaintsAbout(delivered.id)).toHaveLength(1)
            expect(yield* reservedUnits("kettle-k2")).toBe(1)

            // another submission for an order already disputed is refused
            const other = yield* Effect.flip(
              desk.reportDamagedDelivery(damage(delivered.id, "refund", "form-another")),
            )
            expect(other).toMatchObject({ _tag: "OrderInWrongStatus", status: "disputed" })
            expect(yield* complaintsAbout(delivered.id)).toHaveLength(1)
          }),
        ),
    )

    it.scoped(
      "when the last step fails with a typed error (no replacement in stock), neither the order's rows nor the complaint remain",
      () =>
        onFreshApp(
          Effect.gen(function* () {
            const desk = yield* OrderDesk
            const delivered = yield* deliveredOrder("lamp-l1", 0)
            const refused = yield* Effect.flip(
              desk.reportDamagedDelivery(damage(delivered.id, "replacement")),
            )
            expect(refused).toMatchObject({ _tag: "ReplacementOutOfStock", sku: "lamp-l1" })
            yield* expectUntouched(delivered.id, "lamp-l1")

            // Clientele's idempotency key went with the rollback: the same submission
            // id, now asking for a refund with other words, is a new complaint, not a
            // key reused for a different one (CMP-2)
            const refund = yield* desk.reportDamagedDelivery({
              ...damage(delivered.id, "refund"),
              description: "Crushed shade; a refund will do.",
            })
            expect(refund.replayed).toBe(false)
            expect((yield* complaintsAbout(delivered.id)).map((complaint) => complaint.id)).toEqual(
              [refund.complaint.id],
            )
          }),
        ),
    )

    it.scoped(
      "when the last step dies (a defect) after Clientele wrote, neither the order's rows nor the complaint remain",
      () =>
        Effect.gen(function* () {
          const seenBeforeCrash = yield* Ref.make(0)
          yield* onFreshApp(
            Effect.gen(function* () {
              const desk = yield* OrderDesk
              const delivered = yield* deliveredOrder("kettle-k2", 1)
              const exit = yield* Effect.exit(
                desk.reportDamagedDelivery(damage(delivered.id, "replacement")),
              )
              expect(Exit.isFailure(exit) && Cause.isDie(exit.cause)).toBe(true)
              expect(yield* Ref.get(seenBeforeCrash)).toBe(1)
              yield* expectUntouched(delivered.id, "kettle-k2")
            }),
            orderDeskLayer.pipe(
              Layer.provideMerge(crashingWarehouse(seenBeforeCrash)),
              Layer.provideMerge(App.infrastructure),
            ),
          )
        }),
    )

    it.scoped(
      "when Clientele refuses the complaint (an invalid e-mail), the order's rows written before it are rolled back",
      () =>
        onFreshApp(
          Effect.map(refusedReport({ contactEmail: "ada at example.com" }), (issues) =>
            expect(issues).toEqual([{ path: ["contact", "email"], message: "an e-mail address" }]),
          ),
        ),
    )

    it.scoped(
      "a malformed report is refused before anything is read or written, naming the field",
      () =>
        onFreshApp(
          Effect.map(refusedReport({ description: "  " }), (issues) =>
            expect(issues.map((issue) => issue.path)).toEqual([["description"]]),
          ),
        ),
    )

    it.scoped(
      "a report for an order not yet delivered is refused and files nothing; an order placed twice is refused",
      () =>
        onFreshApp(
          Effect.gen(function* () {
            const desk = yield* OrderDesk
            const placed = yield* desk.placeOrder({
              id: "ord-in-transit",
              customerId: "cus-ada",
              customerEmail: "ada@example.com",
              sku: "kettle-k2",
            })
            const refused = yield* Effect.flip(
              desk.reportDamagedDelivery(damage(placed.id, "refund")),
            )
            expect(refused).toMatchObject({
              _tag: "OrderInWrongStatus",
              orderId: placed.id,
              status: "placed",
            })
            expect((yield* desk.order(placed.id)).status).toBe("placed")
            expect(yield* complaintsAbout(placed.id)).toEqual([])

            // checkout sending the same order twice is refused, the first one kept
            const again = yield* Effect.flip(
              desk.placeOrder({
                id: placed.id,
                customerId: "cus-grace",
                customerEmail: "grace@example.com",
                sku: "lamp-l1",
              }),
            )
            expect(again).toMatchObject({ _tag: "DuplicateOrder", orderId: placed.id })
            expect(yield* desk.order(placed.id)).toEqual(placed)
            expect((yield* desk.events(placed.id)).map((event) => event.kind)).toEqual(["placed"])
          }),
        ),
    )

    // Whatever mix of reports arrives — refunds and replacements, stock or none,
    // valid e-mails or not, retried submissions — the app's rows and Clientele's
    // complaints never disagree.
    it.scoped(
      "for any mix of reports, every complaint belongs to the one disputed order that records it, and stock is reserved only for filed replacements",
      () =>
        onFreshApp(
          Effect.gen(function* () {
            const runtime = yield* Effect.runtime<AppServices>()
            const submission = FastCheck.record({
              order: FastCheck.integer({ min: 0, max: 2 }),
              remedy: FastCheck.constantFrom("replacement" as const, "refund" as const),
              validEmail: FastCheck.boolean(),
              // a retry reuses the submission id of an earlier report of the order
              retry: FastCheck.boolean(),
            })
            const property = FastCheck.asyncProperty(
              FastCheck.integer({ min: 0, max: 2 }),
              FastCheck.array(submission, { minLength: 1, maxLength: 6 }),
              (units, submissions) =>
                Runtime.runPromise(runtime)(
                  Effect.gen(function* () {
                    const desk = yield* OrderDesk
                    const sku = `sku-${randomUUID().slice(0, 8)}`
                    const orders = [
                      yield* deliveredOrder(sku, units),
                      yield* deliveredOrder(sku, 0),
                      yield* deliveredOrder(sku, 0),
                    ]
                    for (const [
                      index,
                      { order: which, remedy, validEmail, retry },
                    ] of submissions.entries()) {
                      const order = orders[which] ?? orders[0]
                      if (order === undefined) continue
                      const reportId = retry ? `form-${order.id}` : `form-${order.id}-${index}`
                      yield* Effect.either(
                        desk.reportDamagedDelivery({
                          ...damage(order.id, remedy, reportId),
                          contactEmail: validEmail ? "ada@example.com" : "not an e-mail",
                        }),
                      )
                    }
                    let replacements = 0
                    for (const delivered of orders) {
                      const order = yield* desk.order(delivered.id)
                      const kinds = (yield* desk.events(order.id)).map((event) => event.kind)
                      const filed = yield* complaintsAbout(order.id)
                      if (order.status === "disputed") {
                        expect(filed.map((complaint) => complaint.id)).toEqual([order.complaintId])
                        expect(kinds.filter((kind) => kind === "complaintFiled")).toHaveLength(1)
                      } else {
                        expect(order.complaintId).toBeNull()
                        expect(filed).toEqual([])
                        expect(kinds).toEqual(["placed", "delivered"])
                      }
                      replacements += kinds.filter((kind) => kind === "replacementReserved").length
                    }
                    const reserved = yield* reservedUnits(sku)
                    expect(reserved).toBe(replacements)
                    expect(reserved).toBeLessThanOrEqual(units)
                  }),
                ),
            )
            yield* Effect.promise(() => FastCheck.assert(property, { numRuns: 15 }))
          }),
        ),
    )
  })
}
