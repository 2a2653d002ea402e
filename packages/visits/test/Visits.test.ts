// The Visits service over the storage port: the shared suite on the memory store
// and on SQLite (PostgreSQL runs it in `Visits.integration.test.ts`), then the
// Promise client end to end.
import { Errors, Ids, Period } from "@clientele/core"
import { MemoryStore } from "@clientele/store"
import { layerSqlite } from "@clientele/store-sql/sqlite"
import { describe, expect, it } from "@effect/vitest"
import * as Appointment from "../src/Appointment.js"
import * as Completion from "../src/Completion.js"
import * as Feedback from "../src/Feedback.js"
import * as Visits from "../src/Visits.js"
import { booking, serviceSuite, visitRecord } from "./service-support.js"

serviceSuite("the memory store", () => MemoryStore.layer)
serviceSuite("SQLite", () => layerSqlite({ filename: ":memory:" }))

describe("Visits Promise client", () => {
  it("VIS-4 the Promise client books, dispatches, completes and summarises a visit end to end, rejecting with the same tagged errors", async () => {
    const client = await Visits.makeClient(MemoryStore.layer)
    try {
      const tenant = Ids.TenantId.make("acme")
      // the real clock: book a visit in a week of June next year, whatever today is
      const year = new Date().getUTCFullYear() + 1
      expect((await client.savePolicy(tenant, { version: 1 })).version).toBe(1)
      const appointment = await client.bookAppointment(
        tenant,
        booking({ preferred: [{ start: `${year}-06-10T00:00`, end: `${year}-06-17T00:00` }] }),
      )
      expect(appointment.status).toBe("booked")
      await expect(
        client.bookAppointment(tenant, { ...booking(), policyVersion: 3 }),
      ).rejects.toBeInstanceOf(Errors.NotFoundError)

      // the visit takes place now: dispatched, started and signed off at once
      await client.transitionAppointment(tenant, appointment.id, { _tag: "Dispatch" })
      const started = await client.transitionAppointment(tenant, appointment.id, {
        _tag: "Start",
      })
      const now = Date.now()
      const record = {
        ...visitRecord(started),
        actualStart: now,
        actualEnd: now + 1,
        signOff: {
          _tag: "signed" as const,
          signedBy: "Ada Martin",
          signedAt: now + 2,
          imageSha256: "b".repeat(64),
        },
        feedback: { score: 5, issues: [], submittedAt: now + 3 },
      }
      await expect(
        client.completeVisit(tenant, appointment.id, {
          ...record,
          extraCharges: [{ amount: { amount: 2_000, currency: "EUR" }, method: "cash" }],
        }),
      ).rejects.toBeInstanceOf(Completion.CompletionRejectedError)
      const completed = await client.completeVisit(tenant, appointment.id, record)
      expect(completed.appointment.status).toBe("completed")
      const stored = await client.completedVisit(tenant, appointment.id)
      expect(stored._tag === "Some" ? stored.value : undefined).toEqual(completed)

      const today = new Date(now).toISOString().slice(0, 10)
      const twoDaysOn = new Date(now + 86_400_000 * 2).toISOString().slice(0, 10)
      const period = Period.make(today, twoDaysOn, "UTC")
      const summary = await client.feedbackSummary(tenant, { period, policyVersion: 1 })
      expect(summary).toEqual(
        Feedback.summarise([completed.feedbackCard], Appointment.defaultPolicy, {
          period,
          secondTrips: 0,
        }),
      )
      expect(summary.visits).toBe(1)
    } finally {
      await client.close()
    }
  })
})
