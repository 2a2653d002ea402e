import { BusinessTime, WorkingCalendar } from "@clientele/calendar"
import { Category, Complaint, Sla } from "@clientele/complaints"
import { Ids } from "@clientele/core"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import { describe, expect, it } from "vitest"
import * as FollowUp from "../src/FollowUp.js"

const right = <A, E>(result: Either.Either<A, E>): A => {
  if (Either.isLeft(result)) throw new Error(`expected Right, got ${String(result.left)}`)
  return result.right
}

const left = <A, E>(result: Either.Either<A, E>): E => {
  if (Either.isRight(result)) throw new Error("expected Left")
  return result.left
}

const HOUR = 3_600_000
const staffId = (id: string) => Ids.StaffId.make(id)

/** Mon–Fri 09:00–17:00 in New York, with Christmas off. */
const newYork = WorkingCalendar.weekdays("America/New_York", "09:00", "17:00", {
  holidays: [{ name: "Christmas", date: "2024-12-25", yearly: true }],
})

const policy = (parts: Partial<FollowUp.FollowUpPolicy> = {}): FollowUp.FollowUpPolicy => ({
  ...FollowUp.defaultPolicy(newYork),
  ...parts,
})

/** Friday 8 March 2024, 16:00 EST: the weekend before US clocks spring forward. */
const FRIDAY_BEFORE_DST = Date.parse("2024-03-08T16:00:00-05:00")

const complaintWith = (
  parts: Partial<typeof Complaint.Complaint.Encoded> = {},
): Complaint.Complaint =>
  Schema.decodeUnknownSync(Complaint.Complaint)({
    id: "cmp-1",
    customerId: "cus-1",
    channel: "hotline",
    category: "service/long-wait",
    severity: "moderate",
    priority: "normal",
    contact: {},
    description: "Waited 40 minutes at the till",
    problemKey: "service/long-wait:cus-1",
    receivedAt: FRIDAY_BEFORE_DST - 4 * HOUR,
    receivedBy: "ana",
    state: "resolved",
    assignee: "ana",
    handlers: ["ana"],
    resolution: {
      at: FRIDAY_BEFORE_DST,
      by: "ana",
      outcome: "apologised and explained",
      explanation: "A till was closed for maintenance",
      apologised: true,
      compensation: [],
      compensationPolicyVersion: 1,
      onFirstContact: false,
    },
    sla: { policyId: null, policyVersion: 1, calendarRevision: 1, cycles: [] },
    slaNextCheckAt: null,
    historyLength: 4,
    ...parts,
  })

/** The encoded resolution of the default complaint, to vary who resolved it and when. */
const baseResolution = (() => {
  const resolution = Schema.encodeSync(Complaint.Complaint)(complaintWith()).resolution
  if (resolution === undefined) throw new Error("the default complaint is resolved")
  return resolution
})()

const member = (id: string, parts: Partial<FollowUp.Staff> = {}): FollowUp.Staff => ({
  id: staffId(id),
  available: true,
  ...parts,
})

