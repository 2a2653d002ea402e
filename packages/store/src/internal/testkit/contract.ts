/**
 * The contract group: one example per rule of the port (`Store.StorePort` and the
 * `Query` module), each on its own fresh tenant, so a failure names the rule.
 */
import * as Effect from "effect/Effect"
import type { Query } from "../../Query.js"
import type { Json, StorePort } from "../../Store.js"
import {
  check,
  equal,
  expectStoreError,
  expectValidationError,
  sameDocument,
  sameIds,
  show,
} from "./assert.js"
import { defineGroup, type Group } from "./harness.js"
import { expectDocument, expectNoDocument, scanAll, walkQuery } from "./reads.js"

const collection = "customers"

/** Inserts a document with the suite's default collection. */
const put = (
  store: StorePort,
  tenant: string,
  id: string,
  body: Json,
  indexes: Record<string, string | number | null> = {},
) => store.insert(tenant, { collection, id, body, indexes })

/** Updates a document of the suite's default collection. */
const update = (
  store: StorePort,
  tenant: string,
  id: string,
  expectedVersion: number,
  body: Json,
  indexes: Record<string, string | number | null> = {},
) => store.update(tenant, { collection, id, expectedVersion, body, indexes })

/** Every document a query returns over all its pages. */
const idsOf = (store: StorePort, tenant: string, query: Query) =>
  Effect.map(walkQuery(store, tenant, query, { maxPages: 1000 }), (walk) => walk.documents)

