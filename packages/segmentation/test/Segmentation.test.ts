// The Segmentation service over the storage port: the shared suite on the memory
// store and on SQLite (PostgreSQL runs it in `Segmentation.integration.test.ts`),
// then the Promise client end to end.
import { Errors, Ids } from "@clientele/core"
import { MemoryStore } from "@clientele/store"
import { layerSqlite } from "@clientele/store-sql/sqlite"
import { describe, expect, it } from "@effect/vitest"
import { Segmentation } from "../src/index.js"
import {
  period2023,
  period2024,
  policyV1,
  registered2023,
  registered2024,
  sale,
  sales2023,
  sales2024,
  serviceSuite,
} from "./service-support.js"

serviceSuite("the memory store", () => MemoryStore.layer)
serviceSuite("SQLite", () => layerSqlite({ filename: ":memory:" }))

describe("Segmentation Promise client", () => {
  it("SEG-3 the Promise client classifies two periods end to end and rejects with the same tagged errors", async () => {
    const client = await Segmentation.makeClient(MemoryStore.layer)
    try {
      const tenant = Ids.TenantId.make("acme")
      const policy = await client.savePolicy(tenant, policyV1)
      expect(policy.version).toBe("v1")
      expect(await client.recordTransactions(tenant, [...sales2023, ...sales2024])).toBe(
        sales2023.length + sales2024.length,
      )
      await client.classifyPeriod(tenant, {
        period: period2023,
        policyVersion: "v1",
        customers: registered2023,
      })
      const run = await client.classifyPeriod(tenant, {
        period: period2024,
        policyVersion: "v1",
        customers: registered2024,
        serviceBudgetMinutes: 6_000,
      })
      expect(run.tierCounts).toEqual({ major: 1, general: 5, potential: 1 })
      const results = await client.results(tenant, period2024)
      expect(results).toHaveLength(7)
      expect(results.reduce((sum, r) => sum + (r.serviceMinutes ?? 0), 0)).toBe(6_000)
      const bob = await client.resultOf(tenant, period2024, "bob")
      expect(bob._tag === "Some" ? bob.value.tier : undefined).toBe("major")
      const changes = await client.changes(tenant, period2024)
      expect(changes.map((c) => `${c.customerId}:${c.direction}`).sort()).toEqual([
        "ada:down",
        "bob:up",
        "cy:down",
        "fay:up",
        "gus:new",
      ])

      await expect(
        client.overrideTier(tenant, {
          period: period2024,
          customerId: "ada",
          tier: "major",
          by: "s-ann",
        }),
      ).rejects.toBeInstanceOf(Segmentation.TierOverrideRefusedError)
      await expect(
        client.classifyPeriod(tenant, { period: period2024, policyVersion: "v9" }),
      ).rejects.toBeInstanceOf(Errors.NotFoundError)
      await expect(
        client.savePolicy(tenant, { ...policyV1, cultivationWithinPercent: 5 }),
      ).rejects.toBeInstanceOf(Segmentation.PolicyVersionConflictError)
      await client.savePolicy(tenant, { version: "v2", currency: "EUR" })
      await expect(
        client.classifyPeriod(tenant, { period: period2024, policyVersion: "v2" }),
      ).rejects.toBeInstanceOf(Segmentation.PolicyInForceError)
      await expect(
        client.recordTransactions(tenant, [{ ...sale("hal", "2024-05-05", 100), at: "noon" }]),
      ).rejects.toMatchObject({ _tag: "ValidationError" })
      // nothing refused above changed the period
      expect(await client.results(tenant, period2024)).toEqual(results)
    } finally {
      await client.close()
    }
  })
})
