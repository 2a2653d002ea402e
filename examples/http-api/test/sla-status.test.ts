/**
 * The SLA board's arithmetic: what a target has used, has left and is overdue are
 * all counted in the target's own time, so they add up, whatever the instant.
 */
import { Sla } from "@clientele/complaints"
import * as Either from "effect/Either"
import * as fc from "effect/FastCheck"
import { describe, expect, it } from "vitest"
import { workingCalendar } from "../src/config.js"
import { targetStatus } from "../src/sla-status.js"

const minute = 60_000
const june = Date.parse("2024-06-01T00:00:00Z")

/** A target started at any minute of June 2024, for up to 40 working hours. */
const started = fc
  .record({
    startedAt: fc.integer({ min: 0, max: 30 * 24 * 60 }).map((minutes) => june + minutes * minute),
    durationMs: fc.integer({ min: 1, max: 40 * 60 }).map((minutes) => minutes * minute),
    clock: fc.constantFrom<Sla.Clock>("business", "calendar"),
  })
  .map(({ startedAt, durationMs, clock }) =>
    Either.getOrThrow(
      Sla.start(
        { kind: "resolution", round: 1, target: { durationMs, clock, pausesWhileWaiting: true } },
        workingCalendar,
        startedAt,
        0.8,
      ),
    ),
  )

describe("targetStatus", () => {
  it("CMP-4 time used plus time left is the target's duration until the deadline, and past it the overdue time is what was used beyond it", () => {
    fc.assert(
      fc.property(started, fc.integer({ min: 0, max: 20 * 24 * 60 }), (clock, minutesLater) => {
        const now = clock.startedAt + minutesLater * minute
        const status = Either.getOrThrow(targetStatus(clock, workingCalendar, now))
        const dueAt = clock.dueAt ?? Number.NaN
        if (now <= dueAt) {
          expect(status.breached).toBe(false)
          expect(status.overdueMs).toBe(0)
          expect(status.consumedMs + (status.remainingMs ?? Number.NaN)).toBe(clock.durationMs)
        } else {
          expect(status.breached).toBe(true)
          expect(status.remainingMs).toBe(0)
          expect(status.consumedMs - clock.durationMs).toBe(status.overdueMs)
        }
      }),
    )
  })

  it("CMP-4 a completed target reports its outcome and neither time left nor overdue", () => {
    fc.assert(
      fc.property(started, fc.integer({ min: 0, max: 5 * 24 * 60 }), (clock, minutesLater) => {
        const completedAt = clock.startedAt + minutesLater * minute
        const done = Either.getOrThrow(Sla.complete(clock, workingCalendar, completedAt))
        const status = Either.getOrThrow(targetStatus(done, workingCalendar, completedAt + minute))
        expect(status.status).toBe(done.outcome)
        expect(status.completedAt).toBe(completedAt)
        expect(status.remainingMs).toBeNull()
        expect(status.overdueMs).toBeNull()
        expect(status.breached).toBe(done.outcome === "missed")
      }),
    )
  })
})
