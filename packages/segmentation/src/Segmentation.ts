/**
 * The `Segmentation` service: a period's classification run over the storage port
 * (SEG-1 … SEG-6). It records transactions and versioned policies, summarises a
 * period straight from the stored transactions (streamed page by page), classifies
 * it with the pure `classifyPeriod`, and stores every customer's result, the tier
 * changes against the previous period (SEG-3) and the run itself — all in one
 * transaction, so a failure leaves the period as it was.
 *
 * SEG-2, one objective standard: a period is classified by exactly one policy
 * version (running it again with another version is refused: a policy change starts
 * a new period), and a computed tier cannot be overridden by hand
 * ({@link TierOverrideRefusedError}).
 *
 * @since 0.1.0
 */
import { Errors, Ids, Money, Period, PromiseClient } from "@clientele/core"
import { Collection, Store, type StoreError } from "@clientele/store"
import * as Chunk from "effect/Chunk"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as Changes from "./Changes.js"
import * as Classification from "./Classification.js"
import type * as Cut from "./Cut.js"
import * as Policy from "./Policy.js"
import * as ServiceTime from "./ServiceTime.js"
import * as Summary from "./Summary.js"

const Figures = Schema.Struct({
  orders: Schema.Int,
  revenue: Money.Money,
  contribution: Money.Money,
})

/**
 * One customer's stored result for a period: its tier, ABCD class, RFM scores and
 * segment, its service-time minutes when a budget was shared, the figures behind
 * them and the policy version used.
 *
 * @example
 * ```ts
 * import type { Segmentation } from "@clientele/segmentation"
 *
 * declare const result: Segmentation.CustomerResult
 * `${result.customerId}: ${result.tier} (${result.abcd}) under policy ${result.policyVersion}`
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export class CustomerResult extends Schema.Class<CustomerResult>("CustomerResult")({
  periodKey: Schema.String,
  customerId: Ids.CustomerId,
  policyVersion: Schema.String,
  tier: Schema.String,
  abcd: Schema.String,
  rfm: Schema.Struct({
    recency: Schema.Int,
    frequency: Schema.Int,
    monetary: Schema.Int,
    segment: Schema.String,
  }),
  serviceMinutes: Schema.NullOr(Schema.Int),
  figures: Figures,
  /** The number of distinct categories bought in the period (loyalty's default dependence). */
  categoryCount: Schema.Int,
}) {}

/**
 * A stored tier change (SEG-3): from, to, both periods and the figures.
 *
 * @example
 * ```ts
 * import type { Segmentation } from "@clientele/segmentation"
 *
 * declare const change: Segmentation.StoredChange
 * `${change.customerId}: ${change.from ?? "new"} → ${change.to}`
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export class StoredChange extends Schema.Class<StoredChange>("StoredChange")({
  periodKey: Schema.String,
  customerId: Ids.CustomerId,
  from: Schema.NullOr(Schema.String),
  to: Schema.String,
  direction: Schema.Literal("up", "down", "new"),
  previousPeriod: Period.Period,
  period: Period.Period,
  previousFigures: Schema.NullOr(Figures),
  figures: Figures,
  previousPolicyVersion: Schema.String,
  policyVersion: Schema.String,
}) {}

/**
 * The record of a classified period: which policy version is in force for it,
 * when it was classified, and how many customers each tier and class holds.
 *
 * @example
 * ```ts
 * import type { Segmentation } from "@clientele/segmentation"
 *
 * declare const run: Segmentation.PeriodRun
 * run.tierCounts["major"]
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export class PeriodRun extends Schema.Class<PeriodRun>("PeriodRun")({
  periodKey: Schema.String,
  period: Period.Period,
  policyVersion: Schema.String,
  classifiedAt: Period.Instant,
  customers: Schema.Int,
  tierCounts: Schema.Record({ key: Schema.String, value: Schema.Int }),
  abcdCounts: Schema.Record({ key: Schema.String, value: Schema.Int }),
  /** Each ABCD class, best first: its customers, the contribution they brought and their service minutes. */
  classes: Schema.Array(
    Schema.Struct({
      name: Schema.String,
      customers: Schema.Int,
      contribution: Money.Money,
      serviceMinutes: Schema.NullOr(Schema.Int),
    }),
  ),
  /**
   * What a customer below each tier (the inactive one aside) had to reach to get in,
   * as resolved for the period: at least so many orders and so much contribution
   * (`null`: the tier asks nothing of that figure, or nobody could get in).
   */
  thresholds: Schema.Array(
    Schema.Struct({
      tier: Schema.String,
      orders: Schema.NullOr(Schema.Int),
      contribution: Schema.NullOr(Money.Money),
    }),
  ),
  changes: Schema.Int,
}) {}

