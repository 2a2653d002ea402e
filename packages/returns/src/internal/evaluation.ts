/**
 * The body of `Decision.evaluateReturn`: cheap hand-written checks of typed input,
 * then one plain loop over the request's lines that decides quantities and
 * accumulates the money in integers, and `Money` values built only at the end.
 *
 * @internal
 */
import { BusinessDays, type CalendarError } from "@clientele/calendar"
import { Civil, Errors, Money, Zone } from "@clientele/core"
import * as Either from "effect/Either"
import {
  type DecisionCode,
  type Destination,
  type EvaluationError,
  type LineDecision,
  type LineMoney,
  type OrderFacts,
  type OrderLine,
  PolicySnapshotMismatchError,
  type ReturnDecision,
  type ReturnRequest,
} from "../Decision.js"
import type { Resolution, ReturnPolicy, Window } from "../ReturnPolicy.js"
import { cumulativeShare, money, mulDivHalfUp, prorate } from "./amounts.js"
import { indexOf } from "./reasons.js"
import { type Candidate, overrideFor, selectsAny } from "./selectors.js"

type Issues = Array<Errors.ValidationIssue>
type Mutable<A> = { -readonly [K in keyof A]: A[K] }

const BASIS = 10_000
const MUST_BE_INSTANT = "must be an instant in epoch milliseconds"

const isCount = (n: number): boolean => Number.isSafeInteger(n) && n >= 0
const isPositiveCount = (n: number): boolean => Number.isSafeInteger(n) && n > 0
const isAmount = (m: Money.Money): boolean => Number.isSafeInteger(m.amount) && m.amount >= 0

const currencyMismatch = (
  currency: Money.CurrencyCode,
  path: string,
  found: string,
): Money.CurrencyMismatchError =>
  new Money.CurrencyMismatchError({
    operation: `evaluateReturn (${path})`,
    left: currency,
    right: found,
  })

/** The first amount of the order or the request that is not in the policy's currency. */
const findCurrencyMismatch = (
  currency: Money.CurrencyCode,
  order: OrderFacts,
  request: ReturnRequest,
): Money.CurrencyMismatchError | undefined => {
  if (order.currency !== currency)
    return currencyMismatch(currency, "order.currency", order.currency)
  const lines = order.lines
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as OrderLine
    if (line.unitPrice.currency !== currency)
      return currencyMismatch(currency, `order.lines.${i}.unitPrice`, line.unitPrice.currency)
    if (line.lineDiscount !== undefined && line.lineDiscount.currency !== currency)
      return currencyMismatch(currency, `order.lines.${i}.lineDiscount`, line.lineDiscount.currency)
    const share = line.orderDiscountShare
    if (share !== undefined && share.currency !== currency)
      return currencyMismatch(currency, `order.lines.${i}.orderDiscountShare`, share.currency)
    const tax = line.tax
    if (tax !== undefined && "amount" in tax && tax.amount.currency !== currency)
      return currencyMismatch(currency, `order.lines.${i}.tax.amount`, tax.amount.currency)
  }
  const { orderDiscount, shipping, payments } = order
  if (orderDiscount !== undefined && orderDiscount.currency !== currency)
    return currencyMismatch(currency, "order.orderDiscount", orderDiscount.currency)
  if (shipping.paid.currency !== currency)
    return currencyMismatch(currency, "order.shipping.paid", shipping.paid.currency)
  if (shipping.refunded.currency !== currency)
    return currencyMismatch(currency, "order.shipping.refunded", shipping.refunded.currency)
  if (payments.captured.currency !== currency)
    return currencyMismatch(currency, "order.payments.captured", payments.captured.currency)
  if (payments.refunded.currency !== currency)
    return currencyMismatch(currency, "order.payments.refunded", payments.refunded.currency)
  if (payments.storeCreditIssued.currency !== currency)
    return currencyMismatch(
      currency,
      "order.payments.storeCreditIssued",
      payments.storeCreditIssued.currency,
    )
  for (let i = 0; i < request.lines.length; i++) {
    const replacement = request.lines[i]?.exchangeFor
    if (replacement !== undefined && replacement.unitPrice.currency !== currency)
      return currencyMismatch(
        currency,
        `request.lines.${i}.exchangeFor.unitPrice`,
        replacement.unitPrice.currency,
      )
  }
  return undefined
}

const orderLinePath = (index: number, ...fields: Array<string>): Array<string | number> => [
  "order",
  "lines",
  index,
  ...fields,
]

