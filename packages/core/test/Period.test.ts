import * as Arbitrary from "effect/Arbitrary"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import { pipe } from "effect/Function"
import * as Schema from "effect/Schema"
import { afterEach, describe, expect, it, vi } from "vitest"
import * as Errors from "../src/Errors.js"
import * as Period from "../src/Period.js"
import { expectJsonRoundTrip, left, right } from "./support.js"

const zone = (name: string) => Period.TimeZone.make(name)
const date = (text: string) => Period.CivilDate.make(text)
const iso = (instant: number) => new Date(instant).toISOString()
const plain = (period: Period.Period) => ({
  start: period.start,
  end: period.end,
  zone: period.zone,
})

const UTC = zone("UTC")
const BERLIN = zone("Europe/Berlin")
const NEW_YORK = zone("America/New_York")
const SANTIAGO = zone("America/Santiago")
const LORD_HOWE = zone("Australia/Lord_Howe")
const APIA = zone("Pacific/Apia")
const KOLKATA = zone("Asia/Kolkata")
const DST_ZONES = [NEW_YORK, BERLIN, LORD_HOWE, SANTIAGO, APIA, KOLKATA]

/** The slow reference: a fresh formatter per call, no cache, no arithmetic. */
const referenceCivilDate = (instant: number, name: string): string => {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: name,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).formatToParts(instant)
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? ""
  return `${part("year").padStart(4, "0")}-${part("month")}-${part("day")}`
}

/** Instants just around DST transitions (and Samoa's skipped day) in the test zones. */
const TRANSITIONS = [
  Date.UTC(2024, 2, 10, 7), // New York springs forward
  Date.UTC(2024, 10, 3, 6), // New York falls back
  Date.UTC(2024, 2, 31, 1), // Berlin springs forward
  Date.UTC(2024, 9, 27, 1), // Berlin falls back
  Date.UTC(2024, 3, 6, 15), // Lord Howe: 02:00 +11 back to 01:30 +10:30
  Date.UTC(2024, 9, 5, 15, 30), // Lord Howe: 02:00 +10:30 forward to 02:30 +11
  Date.UTC(2024, 3, 7, 3), // Santiago falls back at midnight
  Date.UTC(2024, 8, 8, 4), // Santiago springs forward at midnight
  Date.UTC(2011, 11, 30, 10), // Apia skips 2011-12-30
  Date.UTC(1942, 8, 1), // Kolkata war time
]
const instantArbitrary = FastCheck.oneof(
  FastCheck.integer({ min: Date.UTC(1850, 0, 1), max: Date.UTC(2100, 0, 1) }),
  FastCheck.tuple(
    FastCheck.constantFrom(...TRANSITIONS),
    FastCheck.integer({ min: -3 * 3_600_000, max: 3 * 3_600_000 }),
  ).map(([transition, delta]) => transition + delta),
)
const wideInstantArbitrary = Arbitrary.make(Period.Instant)

describe("Period: schemas and constructors", () => {
  it("accepts only real civil dates written YYYY-MM-DD", () => {
    const isDate = Schema.is(Period.CivilDate)
    expect(isDate("2024-02-29")).toBe(true)
    expect(isDate("0001-01-01")).toBe(true)
    expect(isDate("9999-12-31")).toBe(true)
    for (const text of ["2023-02-29", "2024-13-01", "2024-1-01", "0000-01-01", "2024-04-31", ""]) {
      expect(isDate(text)).toBe(false)
    }
  })

  it("accepts IANA zones that Intl knows and rejects others with a ValidationError", () => {
    expect(Schema.is(Period.TimeZone)("America/Santiago")).toBe(true)
    expect(Schema.is(Period.TimeZone)("UTC")).toBe(true)
    const error = left(Period.makeEither("2024-01-01", "2025-01-01", "Mars/Olympus_Mons"))
    expect(error).toBeInstanceOf(Errors.ValidationError)
    expect(error.issues.map((issue) => issue.path)).toEqual([["zone"]])
  })

  it("requires start < end, reporting the end", () => {
    expect(left(Period.makeEither("2024-01-01", "2024-01-01", "UTC")).issues).toEqual([
      { path: ["end"], message: "the end of a period must be after its start" },
    ])
    expect(left(Period.makeEither("2024-02-30", "2024-01-01", "UTC")).issues[0]?.path).toEqual([
      "start",
    ])
    expect(() => Period.make("2025-01-01", "2024-01-01", "UTC")).toThrow(Errors.ValidationError)
  })

  it("builds calendar years, quarters and months", () => {
    expect(plain(right(Period.calendarYear(2024, BERLIN)))).toEqual({
      start: "2024-01-01",
      end: "2025-01-01",
      zone: "Europe/Berlin",
    })
    expect(plain(right(Period.calendarQuarter(2024, 4, UTC)))).toMatchObject({
      start: "2024-10-01",
      end: "2025-01-01",
    })
    expect(plain(right(Period.calendarMonth(2024, 2, UTC)))).toMatchObject({
      start: "2024-02-01",
      end: "2024-03-01",
    })
    expect(left(Period.calendarMonth(2024, 13, UTC)).issues[0]?.path).toEqual(["month"])
    expect(left(Period.calendarQuarter(2024, 0, UTC)).issues[0]?.path).toEqual(["quarter"])
    expect(left(Period.calendarYear(2024.5, UTC)).issues[0]?.path).toEqual(["year"])
    expect(left(Period.calendarYear(9999, UTC)).issues[0]?.path).toEqual(["year"])
    expect(right(Period.calendarMonth(9999, 11, UTC)).end).toBe("9999-12-01")
  })

  it("encodes to { start, end, zone } and decodes back (round-trip property)", () => {
    const period = Period.make("2024-01-01", "2025-01-01", "Europe/Berlin")
    expect(Schema.encodeSync(Period.Period)(period)).toEqual({
      start: "2024-01-01",
      end: "2025-01-01",
      zone: "Europe/Berlin",
    })
    expectJsonRoundTrip(Period.Period, Arbitrary.make(Period.Period), 200)
  })
})

