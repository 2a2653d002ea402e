// The conformance suite is only worth something if it fails adapters that break
// the contract. Each adapter below wraps the correct memory store with one fault a
// real adapter could have; the suite runs against it through a recording test API,
// and the groups that should notice must report failures — for the expected reason.
// The untouched wrapper must pass everything, so the failures come from the faults.
import { Errors } from "@clientele/core"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as FiberRef from "effect/FiberRef"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import { describe, expect, it } from "vitest"
import { MemoryStore, Query, Store } from "../src/index.js"
import {
  type ConformanceOptions,
  concurrencyTests,
  contractTests,
  hostileValueTests,
  modelBasedTests,
  paginationTests,
  runConformance,
  tenantIsolationTests,
  transactionTests,
} from "../src/testkit.js"
import { failuresOf, record, report, runRecorded } from "./support.js"

type GroupFunction = (options: ConformanceOptions) => void

const runGroups = (
  groups: ReadonlyArray<GroupFunction>,
  layer: Layer.Layer<Store.Store>,
  numRuns = 15,
) =>
  runRecorded(
    record((test) => {
      for (const group of groups)
        group({ name: "broken", test, layer, numRuns, concurrency: 8, seed: 42 })
    }),
  )

// ---------------------------------------------------------------------------
// Faults, each wrapped around a fresh memory store

type Fault = (store: Store.StorePort) => Store.StorePort

const faulty = (fault: Fault): Layer.Layer<Store.Store> =>
  Layer.effect(
    Store.Store,
    Effect.map(MemoryStore.make, (store) => fault({ ...store })),
  )

const identity: Fault = (store) => store

/** Compare-and-set that checks nothing: every update and delete uses the current version. */
const ignoresExpectedVersion: Fault = (store) => {
  const currentVersion = (tenant: string, collection: string, id: string, fallback: number) =>
    Effect.map(store.get(tenant, collection, id), (found) => found?.version ?? fallback)
  return {
    ...store,
    update: (tenant, document) =>
      Effect.flatMap(
        currentVersion(tenant, document.collection, document.id, document.expectedVersion),
        (expectedVersion) => store.update(tenant, { ...document, expectedVersion }),
      ),
    delete: (tenant, collection, id, expectedVersion) =>
      Effect.flatMap(currentVersion(tenant, collection, id, expectedVersion), (current) =>
        store.delete(tenant, collection, id, current),
      ),
  }
}

/** Reads fall back to whatever tenant has the document (a missing `WHERE tenant = ?`). */
const leaksAcrossTenants: Fault = (store) => {
  const tenants = new Set<string>()
  const remember = <A, E>(tenant: string, effect: Effect.Effect<A, E>) =>
    Effect.tap(effect, () => tenants.add(tenant))
  return {
    ...store,
    insert: (tenant, document) => remember(tenant, store.insert(tenant, document)),
    bulkWrite: (tenant, operations) => remember(tenant, store.bulkWrite(tenant, operations)),
    get: (tenant, collection, id) =>
      Effect.gen(function* () {
        for (const candidate of [tenant, ...tenants]) {
          const found = yield* store.get(candidate, collection, id)
          if (found !== undefined) return found
        }
        return undefined
      }),
    scan: (tenant, collection, options) =>
      Stream.flatMap(
        Stream.fromIterable([tenant, ...[...tenants].filter((t) => t !== tenant)]),
        (t) => store.scan(t, collection, options),
      ),
  }
}

/** Tenants compared case-insensitively (a case-insensitive collation on the tenant column). */
const caseInsensitiveTenants: Fault = (store) => {
  const fold = (tenant: string) => tenant.toLowerCase()
  const own =
    <D extends Store.StoredDocument>(tenant: string) =>
    (document: D): D => ({ ...document, tenant })
  return {
    ...store,
    get: (tenant, collection, id) =>
      Effect.map(store.get(fold(tenant), collection, id), (d) =>
        d === undefined ? d : own(tenant)(d),
      ),
    getMany: (tenant, collection, ids) =>
      Effect.map(store.getMany(fold(tenant), collection, ids), (ds) => ds.map(own(tenant))),
    insert: (tenant, document) => Effect.map(store.insert(fold(tenant), document), own(tenant)),
    update: (tenant, document) => Effect.map(store.update(fold(tenant), document), own(tenant)),
    delete: (tenant, collection, id, version) =>
      store.delete(fold(tenant), collection, id, version),
    bulkWrite: (tenant, operations) => store.bulkWrite(fold(tenant), operations),
    query: (tenant, query) =>
      Effect.map(store.query(fold(tenant), query), (page) => ({
        ...page,
        documents: page.documents.map(own(tenant)),
      })),
    scan: (tenant, collection, options) =>
      Stream.map(store.scan(fold(tenant), collection, options), own(tenant)),
  }
}

