// What the returns tests share: unwrapping Eithers, builders of policies, orders and
// requests with sensible defaults (a Berlin store, euros, an order placed on Monday
// 3 June 2024), and fast-check arbitraries of whole scenarios (policy, order,
// request) for the properties of the decision.
import { Ids, Money, Period } from "@clientele/core"
import * as Arbitrary from "effect/Arbitrary"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import * as Decision from "../src/Decision.js"
import * as ReturnPolicy from "../src/ReturnPolicy.js"

/** The value of a Right; throws, naming the Left, otherwise. */
export const right = <A, E>(result: Either.Either<A, E>): A => {
  if (Either.isLeft(result)) throw new Error(`expected Right, got ${String(result.left)}`)
  return result.right
}

/** The error of a Left; throws otherwise. */
export const left = <A, E>(result: Either.Either<A, E>): E => {
  if (Either.isRight(result)) throw new Error("expected Left")
  return result.left
}

export const HOUR = 3_600_000
export const DAY = 86_400_000
export const EUR = Money.CurrencyCode.make("EUR")
export const eur = (amount: number): Money.Money => Money.make(amount, "EUR")

/** Monday 3 June 2024, 10:00 UTC (12:00 in Berlin). */
export const PLACED = Date.UTC(2024, 5, 3, 10)
export const ORDER = Ids.OrderId.make("order-1")
export const clerk = Ids.StaffId.make("clerk-7")
export const customer = Ids.CustomerId.make("cus-42")

/** A verified product, checked by order lookup. */
export const verified = (by: Ids.StaffId = clerk): Decision.ProductVerification => ({
  verified: true,
  method: "orderLookup",
  by,
})

/** A policy of the Berlin store in euros: 30 days from delivery unless overridden. */
export const policyWith = (
  overrides: Partial<ReturnPolicy.Input> = {},
): ReturnPolicy.ReturnPolicy =>
  ReturnPolicy.make({
    id: "standard",
    version: 1,
    name: "Returns and exchanges",
    currency: "EUR",
    storeZone: "Europe/Berlin",
    window: { days: 30 },
    ...overrides,
  })

/** An order line: one unit at €10.00, fulfilled the day after the order, delivered two days later. */
export const orderLine = (
  id: string,
  overrides: Partial<Decision.OrderLine> = {},
): Decision.OrderLine => ({
  id,
  sku: `SKU-${id}`,
  productId: Ids.ProductId.make(`product-${id}`),
  categories: [],
  tags: [],
  quantity: 1,
  fulfilledQuantity: 1,
  fulfilledAt: PLACED + DAY,
  deliveredAt: PLACED + 3 * DAY,
  alreadyRequestedQuantity: 0,
  alreadyReturnedQuantity: 0,
  unitPrice: eur(1000),
  taxInclusive: false,
  soldByUs: true,
  ...overrides,
})

/** An order under `policy`'s snapshot; payments large enough that no cap applies by default. */
export const orderOf = (
  policy: ReturnPolicy.ReturnPolicy,
  lines: ReadonlyArray<Decision.OrderLine>,
  overrides: Partial<Decision.OrderFacts> = {},
): Decision.OrderFacts => ({
  orderId: ORDER,
  placedAt: PLACED,
  currency: EUR,
  policy: ReturnPolicy.reference(policy),
  lines: lines as Decision.OrderFacts["lines"],
  shipping: { paid: eur(0), refunded: eur(0) },
  payments: { captured: eur(100_000_000), refunded: eur(0), storeCreditIssued: eur(0) },
  ...overrides,
})

/** A request line: one unit, changed my mind, unopened, refund. */
export const returning = (
  orderLineId: string,
  overrides: Partial<Decision.RequestLine> = {},
): Decision.RequestLine => ({
  orderLineId,
  quantity: 1,
  reasonCode: "changedMind",
  condition: "unopened",
  resolution: "refund",
  ...overrides,
})

