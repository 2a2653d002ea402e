/**
 * The testkit's own assertions. The suite must run under any test runner (vitest,
 * node:test, jest, mocha), so it cannot use a runner's `expect`: a failed check
 * throws a {@link ConformanceFailure} whose message says what was checked, where
 * two values first differ, and what each side held there (shortened, so a 1 MB
 * body does not flood the report).
 */

import { inspect } from "node:util"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import type { StoredDocument } from "../../Store.js"
import { isStoreError, type StoreError, type StoreErrorReason } from "../../StoreError.js"

/** The error every failed check throws. */
export class ConformanceFailure extends Error {
  override readonly name = "ConformanceFailure"
}

/** Throws a {@link ConformanceFailure}. */
export const fail = (message: string): never => {
  throw new ConformanceFailure(message)
}

/** A short, printable rendering of any value. */
export const show = (value: unknown, limit = 240): string => {
  const text = inspect(value, {
    depth: 4,
    breakLength: Number.POSITIVE_INFINITY,
    maxArrayLength: 8,
    maxStringLength: limit,
  })
  return text.length > limit ? `${text.slice(0, limit)}… (${text.length} characters)` : text
}

/** Checks a condition. */
export const check = (condition: boolean, message: string): void => {
  if (!condition) fail(message)
}

const isPlainRecord = (u: unknown): u is Record<string, unknown> =>
  typeof u === "object" && u !== null && !Array.isArray(u)

