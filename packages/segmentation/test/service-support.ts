// The Segmentation service's shared suite: one function taking a store layer, run
// by each driver in one line (the memory store and SQLite in
// `Segmentation.test.ts`, PostgreSQL in `Segmentation.integration.test.ts`).
// Every test gets a fresh store and a tenant of its own, so a shared server stays
// clean between tests. Stored documents are read back with the store's own
// `scan`, around the service, to prove what was (and was not) written.
import { randomUUID } from "node:crypto"
import { Errors, Ids, Money, Period } from "@clientele/core"
import { Store, type StoreError } from "@clientele/store"
import {
  failingHalfWay,
  storedDocuments as storedDocumentsOf,
  type WriteFailure,
} from "@clientele/store/testkit"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as TestClock from "effect/TestClock"
import {
  Changes,
  Classification,
  Cut,
  Policy,
  Segmentation,
  ServiceTime,
  Summary,
} from "../src/index.js"

// --- fixtures ---------------------------------------------------------------------

export const zone = "Europe/Berlin"
export const year = (y: number) => Period.make(`${y}-01-01`, `${y + 1}-01-01`, zone)
export const period2023 = year(2023)
export const period2024 = year(2024)

/** A fresh tenant per test: tests may share a database server. */
export const freshTenant = () => Ids.TenantId.make(`seg-${randomUUID()}`)

export const policyV1: Policy.PolicyInput = { version: "v1", currency: "EUR" }
export const policyV2: Policy.PolicyInput = { version: "v2", currency: "EUR", tiers: Policy.stars }

let orderNumber = 0

/** A sale at noon UTC on a day of the year (well inside the year in Berlin too). */
export const sale = (customerId: string, date: string, amount: number) => ({
  orderId: `o-${++orderNumber}`,
  customerId,
  at: Date.parse(`${date}T12:00:00Z`),
  revenue: { amount, currency: "EUR" },
})

const repeat = (count: number, make: (i: number) => ReturnType<typeof sale>) =>
  Array.from({ length: count }, (_, i) => make(i))

/**
 * 2023: ada is the one major customer (three orders, the top contribution of five
 * buyers); fay is registered but buys nothing.
 */
export const sales2023 = [
  ...repeat(3, (i) => sale("ada", `2023-0${i + 3}-10`, 300)),
  ...repeat(2, (i) => sale("bob", `2023-0${i + 4}-10`, 250)),
  sale("cy", "2023-05-20", 300),
  ...repeat(2, (i) => sale("dan", `2023-0${i + 6}-01`, 100)),
  sale("eve", "2023-09-15", 100),
]
export const registered2023 = ["fay"]

/**
 * 2024: bob takes the top (up to major), ada buys once (down to general), cy buys
 * nothing (down to potential), fay starts buying (up to general), gus is new; dan
 * and eve stay general.
 */
export const sales2024 = [
  sale("ada", "2024-02-10", 100),
  ...repeat(3, (i) => sale("bob", `2024-0${i + 3}-10`, 400)),
  ...repeat(2, (i) => sale("dan", `2024-0${i + 6}-01`, 100)),
  sale("eve", "2024-10-01", 300),
  ...repeat(2, (i) => sale("fay", `2024-0${i + 7}-15`, 50)),
  sale("gus", "2024-11-11", 150),
]
export const registered2024 = ["cy", "fay"]

/** The pure classification of the same transactions, without any store. */
export const classifyPure = (
  transactions: ReadonlyArray<ReturnType<typeof sale>>,
  period: Period.Period,
  customers: ReadonlyArray<string>,
  input: Policy.PolicyInput,
) => {
  const policy = Either.getOrThrow(Policy.make(input))
  const summaries = Either.getOrThrow(
    Summary.fromTransactions(transactions, { period, currency: "EUR", customers }),
  )
  return Either.getOrThrow(Classification.classifyPeriod(summaries, policy))
}

const byCustomer = <A extends { readonly customerId: string }>(values: ReadonlyArray<A>) =>
  [...values].sort((a, b) => (a.customerId < b.customerId ? -1 : 1))