/**
 * The key of a period in stored ids: `start_end_zone`.
 *
 * @example
 * ```ts
 * import { Period } from "@clientele/core"
 * import { Segmentation } from "@clientele/segmentation"
 *
 * Segmentation.periodKey(Period.make("2024-01-01", "2025-01-01", "UTC")) // "2024-01-01_2025-01-01_UTC"
 * ```
 *
 * @since 0.1.0
 * @category getters
 */
export const periodKey = (period: Period.Period): string =>
  `${period.start}_${period.end}_${period.zone}`

/** A period key as people read it: `2024-01-01 to 2025-01-01 (UTC)`. */
const readable = (key: string): string => {
  const [start, end, ...zone] = key.split("_")
  return zone.length === 0 ? key : `${start} to ${end} (${zone.join("_")})`
}

const transactions = Collection.make({
  name: "segmentation-transactions",
  schema: Summary.Transaction,
  id: (transaction) => transaction.orderId,
  indexes: {
    at: (transaction) => transaction.at,
    customerId: (transaction) => transaction.customerId,
  },
  subject: { index: "customerId" },
})

// No subject: a segmentation policy is the company's, about no customer.
const policies = Collection.make({
  name: "segmentation-policies",
  schema: Policy.SegmentationPolicy,
  id: (policy) => policy.version,
})

// No subject: a period's run keeps counts and thresholds over all customers.
const runs = Collection.make({
  name: "segmentation-periods",
  schema: PeriodRun,
  id: (run) => run.periodKey,
})

const results = Collection.make({
  name: "segmentation-results",
  schema: CustomerResult,
  id: (result) => `${result.periodKey}|${result.customerId}`,
  indexes: {
    periodKey: (result) => result.periodKey,
    tier: (result) => result.tier,
    customerId: (result) => result.customerId,
  },
  subject: { index: "customerId" },
})

const changeLog = Collection.make({
  name: "segmentation-changes",
  schema: StoredChange,
  id: (change) => `${change.periodKey}|${change.customerId}`,
  indexes: {
    periodKey: (change) => change.periodKey,
    customerId: (change) => change.customerId,
  },
  subject: { index: "customerId" },
})

/**
 * Every collection the service writes, each with the subject its documents are
 * about (transactions, results and tier changes by customer; policies and period
 * runs name no customer): pass it to the archive service so that an erasure covers
 * this package's data.
 *
 * @example
 * ```ts
 * import { Segmentation } from "@clientele/segmentation"
 *
 * const names = Segmentation.collections.map((collection) => collection.name)
 * // ["segmentation-transactions", "segmentation-policies", "segmentation-periods", …]
 * ```
 *
 * @since 0.1.0
 * @category services
 */
export const collections: ReadonlyArray<Collection.AnyCollection> = [
  transactions,
  policies,
  runs,
  results,
  changeLog,
]

