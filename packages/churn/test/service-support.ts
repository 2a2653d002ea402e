// The Churn service's shared suite: one function taking a store layer, run by each
// driver in one line (the memory store and SQLite in `Churn.test.ts`, PostgreSQL in
// `Churn.integration.test.ts`). Every test gets a fresh store and a tenant of its
// own, so a shared server stays clean between tests. Stored documents are read back
// with the store's own `scan`, around the service, to prove what was (and was not)
// written; expected answers come from the pure modules, never typed in.
import { randomUUID } from "node:crypto"
import { Errors, Ids, Money } from "@clientele/core"
import type { Store, StoreError } from "@clientele/store"
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
import * as Churn from "../src/Churn.js"
import * as ChurnCase from "../src/ChurnCase.js"
import * as Detection from "../src/Detection.js"
import * as Lesson from "../src/Lesson.js"
import * as Reports from "../src/Reports.js"
import type * as Summary from "../src/Summary.js"

// --- fixtures ---------------------------------------------------------------------

export const DAY = 86_400_000
/** Monday 3 June 2024, 09:00 UTC: the day the monthly detection runs. */
export const NOW = Date.UTC(2024, 5, 3, 9)
export const lead = "lead-1"
export const rep = "rep-3"

/** A fresh tenant per test: tests may share a database server. */
export const freshTenant = () => Ids.TenantId.make(`chn-${randomUUID()}`)

/** The retail policy, version 1: every threshold at its default. */
export const policyV1: Detection.PolicyInput = { id: "retail", version: 1 }
/** Version 2: at risk below P(alive) 0.8 (stricter on the model). */
export const policyV2: Detection.PolicyInput = {
  id: "retail",
  version: 2,
  model: { atRiskBelow: 0.8 },
}

export const runOf = (runId: string, version = 1): Churn.RunInputEncoded => ({
  runId,
  policy: { id: "retail", version },
})

interface Row {
  readonly id: string
  readonly x: number
  readonly tx: number
  readonly T: number
  readonly p: number
  readonly e: number
}

/**
 * Four customers, in days: a loyal one (active), a fading one (at risk by the model
 * and by 260 days of silence), a one-time buyer gone 400 days (churned by
 * inactivity), and a rare buyer with nothing expected in the horizon (churned by the
 * model).
 */
export const rows: ReadonlyArray<Row> = [
  { id: "cus-loyal", x: 12, tx: 350, T: 360, p: 0.97, e: 2.4 },
  { id: "cus-fading", x: 3, tx: 100, T: 360, p: 0.35, e: 0.3 },
  { id: "cus-gone", x: 0, tx: 0, T: 400, p: 1, e: 0.1 },
  { id: "cus-rare", x: 2, tx: 200, T: 250, p: 0.9, e: 0.01 },
]

export const customerBase = (
  from: ReadonlyArray<Row> = rows,
  timeUnit: Summary.TimeUnit = "days",
): Detection.DetectionInput => ({
  timeUnit,
  customerIds: from.map((r) => r.id),
  frequency: Float64Array.from(from, (r) => r.x),
  recency: Float64Array.from(from, (r) => r.tx),
  age: Float64Array.from(from, (r) => r.T),
  pAlive: Float64Array.from(from, (r) => r.p),
  expectedPurchases: Float64Array.from(from, (r) => r.e),
})

export const eur = (amount: number) => ({ amount, currency: "EUR" })

/** What a customer who went to a competitor told us. */
export const toCompetitor = (
  cause: ChurnCase.Cause,
  competitor = "Bargain Depot",
): ChurnCase.FindingsInput => ({
  destination: { _tag: "Competitor", competitor, channel: "online shop" },
  attractions: ["lower-price"],
  comparison: { price: { score: 2 }, product: { score: 0 }, service: { score: -1 } },
  cause,
  statement: "Nobody called me back about the broken delivery.",
})

const collections = [
  "churn-policies",
  "churn-runs",
  "churn-candidates",
  "churn-cases",
  "churn-active-cases",
  "churn-request-keys",
  "churn-lessons",
  "churn-improvements",
] as const

/** Every document the service stored for a tenant, read around the service. */
export const storedDocuments = (
  tenant: Ids.TenantId,
): Effect.Effect<
  Record<string, ReadonlyArray<Store.StoredDocument>>,
  StoreError.StoreError,
  Store.Store
> => storedDocumentsOf(tenant, collections)

/** The lesson of the delivery cases, routed to process. */
const callBackLesson = (caseIds: readonly [string, ...Array<string>]) =>
  ({
    title: "Call back within a day after a failed delivery",
    description: "The customer left after waiting a week for a call.",
    rootCause: "late-delivery",
    caseIds,
    routes: [{ department: "process", owner: "ops-2" }],
    by: lead,
  }) satisfies Churn.AddLessonInputEncoded

/** The call-back improvement, tracked by pm-4. */
const callBackImprovement = {
  department: "process",
  tracker: "pm-4",
  priority: "high",
} satisfies Churn.StartImprovementInput

/** Idempotency keys refused before anything is read: empty, over 200 characters, a control character. */
const badKeys = ["", "k".repeat(201), "crm\n1"] as const

const pathsOf = (error: unknown) =>
  (error as Errors.ValidationError).issues.map((issue) => issue.path.join("."))

// --- the suite --------------------------------------------------------------------

/**
 * The service over one store: `makeStore` gives a fresh store layer for each test.
 */
