/**
 * A Clientele storage adapter for LevelDB, through `classic-level`: an embedded,
 * ordered key-value store with atomic batches, snapshots and range iterators, but no
 * transactions and no query engine.
 *
 * - **Keys** (see `StorageLayout`): documents by tenant, collection and id; one index
 *   entry per document and registered index, ordered by value then id; the names of
 *   each collection's registered indexes. Every index a collection has ever seen is
 *   registered, and every document has an entry in each (a document that does not
 *   declare an index is listed under `null`), so a range over one index is complete.
 * - **Reads** that span several keys (a query page, a scan batch) read one LevelDB
 *   snapshot, so they never show half a commit.
 * - **Writes** are committed one at a time, behind a lock, as one LevelDB batch that
 *   updates documents, their index entries and the registered names together: a
 *   commit is all or nothing on disk, even if the process dies in the middle.
 * - **Transactions** are optimistic: their writes wait in an overlay that the
 *   transaction's own reads consult first; at commit, each document written must
 *   still have the version the transaction first saw, or the commit fails with a
 *   retryable `Conflict` and writes nothing. A nested transaction joins its outer one
 *   at a savepoint: a copy of the overlay, restored if the inner effect fails.
 * - **Queries** walk the index that gives the page its order (the `orderBy` index,
 *   else the `where` index with the fewest values, else the documents themselves),
 *   narrowed by the range, the `where` values of that index and the cursor; other
 *   conditions filter what is read. The last cut (order, limit, cursor) is the
 *   `Query` module's, so pages follow the port's rules exactly.
 *
 * @since 0.1.0
 */
import type { Errors } from "@clientele/core"
import { Query, Store, StoreError } from "@clientele/store"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as FiberRef from "effect/FiberRef"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { type Database, type LevelDatabase, open } from "./LevelDatabase.js"
import { rangeOptions, resumed, type Source, sourcesOf, within } from "./QueryPlanner.js"
import * as Layout from "./StorageLayout.js"

type Snapshot = ReturnType<Database["snapshot"]>

/**
 * How to open the store.
 *
 * @example
 * ```ts
 * import type { LevelStoreOptions } from "./LevelStore.js"
 *
 * const options: LevelStoreOptions = { path: "data/clientele", sync: true }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface LevelStoreOptions {
  /** The directory of the database; created if it does not exist. */
  readonly path: string
  /**
   * Whether each commit waits for the operating system to flush it to disk (default
   * `false`). Without it a commit survives the process dying, since LevelDB writes
   * its log before answering, but the last commits may be lost if the machine loses
   * power; a commit is never half-applied either way.
   */
  readonly sync?: boolean | undefined
}

/** A write a transaction holds until it commits. */
interface Staged {
  readonly tenant: string
  readonly collection: string
  readonly id: string
  /** The committed version the transaction's first write of this document was checked against. */
  readonly base: number | undefined
  /** The document as the transaction leaves it; `null` once deleted. */
  readonly document: Store.StoredDocument | null
}

/** An open transaction: its overlay of writes by document key, and a lock over it. */
interface Transaction {
  writes: Map<string, Staged>
  readonly staging: Effect.Semaphore
  ended: boolean
}

/** One document's committed state before and after a commit. */
interface Change {
  readonly tenant: string
  readonly collection: string
  readonly id: string
  readonly before: Store.StoredDocument | undefined
  readonly after: Store.StoredDocument | null
}

type BatchOperation =
  | { readonly type: "put"; readonly key: Buffer; readonly value: string }
  | { readonly type: "del"; readonly key: Buffer }

const keyOf = (tenant: string, collection: string, id: string) =>
  JSON.stringify([tenant, collection, id])

/** A `Corrupt` error about a document, or about a key of the collection when `id` is absent. */
const corrupt = (collection: string, id: string | undefined, what: string) =>
  new StoreError.StoreError({
    reason: "Corrupt",
    message: `${id === undefined ? collection : `${collection}/${id}`}: ${what}`,
    collection,
    ...(id === undefined ? {} : { id }),
  })

