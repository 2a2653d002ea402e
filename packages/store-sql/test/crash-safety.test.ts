// Crash safety: a writer process commits multi-document transactions to one SQLite
// file and is killed (SIGKILL) at a random moment, round after round, each round
// continuing where the last left off. After every kill the file must pass SQLite's
// integrity check and, read raw and through the store, hold every transaction
// wholly or not at all, hold every transaction the writer reported committed, and
// keep its index entries in step with its documents. When to kill comes from the
// seed in the test's name; CLIENTELE_CRASH_SEED=<seed> replays the same plan.
import { join } from "node:path"
import { Store } from "@clientele/store"
import Database from "better-sqlite3"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { afterEach, describe, expect, it } from "vitest"
import { layerSqlite } from "../src/sqlite.js"
import { killChildren, startChild } from "./processes/child.js"
import {
  bodyOf,
  type CrashWriterConfig,
  idOf,
  indexesOf,
  progressId,
} from "./processes/crash-documents.js"
import { temporaryDirectory } from "./support.js"

const rounds = 25
const seed =
  process.env.CLIENTELE_CRASH_SEED !== undefined && process.env.CLIENTELE_CRASH_SEED !== ""
    ? Number(process.env.CLIENTELE_CRASH_SEED)
    : Math.floor(Math.random() * 2 ** 32)

/** mulberry32: a small seeded generator of numbers in [0, 1). */
const generator = (state: number) => () => {
  state = (state + 0x6d2b79f5) | 0
  let t = Math.imul(state ^ (state >>> 15), 1 | state)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32
}

/**
 * When to kill: either a random delay after the writer is ready (anywhere in its
 * stream of commits), or right after its n-th commit plus a few milliseconds
 * (somewhere inside the next transaction, its commit included).
 */
const killPlans = (random: () => number) =>
  Array.from({ length: rounds }, () =>
    random() < 0.5
      ? { commits: 0, delayMs: random() * 250 }
      : { commits: 1 + Math.floor(random() * 30), delayMs: random() * 6 },
  )

const config: Omit<CrashWriterConfig, "filename"> = {
  tenant: "acme",
  collection: "journal",
  progressCollection: "journal-progress",
  parts: 8,
  bodyBytes: 4096,
}
const { tenant, collection, progressCollection, parts, bodyBytes } = config

interface DocumentRow {
  readonly tenant: string
  readonly collection: string
  readonly id: string
  readonly version: number
  readonly body: string
  readonly indexes: string
}

interface EntryRow {
  readonly tenant: string
  readonly collection: string
  readonly id: string
  readonly name: string
  readonly kind: number
  readonly num: number
  readonly str: string
}

/** What the crash left in the file, read with a connection of our own. */
const readRaw = (filename: string) => {
  const db = new Database(filename)
  try {
    return {
      integrity: db.pragma("integrity_check") as ReadonlyArray<{ integrity_check: string }>,
      documents: db
        .prepare("SELECT tenant, collection, id, version, body, indexes FROM clientele_documents")
        .all() as ReadonlyArray<DocumentRow>,
      entries: db
        .prepare("SELECT tenant, collection, id, name, kind, num, str FROM clientele_index_entries")
        .all() as ReadonlyArray<EntryRow>,
      names: db
        .prepare("SELECT collection, name FROM clientele_index_names")
        .all() as ReadonlyArray<{ collection: string; name: string }>,
    }
  } finally {
    db.close()
  }
}

/** The same, through the store: the progress document, a scan, and two index queries. */
const readThroughStore = (filename: string, last: number) =>
  Effect.runPromise(
    Effect.gen(function* () {
      const store = yield* Store.Store
      const progress = yield* store.get(tenant, progressCollection, progressId)
      const documents = Chunk.toReadonlyArray(
        yield* Stream.runCollect(store.scan(tenant, collection, { batchSize: 500 })),
      )
      const byTransaction = yield* store.query(tenant, {
        collection,
        where: { transaction: last },
      })
      const newest = yield* store.query(tenant, {
        collection,
        orderBy: { index: "transaction", direction: "desc" },
        limit: parts,
      })
      return { progress, documents, byTransaction, newest }
    }).pipe(Effect.provide(layerSqlite({ filename }))),
  )

