/**
 * The in-memory adapter of the storage port: the zero-setup default, with exactly
 * the semantics of a database — versions and compare-and-set, duplicate ids,
 * ordered indexes, queries with cursors, tenant isolation, and transactions that
 * roll back on failure. Nothing survives the process; use `@clientele/store-sql`
 * for durable storage.
 *
 * Each index is kept sorted as it is written, so an equality, a range or an order
 * on an index reads only what it returns (a range ordered by its own index walks
 * it from the cursor, at any size of collection); other queries filter the
 * narrowest `where` index's documents and sort them.
 *
 * Writers are serialised (one transaction at a time, like SQLite); readers never
 * wait and never see a transaction's writes before it commits. Stored bodies are
 * deep-frozen copies, so mutating an object after writing it changes nothing.
 *
 * @since 0.1.0
 */
import type * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { type MemoryInspection, makeMemoryStore } from "./internal/memory.js"
import { Store, type StorePort } from "./Store.js"

/**
 * The memory store's port, plus two out-of-band reads that tests use to check what
 * was really committed.
 *
 * @example
 * ```ts
 * import { MemoryStore } from "@clientele/store"
 * import * as Effect from "effect/Effect"
 *
 * const store: MemoryStore.MemoryStore = Effect.runSync(MemoryStore.make)
 * store.size() // 0
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface MemoryStore extends StorePort, MemoryInspection {}

/**
 * Creates an empty memory store.
 *
 * @example
 * ```ts
 * import { MemoryStore } from "@clientele/store"
 * import * as Effect from "effect/Effect"
 *
 * const program = Effect.gen(function* () {
 *   const store = yield* MemoryStore.make
 *   yield* store.insert("acme", { collection: "notes", id: "n1", body: { text: "hi" }, indexes: {} })
 *   return store.readCommitted("acme", "notes", "n1")?.version // 1
 * })
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: Effect.Effect<MemoryStore> = makeMemoryStore()

/**
 * A layer providing a fresh, empty memory store as the `Store` service.
 *
 * @example
 * ```ts
 * import { MemoryStore, Store } from "@clientele/store"
 * import * as Effect from "effect/Effect"
 *
 * const program = Effect.gen(function* () {
 *   const store = yield* Store.Store
 *   return yield* store.get("acme", "notes", "n1")
 * })
 * Effect.runPromise(Effect.provide(program, MemoryStore.layer)) // undefined
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<Store> = Layer.effect(Store, make)
