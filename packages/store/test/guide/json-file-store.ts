// json-file-store.ts
// A storage adapter that keeps every document in one JSON file, written atomically
// (temporary file + rename) at each commit. It is the worked example of the guide
// "Writing a storage adapter": the guide shows this file, and a test runs the
// conformance testkit against it.
import { randomUUID } from "node:crypto"
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs"
import { Query, Store, StoreError } from "@clientele/store"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as FiberRef from "effect/FiberRef"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"

type Doc = Store.StoredDocument
/** Writes of an open transaction: key → document, or null where deleted. */
type Overlay = Map<string, Doc | null>

const keyOf = (tenant: string, collection: string, id: string) =>
  JSON.stringify([tenant, collection, id])

export const makeJsonFileStore = (
  path: string,
): Effect.Effect<Store.StorePort, StoreError.StoreError> =>
  Effect.gen(function* () {
    // 1. Load the committed state. A file that does not parse is Corrupt.
    const committed = new Map<string, Doc>()
    if (existsSync(path)) {
      const documents = yield* Effect.try({
        try: () => JSON.parse(readFileSync(path, "utf8")) as Array<Doc>,
        catch: (cause) =>
          new StoreError.StoreError({
            reason: "Corrupt",
            message: `${path} is not valid JSON`,
            cause,
          }),
      })
      for (const doc of documents) committed.set(keyOf(doc.tenant, doc.collection, doc.id), doc)
    }

    // 2. Persist atomically: a crash leaves either the old file or the new one.
    const persist = (state: Map<string, Doc>) =>
      Effect.try({
        try: () => {
          const temporary = `${path}.${randomUUID()}.tmp`
          writeFileSync(temporary, JSON.stringify([...state.values()]))
          renameSync(temporary, path)
        },
        catch: (cause) =>
          new StoreError.StoreError({
            reason: "Unavailable",
            message: `cannot write ${path}`,
            cause,
          }),
      })

    // 3. One writer at a time; the open transaction of a fiber lives in a FiberRef,
    //    so a transaction started inside another one finds it and joins it.
    const writeLock = yield* Effect.makeSemaphore(1)
    const currentTransaction = FiberRef.unsafeMake<Overlay | undefined>(undefined)

    const read = (overlay: Overlay | undefined, key: string): Doc | undefined => {
      const staged = overlay?.get(key)
      return staged === undefined ? committed.get(key) : (staged ?? undefined)
    }

    // 4. Check a batch against the current view: Store.nextDocument refuses what the
    //    port refuses (Duplicate, NotFound, Conflict, a body that is not JSON, a bad
    //    index value) and builds the new document, so no adapter writes those rules again.
    const stage = (
      overlay: Overlay | undefined,
      tenant: string,
      operations: ReadonlyArray<Store.WriteOperation>,
    ) => {
      const staged: Overlay = new Map()
      for (const op of operations) {
        const key = keyOf(tenant, op.collection, op.id)
        const current = staged.has(key) ? (staged.get(key) ?? undefined) : read(overlay, key)
        const next = Store.nextDocument(tenant, op, current)
        if (Either.isLeft(next)) return Either.left(next.left)
        staged.set(key, next.right)
      }
      return Either.right(staged)
    }

    const applyTo = (state: Map<string, Doc>, staged: Overlay) => {
      for (const [key, doc] of staged) {
        if (doc === null) state.delete(key)
        else state.set(key, doc)
      }
    }

    const write = (tenant: string, operations: ReadonlyArray<Store.WriteOperation>) =>
      Effect.flatMap(FiberRef.get(currentTransaction), (overlay) => {
        if (overlay !== undefined) {
          // Inside a transaction: the writes wait in the overlay until commit.
          return Effect.flatMap(stage(overlay, tenant, operations), (staged) =>
            Effect.sync(() => {
              for (const [key, doc] of staged) overlay.set(key, doc)
              return staged
            }),
          )
        }
        // Outside: check, persist the new state, then make it visible.
        return writeLock.withPermits(1)(
          Effect.flatMap(stage(undefined, tenant, operations), (staged) => {
            const next = new Map(committed)
            applyTo(next, staged)
            return Effect.as(
              Effect.tap(persist(next), () => applyTo(committed, staged)),
              staged,
            )
          }),
        )
      })

    const stored = (staged: Overlay) => [...staged.values()][0] as Doc

    // 5. Documents of one collection visible to the caller (its transaction's writes first).
    const documentsOf = (overlay: Overlay | undefined, tenant: string, collection: string) => {
      const visible = new Map<string, Doc>()
      for (const doc of committed.values()) {
        if (doc.tenant === tenant && doc.collection === collection) visible.set(doc.id, doc)
      }
      for (const [key, doc] of overlay ?? []) {
        const [t, c, id] = JSON.parse(key) as [string, string, string]
        if (t !== tenant || c !== collection) continue
        if (doc === null) visible.delete(id)
        else visible.set(id, doc)
      }
      return [...visible.values()]
    }

    const port: Store.StorePort = {
      get: (tenant, collection, id) =>
        Effect.map(FiberRef.get(currentTransaction), (overlay) =>
          read(overlay, keyOf(tenant, collection, id)),
        ),
      getMany: (tenant, collection, ids) =>
        Effect.map(FiberRef.get(currentTransaction), (overlay) =>
          ids.flatMap((id) => read(overlay, keyOf(tenant, collection, id)) ?? []),
        ),
      insert: (tenant, doc) => Effect.map(write(tenant, [{ _tag: "Insert", ...doc }]), stored),
      update: (tenant, doc) => Effect.map(write(tenant, [{ _tag: "Update", ...doc }]), stored),
      delete: (tenant, collection, id, expectedVersion) =>
        Effect.asVoid(write(tenant, [{ _tag: "Delete", collection, id, expectedVersion }])),
      bulkWrite: (tenant, operations) => Effect.asVoid(write(tenant, operations)),
      // 6. Queries: the Query module validates the query and the cursor, filters,
      //    orders and pages exactly as every other adapter does.
      query: (tenant, query) =>
        Effect.flatMap(FiberRef.get(currentTransaction), (overlay) =>
          Effect.map(Query.validate(query), (plan) =>
            Query.runInMemory(plan, documentsOf(overlay, tenant, plan.collection)),
          ),
        ),
      // 7. Scan: the ids in code-point order, fixed at the start, read in batches.
      scan: (tenant, collection, options) =>
        Stream.unwrap(
          Effect.map(FiberRef.get(currentTransaction), (overlay) => {
            const ids = documentsOf(overlay, tenant, collection)
              .map((doc) => doc.id)
              .sort(Query.compareStrings)
            const size = Store.scanBatchSize(options)
            return Stream.paginateChunkEffect(0, (offset) =>
              Effect.map(FiberRef.get(currentTransaction), (current) => {
                const batch = ids
                  .slice(offset, offset + size)
                  .flatMap((id) => read(current, keyOf(tenant, collection, id)) ?? [])
                const next =
                  offset + size < ids.length ? Option.some(offset + size) : Option.none<number>()
                return [Chunk.unsafeFromArray(batch), next] as const
              }),
            )
          }),
        ),
      // 8. Transactions: hold the lock, collect writes in an overlay, persist and
      //    apply it only if the effect succeeds. Nested calls join the outer one.
      transaction: (effect) =>
        Effect.flatMap(FiberRef.get(currentTransaction), (outer) => {
          if (outer !== undefined) {
            // Nested: a savepoint. If the inner effect fails, undo its writes only.
            const savepoint = new Map(outer)
            return Effect.onExit(effect, (exit) =>
              Effect.sync(() => {
                if (exit._tag === "Failure") {
                  outer.clear()
                  for (const [key, doc] of savepoint) outer.set(key, doc)
                }
              }),
            )
          }
          return writeLock.withPermits(1)(
            Effect.suspend(() => {
              const overlay: Overlay = new Map()
              return Effect.flatMap(
                Effect.locally(effect, currentTransaction, overlay),
                (result) => {
                  const next = new Map(committed)
                  applyTo(next, overlay)
                  return Effect.as(
                    Effect.tap(persist(next), () => applyTo(committed, overlay)),
                    result,
                  )
                },
              )
            }),
          )
        }),
    }
    return port
  })

/** The adapter as a layer, so apps provide it like any other store. */
export const layerJsonFile = (path: string): Layer.Layer<Store.Store, StoreError.StoreError> =>
  Layer.effect(Store.Store, makeJsonFileStore(path))
