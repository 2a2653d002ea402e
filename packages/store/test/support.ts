// What the testkit's own tests share: a test API that records the conformance
// suite's tests instead of handing them to a runner, so they can run the suite and
// look at the outcome; and a memory store per test with a probe reading around it.
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { MemoryStore, Store } from "../src/index.js"
import type { Probe, TestApi } from "../src/testkit.js"

/**
 * A fresh memory store per test (`makeLayer`), and a probe reading the committed
 * state of the current one, around the port.
 */
export const memoryWithProbe = (): {
  readonly makeLayer: () => Layer.Layer<Store.Store>
  readonly probe: Probe
} => {
  let current: MemoryStore.MemoryStore | undefined
  const makeLayer = () => {
    const store = Effect.runSync(MemoryStore.make)
    current = store
    return Layer.succeed(Store.Store, store)
  }
  const probe: Probe = {
    read: (tenant, collection, id) => {
      const document = current?.readCommitted(tenant, collection, id)
      return Promise.resolve(
        document === undefined ? undefined : { version: document.version, body: document.body },
      )
    },
  }
  return { makeLayer, probe }
}

export interface RecordedTest {
  /** The test's name, after the names of the `describe` blocks around it. */
  readonly name: string
  readonly run: () => Promise<void>
  readonly skipped: boolean
  readonly timeout: number | undefined
}

export interface TestOutcome {
  readonly name: string
  readonly passed: boolean
  readonly skipped: boolean
  readonly error: string
}

/** Collects the tests a suite registers; `withSkip: false` gives a runner without `it.skip`. */
export const record = (
  register: (test: TestApi) => void,
  options: { readonly withSkip?: boolean } = {},
): ReadonlyArray<RecordedTest> => {
  const recorded: Array<RecordedTest> = []
  const path: Array<string> = []
  const add = (name: string, run: () => Promise<void>, skipped: boolean, timeout?: number) => {
    recorded.push({ name: [...path, name].join(" > "), run, skipped, timeout })
  }
  const it = (name: string, run: () => Promise<void>, timeout?: number) =>
    add(name, run, false, timeout)
  const describe = (name: string, fn: () => void) => {
    path.push(name)
    fn()
    path.pop()
  }
  register(
    options.withSkip === false
      ? { describe, it }
      : {
          describe,
          it: Object.assign(it, {
            skip: (name: string, run: () => Promise<void>) => add(name, run, true),
          }),
        },
  )
  return recorded
}

/** Runs recorded tests one after the other, catching each failure. */
export const runRecorded = async (
  recorded: ReadonlyArray<RecordedTest>,
): Promise<ReadonlyArray<TestOutcome>> => {
  const outcomes: Array<TestOutcome> = []
  for (const test of recorded) {
    if (test.skipped) {
      outcomes.push({ name: test.name, passed: true, skipped: true, error: "" })
      continue
    }
    try {
      await test.run()
      outcomes.push({ name: test.name, passed: true, skipped: false, error: "" })
    } catch (error) {
      outcomes.push({
        name: test.name,
        passed: false,
        skipped: false,
        error: error instanceof Error ? error.message : String(error),
      })
    }
  }
  return outcomes
}

export const failuresOf = (outcomes: ReadonlyArray<TestOutcome>) =>
  outcomes.filter((outcome) => !outcome.passed)

/** The failures, one per line with the first lines of their messages, or "" when none. */
export const report = (outcomes: ReadonlyArray<TestOutcome>): string =>
  failuresOf(outcomes)
    .map(
      (outcome) => `✗ ${outcome.name}\n    ${outcome.error.split("\n").slice(0, 3).join("\n    ")}`,
    )
    .join("\n")