/** JSON with object keys sorted, so equal values give equal text whatever their key order. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_, v: unknown) =>
    typeof v === "object" && v !== null && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  )

const sameJson = (a: unknown, b: unknown) => canonical(a) === canonical(b)

/** The (kind, num, str) an index value is kept as in the entries table. */
const entryOf = (value: Store.Json | undefined) =>
  value === undefined || value === null
    ? { kind: 0, num: 0, str: "" }
    : typeof value === "number"
      ? { kind: 1, num: value, str: "" }
      : { kind: 2, num: 0, str: String(value) }

/**
 * Checks documents (raw rows or the store's) transaction by transaction: each as
 * written, every transaction whole, exactly transactions 0..last there, and every
 * reported one among them. Returns the problems found.
 */
const checkTransactions = (
  documents: ReadonlyArray<{
    readonly id: string
    readonly version: number
    readonly body: Store.Json
    readonly indexes: Store.Indexes
  }>,
  last: number,
  reported: ReadonlyArray<number>,
): ReadonlyArray<string> => {
  const problems: Array<string> = []
  const partsOf = new Map<number, Set<number>>()
  for (const document of documents) {
    const match = /^t(\d+)-(\d+)$/.exec(document.id)
    if (match === null) {
      problems.push(`unexpected document ${document.id}`)
      continue
    }
    const i = Number(match[1])
    const k = Number(match[2])
    if (document.version !== 1) problems.push(`${document.id} has version ${document.version}`)
    if (!sameJson(document.body, bodyOf(i, k, bodyBytes)))
      problems.push(`${document.id} has a body not as written`)
    if (!sameJson(document.indexes, indexesOf(i, k)))
      problems.push(`${document.id} has indexes not as written`)
    const found = partsOf.get(i) ?? new Set<number>()
    found.add(k)
    partsOf.set(i, found)
  }
  for (const [i, found] of partsOf) {
    if (found.size !== parts)
      problems.push(
        `transaction ${i} is partly there: documents ${[...found].sort((a, b) => a - b).join(", ")} of 0..${parts - 1}`,
      )
    if (i > last)
      problems.push(
        `transaction ${i} is there but the progress document it moved says the last is ${last}`,
      )
  }
  for (let i = 0; i <= last; i++)
    if (!partsOf.has(i))
      problems.push(`transaction ${i} is missing though the progress document says ${last}`)
  for (const i of reported)
    if (!partsOf.has(i)) problems.push(`transaction ${i} was reported committed but is gone`)
  return problems
}

/** Every document has one entry per listed index name of its collection, valued as declared; no entry lacks its document. */
const checkEntries = (raw: ReturnType<typeof readRaw>): ReadonlyArray<string> => {
  const problems: Array<string> = []
  const names = new Map<string, Set<string>>()
  for (const { collection, name } of raw.names)
    names.set(collection, (names.get(collection) ?? new Set()).add(name))
  const entries = new Map<string, EntryRow>()
  for (const entry of raw.entries)
    entries.set(
      `${entry.tenant}\u0000${entry.collection}\u0000${entry.id}\u0000${entry.name}`,
      entry,
    )
  const used = new Set<string>()
  for (const row of raw.documents) {
    const indexes = JSON.parse(row.indexes) as Store.Indexes
    const listed = names.get(row.collection) ?? new Set<string>()
    for (const name of Object.keys(indexes))
      if (!listed.has(name))
        problems.push(`${row.collection}/${row.id} declares index ${name}, which is not listed`)
    for (const name of listed) {
      const key = `${row.tenant}\u0000${row.collection}\u0000${row.id}\u0000${name}`
      const entry = entries.get(key)
      used.add(key)
      if (entry === undefined) problems.push(`${row.collection}/${row.id} has no entry for ${name}`)
      else if (
        !sameJson(entryOf(indexes[name]), { kind: entry.kind, num: entry.num, str: entry.str })
      )
        problems.push(
          `${row.collection}/${row.id} has entry ${JSON.stringify(entry)} for ${name}, declared ${JSON.stringify(indexes[name] ?? null)}`,
        )
    }
  }
  for (const [key, entry] of entries)
    if (!used.has(key))
      problems.push(
        `entry ${entry.collection}/${entry.id} ${entry.name} has no document (or no listed name)`,
      )
  return problems
}

