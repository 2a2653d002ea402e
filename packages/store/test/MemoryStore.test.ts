import { describe, expect, it } from "@effect/vitest"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import { MemoryStore } from "../src/index.js"

const doc = (id: string, body: unknown) => ({
  collection: "notes",
  id,
  body: body as never,
  indexes: {},
})

describe("MemoryStore", () => {
  it.effect(
    "stores a deep-frozen copy: mutating the written or the read object changes nothing",
    () =>
      Effect.gen(function* () {
        const store = yield* MemoryStore.make
        const body = { text: "hi", tags: ["a"], nested: { n: 1 } }
        yield* store.insert("t", doc("n1", body))
        body.tags.push("b")
        body.nested.n = 2
        const read = yield* store.get("t", "notes", "n1")
        expect(read?.body).toEqual({ text: "hi", tags: ["a"], nested: { n: 1 } })
        expect(Object.isFrozen(read?.body)).toBe(true)
        expect(Object.isFrozen((read?.body as { tags?: unknown } | undefined)?.tags)).toBe(true)
      }),
  )

  it.effect.each([
    ["NaN", { score: Number.NaN }, ["body", "score"]],
    ["Infinity", { list: [1, Number.POSITIVE_INFINITY] }, ["body", "list", 1]],
    ["a Date", { at: new Date(0) }, ["body", "at"]],
    ["a function", { f: () => 1 }, ["body", "f"]],
    ["a bigint", { n: 1n }, ["body", "n"]],
    ["NaN deep in arrays and objects", { a: [{ b: [1, Number.NaN] }] }, ["body", "a", 0, "b", 1]],
  ])(
    "refuses a body holding %s with a ValidationError at its path, writing nothing",
    ([, body, path]) =>
      Effect.gen(function* () {
        const store = yield* MemoryStore.make
        const error = yield* Effect.flip(store.insert("t", doc("n1", body)))
        expect(error._tag).toBe("ValidationError")
        if (error._tag === "ValidationError") expect(error.issues[0]?.path).toEqual(path)
        expect(store.size()).toBe(0)
      }),
  )

  it.effect("refuses nesting deeper than 1000 levels and accepts 1000", () =>
    Effect.gen(function* () {
      const store = yield* MemoryStore.make
      const nest = (depth: number): unknown => (depth === 0 ? "leaf" : [nest(depth - 1)])
      yield* store.insert("t", doc("ok", nest(1000)))
      const error = yield* Effect.flip(store.insert("t", doc("deep", nest(1001))))
      expect(error._tag).toBe("ValidationError")
    }),
  )

  it.effect("keeps a __proto__ key as data", () =>
    Effect.gen(function* () {
      const store = yield* MemoryStore.make
      const body = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}')
      yield* store.insert("t", doc("p", body))
      const read = yield* store.get("t", "notes", "p")
      expect(JSON.stringify(read?.body)).toBe('{"__proto__":{"polluted":true},"a":1}')
      expect(({} as { polluted?: boolean }).polluted).toBeUndefined()
    }),
  )

  it.effect(
    "an update keeps the objects it shares with the version it replaces and copies the rest",
    () =>
      Effect.gen(function* () {
        const store = yield* MemoryStore.make
        const first = yield* store.insert("t", doc("n1", { kept: { n: 1 }, changed: { n: 1 } }))
        const previous = first.body as { readonly kept: object; readonly changed: object }
        const changed = { n: 2, list: [1] }
        const second = yield* store.update("t", {
          ...doc("n1", { ...previous, changed }),
          expectedVersion: 1,
        })
        const body = second.body as { readonly kept: object; readonly changed: object }
        expect(body.kept).toBe(previous.kept)
        expect(body.changed).not.toBe(changed)
        changed.list.push(2)
        expect(body).toEqual({ kept: { n: 1 }, changed: { n: 2, list: [1] } })
        expect(Object.isFrozen(body.changed)).toBe(true)
        // writing back what was read stores it as it is
        const third = yield* store.update("t", { ...doc("n1", second.body), expectedVersion: 2 })
        expect(third.body).toBe(second.body)
      }),
  )

  it.effect("leaves out symbol-keyed properties and what Object.prototype lends", () =>
    Effect.gen(function* () {
      const store = yield* MemoryStore.make
      const body = { a: 1, nested: { b: 2, [Symbol("hidden")]: 3 } }
      // the prototype lends a property only while the insert runs
      const prototype = Object.prototype as Record<string, unknown>
      prototype.lent = { from: "the prototype" }
      const inserted = Effect.runSyncExit(store.insert("t", doc("n1", body)))
      delete prototype.lent
      const stored = yield* inserted
      expect(Object.keys(stored.body as object)).toEqual(["a", "nested"])
      const nested = (stored.body as { readonly nested: object }).nested
      expect(Object.keys(nested)).toEqual(["b"])
      expect(Object.getOwnPropertySymbols(nested)).toEqual([])
    }),
  )

  it.effect("rolls back an interrupted transaction", () =>
    Effect.gen(function* () {
      const store = yield* MemoryStore.make
      const wrote = yield* Deferred.make<void>()
      const fiber = yield* Effect.fork(
        store.transaction(
          Effect.gen(function* () {
            yield* store.insert("t", doc("n1", {}))
            yield* Deferred.succeed(wrote, undefined)
            yield* Effect.never
          }),
        ),
      )
      yield* Deferred.await(wrote)
      expect(store.readCommitted("t", "notes", "n1")).toBeUndefined()
      yield* Fiber.interrupt(fiber)
      expect(yield* store.get("t", "notes", "n1")).toBeUndefined()
    }),
  )

  it.effect("never shows a transaction's writes outside it before commit", () =>
    Effect.gen(function* () {
      const store = yield* MemoryStore.make
      const wrote = yield* Deferred.make<void>()
      const release = yield* Deferred.make<void>()
      const fiber = yield* Effect.fork(
        store.transaction(
          Effect.gen(function* () {
            yield* store.insert("t", doc("n1", { v: 1 }))
            yield* Deferred.succeed(wrote, undefined)
            yield* Deferred.await(release)
          }),
        ),
      )
      yield* Deferred.await(wrote)
      expect(yield* store.get("t", "notes", "n1")).toBeUndefined()
      expect((yield* store.query("t", { collection: "notes" })).documents).toEqual([])
      yield* Deferred.succeed(release, undefined)
      yield* Fiber.join(fiber)
      expect((yield* store.get("t", "notes", "n1"))?.version).toBe(1)
    }),
  )

  it.effect(
    "makes a plain write wait for an open transaction, so the transaction's reads stay valid",
    () =>
      Effect.gen(function* () {
        const store = yield* MemoryStore.make
        yield* store.insert("t", doc("n1", { v: 0 }))
        const read = yield* Deferred.make<void>()
        const release = yield* Deferred.make<void>()
        const tx = yield* Effect.fork(
          store.transaction(
            Effect.gen(function* () {
              const current = yield* store.get("t", "notes", "n1")
              yield* Deferred.succeed(read, undefined)
              yield* Deferred.await(release)
              yield* store.update("t", {
                ...doc("n1", { v: "tx" }),
                expectedVersion: current?.version ?? 0,
              })
            }),
          ),
        )
        yield* Deferred.await(read)
        const outside = yield* Effect.fork(
          store.update("t", { ...doc("n1", { v: "outside" }), expectedVersion: 1 }),
        )
        yield* Effect.yieldNow()
        expect((yield* store.get("t", "notes", "n1"))?.version).toBe(1)
        yield* Deferred.succeed(release, undefined)
        yield* Fiber.join(tx)
        const error = yield* Effect.flip(Fiber.join(outside))
        expect(error._tag === "StoreError" && error.reason).toBe("Conflict")
        expect((yield* store.get("t", "notes", "n1"))?.body).toEqual({ v: "tx" })
      }),
  )

  it.effect(
    "refuses a write through a transaction that has finished (a fiber that escaped it)",
    () =>
      Effect.gen(function* () {
        const store = yield* MemoryStore.make
        const go = yield* Deferred.make<void>()
        const escaped = yield* store.transaction(
          Effect.forkDaemon(
            Effect.zipRight(Deferred.await(go), store.insert("t", doc("late", {}))),
          ),
        )
        yield* Deferred.succeed(go, undefined)
        const error = yield* Effect.flip(Fiber.join(escaped))
        expect(error._tag === "StoreError" && error.reason).toBe("Conflict")
        expect(yield* store.get("t", "notes", "late")).toBeUndefined()
      }),
  )
})

