import * as Arbitrary from "effect/Arbitrary"
import * as Either from "effect/Either"
import * as fc from "effect/FastCheck"
import { describe, expect, it } from "vitest"
import { BusinessDays, BusinessTime, WorkingCalendar } from "../src/index.js"

// Property tests of business-time arithmetic on random calendars. Calendars are
// generated as plain input (the JSON form), so that fast-check prints a counterexample
// that can be pasted into `WorkingCalendar.make`. fast-check is taken from
// `effect/FastCheck` (as in packages/core), the instance `effect/Arbitrary` builds on,
// so that the schema-derived arbitraries compose with the rest.

const MINUTE = 60_000
const HOUR = 3_600_000
const DAY = 86_400_000
const WEEK = 7 * DAY
const MIN_START = Date.UTC(2020, 0, 1)
const MAX_START = Date.UTC(2030, 0, 1)
/** Every computation may look far ahead: the durations below stay well inside. */
const wide: BusinessTime.Options = { horizonDays: 36_600 }

const ZONES = [
  "America/New_York",
  "Europe/London",
  "Australia/Lord_Howe",
  "Asia/Kolkata",
  "UTC",
  "America/Sao_Paulo",
  "Asia/Tokyo",
] as const

type Weekday = WorkingCalendar.Weekday
type Range = { readonly start: string; readonly end: string }
type Input = WorkingCalendar.Input

const weekdayNames = WorkingCalendar.weekdayNames

// ---------------------------------------------------------------------------
// Arbitraries
// ---------------------------------------------------------------------------

/** A valid range on whole quarter hours, from the schema (the `LocalTime` annotation). */
const rangeArb: fc.Arbitrary<Range> = Arbitrary.make(WorkingCalendar.TimeRange)

const dayArb: fc.Arbitrary<ReadonlyArray<Range>> = fc.oneof(
  fc.constant([]),
  fc.array(rangeArb, { minLength: 1, maxLength: 3 }),
)

const weeklyArb: fc.Arbitrary<Input["weekly"]> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      monday: dayArb,
      tuesday: dayArb,
      wednesday: dayArb,
      thursday: dayArb,
      friday: dayArb,
      saturday: dayArb,
      sunday: dayArb,
    }),
  },
  // Straight from the schema: many, overlapping ranges per day.
  { weight: 1, arbitrary: Arbitrary.make(WorkingCalendar.WeeklyHours) },
)

const breakArb: fc.Arbitrary<NonNullable<Input["breaks"]>[number]> = fc
  .tuple(rangeArb, fc.option(fc.subarray([...weekdayNames], { minLength: 1 }), { nil: undefined }))
  .map(([range, days]) => (days === undefined ? { ...range } : { ...range, days }))

const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
const isoDate = (day: number) => new Date(day * DAY).toISOString().slice(0, 10)

/** A holiday near `anchorDay` (days since the epoch), possibly yearly from an earlier year. */
const holidayArb = (anchorDay: number): fc.Arbitrary<NonNullable<Input["holidays"]>[number]> =>
  fc
    .record({
      offset: fc.integer({ min: -3, max: 20 }),
      length: fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 6 })),
      yearly: fc.boolean(),
      yearsBack: fc.integer({ min: -1, max: 3 }),
      closed: fc.option(fc.array(rangeArb, { minLength: 1, maxLength: 2 }), { nil: undefined }),
    })
    .map(({ offset, length, yearly, yearsBack, closed }) => {
      const near = new Date((anchorDay + offset) * DAY)
      let first = near
      if (yearly) {
        const year = near.getUTCFullYear() - yearsBack
        const month = near.getUTCMonth()
        const date = near.getUTCDate()
        // 29 February moved to a common year does not exist: keep the near year.
        if (!(month === 1 && date === 29 && !isLeap(year))) {
          first = new Date(Date.UTC(year, month, date))
        }
      }
      const firstDay = Math.round(first.getTime() / DAY)
      // A yearly run through the end of February is left out: whether it covers
      // 29 February in leap years is not what these properties are about.
      const febEnd = first.getUTCMonth() === 1 && first.getUTCDate() >= 22
      const days = yearly && febEnd ? 1 : length
      return {
        date: isoDate(firstDay),
        ...(days > 1 ? { through: isoDate(firstDay + days - 1) } : {}),
        yearly,
        ...(closed === undefined ? {} : { closed }),
      }
    })

