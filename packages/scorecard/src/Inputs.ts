/**
 * The figures a scorecard is measured from (SQ-1), one group per source package,
 * and the functions that read them off that package's reports:
 *
 * - {@link fromComplaints}: `Reports.slaAttainment` (SLA, periodic-update and
 *   follow-up targets), `Reports.summary` (follow-ups, follow-ups by someone else,
 *   satisfaction) and `Reports.firstContactResolution` of `@clientele/complaints`;
 *   the times to first response and to resolution, which no complaints report
 *   gives, from the complaints' SLA clocks;
 * - {@link fromVisits}: the cadence adherence report (`Cadence.AdherenceReport`)
 *   and the visit-experience summary of the feedback cards (`Feedback.Summary`) of
 *   `@clientele/visits`;
 * - {@link fromReturns}: the return-reasons reports (`Returns.ReturnsReport`, cases
 *   by outcome) of `@clientele/returns`, and the time from request to decision,
 *   which no report gives, from the decisions of the cases they counted.
 *
 * Every figure is a count or a sum, never a ratio, so that an empty period shows as
 * a zero denominator — *no data* — and never as `NaN` or 0 %. The groups are
 * schemas: decode figures received from elsewhere with {@link Inputs}, which also
 * checks that no part exceeds its whole.
 *
 * @since 0.1.0
 */
import { BusinessTime, type CalendarError, WorkingCalendar } from "@clientele/calendar"
import { type Complaint, Reports, type Sla } from "@clientele/complaints"
import { Period } from "@clientele/core"
import type { Returns } from "@clientele/returns"
import type { Cadence, Feedback } from "@clientele/visits"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"

const Count = Schema.NonNegativeInt

/**
 * Target clocks of complaint SLAs, as `Reports.slaAttainment` counts them: met
 * (`hit`), completed late (`missed`), and not completed but past their deadline
 * (`breachedOpen`). Clocks still running in time are not counted: they are neither
 * met nor missed yet.
 *
 * @example
 * ```ts
 * import { Inputs } from "@clientele/scorecard"
 *
 * const clocks = Inputs.Clocks.make({ hit: 18, missed: 1, breachedOpen: 1 })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Clocks = Schema.Struct({
  hit: Count,
  missed: Count,
  breachedOpen: Count,
}).annotations({ identifier: "ScorecardClocks" })

/**
 * The type of {@link Clocks}.
 *
 * @example
 * ```ts
 * import type { Inputs } from "@clientele/scorecard"
 *
 * const judged = (clocks: Inputs.Clocks) => clocks.hit + clocks.missed + clocks.breachedOpen
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Clocks = typeof Clocks.Type

/**
 * Measured durations: how many, and their total in milliseconds (0 when there are
 * none).
 *
 * @example
 * ```ts
 * import { Inputs } from "@clientele/scorecard"
 * import * as Schema from "effect/Schema"
 *
 * Schema.decodeUnknownSync(Inputs.Durations)({ count: 4, totalMs: 7_200_000 }) // a mean of 30 minutes
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Durations = Schema.Struct({ count: Count, totalMs: Count }).pipe(
  Schema.filter((durations) =>
    durations.count === 0 && durations.totalMs !== 0
      ? { path: ["totalMs"], message: "no durations were measured (count 0), so their total is 0" }
      : undefined,
  ),
  Schema.annotations({ identifier: "ScorecardDurations" }),
)

/**
 * The type of {@link Durations}.
 *
 * @example
 * ```ts
 * import type { Inputs } from "@clientele/scorecard"
 *
 * const none: Inputs.Durations = { count: 0, totalMs: 0 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Durations = typeof Durations.Type

/**
 * Answers on a 1–5 scale: how many, and the sum of the scores given (so at least
 * one and at most five per answer).
 *
 * @example
 * ```ts
 * import { Inputs } from "@clientele/scorecard"
 * import * as Schema from "effect/Schema"
 *
 * Schema.decodeUnknownSync(Inputs.Answers)({ answers: 3, total: 13 }) // a mean of 4.33
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Answers = Schema.Struct({ answers: Count, total: Count }).pipe(
  Schema.filter((scores) =>
    scores.total < scores.answers || scores.total > 5 * scores.answers
      ? {
          path: ["total"],
          message: `${scores.answers} answers on a 1–5 scale add up to between ${scores.answers} and ${5 * scores.answers}`,
        }
      : undefined,
  ),
  Schema.annotations({ identifier: "ScorecardAnswers" }),
)

/**
 * The type of {@link Answers}.
 *
 * @example
 * ```ts
 * import type { Inputs } from "@clientele/scorecard"
 *
 * const mean = (scores: Inputs.Answers) => (scores.answers === 0 ? null : scores.total / scores.answers)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Answers = typeof Answers.Type

/** A part that must not exceed its whole, as a filter issue naming the part. */
const partOf = (
  part: string,
  partValue: number,
  whole: string,
  wholeValue: number,
): Schema.FilterIssue | undefined =>
  partValue <= wholeValue
    ? undefined
    : { path: [part], message: `${part} (${partValue}) cannot exceed ${whole} (${wholeValue})` }

