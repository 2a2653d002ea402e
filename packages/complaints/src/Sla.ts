/**
 * Service-level targets of complaints (CMP-3, CMP-4): which policy applies, when
 * each target is due in business or calendar time, how waiting on the customer
 * pauses a target, and which *at risk* / *breached* events are owed.
 *
 * Semantics, chosen once and proven by tests (see the complaints guide):
 * - **Carry-over of consumed time.** A running target's clock stores the time it
 *   has consumed; a pause freezes it, a resume computes the new deadline as
 *   `dueAt(resumedAt, duration − consumed)`. A later calendar edit therefore only
 *   affects the time left, never the time already used. When nothing was edited
 *   this agrees exactly with recomputing from the pause history
 *   ({@link recomputeDue}); a property test shows it.
 * - **A pause at or after the deadline does not move it**: the target stays due
 *   (and breached) at its deadline.
 * - **Hit at equality**: completing at the deadline instant is a hit; the breach
 *   is the first millisecond after it.
 * - **Duration changes** (priority change, committed resolution) keep the time
 *   consumed and the pauses; a target shortened below its consumed time is due at
 *   the moment of the change.
 * - **At risk** when `atRiskShare` of the duration is consumed (80 % by default).
 *
 * Everything here is a pure function of the clock, the calendar and an instant.
 *
 * @since 0.1.0
 */
import { BusinessTime, WorkingCalendar as Calendar, type CalendarError } from "@clientele/calendar"
import { Errors, Period } from "@clientele/core"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Category from "./Category.js"

