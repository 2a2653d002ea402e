/**
 * The memory store keeps each index as an ordered list of chunks. These properties
 * drive it with random inserts and removals (with tiny chunks, so that chunks split
 * and merge all the time) against a sorted array, and the store's ordered walks
 * against `Query.runInMemory` over the same documents.
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import { describe, expect, it } from "vitest"
import { MemoryStore, Query, type Store } from "../src/index.js"
import * as Ordered from "../src/internal/ordered.js"

type Value = Exclude<Query.IndexValue, null>

const byEntry = (a: Ordered.Entry, b: Ordered.Entry) =>
  Query.compareIndexValues(a.value, b.value) || Query.compareStrings(a.id, b.id)

// Strings with code units past the surrogates (U+FF5E, an emoji) sort differently by
// code point than by UTF-16 unit: the index must order them by code point.
const values: FastCheck.Arbitrary<Value> = FastCheck.oneof(
  FastCheck.integer({ min: -3, max: 3 }),
  FastCheck.constantFrom("", "a", "b", "ab", "\uFF5E", "\u{1F600}", "z\uFF5E", "z\u{1F600}"),
)
const ids = FastCheck.constantFrom("a", "b", "c", "d", "\uFF5E", "\u{1F600}", "e", "f")

const operations = FastCheck.array(
  FastCheck.record({ insert: FastCheck.boolean(), value: values, id: ids }),
  { maxLength: 200 },
)

const entriesOf = (iterable: Iterable<Ordered.Entry>) =>
  [...iterable].map((entry) => ({ value: entry.value, id: entry.id }))

describe("memory store: ordered index", () => {
  it("holds its entries in index order through any inserts and removals, chunks splitting and merging (property)", () => {
    FastCheck.assert(
      FastCheck.property(operations, values, (ops, probe) => {
        const index = new Ordered.OrderedIndex(4, 2)
        let model: Array<Ordered.Entry> = []
        for (const { insert, value, id } of ops) {
          const same = (entry: Ordered.Entry) => byEntry(entry, { value, id }) === 0
          if (insert) {
            index.insert(value, id)
            if (!model.some(same)) model.push({ value, id })
          } else {
            index.remove(value, id)
            model = model.filter((entry) => !same(entry))
          }
        }
        model.sort(byEntry)
        expect(index.size).toBe(model.length)
        expect(entriesOf(index.walk({ chunk: 0, offset: 0 }, false))).toEqual(model)
        expect(entriesOf(index.walk(index.end(), true))).toEqual([...model].reverse())
        // the run of one value, and its count
        const run = model.filter((entry) => Query.compareIndexValues(entry.value, probe) === 0)
        expect(
          entriesOf(index.walk(index.seek(Ordered.before(probe)), false, Ordered.after(probe))),
        ).toEqual(run)
        expect(
          entriesOf(index.walk(index.seek(Ordered.after(probe)), true, Ordered.before(probe))),
        ).toEqual([...run].reverse())
        expect(index.count(probe)).toBe(run.length)
        // everything after the value, and everything before it walking backwards
        expect(entriesOf(index.walk(index.seek(Ordered.after(probe)), false))).toEqual(
          model.filter((entry) => Query.compareIndexValues(entry.value, probe) > 0),
        )
        expect(entriesOf(index.walk(index.seek(Ordered.before(probe)), true))).toEqual(
          model.filter((entry) => Query.compareIndexValues(entry.value, probe) < 0).reverse(),
        )
      }),
      { numRuns: 300 },
    )
  })
})

/** A query on one index: a range on it and its order, or its order alone, any page size. */
const queries = FastCheck.record({
  bounds: FastCheck.oneof(
    FastCheck.constant({}),
    FastCheck.record(
      { gte: FastCheck.integer({ min: 0, max: 60 }), lt: FastCheck.integer({ min: 0, max: 60 }) },
      { requiredKeys: [] },
    ),
    FastCheck.record(
      { gt: FastCheck.integer({ min: 0, max: 60 }), lte: FastCheck.integer({ min: 0, max: 60 }) },
      { requiredKeys: [] },
    ),
    FastCheck.record(
      { gte: FastCheck.constantFrom("k", "m"), lte: FastCheck.constantFrom("p", "z") },
      { requiredKeys: [] },
    ),
  ),
  direction: FastCheck.constantFrom("asc" as const, "desc" as const),
  limit: FastCheck.integer({ min: 1, max: 700 }),
  where: FastCheck.option(FastCheck.constantFrom("red", "blue"), { nil: undefined }),
})

