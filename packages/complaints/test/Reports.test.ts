import { Money, Period } from "@clientele/core"
import * as Arbitrary from "effect/Arbitrary"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import * as Schema from "effect/Schema"
import { describe, expect, it } from "vitest"
import type * as Category from "../src/Category.js"
import type * as Compensation from "../src/Compensation.js"
import * as Complaint from "../src/Complaint.js"
import type * as Insight from "../src/Insight.js"
import * as Lifecycle from "../src/Lifecycle.js"
import * as Reports from "../src/Reports.js"
import * as Sla from "../src/Sla.js"

const MINUTE = 60_000
const HOUR = 3_600_000
const DAY = 86_400_000
/** Monday 3 June 2024, 09:00 UTC. */
const T0 = Date.UTC(2024, 5, 3, 9)
/** Wednesday 3 July 2024, 12:00 UTC: the instant open clocks are judged at. */
const NOW = Date.UTC(2024, 6, 3, 12)

const right = <A, E>(result: Either.Either<A, E>): A => {
  if (Either.isLeft(result)) throw new Error(`expected Right, got Left: ${String(result.left)}`)
  return result.right
}
const left = <A, E>(result: Either.Either<A, E>): E => {
  if (Either.isRight(result)) throw new Error("expected Left, got Right")
  return result.left
}

// ---------------------------------------------------------------------------
// Fixtures: target clocks with their fields set by hand (one hour targets, at
// risk after 48 minutes), and complaints decoded with the Complaint schema.
// ---------------------------------------------------------------------------

const clock = (
  kind: Sla.TargetKind,
  startedAt: number,
  fields: Partial<Sla.TargetClock> = {},
): Sla.TargetClock => ({
  kind,
  round: 1,
  clock: "business",
  durationMs: HOUR,
  pausesWhileWaiting: kind === "resolution" || kind === "periodicUpdate",
  startedAt,
  consumedMs: 0,
  runningSince: startedAt,
  dueAt: startedAt + HOUR,
  atRiskAt: startedAt + 48 * MINUTE,
  pauses: [],
  notified: { atRisk: false, breached: false },
  ...fields,
})

/** Completed after 30 minutes: a hit. */
const hit = (kind: Sla.TargetKind, startedAt: number, round = 1) =>
  clock(kind, startedAt, {
    round,
    runningSince: null,
    consumedMs: 30 * MINUTE,
    completedAt: startedAt + 30 * MINUTE,
    outcome: "hit",
    notified: { atRisk: false, breached: false },
  })

/** Breached at its deadline, completed an hour later: missed. */
const missed = (kind: Sla.TargetKind, startedAt: number, round = 1) =>
  clock(kind, startedAt, {
    round,
    runningSince: null,
    consumedMs: HOUR,
    completedAt: startedAt + 2 * HOUR,
    outcome: "missed",
    breachedAt: startedAt + HOUR,
    notified: { atRisk: true, breached: true },
  })

/** Not completed, deadline long past (the breach not recorded by a sweep yet unless `recorded`). */
const openBreached = (kind: Sla.TargetKind, startedAt: number, recorded = false) =>
  clock(
    kind,
    startedAt,
    recorded ? { breachedAt: startedAt + HOUR, notified: { atRisk: true, breached: true } } : {},
  )

/** Not completed, started ten minutes before NOW: running. */
const running = (kind: Sla.TargetKind, round = 1) => clock(kind, NOW - 10 * MINUTE, { round })

/** Not completed, started fifty minutes before NOW: at risk, not yet due. */
const atRisk = (kind: Sla.TargetKind) => clock(kind, NOW - 50 * MINUTE)

/** Paused (waiting on the customer) after twenty minutes: no deadline while paused. */
const paused = (kind: Sla.TargetKind, startedAt: number) =>
  clock(kind, startedAt, {
    runningSince: null,
    consumedMs: 20 * MINUTE,
    dueAt: null,
    atRiskAt: null,
    pauses: [{ start: startedAt + 20 * MINUTE }],
  })

const sla = (...cycles: ReadonlyArray<ReadonlyArray<Sla.TargetClock>>) => ({
  policyId: "standard",
  policyVersion: 1,
  calendarRevision: 1,
  cycles: cycles.map((targets, index) => ({
    number: index + 1,
    startedAt: targets[0]?.startedAt ?? T0,
    targets,
  })),
})

