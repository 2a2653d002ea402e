// The end-to-end erasure suite on a real PostgreSQL server (CLIENTELE_PG_URL; without
// it the suite is registered as skipped, with the reason in its name). Each test uses
// a tenant of its own, so runs never see each other. The raw storage searched is
// every row of the store's tables for the test's tenant (and the index names, which
// have no tenant), read as text around the adapter.
import { SqlStore } from "@clientele/store-sql"
import { layerPg, makePgClient } from "@clientele/store-sql/pg"
import { describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { endToEndSuite, type RawPiece } from "./erasure-e2e-support.js"

const pgUrl = process.env.CLIENTELE_PG_URL || undefined

/** The store's tables under the default prefix (see the adapter's migrations). */
const prefix = SqlStore.defaultTablePrefix

if (pgUrl === undefined) {
  describe("End-to-end erasure across every package on PostgreSQL", () => {
    it.skip("ARC-4 the end-to-end erasure suite is skipped because CLIENTELE_PG_URL is not set", () => {})
  })
} else {
  const url = pgUrl
  endToEndSuite(
    "PostgreSQL",
    () => layerPg({ url, maxConnections: 4 }),
    (tenant) =>
      Effect.gen(function* () {
        const sql = yield* makePgClient({ url, maxConnections: 1 })
        const pieces: Array<RawPiece> = []
        for (const table of ["documents", "index_entries"]) {
          const rows = yield* sql.unsafe<{ readonly row: string }>(
            `SELECT t::text AS row FROM "${prefix}${table}" t WHERE t.tenant = $1`,
            [tenant],
          )
          pieces.push({ where: `${prefix}${table}`, content: rows.map((r) => r.row).join("\n") })
        }
        const names = yield* sql.unsafe<{ readonly row: string }>(
          `SELECT t::text AS row FROM "${prefix}index_names" t`,
        )
        pieces.push({ where: `${prefix}index_names`, content: names.map((r) => r.row).join("\n") })
        return pieces
      }),
  )
}
