import * as Either from "effect/Either"

/** The value of a Right; throws with the error otherwise. */
export const right = <A, E>(result: Either.Either<A, E>): A => {
  if (Either.isLeft(result)) throw new Error(`expected Right, got ${String(result.left)}`)
  return result.right
}

/** The error of a Left; throws otherwise. */
export const left = <A, E>(result: Either.Either<A, E>): E => {
  if (Either.isRight(result)) throw new Error("expected Left")
  return result.left
}
