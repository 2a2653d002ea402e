/**
 * The service-quality scorecard of a period (SQ-1): every measure of the seven
 * principles, computed from the figures of the other packages' reports
 * (`Inputs`), held to the targets of a versioned policy (`Policy`), with each
 * principle's verdict; and the trend of the measures over periods.
 *
 * A measure keeps its inputs — numerator and denominator — beside its value, so a
 * reader can check it and a period without any case shows *no data* (`value:
 * null`, status `noData`) instead of `NaN` or 0 %. {@link measure} is a pure,
 * total function: every valid input gives a scorecard.
 *
 * @since 0.1.0
 */
import { Errors, Period } from "@clientele/core"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as Inputs from "./Inputs.js"
import { firstOutOfOrder } from "./internal/periods.js"
import type * as Policy from "./Policy.js"
import {
  type Better,
  measures as definitions,
  type MeasureDefinition,
  MeasureId,
  MeasureKind,
  Principle,
  principles,
} from "./Principle.js"
import * as Trend from "./Trend.js"

/**
 * Whether a measure meets its target: `met`, `notMet`, or `noData` when nothing
 * was counted (a zero denominator, or a source that was not read).
 *
 * @example
 * ```ts
 * import { Scorecard } from "@clientele/scorecard"
 *
 * Scorecard.Status.literals // ["met", "notMet", "noData"]
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Status = Schema.Literal("met", "notMet", "noData").annotations({
  identifier: "ScorecardStatus",
})

/**
 * The type of {@link Status}.
 *
 * @example
 * ```ts
 * import type { Scorecard } from "@clientele/scorecard"
 *
 * const status: Scorecard.Status = "noData"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Status = typeof Status.Type

/**
 * One measure of a scorecard: which, for which principle, of which kind; its
 * inputs (`numerator` over `denominator`: a count of a count for a rate, total
 * milliseconds over durations for a duration, the sum of the scores over the
 * answers for a score); its `value` (`null` when the denominator is 0); the
 * policy's `target`; and the `status`.
 *
 * @example
 * ```ts
 * import { Scorecard } from "@clientele/scorecard"
 *
 * const fcr = Scorecard.Measure.make({
 *   id: "firstContactResolution",
 *   principle: "competence",
 *   kind: "rate",
 *   numerator: 14,
 *   denominator: 20,
 *   value: 0.7,
 *   target: 0.7,
 *   status: "met",
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Measure = Schema.Struct({
  id: MeasureId,
  principle: Principle,
  kind: MeasureKind,
  numerator: Schema.NonNegativeInt,
  denominator: Schema.NonNegativeInt,
  value: Schema.NullOr(Schema.Number.pipe(Schema.finite(), Schema.nonNegative())),
  target: Schema.Number.pipe(Schema.finite(), Schema.nonNegative()),
  status: Status,
}).annotations({ identifier: "ScorecardMeasure" })

/**
 * The type of {@link Measure}.
 *
 * @example
 * ```ts
 * import type { Scorecard } from "@clientele/scorecard"
 *
 * const percent = (measure: Scorecard.Measure) =>
 *   measure.value === null ? "no data" : `${Math.round(measure.value * 100)} %`
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Measure = typeof Measure.Type

/**
 * A principle's verdict: `notMet` when any of its measures is not met, `met` when
 * every measure with data is met, `noData` when none has data; with the count of
 * its measures in each status.
 *
 * @example
 * ```ts
 * import { Scorecard } from "@clientele/scorecard"
 *
 * const verdict = Scorecard.PrincipleVerdict.make({ principle: "assurance", status: "met", met: 1, notMet: 0, noData: 1 })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const PrincipleVerdict = Schema.Struct({
  principle: Principle,
  status: Status,
  met: Schema.NonNegativeInt,
  notMet: Schema.NonNegativeInt,
  noData: Schema.NonNegativeInt,
}).annotations({ identifier: "ScorecardPrincipleVerdict" })

/**
 * The type of {@link PrincipleVerdict}.
 *
 * @example
 * ```ts
 * import type { Scorecard } from "@clientele/scorecard"
 *
 * const failing = (verdicts: ReadonlyArray<Scorecard.PrincipleVerdict>) =>
 *   verdicts.filter((verdict) => verdict.status === "notMet").map((verdict) => verdict.principle)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type PrincipleVerdict = typeof PrincipleVerdict.Type

/** An issue at `field` unless `ids` is `expected`, in order. */
const listsInOrder = (
  field: string,
  ids: ReadonlyArray<string>,
  expected: ReadonlyArray<string>,
): Schema.FilterIssue | undefined =>
  ids.length === expected.length && ids.every((id, index) => id === expected[index])
    ? undefined
    : { path: [field], message: `a scorecard lists ${expected.join(", ")}, in this order` }