/**
 * The figures of a period's complaints (the complaints received in it), as of an
 * instant: the clocks of every SLA target, of the periodic updates and of the
 * follow-ups; the follow-ups done and those done by someone who did not handle the
 * complaint; the times to first response and to resolution; first contacts and
 * those resolved first time; and the follow-up satisfaction answers.
 *
 * @example
 * ```ts
 * import { Inputs } from "@clientele/scorecard"
 * import * as Schema from "effect/Schema"
 *
 * const none = { hit: 0, missed: 0, breachedOpen: 0 }
 * const quiet = Schema.decodeUnknownSync(Inputs.ComplaintFigures)({
 *   complaints: 0,
 *   sla: none,
 *   periodicUpdates: none,
 *   followUpClocks: none,
 *   followUps: 0,
 *   followUpsByOther: 0,
 *   firstResponse: { count: 0, totalMs: 0 },
 *   resolution: { count: 0, totalMs: 0 },
 *   firstContacts: 0,
 *   resolvedFirstTime: 0,
 *   satisfaction: { answers: 0, total: 0 },
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ComplaintFigures = Schema.Struct({
  /** The complaints received in the period. */
  complaints: Count,
  /** Every SLA target clock (CMP-4). */
  sla: Clocks,
  /** The periodic-update clocks (CMP-5: the customer kept informed). */
  periodicUpdates: Clocks,
  /** The follow-up clocks (CMP-11). */
  followUpClocks: Clocks,
  /** Follow-ups done. */
  followUps: Count,
  /** Follow-ups done by someone who did not handle the complaint. */
  followUpsByOther: Count,
  /** Completed first-response targets. */
  firstResponse: Durations,
  /** Completed resolution targets. */
  resolution: Durations,
  /** First contacts (complaints that repeat no earlier one). */
  firstContacts: Count,
  /** First contacts resolved without a reopening or a repeat (CMP-10). */
  resolvedFirstTime: Count,
  /** The satisfaction the follow-ups recorded. */
  satisfaction: Answers,
}).pipe(
  Schema.filter((figures) => [
    partOf("followUpsByOther", figures.followUpsByOther, "followUps", figures.followUps),
    partOf("resolvedFirstTime", figures.resolvedFirstTime, "firstContacts", figures.firstContacts),
  ]),
  Schema.annotations({ identifier: "ScorecardComplaintFigures" }),
)

