/**
 * Business-time arithmetic (`@clientele/calendar`) beside the two JS peers,
 * moment-business-time and dayjs-business-time, in the same run: a typical SLA
 * deadline, a long deadline over many holidays, and business time elapsed over a
 * year. The harness has one baseline column, so every workload has one row per peer.
 *
 * The figures are microseconds per call (lower is better), so `baseline / ours` is
 * how many times slower the peer is. Every library is checked on simple cases before
 * anything is timed (a wrong answer from ours fails the run), the long workloads
 * are compared across the three libraries, and the peers' known wrong answers
 * (DST fold, sub-minute start, `23:59:59` ends) are measured and printed after the
 * table.
 *
 * Neither peer has time-zone support (both compute in the process zone): the run
 * sets `process.env.TZ = "America/New_York"` while it lasts, so the peers work on
 * the same New York wall clock as ours, and restores it at the end.
 */
import { createRequire } from "node:module"
import { BusinessTime, WorkingCalendar } from "@clientele/calendar"
import * as Either from "effect/Either"
import { type Benchmark, opsPerSecond, type Row } from "./harness.js"

// ---------------------------------------------------------------------------
// The peers, loaded through `require` with the little of their API used here
// (moment-business-time ships no types; dayjs-business-time's only augment dayjs).

interface BusinessMoment {
  addWorkingTime(amount: number, unit: "hours" | "minutes"): BusinessMoment
  workingDiff(other: BusinessMoment, unit: "minutes", precise: true): number
  valueOf(): number
}
type MomentHours = Record<number, ReadonlyArray<string> | null>
interface MomentBusinessTime {
  (instant: number): BusinessMoment
  locale(): string
  updateLocale(
    locale: string,
    config: { readonly workinghours: MomentHours; readonly holidays: ReadonlyArray<string> },
  ): unknown
}

interface BusinessDayjs {
  addBusinessHours(hours: number): BusinessDayjs
  addBusinessMinutes(minutes: number): BusinessDayjs
  businessMinutesDiff(other: BusinessDayjs): number
  valueOf(): number
}
const dayNames = [
  "sunday",
  "monday",
  "tuesday",
  "wednesday",
  "thursday",
  "friday",
  "saturday",
] as const
type DayjsHours = Record<
  (typeof dayNames)[number],
  ReadonlyArray<{ readonly start: string; readonly end: string }> | null
>
interface DayjsBusinessTime {
  (instant: number): BusinessDayjs
  extend(plugin: unknown): unknown
  setBusinessTime(hours: DayjsHours): void
  setHolidays(holidays: ReadonlyArray<string>): void
}

const require = createRequire(import.meta.url)
const moment = require("moment-business-time") as MomentBusinessTime
const dayjs = require("dayjs") as DayjsBusinessTime
dayjs.extend(require("dayjs-business-time"))

/** Both peers take their hours as local `HH:MM:SS` strings per weekday (0 = Sunday). */
const configurePeers = (
  hours: (day: number) => { readonly start: string; readonly end: string } | null,
  holidays: ReadonlyArray<string>,
) => {
  const momentHours: MomentHours = {}
  for (let day = 0; day < 7; day++) {
    const range = hours(day)
    momentHours[day] = range === null ? null : [range.start, range.end]
  }
  moment.updateLocale(moment.locale(), { workinghours: momentHours, holidays })
  const dayjsHours = {} as Record<(typeof dayNames)[number], DayjsHours["monday"]>
  for (const [day, name] of dayNames.entries()) {
    const range = hours(day)
    dayjsHours[name] = range === null ? null : [range]
  }
  dayjs.setBusinessTime(dayjsHours)
  dayjs.setHolidays(holidays)
}
const officeHours = (day: number) =>
  day === 0 || day === 6 ? null : { start: "09:00:00", end: "17:00:00" }

// ---------------------------------------------------------------------------
// Calendars and inputs.

const zone = "America/New_York"
const HOUR = 3_600_000
const MINUTE = 60_000
const DAY = 86_400_000

/** 200 holidays: every fourth weekday from 2025-01-01 on (to January 2028). */
const holidayDates: ReadonlyArray<string> = (() => {
  const dates: Array<string> = []
  let weekday = 0
  for (let day = Date.UTC(2025, 0, 1); dates.length < 200; day += DAY) {
    const dow = new Date(day).getUTCDay()
    if (dow === 0 || dow === 6) continue
    if (weekday++ % 4 === 0) dates.push(new Date(day).toISOString().slice(0, 10))
  }
  return dates
})()

