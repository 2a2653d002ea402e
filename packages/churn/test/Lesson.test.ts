import { Insight } from "@clientele/complaints"
import { Errors, Ids } from "@clientele/core"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import { describe, expect, it } from "vitest"
import * as Lesson from "../src/Lesson.js"

const right = <A, E>(result: Either.Either<A, E>): A => {
  if (Either.isLeft(result)) throw new Error(`expected Right, got ${String(result.left)}`)
  return result.right
}

const left = <A, E>(result: Either.Either<A, E>): E => {
  if (Either.isRight(result)) throw new Error("expected Left")
  return result.left
}

const DAY = 86_400_000
const RECORDED = Date.UTC(2024, 6, 1, 9)
const lead = Ids.StaffId.make("lead-1")
const at = (days: number, by: Ids.StaffId = lead) => ({ at: RECORDED + days * DAY, by })

const pathsOf = (error: unknown) =>
  (error as Errors.ValidationError).issues.map((issue) => issue.path)

const recorded = (id = "lesson-1", caseIds: readonly [string, ...Array<string>] = ["case-1"]) =>
  right(
    Lesson.record({
      id,
      title: "Call back within a day after a failed delivery",
      description: "Customers left after waiting a week for a call about a missed delivery.",
      rootCause: "late-delivery",
      caseIds,
      at: RECORDED,
      by: lead,
    }),
  )

const routed = () =>
  right(Lesson.route(recorded(), { department: "process", owner: "ops-2" }, at(1)))

const started = (overrides: Partial<Lesson.ImprovementInputEncoded> = {}) =>
  right(
    Lesson.startImprovement(
      routed(),
      {
        id: "imp-1",
        department: "process",
        tracker: "pm-4",
        priority: "high",
        dueAt: RECORDED + 60 * DAY,
        ...overrides,
      },
      at(2),
    ),
  )

const inProgress = () => {
  const planned = right(Lesson.advance(started(), "planned", at(3)))
  return right(Lesson.advance(planned, "inProgress", at(4)))
}

