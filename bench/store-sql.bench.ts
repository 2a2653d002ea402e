/**
 * The SQL store (SQLite, and PostgreSQL when `CLIENTELE_PG_URL` is set) through the
 * port beside the raw driver running the equivalent SQL on equivalent tables in
 * the same run: the ratio is the cost of the adapter, of Effect's SqlClient and of
 * the port's checks.
 *
 * Both sides write the same rows: a document row (body and index values as JSON
 * text) and one index entry per index, in tables with the adapter's DDL. Each bulk
 * insert sample starts from a fresh, empty database (fresh file or fresh table
 * prefix), made untimed. Reads run against the last sample's documents. Both sides
 * parse the JSON of every row they read, as a caller needs the document.
 *
 * Our side is `layerSqlite` / `layerPg` with default options, as an app would open
 * it. Bulk inserts go through `bulkWrite` 1000 documents at a time (one transaction
 * per call), as an import would; the raw side commits the same 1000-document
 * batches. SQLite runs with the store's defaults (WAL, `synchronous = FULL`) on both
 * sides. PostgreSQL's tables are analyzed after the import on both sides (untimed),
 * as autovacuum soon would: without statistics its plan for the page query is one
 * to two orders of magnitude slower.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Store } from "@clientele/store"
import { layerPg } from "@clientele/store-sql/pg"
import { layerSqlite } from "@clientele/store-sql/sqlite"
import Database from "better-sqlite3"
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Stream from "effect/Stream"
import pg from "pg"
import { type Benchmark, opsPerSecond, type Row } from "./harness.js"

const collection = "customers"
const tiers = ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J"] as const
const batchSize = 1000
const pageSize = 100
// rows per multi-row statement on the raw PostgreSQL side, as the adapter uses
const rowsPerStatement = 500

const randomSuffix = () => Math.random().toString(36).slice(2, 10)

// ---- data -----------------------------------------------------------------------

type Customer = {
  readonly id: string
  readonly name: string
  readonly email: string
  readonly phone: string
  readonly company: string
  readonly title: string
  readonly tier: string
  readonly createdAt: number
  readonly updatedAt: number
  readonly revenue: number
  readonly orders: number
  readonly currency: string
  readonly tags: ReadonlyArray<string>
  readonly address: {
    readonly street: string
    readonly city: string
    readonly postcode: string
    readonly country: string
  }
  readonly preferences: {
    readonly language: string
    readonly timezone: string
    readonly newsletter: boolean
    readonly channel: string
  }
  readonly notes: string
}

const firstNames = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken"]
const lastNames = [
  "Lovelace",
  "Hopper",
  "Turing",
  "Dijkstra",
  "Liskov",
  "Knuth",
  "Allen",
  "Thompson",
]
const cities = ["London", "Lyon", "Berlin", "Porto", "Oslo", "Vienna", "Dublin", "Turin"]
const words = (
  "called about the renewal and asked for a quote on the premium plan; prefers email " +
  "follow-up after the quarterly review, escalated twice about invoices, happy with support"
).split(" ")

/** A customer record of about 1 KB of JSON, with the values a CRM keeps. */
const makeCustomer = (i: number, count: number): Customer => {
  const first = firstNames[i % firstNames.length] as string
  const last = lastNames[Math.floor(i / firstNames.length) % lastNames.length] as string
  const createdAt = 1_700_000_000_000 + ((i * 7919) % count) * 60_000
  const customer: Customer = {
    id: `cus_${String(i).padStart(7, "0")}`,
    name: `${first} ${last} ${i}`,
    email: `${first.toLowerCase()}.${last.toLowerCase()}.${i}@example.com`,
    phone: `+44 20 7946 ${String(i % 10_000).padStart(4, "0")}`,
    company: `${last} & Partners ${i % 997}`,
    title: i % 2 === 0 ? "Head of Operations" : "Procurement Manager",
    tier: tiers[i % tiers.length] as string,
    createdAt,
    updatedAt: createdAt + (i % 1000) * 3_600_000,
    revenue: (i * 31) % 100_000,
    orders: i % 250,
    currency: "EUR",
    tags: i % 3 === 0 ? ["vip", "newsletter"] : ["newsletter"],
    address: {
      street: `${(i % 300) + 1} ${last} Street`,
      city: cities[i % cities.length] as string,
      postcode: `${10_000 + (i % 89_999)}`,
      country: "GB",
    },
    preferences: {
      language: "en",
      timezone: "Europe/London",
      newsletter: i % 2 === 0,
      channel: i % 4 === 0 ? "phone" : "email",
    },
    notes: "",
  }
  const missing = 1000 - JSON.stringify(customer).length
  let notes = ""
  for (let w = i; notes.length < missing; w++) notes += `${words[w % words.length]} `
  return { ...customer, notes: notes.slice(0, Math.max(0, missing)) }
}

