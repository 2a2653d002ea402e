/**
 * The one error of the storage port. Every adapter reports its failures as a
 * `StoreError` with a `reason`, so domain code handles storage the same way over
 * memory, SQLite, PostgreSQL or an integrator's own database.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * Why a store operation failed.
 *
 * - `NotFound` — the document to update or delete does not exist.
 * - `Conflict` — the document's version is not the expected one (a concurrent
 *   writer won), or the database aborted the transaction (serialization failure,
 *   deadlock). Re-read and retry.
 * - `Duplicate` — a document with this id already exists.
 * - `Unavailable` — the database cannot be reached or is busy. Retry later.
 * - `Corrupt` — a stored document can no longer be read (its body does not decode
 *   with the collection's schema, or the raw row is not valid JSON).
 *
 * @example
 * ```ts
 * import { StoreError } from "@clientele/store"
 *
 * const reason: StoreError.StoreErrorReason = "Conflict"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const StoreErrorReason = Schema.Literal(
  "NotFound",
  "Conflict",
  "Duplicate",
  "Unavailable",
  "Corrupt",
)
/**
 * @since 0.1.0
 * @category models
 */
export type StoreErrorReason = typeof StoreErrorReason.Type

/**
 * A failed store operation: the `reason`, a readable `message`, and where known the
 * collection and document id. `isRetryable` tells whether running the operation
 * again (after re-reading, for a `Conflict`) can succeed.
 *
 * @example
 * ```ts
 * import { StoreError } from "@clientele/store"
 *
 * const error = new StoreError.StoreError({
 *   reason: "Conflict",
 *   message: "expected version 3, found 4",
 *   collection: "customers",
 *   id: "cus_1",
 * })
 * error.isRetryable // true
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class StoreError extends Schema.TaggedError<StoreError>("@clientele/store/StoreError")(
  "StoreError",
  {
    reason: StoreErrorReason,
    message: Schema.String,
    collection: Schema.optional(Schema.String),
    id: Schema.optional(Schema.String),
    cause: Schema.optional(Schema.Defect),
  },
) {
  /**
   * Whether the same operation may succeed if tried again: `true` for `Conflict`
   * (after re-reading the document) and `Unavailable`, `false` otherwise.
   *
   * @since 0.1.0
   */
  get isRetryable(): boolean {
    return this.reason === "Conflict" || this.reason === "Unavailable"
  }
}

/**
 * Whether a value is a {@link StoreError}.
 *
 * @example
 * ```ts
 * import { StoreError } from "@clientele/store"
 *
 * StoreError.isStoreError(new Error("boom")) // false
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export const isStoreError = (u: unknown): u is StoreError => u instanceof StoreError

/**
 * A predicate: whether a value is a {@link StoreError} for `reason` — what a service
 * retries on (`"Conflict"`) or reads as an existing document (`"Duplicate"`).
 *
 * @example
 * ```ts
 * import { StoreError } from "@clientele/store"
 * import * as Effect from "effect/Effect"
 *
 * const conflicted = StoreError.hasReason("Conflict")
 * const retried = <A, E, R>(write: Effect.Effect<A, E, R>) => Effect.retry(write, { while: conflicted, times: 5 })
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export const hasReason =
  (reason: StoreErrorReason) =>
  (u: unknown): u is StoreError =>
    u instanceof StoreError && u.reason === reason
