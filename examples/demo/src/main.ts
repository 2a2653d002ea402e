/**
 * The Clientele demo. For now it shows the storage layer every module stands on:
 * typed collections over the in-memory store, indexed queries with cursors, a
 * transaction that rolls back, optimistic concurrency, and the Promise API for
 * apps that do not use Effect. Each module issue extends it with its own step.
 */
import { Ids, PromiseClient } from "@clientele/core"
import { Collection, MemoryStore, Store, StoreError } from "@clientele/store"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"

const Customer = Schema.Struct({
  id: Ids.CustomerId,
  name: Schema.NonEmptyString,
  city: Schema.String,
  orders: Schema.Int.pipe(Schema.nonNegative()),
  since: Schema.DateFromNumber,
})
type Customer = typeof Customer.Type

const customers = Collection.make({
  name: "customers",
  schema: Customer,
  id: (customer) => customer.id,
  indexes: { city: (customer) => customer.city, orders: (customer) => customer.orders },
})

const tenant = Ids.TenantId.make("demo-company")
const cities = ["Shanghai", "Hangzhou", "Suzhou", "Nanjing"] as const

/** A small deterministic customer base (a linear congruential generator, seed 42). */
const generateCustomers = (count: number): Array<Customer> => {
  let seed = 42
  const next = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31
    return seed / 2 ** 31
  }
  return Array.from({ length: count }, (_, i) => ({
    id: Ids.CustomerId.make(`cus_${String(i + 1).padStart(4, "0")}`),
    name: `Customer ${i + 1}`,
    city: cities[Math.floor(next() * cities.length)] ?? "Shanghai",
    orders: Math.floor(next() ** 3 * 60),
    since: new Date(Date.UTC(2023, 0, 1) + Math.floor(next() * 730) * 86_400_000),
  }))
}

const program = Effect.gen(function* () {
  const store = yield* Store.Store
  const base = generateCustomers(500)
  yield* customers.insertAll(tenant, base)
  console.log(`Stored ${base.length} customers for tenant ${tenant}.`)

  const top = yield* customers.query(tenant, {
    where: { city: "Hangzhou" },
    orderBy: { index: "orders", direction: "desc" },
    limit: 3,
  })
  console.log("\nMost frequent buyers in Hangzhou:")
  for (const { value } of top.entries)
    console.log(`  ${value.name.padEnd(14)} ${value.orders} orders`)

  let pages = 0
  let frequent = 0
  let cursor: string | null = null
  do {
    const page: Collection.EntryPage<Customer> = yield* customers.query(tenant, {
      range: { index: "orders", gte: 20 },
      limit: 25,
      cursor,
    })
    pages++
    frequent += page.entries.length
    cursor = page.cursor
  } while (cursor !== null)
  console.log(
    `\n${frequent} customers with 20 or more orders, read in ${pages} pages of at most 25.`,
  )

  const perCity = yield* Stream.runFold(
    customers.scan(tenant),
    new Map<string, number>(),
    (counts, entry) => counts.set(entry.value.city, (counts.get(entry.value.city) ?? 0) + 1),
  )
  console.log(
    `Scanned every customer: ${[...perCity].map(([city, count]) => `${city} ${count}`).join(", ")}.`,
  )

  const first = base[0] as Customer
  const rolledBack = yield* store
    .transaction(
      Effect.gen(function* () {
        yield* customers.update(tenant, { ...first, orders: first.orders + 1 }, 1)
        return yield* Effect.fail("payment declined" as const)
      }),
    )
    .pipe(Effect.flip)
  const afterRollback = yield* customers.getOrFail(tenant, first.id)
  console.log(
    `\nA transaction failed (${rolledBack}); ${first.name} still has ${afterRollback.value.orders} orders at version ${afterRollback.version}.`,
  )

  yield* customers.update(tenant, { ...first, orders: first.orders + 1 }, 1)
  const stale = yield* Effect.flip(customers.update(tenant, { ...first, orders: 0 }, 1))
  if (stale._tag === "StoreError") {
    console.log(
      `A stale update was refused: ${stale.reason} (${stale.message}); retryable: ${stale.isRetryable}.`,
    )
  }
})

/** The same store from plain async code: one generic facade over the Effect service. */
const promiseApi = async () => {
  const store = await PromiseClient.make(Store.Store, MemoryStore.layer)
  try {
    await store.insert("demo-company", {
      collection: "notes",
      id: "welcome",
      body: { text: "written without Effect" },
      indexes: {},
    })
    const note = await store.get("demo-company", "notes", "welcome")
    console.log(
      `\nPromise API: read back "${JSON.stringify(note?.body)}" at version ${note?.version}.`,
    )
    try {
      await store.insert("demo-company", {
        collection: "notes",
        id: "welcome",
        body: {},
        indexes: {},
      })
    } catch (error) {
      // The rejection is the same tagged error object the Effect API fails with.
      if (error instanceof StoreError.StoreError) {
        console.log(`Promise API: a second insert was rejected with ${error._tag} ${error.reason}.`)
      }
    }
  } finally {
    await store.close()
  }
}

Effect.runPromise(Effect.provide(program, MemoryStore.layer))
  .then(promiseApi)
  .catch((error: unknown) => {
    console.error(error)
    process.exitCode = 1
  })
