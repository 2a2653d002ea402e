/**
 * The SQL adapter of the storage port, over Effect's `SqlClient`: one
 * implementation for SQLite and PostgreSQL, with the dialect read from the client.
 *
 * Use {@link layer} when your app already has an `@effect/sql` client: Clientele
 * then shares its connection pool, and every Clientele write made inside one of
 * your `sql.withTransaction` blocks belongs to your transaction (it commits and
 * rolls back with it). Without a client of your own, use `layerSqlite` from
 * `@clientele/store-sql/sqlite` or `layerPg` from `@clientele/store-sql/pg`.
 *
 * The schema is versioned: building the layer applies the missing migrations in
 * one transaction, idempotently; processes starting at once take turns and the
 * migrations run once.
 *
 * @since 0.1.0
 */
import { Store } from "@clientele/store"
import * as SqlClient from "@effect/sql/SqlClient"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import { makeAdapter, type Reader } from "./internal/adapter.js"
import { describe as describeDriverError } from "./internal/classify.js"
import * as Dialects from "./internal/dialect.js"
import * as Migrations from "./internal/migrate.js"

/**
 * Options of the SQL adapter.
 *
 * @example
 * ```ts
 * import type { SqlStore } from "@clientele/store-sql"
 *
 * const options: SqlStore.Options = { tablePrefix: "crm_" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /**
   * Prefix of every table the adapter creates (default `"clientele_"`): letters,
   * digits and underscores, at most 40 characters. Two prefixes keep two
   * independent stores in one database.
   */
  readonly tablePrefix?: string | undefined
  /**
   * Whether building the layer applies missing migrations (default `true`). Turn
   * it off when migrations run as a deployment step ({@link migrate}); the layer
   * then checks that the schema is current and fails otherwise.
   */
  readonly migrate?: boolean | undefined
}

/**
 * The default table prefix.
 *
 * @example
 * ```ts
 * import { SqlStore } from "@clientele/store-sql"
 *
 * SqlStore.defaultTablePrefix // "clientele_"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const defaultTablePrefix = "clientele_"

/**
 * The schema version this release of the adapter writes and reads.
 *
 * @example
 * ```ts
 * import { SqlStore } from "@clientele/store-sql"
 *
 * SqlStore.schemaVersion // 1
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const schemaVersion: number = Migrations.latestVersion

/**
 * Why the SQL store could not start:
 *
 * - `UnsupportedDialect` — the `SqlClient` speaks neither SQLite nor PostgreSQL.
 * - `InvalidOptions` — an option is malformed (the message names it).
 * - `SchemaTooNew` — the database was migrated by a newer release; upgrade
 *   `@clientele/store-sql` rather than run an older one against it.
 * - `SchemaNotCurrent` — `migrate: false` was given and migrations are missing.
 * - `MigrationFailed` — a migration statement failed (the cause says why); nothing
 *   of it was applied.
 *
 * @example
 * ```ts
 * import { SqlStore } from "@clientele/store-sql"
 *
 * const error = new SqlStore.SetupError({ reason: "InvalidOptions", message: "tablePrefix must be …" })
 * error.reason // "InvalidOptions"
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class SetupError extends Schema.TaggedError<SetupError>("@clientele/store-sql/SetupError")(
  "SetupError",
  {
    reason: Schema.Literal(
      "UnsupportedDialect",
      "InvalidOptions",
      "SchemaTooNew",
      "SchemaNotCurrent",
      "MigrationFailed",
    ),
    message: Schema.String,
    cause: Schema.optional(Schema.Defect),
  },
) {}

const resolve = (options: Options | undefined) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const prefix = options?.tablePrefix ?? defaultTablePrefix
    if (!Dialects.prefixPattern.test(prefix)) {
      return yield* new SetupError({
        reason: "InvalidOptions",
        message: `tablePrefix must be letters, digits and underscores (not starting with a digit), at most 40 characters; got ${JSON.stringify(prefix)}`,
      })
    }
    const dialect = sql.onDialectOrElse({
      sqlite: () => Dialects.sqlite,
      pg: () => Dialects.pg,
      orElse: () => undefined,
    })
    if (dialect === undefined) {
      return yield* new SetupError({
        reason: "UnsupportedDialect",
        message:
          "the SqlClient speaks neither SQLite nor PostgreSQL, the dialects @clientele/store-sql supports",
      })
    }
    return { sql, dialect, tables: Dialects.tablesOf(prefix) }
  })

const applyMigrations = (
  resolved: Effect.Effect.Success<ReturnType<typeof resolve>>,
  apply: boolean,
) =>
  Migrations.migrate(resolved.sql, resolved.dialect, resolved.tables, apply).pipe(
    Effect.mapError((failure): SetupError => {
      switch (failure._tag) {
        case "SchemaTooNew":
          return new SetupError({
            reason: "SchemaTooNew",
            message: `the database holds schema version ${failure.found}, newer than version ${failure.known} of this release of @clientele/store-sql`,
          })
        case "SchemaNotCurrent":
          return new SetupError({
            reason: "SchemaNotCurrent",
            message: `migrations ${failure.missing.join(", ")} are not applied and the store was built with migrate: false`,
          })
        case "StatementFailed":
          return new SetupError({
            reason: "MigrationFailed",
            message: `a migration failed and was rolled back: ${describeDriverError(failure.cause)}`,
            cause: failure.cause,
          })
      }
    }),
  )

/**
 * Applies the adapter's missing migrations to the client's database and returns the
 * versions applied (empty when the schema was current). Safe to run from several
 * processes at once: they take turns and each migration runs once.
 *
 * @example
 * ```ts
 * import { SqlStore } from "@clientele/store-sql"
 * import { SqliteClient } from "@effect/sql-sqlite-node"
 * import * as Effect from "effect/Effect"
 *
 * const applied = SqlStore.migrate({ tablePrefix: "crm_" }).pipe(
 *   Effect.provide(SqliteClient.layer({ filename: ":memory:" })),
 * )
 * Effect.runPromise(applied) // [1]
 * ```
 *
 * @since 0.1.0
 * @category migrations
 */