const office = WorkingCalendar.weekdays(zone, "09:00", "17:00")
const officeWithHolidays = WorkingCalendar.weekdays(zone, "09:00", "17:00", {
  holidays: holidayDates.map((date) => ({ date })),
})
const everyDay = (start: string, end: string) =>
  WorkingCalendar.make({
    timeZone: zone,
    weekly: Object.fromEntries(WorkingCalendar.weekdayNames.map((day) => [day, [{ start, end }]])),
  })

/** Deterministic pseudo-random whole-minute instants in `[from, from + spanMs)`. */
const startsIn = (count: number, from: number, spanMs: number): Array<number> => {
  let seed = 0x2545f491
  return Array.from({ length: count }, () => {
    seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0
    return from + Math.floor((seed / 2 ** 32) * (spanMs / MINUTE)) * MINUTE
  })
}
/** Any hour of any day of 2025–2026: nights and weekends included, as tickets arrive. */
const typicalStarts = startsIn(4_096, Date.UTC(2025, 0, 1, 5), 730 * DAY)
/** The first eight weeks of 2025, so that 4,000 h (about 2.6 years here) stay among the holidays. */
const longStarts = startsIn(64, Date.UTC(2025, 0, 1, 5), 56 * DAY)

const ours = (result: Either.Either<number, unknown>): number => {
  if (Either.isLeft(result)) throw new Error(`calendar: ${String(result.left)}`)
  return result.right
}

// ---------------------------------------------------------------------------
// Formatting.

const wall = new Intl.DateTimeFormat("en-US", {
  timeZone: zone,
  weekday: "short",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
  timeZoneName: "short",
})
/** `Fri 2024-06-07 16:59:30 EDT` */
const show = (instant: number): string => {
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    wall.formatToParts(instant).find((p) => p.type === type)?.value ?? "?"
  return `${part("weekday")} ${part("year")}-${part("month")}-${part("day")} ${part("hour")}:${part("minute")}:${part("second")} ${part("timeZoneName")}`
}
const count = (n: number) => n.toLocaleString("en-US")
const signedSeconds = (ms: number) => `${ms >= 0 ? "+" : "−"}${count(Math.abs(ms / 1000))} s`
const micros = (value: number) => (value >= 100 ? count(Math.round(value)) : value.toFixed(2))

// ---------------------------------------------------------------------------

/** Times `operations` calls of `call` (returns a number summed as a checksum), in µs per call. */
const microsPerCall = async (
  operations: number,
  call: (i: number) => number,
  quick: boolean,
): Promise<number> => {
  let expected: number | undefined
  const work = () => {
    let sum = 0
    for (let i = 0; i < operations; i++) sum += call(i)
    if (Number.isNaN(sum)) throw new Error("a call returned NaN")
    // The warm-up sets the checksum; every timed sample must give it again.
    if (expected === undefined) expected = sum
    else if (sum !== expected) throw new Error(`checksum ${sum} ≠ ${expected}`)
  }
  const rate = await opsPerSecond(operations, work, { samples: quick ? 3 : 5, warmup: 1 })
  return 1_000_000 / rate
}

const check = (failures: Array<string>, what: string, got: number, expected: number) => {
  if (got !== expected) failures.push(`${what}: got ${got}, expected ${expected}`)
}

const notes: Array<string> = []

export const benchmark: Benchmark = {
  name: "Business time: @clientele/calendar vs moment-business-time and dayjs-business-time",
  ours: "Clientele calendar",
  baseline: "peer",
  unit: "µs per call",
  notes,
  run: async ({ quick }) => {
    const previousZone = process.env.TZ
    process.env.TZ = zone
    try {
      return await measure(quick)
    } finally {
      if (previousZone === undefined) Reflect.deleteProperty(process.env, "TZ")
      else process.env.TZ = previousZone
    }
  },
}

