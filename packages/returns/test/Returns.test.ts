// The Returns service over the storage port: the shared suite on the memory store
// and on SQLite (PostgreSQL runs it in `Returns.integration.test.ts`), a property of
// split returns against the pure decision, then the Promise client end to end.
import { Errors, Ids } from "@clientele/core"
import { MemoryStore } from "@clientele/store"
import { layerSqlite } from "@clientele/store-sql/sqlite"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import * as Schema from "effect/Schema"
import * as Decision from "../src/Decision.js"
import * as ReturnPolicy from "../src/ReturnPolicy.js"
import * as Returns from "../src/Returns.js"
import {
  clerk,
  facts,
  freshTenant,
  line,
  mugsAndLamp,
  PLACED,
  policyV1,
  REQUESTED,
  receiving,
  returning,
  selfServiceRequest,
  serviceSuite,
  staffRequest,
} from "./service-support.js"

serviceSuite("the memory store", () => MemoryStore.layer)
serviceSuite("SQLite", () => layerSqlite({ filename: ":memory:" }))

/** A random order of one to three lines, with line discounts, tax and shipping. */
const orderArbitrary = FastCheck.record({
  lines: FastCheck.array(
    FastCheck.record({
      quantity: FastCheck.integer({ min: 1, max: 4 }),
      unitPrice: FastCheck.integer({ min: 0, max: 20_000 }),
      rate: FastCheck.constantFrom(0, 700, 1900, 2500),
      discountShare: FastCheck.double({ min: 0, max: 0.5, noNaN: true }),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  shipping: FastCheck.integer({ min: 0, max: 1_000 }),
  /** Which line each return takes from, and how many of what is left. */
  returns: FastCheck.array(
    FastCheck.tuple(FastCheck.nat({ max: 10 }), FastCheck.nat({ max: 10 })),
    { maxLength: 10 },
  ),
})

describe("Returns service: split returns", () => {
  it("RET-3 however the units come back, the refunds add up to returning everything at once and never exceed what was paid", async () => {
    const policy = ReturnPolicy.make(policyV1)
    await FastCheck.assert(
      FastCheck.asyncProperty(orderArbitrary, async (scenario) => {
        const lines = scenario.lines.map((l, i) =>
          line(`l${i}`, l.unitPrice, l.quantity, {
            tax: { rateBasisPoints: l.rate },
            lineDiscount: {
              amount: Math.floor(l.unitPrice * l.quantity * l.discountShare),
              currency: "EUR",
            },
          }),
        )
        const unpaid = facts("o-p", lines as [(typeof lines)[number]], {
          shipping: scenario.shipping,
        })
        // What returning everything at once pays back: what the customer is taken to have paid.
        const all = Either.getOrThrow(
          Decision.evaluateReturn(
            policy,
            Schema.decodeUnknownSync(Decision.OrderFacts)(unpaid),
            Schema.decodeUnknownSync(Decision.ReturnRequest)(
              staffRequest(
                "o-p",
                lines.map((l) => returning(l.id, l.quantity)) as [ReturnType<typeof returning>],
              ),
            ),
            REQUESTED,
          ),
        ).money.total.amount
        const order = {
          ...unpaid,
          payments: { ...unpaid.payments, captured: { amount: all, currency: "EUR" } },
        }

        const program = Effect.gen(function* () {
          const service = yield* Returns.Returns
          const tenant = freshTenant()
          yield* service.savePolicy(tenant, policyV1)
          yield* service.recordOrder(tenant, { facts: order })
          const left = lines.map((l) => l.quantity)
          const returnSome = (index: number, quantity: number) =>
            Effect.gen(function* () {
              const requested = yield* service.requestReturn(
                tenant,
                staffRequest("o-p", [returning(`l${index}`, quantity)]),
              )
              expect(requested.decision.outcome).toBe("approved")
              yield* service.receiveReturn(
                tenant,
                requested.id,
                receiving([[`l${index}`, quantity]]),
              )
              left[index] = (left[index] as number) - quantity
              const stored = yield* service.getOrder(tenant, "o-p")
              const paidBack =
                stored.facts.payments.refunded.amount +
                stored.facts.payments.storeCreditIssued.amount
              expect(paidBack).toBeLessThanOrEqual(all)
            })
          for (const [pick, size] of scenario.returns) {
            const index = pick % lines.length
            const remaining = left[index] as number
            if (remaining > 0) yield* returnSome(index, 1 + (size % remaining))
          }
          for (let index = 0; index < lines.length; index++) {
            const remaining = left[index] as number
            if (remaining > 0) yield* returnSome(index, remaining)
          }
          const cases = yield* service.cases(tenant, { orderId: "o-p" })
          const refunded = cases.reduce((sum, c) => sum + (c.refund?.total.amount ?? 0), 0)
          expect(refunded).toBe(all)
          const stored = yield* service.getOrder(tenant, "o-p")
          expect(stored.facts.payments.refunded.amount).toBe(all)
          expect(stored.facts.shipping.refunded.amount).toBe(scenario.shipping)
        })
        await Effect.runPromise(
          program.pipe(Effect.provide(Returns.layer), Effect.provide(MemoryStore.layer)),
        )
      }),
      { numRuns: 40 },
    )
  })
})

describe("Returns Promise client", () => {
  it("RET-2 the Promise client takes a self-service return from request to refund and rejects with the same tagged errors", async () => {
    const client = await Returns.makeClient(MemoryStore.layer)
    try {
      const tenant = Ids.TenantId.make("acme")
      const policy = await client.savePolicy(tenant, policyV1)
      expect(policy.version).toBe(1)
      const order = await client.recordOrder(tenant, { facts: mugsAndLamp("o-1") })
      expect(order.policy).toEqual(policy)
      const pending = await client.requestReturn(
        tenant,
        selfServiceRequest("o-1", [returning("lamp", 1, { reasonCode: "defective" })]),
        { idempotencyKey: "app-1" },
      )
      expect(pending.status).toBe("awaitingVerification")
      const verified = await client.verifyProduct(tenant, pending.id, {
        verified: true,
        method: "serial",
        by: clerk,
        at: REQUESTED,
      })
      expect(verified.authorisedBy).toBe(clerk)
      const done = await client.receiveReturn(tenant, pending.id, receiving([["lamp", 1]]))
      // the lamp and its tax: €50.00 + 19 %
      expect(done.refund?.total.amount).toBe(5950)
      const stored = await client.getOrder(tenant, "o-1")
      expect(stored.facts.payments.refunded.amount).toBe(5950)
      const report = await client.report(tenant, {
        from: PLACED,
        to: PLACED + 30 * 86_400_000,
        currency: "EUR",
      })
      expect(report.byReason.map((r) => [r.reasonCode, r.refundedValue.amount])).toEqual([
        ["defective", 5950],
      ])

      await expect(client.getCase(tenant, "ret-404")).rejects.toBeInstanceOf(Errors.NotFoundError)
      await expect(
        client.savePolicy(tenant, { ...policyV1, window: { days: 60 } }),
      ).rejects.toBeInstanceOf(Returns.PolicyVersionConflictError)
      await expect(client.cancelReturn(tenant, pending.id, clerk)).rejects.toBeInstanceOf(
        Errors.InvalidTransitionError,
      )
      await expect(
        client.requestReturn(tenant, selfServiceRequest("o-1", [returning("mug")]), {
          idempotencyKey: "app-1",
        }),
      ).rejects.toBeInstanceOf(Returns.IdempotencyKeyConflictError)
      await expect(
        client.recordFulfilment(tenant, "o-1", [{ lineId: "mug", quantity: 9, at: PLACED }]),
      ).rejects.toMatchObject({ _tag: "ValidationError" })
      // nothing refused above changed the order
      expect(await client.getOrder(tenant, "o-1")).toEqual(stored)
    } finally {
      await client.close()
    }
  })
})
