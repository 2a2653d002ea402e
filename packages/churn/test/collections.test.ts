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

/** The subject each collection was decided to have (`null`: it holds no customer's data). */
const subjectsOf = (collections: ReadonlyArray<Collection.AnyCollection>) =>
  Object.fromEntries(collections.map((collection) => [collection.name, collection.subject ?? null]))

const live = (written: Set<string>) =>
  Churn.layer.pipe(Layer.provideMerge(recordingWrites(MemoryStore.layer, written)))

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
    expect(subjectProblems(Churn.collections)).toEqual([])
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
      expect(
        [...written].filter((name) => !Churn.collections.some((c) => c.name === name)),
      ).toEqual([])
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
        expect(
          yield* subjectCoverageProblems(tenant, Churn.collections, ["cus-ada", "cus-bob"]),
        ).toEqual([])
      }).pipe(Effect.provide(live(new Set()))),
  )
})
