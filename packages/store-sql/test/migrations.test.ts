// Versioned schema migrations: applied on start, idempotent, run once when several
// processes start together, rolled back whole when one fails, and refused when the
// database holds a newer schema than this release knows.
import { execFile } from "node:child_process"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"
import { Store } from "@clientele/store"
import { SqlClient } from "@effect/sql"
import Database from "better-sqlite3"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import { Pool } from "pg"
import { afterAll, describe, expect, it } from "vitest"
import { SqlStore } from "../src/index.js"
import { makePgClient } from "../src/pg.js"
import { layerSqlite, makeSqliteClient } from "../src/sqlite.js"
import { dropPgStore, pgUrl, temporaryDirectory } from "./support.js"

const run = promisify(execFile)
const migrateProcess = fileURLToPath(new URL("./processes/migrate.ts", import.meta.url))
const root = fileURLToPath(new URL("../../..", import.meta.url))

/** Starts `count` processes that all migrate at the same moment; returns what each applied. */
const migrateTogether = async (count: number, dialect: string, target: string, prefix: string) => {
  const startAt = Date.now() + 1500
  const outputs = await Promise.all(
    Array.from({ length: count }, () =>
      run(
        process.execPath,
        [
          "--conditions=@clientele/source",
          "--import",
          "tsx",
          migrateProcess,
          dialect,
          target,
          prefix,
          String(startAt),
        ],
        { cwd: root },
      ),
    ),
  )
  return outputs.map((output) => JSON.parse(output.stdout) as Array<number>)
}

const withSqlite = <A, E>(filename: string, effect: Effect.Effect<A, E, SqlClient.SqlClient>) =>
  Effect.runPromise(
    Effect.scoped(
      Effect.flatMap(makeSqliteClient({ filename }), (sql) =>
        Effect.provideService(effect, SqlClient.SqlClient, sql),
      ),
    ),
  )