const indexesOf = (customer: Customer) => ({ tier: customer.tier, createdAt: customer.createdAt })

/** Deterministic pseudo-random indices (a linear congruential generator). */
const randomIndices = (length: number, below: number): Array<number> => {
  let state = 12_345
  return Array.from({ length }, () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0
    return state % below
  })
}

const chunksOf = <A>(items: ReadonlyArray<A>, size: number): Array<ReadonlyArray<A>> => {
  const chunks: Array<ReadonlyArray<A>> = []
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size))
  return chunks
}

// ---- the schema both sides write (the adapter's DDL, migration 1) ------------------

const ddl = (dialect: "sqlite" | "pg", prefix: string): Array<string> => {
  const pgDialect = dialect === "pg"
  const key = pgDialect ? `text COLLATE "C"` : "TEXT"
  return [
    `CREATE TABLE "${prefix}documents" (
      tenant ${key} NOT NULL, collection ${key} NOT NULL, id ${key} NOT NULL,
      version ${pgDialect ? "integer" : "INTEGER"} NOT NULL,
      body ${pgDialect ? "text" : "TEXT"} NOT NULL, indexes ${pgDialect ? "text" : "TEXT"} NOT NULL,
      PRIMARY KEY (tenant, collection, id))`,
    `CREATE TABLE "${prefix}index_entries" (
      tenant ${key} NOT NULL, collection ${key} NOT NULL, id ${key} NOT NULL, name ${key} NOT NULL,
      kind ${pgDialect ? "smallint" : "INTEGER"} NOT NULL,
      num ${pgDialect ? "double precision" : "REAL"} NOT NULL, str ${key} NOT NULL,
      PRIMARY KEY (tenant, collection, id, name))${pgDialect ? "" : " WITHOUT ROWID"}`,
    `CREATE INDEX "${prefix}index_entries_by_value" ON "${prefix}index_entries"
      (tenant, collection, name, kind, num, str, id)`,
  ]
}

/**
 * A page of tier = x, newest first: the plain join over the entries a hand-written
 * query would use (the adapter may plan it otherwise).
 */
const pageSql = (prefix: string, param: (n: number) => string) =>
  `SELECT d.id, d.version, d.body, d.indexes FROM "${prefix}index_entries" e0
   JOIN "${prefix}index_entries" e1 ON e1.tenant = e0.tenant AND e1.collection = e0.collection AND e1.id = e0.id
   JOIN "${prefix}documents" d ON d.tenant = e0.tenant AND d.collection = e0.collection AND d.id = e0.id
   WHERE e0.tenant = ${param(1)} AND e0.collection = ${param(2)} AND e0.name = 'createdAt'
   AND e1.name = 'tier' AND e1.kind = 2 AND e1.num = 0 AND e1.str = ${param(3)}
   ORDER BY e0.kind DESC, e0.num DESC, e0.str DESC, e0.id DESC LIMIT ${param(4)}`

const getSql = (prefix: string, param: (n: number) => string) =>
  `SELECT id, version, body, indexes FROM "${prefix}documents"
   WHERE tenant = ${param(1)} AND collection = ${param(2)} AND id = ${param(3)}`

