import { Civil, Zone } from "@clientele/core"
import * as FastCheck from "effect/FastCheck"
import { describe, expect, it } from "vitest"

describe("Civil", () => {
  it("parses and formats dates as day numbers since 1970-01-01", () => {
    expect(Civil.parse("1970-01-01")).toBe(0)
    expect(Civil.parse("2024-02-29")).toBe(19_782)
    expect(Civil.parse("2023-02-29")).toBeUndefined()
    expect(Civil.parse("2024-2-29")).toBeUndefined()
    expect(Civil.format(-1)).toBe("1969-12-31")
    expect(Civil.fieldsOf(19_782)).toEqual({ year: 2024, month: 2, day: 29 })
    expect(Civil.dayNumberOf(2024, 3, 1)).toBe(19_783)
  })

  it("names ISO weekdays, Monday = 1, before and after the epoch", () => {
    expect(Civil.weekdayOf(Civil.parse("2024-06-10") ?? Number.NaN)).toBe(1)
    expect(Civil.weekdayOf(Civil.parse("2024-06-09") ?? Number.NaN)).toBe(7)
    expect(Civil.weekdayOf(Civil.parse("1969-12-29") ?? Number.NaN)).toBe(1)
  })

  it("knows month lengths and leap years", () => {
    expect(Civil.daysInMonth(2024, 2)).toBe(29)
    expect(Civil.daysInMonth(2100, 2)).toBe(28)
    expect(Civil.isLeapYear(2000)).toBe(true)
    expect(Civil.daysInMonth(2025, 4)).toBe(30)
  })

  it("property: format and parse are inverse, and weekdays advance by one a day", () => {
    FastCheck.assert(
      FastCheck.property(FastCheck.integer({ min: -719_162, max: 2_932_896 }), (day) => {
        expect(Civil.parse(Civil.format(day))).toBe(day)
        expect(Civil.weekdayOf(day + 1)).toBe((Civil.weekdayOf(day) % 7) + 1)
      }),
    )
  })
})

describe("Zone", () => {
  it("reads offsets in the zone, never the process zone", () => {
    expect(Zone.offsetAt("America/New_York", Date.UTC(2024, 6, 1))).toBe(-4 * 3_600_000)
    expect(Zone.offsetAt("America/New_York", Date.UTC(2024, 0, 1))).toBe(-5 * 3_600_000)
    expect(Zone.offsetAt("Asia/Kolkata", 0)).toBe(5.5 * 3_600_000)
    // Lord Howe Island moves its clocks by 30 minutes
    expect(Zone.offsetAt("Australia/Lord_Howe", Date.UTC(2024, 0, 15))).toBe(11 * 3_600_000)
    expect(Zone.offsetAt("Australia/Lord_Howe", Date.UTC(2024, 6, 15))).toBe(10.5 * 3_600_000)
  })

  it("changes offset at the exact instant of a transition", () => {
    const springForward = Date.parse("2024-03-10T07:00:00Z")
    expect(Zone.offsetAt("America/New_York", springForward - 1)).toBe(-5 * 3_600_000)
    expect(Zone.offsetAt("America/New_York", springForward)).toBe(-4 * 3_600_000)
  })

  it("knows the zones Intl knows", () => {
    expect(Zone.isKnown("Pacific/Apia")).toBe(true)
    expect(Zone.isKnown("Mars/Olympus_Mons")).toBe(false)
  })
})
