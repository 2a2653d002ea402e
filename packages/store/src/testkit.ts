/**
 * The conformance suite of the storage port: every adapter — the memory store, the
 * SQL adapter, an integrator's own — proves with one call that it keeps the port's
 * contract. The suite registers its tests with the test runner you hand it (vitest,
 * node:test, jest, mocha: anything with `describe` and `it`), builds your adapter's
 * layer afresh for every test, and writes only under fresh random tenant ids, so
 * tests are independent of each other and of their order, also over one shared
 * database.
 *
 * Groups, each also exported on its own: contract, schema round-trip, model-based,
 * concurrency, transactions, tenant isolation, pagination and hostile values.
 * Options declare real differences between databases (the largest document, the
 * deepest nesting, U+0000 in strings); whatever an adapter declares it cannot do is
 * registered as a visible skip whose name gives the reason, never silently left out.
 *
 * @since 0.1.0
 */
import type { Errors } from "@clientele/core"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import type * as Collection from "./Collection.js"
import { concurrency } from "./internal/testkit/concurrency.js"
import { contract } from "./internal/testkit/contract.js"
import { type Group, registerGroup, registerGroups } from "./internal/testkit/harness.js"
import { hostileValues } from "./internal/testkit/hostileValues.js"
import { modelBased } from "./internal/testkit/modelBased.js"
import { pagination } from "./internal/testkit/pagination.js"
import { schemaRoundTrip } from "./internal/testkit/schemaRoundTrip.js"
import { tenantIsolation } from "./internal/testkit/tenantIsolation.js"
import { transactions } from "./internal/testkit/transactions.js"
import { maxLimit, maxWhereValues } from "./Query.js"
import { type Json, type Page, Store, type StoredDocument, type StorePort } from "./Store.js"
import { StoreError } from "./StoreError.js"

