/**
 * A short demo of the LevelDB store under Clientele's typed collections: a help-desk
 * ticket collection, written in a transaction, checked with compare-and-set, paged
 * through an index. The database lives on disk, so a second run finds what the
 * first one committed.
 *
 * Usage: `node dist/main.js [directory]` (default `data/tickets`).
 */
import { Ids } from "@clientele/core"
import { Collection, Store } from "@clientele/store"
import * as Cause from "effect/Cause"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as LevelStore from "./LevelStore.js"

const Ticket = Schema.Struct({
  id: Schema.String,
  subject: Schema.String,
  status: Schema.Literal("open", "waiting", "closed"),
  priority: Schema.Int,
  openedAt: Schema.DateFromNumber,
})
type Ticket = typeof Ticket.Type

const tickets = Collection.make({
  name: "tickets",
  schema: Ticket,
  id: (ticket) => ticket.id,
  indexes: {
    status: (ticket) => ticket.status,
    priority: (ticket) => ticket.priority,
    openedAt: (ticket) => ticket.openedAt.getTime(),
  },
})

const subjects = [
  "Invoice charged twice",
  "Parcel arrived damaged",
  "Cannot reset my password",
  "Wrong size delivered",
  "Refund not received",
]

const tenant = Ids.TenantId.make("acme")
const path = process.argv[2] ?? "data/tickets"

const describe = (ticket: Ticket) =>
  `${ticket.id}  p${ticket.priority}  ${ticket.status.padEnd(7)}  ${ticket.subject}`

const program = Effect.gen(function* () {
  const store = yield* Store.Store
  const earlier = yield* tickets.queryAll(tenant)
  yield* Console.log(`LevelDB at ${path}: ${earlier.length} tickets from earlier runs`)

  // Two new tickets in one transaction: both are committed, or neither is.
  const number = earlier.length
  const fresh = [1, 2].map(
    (offset): Ticket => ({
      id: `T-${String(number + offset).padStart(4, "0")}`,
      subject: subjects[(number + offset) % subjects.length] ?? "Other",
      status: "open",
      priority: ((number + offset) % 3) + 1,
      openedAt: new Date(),
    }),
  )
  yield* store.transaction(Effect.forEach(fresh, (ticket) => tickets.insert(tenant, ticket)))
  yield* Console.log(`opened ${fresh.map((ticket) => ticket.id).join(" and ")} in one transaction`)

  // A transaction that fails half-way leaves nothing behind.
  const draft: Ticket = { ...(fresh[0] as Ticket), id: "T-draft", subject: "never saved" }
  const cancelled = yield* Effect.flip(
    store.transaction(
      Effect.zipRight(tickets.insert(tenant, draft), Effect.fail("the agent cancelled")),
    ),
  )
  const kept = yield* tickets.get(tenant, draft.id)
  yield* Console.log(
    `a transaction failed (${cancelled}): its ticket ${Option.isSome(kept) ? "was kept!" : "was not kept"}`,
  )

  // Compare-and-set: an update from a stale read fails with a retryable Conflict.
  const read = yield* tickets.getOrFail(tenant, (fresh[0] as Ticket).id)
  yield* tickets.update(tenant, { ...read.value, status: "waiting" }, read.version)
  const stale = yield* Effect.flip(
    tickets.update(tenant, { ...read.value, priority: 9 }, read.version),
  )
  yield* Console.log(
    `a stale update of ${read.id}: ${stale._tag === "StoreError" ? `${stale.reason}, retryable: ${stale.isRetryable}` : stale.message}`,
  )

  // Paging through the priority index: the tickets still to handle, most urgent first.
  yield* Console.log("open or waiting tickets, most urgent first, 3 per page:")
  let cursor: string | null = null
  let page = 0
  do {
    const result: Collection.EntryPage<Ticket> = yield* tickets.query(tenant, {
      where: { status: ["open", "waiting"] },
      orderBy: { index: "priority", direction: "desc" },
      limit: 3,
      cursor,
    })
    page++
    for (const entry of result.entries) {
      yield* Console.log(`  page ${page}  ${describe(entry.value)}  (version ${entry.version})`)
    }
    cursor = result.cursor
  } while (cursor !== null)
})

Effect.runPromiseExit(Effect.provide(program, LevelStore.layer({ path, sync: true }))).then(
  (exit) => {
    if (Exit.isFailure(exit)) {
      console.error(Cause.pretty(exit.cause))
      process.exitCode = 1
    }
  },
)
