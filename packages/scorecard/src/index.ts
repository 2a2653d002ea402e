/**
 * `@clientele/scorecard`: the service-quality scorecard — the seven principles of
 * customer service as measures computed from the other packages' reports, held to
 * a versioned policy, with trends by period (SQ-1) — and the staff self and peer
 * assessment of ten service skills with totals, gaps and trends (SQ-2).
 *
 * @since 0.1.0
 */

/**
 * The staff self and peer assessment: ten indicators on a 1–5 scale, the summary
 * with totals and gaps, and trends (SQ-2).
 *
 * @example
 * ```ts
 * import { Assessment } from "@clientele/scorecard"
 *
 * Assessment.statements.listening // "Lets the customer explain in full, listening without interrupting."
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export * as Assessment from "./Assessment.js"

/**
 * The figures a scorecard is measured from, read off the complaints', visits' and
 * returns' reports (SQ-1).
 *
 * @example
 * ```ts
 * import { Inputs } from "@clientele/scorecard"
 *
 * const figures = Inputs.fromVisits({}) // no report given: nothing counted
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export * as Inputs from "./Inputs.js"

/**
 * The scorecard policy: a target for every measure, versioned and validated (SQ-1).
 *
 * @example
 * ```ts
 * import { Policy } from "@clientele/scorecard"
 *
 * Policy.defaultPolicy.targets.slaAttainment // 0.9
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export * as Policy from "./Policy.js"

/**
 * The seven principles of customer service and the measures that stand for them
 * (SQ-1).
 *
 * @example
 * ```ts
 * import { Principle } from "@clientele/scorecard"
 *
 * Principle.measuresOf("responsiveness").map((measure) => measure.id) // ["timeToFirstResponse", "timeToResolution"]
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export * as Principle from "./Principle.js"

/**
 * The scorecard of a period and the trend of scorecards over periods (SQ-1).
 *
 * @example
 * ```ts
 * import { Policy, Scorecard } from "@clientele/scorecard"
 *
 * const scorecard = Scorecard.measure(
 *   { period: { start: "2025-01-01", end: "2025-04-01", zone: "UTC" }, asOf: Date.UTC(2025, 3, 1) },
 *   Policy.defaultPolicy,
 * ) // Right: every measure without data
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export * as Scorecard from "./Scorecard.js"

/**
 * The `Scorecards` service: assessments over the store, and scorecards from the
 * other services' stored data.
 *
 * @example
 * ```ts
 * import { Scorecards } from "@clientele/scorecard"
 * import { MemoryStore } from "@clientele/store"
 * import * as Layer from "effect/Layer"
 *
 * const live = Scorecards.layer().pipe(Layer.provide(MemoryStore.layer))
 * ```
 *
 * @since 0.1.0
 * @category services
 */
export * as Scorecards from "./Scorecards.js"

/**
 * Series by period and the direction of each change, shared by the scorecard and
 * the assessments.
 *
 * @example
 * ```ts
 * import { Trend } from "@clientele/scorecard"
 *
 * Trend.directionOf(-60_000, "lower") // "better"
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export * as Trend from "./Trend.js"