const overridesArb = (anchorDay: number): fc.Arbitrary<NonNullable<Input["overrides"]>> =>
  fc.uniqueArray(fc.integer({ min: -3, max: 20 }), { maxLength: 2 }).chain((offsets) =>
    fc.tuple(...offsets.map(() => fc.array(rangeArb, { maxLength: 2 }))).map((hours) =>
      offsets.map((offset, i) => ({
        date: isoDate(anchorDay + offset),
        hours: hours[i] ?? [],
      })),
    ),
  )

/** Working minutes per day of a list of ranges (quarter-hour ranges, or any whole minutes). */
const minutesOf = (text: string): number => {
  const [h, m] = text.split(":")
  return Number(h) * 60 + Number(m)
}

/** The weekly working minutes of a calendar input: weekly hours minus breaks. */
const weeklyMinutes = (input: Input): number => {
  let total = 0
  for (const day of weekdayNames) {
    const open = new Uint8Array(1440)
    for (const r of input.weekly[day] ?? []) open.fill(1, minutesOf(r.start), minutesOf(r.end))
    for (const b of input.breaks ?? []) {
      if (b.days === undefined || b.days.includes(day)) {
        open.fill(0, minutesOf(b.start), minutesOf(b.end))
      }
    }
    for (const x of open) total += x
  }
  return total
}

const calendarArb = (
  anchorDay: number,
  zones: ReadonlyArray<string> = ZONES,
): fc.Arbitrary<Input> =>
  fc
    .record({
      timeZone: fc.constantFrom(...zones),
      weekly: weeklyArb,
      breaks: fc.array(breakArb, { maxLength: 2 }),
      holidays: fc.array(holidayArb(anchorDay), { maxLength: 3 }),
      overrides: overridesArb(anchorDay),
      dst: fc.constantFrom("compatible" as const, "earlier" as const, "later" as const),
    })
    .filter((input) => weeklyMinutes(input) > 0)

/** Instants in 2020–2030: any millisecond, or whole quarter hours (range boundaries). */
const instantArb: fc.Arbitrary<number> = fc.oneof(
  fc.integer({ min: MIN_START, max: MAX_START }),
  fc
    .integer({ min: MIN_START / (15 * MINUTE), max: MAX_START / (15 * MINUTE) })
    .map((q) => q * 15 * MINUTE),
)

/** Durations up to `maxHours`, and at most what 1,000 weeks of the calendar hold. */
const durationArb = (input: Input, maxHours: number): fc.Arbitrary<number> => {
  const max = Math.min(maxHours * HOUR, weeklyMinutes(input) * MINUTE * 1000)
  return fc.oneof(
    fc.integer({ min: 0, max }),
    fc.integer({ min: 0, max: Math.min(max, 10 * HOUR) }),
    fc.integer({ min: 0, max: Math.floor(max / (15 * MINUTE)) }).map((q) => q * 15 * MINUTE),
  )
}

interface Case {
  readonly input: Input
  readonly start: number
  readonly d1: number
  readonly d2: number
  readonly other: number
  readonly another: number
}

/** A calendar with holidays and overrides around `start`, and durations fitting it. */
const caseArb = (maxHours: number): fc.Arbitrary<Case> =>
  instantArb.chain((start) =>
    calendarArb(Math.floor(start / DAY)).chain((input) =>
      fc.record({
        input: fc.constant(input),
        start: fc.constant(start),
        d1: durationArb(input, maxHours),
        d2: durationArb(input, maxHours),
        // Instants near the start (within a few weeks), or anywhere.
        other: fc.oneof(fc.integer({ min: start - 3 * WEEK, max: start + 3 * WEEK }), instantArb),
        another: fc.oneof(fc.integer({ min: start - 3 * WEEK, max: start + 3 * WEEK }), instantArb),
      }),
    ),
  )

const make = (input: Input) => WorkingCalendar.make(input)
const dueAt = (c: WorkingCalendar.WorkingCalendar, start: number, d: number) =>
  Either.getOrThrow(BusinessTime.dueAt(c, start, d, wide))
const elapsed = (c: WorkingCalendar.WorkingCalendar, from: number, to: number) =>
  Either.getOrThrow(BusinessTime.elapsed(c, from, to, wide))
const isOpen = (c: WorkingCalendar.WorkingCalendar, t: number) =>
  Either.getOrThrow(BusinessTime.isOpen(c, t))
