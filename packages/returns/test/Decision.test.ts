import { Errors, Ids, Money, Period } from "@clientele/core"
import * as Equal from "effect/Equal"
import * as FastCheck from "effect/FastCheck"
import * as Schema from "effect/Schema"
import { describe, expect, it } from "vitest"
import * as Decision from "../src/Decision.js"
import * as ReturnPolicy from "../src/ReturnPolicy.js"
import {
  afterReturn,
  clerk,
  customer,
  DAY,
  decide,
  EUR,
  eur,
  HOUR,
  left,
  lineOf,
  ORDER,
  orderArbitrary,
  orderLine,
  orderOf,
  PLACED,
  policyInputArbitrary,
  policyWith,
  returning,
  right,
  scenarioArbitrary,
  staffRequest,
  verified,
} from "./fixtures.js"

const withoutDelivery = (line: Decision.OrderLine): Decision.OrderLine => {
  const { deliveredAt, ...rest } = line
  return deliveredAt === undefined ? line : rest
}

const withoutVerification = (request: Decision.ReturnRequest): Decision.ReturnRequest => {
  const { productVerification, ...rest } = request
  return productVerification === undefined ? request : rest
}

const at = (year: number, month: number, day: number, hour = 0, minute = 0, second = 0) =>
  Date.UTC(year, month - 1, day, hour, minute, second)

/** Berlin is UTC+2 in summer: the window of a line delivered on 5 June ends as 6 July begins there. */
const DELIVERED_5_JUNE = at(2024, 6, 5, 10)
const END_OF_5_JULY_BERLIN = at(2024, 7, 5, 22)

const standard = policyWith()

describe("Decision: the window", () => {
  it("RET-3 window last day inclusive", () => {
    const order = orderOf(standard, [orderLine("a", { deliveredAt: DELIVERED_5_JUNE })])
    const lastInstant = decide(
      standard,
      order,
      staffRequest([returning("a")], { requestedAt: END_OF_5_JULY_BERLIN - 1 }),
    )
    expect(lastInstant.outcome).toBe("approved")
    expect(lastInstant.windowEndsAt).toBe(END_OF_5_JULY_BERLIN)
    expect(lineOf(lastInstant, "a").windowEndsAt).toBe(END_OF_5_JULY_BERLIN)
    const dayAfter = decide(
      standard,
      order,
      staffRequest([returning("a")], { requestedAt: END_OF_5_JULY_BERLIN }),
    )
    expect(dayAfter.outcome).toBe("declined")
    expect(lineOf(dayAfter, "a").codes).toEqual(["WINDOW_EXPIRED"])
  })

  it("RET-3 request at 23:59:59 vs 00:00:00 in store vs customer zone", () => {
    // Delivered on 5 June in both zones (17:00 in Berlin, 11:00 in New York).
    const line = orderLine("a", { deliveredAt: at(2024, 6, 5, 15) })
    const storeClosing = policyWith()
    const customerClosing = policyWith({ window: { days: 30, closesAt: "customerZone" } })
    const orderFor = (policy: ReturnPolicy.ReturnPolicy) =>
      orderOf(policy, [line], { customerZone: Period.TimeZone.make("America/New_York") })
    const requestAt = (requestedAt: number) => staffRequest([returning("a")], { requestedAt })

    const lastSecondInBerlin = at(2024, 7, 5, 21, 59, 59)
    const midnightInBerlin = at(2024, 7, 5, 22)
    const lastSecondInNewYork = at(2024, 7, 6, 3, 59, 59)
    const midnightInNewYork = at(2024, 7, 6, 4)

    const store = (requestedAt: number) =>
      decide(storeClosing, orderFor(storeClosing), requestAt(requestedAt)).outcome
    const customerZone = (requestedAt: number) =>
      decide(customerClosing, orderFor(customerClosing), requestAt(requestedAt)).outcome

    expect(store(lastSecondInBerlin)).toBe("approved")
    expect(store(midnightInBerlin)).toBe("declined")
    expect(store(lastSecondInNewYork)).toBe("declined")
    expect(customerZone(midnightInBerlin)).toBe("approved")
    expect(customerZone(lastSecondInNewYork)).toBe("approved")
    expect(customerZone(midnightInNewYork)).toBe("declined")
    expect(
      decide(customerClosing, orderFor(customerClosing), requestAt(lastSecondInNewYork))
        .windowEndsAt,
    ).toBe(midnightInNewYork)
  })

  it("RET-3 window from delivery when only fulfilment is known (transit buffer)", () => {
    // Fulfilled on 4 June (12:00 in Berlin): delivery is taken to be 4 + 5 = 9 June.
    const line = withoutDelivery(orderLine("a", { fulfilledAt: at(2024, 6, 4, 10) }))
    const buffered = policyWith({ window: { days: 30, transitBufferDays: 5 } })
    const decision = decide(buffered, orderOf(buffered, [line]), staffRequest([returning("a")]))
    expect(decision.windowEndsAt).toBe(at(2024, 7, 9, 22))
    const unbuffered = policyWith({ window: { days: 30, transitBufferDays: 0 } })
    expect(
      decide(unbuffered, orderOf(unbuffered, [line]), staffRequest([returning("a")])).windowEndsAt,
    ).toBe(at(2024, 7, 4, 22))
    const lateRequest = staffRequest([returning("a")], { requestedAt: at(2024, 7, 9, 12) })
    expect(decide(buffered, orderOf(buffered, [line]), lateRequest).outcome).toBe("approved")
    expect(decide(unbuffered, orderOf(unbuffered, [line]), lateRequest).outcome).toBe("declined")
  })

  it("RET-3 multi-parcel orders (delivery vs last delivery)", () => {
    const lines = [
      orderLine("a", { deliveredAt: DELIVERED_5_JUNE }),
      orderLine("b", { deliveredAt: at(2024, 6, 20, 10) }),
    ]
    const request = staffRequest([returning("a")], { requestedAt: at(2024, 7, 10, 10) })
    const perParcel = policyWith({ window: { days: 30, startsFrom: "delivery" } })
    const perOrder = policyWith({ window: { days: 30, startsFrom: "lastDelivery" } })
    const byParcel = decide(perParcel, orderOf(perParcel, lines), request)
    expect(lineOf(byParcel, "a").codes).toEqual(["WINDOW_EXPIRED"])
    expect(lineOf(byParcel, "a").windowEndsAt).toBe(END_OF_5_JULY_BERLIN)
    const byOrder = decide(perOrder, orderOf(perOrder, lines), request)
    expect(byOrder.outcome).toBe("approved")
    expect(lineOf(byOrder, "a").windowEndsAt).toBe(at(2024, 7, 20, 22))
  })

  it("RET-3 window ending on a weekend/holiday with extension to the next business day", () => {
    // Delivered Thursday 6 June: the 30th day is Saturday 6 July.
    const line = orderLine("a", { deliveredAt: at(2024, 6, 6, 10) })
    const hours = [{ start: "09:00", end: "17:00" }]
    const weekly = {
      monday: hours,
      tuesday: hours,
      wednesday: hours,
      thursday: hours,
      friday: hours,
    }
    const plain = policyWith()
    const extended = policyWith({
      window: { days: 30, extendToNextBusinessDay: { timeZone: "Europe/Berlin", weekly } },
    })
    const holiday = policyWith({
      window: {
        days: 30,
        extendToNextBusinessDay: {
          timeZone: "Europe/Berlin",
          weekly,
          holidays: [{ name: "Store closed", date: "2024-07-08" }],
        },
      },
    })
    const sunday = staffRequest([returning("a")], { requestedAt: at(2024, 7, 7, 12) })
    const plainDecision = decide(plain, orderOf(plain, [line]), sunday)
    expect(plainDecision.windowEndsAt).toBe(at(2024, 7, 6, 22))
    expect(plainDecision.outcome).toBe("declined")
    const extendedDecision = decide(extended, orderOf(extended, [line]), sunday)
    expect(extendedDecision.windowEndsAt).toBe(at(2024, 7, 8, 22))
    expect(extendedDecision.outcome).toBe("approved")
    expect(decide(holiday, orderOf(holiday, [line]), sunday).windowEndsAt).toBe(at(2024, 7, 9, 22))
  })

  it("RET-3 unlimited window", () => {
    const lifetime = policyWith({ window: { days: "unlimited" } })
    const fiveYearsLater = staffRequest([returning("a")], { requestedAt: at(2029, 6, 3) })
    const decision = decide(lifetime, orderOf(lifetime, [orderLine("a")]), fiveYearsLater)
    expect(decision.outcome).toBe("approved")
    expect(decision.windowEndsAt).toBeUndefined()
    expect(lineOf(decision, "a").windowEndsAt).toBeUndefined()
  })

  it("RET-3 policy changed after purchase (snapshot applies)", () => {
    const v1 = policyWith({ version: 1, window: { days: 30 } })
    const v2 = policyWith({ version: 2, window: { days: 14 } })
    const line = orderLine("a", { deliveredAt: DELIVERED_5_JUNE })
    const placedUnderV1 = orderOf(v1, [line])
    const twentyDaysLater = staffRequest([returning("a")], {
      requestedAt: DELIVERED_5_JUNE + 20 * DAY,
    })
    expect(decide(v1, placedUnderV1, twentyDaysLater).outcome).toBe("approved")
    const mismatch = left(
      Decision.evaluateReturn(v2, placedUnderV1, twentyDaysLater, twentyDaysLater.requestedAt),
    )
    expect(mismatch).toBeInstanceOf(Decision.PolicySnapshotMismatchError)
    expect(mismatch).toMatchObject({ expected: { version: 1 }, given: { version: 2 } })
    // An order placed under version 2 does get the shorter window.
    expect(decide(v2, orderOf(v2, [line]), twentyDaysLater).outcome).toBe("declined")
  })

  it("RET-3 the window is checked when the request was filed, not when it is evaluated", () => {
    const order = orderOf(standard, [orderLine("a", { deliveredAt: DELIVERED_5_JUNE })])
    const request = staffRequest([returning("a")], { requestedAt: END_OF_5_JULY_BERLIN - HOUR })
    const evaluatedLater = right(
      Decision.evaluateReturn(standard, order, request, END_OF_5_JULY_BERLIN + 5 * DAY),
    )
    expect(evaluatedLater.outcome).toBe("approved")
    expect(evaluatedLater.evaluatedAt).toBe(END_OF_5_JULY_BERLIN + 5 * DAY)
    const fromTheFuture = left(
      Decision.evaluateReturn(standard, order, request, request.requestedAt - 1),
    )
    expect(fromTheFuture).toBeInstanceOf(Errors.ValidationError)
  })
})