/**
 * The part of a test runner the suite uses: `describe` to group and `it` to
 * register a test returning a promise (with an optional timeout in milliseconds),
 * and `it.skip` when the runner has it. vitest's, jest's and mocha's `describe` and
 * `it` fit as they are; so do node:test's (which ignores the timeout argument).
 *
 * @example
 * ```ts
 * import type { TestApi } from "@clientele/store/testkit"
 * import { describe, it } from "vitest"
 *
 * const test: TestApi = { describe, it }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface TestApi {
  readonly describe: (name: string, fn: () => void) => void
  readonly it: {
    (name: string, fn: () => Promise<void>, timeout?: number): void
    readonly skip?: ((name: string, fn: () => Promise<void>) => void) | undefined
  }
}

/**
 * What an out-of-band probe reads for a document: its version and body as the
 * database holds them.
 *
 * @example
 * ```ts
 * import type { ProbedDocument } from "@clientele/store/testkit"
 *
 * const row: ProbedDocument = { version: 2, body: { name: "Ada" } }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface ProbedDocument {
  readonly version: number
  readonly body: Json
}

/**
 * Reads the database directly, around the adapter, to prove that what the adapter
 * reports as written really is: after a commit the row is there with the right
 * version and body, after a rollback it is not. `read` resolves `undefined` for a
 * document the database does not hold.
 *
 * @example
 * ```ts
 * import type { Probe } from "@clientele/store/testkit"
 *
 * declare const rows: Map<string, { version: number; body: string }>
 * const probe: Probe = {
 *   read: async (tenant, collection, id) => {
 *     const row = rows.get(JSON.stringify([tenant, collection, id]))
 *     return row === undefined ? undefined : { version: row.version, body: JSON.parse(row.body) }
 *   },
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Probe {
  readonly read: (
    tenant: string,
    collection: string,
    id: string,
  ) => Promise<ProbedDocument | undefined>
}

/**
 * The options of the suite. Give the adapter as `layer` (built afresh for every
 * test) or `makeLayer` (called for every test); the rest have defaults.
 *
 * | option | type | default | meaning |
 * | --- | --- | --- | --- |
 * | `name` | `string` | — | names the adapter in test titles |
 * | `test` | `TestApi` | — | the runner's `describe` and `it` |
 * | `layer` | `Layer<Store>` | — | the adapter; built once per test |
 * | `makeLayer` | `() => Layer<Store>` | — | instead of `layer`: a layer per test |
 * | `probe` | `Probe` | none (probe tests skipped) | reads the database directly |
 * | `maxDocumentBytes` | `number` | 1 048 576 | the largest body (bytes of JSON) stored |
 * | `maxNestingDepth` | `number` | 1000 | the deepest body nesting stored |
 * | `supportsNulCharacter` | `boolean` | `true` | whether strings may hold U+0000 |
 * | `numRuns` | `number` | 50 | runs of each fast-check property |
 * | `seed` | `number` | random | fast-check seed, to replay a failure |
 * | `concurrency` | `number` | 16 | concurrent fibers in the concurrency group |
 * | `timeout` | `number` | 60 000 | per-test timeout in milliseconds |
 *
 * @example
 * ```ts
 * import { MemoryStore } from "@clientele/store"
 * import type { ConformanceOptions } from "@clientele/store/testkit"
 * import { describe, it } from "vitest"
 *
 * const options: ConformanceOptions = { name: "memory", test: { describe, it }, layer: MemoryStore.layer }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface ConformanceOptions {
  /** Names the adapter in the titles of the suite's `describe` blocks. */
  readonly name: string
  /** The test runner's `describe` and `it`. */
  readonly test: TestApi
  /** The adapter's layer, built afresh for every test (and released after it). */
  readonly layer?: Layer.Layer<Store, unknown> | undefined
  /** Called once per test for the layer to build; takes precedence over `layer`. */
  readonly makeLayer?: (() => Layer.Layer<Store, unknown>) | undefined
  /** Reads the database around the adapter; without it the probe tests are skipped, visibly. */
  readonly probe?: Probe | undefined
  /**
   * The largest body the adapter stores, in bytes of its JSON text. The suite
   * requires 1 MiB; an adapter declaring less gets that test skipped, visibly, and
   * is tested at its declared size instead.
   */
  readonly maxDocumentBytes?: number | undefined
  /** The deepest nesting of arrays and objects the adapter stores (required: 1000; as above). */
  readonly maxNestingDepth?: number | undefined
  /** Whether strings (bodies, keys, index values) may hold U+0000; PostgreSQL's `text` and `jsonb` cannot. */
  readonly supportsNulCharacter?: boolean | undefined
  /** How many runs each fast-check property makes (default 50). */
  readonly numRuns?: number | undefined
  /** The fast-check seed, to replay a failure the suite reported. */
  readonly seed?: number | undefined
  /** How many fibers the concurrency group runs at once (default 16). */
  readonly concurrency?: number | undefined
  /** The timeout of each test in milliseconds (default 60 000), passed to `it`. */
  readonly timeout?: number | undefined
}

const allGroups: ReadonlyArray<Group> = [
  contract,
  schemaRoundTrip,
  modelBased,
  concurrency,
  transactions,
  tenantIsolation,
  pagination,
  hostileValues,
]

/**
 * Registers the whole conformance suite — every group — for one adapter.
 *
 * @example
 * ```ts
 * import { MemoryStore } from "@clientele/store"
 * import { runConformance } from "@clientele/store/testkit"
 * import { describe, it } from "vitest"
 *
 * runConformance({ name: "memory", test: { describe, it }, layer: MemoryStore.layer })
 * ```
 *
 * @since 0.1.0
 * @category suites
 */
export const runConformance = (options: ConformanceOptions): void =>
  registerGroups(allGroups, options)

/**
 * Registers the contract group: one example per rule of the port — versions,
 * compare-and-set, duplicates, `getMany` order, `bulkWrite` atomicity and order,
 * query matching, ranges and ordering, scan order, refusal of malformed requests,
 * and (with a probe) that writes reach the database.
 *
 * @example
 * ```ts
 * import { MemoryStore } from "@clientele/store"
 * import { contractTests } from "@clientele/store/testkit"
 * import { describe, it } from "vitest"
 *
 * contractTests({ name: "memory", test: { describe, it }, layer: MemoryStore.layer })
 * ```
 *
 * @since 0.1.0
 * @category suites
 */
