// ARC-4: an erasure reaches a customer's documents through the subjects of the
// collections the service lists, so the list must name every collection the service
// writes, and each subject must lead to the customer's documents and no one else's.
import { Ids } from "@clientele/core"
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
import { Complaints } from "../src/index.js"
import { intakeInput, ny, settings, tenant } from "./fixtures.js"

/** The subject each collection was decided to have (`null`: it holds no customer's data). */
const subjectsOf = (collections: ReadonlyArray<Collection.AnyCollection>) =>
  Object.fromEntries(collections.map((collection) => [collection.name, collection.subject ?? null]))

const live = (written: Set<string>) =>
  Complaints.layer(settings).pipe(Layer.provideMerge(recordingWrites(MemoryStore.layer, written)))

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
    expect(subjectProblems(Complaints.collections)).toEqual([])
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
      expect(
        [...written].filter((name) => !Complaints.collections.some((c) => c.name === name)),
      ).toEqual([])
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
        const history = yield* reachedBySubject(
          tenant,
          Complaints.collections,
          "complaint-history",
          "cus-1",
        )
        expect(history.some((id) => id.startsWith(`${ada.id}:`))).toBe(true)
        expect(history.some((id) => id.startsWith(`${bob.id}:`))).toBe(false)

        // every document of a collection with a subject is Ada's or Bob's, never both
        expect(
          yield* subjectCoverageProblems(tenant, Complaints.collections, ["cus-1", "cus-2"]),
        ).toEqual([])
      }).pipe(Effect.provide(live(new Set()))),
  )
})