/**
 * The targets of a complaint: first response (CMP-3), committed resolution,
 * periodic update of the customer, and the follow-up after resolution (CMP-11).
 *
 * @example
 * ```ts
 * import { Sla } from "@clientele/complaints"
 *
 * Sla.TargetKind.literals // ["firstResponse", "resolution", "periodicUpdate", "followUp"]
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const TargetKind = Schema.Literal(
  "firstResponse",
  "resolution",
  "periodicUpdate",
  "followUp",
)

/**
 * @example
 * ```ts
 * import type { Sla } from "@clientele/complaints"
 *
 * const kind: Sla.TargetKind = "resolution"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type TargetKind = typeof TargetKind.Type

/**
 * Whether a target counts business time on the policy's working calendar or
 * plain elapsed time.
 *
 * @example
 * ```ts
 * import { Sla } from "@clientele/complaints"
 *
 * Sla.Clock.literals // ["business", "calendar"]
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const Clock = Schema.Literal("business", "calendar")

/**
 * @example
 * ```ts
 * import type { Sla } from "@clientele/complaints"
 *
 * const clock: Sla.Clock = "business"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Clock = typeof Clock.Type

const Duration = Schema.Int.pipe(
  Schema.positive({ message: () => "a target duration is a positive number of milliseconds" }),
)

/**
 * One target of a policy: its duration in milliseconds, its clock, and whether
 * waiting on the customer pauses it. The first response and the follow-up never
 * pause (a policy saying otherwise is refused).
 *
 * @example
 * ```ts
 * import { Sla } from "@clientele/complaints"
 *
 * const resolution = Sla.Target.make({ durationMs: 16 * 3_600_000, clock: "business", pausesWhileWaiting: true })
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const Target = Schema.Struct({
  durationMs: Duration,
  clock: Schema.optionalWith(Clock, { default: () => "business" as const }),
  pausesWhileWaiting: Schema.optionalWith(Schema.Boolean, { default: () => false }),
})

/**
 * @example
 * ```ts
 * import type { Sla } from "@clientele/complaints"
 *
 * const firstResponse: Sla.Target = { durationMs: 30 * 60_000, clock: "business", pausesWhileWaiting: false }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Target = typeof Target.Type

/**
 * Which complaints a policy applies to; an absent condition matches anything. A
 * category condition matches that category and every category under it.
 *
 * @example
 * ```ts
 * import type { Sla } from "@clientele/complaints"
 *
 * const goldProduct: Sla.Match = { categories: ["product"], tiers: ["gold"] }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const Match = Schema.Struct({
  categories: Schema.optional(Schema.Array(Category.CategoryId)),
  channels: Schema.optional(Schema.Array(Category.Channel)),
  tiers: Schema.optional(Schema.Array(Category.Tier)),
  priorities: Schema.optional(Schema.Array(Category.Priority)),
})

/**
 * @example
 * ```ts
 * import type { Sla } from "@clientele/complaints"
 *
 * const urgent: Sla.Match = { priorities: ["urgent"] }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Match = typeof Match.Type

/**
 * One SLA policy: its conditions and targets. `resolution` is the bound on the
 * committed resolution time an agent may promise (CMP-3).
 *
 * @example
 * ```ts
 * import { Sla } from "@clientele/complaints"
 *
 * const standard = Sla.Policy.make({
 *   id: "standard",
 *   match: {},
 *   targets: {
 *     firstResponse: { durationMs: 30 * 60_000, clock: "business", pausesWhileWaiting: false },
 *     resolution: { durationMs: 16 * 3_600_000, clock: "business", pausesWhileWaiting: true },
 *   },
 * })
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const Policy = Schema.Struct({
  id: Schema.NonEmptyTrimmedString,
  match: Match,
  targets: Schema.Struct({
    firstResponse: Schema.optional(Target),
    resolution: Schema.optional(Target),
    periodicUpdate: Schema.optional(Target),
    followUp: Schema.optional(Target),
  }),
}).pipe(
  Schema.filter((policy) => {
    for (const kind of ["firstResponse", "followUp"] as const) {
      if (policy.targets[kind]?.pausesWhileWaiting === true)
        return {
          path: ["targets", kind, "pausesWhileWaiting"],
          message: `the ${kind} target never pauses (CMP-4)`,
        }
    }
    return true
  }),
)

/**
 * @example
 * ```ts
 * import type { Sla } from "@clientele/complaints"
 *
 * declare const policy: Sla.Policy
 * policy.targets.firstResponse?.durationMs
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Policy = typeof Policy.Type

/**
 * The ordered SLA policies of a tenant (the first match applies), the working
 * calendar business targets count on, and the at-risk share.
 *
 * @example
 * ```ts
 * import { WorkingCalendar } from "@clientele/calendar"
 * import { Sla } from "@clientele/complaints"
 *
 * const policies = Sla.defaultPolicies(WorkingCalendar.weekdays("Europe/Paris", "09:00", "18:00"))
 * policies.policies.map((policy) => policy.id) // ["urgent", "standard"]
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const PolicySet = Schema.Struct({
  version: Schema.Int.pipe(Schema.positive()),
  calendar: Calendar.WorkingCalendar,
  atRiskShare: Schema.optionalWith(
    Schema.Number.pipe(
      Schema.greaterThan(0),
      Schema.lessThan(1, { message: () => "the at-risk share is a fraction above 0 and below 1" }),
    ),
    { default: () => 0.8 },
  ),
  policies: Schema.Array(Policy),
})

/**
 * @example
 * ```ts
 * import type { Sla } from "@clientele/complaints"
 *
 * declare const policies: Sla.PolicySet
 * policies.atRiskShare // 0.8 unless set
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type PolicySet = typeof PolicySet.Type

const minutes = (n: number) => n * 60_000
const hours = (n: number) => n * 3_600_000

/**
 * Default policies on a calendar: `urgent` (first response 15 business minutes,
 * resolution 4 business hours, update every business hour, follow-up within 8
 * business hours) and `standard` for everything else (30 minutes, 16 hours —
 * two working days of 8 hours —, an update every 8 hours, follow-up within 16
 * hours). Waiting on the customer pauses resolution and updates.
 *
 * @example
 * ```ts
 * import { WorkingCalendar } from "@clientele/calendar"
 * import { Sla } from "@clientele/complaints"
 *
 * const policies = Sla.defaultPolicies(WorkingCalendar.weekdays("UTC", "09:00", "17:00"))
 * ```
 *
 * @since 0.1.0
 * @category defaults
 */
