/**
 * A complaint's SLA status at an instant, as a help desk shows it: for each target
 * of the current cycle (first response, resolution, periodic updates, follow-up),
 * its deadline, how much of its time is used, how much is left or how far it is
 * overdue, and whether it is breached. Time is counted as the target counts it —
 * business time on the working calendar for a `business` target, so an overdue
 * complaint does not grow more overdue at night — with the `Sla` functions of
 * `@clientele/complaints`. A pure function of (complaint, calendar, now).
 */
import type { CalendarError, WorkingCalendar } from "@clientele/calendar"
import { Complaint, Sla } from "@clientele/complaints"
import * as Either from "effect/Either"

/**
 * One target's status. Durations are milliseconds of the target's own clock.
 */
export interface TargetStatus {
  readonly target: Sla.TargetKind
  /** The round of a periodic update (1, 2, …); 1 for the other targets. */
  readonly round: number
  readonly clock: Sla.Clock
  readonly status: "running" | "atRisk" | "paused" | "breached" | "hit" | "missed"
  readonly startedAt: number
  /** The deadline; `null` while a pause has frozen it. */
  readonly dueAt: number | null
  readonly atRiskAt: number | null
  readonly completedAt: number | null
  readonly durationMs: number
  readonly consumedMs: number
  /** Time left before the deadline; `null` once the target is completed. */
  readonly remainingMs: number | null
  /** Time past the deadline; `null` once the target is completed. */
  readonly overdueMs: number | null
  readonly breached: boolean
}

/**
 * A complaint's SLA status at `at`.
 */
export interface SlaStatus {
  readonly complaintId: string
  readonly state: string
  /** The SLA policy matched at intake and the version of the policy set. */
  readonly policy: { readonly id: string | null; readonly version: number }
  /** The cycle shown: 1, then one more per reopening. */
  readonly cycle: number | null
  readonly at: number
  /** Whether any target of the cycle is breached or was missed. */
  readonly breached: boolean
  readonly targets: ReadonlyArray<TargetStatus>
}

/**
 * One target's status at `now`, on the calendar its `business` time counts on.
 *
 * @example
 * ```ts
 * const first = targetStatus(complaint.sla.cycles[0].targets[0], settings.sla.calendar, Date.now())
 * // Right({ target: "firstResponse", status: "breached", remainingMs: 0, overdueMs: 2_700_000, … })
 * ```
 */
export const targetStatus = (
  clock: Sla.TargetClock,
  calendar: WorkingCalendar.WorkingCalendar,
  now: number,
): Either.Either<TargetStatus, CalendarError.CalendarError> => {
  const status = Sla.status(clock, now)
  const completed = clock.completedAt !== undefined
  // A target breached and then paused keeps its deadline: the instant before the breach.
  const deadline = clock.dueAt ?? (clock.breachedAt === undefined ? null : clock.breachedAt - 1)
  return Either.gen(function* () {
    const consumedMs = yield* Sla.consumedAt(clock, calendar, now)
    const overdue =
      completed || deadline === null || now <= deadline
        ? 0
        : yield* Sla.elapsedOn(clock.clock, calendar, deadline, now)
    const pastDeadline = deadline !== null && now > deadline
    return {
      target: clock.kind,
      round: clock.round,
      clock: clock.clock,
      status,
      startedAt: clock.startedAt,
      dueAt: clock.dueAt,
      atRiskAt: clock.atRiskAt,
      completedAt: clock.completedAt ?? null,
      durationMs: clock.durationMs,
      consumedMs,
      remainingMs: completed ? null : pastDeadline ? 0 : Math.max(0, clock.durationMs - consumedMs),
      overdueMs: completed ? null : overdue,
      breached: status === "breached" || status === "missed",
    }
  })
}

/**
 * The SLA status of a complaint's current cycle at `now`, on the calendar its
 * targets count on (the settings' `sla.calendar`).
 *
 * @example
 * ```ts
 * const status = slaStatus(complaint, settings.sla.calendar, Date.now())
 * // Right({ breached: false, targets: [{ target: "firstResponse", status: "running", remainingMs: 1_080_000, … }, …] })
 * ```
 */
export const slaStatus = (
  complaint: Complaint.Complaint,
  calendar: WorkingCalendar.WorkingCalendar,
  now: number,
): Either.Either<SlaStatus, CalendarError.CalendarError> => {
  const cycle = Complaint.currentCycle(complaint)
  return Either.map(
    Either.all((cycle?.targets ?? []).map((clock) => targetStatus(clock, calendar, now))),
    (targets) => ({
      complaintId: complaint.id,
      state: complaint.state,
      policy: { id: complaint.sla.policyId, version: complaint.sla.policyVersion },
      cycle: cycle?.number ?? null,
      at: now,
      breached: targets.some((target) => target.breached),
      targets,
    }),
  )
}
