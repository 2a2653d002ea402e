/**
 * The pagination group: walking every page of a query (and a whole scan) returns
 * every matching document exactly once, in order — also when other documents are
 * written between pages, which catches offset-based cursors.
 */
import * as Effect from "effect/Effect"
import * as FastCheck from "effect/FastCheck"
import * as Stream from "effect/Stream"
import type { Query } from "../../Query.js"
import type { Indexes, StoredDocument, StorePort, WriteOperation } from "../../Store.js"
import { check, equal, expectValidationError, sameDocuments, sameIds, show } from "./assert.js"
import { checkProperty, defineGroup, type Group } from "./harness.js"
import { compareByCodePoint, compareInOrder, expectedMatches } from "./model.js"
import { scanAll, walkQuery } from "./reads.js"
import * as Values from "./values.js"

const collection = "tickets"

/** Short ids over a few characters, so ids collide in prefixes and hit code-point order. */
const idArbitrary = FastCheck.string({
  unit: FastCheck.constantFrom("a", "b", "B", "1", " ", "é", "\uFF5E", "😀"),
  minLength: 1,
  maxLength: 3,
})

interface Seed {
  readonly id: string
  readonly indexes: Indexes
}

const seedsArbitrary = (maxLength: number) =>
  FastCheck.uniqueArray(FastCheck.record({ id: idArbitrary, indexes: Values.indexes }), {
    selector: (seed) => seed.id,
    maxLength,
  })

/** Writes documents in batches (one bulkWrite per 50), returning them as the model expects them. */
export const seed = (
  store: StorePort,
  tenant: string,
  collectionName: string,
  seeds: ReadonlyArray<Seed>,
): Effect.Effect<Array<StoredDocument>, unknown> =>
  Effect.gen(function* () {
    const documents = seeds.map(
      (s): StoredDocument => ({
        tenant,
        collection: collectionName,
        id: s.id,
        version: 1,
        body: { id: s.id },
        indexes: s.indexes,
      }),
    )
    for (let start = 0; start < documents.length; start += 50) {
      const operations = documents.slice(start, start + 50).map(
        (d): WriteOperation => ({
          _tag: "Insert",
          collection: d.collection,
          id: d.id,
          body: d.body,
          indexes: d.indexes,
        }),
      )
      yield* store.bulkWrite(tenant, operations)
    }
    return documents
  })

/** Writes a document per id, with the indexes `indexesOf` gives it (none by default). */
const seedIds = (
  store: StorePort,
  tenant: string,
  ids: ReadonlyArray<string>,
  indexesOf: (id: string) => Indexes = () => ({}),
) =>
  seed(
    store,
    tenant,
    collection,
    ids.map((id) => ({ id, indexes: indexesOf(id) })),
  )

