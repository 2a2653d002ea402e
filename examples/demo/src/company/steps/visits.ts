/**
 * Visits and contacts (VIS-1 … VIS-10) in the last year of the history. The
 * relationship cadence is planned through the `Visits` service quarter by quarter,
 * from the tiers the segmentation step stored for 2023 — the tiers in force all
 * through 2024 — and their service standards (SEG-5), a quarter's share of each, on
 * the account managers' working calendar (VIS-10); the account managers then carry
 * the touches out, and the adherence report compares planned and done over the year
 * at the end of the history. From the last quarter, printer installations are booked in the customers' own windows (VIS-1), the
 * printer packed before the technician may leave (VIS-2), and completed with the
 * customer's sign-off and feedback card (VIS-3 … VIS-6). The complaints resolved but
 * never followed up get a follow-up by someone who did not handle them (VIS-9).
 */
import { type CalendarError, WorkingCalendar } from "@clientele/calendar"
import { Complaint } from "@clientele/complaints"
import { type Errors, Period } from "@clientele/core"
import { Policy, Segmentation } from "@clientele/segmentation"
import type { StoreError } from "@clientele/store"
import { type Appointment, Cadence, type Completion, FollowUp, Visits } from "@clientele/visits"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import { currency, quartersOf, yearPeriod, zone } from "../../history.js"
import { at } from "../clock.js"
import { asOf, deskCalendar, staff } from "../generate.js"
import {
  accountManagers,
  generateInstallations,
  type InstallationJob,
  quarterStart,
  technicians,
  touchOutcome,
} from "../generate-visits.js"
import { MINUTE } from "../quantities.js"
import type { RunContext } from "../run-context.js"
import type { VisitsSection } from "../sections.js"

/** The quarters of 2024, each planned on a working day about a week before it starts. */
const quarters = quartersOf(2024).map(({ period }, k) => ({
  period,
  plannedAt: Date.parse(
    `${["2023-12-22", "2024-03-22", "2024-06-21", "2024-09-23"][k]}T09:00:00+08:00`,
  ),
}))

/** The year the cadence ran. */
const year = yearPeriod(2024)

const calendar = Schema.encodeSync(WorkingCalendar.WorkingCalendar)(deskCalendar)

/**
 * A quarter's share of a yearly standard, rounded: a major customer's four visits a
 * year are one this quarter; a general customer's single yearly visit falls in
 * another quarter, its four contacts give one here.
 */
const quarterly = (standards: ReadonlyMap<string, Policy.ServiceStandard>) =>
  new Map(
    [...standards].map(([tier, standard]) => [
      tier,
      {
        visitsPerPeriod: Math.round(standard.visitsPerPeriod / 4),
        contactsPerPeriod: Math.round(standard.contactsPerPeriod / 4),
      },
    ]),
  )

/** What the visits step did, for the report and the overview. */
export interface VisitsFound {
  readonly section: VisitsSection
  /** On-site visits done: relationship visits carried out and installations completed. */
  readonly visits: number
}

/** What can go wrong in the step: a refusal the story did not expect, or the store. */
export type VisitsStepError =
  | Errors.ValidationError
  | Errors.NotFoundError
  | Errors.InvalidTransitionError
  | Cadence.PlanError
  | CalendarError.CalendarError
  | Appointment.PreparationIncompleteError
  | Completion.CompletionRejectedError
  | FollowUp.FollowUpNotDueError
  | FollowUp.FollowUpAlreadyDoneError
  | FollowUp.NoIndependentStaffError
  | Visits.PolicyVersionConflictError
  | StoreError.StoreError

/** Books, carries out and completes one installation; whether it was completed. */
const installPrinter = (
  service: Visits.VisitsService,
  context: RunContext,
  job: InstallationJob,
  index: number,
  policy: Appointment.VisitPolicy,
) =>
  Effect.gen(function* () {
    const { tenant } = context
    const contact = context.company.contacts.get(job.customerId)
    const request = {
      customerId: job.customerId,
      jobId: job.jobId,
      kind: "installation" as const,
      zone,
      preferred: job.preferred,
      durationMinutes: job.durationMinutes,
      need: "Set up the new printer and connect it to the office network",
      checklist: [
        { kind: "part" as const, item: "printer", quantity: 1, packed: job.packedAtBooking },
        { kind: "tool" as const, item: "network cable kit", quantity: 1, packed: true },
      ],
    }
    // The technician with the job's turn first; the other one if that one is full.
    const booking = (technician: string) =>
      service
        .bookAppointment(tenant, {
          policyVersion: policy.version,
          request,
          technician: { id: technician, calendar },
        })
        .pipe(at(job.requestedAt))
    const first = technicians[index % technicians.length] ?? technicians[0]
    const second = technicians[(index + 1) % technicians.length] ?? technicians[0]
    // Both fully booked in the customer's windows: the job waits for new windows.
    const booked = yield* booking(first).pipe(
      Effect.catchTag("BookingError", () => booking(second)),
      Effect.map(Option.some),
      Effect.catchTag("BookingError", () => Effect.succeedNone),
    )
    if (Option.isNone(booked)) return false
    const appointment = booked.value
    const start = appointment.scheduled.start
    const actualStart = start + job.arrivalDelayMinutes * MINUTE
    const actualEnd = actualStart + (job.durationMinutes + job.overrunMinutes) * MINUTE
    if (actualEnd + 10 * MINUTE >= asOf) return false
    if (!job.packedAtBooking)
      yield* service
        .packItems(tenant, appointment.id, { items: [{ item: "printer" }] })
        .pipe(at(start - 70 * MINUTE))
    yield* service
      .transitionAppointment(tenant, appointment.id, { _tag: "Dispatch" })
      .pipe(at(start - 60 * MINUTE))
    yield* service
      .transitionAppointment(tenant, appointment.id, { _tag: "Start" })
      .pipe(at(actualStart))
    yield* service
      .completeVisit(tenant, appointment.id, {
        appointmentId: appointment.id,
        actualStart,
        actualEnd,
        conduct: policy.conduct.map(({ id }) => ({
          item: id,
          complied: !job.flagged.includes(id),
        })),
        signOff: {
          _tag: "signed",
          signedBy: contact?.name ?? "Office manager",
          signedAt: actualEnd,
          // The signature image is kept with the job sheet; the record holds its hash.
          imageSha256: "5e".repeat(32),
        },
        feedback: { score: job.score, issues: job.flagged, submittedAt: actualEnd + 5 * MINUTE },
        extraCharges: [],
      })
      .pipe(at(actualEnd + 10 * MINUTE))
    return true
  })