describe("Lesson: lessons routed (CHN-6)", () => {
  it("CHN-6 a lesson is recorded from cases with its root cause, not yet routed", () => {
    const lesson = recorded("lesson-1", ["case-1", "case-4"])
    expect(lesson).toMatchObject({
      id: "lesson-1",
      rootCause: "late-delivery",
      caseIds: ["case-1", "case-4"],
      recordedAt: RECORDED,
      recordedBy: lead,
      routes: [],
      history: [{ action: "recorded", at: RECORDED, by: lead }],
    })
    expect(Schema.is(Lesson.Lesson)(lesson)).toBe(true)
  })

  it("CHN-6 a lesson naming a case twice, or none, is refused at caseIds", () => {
    const twice = left(
      Lesson.record({
        id: "l",
        title: "t",
        description: "d",
        rootCause: "r",
        caseIds: ["case-1", "case-1"],
        at: RECORDED,
        by: lead,
      }),
    )
    expect(pathsOf(twice)).toEqual([["caseIds"]])
    const none = left(
      Lesson.record({
        id: "l",
        title: "t",
        description: "d",
        rootCause: "r",
        caseIds: [] as unknown as readonly [string],
        at: RECORDED,
        by: lead,
      }),
    )
    expect(pathsOf(none).map((path) => path[0])).toEqual(["caseIds"])
  })

  it("CHN-6 a lesson is routed to a responsible department with an owner", () => {
    const lesson = routed()
    expect(lesson.routes).toEqual([
      { department: "process", owner: "ops-2", at: RECORDED + DAY, by: lead },
    ])
    expect(lesson.history.at(-1)).toEqual({
      action: "routed",
      department: "process",
      owner: "ops-2",
      at: RECORDED + DAY,
      by: lead,
    })
    expect(Option.getOrUndefined(Lesson.ownerIn(lesson, "process"))).toBe("ops-2")
    expect(Option.isNone(Lesson.ownerIn(lesson, "design"))).toBe(true)
  })

  it("CHN-6 routing without an owner, or to a department that is not one of the six, is refused", () => {
    const noOwner = left(
      Lesson.route(recorded(), { department: "sales" } as Lesson.RouteInputEncoded, at(1)),
    )
    expect((noOwner as Errors.ValidationError).issues).toEqual([
      { path: ["owner"], message: "CHN-6: a lesson is routed to a department with an owner" },
    ])
    const unknown = left(
      Lesson.route(
        recorded(),
        { department: "marketing" as Lesson.Department, owner: "m-1" },
        at(1),
      ),
    )
    expect(new Set(pathsOf(unknown).map((p) => p.join(".")))).toEqual(new Set(["department"]))
    expect(Lesson.Department.literals).toEqual([
      "sales",
      "design",
      "technology",
      "process",
      "production",
      "quality",
    ])
  })

  it("CHN-6 routing a department again hands it to the new owner and keeps both routings in the history", () => {
    const again = right(Lesson.route(routed(), { department: "process", owner: "ops-9" }, at(2)))
    expect(again.routes.map((r) => [r.department, r.owner])).toEqual([["process", "ops-9"]])
    expect(again.history.filter((s) => s.action === "routed").map((s) => s.owner)).toEqual([
      "ops-2",
      "ops-9",
    ])
  })

  it("CHN-6 the lesson table lists every department, a lesson under each department it is routed to with that owner, and the unrouted lessons", () => {
    const first = right(Lesson.route(routed(), { department: "quality", owner: "qa-1" }, at(2)))
    const second = right(
      Lesson.route(
        recorded("lesson-2", ["case-2", "case-3"]),
        { department: "sales", owner: "s-5" },
        at(1),
      ),
    )
    const third = recorded("lesson-3")
    const table = Lesson.tabulate([third, second, first])
    expect(table.departments.map((row) => row.department)).toEqual(Lesson.Department.literals)
    const cells = Object.fromEntries(
      table.departments.map((row) => [
        row.department,
        row.lessons.map((entry) => [entry.lessonId, entry.owner, entry.cases]),
      ]),
    )
    expect(cells).toEqual({
      sales: [["lesson-2", "s-5", 2]],
      design: [],
      technology: [],
      process: [["lesson-1", "ops-2", 1]],
      production: [],
      quality: [["lesson-1", "qa-1", 1]],
    })
    expect(table.unrouted).toEqual([{ lessonId: "lesson-3", title: third.title }])
  })

  it("CHN-6 a lesson's improvement becomes a CMP-13 proposal with source churn, owned by the department's owner, that the complaint desk's register accepts", () => {
    const proposal = right(
      Lesson.toImprovementProposal(routed(), {
        id: "imp-1",
        department: "process",
        priority: "high",
        createdAt: RECORDED + 2 * DAY,
        by: lead,
      }),
    )
    expect(proposal).toEqual({
      id: "imp-1",
      title: "Call back within a day after a failed delivery",
      rootCause: "late-delivery",
      source: "churn",
      owner: "ops-2",
      priority: "high",
      createdAt: RECORDED + 2 * DAY,
      by: lead,
    })
    const item = right(Insight.propose(Schema.encodeSync(Insight.Proposal)(proposal)))
    expect(item).toMatchObject({ status: "proposed", source: "churn", owner: "ops-2" })
  })

  it("CHN-6 an improvement for a department the lesson is not routed to is refused at department", () => {
    const error = left(
      Lesson.toImprovementProposal(routed(), {
        id: "imp-1",
        department: "design",
        priority: "low",
        createdAt: RECORDED + 2 * DAY,
        by: lead,
      }),
    )
    expect(pathsOf(error)).toEqual([["department"]])
    expect((error as Errors.ValidationError).message).toContain("CHN-6")
  })
})

