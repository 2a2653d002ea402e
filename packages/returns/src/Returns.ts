/**
 * The `Returns` service: returns and exchanges over the storage port (RET-1 …
 * RET-4). It stores versioned return and commitment policies, orders with a copy of
 * the policy in force when they were placed, return cases and the internal
 * settlements between departments.
 *
 * Every command follows Medusa v2's split: it validates, then applies. Untrusted
 * input is decoded first (a `ValidationError` naming the path), the documents are
 * loaded, the pure core decides (`Decision.evaluateReturn`, `Commitment.evaluate`,
 * `Commitment.afterReturn`), and the documents that change together — the case, the
 * order, an idempotency key — are written in one store transaction with
 * compare-and-set on the versions loaded. A refusal changes nothing; a concurrent
 * change makes the transaction run again on fresh state.
 *
 * - RET-1: policies are versioned data; a saved version never changes, an order keeps
 *   the snapshot it was placed under, and `publishPolicy` renders a saved version.
 * - RET-2: there is no approval step. A staff member's verified request is authorised
 *   by that staff member; a customer's self-service request waits for any staff
 *   member to verify the product (`verifyProduct`). Settlements between departments
 *   are recorded in their own collection, which no return command reads.
 * - RET-3: the decision, partial returns (units requested and returned are tracked on
 *   the order's lines), receipt with dispositions, the refund issued against the
 *   order's payments, cancellation, and the return-reasons report.
 * - RET-4: the service commitments granted at purchase are stored with the order; a
 *   return that drops the kept value below a threshold applies the commitment's flag.
 *
 * @since 0.1.0
 */
import { Errors, Ids, Money, Period, Personal, PromiseClient } from "@clientele/core"
import { Collection, Store, StoreError } from "@clientele/store"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Commitment from "./Commitment.js"
import * as Decision from "./Decision.js"
import * as Publication from "./Publication.js"
import * as ReturnPolicy from "./ReturnPolicy.js"

const PositiveInt = Schema.Int.pipe(Schema.positive())
const Count = Schema.Int.pipe(Schema.nonNegative())

// --- models and schemas -----------------------------------------------------------

