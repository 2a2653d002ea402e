/**
 * The order desk: the app's own service for its orders, which adopted Clientele
 * for complaints. Its two operations that touch Clientele each run in ONE of the
 * app's transactions:
 *
 * - `reportDamagedDelivery` marks the order disputed, logs the customer's report,
 *   files the complaint with Clientele (keyed by the form's submission id),
 *   records the complaint on the order and reserves a replacement. Everything
 *   commits together, or — whichever step fails, the app's or Clientele's —
 *   nothing does.
 * - `reviewDisputes` runs Clientele's SLA sweep and writes each at-risk or breach
 *   notification onto the order's event log in the same transaction, so the log
 *   gets each of them exactly once; then it reads the disputed orders with their
 *   complaints and Clientele's reports on them.
 */
import type { CalendarError } from "@clientele/calendar"
import { Complaint, Complaints, Reports, Sla } from "@clientele/complaints"
import { Errors } from "@clientele/core"
import * as SqlClient from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import * as Clientele from "./Clientele.js"
import { type ReplacementOutOfStock, Warehouse } from "./Warehouse.js"

/** Where an order is. */
export const OrderStatus = Schema.Literal("placed", "delivered", "disputed")

/** An order as the app stores it (a row of `orders`, its columns renamed). */
export const Order = Schema.Struct({
  id: Schema.String,
  customer_id: Schema.String,
  customer_email: Schema.String,
  sku: Schema.String,
  status: OrderStatus,
  dispute_key: Schema.NullOr(Schema.String),
  complaint_id: Schema.NullOr(Schema.String),
  updated_at: Schema.DateFromSelf,
}).pipe(
  Schema.rename({
    customer_id: "customerId",
    customer_email: "customerEmail",
    dispute_key: "disputeKey",
    complaint_id: "complaintId",
    updated_at: "updatedAt",
  }),
)
export type Order = typeof Order.Type

/** What happened to an order, oldest first in its log. */
export const OrderEventKind = Schema.Literal(
  "placed",
  "delivered",
  "damageReported",
  "complaintFiled",
  "replacementReserved",
  "refundRequested",
  "complaintSlaAtRisk",
  "complaintSlaBreached",
)
export type OrderEventKind = typeof OrderEventKind.Type

/** One entry of an order's event log. */
export const OrderEvent = Schema.Struct({
  kind: OrderEventKind,
  detail: Schema.Record({ key: Schema.String, value: Schema.Union(Schema.String, Schema.Number) }),
  at: Schema.DateFromSelf,
})
export type OrderEvent = typeof OrderEvent.Type

/**
 * A new order, as checkout hands it to the desk. The desk decodes it (and the
 * damage form) with `Errors.decode` of `@clientele/core`, so that a caller meets
 * one `ValidationError`, naming the field, whether the app or Clientele refused
 * the input.
 */
export const NewOrder = Schema.Struct({
  id: Schema.NonEmptyTrimmedString,
  customerId: Schema.NonEmptyTrimmedString,
  customerEmail: Schema.NonEmptyTrimmedString,
  sku: Schema.NonEmptyTrimmedString,
})
export type NewOrder = typeof NewOrder.Type

/**
 * The web shop's damage form. `reportId` is the form submission's id: a retried
 * submission carries the same one, and it is the complaint's idempotency key.
 * The contact e-mail defaults to the order's; Clientele validates it.
 */
export const DamageReport = Schema.Struct({
  reportId: Schema.NonEmptyTrimmedString,
  orderId: Schema.NonEmptyTrimmedString,
  description: Schema.NonEmptyTrimmedString,
  contactEmail: Schema.optional(Schema.String),
  remedy: Schema.Literal("replacement", "refund"),
})
export type DamageReport = typeof DamageReport.Type

/** What a damage report did. `replayed`: a retried submission, nothing written again. */
export interface DamageReportOutcome {
  readonly order: Order
  readonly complaint: Complaint.Complaint
  readonly replayed: boolean
}

/** A target's status on a complaint's current SLA cycle, `none` when it has no such target. */
export type TargetStatus = ReturnType<typeof Sla.status> | "none"

