/**
 * Argument checks shared by the public modules: instants, durations, horizons.
 *
 * @internal
 */
import { Civil } from "@clientele/core"
import { CalendarError, invalidArgument } from "../CalendarError.js"

export const defaultHorizonDays = 3660

/** The widest horizon accepted: 100 years. */
const MAX_HORIZON_DAYS = 36_600

/** Instants `Date` can represent, kept clear of the ends by the widest horizon. */
const MAX_INSTANT = 8.64e15 - (MAX_HORIZON_DAYS + 2) * Civil.dayMs

export const checkInstant = (name: string, value: number): CalendarError | undefined =>
  Number.isSafeInteger(value) && Math.abs(value) <= MAX_INSTANT
    ? undefined
    : invalidArgument(
        name,
        `must be an integer number of milliseconds since the epoch within ±${MAX_INSTANT}, found ${String(value)}`,
      )

export const checkDuration = (name: string, value: number): CalendarError | undefined =>
  Number.isSafeInteger(value) && value >= 0
    ? undefined
    : invalidArgument(
        name,
        `must be a non-negative integer number of milliseconds, found ${String(value)}`,
      )

export const horizonOf = (
  options: { readonly horizonDays?: number } | undefined,
): number | CalendarError => {
  const days = options?.horizonDays ?? defaultHorizonDays
  return Number.isInteger(days) && days >= 1 && days <= MAX_HORIZON_DAYS
    ? days
    : invalidArgument(
        "horizonDays",
        `must be an integer from 1 to ${MAX_HORIZON_DAYS}, found ${String(days)}`,
      )
}

export const horizonExceeded = (what: string, days: number) =>
  new CalendarError({
    reason: "HorizonExceeded",
    message: `${what} lies more than ${days} days from the start (the horizon; raise horizonDays to look further)`,
  })