/** A request filed by a clerk, product verified, ten days after the order. */
export const staffRequest = (
  lines: ReadonlyArray<Decision.RequestLine>,
  overrides: Partial<Decision.ReturnRequest> = {},
): Decision.ReturnRequest => ({
  orderId: ORDER,
  requestedAt: PLACED + 10 * DAY,
  lines: lines as Decision.ReturnRequest["lines"],
  actor: { kind: "staff", id: clerk },
  productVerification: verified(),
  ...overrides,
})

/** Evaluates at the request's own instant and unwraps the decision. */
export const decide = (
  policy: ReturnPolicy.ReturnPolicy,
  order: Decision.OrderFacts,
  request: Decision.ReturnRequest,
): Decision.ReturnDecision =>
  right(Decision.evaluateReturn(policy, order, request, request.requestedAt))

/** The decision's line for an order line. */
export const lineOf = (decision: Decision.ReturnDecision, orderLineId: string) => {
  const line = decision.lines.find((candidate) => candidate.orderLineId === orderLineId)
  if (line === undefined) throw new Error(`no decision for ${orderLineId}`)
  return line
}

/** The order after a decision was carried out: returned units, refunds and shipping recorded. */
export const afterReturn = (
  order: Decision.OrderFacts,
  decision: Decision.ReturnDecision,
): Decision.OrderFacts => ({
  ...order,
  lines: order.lines.map((line) => {
    const decided = decision.lines.find((candidate) => candidate.orderLineId === line.id)
    return decided === undefined
      ? line
      : { ...line, alreadyReturnedQuantity: line.alreadyReturnedQuantity + decided.approved }
  }) as unknown as Decision.OrderFacts["lines"],
  shipping: {
    paid: order.shipping.paid,
    refunded: eur(order.shipping.refunded.amount + decision.money.shipping.amount),
  },
  payments: {
    captured: order.payments.captured,
    refunded: eur(order.payments.refunded.amount + decision.money.toOriginalMethod.amount),
    storeCreditIssued: eur(
      order.payments.storeCreditIssued.amount + decision.money.toStoreCredit.amount,
    ),
  },
})

// ---- arbitraries -------------------------------------------------------------------

/**
 * `usual` four times in five, otherwise a draw from `other`: the scenarios stay mostly
 * returnable, so the money properties meet real refunds, not only refusals.
 */
const mostly = <A>(usual: A, other: FastCheck.Arbitrary<A>): FastCheck.Arbitrary<A> =>
  FastCheck.oneof(
    { arbitrary: FastCheck.constant(usual), weight: 4 },
    { arbitrary: other, weight: 1 },
  )

const conditionArbitrary = Arbitrary.make(ReturnPolicy.Condition)
const reasonClassArbitrary = Arbitrary.make(ReturnPolicy.ReasonClass)
const resolutionArbitrary = Arbitrary.make(ReturnPolicy.Resolution)
const TAGS = ["clearance", "new", "gift"] as const
const CATEGORIES = ["apparel", "underwear", "kitchen"] as const

