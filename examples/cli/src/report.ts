/**
 * Computes the report from the transactions read, with the pure functions of the
 * Clientele packages and nothing stored:
 *
 * - **segmentation** over the statistics period: every customer read is in the
 *   population (those without a purchase in the period are *potential*), tiers and
 *   ABCD classes by the default policy (or the star scheme), RFM segments;
 * - **loyalty**: the 2 × 2 matrix of the same summaries by the default policy
 *   (median splits, dependence by category breadth);
 * - **churn**: the customer base in weeks (or days) to a calibration end, BG/NBD
 *   fitted on it, P(alive) and the purchases expected over the detection policy's
 *   horizon, the at-risk and churned customers of the default detection policy, and
 *   with a holdout, the model's forecast against what was bought.
 *
 * The result is plain data (numbers and strings, amounts as decimal text in the
 * currency), so the text and the JSON output are two renderings of one value.
 */
import { BgNbd, Summary as CustomerBase, Detection } from "@clientele/churn"
import { Civil, Money, Period } from "@clientele/core"
import { Loyalty } from "@clientele/loyalty"
import { Classification, Summary as PeriodSummary, Policy } from "@clientele/segmentation"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import type { Format, Transactions } from "./read.js"

/** What the report is computed over. */
export interface ReportOptions {
  /** The statistics period `[from, to)` as civil dates; the span of the data when absent. */
  readonly period: { readonly from: string; readonly to: string } | undefined
  /** Weeks at the end held out to check the model's forecast; the calibration ends before them. */
  readonly holdoutWeeks: number | undefined
  /** The last day the model learns from, when given instead of `holdoutWeeks`. */
  readonly calibrationEnd: string | undefined
  readonly timeUnit: CustomerBase.TimeUnit
  readonly scheme: "three-tiers" | "stars"
  /** How many at-risk customers to list. */
  readonly top: number
}

/** A setting that does not fit the data, such as a holdout longer than the data's span. */
export class SettingsError extends Schema.TaggedError<SettingsError>()("SettingsError", {
  reason: Schema.String,
}) {
  override get message(): string {
    return this.reason
  }
}

/** A computation the data does not allow, such as a spend beyond exact integers. */
export class AnalysisError extends Schema.TaggedError<AnalysisError>()("AnalysisError", {
  step: Schema.String,
  reason: Schema.String,
}) {
  override get message(): string {
    return `${this.step}: ${this.reason}`
  }
}

/** A cut resolved for the period: a figure meets it above `bound` (or at it, when inclusive). */
export interface Bound {
  readonly bound: number
  readonly inclusive: boolean
}

/** One tier of the period. */
export interface TierRow {
  readonly tier: string
  readonly customers: number
  readonly customerShare: number
  readonly revenue: string
  readonly revenueShare: number
  readonly contribution: string
  readonly contributionShare: number
  /** What it took to be in the tier this period; `null` for the last and the inactive tier. */
  readonly minimum: {
    readonly orders: Bound | null
    /** In the currency's decimal text. */
    readonly contribution: { readonly bound: string; readonly inclusive: boolean } | null
  } | null
}

/** One ABCD class of the period (SEG-4). */
export interface ClassRow {
  readonly class: string
  readonly customers: number
  readonly customerShare: number
  readonly contribution: string
  readonly contributionShare: number
  /** The share of service time the policy gives the class, in [0, 1]. */
  readonly serviceTimeShare: number
}

/** One at-risk or churned customer. */
export interface AtRiskRow {
  readonly customerId: string
  readonly status: Detection.Status
  readonly signals: ReadonlyArray<Detection.Signal>
  /** What the customer spent up to the calibration end, in decimal text. */
  readonly spend: string
  readonly repeatPurchases: number
  readonly daysSinceLastPurchase: number
  /** `null` when the model could not be fitted. */
  readonly pAlive: number | null
  readonly expectedPurchases: number | null
}