describe("FollowUp: scheduling", () => {
  it("VIS-9 the follow-up goes to the available non-handler with the fewest open follow-ups, then the smallest id", () => {
    const plan = right(
      FollowUp.scheduleFollowUp(
        complaintWith(),
        [
          member("zoe", { openFollowUps: 1 }),
          member("ana"),
          member("max", { openFollowUps: 1 }),
          member("bob", { openFollowUps: 4 }),
          member("eve", { available: false }),
        ],
        policy(),
        FRIDAY_BEFORE_DST + HOUR,
      ),
    )
    expect(plan).toMatchObject({
      complaintId: "cmp-1",
      customerId: "cus-1",
      assignee: "max",
      kind: "call",
      resolvedAt: FRIDAY_BEFORE_DST,
      plannedAt: FRIDAY_BEFORE_DST + HOUR,
      overdue: false,
      policyVersion: 1,
      calendarRevision: 1,
    })
  })

  it("VIS-9 only the handler is available: NoIndependentStaffError, never self-assignment", () => {
    const error = left(
      FollowUp.scheduleFollowUp(
        complaintWith(),
        [member("ana"), member("bob", { available: false })],
        policy(),
        FRIDAY_BEFORE_DST,
      ),
    )
    expect(error).toBeInstanceOf(FollowUp.NoIndependentStaffError)
    if (!(error instanceof FollowUp.NoIndependentStaffError)) return
    expect(error.rule).toBe("VIS-9")
    expect(error.handlers).toEqual(["ana"])
    expect(error.consideredStaff).toBe(2)
    expect(error.message).toContain("did not handle it")
  })

  it("VIS-9 a complaint that changed hands excludes every handler, not only the last", () => {
    const complaint = complaintWith({
      handlers: ["ana", "bob", "cid"],
      assignee: "cid",
      resolution: { ...baseResolution, by: "cid" },
    })
    const plan = right(
      FollowUp.scheduleFollowUp(
        complaint,
        [member("ana"), member("bob"), member("cid"), member("dan", { openFollowUps: 9 })],
        policy(),
        FRIDAY_BEFORE_DST,
      ),
    )
    expect(plan.assignee).toBe("dan")
    expect(FollowUp.handlersOf(complaint)).toEqual(["ana", "bob", "cid"])
  })

  it("VIS-9 who received, was assigned or resolved the complaint, in any cycle, counts as a handler", () => {
    const complaint = complaintWith({
      handlers: ["bob"],
      receivedBy: "rex",
      assignee: "amy",
      resolution: { ...baseResolution, by: "ray" },
      earlierResolutions: [{ ...baseResolution, by: "old" }],
    })
    expect(FollowUp.handlersOf(complaint)).toEqual(["bob", "amy", "rex", "ray", "old"])
    const error = left(
      FollowUp.scheduleFollowUp(
        complaint,
        ["bob", "amy", "rex", "ray", "old"].map((id) => member(id)),
        policy(),
        FRIDAY_BEFORE_DST,
      ),
    )
    expect(error._tag).toBe("NoIndependentStaffError")
  })

  it("VIS-9 with excludeHandlersTeam, the handlers' teammates are excluded too", () => {
    const staff = [
      member("ana", { team: "store" }),
      member("bea", { team: "store" }),
      member("cal", { team: "after-sales", openFollowUps: 3 }),
      member("dee"),
    ]
    const complaint = complaintWith()
    expect(
      right(FollowUp.scheduleFollowUp(complaint, staff, policy(), FRIDAY_BEFORE_DST)).assignee,
    ).toBe("bea")
    const strict = policy({ excludeHandlersTeam: true })
    expect(
      right(FollowUp.scheduleFollowUp(complaint, staff.slice(0, 3), strict, FRIDAY_BEFORE_DST))
        .assignee,
    ).toBe("cal")
    const error = left(
      FollowUp.scheduleFollowUp(complaint, staff.slice(0, 2), strict, FRIDAY_BEFORE_DST),
    )
    expect(error).toMatchObject({ _tag: "NoIndependentStaffError", excludedTeams: ["store"] })
  })

  it("VIS-9 with eligibleRoles, only staff holding one of them follow up", () => {
    const plan = right(
      FollowUp.scheduleFollowUp(
        complaintWith(),
        [member("abe"), member("zed", { roles: ["followUp"], openFollowUps: 5 })],
        policy({ eligibleRoles: ["followUp", "quality"] }),
        FRIDAY_BEFORE_DST,
      ),
    )
    expect(plan.assignee).toBe("zed")
  })

  it("VIS-9 the follow-up is a visit for the policy's visit tiers, or for everyone when visit is set", () => {
    const staff = [member("bob")]
    const kind = (complaint: Complaint.Complaint, p: FollowUp.FollowUpPolicy) =>
      right(FollowUp.scheduleFollowUp(complaint, staff, p, FRIDAY_BEFORE_DST)).kind
    expect(kind(complaintWith({ customerTier: "major" }), policy())).toBe("visit")
    expect(kind(complaintWith({ customerTier: "general" }), policy())).toBe("call")
    expect(kind(complaintWith(), policy())).toBe("call")
    expect(kind(complaintWith({ customerTier: "general" }), policy({ visit: true }))).toBe("visit")
  })

  it("VIS-9 a complaint not yet resolved is not due for follow-up", () => {
    const encoded = Schema.encodeSync(Complaint.Complaint)(complaintWith())
    const { resolution: _resolution, ...unresolved } = encoded
    const error = left(
      FollowUp.scheduleFollowUp(
        complaintWith({ ...unresolved, state: "inProgress" }),
        [member("bob")],
        policy(),
        FRIDAY_BEFORE_DST,
      ),
    )
    expect(error).toMatchObject({ _tag: "FollowUpNotDueError", state: "inProgress" })
  })

  it("VIS-9 a complaint already followed up gets no second follow-up", () => {
    const error = left(
      FollowUp.scheduleFollowUp(
        complaintWith({
          state: "followedUp",
          followUp: { at: FRIDAY_BEFORE_DST + HOUR, by: "bob", reached: true, solved: true },
        }),
        [member("bob")],
        policy(),
        FRIDAY_BEFORE_DST,
      ),
    )
    expect(error).toMatchObject({ _tag: "FollowUpAlreadyDoneError", state: "followedUp" })
  })

  it("VIS-9 the deadline is business time across a DST change", () => {
    // Friday 16:00 EST + 8 business hours: 1 h on Friday, 7 h on Monday 11 March,
    // after the clocks moved forward, so Monday 16:00 EDT (20:00 UTC, not 21:00).
    const plan = right(
      FollowUp.scheduleFollowUp(
        complaintWith(),
        [member("bob")],
        policy({ withinBusinessHours: 8 }),
        FRIDAY_BEFORE_DST,
      ),
    )
    expect(new Date(plan.dueAt).toISOString()).toBe("2024-03-11T20:00:00.000Z")
    expect(plan.dueAt).toBe(right(BusinessTime.dueAt(newYork, FRIDAY_BEFORE_DST, 8 * HOUR)))
  })

  it("VIS-9 the deadline is business time across a holiday", () => {
    const christmasEve = Date.parse("2024-12-24T16:00:00-05:00")
    const plan = right(
      FollowUp.scheduleFollowUp(
        complaintWith({ resolution: { ...baseResolution, at: christmasEve } }),
        [member("bob")],
        policy({ withinBusinessHours: 8 }),
        christmasEve,
      ),
    )
    // 1 h on the 24th, Christmas closed, 7 h on the 26th.
    expect(new Date(plan.dueAt).toISOString()).toBe("2024-12-26T21:00:00.000Z")
  })

  it("VIS-9 the default deadline is 16 business hours and a late plan is flagged overdue", () => {
    const late = Date.parse("2024-03-20T12:00:00-04:00")
    const plan = right(FollowUp.scheduleFollowUp(complaintWith(), [member("bob")], policy(), late))
    expect(FollowUp.defaultPolicy(newYork).withinBusinessHours).toBe(16)
    expect(plan.dueAt).toBe(right(BusinessTime.dueAt(newYork, FRIDAY_BEFORE_DST, 16 * HOUR)))
    expect(plan.overdue).toBe(true)
  })

  it("VIS-9 an urgent complaint's follow-up is due within 8 business hours by default", () => {
    const plan = right(
      FollowUp.scheduleFollowUp(
        complaintWith({ priority: "urgent" }),
        [member("bob")],
        policy(),
        FRIDAY_BEFORE_DST,
      ),
    )
    expect(plan.dueAt).toBe(right(BusinessTime.dueAt(newYork, FRIDAY_BEFORE_DST, 8 * HOUR)))
    expect(FollowUp.deadlineHours(policy(), "urgent")).toBe(8)
  })

  it("VIS-9 the default deadline of every priority is the complaints package's default SLA follow-up target", () => {
    const slaPolicies = Sla.defaultPolicies(newYork)
    for (const priority of Category.Priority.literals) {
      const target = Option.getOrThrow(
        Sla.match(slaPolicies, { category: "service/long-wait", channel: "hotline", priority }),
      ).targets.followUp
      expect(target?.clock ?? "business").toBe("business")
      expect(FollowUp.deadlineHours(FollowUp.defaultPolicy(newYork), priority) * HOUR).toBe(
        target?.durationMs,
      )
    }
  })

  it("VIS-9 withinBusinessHoursByPriority sets the hours of the priorities it names, the others keep withinBusinessHours", () => {
    const tiered = policy({ withinBusinessHours: 24, withinBusinessHoursByPriority: { high: 4 } })
    expect(FollowUp.deadlineHours(tiered, "high")).toBe(4)
    expect(FollowUp.deadlineHours(tiered, "urgent")).toBe(24)
    const due = (priority: Category.Priority) =>
      right(
        FollowUp.scheduleFollowUp(
          complaintWith({ priority }),
          [member("bob")],
          tiered,
          FRIDAY_BEFORE_DST,
        ),
      ).dueAt
    expect(due("high")).toBe(right(BusinessTime.dueAt(newYork, FRIDAY_BEFORE_DST, 4 * HOUR)))
    expect(due("low")).toBe(right(BusinessTime.dueAt(newYork, FRIDAY_BEFORE_DST, 24 * HOUR)))
    const encoded = Schema.encodeSync(FollowUp.FollowUpPolicy)(tiered)
    expect(Schema.decodeUnknownSync(FollowUp.FollowUpPolicy)(encoded)).toEqual(tiered)
    expect(
      Either.isLeft(
        Schema.decodeUnknownEither(FollowUp.FollowUpPolicy)({
          ...encoded,
          withinBusinessHoursByPriority: { urgent: 0 },
        }),
      ),
    ).toBe(true)
  })
})