const requestLinePath = (index: number, ...fields: Array<string>): Array<string | number> => [
  "request",
  "lines",
  index,
  ...fields,
]

/** Up to this many lines a scan beats building a map. */
const SCAN_UP_TO = 32
const positionsOf = new WeakMap<ReadonlyArray<OrderLine>, ReadonlyMap<string, number>>()

/** The index of the first line with an id, or -1; large orders are indexed once. */
const indexOfLine = (lines: ReadonlyArray<OrderLine>, id: string): number => {
  if (lines.length <= SCAN_UP_TO) {
    for (let i = 0; i < lines.length; i++) if ((lines[i] as OrderLine).id === id) return i
    return -1
  }
  let positions = positionsOf.get(lines)
  if (positions === undefined) {
    const built = new Map<string, number>()
    for (let i = 0; i < lines.length; i++) {
      const lineId = (lines[i] as OrderLine).id
      if (!built.has(lineId)) built.set(lineId, i)
    }
    positions = built
    positionsOf.set(lines, positions)
  }
  return positions.get(id) ?? -1
}

/** Checks what a typed order can still get wrong; returns each line's order-discount share. */
const checkOrder = (order: OrderFacts, issues: Issues): Array<number> => {
  const lines = order.lines
  const shares = new Array<number>(lines.length)
  if (!Number.isSafeInteger(order.placedAt))
    issues.push({
      path: ["order", "placedAt"],
      message: "must be an instant in epoch milliseconds",
    })
  let explicitShares = 0
  let implicitWeight = 0
  let implicitLines = 0
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as OrderLine
    if (indexOfLine(lines, line.id) !== i)
      issues.push({ path: orderLinePath(i, "id"), message: `the line id ${line.id} is used twice` })
    if (!isPositiveCount(line.quantity))
      issues.push({ path: orderLinePath(i, "quantity"), message: "must be a positive integer" })
    if (!isCount(line.fulfilledQuantity) || line.fulfilledQuantity > line.quantity)
      issues.push({
        path: orderLinePath(i, "fulfilledQuantity"),
        message: "must be an integer from 0 to the line's quantity",
      })
    if (!isCount(line.alreadyRequestedQuantity))
      issues.push({
        path: orderLinePath(i, "alreadyRequestedQuantity"),
        message: "must be a non-negative integer",
      })
    if (!isCount(line.alreadyReturnedQuantity))
      issues.push({
        path: orderLinePath(i, "alreadyReturnedQuantity"),
        message: "must be a non-negative integer",
      })
    if (line.alreadyRequestedQuantity + line.alreadyReturnedQuantity > line.fulfilledQuantity)
      issues.push({
        path: orderLinePath(i, "alreadyReturnedQuantity"),
        message: "units requested and returned cannot exceed the units fulfilled",
      })
    if (line.fulfilledAt !== undefined && !Number.isSafeInteger(line.fulfilledAt))
      issues.push({ path: orderLinePath(i, "fulfilledAt"), message: MUST_BE_INSTANT })
    if (line.deliveredAt !== undefined && !Number.isSafeInteger(line.deliveredAt))
      issues.push({ path: orderLinePath(i, "deliveredAt"), message: MUST_BE_INSTANT })
    if (!isAmount(line.unitPrice))
      issues.push({ path: orderLinePath(i, "unitPrice"), message: "must be a non-negative amount" })
    const gross = line.unitPrice.amount * line.quantity
    if (!Number.isSafeInteger(gross))
      issues.push({
        path: orderLinePath(i, "unitPrice"),
        message: "the line's total is too large to hold exactly",
      })
    const lineDiscount = line.lineDiscount?.amount ?? 0
    if (line.lineDiscount !== undefined && !isAmount(line.lineDiscount))
      issues.push({
        path: orderLinePath(i, "lineDiscount"),
        message: "must be a non-negative amount",
      })
    let share = 0
    if (line.orderDiscountShare !== undefined) {
      share = line.orderDiscountShare.amount
      explicitShares += share
      if (!isAmount(line.orderDiscountShare))
        issues.push({
          path: orderLinePath(i, "orderDiscountShare"),
          message: "must be a non-negative amount",
        })
    } else if (order.orderDiscount !== undefined) {
      implicitWeight += Math.max(0, gross - lineDiscount)
      implicitLines += 1
    }
    shares[i] = share
    if (lineDiscount + share > gross)
      issues.push({
        path: orderLinePath(i, "lineDiscount"),
        message: "the line's discounts exceed its price (unit price × quantity)",
      })
    const tax = line.tax
    if (tax !== undefined) {
      if ("amount" in tax) {
        if (!isAmount(tax.amount))
          issues.push({
            path: orderLinePath(i, "tax", "amount"),
            message: "must be a non-negative amount",
          })
      } else if (!isCount(tax.rateBasisPoints)) {
        issues.push({
          path: orderLinePath(i, "tax", "rateBasisPoints"),
          message: "must be a non-negative integer",
        })
      }
    }
    if (line.exchangedFrom !== undefined) {
      // Follow the chain of exchanges; more steps than lines means it loops.
      let current: OrderLine | undefined = line
      for (let steps = 0; current?.exchangedFrom !== undefined; steps++) {
        const next = indexOfLine(lines, current.exchangedFrom)
        if (next < 0 || steps > lines.length) {
          issues.push({
            path: orderLinePath(i, "exchangedFrom"),
            message:
              next < 0
                ? `${current.exchangedFrom} is not a line of this order`
                : "the exchanges of this line form a cycle",
          })
          break
        }
        current = lines[next]
      }
    }
  }
  const orderDiscount = order.orderDiscount
  if (orderDiscount !== undefined) {
    if (!isAmount(orderDiscount)) {
      issues.push({ path: ["order", "orderDiscount"], message: "must be a non-negative amount" })
    } else {
      const left = orderDiscount.amount - explicitShares
      if (left < 0 || (implicitLines === 0 && left !== 0)) {
        issues.push({
          path: ["order", "orderDiscount"],
          message: "the lines' orderDiscountShare amounts do not add up to the order discount",
        })
      } else if (implicitLines > 0 && left > 0) {
        const weights = new Array<number>(implicitLines)
        for (let i = 0, k = 0; i < lines.length; i++) {
          const line = lines[i] as OrderLine
          if (line.orderDiscountShare === undefined)
            weights[k++] = Math.max(
              0,
              line.unitPrice.amount * line.quantity - (line.lineDiscount?.amount ?? 0),
            )
        }
        const prorated = implicitWeight > 0 ? prorate(left, weights) : undefined
        if (prorated === undefined) {
          issues.push({
            path: ["order", "orderDiscount"],
            message: "there is no line price left to prorate the order discount over",
          })
        } else {
          for (let i = 0, k = 0; i < lines.length; i++) {
            if ((lines[i] as OrderLine).orderDiscountShare === undefined)
              shares[i] = prorated[k++] as number
          }
        }
      }
    }
  }
  const { shipping, payments } = order
  if (
    !isAmount(shipping.paid) ||
    !isAmount(shipping.refunded) ||
    !isAmount(payments.captured) ||
    !isAmount(payments.refunded) ||
    !isAmount(payments.storeCreditIssued)
  ) {
    const amounts = [
      ["shipping", "paid", shipping.paid],
      ["shipping", "refunded", shipping.refunded],
      ["payments", "captured", payments.captured],
      ["payments", "refunded", payments.refunded],
      ["payments", "storeCreditIssued", payments.storeCreditIssued],
    ] as const
    for (const [group, field, amount] of amounts) {
      if (!isAmount(amount))
        issues.push({ path: ["order", group, field], message: "must be a non-negative amount" })
    }
  }
  return shares
}