/**
 * The `{ id, version }` of a saved commitment policy, as an order names it.
 *
 * @example
 * ```ts
 * import { Returns } from "@clientele/returns"
 *
 * const reference = Returns.CommitmentReference.make({ id: "shop-de", version: 2 })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const CommitmentReference = Schema.Struct({
  id: Ids.IdString,
  version: PositiveInt,
}).annotations({ identifier: "CommitmentReference" })

/**
 * The type of {@link CommitmentReference}.
 *
 * @example
 * ```ts
 * import type { Returns } from "@clientele/returns"
 *
 * const reference: Returns.CommitmentReference = { id: "default", version: 1 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type CommitmentReference = typeof CommitmentReference.Type

/**
 * The service commitments of a stored order (RET-4): a copy of the commitment policy
 * in force at purchase, the basis amounts and the customer's tier and market then,
 * the offers decided at purchase, the services still granted free, and the amounts
 * the customer keeps after the returns requested so far.
 *
 * @example
 * ```ts
 * import type { Returns } from "@clientele/returns"
 *
 * const stillFree = (commitments: Returns.OrderCommitments): ReadonlyArray<string> => commitments.freeServices
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const OrderCommitments = Schema.Struct({
  policy: Commitment.CommitmentPolicy,
  amounts: Commitment.BasisAmounts,
  tier: Schema.optional(Commitment.Tier),
  market: Schema.optional(Commitment.Market),
  offers: Schema.Array(Commitment.Offer),
  freeServices: Schema.Array(Commitment.Service),
  keptAmounts: Commitment.BasisAmounts,
}).annotations({ identifier: "ReturnsOrderCommitments" })

/**
 * The type of {@link OrderCommitments}.
 *
 * @example
 * ```ts
 * import type { Returns } from "@clientele/returns"
 *
 * const offered = (commitments: Returns.OrderCommitments) => commitments.offers.filter((offer) => offer.offered)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type OrderCommitments = typeof OrderCommitments.Type

/**
 * A stored order: its facts (kept up to date with fulfilment, delivery, requests and
 * returns), the full return policy version in force when it was placed (the
 * snapshot every decision on it uses, RET-1), its service commitments when any were
 * requested (RET-4), and when it was recorded and last changed.
 *
 * @example
 * ```ts
 * import type { Returns } from "@clientele/returns"
 *
 * const windowDays = (order: Returns.StoredOrder) => order.policy.window.days
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const StoredOrder = Schema.Struct({
  facts: Decision.OrderFacts,
  policy: ReturnPolicy.ReturnPolicy,
  commitments: Schema.optional(OrderCommitments),
  recordedAt: Period.Instant,
  updatedAt: Period.Instant,
}).annotations({ identifier: "ReturnsStoredOrder" })

/**
 * The type of {@link StoredOrder}.
 *
 * @example
 * ```ts
 * import type { Returns } from "@clientele/returns"
 *
 * const refunded = (order: Returns.StoredOrder) => order.facts.payments.refunded
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type StoredOrder = typeof StoredOrder.Type

/**
 * Where a return case stands:
 * - `awaitingVerification` — a customer's self-service request, priced, waiting for
 *   any staff member to verify the product (RET-2); its units are held;
 * - `requested` — authorised, waiting for the goods;
 * - `partiallyReceived` — some approved units are back;
 * - `received` — every approved unit is back and the refund was issued;
 * - `declined` — nothing was approved; `cancelled` — withdrawn before any receipt.
 *
 * @example
 * ```ts
 * import { Returns } from "@clientele/returns"
 *
 * Returns.CaseStatus.literals.includes("partiallyReceived") // true
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const CaseStatus = Schema.Literal(
  "awaitingVerification",
  "requested",
  "partiallyReceived",
  "received",
  "declined",
  "cancelled",
)

/**
 * The type of {@link CaseStatus}.
 *
 * @example
 * ```ts
 * import type { Returns } from "@clientele/returns"
 *
 * const status: Returns.CaseStatus = "requested"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type CaseStatus = typeof CaseStatus.Type

/**
 * Units of one line received back: how many, in which condition, what the warehouse
 * does with them (from the policy snapshot's dispositions; a damaged unit is written
 * off by default), when and by whom.
 *
 * @example
 * ```ts
 * import type { Returns } from "@clientele/returns"
 *
 * const writtenOff = (units: Returns.ReceivedUnits) => units.disposition === "writeOff"
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ReceivedUnits = Schema.Struct({
  orderLineId: Ids.IdString,
  quantity: PositiveInt,
  condition: ReturnPolicy.Condition,
  disposition: ReturnPolicy.Disposition,
  at: Period.Instant,
  by: Ids.StaffId,
}).annotations({ identifier: "ReturnsReceivedUnits" })

/**
 * The type of {@link ReceivedUnits}.
 *
 * @example
 * ```ts
 * import type { Returns } from "@clientele/returns"
 *
 * const count = (received: ReadonlyArray<Returns.ReceivedUnits>) => received.reduce((sum, units) => sum + units.quantity, 0)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type ReceivedUnits = typeof ReceivedUnits.Type

/**
 * A reason given on a case, as the order's policy snapshot names and classes it
 * (kept on the case so reports read it without the policy).
 *
 * @example
 * ```ts
 * import type { Returns } from "@clientele/returns"
 *
 * const reason: Returns.CaseReason = { code: "tooSmall", label: "Too small", class: "remorse" }
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const CaseReason = Schema.Struct({
  code: ReturnPolicy.ReasonCode,
  label: Schema.String,
  class: ReturnPolicy.ReasonClass,
}).annotations({ identifier: "ReturnsCaseReason" })

/**
 * The type of {@link CaseReason}.
 *
 * @example
 * ```ts
 * import type { Returns } from "@clientele/returns"
 *
 * const isRemorse = (reason: Returns.CaseReason) => reason.class === "remorse"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type CaseReason = typeof CaseReason.Type

/**
 * What a return did to the order's free services (RET-4): the kept amounts before and
 * after it, the adjustment per service from `Commitment.afterReturn`, the
 * `deductFromRefund` total (`deduction`) and how much of it the refund covered
 * (`deducted`, never more than the refund), and the `chargeListedPrice` total billed
 * separately (`charged`).
 *
 * @example
 * ```ts
 * import type { Returns } from "@clientele/returns"
 *
 * const uncovered = (effect: Returns.CommitmentEffect) => effect.deduction.amount - effect.deducted.amount
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const CommitmentEffect = Schema.Struct({
  keptBefore: Commitment.BasisAmounts,
  keptAfter: Commitment.BasisAmounts,
  adjustments: Schema.Array(Commitment.ReturnAdjustment),
  deduction: Money.Money,
  deducted: Money.Money,
  charged: Money.Money,
}).annotations({ identifier: "ReturnsCommitmentEffect" })

/**
 * The type of {@link CommitmentEffect}.
 *
 * @example
 * ```ts
 * import type { Returns } from "@clientele/returns"
 *
 * const withdrawn = (effect: Returns.CommitmentEffect) => effect.adjustments.filter((a) => a.action === "deductFromRefund")
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type CommitmentEffect = typeof CommitmentEffect.Type

/**
 * What a case will pay once every approved unit is back: the decision's money after
 * any commitment deduction — the total (signed: negative is owed by the customer),
 * its parts to the original method and to store credit, and the original shipping in
 * it.
 *
 * @example
 * ```ts
 * import type { Returns } from "@clientele/returns"
 *
 * const paysOut = (payable: Returns.Payable) => payable.total.amount > 0
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Payable = Schema.Struct({
  total: Money.Money,
  toOriginalMethod: Money.Money,
  toStoreCredit: Money.Money,
  shipping: Money.Money,
}).annotations({ identifier: "ReturnsPayable" })

/**
 * The type of {@link Payable}.
 *
 * @example
 * ```ts
 * import type { Returns } from "@clientele/returns"
 *
 * const total = (payable: Returns.Payable) => payable.total
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Payable = typeof Payable.Type

/**
 * The refund issued when every approved unit was received: what went to the original
 * method and to store credit (`total` is their sum), the original shipping in it,
 * what the cap on `captured − refunded − storeCreditIssued` held back at that moment
 * (`cappedBy`), what the customer owes for a dearer exchange (`customerOwes`), when
 * and by whom.
 *
 * @example
 * ```ts
 * import type { Returns } from "@clientele/returns"
 *
 * const paid = (refund: Returns.IssuedRefund) => refund.total.amount
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const IssuedRefund = Schema.Struct({
  total: Money.Money,
  toOriginalMethod: Money.Money,
  toStoreCredit: Money.Money,
  shipping: Money.Money,
  cappedBy: Schema.optional(Money.Money),
  customerOwes: Money.Money,
  at: Period.Instant,
  by: Ids.StaffId,
}).annotations({ identifier: "ReturnsIssuedRefund" })

/**
 * The type of {@link IssuedRefund}.
 *
 * @example
 * ```ts
 * import type { Returns } from "@clientele/returns"
 *
 * const toCredit = (refund: Returns.IssuedRefund) => refund.toStoreCredit
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type IssuedRefund = typeof IssuedRefund.Type

/**
 * A return case: the request as filed (with the verification once given), the
 * reasons it names, the decision (RET-3), its status, who authorised it (RET-2: the
 * staff member who filed or verified it, with no approval chain), what it did to the
 * order's free services (RET-4), what it will pay, the units received, the refund
 * issued, its idempotency key, and its timestamps.
 *
 * @example
 * ```ts
 * import type { Returns } from "@clientele/returns"
 *
 * const explain = (c: Returns.ReturnCase) => `${c.id}: ${c.status} (${c.decision.outcome}), authorised by ${c.authorisedBy ?? "nobody yet"}`
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ReturnCase = Schema.Struct({
  id: Ids.IdString,
  orderId: Ids.OrderId,
  currency: Money.CurrencyCode,
  request: Decision.ReturnRequest,
  reasons: Schema.Array(CaseReason),
  decision: Decision.ReturnDecision,
  status: CaseStatus,
  authorisedBy: Schema.optional(Ids.StaffId),
  commitments: Schema.optional(CommitmentEffect),
  payable: Payable,
  received: Schema.Array(ReceivedUnits),
  refund: Schema.optional(IssuedRefund),
  idempotencyKey: Schema.optional(Ids.IdString),
  recordedAt: Period.Instant,
  updatedAt: Period.Instant,
  cancelled: Schema.optional(Schema.Struct({ at: Period.Instant, by: Ids.IdString })),
}).annotations({ identifier: "ReturnCase" })

/**
 * The type of {@link ReturnCase}.
 *
 * @example
 * ```ts
 * import type { Returns } from "@clientele/returns"
 *
 * const isOpen = (c: Returns.ReturnCase) => c.status === "requested" || c.status === "partiallyReceived"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type ReturnCase = typeof ReturnCase.Type

/**
 * An internal settlement between departments about a return (RET-2): which
 * department owes which, how much, an optional note, and whether it is settled. It is
 * recorded after the fact and never gates the customer's return.
 *
 * @example
 * ```ts
 * import type { Returns } from "@clientele/returns"
 *
 * const pending = (settlements: ReadonlyArray<Returns.Settlement>) => settlements.filter((s) => s.status === "open")
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Settlement = Schema.Struct({
  id: Ids.IdString,
  caseId: Ids.IdString,
  orderId: Ids.OrderId,
  fromDepartment: Ids.DepartmentId,
  toDepartment: Ids.DepartmentId,
  amount: Money.Money,
  note: Schema.optional(
    Personal.personal(Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(2000))),
  ),
  status: Schema.Literal("open", "settled"),
  recordedAt: Period.Instant,
  settled: Schema.optional(Schema.Struct({ at: Period.Instant, by: Ids.StaffId })),
}).annotations({ identifier: "ReturnsSettlement" })

/**
 * The type of {@link Settlement}.
 *
 * @example
 * ```ts
 * import type { Returns } from "@clientele/returns"
 *
 * const owed = (s: Returns.Settlement) => `${s.fromDepartment} owes ${s.toDepartment} ${s.amount.amount}`
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Settlement = typeof Settlement.Type

/**
 * What `recordOrder` takes: the order's facts (their `policy` must name a saved
 * return policy version) and, optionally, the service commitments requested at
 * purchase — a saved commitment policy version, the services asked for, the basis
 * amounts, and the customer's tier and market.
 *
 * @example
 * ```ts
 * import { Returns } from "@clientele/returns"
 * import * as Schema from "effect/Schema"
 *
 * const decode = Schema.decodeUnknownEither(Returns.OrderInput)
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const OrderInput = Schema.Struct({
  facts: Decision.OrderFacts,
  commitments: Schema.optional(
    Schema.Struct({
      policy: CommitmentReference,
      requested: Schema.Array(Commitment.Service),
      amounts: Commitment.BasisAmounts,
      tier: Schema.optional(Commitment.Tier),
      market: Schema.optional(Commitment.Market),
    }),
  ),
}).annotations({ identifier: "ReturnsOrderInput" })

/**
 * The encoded (JSON) form of {@link OrderInput}, as callers pass it.
 *
 * @example
 * ```ts
 * import type { Returns } from "@clientele/returns"
 *
 * const input: Returns.OrderInputEncoded = {
 *   facts: {
 *     orderId: "order-1",
 *     placedAt: Date.UTC(2024, 5, 3),
 *     currency: "EUR",
 *     policy: { id: "standard", version: 1 },
 *     lines: [{ id: "l1", sku: "MUG", productId: "mug", quantity: 1, fulfilledQuantity: 0, unitPrice: { amount: 1000, currency: "EUR" } }],
 *     shipping: { paid: { amount: 0, currency: "EUR" }, refunded: { amount: 0, currency: "EUR" } },
 *     payments: { captured: { amount: 1000, currency: "EUR" }, refunded: { amount: 0, currency: "EUR" }, storeCreditIssued: { amount: 0, currency: "EUR" } },
 *   },
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type OrderInputEncoded = typeof OrderInput.Encoded

/**
 * Units of order lines shipped: how many of each line (added to what was shipped
 * before) and when.
 *
 * @example
 * ```ts
 * import { Returns } from "@clientele/returns"
 *
 * const shipment = Returns.FulfilmentLine.make({ lineId: "l1", quantity: 2, at: Date.UTC(2024, 5, 4) })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const FulfilmentLine = Schema.Struct({
  lineId: Ids.IdString,
  quantity: PositiveInt,
  at: Period.Instant,
}).annotations({ identifier: "ReturnsFulfilmentLine" })

/**
 * The encoded form of {@link FulfilmentLine}.
 *
 * @example
 * ```ts
 * import type { Returns } from "@clientele/returns"
 *
 * const shipped: Returns.FulfilmentLineEncoded = { lineId: "l1", quantity: 1, at: Date.UTC(2024, 5, 4) }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type FulfilmentLineEncoded = typeof FulfilmentLine.Encoded

/**
 * The delivery of order lines: which line arrived and when.
 *
 * @example
 * ```ts
 * import { Returns } from "@clientele/returns"
 *
 * const delivered = Returns.DeliveryLine.make({ lineId: "l1", at: Date.UTC(2024, 5, 6) })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const DeliveryLine = Schema.Struct({
  lineId: Ids.IdString,
  at: Period.Instant,
}).annotations({ identifier: "ReturnsDeliveryLine" })

/**
 * The encoded form of {@link DeliveryLine}.
 *
 * @example
 * ```ts
 * import type { Returns } from "@clientele/returns"
 *
 * const delivered: Returns.DeliveryLineEncoded = { lineId: "l1", at: Date.UTC(2024, 5, 6) }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type DeliveryLineEncoded = typeof DeliveryLine.Encoded

/**
 * A receipt of returned goods: per order line how many units came back and in which
 * condition, and the staff member who received them.
 *
 * @example
 * ```ts
 * import { Returns } from "@clientele/returns"
 * import { Ids } from "@clientele/core"
 *
 * const receipt = Returns.Receipt.make({
 *   lines: [{ orderLineId: "l1", quantity: 1, condition: "damaged" }],
 *   by: Ids.StaffId.make("clerk-7"),
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Receipt = Schema.Struct({
  lines: Schema.NonEmptyArray(
    Schema.Struct({
      orderLineId: Ids.IdString,
      quantity: PositiveInt,
      condition: ReturnPolicy.Condition,
    }),
  ),
  by: Ids.StaffId,
}).annotations({ identifier: "ReturnsReceipt" })

/**
 * The encoded form of {@link Receipt}.
 *
 * @example
 * ```ts
 * import type { Returns } from "@clientele/returns"
 *
 * const receipt: Returns.ReceiptEncoded = { lines: [{ orderLineId: "l1", quantity: 1, condition: "unopened" }], by: "clerk-7" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type ReceiptEncoded = typeof Receipt.Encoded

/**
 * What `recordSettlement` takes: the case, the departments (the one that owes, the
 * one owed; different), a positive amount in the case's currency and an optional
 * note.
 *
 * @example
 * ```ts
 * import { Returns } from "@clientele/returns"
 * import * as Schema from "effect/Schema"
 *
 * const decode = Schema.decodeUnknownEither(Returns.SettlementInput)
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const SettlementInput = Schema.Struct({
  caseId: Ids.IdString,
  fromDepartment: Ids.DepartmentId,
  toDepartment: Ids.DepartmentId,
  amount: Money.Money,
  note: Schema.optional(
    Personal.personal(Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(2000))),
  ),
}).annotations({ identifier: "ReturnsSettlementInput" })

/**
 * The encoded form of {@link SettlementInput}.
 *
 * @example
 * ```ts
 * import type { Returns } from "@clientele/returns"
 *
 * const input: Returns.SettlementInputEncoded = {
 *   caseId: "ret-1",
 *   fromDepartment: "sales",
 *   toDepartment: "service",
 *   amount: { amount: 1190, currency: "EUR" },
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type SettlementInputEncoded = typeof SettlementInput.Encoded

/**
 * The range of a report: cases requested in `[from, to)`, money in `currency`.
 *
 * @example
 * ```ts
 * import { Returns } from "@clientele/returns"
 * import * as Schema from "effect/Schema"
 *
 * const range = Schema.decodeUnknownSync(Returns.ReportRange)({ from: Date.UTC(2024, 5, 1), to: Date.UTC(2024, 6, 1), currency: "EUR" })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ReportRange = Schema.Struct({
  from: Period.Instant,
  to: Period.Instant,
  currency: Money.CurrencyCode,
}).pipe(
  Schema.filter((range) =>
    range.from < range.to ? undefined : { path: ["to"], message: "the range ends after it starts" },
  ),
  Schema.annotations({ identifier: "ReturnsReportRange" }),
)

/**
 * The encoded form of {@link ReportRange}.
 *
 * @example
 * ```ts
 * import type { Returns } from "@clientele/returns"
 *
 * const june: Returns.ReportRangeEncoded = { from: Date.UTC(2024, 5, 1), to: Date.UTC(2024, 6, 1), currency: "EUR" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type ReportRangeEncoded = typeof ReportRange.Encoded

const ReasonFigures = {
  /** Request lines naming it. */
  lines: Count,
  /** Units requested on those lines. */
  units: Count,
  /** Units approved on those lines. */
  approvedUnits: Count,
  /** The value of those lines' items in refunds issued (before order-level amounts). */
  refundedValue: Money.Money,
}

