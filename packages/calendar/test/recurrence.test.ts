import { CalendarError, Recurrence, WorkingCalendar } from "@clientele/calendar"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import * as Schema from "effect/Schema"
import { afterEach, describe, expect, it, vi } from "vitest"

// Every expected instant below is written by hand with an explicit UTC offset, so the
// expectations do not depend on the zone the test process runs in.

/** The value of a Right; throws, naming the Left, otherwise. */
const right = <A, E>(result: Either.Either<A, E>): A => {
  if (Either.isLeft(result)) throw new Error(`expected Right, got ${String(result.left)}`)
  return result.right
}

/** The error of a Left; throws otherwise. */
const left = <A, E>(result: Either.Either<A, E>): E => {
  if (Either.isRight(result)) throw new Error("expected Left")
  return result.left
}

const decode = Schema.decodeUnknownSync(Recurrence.Rule)
const at = (text: string) => Date.parse(text)
const iso = (instant: number) => new Date(instant).toISOString()

/** The occurrences of a rule (decoded from `input`), which must succeed. */
const run = (input: Record<string, unknown>, window?: Recurrence.Window) =>
  right(Recurrence.occurrences(decode(input), window))
const datesOf = (input: Record<string, unknown>, window?: Recurrence.Window) =>
  run(input, window).map((occurrence) => occurrence.date)
/** Occurrences as `[date, ISO instant]` pairs, for readable failures. */
const pairsOf = (input: Record<string, unknown>, window?: Recurrence.Window) =>
  run(input, window).map((occurrence) => [occurrence.date, iso(occurrence.at)])
/** Expected pairs from `[date, wall-clock time with explicit offset]`. */
const expected = (rows: ReadonlyArray<readonly [string, string]>) =>
  rows.map(([date, instant]) => [date, iso(at(instant))])

const expectInvalidArgument = (
  result: Either.Either<unknown, CalendarError.CalendarError>,
  argument: string,
) => {
  const error = left(result)
  expect(error).toBeInstanceOf(CalendarError.CalendarError)
  expect(error._tag).toBe("CalendarError")
  expect(error.reason).toBe("InvalidArgument")
  expect(error.argument).toBe(argument)
}

describe("Recurrence.Rule: decoding", () => {
  it("fills the documented defaults", () => {
    const rule = decode({
      frequency: "daily",
      start: "2025-01-01",
      time: "09:00",
      timeZone: "UTC",
    })
    expect(rule.interval).toBe(1)
    expect(rule.missingDay).toBe("skip")
    expect(rule.shift).toBe("none")
    expect(rule.dst).toBe("compatible")
    expect(rule.weekdays).toBeUndefined()
    expect(rule.count).toBeUndefined()
    expect(rule.until).toBeUndefined()
  })

  it("rejects an invalid rule", () => {
    const base = { frequency: "monthly", start: "2025-01-01", time: "09:00", timeZone: "UTC" }
    expect(() => decode(base)).not.toThrow()
    expect(() => decode({ ...base, interval: 0 })).toThrow()
    expect(() => decode({ ...base, interval: 1.5 })).toThrow()
    expect(() => decode({ ...base, monthDay: 32 })).toThrow()
    expect(() => decode({ ...base, monthDay: 0 })).toThrow()
    expect(() => decode({ ...base, time: "25:00" })).toThrow()
    expect(() => decode({ ...base, month: 13 })).toThrow()
    expect(() => decode({ ...base, count: 0 })).toThrow()
    expect(() => decode({ ...base, start: "2025-02-30" })).toThrow()
    expect(() => decode({ ...base, weekdays: [] })).toThrow()
    expect(() => decode({ ...base, weekdays: ["funday"] })).toThrow()
    expect(() => decode({ ...base, timeZone: "Mars/Base" })).toThrow()
    expect(() => decode({ ...base, frequency: "hourly" })).toThrow()
    expect(() => decode({ ...base, missingDay: "previousDay" })).toThrow()
  })
})