const measure = async (quick: boolean): Promise<ReadonlyArray<Row>> => {
  notes.length = 0
  if (new Date(Date.UTC(2025, 0, 7)).getTimezoneOffset() !== 300) {
    throw new Error("process.env.TZ = America/New_York did not take effect; the peers need it")
  }

  // 1. Every library on simple cases: a wrong answer here means a broken setup
  //    (or a broken library) and stops the run.
  configurePeers(officeHours, [])
  const tuesday = Date.parse("2025-01-07T10:15:00-05:00")
  const wednesday = Date.parse("2025-01-08T10:15:00-05:00")
  const thursday11 = Date.parse("2025-01-09T11:00:00-05:00")
  const failures: Array<string> = []
  check(
    failures,
    "ours dueAt(Tue 10:15, 8 h)",
    ours(BusinessTime.dueAt(office, tuesday, 8 * HOUR)),
    wednesday,
  )
  check(
    failures,
    "moment-business-time +8 h",
    moment(tuesday).addWorkingTime(8, "hours").valueOf(),
    wednesday,
  )
  check(
    failures,
    "dayjs-business-time +8 h",
    dayjs(tuesday).addBusinessHours(8).valueOf(),
    wednesday,
  )
  const elapsedMinutes = 16 * 60 + 45
  check(
    failures,
    "ours elapsed(Tue 10:15, Thu 11:00) min",
    ours(BusinessTime.elapsed(office, tuesday, thursday11)) / MINUTE,
    elapsedMinutes,
  )
  check(
    failures,
    "moment-business-time workingDiff min",
    moment(thursday11).workingDiff(moment(tuesday), "minutes", true),
    elapsedMinutes,
  )
  check(
    failures,
    "dayjs-business-time businessMinutesDiff",
    dayjs(tuesday).businessMinutesDiff(dayjs(thursday11)),
    elapsedMinutes,
  )
  const friday4pm = Date.parse("2025-01-10T16:00:00-05:00")
  check(
    failures,
    "ours exact fit Fri 16:00 + 1 h",
    ours(BusinessTime.dueAt(office, friday4pm, HOUR)),
    friday4pm + HOUR,
  )
  if (failures.length > 0) throw new Error(`wrong answers before timing:\n${failures.join("\n")}`)

  // 2. The three libraries on the benchmark inputs themselves (whole-minute starts,
  //    where their semantics coincide): the peers are independent implementations.
  const disagreements: Array<string> = []
  const compare = (what: string, answers: { ours: number; moment: number; dayjs: number }) => {
    if (answers.ours === answers.moment && answers.ours === answers.dayjs) return
    if (answers.moment === answers.dayjs) {
      throw new Error(`ours disagrees with both peers on ${what}: ${JSON.stringify(answers)}`)
    }
    disagreements.push(`${what}: ${JSON.stringify(answers)}`)
  }
  const typicalChecked = quick ? 50 : 400
  for (const start of typicalStarts.slice(0, typicalChecked)) {
    compare(`8 h from ${show(start)}`, {
      ours: ours(BusinessTime.dueAt(office, start, 8 * HOUR)),
      moment: moment(start).addWorkingTime(8, "hours").valueOf(),
      dayjs: dayjs(start).addBusinessHours(8).valueOf(),
    })
  }
  configurePeers(officeHours, holidayDates)
  const longChecked = quick ? 1 : 3
  for (const start of longStarts.slice(0, longChecked)) {
    compare(`4,000 h from ${show(start)}`, {
      ours: ours(BusinessTime.dueAt(officeWithHolidays, start, 4_000 * HOUR)),
      moment: moment(start).addWorkingTime(4_000, "hours").valueOf(),
      dayjs: dayjs(start).addBusinessHours(4_000).valueOf(),
    })
    const end = start + 365 * DAY
    compare(`elapsed minutes over a year from ${show(start)}`, {
      ours: ours(BusinessTime.elapsed(officeWithHolidays, start, end)) / MINUTE,
      moment: moment(end).workingDiff(moment(start), "minutes", true),
      dayjs: dayjs(start).businessMinutesDiff(dayjs(end)),
    })
  }

  // 3. The peers' known wrong answers, measured now (ours must be right).
  const wrong: Array<string> = []
  const edge = (
    label: string,
    expected: number,
    reference: number,
    answers: { ours: number; moment: number; dayjs: number },
  ) => {
    if (answers.ours !== expected) {
      throw new Error(
        `ours is wrong on ${label}: ${show(answers.ours)}, expected ${show(expected)}`,
      )
    }
    const say = (name: string, got: number) =>
      got === expected
        ? `${name} ${show(got)} ✓`
        : `${name} **${show(got)}** ✗ (${signedSeconds(got - expected)}${got === reference ? ": the start itself" : ""})`
    wrong.push(
      `- ${label}: expected ${show(expected)}; ${say("ours", answers.ours)}; ` +
        `${say("moment-business-time", answers.moment)}; ${say("dayjs-business-time", answers.dayjs)}`,
    )
  }
  // (a) DST fall-back on a 24/7 calendar: 01:30 EDT + 1 h is 01:30 EST, 3,600 s later.
  configurePeers(() => ({ start: "00:00:00", end: "24:00:00" }), [])
  const foldStart = Date.parse("2024-11-03T01:30:00-04:00")
  edge(
    "(a) DST fall-back, 24/7 (`24:00` ends), Sun 2024-11-03 01:30 EDT + 1 h",
    foldStart + HOUR,
    foldStart,
    {
      ours: ours(BusinessTime.dueAt(everyDay("00:00", "24:00"), foldStart, HOUR)),
      moment: moment(foldStart).addWorkingTime(1, "hours").valueOf(),
      dayjs: dayjs(foldStart).addBusinessHours(1).valueOf(),
    },
  )
  // (b) A sub-minute start outside working time: Fri 16:59:30 + 1 min is Mon 09:00:30.
  configurePeers(officeHours, [])
  const subMinute = Date.parse("2024-06-07T16:59:30-04:00")
  edge(
    "(b) sub-minute start, Mon–Fri 09–17, Fri 16:59:30 + 1 min",
    Date.parse("2024-06-10T09:00:30-04:00"),
    subMinute,
    {
      ours: ours(BusinessTime.dueAt(office, subMinute, MINUTE)),
      moment: moment(subMinute).addWorkingTime(1, "minutes").valueOf(),
      dayjs: dayjs(subMinute).addBusinessMinutes(1).valueOf(),
    },
  )
  // (c) Every day 00:00–23:59:59 (one second closed a night): 72 h from Monday 00:00
  //     is three days of 86,399 s plus 3 s, Thursday 00:00:03.
  configurePeers(() => ({ start: "00:00:00", end: "23:59:59" }), [])
  const monday = Date.parse("2024-01-08T00:00:00-05:00")
  edge(
    "(c) `23:59:59` ends every day, Mon 2024-01-08 00:00 + 72 h",
    Date.parse("2024-01-11T00:00:03-05:00"),
    monday,
    {
      ours: ours(BusinessTime.dueAt(everyDay("00:00", "23:59:59"), monday, 72 * HOUR)),
      moment: moment(monday).addWorkingTime(72, "hours").valueOf(),
      dayjs: dayjs(monday).addBusinessHours(72).valueOf(),
    },
  )

  // 4. Timing. Each call's result (minus its start) goes into a checksum that every
  //    sample must reproduce, so no call can be skipped.
  const rows: Array<Row> = []
  const typicalMask = typicalStarts.length - 1
  const typical = (i: number) => typicalStarts[i & typicalMask] as number
  const long = (i: number) => longStarts[i % longStarts.length] as number
  const noZone = "no zone support, runs in TZ set in-process"

  configurePeers(officeHours, [])
  const typicalOps = quick ? 20_000 : 200_000
  const oursTypical = await microsPerCall(
    typicalOps,
    (i) => ours(BusinessTime.dueAt(office, typical(i), 8 * HOUR)) - typical(i),
    quick,
  )
  const typicalPeerOps = quick ? 100 : 1_000
  const momentTypical = await microsPerCall(
    typicalPeerOps,
    (i) => moment(typical(i)).addWorkingTime(8, "hours").valueOf() - typical(i),
    quick,
  )
  const dayjsTypical = await microsPerCall(
    typicalPeerOps,
    (i) => dayjs(typical(i)).addBusinessHours(8).valueOf() - typical(i),
    quick,
  )
  const typicalWorkload = `Mon–Fri 09–17 New York, ${count(typicalStarts.length)} starts (any minute, 2025–26); target ≤ 1 µs`
  rows.push(
    {
      operation: "dueAt 8 h (vs moment-business-time)",
      workload: `${typicalWorkload}; moment: ${noZone}`,
      ours: oursTypical,
      baseline: momentTypical,
    },
    {
      operation: "dueAt 8 h (vs dayjs-business-time)",
      workload: `${typicalWorkload}; dayjs: ${noZone}`,
      ours: oursTypical,
      baseline: dayjsTypical,
    },
  )

  configurePeers(officeHours, holidayDates)
  const longOps = quick ? 2_000 : 20_000
  const oursLong = await microsPerCall(
    longOps,
    (i) => ours(BusinessTime.dueAt(officeWithHolidays, long(i), 4_000 * HOUR)) - long(i),
    quick,
  )
  const momentLong = await microsPerCall(
    quick ? 1 : 2,
    (i) => moment(long(i)).addWorkingTime(4_000, "hours").valueOf() - long(i),
    quick,
  )
  const dayjsLong = await microsPerCall(
    quick ? 2 : 10,
    (i) => dayjs(long(i)).addBusinessHours(4_000).valueOf() - long(i),
    quick,
  )
  const longWorkload = `Mon–Fri 09–17 New York, 200 holidays, ${longStarts.length} starts; target ≤ 20 µs`
  rows.push(
    {
      operation: "dueAt 4,000 h (vs moment-business-time)",
      workload: `${longWorkload}; moment: ${noZone}`,
      ours: oursLong,
      baseline: momentLong,
    },
    {
      operation: "dueAt 4,000 h (vs dayjs-business-time)",
      workload: `${longWorkload}; dayjs: ${noZone}`,
      ours: oursLong,
      baseline: dayjsLong,
    },
  )

  const year = 365 * DAY
  const oursElapsed = await microsPerCall(
    longOps,
    (i) => ours(BusinessTime.elapsed(officeWithHolidays, long(i), long(i) + year)),
    quick,
  )
  const momentElapsed = await microsPerCall(
    quick ? 1 : 3,
    (i) => moment(long(i) + year).workingDiff(moment(long(i)), "minutes", true),
    quick,
  )
  const dayjsElapsed = await microsPerCall(
    quick ? 2 : 10,
    (i) => dayjs(long(i)).businessMinutesDiff(dayjs(long(i) + year)),
    quick,
  )
  const elapsedWorkload = `365 days, same 200 holidays, ${longStarts.length} starts; target ≤ 20 µs`
  rows.push(
    {
      operation: "elapsed over a year (vs moment-business-time)",
      workload: `${elapsedWorkload}; moment: ${noZone}`,
      ours: oursElapsed,
      baseline: momentElapsed,
    },
    {
      operation: "elapsed over a year (vs dayjs-business-time)",
      workload: `${elapsedWorkload}; dayjs: ${noZone}`,
      ours: oursElapsed,
      baseline: dayjsElapsed,
    },
  )

  const verdict = (met: boolean) => (met ? "met" : "**NOT met**")
  notes.push(
    `Setup: figures are µs per call (lower is better); \`baseline / ours\` is how many times slower the peer is. ` +
      `Holidays: every 4th weekday from ${holidayDates[0]} to ${holidayDates[holidayDates.length - 1]}; ` +
      `4,000 h and one-year starts: whole minutes in Jan–Feb 2025. Neither peer has time-zone support: ` +
      `both ran in the process zone with \`process.env.TZ = "America/New_York"\` set for this benchmark.`,
    "",
    `Targets (ours): dueAt 8 h ${micros(oursTypical)} µs = ${count(Math.round(1_000_000 / oursTypical))} calls/s (≥ 1,000,000/s: ${verdict(oursTypical <= 1)}); ` +
      `dueAt 4,000 h with 200 holidays ${micros(oursLong)} µs (≤ 20 µs: ${verdict(oursLong <= 20)}); ` +
      `elapsed over a year ${micros(oursElapsed)} µs (≤ 20 µs: ${verdict(oursElapsed <= 20)}).`,
    "",
    `Answers checked before timing: simple cases for all three; ${typicalChecked} of the 8 h starts, ${longChecked} of the 4,000 h and one-year starts compared across the three libraries: ` +
      (disagreements.length === 0
        ? "all agree."
        : `${disagreements.length} disagreements (peers differ from each other):`),
    ...disagreements.map((line) => `- ${line}`),
    "",
    "Known wrong answers of the peers, measured in this run (America/New_York; ✗ = wrong):",
    ...wrong,
  )
  return rows
}