type Fields = Partial<typeof Complaint.Complaint.Encoded>

const complaint = (id: string, fields: Fields = {}): Complaint.Complaint =>
  Schema.decodeUnknownSync(Complaint.Complaint)({
    id,
    customerId: `u-${id}`,
    channel: "hotline",
    category: "service/long-wait",
    severity: "moderate",
    priority: "normal",
    contact: { name: "Ada Lovelace" },
    description: "Waited forty minutes at the till",
    problemKey: "service:general",
    receivedAt: fields.receivedAt ?? T0,
    receivedBy: "agent-1",
    state: "inProgress",
    handlers: ["agent-1"],
    sla: sla([]),
    slaNextCheckAt: null,
    historyLength: 1,
    ...fields,
  })

const resolution = (
  compensation: ReadonlyArray<typeof Compensation.Compensation.Encoded> = [],
) => ({
  at: T0 + 2 * HOUR,
  by: "agent-1",
  outcome: "refund",
  explanation: "The parcel was sent to the wrong address",
  apologised: true,
  compensation,
  compensationPolicyVersion: 1,
  onFirstContact: false,
})

const followUp = (by: string, satisfaction?: number) => ({
  at: T0 + 3 * DAY,
  by,
  reached: true,
  solved: true,
  ...(satisfaction === undefined ? {} : { satisfaction }),
})

/** Received Sunday 30 June 2024, 23:30 UTC — already Monday 1 July in Berlin. */
const LATE_JUNE = Date.UTC(2024, 5, 30, 23, 30)
const REOPENED_AT = Date.UTC(2024, 6, 2, 9)

// A: routed, closed; resolution missed; three periodic-update rounds (hit, missed, running).
const a = complaint("a", {
  department: "dep-service",
  state: "closed",
  sla: sla([
    hit("firstResponse", T0),
    missed("resolution", T0),
    hit("periodicUpdate", T0, 1),
    missed("periodicUpdate", T0 + 8 * HOUR, 2),
    running("periodicUpdate", 3),
    hit("followUp", T0 + 3 * HOUR),
  ]),
})
// B: unrouted price complaint by email; first response breached and still open, resolution paused.
const b = complaint("b", {
  category: "price",
  channel: "email",
  state: "waitingOnCustomer",
  sla: sla([openBreached("firstResponse", T0), paused("resolution", T0)]),
})
// C: reopened; its second cycle has a breached resolution (recorded) and an update at risk.
const c = complaint("c", {
  department: "dep-quality",
  channel: "email",
  receivedAt: LATE_JUNE,
  state: "inProgress",
  sla: sla(
    [hit("firstResponse", LATE_JUNE), hit("resolution", LATE_JUNE)],
    [openBreached("resolution", REOPENED_AT, true), atRisk("periodicUpdate")],
  ),
})
const slaBook = [c, b, a]