/**
 * The scorecard of one period: the period, the instant its figures are as of, the
 * version of the policy that judged it, every measure (in `Principle.measures`
 * order) and every principle's verdict (in `Principle.principles` order); the
 * schema refuses a scorecard that lists them otherwise.
 *
 * @example
 * ```ts
 * import { Scorecard } from "@clientele/scorecard"
 *
 * declare const scorecard: Scorecard.Scorecard
 * scorecard.principles.find((verdict) => verdict.principle === "reliability")?.status
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Scorecard = Schema.Struct({
  period: Period.Period,
  asOf: Period.Instant,
  policyVersion: Schema.NonEmptyTrimmedString,
  measures: Schema.Array(Measure),
  principles: Schema.Array(PrincipleVerdict),
}).pipe(
  Schema.filter((scorecard) => [
    listsInOrder(
      "measures",
      scorecard.measures.map((measure) => measure.id),
      definitions.map((definition) => definition.id),
    ),
    listsInOrder(
      "principles",
      scorecard.principles.map((verdict) => verdict.principle),
      principles,
    ),
  ]),
  Schema.annotations({ identifier: "Scorecard" }),
)

/**
 * The type of {@link Scorecard}.
 *
 * @example
 * ```ts
 * import type { Scorecard } from "@clientele/scorecard"
 *
 * const misses = (scorecard: Scorecard.Scorecard) => scorecard.measures.filter((m) => m.status === "notMet")
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Scorecard = typeof Scorecard.Type

/** A measure's inputs before the policy judges it: `undefined` when its source was not read. */
type Counted = { readonly numerator: number; readonly denominator: number } | undefined

const ratio = (numerator: number, denominator: number): Counted => ({ numerator, denominator })

const judgedClocks = (clocks: Inputs.Clocks) => clocks.hit + clocks.missed + clocks.breachedOpen

/** What each measure counts, from the inputs. */
const countedBy: { readonly [M in MeasureId]: (inputs: Inputs.Inputs) => Counted } = {
  followUpsDone: ({ complaints }) =>
    complaints &&
    ratio(
      complaints.followUpClocks.hit + complaints.followUpClocks.missed,
      judgedClocks(complaints.followUpClocks),
    ),
  followUpsIndependent: ({ complaints }) =>
    complaints && ratio(complaints.followUpsByOther, complaints.followUps),
  customersInformed: ({ complaints }) =>
    complaints && ratio(complaints.periodicUpdates.hit, judgedClocks(complaints.periodicUpdates)),
  slaAttainment: ({ complaints }) =>
    complaints && ratio(complaints.sla.hit, judgedClocks(complaints.sla)),
  timeToFirstResponse: ({ complaints }) =>
    complaints && ratio(complaints.firstResponse.totalMs, complaints.firstResponse.count),
  timeToResolution: ({ complaints }) =>
    complaints && ratio(complaints.resolution.totalMs, complaints.resolution.count),
  cadenceAdherence: ({ visits }) => visits && ratio(visits.touchesDone, visits.touchesDue),
  returnApprovalRate: ({ returns }) =>
    returns &&
    ratio(
      returns.approved + returns.partiallyApproved,
      returns.approved + returns.partiallyApproved + returns.declined,
    ),
  returnDecisionTime: ({ returns }) =>
    returns && ratio(returns.decisionTime.totalMs, returns.decisionTime.count),
  firstContactResolution: ({ complaints }) =>
    complaints && ratio(complaints.resolvedFirstTime, complaints.firstContacts),
  followUpSatisfaction: ({ complaints }) =>
    complaints && ratio(complaints.satisfaction.total, complaints.satisfaction.answers),
  feedbackCardScore: ({ visits }) =>
    visits && ratio(visits.feedbackCards.total, visits.feedbackCards.answers),
}