describe("FollowUp: resolution cycles", () => {
  /** The complaint reopened after cid's follow-up found it unsolved, and bob resolved it again. */
  const secondCycle = (parts: Partial<typeof Complaint.Complaint.Encoded> = {}) =>
    complaintWith({
      handlers: ["ana", "bob"],
      assignee: "bob",
      earlierResolutions: [baseResolution],
      earlierFollowUps: [
        { at: FRIDAY_BEFORE_DST + 2 * HOUR, by: "cid", reached: true, solved: false },
      ],
      resolution: { ...baseResolution, by: "bob", at: FRIDAY_BEFORE_DST + 72 * HOUR },
      ...parts,
    })

  it("VIS-9 the plan names its resolution cycle: 0 first, then the number of earlier resolutions", () => {
    const first = right(
      FollowUp.scheduleFollowUp(complaintWith(), [member("bob")], policy(), FRIDAY_BEFORE_DST),
    )
    expect(first.cycle).toBe(0)
    expect(FollowUp.resolutionCycle(complaintWith())).toBe(0)
    const complaint = secondCycle()
    const second = right(
      FollowUp.scheduleFollowUp(
        complaint,
        [member("bob"), member("cid")],
        policy(),
        FRIDAY_BEFORE_DST,
      ),
    )
    expect(second).toMatchObject({
      cycle: 1,
      assignee: "cid",
      resolvedAt: FRIDAY_BEFORE_DST + 72 * HOUR,
    })
    expect(FollowUp.resolutionCycle(complaint)).toBe(1)
  })

  it("VIS-9 checkDue decides before the staff: a followed-up or unresolved complaint fails so even with nobody available", () => {
    const followedUp = secondCycle({
      state: "followedUp",
      followUp: { at: FRIDAY_BEFORE_DST + 80 * HOUR, by: "cid", reached: true, solved: true },
    })
    expect(left(FollowUp.checkDue(followedUp))).toMatchObject({
      _tag: "FollowUpAlreadyDoneError",
      state: "followedUp",
    })
    expect(left(FollowUp.scheduleFollowUp(followedUp, [], policy(), FRIDAY_BEFORE_DST))._tag).toBe(
      "FollowUpAlreadyDoneError",
    )
    const { resolution: _resolution, ...reopened } = Schema.encodeSync(Complaint.Complaint)(
      secondCycle(),
    )
    expect(
      left(
        FollowUp.scheduleFollowUp(
          complaintWith({ ...reopened, state: "inProgress" }),
          [],
          policy(),
          FRIDAY_BEFORE_DST,
        ),
      )._tag,
    ).toBe("FollowUpNotDueError")
    expect(right(FollowUp.checkDue(secondCycle())).at).toBe(FRIDAY_BEFORE_DST + 72 * HOUR)
  })
})

