/**
 * The return and exchange policy as versioned, validated data (RET-1, RET-2): the
 * window (how many days, from which event, closing at midnight in which zone, and
 * whether a last day on a closed day rolls to the next business day), final-sale and
 * per-category exceptions, the resolutions offered, the fees and the reasons that
 * waive them, where refunds go, who may authorise a return, and the catalogue of
 * return reasons.
 *
 * A policy is a snapshot: an order records the `{ id, version }` in force when it was
 * placed, and the decision (`Decision.evaluateReturn`) is taken against that version
 * only, so changing the policy never changes the rules of orders already placed.
 * Every number of RULES.md is a default here ({@link defaultPolicy}), never a constant
 * of the code. `Publication` renders a policy for customers.
 *
 * @since 0.1.0
 */
import { WorkingCalendar } from "@clientele/calendar"
import { Errors, Ids, Money, Period } from "@clientele/core"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import { indexOf } from "./internal/reasons.js"
import { type Candidate, overrideFor, selectsAny } from "./internal/selectors.js"

const PositiveInt = Schema.Int.pipe(Schema.positive())
const Label = Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(200))
const Paragraph = Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(4000))

/**
 * The identifier of a return policy; with its `version` it names one snapshot.
 *
 * @example
 * ```ts
 * import { ReturnPolicy } from "@clientele/returns"
 *
 * const id = ReturnPolicy.PolicyId.make("standard-eu")
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const PolicyId = Ids.IdString.pipe(
  Schema.brand("ReturnPolicyId"),
  Schema.annotations({ identifier: "ReturnPolicyId" }),
)

/**
 * The type of {@link PolicyId} (a branded string).
 *
 * @example
 * ```ts
 * import { ReturnPolicy } from "@clientele/returns"
 *
 * const id: ReturnPolicy.PolicyId = ReturnPolicy.PolicyId.make("standard-eu")
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type PolicyId = typeof PolicyId.Type

/**
 * The code of a return reason in the policy's catalogue, such as `"tooSmall"`.
 *
 * @example
 * ```ts
 * import { ReturnPolicy } from "@clientele/returns"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(ReturnPolicy.ReasonCode)("tooSmall") // true
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ReasonCode = Ids.IdString.annotations({ identifier: "ReasonCode" })

/**
 * The type of {@link ReasonCode}.
 *
 * @example
 * ```ts
 * import type { ReturnPolicy } from "@clientele/returns"
 *
 * const code: ReturnPolicy.ReasonCode = "changedMind"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type ReasonCode = typeof ReasonCode.Type

/**
 * The class of a return reason, which decides the fees: `remorse` (the customer
 * changed their mind) pays them, the merchant's faults (`defect`, `wrongItem`,
 * `notAsDescribed`, `missing`) waive them by default, and `other` needs a note.
 *
 * @example
 * ```ts
 * import { ReturnPolicy } from "@clientele/returns"
 *
 * ReturnPolicy.ReasonClass.literals // ["remorse", "defect", "wrongItem", "notAsDescribed", "missing", "other"]
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ReasonClass = Schema.Literal(
  "remorse",
  "defect",
  "wrongItem",
  "notAsDescribed",
  "missing",
  "other",
)

/**
 * The type of {@link ReasonClass}.
 *
 * @example
 * ```ts
 * import type { ReturnPolicy } from "@clientele/returns"
 *
 * const reasonClass: ReturnPolicy.ReasonClass = "defect"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type ReasonClass = typeof ReasonClass.Type

/**
 * What the customer gets for a returned item: their money back, another item, store
 * credit, or the item repaired.
 *
 * @example
 * ```ts
 * import { ReturnPolicy } from "@clientele/returns"
 *
 * ReturnPolicy.Resolution.literals // ["refund", "exchange", "storeCredit", "repair"]
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Resolution = Schema.Literal("refund", "exchange", "storeCredit", "repair")

/**
 * The type of {@link Resolution}.
 *
 * @example
 * ```ts
 * import type { ReturnPolicy } from "@clientele/returns"
 *
 * const resolution: ReturnPolicy.Resolution = "exchange"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Resolution = typeof Resolution.Type

/**
 * The condition of a returned item as the customer or the counter reports it.
 *
 * @example
 * ```ts
 * import { ReturnPolicy } from "@clientele/returns"
 *
 * ReturnPolicy.Condition.literals // ["unopened", "opened", "damaged"]
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Condition = Schema.Literal("unopened", "opened", "damaged")

/**
 * The type of {@link Condition}.
 *
 * @example
 * ```ts
 * import type { ReturnPolicy } from "@clientele/returns"
 *
 * const condition: ReturnPolicy.Condition = "opened"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Condition = typeof Condition.Type

/**
 * What the warehouse does with a returned item: put it back on sale, inspect it
 * first, or write it off.
 *
 * @example
 * ```ts
 * import { ReturnPolicy } from "@clientele/returns"
 *
 * ReturnPolicy.Disposition.literals // ["restock", "inspect", "writeOff"]
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Disposition = Schema.Literal("restock", "inspect", "writeOff")

/**
 * The type of {@link Disposition}.
 *
 * @example
 * ```ts
 * import type { ReturnPolicy } from "@clientele/returns"
 *
 * const disposition: ReturnPolicy.Disposition = "writeOff"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Disposition = typeof Disposition.Type

/**
 * How a staff member confirmed that a product is the company's own (RET-2): found in
 * the order, by its serial number, by the customer's receipt, or by looking at it.
 *
 * @example
 * ```ts
 * import { ReturnPolicy } from "@clientele/returns"
 *
 * ReturnPolicy.VerificationMethod.literals // ["orderLookup", "serial", "receipt", "visual"]
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const VerificationMethod = Schema.Literal("orderLookup", "serial", "receipt", "visual")

/**
 * The type of {@link VerificationMethod}.
 *
 * @example
 * ```ts
 * import type { ReturnPolicy } from "@clientele/returns"
 *
 * const method: ReturnPolicy.VerificationMethod = "serial"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type VerificationMethod = typeof VerificationMethod.Type

/**
 * How customers can bring a return back: by mail, in a store, or at a kiosk (the
 * three return methods of schema.org).
 *
 * @example
 * ```ts
 * import { ReturnPolicy } from "@clientele/returns"
 *
 * ReturnPolicy.ReturnMethod.literals // ["byMail", "inStore", "atKiosk"]
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ReturnMethod = Schema.Literal("byMail", "inStore", "atKiosk")

/**
 * The type of {@link ReturnMethod}.
 *
 * @example
 * ```ts
 * import type { ReturnPolicy } from "@clientele/returns"
 *
 * const method: ReturnPolicy.ReturnMethod = "inStore"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type ReturnMethod = typeof ReturnMethod.Type

/**
 * The event the window counts from: the purchase, the line's fulfilment (dispatch),
 * the line's delivery, or the last delivery of the order's lines (a multi-parcel
 * order gets one window that opens when its last parcel arrives).
 *
 * @example
 * ```ts
 * import { ReturnPolicy } from "@clientele/returns"
 *
 * ReturnPolicy.WindowStart.literals // ["purchase", "fulfilment", "delivery", "lastDelivery"]
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const WindowStart = Schema.Literal("purchase", "fulfilment", "delivery", "lastDelivery")

/**
 * The type of {@link WindowStart}.
 *
 * @example
 * ```ts
 * import type { ReturnPolicy } from "@clientele/returns"
 *
 * const start: ReturnPolicy.WindowStart = "delivery"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type WindowStart = typeof WindowStart.Type

/**
 * Whose midnight closes the window: the store's zone (a policy field) or the
 * customer's zone (given with the order).
 *
 * @example
 * ```ts
 * import { ReturnPolicy } from "@clientele/returns"
 *
 * ReturnPolicy.WindowClose.literals // ["storeZone", "customerZone"]
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const WindowClose = Schema.Literal("storeZone", "customerZone")

/**
 * The type of {@link WindowClose}.
 *
 * @example
 * ```ts
 * import type { ReturnPolicy } from "@clientele/returns"
 *
 * const close: ReturnPolicy.WindowClose = "customerZone"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type WindowClose = typeof WindowClose.Type

/**
 * The window of an item that was itself received in an exchange: the window of the
 * item it replaced (`originalWindow`, so exchanging never extends a window), a new
 * window from its own dates (`restartWindow`), or no return at all (`finalSale`).
 *
 * @example
 * ```ts
 * import { ReturnPolicy } from "@clientele/returns"
 *
 * ReturnPolicy.ExchangedItems.literals // ["originalWindow", "restartWindow", "finalSale"]
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ExchangedItems = Schema.Literal("originalWindow", "restartWindow", "finalSale")

/**
 * The type of {@link ExchangedItems}.
 *
 * @example
 * ```ts
 * import type { ReturnPolicy } from "@clientele/returns"
 *
 * const rule: ReturnPolicy.ExchangedItems = "originalWindow"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type ExchangedItems = typeof ExchangedItems.Type

/**
 * Where the money of a `refund` goes: back to the original payment method, to store
 * credit, or where the customer chooses (the request's `refundTo`).
 *
 * @example
 * ```ts
 * import { ReturnPolicy } from "@clientele/returns"
 *
 * ReturnPolicy.RefundDestination.literals // ["original", "storeCredit", "customerChoice"]
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const RefundDestination = Schema.Literal("original", "storeCredit", "customerChoice")

/**
 * The type of {@link RefundDestination}.
 *
 * @example
 * ```ts
 * import type { ReturnPolicy } from "@clientele/returns"
 *
 * const destination: ReturnPolicy.RefundDestination = "customerChoice"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type RefundDestination = typeof RefundDestination.Type

/**
 * One reason of the catalogue. Reasons form a tree through `parent`; only leaves may
 * be given on a request (a parent such as "Fit" is a heading for "Too small" and
 * "Too large"). A reason is never deleted: it is `retired`, so that returns filed
 * with it can still be read, while new requests cannot use it.
 *
 * @example
 * ```ts
 * import { ReturnPolicy } from "@clientele/returns"
 *
 * const tooSmall = ReturnPolicy.Reason.make({
 *   code: "tooSmall",
 *   label: "Too small",
 *   class: "remorse",
 *   parent: "fit",
 *   retired: false,
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Reason = Schema.Struct({
  code: ReasonCode,
  label: Label,
  class: ReasonClass,
  parent: Schema.optional(ReasonCode),
  retired: Schema.optionalWith(Schema.Boolean, { default: () => false }),
}).annotations({ identifier: "ReturnReason" })

/**
 * The type of {@link Reason}.
 *
 * @example
 * ```ts
 * import type { ReturnPolicy } from "@clientele/returns"
 *
 * const other: ReturnPolicy.Reason = { code: "other", label: "Something else", class: "other", retired: false }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Reason = typeof Reason.Type

/**
 * Picks items for an exception: by SKU, product, category, tag or the customer's
 * tier (any listed value matches), or by a line discount of at least `percent` %
 * of the line's list price (clearance = final sale). `label` is how publications
 * name the group ("Swimwear and underwear").
 *
 * @remarks
 * The discount selector looks at the line's own discount (`lineDiscount` against
 * unit price × quantity), not at the order-level share: a basket coupon does not
 * make an item clearance stock.
 *
 * @example
 * ```ts
 * import type { ReturnPolicy } from "@clientele/returns"
 *
 * const clearance: ReturnPolicy.Selector = { kind: "tag", values: ["clearance"] }
 * const halfPrice: ReturnPolicy.Selector = { kind: "discountAtLeast", percent: 50, label: "Items at half price or less" }
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Selector = Schema.Union(
  Schema.Struct({
    kind: Schema.Literal("sku", "product", "category", "tag", "customerTier"),
    values: Schema.NonEmptyArray(Ids.IdString),
    label: Schema.optional(Label),
  }),
  Schema.Struct({
    kind: Schema.Literal("discountAtLeast"),
    percent: Schema.Number.pipe(Schema.greaterThan(0), Schema.lessThanOrEqualTo(100)),
    label: Schema.optional(Label),
  }),
).annotations({ identifier: "ReturnSelector" })

/**
 * The type of {@link Selector}.
 *
 * @example
 * ```ts
 * import type { ReturnPolicy } from "@clientele/returns"
 *
 * const swimwear: ReturnPolicy.Selector = { kind: "category", values: ["swimwear"] }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Selector = typeof Selector.Type

/** At most a century of days keeps every window date a real date. */
const WindowDays = Schema.Int.pipe(Schema.between(1, 36_525))