describe("Lesson: improvements tracked (CHN-7)", () => {
  it("CHN-7 an improvement starts proposed, with its named tracker, the department owner as owner and its due date", () => {
    const tracked = started()
    expect(tracked).toMatchObject({
      lessonId: "lesson-1",
      department: "process",
      tracker: "pm-4",
      assignments: [{ tracker: "pm-4", at: RECORDED + 2 * DAY, by: lead }],
      dueAt: RECORDED + 60 * DAY,
      progress: [],
      improvement: {
        id: "imp-1",
        source: "churn",
        owner: "ops-2",
        priority: "high",
        status: "proposed",
        rootCause: "late-delivery",
      },
    })
    expect(Schema.is(Lesson.TrackedImprovement)(tracked)).toBe(true)
  })

  it("CHN-7 an improvement without a tracker is refused at tracker", () => {
    const error = left(
      Lesson.startImprovement(
        routed(),
        { id: "imp-1", department: "process", priority: "high" } as Lesson.ImprovementInputEncoded,
        at(2),
      ),
    )
    expect((error as Errors.ValidationError).issues).toEqual([
      { path: ["tracker"], message: "CHN-7: a named person tracks each improvement" },
    ])
  })

  it("CHN-7 an improvement due before it starts is refused at dueAt", () => {
    const error = left(
      Lesson.startImprovement(
        routed(),
        { id: "imp-1", department: "process", tracker: "pm-4", priority: "high", dueAt: RECORDED },
        at(2),
      ),
    )
    expect(pathsOf(error)).toEqual([["dueAt"]])
  })

  it("CHN-7 the tracker records progress notes with a percentage from 0 to 100", () => {
    const noted = right(
      Lesson.recordProgress(
        inProgress(),
        { percent: 40, note: "New call-back script drafted." },
        at(10, Ids.StaffId.make("pm-4")),
      ),
    )
    expect(noted.progress).toEqual([
      { percent: 40, note: "New call-back script drafted.", at: RECORDED + 10 * DAY, by: "pm-4" },
    ])
    const over = left(Lesson.recordProgress(noted, { percent: 120, note: "x" }, at(11)))
    expect(pathsOf(over)).toEqual([["percent"]])
    const blank = left(Lesson.recordProgress(noted, { percent: 50, note: "  " }, at(11)))
    expect(pathsOf(blank)).toEqual([["note"]])
  })

  it("CHN-7 an improvement cannot be completed without its result", () => {
    const tracked = inProgress()
    for (const input of [{}, { result: "" }, { result: "   " }]) {
      const error = left(Lesson.complete(tracked, input, at(20)))
      expect(error).toBeInstanceOf(Errors.ValidationError)
      expect(pathsOf(error)).toEqual([["result"]])
    }
    expect((left(Lesson.complete(tracked, {}, at(20))) as Errors.ValidationError).message).toBe(
      "result: CHN-7: an improvement is completed with its result",
    )
  })

  it("CHN-7 with its result an improvement in progress is completed: done, with the result and the completion date", () => {
    const done = right(
      Lesson.complete(
        inProgress(),
        { result: "Call-backs within a day in every store; no churn case cites them since." },
        at(30, Ids.StaffId.make("pm-4")),
      ),
    )
    expect(done.improvement.status).toBe("done")
    expect(done.improvement.completedAt).toBe(RECORDED + 30 * DAY)
    expect(done.result).toEqual({
      summary: "Call-backs within a day in every store; no churn case cites them since.",
      at: RECORDED + 30 * DAY,
      by: "pm-4",
    })
    expect(Lesson.isClosed(done)).toBe(true)
  })

  it("CHN-7 an improvement not yet in progress cannot be completed: CMP-13's status machine refuses it", () => {
    const error = left(Lesson.complete(started(), { result: "Done early." }, at(3)))
    expect(error).toBeInstanceOf(Errors.InvalidTransitionError)
    expect(error).toMatchObject({ state: "proposed", attempted: "done" })
  })

  it("CHN-7 a done or dropped improvement takes no more progress and keeps its tracker", () => {
    const done = right(Lesson.complete(inProgress(), { result: "Shipped." }, at(30)))
    const dropped = right(Lesson.advance(started(), "dropped", at(3)))
    expect(dropped.result).toBeUndefined()
    for (const closed of [done, dropped]) {
      expect(left(Lesson.recordProgress(closed, { percent: 100, note: "more" }, at(40)))._tag).toBe(
        "InvalidTransitionError",
      )
      expect(left(Lesson.assignTracker(closed, "pm-5", at(40)))._tag).toBe("InvalidTransitionError")
    }
  })

  it("CHN-7 tracking is handed to another named person, every assignment kept", () => {
    const handed = right(Lesson.assignTracker(started(), "pm-5", at(5)))
    expect(handed.tracker).toBe("pm-5")
    expect(handed.assignments.map((a) => a.tracker)).toEqual(["pm-4", "pm-5"])
    expect(pathsOf(left(Lesson.assignTracker(started(), "", at(5))))).toEqual([["tracker"]])
  })

  it("CHN-7 an improvement past its due date and not closed is overdue", () => {
    const tracked = started()
    expect(Lesson.isOverdue(tracked, RECORDED + 59 * DAY)).toBe(false)
    expect(Lesson.isOverdue(tracked, RECORDED + 61 * DAY)).toBe(true)
    const done = right(Lesson.complete(inProgress(), { result: "Shipped." }, at(30)))
    expect(Lesson.isOverdue(done, RECORDED + 61 * DAY)).toBe(false)
  })

  it("CHN-7 a stored improvement done without its result, or with a result while not done, does not decode", () => {
    const done = right(Lesson.complete(inProgress(), { result: "Shipped." }, at(30)))
    const encoded = Schema.encodeSync(Lesson.TrackedImprovement)(done)
    const { result: _, ...withoutResult } = encoded
    const decode = Errors.decodeEither(Lesson.TrackedImprovement)
    expect(pathsOf(left(decode(withoutResult)))).toEqual([["result"]])
    const notDone = Schema.encodeSync(Lesson.TrackedImprovement)(inProgress())
    expect(pathsOf(left(decode({ ...notDone, result: encoded.result })))).toEqual([["result"]])
  })

  it("CHN-7 progress, assignments and status changes dated before the last entry are refused: the record is append-only", () => {
    const noted = right(
      Lesson.recordProgress(inProgress(), { percent: 10, note: "Started." }, at(10)),
    )
    expect(pathsOf(left(Lesson.recordProgress(noted, { percent: 20, note: "x" }, at(9))))).toEqual([
      ["at"],
    ])
    expect(pathsOf(left(Lesson.complete(noted, { result: "Shipped." }, at(9))))).toEqual([["at"]])
  })
})

