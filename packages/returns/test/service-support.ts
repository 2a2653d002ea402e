// The Returns service's shared suite: one function taking a store layer, run by each
// driver in one line (the memory store and SQLite in `Returns.test.ts`, PostgreSQL
// in `Returns.integration.test.ts`). Every test gets a fresh store and a tenant of
// its own, so a shared server stays clean between tests. Stored documents are read
// back with the store's own `scan`, around the service, to prove what was (and was
// not) written.
import { randomUUID } from "node:crypto"
import { Errors, Ids, Money } from "@clientele/core"
import { Store, type StoreError } from "@clientele/store"
import {
  failingHalfWay,
  storedDocuments as storedDocumentsOf,
  type WriteFailure,
} from "@clientele/store/testkit"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import * as TestClock from "effect/TestClock"
import type * as Commitment from "../src/Commitment.js"
import * as Decision from "../src/Decision.js"
import * as Publication from "../src/Publication.js"
import * as ReturnPolicy from "../src/ReturnPolicy.js"
import * as Returns from "../src/Returns.js"

// --- fixtures ---------------------------------------------------------------------

export const DAY = 86_400_000
/** Monday 3 June 2024, 10:00 UTC (12:00 in Berlin). */
export const PLACED = Date.UTC(2024, 5, 3, 10)
/** Ten days after the order: well inside a 30-day window from delivery, outside a 5-day one. */
export const REQUESTED = PLACED + 10 * DAY
export const clerk = "clerk-7"
export const customer = "cus-42"

export const eur = (amount: number) => ({ amount, currency: "EUR" })

/** A fresh tenant per test: tests may share a database server. */
export const freshTenant = () => Ids.TenantId.make(`ret-${randomUUID()}`)

/** The Berlin store's policy in euros: `days` from delivery, the defaults otherwise. */
export const policyInput = (
  version: number,
  days: number,
  overrides: Partial<ReturnPolicy.Input> = {},
): ReturnPolicy.Input => ({
  id: "standard",
  version,
  name: "Returns and exchanges",
  currency: "EUR",
  storeZone: "Europe/Berlin",
  window: { days },
  ...overrides,
})

export const policyV1 = policyInput(1, 30)
/** Stricter: five days instead of thirty. */
export const policyV2 = policyInput(2, 5)

type LineInput = (typeof Decision.OrderLine.Encoded)[]
type Lines = readonly [LineInput[number], ...Array<LineInput[number]>]
type RequestLine = typeof Decision.RequestLine.Encoded
type RequestLines = readonly [RequestLine, ...Array<RequestLine>]

/** An order line, shipped the day after the order and delivered two days later unless told otherwise. */
export const line = (
  id: string,
  unitPrice: number,
  quantity: number,
  overrides: Partial<LineInput[number]> = {},
): LineInput[number] => ({
  id,
  sku: `SKU-${id}`,
  productId: `product-${id}`,
  quantity,
  fulfilledQuantity: quantity,
  fulfilledAt: PLACED + DAY,
  deliveredAt: PLACED + 3 * DAY,
  unitPrice: eur(unitPrice),
  ...overrides,
})

/** What a line costs the customer: its price with the tax added on top. */
const paidFor = (l: LineInput[number]) => {
  const net = l.unitPrice.amount * l.quantity
  const tax = l.tax !== undefined && "rateBasisPoints" in l.tax ? l.tax.rateBasisPoints : 0
  return net + Math.round((net * tax) / 10_000)
}

/** An order's facts under a policy version; everything paid was captured. */
export const facts = (
  orderId: string,
  lines: Lines,
  options: { readonly policyVersion?: number; readonly shipping?: number } = {},
): typeof Decision.OrderFacts.Encoded => {
  const shipping = options.shipping ?? 0
  return {
    orderId,
    placedAt: PLACED,
    currency: "EUR",
    policy: { id: "standard", version: options.policyVersion ?? 1 },
    lines,
    shipping: { paid: eur(shipping), refunded: eur(0) },
    payments: {
      captured: eur(lines.reduce((sum, l) => sum + paidFor(l), 0) + shipping),
      refunded: eur(0),
      storeCreditIssued: eur(0),
    },
  }
}

/** Three mugs at €10.00 and a lamp at €50.00, 19 % tax on top, €4.95 shipping: €100.15 paid. */
export const mugsAndLamp = (orderId: string, shipped = true) =>
  facts(
    orderId,
    [
      line("mug", 1000, 3, {
        tax: { rateBasisPoints: 1900 },
        ...(shipped
          ? {}
          : { fulfilledQuantity: 0, fulfilledAt: undefined, deliveredAt: undefined }),
      }),
      line("lamp", 5000, 1, {
        tax: { rateBasisPoints: 1900 },
        ...(shipped
          ? {}
          : { fulfilledQuantity: 0, fulfilledAt: undefined, deliveredAt: undefined }),
      }),
    ],
    { shipping: 495 },
  )

/** A request line: changed my mind, unopened, refund. */
export const returning = (
  orderLineId: string,
  quantity = 1,
  overrides: Partial<RequestLine> = {},
): RequestLine => ({
  orderLineId,
  quantity,
  reasonCode: "changedMind",
  condition: "unopened",
  resolution: "refund",
  ...overrides,
})

/** A request filed at the counter by a clerk who found the product in the order. */
export const staffRequest = (
  orderId: string,
  lines: RequestLines,
  overrides: Partial<typeof Decision.ReturnRequest.Encoded> = {},
): typeof Decision.ReturnRequest.Encoded => ({
  orderId,
  requestedAt: REQUESTED,
  lines,
  actor: { kind: "staff", id: clerk },
  productVerification: { verified: true, method: "orderLookup", by: clerk },
  ...overrides,
})

/** A customer's self-service request: no product verification yet. */
export const selfServiceRequest = (
  orderId: string,
  lines: RequestLines,
): typeof Decision.ReturnRequest.Encoded => ({
  orderId,
  requestedAt: REQUESTED,
  lines,
  actor: { kind: "customer", id: customer },
})

export const receiving = (
  lines: ReadonlyArray<readonly [string, number, ReturnPolicy.Condition?]>,
  by = clerk,
): Returns.ReceiptEncoded => ({
  lines: lines.map(([orderLineId, quantity, condition]) => ({
    orderLineId,
    quantity,
    condition: condition ?? "unopened",
  })) as unknown as Returns.ReceiptEncoded["lines"],
  by,
})

/**
 * Free home delivery from €50.00 after discounts (else €9.90, deducted from the
 * refund when a return drops below), gift wrap at €3.00 but free for major customers.
 */