/** The report: plain data, rendered as text or JSON. */
export interface Report {
  readonly input: {
    readonly source: string
    readonly format: Format
    readonly lines: number
    readonly transactions: number
    readonly customers: number
    readonly firstDate: string
    readonly lastDate: string
    readonly currency: string
    readonly zone: string
    readonly categories: number
    readonly contributionColumn: boolean
  }
  readonly period: {
    readonly from: string
    /** Exclusive: the first day after the period. */
    readonly to: string
    readonly zone: string
    readonly days: number
  }
  readonly segmentation: {
    readonly policyVersion: string
    readonly scheme: string
    readonly customers: number
    readonly buyers: number
    readonly revenue: string
    readonly contribution: string
    readonly tiers: ReadonlyArray<TierRow>
    readonly abcd: ReadonlyArray<ClassRow>
    readonly rfm: ReadonlyArray<{
      readonly segment: string
      readonly customers: number
      readonly customerShare: number
    }>
  }
  readonly loyalty: {
    readonly policyVersion: string
    readonly dependenceMeasure: string
    readonly customers: number
    readonly thresholds: { readonly frequency: Bound; readonly dependence: Bound }
    readonly counts: Readonly<Record<Loyalty.LoyaltyType, number>>
  }
  readonly churn: {
    readonly model: "BG/NBD"
    readonly timeUnit: CustomerBase.TimeUnit
    readonly calibrationEnd: string
    readonly holdoutEnd: string | null
    readonly customers: number
    readonly repeatBuyers: number
    readonly oneTimeBuyers: number
    readonly excluded: CustomerBase.Exclusions
    readonly fit: {
      readonly parameters: BgNbd.Parameters
      readonly standardErrors: BgNbd.Parameters | null
      readonly logLikelihood: number
      readonly iterations: number
    } | null
    /** Why the model could not be fitted; detection then uses inactivity alone. */
    readonly fitFailure: string | null
    /** P(alive) in ten buckets of 0.1, the last one closed: [0.9, 1]. */
    readonly pAlive: ReadonlyArray<{
      readonly from: number
      readonly to: number
      readonly customers: number
    }>
    readonly holdout: {
      readonly duration: number
      readonly actual: number
      readonly forecast: number
    } | null
    /** The horizon of `expectedPurchases`, in `timeUnit`. */
    readonly horizon: number
    readonly detection: {
      readonly policy: {
        readonly atRiskBelow: number
        readonly churnedBelow: number
        readonly minimumExpectedPurchases: number
        readonly horizonDays: number
        readonly atRiskAfterDays: number
        readonly churnedAfterDays: number
        readonly repeatBuyers: Detection.SignalChoice
        readonly oneTimeBuyers: Detection.SignalChoice
      }
      readonly candidates: number
      readonly atRisk: number
      readonly churned: number
      readonly oneTimeBuyerCandidates: number
    }
    /** The candidates that spent most up to the calibration end, most first. */
    readonly atRisk: ReadonlyArray<AtRiskRow>
  }
}

const POLICY_VERSION = "clientele-segment"
const share = (part: number, whole: number): number => (whole === 0 ? 0 : part / whole)

const toBound = (resolved: { readonly bound: number; readonly inclusive: boolean }): Bound => ({
  bound: resolved.bound,
  inclusive: resolved.inclusive,
})

/** The statistics period: the one asked for, or the span of the data. */
const periodOf = (
  transactions: Transactions,
  options: ReportOptions,
): Either.Either<Period.Period, SettingsError> => {
  const from = options.period?.from ?? Civil.format(transactions.firstDay)
  const to = options.period?.to ?? Civil.format(transactions.lastDay + 1)
  return Either.mapLeft(
    Period.makeEither(from, to, transactions.zone),
    (error) => new SettingsError({ reason: `--period ${from}..${to}: ${error.message}` }),
  )
}

/** The calibration end and holdout end (day numbers) from the options and the period. */
const windowOf = (
  transactions: Transactions,
  period: Period.Period,
  options: ReportOptions,
): Either.Either<{ calibrationEnd: number; holdoutEnd: number | undefined }, SettingsError> => {
  const lastDay = (Civil.parse(period.end) as number) - 1
  let calibrationEnd = lastDay
  let holdoutEnd: number | undefined
  if (options.calibrationEnd !== undefined) {
    calibrationEnd = Civil.parse(options.calibrationEnd) ?? Number.NaN
    if (!(calibrationEnd <= lastDay))
      return Either.left(
        new SettingsError({
          reason: `--calibration-end ${options.calibrationEnd} is after the period's last day, ${Civil.format(lastDay)}`,
        }),
      )
    if (calibrationEnd < lastDay) holdoutEnd = lastDay
  } else if (options.holdoutWeeks !== undefined) {
    calibrationEnd = lastDay - 7 * options.holdoutWeeks
    holdoutEnd = lastDay
  }
  if (calibrationEnd < transactions.firstDay)
    return Either.left(
      new SettingsError({
        reason: `the calibration would end on ${Civil.format(calibrationEnd)}, before the first transaction (${Civil.format(transactions.firstDay)}): hold out fewer weeks or choose a later calibration end`,
      }),
    )
  return Either.right({ calibrationEnd, holdoutEnd })
}

