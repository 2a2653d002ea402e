/**
 * Deciding a return request (RET-3, with RET-2's authorisation rule): the facts of the
 * order, the request, and the decision — per line how many units are approved and
 * declined with machine-readable codes, the resolution and the disposition, and an
 * exact money breakdown in integer minor units.
 *
 * {@link evaluateReturn} is a pure function of the policy snapshot the order was
 * placed under, the order's facts, the request and `now`. Typed errors are kept for
 * malformed input (an unknown order line, a currency that does not match, a negative
 * quantity, a policy snapshot other than the order's); business refusals are
 * declined quantities with codes, never errors. It takes values that are already of
 * the schemas' types (decode untrusted input at the boundary with the schemas here)
 * and only re-checks, by hand and cheaply, what a typed value can still get wrong.
 *
 * @since 0.1.0
 */
import type { CalendarError } from "@clientele/calendar"
import { type Errors, Ids, Money, Period, Personal } from "@clientele/core"
import type * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import { evaluate } from "./internal/evaluation.js"
import * as ReturnPolicy from "./ReturnPolicy.js"

const PositiveInt = Schema.Int.pipe(Schema.positive())
const NonNegativeInt = Schema.Int.pipe(Schema.nonNegative())

/**
 * The tax of an order line: a rate in basis points (10 % = 1000) applied to the
 * line's price after discounts, or the line's tax amount as charged. With
 * `taxInclusive` on the line, the tax is part of the price; otherwise it was added
 * on top.
 *
 * @example
 * ```ts
 * import type { Decision } from "@clientele/returns"
 * import { Money } from "@clientele/core"
 *
 * const vat: Decision.Tax = { rateBasisPoints: 2000 }
 * const charged: Decision.Tax = { amount: Money.make(1800, "EUR") }
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Tax = Schema.Union(
  Schema.Struct({ rateBasisPoints: Schema.Int.pipe(Schema.between(0, 100_000)) }),
  Schema.Struct({ amount: Money.Money }),
).annotations({ identifier: "ReturnTax" })

/**
 * The type of {@link Tax}.
 *
 * @example
 * ```ts
 * import type { Decision } from "@clientele/returns"
 *
 * const tenPercent: Decision.Tax = { rateBasisPoints: 1000 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Tax = typeof Tax.Type

/**
 * One line of an order as the decision needs it: what was bought (SKU, product,
 * categories, tags), how many were ordered, fulfilled (with the instants of
 * fulfilment and delivery), already requested in open returns and already returned,
 * the unit price, the line's own discount, its share of the order-level discount,
 * its tax, whether it was itself received in an exchange (`exchangedFrom`: the line
 * of this order it replaced, whose unit price is the value credited plus any
 * difference paid) and whether the company sold it (`soldByUs`, false for a
 * marketplace seller's line).
 *
 * @remarks
 * Units already requested (in open returns) and already returned both count as gone:
 * a line can return `fulfilledQuantity − alreadyRequestedQuantity −
 * alreadyReturnedQuantity` more units. When `orderDiscountShare` is missing, the
 * line's share of the order's `orderDiscount` is computed by the largest-remainder
 * rule over the lines' prices after their own discounts.
 *
 * @example
 * ```ts
 * import { Decision } from "@clientele/returns"
 * import { Ids, Money } from "@clientele/core"
 *
 * const line = Decision.OrderLine.make({
 *   id: "line-1",
 *   sku: "MUG-1",
 *   productId: Ids.ProductId.make("mug"),
 *   categories: ["kitchen"],
 *   tags: [],
 *   quantity: 2,
 *   fulfilledQuantity: 2,
 *   fulfilledAt: Date.UTC(2024, 5, 1),
 *   deliveredAt: Date.UTC(2024, 5, 3),
 *   alreadyRequestedQuantity: 0,
 *   alreadyReturnedQuantity: 0,
 *   unitPrice: Money.make(100, "EUR"),
 *   tax: { rateBasisPoints: 1000 },
 *   taxInclusive: false,
 *   soldByUs: true,
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const OrderLine = Schema.Struct({
  id: Ids.IdString,
  sku: Ids.IdString,
  productId: Ids.ProductId,
  categories: Schema.optionalWith(Schema.Array(Ids.IdString), { default: () => [] }),
  tags: Schema.optionalWith(Schema.Array(Ids.IdString), { default: () => [] }),
  quantity: PositiveInt,
  fulfilledQuantity: NonNegativeInt,
  fulfilledAt: Schema.optional(Period.Instant),
  deliveredAt: Schema.optional(Period.Instant),
  alreadyRequestedQuantity: Schema.optionalWith(NonNegativeInt, { default: () => 0 }),
  alreadyReturnedQuantity: Schema.optionalWith(NonNegativeInt, { default: () => 0 }),
  unitPrice: Money.Money,
  lineDiscount: Schema.optional(Money.Money),
  orderDiscountShare: Schema.optional(Money.Money),
  tax: Schema.optional(Tax),
  taxInclusive: Schema.optionalWith(Schema.Boolean, { default: () => false }),
  exchangedFrom: Schema.optional(Ids.IdString),
  soldByUs: Schema.optionalWith(Schema.Boolean, { default: () => true }),
}).annotations({ identifier: "ReturnOrderLine" })

/**
 * The type of {@link OrderLine}.
 *
 * @example
 * ```ts
 * import type { Decision } from "@clientele/returns"
 * import { Ids, Money } from "@clientele/core"
 *
 * const line: Decision.OrderLine = {
 *   id: "line-1",
 *   sku: "MUG-1",
 *   productId: Ids.ProductId.make("mug"),
 *   categories: [],
 *   tags: [],
 *   quantity: 1,
 *   fulfilledQuantity: 1,
 *   fulfilledAt: Date.UTC(2024, 5, 1),
 *   alreadyRequestedQuantity: 0,
 *   alreadyReturnedQuantity: 0,
 *   unitPrice: Money.make(1200, "EUR"),
 *   taxInclusive: true,
 *   soldByUs: true,
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type OrderLine = typeof OrderLine.Type

/**
 * The facts of an order a decision needs (the engine computes none of them): when it
 * was placed, its currency, the customer's zone and tier, the return policy snapshot
 * it was placed under, its lines, an optional order-level discount to prorate, the
 * shipping paid and refunded, and the payments captured, refunded and issued as
 * store credit.
 *
 * @remarks
 * Without `customerZone`, a window that closes in the customer's zone closes in the
 * store's zone.
 *
 * @example
 * ```ts
 * import { Decision, ReturnPolicy } from "@clientele/returns"
 * import { Ids, Money, Period } from "@clientele/core"
 *
 * const eur = (amount: number) => Money.make(amount, "EUR")
 * const order = Decision.OrderFacts.make({
 *   orderId: Ids.OrderId.make("order-1"),
 *   placedAt: Date.UTC(2024, 5, 1),
 *   currency: Money.CurrencyCode.make("EUR"),
 *   customerZone: Period.TimeZone.make("Europe/Paris"),
 *   policy: { id: ReturnPolicy.PolicyId.make("default"), version: 1 },
 *   lines: [
 *     Decision.OrderLine.make({
 *       id: "line-1",
 *       sku: "MUG-1",
 *       productId: Ids.ProductId.make("mug"),
 *       quantity: 2,
 *       fulfilledQuantity: 2,
 *       fulfilledAt: Date.UTC(2024, 5, 2),
 *       unitPrice: eur(100),
 *     }),
 *   ],
 *   orderDiscount: eur(20),
 *   shipping: { paid: eur(500), refunded: eur(0) },
 *   payments: { captured: eur(680), refunded: eur(0), storeCreditIssued: eur(0) },
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const OrderFacts = Schema.Struct({
  orderId: Ids.OrderId,
  placedAt: Period.Instant,
  currency: Money.CurrencyCode,
  customerZone: Schema.optional(Period.TimeZone),
  customerTier: Schema.optional(Ids.IdString),
  policy: ReturnPolicy.PolicyReference,
  lines: Schema.NonEmptyArray(OrderLine),
  orderDiscount: Schema.optional(Money.Money),
  shipping: Schema.Struct({ paid: Money.Money, refunded: Money.Money }),
  payments: Schema.Struct({
    captured: Money.Money,
    refunded: Money.Money,
    storeCreditIssued: Money.Money,
  }),
}).annotations({ identifier: "ReturnOrderFacts" })

/**
 * The type of {@link OrderFacts}.
 *
 * @example
 * ```ts
 * import type { Decision } from "@clientele/returns"
 *
 * const placedAt = (order: Decision.OrderFacts): number => order.placedAt
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type OrderFacts = typeof OrderFacts.Type

/**
 * The replacement of an exchange: what, how many, at which price per unit (what the
 * customer pays for one, tax included), and whether it is in stock or may be
 * back-ordered.
 *
 * @example
 * ```ts
 * import { Decision } from "@clientele/returns"
 * import { Money } from "@clientele/core"
 *
 * const larger = Decision.Replacement.make({
 *   sku: "TSHIRT-L",
 *   quantity: 1,
 *   unitPrice: Money.make(2500, "EUR"),
 *   inStock: true,
 *   backorderAllowed: false,
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Replacement = Schema.Struct({
  sku: Ids.IdString,
  quantity: PositiveInt,
  unitPrice: Money.Money,
  inStock: Schema.Boolean,
  backorderAllowed: Schema.optionalWith(Schema.Boolean, { default: () => false }),
}).annotations({ identifier: "ReturnReplacement" })

/**
 * The type of {@link Replacement}.
 *
 * @example
 * ```ts
 * import type { Decision } from "@clientele/returns"
 * import { Money } from "@clientele/core"
 *
 * const replacement: Decision.Replacement = {
 *   sku: "TSHIRT-L",
 *   quantity: 1,
 *   unitPrice: Money.make(2500, "EUR"),
 *   inStock: false,
 *   backorderAllowed: true,
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Replacement = typeof Replacement.Type

/**
 * One line of a return request: which order line, how many units, the reason code
 * (a leaf of the policy's catalogue; `other` needs a `note`), the item's condition,
 * the resolution asked for and, for an exchange, the replacement.
 *
 * @example
 * ```ts
 * import { Decision } from "@clientele/returns"
 *
 * const line = Decision.RequestLine.make({
 *   orderLineId: "line-1",
 *   quantity: 1,
 *   reasonCode: "tooSmall",
 *   condition: "unopened",
 *   resolution: "refund",
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const RequestLine = Schema.Struct({
  orderLineId: Ids.IdString,
  quantity: PositiveInt,
  reasonCode: ReturnPolicy.ReasonCode,
  note: Schema.optional(
    Personal.personal(Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(4000))),
  ),
  condition: ReturnPolicy.Condition,
  resolution: ReturnPolicy.Resolution,
  exchangeFor: Schema.optional(Replacement),
}).annotations({ identifier: "ReturnRequestLine" })

/**
 * The type of {@link RequestLine}.
 *
 * @example
 * ```ts
 * import type { Decision } from "@clientele/returns"
 *
 * const line: Decision.RequestLine = {
 *   orderLineId: "line-1",
 *   quantity: 1,
 *   reasonCode: "other",
 *   note: "The colour differs from the photo",
 *   condition: "opened",
 *   resolution: "storeCredit",
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type RequestLine = typeof RequestLine.Type

/**
 * Who files the request: the customer (self-service) or a staff member (at the
 * counter, on the phone).
 *
 * @example
 * ```ts
 * import type { Decision } from "@clientele/returns"
 * import { Ids } from "@clientele/core"
 *
 * const clerk: Decision.Actor = { kind: "staff", id: Ids.StaffId.make("clerk-7") }
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Actor = Schema.Union(
  Schema.Struct({ kind: Schema.Literal("customer"), id: Ids.CustomerId }),
  Schema.Struct({ kind: Schema.Literal("staff"), id: Ids.StaffId }),
).annotations({ identifier: "ReturnActor" })

/**
 * The type of {@link Actor}.
 *
 * @example
 * ```ts
 * import type { Decision } from "@clientele/returns"
 * import { Ids } from "@clientele/core"
 *
 * const customer: Decision.Actor = { kind: "customer", id: Ids.CustomerId.make("cus-42") }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Actor = typeof Actor.Type

/**
 * The confirmation that the product is the company's own (RET-2): whether it was
 * verified, how, by which staff member, when, and an optional reference (the serial
 * or receipt number).
 *
 * @example
 * ```ts
 * import { Decision } from "@clientele/returns"
 * import { Ids } from "@clientele/core"
 *
 * const checked = Decision.ProductVerification.make({
 *   verified: true,
 *   method: "serial",
 *   by: Ids.StaffId.make("clerk-7"),
 *   reference: "SN-0042",
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ProductVerification = Schema.Struct({
  verified: Schema.Boolean,
  method: ReturnPolicy.VerificationMethod,
  by: Ids.StaffId,
  at: Schema.optional(Period.Instant),
  reference: Schema.optional(Ids.IdString),
}).annotations({ identifier: "ProductVerification" })

/**
 * The type of {@link ProductVerification}.
 *
 * @example
 * ```ts
 * import type { Decision } from "@clientele/returns"
 * import { Ids } from "@clientele/core"
 *
 * const failed: Decision.ProductVerification = { verified: false, method: "visual", by: Ids.StaffId.make("clerk-7") }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type ProductVerification = typeof ProductVerification.Type

/**
 * A return request: the order, when it was requested (the instant the window is
 * checked against), its lines, who files it (and for which customer, when staff file
 * it), the product verification, and where the customer wants a refund to go when
 * the policy lets them choose.
 *
 * @example
 * ```ts
 * import { Decision } from "@clientele/returns"
 * import { Ids } from "@clientele/core"
 *
 * const request = Decision.ReturnRequest.make({
 *   orderId: Ids.OrderId.make("order-1"),
 *   requestedAt: Date.UTC(2024, 5, 10, 15),
 *   lines: [{ orderLineId: "line-1", quantity: 1, reasonCode: "changedMind", condition: "unopened", resolution: "refund" }],
 *   actor: { kind: "staff", id: Ids.StaffId.make("clerk-7") },
 *   productVerification: { verified: true, method: "orderLookup", by: Ids.StaffId.make("clerk-7") },
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ReturnRequest = Schema.Struct({
  orderId: Ids.OrderId,
  requestedAt: Period.Instant,
  lines: Schema.NonEmptyArray(RequestLine),
  actor: Actor,
  /**
   * The customer the return is for, when staff file it: the case is then found by
   * customer (an erasure reaches its notes). A customer filing is that customer.
   */
  customerId: Schema.optional(Ids.CustomerId),
  productVerification: Schema.optional(ProductVerification),
  refundTo: Schema.optional(Schema.Literal("original", "storeCredit")),
}).pipe(
  Schema.filter(
    (request) =>
      request.customerId === undefined ||
      request.actor.kind === "staff" ||
      request.customerId === request.actor.id || {
        path: ["customerId"],
        message: "a customer files a return for themselves: customerId must be the actor's id",
      },
  ),
  Schema.annotations({ identifier: "ReturnRequest" }),
)

