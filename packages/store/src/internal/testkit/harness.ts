/**
 * How the suite registers and runs its tests: options resolved once, a fresh store
 * (a fresh build of the adapter's layer) for every test, fresh random tenant ids
 * for everything a test writes, and explicit skips that carry their reason.
 *
 * Fresh tenants make every test independent of the others and of their order, so
 * the suite also runs against one shared database (a layer that hands out the same
 * connection every time) without cleaning up between tests.
 */

import { randomUUID } from "node:crypto"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FastCheck from "effect/FastCheck"
import type * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Runtime from "effect/Runtime"
import { Store, type StorePort } from "../../Store.js"
import type { ConformanceOptions, Probe, ProbedDocument, TestApi } from "../../testkit.js"
import { ConformanceFailure, describeError } from "./assert.js"

/** The options with every default filled in. */
export interface Settings {
  readonly name: string
  readonly test: TestApi
  readonly makeLayer: () => Layer.Layer<Store, unknown>
  readonly probe: Probe | undefined
  readonly maxDocumentBytes: number
  readonly maxNestingDepth: number
  readonly supportsNulCharacter: boolean
  readonly numRuns: number
  readonly seed: number | undefined
  readonly concurrency: number
  readonly timeout: number
}

/** The size every adapter must store unless it declares less: 1 MiB of JSON text. */
export const requiredDocumentBytes = 1024 * 1024

/** The nesting every adapter must store unless it declares less. */
export const requiredNestingDepth = 1000

/** Checks the options and fills in the defaults; nonsense fails at registration, not in every test. */
export const resolveSettings = (options: ConformanceOptions): Settings => {
  const { layer, makeLayer } = options
  const build = makeLayer ?? (layer === undefined ? undefined : () => layer)
  if (build === undefined) {
    throw new Error(
      `${options.name}: give the store conformance suite a \`layer\` or a \`makeLayer\``,
    )
  }
  const positive = (value: number | undefined, fallback: number, what: string): number => {
    if (value === undefined) return fallback
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new Error(
        `${options.name}: the \`${what}\` option must be a positive integer, got ${value}`,
      )
    }
    return value
  }
  return {
    name: options.name,
    test: options.test,
    makeLayer: build,
    probe: options.probe,
    maxDocumentBytes: positive(options.maxDocumentBytes, requiredDocumentBytes, "maxDocumentBytes"),
    maxNestingDepth: positive(options.maxNestingDepth, requiredNestingDepth, "maxNestingDepth"),
    supportsNulCharacter: options.supportsNulCharacter ?? true,
    numRuns: positive(options.numRuns, 50, "numRuns"),
    seed: options.seed,
    concurrency: positive(options.concurrency, 16, "concurrency"),
    timeout: positive(options.timeout, 60_000, "timeout"),
  }
}

/** What a test body receives. */
export interface TestContext {
  /** The store under test, fresh for this test. */
  readonly store: StorePort
  readonly settings: Settings
  /** A tenant id never used before (a random suffix after the label). */
  readonly tenant: (label?: string) => string
  /** Runs an effect to a promise (for fast-check's async properties), unwrapping failures. */
  readonly run: <A>(effect: Effect.Effect<A, unknown>) => Promise<A>
}

/** A fresh tenant id: the label, then random hex, so ids stay readable in failure reports. */
export const freshTenant = (label = "tenant"): string =>
  `${label}-${randomUUID().replaceAll("-", "").slice(0, 16)}`

/** Turns an exit into its value, or throws the error a test runner should report. */
const unwrap = <A>(exit: Exit.Exit<A, unknown>): A => {
  if (Exit.isSuccess(exit)) return exit.value
  const failure = Cause.failureOption(exit.cause)
  if (Option.isSome(failure)) {
    throw new ConformanceFailure(
      `the adapter failed unexpectedly: ${describeError(failure.value)}`,
      {
        cause: failure.value,
      },
    )
  }
  if (Cause.isInterruptedOnly(exit.cause)) throw new ConformanceFailure("the test was interrupted")
  throw Cause.squash(exit.cause)
}

/** What a test runs against its fresh store. */
export type TestBody = (context: TestContext) => Effect.Effect<void, unknown>