export const contractTests = (options: ConformanceOptions): void => registerGroup(contract, options)

/**
 * Registers the schema round-trip group: values drawn from schema-derived
 * arbitraries (nested structs, arrays, optional fields, unions, branded strings,
 * dates, bigints, classes) are stored through typed collections and read back by
 * every path equal to the originals, and the body the adapter keeps is exactly the
 * schema's encoded form.
 *
 * @example
 * ```ts
 * import { MemoryStore } from "@clientele/store"
 * import { schemaRoundTripTests } from "@clientele/store/testkit"
 * import { describe, it } from "vitest"
 *
 * schemaRoundTripTests({ name: "memory", test: { describe, it }, layer: MemoryStore.layer, numRuns: 20 })
 * ```
 *
 * @since 0.1.0
 * @category suites
 */
export const schemaRoundTripTests = (options: ConformanceOptions): void =>
  registerGroup(schemaRoundTrip, options)

/**
 * Registers the model-based group: fast-check command sequences (writes with right
 * and wrong versions, bulk writes, reads, queries, scans, transactions that commit,
 * fail or die, nested ones) run against the adapter and a reference model, with
 * every observation compared.
 *
 * @example
 * ```ts
 * import { MemoryStore } from "@clientele/store"
 * import { modelBasedTests } from "@clientele/store/testkit"
 * import { describe, it } from "vitest"
 *
 * modelBasedTests({ name: "memory", test: { describe, it }, layer: MemoryStore.layer, numRuns: 100 })
 * ```
 *
 * @since 0.1.0
 * @category suites
 */
export const modelBasedTests = (options: ConformanceOptions): void =>
  registerGroup(modelBased, options)

/**
 * Registers the concurrency group: concurrent compare-and-set updates of one
 * version (exactly one wins), retrying writers (no update lost, the total is the
 * sum), concurrent inserts of one id (exactly one succeeds), concurrent deletes,
 * concurrent transactions, and readers that must never see half a transaction.
 *
 * @example
 * ```ts
 * import { MemoryStore } from "@clientele/store"
 * import { concurrencyTests } from "@clientele/store/testkit"
 * import { describe, it } from "vitest"
 *
 * concurrencyTests({ name: "memory", test: { describe, it }, layer: MemoryStore.layer, concurrency: 32 })
 * ```
 *
 * @since 0.1.0
 * @category suites
 */
export const concurrencyTests = (options: ConformanceOptions): void =>
  registerGroup(concurrency, options)

/**
 * Registers the transactions group: a failure anywhere inside — a typed error, a
 * store error, a defect, an interruption — rolls back every write; reads inside see
 * the transaction's writes and nobody outside does before the commit; a nested
 * transaction joins the outer one.
 *
 * @example
 * ```ts
 * import { MemoryStore } from "@clientele/store"
 * import { transactionTests } from "@clientele/store/testkit"
 * import { describe, it } from "vitest"
 *
 * transactionTests({ name: "memory", test: { describe, it }, layer: MemoryStore.layer })
 * ```
 *
 * @since 0.1.0
 * @category suites
 */
export const transactionTests = (options: ConformanceOptions): void =>
  registerGroup(transactions, options)

/**
 * Registers the tenant-isolation group: no read, query, scan or write crosses
 * tenants, including look-alike tenant names (case, accents, padding, LIKE
 * wildcards, prefixes) and separators falling between tenant, collection and id.
 *
 * @example
 * ```ts
 * import { MemoryStore } from "@clientele/store"
 * import { tenantIsolationTests } from "@clientele/store/testkit"
 * import { describe, it } from "vitest"
 *
 * tenantIsolationTests({ name: "memory", test: { describe, it }, layer: MemoryStore.layer })
 * ```
 *
 * @since 0.1.0
 * @category suites
 */
