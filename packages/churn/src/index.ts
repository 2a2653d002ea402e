/**
 * `@clientele/churn`: churn analysis (CHN-1 … CHN-7) — customer-base summaries from
 * transactions, the BG/NBD, MBG/NBD, Pareto/NBD and Gamma-Gamma models fitted by
 * maximum likelihood, P(alive), expected purchases and CLV, at-risk and churned
 * detection, and the churn-case workflow from where the customer went to
 * improvements tracked to completion.
 *
 * @since 0.1.0
 */

/**
 * The BG/NBD model (CHN-1): fit, P(alive), expected purchases, the purchase-count
 * distribution and column scores.
 *
 * @example
 * ```ts
 * import { BgNbd } from "@clientele/churn"
 *
 * BgNbd.probabilityAlive({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, { frequency: 2, recency: 30.43, age: 38.86 })
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export * as BgNbd from "./BgNbd.js"

/**
 * The `Churn` service over the storage port (CHN-1 … CHN-7): detection policies and
 * runs, churn cases, lessons routed to departments and improvements tracked to
 * completion, and the churn report; with a Promise client.
 *
 * @example
 * ```ts
 * import { Churn } from "@clientele/churn"
 * import { MemoryStore } from "@clientele/store"
 * import * as Layer from "effect/Layer"
 *
 * const live = Churn.layer.pipe(Layer.provide(MemoryStore.layer))
 * ```
 *
 * @since 0.1.0
 * @category services
 */
export * as Churn from "./Churn.js"

/**
 * The churn case (CHN-2 … CHN-5): where the customer went and why, whether they can
 * be won back and by whom, whether and where the product can be improved, and how
 * the case ended, with its append-only history.
 *
 * @example
 * ```ts
 * import { ChurnCase } from "@clientele/churn"
 *
 * ChurnCase.Cause.literals // ["product", "service", "both"]
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export * as ChurnCase from "./ChurnCase.js"

/**
 * At-risk and churned customers (CHN-1) from a model's P(alive) and expected
 * purchases and from an inactivity rule, under a versioned detection policy.
 *
 * @example
 * ```ts
 * import { Detection } from "@clientele/churn"
 *
 * const policy = Detection.make({ id: "retail", version: 1 })
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export * as Detection from "./Detection.js"

/**
 * Shared observations, fit options, fit results, scores and the typed errors of the
 * models.
 *
 * @example
 * ```ts
 * import type { Fitting } from "@clientele/churn"
 *
 * const observations: Fitting.Observations = { timeUnit: "weeks", frequency: [0], recency: [0], age: [10] }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export * as Fitting from "./Fitting.js"

/**
 * The Gamma-Gamma spend model: fit and expected spend per transaction.
 *
 * @example
 * ```ts
 * import { GammaGamma } from "@clientele/churn"
 *
 * GammaGamma.expectedSpend({ p: 6.25, q: 3.74, gamma: 15.44 })
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export * as GammaGamma from "./GammaGamma.js"

/**
 * Lessons learned from churn cases, routed to the responsible departments with an
 * owner (CHN-6), and the improvements they start, each tracked by a named person to
 * completion (CHN-7).
 *
 * @example
 * ```ts
 * import { Lesson } from "@clientele/churn"
 *
 * Lesson.Department.literals // ["sales", "design", "technology", "process", "production", "quality"]
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export * as Lesson from "./Lesson.js"

/**
 * The MBG/NBD model: BG/NBD with drop-out possible right after the first purchase.
 *
 * @example
 * ```ts
 * import { MbgNbd } from "@clientele/churn"
 *
 * MbgNbd.probabilityAlive({ r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 }, { frequency: 0, recency: 0, age: 38.86 })
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export * as MbgNbd from "./MbgNbd.js"

/**
 * The Pareto/NBD model, with a robust log-space ₂F₁.
 *
 * @example
 * ```ts
 * import { ParetoNbd } from "@clientele/churn"
 *
 * ParetoNbd.expectedPurchases({ r: 0.553, alpha: 10.58, s: 0.606, beta: 11.67 }, 39)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export * as ParetoNbd from "./ParetoNbd.js"

/**
 * The churn reports (CHN-2 … CHN-7): reasons by count and value, destinations,
 * recovery rate, lessons per department and the improvements that need attention.
 *
 * @example
 * ```ts
 * import type { Reports } from "@clientele/churn"
 *
 * const headline = (report: Reports.ChurnReport) => `${report.cases} cases`
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export * as Reports from "./Reports.js"

/**
 * Seeded simulators of every model, for tests, benchmarks and what-if studies.
 *
 * @example
 * ```ts
 * import { Simulation } from "@clientele/churn"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export * as Simulation from "./Simulation.js"

/**
 * Customer bases `(x, t_x, T, m̄)` from transactions, with calibration and holdout
 * periods, same-day purchases merged and an explicit time unit.
 *
 * @example
 * ```ts
 * import { Summary } from "@clientele/churn"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export * as Summary from "./Summary.js"

/**
 * Customer lifetime value from a purchase model and Gamma-Gamma, discounted.
 *
 * @example
 * ```ts
 * import type { Value } from "@clientele/churn"
 *
 * const monthly: Value.Options = { periods: 12, periodLength: 4.348, discountRate: 0.01 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export * as Value from "./Value.js"