/**
 * The type of {@link ComplaintFigures}.
 *
 * @example
 * ```ts
 * import type { Inputs } from "@clientele/scorecard"
 *
 * const overdue = (figures: Inputs.ComplaintFigures) => figures.followUpClocks.breachedOpen
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type ComplaintFigures = typeof ComplaintFigures.Type

/**
 * The figures of a period's visits: the cadence touches due by the report's instant
 * and those of them done (VIS-10), and the feedback cards' scores (VIS-6).
 *
 * @example
 * ```ts
 * import { Inputs } from "@clientele/scorecard"
 * import * as Schema from "effect/Schema"
 *
 * const figures = Schema.decodeUnknownSync(Inputs.VisitFigures)({
 *   touchesDue: 40,
 *   touchesDone: 37,
 *   feedbackCards: { answers: 12, total: 53 },
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const VisitFigures = Schema.Struct({
  /** Planned touches due by the report's instant. */
  touchesDue: Count,
  /** Of those, the touches done. */
  touchesDone: Count,
  /** The scores of the period's feedback cards. */
  feedbackCards: Answers,
}).pipe(
  Schema.filter((figures) =>
    partOf("touchesDone", figures.touchesDone, "touchesDue", figures.touchesDue),
  ),
  Schema.annotations({ identifier: "ScorecardVisitFigures" }),
)

/**
 * The type of {@link VisitFigures}.
 *
 * @example
 * ```ts
 * import type { Inputs } from "@clientele/scorecard"
 *
 * const missed = (figures: Inputs.VisitFigures) => figures.touchesDue - figures.touchesDone
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type VisitFigures = typeof VisitFigures.Type

/**
 * The figures of a period's return requests (those requested in it): decided cases
 * by outcome, cases still waiting for a staff member to verify the product, and the
 * time from request to decision of the decided ones.
 *
 * @example
 * ```ts
 * import { Inputs } from "@clientele/scorecard"
 * import * as Schema from "effect/Schema"
 *
 * const figures = Schema.decodeUnknownSync(Inputs.ReturnFigures)({
 *   approved: 30,
 *   partiallyApproved: 4,
 *   declined: 6,
 *   awaitingVerification: 2,
 *   decisionTime: { count: 40, totalMs: 40 * 86_400_000 },
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ReturnFigures = Schema.Struct({
  /** Cases approved in full. */
  approved: Count,
  /** Cases approved in part. */
  partiallyApproved: Count,
  /** Cases with nothing approved. */
  declined: Count,
  /** Self-service cases not decided yet: the product is not verified (RET-2). */
  awaitingVerification: Count,
  /** From request to decision, of the decided cases. */
  decisionTime: Durations,
}).pipe(
  Schema.filter((figures) =>
    partOf(
      "decisionTime",
      figures.decisionTime.count,
      "the decided cases",
      figures.approved + figures.partiallyApproved + figures.declined,
    ),
  ),
  Schema.annotations({ identifier: "ScorecardReturnFigures" }),
)

/**
 * The type of {@link ReturnFigures}.
 *
 * @example
 * ```ts
 * import type { Inputs } from "@clientele/scorecard"
 *
 * const decided = (figures: Inputs.ReturnFigures) => figures.approved + figures.partiallyApproved + figures.declined
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type ReturnFigures = typeof ReturnFigures.Type

/**
 * Everything a scorecard of one period is measured from: the period, the instant
 * the figures are as of, and the figures of each source package that was read. A
 * source left out gives its measures no data.
 *
 * @example
 * ```ts
 * import { Period } from "@clientele/core"
 * import { Inputs } from "@clientele/scorecard"
 * import * as Schema from "effect/Schema"
 *
 * const inputs = Schema.decodeUnknownSync(Inputs.Inputs)({
 *   period: { start: "2025-01-01", end: "2025-04-01", zone: "Europe/Paris" },
 *   asOf: Date.UTC(2025, 3, 1),
 *   visits: { touchesDue: 40, touchesDone: 37, feedbackCards: { answers: 12, total: 53 } },
 * })
 * inputs.period instanceof Period.Period // true
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Inputs = Schema.Struct({
  /** The period measured. */
  period: Period.Period,
  /** The instant the figures are as of. */
  asOf: Period.Instant,
  /** The figures of the complaints received in the period. */
  complaints: Schema.optionalWith(ComplaintFigures, { exact: true }),
  /** The figures of the period's visits. */
  visits: Schema.optionalWith(VisitFigures, { exact: true }),
  /** The figures of the return requests of the period. */
  returns: Schema.optionalWith(ReturnFigures, { exact: true }),
}).annotations({ identifier: "ScorecardInputs" })

