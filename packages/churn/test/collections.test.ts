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
import { Churn } from "../src/index.js"
import {
  customerBase,
  freshTenant,
  lead,
  NOW,
  policyV1,
  runOf,
  toCompetitor,
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

const live = (written: Set<string>) => Churn.layer.pipe(Layer.provideMerge(recordingStore(written)))

/** Ada fades (at risk), Bob is gone (churned): both are candidates of the run. */
const adaAndBob = customerBase([
  { id: "cus-ada", x: 3, tx: 100, T: 360, p: 0.35, e: 0.3 },
  { id: "cus-bob", x: 0, tx: 0, T: 400, p: 1, e: 0.1 },
])

/** Saves the policy and records run `run-1` over Ada and Bob, at NOW. */
const detected = (tenant: Ids.TenantId) =>
  Effect.gen(function* () {
    const service = yield* Churn.Churn
    yield* TestClock.setTime(NOW)
    yield* service.savePolicy(tenant, policyV1)
    return yield* service.recordRun(tenant, runOf("run-1"), adaAndBob)
  })

describe("Churn.collections", () => {
  it("ARC-4 every subject is a declared index, and every parent is a listed collection with a subject", () => {
    expectSubjectsResolve(Churn.collections)
    // what each collection was decided to hold: a customer's data, or no one's
    expect(subjectsOf(Churn.collections)).toEqual({
      "churn-policies": null,
      "churn-runs": null,
      "churn-candidates": { index: "customerId" },
      "churn-cases": { index: "customerId" },
      "churn-active-cases": { index: "customerId" },
      "churn-request-keys": null,
      "churn-lessons": null,
      "churn-improvements": null,
    })
  })

  it.effect("ARC-4 collections lists every collection the service writes", () => {
    const written = new Set<string>()
    return Effect.gen(function* () {
      const tenant = freshTenant()
      const service = yield* Churn.Churn
      yield* detected(tenant)
      const opened = yield* service.openCase(
        tenant,
        { customerId: "cus-ada", runId: "run-1", by: lead },
        { idempotencyKey: "crm-1" },
      )
      yield* TestClock.adjust("1 day")
      yield* service.investigate(tenant, opened.id, toCompetitor("service"), lead)
      const lesson = yield* service.addLesson(tenant, {
        title: "Call back within a day after a failed delivery",
        description: "Customers left after waiting a week for a call.",
        rootCause: "late-delivery",
        caseIds: [opened.id],
        routes: [{ department: "process", owner: "ops-2" }],
        by: lead,
      })
      yield* service.startImprovement(
        tenant,
        lesson.id,
        { department: "process", tracker: "pm-4", priority: "high" },
        lead,
      )
      expect(unlisted(Churn.collections, written)).toEqual([])
      // and the commands above wrote each listed collection: none is listed by mistake
      expect(written.size).toBe(Churn.collections.length)
    }).pipe(Effect.provide(live(written)))
  })

  it.effect(
    "ARC-4 a customer's candidates, cases and open-case marker are found through the customer index, and no one else's",
    () =>
      Effect.gen(function* () {
        const tenant = freshTenant()
        const service = yield* Churn.Churn
        yield* detected(tenant)
        const ada = yield* service.openCase(tenant, {
          customerId: "cus-ada",
          runId: "run-1",
          by: lead,
        })
        yield* service.openCase(tenant, { customerId: "cus-bob", runId: "run-1", by: lead })

        // as an erasure asks: the cases whose customer index is Ada's
        const store = yield* Store.Store
        const cases = yield* store.query(tenant, {
          collection: "churn-cases",
          where: { customerId: "cus-ada" },
        })
        expect(cases.documents.map((document) => document.id)).toEqual([ada.id])
        yield* expectEachDocumentReachedOnce(tenant, Churn.collections, ["cus-ada", "cus-bob"])
      }).pipe(Effect.provide(live(new Set()))),
  )
})