describe("Period.isInstant", () => {
  it("answers as the Instant schema does, at the range's edges and for any value", () => {
    const schemaSays = Schema.is(Period.Instant)
    // Date.UTC reads years 0–99 as 1900–1999: the first supported day is set by hand.
    const first = new Date(0).setUTCFullYear(1, 0, 2)
    for (const edge of [
      first,
      first - 1,
      Date.UTC(9998, 11, 31) - 1,
      Date.UTC(9998, 11, 31),
      0,
      1.5,
      Number.NaN,
      "0",
      null,
    ])
      expect(Period.isInstant(edge)).toBe(schemaSays(edge))
    FastCheck.assert(
      FastCheck.property(
        FastCheck.oneof(
          FastCheck.integer({ min: -1e15, max: 1e15 }),
          FastCheck.double(),
          FastCheck.anything(),
        ),
        (value) => Period.isInstant(value) === schemaSays(value),
      ),
    )
  })
})

describe("Period.civilDateOf", () => {
  it("reads the date on the zone's wall clock", () => {
    const newYearsEve = Date.UTC(2024, 11, 31, 23, 30)
    expect(Period.civilDateOf(newYearsEve, UTC)).toBe("2024-12-31")
    expect(Period.civilDateOf(newYearsEve, BERLIN)).toBe("2025-01-01")
    expect(Period.civilDateOf(newYearsEve, NEW_YORK)).toBe("2024-12-31")
    // Kolkata is UTC+5:30: its midnight falls in the middle of a UTC hour
    expect(Period.civilDateOf(Date.UTC(2024, 0, 1, 18, 29, 59, 999), KOLKATA)).toBe("2024-01-01")
    expect(Period.civilDateOf(Date.UTC(2024, 0, 1, 18, 30), KOLKATA)).toBe("2024-01-02")
  })

  it("handles Lord Howe's 30-minute DST and Samoa's skipped day", () => {
    // 2024-10-06 00:00 local is 13:30 UTC on the 5th (+10:30, before the switch)
    expect(Period.civilDateOf(Date.UTC(2024, 9, 5, 13, 29), LORD_HOWE)).toBe("2024-10-05")
    expect(Period.civilDateOf(Date.UTC(2024, 9, 5, 13, 30), LORD_HOWE)).toBe("2024-10-06")
    // Samoa moved across the date line: 2011-12-29 is followed by 2011-12-31
    expect(Period.civilDateOf(Date.UTC(2011, 11, 30, 9, 59, 59, 999), APIA)).toBe("2011-12-29")
    expect(Period.civilDateOf(Date.UTC(2011, 11, 30, 10), APIA)).toBe("2011-12-31")
  })

  it("agrees with a slow uncached Intl reference over random instants in DST zones (property)", () => {
    FastCheck.assert(
      FastCheck.property(
        instantArbitrary,
        FastCheck.constantFrom(...DST_ZONES),
        (instant, name) => {
          expect(Period.civilDateOf(instant, name)).toBe(referenceCivilDate(instant, name))
        },
      ),
      { numRuns: 1500 },
    )
  })

  it("agrees with the reference over the whole supported range of instants (property)", () => {
    FastCheck.assert(
      FastCheck.property(
        wideInstantArbitrary,
        FastCheck.constantFrom(...DST_ZONES, UTC),
        (instant, name) => {
          expect(Period.civilDateOf(instant, name)).toBe(referenceCivilDate(instant, name))
        },
      ),
      { numRuns: 300 },
    )
  })

  it("agrees with the reference at every minute around each transition", () => {
    for (const name of DST_ZONES) {
      for (const transition of TRANSITIONS) {
        for (let delta = -90; delta <= 90; delta += 1) {
          const instant = transition + delta * 60_000
          expect(Period.civilDateOf(instant, name)).toBe(referenceCivilDate(instant, name))
        }
      }
    }
  })

  it("treats an instant outside Period.Instant as a programming error", () => {
    expect(() => Period.civilDateOf(Number.NaN, UTC)).toThrow(RangeError)
    expect(() => Period.civilDateOf(8.64e15, UTC)).toThrow(RangeError)
    expect(Schema.is(Period.Instant)(Number.NaN)).toBe(false)
  })
})