/**
 * The type of {@link ReturnRequest}.
 *
 * @example
 * ```ts
 * import type { Decision } from "@clientele/returns"
 *
 * const lineCount = (request: Decision.ReturnRequest): number => request.lines.length
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type ReturnRequest = typeof ReturnRequest.Type

/**
 * The machine-readable codes of a line decision. Declining codes: `WINDOW_EXPIRED`,
 * `FINAL_SALE`, `NOT_RETURNABLE_CATEGORY`, `QUANTITY_EXCEEDS_RETURNABLE`,
 * `NOT_FULFILLED`, `PRODUCT_NOT_VERIFIED`, `NOT_SOLD_BY_US`, `REASON_NOT_LEAF`,
 * `REASON_RETIRED`, `NOTE_REQUIRED`, `RESOLUTION_NOT_ALLOWED`,
 * `CONDITION_NOT_ACCEPTED`. `REPLACEMENT_OUT_OF_STOCK` records that an exchange fell
 * back to a refund (or store credit; it declines the line only when neither is
 * allowed), and `REPLACEMENT_BACKORDERED` that the replacement will be back-ordered.
 *
 * @example
 * ```ts
 * import { Decision } from "@clientele/returns"
 *
 * Decision.DecisionCode.literals.includes("WINDOW_EXPIRED") // true
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const DecisionCode = Schema.Literal(
  "WINDOW_EXPIRED",
  "FINAL_SALE",
  "NOT_RETURNABLE_CATEGORY",
  "QUANTITY_EXCEEDS_RETURNABLE",
  "NOT_FULFILLED",
  "PRODUCT_NOT_VERIFIED",
  "NOT_SOLD_BY_US",
  "REASON_NOT_LEAF",
  "REASON_RETIRED",
  "NOTE_REQUIRED",
  "RESOLUTION_NOT_ALLOWED",
  "CONDITION_NOT_ACCEPTED",
  "REPLACEMENT_OUT_OF_STOCK",
  "REPLACEMENT_BACKORDERED",
)

/**
 * The type of {@link DecisionCode}.
 *
 * @example
 * ```ts
 * import type { Decision } from "@clientele/returns"
 *
 * const code: Decision.DecisionCode = "FINAL_SALE"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type DecisionCode = typeof DecisionCode.Type

/**
 * The money of one approved line (all amounts positive): the list price of the
 * approved units, the discounts taken back (line discount and order-discount
 * share), the tax added back (`tax`, for tax-exclusive prices) or contained in the
 * price (`includedTax`), the restocking fee, the charge of an exchange's
 * replacement, and where the line's value goes.
 *
 * @example
 * ```ts
 * import { Decision } from "@clientele/returns"
 * import { Money } from "@clientele/core"
 *
 * const eur = (amount: number) => Money.make(amount, "EUR")
 * const money = Decision.LineMoney.make({
 *   itemsGross: eur(100),
 *   discount: eur(10),
 *   tax: eur(9),
 *   includedTax: eur(0),
 *   restockingFee: eur(0),
 *   exchangeCharge: eur(0),
 *   refundTo: "original",
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const LineMoney = Schema.Struct({
  itemsGross: Money.Money,
  discount: Money.Money,
  tax: Money.Money,
  includedTax: Money.Money,
  restockingFee: Money.Money,
  exchangeCharge: Money.Money,
  refundTo: Schema.Literal("original", "storeCredit", "exchange"),
}).annotations({ identifier: "ReturnLineMoney" })

/**
 * The type of {@link LineMoney}.
 *
 * @example
 * ```ts
 * import type { Decision } from "@clientele/returns"
 * import { Money } from "@clientele/core"
 *
 * const value = (money: Decision.LineMoney): number =>
 *   money.itemsGross.amount - money.discount.amount + money.tax.amount - money.restockingFee.amount
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type LineMoney = typeof LineMoney.Type

/**
 * The decision on one request line: units requested, approved and declined (always
 * `approved + declined = requested`), the codes that explain every declined unit and
 * every change from what was asked, the resolution asked for and the one granted,
 * the disposition, the end of the line's window (absent when unlimited or not
 * computed), the replacement of an exchange, and the money of the approved units.
 *
 * @example
 * ```ts
 * import type { Decision } from "@clientele/returns"
 *
 * const explain = (line: Decision.LineDecision): string =>
 *   `${line.approved}/${line.requested} approved${line.codes.length > 0 ? ` (${line.codes.join(", ")})` : ""}`
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const LineDecision = Schema.Struct({
  orderLineId: Ids.IdString,
  requested: NonNegativeInt,
  approved: NonNegativeInt,
  declined: NonNegativeInt,
  codes: Schema.Array(DecisionCode),
  requestedResolution: ReturnPolicy.Resolution,
  resolution: ReturnPolicy.Resolution,
  disposition: ReturnPolicy.Disposition,
  windowEndsAt: Schema.optional(Period.Instant),
  exchange: Schema.optional(
    Schema.Struct({
      sku: Ids.IdString,
      quantity: PositiveInt,
      unitPrice: Money.Money,
      backordered: Schema.Boolean,
    }),
  ),
  money: Schema.optional(LineMoney),
}).annotations({ identifier: "ReturnLineDecision" })

/**
 * The type of {@link LineDecision}.
 *
 * @example
 * ```ts
 * import type { Decision } from "@clientele/returns"
 *
 * const isWrittenOff = (line: Decision.LineDecision): boolean => line.disposition === "writeOff"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type LineDecision = typeof LineDecision.Type

/**
 * Where the decision's money goes.
 *
 * @example
 * ```ts
 * import { Decision } from "@clientele/returns"
 *
 * Decision.Destination.literals // ["original", "storeCredit", "split", "none"]
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Destination = Schema.Literal("original", "storeCredit", "split", "none")

/**
 * The type of {@link Destination}.
 *
 * @example
 * ```ts
 * import type { Decision } from "@clientele/returns"
 *
 * const destination: Decision.Destination = "split"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Destination = typeof Destination.Type

/**
 * The exact money of a decision, in the policy's currency. The pieces are the sums of
 * the approved lines' {@link LineMoney} plus the order-level amounts, and they add up:
 *
 * `total + cappedBy = itemsGross − discount + tax + shipping − restockingFee −
 * returnShippingFee − exchangeCharges`
 *
 * `total` is signed: positive is paid to the customer (`toOriginalMethod +
 * toStoreCredit`), negative is owed by the customer (an exchange for a dearer item).
 * `exchangeDifference` is what the replacements cost minus the value of the items
 * exchanged (positive: the customer owes it). `cappedBy` is present when the total
 * was reduced to what the customer paid and has not yet received back.
 *
 * @example
 * ```ts
 * import type { Decision } from "@clientele/returns"
 *
 * const paidOut = (money: Decision.Refund): number => money.toOriginalMethod.amount + money.toStoreCredit.amount
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Refund = Schema.Struct({
  itemsGross: Money.Money,
  discount: Money.Money,
  tax: Money.Money,
  includedTax: Money.Money,
  shipping: Money.Money,
  restockingFee: Money.Money,
  returnShippingFee: Money.Money,
  exchangeCharges: Money.Money,
  exchangeDifference: Money.Money,
  total: Money.Money,
  cappedBy: Schema.optional(Money.Money),
  toOriginalMethod: Money.Money,
  toStoreCredit: Money.Money,
  destination: Destination,
}).annotations({ identifier: "ReturnRefund" })

/**
 * The type of {@link Refund}.
 *
 * @example
 * ```ts
 * import type { Decision } from "@clientele/returns"
 *
 * const customerOwes = (money: Decision.Refund): boolean => money.total.amount < 0
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Refund = typeof Refund.Type

/**
 * The outcome of a decision: every unit approved, some, none, or — for a customer's
 * self-service request without a product verification — approved pending
 * verification (`needsVerification`: no money may move yet).
 *
 * @example
 * ```ts
 * import { Decision } from "@clientele/returns"
 *
 * Decision.Outcome.literals // ["approved", "partiallyApproved", "declined", "needsVerification"]
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Outcome = Schema.Literal(
  "approved",
  "partiallyApproved",
  "declined",
  "needsVerification",
)

/**
 * The type of {@link Outcome}.
 *
 * @example
 * ```ts
 * import type { Decision } from "@clientele/returns"
 *
 * const outcome: Decision.Outcome = "partiallyApproved"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Outcome = typeof Outcome.Type

/**
 * A return decision (RET-3): its outcome, the policy snapshot used, the order, when
 * it was requested and evaluated, who filed it and — once the product was verified
 * and something was approved — who authorised it (RET-2, with no approval chain: the
 * staff member who filed it, or for a customer's own request the staff member who
 * verified the product), the latest window end among its lines, the line decisions
 * and the money.
 *
 * @example
 * ```ts
 * import type { Decision } from "@clientele/returns"
 *
 * const summary = (decision: Decision.ReturnDecision): string =>
 *   `${decision.outcome} under ${decision.policy.id} v${decision.policy.version}: ${decision.money.total.amount}`
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ReturnDecision = Schema.Struct({
  outcome: Outcome,
  policy: ReturnPolicy.PolicyReference,
  orderId: Ids.OrderId,
  requestedAt: Period.Instant,
  evaluatedAt: Period.Instant,
  actor: Actor,
  authorisedBy: Schema.optional(Ids.StaffId),
  windowEndsAt: Schema.optional(Period.Instant),
  lines: Schema.Array(LineDecision),
  money: Refund,
}).annotations({ identifier: "ReturnDecision" })

/**
 * The type of {@link ReturnDecision}.
 *
 * @example
 * ```ts
 * import type { Decision } from "@clientele/returns"
 *
 * const approvedUnits = (decision: Decision.ReturnDecision): number =>
 *   decision.lines.reduce((sum, line) => sum + line.approved, 0)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type ReturnDecision = typeof ReturnDecision.Type

/**
 * The units of an order line that can still be returned: fulfilled, minus those in
 * open return requests, minus those already returned (never below zero).
 *
 * @example
 * ```ts
 * import { Decision } from "@clientele/returns"
 * import { Ids, Money } from "@clientele/core"
 *
 * const line = Decision.OrderLine.make({
 *   id: "line-1",
 *   sku: "MUG-1",
 *   productId: Ids.ProductId.make("mug"),
 *   quantity: 3,
 *   fulfilledQuantity: 3,
 *   alreadyReturnedQuantity: 1,
 *   unitPrice: Money.make(100, "EUR"),
 * })
 * Decision.returnableQuantity(line) // 2
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const returnableQuantity = (line: OrderLine): number =>
  Math.max(0, line.fulfilledQuantity - line.alreadyRequestedQuantity - line.alreadyReturnedQuantity)

/**
 * The errors of {@link evaluateReturn}: all of them mean malformed input, never a
 * refusal.
 *
 * @example
 * ```ts
 * import type { Decision } from "@clientele/returns"
 *
 * const describe = (error: Decision.EvaluationError): string => `${error._tag}: ${error.message}`
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export type EvaluationError =
  | PolicySnapshotMismatchError
  | Errors.ValidationError
  | Money.CurrencyMismatchError
  | Money.MoneyOverflowError
  | CalendarError.CalendarError

/**
 * Evaluates a return request against the policy snapshot the order was placed under
 * (RET-3, RET-2).
 *
 * Errors (malformed input only):
 * - the order names another policy snapshot → `PolicySnapshotMismatchError`, so a
 *   caller can never evaluate an old order against the current policy by mistake;
 * - a money amount of the order or of a replacement is not in the policy's currency →
 *   `Money.CurrencyMismatchError` (its `operation` names the field);
 * - anything else malformed → one `ValidationError` naming every path: another
 *   order, a request before the order or after `now`, an unknown or repeated order
 *   line, a quantity that is not a positive integer, a reason code outside the
 *   catalogue, a replacement without an exchange or the reverse, inconsistent order
 *   facts (discounts above the price, more units returned than fulfilled), a window
 *   anchor without its date;
 * - a business-day extension whose calendar has no working day →
 *   `CalendarError`; amounts beyond the safe-integer range → `MoneyOverflowError`.
 *
 * Each line is then decided on its own. Every rule that applies adds its code, so a
 * refusal explains itself fully: not sold by us; product not verified (a staff
 * request without verification, or a verification that failed or used a method the
 * policy does not accept); a reason that is a parent, retired, or `other` without a
 * note; a condition not accepted; a resolution not allowed; final sale (or an
 * exchanged item under `exchangedItems: "finalSale"`); a category that is not
 * returnable; nothing fulfilled; a request at or after the window's end. Any of
 * these declines the whole line; otherwise `min(requested, returnable)` units are
 * approved and the rest declined with `NOT_FULFILLED` (units not shipped yet) and/or
 * `QUANTITY_EXCEEDS_RETURNABLE`. An exchange whose replacement is out of stock and
 * cannot be back-ordered falls back to a refund (or store credit), recorded with
 * `REPLACEMENT_OUT_OF_STOCK`.
 *
 * The window is checked at `request.requestedAt` (a request filed in time is honoured
 * when it is evaluated later); `now` is the evaluation instant, recorded on the
 * decision. Money: see {@link Refund}. A line's amounts are its units' shares of the
 * line's totals with the last unit taking the remainder, counted after the units
 * already requested or returned, so returning 1 and then 2 of 3 units refunds
 * exactly what returning 3 at once does. The restocking fee follows the same rule.
 * The original shipping is refunded (what is left of it) only when, with this
 * return, every fulfilled unit of the order has been returned for money. The
 * positive total never exceeds `captured − refunded − storeCreditIssued`.
 *
 * @remarks
 * RET-2, self-service: a customer's request without any product verification is
 * evaluated like any other, but its outcome is `needsVerification` instead of
 * approved: the customer sees what would be approved and for how much, and no money
 * moves until a staff member verifies the product and the request is evaluated
 * again with the verification. A staff member's request must carry the verification
 * (the product is in front of them), else every line is declined with
 * `PRODUCT_NOT_VERIFIED`; so is any request whose verification failed.
 *
 * Order-level amounts (the original shipping refunded, the return shipping fee and
 * the replacements' charges) settle through the destination of refunds
 * (`refundDestination`, or the request's `refundTo` when the customer chooses). A
 * cap reduces the original-method part before the store-credit part: RULES.md does
 * not say, and we prefer to hold back cash leaving the business rather than credit
 * that stays in it. A refund that replaces an out-of-stock exchange carries neither
 * a restocking fee nor (while exchanges ship back free) a return shipping fee: the
 * customer asked for an exchange we could not make. Repairs move no money.
 *
 * @example
 * ```ts
 * import { Decision, ReturnPolicy } from "@clientele/returns"
 * import { Ids, Money } from "@clientele/core"
 * import * as Either from "effect/Either"
 *
 * const eur = (amount: number) => Money.make(amount, "EUR")
 * const policy = ReturnPolicy.defaultPolicy("EUR", "Europe/Berlin")
 * const order = Decision.OrderFacts.make({
 *   orderId: Ids.OrderId.make("order-1"),
 *   placedAt: Date.UTC(2024, 5, 1),
 *   currency: Money.CurrencyCode.make("EUR"),
 *   policy: ReturnPolicy.reference(policy),
 *   lines: [
 *     Decision.OrderLine.make({
 *       id: "line-1",
 *       sku: "MUG-1",
 *       productId: Ids.ProductId.make("mug"),
 *       quantity: 2,
 *       fulfilledQuantity: 2,
 *       fulfilledAt: Date.UTC(2024, 5, 2),
 *       deliveredAt: Date.UTC(2024, 5, 4),
 *       unitPrice: eur(100),
 *       tax: { rateBasisPoints: 1000 },
 *     }),
 *   ],
 *   orderDiscount: eur(20),
 *   shipping: { paid: eur(0), refunded: eur(0) },
 *   payments: { captured: eur(198), refunded: eur(0), storeCreditIssued: eur(0) },
 * })
 * const clerk = Ids.StaffId.make("clerk-7")
 * const decision = Decision.evaluateReturn(
 *   policy,
 *   order,
 *   Decision.ReturnRequest.make({
 *     orderId: order.orderId,
 *     requestedAt: Date.UTC(2024, 5, 10),
 *     lines: [{ orderLineId: "line-1", quantity: 1, reasonCode: "changedMind", condition: "unopened", resolution: "refund" }],
 *     actor: { kind: "staff", id: clerk },
 *     productVerification: { verified: true, method: "orderLookup", by: clerk },
 *   }),
 *   Date.UTC(2024, 5, 10),
 * )
 * Either.map(decision, (d) => d.money.total.amount) // Right(99): 100 − 10 discount + 9 tax
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const evaluateReturn = (
  policy: ReturnPolicy.ReturnPolicy,
  order: OrderFacts,
  request: ReturnRequest,
  now: number,
): Either.Either<ReturnDecision, EvaluationError> => evaluate(policy, order, request, now)

/**
 * The order was placed under another policy snapshot than the one given: evaluate
 * against the snapshot the order names (`expected`), never the current policy.
 *
 * @example
 * ```ts
 * import { Decision, ReturnPolicy } from "@clientele/returns"
 * import { Ids } from "@clientele/core"
 *
 * const error = new Decision.PolicySnapshotMismatchError({
 *   orderId: Ids.OrderId.make("order-1"),
 *   expected: { id: ReturnPolicy.PolicyId.make("standard"), version: 1 },
 *   given: { id: ReturnPolicy.PolicyId.make("standard"), version: 2 },
 * })
 * error.message // "order order-1 was placed under return policy standard v1, not standard v2"
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class PolicySnapshotMismatchError extends Schema.TaggedError<PolicySnapshotMismatchError>(
  "@clientele/returns/PolicySnapshotMismatchError",
)("PolicySnapshotMismatchError", {
  orderId: Ids.OrderId,
  expected: ReturnPolicy.PolicyReference,
  given: ReturnPolicy.PolicyReference,
}) {
  override get message(): string {
    return `order ${this.orderId} was placed under return policy ${this.expected.id} v${this.expected.version}, not ${this.given.id} v${this.given.version}`
  }
}