/** The encoded input of a random, valid policy (always valid: fees in euros, default reasons). */
export const policyInputArbitrary = (
  options: { readonly flatShipping?: boolean; readonly unlimited?: boolean } = {},
): FastCheck.Arbitrary<ReturnPolicy.Input> =>
  FastCheck.record({
    version: FastCheck.integer({ min: 1, max: 50 }),
    days: options.unlimited
      ? FastCheck.constant("unlimited" as const)
      : FastCheck.oneof(
          FastCheck.integer({ min: 1, max: 60 }),
          FastCheck.constant("unlimited" as const),
        ),
    startsFrom: Arbitrary.make(ReturnPolicy.WindowStart),
    closesAt: Arbitrary.make(ReturnPolicy.WindowClose),
    transitBufferDays: FastCheck.integer({ min: 0, max: 10 }),
    exchangedItems: Arbitrary.make(ReturnPolicy.ExchangedItems),
    finalSale: FastCheck.subarray([
      { kind: "tag" as const, values: ["clearance"] as const },
      { kind: "discountAtLeast" as const, percent: 50 },
    ]),
    overrides: FastCheck.subarray([
      {
        selector: { kind: "category" as const, values: ["underwear"] as const },
        days: "notReturnable" as const,
      },
      { selector: { kind: "customerTier" as const, values: ["gold"] as const }, days: 90 },
    ]),
    resolutions: mostly(
      ["refund", "exchange", "storeCredit", "repair"] as const,
      FastCheck.uniqueArray(resolutionArbitrary, { minLength: 1, maxLength: 4 }),
    ),
    refundDestination: Arbitrary.make(ReturnPolicy.RefundDestination),
    restockingBasisPoints: FastCheck.oneof(
      FastCheck.constant(0),
      FastCheck.integer({ min: 0, max: 10_000 }),
    ),
    shipping:
      options.flatShipping === false
        ? FastCheck.constantFrom({ mode: "free" as const }, { mode: "customerPays" as const })
        : FastCheck.oneof(
            FastCheck.constantFrom({ mode: "free" as const }, { mode: "customerPays" as const }),
            FastCheck.integer({ min: 1, max: 2000 }).map((amount) => ({
              mode: "flat" as const,
              amount: { amount, currency: "EUR" },
            })),
          ),
    waivedFor: FastCheck.uniqueArray(reasonClassArbitrary, { maxLength: 6 }),
    exchangeReturnShippingFree: FastCheck.boolean(),
    refundShippingOnFullReturn: FastCheck.boolean(),
    conditions: mostly(
      ["unopened", "opened", "damaged"] as const,
      FastCheck.uniqueArray(conditionArbitrary, { minLength: 1, maxLength: 3 }),
    ),
  }).map(
    (p): ReturnPolicy.Input => ({
      id: "standard",
      version: p.version,
      name: "Returns and exchanges",
      currency: "EUR",
      storeZone: "Europe/Berlin",
      window: {
        days: p.days,
        startsFrom: p.startsFrom,
        closesAt: p.closesAt,
        transitBufferDays: p.transitBufferDays,
        exchangedItems: p.exchangedItems,
      },
      finalSale: p.finalSale.map((selector) =>
        selector.kind === "tag" ? { kind: "tag", values: [...selector.values] } : selector,
      ),
      windowOverrides: p.overrides.map((override) => ({
        selector: { kind: override.selector.kind, values: [...override.selector.values] },
        days: override.days,
      })),
      allowedResolutions: p.resolutions as [
        ReturnPolicy.Resolution,
        ...Array<ReturnPolicy.Resolution>,
      ],
      refundDestination: p.refundDestination,
      fees: {
        restockingBasisPoints: p.restockingBasisPoints,
        returnShipping: p.shipping,
        waivedFor: p.waivedFor,
        exchangeReturnShippingFree: p.exchangeReturnShippingFree,
        refundShippingOnFullReturn: p.refundShippingOnFullReturn,
      },
      acceptedConditions: p.conditions as [
        ReturnPolicy.Condition,
        ...Array<ReturnPolicy.Condition>,
      ],
    }),
  )

const taxArbitrary: FastCheck.Arbitrary<Decision.Tax | undefined> = FastCheck.oneof(
  FastCheck.constant(undefined),
  FastCheck.integer({ min: 0, max: 2500 }).map((rateBasisPoints) => ({ rateBasisPoints })),
)

