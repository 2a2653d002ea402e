/**
 * Complaint follow-ups (VIS-9, scheduling the follow-up that CMP-11 makes
 * mandatory): once a complaint is resolved, a follow-up call or visit is assigned
 * to someone who did not handle the complaint, due a number of business hours
 * after the resolution on a working calendar (by default the complaints SLA's
 * follow-up target: 16 business hours, 8 for an urgent complaint). A complaint
 * that reopens and is resolved again starts a new resolution cycle, which gets a
 * follow-up of its own.
 *
 * Separation of duties: the people who handled a complaint are every one of its
 * `handlers` (the complaint keeps all of them, not only the last), its assignee,
 * whoever received it and whoever resolved it, in this cycle or an earlier one;
 * none of them is ever chosen, and a policy may exclude their teams too. Among the
 * eligible staff the choice is deterministic: the fewest open follow-ups, then the
 * smallest id. When nobody is eligible the answer is a `NoIndependentStaffError`,
 * never a silent self-assignment.
 *
 * @since 0.1.0
 */
import { BusinessTime, type CalendarError, WorkingCalendar } from "@clientele/calendar"
import type { Category, Complaint } from "@clientele/complaints"
import { Ids, Period } from "@clientele/core"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"

const HOUR_MS = 3_600_000

const Label = Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(64))

/** A deadline in business hours: above zero, at most ten years of round-the-clock hours. */
const BusinessHours = Schema.Number.pipe(Schema.greaterThan(0), Schema.lessThanOrEqualTo(87_600))

/**
 * Follow-up deadlines by complaint priority (the priorities of the complaints
 * package's `Category.Priority`); a priority left out uses `withinBusinessHours`.
 */
const BusinessHoursByPriority = Schema.Struct({
  /** The deadline of a `low` priority complaint's follow-up. */
  low: Schema.optional(BusinessHours),
  /** The deadline of a `normal` priority complaint's follow-up. */
  normal: Schema.optional(BusinessHours),
  /** The deadline of a `high` priority complaint's follow-up. */
  high: Schema.optional(BusinessHours),
  /** The deadline of an `urgent` complaint's follow-up. */
  urgent: Schema.optional(BusinessHours),
} satisfies Record<Category.Priority, unknown>)

