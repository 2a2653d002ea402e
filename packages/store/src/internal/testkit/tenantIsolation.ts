/**
 * The tenant-isolation group: no read, query, scan or write ever crosses tenants —
 * including tenants whose names differ only in case, accents, padding, a LIKE
 * wildcard or where a separator falls between tenant, collection and id.
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import type { Query } from "../../Query.js"
import type { Indexes, StorePort } from "../../Store.js"
import {
  check,
  describeError,
  equal,
  expectStoreError,
  fail,
  sameDocuments,
  sameIds,
  show,
} from "./assert.js"
import { checkProperty, defineGroup, type Group } from "./harness.js"
import { ReferenceStore } from "./model.js"
import { expectDocument, expectNoDocument, scanAll, walkQuery } from "./reads.js"

const collection = "accounts"

/** Inserts a document whose body names the tenant that owns it. */
const insertOwned = (
  store: StorePort,
  tenant: string,
  owner: string,
  id: string,
  indexes: Indexes = {},
) => store.insert(tenant, { collection, id, body: { owner }, indexes })

/** Every way to read a collection, each returning ids in a fixed order, for one tenant. */
const readAll = (store: StorePort, tenant: string, ids: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const queries: ReadonlyArray<Query> = [
      { collection },
      { collection, limit: 1 },
      { collection, where: { tier: "gold" } },
      { collection, range: { index: "n", gte: -1000 }, orderBy: { index: "n", direction: "desc" } },
      { collection, orderBy: { index: "tier" }, limit: 2 },
    ]
    const results: Array<
      [
        string,
        ReadonlyArray<{ readonly id: string; readonly tenant: string; readonly body: unknown }>,
      ]
    > = []
    for (const id of ids) {
      const found = yield* store.get(tenant, collection, id)
      results.push([`get(${show(id)})`, found === undefined ? [] : [found]])
    }
    results.push(["getMany", yield* store.getMany(tenant, collection, ids)])
    for (const query of queries) {
      const walk = yield* walkQuery(store, tenant, query, { maxPages: 100 })
      results.push([`query ${show(query)}`, walk.documents])
    }
    results.push(["scan", yield* scanAll(store, tenant, collection)])
    results.push([
      "scan with batchSize 1",
      yield* scanAll(store, tenant, collection, { batchSize: 1 }),
    ])
    return results
  })

/** Checks that every read of a tenant returns exactly its own documents. */
const onlyOwn = (
  store: StorePort,
  tenant: string,
  own: ReadonlyMap<string, unknown>,
  probeIds: ReadonlyArray<string>,
) =>
  Effect.gen(function* () {
    for (const [how, documents] of yield* readAll(store, tenant, probeIds)) {
      for (const document of documents) {
        check(
          document.tenant === tenant,
          `${how} in tenant ${show(tenant)} returned a document of tenant ${show(document.tenant)}`,
        )
        check(
          own.has(document.id),
          `${how} in tenant ${show(tenant)} returned ${show(document.id)}, which only another tenant has`,
        )
        equal(
          document.body,
          own.get(document.id),
          `${how} in tenant ${show(tenant)}: the body of ${show(document.id)}`,
        )
      }
    }
    const all = yield* scanAll(store, tenant, collection)
    equal(all.length, own.size, `the number of documents tenant ${show(tenant)} sees`)
  })