describe("Reports: SLA attainment and breaches (CMP-4)", () => {
  it("CMP-4 attainment by category counts every clock of every cycle and every update round", () => {
    expect(Reports.slaAttainment(slaBook, { by: "category", now: NOW })).toEqual([
      {
        key: "price",
        target: "firstResponse",
        hit: 0,
        missed: 0,
        open: 1,
        breachedOpen: 1,
        attainment: 0,
      },
      {
        key: "price",
        target: "resolution",
        hit: 0,
        missed: 0,
        open: 1,
        breachedOpen: 0,
        attainment: null,
      },
      {
        key: "service/long-wait",
        target: "firstResponse",
        hit: 2,
        missed: 0,
        open: 0,
        breachedOpen: 0,
        attainment: 1,
      },
      {
        key: "service/long-wait",
        target: "resolution",
        hit: 1,
        missed: 1,
        open: 1,
        breachedOpen: 1,
        attainment: 1 / 3,
      },
      {
        key: "service/long-wait",
        target: "periodicUpdate",
        hit: 1,
        missed: 1,
        open: 2,
        breachedOpen: 0,
        attainment: 0.5,
      },
      {
        key: "service/long-wait",
        target: "followUp",
        hit: 1,
        missed: 0,
        open: 0,
        breachedOpen: 0,
        attainment: 1,
      },
    ])
  })

  it("CMP-4 attainment by department keys complaints without a department as (unrouted), filtered by target", () => {
    expect(
      Reports.slaAttainment(slaBook, { by: "department", now: NOW, targets: ["resolution"] }),
    ).toEqual([
      {
        key: "(unrouted)",
        target: "resolution",
        hit: 0,
        missed: 0,
        open: 1,
        breachedOpen: 0,
        attainment: null,
      },
      {
        key: "dep-quality",
        target: "resolution",
        hit: 1,
        missed: 0,
        open: 1,
        breachedOpen: 1,
        attainment: 0.5,
      },
      {
        key: "dep-service",
        target: "resolution",
        hit: 0,
        missed: 1,
        open: 0,
        breachedOpen: 0,
        attainment: 0,
      },
    ])
    expect(Reports.unrouted).toBe("(unrouted)")
  })

  it("CMP-4 attainment by channel", () => {
    expect(
      Reports.slaAttainment(slaBook, { by: "channel", now: NOW, targets: ["firstResponse"] }),
    ).toEqual([
      {
        key: "email",
        target: "firstResponse",
        hit: 1,
        missed: 0,
        open: 1,
        breachedOpen: 1,
        attainment: 0.5,
      },
      {
        key: "hotline",
        target: "firstResponse",
        hit: 1,
        missed: 0,
        open: 0,
        breachedOpen: 0,
        attainment: 1,
      },
    ])
  })

  it("CMP-4 attainment by period buckets receivedAt by civil date in the time zone (month by default, weeks from Monday)", () => {
    const firstResponse = ["firstResponse"] as const
    expect(
      Reports.slaAttainment(slaBook, { by: "period", now: NOW, targets: firstResponse }),
    ).toEqual([
      {
        key: "2024-06-01",
        target: "firstResponse",
        hit: 2,
        missed: 0,
        open: 1,
        breachedOpen: 1,
        attainment: 2 / 3,
      },
    ])
    expect(
      Reports.slaAttainment(slaBook, {
        by: "period",
        now: NOW,
        targets: firstResponse,
        timeZone: Period.TimeZone.make("Europe/Berlin"),
      }).map((row) => [row.key, row.hit, row.open]),
    ).toEqual([
      ["2024-06-01", 1, 1],
      ["2024-07-01", 1, 0],
    ])
    expect(
      Reports.slaAttainment(slaBook, {
        by: "period",
        now: NOW,
        targets: firstResponse,
        bucket: "week",
      }).map((row) => row.key),
    ).toEqual(["2024-06-03", "2024-06-24"])
    expect(
      Reports.slaAttainment(slaBook, {
        by: "period",
        now: NOW,
        targets: firstResponse,
        bucket: "day",
        timeZone: Period.TimeZone.make("Europe/Berlin"),
      }).map((row) => row.key),
    ).toEqual(["2024-06-03", "2024-07-01"])
  })

  it("CMP-4 an open clock is judged at now: before its deadline it is open but not breached", () => {
    const early = T0 + 30 * MINUTE
    const rows = Reports.slaAttainment([b], {
      by: "category",
      now: early,
      targets: ["firstResponse"],
    })
    expect(rows).toEqual([
      {
        key: "price",
        target: "firstResponse",
        hit: 0,
        missed: 0,
        open: 1,
        breachedOpen: 0,
        attainment: null,
      },
    ])
    expect(Reports.breaches([b], early)).toEqual([])
    expect(Reports.slaAttainment([], { by: "category", now: NOW })).toEqual([])
  })

  it("CMP-4 the breach list holds every missed target and every open breached one, sorted by due time then complaint", () => {
    expect(Reports.breaches(slaBook, NOW)).toEqual([
      {
        complaintId: "a",
        customerId: "u-a",
        category: "service/long-wait",
        department: "dep-service",
        target: "resolution",
        cycle: 1,
        round: 1,
        dueAt: T0 + HOUR,
        breachedAt: T0 + HOUR,
        completedAt: T0 + 2 * HOUR,
        open: false,
      },
      {
        complaintId: "b",
        customerId: "u-b",
        category: "price",
        target: "firstResponse",
        cycle: 1,
        round: 1,
        dueAt: T0 + HOUR,
        breachedAt: T0 + HOUR,
        open: true,
      },
      {
        complaintId: "a",
        customerId: "u-a",
        category: "service/long-wait",
        department: "dep-service",
        target: "periodicUpdate",
        cycle: 1,
        round: 2,
        dueAt: T0 + 9 * HOUR,
        breachedAt: T0 + 9 * HOUR,
        completedAt: T0 + 10 * HOUR,
        open: false,
      },
      {
        complaintId: "c",
        customerId: "u-c",
        category: "service/long-wait",
        department: "dep-quality",
        target: "resolution",
        cycle: 2,
        round: 1,
        dueAt: REOPENED_AT + HOUR,
        breachedAt: REOPENED_AT + HOUR,
        open: true,
      },
    ])
  })

  it("CMP-4 a paused clock is never in breach, but a pause after the deadline keeps it breached", () => {
    const pausedLate = complaint("p", {
      sla: sla([
        paused("resolution", T0),
        clock("periodicUpdate", T0, {
          runningSince: null,
          consumedMs: HOUR,
          pauses: [{ start: T0 + 2 * HOUR }],
        }),
      ]),
    })
    expect(
      Reports.breaches([pausedLate], NOW).map((breach) => [breach.target, breach.open]),
    ).toEqual([["periodicUpdate", true]])
  })

  it("CMP-4 property: hit + missed + open is the number of target clocks for every grouping, attainment is in [0, 1] or null", () => {
    const arbitraryComplaint = FastCheck.record({
      id: FastCheck.constantFrom("p1", "p2", "p3"),
      category: FastCheck.constantFrom("price", "product", "service/long-wait"),
      channel: FastCheck.constantFrom<Category.Channel>("hotline", "email", "other:kiosk"),
      department: FastCheck.option(FastCheck.constantFrom("dep-a", "dep-b"), { nil: undefined }),
      receivedAt: FastCheck.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2030, 0, 1) }),
      cycles: FastCheck.array(Arbitrary.make(Sla.Cycle), { maxLength: 3 }),
    }).map(({ department, cycles, ...fields }) =>
      complaint(fields.id, {
        ...fields,
        ...(department === undefined ? {} : { department }),
        sla: { policyId: null, policyVersion: 1, calendarRevision: 1, cycles },
      }),
    )
    FastCheck.assert(
      FastCheck.property(
        FastCheck.array(arbitraryComplaint, { maxLength: 6 }),
        FastCheck.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2040, 0, 1) }),
        FastCheck.constantFrom("UTC", "Asia/Tokyo", "America/Santiago"),
        FastCheck.constantFrom("day", "week", "month") as FastCheck.Arbitrary<Insight.Bucket>,
        (complaints, now, zone, bucket) => {
          const clocks = complaints.flatMap((each) =>
            each.sla.cycles.flatMap((cycle) => cycle.targets),
          )
          const breachCount = Reports.breaches(complaints, now).length
          for (const by of ["category", "department", "channel", "period"] as const) {
            const rows = Reports.slaAttainment(complaints, {
              by,
              now,
              timeZone: Period.TimeZone.make(zone),
              bucket,
            })
            let counted = 0
            let breached = 0
            for (const row of rows) {
              counted += row.hit + row.missed + row.open
              breached += row.missed + row.breachedOpen
              expect(row.breachedOpen).toBeLessThanOrEqual(row.open)
              expect(row.hit + row.missed + row.open).toBeGreaterThan(0)
              if (row.attainment !== null) {
                expect(row.attainment).toBeGreaterThanOrEqual(0)
                expect(row.attainment).toBeLessThanOrEqual(1)
              } else expect(row.hit + row.missed + row.breachedOpen).toBe(0)
            }
            expect(counted).toBe(clocks.length)
            expect(breached).toBe(breachCount)
          }
        },
      ),
      { numRuns: 200 },
    )
  })
})

