/**
 * Churn reports (CHN-2 … CHN-7), pure functions over arrays of cases, lessons and
 * tracked improvements: why customers left, by cause and by what attracted them,
 * with how many and how much value (CHN-2, CHN-3); where they went — competitors by
 * count and value (CHN-2); how many were won back, of the recoverable cases closed
 * and of all cases closed (CHN-4); lessons per department with their open and
 * closed improvements (CHN-6); and the improvements that need attention — overdue,
 * or without progress for too long (CHN-7).
 *
 * Amounts are exact, in one report currency: a case whose lost value is in another
 * currency is counted but not added (it appears under `otherCurrency`), and a case
 * with no value yet is counted as `unvalued`.
 *
 * @since 0.1.0
 */
import { Insight } from "@clientele/complaints"
import { Errors, Ids, Money, Period } from "@clientele/core"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as ChurnCase from "./ChurnCase.js"
import * as Lesson from "./Lesson.js"

const Count = Schema.Int.pipe(Schema.nonNegative())
const Rate = Schema.NullOr(Schema.Finite.pipe(Schema.between(0, 1)))
const DAY = 86_400_000

// --- models and schemas -----------------------------------------------------------

/**
 * The figures of a group of cases: how many, how many of them ended lost, the sum
 * of their customers' lost values (`value`) and of those that ended lost
 * (`lostValue`), in the report currency; and how many had no value yet or a value
 * in another currency (counted, not added).
 *
 * @example
 * ```ts
 * import type { Reports } from "@clientele/churn"
 *
 * const average = (f: Reports.ValueFigures) => (f.cases === 0 ? 0 : f.value.amount / f.cases)
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export const ValueFigures = Schema.Struct({
  cases: Count,
  lost: Count,
  value: Money.Money,
  lostValue: Money.Money,
  unvalued: Count,
  otherCurrency: Count,
}).annotations({ identifier: "ChurnValueFigures" })

/**
 * The type of {@link ValueFigures}.
 *
 * @example
 * ```ts
 * import type { Reports } from "@clientele/churn"
 *
 * const share = (f: Reports.ValueFigures, all: Reports.ValueFigures) => f.cases / Math.max(1, all.cases)
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export type ValueFigures = typeof ValueFigures.Type

/**
 * Why customers left (CHN-2, CHN-3): the investigated cases by cause (every cause
 * listed), the cases not investigated yet, and the cases by what attracted the
 * customer elsewhere (a case naming several attractions counts under each; most
 * cases first).
 *
 * @example
 * ```ts
 * import type { Reports } from "@clientele/churn"
 *
 * const topAttraction = (r: Reports.Reasons) => r.byAttraction[0]?.attraction
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export const Reasons = Schema.Struct({
  byCause: Schema.Array(Schema.Struct({ cause: ChurnCase.Cause, ...ValueFigures.fields })),
  uninvestigated: ValueFigures,
  byAttraction: Schema.Array(Schema.Struct({ attraction: Schema.String, ...ValueFigures.fields })),
}).annotations({ identifier: "ChurnReasons" })

/**
 * The type of {@link Reasons}.
 *
 * @example
 * ```ts
 * import type { Reports } from "@clientele/churn"
 *
 * const serviceCases = (r: Reports.Reasons) => r.byCause.find((row) => row.cause === "service")?.cases ?? 0
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export type Reasons = typeof Reasons.Type

/**
 * Where customers went (CHN-2): per competitor (most cases first), with the
 * channels named for it; the customers who went nowhere; and those whose
 * destination is unknown (investigated cases only).
 *
 * @example
 * ```ts
 * import type { Reports } from "@clientele/churn"
 *
 * const biggestRival = (d: Reports.Destinations) => d.competitors[0]?.competitor
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export const Destinations = Schema.Struct({
  competitors: Schema.Array(
    Schema.Struct({
      competitor: Schema.String,
      channels: Schema.Array(Schema.String),
      ...ValueFigures.fields,
    }),
  ),
  noReplacement: ValueFigures,
  unknown: ValueFigures,
}).annotations({ identifier: "ChurnDestinations" })

/**
 * The type of {@link Destinations}.
 *
 * @example
 * ```ts
 * import type { Reports } from "@clientele/churn"
 *
 * const rivals = (d: Reports.Destinations) => d.competitors.map((row) => row.competitor)
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export type Destinations = typeof Destinations.Type

const RateFigures = Schema.Struct({
  closed: Count,
  wonBack: Count,
  lost: Count,
  /** Won back ÷ closed; `null` when nothing is closed. */
  rate: Rate,
})

