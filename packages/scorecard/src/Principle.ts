/**
 * The seven principles of customer service (SQ-1) and the measures that stand for
 * them: communication, reliability, responsiveness, accessibility, assurance,
 * competence and satisfaction, each read from what another Clientele package
 * already reports — complaint SLAs, follow-ups and first-contact resolution from
 * `@clientele/complaints`, cadence adherence and feedback cards from
 * `@clientele/visits`, return decisions from `@clientele/returns`.
 *
 * This module is the vocabulary: which principles there are, what each means, which
 * measures stand for it, of what kind each measure is (a rate, a duration or a
 * score) and which way is better. The figures themselves are the `Inputs` module's,
 * the arithmetic the `Scorecard` module's.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * One of the seven principles of customer service (SQ-1), after the "seven golden
 * rules" source text of the domain specification.
 *
 * @example
 * ```ts
 * import { Principle } from "@clientele/scorecard"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(Principle.Principle)("reliability") // true
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Principle = Schema.Literal(
  "communication",
  "reliability",
  "responsiveness",
  "accessibility",
  "assurance",
  "competence",
  "satisfaction",
).annotations({ identifier: "Principle", description: "a principle of customer service" })

/**
 * The type of {@link Principle}.
 *
 * @example
 * ```ts
 * import type { Principle } from "@clientele/scorecard"
 *
 * const principle: Principle.Principle = "competence"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Principle = typeof Principle.Type

/**
 * The seven principles in the order a scorecard lists them.
 *
 * @example
 * ```ts
 * import { Principle } from "@clientele/scorecard"
 *
 * Principle.principles.length // 7
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const principles: ReadonlyArray<Principle> = Principle.literals

/**
 * What a principle asks of the service, in one sentence, with a short name for
 * reports.
 *
 * @example
 * ```ts
 * import { Principle } from "@clientele/scorecard"
 *
 * const definition: Principle.PrincipleDefinition = Principle.definitions.reliability
 * definition.name // "Reliability"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface PrincipleDefinition {
  /** The principle's name, capitalised for reports. */
  readonly name: string
  /** What the principle asks of the service. */
  readonly definition: string
}

