// An app that already uses Effect SQL gives Clientele its own SqlClient: Clientele's
// writes made inside the app's transaction belong to it. When the app rolls back,
// nothing of Clientele's writes remains; when it commits, both the app's rows and
// Clientele's documents are there; a Clientele transaction inside the app's is a
// savepoint that can fail alone.
import { join } from "node:path"
import { Store } from "@clientele/store"
import * as Reactivity from "@effect/experimental/Reactivity"
import { SqlClient } from "@effect/sql"
import { PgClient } from "@effect/sql-pg"
import { SqliteClient } from "@effect/sql-sqlite-node"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { describe, expect, it } from "vitest"
import { SqlStore } from "../src/index.js"
import { pgUrl, temporaryDirectory } from "./support.js"

class HostRollback extends Data.TaggedError("HostRollback")<{ readonly reason: string }> {}

const suite = (name: string, appSql: () => Layer.Layer<SqlClient.SqlClient>, auditTable: string) =>
  describe(`${name}: Clientele inside the app's own transactions`, () => {
    const tenant = `host-${Math.random().toString(36).slice(2, 10)}`
    // the app's own table, created before any of its transactions
    const createAudit = Effect.flatMap(SqlClient.SqlClient, (sql) =>
      sql.unsafe(`CREATE TABLE IF NOT EXISTS ${auditTable} (tenant TEXT, note TEXT)`),
    )
    const run = <A, E>(program: Effect.Effect<A, E, Store.Store | SqlClient.SqlClient>) =>
      Effect.runPromise(
        Effect.provide(
          Effect.zipRight(createAudit, program),
          SqlStore.layer({ tablePrefix: "host_" }).pipe(Layer.provideMerge(appSql())),
        ),
      )
    const audit = (note: string) =>
      Effect.flatMap(SqlClient.SqlClient, (sql) =>
        sql.unsafe(`INSERT INTO ${auditTable} (tenant, note) VALUES ('${tenant}', '${note}')`),
      )
    const auditNotes = Effect.flatMap(SqlClient.SqlClient, (sql) =>
      Effect.map(
        sql.unsafe<{ note: string }>(
          `SELECT note FROM ${auditTable} WHERE tenant = '${tenant}' ORDER BY note`,
        ),
        (rows) => rows.map((row) => row.note),
      ),
    )

    it("the app rolls back: nothing of Clientele's writes remains", async () => {
      const outcome = await run(
        Effect.gen(function* () {
          const sql = yield* SqlClient.SqlClient
          const store = yield* Store.Store
          yield* store.insert(tenant, {
            collection: "notes",
            id: "kept",
            body: { v: 1 },
            indexes: { v: 1 },
          })
          const rolledBack = yield* Effect.either(
            sql.withTransaction(
              Effect.gen(function* () {
                yield* audit("rolled back")
                yield* store.insert(tenant, {
                  collection: "notes",
                  id: "new",
                  body: {},
                  indexes: { v: 2 },
                })
                yield* store.update(tenant, {
                  collection: "notes",
                  id: "kept",
                  expectedVersion: 1,
                  body: { v: 2 },
                  indexes: { v: 2 },
                })
                yield* store.bulkWrite(tenant, [
                  { _tag: "Insert", collection: "other", id: "o1", body: {}, indexes: { w: "x" } },
                ])
                // inside, the app sees Clientele's uncommitted writes
                expect((yield* store.get(tenant, "notes", "kept"))?.version).toBe(2)
                return yield* new HostRollback({ reason: "the app changed its mind" })
              }),
            ),
          )
          return {
            rolledBack,
            kept: yield* store.get(tenant, "notes", "kept"),
            added: yield* store.get(tenant, "notes", "new"),
            other: yield* store.get(tenant, "other", "o1"),
            byIndex: yield* store.query(tenant, { collection: "notes", where: { v: 2 } }),
            notes: yield* auditNotes,
          }
        }),
      )
      expect(Either.isLeft(outcome.rolledBack) && outcome.rolledBack.left._tag).toBe("HostRollback")
      expect(outcome.kept?.version).toBe(1)
      expect(outcome.kept?.body).toEqual({ v: 1 })
      expect(outcome.added).toBeUndefined()
      expect(outcome.other).toBeUndefined()
      expect(outcome.byIndex.documents).toEqual([])
      expect(outcome.notes).not.toContain("rolled back")
    })

    it("the app commits: its rows and Clientele's documents are both there", async () => {
      const outcome = await run(
        Effect.gen(function* () {
          const sql = yield* SqlClient.SqlClient
          const store = yield* Store.Store
          yield* sql.withTransaction(
            Effect.zipRight(
              audit("committed"),
              store.insert(tenant, {
                collection: "notes",
                id: "committed",
                body: { ok: true },
                indexes: {},
              }),
            ),
          )
          return {
            document: yield* store.get(tenant, "notes", "committed"),
            notes: yield* auditNotes,
          }
        }),
      )
      expect(outcome.document?.body).toEqual({ ok: true })
      expect(outcome.notes).toContain("committed")
    })

    it("a Clientele transaction inside the app's is a savepoint: it fails alone and the app's commits", async () => {
      const outcome = await run(
        Effect.gen(function* () {
          const sql = yield* SqlClient.SqlClient
          const store = yield* Store.Store
          const inner = yield* sql.withTransaction(
            Effect.gen(function* () {
              yield* audit("outer kept")
              yield* store.insert(tenant, {
                collection: "notes",
                id: "outer",
                body: {},
                indexes: {},
              })
              return yield* Effect.either(
                store.transaction(
                  Effect.zipRight(
                    store.insert(tenant, {
                      collection: "notes",
                      id: "inner",
                      body: {},
                      indexes: {},
                    }),
                    new HostRollback({ reason: "inner only" }),
                  ),
                ),
              )
            }),
          )
          return {
            inner,
            outer: yield* store.get(tenant, "notes", "outer"),
            innerDocument: yield* store.get(tenant, "notes", "inner"),
            notes: yield* auditNotes,
          }
        }),
      )
      expect(Either.isLeft(outcome.inner)).toBe(true)
      expect(outcome.outer?.version).toBe(1)
      expect(outcome.innerDocument).toBeUndefined()
      expect(outcome.notes).toContain("outer kept")
    })
  })

const directory = temporaryDirectory()
const sqliteFile = join(directory, "app.db")
suite("SQLite", () => SqliteClient.layer({ filename: sqliteFile }).pipe(Layer.orDie), "app_audit")

if (pgUrl === undefined) {
  describe("PostgreSQL: Clientele inside the app's own transactions", () => {
    it.skip("skipped because CLIENTELE_PG_URL is not set", () => {})
  })
} else {
  const url = pgUrl
  suite(
    "PostgreSQL",
    () =>
      Layer.scoped(SqlClient.SqlClient, PgClient.make({ url: Redacted.make(url) })).pipe(
        Layer.provide(Reactivity.layer),
        Layer.orDie,
      ),
    "host_app_audit",
  )
}