/**
 * The return-reasons report of a range (RET-3): how many cases, by outcome and by
 * status; per reason code and per reason class the request lines, units requested,
 * units approved and the items' value refunded (refunds issued only, before shipping,
 * return fees and commitment deductions); the declining codes by lines and units;
 * the refunds issued; and the exchanges approved (cancelled cases left out).
 *
 * @remarks
 * Amounts are exact in the range's one currency; cases of orders in another currency
 * are counted in `otherCurrencyCases` only. Every reason class and outcome is listed
 * (with zeros), so charts keep a stable axis; reason codes and declining codes are
 * listed when they occur, most lines first.
 *
 * @example
 * ```ts
 * import type { Returns } from "@clientele/returns"
 *
 * const top = (report: Returns.ReturnsReport) => report.byReason[0]?.reasonCode
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export const ReturnsReport = Schema.Struct({
  from: Period.Instant,
  to: Period.Instant,
  currency: Money.CurrencyCode,
  cases: Count,
  otherCurrencyCases: Count,
  byOutcome: Schema.Struct({
    approved: Count,
    partiallyApproved: Count,
    declined: Count,
    needsVerification: Count,
  }),
  byStatus: Schema.Struct({
    awaitingVerification: Count,
    requested: Count,
    partiallyReceived: Count,
    received: Count,
    declined: Count,
    cancelled: Count,
  }),
  byReason: Schema.Array(
    Schema.Struct({
      reasonCode: ReturnPolicy.ReasonCode,
      label: Schema.String,
      reasonClass: ReturnPolicy.ReasonClass,
      ...ReasonFigures,
    }),
  ),
  byReasonClass: Schema.Array(
    Schema.Struct({ reasonClass: ReturnPolicy.ReasonClass, ...ReasonFigures }),
  ),
  declinedCodes: Schema.Array(
    Schema.Struct({ code: Decision.DecisionCode, lines: Count, units: Count }),
  ),
  refunds: Schema.Struct({
    cases: Count,
    total: Money.Money,
    toOriginalMethod: Money.Money,
    toStoreCredit: Money.Money,
    shipping: Money.Money,
    commitmentDeductions: Money.Money,
  }),
  exchanges: Schema.Struct({
    lines: Count,
    units: Count,
    replacementUnits: Count,
    difference: Money.Money,
  }),
}).annotations({ identifier: "ReturnsReport" })

/**
 * The type of {@link ReturnsReport}.
 *
 * @example
 * ```ts
 * import type { Returns } from "@clientele/returns"
 *
 * const declineRate = (report: Returns.ReturnsReport) => report.cases === 0 ? 0 : report.byOutcome.declined / report.cases
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export type ReturnsReport = typeof ReturnsReport.Type

/**
 * A policy rendered for publication (RET-1): customer-facing text and schema.org
 * `MerchantReturnPolicy` JSON-LD.
 *
 * @example
 * ```ts
 * import type { Returns } from "@clientele/returns"
 *
 * const script = (published: Returns.PublishedPolicy) => JSON.stringify(published.jsonLd)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface PublishedPolicy {
  readonly text: string
  readonly jsonLd: Publication.JsonLd
}

/**
 * How `publishPolicy` renders: the options of `Publication.toText` and of
 * `Publication.toJsonLd`.
 *
 * @example
 * ```ts
 * import type { Returns } from "@clientele/returns"
 *
 * const options: Returns.PublishOptions = { text: { format: "markdown" }, jsonLd: { url: "https://shop.example/returns" } }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface PublishOptions {
  readonly text?: Publication.TextOptions | undefined
  readonly jsonLd?: Publication.JsonLdOptions | undefined
}

/**
 * Options of `requestReturn`: an idempotency key, so that a retried request returns
 * the case stored the first time instead of filing a second one.
 *
 * @example
 * ```ts
 * import type { Returns } from "@clientele/returns"
 *
 * const options: Returns.RequestOptions = { idempotencyKey: "web-7f3a" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface RequestOptions {
  readonly idempotencyKey?: string | undefined
}

/**
 * The errors of the commands that decide or change a return.
 *
 * @example
 * ```ts
 * import type { Returns } from "@clientele/returns"
 *
 * declare const error: Returns.CommandError
 * error._tag
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export type CommandError =
  | Errors.ValidationError
  | Errors.NotFoundError
  | Errors.InvalidTransitionError
  | Decision.EvaluationError
  | Commitment.UnknownServiceError
  | Money.CurrencyMismatchError
  | Money.MoneyOverflowError
  | IdempotencyKeyConflictError
  | StoreError.StoreError

/**
 * The `Returns` service's shape.
 *
 * @example
 * ```ts
 * import type { Returns } from "@clientele/returns"
 *
 * declare const service: Returns.ReturnsService
 * service.requestReturn
 * ```
 *
 * @since 0.1.0
 * @category services
 */
export interface ReturnsService {
  /** Saves a return policy version; other content under a saved version fails with {@link PolicyVersionConflictError}. */
  readonly savePolicy: (
    tenant: Ids.TenantId,
    input: ReturnPolicy.Input,
  ) => Effect.Effect<
    ReturnPolicy.ReturnPolicy,
    Errors.ValidationError | PolicyVersionConflictError | StoreError.StoreError
  >
  /** Saves a commitment policy version, under the same rule. */
  readonly saveCommitmentPolicy: (
    tenant: Ids.TenantId,
    input: typeof Commitment.CommitmentPolicy.Encoded,
  ) => Effect.Effect<
    Commitment.CommitmentPolicy,
    Errors.ValidationError | PolicyVersionConflictError | StoreError.StoreError
  >
  /**
   * Records an order with a copy of its return policy version and the service
   * commitments decided at purchase; an order id already recorded fails with
   * `Duplicate`.
   */
  readonly recordOrder: (
    tenant: Ids.TenantId,
    input: OrderInputEncoded,
  ) => Effect.Effect<
    StoredOrder,
    | Errors.ValidationError
    | Errors.NotFoundError
    | Commitment.UnknownServiceError
    | Money.CurrencyMismatchError
    | StoreError.StoreError
  >
  /** Adds shipped units to order lines (never more than ordered). */
  readonly recordFulfilment: (
    tenant: Ids.TenantId,
    orderId: string,
    lines: ReadonlyArray<FulfilmentLineEncoded>,
  ) => Effect.Effect<
    StoredOrder,
    Errors.ValidationError | Errors.NotFoundError | StoreError.StoreError
  >
  /** Records when order lines were delivered (only lines with shipped units). */
  readonly recordDelivery: (
    tenant: Ids.TenantId,
    orderId: string,
    lines: ReadonlyArray<DeliveryLineEncoded>,
  ) => Effect.Effect<
    StoredOrder,
    Errors.ValidationError | Errors.NotFoundError | StoreError.StoreError
  >
  /** A stored order. */
  readonly getOrder: (
    tenant: Ids.TenantId,
    orderId: string,
  ) => Effect.Effect<StoredOrder, Errors.NotFoundError | StoreError.StoreError>
  /** Decides a return request against the order's snapshot and stores the case (RET-2, RET-3, RET-4). */
  readonly requestReturn: (
    tenant: Ids.TenantId,
    request: typeof Decision.ReturnRequest.Encoded,
    options?: RequestOptions,
  ) => Effect.Effect<ReturnCase, CommandError>
  /** Any staff member verifies the product of a case awaiting verification; the case is decided again (RET-2). */
  readonly verifyProduct: (
    tenant: Ids.TenantId,
    caseId: string,
    verification: typeof Decision.ProductVerification.Encoded,
  ) => Effect.Effect<ReturnCase, CommandError>
  /** Records units received; when every approved unit is back, issues the refund (RET-3). */
  readonly receiveReturn: (
    tenant: Ids.TenantId,
    caseId: string,
    receipt: ReceiptEncoded,
  ) => Effect.Effect<ReturnCase, CommandError>
  /** Cancels a case before anything was received and frees its units. */
  readonly cancelReturn: (
    tenant: Ids.TenantId,
    caseId: string,
    by: string,
  ) => Effect.Effect<ReturnCase, CommandError>
  /** A stored case. */
  readonly getCase: (
    tenant: Ids.TenantId,
    caseId: string,
  ) => Effect.Effect<ReturnCase, Errors.NotFoundError | StoreError.StoreError>
  /** The cases of an order or in a status (or all), oldest request first. */
  readonly cases: (
    tenant: Ids.TenantId,
    filter?: { readonly orderId?: string | undefined; readonly status?: CaseStatus | undefined },
  ) => Effect.Effect<ReadonlyArray<ReturnCase>, StoreError.StoreError>
  /** Records an internal settlement between departments about a case (RET-2). */
  readonly recordSettlement: (
    tenant: Ids.TenantId,
    input: SettlementInputEncoded,
  ) => Effect.Effect<
    Settlement,
    Errors.ValidationError | Errors.NotFoundError | StoreError.StoreError
  >
  /** Marks a settlement settled. */
  readonly settle: (
    tenant: Ids.TenantId,
    settlementId: string,
    by: string,
  ) => Effect.Effect<
    Settlement,
    | Errors.ValidationError
    | Errors.NotFoundError
    | Errors.InvalidTransitionError
    | StoreError.StoreError
  >
  /** The settlements, of one case or all, oldest first. */
  readonly settlements: (
    tenant: Ids.TenantId,
    filter?: { readonly caseId?: string | undefined },
  ) => Effect.Effect<ReadonlyArray<Settlement>, StoreError.StoreError>
  /** The return-reasons report of the cases requested in a range (RET-3). */
  readonly report: (
    tenant: Ids.TenantId,
    range: ReportRangeEncoded,
  ) => Effect.Effect<
    ReturnsReport,
    Errors.ValidationError | Money.MoneyOverflowError | StoreError.StoreError
  >
  /** Renders a saved policy version as text and JSON-LD (RET-1). */
  readonly publishPolicy: (
    tenant: Ids.TenantId,
    reference: { readonly id: string; readonly version: number },
    options?: PublishOptions,
  ) => Effect.Effect<
    PublishedPolicy,
    Errors.ValidationError | Errors.NotFoundError | StoreError.StoreError
  >
}