/**
 * A window for the items a selector picks: other days, `unlimited`, or
 * `notReturnable`. The first override that picks an item wins.
 *
 * @example
 * ```ts
 * import type { ReturnPolicy } from "@clientele/returns"
 *
 * const underwear: ReturnPolicy.WindowOverride = {
 *   selector: { kind: "category", values: ["underwear"] },
 *   days: "notReturnable",
 * }
 * const gold: ReturnPolicy.WindowOverride = { selector: { kind: "customerTier", values: ["gold"] }, days: 60 }
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const WindowOverride = Schema.Struct({
  selector: Selector,
  days: Schema.Union(WindowDays, Schema.Literal("unlimited", "notReturnable")),
}).annotations({ identifier: "ReturnWindowOverride" })

/**
 * The type of {@link WindowOverride}.
 *
 * @example
 * ```ts
 * import type { ReturnPolicy } from "@clientele/returns"
 *
 * const electronics: ReturnPolicy.WindowOverride = { selector: { kind: "category", values: ["electronics"] }, days: 14 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type WindowOverride = typeof WindowOverride.Type

/**
 * The return window. The last day is the start's civil date (in the closing zone)
 * plus `days`, and it is included: the window closes at the midnight that ends it in
 * the zone `closesAt` names. When a delivery date is unknown, delivery is taken to be
 * fulfilment plus `transitBufferDays`. With `extendToNextBusinessDay`, a last day on
 * which that calendar has no working time moves to the next day that has some.
 *
 * @remarks
 * Defaults: `startsFrom: "delivery"`, `closesAt: "storeZone"`,
 * `transitBufferDays: 5` (a typical domestic parcel; RULES.md gives no figure),
 * `exchangedItems: "originalWindow"` and no business-day extension.
 *
 * @example
 * ```ts
 * import { ReturnPolicy } from "@clientele/returns"
 *
 * const window = ReturnPolicy.Window.make({
 *   days: 30,
 *   startsFrom: "delivery",
 *   closesAt: "storeZone",
 *   transitBufferDays: 5,
 *   exchangedItems: "originalWindow",
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Window = Schema.Struct({
  days: Schema.Union(WindowDays, Schema.Literal("unlimited")),
  startsFrom: Schema.optionalWith(WindowStart, { default: () => "delivery" as const }),
  closesAt: Schema.optionalWith(WindowClose, { default: () => "storeZone" as const }),
  transitBufferDays: Schema.optionalWith(Schema.Int.pipe(Schema.between(0, 365)), {
    default: () => 5,
  }),
  extendToNextBusinessDay: Schema.optional(WorkingCalendar.WorkingCalendar),
  exchangedItems: Schema.optionalWith(ExchangedItems, {
    default: () => "originalWindow" as const,
  }),
}).annotations({ identifier: "ReturnWindow" })

/**
 * The type of {@link Window}.
 *
 * @example
 * ```ts
 * import type { ReturnPolicy } from "@clientele/returns"
 *
 * const forever: ReturnPolicy.Window = {
 *   days: "unlimited",
 *   startsFrom: "purchase",
 *   closesAt: "storeZone",
 *   transitBufferDays: 5,
 *   exchangedItems: "originalWindow",
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Window = typeof Window.Type

/**
 * The return shipping fee: `free`, a `flat` amount per return (deducted from the
 * refund, never more than the items it is charged on are worth), or `customerPays`
 * (the customer sends the parcel at their own cost, so nothing is deducted).
 *
 * @example
 * ```ts
 * import type { ReturnPolicy } from "@clientele/returns"
 * import { Money } from "@clientele/core"
 *
 * const flat: ReturnPolicy.ReturnShipping = { mode: "flat", amount: Money.make(495, "EUR") }
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ReturnShipping = Schema.Union(
  Schema.Struct({ mode: Schema.Literal("free") }),
  Schema.Struct({ mode: Schema.Literal("flat"), amount: Money.Money }),
  Schema.Struct({ mode: Schema.Literal("customerPays") }),
).annotations({ identifier: "ReturnShipping" })

/**
 * The type of {@link ReturnShipping}.
 *
 * @example
 * ```ts
 * import type { ReturnPolicy } from "@clientele/returns"
 *
 * const free: ReturnPolicy.ReturnShipping = { mode: "free" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type ReturnShipping = typeof ReturnShipping.Type

/**
 * The reason classes that waive every fee by default: the merchant's faults.
 *
 * @example
 * ```ts
 * import { ReturnPolicy } from "@clientele/returns"
 *
 * ReturnPolicy.defaultWaivedFor // ["defect", "wrongItem", "notAsDescribed", "missing"]
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const defaultWaivedFor: ReadonlyArray<ReasonClass> = [
  "defect",
  "wrongItem",
  "notAsDescribed",
  "missing",
]

/**
 * The fees of a return. The restocking fee is `restockingBasisPoints` (1 % = 100) of
 * the refundable value of each refunded or credited line (after discounts, tax
 * included), rounded half up; the return shipping fee is charged once per return.
 * Both are waived for lines whose reason class is in `waivedFor`. Exchanges carry no
 * return shipping fee while `exchangeReturnShippingFree` holds (the fee is charged
 * only when some refunded, credited or — without that flag — exchanged line has a
 * reason that does not waive it). With `refundShippingOnFullReturn`, the original
 * shipping is refunded once, on the return that brings back everything shipped.
 *
 * @remarks
 * Defaults: no restocking fee, free return shipping, fees waived for defect, wrong
 * item, not as described and missing, free return shipping on exchanges, original
 * shipping refunded on a full return.
 *
 * @example
 * ```ts
 * import { ReturnPolicy } from "@clientele/returns"
 * import { Money } from "@clientele/core"
 *
 * const fees = ReturnPolicy.Fees.make({
 *   restockingBasisPoints: 1500,
 *   returnShipping: { mode: "flat", amount: Money.make(495, "EUR") },
 *   waivedFor: ["defect", "wrongItem"],
 *   exchangeReturnShippingFree: true,
 *   refundShippingOnFullReturn: true,
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Fees = Schema.Struct({
  restockingBasisPoints: Schema.optionalWith(Schema.Int.pipe(Schema.between(0, 10_000)), {
    default: () => 0,
  }),
  returnShipping: Schema.optionalWith(ReturnShipping, {
    default: () => ({ mode: "free" }) as const,
  }),
  waivedFor: Schema.optionalWith(Schema.Array(ReasonClass), { default: () => defaultWaivedFor }),
  exchangeReturnShippingFree: Schema.optionalWith(Schema.Boolean, { default: () => true }),
  refundShippingOnFullReturn: Schema.optionalWith(Schema.Boolean, { default: () => true }),
}).annotations({ identifier: "ReturnFees" })

/**
 * The type of {@link Fees}.
 *
 * @example
 * ```ts
 * import type { ReturnPolicy } from "@clientele/returns"
 *
 * const none: ReturnPolicy.Fees = {
 *   restockingBasisPoints: 0,
 *   returnShipping: { mode: "free" },
 *   waivedFor: [],
 *   exchangeReturnShippingFree: true,
 *   refundShippingOnFullReturn: true,
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Fees = typeof Fees.Type

const allVerificationMethods = ["orderLookup", "serial", "receipt", "visual"] as const

/**
 * Who may authorise a return (RET-2): any staff member, once the product is verified
 * as the company's own by one of `verificationMethods`.
 *
 * @remarks
 * There is deliberately no field for approvers, roles or an approval chain, and the
 * schema rejects unknown fields, so none can be smuggled in: RET-2 puts the authority
 * in the verification of the product, not in rank, and every hand-off to a second
 * person would make the customer wait. What auditors need is on the decision itself
 * (who authorised it, how the product was verified). The internal settlement between
 * departments (which one bears the cost of the return) is recorded separately by the
 * returns service after the decision and never gates it, so it has no place here
 * either.
 *
 * @example
 * ```ts
 * import { ReturnPolicy } from "@clientele/returns"
 *
 * const rule = ReturnPolicy.StaffAuthorisation.make({
 *   anyStaff: true,
 *   productVerification: "required",
 *   verificationMethods: ["orderLookup", "serial", "receipt"],
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const StaffAuthorisation = Schema.Struct({
  anyStaff: Schema.optionalWith(Schema.Literal(true), { default: () => true as const }),
  productVerification: Schema.optionalWith(Schema.Literal("required"), {
    default: () => "required" as const,
  }),
  verificationMethods: Schema.optionalWith(Schema.NonEmptyArray(VerificationMethod), {
    default: () => allVerificationMethods,
  }),
}).annotations({
  identifier: "StaffAuthorisation",
  parseOptions: { onExcessProperty: "error" },
})

/**
 * The type of {@link StaffAuthorisation}.
 *
 * @example
 * ```ts
 * import type { ReturnPolicy } from "@clientele/returns"
 *
 * const rule: ReturnPolicy.StaffAuthorisation = {
 *   anyStaff: true,
 *   productVerification: "required",
 *   verificationMethods: ["orderLookup"],
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type StaffAuthorisation = typeof StaffAuthorisation.Type

/**
 * What happens to a returned item by its condition.
 *
 * @remarks
 * Defaults: unopened → restock, opened → inspect, damaged → write off. A line
 * resolved by repair always goes to inspection, whatever its condition.
 *
 * @example
 * ```ts
 * import { ReturnPolicy } from "@clientele/returns"
 *
 * const dispositions = ReturnPolicy.Dispositions.make({
 *   unopened: "restock",
 *   opened: "restock",
 *   damaged: "writeOff",
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Dispositions = Schema.Struct({
  unopened: Disposition,
  opened: Disposition,
  damaged: Disposition,
}).annotations({ identifier: "ReturnDispositions" })

/**
 * The type of {@link Dispositions}.
 *
 * @example
 * ```ts
 * import type { ReturnPolicy } from "@clientele/returns"
 *
 * const dispositions: ReturnPolicy.Dispositions = { unopened: "restock", opened: "inspect", damaged: "writeOff" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Dispositions = typeof Dispositions.Type

/**
 * The `{ id, version }` that names one policy snapshot; an order stores it when it
 * is placed, and a decision records the one it used.
 *
 * @example
 * ```ts
 * import { ReturnPolicy } from "@clientele/returns"
 *
 * const snapshot = ReturnPolicy.PolicyReference.make({ id: ReturnPolicy.PolicyId.make("standard"), version: 3 })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const PolicyReference = Schema.Struct({ id: PolicyId, version: PositiveInt }).annotations({
  identifier: "ReturnPolicyReference",
})

/**
 * The type of {@link PolicyReference}.
 *
 * @example
 * ```ts
 * import { ReturnPolicy } from "@clientele/returns"
 *
 * const snapshot: ReturnPolicy.PolicyReference = { id: ReturnPolicy.PolicyId.make("standard"), version: 3 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type PolicyReference = typeof PolicyReference.Type

/**
 * The default reason catalogue: remorse reasons (with "Fit" as a parent of "Too
 * small" and "Too large"), the merchant's faults, and "Something else", which needs
 * a note.
 *
 * @example
 * ```ts
 * import { ReturnPolicy } from "@clientele/returns"
 *
 * ReturnPolicy.defaultReasons.map((reason) => reason.code)
 * // ["changedMind", "fit", "tooSmall", "tooLarge", "defective", "damagedInTransit", "wrongItem", "notAsDescribed", "missingParts", "other"]
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const defaultReasons: readonly [Reason, ...Array<Reason>] = [
  { code: "changedMind", label: "Changed my mind", class: "remorse", retired: false },
  { code: "fit", label: "Fit", class: "remorse", retired: false },
  { code: "tooSmall", label: "Too small", class: "remorse", parent: "fit", retired: false },
  { code: "tooLarge", label: "Too large", class: "remorse", parent: "fit", retired: false },
  { code: "defective", label: "Faulty or stopped working", class: "defect", retired: false },
  { code: "damagedInTransit", label: "Arrived damaged", class: "defect", retired: false },
  { code: "wrongItem", label: "Wrong item sent", class: "wrongItem", retired: false },
  { code: "notAsDescribed", label: "Not as described", class: "notAsDescribed", retired: false },
  { code: "missingParts", label: "Parts or accessories missing", class: "missing", retired: false },
  { code: "other", label: "Something else", class: "other", retired: false },
]

const policyIssues = (policy: {
  readonly currency: Money.CurrencyCode
  readonly fees: Fees
  readonly reasons: ReadonlyArray<Reason>
  readonly allowedResolutions: ReadonlyArray<Resolution>
}): Array<Schema.FilterIssue> => {
  const issues: Array<Schema.FilterIssue> = []
  const shipping = policy.fees.returnShipping
  if (shipping.mode === "flat") {
    if (shipping.amount.currency !== policy.currency)
      issues.push({
        path: ["fees", "returnShipping", "amount"],
        message: `the return shipping fee is in ${shipping.amount.currency} but the policy is in ${policy.currency} (RET-1)`,
      })
    if (shipping.amount.amount <= 0)
      issues.push({
        path: ["fees", "returnShipping", "amount"],
        message: "a flat return shipping fee must be positive; use mode free instead (RET-1)",
      })
  }
  const seenResolutions = new Set<Resolution>()
  policy.allowedResolutions.forEach((resolution, index) => {
    if (seenResolutions.has(resolution))
      issues.push({
        path: ["allowedResolutions", index],
        message: `${resolution} is listed twice (RET-1)`,
      })
    seenResolutions.add(resolution)
  })
  const byCode = new Map<string, Reason>()
  policy.reasons.forEach((reason, index) => {
    if (byCode.has(reason.code))
      issues.push({
        path: ["reasons", index, "code"],
        message: `the reason code ${reason.code} is used twice; retire a reason instead of reusing its code (RET-1)`,
      })
    else byCode.set(reason.code, reason)
  })
  policy.reasons.forEach((reason, index) => {
    if (reason.parent === undefined) return
    if (!byCode.has(reason.parent)) {
      issues.push({
        path: ["reasons", index, "parent"],
        message: `the parent ${reason.parent} is not a reason of the catalogue (RET-1)`,
      })
      return
    }
    // Walking up more steps than there are reasons means the parents loop.
    let current: Reason | undefined = reason
    for (let steps = 0; current?.parent !== undefined; steps++) {
      if (steps > policy.reasons.length) {
        issues.push({
          path: ["reasons", index, "parent"],
          message: `the parents of ${reason.code} form a cycle (RET-1)`,
        })
        return
      }
      current = byCode.get(current.parent)
    }
  })
  const parents = new Set(policy.reasons.flatMap((reason) => reason.parent ?? []))
  if (!policy.reasons.some((reason) => !reason.retired && !parents.has(reason.code)))
    issues.push({
      path: ["reasons"],
      message:
        "the catalogue needs at least one reason that is neither retired nor a parent (RET-1)",
    })
  return issues
}

/**
 * A return and exchange policy (RET-1, RET-2): one version of the rules, in one
 * currency, with the store's time zone.
 *
 * - `window`: see {@link Window}; `windowOverrides`: other windows for some items
 *   (first match wins); `finalSale`: items that cannot be returned at all.
 * - `allowedResolutions`: what a customer may ask for; `refundDestination`: where a
 *   refund goes.
 * - `fees`: see {@link Fees}; `staffAuthorisation`: see {@link StaffAuthorisation}.
 * - `reasons`: the reason catalogue (see {@link Reason}).
 * - `acceptedConditions`: the item conditions accepted back; `dispositions`: what
 *   happens to an item by its condition.
 * - `returnMethods` and `instructions`: how to return, for publication.
 *
 * Build one with {@link make} (literals), {@link decodeEither} (untrusted input) or
 * {@link defaultPolicy}; its encoded form is plain JSON, to be stored per version.
 *
 * @example
 * ```ts
 * import { ReturnPolicy } from "@clientele/returns"
 *
 * const policy = ReturnPolicy.make({
 *   id: "standard",
 *   version: 2,
 *   name: "Returns and exchanges",
 *   currency: "EUR",
 *   storeZone: "Europe/Berlin",
 *   window: { days: 30, startsFrom: "delivery" },
 *   finalSale: [{ kind: "tag", values: ["clearance"] }],
 *   fees: { restockingBasisPoints: 1000, returnShipping: { mode: "flat", amount: { amount: 495, currency: "EUR" } } },
 * })
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export class ReturnPolicy extends Schema.Class<ReturnPolicy>("ReturnPolicy")(
  Schema.Struct({
    id: PolicyId,
    version: PositiveInt,
    name: Label,
    description: Schema.optional(Paragraph),
    currency: Money.CurrencyCode,
    storeZone: Period.TimeZone,
    window: Window,
    windowOverrides: Schema.optionalWith(Schema.Array(WindowOverride), { default: () => [] }),
    finalSale: Schema.optionalWith(Schema.Array(Selector), { default: () => [] }),
    allowedResolutions: Schema.optionalWith(Schema.NonEmptyArray(Resolution), {
      default: () => ["refund", "exchange", "storeCredit", "repair"] as const,
    }),
    refundDestination: Schema.optionalWith(RefundDestination, {
      default: () => "original" as const,
    }),
    fees: Schema.optionalWith(Fees, { default: () => Fees.make({}) }),
    staffAuthorisation: Schema.optionalWith(StaffAuthorisation, {
      default: () => StaffAuthorisation.make({}),
    }),
    reasons: Schema.optionalWith(Schema.NonEmptyArray(Reason), { default: () => defaultReasons }),
    acceptedConditions: Schema.optionalWith(Schema.NonEmptyArray(Condition), {
      default: () => ["unopened", "opened", "damaged"] as const,
    }),
    dispositions: Schema.optionalWith(Dispositions, {
      default: () => ({ unopened: "restock", opened: "inspect", damaged: "writeOff" }) as const,
    }),
    returnMethods: Schema.optionalWith(Schema.NonEmptyArray(ReturnMethod), {
      default: () => ["byMail", "inStore"] as const,
    }),
    instructions: Schema.optional(Paragraph),
  }).pipe(Schema.filter(policyIssues)),
  { description: "a versioned return and exchange policy (RET-1, RET-2)" },
) {}

/**
 * The input {@link ReturnPolicy} decodes: its encoded (JSON) form, in which every
 * field with a default may be left out.
 *
 * @example
 * ```ts
 * import type { ReturnPolicy } from "@clientele/returns"
 *
 * const input: ReturnPolicy.Input = {
 *   id: "standard",
 *   version: 1,
 *   name: "Returns",
 *   currency: "USD",
 *   storeZone: "America/New_York",
 *   window: { days: 30 },
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Input = typeof ReturnPolicy.Encoded

/**
 * Decodes untrusted input into a policy, failing with a `ValidationError` that names
 * every invalid field (e.g. `window.days`, `fees.returnShipping.amount`,
 * `reasons.3.parent`).
 *
 * @example
 * ```ts
 * import { ReturnPolicy } from "@clientele/returns"
 * import * as Either from "effect/Either"
 *
 * const result = ReturnPolicy.decodeEither({
 *   id: "standard",
 *   version: 1,
 *   name: "Returns",
 *   currency: "EUR",
 *   storeZone: "Europe/Paris",
 *   window: { days: 0 },
 * })
 * Either.isLeft(result) // true: the message names window.days
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const decodeEither = (input: unknown): Either.Either<ReturnPolicy, Errors.ValidationError> =>
  Errors.decodeEither(ReturnPolicy)(input)

/**
 * Builds a policy from input known to be valid (literals in code) and throws the
 * `ValidationError` otherwise; use {@link decodeEither} for untrusted input.
 *
 * @example
 * ```ts
 * import { ReturnPolicy } from "@clientele/returns"
 *
 * const lifetime = ReturnPolicy.make({
 *   id: "lifetime",
 *   version: 1,
 *   name: "Lifetime returns",
 *   currency: "USD",
 *   storeZone: "America/Chicago",
 *   window: { days: "unlimited", startsFrom: "purchase" },
 * })
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (input: Input): ReturnPolicy =>
  Either.getOrThrowWith(decodeEither(input), (error) => error)

/**
 * The default policy (version 1, id `"default"`) in a currency and a store zone, or a
 * `ValidationError` naming `currency` or `storeZone` when either is unknown. See
 * {@link defaultPolicy} for every default.
 *
 * @example
 * ```ts
 * import { ReturnPolicy } from "@clientele/returns"
 * import * as Either from "effect/Either"
 *
 * Either.isRight(ReturnPolicy.defaultPolicyEither("EUR", "Europe/Berlin")) // true
 * Either.isLeft(ReturnPolicy.defaultPolicyEither("EUR", "Mars/Base")) // true
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const defaultPolicyEither = (
  currency: string,
  storeZone: string,
): Either.Either<ReturnPolicy, Errors.ValidationError> =>
  decodeEither({
    id: "default",
    version: 1,
    name: "Returns and exchanges",
    currency,
    storeZone,
    window: { days: 30 },
  })

/**
 * The default policy of RET-1 (version 1, id `"default"`); throws on an unknown
 * currency or zone, like `Money.make` (use {@link defaultPolicyEither} for input).
 *
 * The defaults:
 * - window: 30 days from delivery (fulfilment + 5 days when the delivery date is
 *   unknown), last day included, closing at midnight in the store's zone, no
 *   business-day extension; an exchanged item keeps the window of the item it
 *   replaced;
 * - no final-sale items and no category windows;
 * - resolutions: refund, exchange, store credit and repair; refunds go back to the
 *   original payment method;
 * - fees: no restocking fee, free return shipping, waived anyway for defect, wrong
 *   item, not as described and missing; exchanges ship back free; the original
 *   shipping is refunded when everything shipped comes back;
 * - any staff member authorises once the product is verified, by any method;
 * - the {@link defaultReasons}; every condition accepted (unopened → restock,
 *   opened → inspect, damaged → write off); returns by mail or in store.
 *
 * @example
 * ```ts
 * import { ReturnPolicy } from "@clientele/returns"
 *
 * const policy = ReturnPolicy.defaultPolicy("EUR", "Europe/Berlin")
 * policy.window.days // 30
 * policy.window.startsFrom // "delivery"
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const defaultPolicy = (currency: string, storeZone: string): ReturnPolicy =>
  Either.getOrThrowWith(defaultPolicyEither(currency, storeZone), (error) => error)

/**
 * The snapshot reference `{ id, version }` of a policy, as an order stores it.
 *
 * @example
 * ```ts
 * import { ReturnPolicy } from "@clientele/returns"
 *
 * ReturnPolicy.reference(ReturnPolicy.defaultPolicy("EUR", "Europe/Berlin")) // { id: "default", version: 1 }
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const reference = (policy: ReturnPolicy): PolicyReference => ({
  id: policy.id,
  version: policy.version,
})

/**
 * A reason of the catalogue by its code, retired or not, so that returns filed with
 * a reason that has since been retired can still be read.
 *
 * @example
 * ```ts
 * import { ReturnPolicy } from "@clientele/returns"
 *
 * const policy = ReturnPolicy.defaultPolicy("EUR", "Europe/Berlin")
 * ReturnPolicy.findReason(policy, "tooSmall") // Some({ code: "tooSmall", class: "remorse", parent: "fit", … })
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const findReason = (policy: ReturnPolicy, code: string): Option.Option<Reason> =>
  Option.fromNullable(indexOf(policy.reasons).byCode.get(code))

/**
 * Whether a reason may be given on a new request: it exists, it is a leaf (no other
 * reason names it as parent) and it is not retired.
 *
 * @example
 * ```ts
 * import { ReturnPolicy } from "@clientele/returns"
 *
 * const policy = ReturnPolicy.defaultPolicy("EUR", "Europe/Berlin")
 * ReturnPolicy.isUsableReason(policy, "fit") // false: it is the parent of tooSmall and tooLarge
 * ReturnPolicy.isUsableReason(policy, "tooSmall") // true
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const isUsableReason = (policy: ReturnPolicy, code: string): boolean => {
  const index = indexOf(policy.reasons)
  const reason = index.byCode.get(code)
  return reason !== undefined && !reason.retired && !index.parents.has(code)
}

/**
 * The reasons a new request may use, in catalogue order: the leaves that are not
 * retired (what a return form offers).
 *
 * @example
 * ```ts
 * import { ReturnPolicy } from "@clientele/returns"
 *
 * const choices = ReturnPolicy.usableReasons(ReturnPolicy.defaultPolicy("EUR", "Europe/Berlin"))
 * choices.some((reason) => reason.code === "fit") // false
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const usableReasons = (policy: ReturnPolicy): ReadonlyArray<Reason> =>
  policy.reasons.filter((reason) => isUsableReason(policy, reason.code))

/**
 * An item as the policy's selectors see it: its SKU, product, categories and tags,
 * the percentage of its list price taken off by its own discount, and the tier of
 * the customer who bought it. Used to publish the policy of one product and to ask
 * what applies to it.
 *
 * @example
 * ```ts
 * import { ReturnPolicy } from "@clientele/returns"
 * import { Ids } from "@clientele/core"
 *
 * const item = ReturnPolicy.Item.make({
 *   sku: "TSHIRT-M",
 *   productId: Ids.ProductId.make("tshirt"),
 *   categories: ["apparel"],
 *   tags: ["clearance"],
 *   discountPercent: 60,
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Item = Schema.Struct({
  sku: Ids.IdString,
  productId: Ids.ProductId,
  categories: Schema.optionalWith(Schema.Array(Ids.IdString), { default: () => [] }),
  tags: Schema.optionalWith(Schema.Array(Ids.IdString), { default: () => [] }),
  discountPercent: Schema.optionalWith(Schema.Number.pipe(Schema.between(0, 100)), {
    default: () => 0,
  }),
  customerTier: Schema.optional(Ids.IdString),
}).annotations({ identifier: "ReturnItem" })

/**
 * The type of {@link Item}.
 *
 * @example
 * ```ts
 * import type { ReturnPolicy } from "@clientele/returns"
 * import { Ids } from "@clientele/core"
 *
 * const item: ReturnPolicy.Item = {
 *   sku: "MUG-1",
 *   productId: Ids.ProductId.make("mug"),
 *   categories: ["kitchen"],
 *   tags: [],
 *   discountPercent: 0,
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Item = typeof Item.Type

const candidateOf = (item: Item): Candidate => ({
  sku: item.sku,
  productId: item.productId,
  categories: item.categories,
  tags: item.tags,
  discount: item.discountPercent,
  gross: 100,
  customerTier: item.customerTier,
})

/**
 * Whether an item is final sale under the policy (some `finalSale` selector picks
 * it), so that it cannot be returned.
 *
 * @example
 * ```ts
 * import { ReturnPolicy } from "@clientele/returns"
 * import { Ids } from "@clientele/core"
 *
 * const policy = ReturnPolicy.make({
 *   id: "standard",
 *   version: 1,
 *   name: "Returns",
 *   currency: "EUR",
 *   storeZone: "Europe/Berlin",
 *   window: { days: 30 },
 *   finalSale: [{ kind: "discountAtLeast", percent: 50 }],
 * })
 * const item = ReturnPolicy.Item.make({ sku: "COAT-L", productId: Ids.ProductId.make("coat"), discountPercent: 60 })
 * ReturnPolicy.isFinalSale(policy, item) // true
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const isFinalSale = (policy: ReturnPolicy, item: Item): boolean =>
  selectsAny(policy.finalSale, candidateOf(item))

/**
 * The window of an item under the policy, ignoring final sale: the days of the first
 * override that picks it (or `"unlimited"`, or `"notReturnable"`), else the policy's
 * window days.
 *
 * @example
 * ```ts
 * import { ReturnPolicy } from "@clientele/returns"
 * import { Ids } from "@clientele/core"
 *
 * const policy = ReturnPolicy.make({
 *   id: "standard",
 *   version: 1,
 *   name: "Returns",
 *   currency: "EUR",
 *   storeZone: "Europe/Berlin",
 *   window: { days: 30 },
 *   windowOverrides: [{ selector: { kind: "category", values: ["electronics"] }, days: 14 }],
 * })
 * const phone = ReturnPolicy.Item.make({ sku: "PH-1", productId: Ids.ProductId.make("phone"), categories: ["electronics"] })
 * ReturnPolicy.windowFor(policy, phone) // 14
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const windowFor = (
  policy: ReturnPolicy,
  item: Item,
): number | "unlimited" | "notReturnable" =>
  overrideFor(policy.windowOverrides, candidateOf(item))?.days ?? policy.window.days