describe("Decision: quantities and dispositions", () => {
  it("RET-3 partial returns (1 of 3 then 2 more; returnable = fulfilled − requested − returned)", () => {
    const order = orderOf(standard, [orderLine("a", { quantity: 3, fulfilledQuantity: 3 })])
    const first = decide(standard, order, staffRequest([returning("a", { quantity: 1 })]))
    expect(lineOf(first, "a")).toMatchObject({ requested: 1, approved: 1, declined: 0 })
    const afterFirst = afterReturn(order, first)
    expect(Decision.returnableQuantity(afterFirst.lines[0])).toBe(2)
    const second = decide(standard, afterFirst, staffRequest([returning("a", { quantity: 2 })]))
    expect(lineOf(second, "a")).toMatchObject({ requested: 2, approved: 2, declined: 0 })
    const third = decide(standard, afterReturn(afterFirst, second), staffRequest([returning("a")]))
    expect(lineOf(third, "a")).toMatchObject({
      approved: 0,
      declined: 1,
      codes: ["QUANTITY_EXCEEDS_RETURNABLE"],
    })
    // A unit in an open request counts as gone as much as a returned one.
    const pending = orderOf(standard, [
      orderLine("a", {
        quantity: 3,
        fulfilledQuantity: 3,
        alreadyRequestedQuantity: 1,
        alreadyReturnedQuantity: 1,
      }),
    ])
    const capped = decide(standard, pending, staffRequest([returning("a", { quantity: 2 })]))
    expect(lineOf(capped, "a")).toMatchObject({
      approved: 1,
      declined: 1,
      codes: ["QUANTITY_EXCEEDS_RETURNABLE"],
    })
    expect(capped.outcome).toBe("partiallyApproved")
  })

  it("RET-3 request more than fulfilled", () => {
    const order = orderOf(standard, [
      orderLine("a", { quantity: 3, fulfilledQuantity: 2 }),
      orderLine("b", { quantity: 2, fulfilledQuantity: 0 }),
    ])
    const three = decide(standard, order, staffRequest([returning("a", { quantity: 3 })]))
    expect(lineOf(three, "a")).toMatchObject({ approved: 2, declined: 1, codes: ["NOT_FULFILLED"] })
    const four = decide(standard, order, staffRequest([returning("a", { quantity: 4 })]))
    expect(lineOf(four, "a")).toMatchObject({
      approved: 2,
      declined: 2,
      codes: ["NOT_FULFILLED", "QUANTITY_EXCEEDS_RETURNABLE"],
    })
    const unshipped = decide(standard, order, staffRequest([returning("b", { quantity: 1 })]))
    expect(lineOf(unshipped, "b")).toMatchObject({
      approved: 0,
      declined: 1,
      codes: ["NOT_FULFILLED"],
    })
  })

  it("RET-3 received damaged → writeOff disposition", () => {
    const order = orderOf(standard, [
      orderLine("a"),
      orderLine("b"),
      orderLine("c"),
      orderLine("d"),
    ])
    const decision = decide(
      standard,
      order,
      staffRequest([
        returning("a", { condition: "damaged", reasonCode: "damagedInTransit" }),
        returning("b", { condition: "opened" }),
        returning("c", { condition: "unopened" }),
        returning("d", { condition: "damaged", reasonCode: "defective", resolution: "repair" }),
      ]),
    )
    expect(decision.outcome).toBe("approved")
    expect(lineOf(decision, "a").disposition).toBe("writeOff")
    expect(lineOf(decision, "b").disposition).toBe("inspect")
    expect(lineOf(decision, "c").disposition).toBe("restock")
    expect(lineOf(decision, "d").disposition).toBe("inspect")
    const restockAll = policyWith({
      dispositions: { unopened: "restock", opened: "restock", damaged: "restock" },
    })
    expect(
      lineOf(
        decide(
          restockAll,
          orderOf(restockAll, [orderLine("a")]),
          staffRequest([returning("a", { condition: "damaged" })]),
        ),
        "a",
      ).disposition,
    ).toBe("restock")
  })

  it("RET-3 a condition the policy does not accept is declined", () => {
    const sealedOnly = policyWith({ acceptedConditions: ["unopened"] })
    const decision = decide(
      sealedOnly,
      orderOf(sealedOnly, [orderLine("a")]),
      staffRequest([returning("a", { condition: "opened" })]),
    )
    expect(lineOf(decision, "a").codes).toEqual(["CONDITION_NOT_ACCEPTED"])
  })

  it("RET-3 a resolution the policy does not allow is declined", () => {
    const refundsOnly = policyWith({ allowedResolutions: ["refund"] })
    const decision = decide(
      refundsOnly,
      orderOf(refundsOnly, [orderLine("a")]),
      staffRequest([returning("a", { resolution: "storeCredit" })]),
    )
    expect(lineOf(decision, "a").codes).toEqual(["RESOLUTION_NOT_ALLOWED"])
  })

  it("RET-3 a category window override: not returnable, or longer for a customer tier", () => {
    const policy = policyWith({
      windowOverrides: [
        { selector: { kind: "category", values: ["underwear"] }, days: "notReturnable" },
        { selector: { kind: "customerTier", values: ["gold"] }, days: 90 },
      ],
    })
    const lines = [orderLine("a", { categories: ["underwear"] }), orderLine("b")]
    const sixtyDaysLater = staffRequest([returning("a"), returning("b")], {
      requestedAt: PLACED + 60 * DAY,
    })
    const regular = decide(policy, orderOf(policy, lines), sixtyDaysLater)
    expect(lineOf(regular, "a").codes).toEqual(["NOT_RETURNABLE_CATEGORY"])
    expect(lineOf(regular, "b").codes).toEqual(["WINDOW_EXPIRED"])
    const gold = decide(policy, orderOf(policy, lines, { customerTier: "gold" }), sixtyDaysLater)
    expect(lineOf(gold, "a").codes).toEqual(["NOT_RETURNABLE_CATEGORY"])
    expect(lineOf(gold, "b").approved).toBe(1)
    expect(gold.outcome).toBe("partiallyApproved")
  })
})

