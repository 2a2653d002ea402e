/**
 * The transactions group: a failure anywhere inside a transaction — a typed error,
 * a store error, a defect, an interruption — rolls back every write made inside
 * it; reads inside see its own writes; nobody outside sees them before the commit;
 * and a transaction started inside another joins it.
 */
import * as Data from "effect/Data"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as FastCheck from "effect/FastCheck"
import * as Fiber from "effect/Fiber"
import type { StoredDocument, StorePort, WriteOperation } from "../../Store.js"
import {
  check,
  describeError,
  equal,
  expectStoreError,
  fail,
  sameDocument,
  sameDocuments,
  sameIds,
} from "./assert.js"
import { checkProperty, defineGroup, type Group } from "./harness.js"
import { ReferenceStore } from "./model.js"
import { expectDocument, expectNoDocument, scanAll, walkQuery } from "./reads.js"
import * as Values from "./values.js"

const collection = "orders"

/** The typed error the suite fails its transactions with. */
class Rollback extends Data.TaggedError("Rollback")<{ readonly note: string }> {}

/** Everything a tenant holds in the given collections, for before/after comparisons. */
const snapshot = (
  store: StorePort,
  tenant: string,
  collections: ReadonlyArray<string> = [collection],
) =>
  Effect.map(
    Effect.forEach(collections, (c) => scanAll(store, tenant, c)),
    (lists) =>
      lists
        .flat()
        .map((d) => ({ collection: d.collection, id: d.id, version: d.version, body: d.body })),
  )

/**
 * Remembers what a tenant holds in the given collections; the returned check
 * compares what it holds later with that.
 */
const checkpoint = (
  store: StorePort,
  tenant: string,
  collections: ReadonlyArray<string> = [collection],
) =>
  Effect.map(
    snapshot(store, tenant, collections),
    (before) => (what: string) =>
      Effect.map(snapshot(store, tenant, collections), (after) => equal(after, before, what)),
  )

/** Inserts an empty document. */
const insertEmpty = (store: StorePort, tenant: string, id: string) =>
  store.insert(tenant, { collection, id, body: {}, indexes: {} })

/** Updates a seeded document to `{ id, step }`, the body every step of the seeded documents has. */
const advance = (
  store: StorePort,
  tenant: string,
  id: string,
  expectedVersion: number,
  step: number,
  indexes: Readonly<Record<string, number>> = {},
) => store.update(tenant, { collection, id, expectedVersion, body: { id, step }, indexes })

/** Writes three documents: "a" and "b" at version 1, "c" at version 2. */
const seedThree = (store: StorePort, tenant: string) =>
  Effect.gen(function* () {
    for (const id of ["a", "b", "c"])
      yield* store.insert(tenant, { collection, id, body: { id, step: 0 }, indexes: { n: 0 } })
    yield* advance(store, tenant, "c", 1, 1, { n: 1 })
  })

/** The collections `writeEverything` writes to. */
const touched = [collection, "elsewhere"]

/** Writes of every kind over the seeded documents. */
const writeEverything = (store: StorePort, tenant: string) =>
  Effect.gen(function* () {
    yield* store.insert(tenant, { collection, id: "new", body: { id: "new" }, indexes: { n: 9 } })
    yield* advance(store, tenant, "a", 1, 1, { n: 5 })
    yield* store.delete(tenant, collection, "b", 1)
    yield* store.bulkWrite(tenant, [
      {
        _tag: "Update",
        collection,
        id: "c",
        expectedVersion: 2,
        body: { id: "c", step: 2 },
        indexes: {},
      },
      { _tag: "Insert", collection: "elsewhere", id: "x", body: {}, indexes: {} },
    ])
  })

/** What the suite's nested transactions write: a new document, and "a" marked as theirs. */
const writeInner = (store: StorePort, tenant: string) =>
  Effect.zipRight(
    insertEmpty(store, tenant, "inner"),
    store.update(tenant, {
      collection,
      id: "a",
      expectedVersion: 1,
      body: { id: "a", inner: true },
      indexes: {},
    }),
  )

