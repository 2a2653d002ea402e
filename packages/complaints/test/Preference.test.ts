import { BusinessTime, WorkingCalendar } from "@clientele/calendar"
import { Ids, Period, Personal } from "@clientele/core"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"
import { describe, expect, it } from "vitest"
import * as Preference from "../src/Preference.js"

const MINUTE = 60_000
const HOUR = 3_600_000
const iso = (instant: number) => new Date(instant).toISOString()

const leftOf = <A, E>(result: Either.Either<A, E>): E => {
  if (Either.isRight(result)) throw new Error(`expected Left, got Right ${JSON.stringify(result)}`)
  return result.left
}
const rightOf = <A, E>(result: Either.Either<A, E>): A => {
  if (Either.isLeft(result)) throw new Error(`expected Right, got Left ${String(result.left)}`)
  return result.right
}

const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday"] as const

const consenting = (
  window: Omit<Preference.CallbackWindow, "timeZone"> & { readonly timeZone: string },
): Preference.ContactPreference => ({
  customerId: Ids.CustomerId.make("c1"),
  callback: true,
  phone: "+49 30 1234567",
  window: { ...window, timeZone: Period.TimeZone.make(window.timeZone) },
  updatedAt: Date.UTC(2024, 0, 1),
})

/** Weekday evenings in Berlin, 18:00–20:00. */
const evenings = consenting({
  timeZone: "Europe/Berlin",
  days: [...WEEKDAYS] as [WorkingCalendar.Weekday, ...Array<WorkingCalendar.Weekday>],
  start: "18:00",
  end: "20:00",
})

describe("ContactPreference", () => {
  it("CMP-15 a customer who wants a callback states the number and the window", () => {
    const result = Schema.decodeUnknownEither(Preference.ContactPreference)({
      customerId: "c1",
      callback: true,
      updatedAt: Date.UTC(2024, 0, 1),
    })
    expect(Either.isLeft(result)).toBe(true)
    const message = String(leftOf(result))
    expect(message).toContain("phone")
    expect(message).toContain("window")
    expect(message).toContain("CMP-15")
    expect(
      Either.isRight(
        Schema.decodeUnknownEither(Preference.ContactPreference)({
          customerId: "c1",
          callback: false,
          email: "ada@example.com",
          preferredChannel: "email",
          updatedAt: Date.UTC(2024, 0, 1),
        }),
      ),
    ).toBe(true)
  })

  it("CMP-15 a window ends after it starts and lists each day once", () => {
    const decode = Schema.decodeUnknownEither(Preference.CallbackWindow)
    const base = { timeZone: "Europe/Berlin", days: ["monday"], start: "18:00", end: "20:00" }
    expect(Either.isRight(decode(base))).toBe(true)
    expect(Either.isRight(decode({ ...base, start: "22:00", end: "24:00" }))).toBe(true)
    expect(String(leftOf(decode({ ...base, end: "18:00" })))).toContain("ends after it starts")
    expect(String(leftOf(decode({ ...base, days: ["monday", "monday"] })))).toContain(
      "listed twice",
    )
    expect(Either.isLeft(decode({ ...base, days: [] }))).toBe(true)
    expect(Either.isLeft(decode({ ...base, start: "9:00" }))).toBe(true)
    expect(Either.isLeft(decode({ ...base, timeZone: "Mars/Base" }))).toBe(true)
  })

  it("CMP-15 the phone number and email are marked as personal data", () => {
    const personal = AST.getPropertySignatures(Preference.ContactPreference.ast)
      .filter(Personal.isPersonal)
      .map((field) => field.name)
    expect(personal).toEqual(["phone", "email"])
  })
})

