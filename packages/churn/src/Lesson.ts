/**
 * Lessons learned from churn cases and the improvements they start (CHN-6, CHN-7).
 *
 * A lesson says what the company learned from one or more investigated cases, with
 * a root-cause code; it is routed to the responsible departments — sales, design,
 * technology, process, production, quality — each with an owner (CHN-6), and the
 * lessons are tabulated by department ({@link tabulate}).
 *
 * An improvement started from a lesson is a {@link TrackedImprovement}: the
 * complaint desk's CMP-13 improvement item (`Insight.Improvement` of
 * `@clientele/complaints`, source `churn`, with the department owner as its owner,
 * a priority and its status machine proposed → planned → in progress → done or
 * dropped), plus a named tracker who records progress (a percentage and a note) and
 * the result to completion (CHN-7). The tracker is required, and an improvement
 * cannot be completed without its result. {@link toImprovementProposal} gives the
 * bare CMP-13 proposal, so the complaint desk's register can receive a lesson's
 * improvement as one of its own items.
 *
 * @since 0.1.0
 */
import { Category, Insight } from "@clientele/complaints"
import { Errors, Ids, Period } from "@clientele/core"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"

const Label = Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(200))
const Description = Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(4000))

// --- models and schemas -----------------------------------------------------------

/**
 * The departments lessons are routed to (CHN-6).
 *
 * @example
 * ```ts
 * import { Lesson } from "@clientele/churn"
 *
 * Lesson.Department.literals // ["sales", "design", "technology", "process", "production", "quality"]
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Department = Schema.Literal(
  "sales",
  "design",
  "technology",
  "process",
  "production",
  "quality",
)

/**
 * The type of {@link Department}.
 *
 * @example
 * ```ts
 * import type { Lesson } from "@clientele/churn"
 *
 * const department: Lesson.Department = "design"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Department = typeof Department.Type

/**
 * A root-cause code, as the complaint desk records them (CMP-9), e.g.
 * `late-delivery`: what a lesson is about, and what an improvement's effect is
 * measured on (CMP-13).
 *
 * @example
 * ```ts
 * import { Lesson } from "@clientele/churn"
 *
 * const code = Lesson.RootCause.make("late-delivery")
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const RootCause = Schema.NonEmptyTrimmedString.pipe(
  Schema.maxLength(100),
  Schema.annotations({ identifier: "ChurnRootCause" }),
)

/**
 * A lesson's routing to one department (CHN-6): the department, its owner, when and
 * by whom it was routed.
 *
 * @example
 * ```ts
 * import type { Lesson } from "@clientele/churn"
 *
 * const who = (route: Lesson.Route) => `${route.department}: ${route.owner}`
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Route = Schema.Struct({
  department: Department,
  owner: Ids.StaffId,
  at: Period.Instant,
  by: Ids.StaffId,
}).annotations({ identifier: "ChurnLessonRoute" })

/**
 * The type of {@link Route}.
 *
 * @example
 * ```ts
 * import type { Lesson } from "@clientele/churn"
 *
 * const owner = (route: Lesson.Route) => route.owner
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Route = typeof Route.Type

/**
 * One entry of a lesson's append-only history: recorded, or routed to a department
 * and owner.
 *
 * @example
 * ```ts
 * import type { Lesson } from "@clientele/churn"
 *
 * const routings = (lesson: Lesson.Lesson) => lesson.history.filter((step) => step.action === "routed")
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const LessonStep = Schema.Struct({
  action: Schema.Literal("recorded", "routed"),
  department: Schema.optional(Department),
  owner: Schema.optional(Ids.StaffId),
  at: Period.Instant,
  by: Ids.StaffId,
}).annotations({ identifier: "ChurnLessonStep" })

/**
 * The type of {@link LessonStep}.
 *
 * @example
 * ```ts
 * import type { Lesson } from "@clientele/churn"
 *
 * const when = (step: Lesson.LessonStep) => step.at
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type LessonStep = typeof LessonStep.Type

const distinct = <A>(values: ReadonlyArray<A>): boolean => new Set(values).size === values.length

/**
 * A lesson learned (CHN-6): what was learned (`title`, `description`), its root
 * cause, the cases it was learned from, when and by whom it was recorded, its
 * routes (one per department, each with an owner) and its history.
 *
 * @remarks
 * The description is about the company, not the customer: the customer's own words
 * stay on the case, where they are marked personal.
 *
 * @example
 * ```ts
 * import type { Lesson } from "@clientele/churn"
 *
 * const departments = (lesson: Lesson.Lesson) => lesson.routes.map((route) => route.department)
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Lesson = Schema.Struct({
  id: Ids.IdString,
  title: Label,
  description: Description,
  rootCause: RootCause,
  caseIds: Schema.NonEmptyArray(Ids.IdString),
  recordedAt: Period.Instant,
  recordedBy: Ids.StaffId,
  routes: Schema.Array(Route),
  history: Schema.NonEmptyArray(LessonStep),
}).pipe(
  Schema.filter((lesson) => {
    const issues: Array<Schema.FilterIssue> = []
    if (!distinct(lesson.caseIds))
      issues.push({ path: ["caseIds"], message: "a case is named once" })
    if (!distinct(lesson.routes.map((route) => route.department)))
      issues.push({ path: ["routes"], message: "a lesson is routed once to each department" })
    let previous = lesson.recordedAt
    lesson.history.forEach((step, index) => {
      if (step.at < previous)
        issues.push({
          path: ["history", index, "at"],
          message: "history entries are in time order, none before the lesson was recorded",
        })
      previous = Math.max(previous, step.at)
    })
    return issues
  }),
  Schema.annotations({ identifier: "ChurnLesson" }),
)

/**
 * The type of {@link Lesson}.
 *
 * @example
 * ```ts
 * import type { Lesson } from "@clientele/churn"
 *
 * const routed = (lesson: Lesson.Lesson) => lesson.routes.length > 0
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Lesson = typeof Lesson.Type

/**
 * What {@link record} takes: the lesson's id, what was learned, its root cause, the
 * cases it comes from, when and by whom.
 *
 * @example
 * ```ts
 * import { Lesson } from "@clientele/churn"
 * import * as Schema from "effect/Schema"
 *
 * const input = Schema.decodeUnknownSync(Lesson.LessonInput)({
 *   id: "lesson-1",
 *   title: "Call back within a day after a failed delivery",
 *   description: "Three customers left after waiting a week for a call about a missed delivery.",
 *   rootCause: "late-delivery",
 *   caseIds: ["case-1", "case-4", "case-9"],
 *   at: Date.UTC(2024, 6, 1),
 *   by: "lead-1",
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const LessonInput = Schema.Struct({
  id: Ids.IdString,
  title: Label,
  description: Description,
  rootCause: RootCause,
  caseIds: Schema.NonEmptyArray(Ids.IdString),
  at: Period.Instant,
  by: Ids.StaffId,
}).pipe(
  Schema.filter((input) =>
    distinct(input.caseIds) ? undefined : { path: ["caseIds"], message: "a case is named once" },
  ),
  Schema.annotations({ identifier: "ChurnLessonInput" }),
)

/**
 * The encoded form of {@link LessonInput}.
 *
 * @example
 * ```ts
 * import type { Lesson } from "@clientele/churn"
 *
 * const input: Lesson.LessonInputEncoded = {
 *   id: "lesson-1",
 *   title: "Match the online price in store",
 *   description: "Customers compared our shelf price with our own web shop.",
 *   rootCause: "price-mismatch",
 *   caseIds: ["case-2"],
 *   at: 0,
 *   by: "lead-1",
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type LessonInputEncoded = typeof LessonInput.Encoded

/**
 * What routing a lesson takes (CHN-6): the department and its owner.
 *
 * @example
 * ```ts
 * import { Lesson } from "@clientele/churn"
 * import * as Schema from "effect/Schema"
 *
 * const routing = Schema.decodeUnknownSync(Lesson.RouteInput)({ department: "process", owner: "ops-2" })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const RouteInput = Schema.Struct({
  department: Department,
  owner: Schema.propertySignature(Ids.StaffId).annotations({
    missingMessage: () => "CHN-6: a lesson is routed to a department with an owner",
  }),
}).annotations({ identifier: "ChurnRouteInput" })

/**
 * The encoded form of {@link RouteInput}.
 *
 * @example
 * ```ts
 * import type { Lesson } from "@clientele/churn"
 *
 * const routing: Lesson.RouteInputEncoded = { department: "quality", owner: "qa-1" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type RouteInputEncoded = typeof RouteInput.Encoded

/**
 * When and by whom a change is made.
 *
 * @example
 * ```ts
 * import type { Lesson } from "@clientele/churn"
 * import { Ids } from "@clientele/core"
 *
 * const change: Lesson.Change = { at: Date.UTC(2024, 6, 2), by: Ids.StaffId.make("lead-1") }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Change {
  readonly at: number
  readonly by: Ids.StaffId
}

/**
 * A progress note of an improvement (CHN-7): how far it is (0 … 100 %), what was
 * done, when and by whom.
 *
 * @example
 * ```ts
 * import type { Lesson } from "@clientele/churn"
 *
 * const latest = (t: Lesson.TrackedImprovement) => t.progress[t.progress.length - 1]?.percent ?? 0
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ProgressNote = Schema.Struct({
  percent: Schema.Int.pipe(Schema.between(0, 100)),
  note: Description,
  at: Period.Instant,
  by: Ids.StaffId,
}).annotations({ identifier: "ChurnProgressNote" })

/**
 * The type of {@link ProgressNote}.
 *
 * @example
 * ```ts
 * import type { Lesson } from "@clientele/churn"
 *
 * const line = (note: Lesson.ProgressNote) => `${note.percent} %: ${note.note}`
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type ProgressNote = typeof ProgressNote.Type

/**
 * The result an improvement was completed with (CHN-7): what changed and what it
 * achieved, when and by whom.
 *
 * @example
 * ```ts
 * import type { Lesson } from "@clientele/churn"
 *
 * const outcome = (t: Lesson.TrackedImprovement) => t.result?.summary
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ImprovementResult = Schema.Struct({
  summary: Description,
  at: Period.Instant,
  by: Ids.StaffId,
}).annotations({ identifier: "ChurnImprovementResult" })

/**
 * The type of {@link ImprovementResult}.
 *
 * @example
 * ```ts
 * import type { Lesson } from "@clientele/churn"
 *
 * const by = (result: Lesson.ImprovementResult) => result.by
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type ImprovementResult = typeof ImprovementResult.Type

/**
 * An assignment of an improvement's tracker: who tracks it from when, and who
 * assigned them.
 *
 * @example
 * ```ts
 * import type { Lesson } from "@clientele/churn"
 *
 * const trackers = (t: Lesson.TrackedImprovement) => t.assignments.map((a) => a.tracker)
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Assignment = Schema.Struct({
  tracker: Ids.StaffId,
  at: Period.Instant,
  by: Ids.StaffId,
}).annotations({ identifier: "ChurnTrackerAssignment" })

/**
 * The type of {@link Assignment}.
 *
 * @example
 * ```ts
 * import type { Lesson } from "@clientele/churn"
 *
 * const since = (a: Lesson.Assignment) => a.at
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Assignment = typeof Assignment.Type

const isFinal = (status: Insight.ImprovementStatus) => status === "done" || status === "dropped"

/**
 * An improvement started from a lesson (CHN-7, CMP-13): the complaint desk's
 * improvement item (source `churn`, owned by the department's owner, with a
 * priority and its status history), the lesson and department it comes from, its
 * named tracker (and every assignment of one), an optional due date, the progress
 * notes and the result.
 *
 * The schema checks that the item's source is `churn`, that a done item has its
 * result and only a done item has one, that the tracker is the last one assigned,
 * and that the progress notes are in time order.
 *
 * @example
 * ```ts
 * import type { Lesson } from "@clientele/churn"
 *
 * const status = (t: Lesson.TrackedImprovement) => `${t.improvement.title}: ${t.improvement.status}, tracked by ${t.tracker}`
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const TrackedImprovement = Schema.Struct({
  improvement: Insight.Improvement,
  lessonId: Ids.IdString,
  department: Department,
  tracker: Ids.StaffId,
  assignments: Schema.NonEmptyArray(Assignment),
  dueAt: Schema.optional(Period.Instant),
  progress: Schema.Array(ProgressNote),
  result: Schema.optional(ImprovementResult),
}).pipe(
  Schema.filter((tracked) => {
    const issues: Array<Schema.FilterIssue> = []
    const item = tracked.improvement
    if (item.source !== "churn")
      issues.push({
        path: ["improvement", "source"],
        message: "an improvement from a lesson has the source churn",
      })
    if (item.status === "done" && tracked.result === undefined)
      issues.push({
        path: ["result"],
        message: "CHN-7: a completed improvement records its result",
      })
    if (item.status !== "done" && tracked.result !== undefined)
      issues.push({ path: ["result"], message: "only a completed improvement has a result" })
    const last = tracked.assignments[tracked.assignments.length - 1]
    if (last !== undefined && last.tracker !== tracked.tracker)
      issues.push({ path: ["tracker"], message: "the tracker is the one assigned last" })
    let previous = item.createdAt
    tracked.progress.forEach((note, index) => {
      if (note.at < previous)
        issues.push({
          path: ["progress", index, "at"],
          message: "progress notes are in time order, none before the improvement was started",
        })
      previous = Math.max(previous, note.at)
    })
    if (tracked.dueAt !== undefined && tracked.dueAt < item.createdAt)
      issues.push({ path: ["dueAt"], message: "an improvement is not due before it starts" })
    return issues
  }),
  Schema.annotations({ identifier: "ChurnTrackedImprovement" }),
)

/**
 * The type of {@link TrackedImprovement}.
 *
 * @example
 * ```ts
 * import type { Lesson } from "@clientele/churn"
 *
 * const done = (t: Lesson.TrackedImprovement) => t.improvement.status === "done"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type TrackedImprovement = typeof TrackedImprovement.Type

/**
 * What starting an improvement from a lesson takes (CHN-7): its id, the department
 * it is for (the lesson must be routed there; the department's owner owns it), the
 * tracker (required), the CMP-13 priority, an optional title (the lesson's by
 * default) and an optional due date.
 *
 * @example
 * ```ts
 * import { Lesson } from "@clientele/churn"
 * import * as Schema from "effect/Schema"
 *
 * const input = Schema.decodeUnknownSync(Lesson.ImprovementInput)({
 *   id: "imp-1",
 *   department: "process",
 *   tracker: "pm-4",
 *   priority: "high",
 *   dueAt: Date.UTC(2024, 8, 30),
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ImprovementInput = Schema.Struct({
  id: Ids.IdString,
  department: Department,
  tracker: Schema.propertySignature(Ids.StaffId).annotations({
    missingMessage: () => "CHN-7: a named person tracks each improvement",
  }),
  priority: Category.Priority,
  title: Schema.optional(Label),
  dueAt: Schema.optional(Period.Instant),
}).annotations({ identifier: "ChurnImprovementInput" })

/**
 * The encoded form of {@link ImprovementInput}.
 *
 * @example
 * ```ts
 * import type { Lesson } from "@clientele/churn"
 *
 * const input: Lesson.ImprovementInputEncoded = { id: "imp-1", department: "design", tracker: "pm-4", priority: "normal" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type ImprovementInputEncoded = typeof ImprovementInput.Encoded

/**
 * What a progress note takes: the percentage and the note.
 *
 * @example
 * ```ts
 * import { Lesson } from "@clientele/churn"
 *
 * const note = Lesson.ProgressInput.make({ percent: 40, note: "New call-back script drafted." })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ProgressInput = Schema.Struct({
  percent: Schema.Int.pipe(Schema.between(0, 100)),
  note: Description,
}).annotations({ identifier: "ChurnProgressInput" })

/**
 * The encoded form of {@link ProgressInput}.
 *
 * @example
 * ```ts
 * import type { Lesson } from "@clientele/churn"
 *
 * const note: Lesson.ProgressInputEncoded = { percent: 80, note: "Piloted in two stores." }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type ProgressInputEncoded = typeof ProgressInput.Encoded

/**
 * The statuses an improvement can be moved to by hand; `done` needs a result and
 * goes through {@link complete}.
 *
 * @example
 * ```ts
 * import { Lesson } from "@clientele/churn"
 *
 * Lesson.Advance.literals // ["planned", "inProgress", "dropped"]
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Advance = Schema.Literal("planned", "inProgress", "dropped")

/**
 * The type of {@link Advance}.
 *
 * @example
 * ```ts
 * import type { Lesson } from "@clientele/churn"
 *
 * const to: Lesson.Advance = "inProgress"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Advance = typeof Advance.Type

// --- constructors -----------------------------------------------------------------

const decodeLesson = Errors.decodeEither(LessonInput)
const decodeRoute = Errors.decodeEither(RouteInput)
const decodeImprovement = Errors.decodeEither(ImprovementInput)
const decodeProgress = Errors.decodeEither(ProgressInput)
const decodeResult = Errors.decodeEither(
  Schema.Struct({
    result: Schema.propertySignature(Description).annotations({
      missingMessage: () => "CHN-7: an improvement is completed with its result",
    }),
  }),
)
const decodeTracker = Errors.decodeEither(
  Schema.Struct({
    tracker: Schema.propertySignature(Ids.StaffId).annotations({
      missingMessage: () => "CHN-7: a named person tracks each improvement",
    }),
  }),
)

const invalid = (path: ReadonlyArray<string | number>, message: string) =>
  Either.left(Errors.ValidationError.fromIssues([{ path, message }]))

/** The instant is valid and not before `last`: histories are append-only. */
const checkChange = (
  change: Change,
  last: number,
): Either.Either<Change, Errors.ValidationError> => {
  if (!Schema.is(Period.Instant)(change.at))
    return invalid(["at"], `${change.at} is not a valid instant`)
  if (!Schema.is(Ids.StaffId)(change.by)) return invalid(["by"], "the staff id is not valid")
  if (change.at < last)
    return invalid(
      ["at"],
      `a change at ${change.at} cannot precede the last entry at ${last}: the history is append-only, in time order`,
    )
  return Either.right(change)
}

