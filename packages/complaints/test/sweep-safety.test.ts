/**
 * The SLA sweep over a backlog of more than one page (CMP-4): every owed event is
 * reported exactly once when one sweep walks several pages, when several sweeps run
 * at once over the same due complaints, and when a sweep fails part-way (a crash
 * between two pages) and the next one finishes the work.
 */
import { MemoryStore, Query, Store, StoreError } from "@clientele/store"
import { describe, expect, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/TestClock"
import { Complaint, Complaints, type Sla } from "../src/index.js"
import * as collections from "../src/internal/collections.js"
import { intakeInput, ny, settings, tenant } from "./fixtures.js"

const everything = { from: 0, to: Number.MAX_SAFE_INTEGER }
const MINUTE = 60_000

/** Complaints received per minute, and for how many minutes: 600 in all. */
const perMinute = 50
const minutes = 12
/** The first intake: Monday 10:00 in New York. */
const start = ny("2024-06-03T10:00:00")
/**
 * 10:38 on the same Monday. A first response is due 30 business minutes after
 * intake and at risk after 24: the complaints of 10:00 to 10:07 are breached, those
 * of 10:08 to 10:11 at risk, so every complaint is due (more than two pages).
 */
const now = ny("2024-06-03T10:38:00")

/** A memory store behind a port that can interleave sweeps and fail a bulk write. */
interface Rig {
  readonly memory: MemoryStore.MemoryStore
  readonly service: Complaints.ComplaintsService
  /** The bulk writes the store refused with a `Conflict` (a lost compare-and-set). */
  readonly conflicts: Ref.Ref<number>
  /** The bulk writes made since the count was last reset. */
  readonly bulkWrites: Ref.Ref<number>
  /** The number of the bulk write (counted from the last reset) that fails, if any. */
  readonly failingWrite: Ref.Ref<number | undefined>
}

/** The error of the bulk write that fails: the database went away mid-sweep. */
const outage = new StoreError.StoreError({
  reason: "Unavailable",
  message: "the database went away in the middle of the sweep",
})

/**
 * The service over a fresh memory store whose port, with `interleave`, yields to
 * other fibers before every query and bulk write, so that concurrent sweeps read
 * the same page before any of them writes it.
 */
const makeRig = (options: { readonly interleave: boolean }) =>
  Effect.gen(function* () {
    const memory = yield* MemoryStore.make
    const conflicts = yield* Ref.make(0)
    const bulkWrites = yield* Ref.make(0)
    const failingWrite = yield* Ref.make<number | undefined>(undefined)
    const pause = options.interleave ? Effect.yieldNow() : Effect.void
    const port: Store.StorePort = {
      ...memory,
      query: (tenantId, query) => Effect.zipRight(pause, memory.query(tenantId, query)),
      bulkWrite: (tenantId, operations) =>
        Effect.gen(function* () {
          yield* pause
          const count = yield* Ref.updateAndGet(bulkWrites, (n) => n + 1)
          if (count === (yield* Ref.get(failingWrite))) return yield* Effect.fail(outage)
          yield* memory
            .bulkWrite(tenantId, operations)
            .pipe(
              Effect.tapError((error) =>
                error instanceof StoreError.StoreError && error.reason === "Conflict"
                  ? Ref.update(conflicts, (n) => n + 1)
                  : Effect.void,
              ),
            )
        }),
    }
    const service = yield* Effect.provideService(Complaints.make(settings), Store.Store, port)
    const rig: Rig = { memory, service, conflicts, bulkWrites, failingWrite }
    return rig
  })

/** Receives the backlog: `perMinute` complaints a minute from `start`, each its own customer. */
const receiveBacklog = (service: Complaints.ComplaintsService) =>
  Effect.gen(function* () {
    for (let minute = 0; minute < minutes; minute++) {
      yield* TestClock.setTime(start + minute * MINUTE)
      const inputs = Array.from({ length: perMinute }, (_, i) => {
        const n = minute * perMinute + i
        return intakeInput({ idempotencyKey: `sweep-${n}`, customerId: `cus-${n}` })
      })
      yield* service.intakeAll(tenant, inputs)
    }
    yield* TestClock.setTime(now)
    const received = yield* service.received(tenant, everything)
    expect(received).toHaveLength(perMinute * minutes)
    expect(yield* slaNotifications(service)).toEqual([])
    return received
  })

/** The SLA event that `target` owes at `now`, if any (for complaints nobody has worked on). */
const owedEvent = (target: Sla.TargetClock) =>
  target.completedAt !== undefined
    ? undefined
    : target.dueAt !== null && now > target.dueAt
      ? ("breached" as const)
      : target.dueAt !== null && target.atRiskAt !== null && now >= target.atRiskAt
        ? ("atRisk" as const)
        : undefined

/**
 * The notification ids a complaint owes at `now`, worked out from its clocks here
 * (not by the sweep's code): a breach once past due, else an at-risk warning once
 * its instant has come, each only if not notified before.
 */
const owedIds = (complaint: Complaint.Complaint): ReadonlyArray<string> =>
  complaint.sla.cycles.flatMap((cycle) =>
    cycle.targets.flatMap((target) => {
      const kind = owedEvent(target)
      return kind === undefined || target.notified[kind]
        ? []
        : [
            Complaint.slaNotificationId(complaint.id, {
              kind,
              target: target.kind,
              cycle: cycle.number,
              round: target.round,
            }),
          ]
    }),
  )

/** The SLA notifications stored, by id. */
const slaNotifications = (service: Complaints.ComplaintsService) =>
  Effect.map(service.notifications(tenant, everything), (notifications) =>
    notifications
      .filter((n) => n.kind === "slaAtRisk" || n.kind === "slaBreached")
      .map((n) => n.id),
  )

/**
 * Asserts that `actual` holds each id of `expected` exactly once and nothing else,
 * reporting only the ids that differ (a diff of two long lists would take ages).
 */
const expectSameIds = (actual: ReadonlyArray<string>, expected: ReadonlyArray<string>) => {
  const wanted = new Set(expected)
  expect(wanted.size).toBe(expected.length)
  const seen = new Set<string>()
  const twice: Array<string> = []
  for (const id of actual) {
    if (seen.has(id)) twice.push(id)
    seen.add(id)
  }
  expect({
    twice,
    missing: expected.filter((id) => !seen.has(id)),
    unexpected: [...seen].filter((id) => !wanted.has(id)),
  }).toEqual({ twice: [], missing: [], unexpected: [] })
}

const idsOf = (notifications: ReadonlyArray<Complaint.Notification>) =>
  notifications.map((n) => n.id)

/**
 * What one sweep at `now` reports over a fresh memory store holding copies of the
 * rig's complaint documents (same ids, bodies and indexes).
 */
const referenceSweep = (rig: Rig) =>
  Effect.gen(function* () {
    const documents = yield* Stream.runCollect(rig.memory.scan(tenant, collections.complaints.name))
    const fresh = yield* makeRig({ interleave: false })
    yield* fresh.memory.bulkWrite(
      tenant,
      Chunk.toReadonlyArray(documents).map((document) => ({
        _tag: "Insert" as const,
        collection: document.collection,
        id: document.id,
        body: document.body,
        indexes: document.indexes,
      })),
    )
    const result = yield* fresh.service.sweep(tenant, now)
    return idsOf(result.notifications)
  })

/**
 * Checks that the sweeps' `reported` notifications are exactly the owed ones:
 * no id twice, the same set as the stored SLA notifications and as `expected`,
 * every complaint settled (next check after `now`), and nothing left for another
 * sweep at the same instant.
 */
const expectEachReportedOnce = (
  service: Complaints.ComplaintsService,
  reported: ReadonlyArray<string>,
  expected: ReadonlyArray<string>,
) =>
  Effect.gen(function* () {
    expectSameIds(reported, expected)
    expectSameIds(yield* slaNotifications(service), expected)
    for (const complaint of yield* service.received(tenant, everything)) {
      expect(complaint.slaNextCheckAt === null || complaint.slaNextCheckAt > now).toBe(true)
      expect(owedIds(complaint)).toEqual([])
    }
    expect(idsOf((yield* service.sweep(tenant, now)).notifications)).toEqual([])
  })

describe("CMP-4 the sweep over more than a page", () => {
  it.effect(
    "CMP-4 a sweep over more than a page of due complaints reports every owed event exactly once",
    () =>
      Effect.gen(function* () {
        const rig = yield* makeRig({ interleave: false })
        const backlog = yield* receiveBacklog(rig.service)
        const owed = backlog.flatMap(owedIds)
        // every complaint owes an event, and there are more than two pages of them
        expect(backlog.every((complaint) => owedIds(complaint).length > 0)).toBe(true)
        expect(backlog.length).toBeGreaterThan(2 * collections.sweepPage)
        expect(owed.some((id) => id.endsWith(":breached"))).toBe(true)
        expect(owed.some((id) => id.endsWith(":atRisk"))).toBe(true)

        const result = yield* rig.service.sweep(tenant)
        expect(result.examined).toBe(backlog.length)
        yield* expectEachReportedOnce(rig.service, idsOf(result.notifications), owed)
      }),
  )

  it.effect("CMP-4 sweeps running at once report each event exactly once", () =>
    Effect.gen(function* () {
      const rig = yield* makeRig({ interleave: true })
      const backlog = yield* receiveBacklog(rig.service)
      const reference = yield* referenceSweep(rig)
      expectSameIds(reference, backlog.flatMap(owedIds))

      const results = yield* Effect.all(
        [
          rig.service.sweep(tenant, now),
          rig.service.sweep(tenant, now),
          rig.service.sweep(tenant, now),
        ],
        { concurrency: "unbounded" },
      )
      // the sweeps did overlap: some wrote a page another had already settled
      expect(yield* Ref.get(rig.conflicts)).toBeGreaterThan(0)
      yield* expectEachReportedOnce(
        rig.service,
        results.flatMap((result) => idsOf(result.notifications)),
        reference,
      )
    }),
  )

  it.effect(
    "CMP-4 a sweep that fails part-way leaves whole pages and the next sweep finishes without repeating",
    () =>
      Effect.gen(function* () {
        const rig = yield* makeRig({ interleave: false })
        const backlog = yield* receiveBacklog(rig.service)
        const reference = yield* referenceSweep(rig)

        // the second bulk write of the sweep fails: the first page is written, no more
        yield* Ref.set(rig.bulkWrites, 0)
        yield* Ref.set(rig.failingWrite, 2)
        // the injected error itself (the sweep's span wraps it, so compared by content)
        const outcome = yield* rig.service.sweep(tenant, now).pipe(
          Effect.match({
            onFailure: (error) => ({
              failedWith: {
                isStoreError: error instanceof StoreError.StoreError,
                reason: "reason" in error ? error.reason : undefined,
                message: error.message,
              },
            }),
            onSuccess: (result) => ({ reported: result.notifications.length }),
          }),
        )
        expect(outcome).toEqual({
          failedWith: { isStoreError: true, reason: outage.reason, message: outage.message },
        })
        expect(yield* Ref.get(rig.bulkWrites)).toBe(2)

        // whole complaints only: each has all its owed events stored and marked, or none
        const stored = new Set(yield* slaNotifications(rig.service))
        const settled: Array<string> = []
        for (const before of backlog) {
          const after = yield* rig.service.get(tenant, before.id)
          const owed = owedIds(before)
          const written = owed.filter((id) => stored.has(id))
          expect([0, owed.length]).toContain(written.length)
          if (written.length > 0) settled.push(before.id)
          // the complaint's flags say notified exactly for the events stored
          expect(owedIds(after)).toEqual(written.length > 0 ? [] : owed)
          if (written.length > 0)
            expect(after.slaNextCheckAt === null || after.slaNextCheckAt > now).toBe(true)
          else expect(after).toEqual(before)
        }
        // ...and they are exactly the first page: the earliest next checks, by id on ties
        const firstPage = [...backlog]
          .sort(
            (a, b) =>
              (a.slaNextCheckAt ?? 0) - (b.slaNextCheckAt ?? 0) || Query.compareStrings(a.id, b.id),
          )
          .slice(0, collections.sweepPage)
          .map((complaint) => complaint.id)
        expectSameIds(settled, firstPage)
        expectSameIds([...stored], backlog.filter((c) => settled.includes(c.id)).flatMap(owedIds))

        // the database is back: the next sweep does the rest, repeating nothing
        yield* Ref.set(rig.failingWrite, undefined)
        const resumed = yield* rig.service.sweep(tenant, now)
        yield* expectEachReportedOnce(
          rig.service,
          [...stored, ...idsOf(resumed.notifications)],
          reference,
        )
      }),
  )
})