export const tenantIsolationTests = (options: ConformanceOptions): void =>
  registerGroup(tenantIsolation, options)

/**
 * Registers the pagination group: walking every page of a query returns every
 * matching document exactly once and in order, the last page has a null cursor,
 * cursors are tied to their query, and documents present throughout are seen once
 * even while others are written between pages (and during scans).
 *
 * @example
 * ```ts
 * import { MemoryStore } from "@clientele/store"
 * import { paginationTests } from "@clientele/store/testkit"
 * import { describe, it } from "vitest"
 *
 * paginationTests({ name: "memory", test: { describe, it }, layer: MemoryStore.layer })
 * ```
 *
 * @since 0.1.0
 * @category suites
 */
export const paginationTests = (options: ConformanceOptions): void =>
  registerGroup(pagination, options)

/**
 * Registers the hostile-values group: quotes, backslashes, SQL keywords, emoji,
 * look-alike Unicode, extreme numbers, 1 MiB documents and deep nesting are stored
 * and returned verbatim by every read path, as bodies, keys, ids and index values.
 *
 * @example
 * ```ts
 * import { MemoryStore } from "@clientele/store"
 * import { hostileValueTests } from "@clientele/store/testkit"
 * import { describe, it } from "vitest"
 *
 * hostileValueTests({ name: "memory", test: { describe, it }, layer: MemoryStore.layer })
 * ```
 *
 * @since 0.1.0
 * @category suites
 */
export const hostileValueTests = (options: ConformanceOptions): void =>
  registerGroup(hostileValues, options)

/**
 * The switch of {@link failingHalfWay}: while `armed` is true, every batch write of
 * the wrapped store fails half-way.
 *
 * @example
 * ```ts
 * import type { WriteFailure } from "@clientele/store/testkit"
 *
 * const failure: WriteFailure = { armed: false }
 * ```
 *
 * @since 0.1.0
 * @category fault injection
 */
export interface WriteFailure {
  armed: boolean
}

/**
 * Wraps a store so that, while `failure.armed` is set, `bulkWrite` writes the first
 * half of its batch and then fails with a retryable `Unavailable` error: a database
 * that goes away half-way through a command. A service whose command writes its
 * documents in one transaction must leave nothing of them behind; tests arm the
 * switch, run the command, and read the store to prove it.
 *
 * @example
 * ```ts
 * import { MemoryStore } from "@clientele/store"
 * import { failingHalfWay, type WriteFailure } from "@clientele/store/testkit"
 *
 * const failure: WriteFailure = { armed: false }
 * const store = failingHalfWay(MemoryStore.layer, failure)
 * // … run a command with `failure.armed = true` and check that nothing changed
 * ```
 *
 * @since 0.1.0
 * @category fault injection
 */
export const failingHalfWay = <E>(
  store: Layer.Layer<Store, E>,
  failure: WriteFailure,
): Layer.Layer<Store, E> =>
  Layer.effect(
    Store,
    Effect.map(
      Store,
      (port): StorePort => ({
        ...port,
        bulkWrite: (tenant, operations) =>
          failure.armed
            ? Effect.zipRight(
                port.bulkWrite(tenant, operations.slice(0, Math.ceil(operations.length / 2))),
                Effect.fail(
                  new StoreError({
                    reason: "Unavailable",
                    message: "the database went away half-way through the batch",
                  }),
                ),
              )
            : port.bulkWrite(tenant, operations),
      }),
    ),
  ).pipe(Layer.provide(store))

/**
 * Every document a tenant holds in the given collections, read straight from the
 * store (around any service), each collection's documents sorted by id: what a test
 * compares before and after a command to prove what was — and was not — written.
 *
 * @example
 * ```ts
 * import { MemoryStore } from "@clientele/store"
 * import { storedDocuments } from "@clientele/store/testkit"
 * import * as Effect from "effect/Effect"
 *
 * const snapshot = storedDocuments("tenant-1", ["orders", "cases"]).pipe(Effect.provide(MemoryStore.layer))
 * ```
 *
 * @since 0.1.0
 * @category probes
 */