describe("FollowUp: checking a proposed assignee", () => {
  it("VIS-9 a proposed assignee who handled the complaint is refused with a typed error", () => {
    const complaint = complaintWith({ handlers: ["ana", "bob"] })
    const error = left(FollowUp.checkAssignee(complaint, staffId("bob")))
    expect(error).toBeInstanceOf(FollowUp.AssigneeNotIndependentError)
    expect(error).toMatchObject({ staffId: "bob", reason: "handledComplaint", rule: "VIS-9" })
    expect(right(FollowUp.checkAssignee(complaint, staffId("cid")))).toBe("cid")
  })

  it("VIS-9 a proposed assignee in a handler's team is refused when teams are excluded", () => {
    const staff = [member("ana", { team: "store" }), member("bea", { team: "store" })]
    const complaint = complaintWith()
    expect(right(FollowUp.checkAssignee(complaint, staffId("bea"), { staff }))).toBe("bea")
    expect(
      left(FollowUp.checkAssignee(complaint, staffId("bea"), { staff, excludeHandlersTeam: true })),
    ).toMatchObject({ reason: "handlersTeam", team: "store" })
  })
})

describe("FollowUp: properties", () => {
  const pool = ["ana", "bob", "cid", "dan", "eve", "fay"] as const

  const scenarioArb = FastCheck.record({
    handlers: FastCheck.subarray([...pool], { minLength: 1 }),
    assignee: FastCheck.option(FastCheck.constantFrom(...pool), { nil: undefined }),
    resolver: FastCheck.constantFrom(...pool),
    staff: FastCheck.uniqueArray(
      FastCheck.record({
        id: FastCheck.constantFrom(...pool),
        available: FastCheck.boolean(),
        team: FastCheck.option(FastCheck.constantFrom("store", "after-sales"), { nil: undefined }),
        openFollowUps: FastCheck.nat(5),
      }),
      { maxLength: pool.length, selector: (member) => member.id },
    ),
    excludeHandlersTeam: FastCheck.boolean(),
  })

  it("VIS-9 property: the follow-up assignee is never a handler, and nobody eligible is refused", () => {
    FastCheck.assert(
      FastCheck.property(scenarioArb, (scenario) => {
        const complaint = complaintWith({
          handlers: scenario.handlers,
          receivedBy: scenario.handlers[0] ?? "ana",
          ...(scenario.assignee !== undefined ? { assignee: scenario.assignee } : {}),
          resolution: { ...baseResolution, by: scenario.resolver },
        })
        const staff = scenario.staff.map(({ id, team, ...rest }) =>
          member(id, { ...rest, ...(team !== undefined ? { team } : {}) }),
        )
        const result = FollowUp.scheduleFollowUp(
          complaint,
          staff,
          policy({ excludeHandlersTeam: scenario.excludeHandlersTeam }),
          FRIDAY_BEFORE_DST,
        )
        const handlers = new Set<string>([
          ...scenario.handlers,
          scenario.resolver,
          ...(scenario.assignee !== undefined ? [scenario.assignee] : []),
        ])
        const eligible = staff.filter(
          (m) =>
            m.available &&
            Either.isRight(
              FollowUp.checkAssignee(complaint, m.id, {
                staff,
                excludeHandlersTeam: scenario.excludeHandlersTeam,
              }),
            ),
        )
        if (Either.isRight(result)) {
          expect(handlers.has(result.right.assignee)).toBe(false)
          expect(eligible.map((m) => m.id)).toContain(result.right.assignee)
        } else {
          expect(result.left._tag).toBe("NoIndependentStaffError")
          expect(eligible).toEqual([])
        }
      }),
    )
  })
})
