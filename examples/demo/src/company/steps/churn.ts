/**
 * Churn (CHN-1 … CHN-7) on the company's own customers. BG/NBD is fitted on the
 * purchases of January 2023 to June 2024 and checked against the half year that
 * follows. At the end of June the `Churn` service records a detection run under the
 * company's policy; the most valuable customers it finds at risk get a case each —
 * where they went and why (CHN-2, CHN-3), who wins back the recoverable ones (CHN-4),
 * what to improve for the others (CHN-5) — and the lesson of the late deliveries is
 * routed to its department and tracked to completion (CHN-6, CHN-7). At the end of
 * the year a second run with the same model gives the section: P(alive) across the
 * base, the customers at risk and churned, and the most valuable at risk now.
 */
import {
  BgNbd,
  Churn,
  type ChurnCase,
  Detection,
  type Fitting,
  type Lesson,
  Summary,
} from "@clientele/churn"
import type { Errors, Money } from "@clientele/core"
import type { StoreError } from "@clientele/store"
import * as Effect from "effect/Effect"
import { currency, type History, zone } from "../../history.js"
import { at } from "../clock.js"
import { asOf } from "../generate.js"
import { managerOf } from "../generate-visits.js"
import { DAY } from "../quantities.js"
import type { RunContext } from "../run-context.js"
import type { ChurnSection, Count } from "../sections.js"

/** The calibration ends with June 2024; the holdout is the second half of the year. */
const calibrationEnd = "2024-06-30"
const holdoutEnd = "2024-12-31"

/** The first instant after the calibration: the mid-year run looks back from it. */
const midYear = Date.parse("2024-07-01T00:00:00+08:00")

/** The churn analyst who opens the cases; the head of stores owns the process lessons. */
const analyst = "s-yu"
const processOwner = "s-chen"

/** How many of the most valuable customers at risk get a case, and are listed in the section. */
const casesOpened = 5
const listed = 10

/** Each customer's revenue in `[from, to)`, in fen. */
const revenueBetween = (history: History, from: number, to: number) => {
  const revenue = new Map<string, number>()
  for (const order of history.orders)
    if (order.at >= from && order.at < to)
      revenue.set(order.customerId, (revenue.get(order.customerId) ?? 0) + order.revenue.amount)
  return revenue
}

/**
 * What the investigations found, in turn for the cases opened: a customer lured by a
 * competitor's next-day delivery (a service cause, recoverable), one who found a wider
 * range elsewhere (a product cause, improvable), one whose business shrank.
 */
const findings: ReadonlyArray<ChurnCase.FindingsInput> = [
  {
    destination: { _tag: "Competitor", competitor: "Deli Office Direct", channel: "online shop" },
    attractions: ["next-day-delivery"],
    comparison: { price: { score: 0 }, product: { score: 0 }, service: { score: 2 } },
    cause: "service",
    statement: "Two deliveries came a week late and nobody called us back.",
  },
  {
    destination: {
      _tag: "Competitor",
      competitor: "Comix Office Supplies",
      channel: "key-account team",
    },
    attractions: ["wider-range"],
    comparison: { price: { score: -1 }, product: { score: 2 }, service: { score: 0 } },
    cause: "product",
    statement: "They carry the ergonomic chairs and label printers we asked you for.",
  },
  {
    destination: { _tag: "NoReplacement" },
    attractions: [],
    cause: "both",
    statement: "We moved to a smaller office and buy far less.",
  },
]

/** What the churn step found, for the report and the steps after it. */
export interface ChurnFound {
  readonly section: ChurnSection
  /** The customers whose case closed lost, by id (the archive erases one of them). */
  readonly lost: ReadonlyArray<string>
  /** The customers a detection run flagged, at risk or churned, in the middle or at the end of the year. */
  readonly flagged: ReadonlySet<string>
}

/** What can go wrong in the step: bad data for the model, a refusal, or the store. */
export type ChurnStepError =
  | Summary.BaseError
  | Fitting.InvalidObservationError
  | Fitting.ConvergenceError
  | Errors.NotFoundError
  | Errors.InvalidTransitionError
  | Churn.PolicyVersionConflictError
  | Churn.RunConflictError
  | Churn.CaseAlreadyOpenError
  | Churn.IdempotencyKeyConflictError
  | Money.MoneyOverflowError
  | StoreError.StoreError