/** The contract group. */
export const contract: Group = defineGroup("contract", (test) => {
  test("get of a document never written returns undefined", ({ store, tenant }) =>
    Effect.gen(function* () {
      const found = yield* store.get(tenant(), collection, "missing")
      check(found === undefined, `get of a missing document returned ${show(found)}`)
    }))

  test("insert returns version 1, and get returns the document as written", ({ store, tenant }) =>
    Effect.gen(function* () {
      const t = tenant()
      const body = { name: "Ada", tags: ["vip", "early"], score: 9.5, active: true, note: null }
      const indexes = { name: "Ada", score: 9.5 }
      const inserted = yield* put(store, t, "cus_1", body, indexes)
      const expected = { tenant: t, collection, id: "cus_1", version: 1, body, indexes }
      sameDocument(inserted, expected, "the document insert returned")
      yield* expectDocument(store, expected, "get after insert")
    }))

  test("insert of an existing id fails with Duplicate and changes nothing", ({ store, tenant }) =>
    Effect.gen(function* () {
      const t = tenant()
      yield* put(store, t, "cus_1", { name: "first" }, { name: "first" })
      yield* expectStoreError(
        put(store, t, "cus_1", { name: "second" }, { name: "second" }),
        "Duplicate",
        "inserting an existing id",
      )
      const expected = {
        tenant: t,
        collection,
        id: "cus_1",
        version: 1,
        body: { name: "first" },
        indexes: { name: "first" },
      }
      yield* expectDocument(store, expected, "the document after a refused duplicate")
      sameIds(
        yield* idsOf(store, t, { collection, where: { name: "second" } }),
        [],
        "query for the refused body",
      )
    }))

  test("the same id in two collections is two documents", ({ store, tenant }) =>
    Effect.gen(function* () {
      const t = tenant()
      const collections = ["a", "b"]
      for (const c of collections)
        yield* store.insert(t, { collection: c, id: "same", body: { in: c }, indexes: {} })
      for (const c of collections) {
        yield* expectDocument(
          store,
          { tenant: t, collection: c, id: "same", version: 1, body: { in: c } },
          `collection ${c}`,
        )
      }
    }))

  test("update with the current version writes version + 1 with the new body and indexes", ({
    store,
    tenant,
  }) =>
    Effect.gen(function* () {
      const t = tenant()
      yield* put(store, t, "cus_1", { name: "Ada" }, { name: "Ada", tier: "silver" })
      const updated = yield* update(store, t, "cus_1", 1, { name: "Ada L." }, { name: "Ada L." })
      const expected = {
        tenant: t,
        collection,
        id: "cus_1",
        version: 2,
        body: { name: "Ada L." },
        indexes: { name: "Ada L." },
      }
      sameDocument(updated, expected, "the document update returned")
      yield* expectDocument(store, expected, "get after update")
      sameIds(
        yield* idsOf(store, t, { collection, where: { tier: "silver" } }),
        [],
        "query on an index the update dropped",
      )
      sameIds(
        yield* idsOf(store, t, { collection, where: { name: "Ada L." } }),
        ["cus_1"],
        "query on the updated index",
      )
    }))

  test("versions grow by one per update", ({ store, tenant }) =>
    Effect.gen(function* () {
      const t = tenant()
      yield* put(store, t, "counter", { n: 0 })
      for (let n = 1; n <= 5; n++) {
        const updated = yield* update(store, t, "counter", n, { n })
        equal(updated.version, n + 1, `the version after update ${n}`)
      }
      yield* expectDocument(
        store,
        { tenant: t, collection, id: "counter", version: 6, body: { n: 5 } },
        "after five updates",
      )
    }))

  test("update with a stale or a future version fails with Conflict and changes nothing", ({
    store,
    tenant,
  }) =>
    Effect.gen(function* () {
      const t = tenant()
      yield* put(store, t, "cus_1", { v: 1 })
      yield* update(store, t, "cus_1", 1, { v: 2 })
      for (const expectedVersion of [1, 3, 0, 100]) {
        yield* expectStoreError(
          update(store, t, "cus_1", expectedVersion, { v: "lost" }),
          "Conflict",
          `update with expected version ${expectedVersion} of a document at version 2`,
        )
      }
      yield* expectDocument(
        store,
        { tenant: t, collection, id: "cus_1", version: 2, body: { v: 2 } },
        "after refused updates",
      )
    }))

  test("update of a missing document fails with NotFound", ({ store, tenant }) =>
    Effect.gen(function* () {
      const t = tenant()
      yield* expectStoreError(
        store.update(t, { collection, id: "missing", expectedVersion: 1, body: {}, indexes: {} }),
        "NotFound",
        "updating a document that does not exist",
      )
      yield* expectNoDocument(
        store,
        t,
        collection,
        "missing",
        "a refused update of a missing document created it",
      )
    }))

  test("delete with the current version removes the document", ({ store, tenant }) =>
    Effect.gen(function* () {
      const t = tenant()
      yield* put(store, t, "cus_1", { name: "Ada" }, { name: "Ada" })
      yield* put(store, t, "cus_2", { name: "Grace" }, { name: "Grace" })
      yield* update(store, t, "cus_1", 1, { name: "Ada" }, { name: "Ada" })
      yield* store.delete(t, collection, "cus_1", 2)
      yield* expectNoDocument(
        store,
        t,
        collection,
        "cus_1",
        "get after delete still finds the document",
      )
      sameIds(
        yield* store.getMany(t, collection, ["cus_1", "cus_2"]),
        ["cus_2"],
        "getMany after delete",
      )
      sameIds(yield* idsOf(store, t, { collection }), ["cus_2"], "query after delete")
      sameIds(
        yield* idsOf(store, t, { collection, where: { name: "Ada" } }),
        [],
        "query on the deleted document's index",
      )
      sameIds(yield* scanAll(store, t, collection), ["cus_2"], "scan after delete")
    }))

  test("delete with a wrong version fails with Conflict and keeps the document", ({
    store,
    tenant,
  }) =>
    Effect.gen(function* () {
      const t = tenant()
      yield* put(store, t, "cus_1", { name: "Ada" })
      for (const version of [0, 2]) {
        yield* expectStoreError(
          store.delete(t, collection, "cus_1", version),
          "Conflict",
          `delete with expected version ${version} of a document at version 1`,
        )
      }
      yield* expectDocument(
        store,
        { tenant: t, collection, id: "cus_1", version: 1, body: { name: "Ada" } },
        "after refused deletes",
      )
    }))

  test("delete of a missing document fails with NotFound", ({ store, tenant }) =>
    Effect.gen(function* () {
      yield* expectStoreError(
        store.delete(tenant(), collection, "missing", 1),
        "NotFound",
        "deleting a document that does not exist",
      )
    }))

  test("an id inserted again after a delete starts over at version 1", ({ store, tenant }) =>
    Effect.gen(function* () {
      const t = tenant()
      yield* put(store, t, "cus_1", { round: 1 })
      yield* update(store, t, "cus_1", 1, { round: 1 })
      yield* store.delete(t, collection, "cus_1", 2)
      const again = yield* put(store, t, "cus_1", { round: 2 })
      sameDocument(
        again,
        { tenant: t, collection, id: "cus_1", version: 1, body: { round: 2 } },
        "the re-inserted document",
      )
    }))

  test("getMany returns the existing documents in the order of the ids asked", ({
    store,
    tenant,
  }) =>
    Effect.gen(function* () {
      const t = tenant()
      for (const id of ["a", "b", "c", "d"]) yield* put(store, t, id, { id })
      sameIds(
        yield* store.getMany(t, collection, ["c", "missing", "a", "d"]),
        ["c", "a", "d"],
        "getMany([c, missing, a, d])",
      )
      sameIds(
        yield* store.getMany(t, collection, ["d", "c", "b", "a"]),
        ["d", "c", "b", "a"],
        "getMany in reverse order",
      )
      sameIds(yield* store.getMany(t, collection, []), [], "getMany of no ids")
      sameIds(yield* store.getMany(t, collection, ["x", "y"]), [], "getMany of missing ids")
      const [first] = yield* store.getMany(t, collection, ["b"])
      sameDocument(
        first,
        { tenant: t, collection, id: "b", version: 1, body: { id: "b" } },
        "the document getMany returned",
      )
    }))

  test("bulkWrite applies every operation", ({ store, tenant }) =>
    Effect.gen(function* () {
      const t = tenant()
      yield* put(store, t, "keep", { v: 1 })
      yield* put(store, t, "gone", { v: 1 })
      yield* store.bulkWrite(t, [
        { _tag: "Insert", collection, id: "new", body: { v: "new" }, indexes: { tag: "new" } },
        {
          _tag: "Update",
          collection,
          id: "keep",
          expectedVersion: 1,
          body: { v: 2 },
          indexes: { tag: "kept" },
        },
        { _tag: "Delete", collection, id: "gone", expectedVersion: 1 },
        { _tag: "Insert", collection: "other", id: "new", body: { v: "other" }, indexes: {} },
      ])
      yield* expectDocument(
        store,
        {
          tenant: t,
          collection,
          id: "new",
          version: 1,
          body: { v: "new" },
          indexes: { tag: "new" },
        },
        "the inserted document",
      )
      yield* expectDocument(
        store,
        { tenant: t, collection, id: "keep", version: 2, body: { v: 2 }, indexes: { tag: "kept" } },
        "the updated document",
      )
      yield* expectNoDocument(store, t, collection, "gone", "the deleted document is still there")
      yield* expectDocument(
        store,
        { tenant: t, collection: "other", id: "new", version: 1, body: { v: "other" } },
        "the document of the other collection",
      )
    }))

  test("bulkWrite applies its operations in order, each seeing the earlier ones", ({
    store,
    tenant,
  }) =>
    Effect.gen(function* () {
      const t = tenant()
      yield* store.bulkWrite(t, [
        { _tag: "Insert", collection, id: "doc", body: { step: 1 }, indexes: {} },
        {
          _tag: "Update",
          collection,
          id: "doc",
          expectedVersion: 1,
          body: { step: 2 },
          indexes: {},
        },
        {
          _tag: "Update",
          collection,
          id: "doc",
          expectedVersion: 2,
          body: { step: 3 },
          indexes: {},
        },
        { _tag: "Insert", collection, id: "temp", body: {}, indexes: {} },
        { _tag: "Delete", collection, id: "temp", expectedVersion: 1 },
      ])
      yield* expectDocument(
        store,
        { tenant: t, collection, id: "doc", version: 3, body: { step: 3 } },
        "a document inserted then updated twice in one bulkWrite",
      )
      yield* expectNoDocument(
        store,
        t,
        collection,
        "temp",
        "a document inserted then deleted in one bulkWrite exists",
      )
    }))

  test("bulkWrite with a failing operation applies none of them and reports the first failure", ({
    store,
    tenant,
  }) =>
    Effect.gen(function* () {
      const t = tenant()
      yield* put(store, t, "a", { v: 1 })
      yield* put(store, t, "b", { v: 1 })
      yield* expectStoreError(
        store.bulkWrite(t, [
          { _tag: "Insert", collection, id: "new", body: {}, indexes: {} },
          { _tag: "Update", collection, id: "a", expectedVersion: 1, body: { v: 2 }, indexes: {} },
          { _tag: "Delete", collection, id: "b", expectedVersion: 1 },
          {
            _tag: "Update",
            collection,
            id: "a",
            expectedVersion: 1,
            body: { v: "stale" },
            indexes: {},
          },
          { _tag: "Insert", collection, id: "a", body: {}, indexes: {} },
        ]),
        "Conflict",
        "a bulkWrite whose fourth operation is stale (and fifth a duplicate)",
      )
      sameIds(
        yield* idsOf(store, t, { collection }),
        ["a", "b"],
        "documents after the failed bulkWrite",
      )
      yield* expectDocument(
        store,
        { tenant: t, collection, id: "a", version: 1, body: { v: 1 } },
        "a after the failed bulkWrite",
      )
      yield* expectStoreError(
        store.bulkWrite(t, [
          { _tag: "Insert", collection, id: "c", body: {}, indexes: {} },
          { _tag: "Delete", collection, id: "missing", expectedVersion: 1 },
        ]),
        "NotFound",
        "a bulkWrite deleting a missing document",
      )
      yield* expectStoreError(
        store.bulkWrite(t, [
          { _tag: "Insert", collection, id: "c", body: {}, indexes: {} },
          { _tag: "Insert", collection, id: "c", body: {}, indexes: {} },
        ]),
        "Duplicate",
        "a bulkWrite inserting one id twice",
      )
      sameIds(yield* scanAll(store, t, collection), ["a", "b"], "scan after the failed bulkWrites")
    }))

  test("an empty bulkWrite succeeds and changes nothing", ({ store, tenant }) =>
    Effect.gen(function* () {
      const t = tenant()
      yield* store.bulkWrite(t, [])
      sameIds(yield* scanAll(store, t, collection), [], "scan after an empty bulkWrite")
    }))

  test("query without an order returns documents in id order, by code point", ({ store, tenant }) =>
    Effect.gen(function* () {
      const t = tenant()
      // UTF-16 order would put the emoji (a surrogate pair) before U+FF5E; code point order puts it after
      const ids = ["b", "a", "B", "\uFF5E", "😀", "aa", "a b", "10", "9", "é", "e\u0301"]
      for (const id of ids) yield* put(store, t, id, { id })
      const expected = ["10", "9", "B", "a", "a b", "aa", "b", "e\u0301", "é", "\uFF5E", "😀"]
      sameIds(yield* idsOf(store, t, { collection }), expected, "query in id order")
      sameIds(
        yield* idsOf(store, t, { collection, limit: 3 }),
        expected,
        "query in id order, three at a time",
      )
    }))

  test("query equality holds on several indexes, and null matches documents without a value", ({
    store,
    tenant,
  }) =>
    Effect.gen(function* () {
      const t = tenant()
      yield* put(store, t, "1", {}, { tier: "gold", region: "eu" })
      yield* put(store, t, "2", {}, { tier: "gold", region: "us" })
      yield* put(store, t, "3", {}, { tier: "gold" })
      yield* put(store, t, "4", {}, { tier: "gold", region: null })
      yield* put(store, t, "5", {}, { tier: "silver", region: "eu" })
      yield* put(store, t, "6", {}, { tier: "1" })
      yield* put(store, t, "7", {}, { tier: 1 })
      sameIds(
        yield* idsOf(store, t, { collection, where: { tier: "gold" } }),
        ["1", "2", "3", "4"],
        "where tier = gold",
      )
      sameIds(
        yield* idsOf(store, t, { collection, where: { tier: "gold", region: "eu" } }),
        ["1"],
        "where tier = gold and region = eu",
      )
      sameIds(
        yield* idsOf(store, t, { collection, where: { tier: "gold", region: null } }),
        ["3", "4"],
        "where tier = gold and region = null",
      )
      sameIds(
        yield* idsOf(store, t, { collection, where: { region: null } }),
        ["3", "4", "6", "7"],
        "where region = null",
      )
      sameIds(
        yield* idsOf(store, t, { collection, where: { tier: 1 } }),
        ["7"],
        "where tier = the number 1",
      )
      sameIds(
        yield* idsOf(store, t, { collection, where: { tier: "1" } }),
        ["6"],
        'where tier = the string "1"',
      )
      sameIds(
        yield* idsOf(store, t, { collection, where: { tier: "GOLD" } }),
        [],
        "where tier = GOLD (equality is exact)",
      )
      sameIds(
        yield* idsOf(store, t, { collection, where: { undeclared: null } }),
        ["1", "2", "3", "4", "5", "6", "7"],
        "where an undeclared index = null",
      )
    }))

  test("query where with a list matches any of its values; an empty list matches none", ({
    store,
    tenant,
  }) =>
    Effect.gen(function* () {
      const t = tenant()
      yield* put(store, t, "1", {}, { tier: "gold", region: "eu" })
      yield* put(store, t, "2", {}, { tier: "silver", region: "us" })
      yield* put(store, t, "3", {}, { tier: "bronze" })
      yield* put(store, t, "4", {}, { tier: 1, region: "eu" })
      yield* put(store, t, "5", {}, { tier: "1", region: null })
      const cases: ReadonlyArray<[NonNullable<Query["where"]>, ReadonlyArray<string>, string]> = [
        [{ tier: ["gold", "silver"] }, ["1", "2"], "where tier in [gold, silver]"],
        [{ tier: ["gold", 1] }, ["1", "4"], "where tier in [gold, the number 1]"],
        [{ tier: ["1"] }, ["5"], 'where tier in [the string "1"]'],
        [{ region: [null, "us"] }, ["2", "3", "5"], "where region in [null, us]"],
        [
          { tier: ["gold", "gold", "silver", "gold"] },
          ["1", "2"],
          "where tier in [gold, gold, silver, gold] (duplicates are ignored)",
        ],
        [{ tier: [] }, [], "where tier in [] (an empty list matches nothing)"],
        [{ tier: ["platinum", "GOLD"] }, [], "where tier in values no document holds"],
        [
          { tier: ["gold", "silver", 1], region: ["eu", "asia"] },
          ["1", "4"],
          "where tier in [gold, silver, 1] and region in [eu, asia]",
        ],
        [
          { tier: ["gold", "bronze"], region: null },
          ["3"],
          "where tier in [gold, bronze] and region = null",
        ],
        [
          { undeclared: ["x", null] },
          ["1", "2", "3", "4", "5"],
          "where an undeclared index in [x, null]",
        ],
        [{ undeclared: ["x", 1] }, [], "where an undeclared index in [x, 1]"],
        [{ undeclared: [] }, [], "where an undeclared index in []"],
      ]
      for (const [where, expected, what] of cases)
        sameIds(yield* idsOf(store, t, { collection, where }), expected, what)
      sameIds(
        yield* idsOf(store, t, {
          collection,
          where: { tier: ["silver", "gold", 1, "1"] },
          orderBy: { index: "tier", direction: "desc" },
          limit: 1,
        }),
        ["2", "1", "5", "4"],
        'where tier in [silver, gold, 1, "1"] ordered by tier desc, one at a time',
      )
      const first = yield* store.query(t, { collection, where: { region: "eu" }, limit: 1 })
      sameIds(first.documents, ["1"], "the first page of where region = eu")
      check(first.cursor !== null, "the first page of where region = eu has no cursor")
      const next = yield* store.query(t, {
        collection,
        where: { region: ["eu"] },
        limit: 1,
        cursor: first.cursor,
      })
      sameIds(
        next.documents,
        ["4"],
        "a cursor of where region = eu resuming where region in [eu] (the same query)",
      )
    }))

  test("query range keeps values within the bounds, of the bounds' kind only", ({
    store,
    tenant,
  }) =>
    Effect.gen(function* () {
      const t = tenant()
      const values: Array<[string, string | number | null]> = [
        ["n-5", -5],
        ["n0", 0],
        ["n1", 1],
        ["n1.5", 1.5],
        ["n2", 2],
        ["n10", 10],
        ["s-a", "a"],
        ["s-b", "b"],
        ["s-c", "c"],
        ["s-10", "10"],
        ["null", null],
        ["absent", null],
      ]
      for (const [id, value] of values)
        yield* put(store, t, id, {}, id === "absent" ? {} : { v: value })
      const range = (bounds: Omit<NonNullable<Query["range"]>, "index">) =>
        idsOf(store, t, { collection, range: { index: "v", ...bounds }, orderBy: { index: "v" } })
      sameIds(yield* range({ gte: 1, lt: 2 }), ["n1", "n1.5"], "1 <= v < 2")
      sameIds(yield* range({ gt: 1, lte: 2 }), ["n1.5", "n2"], "1 < v <= 2")
      sameIds(
        yield* range({ gt: 0 }),
        ["n1", "n1.5", "n2", "n10"],
        "v > 0 (numbers only, no strings)",
      )
      sameIds(yield* range({ lt: 1 }), ["n-5", "n0"], "v < 1 (numbers only, no nulls)")
      sameIds(yield* range({ gte: "b" }), ["s-b", "s-c"], 'v >= "b" (strings only)')
      sameIds(
        yield* range({ lt: "b" }),
        ["s-10", "s-a"],
        'v < "b" (strings only, no numbers or nulls)',
      )
      sameIds(yield* range({ gt: "a", lt: "c" }), ["s-b"], '"a" < v < "c"')
      sameIds(yield* range({ gt: 5, lt: 5 }), [], "an empty range")
    }))

  test("query orderBy sorts null < numbers < strings, ties by id, and desc is the exact reverse", ({
    store,
    tenant,
  }) =>
    Effect.gen(function* () {
      const t = tenant()
      const values: Array<[string, string | number | null | undefined]> = [
        ["a", "b"],
        ["b", 2],
        ["c", null],
        ["d", "😀"],
        ["e", "\uFF5E"],
        ["f", -1],
        ["g", 2],
        ["h", undefined],
        ["i", "B"],
        ["j", 10],
        ["k", "10"],
        ["l", 2],
      ]
      for (const [id, value] of values)
        yield* put(store, t, id, {}, value === undefined ? {} : { rank: value })
      const ascending = ["c", "h", "f", "b", "g", "l", "j", "k", "i", "a", "e", "d"]
      sameIds(
        yield* idsOf(store, t, { collection, orderBy: { index: "rank" } }),
        ascending,
        "orderBy rank",
      )
      sameIds(
        yield* idsOf(store, t, {
          collection,
          orderBy: { index: "rank", direction: "asc" },
          limit: 5,
        }),
        ascending,
        "orderBy rank asc, five at a time",
      )
      sameIds(
        yield* idsOf(store, t, { collection, orderBy: { index: "rank", direction: "desc" } }),
        [...ascending].reverse(),
        "orderBy rank desc",
      )
      sameIds(
        yield* idsOf(store, t, {
          collection,
          orderBy: { index: "rank", direction: "desc" },
          limit: 2,
        }),
        [...ascending].reverse(),
        "orderBy rank desc, two at a time",
      )
    }))

  test("query of an empty collection returns an empty page with a null cursor", ({
    store,
    tenant,
  }) =>
    Effect.gen(function* () {
      const page = yield* store.query(tenant(), { collection: "empty" })
      equal(page, { documents: [], cursor: null }, "the page of an empty collection")
    }))

  test("query refuses a malformed query with a ValidationError", ({ store, tenant }) =>
    Effect.gen(function* () {
      const t = tenant()
      yield* put(store, t, "a", {}, { n: 1 })
      const malformed: ReadonlyArray<[string, Query]> = [
        ["limit 0", { collection, limit: 0 }],
        ["limit -1", { collection, limit: -1 }],
        ["limit 1.5", { collection, limit: 1.5 }],
        ["limit 10 001", { collection, limit: 10_001 }],
        ["an empty collection name", { collection: "" }],
        ["a range without bounds", { collection, range: { index: "n" } }],
        [
          "a range mixing a number and a string",
          { collection, range: { index: "n", gt: 1, lt: "z" } },
        ],
        ["a range with gt and gte", { collection, range: { index: "n", gt: 1, gte: 2 } }],
        ["a range with lt and lte", { collection, range: { index: "n", lt: 1, lte: 2 } }],
        ["a range bound NaN", { collection, range: { index: "n", gt: Number.NaN } }],
        ["a where value NaN", { collection, where: { n: Number.NaN } }],
        ["a where value Infinity", { collection, where: { n: Number.POSITIVE_INFINITY } }],
        ["a where list holding NaN", { collection, where: { n: [1, Number.NaN] } }],
        ["a where list holding a list", { collection, where: { n: [[1]] as unknown as [1] } }],
        [
          "a where list of 1001 values",
          { collection, where: { n: Array.from({ length: 1001 }, (_, i) => i) } },
        ],
        [
          "an order direction other than asc and desc",
          { collection, orderBy: { index: "n", direction: "up" as "asc" } },
        ],
      ]
      for (const [what, query] of malformed)
        yield* expectValidationError(store.query(t, query), `query with ${what}`)
      const page = yield* store.query(t, { collection, limit: 10_000 })
      sameIds(page.documents, ["a"], "limit 10 000 is allowed")
    }))

  test("query refuses a malformed cursor with a ValidationError", ({ store, tenant }) =>
    Effect.gen(function* () {
      const t = tenant()
      yield* put(store, t, "a", {})
      for (const cursor of ["not a cursor", "%%%", "eyJ4IjoxfQ", "' OR 1=1 --"]) {
        yield* expectValidationError(
          store.query(t, { collection, cursor }),
          `query with the cursor ${show(cursor)}`,
        )
      }
    }))

  test("scan streams every document of the collection in id order", ({ store, tenant }) =>
    Effect.gen(function* () {
      const t = tenant()
      const ids = ["b", "a", "B", "\uFF5E", "😀", "aa", "c"]
      for (const id of ids) yield* put(store, t, id, { id }, { id })
      yield* store.insert(t, { collection: `${collection}2`, id: "other", body: {}, indexes: {} })
      yield* store.insert(t, {
        collection: collection.slice(0, -1),
        id: "other",
        body: {},
        indexes: {},
      })
      const expected = ["B", "a", "aa", "b", "c", "\uFF5E", "😀"]
      const scanned = yield* scanAll(store, t, collection)
      sameIds(scanned, expected, "scan")
      for (const document of scanned) {
        sameDocument(
          document,
          {
            tenant: t,
            collection,
            id: document.id,
            version: 1,
            body: { id: document.id },
            indexes: { id: document.id },
          },
          "a scanned document",
        )
      }
      for (const batchSize of [1, 2, 3, 7, 8]) {
        sameIds(
          yield* scanAll(store, t, collection, { batchSize }),
          expected,
          `scan with batchSize ${batchSize}`,
        )
      }
      // A batch size is a hint: out of range or not a whole number, the scan reads
      // with Store.scanBatchSize's value instead of failing or stopping early.
      for (const batchSize of [0, -3, 2.5, Number.NaN, Number.POSITIVE_INFINITY, 1e9]) {
        sameIds(
          yield* scanAll(store, t, collection, { batchSize }),
          expected,
          `scan with batchSize ${batchSize}`,
        )
      }
      sameIds(yield* scanAll(store, t, "nothing-here"), [], "scan of an empty collection")
    }))

  test("writes refuse a body that is not JSON with a ValidationError", ({ store, tenant }) =>
    Effect.gen(function* () {
      const t = tenant()
      const notJson: ReadonlyArray<[string, unknown]> = [
        ["NaN", { n: Number.NaN }],
        ["Infinity", { n: Number.POSITIVE_INFINITY }],
        ["-Infinity", [Number.NEGATIVE_INFINITY]],
        ["a bigint", { n: 10n }],
        ["a Date", { at: new Date(0) }],
        ["a Map", { m: new Map([["a", 1]]) }],
        ["a function", { f: () => 1 }],
        ["a symbol", { s: Symbol("s") }],
        ["undefined at the top", undefined],
      ]
      for (const [what, body] of notJson) {
        const json = body as Json
        yield* expectValidationError(put(store, t, "bad", json), `insert of a body holding ${what}`)
        yield* expectValidationError(
          store.bulkWrite(t, [{ _tag: "Insert", collection, id: "bad", body: json, indexes: {} }]),
          `bulkWrite inserting a body holding ${what}`,
        )
      }
      yield* put(store, t, "good", { ok: true })
      yield* expectValidationError(
        update(store, t, "good", 1, { n: Number.NaN } as Json),
        "update to a body holding NaN",
      )
      sameIds(yield* scanAll(store, t, collection), ["good"], "documents after refused writes")
      yield* expectDocument(
        store,
        { tenant: t, collection, id: "good", version: 1, body: { ok: true } },
        "the document after a refused update",
      )
    }))

  test("writes refuse an index value that is not a string, a finite number or null", ({
    store,
    tenant,
  }) =>
    Effect.gen(function* () {
      const t = tenant()
      const bad: ReadonlyArray<[string, unknown]> = [
        ["NaN", Number.NaN],
        ["Infinity", Number.POSITIVE_INFINITY],
        ["a boolean", true],
        ["an object", { a: 1 }],
        ["an array", [1]],
      ]
      for (const [what, value] of bad) {
        yield* expectValidationError(
          store.insert(t, { collection, id: "bad", body: {}, indexes: { v: value as number } }),
          `insert with an index value ${what}`,
        )
      }
      sameIds(yield* scanAll(store, t, collection), [], "documents after refused writes")
    }))

  test("a written body is the store's own copy: changing the caller's object afterwards changes nothing", ({
    store,
    tenant,
  }) =>
    Effect.gen(function* () {
      const t = tenant()
      const body = { name: "Ada", tags: ["vip"], nested: { n: 1 } }
      yield* put(store, t, "cus_1", body)
      body.name = "changed"
      body.tags.push("changed")
      body.nested.n = 2
      yield* expectDocument(
        store,
        {
          tenant: t,
          collection,
          id: "cus_1",
          version: 1,
          body: { name: "Ada", tags: ["vip"], nested: { n: 1 } },
        },
        "the stored document after the caller changed its object",
      )
    }))

  test.withProbe("probe: writes really reach the database", ({ store, tenant }, probe) =>
    Effect.gen(function* () {
      const t = tenant()
      const read = (id: string) => probe(t, collection, id)
      yield* put(store, t, "cus_1", { name: "Ada" })
      equal(yield* read("cus_1"), { version: 1, body: { name: "Ada" } }, "the probe after insert")
      yield* update(store, t, "cus_1", 1, { name: "Ada L." })
      equal(
        yield* read("cus_1"),
        { version: 2, body: { name: "Ada L." } },
        "the probe after update",
      )
      yield* store.bulkWrite(t, [
        { _tag: "Insert", collection, id: "cus_2", body: [1, "two"], indexes: {} },
      ])
      equal(yield* read("cus_2"), { version: 1, body: [1, "two"] }, "the probe after bulkWrite")
      yield* store.delete(t, collection, "cus_1", 2)
      equal(yield* read("cus_1"), undefined, "the probe after delete")
      equal(yield* read("never"), undefined, "the probe of a document never written")
    }),
  )
})