const scanSql = (prefix: string, param: (n: number) => string, after: boolean) =>
  `SELECT id, version, body, indexes FROM "${prefix}documents"
   WHERE tenant = ${param(1)} AND collection = ${param(2)}${after ? ` AND id > ${param(3)}` : ""}
   ORDER BY id LIMIT ${param(after ? 4 : 3)}`

interface RawRow {
  readonly id: string
  readonly version: number
  readonly body: string
  readonly indexes: string
}

/** What a caller does with a row it read: parse it into a document. */
const parseRow = (row: RawRow) => ({
  id: row.id,
  version: Number(row.version),
  body: JSON.parse(row.body) as unknown,
  indexes: JSON.parse(row.indexes) as unknown,
})

// ---- the two sides --------------------------------------------------------------

/** The raw driver's side: each method runs a whole workload. */
interface RawStore {
  readonly insertAll: (batches: ReadonlyArray<ReadonlyArray<Customer>>) => Promise<void> | void
  /** Returns the sum of the versions read, so nothing can skip the reads. */
  readonly getAll: (ids: ReadonlyArray<string>) => Promise<number> | number
  /** Returns how many documents the pages held. */
  readonly pages: (tiersAsked: ReadonlyArray<string>) => Promise<number> | number
  readonly scan: () => Promise<number> | number
}

interface Opened<S> {
  readonly store: S
  /** Runs after the import, before the reads (untimed). */
  readonly analyze: () => Promise<void>
  /** Closes the store and deletes what it wrote. */
  readonly close: () => Promise<void>
}

interface Engine {
  readonly label: string
  readonly openOurs: () => Promise<Opened<Store.StorePort>>
  readonly openRaw: () => Promise<Opened<RawStore>>
}

const openPort = async (
  layer: Layer.Layer<Store.Store, unknown>,
  analyze: () => Promise<void>,
  drop: () => Promise<void>,
): Promise<Opened<Store.StorePort>> => {
  const runtime = ManagedRuntime.make(layer)
  const store = await runtime.runPromise(Store.Store)
  return {
    store,
    analyze,
    close: async () => {
      await runtime.dispose()
      await drop()
    },
  }
}

const removeSqliteFile = (filename: string) => {
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${filename}${suffix}`, { force: true })
}

const sqliteEngine = (directory: string, tenant: string, prefix: string): Engine => {
  let files = 0
  return {
    label: "SQLite",
    openOurs: () => {
      const filename = join(directory, `ours-${files++}.db`)
      return openPort(
        layerSqlite({ filename, tablePrefix: prefix }),
        async () => {},
        async () => removeSqliteFile(filename),
      )
    },
    openRaw: async () => {
      const filename = join(directory, `raw-${files++}.db`)
      const db = new Database(filename)
      db.pragma("journal_mode = WAL")
      db.pragma("busy_timeout = 5000")
      db.pragma("synchronous = FULL")
      for (const statement of ddl("sqlite", prefix)) db.exec(statement)
      const insertDocument = db.prepare(
        `INSERT INTO "${prefix}documents" (tenant, collection, id, version, body, indexes) VALUES (?, ?, ?, ?, ?, ?)`,
      )
      const insertEntry = db.prepare(
        `INSERT INTO "${prefix}index_entries" (tenant, collection, id, name, kind, num, str) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      const insertBatch = db.transaction((batch: ReadonlyArray<Customer>) => {
        for (const c of batch) {
          insertDocument.run(
            tenant,
            collection,
            c.id,
            1,
            JSON.stringify(c),
            JSON.stringify(indexesOf(c)),
          )
          insertEntry.run(tenant, collection, c.id, "createdAt", 1, c.createdAt, "")
          insertEntry.run(tenant, collection, c.id, "tier", 2, 0, c.tier)
        }
      })
      const param = () => "?"
      const get = db.prepare<[string, string, string], RawRow>(getSql(prefix, param))
      const page = db.prepare<[string, string, string, number], RawRow>(pageSql(prefix, param))
      const firstBatch = db.prepare<[string, string, number], RawRow>(scanSql(prefix, param, false))
      const nextBatch = db.prepare<[string, string, string, number], RawRow>(
        scanSql(prefix, param, true),
      )
      const store: RawStore = {
        insertAll: (batches) => {
          for (const batch of batches) insertBatch(batch)
        },
        getAll: (ids) => {
          let versions = 0
          for (const id of ids) {
            const row = get.get(tenant, collection, id)
            if (row !== undefined) versions += parseRow(row).version
          }
          return versions
        },
        pages: (tiersAsked) => {
          let seen = 0
          for (const tier of tiersAsked) {
            seen += page
              .all(tenant, collection, tier, pageSize + 1)
              .slice(0, pageSize)
              .map(parseRow).length
          }
          return seen
        },
        scan: () => {
          let seen = 0
          let rows = firstBatch.all(tenant, collection, batchSize)
          while (rows.length > 0) {
            seen += rows.map(parseRow).length
            const last = rows[rows.length - 1]
            if (rows.length < batchSize || last === undefined) break
            rows = nextBatch.all(tenant, collection, last.id, batchSize)
          }
          return seen
        },
      }
      return {
        store,
        analyze: async () => {},
        close: async () => {
          db.close()
          removeSqliteFile(filename)
        },
      }
    },
  }
}