/**
 * The type of {@link Inputs}.
 *
 * @example
 * ```ts
 * import type { Inputs } from "@clientele/scorecard"
 *
 * const sources = (inputs: Inputs.Inputs) => [inputs.complaints, inputs.visits, inputs.returns].filter(Boolean).length
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Inputs = typeof Inputs.Type

/**
 * The encoded form of {@link Inputs}: plain JSON, the period as `{ start, end, zone }`.
 *
 * @example
 * ```ts
 * import type { Inputs } from "@clientele/scorecard"
 *
 * const empty: Inputs.InputsEncoded = {
 *   period: { start: "2025-01-01", end: "2025-02-01", zone: "UTC" },
 *   asOf: Date.UTC(2025, 1, 1),
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type InputsEncoded = typeof Inputs.Encoded

// --- from the complaints' reports ---------------------------------------------------

/**
 * What {@link fromComplaints} reads: the complaints received in the period, those
 * received in the repeat window after it (only their repeats are read, to see
 * which first contacts of the period came back), the instant the figures are as
 * of, the working calendar business-time targets count on (the SLA policy set's,
 * `settings.sla.calendar` of the complaints service) and the repeat window in days
 * (`settings.repeat.windowDays`).
 *
 * @example
 * ```ts
 * import { WorkingCalendar } from "@clientele/calendar"
 * import type { Inputs } from "@clientele/scorecard"
 *
 * const sources: Inputs.ComplaintSources = {
 *   complaints: [],
 *   now: Date.UTC(2025, 3, 1),
 *   calendar: WorkingCalendar.weekdays("Europe/Paris", "09:00", "17:00"),
 *   windowDays: 30,
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface ComplaintSources {
  /** The complaints received in the period. */
  readonly complaints: ReadonlyArray<Complaint.Complaint>
  /** The complaints received in the `windowDays` after the period. */
  readonly after?: ReadonlyArray<Complaint.Complaint> | undefined
  /** The instant the figures are as of: open clocks past their deadline by then count as missed. */
  readonly now: number
  /** The working calendar the SLA's business-time targets count on. */
  readonly calendar: WorkingCalendar.WorkingCalendar
  /** The repeat window of first-contact resolution, in days. */
  readonly windowDays: number
}

const noClocks = (): { hit: number; missed: number; breachedOpen: number } => ({
  hit: 0,
  missed: 0,
  breachedOpen: 0,
})

// Calendar-clock targets count plain elapsed time: business time on a calendar that is
// always open, so that pauses are taken out by the same arithmetic as for business time.
const alwaysOpen = WorkingCalendar.make({
  timeZone: "UTC",
  weekly: Object.fromEntries(
    WorkingCalendar.weekdayNames.map((day) => [day, [{ start: "00:00", end: "24:00" }]]),
  ) as WorkingCalendar.Input["weekly"],
})

/**
 * The target time a completed clock counted from its start to its completion, on
 * its own clock (business or calendar time) and without its pauses: what the SLA
 * compared with the target, before it capped the consumed time at the target.
 */
const targetTimeOf = (
  clock: Sla.TargetClock,
  completedAt: number,
  calendar: WorkingCalendar.WorkingCalendar,
): Either.Either<number, CalendarError.CalendarError> =>
  BusinessTime.elapsedExcluding(
    clock.clock === "calendar" ? alwaysOpen : calendar,
    clock.startedAt,
    completedAt,
    clock.pauses.map((pause) => ({ start: pause.start, end: pause.end ?? completedAt })),
  )

