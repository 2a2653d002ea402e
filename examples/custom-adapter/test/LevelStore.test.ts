import { randomBytes } from "node:crypto"
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
} from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Query, Store, StoreError } from "@clientele/store"
import { runConformance } from "@clientele/store/testkit"
import { it as effectIt, expect } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FastCheck from "effect/FastCheck"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import { describe, it } from "vitest"
import * as LevelDatabase from "../src/LevelDatabase.js"
import * as LevelStore from "../src/LevelStore.js"
import * as Layout from "../src/StorageLayout.js"

const temporaryDirectory = Effect.acquireRelease(
  Effect.sync(() => mkdtempSync(join(tmpdir(), "level-store-"))),
  (path) => Effect.sync(() => rmSync(path, { recursive: true, force: true })),
)

// --- the conformance suite: a fresh database for every test --------------------------

let current: LevelDatabase.LevelDatabase | undefined

runConformance({
  name: "LevelDB",
  test: { describe, it },
  makeLayer: () =>
    Layer.scoped(
      Store.Store,
      Effect.gen(function* () {
        const database = yield* LevelDatabase.open(join(yield* temporaryDirectory, "db"))
        current = database
        return yield* LevelStore.make(database)
      }),
    ),
  // Reads the document's key straight from LevelDB, around the port.
  probe: {
    read: async (tenant, collection, id) => {
      if (current === undefined) throw new Error("no database is open")
      const text = await Effect.runPromise(
        current.use("probe", (db) => db.get(Layout.documentKey(tenant, collection, id))),
      )
      const value = text === undefined ? undefined : Layout.decodeDocument(text)
      return value === undefined ? undefined : { version: value.version, body: value.body }
    },
  },
})

// --- what the suite cannot see: the files, closing and opening again ----------------

/** The store and its database at `path`, open until the scope closes. */
const openAt = (path: string) =>
  Effect.gen(function* () {
    const database = yield* LevelDatabase.open(path)
    const store = yield* LevelStore.make(database)
    return { database, store }
  })

/** Runs `use` on the store at `path`, opened for it and closed after. */
const withStoreAt = <A, E>(path: string, use: (store: Store.StorePort) => Effect.Effect<A, E>) =>
  Effect.scoped(Effect.flatMap(openAt(path), ({ store }) => use(store)))

/** Every key and value in the database, as LevelDB holds them. */
const everyEntry = (database: LevelDatabase.LevelDatabase) =>
  database.use("list every entry", async (db) =>
    (await db.iterator().all()).map(([key, value]) => [key.toString("hex"), value]),
  )

const tenant = "acme"
const note = (id: string, tier: string | null, body: Store.Json = { id }) => ({
  collection: "notes",
  id,
  body,
  indexes: tier === null ? {} : { tier },
})

/** What a user can read of the notes: by id, by index, in index order, by scan. */
const readNotes = (store: Store.StorePort) =>
  Effect.gen(function* () {
    return {
      one: yield* store.get(tenant, "notes", "n2"),
      gold: yield* store.query(tenant, { collection: "notes", where: { tier: "gold" } }),
      untiered: yield* store.query(tenant, { collection: "notes", where: { tier: null } }),
      byTier: yield* store.query(tenant, {
        collection: "notes",
        orderBy: { index: "tier", direction: "desc" },
      }),
      scan: Chunk.toReadonlyArray(yield* Stream.runCollect(store.scan(tenant, "notes"))),
    }
  })