/** A stored result reduced to what the pure classification says about the customer. */
const classesOf = (result: Segmentation.CustomerResult) => ({
  customerId: result.customerId as string,
  tier: result.tier,
  abcd: result.abcd,
  rfm: result.rfm,
  figures: result.figures,
  policyVersion: result.policyVersion,
})

/** The pure classification's classes and figures of every customer, as stored results hold them. */
const pureClassesOf = (classification: Classification.PeriodClassification) =>
  byCustomer(
    classification.summaries.customerIds.map((_, i) => {
      const { summaries } = classification
      return {
        ...Classification.customerAt(classification, i),
        figures: {
          orders: summaries.orders[i] as number,
          revenue: Money.make(summaries.revenue[i] as number, summaries.currency),
          contribution: Money.make(summaries.contribution[i] as number, summaries.currency),
        },
        policyVersion: classification.policy.version,
      }
    }),
  )

const collections = [
  "segmentation-transactions",
  "segmentation-policies",
  "segmentation-periods",
  "segmentation-results",
  "segmentation-changes",
] as const

/** Every document the service stored for a tenant, read around the service. */
export const storedDocuments = (
  tenant: Ids.TenantId,
): Effect.Effect<
  Record<string, ReadonlyArray<Store.StoredDocument>>,
  StoreError.StoreError,
  Store.Store
> => storedDocumentsOf(tenant, collections)

/** The stored run record of a period, read around the service. */
export const storedRun = (
  tenant: Ids.TenantId,
  period: Period.Period,
): Effect.Effect<Segmentation.PeriodRun | undefined, StoreError.StoreError, Store.Store> =>
  Effect.gen(function* () {
    const store = yield* Store.Store
    const document = yield* store.get(
      tenant,
      "segmentation-periods",
      Segmentation.periodKey(period),
    )
    return document === undefined
      ? undefined
      : Schema.decodeUnknownSync(Segmentation.PeriodRun)(document.body)
  })

// --- the suite --------------------------------------------------------------------

const classifiedAt = Date.UTC(2025, 0, 15, 9)

/**
 * The service over one store: `makeStore` gives a fresh store layer for each test.
 */