export const defaultPolicies = (calendar: Calendar.WorkingCalendar): PolicySet =>
  Schema.decodeSync(PolicySet)({
    version: 1,
    calendar: Schema.encodeSync(Calendar.WorkingCalendar)(calendar),
    atRiskShare: 0.8,
    policies: [
      {
        id: "urgent",
        match: { priorities: ["urgent"] },
        targets: {
          firstResponse: { durationMs: minutes(15) },
          resolution: { durationMs: hours(4), pausesWhileWaiting: true },
          periodicUpdate: { durationMs: hours(1), pausesWhileWaiting: true },
          followUp: { durationMs: hours(8) },
        },
      },
      {
        id: "standard",
        match: {},
        targets: {
          firstResponse: { durationMs: minutes(30) },
          resolution: { durationMs: hours(16), pausesWhileWaiting: true },
          periodicUpdate: { durationMs: hours(8), pausesWhileWaiting: true },
          followUp: { durationMs: hours(16) },
        },
      },
    ],
  })

/**
 * What a policy is matched against.
 *
 * @example
 * ```ts
 * import type { Sla } from "@clientele/complaints"
 *
 * const subject: Sla.Subject = { category: "service/long-wait", channel: "hotline", priority: "normal" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Subject {
  readonly category: string
  readonly channel: string
  readonly priority: string
  readonly tier?: string | undefined
}

const underCategory = (category: string, condition: string) =>
  category === condition || category.startsWith(`${condition}/`)

/**
 * The first policy whose conditions all hold, or `None` (the complaint then has
 * no SLA targets; matching again after a priority change may find one).
 *
 * @example
 * ```ts
 * import { WorkingCalendar } from "@clientele/calendar"
 * import { Sla } from "@clientele/complaints"
 *
 * const policies = Sla.defaultPolicies(WorkingCalendar.weekdays("UTC", "09:00", "17:00"))
 * Sla.match(policies, { category: "price", channel: "email", priority: "urgent" }) // Some(urgent)
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const match = (policies: PolicySet, subject: Subject): Option.Option<Policy> =>
  Option.fromNullable(
    policies.policies.find(({ match: m }) => {
      if (
        m.categories !== undefined &&
        !m.categories.some((c) => underCategory(subject.category, c))
      )
        return false
      if (m.channels !== undefined && !m.channels.includes(subject.channel as Category.Channel))
        return false
      if (
        m.priorities !== undefined &&
        !m.priorities.includes(subject.priority as Category.Priority)
      )
        return false
      if (m.tiers !== undefined && (subject.tier === undefined || !m.tiers.includes(subject.tier)))
        return false
      return true
    }),
  )

/**
 * The running state of one target in one cycle (for periodic updates: one round).
 * `consumedMs` is the target time used up to `runningSince` (or to the pause);
 * `dueAt` and `atRiskAt` are `null` while a pause has frozen them.
 *
 * @example
 * ```ts
 * import type { Sla } from "@clientele/complaints"
 *
 * declare const clock: Sla.TargetClock
 * clock.consumedMs
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const TargetClock = Schema.Struct({
  kind: TargetKind,
  round: Schema.Int.pipe(Schema.positive()),
  clock: Clock,
  durationMs: Duration,
  pausesWhileWaiting: Schema.Boolean,
  startedAt: Period.Instant,
  consumedMs: Schema.Int.pipe(Schema.nonNegative()),
  runningSince: Schema.NullOr(Period.Instant),
  dueAt: Schema.NullOr(Period.Instant),
  atRiskAt: Schema.NullOr(Period.Instant),
  pauses: Schema.Array(
    Schema.Struct({ start: Period.Instant, end: Schema.optional(Period.Instant) }),
  ),
  completedAt: Schema.optional(Period.Instant),
  outcome: Schema.optional(Schema.Literal("hit", "missed")),
  breachedAt: Schema.optional(Period.Instant),
  notified: Schema.Struct({ atRisk: Schema.Boolean, breached: Schema.Boolean }),
})

/**
 * @example
 * ```ts
 * import type { Sla } from "@clientele/complaints"
 *
 * declare const clock: Sla.TargetClock
 * clock.dueAt // null while paused
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type TargetClock = typeof TargetClock.Type

/**
 * One cycle of targets: the first from intake, one more from each reopening.
 *
 * @example
 * ```ts
 * import type { Sla } from "@clientele/complaints"
 *
 * declare const cycle: Sla.Cycle
 * cycle.targets.filter((target) => target.outcome === "missed")
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const Cycle = Schema.Struct({
  number: Schema.Int.pipe(Schema.positive()),
  startedAt: Period.Instant,
  targets: Schema.Array(TargetClock),
})

/**
 * @example
 * ```ts
 * import type { Sla } from "@clientele/complaints"
 *
 * declare const cycle: Sla.Cycle
 * cycle.number
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Cycle = typeof Cycle.Type

const alwaysOpen = Calendar.make({
  timeZone: "UTC",
  weekly: Object.fromEntries(
    Calendar.weekdayNames.map((day) => [day, [{ start: "00:00", end: "24:00" }]]),
  ) as Calendar.Input["weekly"],
})

/** The calendar a target counts on. */
const calendarOf = (clock: Clock, calendar: Calendar.WorkingCalendar) =>
  clock === "calendar" ? alwaysOpen : calendar

