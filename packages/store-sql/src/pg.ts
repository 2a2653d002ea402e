/**
 * PostgreSQL, the path to scale: a connection pool through `@effect/sql-pg`
 * (node-postgres), the schema migrated on start, the `Store` provided.
 *
 * @since 0.1.0
 */
import type { Store, StoreError } from "@clientele/store"
import * as Reactivity from "@effect/experimental/Reactivity"
import { SqlClient } from "@effect/sql"
import { PgClient } from "@effect/sql-pg"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { failWithStoreError } from "./internal/adapter.js"
import * as SqlStore from "./SqlStore.js"

/**
 * Options of {@link layerPg}.
 *
 * @example
 * ```ts
 * import type { PgOptions } from "@clientele/store-sql/pg"
 *
 * const options: PgOptions = { url: "postgres://app@db.internal:5432/crm", maxConnections: 20 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface PgOptions extends SqlStore.Options {
  /** The connection URL, `postgres://user:password@host:port/database?sslmode=require`. */
  readonly url: string | Redacted.Redacted<string>
  /** The pool's largest number of connections (default 10). */
  readonly maxConnections?: number | undefined
  /** How long to wait for a connection before failing with `Unavailable` (default 5 seconds). */
  readonly connectTimeout?: Duration.DurationInput | undefined
  /** Reported to the server as `application_name` (default `"clientele"`). */
  readonly applicationName?: string | undefined
}

/**
 * Opens a PostgreSQL connection pool. Also the client to give {@link SqlStore.layer}
 * when the app wants to share it.
 *
 * @example
 * ```ts
 * import { makePgClient } from "@clientele/store-sql/pg"
 * import * as Effect from "effect/Effect"
 *
 * const program = Effect.scoped(
 *   Effect.gen(function* () {
 *     const sql = yield* makePgClient({ url: "postgres://app@localhost:5432/crm" })
 *     return yield* sql`SELECT 1 AS one`
 *   }),
 * )
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const makePgClient = (options: PgOptions) =>
  PgClient.make({
    url: typeof options.url === "string" ? Redacted.make(options.url) : options.url,
    maxConnections: options.maxConnections ?? 10,
    connectTimeout: options.connectTimeout ?? "5 seconds",
    applicationName: options.applicationName ?? "clientele",
  }).pipe(
    Effect.provide(Reactivity.layer),
    Effect.catchAll((error) => failWithStoreError(error)),
  )

/**
 * The `Store` service on PostgreSQL: opens a pool, applies the schema's missing
 * migrations (once, even when several processes start together) and closes the
 * pool when the layer's scope ends.
 *
 * @example
 * ```ts
 * import { Store } from "@clientele/store"
 * import { layerPg } from "@clientele/store-sql/pg"
 * import * as Effect from "effect/Effect"
 *
 * const program = Effect.gen(function* () {
 *   const store = yield* Store.Store
 *   return yield* store.get("acme", "customers", "c1")
 * })
 * const StoreLive = layerPg({ url: process.env.DATABASE_URL ?? "postgres://localhost/crm" })
 * Effect.runPromise(Effect.provide(program, StoreLive))
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layerPg = (
  options: PgOptions,
): Layer.Layer<Store.Store, StoreError.StoreError | SqlStore.SetupError> =>
  SqlStore.layer(options).pipe(
    Layer.provide(Layer.scoped(SqlClient.SqlClient, makePgClient(options))),
  )