describe("memory store: ordered walks", () => {
  it("pages a range or an order over thousands of documents exactly as filtering and sorting them would, after updates and deletes (property)", async () => {
    await FastCheck.assert(
      FastCheck.asyncProperty(
        FastCheck.integer({ min: 1, max: 2 ** 31 - 1 }),
        queries,
        async (seed, shape) => {
          const store = Effect.runSync(MemoryStore.make)
          // numbers for most documents, strings for some: both kinds in one index
          let state = seed
          const random = () => {
            state = (Math.imul(state, 48271) + 12345) >>> 0
            return state / 2 ** 32
          }
          const documents = new Map<string, Store.Indexes>()
          const indexesOf = (): Store.Indexes => ({
            n: random() < 0.8 ? Math.floor(random() * 60) : "kmpz".charAt(Math.floor(random() * 4)),
            colour: random() < 0.5 ? "red" : "blue",
          })
          const inserts: Array<Store.WriteOperation> = []
          for (let i = 0; i < 3_000; i++) {
            const id = `d${Math.floor(random() * 1e9).toString(36)}-${i}`
            const indexes = indexesOf()
            documents.set(id, indexes)
            inserts.push({ _tag: "Insert", collection: "c", id, body: { i }, indexes })
          }
          Effect.runSync(store.bulkWrite("t", inserts))
          const changes: Array<Store.WriteOperation> = []
          for (const id of [...documents.keys()].filter(() => random() < 0.2)) {
            if (random() < 0.5) {
              changes.push({ _tag: "Delete", collection: "c", id, expectedVersion: 1 })
              documents.delete(id)
            } else {
              const indexes = indexesOf()
              changes.push({
                _tag: "Update",
                collection: "c",
                id,
                expectedVersion: 1,
                body: { moved: true },
                indexes,
              })
              documents.set(id, indexes)
            }
          }
          Effect.runSync(store.bulkWrite("t", changes))

          const query: Query.Query = {
            collection: "c",
            ...(Object.keys(shape.bounds).length > 0
              ? { range: { index: "n", ...shape.bounds } }
              : {}),
            ...(shape.where !== undefined ? { where: { colour: shape.where } } : {}),
            orderBy: { index: "n", direction: shape.direction },
            limit: shape.limit,
          }
          const plan = Either.getOrThrow(Query.validate(query))
          const all = [...documents].map(([id, indexes]) => ({ id, indexes }))
          // the expected pages: filter and sort everything, page by page
          const expected: Array<string> = []
          let expectedCursor: string | null | undefined
          do {
            const page = Query.runInMemory(
              expectedCursor === undefined
                ? plan
                : Either.getOrThrow(Query.validate({ ...query, cursor: expectedCursor })),
              all,
            )
            expected.push(...page.documents.map((document) => document.id))
            expectedCursor = page.cursor
          } while (expectedCursor !== null)
          const actual: Array<string> = []
          let cursor: string | null | undefined
          let pages = 0
          do {
            const page = await Effect.runPromise(store.query("t", { ...query, cursor }))
            actual.push(...page.documents.map((document) => document.id))
            cursor = page.cursor
            pages++
          } while (cursor !== null && pages < 10_000)
          expect(actual).toEqual(expected)
        },
      ),
      { numRuns: 40 },
    )
  })
})
