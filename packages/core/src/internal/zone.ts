/**
 * UTC offsets of IANA time zones, read from `Intl.DateTimeFormat` with an explicit
 * `timeZone` (so nothing here depends on the process time zone) and cached per zone
 * per UTC hour.
 *
 * Why an hour cache is exact: for each hour bucket the offset is read at the first
 * and at the last millisecond of the hour. When both agree the whole hour has that
 * offset (the time-zone database never changes the offset twice within one hour and
 * back again); when they differ the hour contains a transition, is marked as mixed,
 * and every instant in it is read from `Intl` directly. Transitions that do not fall
 * on a whole UTC hour (Australia/Lord_Howe, historical local-mean-time changes) are
 * therefore handled exactly too.
 *
 * @internal
 */
import { DAY_MS, daysFromCivil } from "./civil.js"

const HOUR_MS = 3_600_000
const MAX_CACHED_HOURS = 1 << 17
const MIXED = Number.NaN

interface ZoneClock {
  readonly formatter: Intl.DateTimeFormat
  readonly offsets: Map<number, number>
  lastHour: number
  lastOffset: number
}

const clocks = new Map<string, ZoneClock>()

/** Builds the formatter every offset reading uses (one per zone). */
export const makeFormatter = (zone: string): Intl.DateTimeFormat =>
  new Intl.DateTimeFormat("en-US", {
    timeZone: zone,
    hourCycle: "h23",
    era: "short",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  })

/** Whether `Intl` knows the zone (names are matched as `Intl` matches them). */
export const isKnownZone = (zone: string): boolean => {
  if (clocks.has(zone)) return true
  try {
    clockOf(zone)
    return true
  } catch {
    return false
  }
}

const clockOf = (zone: string): ZoneClock => {
  let clock = clocks.get(zone)
  if (clock === undefined) {
    clock = {
      formatter: makeFormatter(zone),
      offsets: new Map(),
      lastHour: Number.NaN,
      lastOffset: 0,
    }
    clocks.set(zone, clock)
  }
  return clock
}

/**
 * The offset (local wall-clock milliseconds minus UTC milliseconds) at an instant,
 * read from a formatter, to the second.
 */
export const readOffset = (formatter: Intl.DateTimeFormat, instant: number): number => {
  let year = 0
  let month = 1
  let day = 1
  let hour = 0
  let minute = 0
  let second = 0
  let beforeCommonEra = false
  for (const part of formatter.formatToParts(instant)) {
    switch (part.type) {
      case "year":
        year = Number(part.value)
        break
      case "month":
        month = Number(part.value)
        break
      case "day":
        day = Number(part.value)
        break
      case "hour":
        hour = Number(part.value)
        break
      case "minute":
        minute = Number(part.value)
        break
      case "second":
        second = Number(part.value)
        break
      case "era":
        beforeCommonEra = part.value.startsWith("B")
        break
    }
  }
  if (beforeCommonEra) year = 1 - year
  const wallClock =
    daysFromCivil(year, month, day) * DAY_MS + hour * HOUR_MS + minute * 60_000 + second * 1000
  return wallClock - Math.floor(instant / 1000) * 1000
}

/** The offset of a zone at an instant, from the hour cache. */
export const offsetAt = (zone: string, instant: number): number => {
  const clock = clockOf(zone)
  const hour = Math.floor(instant / HOUR_MS)
  if (hour === clock.lastHour) return clock.lastOffset
  let offset = clock.offsets.get(hour)
  if (offset === undefined) {
    const start = hour * HOUR_MS
    const first = readOffset(clock.formatter, start)
    const last = readOffset(clock.formatter, start + HOUR_MS - 1)
    offset = first === last ? first : MIXED
    if (clock.offsets.size >= MAX_CACHED_HOURS) clock.offsets.clear()
    clock.offsets.set(hour, offset)
  }
  if (Number.isNaN(offset)) return readOffset(clock.formatter, instant)
  clock.lastHour = hour
  clock.lastOffset = offset
  return offset
}

/** The local day number (days since 1970-01-01 on the zone's wall clock) of an instant. */
export const localDayNumber = (zone: string, instant: number): number =>
  Math.floor((instant + offsetAt(zone, instant)) / DAY_MS)

/**
 * The first instant whose local day number is at least `dayNumber`: the instant of
 * local midnight, or when midnight is skipped by a transition, the first instant
 * after the gap (for a date skipped entirely, the first instant of the next day).
 */
export const firstInstantOfDay = (zone: string, dayNumber: number): number => {
  const midnightAsUtc = dayNumber * DAY_MS
  // Fast path: local midnight exists and the instant before it is on an earlier day.
  const guess = midnightAsUtc - offsetAt(zone, midnightAsUtc - offsetAt(zone, midnightAsUtc))
  if (localDayNumber(zone, guess) >= dayNumber && localDayNumber(zone, guess - 1) < dayNumber) {
    return guess
  }
  // Offsets stay well within one day, so the answer lies in this two-day window.
  let low = midnightAsUtc - 2 * DAY_MS
  let high = midnightAsUtc + 2 * DAY_MS
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2)
    if (localDayNumber(zone, middle) >= dayNumber) high = middle
    else low = middle
  }
  return high
}
