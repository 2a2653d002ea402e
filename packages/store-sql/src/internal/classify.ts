import { StoreError } from "@clientele/store"

/**
 * What a driver error means for the storage port: one of the port's reasons, or
 * `Defect` for an error that only a bug can cause (malformed SQL, a missing
 * column), which is not the caller's to handle.
 */
export type Classification = StoreError.StoreErrorReason | "Defect"

interface DriverError {
  readonly code?: unknown
  readonly errno?: unknown
  readonly message?: unknown
  readonly cause?: unknown
}

const isObject = (u: unknown): u is DriverError => typeof u === "object" && u !== null

/** The driver's own error: the first `cause` in the chain that carries a `code`. */
export const driverErrorOf = (error: unknown): DriverError | undefined => {
  let current: unknown = error
  for (let depth = 0; depth < 8 && isObject(current); depth++) {
    if (typeof current.code === "string") return current
    current = current.cause
  }
  return undefined
}

// SQLSTATE classes and codes of PostgreSQL (and of engines speaking its protocol).
const pgCodes: ReadonlyArray<readonly [prefix: string, reason: Classification]> = [
  ["23505", "Duplicate"], // unique_violation
  ["40001", "Conflict"], // serialization_failure
  ["40P01", "Conflict"], // deadlock_detected
  ["55P03", "Unavailable"], // lock_not_available
  ["57014", "Unavailable"], // query_canceled (statement timeout)
  ["XX001", "Corrupt"], // data_corrupted
  ["XX002", "Corrupt"], // index_corrupted
  ["08", "Unavailable"], // connection exception
  ["28", "Unavailable"], // invalid authorization (wrong password or role)
  ["3D", "Unavailable"], // invalid catalog name (no such database)
  ["53", "Unavailable"], // insufficient resources (disk full, too many connections)
  ["57", "Unavailable"], // operator intervention (shutdown, cannot connect now)
  ["58", "Unavailable"], // system error (I/O)
  ["42501", "Unavailable"], // insufficient_privilege: the role lacks a grant
  ["42", "Defect"], // syntax error or access rule violation
  ["22", "Defect"], // data exception
]

// Result codes of SQLite, as better-sqlite3 names them (extended codes first).
const sqliteCodes: ReadonlyArray<readonly [prefix: string, reason: Classification]> = [
  ["SQLITE_CONSTRAINT_PRIMARYKEY", "Duplicate"],
  ["SQLITE_CONSTRAINT_UNIQUE", "Duplicate"],
  ["SQLITE_BUSY_SNAPSHOT", "Conflict"], // another connection wrote since this transaction read
  ["SQLITE_BUSY", "Unavailable"], // the busy timeout ran out
  ["SQLITE_LOCKED", "Unavailable"],
  ["SQLITE_CORRUPT", "Corrupt"],
  ["SQLITE_NOTADB", "Corrupt"],
  ["SQLITE_FULL", "Unavailable"],
  ["SQLITE_IOERR", "Unavailable"],
  ["SQLITE_CANTOPEN", "Unavailable"],
  ["SQLITE_READONLY", "Unavailable"],
  ["SQLITE_PROTOCOL", "Unavailable"],
  ["SQLITE_NOMEM", "Unavailable"],
  ["SQLITE_INTERRUPT", "Unavailable"],
  ["SQLITE_ERROR", "Defect"],
  ["SQLITE_MISMATCH", "Defect"],
  ["SQLITE_RANGE", "Defect"],
]

// Socket errors of Node.js: the server is gone or unreachable.
const socketCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
])

const byPrefix = (
  table: ReadonlyArray<readonly [string, Classification]>,
  code: string,
): Classification | undefined => table.find(([prefix]) => code.startsWith(prefix))?.[1]

const messagesOf = (error: unknown): string => {
  const parts: Array<string> = []
  let current: unknown = error
  for (let depth = 0; depth < 8 && isObject(current); depth++) {
    if (typeof current.message === "string") parts.push(current.message)
    current = current.cause
  }
  return parts.join(": ")
}

/**
 * Classifies an error raised by the SQL driver (usually an `@effect/sql` `SqlError`
 * wrapping a node-postgres or better-sqlite3 error): unique violations are
 * `Duplicate`; serialization failures, deadlocks and a stale SQLite snapshot are
 * `Conflict`; a busy or locked database, lost or refused connections, a full disk
 * and I/O errors are `Unavailable`; corruption is `Corrupt`. Errors no caller can
 * act on (malformed SQL) are `Defect`. Anything else, including an error without a
 * code (node-postgres reports a dropped connection so), is `Unavailable`: the
 * operation did not take effect and may be tried again later.
 */
export const classify = (error: unknown): Classification => {
  const driver = driverErrorOf(error)
  const code = typeof driver?.code === "string" ? driver.code : undefined
  if (code !== undefined) {
    if (code.startsWith("SQLITE_")) return byPrefix(sqliteCodes, code) ?? "Unavailable"
    if (socketCodes.has(code)) return "Unavailable"
    if (/^[0-9A-Z]{5}$/.test(code)) return byPrefix(pgCodes, code) ?? "Unavailable"
  }
  return "Unavailable"
}

/** A readable account of a driver error: its code and messages. */
export const describe = (error: unknown): string => {
  const driver = driverErrorOf(error)
  const code = typeof driver?.code === "string" ? `${driver.code}: ` : ""
  const text = messagesOf(error)
  return `${code}${text.length > 0 ? text : String(error)}`
}

/**
 * The `StoreError` for a driver error, or `undefined` when the error is a defect.
 */
export const toStoreError = (
  error: unknown,
  where?: { readonly collection?: string | undefined; readonly id?: string | undefined },
): StoreError.StoreError | undefined => {
  const reason = classify(error)
  if (reason === "Defect") return undefined
  return new StoreError.StoreError({
    reason,
    message: `the database answered ${describe(error)}`,
    ...(where?.collection === undefined ? {} : { collection: where.collection }),
    ...(where?.id === undefined ? {} : { id: where.id }),
    cause: error,
  })
}