describe("Decision: refund arithmetic", () => {
  it("RET-3 order-level discount prorated (the whole-order-discount bug: refund the discounted price, not list price)", () => {
    const order = orderOf(
      standard,
      [orderLine("a", { unitPrice: eur(6000) }), orderLine("b", { unitPrice: eur(4000) })],
      { orderDiscount: eur(1000) },
    )
    const decision = decide(standard, order, staffRequest([returning("a")]))
    expect(decision.money.itemsGross).toEqual(eur(6000))
    expect(decision.money.discount).toEqual(eur(600))
    expect(decision.money.total).toEqual(eur(5400))
    // Three equal lines share 100 by the largest remainder: 34 + 33 + 33.
    const thirds = orderOf(standard, [orderLine("a"), orderLine("b"), orderLine("c")], {
      orderDiscount: eur(100),
    })
    const first = decide(standard, thirds, staffRequest([returning("a")]))
    expect(first.money.discount).toEqual(eur(34))
    const all = decide(
      standard,
      thirds,
      staffRequest([returning("a"), returning("b"), returning("c")]),
    )
    expect(all.money.discount).toEqual(eur(100))
    expect(all.money.total).toEqual(eur(2900))
  })

  it("RET-3 tax inclusive vs exclusive", () => {
    const exclusive = orderOf(standard, [
      orderLine("a", { unitPrice: eur(1000), tax: { rateBasisPoints: 2000 }, taxInclusive: false }),
    ])
    const inclusive = orderOf(standard, [
      orderLine("a", { unitPrice: eur(1200), tax: { rateBasisPoints: 2000 }, taxInclusive: true }),
    ])
    const exclusiveMoney = decide(standard, exclusive, staffRequest([returning("a")])).money
    const inclusiveMoney = decide(standard, inclusive, staffRequest([returning("a")])).money
    expect(exclusiveMoney).toMatchObject({ tax: eur(200), includedTax: eur(0), total: eur(1200) })
    expect(inclusiveMoney).toMatchObject({ tax: eur(0), includedTax: eur(200), total: eur(1200) })
    // A tax charged as an amount is shared out the same way.
    const charged = orderOf(standard, [
      orderLine("a", {
        quantity: 2,
        fulfilledQuantity: 2,
        unitPrice: eur(1000),
        tax: { amount: eur(400) },
      }),
    ])
    expect(decide(standard, charged, staffRequest([returning("a")])).money.tax).toEqual(eur(200))
  })

  it("RET-3 known fixture: unit 100 × 2, order discount 20, tax 10 % exclusive, one unit returned → refund 99", () => {
    const order = orderOf(
      standard,
      [
        orderLine("a", {
          quantity: 2,
          fulfilledQuantity: 2,
          unitPrice: eur(100),
          tax: { rateBasisPoints: 1000 },
          taxInclusive: false,
        }),
      ],
      { orderDiscount: eur(20) },
    )
    const money = decide(standard, order, staffRequest([returning("a")])).money
    expect(money).toMatchObject({
      itemsGross: eur(100),
      discount: eur(10),
      tax: eur(9),
      total: eur(99),
      toOriginalMethod: eur(99),
      destination: "original",
    })
    // The amounts a decision hands out are Money like any other: same class, equal by
    // value, same encoding.
    expect(money.total).toBeInstanceOf(Money.Money)
    expect(Equal.equals(money.total, eur(99))).toBe(true)
    expect(Schema.encodeSync(Money.Money)(money.total)).toEqual(
      Schema.encodeSync(Money.Money)(eur(99)),
    )
  })

  it("RET-3 known fixture, tax-inclusive twin: unit 110 × 2 tax included, order discount 22 → refund 99 with 9 tax in it", () => {
    const order = orderOf(
      standard,
      [
        orderLine("a", {
          quantity: 2,
          fulfilledQuantity: 2,
          unitPrice: eur(110),
          tax: { rateBasisPoints: 1000 },
          taxInclusive: true,
        }),
      ],
      { orderDiscount: eur(22) },
    )
    const money = decide(standard, order, staffRequest([returning("a")])).money
    expect(money).toMatchObject({
      itemsGross: eur(110),
      discount: eur(11),
      tax: eur(0),
      includedTax: eur(9),
      total: eur(99),
    })
  })

  it("RET-3 rounding remainder on the last unit", () => {
    // A line discount of 100 over 3 units: 33, 33, and the last unit takes 34.
    const order = orderOf(standard, [
      orderLine("a", {
        quantity: 3,
        fulfilledQuantity: 3,
        unitPrice: eur(1000),
        lineDiscount: eur(100),
      }),
    ])
    const discounts: Array<number> = []
    let current = order
    for (let unit = 0; unit < 3; unit++) {
      const decision = decide(standard, current, staffRequest([returning("a")]))
      discounts.push(decision.money.discount.amount)
      current = afterReturn(current, decision)
    }
    expect(discounts).toEqual([33, 33, 34])
    const atOnce = decide(standard, order, staffRequest([returning("a", { quantity: 3 })]))
    expect(atOnce.money.discount).toEqual(eur(100))
    const first = decide(standard, order, staffRequest([returning("a", { quantity: 1 })]))
    const rest = decide(
      standard,
      afterReturn(order, first),
      staffRequest([returning("a", { quantity: 2 })]),
    )
    expect(first.money.total.amount + rest.money.total.amount).toBe(atOnce.money.total.amount)
  })

  it("RET-3 refund capped at captured − already refunded", () => {
    const order = orderOf(standard, [orderLine("a", { unitPrice: eur(1000) })], {
      payments: { captured: eur(5000), refunded: eur(4500), storeCreditIssued: eur(0) },
    })
    const money = decide(standard, order, staffRequest([returning("a")])).money
    expect(money.total).toEqual(eur(500))
    expect(money.cappedBy).toEqual(eur(500))
    expect(money.toOriginalMethod).toEqual(eur(500))
    const uncapped = orderOf(standard, [orderLine("a")], {
      payments: { captured: eur(5000), refunded: eur(0), storeCreditIssued: eur(0) },
    })
    expect(
      decide(standard, uncapped, staffRequest([returning("a")])).money.cappedBy,
    ).toBeUndefined()
  })

  it("RET-3 shipping refunded only once (full vs partial)", () => {
    const order = orderOf(standard, [orderLine("a"), orderLine("b")], {
      shipping: { paid: eur(495), refunded: eur(0) },
    })
    const partial = decide(standard, order, staffRequest([returning("a")]))
    expect(partial.money.shipping).toEqual(eur(0))
    const full = decide(standard, order, staffRequest([returning("a"), returning("b")]))
    expect(full.money.shipping).toEqual(eur(495))
    expect(full.money.total).toEqual(eur(2495))
    // The return that completes the order brings the shipping back, once.
    const rest = decide(standard, afterReturn(order, partial), staffRequest([returning("b")]))
    expect(rest.money.shipping).toEqual(eur(495))
    const alreadyRefunded = orderOf(standard, [orderLine("a"), orderLine("b")], {
      shipping: { paid: eur(495), refunded: eur(495) },
    })
    expect(
      decide(standard, alreadyRefunded, staffRequest([returning("a"), returning("b")])).money
        .shipping,
    ).toEqual(eur(0))
    const exchangedBack = decide(
      standard,
      order,
      staffRequest([
        returning("a"),
        returning("b", {
          resolution: "exchange",
          exchangeFor: {
            sku: "SKU-b2",
            quantity: 1,
            unitPrice: eur(1000),
            inStock: true,
            backorderAllowed: false,
          },
        }),
      ]),
    )
    expect(exchangedBack.money.shipping).toEqual(eur(0))
  })

  it("RET-3 restocking fee not applied to defect/wrong-item reasons", () => {
    const policy = policyWith({ fees: { restockingBasisPoints: 1500 } })
    const order = orderOf(policy, [orderLine("a"), orderLine("b"), orderLine("c")])
    const decision = decide(
      policy,
      order,
      staffRequest([
        returning("a", { reasonCode: "changedMind" }),
        returning("b", { reasonCode: "defective" }),
        returning("c", { reasonCode: "wrongItem" }),
      ]),
    )
    expect(lineOf(decision, "a").money?.restockingFee).toEqual(eur(150))
    expect(lineOf(decision, "b").money?.restockingFee).toEqual(eur(0))
    expect(lineOf(decision, "c").money?.restockingFee).toEqual(eur(0))
    expect(decision.money.restockingFee).toEqual(eur(150))
    expect(decision.money.total).toEqual(eur(2850))
  })

  it("RET-3 store credit + original method over-refund guard", () => {
    // 100.00 captured; 30.00 already back on the card and 50.00 given as store credit.
    const payments = { captured: eur(10_000), refunded: eur(3000), storeCreditIssued: eur(5000) }
    const order = orderOf(standard, [orderLine("a", { unitPrice: eur(3000) })], { payments })
    const credit = decide(
      standard,
      order,
      staffRequest([returning("a", { resolution: "storeCredit" })]),
    )
    expect(credit.money).toMatchObject({
      total: eur(2000),
      cappedBy: eur(1000),
      toStoreCredit: eur(2000),
      toOriginalMethod: eur(0),
      destination: "storeCredit",
    })
    const mixed = orderOf(
      standard,
      [orderLine("a", { unitPrice: eur(1500) }), orderLine("b", { unitPrice: eur(1500) })],
      { payments },
    )
    const split = decide(
      standard,
      mixed,
      staffRequest([returning("a"), returning("b", { resolution: "storeCredit" })]),
    )
    // The card gives way first: it cannot take back more than was captured on it.
    expect(split.money).toMatchObject({
      total: eur(2000),
      cappedBy: eur(1000),
      toOriginalMethod: eur(500),
      toStoreCredit: eur(1500),
      destination: "split",
    })
  })

  it("RET-3 currency mismatch → typed error", () => {
    const usdOrder: Decision.OrderFacts = {
      ...orderOf(standard, [orderLine("a")]),
      currency: Money.CurrencyCode.make("USD"),
    }
    const request = staffRequest([returning("a")])
    const orderCurrency = left(
      Decision.evaluateReturn(standard, usdOrder, request, request.requestedAt),
    )
    expect(orderCurrency).toBeInstanceOf(Money.CurrencyMismatchError)
    expect(orderCurrency).toMatchObject({ left: "EUR", right: "USD" })
    const usdLine = orderOf(standard, [orderLine("a", { unitPrice: Money.make(1000, "USD") })])
    const lineCurrency = left(
      Decision.evaluateReturn(standard, usdLine, request, request.requestedAt),
    )
    expect(lineCurrency).toBeInstanceOf(Money.CurrencyMismatchError)
    expect(lineCurrency.message).toContain("order.lines.0.unitPrice")
    const usdReplacement = staffRequest([
      returning("a", {
        resolution: "exchange",
        exchangeFor: {
          sku: "X",
          quantity: 1,
          unitPrice: Money.make(1000, "USD"),
          inStock: true,
          backorderAllowed: false,
        },
      }),
    ])
    const replacementCurrency = left(
      Decision.evaluateReturn(
        standard,
        orderOf(standard, [orderLine("a")]),
        usdReplacement,
        usdReplacement.requestedAt,
      ),
    )
    expect(replacementCurrency.message).toContain("request.lines.0.exchangeFor.unitPrice")
  })
})