/**
 * The service tag.
 *
 * @example
 * ```ts
 * import { Returns } from "@clientele/returns"
 * import * as Effect from "effect/Effect"
 *
 * const program = Effect.gen(function* () {
 *   const returns = yield* Returns.Returns
 *   return returns
 * })
 * ```
 *
 * @since 0.1.0
 * @category services
 */
export class Returns extends Context.Tag("@clientele/returns/Returns")<Returns, ReturnsService>() {}

// --- collections ------------------------------------------------------------------

const policyKey = (reference: { readonly id: string; readonly version: number }) =>
  `${reference.id}|${reference.version}`

// No subject for the policies: they are the company's, about no customer.
const policies = Collection.make({
  name: "returns-policies",
  schema: ReturnPolicy.ReturnPolicy,
  id: policyKey,
})

const commitmentPolicies = Collection.make({
  name: "returns-commitment-policies",
  schema: Commitment.CommitmentPolicy,
  id: policyKey,
})

// No subject: an order's facts carry no customer id, so nothing says whose order it
// is (it holds no field marked personal either).
const orders = Collection.make({
  name: "returns-orders",
  schema: StoredOrder,
  id: (order) => order.facts.orderId,
  indexes: { placedAt: (order) => order.facts.placedAt },
})

/**
 * The customer a case names: the one who filed the request, or the customer staff
 * filed it for (`request.customerId`). A case filed by staff without it names none
 * (`null`), and its order does not either, so an erasure by customer cannot reach it.
 */
const caseCustomerOf = (returnCase: ReturnCase): string | null =>
  returnCase.request.actor.kind === "customer"
    ? returnCase.request.actor.id
    : (returnCase.request.customerId ?? null)

const cases = Collection.make({
  name: "returns-cases",
  schema: ReturnCase,
  id: (returnCase) => returnCase.id,
  indexes: {
    orderId: (returnCase) => returnCase.orderId,
    status: (returnCase) => returnCase.status,
    requestedAt: (returnCase) => returnCase.decision.requestedAt,
    customerId: caseCustomerOf,
  },
  subject: { index: "customerId" },
})

const RequestKey = Schema.Struct({
  key: Ids.IdString,
  caseId: Ids.IdString,
  fingerprint: Schema.String,
})

const requestKeyId = (key: string) => `key:${key}`

// No subject: a key holds the caller's key, a case id and a hash of the request.
const requestKeys = Collection.make({
  name: "returns-request-keys",
  schema: RequestKey,
  id: (key) => requestKeyId(key.key),
})

const settlementRecords = Collection.make({
  name: "returns-settlements",
  schema: Settlement,
  id: (settlement) => settlement.id,
  indexes: {
    caseId: (settlement) => settlement.caseId,
    recordedAt: (settlement) => settlement.recordedAt,
  },
  // a settlement's note may speak of the case's customer, whom only the case names
  subject: { index: "caseId", via: "returns-cases" },
})

/**
 * Every collection the service writes, each with the subject its documents are
 * about (cases by the customer who filed them, settlements through their case;
 * policies, orders and idempotency keys name no one): pass it to the archive
 * service so that an erasure covers this package's data.
 *
 * @example
 * ```ts
 * import { Returns } from "@clientele/returns"
 *
 * const names = Returns.collections.map((collection) => collection.name)
 * // ["returns-policies", "returns-commitment-policies", "returns-orders", …]
 * ```
 *
 * @since 0.1.0
 * @category services
 */
export const collections: ReadonlyArray<Collection.AnyCollection> = [
  policies,
  commitmentPolicies,
  orders,
  cases,
  requestKeys,
  settlementRecords,
]

// --- pure steps -------------------------------------------------------------------

const withLines = (
  facts: Decision.OrderFacts,
  lines: ReadonlyArray<Decision.OrderLine>,
): Decision.OrderFacts => ({ ...facts, lines: lines as Decision.OrderFacts["lines"] })

/** The approved units of a decision by order line. */
const approvedUnits = (decision: Decision.ReturnDecision): ReadonlyMap<string, number> => {
  const units = new Map<string, number>()
  for (const line of decision.lines)
    if (line.approved > 0)
      units.set(line.orderLineId, (units.get(line.orderLineId) ?? 0) + line.approved)
  return units
}

/** The facts with the decision's approved units added to (or, `-1`, taken from) the units requested. */
const shiftRequested = (
  facts: Decision.OrderFacts,
  decision: Decision.ReturnDecision,
  sign: 1 | -1,
): Decision.OrderFacts => {
  const units = approvedUnits(decision)
  if (units.size === 0) return facts
  return withLines(
    facts,
    facts.lines.map((line) => {
      const approved = units.get(line.id)
      return approved === undefined
        ? line
        : {
            ...line,
            alreadyRequestedQuantity: Math.max(0, line.alreadyRequestedQuantity + sign * approved),
          }
    }),
  )
}

/**
 * What the units returned for money take off each basis amount: the list price,
 * the price after discounts, and the price after discounts with tax. Exchanged units
 * are replaced by goods the customer keeps, and repairs come back, so neither lowers
 * what the customer keeps.
 */
const returnedBasis = (decision: Decision.ReturnDecision): Record<Commitment.Basis, number> => {
  let before = 0
  let after = 0
  let withTax = 0
  for (const line of decision.lines) {
    const money = line.money
    if (money === undefined || line.approved === 0 || money.refundTo === "exchange") continue
    before += money.itemsGross.amount
    after += money.itemsGross.amount - money.discount.amount
    withTax += money.itemsGross.amount - money.discount.amount + money.tax.amount
  }
  return {
    subtotalBeforeDiscounts: before,
    subtotalAfterDiscounts: after,
    totalInclTax: withTax,
  }
}

const basisAmounts = (
  amounts: Commitment.BasisAmounts,
  change: (basis: Commitment.Basis, amount: number) => number,
): Commitment.BasisAmounts => ({
  subtotalBeforeDiscounts: Money.make(
    change("subtotalBeforeDiscounts", amounts.subtotalBeforeDiscounts.amount),
    amounts.subtotalBeforeDiscounts.currency,
  ),
  subtotalAfterDiscounts: Money.make(
    change("subtotalAfterDiscounts", amounts.subtotalAfterDiscounts.amount),
    amounts.subtotalAfterDiscounts.currency,
  ),
  totalInclTax: Money.make(
    change("totalInclTax", amounts.totalInclTax.amount),
    amounts.totalInclTax.currency,
  ),
})

const withdraws = (adjustment: Commitment.ReturnAdjustment) =>
  adjustment.action === "chargeListedPrice" || adjustment.action === "deductFromRefund"

/** What a decision does to the order's free services (RET-4), and the commitments after it. */
const commitmentEffectOf = (
  commitments: OrderCommitments,
  decision: Decision.ReturnDecision,
  currency: Money.CurrencyCode,
): Either.Either<
  { readonly effect: CommitmentEffect; readonly next: OrderCommitments },
  | Errors.ValidationError
  | Commitment.UnknownServiceError
  | Money.CurrencyMismatchError
  | Money.MoneyOverflowError
> =>
  Either.gen(function* () {
    const returned = returnedBasis(decision)
    const keptBefore = commitments.keptAmounts
    // What the customer keeps never goes below nothing, whatever the basis amounts given at purchase.
    const keptAfter = basisAmounts(keptBefore, (basis, amount) =>
      Math.max(0, amount - returned[basis]),
    )
    const adjustments = yield* Commitment.afterReturn(
      commitments.policy,
      commitments.freeServices,
      keptAfter,
      commitments.tier,
    )
    const deduction = yield* Commitment.refundDeduction(adjustments, currency)
    const charged = yield* Money.sum(
      adjustments.filter((a) => a.action === "chargeListedPrice").map((a) => a.charge),
      currency,
    )
    const withdrawn = new Set(adjustments.filter(withdraws).map((a) => a.service))
    const coverable = Math.max(0, decision.money.total.amount)
    const effect: CommitmentEffect = {
      keptBefore,
      keptAfter,
      adjustments,
      deduction,
      deducted: Money.make(Math.min(deduction.amount, coverable), currency),
      charged,
    }
    const next: OrderCommitments = {
      ...commitments,
      keptAmounts: keptAfter,
      freeServices: commitments.freeServices.filter((service) => !withdrawn.has(service)),
    }
    return { effect, next }
  })

