/**
 * The returns desk (RET-1 … RET-3): the company's return policy saved and published
 * as data, the durable goods sold under it recorded through the `Returns` service as
 * they ship and arrive, and every return request replayed at its instant — decided by
 * the service against the order's policy snapshot, verified by any clerk when the
 * customer filed it online (RET-2: no approval chain), received with a refund, or
 * withdrawn. Defective printers that came back are claimed from the maker in an
 * internal settlement that never holds the customer up. The section is read from the
 * service's return-reasons report and its stored cases.
 */
import { WorkingCalendar } from "@clientele/calendar"
import { type Decision, Returns } from "@clientele/returns"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import { currency, zone } from "../../history.js"
import { at } from "../clock.js"
import { asOf } from "../generate.js"
import {
  type DeskOrder,
  policyInForce,
  type ReturnStory,
  type ReturnsDesk,
} from "../generate-returns.js"
import { HOUR, median } from "../quantities.js"
import type { RunContext } from "../run-context.js"
import type { Count, ReturnsSection } from "../sections.js"

const money = (amount: number) => ({ amount, currency })

/**
 * The days a window may end on: weekdays but the public holidays of the policy's
 * life (every order keeps a copy of the policy, so it holds only the holidays a
 * window of its version can meet; the next version brings the next year's).
 */
const shopDays = WorkingCalendar.weekdays(zone, "09:00", "18:00", {
  holidays: [
    { name: "National Day", date: "2024-10-01", through: "2024-10-07" },
    { name: "New Year", date: "2025-01-01" },
    { name: "Spring Festival", date: "2025-01-28", through: "2025-02-04" },
  ],
})

/**
 * The company's return policy: fourteen days from delivery (a window ending on a
 * holiday runs to the next working day), thirty for printers, clearance items final;
 * a 5 % restocking fee and 15 yuan of return shipping when the customer changed their
 * mind, waived whenever the company was at fault — including a late delivery.
 */
const policyInput = {
  id: "office-supplies",
  version: 1,
  name: "Returns and exchanges",
  currency,
  storeZone: zone,
  window: {
    days: 14,
    startsFrom: "delivery",
    extendToNextBusinessDay: Schema.encodeSync(WorkingCalendar.WorkingCalendar)(shopDays),
  },
  windowOverrides: [
    { selector: { kind: "category", values: ["printers"], label: "printers" }, days: 30 },
  ],
  finalSale: [{ kind: "tag", values: ["clearance"], label: "clearance items" }],
  fees: {
    restockingBasisPoints: 500,
    returnShipping: { mode: "flat", amount: money(1_500) },
    waivedFor: ["defect", "wrongItem", "notAsDescribed", "missing", "other"],
  },
  refundDestination: "customerChoice",
  // Office supplies have no sizes: the catalogue drops "fit" and adds late deliveries,
  // whose class ("other") asks the customer to say how late.
  reasons: [
    { code: "changedMind", label: "Changed my mind", class: "remorse" },
    { code: "noLongerNeeded", label: "No longer needed", class: "remorse" },
    { code: "defective", label: "Faulty or stopped working", class: "defect" },
    { code: "damagedInTransit", label: "Arrived damaged", class: "defect" },
    { code: "wrongItem", label: "Wrong item sent", class: "wrongItem" },
    { code: "notAsDescribed", label: "Not as described", class: "notAsDescribed" },
    { code: "missingParts", label: "Parts or accessories missing", class: "missing" },
    { code: "lateDelivery", label: "Arrived too late", class: "other" },
  ],
} as const

/** The policy is saved and published ten days before it comes into force. */
const publishedAt = policyInForce - 10 * 24 * HOUR

/** One thing that happens at the desk, at its instant. */
type Event =
  | { readonly at: number; readonly kind: "ship"; readonly order: DeskOrder }
  | { readonly at: number; readonly kind: "deliver"; readonly order: DeskOrder }
  | { readonly at: number; readonly kind: "request"; readonly story: number }
  | { readonly at: number; readonly kind: "verify"; readonly story: number }
  | { readonly at: number; readonly kind: "afterwards"; readonly story: number }

/** Every shipment, delivery and step of a request before the end of the history, in time order. */
const timeline = (desk: ReturnsDesk): Array<Event> => {
  const events: Array<Event> = []
  for (const order of desk.orders) {
    events.push({ at: order.shippedAt, kind: "ship", order })
    if (order.deliveredAt !== undefined)
      events.push({ at: order.deliveredAt, kind: "deliver", order })
  }
  desk.requests.forEach((story, index) => {
    events.push({ at: story.requestedAt, kind: "request", story: index })
    if (story.verification !== undefined)
      events.push({ at: story.verification.at, kind: "verify", story: index })
    events.push({ at: story.afterwards.at, kind: "afterwards", story: index })
  })
  const rank = { ship: 0, deliver: 1, request: 2, verify: 3, afterwards: 4 } as const
  return events
    .filter((event) => event.at < asOf)
    .sort((a, b) => a.at - b.at || rank[a.kind] - rank[b.kind])
}