/** The pagination group. */
export const pagination: Group = defineGroup("pagination", (test) => {
  test("walking all pages returns every matching document exactly once, in order (property)", (context) =>
    checkProperty(
      context,
      FastCheck.tuple(seedsArbitrary(30), Values.query(collection)),
      ([seeds, query]) =>
        Effect.gen(function* () {
          const t = context.tenant()
          const documents = yield* seed(context.store, t, collection, seeds)
          const expected = expectedMatches(query, documents)
          const walk = yield* walkQuery(context.store, t, query, { maxPages: expected.length + 2 })
          sameIds(
            walk.documents,
            expected.map((d) => d.id),
            `walking ${show(query, 400)}`,
          )
          sameDocuments(walk.documents, expected, "the documents of the walk")
        }),
    ))

  test("desc is the exact reverse of asc, whatever the page size (property)", (context) =>
    checkProperty(
      context,
      FastCheck.record({
        seeds: seedsArbitrary(25),
        index: FastCheck.constantFrom(...Values.indexNames),
        ascLimit: FastCheck.integer({ min: 1, max: 6 }),
        descLimit: FastCheck.integer({ min: 1, max: 6 }),
      }),
      ({ seeds, index, ascLimit, descLimit }) =>
        Effect.gen(function* () {
          const t = context.tenant()
          yield* seed(context.store, t, collection, seeds)
          const pages = seeds.length + 2
          const asc = yield* walkQuery(
            context.store,
            t,
            { collection, orderBy: { index }, limit: ascLimit },
            { maxPages: pages },
          )
          const desc = yield* walkQuery(
            context.store,
            t,
            { collection, orderBy: { index, direction: "desc" }, limit: descLimit },
            { maxPages: pages },
          )
          sameIds(
            desc.documents,
            asc.documents.map((d) => d.id).reverse(),
            `orderBy ${index} desc against asc reversed`,
          )
          equal(asc.documents.length, seeds.length, "the number of documents walked")
        }),
    ))

  test("the cursor is null on the page that holds the last matching document", ({
    store,
    tenant,
  }) =>
    Effect.gen(function* () {
      const t = tenant()
      const ids = ["a", "b", "c", "d", "e", "f"]
      yield* seedIds(store, t, ids, (id) => ({ tag: id < "d" ? "x" : "y", n: ids.indexOf(id) }))
      for (const limit of [1, 2, 3, 6, 7]) {
        const walk = yield* walkQuery(store, t, { collection, limit }, { maxPages: 10 })
        sameIds(walk.documents, ids, `limit ${limit}`)
      }
      // matching documents end before the collection does: the last page of matches has no cursor
      const first = yield* store.query(t, { collection, where: { tag: "x" }, limit: 3 })
      sameIds(first.documents, ["a", "b", "c"], "where tag = x, limit 3")
      equal(
        first.cursor,
        null,
        "the cursor of a page holding the last match (where tag = x, limit 3)",
      )
      const ranged = yield* store.query(t, {
        collection,
        range: { index: "n", lt: 2 },
        orderBy: { index: "n" },
        limit: 2,
      })
      sameIds(ranged.documents, ["a", "b"], "n < 2, limit 2")
      equal(ranged.cursor, null, "the cursor of a page holding the last match (n < 2, limit 2)")
      const all = yield* store.query(t, { collection, limit: 6 })
      equal(all.cursor, null, "the cursor of a page holding all six documents (limit 6)")
    }))

  test("without a limit a page holds at most 100 documents, and the walk returns them all", ({
    store,
    tenant,
  }) =>
    Effect.gen(function* () {
      const t = tenant()
      const ids = Array.from({ length: 101 }, (_, i) => `doc-${String(i).padStart(3, "0")}`)
      yield* seedIds(store, t, ids)
      const first = yield* store.query(t, { collection })
      check(
        first.documents.length <= 100,
        `the first page holds ${first.documents.length} documents, more than the default limit 100`,
      )
      check(first.cursor !== null, "the first page of 101 documents has no cursor")
      const walk = yield* walkQuery(store, t, { collection }, { maxPages: 102 })
      sameIds(walk.documents, ids, "walking 101 documents with the default limit")
    }))

  test("a cursor is refused by a query with another collection, filter or order", ({
    store,
    tenant,
  }) =>
    Effect.gen(function* () {
      const t = tenant()
      yield* seedIds(store, t, ["a", "b", "c"], () => ({ n: 1, k: "x" }))
      const base: Query = { collection, where: { k: "x" }, orderBy: { index: "n" }, limit: 1 }
      const page = yield* store.query(t, base)
      const cursor = page.cursor
      if (cursor === null)
        return check(false, "a page of one of three matching documents has no cursor")
      const others: ReadonlyArray<[string, Query]> = [
        ["another collection", { ...base, collection: `${collection}-other` }],
        ["another where", { ...base, where: { k: "y" } }],
        ["another order index", { ...base, orderBy: { index: "k" } }],
        ["another direction", { ...base, orderBy: { index: "n", direction: "desc" } }],
        ["a range added", { ...base, range: { index: "n", gte: 0 } }],
      ]
      for (const [what, query] of others) {
        yield* expectValidationError(
          store.query(t, { ...query, cursor }),
          `reusing a cursor with ${what}`,
        )
      }
      const next = yield* store.query(t, { ...base, cursor })
      sameIds(next.documents, ["b"], "the cursor with its own query")
    }))

  test("documents present throughout are seen exactly once while others are written between pages (property)", (context) =>
    checkProperty(
      context,
      FastCheck.record({
        stable: seedsArbitrary(15),
        volatile: FastCheck.array(Values.indexes, { maxLength: 8 }),
        changes: FastCheck.array(
          FastCheck.record({
            kind: FastCheck.constantFrom("insert" as const, "delete" as const, "move" as const),
            target: FastCheck.nat(),
            id: idArbitrary,
            value: Values.indexValue,
          }),
          { maxLength: 20 },
        ),
        orderBy: FastCheck.option(
          FastCheck.record({
            index: FastCheck.constantFrom(...Values.indexNames),
            direction: FastCheck.constantFrom("asc" as const, "desc" as const),
          }),
          { nil: undefined },
        ),
        limit: FastCheck.integer({ min: 1, max: 4 }),
      }),
      ({ stable, volatile, changes, orderBy, limit }) =>
        Effect.gen(function* () {
          const { store } = context
          const t = context.tenant()
          // stable ids end in "+", volatile ones in "~", so they never collide but interleave in id order
          const stableSeeds = stable.map((s) => ({ id: `${s.id}+`, indexes: s.indexes }))
          const volatileSeeds = volatile.map((indexes, i) => ({
            id: `${stable[i % Math.max(1, stable.length)]?.id ?? "v"}${i}~`,
            indexes,
          }))
          yield* seed(store, t, collection, [...stableSeeds, ...volatileSeeds])
          const live = new Map(volatileSeeds.map((s) => [s.id, 1]))
          const query: Query =
            orderBy === undefined ? { collection, limit } : { collection, orderBy, limit }
          let next = 0
          const between = () =>
            Effect.gen(function* () {
              const change = changes[next++]
              if (change === undefined) return
              const ids = [...live.keys()]
              const target = ids[change.target % Math.max(1, ids.length)]
              if (change.kind === "insert" || target === undefined) {
                const id = `${change.id}${next}~new`
                if (live.has(id)) return
                yield* store.insert(t, {
                  collection,
                  id,
                  body: { id },
                  indexes: { n: change.value, k: change.value },
                })
                live.set(id, 1)
              } else if (change.kind === "delete") {
                yield* store.delete(t, collection, target, live.get(target) ?? 1)
                live.delete(target)
              } else {
                const version = live.get(target) ?? 1
                yield* store.update(t, {
                  collection,
                  id: target,
                  expectedVersion: version,
                  body: { id: target },
                  indexes: { n: change.value, k: change.value },
                })
                live.set(target, version + 1)
              }
            })
          const walk = yield* walkQuery(store, t, query, {
            maxPages: stableSeeds.length + volatileSeeds.length + changes.length + 2,
            stable: false,
            between,
          })
          const seen = new Map<string, number>()
          for (const document of walk.documents)
            seen.set(document.id, (seen.get(document.id) ?? 0) + 1)
          for (const s of stableSeeds) {
            equal(
              seen.get(s.id) ?? 0,
              1,
              `how often ${show(s.id)} (never written during the walk) was returned by walking ${show(query)}`,
            )
          }
          for (let i = 1; i < walk.documents.length; i++) {
            const before = walk.documents[i - 1]
            const after = walk.documents[i]
            if (before === undefined || after === undefined) continue
            check(
              compareInOrder(query, before, after) < 0,
              `walking ${show(query)} while writing between pages: ${show(after.id)} came after ${show(before.id)}, out of order (a cursor must resume strictly after the last document of its page)`,
            )
          }
        }),
    ))

  test("a scan sees every document present throughout exactly once, in id order, while others are written during it (property)", (context) =>
    checkProperty(
      context,
      FastCheck.record({
        stable: FastCheck.uniqueArray(idArbitrary, { maxLength: 15 }),
        volatile: FastCheck.uniqueArray(idArbitrary, { maxLength: 8 }),
        changes: FastCheck.array(
          FastCheck.record({
            insert: FastCheck.boolean(),
            target: FastCheck.nat(),
            id: idArbitrary,
          }),
          { maxLength: 15 },
        ),
        batchSize: FastCheck.integer({ min: 1, max: 4 }),
      }),
      ({ stable, volatile, changes, batchSize }) =>
        Effect.gen(function* () {
          const { store } = context
          const t = context.tenant()
          const stableIds = stable.map((id) => `${id}+`)
          const volatileIds = volatile.map((id) => `${id}~`)
          yield* seedIds(store, t, [...stableIds, ...volatileIds])
          const live = new Set(volatileIds)
          let next = 0
          const change = Effect.gen(function* () {
            const step = changes[next++]
            if (step === undefined) return
            const target = [...live][step.target % Math.max(1, live.size)]
            if (step.insert || target === undefined) {
              const id = `${step.id}${next}~new`
              if (live.has(id)) return
              yield* store.insert(t, { collection, id, body: {}, indexes: {} })
              live.add(id)
            } else {
              yield* store.delete(t, collection, target, 1)
              live.delete(target)
            }
          })
          const scanned: Array<StoredDocument> = []
          yield* Stream.runForEach(store.scan(t, collection, { batchSize }), (document) =>
            Effect.zipRight(
              Effect.sync(() => scanned.push(document)),
              change,
            ),
          )
          const seen = new Map<string, number>()
          for (const document of scanned) seen.set(document.id, (seen.get(document.id) ?? 0) + 1)
          for (const id of stableIds) {
            equal(
              seen.get(id) ?? 0,
              1,
              `how often ${show(id)} (never written during the scan) was emitted by a scan with batchSize ${batchSize}`,
            )
          }
          for (let i = 1; i < scanned.length; i++) {
            const before = scanned[i - 1]?.id ?? ""
            const after = scanned[i]?.id ?? ""
            check(
              compareByCodePoint(before, after) < 0,
              `a scan with batchSize ${batchSize} emitted ${show(after)} after ${show(before)}: not in id order`,
            )
          }
          for (const document of scanned) {
            check(
              document.tenant === t && document.collection === collection,
              `a scan emitted ${show(document.id)} of another tenant or collection`,
            )
          }
        }),
    ))

  test("a scan of many documents in small batches emits each once, in id order", ({
    store,
    tenant,
  }) =>
    Effect.gen(function* () {
      const t = tenant()
      const ids = Array.from({ length: 250 }, (_, i) => `n${(i * 7919) % 1000}`)
      yield* seedIds(store, t, ids)
      const expected = [...ids].sort(compareByCodePoint)
      for (const batchSize of [1, 16, 100, 250, 1000]) {
        sameIds(
          yield* scanAll(store, t, collection, { batchSize }),
          expected,
          `scan of 250 documents with batchSize ${batchSize}`,
        )
      }
      sameIds(
        yield* scanAll(store, t, collection),
        expected,
        "scan of 250 documents with the default batch size",
      )
    }))
})
