/**
 * The staff self and peer assessment (SQ-2): ten service-skill indicators, each
 * scored from 1 (hardly ever) to 5 (always) by the person and by peers; the
 * summary of a person's period — per indicator the self score, the peers' mean and
 * the gap between them, the totals out of 50, and the largest gaps, *blind spots*
 * where the person rates themselves higher than the peers do and *hidden
 * strengths* where lower — and the trend of the summaries over periods.
 *
 * The ten indicators are fixed: a trend compares periods only when every period
 * was scored on the same statements. The source workbook of the domain
 * specification (the CRM workbook of RULES.md's sources, SQ-2) prescribes the form
 * — ten indicators, the 1–5 frequency scale, self and peer ratings, totals and
 * gaps; the statements are the package's own wording of the service skills the
 * other rules ask for.
 *
 * @since 0.1.0
 */
import { Errors, Ids, Period, Personal } from "@clientele/core"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import { firstOutOfOrder, samePeriod } from "./internal/periods.js"
import * as Trend from "./Trend.js"

/**
 * A service-skill indicator (SQ-2), one of the ten of {@link indicators}.
 *
 * @example
 * ```ts
 * import { Assessment } from "@clientele/scorecard"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(Assessment.Indicator)("listening") // true
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Indicator = Schema.Literal(
  "courtesy",
  "listening",
  "understanding",
  "clarity",
  "knowledge",
  "ownership",
  "promises",
  "keepingInformed",
  "composure",
  "followThrough",
).annotations({ identifier: "SkillIndicator", description: "a service-skill indicator" })

/**
 * The type of {@link Indicator}.
 *
 * @example
 * ```ts
 * import type { Assessment } from "@clientele/scorecard"
 *
 * const indicator: Assessment.Indicator = "composure"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Indicator = typeof Indicator.Type

/**
 * The ten indicators in the order of the form.
 *
 * @example
 * ```ts
 * import { Assessment } from "@clientele/scorecard"
 *
 * Assessment.indicators.length // 10
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const indicators: ReadonlyArray<Indicator> = Indicator.literals

/**
 * The statement each indicator asks the rater to score: how often the person
 * assessed does this.
 *
 * @example
 * ```ts
 * import { Assessment } from "@clientele/scorecard"
 *
 * Assessment.statements.promises // "Does what they promised the customer, by when they promised it."
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const statements: { readonly [I in Indicator]: string } = {
  courtesy: "Greets every customer promptly and courteously, whatever the channel.",
  listening: "Lets the customer explain in full, listening without interrupting.",
  understanding: "Asks questions until the customer's real need is understood.",
  clarity: "Explains in plain words the customer understands, without jargon.",
  knowledge:
    "Knows the products, services and policies well enough to answer without passing the customer on.",
  ownership: "Takes ownership of the customer's problem until it is solved.",
  promises: "Does what they promised the customer, by when they promised it.",
  keepingInformed: "Keeps the customer informed of progress without being chased.",
  composure: "Stays calm and respectful with an angry or difficult customer.",
  followThrough: "Checks afterwards that the customer is satisfied and the problem really solved.",
}

/**
 * A score on the 1–5 frequency scale: a whole number, 1 (hardly ever) to 5 (always).
 *
 * @example
 * ```ts
 * import { Assessment } from "@clientele/scorecard"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(Assessment.Score)(4) // true
 * Schema.is(Assessment.Score)(2.5) // false
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Score = Schema.Number.pipe(
  Schema.int({ message: () => "a score is a whole number from 1 (hardly ever) to 5 (always)" }),
  Schema.between(1, 5, {
    message: () => "a score is a whole number from 1 (hardly ever) to 5 (always)",
  }),
  Schema.annotations({ identifier: "SkillScore" }),
)

/**
 * The type of {@link Score}.
 *
 * @example
 * ```ts
 * import type { Assessment } from "@clientele/scorecard"
 *
 * const often: Assessment.Score = 4
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Score = typeof Score.Type

/**
 * The label of each point of the scale: 1 hardly ever, 2 rarely, 3 sometimes,
 * 4 often, 5 always.
 *
 * @example
 * ```ts
 * import { Assessment } from "@clientele/scorecard"
 *
 * Assessment.scale[5] // "always"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const scale: { readonly [S in 1 | 2 | 3 | 4 | 5]: string } = {
  1: "hardly ever",
  2: "rarely",
  3: "sometimes",
  4: "often",
  5: "always",
}

/**
 * The most a person can total: five on each of the ten indicators.
 *
 * @example
 * ```ts
 * import { Assessment } from "@clientele/scorecard"
 *
 * Assessment.maximumTotal // 50
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const maximumTotal: number = 5 * Indicator.literals.length

/**
 * A score for each of the ten indicators: none missing, none unknown.
 *
 * @example
 * ```ts
 * import { Assessment } from "@clientele/scorecard"
 * import * as Either from "effect/Either"
 * import * as Schema from "effect/Schema"
 *
 * const result = Schema.decodeUnknownEither(Assessment.Scores)({ courtesy: 5 })
 * Either.isLeft(result) // true: nine indicators are missing
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Scores = Schema.Struct({
  courtesy: Score,
  listening: Score,
  understanding: Score,
  clarity: Score,
  knowledge: Score,
  ownership: Score,
  promises: Score,
  keepingInformed: Score,
  composure: Score,
  followThrough: Score,
}).annotations({
  identifier: "SkillScores",
  // an indicator that is not on the form is a mistake to report, not a field to drop
  parseOptions: { onExcessProperty: "error" },
})

/**
 * The type of {@link Scores}.
 *
 * @example
 * ```ts
 * import type { Assessment } from "@clientele/scorecard"
 *
 * const total = (scores: Assessment.Scores) => Object.values(scores).reduce((sum, score) => sum + score, 0)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Scores = typeof Scores.Type

/**
 * Who gave an assessment: the person assessed (`self`) or a colleague (`peer`).
 *
 * @example
 * ```ts
 * import { Assessment } from "@clientele/scorecard"
 *
 * Assessment.Role.literals // ["self", "peer"]
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Role = Schema.Literal("self", "peer").annotations({ identifier: "AssessmentRole" })

/**
 * The type of {@link Role}.
 *
 * @example
 * ```ts
 * import type { Assessment } from "@clientele/scorecard"
 *
 * const role: Assessment.Role = "peer"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Role = typeof Role.Type

/**
 * One assessment (SQ-2): one rater scoring all ten indicators of one person for
 * one period — the person themselves (`role: "self"`, `raterId` the person's own
 * id) or a peer (`role: "peer"`, anyone else) — with an optional comment (personal
 * data, marked so) and when it was recorded. The schema refuses a self-assessment
 * rated by someone else and a peer who is the person assessed, naming `raterId`.
 *
 * @example
 * ```ts
 * import { Assessment } from "@clientele/scorecard"
 * import * as Schema from "effect/Schema"
 *
 * const fromPeer = Schema.decodeUnknownSync(Assessment.Assessment)({
 *   staffId: "kim",
 *   raterId: "lee",
 *   role: "peer",
 *   period: { start: "2025-01-01", end: "2025-07-01", zone: "Europe/Paris" },
 *   scores: {
 *     courtesy: 5, listening: 3, understanding: 4, clarity: 4, knowledge: 5,
 *     ownership: 4, promises: 3, keepingInformed: 2, composure: 5, followThrough: 3,
 *   },
 *   recordedAt: Date.UTC(2025, 6, 2),
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Assessment = Schema.Struct({
  /** The person assessed. */
  staffId: Ids.StaffId,
  /** Who scored: the person (self) or a colleague (peer). */
  raterId: Ids.StaffId,
  /** Whether the rater is the person assessed or a peer. */
  role: Role,
  /** The period the assessment covers. */
  period: Period.Period,
  /** A score for each indicator. */
  scores: Scores,
  /** The rater's comment about the person. */
  comment: Schema.optionalWith(
    Personal.personal(Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(4000))),
    { exact: true },
  ),
  /** When the assessment was recorded. */
  recordedAt: Period.Instant,
}).pipe(
  Schema.filter((assessment) => {
    const own = assessment.raterId === assessment.staffId
    if (assessment.role === "self" && !own)
      return {
        path: ["raterId"],
        message: `a self-assessment is rated by the person assessed (${assessment.staffId}), not by ${assessment.raterId}`,
      }
    if (assessment.role === "peer" && own)
      return {
        path: ["raterId"],
        message: `${assessment.staffId} cannot be their own peer: a peer assessment is rated by someone else`,
      }
    return undefined
  }),
  Schema.annotations({ identifier: "SkillAssessment" }),
)