// --- properties -------------------------------------------------------------------

type Command =
  | { readonly _tag: "advance"; readonly to: Lesson.Advance }
  | { readonly _tag: "progress"; readonly percent: number }
  | { readonly _tag: "assign" }
  | { readonly _tag: "complete"; readonly withResult: boolean }

const commandArbitrary: FastCheck.Arbitrary<Command> = FastCheck.oneof(
  FastCheck.record({
    _tag: FastCheck.constant("advance" as const),
    to: FastCheck.constantFrom(...Lesson.Advance.literals),
  }),
  FastCheck.record({
    _tag: FastCheck.constant("progress" as const),
    percent: FastCheck.integer({ min: -10, max: 110 }),
  }),
  FastCheck.record({ _tag: FastCheck.constant("assign" as const) }),
  FastCheck.record({
    _tag: FastCheck.constant("complete" as const),
    withResult: FastCheck.boolean(),
  }),
)

describe("Lesson: properties", () => {
  it("CHN-7 whatever is recorded, an improvement stays valid, is done only with a result, and keeps a tracker", () => {
    FastCheck.assert(
      FastCheck.property(FastCheck.array(commandArbitrary, { maxLength: 12 }), (commands) => {
        let tracked = started()
        commands.forEach((command, i) => {
          const change = at(10 + i)
          const next =
            command._tag === "advance"
              ? Lesson.advance(tracked, command.to, change)
              : command._tag === "progress"
                ? Lesson.recordProgress(tracked, { percent: command.percent, note: "step" }, change)
                : command._tag === "assign"
                  ? Lesson.assignTracker(tracked, `pm-${i}`, change)
                  : Lesson.complete(
                      tracked,
                      command.withResult ? { result: "Shipped." } : {},
                      change,
                    )
          if (Either.isLeft(next)) {
            expect(["ValidationError", "InvalidTransitionError"]).toContain(next.left._tag)
            if (command._tag === "complete" && !command.withResult)
              expect(next.left._tag).toBe("ValidationError")
            return
          }
          tracked = next.right
          expect(Schema.is(Lesson.TrackedImprovement)(tracked)).toBe(true)
          expect(tracked.improvement.status === "done").toBe(tracked.result !== undefined)
          expect(tracked.tracker.length).toBeGreaterThan(0)
        })
      }),
      { numRuns: 300 },
    )
  })
})