const swap = (
  unitPrice: number,
  extra: Partial<Decision.Replacement> = {},
): Decision.Replacement => ({
  sku: "SKU-swap",
  quantity: 1,
  unitPrice: eur(unitPrice),
  inStock: true,
  backorderAllowed: false,
  ...extra,
})

describe("Decision: exchanges", () => {
  const order = orderOf(standard, [orderLine("a", { unitPrice: eur(2000) })])
  const exchange = (
    replacement: Decision.Replacement,
    policy = standard,
    reasonCode = "tooSmall",
  ) =>
    decide(
      policy,
      orderOf(policy, order.lines),
      staffRequest([
        returning("a", { resolution: "exchange", exchangeFor: replacement, reasonCode }),
      ]),
    )

  it("RET-3 exchange for a higher price → customer owes", () => {
    const decision = exchange(swap(2500))
    expect(decision.money).toMatchObject({
      exchangeCharges: eur(2500),
      exchangeDifference: eur(500),
      total: eur(-500),
      destination: "none",
      toOriginalMethod: eur(0),
      toStoreCredit: eur(0),
    })
    expect(lineOf(decision, "a").exchange).toEqual({
      sku: "SKU-swap",
      quantity: 1,
      unitPrice: eur(2500),
      backordered: false,
    })
  })

  it("RET-3 exchange for a lower price → refund", () => {
    expect(exchange(swap(1500)).money).toMatchObject({
      exchangeDifference: eur(-500),
      total: eur(500),
      toOriginalMethod: eur(500),
    })
  })

  it("RET-3 exchange for an equal price → zero", () => {
    expect(exchange(swap(2000)).money).toMatchObject({
      exchangeDifference: eur(0),
      total: eur(0),
      destination: "none",
    })
  })

  it("RET-3 replacement out of stock → refund fallback (or backorder)", () => {
    const fallback = exchange(swap(2000, { inStock: false }))
    expect(lineOf(fallback, "a")).toMatchObject({
      approved: 1,
      requestedResolution: "exchange",
      resolution: "refund",
      codes: ["REPLACEMENT_OUT_OF_STOCK"],
    })
    expect(lineOf(fallback, "a").exchange).toBeUndefined()
    expect(fallback.money.total).toEqual(eur(2000))
    const backordered = exchange(swap(2000, { inStock: false, backorderAllowed: true }))
    expect(lineOf(backordered, "a")).toMatchObject({
      resolution: "exchange",
      codes: ["REPLACEMENT_BACKORDERED"],
      exchange: { backordered: true },
    })
    // We could not make the exchange, so the fallback refund carries no restocking fee.
    const restocking = policyWith({ fees: { restockingBasisPoints: 1000 } })
    expect(exchange(swap(2000, { inStock: false }), restocking).money.restockingFee).toEqual(eur(0))
    const exchangesOnly = policyWith({ allowedResolutions: ["exchange"] })
    const nothingToFallBackTo = exchange(swap(2000, { inStock: false }), exchangesOnly)
    expect(lineOf(nothingToFallBackTo, "a")).toMatchObject({
      approved: 0,
      codes: ["REPLACEMENT_OUT_OF_STOCK"],
    })
  })

  it("RET-3 no return shipping on exchange", () => {
    const flat = policyWith({
      fees: { returnShipping: { mode: "flat", amount: { amount: 495, currency: "EUR" } } },
    })
    expect(exchange(swap(2000), flat).money.returnShippingFee).toEqual(eur(0))
    const refund = decide(flat, orderOf(flat, order.lines), staffRequest([returning("a")]))
    expect(refund.money.returnShippingFee).toEqual(eur(495))
    expect(refund.money.total).toEqual(eur(1505))
    const charged = policyWith({
      fees: {
        returnShipping: { mode: "flat", amount: { amount: 495, currency: "EUR" } },
        exchangeReturnShippingFree: false,
      },
    })
    expect(exchange(swap(2000), charged).money).toMatchObject({
      returnShippingFee: eur(495),
      total: eur(-495),
    })
    // A defect waives it whatever the resolution.
    expect(exchange(swap(2000), charged, "defective").money.returnShippingFee).toEqual(eur(0))
  })

  it("RET-3 exchanging an item that was itself an exchange", () => {
    // Line a was delivered on 5 June and exchanged; its replacement b (worth 25.00 after
    // the customer paid a 5.00 difference) arrived on 25 June.
    const lines = [
      orderLine("a", {
        unitPrice: eur(2000),
        deliveredAt: DELIVERED_5_JUNE,
        alreadyReturnedQuantity: 1,
      }),
      orderLine("b", {
        unitPrice: eur(2500),
        fulfilledAt: at(2024, 6, 24, 10),
        deliveredAt: at(2024, 6, 25, 10),
        exchangedFrom: "a",
      }),
    ]
    const onTenthJuly = staffRequest([returning("b")], { requestedAt: at(2024, 7, 10, 10) })
    const keepsOriginal = policyWith({ window: { days: 30, exchangedItems: "originalWindow" } })
    const kept = decide(keepsOriginal, orderOf(keepsOriginal, lines), onTenthJuly)
    expect(lineOf(kept, "b")).toMatchObject({
      codes: ["WINDOW_EXPIRED"],
      windowEndsAt: END_OF_5_JULY_BERLIN,
    })
    const restarts = policyWith({ window: { days: 30, exchangedItems: "restartWindow" } })
    const restarted = decide(restarts, orderOf(restarts, lines), onTenthJuly)
    expect(lineOf(restarted, "b").windowEndsAt).toBe(at(2024, 7, 25, 22))
    expect(restarted.money.total).toEqual(eur(2500))
    const final = policyWith({ window: { days: 30, exchangedItems: "finalSale" } })
    expect(lineOf(decide(final, orderOf(final, lines), onTenthJuly), "b").codes).toContain(
      "FINAL_SALE",
    )
    // Exchanged again, within the restarted window: the difference is against its own value.
    const again = decide(
      restarts,
      orderOf(restarts, lines),
      staffRequest([returning("b", { resolution: "exchange", exchangeFor: swap(2500) })], {
        requestedAt: at(2024, 7, 10, 10),
      }),
    )
    expect(again.money.exchangeDifference).toEqual(eur(0))
    const loop = orderOf(restarts, [
      orderLine("a", { exchangedFrom: "b" }),
      orderLine("b", { exchangedFrom: "a" }),
    ])
    const cycle = left(
      Decision.evaluateReturn(restarts, loop, onTenthJuly, onTenthJuly.requestedAt),
    )
    expect(cycle).toBeInstanceOf(Errors.ValidationError)
  })
})