/**
 * The figures of a period's complaints (SQ-1), read from the complaints package's
 * reports:
 *
 * - `sla`, `periodicUpdates`, `followUpClocks`: `Reports.slaAttainment` at `now`,
 *   every target, the periodic updates, the follow-ups (hit, missed, open past the
 *   deadline);
 * - `followUps`, `followUpsByOther`, `satisfaction`: `Reports.summary` at `now`;
 * - `firstContacts`, `resolvedFirstTime`: `Reports.firstContactResolution` over
 *   the period's complaints and the repeats received in the window after it (the
 *   window's own first contacts are not the period's, so they are left out);
 * - `firstResponse`, `resolution`: computed here, since no report gives them —
 *   every completed first-response and resolution target of every cycle, timed
 *   from the clock's start (intake, or the reopening) to its completion, on the
 *   target's own clock (business time on `calendar`, or calendar time) and without
 *   the time it was paused waiting on the customer: the time the SLA held the
 *   target to.
 *
 * A `CalendarError` comes back when a clock spans more than the calendar's horizon.
 *
 * @example
 * ```ts
 * import { WorkingCalendar } from "@clientele/calendar"
 * import type { Complaint } from "@clientele/complaints"
 * import { Inputs } from "@clientele/scorecard"
 * import * as Either from "effect/Either"
 *
 * declare const complaints: ReadonlyArray<Complaint.Complaint>
 * const figures = Inputs.fromComplaints({
 *   complaints,
 *   now: Date.UTC(2025, 3, 1),
 *   calendar: WorkingCalendar.weekdays("Europe/Paris", "09:00", "17:00"),
 *   windowDays: 30,
 * })
 * Either.map(figures, (f) => f.firstResponse.count)
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromComplaints = (
  sources: ComplaintSources,
): Either.Either<ComplaintFigures, CalendarError.CalendarError> => {
  const { complaints, now, calendar } = sources
  const sla = noClocks()
  const periodicUpdates = noClocks()
  const followUpClocks = noClocks()
  for (const row of Reports.slaAttainment(complaints, { by: "channel", now })) {
    const groups =
      row.target === "periodicUpdate"
        ? [sla, periodicUpdates]
        : row.target === "followUp"
          ? [sla, followUpClocks]
          : [sla]
    for (const group of groups) {
      group.hit += row.hit
      group.missed += row.missed
      group.breachedOpen += row.breachedOpen
    }
  }
  const summary = Reports.summary(complaints, now)
  const repeatsAfter = (sources.after ?? []).filter((complaint) => complaint.repeatOf !== undefined)
  const fcr = Reports.firstContactResolution([...complaints, ...repeatsAfter], {
    windowDays: sources.windowDays,
  })
  const firstResponse = { count: 0, totalMs: 0 }
  const resolution = { count: 0, totalMs: 0 }
  for (const complaint of complaints)
    for (const cycle of complaint.sla.cycles)
      for (const clock of cycle.targets) {
        const timed =
          clock.kind === "firstResponse"
            ? firstResponse
            : clock.kind === "resolution"
              ? resolution
              : undefined
        if (timed === undefined || clock.completedAt === undefined) continue
        const time = targetTimeOf(clock, clock.completedAt, calendar)
        if (Either.isLeft(time)) return Either.left(time.left)
        timed.count++
        timed.totalMs += time.right
      }
  const answers = summary.satisfactionAnswers
  return Either.right({
    complaints: summary.total,
    sla,
    periodicUpdates,
    followUpClocks,
    followUps: summary.followUps,
    followUpsByOther: summary.followUpsByOther,
    firstResponse,
    resolution,
    firstContacts: fcr.firstContacts,
    resolvedFirstTime: fcr.resolvedFirstTime,
    // the summary gives the mean of whole scores: its product with the count is their
    // whole sum, up to the rounding of the division
    satisfaction: { answers, total: Math.round((summary.satisfaction ?? 0) * answers) },
  })
}

// --- from the visits' reports -------------------------------------------------------

/**
 * What {@link fromVisits} reads: the period's cadence adherence report and its
 * visit-experience summary, either of which may be left out.
 *
 * @example
 * ```ts
 * import type { Inputs } from "@clientele/scorecard"
 * import type { Cadence } from "@clientele/visits"
 *
 * declare const adherence: Cadence.AdherenceReport
 * const sources: Inputs.VisitSources = { adherence }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface VisitSources {
  /** The period's cadence adherence report (VIS-10). */
  readonly adherence?: Cadence.AdherenceReport | undefined
  /** The period's visit-experience summary (VIS-6). */
  readonly feedback?: Feedback.Summary | undefined
}