/** One disputed order on the review board, with its complaint as Clientele sees it. */
export interface DisputeLine {
  readonly orderId: string
  readonly customerId: string
  readonly complaintId: string
  readonly complaintState: Complaint.Complaint["state"]
  readonly department: string | undefined
  readonly firstResponse: TargetStatus
  readonly resolution: TargetStatus
  readonly resolutionDueAt: number | null
}

/** What a review found. */
export interface DisputeReview {
  /** The SLA notifications the sweep created now, each also logged on its order. */
  readonly notified: ReadonlyArray<Complaint.Notification>
  readonly lines: ReadonlyArray<DisputeLine>
  /** Clientele's reports over the disputed orders' complaints. */
  readonly summary: Reports.Summary
  readonly breaches: ReadonlyArray<Reports.Breach>
}

/** No order with that id. */
export class OrderNotFound extends Schema.TaggedError<OrderNotFound>()("OrderNotFound", {
  orderId: Schema.String,
}) {
  override get message(): string {
    return `order ${this.orderId} not found`
  }
}

/** The order's status does not allow the step. */
export class OrderInWrongStatus extends Schema.TaggedError<OrderInWrongStatus>()(
  "OrderInWrongStatus",
  { orderId: Schema.String, status: OrderStatus, step: Schema.String },
) {
  override get message(): string {
    return `order ${this.orderId} is ${this.status}: ${this.step} is not allowed`
  }
}

/** Checkout sent an order id the desk already has. */
export class DuplicateOrder extends Schema.TaggedError<DuplicateOrder>()("DuplicateOrder", {
  orderId: Schema.String,
}) {
  override get message(): string {
    return `order ${this.orderId} already exists`
  }
}

/** Why a damage report was refused; when it is, nothing of it was written. */
export type ReportError =
  | OrderNotFound
  | OrderInWrongStatus
  | ReplacementOutOfStock
  | Complaints.CommandError
  | SqlError

/** Why a review failed; when it does, none of its notifications or events remain. */
export type ReviewError = Complaints.CommandError | CalendarError.CalendarError | SqlError

/** What the order desk does. */
export interface OrderDeskService {
  readonly placeOrder: (
    order: typeof NewOrder.Encoded,
  ) => Effect.Effect<Order, Errors.ValidationError | DuplicateOrder | SqlError>
  readonly markDelivered: (
    orderId: string,
  ) => Effect.Effect<Order, OrderNotFound | OrderInWrongStatus | SqlError>
  /** Files a damaged delivery with Clientele, in one transaction with the app's rows. */
  readonly reportDamagedDelivery: (
    report: typeof DamageReport.Encoded,
  ) => Effect.Effect<DamageReportOutcome, ReportError>
  /** Sweeps the complaints' SLA clocks at `now` (default: the clock) and reads the board. */
  readonly reviewDisputes: (now?: number) => Effect.Effect<DisputeReview, ReviewError>
  readonly order: (orderId: string) => Effect.Effect<Order, OrderNotFound | SqlError>
  readonly events: (orderId: string) => Effect.Effect<ReadonlyArray<OrderEvent>, SqlError>
}

export class OrderDesk extends Context.Tag("order-desk/OrderDesk")<OrderDesk, OrderDeskService>() {}

// Rows of the app's own tables that do not decode are a bug, not an input error.
const decodeOrders = (rows: ReadonlyArray<unknown>) =>
  Effect.orDie(Schema.decodeUnknown(Schema.Array(Order))(rows))
const decodeEvents = (rows: ReadonlyArray<unknown>) =>
  Effect.orDie(Schema.decodeUnknown(Schema.Array(OrderEvent))(rows))

/** The status of a target of the complaint's current cycle at `now`. */
const targetStatus = (
  complaint: Complaint.Complaint,
  kind: Sla.TargetKind,
  now: number,
): TargetStatus => {
  const clock = Complaint.currentCycle(complaint)?.targets.find((target) => target.kind === kind)
  return clock === undefined ? "none" : Sla.status(clock, now)
}

