/**
 * SQLite, the embedded default: one file, no server. Opens the file with
 * `@effect/sql-sqlite-node` (better-sqlite3) in WAL mode, with a busy timeout and
 * foreign keys on, migrates the schema and provides the `Store`.
 *
 * @since 0.1.0
 */
import { Store, type StoreError } from "@clientele/store"
import * as Reactivity from "@effect/experimental/Reactivity"
import { SqlClient } from "@effect/sql"
import { SqliteClient } from "@effect/sql-sqlite-node"
import Database from "better-sqlite3"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { failWithStoreError, type Reader } from "./internal/adapter.js"
import * as SqlStore from "./SqlStore.js"

/**
 * Options of {@link layerSqlite}.
 *
 * @example
 * ```ts
 * import type { SqliteOptions } from "@clientele/store-sql/sqlite"
 *
 * const options: SqliteOptions = { filename: "clientele.db", busyTimeout: "10 seconds" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface SqliteOptions extends SqlStore.Options {
  /** The database file (created if missing), or `":memory:"` for a private in-memory database. */
  readonly filename: string
  /**
   * How long a writer waits for another process's write lock before failing with
   * `Unavailable` (default 5 seconds).
   */
  readonly busyTimeout?: Duration.DurationInput | undefined
  /**
   * SQLite's `synchronous` setting (default `"full"`: a committed transaction
   * survives a power cut). `"normal"` is faster and still survives a crash of the
   * process, but the last transactions may roll back after a power cut.
   */
  readonly synchronous?: "full" | "normal" | undefined
}

const synchronousModes = { full: "FULL", normal: "NORMAL" } as const

/**
 * Opens a SQLite client configured for Clientele: WAL journal, busy timeout,
 * foreign keys on, and `secure_delete` on (deleted content is overwritten with
 * zeros rather than left in free pages, so an erasure leaves nothing behind; give a
 * client of your own the same setting). Also the client to give {@link SqlStore.layer} when the app wants
 * to share it.
 *
 * @example
 * ```ts
 * import { SqlStore } from "@clientele/store-sql"
 * import { makeSqliteClient } from "@clientele/store-sql/sqlite"
 * import { SqlClient } from "@effect/sql"
 * import * as Effect from "effect/Effect"
 *
 * const program = Effect.scoped(
 *   Effect.gen(function* () {
 *     const sql = yield* makeSqliteClient({ filename: ":memory:" })
 *     return yield* Effect.provideService(SqlStore.make(), SqlClient.SqlClient, sql)
 *   }),
 * )
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeSqliteClient = (options: SqliteOptions) =>
  Effect.gen(function* () {
    const sql = yield* SqliteClient.make({ filename: options.filename }).pipe(
      Effect.provide(Reactivity.layer),
      // better-sqlite3 throws when the file cannot be opened
      Effect.catchAllDefect((defect) => failWithStoreError(defect)),
    )
    const timeout = Math.round(Duration.toMillis(options.busyTimeout ?? "5 seconds"))
    const synchronous = synchronousModes[options.synchronous ?? "full"]
    for (const pragma of [
      `PRAGMA busy_timeout = ${timeout}`,
      "PRAGMA foreign_keys = ON",
      `PRAGMA synchronous = ${synchronous}`,
      // Deleted content is overwritten, not left in free pages: an erasure is final.
      "PRAGMA secure_delete = ON",
    ]) {
      yield* Effect.catchAll(sql.unsafe(pragma), (error) => failWithStoreError(error))
    }
    return sql
  })

/**
 * The `Store` service on a SQLite file: opens it (WAL, busy timeout, foreign keys
 * on), applies the schema's missing migrations and closes the file when the layer's
 * scope ends.
 *
 * @example
 * ```ts
 * import { Store } from "@clientele/store"
 * import { layerSqlite } from "@clientele/store-sql/sqlite"
 * import * as Effect from "effect/Effect"
 *
 * const program = Effect.gen(function* () {
 *   const store = yield* Store.Store
 *   yield* store.insert("acme", { collection: "notes", id: "n1", body: { text: "hi" }, indexes: {} })
 *   return (yield* store.get("acme", "notes", "n1"))?.version // 1
 * })
 * Effect.runPromise(Effect.provide(program, layerSqlite({ filename: ":memory:" })))
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layerSqlite = (
  options: SqliteOptions,
): Layer.Layer<Store.Store, StoreError.StoreError | SqlStore.SetupError> =>
  Layer.scoped(
    Store.Store,
    Effect.gen(function* () {
      const sql = yield* makeSqliteClient(options)
      const reader = inMemory(options.filename) ? undefined : yield* openReader(options)
      return yield* Effect.provideService(
        SqlStore.makeWithReader(options, reader),
        SqlClient.SqlClient,
        sql,
      )
    }),
  )

// ":memory:" and "" are private databases of one connection: no second connection sees them
const inMemory = (filename: string) =>
  filename === "" || filename === ":memory:" || filename.startsWith("file::memory:")

/**
 * A read-only connection on the same file, for reads outside transactions: in WAL
 * mode it sees the last commit without waiting for the writer, and a synchronous
 * read skips the per-statement cost of a client. Opened once the schema exists.
 */
const openReader = (options: SqliteOptions) =>
  Effect.acquireRelease(
    Effect.try({
      try: () => {
        const db = new Database(options.filename, {
          readonly: true,
          fileMustExist: false,
          timeout: Math.round(Duration.toMillis(options.busyTimeout ?? "5 seconds")),
        })
        const statements = new Map<string, Database.Statement>()
        const reader: Reader = {
          all: (text, params) => {
            let statement = statements.get(text)
            if (statement === undefined) {
              if (statements.size >= 500) statements.clear()
              statement = db.prepare(text)
              statements.set(text, statement)
            }
            return statement.all(...params) as ReadonlyArray<object>
          },
        }
        return { db, reader }
      },
      catch: (cause) => cause,
    }).pipe(Effect.catchAll((cause) => failWithStoreError(cause))),
    ({ db }) => Effect.sync(() => db.close()),
  ).pipe(Effect.map(({ reader }) => reader))
