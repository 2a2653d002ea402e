import { BusinessTime, WorkingCalendar } from "@clientele/calendar"
import { Errors } from "@clientele/core"
import * as FastCheck from "effect/FastCheck"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import { describe, expect, it } from "vitest"
import { type Handling, Sla } from "../src/index.js"
import { calendar, settings } from "./fixtures.js"
import {
  at,
  DAY,
  decide,
  HOUR,
  iso,
  MINUTE,
  receive,
  refuse,
  resolution,
  right,
  run,
  settle,
  takeUp,
  target,
  waitBetween,
} from "./sla-support.js"

// The SLA edge cases of the reference (section (c), items 23–38) and the rules
// CMP-3, CMP-4 and CMP-11, proven through the pure decisions `Handling.receive` and
// `Handling.decide` on the fixtures' New York Mon–Fri 09:00–17:00 calendar with the
// default settings (standard policy: first response 30 min, resolution 16 h,
// periodic update 8 h, follow-up 16 h, all business time). June 2024 is EDT
// (−04:00); 3 June is a Monday. Every refusal also checks the complaint given was
// left unchanged (`refuse`).

const monday = (time: string) => at(`2024-06-03T${time}:00-04:00`)
const tuesday = (time: string) => at(`2024-06-04T${time}:00-04:00`)
const wednesday = (time: string) => at(`2024-06-05T${time}:00-04:00`)

/** Settings whose SLA policies are `policies` on the fixture calendar. */
const withPolicies = (policies: ReadonlyArray<unknown>): Handling.Settings => ({
  ...settings,
  sla: Schema.decodeUnknownSync(Sla.PolicySet)({
    version: 2,
    calendar: Schema.encodeSync(WorkingCalendar.WorkingCalendar)(calendar),
    policies,
  }),
})

const urgentOnly = withPolicies([
  {
    id: "urgent-only",
    match: { priorities: ["urgent"] },
    targets: {
      firstResponse: { durationMs: 15 * MINUTE },
      resolution: { durationMs: 4 * HOUR, pausesWhileWaiting: true },
    },
  },
])

/** A complaint received Monday 09:00 and taken up at once, in progress. */
const inProgressFromMonday = () => takeUp(receive(monday("09:00")).complaint, monday("09:00"))

const recomputed = (clock: Sla.TargetClock) =>
  Option.getOrNull(right(Sla.recomputeDue(clock, calendar)))

const eventsOf = (
  events: ReadonlyArray<Sla.Event>,
  kind: Sla.TargetKind,
): ReadonlyArray<Sla.Event> => events.filter((event) => event.target === kind)

describe("CMP-3 first response", () => {
  it("CMP-3 an acknowledgment that neither solves on the spot nor commits a resolution time is refused", () => {
    const received = receive(monday("09:00")).complaint
    const error = refuse(received, { _tag: "acknowledge", by: "s-agent" }, monday("09:10"))
    expect(error._tag).toBe("PolicyViolationError")
    if (error._tag === "PolicyViolationError") expect(error.rule).toBe("CMP-3")
    const onTheSpot = decide(
      received,
      { _tag: "acknowledge", by: "s-agent", onTheSpot: true },
      monday("09:10"),
    ).complaint
    expect(onTheSpot.state).toBe("acknowledged")
    expect(target(onTheSpot, "firstResponse").outcome).toBe("hit")
    expect(target(onTheSpot, "resolution").dueAt).toBe(target(received, "resolution").dueAt)
  })

  it("CMP-3 a committed time within the policy's resolution bound sets the resolution deadline to it", () => {
    const received = receive(monday("09:00")).complaint
    const committed = tuesday("12:00")
    const decision = decide(
      received,
      { _tag: "acknowledge", by: "s-agent", committedResolutionAt: committed },
      monday("09:10"),
    )
    const resolutionClock = target(decision.complaint, "resolution")
    expect(iso(resolutionClock.dueAt)).toBe(iso(committed))
    // 10 min consumed + 7 h 50 on Monday + 3 h on Tuesday
    expect(resolutionClock.durationMs).toBe(11 * HOUR)
    expect(resolutionClock.dueAt).toBe(recomputed(resolutionClock))
    expect(decision.complaint.committedResolutionAt).toBe(committed)
    expect(target(decision.complaint, "firstResponse").outcome).toBe("hit")
    // exactly the bound (16 h from receipt) is allowed
    const atBound = decide(
      received,
      { _tag: "acknowledge", by: "s-agent", committedResolutionAt: tuesday("17:00") },
      monday("09:10"),
    ).complaint
    expect(iso(target(atBound, "resolution").dueAt)).toBe(iso(tuesday("17:00")))
    // a later `commit` moves the promise again
    const recommitted = decide(
      decision.complaint,
      { _tag: "commit", by: "s-agent", committedResolutionAt: tuesday("10:00") },
      monday("14:00"),
    )
    expect(iso(target(recommitted.complaint, "resolution").dueAt)).toBe(iso(tuesday("10:00")))
    expect(recommitted.entries[0]?.data).toEqual({ committedResolutionAt: tuesday("10:00") })
  })

  it("CMP-3 a committed time beyond the policy's resolution bound is refused", () => {
    const received = receive(monday("09:00")).complaint
    for (const committed of [
      wednesday("09:00") + 1,
      wednesday("10:00"),
      at("2024-06-20T10:00:00-04:00"),
    ]) {
      const error = refuse(
        received,
        { _tag: "acknowledge", by: "s-agent", committedResolutionAt: committed },
        monday("09:10"),
      )
      expect(error._tag).toBe("PolicyViolationError")
      if (error._tag === "PolicyViolationError") expect(error.rule).toBe("CMP-3")
    }
    const acknowledged = decide(
      received,
      { _tag: "acknowledge", by: "s-agent", committedResolutionAt: tuesday("12:00") },
      monday("09:10"),
    ).complaint
    const error = refuse(
      acknowledged,
      { _tag: "commit", by: "s-agent", committedResolutionAt: wednesday("12:00") },
      monday("10:00"),
    )
    expect(error._tag).toBe("PolicyViolationError")
  })

  it("CMP-3 a committed time in the past (or now) is refused as invalid input", () => {
    const received = receive(monday("09:00")).complaint
    for (const committed of [monday("09:05"), monday("09:10")]) {
      const error = refuse(
        received,
        { _tag: "acknowledge", by: "s-agent", committedResolutionAt: committed },
        monday("09:10"),
      )
      expect(error._tag).toBe("ValidationError")
      if (error._tag === "ValidationError")
        expect(error.issues.map((issue) => issue.path)).toEqual([["committedResolutionAt"]])
    }
  })
})