const pgTables = (prefix: string) =>
  ["documents", "index_entries", "index_names", "migrations"].map((t) => `"${prefix}${t}"`)

const pgEngine = (url: string, admin: pg.Pool, tenant: string, prefix: string): Engine => {
  let prefixes = 0
  const analyzeTables = async (tablePrefix: string) => {
    await admin.query(`ANALYZE ${pgTables(tablePrefix).slice(0, 2).join(", ")}`)
  }
  const dropTables = async (tablePrefix: string) => {
    await admin.query(`DROP TABLE IF EXISTS ${pgTables(tablePrefix).join(", ")}`)
    await admin.query(`DROP FUNCTION IF EXISTS "${tablePrefix}lock_index_names"(integer, text[])`)
  }
  return {
    label: "PostgreSQL",
    openOurs: () => {
      const tablePrefix = `${prefix}${prefixes++}_`
      return openPort(
        layerPg({ url, tablePrefix }),
        () => analyzeTables(tablePrefix),
        () => dropTables(tablePrefix),
      )
    },
    openRaw: async () => {
      const tablePrefix = `${prefix}${prefixes++}_`
      for (const statement of ddl("pg", tablePrefix)) await admin.query(statement)
      const pool = new pg.Pool({ connectionString: url, max: 10, application_name: "clientele" })
      const param = (n: number) => `$${n}`
      const multiRowInsert = (
        client: pg.PoolClient,
        table: string,
        columns: ReadonlyArray<string>,
        rows: ReadonlyArray<ReadonlyArray<unknown>>,
      ) => {
        const values: Array<unknown> = []
        const tuples = rows.map(
          (row) => `(${row.map((value) => `$${values.push(value)}`).join(", ")})`,
        )
        return client.query(
          `INSERT INTO "${tablePrefix}${table}" (${columns.join(", ")}) VALUES ${tuples.join(", ")}`,
          values,
        )
      }
      const insertBatch = async (client: pg.PoolClient, batch: ReadonlyArray<Customer>) => {
        await client.query("BEGIN")
        try {
          for (const chunk of chunksOf(batch, rowsPerStatement)) {
            await multiRowInsert(
              client,
              "documents",
              ["tenant", "collection", "id", "version", "body", "indexes"],
              chunk.map((c) => [
                tenant,
                collection,
                c.id,
                1,
                JSON.stringify(c),
                JSON.stringify(indexesOf(c)),
              ]),
            )
          }
          const entries = batch.flatMap((c) => [
            [tenant, collection, c.id, "createdAt", 1, c.createdAt, ""],
            [tenant, collection, c.id, "tier", 2, 0, c.tier],
          ])
          for (const chunk of chunksOf(entries, rowsPerStatement)) {
            await multiRowInsert(
              client,
              "index_entries",
              ["tenant", "collection", "id", "name", "kind", "num", "str"],
              chunk,
            )
          }
          await client.query("COMMIT")
        } catch (error) {
          await client.query("ROLLBACK")
          throw error
        }
      }
      const get = getSql(tablePrefix, param)
      const page = pageSql(tablePrefix, param)
      const firstBatch = scanSql(tablePrefix, param, false)
      const nextBatch = scanSql(tablePrefix, param, true)
      const store: RawStore = {
        insertAll: async (batches) => {
          const client = await pool.connect()
          try {
            for (const batch of batches) await insertBatch(client, batch)
          } finally {
            client.release()
          }
        },
        getAll: async (ids) => {
          let versions = 0
          for (const id of ids) {
            const row = (await pool.query<RawRow>(get, [tenant, collection, id])).rows[0]
            if (row !== undefined) versions += parseRow(row).version
          }
          return versions
        },
        pages: async (tiersAsked) => {
          let seen = 0
          for (const tier of tiersAsked) {
            const rows = (await pool.query<RawRow>(page, [tenant, collection, tier, pageSize + 1]))
              .rows
            seen += rows.slice(0, pageSize).map(parseRow).length
          }
          return seen
        },
        scan: async () => {
          let seen = 0
          let rows = (await pool.query<RawRow>(firstBatch, [tenant, collection, batchSize])).rows
          while (rows.length > 0) {
            seen += rows.map(parseRow).length
            const last = rows[rows.length - 1]
            if (rows.length < batchSize || last === undefined) break
            rows = (await pool.query<RawRow>(nextBatch, [tenant, collection, last.id, batchSize]))
              .rows
          }
          return seen
        },
      }
      return {
        store,
        analyze: () => analyzeTables(tablePrefix),
        close: async () => {
          await pool.end()
          await dropTables(tablePrefix)
        },
      }
    },
  }
}

