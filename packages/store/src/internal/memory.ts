/**
 * The in-memory adapter. Committed state lives in plain Maps; a transaction keeps
 * its writes in an overlay that reads see first and that is applied in one
 * synchronous step on success (so no reader ever sees half of it) or dropped on
 * failure, defect or interruption. Writers take a single-permit semaphore, held by
 * a transaction for its whole duration: transactions are serializable, like
 * SQLite's, and a stale compare-and-set still fails with `Conflict`.
 */
import type { Errors } from "@clientele/core"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as FiberRef from "effect/FiberRef"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import * as Query from "../Query.js"
import {
  type StoredDocument,
  type StorePort,
  scanBatchSize,
  type WriteOperation,
  writeMethods,
} from "../Store.js"
import { StoreError } from "../StoreError.js"
import { owned } from "./json.js"
import * as Ordered from "./ordered.js"
import { applyWrite } from "./write.js"

/** A document's id, or `null` where a transaction deleted it. */
type Slot = StoredDocument | null

interface CollectionState {
  readonly documents: Map<string, StoredDocument>
  /** index name → its non-null entries in order, for equality, ranges and ordered walks. */
  readonly indexes: Map<string, Ordered.OrderedIndex>
  /** Ids in code-point order, rebuilt lazily after inserts and deletes. */
  sortedIds: Array<string> | undefined
}

interface Transaction {
  /** tenant → collection → id → slot */
  readonly overlay: Map<string, Map<string, Map<string, Slot>>>
  open: boolean
}

const nested = <K, V>(map: Map<K, V>, key: K, make: () => V): V => {
  let value = map.get(key)
  if (value === undefined) {
    value = make()
    map.set(key, value)
  }
  return value
}

/** The `where` index chosen to narrow a query: its listed values, and how many entries hold them. */
interface Narrowing {
  readonly index: Ordered.OrderedIndex
  readonly values: ReadonlyArray<Exclude<Query.IndexValue, null>>
  readonly size: number
}

/** The index of a name no document holds (never written to). */
const noEntries = new Ordered.OrderedIndex()

/** Extra, adapter-specific reads of the memory store, for out-of-band checks in tests. */
export interface MemoryInspection {
  /** The committed document, bypassing any transaction of the calling fiber. */
  readonly readCommitted: (
    tenant: string,
    collection: string,
    id: string,
  ) => StoredDocument | undefined
  /** How many committed documents the store holds, over all tenants. */
  readonly size: () => number
}

export const makeMemoryStore = (): Effect.Effect<StorePort & MemoryInspection> =>
  Effect.map(Effect.makeSemaphore(1), (writeLock) => buildStore(writeLock))