describe("CMP-4 deadlines in business time", () => {
  it("CMP-4 deadlines are counted on the calendar across a weekend and the spring DST change", () => {
    const complaint = receive(at("2024-03-08T16:50:00-05:00")).complaint
    expect(complaint.sla.policyId).toBe("standard")
    expect(complaint.sla.policyVersion).toBe(1)
    expect(complaint.sla.calendarRevision).toBe(calendar.revision)
    expect(iso(target(complaint, "firstResponse").dueAt)).toBe(iso(at("2024-03-11T09:20:00-04:00")))
    expect(iso(target(complaint, "resolution").dueAt)).toBe(iso(at("2024-03-12T16:50:00-04:00")))
    // 24 of the 30 minutes: 10 on Friday, 14 on Monday
    expect(iso(complaint.slaNextCheckAt)).toBe(iso(at("2024-03-11T09:14:00-04:00")))
  })

  it("CMP-4 deadlines are counted on the calendar across a weekend and the fall DST change", () => {
    const complaint = receive(at("2024-11-01T16:50:00-04:00")).complaint
    expect(iso(target(complaint, "firstResponse").dueAt)).toBe(iso(at("2024-11-04T09:20:00-05:00")))
    expect(iso(target(complaint, "resolution").dueAt)).toBe(iso(at("2024-11-05T16:50:00-05:00")))
  })

  it("CMP-4 calendar-clock targets ignore working hours (and count real time over DST)", () => {
    const roundTheClock = withPolicies([
      {
        id: "24h",
        match: {},
        targets: {
          firstResponse: { durationMs: 3 * HOUR, clock: "calendar" },
          resolution: { durationMs: 48 * HOUR, clock: "calendar", pausesWhileWaiting: true },
        },
      },
    ])
    const complaint = receive(at("2024-03-09T23:30:00-05:00"), {
      settings: roundTheClock,
    }).complaint
    expect(iso(target(complaint, "firstResponse").dueAt)).toBe(iso(at("2024-03-10T03:30:00-04:00")))
    expect(iso(target(complaint, "resolution").dueAt)).toBe(iso(at("2024-03-12T00:30:00-04:00")))
  })

  it("CMP-4 a target is at risk at 80 % consumed: the at-risk event is owed once, then settled", () => {
    const complaint = inProgressFromMonday()
    const resolutionClock = target(complaint, "resolution")
    expect(iso(resolutionClock.atRiskAt)).toBe(iso(tuesday("13:48")))
    expect(Sla.status(resolutionClock, tuesday("13:47"))).toBe("running")
    expect(Sla.status(resolutionClock, tuesday("13:48"))).toBe("atRisk")
    const before = settle(complaint, tuesday("13:48") - 1)
    expect(eventsOf(before.events, "resolution")).toEqual([])
    const first = settle(before.complaint, tuesday("13:48"))
    expect(eventsOf(first.events, "resolution")).toEqual([
      {
        kind: "atRisk",
        target: "resolution",
        cycle: 1,
        round: 1,
        at: tuesday("13:48"),
        dueAt: tuesday("17:00"),
      },
    ])
    const again = settle(first.complaint, tuesday("16:00"))
    expect(again.events).toEqual([])
    expect(again.complaint.slaNextCheckAt).toBe(tuesday("17:00") + 1)
  })

  it("CMP-4 a target found already breached owes only its breach", () => {
    const complaint = receive(monday("09:00")).complaint
    const { events, complaint: settled } = settle(complaint, wednesday("10:00"))
    expect(events).toEqual([
      {
        kind: "breached",
        target: "firstResponse",
        cycle: 1,
        round: 1,
        at: monday("09:30") + 1,
        dueAt: monday("09:30"),
      },
      {
        kind: "breached",
        target: "resolution",
        cycle: 1,
        round: 1,
        at: tuesday("17:00") + 1,
        dueAt: tuesday("17:00"),
      },
    ])
    expect(settle(settled, wednesday("11:00")).events).toEqual([])
    expect(settled.slaNextCheckAt).toBeNull()
  })
})

