/**
 * The in-memory store through the port (and through a typed collection) beside a
 * plain `Map` doing the same work in the same run: the ratio is the cost of the
 * port, of Effect and (for the collection rows) of schema encoding and decoding.
 *
 * The memory store also deep-copies and freezes every body it stores, which the
 * `Map` baseline does not: that copy is part of the database semantics it offers.
 */
import { Ids } from "@clientele/core"
import { Collection, MemoryStore, Store } from "@clientele/store"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import { type Benchmark, opsPerSecond, type Row } from "./harness.js"

const tenant = Ids.TenantId.make("bench")
const tiers = ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J"] as const

const Customer = Schema.Struct({
  id: Schema.String,
  name: Schema.String,
  email: Schema.String,
  tier: Schema.String,
  createdAt: Schema.Number,
  revenue: Schema.Number,
  tags: Schema.Array(Schema.String),
})
type Customer = typeof Customer.Type

const customers = Collection.make({
  name: "customers",
  schema: Customer,
  id: (customer) => customer.id,
  indexes: { tier: (customer) => customer.tier, createdAt: (customer) => customer.createdAt },
})

const makeCustomers = (count: number): Array<Customer> =>
  Array.from({ length: count }, (_, i) => ({
    id: `cus_${String(i).padStart(7, "0")}`,
    name: `Customer ${i}`,
    email: `customer${i}@example.com`,
    tier: tiers[i % tiers.length] as string,
    createdAt: 1_700_000_000_000 + ((i * 7919) % count) * 60_000,
    revenue: (i * 31) % 10_000,
    tags: i % 3 === 0 ? ["vip"] : [],
  }))

interface MapRecord {
  readonly version: number
  readonly body: Customer
  readonly indexes: { readonly tier: string; readonly createdAt: number }
}

/** The baseline: a Map of records plus a Map of ids per tier, as a hand-written store would keep. */
const makeMapStore = () => {
  const documents = new Map<string, MapRecord>()
  const byTier = new Map<string, Set<string>>()
  return {
    insert(customer: Customer) {
      if (documents.has(customer.id)) throw new Error("duplicate")
      documents.set(customer.id, {
        version: 1,
        body: customer,
        indexes: { tier: customer.tier, createdAt: customer.createdAt },
      })
      let ids = byTier.get(customer.tier)
      if (ids === undefined) {
        ids = new Set()
        byTier.set(customer.tier, ids)
      }
      ids.add(customer.id)
    },
    get: (id: string) => documents.get(id),
    newestOfTier(tier: string, limit: number) {
      const found: Array<MapRecord> = []
      for (const id of byTier.get(tier) ?? []) {
        const record = documents.get(id)
        if (record !== undefined) found.push(record)
      }
      found.sort(
        (a, b) => b.indexes.createdAt - a.indexes.createdAt || (a.body.id < b.body.id ? 1 : -1),
      )
      return found.slice(0, limit)
    },
    count() {
      let count = 0
      for (const record of documents.values()) if (record.version > 0) count++
      return count
    },
  }
}

const toDocument = (customer: Customer) => ({
  collection: "customers",
  id: customer.id,
  body: customer,
  indexes: { tier: customer.tier, createdAt: customer.createdAt },
})

export const benchmark: Benchmark = {
  name: "In-memory store: port and typed collection vs a plain Map",
  ours: "Clientele memory store",
  baseline: "plain Map",
  unit: "ops/s",
  run: async ({ quick }) => {
    const count = quick ? 1_000 : 10_000
    const queries = quick ? 100 : 1_000
    const data = makeCustomers(count)
    const workload = `${count.toLocaleString("en-US")} documents`
    const rows: Array<Row> = []

    // Each sample starts from an empty store, so inserts never hit duplicates.
    const insertPort = await opsPerSecond(count, async () => {
      const store = await Effect.runPromise(MemoryStore.make)
      await Effect.runPromise(
        Effect.forEach(data, (c) => store.insert(tenant, toDocument(c)), { discard: true }),
      )
    })
    const insertMap = await opsPerSecond(count, () => {
      const map = makeMapStore()
      for (const c of data) map.insert(c)
    })
    rows.push({ operation: "insert (port)", workload, ours: insertPort, baseline: insertMap })

    const insertTyped = await opsPerSecond(count, async () => {
      const store = await Effect.runPromise(MemoryStore.make)
      await Effect.runPromise(
        Effect.forEach(data, (c) => customers.insert(tenant, c), { discard: true }).pipe(
          Effect.provideService(Store.Store, store),
        ),
      )
    })
    rows.push({
      operation: "insert (typed collection)",
      workload,
      ours: insertTyped,
      baseline: insertMap,
    })

    const store = await Effect.runPromise(MemoryStore.make)
    await Effect.runPromise(
      store.bulkWrite(
        tenant,
        data.map((c) => ({ _tag: "Insert" as const, ...toDocument(c) })),
      ),
    )
    const map = makeMapStore()
    for (const c of data) map.insert(c)

    const getPort = await opsPerSecond(count, async () => {
      let versions = 0
      await Effect.runPromise(
        Effect.forEach(
          data,
          (c) =>
            Effect.map(store.get(tenant, "customers", c.id), (d) => (versions += d?.version ?? 0)),
          { discard: true },
        ),
      )
      if (versions !== count) throw new Error("port get")
    })
    // Both sides check what they read, so no engine can skip the lookups.
    const getMap = await opsPerSecond(count, () => {
      let versions = 0
      for (const c of data) versions += map.get(c.id)?.version ?? 0
      if (versions !== count) throw new Error("map get")
    })
    rows.push({ operation: "get by id (port)", workload, ours: getPort, baseline: getMap })

    const getTyped = await opsPerSecond(count, async () => {
      const found = await Effect.runPromise(
        Effect.forEach(data, (c) => customers.get(tenant, c.id)).pipe(
          Effect.provideService(Store.Store, store),
        ),
      )
      if (found.length !== count) throw new Error("typed get")
    })
    rows.push({
      operation: "get by id (typed collection)",
      workload,
      ours: getTyped,
      baseline: getMap,
    })

    const tierOf = (i: number) => tiers[i % tiers.length] as string
    const queryPort = await opsPerSecond(queries, () =>
      Effect.runPromise(
        Effect.forEach(
          Array.from({ length: queries }, (_, i) => i),
          (i) =>
            store.query(tenant, {
              collection: "customers",
              where: { tier: tierOf(i) },
              orderBy: { index: "createdAt", direction: "desc" },
              limit: 20,
            }),
          { discard: true },
        ),
      ),
    )
    const queryMap = await opsPerSecond(queries, () => {
      for (let i = 0; i < queries; i++) map.newestOfTier(tierOf(i), 20)
    })
    rows.push({
      operation: "indexed query: tier = x, newest 20 (port)",
      workload: `${workload}, ${count / tiers.length} per tier`,
      ours: queryPort,
      baseline: queryMap,
    })

    const scanPort = await opsPerSecond(count, async () => {
      const seen = await Effect.runPromise(Stream.runCount(store.scan(tenant, "customers")))
      if (seen !== count) throw new Error(`scan saw ${seen} of ${count}`)
    })
    const scanMap = await opsPerSecond(count, () => {
      if (map.count() !== count) throw new Error("map count")
    })
    rows.push({
      operation: "scan, documents/s (port)",
      workload,
      ours: scanPort,
      baseline: scanMap,
    })
    return rows
  },
}