const lineArbitrary = (id: string): FastCheck.Arbitrary<Decision.OrderLine> =>
  FastCheck.record({
    quantity: FastCheck.integer({ min: 1, max: 5 }),
    fulfilledShare: mostly(1, FastCheck.double({ min: 0, max: 1, noNaN: true })),
    requestedShare: mostly(0, FastCheck.double({ min: 0, max: 1, noNaN: true })),
    returnedShare: mostly(0, FastCheck.double({ min: 0, max: 1, noNaN: true })),
    unitPrice: FastCheck.integer({ min: 0, max: 100_000 }),
    discountShare: FastCheck.double({ min: 0, max: 0.8, noNaN: true }),
    tax: taxArbitrary,
    taxInclusive: FastCheck.boolean(),
    tags: mostly([] as Array<string>, FastCheck.subarray([...TAGS])),
    categories: mostly(["apparel"], FastCheck.subarray([...CATEGORIES])),
    soldByUs: mostly(true, FastCheck.boolean()),
    fulfilledDay: FastCheck.integer({ min: 0, max: 5 }),
    deliveredAfter: FastCheck.option(FastCheck.integer({ min: 0, max: 10 }), { nil: undefined }),
  }).map((l) => {
    const fulfilled = Math.min(l.quantity, Math.floor(l.fulfilledShare * (l.quantity + 1)))
    const requested = Math.floor(l.requestedShare * (fulfilled + 1) * 0.5)
    const returned = Math.min(
      fulfilled - requested,
      Math.floor(l.returnedShare * (fulfilled + 1) * 0.5),
    )
    const fulfilledAt = PLACED + l.fulfilledDay * DAY
    const line: Decision.OrderLine = {
      id,
      sku: `SKU-${id}`,
      productId: Ids.ProductId.make(`product-${id}`),
      categories: l.categories,
      tags: l.tags,
      quantity: l.quantity,
      fulfilledQuantity: fulfilled,
      fulfilledAt,
      alreadyRequestedQuantity: Math.max(0, requested),
      alreadyReturnedQuantity: Math.max(0, returned),
      unitPrice: eur(l.unitPrice),
      lineDiscount: eur(Math.floor(l.unitPrice * l.quantity * l.discountShare)),
      taxInclusive: l.taxInclusive,
      soldByUs: l.soldByUs,
      ...(l.tax === undefined ? {} : { tax: l.tax }),
      ...(l.deliveredAfter === undefined
        ? {}
        : { deliveredAt: fulfilledAt + l.deliveredAfter * DAY }),
    }
    return line
  })

/** A random order of one to five lines under `policy`, with payments, shipping and discounts. */
export const orderArbitrary = (
  policy: ReturnPolicy.ReturnPolicy,
): FastCheck.Arbitrary<Decision.OrderFacts> =>
  FastCheck.integer({ min: 1, max: 5 })
    .chain((count) =>
      FastCheck.tuple(
        FastCheck.tuple(...Array.from({ length: count }, (_, i) => lineArbitrary(`line-${i}`))),
        FastCheck.double({ min: 0, max: 0.3, noNaN: true }),
        FastCheck.integer({ min: 0, max: 2000 }),
        FastCheck.double({ min: 0, max: 1, noNaN: true }),
        FastCheck.double({ min: 0, max: 1.3, noNaN: true }),
        FastCheck.double({ min: 0, max: 0.5, noNaN: true }),
        FastCheck.double({ min: 0, max: 0.3, noNaN: true }),
        FastCheck.option(FastCheck.constantFrom("gold", "silver"), { nil: undefined }),
        FastCheck.constantFrom("Europe/Berlin", "America/New_York", "Asia/Tokyo"),
      ),
    )
    .map(
      ([
        lines,
        orderDiscountShare,
        shippingPaid,
        shippingRefundedShare,
        capturedShare,
        refundedShare,
        creditShare,
        tier,
        zone,
      ]) => {
        const cleaned = lines
        const net = cleaned.reduce(
          (sum, line) =>
            sum + line.unitPrice.amount * line.quantity - (line.lineDiscount?.amount ?? 0),
          0,
        )
        const orderDiscount = Math.floor(net * orderDiscountShare)
        const paid = Math.floor((net - orderDiscount) * capturedShare) + shippingPaid
        const refunded = Math.floor(paid * refundedShare)
        const credit = Math.floor(paid * creditShare)
        return orderOf(policy, cleaned, {
          ...(orderDiscount > 0 && net > 0 ? { orderDiscount: eur(orderDiscount) } : {}),
          ...(tier === undefined ? {} : { customerTier: tier }),
          customerZone: Period.TimeZone.make(zone),
          shipping: {
            paid: eur(shippingPaid),
            refunded: eur(Math.floor(shippingPaid * shippingRefundedShare)),
          },
          payments: {
            captured: eur(paid),
            refunded: eur(refunded),
            storeCreditIssued: eur(credit),
          },
        })
      },
    )