const segment = (
  transactions: Transactions,
  period: Period.Period,
  options: ReportOptions,
): Either.Either<
  { summaries: PeriodSummary.PeriodSummaries; report: Report["segmentation"] },
  AnalysisError
> => {
  const failed = (error: { readonly message: string }) =>
    new AnalysisError({ step: "segmentation", reason: error.message })
  return Either.gen(function* () {
    const currency = transactions.currency
    const summaries = yield* Either.mapLeft(
      PeriodSummary.fromColumns(
        {
          // Every customer read is in the population: a customer without a purchase
          // in the period is classified too (potential), so the tiers add up to the
          // customers in the file.
          customers: transactions.customers,
          customer: transactions.customer,
          at: transactions.at,
          revenue: transactions.amount,
          contribution: transactions.contribution,
          categories: transactions.category === undefined ? undefined : transactions.categories,
          category: transactions.category,
        },
        { period, currency },
      ),
      failed,
    )
    const policy = yield* Either.mapLeft(
      Policy.make({
        version: POLICY_VERSION,
        currency,
        ...(options.scheme === "stars" ? { tiers: Policy.stars } : {}),
      }),
      failed,
    )
    const result = yield* Either.mapLeft(Classification.classifyPeriod(summaries, policy), failed)
    const n = PeriodSummary.size(summaries)
    const tierCount = result.tiers.names.length
    const tierRevenue = new Float64Array(tierCount)
    const tierContribution = new Float64Array(tierCount)
    const classContribution = new Float64Array(result.abcd.names.length)
    const segmentCounts = new Float64Array(result.rfm.segmentNames.length)
    let revenue = 0
    let contribution = 0
    let buyers = 0
    for (let i = 0; i < n; i++) {
      const r = summaries.revenue[i] as number
      const c = summaries.contribution[i] as number
      const t = result.tiers.tier[i] as number
      const k = result.abcd.classOf[i] as number
      const s = result.rfm.segment[i] as number
      tierRevenue[t] = (tierRevenue[t] as number) + r
      tierContribution[t] = (tierContribution[t] as number) + c
      classContribution[k] = (classContribution[k] as number) + c
      segmentCounts[s] = (segmentCounts[s] as number) + 1
      revenue += r
      contribution += c
      if ((summaries.orders[i] as number) > 0) buyers++
    }
    const decimal = (amount: number) => Money.toDecimal(Money.make(amount, currency))
    const tiers = result.tiers.names.map((name, t): TierRow => {
      const thresholds = result.tiers.thresholds[t]
      const last = t >= result.tiers.thresholds.length - 1
      return {
        tier: name,
        customers: result.tiers.counts[t] ?? 0,
        customerShare: share(result.tiers.counts[t] ?? 0, n),
        revenue: decimal(tierRevenue[t] as number),
        revenueShare: share(tierRevenue[t] as number, revenue),
        contribution: decimal(tierContribution[t] as number),
        contributionShare: share(tierContribution[t] as number, contribution),
        minimum:
          thresholds === undefined || last
            ? null
            : {
                orders: thresholds.orders === undefined ? null : toBound(thresholds.orders),
                contribution:
                  thresholds.contribution === undefined
                    ? null
                    : {
                        // A percentile cut over no buyers resolves to ±∞: nobody meets it.
                        bound: Number.isFinite(thresholds.contribution.bound)
                          ? decimal(Math.ceil(thresholds.contribution.bound))
                          : String(thresholds.contribution.bound),
                        inclusive: thresholds.contribution.inclusive,
                      },
              },
      }
    })
    const abcd = result.abcd.names.map(
      (name, k): ClassRow => ({
        class: name,
        customers: result.abcd.counts[k] ?? 0,
        customerShare: share(result.abcd.counts[k] ?? 0, n),
        contribution: decimal(classContribution[k] as number),
        contributionShare: share(classContribution[k] as number, contribution),
        serviceTimeShare: (policy.abcd.classes[k]?.serviceTime ?? 0) / 100,
      }),
    )
    const rfm = result.rfm.segmentNames.map((name, s) => ({
      segment: name,
      customers: segmentCounts[s] as number,
      customerShare: share(segmentCounts[s] as number, n),
    }))
    return {
      summaries,
      report: {
        policyVersion: policy.version,
        scheme: policy.tiers.name,
        customers: n,
        buyers,
        revenue: decimal(revenue),
        contribution: decimal(contribution),
        tiers,
        abcd,
        rfm,
      },
    }
  })
}

