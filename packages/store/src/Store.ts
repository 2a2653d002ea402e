/**
 * The storage port: the one small interface an integrator implements to run
 * Clientele on their own database. Domain packages never use it directly; they use
 * typed {@link Collection}s built on top of it.
 *
 * Every method takes the tenant explicitly, so no operation can reach another
 * tenant's documents. Versions start at 1 on insert and grow by one per update;
 * updates and deletes are compare-and-set on the expected version. Inside
 * {@link StorePort.transaction} every write commits together or not at all, and a
 * transaction started inside another joins it at a savepoint.
 *
 * @since 0.1.0
 */
import type { Errors } from "@clientele/core"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import type * as Either from "effect/Either"
import type * as Stream from "effect/Stream"
import * as internalWrite from "./internal/write.js"
import type { IndexValue, Query } from "./Query.js"
import type { StoreError } from "./StoreError.js"

/**
 * A JSON value, as stored in a document body.
 *
 * @example
 * ```ts
 * import type { Store } from "@clientele/store"
 *
 * const body: Store.Json = { name: "Ada", tags: ["vip"], score: 9.5, archived: false, note: null }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Json =
  | null
  | boolean
  | number
  | string
  | ReadonlyArray<Json>
  | { readonly [key: string]: Json }

/**
 * The declared index values of a document, by index name.
 *
 * @example
 * ```ts
 * import type { Store } from "@clientele/store"
 *
 * const indexes: Store.Indexes = { email: "ada@example.com", createdAt: 1_700_000_000_000 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Indexes = Readonly<Record<string, IndexValue>>

/**
 * A stored document.
 *
 * @example
 * ```ts
 * import type { Store } from "@clientele/store"
 *
 * const document: Store.StoredDocument = {
 *   tenant: "acme",
 *   collection: "customers",
 *   id: "cus_1",
 *   version: 1,
 *   body: { name: "Ada" },
 *   indexes: { name: "Ada" },
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface StoredDocument {
  readonly tenant: string
  readonly collection: string
  readonly id: string
  /** 1 after insert, one more after each update. */
  readonly version: number
  readonly body: Json
  readonly indexes: Indexes
}

/**
 * A write, for {@link StorePort.bulkWrite}: insert a new document, or update or
 * delete one whose current version is `expectedVersion`.
 *
 * @example
 * ```ts
 * import type { Store } from "@clientele/store"
 *
 * const writes: ReadonlyArray<Store.WriteOperation> = [
 *   { _tag: "Insert", collection: "customers", id: "cus_2", body: { name: "Grace" }, indexes: {} },
 *   { _tag: "Delete", collection: "customers", id: "cus_1", expectedVersion: 3 },
 * ]
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type WriteOperation =
  | {
      readonly _tag: "Insert"
      readonly collection: string
      readonly id: string
      readonly body: Json
      readonly indexes: Indexes
    }
  | {
      readonly _tag: "Update"
      readonly collection: string
      readonly id: string
      readonly expectedVersion: number
      readonly body: Json
      readonly indexes: Indexes
    }
  | {
      readonly _tag: "Delete"
      readonly collection: string
      readonly id: string
      readonly expectedVersion: number
    }

/**
 * One page of query results; `cursor` fetches the next page and is `null`
 * exactly when no further matching document exists.
 *
 * @example
 * ```ts
 * import type { Store } from "@clientele/store"
 *
 * const empty: Store.Page = { documents: [], cursor: null }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Page {
  readonly documents: ReadonlyArray<StoredDocument>
  readonly cursor: string | null
}

/**
 * Options of a streaming scan.
 *
 * @example
 * ```ts
 * import type { Store } from "@clientele/store"
 *
 * const options: Store.ScanOptions = { batchSize: 500 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface ScanOptions {
  /**
   * How many documents the adapter reads at a time: a whole number from 1 to
   * 10 000, default 1000 (see {@link scanBatchSize} for any other value).
   */
  readonly batchSize?: number | undefined
}

/**
 * The batch size a scan reads with, from its options: `batchSize` rounded down and
 * kept within 1 … 10 000 (`Query.maxLimit`); 1000 when it is absent or not a finite
 * number. A scan's size is a hint about memory and round trips, not a request to
 * refuse, so every adapter reads with this value instead of failing (a scan can
 * only fail with a `StoreError`).
 *
 * @example
 * ```ts
 * import { Store } from "@clientele/store"
 *
 * Store.scanBatchSize(undefined) // 1000
 * Store.scanBatchSize({ batchSize: 2.7 }) // 2
 * Store.scanBatchSize({ batchSize: 0 }) // 1
 * Store.scanBatchSize({ batchSize: Number.NaN }) // 1000
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const scanBatchSize = (options?: ScanOptions): number => {
  const size = options?.batchSize
  if (size === undefined || !Number.isFinite(size)) return defaultScanBatchSize
  return Math.min(maxScanBatchSize, Math.max(1, Math.floor(size)))
}

const defaultScanBatchSize = 1000
/** `Query.maxLimit`, the largest page a query reads (not imported: `Query` imports this module's types). */
const maxScanBatchSize = 10_000