/** A transaction that is no transaction: each write commits at once, failures keep them. */
const keepsPartialWrites: Fault = (store) => ({ ...store, transaction: (effect) => effect })

/** A transaction that rolls back on a failure but commits what it wrote before a defect. */
const commitsOnDefect: Fault = (store) => ({
  ...store,
  transaction: <A, E, R>(effect: Effect.Effect<A, E, R>) =>
    Effect.flatMap(
      store.transaction(
        Effect.catchAllDefect(
          Effect.map(effect, (value): Either.Either<A, unknown> => Either.right(value)),
          (defect) => Effect.succeed<Either.Either<A, unknown>>(Either.left(defect)),
        ),
      ),
      (result) => (Either.isLeft(result) ? Effect.die(result.left) : Effect.succeed(result.right)),
    ),
})

/** bulkWrite one operation at a time: a failure keeps the operations before it. */
const nonAtomicBulkWrite: Fault = (store) => ({
  ...store,
  bulkWrite: (tenant, operations) =>
    Effect.forEach(operations, (operation) => store.bulkWrite(tenant, [operation]), {
      discard: true,
    }),
})

/** A scan that ends after its first batch. */
const scanStopsAfterFirstBatch: Fault = (store) => ({
  ...store,
  scan: (tenant, collection, options) =>
    Stream.take(store.scan(tenant, collection, options), options?.batchSize ?? 1000),
})

/** A scan sorted by UTF-16 code units (JavaScript's default string order), not code points. */
const scanInUtf16Order: Fault = (store) => ({
  ...store,
  scan: (tenant, collection, options) =>
    Stream.unwrap(
      Effect.map(Stream.runCollect(store.scan(tenant, collection, options)), (chunk) =>
        Stream.fromIterable(
          Chunk.toArray(chunk).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
        ),
      ),
    ),
})

/** Bodies "cleaned up" on the way in: strings trimmed, characters beyond the BMP dropped. */
const mangle = (value: Store.Json): Store.Json => {
  if (typeof value === "string") return value.trim().replace(/[\u{10000}-\u{10FFFF}]/gu, "")
  if (Array.isArray(value)) return value.map(mangle)
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, mangle(inner)]))
  }
  return value
}
const bodyNotVerbatim: Fault = (store) => ({
  ...store,
  insert: (tenant, document) => store.insert(tenant, { ...document, body: mangle(document.body) }),
  update: (tenant, document) => store.update(tenant, { ...document, body: mangle(document.body) }),
  bulkWrite: (tenant, operations) =>
    store.bulkWrite(
      tenant,
      operations.map((operation) =>
        operation._tag === "Delete" ? operation : { ...operation, body: mangle(operation.body) },
      ),
    ),
})

/** insert overwrites an existing document instead of failing with Duplicate (an upsert). */
const insertOverwrites: Fault = (store) => ({
  ...store,
  insert: (tenant, document) =>
    Effect.flatMap(store.get(tenant, document.collection, document.id), (existing) =>
      Effect.zipRight(
        existing === undefined
          ? Effect.void
          : Effect.orDie(store.delete(tenant, document.collection, document.id, existing.version)),
        store.insert(tenant, document),
      ),
    ),
})

/** A compare-and-set split into a read and a write with a gap between (no row lock, no conditional update). */
const racyCompareAndSet: Fault = (store) => ({
  ...store,
  update: (tenant, document) =>
    Effect.gen(function* () {
      const current = yield* store.get(tenant, document.collection, document.id)
      if (current === undefined) return yield* store.update(tenant, document)
      if (current.version !== document.expectedVersion) return yield* store.update(tenant, document)
      yield* Effect.yieldNow()
      const now = yield* store.get(tenant, document.collection, document.id)
      return yield* store.update(tenant, {
        ...document,
        expectedVersion: now?.version ?? document.expectedVersion,
      })
    }),
})

