// What the server-backed tests share: the server's URL (CLIENTELE_PG_URL), a
// fresh PostgreSQL schema per test so that runs never see each other, the app's
// own layer pointed at that schema through DATABASE_URL — exactly as main.ts
// builds it —, and an observer with connections of its own, to see what other
// sessions see.
import { randomUUID } from "node:crypto"
import { Complaints } from "@clientele/complaints"
import { SqlStore } from "@clientele/store-sql"
import * as SqlClient from "@effect/sql/SqlClient"
import * as PgClient from "@effect/sql-pg/PgClient"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Clientele from "../src/Clientele.js"
import { OrderDesk } from "../src/OrderDesk.js"
import { Warehouse } from "../src/Warehouse.js"

/** The PostgreSQL server of the environment, if any. */
export const pgUrl: string | undefined = process.env.CLIENTELE_PG_URL || undefined

/** Monday 3 March 2025, 09:00 in Paris: the desk opens. */
export const mondayMorning = Date.UTC(2025, 2, 3, 8, 0)

const minute = 60_000

/** `minutes` after `from`. */
export const minutesAfter = (from: number, minutes: number) => from + minutes * minute

/** Runs one statement on a short-lived connection of its own. */
const administer = (url: string, statement: string) =>
  Effect.flatMap(SqlClient.SqlClient, (sql) => sql.unsafe(statement)).pipe(
    Effect.provide(PgClient.layer({ url: Redacted.make(url), maxConnections: 1 })),
    Effect.orDie,
  )

/**
 * A schema of its own for the scope, dropped with everything in it when the scope
 * closes; returns the server's URL with that schema first on the search path, so
 * the app's tables and Clientele's land there.
 */
export const freshDatabase = (serverUrl: string) =>
  Effect.gen(function* () {
    const schema = `order_desk_${randomUUID().replaceAll("-", "")}`
    yield* Effect.acquireRelease(administer(serverUrl, `CREATE SCHEMA ${schema}`), () =>
      administer(serverUrl, `DROP SCHEMA ${schema} CASCADE`),
    )
    const url = new URL(serverUrl)
    url.searchParams.set("options", `-c search_path=${schema}`)
    return url.toString()
  })

/** The app's configuration, as the environment would give it. */
export const configFor = (databaseUrl: string) =>
  Layer.setConfigProvider(
    ConfigProvider.fromMap(
      new Map([
        ["DATABASE_URL", databaseUrl],
        ["DATABASE_POOL_SIZE", "3"],
      ]),
    ),
  )

/**
 * Another session's view of the same database: a pool of its own and Clientele's
 * `Complaints` over it. Built outside the app's transactions, it reads only what
 * they committed.
 */
export const observerLayer = (databaseUrl: string) =>
  Complaints.layer(Clientele.settings).pipe(
    Layer.provide(SqlStore.layer()),
    Layer.provideMerge(PgClient.layer({ url: Redacted.make(databaseUrl), maxConnections: 2 })),
  )

/**
 * A delivered order of a fresh id for `sku`, with `units` of the SKU stocked
 * first (0: none stocked).
 */
export const deliveredOrder = (sku: string, units: number) =>
  Effect.gen(function* () {
    const desk = yield* OrderDesk
    if (units > 0) yield* (yield* Warehouse).restock(sku, units)
    const id = `ord-${randomUUID().slice(0, 8)}`
    yield* desk.placeOrder({ id, customerId: "cus-ada", customerEmail: "ada@example.com", sku })
    return yield* desk.markDelivered(id)
  })

/** Every complaint Clientele holds about the order. */
export const complaintsAbout = (orderId: string) =>
  Effect.gen(function* () {
    const complaints = yield* Complaints.Complaints
    const all = yield* complaints.received(Clientele.tenant, {
      from: 0,
      to: Date.UTC(2100, 0, 1),
    })
    return all.filter((complaint) => complaint.orderId === orderId)
  })

/** Every contact Clientele recorded for the customer (an intake records one too). */
export const contactsOf = (customerId: string) =>
  Effect.gen(function* () {
    const complaints = yield* Complaints.Complaints
    const all = yield* complaints.contacts(Clientele.tenant, { from: 0, to: Date.UTC(2100, 0, 1) })
    return all.filter((contact) => contact.customerId === customerId)
  })

/** Units of the SKU reserved as replacements. */
export const reservedUnits = (sku: string) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const rows = yield* sql<{ readonly reserved: number }>`
      SELECT reserved FROM stock WHERE sku = ${sku}`
    return rows[0]?.reserved ?? 0
  })
