// ARC-4: an erasure reaches a customer's documents through the subjects of the
// collections the service lists, so the list must name every collection the service
// writes, and each subject must lead to the customer's documents and no one else's.
import { type Errors, Ids } from "@clientele/core"
import { type Collection, MemoryStore, Query, Store, type StoreError } from "@clientele/store"
import { describe, expect, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/TestClock"
import { Complaints } from "../src/index.js"
import { intakeInput, ny, settings, tenant } from "./fixtures.js"

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
  Complaints.layer(settings).pipe(Layer.provideMerge(recordingStore(written)))

const outOfStock = {
  wanted: { productId: "p-1", sku: "sku-red-m", attributes: { size: "M" }, quantity: 1 },
  contact: { phone: "+1 555 0100" },
  notifyWhenBack: true,
  substitutes: [],
}

/** Everything the service stores about one customer: each command that writes. */
const aboutCustomer = (customerId: string, suffix: string) =>
  Effect.gen(function* () {
    const service = yield* Complaints.Complaints
    const received = yield* service.intake(tenant, intakeInput({ customerId }))
    yield* service.intake(
      tenant,
      intakeInput({
        customerId,
        category: "product/out-of-stock",
        productId: "p-1",
        outOfStock,
      }),
    )
    yield* service.acknowledge(tenant, received.id, { by: "s-agent", onTheSpot: true })
    const routed = yield* service.route(tenant, received.id, { by: "s-agent" })
    yield* service.assign(tenant, received.id, {
      by: routed.head ?? "s-nobody",
      assignee: "s-kim",
    })
    yield* service.recordContact(tenant, {
      id: `ct-${suffix}`,
      customerId,
      channel: "chat",
      at: ny("2024-06-03T11:00:00"),
      problemKey: "service:general",
      category: "service",
      rootCause: "product-question",
      summary: "asked about opening hours",
      resolvedOnContact: true,
    })
    yield* service.setPreference(tenant, {
      customerId,
      callback: false,
      email: `${customerId}@example.com`,
      updatedAt: ny("2024-06-03T10:00:00"),
    })
    yield* service.recordFeedback(tenant, {
      id: `fb-${suffix}`,
      post: "feedbackCard",
      kind: "suggestion",
      at: ny("2024-06-03T10:00:00"),
      customerId,
      text: "open a third till on Saturdays",
    })
    return received
  })

describe("Complaints.collections", () => {
  it("ARC-4 every subject is a declared index, and every parent is a listed collection with a subject", () => {
    expectSubjectsResolve(Complaints.collections)
    // what each collection was decided to hold: a customer's data, or no one's
    expect(subjectsOf(Complaints.collections)).toEqual({
      complaints: { index: "customerId" },
      "complaint-history": { index: "complaintId", via: "complaints" },
      "complaint-notifications": null,
      "complaint-intake-keys": null,
      "complaint-contacts": { index: "customerId" },
      "complaint-contact-preferences": { index: "customerId" },
      "complaint-back-in-stock": { index: "customerId" },
      "complaint-feedback": { index: "customerId" },
      "complaint-improvements": null,
      "complaint-standard-answers": null,
    })
  })

  it.effect("ARC-4 collections lists every collection the service writes", () => {
    const written = new Set<string>()
    return Effect.gen(function* () {
      yield* TestClock.setTime(ny("2024-06-03T10:00:00"))
      const service = yield* Complaints.Complaints
      yield* aboutCustomer("cus-1", "1")
      yield* service.sweep(tenant, ny("2025-06-03T10:00:00"))
      yield* service.restocked(tenant, Ids.ProductId.make("p-1"), "sku-red-m")
      yield* service.proposeImprovement(tenant, {
        id: "imp-1",
        title: "Open a third till on Saturdays",
        rootCause: "missed-deadline",
        source: "insight",
        owner: "s-ops",
        priority: "high",
        createdAt: ny("2024-06-03T10:00:00"),
        by: "s-ops",
      })
      yield* service.moveImprovement(tenant, "imp-1", "planned", Ids.StaffId.make("s-ops"))
      yield* service.addStandardAnswer(tenant, {
        id: "faq-1",
        category: "service/long-wait",
        question: "Why was I kept waiting?",
        answer: "We open extra tills when the queue passes five people.",
      })
      expect(unlisted(Complaints.collections, written)).toEqual([])
      // and the commands above wrote each listed collection: none is listed by mistake
      expect(written.size).toBe(Complaints.collections.length)
    }).pipe(Effect.provide(live(written)))
  })

  it.effect(
    "ARC-4 a customer's documents are found through the subject indexes, directly or through their complaint, and no one else's",
    () =>
      Effect.gen(function* () {
        yield* TestClock.setTime(ny("2024-06-03T10:00:00"))
        const service = yield* Complaints.Complaints
        const ada = yield* aboutCustomer("cus-1", "1")
        const bob = yield* aboutCustomer("cus-2", "2")
        yield* service.sweep(tenant, ny("2025-06-03T10:00:00"))

        // as an erasure asks: the complaints whose customer index is Ada's
        const store = yield* Store.Store
        const direct = yield* store.query(tenant, {
          collection: "complaints",
          where: { customerId: "cus-1" },
        })
        expect(direct.documents.map((document) => document.id)).toContain(ada.id)
        expect(direct.documents.map((document) => document.id)).not.toContain(bob.id)
        // and through the complaint: Ada's history entries, not Bob's
        const history = yield* reach(tenant, Complaints.collections, "complaint-history", "cus-1")
        expect(history.some((id) => id.startsWith(`${ada.id}:`))).toBe(true)
        expect(history.some((id) => id.startsWith(`${bob.id}:`))).toBe(false)

        // every document of a collection with a subject is Ada's or Bob's, never both
        yield* expectEachDocumentReachedOnce(tenant, Complaints.collections, ["cus-1", "cus-2"])
      }).pipe(Effect.provide(live(new Set()))),
  )
})