export const commitmentPolicy: typeof Commitment.CommitmentPolicy.Encoded = {
  id: "delivery",
  version: 1,
  currency: "EUR",
  commitments: [
    {
      service: "homeDelivery",
      threshold: { basis: "subtotalAfterDiscounts", comparator: "atLeast", amount: eur(5000) },
      listedPrice: eur(990),
      onReturnBelowThreshold: "deductFromRefund",
    },
    { service: "giftWrap", listedPrice: eur(300), tierOverrides: [{ tier: "major", free: true }] },
  ],
}

/** Basis amounts of a tax-free order worth `amount`. */
export const basis = (amount: number) => ({
  subtotalBeforeDiscounts: eur(amount),
  subtotalAfterDiscounts: eur(amount),
  totalInclTax: eur(amount),
})

const collections = [
  "returns-policies",
  "returns-commitment-policies",
  "returns-orders",
  "returns-cases",
  "returns-request-keys",
  "returns-settlements",
] as const

/** Every document the service stored for a tenant, read around the service. */
export const storedDocuments = (
  tenant: Ids.TenantId,
): Effect.Effect<
  Record<string, ReadonlyArray<Store.StoredDocument>>,
  StoreError.StoreError,
  Store.Store
> => storedDocumentsOf(tenant, collections)

/** The stored order as the database holds it, decoded around the service. */
export const storedOrder = (
  tenant: Ids.TenantId,
  orderId: string,
): Effect.Effect<Returns.StoredOrder | undefined, StoreError.StoreError, Store.Store> =>
  Effect.gen(function* () {
    const store = yield* Store.Store
    const document = yield* store.get(tenant, "returns-orders", orderId)
    return document === undefined
      ? undefined
      : Schema.decodeUnknownSync(Returns.StoredOrder)(document.body)
  })

const lineOf = (order: Returns.StoredOrder | undefined, id: string) => {
  const found = order?.facts.lines.find((candidate) => candidate.id === id)
  if (found === undefined) throw new Error(`no line ${id}`)
  return found
}

const amounts = (order: Returns.StoredOrder) => ({
  refunded: order.facts.payments.refunded.amount,
  storeCreditIssued: order.facts.payments.storeCreditIssued.amount,
  shippingRefunded: order.facts.shipping.refunded.amount,
})

const unitsOf = (order: Returns.StoredOrder | undefined, id: string) => {
  const found = lineOf(order, id)
  return { requested: found.alreadyRequestedQuantity, returned: found.alreadyReturnedQuantity }
}

// --- the suite --------------------------------------------------------------------

/**
 * The service over one store: `makeStore` gives a fresh store layer for each test.
 */
