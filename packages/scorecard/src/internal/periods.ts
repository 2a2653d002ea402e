/**
 * Periods compared and ordered the way every trend of the package needs: two
 * periods are the same when their dates and zone are, and a trend's periods follow
 * one another without overlapping, so that each change compares a period with the
 * one before it.
 */
import { Errors, type Period } from "@clientele/core"

/** Whether two periods are the same range of dates in the same zone. */
export const samePeriod = (a: Period.Period, b: Period.Period): boolean =>
  a.start === b.start && a.end === b.end && a.zone === b.zone

/** A period as one string, for indexes and maps. */
export const periodKey = (period: Period.Period): string =>
  `${period.start}/${period.end}/${period.zone}`

/**
 * The first period that does not start at or after the end of the one before it,
 * as an error at `pathOf(index)`; `undefined` when they are in order. Civil dates
 * compare as strings (fixed width).
 */
export const firstOutOfOrder = (
  periods: ReadonlyArray<Period.Period>,
  pathOf: (index: number) => ReadonlyArray<string | number>,
): Errors.ValidationError | undefined => {
  for (let index = 1; index < periods.length; index++) {
    const previous = periods[index - 1] as Period.Period
    const current = periods[index] as Period.Period
    if (current.start < previous.end)
      return Errors.ValidationError.fromIssues([
        {
          path: pathOf(index),
          message: `the period ${current.start} … ${current.end} must start on or after the end of the one before it (${previous.end}): give the periods in order, without overlaps`,
        },
      ])
  }
  return undefined
}