describe("LevelStore: durability", () => {
  effectIt.scopedLive("what was committed is all there after closing and opening again", () =>
    Effect.gen(function* () {
      const path = join(yield* temporaryDirectory, "db")
      const before = yield* withStoreAt(path, (store) =>
        Effect.gen(function* () {
          yield* store.bulkWrite(tenant, [
            { _tag: "Insert", ...note("n1", null) },
            { _tag: "Insert", ...note("n2", "gold") },
            { _tag: "Insert", ...note("n3", "silver") },
          ])
          yield* store.update(tenant, {
            ...note("n3", "gold", { changed: true }),
            expectedVersion: 1,
          })
          yield* store.delete(tenant, "notes", "n1", 1)
          yield* store.transaction(store.insert(tenant, note("n4", null)))
          return yield* readNotes(store)
        }),
      )
      const after = yield* withStoreAt(path, readNotes)
      expect(after).toEqual(before)
      expect(after.scan.map((document) => [document.id, document.version])).toEqual([
        ["n2", 1],
        ["n3", 2],
        ["n4", 1],
      ])
    }),
  )

  effectIt.scopedLive(
    "a transaction that fails, dies or is interrupted half-way leaves the database's entries as they were, also after reopening",
    () =>
      Effect.gen(function* () {
        const path = join(yield* temporaryDirectory, "db")
        const entriesBefore = yield* Effect.scoped(
          Effect.gen(function* () {
            const { database, store } = yield* openAt(path)
            yield* store.insert(tenant, note("n1", "gold"))
            yield* store.insert(tenant, note("n2", null))
            const entries = yield* everyEntry(database)
            // Each of these writes new documents, new index entries and a new index name
            // before it stops.
            const halfWay = Effect.gen(function* () {
              yield* store.insert(tenant, {
                ...note("n3", "silver"),
                indexes: { tier: "silver", region: "eu" },
              })
              yield* store.update(tenant, { ...note("n1", "bronze"), expectedVersion: 1 })
              yield* store.delete(tenant, "notes", "n2", 1)
              yield* store.transaction(store.insert(tenant, note("n5", "gold")))
            })
            const failed = yield* Effect.exit(
              store.transaction(Effect.zipRight(halfWay, Effect.fail("the process stops here"))),
            )
            const died = yield* Effect.exit(
              store.transaction(Effect.zipRight(halfWay, Effect.die("a bug"))),
            )
            const suspended = yield* Deferred.make<void>()
            const interrupted = yield* Effect.fork(
              store.transaction(
                Effect.zipRight(
                  halfWay,
                  Effect.zipRight(Deferred.succeed(suspended, undefined), Effect.never),
                ),
              ),
            )
            yield* Deferred.await(suspended)
            yield* Fiber.interrupt(interrupted)
            expect(Exit.isFailure(failed) && Exit.isFailure(died)).toBe(true)
            expect(yield* everyEntry(database)).toEqual(entries)
            return entries
          }),
        )
        const entriesAfter = yield* Effect.scoped(
          Effect.flatMap(openAt(path), ({ database }) => everyEntry(database)),
        )
        expect(entriesAfter).toEqual(entriesBefore)
      }),
  )

  effectIt.scopedLive("a database another handle holds open is Unavailable, and retryable", () =>
    Effect.gen(function* () {
      const path = join(yield* temporaryDirectory, "db")
      yield* openAt(path)
      const error = yield* Effect.flip(Effect.scoped(openAt(path)))
      expect(error.reason).toBe("Unavailable")
      expect(error.isRetryable).toBe(true)
    }),
  )

  effectIt.scopedLive(
    "a stored value that is not a document is reported as Corrupt by every read",
    () =>
      Effect.gen(function* () {
        const path = join(yield* temporaryDirectory, "db")
        const { database, store } = yield* openAt(path)
        yield* store.insert(tenant, note("n1", "gold"))
        yield* database.use("damage a value", (db) =>
          db.put(Layout.documentKey(tenant, "notes", "n1"), "{not json"),
        )
        const errors = [
          yield* Effect.flip(store.get(tenant, "notes", "n1")),
          yield* Effect.flip(store.getMany(tenant, "notes", ["n1"])),
          yield* Effect.flip(store.query(tenant, { collection: "notes", where: { tier: "gold" } })),
          yield* Effect.flip(Stream.runDrain(store.scan(tenant, "notes"))),
        ]
        for (const error of errors) {
          expect(StoreError.isStoreError(error) && error.reason).toBe("Corrupt")
          expect(StoreError.isStoreError(error) && error.id).toBe("n1")
        }
      }),
  )
})