/** Fits the model, runs detection twice, works the mid-year cases and reads the section. */
export const runChurn = (
  context: RunContext,
): Effect.Effect<ChurnFound, ChurnStepError, Churn.Churn> =>
  Effect.gen(function* () {
    const churn = yield* Churn.Churn
    const { tenant } = context
    const { history } = context.company
    const task = context.progress.start("churn", 4)
    const settings = { timeZone: zone, timeUnit: "weeks" as const, currency }

    // CHN-1: the model, fitted on the calibration and checked on the holdout.
    const calibration = yield* Summary.fromTransactions(history.orders, {
      ...settings,
      calibrationEnd,
      holdoutEnd,
    })
    const fit = yield* BgNbd.fit(calibration)
    const holdout = calibration.holdout
    let expected = 0
    let actual = 0
    if (holdout !== undefined) {
      const forecast = BgNbd.score(fit.parameters, calibration, holdout.duration)
      for (let i = 0; i < calibration.customerIds.length; i++) {
        expected += forecast.expectedPurchases[i] ?? 0
        actual += holdout.frequency[i] ?? 0
      }
    }
    task.advance()

    // The mid-year run, and a case for each of the most valuable customers at risk.
    const policy = yield* churn
      .savePolicy(tenant, { id: "office-supplies", version: 1 })
      .pipe(at(midYear - 30 * DAY))
    const horizon = Detection.horizon(policy, calibration.timeUnit)
    const midYearRun = yield* churn
      .recordRun(
        tenant,
        { runId: `detection-${calibrationEnd}`, policy: Detection.reference(policy) },
        Detection.inputOf(calibration, BgNbd.score(fit.parameters, calibration, horizon)),
      )
      .pipe(at(midYear))
    const yearBefore = revenueBetween(history, midYear - 365 * DAY, midYear)
    const flaggedMidYear = yield* churn.candidates(tenant, midYearRun.id)
    const row = new Map(calibration.customerIds.map((id, index) => [id, index]))
    const chosen = flaggedMidYear
      .filter((candidate) => candidate.status === "atRisk")
      .sort(
        (a, b) =>
          (yearBefore.get(b.customerId) ?? 0) - (yearBefore.get(a.customerId) ?? 0) ||
          (a.customerId < b.customerId ? -1 : 1),
      )
      .slice(0, casesOpened)
    const lost: Array<string> = []
    const serviceCases: Array<string> = []
    for (const [rank, candidate] of chosen.entries()) {
      const customerId = candidate.customerId
      const opened = yield* churn
        .openCase(
          tenant,
          {
            customerId,
            runId: midYearRun.id,
            lostValue: { amount: yearBefore.get(customerId) ?? 0, currency },
            by: analyst,
          },
          { idempotencyKey: `${midYearRun.id}/${customerId}` },
        )
        .pipe(at(midYear + DAY + 10 * 3_600_000))
      const found = findings[rank % findings.length] ?? findings[0]
      if (found === undefined) continue
      const investigatedAt = midYear + (8 + rank) * DAY
      yield* churn.investigate(tenant, opened.id, found, analyst).pipe(at(investigatedAt))
      // CHN-4 for a service cause, CHN-5 for a product cause, both for both.
      if (found.cause !== "product") {
        const recoverable = found.cause === "service"
        if (recoverable) serviceCases.push(opened.id)
        yield* churn
          .decideRecovery(
            tenant,
            opened.id,
            recoverable
              ? {
                  recoverable,
                  owner: managerOf(customerId),
                  note: "Apologise, then offer a delivery slot.",
                }
              : { recoverable, note: "Their business shrank: there is nothing to win back." },
            analyst,
          )
          .pipe(at(investigatedAt))
      }
      if (found.cause !== "service")
        yield* churn
          .decideImprovability(
            tenant,
            opened.id,
            found.cause === "product"
              ? {
                  improvable: true,
                  area: "catalogue",
                  description: "List ergonomic chairs and label printers from a second maker.",
                }
              : { improvable: false },
            analyst,
          )
          .pipe(at(investigatedAt))
      // Whether they came back is what the holdout saw: a purchase after June.
      const index = row.get(customerId)
      const cameBack = index !== undefined && (holdout?.frequency[index] ?? 0) > 0
      const closed = yield* churn
        .recordOutcome(
          tenant,
          opened.id,
          { result: cameBack ? "wonBack" : "lost" },
          found.cause === "service" ? managerOf(customerId) : analyst,
        )
        .pipe(at(Date.parse("2024-10-15T17:00:00+08:00")))
      if (closed.status === "lost") lost.push(customerId)
    }

    // CHN-6, CHN-7: the late deliveries' lesson, routed to the process owner and tracked.
    const [firstService, ...moreService] = serviceCases
    if (firstService !== undefined) {
      const lesson = yield* churn
        .addLesson(tenant, {
          title: "Call the customer back on every late delivery",
          description:
            "Customers leave when late parcels go unexplained, not because they are late.",
          rootCause: "late-delivery",
          caseIds: [firstService, ...moreService],
          routes: [{ department: "process", owner: processOwner }],
          by: analyst,
        })
        .pipe(at(Date.parse("2024-10-21T10:00:00+08:00")))
      const improvement: Churn.StartImprovementInput = {
        department: "process" satisfies Lesson.Department,
        tracker: processOwner,
        priority: "high",
        dueAt: Date.parse("2024-12-20T18:00:00+08:00"),
      }
      const started = yield* churn
        .startImprovement(tenant, lesson.id, improvement, analyst)
        .pipe(at(Date.parse("2024-10-22T10:00:00+08:00")))
      const id = started.improvement.id
      yield* churn
        .advanceImprovement(tenant, id, "planned", processOwner)
        .pipe(at(Date.parse("2024-10-23T10:00:00+08:00")))
      yield* churn
        .advanceImprovement(tenant, id, "inProgress", processOwner)
        .pipe(at(Date.parse("2024-10-28T10:00:00+08:00")))
      yield* churn
        .recordProgress(
          tenant,
          id,
          { percent: 60, note: "Carriers now send late-parcel alerts." },
          processOwner,
        )
        .pipe(at(Date.parse("2024-11-18T10:00:00+08:00")))
      yield* churn
        .completeImprovement(
          tenant,
          id,
          { result: "Every late parcel in December got a call the same day." },
          processOwner,
        )
        .pipe(at(Date.parse("2024-12-16T17:00:00+08:00")))
    }
    const report = yield* churn.report(tenant, { from: midYear, to: asOf, currency }).pipe(at(asOf))
    task.advance()

    // The year-end run: the same model on every customer's purchases to the end of 2024.
    const current = yield* Summary.fromTransactions(history.orders, {
      ...settings,
      calibrationEnd: holdoutEnd,
    })
    const scores = BgNbd.score(fit.parameters, current, horizon)
    const yearEndRun = yield* churn
      .recordRun(
        tenant,
        { runId: `detection-${holdoutEnd}`, policy: Detection.reference(policy) },
        Detection.inputOf(current, scores),
      )
      .pipe(at(asOf))
    task.advance()

    const buckets = Array.from({ length: 10 }, () => 0)
    for (const p of scores.probabilityAlive) {
      const bucket = Math.min(9, Math.floor(p * 10))
      buckets[bucket] = (buckets[bucket] ?? 0) + 1
    }
    const pAlive: Array<Count> = buckets.map((count, bucket) => ({
      label: `${(bucket / 10).toFixed(1)}–${((bucket + 1) / 10).toFixed(1)}`,
      count,
    }))
    const lastYear = revenueBetween(history, Date.parse("2024-01-01T00:00:00+08:00"), asOf)
    const flaggedNow = yield* churn.candidates(tenant, yearEndRun.id)
    const topAtRisk = flaggedNow
      .filter((candidate) => candidate.status === "atRisk")
      .sort(
        (a, b) =>
          (lastYear.get(b.customerId) ?? 0) - (lastYear.get(a.customerId) ?? 0) ||
          (a.customerId < b.customerId ? -1 : 1),
      )
      .slice(0, listed)
      .map((candidate) => ({
        customerId: candidate.customerId,
        pAlive: candidate.pAlive,
        expectedPurchases: candidate.expectedPurchases,
      }))
    const section: ChurnSection = {
      model: fit.model,
      customers: current.customerIds.length,
      parameters: Object.entries(fit.parameters).map(([name, value]) => ({ name, value })),
      pAlive,
      atRisk: yearEndRun.summary.byStatus.atRisk,
      churned: yearEndRun.summary.byStatus.churned,
      topAtRisk,
      holdout: holdout === undefined ? null : { expected, actual },
    }
    task.done(
      `${fit.model} on ${calibration.customerIds.length} customers; ${report.cases} cases at mid-year; at the end of 2024 ${section.atRisk} at risk, ${section.churned} churned`,
    )
    return {
      section,
      lost: lost.sort(),
      flagged: new Set([...flaggedMidYear, ...flaggedNow].map((candidate) => candidate.customerId)),
    } satisfies ChurnFound
  })
