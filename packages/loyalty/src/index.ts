/**
 * `@clientele/loyalty`: the loyalty matrix (LOY-1 … LOY-4) — zero, latent, inertial
 * and high loyalty from transaction frequency and dependence, with thresholds and
 * service policies as data, dependence measures, and the movement between periods.
 *
 * @since 0.1.0
 */

/**
 * Dependence measures normalised to `[0, 1]`: category breadth, share of wallet,
 * survey score (LOY-1).
 *
 * @example
 * ```ts
 * import { Dependence } from "@clientele/loyalty"
 *
 * const share = Dependence.shareOfWallet([300], [1200]) // Right(Float64Array [0.25])
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export * as Dependence from "./Dependence.js"

/**
 * Loyalty types, the loyalty policy with its service policies, and the
 * classification (LOY-1, LOY-2, LOY-3).
 *
 * @example
 * ```ts
 * import { Loyalty } from "@clientele/loyalty"
 *
 * const classification = Loyalty.classify({ frequency: [12, 1], dependence: [0.2, 0.9] }, Loyalty.defaultPolicy)
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export * as Loyalty from "./Loyalty.js"

/**
 * Quadrant transitions and the transition matrix between two periods (LOY-4).
 *
 * @example
 * ```ts
 * import { Transition } from "@clientele/loyalty"
 *
 * const movement = Transition.between(
 *   { customerIds: ["cus-1"], types: Uint8Array.of(2) },
 *   { customerIds: ["cus-1"], types: Uint8Array.of(3) },
 * )
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export * as Transition from "./Transition.js"