describe("LevelStore: transactions commit optimistically", () => {
  effectIt.scopedLive(
    "a transaction whose document another writer changed meanwhile fails with a retryable Conflict and writes nothing",
    () =>
      Effect.gen(function* () {
        const { store } = yield* openAt(join(yield* temporaryDirectory, "db"))
        yield* store.insert(tenant, note("n1", "gold", { by: "first" }))
        const staged = yield* Deferred.make<void>()
        const resume = yield* Deferred.make<void>()
        const transaction = yield* Effect.fork(
          store.transaction(
            Effect.gen(function* () {
              yield* store.update(tenant, {
                ...note("n1", "gold", { by: "transaction" }),
                expectedVersion: 1,
              })
              yield* store.insert(tenant, note("n2", "gold"))
              yield* Deferred.succeed(staged, undefined)
              yield* Deferred.await(resume)
            }),
          ),
        )
        yield* Deferred.await(staged)
        yield* store.update(tenant, { ...note("n1", "gold", { by: "other" }), expectedVersion: 1 })
        yield* Deferred.succeed(resume, undefined)
        const error = yield* Effect.flip(Fiber.join(transaction))
        expect(StoreError.isStoreError(error) && error.reason).toBe("Conflict")
        expect(StoreError.isStoreError(error) && error.isRetryable).toBe(true)
        expect((yield* store.get(tenant, "notes", "n1"))?.body).toEqual({ by: "other" })
        expect(yield* store.get(tenant, "notes", "n2")).toBeUndefined()
      }),
  )

  effectIt.scopedLive("transactions open at the same time on different documents both commit", () =>
    Effect.gen(function* () {
      const { store } = yield* openAt(join(yield* temporaryDirectory, "db"))
      const aStaged = yield* Deferred.make<void>()
      const bStaged = yield* Deferred.make<void>()
      // Each waits, inside its transaction, for the other to have written: neither
      // transaction holds a lock the other needs.
      const writer = (id: string, mine: Deferred.Deferred<void>, theirs: Deferred.Deferred<void>) =>
        store.transaction(
          Effect.gen(function* () {
            yield* store.insert(tenant, note(id, "gold"))
            yield* Deferred.succeed(mine, undefined)
            yield* Deferred.await(theirs)
          }),
        )
      yield* Effect.all([writer("a", aStaged, bStaged), writer("b", bStaged, aStaged)], {
        concurrency: 2,
      })
      const page = yield* store.query(tenant, { collection: "notes", where: { tier: "gold" } })
      expect(page.documents.map((document) => [document.id, document.version])).toEqual([
        ["a", 1],
        ["b", 1],
      ])
    }),
  )
})

describe("LevelStore: indexes", () => {
  effectIt.scopedLive(
    "tenants and index names that differ only in a lone surrogate never share keys",
    () =>
      Effect.gen(function* () {
        const { store } = yield* openAt(join(yield* temporaryDirectory, "db"))
        const ids = (page: Store.Page) => page.documents.map((document) => document.id)
        // UTF-8 has no bytes for "\uD800": written as plain UTF-8 it would become "\uFFFD".
        yield* store.insert("\uD800", note("n1", "gold"))
        expect(yield* store.get("\uFFFD", "notes", "n1")).toBeUndefined()
        expect(ids(yield* store.query("\uFFFD", { collection: "notes" }))).toEqual([])
        yield* store.insert(tenant, {
          collection: "c",
          id: "a",
          body: {},
          indexes: { "\uD800": "x" },
        })
        yield* store.insert(tenant, {
          collection: "c",
          id: "b",
          body: {},
          indexes: { "\uFFFD": "x" },
        })
        expect(
          ids(yield* store.query(tenant, { collection: "c", where: { "\uD800": "x" } })),
        ).toEqual(["a"])
        expect(
          ids(yield* store.query(tenant, { collection: "c", where: { "\uFFFD": "x" } })),
        ).toEqual(["b"])
        const byName = yield* store.query(tenant, {
          collection: "c",
          orderBy: { index: "\uD800", direction: "desc" },
        })
        expect(ids(byName)).toEqual(["a", "b"])
      }),
  )

  effectIt.scopedLive(
    "an index first declared by a later document lists the earlier documents under null, also after reopening",
    () =>
      Effect.gen(function* () {
        const path = join(yield* temporaryDirectory, "db")
        const orders = (store: Store.StorePort) =>
          Effect.gen(function* () {
            const ids = (page: Store.Page) => page.documents.map((document) => document.id)
            return {
              untiered: ids(
                yield* store.query(tenant, { collection: "notes", where: { tier: null } }),
              ),
              ascending: ids(
                yield* store.query(tenant, { collection: "notes", orderBy: { index: "tier" } }),
              ),
              descending: ids(
                yield* store.query(tenant, {
                  collection: "notes",
                  orderBy: { index: "tier", direction: "desc" },
                }),
              ),
              unknownIndex: ids(
                yield* store.query(tenant, { collection: "notes", where: { region: null } }),
              ),
            }
          })
        const expected = {
          untiered: ["b", "d"],
          ascending: ["b", "d", "c", "a"],
          descending: ["a", "c", "d", "b"],
          unknownIndex: ["a", "b", "c", "d"],
        }
        yield* withStoreAt(path, (store) =>
          Effect.gen(function* () {
            yield* store.insert(tenant, note("b", null))
            yield* store.insert(tenant, note("d", null))
            yield* store.insert(tenant, note("c", "gold"))
            yield* store.insert(tenant, note("a", "silver"))
            expect(yield* orders(store)).toEqual(expected)
          }),
        )
        expect(yield* withStoreAt(path, orders)).toEqual(expected)
      }),
  )
})