const dueAtOf = (complaint: Complaint.Complaint, kind: Sla.TargetKind): number | null =>
  Complaint.currentCycle(complaint)?.targets.find((target) => target.kind === kind)?.dueAt ?? null

/** The order desk over the app's `SqlClient`, Clientele's `Complaints` and the warehouse. */
export const layer = Layer.effect(
  OrderDesk,
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const complaints = yield* Complaints.Complaints
    const warehouse = yield* Warehouse

    const findOrder = (orderId: string, forUpdate: boolean) =>
      Effect.gen(function* () {
        const rows = yield* forUpdate
          ? sql`SELECT * FROM orders WHERE id = ${orderId} FOR UPDATE`
          : sql`SELECT * FROM orders WHERE id = ${orderId}`
        const [order] = yield* decodeOrders(rows)
        if (order === undefined) return yield* new OrderNotFound({ orderId })
        return order
      })

    const appendEvent = (
      orderId: string,
      kind: OrderEventKind,
      detail: OrderEvent["detail"],
      at: number,
    ) =>
      sql`INSERT INTO order_events (order_id, kind, detail, at)
          VALUES (${orderId}, ${kind}, CAST(${JSON.stringify(detail)} AS jsonb), ${new Date(at)})`

    const placeOrder: OrderDeskService["placeOrder"] = Effect.fn("OrderDesk.placeOrder")(
      function* (encoded) {
        const input = yield* Errors.decode(NewOrder)(encoded)
        const at = yield* Clock.currentTimeMillis
        return yield* sql.withTransaction(
          Effect.gen(function* () {
            const [order] = yield* decodeOrders(
              yield* sql`
                INSERT INTO orders (id, customer_id, customer_email, sku, status, updated_at)
                VALUES (${input.id}, ${input.customerId}, ${input.customerEmail}, ${input.sku}, 'placed', ${new Date(at)})
                ON CONFLICT (id) DO NOTHING
                RETURNING *`,
            )
            if (order === undefined) return yield* new DuplicateOrder({ orderId: input.id })
            yield* appendEvent(input.id, "placed", { sku: input.sku }, at)
            return order
          }),
        )
      },
    )

    const markDelivered: OrderDeskService["markDelivered"] = Effect.fn("OrderDesk.markDelivered")(
      function* (orderId) {
        const at = yield* Clock.currentTimeMillis
        return yield* sql.withTransaction(
          Effect.gen(function* () {
            const order = yield* findOrder(orderId, true)
            if (order.status !== "placed")
              return yield* new OrderInWrongStatus({
                orderId,
                status: order.status,
                step: "markDelivered",
              })
            yield* sql`UPDATE orders SET status = 'delivered', updated_at = ${new Date(at)}
                       WHERE id = ${orderId}`
            yield* appendEvent(orderId, "delivered", {}, at)
            return yield* findOrder(orderId, false)
          }),
        )
      },
    )

    const reportDamagedDelivery: OrderDeskService["reportDamagedDelivery"] = Effect.fn(
      "OrderDesk.reportDamagedDelivery",
    )(function* (encoded) {
      const report = yield* Errors.decode(DamageReport)(encoded)
      return yield* sql.withTransaction(
        Effect.gen(function* () {
          // the row lock makes two submissions for one order take turns
          const order = yield* findOrder(report.orderId, true)
          if (
            order.status === "disputed" &&
            order.disputeKey === report.reportId &&
            order.complaintId !== null
          ) {
            const complaint = yield* complaints.get(Clientele.tenant, order.complaintId)
            const outcome: DamageReportOutcome = { order, complaint, replayed: true }
            return outcome
          }
          if (order.status !== "delivered")
            return yield* new OrderInWrongStatus({
              orderId: order.id,
              status: order.status,
              step: "reportDamagedDelivery",
            })
          const at = yield* Clock.currentTimeMillis
          // The app's rows first: the report is on record before anything else.
          yield* sql`UPDATE orders SET status = 'disputed', dispute_key = ${report.reportId},
                     updated_at = ${new Date(at)} WHERE id = ${order.id}`
          yield* appendEvent(
            order.id,
            "damageReported",
            { reportId: report.reportId, remedy: report.remedy },
            at,
          )
          // Clientele's writes, on this transaction's connection.
          const complaint = yield* complaints.intake(Clientele.tenant, {
            idempotencyKey: report.reportId,
            customerId: order.customerId,
            channel: "webForm",
            category: Clientele.damagedInTransit,
            orderId: order.id,
            productId: order.sku,
            contact: { email: report.contactEmail ?? order.customerEmail },
            description: report.description,
            receivedBy: Clientele.webDesk,
          })
          yield* sql`UPDATE orders SET complaint_id = ${complaint.id} WHERE id = ${order.id}`
          const firstResponseDueAt = dueAtOf(complaint, "firstResponse")
          yield* appendEvent(
            order.id,
            "complaintFiled",
            {
              complaintId: complaint.id,
              ...(firstResponseDueAt === null
                ? {}
                : { firstResponseDueAt: new Date(firstResponseDueAt).toISOString() }),
            },
            at,
          )
          // The app's last step can still refuse the whole report.
          if (report.remedy === "replacement") {
            const free = yield* warehouse.reserveReplacement(order.sku)
            yield* appendEvent(order.id, "replacementReserved", { sku: order.sku, free }, at)
          } else yield* appendEvent(order.id, "refundRequested", {}, at)
          const outcome: DamageReportOutcome = {
            order: yield* findOrder(order.id, false),
            complaint,
            replayed: false,
          }
          return outcome
        }),
      )
    })

    const reviewDisputes: OrderDeskService["reviewDisputes"] = Effect.fn(
      "OrderDesk.reviewDisputes",
    )(function* (nowOption) {
      const now = nowOption ?? (yield* Clock.currentTimeMillis)
      return yield* sql.withTransaction(
        Effect.gen(function* () {
          const swept = yield* complaints.sweep(Clientele.tenant, now)
          const notified = swept.notifications.filter(
            (notification) =>
              notification.kind === "slaAtRisk" || notification.kind === "slaBreached",
          )
          for (const notification of notified) {
            const kind: OrderEventKind =
              notification.kind === "slaBreached" ? "complaintSlaBreached" : "complaintSlaAtRisk"
            const detail = JSON.stringify({
              complaintId: notification.complaintId,
              target: notification.target ?? "unknown",
              ...(notification.dueAt === undefined
                ? {}
                : { dueAt: new Date(notification.dueAt).toISOString() }),
            })
            yield* sql`INSERT INTO order_events (order_id, kind, detail, at)
                         SELECT id, ${kind}, CAST(${detail} AS jsonb), ${new Date(notification.at)}
                         FROM orders WHERE complaint_id = ${notification.complaintId}`
          }
          const disputed = yield* decodeOrders(
            yield* sql`SELECT * FROM orders
                         WHERE status = 'disputed' AND complaint_id IS NOT NULL
                         ORDER BY updated_at, id`,
          )
          // one read per disputed order: the board lists open disputes, a short list
          const lines: Array<DisputeLine> = []
          const filed: Array<Complaint.Complaint> = []
          for (const order of disputed) {
            if (order.complaintId === null) continue
            const complaint = yield* complaints.get(Clientele.tenant, order.complaintId)
            filed.push(complaint)
            lines.push({
              orderId: order.id,
              customerId: order.customerId,
              complaintId: complaint.id,
              complaintState: complaint.state,
              department: complaint.department,
              firstResponse: targetStatus(complaint, "firstResponse", now),
              resolution: targetStatus(complaint, "resolution", now),
              resolutionDueAt: dueAtOf(complaint, "resolution"),
            })
          }
          const review: DisputeReview = {
            notified,
            lines,
            summary: Reports.summary(filed, now),
            breaches: Reports.breaches(filed, now),
          }
          return review
        }),
      )
    })

    return OrderDesk.of({
      placeOrder,
      markDelivered,
      reportDamagedDelivery,
      reviewDisputes,
      order: (orderId) => findOrder(orderId, false),
      events: (orderId) =>
        Effect.flatMap(
          sql`SELECT kind, detail, at FROM order_events WHERE order_id = ${orderId} ORDER BY id`,
          decodeEvents,
        ),
    })
  }),
)
