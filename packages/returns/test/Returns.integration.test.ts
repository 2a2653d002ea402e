// The Returns service's shared suite on a real PostgreSQL server (CLIENTELE_PG_URL;
// without it the suite is registered as skipped, with the reason in its name). Each
// test uses a tenant of its own, so runs never see each other.
import { layerPg } from "@clientele/store-sql/pg"
import { describe, it } from "@effect/vitest"
import { serviceSuite } from "./service-support.js"

const pgUrl = process.env.CLIENTELE_PG_URL || undefined

if (pgUrl === undefined) {
  describe("Returns service on PostgreSQL", () => {
    it.skip("skipped because CLIENTELE_PG_URL is not set", () => {})
  })
} else {
  const url = pgUrl
  serviceSuite("PostgreSQL", () => layerPg({ url, maxConnections: 2 }))
}