const atRiskPart = (durationMs: number, share: number) => Math.round(durationMs * share)

/**
 * The instant `amount` of target time after `from`, or `from` itself when nothing
 * is left to consume.
 */
const after = (calendar: Calendar.WorkingCalendar, from: number, amount: number) =>
  amount <= 0 ? Either.right(from) : BusinessTime.dueAt(calendar, from, amount)

/**
 * The consumed target time of a clock at `at` (its own pauses excluded).
 *
 * @example
 * ```ts
 * import { WorkingCalendar } from "@clientele/calendar"
 * import { Sla } from "@clientele/complaints"
 * import * as Either from "effect/Either"
 *
 * const calendar = WorkingCalendar.weekdays("UTC", "09:00", "17:00")
 * const clock = Either.getOrThrow(
 *   Sla.start({ kind: "resolution", round: 1, target: { durationMs: 3_600_000, clock: "business", pausesWhileWaiting: true } }, calendar, Date.UTC(2024, 5, 3, 9), 0.8),
 * )
 * Sla.consumedAt(clock, calendar, Date.UTC(2024, 5, 3, 9, 30)) // Right(1_800_000)
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const consumedAt = (
  clock: TargetClock,
  calendar: Calendar.WorkingCalendar,
  at: number,
): Either.Either<number, CalendarError.CalendarError> =>
  clock.runningSince === null || at <= clock.runningSince
    ? Either.right(clock.consumedMs)
    : Either.map(
        elapsedOn(clock.clock, calendar, clock.runningSince, at),
        (used) => clock.consumedMs + used,
      )

/**
 * Target time between two instants on a clock: business time on the calendar, or
 * plain elapsed time for a calendar-clock target.
 *
 * @example
 * ```ts
 * import { WorkingCalendar } from "@clientele/calendar"
 * import { Sla } from "@clientele/complaints"
 *
 * const calendar = WorkingCalendar.weekdays("UTC", "09:00", "17:00")
 * Sla.elapsedOn("calendar", calendar, Date.UTC(2024, 5, 8), Date.UTC(2024, 5, 9)) // Right(86_400_000)
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const elapsedOn = (
  clock: Clock,
  calendar: Calendar.WorkingCalendar,
  from: number,
  to: number,
): Either.Either<number, CalendarError.CalendarError> =>
  BusinessTime.elapsed(calendarOf(clock, calendar), from, to)

/**
 * Starts a target at `at`.
 *
 * @example
 * ```ts
 * import { WorkingCalendar } from "@clientele/calendar"
 * import { Sla } from "@clientele/complaints"
 *
 * const calendar = WorkingCalendar.weekdays("UTC", "09:00", "17:00")
 * const clock = Sla.start(
 *   { kind: "firstResponse", round: 1, target: { durationMs: 1_800_000, clock: "business", pausesWhileWaiting: false } },
 *   calendar,
 *   Date.UTC(2024, 5, 7, 16, 45), // Friday 16:45
 *   0.8,
 * ) // dueAt: Monday 09:15
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const start = (
  spec: { readonly kind: TargetKind; readonly round: number; readonly target: Target },
  calendar: Calendar.WorkingCalendar,
  at: number,
  atRiskShare: number,
): Either.Either<TargetClock, CalendarError.CalendarError> => {
  const on = calendarOf(spec.target.clock, calendar)
  return Either.flatMap(BusinessTime.dueAt(on, at, spec.target.durationMs), (dueAt) =>
    Either.map(after(on, at, atRiskPart(spec.target.durationMs, atRiskShare)), (atRiskAt) => ({
      kind: spec.kind,
      round: spec.round,
      clock: spec.target.clock,
      durationMs: spec.target.durationMs,
      pausesWhileWaiting: spec.target.pausesWhileWaiting,
      startedAt: at,
      consumedMs: 0,
      runningSince: at,
      dueAt,
      atRiskAt,
      pauses: [],
      notified: { atRisk: false, breached: false },
    })),
  )
}

/** Whether the deadline has passed at `at` (equality is a hit). */
const pastDue = (clock: TargetClock, at: number) => clock.dueAt !== null && at > clock.dueAt

