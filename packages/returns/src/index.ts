/**
 * `@clientele/returns`: the return and exchange policy (RET-1 … RET-4) — the policy
 * as versioned data snapshotted onto each order, explainable per-line decisions
 * with an exact refund, authorisation by any staff member once the product is
 * verified as the company's own, service commitments by spend threshold, and the
 * policy published as text and schema.org JSON-LD.
 *
 * @since 0.1.0
 */

/**
 * Service commitments (RET-4): express delivery, gift wrap and home delivery free
 * above a spend threshold or at a listed price, per tier, and what a return that
 * drops the kept value below the threshold does.
 *
 * @example
 * ```ts
 * import { Commitment } from "@clientele/returns"
 *
 * const policy = Commitment.defaultPolicy("EUR")
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export * as Commitment from "./Commitment.js"

/**
 * The return decision (RET-2, RET-3): `evaluateReturn` over the order's facts and
 * its snapshotted policy, per line approved and declined quantities with reason
 * codes, and the exact money breakdown.
 *
 * @example
 * ```ts
 * import { Decision } from "@clientele/returns"
 *
 * const codes: ReadonlyArray<Decision.DecisionCode> = ["WINDOW_EXPIRED", "FINAL_SALE"]
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export * as Decision from "./Decision.js"

/**
 * Publishing the policy (RET-1): readable text or Markdown, and schema.org
 * `MerchantReturnPolicy` JSON-LD.
 *
 * @example
 * ```ts
 * import { Publication, ReturnPolicy } from "@clientele/returns"
 *
 * const text = Publication.toText(ReturnPolicy.defaultPolicy("EUR", "Europe/Paris"))
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export * as Publication from "./Publication.js"

/**
 * The return policy as versioned data (RET-1, RET-2): window, final sale,
 * per-category overrides, resolutions, fees and their waivers, refund destination,
 * reasons and the staff authorisation rule.
 *
 * @example
 * ```ts
 * import { ReturnPolicy } from "@clientele/returns"
 *
 * const policy = ReturnPolicy.defaultPolicy("EUR", "Europe/Paris")
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export * as ReturnPolicy from "./ReturnPolicy.js"

/**
 * The returns service (RET-1 … RET-4): versioned policies, orders with their policy
 * snapshot and service commitments, return cases from request to refund (any staff
 * member authorises once the product is verified), internal settlements that never
 * block the customer, the return-reasons report, and the Promise client.
 *
 * @example
 * ```ts
 * import { Returns } from "@clientele/returns"
 * import { MemoryStore } from "@clientele/store"
 * import * as Layer from "effect/Layer"
 *
 * const live = Returns.layer.pipe(Layer.provide(MemoryStore.layer))
 * ```
 *
 * @since 0.1.0
 * @category services
 */
export * as Returns from "./Returns.js"