const firstOf = (problems: ReadonlyArray<string>) =>
  problems.length > 20 ? [...problems.slice(0, 20), `… and ${problems.length - 20} more`] : problems

const writerStartTimeout = 30_000
const directory = temporaryDirectory()

describe("Crash safety", () => {
  afterEach(killChildren)

  it(`keeps every transaction whole across ${rounds} kills of the writer at random moments (seed ${seed})`, async () => {
    const filename = join(directory, "crash.db")
    const plans = killPlans(generator(seed))
    let next = 0
    for (const [round, plan] of plans.entries()) {
      const where = `after kill ${round + 1} of ${rounds} (seed ${seed}, ${plan.commits} commits + ${plan.delayMs.toFixed(1)} ms)`
      const writer = startChild("./crash-writer.ts", [JSON.stringify({ ...config, filename })])
      const ready = await writer.waitForLine(
        (line) => line.startsWith("ready "),
        writerStartTimeout,
      )
      expect(
        Number(ready.slice("ready ".length)),
        `${where}: the restarted writer continues after the last transaction in the file`,
      ).toBe(next)
      if (plan.commits > 0)
        await writer.waitForLine(
          (line) => line === `committed ${next + plan.commits - 1}`,
          writerStartTimeout,
        )
      await new Promise((resolve) => setTimeout(resolve, plan.delayMs))
      await writer.kill()
      const reported = writer.lines
        .filter((line) => line.startsWith("committed "))
        .map((line) => Number(line.slice("committed ".length)))

      const raw = readRaw(filename)
      expect(raw.integrity, `${where}: PRAGMA integrity_check`).toEqual([{ integrity_check: "ok" }])
      const progressRow = raw.documents.find(
        (row) => row.collection === progressCollection && row.id === progressId,
      )
      const last =
        progressRow === undefined ? -1 : (JSON.parse(progressRow.body) as { last: number }).last
      if (progressRow !== undefined)
        expect(
          progressRow.version,
          `${where}: the progress document's version counts its transactions`,
        ).toBe(last + 1)
      const rawProblems = checkTransactions(
        raw.documents
          .filter((row) => row.collection !== progressCollection)
          .map((row) => ({
            id: row.id,
            version: row.version,
            body: JSON.parse(row.body) as Store.Json,
            indexes: JSON.parse(row.indexes) as Store.Indexes,
          })),
        last,
        reported,
      )
      expect(firstOf(rawProblems), `${where}: the documents table`).toEqual([])
      expect(firstOf(checkEntries(raw)), `${where}: the index entries table`).toEqual([])

      const viaStore = await readThroughStore(filename, last)
      expect(viaStore.progress?.body ?? null, `${where}: the store's progress document`).toEqual(
        last === -1 ? null : { last },
      )
      expect(
        firstOf(checkTransactions(viaStore.documents, last, reported)),
        `${where}: the documents the store scans`,
      ).toEqual([])
      expect(
        viaStore.documents.length,
        `${where}: the store scans every document of the table`,
      ).toBe(raw.documents.length - (progressRow === undefined ? 0 : 1))
      const lastIds = Array.from({ length: last === -1 ? 0 : parts }, (_, k) => idOf(last, k))
      expect(
        viaStore.byTransaction.documents.map((d) => d.id),
        `${where}: query where transaction = ${last}`,
      ).toEqual(lastIds)
      expect(
        viaStore.newest.documents.map((d) => d.id),
        `${where}: query ordered by transaction, newest first`,
      ).toEqual([...lastIds].reverse())
      next = last + 1
    }
    expect(
      next,
      "the writer committed fewer transactions than it was killed: the kills came too early to test anything",
    ).toBeGreaterThan(rounds)
  }, 180_000)
})