/**
 * The definition of each principle (SQ-1).
 *
 * @remarks
 * The wording is the package's own restatement of the source's seven rules; what
 * each principle is measured by is in {@link measures}.
 *
 * @example
 * ```ts
 * import { Principle } from "@clientele/scorecard"
 *
 * Principle.definitions.competence.definition
 * // "Solve the customer's problem the first time, so that they need not come back about it."
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const definitions: { readonly [P in Principle]: PrincipleDefinition } = {
  communication: {
    name: "Communication",
    definition:
      "Keep the customer informed: update them while their problem is open, and follow up once it is resolved.",
  },
  reliability: {
    name: "Reliability",
    definition:
      "Do what was promised, by when it was promised: meet the service levels committed to.",
  },
  responsiveness: {
    name: "Responsiveness",
    definition: "Answer the customer quickly, and resolve their problem quickly.",
  },
  accessibility: {
    name: "Accessibility",
    definition:
      "Be within the customer's reach: the contacts and visits planned for each customer take place.",
  },
  assurance: {
    name: "Assurance",
    definition:
      "Give the customer confidence in the company's word: returns are honoured, and decided without delay.",
  },
  competence: {
    name: "Competence",
    definition:
      "Solve the customer's problem the first time, so that they need not come back about it.",
  },
  satisfaction: {
    name: "Satisfaction",
    definition:
      "Leave the customer satisfied, as they say themselves in surveys and feedback cards.",
  },
}

/**
 * A measure of the scorecard (SQ-1). Each stands for one principle:
 *
 * - communication: `followUpsDone` (follow-ups due that were done),
 *   `followUpsIndependent` (follow-ups done by someone who did not handle the
 *   complaint, CMP-11), `customersInformed` (periodic updates of the customer sent in
 *   time);
 * - reliability: `slaAttainment` (complaint SLA targets met, CMP-4);
 * - responsiveness: `timeToFirstResponse`, `timeToResolution` (mean target time);
 * - accessibility: `cadenceAdherence` (planned contacts and visits done, VIS-10);
 * - assurance: `returnApprovalRate`, `returnDecisionTime` (RET-2, RET-3);
 * - competence: `firstContactResolution` (CMP-10);
 * - satisfaction: `followUpSatisfaction` (the follow-up survey's 1–5 score, CMP-11),
 *   `feedbackCardScore` (the visit feedback card's 1–5 score, VIS-6).
 *
 * @example
 * ```ts
 * import { Principle } from "@clientele/scorecard"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(Principle.MeasureId)("slaAttainment") // true
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const MeasureId = Schema.Literal(
  "followUpsDone",
  "followUpsIndependent",
  "customersInformed",
  "slaAttainment",
  "timeToFirstResponse",
  "timeToResolution",
  "cadenceAdherence",
  "returnApprovalRate",
  "returnDecisionTime",
  "firstContactResolution",
  "followUpSatisfaction",
  "feedbackCardScore",
).annotations({
  identifier: "MeasureId",
  description: "a measure of the service-quality scorecard",
})

/**
 * The type of {@link MeasureId}.
 *
 * @example
 * ```ts
 * import type { Principle } from "@clientele/scorecard"
 *
 * const id: Principle.MeasureId = "firstContactResolution"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type MeasureId = typeof MeasureId.Type

/**
 * What a measure's value is: a `rate` (a share from 0 to 1), a `duration` (a mean
 * in milliseconds) or a `score` (a mean on the 1–5 scale of a survey or card).
 *
 * @example
 * ```ts
 * import { Principle } from "@clientele/scorecard"
 *
 * Principle.MeasureKind.literals // ["rate", "duration", "score"]
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const MeasureKind = Schema.Literal("rate", "duration", "score").annotations({
  identifier: "MeasureKind",
})

/**
 * The type of {@link MeasureKind}.
 *
 * @example
 * ```ts
 * import type { Principle } from "@clientele/scorecard"
 *
 * const kind: Principle.MeasureKind = "duration"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type MeasureKind = typeof MeasureKind.Type

/**
 * Which way a measure improves: rates and scores are better `higher`, durations
 * `lower`.
 *
 * @example
 * ```ts
 * import type { Principle } from "@clientele/scorecard"
 *
 * const better: Principle.Better = "lower"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Better = "higher" | "lower"

/**
 * The package whose reports a measure is read from.
 *
 * @example
 * ```ts
 * import type { Principle } from "@clientele/scorecard"
 *
 * const source: Principle.Source = "visits"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Source = "complaints" | "visits" | "returns"

/**
 * A measure as data: its id, the principle it stands for, its kind, which way is
 * better, the package it is read from, what it counts (numerator over denominator)
 * and the rule it comes from.
 *
 * @example
 * ```ts
 * import { Principle } from "@clientele/scorecard"
 *
 * const sla: Principle.MeasureDefinition = Principle.definitionOf("slaAttainment")
 * sla.principle // "reliability"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface MeasureDefinition {
  /** The measure. */
  readonly id: MeasureId
  /** The principle it stands for. */
  readonly principle: Principle
  /** A rate, a duration or a score. */
  readonly kind: MeasureKind
  /** Which way is better. */
  readonly better: Better
  /** The package it is read from. */
  readonly source: Source
  /** The rule of the domain specification it reads. */
  readonly rule: string
  /** What it counts, numerator over denominator. */
  readonly description: string
}

const higherFor = (kind: MeasureKind): Better => (kind === "duration" ? "lower" : "higher")

const define = (
  id: MeasureId,
  principle: Principle,
  kind: MeasureKind,
  source: Source,
  rule: string,
  description: string,
): MeasureDefinition => ({
  id,
  principle,
  kind,
  better: higherFor(kind),
  source,
  rule,
  description,
})

