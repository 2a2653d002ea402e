// Shared test support: temporary SQLite files, a probe reading them around the
// adapter, and the PostgreSQL URL of the environment.
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { Probe } from "@clientele/store/testkit"
import Database from "better-sqlite3"
import type { Pool } from "pg"
import { afterAll } from "vitest"
import { tablesOf } from "../src/internal/dialect.js"

/** A fresh directory for database files, removed after the test file. */
export const temporaryDirectory = (): string => {
  const directory = mkdtempSync(join(tmpdir(), "clientele-sql-"))
  afterAll(() => rmSync(directory, { recursive: true, force: true }))
  return directory
}

/** Reads committed rows of a SQLite file with a connection of its own. */
export const sqliteProbe = (filename: string, prefix = "clientele_"): Probe => ({
  read: async (tenant, collection, id) => {
    const db = new Database(filename, { readonly: true })
    try {
      const row = db
        .prepare(
          `SELECT version, body FROM "${prefix}documents" WHERE tenant = ? AND collection = ? AND id = ?`,
        )
        .get(tenant, collection, id) as { version: number; body: string } | undefined
      return row === undefined ? undefined : { version: row.version, body: JSON.parse(row.body) }
    } finally {
      db.close()
    }
  },
})

/** The PostgreSQL server of the environment, if any (`CLIENTELE_PG_URL`). */
export const pgUrl: string | undefined = process.env.CLIENTELE_PG_URL || undefined

/** Drops everything a store with this table prefix created in PostgreSQL. */
export const dropPgStore = async (pool: Pool, prefix: string): Promise<void> => {
  const t = tablesOf(prefix)
  await pool.query(
    `DROP TABLE IF EXISTS ${t.documents}, ${t.entries}, ${t.indexNames}, ${t.migrations};
     DROP FUNCTION IF EXISTS ${t.lockIndexNames}`,
  )
}