/** Whether the order line of request line `i` was already named by an earlier request line. */
const appearsBefore = (lines: ReturnRequest["lines"], i: number): boolean => {
  const id = (lines[i] as ReturnRequest["lines"][number]).orderLineId
  for (let j = 0; j < i; j++)
    if ((lines[j] as ReturnRequest["lines"][number]).orderLineId === id) return true
  return false
}

/** Checks the request against the order; returns the order line index of each request line. */
const checkRequest = (
  policy: ReturnPolicy,
  order: OrderFacts,
  request: ReturnRequest,
  now: number,
  issues: Issues,
): Array<number> => {
  if (request.orderId !== order.orderId)
    issues.push({
      path: ["request", "orderId"],
      message: `the request is for order ${request.orderId}, not ${order.orderId}`,
    })
  if (!Number.isSafeInteger(now))
    issues.push({ path: ["now"], message: "must be an instant in epoch milliseconds" })
  if (!Number.isSafeInteger(request.requestedAt))
    issues.push({
      path: ["request", "requestedAt"],
      message: "must be an instant in epoch milliseconds",
    })
  else if (request.requestedAt > now)
    issues.push({
      path: ["request", "requestedAt"],
      message: "a request cannot be filed after now",
    })
  else if (request.requestedAt < order.placedAt)
    issues.push({
      path: ["request", "requestedAt"],
      message: "a request cannot be filed before the order was placed",
    })
  const reasons = indexOf(policy.reasons).byCode
  const lines = request.lines
  const targets = new Array<number>(lines.length)
  const seen = lines.length > SCAN_UP_TO ? new Set<string>() : undefined
  if (lines.length === 0)
    issues.push({ path: ["request", "lines"], message: "at least one line is required" })
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as ReturnRequest["lines"][number]
    const target = indexOfLine(order.lines, line.orderLineId)
    targets[i] = target
    if (target < 0)
      issues.push({
        path: requestLinePath(i, "orderLineId"),
        message: `${line.orderLineId} is not a line of order ${order.orderId}`,
      })
    if (seen === undefined ? appearsBefore(lines, i) : seen.has(line.orderLineId))
      issues.push({
        path: requestLinePath(i, "orderLineId"),
        message: `${line.orderLineId} appears twice; request its units on one line`,
      })
    seen?.add(line.orderLineId)
    if (!isPositiveCount(line.quantity))
      issues.push({ path: requestLinePath(i, "quantity"), message: "must be a positive integer" })
    if (!reasons.has(line.reasonCode))
      issues.push({
        path: requestLinePath(i, "reasonCode"),
        message: `${line.reasonCode} is not a reason of return policy ${policy.id} v${policy.version}`,
      })
    const replacement = line.exchangeFor
    if (line.resolution === "exchange" && replacement === undefined)
      issues.push({
        path: requestLinePath(i, "exchangeFor"),
        message: "an exchange needs its replacement",
      })
    if (line.resolution !== "exchange" && replacement !== undefined)
      issues.push({
        path: requestLinePath(i, "exchangeFor"),
        message: "only an exchange has a replacement",
      })
    if (replacement !== undefined) {
      if (!isPositiveCount(replacement.quantity))
        issues.push({
          path: requestLinePath(i, "exchangeFor", "quantity"),
          message: "must be a positive integer",
        })
      if (
        !isAmount(replacement.unitPrice) ||
        !Number.isSafeInteger(replacement.unitPrice.amount * replacement.quantity)
      )
        issues.push({
          path: requestLinePath(i, "exchangeFor", "unitPrice"),
          message: "must be a non-negative amount whose total is held exactly",
        })
    }
  }
  return targets
}

