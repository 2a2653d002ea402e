/**
 * A working calendar compiled for arithmetic: the weekly hours of each weekday as
 * sorted, merged millisecond ranges (breaks taken out), the business milliseconds of
 * a regular week, and the irregular dates (holidays, overrides) expanded year by
 * year on demand into a map and sorted arrays, so that the walker can find the next
 * irregular date by binary search and jump over the regular weeks before it.
 *
 * @internal
 */
import { Civil } from "@clientele/core"
import {
  millisecondsOfDay,
  type TimeRange,
  type WorkingCalendar,
  weekdayNames,
} from "../WorkingCalendar.js"
import { type Disambiguation, rulesOf, type ZoneRules } from "./zone.js"

const DAY = Civil.dayMs

/** Ranges as a flat, sorted list `[start0, end0, start1, end1, …]` of milliseconds. */
export type Ranges = ReadonlyArray<number>

const toRanges = (ranges: ReadonlyArray<TimeRange>): Array<[number, number]> =>
  ranges.map((r) => [millisecondsOfDay(r.start) ?? 0, millisecondsOfDay(r.end) ?? 0])

/** Sorts and merges overlapping or touching ranges. */
const merge = (ranges: ReadonlyArray<readonly [number, number]>): Ranges => {
  const sorted = [...ranges].filter(([s, e]) => e > s).sort((x, y) => x[0] - y[0])
  const out: Array<number> = []
  for (const [s, e] of sorted) {
    const last = out.length - 1
    if (last > 0 && s <= (out[last] as number)) out[last] = Math.max(out[last] as number, e)
    else out.push(s, e)
  }
  return out
}

/** `ranges` minus `holes`, both merged. */
const subtract = (ranges: Ranges, holes: Ranges): Ranges => {
  if (holes.length === 0) return ranges
  const out: Array<number> = []
  for (let i = 0; i < ranges.length; i += 2) {
    let start = ranges[i] as number
    const end = ranges[i + 1] as number
    for (let j = 0; j < holes.length && start < end; j += 2) {
      const hs = holes[j] as number
      const he = holes[j + 1] as number
      if (he <= start || hs >= end) continue
      if (hs > start) out.push(start, hs)
      start = Math.max(start, he)
    }
    if (start < end) out.push(start, end)
  }
  return out
}

const sum = (ranges: Ranges): number => {
  let total = 0
  for (let i = 0; i < ranges.length; i += 2)
    total += (ranges[i + 1] as number) - (ranges[i] as number)
  return total
}

const WHOLE_DAY: Ranges = [0, DAY]

interface YearlyHoliday {
  readonly firstDay: number
  readonly month: number
  readonly day: number
  readonly length: number
  readonly closed: Ranges
}

interface Year {
  readonly first: number
  readonly last: number
  /** The irregular days of the year, ascending. */
  readonly days: ReadonlyArray<number>
  /**
   * `deltas[i]`: the business milliseconds the irregular days `days[0 … i)` add to
   * (or, negative, take from) their weekdays' regular hours.
   */
  readonly deltas: ReadonlyArray<number>
}

export interface Compiled {
  readonly rules: ZoneRules
  readonly policy: Disambiguation
  /** Weekly ranges by weekday index 0 (Monday) … 6 (Sunday). */
  readonly weekly: ReadonlyArray<Ranges>
  /** Business milliseconds of each weekday, twice over (index 0 … 13), for run sums. */
  readonly cumulative: ReadonlyArray<number>
  /** Business milliseconds of a regular week. */
  readonly weekMs: number
  /** Whether the calendar has any working time at all. */
  readonly hasWork: boolean
  /** The ranges of the irregular days of the expanded years. */
  readonly irregular: Map<number, Ranges>
  readonly years: Map<number, Year>
  readonly oneOffClosures: Map<number, Array<Ranges>>
  readonly overrides: Map<number, Ranges>
  readonly yearly: ReadonlyArray<YearlyHoliday>
}

/** The weekday index (0 = Monday … 6 = Sunday) of a day number. */
export const weekdayIndex = (day: number): number => Civil.weekdayOf(day) - 1

const compile = (calendar: WorkingCalendar): Compiled => {
  const weekly = weekdayNames.map((name) => {
    const breaks = calendar.breaks.filter((b) => b.days === undefined || b.days.includes(name))
    return subtract(merge(toRanges(calendar.weekly[name])), merge(toRanges(breaks)))
  })
  const daily = weekly.map(sum)
  const cumulative = [0]
  for (let i = 0; i < 14; i++) cumulative.push((cumulative[i] as number) + (daily[i % 7] as number))
  const overrides = new Map<number, Ranges>()
  for (const o of calendar.overrides)
    overrides.set(Civil.parse(o.date) ?? 0, merge(toRanges(o.hours)))
  const oneOffClosures = new Map<number, Array<Ranges>>()
  const yearly: Array<YearlyHoliday> = []
  for (const h of calendar.holidays) {
    const first = Civil.parse(h.date) ?? 0
    const length = (h.through === undefined ? first : (Civil.parse(h.through) ?? first)) - first + 1
    const closed = h.closed === undefined ? WHOLE_DAY : merge(toRanges(h.closed))
    if (h.yearly) {
      const { month, day } = Civil.fieldsOf(first)
      yearly.push({ firstDay: first, month, day, length, closed })
    } else {
      for (let d = first; d < first + length; d++) {
        const list = oneOffClosures.get(d) ?? []
        list.push(closed)
        oneOffClosures.set(d, list)
      }
    }
  }
  const weekMs = cumulative[7] as number
  return {
    rules: rulesOf(calendar.timeZone),
    policy: calendar.dst,
    weekly,
    cumulative,
    weekMs,
    hasWork: weekMs > 0 || [...overrides.values()].some((r) => r.length > 0),
    irregular: new Map(),
    years: new Map(),
    oneOffClosures,
    overrides,
    yearly,
  }
}

