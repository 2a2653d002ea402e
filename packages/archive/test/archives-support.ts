// The Archives service's shared suite: one function taking a store layer, run by each
// driver in one line (the memory store and SQLite in `Archives.test.ts`, PostgreSQL
// in `Archives.integration.test.ts`). Every test gets a tenant of its own, so a
// shared server stays clean between tests. Stored documents are read back with the
// store's own `scan`, around the service, to prove what was (and was not) written;
// expected answers come from the pure modules, never typed in.
import { randomUUID } from "node:crypto"
import { Errors, Ids, Money, Period, Personal } from "@clientele/core"
import { Collection, type Store, type StoreError } from "@clientele/store"
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
import * as Archives from "../src/Archives.js"
import * as Erasure from "../src/Erasure.js"
import * as Retention from "../src/Retention.js"
import * as Retirement from "../src/Retirement.js"
import * as Review from "../src/Review.js"

// --- fixtures ---------------------------------------------------------------------

export const DAY = 86_400_000
/** Monday 3 March 2025, 09:00 UTC. */
export const NOW = Date.UTC(2025, 2, 3, 9)
const UTC = Period.TimeZone.make("UTC")
const counsel = "counsel-1"
const agent = "agent-7"
export const maskingKey = "archive-suite-masking-key"

/** A fresh tenant per test: tests may share a database server. */
export const freshTenant = () => Ids.TenantId.make(`arc-${randomUUID()}`)

const Email = Schema.String.pipe(Schema.pattern(/^[^\s@]+@[^\s@]+$/))

/** An order: a book-keeping record about a customer, with an amount the books need. */
const Order = Schema.Struct({
  id: Ids.IdString,
  customerId: Ids.CustomerId,
  placedAt: Period.Instant,
  totalMinor: Schema.Int,
  shipTo: Personal.personal(Schema.NonEmptyTrimmedString),
  email: Schema.optional(Personal.personal(Email)),
})
type Order = typeof Order.Type

export const orders = Collection.make({
  name: "test-orders",
  schema: Order,
  id: (order) => order.id,
  indexes: { customerId: (order) => order.customerId, placedAt: (order) => order.placedAt },
  subject: { index: "customerId" },
})

/** A remark on an order: its customer is the order's. */
const Remark = Schema.Struct({
  id: Ids.IdString,
  orderId: Ids.IdString,
  at: Period.Instant,
  text: Personal.personal(Schema.NonEmptyTrimmedString),
})
type Remark = typeof Remark.Type

export const remarks = Collection.make({
  name: "test-remarks",
  schema: Remark,
  id: (remark) => remark.id,
  indexes: { orderId: (remark) => remark.orderId, at: (remark) => remark.at },
  subject: { index: "orderId", via: "test-orders" },
})

export const sources = [orders, remarks]
export const options: Archives.Options = {
  sources,
  maskingKey,
  dates: { "test-orders": { created: "placedAt" } },
}

/**
 * Orders are kept 10 years from the end of their year and then anonymised (a tax
 * obligation, statutory); remarks are deleted a year after they were written.
 */
export const retentionV1 = {
  version: 1,
  schedules: [
    {
      id: "orders-tax",
      recordType: "test-orders",
      kind: "retention",
      trigger: { kind: "created" },
      retainFor: { years: 10 },
      minimumByLaw: { years: 10 },
      countFrom: "endOfCalendarYear",
      action: "anonymise",
      legalBasis: "AO § 147",
      zone: UTC,
    },
    {
      id: "remarks-1y",
      recordType: "test-remarks",
      kind: "deletion",
      trigger: { kind: "event", event: "at" },
      retainFor: { years: 1 },
      countFrom: "triggerDate",
      action: "delete",
      legalBasis: "no longer needed",
      zone: UTC,
    },
  ],
}

const order = (id: string, customerId: string, placedAt: number, totalMinor: number): Order => ({
  id,
  customerId: Ids.CustomerId.make(customerId),
  placedAt,
  totalMinor,
  shipTo: `${customerId} street 1`,
  email: `${customerId}@example.org`,
})

const remark = (id: string, orderId: string, at: number, text: string): Remark => ({
  id,
  orderId,
  at,
  text,
})