const loyaltyOf = (
  summaries: PeriodSummary.PeriodSummaries,
): Either.Either<Report["loyalty"], AnalysisError> =>
  Either.map(
    Either.mapLeft(
      Loyalty.classifyPeriod(summaries, Loyalty.defaultPolicy),
      (error) => new AnalysisError({ step: "loyalty", reason: error.message }),
    ),
    (classification) => ({
      policyVersion: classification.policyVersion,
      dependenceMeasure: classification.dependenceMeasure,
      customers: classification.types.length,
      thresholds: {
        frequency: toBound(classification.thresholds.frequency),
        dependence: toBound(classification.thresholds.dependence),
      },
      counts: Loyalty.counts(classification),
    }),
  )

const BUCKETS = 10

const churnOf = (
  transactions: Transactions,
  window: { calibrationEnd: number; holdoutEnd: number | undefined },
  options: ReportOptions,
  onStage: (label: string) => void,
): Either.Either<Report["churn"], AnalysisError> => {
  const failed = (error: { readonly message: string }) =>
    new AnalysisError({ step: "churn", reason: error.message })
  return Either.gen(function* () {
    onStage("summarising the customer base")
    const calibrationEnd = Civil.format(window.calibrationEnd)
    const holdoutEnd = window.holdoutEnd === undefined ? undefined : Civil.format(window.holdoutEnd)
    const base = yield* Either.mapLeft(
      CustomerBase.fromColumns(
        {
          customers: transactions.customers,
          customer: transactions.customer,
          at: transactions.at,
          revenue: transactions.amount,
        },
        {
          calibrationEnd,
          holdoutEnd,
          timeZone: transactions.zone,
          timeUnit: options.timeUnit,
          currency: transactions.currency,
        },
      ),
      failed,
    )
    const n = base.customerIds.length
    let repeatBuyers = 0
    for (let i = 0; i < n; i++) if ((base.frequency[i] as number) > 0) repeatBuyers++

    onStage("fitting BG/NBD")
    // Without a repeat purchase the likelihood says nothing about the parameters.
    const fitted =
      repeatBuyers === 0
        ? Either.left(
            n === 0
              ? "no customer bought before the calibration end"
              : "no customer made a repeat purchase before the calibration end, so there is nothing to learn from",
          )
        : Either.mapLeft(BgNbd.fit(base), (error) => error.message)
    const fit = Either.getOrUndefined(fitted)
    const defaults = Detection.make({ id: POLICY_VERSION, version: 1 })
    // Without a model, P(alive) means nothing: every customer is judged by inactivity.
    const policy =
      fit === undefined
        ? Detection.make({
            id: POLICY_VERSION,
            version: 1,
            signals: { repeatBuyers: "inactivity", oneTimeBuyers: "inactivity" },
          })
        : defaults
    const horizon = Detection.horizon(policy, base.timeUnit)
    const scores =
      fit === undefined
        ? {
            probabilityAlive: new Float64Array(n).fill(1),
            expectedPurchases: new Float64Array(n),
          }
        : BgNbd.score(fit.parameters, base, horizon)

    onStage("detecting customers at risk")
    const detected = yield* Either.mapLeft(
      Detection.detect(policy, Detection.inputOf(base, scores)),
      failed,
    )

    const buckets = new Float64Array(BUCKETS)
    if (fit !== undefined) {
      for (let i = 0; i < n; i++) {
        const bucket = Math.min(
          BUCKETS - 1,
          Math.floor((scores.probabilityAlive[i] as number) * BUCKETS),
        )
        buckets[bucket] = (buckets[bucket] as number) + 1
      }
    }

    let holdout: Report["churn"]["holdout"] = null
    if (fit !== undefined && base.holdout !== undefined) {
      const forecast = BgNbd.score(fit.parameters, base, base.holdout.duration).expectedPurchases
      let expected = 0
      let actual = 0
      for (let i = 0; i < n; i++) {
        expected += forecast[i] as number
        actual += base.holdout.frequency[i] as number
      }
      holdout = { duration: base.holdout.duration, actual, forecast: expected }
    }

    // What each customer spent up to the calibration end: the value at stake.
    const spend = new Float64Array(transactions.customers.length)
    const { customer, amount, day } = transactions
    for (let j = 0; j < day.length; j++) {
      if ((day[j] as number) <= window.calibrationEnd) {
        const c = customer[j] as number
        spend[c] = (spend[c] as number) + (amount[j] as number)
      }
    }
    const indexOf = new Map(transactions.customers.map((id, index) => [id, index] as const))
    const spendOf = (id: string) => spend[indexOf.get(id) ?? -1] ?? 0
    const ranked = detected.candidates
      .map((candidate) => ({ candidate, spend: spendOf(candidate.customerId) }))
      .sort(
        (x, y) =>
          y.spend - x.spend ||
          (x.candidate.customerId < y.candidate.customerId
            ? -1
            : x.candidate.customerId > y.candidate.customerId
              ? 1
              : 0),
      )
      .slice(0, options.top)
    const decimal = (value: number) => Money.toDecimal(Money.make(value, transactions.currency))

    const { summary } = detected
    return {
      model: "BG/NBD",
      timeUnit: base.timeUnit,
      calibrationEnd,
      holdoutEnd: holdoutEnd ?? null,
      customers: n,
      repeatBuyers,
      oneTimeBuyers: n - repeatBuyers,
      excluded: base.excluded,
      fit:
        fit === undefined
          ? null
          : {
              parameters: fit.parameters,
              standardErrors: fit.standardErrors ?? null,
              logLikelihood: fit.logLikelihood,
              iterations: fit.diagnostics.iterations,
            },
      fitFailure: Either.isLeft(fitted) ? fitted.left : null,
      pAlive:
        fit === undefined
          ? []
          : Array.from(buckets, (customers, b) => ({
              from: b / BUCKETS,
              to: (b + 1) / BUCKETS,
              customers,
            })),
      holdout,
      horizon,
      detection: {
        policy: {
          ...policy.model,
          ...policy.inactivity,
          repeatBuyers: policy.signals.repeatBuyers,
          oneTimeBuyers: policy.signals.oneTimeBuyers,
        },
        candidates: summary.candidates,
        atRisk: summary.byStatus.atRisk,
        churned: summary.byStatus.churned,
        oneTimeBuyerCandidates: summary.oneTimeBuyerCandidates,
      },
      atRisk: ranked.map(
        ({ candidate, spend }): AtRiskRow => ({
          customerId: candidate.customerId,
          status: candidate.status,
          signals: candidate.signals,
          spend: decimal(spend),
          repeatPurchases: candidate.frequency,
          daysSinceLastPurchase: candidate.daysSinceLastPurchase,
          pAlive: fit === undefined ? null : candidate.pAlive,
          expectedPurchases: fit === undefined ? null : candidate.expectedPurchases,
        }),
      ),
    }
  })
}

