/**
 * `@clientele/returns`: return decisions on 5-line orders (target ≥ 100,000
 * decisions/s), beside the floor and the boundary cost measured in the same run:
 *
 * 1. `Decision.evaluateReturn` on typed input: 2,000 distinct seeded orders of five
 *    lines each (quantities 1–4, partial fulfilment, earlier returns, line and
 *    order discounts, tax exclusive or inclusive, tagged clearance items, a
 *    category with its own window, deliveries some days apart) and one request
 *    per order returning two to five lines with mixed reasons, conditions and
 *    resolutions (refunds, store credit, exchanges up and down in price, a
 *    replacement out of stock), a third of them made after the 30-day window, half
 *    by staff with the product verified and the rest self-service. The policy
 *    extends a window ending on a closed day to the next business day of a
 *    working calendar with holidays, charges a restocking fee and a flat return
 *    shipping fee waived for defects, and declares clearance items final sale.
 *    Baseline: the floor — a bare loop over the same lines that only multiplies
 *    the requested units by the unit price and subtracts the prorated discounts
 *    (no window, no rules, no tax, no fees, no cap, no decision objects).
 * 2. The same decisions from untrusted JSON, as a service receives them:
 *    `Schema.decodeUnknownSync` of the order facts and of the request, then
 *    `evaluateReturn`. Baseline: the two decodes alone — what validating the input
 *    at the boundary costs before any decision is taken.
 *
 * Rates are medians of 7 samples after one warm-up, each sample evaluating every
 * request of the workload (a quick run evaluates 200 orders).
 */
import { WorkingCalendar } from "@clientele/calendar"
import { Ids, Money, Period } from "@clientele/core"
import { Decision, ReturnPolicy } from "@clientele/returns"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import { type Benchmark, opsPerSecond, type Row } from "./harness.js"

const DAY = 86_400_000
const LINES = 5

/** A seeded generator (a linear congruential generator), the same every run. */
const random = (seed: number) => {
  let state = seed
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31
    return state / 2 ** 31
  }
}

const weekday = [{ start: "09:00", end: "18:00" }]
const calendar = WorkingCalendar.make({
  timeZone: "Europe/Berlin",
  weekly: {
    monday: weekday,
    tuesday: weekday,
    wednesday: weekday,
    thursday: weekday,
    friday: weekday,
    saturday: [{ start: "10:00", end: "14:00" }],
  },
  holidays: [
    { date: "2024-01-01", yearly: true },
    { date: "2024-05-01", yearly: true },
    { date: "2024-10-03", yearly: true },
    { date: "2024-12-25", through: "2024-12-26", yearly: true },
  ],
})

const policy = ReturnPolicy.make({
  id: "standard",
  version: 3,
  name: "Returns and exchanges",
  currency: "EUR",
  storeZone: "Europe/Berlin",
  window: { days: 30, startsFrom: "delivery", extendToNextBusinessDay: calendar },
  windowOverrides: [{ selector: { kind: "category", values: ["electronics"] }, days: 14 }],
  finalSale: [
    { kind: "tag", values: ["clearance"] },
    { kind: "discountAtLeast", percent: 70 },
  ],
  fees: {
    restockingBasisPoints: 1000,
    returnShipping: { mode: "flat", amount: { amount: 495, currency: "EUR" } },
  },
})

const eur = (amount: number): Money.Money => Money.make(amount, "EUR")

interface Case {
  readonly order: Decision.OrderFacts
  readonly request: Decision.ReturnRequest
  readonly orderJson: unknown
  readonly requestJson: unknown
}

const reasons = ["changedMind", "defective", "wrongItem", "notAsDescribed", "changedMind"] as const
const conditions = ["unopened", "opened", "damaged", "unopened"] as const
const categories = ["paper", "electronics", "furniture", "stationery"] as const