// ---- the measurements -------------------------------------------------------------

/** Opens a fresh store before every sample (untimed), closing the one before; keeps the last. */
const freshEachSample = <S>(open: () => Promise<Opened<S>>) => {
  let current: Opened<S> | undefined
  return {
    setup: async () => {
      await current?.close()
      current = await open()
    },
    get store(): S {
      if (current === undefined) throw new Error("no store opened")
      return current.store
    },
    analyze: () => current?.analyze() ?? Promise.resolve(),
    close: async () => {
      await current?.close()
      current = undefined
    },
  }
}

const measure = async (
  engine: Engine,
  tenant: string,
  sizes: {
    readonly count: number
    readonly gets: number
    readonly queries: number
  },
): Promise<Array<Row>> => {
  const { count, gets, queries } = sizes
  const customers = Array.from({ length: count }, (_, i) => makeCustomer(i, count))
  const batches = chunksOf(customers, batchSize)
  const operations = batches.map((batch) =>
    batch.map((c) => ({
      _tag: "Insert" as const,
      collection,
      id: c.id,
      body: c,
      indexes: indexesOf(c),
    })),
  )
  const ids = randomIndices(gets, count).map((i) => (customers[i] as Customer).id)
  const tiersAsked = Array.from({ length: queries }, (_, i) => tiers[i % tiers.length] as string)
  const documents = `${count.toLocaleString("en-US")} docs`
  const rows: Array<Row> = []
  const label = (operation: string) => `${engine.label}: ${operation}`

  const ours = freshEachSample(engine.openOurs)
  const raw = freshEachSample(engine.openRaw)
  try {
    const insertOurs = await opsPerSecond(
      count,
      () =>
        Effect.runPromise(
          Effect.forEach(operations, (batch) => ours.store.bulkWrite(tenant, batch), {
            discard: true,
          }),
        ),
      { setup: ours.setup },
    )
    const insertRaw = await opsPerSecond(count, () => raw.store.insertAll(batches), {
      setup: raw.setup,
    })
    rows.push({
      operation: label("bulk insert, documents/s"),
      workload: `${documents} of ~1 KB, 2 indexes, ${batchSize} per bulkWrite`,
      ours: insertOurs,
      baseline: insertRaw,
    })
    await ours.analyze()
    await raw.analyze()

    const getOurs = await opsPerSecond(gets, async () => {
      let versions = 0
      await Effect.runPromise(
        Effect.forEach(
          ids,
          (id) =>
            Effect.map(
              ours.store.get(tenant, collection, id),
              (d) => (versions += d?.version ?? 0),
            ),
          { discard: true },
        ),
      )
      if (versions !== gets) throw new Error("get (ours)")
    })
    const getRaw = await opsPerSecond(gets, async () => {
      if ((await raw.store.getAll(ids)) !== gets) throw new Error("get (raw)")
    })
    rows.push({
      operation: label("get by id, ops/s"),
      workload: `${gets.toLocaleString("en-US")} random ids of ${documents}`,
      ours: getOurs,
      baseline: getRaw,
    })

    const expectedPages = queries * Math.min(pageSize, count / tiers.length)
    const queryOurs = await opsPerSecond(queries, async () => {
      let seen = 0
      await Effect.runPromise(
        Effect.forEach(
          tiersAsked,
          (tier) =>
            Effect.map(
              ours.store.query(tenant, {
                collection,
                where: { tier },
                orderBy: { index: "createdAt", direction: "desc" },
                limit: pageSize,
              }),
              (page) => (seen += page.documents.length),
            ),
          { discard: true },
        ),
      )
      if (seen !== expectedPages) throw new Error(`query (ours) saw ${seen}`)
    })
    const queryRaw = await opsPerSecond(queries, async () => {
      const seen = await raw.store.pages(tiersAsked)
      if (seen !== expectedPages) throw new Error(`query (raw) saw ${seen}`)
    })
    rows.push({
      operation: label("indexed query page, pages/s"),
      workload: `tier = x, newest ${pageSize}; ${(count / tiers.length).toLocaleString("en-US")} docs per tier`,
      ours: queryOurs,
      baseline: queryRaw,
    })

    const scanOurs = await opsPerSecond(count, async () => {
      const seen = await Effect.runPromise(Stream.runCount(ours.store.scan(tenant, collection)))
      if (seen !== count) throw new Error(`scan (ours) saw ${seen}`)
    })
    const scanRaw = await opsPerSecond(count, async () => {
      const seen = await raw.store.scan()
      if (seen !== count) throw new Error(`scan (raw) saw ${seen}`)
    })
    rows.push({
      operation: label("scan, documents/s"),
      workload: `${documents}, pages of ${batchSize} by id`,
      ours: scanOurs,
      baseline: scanRaw,
    })
  } finally {
    await ours.close()
    await raw.close()
  }
  return rows
}