/**
 * What a period run needs: the period, the version of a saved policy, optionally
 * the registered customers (classified *potential* when they bought nothing; the
 * previous period's customers are added to them by the run) and a
 * service-time budget in minutes to share over the ABCD classes (SEG-4).
 *
 * @example
 * ```ts
 * import { Period } from "@clientele/core"
 * import type { Segmentation } from "@clientele/segmentation"
 *
 * const request: Segmentation.RunRequest = {
 *   period: Period.make("2024-01-01", "2025-01-01", "Europe/Berlin"),
 *   policyVersion: "2024",
 *   customers: ["cus-1", "cus-2"],
 *   serviceBudgetMinutes: 60_000,
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface RunRequest {
  readonly period: Period.Period
  readonly policyVersion: string
  readonly customers?: ReadonlyArray<string> | undefined
  readonly serviceBudgetMinutes?: number | undefined
}

/**
 * The errors of a period run.
 *
 * @example
 * ```ts
 * import type { Segmentation } from "@clientele/segmentation"
 *
 * declare const error: Segmentation.RunError
 * error._tag
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export type RunError =
  | Errors.ValidationError
  | Errors.NotFoundError
  | Money.CurrencyMismatchError
  | Money.MoneyOverflowError
  | PolicyInForceError
  | StoreError.StoreError

/**
 * The segmentation service.
 *
 * @example
 * ```ts
 * import type { Segmentation } from "@clientele/segmentation"
 *
 * declare const service: Segmentation.SegmentationService
 * service.classifyPeriod
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface SegmentationService {
  /** Records transactions (decoded from untrusted input), all or none; an order id already recorded fails with `Duplicate`. */
  readonly recordTransactions: (
    tenant: Ids.TenantId,
    transactions: ReadonlyArray<unknown>,
  ) => Effect.Effect<number, Errors.ValidationError | StoreError.StoreError>
  /** Saves a policy version; saving different content under a saved version fails with {@link PolicyVersionConflictError}. */
  readonly savePolicy: (
    tenant: Ids.TenantId,
    input: Policy.PolicyInput,
  ) => Effect.Effect<
    Policy.SegmentationPolicy,
    Errors.ValidationError | PolicyVersionConflictError | StoreError.StoreError
  >
  /**
   * Classifies a period from the stored transactions and stores results, changes and
   * the run, in one transaction. The period's population is the customers given,
   * the previous period's population (when it was classified) and the period's
   * buyers, so a customer who stops buying stays on record as *potential*. The changes compare with the previous period as
   * stored at that moment (the calendar period before, when it was classified):
   * classify periods in order, since classifying an earlier period again does not
   * rewrite a later period's changes. SEG-2's one policy holds per period as given
   * (start, end and zone); a quarter and its year are different periods.
   */
  readonly classifyPeriod: (
    tenant: Ids.TenantId,
    request: RunRequest,
  ) => Effect.Effect<PeriodRun, RunError>
  /** A customer's stored result for a period, if the period was classified with the customer in it. */
  readonly resultOf: (
    tenant: Ids.TenantId,
    period: Period.Period,
    customerId: string,
  ) => Effect.Effect<Option.Option<CustomerResult>, StoreError.StoreError>
  /** The stored results of a period, optionally of one tier only. */
  readonly results: (
    tenant: Ids.TenantId,
    period: Period.Period,
    options?: { readonly tier?: string | undefined },
  ) => Effect.Effect<ReadonlyArray<CustomerResult>, StoreError.StoreError | Errors.ValidationError>
  /** The stored tier changes into a period (SEG-3). */
  readonly changes: (
    tenant: Ids.TenantId,
    period: Period.Period,
  ) => Effect.Effect<ReadonlyArray<StoredChange>, StoreError.StoreError | Errors.ValidationError>
  /** Always refused (SEG-2): tiers come from the policy and the period's data only. */
  readonly overrideTier: (
    tenant: Ids.TenantId,
    request: {
      readonly period: Period.Period
      readonly customerId: string
      readonly tier: string
      readonly by: string
    },
  ) => Effect.Effect<never, TierOverrideRefusedError>
}

/**
 * The service tag.
 *
 * @example
 * ```ts
 * import { Segmentation } from "@clientele/segmentation"
 * import * as Effect from "effect/Effect"
 *
 * const program = Effect.gen(function* () {
 *   const segmentation = yield* Segmentation.Segmentation
 *   return segmentation
 * })
 * ```
 *
 * @since 0.1.0
 * @category services
 */
export class Segmentation extends Context.Tag("@clientele/segmentation/Segmentation")<
  Segmentation,
  SegmentationService
>() {}

// A day either side of the instants: membership is decided by civil date in the summary.
const MARGIN = 2 * 86_400_000

/** The stored transactions that may fall in a period, page by page, by instant. */
const transactionsAround = (tenant: Ids.TenantId, period: Period.Period) =>
  Stream.paginateChunkEffect(undefined as string | null | undefined, (cursor) =>
    Effect.map(
      transactions.query(tenant, {
        range: {
          index: "at",
          gte: Period.startInstant(period) - MARGIN,
          lt: Period.endInstant(period) + MARGIN,
        },
        orderBy: { index: "at" },
        limit: 5_000,
        cursor,
      }),
      (page) =>
        [
          Chunk.unsafeFromArray(page.entries.map((entry) => entry.value)),
          page.cursor === null ? Option.none() : Option.some(page.cursor),
        ] as const,
    ),
  )