/**
 * What an adapter implements. Errors: {@link StoreError} for the database's
 * answers, `ValidationError` for a request the port refuses (a malformed query or
 * cursor, a body that is not JSON).
 *
 * Semantics every adapter keeps (the testkit checks each):
 * - `insert` fails with `Duplicate` if the id exists; the new version is 1.
 * - `update` and `delete` fail with `NotFound` if the document does not exist and
 *   with `Conflict` if its version is not `expectedVersion`; `update` writes
 *   version `expectedVersion + 1`.
 * - `bulkWrite` applies every operation or none (the first failure is reported).
 * - `getMany` returns the documents that exist, in the order of the ids asked.
 * - `query` follows the order and cursor rules of the `Query` module.
 * - `scan` streams every document of a collection in id order; a document that
 *   exists for the whole scan is seen exactly once.
 * - `transaction` commits all writes made inside it, or none if the effect fails,
 *   dies or is interrupted; reads inside see the transaction's own writes. A
 *   transaction inside another joins the outer one at a savepoint: if the inner
 *   effect fails, its own writes are undone and the outer one goes on if it handles
 *   the error.
 * - Isolation: no one outside a transaction sees its writes before it commits, a
 *   single `get`, `getMany`, `query` page or scan batch never shows half of a
 *   commit, and a compare-and-set never succeeds against an uncommitted version.
 *
 * @example
 * ```ts
 * import { Store } from "@clientele/store"
 * import * as Effect from "effect/Effect"
 *
 * const program = Effect.gen(function* () {
 *   const store = yield* Store.Store
 *   const inserted = yield* store.insert("acme", { collection: "notes", id: "n1", body: { text: "hi" }, indexes: {} })
 *   return inserted.version // 1
 * })
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface StorePort {
  readonly get: (
    tenant: string,
    collection: string,
    id: string,
  ) => Effect.Effect<StoredDocument | undefined, StoreError>
  readonly getMany: (
    tenant: string,
    collection: string,
    ids: ReadonlyArray<string>,
  ) => Effect.Effect<ReadonlyArray<StoredDocument>, StoreError>
  readonly insert: (
    tenant: string,
    document: {
      readonly collection: string
      readonly id: string
      readonly body: Json
      readonly indexes: Indexes
    },
  ) => Effect.Effect<StoredDocument, StoreError | Errors.ValidationError>
  readonly update: (
    tenant: string,
    document: {
      readonly collection: string
      readonly id: string
      readonly expectedVersion: number
      readonly body: Json
      readonly indexes: Indexes
    },
  ) => Effect.Effect<StoredDocument, StoreError | Errors.ValidationError>
  readonly delete: (
    tenant: string,
    collection: string,
    id: string,
    expectedVersion: number,
  ) => Effect.Effect<void, StoreError | Errors.ValidationError>
  readonly bulkWrite: (
    tenant: string,
    operations: ReadonlyArray<WriteOperation>,
  ) => Effect.Effect<void, StoreError | Errors.ValidationError>
  readonly query: (
    tenant: string,
    query: Query,
  ) => Effect.Effect<Page, StoreError | Errors.ValidationError>
  readonly scan: (
    tenant: string,
    collection: string,
    options?: ScanOptions,
  ) => Stream.Stream<StoredDocument, StoreError>
  readonly transaction: <A, E, R>(
    effect: Effect.Effect<A, E, R>,
  ) => Effect.Effect<A, E | StoreError, R>
  /**
   * Optional: makes content that was deleted or overwritten unrecoverable from the
   * database's own files, for an erasure that must be provable. An adapter whose
   * files can keep such content (SQLite's write-ahead log keeps old pages until it
   * is checkpointed) provides it; the erasure service runs it after an erasure
   * commits. Adapters whose storage keeps nothing of the kind leave it out.
   */
  readonly eraseFreedSpace?: Effect.Effect<void, StoreError> | undefined
}