const compiledByCalendar = new WeakMap<WorkingCalendar, Compiled>()

/** The compiled form of a calendar, built once per calendar object. */
export const compiledOf = (calendar: WorkingCalendar): Compiled => {
  let compiled = compiledByCalendar.get(calendar)
  if (compiled === undefined) {
    compiled = compile(calendar)
    compiledByCalendar.set(calendar, compiled)
  }
  return compiled
}

const MAX_YEARS = 512

/** Expands the irregular days of a year (once). */
const yearOf = (c: Compiled, year: number): Year => {
  const known = c.years.get(year)
  if (known !== undefined) return known
  const first = Civil.dayNumberOf(year, 1, 1)
  const last = Civil.dayNumberOf(year, 12, 31)
  const closures = new Map<number, Array<Ranges>>()
  const add = (day: number, closed: Ranges) => {
    if (day < first || day > last) return
    const list = closures.get(day) ?? []
    list.push(closed)
    closures.set(day, list)
  }
  for (const [day, list] of c.oneOffClosures) for (const closed of list) add(day, closed)
  for (const h of c.yearly) {
    // an occurrence starting the year before may run into this one
    for (const y of [year - 1, year]) {
      if (h.month === 2 && h.day === 29 && !Civil.isLeapYear(y)) continue
      const start = Civil.dayNumberOf(y, h.month, h.day)
      if (start < h.firstDay) continue
      for (let d = start; d < start + h.length; d++) add(d, h.closed)
    }
  }
  const days = new Set<number>()
  for (const day of c.overrides.keys()) if (day >= first && day <= last) days.add(day)
  for (const day of closures.keys()) days.add(day)
  for (const day of days) {
    const override = c.overrides.get(day)
    const ranges =
      override ??
      (closures.get(day) ?? []).reduce(
        (open, closed) => subtract(open, closed),
        c.weekly[weekdayIndex(day)] as Ranges,
      )
    c.irregular.set(day, ranges)
  }
  const sorted = [...days].sort((a, b) => a - b)
  const deltas = [0]
  for (const [i, day] of sorted.entries()) {
    const irregular = sum(c.irregular.get(day) ?? [])
    const regular = sum(c.weekly[weekdayIndex(day)] as Ranges)
    deltas.push((deltas[i] as number) + irregular - regular)
  }
  const entry: Year = { first, last, days: sorted, deltas }
  if (c.years.size >= MAX_YEARS) {
    c.years.clear()
    c.irregular.clear()
  }
  c.years.set(year, entry)
  return entry
}

let lastYear: Year | undefined
let lastCompiled: Compiled | undefined

const ensureYearOfDay = (c: Compiled, day: number): Year => {
  if (
    lastCompiled === c &&
    lastYear !== undefined &&
    day >= lastYear.first &&
    day <= lastYear.last
  ) {
    return lastYear
  }
  const year = yearOf(c, Civil.fieldsOf(day).year)
  lastCompiled = c
  lastYear = year
  return year
}

/** The local ranges (milliseconds of the day) of a day number. */
export const localRangesOf = (c: Compiled, day: number): Ranges => {
  ensureYearOfDay(c, day)
  return c.irregular.get(day) ?? (c.weekly[weekdayIndex(day)] as Ranges)
}

/** The index of the first element of `days` at or after `day`. */
const lowerBound = (days: ReadonlyArray<number>, day: number): number => {
  let low = 0
  let high = days.length
  while (low < high) {
    const middle = (low + high) >> 1
    if ((days[middle] as number) < day) low = middle + 1
    else high = middle
  }
  return low
}

/**
 * The business milliseconds of the days `[from, to)` when no offset transition is
 * near any of them: whole weeks and weekday totals, corrected by the irregular
 * days' deltas.
 */
export const runSum = (c: Compiled, from: number, to: number): number => {
  let total = regularSum(c, from, to)
  let day = from
  while (day < to) {
    const year = ensureYearOfDay(c, day)
    const until = Math.min(to, year.last + 1)
    total +=
      (year.deltas[lowerBound(year.days, until)] as number) -
      (year.deltas[lowerBound(year.days, day)] as number)
    day = until
  }
  return total
}

/** The business milliseconds of the weekly hours of the days `[from, to)`. */
const regularSum = (c: Compiled, from: number, to: number): number => {
  const days = to - from
  const weeks = Math.floor(days / 7)
  const start = weekdayIndex(from)
  return (
    weeks * c.weekMs +
    (c.cumulative[start + (days - weeks * 7)] as number) -
    (c.cumulative[start] as number)
  )
}
