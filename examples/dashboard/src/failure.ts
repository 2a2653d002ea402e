/**
 * A failure in words for the error panel: the tag of a typed error (which the
 * packages and the page always give), or `Defect` for an unexpected throw, with the
 * full cause for the details.
 */
import * as Cause from "effect/Cause"
import * as Option from "effect/Option"
import type { FailureReport } from "./messages.ts"

const hasTag = (error: unknown): error is { readonly _tag: string; readonly message?: unknown } =>
  typeof error === "object" && error !== null && "_tag" in error && typeof error._tag === "string"

/** The tag and message of a failed computation's cause. */
export const failureReport = (cause: Cause.Cause<unknown>): FailureReport => {
  const details = Cause.pretty(cause)
  const failure = Cause.failureOption(cause)
  if (Option.isSome(failure) && hasTag(failure.value))
    return {
      tag: failure.value._tag,
      message: typeof failure.value.message === "string" ? failure.value.message : details,
      details,
    }
  const squashed = Cause.squash(cause)
  return {
    tag: Option.isSome(failure) ? "UnknownError" : "Defect",
    message: squashed instanceof Error ? squashed.message : String(squashed),
    details,
  }
}