describe("Reports: root causes (CMP-9)", () => {
  const causes = [
    complaint("r1", { rootCause: "late-delivery", avoidable: true }),
    complaint("r2", { rootCause: "late-delivery", avoidable: true }),
    complaint("r3", { rootCause: "broken-promise", avoidable: true }),
    complaint("r4", { rootCause: "late-delivery", avoidable: true }),
    complaint("r5", { rootCause: "customer-error", avoidable: false }),
    complaint("r6", { avoidable: true }),
  ]

  it("CMP-9 the root-cause Pareto table counts the complaints that have a root cause, largest first", () => {
    expect(Reports.rootCausePareto(causes)).toEqual([
      { key: "late-delivery", count: 3, share: 0.6, cumulativeShare: 0.6 },
      { key: "broken-promise", count: 1, share: 0.2, cumulativeShare: 0.8 },
      { key: "customer-error", count: 1, share: 0.2, cumulativeShare: 1 },
    ])
    expect(Reports.rootCausePareto([complaint("none")])).toEqual([])
  })

  it("CMP-9 the avoidable share is avoidable complaints of those with a root cause", () => {
    expect(Reports.summary(causes, NOW).avoidable).toEqual({
      withRootCause: 5,
      avoidable: 4,
      share: 0.8,
    })
    expect(Reports.summary([complaint("none", { avoidable: true })], NOW).avoidable).toEqual({
      withRootCause: 0,
      avoidable: 0,
      share: null,
    })
  })
})

