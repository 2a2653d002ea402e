import type * as SqlClient from "@effect/sql/SqlClient"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import { type Dialect, lockKeyOf, migrations, type Tables } from "./dialect.js"

/** Why migrating failed: the database holds a newer schema, or a statement failed. */
export type MigrationFailure =
  | { readonly _tag: "SchemaTooNew"; readonly found: number; readonly known: number }
  | { readonly _tag: "SchemaNotCurrent"; readonly missing: ReadonlyArray<number> }
  | { readonly _tag: "StatementFailed"; readonly cause: unknown }

/** The versions this build knows, newest last. */
export const latestVersion = migrations[migrations.length - 1]?.version ?? 0

/**
 * Applies the missing migrations in one transaction on one connection. Two
 * processes starting at once take turns: PostgreSQL serialises them on an advisory
 * lock taken before anything is read, SQLite on `BEGIN IMMEDIATE` (the write lock,
 * waited for within the busy timeout). The second finds every version applied and
 * does nothing. Returns the versions applied by this call. With `apply` false it
 * only checks that none is missing.
 */
export const migrate = (
  sql: SqlClient.SqlClient,
  dialect: Dialect,
  tables: Tables,
  apply: boolean,
): Effect.Effect<ReadonlyArray<number>, MigrationFailure> =>
  Effect.scoped(
    Effect.gen(function* () {
      const connection = yield* Effect.mapError(sql.reserve, statementFailed)
      const exec = (text: string, params: ReadonlyArray<unknown> = []) =>
        Effect.suspend(() =>
          connection.executeUnprepared(text, dialect.bind(params), undefined),
        ).pipe(
          Effect.mapError(statementFailed),
          // better-sqlite3 throws while preparing a statement: a defect here, a failure for the caller
          Effect.catchAllDefect((defect) => Effect.fail(statementFailed(defect))),
        )
      return yield* Effect.acquireUseRelease(
        exec(dialect.name === "sqlite" ? "BEGIN IMMEDIATE" : "BEGIN"),
        () => Effect.zipLeft(applyMissing(exec, dialect, tables, apply), exec("COMMIT")),
        (_, exit) => (Exit.isSuccess(exit) ? Effect.void : Effect.ignore(exec("ROLLBACK"))),
      )
    }),
  )

const statementFailed = (cause: unknown): MigrationFailure => ({ _tag: "StatementFailed", cause })

const applyMissing = (
  exec: (
    text: string,
    params?: ReadonlyArray<unknown>,
  ) => Effect.Effect<ReadonlyArray<unknown>, MigrationFailure>,
  dialect: Dialect,
  tables: Tables,
  apply: boolean,
) =>
  Effect.gen(function* () {
    if (dialect.name === "pg") {
      yield* exec(`SELECT pg_advisory_xact_lock(${lockKeyOf(tables.prefix)}::bigint)`)
    }
    if (apply) {
      yield* exec(
        `CREATE TABLE IF NOT EXISTS ${tables.migrations} (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`,
      )
    } else {
      // only reads: a role without the CREATE privilege can check the schema
      const found = yield* exec(
        dialect.name === "pg"
          ? `SELECT to_regclass(${dialect.param(1)}) AS found`
          : `SELECT name AS found FROM sqlite_master WHERE type = 'table' AND name = ${dialect.param(1)}`,
        [dialect.name === "pg" ? tables.migrations : tables.migrations.slice(1, -1)],
      )
      const exists = (found as ReadonlyArray<{ readonly found: unknown }>).some(
        (row) => row.found !== null,
      )
      if (!exists) {
        return yield* Effect.fail<MigrationFailure>({
          _tag: "SchemaNotCurrent",
          missing: migrations.map((migration) => migration.version),
        })
      }
    }
    const rows = (yield* exec(`SELECT version FROM ${tables.migrations}`)) as ReadonlyArray<{
      readonly version: number | string
    }>
    const applied = new Set(rows.map((row) => Number(row.version)))
    const newest = Math.max(0, ...applied)
    if (newest > latestVersion) {
      return yield* Effect.fail<MigrationFailure>({
        _tag: "SchemaTooNew",
        found: newest,
        known: latestVersion,
      })
    }
    const missing = migrations.filter((migration) => !applied.has(migration.version))
    if (!apply && missing.length > 0) {
      return yield* Effect.fail<MigrationFailure>({
        _tag: "SchemaNotCurrent",
        missing: missing.map((migration) => migration.version),
      })
    }
    const done: Array<number> = []
    for (const migration of migrations) {
      if (applied.has(migration.version)) continue
      for (const statement of migration.statements(dialect.name, tables)) yield* exec(statement)
      yield* exec(
        `INSERT INTO ${tables.migrations} (version, name, applied_at) VALUES (${dialect.param(1)}, ${dialect.param(2)}, ${dialect.param(3)})`,
        [migration.version, migration.name, new Date().toISOString()],
      )
      done.push(migration.version)
    }
    return done
  })