/**
 * The service tag of the storage port. Provide it with an adapter's layer:
 * `MemoryStore.layer`, or `@clientele/store-sql`'s `layerSqlite` / `layerPg`.
 *
 * @example
 * ```ts
 * import { MemoryStore, Store } from "@clientele/store"
 * import * as Effect from "effect/Effect"
 *
 * const count = Effect.gen(function* () {
 *   const store = yield* Store.Store
 *   const page = yield* store.query("acme", { collection: "notes" })
 *   return page.documents.length
 * })
 * Effect.runPromise(Effect.provide(count, MemoryStore.layer)) // 0
 * ```
 *
 * @since 0.1.0
 * @category services
 */
export class Store extends Context.Tag("@clientele/store/Store")<Store, StorePort>() {}

/**
 * Checks a write before it reaches the database: a non-empty collection and id, a
 * positive integer `expectedVersion`, a body that is JSON (no `NaN`, `Infinity`,
 * `undefined` in arrays, class instances such as `Date`, functions or `bigint`; at
 * most 1000 levels deep), text that is valid Unicode (no lone UTF-16 surrogate,
 * which no UTF-8 database can keep) and index values that are strings, finite
 * numbers or `null`. Negative zero becomes `0`, as JSON has no other. Returns the operation with a deep-frozen copy of its body, or a
 * `ValidationError` naming the failing path. Every adapter calls it (or
 * {@link nextDocument}, which does) so all refuse the same requests.
 *
 * @example
 * ```ts
 * import { Store } from "@clientele/store"
 * import * as Either from "effect/Either"
 *
 * const checked = Store.checkWrite({ _tag: "Insert", collection: "notes", id: "n1", body: { n: Number.NaN }, indexes: {} })
 * Either.isLeft(checked) // true: NaN is not JSON (the path is ["body", "n"])
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const checkWrite: <O extends WriteOperation>(
  operation: O,
) => Either.Either<O, Errors.ValidationError> = internalWrite.checkWrite

/**
 * Applies one write to the document it targets, as every adapter without a query
 * language of its own must: `Duplicate` for an insert over an existing document,
 * `NotFound` / `Conflict` for an update or delete of a missing document or another
 * version, and otherwise the new document (frozen; version 1 or
 * `expectedVersion + 1`), or `null` for a delete. Includes {@link checkWrite}.
 *
 * @example
 * ```ts
 * import { Store } from "@clientele/store"
 * import * as Either from "effect/Either"
 *
 * const inserted = Store.nextDocument("acme", { _tag: "Insert", collection: "notes", id: "n1", body: {}, indexes: {} }, undefined)
 * Either.map(inserted, (document) => document?.version) // Right(1)
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const nextDocument: (
  tenant: string,
  operation: WriteOperation,
  current: StoredDocument | undefined,
) => Either.Either<StoredDocument | null, StoreError | Errors.ValidationError> =
  internalWrite.nextDocument

/**
 * The four write methods of the port from one function that applies a batch of
 * writes atomically and returns the document each leaves (`null` after a delete):
 * `insert` and `update` return their document, `delete` and `bulkWrite` nothing. An
 * adapter then writes its storage logic once, for batches.
 *
 * @example
 * ```ts
 * import { Store } from "@clientele/store"
 * import * as Effect from "effect/Effect"
 *
 * const documents = new Map<string, Store.StoredDocument>()
 * const writes = Store.writeMethods((tenant, operations) =>
 *   Effect.sync(() =>
 *     operations.map((operation) => {
 *       const key = JSON.stringify([tenant, operation.collection, operation.id])
 *       const next = Store.nextDocument(tenant, operation, documents.get(key))
 *       if (next._tag === "Left") throw next.left // a real adapter fails instead, writing nothing
 *       if (next.right === null) documents.delete(key)
 *       else documents.set(key, next.right)
 *       return next.right
 *     }),
 *   ),
 * )
 * Effect.runSync(writes.insert("acme", { collection: "notes", id: "n1", body: {}, indexes: {} })).version // 1
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const writeMethods = (
  write: (
    tenant: string,
    operations: ReadonlyArray<WriteOperation>,
  ) => Effect.Effect<ReadonlyArray<StoredDocument | null>, StoreError | Errors.ValidationError>,
): Pick<StorePort, "insert" | "update" | "delete" | "bulkWrite"> => ({
  insert: (tenant, document) =>
    Effect.map(
      write(tenant, [{ _tag: "Insert", ...document }]),
      (written) => written[0] as StoredDocument,
    ),
  update: (tenant, document) =>
    Effect.map(
      write(tenant, [{ _tag: "Update", ...document }]),
      (written) => written[0] as StoredDocument,
    ),
  delete: (tenant, collection, id, expectedVersion) =>
    Effect.asVoid(write(tenant, [{ _tag: "Delete", collection, id, expectedVersion }])),
  bulkWrite: (tenant, operations) => Effect.asVoid(write(tenant, operations)),
})