/** getMany in id order instead of the order asked. */
const getManyInIdOrder: Fault = (store) => ({
  ...store,
  getMany: (tenant, collection, ids) =>
    Effect.map(store.getMany(tenant, collection, ids), (documents) =>
      [...documents].sort((a, b) => Query.compareStrings(a.id, b.id)),
    ),
})

/** An update that keeps the old index values (a stale secondary index). */
const staleIndexesAfterUpdate: Fault = (store) => ({
  ...store,
  update: (tenant, document) =>
    Effect.flatMap(store.get(tenant, document.collection, document.id), (current) =>
      store.update(tenant, { ...document, indexes: current?.indexes ?? document.indexes }),
    ),
})

/**
 * A nested transaction that commits on its own (a new connection, or no savepoint
 * logic): its writes survive when the outer transaction fails afterwards.
 */
const nestedCommitted = FiberRef.unsafeMake<
  Array<readonly [string, Store.WriteOperation]> | undefined
>(undefined)
const nestedCommitsOnItsOwn: Fault = (store) => {
  const log = FiberRef.unsafeMake<Array<readonly [string, Store.WriteOperation]> | undefined>(
    undefined,
  )
  const depth = FiberRef.unsafeMake(0)
  const logged = <A, E>(
    tenant: string,
    operations: ReadonlyArray<Store.WriteOperation>,
    effect: Effect.Effect<A, E>,
  ): Effect.Effect<A, E> =>
    Effect.tap(effect, () =>
      Effect.map(FiberRef.get(log), (entries) => {
        for (const operation of operations) entries?.push([tenant, operation])
      }),
    )
  return {
    ...store,
    insert: (tenant, document) =>
      logged(tenant, [{ _tag: "Insert", ...document }], store.insert(tenant, document)),
    bulkWrite: (tenant, operations) =>
      logged(tenant, operations, store.bulkWrite(tenant, operations)),
    transaction: (effect) =>
      Effect.flatMap(FiberRef.get(depth), (level) => {
        if (level > 0) {
          // the nested writes are noted, as if committed, and replayed should the outer fail
          const entries: Array<readonly [string, Store.WriteOperation]> = []
          return Effect.locally(
            Effect.tap(Effect.locally(effect, log, entries), () =>
              Effect.map(FiberRef.get(nestedCommitted), (all) => all?.push(...entries)),
            ),
            depth,
            level + 1,
          )
        }
        const committedEarly: Array<readonly [string, Store.WriteOperation]> = []
        return Effect.onExit(
          Effect.locally(
            Effect.locally(store.transaction(effect), depth, 1),
            nestedCommitted,
            committedEarly,
          ),
          (exit) =>
            exit._tag === "Success"
              ? Effect.void
              : Effect.ignore(
                  Effect.forEach(committedEarly, ([tenant, operation]) =>
                    store.bulkWrite(tenant, [operation]),
                  ),
                ),
        )
      }),
  }
}
/** Reads outside a transaction see its uncommitted writes (no isolation). */
const dirtyReads: Fault = (store) => {
  const uncommitted = new Map<string, Store.StoredDocument>()
  const inside = FiberRef.unsafeMake(false)
  const key = (tenant: string, collection: string, id: string) =>
    JSON.stringify([tenant, collection, id])
  return {
    ...store,
    update: (tenant, document) =>
      Effect.tap(store.update(tenant, document), (written) =>
        Effect.map(FiberRef.get(inside), (isInside) => {
          if (isInside) uncommitted.set(key(tenant, written.collection, written.id), written)
        }),
      ),
    get: (tenant, collection, id) =>
      Effect.flatMap(FiberRef.get(inside), (isInside) => {
        const dirty = uncommitted.get(key(tenant, collection, id))
        return !isInside && dirty !== undefined
          ? Effect.succeed(dirty)
          : store.get(tenant, collection, id)
      }),
    transaction: (effect) =>
      Effect.ensuring(
        store.transaction(Effect.locally(effect, inside, true)),
        Effect.sync(() => uncommitted.clear()),
      ),
  }
}

const invalidCursor = () =>
  Errors.ValidationError.fromIssues([{ path: ["cursor"], message: "is malformed" }])

/**
 * Offset pagination: the cursor holds how many documents came before. `shift` moves
 * where the next page starts: -1 repeats a document at every page boundary, +1 skips
 * one, 0 is right as long as nobody writes between pages.
 */