export const migrate = (
  options?: Omit<Options, "migrate">,
): Effect.Effect<ReadonlyArray<number>, SetupError, SqlClient.SqlClient> =>
  Effect.flatMap(resolve(options), (resolved) => applyMigrations(resolved, true))

/**
 * Makes the storage port over the `SqlClient` of the context, migrating its schema
 * first (unless `migrate: false`).
 *
 * @example
 * ```ts
 * import { SqlStore } from "@clientele/store-sql"
 * import { SqliteClient } from "@effect/sql-sqlite-node"
 * import * as Effect from "effect/Effect"
 *
 * const program = Effect.gen(function* () {
 *   const store = yield* SqlStore.make()
 *   return yield* store.insert("acme", { collection: "notes", id: "n1", body: { text: "hi" }, indexes: {} })
 * })
 * Effect.runPromise(program.pipe(Effect.provide(SqliteClient.layer({ filename: ":memory:" }))))
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (
  options?: Options,
): Effect.Effect<Store.StorePort, SetupError, SqlClient.SqlClient> =>
  makeWithReader(options, undefined)

/**
 * {@link make}, with a read-only connection of its own for reads outside
 * transactions (the SQLite layer opens one on the same file).
 *
 * @internal
 */
export const makeWithReader = (
  options: Options | undefined,
  reader: Reader | undefined,
): Effect.Effect<Store.StorePort, SetupError, SqlClient.SqlClient> =>
  Effect.gen(function* () {
    const resolved = yield* resolve(options)
    yield* applyMigrations(resolved, options?.migrate ?? true)
    return makeAdapter({ ...resolved, reader })
  })

/**
 * The `Store` service over the host app's own `SqlClient`: Clientele uses its
 * pool, and writes made inside the app's `sql.withTransaction` join that
 * transaction (a Clientele transaction inside it becomes a savepoint).
 *
 * @example
 * ```ts
 * import { Store } from "@clientele/store"
 * import { SqlStore } from "@clientele/store-sql"
 * import { SqlClient } from "@effect/sql"
 * import { SqliteClient } from "@effect/sql-sqlite-node"
 * import * as Effect from "effect/Effect"
 * import * as Layer from "effect/Layer"
 *
 * const AppSql = SqliteClient.layer({ filename: "app.db" })
 * const AppStore = SqlStore.layer().pipe(Layer.provideMerge(AppSql))
 *
 * const program = Effect.gen(function* () {
 *   const sql = yield* SqlClient.SqlClient
 *   const store = yield* Store.Store
 *   yield* sql.withTransaction(
 *     Effect.gen(function* () {
 *       yield* sql`CREATE TABLE IF NOT EXISTS audit (note TEXT)`
 *       yield* sql`INSERT INTO audit (note) VALUES ('customer added')`
 *       yield* store.insert("acme", { collection: "customers", id: "c1", body: { name: "Ada" }, indexes: {} })
 *     }),
 *   ) // both writes commit together, or neither does
 * })
 * Effect.runPromise(Effect.provide(program, AppStore))
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  options?: Options,
): Layer.Layer<Store.Store, SetupError, SqlClient.SqlClient> =>
  Layer.effect(Store.Store, make(options))