describe("Recurrence.occurrences: frequencies", () => {
  it("daily, at the wall-clock time of the zone", () => {
    expect(
      pairsOf({
        frequency: "daily",
        start: "2025-01-30",
        time: "09:00",
        timeZone: "UTC",
        count: 4,
      }),
    ).toEqual(
      expected([
        ["2025-01-30", "2025-01-30T09:00:00Z"],
        ["2025-01-31", "2025-01-31T09:00:00Z"],
        ["2025-02-01", "2025-02-01T09:00:00Z"],
        ["2025-02-02", "2025-02-02T09:00:00Z"],
      ]),
    )
  })

  it("daily every 3 days, across the Paris spring-forward (30 March 2025)", () => {
    expect(
      pairsOf({
        frequency: "daily",
        interval: 3,
        start: "2025-03-29",
        time: "10:00",
        timeZone: "Europe/Paris",
        count: 3,
      }),
    ).toEqual(
      expected([
        ["2025-03-29", "2025-03-29T10:00:00+01:00"],
        ["2025-04-01", "2025-04-01T10:00:00+02:00"],
        ["2025-04-04", "2025-04-04T10:00:00+02:00"],
      ]),
    )
  })

  it("weekly on several weekdays, none before the start", () => {
    // 2025-01-08 is a Wednesday: Monday 6 January is before the start
    expect(
      pairsOf({
        frequency: "weekly",
        weekdays: ["friday", "monday", "wednesday"],
        start: "2025-01-08",
        time: "14:00",
        timeZone: "America/New_York",
        count: 5,
      }),
    ).toEqual(
      expected([
        ["2025-01-08", "2025-01-08T14:00:00-05:00"],
        ["2025-01-10", "2025-01-10T14:00:00-05:00"],
        ["2025-01-13", "2025-01-13T14:00:00-05:00"],
        ["2025-01-15", "2025-01-15T14:00:00-05:00"],
        ["2025-01-17", "2025-01-17T14:00:00-05:00"],
      ]),
    )
  })

  it("weekly defaults to the start's weekday", () => {
    // 2025-01-07 is a Tuesday
    expect(
      datesOf({
        frequency: "weekly",
        start: "2025-01-07",
        time: "09:00",
        timeZone: "UTC",
        count: 3,
      }),
    ).toEqual(["2025-01-07", "2025-01-14", "2025-01-21"])
  })

  it("weekly every 2 weeks, in weeks that begin on Monday", () => {
    // 2025-01-05 is a Sunday: its week is Monday 30 December 2024 – Sunday 5 January,
    // so Monday 30 December (before the start) is out, and the next week of the series
    // begins on Monday 13 January. Weeks beginning on Sunday would give 5, 6, 19, 20 …
    expect(
      datesOf({
        frequency: "weekly",
        interval: 2,
        weekdays: ["sunday", "monday"],
        start: "2025-01-05",
        time: "09:00",
        timeZone: "UTC",
        count: 5,
      }),
    ).toEqual(["2025-01-05", "2025-01-13", "2025-01-19", "2025-01-27", "2025-02-02"])
  })

  it("weekly with a repeated weekday gives one occurrence a day", () => {
    expect(
      datesOf({
        frequency: "weekly",
        weekdays: ["monday", "monday"],
        start: "2025-01-06",
        time: "09:00",
        timeZone: "UTC",
        count: 2,
      }),
    ).toEqual(["2025-01-06", "2025-01-13"])
  })

  it("monthly every 2 months on the start's day", () => {
    expect(
      pairsOf({
        frequency: "monthly",
        interval: 2,
        start: "2025-01-15",
        time: "10:00",
        timeZone: "Europe/Paris",
        count: 4,
      }),
    ).toEqual(
      expected([
        ["2025-01-15", "2025-01-15T10:00:00+01:00"],
        ["2025-03-15", "2025-03-15T10:00:00+01:00"],
        ["2025-05-15", "2025-05-15T10:00:00+02:00"],
        ["2025-07-15", "2025-07-15T10:00:00+02:00"],
      ]),
    )
  })

  it("monthly on a monthDay: none before the start", () => {
    expect(
      datesOf({
        frequency: "monthly",
        monthDay: 20,
        start: "2025-01-25",
        time: "10:00",
        timeZone: "UTC",
        count: 2,
      }),
    ).toEqual(["2025-02-20", "2025-03-20"])
  })

  it("yearly on the start's month and day", () => {
    expect(
      pairsOf({
        frequency: "yearly",
        start: "2025-03-15",
        time: "09:00",
        timeZone: "America/New_York",
        count: 3,
      }),
    ).toEqual(
      expected([
        ["2025-03-15", "2025-03-15T09:00:00-04:00"],
        ["2026-03-15", "2026-03-15T09:00:00-04:00"],
        ["2027-03-15", "2027-03-15T09:00:00-04:00"],
      ]),
    )
  })

  it("yearly every 2 years", () => {
    expect(
      datesOf({
        frequency: "yearly",
        interval: 2,
        start: "2025-03-15",
        time: "09:00",
        timeZone: "UTC",
        count: 3,
      }),
    ).toEqual(["2025-03-15", "2027-03-15", "2029-03-15"])
  })

  it("yearly in a month and on a day: none before the start", () => {
    // 1 June 2025 is before the start (1 July 2025)
    expect(
      datesOf({
        frequency: "yearly",
        month: 6,
        monthDay: 1,
        start: "2025-07-01",
        time: "09:00",
        timeZone: "UTC",
        count: 2,
      }),
    ).toEqual(["2026-06-01", "2027-06-01"])
  })
})