/** The line's tax in total, before it is shared out over the units. */
const lineTax = (line: OrderLine, lineDiscount: number, orderShare: number): number => {
  const tax = line.tax
  if (tax === undefined) return 0
  if ("amount" in tax) return tax.amount.amount
  const net = line.unitPrice.amount * line.quantity - lineDiscount - orderShare
  if (net <= 0 || tax.rateBasisPoints === 0) return 0
  return line.taxInclusive
    ? net - mulDivHalfUp(net, BASIS, BASIS + tax.rateBasisPoints)
    : mulDivHalfUp(net, tax.rateBasisPoints, BASIS)
}

/**
 * What the first `units` units of a line are worth when returned: their price minus
 * their share of the line's discounts, plus their share of a tax added on top. The
 * two discounts are shared out as one amount, so no unit's discount can exceed its
 * price through rounding.
 */
const valueOfUnits = (
  unit: number,
  quantity: number,
  discounts: number,
  exclusiveTax: number,
  units: number,
): number =>
  unit * units -
  cumulativeShare(discounts, units, quantity) +
  cumulativeShare(exclusiveTax, units, quantity)

/** What the window of each line is computed from, with the memos of one evaluation. */
interface Anchoring {
  readonly order: OrderFacts
  readonly window: Window
  /** The zone whose midnight closes the window, where every civil day is read. */
  readonly zone: string
  readonly issues: Issues
  /** `null` until computed; `undefined` when it cannot be (an issue says why). */
  lastDelivery: number | undefined | null
  memoFirst: number
  memoDays: number
  memoEnd: number | undefined
  calendarError: CalendarError.CalendarError | undefined
}

/** The civil day a line counts as delivered; undefined (with an issue) when no date is known. */
const deliveryDay = (at: Anchoring, line: OrderLine, index: number): number | undefined => {
  if (line.deliveredAt !== undefined) return Zone.localDayOf(at.zone, line.deliveredAt)
  if (line.fulfilledAt !== undefined)
    return Zone.localDayOf(at.zone, line.fulfilledAt) + at.window.transitBufferDays
  at.issues.push({
    path: orderLinePath(index, "fulfilledAt"),
    message: "a window from delivery needs deliveredAt or, failing that, fulfilledAt",
  })
  return undefined
}