/**
 * The recovery rate (CHN-4): of the cases judged recoverable and closed, how many
 * were won back; the same over every closed case; and how many cases are still open
 * (not yet investigated), investigated or being recovered.
 *
 * @example
 * ```ts
 * import type { Reports } from "@clientele/churn"
 *
 * const percent = (r: Reports.Recovery) => (r.recoverable.rate === null ? "n/a" : `${Math.round(r.recoverable.rate * 100)} %`)
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export const Recovery = Schema.Struct({
  recoverable: RateFigures,
  overall: RateFigures,
  open: Count,
  investigated: Count,
  recovering: Count,
}).annotations({ identifier: "ChurnRecovery" })

/**
 * The type of {@link Recovery}.
 *
 * @example
 * ```ts
 * import type { Reports } from "@clientele/churn"
 *
 * const stillOpen = (r: Reports.Recovery) => r.open + r.investigated + r.recovering
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export type Recovery = typeof Recovery.Type

/**
 * Lessons per department (CHN-6, CHN-7): for every department, the lessons routed
 * to it and their improvements by state — open (proposed, planned or in progress),
 * done and dropped — plus the lessons not routed yet.
 *
 * @example
 * ```ts
 * import type { Reports } from "@clientele/churn"
 *
 * const busiest = (rows: Reports.DepartmentLessons) => [...rows.departments].sort((a, b) => b.lessons - a.lessons)[0]
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export const DepartmentLessons = Schema.Struct({
  departments: Schema.Array(
    Schema.Struct({
      department: Lesson.Department,
      lessons: Count,
      improvements: Schema.Struct({ open: Count, done: Count, dropped: Count }),
    }),
  ),
  unroutedLessons: Count,
}).annotations({ identifier: "ChurnDepartmentLessons" })

/**
 * The type of {@link DepartmentLessons}.
 *
 * @example
 * ```ts
 * import type { Reports } from "@clientele/churn"
 *
 * const openWork = (rows: Reports.DepartmentLessons) => rows.departments.reduce((n, row) => n + row.improvements.open, 0)
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export type DepartmentLessons = typeof DepartmentLessons.Type

/**
 * How long an improvement may go without a progress note before it is reported
 * (CHN-7): `staleAfterDays`, default 30.
 *
 * @remarks
 * RULES.md says a named person tracks each improvement to completion but sets no
 * cadence; a month without a note is the default sign that nobody is tracking it.
 *
 * @example
 * ```ts
 * import { Reports } from "@clientele/churn"
 *
 * const fortnightly = Reports.AttentionPolicy.make({ staleAfterDays: 14 })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const AttentionPolicy = Schema.Struct({
  staleAfterDays: Schema.optionalWith(Schema.Int.pipe(Schema.between(1, 3650)), {
    default: () => 30,
  }),
}).annotations({ identifier: "ChurnAttentionPolicy" })

/**
 * The type of {@link AttentionPolicy}.
 *
 * @example
 * ```ts
 * import type { Reports } from "@clientele/churn"
 *
 * const policy: Reports.AttentionPolicy = { staleAfterDays: 30 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type AttentionPolicy = typeof AttentionPolicy.Type

const AttentionEntry = Schema.Struct({
  improvementId: Ids.IdString,
  title: Schema.String,
  department: Lesson.Department,
  tracker: Ids.StaffId,
  status: Insight.ImprovementStatus,
})

/**
 * The improvements that need attention (CHN-7), as of a moment: those past their
 * due date and neither done nor dropped (most overdue first), and those with no
 * progress note for `staleAfterDays` (counted from the start when there is none;
 * longest silence first).
 *
 * @example
 * ```ts
 * import type { Reports } from "@clientele/churn"
 *
 * const chase = (a: Reports.Attention) => [...a.overdue, ...a.withoutProgress].map((e) => e.tracker)
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export const Attention = Schema.Struct({
  asOf: Period.Instant,
  staleAfterDays: Count,
  overdue: Schema.Array(
    Schema.Struct({ ...AttentionEntry.fields, dueAt: Period.Instant, daysOverdue: Count }),
  ),
  withoutProgress: Schema.Array(
    Schema.Struct({
      ...AttentionEntry.fields,
      lastProgressAt: Schema.optional(Period.Instant),
      daysWithoutProgress: Count,
    }),
  ),
}).annotations({ identifier: "ChurnAttention" })

/**
 * The type of {@link Attention}.
 *
 * @example
 * ```ts
 * import type { Reports } from "@clientele/churn"
 *
 * const calm = (a: Reports.Attention) => a.overdue.length === 0 && a.withoutProgress.length === 0
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export type Attention = typeof Attention.Type

/**
 * The churn report of a range: its bounds and currency, how many cases it covers,
 * the reasons, destinations, recovery, lessons per department and the improvements
 * that need attention.
 *
 * @example
 * ```ts
 * import type { Reports } from "@clientele/churn"
 *
 * const headline = (r: Reports.ChurnReport) => `${r.cases} cases, ${r.recovery.overall.wonBack} won back`
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export const ChurnReport = Schema.Struct({
  from: Period.Instant,
  to: Period.Instant,
  currency: Money.CurrencyCode,
  cases: Count,
  reasons: Reasons,
  destinations: Destinations,
  recovery: Recovery,
  lessons: DepartmentLessons,
  attention: Attention,
}).annotations({ identifier: "ChurnReport" })

/**
 * The type of {@link ChurnReport}.
 *
 * @example
 * ```ts
 * import type { Reports } from "@clientele/churn"
 *
 * const lostMoney = (r: Reports.ChurnReport) => r.reasons.byCause.reduce((sum, row) => sum + row.lostValue.amount, 0)
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export type ChurnReport = typeof ChurnReport.Type

// --- reports ----------------------------------------------------------------------

/** A running tally of value figures in plain numbers, checked for overflow at the end. */
interface Tally {
  cases: number
  lost: number
  value: number
  lostValue: number
  unvalued: number
  otherCurrency: number
}