/** The least whole figure that meets a resolved cut from outside, or null when none does. */
const entryOf = (cut: Cut.Resolved | undefined): number | null => {
  if (cut === undefined) return null
  const least = cut.entryInclusive ? Math.ceil(cut.entry) : Math.floor(cut.entry) + 1
  return Number.isSafeInteger(least) ? least : null
}

const classesOf = (
  classification: Classification.PeriodClassification,
  minutes: ServiceTime.ServiceTimeAllocation | undefined,
) => {
  const { abcd, summaries } = classification
  const contribution = new Float64Array(abcd.names.length)
  for (let i = 0; i < abcd.classOf.length; i++) {
    const k = abcd.classOf[i] as number
    contribution[k] = (contribution[k] as number) + (summaries.contribution[i] as number)
  }
  return abcd.names.map((name, k) => ({
    name,
    customers: abcd.counts[k] ?? 0,
    contribution: Money.make(contribution[k] as number, summaries.currency),
    serviceMinutes: minutes === undefined ? null : (minutes.perClass[k] ?? 0),
  }))
}

const thresholdsOf = (classification: Classification.PeriodClassification) => {
  const { tiers, summaries } = classification
  return tiers.thresholds.slice(0, -1).map((cuts, t) => {
    const contribution = entryOf(cuts.contribution)
    return {
      tier: tiers.names[t] as string,
      orders: entryOf(cuts.orders),
      contribution: contribution === null ? null : Money.make(contribution, summaries.currency),
    }
  })
}

const countsOf = (names: ReadonlyArray<string>, counts: ReadonlyArray<number>) =>
  Object.fromEntries(names.map((name, k) => [name, counts[k] ?? 0]))