// Few ids and values, so that queries meet ties, nulls, both kinds of value, code
// points whose UTF-16 order differs, and bounds with a lone surrogate (no stored text
// holds one, but a query may).
const idArb = FastCheck.constantFrom("a", "b", "c", "d", "e", "\u{1F600}", "\uFFFD", "a\u0000")
const indexNameArb = FastCheck.constantFrom("tier", "n", "x")
const valueArb = FastCheck.constantFrom<Query.IndexValue>(
  null,
  -1,
  0,
  2.5,
  "",
  "a",
  "\uE000",
  "\uFFFD",
  "\uFFFF",
  "\u{1F600}",
)
const indexesArb = FastCheck.dictionary(indexNameArb, valueArb, { maxKeys: 3 })
const documentsArb = FastCheck.uniqueArray(FastCheck.record({ id: idArb, indexes: indexesArb }), {
  selector: (document) => document.id,
  maxLength: 8,
})
const rangeArb = FastCheck.oneof(
  FastCheck.tuple(
    FastCheck.constantFrom<Query.RangeBound>(-1, 0, 1, 3),
    FastCheck.constantFrom<Query.RangeBound>(-1, 0, 1, 3),
  ),
  FastCheck.tuple(
    FastCheck.constantFrom<Query.RangeBound>("", "a", "\uD800", "\uDFFF", "\uFFFE", "\u{1F600}"),
    FastCheck.constantFrom<Query.RangeBound>("", "a", "\uD800", "\uDFFF", "\uFFFE", "\u{1F600}"),
  ),
).chain(([low, high]) =>
  FastCheck.record({
    index: FastCheck.constantFrom("tier", "n", "y"),
    lower: FastCheck.constantFrom("gt", "gte", "none"),
    upper: FastCheck.constantFrom("lt", "lte", "none"),
  }).map(
    ({ index, lower, upper }): Query.Range => ({
      index,
      ...(lower === "none" ? {} : { [lower]: low }),
      ...(upper === "none" || (lower === "none" && upper === "none")
        ? { lte: high }
        : { [upper]: high }),
    }),
  ),
)
// The range is often on the order's index, where it narrows the keys read rather
// than only filtering them.
const queryArb = FastCheck.record({
  where: FastCheck.oneof(
    FastCheck.constant({}),
    FastCheck.dictionary(
      FastCheck.constantFrom("tier", "n", "x", "y"),
      FastCheck.oneof(valueArb, FastCheck.array(valueArb, { maxLength: 3 })),
      { maxKeys: 2 },
    ),
  ),
  range: FastCheck.option(rangeArb, { nil: undefined }),
  rangeOnOrder: FastCheck.boolean(),
  orderBy: FastCheck.option(
    FastCheck.record({
      index: FastCheck.constantFrom("tier", "n", "y"),
      direction: FastCheck.constantFrom<"asc" | "desc">("asc", "desc"),
    }),
    { nil: undefined },
  ),
  limit: FastCheck.integer({ min: 1, max: 4 }),
}).map(({ where, range, rangeOnOrder, orderBy, limit }) => ({
  where,
  limit,
  ...(orderBy === undefined ? {} : { orderBy }),
  ...(range === undefined
    ? {}
    : {
        range: rangeOnOrder && orderBy !== undefined ? { ...range, index: orderBy.index } : range,
      }),
}))
// Writes a transaction makes before it queries: an update where the id exists, an
// insert where it does not, a delete where `indexes` is absent.
const stagedArb = FastCheck.array(
  FastCheck.record({ id: idArb, indexes: FastCheck.option(indexesArb, { nil: undefined }) }),
  { maxLength: 4 },
)