/**
 * A member of staff who might follow up: whether they are `available`, their
 * `roles` and `team`, and how many follow-ups they already have open (absent: 0).
 *
 * @example
 * ```ts
 * import { FollowUp } from "@clientele/visits"
 * import * as Schema from "effect/Schema"
 *
 * const lena = Schema.decodeUnknownSync(FollowUp.Staff)({
 *   id: "lena",
 *   available: true,
 *   roles: ["followUp"],
 *   team: "after-sales",
 *   openFollowUps: 2,
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Staff = Schema.Struct({
  id: Ids.StaffId,
  available: Schema.Boolean,
  roles: Schema.optional(Schema.Array(Label)),
  team: Schema.optional(Label),
  openFollowUps: Schema.optional(Schema.Int.pipe(Schema.nonNegative())),
})

/**
 * The type of {@link Staff}.
 *
 * @example
 * ```ts
 * import { Ids } from "@clientele/core"
 * import type { FollowUp } from "@clientele/visits"
 *
 * const member: FollowUp.Staff = { id: Ids.StaffId.make("lena"), available: true }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Staff = typeof Staff.Type

/**
 * The follow-up policy (VIS-9), versioned data: the follow-up is due
 * `withinBusinessHours` of business time after the resolution on `calendar`, or
 * the hours `withinBusinessHoursByPriority` gives for the complaint's priority;
 * it is a visit when `visit` is set or the customer's tier is one of
 * `visitTiers`, a call otherwise; `excludeHandlersTeam` also keeps the handlers'
 * teammates out; and, when `eligibleRoles` is given, only staff holding one of
 * those roles follow up.
 *
 * @example
 * ```ts
 * import { WorkingCalendar } from "@clientele/calendar"
 * import { FollowUp } from "@clientele/visits"
 *
 * const policy: FollowUp.FollowUpPolicy = {
 *   ...FollowUp.defaultPolicy(WorkingCalendar.weekdays("Europe/Paris", "09:00", "17:00")),
 *   version: 2,
 *   excludeHandlersTeam: true,
 *   withinBusinessHoursByPriority: { urgent: 4, high: 8 },
 * }
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const FollowUpPolicy = Schema.Struct({
  version: Schema.Int.pipe(Schema.positive()),
  withinBusinessHours: BusinessHours,
  withinBusinessHoursByPriority: Schema.optional(BusinessHoursByPriority),
  calendar: WorkingCalendar.WorkingCalendar,
  visit: Schema.Boolean,
  visitTiers: Schema.Array(Label),
  excludeHandlersTeam: Schema.Boolean,
  eligibleRoles: Schema.optional(Schema.Array(Label)),
}).pipe(Schema.annotations({ identifier: "FollowUpPolicy" }))

/**
 * The type of {@link FollowUpPolicy}.
 *
 * @example
 * ```ts
 * import type { FollowUp } from "@clientele/visits"
 *
 * const withinMs = (policy: FollowUp.FollowUpPolicy) => policy.withinBusinessHours * 3_600_000
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type FollowUpPolicy = typeof FollowUpPolicy.Type

/**
 * The default follow-up policy (version 1) on a working calendar: due 16 business
 * hours after the resolution (two working days of a 9-to-5 calendar), 8 for an
 * `urgent` complaint; a visit for the tiers `major`, `5-star` and `4-star` and a
 * call for the others; the handlers' teams not excluded; any role eligible.
 *
 * @remarks
 * RULES.md sets no deadline and does not say whether a follow-up is a call or a
 * visit. The deadlines are those of the follow-up target of the complaints
 * package's default SLA policies (`Sla.defaultPolicies`: 8 business hours for
 * urgent complaints, 16 for every other priority), so a follow-up planned on
 * time never breaches the complaint's own SLA; a tenant that changes its SLA
 * policies sets the same hours here. Visits are spent on the tiers whose service
 * standard includes visits (SEG-5).
 *
 * @example
 * ```ts
 * import { WorkingCalendar } from "@clientele/calendar"
 * import { FollowUp } from "@clientele/visits"
 *
 * const policy = FollowUp.defaultPolicy(WorkingCalendar.weekdays("America/New_York", "09:00", "17:00"))
 * policy.withinBusinessHours // 16
 * policy.withinBusinessHoursByPriority?.urgent // 8
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const defaultPolicy = (calendar: WorkingCalendar.WorkingCalendar): FollowUpPolicy => ({
  version: 1,
  withinBusinessHours: 16,
  withinBusinessHoursByPriority: { urgent: 8 },
  calendar,
  visit: false,
  visitTiers: ["major", "5-star", "4-star"],
  excludeHandlersTeam: false,
})

/**
 * The business hours a policy allows for the follow-up of a complaint of a given
 * priority: the priority's own hours when `withinBusinessHoursByPriority` names
 * it, `withinBusinessHours` otherwise.
 *
 * @example
 * ```ts
 * import { WorkingCalendar } from "@clientele/calendar"
 * import { FollowUp } from "@clientele/visits"
 *
 * const policy = FollowUp.defaultPolicy(WorkingCalendar.weekdays("Europe/Paris", "09:00", "17:00"))
 * FollowUp.deadlineHours(policy, "urgent") // 8
 * FollowUp.deadlineHours(policy, "normal") // 16
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const deadlineHours = (policy: FollowUpPolicy, priority: Category.Priority): number =>
  policy.withinBusinessHoursByPriority?.[priority] ?? policy.withinBusinessHours

/**
 * A scheduled follow-up: the complaint and customer, the resolution cycle it
 * follows up (`cycle`, see {@link resolutionCycle}), who follows up, whether it is
 * a visit or a call, when the complaint was resolved, when the follow-up is due
 * (business time on the policy's calendar), when it was planned and whether it
 * was already overdue then, and the policy version and calendar revision used.
 *
 * @example
 * ```ts
 * import type { FollowUp } from "@clientele/visits"
 *
 * const summary = (plan: FollowUp.FollowUpPlan) => `${plan.kind} by ${plan.assignee} before ${new Date(plan.dueAt).toISOString()}`
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const FollowUpPlan = Schema.Struct({
  complaintId: Ids.ComplaintId,
  customerId: Ids.CustomerId,
  cycle: Schema.Int.pipe(Schema.nonNegative()),
  assignee: Ids.StaffId,
  kind: Schema.Literal("visit", "call"),
  resolvedAt: Period.Instant,
  dueAt: Period.Instant,
  plannedAt: Period.Instant,
  overdue: Schema.Boolean,
  policyVersion: Schema.Int.pipe(Schema.positive()),
  calendarRevision: Schema.Int.pipe(Schema.positive()),
})

/**
 * The type of {@link FollowUpPlan}.
 *
 * @example
 * ```ts
 * import type { FollowUp } from "@clientele/visits"
 *
 * const isVisit = (plan: FollowUp.FollowUpPlan) => plan.kind === "visit"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type FollowUpPlan = typeof FollowUpPlan.Type

/**
 * The resolution cycle of a complaint: how many resolutions came before its
 * current (or next) one — 0 until it first reopens after a resolution. A
 * complaint that reopens keeps its earlier resolutions (`earlierResolutions`), so
 * each resolution has its own cycle, and each cycle its own follow-up (CMP-11).
 *
 * @example
 * ```ts
 * import type { Complaint } from "@clientele/complaints"
 * import { FollowUp } from "@clientele/visits"
 *
 * declare const complaint: Complaint.Complaint
 * FollowUp.resolutionCycle(complaint) === complaint.earlierResolutions.length // true
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const resolutionCycle = (complaint: Complaint.Complaint): number =>
  complaint.earlierResolutions.length

/**
 * Checks that a complaint's follow-up is due (VIS-9, CMP-11): the complaint is
 * resolved and its current cycle was not followed up yet. Returns the resolution
 * to follow up, or `FollowUpAlreadyDoneError` once the follow-up is recorded (or
 * the complaint closed) and `FollowUpNotDueError` while it is not resolved.
 *
 * @example
 * ```ts
 * import type { Complaint } from "@clientele/complaints"
 * import { FollowUp } from "@clientele/visits"
 * import * as Either from "effect/Either"
 *
 * declare const complaint: Complaint.Complaint
 * Either.map(FollowUp.checkDue(complaint), (resolution) => resolution.at)
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const checkDue = (
  complaint: Complaint.Complaint,
): Either.Either<Complaint.Resolution, FollowUpNotDueError | FollowUpAlreadyDoneError> => {
  if (
    complaint.followUp !== undefined ||
    complaint.state === "followedUp" ||
    complaint.state === "closed"
  )
    return Either.left(
      new FollowUpAlreadyDoneError({ complaintId: complaint.id, state: complaint.state }),
    )
  const resolution = complaint.resolution
  if (complaint.state !== "resolved" || resolution === undefined)
    return Either.left(
      new FollowUpNotDueError({ complaintId: complaint.id, state: complaint.state }),
    )
  return Either.right(resolution)
}

/**
 * Everyone who handled a complaint and so may not follow it up (CMP-11, VIS-9):
 * its `handlers`, its assignee, whoever received it, and whoever resolved it in
 * this or an earlier cycle — without repeats, in that order.
 *
 * @remarks
 * RULES.md says "someone other than the handler"; because a complaint may change
 * hands, every person who had it counts as a handler.
 *
 * @example
 * ```ts
 * import type { Complaint } from "@clientele/complaints"
 * import { FollowUp } from "@clientele/visits"
 *
 * declare const complaint: Complaint.Complaint
 * FollowUp.handlersOf(complaint).includes(complaint.receivedBy) // true
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const handlersOf = (complaint: Complaint.Complaint): ReadonlyArray<Ids.StaffId> => {
  const seen = new Set<Ids.StaffId>(complaint.handlers)
  const add = (who: Ids.StaffId | undefined) => {
    if (who !== undefined) seen.add(who)
  }
  add(complaint.assignee)
  add(complaint.receivedBy)
  add(complaint.resolution?.by)
  for (const resolution of complaint.earlierResolutions) add(resolution.by)
  return [...seen]
}

const teamsOf = (
  handlers: ReadonlySet<string>,
  staff: ReadonlyArray<Staff>,
): ReadonlySet<string> => {
  const teams = new Set<string>()
  for (const member of staff)
    if (member.team !== undefined && handlers.has(member.id)) teams.add(member.team)
  return teams
}

/**
 * Checks that a proposed person may follow a complaint up: not one of its
 * handlers ({@link handlersOf}) and, when `excludeHandlersTeam` is set, not in a
 * handler's team (teams are read from `staff`). Returns the staff id, or an
 * `AssigneeNotIndependentError` saying why not.
 *
 * @example
 * ```ts
 * import type { Complaint } from "@clientele/complaints"
 * import { Ids } from "@clientele/core"
 * import { FollowUp } from "@clientele/visits"
 *
 * declare const complaint: Complaint.Complaint
 * FollowUp.checkAssignee(complaint, complaint.receivedBy) // Left(AssigneeNotIndependentError)
 * FollowUp.checkAssignee(complaint, Ids.StaffId.make("auditor-1")) // Right("auditor-1") unless they handled it
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const checkAssignee = (
  complaint: Complaint.Complaint,
  staffId: Ids.StaffId,
  options: {
    readonly staff?: ReadonlyArray<Staff>
    readonly excludeHandlersTeam?: boolean
  } = {},
): Either.Either<Ids.StaffId, AssigneeNotIndependentError> => {
  const handlers = new Set<string>(handlersOf(complaint))
  if (handlers.has(staffId))
    return Either.left(
      new AssigneeNotIndependentError({
        complaintId: complaint.id,
        staffId,
        reason: "handledComplaint",
      }),
    )
  if (options.excludeHandlersTeam === true && options.staff !== undefined) {
    const team = options.staff.find((member) => member.id === staffId)?.team
    if (team !== undefined && teamsOf(handlers, options.staff).has(team))
      return Either.left(
        new AssigneeNotIndependentError({
          complaintId: complaint.id,
          staffId,
          reason: "handlersTeam",
          team,
        }),
      )
  }
  return Either.right(staffId)
}

/**
 * Schedules the follow-up of a resolved complaint (VIS-9, CMP-11): picks the
 * assignee among the available staff who did not handle it (nor, with
 * `excludeHandlersTeam`, share a handler's team; nor, with `eligibleRoles`, lack
 * every one of those roles) — the fewest open follow-ups first, then the smallest
 * id — and sets the due instant {@link deadlineHours} of business time after the
 * resolution (`BusinessTime.dueAt` on the policy's calendar, so nights, weekends,
 * holidays and DST changes count as the calendar says). The plan names the
 * resolution cycle it follows up ({@link resolutionCycle}).
 *
 * Fails first, whoever is available, with `FollowUpNotDueError` while the
 * complaint is not resolved and `FollowUpAlreadyDoneError` once it was followed up
 * ({@link checkDue}); then with `NoIndependentStaffError` when nobody is eligible,
 * and the calendar's `CalendarError` when no deadline exists within its horizon.
 *
 * @example
 * ```ts
 * import type { Complaint } from "@clientele/complaints"
 * import { WorkingCalendar } from "@clientele/calendar"
 * import { Ids } from "@clientele/core"
 * import { FollowUp } from "@clientele/visits"
 *
 * declare const resolved: Complaint.Complaint
 * const policy = FollowUp.defaultPolicy(WorkingCalendar.weekdays("Europe/Paris", "09:00", "17:00"))
 * const plan = FollowUp.scheduleFollowUp(
 *   resolved,
 *   [{ id: Ids.StaffId.make("lena"), available: true }, { id: Ids.StaffId.make("omar"), available: true, openFollowUps: 3 }],
 *   policy,
 *   Date.UTC(2025, 2, 3, 10),
 * ) // Right({ assignee: "lena", … }) unless lena handled the complaint
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const scheduleFollowUp = (
  complaint: Complaint.Complaint,
  staff: ReadonlyArray<Staff>,
  policy: FollowUpPolicy,
  now: number,
): Either.Either<
  FollowUpPlan,
  | FollowUpNotDueError
  | FollowUpAlreadyDoneError
  | NoIndependentStaffError
  | CalendarError.CalendarError
> => {
  const due = checkDue(complaint)
  if (Either.isLeft(due)) return Either.left(due.left)
  const resolution = due.right

  const handlers = handlersOf(complaint)
  const handlerSet = new Set<string>(handlers)
  const excludedTeams = policy.excludeHandlersTeam ? teamsOf(handlerSet, staff) : new Set<string>()
  const roles = policy.eligibleRoles
  let chosen: Staff | undefined
  for (const member of staff) {
    if (!member.available || handlerSet.has(member.id)) continue
    if (member.team !== undefined && excludedTeams.has(member.team)) continue
    if (roles !== undefined && !(member.roles ?? []).some((role) => roles.includes(role))) continue
    if (chosen === undefined) {
      chosen = member
      continue
    }
    const load = member.openFollowUps ?? 0
    const chosenLoad = chosen.openFollowUps ?? 0
    // Ids compare by code unit, never by locale, so the choice is the same everywhere.
    if (load < chosenLoad || (load === chosenLoad && member.id < chosen.id)) chosen = member
  }
  if (chosen === undefined)
    return Either.left(
      new NoIndependentStaffError({
        complaintId: complaint.id,
        handlers,
        excludedTeams: [...excludedTeams],
        consideredStaff: staff.length,
      }),
    )

  const within = Math.round(deadlineHours(policy, complaint.priority) * HOUR_MS)
  const assignee = chosen.id
  return Either.map(BusinessTime.dueAt(policy.calendar, resolution.at, within), (dueAt) => ({
    complaintId: complaint.id,
    customerId: complaint.customerId,
    cycle: resolutionCycle(complaint),
    assignee,
    kind:
      policy.visit ||
      (complaint.customerTier !== undefined && policy.visitTiers.includes(complaint.customerTier))
        ? ("visit" as const)
        : ("call" as const),
    resolvedAt: resolution.at,
    dueAt,
    plannedAt: now,
    overdue: dueAt < now,
    policyVersion: policy.version,
    calendarRevision: policy.calendar.revision,
  }))
}

/**
 * No available member of staff is independent of the complaint: everyone
 * available handled it, shares a handler's team (when the policy excludes
 * teams), or lacks the eligible roles (VIS-9). Carries the handlers and the
 * excluded teams so that a manager can bring someone in.
 *
 * @example
 * ```ts
 * import { FollowUp } from "@clientele/visits"
 *
 * const error = new FollowUp.NoIndependentStaffError({
 *   complaintId: "cmp-9",
 *   handlers: ["ana"],
 *   excludedTeams: [],
 *   consideredStaff: 1,
 * })
 * error.rule // "VIS-9"
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class NoIndependentStaffError extends Schema.TaggedError<NoIndependentStaffError>(
  "@clientele/visits/NoIndependentStaffError",
)("NoIndependentStaffError", {
  complaintId: Schema.String,
  handlers: Schema.Array(Schema.String),
  excludedTeams: Schema.Array(Schema.String),
  consideredStaff: Schema.Int,
}) {
  /** The rule that refuses a self-assignment. */
  readonly rule = "VIS-9"
  override get message(): string {
    const teams =
      this.excludedTeams.length > 0 ? ` or in their teams (${this.excludedTeams.join(", ")})` : ""
    return `VIS-9: none of the ${this.consideredStaff} staff can follow up complaint ${this.complaintId}: the follow-up must be by someone available who did not handle it (${this.handlers.join(", ")})${teams}`
  }
}