/**
 * Records a lesson learned from cases (CHN-6), not yet routed. Bad input is a
 * `ValidationError` naming the field.
 *
 * @example
 * ```ts
 * import { Lesson } from "@clientele/churn"
 *
 * const lesson = Lesson.record({
 *   id: "lesson-1",
 *   title: "Call back within a day after a failed delivery",
 *   description: "Customers left after waiting a week for a call about a missed delivery.",
 *   rootCause: "late-delivery",
 *   caseIds: ["case-1"],
 *   at: Date.UTC(2024, 6, 1),
 *   by: "lead-1",
 * })
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const record = (input: LessonInputEncoded): Either.Either<Lesson, Errors.ValidationError> =>
  Either.map(
    decodeLesson(input),
    ({ at, by, ...rest }): Lesson => ({
      ...rest,
      recordedAt: at,
      recordedBy: by,
      routes: [],
      history: [{ action: "recorded", at, by }],
    }),
  )

// --- decisions --------------------------------------------------------------------

/**
 * Routes a lesson to a department with its owner (CHN-6). Routing a department
 * again hands it to the new owner; every routing is kept in the history. A missing
 * owner or an unknown department is a `ValidationError`.
 *
 * @example
 * ```ts
 * import { Lesson } from "@clientele/churn"
 * import { Ids } from "@clientele/core"
 *
 * declare const lesson: Lesson.Lesson
 * const routed = Lesson.route(lesson, { department: "process", owner: "ops-2" }, { at: Date.UTC(2024, 6, 2), by: Ids.StaffId.make("lead-1") })
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const route = (
  lesson: Lesson,
  input: RouteInputEncoded,
  change: Change,
): Either.Either<Lesson, Errors.ValidationError> =>
  Either.gen(function* () {
    const last = lesson.history[lesson.history.length - 1]?.at ?? lesson.recordedAt
    const { at, by } = yield* checkChange(change, last)
    const { department, owner } = yield* decodeRoute(input)
    const routed: Route = { department, owner, at, by }
    const kept = lesson.routes.filter((existing) => existing.department !== department)
    // Routes stay in the order of the departments list, so tables read the same way.
    const routes = [...kept, routed].sort(
      (a, b) =>
        Department.literals.indexOf(a.department) - Department.literals.indexOf(b.department),
    )
    return {
      ...lesson,
      routes,
      history: [...lesson.history, { action: "routed" as const, department, owner, at, by }],
    }
  })

/**
 * The owner a lesson is routed to in a department, if it is routed there.
 *
 * @example
 * ```ts
 * import { Lesson } from "@clientele/churn"
 * import * as Option from "effect/Option"
 *
 * declare const lesson: Lesson.Lesson
 * const owner = Option.getOrUndefined(Lesson.ownerIn(lesson, "design"))
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const ownerIn = (lesson: Lesson, department: Department): Option.Option<Ids.StaffId> =>
  Option.map(
    Option.fromNullable(lesson.routes.find((r) => r.department === department)),
    (r) => r.owner,
  )

/**
 * The CMP-13 proposal of an improvement from a lesson: source `churn`, the lesson's
 * root cause, its title (or the one given), and as owner the owner the lesson is
 * routed to in the department — so the complaint desk's register
 * (`Insight.propose`) can take it as one of its own items. A lesson not routed to
 * the department is a `ValidationError` at `department` (CHN-6: route it first).
 *
 * @example
 * ```ts
 * import { Lesson } from "@clientele/churn"
 * import { Insight } from "@clientele/complaints"
 * import { Ids } from "@clientele/core"
 * import * as Either from "effect/Either"
 *
 * declare const lesson: Lesson.Lesson
 * const item = Either.flatMap(
 *   Lesson.toImprovementProposal(lesson, {
 *     id: "imp-1",
 *     department: "process",
 *     priority: "high",
 *     createdAt: Date.UTC(2024, 6, 3),
 *     by: Ids.StaffId.make("lead-1"),
 *   }),
 *   Insight.propose,
 * )
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const toImprovementProposal = (
  lesson: Lesson,
  options: {
    readonly id: string
    readonly department: Department
    readonly priority: Category.Priority
    readonly title?: string | undefined
    readonly createdAt: number
    readonly by: Ids.StaffId
  },
): Either.Either<Insight.Proposal, Errors.ValidationError> => {
  const owner = ownerIn(lesson, options.department)
  if (Option.isNone(owner))
    return invalid(
      ["department"],
      `CHN-6: lesson ${lesson.id} is not routed to ${options.department}; route it to the department's owner first`,
    )
  return Errors.decodeEither(Insight.Proposal)({
    id: options.id,
    title: options.title ?? lesson.title,
    rootCause: lesson.rootCause,
    source: "churn",
    owner: owner.value,
    priority: options.priority,
    createdAt: options.createdAt,
    by: options.by,
  })
}

/**
 * Starts an improvement from a lesson (CHN-7): the CMP-13 item is proposed (see
 * {@link toImprovementProposal}), with its named tracker, an optional due date, no
 * progress yet. A missing tracker is a `ValidationError` at `tracker`; a lesson not
 * routed to the department one at `department`; a due date before the start one at
 * `dueAt`.
 *
 * @example
 * ```ts
 * import { Lesson } from "@clientele/churn"
 * import { Ids } from "@clientele/core"
 *
 * declare const lesson: Lesson.Lesson
 * const tracked = Lesson.startImprovement(
 *   lesson,
 *   { id: "imp-1", department: "process", tracker: "pm-4", priority: "high" },
 *   { at: Date.UTC(2024, 6, 3), by: Ids.StaffId.make("lead-1") },
 * )
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const startImprovement = (
  lesson: Lesson,
  input: ImprovementInputEncoded,
  change: Change,
): Either.Either<TrackedImprovement, Errors.ValidationError> =>
  Either.gen(function* () {
    const { at, by } = yield* checkChange(change, lesson.recordedAt)
    const started = yield* decodeImprovement(input)
    if (started.dueAt !== undefined && started.dueAt < at)
      return yield* invalid(["dueAt"], "an improvement is not due before it starts")
    const proposal = yield* toImprovementProposal(lesson, {
      id: started.id,
      department: started.department,
      priority: started.priority,
      title: started.title,
      createdAt: at,
      by,
    })
    const improvement = yield* Insight.propose(Schema.encodeSync(Insight.Proposal)(proposal))
    return {
      improvement,
      lessonId: lesson.id,
      department: started.department,
      tracker: started.tracker,
      assignments: [{ tracker: started.tracker, at, by }],
      ...(started.dueAt === undefined ? {} : { dueAt: started.dueAt }),
      progress: [],
    }
  })

/** The instant of the latest entry anywhere in the improvement's histories. */
const lastEntryAt = (tracked: TrackedImprovement): number =>
  Math.max(
    tracked.improvement.history[tracked.improvement.history.length - 1]?.at ??
      tracked.improvement.createdAt,
    tracked.progress[tracked.progress.length - 1]?.at ?? 0,
    tracked.assignments[tracked.assignments.length - 1]?.at ?? 0,
  )

