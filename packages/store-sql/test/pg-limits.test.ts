// What PostgreSQL cannot hold is refused before it reaches the server, as a
// ValidationError naming the field (never a dead fiber or a retryable error): text
// holding U+0000 in keys, and keys longer than a B-tree entry. Reads of such keys
// find nothing, as no such document can exist; a query listing such a value among
// others finds the documents holding the others.
import { Store } from "@clientele/store"
import { SqlClient } from "@effect/sql"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Stream from "effect/Stream"
import { describe, expect, it } from "vitest"
import { SqlStore } from "../src/index.js"
import { layerPg, makePgClient } from "../src/pg.js"
import { pgUrl } from "./support.js"

if (pgUrl === undefined) {
  describe("PostgreSQL limits", () => {
    it.skip("skipped because CLIENTELE_PG_URL is not set", () => {})
  })
} else {
  const url = pgUrl
  const tenant = `limits-${Math.random().toString(36).slice(2, 10)}`
  const run = <A, E>(effect: Effect.Effect<A, E, Store.Store>) =>
    Effect.runPromise(Effect.provide(effect, layerPg({ url })))
  const issuesOf = (result: Either.Either<unknown, unknown>) =>
    Either.isLeft(result)
      ? (result.left as { issues?: ReadonlyArray<{ path: ReadonlyArray<unknown> }> })
      : undefined

  describe("PostgreSQL limits", () => {
    it("U+0000 in an id, a collection, an index name or an index value is a ValidationError naming it", async () => {
      const outcomes = await run(
        Effect.flatMap(Store.Store, (store) =>
          Effect.all([
            Effect.either(
              store.insert(tenant, { collection: "c", id: "a\u0000b", body: {}, indexes: {} }),
            ),
            Effect.either(
              store.insert(tenant, { collection: "c\u0000", id: "a", body: {}, indexes: {} }),
            ),
            Effect.either(
              store.insert(tenant, {
                collection: "c",
                id: "a",
                body: {},
                indexes: { "n\u0000": 1 },
              }),
            ),
            Effect.either(
              store.insert(tenant, {
                collection: "c",
                id: "a",
                body: {},
                indexes: { n: "x\u0000" },
              }),
            ),
          ]),
        ),
      )
      expect(outcomes.map((outcome) => issuesOf(outcome)?.issues?.[0]?.path)).toEqual([
        ["id"],
        ["collection"],
        ["indexes", "n\u0000"],
        ["indexes", "n"],
      ])
      for (const outcome of outcomes)
        expect(Either.isLeft(outcome) && outcome.left._tag).toBe("ValidationError")
    })

    it("U+0000 in a body is stored verbatim (JSON text escapes it)", async () => {
      const document = await run(
        Effect.flatMap(Store.Store, (store) =>
          Effect.zipRight(
            store.insert(tenant, {
              collection: "c",
              id: "nul-body",
              body: { text: "a\u0000b" },
              indexes: {},
            }),
            store.get(tenant, "c", "nul-body"),
          ),
        ),
      )
      expect(document?.body).toEqual({ text: "a\u0000b" })
    })

    it("reads of keys holding U+0000 find nothing", async () => {
      const found = await run(
        Effect.flatMap(Store.Store, (store) =>
          Effect.all({
            get: store.get(tenant, "c", "a\u0000b"),
            many: store.getMany(tenant, "c", ["a\u0000b", "nul-body"]),
            query: store.query(tenant, { collection: "c", where: { n: "x\u0000" } }),
            scan: Stream.runCollect(store.scan(tenant, "c\u0000")),
          }),
        ),
      )
      expect(found.get).toBeUndefined()
      expect(found.many.map((document) => document.id)).toEqual(["nul-body"])
      expect(found.query.documents).toEqual([])
      expect([...found.scan]).toEqual([])
    })

    it("a where list drops values holding U+0000 (no document holds them); a list of only such values finds nothing", async () => {
      const found = await run(
        Effect.flatMap(Store.Store, (store) =>
          Effect.zipRight(
            store.bulkWrite(tenant, [
              { _tag: "Insert", collection: "lists", id: "x", body: {}, indexes: { n: "x" } },
              { _tag: "Insert", collection: "lists", id: "y", body: {}, indexes: { n: "y" } },
              { _tag: "Insert", collection: "lists", id: "none", body: {}, indexes: {} },
            ]),
            Effect.all({
              kept: store.query(tenant, { collection: "lists", where: { n: ["x\u0000", "x"] } }),
              withNull: store.query(tenant, {
                collection: "lists",
                where: { n: ["\u0000", null, "y"] },
              }),
              onlyNul: store.query(tenant, {
                collection: "lists",
                where: { n: ["x\u0000", "\u0000"] },
              }),
            }),
          ),
        ),
      )
      expect(found.kept.documents.map((document) => document.id)).toEqual(["x"])
      expect(found.withNull.documents.map((document) => document.id)).toEqual(["none", "y"])
      expect(found.onlyNul).toEqual({ documents: [], cursor: null })
    })

    it("keys longer than a B-tree entry holds are a ValidationError, not a retryable error", async () => {
      const long = "é".repeat(700) // 1400 bytes of UTF-8
      const outcomes = await run(
        Effect.flatMap(Store.Store, (store) =>
          Effect.all([
            Effect.either(
              store.insert(tenant, { collection: "c", id: long, body: {}, indexes: {} }),
            ),
            Effect.either(
              store.insert(tenant, { collection: "c", id: "ok", body: {}, indexes: { n: long } }),
            ),
          ]),
        ),
      )
      expect(outcomes.map((outcome) => issuesOf(outcome)?.issues?.[0]?.path)).toEqual([
        ["id"],
        ["indexes", "n"],
      ])
    })

    it("migrate: false on a current schema starts without writing anything", async () => {
      const result = await Effect.runPromise(
        Effect.scoped(
          Effect.flatMap(makePgClient({ url }), (sql) =>
            Effect.provideService(
              Effect.either(SqlStore.make({ migrate: false })),
              SqlClient.SqlClient,
              sql,
            ),
          ),
        ),
      )
      expect(Either.isRight(result)).toBe(true)
    })
  })
}