describe("LevelStore: queries", () => {
  it("every page of every query is the page the Query module computes over the same documents, inside transactions too", async () => {
    let runs = 0
    const property = (store: Store.StorePort) =>
      FastCheck.asyncProperty(
        documentsArb,
        stagedArb,
        queryArb,
        async (documents, staged, query) => {
          const tenant = `query-${++runs}`
          const collection = "things"
          const pages = (expected: ReadonlyArray<{ id: string; indexes: Store.Indexes }>) =>
            Effect.gen(function* () {
              let cursor: string | null = null
              for (let page = 0; page < 20; page++) {
                const asked: Query.Query = { ...query, collection, cursor }
                const actual = yield* store.query(tenant, asked)
                const plan = yield* Query.validate(asked)
                const model = Query.runInMemory(plan, expected)
                expect(actual.documents.map((document) => document.id)).toEqual(
                  model.documents.map((document) => document.id),
                )
                expect(actual.cursor).toEqual(model.cursor)
                cursor = actual.cursor
                if (cursor === null) return
              }
              expect.fail("a query with at most 8 matches ended after 20 pages")
            })
          const view = new Map(documents.map((document) => [document.id, document]))
          const program = Effect.gen(function* () {
            yield* store.bulkWrite(
              tenant,
              documents.map((document) => ({ _tag: "Insert", collection, body: {}, ...document })),
            )
            yield* pages([...view.values()])
            const inside = Effect.gen(function* () {
              for (const { id, indexes } of staged) {
                const found = yield* store.get(tenant, collection, id)
                if (found !== undefined && indexes === undefined) {
                  yield* store.delete(tenant, collection, id, found.version)
                  view.delete(id)
                } else if (found !== undefined && indexes !== undefined) {
                  yield* store.update(tenant, {
                    collection,
                    id,
                    body: {},
                    indexes,
                    expectedVersion: found.version,
                  })
                  view.set(id, { id, indexes })
                } else if (indexes !== undefined) {
                  yield* store.insert(tenant, { collection, id, body: {}, indexes })
                  view.set(id, { id, indexes })
                }
              }
              yield* pages([...view.values()])
            })
            yield* store.transaction(inside)
          })
          await Effect.runPromise(program)
        },
      )
    await Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const { store } = yield* openAt(join(yield* temporaryDirectory, "db"))
          yield* Effect.promise(() => FastCheck.assert(property(store), { numRuns: 500 }))
        }),
      ),
    )
  })
})

