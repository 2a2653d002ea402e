// ARC-4: an erasure reaches a customer's documents through the subjects of the
// collections the service lists, so the list must name every collection the service
// writes, and each subject must lead to the customer's documents and no one else's.
import type { Ids } from "@clientele/core"
import { type Collection, MemoryStore, Store } from "@clientele/store"
import {
  reachedBySubject,
  recordingWrites,
  subjectCoverageProblems,
  subjectProblems,
} from "@clientele/store/testkit"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as TestClock from "effect/TestClock"
import { Returns } from "../src/index.js"
import {
  commitmentPolicy,
  freshTenant,
  mugsAndLamp,
  policyV1,
  REQUESTED,
  receiving,
  returning,
  staffRequest,
} from "./service-support.js"

/** The subject each collection was decided to have (`null`: it holds no customer's data). */
const subjectsOf = (collections: ReadonlyArray<Collection.AnyCollection>) =>
  Object.fromEntries(collections.map((collection) => [collection.name, collection.subject ?? null]))

const live = (written: Set<string>) =>
  Returns.layer.pipe(Layer.provideMerge(recordingWrites(MemoryStore.layer, written)))

/**
 * Everything the service stores about one customer's order: the order, a
 * self-service request under an idempotency key, its verification and receipt, and
 * a settlement about the case.
 */
const aboutCustomer = (tenant: Ids.TenantId, customerId: string, orderId: string) =>
  Effect.gen(function* () {
    const service = yield* Returns.Returns
    yield* TestClock.setTime(REQUESTED)
    yield* service.recordOrder(tenant, { facts: mugsAndLamp(orderId) })
    const pending = yield* service.requestReturn(
      tenant,
      {
        orderId,
        requestedAt: REQUESTED,
        lines: [returning("mug", 1, { note: "The handle came off" })],
        actor: { kind: "customer", id: customerId },
      },
      { idempotencyKey: `web-${orderId}` },
    )
    yield* service.verifyProduct(tenant, pending.id, {
      verified: true,
      method: "receipt",
      by: "clerk-7",
    })
    yield* service.receiveReturn(tenant, pending.id, receiving([["mug", 1]]))
    const settlement = yield* service.recordSettlement(tenant, {
      caseId: pending.id,
      fromDepartment: "warehouse",
      toDepartment: "customer-service",
      amount: { amount: 1190, currency: "EUR" },
      note: "Handle glued badly at the factory",
    })
    return { returnCase: pending, settlement }
  })

describe("Returns.collections", () => {
  it("ARC-4 every subject is a declared index, and every parent is a listed collection with a subject", () => {
    expect(subjectProblems(Returns.collections)).toEqual([])
    // what each collection was decided to hold: a customer's data, or no one's
    expect(subjectsOf(Returns.collections)).toEqual({
      "returns-policies": null,
      "returns-commitment-policies": null,
      "returns-orders": null,
      "returns-cases": { index: "customerId" },
      "returns-request-keys": null,
      "returns-settlements": { index: "caseId", via: "returns-cases" },
    })
  })

  it.effect("ARC-4 collections lists every collection the service writes", () => {
    const written = new Set<string>()
    return Effect.gen(function* () {
      const tenant = freshTenant()
      const service = yield* Returns.Returns
      yield* service.savePolicy(tenant, policyV1)
      yield* service.saveCommitmentPolicy(tenant, commitmentPolicy)
      const { settlement } = yield* aboutCustomer(tenant, "cus-42", "o-1")
      yield* TestClock.adjust("1 day")
      yield* service.settle(tenant, settlement.id, "clerk-7")
      expect(
        [...written].filter((name) => !Returns.collections.some((c) => c.name === name)),
      ).toEqual([])
      // and the commands above wrote each listed collection: none is listed by mistake
      expect(written.size).toBe(Returns.collections.length)
    }).pipe(Effect.provide(live(written)))
  })

  it.effect(
    "ARC-4 a customer's return cases are found through the customer index, their settlements through the case, and no one else's",
    () =>
      Effect.gen(function* () {
        const tenant = freshTenant()
        const service = yield* Returns.Returns
        yield* service.savePolicy(tenant, policyV1)
        const ada = yield* aboutCustomer(tenant, "cus-ada", "o-1")
        const bob = yield* aboutCustomer(tenant, "cus-bob", "o-2")

        // as an erasure asks: the cases whose customer index is Ada's
        const store = yield* Store.Store
        const cases = yield* store.query(tenant, {
          collection: "returns-cases",
          where: { customerId: "cus-ada" },
        })
        expect(cases.documents.map((document) => document.id)).toEqual([ada.returnCase.id])
        // and through the case: Ada's settlement, not Bob's
        expect(
          yield* reachedBySubject(tenant, Returns.collections, "returns-settlements", "cus-ada"),
        ).toEqual([ada.settlement.id])
        expect(
          yield* reachedBySubject(tenant, Returns.collections, "returns-settlements", "cus-bob"),
        ).toEqual([bob.settlement.id])
        expect(
          yield* subjectCoverageProblems(tenant, Returns.collections, ["cus-ada", "cus-bob"]),
        ).toEqual([])
      }).pipe(Effect.provide(live(new Set()))),
  )

  it.effect(
    "ARC-4 a return filed by staff for a customer is found by that customer; one filed for no one is found by no one",
    () =>
      Effect.gen(function* () {
        const tenant = freshTenant()
        const service = yield* Returns.Returns
        yield* service.savePolicy(tenant, policyV1)
        yield* TestClock.setTime(REQUESTED)
        yield* service.recordOrder(tenant, { facts: mugsAndLamp("o-3") })
        yield* service.recordOrder(tenant, { facts: mugsAndLamp("o-4") })
        const forAda = yield* service.requestReturn(
          tenant,
          staffRequest("o-3", [returning("mug", 1, { note: "Ada dropped it" })], {
            customerId: "cus-ada",
          }),
        )
        yield* service.requestReturn(tenant, staffRequest("o-4", [returning("mug", 1)]))
        expect(
          yield* reachedBySubject(tenant, Returns.collections, "returns-cases", "cus-ada"),
        ).toEqual([forAda.id])
        // A customer files for themselves only.
        const otherCustomer = yield* Effect.flip(
          service.requestReturn(tenant, {
            orderId: "o-4",
            requestedAt: REQUESTED,
            lines: [returning("lamp", 1)],
            actor: { kind: "customer", id: "cus-bob" },
            customerId: "cus-ada",
          }),
        )
        expect(otherCustomer).toMatchObject({
          _tag: "ValidationError",
          issues: [{ path: ["customerId"] }],
        })
      }).pipe(Effect.provide(live(new Set()))),
  )
})
