/**
 * Wall-clock date-times of a customer's zone and the instants they name: parsing
 * `YYYY-MM-DDTHH:MM[:SS]` and aligning instants to a grid of the local clock
 * (core's `Zone.instantOf` resolves a local time to an instant). Offsets come from core's `Zone.offsetAt`, never from the process zone.
 *
 * @internal
 */
import { Civil, Zone } from "@clientele/core"

const DAY = Civil.dayMs
const MINUTE = 60_000

const LOCAL_DATE_TIME = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/

/**
 * The local milliseconds (since 1970-01-01T00:00 on the wall clock) of a
 * `YYYY-MM-DDTHH:MM[:SS]` text, or `undefined` when it is not a real date-time.
 */
export const parseLocal = (text: string): number | undefined => {
  const match = LOCAL_DATE_TIME.exec(text)
  if (match === null) return undefined
  const day = Civil.parse(match[1] ?? "")
  if (day === undefined) return undefined
  return (
    day * DAY +
    Number(match[2]) * 3_600_000 +
    Number(match[3]) * MINUTE +
    Number(match[4] ?? 0) * 1000
  )
}

/** Formats local milliseconds as `YYYY-MM-DDTHH:MM` (seconds only when not zero). */
export const formatLocal = (local: number): string => {
  const day = Math.floor(local / DAY)
  const inDay = local - day * DAY
  const hours = Math.floor(inDay / 3_600_000)
  const minutes = Math.floor((inDay % 3_600_000) / MINUTE)
  const seconds = Math.floor((inDay % MINUTE) / 1000)
  const time = `${String(hours).padStart(2, "0")}:${String(minutes).padStart(2, "0")}`
  return `${Civil.format(day)}T${time}${seconds === 0 ? "" : `:${String(seconds).padStart(2, "0")}`}`
}

/** The local milliseconds of an instant on the wall clock of a zone. */
export const localOf = (zone: string, instant: number): number =>
  instant + Zone.offsetAt(zone, instant)

/**
 * The first instant at or after `instant` whose wall-clock time in the zone is a
 * whole multiple of `stepMinutes` since local midnight (the instant itself when it
 * already is).
 */
export const alignUp = (zone: string, instant: number, stepMinutes: number): number => {
  const step = stepMinutes * MINUTE
  const local = localOf(zone, instant)
  const aligned = Math.ceil(local / step) * step
  return instant + (aligned - local)
}
