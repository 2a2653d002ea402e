// Driver errors become the port's reasons without a database: the errors below
// have the shapes node-postgres and better-sqlite3 raise, wrapped as @effect/sql
// wraps them.
import { SqlError } from "@effect/sql/SqlError"
import { describe, expect, it } from "vitest"
import { classify, toStoreError } from "../src/internal/classify.js"

const driverError = (code: string, message = "driver error") =>
  Object.assign(new Error(message), { code })
const wrapped = (cause: unknown) => new SqlError({ cause, message: "Failed to execute statement" })

describe("classification of PostgreSQL errors (SQLSTATE)", () => {
  it.each([
    ["23505", "unique_violation", "Duplicate"],
    ["40001", "serialization_failure", "Conflict"],
    ["40P01", "deadlock_detected", "Conflict"],
    ["55P03", "lock_not_available", "Unavailable"],
    ["57014", "query_canceled", "Unavailable"],
    ["08006", "connection_failure", "Unavailable"],
    ["08001", "sqlclient_unable_to_establish_sqlconnection", "Unavailable"],
    ["57P01", "admin_shutdown", "Unavailable"],
    ["53300", "too_many_connections", "Unavailable"],
    ["53100", "disk_full", "Unavailable"],
    ["28P01", "invalid_password", "Unavailable"],
    ["3D000", "invalid_catalog_name", "Unavailable"],
    ["42501", "insufficient_privilege", "Unavailable"],
    ["XX001", "data_corrupted", "Corrupt"],
    ["42601", "syntax_error", "Defect"],
    ["42P01", "undefined_table", "Defect"],
    ["22P02", "invalid_text_representation", "Defect"],
  ])("%s (%s) is %s", (code, _name, reason) => {
    expect(classify(wrapped(driverError(code)))).toBe(reason)
  })
})

describe("classification of SQLite errors", () => {
  it.each([
    ["SQLITE_CONSTRAINT_PRIMARYKEY", "Duplicate"],
    ["SQLITE_CONSTRAINT_UNIQUE", "Duplicate"],
    ["SQLITE_BUSY_SNAPSHOT", "Conflict"],
    ["SQLITE_BUSY", "Unavailable"],
    ["SQLITE_BUSY_TIMEOUT", "Unavailable"],
    ["SQLITE_LOCKED", "Unavailable"],
    ["SQLITE_FULL", "Unavailable"],
    ["SQLITE_IOERR_WRITE", "Unavailable"],
    ["SQLITE_CANTOPEN", "Unavailable"],
    ["SQLITE_READONLY", "Unavailable"],
    ["SQLITE_CORRUPT", "Corrupt"],
    ["SQLITE_NOTADB", "Corrupt"],
    ["SQLITE_ERROR", "Defect"],
  ])("%s is %s", (code, reason) => {
    expect(classify(wrapped(driverError(code)))).toBe(reason)
  })
})

describe("classification of connection failures", () => {
  it.each(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "ENOTFOUND"])(
    "the socket error %s is Unavailable",
    (code) => {
      expect(classify(wrapped(driverError(code)))).toBe("Unavailable")
    },
  )

  it("a dropped connection without a code (as node-postgres reports it) is Unavailable", () => {
    expect(classify(wrapped(new Error("Connection terminated unexpectedly")))).toBe("Unavailable")
  })

  it("finds the driver's code however deep the cause chain is", () => {
    const deep = wrapped({
      message: "outer",
      cause: { message: "middle", cause: driverError("40001") },
    })
    expect(classify(deep)).toBe("Conflict")
  })
})

describe("the StoreError of a driver error", () => {
  it("carries the reason, whether to retry, where it happened, and the driver's code in the message", () => {
    const error = toStoreError(wrapped(driverError("40P01", "deadlock detected")), {
      collection: "customers",
      id: "c1",
    })
    expect(error?.reason).toBe("Conflict")
    expect(error?.isRetryable).toBe(true)
    expect(error?.collection).toBe("customers")
    expect(error?.id).toBe("c1")
    expect(error?.message).toContain("40P01")
    expect(error?.message).toContain("deadlock detected")
  })

  it("a duplicate is not retryable; a busy database is", () => {
    expect(toStoreError(wrapped(driverError("23505")))?.isRetryable).toBe(false)
    expect(toStoreError(wrapped(driverError("SQLITE_BUSY")))?.isRetryable).toBe(true)
  })

  it("an error only a bug can cause is no StoreError (the adapter lets it die)", () => {
    expect(toStoreError(wrapped(driverError("42601", "syntax error")))).toBeUndefined()
  })
})