describe("SLA edge cases: pause and resume (23–28)", () => {
  it("SLA-23 waiting on the customer inside one business interval moves the deadlines by the time waited", () => {
    const complaint = waitBetween(inProgressFromMonday(), monday("11:00"), monday("14:00"))
    expect(complaint.state).toBe("inProgress")
    expect(iso(target(complaint, "resolution").dueAt)).toBe(iso(wednesday("12:00")))
    // the periodic update (8 h from the acknowledgment at 09:00) also waited 3 h
    expect(iso(target(complaint, "periodicUpdate").dueAt)).toBe(iso(tuesday("12:00")))
    expect(target(complaint, "firstResponse").outcome).toBe("hit")
    expect(target(complaint, "resolution").dueAt).toBe(recomputed(target(complaint, "resolution")))
  })

  it("SLA-23 SLA-24 waiting overnight shifts by the business time only (16:00 → 09:00 = 1 h); the reply comes exactly at opening", () => {
    const complaint = waitBetween(inProgressFromMonday(), monday("16:00"), tuesday("09:00"))
    expect(right(BusinessTime.elapsed(calendar, monday("16:00"), tuesday("09:00")))).toBe(HOUR)
    expect(iso(target(complaint, "resolution").dueAt)).toBe(iso(wednesday("10:00")))
    expect(target(complaint, "resolution").runningSince).toBe(tuesday("09:00"))
  })

  it("SLA-23 waiting over a weekend shifts by the Friday afternoon only", () => {
    const friday = at("2024-06-07T09:00:00-04:00")
    const received = receive(friday).complaint
    expect(iso(target(received, "resolution").dueAt)).toBe(iso(at("2024-06-10T17:00:00-04:00")))
    const complaint = waitBetween(
      takeUp(received, friday),
      at("2024-06-07T16:00:00-04:00"),
      at("2024-06-10T09:00:00-04:00"),
    )
    expect(iso(target(complaint, "resolution").dueAt)).toBe(iso(at("2024-06-11T10:00:00-04:00")))
  })

  it("SLA-23 several waits on one day add up", () => {
    let complaint = inProgressFromMonday()
    for (const [from, to] of [
      ["10:00", "11:00"],
      ["13:00", "14:00"],
      ["15:00", "15:30"],
    ] as const)
      complaint = waitBetween(complaint, monday(from), monday(to))
    const resolutionClock = target(complaint, "resolution")
    expect(iso(resolutionClock.dueAt)).toBe(iso(wednesday("11:30")))
    expect(resolutionClock.pauses).toHaveLength(3)
    expect(resolutionClock.dueAt).toBe(recomputed(resolutionClock))
  })

  it("SLA-23 a wait covering a holiday shifts by the business time around it", () => {
    const eve = at("2024-12-24T09:00:00-05:00")
    const received = receive(eve).complaint
    expect(iso(target(received, "resolution").dueAt)).toBe(iso(at("2024-12-26T17:00:00-05:00")))
    const complaint = waitBetween(
      takeUp(received, eve),
      at("2024-12-24T16:00:00-05:00"),
      at("2024-12-26T09:00:00-05:00"),
    )
    expect(iso(target(complaint, "resolution").dueAt)).toBe(iso(at("2024-12-27T10:00:00-05:00")))
  })

  it("SLA-24 a wait before the resolution clock consumed anything leaves its deadline when the reply comes at opening time", () => {
    const saturday = at("2024-06-08T10:00:00-04:00")
    const received = receive(saturday).complaint
    const due = target(received, "resolution").dueAt
    expect(iso(due)).toBe(iso(at("2024-06-11T17:00:00-04:00")))
    const waiting = decide(
      takeUp(received, at("2024-06-08T10:30:00-04:00")),
      { _tag: "waitOnCustomer", by: "s-kim" },
      at("2024-06-08T11:00:00-04:00"),
    ).complaint
    expect(target(waiting, "resolution").consumedMs).toBe(0)
    expect(target(waiting, "resolution").dueAt).toBeNull()
    const replied = decide(
      waiting,
      { _tag: "customerReplied" },
      at("2024-06-10T09:00:00-04:00"),
    ).complaint
    expect(target(replied, "resolution").dueAt).toBe(due)
  })

  it("SLA-24 a wait beginning exactly at the deadline keeps it: resolving during the wait is missed, the breach owed at dueAt + 1", () => {
    const due = tuesday("17:00")
    const waiting = decide(
      inProgressFromMonday(),
      { _tag: "waitOnCustomer", by: "s-kim" },
      due,
    ).complaint
    const clock = target(waiting, "resolution")
    expect(clock.dueAt).toBe(due)
    expect(clock.runningSince).toBeNull()
    expect(Sla.status(clock, due)).toBe("paused")
    expect(Sla.status(clock, due + 1)).toBe("breached")
    expect(eventsOf(settle(waiting, due).events, "resolution").map((e) => e.kind)).toEqual([
      "atRisk",
    ])
    expect(eventsOf(settle(waiting, due + 1).events, "resolution")).toEqual([
      { kind: "breached", target: "resolution", cycle: 1, round: 1, at: due + 1, dueAt: due },
    ])
    const resolved = decide(waiting, resolution, wednesday("10:00")).complaint
    expect(target(resolved, "resolution").outcome).toBe("missed")
  })

  it("SLA-24 a wait after the breach stays breached and the reply does not move the deadline", () => {
    const due = tuesday("17:00")
    const waiting = decide(
      inProgressFromMonday(),
      { _tag: "waitOnCustomer", by: "s-kim" },
      wednesday("10:00"),
    ).complaint
    const clock = target(waiting, "resolution")
    expect(clock.breachedAt).toBe(due)
    expect(clock.dueAt).toBe(due)
    expect(Sla.status(clock, wednesday("11:00"))).toBe("breached")
    const replied = decide(
      waiting,
      { _tag: "customerReplied" },
      at("2024-06-06T09:00:00-04:00"),
    ).complaint
    expect(target(replied, "resolution").dueAt).toBe(due)
    expect(Sla.status(target(replied, "resolution"), at("2024-06-06T09:00:00-04:00"))).toBe(
      "breached",
    )
    const resolved = decide(replied, resolution, at("2024-06-06T10:00:00-04:00")).complaint
    expect(target(resolved, "resolution").outcome).toBe("missed")
  })

  it("SLA-25 a wait that never ends: no deadline, nothing to check, status paused, nothing ever owed", () => {
    const waiting = decide(
      inProgressFromMonday(),
      { _tag: "waitOnCustomer", by: "s-kim" },
      monday("11:00"),
    ).complaint
    const farAway = at("2025-06-03T11:00:00-04:00")
    for (const kind of ["resolution", "periodicUpdate"] as const) {
      const clock = target(waiting, kind)
      expect(clock.dueAt).toBeNull()
      expect(right(Sla.recomputeDue(clock, calendar))).toEqual(Option.none())
      expect(Sla.nextCheckAt(clock)).toBeNull()
      expect(Sla.status(clock, farAway)).toBe("paused")
    }
    expect(waiting.slaNextCheckAt).toBeNull()
    const swept = settle(waiting, farAway)
    expect(swept.events).toEqual([])
    expect(swept.complaint.slaNextCheckAt).toBeNull()
    // the report of a resolution a year later: 2 h consumed of 16 h, a hit
    const resolved = decide(waiting, resolution, farAway).complaint
    expect(target(resolved, "resolution").outcome).toBe("hit")
    expect(target(resolved, "resolution").consumedMs).toBe(2 * HOUR)
  })

  it("SLA-26 waiting on the customer pauses the resolution and the periodic update, never the first response", () => {
    // After a reopening, cycle 2's first response is running when the agent waits on the customer.
    const resolvedOnTheSpot = run(receive(monday("09:00")).complaint, [
      [{ _tag: "acknowledge", by: "s-agent", onTheSpot: true }, monday("09:05")],
      [{ ...resolution, by: "s-agent" }, monday("09:10")],
    ])
    const reopened = decide(
      resolvedOnTheSpot,
      { _tag: "reopen", by: "customer", reason: "The till queue is as long as before" },
      monday("10:00"),
    ).complaint
    // Asking the customer is itself a response: it completes the first response, which never pauses.
    const waiting = decide(
      reopened,
      { _tag: "waitOnCustomer", by: "s-agent" },
      monday("10:20"),
    ).complaint
    const firstResponse = target(waiting, "firstResponse")
    expect(firstResponse.pauses).toEqual([])
    expect(firstResponse.completedAt).toBe(monday("10:20"))
    expect(firstResponse.outcome).toBe("hit")
    const resolutionTarget = target(waiting, "resolution")
    expect(resolutionTarget.runningSince).toBeNull()
    expect(resolutionTarget.dueAt).toBeNull()
    expect(resolutionTarget.pauses).toEqual([{ start: monday("10:20") }])
    // An update sent before the wait completes the first response too, and its round pauses.
    const updatedThenWaiting = run(reopened, [
      [{ _tag: "update", by: "s-agent", message: "Looking into it again" }, monday("10:15")],
      [{ _tag: "waitOnCustomer", by: "s-agent" }, monday("10:20")],
    ])
    expect(target(updatedThenWaiting, "firstResponse").completedAt).toBe(monday("10:15"))
    for (const kind of ["resolution", "periodicUpdate"] as const) {
      expect(target(updatedThenWaiting, kind).runningSince).toBeNull()
      expect(target(updatedThenWaiting, kind).dueAt).toBeNull()
      expect(target(updatedThenWaiting, kind).pauses).toEqual([{ start: monday("10:20") }])
    }
    expect(updatedThenWaiting.slaNextCheckAt).toBeNull()
  })

  it("SLA-26 an update sent while waiting on the customer starts the next periodic-update round paused", () => {
    const waiting = decide(
      inProgressFromMonday(),
      { _tag: "waitOnCustomer", by: "s-kim" },
      monday("11:00"),
    ).complaint
    const updated = decide(
      waiting,
      { _tag: "update", by: "s-kim", message: "Still waiting for your receipt" },
      monday("12:00"),
    ).complaint
    expect(updated.state).toBe("waitingOnCustomer")
    expect(target(updated, "periodicUpdate", { round: 1 }).outcome).toBe("hit")
    const round2 = target(updated, "periodicUpdate", { round: 2 })
    expect(round2.startedAt).toBe(monday("12:00"))
    expect(round2.runningSince).toBeNull()
    expect(round2.dueAt).toBeNull()
  })

  it("SLA-26 a policy set whose first response or follow-up pauses while waiting is refused, naming the path", () => {
    for (const kind of ["firstResponse", "followUp"] as const) {
      const result = Errors.decodeEither(Sla.PolicySet)({
        version: 1,
        calendar: Schema.encodeSync(WorkingCalendar.WorkingCalendar)(calendar),
        policies: [
          { id: "ok", match: { priorities: ["urgent"] }, targets: {} },
          {
            id: "pausing",
            match: {},
            targets: { [kind]: { durationMs: HOUR, pausesWhileWaiting: true } },
          },
        ],
      })
      expect(result._tag).toBe("Left")
      if (result._tag === "Left") {
        expect(result.left._tag).toBe("ValidationError")
        expect(result.left.issues.map((issue) => issue.path)).toEqual([
          ["policies", 1, "targets", kind, "pausesWhileWaiting"],
        ])
        expect(result.left.message).toContain("CMP-4")
      }
    }
  })

  it("SLA-27 the customer's reply resumes the paused targets and is recorded with actor customer", () => {
    const waiting = decide(
      inProgressFromMonday(),
      { _tag: "waitOnCustomer", by: "s-kim", note: "Asked for the receipt" },
      monday("11:00"),
    ).complaint
    expect(waiting.state).toBe("waitingOnCustomer")
    const decision = decide(
      waiting,
      { _tag: "customerReplied", note: "Receipt attached" },
      monday("14:00"),
    )
    expect(decision.complaint.state).toBe("inProgress")
    expect(decision.entries).toEqual([
      {
        complaintId: waiting.id,
        seq: waiting.historyLength + 1,
        at: monday("14:00"),
        actor: "customer",
        step: "customerReplied",
        from: "waitingOnCustomer",
        to: "inProgress",
        note: "Receipt attached",
      },
    ])
    expect(decision.complaint.historyLength).toBe(waiting.historyLength + 1)
    for (const kind of ["resolution", "periodicUpdate"] as const) {
      expect(target(decision.complaint, kind).runningSince).toBe(monday("14:00"))
      expect(target(decision.complaint, kind).pauses).toEqual([
        { start: monday("11:00"), end: monday("14:00") },
      ])
    }
    expect(decision.complaint.slaNextCheckAt).not.toBeNull()
    // a reply while nobody waits for one is refused, and nothing changes
    const error = refuse(decision.complaint, { _tag: "customerReplied" }, monday("15:00"))
    expect(error._tag).toBe("InvalidTransitionError")
  })

  it("SLA-28 PROPERTY: through the decisions, the carried-over deadlines equal those recomputed from the waits", () => {
    const waits = FastCheck.array(
      FastCheck.record({
        gap: FastCheck.integer({ min: 0, max: 30 * HOUR }),
        length: FastCheck.integer({ min: 0, max: 60 * HOUR }),
      }),
      { maxLength: 5 },
    )
    FastCheck.assert(
      FastCheck.property(
        FastCheck.integer({ min: at("2024-01-01T00:00:00Z"), max: at("2024-12-20T00:00:00Z") }),
        waits,
        FastCheck.boolean(),
        (receivedAt, gaps, lastOpen) => {
          let complaint = takeUp(receive(receivedAt).complaint, receivedAt)
          let cursor = receivedAt
          gaps.forEach(({ gap, length }, i) => {
            cursor += gap
            complaint = decide(complaint, { _tag: "waitOnCustomer", by: "s-kim" }, cursor).complaint
            if (lastOpen && i === gaps.length - 1) return
            cursor += length
            complaint = decide(complaint, { _tag: "customerReplied" }, cursor).complaint
          })
          for (const kind of ["resolution", "periodicUpdate"] as const) {
            const clock = target(complaint, kind)
            expect(clock.dueAt).toBe(recomputed(clock))
            if (clock.dueAt !== null) expect(clock.dueAt).toBeGreaterThanOrEqual(clock.startedAt)
          }
          const checks = complaint.sla.cycles
            .flatMap((cycle) => cycle.targets)
            .flatMap((clock) => {
              const next = Sla.nextCheckAt(clock)
              return next === null ? [] : [next]
            })
          expect(complaint.slaNextCheckAt).toBe(checks.length === 0 ? null : Math.min(...checks))
        },
      ),
      { numRuns: 60 },
    )
  })
})