const nextOpen = (c: WorkingCalendar.WorkingCalendar, t: number) =>
  Either.getOrThrow(BusinessTime.nextOpen(c, t, wide))

const iso = (t: number) => new Date(t).toISOString()
const describeCase = (input: Input, start: number, d: number) =>
  `${JSON.stringify(input)} start=${iso(start)} (${start}) duration=${d}`

// Two groups of durations: up to 500 business hours, and up to 5,000.
const groups = [
  { label: "≤ 500 h", maxHours: 500, numRuns: 250 },
  { label: "≤ 5000 h", maxHours: 5000, numRuns: 200 },
] as const

// ---------------------------------------------------------------------------
// BusinessTime
// ---------------------------------------------------------------------------

describe("BusinessTime properties", () => {
  for (const { label, maxHours, numRuns } of groups) {
    it(`property: elapsed(c, s, dueAt(c, s, d)) = d (${label})`, () => {
      fc.assert(
        fc.property(caseArb(maxHours), ({ input, start, d1 }) => {
          const c = make(input)
          const due = dueAt(c, start, d1)
          expect(elapsed(c, start, due), describeCase(input, start, d1)).toBe(d1)
        }),
        { numRuns },
      )
    })

    it(`property: dueAt is monotone in the duration and in the start (${label})`, () => {
      fc.assert(
        fc.property(caseArb(maxHours), ({ input, start, d1, d2, other }) => {
          const c = make(input)
          const [a, b] = d1 <= d2 ? [d1, d2] : [d2, d1]
          expect(dueAt(c, start, a), describeCase(input, start, a)).toBeLessThanOrEqual(
            dueAt(c, start, b),
          )
          const [s1, s2] = start <= other ? [start, other] : [other, start]
          expect(dueAt(c, s1, d1), describeCase(input, s1, d1)).toBeLessThanOrEqual(
            dueAt(c, s2, d1),
          )
        }),
        { numRuns },
      )
    })

    it(`property: dueAt(dueAt(s, d1), d2) = dueAt(s, d1 + d2) from an open start (${label})`, () => {
      fc.assert(
        fc.property(caseArb(maxHours), ({ input, start, d1, d2 }) => {
          const c = make(input)
          // A start inside working time: the start itself when open, else the next opening.
          const s = isOpen(c, start) ? start : nextOpen(c, start)
          fc.pre(isOpen(c, s))
          expect(dueAt(c, dueAt(c, s, d1), d2), describeCase(input, s, d1 + d2)).toBe(
            dueAt(c, s, d1 + d2),
          )
        }),
        { numRuns },
      )
    })

    it(`property: dueAt(dueAt(s, d1), d2) = dueAt(s, d1 + d2) from any start (${label})`, () => {
      fc.assert(
        fc.property(caseArb(maxHours), ({ input, start, d1, d2 }) => {
          const c = make(input)
          expect(dueAt(c, start, 0)).toBe(start)
          expect(dueAt(c, dueAt(c, start, d1), d2), describeCase(input, start, d1 + d2)).toBe(
            dueAt(c, start, d1 + d2),
          )
        }),
        { numRuns },
      )
    })

    it(`property: the calendar is open 1 ms before a deadline (${label})`, () => {
      fc.assert(
        fc.property(caseArb(maxHours), ({ input, start, d1 }) => {
          fc.pre(d1 > 0)
          const c = make(input)
          const due = dueAt(c, start, d1)
          expect(due, describeCase(input, start, d1)).toBeGreaterThan(start)
          expect(isOpen(c, due - 1), describeCase(input, start, d1)).toBe(true)
        }),
        { numRuns },
      )
    })
  }

  it("property: elapsed is antisymmetric and additive", () => {
    fc.assert(
      fc.property(caseArb(500), ({ input, start, other, another }) => {
        const c = make(input)
        const context = `${JSON.stringify(input)} a=${iso(start)} b=${iso(other)} c=${iso(another)}`
        // `+ 0` compares numbers, not signs of zero: a backward span with no business
        // time is -0.
        expect(elapsed(c, start, start)).toBe(0)
        expect(elapsed(c, start, other) + 0, context).toBe(-elapsed(c, other, start) + 0)
        expect(elapsed(c, start, other) + elapsed(c, other, another) + 0, context).toBe(
          elapsed(c, start, another) + 0,
        )
      }),
      { numRuns: 250 },
    )
  })

  it("property: nextOpen(t) is the first open instant at or after t", () => {
    fc.assert(
      fc.property(caseArb(500), ({ input, start }) => {
        const c = make(input)
        const open = nextOpen(c, start)
        const context = `${JSON.stringify(input)} t=${iso(start)} nextOpen=${iso(open)}`
        expect(open, context).toBeGreaterThanOrEqual(start)
        expect(isOpen(c, open), context).toBe(true)
        expect(elapsed(c, start, open), context).toBe(0)
        if (isOpen(c, start)) expect(open, context).toBe(start)
      }),
      { numRuns: 250 },
    )
  })
})

