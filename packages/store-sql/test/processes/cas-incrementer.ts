// One of the processes of the cross-process test: it increments a counter document
// `increments` times by compare-and-set (get, then update at the version read),
// re-reading and retrying on a retryable StoreError. It creates the counter if
// missing (another process may win that race), prints `ready`, waits for `go` on
// stdin, and prints `done <json of the outcome>`: how many updates succeeded, how
// many were refused, and the counts it wrote.
//
// Argument: the JSON of a `CasIncrementerConfig`.
import { createInterface } from "node:readline"
import { Store, StoreError } from "@clientele/store"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import type * as Layer from "effect/Layer"
import { layerPg } from "../../src/pg.js"
import { layerSqlite } from "../../src/sqlite.js"

export interface CasIncrementerConfig {
  readonly backend: "sqlite" | "pg"
  /** The SQLite file, or the PostgreSQL URL. */
  readonly target: string
  readonly tenant: string
  readonly collection: string
  readonly id: string
  readonly increments: number
}

export interface CasOutcome {
  readonly succeeded: number
  readonly conflicts: number
  readonly unavailable: number
  /** The count each successful update wrote. */
  readonly written: ReadonlyArray<number>
}

const config = JSON.parse(process.argv[2] ?? "") as CasIncrementerConfig
const { tenant, collection, id } = config

const layer: Layer.Layer<Store.Store, unknown> =
  config.backend === "sqlite"
    ? layerSqlite({ filename: config.target })
    : layerPg({ url: config.target, maxConnections: 2 })

let finished = false
const input = createInterface({ input: process.stdin })
// the test holds our stdin open: if it goes away before we are done, so do we
input.on("close", () => {
  if (!finished) process.exit(2)
})
const go = new Promise<void>((resolve) =>
  input.on("line", (line) => {
    if (line === "go") resolve()
  }),
)

const program = Effect.gen(function* () {
  const store = yield* Store.Store
  // Creating races the other processes: one wins, the others see `Duplicate`; a
  // PostgreSQL deadlock between the racing inserts is a retryable `Conflict`, tried again.
  for (;;) {
    const created = yield* Effect.either(
      store.insert(tenant, { collection, id, body: { count: 0 }, indexes: { count: 0 } }),
    )
    if (Either.isRight(created)) break
    const error = created.left
    if (StoreError.isStoreError(error) && error.reason === "Duplicate") break
    if (!StoreError.isStoreError(error) || !error.isRetryable) return yield* Effect.fail(error)
    yield* Effect.sleep(`${1 + Math.floor(Math.random() * 10)} millis`)
  }
  process.stdout.write("ready\n")
  yield* Effect.promise(() => go)

  let conflicts = 0
  let unavailable = 0
  const written: Array<number> = []
  for (let n = 0; n < config.increments; n++) {
    for (;;) {
      const attempt = yield* Effect.either(
        Effect.gen(function* () {
          const current = yield* store.get(tenant, collection, id)
          if (current === undefined) return yield* Effect.dieMessage(`${collection}/${id} is gone`)
          const count = (current.body as { count: number }).count + 1
          // a moment of work between the read and the write, as an application has
          if (Math.random() < 0.5) yield* Effect.sleep("1 millis")
          yield* store.update(tenant, {
            collection,
            id,
            expectedVersion: current.version,
            body: { count },
            indexes: { count },
          })
          return count
        }),
      )
      if (Either.isRight(attempt)) {
        written.push(attempt.right)
        break
      }
      const error = attempt.left
      if (!StoreError.isStoreError(error) || !error.isRetryable) return yield* Effect.fail(error)
      if (error.reason === "Conflict") conflicts++
      else {
        unavailable++
        yield* Effect.sleep(`${1 + Math.floor(Math.random() * 10)} millis`)
      }
    }
  }
  const outcome: CasOutcome = { succeeded: written.length, conflicts, unavailable, written }
  process.stdout.write(`done ${JSON.stringify(outcome)}\n`)
})

Effect.runPromiseExit(Effect.provide(program, layer)).then((exit) => {
  finished = true
  input.close()
  if (Exit.isFailure(exit)) {
    process.stderr.write(`cas-incrementer failed: ${Cause.pretty(exit.cause)}\n`)
    process.exitCode = 1
  }
})