/**
 * Builds the service over the `Store`.
 *
 * @example
 * ```ts
 * import { Segmentation } from "@clientele/segmentation"
 * import { MemoryStore } from "@clientele/store"
 * import * as Effect from "effect/Effect"
 *
 * const service = Effect.provide(Segmentation.make, MemoryStore.layer)
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: Effect.Effect<SegmentationService, never, Store.Store> = Effect.gen(
  function* () {
    const store = yield* Store.Store
    const provide = Effect.provideService(Store.Store, store)

    const recordTransactions: SegmentationService["recordTransactions"] = Effect.fn(
      "Segmentation.recordTransactions",
    )(function* (tenant, input) {
      const decoded = yield* Errors.decode(Schema.Array(Summary.Transaction))(input)
      yield* provide(transactions.insertAll(tenant, decoded))
      return decoded.length
    })

    const savePolicy: SegmentationService["savePolicy"] = Effect.fn("Segmentation.savePolicy")(
      function* (tenant, input) {
        const policy = yield* Policy.make(input)
        return yield* provide(
          policies.insertImmutable(
            tenant,
            policy,
            () => new PolicyVersionConflictError({ version: policy.version }),
          ),
        )
      },
    )

    const storedPrevious = (tenant: Ids.TenantId, period: Period.Period) =>
      Effect.gen(function* () {
        const previous = Period.previous(period)
        if (Either.isLeft(previous)) return undefined
        const key = periodKey(previous.right)
        const run = yield* runs.get(tenant, key)
        if (Option.isNone(run)) return undefined
        const stored = yield* results.queryAll(tenant, { where: { periodKey: key } })
        const byCustomer = new Map(
          stored.map((entry) => [entry.value.customerId as string, entry.value]),
        )
        const found: Changes.PreviousPeriod & { readonly customers: ReadonlyArray<string> } = {
          customers: [...byCustomer.keys()],
          period: previous.right,
          policyVersion: run.value.value.policyVersion,
          tierOf: (customerId) => {
            const result = byCustomer.get(customerId)
            return result === undefined ? undefined : { tier: result.tier, figures: result.figures }
          },
        }
        return found
      })

    const classifyPeriod: SegmentationService["classifyPeriod"] = Effect.fn(
      "Segmentation.classifyPeriod",
    )(function* (tenant, request) {
      const period = yield* Errors.decode(Period.Period)(request.period)
      const found = yield* provide(policies.get(tenant, request.policyVersion))
      if (Option.isNone(found)) {
        return yield* new Errors.NotFoundError({
          entity: "segmentation policy",
          id: request.policyVersion,
        })
      }
      const policy = found.value.value
      const key = periodKey(period)
      return yield* provide(
        store.transaction(
          Effect.gen(function* () {
            const existing = yield* runs.get(tenant, key)
            if (Option.isSome(existing) && existing.value.value.policyVersion !== policy.version) {
              return yield* new PolicyInForceError({
                period: key,
                inForce: existing.value.value.policyVersion,
                requested: policy.version,
              })
            }
            // The population: the registered customers, the previous period's, and the buyers.
            const previous = yield* storedPrevious(tenant, period)
            const registered = new Set(request.customers ?? [])
            const carried = (previous?.customers ?? []).filter((id) => !registered.has(id))
            const summaries = yield* Summary.fromStream(transactionsAround(tenant, period), {
              period,
              currency: policy.currency,
              customers: [...(request.customers ?? []), ...carried],
            })
            const classification = yield* Classification.classifyPeriod(summaries, policy)
            const minutes =
              request.serviceBudgetMinutes === undefined
                ? undefined
                : yield* ServiceTime.allocate(classification, request.serviceBudgetMinutes)
            const changes = previous === undefined ? [] : Changes.between(previous, classification)

            const operations: Array<Store.WriteOperation> = []
            // A run again under the same policy replaces the period's results and changes.
            for (const entry of yield* results.queryAll(tenant, { where: { periodKey: key } })) {
              operations.push(results.operations.delete(entry.id, entry.version))
            }
            for (const entry of yield* changeLog.queryAll(tenant, { where: { periodKey: key } })) {
              operations.push(changeLog.operations.delete(entry.id, entry.version))
            }
            const ids = summaries.customerIds
            for (let i = 0; i < ids.length; i++) {
              const classes = Classification.customerAt(classification, i)
              const result = new CustomerResult(
                {
                  periodKey: key,
                  customerId: Ids.CustomerId.make(ids[i] as string),
                  policyVersion: policy.version,
                  tier: classes.tier,
                  abcd: classes.abcd,
                  rfm: classes.rfm,
                  serviceMinutes: minutes === undefined ? null : (minutes.perCustomer[i] as number),
                  figures: Changes.figuresOf(summaries, i),
                  categoryCount: summaries.categoryCount[i] as number,
                },
                true,
              )
              operations.push(yield* results.operations.insert(result))
            }
            for (const change of changes) {
              operations.push(
                yield* changeLog.operations.insert(
                  new StoredChange(
                    {
                      ...change,
                      periodKey: key,
                      customerId: Ids.CustomerId.make(change.customerId),
                    },
                    true,
                  ),
                ),
              )
            }
            const run = new PeriodRun(
              {
                periodKey: key,
                period,
                policyVersion: policy.version,
                classifiedAt: yield* Clock.currentTimeMillis,
                customers: ids.length,
                tierCounts: countsOf(classification.tiers.names, classification.tiers.counts),
                abcdCounts: countsOf(classification.abcd.names, classification.abcd.counts),
                classes: classesOf(classification, minutes),
                thresholds: thresholdsOf(classification),
                changes: changes.length,
              },
              true,
            )
            operations.push(
              Option.isSome(existing)
                ? yield* runs.operations.update(run, existing.value.version)
                : yield* runs.operations.insert(run),
            )
            yield* store.bulkWrite(tenant, operations)
            return run
          }),
        ),
      )
    })

    const resultOf: SegmentationService["resultOf"] = (tenant, period, customerId) =>
      provide(
        Effect.map(
          results.get(tenant, `${periodKey(period)}|${customerId}`),
          Option.map((entry) => entry.value),
        ),
      )

    const listResults: SegmentationService["results"] = (tenant, period, options) =>
      provide(
        Effect.map(
          results.queryAll(tenant, {
            where: { periodKey: periodKey(period), tier: options?.tier },
          }),
          (entries) => entries.map((entry) => entry.value),
        ),
      )

    const listChanges: SegmentationService["changes"] = (tenant, period) =>
      provide(
        Effect.map(
          changeLog.queryAll(tenant, { where: { periodKey: periodKey(period) } }),
          (entries) => entries.map((entry) => entry.value),
        ),
      )

    const overrideTier: SegmentationService["overrideTier"] = (_tenant, request) =>
      Effect.fail(
        new TierOverrideRefusedError({
          customerId: request.customerId,
          period: periodKey(request.period),
          tier: request.tier,
          by: request.by,
        }),
      )

    return {
      recordTransactions,
      savePolicy,
      classifyPeriod,
      resultOf,
      results: listResults,
      changes: listChanges,
      overrideTier,
    }
  },
)

/**
 * The service's layer over a `Store`.
 *
 * @example
 * ```ts
 * import { Segmentation } from "@clientele/segmentation"
 * import { MemoryStore } from "@clientele/store"
 * import * as Layer from "effect/Layer"
 *
 * const live = Segmentation.layer.pipe(Layer.provide(MemoryStore.layer))
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<Segmentation, never, Store.Store> = Layer.effect(Segmentation, make)

/**
 * The Promise API: the service's methods as plain async functions over a store
 * layer. Rejections are the same tagged errors.
 *
 * @example
 * ```ts
 * import { Ids, Period } from "@clientele/core"
 * import { Segmentation } from "@clientele/segmentation"
 * import { MemoryStore } from "@clientele/store"
 *
 * const client = await Segmentation.makeClient(MemoryStore.layer)
 * const tenant = Ids.TenantId.make("acme")
 * await client.savePolicy(tenant, { version: "2024", currency: "EUR" })
 * await client.recordTransactions(tenant, [
 *   { orderId: "o-1", customerId: "cus-1", at: Date.UTC(2024, 4, 1), revenue: { amount: 800, currency: "EUR" } },
 * ])
 * const run = await client.classifyPeriod(tenant, { period: Period.make("2024-01-01", "2025-01-01", "UTC"), policyVersion: "2024" })
 * await client.close()
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeClient = <E>(
  store: Layer.Layer<Store.Store, E>,
): Promise<PromiseClient.PromiseClient<SegmentationService>> =>
  PromiseClient.make(Segmentation, layer.pipe(Layer.provide(store)))

/**
 * A manual tier override was attempted (SEG-2): tiers come only from the policy in
 * force and the period's data, so the attempt is refused and nothing changes.
 *
 * @example
 * ```ts
 * import { Segmentation } from "@clientele/segmentation"
 *
 * const error = new Segmentation.TierOverrideRefusedError({ customerId: "cus-1", period: "2024-01-01_2025-01-01_UTC", tier: "major", by: "s-ann" })
 * error.message
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class TierOverrideRefusedError extends Schema.TaggedError<TierOverrideRefusedError>(
  "@clientele/segmentation/TierOverrideRefusedError",
)("TierOverrideRefusedError", {
  customerId: Schema.String,
  period: Schema.String,
  tier: Schema.String,
  by: Schema.String,
}) {
  /** The rule that refuses it. */
  readonly rule = "SEG-2"
  override get message(): string {
    return `SEG-2: tiers are computed from the period's data by the policy in force; ${this.by} cannot set ${this.customerId} to ${this.tier} for ${readable(this.period)} by hand`
  }
}