const reasonCodes = ReturnPolicy.defaultReasons.map((reason) => reason.code)

/** A random request on some of the order's lines, filed by a clerk (mostly verified) or the customer. */
export const requestArbitrary = (
  order: Decision.OrderFacts,
): FastCheck.Arbitrary<Decision.ReturnRequest> =>
  FastCheck.tuple(
    FastCheck.shuffledSubarray([...order.lines], { minLength: 1 }).chain((lines) =>
      FastCheck.tuple(
        ...lines.map((line) =>
          FastCheck.record({
            quantity: FastCheck.integer({ min: 1, max: line.quantity + 1 }),
            reasonCode: FastCheck.constantFrom(...reasonCodes),
            note: mostly<string | undefined>("See the photo", FastCheck.constant(undefined)),
            condition: conditionArbitrary,
            resolution: resolutionArbitrary,
            replacementPrice: FastCheck.integer({ min: 0, max: 100_000 }),
            replacementQuantity: FastCheck.integer({ min: 1, max: 3 }),
            inStock: FastCheck.boolean(),
            backorderAllowed: FastCheck.boolean(),
          }).map((r) =>
            returning(line.id, {
              quantity: r.quantity,
              reasonCode: r.reasonCode,
              ...(r.note === undefined ? {} : { note: r.note }),
              condition: r.condition,
              resolution: r.resolution,
              ...(r.resolution === "exchange"
                ? {
                    exchangeFor: {
                      sku: `SKU-${line.id}-swap`,
                      quantity: r.replacementQuantity,
                      unitPrice: eur(r.replacementPrice),
                      inStock: r.inStock,
                      backorderAllowed: r.backorderAllowed,
                    },
                  }
                : {}),
            }),
          ),
        ),
      ),
    ),
    FastCheck.integer({ min: 0, max: 80 }),
    FastCheck.constantFrom("staff", "staff", "staff", "customer"),
    mostly<"verified" | "failed" | "absent">(
      "verified",
      FastCheck.constantFrom("verified", "failed", "absent"),
    ),
    FastCheck.option(FastCheck.constantFrom("original" as const, "storeCredit" as const), {
      nil: undefined,
    }),
  ).map(([lines, days, actor, verification, refundTo]) => {
    const request: Decision.ReturnRequest = {
      orderId: ORDER,
      requestedAt: PLACED + days * DAY + 7 * HOUR,
      lines: lines as unknown as Decision.ReturnRequest["lines"],
      actor: actor === "staff" ? { kind: "staff", id: clerk } : { kind: "customer", id: customer },
      ...(verification === "absent"
        ? {}
        : {
            productVerification: {
              verified: verification === "verified",
              method: "orderLookup" as const,
              by: clerk,
            },
          }),
      ...(refundTo === undefined ? {} : { refundTo }),
    }
    return request
  })

/** A whole scenario: a random policy, an order under it and a request on that order. */
export const scenarioArbitrary = policyInputArbitrary()
  .map(ReturnPolicy.make)
  .chain((policy) =>
    orderArbitrary(policy).chain((order) =>
      requestArbitrary(order).map((request) => ({ policy, order, request })),
    ),
  )