/** The day the order's last parcel arrived (replacements of exchanges aside). */
const lastDeliveryDay = (at: Anchoring): number | undefined => {
  if (at.lastDelivery !== null) return at.lastDelivery
  const lines = at.order.lines
  let latest: number | undefined
  for (let j = 0; j < lines.length; j++) {
    const line = lines[j] as OrderLine
    // An exchange's replacement never moves the window of the order's own parcels.
    if (line.fulfilledQuantity === 0 || line.exchangedFrom !== undefined) continue
    const day = deliveryDay(at, line, j)
    if (day === undefined) {
      latest = undefined
      break
    }
    if (latest === undefined || day > latest) latest = day
  }
  if (latest === undefined && at.issues.length === 0)
    at.issues.push({
      path: ["order", "lines"],
      message: "a window from the last delivery needs a fulfilled line that is not an exchange",
    })
  // Computed once per evaluation, issues included.
  at.lastDelivery = latest
  return latest
}

/** The civil day that starts a line's window; undefined (with an issue) when a date is missing. */
const startDay = (at: Anchoring, line: OrderLine, index: number): number | undefined => {
  const window = at.window
  const lines = at.order.lines
  let anchor = line
  let anchorIndex = index
  const restart = line.exchangedFrom !== undefined && window.exchangedItems === "restartWindow"
  if (line.exchangedFrom !== undefined && window.exchangedItems === "originalWindow") {
    // The chain was checked to end at a line of the order that is not an exchange.
    while (anchor.exchangedFrom !== undefined) {
      anchorIndex = indexOfLine(lines, anchor.exchangedFrom)
      anchor = lines[anchorIndex] as OrderLine
    }
  }
  switch (window.startsFrom) {
    case "purchase":
      return Zone.localDayOf(at.zone, at.order.placedAt)
    case "fulfilment":
      if (anchor.fulfilledAt !== undefined) return Zone.localDayOf(at.zone, anchor.fulfilledAt)
      at.issues.push({
        path: orderLinePath(anchorIndex, "fulfilledAt"),
        message: "a window from fulfilment needs fulfilledAt",
      })
      return undefined
    case "delivery":
      return deliveryDay(at, anchor, anchorIndex)
    case "lastDelivery":
      return restart ? deliveryDay(at, line, index) : lastDeliveryDay(at)
  }
}

/** The first instant after a window of `days` days from the civil day `first`. */
const windowEnd = (at: Anchoring, first: number, days: number): number | undefined => {
  // Lines of one order mostly share their window: compute it once.
  if (first === at.memoFirst && days === at.memoDays) return at.memoEnd
  let lastDay = first + days
  const calendar = at.window.extendToNextBusinessDay
  if (calendar !== undefined) {
    const rolled = BusinessDays.add(calendar, Civil.format(lastDay), 0)
    if (Either.isLeft(rolled)) {
      at.calendarError = rolled.left
      return undefined
    }
    lastDay = Civil.parse(rolled.right) ?? lastDay
  }
  // The last day is included: the window closes at the first instant of the day after.
  const end = Zone.firstInstantOfDay(at.zone, lastDay + 1)
  at.memoFirst = first
  at.memoDays = days
  at.memoEnd = end
  return end
}

const overflow = (currency: Money.CurrencyCode) =>
  Either.left(new Money.MoneyOverflowError({ operation: "evaluateReturn", currency }))