/**
 * The type of {@link Assessment}.
 *
 * @example
 * ```ts
 * import type { Assessment } from "@clientele/scorecard"
 *
 * const isSelf = (assessment: Assessment.Assessment) => assessment.role === "self"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Assessment = typeof Assessment.Type

/**
 * The encoded form of {@link Assessment}: plain JSON, the period as
 * `{ start, end, zone }`.
 *
 * @example
 * ```ts
 * import type { Assessment } from "@clientele/scorecard"
 *
 * declare const scores: Assessment.Scores
 * const own: Assessment.AssessmentEncoded = {
 *   staffId: "kim",
 *   raterId: "kim",
 *   role: "self",
 *   period: { start: "2025-01-01", end: "2025-07-01", zone: "Europe/Paris" },
 *   scores,
 *   recordedAt: Date.UTC(2025, 6, 1),
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type AssessmentEncoded = typeof Assessment.Encoded

/**
 * Decodes an assessment from untrusted input: every failing field is named in one
 * `ValidationError` — a score of 0, 6 or 2.5 at `["scores", "listening"]`, a missing
 * or unknown indicator, a blank rater, a peer who is the person assessed at
 * `["raterId"]`.
 *
 * @example
 * ```ts
 * import { Assessment } from "@clientele/scorecard"
 * import * as Either from "effect/Either"
 *
 * const result = Assessment.decode({ staffId: "kim", raterId: "kim", role: "self", scores: {} })
 * Either.isLeft(result) // true
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const decode: (input: unknown) => Either.Either<Assessment, Errors.ValidationError> =
  Errors.decodeEither(Assessment)

/**
 * The sum of an assessment's ten scores, out of {@link maximumTotal}.
 *
 * @example
 * ```ts
 * import { Assessment } from "@clientele/scorecard"
 *
 * declare const assessment: Assessment.Assessment
 * Assessment.total(assessment.scores) // 10 … 50
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export const total = (scores: Scores): number => {
  let sum = 0
  for (const indicator of indicators) sum += scores[indicator]
  return sum
}

// --- the summary ----------------------------------------------------------------------

/**
 * One indicator of a summary: the self score (`null` without a self-assessment),
 * the peers' mean (`null` without peers) over `peerCount` peers, and the gap, self
 * minus peers (`null` without either).
 *
 * @example
 * ```ts
 * import type { Assessment } from "@clientele/scorecard"
 *
 * const line: Assessment.IndicatorSummary = { indicator: "listening", self: 5, peerMean: 3.5, peerCount: 2, gap: 1.5 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface IndicatorSummary {
  /** The indicator. */
  readonly indicator: Indicator
  /** The person's own score. */
  readonly self: number | null
  /** The mean of the peers' scores. */
  readonly peerMean: number | null
  /** How many peers scored. */
  readonly peerCount: number
  /** The self score minus the peers' mean: positive when the person rates themselves higher. */
  readonly gap: number | null
}