const makeCases = (count: number): ReadonlyArray<Case> => {
  const next = random(7)
  const pick = <A>(values: ReadonlyArray<A>): A => values[Math.floor(next() * values.length)] as A
  const cases: Array<Case> = []
  for (let i = 0; i < count; i++) {
    const placedAt = Date.UTC(2024, 0, 2) + Math.floor(next() * 330) * DAY + 9 * 3_600_000
    const inclusive = next() < 0.5
    const lines: Array<Decision.OrderLine> = []
    let goods = 0
    for (let l = 0; l < LINES; l++) {
      const quantity = 1 + Math.floor(next() * 4)
      const fulfilled = next() < 0.9 ? quantity : quantity - 1
      const unit = 500 + Math.floor(next() * 20_000)
      const lineDiscount = next() < 0.3 ? Math.floor(unit * quantity * 0.1) : 0
      goods += unit * quantity - lineDiscount
      lines.push({
        id: `l${l + 1}`,
        sku: `SKU-${Math.floor(next() * 500)}`,
        productId: Ids.ProductId.make(`p-${Math.floor(next() * 500)}`),
        categories: [pick(categories)],
        tags: next() < 0.1 ? ["clearance"] : [],
        quantity,
        fulfilledQuantity: fulfilled,
        fulfilledAt: placedAt + DAY,
        deliveredAt: placedAt + (2 + Math.floor(next() * 4)) * DAY,
        alreadyRequestedQuantity: 0,
        alreadyReturnedQuantity: fulfilled > 1 && next() < 0.15 ? 1 : 0,
        unitPrice: eur(unit),
        ...(lineDiscount > 0 ? { lineDiscount: eur(lineDiscount) } : {}),
        tax: { rateBasisPoints: next() < 0.8 ? 1900 : 700 },
        taxInclusive: inclusive,
        soldByUs: true,
      })
    }
    const orderDiscount = next() < 0.4 ? Math.floor(goods * 0.05) : 0
    const shipping = next() < 0.5 ? 695 : 0
    const captured = goods - orderDiscount + shipping + (inclusive ? 0 : Math.ceil(goods * 0.19))
    const order: Decision.OrderFacts = {
      orderId: Ids.OrderId.make(`order-${i}`),
      placedAt,
      currency: Money.CurrencyCode.make("EUR"),
      customerZone: Schema.decodeSync(Period.TimeZone)("Europe/Berlin"),
      policy: ReturnPolicy.reference(policy),
      lines: lines as unknown as Decision.OrderFacts["lines"],
      ...(orderDiscount > 0 ? { orderDiscount: eur(orderDiscount) } : {}),
      shipping: { paid: eur(shipping), refunded: eur(0) },
      payments: { captured: eur(captured), refunded: eur(0), storeCreditIssued: eur(0) },
    }
    const returned = 2 + Math.floor(next() * 4)
    const requestLines: Array<Decision.RequestLine> = []
    for (let l = 0; l < returned; l++) {
      const line = lines[l] as Decision.OrderLine
      const kind = next()
      const unitPrice = line.unitPrice.amount
      requestLines.push({
        orderLineId: line.id,
        quantity: 1 + Math.floor(next() * line.quantity),
        reasonCode: pick(reasons),
        condition: pick(conditions),
        ...(kind < 0.6
          ? { resolution: "refund" as const }
          : kind < 0.75
            ? { resolution: "storeCredit" as const }
            : {
                resolution: "exchange" as const,
                exchangeFor: {
                  sku: `SKU-X${l}`,
                  quantity: 1,
                  unitPrice: eur(Math.max(100, unitPrice + Math.floor((next() - 0.5) * 2_000))),
                  inStock: next() < 0.85,
                  backorderAllowed: false,
                },
              }),
      })
    }
    const late = next() < 1 / 3
    const requestedAt = placedAt + (late ? 40 : 3 + Math.floor(next() * 25)) * DAY
    const staff = next() < 0.5
    const request: Decision.ReturnRequest = {
      orderId: order.orderId,
      requestedAt,
      lines: requestLines as unknown as Decision.ReturnRequest["lines"],
      actor: staff
        ? { kind: "staff", id: Ids.StaffId.make("clerk-1") }
        : { kind: "customer", id: Ids.CustomerId.make(`cus-${i}`) },
      ...(staff
        ? {
            productVerification: {
              verified: true,
              method: "orderLookup" as const,
              by: Ids.StaffId.make("clerk-1"),
            },
          }
        : {}),
    }
    cases.push({
      order,
      request,
      orderJson: JSON.parse(JSON.stringify(Schema.encodeSync(Decision.OrderFacts)(order))),
      requestJson: JSON.parse(JSON.stringify(Schema.encodeSync(Decision.ReturnRequest)(request))),
    })
  }
  return cases
}