type MutableClock = { -readonly [K in keyof TargetClock]: TargetClock[K] }

/**
 * A copy of a clock with `patch` applied, built field by field. Clocks come in
 * several shapes (which optional fields they hold), and an object spread over many
 * shapes takes the engine's slow path: it was most of the time of a pause.
 */
const patched = (clock: TargetClock, patch: Partial<MutableClock>): TargetClock => {
  const next: MutableClock = {
    kind: clock.kind,
    round: clock.round,
    clock: clock.clock,
    durationMs: clock.durationMs,
    pausesWhileWaiting: clock.pausesWhileWaiting,
    startedAt: clock.startedAt,
    consumedMs: clock.consumedMs,
    runningSince: clock.runningSince,
    dueAt: clock.dueAt,
    atRiskAt: clock.atRiskAt,
    pauses: clock.pauses,
    notified: clock.notified,
  }
  if (clock.completedAt !== undefined) next.completedAt = clock.completedAt
  if (clock.outcome !== undefined) next.outcome = clock.outcome
  if (clock.breachedAt !== undefined) next.breachedAt = clock.breachedAt
  return Object.assign(next, patch)
}

/** The clock with its breach recorded if `at` is past its deadline. */
const observe = (clock: TargetClock, at: number): TargetClock =>
  clock.breachedAt === undefined && pastDue(clock, at) && clock.dueAt !== null
    ? patched(clock, { breachedAt: clock.dueAt })
    : clock