describe("Period: instants and periods", () => {
  it("an instant belongs to the calendar year of its civil date by default", () => {
    const instant = Date.UTC(2025, 0, 1, 3) // 22:00 on 31 December in New York
    expect(plain(Period.ofInstant(instant, NEW_YORK))).toEqual({
      start: "2024-01-01",
      end: "2025-01-01",
      zone: "America/New_York",
    })
    expect(Period.ofInstant(instant, BERLIN).start).toBe("2025-01-01")
    expect(plain(Period.ofInstant(instant, NEW_YORK, "quarter"))).toMatchObject({
      start: "2024-10-01",
      end: "2025-01-01",
    })
    expect(plain(Period.ofInstant(instant, NEW_YORK, "month"))).toMatchObject({
      start: "2024-12-01",
      end: "2025-01-01",
    })
  })

  it("contains dates and instants by the civil date in its zone", () => {
    const year = Period.make("2025-01-01", "2026-01-01", "Europe/Berlin")
    expect(Period.containsDate(year, date("2025-01-01"))).toBe(true)
    expect(pipe(year, Period.containsDate(date("2025-12-31")))).toBe(true)
    expect(Period.containsDate(year, date("2026-01-01"))).toBe(false)
    expect(Period.containsDate(year, date("2024-12-31"))).toBe(false)
    expect(Period.containsInstant(year, Date.UTC(2024, 11, 31, 23, 30))).toBe(true)
    expect(Period.containsInstant(year, Date.UTC(2024, 11, 31, 22, 59))).toBe(false)
    expect(Period.containsInstant(year, Number.NaN)).toBe(false)
  })

  it("starts at local midnight, or after the gap when midnight is skipped", () => {
    const berlin = Period.make("2024-01-01", "2025-01-01", "Europe/Berlin")
    expect(iso(Period.startInstant(berlin))).toBe("2023-12-31T23:00:00.000Z")
    expect(iso(Period.endInstant(berlin))).toBe("2024-12-31T23:00:00.000Z")
    // Santiago springs forward at midnight: 2024-09-08 begins at 01:00 (-03)
    const santiago = Period.make("2024-09-08", "2024-09-09", "America/Santiago")
    expect(iso(Period.startInstant(santiago))).toBe("2024-09-08T04:00:00.000Z")
    expect(Period.civilDateOf(Period.startInstant(santiago) - 1, SANTIAGO)).toBe("2024-09-07")
    // and falls back at midnight: 2024-04-06 lasts 25 hours
    const saturday = Period.make("2024-04-06", "2024-04-07", "America/Santiago")
    expect(Period.endInstant(saturday) - Period.startInstant(saturday)).toBe(25 * 3_600_000)
    // Samoa skipped 2011-12-30: a period starting on it starts with 2011-12-31
    const samoa = Period.make("2011-12-30", "2012-01-01", "Pacific/Apia")
    expect(iso(Period.startInstant(samoa))).toBe("2011-12-30T10:00:00.000Z")
    expect(Period.days(samoa)).toBe(2)
  })

  it("measures days and DST-length days", () => {
    expect(Period.days(Period.make("2024-01-01", "2025-01-01", "UTC"))).toBe(366)
    expect(Period.days(Period.make("2023-01-01", "2024-01-01", "UTC"))).toBe(365)
    const springForward = Period.make("2024-03-10", "2024-03-11", "America/New_York")
    expect(Period.endInstant(springForward) - Period.startInstant(springForward)).toBe(
      23 * 3_600_000,
    )
    const lordHoweBack = Period.make("2024-04-07", "2024-04-08", "Australia/Lord_Howe")
    expect(Period.endInstant(lordHoweBack) - Period.startInstant(lordHoweBack)).toBe(
      24.5 * 3_600_000,
    )
  })

  it("every instant belongs to exactly one calendar year and month, which contain it (property)", () => {
    FastCheck.assert(
      FastCheck.property(
        instantArbitrary,
        FastCheck.constantFrom(...DST_ZONES),
        FastCheck.constantFrom<Period.Granularity>("year", "quarter", "month"),
        (instant, name, granularity) => {
          const period = Period.ofInstant(instant, name, granularity)
          expect(Period.containsInstant(period, instant)).toBe(true)
          expect(Period.containsInstant(right(Period.previous(period)), instant)).toBe(false)
          expect(Period.containsInstant(right(Period.next(period)), instant)).toBe(false)
          expect(Period.startInstant(period)).toBeLessThanOrEqual(instant)
          expect(instant).toBeLessThan(Period.endInstant(period))
          expect(Period.endInstant(period)).toBe(Period.startInstant(right(Period.next(period))))
        },
      ),
      { numRuns: 400 },
    )
  })

  it("steps to the next and previous calendar period of the same length", () => {
    const january = Period.make("2024-01-01", "2024-02-01", "UTC")
    expect(plain(right(Period.next(january)))).toMatchObject({
      start: "2024-02-01",
      end: "2024-03-01",
    })
    expect(plain(right(Period.previous(january)))).toMatchObject({
      start: "2023-12-01",
      end: "2024-01-01",
    })
    const quarter = right(Period.calendarQuarter(2024, 4, UTC))
    expect(plain(right(Period.next(quarter)))).toMatchObject({
      start: "2025-01-01",
      end: "2025-04-01",
    })
    const week = Period.make("2024-12-30", "2025-01-06", "UTC")
    expect(plain(right(Period.next(week)))).toMatchObject({
      start: "2025-01-06",
      end: "2025-01-13",
    })
    const last = right(Period.calendarYear(9998, UTC))
    expect(left(Period.next(last)).issues[0]?.path).toEqual(["end"])
    expect(left(Period.previous(right(Period.calendarYear(1, UTC)))).issues[0]?.path).toEqual([
      "start",
    ])
  })

  it("previous undoes next (property)", () => {
    const isMonthAligned = (period: Period.Period) =>
      period.start.endsWith("-01") && period.end.endsWith("-01")
    FastCheck.assert(
      FastCheck.property(Arbitrary.make(Period.Period), (period) => {
        const following = Period.next(period)
        if (Either.isLeft(following)) return
        expect(following.right.start).toBe(period.end)
        // a run of days whose successor happens to be whole months reads as calendar months
        if (isMonthAligned(period) || !isMonthAligned(following.right)) {
          expect(right(Period.previous(following.right))).toEqual(period)
        }
        if (!isMonthAligned(period)) {
          expect(Period.days(following.right)).toBe(Period.days(period))
        }
      }),
      { numRuns: 300 },
    )
  })

  it("previous undoes next for calendar periods of any number of months (property)", () => {
    const calendar = FastCheck.tuple(
      FastCheck.integer({ min: 10, max: 9000 }),
      FastCheck.integer({ min: 1, max: 12 }),
      FastCheck.integer({ min: 1, max: 36 }),
    ).map(([year, month, months]) => {
      const start = right(Period.calendarMonth(year, month, UTC))
      let end = start
      for (let index = 1; index < months; index++) end = right(Period.next(end))
      return Period.make(start.start, end.end, "UTC")
    })
    FastCheck.assert(
      FastCheck.property(calendar, (period) => {
        const following = right(Period.next(period))
        expect(following.end.endsWith("-01")).toBe(true)
        expect(right(Period.previous(following))).toEqual(period)
        expect(right(Period.next(right(Period.previous(period))))).toEqual(period)
      }),
      { numRuns: 200 },
    )
  })
})