const decodeOrder = Schema.decodeUnknownSync(Decision.OrderFacts)
const decodeRequest = Schema.decodeUnknownSync(Decision.ReturnRequest)

/** The floor: requested units × unit price less their share of the discounts. */
const floorRefund = (order: Decision.OrderFacts, request: Decision.ReturnRequest): number => {
  let total = 0
  for (const wanted of request.lines) {
    for (const line of order.lines) {
      if (line.id !== wanted.orderLineId) continue
      const gross = line.unitPrice.amount * line.quantity
      const discount = line.lineDiscount?.amount ?? 0
      total += Math.floor(((gross - discount) * wanted.quantity) / line.quantity)
    }
  }
  return total
}

const count = (n: number) => Math.round(n).toLocaleString("en-US")

export const benchmark: Benchmark = {
  name: "Return decisions (RET-3): evaluateReturn on 5-line orders",
  ours: "@clientele/returns",
  baseline: "floor / decode only",
  unit: "decisions/s",
  run: async ({ quick }) => {
    const cases = makeCases(quick ? 200 : 2_000)
    const now = Date.UTC(2025, 0, 31)
    const outcomes = new Map<string, number>()
    let sink = 0
    for (const { order, request } of cases) {
      const decision = Decision.evaluateReturn(policy, order, request, now)
      if (Either.isLeft(decision)) throw new Error(`workload: ${String(decision.left)}`)
      outcomes.set(decision.right.outcome, (outcomes.get(decision.right.outcome) ?? 0) + 1)
    }
    const evaluate = opsPerSecond(
      cases.length,
      () => {
        for (const { order, request } of cases) {
          const decision = Decision.evaluateReturn(policy, order, request, now)
          if (Either.isRight(decision)) sink += decision.right.money.total.amount
        }
      },
      { samples: 7 },
    )
    const ours = await evaluate
    const floor = await opsPerSecond(
      cases.length,
      () => {
        for (const { order, request } of cases) sink += floorRefund(order, request)
      },
      { samples: 7 },
    )
    const fromJson = await opsPerSecond(
      cases.length,
      () => {
        for (const { orderJson, requestJson } of cases) {
          const decision = Decision.evaluateReturn(
            policy,
            decodeOrder(orderJson),
            decodeRequest(requestJson),
            now,
          )
          if (Either.isRight(decision)) sink += decision.right.money.total.amount
        }
      },
      { samples: 7 },
    )
    const decodeOnly = await opsPerSecond(
      cases.length,
      () => {
        for (const { orderJson, requestJson } of cases) {
          sink += decodeOrder(orderJson).lines.length + decodeRequest(requestJson).lines.length
        }
      },
      { samples: 7 },
    )
    if (sink === Number.MIN_SAFE_INTEGER) console.log(sink)
    const mix = [...outcomes.entries()].map(([outcome, n]) => `${outcome} ${count(n)}`).join(", ")
    const workload = `${count(cases.length)} orders × ${LINES} lines (${mix})`
    const rows: ReadonlyArray<Row> = [
      {
        operation: `evaluateReturn, typed input (target ≥ 100,000/s: ${ours >= 100_000 ? "met" : "**NOT met**"})`,
        workload,
        ours,
        baseline: floor,
      },
      {
        operation: "decode order + request from JSON, then evaluateReturn",
        workload,
        ours: fromJson,
        baseline: decodeOnly,
      },
    ]
    return rows
  },
}