/**
 * The whole report. `onStage` names each computation as it starts, for the progress
 * line; the model fit reports no progress of its own (on CDNOW it takes a few
 * milliseconds).
 */
export const buildReport = (
  transactions: Transactions,
  options: ReportOptions,
  onStage: (label: string) => void = () => undefined,
): Either.Either<Report, SettingsError | AnalysisError> =>
  Either.gen(function* () {
    const period = yield* periodOf(transactions, options)
    const window = yield* windowOf(transactions, period, options)
    onStage("segmenting")
    const segmentation = yield* segment(transactions, period, options)
    onStage("placing customers in the loyalty matrix")
    const loyalty = yield* loyaltyOf(segmentation.summaries)
    const churn = yield* churnOf(transactions, window, options, onStage)
    return {
      input: {
        source: transactions.source,
        format: transactions.format,
        lines: transactions.lines,
        transactions: transactions.at.length,
        customers: transactions.customers.length,
        firstDate: Civil.format(transactions.firstDay),
        lastDate: Civil.format(transactions.lastDay),
        currency: transactions.currency,
        zone: transactions.zone,
        categories: transactions.category === undefined ? 0 : transactions.categories.length,
        contributionColumn: transactions.contribution !== undefined,
      },
      period: {
        from: period.start,
        to: period.end,
        zone: period.zone,
        days: Period.days(period),
      },
      segmentation: segmentation.report,
      loyalty,
      churn,
    }
  })
