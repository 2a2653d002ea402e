/**
 * `@clientele/archive`: archive retention (ARC-1 … ARC-4) — customer archives filed by
 * class with testimonials, yearly reviews with each year's adjustment index,
 * retirement of poor customers by an objective rule, retention schedules with their
 * precedence table and legal holds, and erasure plans driven by the personal-data
 * annotations, as versioned data and pure decisions; and the `Archives` service that
 * stores them and carries out sweeps and erasures across every package's collections.
 *
 * @since 0.1.0
 */

/**
 * Customer archives filed by customer class, with profile facts, notes and
 * testimonials, refiled when the class changes, looked up by class (ARC-1).
 *
 * @example
 * ```ts
 * import { Archive } from "@clientele/archive"
 * import { Policy } from "@clientele/segmentation"
 *
 * const archive = Archive.file(
 *   { customer: "cus_42", customerClass: "major", at: Date.UTC(2024, 0, 15), by: "staff_7" },
 *   Policy.threeTiers,
 * )
 * ```
 *
 * @since 0.1.0
 * @category modules
 */
export * as Archive from "./Archive.js"

/**
 * The service over the storage port: archives and their reviews, retention
 * policies, legal holds, the idempotent disposal sweep and erasure requests across
 * the collections of every package, with masked evidence (ARC-1 … ARC-4).
 *
 * @example
 * ```ts
 * import { Archives } from "@clientele/archive"
 * import { MemoryStore } from "@clientele/store"
 *
 * const client = await Archives.makeClient({ sources: [], maskingKey: "a-long-secret-kept-in-the-vault" }, MemoryStore.layer)
 * await client.close()
 * ```
 *
 * @since 0.1.0
 * @category modules
 */
export * as Archives from "./Archives.js"

/**
 * Erasure driven by the personal-data annotations (ARC-4): the personal paths of
 * any schema, redaction of a document, and the plan of an erasure request — delete,
 * anonymise or retain per record, with masked evidence.
 *
 * @example
 * ```ts
 * import { Erasure } from "@clientele/archive"
 * import { Personal } from "@clientele/core"
 * import * as Schema from "effect/Schema"
 *
 * const Contact = Schema.Struct({ id: Schema.String, email: Personal.personal(Schema.String) })
 * Erasure.personalPaths(Contact) // [["email"]]
 * ```
 *
 * @since 0.1.0
 * @category modules
 */
export * as Erasure from "./Erasure.js"

/**
 * Retention schedules per record type, the precedence table, legal holds, the
 * retention state of a record and the plan of a disposal sweep (ARC-4).
 *
 * @example
 * ```ts
 * import { Retention } from "@clientele/archive"
 *
 * Retention.purviewPrecedence // the default precedence table: retention beats deletion first
 * ```
 *
 * @since 0.1.0
 * @category modules
 */
export * as Retention from "./Retention.js"

/**
 * Retiring poor customers by an objective, versioned rule: candidates and the
 * customers excluded with their reasons, the retirement recorded with a restorable
 * grace window, runs in batches that continue where the last one stopped (ARC-3).
 *
 * @example
 * ```ts
 * import { Retirement } from "@clientele/archive"
 *
 * Retirement.defaultRule.classes // ["potential"]
 * ```
 *
 * @since 0.1.0
 * @category modules
 */
export * as Retirement from "./Retirement.js"

/**
 * Yearly reviews (ARC-2): when each archive's review is due, the overdue report, the
 * review that records what changed, and each year's adjustment index.
 *
 * @example
 * ```ts
 * import { Review } from "@clientele/archive"
 *
 * const policy = Review.makePolicy({ version: 1, zone: "Europe/Berlin" }) // reviews every 12 months
 * ```
 *
 * @since 0.1.0
 * @category modules
 */
export * as Review from "./Review.js"