describe("Reports: first-contact resolution and repeats (CMP-10)", () => {
  const order = (customer: string, id: string, fields: Fields = {}) =>
    complaint(id, {
      customerId: customer,
      problemKey: `product:order:${customer}`,
      category: "product",
      ...fields,
    })
  const book = [
    // resolved, closed, never repeated: resolved first time
    order("u1", "f1", { state: "closed", resolution: resolution() }),
    // another customer's complaint naming f1 is not a repeat of f1's problem
    order("u9", "x1", { repeatOf: "f1", whyNotResolved: "Mislinked" }),
    // resolved, but the customer came back three days later
    order("u2", "f2", { state: "resolved" }),
    order("u2", "r2", {
      repeatOf: "f2",
      whyNotResolved: "Refund not sent",
      receivedAt: T0 + 3 * DAY,
    }),
    // resolved (a resolution recorded) but reopened: two SLA cycles
    order("u3", "f3", {
      state: "followedUp",
      resolution: resolution(),
      sla: sla([hit("resolution", T0)], [hit("resolution", T0 + DAY)]),
    }),
    // not resolved
    order("u4", "f4", { state: "inProgress" }),
    // resolved; the repeat came 40 days later
    order("u5", "f5", { state: "resolved" }),
    order("u5", "r5", { repeatOf: "f5", whyNotResolved: "Broke again", receivedAt: T0 + 40 * DAY }),
  ]

  it("CMP-10 first-contact resolution: resolved, not reopened and not repeated within the window", () => {
    expect(Reports.firstContactResolution(book, { windowDays: 30 })).toEqual({
      firstContacts: 5,
      resolvedFirstTime: 2,
      rate: 0.4,
    })
    expect(Reports.firstContactResolution(book, { windowDays: 60 })).toEqual({
      firstContacts: 5,
      resolvedFirstTime: 1,
      rate: 0.2,
    })
    expect(Reports.firstContactResolution([], { windowDays: 30 })).toEqual({
      firstContacts: 0,
      resolvedFirstTime: 0,
      rate: null,
    })
  })

  it("CMP-10 the repeat rate is complaints with repeatOf of all complaints", () => {
    expect(Reports.repeatContactRate(book)).toEqual({ complaints: 8, repeats: 3, rate: 3 / 8 })
    expect(Reports.repeatContactRate([])).toEqual({ complaints: 0, repeats: 0, rate: null })
  })
})