/** An order as the warehouse posts it when it ships: every unit shipped, paid in full. */
const orderInput = (order: DeskOrder): Returns.OrderInputEncoded => {
  const paid = order.lines.reduce((sum, line) => sum + line.unitPrice * line.quantity, 0)
  const [first, ...rest] = order.lines.map((line) => ({
    id: line.id,
    sku: line.sku,
    productId: line.sku,
    categories: [line.category],
    ...(line.clearance ? { tags: ["clearance"] } : {}),
    quantity: line.quantity,
    fulfilledQuantity: line.quantity,
    fulfilledAt: order.shippedAt,
    unitPrice: money(line.unitPrice),
    tax: { rateBasisPoints: 1_300 },
    taxInclusive: true,
  }))
  if (first === undefined) throw new RangeError(`order ${order.orderId} has no line`)
  return {
    facts: {
      orderId: order.orderId,
      placedAt: order.placedAt,
      currency,
      customerZone: zone,
      policy: { id: policyInput.id, version: policyInput.version },
      lines: [first, ...rest],
      shipping: { paid: money(0), refunded: money(0) },
      payments: { captured: money(paid), refunded: money(0), storeCreditIssued: money(0) },
    },
  }
}

/** The request of a story, as the customer files it online or a clerk at the counter. */
const requestOf = (
  story: ReturnStory,
  order: DeskOrder | undefined,
): typeof Decision.ReturnRequest.Encoded => {
  const [first, ...rest] = story.lines.map((line) => {
    const ordered = order?.lines.find((candidate) => candidate.id === line.orderLineId)
    return {
      orderLineId: line.orderLineId,
      quantity: line.quantity,
      reasonCode: line.reasonCode,
      condition: line.condition,
      resolution: line.resolution,
      ...(line.note === undefined ? {} : { note: line.note }),
      ...(line.resolution === "exchange" && ordered !== undefined
        ? {
            exchangeFor: {
              sku: ordered.sku,
              quantity: line.quantity,
              unitPrice: money(ordered.unitPrice),
              inStock: line.replacementInStock ?? true,
            },
          }
        : {}),
    }
  })
  if (first === undefined) throw new RangeError(`the request on ${story.orderId} has no line`)
  const lines: [typeof first, ...Array<typeof first>] = [first, ...rest]
  return story.filedBy === "customer"
    ? {
        orderId: story.orderId,
        requestedAt: story.requestedAt,
        actor: { kind: "customer", id: story.customerId },
        lines,
        ...(story.lines.some((line) => line.resolution === "storeCredit")
          ? { refundTo: "storeCredit" as const }
          : {}),
      }
    : {
        orderId: story.orderId,
        requestedAt: story.requestedAt,
        actor: { kind: "staff", id: story.clerk },
        // Named, so that the case is found by its customer (and an erasure reaches it).
        customerId: story.customerId,
        productVerification: { verified: true, method: "orderLookup", by: story.clerk },
        lines,
      }
}

/** What the returns step found, for the report and for the steps after it. */
export interface ReturnsFound {
  readonly section: ReturnsSection
  /** Return requests filed. */
  readonly requests: number
  /** Customers with a return still open at the end of the history (ARC-3 blocks their retirement). */
  readonly openReturns: ReadonlyArray<string>
  /** Customers with a return case on file, by customer id. */
  readonly customersWithCases: ReadonlySet<string>
}

/** Replays the returns desk through the service and reads the section back. */
export const runReturnsDesk = (
  context: RunContext,
  desk: ReturnsDesk,
): Effect.Effect<
  ReturnsFound,
  Returns.CommandError | Returns.PolicyVersionConflictError,
  Returns.Returns