/**
 * Whether a value meets a target, for a measure that is better `higher` (it must
 * reach the target) or `lower` (it must not exceed it). Reaching the target
 * exactly is meeting it.
 *
 * @example
 * ```ts
 * import { Scorecard } from "@clientele/scorecard"
 *
 * Scorecard.meets(0.9, 0.9, "higher") // true
 * Scorecard.meets(1_800_001, 1_800_000, "lower") // false: a millisecond over
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const meets = (value: number, target: number, better: Better): boolean =>
  better === "higher" ? value >= target : value <= target

const judge = (definition: MeasureDefinition, counted: Counted, target: number): Measure => {
  const numerator = counted?.numerator ?? 0
  const denominator = counted?.denominator ?? 0
  const value = denominator === 0 ? null : numerator / denominator
  return {
    id: definition.id,
    principle: definition.principle,
    kind: definition.kind,
    numerator,
    denominator,
    value,
    target,
    status: value === null ? "noData" : meets(value, target, definition.better) ? "met" : "notMet",
  }
}

const principleVerdict = (
  principle: Principle,
  measures: ReadonlyArray<Measure>,
): PrincipleVerdict => {
  let met = 0
  let notMet = 0
  let noData = 0
  for (const measure of measures) {
    if (measure.principle !== principle) continue
    if (measure.status === "met") met++
    else if (measure.status === "notMet") notMet++
    else noData++
  }
  return {
    principle,
    status: notMet > 0 ? "notMet" : met > 0 ? "met" : "noData",
    met,
    notMet,
    noData,
  }
}

/**
 * Measures a period (SQ-1): decodes the inputs (a count that is not a whole number
 * at least 0, a part larger than its whole, an invalid period… is a
 * `ValidationError` naming the path), computes every measure from its source's
 * figures, judges it against the policy's target, and gives each principle its
 * verdict. The scorecard records the policy's version.
 *
 * @remarks
 * Total: any inputs the `Inputs.Inputs` schema accepts give a scorecard, every rate
 * in 0 … 1 and every score in 1 … 5. A measure whose source is absent, or whose
 * denominator is 0, has no data; a target is met when reached exactly.
 *
 * @example
 * ```ts
 * import { Policy, Scorecard } from "@clientele/scorecard"
 * import * as Either from "effect/Either"
 *
 * const scorecard = Either.getOrThrow(
 *   Scorecard.measure(
 *     {
 *       period: { start: "2025-01-01", end: "2025-04-01", zone: "Europe/Paris" },
 *       asOf: Date.UTC(2025, 3, 1),
 *       visits: { touchesDue: 40, touchesDone: 36, feedbackCards: { answers: 0, total: 0 } },
 *     },
 *     Policy.defaultPolicy,
 *   ),
 * )
 * Scorecard.measureOf(scorecard, "cadenceAdherence").status // "met": 36 of 40 is 0.9
 * Scorecard.measureOf(scorecard, "feedbackCardScore").status // "noData"
 * Scorecard.verdictOf(scorecard, "accessibility").status // "met"
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const measure = (
  inputs: Inputs.InputsEncoded,
  policy: Policy.ScorecardPolicy,
): Either.Either<Scorecard, Errors.ValidationError> =>
  Either.map(Errors.decodeEither(Inputs.Inputs)(inputs), (decoded) => {
    const measures = definitions.map((definition) =>
      judge(definition, countedBy[definition.id](decoded), policy.targets[definition.id]),
    )
    return {
      period: decoded.period,
      asOf: decoded.asOf,
      policyVersion: policy.version,
      measures,
      principles: principles.map((principle) => principleVerdict(principle, measures)),
    }
  })

/**
 * A scorecard's measure.
 *
 * @example
 * ```ts
 * import { Scorecard } from "@clientele/scorecard"
 *
 * declare const scorecard: Scorecard.Scorecard
 * Scorecard.measureOf(scorecard, "slaAttainment").value
 * ```
 *
 * @since 0.1.0
 * @category getters
 */
export const measureOf = (scorecard: Scorecard, id: MeasureId): Measure =>
  // every scorecard lists every measure: `measure` builds it so, and the schema refuses
  // one that does not
  scorecard.measures.find((measure) => measure.id === id) as Measure

/**
 * A scorecard's verdict on a principle.
 *
 * @example
 * ```ts
 * import { Scorecard } from "@clientele/scorecard"
 *
 * declare const scorecard: Scorecard.Scorecard
 * Scorecard.verdictOf(scorecard, "competence").status
 * ```
 *
 * @since 0.1.0
 * @category getters
 */
export const verdictOf = (scorecard: Scorecard, principle: Principle): PrincipleVerdict =>
  // every scorecard has a verdict on every principle, as for `measureOf`
  scorecard.principles.find((verdict) => verdict.principle === principle) as PrincipleVerdict

// --- trends -------------------------------------------------------------------------

