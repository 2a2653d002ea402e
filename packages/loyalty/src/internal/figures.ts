/**
 * Checks on columns of customer figures, shared by the dependence measures and the
 * classification. Each check stops at the first bad value and names its column and
 * position, so a caller fixing its data knows where to look without scanning a
 * million-entry report.
 */
import { Errors } from "@clientele/core"

/** A `ValidationError` with one issue at `path`. */
export const invalid = (
  path: ReadonlyArray<string | number>,
  message: string,
): Errors.ValidationError => Errors.ValidationError.fromIssues([{ path, message }])

/** The first entry of `column` that is not a finite number, as an error naming `name` and the index. */
export const firstNonFinite = (
  name: string,
  column: ArrayLike<number>,
): Errors.ValidationError | undefined => {
  for (let i = 0; i < column.length; i++) {
    // `Number.isFinite` also refuses non-numbers slipped into a loosely typed array.
    if (!Number.isFinite(column[i])) {
      return invalid([name, i], `must be a finite number, got ${String(column[i])}`)
    }
  }
  return undefined
}

/** The first entry of `column` below zero, as an error naming `name` and the index. */
export const firstNegative = (
  name: string,
  column: ArrayLike<number>,
): Errors.ValidationError | undefined => {
  for (let i = 0; i < column.length; i++) {
    if ((column[i] as number) < 0) {
      return invalid([name, i], `must not be negative, got ${String(column[i])}`)
    }
  }
  return undefined
}

/** An error when `column` does not have one entry per customer of `reference`. */
export const lengthMismatch = (
  name: string,
  column: ArrayLike<number>,
  referenceName: string,
  expected: number,
): Errors.ValidationError | undefined =>
  column.length === expected
    ? undefined
    : invalid(
        [name],
        `has ${column.length} entries but ${referenceName} has ${expected}: one figure per customer is needed`,
      )