const offsetPagination =
  (shift: -1 | 0 | 1): Fault =>
  (store) => ({
    ...store,
    query: (tenant, query) =>
      Effect.gen(function* () {
        const plan = Query.validate({ ...query, cursor: undefined })
        if (Either.isLeft(plan)) return yield* Effect.fail(plan.left)
        const { fingerprint, limit } = plan.right
        let offset = 0
        if (query.cursor !== undefined && query.cursor !== null) {
          const decoded: unknown = yield* Effect.try({
            try: () => JSON.parse(Buffer.from(query.cursor ?? "", "base64url").toString("utf8")),
            catch: invalidCursor,
          })
          if (
            !Array.isArray(decoded) ||
            decoded[0] !== fingerprint ||
            typeof decoded[1] !== "number"
          ) {
            return yield* Effect.fail(invalidCursor())
          }
          offset = Math.max(0, decoded[1] + shift)
        }
        const all: Array<Store.StoredDocument> = []
        let cursor: string | null = null
        do {
          const page: Store.Page = yield* store.query(tenant, {
            ...query,
            limit: Query.maxLimit,
            cursor,
          })
          all.push(...page.documents)
          cursor = page.cursor
        } while (cursor !== null)
        const next = offset + limit
        return {
          documents: all.slice(offset, next),
          cursor:
            next < all.length
              ? Buffer.from(JSON.stringify([fingerprint, next])).toString("base64url")
              : null,
        }
      }),
  })

/** A `where` list answered as an equality on its first value (an `IN` cut down to `=`). */
const firstValueOfEachList: Fault = (store) => ({
  ...store,
  query: (tenant, query) => {
    const where: Record<string, Query.IndexValue> = {}
    for (const [index, value] of Object.entries(query.where ?? {}))
      where[index] = typeof value === "object" && value !== null ? (value[0] ?? null) : value
    return store.query(tenant, { ...query, where })
  },
})

/** A full last page still gets a cursor (the classic "fetch `limit`, not `limit + 1`" bug). */
const cursorOnFullLastPage: Fault = (store) => ({
  ...store,
  query: (tenant, query) =>
    Effect.map(store.query(tenant, query), (page) => {
      const plan = Query.validate(query)
      const last = page.documents[page.documents.length - 1]
      if (
        Either.isLeft(plan) ||
        page.cursor !== null ||
        last === undefined ||
        page.documents.length < plan.right.limit
      )
        return page
      return { ...page, cursor: Query.encodeCursor(plan.right, Query.positionOf(plan.right, last)) }
    }),
})

// ---------------------------------------------------------------------------