/** The commitments as they were before a case's effect (a cancelled or re-decided case). */
const releaseCommitments = (
  commitments: OrderCommitments,
  effect: CommitmentEffect,
): OrderCommitments => {
  const restored = new Set(commitments.freeServices)
  for (const adjustment of effect.adjustments)
    if (withdraws(adjustment)) restored.add(adjustment.service)
  const before = effect.keptBefore
  const after = effect.keptAfter
  return {
    ...commitments,
    keptAmounts: basisAmounts(
      commitments.keptAmounts,
      (basis, amount) => amount + before[basis].amount - after[basis].amount,
    ),
    // In the order the offers granted them.
    freeServices: commitments.offers
      .map((offer) => offer.service)
      .filter((service) => restored.has(service)),
  }
}

/**
 * The decision's money after a commitment deduction: the deduction comes off the
 * original-method part first, then store credit (as the refund cap does), never
 * taking the total below zero.
 */
const payableOf = (money: Decision.Refund, deducted: number): Payable => {
  const currency = money.total.currency
  let toOriginal = money.toOriginalMethod.amount
  let toCredit = money.toStoreCredit.amount
  const fromOriginal = Math.min(toOriginal, deducted)
  toOriginal -= fromOriginal
  toCredit -= Math.min(toCredit, deducted - fromOriginal)
  return {
    total: Money.make(money.total.amount - deducted, currency),
    toOriginalMethod: Money.make(toOriginal, currency),
    toStoreCredit: Money.make(toCredit, currency),
    shipping: money.shipping,
  }
}

const statusOf = (outcome: Decision.Outcome): CaseStatus =>
  outcome === "declined"
    ? "declined"
    : outcome === "needsVerification"
      ? "awaitingVerification"
      : "requested"

/** The order without a case's hold: its units no longer requested, its commitment effect undone. */
const releaseCase = (order: StoredOrder, returnCase: ReturnCase): StoredOrder => {
  if (returnCase.status === "declined") return order
  const facts = shiftRequested(order.facts, returnCase.decision, -1)
  const commitments =
    order.commitments !== undefined && returnCase.commitments !== undefined
      ? releaseCommitments(order.commitments, returnCase.commitments)
      : order.commitments
  return { ...order, facts, ...(commitments === undefined ? {} : { commitments }) }
}

/** The order holding a decision's units, with the commitment effect and what the case will pay. */
const holdFor = (
  order: StoredOrder,
  decision: Decision.ReturnDecision,
  now: number,
): Either.Either<
  {
    readonly order: StoredOrder
    readonly effect: CommitmentEffect | undefined
    readonly payable: Payable
  },
  | Errors.ValidationError
  | Commitment.UnknownServiceError
  | Money.CurrencyMismatchError
  | Money.MoneyOverflowError
> =>
  Either.gen(function* () {
    if (decision.outcome === "declined")
      return { order, effect: undefined, payable: payableOf(decision.money, 0) }
    const facts = shiftRequested(order.facts, decision, 1)
    const commitments = order.commitments
    if (commitments === undefined)
      return {
        order: { ...order, facts, updatedAt: now },
        effect: undefined,
        payable: payableOf(decision.money, 0),
      }
    const { effect, next } = yield* commitmentEffectOf(commitments, decision, order.facts.currency)
    return {
      order: { ...order, facts, commitments: next, updatedAt: now },
      effect,
      payable: payableOf(decision.money, effect.deducted.amount),
    }
  })

/** The reasons a request names, as the policy snapshot defines them. */
const reasonsOf = (
  policy: ReturnPolicy.ReturnPolicy,
  request: Decision.ReturnRequest,
): ReadonlyArray<CaseReason> => {
  const found: Array<CaseReason> = []
  const seen = new Set<string>()
  for (const line of request.lines) {
    if (seen.has(line.reasonCode)) continue
    seen.add(line.reasonCode)
    const reason = ReturnPolicy.findReason(policy, line.reasonCode)
    // The decision has checked every code against the catalogue.
    if (Option.isSome(reason))
      found.push({ code: reason.value.code, label: reason.value.label, class: reason.value.class })
  }
  return found
}

/**
 * The refund issued for a case whose every approved unit is back, and the order's
 * facts after it. The payout is capped again against the order's payments as they
 * stand now (another case may have been refunded since the decision).
 */
const issueRefund = (
  order: StoredOrder,
  returnCase: ReturnCase,
  at: number,
  by: Ids.StaffId,
): { readonly refund: IssuedRefund; readonly facts: Decision.OrderFacts } => {
  const facts = order.facts
  const currency = facts.currency
  const { payments, shipping } = facts
  const payable = returnCase.payable
  let toOriginal = payable.toOriginalMethod.amount
  let toCredit = payable.toStoreCredit.amount
  const limit = Math.max(
    0,
    payments.captured.amount - payments.refunded.amount - payments.storeCreditIssued.amount,
  )
  const planned = toOriginal + toCredit
  const cappedBy = Math.max(0, planned - limit)
  if (cappedBy > 0) {
    // Cash leaving the business gives way first, as in the decision.
    const fromOriginal = Math.min(toOriginal, cappedBy)
    toOriginal -= fromOriginal
    toCredit -= cappedBy - fromOriginal
  }
  const shippingBack = Math.min(
    payable.shipping.amount,
    Math.max(0, shipping.paid.amount - shipping.refunded.amount),
  )
  const units = approvedUnits(returnCase.decision)
  const refund: IssuedRefund = {
    total: Money.make(toOriginal + toCredit, currency),
    toOriginalMethod: Money.make(toOriginal, currency),
    toStoreCredit: Money.make(toCredit, currency),
    shipping: Money.make(shippingBack, currency),
    ...(cappedBy > 0 ? { cappedBy: Money.make(cappedBy, currency) } : {}),
    customerOwes: Money.make(Math.max(0, -payable.total.amount), currency),
    at,
    by,
  }
  const next: Decision.OrderFacts = {
    ...withLines(
      facts,
      facts.lines.map((line) => {
        const returned = units.get(line.id)
        return returned === undefined
          ? line
          : {
              ...line,
              alreadyRequestedQuantity: Math.max(0, line.alreadyRequestedQuantity - returned),
              alreadyReturnedQuantity: line.alreadyReturnedQuantity + returned,
            }
      }),
    ),
    shipping: {
      paid: shipping.paid,
      refunded: Money.make(shipping.refunded.amount + shippingBack, currency),
    },
    payments: {
      captured: payments.captured,
      refunded: Money.make(payments.refunded.amount + toOriginal, currency),
      storeCreditIssued: Money.make(payments.storeCreditIssued.amount + toCredit, currency),
    },
  }
  return { refund, facts: next }
}

/** What an order's facts must satisfy to be recorded, beyond their schema. */
const factIssues = (
  facts: Decision.OrderFacts,
  policy: ReturnPolicy.ReturnPolicy,
): Array<Errors.ValidationIssue> => {
  const issues: Array<Errors.ValidationIssue> = []
  if (facts.currency !== policy.currency)
    issues.push({
      path: ["facts", "currency"],
      message: `the order is in ${facts.currency} but return policy ${policy.id} v${policy.version} is in ${policy.currency}`,
    })
  const ids = new Set<string>()
  facts.lines.forEach((line, i) => {
    if (ids.has(line.id))
      issues.push({
        path: ["facts", "lines", i, "id"],
        message: `the line id ${line.id} is used twice`,
      })
    ids.add(line.id)
    if (line.fulfilledQuantity > line.quantity)
      issues.push({
        path: ["facts", "lines", i, "fulfilledQuantity"],
        message: "no more units can be fulfilled than were ordered",
      })
    if (line.alreadyRequestedQuantity + line.alreadyReturnedQuantity > line.fulfilledQuantity)
      issues.push({
        path: ["facts", "lines", i, "alreadyReturnedQuantity"],
        message: "units requested and returned cannot exceed the units fulfilled",
      })
  })
  return issues
}

const figuresFor = () => ({ lines: 0, units: 0, approvedUnits: 0, refundedValue: 0 })

// --- the service ------------------------------------------------------------------

/** Another writer changed a document read by the transaction: run it again on fresh state. */
const conflicted = StoreError.hasReason("Conflict")
const duplicated = StoreError.hasReason("Duplicate")

const RETRIES = 5