/**
 * The figures of a period's visits (SQ-1), read from the visits package's reports:
 * the touches due and done of the adherence report's overall figures (VIS-10:
 * planned against done, whenever done), and the feedback cards' answers and score
 * total from the summary's score distribution (VIS-6). A report left out counts
 * nothing.
 *
 * @example
 * ```ts
 * import { Inputs } from "@clientele/scorecard"
 * import type { Feedback } from "@clientele/visits"
 *
 * declare const feedback: Feedback.Summary
 * Inputs.fromVisits({ feedback }).feedbackCards // { answers, total }
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromVisits = (sources: VisitSources): VisitFigures => {
  const overall = sources.adherence?.overall
  const due = overall?.due ?? 0
  const counts = sources.feedback?.scoreCounts ?? [0, 0, 0, 0, 0]
  let answers = 0
  let total = 0
  counts.forEach((count, index) => {
    answers += count
    total += count * (index + 1)
  })
  return {
    touchesDue: due,
    // the report gives the share of the due touches that are done: its product with
    // the count is that whole number, up to the rounding of the division
    touchesDone: Math.round((overall?.rate ?? 0) * due),
    feedbackCards: { answers, total },
  }
}

// --- from the returns' reports ------------------------------------------------------

/**
 * What {@link fromReturns} reads: the return-reasons reports of the period (one per
 * currency the tenant sells in: a report counts the cases of its currency) and the
 * cases, of which those the reports counted give the decision times.
 *
 * @example
 * ```ts
 * import type { Returns } from "@clientele/returns"
 * import type { Inputs } from "@clientele/scorecard"
 *
 * declare const report: Returns.ReturnsReport
 * declare const cases: ReadonlyArray<Returns.ReturnCase>
 * const sources: Inputs.ReturnSources = { reports: [report], cases }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface ReturnSources {
  /** The period's return-reasons reports, one per currency. */
  readonly reports: ReadonlyArray<Returns.ReturnsReport>
  /** Return cases: those a report counted are timed. */
  readonly cases: ReadonlyArray<Returns.ReturnCase>
}

/**
 * The figures of a period's return requests (SQ-1): the cases by outcome, summed
 * over the reports (`byOutcome`: `needsVerification` is a self-service request whose
 * product no staff member has verified yet, so it is not decided), and, computed
 * here since no report gives it, the time from request to decision of the decided
 * cases among those the reports counted (same currency, requested in the report's
 * range): the decision's `evaluatedAt` minus its `requestedAt`, in calendar time — a
 * staff member's request is decided at once, a customer's waits for the
 * verification.
 *
 * @example
 * ```ts
 * import type { Returns } from "@clientele/returns"
 * import { Inputs } from "@clientele/scorecard"
 *
 * declare const report: Returns.ReturnsReport
 * declare const cases: ReadonlyArray<Returns.ReturnCase>
 * const figures = Inputs.fromReturns({ reports: [report], cases })
 * figures.approved + figures.partiallyApproved + figures.declined // the decided cases
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromReturns = (sources: ReturnSources): ReturnFigures => {
  let approved = 0
  let partiallyApproved = 0
  let declined = 0
  let awaitingVerification = 0
  for (const report of sources.reports) {
    approved += report.byOutcome.approved
    partiallyApproved += report.byOutcome.partiallyApproved
    declined += report.byOutcome.declined
    awaitingVerification += report.byOutcome.needsVerification
  }
  const decisionTime = { count: 0, totalMs: 0 }
  for (const returnCase of sources.cases) {
    const { decision } = returnCase
    if (decision.outcome === "needsVerification") continue
    const counted = sources.reports.some(
      (report) =>
        report.currency === returnCase.currency &&
        decision.requestedAt >= report.from &&
        decision.requestedAt < report.to,
    )
    if (!counted) continue
    decisionTime.count++
    decisionTime.totalMs += Math.max(0, decision.evaluatedAt - decision.requestedAt)
  }
  return { approved, partiallyApproved, declined, awaitingVerification, decisionTime }
}