/**
 * The complaint is not resolved (yet, or any more after reopening), so its
 * follow-up is not due (CMP-11: the follow-up comes after the resolution).
 *
 * @example
 * ```ts
 * import { FollowUp } from "@clientele/visits"
 *
 * const error = new FollowUp.FollowUpNotDueError({ complaintId: "cmp-9", state: "inProgress" })
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class FollowUpNotDueError extends Schema.TaggedError<FollowUpNotDueError>(
  "@clientele/visits/FollowUpNotDueError",
)("FollowUpNotDueError", {
  complaintId: Schema.String,
  state: Schema.String,
}) {
  override get message(): string {
    return `complaint ${this.complaintId} is ${this.state}, not resolved: its follow-up is due only after the resolution (CMP-11)`
  }
}

/**
 * The complaint was already followed up (or closed after its follow-up), so no
 * new follow-up is scheduled.
 *
 * @example
 * ```ts
 * import { FollowUp } from "@clientele/visits"
 *
 * const error = new FollowUp.FollowUpAlreadyDoneError({ complaintId: "cmp-9", state: "closed" })
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class FollowUpAlreadyDoneError extends Schema.TaggedError<FollowUpAlreadyDoneError>(
  "@clientele/visits/FollowUpAlreadyDoneError",
)("FollowUpAlreadyDoneError", {
  complaintId: Schema.String,
  state: Schema.String,
}) {
  override get message(): string {
    return `complaint ${this.complaintId} is ${this.state}: its follow-up is already recorded`
  }
}

/**
 * The proposed person may not follow the complaint up: they handled it
 * (`handledComplaint`), or they are in a handler's team while the policy
 * excludes it (`handlersTeam`, with the `team`).
 *
 * @example
 * ```ts
 * import { FollowUp } from "@clientele/visits"
 *
 * const error = new FollowUp.AssigneeNotIndependentError({
 *   complaintId: "cmp-9",
 *   staffId: "ana",
 *   reason: "handledComplaint",
 * })
 * error.rule // "VIS-9"
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class AssigneeNotIndependentError extends Schema.TaggedError<AssigneeNotIndependentError>(
  "@clientele/visits/AssigneeNotIndependentError",
)("AssigneeNotIndependentError", {
  complaintId: Schema.String,
  staffId: Schema.String,
  reason: Schema.Literal("handledComplaint", "handlersTeam"),
  team: Schema.optional(Schema.String),
}) {
  /** The rule that refuses the assignment. */
  readonly rule = "VIS-9"
  override get message(): string {
    return this.reason === "handledComplaint"
      ? `VIS-9: ${this.staffId} handled complaint ${this.complaintId} and cannot follow it up`
      : `VIS-9: ${this.staffId} is in team ${this.team ?? "?"} of a handler of complaint ${this.complaintId}, which the policy excludes from its follow-up`
  }
}
