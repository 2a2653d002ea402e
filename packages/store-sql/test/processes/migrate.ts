// A process that migrates a database at an agreed moment and prints the versions it
// applied, so several can start at once: `migrate.ts <sqlite|pg> <file|url> <prefix> <start-at-ms>`.
import { SqlClient } from "@effect/sql"
import * as Effect from "effect/Effect"
import { SqlStore } from "../../src/index.js"
import { makePgClient } from "../../src/pg.js"
import { makeSqliteClient } from "../../src/sqlite.js"

const [dialect, target, prefix, startAt] = process.argv.slice(2)
if (target === undefined || prefix === undefined || startAt === undefined) {
  throw new Error("usage: migrate.ts <sqlite|pg> <file|url> <prefix> <start-at-ms>")
}

const program = Effect.scoped(
  Effect.gen(function* () {
    const sql =
      dialect === "pg"
        ? yield* makePgClient({ url: target })
        : yield* makeSqliteClient({ filename: target })
    yield* Effect.sleep(Math.max(0, Number(startAt) - Date.now()))
    return yield* Effect.provideService(
      SqlStore.migrate({ tablePrefix: prefix }),
      SqlClient.SqlClient,
      sql,
    )
  }),
)

Effect.runPromise(program).then(
  (applied) => console.log(JSON.stringify(applied)),
  (error: unknown) => {
    console.error(String(error))
    process.exit(1)
  },
)