/**
 * The summary of a person's assessments for one period (SQ-2): per indicator the
 * self score, the peers' mean and the gap; the self total and the peers' total
 * (the mean of the peers' totals), both out of `maximum`, and the total gap; and
 * the indicators whose gap reaches the threshold — `blindSpots` (the person rates
 * themselves higher than the peers do, largest gap first) and `hiddenStrengths`
 * (lower, largest gap first).
 *
 * @example
 * ```ts
 * import type { Assessment } from "@clientele/scorecard"
 *
 * declare const summary: Assessment.Summary
 * summary.blindSpots.map((line) => `${line.indicator}: +${line.gap}`)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Summary {
  /** The person assessed. */
  readonly staffId: Ids.StaffId
  /** The period. */
  readonly period: Period.Period
  /** The most a total can be: 50. */
  readonly maximum: number
  /** The sum of the self scores, or `null` without a self-assessment. */
  readonly selfTotal: number | null
  /** The mean of the peers' totals, or `null` without peers. */
  readonly peerTotal: number | null
  /** How many peers assessed the person. */
  readonly peerCount: number
  /** The self total minus the peers' total, or `null` without either. */
  readonly totalGap: number | null
  /** Every indicator, in form order. */
  readonly indicators: ReadonlyArray<IndicatorSummary>
  /** Indicators the person rates higher than the peers by at least the threshold, largest gap first. */
  readonly blindSpots: ReadonlyArray<IndicatorSummary>
  /** Indicators the person rates lower than the peers by at least the threshold, largest gap first. */
  readonly hiddenStrengths: ReadonlyArray<IndicatorSummary>
}

