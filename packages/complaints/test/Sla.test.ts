import { BusinessTime, WorkingCalendar } from "@clientele/calendar"
import { Errors, Ids } from "@clientele/core"
import * as Arbitrary from "effect/Arbitrary"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import { describe, expect, it } from "vitest"
import { Complaint, Sla } from "../src/index.js"
import { calendar } from "./fixtures.js"
import {
  allDay,
  at,
  DAY,
  HOUR,
  iso,
  left,
  MINUTE,
  nightShift,
  right,
  targetSpec,
} from "./sla-support.js"

// Pure tests of the SLA clocks on the New York Mon–Fri 09:00–17:00 calendar of the
// fixtures (Christmas off). June 2024 is EDT (−04:00); 3 June is a Monday.

const SHARE = 0.8

const start = (
  kind: Sla.TargetKind,
  durationMs: number,
  instant: number,
  options: { readonly clock?: Sla.Clock; readonly pausesWhileWaiting?: boolean } = {},
  on: WorkingCalendar.WorkingCalendar = calendar,
) => right(Sla.start(targetSpec(kind, durationMs, options), on, instant, SHARE))

const pause = (clock: Sla.TargetClock, instant: number) =>
  right(Sla.pause(clock, calendar, instant))
const resume = (clock: Sla.TargetClock, instant: number) =>
  right(Sla.resume(clock, calendar, instant, SHARE))
const complete = (clock: Sla.TargetClock, instant: number) =>
  right(Sla.complete(clock, calendar, instant))
const recomputed = (clock: Sla.TargetClock, on: WorkingCalendar.WorkingCalendar = calendar) =>
  Option.getOrNull(right(Sla.recomputeDue(clock, on)))

/** Pauses at each `[from, to)` in turn, resuming at `to`. */
const pausedBetween = (
  clock: Sla.TargetClock,
  pauses: ReadonlyArray<readonly [number, number]>,
): Sla.TargetClock => pauses.reduce((c, [from, to]) => resume(pause(c, from), to), clock)

const mondayNine = at("2024-06-03T09:00:00-04:00")
const decodePolicy = Errors.decodeEither(Sla.Policy)
const decodePolicySet = Errors.decodeEither(Sla.PolicySet)
const encodedCalendar = Schema.encodeSync(WorkingCalendar.WorkingCalendar)(calendar)