const tally = (): Tally => ({
  cases: 0,
  lost: 0,
  value: 0,
  lostValue: 0,
  unvalued: 0,
  otherCurrency: 0,
})

const count = (into: Tally, churnCase: ChurnCase.ChurnCase, currency: Money.CurrencyCode) => {
  into.cases += 1
  const lost = churnCase.status === "lost"
  if (lost) into.lost += 1
  const value = churnCase.lostValue
  if (value === undefined) into.unvalued += 1
  else if (value.currency !== currency) into.otherCurrency += 1
  else {
    into.value += value.amount
    if (lost) into.lostValue += value.amount
  }
}

type Figures = ValueFigures

const figuresOf = (
  t: Tally,
  currency: Money.CurrencyCode,
): Either.Either<Figures, Money.MoneyOverflowError> =>
  Number.isSafeInteger(t.value) && Number.isSafeInteger(t.lostValue)
    ? Either.right({
        cases: t.cases,
        lost: t.lost,
        value: Money.make(t.value, currency),
        lostValue: Money.make(t.lostValue, currency),
        unvalued: t.unvalued,
        otherCurrency: t.otherCurrency,
      })
    : Either.left(new Money.MoneyOverflowError({ operation: "report", currency }))

/** Rows with most cases first, then by key, so equal counts list the same way every time. */
const byCases = <A extends { readonly cases: number }>(
  rows: ReadonlyArray<readonly [string, A]>,
): Array<readonly [string, A]> =>
  [...rows].sort(([keyA, a], [keyB, b]) =>
    b.cases !== a.cases ? b.cases - a.cases : keyA < keyB ? -1 : keyA > keyB ? 1 : 0,
  )