/**
 * One period of a measure's trend: its value (`null` without data) with the target
 * it was held to, its status and the version of the policy that judged it.
 *
 * @example
 * ```ts
 * import type { Scorecard } from "@clientele/scorecard"
 *
 * declare const point: Scorecard.MeasurePoint
 * point.status === "notMet" ? `${point.value} against ${point.target} (policy ${point.policyVersion})` : ""
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface MeasurePoint extends Trend.Point {
  /** The target of the period's policy. */
  readonly target: number
  /** The measure's status in the period. */
  readonly status: Status
  /** The version of the policy that judged the period. */
  readonly policyVersion: string
}

/**
 * A measure's trend: the measure, its principle and kind, and its series over the
 * periods — a point per period and the change from each to the next, `better`
 * or `worse` as the measure improves (rates and scores higher, durations lower).
 *
 * @example
 * ```ts
 * import type { Scorecard } from "@clientele/scorecard"
 *
 * declare const trend: Scorecard.MeasureTrend
 * trend.changes.at(-1)?.direction // the latest change: "better", "worse", "same" or "noData"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface MeasureTrend extends Trend.Series<MeasurePoint> {
  /** The measure. */
  readonly id: MeasureId
  /** The principle it stands for. */
  readonly principle: Principle
  /** A rate, a duration or a score. */
  readonly kind: MeasureKind
}

/**
 * The trend of scorecards over periods: the periods in order, every measure's
 * trend (in `Principle.measures` order) and every principle's status in each
 * period (in `Principle.principles` order).
 *
 * @example
 * ```ts
 * import type { Scorecard } from "@clientele/scorecard"
 *
 * declare const trend: Scorecard.ScorecardTrend
 * trend.measures.filter((measure) => measure.changes.at(-1)?.direction === "worse").map((measure) => measure.id)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface ScorecardTrend {
  /** The periods, in order. */
  readonly periods: ReadonlyArray<Period.Period>
  /** Every measure's trend. */
  readonly measures: ReadonlyArray<MeasureTrend>
  /** Every principle's status in each period, indexed like `periods`. */
  readonly principles: ReadonlyArray<{
    readonly principle: Principle
    readonly statuses: ReadonlyArray<Status>
  }>
}

/**
 * The trend of a series of scorecards (SQ-1: trends by period), given in period
 * order: each measure's value, target and status per period, and the change
 * between consecutive periods with its direction — for a duration, a fall is
 * `better`. A change from or to a period without data is `noData`. Scorecards whose
 * periods are out of order or overlap are a `ValidationError` naming the index of
 * the first offender (`["scorecards", i, "period"]`).
 *
 * @example
 * ```ts
 * import { Policy, Scorecard } from "@clientele/scorecard"
 * import * as Either from "effect/Either"
 *
 * const quarter = (start: string, end: string, due: number, done: number) =>
 *   Either.getOrThrow(
 *     Scorecard.measure(
 *       {
 *         period: { start, end, zone: "Europe/Paris" },
 *         asOf: Date.parse(`${end}T00:00:00Z`),
 *         visits: { touchesDue: due, touchesDone: done, feedbackCards: { answers: 0, total: 0 } },
 *       },
 *       Policy.defaultPolicy,
 *     ),
 *   )
 * const trend = Either.getOrThrow(
 *   Scorecard.trend([quarter("2025-01-01", "2025-04-01", 40, 30), quarter("2025-04-01", "2025-07-01", 40, 38)]),
 * )
 * const adherence = trend.measures.find((measure) => measure.id === "cadenceAdherence")
 * adherence?.changes[0]?.direction // "better": 0.75 → 0.95
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export const trend = (
  scorecards: ReadonlyArray<Scorecard>,
): Either.Either<ScorecardTrend, Errors.ValidationError> => {
  const periods = scorecards.map((scorecard) => scorecard.period)
  const disorder = firstOutOfOrder(periods, (index) => ["scorecards", index, "period"])
  if (disorder !== undefined) return Either.left(disorder)
  return Either.right({
    periods,
    measures: definitions.map((definition): MeasureTrend => {
      const points = scorecards.map((scorecard): MeasurePoint => {
        const { value, target, status } = measureOf(scorecard, definition.id)
        return {
          period: scorecard.period,
          value,
          target,
          status,
          policyVersion: scorecard.policyVersion,
        }
      })
      return {
        id: definition.id,
        principle: definition.principle,
        kind: definition.kind,
        ...Trend.series(points, definition.better),
      }
    }),
    principles: principles.map((principle) => ({
      principle,
      statuses: scorecards.map((scorecard) => verdictOf(scorecard, principle).status),
    })),
  })
}