/**
 * Pauses a running target at `at` (waiting on the customer). A target whose
 * deadline has already come keeps it (see the module notes); completed or paused
 * targets are returned unchanged.
 *
 * @example
 * ```ts
 * import type { WorkingCalendar } from "@clientele/calendar"
 * import { Sla } from "@clientele/complaints"
 *
 * declare const clock: Sla.TargetClock
 * declare const calendar: WorkingCalendar.WorkingCalendar
 * const paused = Sla.pause(clock, calendar, Date.now())
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const pause = (
  clock: TargetClock,
  calendar: Calendar.WorkingCalendar,
  at: number,
): Either.Either<TargetClock, CalendarError.CalendarError> => {
  if (clock.completedAt !== undefined || clock.runningSince === null) return Either.right(clock)
  const observed = observe(clock, at)
  const pauses = [...observed.pauses, { start: at }]
  if (observed.dueAt !== null && at >= observed.dueAt)
    return Either.right(
      patched(observed, { consumedMs: observed.durationMs, runningSince: null, pauses }),
    )
  return Either.map(consumedAt(observed, calendar, at), (consumedMs) =>
    patched(observed, {
      consumedMs,
      runningSince: null,
      dueAt: null,
      atRiskAt: observed.atRiskAt !== null && observed.atRiskAt <= at ? observed.atRiskAt : null,
      pauses,
    }),
  )
}

/**
 * Resumes a paused target at `at` (the customer replied): the deadline is the
 * time left counted from `at`.
 *
 * @example
 * ```ts
 * import type { WorkingCalendar } from "@clientele/calendar"
 * import { Sla } from "@clientele/complaints"
 *
 * declare const paused: Sla.TargetClock
 * declare const calendar: WorkingCalendar.WorkingCalendar
 * const running = Sla.resume(paused, calendar, Date.now(), 0.8)
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const resume = (
  clock: TargetClock,
  calendar: Calendar.WorkingCalendar,
  at: number,
  atRiskShare: number,
): Either.Either<TargetClock, CalendarError.CalendarError> => {
  if (clock.completedAt !== undefined || clock.runningSince !== null) return Either.right(clock)
  const pauses = clock.pauses.map((p, i) =>
    i === clock.pauses.length - 1 && p.end === undefined
      ? { start: p.start, end: Math.max(at, p.start) }
      : p,
  )
  const from = Math.max(at, clock.pauses.at(-1)?.start ?? at)
  return reschedule(patched(clock, { pauses, runningSince: from }), calendar, from, atRiskShare)
}

/**
 * Recomputes the deadline and at-risk instant of a running clock whose
 * `consumedMs` is valid at `from` = `runningSince`. Frozen deadlines (a pause
 * at or after the deadline) stay.
 */
const reschedule = (
  clock: TargetClock,
  calendar: Calendar.WorkingCalendar,
  from: number,
  atRiskShare: number,
): Either.Either<TargetClock, CalendarError.CalendarError> => {
  const on = calendarOf(clock.clock, calendar)
  const remaining = clock.durationMs - clock.consumedMs
  if (clock.breachedAt !== undefined)
    return Either.right(patched(clock, { dueAt: clock.dueAt ?? clock.breachedAt }))
  if (clock.dueAt !== null && clock.dueAt <= from && remaining <= 0) return Either.right(clock)
  return Either.flatMap(after(on, from, remaining), (dueAt) => {
    const riskLeft = atRiskPart(clock.durationMs, atRiskShare) - clock.consumedMs
    if (clock.atRiskAt !== null && riskLeft <= 0) return Either.right(patched(clock, { dueAt }))
    return Either.map(after(on, from, riskLeft), (atRiskAt) => patched(clock, { dueAt, atRiskAt }))
  })
}