describe("Reports: systemic and isolated issues (CMP-12)", () => {
  const book = [
    ...Array.from({ length: 6 }, (_, i) => complaint(`late-${i}`, { rootCause: "late-delivery" })),
    complaint("size-1", { rootCause: "wrong-size" }),
    complaint("size-2", { rootCause: "wrong-size" }),
    complaint("unknown"),
  ]

  it("CMP-12 a root cause above the rate threshold is systemic, below it isolated", () => {
    expect(right(Reports.issues(book, 1000))).toEqual([
      { key: "late-delivery", count: 6, ratePerThousand: 6, scope: "systemic" },
      { key: "wrong-size", count: 2, ratePerThousand: 2, scope: "isolated" },
    ])
    expect(
      right(Reports.issues(book, 1000, { version: 2, threshold: 1, minimumCount: 2 })).map(
        (row) => row.scope,
      ),
    ).toEqual(["systemic", "systemic"])
  })

  it("CMP-12 a volume that is not positive or an invalid policy is a ValidationError naming it", () => {
    const volume = left(Reports.issues(book, 0))
    expect(volume._tag).toBe("ValidationError")
    expect(volume.issues.map((issue) => issue.path)).toEqual([["volume"]])
    expect(volume.issues[0]?.message).toContain("CMP-12")
    const policy = left(Reports.issues(book, 1000, { version: 1, threshold: -1, minimumCount: 3 }))
    expect(policy._tag).toBe("ValidationError")
    expect(policy.issues.map((issue) => issue.path)).toEqual([["policy", "threshold"]])
  })
})

describe("Reports: summary (CMP-6)", () => {
  const eur = (amount: number) => ({ amount, currency: "EUR" })
  const book = [
    complaint("s1", { state: "received" }),
    complaint("s2", { state: "inProgress", sla: sla([openBreached("firstResponse", T0)]) }),
    complaint("s3", {
      state: "waitingOnCustomer",
      sla: sla([paused("resolution", T0), atRisk("periodicUpdate")]),
    }),
    complaint("s4", {
      state: "resolved",
      resolution: resolution([
        { kind: "voucher", value: eur(1500) },
        { kind: "cashCoupon", value: eur(250) },
        { kind: "discountCard", discountPercent: 10 },
      ]),
    }),
    complaint("s5", {
      state: "followedUp",
      resolution: resolution([{ kind: "return", value: { amount: 1000, currency: "USD" } }]),
      followUp: followUp("agent-9", 4),
    }),
    complaint("s6", {
      state: "closed",
      handlers: ["agent-1", "agent-2"],
      resolution: resolution([{ kind: "voucher", value: eur(500) }]),
      followUp: followUp("agent-2", 2),
    }),
    complaint("s7", {
      state: "closed",
      resolution: resolution(),
      followUp: followUp("agent-8"),
      sla: sla([openBreached("followUp", T0)]),
    }),
  ]

  it("CMP-6 the summary counts every state, open complaints, breaches and risks at now", () => {
    const report = Reports.summary(book, NOW)
    expect(report.total).toBe(7)
    expect(report.open).toBe(5)
    expect(report.byState).toEqual({
      received: 1,
      acknowledged: 0,
      routed: 0,
      assigned: 0,
      inProgress: 1,
      waitingOnCustomer: 1,
      resolved: 1,
      followedUp: 1,
      closed: 2,
    })
    expect(Object.keys(report.byState).sort()).toEqual([...Lifecycle.State.literals].sort())
    expect(report.inBreach).toBe(1)
    expect(report.atRisk).toBe(1)
  })

  it("CMP-6 the summary totals compensation exactly per currency and reports the follow-ups (CMP-7, CMP-11)", () => {
    const report = Reports.summary(book, NOW)
    expect(right(report.compensation)).toEqual([Money.make(2250, "EUR"), Money.make(1000, "USD")])
    expect(report.satisfaction).toBe(3)
    expect(report.satisfactionAnswers).toBe(2)
    expect(report.followUps).toBe(3)
    // s6 was followed up by one of its own handlers: CMP-11 not kept there
    expect(report.followUpsByOther).toBe(2)
    expect(Complaint.compensationValues(book[3] as Complaint.Complaint)).toHaveLength(2)
  })

  it("CMP-6 the summary of no complaints is all zeros, with no averages", () => {
    const report = Reports.summary([], NOW)
    expect(report).toMatchObject({
      total: 0,
      open: 0,
      inBreach: 0,
      atRisk: 0,
      avoidable: { withRootCause: 0, avoidable: 0, share: null },
      satisfaction: null,
      satisfactionAnswers: 0,
      followUps: 0,
      followUpsByOther: 0,
    })
    expect(Object.values(report.byState).every((count) => count === 0)).toBe(true)
    expect(right(report.compensation)).toEqual([])
  })
})