// ---------------------------------------------------------------------------
// BusinessDays
// ---------------------------------------------------------------------------

describe("BusinessDays properties", () => {
  it("property: between(c, date, add(c, date, n)) = n and add lands on a business day", () => {
    fc.assert(
      fc.property(
        caseArb(500),
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: -3, max: 20 }),
        ({ input, start }, n, offset) => {
          const c = make(input)
          const date = isoDate(Math.floor(start / DAY) + offset)
          const result = Either.getOrThrow(BusinessDays.add(c, date, n, wide))
          const context = `${JSON.stringify(input)} date=${date} n=${n} add=${result}`
          expect(result > date, context).toBe(true)
          expect(Either.getOrThrow(BusinessDays.isBusinessDay(c, result)), context).toBe(true)
          expect(Either.getOrThrow(BusinessDays.between(c, date, result, wide)), context).toBe(n)
        },
      ),
      { numRuns: 250 },
    )
  })
})

// ---------------------------------------------------------------------------
// Reference check: a naive minute-by-minute walker
// ---------------------------------------------------------------------------

// The walker reads the wall clock of each minute with Intl.DateTimeFormat and decides
// from the calendar's plain data whether that minute is working time. It is only right
// on days whose UTC offset does not change: a walk that meets such a day with working
// time is discarded (the DST policy is tested separately).

const WEEKDAY_OF: Record<string, Weekday> = {
  Mon: "monday",
  Tue: "tuesday",
  Wed: "wednesday",
  Thu: "thursday",
  Fri: "friday",
  Sat: "saturday",
  Sun: "sunday",
}

const formatters = new Map<string, Intl.DateTimeFormat>()
const formatterOf = (timeZone: string): Intl.DateTimeFormat => {
  let f = formatters.get(timeZone)
  if (f === undefined) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      weekday: "short",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    })
    formatters.set(timeZone, f)
  }
  return f
}

interface Wall {
  readonly date: string
  readonly weekday: Weekday
  readonly minute: number
  readonly offset: number
}

const WALL = /^(\w{3}), (\d{2})\/(\d{2})\/(\d{4}), (\d{2}):(\d{2})$/

/** The wall clock of a whole-minute instant in a zone, read with Intl. */
const wallOf = (timeZone: string, t: number): Wall => {
  const text = formatterOf(timeZone).format(t)
  const m = WALL.exec(text)
  if (m === null) throw new Error(`unexpected format ${text}`)
  const [, wd, mo, d, y, h, mi] = m as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ]
  const weekday = WEEKDAY_OF[wd]
  if (weekday === undefined) throw new Error(`unexpected weekday ${wd}`)
  const local = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi))
  return {
    date: `${y}-${mo}-${d}`,
    weekday,
    minute: Number(h) * 60 + Number(mi),
    offset: local - t,
  }
}

const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY

/** Whether a holiday falls on a date (once, or yearly from its first date on). */
const holidayOn = (h: NonNullable<Input["holidays"]>[number], date: string): boolean => {
  const first = dayNumber(h.date)
  const length = (h.through === undefined ? first : dayNumber(h.through)) - first + 1
  const d = dayNumber(date)
  if (h.yearly !== true) return first <= d && d < first + length
  const [fy, fm, fd] = h.date.split("-").map(Number) as [number, number, number]
  const year = Number(date.slice(0, 4))
  for (const y of [year - 1, year]) {
    if (y < fy) continue
    if (fm === 2 && fd === 29 && !isLeap(y)) continue
    const anniversary = Date.UTC(y, fm - 1, fd) / DAY
    if (anniversary <= d && d < anniversary + length) return true
  }
  return false
}

