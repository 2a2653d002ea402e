import { describe, expect, it } from "vitest"
import * as Civil from "../src/Civil.js"
import * as Zone from "../src/Zone.js"

const HOUR = 3_600_000
const localOf = (year: number, month: number, day: number, hours: number) =>
  Civil.dayNumberOf(year, month, day) * Civil.dayMs + hours * HOUR

describe("Zone", () => {
  it("instantOf reads an ordinary wall-clock time with the zone's offset", () => {
    expect(Zone.instantOf("Asia/Shanghai", localOf(2025, 3, 12, 11))).toBe(
      Date.parse("2025-03-12T11:00:00+08:00"),
    )
    expect(Zone.instantOf("Asia/Kolkata", localOf(2025, 1, 1, 0))).toBe(
      Date.parse("2025-01-01T00:00:00+05:30"),
    )
  })

  it("instantOf resolves a time a DST gap skips: compatible and later move forward, earlier before the gap", () => {
    // 02:30 does not exist in Paris on 30 March 2025 (02:00 → 03:00).
    const skipped = localOf(2025, 3, 30, 2.5)
    expect(Zone.instantOf("Europe/Paris", skipped)).toBe(Date.parse("2025-03-30T03:30:00+02:00"))
    expect(Zone.instantOf("Europe/Paris", skipped, "later")).toBe(
      Date.parse("2025-03-30T03:30:00+02:00"),
    )
    expect(Zone.instantOf("Europe/Paris", skipped, "earlier")).toBe(
      Date.parse("2025-03-30T01:30:00+01:00"),
    )
  })

  it("instantOf resolves a time a DST fold repeats: compatible and earlier take the first, later the second", () => {
    // 02:30 happens twice in Paris on 26 October 2025 (03:00 → 02:00).
    const repeated = localOf(2025, 10, 26, 2.5)
    const first = Date.parse("2025-10-26T02:30:00+02:00")
    const second = Date.parse("2025-10-26T02:30:00+01:00")
    expect(Zone.instantOf("Europe/Paris", repeated)).toBe(first)
    expect(Zone.instantOf("Europe/Paris", repeated, "earlier")).toBe(first)
    expect(Zone.instantOf("Europe/Paris", repeated, "later")).toBe(second)
  })

  it("localDayOf and firstInstantOfDay agree on the zone's midnight, also where DST skips it", () => {
    const day = Civil.dayNumberOf(2024, 7, 1)
    const midnight = Zone.firstInstantOfDay("Europe/Berlin", day)
    expect(midnight).toBe(Date.UTC(2024, 5, 30, 22))
    expect(Zone.localDayOf("Europe/Berlin", midnight)).toBe(day)
    expect(Zone.localDayOf("Europe/Berlin", midnight - 1)).toBe(day - 1)
    // Santiago skips 00:00–01:00 on 8 September 2024: the day starts at 01:00.
    const skippedMidnight = Civil.dayNumberOf(2024, 9, 8)
    expect(Zone.firstInstantOfDay("America/Santiago", skippedMidnight)).toBe(
      Date.parse("2024-09-08T01:00:00-03:00"),
    )
  })
})