/**
 * What {@link summarise} takes: the person, the period, their self-assessment (if
 * they gave one) and their peers' assessments of the period. Decode untrusted input
 * with it; {@link summarise} does so itself.
 *
 * @example
 * ```ts
 * import { Assessment } from "@clientele/scorecard"
 * import * as Schema from "effect/Schema"
 *
 * const nothingYet = Schema.decodeUnknownSync(Assessment.SummaryRequest)({
 *   staffId: "kim",
 *   period: { start: "2025-01-01", end: "2025-07-01", zone: "Europe/Paris" },
 *   peers: [],
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const SummaryRequest = Schema.Struct({
  /** The person assessed. */
  staffId: Ids.StaffId,
  /** The period. */
  period: Period.Period,
  /** The person's own assessment of the period. */
  self: Schema.optionalWith(Assessment, { exact: true }),
  /** The peers' assessments of the period, one per peer. */
  peers: Schema.Array(Assessment),
}).annotations({ identifier: "SkillSummaryRequest" })

/**
 * The input of {@link summarise}: the encoded form of {@link SummaryRequest}, as
 * received or as stored.
 *
 * @example
 * ```ts
 * import type { Assessment } from "@clientele/scorecard"
 *
 * const nothingYet: Assessment.SummaryInput = {
 *   staffId: "kim",
 *   period: { start: "2025-01-01", end: "2025-07-01", zone: "Europe/Paris" },
 *   peers: [],
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type SummaryInput = typeof SummaryRequest.Encoded

/**
 * Options of {@link summarise}: `threshold` is the smallest gap, in scale points,
 * that makes a blind spot or a hidden strength (default 1: a whole step of the
 * scale).
 *
 * @example
 * ```ts
 * import type { Assessment } from "@clientele/scorecard"
 *
 * const sensitive: Assessment.SummaryOptions = { threshold: 0.5 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface SummaryOptions {
  readonly threshold?: number | undefined
}

const invalid = (path: ReadonlyArray<string | number>, message: string) =>
  Either.left(Errors.ValidationError.fromIssues([{ path, message }]))

/** The first assessment that is not of the person and period, or not in its role. */
const firstMismatch = (
  request: typeof SummaryRequest.Type,
): Either.Either<never, Errors.ValidationError> | undefined => {
  const check = (assessment: Assessment, path: ReadonlyArray<string | number>, role: Role) => {
    if (assessment.staffId !== request.staffId)
      return invalid(
        [...path, "staffId"],
        `this assessment is of ${assessment.staffId}, not of ${request.staffId}`,
      )
    if (!samePeriod(assessment.period, request.period))
      return invalid(
        [...path, "period"],
        `this assessment covers ${assessment.period.start} … ${assessment.period.end} (${assessment.period.zone}), not the period summarised`,
      )
    if (assessment.role !== role)
      return invalid([...path, "role"], `expected a ${role} assessment here`)
    return undefined
  }
  if (request.self !== undefined) {
    const failure = check(request.self, ["self"], "self")
    if (failure !== undefined) return failure
  }
  const raters = new Set<string>()
  for (const [index, peer] of request.peers.entries()) {
    const failure = check(peer, ["peers", index], "peer")
    if (failure !== undefined) return failure
    if (raters.has(peer.raterId))
      return invalid(
        ["peers", index, "raterId"],
        `${peer.raterId} has already assessed ${request.staffId} for this period: one assessment per peer`,
      )
    raters.add(peer.raterId)
  }
  return undefined
}

const byGapSize = (a: IndicatorSummary, b: IndicatorSummary) =>
  Math.abs(b.gap ?? 0) - Math.abs(a.gap ?? 0) ||
  indicators.indexOf(a.indicator) - indicators.indexOf(b.indicator)