export const serviceSuite = (name: string, makeStore: () => Layer.Layer<Store.Store, unknown>) => {
  const live = (store: Layer.Layer<Store.Store, unknown> = makeStore()) =>
    Churn.layer.pipe(Layer.provideMerge(store))

  /** Saves version 1 and records run `run-1` over the four customers, at NOW. */
  const detected = (tenant: Ids.TenantId) =>
    Effect.gen(function* () {
      const service = yield* Churn.Churn
      yield* TestClock.setTime(NOW)
      yield* service.savePolicy(tenant, policyV1)
      return yield* service.recordRun(tenant, runOf("run-1"), customerBase())
    })

  /** A case opened for the fading customer from run-1, investigated with `cause`. */
  const investigatedCase = (tenant: Ids.TenantId, cause: ChurnCase.Cause, lostValue = 48_000) =>
    Effect.gen(function* () {
      const service = yield* Churn.Churn
      yield* detected(tenant)
      const opened = yield* service.openCase(tenant, {
        customerId: "cus-fading",
        runId: "run-1",
        lostValue: eur(lostValue),
        by: lead,
      })
      yield* TestClock.adjust("1 day")
      return yield* service.investigate(tenant, opened.id, toCompetitor(cause), lead)
    })

  describe(`Churn service on ${name}`, () => {
    it.effect(
      "CHN-1 a saved detection policy version never changes: other content conflicts, the same content is idempotent, bad input is refused",
      () =>
        Effect.gen(function* () {
          const tenant = freshTenant()
          const service = yield* Churn.Churn
          const saved = yield* service.savePolicy(tenant, policyV1)
          expect(saved).toEqual(Detection.make(policyV1))
          const before = yield* storedDocuments(tenant)

          const conflict = yield* Effect.flip(
            service.savePolicy(tenant, { ...policyV1, model: { atRiskBelow: 0.6 } }),
          )
          expect(conflict).toBeInstanceOf(Churn.PolicyVersionConflictError)
          expect(conflict).toMatchObject({ id: "retail", version: 1 })
          expect(conflict.message).toContain("CHN-1")
          // the same content, in full (defaults written out) and in another key order
          const encoded = Schema.encodeSync(Detection.DetectionPolicy)(saved)
          const reordered = Object.fromEntries(
            Object.entries(encoded).reverse(),
          ) as unknown as Detection.PolicyInput
          expect(yield* service.savePolicy(tenant, reordered)).toEqual(saved)
          expect(yield* service.savePolicy(tenant, policyV1)).toEqual(saved)
          const invalid = yield* Effect.flip(
            service.savePolicy(tenant, {
              id: "retail",
              version: 3,
              model: { atRiskBelow: 0.1, churnedBelow: 0.3 },
            }),
          )
          expect(invalid._tag).toBe("ValidationError")
          expect(pathsOf(invalid)).toEqual(["model.churnedBelow"])
          expect(yield* storedDocuments(tenant)).toEqual(before)
          expect(yield* service.getPolicy(tenant, { id: "retail", version: 1 })).toEqual(saved)
          const missing = yield* Effect.flip(
            service.getPolicy(tenant, { id: "retail", version: 9 }),
          )
          expect(missing).toMatchObject({ _tag: "NotFoundError", id: "retail v9" })
        }).pipe(Effect.provide(live())),
    )

    it.effect(
      "CHN-1 a detection run stores the pure detection's candidates with the policy version, readable by status",
      () =>
        Effect.gen(function* () {
          const tenant = freshTenant()
          const service = yield* Churn.Churn
          const run = yield* detected(tenant)
          const pure = Either.getOrThrow(Detection.detect(Detection.make(policyV1), customerBase()))
          expect(run).toEqual({
            id: "run-1",
            policy: { id: "retail", version: 1 },
            timeUnit: "days",
            summary: pure.summary,
            recordedAt: NOW,
          })
          expect(yield* service.getRun(tenant, "run-1")).toEqual(run)
          const stored = yield* service.candidates(tenant, "run-1")
          expect(stored.map(({ runId: _, row: __, ...candidate }) => candidate)).toEqual(
            pure.candidates,
          )
          expect(stored.map((c) => [c.customerId, c.status])).toEqual([
            ["cus-fading", "atRisk"],
            ["cus-gone", "churned"],
            ["cus-rare", "churned"],
          ])
          const churned = yield* service.candidates(tenant, "run-1", { status: "churned" })
          expect(churned.map((c) => c.customerId)).toEqual(["cus-gone", "cus-rare"])
          // another tenant sees neither the policy nor the run
          const elsewhere = freshTenant()
          expect((yield* Effect.flip(service.getRun(elsewhere, "run-1")))._tag).toBe(
            "NotFoundError",
          )
          expect(yield* service.candidates(elsewhere, "run-1")).toEqual([])
        }).pipe(Effect.provide(live())),
    )

    it.effect(
      "CHN-1 recording a run id again returns the stored run and writes nothing; another policy version under it is a RunConflictError",
      () =>
        Effect.gen(function* () {
          const tenant = freshTenant()
          const service = yield* Churn.Churn
          const first = yield* detected(tenant)
          yield* service.savePolicy(tenant, policyV2)
          const after = yield* storedDocuments(tenant)
          yield* TestClock.adjust("1 hour")
          expect(yield* service.recordRun(tenant, runOf("run-1"), customerBase())).toEqual(first)
          expect(yield* storedDocuments(tenant)).toEqual(after)
          const conflict = yield* Effect.flip(
            service.recordRun(tenant, runOf("run-1", 2), customerBase()),
          )
          expect(conflict).toBeInstanceOf(Churn.RunConflictError)
          expect(conflict).toMatchObject({ runId: "run-1" })
          const changedBase = yield* Effect.flip(
            service.recordRun(tenant, runOf("run-1"), customerBase(rows.slice(0, 2))),
          )
          expect(changedBase._tag).toBe("RunConflictError")
          expect(yield* storedDocuments(tenant)).toEqual(after)
          // the stricter version is recorded under a new run id, as the pure detection decides
          const second = yield* service.recordRun(tenant, runOf("run-2", 2), customerBase())
          expect(second.policy.version).toBe(2)
          expect(second.summary).toEqual(
            Either.getOrThrow(Detection.detect(Detection.make(policyV2), customerBase())).summary,
          )
        }).pipe(Effect.provide(live())),
    )

    it.effect(
      "CHN-1 a run naming an unsaved policy, with bad columns or with a customer twice is refused and nothing is stored",
      () =>
        Effect.gen(function* () {
          const tenant = freshTenant()
          const service = yield* Churn.Churn
          yield* service.savePolicy(tenant, policyV1)
          const before = yield* storedDocuments(tenant)
          const unsaved = yield* Effect.flip(
            service.recordRun(tenant, runOf("run-1", 7), customerBase()),
          )
          expect(unsaved).toMatchObject({
            _tag: "NotFoundError",
            entity: "detection policy",
            id: "retail v7",
          })
          const badColumn = yield* Effect.flip(
            service.recordRun(tenant, runOf("run-1"), {
              ...customerBase(),
              pAlive: Float64Array.of(0.5, 1.5, 0.2, 0.1),
            }),
          )
          expect(pathsOf(badColumn)).toEqual(["pAlive.1"])
          const twice = yield* Effect.flip(
            service.recordRun(
              tenant,
              runOf("run-1"),
              customerBase([rows[1] as Row, { ...(rows[2] as Row), id: "cus-fading" }]),
            ),
          )
          expect(twice._tag).toBe("ValidationError")
          expect((twice as Errors.ValidationError).message).toContain("cus-fading")
          const badRun = yield* Effect.flip(
            service.recordRun(
              tenant,
              { runId: "", policy: { id: "retail", version: 1 } },
              customerBase(),
            ),
          )
          expect(pathsOf(badRun)).toEqual(["runId"])
          expect(yield* storedDocuments(tenant)).toEqual(before)
        }).pipe(Effect.provide(live())),
    )

    it.effect(
      "CHN-2 a case opened from a candidate records the run and its signals, and the candidate records the case",
      () =>
        Effect.gen(function* () {
          const tenant = freshTenant()
          const service = yield* Churn.Churn
          yield* detected(tenant)
          const opened = yield* service.openCase(tenant, {
            customerId: "cus-fading",
            runId: "run-1",
            lostValue: eur(48_000),
            by: lead,
          })
          expect(opened).toMatchObject({
            customerId: "cus-fading",
            status: "open",
            lostValue: Money.make(48_000, "EUR"),
            origin: {
              _tag: "Detected",
              runId: "run-1",
              policy: { id: "retail", version: 1 },
              status: "atRisk",
              signals: ["model", "inactivity"],
            },
            openedAt: NOW,
            openedBy: lead,
          })
          expect(yield* service.getCase(tenant, opened.id)).toEqual(opened)
          const candidate = (yield* service.candidates(tenant, "run-1")).find(
            (c) => c.customerId === "cus-fading",
          )
          expect(candidate?.caseId).toBe(opened.id)
          const notFlagged = yield* Effect.flip(
            service.openCase(tenant, { customerId: "cus-loyal", runId: "run-1", by: lead }),
          )
          expect(notFlagged).toMatchObject({
            _tag: "NotFoundError",
            entity: "churn candidate",
            id: "run-1/cus-loyal",
          })
        }).pipe(Effect.provide(live())),
    )

    it.effect(
      "CHN-2 a customer has one case open at a time: a second is refused until the first is closed",
      () =>
        Effect.gen(function* () {
          const tenant = freshTenant()
          const service = yield* Churn.Churn
          yield* TestClock.setTime(NOW)
          const first = yield* service.openCase(tenant, {
            customerId: "cus-7",
            reason: "Cancelled the standing order by phone.",
            by: lead,
          })
          expect(first.origin).toEqual({
            _tag: "Manual",
            reason: "Cancelled the standing order by phone.",
          })
          const before = yield* storedDocuments(tenant)
          const second = yield* Effect.flip(
            service.openCase(tenant, { customerId: "cus-7", by: rep }),
          )
          expect(second).toBeInstanceOf(Churn.CaseAlreadyOpenError)
          expect(second).toMatchObject({ customerId: "cus-7", caseId: first.id })
          expect(yield* storedDocuments(tenant)).toEqual(before)
          yield* TestClock.adjust("1 day")
          yield* service.recordOutcome(tenant, first.id, { result: "lost" }, lead)
          const third = yield* service.openCase(tenant, { customerId: "cus-7", by: rep })
          expect(third.id).not.toBe(first.id)
          expect((yield* service.cases(tenant, { customerId: "cus-7" })).map((c) => c.id)).toEqual([
            first.id,
            third.id,
          ])
        }).pipe(Effect.provide(live())),
    )

    it.effect("CHN-2 concurrent openings for one customer open exactly one case", () =>
      Effect.gen(function* () {
        const tenant = freshTenant()
        const service = yield* Churn.Churn
        yield* TestClock.setTime(NOW)
        const results = yield* Effect.all(
          [1, 2, 3].map((n) =>
            Effect.either(service.openCase(tenant, { customerId: "cus-9", by: `s${n}` })),
          ),
          { concurrency: "unbounded" },
        )
        const opened = results.filter(Either.isRight)
        expect(opened).toHaveLength(1)
        for (const refused of results.filter(Either.isLeft))
          expect(refused.left._tag).toBe("CaseAlreadyOpenError")
        expect(yield* service.cases(tenant)).toHaveLength(1)
      }).pipe(Effect.provide(live())),
    )

    it.effect(
      "CHN-2 the same idempotency key returns the stored case, never a second one; another request under it is refused",
      () =>
        Effect.gen(function* () {
          const tenant = freshTenant()
          const service = yield* Churn.Churn
          yield* detected(tenant)
          const request = { customerId: "cus-gone", runId: "run-1", by: lead }
          const first = yield* service.openCase(tenant, request, { idempotencyKey: "crm-1" })
          const after = yield* storedDocuments(tenant)
          yield* TestClock.adjust("1 hour")
          expect(yield* service.openCase(tenant, request, { idempotencyKey: "crm-1" })).toEqual(
            first,
          )
          expect(yield* storedDocuments(tenant)).toEqual(after)
          const reused = yield* Effect.flip(
            service.openCase(
              tenant,
              { customerId: "cus-rare", runId: "run-1", by: lead },
              { idempotencyKey: "crm-1" },
            ),
          )
          expect(reused).toBeInstanceOf(Churn.IdempotencyKeyConflictError)
          expect(reused).toMatchObject({ key: "crm-1", entity: "churn case", id: first.id })
          expect(reused.message).toContain(first.id)
          expect(yield* storedDocuments(tenant)).toEqual(after)
          // a retry still finds its case once the case has moved on
          const moved = yield* service.investigate(tenant, first.id, toCompetitor("product"), lead)
          expect(yield* service.openCase(tenant, request, { idempotencyKey: "crm-1" })).toEqual(
            moved,
          )
        }).pipe(Effect.provide(live())),
    )

    it.effect(
      "CHN-3 the findings are stored with the cause, read back by status, and invisible to another tenant",
      () =>
        Effect.gen(function* () {
          const tenant = freshTenant()
          const service = yield* Churn.Churn
          const investigated = yield* investigatedCase(tenant, "both")
          expect(investigated.status).toBe("investigated")
          expect(investigated.investigation).toMatchObject({
            destination: { _tag: "Competitor", competitor: "Bargain Depot" },
            attractions: ["lower-price"],
            cause: "both",
            at: NOW + DAY,
            by: lead,
          })
          expect(yield* service.getCase(tenant, investigated.id)).toEqual(investigated)
          expect(
            (yield* service.cases(tenant, { status: "investigated" })).map((c) => c.id),
          ).toEqual([investigated.id])
          expect(yield* service.cases(tenant, { status: "open" })).toEqual([])
          const elsewhere = freshTenant()
          expect((yield* Effect.flip(service.getCase(elsewhere, investigated.id)))._tag).toBe(
            "NotFoundError",
          )
          expect(
            (yield* Effect.flip(
              service.investigate(elsewhere, investigated.id, toCompetitor("service"), lead),
            ))._tag,
          ).toBe("NotFoundError")
        }).pipe(Effect.provide(live())),
    )

    it.effect(
      "CHN-4 a recoverable customer gets the owner best placed to win them back and is found by owner; a service cause is not closed without the decision",
      () =>
        Effect.gen(function* () {
          const tenant = freshTenant()
          const service = yield* Churn.Churn
          const investigated = yield* investigatedCase(tenant, "service")
          const before = yield* storedDocuments(tenant)
          const undecided = yield* Effect.flip(
            service.recordOutcome(tenant, investigated.id, { result: "lost" }, lead),
          )
          expect(pathsOf(undecided)).toEqual(["recovery"])
          expect((undecided as Errors.ValidationError).message).toContain("CHN-4")
          const ownerless = yield* Effect.flip(
            service.decideRecovery(tenant, investigated.id, { recoverable: true }, lead),
          )
          expect(pathsOf(ownerless)).toEqual(["owner"])
          expect(yield* storedDocuments(tenant)).toEqual(before)

          yield* TestClock.adjust("1 day")
          const recovering = yield* service.decideRecovery(
            tenant,
            investigated.id,
            { recoverable: true, owner: rep },
            lead,
          )
          expect(recovering.status).toBe("recovering")
          expect(recovering.recovery).toMatchObject({ recoverable: true, owner: rep })
          expect((yield* service.cases(tenant, { owner: rep })).map((c) => c.id)).toEqual([
            investigated.id,
          ])
          yield* TestClock.adjust("7 days")
          const won = yield* service.recordOutcome(
            tenant,
            investigated.id,
            { result: "wonBack", note: "Ordered again after the visit." },
            rep,
          )
          expect(won).toMatchObject({
            status: "wonBack",
            outcome: { result: "wonBack", by: rep, at: NOW + 9 * DAY },
          })
          // closed: the customer is free for a new case, and the closed case takes no change
          expect((yield* storedDocuments(tenant))["churn-active-cases"]).toEqual([])
          const again = yield* Effect.flip(
            service.decideRecovery(
              tenant,
              investigated.id,
              { recoverable: true, owner: rep },
              lead,
            ),
          )
          expect(again).toBeInstanceOf(Errors.InvalidTransitionError)
        }).pipe(Effect.provide(live())),
    )

    it.effect(
      "CHN-5 a product cause is closed only after deciding whether and where the product can be improved",
      () =>
        Effect.gen(function* () {
          const tenant = freshTenant()
          const service = yield* Churn.Churn
          const investigated = yield* investigatedCase(tenant, "product")
          const undecided = yield* Effect.flip(
            service.recordOutcome(tenant, investigated.id, { result: "lost" }, lead),
          )
          expect(pathsOf(undecided)).toEqual(["improvability"])
          const noArea = yield* Effect.flip(
            service.decideImprovability(tenant, investigated.id, { improvable: true }, lead),
          )
          expect(pathsOf(noArea)).toEqual(["area", "description"])
          const decided = yield* service.decideImprovability(
            tenant,
            investigated.id,
            {
              improvable: true,
              area: "durability",
              description: "The hinge breaks within a year; use a steel pin.",
              productId: "cabinet-2",
            },
            "design-1",
          )
          expect(decided.improvability).toMatchObject({ improvable: true, area: "durability" })
          const lost = yield* service.recordOutcome(
            tenant,
            investigated.id,
            { result: "lost" },
            lead,
          )
          expect(lost.status).toBe("lost")
          expect(lost.history.map((s) => s.action)).toEqual([
            "opened",
            "investigated",
            "improvabilityDecided",
            "closed",
          ])
        }).pipe(Effect.provide(live())),
    )

    it.effect(
      "CHN-4 concurrent changes to one case are both applied, one after the other, by compare-and-set",
      () =>
        Effect.gen(function* () {
          const tenant = freshTenant()
          const service = yield* Churn.Churn
          const investigated = yield* investigatedCase(tenant, "both")
          yield* Effect.all(
            [
              service.decideRecovery(tenant, investigated.id, { recoverable: false }, lead),
              service.decideImprovability(tenant, investigated.id, { improvable: false }, "d-1"),
            ],
            { concurrency: 2 },
          )
          const stored = yield* service.getCase(tenant, investigated.id)
          expect(stored.recovery?.recoverable).toBe(false)
          expect(stored.improvability?.improvable).toBe(false)
          expect(stored.history).toHaveLength(4)
          expect(ChurnCase.missingDecisions(stored)).toEqual([])
        }).pipe(Effect.provide(live())),
    )

    it.effect(
      "CHN-6 lessons from investigated cases are routed to departments with owners and tabulated",
      () =>
        Effect.gen(function* () {
          const tenant = freshTenant()
          const service = yield* Churn.Churn
          const investigated = yield* investigatedCase(tenant, "service")
          const lesson = yield* service.addLesson(tenant, {
            title: "Call back within a day after a failed delivery",
            description: "The customer left after waiting a week for a call.",
            rootCause: "late-delivery",
            caseIds: [investigated.id],
            routes: [
              { department: "process", owner: "ops-2" },
              { department: "sales", owner: "s-5" },
            ],
            by: lead,
          })
          expect(lesson.routes.map((r) => [r.department, r.owner])).toEqual([
            ["sales", "s-5"],
            ["process", "ops-2"],
          ])
          yield* TestClock.adjust("1 day")
          const rerouted = yield* service.routeLesson(
            tenant,
            lesson.id,
            { department: "quality", owner: "qa-1" },
            lead,
          )
          expect(rerouted.routes.map((r) => r.department)).toEqual(["sales", "process", "quality"])
          expect(yield* service.getLesson(tenant, lesson.id)).toEqual(rerouted)
          expect(yield* service.lessonTable(tenant)).toEqual(Lesson.tabulate([rerouted]))
          expect(
            (yield* service.lessons(tenant, { department: "quality" })).map((l) => l.id),
          ).toEqual([lesson.id])
          expect(yield* service.lessons(tenant, { department: "design" })).toEqual([])
          const ownerless = yield* Effect.flip(
            service.routeLesson(
              tenant,
              lesson.id,
              { department: "design" } as Lesson.RouteInputEncoded,
              lead,
            ),
          )
          expect((ownerless as Errors.ValidationError).message).toContain("CHN-6")
        }).pipe(Effect.provide(live())),
    )

    it.effect(
      "CHN-6 a lesson from a case not yet investigated, or from an unknown case, is refused and nothing is stored",
      () =>
        Effect.gen(function* () {
          const tenant = freshTenant()
          const service = yield* Churn.Churn
          yield* TestClock.setTime(NOW)
          const open = yield* service.openCase(tenant, { customerId: "cus-7", by: lead })
          const before = yield* storedDocuments(tenant)
          const lessonOf = (caseIds: readonly [string, ...Array<string>]) =>
            service.addLesson(tenant, {
              title: "t",
              description: "d",
              rootCause: "r",
              caseIds,
              by: lead,
            })
          const uninvestigated = yield* Effect.flip(lessonOf([open.id]))
          expect(pathsOf(uninvestigated)).toEqual(["caseIds.0"])
          expect((uninvestigated as Errors.ValidationError).message).toContain("CHN-6")
          const unknown = yield* Effect.flip(lessonOf(["chn-404"]))
          expect(unknown).toMatchObject({ _tag: "NotFoundError", id: "chn-404" })
          expect(yield* storedDocuments(tenant)).toEqual(before)
        }).pipe(Effect.provide(live())),
    )

    it.effect(
      "CHN-7 an improvement from a lesson is tracked by a named person through progress to completion with its result",
      () =>
        Effect.gen(function* () {
          const tenant = freshTenant()
          const service = yield* Churn.Churn
          const investigated = yield* investigatedCase(tenant, "service")
          const lesson = yield* service.addLesson(tenant, {
            title: "Call back within a day after a failed delivery",
            description: "The customer left after waiting a week for a call.",
            rootCause: "late-delivery",
            caseIds: [investigated.id],
            routes: [{ department: "process", owner: "ops-2" }],
            by: lead,
          })
          const trackerless = yield* Effect.flip(
            service.startImprovement(
              tenant,
              lesson.id,
              { department: "process", priority: "high" } as Churn.StartImprovementInput,
              lead,
            ),
          )
          expect(pathsOf(trackerless)).toEqual(["tracker"])
          const started = yield* service.startImprovement(
            tenant,
            lesson.id,
            { department: "process", tracker: "pm-4", priority: "high", dueAt: NOW + 60 * DAY },
            lead,
          )
          expect(started.improvement).toMatchObject({
            source: "churn",
            owner: "ops-2",
            status: "proposed",
            rootCause: "late-delivery",
          })
          const id = started.improvement.id
          yield* TestClock.adjust("1 day")
          yield* service.advanceImprovement(tenant, id, "planned", "pm-4")
          yield* service.advanceImprovement(tenant, id, "inProgress", "pm-4")
          yield* TestClock.adjust("10 days")
          const noted = yield* service.recordProgress(
            tenant,
            id,
            { percent: 60, note: "Call-back script live in two stores." },
            "pm-4",
          )
          expect(noted.progress.map((p) => p.percent)).toEqual([60])
          const handed = yield* service.assignTracker(tenant, id, "pm-5", lead)
          expect(handed.tracker).toBe("pm-5")
          const before = yield* storedDocuments(tenant)
          const resultless = yield* Effect.flip(service.completeImprovement(tenant, id, {}, "pm-5"))
          expect(pathsOf(resultless)).toEqual(["result"])
          expect((resultless as Errors.ValidationError).message).toContain("CHN-7")
          expect(yield* storedDocuments(tenant)).toEqual(before)
          yield* TestClock.adjust("10 days")
          const done = yield* service.completeImprovement(
            tenant,
            id,
            { result: "Call-backs within a day in every store since July." },
            "pm-5",
          )
          expect(done.improvement.status).toBe("done")
          expect(done.result).toMatchObject({ by: "pm-5", at: NOW + 22 * DAY })
          expect(yield* service.getImprovement(tenant, id)).toEqual(done)
          expect(
            (yield* service.improvements(tenant, { lessonId: lesson.id })).map(
              (t) => t.improvement.id,
            ),
          ).toEqual([id])
          expect(yield* service.improvements(tenant, { status: "inProgress" })).toEqual([])
          expect((yield* service.improvements(tenant, { tracker: "pm-5" })).length).toBe(1)
          const after = yield* Effect.flip(
            service.recordProgress(tenant, id, { percent: 100, note: "more" }, "pm-5"),
          )
          expect(after._tag).toBe("InvalidTransitionError")
        }).pipe(Effect.provide(live())),
    )

    it.effect(
      "CHN-6 a lesson retried with the same idempotency key and request returns the first lesson and stores one",
      () =>
        Effect.gen(function* () {
          const tenant = freshTenant()
          const service = yield* Churn.Churn
          const investigated = yield* investigatedCase(tenant, "service")
          const input = callBackLesson([investigated.id])
          const first = yield* service.addLesson(tenant, input, { idempotencyKey: "retro-1" })
          const after = yield* storedDocuments(tenant)
          expect(after["churn-request-keys"]).toHaveLength(1)
          expect(after["churn-request-keys"]?.[0]?.body).toMatchObject({
            command: "addLesson",
            key: "retro-1",
            id: first.id,
          })
          yield* TestClock.adjust("1 hour")
          expect(yield* service.addLesson(tenant, input, { idempotencyKey: "retro-1" })).toEqual(
            first,
          )
          // the same request with its fields in another order, and its default routes written out
          const reordered = Object.fromEntries(
            Object.entries(input).reverse(),
          ) as unknown as Churn.AddLessonInputEncoded
          expect(
            yield* service.addLesson(tenant, reordered, { idempotencyKey: "retro-1" }),
          ).toEqual(first)
          expect(yield* storedDocuments(tenant)).toEqual(after)
          expect((yield* service.lessons(tenant)).map((lesson) => lesson.id)).toEqual([first.id])
          // a retry still finds its lesson once the lesson has been routed further
          const rerouted = yield* service.routeLesson(
            tenant,
            first.id,
            { department: "quality", owner: "qa-1" },
            lead,
          )
          expect(yield* service.addLesson(tenant, input, { idempotencyKey: "retro-1" })).toEqual(
            rerouted,
          )
          // without a key, the same request is a second lesson
          const unkeyed = yield* service.addLesson(tenant, input)
          expect(unkeyed.id).not.toBe(first.id)
          expect(yield* service.lessons(tenant)).toHaveLength(2)
        }).pipe(Effect.provide(live())),
    )

    it.effect(
      "CHN-6 the same idempotency key with a different lesson request is an IdempotencyKeyConflictError naming the first lesson, and writes nothing",
      () =>
        Effect.gen(function* () {
          const tenant = freshTenant()
          const service = yield* Churn.Churn
          const investigated = yield* investigatedCase(tenant, "service")
          const input = callBackLesson([investigated.id])
          const first = yield* service.addLesson(tenant, input, { idempotencyKey: "retro-1" })
          const before = yield* storedDocuments(tenant)
          for (const other of [
            { ...input, title: "Call back within two hours" },
            { ...input, routes: [] },
            { ...input, by: "lead-2" },
          ]) {
            const conflict = yield* Effect.flip(
              service.addLesson(tenant, other, { idempotencyKey: "retro-1" }),
            )
            expect(conflict).toBeInstanceOf(Churn.IdempotencyKeyConflictError)
            expect(conflict).toMatchObject({ key: "retro-1", entity: "lesson", id: first.id })
            expect(conflict.message).toContain(first.id)
          }
          expect(yield* storedDocuments(tenant)).toEqual(before)
          expect(yield* service.lessons(tenant)).toEqual([first])
        }).pipe(Effect.provide(live())),
    )

    it.effect(
      "CHN-6 concurrent lesson requests under one idempotency key record one lesson and all return it",
      () =>
        Effect.gen(function* () {
          const tenant = freshTenant()
          const service = yield* Churn.Churn
          const investigated = yield* investigatedCase(tenant, "service")
          const input = callBackLesson([investigated.id])
          const results = yield* Effect.all(
            [1, 2, 3].map(() => service.addLesson(tenant, input, { idempotencyKey: "retro-9" })),
            { concurrency: "unbounded" },
          )
          const stored = yield* service.lessons(tenant)
          expect(stored).toHaveLength(1)
          for (const lesson of results) expect(lesson).toEqual(stored[0])
          expect((yield* storedDocuments(tenant))["churn-request-keys"]).toHaveLength(1)
        }).pipe(Effect.provide(live())),
    )

    it.effect(
      "CHN-6 a bad idempotency key for a lesson is a ValidationError naming idempotencyKey and writes nothing; 200 characters are accepted",
      () =>
        Effect.gen(function* () {
          const tenant = freshTenant()
          const service = yield* Churn.Churn
          const investigated = yield* investigatedCase(tenant, "service")
          const input = callBackLesson([investigated.id])
          const before = yield* storedDocuments(tenant)
          for (const idempotencyKey of badKeys) {
            const error = yield* Effect.flip(service.addLesson(tenant, input, { idempotencyKey }))
            expect(error._tag).toBe("ValidationError")
            expect(pathsOf(error)).toEqual(["idempotencyKey"])
          }
          expect(yield* storedDocuments(tenant)).toEqual(before)
          const longest = "k".repeat(200)
          const lesson = yield* service.addLesson(tenant, input, { idempotencyKey: longest })
          expect(yield* service.addLesson(tenant, input, { idempotencyKey: longest })).toEqual(
            lesson,
          )
        }).pipe(Effect.provide(live())),
    )

    it.effect(
      "CHN-7 an improvement retried with the same idempotency key, lesson, input and person returns the first improvement and stores one",
      () =>
        Effect.gen(function* () {
          const tenant = freshTenant()
          const service = yield* Churn.Churn
          const investigated = yield* investigatedCase(tenant, "service")
          const lesson = yield* service.addLesson(tenant, callBackLesson([investigated.id]))
          const start = () =>
            service.startImprovement(tenant, lesson.id, callBackImprovement, lead, {
              idempotencyKey: "plan-1",
            })
          const first = yield* start()
          const after = yield* storedDocuments(tenant)
          expect(after["churn-request-keys"]).toHaveLength(1)
          expect(after["churn-request-keys"]?.[0]?.body).toMatchObject({
            command: "startImprovement",
            key: "plan-1",
            id: first.improvement.id,
          })
          yield* TestClock.adjust("1 hour")
          expect(yield* start()).toEqual(first)
          expect(yield* storedDocuments(tenant)).toEqual(after)
          expect(
            (yield* service.improvements(tenant, { lessonId: lesson.id })).map(
              (tracked) => tracked.improvement.id,
            ),
          ).toEqual([first.improvement.id])
          // a retry still finds its improvement once it has moved on
          const planned = yield* service.advanceImprovement(
            tenant,
            first.improvement.id,
            "planned",
            "pm-4",
          )
          expect(yield* start()).toEqual(planned)
          expect(yield* service.improvements(tenant)).toHaveLength(1)
        }).pipe(Effect.provide(live())),
    )

    it.effect(
      "CHN-7 the same idempotency key for another lesson, another input or another person is an IdempotencyKeyConflictError naming the first improvement, and writes nothing",
      () =>
        Effect.gen(function* () {
          const tenant = freshTenant()
          const service = yield* Churn.Churn
          const investigated = yield* investigatedCase(tenant, "service")
          const lesson = yield* service.addLesson(tenant, callBackLesson([investigated.id]))
          const another = yield* service.addLesson(tenant, {
            ...callBackLesson([investigated.id]),
            title: "Confirm every delivery slot by text",
          })
          const options = { idempotencyKey: "plan-1" }
          const first = yield* service.startImprovement(
            tenant,
            lesson.id,
            callBackImprovement,
            lead,
            options,
          )
          const before = yield* storedDocuments(tenant)
          const refused = [
            service.startImprovement(tenant, another.id, callBackImprovement, lead, options),
            service.startImprovement(
              tenant,
              lesson.id,
              { ...callBackImprovement, priority: "low" },
              lead,
              options,
            ),
            service.startImprovement(tenant, lesson.id, callBackImprovement, "lead-2", options),
          ]
          for (const command of refused) {
            const conflict = yield* Effect.flip(command)
            expect(conflict).toBeInstanceOf(Churn.IdempotencyKeyConflictError)
            expect(conflict).toMatchObject({
              key: "plan-1",
              entity: "improvement",
              id: first.improvement.id,
            })
          }
          expect(yield* storedDocuments(tenant)).toEqual(before)
        }).pipe(Effect.provide(live())),
    )

    it.effect(
      "CHN-7 concurrent improvement requests under one idempotency key start one improvement and all return it",
      () =>
        Effect.gen(function* () {
          const tenant = freshTenant()
          const service = yield* Churn.Churn
          const investigated = yield* investigatedCase(tenant, "service")
          const lesson = yield* service.addLesson(tenant, callBackLesson([investigated.id]))
          const results = yield* Effect.all(
            [1, 2, 3].map(() =>
              service.startImprovement(tenant, lesson.id, callBackImprovement, lead, {
                idempotencyKey: "plan-9",
              }),
            ),
            { concurrency: "unbounded" },
          )
          const stored = yield* service.improvements(tenant)
          expect(stored).toHaveLength(1)
          for (const tracked of results) expect(tracked).toEqual(stored[0])
        }).pipe(Effect.provide(live())),
    )

    it.effect(
      "CHN-7 a bad idempotency key for an improvement is a ValidationError naming idempotencyKey and writes nothing",
      () =>
        Effect.gen(function* () {
          const tenant = freshTenant()
          const service = yield* Churn.Churn
          const investigated = yield* investigatedCase(tenant, "service")
          const lesson = yield* service.addLesson(tenant, callBackLesson([investigated.id]))
          const before = yield* storedDocuments(tenant)
          for (const idempotencyKey of badKeys) {
            const error = yield* Effect.flip(
              service.startImprovement(tenant, lesson.id, callBackImprovement, lead, {
                idempotencyKey,
              }),
            )
            expect(error._tag).toBe("ValidationError")
            expect(pathsOf(error)).toEqual(["idempotencyKey"])
          }
          expect(yield* storedDocuments(tenant)).toEqual(before)
        }).pipe(Effect.provide(live())),
    )

    it.effect(
      "CHN-6 one idempotency key string used for a case, a lesson and an improvement names three independent requests, each retried on its own",
      () =>
        Effect.gen(function* () {
          const tenant = freshTenant()
          const service = yield* Churn.Churn
          yield* detected(tenant)
          const options = { idempotencyKey: "crm-1" }
          const caseRequest = { customerId: "cus-fading", runId: "run-1", by: lead }
          const opened = yield* service.openCase(tenant, caseRequest, options)
          const investigated = yield* service.investigate(
            tenant,
            opened.id,
            toCompetitor("service"),
            lead,
          )
          const lesson = yield* service.addLesson(tenant, callBackLesson([opened.id]), options)
          const tracked = yield* service.startImprovement(
            tenant,
            lesson.id,
            callBackImprovement,
            lead,
            options,
          )
          const after = yield* storedDocuments(tenant)
          expect(after["churn-request-keys"]).toHaveLength(3)
          expect(yield* service.openCase(tenant, caseRequest, options)).toEqual(investigated)
          expect(yield* service.addLesson(tenant, callBackLesson([opened.id]), options)).toEqual(
            lesson,
          )
          expect(
            yield* service.startImprovement(tenant, lesson.id, callBackImprovement, lead, options),
          ).toEqual(tracked)
          expect(yield* storedDocuments(tenant)).toEqual(after)
          // a conflict under the key names the record of its own command
          const conflict = yield* Effect.flip(
            service.addLesson(tenant, { ...callBackLesson([opened.id]), title: "Other" }, options),
          )
          expect(conflict).toMatchObject({ key: "crm-1", entity: "lesson", id: lesson.id })
        }).pipe(Effect.provide(live())),
    )

    it.effect(
      "CHN-6 a store failure half-way through a keyed addLesson leaves neither the lesson nor its key; the retry records it once",
      () => {
        const failure: WriteFailure = { armed: false }
        return Effect.gen(function* () {
          const tenant = freshTenant()
          const service = yield* Churn.Churn
          const investigated = yield* investigatedCase(tenant, "service")
          const input = callBackLesson([investigated.id])
          const before = yield* storedDocuments(tenant)
          failure.armed = true
          const failed = yield* Effect.flip(
            service.addLesson(tenant, input, { idempotencyKey: "retro-1" }),
          )
          expect(failed).toMatchObject({ _tag: "StoreError", reason: "Unavailable" })
          expect(yield* storedDocuments(tenant)).toEqual(before)
          failure.armed = false
          const lesson = yield* service.addLesson(tenant, input, { idempotencyKey: "retro-1" })
          expect(yield* service.addLesson(tenant, input, { idempotencyKey: "retro-1" })).toEqual(
            lesson,
          )
          expect(yield* service.lessons(tenant)).toEqual([lesson])
        }).pipe(Effect.provide(live(failingHalfWay(makeStore(), failure))))
      },
    )

    it.effect(
      "CHN-7 a store failure half-way through a keyed startImprovement leaves neither the improvement nor its key; the retry starts it once",
      () => {
        const failure: WriteFailure = { armed: false }
        return Effect.gen(function* () {
          const tenant = freshTenant()
          const service = yield* Churn.Churn
          const investigated = yield* investigatedCase(tenant, "service")
          const lesson = yield* service.addLesson(tenant, callBackLesson([investigated.id]))
          const start = () =>
            service.startImprovement(tenant, lesson.id, callBackImprovement, lead, {
              idempotencyKey: "plan-1",
            })
          const before = yield* storedDocuments(tenant)
          failure.armed = true
          const failed = yield* Effect.flip(start())
          expect(failed).toMatchObject({ _tag: "StoreError", reason: "Unavailable" })
          expect(yield* storedDocuments(tenant)).toEqual(before)
          failure.armed = false
          const tracked = yield* start()
          expect(yield* start()).toEqual(tracked)
          expect(yield* service.improvements(tenant)).toEqual([tracked])
        }).pipe(Effect.provide(live(failingHalfWay(makeStore(), failure))))
      },
    )

    it.effect(
      "CHN-7 the report over the stored data is the pure report of the cases opened and the lessons recorded in the range",
      () =>
        Effect.gen(function* () {
          const tenant = freshTenant()
          const service = yield* Churn.Churn
          const won = yield* investigatedCase(tenant, "service")
          yield* service.decideRecovery(tenant, won.id, { recoverable: true, owner: rep }, lead)
          yield* service.recordOutcome(tenant, won.id, { result: "wonBack" }, rep)
          const gone = yield* service.openCase(tenant, {
            customerId: "cus-gone",
            runId: "run-1",
            lostValue: eur(9_000),
            by: lead,
          })
          yield* service.investigate(tenant, gone.id, toCompetitor("product", "Craft & Co"), lead)
          yield* service.decideImprovability(tenant, gone.id, { improvable: false }, lead)
          yield* service.recordOutcome(tenant, gone.id, { result: "lost" }, lead)
          const lesson = yield* service.addLesson(tenant, {
            title: "Call back within a day",
            description: "Waiting a week for a call lost a customer.",
            rootCause: "late-delivery",
            caseIds: [won.id, gone.id],
            routes: [{ department: "process", owner: "ops-2" }],
            by: lead,
          })
          yield* service.startImprovement(
            tenant,
            lesson.id,
            { department: "process", tracker: "pm-4", priority: "normal", dueAt: NOW + 10 * DAY },
            lead,
          )
          // outside the range: opened a year later
          yield* TestClock.setTime(NOW + 365 * DAY)
          yield* service.openCase(tenant, { customerId: "cus-late", lostValue: eur(1), by: lead })

          const range = { from: NOW - DAY, to: NOW + 30 * DAY, currency: "EUR" }
          const report = yield* service.report(tenant, range)
          const cases = (yield* service.cases(tenant)).filter(
            (c) => c.openedAt >= range.from && c.openedAt < range.to,
          )
          expect(cases).toHaveLength(2)
          const expected = Either.getOrThrow(
            Reports.churnReport(
              {
                cases,
                lessons: yield* service.lessons(tenant),
                improvements: yield* service.improvements(tenant),
              },
              {
                from: range.from,
                to: range.to,
                currency: Money.CurrencyCode.make("EUR"),
                now: NOW + 365 * DAY,
              },
            ),
          )
          expect(report).toEqual(expected)
          expect(report.recovery.overall).toEqual({ closed: 2, wonBack: 1, lost: 1, rate: 0.5 })
          expect(report.destinations.competitors.map((row) => row.competitor)).toEqual([
            "Bargain Depot",
            "Craft & Co",
          ])
          expect(report.attention.overdue).toHaveLength(1)
          const bad = yield* Effect.flip(
            service.report(tenant, { from: NOW, to: NOW, currency: "EUR" }),
          )
          expect(pathsOf(bad)).toEqual(["to"])
        }).pipe(Effect.provide(live())),
    )

    it.effect(
      "CHN-2 a store failure half-way through openCase, recordOutcome or recordRun leaves nothing of it behind",
      () => {
        const failure: WriteFailure = { armed: false }
        return Effect.gen(function* () {
          const tenant = freshTenant()
          const service = yield* Churn.Churn
          yield* detected(tenant)
          const opened = yield* service.openCase(tenant, {
            customerId: "cus-rare",
            runId: "run-1",
            by: lead,
          })
          yield* service.investigate(tenant, opened.id, toCompetitor("product"), lead)
          yield* service.decideImprovability(tenant, opened.id, { improvable: false }, lead)
          const before = yield* storedDocuments(tenant)

          failure.armed = true
          // the case, the customer's open-case marker, the candidate and the key
          const failedOpen = yield* Effect.flip(
            service.openCase(
              tenant,
              { customerId: "cus-fading", runId: "run-1", by: lead },
              { idempotencyKey: "crm-9" },
            ),
          )
          expect(failedOpen).toMatchObject({ _tag: "StoreError", reason: "Unavailable" })
          expect(yield* storedDocuments(tenant)).toEqual(before)
          // the case closed and the customer freed
          const failedClose = yield* Effect.flip(
            service.recordOutcome(tenant, opened.id, { result: "lost" }, lead),
          )
          expect(failedClose._tag).toBe("StoreError")
          expect(yield* storedDocuments(tenant)).toEqual(before)
          // a run and its candidates
          const failedRun = yield* Effect.flip(
            service.recordRun(tenant, runOf("run-2"), customerBase()),
          )
          expect(failedRun._tag).toBe("StoreError")
          expect(yield* storedDocuments(tenant)).toEqual(before)

          // once the store is back, the same commands go through
          failure.armed = false
          const reopened = yield* service.openCase(
            tenant,
            { customerId: "cus-fading", runId: "run-1", by: lead },
            { idempotencyKey: "crm-9" },
          )
          expect(reopened.status).toBe("open")
          expect(
            (yield* service.recordOutcome(tenant, opened.id, { result: "lost" }, lead)).status,
          ).toBe("lost")
          expect((yield* service.recordRun(tenant, runOf("run-2"), customerBase())).id).toBe(
            "run-2",
          )
        }).pipe(Effect.provide(live(failingHalfWay(makeStore(), failure))))
      },
    )

    it.effect("CHN-4 bad input is refused with the path at fault and changes nothing", () =>
      Effect.gen(function* () {
        const tenant = freshTenant()
        const service = yield* Churn.Churn
        const investigated = yield* investigatedCase(tenant, "both")
        const lesson = yield* service.addLesson(tenant, {
          title: "t",
          description: "d",
          rootCause: "r",
          caseIds: [investigated.id],
          routes: [{ department: "design", owner: "d-1" }],
          by: lead,
        })
        const before = yield* storedDocuments(tenant)
        const refusals: ReadonlyArray<
          readonly [Effect.Effect<unknown, { readonly _tag: string }>, ReadonlyArray<string>]
        > = [
          [service.openCase(tenant, { customerId: "", by: lead }), ["customerId"]],
          [
            service.openCase(tenant, {
              customerId: "cus-x",
              lostValue: { amount: -1, currency: "EUR" },
              by: lead,
            }),
            ["lostValue.amount"],
          ],
          [
            service.openCase(tenant, { customerId: "cus-x", by: lead }, { idempotencyKey: "" }),
            ["idempotencyKey"],
          ],
          [
            service.investigate(
              tenant,
              investigated.id,
              { ...toCompetitor("service"), attractions: [] },
              lead,
            ),
            ["attractions"],
          ],
          [service.investigate(tenant, investigated.id, toCompetitor("service"), ""), ["by"]],
          [service.investigate(tenant, "", toCompetitor("service"), lead), ["caseId"]],
          [
            service.decideImprovability(
              tenant,
              investigated.id,
              { improvable: true, area: "fit" },
              lead,
            ),
            ["description"],
          ],
          [
            service.recordOutcome(
              tenant,
              investigated.id,
              { result: "gone" as ChurnCase.Result },
              lead,
            ),
            ["result"],
          ],
          [
            service.routeLesson(
              tenant,
              lesson.id,
              { department: "finance" as Lesson.Department, owner: "f-1" },
              lead,
            ),
            ["department"],
          ],
          [
            service.startImprovement(
              tenant,
              lesson.id,
              { department: "design", tracker: "pm-1", priority: "someday" as "low" },
              lead,
            ),
            ["priority"],
          ],
          [
            service.startImprovement(
              tenant,
              lesson.id,
              { department: "quality", tracker: "pm-1", priority: "low" },
              lead,
            ),
            ["department"],
          ],
        ]
        for (const [command, paths] of refusals) {
          const error = yield* Effect.flip(command)
          expect(error._tag).toBe("ValidationError")
          expect([...new Set(pathsOf(error))]).toEqual(paths)
        }
        expect(yield* storedDocuments(tenant)).toEqual(before)
      }).pipe(Effect.provide(live())),
    )
  })
}