describe("Sla policies", () => {
  it("CMP-4 the default policies: urgent first, standard for everything else, waiting pauses resolution and updates", () => {
    const policies = Sla.defaultPolicies(calendar)
    expect(policies.version).toBe(1)
    expect(policies.atRiskShare).toBe(0.8)
    expect(policies.policies.map((policy) => policy.id)).toEqual(["urgent", "standard"])
    const [urgent, standard] = policies.policies
    expect(urgent?.targets).toEqual({
      firstResponse: { durationMs: 15 * MINUTE, clock: "business", pausesWhileWaiting: false },
      resolution: { durationMs: 4 * HOUR, clock: "business", pausesWhileWaiting: true },
      periodicUpdate: { durationMs: HOUR, clock: "business", pausesWhileWaiting: true },
      followUp: { durationMs: 8 * HOUR, clock: "business", pausesWhileWaiting: false },
    })
    expect(standard?.targets).toEqual({
      firstResponse: { durationMs: 30 * MINUTE, clock: "business", pausesWhileWaiting: false },
      resolution: { durationMs: 16 * HOUR, clock: "business", pausesWhileWaiting: true },
      periodicUpdate: { durationMs: 8 * HOUR, clock: "business", pausesWhileWaiting: true },
      followUp: { durationMs: 16 * HOUR, clock: "business", pausesWhileWaiting: false },
    })
    const subject = { category: "price/after-purchase", channel: "email" }
    expect(
      Option.map(Sla.match(policies, { ...subject, priority: "urgent" }), (p) => p.id),
    ).toEqual(Option.some("urgent"))
    expect(Option.map(Sla.match(policies, { ...subject, priority: "low" }), (p) => p.id)).toEqual(
      Option.some("standard"),
    )
  })

  it("CMP-4 policies match in order: the first match wins, a category covers its subcategories, a tier condition needs a tier", () => {
    const target = { durationMs: 10 * MINUTE }
    const policies = right(
      decodePolicySet({
        version: 3,
        calendar: encodedCalendar,
        policies: [
          { id: "gold-service", match: { categories: ["service"], tiers: ["gold"] }, targets: {} },
          { id: "hotline", match: { channels: ["hotline"] }, targets: { firstResponse: target } },
          { id: "hotline-too", match: { channels: ["hotline"] }, targets: {} },
          {
            id: "urgent-price",
            match: { categories: ["price"], priorities: ["urgent"] },
            targets: {},
          },
        ],
      }),
    )
    const idOf = (subject: Sla.Subject) =>
      Option.getOrNull(Option.map(Sla.match(policies, subject), (policy) => policy.id))
    const longWait = { category: "service/long-wait", channel: "hotline", priority: "normal" }
    expect(idOf({ ...longWait, tier: "gold" })).toBe("gold-service")
    expect(idOf({ ...longWait, category: "service", tier: "gold" })).toBe("gold-service")
    expect(idOf({ ...longWait, category: "servicedesk", tier: "gold" })).toBe("hotline")
    expect(idOf(longWait)).toBe("hotline")
    expect(idOf({ ...longWait, tier: "silver" })).toBe("hotline")
    expect(idOf({ category: "price", channel: "email", priority: "urgent" })).toBe("urgent-price")
    expect(idOf({ category: "price", channel: "email", priority: "high" })).toBeNull()
  })

  it("SLA-26 a policy whose first response or follow-up pauses while waiting is refused, naming the path", () => {
    for (const kind of ["firstResponse", "followUp"] as const) {
      const error = left(
        decodePolicy({
          id: "p",
          match: {},
          targets: { [kind]: { durationMs: HOUR, pausesWhileWaiting: true } },
        }),
      )
      expect(error._tag).toBe("ValidationError")
      expect(error.issues).toEqual([
        {
          path: ["targets", kind, "pausesWhileWaiting"],
          message: `the ${kind} target never pauses (CMP-4)`,
        },
      ])
    }
    const inSet = left(
      decodePolicySet({
        version: 1,
        calendar: encodedCalendar,
        policies: [
          {
            id: "p",
            match: {},
            targets: { firstResponse: { durationMs: HOUR, pausesWhileWaiting: true } },
          },
        ],
      }),
    )
    expect(inSet.issues.map((issue) => issue.path)).toEqual([
      ["policies", 0, "targets", "firstResponse", "pausesWhileWaiting"],
    ])
    for (const kind of ["resolution", "periodicUpdate"] as const)
      expect(
        right(
          decodePolicy({
            id: "p",
            match: {},
            targets: { [kind]: { durationMs: HOUR, pausesWhileWaiting: true } },
          }),
        ).targets[kind]?.pausesWhileWaiting,
      ).toBe(true)
  })

  it("SLA-26 every policy the schema admits leaves the first response and the follow-up running", () => {
    FastCheck.assert(
      FastCheck.property(Arbitrary.make(Sla.Policy), (policy) => {
        expect(policy.targets.firstResponse?.pausesWhileWaiting ?? false).toBe(false)
        expect(policy.targets.followUp?.pausesWhileWaiting ?? false).toBe(false)
      }),
      { numRuns: 100 },
    )
  })

  it("CMP-4 durations, versions and the at-risk share are validated, naming the field", () => {
    const zero = left(
      decodePolicy({ id: "p", match: {}, targets: { resolution: { durationMs: 0 } } }),
    )
    expect(zero.issues[0]).toEqual({
      path: ["targets", "resolution", "durationMs"],
      message: "a target duration is a positive number of milliseconds",
    })
    const share = left(
      decodePolicySet({ version: 1, calendar: encodedCalendar, atRiskShare: 1, policies: [] }),
    )
    expect(share.issues.length).toBeGreaterThan(0)
    for (const issue of share.issues) expect(issue.path).toEqual(["atRiskShare"])
    expect(share.message).toContain("the at-risk share is a fraction above 0 and below 1")
    const version = left(decodePolicySet({ version: 0, calendar: encodedCalendar, policies: [] }))
    expect(version.issues.length).toBeGreaterThan(0)
    for (const issue of version.issues) expect(issue.path).toEqual(["version"])
    expect(
      right(decodePolicySet({ version: 2, calendar: encodedCalendar, policies: [] })).atRiskShare,
    ).toBe(0.8)
  })

  it("CMP-4 checkDuration accepts a positive whole number of milliseconds and names the path otherwise", () => {
    expect(right(Sla.checkDuration(HOUR, ["durationMs"]))).toBe(HOUR)
    for (const bad of [0, -5, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      const error = left(Sla.checkDuration(bad, ["committedResolutionMs"]))
      expect(error._tag).toBe("ValidationError")
      expect(error.issues[0]?.path).toEqual(["committedResolutionMs"])
      expect(error.issues[0]?.message).toContain("CMP-4")
    }
  })
})

describe("Sla.start", () => {
  it("CMP-4 a business deadline skips the night and the weekend, and an exact fit ends at closing", () => {
    const friday = start("firstResponse", 30 * MINUTE, at("2024-06-07T16:45:00-04:00"))
    expect(iso(friday.dueAt)).toBe(iso(at("2024-06-10T09:15:00-04:00")))
    expect(friday.startedAt).toBe(at("2024-06-07T16:45:00-04:00"))
    expect(friday.consumedMs).toBe(0)
    expect(friday.runningSince).toBe(friday.startedAt)
    expect(friday.notified).toEqual({ atRisk: false, breached: false })
    const exact = start("resolution", HOUR, at("2024-06-07T16:00:00-04:00"))
    expect(iso(exact.dueAt)).toBe(iso(at("2024-06-07T17:00:00-04:00")))
    const evening = start("resolution", MINUTE, at("2024-06-07T17:00:00-04:00"))
    expect(iso(evening.dueAt)).toBe(iso(at("2024-06-10T09:01:00-04:00")))
  })

  it("CMP-4 business deadlines across the DST changes of 2024-03-10 and 2024-11-03 in New York", () => {
    const spring = start("resolution", 2 * HOUR, at("2024-03-08T16:00:00-05:00"))
    expect(iso(spring.dueAt)).toBe(iso(at("2024-03-11T10:00:00-04:00")))
    const fall = start("resolution", 2 * HOUR, at("2024-11-01T16:00:00-04:00"))
    expect(iso(fall.dueAt)).toBe(iso(at("2024-11-04T10:00:00-05:00")))
    // 16 business hours from Friday 09:00 over the spring weekend: Friday 8 h, Monday 8 h.
    const resolution = start("resolution", 16 * HOUR, at("2024-03-08T09:00:00-05:00"))
    expect(iso(resolution.dueAt)).toBe(iso(at("2024-03-11T17:00:00-04:00")))
    expect(iso(resolution.atRiskAt)).toBe(iso(at("2024-03-11T13:48:00-04:00")))
  })

  it("CMP-4 a calendar-clock target ignores working hours and counts real elapsed time over DST", () => {
    const evening = start("resolution", 2 * HOUR, at("2024-06-07T16:00:00-04:00"), {
      clock: "calendar",
    })
    expect(iso(evening.dueAt)).toBe(iso(at("2024-06-07T18:00:00-04:00")))
    const spring = start("firstResponse", 3 * HOUR, at("2024-03-09T23:30:00-05:00"), {
      clock: "calendar",
    })
    expect(iso(spring.dueAt)).toBe(iso(at("2024-03-10T03:30:00-04:00")))
    const fall = start("firstResponse", 2 * HOUR, at("2024-11-03T00:30:00-04:00"), {
      clock: "calendar",
    })
    expect(iso(fall.dueAt)).toBe(iso(at("2024-11-03T01:30:00-05:00")))
    expect(fall.clock).toBe("calendar")
  })

  it("CMP-4 a holiday of the calendar is not business time", () => {
    const eve = start("resolution", 2 * HOUR, at("2024-12-24T16:00:00-05:00"))
    expect(iso(eve.dueAt)).toBe(iso(at("2024-12-26T10:00:00-05:00")))
    const christmas = start("firstResponse", 30 * MINUTE, at("2024-12-25T10:00:00-05:00"))
    expect(iso(christmas.dueAt)).toBe(iso(at("2024-12-26T09:30:00-05:00")))
  })

  it("CMP-4 a target is at risk when 80 % of its duration is consumed (atRiskAt)", () => {
    const resolution = start("resolution", 16 * HOUR, mondayNine)
    expect(iso(resolution.dueAt)).toBe(iso(at("2024-06-04T17:00:00-04:00")))
    // 12.8 h: Monday 8 h, then 4 h 48 min on Tuesday.
    expect(iso(resolution.atRiskAt)).toBe(iso(at("2024-06-04T13:48:00-04:00")))
    const calendarClock = start("resolution", 10 * HOUR, mondayNine, { clock: "calendar" })
    expect(iso(calendarClock.atRiskAt)).toBe(iso(at("2024-06-03T17:00:00-04:00")))
    expect(iso(calendarClock.dueAt)).toBe(iso(at("2024-06-03T19:00:00-04:00")))
    const half = right(Sla.start(targetSpec("resolution", 16 * HOUR), calendar, mondayNine, 0.5))
    expect(iso(half.atRiskAt)).toBe(iso(at("2024-06-03T17:00:00-04:00")))
  })

  it("CMP-4 consumedAt counts business time since the start, not the night", () => {
    const resolution = start("resolution", 16 * HOUR, mondayNine)
    expect(right(Sla.consumedAt(resolution, calendar, mondayNine - HOUR))).toBe(0)
    expect(right(Sla.consumedAt(resolution, calendar, at("2024-06-03T12:30:00-04:00")))).toBe(
      3.5 * HOUR,
    )
    expect(right(Sla.consumedAt(resolution, calendar, at("2024-06-04T10:00:00-04:00")))).toBe(
      9 * HOUR,
    )
  })
})

describe("Sla status and events", () => {
  const resolution = start("resolution", 16 * HOUR, mondayNine)
  const atRisk = at("2024-06-04T13:48:00-04:00")
  const due = at("2024-06-04T17:00:00-04:00")

  it("CMP-4 status goes running → atRisk → breached, and completion gives hit or missed", () => {
    expect(Sla.status(resolution, mondayNine + HOUR)).toBe("running")
    expect(Sla.status(resolution, atRisk - 1)).toBe("running")
    expect(Sla.status(resolution, atRisk)).toBe("atRisk")
    expect(Sla.status(resolution, due)).toBe("atRisk")
    expect(Sla.status(resolution, due + 1)).toBe("breached")
    expect(Sla.status(complete(resolution, due), due + DAY)).toBe("hit")
    expect(Sla.status(complete(resolution, due + 1), due + 1)).toBe("missed")
  })

  it("CMP-4 the at-risk event is owed once at atRiskAt, then settled; the breach follows after the deadline", () => {
    expect(Sla.owedEvents(resolution, 1, atRisk - 1)).toEqual([])
    expect(Sla.nextCheckAt(resolution)).toBe(atRisk)
    const owed = Sla.owedEvents(resolution, 1, atRisk)
    expect(owed).toEqual([
      { kind: "atRisk", target: "resolution", cycle: 1, round: 1, at: atRisk, dueAt: due },
    ])
    const warned = Sla.markNotified(resolution, owed)
    expect(warned.notified).toEqual({ atRisk: true, breached: false })
    expect(warned.breachedAt).toBeUndefined()
    expect(Sla.owedEvents(warned, 1, atRisk)).toEqual([])
    expect(Sla.owedEvents(warned, 1, due)).toEqual([])
    expect(Sla.nextCheckAt(warned)).toBe(due + 1)
    const breach = Sla.owedEvents(warned, 1, due + 1)
    expect(breach).toEqual([
      { kind: "breached", target: "resolution", cycle: 1, round: 1, at: due + 1, dueAt: due },
    ])
    const settled = Sla.markNotified(warned, breach)
    expect(settled.breachedAt).toBe(due)
    expect(Sla.owedEvents(settled, 1, due + DAY)).toEqual([])
    expect(Sla.nextCheckAt(settled)).toBeNull()
    expect(Sla.status(settled, due + DAY)).toBe("breached")
    expect(Sla.markNotified(settled, [])).toBe(settled)
  })

  it("CMP-4 a target found already breached owes only its breach, which settles the at-risk warning", () => {
    const later = at("2024-06-05T10:00:00-04:00")
    const owed = Sla.owedEvents(resolution, 2, later)
    expect(owed).toEqual([
      { kind: "breached", target: "resolution", cycle: 2, round: 1, at: due + 1, dueAt: due },
    ])
    const settled = Sla.markNotified(resolution, owed)
    expect(settled.notified).toEqual({ atRisk: true, breached: true })
    expect(Sla.owedEvents(settled, 2, later + DAY)).toEqual([])
    expect(Sla.nextCheckAt(settled)).toBeNull()
  })

  it("CMP-4 a completed target owes nothing unless it was missed, and then only its breach", () => {
    const hit = complete(resolution, at("2024-06-04T12:00:00-04:00"))
    expect(hit.outcome).toBe("hit")
    expect(hit.runningSince).toBeNull()
    expect(Sla.owedEvents(hit, 1, due + DAY)).toEqual([])
    expect(Sla.nextCheckAt(hit)).toBeNull()
    const missed = complete(resolution, at("2024-06-05T10:00:00-04:00"))
    expect(missed.outcome).toBe("missed")
    expect(missed.breachedAt).toBe(due)
    expect(missed.consumedMs).toBe(16 * HOUR)
    expect(Sla.nextCheckAt(missed)).toBe(due + 1)
    const owed = Sla.owedEvents(missed, 1, due + DAY)
    expect(owed.map((event) => event.kind)).toEqual(["breached"])
    expect(Sla.owedEvents(Sla.markNotified(missed, owed), 1, due + DAY)).toEqual([])
    expect(complete(missed, due + 2 * DAY)).toBe(missed)
  })

  it("CMP-4 settling or completing a clock keeps every other field it holds, whatever its shape (property)", () => {
    FastCheck.assert(
      FastCheck.property(Arbitrary.make(Sla.TargetClock), (clock) => {
        const event: Sla.Event = {
          kind: "atRisk",
          target: clock.kind,
          cycle: 1,
          round: clock.round,
          at: clock.startedAt,
          dueAt: clock.startedAt,
        }
        expect(Sla.markNotified(clock, [event])).toEqual({
          ...clock,
          notified: { atRisk: true, breached: clock.notified.breached },
        })
        const completed = Sla.complete(clock, calendar, clock.startedAt)
        if (clock.completedAt !== undefined) expect(completed).toEqual(Either.right(clock))
        else if (Either.isRight(completed)) {
          const { consumedMs, runningSince, pauses, completedAt, outcome, breachedAt, ...kept } =
            completed.right
          const {
            consumedMs: _c,
            runningSince: _r,
            pauses: _p,
            breachedAt: _b,
            outcome: _o,
            ...before
          } = clock
          expect(kept).toEqual(before)
          expect([completedAt, typeof consumedMs, runningSince, pauses.length]).toEqual([
            clock.startedAt,
            "number",
            null,
            clock.pauses.length,
          ])
          expect(outcome === "hit" || outcome === "missed").toBe(true)
          expect(breachedAt === undefined || typeof breachedAt === "number").toBe(true)
        }
      }),
    )
  })

  it("SLA-32 breach idempotency: nothing is owed twice, and the notification id is stable per target, cycle and round", () => {
    const late = due + HOUR
    const first = Sla.owedEvents(resolution, 1, late)
    expect(Sla.owedEvents(resolution, 1, late + DAY)).toEqual(first)
    const notified = Sla.markNotified(resolution, first)
    for (const now of [late, late + HOUR, late + 30 * DAY])
      expect(Sla.owedEvents(notified, 1, now)).toEqual([])
    // Pausing, resuming or completing a breached target owes nothing new.
    const paused = pause(notified, late + HOUR)
    expect(Sla.owedEvents(paused, 1, late + DAY)).toEqual([])
    const resumed = resume(paused, late + DAY)
    expect(Sla.owedEvents(resumed, 1, late + 2 * DAY)).toEqual([])
    expect(Sla.owedEvents(complete(resumed, late + 3 * DAY), 1, late + 4 * DAY)).toEqual([])
    // One id per target, cycle, round and kind: a second round has its own.
    const id = Complaint.slaNotificationId
    const event = first[0]
    if (event === undefined) throw new Error("a breach is owed")
    const complaintId = Ids.ComplaintId.make("cmp-1")
    expect(id(complaintId, event)).toBe("cmp-1:1:resolution:1:breached")
    expect(id(complaintId, { ...event, round: 2 })).not.toBe(id(complaintId, event))
    expect(id(complaintId, { ...event, cycle: 2 })).not.toBe(id(complaintId, event))
  })

  it("SLA-33 hit at equality: completing at dueAt is a hit, at dueAt + 1 ms a miss; status breaches at dueAt + 1", () => {
    expect(complete(resolution, due).outcome).toBe("hit")
    expect(complete(resolution, due + 1).outcome).toBe("missed")
    expect(complete(resolution, due + 1).breachedAt).toBe(due)
    expect(Sla.status(resolution, due)).not.toBe("breached")
    expect(Sla.status(resolution, due + 1)).toBe("breached")
    expect(Sla.owedEvents(resolution, 1, due).map((event) => event.kind)).toEqual(["atRisk"])
    expect(Sla.owedEvents(resolution, 1, due + 1).map((event) => event.kind)).toEqual(["breached"])
    const calendarClock = start("firstResponse", 30 * MINUTE, mondayNine, { clock: "calendar" })
    const calendarDue = mondayNine + 30 * MINUTE
    expect(calendarClock.dueAt).toBe(calendarDue)
    expect(complete(calendarClock, calendarDue).outcome).toBe("hit")
    expect(complete(calendarClock, calendarDue + 1).outcome).toBe("missed")
  })
})

describe("Sla pause and resume", () => {
  const resolution = start("resolution", 16 * HOUR, mondayNine)
  const unpausedDue = at("2024-06-04T17:00:00-04:00")

  it("SLA-23 a pause and resume inside one business interval moves the deadline by the paused time", () => {
    const paused = pause(resolution, at("2024-06-03T11:00:00-04:00"))
    expect(paused.consumedMs).toBe(2 * HOUR)
    expect(paused.runningSince).toBeNull()
    expect(paused.dueAt).toBeNull()
    expect(paused.atRiskAt).toBeNull()
    expect(paused.pauses).toEqual([{ start: at("2024-06-03T11:00:00-04:00") }])
    expect(Sla.status(paused, at("2024-06-03T12:00:00-04:00"))).toBe("paused")
    const resumed = resume(paused, at("2024-06-03T14:00:00-04:00"))
    expect(iso(resumed.dueAt)).toBe(iso(at("2024-06-05T12:00:00-04:00")))
    expect(iso(resumed.atRiskAt)).toBe(iso(at("2024-06-04T16:48:00-04:00")))
    expect(resumed.pauses).toEqual([
      { start: at("2024-06-03T11:00:00-04:00"), end: at("2024-06-03T14:00:00-04:00") },
    ])
    expect(resumed.dueAt).toBe(recomputed(resumed))
  })

  it("SLA-23 a pause overnight shifts the deadline only by the business time paused (16:00 → 09:00 = 1 h)", () => {
    const from = at("2024-06-03T16:00:00-04:00")
    const to = at("2024-06-04T09:00:00-04:00")
    expect(right(BusinessTime.elapsed(calendar, from, to))).toBe(HOUR)
    const resumed = pausedBetween(resolution, [[from, to]])
    expect(iso(resumed.dueAt)).toBe(iso(unpausedDue + 17 * HOUR))
    expect(iso(resumed.dueAt)).toBe(iso(at("2024-06-05T10:00:00-04:00")))
    expect(resumed.dueAt).toBe(recomputed(resumed))
  })

  it("SLA-23 a pause over a weekend shifts the deadline by the Friday afternoon only", () => {
    const friday = start("resolution", 16 * HOUR, at("2024-06-07T09:00:00-04:00"))
    expect(iso(friday.dueAt)).toBe(iso(at("2024-06-10T17:00:00-04:00")))
    const resumed = pausedBetween(friday, [
      [at("2024-06-07T16:00:00-04:00"), at("2024-06-10T09:00:00-04:00")],
    ])
    expect(iso(resumed.dueAt)).toBe(iso(at("2024-06-11T10:00:00-04:00")))
    expect(resumed.dueAt).toBe(recomputed(resumed))
    // A pause from Saturday to Sunday removes no business time at all.
    const weekendOnly = pausedBetween(friday, [
      [at("2024-06-08T10:00:00-04:00"), at("2024-06-09T18:00:00-04:00")],
    ])
    expect(iso(weekendOnly.dueAt)).toBe(iso(friday.dueAt))
  })

  it("SLA-23 several pauses on one day add up", () => {
    const resumed = pausedBetween(resolution, [
      [at("2024-06-03T10:00:00-04:00"), at("2024-06-03T11:00:00-04:00")],
      [at("2024-06-03T13:00:00-04:00"), at("2024-06-03T14:00:00-04:00")],
      [at("2024-06-03T15:00:00-04:00"), at("2024-06-03T15:30:00-04:00")],
    ])
    expect(iso(resumed.dueAt)).toBe(iso(at("2024-06-05T11:30:00-04:00")))
    expect(resumed.pauses).toHaveLength(3)
    expect(resumed.dueAt).toBe(recomputed(resumed))
    expect(
      right(
        BusinessTime.elapsedExcluding(
          calendar,
          resumed.startedAt,
          resumed.dueAt ?? 0,
          resumed.pauses,
        ),
      ),
    ).toBe(16 * HOUR)
  })

  it("SLA-23 a pause covering a holiday shifts only by the business time around it", () => {
    const eve = start("resolution", 16 * HOUR, at("2024-12-24T09:00:00-05:00"))
    expect(iso(eve.dueAt)).toBe(iso(at("2024-12-26T17:00:00-05:00")))
    const resumed = pausedBetween(eve, [
      [at("2024-12-24T16:00:00-05:00"), at("2024-12-26T09:00:00-05:00")],
    ])
    expect(iso(resumed.dueAt)).toBe(iso(at("2024-12-27T10:00:00-05:00")))
    expect(resumed.dueAt).toBe(recomputed(resumed))
    const onTheHoliday = pausedBetween(eve, [
      [at("2024-12-25T10:00:00-05:00"), at("2024-12-25T15:00:00-05:00")],
    ])
    expect(iso(onTheHoliday.dueAt)).toBe(iso(eve.dueAt))
  })

  it("SLA-24 a pause before the clock consumed anything, resumed exactly at opening time, leaves the deadline", () => {
    const saturday = start("resolution", 16 * HOUR, at("2024-06-08T10:00:00-04:00"))
    expect(iso(saturday.dueAt)).toBe(iso(at("2024-06-11T17:00:00-04:00")))
    const paused = pause(saturday, at("2024-06-08T11:00:00-04:00"))
    expect(paused.consumedMs).toBe(0)
    expect(paused.dueAt).toBeNull()
    expect(Sla.status(paused, at("2024-06-12T10:00:00-04:00"))).toBe("paused")
    const atOpening = resume(paused, at("2024-06-10T09:00:00-04:00"))
    expect(iso(atOpening.dueAt)).toBe(iso(saturday.dueAt))
    expect(iso(atOpening.atRiskAt)).toBe(iso(saturday.atRiskAt))
    expect(atOpening.dueAt).toBe(recomputed(atOpening))
    const anHourLater = resume(paused, at("2024-06-10T10:00:00-04:00"))
    expect(iso(anHourLater.dueAt)).toBe(iso(at("2024-06-12T10:00:00-04:00")))
  })

  it("SLA-24 resuming exactly at opening time is the same as resuming at the previous closing", () => {
    const paused = pause(resolution, at("2024-06-03T16:00:00-04:00"))
    const atClosing = resume(paused, at("2024-06-03T17:00:00-04:00"))
    const atOpening = resume(paused, at("2024-06-04T09:00:00-04:00"))
    expect(iso(atOpening.dueAt)).toBe(iso(at("2024-06-05T10:00:00-04:00")))
    expect(atOpening.dueAt).toBe(atClosing.dueAt)
    expect(atOpening.atRiskAt).toBe(atClosing.atRiskAt)
  })

  it("SLA-24 a pause exactly at the deadline keeps it: done during the pause is missed, the breach is owed at dueAt + 1", () => {
    const short = start("resolution", 4 * HOUR, mondayNine)
    const due = at("2024-06-03T13:00:00-04:00")
    expect(short.dueAt).toBe(due)
    const paused = pause(short, due)
    expect(paused.dueAt).toBe(due)
    expect(paused.runningSince).toBeNull()
    expect(paused.consumedMs).toBe(4 * HOUR)
    expect(paused.breachedAt).toBeUndefined()
    expect(recomputed(paused)).toBe(due)
    expect(Sla.status(paused, due)).toBe("paused")
    expect(Sla.status(paused, due + 1)).toBe("breached")
    expect(Sla.nextCheckAt(Sla.markNotified(paused, Sla.owedEvents(paused, 1, due)))).toBe(due + 1)
    expect(Sla.owedEvents(paused, 1, due + 1)).toEqual([
      { kind: "breached", target: "resolution", cycle: 1, round: 1, at: due + 1, dueAt: due },
    ])
    expect(complete(paused, due + HOUR).outcome).toBe("missed")
    expect(complete(paused, due).outcome).toBe("hit")
    const resumed = resume(paused, at("2024-06-04T09:00:00-04:00"))
    expect(resumed.dueAt).toBe(due)
    expect(Sla.status(resumed, at("2024-06-04T09:00:00-04:00"))).toBe("breached")
  })

  it("SLA-24 a pause after the breach stays breached, and the deadline does not move", () => {
    const short = start("resolution", 4 * HOUR, mondayNine)
    const due = at("2024-06-03T13:00:00-04:00")
    const paused = pause(short, at("2024-06-03T14:00:00-04:00"))
    expect(paused.breachedAt).toBe(due)
    expect(paused.dueAt).toBe(due)
    expect(Sla.status(paused, at("2024-06-03T14:00:00-04:00"))).toBe("breached")
    expect(Sla.status(paused, at("2024-06-20T14:00:00-04:00"))).toBe("breached")
    expect(Sla.owedEvents(paused, 1, at("2024-06-03T15:00:00-04:00"))).toEqual([
      { kind: "breached", target: "resolution", cycle: 1, round: 1, at: due + 1, dueAt: due },
    ])
    const resumed = resume(paused, at("2024-06-04T09:00:00-04:00"))
    expect(resumed.dueAt).toBe(due)
    expect(Sla.status(resumed, at("2024-06-04T09:00:00-04:00"))).toBe("breached")
    expect(complete(resumed, at("2024-06-04T10:00:00-04:00")).outcome).toBe("missed")
  })

  it("SLA-25 a never-ending pause has no deadline: recomputeDue gives None, nothing is ever owed", () => {
    const paused = pause(resolution, at("2024-06-03T11:00:00-04:00"))
    const farAway = at("2025-06-03T11:00:00-04:00")
    expect(paused.dueAt).toBeNull()
    expect(right(Sla.recomputeDue(paused, calendar))).toEqual(Option.none())
    expect(Sla.nextCheckAt(paused)).toBeNull()
    expect(Sla.status(paused, farAway)).toBe("paused")
    expect(Sla.owedEvents(paused, 1, farAway)).toEqual([])
    expect(right(Sla.consumedAt(paused, calendar, farAway))).toBe(2 * HOUR)
    const cycle: Sla.Cycle = { number: 1, startedAt: mondayNine, targets: [paused] }
    expect(Complaint.nextCheckAt([cycle])).toBeNull()
    // Completing it much later is a hit: the time consumed never reached the duration.
    expect(complete(paused, farAway).outcome).toBe("hit")
  })

  it("SLA-28 PROPERTY: carrying over the consumed time agrees with recomputing from the pause history", () => {
    const calendars = FastCheck.constantFrom(
      ["fixture", calendar] as const,
      ["allDay", allDay] as const,
      ["nightShift", nightShift] as const,
    )
    const pauseArb = FastCheck.record({
      gap: FastCheck.oneof(FastCheck.constant(0), FastCheck.integer({ min: 1, max: 80 * HOUR })),
      length: FastCheck.integer({ min: 0, max: 100 * HOUR }),
    })
    FastCheck.assert(
      FastCheck.property(
        calendars,
        Arbitrary.make(Sla.TargetKind),
        FastCheck.integer({ min: at("2024-01-01T00:00:00Z"), max: at("2025-01-01T00:00:00Z") }),
        FastCheck.integer({ min: MINUTE, max: 200 * HOUR }),
        FastCheck.array(pauseArb, { maxLength: 6 }),
        FastCheck.boolean(),
        ([, on], kind, startedAt, durationMs, gaps, lastOpen) => {
          let clock = right(
            Sla.start(
              targetSpec(kind, durationMs, { pausesWhileWaiting: true }),
              on,
              startedAt,
              SHARE,
            ),
          )
          const check = () => {
            expect(clock.dueAt).toBe(Option.getOrNull(right(Sla.recomputeDue(clock, on))))
            if (clock.dueAt === null) return
            expect(clock.dueAt).toBeGreaterThanOrEqual(clock.startedAt)
            if (clock.atRiskAt !== null) {
              expect(clock.atRiskAt).toBeGreaterThanOrEqual(clock.startedAt)
              expect(clock.atRiskAt).toBeLessThanOrEqual(clock.dueAt)
            }
            const due = clock.dueAt
            if (clock.pauses.every((p) => p.start < due))
              expect(
                right(BusinessTime.elapsedExcluding(on, clock.startedAt, due, clock.pauses)),
              ).toBe(durationMs)
          }
          check()
          let cursor = startedAt
          gaps.forEach(({ gap, length }, i) => {
            const from = cursor + gap
            // the functions are pure: the clock given is left as it was
            const running = structuredClone(clock)
            const paused = right(Sla.pause(clock, on, from))
            expect(clock).toEqual(running)
            clock = paused
            check()
            if (lastOpen && i === gaps.length - 1) return
            cursor = from + length
            const frozen = structuredClone(clock)
            const resumed = right(Sla.resume(clock, on, cursor, SHARE))
            expect(clock).toEqual(frozen)
            clock = resumed
            check()
          })
          // The pause history read in any order gives the same deadline.
          const reversed = { ...clock, pauses: [...clock.pauses].reverse() }
          expect(right(Sla.recomputeDue(reversed, on))).toEqual(right(Sla.recomputeDue(clock, on)))
        },
      ),
      { numRuns: 400 },
    )
  })

  it("SLA-34 recomputeDue gives the same deadline whatever the order the pauses are listed in", () => {
    const resumed = pausedBetween(resolution, [
      [at("2024-06-03T10:00:00-04:00"), at("2024-06-03T11:00:00-04:00")],
      [at("2024-06-03T16:00:00-04:00"), at("2024-06-04T10:00:00-04:00")],
      [at("2024-06-04T13:00:00-04:00"), at("2024-06-04T13:45:00-04:00")],
    ])
    const [a, b, c] = resumed.pauses
    if (a === undefined || b === undefined || c === undefined) throw new Error("three pauses")
    for (const order of [
      [a, b, c],
      [c, b, a],
      [b, a, c],
      [c, a, b],
    ]) {
      expect(recomputed({ ...resumed, pauses: order })).toBe(resumed.dueAt)
    }
    // 1 h + (1 h on Monday evening + 1 h on Tuesday morning) + 45 min paused
    expect(iso(resumed.dueAt)).toBe(iso(at("2024-06-05T12:45:00-04:00")))
  })
})

describe("Sla duration changes", () => {
  it("SLA-30 a new duration keeps the consumed time and the pauses: the deadline is what recomputeDue gives", () => {
    const resolution = start("resolution", 16 * HOUR, mondayNine)
    const resumed = pausedBetween(resolution, [
      [at("2024-06-03T10:00:00-04:00"), at("2024-06-03T11:00:00-04:00")],
    ])
    const change = at("2024-06-03T11:30:00-04:00")
    const shorter = right(Sla.changeDuration(resumed, calendar, 4 * HOUR, change, SHARE))
    expect(shorter.durationMs).toBe(4 * HOUR)
    expect(shorter.consumedMs).toBe(1.5 * HOUR)
    expect(shorter.runningSince).toBe(change)
    expect(shorter.pauses).toEqual(resumed.pauses)
    expect(iso(shorter.dueAt)).toBe(iso(at("2024-06-03T14:00:00-04:00")))
    expect(shorter.dueAt).toBe(recomputed(shorter))
    // at risk at 3.2 h consumed: 1.7 h after the change
    expect(iso(shorter.atRiskAt)).toBe(iso(at("2024-06-03T13:12:00-04:00")))
  })

  it("SLA-30 a paused target given a new duration stays paused and counts the rest from its resumption", () => {
    const resolution = start("resolution", 16 * HOUR, mondayNine)
    const paused = pause(resolution, at("2024-06-03T10:00:00-04:00"))
    const changed = right(
      Sla.changeDuration(paused, calendar, 4 * HOUR, at("2024-06-03T10:30:00-04:00"), SHARE),
    )
    expect(changed.dueAt).toBeNull()
    expect(changed.runningSince).toBeNull()
    expect(changed.consumedMs).toBe(HOUR)
    const resumed = resume(changed, at("2024-06-03T11:00:00-04:00"))
    expect(iso(resumed.dueAt)).toBe(iso(at("2024-06-03T14:00:00-04:00")))
    expect(resumed.dueAt).toBe(recomputed(resumed))
  })

  it("SLA-30 a duration shortened below the consumed time is due at the change instant, the breach owed right after", () => {
    const update = start("periodicUpdate", 8 * HOUR, mondayNine)
    const change = at("2024-06-03T11:00:00-04:00")
    const shortened = right(Sla.changeDuration(update, calendar, HOUR, change, SHARE))
    expect(shortened.dueAt).toBe(change)
    expect(shortened.consumedMs).toBe(HOUR)
    expect(Sla.status(shortened, change)).not.toBe("breached")
    expect(Sla.status(shortened, change + 1)).toBe("breached")
    expect(Sla.owedEvents(shortened, 1, change + 1)).toEqual([
      {
        kind: "breached",
        target: "periodicUpdate",
        cycle: 1,
        round: 1,
        at: change + 1,
        dueAt: change,
      },
    ])
    expect(Sla.nextCheckAt(Sla.markNotified(shortened, Sla.owedEvents(shortened, 1, change)))).toBe(
      change + 1,
    )
    // Shortened while paused: the deadline is the change instant too.
    const paused = pause(update, change)
    const pausedShort = right(Sla.changeDuration(paused, calendar, HOUR, change + HOUR, SHARE))
    expect(pausedShort.dueAt).toBe(change + HOUR)
    expect(Sla.status(pausedShort, change + HOUR + 1)).toBe("breached")
  })

  it("CMP-4 a target shortened below its consumed time is at risk at once (atRiskAt is not after dueAt)", () => {
    const update = start("periodicUpdate", 8 * HOUR, mondayNine)
    const change = at("2024-06-03T11:00:00-04:00")
    const shortened = right(Sla.changeDuration(update, calendar, HOUR, change, SHARE))
    expect(shortened.atRiskAt).not.toBeNull()
    expect(iso(shortened.atRiskAt)).toBe(iso(change))
    expect(Sla.status(shortened, change)).toBe("atRisk")
  })

  it("SLA-30 a breached target keeps its breach whatever its new duration", () => {
    const short = start("resolution", 4 * HOUR, mondayNine)
    const changed = right(
      Sla.changeDuration(short, calendar, 16 * HOUR, at("2024-06-03T15:00:00-04:00"), SHARE),
    )
    expect(changed.durationMs).toBe(16 * HOUR)
    expect(changed.breachedAt).toBe(at("2024-06-03T13:00:00-04:00"))
    expect(Sla.status(changed, at("2024-06-03T15:00:00-04:00"))).toBe("breached")
    const done = complete(short, at("2024-06-03T12:00:00-04:00"))
    expect(
      right(Sla.changeDuration(done, calendar, HOUR, at("2024-06-03T15:00:00-04:00"), SHARE)),
    ).toBe(done)
  })
})
