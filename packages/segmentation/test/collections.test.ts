// ARC-4: an erasure reaches a customer's documents through the subjects of the
// collections the service lists, so the list must name every collection the service
// writes, and each subject must lead to the customer's documents and no one else's.
import type { Ids } from "@clientele/core"
import { type Collection, MemoryStore, Store } from "@clientele/store"
import { recordingWrites, subjectCoverageProblems, subjectProblems } from "@clientele/store/testkit"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as TestClock from "effect/TestClock"
import { Segmentation } from "../src/index.js"
import {
  freshTenant,
  period2023,
  period2024,
  policyV1,
  registered2023,
  registered2024,
  sales2023,
  sales2024,
} from "./service-support.js"

/** The subject each collection was decided to have (`null`: it holds no customer's data). */
const subjectsOf = (collections: ReadonlyArray<Collection.AnyCollection>) =>
  Object.fromEntries(collections.map((collection) => [collection.name, collection.subject ?? null]))

const live = (written: Set<string>) =>
  Segmentation.layer.pipe(Layer.provideMerge(recordingWrites(MemoryStore.layer, written)))

/** Every customer of the two years: ada's tier goes down in 2024, gus is new. */
const customers = ["ada", "bob", "cy", "dan", "eve", "fay", "gus"] as const

/** Saves v1, records both years' sales and classifies 2023 then 2024. */
const twoYears = (tenant: Ids.TenantId) =>
  Effect.gen(function* () {
    const service = yield* Segmentation.Segmentation
    yield* TestClock.setTime(Date.UTC(2025, 0, 15, 9))
    yield* service.savePolicy(tenant, policyV1)
    yield* service.recordTransactions(tenant, [...sales2023, ...sales2024])
    yield* service.classifyPeriod(tenant, {
      period: period2023,
      policyVersion: "v1",
      customers: registered2023,
    })
    yield* service.classifyPeriod(tenant, {
      period: period2024,
      policyVersion: "v1",
      customers: registered2024,
    })
  })

describe("Segmentation.collections", () => {
  it("ARC-4 every subject is a declared index, and every parent is a listed collection with a subject", () => {
    expect(subjectProblems(Segmentation.collections)).toEqual([])
    // what each collection was decided to hold: a customer's data, or no one's
    expect(subjectsOf(Segmentation.collections)).toEqual({
      "segmentation-transactions": { index: "customerId" },
      "segmentation-policies": null,
      "segmentation-periods": null,
      "segmentation-results": { index: "customerId" },
      "segmentation-changes": { index: "customerId" },
    })
  })

  it.effect("ARC-4 collections lists every collection the service writes", () => {
    const written = new Set<string>()
    return Effect.gen(function* () {
      yield* twoYears(freshTenant())
      expect(
        [...written].filter((name) => !Segmentation.collections.some((c) => c.name === name)),
      ).toEqual([])
      // and the commands above wrote each listed collection: none is listed by mistake
      expect(written.size).toBe(Segmentation.collections.length)
    }).pipe(Effect.provide(live(written)))
  })

  it.effect(
    "ARC-4 a customer's transactions, results and tier changes are found through the customer index, and no one else's",
    () =>
      Effect.gen(function* () {
        const tenant = freshTenant()
        yield* twoYears(tenant)

        // as an erasure asks: the results whose customer index is Ada's, one per period
        const store = yield* Store.Store
        const results = yield* store.query(tenant, {
          collection: "segmentation-results",
          where: { customerId: "ada" },
        })
        expect(results.documents.map((document) => document.id).sort()).toEqual([
          "2023-01-01_2024-01-01_Europe/Berlin|ada",
          "2024-01-01_2025-01-01_Europe/Berlin|ada",
        ])
        expect(yield* subjectCoverageProblems(tenant, Segmentation.collections, customers)).toEqual(
          [],
        )
      }).pipe(Effect.provide(live(new Set()))),
  )
})