/**
 * Builds the service over the `Store`.
 *
 * @example
 * ```ts
 * import { Returns } from "@clientele/returns"
 * import { MemoryStore } from "@clientele/store"
 * import * as Effect from "effect/Effect"
 *
 * const service = Effect.provide(Returns.make, MemoryStore.layer)
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: Effect.Effect<ReturnsService, never, Store.Store> = Effect.gen(function* () {
  const store = yield* Store.Store
  const provide = Effect.provideService(Store.Store, store)

  const decodeRequest = Errors.decode(Decision.ReturnRequest)
  const decodeVerification = Errors.decode(Decision.ProductVerification)
  const decodeOrder = Errors.decode(OrderInput)
  const decodeFulfilment = Errors.decode(Schema.NonEmptyArray(FulfilmentLine))
  const decodeDelivery = Errors.decode(Schema.NonEmptyArray(DeliveryLine))
  const decodeReceipt = Errors.decode(Receipt)
  const decodeSettlement = Errors.decode(SettlementInput)
  const decodeRange = Errors.decode(ReportRange)
  const decodeId = Errors.decode(Ids.IdString)
  const decodeStaff = Errors.decode(Ids.StaffId)
  const decodeReference = Errors.decode(ReturnPolicy.PolicyReference)

  /** Queries over declared indexes built here: a refused one is a bug, not input. */
  const values = <A, K extends string>(
    collection: Collection.Collection<A, K>,
    tenant: Ids.TenantId,
    query: Omit<Collection.CollectionQuery<K>, "limit" | "cursor">,
  ) => provide(Collection.valuesOf(collection, tenant, query))

  const loadOrder = (tenant: Ids.TenantId, orderId: string) =>
    Effect.flatMap(orders.get(tenant, orderId), (found) =>
      Option.isSome(found)
        ? Effect.succeed(found.value)
        : Effect.fail(new Errors.NotFoundError({ entity: "order", id: orderId })),
    )

  const loadCase = (tenant: Ids.TenantId, caseId: string) =>
    Effect.flatMap(cases.get(tenant, caseId), (found) =>
      Option.isSome(found)
        ? Effect.succeed(found.value)
        : Effect.fail(new Errors.NotFoundError({ entity: "return case", id: caseId })),
    )

  const refuse = (returnCase: ReturnCase, attempted: string) =>
    new Errors.InvalidTransitionError({
      entity: "return case",
      state: returnCase.status,
      attempted,
    })

  const savePolicy: ReturnsService["savePolicy"] = Effect.fn("Returns.savePolicy")(
    function* (tenant, input) {
      const policy = yield* ReturnPolicy.decodeEither(input)
      return yield* provide(
        policies.insertImmutable(
          tenant,
          policy,
          () =>
            new PolicyVersionConflictError({
              entity: "return policy",
              id: policy.id,
              version: policy.version,
            }),
        ),
      )
    },
  )

  const saveCommitmentPolicy: ReturnsService["saveCommitmentPolicy"] = Effect.fn(
    "Returns.saveCommitmentPolicy",
  )(function* (tenant, input) {
    const policy = yield* Commitment.decodeEither(input)
    return yield* provide(
      commitmentPolicies.insertImmutable(
        tenant,
        policy,
        () =>
          new PolicyVersionConflictError({
            entity: "commitment policy",
            id: policy.id,
            version: policy.version,
          }),
      ),
    )
  })

  const recordOrder: ReturnsService["recordOrder"] = Effect.fn("Returns.recordOrder")(
    function* (tenant, input) {
      const { facts, commitments: asked } = yield* decodeOrder(input)
      const now = yield* Clock.currentTimeMillis
      return yield* provide(
        Effect.gen(function* () {
          const saved = yield* policies.get(tenant, policyKey(facts.policy))
          if (Option.isNone(saved))
            return yield* new Errors.NotFoundError({
              entity: "return policy",
              id: `${facts.policy.id} v${facts.policy.version}`,
            })
          const policy = saved.value.value
          const issues = factIssues(facts, policy)
          if (issues.length > 0) return yield* Errors.ValidationError.fromIssues(issues)
          let commitments: OrderCommitments | undefined
          if (asked !== undefined) {
            const found = yield* commitmentPolicies.get(tenant, policyKey(asked.policy))
            if (Option.isNone(found))
              return yield* new Errors.NotFoundError({
                entity: "commitment policy",
                id: `${asked.policy.id} v${asked.policy.version}`,
              })
            const commitmentPolicy = found.value.value
            if (commitmentPolicy.currency !== facts.currency)
              return yield* Errors.ValidationError.fromIssues([
                {
                  path: ["commitments", "policy"],
                  message: `commitment policy ${commitmentPolicy.id} v${commitmentPolicy.version} is in ${commitmentPolicy.currency}, the order in ${facts.currency}`,
                },
              ])
            const offers = yield* Commitment.evaluate(commitmentPolicy, {
              amounts: asked.amounts,
              requested: asked.requested,
              ...(asked.tier === undefined ? {} : { tier: asked.tier }),
              ...(asked.market === undefined ? {} : { market: asked.market }),
            })
            commitments = {
              policy: commitmentPolicy,
              amounts: asked.amounts,
              ...(asked.tier === undefined ? {} : { tier: asked.tier }),
              ...(asked.market === undefined ? {} : { market: asked.market }),
              offers,
              freeServices: offers
                .filter((offer) => offer.offered && offer.free)
                .map((o) => o.service),
              keptAmounts: asked.amounts,
            }
          }
          const order: StoredOrder = {
            facts,
            policy,
            ...(commitments === undefined ? {} : { commitments }),
            recordedAt: now,
            updatedAt: now,
          }
          yield* orders.insert(tenant, order)
          return order
        }),
      )
    },
  )

  /** Changes an order's lines in one compare-and-set; `change` validates and may refuse. */
  const changeLines = (
    tenant: Ids.TenantId,
    orderId: string,
    change: (
      facts: Decision.OrderFacts,
    ) => Either.Either<ReadonlyArray<Decision.OrderLine>, Errors.ValidationError>,
  ) =>
    Effect.gen(function* () {
      const id = yield* decodeId(orderId)
      const now = yield* Clock.currentTimeMillis
      return yield* provide(
        store
          .transaction(
            Effect.gen(function* () {
              const entry = yield* loadOrder(tenant, id)
              const lines = yield* change(entry.value.facts)
              const next: StoredOrder = {
                ...entry.value,
                facts: withLines(entry.value.facts, lines),
                updatedAt: now,
              }
              yield* orders.update(tenant, next, entry.version)
              return next
            }),
          )
          .pipe(Effect.retry({ while: conflicted, times: RETRIES })),
      )
    })

  const recordFulfilment: ReturnsService["recordFulfilment"] = Effect.fn(
    "Returns.recordFulfilment",
  )(function* (tenant, orderId, input) {
    const shipped = yield* decodeFulfilment(input)
    return yield* changeLines(tenant, orderId, (facts) => {
      const lines = facts.lines.map((line) => ({ ...line }))
      const issues: Array<Errors.ValidationIssue> = []
      shipped.forEach((shipment, i) => {
        const line = lines.find((candidate) => candidate.id === shipment.lineId)
        if (line === undefined) {
          issues.push({
            path: [i, "lineId"],
            message: `${shipment.lineId} is not a line of order ${facts.orderId}`,
          })
          return
        }
        const fulfilled = line.fulfilledQuantity + shipment.quantity
        if (fulfilled > line.quantity) {
          issues.push({
            path: [i, "quantity"],
            message: `${line.quantity - line.fulfilledQuantity} of the ${line.quantity} units of ${line.id} are left to ship`,
          })
          return
        }
        if (shipment.at < facts.placedAt) {
          issues.push({ path: [i, "at"], message: "a line cannot ship before the order" })
          return
        }
        line.fulfilledQuantity = fulfilled
        // A line's window runs from its latest shipment: later parcels never shorten it.
        line.fulfilledAt = Math.max(line.fulfilledAt ?? shipment.at, shipment.at)
      })
      return issues.length > 0
        ? Either.left(Errors.ValidationError.fromIssues(issues))
        : Either.right(lines)
    })
  })

  const recordDelivery: ReturnsService["recordDelivery"] = Effect.fn("Returns.recordDelivery")(
    function* (tenant, orderId, input) {
      const delivered = yield* decodeDelivery(input)
      return yield* changeLines(tenant, orderId, (facts) => {
        const lines = facts.lines.map((line) => ({ ...line }))
        const issues: Array<Errors.ValidationIssue> = []
        delivered.forEach((delivery, i) => {
          const line = lines.find((candidate) => candidate.id === delivery.lineId)
          if (line === undefined) {
            issues.push({
              path: [i, "lineId"],
              message: `${delivery.lineId} is not a line of order ${facts.orderId}`,
            })
            return
          }
          if (line.fulfilledQuantity === 0) {
            issues.push({
              path: [i, "lineId"],
              message: `no unit of ${line.id} has shipped, so none can be delivered`,
            })
            return
          }
          if (delivery.at < facts.placedAt) {
            issues.push({ path: [i, "at"], message: "a line cannot arrive before the order" })
            return
          }
          line.deliveredAt = Math.max(line.deliveredAt ?? delivery.at, delivery.at)
        })
        return issues.length > 0
          ? Either.left(Errors.ValidationError.fromIssues(issues))
          : Either.right(lines)
      })
    },
  )

  const getOrder: ReturnsService["getOrder"] = (tenant, orderId) =>
    provide(Effect.map(loadOrder(tenant, orderId), (entry) => entry.value))

  const requestReturn: ReturnsService["requestReturn"] = Effect.fn("Returns.requestReturn")(
    function* (tenant, input, options) {
      const request = yield* decodeRequest(input)
      const key =
        options?.idempotencyKey === undefined
          ? undefined
          : yield* Effect.mapError(decodeId(options.idempotencyKey), (error) =>
              Errors.ValidationError.fromIssues(
                error.issues.map((issue) => ({
                  ...issue,
                  path: ["idempotencyKey", ...issue.path],
                })),
              ),
            )
      const fingerprint = Ids.fingerprint(Schema.encodeSync(Decision.ReturnRequest)(request))
      const now = yield* Clock.currentTimeMillis
      return yield* provide(
        store
          .transaction(
            Effect.gen(function* () {
              if (key !== undefined) {
                const known = yield* requestKeys.get(tenant, requestKeyId(key))
                if (Option.isSome(known)) {
                  const { caseId } = known.value.value
                  if (known.value.value.fingerprint !== fingerprint)
                    return yield* new IdempotencyKeyConflictError({ key, caseId })
                  return (yield* loadCase(tenant, caseId)).value
                }
              }
              const entry = yield* loadOrder(tenant, request.orderId)
              const order = entry.value
              const decision = yield* Decision.evaluateReturn(
                order.policy,
                order.facts,
                request,
                now,
              )
              const held = yield* holdFor(order, decision, now)
              const returnCase: ReturnCase = {
                id: Ids.timeOrdered("ret", now),
                orderId: order.facts.orderId,
                currency: order.facts.currency,
                request,
                reasons: reasonsOf(order.policy, request),
                decision,
                status: statusOf(decision.outcome),
                ...(decision.authorisedBy === undefined
                  ? {}
                  : { authorisedBy: decision.authorisedBy }),
                ...(held.effect === undefined ? {} : { commitments: held.effect }),
                payable: held.payable,
                received: [],
                ...(key === undefined ? {} : { idempotencyKey: key }),
                recordedAt: now,
                updatedAt: now,
              }
              const operations: Array<Store.WriteOperation> = [
                yield* cases.operations.insert(returnCase),
              ]
              if (held.order !== order)
                operations.push(yield* orders.operations.update(held.order, entry.version))
              if (key !== undefined)
                operations.push(
                  yield* requestKeys.operations.insert({
                    key,
                    caseId: returnCase.id,
                    fingerprint,
                  }),
                )
              yield* store.bulkWrite(tenant, operations)
              return returnCase
            }),
          )
          .pipe(
            // A concurrent request with the same key inserted it first: read its case.
            Effect.retry({
              while: (error) => conflicted(error) || (key !== undefined && duplicated(error)),
              times: RETRIES,
            }),
          ),
      )
    },
  )

  const verifyProduct: ReturnsService["verifyProduct"] = Effect.fn("Returns.verifyProduct")(
    function* (tenant, caseId, input) {
      const verification = yield* decodeVerification(input)
      const id = yield* decodeId(caseId)
      const now = yield* Clock.currentTimeMillis
      return yield* provide(
        store
          .transaction(
            Effect.gen(function* () {
              const caseEntry = yield* loadCase(tenant, id)
              const current = caseEntry.value
              if (current.status !== "awaitingVerification")
                return yield* refuse(current, "verifyProduct")
              const orderEntry = yield* loadOrder(tenant, current.orderId)
              const released = releaseCase(orderEntry.value, current)
              const request: Decision.ReturnRequest = {
                ...current.request,
                productVerification: { ...verification, at: verification.at ?? now },
              }
              // The same snapshot, the window judged at the original request's instant.
              const decision = yield* Decision.evaluateReturn(
                released.policy,
                released.facts,
                request,
                now,
              )
              const held = yield* holdFor(released, decision, now)
              const { authorisedBy: _, commitments: __, ...rest } = current
              const next: ReturnCase = {
                ...rest,
                request,
                decision,
                status: statusOf(decision.outcome),
                // RET-2: the staff member who verified the product authorises the return.
                ...(decision.authorisedBy === undefined
                  ? {}
                  : { authorisedBy: decision.authorisedBy }),
                ...(held.effect === undefined ? {} : { commitments: held.effect }),
                payable: held.payable,
                updatedAt: now,
              }
              yield* store.bulkWrite(tenant, [
                yield* cases.operations.update(next, caseEntry.version),
                yield* orders.operations.update(
                  { ...held.order, updatedAt: now },
                  orderEntry.version,
                ),
              ])
              return next
            }),
          )
          .pipe(Effect.retry({ while: conflicted, times: RETRIES })),
      )
    },
  )

  const receiveReturn: ReturnsService["receiveReturn"] = Effect.fn("Returns.receiveReturn")(
    function* (tenant, caseId, input) {
      const receipt = yield* decodeReceipt(input)
      const id = yield* decodeId(caseId)
      const now = yield* Clock.currentTimeMillis
      return yield* provide(
        store
          .transaction(
            Effect.gen(function* () {
              const caseEntry = yield* loadCase(tenant, id)
              const current = caseEntry.value
              if (current.status !== "requested" && current.status !== "partiallyReceived")
                return yield* refuse(current, "receive")
              const orderEntry = yield* loadOrder(tenant, current.orderId)
              const policy = orderEntry.value.policy
              const decided = new Map(current.decision.lines.map((l) => [l.orderLineId, l]))
              const receivedSoFar = new Map<string, number>()
              for (const units of current.received)
                receivedSoFar.set(
                  units.orderLineId,
                  (receivedSoFar.get(units.orderLineId) ?? 0) + units.quantity,
                )
              const issues: Array<Errors.ValidationIssue> = []
              const arrived: Array<ReceivedUnits> = []
              receipt.lines.forEach((line, i) => {
                const decision = decided.get(line.orderLineId)
                if (decision === undefined || decision.approved === 0) {
                  issues.push({
                    path: ["lines", i, "orderLineId"],
                    message: `return case ${current.id} approved no unit of ${line.orderLineId}`,
                  })
                  return
                }
                const before = receivedSoFar.get(line.orderLineId) ?? 0
                if (before + line.quantity > decision.approved) {
                  issues.push({
                    path: ["lines", i, "quantity"],
                    message: `${decision.approved - before} more unit(s) of ${line.orderLineId} were approved, not ${line.quantity}`,
                  })
                  return
                }
                receivedSoFar.set(line.orderLineId, before + line.quantity)
                arrived.push({
                  orderLineId: line.orderLineId,
                  quantity: line.quantity,
                  condition: line.condition,
                  disposition:
                    decision.resolution === "repair"
                      ? "inspect"
                      : policy.dispositions[line.condition],
                  at: now,
                  by: receipt.by,
                })
              })
              if (issues.length > 0) return yield* Errors.ValidationError.fromIssues(issues)
              const complete = current.decision.lines.every(
                (line) => (receivedSoFar.get(line.orderLineId) ?? 0) >= line.approved,
              )
              const received = [...current.received, ...arrived]
              if (!complete) {
                const next: ReturnCase = {
                  ...current,
                  status: "partiallyReceived",
                  received,
                  updatedAt: now,
                }
                yield* store.bulkWrite(tenant, [
                  yield* cases.operations.update(next, caseEntry.version),
                ])
                return next
              }
              const issued = issueRefund(orderEntry.value, current, now, receipt.by)
              const next: ReturnCase = {
                ...current,
                status: "received",
                received,
                refund: issued.refund,
                updatedAt: now,
              }
              // The case and the order move together: the refund and the units returned.
              yield* store.bulkWrite(tenant, [
                yield* cases.operations.update(next, caseEntry.version),
                yield* orders.operations.update(
                  { ...orderEntry.value, facts: issued.facts, updatedAt: now },
                  orderEntry.version,
                ),
              ])
              return next
            }),
          )
          .pipe(Effect.retry({ while: conflicted, times: RETRIES })),
      )
    },
  )

  const cancelReturn: ReturnsService["cancelReturn"] = Effect.fn("Returns.cancelReturn")(
    function* (tenant, caseId, byInput) {
      const id = yield* decodeId(caseId)
      const by = yield* decodeId(byInput)
      const now = yield* Clock.currentTimeMillis
      return yield* provide(
        store
          .transaction(
            Effect.gen(function* () {
              const caseEntry = yield* loadCase(tenant, id)
              const current = caseEntry.value
              // Medusa's rule: once goods are back, the return can no longer be withdrawn.
              if (
                (current.status !== "requested" && current.status !== "awaitingVerification") ||
                current.received.length > 0
              )
                return yield* refuse(current, "cancel")
              const orderEntry = yield* loadOrder(tenant, current.orderId)
              const released = releaseCase(orderEntry.value, current)
              const next: ReturnCase = {
                ...current,
                status: "cancelled",
                cancelled: { at: now, by },
                updatedAt: now,
              }
              yield* store.bulkWrite(tenant, [
                yield* cases.operations.update(next, caseEntry.version),
                yield* orders.operations.update(
                  { ...released, updatedAt: now },
                  orderEntry.version,
                ),
              ])
              return next
            }),
          )
          .pipe(Effect.retry({ while: conflicted, times: RETRIES })),
      )
    },
  )

  const getCase: ReturnsService["getCase"] = (tenant, caseId) =>
    provide(Effect.map(loadCase(tenant, caseId), (entry) => entry.value))

  const listCases: ReturnsService["cases"] = (tenant, filter) =>
    values(cases, tenant, {
      where: { orderId: filter?.orderId, status: filter?.status },
      orderBy: { index: "requestedAt" },
    })

  const recordSettlement: ReturnsService["recordSettlement"] = Effect.fn(
    "Returns.recordSettlement",
  )(function* (tenant, input) {
    const settlement = yield* decodeSettlement(input)
    const now = yield* Clock.currentTimeMillis
    return yield* provide(
      Effect.gen(function* () {
        const { value: returnCase } = yield* loadCase(tenant, settlement.caseId)
        const issues: Array<Errors.ValidationIssue> = []
        if (settlement.fromDepartment === settlement.toDepartment)
          issues.push({
            path: ["toDepartment"],
            message: "a department does not settle with itself",
          })
        if (settlement.amount.amount <= 0)
          issues.push({ path: ["amount", "amount"], message: "a settlement is a positive amount" })
        if (settlement.amount.currency !== returnCase.currency)
          issues.push({
            path: ["amount", "currency"],
            message: `return case ${returnCase.id} is in ${returnCase.currency}`,
          })
        if (issues.length > 0) return yield* Errors.ValidationError.fromIssues(issues)
        const recorded: Settlement = {
          id: Ids.timeOrdered("stl", now),
          caseId: returnCase.id,
          orderId: returnCase.orderId,
          fromDepartment: settlement.fromDepartment,
          toDepartment: settlement.toDepartment,
          amount: settlement.amount,
          ...(settlement.note === undefined ? {} : { note: settlement.note }),
          status: "open",
          recordedAt: now,
        }
        yield* settlementRecords.insert(tenant, recorded)
        return recorded
      }),
    )
  })

  const settle: ReturnsService["settle"] = Effect.fn("Returns.settle")(
    function* (tenant, settlementId, byInput) {
      const id = yield* decodeId(settlementId)
      const by = yield* decodeStaff(byInput)
      const now = yield* Clock.currentTimeMillis
      return yield* provide(
        store
          .transaction(
            Effect.gen(function* () {
              const found = yield* settlementRecords.get(tenant, id)
              if (Option.isNone(found))
                return yield* new Errors.NotFoundError({ entity: "settlement", id })
              const current = found.value.value
              if (current.status !== "open")
                return yield* new Errors.InvalidTransitionError({
                  entity: "settlement",
                  state: current.status,
                  attempted: "settle",
                })
              const next: Settlement = { ...current, status: "settled", settled: { at: now, by } }
              yield* settlementRecords.update(tenant, next, found.value.version)
              return next
            }),
          )
          .pipe(Effect.retry({ while: conflicted, times: RETRIES })),
      )
    },
  )

  const listSettlements: ReturnsService["settlements"] = (tenant, filter) =>
    values(settlementRecords, tenant, {
      where: { caseId: filter?.caseId },
      orderBy: { index: "recordedAt" },
    })

  const report: ReturnsService["report"] = Effect.fn("Returns.report")(function* (tenant, input) {
    const range = yield* decodeRange(input)
    const found = yield* values(cases, tenant, {
      range: { index: "requestedAt", gte: range.from, lt: range.to },
      orderBy: { index: "requestedAt" },
    })
    const currency = range.currency
    const byOutcome = { approved: 0, partiallyApproved: 0, declined: 0, needsVerification: 0 }
    const byStatus = {
      awaitingVerification: 0,
      requested: 0,
      partiallyReceived: 0,
      received: 0,
      declined: 0,
      cancelled: 0,
    }
    const byReason = new Map<string, CaseReason & ReturnType<typeof figuresFor>>()
    const byClass = new Map(ReturnPolicy.ReasonClass.literals.map((c) => [c, figuresFor()]))
    const declined = new Map<Decision.DecisionCode, { lines: number; units: number }>()
    const refunds = { cases: 0, total: 0, toOriginal: 0, toCredit: 0, shipping: 0, deducted: 0 }
    const exchanges = { lines: 0, units: 0, replacementUnits: 0, difference: 0 }
    let counted = 0
    let otherCurrency = 0
    for (const returnCase of found) {
      if (returnCase.currency !== currency) {
        otherCurrency += 1
        continue
      }
      counted += 1
      byOutcome[returnCase.decision.outcome] += 1
      byStatus[returnCase.status] += 1
      const reasons = new Map(returnCase.reasons.map((reason) => [reason.code, reason]))
      const refunded = returnCase.refund !== undefined
      let exchanged = false
      returnCase.decision.lines.forEach((line, i) => {
        const asked = returnCase.request.lines[i]
        const reason = asked === undefined ? undefined : reasons.get(asked.reasonCode)
        const money = line.money
        const value =
          refunded && money !== undefined && money.refundTo !== "exchange"
            ? money.itemsGross.amount -
              money.discount.amount +
              money.tax.amount -
              money.restockingFee.amount
            : 0
        if (reason !== undefined) {
          let figures = byReason.get(reason.code)
          if (figures === undefined) {
            figures = { ...reason, ...figuresFor() }
            byReason.set(reason.code, figures)
          }
          const group = byClass.get(reason.class) ?? figuresFor()
          for (const target of [figures, group]) {
            target.lines += 1
            target.units += line.requested
            target.approvedUnits += line.approved
            target.refundedValue += value
          }
        }
        if (line.declined > 0)
          for (const code of line.codes) {
            const tally = declined.get(code) ?? { lines: 0, units: 0 }
            tally.lines += 1
            tally.units += line.declined
            declined.set(code, tally)
          }
        if (
          returnCase.status !== "cancelled" &&
          line.resolution === "exchange" &&
          line.approved > 0
        ) {
          exchanged = true
          exchanges.lines += 1
          exchanges.units += line.approved
          exchanges.replacementUnits += line.exchange?.quantity ?? 0
        }
      })
      if (exchanged) exchanges.difference += returnCase.decision.money.exchangeDifference.amount
      if (returnCase.refund !== undefined) {
        refunds.cases += 1
        refunds.total += returnCase.refund.total.amount
        refunds.toOriginal += returnCase.refund.toOriginalMethod.amount
        refunds.toCredit += returnCase.refund.toStoreCredit.amount
        refunds.shipping += returnCase.refund.shipping.amount
        refunds.deducted += returnCase.commitments?.deducted.amount ?? 0
      }
    }
    const sums = [
      ...Object.values(refunds),
      exchanges.difference,
      ...[...byReason.values()].map((figures) => figures.refundedValue),
    ]
    for (const sum of sums)
      if (!Number.isSafeInteger(sum))
        return yield* new Money.MoneyOverflowError({ operation: "report", currency })
    const amount = (minor: number) => Money.make(minor, currency)
    const byLines = <A extends { readonly lines: number }>(
      entries: ReadonlyArray<readonly [string, A]>,
    ) =>
      [...entries].sort(([codeA, a], [codeB, b]) =>
        b.lines !== a.lines ? b.lines - a.lines : codeA < codeB ? -1 : 1,
      )
    const result: ReturnsReport = {
      from: range.from,
      to: range.to,
      currency,
      cases: counted,
      otherCurrencyCases: otherCurrency,
      byOutcome,
      byStatus,
      byReason: byLines([...byReason.entries()]).map(([, figures]) => ({
        reasonCode: figures.code,
        label: figures.label,
        reasonClass: figures.class,
        lines: figures.lines,
        units: figures.units,
        approvedUnits: figures.approvedUnits,
        refundedValue: amount(figures.refundedValue),
      })),
      byReasonClass: [...byClass.entries()].map(([reasonClass, figures]) => ({
        reasonClass,
        lines: figures.lines,
        units: figures.units,
        approvedUnits: figures.approvedUnits,
        refundedValue: amount(figures.refundedValue),
      })),
      declinedCodes: byLines([...declined.entries()]).map(([code, tally]) => ({
        code: code as Decision.DecisionCode,
        lines: tally.lines,
        units: tally.units,
      })),
      refunds: {
        cases: refunds.cases,
        total: amount(refunds.total),
        toOriginalMethod: amount(refunds.toOriginal),
        toStoreCredit: amount(refunds.toCredit),
        shipping: amount(refunds.shipping),
        commitmentDeductions: amount(refunds.deducted),
      },
      exchanges: {
        lines: exchanges.lines,
        units: exchanges.units,
        replacementUnits: exchanges.replacementUnits,
        difference: amount(exchanges.difference),
      },
    }
    return result
  })

  const publishPolicy: ReturnsService["publishPolicy"] = Effect.fn("Returns.publishPolicy")(
    function* (tenant, input, options) {
      const reference = yield* decodeReference(input)
      const found = yield* provide(policies.get(tenant, policyKey(reference)))
      if (Option.isNone(found))
        return yield* new Errors.NotFoundError({
          entity: "return policy",
          id: `${reference.id} v${reference.version}`,
        })
      const policy = found.value.value
      const published: PublishedPolicy = {
        text: Publication.toText(policy, options?.text),
        jsonLd: Publication.toJsonLd(policy, options?.jsonLd),
      }
      return published
    },
  )

  return Returns.of({
    savePolicy,
    saveCommitmentPolicy,
    recordOrder,
    recordFulfilment,
    recordDelivery,
    getOrder,
    requestReturn,
    verifyProduct,
    receiveReturn,
    cancelReturn,
    getCase,
    cases: listCases,
    recordSettlement,
    settle,
    settlements: listSettlements,
    report,
    publishPolicy,
  })
})

