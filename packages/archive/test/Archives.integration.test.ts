// The Archives service suite on a real PostgreSQL server (CLIENTELE_PG_URL; without it
// the suite is registered as skipped, with the reason in its name). Each test uses a
// tenant of its own, so runs never see each other.
import { layerPg } from "@clientele/store-sql/pg"
import { describe, it } from "@effect/vitest"
import { serviceSuite } from "./archives-support.js"

const pgUrl = process.env.CLIENTELE_PG_URL || undefined

if (pgUrl === undefined) {
  describe("Archives service on PostgreSQL", () => {
    it.skip("ARC-1 … ARC-4 the service suite is skipped because CLIENTELE_PG_URL is not set", () => {})
  })
} else {
  const url = pgUrl
  serviceSuite("PostgreSQL", () => layerPg({ url, maxConnections: 4 }))
}