export const storedDocuments = (
  tenant: string,
  collections: ReadonlyArray<string>,
): Effect.Effect<Record<string, ReadonlyArray<StoredDocument>>, StoreError, Store> =>
  Effect.gen(function* () {
    const store = yield* Store
    const documents: Record<string, ReadonlyArray<StoredDocument>> = {}
    for (const collection of collections) {
      const all = Chunk.toReadonlyArray(yield* Stream.runCollect(store.scan(tenant, collection)))
      documents[collection] = [...all].sort((a, b) => (a.id < b.id ? -1 : 1))
    }
    return documents
  })

// --- subjects -------------------------------------------------------------------------

/**
 * Wraps a store so that the collection of every write asked of it (insert, update,
 * delete, bulk write) is added to `written`: what a test compares with a package's
 * `collections` list to prove the list names every collection the service writes.
 *
 * @example
 * ```ts
 * import { MemoryStore } from "@clientele/store"
 * import { recordingWrites } from "@clientele/store/testkit"
 *
 * const written = new Set<string>()
 * const store = recordingWrites(MemoryStore.layer, written)
 * // … run the service's commands over `store`, then compare `written` with its list
 * ```
 *
 * @since 0.1.0
 * @category probes
 */
export const recordingWrites = <E>(
  store: Layer.Layer<Store, E>,
  written: Set<string>,
): Layer.Layer<Store, E> =>
  Layer.effect(
    Store,
    Effect.map(Store, (port): StorePort => {
      const record = <A, F>(collections: ReadonlyArray<string>, write: Effect.Effect<A, F>) =>
        Effect.suspend(() => {
          for (const collection of collections) written.add(collection)
          return write
        })
      return {
        ...port,
        insert: (tenant, document) => record([document.collection], port.insert(tenant, document)),
        update: (tenant, document) => record([document.collection], port.update(tenant, document)),
        delete: (tenant, collection, id, version) =>
          record([collection], port.delete(tenant, collection, id, version)),
        bulkWrite: (tenant, operations) =>
          record(
            operations.map((operation) => operation.collection),
            port.bulkWrite(tenant, operations),
          ),
      }
    }),
  ).pipe(Layer.provide(store))

/**
 * What is wrong with the subjects of a package's collections, as sentences (none:
 * `[]`): a collection listed twice, a subject index the collection does not declare,
 * a `via` that names no listed collection with a subject, a chain of `via` that
 * comes back on itself.
 *
 * @example
 * ```ts
 * import { Collection } from "@clientele/store"
 * import { subjectProblems } from "@clientele/store/testkit"
 * import * as Schema from "effect/Schema"
 *
 * const notes = Collection.make({
 *   name: "notes",
 *   schema: Schema.Struct({ id: Schema.String, customerId: Schema.String }),
 *   id: (note) => note.id,
 *   indexes: { customerId: (note) => note.customerId },
 *   subject: { index: "customerId" },
 * })
 * subjectProblems([notes]) // []
 * ```
 *
 * @since 0.1.0
 * @category probes
 */
export const subjectProblems = (
  collections: ReadonlyArray<Collection.AnyCollection>,
): ReadonlyArray<string> => {
  const problems: Array<string> = []
  const byName = new Map<string, Collection.AnyCollection>()
  for (const collection of collections) {
    if (byName.has(collection.name)) problems.push(`${collection.name} is listed twice`)
    byName.set(collection.name, collection)
  }
  for (const collection of collections) {
    const subject = collection.subject
    if (subject === undefined) continue
    if (!collection.indexNames.includes(subject.index))
      problems.push(`${collection.name}: its subject index ${subject.index} is not declared`)
    let parent = subject.via
    for (let steps = 0; parent !== undefined; steps++) {
      if (steps >= collections.length) {
        problems.push(`${collection.name}: its chain of via comes back on itself`)
        break
      }
      const found = byName.get(parent)
      if (found?.subject === undefined) {
        problems.push(
          `${collection.name}: via ${parent}, which is not a listed collection with a subject`,
        )
        break
      }
      parent = found.subject.via
    }
  }
  return problems
}