export const benchmark: Benchmark = {
  name: "SQL store: port on SQLite and PostgreSQL vs the raw driver",
  ours: "Clientele SQL store",
  baseline: "raw driver",
  unit: "per second",
  run: async ({ quick }) => {
    const sizes = quick
      ? { count: 5_000, gets: 1_000, queries: 20 }
      : { count: 100_000, gets: 20_000, queries: 100 }
    const suffix = randomSuffix()
    const tenant = `bench_${suffix}`
    const prefix = `bench_${suffix}_`
    const rows: Array<Row> = []

    const directory = mkdtempSync(join(tmpdir(), "clientele-bench-"))
    try {
      rows.push(...(await measure(sqliteEngine(directory, tenant, prefix), tenant, sizes)))
    } finally {
      rmSync(directory, { recursive: true, force: true })
    }

    const url = process.env.CLIENTELE_PG_URL
    if (url === undefined || url === "") {
      console.log(
        "PostgreSQL rows skipped: CLIENTELE_PG_URL is not set (a server where the benchmark may create and drop tables).",
      )
    } else {
      const admin = new pg.Pool({ connectionString: url, max: 2 })
      try {
        rows.push(...(await measure(pgEngine(url, admin, tenant, prefix), tenant, sizes)))
      } finally {
        await admin.end()
      }
    }
    return rows
  },
}