/**
 * A period was asked to be classified by another policy version than the one
 * already in force for it (SEG-2: one policy per period; a policy change starts a
 * new period).
 *
 * @example
 * ```ts
 * import { Segmentation } from "@clientele/segmentation"
 *
 * const error = new Segmentation.PolicyInForceError({ period: "2024-01-01_2025-01-01_UTC", inForce: "v1", requested: "v2" })
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class PolicyInForceError extends Schema.TaggedError<PolicyInForceError>(
  "@clientele/segmentation/PolicyInForceError",
)("PolicyInForceError", {
  period: Schema.String,
  inForce: Schema.String,
  requested: Schema.String,
}) {
  /** The rule that refuses it. */
  readonly rule = "SEG-2"
  override get message(): string {
    return `SEG-2: the period ${readable(this.period)} is classified by policy ${this.inForce}; policy ${this.requested} must start a new period`
  }
}

/**
 * A policy version was saved again with different content: a saved version never
 * changes, so results that name it stay explainable.
 *
 * @example
 * ```ts
 * import { Segmentation } from "@clientele/segmentation"
 *
 * const error = new Segmentation.PolicyVersionConflictError({ version: "2024" })
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class PolicyVersionConflictError extends Schema.TaggedError<PolicyVersionConflictError>(
  "@clientele/segmentation/PolicyVersionConflictError",
)("PolicyVersionConflictError", {
  version: Schema.String,
}) {
  override get message(): string {
    return `policy version ${this.version} is already saved with different content; save the change under a new version`
  }
}