/**
 * Every measure of the scorecard, in the order a scorecard lists them (grouped by
 * principle, in {@link principles} order).
 *
 * @example
 * ```ts
 * import { Principle } from "@clientele/scorecard"
 *
 * Principle.measures.filter((measure) => measure.kind === "duration").map((measure) => measure.id)
 * // ["timeToFirstResponse", "timeToResolution", "returnDecisionTime"]
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const measures: ReadonlyArray<MeasureDefinition> = [
  define(
    "followUpsDone",
    "communication",
    "rate",
    "complaints",
    "CMP-11",
    "follow-ups done, of the follow-ups due (the complaints' follow-up targets completed, of those completed or past their deadline)",
  ),
  define(
    "followUpsIndependent",
    "communication",
    "rate",
    "complaints",
    "CMP-11",
    "follow-ups done by someone who did not handle the complaint, of the follow-ups done",
  ),
  define(
    "customersInformed",
    "communication",
    "rate",
    "complaints",
    "CMP-5",
    "periodic updates of the customer sent in time, of those completed or past their deadline",
  ),
  define(
    "slaAttainment",
    "reliability",
    "rate",
    "complaints",
    "CMP-4",
    "complaint SLA targets met, of those completed or past their deadline (every target of every cycle)",
  ),
  define(
    "timeToFirstResponse",
    "responsiveness",
    "duration",
    "complaints",
    "CMP-3",
    "the mean time from a complaint's intake to its first response, counted as its SLA target counts it",
  ),
  define(
    "timeToResolution",
    "responsiveness",
    "duration",
    "complaints",
    "CMP-4",
    "the mean time from a complaint's intake (or reopening) to its resolution, counted as its SLA target counts it",
  ),
  define(
    "cadenceAdherence",
    "accessibility",
    "rate",
    "visits",
    "VIS-10",
    "planned relationship contacts and visits done, of those due",
  ),
  define(
    "returnApprovalRate",
    "assurance",
    "rate",
    "returns",
    "RET-3",
    "return requests approved in full or in part, of those decided",
  ),
  define(
    "returnDecisionTime",
    "assurance",
    "duration",
    "returns",
    "RET-2",
    "the mean time from a return request to its decision",
  ),
  define(
    "firstContactResolution",
    "competence",
    "rate",
    "complaints",
    "CMP-10",
    "first contacts resolved without a reopening or a repeat contact, of the first contacts",
  ),
  define(
    "followUpSatisfaction",
    "satisfaction",
    "score",
    "complaints",
    "CMP-11",
    "the mean satisfaction (1–5) recorded by the complaints' follow-ups",
  ),
  define(
    "feedbackCardScore",
    "satisfaction",
    "score",
    "visits",
    "VIS-6",
    "the mean score (1–5) of the visits' feedback cards",
  ),
]

const byId: ReadonlyMap<MeasureId, MeasureDefinition> = new Map(
  measures.map((measure) => [measure.id, measure]),
)

/**
 * The definition of a measure.
 *
 * @example
 * ```ts
 * import { Principle } from "@clientele/scorecard"
 *
 * Principle.definitionOf("timeToResolution").better // "lower"
 * ```
 *
 * @since 0.1.0
 * @category getters
 */
export const definitionOf = (id: MeasureId): MeasureDefinition =>
  // every id has a definition: `measures` lists each literal of `MeasureId` (a test checks it)
  byId.get(id) as MeasureDefinition

/**
 * The measures that stand for a principle, in scorecard order.
 *
 * @example
 * ```ts
 * import { Principle } from "@clientele/scorecard"
 *
 * Principle.measuresOf("assurance").map((measure) => measure.id) // ["returnApprovalRate", "returnDecisionTime"]
 * ```
 *
 * @since 0.1.0
 * @category getters
 */
export const measuresOf = (principle: Principle): ReadonlyArray<MeasureDefinition> =>
  measures.filter((measure) => measure.principle === principle)