export const serviceSuite = (name: string, makeStore: () => Layer.Layer<Store.Store, unknown>) => {
  const live = (store: Layer.Layer<Store.Store, unknown> = makeStore()) =>
    Returns.layer.pipe(Layer.provideMerge(store))

  /** Saves version 1, records an order of mugs and a lamp, and sets the clock to the request's day. */
  const placed = (tenant: Ids.TenantId, orderId = "o-1") =>
    Effect.gen(function* () {
      const service = yield* Returns.Returns
      yield* TestClock.setTime(REQUESTED)
      yield* service.savePolicy(tenant, policyV1)
      return yield* service.recordOrder(tenant, { facts: mugsAndLamp(orderId) })
    })

  describe(`Returns service on ${name}`, () => {
    it.effect(
      "RET-1 a saved policy version never changes: other content conflicts, the same content is idempotent",
      () =>
        Effect.gen(function* () {
          const tenant = freshTenant()
          const service = yield* Returns.Returns
          const saved = yield* service.savePolicy(tenant, policyV1)
          expect(saved.window.days).toBe(30)
          const savedCommitments = yield* service.saveCommitmentPolicy(tenant, commitmentPolicy)
          const before = yield* storedDocuments(tenant)

          const conflict = yield* Effect.flip(
            service.savePolicy(tenant, { ...policyV1, window: { days: 14 } }),
          )
          expect(conflict).toBeInstanceOf(Returns.PolicyVersionConflictError)
          expect(conflict).toMatchObject({ entity: "return policy", id: "standard", version: 1 })
          expect(conflict.message).toContain("RET-1")
          const commitmentConflict = yield* Effect.flip(
            service.saveCommitmentPolicy(tenant, { ...commitmentPolicy, commitments: [] }),
          )
          expect(commitmentConflict).toMatchObject({
            _tag: "PolicyVersionConflictError",
            entity: "commitment policy",
            id: "delivery",
            version: 1,
          })
          // the same content, in full (defaults written out) and in another key order
          const encoded = Schema.encodeSync(ReturnPolicy.ReturnPolicy)(saved)
          const reordered = Object.fromEntries(
            Object.entries(encoded).reverse(),
          ) as unknown as ReturnPolicy.Input
          expect(yield* service.savePolicy(tenant, reordered)).toEqual(saved)
          expect(yield* service.savePolicy(tenant, policyV1)).toEqual(saved)
          expect(yield* service.saveCommitmentPolicy(tenant, commitmentPolicy)).toEqual(
            savedCommitments,
          )
          const invalid = yield* Effect.flip(
            service.savePolicy(tenant, policyInput(3, 0) as ReturnPolicy.Input),
          )
          expect(invalid._tag).toBe("ValidationError")
          expect((invalid as Errors.ValidationError).issues.map((i) => i.path)).toContainEqual([
            "window",
            "days",
          ])
          expect(yield* storedDocuments(tenant)).toEqual(before)
        }).pipe(Effect.provide(live())),
    )

    it.effect(
      "RET-1 an order keeps the policy version it was placed under: a stricter version 2 saved later changes nothing",
      () =>
        Effect.gen(function* () {
          const tenant = freshTenant()
          const service = yield* Returns.Returns
          const order = yield* placed(tenant)
          const v1 = ReturnPolicy.make(policyV1)
          expect(order.policy).toEqual(v1)
          yield* service.savePolicy(tenant, policyV2)
          // an order placed under version 2 on the same day, for comparison
          yield* service.recordOrder(tenant, {
            facts: { ...mugsAndLamp("o-2"), policy: { id: "standard", version: 2 } },
          })
          expect((yield* service.getOrder(tenant, "o-1")).policy).toEqual(v1)

          const underV1 = yield* service.requestReturn(
            tenant,
            staffRequest("o-1", [returning("mug")]),
          )
          const underV2 = yield* service.requestReturn(
            tenant,
            staffRequest("o-2", [returning("mug")]),
          )
          expect(underV1.decision.outcome).toBe("approved")
          expect(underV1.decision.policy).toEqual({ id: "standard", version: 1 })
          expect(underV2.decision.outcome).toBe("declined")
          expect(underV2.decision.lines[0]?.codes).toContain("WINDOW_EXPIRED")
          expect(underV2.status).toBe("declined")
          // the stored decision is the pure decision on the order's snapshot
          const pure = Either.getOrThrow(
            Decision.evaluateReturn(
              v1,
              Schema.decodeUnknownSync(Decision.OrderFacts)(mugsAndLamp("o-1")),
              Schema.decodeUnknownSync(Decision.ReturnRequest)(
                staffRequest("o-1", [returning("mug")]),
              ),
              REQUESTED,
            ),
          )
          expect(underV1.decision).toEqual(pure)
        }).pipe(Effect.provide(live())),
    )

    it.effect(
      "RET-1 an order naming an unsaved policy version is refused with NotFoundError and nothing is stored",
      () =>
        Effect.gen(function* () {
          const tenant = freshTenant()
          const service = yield* Returns.Returns
          yield* service.savePolicy(tenant, policyV1)
          const before = yield* storedDocuments(tenant)
          const missing = yield* Effect.flip(
            service.recordOrder(tenant, {
              facts: { ...mugsAndLamp("o-1"), policy: { id: "standard", version: 9 } },
            }),
          )
          expect(missing).toBeInstanceOf(Errors.NotFoundError)
          expect(missing).toMatchObject({ entity: "return policy", id: "standard v9" })
          const noCommitments = yield* Effect.flip(
            service.recordOrder(tenant, {
              facts: mugsAndLamp("o-1"),
              commitments: {
                policy: { id: "delivery", version: 1 },
                requested: ["homeDelivery"],
                amounts: basis(8000),
              },
            }),
          )
          expect(noCommitments).toMatchObject({
            _tag: "NotFoundError",
            entity: "commitment policy",
          })
          expect(yield* storedDocuments(tenant)).toEqual(before)
        }).pipe(Effect.provide(live())),
    )

    it.effect(
      "RET-3 request → partial receipt → refund issued with the order's payments updated; a second return is capped at the units left",
      () =>
        Effect.gen(function* () {
          const tenant = freshTenant()
          const service = yield* Returns.Returns
          yield* TestClock.setTime(PLACED)
          yield* service.savePolicy(tenant, policyV1)
          const recorded = yield* service.recordOrder(tenant, {
            facts: mugsAndLamp("o-1", false),
          })
          expect(recorded.facts.lines[0]?.fulfilledQuantity).toBe(0)
          yield* service.recordFulfilment(tenant, "o-1", [
            { lineId: "mug", quantity: 2, at: PLACED + DAY },
            { lineId: "lamp", quantity: 1, at: PLACED + DAY },
          ])
          yield* service.recordFulfilment(tenant, "o-1", [
            { lineId: "mug", quantity: 1, at: PLACED + 2 * DAY },
          ])
          const delivered = yield* service.recordDelivery(tenant, "o-1", [
            { lineId: "mug", at: PLACED + 4 * DAY },
            { lineId: "lamp", at: PLACED + 3 * DAY },
          ])
          expect(lineOf(delivered, "mug")).toMatchObject({
            fulfilledQuantity: 3,
            fulfilledAt: PLACED + 2 * DAY,
            deliveredAt: PLACED + 4 * DAY,
          })
          const captured = delivered.facts.payments.captured.amount
          expect(captured).toBe(10_015)

          yield* TestClock.setTime(REQUESTED)
          const first = yield* service.requestReturn(
            tenant,
            staffRequest("o-1", [returning("mug", 2)]),
          )
          expect(first.status).toBe("requested")
          expect(first.decision.outcome).toBe("approved")
          expect(first.authorisedBy).toBe(clerk)
          // two mugs: 2 × (€10.00 + 19 % tax)
          expect(first.payable.total).toEqual(Money.make(2380, "EUR"))
          expect(unitsOf(yield* storedOrder(tenant, "o-1"), "mug")).toEqual({
            requested: 2,
            returned: 0,
          })

          yield* TestClock.setTime(REQUESTED + DAY)
          const partly = yield* service.receiveReturn(tenant, first.id, receiving([["mug", 1]]))
          expect(partly.status).toBe("partiallyReceived")
          expect(partly.refund).toBeUndefined()
          // nothing is paid before every approved unit is back
          const waiting = yield* storedOrder(tenant, "o-1")
          expect(amounts(waiting as Returns.StoredOrder)).toEqual({
            refunded: 0,
            storeCreditIssued: 0,
            shippingRefunded: 0,
          })

          const done = yield* service.receiveReturn(tenant, first.id, receiving([["mug", 1]]))
          expect(done.status).toBe("received")
          expect(done.refund).toMatchObject({
            total: Money.make(2380, "EUR"),
            toOriginalMethod: Money.make(2380, "EUR"),
            toStoreCredit: Money.make(0, "EUR"),
            shipping: Money.make(0, "EUR"),
            at: REQUESTED + DAY,
            by: clerk,
          })
          expect(done.received.map((r) => r.quantity)).toEqual([1, 1])
          const afterFirst = (yield* storedOrder(tenant, "o-1")) as Returns.StoredOrder
          expect(amounts(afterFirst)).toEqual({
            refunded: 2380,
            storeCreditIssued: 0,
            shippingRefunded: 0,
          })
          expect(unitsOf(afterFirst, "mug")).toEqual({ requested: 0, returned: 2 })
          expect(yield* service.getCase(tenant, first.id)).toEqual(done)
          // another tenant sees neither the case nor the order
          const elsewhere = freshTenant()
          expect((yield* Effect.flip(service.getCase(elsewhere, first.id)))._tag).toBe(
            "NotFoundError",
          )
          expect((yield* Effect.flip(service.getOrder(elsewhere, "o-1")))._tag).toBe(
            "NotFoundError",
          )

          // two more mugs asked, one left: one approved, one declined
          const second = yield* service.requestReturn(
            tenant,
            staffRequest("o-1", [returning("mug", 2)], { requestedAt: REQUESTED + DAY }),
          )
          expect(second.decision.outcome).toBe("partiallyApproved")
          expect(second.decision.lines[0]).toMatchObject({ requested: 2, approved: 1, declined: 1 })
          expect(second.decision.lines[0]?.codes).toEqual(["QUANTITY_EXCEEDS_RETURNABLE"])
          expect(second.payable.total).toEqual(Money.make(1190, "EUR"))
          const secondDone = yield* service.receiveReturn(
            tenant,
            second.id,
            receiving([["mug", 1]]),
          )
          expect(secondDone.refund?.total).toEqual(Money.make(1190, "EUR"))
          const refusedMore = yield* Effect.flip(
            service.receiveReturn(tenant, second.id, receiving([["mug", 1]])),
          )
          expect(refusedMore._tag).toBe("InvalidTransitionError")

          // the lamp brings back everything shipped: the shipping comes back with it
          yield* TestClock.adjust("1 hour")
          const last = yield* service.requestReturn(
            tenant,
            staffRequest("o-1", [returning("lamp", 1, { reasonCode: "defective" })], {
              requestedAt: REQUESTED + DAY + 3_600_000,
            }),
          )
          expect(last.payable.shipping).toEqual(Money.make(495, "EUR"))
          yield* service.receiveReturn(tenant, last.id, receiving([["lamp", 1]]))
          const final = (yield* storedOrder(tenant, "o-1")) as Returns.StoredOrder
          expect(amounts(final)).toEqual({
            refunded: captured,
            storeCreditIssued: 0,
            shippingRefunded: 495,
          })
          expect(unitsOf(final, "mug")).toEqual({ requested: 0, returned: 3 })
          expect(unitsOf(final, "lamp")).toEqual({ requested: 0, returned: 1 })
          expect((yield* service.cases(tenant, { orderId: "o-1" })).map((c) => c.id)).toEqual([
            first.id,
            second.id,
            last.id,
          ])
          expect(
            (yield* service.cases(tenant, { status: "received" })).map((c) => c.id).sort(),
          ).toEqual([first.id, second.id, last.id].sort())
        }).pipe(Effect.provide(live())),
    )

    it.effect(
      "RET-3 concurrent requests for the same units approve them once: the order is written with compare-and-set",
      () =>
        Effect.gen(function* () {
          const tenant = freshTenant()
          const service = yield* Returns.Returns
          yield* placed(tenant)
          const both = yield* Effect.all(
            [
              service.requestReturn(tenant, staffRequest("o-1", [returning("mug", 3)])),
              service.requestReturn(tenant, staffRequest("o-1", [returning("mug", 3)])),
            ],
            { concurrency: 2 },
          )
          const approved = both.map((c) => c.decision.lines[0]?.approved ?? 0)
          expect([...approved].sort()).toEqual([0, 3])
          expect(unitsOf(yield* storedOrder(tenant, "o-1"), "mug").requested).toBe(3)
        }).pipe(Effect.provide(live())),
    )

    it.effect(
      "RET-3 the same idempotency key returns the stored case, never a second one; another request under it is refused",
      () =>
        Effect.gen(function* () {
          const tenant = freshTenant()
          const service = yield* Returns.Returns
          yield* placed(tenant)
          const request = staffRequest("o-1", [returning("mug", 2)])
          const first = yield* service.requestReturn(tenant, request, { idempotencyKey: "web-1" })
          const after = yield* storedDocuments(tenant)
          yield* TestClock.adjust("1 hour")
          const again = yield* service.requestReturn(tenant, request, { idempotencyKey: "web-1" })
          expect(again).toEqual(first)
          expect(yield* storedDocuments(tenant)).toEqual(after)
          expect(after["returns-cases"]).toHaveLength(1)
          // the units were held once
          expect(unitsOf(yield* storedOrder(tenant, "o-1"), "mug").requested).toBe(2)

          const reused = yield* Effect.flip(
            service.requestReturn(tenant, staffRequest("o-1", [returning("mug", 1)]), {
              idempotencyKey: "web-1",
            }),
          )
          expect(reused).toBeInstanceOf(Returns.IdempotencyKeyConflictError)
          expect(reused).toMatchObject({ key: "web-1", caseId: first.id })
          expect(yield* storedDocuments(tenant)).toEqual(after)

          // a retry still finds its case once the case has moved on
          const received = yield* service.receiveReturn(tenant, first.id, receiving([["mug", 2]]))
          expect(
            yield* service.requestReturn(tenant, request, { idempotencyKey: "web-1" }),
          ).toEqual(received)
          // without a key, the same request is a new case
          const other = yield* service.requestReturn(
            tenant,
            staffRequest("o-1", [returning("mug", 1)]),
          )
          expect(other.id).not.toBe(first.id)
        }).pipe(Effect.provide(live())),
    )

    it.effect(
      "RET-2 a customer's self-service request waits for verification; any staff member verifies it and it is approved, with no approval step",
      () =>
        Effect.gen(function* () {
          const tenant = freshTenant()
          const service = yield* Returns.Returns
          yield* placed(tenant)
          const pending = yield* service.requestReturn(
            tenant,
            selfServiceRequest("o-1", [returning("mug", 2)]),
          )
          expect(pending.decision.outcome).toBe("needsVerification")
          expect(pending.status).toBe("awaitingVerification")
          expect(pending.authorisedBy).toBeUndefined()
          // the customer already sees the price; the units are held for them
          expect(pending.payable.total).toEqual(Money.make(2380, "EUR"))
          expect(unitsOf(yield* storedOrder(tenant, "o-1"), "mug").requested).toBe(2)
          // no money moves before the product is verified
          const early = yield* Effect.flip(
            service.receiveReturn(tenant, pending.id, receiving([["mug", 2]])),
          )
          expect(early).toBeInstanceOf(Errors.InvalidTransitionError)

          // any staff member: a temporary shop assistant, no role or rank asked
          yield* TestClock.adjust("2 days")
          const verified = yield* service.verifyProduct(tenant, pending.id, {
            verified: true,
            method: "receipt",
            by: "temp-assistant-3",
          })
          expect(verified.decision.outcome).toBe("approved")
          expect(verified.status).toBe("requested")
          expect(verified.authorisedBy).toBe("temp-assistant-3")
          expect(verified.decision.requestedAt).toBe(REQUESTED)
          expect(verified.decision.evaluatedAt).toBe(REQUESTED + 2 * DAY)
          expect(verified.request.productVerification?.at).toBe(REQUESTED + 2 * DAY)
          expect(verified.payable).toEqual(pending.payable)
          // the held units are not counted twice
          expect(unitsOf(yield* storedOrder(tenant, "o-1"), "mug").requested).toBe(2)
          // and the next step is the goods coming back: nobody approves anything
          const done = yield* service.receiveReturn(
            tenant,
            pending.id,
            receiving([["mug", 2]], "temp-assistant-3"),
          )
          expect(done.refund?.total).toEqual(Money.make(2380, "EUR"))
          const again = yield* Effect.flip(
            service.verifyProduct(tenant, pending.id, {
              verified: true,
              method: "receipt",
              by: clerk,
            }),
          )
          expect(again._tag).toBe("InvalidTransitionError")
          // a staff member's own verified request is authorised by that staff member at once
          const atCounter = yield* service.requestReturn(
            tenant,
            staffRequest("o-1", [returning("mug")]),
          )
          expect(atCounter.status).toBe("requested")
          expect(atCounter.authorisedBy).toBe(clerk)
        }).pipe(Effect.provide(live())),
    )

    it.effect(
      "RET-2 a failed verification declines the self-service request and frees its units",
      () =>
        Effect.gen(function* () {
          const tenant = freshTenant()
          const service = yield* Returns.Returns
          yield* placed(tenant)
          const pending = yield* service.requestReturn(
            tenant,
            selfServiceRequest("o-1", [returning("lamp")]),
          )
          const refused = yield* service.verifyProduct(tenant, pending.id, {
            verified: false,
            method: "serial",
            by: clerk,
            reference: "SN-UNKNOWN",
          })
          expect(refused.status).toBe("declined")
          expect(refused.decision.lines[0]?.codes).toContain("PRODUCT_NOT_VERIFIED")
          expect(refused.authorisedBy).toBeUndefined()
          expect(unitsOf(yield* storedOrder(tenant, "o-1"), "lamp").requested).toBe(0)
        }).pipe(Effect.provide(live())),
    )

    it.effect("RET-3 cancelling a return before anything is received frees its units", () =>
      Effect.gen(function* () {
        const tenant = freshTenant()
        const service = yield* Returns.Returns
        yield* placed(tenant)
        const before = yield* storedOrder(tenant, "o-1")
        const requested = yield* service.requestReturn(
          tenant,
          staffRequest("o-1", [returning("mug", 3)]),
        )
        expect(unitsOf(yield* storedOrder(tenant, "o-1"), "mug").requested).toBe(3)
        const cancelled = yield* service.cancelReturn(tenant, requested.id, customer)
        expect(cancelled.status).toBe("cancelled")
        expect(cancelled.cancelled).toEqual({ at: REQUESTED, by: customer })
        const after = yield* storedOrder(tenant, "o-1")
        expect(after?.facts).toEqual(before?.facts)
        const twice = yield* Effect.flip(service.cancelReturn(tenant, requested.id, clerk))
        expect(twice._tag).toBe("InvalidTransitionError")
        // the freed units can be asked for again
        const again = yield* service.requestReturn(
          tenant,
          staffRequest("o-1", [returning("mug", 3)]),
        )
        expect(again.decision.outcome).toBe("approved")
      }).pipe(Effect.provide(live())),
    )

    it.effect(
      "RET-3 a return cannot be cancelled once part of it was received (Medusa's rule)",
      () =>
        Effect.gen(function* () {
          const tenant = freshTenant()
          const service = yield* Returns.Returns
          yield* placed(tenant)
          const requested = yield* service.requestReturn(
            tenant,
            staffRequest("o-1", [returning("mug", 2)]),
          )
          yield* service.receiveReturn(tenant, requested.id, receiving([["mug", 1]]))
          const before = yield* storedDocuments(tenant)
          const refused = yield* Effect.flip(service.cancelReturn(tenant, requested.id, clerk))
          expect(refused).toBeInstanceOf(Errors.InvalidTransitionError)
          expect(refused).toMatchObject({
            entity: "return case",
            state: "partiallyReceived",
            attempted: "cancel",
          })
          expect(yield* storedDocuments(tenant)).toEqual(before)
        }).pipe(Effect.provide(live())),
    )

    it.effect("RET-3 a damaged unit is written off, an unopened one restocked", () =>
      Effect.gen(function* () {
        const tenant = freshTenant()
        const service = yield* Returns.Returns
        yield* placed(tenant)
        const requested = yield* service.requestReturn(
          tenant,
          staffRequest("o-1", [returning("mug", 3, { reasonCode: "damagedInTransit" })]),
        )
        const done = yield* service.receiveReturn(
          tenant,
          requested.id,
          receiving([
            ["mug", 1, "damaged"],
            ["mug", 1, "unopened"],
            ["mug", 1, "opened"],
          ]),
        )
        expect(done.received.map((r) => [r.condition, r.disposition])).toEqual([
          ["damaged", "writeOff"],
          ["unopened", "restock"],
          ["opened", "inspect"],
        ])
        expect(done.status).toBe("received")
      }).pipe(Effect.provide(live())),
    )

    it.effect(
      "RET-2 an open settlement between departments never blocks requesting or receiving a return",
      () =>
        Effect.gen(function* () {
          const tenant = freshTenant()
          const service = yield* Returns.Returns
          yield* placed(tenant)
          const first = yield* service.requestReturn(
            tenant,
            staffRequest("o-1", [returning("mug")]),
          )
          const settlement = yield* service.recordSettlement(tenant, {
            caseId: first.id,
            fromDepartment: "warehouse",
            toDepartment: "customer-service",
            amount: eur(1190),
            note: "Mug came back chipped; warehouse packing",
          })
          expect(settlement.status).toBe("open")
          expect(settlement.orderId).toBe("o-1")

          // the case and another one go through while the settlement stays open
          const received = yield* service.receiveReturn(tenant, first.id, receiving([["mug", 1]]))
          expect(received.refund?.total).toEqual(Money.make(1190, "EUR"))
          const second = yield* service.requestReturn(
            tenant,
            staffRequest("o-1", [returning("lamp")]),
          )
          expect(second.decision.outcome).toBe("approved")
          yield* service.receiveReturn(tenant, second.id, receiving([["lamp", 1]]))
          expect((yield* service.settlements(tenant, { caseId: first.id }))[0]?.status).toBe("open")

          yield* TestClock.adjust("3 days")
          const settled = yield* service.settle(tenant, settlement.id, "controller-1")
          expect(settled.status).toBe("settled")
          expect(settled.settled).toEqual({ at: REQUESTED + 3 * DAY, by: "controller-1" })
          const twice = yield* Effect.flip(service.settle(tenant, settlement.id, "controller-1"))
          expect(twice._tag).toBe("InvalidTransitionError")
          expect(yield* service.settlements(tenant)).toEqual([settled])
          expect(yield* service.settlements(tenant, { caseId: second.id })).toEqual([])

          const sameDepartment = yield* Effect.flip(
            service.recordSettlement(tenant, {
              caseId: second.id,
              fromDepartment: "warehouse",
              toDepartment: "warehouse",
              amount: { amount: 100, currency: "USD" },
            }),
          )
          expect((sameDepartment as Errors.ValidationError).issues.map((i) => i.path)).toEqual([
            ["toDepartment"],
            ["amount", "currency"],
          ])
          const noCase = yield* Effect.flip(
            service.recordSettlement(tenant, {
              caseId: "ret-missing",
              fromDepartment: "a",
              toDepartment: "b",
              amount: eur(1),
            }),
          )
          expect(noCase._tag).toBe("NotFoundError")
        }).pipe(Effect.provide(live())),
    )

    it.effect(
      "RET-4 a return that drops the kept value below the free-delivery threshold deducts the listed price from the refund, once",
      () =>
        Effect.gen(function* () {
          const tenant = freshTenant()
          const service = yield* Returns.Returns
          yield* TestClock.setTime(REQUESTED)
          yield* service.savePolicy(tenant, policyV1)
          yield* service.saveCommitmentPolicy(tenant, commitmentPolicy)
          const order = yield* service.recordOrder(tenant, {
            facts: facts("o-c", [line("chair", 3000, 1), line("table", 3000, 1)]),
            commitments: {
              policy: { id: "delivery", version: 1 },
              requested: ["homeDelivery", "giftWrap"],
              amounts: basis(6000),
              tier: "major",
            },
          })
          // €60.00 reaches the €50.00 threshold; gift wrap is free for major customers
          expect(order.commitments?.freeServices).toEqual(["homeDelivery", "giftWrap"])
          expect(order.commitments?.offers.map((o) => o.reason)).toEqual([
            "thresholdReached",
            "tierFree",
          ])

          // a return asked and withdrawn leaves the free services as they were
          const withdrawn = yield* service.requestReturn(
            tenant,
            staffRequest("o-c", [returning("chair")]),
          )
          expect((yield* service.getOrder(tenant, "o-c")).commitments?.freeServices).toEqual([
            "giftWrap",
          ])
          yield* service.cancelReturn(tenant, withdrawn.id, clerk)
          expect((yield* service.getOrder(tenant, "o-c")).commitments).toEqual(order.commitments)

          const chair = yield* service.requestReturn(
            tenant,
            staffRequest("o-c", [returning("chair")]),
          )
          expect(chair.decision.money.total).toEqual(Money.make(3000, "EUR"))
          expect(chair.commitments?.adjustments).toEqual([
            {
              service: "homeDelivery",
              stillQualifies: false,
              charge: Money.make(990, "EUR"),
              action: "deductFromRefund",
            },
            {
              service: "giftWrap",
              stillQualifies: true,
              charge: Money.make(0, "EUR"),
              action: "unchanged",
            },
          ])
          expect(chair.commitments?.keptAfter.subtotalAfterDiscounts).toEqual(
            Money.make(3000, "EUR"),
          )
          expect(chair.commitments?.deducted).toEqual(Money.make(990, "EUR"))
          expect(chair.payable.total).toEqual(Money.make(3000 - 990, "EUR"))
          const chairBack = yield* service.receiveReturn(
            tenant,
            chair.id,
            receiving([["chair", 1]]),
          )
          expect(chairBack.refund?.total).toEqual(Money.make(2010, "EUR"))

          // the delivery was charged once: the next return deducts nothing
          const table = yield* service.requestReturn(
            tenant,
            staffRequest("o-c", [returning("table")]),
          )
          expect(table.commitments?.deduction).toEqual(Money.make(0, "EUR"))
          expect(table.payable.total).toEqual(Money.make(3000, "EUR"))
          yield* service.receiveReturn(tenant, table.id, receiving([["table", 1]]))
          const final = yield* service.getOrder(tenant, "o-c")
          // the customer paid €60.00 and got back all but the delivery's listed price
          expect(final.facts.payments.refunded).toEqual(Money.make(6000 - 990, "EUR"))
          expect(final.commitments?.freeServices).toEqual(["giftWrap"])
          expect(final.commitments?.keptAmounts).toEqual({
            subtotalBeforeDiscounts: Money.make(0, "EUR"),
            subtotalAfterDiscounts: Money.make(0, "EUR"),
            totalInclTax: Money.make(0, "EUR"),
          })
        }).pipe(Effect.provide(live())),
    )

    it.effect("RET-4 a commitment deduction never takes the refund below zero", () =>
      Effect.gen(function* () {
        const tenant = freshTenant()
        const service = yield* Returns.Returns
        yield* TestClock.setTime(REQUESTED)
        yield* service.savePolicy(tenant, policyV1)
        yield* service.saveCommitmentPolicy(tenant, commitmentPolicy)
        yield* service.recordOrder(tenant, {
          facts: facts("o-d", [line("sofa", 4500, 1), line("cushion", 800, 1)]),
          commitments: {
            policy: { id: "delivery", version: 1 },
            requested: ["homeDelivery"],
            amounts: basis(5300),
          },
        })
        const cushion = yield* service.requestReturn(
          tenant,
          staffRequest("o-d", [returning("cushion")]),
        )
        // €9.90 owed for the delivery, €8.00 to refund: the refund covers €8.00 of it
        expect(cushion.commitments?.deduction).toEqual(Money.make(990, "EUR"))
        expect(cushion.commitments?.deducted).toEqual(Money.make(800, "EUR"))
        expect(cushion.payable).toMatchObject({
          total: Money.make(0, "EUR"),
          toOriginalMethod: Money.make(0, "EUR"),
        })
        const back = yield* service.receiveReturn(tenant, cushion.id, receiving([["cushion", 1]]))
        expect(back.refund?.total).toEqual(Money.make(0, "EUR"))
        expect(back.refund?.customerOwes).toEqual(Money.make(0, "EUR"))
        const order = yield* service.getOrder(tenant, "o-d")
        expect(order.facts.payments.refunded).toEqual(Money.make(0, "EUR"))
        expect(unitsOf(order, "cushion").returned).toBe(1)
      }).pipe(Effect.provide(live())),
    )

    it.effect(
      "RET-3 a store failure half-way through receiveReturn leaves neither the case nor the order changed",
      () => {
        const failure: WriteFailure = { armed: false }
        return Effect.gen(function* () {
          const tenant = freshTenant()
          const service = yield* Returns.Returns
          yield* placed(tenant)
          const requested = yield* service.requestReturn(
            tenant,
            staffRequest("o-1", [returning("mug", 2)]),
          )
          const before = yield* storedDocuments(tenant)

          failure.armed = true
          const failed = yield* Effect.flip(
            service.receiveReturn(tenant, requested.id, receiving([["mug", 2]])),
          )
          expect(failed).toMatchObject({ _tag: "StoreError", reason: "Unavailable" })
          expect(yield* storedDocuments(tenant)).toEqual(before)
          expect((yield* service.getCase(tenant, requested.id)).status).toBe("requested")
          expect(amounts((yield* storedOrder(tenant, "o-1")) as Returns.StoredOrder)).toEqual({
            refunded: 0,
            storeCreditIssued: 0,
            shippingRefunded: 0,
          })
          // a request half-written is not stored either
          const failedRequest = yield* Effect.flip(
            service.requestReturn(tenant, staffRequest("o-1", [returning("lamp")]), {
              idempotencyKey: "kiosk-9",
            }),
          )
          expect(failedRequest._tag).toBe("StoreError")
          expect(yield* storedDocuments(tenant)).toEqual(before)

          // once the store is back, the same receipt goes through
          failure.armed = false
          const done = yield* service.receiveReturn(tenant, requested.id, receiving([["mug", 2]]))
          expect(done.refund?.total).toEqual(Money.make(2380, "EUR"))
          expect((yield* storedOrder(tenant, "o-1"))?.facts.payments.refunded).toEqual(
            Money.make(2380, "EUR"),
          )
        }).pipe(Effect.provide(live(failingHalfWay(makeStore(), failure))))
      },
    )

    it.effect("RET-3 bad input is refused with the path at fault and changes nothing", () =>
      Effect.gen(function* () {
        const tenant = freshTenant()
        const service = yield* Returns.Returns
        yield* placed(tenant)
        const open = yield* service.requestReturn(
          tenant,
          staffRequest("o-1", [returning("mug", 2)]),
        )
        const before = yield* storedDocuments(tenant)
        const pathsOf = (error: unknown) =>
          error instanceof Errors.ValidationError ? error.issues.map((issue) => issue.path) : []

        const zero = yield* Effect.flip(
          service.requestReturn(tenant, staffRequest("o-1", [returning("mug", 0)])),
        )
        expect(pathsOf(zero)).toContainEqual(["lines", 0, "quantity"])
        const noLines = yield* Effect.flip(
          service.requestReturn(tenant, {
            ...staffRequest("o-1", [returning("mug")]),
            lines: [] as unknown as RequestLines,
          }),
        )
        expect(pathsOf(noLines)[0]?.[0]).toBe("lines")
        const unknownLine = yield* Effect.flip(
          service.requestReturn(tenant, staffRequest("o-1", [returning("kettle")])),
        )
        expect(pathsOf(unknownLine)).toContainEqual(["request", "lines", 0, "orderLineId"])
        const fromTheFuture = yield* Effect.flip(
          service.requestReturn(
            tenant,
            staffRequest("o-1", [returning("mug")], { requestedAt: REQUESTED + DAY }),
          ),
        )
        expect(pathsOf(fromTheFuture)).toContainEqual(["request", "requestedAt"])
        const noOrder = yield* Effect.flip(
          service.requestReturn(tenant, staffRequest("o-404", [returning("mug")])),
        )
        expect(noOrder).toMatchObject({ _tag: "NotFoundError", entity: "order", id: "o-404" })
        const badKey = yield* Effect.flip(
          service.requestReturn(tenant, staffRequest("o-1", [returning("mug")]), {
            idempotencyKey: "",
          }),
        )
        expect(pathsOf(badKey)[0]?.[0]).toBe("idempotencyKey")

        const tooMany = yield* Effect.flip(
          service.receiveReturn(tenant, open.id, receiving([["mug", 3]])),
        )
        expect(pathsOf(tooMany)).toEqual([["lines", 0, "quantity"]])
        const notInCase = yield* Effect.flip(
          service.receiveReturn(tenant, open.id, receiving([["lamp", 1]])),
        )
        expect(pathsOf(notInCase)).toEqual([["lines", 0, "orderLineId"]])
        const overTwoLines = yield* Effect.flip(
          service.receiveReturn(
            tenant,
            open.id,
            receiving([
              ["mug", 1],
              ["mug", 2],
            ]),
          ),
        )
        expect(pathsOf(overTwoLines)).toEqual([["lines", 1, "quantity"]])
        const badCondition = yield* Effect.flip(
          service.receiveReturn(tenant, open.id, {
            lines: [{ orderLineId: "mug", quantity: 1, condition: "shiny" as "opened" }],
            by: clerk,
          }),
        )
        expect(badCondition._tag).toBe("ValidationError")
        const noCase = yield* Effect.flip(
          service.receiveReturn(tenant, "ret-404", receiving([["mug", 1]])),
        )
        expect(noCase).toMatchObject({ _tag: "NotFoundError", entity: "return case" })
        const notAwaiting = yield* Effect.flip(
          service.verifyProduct(tenant, open.id, { verified: true, method: "serial", by: clerk }),
        )
        expect(notAwaiting).toMatchObject({
          _tag: "InvalidTransitionError",
          state: "requested",
          attempted: "verifyProduct",
        })

        const overShipped = yield* Effect.flip(
          service.recordFulfilment(tenant, "o-1", [{ lineId: "mug", quantity: 1, at: REQUESTED }]),
        )
        expect(pathsOf(overShipped)).toEqual([[0, "quantity"]])
        const unknownShipment = yield* Effect.flip(
          service.recordFulfilment(tenant, "o-1", [
            { lineId: "kettle", quantity: 1, at: REQUESTED },
          ]),
        )
        expect(pathsOf(unknownShipment)).toEqual([[0, "lineId"]])
        const noDelivery = yield* Effect.flip(service.recordDelivery(tenant, "o-1", []))
        expect(noDelivery._tag).toBe("ValidationError")
        const wrongCurrency = yield* Effect.flip(
          service.recordOrder(tenant, { facts: { ...mugsAndLamp("o-9"), currency: "USD" } }),
        )
        expect(pathsOf(wrongCurrency)).toContainEqual(["facts", "currency"])
        const overReturned = yield* Effect.flip(
          service.recordOrder(tenant, {
            facts: facts("o-9", [line("mug", 1000, 2, { fulfilledQuantity: 3 })]),
          }),
        )
        expect(pathsOf(overReturned)).toContainEqual(["facts", "lines", 0, "fulfilledQuantity"])
        const duplicate = yield* Effect.flip(
          service.recordOrder(tenant, { facts: mugsAndLamp("o-1") }),
        )
        expect(duplicate).toMatchObject({ _tag: "StoreError", reason: "Duplicate" })
        const badRange = yield* Effect.flip(
          service.report(tenant, { from: REQUESTED, to: PLACED, currency: "EUR" }),
        )
        expect(pathsOf(badRange)).toEqual([["to"]])

        expect(yield* storedDocuments(tenant)).toEqual(before)
      }).pipe(Effect.provide(live())),
    )

    it.effect(
      "RET-3 the report counts cases by outcome, reason and reason class, declined codes, refunds and exchanges",
      () =>
        Effect.gen(function* () {
          const tenant = freshTenant()
          const service = yield* Returns.Returns
          yield* TestClock.setTime(PLACED + 40 * DAY)
          yield* service.savePolicy(
            tenant,
            policyInput(1, 30, { finalSale: [{ kind: "tag", values: ["clearance"] }] }),
          )
          yield* service.recordOrder(tenant, {
            facts: facts("o-r", [
              line("mug", 1000, 3),
              line("lamp", 5000, 1),
              line("scarf", 2000, 1, { tags: ["clearance"] }),
            ]),
          })
          const at = (days: number) => ({ requestedAt: PLACED + days * DAY })
          // a: two mugs too small, refunded
          const a = yield* service.requestReturn(
            tenant,
            staffRequest("o-r", [returning("mug", 2, { reasonCode: "tooSmall" })], at(5)),
          )
          yield* service.receiveReturn(tenant, a.id, receiving([["mug", 2]]))
          // b: the lamp is faulty, refunded
          const b = yield* service.requestReturn(
            tenant,
            staffRequest("o-r", [returning("lamp", 1, { reasonCode: "defective" })], at(6)),
          )
          yield* service.receiveReturn(tenant, b.id, receiving([["lamp", 1]]))
          // c: the scarf is final sale
          yield* service.requestReturn(tenant, staffRequest("o-r", [returning("scarf")], at(7)))
          // d: two mugs to exchange for a larger size at €12.00, one left to return
          yield* service.requestReturn(
            tenant,
            staffRequest(
              "o-r",
              [
                returning("mug", 2, {
                  reasonCode: "tooSmall",
                  resolution: "exchange",
                  exchangeFor: { sku: "MUG-L", quantity: 2, unitPrice: eur(1200), inStock: true },
                }),
              ],
              at(8),
            ),
          )
          // outside the range: a late request, declined
          yield* service.requestReturn(tenant, staffRequest("o-r", [returning("scarf")], at(39)))
          // in the range, in another currency
          yield* service.savePolicy(tenant, {
            ...policyInput(1, 30),
            id: "us",
            currency: "USD",
            storeZone: "America/New_York",
          })
          yield* service.recordOrder(tenant, {
            facts: {
              ...facts("o-us", [
                line("cap", 1500, 1, { unitPrice: { amount: 1500, currency: "USD" } }),
              ]),
              currency: "USD",
              policy: { id: "us", version: 1 },
              shipping: {
                paid: { amount: 0, currency: "USD" },
                refunded: { amount: 0, currency: "USD" },
              },
              payments: {
                captured: { amount: 1500, currency: "USD" },
                refunded: { amount: 0, currency: "USD" },
                storeCreditIssued: { amount: 0, currency: "USD" },
              },
            },
          })
          yield* service.requestReturn(tenant, staffRequest("o-us", [returning("cap")], at(5)))

          const report = yield* service.report(tenant, {
            from: PLACED,
            to: PLACED + 20 * DAY,
            currency: "EUR",
          })
          const zero = Money.make(0, "EUR")
          expect(report.cases).toBe(4)
          expect(report.otherCurrencyCases).toBe(1)
          expect(report.byOutcome).toEqual({
            approved: 2,
            partiallyApproved: 1,
            declined: 1,
            needsVerification: 0,
          })
          expect(report.byStatus).toEqual({
            awaitingVerification: 0,
            requested: 1,
            partiallyReceived: 0,
            received: 2,
            declined: 1,
            cancelled: 0,
          })
          expect(report.byReason).toEqual([
            {
              reasonCode: "tooSmall",
              label: "Too small",
              reasonClass: "remorse",
              lines: 2,
              units: 4,
              approvedUnits: 3,
              refundedValue: Money.make(2000, "EUR"),
            },
            {
              reasonCode: "changedMind",
              label: "Changed my mind",
              reasonClass: "remorse",
              lines: 1,
              units: 1,
              approvedUnits: 0,
              refundedValue: zero,
            },
            {
              reasonCode: "defective",
              label: "Faulty or stopped working",
              reasonClass: "defect",
              lines: 1,
              units: 1,
              approvedUnits: 1,
              refundedValue: Money.make(5000, "EUR"),
            },
          ])
          const byClass = Object.fromEntries(
            report.byReasonClass.map(({ reasonClass, ...figures }) => [reasonClass, figures]),
          )
          expect(Object.keys(byClass)).toEqual([...ReturnPolicy.ReasonClass.literals])
          expect(byClass.remorse).toEqual({
            lines: 3,
            units: 5,
            approvedUnits: 3,
            refundedValue: Money.make(2000, "EUR"),
          })
          expect(byClass.defect).toEqual({
            lines: 1,
            units: 1,
            approvedUnits: 1,
            refundedValue: Money.make(5000, "EUR"),
          })
          expect(byClass.wrongItem).toEqual({
            lines: 0,
            units: 0,
            approvedUnits: 0,
            refundedValue: zero,
          })
          expect(report.declinedCodes).toEqual([
            { code: "FINAL_SALE", lines: 1, units: 1 },
            { code: "QUANTITY_EXCEEDS_RETURNABLE", lines: 1, units: 1 },
          ])
          expect(report.refunds).toEqual({
            cases: 2,
            total: Money.make(7000, "EUR"),
            toOriginalMethod: Money.make(7000, "EUR"),
            toStoreCredit: zero,
            shipping: zero,
            commitmentDeductions: zero,
          })
          // one mug swapped for one larger mug: €2.00 more for the customer to pay
          expect(report.exchanges).toEqual({
            lines: 1,
            units: 1,
            replacementUnits: 1,
            difference: Money.make(200, "EUR"),
          })
          // the refunds are the ones the cases carry
          const refunded = (yield* service.cases(tenant, { status: "received" })).reduce(
            (sum, c) => sum + (c.refund?.total.amount ?? 0),
            0,
          )
          expect(report.refunds.total.amount).toBe(refunded)
          // the report is a schema value: it encodes to JSON and back
          const encoded = Schema.encodeSync(Returns.ReturnsReport)(report)
          expect(Schema.decodeUnknownSync(Returns.ReturnsReport)(encoded)).toEqual(report)

          const usd = yield* service.report(tenant, {
            from: PLACED,
            to: PLACED + 20 * DAY,
            currency: "USD",
          })
          expect(usd.cases).toBe(1)
          expect(usd.otherCurrencyCases).toBe(4)
          const empty = yield* service.report(tenant, {
            from: PLACED + 100 * DAY,
            to: PLACED + 200 * DAY,
            currency: "EUR",
          })
          expect(empty.cases).toBe(0)
          expect(empty.byReason).toEqual([])
          expect(empty.refunds.total).toEqual(zero)
        }).pipe(Effect.provide(live())),
    )

    it.effect("RET-1 publishPolicy renders a saved version as text and JSON-LD", () =>
      Effect.gen(function* () {
        const tenant = freshTenant()
        const service = yield* Returns.Returns
        const v1 = yield* service.savePolicy(tenant, policyV1)
        yield* service.savePolicy(tenant, policyV2)
        const published = yield* service.publishPolicy(
          tenant,
          { id: "standard", version: 1 },
          { text: { format: "markdown" }, jsonLd: { url: "https://shop.example/returns" } },
        )
        expect(published.text).toBe(Publication.toText(v1, { format: "markdown" }))
        expect(published.text).toContain("30 days")
        expect(published.jsonLd).toEqual(
          Publication.toJsonLd(v1, { url: "https://shop.example/returns" }),
        )
        expect(published.jsonLd.merchantReturnDays).toBe(30)
        const v2 = yield* service.publishPolicy(tenant, { id: "standard", version: 2 })
        expect(v2.jsonLd.merchantReturnDays).toBe(5)
        const missing = yield* Effect.flip(
          service.publishPolicy(tenant, { id: "standard", version: 3 }),
        )
        expect(missing).toMatchObject({ _tag: "NotFoundError", id: "standard v3" })
      }).pipe(Effect.provide(live())),
    )
  })
}
