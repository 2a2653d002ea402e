/*
 * Returns (RET-1 … RET-4) at the office-supplies distributor of `./history.ts`: the
 * return policy published as text and JSON-LD, an order with free home delivery,
 * a staff return with a clearance item declined, a self-service return verified by
 * any clerk, a return that drops the order below the free-delivery threshold, an
 * exchange for a dearer model, a late request, an internal settlement that never
 * blocks the customer, and the report of reasons. All through the `Returns`
 * service over a store of its own, on a clock the story sets.
 */
import { WorkingCalendar } from "@clientele/calendar"
import { Ids, Money } from "@clientele/core"
import { Commitment, type Decision, Returns } from "@clientele/returns"
import { MemoryStore } from "@clientele/store"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import * as TestClock from "effect/TestClock"
import * as TestContext from "effect/TestContext"
import { currency, zone } from "./history.js"

const tenant = Ids.TenantId.make("demo-company")
const shanghai = (text: string) => Date.parse(`${text}+08:00`)
const cny = (yuan: number) => ({ amount: Math.round(yuan * 100), currency })
const show = (money: Money.Money) => Money.format(money, "en-US")

/** Runs `effect` with the clock set to `instant`. */
const at =
  (instant: number) =>
  <A, E, R>(effect: Effect.Effect<A, E, R>) =>
    Effect.zipRight(TestClock.setTime(instant), effect)

/** The shop's calendar: open Monday to Saturday, closed on the 2025 public holidays. */
const shop = WorkingCalendar.make({
  name: "Shanghai shop",
  timeZone: zone,
  weekly: {
    ...WorkingCalendar.weekdays(zone, "09:00", "18:00").weekly,
    saturday: [{ start: "10:00", end: "16:00" }],
  },
  holidays: [{ name: "Labour Day", date: "2025-05-01", through: "2025-05-05" }],
})

const line = (
  id: string,
  sku: string,
  category: string,
  quantity: number,
  yuan: number,
  extra: Partial<typeof Decision.OrderLine.Encoded> = {},
) => ({
  id,
  sku,
  productId: `p-${sku}`,
  categories: [category],
  quantity,
  fulfilledQuantity: 0,
  unitPrice: cny(yuan),
  tax: { rateBasisPoints: 1300 },
  taxInclusive: true,
  ...extra,
})

const verified = (by: string) => ({ verified: true, method: "orderLookup" as const, by })

