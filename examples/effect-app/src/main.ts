/**
 * A short day at the order desk against the database of `DATABASE_URL`: two
 * orders are delivered damaged; one report files a complaint and reserves a
 * replacement, its retried submission changes nothing, another is refused
 * because no replacement is in stock — and leaves no trace in the app's tables
 * nor in Clientele — until the customer asks for a refund instead. Then a
 * review three days later sweeps the complaints' SLA clocks and shows the board.
 * Every run uses fresh order ids, so it can be run again on the same database.
 */
import { Complaints } from "@clientele/complaints"
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as App from "./App.js"
import * as Clientele from "./Clientele.js"
import { OrderDesk } from "./OrderDesk.js"
import { Warehouse } from "./Warehouse.js"

const day = 24 * 3_600_000

const time = (at: number | null | undefined) =>
  at === null || at === undefined ? "—" : new Date(at).toISOString().slice(0, 16).replace("T", " ")

const scenario = Effect.gen(function* () {
  const desk = yield* OrderDesk
  const warehouse = yield* Warehouse
  const complaints = yield* Complaints.Complaints
  const startedAt = yield* Clock.currentTimeMillis
  const run = startedAt.toString(36)
  const kettleOrder = `ord-${run}-1`
  const lampOrder = `ord-${run}-2`

  // One kettle to send as a replacement; lamps are never stocked.
  yield* warehouse.restock("kettle-k2", 1)
  for (const [id, sku] of [
    [kettleOrder, "kettle-k2"],
    [lampOrder, "lamp-l1"],
  ] as const) {
    yield* desk.placeOrder({ id, customerId: "cus-ada", customerEmail: "ada@example.com", sku })
    yield* desk.markDelivered(id)
  }
  yield* Console.log(`Delivered ${kettleOrder} (kettle) and ${lampOrder} (lamp) to cus-ada.`)

  const kettleReport = {
    reportId: `form-${run}-1`,
    orderId: kettleOrder,
    description: "The kettle arrived with a cracked lid.",
    remedy: "replacement",
  } as const
  const filed = yield* desk.reportDamagedDelivery(kettleReport)
  yield* Console.log(
    `\n${kettleOrder}: damage reported → order ${filed.order.status}, complaint ${filed.complaint.id} (${filed.complaint.state}), replacement reserved`,
  )
  const retried = yield* desk.reportDamagedDelivery(kettleReport)
  yield* Console.log(
    `${kettleOrder}: the form was submitted twice → replayed: ${retried.replayed}, same complaint: ${retried.complaint.id === filed.complaint.id}, ${(yield* desk.events(kettleOrder)).length} events on the order`,
  )

  const lampReport = {
    reportId: `form-${run}-2`,
    orderId: lampOrder,
    description: "The lamp's shade was crushed in the box.",
    remedy: "replacement",
  } as const
  const refused = yield* Effect.flip(desk.reportDamagedDelivery(lampReport))
  const lampComplaints = (yield* complaints.received(Clientele.tenant, {
    from: startedAt,
    to: (yield* Clock.currentTimeMillis) + 1,
  })).filter((complaint) => complaint.orderId === lampOrder)
  yield* Console.log(
    `\n${lampOrder}: replacement asked → refused (${refused._tag}: ${refused.message}); order still ${(yield* desk.order(lampOrder)).status}, complaints in Clientele about it: ${lampComplaints.length}`,
  )
  const refund = yield* desk.reportDamagedDelivery({
    ...lampReport,
    reportId: `form-${run}-3`,
    remedy: "refund",
  })
  yield* Console.log(
    `${lampOrder}: refund asked instead → order ${refund.order.status}, complaint ${refund.complaint.id}`,
  )

  // A desk runs the review on a timer at the clock's time; the scenario looks three
  // days ahead instead, and the notifications it creates are then on record.
  const reviewAt = (yield* Clock.currentTimeMillis) + 3 * day
  const review = yield* desk.reviewDisputes(reviewAt)
  yield* Console.log(
    `\nReview as of ${time(reviewAt)} UTC: the sweep created ${review.notified.length} SLA notifications, each logged on its order.`,
  )
  for (const line of review.lines.filter((line) => line.orderId.startsWith(`ord-${run}-`)))
    yield* Console.log(
      `  ${line.orderId}  complaint ${line.complaintState}, first response ${line.firstResponse}, resolution ${line.resolution} (due ${time(line.resolutionDueAt)} UTC)`,
    )
  yield* Console.log(
    `  all disputes: ${review.summary.open} open, ${review.summary.inBreach} in breach, ${review.breaches.length} targets breached`,
  )
  const kettleEvents = yield* desk.events(kettleOrder)
  yield* Console.log(`\n${kettleOrder} event log:`)
  for (const event of kettleEvents)
    yield* Console.log(
      `  ${time(event.at.getTime())}  ${event.kind}  ${JSON.stringify(event.detail)}`,
    )
})

Effect.runPromiseExit(scenario.pipe(Effect.provide(App.layer))).then((exit) => {
  if (Exit.isFailure(exit)) {
    console.error(Cause.pretty(exit.cause))
    process.exitCode = 1
  }
})