describe("Decision: exceptions, authorisation and reasons", () => {
  it("RET-3 final sale matched by tag and by discount ≥ X %", () => {
    const policy = policyWith({
      finalSale: [
        { kind: "tag", values: ["clearance"] },
        { kind: "discountAtLeast", percent: 50 },
      ],
    })
    const order = orderOf(
      policy,
      [
        orderLine("tagged", { tags: ["clearance"] }),
        orderLine("half", {
          quantity: 2,
          fulfilledQuantity: 2,
          unitPrice: eur(1000),
          lineDiscount: eur(1000),
        }),
        orderLine("almost", {
          quantity: 2,
          fulfilledQuantity: 2,
          unitPrice: eur(1000),
          lineDiscount: eur(999),
        }),
        orderLine("coupon", { orderDiscountShare: eur(900) }),
      ],
      { orderDiscount: eur(900) },
    )
    const decision = decide(
      policy,
      order,
      staffRequest([
        returning("tagged"),
        returning("half"),
        returning("almost"),
        returning("coupon"),
      ]),
    )
    expect(lineOf(decision, "tagged").codes).toEqual(["FINAL_SALE"])
    expect(lineOf(decision, "half").codes).toEqual(["FINAL_SALE"])
    expect(lineOf(decision, "almost").approved).toBe(1)
    // A basket coupon does not make an item clearance stock.
    expect(lineOf(decision, "coupon").approved).toBe(1)
  })

  it("RET-3 final-sale flag changed after purchase (snapshot)", () => {
    const before = policyWith({ version: 1 })
    const after = policyWith({ version: 2, finalSale: [{ kind: "tag", values: ["clearance"] }] })
    const line = orderLine("a", { tags: ["clearance"] })
    const request = staffRequest([returning("a")])
    expect(decide(before, orderOf(before, [line]), request).outcome).toBe("approved")
    expect(
      left(Decision.evaluateReturn(after, orderOf(before, [line]), request, request.requestedAt)),
    ).toBeInstanceOf(Decision.PolicySnapshotMismatchError)
    expect(lineOf(decide(after, orderOf(after, [line]), request), "a").codes).toEqual([
      "FINAL_SALE",
    ])
  })

  it("RET-2 any staff may authorise but verification required", () => {
    const order = orderOf(standard, [orderLine("a"), orderLine("b")])
    const lines = [returning("a"), returning("b")]
    for (const id of ["trainee-1", "cashier-9", "warehouse-3"]) {
      const staff = Ids.StaffId.make(id)
      const decision = decide(
        standard,
        order,
        staffRequest(lines, {
          actor: { kind: "staff", id: staff },
          productVerification: verified(staff),
        }),
      )
      expect(decision.outcome).toBe("approved")
      expect(decision.authorisedBy).toBe(staff)
    }
    const declined = decide(standard, order, withoutVerification(staffRequest(lines)))
    expect(declined.outcome).toBe("declined")
    expect(declined.lines.map((line) => line.codes)).toEqual([
      ["PRODUCT_NOT_VERIFIED"],
      ["PRODUCT_NOT_VERIFIED"],
    ])
    expect(declined.authorisedBy).toBeUndefined()
    const failed = decide(
      standard,
      order,
      staffRequest(lines, {
        productVerification: { verified: false, method: "visual", by: clerk },
      }),
    )
    expect(failed.outcome).toBe("declined")
    const serialOnly = policyWith({ staffAuthorisation: { verificationMethods: ["serial"] } })
    const byLookup = decide(serialOnly, orderOf(serialOnly, order.lines), staffRequest(lines))
    expect(byLookup.lines.every((line) => line.codes.includes("PRODUCT_NOT_VERIFIED"))).toBe(true)
  })

  it("RET-2 a customer's self-service request needs verification before money moves", () => {
    const order = orderOf(standard, [orderLine("a")])
    const selfService: Decision.ReturnRequest = {
      orderId: ORDER,
      requestedAt: PLACED + 10 * DAY,
      lines: [returning("a")],
      actor: { kind: "customer", id: customer },
    }
    const pending = decide(standard, order, selfService)
    expect(pending.outcome).toBe("needsVerification")
    expect(lineOf(pending, "a").approved).toBe(1)
    expect(pending.money.total).toEqual(eur(1000))
    expect(pending.authorisedBy).toBeUndefined()
    const checked = decide(standard, order, { ...selfService, productVerification: verified() })
    expect(checked.outcome).toBe("approved")
    // The clerk who verified the product authorised it: no one else signs off.
    expect(checked.authorisedBy).toBe(clerk)
  })

  it("RET-2 product not sold by us declined", () => {
    const order = orderOf(standard, [orderLine("a", { soldByUs: false }), orderLine("b")])
    const decision = decide(standard, order, staffRequest([returning("a"), returning("b")]))
    expect(lineOf(decision, "a")).toMatchObject({ approved: 0, codes: ["NOT_SOLD_BY_US"] })
    expect(lineOf(decision, "b").approved).toBe(1)
    expect(decision.outcome).toBe("partiallyApproved")
  })

  it("RET-3 parent reason rejected", () => {
    const decision = decide(
      standard,
      orderOf(standard, [orderLine("a")]),
      staffRequest([returning("a", { reasonCode: "fit" })]),
    )
    expect(lineOf(decision, "a").codes).toEqual(["REASON_NOT_LEAF"])
  })

  it("RET-3 retired reason still readable on old returns but not usable on new ones", () => {
    const retired = policyWith({
      reasons: ReturnPolicy.defaultReasons.map((reason) =>
        reason.code === "tooSmall" ? { ...reason, retired: true } : reason,
      ) as unknown as ReturnPolicy.Input["reasons"],
    })
    const old = ReturnPolicy.findReason(retired, "tooSmall")
    expect(old._tag === "Some" && old.value.label).toBe("Too small")
    expect(ReturnPolicy.isUsableReason(retired, "tooSmall")).toBe(false)
    const decision = decide(
      retired,
      orderOf(retired, [orderLine("a")]),
      staffRequest([returning("a", { reasonCode: "tooSmall" })]),
    )
    expect(lineOf(decision, "a").codes).toEqual(["REASON_RETIRED"])
  })

  it('RET-3 "other" requires a note', () => {
    const order = orderOf(standard, [orderLine("a")])
    const without = decide(standard, order, staffRequest([returning("a", { reasonCode: "other" })]))
    expect(lineOf(without, "a").codes).toEqual(["NOTE_REQUIRED"])
    const blank = decide(
      standard,
      order,
      staffRequest([returning("a", { reasonCode: "other", note: "  " })]),
    )
    expect(lineOf(blank, "a").codes).toEqual(["NOTE_REQUIRED"])
    const withNote = decide(
      standard,
      order,
      staffRequest([
        returning("a", { reasonCode: "other", note: "The colour differs from the photo" }),
      ]),
    )
    expect(withNote.outcome).toBe("approved")
  })

  it("RET-3 every refusal that applies is listed, so a decline explains itself fully", () => {
    const policy = policyWith({ finalSale: [{ kind: "tag", values: ["clearance"] }] })
    const order = orderOf(policy, [orderLine("a", { tags: ["clearance"], soldByUs: false })])
    const decision = decide(
      policy,
      order,
      staffRequest([returning("a", { reasonCode: "fit" })], { requestedAt: PLACED + 90 * DAY }),
    )
    expect(lineOf(decision, "a").codes).toEqual([
      "NOT_SOLD_BY_US",
      "REASON_NOT_LEAF",
      "FINAL_SALE",
      "WINDOW_EXPIRED",
    ])
  })
})