describe("MemoryStore: values no database could keep", () => {
  it.effect("refuses lone UTF-16 surrogates in bodies, keys, ids and index values", () =>
    Effect.gen(function* () {
      const store = yield* MemoryStore.make
      const lone = "abc\uD800"
      for (const [document, path] of [
        [doc("n1", { text: lone }), ["body", "text"]],
        [doc("n1", { [lone]: 1 }), ["body", lone]],
        [doc(lone, {}), ["id"]],
        [{ ...doc("n1", {}), indexes: { name: lone } }, ["indexes", "name"]],
      ] as const) {
        const error = yield* Effect.flip(store.insert("t", document))
        expect(error._tag).toBe("ValidationError")
        if (error._tag === "ValidationError") expect(error.issues[0]?.path).toEqual(path)
      }
      yield* store.insert("t", doc("pair", { text: "\u{1F600}" }))
      expect(store.size()).toBe(1)
    }),
  )

  it.effect("stores negative zero as zero, as JSON does", () =>
    Effect.gen(function* () {
      const store = yield* MemoryStore.make
      const stored = yield* store.insert("t", { ...doc("z", { n: -0 }), indexes: { n: -0 } })
      expect(Object.is((stored.body as { n: number }).n, 0)).toBe(true)
      expect(Object.is(stored.indexes.n, 0)).toBe(true)
    }),
  )
})