/** Runs a test body against a fresh build of the adapter's layer. */
export const runTest = async (settings: Settings, body: TestBody): Promise<void> => {
  const program = Effect.gen(function* () {
    const store = yield* Store
    const runtime = yield* Effect.runtime<never>()
    const run = <A>(effect: Effect.Effect<A, unknown>): Promise<A> =>
      Runtime.runPromiseExit(runtime)(effect).then(unwrap)
    yield* body({ store, settings, tenant: freshTenant, run })
  })
  unwrap(await Effect.runPromiseExit(Effect.provide(program, settings.makeLayer())))
}

/** Registers one test of the suite. */
const conformanceTest = (settings: Settings, name: string, body: TestBody): void => {
  settings.test.it(name, () => runTest(settings, body), settings.timeout)
}

/** Registers a visible skip whose name carries its reason. */
const skippedTest = (settings: Settings, name: string, reason: string): void => {
  const title = `${name} (skipped: ${reason})`
  const skip = settings.test.it.skip
  if (skip !== undefined) skip(title, () => Promise.resolve())
  else settings.test.it(title, () => Promise.resolve())
}

/** Reads a document through the out-of-band probe, around the adapter. */
export type ProbeRead = (
  tenant: string,
  collection: string,
  id: string,
) => Effect.Effect<ProbedDocument | undefined>

/** The probe's `read` as an effect. */
export const probeRead =
  (probe: Probe): ProbeRead =>
  (tenant, collection, id) =>
    Effect.promise(() => probe.read(tenant, collection, id))

/** What a test reading through the probe runs: its context, and the probe's read. */
export type ProbeTestBody = (context: TestContext, read: ProbeRead) => Effect.Effect<void, unknown>

/** Registers a test that reads through the probe, or its visible skip when no probe is given. */
const probeTest = (settings: Settings, name: string, body: ProbeTestBody): void => {
  const probe = settings.probe
  if (probe === undefined) skippedTest(settings, name, "no `probe` option given")
  else conformanceTest(settings, name, (context) => body(context, probeRead(probe)))
}

/** fast-check's parameters for a property of the suite: its run count, and its seed when given. */
export const propertyParameters = (
  settings: Settings,
  numRuns: number = settings.numRuns,
): Pick<FastCheck.Parameters<unknown>, "numRuns" | "seed"> =>
  settings.seed === undefined ? { numRuns } : { numRuns, seed: settings.seed }

/** Checks a fast-check property whose predicate is an effect, with the suite's run count and seed. */
export const checkProperty = <T>(
  context: TestContext,
  arbitrary: FastCheck.Arbitrary<T>,
  predicate: (value: T) => Effect.Effect<void, unknown>,
  numRuns: number = context.settings.numRuns,
): Effect.Effect<void> =>
  Effect.promise(() =>
    FastCheck.assert(
      FastCheck.asyncProperty(arbitrary, (value) => context.run(predicate(value))),
      propertyParameters(context.settings, numRuns),
    ),
  )

/** One group of the suite: a title and the tests it registers. */
export interface Group {
  readonly title: string
  readonly register: (settings: Settings) => void
}

/** How a group registers its tests: `test(name, body)`, and the variants on it. */
export interface GroupTest {
  (name: string, body: TestBody): void
  /** Registers a visible skip whose name carries its reason. */
  readonly skip: (name: string, reason: string) => void
  /** Registers a test that reads through the probe, or its visible skip when no probe is given. */
  readonly withProbe: (name: string, body: ProbeTestBody) => void
}

/** Defines a group by its title and a function registering its tests with the settings resolved. */
export const defineGroup = (
  title: string,
  register: (test: GroupTest, settings: Settings) => void,
): Group => ({
  title,
  register: (settings) => {
    const test: GroupTest = Object.assign(
      (name: string, body: TestBody) => conformanceTest(settings, name, body),
      {
        skip: (name: string, reason: string) => skippedTest(settings, name, reason),
        withProbe: (name: string, body: ProbeTestBody) => probeTest(settings, name, body),
      },
    )
    register(test, settings)
  },
})

/** Registers one group on its own, under a `describe` named after the adapter. */
export const registerGroup = (group: Group, options: ConformanceOptions): void => {
  const settings = resolveSettings(options)
  settings.test.describe(`${settings.name}: ${group.title}`, () => group.register(settings))
}

/** Registers several groups under one `describe`. */
export const registerGroups = (groups: ReadonlyArray<Group>, options: ConformanceOptions): void => {
  const settings = resolveSettings(options)
  settings.test.describe(`${settings.name}: store conformance`, () => {
    for (const group of groups) settings.test.describe(group.title, () => group.register(settings))
  })
}
