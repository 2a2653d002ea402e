/**
 * `@clientele/segmentation`: objective customer segmentation per statistics period
 * (SEG-1 … SEG-6) — period summaries, tiers or stars, ABCD classes with exact
 * service-time budgets, RFM scores and named segments, tier changes, service
 * standards and cultivation candidates, over any Clientele store.
 *
 * @since 0.1.0
 */

/**
 * The change log between two periods' tiers (SEG-3).
 *
 * @example
 * ```ts
 * import { Changes } from "@clientele/segmentation"
 *
 * declare const previous: Parameters<typeof Changes.between>[0]
 * declare const current: Parameters<typeof Changes.between>[1]
 * const moves = Changes.between(previous, current)
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export * as Changes from "./Changes.js"

/**
 * `classifyPeriod`: tiers, ABCD classes and RFM scores of a period (SEG-1 … SEG-4).
 *
 * @example
 * ```ts
 * import { Classification } from "@clientele/segmentation"
 *
 * declare const summaries: Parameters<typeof Classification.classifyTiers>[0]
 * declare const scheme: Parameters<typeof Classification.classifyTiers>[1]
 * const tiers = Classification.classifyTiers(summaries, scheme)
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export * as Classification from "./Classification.js"

/**
 * Cultivation candidates close to the next tier, with their gaps (SEG-6).
 *
 * @example
 * ```ts
 * import { Cultivation } from "@clientele/segmentation"
 *
 * declare const result: Parameters<typeof Cultivation.candidates>[0]
 * const plan = Cultivation.candidates(result)
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export * as Cultivation from "./Cultivation.js"

/**
 * Thresholds on a customer figure: absolute or a percentile of the population.
 *
 * @example
 * ```ts
 * import { Cut } from "@clientele/segmentation"
 *
 * const topFifth = Cut.topPercent(20)
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export * as Cut from "./Cut.js"

/**
 * The versioned segmentation policy: tier schemes, service standards, ABCD, RFM (SEG-1, SEG-2, SEG-4, SEG-5).
 *
 * @example
 * ```ts
 * import { Policy } from "@clientele/segmentation"
 *
 * const policy = Policy.make({ version: "2024", currency: "EUR", tiers: Policy.stars })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export * as Policy from "./Policy.js"

/**
 * The `Segmentation` service: period runs over the storage port, with SEG-2's refusals.
 *
 * @example
 * ```ts
 * import { Segmentation } from "@clientele/segmentation"
 * import { MemoryStore } from "@clientele/store"
 * import * as Layer from "effect/Layer"
 *
 * const live = Segmentation.layer.pipe(Layer.provide(MemoryStore.layer))
 * ```
 *
 * @since 0.1.0
 * @category services
 */
export * as Segmentation from "./Segmentation.js"

/**
 * Service-time budgets shared exactly over the ABCD classes (SEG-4).
 *
 * @example
 * ```ts
 * import { ServiceTime } from "@clientele/segmentation"
 *
 * declare const result: Parameters<typeof ServiceTime.allocate>[0]
 * const minutes = ServiceTime.allocate(result, 60_000)
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export * as ServiceTime from "./ServiceTime.js"

/**
 * Period summaries built from transactions in one pass (SEG-1, SEG-3).
 *
 * @example
 * ```ts
 * import { Period } from "@clientele/core"
 * import { Summary } from "@clientele/segmentation"
 *
 * const summaries = Summary.fromTransactions([], { period: Period.make("2024-01-01", "2025-01-01", "UTC"), currency: "EUR" })
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export * as Summary from "./Summary.js"