/**
 * Summarises a person's assessments of one period (SQ-2): per indicator the self
 * score, the peers' mean and the gap (self − peers); the self total (the sum of the
 * ten scores, out of 50), the peers' total (the mean of their totals) and the total
 * gap; the blind spots and hidden strengths, the indicators whose gap is at least
 * `threshold` one way or the other, largest first (ties in form order).
 *
 * @remarks
 * The input is decoded first, so every invalid score — 0, 6, 2.5, a missing or
 * unknown indicator — is a `ValidationError` naming it
 * (`["peers", 1, "scores", "listening"]`); so are an assessment of another person
 * or period, a self-assessment among the peers or a peer as `self`
 * (`["peers", 0, "role"]`), and a peer listed twice (`["peers", 2, "raterId"]`). A
 * threshold that is not a positive number is refused at `["threshold"]`. Without a
 * self-assessment the self figures and gaps are `null`; without peers, the peer
 * figures and gaps.
 *
 * @example
 * ```ts
 * import { Assessment } from "@clientele/scorecard"
 * import * as Either from "effect/Either"
 *
 * const period = { start: "2025-01-01", end: "2025-07-01", zone: "Europe/Paris" }
 * const scores = (listening: number, promises: number) => ({
 *   courtesy: 4, listening, understanding: 4, clarity: 4, knowledge: 4,
 *   ownership: 4, promises, keepingInformed: 4, composure: 4, followThrough: 4,
 * })
 * const rated = (raterId: string, listening: number, promises: number) => ({
 *   staffId: "kim", raterId, role: raterId === "kim" ? ("self" as const) : ("peer" as const),
 *   period, scores: scores(listening, promises), recordedAt: Date.UTC(2025, 6, 1),
 * })
 * const summary = Either.getOrThrow(
 *   Assessment.summarise({
 *     staffId: "kim",
 *     period,
 *     self: rated("kim", 5, 3),
 *     peers: [rated("lee", 3, 5), rated("max", 4, 4)],
 *   }),
 * )
 * summary.selfTotal // 40
 * summary.peerTotal // 40: both peers total 40
 * summary.blindSpots.map((line) => line.indicator) // ["listening"]: 5 against 3.5
 * summary.hiddenStrengths.map((line) => line.indicator) // ["promises"]: 3 against 4.5
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export const summarise = (
  input: SummaryInput,
  options: SummaryOptions = {},
): Either.Either<Summary, Errors.ValidationError> => {
  const threshold = options.threshold ?? 1
  if (!(Number.isFinite(threshold) && threshold > 0))
    return invalid(["threshold"], "the threshold is a positive number of scale points")
  // a caller without types may pass `self: undefined` for "no self-assessment"
  const present =
    input.self === undefined
      ? { staffId: input.staffId, period: input.period, peers: input.peers }
      : input
  return Either.flatMap(Errors.decodeEither(SummaryRequest)(present), (request) => {
    const mismatch = firstMismatch(request)
    if (mismatch !== undefined) return mismatch
    const { self, peers } = request
    const peerCount = peers.length
    const lines = indicators.map((indicator): IndicatorSummary => {
      let peerSum = 0
      for (const peer of peers) peerSum += peer.scores[indicator]
      const own = self === undefined ? null : self.scores[indicator]
      const peerMean = peerCount === 0 ? null : peerSum / peerCount
      return {
        indicator,
        self: own,
        peerMean,
        peerCount,
        gap: own === null || peerMean === null ? null : own - peerMean,
      }
    })
    let peerTotals = 0
    for (const peer of peers) peerTotals += total(peer.scores)
    const selfTotal = self === undefined ? null : total(self.scores)
    const peerTotal = peerCount === 0 ? null : peerTotals / peerCount
    return Either.right({
      staffId: request.staffId,
      period: request.period,
      maximum: maximumTotal,
      selfTotal,
      peerTotal,
      peerCount,
      totalGap: selfTotal === null || peerTotal === null ? null : selfTotal - peerTotal,
      indicators: lines,
      blindSpots: lines
        .filter((line) => line.gap !== null && line.gap >= threshold)
        .sort(byGapSize),
      hiddenStrengths: lines
        .filter((line) => line.gap !== null && line.gap <= -threshold)
        .sort(byGapSize),
    })
  })
}

// --- trends ---------------------------------------------------------------------------

/**
 * An indicator's trend for a person: the self scores and the peers' means over the
 * periods, each a series with the change from period to period (higher is better).
 *
 * @example
 * ```ts
 * import type { Assessment } from "@clientele/scorecard"
 *
 * declare const trend: Assessment.IndicatorTrend
 * trend.peers.changes.map((change) => change.direction)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface IndicatorTrend {
  /** The indicator. */
  readonly indicator: Indicator
  /** The self scores. */
  readonly self: Trend.Series
  /** The peers' means. */
  readonly peers: Trend.Series
}