describe("Recurrence.occurrences: dates a month lacks", () => {
  const on31st = { frequency: "monthly", start: "2025-01-31", time: "10:00", timeZone: "UTC" }

  it('"skip" (the default): no occurrence in a month without a 31st; skipped dates do not count', () => {
    expect(datesOf({ ...on31st, count: 5 })).toEqual([
      "2025-01-31",
      "2025-03-31",
      "2025-05-31",
      "2025-07-31",
      "2025-08-31",
    ])
    expect(datesOf({ ...on31st, missingDay: "skip", until: "2025-06-30" })).toEqual([
      "2025-01-31",
      "2025-03-31",
      "2025-05-31",
    ])
  })

  it('"lastDay": 30 April, 28 February, 29 February in a leap year', () => {
    expect(datesOf({ ...on31st, missingDay: "lastDay", count: 5 })).toEqual([
      "2025-01-31",
      "2025-02-28",
      "2025-03-31",
      "2025-04-30",
      "2025-05-31",
    ])
    expect(datesOf({ ...on31st, start: "2024-01-31", missingDay: "lastDay", count: 3 })).toEqual([
      "2024-01-31",
      "2024-02-29",
      "2024-03-31",
    ])
  })

  it('"nextDay": 1 March for February, 1 May for April', () => {
    expect(datesOf({ ...on31st, missingDay: "nextDay", count: 5 })).toEqual([
      "2025-01-31",
      "2025-03-01",
      "2025-03-31",
      "2025-05-01",
      "2025-05-31",
    ])
    expect(datesOf({ ...on31st, start: "2024-01-31", missingDay: "nextDay", count: 3 })).toEqual([
      "2024-01-31",
      "2024-03-01",
      "2024-03-31",
    ])
    // the 30th: February (28 days) gives 1 March, not 2 March
    expect(datesOf({ ...on31st, start: "2025-01-30", missingDay: "nextDay", count: 3 })).toEqual([
      "2025-01-30",
      "2025-03-01",
      "2025-03-30",
    ])
  })

  it("monthDay 31 from a start in a short month", () => {
    const rule = { ...on31st, monthDay: 31, start: "2025-04-10", count: 3 }
    expect(datesOf({ ...rule, missingDay: "skip" })).toEqual([
      "2025-05-31",
      "2025-07-31",
      "2025-08-31",
    ])
    expect(datesOf({ ...rule, missingDay: "lastDay" })).toEqual([
      "2025-04-30",
      "2025-05-31",
      "2025-06-30",
    ])
    expect(datesOf({ ...rule, missingDay: "nextDay" })).toEqual([
      "2025-05-01",
      "2025-05-31",
      "2025-07-01",
    ])
  })

  const leapDay = {
    frequency: "yearly",
    start: "2024-02-29",
    time: "10:00",
    timeZone: "Europe/Paris",
  }

  it('29 February yearly, "skip": leap years only', () => {
    expect(pairsOf({ ...leapDay, count: 3 })).toEqual(
      expected([
        ["2024-02-29", "2024-02-29T10:00:00+01:00"],
        ["2028-02-29", "2028-02-29T10:00:00+01:00"],
        ["2032-02-29", "2032-02-29T10:00:00+01:00"],
      ]),
    )
    expect(datesOf({ ...leapDay, until: "2027-12-31" })).toEqual(["2024-02-29"])
  })

  it('29 February yearly, "lastDay": 28 February in common years', () => {
    expect(datesOf({ ...leapDay, missingDay: "lastDay", count: 5 })).toEqual([
      "2024-02-29",
      "2025-02-28",
      "2026-02-28",
      "2027-02-28",
      "2028-02-29",
    ])
  })

  it('29 February yearly, "nextDay": 1 March in common years', () => {
    expect(pairsOf({ ...leapDay, missingDay: "nextDay", count: 5 })).toEqual(
      expected([
        ["2024-02-29", "2024-02-29T10:00:00+01:00"],
        ["2025-03-01", "2025-03-01T10:00:00+01:00"],
        ["2026-03-01", "2026-03-01T10:00:00+01:00"],
        ["2027-03-01", "2027-03-01T10:00:00+01:00"],
        ["2028-02-29", "2028-02-29T10:00:00+01:00"],
      ]),
    )
  })
})