const refuseFinal = (tracked: TrackedImprovement, attempted: string) =>
  Either.left(
    new Errors.InvalidTransitionError({
      entity: "improvement",
      state: tracked.improvement.status,
      attempted,
    }),
  )

/**
 * Moves an improvement to planned, in progress or dropped, by the CMP-13 status
 * machine (`Insight.allowedTransitions`); a step it does not allow is an
 * `InvalidTransitionError`.
 *
 * @example
 * ```ts
 * import { Lesson } from "@clientele/churn"
 * import { Ids } from "@clientele/core"
 *
 * declare const tracked: Lesson.TrackedImprovement
 * const planned = Lesson.advance(tracked, "planned", { at: Date.UTC(2024, 6, 4), by: Ids.StaffId.make("pm-4") })
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const advance = (
  tracked: TrackedImprovement,
  to: Advance,
  change: Change,
): Either.Either<TrackedImprovement, Errors.ValidationError | Errors.InvalidTransitionError> =>
  Either.gen(function* () {
    if (!Advance.literals.includes(to))
      return yield* invalid(
        ["to"],
        `an improvement is moved by hand to ${Advance.literals.join(", ")}`,
      )
    const { at, by } = yield* checkChange(change, lastEntryAt(tracked))
    const improvement = yield* Insight.transition(tracked.improvement, to, { at, by })
    return { ...tracked, improvement }
  })

/**
 * Records a progress note (CHN-7): a percentage from 0 to 100 and what was done. A
 * done or dropped improvement takes no more progress (`InvalidTransitionError`).
 *
 * @remarks
 * Reaching 100 % does not complete the improvement: completion needs the result
 * ({@link complete}).
 *
 * @example
 * ```ts
 * import { Lesson } from "@clientele/churn"
 * import { Ids } from "@clientele/core"
 *
 * declare const tracked: Lesson.TrackedImprovement
 * const noted = Lesson.recordProgress(tracked, { percent: 40, note: "Script drafted." }, { at: Date.UTC(2024, 6, 10), by: Ids.StaffId.make("pm-4") })
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const recordProgress = (
  tracked: TrackedImprovement,
  input: ProgressInputEncoded,
  change: Change,
): Either.Either<TrackedImprovement, Errors.ValidationError | Errors.InvalidTransitionError> =>
  Either.gen(function* () {
    if (isFinal(tracked.improvement.status)) return yield* refuseFinal(tracked, "record progress")
    const { at, by } = yield* checkChange(change, lastEntryAt(tracked))
    const { percent, note } = yield* decodeProgress(input)
    return { ...tracked, progress: [...tracked.progress, { percent, note, at, by }] }
  })

/**
 * Hands the tracking of an improvement to another named person (CHN-7); a done or
 * dropped improvement keeps its tracker (`InvalidTransitionError`).
 *
 * @example
 * ```ts
 * import { Lesson } from "@clientele/churn"
 * import { Ids } from "@clientele/core"
 *
 * declare const tracked: Lesson.TrackedImprovement
 * const handedOver = Lesson.assignTracker(tracked, "pm-5", { at: Date.UTC(2024, 7, 1), by: Ids.StaffId.make("lead-1") })
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const assignTracker = (
  tracked: TrackedImprovement,
  tracker: string,
  change: Change,
): Either.Either<TrackedImprovement, Errors.ValidationError | Errors.InvalidTransitionError> =>
  Either.gen(function* () {
    if (isFinal(tracked.improvement.status)) return yield* refuseFinal(tracked, "assign a tracker")
    const { at, by } = yield* checkChange(change, lastEntryAt(tracked))
    const assigned = yield* decodeTracker({ tracker })
    return {
      ...tracked,
      tracker: assigned.tracker,
      assignments: [...tracked.assignments, { tracker: assigned.tracker, at, by }],
    }
  })

/**
 * Completes an improvement with its result (CHN-7): the CMP-13 item moves to done
 * (only from in progress — an `InvalidTransitionError` otherwise), and the result
 * is recorded. No result, or a blank one, is a `ValidationError` at `result`.
 *
 * @example
 * ```ts
 * import { Lesson } from "@clientele/churn"
 * import { Ids } from "@clientele/core"
 *
 * declare const tracked: Lesson.TrackedImprovement
 * const done = Lesson.complete(
 *   tracked,
 *   { result: "Call-backs within a day in every store since August; no churn case cites them since." },
 *   { at: Date.UTC(2024, 8, 1), by: Ids.StaffId.make("pm-4") },
 * )
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const complete = (
  tracked: TrackedImprovement,
  input: { readonly result?: string | undefined },
  change: Change,
): Either.Either<TrackedImprovement, Errors.ValidationError | Errors.InvalidTransitionError> =>
  Either.gen(function* () {
    const { at, by } = yield* checkChange(change, lastEntryAt(tracked))
    const { result } = yield* decodeResult(input)
    const improvement = yield* Insight.transition(tracked.improvement, "done", { at, by })
    return { ...tracked, improvement, result: { summary: result, at, by } }
  })

/**
 * Whether an improvement is past its due date and neither done nor dropped.
 *
 * @example
 * ```ts
 * import { Lesson } from "@clientele/churn"
 *
 * declare const tracked: Lesson.TrackedImprovement
 * const late = Lesson.isOverdue(tracked, Date.now())
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const isOverdue = (tracked: TrackedImprovement, now: number): boolean =>
  tracked.dueAt !== undefined && tracked.dueAt < now && !isFinal(tracked.improvement.status)

/**
 * Whether an improvement is done or dropped.
 *
 * @example
 * ```ts
 * import { Lesson } from "@clientele/churn"
 *
 * declare const tracked: Lesson.TrackedImprovement
 * const closed = Lesson.isClosed(tracked)
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const isClosed = (tracked: TrackedImprovement): boolean =>
  isFinal(tracked.improvement.status)

// --- reports ----------------------------------------------------------------------

/**
 * One lesson in a department's row of the lesson table: the lesson, its root cause,
 * the department's owner for it, how many cases it comes from, and when it was
 * recorded.
 *
 * @example
 * ```ts
 * import type { Lesson } from "@clientele/churn"
 *
 * const cell = (entry: Lesson.TableEntry) => `${entry.title} (${entry.owner})`
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export interface TableEntry {
  readonly lessonId: string
  readonly title: string
  readonly rootCause: string
  readonly owner: Ids.StaffId
  readonly cases: number
  readonly recordedAt: number
}

/**
 * The lesson table (CHN-6): one row per department, in the order of
 * {@link Department} (every department listed, empty or not), each with the
 * lessons routed to it, oldest first; and the lessons not routed yet.
 *
 * @example
 * ```ts
 * import type { Lesson } from "@clientele/churn"
 *
 * const backlog = (table: Lesson.LessonTable) => table.unrouted.length
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export interface LessonTable {
  readonly departments: ReadonlyArray<{
    readonly department: Department
    readonly lessons: ReadonlyArray<TableEntry>
  }>
  readonly unrouted: ReadonlyArray<{ readonly lessonId: string; readonly title: string }>
}

/**
 * Tabulates lessons by department (CHN-6): a lesson routed to several departments
 * appears in each, with that department's owner.
 *
 * @example
 * ```ts
 * import { Lesson } from "@clientele/churn"
 *
 * declare const lessons: ReadonlyArray<Lesson.Lesson>
 * const table = Lesson.tabulate(lessons)
 * table.departments.map((row) => `${row.department}: ${row.lessons.length}`)
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export const tabulate = (lessons: ReadonlyArray<Lesson>): LessonTable => {
  const rows = new Map<Department, Array<TableEntry>>(
    Department.literals.map((department) => [department, []]),
  )
  const unrouted: Array<{ readonly lessonId: string; readonly title: string }> = []
  const ordered = [...lessons].sort((a, b) =>
    a.recordedAt !== b.recordedAt ? a.recordedAt - b.recordedAt : a.id < b.id ? -1 : 1,
  )
  for (const lesson of ordered) {
    if (lesson.routes.length === 0) unrouted.push({ lessonId: lesson.id, title: lesson.title })
    for (const routed of lesson.routes)
      rows.get(routed.department)?.push({
        lessonId: lesson.id,
        title: lesson.title,
        rootCause: lesson.rootCause,
        owner: routed.owner,
        cases: lesson.caseIds.length,
        recordedAt: lesson.recordedAt,
      })
  }
  return {
    departments: Department.literals.map((department) => ({
      department,
      lessons: rows.get(department) ?? [],
    })),
    unrouted,
  }
}