// --- layers -----------------------------------------------------------------------

/**
 * The service's layer over a `Store`.
 *
 * @example
 * ```ts
 * import { Returns } from "@clientele/returns"
 * import { MemoryStore } from "@clientele/store"
 * import * as Layer from "effect/Layer"
 *
 * const live = Returns.layer.pipe(Layer.provide(MemoryStore.layer))
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<Returns, never, Store.Store> = Layer.effect(Returns, make)

/**
 * The Promise API: the service's methods as plain async functions over a store
 * layer. Rejections are the same tagged errors.
 *
 * @example
 * ```ts
 * import { Ids } from "@clientele/core"
 * import { Returns } from "@clientele/returns"
 * import { MemoryStore } from "@clientele/store"
 *
 * const client = await Returns.makeClient(MemoryStore.layer)
 * const tenant = Ids.TenantId.make("acme")
 * await client.savePolicy(tenant, {
 *   id: "standard",
 *   version: 1,
 *   name: "Returns",
 *   currency: "EUR",
 *   storeZone: "Europe/Berlin",
 *   window: { days: 30 },
 * })
 * const published = await client.publishPolicy(tenant, { id: "standard", version: 1 })
 * await client.close()
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeClient = <E>(
  store: Layer.Layer<Store.Store, E>,
): Promise<PromiseClient.PromiseClient<ReturnsService>> =>
  PromiseClient.make(Returns, layer.pipe(Layer.provide(store)))

// --- errors -----------------------------------------------------------------------

/**
 * A policy version was saved again with different content (RET-1): a saved version
 * never changes, so the orders placed under it keep their rules; save the change as a
 * new version.
 *
 * @example
 * ```ts
 * import { Returns } from "@clientele/returns"
 *
 * const error = new Returns.PolicyVersionConflictError({ entity: "return policy", id: "standard", version: 1 })
 * error.message
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class PolicyVersionConflictError extends Schema.TaggedError<PolicyVersionConflictError>(
  "@clientele/returns/PolicyVersionConflictError",
)("PolicyVersionConflictError", {
  entity: Schema.Literal("return policy", "commitment policy"),
  id: Schema.String,
  version: Schema.Number,
}) {
  /** The rule that refuses it. */
  readonly rule = "RET-1"
  override get message(): string {
    return `RET-1: ${this.entity} ${this.id} v${this.version} is already saved with different content; save the change under a new version`
  }
}

/**
 * An idempotency key was used again for a different return request: a key names one
 * request, whose case it returns on every retry.
 *
 * @example
 * ```ts
 * import { Returns } from "@clientele/returns"
 *
 * const error = new Returns.IdempotencyKeyConflictError({ key: "web-7f3a", caseId: "ret-1" })
 * error.message
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class IdempotencyKeyConflictError extends Schema.TaggedError<IdempotencyKeyConflictError>(
  "@clientele/returns/IdempotencyKeyConflictError",
)("IdempotencyKeyConflictError", {
  key: Schema.String,
  caseId: Schema.String,
}) {
  override get message(): string {
    return `the idempotency key ${this.key} was already used for another return request (case ${this.caseId})`
  }
}