/**
 * The ids of the documents of collection `name` that an erasure of `customerId`
 * reaches, looked up as the archive's erasure does: by the subject's index, or for a
 * `via` through the ids reached in the parent collection.
 *
 * @example
 * ```ts
 * import { Ids } from "@clientele/core"
 * import { MemoryStore } from "@clientele/store"
 * import { reachedBySubject } from "@clientele/store/testkit"
 * import * as Effect from "effect/Effect"
 *
 * const ids = reachedBySubject(Ids.TenantId.make("acme"), [], "notes", "cus-1").pipe(Effect.provide(MemoryStore.layer))
 * Effect.runPromise(ids) // []: no collection is listed
 * ```
 *
 * @since 0.1.0
 * @category probes
 */
export const reachedBySubject = (
  tenant: string,
  collections: ReadonlyArray<Collection.AnyCollection>,
  name: string,
  customerId: string,
): Effect.Effect<ReadonlyArray<string>, StoreError | Errors.ValidationError, Store> =>
  Effect.gen(function* () {
    const subject = collections.find((collection) => collection.name === name)?.subject
    if (subject === undefined) return []
    const values =
      subject.via === undefined
        ? [customerId]
        : yield* reachedBySubject(tenant, collections, subject.via, customerId)
    if (values.length === 0) return []
    const store = yield* Store
    const ids: Array<string> = []
    for (let start = 0; start < values.length; start += maxWhereValues) {
      let cursor: string | null = null
      do {
        const page: Page = yield* store.query(tenant, {
          collection: name,
          where: { [subject.index]: values.slice(start, start + maxWhereValues) },
          limit: maxLimit,
          cursor,
        })
        for (const document of page.documents) ids.push(document.id)
        cursor = page.cursor
      } while (cursor !== null)
    }
    return ids
  })

/**
 * Where an erasure by customer would go wrong over what a tenant stores, as
 * sentences (none: `[]`): for every listed collection with a subject, a document no
 * customer of `customers` reaches, a document two of them reach, and the first
 * customer reaching nothing (the test filled every collection for them).
 *
 * @example
 * ```ts
 * import { Ids } from "@clientele/core"
 * import { MemoryStore } from "@clientele/store"
 * import { subjectCoverageProblems } from "@clientele/store/testkit"
 * import * as Effect from "effect/Effect"
 *
 * const problems = subjectCoverageProblems(Ids.TenantId.make("acme"), [], ["cus-ada", "cus-bob"])
 * Effect.runPromise(problems.pipe(Effect.provide(MemoryStore.layer))) // []
 * ```
 *
 * @since 0.1.0
 * @category probes
 */
export const subjectCoverageProblems = (
  tenant: string,
  collections: ReadonlyArray<Collection.AnyCollection>,
  customers: readonly [string, ...Array<string>],
): Effect.Effect<ReadonlyArray<string>, StoreError | Errors.ValidationError, Store> =>
  Effect.gen(function* () {
    const store = yield* Store
    const problems: Array<string> = []
    for (const collection of collections) {
      if (collection.subject === undefined) continue
      const reachedBy = new Map<string, Array<string>>()
      for (const [position, customerId] of customers.entries()) {
        const ids = yield* reachedBySubject(tenant, collections, collection.name, customerId)
        if (position === 0 && ids.length === 0)
          problems.push(`${collection.name}: ${customerId} reaches no document`)
        for (const id of ids) reachedBy.set(id, [...(reachedBy.get(id) ?? []), customerId])
      }
      const stored = yield* Stream.runCollect(store.scan(tenant, collection.name))
      for (const document of stored) {
        const by = reachedBy.get(document.id) ?? []
        if (by.length === 0)
          problems.push(`${collection.name}/${document.id}: no customer reaches it`)
        if (by.length > 1)
          problems.push(`${collection.name}/${document.id}: reached by ${by.join(" and ")}`)
      }
    }
    return problems
  })