/** The documents `writeEverything` leaves over the seeded ones: "b" is gone, "x" is elsewhere. */
const everythingWritten = (tenant: string) => ({
  ids: ["a", "c", "new"],
  a: { tenant, collection, id: "a", version: 2, body: { id: "a", step: 1 }, indexes: { n: 5 } },
  c: { tenant, collection, id: "c", version: 3, body: { id: "c", step: 2 }, indexes: {} },
  new: { tenant, collection, id: "new", version: 1, body: { id: "new" }, indexes: { n: 9 } },
})

/** The transactions group. */
export const transactions: Group = defineGroup("transactions", (test) => {
  /** Registers a test that starts from the three seeded documents, in a fresh tenant. */
  const seededTest = (
    name: string,
    body: (store: StorePort, t: string) => Effect.Effect<void, unknown>,
  ) =>
    test(name, ({ store, tenant }) =>
      Effect.gen(function* () {
        const t = tenant()
        yield* seedThree(store, t)
        yield* body(store, t)
      }),
    )

  seededTest("a transaction that succeeds commits every write and returns its value", (store, t) =>
    Effect.gen(function* () {
      const value = yield* store.transaction(Effect.as(writeEverything(store, t), "done" as const))
      const written = everythingWritten(t)
      equal(value, "done", "the value the transaction returned")
      sameIds(yield* scanAll(store, t, collection), written.ids, "documents after the commit")
      yield* expectDocument(store, written.a, "a after the commit")
      yield* expectDocument(store, written.c, "c after the commit")
      sameIds(yield* scanAll(store, t, "elsewhere"), ["x"], "the other collection after the commit")
    }),
  )

  /**
   * Registers a test that seeds the three documents, runs `attempt` (a transaction
   * writing everything, then failing), and checks the tenant holds what was seeded.
   */
  const rollbackTest = (
    name: string,
    attempt: (store: StorePort, t: string) => Effect.Effect<void, unknown>,
    what: string,
  ) =>
    seededTest(name, (store, t) =>
      Effect.gen(function* () {
        const unchanged = yield* checkpoint(store, t, touched)
        yield* attempt(store, t)
        yield* unchanged(what)
      }),
    )

  rollbackTest(
    "a transaction that fails rolls back every write, and its error comes out unchanged",
    (store, t) =>
      Effect.gen(function* () {
        const error = new Rollback({ note: "on purpose" })
        const result = yield* Effect.either(
          store.transaction(Effect.zipRight(writeEverything(store, t), Effect.fail(error))),
        )
        if (Either.isRight(result)) return fail("a transaction ending in Effect.fail succeeded")
        check(
          result.left === error,
          `a transaction's own error came out as ${describeError(result.left)}, not the very error it failed with`,
        )
      }),
    "the documents after the rollback",
  )

  rollbackTest(
    "a store error inside a transaction that is not caught rolls back the earlier writes",
    (store, t) =>
      expectStoreError(
        store.transaction(Effect.zipRight(writeEverything(store, t), insertEmpty(store, t, "a"))),
        "Duplicate",
        "a transaction whose last write is a duplicate insert",
      ),
    "the documents after the rollback",
  )

  rollbackTest(
    "a defect inside a transaction rolls back every write",
    (store, t) =>
      Effect.map(
        Effect.exit(
          store.transaction(
            Effect.zipRight(writeEverything(store, t), Effect.die(new Error("boom"))),
          ),
        ),
        (exit) => check(Exit.isFailure(exit), "a transaction ending in a defect succeeded"),
      ),
    "the documents after the defect",
  )

  seededTest(
    "an interrupted transaction rolls back every write, and the store stays usable",
    (store, t) =>
      Effect.gen(function* () {
        const unchanged = yield* checkpoint(store, t, touched)
        const written = yield* Deferred.make<void>()
        const fiber = yield* Effect.fork(
          store.transaction(
            Effect.gen(function* () {
              yield* writeEverything(store, t)
              yield* Deferred.succeed(written, undefined)
              return yield* Effect.never
            }),
          ),
        )
        yield* Deferred.await(written)
        yield* Fiber.interrupt(fiber)
        yield* unchanged("the documents after the interruption")
        yield* store.transaction(insertEmpty(store, t, "after"))
        yield* advance(store, t, "a", 1, 1)
        sameIds(
          yield* scanAll(store, t, collection),
          ["a", "after", "b", "c"],
          "writes after the interrupted transaction",
        )
      }),
  )

  seededTest("reads inside a transaction see its own writes", (store, t) =>
    Effect.gen(function* () {
      yield* store.transaction(
        Effect.gen(function* () {
          yield* writeEverything(store, t)
          const written = everythingWritten(t)
          yield* expectDocument(
            store,
            written.new,
            "get inside the transaction of a document it inserted",
          )
          yield* expectDocument(
            store,
            written.a,
            "get inside the transaction of a document it updated",
          )
          yield* expectNoDocument(
            store,
            t,
            collection,
            "b",
            "get inside the transaction of a document it deleted found it",
          )
          sameIds(
            yield* store.getMany(t, collection, ["new", "b", "a", "c"]),
            ["new", "a", "c"],
            "getMany inside the transaction",
          )
          const walk = yield* walkQuery(
            store,
            t,
            { collection, orderBy: { index: "n", direction: "desc" }, limit: 1 },
            { maxPages: 10 },
          )
          sameIds(
            walk.documents,
            ["new", "a", "c"],
            "query inside the transaction, ordered by n desc",
          )
          sameIds(
            yield* scanAll(store, t, collection, { batchSize: 1 }),
            written.ids,
            "scan inside the transaction",
          )
          yield* expectDocument(
            store,
            written.c,
            "get inside the transaction of a document its bulkWrite updated",
          )
        }),
      )
    }),
  )

  seededTest(
    "a write failure caught inside a transaction does not stop the other writes from committing",
    (store, t) =>
      Effect.gen(function* () {
        yield* store.transaction(
          Effect.gen(function* () {
            yield* insertEmpty(store, t, "first")
            const duplicate = yield* Effect.either(insertEmpty(store, t, "a"))
            check(Either.isLeft(duplicate), "a duplicate insert inside a transaction succeeded")
            const stale = yield* Effect.either(
              store.update(t, { collection, id: "c", expectedVersion: 1, body: {}, indexes: {} }),
            )
            check(Either.isLeft(stale), "a stale update inside a transaction succeeded")
            yield* insertEmpty(store, t, "second")
            yield* advance(store, t, "a", 1, 1)
          }),
        )
        sameIds(
          yield* scanAll(store, t, collection),
          ["a", "b", "c", "first", "second"],
          "documents after the transaction",
        )
        equal(
          (yield* store.get(t, collection, "a"))?.version,
          2,
          "the version of a after the transaction",
        )
      }),
  )

  seededTest(
    "a nested transaction joins the outer one: its writes commit and roll back with the outer",
    (store, t) =>
      Effect.gen(function* () {
        const unchanged = yield* checkpoint(store, t)
        // the inner transaction succeeds, the outer then fails: the inner's writes must go too
        const failed = yield* Effect.either(
          store.transaction(
            Effect.gen(function* () {
              yield* insertEmpty(store, t, "outer")
              yield* store.transaction(
                Effect.gen(function* () {
                  yield* writeInner(store, t)
                  check(
                    (yield* store.get(t, collection, "outer")) !== undefined,
                    "the nested transaction does not see the outer one's write",
                  )
                }),
              )
              check(
                (yield* store.get(t, collection, "inner")) !== undefined,
                "the outer transaction does not see the nested one's write",
              )
              equal(
                (yield* store.get(t, collection, "a"))?.version,
                2,
                "the version the outer transaction sees after the nested update",
              )
              return yield* Effect.fail(
                new Rollback({ note: "outer fails after the inner succeeded" }),
              )
            }),
          ),
        )
        check(Either.isLeft(failed), "the failing outer transaction succeeded")
        yield* unchanged("the documents after the outer transaction failed")
        // the inner transaction fails and the failure propagates: everything goes
        const propagated = yield* Effect.either(
          store.transaction(
            Effect.gen(function* () {
              yield* insertEmpty(store, t, "outer")
              yield* store.transaction(
                Effect.zipRight(
                  insertEmpty(store, t, "inner"),
                  Effect.fail(new Rollback({ note: "inner" })),
                ),
              )
            }),
          ),
        )
        check(Either.isLeft(propagated), "a transaction whose nested transaction failed succeeded")
        yield* unchanged("the documents after the nested transaction failed")
        // both succeed: everything commits
        yield* store.transaction(
          Effect.gen(function* () {
            yield* insertEmpty(store, t, "outer")
            yield* store.transaction(insertEmpty(store, t, "inner"))
          }),
        )
        sameIds(
          yield* scanAll(store, t, collection),
          ["a", "b", "c", "inner", "outer"],
          "documents after both committed",
        )
      }),
  )

  seededTest(
    "a failed nested transaction that the outer one handles undoes only its own writes",
    (store, t) =>
      Effect.gen(function* () {
        yield* store.transaction(
          Effect.gen(function* () {
            yield* insertEmpty(store, t, "before")
            const inner = yield* Effect.either(
              store.transaction(
                Effect.gen(function* () {
                  yield* writeInner(store, t)
                  yield* store.delete(t, collection, "b", 1)
                  return yield* Effect.fail(new Rollback({ note: "inner fails, outer handles it" }))
                }),
              ),
            )
            check(Either.isLeft(inner), "the failing nested transaction succeeded")
            yield* expectNoDocument(
              store,
              t,
              collection,
              "inner",
              "the outer transaction still sees a write of the failed nested one",
            )
            equal(
              (yield* store.get(t, collection, "a"))?.version,
              1,
              "the version of a after the nested update was undone",
            )
            yield* insertEmpty(store, t, "after")
          }),
        )
        sameIds(
          yield* scanAll(store, t, collection),
          ["a", "after", "b", "before", "c"],
          "documents after the outer transaction committed",
        )
        equal((yield* store.get(t, collection, "a"))?.body, { id: "a", step: 0 }, "the body of a")
      }),
  )

  test("writes of an open transaction are invisible outside it, and a failed one leaves no trace", ({
    store,
    tenant,
  }) =>
    Effect.gen(function* () {
      const t = tenant()
      const document = { collection, id: "doc", body: { state: "committed" }, indexes: { n: 1 } }
      const committed = { tenant: t, version: 1, ...document }
      yield* store.insert(t, document)
      const written = yield* Deferred.make<void>()
      const release = yield* Deferred.make<void>()
      const transaction = yield* Effect.fork(
        store.transaction(
          Effect.gen(function* () {
            yield* store.update(t, {
              collection,
              id: "doc",
              expectedVersion: 1,
              body: { state: "uncommitted" },
              indexes: { n: 2 },
            })
            yield* store.insert(t, {
              collection,
              id: "extra",
              body: { state: "uncommitted" },
              indexes: { n: 3 },
            })
            yield* Deferred.succeed(written, undefined)
            yield* Deferred.await(release)
            return yield* Effect.fail(new Rollback({ note: "never commits" }))
          }),
        ),
      )
      yield* Deferred.await(written)
      // readers may wait for the transaction (a lock) or read around it (a snapshot); either way they see no uncommitted write
      const reader = yield* Effect.fork(
        Effect.all({
          doc: store.get(t, collection, "doc"),
          extra: store.get(t, collection, "extra"),
          many: store.getMany(t, collection, ["doc", "extra"]),
          query: store.query(t, { collection, where: { n: 2 } }),
          scan: scanAll(store, t, collection),
        }),
      )
      // a writer building on the uncommitted version must not succeed
      const writer = yield* Effect.fork(
        Effect.either(
          store.update(t, {
            collection,
            id: "doc",
            expectedVersion: 2,
            body: { state: "built on uncommitted" },
            indexes: {},
          }),
        ),
      )
      yield* Effect.sleep("30 millis")
      yield* Deferred.succeed(release, undefined)
      const outcome = yield* Fiber.await(transaction)
      check(Exit.isFailure(outcome), "the transaction failing on purpose succeeded")
      const seen = yield* Fiber.join(reader)
      sameDocument(seen.doc, committed, "get outside an open transaction")
      check(
        seen.extra === undefined,
        "get outside an open transaction found the document it inserted",
      )
      sameIds(seen.many, ["doc"], "getMany outside an open transaction")
      sameIds(seen.query.documents, [], "query outside an open transaction for the value it wrote")
      sameIds(seen.scan, ["doc"], "scan outside an open transaction")
      const built = yield* Fiber.join(writer)
      check(
        Either.isLeft(built),
        "an update expecting the version written by a transaction that never committed succeeded",
      )
      yield* expectDocument(store, committed, "the document after the failed transaction")
    }))

  test("versions inside a transaction count as outside: one per update", ({ store, tenant }) =>
    Effect.gen(function* () {
      const t = tenant()
      yield* store.transaction(
        Effect.gen(function* () {
          yield* store.insert(t, { collection, id: "doc", body: { n: 0 }, indexes: {} })
          const first = yield* store.update(t, {
            collection,
            id: "doc",
            expectedVersion: 1,
            body: { n: 1 },
            indexes: {},
          })
          const second = yield* store.update(t, {
            collection,
            id: "doc",
            expectedVersion: 2,
            body: { n: 2 },
            indexes: {},
          })
          equal(
            [first.version, second.version],
            [2, 3],
            "the versions two updates inside a transaction returned",
          )
          yield* expectStoreError(
            store.update(t, { collection, id: "doc", expectedVersion: 2, body: {}, indexes: {} }),
            "Conflict",
            "a stale update inside the transaction",
          )
          yield* insertEmpty(store, t, "gone")
          yield* store.delete(t, collection, "gone", 1)
          yield* store.insert(t, { collection, id: "again", body: { round: 1 }, indexes: {} })
          yield* store.delete(t, collection, "again", 1)
          yield* store.insert(t, { collection, id: "again", body: { round: 2 }, indexes: {} })
        }),
      )
      yield* expectDocument(
        store,
        { tenant: t, collection, id: "doc", version: 3, body: { n: 2 } },
        "the document after the transaction",
      )
      yield* expectNoDocument(
        store,
        t,
        collection,
        "gone",
        "a document inserted then deleted in a transaction exists",
      )
      yield* expectDocument(
        store,
        { tenant: t, collection, id: "again", version: 1, body: { round: 2 } },
        "a document inserted, deleted and inserted again in a transaction",
      )
    }))

  test("any writes then a failure leave the store as it was; the same writes then success match the model (property)", (context) =>
    checkProperty(
      context,
      FastCheck.record({
        seeds: FastCheck.uniqueArray(FastCheck.constantFrom(...Values.idPool), { maxLength: 5 }),
        steps: FastCheck.array(
          FastCheck.record({
            kind: FastCheck.constantFrom(
              "insert" as const,
              "update" as const,
              "delete" as const,
              "bulk" as const,
            ),
            id: FastCheck.constantFrom(...Values.idPool),
            other: FastCheck.constantFrom(...Values.idPool),
            stale: FastCheck.boolean(),
            indexes: Values.indexes,
            value: FastCheck.integer({ min: 0, max: 99 }),
          }),
          { minLength: 1, maxLength: 12 },
        ),
        failure: FastCheck.constantFrom("fail" as const, "die" as const, "store error" as const),
      }),
      ({ seeds, steps, failure }) =>
        Effect.gen(function* () {
          const { store } = context
          const t = context.tenant()
          const model = new ReferenceStore()
          for (const id of seeds) {
            const operation: WriteOperation = {
              _tag: "Insert",
              collection,
              id,
              body: { seed: id },
              indexes: {},
            }
            model.write(t, operation)
            yield* store.bulkWrite(t, [operation])
          }
          const unchanged = yield* checkpoint(store, t)
          const operationsFor = (scratch: ReferenceStore) =>
            steps.map((step): ReadonlyArray<WriteOperation> => {
              const version =
                (scratch.get(t, collection, step.id)?.version ?? 1) + (step.stale ? 1 : 0)
              const body = { value: step.value }
              const single: WriteOperation =
                step.kind === "insert"
                  ? { _tag: "Insert", collection, id: step.id, body, indexes: step.indexes }
                  : step.kind === "delete"
                    ? { _tag: "Delete", collection, id: step.id, expectedVersion: version }
                    : {
                        _tag: "Update",
                        collection,
                        id: step.id,
                        expectedVersion: version,
                        body,
                        indexes: step.indexes,
                      }
              const operations: ReadonlyArray<WriteOperation> =
                step.kind === "bulk"
                  ? [
                      single,
                      { _tag: "Insert", collection, id: `${step.other}+`, body, indexes: {} },
                    ]
                  : [single]
              scratch.bulkWrite(t, operations)
              return operations
            })
          // the operations depend on versions as the transaction goes, so they are planned on a copy of the model
          const committed = model.copy()
          const plan = operationsFor(committed)
          const runAll = Effect.forEach(
            plan,
            (operations) => Effect.either(store.bulkWrite(t, operations)),
            { discard: true },
          )
          // "store error": the transaction ends with a duplicate insert of a document that exists outside it
          const guard = store.insert(t, {
            collection: "guard",
            id: "always-there",
            body: {},
            indexes: {},
          })
          yield* guard
          const ending: Effect.Effect<void, unknown> =
            failure === "fail"
              ? Effect.fail(new Rollback({ note: "property" }))
              : failure === "die"
                ? Effect.die(new Error("property"))
                : Effect.asVoid(guard)
          const exit = yield* Effect.exit(store.transaction(Effect.zipRight(runAll, ending)))
          check(Exit.isFailure(exit), `a transaction ending in ${failure} succeeded`)
          yield* unchanged(`the documents after writes then ${failure}`)
          yield* store.transaction(runAll)
          const after = yield* scanAll(store, t, collection)
          const expected: ReadonlyArray<StoredDocument> = committed.all(t, collection)
          sameIds(
            after,
            expected.map((d) => d.id),
            "the documents after the same writes committed",
          )
          sameDocuments(after, expected, "the documents after the same writes committed")
        }),
    ))

  test.withProbe(
    "probe: a committed transaction is in the database, a rolled-back one is not",
    ({ store, tenant }, probe) =>
      Effect.gen(function* () {
        const t = tenant()
        const read = (id: string) => probe(t, collection, id)
        yield* store.transaction(
          Effect.gen(function* () {
            yield* store.insert(t, { collection, id: "kept", body: { v: 1 }, indexes: {} })
            yield* store.update(t, {
              collection,
              id: "kept",
              expectedVersion: 1,
              body: { v: 2 },
              indexes: {},
            })
          }),
        )
        equal(
          yield* read("kept"),
          { version: 2, body: { v: 2 } },
          "the probe after a committed transaction",
        )
        yield* Effect.either(
          store.transaction(
            Effect.gen(function* () {
              yield* insertEmpty(store, t, "dropped")
              yield* store.update(t, {
                collection,
                id: "kept",
                expectedVersion: 2,
                body: { v: 3 },
                indexes: {},
              })
              return yield* Effect.fail(new Rollback({ note: "probe" }))
            }),
          ),
        )
        equal(
          yield* read("dropped"),
          undefined,
          "the probe of a document a rolled-back transaction inserted",
        )
        equal(
          yield* read("kept"),
          { version: 2, body: { v: 2 } },
          "the probe of a document a rolled-back transaction updated",
        )
      }),
  )
})