describe("Decision: malformed input is a typed error", () => {
  const order = orderOf(standard, [orderLine("a", { quantity: 2, fulfilledQuantity: 2 })])
  const evaluate = (request: Decision.ReturnRequest, facts = order) =>
    left(Decision.evaluateReturn(standard, facts, request, request.requestedAt))

  it("RET-3 an unknown order line, a negative quantity or an unknown reason names the path", () => {
    const error = evaluate(
      staffRequest([returning("nope"), returning("a", { quantity: -1, reasonCode: "bored" })]),
    )
    expect(error).toBeInstanceOf(Errors.ValidationError)
    const paths = (error as Errors.ValidationError).issues.map((issue) => issue.path.join("."))
    expect(paths).toEqual([
      "request.lines.0.orderLineId",
      "request.lines.1.quantity",
      "request.lines.1.reasonCode",
    ])
  })

  it("RET-3 a repeated line, another order, or an exchange without its replacement are rejected", () => {
    const error = evaluate(
      staffRequest([returning("a"), returning("a", { resolution: "exchange" })], {
        orderId: Ids.OrderId.make("order-2"),
      }),
    )
    const paths = (error as Errors.ValidationError).issues.map((issue) => issue.path.join("."))
    expect(paths).toEqual([
      "request.orderId",
      "request.lines.1.orderLineId",
      "request.lines.1.exchangeFor",
    ])
  })

  it("RET-3 a large order is decided line by line like a small one", () => {
    const lines = Array.from({ length: 40 }, (_, i) => orderLine(`line-${i}`))
    const large = orderOf(standard, lines)
    const all = decide(standard, large, staffRequest(lines.map((line) => returning(line.id))))
    expect(all.outcome).toBe("approved")
    expect(all.money.total).toEqual(eur(40_000))
    const repeated = lines.map((line) => returning(line.id)).concat([returning("line-7")])
    const error = left(
      Decision.evaluateReturn(standard, large, staffRequest(repeated), PLACED + 10 * DAY),
    )
    expect((error as Errors.ValidationError).issues.map((issue) => issue.path.join("."))).toEqual([
      "request.lines.40.orderLineId",
    ])
    const unknown = left(
      Decision.evaluateReturn(
        standard,
        large,
        staffRequest([returning("line-40")]),
        PLACED + 10 * DAY,
      ),
    )
    expect(unknown).toBeInstanceOf(Errors.ValidationError)
  })

  it("RET-3 inconsistent order facts are rejected", () => {
    const broken = orderOf(standard, [
      orderLine("a", {
        quantity: 1,
        fulfilledQuantity: 2,
        unitPrice: eur(100),
        lineDiscount: eur(200),
      }),
    ])
    const error = evaluate(staffRequest([returning("a")]), broken)
    const paths = (error as Errors.ValidationError).issues.map((issue) => issue.path.join("."))
    expect(paths).toContain("order.lines.0.fulfilledQuantity")
    expect(paths).toContain("order.lines.0.lineDiscount")
  })
})