/**
 * Why customers left (CHN-2, CHN-3): cases by cause and by attraction, with counts
 * and lost value in `currency`. A sum outside the safe-integer range of minor units
 * is a `MoneyOverflowError`.
 *
 * @example
 * ```ts
 * import { Reports } from "@clientele/churn"
 * import { Money } from "@clientele/core"
 *
 * const reasons = Reports.reasons([], Money.CurrencyCode.make("EUR"))
 * // Right({ byCause: [product, service, both with zeros], uninvestigated: zeros, byAttraction: [] })
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export const reasons = (
  cases: ReadonlyArray<ChurnCase.ChurnCase>,
  currency: Money.CurrencyCode,
): Either.Either<Reasons, Money.MoneyOverflowError> =>
  Either.gen(function* () {
    const causes = new Map(ChurnCase.Cause.literals.map((cause) => [cause, tally()]))
    const uninvestigated = tally()
    const attractions = new Map<string, Tally>()
    for (const churnCase of cases) {
      const investigation = churnCase.investigation
      if (investigation === undefined) {
        count(uninvestigated, churnCase, currency)
        continue
      }
      count(causes.get(investigation.cause) ?? tally(), churnCase, currency)
      for (const attraction of new Set(investigation.attractions)) {
        let figures = attractions.get(attraction)
        if (figures === undefined) {
          figures = tally()
          attractions.set(attraction, figures)
        }
        count(figures, churnCase, currency)
      }
    }
    const byCause: Array<Reasons["byCause"][number]> = []
    for (const [cause, figures] of causes)
      byCause.push({ cause, ...(yield* figuresOf(figures, currency)) })
    const byAttraction: Array<Reasons["byAttraction"][number]> = []
    for (const [attraction, figures] of byCases([...attractions.entries()]))
      byAttraction.push({ attraction, ...(yield* figuresOf(figures, currency)) })
    return {
      byCause,
      uninvestigated: yield* figuresOf(uninvestigated, currency),
      byAttraction,
    }
  })

/**
 * Where customers went (CHN-2): competitors by count and value, then the customers
 * who went nowhere and those whose destination is unknown. Only investigated cases
 * are counted.
 *
 * @example
 * ```ts
 * import { Reports } from "@clientele/churn"
 * import { Money } from "@clientele/core"
 *
 * const destinations = Reports.destinations([], Money.CurrencyCode.make("EUR"))
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export const destinations = (
  cases: ReadonlyArray<ChurnCase.ChurnCase>,
  currency: Money.CurrencyCode,
): Either.Either<Destinations, Money.MoneyOverflowError> =>
  Either.gen(function* () {
    const competitors = new Map<string, Tally & { channels: Set<string> }>()
    const nowhere = tally()
    const unknown = tally()
    for (const churnCase of cases) {
      const destination = churnCase.investigation?.destination
      if (destination === undefined) continue
      switch (destination._tag) {
        case "Competitor": {
          let figures = competitors.get(destination.competitor)
          if (figures === undefined) {
            figures = { ...tally(), channels: new Set() }
            competitors.set(destination.competitor, figures)
          }
          if (destination.channel !== undefined) figures.channels.add(destination.channel)
          count(figures, churnCase, currency)
          break
        }
        case "NoReplacement":
          count(nowhere, churnCase, currency)
          break
        case "Unknown":
          count(unknown, churnCase, currency)
          break
      }
    }
    const rows: Array<Destinations["competitors"][number]> = []
    for (const [competitor, figures] of byCases([...competitors.entries()]))
      rows.push({
        competitor,
        channels: [...figures.channels].sort(),
        ...(yield* figuresOf(figures, currency)),
      })
    return {
      competitors: rows,
      noReplacement: yield* figuresOf(nowhere, currency),
      unknown: yield* figuresOf(unknown, currency),
    }
  })

const rateOf = (wonBack: number, lost: number) => ({
  closed: wonBack + lost,
  wonBack,
  lost,
  rate: wonBack + lost === 0 ? null : wonBack / (wonBack + lost),
})

/**
 * The recovery rate (CHN-4): won back ÷ closed, over the cases judged recoverable
 * and over every case; and the cases still open, investigated or being recovered.
 *
 * @example
 * ```ts
 * import { Reports } from "@clientele/churn"
 *
 * Reports.recovery([]).overall.rate // null: nothing closed
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export const recovery = (cases: ReadonlyArray<ChurnCase.ChurnCase>): Recovery => {
  let wonBack = 0
  let lost = 0
  let recoverableWonBack = 0
  let recoverableLost = 0
  let open = 0
  let investigated = 0
  let recovering = 0
  for (const churnCase of cases) {
    const recoverable = churnCase.recovery?.recoverable === true
    switch (churnCase.status) {
      case "wonBack":
        wonBack += 1
        if (recoverable) recoverableWonBack += 1
        break
      case "lost":
        lost += 1
        if (recoverable) recoverableLost += 1
        break
      case "open":
        open += 1
        break
      case "investigated":
        investigated += 1
        break
      case "recovering":
        recovering += 1
        break
    }
  }
  return {
    recoverable: rateOf(recoverableWonBack, recoverableLost),
    overall: rateOf(wonBack, lost),
    open,
    investigated,
    recovering,
  }
}

/**
 * Lessons per department (CHN-6) with the state of their improvements (CHN-7):
 * only the improvements of the lessons given are counted, each under the
 * department it was started for.
 *
 * @example
 * ```ts
 * import { Reports } from "@clientele/churn"
 *
 * Reports.lessonsByDepartment([], []).departments.length // 6
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export const lessonsByDepartment = (
  lessons: ReadonlyArray<Lesson.Lesson>,
  improvements: ReadonlyArray<Lesson.TrackedImprovement>,
): DepartmentLessons => {
  const rows = new Map(
    Lesson.Department.literals.map((department) => [
      department,
      { lessons: 0, open: 0, done: 0, dropped: 0 },
    ]),
  )
  const known = new Set<string>()
  let unrouted = 0
  for (const lesson of lessons) {
    known.add(lesson.id)
    if (lesson.routes.length === 0) unrouted += 1
    for (const routed of lesson.routes) {
      const row = rows.get(routed.department)
      if (row !== undefined) row.lessons += 1
    }
  }
  for (const tracked of improvements) {
    if (!known.has(tracked.lessonId)) continue
    const row = rows.get(tracked.department)
    if (row === undefined) continue
    const status = tracked.improvement.status
    if (status === "done") row.done += 1
    else if (status === "dropped") row.dropped += 1
    else row.open += 1
  }
  return {
    departments: Lesson.Department.literals.map((department) => {
      const row = rows.get(department) ?? { lessons: 0, open: 0, done: 0, dropped: 0 }
      return {
        department,
        lessons: row.lessons,
        improvements: { open: row.open, done: row.done, dropped: row.dropped },
      }
    }),
    unroutedLessons: unrouted,
  }
}

const decodeAttention = Errors.decodeEither(AttentionPolicy)

/**
 * The improvements that need attention at `now` (CHN-7): overdue ones, and those
 * without a progress note for the policy's `staleAfterDays` (default 30). Done and
 * dropped improvements never need attention. A bad policy is a `ValidationError`.
 *
 * @example
 * ```ts
 * import { Reports } from "@clientele/churn"
 *
 * const attention = Reports.attention([], Date.UTC(2024, 8, 1))
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export const attention = (
  improvements: ReadonlyArray<Lesson.TrackedImprovement>,
  now: number,
  policy: typeof AttentionPolicy.Encoded = {},
): Either.Either<Attention, Errors.ValidationError> =>
  Either.map(decodeAttention(policy), ({ staleAfterDays }) => {
    const overdue: Array<Attention["overdue"][number]> = []
    const withoutProgress: Array<Attention["withoutProgress"][number]> = []
    for (const tracked of improvements) {
      if (Lesson.isClosed(tracked)) continue
      const entry = {
        improvementId: tracked.improvement.id,
        title: tracked.improvement.title,
        department: tracked.department,
        tracker: tracked.tracker,
        status: tracked.improvement.status,
      }
      if (tracked.dueAt !== undefined && Lesson.isOverdue(tracked, now))
        overdue.push({
          ...entry,
          dueAt: tracked.dueAt,
          daysOverdue: Math.floor((now - tracked.dueAt) / DAY),
        })
      const lastProgressAt = tracked.progress[tracked.progress.length - 1]?.at
      const since = lastProgressAt ?? tracked.improvement.createdAt
      const silentDays = Math.max(0, Math.floor((now - since) / DAY))
      if (silentDays >= staleAfterDays)
        withoutProgress.push({
          ...entry,
          ...(lastProgressAt === undefined ? {} : { lastProgressAt }),
          daysWithoutProgress: silentDays,
        })
    }
    overdue.sort((a, b) => a.dueAt - b.dueAt || (a.improvementId < b.improvementId ? -1 : 1))
    withoutProgress.sort(
      (a, b) =>
        b.daysWithoutProgress - a.daysWithoutProgress ||
        (a.improvementId < b.improvementId ? -1 : 1),
    )
    return { asOf: now, staleAfterDays, overdue, withoutProgress }
  })

/**
 * The whole churn report: {@link reasons}, {@link destinations} and
 * {@link recovery} over the cases given, {@link lessonsByDepartment} over the
 * lessons given and their improvements, and {@link attention} over every
 * improvement given, at `now`.
 *
 * @example
 * ```ts
 * import { Reports } from "@clientele/churn"
 * import { Money } from "@clientele/core"
 *
 * const report = Reports.churnReport(
 *   { cases: [], lessons: [], improvements: [] },
 *   { from: Date.UTC(2024, 0, 1), to: Date.UTC(2025, 0, 1), currency: Money.CurrencyCode.make("EUR"), now: Date.UTC(2025, 0, 2) },
 * )
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export const churnReport = (
  data: {
    readonly cases: ReadonlyArray<ChurnCase.ChurnCase>
    readonly lessons: ReadonlyArray<Lesson.Lesson>
    readonly improvements: ReadonlyArray<Lesson.TrackedImprovement>
  },
  options: {
    readonly from: number
    readonly to: number
    readonly currency: Money.CurrencyCode
    readonly now: number
    readonly attention?: typeof AttentionPolicy.Encoded | undefined
  },
): Either.Either<ChurnReport, Money.MoneyOverflowError | Errors.ValidationError> =>
  Either.gen(function* () {
    return {
      from: options.from,
      to: options.to,
      currency: options.currency,
      cases: data.cases.length,
      reasons: yield* reasons(data.cases, options.currency),
      destinations: yield* destinations(data.cases, options.currency),
      recovery: recovery(data.cases),
      lessons: lessonsByDepartment(data.lessons, data.improvements),
      attention: yield* attention(data.improvements, options.now, options.attention),
    }
  })
