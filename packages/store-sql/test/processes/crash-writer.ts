// The writer the crash-safety test kills at random moments. It writes transactions
// to a SQLite file, forever, and prints `committed <i>` once transaction i has
// committed. A restarted writer continues after the last transaction the file
// holds (from the progress document) and first prints `ready <next>`. Even
// transactions insert one document at a time inside `store.transaction`; odd ones
// are one `store.bulkWrite`.
//
// Argument: the JSON of a `CrashWriterConfig`.
import { Store } from "@clientele/store"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import { layerSqlite } from "../../src/sqlite.js"
import { bodyOf, type CrashWriterConfig, idOf, indexesOf, progressId } from "./crash-documents.js"

const config = JSON.parse(process.argv[2] ?? "") as CrashWriterConfig
const { tenant, collection, progressCollection, parts, bodyBytes } = config

const documentsOf = (i: number) =>
  Array.from({ length: parts }, (_, k) => ({
    collection,
    id: idOf(i, k),
    body: bodyOf(i, k, bodyBytes),
    indexes: indexesOf(i, k),
  }))

const progressOf = (i: number) => ({
  collection: progressCollection,
  id: progressId,
  body: { last: i },
  indexes: { last: i },
})

const writeTransaction = (store: Store.StorePort, i: number) =>
  i % 2 === 0
    ? store.transaction(
        Effect.gen(function* () {
          const progress = yield* store.get(tenant, progressCollection, progressId)
          for (const document of documentsOf(i)) yield* store.insert(tenant, document)
          if (progress === undefined) yield* store.insert(tenant, progressOf(i))
          else yield* store.update(tenant, { ...progressOf(i), expectedVersion: progress.version })
        }),
      )
    : Effect.flatMap(store.get(tenant, progressCollection, progressId), (progress) =>
        store.bulkWrite(tenant, [
          ...documentsOf(i).map((document) => ({ _tag: "Insert" as const, ...document })),
          progress === undefined
            ? { _tag: "Insert" as const, ...progressOf(i) }
            : { _tag: "Update" as const, ...progressOf(i), expectedVersion: progress.version },
        ]),
      )

const program = Effect.gen(function* () {
  const store = yield* Store.Store
  const progress = yield* store.get(tenant, progressCollection, progressId)
  let next = progress === undefined ? 0 : (progress.body as { last: number }).last + 1
  process.stdout.write(`ready ${next}\n`)
  for (;;) {
    yield* writeTransaction(store, next)
    process.stdout.write(`committed ${next}\n`)
    next++
  }
})

// the test holds our stdin open: if it goes away, so do we
process.stdin.on("end", () => process.exit(2))
process.stdin.resume()

Effect.runPromiseExit(Effect.provide(program, layerSqlite({ filename: config.filename }))).then(
  (exit) => {
    process.stderr.write(
      `crash-writer stopped: ${Exit.isFailure(exit) ? Cause.pretty(exit.cause) : ""}\n`,
    )
    process.exit(1)
  },
)