/**
 * A person's assessments over periods (SQ-2, trends by period): the periods in
 * order; the self total, the peers' total and the total gap as series; and each
 * indicator's self and peer series.
 *
 * @example
 * ```ts
 * import type { Assessment } from "@clientele/scorecard"
 *
 * declare const trend: Assessment.AssessmentTrend
 * trend.peerTotal.changes.at(-1)?.direction // how the peers' view moved last period
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface AssessmentTrend {
  /** The person. */
  readonly staffId: Ids.StaffId
  /** The periods, in order. */
  readonly periods: ReadonlyArray<Period.Period>
  /** The self totals. */
  readonly selfTotal: Trend.Series
  /** The peers' totals. */
  readonly peerTotal: Trend.Series
  /** The total gaps: the change of a gap has no better direction, so it is not judged. */
  readonly totalGap: ReadonlyArray<Trend.Point>
  /** Every indicator, in form order. */
  readonly indicators: ReadonlyArray<IndicatorTrend>
}

/**
 * The trend of a person's summaries (SQ-2), given in period order: the totals and
 * every indicator's self and peer series, each change judged as a score (higher is
 * better). Summaries of different people, or whose periods are out of order or
 * overlap, are a `ValidationError` naming the first offender
 * (`["summaries", i, "staffId"]`, `["summaries", i, "period"]`); no summaries is a
 * `ValidationError` at `["summaries"]`.
 *
 * @example
 * ```ts
 * import { Assessment } from "@clientele/scorecard"
 * import * as Either from "effect/Either"
 *
 * const allFours = {
 *   courtesy: 4, listening: 4, understanding: 4, clarity: 4, knowledge: 4,
 *   ownership: 4, promises: 4, keepingInformed: 4, composure: 4, followThrough: 4,
 * }
 * const half = (start: string, end: string, listening: number) => {
 *   const period = { start, end, zone: "Europe/Paris" }
 *   return Either.getOrThrow(
 *     Assessment.summarise({
 *       staffId: "kim",
 *       period,
 *       peers: [{ staffId: "kim", raterId: "lee", role: "peer", period, scores: { ...allFours, listening }, recordedAt: Date.parse(`${end}T00:00:00Z`) }],
 *     }),
 *   )
 * }
 * const trend = Either.getOrThrow(Assessment.trend([half("2025-01-01", "2025-07-01", 3), half("2025-07-01", "2026-01-01", 4)]))
 * trend.indicators.find((line) => line.indicator === "listening")?.peers.changes[0]?.direction // "better"
 * trend.selfTotal.changes[0]?.direction // "noData": no self-assessment either time
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export const trend = (
  summaries: ReadonlyArray<Summary>,
): Either.Either<AssessmentTrend, Errors.ValidationError> => {
  const first = summaries[0]
  if (first === undefined) return invalid(["summaries"], "a trend needs at least one summary")
  const other = summaries.findIndex((summary) => summary.staffId !== first.staffId)
  if (other >= 0)
    return invalid(
      ["summaries", other, "staffId"],
      `a trend follows one person: this summary is of ${summaries[other]?.staffId}, the first of ${first.staffId}`,
    )
  const periods = summaries.map((summary) => summary.period)
  const disorder = firstOutOfOrder(periods, (index) => ["summaries", index, "period"])
  if (disorder !== undefined) return Either.left(disorder)
  const pointsOf = (value: (summary: Summary) => number | null): ReadonlyArray<Trend.Point> =>
    summaries.map((summary) => ({ period: summary.period, value: value(summary) }))
  const lineOf = (summary: Summary, indicator: Indicator) =>
    summary.indicators.find((line) => line.indicator === indicator)
  return Either.right({
    staffId: first.staffId,
    periods,
    selfTotal: Trend.series(
      pointsOf((summary) => summary.selfTotal),
      "higher",
    ),
    peerTotal: Trend.series(
      pointsOf((summary) => summary.peerTotal),
      "higher",
    ),
    totalGap: pointsOf((summary) => summary.totalGap),
    indicators: indicators.map((indicator) => ({
      indicator,
      self: Trend.series(
        pointsOf((summary) => lineOf(summary, indicator)?.self ?? null),
        "higher",
      ),
      peers: Trend.series(
        pointsOf((summary) => lineOf(summary, indicator)?.peerMean ?? null),
        "higher",
      ),
    })),
  })
}
