// What the core package's tests share: unwrapping an Either that must be one side,
// and the JSON round-trip property of a schema class.
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import * as Schema from "effect/Schema"
import { expect } from "vitest"

/** The value of a Right; throws, naming the Left, otherwise. */
export const right = <A, E>(result: Either.Either<A, E>): A => {
  if (Either.isLeft(result)) throw new Error(`expected Right, got ${String(result.left)}`)
  return result.right
}

/** The error of a Left; throws otherwise. */
export const left = <A, E>(result: Either.Either<A, E>): E => {
  if (Either.isRight(result)) throw new Error("expected Left")
  return result.left
}

/**
 * Checks, for `numRuns` values of `arbitrary`, that a value of a schema class encodes
 * to JSON text and decodes back to an instance of the class equal to the original.
 */
export const expectJsonRoundTrip = <A, I>(
  schema: Schema.Schema<A, I> & (abstract new (...args: never) => A),
  arbitrary: FastCheck.Arbitrary<A>,
  numRuns: number,
): void => {
  FastCheck.assert(
    FastCheck.property(arbitrary, (value) => {
      const json = JSON.parse(JSON.stringify(Schema.encodeSync(schema)(value)))
      const decoded = Schema.decodeUnknownSync(schema)(json)
      expect(decoded).toBeInstanceOf(schema)
      expect(decoded).toEqual(value)
    }),
    { numRuns },
  )
}