describe("scheduleCallback", () => {
  it("CMP-15 no callback is scheduled without the customer's consent", () => {
    const none = leftOf(Preference.scheduleCallback(undefined, Date.UTC(2024, 5, 10, 12)))
    expect(none._tag).toBe("PolicyViolationError")
    if (none._tag === "PolicyViolationError") expect(none.rule).toBe("CMP-15")
    const declined = leftOf(
      Preference.scheduleCallback({ ...evenings, callback: false }, Date.UTC(2024, 5, 10, 12)),
    )
    expect(declined._tag).toBe("PolicyViolationError")
    if (declined._tag === "PolicyViolationError") expect(declined.rule).toBe("CMP-15")
    const checked = leftOf(
      Preference.checkCallback({ ...evenings, callback: false }, Date.UTC(2024, 5, 10, 17)),
    )
    expect(checked._tag).toBe("PolicyViolationError")
  })

  it("CMP-15 a consent without a number or window is refused naming the missing field", () => {
    const { phone: _phone, ...noPhone } = evenings
    const error = leftOf(Preference.scheduleCallback(noPhone, Date.UTC(2024, 5, 10, 12)))
    expect(error._tag).toBe("ValidationError")
    if (error._tag === "ValidationError") expect(error.issues[0]?.path).toEqual(["phone"])
    const { window: _window, ...noWindow } = evenings
    const missing = leftOf(Preference.scheduleCallback(noWindow, Date.UTC(2024, 5, 10, 12)))
    if (missing._tag === "ValidationError") expect(missing.issues[0]?.path).toEqual(["window"])
    expect(missing._tag).toBe("ValidationError")
  })

  it("CMP-15 invalid earliest instants and call lengths are refused on their field", () => {
    const at = leftOf(Preference.scheduleCallback(evenings, Number.NaN))
    expect(at._tag === "ValidationError" ? at.issues[0]?.path : at._tag).toEqual(["earliest"])
    const zero = leftOf(
      Preference.scheduleCallback(evenings, Date.UTC(2024, 5, 10), { durationMs: 0 }),
    )
    expect(zero._tag === "ValidationError" ? zero.issues[0]?.path : zero._tag).toEqual([
      "durationMs",
    ])
    const tooLong = leftOf(
      Preference.scheduleCallback(evenings, Date.UTC(2024, 5, 10), { durationMs: 3 * HOUR }),
    )
    expect(tooLong._tag === "ValidationError" ? tooLong.issues[0]?.path : tooLong._tag).toEqual([
      "durationMs",
    ])
  })

  it("CMP-15 the callback falls in the window on the customer's wall clock, not UTC's", () => {
    // Wednesday 12 June 2024, 12:00 CEST (10:00 UTC): the window opens at 18:00 CEST = 16:00 UTC
    const at = rightOf(Preference.scheduleCallback(evenings, Date.UTC(2024, 5, 12, 10)))
    expect(iso(at)).toBe("2024-06-12T16:00:00.000Z")
    // inside the window already: at once
    const now = Date.UTC(2024, 5, 12, 16, 30)
    expect(rightOf(Preference.scheduleCallback(evenings, now))).toBe(now)
    expect(Preference.isInsideWindow(evenings, now)).toBe(true)
    expect(Preference.isInsideWindow(evenings, Date.UTC(2024, 5, 12, 18))).toBe(false)
    expect(Preference.isInsideWindow(evenings, Date.UTC(2024, 5, 12, 18) - 1)).toBe(true)
  })

  it("CMP-15 a call that no longer fits before the window closes moves across the weekend", () => {
    // Friday 14 June 2024, 19:50 CEST: a 15-minute call would end 20:05
    const late = Date.UTC(2024, 5, 14, 17, 50)
    expect(iso(rightOf(Preference.scheduleCallback(evenings, late)))).toBe(
      "2024-06-17T16:00:00.000Z",
    )
    // 19:45 CEST: an exact fit ends at 20:00
    const exact = Date.UTC(2024, 5, 14, 17, 45)
    expect(rightOf(Preference.scheduleCallback(evenings, exact))).toBe(exact)
    // a 5-minute call still fits at 19:50
    expect(rightOf(Preference.scheduleCallback(evenings, late, { durationMs: 5 * MINUTE }))).toBe(
      late,
    )
    // Saturday: the next window is Monday's
    expect(iso(rightOf(Preference.scheduleCallback(evenings, Date.UTC(2024, 5, 15, 12))))).toBe(
      "2024-06-17T16:00:00.000Z",
    )
  })

  it("CMP-15 on the days the clocks change the window follows the customer's wall clock", () => {
    const sundayMornings = consenting({
      timeZone: "Europe/Berlin",
      days: ["sunday"],
      start: "09:00",
      end: "10:00",
    })
    // 31 March 2024: Berlin springs forward, 09:00 is CEST (07:00 UTC)
    expect(
      iso(rightOf(Preference.scheduleCallback(sundayMornings, Date.UTC(2024, 2, 30, 12)))),
    ).toBe("2024-03-31T07:00:00.000Z")
    // 27 October 2024: Berlin falls back, 09:00 is CET (08:00 UTC)
    expect(
      iso(rightOf(Preference.scheduleCallback(sundayMornings, Date.UTC(2024, 9, 26, 12)))),
    ).toBe("2024-10-27T08:00:00.000Z")
  })

  it("CMP-15 a window over the spring-forward gap is an hour shorter that night", () => {
    const night = consenting({
      timeZone: "Europe/Berlin",
      days: ["sunday"],
      start: "02:00",
      end: "04:00",
    })
    const saturday = Date.UTC(2024, 2, 30, 12)
    // 02:00 does not exist on 31 March: the window opens at 03:00 CEST (01:00 UTC)
    expect(iso(rightOf(Preference.scheduleCallback(night, saturday)))).toBe(
      "2024-03-31T01:00:00.000Z",
    )
    // that night holds one hour, so a 90-minute call waits a week (02:00 CEST = 00:00 UTC)
    expect(
      iso(rightOf(Preference.scheduleCallback(night, saturday, { durationMs: 90 * MINUTE }))),
    ).toBe("2024-04-07T00:00:00.000Z")
  })

  it("CMP-15 a proposed callback is checked against consent and the whole call's window", () => {
    const inside = Date.UTC(2024, 5, 12, 16)
    expect(rightOf(Preference.checkCallback(evenings, inside))).toBe(inside)
    const tooLate = leftOf(Preference.checkCallback(evenings, Date.UTC(2024, 5, 12, 17, 50)))
    expect(tooLate._tag).toBe("PolicyViolationError")
    if (tooLate._tag === "PolicyViolationError") expect(tooLate.rule).toBe("CMP-15")
    const saturday = leftOf(Preference.checkCallback(evenings, Date.UTC(2024, 5, 15, 16)))
    expect(saturday._tag).toBe("PolicyViolationError")
  })

  it("CMP-15 a preference without a window is inside no window", () => {
    const { window: _window, ...noWindow } = evenings
    expect(
      Preference.isInsideWindow({ ...noWindow, callback: false }, Date.UTC(2024, 5, 12, 16)),
    ).toBe(false)
  })
})