/** Ada (cus-ada) and Bob (cus-bob): an old and a recent order each, with remarks. */
export const seed = (tenant: Ids.TenantId) =>
  Effect.gen(function* () {
    yield* orders.insertAll(tenant, [
      order("o-ada-2012", "cus-ada", Date.UTC(2012, 4, 2), 12_000),
      order("o-ada-2024", "cus-ada", Date.UTC(2024, 4, 2), 3_500),
      order("o-bob-2013", "cus-bob", Date.UTC(2013, 1, 9), 8_000),
      order("o-bob-2024", "cus-bob", Date.UTC(2024, 6, 1), 2_000),
    ])
    yield* remarks.insertAll(tenant, [
      remark("r-ada-old", "o-ada-2012", Date.UTC(2012, 4, 3), "Ada asked for a gift wrap"),
      remark("r-ada-new", "o-ada-2024", Date.UTC(2024, 11, 20), "Ada will collect in person"),
      remark("r-bob-old", "o-bob-2013", Date.UTC(2013, 1, 10), "Bob called about the size"),
      remark("r-bob-new", "o-bob-2024", Date.UTC(2025, 1, 1), "Bob prefers mornings"),
    ])
  })

const names = [
  ...sources.map((source) => source.name),
  ...Archives.collections.map((collection) => collection.name),
]

/** A fresh tenant with Ada's and Bob's orders and remarks, at NOW, under retention policy v1. */
const seeded = Effect.gen(function* () {
  const tenant = freshTenant()
  const service = yield* Archives.Archives
  yield* seed(tenant)
  yield* TestClock.setTime(NOW)
  yield* service.saveRetentionPolicy(tenant, retentionV1)
  return { tenant, service }
})

/** Every document of every collection involved, read around the service. */
export const storedDocuments = (
  tenant: Ids.TenantId,
): Effect.Effect<
  Record<string, ReadonlyArray<Store.StoredDocument>>,
  StoreError.StoreError,
  Store.Store
> => storedDocumentsOf(tenant, names)

const bodiesOf = (documents: ReadonlyArray<Store.StoredDocument>) =>
  Object.fromEntries(documents.map((document) => [document.id, document.body]))

export const erasureRequest = (
  overrides: Partial<typeof Erasure.ErasureRequest.Encoded> = {},
): typeof Erasure.ErasureRequest.Encoded => ({
  id: "era-ada",
  subjectId: "cus-ada",
  receivedAt: NOW - DAY,
  zone: "Europe/Berlin",
  identityVerified: true,
  grounds: ["17(1)(b)"],
  ...overrides,
})