/** Evaluates a return request; see `Decision.evaluateReturn` for the rules. */
export const evaluate = (
  policy: ReturnPolicy,
  order: OrderFacts,
  request: ReturnRequest,
  now: number,
): Either.Either<ReturnDecision, EvaluationError> => {
  if (order.policy.id !== policy.id || order.policy.version !== policy.version)
    return Either.left(
      new PolicySnapshotMismatchError({
        orderId: order.orderId,
        expected: order.policy,
        given: { id: policy.id, version: policy.version },
      }),
    )
  const currency = policy.currency
  const mismatch = findCurrencyMismatch(currency, order, request)
  if (mismatch !== undefined) return Either.left(mismatch)
  const issues: Issues = []
  const orderShares = checkOrder(order, issues)
  const targets = checkRequest(policy, order, request, now, issues)
  if (issues.length > 0) return Either.left(Errors.ValidationError.fromIssues(issues))

  const window = policy.window
  const fees = policy.fees
  const reasons = indexOf(policy.reasons)
  const allowed = policy.allowedResolutions
  const orderLines = order.lines
  const zone =
    window.closesAt === "customerZone" ? (order.customerZone ?? policy.storeZone) : policy.storeZone

  const verification = request.productVerification
  const verificationState =
    verification === undefined
      ? "missing"
      : verification.verified &&
          policy.staffAuthorisation.verificationMethods.includes(verification.method)
        ? "verified"
        : "failed"
  const unverified =
    verificationState === "failed" ||
    (verificationState === "missing" && request.actor.kind === "staff")

  const refundTarget: "original" | "storeCredit" =
    policy.refundDestination === "customerChoice"
      ? (request.refundTo ?? "original")
      : policy.refundDestination

  const anchoring: Anchoring = {
    order,
    window,
    zone,
    issues,
    lastDelivery: null,
    memoFirst: Number.NaN,
    memoDays: Number.NaN,
    memoEnd: undefined,
    calendarError: undefined,
  }

  const requestLines = request.lines
  const decisions = new Array<LineDecision>(requestLines.length)
  const moneyUnits = new Array<number>(orderLines.length).fill(0)
  let itemsGross = 0
  let discount = 0
  let tax = 0
  let includedTax = 0
  let restockingFee = 0
  let exchangeCharges = 0
  let exchangeCredit = 0
  let toOriginal = 0
  let toStoreCredit = 0
  let refundedLines = 0
  let returnShippingCharged = false
  let anyApproved = false
  let allApproved = true
  let latestWindowEnd: number | undefined

  for (let i = 0; i < requestLines.length; i++) {
    const requested = requestLines[i] as ReturnRequest["lines"][number]
    const lineIndex = targets[i] as number
    const line = orderLines[lineIndex] as OrderLine
    const reason = reasons.byCode.get(requested.reasonCode)
    const codes: Array<DecisionCode> = []
    let blocked = false

    if (!line.soldByUs) {
      codes.push("NOT_SOLD_BY_US")
      blocked = true
    }
    if (unverified) {
      codes.push("PRODUCT_NOT_VERIFIED")
      blocked = true
    }
    if (reasons.parents.has(requested.reasonCode)) {
      codes.push("REASON_NOT_LEAF")
      blocked = true
    }
    if (reason?.retired === true) {
      codes.push("REASON_RETIRED")
      blocked = true
    }
    if (
      reason?.class === "other" &&
      (requested.note === undefined || requested.note.trim() === "")
    ) {
      codes.push("NOTE_REQUIRED")
      blocked = true
    }
    if (!policy.acceptedConditions.includes(requested.condition)) {
      codes.push("CONDITION_NOT_ACCEPTED")
      blocked = true
    }
    if (!allowed.includes(requested.resolution)) {
      codes.push("RESOLUTION_NOT_ALLOWED")
      blocked = true
    }
    const lineDiscount = line.lineDiscount?.amount ?? 0
    const candidate: Candidate = {
      sku: line.sku,
      productId: line.productId,
      categories: line.categories,
      tags: line.tags,
      discount: lineDiscount,
      gross: line.unitPrice.amount * line.quantity,
      customerTier: order.customerTier,
    }
    if (
      selectsAny(policy.finalSale, candidate) ||
      (line.exchangedFrom !== undefined && window.exchangedItems === "finalSale")
    ) {
      codes.push("FINAL_SALE")
      blocked = true
    }
    const days = overrideFor(policy.windowOverrides, candidate)?.days ?? window.days
    if (days === "notReturnable") {
      codes.push("NOT_RETURNABLE_CATEGORY")
      blocked = true
    }
    let windowEndsAt: number | undefined
    if (line.fulfilledQuantity === 0) {
      codes.push("NOT_FULFILLED")
      blocked = true
    } else if (typeof days === "number") {
      const first = startDay(anchoring, line, lineIndex)
      windowEndsAt = first === undefined ? undefined : windowEnd(anchoring, first, days)
      if (windowEndsAt !== undefined) {
        if (latestWindowEnd === undefined || windowEndsAt > latestWindowEnd)
          latestWindowEnd = windowEndsAt
        if (request.requestedAt >= windowEndsAt) {
          codes.push("WINDOW_EXPIRED")
          blocked = true
        }
      }
    }

    let resolution: Resolution = requested.resolution
    let fellBack = false
    const replacement = requested.exchangeFor
    if (resolution === "exchange" && replacement !== undefined && !replacement.inStock) {
      if (replacement.backorderAllowed) {
        codes.push("REPLACEMENT_BACKORDERED")
      } else {
        codes.push("REPLACEMENT_OUT_OF_STOCK")
        const fallback: Resolution | undefined = allowed.includes("refund")
          ? "refund"
          : allowed.includes("storeCredit")
            ? "storeCredit"
            : undefined
        if (fallback === undefined) blocked = true
        else {
          resolution = fallback
          fellBack = true
        }
      }
    }

    const consumed = line.alreadyRequestedQuantity + line.alreadyReturnedQuantity
    const returnable = Math.max(0, line.fulfilledQuantity - consumed)
    const quantity = requested.quantity
    const approved = blocked ? 0 : Math.min(quantity, returnable)
    if (quantity > returnable) {
      const excess = quantity - returnable
      const intoUnfulfilled = Math.min(excess, line.quantity - line.fulfilledQuantity)
      if (intoUnfulfilled > 0 && line.fulfilledQuantity > 0) codes.push("NOT_FULFILLED")
      if (excess > intoUnfulfilled) codes.push("QUANTITY_EXCEEDS_RETURNABLE")
    }
    if (approved > 0) anyApproved = true
    if (approved < quantity) allApproved = false

    const decision: Mutable<LineDecision> = {
      orderLineId: requested.orderLineId,
      requested: quantity,
      approved,
      declined: quantity - approved,
      codes,
      requestedResolution: requested.resolution,
      resolution,
      disposition: resolution === "repair" ? "inspect" : policy.dispositions[requested.condition],
    }
    if (windowEndsAt !== undefined) decision.windowEndsAt = windowEndsAt

    let replacementQuantity = 0
    if (resolution === "exchange" && replacement !== undefined && approved > 0) {
      // Fewer units approved than asked: no more replacements than units coming back.
      replacementQuantity =
        approved === quantity ? replacement.quantity : Math.min(replacement.quantity, approved)
      decision.exchange = {
        sku: replacement.sku,
        quantity: replacementQuantity,
        unitPrice: replacement.unitPrice,
        backordered: !replacement.inStock,
      }
    }

    if (approved > 0 && resolution !== "repair") {
      const unit = line.unitPrice.amount
      const orderShare = orderShares[lineIndex] as number
      const lineTotalTax = lineTax(line, lineDiscount, orderShare)
      const exclusiveTax = line.taxInclusive ? 0 : lineTotalTax
      const units = line.quantity
      const upTo = consumed + approved
      const grossPiece = unit * approved
      const discounts = lineDiscount + orderShare
      const discountPiece =
        cumulativeShare(discounts, upTo, units) - cumulativeShare(discounts, consumed, units)
      const taxPiece =
        cumulativeShare(lineTotalTax, upTo, units) - cumulativeShare(lineTotalTax, consumed, units)
      const value = grossPiece - discountPiece + (line.taxInclusive ? 0 : taxPiece)
      const waived = reason !== undefined && fees.waivedFor.includes(reason.class)
      const actsAsExchange = resolution === "exchange" || fellBack
      let fee = 0
      if (!actsAsExchange && !waived && fees.restockingBasisPoints > 0) {
        // Cumulative, like every other piece, so split returns pay the same fee in total.
        const bp = fees.restockingBasisPoints
        fee =
          mulDivHalfUp(valueOfUnits(unit, units, discounts, exclusiveTax, upTo), bp, BASIS) -
          mulDivHalfUp(valueOfUnits(unit, units, discounts, exclusiveTax, consumed), bp, BASIS)
      }
      if (!waived && (!actsAsExchange || !fees.exchangeReturnShippingFree))
        returnShippingCharged = true
      const charge =
        resolution === "exchange" && replacement !== undefined
          ? replacement.unitPrice.amount * replacementQuantity
          : 0
      const refundTo: LineMoney["refundTo"] =
        resolution === "exchange"
          ? "exchange"
          : resolution === "storeCredit"
            ? "storeCredit"
            : refundTarget
      itemsGross += grossPiece
      discount += discountPiece
      if (line.taxInclusive) includedTax += taxPiece
      else tax += taxPiece
      restockingFee += fee
      exchangeCharges += charge
      if (refundTo === "exchange") exchangeCredit += value
      else if (refundTo === "storeCredit") toStoreCredit += value - fee
      else toOriginal += value - fee
      if (refundTo !== "exchange") {
        // Only units returned for money count toward giving back the whole order.
        moneyUnits[lineIndex] = approved
        refundedLines += 1
      }
      decision.money = {
        itemsGross: money(grossPiece, currency),
        discount: money(discountPiece, currency),
        tax: money(line.taxInclusive ? 0 : taxPiece, currency),
        includedTax: money(line.taxInclusive ? taxPiece : 0, currency),
        restockingFee: money(fee, currency),
        exchangeCharge: money(charge, currency),
        refundTo,
      }
    }
    decisions[i] = decision
  }
  if (anchoring.calendarError !== undefined) return Either.left(anchoring.calendarError)
  if (issues.length > 0) return Either.left(Errors.ValidationError.fromIssues(issues))

  // The original shipping comes back once, with the return that brings back everything shipped.
  let shipping = 0
  if (fees.refundShippingOnFullReturn && refundedLines > 0) {
    let everything = true
    for (let j = 0; j < orderLines.length && everything; j++) {
      const line = orderLines[j] as OrderLine
      const back =
        line.alreadyRequestedQuantity + line.alreadyReturnedQuantity + (moneyUnits[j] as number)
      if (back < line.fulfilledQuantity) everything = false
    }
    if (everything)
      shipping = Math.max(0, order.shipping.paid.amount - order.shipping.refunded.amount)
  }

  const itemsValue = itemsGross - discount + tax - restockingFee
  const returnShipping = fees.returnShipping
  const returnShippingFee =
    returnShipping.mode === "flat" && returnShippingCharged
      ? Math.min(returnShipping.amount.amount, Math.max(0, itemsValue))
      : 0
  const uncapped = itemsValue + shipping - returnShippingFee - exchangeCharges

  // Order-level amounts settle through the refund destination; a deficit moves to the other part.
  const orderLevel = shipping - returnShippingFee - exchangeCharges + exchangeCredit
  if (refundTarget === "storeCredit") toStoreCredit += orderLevel
  else toOriginal += orderLevel
  if (toOriginal < 0) {
    toStoreCredit += toOriginal
    toOriginal = 0
  } else if (toStoreCredit < 0) {
    toOriginal += toStoreCredit
    toStoreCredit = 0
  }
  if (toOriginal < 0 || toStoreCredit < 0) {
    toOriginal = 0
    toStoreCredit = 0
  }
  const payments = order.payments
  const limit = Math.max(
    0,
    payments.captured.amount - payments.refunded.amount - payments.storeCreditIssued.amount,
  )
  let total = uncapped
  let cappedBy = 0
  if (total > limit) {
    cappedBy = total - limit
    total = limit
    // Cash leaving the business gives way before credit that stays in it (a documented choice).
    const fromOriginal = Math.min(toOriginal, cappedBy)
    toOriginal -= fromOriginal
    toStoreCredit -= cappedBy - fromOriginal
  }
  const sums = [itemsGross, discount, tax, includedTax, uncapped, exchangeCharges, exchangeCredit]
  for (const sum of sums) if (!Number.isSafeInteger(sum)) return overflow(currency)

  const destination: Destination =
    toOriginal > 0 && toStoreCredit > 0
      ? "split"
      : toOriginal > 0
        ? "original"
        : toStoreCredit > 0
          ? "storeCredit"
          : "none"
  const refund: Mutable<ReturnDecision["money"]> = {
    itemsGross: money(itemsGross, currency),
    discount: money(discount, currency),
    tax: money(tax, currency),
    includedTax: money(includedTax, currency),
    shipping: money(shipping, currency),
    restockingFee: money(restockingFee, currency),
    returnShippingFee: money(returnShippingFee, currency),
    exchangeCharges: money(exchangeCharges, currency),
    exchangeDifference: money(exchangeCharges - exchangeCredit, currency),
    total: money(total, currency),
    toOriginalMethod: money(toOriginal, currency),
    toStoreCredit: money(toStoreCredit, currency),
    destination,
  }
  if (cappedBy > 0) refund.cappedBy = money(cappedBy, currency)

  const outcome: ReturnDecision["outcome"] = !anyApproved
    ? "declined"
    : verificationState === "missing"
      ? "needsVerification"
      : allApproved
        ? "approved"
        : "partiallyApproved"
  const result: Mutable<ReturnDecision> = {
    outcome,
    policy: { id: policy.id, version: policy.version },
    orderId: order.orderId,
    requestedAt: request.requestedAt,
    evaluatedAt: now,
    actor: request.actor,
    lines: decisions,
    money: refund,
  }
  // RET-2: whoever confirmed the product is ours authorises: the staff member taking
  // the request, or, for the customer's own request, the staff member who verified it.
  if (verificationState === "verified" && anyApproved && verification !== undefined)
    result.authorisedBy = request.actor.kind === "staff" ? request.actor.id : verification.by
  if (latestWindowEnd !== undefined) result.windowEndsAt = latestWindowEnd
  return Either.right(result)
}