describe("SLA edge cases: reopen, cycles, policy changes (29–35)", () => {
  /** Resolved Monday noon, followed up and closed on Tuesday morning. */
  const closedComplaint = () =>
    run(inProgressFromMonday(), [
      [resolution, monday("12:00")],
      [
        { _tag: "followUp", by: "s-ops", reached: true, solved: true, satisfaction: 4 },
        tuesday("10:00"),
      ],
      [{ _tag: "close", by: "s-ops" }, tuesday("10:05")],
    ])

  it("SLA-29 a reopening opens cycle 2 with fresh first-response and resolution targets; cycle 1 keeps its outcomes", () => {
    const closed = closedComplaint()
    expect(closed.state).toBe("closed")
    const reopenedAt = wednesday("10:00")
    const decision = decide(
      closed,
      { _tag: "reopen", by: "customer", reason: "The coupon was refused at the till" },
      reopenedAt,
    )
    const reopened = decision.complaint
    expect(reopened.state).toBe("inProgress")
    expect(reopened.sla.cycles.map((cycle) => cycle.number)).toEqual([1, 2])
    const cycle2 = reopened.sla.cycles[1]
    expect(cycle2?.startedAt).toBe(reopenedAt)
    expect(cycle2?.targets.map((clock) => clock.kind)).toEqual(["firstResponse", "resolution"])
    for (const clock of cycle2?.targets ?? []) {
      expect(clock.startedAt).toBe(reopenedAt)
      expect(clock.consumedMs).toBe(0)
      expect(clock.round).toBe(1)
      expect(clock.notified).toEqual({ atRisk: false, breached: false })
      expect(clock.outcome).toBeUndefined()
    }
    expect(iso(target(reopened, "firstResponse").dueAt)).toBe(iso(wednesday("10:30")))
    expect(iso(target(reopened, "resolution").dueAt)).toBe(iso(at("2024-06-07T10:00:00-04:00")))
    expect(reopened.sla.cycles[0]).toEqual(closed.sla.cycles[0])
    expect(reopened.sla.cycles[0]?.targets.map((clock) => [clock.kind, clock.outcome])).toEqual([
      ["firstResponse", "hit"],
      ["resolution", "hit"],
      ["periodicUpdate", "hit"],
      ["followUp", "hit"],
    ])
    expect(reopened.closedAt).toBeUndefined()
    expect(reopened.resolution).toBeUndefined()
    expect(reopened.followUp).toBeUndefined()
    expect(
      decision.entries.map((entry) => [entry.step, entry.actor, entry.from, entry.to]),
    ).toEqual([["reopen", "customer", "closed", "inProgress"]])
    expect(reopened.slaNextCheckAt).toBe(target(reopened, "firstResponse").atRiskAt)
  })

  it("SLA-29 a complaint closed longer than the reopen window is not reopened: a new complaint is filed", () => {
    const closed = closedComplaint()
    const closedAt = closed.closedAt ?? 0
    expect(closedAt).toBe(tuesday("10:05"))
    const window = settings.reopenWindowDays * DAY
    const error = refuse(
      closed,
      { _tag: "reopen", by: "customer", reason: "Again" },
      closedAt + window + 1,
    )
    expect(error._tag).toBe("PolicyViolationError")
    if (error._tag === "PolicyViolationError") {
      expect(error.rule).toBe("CMP-10")
      expect(error.message).toContain("file a new complaint")
    }
    const lastDay = decide(
      closed,
      { _tag: "reopen", by: "customer", reason: "Again" },
      closedAt + window,
    )
    expect(lastDay.complaint.sla.cycles).toHaveLength(2)
    // the new complaint is linked as a repeat of the old one
    const repeat = receive(closedAt + window + 1, { repeatOf: closed.id }).complaint
    expect(repeat.repeatOf).toBe(closed.id)
    expect(repeat.sla.cycles).toHaveLength(1)
  })

  it("SLA-30 a priority change mid-cycle applies the new duration; consumed and paused time carry over", () => {
    const waited = waitBetween(inProgressFromMonday(), monday("10:00"), monday("11:00"))
    const change = monday("11:30")
    const decision = decide(
      waited,
      { _tag: "changePriority", by: "s-kim", priority: "urgent" },
      change,
    )
    const changed = decision.complaint
    expect(changed.priority).toBe("urgent")
    expect(changed.sla.policyId).toBe("urgent")
    expect(decision.entries[0]?.data).toEqual({ from: "normal", to: "urgent" })
    const resolutionClock = target(changed, "resolution")
    expect(resolutionClock.durationMs).toBe(4 * HOUR)
    expect(resolutionClock.consumedMs).toBe(1.5 * HOUR)
    expect(resolutionClock.pauses).toEqual([{ start: monday("10:00"), end: monday("11:00") }])
    expect(iso(resolutionClock.dueAt)).toBe(iso(monday("14:00")))
    expect(resolutionClock.dueAt).toBe(recomputed(resolutionClock))
    // the completed first response keeps its 30-minute target and outcome
    expect(target(changed, "firstResponse")).toEqual(target(waited, "firstResponse"))
  })

  it("SLA-30 a priority change shortening a target below its consumed time makes it due at once, the breach owed right after", () => {
    const waited = waitBetween(inProgressFromMonday(), monday("10:00"), monday("11:00"))
    const change = monday("11:30")
    const changed = decide(
      waited,
      { _tag: "changePriority", by: "s-kim", priority: "urgent" },
      change,
    ).complaint
    // the periodic update had used 1 h 30 of its 8 h; the urgent policy allows 1 h
    const update = target(changed, "periodicUpdate")
    expect(update.durationMs).toBe(HOUR)
    expect(update.dueAt).toBe(change)
    // at risk at once, breached one millisecond later
    expect(update.atRiskAt).toBe(change)
    expect(changed.slaNextCheckAt).toBe(change)
    expect(
      eventsOf(settle(changed, change).events, "periodicUpdate").map((event) => event.kind),
    ).toEqual(["atRisk"])
    expect(eventsOf(settle(changed, change + 1).events, "periodicUpdate")).toEqual([
      {
        kind: "breached",
        target: "periodicUpdate",
        cycle: 1,
        round: 1,
        at: change + 1,
        dueAt: change,
      },
    ])
  })

  it("SLA-31 no policy matches: no targets and nothing to check; a later priority change starts the targets then", () => {
    const received = receive(monday("09:00"), { settings: urgentOnly }).complaint
    expect(received.sla.policyId).toBeNull()
    expect(received.sla.cycles).toEqual([{ number: 1, startedAt: monday("09:00"), targets: [] }])
    expect(received.slaNextCheckAt).toBeNull()
    expect(settle(received, wednesday("09:00")).events).toEqual([])
    const urgent = decide(
      received,
      { _tag: "changePriority", by: "s-agent", priority: "urgent" },
      monday("10:00"),
      urgentOnly,
    ).complaint
    expect(urgent.sla.policyId).toBe("urgent-only")
    expect(target(urgent, "firstResponse").startedAt).toBe(monday("10:00"))
    expect(iso(target(urgent, "firstResponse").dueAt)).toBe(iso(monday("10:15")))
    expect(target(urgent, "resolution").startedAt).toBe(monday("10:00"))
    expect(iso(target(urgent, "resolution").dueAt)).toBe(iso(monday("14:00")))
    expect(urgent.slaNextCheckAt).toBe(monday("10:12"))
    // once acknowledged, only the resolution target is still to come
    const acknowledged = decide(
      received,
      { _tag: "acknowledge", by: "s-agent", onTheSpot: true },
      monday("09:10"),
      urgentOnly,
    ).complaint
    const later = decide(
      acknowledged,
      { _tag: "changePriority", by: "s-agent", priority: "urgent" },
      monday("10:00"),
      urgentOnly,
    ).complaint
    expect(later.sla.cycles[0]?.targets.map((clock) => clock.kind)).toEqual(["resolution"])
    expect(iso(target(later, "resolution").dueAt)).toBe(iso(monday("14:00")))
  })

  it("SLA-31 targets started by a priority change while waiting on the customer start paused", () => {
    const received = receive(monday("09:00"), { settings: urgentOnly }).complaint
    const waiting = run(
      received,
      [
        [{ _tag: "acknowledge", by: "s-agent", onTheSpot: true }, monday("09:05")],
        [{ _tag: "route", by: "s-agent" }, monday("09:05")],
        [{ _tag: "assign", by: "s-head-store", assignee: "s-kim" }, monday("09:05")],
        [{ _tag: "start", by: "s-kim" }, monday("09:05")],
        [{ _tag: "waitOnCustomer", by: "s-kim" }, monday("10:00")],
      ],
      urgentOnly,
    )
    const urgent = decide(
      waiting,
      { _tag: "changePriority", by: "s-kim", priority: "urgent" },
      monday("10:30"),
      urgentOnly,
    ).complaint
    expect(urgent.state).toBe("waitingOnCustomer")
    const clock = target(urgent, "resolution")
    expect(clock.startedAt).toBe(monday("10:30"))
    expect(clock.runningSince).toBeNull()
    expect(clock.dueAt).toBeNull()
    const replied = decide(
      urgent,
      { _tag: "customerReplied" },
      monday("13:00"),
      urgentOnly,
    ).complaint
    expect(iso(target(replied, "resolution").dueAt)).toBe(iso(monday("17:00")))
  })

  it("SLA-31 ordered policies: when two match, the first one applies", () => {
    const tie = withPolicies([
      {
        id: "first",
        match: { channels: ["hotline"] },
        targets: { firstResponse: { durationMs: 10 * MINUTE } },
      },
      { id: "second", match: {}, targets: { firstResponse: { durationMs: 20 * MINUTE } } },
    ])
    const decision = receive(monday("09:00"), { settings: tie })
    expect(decision.complaint.sla.policyId).toBe("first")
    expect(decision.complaint.sla.policyVersion).toBe(2)
    expect(decision.entries[0]?.data?.slaPolicy).toBe("first")
    expect(iso(target(decision.complaint, "firstResponse").dueAt)).toBe(iso(monday("09:10")))
    const byEmail = receive(monday("09:00"), { settings: tie, intake: { channel: "email" } })
    expect(byEmail.complaint.sla.policyId).toBe("second")
  })

  it("SLA-32 breach idempotency: one breach per target per cycle, and one per periodic-update round", () => {
    const complaint = inProgressFromMonday()
    const firstSweep = settle(complaint, monday("17:00") + 1)
    expect(eventsOf(firstSweep.events, "periodicUpdate")).toEqual([
      {
        kind: "breached",
        target: "periodicUpdate",
        cycle: 1,
        round: 1,
        at: monday("17:00") + 1,
        dueAt: monday("17:00"),
      },
    ])
    const secondSweep = settle(firstSweep.complaint, tuesday("09:30"))
    expect(eventsOf(secondSweep.events, "periodicUpdate")).toEqual([])
    // the update starts round 2, with events of its own
    const updated = decide(
      secondSweep.complaint,
      { _tag: "update", by: "s-kim", message: "Still on it" },
      tuesday("10:00"),
    ).complaint
    expect(target(updated, "periodicUpdate", { round: 1 }).outcome).toBe("missed")
    expect(iso(target(updated, "periodicUpdate", { round: 2 }).dueAt)).toBe(iso(wednesday("10:00")))
    const thirdSweep = settle(updated, wednesday("10:00") + 1)
    expect(
      eventsOf(thirdSweep.events, "periodicUpdate").map((event) => [event.kind, event.round]),
    ).toEqual([["breached", 2]])
    expect(
      eventsOf(settle(thirdSweep.complaint, wednesday("16:00")).events, "periodicUpdate"),
    ).toEqual([])
    // the resolution target breached once in this cycle
    const resolutionBreaches = [firstSweep, secondSweep, thirdSweep]
      .flatMap((sweep) => eventsOf(sweep.events, "resolution"))
      .filter((event) => event.kind === "breached")
    expect(resolutionBreaches).toHaveLength(1)
  })

  it("SLA-33 hit at equality: a first response exactly at its deadline is a hit, one millisecond later a miss", () => {
    const received = receive(monday("09:00")).complaint
    const due = monday("09:30")
    expect(target(received, "firstResponse").dueAt).toBe(due)
    expect(Sla.status(target(received, "firstResponse"), due)).not.toBe("breached")
    expect(Sla.status(target(received, "firstResponse"), due + 1)).toBe("breached")
    const onTime = decide(received, { _tag: "acknowledge", by: "s-agent", onTheSpot: true }, due)
    expect(target(onTime.complaint, "firstResponse").outcome).toBe("hit")
    const late = decide(received, { _tag: "acknowledge", by: "s-agent", onTheSpot: true }, due + 1)
    expect(target(late.complaint, "firstResponse").outcome).toBe("missed")
    expect(target(late.complaint, "firstResponse").breachedAt).toBe(due)
  })

  it("SLA-34 a step dated before the complaint's receipt is refused; the pause history is read in time order", () => {
    const received = receive(monday("09:00")).complaint
    const error = refuse(
      received,
      { _tag: "acknowledge", by: "s-agent", onTheSpot: true },
      monday("09:00") - 1,
    )
    expect(error._tag).toBe("ValidationError")
    if (error._tag === "ValidationError")
      expect(error.issues.map((issue) => issue.path)).toEqual([["at"]])
    expect(
      decide(received, { _tag: "acknowledge", by: "s-agent", onTheSpot: true }, monday("09:00"))
        .complaint.state,
    ).toBe("acknowledged")
    let complaint = inProgressFromMonday()
    for (const [from, to] of [
      [monday("10:00"), monday("11:00")],
      [monday("16:00"), tuesday("10:00")],
      [tuesday("13:00"), tuesday("13:45")],
    ] as const)
      complaint = waitBetween(complaint, from, to)
    const clock = target(complaint, "resolution")
    expect(recomputed({ ...clock, pauses: [...clock.pauses].reverse() })).toBe(clock.dueAt)
    expect(iso(clock.dueAt)).toBe(iso(wednesday("12:45")))
  })

  it("SLA-35 a complaint resolved on the spot at acknowledgment is resolved on first contact", () => {
    const received = receive(monday("09:00")).complaint
    const resolved = run(received, [
      [{ _tag: "acknowledge", by: "s-agent", onTheSpot: true }, monday("09:05")],
      [{ ...resolution, by: "s-agent" }, monday("09:06")],
    ])
    expect(resolved.state).toBe("resolved")
    expect(resolved.resolution?.onFirstContact).toBe(true)
    expect(target(resolved, "firstResponse").outcome).toBe("hit")
    expect(target(resolved, "resolution").outcome).toBe("hit")
    expect(target(resolved, "followUp").startedAt).toBe(monday("09:06"))
    // handled through the departments, it is not
    const handled = decide(inProgressFromMonday(), resolution, monday("12:00")).complaint
    expect(handled.resolution?.onFirstContact).toBe(false)
  })
})