describe("Period: independence of the process time zone", () => {
  const originalZone = process.env.TZ

  afterEach(() => {
    if (originalZone === undefined) delete process.env.TZ
    else process.env.TZ = originalZone
    vi.resetModules()
  })

  const snapshot = (module: typeof Period, instants: ReadonlyArray<number>) =>
    DST_ZONES.flatMap((name) =>
      instants.map((instant) => {
        const period = module.ofInstant(instant, name, "month")
        return [
          module.civilDateOf(instant, name),
          period.start,
          module.startInstant(period),
          module.endInstant(period),
        ]
      }),
    )

  it("gives the same results whatever TZ the process runs in", async () => {
    const instants = [...TRANSITIONS, Date.UTC(2024, 0, 1), Date.UTC(1969, 11, 31, 23, 59)]
    process.env.TZ = "UTC"
    vi.resetModules()
    const inUtc = snapshot(await import("../src/Period.js"), instants)
    for (const processZone of ["Pacific/Kiritimati", "America/St_Johns", "Pacific/Pago_Pago"]) {
      process.env.TZ = processZone
      // the process zone really changed: local Date methods now see it
      expect(new Date(Date.UTC(2024, 0, 1)).getTimezoneOffset()).not.toBe(0)
      vi.resetModules()
      const fresh = await import("../src/Period.js")
      expect(snapshot(fresh, instants)).toEqual(inUtc)
    }
  })
})