const renderKey = (key: string): string =>
  /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`

/**
 * The path of the first difference between two JSON-like values, or `undefined`
 * when they are equal. Numbers compare with `===` (JSON cannot tell -0 from 0);
 * objects compare by their own enumerable keys whatever their order or prototype
 * (a database does not keep key order, and an adapter may build bodies with
 * `Object.create(null)`); `undefined` values also compare by `===`.
 */
export const firstDifference = (
  actual: unknown,
  expected: unknown,
  path = "$",
): { readonly path: string; readonly actual: unknown; readonly expected: unknown } | undefined => {
  if (actual === expected) return undefined
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return { path, actual, expected }
    if (actual.length !== expected.length) {
      return { path: `${path}.length`, actual: actual.length, expected: expected.length }
    }
    for (let i = 0; i < expected.length; i++) {
      const difference = firstDifference(actual[i], expected[i], `${path}[${i}]`)
      if (difference !== undefined) return difference
    }
    return undefined
  }
  if (isPlainRecord(expected)) {
    if (!isPlainRecord(actual)) return { path, actual, expected }
    const expectedKeys = Object.keys(expected)
    const actualKeys = new Set(Object.keys(actual))
    for (const key of expectedKeys) {
      if (!actualKeys.has(key)) {
        return { path: `${path}${renderKey(key)}`, actual: "(missing)", expected: expected[key] }
      }
      const difference = firstDifference(actual[key], expected[key], `${path}${renderKey(key)}`)
      if (difference !== undefined) return difference
      actualKeys.delete(key)
    }
    for (const key of actualKeys) {
      return { path: `${path}${renderKey(key)}`, actual: actual[key], expected: "(absent)" }
    }
    return undefined
  }
  return { path, actual, expected }
}

/** Checks that two JSON-like values are equal, naming the first differing path. */
export const equal = (actual: unknown, expected: unknown, what: string): void => {
  const difference = firstDifference(actual, expected)
  if (difference !== undefined) {
    fail(
      `${what}: differs at ${difference.path}: expected ${show(difference.expected)}, got ${show(difference.actual)}`,
    )
  }
}

/** A document as the suite compares it: index entries holding `null` are dropped, since `{ a: null }` and `{}` declare the same. */
export interface ObservedDocument {
  readonly tenant: string
  readonly collection: string
  readonly id: string
  readonly version: number
  readonly body: unknown
  readonly indexes: Readonly<Record<string, unknown>>
}

/** Normalises a stored document for comparison. */
export const observeDocument = (document: StoredDocument): ObservedDocument => {
  const indexes: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(document.indexes ?? {})) {
    if (value !== null && value !== undefined) indexes[name] = value
  }
  return {
    tenant: document.tenant,
    collection: document.collection,
    id: document.id,
    version: document.version,
    body: document.body,
    indexes,
  }
}

/** The document a check expects; without `indexes`, the indexes are not compared. */
export interface ExpectedDocument {
  readonly tenant: string
  readonly collection: string
  readonly id: string
  readonly version: number
  readonly body: unknown
  readonly indexes?: Readonly<Record<string, unknown>> | undefined
}

/** Checks that a stored document is the expected one (tenant, key, version, body, indexes). */
export const sameDocument = (
  actual: StoredDocument | undefined,
  expected: ExpectedDocument,
  what: string,
): void => {
  if (actual === undefined) {
    fail(
      `${what}: expected ${expected.collection}/${show(expected.id)} (version ${expected.version}), found nothing`,
    )
    return
  }
  const observed = observeDocument(actual)
  const indexes: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(expected.indexes ?? observed.indexes)) {
    if (value !== null && value !== undefined) indexes[name] = value
  }
  equal(observed, { ...expected, indexes }, what)
}

/** Checks that a list of documents has exactly the given keys, in this order. */
export const sameIds = (
  actual: ReadonlyArray<{ readonly id: string }>,
  expected: ReadonlyArray<string>,
  what: string,
): void => {
  const ids = actual.map((document) => document.id)
  if (ids.length !== expected.length || ids.some((id, i) => id !== expected[i])) {
    fail(`${what}: expected ids ${show(expected, 600)}, got ${show(ids, 600)}`)
  }
}

/** Checks that a list of documents is the expected one: the same keys in the same order, each equal. */
export const sameDocuments = (
  actual: ReadonlyArray<StoredDocument>,
  expected: ReadonlyArray<StoredDocument>,
  what: string,
): void => {
  sameIds(
    actual,
    expected.map((document) => document.id),
    what,
  )
  for (let i = 0; i < actual.length; i++) {
    const document = actual[i]
    const wanted = expected[i]
    if (document !== undefined && wanted !== undefined)
      sameDocument(document, wanted, `${what}, ${show(document.id)}`)
  }
}

const describeFailure = (error: unknown): string =>
  isStoreError(error)
    ? `StoreError(${error.reason}): ${error.message}`
    : typeof error === "object" && error !== null && "_tag" in error
      ? `${String(error._tag)}: ${show(error)}`
      : show(error)

const failureOf = <A, E>(
  exit: Exit.Exit<A, E>,
): Either.Either<A, { readonly error: unknown; readonly defect: boolean }> => {
  if (Exit.isSuccess(exit)) return Either.right(exit.value)
  const failure = Cause.failureOption(exit.cause)
  return Option.isSome(failure)
    ? Either.left({ error: failure.value, defect: false })
    : Either.left({ error: Cause.squash(exit.cause), defect: true })
}

const render = (outcome: { readonly error: unknown; readonly defect: boolean }): string =>
  outcome.defect ? `a defect (${describeFailure(outcome.error)})` : describeFailure(outcome.error)

/** Runs an effect that must fail with a `StoreError` of one of the given reasons; returns that error. */
export const expectStoreError = <A, E, R>(
  effect: Effect.Effect<A, E, R>,
  reasons: StoreErrorReason | ReadonlyArray<StoreErrorReason>,
  what: string,
): Effect.Effect<StoreError, never, R> => {
  const allowed: ReadonlyArray<StoreErrorReason> = typeof reasons === "string" ? [reasons] : reasons
  return Effect.map(Effect.exit(effect), (exit) => {
    const result = failureOf(exit)
    if (Either.isRight(result)) {
      return fail(
        `${what}: expected a StoreError (${allowed.join(" or ")}), but it succeeded with ${show(result.right)}`,
      )
    }
    const { error, defect } = result.left
    if (defect || !isStoreError(error) || !allowed.includes(error.reason)) {
      return fail(
        `${what}: expected a StoreError (${allowed.join(" or ")}), got ${render(result.left)}`,
      )
    }
    return error
  })
}

/** Runs an effect that must fail with a `ValidationError` (from `@clientele/core`). */
export const expectValidationError = <A, E, R>(
  effect: Effect.Effect<A, E, R>,
  what: string,
): Effect.Effect<void, never, R> =>
  Effect.map(Effect.exit(effect), (exit) => {
    const result = failureOf(exit)
    if (Either.isRight(result)) {
      fail(`${what}: expected a ValidationError, but it succeeded with ${show(result.right)}`)
      return
    }
    const { error, defect } = result.left
    const tag =
      typeof error === "object" && error !== null && "_tag" in error ? error._tag : undefined
    if (defect || tag !== "ValidationError") {
      fail(`${what}: expected a ValidationError, got ${render(result.left)}`)
    }
  })

/** Renders any failure (a `StoreError`, a tagged error, a defect) for a message. */
export const describeError = describeFailure