/** The document a stored value holds; throws a `Corrupt` `StoreError` if it cannot be read. */
const readDocument = (
  tenant: string,
  collection: string,
  id: string,
  text: string,
): Store.StoredDocument => {
  const value = Layout.decodeDocument(text)
  if (value === undefined) throw corrupt(collection, id, "the stored value is not a document")
  return { tenant, collection, id, ...value }
}

/** How many keys to ask LevelDB for at a time when `wanted` matches are still missing. */
const chunkFor = (wanted: number) => Math.min(Math.max(wanted, 16), 1000)

/** Whether a committed document belongs on the plan's pages after its cursor. */
const selects = (plan: Query.Plan, document: Store.StoredDocument) =>
  Query.matches(plan, document.indexes) &&
  Query.isAfterCursor(plan, Query.positionOf(plan, document))

/** The names of a collection's registered indexes. */
const registeredIndexes = async (
  db: Database,
  tenant: string,
  collection: string,
  snapshot: Snapshot | undefined,
): Promise<Set<string>> => {
  const prefix = Layout.indexNamePrefix(tenant, collection)
  const keys = await db
    .keys({ ...rangeOptions(within("entries", prefix)), ...(snapshot ? { snapshot } : {}) })
    .all()
  const names = new Set<string>()
  for (const key of keys) {
    const name = Layout.stringAfter(key, prefix.length)
    if (name === undefined) throw corrupt(collection, undefined, "an index name key is malformed")
    names.add(name)
  }
  return names
}

/** The first `wanted` documents of one source that the plan selects, in its order. */
const readMatches = async (
  db: Database,
  snapshot: Snapshot,
  tenant: string,
  plan: Query.Plan,
  source: Source,
  wanted: number,
): Promise<Array<Store.StoredDocument>> => {
  const { collection } = plan
  const found: Array<Store.StoredDocument> = []
  const options = { ...rangeOptions(source), reverse: plan.descending, snapshot }
  const keep = (document: Store.StoredDocument) => {
    if (found.length < wanted && selects(plan, document)) found.push(document)
  }
  if (source.kind === "documents") {
    const iterator = db.iterator(options)
    try {
      while (found.length < wanted) {
        const entries = await iterator.nextv(chunkFor(wanted - found.length))
        if (entries.length === 0) break
        for (const [key, value] of entries) {
          const id = Layout.stringAfter(key, source.prefixLength)
          if (id === undefined) throw corrupt(collection, undefined, "a document key is malformed")
          keep(readDocument(tenant, collection, id, value))
        }
      }
    } finally {
      await iterator.close()
    }
    return found
  }
  const iterator = db.keys(options)
  try {
    while (found.length < wanted) {
      const keys = await iterator.nextv(chunkFor(wanted - found.length))
      if (keys.length === 0) break
      const ids = keys.map((key) => {
        const id = Layout.idOfIndexEntry(key, source.prefixLength)
        if (id === undefined)
          throw corrupt(collection, undefined, "an index entry key is malformed")
        return id
      })
      const values = await db.getMany(
        ids.map((id) => Layout.documentKey(tenant, collection, id)),
        { snapshot },
      )
      ids.forEach((id, at) => {
        const value = values[at]
        if (value === undefined) throw corrupt(collection, id, "an index lists a missing document")
        keep(readDocument(tenant, collection, id, value))
      })
    }
  } finally {
    await iterator.close()
  }
  return found
}

/**
 * The first `wanted` committed documents a plan selects, in its order, read from one
 * snapshot.
 */
const queryCommitted = async (
  db: Database,
  tenant: string,
  plan: Query.Plan,
  wanted: number,
): Promise<ReadonlyArray<Store.StoredDocument>> => {
  const snapshot = db.snapshot()
  try {
    const registered = await registeredIndexes(db, tenant, plan.collection, snapshot)
    const found: Array<Store.StoredDocument> = []
    for (const source of sourcesOf(tenant, plan, registered)) {
      for (const document of await readMatches(db, snapshot, tenant, plan, source, wanted)) {
        found.push(document)
      }
    }
    found.sort((a, b) =>
      Query.comparePositions(plan, Query.positionOf(plan, a), Query.positionOf(plan, b)),
    )
    return found.slice(0, wanted)
  } finally {
    await snapshot.close()
  }
}