describe("the conformance suite catches broken adapters", () => {
  it("passes the memory store behind a wrapper that changes nothing, whole suite", async () => {
    const outcomes = await runRecorded(
      record((test) =>
        runConformance({
          name: "identity",
          test,
          layer: faulty(identity),
          numRuns: 15,
          concurrency: 8,
        }),
      ),
    )
    expect(report(outcomes)).toBe("")
    expect(outcomes.filter((outcome) => !outcome.skipped).length).toBeGreaterThan(60)
  })

  const cases: ReadonlyArray<{
    readonly fault: string
    readonly adapter: Fault
    readonly groups: ReadonlyArray<GroupFunction>
    /** A test whose failure shows the fault was caught for the right reason. */
    readonly caughtBy: ReadonlyArray<string>
  }> = [
    {
      fault: "ignores the expected version",
      adapter: ignoresExpectedVersion,
      groups: [contractTests, concurrencyTests, modelBasedTests],
      caughtBy: [
        "stale or a future version fails with Conflict",
        "exactly one wins",
        "reference model",
      ],
    },
    {
      fault: "leaks across tenants on reads",
      adapter: leaksAcrossTenants,
      groups: [tenantIsolationTests, modelBasedTests],
      caughtBy: ["never return another tenant's documents", "reference model"],
    },
    {
      fault: "compares tenants case-insensitively",
      adapter: caseInsensitiveTenants,
      groups: [tenantIsolationTests],
      caughtBy: ["look-alike tenant names are different tenants"],
    },
    {
      fault: "keeps the partial writes of a failed transaction",
      adapter: keepsPartialWrites,
      groups: [transactionTests, modelBasedTests],
      caughtBy: [
        "a transaction that fails rolls back every write",
        "nested transaction joins",
        "reference model",
      ],
    },
    {
      fault: "commits a nested transaction on its own",
      adapter: nestedCommitsOnItsOwn,
      groups: [transactionTests],
      caughtBy: ["a nested transaction joins the outer one"],
    },
    {
      fault: "lets reads outside a transaction see its uncommitted writes",
      adapter: dirtyReads,
      groups: [transactionTests],
      caughtBy: ["writes of an open transaction are invisible outside it"],
    },
    {
      fault: "commits a transaction's writes before a defect",
      adapter: commitsOnDefect,
      groups: [transactionTests],
      caughtBy: ["a defect inside a transaction rolls back every write"],
    },
    {
      fault: "applies bulkWrite one operation at a time",
      adapter: nonAtomicBulkWrite,
      groups: [contractTests, modelBasedTests],
      caughtBy: ["bulkWrite with a failing operation applies none", "reference model"],
    },
    {
      fault: "ends a scan after its first batch",
      adapter: scanStopsAfterFirstBatch,
      groups: [contractTests, paginationTests],
      caughtBy: ["scan streams every document", "a scan of many documents in small batches"],
    },
    {
      fault: "scans in UTF-16 order",
      adapter: scanInUtf16Order,
      groups: [contractTests, hostileValueTests],
      caughtBy: [
        "scan streams every document of the collection in id order",
        "hostile ids are stored verbatim",
      ],
    },
    {
      fault: "trims strings and drops emoji",
      adapter: bodyNotVerbatim,
      groups: [hostileValueTests],
      caughtBy: [
        "hostile strings and numbers are stored verbatim",
        "any JSON body is stored verbatim",
      ],
    },
    {
      fault: "lets insert overwrite an existing document",
      adapter: insertOverwrites,
      groups: [contractTests, concurrencyTests],
      caughtBy: ["insert of an existing id fails with Duplicate", "concurrent inserts of one id"],
    },
    {
      fault: "reads then writes without a conditional update",
      adapter: racyCompareAndSet,
      groups: [concurrencyTests],
      caughtBy: ["exactly one wins", "lose no update"],
    },
    {
      fault: "returns getMany in id order",
      adapter: getManyInIdOrder,
      groups: [contractTests],
      caughtBy: ["getMany returns the existing documents in the order of the ids asked"],
    },
    {
      fault: "keeps stale index values after an update",
      adapter: staleIndexesAfterUpdate,
      groups: [contractTests, modelBasedTests],
      caughtBy: ["update with the current version writes version + 1", "reference model"],
    },
    {
      fault: "repeats a document at page boundaries",
      adapter: offsetPagination(-1),
      groups: [paginationTests],
      caughtBy: ["walking all pages returns every matching document exactly once"],
    },
    {
      fault: "skips a document at page boundaries",
      adapter: offsetPagination(1),
      groups: [paginationTests],
      caughtBy: ["walking all pages returns every matching document exactly once"],
    },
    {
      fault: "paginates by offset (right only while nobody writes)",
      adapter: offsetPagination(0),
      groups: [paginationTests],
      caughtBy: ["seen exactly once while others are written between pages"],
    },
    {
      fault: "answers a where list with its first value only",
      adapter: firstValueOfEachList,
      groups: [contractTests, modelBasedTests, paginationTests],
      caughtBy: [
        "query where with a list matches any of its values",
        "reference model",
        "walking all pages returns every matching document exactly once",
      ],
    },
    {
      fault: "hands out a cursor on a full last page",
      adapter: cursorOnFullLastPage,
      groups: [paginationTests],
      caughtBy: ["the cursor is null on the page that holds the last matching document"],
    },
  ]

  for (const { fault, adapter, groups, caughtBy } of cases) {
    it(`catches an adapter that ${fault}`, async () => {
      const outcomes = await runGroups(groups, faulty(adapter))
      const failed = failuresOf(outcomes)
      expect(failed.length, `no test failed for an adapter that ${fault}`).toBeGreaterThan(0)
      for (const name of caughtBy) {
        expect(
          failed.some((outcome) => outcome.name.includes(name)),
          `expected a failure of "${name}"; the failures were:\n${report(outcomes)}`,
        ).toBe(true)
      }
    })
  }

  it("reports a failure with a message naming what differs", async () => {
    const outcomes = await runGroups([contractTests], faulty(getManyInIdOrder))
    const failure = failuresOf(outcomes).find((outcome) => outcome.name.includes("getMany returns"))
    expect(failure?.error).toContain("getMany([c, missing, a, d])")
    expect(failure?.error).toContain("expected ids")
  })
})