> =>
  Effect.gen(function* () {
    const returns = yield* Returns.Returns
    const { tenant } = context
    const events = timeline(desk)
    const task = context.progress.start("returns desk", events.length)
    const policy = yield* returns.savePolicy(tenant, policyInput).pipe(at(publishedAt))
    yield* returns
      .publishPolicy(
        tenant,
        { id: policy.id, version: policy.version },
        { jsonLd: { url: "https://office-supplies.example.cn/returns", applicableCountry: "CN" } },
      )
      .pipe(at(publishedAt))

    const orders = new Map(desk.orders.map((order) => [order.orderId, order]))
    const cases = new Map<number, Returns.ReturnCase>()
    let settlements = 0

    /** The goods of an authorised case come back, and the refund is issued (RET-3). */
    const receive = (story: ReturnStory, filed: Returns.ReturnCase, arrivesDamaged: boolean) =>
      Effect.gen(function* () {
        const [first, ...rest] = filed.decision.lines
          .filter((line) => line.approved > 0)
          .map((line) => ({
            orderLineId: line.orderLineId,
            quantity: line.approved,
            condition: arrivesDamaged
              ? ("damaged" as const)
              : (story.lines.find((asked) => asked.orderLineId === line.orderLineId)?.condition ??
                "opened"),
          }))
        if (first === undefined) return filed
        const done = yield* returns.receiveReturn(tenant, filed.id, {
          lines: [first, ...rest],
          by: story.clerk,
        })
        // RET-2: a faulty printer is claimed from its maker between departments, after
        // the customer has had the refund.
        const order = orders.get(story.orderId)
        const faultyPrinter = story.lines.some(
          (line) =>
            line.reasonCode === "defective" &&
            order?.lines.find((ordered) => ordered.id === line.orderLineId)?.category ===
              "printers",
        )
        const refunded = done.refund?.total.amount ?? 0
        if (faultyPrinter && refunded > 0) {
          yield* returns.recordSettlement(tenant, {
            caseId: done.id,
            fromDepartment: "stores",
            toDepartment: "supplier-claims",
            amount: money(refunded),
            note: "Faulty printer to be claimed from the maker",
          })
          settlements++
        }
        return done
      })

    /** One step of a request, as the case stands when it comes. */
    const step = (event: Event & { readonly story: number }, story: ReturnStory) =>
      Effect.gen(function* () {
        const filed = cases.get(event.story)
        if (event.kind === "request")
          return yield* returns.requestReturn(tenant, requestOf(story, orders.get(story.orderId)), {
            idempotencyKey: `return-${story.orderId}-${story.requestedAt}`,
          })
        if (filed === undefined) return undefined
        if (event.kind === "verify") {
          if (filed.status !== "awaitingVerification" || story.verification === undefined)
            return filed
          const printer = orders
            .get(story.orderId)
            ?.lines.some((line) => line.category === "printers")
          return yield* returns.verifyProduct(tenant, filed.id, {
            verified: story.verification.genuine,
            method: printer === true ? "serial" : "orderLookup",
            by: story.clerk,
          })
        }
        // Only an authorised case, with nothing back yet, is received or withdrawn.
        if (filed.status !== "requested") return filed
        return story.afterwards.kind === "cancel"
          ? yield* returns.cancelReturn(tenant, filed.id, story.customerId)
          : yield* receive(story, filed, story.afterwards.arrivesDamaged)
      })

    for (const event of events) {
      const when = at(event.at)
      if (event.kind === "ship")
        yield* returns.recordOrder(tenant, orderInput(event.order)).pipe(when)
      else if (event.kind === "deliver")
        yield* returns
          .recordDelivery(
            tenant,
            event.order.orderId,
            event.order.lines.map((line) => ({ lineId: line.id, at: event.at })),
          )
          .pipe(when)
      else {
        const story = desk.requests[event.story]
        const returnCase = story === undefined ? undefined : yield* step(event, story).pipe(when)
        if (returnCase !== undefined) cases.set(event.story, returnCase)
      }
      task.advance()
    }

    const report = yield* returns.report(tenant, { from: policyInForce, to: asOf, currency })
    const stored = yield* returns.cases(tenant)
    const decided =
      report.byOutcome.approved + report.byOutcome.partiallyApproved + report.byOutcome.declined
    const hoursToDecision = stored
      .filter((returnCase) => returnCase.decision.outcome !== "needsVerification")
      .map(
        (returnCase) => (returnCase.decision.evaluatedAt - returnCase.decision.requestedAt) / HOUR,
      )
    const open = new Set<Returns.CaseStatus>([
      "awaitingVerification",
      "requested",
      "partiallyReceived",
    ])
    const customerOf = (returnCase: Returns.ReturnCase) =>
      returnCase.request.actor.kind === "customer"
        ? returnCase.request.actor.id
        : returnCase.request.customerId
    const counts = (entries: Iterable<readonly [string, number]>): Array<Count> =>
      [...entries].map(([label, count]) => ({ label, count }))
    const section: ReturnsSection = {
      cases: report.cases,
      byOutcome: counts(Object.entries(report.byOutcome)),
      byReason: report.byReason
        .map((reason) => ({ label: reason.reasonCode, count: reason.lines }))
        .sort((a, b) => b.count - a.count || (a.label < b.label ? -1 : 1)),
      byReasonClass: report.byReasonClass.map((row) => ({
        label: row.reasonClass,
        count: row.lines,
      })),
      refunded: report.refunds.total.amount,
      exchanges: report.exchanges.lines,
      approvalRate:
        decided === 0
          ? null
          : (report.byOutcome.approved + report.byOutcome.partiallyApproved) / decided,
      medianHoursToDecision: median(hoursToDecision),
    }
    task.done(
      `${desk.orders.length} orders, ${report.cases} return requests, ${report.refunds.cases} refunds, ${settlements} supplier claims`,
    )
    return {
      section,
      requests: stored.length,
      openReturns: [
        ...new Set(
          stored
            .filter((returnCase) => open.has(returnCase.status))
            .flatMap((returnCase) => customerOf(returnCase) ?? []),
        ),
      ].sort(),
      customersWithCases: new Set(stored.flatMap((returnCase) => customerOf(returnCase) ?? [])),
    } satisfies ReturnsFound
  })
