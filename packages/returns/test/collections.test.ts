// ARC-4: an erasure reaches a customer's documents through the subjects of the
// collections the service lists, so the list must name every collection the service
// writes, and each subject must lead to the customer's documents and no one else's.
import type { Errors, Ids } from "@clientele/core"
import { type Collection, MemoryStore, Query, Store, type StoreError } from "@clientele/store"
import { describe, expect, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
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

/** A memory store that records the collection of every write asked of it. */
const recordingStore = (written: Set<string>): Layer.Layer<Store.Store> =>
  Layer.effect(
    Store.Store,
    Effect.map(MemoryStore.make, (store): Store.StorePort => {
      const record = <A, E>(collections: ReadonlyArray<string>, write: Effect.Effect<A, E>) =>
        Effect.suspend(() => {
          for (const collection of collections) written.add(collection)
          return write
        })
      return {
        ...store,
        insert: (t, document) => record([document.collection], store.insert(t, document)),
        update: (t, document) => record([document.collection], store.update(t, document)),
        delete: (t, collection, id, version) =>
          record([collection], store.delete(t, collection, id, version)),
        bulkWrite: (t, operations) =>
          record(
            operations.map((operation) => operation.collection),
            store.bulkWrite(t, operations),
          ),
      }
    }),
  )

/**
 * The ids of the documents of collection `name` that an erasure of `customerId`
 * reaches, looked up as the archive does: by the subject's index, through the
 * parent's reached ids for a `via`.
 */
const reach = (
  tenant: Ids.TenantId,
  collections: ReadonlyArray<Collection.AnyCollection>,
  name: string,
  customerId: string,
): Effect.Effect<
  ReadonlyArray<string>,
  StoreError.StoreError | Errors.ValidationError,
  Store.Store
> =>
  Effect.gen(function* () {
    const subject = collections.find((collection) => collection.name === name)?.subject
    if (subject === undefined) return []
    const values =
      subject.via === undefined
        ? [customerId]
        : yield* reach(tenant, collections, subject.via, customerId)
    if (values.length === 0) return []
    const store = yield* Store.Store
    const ids: Array<string> = []
    let cursor: string | null | undefined
    do {
      const page = yield* store.query(tenant, {
        collection: name,
        where: { [subject.index]: values },
        limit: Query.maxLimit,
        cursor,
      })
      for (const document of page.documents) ids.push(document.id)
      cursor = page.cursor
    } while (cursor !== null)
    return ids
  })

/** The ids of every stored document of a collection. */
const storedIds = (tenant: Ids.TenantId, name: string) =>
  Effect.flatMap(Store.Store, (store) =>
    Effect.map(Stream.runCollect(store.scan(tenant, name)), (documents) =>
      Chunk.toReadonlyArray(documents).map((document) => document.id),
    ),
  )

/**
 * Every subject is a declared index of its collection, and every `via` names a
 * listed collection that has a subject itself, through a chain without a cycle.
 */
const expectSubjectsResolve = (collections: ReadonlyArray<Collection.AnyCollection>) => {
  const byName = new Map(collections.map((collection) => [collection.name, collection]))
  expect(byName.size).toBe(collections.length)
  for (const collection of collections) {
    const subject = collection.subject
    if (subject === undefined) continue
    expect(collection.indexNames).toContain(subject.index)
    let parent = subject.via
    for (let steps = 0; parent !== undefined; steps++) {
      expect(steps).toBeLessThan(collections.length)
      const found = byName.get(parent)
      expect(found?.subject, `${collection.name} via ${parent}`).toBeDefined()
      parent = found?.subject?.via
    }
  }
}

/**
 * Each document of a collection with a subject is reached for exactly one of the
 * customers, and the first of them has documents in each of these collections.
 */
const expectEachDocumentReachedOnce = (
  tenant: Ids.TenantId,
  collections: ReadonlyArray<Collection.AnyCollection>,
  customers: readonly [string, ...Array<string>],
) =>
  Effect.gen(function* () {
    for (const collection of collections) {
      if (collection.subject === undefined) continue
      const reached: Array<string> = []
      for (const [i, customerId] of customers.entries()) {
        const ids = yield* reach(tenant, collections, collection.name, customerId)
        if (i === 0) expect(ids.length, collection.name).toBeGreaterThan(0)
        reached.push(...ids)
      }
      // reached once each: no document is two customers'; and every document is reached
      expect(reached.sort(), collection.name).toEqual(
        [...(yield* storedIds(tenant, collection.name))].sort(),
      )
    }
  })

/** The subject each collection was decided to have (`null`: it holds no customer's data). */
const subjectsOf = (collections: ReadonlyArray<Collection.AnyCollection>) =>
  Object.fromEntries(collections.map((collection) => [collection.name, collection.subject ?? null]))

/** The names `written` holds that `collections` does not list. */
const unlisted = (collections: ReadonlyArray<Collection.AnyCollection>, written: Set<string>) =>
  [...written].filter((name) => !collections.some((collection) => collection.name === name))

const live = (written: Set<string>) =>
  Returns.layer.pipe(Layer.provideMerge(recordingStore(written)))

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
    expectSubjectsResolve(Returns.collections)
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
      expect(unlisted(Returns.collections, written)).toEqual([])
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
        expect(yield* reach(tenant, Returns.collections, "returns-settlements", "cus-ada")).toEqual(
          [ada.settlement.id],
        )
        expect(yield* reach(tenant, Returns.collections, "returns-settlements", "cus-bob")).toEqual(
          [bob.settlement.id],
        )
        yield* expectEachDocumentReachedOnce(tenant, Returns.collections, ["cus-ada", "cus-bob"])
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
        expect(yield* reach(tenant, Returns.collections, "returns-cases", "cus-ada")).toEqual([
          forAda.id,
        ])
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