describe("Recurrence.occurrences: count, until and the window", () => {
  const daily = { frequency: "daily", start: "2025-01-01", time: "09:00", timeZone: "UTC" }

  it("until is inclusive", () => {
    expect(datesOf({ ...daily, until: "2025-01-05" })).toEqual([
      "2025-01-01",
      "2025-01-02",
      "2025-01-03",
      "2025-01-04",
      "2025-01-05",
    ])
    // 2025-01-06 is a Monday, 2025-01-16 a Thursday
    expect(
      datesOf({
        ...daily,
        frequency: "weekly",
        weekdays: ["monday", "thursday"],
        start: "2025-01-06",
        until: "2025-01-16",
      }),
    ).toEqual(["2025-01-06", "2025-01-09", "2025-01-13", "2025-01-16"])
    expect(datesOf({ ...daily, until: "2025-01-01" })).toEqual(["2025-01-01"])
  })

  it("count and until together: whichever ends the series first", () => {
    expect(datesOf({ ...daily, count: 3, until: "2025-01-10" })).toEqual([
      "2025-01-01",
      "2025-01-02",
      "2025-01-03",
    ])
    expect(datesOf({ ...daily, count: 10, until: "2025-01-02" })).toEqual([
      "2025-01-01",
      "2025-01-02",
    ])
  })

  it("from is inclusive, to is exclusive, limit caps the number", () => {
    const window = { from: at("2025-01-03T09:00:00Z"), to: at("2025-01-06T09:00:00Z") }
    expect(datesOf(daily, window)).toEqual(["2025-01-03", "2025-01-04", "2025-01-05"])
    expect(datesOf(daily, { ...window, limit: 2 })).toEqual(["2025-01-03", "2025-01-04"])
    expect(datesOf(daily, { ...window, limit: 0 })).toEqual([])
    expect(datesOf(daily, { from: at("2025-01-03T09:00:00.001Z"), limit: 2 })).toEqual([
      "2025-01-04",
      "2025-01-05",
    ])
    expect(datesOf(daily, { to: at("2025-01-03T08:59:59.999Z") })).toEqual([
      "2025-01-01",
      "2025-01-02",
    ])
    expect(datesOf(daily, { to: at("2025-01-01T09:00:00Z") })).toEqual([])
    expect(datesOf(daily, { limit: 4 })).toEqual([
      "2025-01-01",
      "2025-01-02",
      "2025-01-03",
      "2025-01-04",
    ])
  })

  it("without count, until or limit, at most 1,000 occurrences (the default limit)", () => {
    expect(run(daily)).toHaveLength(1000)
    expect(run(daily, { limit: 100_000 })).toHaveLength(100_000)
  })

  it("count counts from the start of the series, not from the window", () => {
    expect(datesOf({ ...daily, count: 5 }, { from: at("2025-01-04T00:00:00Z") })).toEqual([
      "2025-01-04",
      "2025-01-05",
    ])
  })

  it("rejects an invalid limit, from or to", () => {
    const rule = decode(daily)
    for (const limit of [-1, 1.5, 100_001, Number.NaN, Number.POSITIVE_INFINITY]) {
      expectInvalidArgument(Recurrence.occurrences(rule, { limit }), "limit")
    }
    for (const from of [1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expectInvalidArgument(Recurrence.occurrences(rule, { from }), "from")
    }
    expectInvalidArgument(Recurrence.occurrences(rule, { to: 0.25 }), "to")
  })
})

describe("Recurrence.occurrences: shift off closed days", () => {
  // Monday to Friday; 1 May and 1 November are holidays every year.
  // 2025: 1 Feb and 1 Mar are Saturdays, 1 Apr a Tuesday, 1 May a Thursday, 1 Jun a
  // Sunday, 1 Jul a Tuesday, 1 Aug a Friday, 1 Sep a Monday, 1 Oct a Wednesday,
  // 1 Nov a Saturday.
  const calendar = WorkingCalendar.weekdays("Europe/Paris", "09:00", "17:00", {
    holidays: [
      { name: "Labour Day", date: "2024-05-01", yearly: true },
      { name: "All Saints", date: "2024-11-01", yearly: true },
    ],
  })
  const firstOfMonth = {
    frequency: "monthly",
    monthDay: 1,
    time: "10:00",
    timeZone: "Europe/Paris",
  }

  it('"forward": to the next business day, keeping the time of day', () => {
    expect(
      pairsOf({ ...firstOfMonth, start: "2025-02-01", shift: "forward", count: 6 }, { calendar }),
    ).toEqual(
      expected([
        ["2025-02-03", "2025-02-03T10:00:00+01:00"], // Saturday → Monday
        ["2025-03-03", "2025-03-03T10:00:00+01:00"], // Saturday → Monday
        ["2025-04-01", "2025-04-01T10:00:00+02:00"], // Tuesday stays
        ["2025-05-02", "2025-05-02T10:00:00+02:00"], // holiday Thursday → Friday
        ["2025-06-02", "2025-06-02T10:00:00+02:00"], // Sunday → Monday
        ["2025-07-01", "2025-07-01T10:00:00+02:00"], // Tuesday stays
      ]),
    )
  })

  it('"backward": to the previous business day, keeping the time of day', () => {
    expect(
      pairsOf({ ...firstOfMonth, start: "2025-04-01", shift: "backward", count: 8 }, { calendar }),
    ).toEqual(
      expected([
        ["2025-04-01", "2025-04-01T10:00:00+02:00"], // Tuesday stays
        ["2025-04-30", "2025-04-30T10:00:00+02:00"], // holiday Thursday → Wednesday
        ["2025-05-30", "2025-05-30T10:00:00+02:00"], // Sunday → Friday
        ["2025-07-01", "2025-07-01T10:00:00+02:00"],
        ["2025-08-01", "2025-08-01T10:00:00+02:00"],
        ["2025-09-01", "2025-09-01T10:00:00+02:00"],
        ["2025-10-01", "2025-10-01T10:00:00+02:00"],
        ["2025-10-31", "2025-10-31T10:00:00+01:00"], // Saturday and holiday → Friday
      ]),
    )
  })

  it("keeps the wall-clock time when the shift crosses a DST change", () => {
    // Saturday 29 March 2025 (+01:00) → Monday 31 March (+02:00)
    expect(
      pairsOf(
        { ...firstOfMonth, monthDay: 29, start: "2025-03-29", shift: "forward", count: 1 },
        { calendar },
      ),
    ).toEqual(expected([["2025-03-31", "2025-03-31T10:00:00+02:00"]]))
    // Sunday 26 October 2025 (+01:00) → Friday 24 October (+02:00)
    expect(
      pairsOf(
        { ...firstOfMonth, monthDay: 26, start: "2025-10-26", shift: "backward", count: 1 },
        { calendar },
      ),
    ).toEqual(expected([["2025-10-24", "2025-10-24T10:00:00+02:00"]]))
  })

  it("until bounds the unshifted date", () => {
    // Saturday 31 May 2025 is on the last allowed date; it moves to Monday 2 June
    expect(
      datesOf(
        {
          ...firstOfMonth,
          monthDay: 31,
          start: "2025-05-31",
          until: "2025-05-31",
          shift: "forward",
        },
        { calendar },
      ),
    ).toEqual(["2025-06-02"])
  })

  it('"none" ignores the calendar', () => {
    expect(datesOf({ ...firstOfMonth, start: "2025-02-01", count: 2 }, { calendar })).toEqual([
      "2025-02-01",
      "2025-03-01",
    ])
  })

  it("fails with a typed CalendarError when shifting without a calendar", () => {
    for (const shift of ["forward", "backward"]) {
      const rule = decode({ ...firstOfMonth, start: "2025-02-01", shift })
      expectInvalidArgument(Recurrence.occurrences(rule), "calendar")
      expectInvalidArgument(Recurrence.occurrences(rule, { limit: 5 }), "calendar")
    }
  })
})

describe("Recurrence.occurrences: DST gaps and folds", () => {
  // America/New_York: 2025-03-09 02:00 EST → 03:00 EDT; 2025-11-02 02:00 EDT → 01:00 EST
  const gap = {
    frequency: "daily",
    start: "2025-03-08",
    time: "02:30",
    timeZone: "America/New_York",
    count: 3,
  }

  it('a time in the gap moves forward under "compatible" (the default) and "later"', () => {
    const compatible = expected([
      ["2025-03-08", "2025-03-08T02:30:00-05:00"],
      ["2025-03-09", "2025-03-09T03:30:00-04:00"],
      ["2025-03-10", "2025-03-10T02:30:00-04:00"],
    ])
    expect(pairsOf(gap)).toEqual(compatible)
    expect(pairsOf({ ...gap, dst: "compatible" })).toEqual(compatible)
    expect(pairsOf({ ...gap, dst: "later" })).toEqual(compatible)
  })

  it('a time in the gap moves back under "earlier"', () => {
    expect(pairsOf({ ...gap, dst: "earlier" })).toEqual(
      expected([
        ["2025-03-08", "2025-03-08T02:30:00-05:00"],
        ["2025-03-09", "2025-03-09T01:30:00-05:00"],
        ["2025-03-10", "2025-03-10T02:30:00-04:00"],
      ]),
    )
  })

  const fold = {
    frequency: "weekly",
    weekdays: ["saturday", "sunday", "monday"],
    start: "2025-11-01",
    time: "01:30",
    timeZone: "America/New_York",
    count: 3,
  }

  it('a time in the fold is its first occurrence (EDT) under "compatible" and "earlier"', () => {
    const first = expected([
      ["2025-11-01", "2025-11-01T01:30:00-04:00"],
      ["2025-11-02", "2025-11-02T01:30:00-04:00"],
      ["2025-11-03", "2025-11-03T01:30:00-05:00"],
    ])
    expect(pairsOf(fold)).toEqual(first)
    expect(pairsOf({ ...fold, dst: "earlier" })).toEqual(first)
  })

  it('a time in the fold is its second occurrence (EST) under "later"', () => {
    expect(pairsOf({ ...fold, dst: "later" })).toEqual(
      expected([
        ["2025-11-01", "2025-11-01T01:30:00-04:00"],
        ["2025-11-02", "2025-11-02T01:30:00-05:00"],
        ["2025-11-03", "2025-11-03T01:30:00-05:00"],
      ]),
    )
  })
})

describe("Recurrence: independence of the process time zone", () => {
  const originalZone = process.env.TZ

  afterEach(() => {
    if (originalZone === undefined) delete process.env.TZ
    else process.env.TZ = originalZone
    vi.resetModules()
  })

  const cases: ReadonlyArray<{
    readonly rule: Record<string, unknown>
    readonly want: ReadonlyArray<readonly [string, string]>
  }> = [
    {
      rule: {
        frequency: "daily",
        start: "2025-03-08",
        time: "02:30",
        timeZone: "America/New_York",
        count: 3,
      },
      want: [
        ["2025-03-08", "2025-03-08T02:30:00-05:00"],
        ["2025-03-09", "2025-03-09T03:30:00-04:00"],
        ["2025-03-10", "2025-03-10T02:30:00-04:00"],
      ],
    },
    {
      rule: {
        frequency: "daily",
        start: "2025-11-01",
        time: "01:30",
        timeZone: "America/New_York",
        dst: "later",
        count: 3,
      },
      want: [
        ["2025-11-01", "2025-11-01T01:30:00-04:00"],
        ["2025-11-02", "2025-11-02T01:30:00-05:00"],
        ["2025-11-03", "2025-11-03T01:30:00-05:00"],
      ],
    },
    {
      rule: {
        frequency: "monthly",
        start: "2025-01-31",
        time: "10:00",
        timeZone: "Europe/Paris",
        missingDay: "lastDay",
        count: 3,
      },
      want: [
        ["2025-01-31", "2025-01-31T10:00:00+01:00"],
        ["2025-02-28", "2025-02-28T10:00:00+01:00"],
        ["2025-03-31", "2025-03-31T10:00:00+02:00"],
      ],
    },
    {
      rule: {
        frequency: "weekly",
        start: "2025-01-06",
        time: "09:00",
        timeZone: "Asia/Kolkata",
        count: 2,
      },
      want: [
        ["2025-01-06", "2025-01-06T09:00:00+05:30"],
        ["2025-01-13", "2025-01-13T09:00:00+05:30"],
      ],
    },
  ]

  it("gives the same instants whatever TZ the process runs in", async () => {
    for (const processZone of [
      "UTC",
      "Pacific/Kiritimati",
      "America/St_Johns",
      "Pacific/Pago_Pago",
      "America/New_York",
      "Australia/Lord_Howe",
    ]) {
      process.env.TZ = processZone
      if (processZone !== "UTC") {
        // the process zone really changed: local Date methods now see it
        expect(new Date(Date.UTC(2025, 0, 1)).getTimezoneOffset()).not.toBe(0)
      }
      vi.resetModules()
      const fresh = await import("@clientele/calendar")
      for (const { rule, want } of cases) {
        const got = right(
          fresh.Recurrence.occurrences(Schema.decodeUnknownSync(fresh.Recurrence.Rule)(rule)),
        ).map((occurrence) => [occurrence.date, iso(occurrence.at)])
        expect(got, `${processZone}: ${JSON.stringify(rule)}`).toEqual(expected(want))
      }
    }
  })
})

describe("Recurrence.occurrences: properties", () => {
  const pad = (n: number) => String(n).padStart(2, "0")
  /** A civil date from 2000 to 2039, computed with UTC `Date` arithmetic. */
  const dateArbitrary = FastCheck.integer({ min: 0, max: 40 * 366 }).map((offset) =>
    new Date(Date.UTC(2000, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10),
  )
  /** Any minute of the day, with extra weight on times that DST skips or repeats. */
  const timeArbitrary = FastCheck.oneof(
    FastCheck.tuple(
      FastCheck.integer({ min: 0, max: 23 }),
      FastCheck.integer({ min: 0, max: 59 }),
    ).map(([h, m]) => `${pad(h)}:${pad(m)}`),
    FastCheck.constantFrom("00:00", "00:30", "01:30", "02:00", "02:15", "02:30", "23:59"),
  )
  const zoneArbitrary = FastCheck.constantFrom(
    "UTC",
    "America/New_York",
    "Europe/Paris",
    "Australia/Lord_Howe",
    "America/Santiago",
    "Asia/Kolkata",
  )
  const weekdaysArbitrary = FastCheck.subarray([...WorkingCalendar.weekdayNames], { minLength: 1 })

  const ruleArbitrary = (
    frequencies: ReadonlyArray<"daily" | "weekly" | "monthly" | "yearly">,
    missingDay: FastCheck.Arbitrary<"skip" | "lastDay" | "nextDay">,
  ) =>
    FastCheck.record(
      {
        frequency: FastCheck.constantFrom(...frequencies),
        interval: FastCheck.integer({ min: 1, max: 4 }),
        start: dateArbitrary,
        time: timeArbitrary,
        timeZone: zoneArbitrary,
        weekdays: weekdaysArbitrary,
        monthDay: FastCheck.integer({ min: 1, max: 31 }),
        month: FastCheck.integer({ min: 1, max: 12 }),
        missingDay,
        dst: FastCheck.constantFrom("compatible", "earlier", "later"),
      },
      { requiredKeys: ["frequency", "interval", "start", "time", "timeZone", "missingDay", "dst"] },
    )

  it("occurrences are strictly increasing in time for rules without shift", () => {
    FastCheck.assert(
      FastCheck.property(
        ruleArbitrary(
          ["daily", "weekly", "monthly", "yearly"],
          FastCheck.constantFrom("skip", "lastDay", "nextDay"),
        ),
        FastCheck.integer({ min: 1, max: 60 }),
        (input, count) => {
          const list = run({ ...input, count })
          for (let i = 1; i < list.length; i++) {
            const previous = list[i - 1]
            const current = list[i]
            if (previous === undefined || current === undefined) continue
            expect(current.at, JSON.stringify({ previous, current })).toBeGreaterThan(previous.at)
            expect(current.date > previous.date).toBe(true)
          }
        },
      ),
      { numRuns: 400 },
    )
  })

  it('with count n and no window limits, exactly n occurrences (daily, weekly, monthly, "lastDay")', () => {
    FastCheck.assert(
      FastCheck.property(
        ruleArbitrary(["daily", "weekly", "monthly"], FastCheck.constant("lastDay")),
        FastCheck.integer({ min: 1, max: 200 }),
        (input, count) => {
          const list = run({ ...input, count })
          expect(list).toHaveLength(count)
          for (const occurrence of list) expect(occurrence.date >= input.start).toBe(true)
        },
      ),
      { numRuns: 400 },
    )
  })
})