/** The tenant-isolation group. */
export const tenantIsolation: Group = defineGroup("tenant isolation", (test) => {
  test("get, getMany, query and scan never return another tenant's documents", ({
    store,
    tenant,
  }) =>
    Effect.gen(function* () {
      const a = tenant("A")
      const b = tenant("B")
      const empty = tenant("C")
      yield* insertOwned(store, a, "A", "shared", { tier: "gold", n: 1 })
      yield* insertOwned(store, a, "A", "only-a", { tier: "gold", n: 2 })
      yield* store.insert(a, { collection: "a-only-collection", id: "x", body: {}, indexes: {} })
      yield* insertOwned(store, b, "B", "shared", { tier: "gold", n: 3 })
      const probeIds = ["shared", "only-a", "missing"]
      yield* onlyOwn(
        store,
        a,
        new Map([
          ["shared", { owner: "A" }],
          ["only-a", { owner: "A" }],
        ]),
        probeIds,
      )
      yield* onlyOwn(store, b, new Map([["shared", { owner: "B" }]]), probeIds)
      yield* onlyOwn(store, empty, new Map(), probeIds)
      sameIds(
        yield* scanAll(store, b, "a-only-collection"),
        [],
        "scan in B of a collection only A has",
      )
      yield* expectNoDocument(
        store,
        b,
        "a-only-collection",
        "x",
        "get in B of a document of a collection only A has",
      )
    }))

  test("updates, deletes and bulk writes never reach another tenant's documents", ({
    store,
    tenant,
  }) =>
    Effect.gen(function* () {
      const a = tenant("A")
      const b = tenant("B")
      yield* insertOwned(store, a, "A", "doc", { tier: "gold" })
      // the same update of A's document, tried from B by update and by bulkWrite
      const update = {
        collection,
        id: "doc",
        expectedVersion: 1,
        body: { owner: "B" },
        indexes: {},
      }
      yield* expectStoreError(
        store.update(b, update),
        "NotFound",
        "update in B of a document only A has",
      )
      yield* expectStoreError(
        store.delete(b, collection, "doc", 1),
        "NotFound",
        "delete in B of a document only A has",
      )
      yield* expectStoreError(
        store.bulkWrite(b, [{ _tag: "Update", ...update }]),
        "NotFound",
        "bulkWrite in B updating a document only A has",
      )
      yield* expectStoreError(
        store.bulkWrite(b, [{ _tag: "Delete", collection, id: "doc", expectedVersion: 1 }]),
        "NotFound",
        "bulkWrite in B deleting a document only A has",
      )
      const inB = yield* insertOwned(store, b, "B", "doc", { tier: "silver" })
      equal(inB.version, 1, "the version of B's document with the id A also uses")
      yield* store.update(b, {
        collection,
        id: "doc",
        expectedVersion: 1,
        body: { owner: "B", v: 2 },
        indexes: {},
      })
      yield* store.delete(b, collection, "doc", 2)
      yield* store.bulkWrite(b, [
        { _tag: "Insert", collection, id: "doc", body: { owner: "B", v: 3 }, indexes: {} },
      ])
      yield* expectDocument(
        store,
        {
          tenant: a,
          collection,
          id: "doc",
          version: 1,
          body: { owner: "A" },
          indexes: { tier: "gold" },
        },
        "A's document after B wrote the same id",
      )
      yield* expectDocument(
        store,
        { tenant: b, collection, id: "doc", version: 1, body: { owner: "B", v: 3 } },
        "B's document",
      )
      yield* expectStoreError(
        store.insert(a, { collection, id: "doc", body: {}, indexes: {} }),
        "Duplicate",
        "insert in A of its own existing id",
      )
    }))

  test("look-alike tenant names are different tenants", ({ store, tenant }) =>
    Effect.gen(function* () {
      const base = tenant("Acme")
      const variants = [
        base,
        base.toLowerCase(),
        base.toUpperCase(),
        ` ${base}`,
        `${base} `,
        `${base}%`,
        `${base}_`,
        `${base.slice(0, -1)}_`,
        `${base.slice(0, -1)}%`,
        base.slice(0, -1),
        `${base}x`,
        `${base}'`,
        `${base}\\`,
        `${base}é`,
        `${base}e\u0301`,
        `${base}ß`,
        `${base}ss`,
        `${base}\u200B`,
        `${base}ｘ`,
        `${base}*`,
        `${base}/x`,
      ]
      const distinct = [...new Set(variants)]
      for (const t of distinct) {
        yield* store.insert(t, {
          collection,
          id: "doc",
          body: { tenant: t },
          indexes: { tier: "gold", n: 1 },
        })
      }
      for (const t of distinct) {
        yield* onlyOwn(store, t, new Map([["doc", { tenant: t }]]), ["doc"])
      }
    }))

  test("where a separator falls between tenant, collection and id never makes two documents one", ({
    store,
    tenant,
  }) =>
    Effect.gen(function* () {
      const base = tenant("sep")
      const keys: Array<readonly [string, string, string]> = []
      for (const separator of [":", "/", ".", "|", "-", "_", "#", " ", "\\", "'"]) {
        keys.push(
          [`${base}${separator}x`, "y", "z"],
          [base, `x${separator}y`, "z"],
          [base, "x", `y${separator}z`],
          [base, `x${separator}y${separator}z`, "w"],
        )
      }
      keys.push([base, "x", "y"])
      const unique = [...new Map(keys.map((key) => [JSON.stringify(key), key])).values()]
      for (const [t, c, id] of unique)
        yield* store.insert(t, { collection: c, id, body: { key: [t, c, id] }, indexes: {} })
      for (const [t, c, id] of unique) {
        yield* expectDocument(
          store,
          { tenant: t, collection: c, id, version: 1, body: { key: [t, c, id] } },
          `get(${show([t, c, id])})`,
        )
        const scanned = yield* scanAll(store, t, c)
        const expected = unique.filter(([t2, c2]) => t2 === t && c2 === c).map(([, , i]) => i)
        equal(
          scanned.map((d) => d.id).sort(),
          expected.sort(),
          `scan of tenant ${show(t)}, collection ${show(c)}`,
        )
      }
    }))

  test("a cursor from one tenant never reveals another tenant's documents", ({ store, tenant }) =>
    Effect.gen(function* () {
      const a = tenant("A")
      const b = tenant("B")
      for (const id of ["a1", "a2", "a3", "a4"]) yield* insertOwned(store, a, "A", id, { n: 1 })
      for (const id of ["a0", "a5", "b1"]) yield* insertOwned(store, b, "B", id, { n: 1 })
      const query: Query = { collection, orderBy: { index: "n" }, limit: 1 }
      const first = yield* store.query(a, query)
      if (first.cursor === null) return fail("a page of one of four documents has no cursor")
      const result = yield* Effect.either(
        walkQuery(store, b, { ...query, cursor: first.cursor }, { maxPages: 10 }),
      )
      if (Either.isLeft(result)) {
        const error = result.left
        const tag =
          typeof error === "object" && error !== null && "_tag" in error ? error._tag : undefined
        check(
          tag === "ValidationError",
          `using A's cursor in B failed with ${describeError(error)}; expected B's documents or a ValidationError`,
        )
        return
      }
      for (const document of result.right.documents) {
        equal(document.body, { owner: "B" }, `using A's cursor in B returned ${show(document.id)}`)
      }
    }))

  test("a transaction over several tenants keeps each write in its own tenant, commit or rollback", ({
    store,
    tenant,
  }) =>
    Effect.gen(function* () {
      const a = tenant("A")
      const b = tenant("B")
      yield* store.transaction(
        Effect.gen(function* () {
          yield* insertOwned(store, a, "A", "doc")
          yield* expectNoDocument(
            store,
            b,
            collection,
            "doc",
            "inside a transaction, B sees the document A just wrote",
          )
          sameIds(yield* scanAll(store, b, collection), [], "inside a transaction, B's scan")
          yield* insertOwned(store, b, "B", "doc")
        }),
      )
      const committedInA = { tenant: a, collection, id: "doc", version: 1, body: { owner: "A" } }
      yield* expectDocument(store, committedInA, "A's committed document")
      yield* expectDocument(
        store,
        { tenant: b, collection, id: "doc", version: 1, body: { owner: "B" } },
        "B's committed document",
      )
      const rolledBack = yield* Effect.either(
        store.transaction(
          Effect.gen(function* () {
            yield* store.update(a, {
              collection,
              id: "doc",
              expectedVersion: 1,
              body: { owner: "A", v: 2 },
              indexes: {},
            })
            yield* store.insert(b, { collection, id: "new", body: {}, indexes: {} })
            return yield* Effect.fail("roll back" as const)
          }),
        ),
      )
      check(Either.isLeft(rolledBack), "a transaction failing on purpose succeeded")
      yield* expectDocument(store, committedInA, "A's document after the rollback")
      sameIds(yield* scanAll(store, b, collection), ["doc"], "B's documents after the rollback")
    }))

  test("writes spread over tenants stay in their tenant (property)", (context) =>
    checkProperty(
      context,
      FastCheck.array(
        FastCheck.record({
          tenant: FastCheck.integer({ min: 0, max: 2 }),
          id: FastCheck.constantFrom("x", "y", "X"),
          kind: FastCheck.constantFrom("insert" as const, "update" as const, "delete" as const),
          value: FastCheck.integer({ min: 0, max: 9 }),
        }),
        { maxLength: 25 },
      ),
      (steps) =>
        Effect.gen(function* () {
          const { store } = context
          const base = context.tenant("P")
          const tenants = [base, `${base}-1`, base.toUpperCase()]
          const model = new ReferenceStore()
          for (const step of steps) {
            const t = tenants[step.tenant] ?? base
            const current = model.get(t, collection, step.id)
            const version = current?.version ?? 1
            const body = { tenant: step.tenant, value: step.value }
            const indexes = { n: step.value }
            const operation =
              step.kind === "insert"
                ? ({ _tag: "Insert", collection, id: step.id, body, indexes } as const)
                : step.kind === "update"
                  ? ({
                      _tag: "Update",
                      collection,
                      id: step.id,
                      expectedVersion: version,
                      body,
                      indexes,
                    } as const)
                  : ({ _tag: "Delete", collection, id: step.id, expectedVersion: version } as const)
            const expected = model.write(t, operation)
            const attempt = store.bulkWrite(t, [operation])
            const what = `${step.kind} of ${show(step.id)} in tenant ${step.tenant}`
            if (expected.ok) {
              const actual = yield* Effect.either(attempt)
              if (Either.isLeft(actual)) fail(`${what} failed: ${describeError(actual.left)}`)
            } else {
              yield* expectStoreError(attempt, expected.reason, what)
            }
          }
          for (const t of tenants) {
            const expected = model.all(t, collection)
            const scanned = yield* scanAll(store, t, collection)
            sameIds(
              scanned,
              expected.map((d) => d.id),
              `scan of tenant ${show(t)}`,
            )
            sameDocuments(scanned, expected, `the documents of tenant ${show(t)}`)
            const walk = yield* walkQuery(
              store,
              t,
              { collection, orderBy: { index: "n" }, limit: 2 },
              { maxPages: 10 },
            )
            equal(
              walk.documents.length,
              expected.length,
              `the number of documents a query of tenant ${show(t)} returns`,
            )
          }
        }),
    ))
})