/** Plans the year's cadence quarter by quarter, carries it out, installs printers and reads the section. */
export const runVisits = (
  context: RunContext,
  book: ReadonlyArray<Complaint.Complaint>,
): Effect.Effect<VisitsFound, VisitsStepError, Visits.Visits | Segmentation.Segmentation> =>
  Effect.gen(function* () {
    const visits = yield* Visits.Visits
    const segmentation = yield* Segmentation.Segmentation
    const { tenant } = context
    const { seed } = context.company.options

    // VIS-10: the tiers of 2023, as the segmentation step stored them.
    const results = yield* segmentation.results(tenant, yearPeriod(2023))
    const segmentationPolicy = Either.getOrThrow(
      Policy.make({ version: results[0]?.policyVersion ?? "tiers-v1", currency }),
    )
    let planned = 0
    const touches: Array<Visits.CadenceTouchRecord> = []
    for (const { period, plannedAt } of quarters) {
      const plan = yield* visits
        .planCadence(tenant, {
          period: Schema.encodeSync(Period.Period)(period),
          customers: results.map((result) => ({ id: result.customerId, tier: result.tier })),
          standards: quarterly(Policy.standards(segmentationPolicy)),
          calendars: new Map([["shanghai", calendar]]),
          defaultCalendarId: "shanghai",
          policy: Schema.encodeSync(Cadence.CadencePolicy)(
            Either.getOrThrow(Cadence.makePolicy({ version: "quarterly-2024" })),
          ),
        })
        .pipe(at(plannedAt))
      planned += plan.touches
      touches.push(...(yield* visits.cadenceTouches(tenant, period)))
    }
    const jobs = generateInstallations(seed, context.company.history)
    const task = context.progress.start("visits and contacts", touches.length + jobs.length)

    let visitsDone = 0
    for (const record of touches) {
      const { touch } = record
      const done = touch.status === "cancelled" ? undefined : touchOutcome(seed, touch)
      if (done !== undefined && done.at < asOf) {
        yield* visits.recordTouchDone(tenant, touch.id, done).pipe(at(done.at))
        if (touch.kind === "visit") visitsDone++
      }
      task.advance()
    }

    // VIS-1 … VIS-6: the printer installations, under the default visit policy.
    const visitPolicy = yield* visits.savePolicy(tenant, { version: 1 }).pipe(at(quarterStart))
    let installed = 0
    for (const [index, job] of jobs.entries()) {
      if (yield* installPrinter(visits, context, job, index, visitPolicy)) installed++
      task.advance()
    }

    // VIS-9: the complaints resolved but not followed up by the end of the year.
    const followUpStaff = [...staff.care, ...accountManagers].map((id) => ({ id, available: true }))
    const followUpPolicy = Schema.encodeSync(FollowUp.FollowUpPolicy)(
      FollowUp.defaultPolicy(deskCalendar),
    )
    let followUps = 0
    for (const complaint of book) {
      if (complaint.state !== "resolved") continue
      yield* visits
        .scheduleFollowUp(tenant, {
          complaint: Schema.encodeSync(Complaint.Complaint)(complaint),
          staff: followUpStaff,
          policy: followUpPolicy,
        })
        .pipe(at(asOf))
      followUps++
    }

    // The four quarterly plans' touches due in the year, as of the end of the history.
    const adherence = yield* visits.adherence(tenant, { period: year, asOf, graceDays: 2 })
    const feedback = yield* visits.feedbackSummary(tenant, {
      period: year,
      policyVersion: visitPolicy.version,
    })
    const row = (tier: string, figures: Cadence.AdherenceFigures) => ({
      tier,
      due: figures.due,
      done: figures.done,
      doneOnTime: figures.doneOnTime,
      overdue: figures.overdue,
      rate: figures.rate,
      onTimeRate: figures.onTimeRate,
    })
    const section: VisitsSection = {
      planned,
      visitsDone: visitsDone + installed,
      adherence: [
        row("overall", adherence.overall),
        ...adherence.byTier.map((line) => row(line.tier, line.figures)),
      ],
      feedback: {
        cards: feedback.visits,
        meanScore: feedback.averageScore ?? null,
        distribution: feedback.scoreCounts.map((count, index) => ({
          label: String(index + 1),
          count,
        })),
      },
      followUps,
    }
    task.done(
      `${planned} touches planned, ${adherence.overall.done} done; ${installed} installations; ${followUps} follow-ups`,
    )
    return { section, visits: visitsDone + installed } satisfies VisitsFound
  })