describe("properties", () => {
  const zones = [
    "UTC",
    "Europe/Berlin",
    "America/New_York",
    "Australia/Lord_Howe",
    "America/Santiago",
    "Asia/Kolkata",
    "Pacific/Apia",
  ]
  const quarter = (n: number) =>
    n === 96
      ? "24:00"
      : `${String(Math.floor(n / 4)).padStart(2, "0")}:${String((n % 4) * 15).padStart(2, "0")}`
  /** A valid window, built to satisfy the schema's filter, and a call that fits its nominal length. */
  const scenario = FastCheck.record({
    zone: FastCheck.constantFrom(...zones),
    days: FastCheck.subarray([...WorkingCalendar.weekdayNames], { minLength: 1 }),
    bounds: FastCheck.tuple(
      FastCheck.integer({ min: 0, max: 96 }),
      FastCheck.integer({ min: 0, max: 96 }),
    ).filter(([a, b]) => a !== b),
    durationFraction: FastCheck.double({ min: 0, max: 1, noNaN: true }),
    earliest: FastCheck.integer({ min: Date.UTC(2023, 0, 1), max: Date.UTC(2026, 0, 1) }),
  }).map(({ zone, days, bounds, durationFraction, earliest }) => {
    const start = Math.min(...bounds)
    const end = Math.max(...bounds)
    const windowMs = (end - start) * 15 * MINUTE
    const preference = consenting({
      timeZone: zone,
      days: days as [WorkingCalendar.Weekday, ...Array<WorkingCalendar.Weekday>],
      start: quarter(start),
      end: quarter(end),
    })
    const durationMs = Math.max(1, Math.floor(durationFraction * Math.min(windowMs, HOUR)))
    return { preference, durationMs, earliest }
  })

  it("CMP-15 a scheduled callback is at or after the earliest instant and the whole call is inside the window", () => {
    FastCheck.assert(
      FastCheck.property(scenario, ({ preference, durationMs, earliest }) => {
        expect(Schema.is(Preference.ContactPreference)(preference)).toBe(true)
        const at = rightOf(Preference.scheduleCallback(preference, earliest, { durationMs }))
        expect(at).toBeGreaterThanOrEqual(earliest)
        expect(Preference.isInsideWindow(preference, at)).toBe(true)
        expect(Preference.isInsideWindow(preference, at + durationMs - 1)).toBe(true)
        // no closed time inside the call
        if (preference.window === undefined) throw new Error("the scenario always has a window")
        const calendar = rightOf(Preference.callbackCalendar(preference.window))
        expect(rightOf(BusinessTime.elapsed(calendar, at, at + durationMs))).toBe(durationMs)
        // the first such instant: either the earliest itself or the window's opening
        if (at > earliest) expect(Preference.isInsideWindow(preference, at - 1)).toBe(false)
        expect(rightOf(Preference.checkCallback(preference, at, { durationMs }))).toBe(at)
      }),
      { numRuns: 300 },
    )
  })
})