describe("SLA edge cases: complaint-specific (36–38) and CMP-11", () => {
  it("SLA-36 a repeat complaint is linked and cannot be resolved before explaining why the first contact did not resolve it", () => {
    const first = receive(monday("09:00")).complaint
    const decision = receive(tuesday("09:00"), { repeatOf: first.id })
    const repeat = decision.complaint
    expect(repeat.repeatOf).toBe(first.id)
    expect(decision.entries[0]?.data?.repeatOf).toBe(first.id)
    const acknowledged = decide(
      repeat,
      { _tag: "acknowledge", by: "s-agent", onTheSpot: true },
      tuesday("09:05"),
    ).complaint
    const error = refuse(acknowledged, { ...resolution, by: "s-agent" }, tuesday("09:10"))
    expect(error._tag).toBe("PolicyViolationError")
    if (error._tag === "PolicyViolationError") expect(error.rule).toBe("CMP-10")
    const resolved = run(acknowledged, [
      [
        {
          _tag: "explainRepeat",
          by: "s-agent",
          whyNotResolved: "The first agent promised a call back that never came",
        },
        tuesday("09:08"),
      ],
      [{ ...resolution, by: "s-agent" }, tuesday("09:10")],
    ])
    expect(resolved.state).toBe("resolved")
    expect(resolved.whyNotResolved).toBe("The first agent promised a call back that never came")
    expect(resolved.resolution?.onFirstContact).toBe(false)
    // only a repeat complaint carries that note
    const notARepeat = refuse(
      first,
      { _tag: "explainRepeat", by: "s-agent", whyNotResolved: "n/a" },
      monday("09:05"),
    )
    expect(notARepeat._tag).toBe("ValidationError")
    if (notARepeat._tag === "ValidationError")
      expect(notARepeat.issues.map((issue) => issue.path)).toEqual([["whyNotResolved"]])
  })

  /** In progress since Monday 09:00 with s-kim, reassigned to s-lee, resolved by s-lee at 15:00. */
  const reassignedAndResolved = () => {
    const reassigned = decide(
      inProgressFromMonday(),
      { _tag: "assign", by: "s-head-store", assignee: "s-lee" },
      monday("10:00"),
    ).complaint
    expect(reassigned.assignee).toBe("s-lee")
    return decide(reassigned, { ...resolution, by: "s-lee" }, monday("15:00")).complaint
  }

  it("SLA-37 the follow-up is refused to anyone who handled the complaint, even the first assignee after a reassignment (CMP-11)", () => {
    const resolved = reassignedAndResolved()
    expect(resolved.handlers).toEqual(expect.arrayContaining(["s-agent", "s-kim", "s-lee"]))
    for (const handler of ["s-kim", "s-lee", "s-agent"]) {
      const error = refuse(
        resolved,
        { _tag: "followUp", by: handler, reached: true, solved: true },
        tuesday("10:00"),
      )
      expect(error._tag).toBe("PolicyViolationError")
      if (error._tag === "PolicyViolationError") {
        expect(error.rule).toBe("CMP-11")
        expect(error.message).toContain(handler)
      }
    }
  })

  it("CMP-11 a follow-up by someone who never handled the complaint passes and records the customer's opinion", () => {
    const resolved = reassignedAndResolved()
    const decision = decide(
      resolved,
      {
        _tag: "followUp",
        by: "s-ops",
        reached: true,
        solved: true,
        satisfaction: 5,
        opinion: "Fine now",
      },
      tuesday("10:00"),
    )
    expect(decision.complaint.state).toBe("followedUp")
    expect(decision.complaint.followUp).toEqual({
      at: tuesday("10:00"),
      by: "s-ops",
      reached: true,
      solved: true,
      satisfaction: 5,
      opinion: "Fine now",
    })
    expect(decision.entries[0]?.data).toEqual({ solved: true, reached: true })
    expect(target(decision.complaint, "followUp").outcome).toBe("hit")
  })

  it("SLA-37 the follow-up target is due in business time after the resolution (Friday 16:00 + 16 h → Tuesday 16:00)", () => {
    const friday = at("2024-06-07T16:00:00-04:00")
    const resolved = decide(inProgressFromMonday(), resolution, friday).complaint
    const followUp = target(resolved, "followUp")
    expect(followUp.startedAt).toBe(friday)
    expect(followUp.durationMs).toBe(16 * HOUR)
    expect(followUp.pausesWhileWaiting).toBe(false)
    expect(iso(followUp.dueAt)).toBe(iso(at("2024-06-11T16:00:00-04:00")))
    const late = decide(
      resolved,
      { _tag: "followUp", by: "s-ops", reached: true, solved: true },
      at("2024-06-11T16:00:00-04:00") + 1,
    ).complaint
    expect(target(late, "followUp").outcome).toBe("missed")
  })

  it("CMP-11 a complaint cannot close before its follow-up", () => {
    const resolved = decide(inProgressFromMonday(), resolution, monday("12:00")).complaint
    const error = refuse(resolved, { _tag: "close", by: "s-ops" }, tuesday("10:00"))
    expect(error._tag).toBe("InvalidTransitionError")
    if (error._tag === "InvalidTransitionError") {
      expect(error.state).toBe("resolved")
      expect(error.attempted).toBe("close")
    }
    const closed = run(resolved, [
      [{ _tag: "followUp", by: "s-ops", reached: true, solved: true }, tuesday("10:00")],
      [{ _tag: "close", by: "s-ops" }, tuesday("10:05")],
    ])
    expect(closed.state).toBe("closed")
    expect(closed.closedAt).toBe(tuesday("10:05"))
  })

  it("CMP-11 a follow-up finding the problem unsolved records it and reopens the complaint in a new cycle", () => {
    const resolved = decide(inProgressFromMonday(), resolution, monday("12:00")).complaint
    const decision = decide(
      resolved,
      { _tag: "followUp", by: "s-ops", reached: true, solved: false, opinion: "Still queueing" },
      tuesday("10:00"),
    )
    const reopened = decision.complaint
    expect(reopened.state).toBe("inProgress")
    expect(decision.entries.map((entry) => [entry.step, entry.actor, entry.to])).toEqual([
      ["followUp", "s-ops", "followedUp"],
      ["reopen", "system", "inProgress"],
    ])
    expect(decision.entries[0]?.data).toEqual({ solved: false, reached: true })
    expect(decision.entries[0]?.note).toBe("Still queueing")
    expect(reopened.historyLength).toBe(resolved.historyLength + 2)
    expect(reopened.sla.cycles).toHaveLength(2)
    expect(target(reopened, "followUp", { cycle: 1 }).outcome).toBe("hit")
    expect(target(reopened, "resolution").startedAt).toBe(tuesday("10:00"))
  })

  it("SLA-38 the resolution records the compensation given with its expiry", () => {
    const resolved = decide(
      inProgressFromMonday(),
      {
        ...resolution,
        compensation: [
          {
            kind: "cashCoupon",
            value: { amount: 500, currency: "USD" },
            expiresOn: "2024-12-04",
            code: "CPN-0001",
          },
        ],
      },
      monday("12:00"),
    ).complaint
    const given = resolved.resolution?.compensation ?? []
    expect(given).toHaveLength(1)
    expect(given[0]?.kind).toBe("cashCoupon")
    expect(given[0]?.expiresOn).toBe("2024-12-04")
    expect(given[0]?.code).toBe("CPN-0001")
    expect(given[0]?.value?.amount).toBe(500)
    expect(given[0]?.value?.currency).toBe("USD")
    expect(resolved.resolution?.compensationPolicyVersion).toBe(settings.compensation.version)
    expect(resolved.resolution?.apologised).toBe(true)
    expect(resolved.rootCause).toBe("missed-deadline")
  })
})