describe("Decision: properties", () => {
  it("RET-3 property: the refund never exceeds captured − refunded", () => {
    FastCheck.assert(
      FastCheck.property(scenarioArbitrary, ({ policy, order, request }) => {
        const decision = right(Decision.evaluateReturn(policy, order, request, request.requestedAt))
        const { captured, refunded, storeCreditIssued } = order.payments
        const paidOut = decision.money.toOriginalMethod.amount + decision.money.toStoreCredit.amount
        expect(decision.money.total.amount).toBeLessThanOrEqual(
          Math.max(0, captured.amount - refunded.amount),
        )
        expect(paidOut).toBe(Math.max(0, decision.money.total.amount))
        expect(paidOut).toBeLessThanOrEqual(
          Math.max(0, captured.amount - refunded.amount - storeCreditIssued.amount),
        )
      }),
    )
  })

  it("RET-3 property: approved + declined = requested for every line", () => {
    FastCheck.assert(
      FastCheck.property(scenarioArbitrary, ({ policy, order, request }) => {
        const decision = right(Decision.evaluateReturn(policy, order, request, request.requestedAt))
        expect(decision.lines.length).toBe(request.lines.length)
        decision.lines.forEach((line, index) => {
          expect(line.requested).toBe(request.lines[index]?.quantity)
          expect(line.approved + line.declined).toBe(line.requested)
          expect(line.approved).toBeGreaterThanOrEqual(0)
          // Declined units are always explained.
          if (line.declined > 0) expect(line.codes.length).toBeGreaterThan(0)
        })
      }),
    )
  })

  it("RET-3 property: money is conserved in exchanges (total = refunded items − fees − exchange charges, each piece summing exactly)", () => {
    FastCheck.assert(
      FastCheck.property(scenarioArbitrary, ({ policy, order, request }) => {
        const decision = right(Decision.evaluateReturn(policy, order, request, request.requestedAt))
        const money = decision.money
        const sum = (piece: keyof Decision.LineMoney) =>
          decision.lines.reduce((total, line) => {
            const value = line.money?.[piece]
            return total + (value instanceof Money.Money ? value.amount : 0)
          }, 0)
        expect(money.itemsGross.amount).toBe(sum("itemsGross"))
        expect(money.discount.amount).toBe(sum("discount"))
        expect(money.tax.amount).toBe(sum("tax"))
        expect(money.includedTax.amount).toBe(sum("includedTax"))
        expect(money.restockingFee.amount).toBe(sum("restockingFee"))
        expect(money.exchangeCharges.amount).toBe(sum("exchangeCharge"))
        expect(money.total.amount + (money.cappedBy?.amount ?? 0)).toBe(
          money.itemsGross.amount -
            money.discount.amount +
            money.tax.amount +
            money.shipping.amount -
            money.restockingFee.amount -
            money.returnShippingFee.amount -
            money.exchangeCharges.amount,
        )
        const exchangeCredit = decision.lines.reduce(
          (total, line) =>
            line.money?.refundTo === "exchange"
              ? total +
                line.money.itemsGross.amount -
                line.money.discount.amount +
                line.money.tax.amount
              : total,
          0,
        )
        expect(money.exchangeDifference.amount).toBe(money.exchangeCharges.amount - exchangeCredit)
        for (const line of decision.lines) {
          if (line.money === undefined) continue
          const value =
            line.money.itemsGross.amount - line.money.discount.amount + line.money.tax.amount
          expect(value).toBeGreaterThanOrEqual(0)
          expect(line.money.restockingFee.amount).toBeLessThanOrEqual(value)
        }
        for (const amount of Object.values(money))
          if (amount instanceof Money.Money) expect(amount.currency).toBe(EUR)
      }),
    )
  })

  it("RET-3 property: the decision depends only on the snapshotted policy version", () => {
    FastCheck.assert(
      FastCheck.property(scenarioArbitrary, policyInputArbitrary(), (scenario, current) => {
        const { policy, order, request } = scenario
        const first = right(Decision.evaluateReturn(policy, order, request, request.requestedAt))
        expect(first.policy).toEqual(ReturnPolicy.reference(policy))
        // Whatever the current policy says, it cannot be applied to this order…
        const newer = ReturnPolicy.make({ ...current, version: policy.version + 1 })
        const refused = left(Decision.evaluateReturn(newer, order, request, request.requestedAt))
        expect(refused).toBeInstanceOf(Decision.PolicySnapshotMismatchError)
        // …and evaluating the snapshot again, later, gives the same decision.
        const again = right(Decision.evaluateReturn(policy, order, request, request.requestedAt))
        expect(again).toEqual(first)
      }),
    )
  })

  it("RET-3 property: splitting a return of a line into two consecutive returns refunds the same total as one", () => {
    const splitScenario = policyInputArbitrary({ flatShipping: false, unlimited: true })
      .map(ReturnPolicy.make)
      .chain((policy) =>
        orderArbitrary(policy)
          .filter((order) => order.lines.some((line) => Decision.returnableQuantity(line) >= 2))
          .chain((order) => {
            const candidates = order.lines.filter((line) => Decision.returnableQuantity(line) >= 2)
            return FastCheck.constantFrom(...candidates).chain((line) =>
              FastCheck.integer({ min: 2, max: Decision.returnableQuantity(line) }).chain((units) =>
                FastCheck.record({
                  first: FastCheck.integer({ min: 1, max: units - 1 }),
                  reasonCode: FastCheck.constantFrom(
                    "changedMind",
                    "tooSmall",
                    "defective",
                    "wrongItem",
                  ),
                  condition: FastCheck.constantFrom(
                    "unopened" as const,
                    "opened" as const,
                    "damaged" as const,
                  ),
                  resolution: FastCheck.constantFrom("refund" as const, "storeCredit" as const),
                }).map((choice) => ({ policy, order, line, units, ...choice })),
              ),
            )
          }),
      )
    FastCheck.assert(
      FastCheck.property(splitScenario, (s) => {
        const request = (quantity: number) =>
          staffRequest([
            returning(s.line.id, {
              quantity,
              reasonCode: s.reasonCode,
              condition: s.condition,
              resolution: s.resolution,
            }),
          ])
        const once = decide(s.policy, s.order, request(s.units))
        const first = decide(s.policy, s.order, request(s.first))
        const second = decide(s.policy, afterReturn(s.order, first), request(s.units - s.first))
        expect(first.money.total.amount + second.money.total.amount).toBe(once.money.total.amount)
        expect(lineOf(first, s.line.id).approved + lineOf(second, s.line.id).approved).toBe(
          lineOf(once, s.line.id).approved,
        )
        expect(first.money.restockingFee.amount + second.money.restockingFee.amount).toBe(
          once.money.restockingFee.amount,
        )
      }),
    )
  })
})