const program = Effect.gen(function* () {
  const returns = yield* Returns.Returns

  // --- RET-1: the policy as data, published --------------------------------------
  const policy = yield* returns.savePolicy(tenant, {
    id: "shop",
    version: 1,
    name: "Returns and exchanges",
    currency,
    storeZone: zone,
    window: {
      days: 7,
      startsFrom: "delivery",
      extendToNextBusinessDay: Schema.encodeSync(WorkingCalendar.WorkingCalendar)(shop),
    },
    windowOverrides: [{ selector: { kind: "category", values: ["printers"] }, days: 15 }],
    finalSale: [
      { kind: "tag", values: ["clearance"], label: "clearance items" },
      { kind: "discountAtLeast", percent: 50 },
    ],
    fees: { restockingBasisPoints: 500, returnShipping: { mode: "flat", amount: cny(10) } },
    refundDestination: "customerChoice",
  })
  const published = yield* returns.publishPolicy(
    tenant,
    { id: "shop", version: 1 },
    {
      jsonLd: { url: "https://shop.example.cn/returns", applicableCountry: "CN" },
    },
  )
  console.log(
    `\nReturns (RET-1 … RET-4): the shop's policy "${policy.name}" v${policy.version}, published (RET-1) as text — first lines:`,
  )
  for (const text of published.text
    .split("\n")
    .filter((row) => row.trim() !== "" && !/^[=-]+$/.test(row))
    .slice(0, 4))
    console.log(`  | ${text}`)
  console.log(`  and as schema.org JSON-LD: ${JSON.stringify(published.jsonLd).slice(0, 150)}…`)

  // --- RET-4: commitments, and an order ------------------------------------------
  yield* returns.saveCommitmentPolicy(tenant, {
    ...Schema.encodeSync(Commitment.CommitmentPolicy)(Commitment.defaultPolicy(currency)),
    id: "shop-services",
    commitments: [
      {
        service: "homeDelivery",
        threshold: { basis: "subtotalAfterDiscounts", comparator: "atLeast", amount: cny(500) },
        listedPrice: cny(30),
        onReturnBelowThreshold: "deductFromRefund",
      },
      { service: "expressDelivery", listedPrice: cny(25) },
      { service: "giftWrap", listedPrice: cny(8), tierOverrides: [{ tier: "major", free: true }] },
    ],
  })
  const placedAt = shanghai("2025-04-22T10:30:00")
  const order = yield* returns
    .recordOrder(tenant, {
      facts: {
        orderId: "order-2025-0422-17",
        placedAt,
        currency,
        customerZone: zone,
        customerTier: "general",
        policy: { id: "shop", version: 1 },
        lines: [
          line("l1", "toner-hp-85a", "toner", 2, 180),
          line("l2", "paper-a4-box", "paper", 1, 260),
          line("l3", "desk-lamp", "furniture", 1, 99, { tags: ["clearance"] }),
          line("l4", "printer-m110", "printers", 1, 890),
        ],
        shipping: { paid: cny(0), refunded: cny(0) },
        payments: { captured: cny(1609), refunded: cny(0), storeCreditIssued: cny(0) },
      },
      commitments: {
        policy: { id: "shop-services", version: 1 },
        requested: ["homeDelivery"],
        amounts: {
          subtotalBeforeDiscounts: cny(1609),
          subtotalAfterDiscounts: cny(1609),
          totalInclTax: cny(1609),
        },
        tier: "general",
      },
    })
    .pipe(at(placedAt))
  yield* returns.recordFulfilment(tenant, order.facts.orderId, [
    { lineId: "l1", quantity: 2, at: placedAt + 3_600_000 },
    { lineId: "l2", quantity: 1, at: placedAt + 3_600_000 },
    { lineId: "l3", quantity: 1, at: placedAt + 3_600_000 },
    { lineId: "l4", quantity: 1, at: placedAt + 3_600_000 },
  ])
  const deliveredAt = shanghai("2025-04-24T15:00:00")
  yield* returns.recordDelivery(
    tenant,
    order.facts.orderId,
    ["l1", "l2", "l3", "l4"].map((lineId) => ({ lineId, at: deliveredAt })),
  )
  console.log(
    `\nOrder ${order.facts.orderId}: 2 toner cartridges, a box of paper, a clearance desk lamp and a printer, 1,609 CNY with VAT; home delivery free from 500 CNY (RET-4: ${order.commitments?.offers.map((offer) => `${offer.service} ${offer.free ? "free" : show(offer.price)}`).join(", ")}); delivered Thu 24 Apr. The 7-day window ends Thu 1 May, a public holiday, so it runs to the next business day, Tue 6 May.`,
  )

  // --- RET-2, RET-3: a staff return, a self-service return ---------------------------
  const first = yield* returns
    .requestReturn(
      tenant,
      {
        orderId: order.facts.orderId,
        requestedAt: shanghai("2025-04-26T11:00:00"),
        actor: { kind: "staff", id: "s-wang" },
        productVerification: verified("s-wang"),
        lines: [
          {
            orderLineId: "l1",
            quantity: 1,
            reasonCode: "changedMind",
            condition: "opened",
            resolution: "refund",
          },
          {
            orderLineId: "l3",
            quantity: 1,
            reasonCode: "changedMind",
            condition: "unopened",
            resolution: "refund",
          },
        ],
      },
      { idempotencyKey: "counter-0426-1" },
    )
    .pipe(at(shanghai("2025-04-26T11:00:00")))
  const describe = (returnCase: Returns.ReturnCase) =>
    returnCase.decision.lines
      .map(
        (decided) =>
          `${decided.orderLineId} ${decided.approved}/${decided.requested} approved${decided.codes.length > 0 ? ` (${decided.codes.join(", ")})` : ""}${decided.approved > 0 ? ` → ${decided.disposition}` : ""}`,
      )
      .join("; ")
  console.log(
    `  Sat 26 Apr, at the counter, s-wang (any staff member, RET-2) looks the order up: ${describe(first)}; refund ${show(first.payable.total)} after a ${show(first.decision.money.restockingFee)} restocking fee and ${show(first.decision.money.returnShippingFee)} return shipping`,
  )
  const received = yield* returns
    .receiveReturn(tenant, first.id, {
      lines: [{ orderLineId: "l1", quantity: 1, condition: "opened" }],
      by: "s-wang",
    })
    .pipe(at(shanghai("2025-04-26T11:05:00")))
  console.log(
    `    received at once: ${received.status}, ${show(received.refund?.total ?? Money.make(0, currency))} refunded to the card`,
  )

  const online = yield* returns
    .requestReturn(tenant, {
      orderId: order.facts.orderId,
      requestedAt: shanghai("2025-04-28T20:00:00"),
      actor: { kind: "customer", id: "cus_0007" },
      refundTo: "storeCredit",
      lines: [
        {
          orderLineId: "l4",
          quantity: 1,
          reasonCode: "defective",
          condition: "damaged",
          resolution: "refund",
        },
      ],
    })
    .pipe(at(shanghai("2025-04-28T20:00:00")))
  const verifiedCase = yield* returns
    .verifyProduct(tenant, online.id, {
      ...verified("s-li"),
      method: "serial",
      reference: "SN-M110-55821",
    })
    .pipe(at(shanghai("2025-04-29T09:30:00")))
  console.log(
    `  Mon 28 Apr, online: the printer is defective — ${online.decision.outcome}; Tue 29 Apr s-li checks the serial number: ${verifiedCase.decision.outcome}, ${describe(verifiedCase)}, no fee for a defect; 1,609 − 180 − 890 leaves 539 CNY kept, still free delivery`,
  )
  const credited = yield* returns
    .receiveReturn(tenant, online.id, {
      lines: [{ orderLineId: "l4", quantity: 1, condition: "damaged" }],
      by: "s-li",
    })
    .pipe(at(shanghai("2025-04-30T10:00:00")))
  console.log(
    `    received damaged on Wed 30 Apr: written off, ${show(credited.refund?.toStoreCredit ?? Money.make(0, currency))} as store credit, as the customer chose`,
  )

  const paper = yield* returns
    .requestReturn(tenant, {
      orderId: order.facts.orderId,
      requestedAt: shanghai("2025-05-06T17:00:00"),
      actor: { kind: "staff", id: "s-zhao" },
      productVerification: verified("s-zhao"),
      lines: [
        {
          orderLineId: "l2",
          quantity: 1,
          reasonCode: "changedMind",
          condition: "unopened",
          resolution: "refund",
        },
        {
          orderLineId: "l1",
          quantity: 1,
          reasonCode: "wrongItem",
          condition: "unopened",
          resolution: "exchange",
          exchangeFor: { sku: "toner-hp-85x", quantity: 1, unitPrice: cny(230), inStock: true },
        },
      ],
    })
    .pipe(at(shanghai("2025-05-06T17:00:00")))
  console.log(
    `  Tue 6 May, the window's extended last day: the paper back and the other cartridge exchanged for the high-yield one — ${describe(paper)}; the exchange costs the customer ${show(paper.decision.money.exchangeDifference)}; 279 CNY kept is below 500, so home delivery's ${show(paper.commitments?.deduction ?? Money.make(0, currency))} comes off the refund, with ${show(paper.decision.money.restockingFee)} restocking and ${show(paper.decision.money.returnShippingFee)} return shipping: ${show(paper.payable.total)} back`,
  )
  const late = yield* returns
    .requestReturn(tenant, {
      orderId: order.facts.orderId,
      requestedAt: shanghai("2025-05-07T09:00:00"),
      actor: { kind: "staff", id: "s-zhao" },
      productVerification: verified("s-zhao"),
      lines: [
        {
          orderLineId: "l3",
          quantity: 1,
          reasonCode: "changedMind",
          condition: "unopened",
          resolution: "refund",
        },
      ],
    })
    .pipe(at(shanghai("2025-05-07T09:00:00")))
  console.log(`  Wed 7 May: the lamp again — ${describe(late)}`)

  // --- RET-2: the internal settlement, apart ----------------------------------------
  const settlement = yield* returns.recordSettlement(tenant, {
    caseId: online.id,
    fromDepartment: "stores",
    toDepartment: "supplier-claims",
    amount: cny(890),
    note: "defective M110 to be claimed from the maker",
  })
  console.log(
    `  internal settlement ${settlement.fromDepartment} → ${settlement.toDepartment} of ${show(settlement.amount)}: ${settlement.status}, recorded apart; the customer was refunded days before`,
  )

  // --- the report -----------------------------------------------------------------
  const report = yield* returns.report(tenant, {
    from: shanghai("2025-04-01T00:00:00"),
    to: shanghai("2025-06-01T00:00:00"),
    currency,
  })
  console.log(
    `  April–May: ${report.cases} cases; by reason ${report.byReason.map((reason) => `${reason.label} ${reason.units} units`).join(", ")}; declined ${report.declinedCodes.map((code) => `${code.code} ${code.units}`).join(", ")}; refunded so far ${show(report.refunds.total)} (the paper is still on its way back)`,
  )
})

/** The returns step of the demo, over a store of its own. */
export const returnsDemo = (): Promise<void> =>
  Effect.runPromise(
    Effect.provide(
      program,
      Layer.merge(Returns.layer.pipe(Layer.provide(MemoryStore.layer)), TestContext.TestContext),
    ),
  )