describe("SQLite migrations", () => {
  const directory = temporaryDirectory()

  it("are applied on start, once: a second start applies nothing and keeps the data", async () => {
    const filename = join(directory, "idempotent.db")
    expect(await withSqlite(filename, SqlStore.migrate())).toEqual([SqlStore.schemaVersion])
    await Effect.runPromise(
      Effect.provide(
        Effect.flatMap(Store.Store, (store) =>
          store.insert("acme", {
            collection: "notes",
            id: "n1",
            body: { kept: true },
            indexes: { k: 1 },
          }),
        ),
        layerSqlite({ filename }),
      ),
    )
    expect(await withSqlite(filename, SqlStore.migrate())).toEqual([])
    const db = new Database(filename, { readonly: true })
    const versions = db.prepare(`SELECT version FROM "clientele_migrations"`).all()
    const body = db.prepare(`SELECT body FROM "clientele_documents" WHERE id = 'n1'`).get() as {
      body: string
    }
    db.close()
    expect(versions).toEqual([{ version: 1 }])
    expect(JSON.parse(body.body)).toEqual({ kept: true })
  })

  it("run once when four processes start at the same moment", async () => {
    const filename = join(directory, "together.db")
    const applied = await migrateTogether(4, "sqlite", filename, "clientele_")
    expect(applied.filter((versions) => versions.length > 0)).toEqual([[SqlStore.schemaVersion]])
    expect(applied.filter((versions) => versions.length === 0)).toHaveLength(3)
  }, 60_000)

  it("two table prefixes are two independent schemas in one file", async () => {
    const filename = join(directory, "prefixes.db")
    expect(await withSqlite(filename, SqlStore.migrate({ tablePrefix: "a_" }))).toEqual([1])
    expect(await withSqlite(filename, SqlStore.migrate({ tablePrefix: "b_" }))).toEqual([1])
    expect(await withSqlite(filename, SqlStore.migrate({ tablePrefix: "a_" }))).toEqual([])
  })

  it("a database migrated by a newer release is refused with SchemaTooNew", async () => {
    const filename = join(directory, "newer.db")
    await withSqlite(filename, SqlStore.migrate())
    const db = new Database(filename)
    db.prepare(
      `INSERT INTO "clientele_migrations" VALUES (99, 'from the future', '2030-01-01')`,
    ).run()
    db.close()
    const result = await withSqlite(filename, Effect.either(SqlStore.make()))
    expect(Either.isLeft(result) && result.left.reason).toBe("SchemaTooNew")
    expect(Either.isLeft(result) && result.left.message).toContain("99")
  })

  it("with migrate: false a store on an unmigrated database fails with SchemaNotCurrent and creates nothing", async () => {
    const filename = join(directory, "unmigrated.db")
    const result = await withSqlite(filename, Effect.either(SqlStore.make({ migrate: false })))
    expect(Either.isLeft(result) && result.left.reason).toBe("SchemaNotCurrent")
    const db = new Database(filename, { readonly: true })
    const tables = db
      .prepare(`SELECT name FROM sqlite_master WHERE name LIKE 'clientele_documents'`)
      .all()
    db.close()
    expect(tables).toEqual([])
  })

  it("a migration that fails is rolled back whole and names the failing statement's error", async () => {
    const filename = join(directory, "blocked.db")
    const db = new Database(filename)
    // a table of the app in the way of the adapter's second table
    db.exec(`CREATE TABLE "clientele_index_entries" (anything TEXT)`)
    db.close()
    const result = await withSqlite(filename, Effect.either(SqlStore.migrate()))
    expect(Either.isLeft(result) && result.left.reason).toBe("MigrationFailed")
    expect(Either.isLeft(result) && result.left.message).toContain("already exists")
    const check = new Database(filename, { readonly: true })
    const tables = check
      .prepare(
        `SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'clientele_%' ORDER BY name`,
      )
      .all()
    check.close()
    expect(tables).toEqual([{ name: "clientele_index_entries" }])
  })

  it("a malformed table prefix is refused with InvalidOptions naming the option", async () => {
    const result = await withSqlite(
      ":memory:",
      Effect.either(SqlStore.make({ tablePrefix: 'x"; DROP TABLE y; --' })),
    )
    expect(Either.isLeft(result) && result.left.reason).toBe("InvalidOptions")
    expect(Either.isLeft(result) && result.left.message).toContain("tablePrefix")
  })

  it("a SqlClient of another dialect is refused with UnsupportedDialect", async () => {
    const result = await withSqlite(
      ":memory:",
      Effect.flatMap(SqlClient.SqlClient, (sql) => {
        const mysql = Object.assign(Object.create(sql) as SqlClient.SqlClient, {
          onDialectOrElse: (options: { readonly orElse: () => unknown }) => options.orElse(),
        })
        return Effect.either(Effect.provideService(SqlStore.make(), SqlClient.SqlClient, mysql))
      }),
    )
    expect(Either.isLeft(result) && result.left.reason).toBe("UnsupportedDialect")
  })

  it("a file that cannot be opened fails the layer with Unavailable, not a crash", async () => {
    const result = await Effect.runPromise(
      Effect.either(
        Layer.build(layerSqlite({ filename: join(directory, "missing", "dir", "x.db") })).pipe(
          Effect.scoped,
        ),
      ),
    )
    expect(Either.isLeft(result) && result.left._tag === "StoreError" && result.left.reason).toBe(
      "Unavailable",
    )
  })
})

if (pgUrl === undefined) {
  describe("PostgreSQL migrations", () => {
    it.skip("skipped because CLIENTELE_PG_URL is not set", () => {})
  })
} else {
  const url = pgUrl
  describe("PostgreSQL migrations", () => {
    const prefix = `mig_${Math.random().toString(36).slice(2, 8)}_`
    const pool = new Pool({ connectionString: url, max: 1 })
    afterAll(async () => {
      await dropPgStore(pool, prefix)
      await pool.end()
    })
    const withPg = <A, E>(effect: Effect.Effect<A, E, SqlClient.SqlClient>) =>
      Effect.runPromise(
        Effect.scoped(
          Effect.flatMap(makePgClient({ url }), (sql) =>
            Effect.provideService(effect, SqlClient.SqlClient, sql),
          ),
        ),
      )

    it("run once when four processes start at the same moment, and again apply nothing", async () => {
      const applied = await migrateTogether(4, "pg", url, prefix)
      expect(applied.filter((versions) => versions.length > 0)).toEqual([[SqlStore.schemaVersion]])
      expect(await withPg(SqlStore.migrate({ tablePrefix: prefix }))).toEqual([])
      const versions = await pool.query(`SELECT version FROM "${prefix}migrations"`)
      expect(versions.rows).toEqual([{ version: 1 }])
    }, 60_000)
  })
}