const buildStore = (writeLock: Effect.Semaphore): StorePort & MemoryInspection => {
  const tenants = new Map<string, Map<string, CollectionState>>()
  const currentTransaction = FiberRef.unsafeMake<Transaction | undefined>(undefined)
  let openTransactions = 0

  const committedCollection = (tenant: string, collection: string) =>
    tenants.get(tenant)?.get(collection)

  const stateFor = (tenant: string, collection: string): CollectionState =>
    nested(
      nested(tenants, tenant, () => new Map()),
      collection,
      () => ({
        documents: new Map(),
        indexes: new Map(),
        sortedIds: undefined,
      }),
    )

  const overlayFor = (tx: Transaction | undefined, tenant: string, collection: string) =>
    tx?.overlay.get(tenant)?.get(collection)

  const read = (
    tx: Transaction | undefined,
    tenant: string,
    collection: string,
    id: string,
  ): StoredDocument | undefined => {
    const slot = overlayFor(tx, tenant, collection)?.get(id)
    if (slot !== undefined) return slot ?? undefined
    return committedCollection(tenant, collection)?.documents.get(id)
  }

  const removeEntry = (
    state: CollectionState,
    index: string,
    value: Query.IndexValue,
    id: string,
  ) => {
    if (value !== null) state.indexes.get(index)?.remove(value, id)
  }

  const addEntry = (state: CollectionState, index: string, value: Query.IndexValue, id: string) => {
    if (value !== null)
      nested(state.indexes, index, () => new Ordered.OrderedIndex()).insert(value, id)
  }

  const unindex = (state: CollectionState, document: StoredDocument) => {
    for (const index of Object.keys(document.indexes))
      removeEntry(state, index, document.indexes[index] ?? null, document.id)
  }

  const reindex = (state: CollectionState, document: StoredDocument) => {
    for (const index of Object.keys(document.indexes))
      addEntry(state, index, document.indexes[index] ?? null, document.id)
  }

  /** An update moves only the index values that changed. */
  const moveIndexes = (state: CollectionState, previous: StoredDocument, next: StoredDocument) => {
    for (const index of Object.keys(next.indexes)) {
      const before = previous.indexes[index] ?? null
      const after = next.indexes[index] ?? null
      if (before === after) continue
      removeEntry(state, index, before, previous.id)
      addEntry(state, index, after, next.id)
    }
    // the indexes the update no longer gives
    for (const index of Object.keys(previous.indexes))
      if (!Object.hasOwn(next.indexes, index))
        removeEntry(state, index, previous.indexes[index] ?? null, previous.id)
  }

  /** Makes a slot the committed state of its document, in place of `previous` (the committed one). */
  const commitSlot = (
    tenant: string,
    collection: string,
    id: string,
    slot: Slot,
    previous: StoredDocument | undefined,
  ) => {
    const state = stateFor(tenant, collection)
    if (previous !== undefined && slot !== null) {
      // an update: only the index values that changed move
      state.documents.set(id, slot)
      moveIndexes(state, previous, slot)
    } else {
      if (previous !== undefined) unindex(state, previous)
      if (slot === null) {
        state.documents.delete(id)
      } else {
        state.documents.set(id, slot)
        reindex(state, slot)
      }
    }
    if ((previous === undefined) !== (slot === null)) state.sortedIds = undefined
  }

  const copyOverlay = (overlay: Transaction["overlay"]): Transaction["overlay"] =>
    new Map(
      [...overlay].map(([tenant, collections]) => [
        tenant,
        new Map([...collections].map(([collection, slots]) => [collection, new Map(slots)])),
      ]),
    )

  const restoreOverlay = (overlay: Transaction["overlay"], savepoint: Transaction["overlay"]) => {
    overlay.clear()
    for (const [tenant, collections] of savepoint) overlay.set(tenant, collections)
  }

  const commit = (tx: Transaction) => {
    for (const [tenant, collections] of tx.overlay) {
      for (const [collection, slots] of collections) {
        for (const [id, slot] of slots)
          commitSlot(
            tenant,
            collection,
            id,
            slot,
            committedCollection(tenant, collection)?.documents.get(id),
          )
      }
    }
  }

  /**
   * Applies a batch against the current view into `staged`, checking each operation
   * against the documents as the earlier operations of the batch left them. Nothing
   * outside `staged` is touched, so a failure leaves the store as it was.
   */
  const stage = (
    tx: Transaction | undefined,
    tenant: string,
    operations: ReadonlyArray<WriteOperation>,
  ): Either.Either<
    {
      readonly staged: Map<string, Map<string, Slot>>
      readonly written: Array<StoredDocument | null>
      /** The document each write replaced (`undefined` where there was none), in order. */
      readonly replaced: Array<StoredDocument | undefined>
    },
    StoreError | Errors.ValidationError
  > => {
    const staged = new Map<string, Map<string, Slot>>()
    const written: Array<StoredDocument | null> = []
    const replaced: Array<StoredDocument | undefined> = []
    for (const operation of operations) {
      const { collection, id } = operation
      const stagedSlot = staged.get(collection)?.get(id)
      const current =
        stagedSlot !== undefined ? (stagedSlot ?? undefined) : read(tx, tenant, collection, id)
      // the store's documents are its own frozen copies: an update shares what it keeps
      const result = applyWrite(tenant, operation, current, owned)
      if (Either.isLeft(result)) return Either.left(result.left)
      const next = result.right
      nested(staged, collection, () => new Map()).set(id, next)
      written.push(next)
      replaced.push(current)
    }
    return Either.right({ staged, written, replaced })
  }

  const closedTransaction = () =>
    new StoreError({
      reason: "Conflict",
      message: "write attempted through a transaction that has already finished",
    })

  /** Runs a batch of writes: into the caller's transaction, or committed at once. */
  const write = (
    tenant: string,
    operations: ReadonlyArray<WriteOperation>,
  ): Effect.Effect<Array<StoredDocument | null>, StoreError | Errors.ValidationError> =>
    Effect.flatMap(FiberRef.get(currentTransaction), (tx) => {
      // Checking and writing happen in one synchronous step, so no other fiber can
      // write in between.
      const apply = (): Effect.Effect<
        Array<StoredDocument | null>,
        StoreError | Errors.ValidationError
      > => {
        if (tx !== undefined && !tx.open) return Effect.fail(closedTransaction())
        const result = stage(tx, tenant, operations)
        if (Either.isLeft(result)) return Effect.fail(result.left)
        const { staged, written, replaced } = result.right
        if (tx !== undefined) {
          for (const [collection, slots] of staged) {
            const overlay = nested(
              nested(tx.overlay, tenant, () => new Map()),
              collection,
              () => new Map(),
            )
            for (const [id, slot] of slots) overlay.set(id, slot)
          }
        } else {
          // each write in order, over the document it was checked against (committed
          // or written earlier in the batch): no second lookup
          for (let i = 0; i < operations.length; i++) {
            const { collection, id } = operations[i] as WriteOperation
            commitSlot(tenant, collection, id, written[i] as Slot, replaced[i])
          }
        }
        return Effect.succeed(written)
      }
      if (tx !== undefined) return Effect.suspend(apply)
      // Only an open transaction (which holds the lock) can be in a plain write's way.
      return Effect.suspend(() =>
        openTransactions === 0 ? apply() : writeLock.withPermits(1)(Effect.suspend(apply)),
      )
    })

  /** Every id of a collection visible to the transaction, in code-point order. */
  const visibleIds = (
    tx: Transaction | undefined,
    tenant: string,
    collection: string,
  ): Array<string> => {
    const state = committedCollection(tenant, collection)
    let committed: Array<string> = []
    if (state !== undefined) {
      state.sortedIds ??= [...state.documents.keys()].sort(Query.compareStrings)
      committed = state.sortedIds
    }
    const overlay = overlayFor(tx, tenant, collection)
    if (overlay === undefined || overlay.size === 0) return committed
    const ids = new Set(committed)
    for (const [id, slot] of overlay) {
      if (slot === null) ids.delete(id)
      else ids.add(id)
    }
    return [...ids].sort(Query.compareStrings)
  }

  /**
   * The documents that may match a plan, read through the `where` index whose listed
   * values hold the fewest entries when one applies (each value's run of its ordered
   * index), else every document. An index whose list holds `null` cannot narrow:
   * documents without a value have no entry.
   */
  const candidates = (
    tx: Transaction | undefined,
    tenant: string,
    plan: Query.Plan,
    narrowest: Narrowing | undefined,
  ): Iterable<StoredDocument> => {
    const state = committedCollection(tenant, plan.collection)
    const overlay = overlayFor(tx, tenant, plan.collection)
    let committed: Iterable<StoredDocument> = state?.documents.values() ?? []
    if (state !== undefined && narrowest !== undefined) {
      const { index, values } = narrowest
      committed = (function* () {
        for (const value of values)
          for (const entry of index.walk(
            index.seek(Ordered.before(value)),
            false,
            Ordered.after(value),
          )) {
            const document = state.documents.get(entry.id)
            if (document !== undefined) yield document
          }
      })()
    }
    if (overlay === undefined || overlay.size === 0) return committed
    const base = committed
    return (function* () {
      for (const document of base) if (!overlay.has(document.id)) yield document
      for (const slot of overlay.values()) if (slot !== null) yield slot
    })()
  }

  /** The `where` index of a plan whose listed values hold the fewest entries. */
  const narrowestOf = (state: CollectionState, plan: Query.Plan): Narrowing | undefined => {
    let narrowest: Narrowing | undefined
    for (const [name, values] of plan.where) {
      if (values.includes(null)) continue
      const index = state.indexes.get(name)
      const listed = values as ReadonlyArray<Exclude<Query.IndexValue, null>>
      // no document holds this index: nothing matches
      if (index === undefined) return { index: noEntries, values: listed, size: 0 }
      // a document holds one value per index: the union's size is the sum of the runs'
      let size = 0
      for (const value of listed) size += index.count(value)
      if (narrowest === undefined || size < narrowest.size)
        narrowest = { index, values: listed, size }
    }
    return narrowest
  }

  /**
   * The ordered index a plan can walk instead of sorting its candidates: the index
   * it orders by, when its range is on that index too (a range leaves out documents
   * without a value) or every document holds a value there. `undefined` when the
   * plan cannot, or when its narrowest `where` run is cheaper to sort: walking is
   * estimated at `limit × documents ÷ run` entries (the matches spread evenly over
   * the order), sorting the run at `run × log₂ run`.
   */
  const walkableIndex = (
    state: CollectionState,
    plan: Query.Plan,
    narrowest: Narrowing | undefined,
  ): Ordered.OrderedIndex | undefined => {
    const name = plan.orderIndex
    if (name === undefined) return undefined
    const index = state.indexes.get(name)
    if (index === undefined) return undefined
    const ranged = plan.range !== undefined && plan.range.index === name
    if (!ranged && (plan.range !== undefined || index.size !== state.documents.size))
      return undefined
    if (narrowest === undefined) return index
    const run = Math.max(1, narrowest.size)
    return (plan.limit * state.documents.size) / run < run * Math.log2(run + 1) ? index : undefined
  }

  /** A page read by walking an ordered index from the plan's start (range bound or cursor). */
  const walkPage = (
    state: CollectionState,
    index: Ordered.OrderedIndex,
    plan: Query.Plan,
  ): { readonly documents: ReadonlyArray<StoredDocument>; readonly cursor: string | null } => {
    const range = plan.range?.index === plan.orderIndex ? plan.range : undefined
    const bound = range?.gt ?? range?.gte ?? range?.lt ?? range?.lte
    // the band of the range's kind of value (numbers sort before strings)
    const bandStart = typeof bound === "string" ? Ordered.before("") : Ordered.before(-Infinity)
    const bandEnd = typeof bound === "string" ? undefined : Ordered.before("")
    // An edge of the range as a seek key: a strict bound leaves its value's run out
    // (after it at the low end, before it at the high end), an inclusive one keeps it.
    const edge = (
      strict: Query.RangeBound | undefined,
      inclusive: Query.RangeBound | undefined,
      isLow: boolean,
      band: Ordered.Key | undefined,
    ) =>
      strict !== undefined
        ? isLow
          ? Ordered.after(strict)
          : Ordered.before(strict)
        : inclusive !== undefined
          ? isLow
            ? Ordered.before(inclusive)
            : Ordered.after(inclusive)
          : bound !== undefined
            ? band
            : undefined
    const low = edge(range?.gt, range?.gte, true, bandStart)
    const high = edge(range?.lt, range?.lte, false, bandEnd)
    // resume at the cursor where it lies past the range's own start
    const cursor =
      plan.after !== undefined && plan.after.value !== null
        ? { value: plan.after.value, id: plan.after.id }
        : undefined
    let start: Ordered.Position
    if (!plan.descending) {
      const fromRange = low === undefined ? { chunk: 0, offset: 0 } : index.seek(low)
      const fromCursor = cursor === undefined ? undefined : index.seek(cursor)
      start =
        fromCursor !== undefined && Ordered.comparePositions(fromCursor, fromRange) > 0
          ? fromCursor
          : fromRange
    } else {
      const fromRange = high === undefined ? index.end() : index.seek(high)
      // the cursor's own entry is not walked: descending starts before the position
      const fromCursor = cursor === undefined ? undefined : index.seek(cursor)
      start =
        fromCursor !== undefined && Ordered.comparePositions(fromCursor, fromRange) < 0
          ? fromCursor
          : fromRange
    }
    const selected: Array<StoredDocument> = []
    for (const entry of index.walk(start, plan.descending, plan.descending ? low : high)) {
      const document = state.documents.get(entry.id)
      if (document === undefined || !Query.matches(plan, document.indexes)) continue
      if (!Query.isAfterCursor(plan, entry)) continue
      selected.push(document)
      if (selected.length > plan.limit) break
    }
    const page = selected.slice(0, plan.limit)
    const last = page[page.length - 1]
    return {
      documents: page,
      cursor:
        selected.length > plan.limit && last !== undefined
          ? Query.encodeCursor(plan, Query.positionOf(plan, last))
          : null,
    }
  }

  /** Answers a valid plan: by an ordered walk where one applies, else by filtering and sorting. */
  const answer = (tx: Transaction | undefined, tenant: string, plan: Query.Plan) => {
    // an empty list matches no document, committed or written by the transaction
    if (plan.where.some(([, values]) => values.length === 0)) return { documents: [], cursor: null }
    const state = committedCollection(tenant, plan.collection)
    const narrowest = state === undefined ? undefined : narrowestOf(state, plan)
    const overlay = overlayFor(tx, tenant, plan.collection)
    if (state !== undefined && (overlay === undefined || overlay.size === 0)) {
      const index = walkableIndex(state, plan, narrowest)
      if (index !== undefined) return walkPage(state, index, plan)
    }
    return Query.runInMemory(plan, candidates(tx, tenant, plan, narrowest))
  }

  const port: StorePort & MemoryInspection = {
    get: (tenant, collection, id) =>
      Effect.map(FiberRef.get(currentTransaction), (tx) => read(tx, tenant, collection, id)),

    getMany: (tenant, collection, ids) =>
      Effect.map(FiberRef.get(currentTransaction), (tx) => {
        const found: Array<StoredDocument> = []
        for (const id of ids) {
          const document = read(tx, tenant, collection, id)
          if (document !== undefined) found.push(document)
        }
        return found
      }),

    ...writeMethods(write),

    query: (tenant, query) =>
      Effect.flatMap(FiberRef.get(currentTransaction), (tx) =>
        Either.match(Query.validate(query), {
          onLeft: (error) => Effect.fail(error),
          onRight: (plan) => Effect.succeed(answer(tx, tenant, plan)),
        }),
      ),

    scan: (tenant, collection, options) =>
      Stream.unwrap(
        Effect.map(FiberRef.get(currentTransaction), (tx) => {
          const batchSize = scanBatchSize(options)
          // The ids are fixed when the scan starts; each batch reads their current
          // documents, so one deleted meanwhile is skipped and none is seen twice.
          const ids = visibleIds(tx, tenant, collection)
          return Stream.paginateChunkEffect(0, (offset) =>
            Effect.map(FiberRef.get(currentTransaction), (current) => {
              const batch: Array<StoredDocument> = []
              const end = Math.min(ids.length, offset + batchSize)
              for (let i = offset; i < end; i++) {
                const document = read(current, tenant, collection, ids[i] as string)
                if (document !== undefined) batch.push(document)
              }
              return [
                Chunk.unsafeFromArray(batch),
                end < ids.length ? Option.some(end) : Option.none<number>(),
              ] as const
            }),
          )
        }),
      ),

    transaction: <A, E, R>(effect: Effect.Effect<A, E, R>) =>
      Effect.flatMap(FiberRef.get(currentTransaction), (outer) => {
        if (outer !== undefined) {
          // A nested transaction joins the outer one at a savepoint: if it fails, its
          // own writes are undone, and the outer one goes on if it handles the error.
          const savepoint = copyOverlay(outer.overlay)
          return Effect.onExit(effect, (exit) =>
            Effect.sync(() => {
              if (exit._tag === "Failure") restoreOverlay(outer.overlay, savepoint)
            }),
          )
        }
        return writeLock.withPermits(1)(
          Effect.suspend(() => {
            const tx: Transaction = { overlay: new Map(), open: true }
            openTransactions++
            return effect.pipe(
              Effect.locally(currentTransaction, tx),
              Effect.onExit((exit) =>
                Effect.sync(() => {
                  tx.open = false
                  openTransactions--
                  if (exit._tag === "Success") commit(tx)
                }),
              ),
            )
          }),
        )
      }),

    readCommitted: (tenant, collection, id) =>
      committedCollection(tenant, collection)?.documents.get(id),

    size: () => {
      let total = 0
      for (const collections of tenants.values()) {
        for (const state of collections.values()) total += state.documents.size
      }
      return total
    },
  }
  return port
}