/** The committed documents of the given keys, read at once (one implicit snapshot). */
const readLatest = async (
  db: Database,
  targets: ReadonlyArray<{
    readonly tenant: string
    readonly collection: string
    readonly id: string
  }>,
): Promise<Map<string, Store.StoredDocument>> => {
  const values = await db.getMany(
    targets.map((target) => Layout.documentKey(target.tenant, target.collection, target.id)),
  )
  const found = new Map<string, Store.StoredDocument>()
  targets.forEach((target, at) => {
    const value = values[at]
    if (value !== undefined) {
      found.set(
        keyOf(target.tenant, target.collection, target.id),
        readDocument(target.tenant, target.collection, target.id, value),
      )
    }
  })
  return found
}

/**
 * Writes a commit as one LevelDB batch: the documents, their index entries, and the
 * registration of any index seen for the first time, with a `null` entry for every
 * committed document that does not declare it. Runs behind the commit lock, so what
 * it reads is the latest committed state.
 */
const writeChanges = async (
  db: Database,
  changes: ReadonlyArray<Change>,
  sync: boolean,
): Promise<void> => {
  const batch: Array<BatchOperation> = []
  const byCollection = new Map<string, Array<Change>>()
  for (const change of changes) {
    if (change.before === undefined && change.after === null) continue
    const group = JSON.stringify([change.tenant, change.collection])
    const members = byCollection.get(group)
    if (members === undefined) byCollection.set(group, [change])
    else members.push(change)
  }
  for (const group of byCollection.values()) {
    const { tenant, collection } = group[0] as Change
    const registered = await registeredIndexes(db, tenant, collection, undefined)
    const added = new Set<string>()
    for (const change of group) {
      for (const index of Object.keys(change.after?.indexes ?? {})) {
        if (!registered.has(index)) added.add(index)
      }
    }
    if (added.size > 0) {
      const touched = new Set(group.map((change) => change.id))
      for (const index of added) {
        batch.push({ type: "put", key: Layout.indexNameKey(tenant, collection, index), value: "" })
      }
      const prefix = Layout.documentPrefix(tenant, collection)
      for await (const key of db.keys(rangeOptions(within("documents", prefix)))) {
        const id = Layout.stringAfter(key, prefix.length)
        if (id === undefined) throw corrupt(collection, undefined, "a document key is malformed")
        if (touched.has(id)) continue
        for (const index of added) {
          batch.push({
            type: "put",
            key: Layout.indexEntryKey(tenant, collection, index, null, id),
            value: "",
          })
        }
      }
    }
    const every = [...registered, ...added]
    for (const { id, before, after } of group) {
      if (before !== undefined) {
        for (const index of registered) {
          batch.push({
            type: "del",
            key: Layout.indexEntryKey(
              tenant,
              collection,
              index,
              Query.indexValue(before.indexes, index),
              id,
            ),
          })
        }
      }
      const key = Layout.documentKey(tenant, collection, id)
      if (after === null) {
        batch.push({ type: "del", key })
        continue
      }
      for (const index of every) {
        batch.push({
          type: "put",
          key: Layout.indexEntryKey(
            tenant,
            collection,
            index,
            Query.indexValue(after.indexes, index),
            id,
          ),
          value: "",
        })
      }
      batch.push({ type: "put", key, value: Layout.encodeDocument(after) })
    }
  }
  if (batch.length > 0) await db.batch(batch, { sync })
}

/**
 * Applies a batch of writes to the documents `current` gives, in order, each seeing
 * the earlier ones: the document each leaves, and the final state of every document
 * written; the first refusal otherwise.
 */
const applyOperations = (
  tenant: string,
  operations: ReadonlyArray<Store.WriteOperation>,
  current: (key: string) => Store.StoredDocument | undefined,
): Either.Either<
  {
    readonly results: ReadonlyArray<Store.StoredDocument | null>
    readonly finals: ReadonlyMap<
      string,
      { readonly operation: Store.WriteOperation; readonly document: Store.StoredDocument | null }
    >
  },
  StoreError.StoreError | Errors.ValidationError