/**
 * Gives a target a new duration at `at` (a priority change re-matching the
 * policy, or a committed resolution time): the consumed time and the pauses
 * carry over. A duration below the time already consumed makes the target due
 * at `at`.
 *
 * @example
 * ```ts
 * import type { WorkingCalendar } from "@clientele/calendar"
 * import { Sla } from "@clientele/complaints"
 *
 * declare const clock: Sla.TargetClock
 * declare const calendar: WorkingCalendar.WorkingCalendar
 * const shorter = Sla.changeDuration(clock, calendar, 2 * 3_600_000, Date.now(), 0.8)
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const changeDuration = (
  clock: TargetClock,
  calendar: Calendar.WorkingCalendar,
  durationMs: number,
  at: number,
  atRiskShare: number,
): Either.Either<TargetClock, CalendarError.CalendarError> => {
  if (clock.completedAt !== undefined) return Either.right(clock)
  const observed = observe(clock, at)
  if (observed.breachedAt !== undefined) return Either.right(patched(observed, { durationMs }))
  return Either.flatMap(consumedAt(observed, calendar, at), (consumed) => {
    const running = observed.runningSince !== null
    if (consumed > durationMs)
      return Either.right(
        patched(observed, {
          durationMs,
          consumedMs: durationMs,
          runningSince: running ? at : null,
          dueAt: at,
          atRiskAt: Math.min(observed.atRiskAt ?? at, at),
        }),
      )
    const next = patched(observed, {
      durationMs,
      consumedMs: consumed,
      runningSince: running ? at : null,
      // paused: no deadline; running: rescheduled from `at` below
      dueAt: null,
      atRiskAt: null,
    })
    if (!running) return Either.right(next)
    return reschedule(next, calendar, at, atRiskShare)
  })
}

/**
 * Completes a target at `at` (the response given, the complaint resolved, the
 * update sent, the follow-up done): a hit when `at` is not after the deadline
 * and no breach was recorded.
 *
 * @example
 * ```ts
 * import type { WorkingCalendar } from "@clientele/calendar"
 * import { Sla } from "@clientele/complaints"
 *
 * declare const clock: Sla.TargetClock
 * declare const calendar: WorkingCalendar.WorkingCalendar
 * const done = Sla.complete(clock, calendar, Date.now()) // outcome "hit" or "missed"
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const complete = (
  clock: TargetClock,
  calendar: Calendar.WorkingCalendar,
  at: number,
): Either.Either<TargetClock, CalendarError.CalendarError> => {
  if (clock.completedAt !== undefined) return Either.right(clock)
  const observed = observe(clock, at)
  return Either.map(consumedAt(observed, calendar, at), (consumed) => {
    const missed =
      observed.breachedAt !== undefined ||
      (observed.runningSince === null && observed.dueAt === null && consumed > observed.durationMs)
    const pauses = observed.pauses.map((p) =>
      p.end === undefined ? { start: p.start, end: Math.max(at, p.start) } : p,
    )
    return patched(observed, {
      consumedMs: Math.min(consumed, observed.durationMs),
      runningSince: null,
      pauses,
      completedAt: at,
      outcome: missed ? "missed" : "hit",
    })
  })
}

/**
 * The deadline recomputed from the start, the duration and the pause history
 * alone (`BusinessTime.dueAtExcluding`), the other pause semantics: `None` while
 * an open pause lasts (unless the deadline came before it). It agrees with the
 * clock's carried-over `dueAt` whenever neither the calendar nor the duration was
 * edited — a property test checks it.
 *
 * @example
 * ```ts
 * import type { WorkingCalendar } from "@clientele/calendar"
 * import { Sla } from "@clientele/complaints"
 *
 * declare const clock: Sla.TargetClock
 * declare const calendar: WorkingCalendar.WorkingCalendar
 * const due = Sla.recomputeDue(clock, calendar) // Right(Some(instant)) or Right(None) while paused
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const recomputeDue = (
  clock: TargetClock,
  calendar: Calendar.WorkingCalendar,
): Either.Either<Option.Option<number>, CalendarError.CalendarError> =>
  BusinessTime.dueAtExcluding(
    calendarOf(clock.clock, calendar),
    clock.startedAt,
    clock.durationMs,
    clock.pauses.map((p) =>
      p.end === undefined ? { start: p.start } : { start: p.start, end: p.end },
    ),
  )

/**
 * A clock's state at `now`, for boards and reports.
 *
 * @example
 * ```ts
 * import { Sla } from "@clientele/complaints"
 *
 * declare const clock: Sla.TargetClock
 * Sla.status(clock, Date.now()) // "running" | "atRisk" | "paused" | "breached" | "hit" | "missed"
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const status = (
  clock: TargetClock,
  now: number,
): "running" | "atRisk" | "paused" | "breached" | "hit" | "missed" => {
  if (clock.outcome !== undefined) return clock.outcome
  if (clock.breachedAt !== undefined || pastDue(clock, now)) return "breached"
  if (clock.runningSince === null) return "paused"
  if (clock.atRiskAt !== null && now >= clock.atRiskAt) return "atRisk"
  return "running"
}

/**
 * A notification owed for a target: at risk, or breached.
 *
 * @example
 * ```ts
 * import type { Sla } from "@clientele/complaints"
 *
 * const event: Sla.Event = { kind: "breached", target: "firstResponse", cycle: 1, round: 1, at: 1_717_405_200_001, dueAt: 1_717_405_200_000 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Event {
  readonly kind: "atRisk" | "breached"
  readonly target: TargetKind
  readonly cycle: number
  readonly round: number
  /** When the condition began: the at-risk instant, or the millisecond after the deadline. */
  readonly at: number
  readonly dueAt: number
}