describe("LevelStore: erasure", () => {
  /** The files under `path` whose bytes contain `marker`. */
  const filesHolding = (path: string, marker: string): ReadonlyArray<string> =>
    readdirSync(path, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name))
      .filter((file) => readFileSync(file).includes(marker))

  effectIt.scopedLive(
    "eraseFreedSpace leaves nothing of deleted or overwritten content in the database's files, and keeps the rest",
    () =>
      Effect.gen(function* () {
        const directory = yield* temporaryDirectory
        const path = join(directory, "db")
        const { store } = yield* openAt(path)
        const deleted = randomBytes(16).toString("hex")
        const overwritten = randomBytes(16).toString("hex")
        yield* store.insert(tenant, note("gone", "gold", { secret: deleted }))
        // Enough data after it to push the first secret out of the log into a table.
        const filler = "x".repeat(1_000_000)
        for (const id of ["f1", "f2", "f3", "f4", "f5"]) {
          yield* store.insert(tenant, note(id, null, { filler, id }))
        }
        yield* store.insert(tenant, note("kept", "gold", { secret: overwritten }))
        yield* store.delete(tenant, "notes", "gone", 1)
        yield* store.update(tenant, {
          ...note("kept", "gold", { secret: "none" }),
          expectedVersion: 1,
        })
        const before = yield* readNotes(store)
        expect(filesHolding(path, deleted).length).toBeGreaterThan(0)
        expect(filesHolding(path, overwritten).length).toBeGreaterThan(0)

        if (store.eraseFreedSpace === undefined) return expect.fail("the store erases freed space")
        yield* store.eraseFreedSpace

        expect(filesHolding(directory, deleted)).toEqual([])
        expect(filesHolding(directory, overwritten)).toEqual([])
        expect(readdirSync(directory)).toEqual(["db"])
        expect(yield* readNotes(store)).toEqual(before)
        yield* store.insert(tenant, note("after", "gold"))
        expect((yield* store.get(tenant, "notes", "after"))?.version).toBe(1)
      }),
  )

  effectIt.scopedLive(
    "reads and writes running while eraseFreedSpace rebuilds the database all land",
    () =>
      Effect.gen(function* () {
        const { store } = yield* openAt(join(yield* temporaryDirectory, "db"))
        yield* store.insert(tenant, note("n0", "gold"))
        const ids = Array.from({ length: 40 }, (_, at) => `w${String(at).padStart(2, "0")}`)
        const erase = store.eraseFreedSpace
        if (erase === undefined) return expect.fail("the store erases freed space")
        const [written] = yield* Effect.all(
          [
            Effect.forEach(ids, (id) => store.insert(tenant, note(id, "gold")), { concurrency: 8 }),
            Effect.forEach([1, 2, 3], () => erase, { concurrency: 1 }),
            Effect.forEach(ids, () => store.get(tenant, "notes", "n0"), { concurrency: 8 }),
          ],
          { concurrency: "unbounded" },
        )
        expect(written.map((document) => document.version)).toEqual(ids.map(() => 1))
        const page = yield* store.query(tenant, { collection: "notes", where: { tier: "gold" } })
        expect(page.documents.map((document) => document.id)).toEqual(["n0", ...ids])
      }),
  )

  const seeded = (path: string) =>
    withStoreAt(path, (store) =>
      Effect.zipRight(
        store.bulkWrite(tenant, [
          { _tag: "Insert", ...note("n1", "gold") },
          { _tag: "Insert", ...note("n2", null) },
        ]),
        readNotes(store),
      ),
    )

  effectIt.scopedLive(
    "a rebuild cut short after its copy was complete is finished when the database opens",
    () =>
      Effect.gen(function* () {
        const directory = yield* temporaryDirectory
        const path = join(directory, "db")
        const before = yield* seeded(path)
        // The crash came between moving the original aside and moving the copy in.
        cpSync(path, LevelDatabase.rebuildingPath(path), { recursive: true })
        renameSync(path, LevelDatabase.retiredPath(path))
        expect(yield* withStoreAt(path, readNotes)).toEqual(before)
        expect(readdirSync(directory)).toEqual(["db"])
      }),
  )

  effectIt.scopedLive(
    "a rebuild cut short during its copy is thrown away and the database kept",
    () =>
      Effect.gen(function* () {
        const directory = yield* temporaryDirectory
        const path = join(directory, "db")
        const before = yield* seeded(path)
        const copy = LevelDatabase.rebuildingPath(path)
        cpSync(path, copy, { recursive: true })
        for (const file of readdirSync(copy)) if (file.endsWith(".log")) rmSync(join(copy, file))
        expect(yield* withStoreAt(path, readNotes)).toEqual(before)
        expect(existsSync(copy)).toBe(false)
      }),
  )
})