/** The working minutes of a date, from the calendar's plain data only. */
const workingMinutesOf = (input: Input, date: string, weekday: Weekday): Uint8Array => {
  const open = new Uint8Array(1440)
  const mark = (ranges: ReadonlyArray<Range>, value: 0 | 1) => {
    for (const r of ranges) open.fill(value, minutesOf(r.start), minutesOf(r.end))
  }
  const override = (input.overrides ?? []).find((o) => o.date === date)
  if (override !== undefined) {
    mark(override.hours, 1)
    return open
  }
  mark(input.weekly[weekday] ?? [], 1)
  for (const b of input.breaks ?? []) {
    if (b.days === undefined || b.days.includes(weekday)) mark([b], 0)
  }
  for (const h of input.holidays ?? []) {
    if (!holidayOn(h, date)) continue
    if (h.closed === undefined) open.fill(0)
    else mark(h.closed, 0)
  }
  return open
}

/**
 * The deadline of `minutes` working minutes from `start` (a whole minute), walking
 * minute by minute; `undefined` when the walk meets a DST transition day with working
 * time, or runs longer than `maxSteps` minutes.
 */
const naiveDueAt = (
  input: Input,
  start: number,
  minutes: number,
  maxSteps = 200_000,
): number | undefined => {
  const days = new Map<string, Uint8Array>()
  let left = minutes
  let t = start
  let date = ""
  let open: Uint8Array = new Uint8Array(1440)
  for (let step = 0; step < maxSteps; step++) {
    const wall = wallOf(input.timeZone, t)
    if (wall.date !== date) {
      date = wall.date
      const cached = days.get(date)
      open = cached ?? workingMinutesOf(input, date, wall.weekday)
      days.set(date, open)
      // A day whose offset changes (measured a little beyond both of its ends).
      const midnight = t - wall.minute * MINUTE
      const before = wallOf(input.timeZone, midnight - 2 * HOUR).offset
      const after = wallOf(input.timeZone, midnight + 26 * HOUR).offset
      if (before !== after && open.includes(1)) return undefined
    }
    if (left === 0) return t
    if (open[wall.minute] === 1) {
      left--
      if (left === 0) return t + MINUTE
    }
    t += MINUTE
  }
  return undefined
}

/** Whether the naive walker counts the minute starting at `t` as working. */
const naiveOpen = (input: Input, t: number): boolean => {
  const wall = wallOf(input.timeZone, t)
  return workingMinutesOf(input, wall.date, wall.weekday)[wall.minute] === 1
}

const REFERENCE_ZONES = [
  "Asia/Kolkata",
  "UTC",
  "Asia/Tokyo",
  "America/New_York",
  "Europe/London",
  "Australia/Lord_Howe",
]

interface ReferenceCase {
  readonly input: Input
  readonly start: number
  readonly minutes: number
}

const referenceArb: fc.Arbitrary<ReferenceCase> = fc
  .oneof(
    fc.integer({ min: MIN_START / MINUTE, max: MAX_START / MINUTE }),
    fc
      .integer({ min: MIN_START / (15 * MINUTE), max: MAX_START / (15 * MINUTE) })
      .map((q) => q * 15),
  )
  .map((minute) => minute * MINUTE)
  .chain((start) =>
    calendarArb(Math.floor(start / DAY), REFERENCE_ZONES).chain((input) => {
      // Up to 3 days of business time, and at most about 1.5 weeks of the calendar.
      const max = Math.max(1, Math.min(3 * 24 * 60, Math.ceil(weeklyMinutes(input) * 1.5)))
      return fc.record({
        input: fc.constant(input),
        start: fc.constant(start),
        minutes: fc.oneof(
          fc.integer({ min: 1, max }),
          fc.integer({ min: 1, max: Math.min(max, 8 * 60) }),
        ),
      })
    }),
  )

describe("BusinessTime against a naive minute walker", () => {
  it("property: dueAt equals the minute-by-minute reference away from DST days", () => {
    fc.assert(
      fc.property(referenceArb, ({ input, start, minutes }) => {
        const expected = naiveDueAt(input, start, minutes)
        fc.pre(expected !== undefined)
        const c = make(input)
        const context = `${describeCase(input, start, minutes * MINUTE)} expected=${iso(expected)}`
        expect(isOpen(c, start), context).toBe(naiveOpen(input, start))
        expect(iso(dueAt(c, start, minutes * MINUTE)), context).toBe(iso(expected))
        expect(elapsed(c, start, expected), context).toBe(minutes * MINUTE)
      }),
      { numRuns: 250 },
    )
  })
})