> => {
  const results: Array<Store.StoredDocument | null> = []
  const finals = new Map<
    string,
    { readonly operation: Store.WriteOperation; readonly document: Store.StoredDocument | null }
  >()
  for (const operation of operations) {
    const key = keyOf(tenant, operation.collection, operation.id)
    const staged = finals.get(key)
    const before = staged === undefined ? current(key) : (staged.document ?? undefined)
    const next = Store.nextDocument(tenant, operation, before)
    if (Either.isLeft(next)) return Either.left(next.left)
    finals.set(key, { operation, document: next.right })
    results.push(next.right)
  }
  return Either.right({ results, finals })
}

/** The distinct documents a batch of writes targets. */
const targetsOf = (tenant: string, operations: ReadonlyArray<Store.WriteOperation>) => {
  const targets = new Map<string, { tenant: string; collection: string; id: string }>()
  for (const { collection, id } of operations) {
    targets.set(keyOf(tenant, collection, id), { tenant, collection, id })
  }
  return targets
}

/**
 * The storage port over an open database, which must stay open while the port is
 * used; {@link layer} opens and closes it with the layer's scope. Build one port per
 * database: the port's commit lock is what serializes its commits.
 *
 * @example
 * ```ts
 * import { Store } from "@clientele/store"
 * import * as Effect from "effect/Effect"
 * import * as Layer from "effect/Layer"
 * import { open } from "./LevelDatabase.js"
 * import { make } from "./LevelStore.js"
 *
 * const store = Layer.scoped(
 *   Store.Store,
 *   Effect.flatMap(open("data/clientele"), (database) => make(database, { sync: true })),
 * )
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (
  database: LevelDatabase,
  options: { readonly sync?: boolean | undefined } = {},
): Effect.Effect<Store.StorePort> =>
  Effect.sync(() => {
    const sync = options.sync ?? false
    const commitLock = Effect.unsafeMakeSemaphore(1)
    const currentTransaction = FiberRef.unsafeMake<Transaction | undefined>(undefined)

    const staged = (transaction: Transaction | undefined, tenant: string, collection: string) =>
      transaction === undefined
        ? []
        : [...transaction.writes.values()].filter(
            (write) => write.tenant === tenant && write.collection === collection,
          )

    /** Writes outside a transaction: checked and committed in one step behind the lock. */
    const commitNow = (tenant: string, operations: ReadonlyArray<Store.WriteOperation>) => {
      const targets = targetsOf(tenant, operations)
      return commitLock.withPermits(1)(
        Effect.uninterruptible(
          Effect.gen(function* () {
            const committed = yield* database.use("read the documents to write", (db) =>
              readLatest(db, [...targets.values()]),
            )
            const applied = yield* applyOperations(tenant, operations, (key) => committed.get(key))
            const changes = [...applied.finals].map(
              ([key, { operation, document }]): Change => ({
                tenant,
                collection: operation.collection,
                id: operation.id,
                before: committed.get(key),
                after: document,
              }),
            )
            yield* database.use("commit the writes", (db) => writeChanges(db, changes, sync))
            return applied.results
          }),
        ),
      )
    }

    /** Writes inside a transaction: checked now, against its overlay, and held there. */
    const stage = (
      transaction: Transaction,
      tenant: string,
      operations: ReadonlyArray<Store.WriteOperation>,
    ) =>
      transaction.staging.withPermits(1)(
        Effect.gen(function* () {
          if (transaction.ended) {
            return yield* Effect.dieMessage(
              "a write reached a transaction that has ended: a fiber forked inside it outlived it",
            )
          }
          const unseen = [...targetsOf(tenant, operations)].filter(
            ([key]) => !transaction.writes.has(key),
          )
          const committed = yield* database.use("read the documents to write", (db) =>
            readLatest(
              db,
              unseen.map(([, target]) => target),
            ),
          )
          const applied = yield* applyOperations(tenant, operations, (key) => {
            const write = transaction.writes.get(key)
            return write === undefined ? committed.get(key) : (write.document ?? undefined)
          })
          for (const [key, { operation, document }] of applied.finals) {
            transaction.writes.set(key, {
              tenant,
              collection: operation.collection,
              id: operation.id,
              base: transaction.writes.has(key)
                ? transaction.writes.get(key)?.base
                : committed.get(key)?.version,
              document,
            })
          }
          return applied.results
        }),
      )

    /**
     * Commits a transaction: every document it wrote must still be at the version it
     * first saw, then all its writes go in one batch.
     */
    const commitTransaction = (transaction: Transaction) =>
      transaction.staging.withPermits(1)(
        Effect.suspend(() => {
          transaction.ended = true
          const writes = [...transaction.writes.entries()]
          if (writes.length === 0) return Effect.void
          return commitLock.withPermits(1)(
            Effect.uninterruptible(
              Effect.gen(function* () {
                const committed = yield* database.use("read the documents to commit", (db) =>
                  readLatest(
                    db,
                    writes.map(([, write]) => write),
                  ),
                )
                for (const [key, write] of writes) {
                  const found = committed.get(key)?.version
                  if (found !== write.base) {
                    return yield* new StoreError.StoreError({
                      reason: "Conflict",
                      message: `${write.collection}/${write.id} changed while the transaction ran: it was at version ${write.base ?? "none"}, it is at ${found ?? "none"}`,
                      collection: write.collection,
                      id: write.id,
                    })
                  }
                }
                const changes = writes.map(
                  ([key, write]): Change => ({
                    tenant: write.tenant,
                    collection: write.collection,
                    id: write.id,
                    before: committed.get(key),
                    after: write.document,
                  }),
                )
                yield* database.use("commit the transaction", (db) =>
                  writeChanges(db, changes, sync),
                )
              }),
            ),
          )
        }),
      )

    const write = (tenant: string, operations: ReadonlyArray<Store.WriteOperation>) =>
      Effect.flatMap(FiberRef.get(currentTransaction), (transaction) =>
        transaction === undefined
          ? commitNow(tenant, operations)
          : stage(transaction, tenant, operations),
      )

    const port: Store.StorePort = {
      get: (tenant, collection, id) =>
        Effect.flatMap(FiberRef.get(currentTransaction), (transaction) => {
          const own = transaction?.writes.get(keyOf(tenant, collection, id))
          if (own !== undefined) return Effect.succeed(own.document ?? undefined)
          return database.use(`read ${collection}/${id}`, async (db) => {
            const value = await db.get(Layout.documentKey(tenant, collection, id))
            return value === undefined ? undefined : readDocument(tenant, collection, id, value)
          })
        }),

      getMany: (tenant, collection, ids) =>
        Effect.flatMap(FiberRef.get(currentTransaction), (transaction) => {
          const unstaged = ids.filter(
            (id) => transaction?.writes.has(keyOf(tenant, collection, id)) !== true,
          )
          return Effect.map(
            database.use(`read documents of ${collection}`, (db) =>
              readLatest(
                db,
                unstaged.map((id) => ({ tenant, collection, id })),
              ),
            ),
            (committed) =>
              ids.flatMap((id) => {
                const key = keyOf(tenant, collection, id)
                const own = transaction?.writes.get(key)
                const document = own === undefined ? committed.get(key) : own.document
                return document === undefined || document === null ? [] : [document]
              }),
          )
        }),

      ...Store.writeMethods(write),

      query: (tenant, query) =>
        Effect.flatMap(Query.validate(query), (plan) =>
          Effect.flatMap(FiberRef.get(currentTransaction), (transaction) => {
            const own = staged(transaction, tenant, plan.collection)
            // The transaction's writes may hide up to one committed match each, so
            // read that many more to still fill the page.
            return Effect.map(
              database.use(`query ${plan.collection}`, (db) =>
                queryCommitted(db, tenant, plan, plan.limit + 1 + own.length),
              ),
              (committed) => {
                const hidden = new Set(own.map((write) => write.id))
                const candidates = committed.filter((document) => !hidden.has(document.id))
                for (const write of own)
                  if (write.document !== null) candidates.push(write.document)
                return Query.runInMemory(plan, candidates)
              },
            )
          }),
        ),

      scan: (tenant, collection, options) => {
        const size = Store.scanBatchSize(options)
        const prefix = Layout.documentPrefix(tenant, collection)
        // Keyset pages by id, each from its own snapshot: a document present for the
        // whole scan is met exactly once, and no batch shows half a commit.
        const batchAfter = (after: string | undefined) =>
          Effect.flatMap(FiberRef.get(currentTransaction), (transaction) => {
            const own = staged(transaction, tenant, collection).filter(
              (write) => after === undefined || Query.compareStrings(write.id, after) > 0,
            )
            const plan = {
              collection,
              where: [],
              range: undefined,
              orderIndex: undefined,
              descending: false,
              limit: size,
              after: after === undefined ? undefined : { value: null, id: after },
              fingerprint: "",
            } satisfies Query.Plan
            return Effect.map(
              database.use(`scan ${collection}`, async (db) => {
                const snapshot = db.snapshot()
                try {
                  const source = resumed(
                    within("documents", prefix),
                    plan,
                    after === undefined
                      ? undefined
                      : Buffer.concat([prefix, Layout.encodeString(after)]),
                  )
                  return await readMatches(
                    db,
                    snapshot,
                    tenant,
                    plan,
                    source,
                    size + 1 + own.length,
                  )
                } finally {
                  await snapshot.close()
                }
              }),
              (committed) => {
                const hidden = new Set(own.map((write) => write.id))
                const visible = committed.filter((document) => !hidden.has(document.id))
                for (const write of own) if (write.document !== null) visible.push(write.document)
                visible.sort((a, b) => Query.compareStrings(a.id, b.id))
                const batch = visible.slice(0, size)
                const last = batch[batch.length - 1]
                const next =
                  visible.length > size && last !== undefined
                    ? Option.some(last.id)
                    : Option.none<string>()
                return [Chunk.unsafeFromArray(batch), next] as const
              },
            )
          })
        return Stream.paginateChunkEffect<
          string | undefined,
          Store.StoredDocument,
          StoreError.StoreError,
          never
        >(undefined, batchAfter)
      },

      transaction: <A, E, R>(effect: Effect.Effect<A, E, R>) =>
        Effect.flatMap(
          FiberRef.get(currentTransaction),
          (outer): Effect.Effect<A, E | StoreError.StoreError, R> => {
            if (outer !== undefined) {
              // Joined at a savepoint: if the inner effect fails, its writes are undone
              // and the outer transaction goes on with what it had.
              return Effect.suspend(() => {
                const savepoint = new Map(outer.writes)
                return Effect.onExit(effect, (exit) =>
                  Exit.isFailure(exit)
                    ? outer.staging.withPermits(1)(
                        Effect.sync(() => {
                          outer.writes = savepoint
                        }),
                      )
                    : Effect.void,
                )
              })
            }
            return Effect.suspend(() => {
              const transaction: Transaction = {
                writes: new Map(),
                staging: Effect.unsafeMakeSemaphore(1),
                ended: false,
              }
              return Effect.locally(effect, currentTransaction, transaction).pipe(
                Effect.tap(() => commitTransaction(transaction)),
                Effect.ensuring(
                  Effect.sync(() => {
                    transaction.ended = true
                  }),
                ),
              )
            })
          },
        ),

      // LevelDB keeps deleted and overwritten values in its files until a compaction
      // happens to merge them away; a rebuild copies only the live entries.
      eraseFreedSpace: database.rebuild,
    }
    return port
  })

/**
 * The store as a layer: opens the database when the layer is built and closes it
 * when the layer is released.
 *
 * @example
 * ```ts
 * import { Store } from "@clientele/store"
 * import * as Effect from "effect/Effect"
 * import { layer } from "./LevelStore.js"
 *
 * const program = Effect.gen(function* () {
 *   const store = yield* Store.Store
 *   return yield* store.insert("acme", { collection: "notes", id: "n1", body: { text: "hi" }, indexes: {} })
 * })
 * Effect.runPromise(Effect.provide(program, layer("data/clientele")))
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  options: string | LevelStoreOptions,
): Layer.Layer<Store.Store, StoreError.StoreError> => {
  const { path, sync } = typeof options === "string" ? { path: options, sync: false } : options
  return Layer.scoped(
    Store.Store,
    Effect.flatMap(open(path), (database) => make(database, { sync })),
  )
}