/**
 * The events a clock owes at `now` that were not yet notified. A target found
 * already breached owes only its breach (the at-risk warning is then moot and is
 * marked notified by {@link markNotified}); a completed target owes only a breach
 * it had.
 *
 * @example
 * ```ts
 * import { Sla } from "@clientele/complaints"
 *
 * declare const clock: Sla.TargetClock
 * Sla.owedEvents(clock, 1, Date.now())
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const owedEvents = (
  clock: TargetClock,
  cycle: number,
  now: number,
): ReadonlyArray<Event> => {
  const breachedAt =
    clock.breachedAt ??
    (clock.completedAt === undefined && pastDue(clock, now) ? clock.dueAt : undefined)
  if (breachedAt !== undefined && breachedAt !== null)
    return clock.notified.breached
      ? noEvents
      : [
          {
            target: clock.kind,
            cycle,
            round: clock.round,
            kind: "breached",
            at: breachedAt + 1,
            dueAt: breachedAt,
          },
        ]
  if (
    clock.completedAt === undefined &&
    !clock.notified.atRisk &&
    clock.atRiskAt !== null &&
    clock.dueAt !== null &&
    now >= clock.atRiskAt
  )
    return [
      {
        target: clock.kind,
        cycle,
        round: clock.round,
        kind: "atRisk",
        at: clock.atRiskAt,
        dueAt: clock.dueAt,
      },
    ]
  return noEvents
}

const noEvents: ReadonlyArray<Event> = []

/**
 * The clock after its owed events at `now` were notified (a breach also settles
 * the at-risk warning).
 *
 * @example
 * ```ts
 * import { Sla } from "@clientele/complaints"
 *
 * declare const clock: Sla.TargetClock
 * const settled = Sla.markNotified(clock, Sla.owedEvents(clock, 1, Date.now()))
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const markNotified = (clock: TargetClock, events: ReadonlyArray<Event>): TargetClock => {
  if (events.length === 0) return clock
  const breach = events.find((event) => event.kind === "breached")
  const next = patched(clock, {
    notified: { atRisk: true, breached: clock.notified.breached || breach !== undefined },
  }) as MutableClock
  if (breach !== undefined && clock.breachedAt === undefined) next.breachedAt = breach.dueAt
  return next
}

/**
 * The next instant at which the clock will owe an event, or `null` if it never
 * will (completed and settled, or paused before its deadline). Sweeps look only
 * at complaints whose earliest such instant has come.
 *
 * @example
 * ```ts
 * import { Sla } from "@clientele/complaints"
 *
 * declare const clock: Sla.TargetClock
 * Sla.nextCheckAt(clock)
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const nextCheckAt = (clock: TargetClock): number | null => {
  if (clock.breachedAt !== undefined) return clock.notified.breached ? null : clock.breachedAt + 1
  if (clock.completedAt !== undefined || clock.dueAt === null) return null
  if (!clock.notified.atRisk && clock.atRiskAt !== null)
    return Math.min(clock.atRiskAt, clock.dueAt + 1)
  return clock.notified.breached ? null : clock.dueAt + 1
}

/**
 * A `ValidationError` for a duration that is not a positive whole number of
 * milliseconds, naming `path`.
 *
 * @example
 * ```ts
 * import { Sla } from "@clientele/complaints"
 *
 * Sla.checkDuration(-5, ["committedResolutionMs"]) // Left(ValidationError)
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export const checkDuration = (
  durationMs: number,
  path: ReadonlyArray<string | number>,
): Either.Either<number, Errors.ValidationError> =>
  Number.isSafeInteger(durationMs) && durationMs > 0
    ? Either.right(durationMs)
    : Either.left(
        Errors.ValidationError.fromIssues([
          {
            path,
            message: `a duration is a positive whole number of milliseconds, got ${durationMs} (CMP-4)`,
          },
        ]),
      )