export const serviceSuite = (name: string, makeStore: () => Layer.Layer<Store.Store, unknown>) => {
  const live = (store: Layer.Layer<Store.Store, unknown> = makeStore()) =>
    Segmentation.layer.pipe(Layer.provideMerge(store))

  /** Saves v1, records both years and classifies 2023 then 2024. */
  const twoYears = (tenant: Ids.TenantId) =>
    Effect.gen(function* () {
      const service = yield* Segmentation.Segmentation
      yield* TestClock.setTime(classifiedAt)
      yield* service.savePolicy(tenant, policyV1)
      yield* service.recordTransactions(tenant, [...sales2023, ...sales2024])
      const run2023 = yield* service.classifyPeriod(tenant, {
        period: period2023,
        policyVersion: "v1",
        customers: registered2023,
      })
      const run2024 = yield* service.classifyPeriod(tenant, {
        period: period2024,
        policyVersion: "v1",
        customers: registered2024,
      })
      return { run2023, run2024 }
    })

  /** What a caller can read back about a period. */
  const readBack = (tenant: Ids.TenantId, period: Period.Period) =>
    Effect.gen(function* () {
      const service = yield* Segmentation.Segmentation
      return {
        results: byCustomer(yield* service.results(tenant, period)),
        changes: byCustomer(yield* service.changes(tenant, period)),
        run: yield* storedRun(tenant, period),
      }
    })

  describe(`Segmentation service on ${name}`, () => {
    it.effect(
      "SEG-3 classifies 2023 then 2024 and stores each customer's result, the run and the tier changes",
      () =>
        Effect.gen(function* () {
          const tenant = freshTenant()
          const service = yield* Segmentation.Segmentation
          const { run2023, run2024 } = yield* twoYears(tenant)

          expect(run2023.tierCounts).toEqual({ major: 1, general: 4, potential: 1 })
          expect(run2024.tierCounts).toEqual({ major: 1, general: 5, potential: 1 })
          expect(run2024.customers).toBe(7)
          expect(run2024.policyVersion).toBe("v1")
          expect(run2024.classifiedAt).toBe(classifiedAt)
          expect(run2024.periodKey).toBe("2024-01-01_2025-01-01_Europe/Berlin")
          expect(run2023.changes).toBe(0) // no classified period before 2023
          expect(run2024.changes).toBe(5)

          const pure2023 = classifyPure(sales2023, period2023, registered2023, policyV1)
          const pure2024 = classifyPure(sales2024, period2024, registered2024, policyV1)
          const countsOf = (names: ReadonlyArray<string>, counts: ReadonlyArray<number>) =>
            Object.fromEntries(names.map((n, k) => [n, counts[k]]))
          expect(run2023.abcdCounts).toEqual(countsOf(pure2023.abcd.names, pure2023.abcd.counts))
          expect(run2024.abcdCounts).toEqual(countsOf(pure2024.abcd.names, pure2024.abcd.counts))
          expect(Object.values(run2024.abcdCounts).reduce((a, b) => a + b, 0)).toBe(7)
          // the run record is stored as returned
          expect(yield* storedRun(tenant, period2024)).toEqual(run2024)

          // each stored result is the pure classification of the period's data: the store adds nothing
          const stored2023 = (yield* service.results(tenant, period2023)).map(classesOf)
          const stored2024 = (yield* service.results(tenant, period2024)).map(classesOf)
          expect(byCustomer(stored2023)).toEqual(pureClassesOf(pure2023))
          expect(byCustomer(stored2024)).toEqual(pureClassesOf(pure2024))

          const ada = Option.getOrThrow(yield* service.resultOf(tenant, period2024, "ada"))
          expect(ada.tier).toBe("general")
          // 2024's figures only: the three orders of 2023 do not count
          expect(ada.figures).toEqual({
            orders: 1,
            revenue: Money.make(100, "EUR"),
            contribution: Money.make(100, "EUR"),
          })
          expect(ada.serviceMinutes).toBeNull()
          const bob = Option.getOrThrow(yield* service.resultOf(tenant, period2024, "bob"))
          expect(bob.tier).toBe("major")
          expect(
            (yield* service.results(tenant, period2024, { tier: "major" })).map(
              (r) => r.customerId,
            ),
          ).toEqual(["bob"])
          expect(Option.isNone(yield* service.resultOf(tenant, period2024, "nobody"))).toBe(true)

          const changes = byCustomer(yield* service.changes(tenant, period2024))
          expect(
            changes.map(({ customerId, from, to, direction }) => ({
              customerId,
              from,
              to,
              direction,
            })),
          ).toEqual([
            { customerId: "ada", from: "major", to: "general", direction: "down" },
            { customerId: "bob", from: "general", to: "major", direction: "up" },
            { customerId: "cy", from: "general", to: "potential", direction: "down" },
            { customerId: "fay", from: "potential", to: "general", direction: "up" },
            { customerId: "gus", from: null, to: "general", direction: "new" },
          ])
          const adaChange = changes[0]
          expect(adaChange?.previousFigures).toEqual({
            orders: 3,
            revenue: Money.make(900, "EUR"),
            contribution: Money.make(900, "EUR"),
          })
          expect(adaChange?.figures).toEqual({
            orders: 1,
            revenue: Money.make(100, "EUR"),
            contribution: Money.make(100, "EUR"),
          })
          expect(adaChange?.previousPeriod).toEqual(period2023)
          expect(adaChange?.period).toEqual(period2024)
          expect(changes[4]?.previousFigures).toBeNull()
          // the stored changes are the pure change log between the two pure classifications
          expect(changes.map(({ periodKey: _, ...change }) => change)).toEqual(
            byCustomer(Changes.between(pure2023, pure2024)),
          )
          expect(yield* service.changes(tenant, period2023)).toEqual([])
        }).pipe(Effect.provide(live())),
    )

    it.effect(
      "SEG-3 a period takes its own data only, in its own zone: 23:30 on New Year's Eve in Berlin is still 2024",
      () =>
        Effect.gen(function* () {
          const tenant = freshTenant()
          const service = yield* Segmentation.Segmentation
          yield* service.savePolicy(tenant, policyV1)
          yield* service.recordTransactions(tenant, [
            // 2024-12-31 23:30 in Berlin (CET, +01:00)
            {
              ...sale("late", "2024-12-31", 700),
              at: Date.parse("2024-12-31T22:30:00Z"),
            },
            // 2025-01-01 00:10 in Berlin, still 2024 in UTC
            {
              ...sale("early", "2024-12-31", 500),
              at: Date.parse("2024-12-31T23:10:00Z"),
            },
            // 2024-01-01 00:10 in Berlin, still 2023 in UTC
            {
              ...sale("first", "2023-12-31", 300),
              at: Date.parse("2023-12-31T23:10:00Z"),
            },
            sale("mid", "2024-06-01", 100),
          ])
          const run = yield* service.classifyPeriod(tenant, {
            period: period2024,
            policyVersion: "v1",
          })
          expect(run.customers).toBe(3)
          const ids = (yield* service.results(tenant, period2024)).map((r) => r.customerId)
          expect([...ids].sort()).toEqual(["first", "late", "mid"])
          const late = Option.getOrThrow(yield* service.resultOf(tenant, period2024, "late"))
          expect(late.figures.orders).toBe(1)
          expect(late.figures.revenue).toEqual(Money.make(700, "EUR"))
          // the last day in Berlin: the most recent purchase of the period
          const lateRecency = late.rfm.recency
          const mid = Option.getOrThrow(yield* service.resultOf(tenant, period2024, "mid"))
          expect(lateRecency).toBeGreaterThan(mid.rfm.recency)
          expect(Option.isNone(yield* service.resultOf(tenant, period2024, "early"))).toBe(true)

          // 2025 in Berlin holds only the 00:10 purchase; 2024's customers stay on
          // record as potential
          yield* service.classifyPeriod(tenant, { period: year(2025), policyVersion: "v1" })
          const results2025 = yield* service.results(tenant, year(2025))
          const buyers2025 = results2025
            .filter((r) => r.figures.orders > 0)
            .map((r) => r.customerId)
          expect(buyers2025).toEqual(["early"])
          expect(
            results2025
              .filter((r) => r.figures.orders === 0)
              .map((r) => [r.customerId, r.tier])
              .sort(),
          ).toEqual([
            ["first", "potential"],
            ["late", "potential"],
            ["mid", "potential"],
          ])
          const moves = (yield* service.changes(tenant, year(2025))).map((c) => [
            c.customerId,
            c.to,
            c.direction,
          ])
          expect(moves.sort()).toEqual([
            ["early", "general", "new"],
            ["first", "potential", "down"],
            ["late", "potential", "down"],
            ["mid", "potential", "down"],
          ])
          // and 2023 in Berlin holds none of them
          const run2023 = yield* service.classifyPeriod(tenant, {
            period: period2023,
            policyVersion: "v1",
          })
          expect(run2023.customers).toBe(0)
        }).pipe(Effect.provide(live())),
    )

    it.effect("SEG-2 a manual tier override is refused with the rule and changes nothing", () =>
      Effect.gen(function* () {
        const tenant = freshTenant()
        const service = yield* Segmentation.Segmentation
        yield* twoYears(tenant)
        const before = yield* storedDocuments(tenant)
        const refused = yield* Effect.flip(
          service.overrideTier(tenant, {
            period: period2024,
            customerId: "ada",
            tier: "major",
            by: "s-ann",
          }),
        )
        expect(refused).toBeInstanceOf(Segmentation.TierOverrideRefusedError)
        expect(refused.rule).toBe("SEG-2")
        expect(refused).toMatchObject({
          customerId: "ada",
          tier: "major",
          by: "s-ann",
          period: Segmentation.periodKey(period2024),
        })
        expect(refused.message).toContain("SEG-2")
        // whatever the request: a period never classified, a customer never seen
        const unclassified = yield* Effect.flip(
          service.overrideTier(tenant, {
            period: year(2030),
            customerId: "nobody",
            tier: "general",
            by: "s-boss",
          }),
        )
        expect(unclassified._tag).toBe("TierOverrideRefusedError")
        expect(yield* storedDocuments(tenant)).toEqual(before)
        const ada = Option.getOrThrow(yield* service.resultOf(tenant, period2024, "ada"))
        expect(ada.tier).toBe("general")
      }).pipe(Effect.provide(live())),
    )

    it.effect(
      "SEG-2 a classified period refuses another policy version and keeps its results",
      () =>
        Effect.gen(function* () {
          const tenant = freshTenant()
          const service = yield* Segmentation.Segmentation
          yield* twoYears(tenant)
          yield* service.savePolicy(tenant, policyV2)
          const before = yield* storedDocuments(tenant)
          const refused = yield* Effect.flip(
            service.classifyPeriod(tenant, {
              period: period2024,
              policyVersion: "v2",
              customers: registered2024,
            }),
          )
          expect(refused).toBeInstanceOf(Segmentation.PolicyInForceError)
          expect(refused).toMatchObject({
            _tag: "PolicyInForceError",
            period: Segmentation.periodKey(period2024),
            inForce: "v1",
            requested: "v2",
            rule: "SEG-2",
          })
          expect(yield* storedDocuments(tenant)).toEqual(before)
          // a new period may use the new version
          const run2025 = yield* service.classifyPeriod(tenant, {
            period: year(2025),
            policyVersion: "v2",
          })
          expect(run2025.policyVersion).toBe("v2")
        }).pipe(Effect.provide(live())),
    )

    it.effect(
      "SEG-2 classifying a period again under the same version replaces its results without duplicates",
      () =>
        Effect.gen(function* () {
          const tenant = freshTenant()
          const service = yield* Segmentation.Segmentation
          const { run2024 } = yield* twoYears(tenant)
          const first = yield* readBack(tenant, period2024)
          yield* TestClock.adjust("1 hour")
          const again = yield* service.classifyPeriod(tenant, {
            period: period2024,
            policyVersion: "v1",
            customers: registered2024,
          })
          const second = yield* readBack(tenant, period2024)
          expect(second.results).toEqual(first.results)
          expect(second.results).toHaveLength(7)
          expect(second.changes).toEqual(first.changes)
          expect(second.changes).toHaveLength(5)
          expect(again.changes).toBe(5)
          expect({ ...again, classifiedAt: 0 }).toEqual({ ...run2024, classifiedAt: 0 })
          expect(again.classifiedAt).toBe(classifiedAt + 3_600_000)
          expect(second.run).toEqual(again)
          const documents = yield* storedDocuments(tenant)
          expect(documents["segmentation-periods"]).toHaveLength(2)
          expect(documents["segmentation-results"]).toHaveLength(6 + 7)
          expect(documents["segmentation-changes"]).toHaveLength(5)
          // 2023 again too: its results stay, and 2024's changes are not touched
          yield* service.classifyPeriod(tenant, {
            period: period2023,
            policyVersion: "v1",
            customers: registered2023,
          })
          expect((yield* readBack(tenant, period2024)).changes).toEqual(first.changes)
          expect((yield* storedDocuments(tenant))["segmentation-results"]).toHaveLength(13)
        }).pipe(Effect.provide(live())),
    )

    it.effect(
      "SEG-2 a saved policy version never changes: other content conflicts, the same content is idempotent",
      () =>
        Effect.gen(function* () {
          const tenant = freshTenant()
          const service = yield* Segmentation.Segmentation
          const saved = yield* service.savePolicy(tenant, policyV1)
          const before = yield* storedDocuments(tenant)
          const conflict = yield* Effect.flip(
            service.savePolicy(tenant, { ...policyV1, cultivationWithinPercent: 10 }),
          )
          expect(conflict).toBeInstanceOf(Segmentation.PolicyVersionConflictError)
          expect(conflict).toMatchObject({ version: "v1" })
          const stars = yield* Effect.flip(
            service.savePolicy(tenant, { ...policyV1, tiers: Policy.stars }),
          )
          expect(stars._tag).toBe("PolicyVersionConflictError")
          // the same content, given in full and in another key order: no change
          const encoded = Schema.encodeSync(Policy.SegmentationPolicy)(saved)
          const reordered = Object.fromEntries(
            Object.entries(encoded).reverse(),
          ) as unknown as Policy.PolicyInput
          expect(yield* service.savePolicy(tenant, reordered)).toEqual(saved)
          expect(yield* service.savePolicy(tenant, policyV1)).toEqual(saved)
          expect(yield* storedDocuments(tenant)).toEqual(before)
          const invalid = yield* Effect.flip(
            service.savePolicy(tenant, {
              version: "v3",
              currency: "EUR",
              cultivationWithinPercent: 120,
            }),
          )
          expect(invalid._tag).toBe("ValidationError")
        }).pipe(Effect.provide(live())),
    )

    it.effect(
      "SEG-4 a service-time budget is stored per customer and adds up to the budget exactly",
      () =>
        Effect.gen(function* () {
          const tenant = freshTenant()
          const service = yield* Segmentation.Segmentation
          yield* service.savePolicy(tenant, policyV1)
          yield* service.recordTransactions(tenant, sales2024)
          const budget = 10_007
          const run = yield* service.classifyPeriod(tenant, {
            period: period2024,
            policyVersion: "v1",
            customers: registered2024,
            serviceBudgetMinutes: budget,
          })
          const results = yield* service.results(tenant, period2024)
          expect(results).toHaveLength(7)
          // the run sums each class: customers, contribution and minutes
          expect(run.classes.map((c) => c.name)).toEqual(["A", "B", "C", "D"])
          expect(run.classes.reduce((a, c) => a + (c.serviceMinutes ?? 0), 0)).toBe(budget)
          for (const c of run.classes) {
            const members = results.filter((r) => r.abcd === c.name)
            expect(c.customers).toBe(members.length)
            expect(c.contribution.amount).toBe(
              members.reduce((a, r) => a + r.figures.contribution.amount, 0),
            )
            expect(c.serviceMinutes).toBe(members.reduce((a, r) => a + (r.serviceMinutes ?? 0), 0))
          }
          // and what it took to be major: the least figures that met the cuts
          const pureRun = classifyPure(sales2024, period2024, registered2024, policyV1)
          const majorContribution = pureRun.tiers.thresholds[0]?.contribution as Cut.Resolved
          const [major] = run.thresholds
          expect(major?.tier).toBe("major")
          expect(major?.orders).toBe(2)
          const least = major?.contribution?.amount ?? Number.NaN
          expect(Cut.meets(majorContribution, least)).toBe(true)
          // an outsider must beat the weakest member: one unit above it
          expect(least).toBe(Math.floor(majorContribution.entry) + 1)
          const minutes = results.map((r) => r.serviceMinutes)
          for (const m of minutes) expect(Number.isSafeInteger(m)).toBe(true)
          expect(minutes.reduce((a: number, b) => a + (b ?? 0), 0)).toBe(budget)
          // the same shares as the pure allocation
          const pure = classifyPure(sales2024, period2024, registered2024, policyV1)
          const allocation = Either.getOrThrow(ServiceTime.allocate(pure, budget))
          const expected = Object.fromEntries(
            pure.summaries.customerIds.map((id, i) => [id, allocation.perCustomer[i]]),
          )
          expect(Object.fromEntries(results.map((r) => [r.customerId, r.serviceMinutes]))).toEqual(
            expected,
          )
          // a class with a bigger service share never gives its customers less time each
          const perClass = new Map<string, number>()
          for (const r of results)
            perClass.set(r.abcd, Math.max(perClass.get(r.abcd) ?? 0, r.serviceMinutes ?? 0))
          const a = perClass.get("A")
          const d = perClass.get("D")
          if (a !== undefined && d !== undefined) expect(a).toBeGreaterThanOrEqual(d)

          const refused = yield* Effect.flip(
            service.classifyPeriod(tenant, {
              period: period2024,
              policyVersion: "v1",
              serviceBudgetMinutes: 12.5,
            }),
          )
          expect(refused._tag).toBe("ValidationError")
          const kept = yield* service.results(tenant, period2024)
          expect(byCustomer(kept)).toEqual(byCustomer(results))
        }).pipe(Effect.provide(live())),
    )

    it.effect(
      "SEG-3 a bad transaction in a batch fails with its path and records none of the batch",
      () =>
        Effect.gen(function* () {
          const tenant = freshTenant()
          const service = yield* Segmentation.Segmentation
          const good = sale("ada", "2024-03-01", 100)
          const nonInteger = yield* Effect.flip(
            service.recordTransactions(tenant, [
              good,
              { ...sale("bob", "2024-03-02", 100), at: Date.parse("2024-03-02T12:00:00Z") + 0.5 },
              sale("cy", "2024-03-03", 100),
            ]),
          )
          expect(nonInteger).toBeInstanceOf(Errors.ValidationError)
          const paths = (nonInteger as Errors.ValidationError).issues.map((issue) => issue.path)
          expect(paths).toContainEqual([1, "at"])
          const noCurrency = yield* Effect.flip(
            service.recordTransactions(tenant, [
              good,
              sale("bob", "2024-03-02", 100),
              { ...sale("cy", "2024-03-03", 100), revenue: { amount: 100 } },
            ]),
          )
          expect(noCurrency._tag).toBe("ValidationError")
          expect((noCurrency as Errors.ValidationError).issues.map((i) => i.path)).toContainEqual([
            2,
            "revenue",
            "currency",
          ])
          expect((yield* storedDocuments(tenant))["segmentation-transactions"]).toEqual([])

          // all or none for store failures too: a recorded order id fails the whole batch
          expect(yield* service.recordTransactions(tenant, [good])).toBe(1)
          const duplicate = yield* Effect.flip(
            service.recordTransactions(tenant, [sale("dan", "2024-04-01", 100), good]),
          )
          expect(duplicate).toMatchObject({ _tag: "StoreError", reason: "Duplicate" })
          const recorded = (yield* storedDocuments(tenant))["segmentation-transactions"] ?? []
          expect(recorded.map((document) => document.id)).toEqual([good.orderId])
        }).pipe(Effect.provide(live())),
    )

    it.effect("SEG-2 an unknown policy version fails with NotFoundError and stores nothing", () =>
      Effect.gen(function* () {
        const tenant = freshTenant()
        const service = yield* Segmentation.Segmentation
        yield* service.recordTransactions(tenant, sales2024)
        const before = yield* storedDocuments(tenant)
        const missing = yield* Effect.flip(
          service.classifyPeriod(tenant, { period: period2024, policyVersion: "v9" }),
        )
        expect(missing).toBeInstanceOf(Errors.NotFoundError)
        expect(missing).toMatchObject({ entity: "segmentation policy", id: "v9" })
        expect(yield* storedDocuments(tenant)).toEqual(before)
        expect(yield* storedRun(tenant, period2024)).toBeUndefined()
      }).pipe(Effect.provide(live())),
    )

    it.effect(
      "SEG-3 a store failure half-way through a run leaves no results, no changes and no run record",
      () => {
        const failure: WriteFailure = { armed: false }
        return Effect.gen(function* () {
          const tenant = freshTenant()
          const service = yield* Segmentation.Segmentation
          yield* TestClock.setTime(classifiedAt)
          yield* service.savePolicy(tenant, policyV1)
          yield* service.recordTransactions(tenant, [...sales2023, ...sales2024])
          yield* service.classifyPeriod(tenant, {
            period: period2023,
            policyVersion: "v1",
            customers: registered2023,
          })
          const before = yield* storedDocuments(tenant)

          failure.armed = true
          const failed = yield* Effect.flip(
            service.classifyPeriod(tenant, {
              period: period2024,
              policyVersion: "v1",
              customers: registered2024,
            }),
          )
          expect(failed).toMatchObject({ _tag: "StoreError", reason: "Unavailable" })
          expect(yield* service.results(tenant, period2024)).toEqual([])
          expect(yield* service.changes(tenant, period2024)).toEqual([])
          expect(yield* storedRun(tenant, period2024)).toBeUndefined()
          expect(yield* storedDocuments(tenant)).toEqual(before)

          // a failed re-run keeps the period's previous results
          const failedAgain = yield* Effect.flip(
            service.classifyPeriod(tenant, {
              period: period2023,
              policyVersion: "v1",
              customers: [...registered2023, "zed"],
            }),
          )
          expect(failedAgain._tag).toBe("StoreError")
          expect(yield* storedDocuments(tenant)).toEqual(before)

          // once the store is back, the same run succeeds
          failure.armed = false
          const run = yield* service.classifyPeriod(tenant, {
            period: period2024,
            policyVersion: "v1",
            customers: registered2024,
          })
          expect(run.changes).toBe(5)
          expect(yield* service.results(tenant, period2024)).toHaveLength(7)
        }).pipe(Effect.provide(live(failingHalfWay(makeStore(), failure))))
      },
    )
  })
}
