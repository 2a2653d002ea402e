// PostgreSQL passes the whole conformance suite in two configurations over one
// real server (CLIENTELE_PG_URL; without it these tests are registered as skipped
// with the reason in their name): the default tables, and a custom table prefix
// with a pool of two connections. Every test builds the layer afresh, so every
// test also re-runs the (idempotent) migration check.
import { runConformance } from "@clientele/store/testkit"
import { Pool } from "pg"
import { afterAll, describe, it } from "vitest"
import { layerPg } from "../src/pg.js"
import { pgUrl } from "./support.js"

const pgProbe = (url: string, prefix: string) => {
  const pool = new Pool({ connectionString: url, max: 2 })
  afterAll(() => pool.end())
  return {
    read: async (tenant: string, collection: string, id: string) => {
      const result = await pool.query(
        `SELECT version, body FROM "${prefix}documents" WHERE tenant = $1 AND collection = $2 AND id = $3`,
        [tenant, collection, id],
      )
      const row = result.rows[0] as { version: number; body: string } | undefined
      return row === undefined ? undefined : { version: row.version, body: JSON.parse(row.body) }
    },
  }
}

if (pgUrl === undefined) {
  describe("PostgreSQL", () => {
    it.skip("PostgreSQL conformance: skipped because CLIENTELE_PG_URL is not set", () => {})
  })
} else {
  const url = pgUrl
  describe("PostgreSQL, default tables", () => {
    runConformance({
      name: "pg",
      test: { describe, it },
      makeLayer: () => layerPg({ url }),
      probe: pgProbe(url, "clientele_"),
      supportsNulCharacter: false,
    })
  })
  describe("PostgreSQL, table prefix crm_ and two connections", () => {
    runConformance({
      name: "pg (crm_)",
      test: { describe, it },
      makeLayer: () => layerPg({ url, tablePrefix: "crm_", maxConnections: 2 }),
      probe: pgProbe(url, "crm_"),
      supportsNulCharacter: false,
    })
  })
}
