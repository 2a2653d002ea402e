// A test API that records the conformance suite's tests instead of handing them to
// a runner, so the testkit's own tests can run the suite and look at the outcome.
import type { TestApi } from "../src/testkit.js"

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
