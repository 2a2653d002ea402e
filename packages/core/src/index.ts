/**
 * `@clientele/core`: the kernel every Clientele package shares: branded ids, exact
 * money and allocation, periods of civil dates, tagged errors, the personal-data annotation and the
 * Promise facade.
 *
 * @since 0.1.0
 */

/**
 * Exact proportional shares of a whole number (the largest-remainder rule).
 *
 * @example
 * ```ts
 * import { Allocation } from "@clientele/core"
 *
 * const minutes = Allocation.largestRemainder(600, [40, 30, 20, 10]) // Right([240, 180, 120, 60])
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export * as Allocation from "./Allocation.js"

/**
 * Day-number arithmetic on civil dates, free of time zones.
 *
 * @example
 * ```ts
 * import { Civil } from "@clientele/core"
 *
 * const tomorrow = Civil.format((Civil.parse("2024-02-28") ?? 0) + 1) // "2024-02-29"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export * as Civil from "./Civil.js"

/**
 * SHA-256 and HMAC-SHA-256 of text, pure and synchronous: for idempotency
 * fingerprints and masked references that must not store what they stand for.
 *
 * @example
 * ```ts
 * import { Digest } from "@clientele/core"
 *
 * Digest.sha256Hex("abc").length // 64
 * ```
 *
 * @since 0.1.0
 * @category modules
 */
export * as Digest from "./Digest.js"

/**
 * Tagged errors shared by every package, and schema decoding into them.
 *
 * @example
 * ```ts
 * import { Errors } from "@clientele/core"
 *
 * const error = new Errors.NotFoundError({ entity: "Customer", id: "cus_42" })
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export * as Errors from "./Errors.js"

/**
 * Branded identifier schemas.
 *
 * @example
 * ```ts
 * import { Ids } from "@clientele/core"
 *
 * const tenant = Ids.TenantId.make("acme")
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export * as Ids from "./Ids.js"

/**
 * Exact money in integer minor units of one ISO-4217 currency.
 *
 * @example
 * ```ts
 * import { Money } from "@clientele/core"
 *
 * const price = Money.make(1999, "EUR")
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export * as Money from "./Money.js"

/**
 * Half-open ranges of civil dates in an IANA time zone.
 *
 * @example
 * ```ts
 * import { Period } from "@clientele/core"
 *
 * const year = Period.make("2024-01-01", "2025-01-01", "Europe/Berlin")
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export * as Period from "./Period.js"

/**
 * The shared annotation that marks personal data.
 *
 * @example
 * ```ts
 * import { Personal } from "@clientele/core"
 * import * as Schema from "effect/Schema"
 *
 * const Name = Personal.personal(Schema.NonEmptyString)
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export * as Personal from "./Personal.js"

/**
 * The Promise facade generated from Effect services.
 *
 * @example
 * ```ts
 * import { PromiseClient } from "@clientele/core"
 *
 * type Client = PromiseClient.PromiseClient<{ readonly ping: () => Promise<void> }>
 * ```
 *
 * @since 0.1.0
 * @category services
 */
export * as PromiseClient from "./PromiseClient.js"

/**
 * UTC offsets of IANA time zones, independent of the process time zone.
 *
 * @example
 * ```ts
 * import { Zone } from "@clientele/core"
 *
 * const offset = Zone.offsetAt("Europe/London", Date.UTC(2024, 0, 1)) // 0
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export * as Zone from "./Zone.js"
