// The end-to-end erasure suite on the memory store and on SQLite. SQLite runs on a
// temporary database file, not in memory, so that the file and its write-ahead log
// can be read as bytes after the erasure: a value that only the database's free
// pages or its log still hold is found too. PostgreSQL runs the same suite in
// `ErasureEndToEnd.integration.test.ts`.
import { randomUUID } from "node:crypto"
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { MemoryStore } from "@clientele/store"
import { layerSqlite } from "@clientele/store-sql/sqlite"
import { afterAll } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { endToEndSuite, type RawPiece } from "./erasure-e2e-support.js"

// The memory store's documents are its raw storage: the dump of every stored
// document is all there is to search.
endToEndSuite("the memory store", () => MemoryStore.layer)

const directory = mkdtempSync(join(tmpdir(), "clientele-erasure-e2e-"))
afterAll(() => rmSync(directory, { recursive: true, force: true }))

/** The database file of the test running now: each test opens a fresh one. */
let current = ""

endToEndSuite(
  "SQLite (a database file)",
  () => {
    current = join(directory, `${randomUUID()}.db`)
    return layerSqlite({ filename: current })
  },
  () =>
    Effect.sync(() => {
      const pieces: Array<RawPiece> = []
      // the database, its write-ahead log and its rollback journal, whichever exist
      for (const file of [current, `${current}-wal`, `${current}-journal`])
        if (existsSync(file)) pieces.push({ where: file, content: readFileSync(file) })
      return pieces
    }),
)
