// The Churn service over the storage port: the shared suite on the memory store and
// on SQLite (PostgreSQL runs it in `Churn.integration.test.ts`), then the Promise
// client end to end.
import { Errors, Ids } from "@clientele/core"
import { MemoryStore } from "@clientele/store"
import { layerSqlite } from "@clientele/store-sql/sqlite"
import { describe, expect, it } from "@effect/vitest"
import * as Churn from "../src/Churn.js"
import {
  customerBase,
  eur,
  lead,
  policyV1,
  rep,
  runOf,
  serviceSuite,
  toCompetitor,
} from "./service-support.js"

serviceSuite("the memory store", () => MemoryStore.layer)
serviceSuite("SQLite", () => layerSqlite({ filename: ":memory:" }))

describe("Churn Promise client", () => {
  it("CHN-4 the Promise client takes a detected customer from the run through recovery to a lesson and a completed improvement, rejecting with the same tagged errors", async () => {
    const client = await Churn.makeClient(MemoryStore.layer)
    try {
      const tenant = Ids.TenantId.make("acme")
      expect((await client.savePolicy(tenant, policyV1)).version).toBe(1)
      const run = await client.recordRun(tenant, runOf("2024-06"), customerBase())
      expect(run.summary.candidates).toBe(3)
      const opened = await client.openCase(
        tenant,
        { customerId: "cus-fading", runId: "2024-06", lostValue: eur(48_000), by: lead },
        { idempotencyKey: "crm-1" },
      )
      await client.investigate(tenant, opened.id, toCompetitor("service"), lead)
      const recovering = await client.decideRecovery(
        tenant,
        opened.id,
        { recoverable: true, owner: rep },
        lead,
      )
      expect(recovering.status).toBe("recovering")
      const won = await client.recordOutcome(tenant, opened.id, { result: "wonBack" }, rep)
      expect(won.status).toBe("wonBack")
      const lessonInput = {
        title: "Call back within a day after a failed delivery",
        description: "The customer left after waiting a week for a call.",
        rootCause: "late-delivery",
        caseIds: [opened.id],
        routes: [{ department: "process", owner: "ops-2" }],
        by: lead,
      } satisfies Churn.AddLessonInputEncoded
      const lesson = await client.addLesson(tenant, lessonInput, { idempotencyKey: "retro-1" })
      // a retry after a timeout returns the same lesson, not a second one
      expect(await client.addLesson(tenant, lessonInput, { idempotencyKey: "retro-1" })).toEqual(
        lesson,
      )
      const improvementInput = { department: "process", tracker: "pm-4", priority: "high" } as const
      const started = await client.startImprovement(tenant, lesson.id, improvementInput, lead, {
        idempotencyKey: "plan-1",
      })
      expect(
        await client.startImprovement(tenant, lesson.id, improvementInput, lead, {
          idempotencyKey: "plan-1",
        }),
      ).toEqual(started)
      expect(await client.lessons(tenant)).toHaveLength(1)
      expect(await client.improvements(tenant)).toHaveLength(1)
      const id = started.improvement.id
      await client.advanceImprovement(tenant, id, "planned", "pm-4")
      await client.advanceImprovement(tenant, id, "inProgress", "pm-4")
      await client.recordProgress(tenant, id, { percent: 50, note: "Script drafted." }, "pm-4")
      const done = await client.completeImprovement(
        tenant,
        id,
        { result: "Call-backs within a day in every store." },
        "pm-4",
      )
      expect(done.improvement.status).toBe("done")
      const report = await client.report(tenant, {
        from: 0,
        to: Date.now() + 86_400_000,
        currency: "EUR",
      })
      expect(report.recovery.recoverable.rate).toBe(1)
      expect(report.reasons.byCause.find((row) => row.cause === "service")?.value.amount).toBe(
        48_000,
      )

      await expect(client.getCase(tenant, "chn-404")).rejects.toBeInstanceOf(Errors.NotFoundError)
      await expect(
        client.savePolicy(tenant, { ...policyV1, inactivity: { atRiskAfterDays: 30 } }),
      ).rejects.toBeInstanceOf(Churn.PolicyVersionConflictError)
      await expect(
        client.decideRecovery(tenant, opened.id, { recoverable: true, owner: rep }, lead),
      ).rejects.toBeInstanceOf(Errors.InvalidTransitionError)
      const reused = await client
        .openCase(
          tenant,
          { customerId: "cus-gone", runId: "2024-06", by: lead },
          { idempotencyKey: "crm-1" },
        )
        .then(
          () => undefined,
          (error: unknown) => error,
        )
      expect(reused).toBeInstanceOf(Churn.IdempotencyKeyConflictError)
      expect(reused).toMatchObject({ key: "crm-1", entity: "churn case", id: opened.id })
      await expect(
        client.addLesson(
          tenant,
          { ...lessonInput, title: "Another lesson" },
          { idempotencyKey: "retro-1" },
        ),
      ).rejects.toMatchObject({
        _tag: "IdempotencyKeyConflictError",
        entity: "lesson",
        id: lesson.id,
      })
      await expect(client.completeImprovement(tenant, id, {}, "pm-4")).rejects.toMatchObject({
        _tag: "ValidationError",
      })
      // nothing refused above changed the case
      expect(await client.getCase(tenant, opened.id)).toEqual(won)
    } finally {
      await client.close()
    }
  })
})
