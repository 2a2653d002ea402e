// Cross-process concurrency: several processes increment one counter document by
// compare-and-set at the same time (get, update at the version read, retry on a
// retryable StoreError), over one SQLite file and over PostgreSQL
// (CLIENTELE_PG_URL; without it that test is registered as skipped with the reason
// in its name). No update may be lost: the final count is the number of successful
// updates, every increment eventually succeeds, and the version is one more than
// the updates.
import { randomUUID } from "node:crypto"
import { join } from "node:path"
import { Store } from "@clientele/store"
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import { afterEach, describe, expect, it } from "vitest"
import { layerPg } from "../src/pg.js"
import { layerSqlite } from "../src/sqlite.js"
import type { CasIncrementerConfig, CasOutcome } from "./processes/cas-incrementer.js"
import { killChildren, startChild } from "./processes/child.js"
import { pgUrl, temporaryDirectory } from "./support.js"

const processes = 3
const increments = 100
const startTimeout = 30_000
const runTimeout = 90_000

const directory = temporaryDirectory()

/**
 * Starts the processes, lets them go together once all are ready, and checks the
 * counter they leave.
 */
const incrementTogether = async (
  backend: CasIncrementerConfig["backend"],
  target: string,
  layer: Layer.Layer<Store.Store, unknown>,
) => {
  const config: CasIncrementerConfig = {
    backend,
    target,
    tenant: `cas-${randomUUID()}`,
    collection: "counters",
    id: "shared",
    increments,
  }
  const children = Array.from({ length: processes }, () =>
    startChild("./cas-incrementer.ts", [JSON.stringify(config)]),
  )
  for (const child of children) await child.waitForLine((line) => line === "ready", startTimeout)
  for (const child of children) child.send("go")
  const outcomes: Array<CasOutcome> = []
  for (const [n, child] of children.entries()) {
    const done = await child.waitForLine((line) => line.startsWith("done "), runTimeout)
    outcomes.push(JSON.parse(done.slice("done ".length)) as CasOutcome)
    const exit = await child.closed
    expect(exit, `process ${n + 1} exits cleanly; stderr:\n${child.stderr()}`).toEqual({
      code: 0,
      signal: null,
    })
  }

  const counter = await Effect.runPromise(
    Effect.gen(function* () {
      const store = yield* Store.Store
      const document = yield* store.get(config.tenant, config.collection, config.id)
      if (document !== undefined)
        yield* store.delete(config.tenant, config.collection, config.id, document.version)
      return document
    }).pipe(Effect.provide(layer)),
  )
  const succeeded = outcomes.reduce((sum, outcome) => sum + outcome.succeeded, 0)
  const conflicts = outcomes.reduce((sum, outcome) => sum + outcome.conflicts, 0)
  const summary = `${processes} processes × ${increments} increments; successes per process ${outcomes.map((o) => o.succeeded).join(", ")}, conflicts ${conflicts}`
  expect(counter, `the counter exists (${summary})`).toBeDefined()
  expect(counter?.body, `the final count is the number of successful updates (${summary})`).toEqual(
    { count: succeeded },
  )
  expect(succeeded, `every increment eventually succeeds (${summary})`).toBe(processes * increments)
  expect(counter?.version, `the version is 1 + the successful updates (${summary})`).toBe(
    1 + succeeded,
  )
  const written = outcomes.flatMap((outcome) => outcome.written).sort((a, b) => a - b)
  expect(
    written,
    `each successful update wrote a count no other wrote: 1, 2, … ${succeeded} (${summary})`,
  ).toEqual(Array.from({ length: succeeded }, (_, n) => n + 1))
  expect(
    conflicts,
    `the processes collided at least once, or this run proved nothing (${summary})`,
  ).toBeGreaterThan(0)
}

describe("Cross-process concurrency", () => {
  afterEach(killChildren)

  it(`SQLite: ${processes} processes compare-and-set one document on one file and lose no update`, async () => {
    const filename = join(directory, `counter-${randomUUID()}.db`)
    await incrementTogether("sqlite", filename, layerSqlite({ filename }))
  }, 120_000)

  if (pgUrl === undefined) {
    it.skip("PostgreSQL: skipped because CLIENTELE_PG_URL is not set", () => {})
  } else {
    const url = pgUrl
    it(`PostgreSQL: ${processes} processes compare-and-set one document and lose no update`, async () => {
      await incrementTogether("pg", url, layerPg({ url }))
    }, 120_000)
  }
})