export const serviceSuite = (name: string, makeStore: () => Layer.Layer<Store.Store, unknown>) => {
  const live = (store: Layer.Layer<Store.Store, unknown> = makeStore()) =>
    Archives.layer(options).pipe(Layer.provideMerge(store))

  describe(`Archives service on ${name}`, () => {
    // ---- archives (ARC-1, ARC-2) -------------------------------------------------

    it.effect(
      "ARC-1 an archive is filed once per customer, refiled with its move recorded, and listed by class",
      () =>
        Effect.gen(function* () {
          const tenant = freshTenant()
          const service = yield* Archives.Archives
          const filed = yield* service.fileArchive(tenant, {
            customer: "cus-ada",
            customerClass: "potential",
            at: NOW - 400 * DAY,
            by: agent,
          })
          expect(filed.customerClass).toBe("potential")
          const again = yield* Effect.flip(
            service.fileArchive(tenant, {
              customer: "cus-ada",
              customerClass: "major",
              at: NOW,
              by: agent,
            }),
          )
          expect(again).toBeInstanceOf(Archives.ArchiveExistsError)
          const refiled = yield* service.refile(tenant, "cus-ada", {
            to: "major",
            at: NOW - 10 * DAY,
            by: agent,
          })
          expect(refiled.history.at(-1)).toMatchObject({
            _tag: "Refiled",
            from: "potential",
            to: "major",
            by: agent,
          })
          expect((yield* service.archivesByClass(tenant, "major")).map((a) => a.customer)).toEqual([
            "cus-ada",
          ])
          expect(yield* service.archivesByClass(tenant, "potential")).toEqual([])
          yield* service.addTestimonial(tenant, "cus-ada", {
            statement: "They fixed it the same day.",
            author: "Ada M.",
            saidAt: NOW - 5 * DAY,
            channel: "email",
            consentToPublish: true,
            archivedAt: NOW - 4 * DAY,
            archivedBy: agent,
          })
          const stored = yield* service.getArchive(tenant, "cus-ada")
          expect(stored.testimonials.map((t) => t.author)).toEqual(["Ada M."])
          const missing = yield* Effect.flip(service.getArchive(tenant, "cus-nobody"))
          expect(missing).toBeInstanceOf(Errors.NotFoundError)
        }).pipe(Effect.provide(live())),
    )

    it.effect(
      "ARC-2 the overdue report and the adjustment index over the stored archives are the pure modules' answers",
      () =>
        Effect.gen(function* () {
          const tenant = freshTenant()
          const service = yield* Archives.Archives
          yield* TestClock.setTime(NOW)
          yield* service.saveReviewPolicy(tenant, { version: 1, zone: "Europe/Berlin" })
          for (const [customer, filedDaysAgo] of [
            ["cus-ada", 500],
            ["cus-bob", 200],
            ["cus-cy", 380],
          ] as const)
            yield* service.fileArchive(tenant, {
              customer,
              customerClass: "general",
              at: NOW - filedDaysAgo * DAY,
              by: agent,
            })
          yield* service.reviewArchive(tenant, "cus-ada", {
            at: NOW - 100 * DAY,
            by: agent,
            set: [{ key: "segment", value: "trade" }],
          })
          const stored = [
            yield* service.getArchive(tenant, "cus-ada"),
            yield* service.getArchive(tenant, "cus-bob"),
            yield* service.getArchive(tenant, "cus-cy"),
          ]
          const policy = Either.getOrThrow(Review.makePolicy({ version: 1, zone: "Europe/Berlin" }))
          const report = yield* service.overdueReviews(tenant, 1)
          expect(report).toEqual(Either.getOrThrow(Review.overdue(stored, policy, NOW)))
          expect(report.items.map((item) => item.customer)).toEqual(["cus-cy"])
          const index = yield* service.adjustmentIndex(tenant, 1, 2024)
          expect(index).toEqual(Either.getOrThrow(Review.adjustmentIndex(stored, 2024, policy)))
          expect(index.flatMap((entry) => entry.entries.map((a) => a.field))).toEqual([
            "profile.segment",
          ])
          const unknown = yield* Effect.flip(service.overdueReviews(tenant, 2))
          expect(unknown).toBeInstanceOf(Errors.NotFoundError)
        }).pipe(Effect.provide(live())),
    )

    it.effect(
      "ARC-3 a retirement is recorded once per customer, confirmed by a person under a manual rule, and restored inside its grace window",
      () =>
        Effect.gen(function* () {
          const tenant = freshTenant()
          const service = yield* Archives.Archives
          yield* TestClock.setTime(NOW)
          const screening = Either.getOrThrow(
            Retirement.retirementCandidates(
              [
                {
                  customerId: Ids.CustomerId.make("cus-ada"),
                  customerClass: "potential",
                  lifetimeValue: Money.make(0, "EUR"),
                  inactivePeriods: 4,
                  lastActivityAt: NOW - 1_200 * DAY,
                },
              ],
              Retirement.defaultRule,
              { openReturns: [], unexpiredWarranties: [], openComplaints: [], legalHolds: [] },
              NOW,
            ),
          )
          const candidate = Schema.encodeSync(Retirement.Candidate)(
            screening.candidates[0] as Retirement.Candidate,
          )
          const unconfirmed = yield* Effect.flip(
            service.retire(tenant, candidate, "automatic", "retirement-run"),
          )
          expect(unconfirmed).toBeInstanceOf(Retirement.ConfirmationRequiredError)
          yield* TestClock.adjust(DAY)
          const retired = yield* service.retire(tenant, candidate, "confirmed", agent)
          expect(retired).toEqual(
            Either.getOrThrow(
              Retirement.retire(
                screening.candidates[0] as Retirement.Candidate,
                "confirmed",
                NOW + DAY,
                Ids.StaffId.make(agent),
              ),
            ),
          )
          const twice = yield* Effect.flip(service.retire(tenant, candidate, "confirmed", agent))
          expect(twice).toBeInstanceOf(Archives.RetirementExistsError)
          yield* TestClock.adjust(30 * DAY)
          const restored = yield* service.restore(tenant, "cus-ada", agent)
          expect(restored.restored).toEqual({ at: NOW + 31 * DAY, by: agent })
          // restored, the customer may be retired again later: both are on record
          yield* service.retire(tenant, candidate, "confirmed", agent)
          expect(
            (yield* service.retirements(tenant, "cus-ada")).map((r) => r.restored?.at),
          ).toEqual([NOW + 31 * DAY, undefined])
          const nothing = yield* Effect.flip(service.restore(tenant, "cus-bob", agent))
          expect(nothing).toBeInstanceOf(Errors.NotFoundError)
        }).pipe(Effect.provide(live())),
    )

    it.effect("ARC-4 a saved policy version never changes; the same content saves again", () =>
      Effect.gen(function* () {
        const tenant = freshTenant()
        const service = yield* Archives.Archives
        const saved = yield* service.saveRetentionPolicy(tenant, retentionV1)
        expect(yield* service.saveRetentionPolicy(tenant, retentionV1)).toEqual(saved)
        const changed = yield* Effect.flip(
          service.saveRetentionPolicy(tenant, { ...retentionV1, schedules: [] }),
        )
        expect(changed).toBeInstanceOf(Archives.PolicyVersionConflictError)
        const malformed = yield* Effect.flip(service.saveRetentionPolicy(tenant, { version: 0 }))
        expect(malformed).toBeInstanceOf(Errors.ValidationError)
      }).pipe(Effect.provide(live())),
    )

    // ---- holds and the sweep (ARC-4) ---------------------------------------------

    it.effect(
      "ARC-4 a hold is placed once and released by an authorised role; a compliance hold not before its until",
      () =>
        Effect.gen(function* () {
          const tenant = freshTenant()
          const service = yield* Archives.Archives
          yield* TestClock.setTime(NOW)
          yield* service.saveRetentionPolicy(tenant, retentionV1)
          const hold = yield* service.placeHold(tenant, {
            id: "hold-1",
            scope: { subjectIds: ["cus-ada"] },
            reason: "Claim 7/2025",
            placedBy: counsel,
            mode: "governance",
          })
          expect(hold.placedAt).toBe(NOW)
          const twice = yield* Effect.flip(
            service.placeHold(tenant, {
              id: "hold-1",
              scope: { subjectIds: ["cus-bob"] },
              reason: "Another claim",
              placedBy: counsel,
              mode: "governance",
            }),
          )
          expect(twice).toBeInstanceOf(Archives.HoldExistsError)
          const refused = yield* Effect.flip(
            service.releaseHold(tenant, "hold-1", { by: agent, roles: ["support"] }, 1),
          )
          expect(refused).toMatchObject({ _tag: "HoldReleaseError", reason: "notAuthorised" })
          yield* service.placeHold(tenant, {
            id: "hold-audit",
            scope: { recordTypes: ["test-orders"] },
            reason: "Tax audit",
            placedBy: counsel,
            mode: "compliance",
            until: NOW + 30 * DAY,
          })
          const locked = yield* Effect.flip(
            service.releaseHold(tenant, "hold-audit", { by: counsel, roles: ["legal"] }, 1),
          )
          expect(locked).toMatchObject({ _tag: "HoldReleaseError", reason: "complianceLocked" })
          yield* TestClock.adjust(DAY)
          const released = yield* service.releaseHold(
            tenant,
            "hold-1",
            { by: counsel, roles: ["legal"] },
            1,
          )
          expect(released.releasedAt).toBe(NOW + DAY)
          expect((yield* service.holds(tenant)).map((h) => [h.id, h.releasedAt])).toEqual([
            ["hold-1", NOW + DAY],
            ["hold-audit", undefined],
          ])
        }).pipe(Effect.provide(live())),
    )

    it.effect(
      "ARC-4 the sweep deletes and anonymises what is due, keeps the rest, and a second sweep changes nothing",
      () =>
        Effect.gen(function* () {
          const { tenant, service } = yield* seeded
          const before = yield* storedDocuments(tenant)
          const progress: Array<Archives.SweepProgress> = []
          const report = yield* service.sweep(tenant, {
            policyVersion: 1,
            batchSize: 2,
            onProgress: (p) => progress.push(p),
          })
          // The 2012 and 2013 orders are past 10 years from the end of their year:
          // anonymised (amounts kept). Remarks older than a year are deleted.
          expect(report.disposed).toEqual([
            { collection: "test-orders", action: "anonymise", count: 2 },
            { collection: "test-remarks", action: "delete", count: 2 },
          ])
          expect(report.notDue).toBe(4)
          expect(report.left).toEqual([
            { collection: "test-orders", reason: "notDue", count: 2 },
            { collection: "test-remarks", reason: "notDue", count: 2 },
          ])
          expect(progress.at(-1)?.scanned).toBe(report.scanned)
          const after = yield* storedDocuments(tenant)
          const orderBodies = bodiesOf(after["test-orders"] ?? [])
          expect(orderBodies["o-ada-2012"]).toEqual({
            id: "o-ada-2012",
            customerId: "cus-ada",
            placedAt: Date.UTC(2012, 4, 2),
            totalMinor: 12_000,
            shipTo: Erasure.ERASED,
          })
          expect(orderBodies["o-ada-2024"]).toEqual(
            bodiesOf(before["test-orders"] ?? [])["o-ada-2024"],
          )
          expect(Object.keys(bodiesOf(after["test-remarks"] ?? []))).toEqual([
            "r-ada-new",
            "r-bob-new",
          ])
          expect(
            (yield* service.dispositions(tenant, "test-remarks")).map((d) => [
              d.documentId,
              d.action,
            ]),
          ).toEqual([
            ["r-ada-old", "delete"],
            ["r-bob-old", "delete"],
          ])

          const second = yield* service.sweep(tenant, { policyVersion: 1 })
          expect(second.disposed).toEqual([])
          expect(second.alreadyDisposed).toBe(2)
          const afterSecond = yield* storedDocuments(tenant)
          expect(afterSecond["test-orders"]).toEqual(after["test-orders"])
          expect(afterSecond["test-remarks"]).toEqual(after["test-remarks"])
        }).pipe(Effect.provide(live())),
    )

    it.effect(
      "ARC-4 a record anonymised under a schedule that coarsens dates keeps its year, in its body and its indexes",
      () =>
        Effect.gen(function* () {
          const tenant = freshTenant()
          const service = yield* Archives.Archives
          yield* seed(tenant)
          yield* TestClock.setTime(NOW)
          yield* service.saveRetentionPolicy(tenant, {
            version: 1,
            schedules: [{ ...retentionV1.schedules[0], coarsenDates: "year" }],
          })
          yield* service.sweep(tenant, { policyVersion: 1 })
          const stored = (yield* storedDocuments(tenant))["test-orders"] ?? []
          const old = stored.find((document) => document.id === "o-ada-2012")
          expect(old?.body).toMatchObject({ placedAt: Date.UTC(2012, 0, 1), totalMinor: 12_000 })
          expect(old?.indexes.placedAt).toBe(Date.UTC(2012, 0, 1))
          // A record not yet due keeps its exact date.
          const recent = stored.find((document) => document.id === "o-ada-2024")
          expect(recent?.indexes.placedAt).toBe(Date.UTC(2024, 4, 2))
        }).pipe(Effect.provide(live())),
    )

    it.effect(
      "ARC-4 a document with no schedule of its own follows its parent: remarks go with their deleted order, in the same sweep or a later one",
      () =>
        Effect.gen(function* () {
          const tenant = freshTenant()
          const service = yield* Archives.Archives
          yield* seed(tenant)
          yield* TestClock.setTime(NOW)
          // Orders are deleted 12 years and 2 months after they were placed; remarks
          // have no schedule.
          yield* service.saveRetentionPolicy(tenant, {
            version: 1,
            schedules: [
              {
                ...retentionV1.schedules[0],
                kind: "deletion",
                retainFor: { years: 12, months: 2 },
                minimumByLaw: undefined,
                countFrom: "triggerDate",
                action: "delete",
                legalBasis: "no longer needed",
              },
            ],
          })
          const first = yield* service.sweep(tenant, { policyVersion: 1 })
          // Ada's May 2012 order is past it; Bob's February 2013 order not yet.
          expect(first.disposed).toEqual([
            { collection: "test-orders", action: "delete", count: 1 },
            { collection: "test-remarks", action: "delete", count: 1 },
          ])
          const remarksLeft = (yield* storedDocuments(tenant))["test-remarks"] ?? []
          expect(remarksLeft.map((d) => d.id)).toEqual(["r-ada-new", "r-bob-new", "r-bob-old"])
          expect(yield* service.dispositions(tenant, "test-remarks")).toEqual([
            {
              collection: "test-remarks",
              documentId: "r-ada-old",
              action: "delete",
              at: NOW,
              policyVersion: 1,
              scheduleId: "orders-tax",
              parent: { collection: "test-orders", documentId: "o-ada-2012" },
            },
          ])
          // A year later Bob's order goes, and its remark follows.
          yield* TestClock.adjust(366 * DAY)
          const second = yield* service.sweep(tenant, { policyVersion: 1 })
          expect(second.disposed).toEqual([
            { collection: "test-orders", action: "delete", count: 1 },
            { collection: "test-remarks", action: "delete", count: 1 },
          ])
          expect(second.left).toContainEqual({
            collection: "test-remarks",
            reason: "noSchedule",
            count: 2,
          })
        }).pipe(Effect.provide(live())),
    )

    it.effect(
      "ARC-4 a hold placed after disposal fell due but before the sweep runs keeps the documents untouched; released, the next sweep disposes of them",
      () =>
        Effect.gen(function* () {
          const { tenant, service } = yield* seeded
          // Ada's 2012 order fell due on 1 January 2023; the hold comes two years later.
          yield* service.placeHold(tenant, {
            id: "hold-ada",
            scope: { subjectIds: ["cus-ada"] },
            reason: "Claim about the 2012 delivery",
            placedBy: counsel,
            mode: "governance",
          })
          const before = yield* storedDocuments(tenant)
          const report = yield* service.sweep(tenant, { policyVersion: 1 })
          // Ada's two orders and their remarks, found through the orders.
          expect(report.held).toBe(4)
          const after = yield* storedDocuments(tenant)
          const adas = (documents: ReadonlyArray<Store.StoredDocument>) =>
            documents.filter((d) => d.id.includes("ada"))
          expect(adas(after["test-orders"] ?? [])).toEqual(adas(before["test-orders"] ?? []))
          expect(adas(after["test-remarks"] ?? [])).toEqual(adas(before["test-remarks"] ?? []))

          yield* TestClock.adjust(DAY)
          yield* service.releaseHold(tenant, "hold-ada", { by: counsel, roles: ["legal"] }, 1)
          const next = yield* service.sweep(tenant, { policyVersion: 1 })
          expect(next.disposed).toEqual([
            { collection: "test-orders", action: "anonymise", count: 1 },
            { collection: "test-remarks", action: "delete", count: 1 },
          ])
        }).pipe(Effect.provide(live())),
    )

    it.effect(
      "ARC-4 a store failure half-way through a sweep batch leaves the batch unwritten; the sweep run again completes it",
      () => {
        const failure: WriteFailure = { armed: false }
        return Effect.gen(function* () {
          const { tenant, service } = yield* seeded
          const before = yield* storedDocuments(tenant)
          failure.armed = true
          const failed = yield* Effect.flip(service.sweep(tenant, { policyVersion: 1 }))
          failure.armed = false
          expect(failed).toMatchObject({ _tag: "StoreError", reason: "Unavailable" })
          expect(yield* storedDocuments(tenant)).toEqual(before)
          const report = yield* service.sweep(tenant, { policyVersion: 1 })
          expect(report.disposed.reduce((n, line) => n + line.count, 0)).toBe(4)
        }).pipe(Effect.provide(live(failingHalfWay(makeStore(), failure))))
      },
    )

    // ---- erasure (ARC-4) ---------------------------------------------------------

    it.effect(
      "ARC-4 an erasure anonymises the subject's records under tax retention, deletes the rest, leaves others untouched and keeps masked evidence",
      () =>
        Effect.gen(function* () {
          const { tenant, service } = yield* seeded
          yield* service.fileArchive(tenant, {
            customer: "cus-ada",
            customerClass: "general",
            at: NOW - 900 * DAY,
            by: agent,
            notes: [{ at: NOW - 800 * DAY, by: agent, text: "Ada prefers e-mail" }],
          })
          const before = yield* storedDocuments(tenant)
          const preview = yield* service.previewErasure(tenant, erasureRequest(), {
            policyVersion: 1,
          })
          expect(yield* storedDocuments(tenant)).toEqual(before)
          const receipt = yield* service.erase(tenant, erasureRequest(), { policyVersion: 1 })
          expect(receipt.evidence).toEqual(preview.plan.evidence)
          expect(preview.documents.map((d) => `${d.collection}/${d.documentId}`).sort()).toEqual([
            "archive-archives/cus-ada",
            "test-orders/o-ada-2012",
            "test-orders/o-ada-2024",
            "test-remarks/r-ada-new",
            "test-remarks/r-ada-old",
          ])
          expect(receipt.evidence.counts).toEqual([
            { recordType: "archive-archives", outcome: "anonymise", count: 1 },
            { recordType: "test-orders", outcome: "anonymise", count: 2 },
            { recordType: "test-remarks", outcome: "delete", count: 2 },
          ])
          const after = yield* storedDocuments(tenant)
          // Ada's orders keep their amounts and dates (the books), nothing personal.
          const orderBodies = bodiesOf(after["test-orders"] ?? [])
          expect(orderBodies["o-ada-2024"]).toEqual({
            id: "o-ada-2024",
            customerId: "cus-ada",
            placedAt: Date.UTC(2024, 4, 2),
            totalMinor: 3_500,
            shipTo: Erasure.ERASED,
          })
          expect(Object.keys(bodiesOf(after["test-remarks"] ?? []))).toEqual([
            "r-bob-new",
            "r-bob-old",
          ])
          // Bob is untouched.
          const bobs = (documents: ReadonlyArray<Store.StoredDocument>) =>
            documents.filter((d) => d.id.includes("bob"))
          expect(bobs(after["test-orders"] ?? [])).toEqual(bobs(before["test-orders"] ?? []))
          expect(bobs(after["test-remarks"] ?? [])).toEqual(bobs(before["test-remarks"] ?? []))
          // No personal value of Ada's survives anywhere, and the evidence is masked.
          const everything = JSON.stringify(after)
          for (const value of [
            "cus-ada street 1",
            "cus-ada@example.org",
            "gift wrap",
            "collect in person",
            "Ada prefers e-mail",
          ])
            expect(everything).not.toContain(value)
          const stored = JSON.stringify(after["archive-erasures"])
          expect(stored).not.toContain("cus-ada")
          expect(receipt.evidence.subjectRef).toBe(Erasure.maskSubject("cus-ada", maskingKey))
          // The same request again: the first receipt, nothing written.
          expect(yield* service.erase(tenant, erasureRequest(), { policyVersion: 1 })).toEqual(
            receipt,
          )
          expect(yield* storedDocuments(tenant)).toEqual(after)
          expect(yield* service.erasures(tenant)).toEqual([receipt])
        }).pipe(Effect.provide(live())),
    )

    it.effect(
      "ARC-4 an erasure scrubs in place rather than reassigning to a ghost customer: the erased customer's orders still add up under their id",
      () =>
        Effect.gen(function* () {
          const { tenant, service } = yield* seeded
          const lifetimeValue = (customerId: string) =>
            Effect.map(Collection.valuesOf(orders, tenant, { where: { customerId } }), (found) =>
              found.reduce((sum, order) => sum + order.totalMinor, 0),
            )
          const before = yield* lifetimeValue("cus-ada")
          yield* service.erase(tenant, erasureRequest(), { policyVersion: 1 })
          expect(yield* lifetimeValue("cus-ada")).toBe(before)
          expect(before).toBe(15_500)
        }).pipe(Effect.provide(live())),
    )

    it.effect(
      "ARC-4 an erasure keeps the subject's records under a legal hold whole, and says why",
      () =>
        Effect.gen(function* () {
          const { tenant, service } = yield* seeded
          yield* service.placeHold(tenant, {
            id: "hold-2012",
            scope: { recordIds: ["r-ada-old"], recordTypes: ["test-remarks"] },
            reason: "Claim about the gift wrap",
            placedBy: counsel,
            mode: "governance",
          })
          const before = yield* storedDocuments(tenant)
          const receipt = yield* service.erase(tenant, erasureRequest(), { policyVersion: 1 })
          expect(receipt.evidence.counts).toEqual([
            { recordType: "test-orders", outcome: "anonymise", count: 2 },
            { recordType: "test-remarks", outcome: "delete", count: 1 },
            { recordType: "test-remarks", outcome: "retain", count: 1 },
          ])
          expect(receipt.response.join(" ")).toContain("17(3)(e)")
          const after = yield* storedDocuments(tenant)
          const held = (documents: ReadonlyArray<Store.StoredDocument> | undefined) =>
            documents?.find((d) => d.id === "r-ada-old")
          expect(held(after["test-remarks"])).toEqual(held(before["test-remarks"]))
          expect(held(after["test-remarks"])).toBeDefined()
        }).pipe(Effect.provide(live())),
    )

    it.effect(
      "ARC-4 an unverified requester changes nothing and learns nothing; a malformed request names the field",
      () =>
        Effect.gen(function* () {
          const tenant = freshTenant()
          const service = yield* Archives.Archives
          yield* seed(tenant)
          yield* service.saveRetentionPolicy(tenant, retentionV1)
          const before = yield* storedDocuments(tenant)
          const unverified = yield* Effect.flip(
            service.erase(tenant, erasureRequest({ identityVerified: false }), {
              policyVersion: 1,
            }),
          )
          expect(unverified).toBeInstanceOf(Erasure.IdentityNotVerifiedError)
          const malformed = yield* Effect.flip(
            service.erase(tenant, erasureRequest({ grounds: [] as never }), { policyVersion: 1 }),
          )
          expect(malformed).toBeInstanceOf(Errors.ValidationError)
          expect((malformed as Errors.ValidationError).issues).toEqual([
            { path: ["grounds"], message: "must hold at least one item" },
          ])
          expect(yield* storedDocuments(tenant)).toEqual(before)
        }).pipe(Effect.provide(live())),
    )

    it.effect(
      "ARC-4 a store failure half-way through an erasure leaves every document as it was; the retry erases once",
      () => {
        const failure: WriteFailure = { armed: false }
        return Effect.gen(function* () {
          const { tenant, service } = yield* seeded
          const before = yield* storedDocuments(tenant)
          failure.armed = true
          const failed = yield* Effect.flip(
            service.erase(tenant, erasureRequest(), { policyVersion: 1 }),
          )
          failure.armed = false
          expect(failed).toMatchObject({ _tag: "StoreError", reason: "Unavailable" })
          expect(yield* storedDocuments(tenant)).toEqual(before)
          const receipt = yield* service.erase(tenant, erasureRequest(), { policyVersion: 1 })
          expect(receipt.evidence.counts.reduce((n, row) => n + row.count, 0)).toBe(4)
        }).pipe(Effect.provide(live(failingHalfWay(makeStore(), failure))))
      },
    )
  })
}

/** The options a misconfigured service is built with, and the path its error names. */
export const misconfigurations: ReadonlyArray<
  readonly [string, Archives.Options, ReadonlyArray<string | number>]
> = [
  ["a short masking key", { sources, maskingKey: "short" }, ["options", "maskingKey"]],
  [
    "a collection listed twice",
    { sources: [orders, orders], maskingKey },
    ["options", "sources", 1],
  ],
  [
    "a via that is not a source",
    { sources: [remarks], maskingKey },
    ["options", "sources", 0, "subject", "via"],
  ],
  [
    "a record type for a collection that is not a source",
    { sources, maskingKey, recordTypes: { "test-order": "invoice" } },
    ["options", "recordTypes", "test-order"],
  ],
]

export const retentionPolicy = Either.getOrThrow(Retention.makePolicy(retentionV1))
