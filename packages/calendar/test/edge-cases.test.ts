/**
 * The hard edge cases of business-time arithmetic (sla.md (c), items 1–22), one test
 * or test group per case, named after it.
 *
 * Every expected instant is worked out by hand from the calendar's rules and the
 * zone's published DST rules and written as an ISO string with an explicit offset;
 * none is copied from the implementation's output. Where a case is a decision, the
 * test asserts the semantics documented in the module descriptions.
 *
 * Zones used (2024 rules unless stated):
 * - America/New_York: EST −05:00 / EDT −04:00; springs forward Sun 10 Mar 02:00 → 03:00,
 *   falls back Sun 3 Nov 02:00 → 01:00.
 * - Europe/London: GMT +00:00 / BST +01:00; springs forward Sun 31 Mar 01:00 → 02:00,
 *   falls back Sun 27 Oct 02:00 → 01:00.
 * - Australia/Lord_Howe: +10:30 / +11:00 (a 30-minute shift); DST ends Sun 7 Apr
 *   02:00 → 01:30, begins Sun 6 Oct 02:00 → 02:30.
 * - Asia/Kolkata: +05:30 all year, no DST.
 */
import { BusinessDays, BusinessTime, CalendarError, WorkingCalendar } from "@clientele/calendar"
import { Errors } from "@clientele/core"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import { describe, expect, it } from "vitest"

// ---------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------

const S = 1000
const MIN = 60 * S
const H = 60 * MIN
const DAY = 24 * H

/** An instant from an ISO string with an explicit offset (throws on a typo). */
const at = (text: string): number => {
  const instant = Date.parse(text)
  if (Number.isNaN(instant)) throw new Error(`bad ISO string in the test: ${text}`)
  return instant
}

const iso = (instant: number): string =>
  Number.isFinite(instant) ? new Date(instant).toISOString() : String(instant)

type Result<A> = Either.Either<A, CalendarError.CalendarError>

/** The value of a successful computation (fails the test with the error otherwise). */
const ok = <A>(result: Result<A>): A => {
  if (Either.isLeft(result)) {
    throw new Error(`expected a result, got ${result.left.reason}: ${result.left.message}`)
  }
  return result.right
}

/** Asserts that a computation gave the instant written `expected` (compared as ISO for readable failures). */
const expectInstant = (result: Result<number>, expected: string): void => {
  const value = ok(result)
  expect(typeof value).toBe("number")
  expect(iso(value)).toBe(iso(at(expected)))
}

/** Asserts that a computation failed with a `CalendarError` of the given reason. */
const expectFailure = (
  result: Result<unknown>,
  reason: CalendarError.Reason,
  argument?: string,
): CalendarError.CalendarError => {
  if (Either.isRight(result)) {
    throw new Error(`expected a ${reason} failure, got ${JSON.stringify(result.right)}`)
  }
  expect(result.left).toBeInstanceOf(CalendarError.CalendarError)
  expect(result.left.reason).toBe(reason)
  if (argument !== undefined) expect(result.left.argument).toBe(argument)
  return result.left
}

/** Runs `f`, asserting it took less than `limitMs` of wall time. */
const quickly = <A>(limitMs: number, f: () => A): A => {
  const started = performance.now()
  const value = f()
  expect(performance.now() - started).toBeLessThan(limitMs)
  return value
}

type Ranges = ReadonlyArray<{ readonly start: string; readonly end: string }>

const everyDay = (ranges: Ranges): WorkingCalendar.Input["weekly"] =>
  Object.fromEntries(WorkingCalendar.weekdayNames.map((day) => [day, ranges]))

/** Open around the clock, every day. */
const allHours = (timeZone: string): WorkingCalendar.WorkingCalendar =>
  WorkingCalendar.make({ timeZone, weekly: everyDay([{ start: "00:00", end: "24:00" }]) })

/** A night shift every day: 22:00–24:00 and 00:00–06:00. */
const nightShift = (timeZone: string): WorkingCalendar.WorkingCalendar =>
  WorkingCalendar.make({
    timeZone,
    weekly: everyDay([
      { start: "00:00", end: "06:00" },
      { start: "22:00", end: "24:00" },
    ]),
  })

/** Monday to Friday, 09:00–17:00. */
const office = (
  timeZone: string,
  rest: Omit<WorkingCalendar.Input, "timeZone" | "weekly"> = {},
): WorkingCalendar.WorkingCalendar => WorkingCalendar.weekdays(timeZone, "09:00", "17:00", rest)

/**
 * The four zones, with their offsets in northern winter (December to February) and
 * in June. Lord Howe is on DST (+11:00) in the southern summer.
 */
const ZONES = [
  { zone: "America/New_York", winter: "-05:00", june: "-04:00" },
  { zone: "Europe/London", winter: "+00:00", june: "+01:00" },
  { zone: "Australia/Lord_Howe", winter: "+11:00", june: "+10:30" },
  { zone: "Asia/Kolkata", winter: "+05:30", june: "+05:30" },
] as const

// ---------------------------------------------------------------------------
// (c) DST and time zones
// ---------------------------------------------------------------------------

describe("DST and time zones", () => {
  // A Sunday-only range that opens inside the spring-forward gap. The open time is
  // resolved by the calendar's dst policy: compatible and later move it forward by
  // the gap's length, earlier moves it back by the gap's length.
  const OPENING_IN_GAP = [
    // New York 2024-03-10: 02:00–03:00 does not exist
    {
      zone: "America/New_York",
      day: "2024-03-10T00:00:00-05:00",
      nextDay: "2024-03-11T00:00:00-04:00",
      open: "02:30",
      dst: "compatible",
      opens: "2024-03-10T03:30:00-04:00",
      hours: 2.5, // 03:30–06:00 EDT
    },
    {
      zone: "America/New_York",
      day: "2024-03-10T00:00:00-05:00",
      nextDay: "2024-03-11T00:00:00-04:00",
      open: "02:30",
      dst: "later",
      opens: "2024-03-10T03:30:00-04:00",
      hours: 2.5,
    },
    {
      zone: "America/New_York",
      day: "2024-03-10T00:00:00-05:00",
      nextDay: "2024-03-11T00:00:00-04:00",
      open: "02:30",
      dst: "earlier",
      opens: "2024-03-10T01:30:00-05:00",
      hours: 3.5, // 06:30Z–10:00Z
    },
    // London 2024-03-31: 01:00–02:00 does not exist
    {
      zone: "Europe/London",
      day: "2024-03-31T00:00:00+00:00",
      nextDay: "2024-04-01T00:00:00+01:00",
      open: "01:30",
      dst: "compatible",
      opens: "2024-03-31T02:30:00+01:00",
      hours: 3.5, // 02:30–06:00 BST
    },
    {
      zone: "Europe/London",
      day: "2024-03-31T00:00:00+00:00",
      nextDay: "2024-04-01T00:00:00+01:00",
      open: "01:30",
      dst: "earlier",
      opens: "2024-03-31T00:30:00+00:00",
      hours: 4.5, // 00:30Z–05:00Z
    },
    // Lord Howe 2024-10-06: 02:00–02:30 does not exist (a 30-minute gap)
    {
      zone: "Australia/Lord_Howe",
      day: "2024-10-06T00:00:00+10:30",
      nextDay: "2024-10-07T00:00:00+11:00",
      open: "02:15",
      dst: "compatible",
      opens: "2024-10-06T02:45:00+11:00",
      hours: 3.25, // 02:45–06:00 +11:00
    },
    {
      zone: "Australia/Lord_Howe",
      day: "2024-10-06T00:00:00+10:30",
      nextDay: "2024-10-07T00:00:00+11:00",
      open: "02:15",
      dst: "earlier",
      opens: "2024-10-06T01:45:00+10:30",
      hours: 3.75, // 15:15Z–19:00Z
    },
    // Kolkata: no gap, the control
    {
      zone: "Asia/Kolkata",
      day: "2024-03-10T00:00:00+05:30",
      nextDay: "2024-03-11T00:00:00+05:30",
      open: "02:30",
      dst: "compatible",
      opens: "2024-03-10T02:30:00+05:30",
      hours: 3.5,
    },
  ] as const

  it.each(OPENING_IN_GAP)(
    "DST-1 gap: a range opening inside the spring-forward gap ($zone, open $open, dst $dst) opens at $opens",
    ({ zone, day, nextDay, open, dst, opens, hours }) => {
      const calendar = WorkingCalendar.make({
        timeZone: zone,
        dst,
        weekly: { sunday: [{ start: open, end: "06:00" }] },
      })
      expectInstant(BusinessTime.nextOpen(calendar, at(day)), opens)
      expect(ok(BusinessTime.isOpen(calendar, at(opens) - 1))).toBe(false)
      expect(ok(BusinessTime.isOpen(calendar, at(opens)))).toBe(true)
      expect(ok(BusinessTime.elapsed(calendar, at(day), at(nextDay)))).toBe(hours * H)
      expectInstant(BusinessTime.dueAt(calendar, at(day), H), iso(at(opens) + H))
    },
  )

  // A Sunday-only range starting at midnight and ending inside the gap.
  const ENDING_IN_GAP = [
    {
      zone: "America/New_York",
      day: "2024-03-10T00:00:00-05:00",
      end: "02:30",
      dst: "compatible",
      closes: "2024-03-10T03:30:00-04:00",
      minutes: 150,
    },
    {
      zone: "America/New_York",
      day: "2024-03-10T00:00:00-05:00",
      end: "02:30",
      dst: "earlier",
      closes: "2024-03-10T01:30:00-05:00",
      minutes: 90,
    },
    {
      zone: "Europe/London",
      day: "2024-03-31T00:00:00+00:00",
      end: "01:30",
      dst: "compatible",
      closes: "2024-03-31T02:30:00+01:00",
      minutes: 90,
    },
    {
      zone: "Europe/London",
      day: "2024-03-31T00:00:00+00:00",
      end: "01:30",
      dst: "earlier",
      closes: "2024-03-31T00:30:00+00:00",
      minutes: 30,
    },
    {
      zone: "Australia/Lord_Howe",
      day: "2024-10-06T00:00:00+10:30",
      end: "02:15",
      dst: "compatible",
      closes: "2024-10-06T02:45:00+11:00",
      minutes: 135,
    },
    {
      zone: "Australia/Lord_Howe",
      day: "2024-10-06T00:00:00+10:30",
      end: "02:15",
      dst: "earlier",
      closes: "2024-10-06T01:45:00+10:30",
      minutes: 105,
    },
    {
      zone: "Asia/Kolkata",
      day: "2024-03-10T00:00:00+05:30",
      end: "02:30",
      dst: "compatible",
      closes: "2024-03-10T02:30:00+05:30",
      minutes: 150,
    },
  ] as const

  it.each(ENDING_IN_GAP)(
    "DST-1 gap: a range ending inside the spring-forward gap ($zone, end $end, dst $dst) closes at $closes",
    ({ zone, day, end, dst, closes, minutes }) => {
      const calendar = WorkingCalendar.make({
        timeZone: zone,
        dst,
        weekly: { sunday: [{ start: "00:00", end }] },
      })
      const start = at(day)
      expect(ok(BusinessTime.elapsed(calendar, start, start + DAY))).toBe(minutes * MIN)
      // the whole range used up: an exact fit ends on the (resolved) end of the range
      expectInstant(BusinessTime.dueAt(calendar, start, minutes * MIN), closes)
      expectInstant(BusinessTime.previousClose(calendar, start + DAY), closes)
      expect(ok(BusinessTime.isOpen(calendar, at(closes) - 1))).toBe(true)
      expect(ok(BusinessTime.isOpen(calendar, at(closes)))).toBe(false)
    },
  )

  it.each([
    // from 00:30 before the gap to 00:00 of the next day: 23.5 h of wall clock minus
    // the gap (1 h; 30 min at Lord Howe)
    {
      zone: "America/New_York",
      from: "2024-03-10T00:30:00-05:00",
      to: "2024-03-11T00:00:00-04:00",
      hours: 22.5,
    },
    {
      zone: "Europe/London",
      from: "2024-03-31T00:30:00+00:00",
      to: "2024-04-01T00:00:00+01:00",
      hours: 22.5,
    },
    {
      zone: "Australia/Lord_Howe",
      from: "2024-10-06T00:30:00+10:30",
      to: "2024-10-07T00:00:00+11:00",
      hours: 23,
    },
    {
      zone: "Asia/Kolkata",
      from: "2024-03-10T00:30:00+05:30",
      to: "2024-03-11T00:00:00+05:30",
      hours: 23.5,
    },
  ])(
    "DST-1 gap: around the clock, the spring-forward day holds its wall-clock hours minus the gap ($zone)",
    ({ zone, from, to, hours }) => {
      const calendar = allHours(zone)
      expect(ok(BusinessTime.elapsed(calendar, at(from), at(to)))).toBe(hours * H)
      expectInstant(BusinessTime.dueAt(calendar, at(from), hours * H), to)
    },
  )

  it.each([
    // a night shift 22:00–24:00 + 00:00–06:00 from Saturday 22:00 before the clocks go
    // forward: 2 h Saturday + Sunday 00:00–06:00 minus the gap, then Sunday 22:00 on
    {
      zone: "America/New_York",
      start: "2024-03-09T22:00:00-05:00",
      due: "2024-03-10T23:00:00-04:00",
    },
    { zone: "Europe/London", start: "2024-03-30T22:00:00+00:00", due: "2024-03-31T23:00:00+01:00" },
    {
      zone: "Australia/Lord_Howe",
      start: "2024-10-05T22:00:00+10:30",
      due: "2024-10-06T22:30:00+11:00",
    },
    { zone: "Asia/Kolkata", start: "2024-03-09T22:00:00+05:30", due: "2024-03-10T06:00:00+05:30" },
  ])(
    "DST-1 gap: a night shift over the spring-forward night: 8 h from $start is $due ($zone)",
    ({ zone, start, due }) => {
      expectInstant(BusinessTime.dueAt(nightShift(zone), at(start), 8 * H), due)
    },
  )

  it.each([
    {
      zone: "America/New_York",
      date: "2024-03-10",
      start: "02:00",
      end: "03:00",
      from: "2024-03-10T00:00:00-05:00",
      to: "2024-03-11T00:00:00-04:00",
    },
    {
      zone: "Europe/London",
      date: "2024-03-31",
      start: "01:00",
      end: "02:00",
      from: "2024-03-31T00:00:00+00:00",
      to: "2024-04-01T00:00:00+01:00",
    },
    {
      zone: "Australia/Lord_Howe",
      date: "2024-10-06",
      start: "02:00",
      end: "02:30",
      from: "2024-10-06T00:00:00+10:30",
      to: "2024-10-07T00:00:00+11:00",
    },
  ])(
    "DST-1 gap: a range that is exactly the gap ($zone $start–$end) holds no business time, and its date is no business day",
    ({ zone, date, start, end, from, to }) => {
      const override = WorkingCalendar.make({
        timeZone: zone,
        weekly: { monday: [{ start: "09:00", end: "17:00" }] },
        overrides: [{ date, hours: [{ start, end }] }],
      })
      expect(ok(BusinessDays.isBusinessDay(override, date))).toBe(false)
      // the whole local date (the Monday after opens at 09:00, outside the window)
      expect(ok(BusinessTime.elapsed(override, at(from), at(to)))).toBe(0)
      expect(ok(BusinessTime.isOpen(override, at(from) + 2 * H))).toBe(false)
    },
  )

  it("DST-1 gap at midnight: America/Havana 2024-03-10 has no 00:00, the day starts at 01:00 CDT", () => {
    // Cuba springs forward at midnight: 2024-03-09 23:59:59 CST (−05:00) → 01:00 CDT (−04:00)
    const sundayNight = WorkingCalendar.make({
      timeZone: "America/Havana",
      weekly: { sunday: [{ start: "00:00", end: "08:00" }] },
    })
    expectInstant(
      BusinessTime.nextOpen(sundayNight, at("2024-03-09T20:00:00-05:00")),
      "2024-03-10T01:00:00-04:00",
    )
    expect(ok(BusinessTime.isOpen(sundayNight, at("2024-03-09T23:59:59-05:00")))).toBe(false)
    expect(
      ok(
        BusinessTime.elapsed(
          sundayNight,
          at("2024-03-09T00:00:00-05:00"),
          at("2024-03-11T00:00:00-04:00"),
        ),
      ),
    ).toBe(7 * H)
    expect(ok(BusinessDays.isBusinessDay(sundayNight, "2024-03-10"))).toBe(true)
    const always = allHours("America/Havana")
    // Saturday (24 h) + Sunday (23 h)
    expect(
      ok(
        BusinessTime.elapsed(
          always,
          at("2024-03-09T00:00:00-05:00"),
          at("2024-03-11T00:00:00-04:00"),
        ),
      ),
    ).toBe(47 * H)
    expectInstant(
      BusinessTime.dueAt(always, at("2024-03-09T23:30:00-05:00"), H),
      "2024-03-10T01:30:00-04:00",
    )
  })

  it("DST-1 gap at midnight: dst 'earlier' moves a 00:00 opening in the gap back to 23:00 the evening before (America/Havana)", () => {
    const sundayNight = WorkingCalendar.make({
      timeZone: "America/Havana",
      dst: "earlier",
      weekly: { sunday: [{ start: "00:00", end: "08:00" }] },
    })
    expectInstant(
      BusinessTime.nextOpen(sundayNight, at("2024-03-09T20:00:00-05:00")),
      "2024-03-09T23:00:00-05:00",
    )
    expect(
      ok(
        BusinessTime.elapsed(
          sundayNight,
          at("2024-03-09T00:00:00-05:00"),
          at("2024-03-11T00:00:00-04:00"),
        ),
      ),
    ).toBe(8 * H)
  })

  it("DST-1 gap at midnight: America/Sao_Paulo 2018-11-04 starts at 01:00 −02:00", () => {
    // Brazil sprang forward at midnight: 2018-11-03 23:59:59 −03:00 → 01:00 −02:00
    const sundayNight = WorkingCalendar.make({
      timeZone: "America/Sao_Paulo",
      weekly: { sunday: [{ start: "00:00", end: "08:00" }] },
    })
    expectInstant(
      BusinessTime.nextOpen(sundayNight, at("2018-11-03T22:00:00-03:00")),
      "2018-11-04T01:00:00-02:00",
    )
    expectInstant(
      BusinessTime.dueAt(sundayNight, at("2018-11-03T22:00:00-03:00"), 7 * H),
      "2018-11-04T08:00:00-02:00",
    )
    expect(
      ok(
        BusinessTime.elapsed(
          allHours("America/Sao_Paulo"),
          at("2018-11-04T01:00:00-02:00"),
          at("2018-11-05T00:00:00-02:00"),
        ),
      ),
    ).toBe(23 * H)
  })

  const FOLDS = [
    // +1 h from the first 01:30 lands on the second 01:30 (Lord Howe: on 02:00 of
    // the standard offset, since its fold is only 30 minutes long)
    {
      zone: "America/New_York",
      first: "2024-11-03T01:30:00-04:00",
      plusHour: "2024-11-03T01:30:00-05:00",
    },
    {
      zone: "Europe/London",
      first: "2024-10-27T01:30:00+01:00",
      plusHour: "2024-10-27T01:30:00+00:00",
    },
    {
      zone: "Australia/Lord_Howe",
      first: "2024-04-07T01:30:00+11:00",
      plusHour: "2024-04-07T02:00:00+10:30",
    },
    {
      zone: "Asia/Kolkata",
      first: "2024-11-03T01:30:00+05:30",
      plusHour: "2024-11-03T02:30:00+05:30",
    },
  ] as const

  it.each(FOLDS)(
    "DST-2 fold: on a 24/7 calendar +1 h from $first is $plusHour, 3,600 s later ($zone)",
    ({ zone, first, plusHour }) => {
      const calendar = allHours(zone)
      const due = ok(BusinessTime.dueAt(calendar, at(first), H))
      expect(due - at(first)).toBe(3_600_000)
      expect(iso(due)).toBe(iso(at(plusHour)))
      expect(ok(BusinessTime.elapsed(calendar, at(first), at(plusHour)))).toBe(H)
    },
  )

  it.each([
    // a range over the whole repeated hour holds it twice (compatible: the start is
    // the first occurrence; the end is not ambiguous)
    {
      zone: "America/New_York",
      day: "2024-11-03T00:00:00-04:00",
      start: "01:00",
      end: "02:00",
      hours: 2,
    },
    {
      zone: "Europe/London",
      day: "2024-10-27T00:00:00+01:00",
      start: "01:00",
      end: "02:00",
      hours: 2,
    },
    {
      zone: "Australia/Lord_Howe",
      day: "2024-04-07T00:00:00+11:00",
      start: "01:30",
      end: "02:00",
      hours: 1,
    },
    {
      zone: "Asia/Kolkata",
      day: "2024-11-03T00:00:00+05:30",
      start: "01:00",
      end: "02:00",
      hours: 1,
    },
  ])(
    "DST-2 fold: a range $start–$end over the repeated hour holds $hours h, and elapsed is antisymmetric ($zone)",
    ({ zone, day, start, end, hours }) => {
      const calendar = WorkingCalendar.make({
        timeZone: zone,
        weekly: { sunday: [{ start, end }] },
      })
      const from = at(day)
      expect(ok(BusinessTime.elapsed(calendar, from, from + DAY))).toBe(hours * H)
      expect(ok(BusinessTime.elapsed(calendar, from + DAY, from))).toBe(-hours * H)
      expect(
        ok(BusinessTime.dueAt(calendar, from, hours * H)) -
          ok(BusinessTime.nextOpen(calendar, from)),
      ).toBe(hours * H)
    },
  )

  it("DST-2 fold: +30 min from the first 01:30 at Lord Howe is the second 01:30", () => {
    expectInstant(
      BusinessTime.dueAt(
        allHours("Australia/Lord_Howe"),
        at("2024-04-07T01:30:00+11:00"),
        30 * MIN,
      ),
      "2024-04-07T01:30:00+10:30",
    )
  })

  const DAY_LENGTHS = [
    {
      zone: "America/New_York",
      fallBack: ["2024-11-03T00:00:00-04:00", "2024-11-03T10:00:00-05:00"],
      springForward: ["2024-03-10T00:00:00-05:00", "2024-03-10T10:00:00-04:00"],
      fallMinutes: 660,
      springMinutes: 540,
    },
    {
      zone: "Europe/London",
      fallBack: ["2024-10-27T00:00:00+01:00", "2024-10-27T10:00:00+00:00"],
      springForward: ["2024-03-31T00:00:00+00:00", "2024-03-31T10:00:00+01:00"],
      fallMinutes: 660,
      springMinutes: 540,
    },
    {
      zone: "Australia/Lord_Howe",
      fallBack: ["2024-04-07T00:00:00+11:00", "2024-04-07T10:00:00+10:30"],
      springForward: ["2024-10-06T00:00:00+10:30", "2024-10-06T10:00:00+11:00"],
      fallMinutes: 630,
      springMinutes: 570,
    },
    {
      zone: "Asia/Kolkata",
      fallBack: ["2024-11-03T00:00:00+05:30", "2024-11-03T10:00:00+05:30"],
      springForward: ["2024-03-10T00:00:00+05:30", "2024-03-10T10:00:00+05:30"],
      fallMinutes: 600,
      springMinutes: 600,
    },
  ] as const

  it.each(DAY_LENGTHS)(
    "DST-2 fold: elapsed(00:00, 10:00) is $fallMinutes min on the fall-back day and $springMinutes min on the spring-forward day ($zone)",
    ({ zone, fallBack, springForward, fallMinutes, springMinutes }) => {
      const always = allHours(zone)
      expect(ok(BusinessTime.elapsed(always, at(fallBack[0]), at(fallBack[1])))).toBe(
        fallMinutes * MIN,
      )
      expect(ok(BusinessTime.elapsed(always, at(springForward[0]), at(springForward[1])))).toBe(
        springMinutes * MIN,
      )
      // the documented example: a working day of 00:00–10:00 holds 11 h (here) on the
      // night the clocks go back and 9 h on the night they go forward
      const mornings = WorkingCalendar.make({
        timeZone: zone,
        weekly: everyDay([{ start: "00:00", end: "10:00" }]),
      })
      const fallDay = at(fallBack[0])
      const springDay = at(springForward[0])
      expect(ok(BusinessTime.elapsed(mornings, fallDay, fallDay + 23 * H))).toBe(fallMinutes * MIN)
      expect(ok(BusinessTime.elapsed(mornings, springDay, springDay + 23 * H))).toBe(
        springMinutes * MIN,
      )
      expectInstant(BusinessTime.dueAt(mornings, fallDay, fallMinutes * MIN), fallBack[1])
      expectInstant(BusinessTime.dueAt(mornings, springDay, springMinutes * MIN), springForward[1])
    },
  )

  it.each([
    // a night shift 22:00–24:00 + 00:00–06:00 started Saturday 22:00; 8 h of real
    // time later is 05:00 standard time (the repeated hour counts twice)
    {
      zone: "America/New_York",
      start: "2024-11-02T22:00:00-04:00",
      due: "2024-11-03T05:00:00-05:00",
    },
    { zone: "Europe/London", start: "2024-10-26T22:00:00+01:00", due: "2024-10-27T05:00:00+00:00" },
    {
      zone: "Australia/Lord_Howe",
      start: "2024-04-06T22:00:00+11:00",
      due: "2024-04-07T05:30:00+10:30",
    },
    { zone: "Asia/Kolkata", start: "2024-11-02T22:00:00+05:30", due: "2024-11-03T06:00:00+05:30" },
  ])(
    "DST-2 fold: a night shift over the repeated hour: 8 h from $start is $due ($zone)",
    ({ zone, start, due }) => {
      expectInstant(BusinessTime.dueAt(nightShift(zone), at(start), 8 * H), due)
    },
  )

  it.each([
    {
      zone: "America/New_York",
      day: "2024-11-03T00:00:00-04:00",
      open: "01:30",
      compatible: "2024-11-03T01:30:00-04:00",
      later: "2024-11-03T01:30:00-05:00",
      compatibleHours: 4.5,
      laterHours: 3.5,
    },
    {
      zone: "Europe/London",
      day: "2024-10-27T00:00:00+01:00",
      open: "01:30",
      compatible: "2024-10-27T01:30:00+01:00",
      later: "2024-10-27T01:30:00+00:00",
      compatibleHours: 4.5,
      laterHours: 3.5,
    },
    {
      zone: "Australia/Lord_Howe",
      day: "2024-04-07T00:00:00+11:00",
      open: "01:45",
      compatible: "2024-04-07T01:45:00+11:00",
      later: "2024-04-07T01:45:00+10:30",
      compatibleHours: 3.75,
      laterHours: 3.25,
    },
  ])(
    "DST-2 fold: a range opening in the repeated hour opens at its earlier occurrence (compatible, earlier) or later one (later) ($zone)",
    ({ zone, day, open, compatible, later, compatibleHours, laterHours }) => {
      const make = (dst: WorkingCalendar.DstPolicy) =>
        WorkingCalendar.make({
          timeZone: zone,
          dst,
          weekly: { sunday: [{ start: open, end: "05:00" }] },
        })
      for (const [dst, opens, hours] of [
        ["compatible", compatible, compatibleHours],
        ["earlier", compatible, compatibleHours],
        ["later", later, laterHours],
      ] as const) {
        const calendar = make(dst)
        expectInstant(BusinessTime.nextOpen(calendar, at(day)), opens)
        expect(ok(BusinessTime.elapsed(calendar, at(day), at(day) + DAY))).toBe(hours * H)
      }
    },
  )

  it("DST-3 zone independence: results do not change with the process zone (calendars in other zones)", () => {
    const saved = process.env.TZ
    const compute = () => {
      const ny = office("America/New_York")
      const london = office("Europe/London", { holidays: [{ date: "2024-12-25", yearly: true }] })
      const lordHowe = office("Australia/Lord_Howe")
      const kolkata = office("Asia/Kolkata", { holidays: [{ date: "2024-01-26" }] })
      return [
        // Friday 16:00 EST + 2 h: 1 h on Friday, then Monday 09:00 EDT (after the switch) + 1 h
        iso(ok(BusinessTime.dueAt(ny, at("2024-03-08T16:00:00-05:00"), 2 * H))),
        // Friday 16:00 +11:00 + 2 h over the fold weekend: Monday 10:00 +10:30
        iso(ok(BusinessTime.dueAt(lordHowe, at("2024-04-05T16:00:00+11:00"), 2 * H))),
        iso(ok(BusinessTime.dueAt(london, at("2025-12-24T16:00:00+00:00"), 2 * H))),
        iso(ok(BusinessTime.dueAt(kolkata, at("2024-01-25T16:00:00+05:30"), 2 * H))),
        ok(BusinessDays.isBusinessDay(london, "2030-12-25")),
        ok(
          BusinessTime.elapsed(
            ny,
            at("2024-11-01T09:00:00-04:00"),
            at("2024-11-04T17:00:00-05:00"),
          ),
        ),
      ]
    }
    const expected = [
      iso(at("2024-03-11T10:00:00-04:00")),
      iso(at("2024-04-08T10:00:00+10:30")),
      iso(at("2025-12-26T10:00:00+00:00")),
      iso(at("2024-01-29T10:00:00+05:30")),
      false,
      16 * H,
    ]
    // the process zones, with their offsets on 1970-01-01 as getTimezoneOffset gives them
    const offsets1970: Record<string, number> = {
      UTC: 0,
      "Europe/Berlin": -60,
      "Asia/Kolkata": -330,
      "Pacific/Auckland": -720,
    }
    const processZones = Object.keys(offsets1970)
    try {
      for (const tz of processZones) {
        process.env.TZ = tz
        // the process zone really changed, and the calendars' zones differ from it
        expect(new Date(0).getTimezoneOffset()).toBe(offsets1970[tz])
        expect(compute()).toEqual(expected)
      }
    } finally {
      if (saved === undefined) delete process.env.TZ
      else process.env.TZ = saved
    }
  })

  it.each([
    // 23:30 UTC on the 25th is already the 26th (the holiday) in Kolkata
    {
      zone: "Asia/Kolkata",
      holiday: "2024-01-26",
      ticket: "2024-01-25T23:30:00Z",
      open: false,
      due: "2024-01-29T01:00:00+05:30",
    },
    // 23:30 UTC on the 24th is already the 25th (the holiday) at Lord Howe (+11:00)
    {
      zone: "Australia/Lord_Howe",
      holiday: "2024-12-25",
      ticket: "2024-12-24T13:30:00Z",
      open: false,
      due: "2024-12-26T01:00:00+11:00",
    },
    // the reverse: the UTC date is the holiday, the local date is still the day before
    {
      zone: "America/New_York",
      holiday: "2024-07-04",
      ticket: "2024-07-04T02:00:00Z",
      open: true,
      due: "2024-07-03T23:00:00-04:00",
    },
    // the reverse again: 23:30 GMT on the 24th, the holiday is the 25th; 30 min that
    // night, then the rest on the 26th
    {
      zone: "Europe/London",
      holiday: "2024-12-25",
      ticket: "2024-12-24T23:30:00Z",
      open: true,
      due: "2024-12-26T00:30:00+00:00",
    },
  ])(
    "DST-4 holiday dates are dates of the calendar's zone: a ticket at $ticket with holiday $holiday ($zone) is due $due",
    ({ zone, holiday, ticket, open, due }) => {
      // weekdays around the clock, so that only the holiday closes anything
      const hours = [{ start: "00:00", end: "24:00" }]
      const calendar = WorkingCalendar.make({
        timeZone: zone,
        weekly: { monday: hours, tuesday: hours, wednesday: hours, thursday: hours, friday: hours },
        holidays: [{ date: holiday }],
      })
      expect(ok(BusinessDays.isBusinessDay(calendar, holiday))).toBe(false)
      expect(ok(BusinessTime.isOpen(calendar, at(ticket)))).toBe(open)
      expectInstant(BusinessTime.dueAt(calendar, at(ticket), H), due)
    },
  )

  it("DST-4 holiday dates: New York, 2024-07-04 evening local (already 07-05 in UTC) is still the holiday", () => {
    const calendar = WorkingCalendar.make({
      timeZone: "America/New_York",
      weekly: everyDay([{ start: "00:00", end: "24:00" }]),
      holidays: [{ date: "2024-07-04" }],
    })
    // 2024-07-05T02:00Z is 22:00 EDT on the 4th: closed; opens at midnight EDT
    expect(ok(BusinessTime.isOpen(calendar, at("2024-07-05T02:00:00Z")))).toBe(false)
    expectInstant(
      BusinessTime.nextOpen(calendar, at("2024-07-05T02:00:00Z")),
      "2024-07-05T00:00:00-04:00",
    )
    // 3 h from Wednesday 22:00 EDT: 2 h on Wednesday, the 4th closed, 1 h on the 5th
    expectInstant(
      BusinessTime.dueAt(calendar, at("2024-07-03T22:00:00-04:00"), 3 * H),
      "2024-07-05T01:00:00-04:00",
    )
  })

  it("DST-5 skipped local date: Pacific/Apia 2011-12-30 has no business time, nothing hangs, and dueAt crosses it", () => {
    // Samoa jumped from 2011-12-29 23:59:59 (−10:00) to 2011-12-31 00:00 (+14:00)
    quickly(1000, () => {
      const office5 = office("Pacific/Apia")
      const always = allHours("Pacific/Apia")
      expect(ok(BusinessDays.isBusinessDay(office5, "2011-12-30"))).toBe(false)
      expect(ok(BusinessDays.isBusinessDay(always, "2011-12-30"))).toBe(false)
      expect(ok(BusinessDays.isBusinessDay(always, "2011-12-29"))).toBe(true)
      expect(ok(BusinessDays.isBusinessDay(always, "2011-12-31"))).toBe(true)
      // Thursday 16:00 + 2 h: 1 h Thursday, Friday does not exist, weekend, Monday 10:00
      expectInstant(
        BusinessTime.dueAt(office5, at("2011-12-29T16:00:00-10:00"), 2 * H),
        "2012-01-02T10:00:00+14:00",
      )
      expect(
        ok(
          BusinessTime.elapsed(
            office5,
            at("2011-12-29T17:00:00-10:00"),
            at("2012-01-02T09:00:00+14:00"),
          ),
        ),
      ).toBe(0)
      expectInstant(
        BusinessTime.nextOpen(office5, at("2011-12-29T17:00:00-10:00")),
        "2012-01-02T09:00:00+14:00",
      )
      expectInstant(
        BusinessTime.previousClose(office5, at("2012-01-02T08:00:00+14:00")),
        "2011-12-29T17:00:00-10:00",
      )
      // around the clock: Thursday 23:00 + 2 h is Saturday 01:00
      expectInstant(
        BusinessTime.dueAt(always, at("2011-12-29T23:00:00-10:00"), 2 * H),
        "2011-12-31T01:00:00+14:00",
      )
      expect(
        ok(
          BusinessTime.elapsed(
            always,
            at("2011-12-29T00:00:00-10:00"),
            at("2011-12-31T00:00:00+14:00"),
          ),
        ),
      ).toBe(24 * H)
      expect(ok(BusinessDays.add(office5, "2011-12-29", 1))).toBe("2012-01-02")
      expect(ok(BusinessDays.add(office5, "2012-01-02", -1))).toBe("2011-12-29")
      expect(ok(BusinessDays.add(always, "2011-12-31", -1))).toBe("2011-12-29")
      expect(ok(BusinessDays.add(always, "2011-12-30", 0))).toBe("2011-12-31")
      expect(ok(BusinessDays.add(always, "2011-12-29", 1))).toBe("2011-12-31")
      expect(ok(BusinessDays.between(always, "2011-12-28", "2011-12-31"))).toBe(2)
    })
  })

  it("DST-6 offset-rule change: a deadline is a plain instant; storing it with the calendar revision keeps it, a recompute after an edit moves only the new value", () => {
    const v1 = office("Europe/London", { name: "Support" })
    expect(v1.revision).toBe(1)
    // Tuesday 2024-12-24 10:00 + 8 h: 7 h on Tuesday, 1 h on Wednesday the 25th
    const due = ok(BusinessTime.dueAt(v1, at("2024-12-24T10:00:00+00:00"), 8 * H))
    expect(typeof due).toBe("number")
    expect(Number.isSafeInteger(due)).toBe(true)
    expect(iso(due)).toBe(iso(at("2024-12-25T10:00:00+00:00")))
    const stored = JSON.parse(JSON.stringify({ dueAt: due, calendarRevision: v1.revision })) as {
      dueAt: number
      calendarRevision: number
    }
    expect(stored).toEqual({ dueAt: at("2024-12-25T10:00:00Z"), calendarRevision: 1 })
    // the edit: Christmas becomes a holiday (a new calendar object, revision 2)
    const v2 = office("Europe/London", {
      name: "Support",
      revision: 2,
      holidays: [{ date: "2024-12-25" }],
    })
    const recomputed = ok(BusinessTime.dueAt(v2, at("2024-12-24T10:00:00+00:00"), 8 * H))
    expect(iso(recomputed)).toBe(iso(at("2024-12-26T10:00:00+00:00")))
    expect(stored.dueAt).toBe(at("2024-12-25T10:00:00+00:00"))
    expect(stored.calendarRevision).not.toBe(v2.revision)
    // the old calendar object is untouched and still gives the old deadline
    expect(v1.revision).toBe(1)
    expect(v1.holidays).toEqual([])
    expectInstant(
      BusinessTime.dueAt(v1, at("2024-12-24T10:00:00+00:00"), 8 * H),
      "2024-12-25T10:00:00+00:00",
    )
  })

  it("DST-7 ticket zone ≠ schedule zone ≠ viewer zone, and assignee-based schedules: the deadline is one instant however it is written", () => {
    // a ticket opened at 11:00 in New York (Friday 2024-06-07), handled by a London
    // team (09:00–17:00 BST), viewed from Kolkata
    const ticket = at("2024-06-07T11:00:00-04:00") // = 16:00 BST
    const london = office("Europe/London")
    const due = ok(BusinessTime.dueAt(london, ticket, 2 * H))
    expect(typeof due).toBe("number")
    // 1 h on Friday, Monday 09:00 BST + 1 h
    expect(due).toBe(at("2024-06-10T10:00:00+01:00"))
    expect(due).toBe(at("2024-06-10T05:00:00-04:00"))
    expect(due).toBe(at("2024-06-10T14:30:00+05:30"))
    // the viewer's zone only changes how it is written: 14:30 on a Kolkata wall clock
    expect(new Date(due + 5.5 * H).toISOString()).toBe("2024-06-10T14:30:00.000Z")
    // the same ticket assigned to a Kolkata agent (09:00–17:00 IST): Friday 20:30 IST
    // is closed, so Monday 09:00 IST + 2 h
    const kolkata = office("Asia/Kolkata")
    expectInstant(BusinessTime.dueAt(kolkata, ticket, 2 * H), "2024-06-10T11:00:00+05:30")
    // a Lord Howe agent: Friday 2024-06-07 11:00 −04:00 = Saturday 01:30 +10:30: Monday 11:00
    expectInstant(
      BusinessTime.dueAt(office("Australia/Lord_Howe"), ticket, 2 * H),
      "2024-06-10T11:00:00+10:30",
    )
    // a calendar edit on one assignee's schedule moves only what is recomputed on it
    const londonV2 = office("Europe/London", { revision: 2, holidays: [{ date: "2024-06-10" }] })
    expectInstant(BusinessTime.dueAt(londonV2, ticket, 2 * H), "2024-06-11T10:00:00+01:00")
    expect(due).toBe(at("2024-06-10T10:00:00+01:00"))
  })
})

// ---------------------------------------------------------------------------
// (c) Interval boundaries and arithmetic
// ---------------------------------------------------------------------------

describe("Interval boundaries and arithmetic", () => {
  it.each(ZONES)(
    "BND-8 boundaries are half-open [open, close): start at open, at close and 1 ms before close ($zone)",
    ({ zone, june }) => {
      const calendar = office(zone)
      // Wednesday 2024-06-12
      const open = at(`2024-06-12T09:00:00${june}`)
      const close = at(`2024-06-12T17:00:00${june}`)
      const nextOpenAt = `2024-06-13T09:00:00${june}`
      expect(ok(BusinessTime.isOpen(calendar, open))).toBe(true)
      expect(ok(BusinessTime.isOpen(calendar, open - 1))).toBe(false)
      expect(ok(BusinessTime.isOpen(calendar, close - 1))).toBe(true)
      expect(ok(BusinessTime.isOpen(calendar, close))).toBe(false)
      expectInstant(BusinessTime.dueAt(calendar, open, H), `2024-06-12T10:00:00${june}`)
      expectInstant(BusinessTime.dueAt(calendar, open, 8 * H), `2024-06-12T17:00:00${june}`)
      // at close: nothing left today
      expectInstant(BusinessTime.dueAt(calendar, close, 1), `2024-06-13T09:00:00.001${june}`)
      expectInstant(BusinessTime.dueAt(calendar, close, H), `2024-06-13T10:00:00${june}`)
      // 1 ms before close: 1 ms fits exactly, 2 ms spill into tomorrow
      expectInstant(BusinessTime.dueAt(calendar, close - 1, 1), `2024-06-12T17:00:00${june}`)
      expectInstant(BusinessTime.dueAt(calendar, close - 1, 2), `2024-06-13T09:00:00.001${june}`)
      expect(ok(BusinessTime.elapsed(calendar, close - 1, close))).toBe(1)
      expect(ok(BusinessTime.elapsed(calendar, open, close))).toBe(8 * H)
      expect(ok(BusinessTime.elapsed(calendar, close, at(nextOpenAt)))).toBe(0)
      expectInstant(BusinessTime.nextOpen(calendar, open), `2024-06-12T09:00:00${june}`)
      expectInstant(BusinessTime.nextOpen(calendar, close), nextOpenAt)
      expectInstant(BusinessTime.nextOpen(calendar, close - 1), `2024-06-12T16:59:59.999${june}`)
      expectInstant(BusinessTime.previousClose(calendar, close), `2024-06-12T17:00:00${june}`)
      expectInstant(BusinessTime.previousClose(calendar, close - 1), `2024-06-11T17:00:00${june}`)
    },
  )

  it.each(ZONES)(
    "BND-9 exact fit: Fri 16:00 + 1 h = Fri 17:00, not Mon 09:00 ($zone)",
    ({ zone, june }) => {
      const calendar = office(zone)
      const friday4pm = at(`2024-06-14T16:00:00${june}`)
      expectInstant(BusinessTime.dueAt(calendar, friday4pm, H), `2024-06-14T17:00:00${june}`)
      expectInstant(
        BusinessTime.dueAt(calendar, at(`2024-06-14T09:00:00${june}`), 8 * H),
        `2024-06-14T17:00:00${june}`,
      )
      // one more millisecond goes to Monday
      expectInstant(
        BusinessTime.dueAt(calendar, friday4pm, H + 1),
        `2024-06-17T09:00:00.001${june}`,
      )
      // 5 full days from Monday 09:00 end on Friday 17:00
      expectInstant(
        BusinessTime.dueAt(calendar, at(`2024-06-10T09:00:00${june}`), 40 * H),
        `2024-06-14T17:00:00${june}`,
      )
    },
  )

  it.each(ZONES)(
    "BND-10 start outside hours: Fri 17:00 + 1 min = Mon 09:01; Fri 16:59:30 + 1 min = Mon 09:00:30 ($zone)",
    ({ zone, june }) => {
      const calendar = office(zone)
      expectInstant(
        BusinessTime.dueAt(calendar, at(`2024-06-14T17:00:00${june}`), MIN),
        `2024-06-17T09:01:00${june}`,
      )
      expectInstant(
        BusinessTime.dueAt(calendar, at(`2024-06-14T16:59:30${june}`), MIN),
        `2024-06-17T09:00:30${june}`,
      )
      expectInstant(
        BusinessTime.dueAt(calendar, at(`2024-06-15T12:00:00${june}`), MIN),
        `2024-06-17T09:01:00${june}`,
      )
      expectInstant(
        BusinessTime.dueAt(calendar, at(`2024-06-17T06:00:00${june}`), 90 * S),
        `2024-06-17T09:01:30${june}`,
      )
      expectInstant(
        BusinessTime.dueAt(calendar, at(`2024-06-14T16:59:59.999${june}`), 1),
        `2024-06-14T17:00:00${june}`,
      )
    },
  )

  it.each(ZONES)(
    "BND-11 zero duration returns the start itself, open or closed ($zone)",
    ({ zone, june }) => {
      const calendar = office(zone)
      for (const start of [
        `2024-06-12T10:00:00${june}`, // open
        `2024-06-12T17:00:00${june}`, // at close
        `2024-06-15T12:00:00${june}`, // Saturday
        `2024-06-12T03:17:42.123${june}`, // before opening
      ]) {
        expectInstant(BusinessTime.dueAt(calendar, at(start), 0), start)
      }
      // nothing to do is done at once even on a calendar closed for ever after
      const closedForever = office(zone, {
        holidays: [{ date: "2024-01-01", through: "2024-12-31" }],
      })
      expectInstant(
        BusinessTime.dueAt(closedForever, at(`2024-06-12T10:00:00${june}`), 0, { horizonDays: 5 }),
        `2024-06-12T10:00:00${june}`,
      )
    },
  )

  it.each(ZONES)(
    "BND-11 zero duration keeps dueAt composable: dueAt(dueAt(s, a), b) = dueAt(s, a + b) and elapsed(s, dueAt(s, d)) = d ($zone)",
    ({ zone }) => {
      const calendar = office(zone, {
        breaks: [{ start: "12:00", end: "12:30" }],
        holidays: [{ date: "2024-12-25", yearly: true }],
      })
      const starts = FastCheck.integer({
        min: Date.UTC(2024, 0, 1),
        max: Date.UTC(2026, 0, 1),
      })
      const durations = FastCheck.oneof(
        FastCheck.constant(0),
        FastCheck.integer({ min: 0, max: 60 * H }),
        FastCheck.integer({ min: 0, max: 16 }).map((n) => n * 30 * MIN),
      )
      FastCheck.assert(
        FastCheck.property(starts, durations, durations, (s, a, b) => {
          const first = ok(BusinessTime.dueAt(calendar, s, a))
          const both = ok(BusinessTime.dueAt(calendar, first, b))
          expect(iso(both)).toBe(iso(ok(BusinessTime.dueAt(calendar, s, a + b))))
          expect(ok(BusinessTime.elapsed(calendar, s, first))).toBe(a)
          if (a === 0) expect(first).toBe(s)
        }),
        { numRuns: 200 },
      )
    },
  )

  describe("BND-12 invalid input and impossible schedules fail with CalendarError, quickly", () => {
    it.each([
      { name: "negative", duration: -1 },
      { name: "-1 h", duration: -H },
      { name: "NaN", duration: Number.NaN },
      { name: "Infinity", duration: Number.POSITIVE_INFINITY },
      { name: "-Infinity", duration: Number.NEGATIVE_INFINITY },
      { name: "fractional", duration: 1.5 },
      { name: "unsafe integer", duration: 2 ** 53 },
    ])("BND-12 invalid duration ($name) is InvalidArgument naming 'duration'", ({ duration }) => {
      const calendar = office("America/New_York")
      const result = quickly(200, () =>
        BusinessTime.dueAt(calendar, at("2024-06-12T10:00:00-04:00"), duration),
      )
      expectFailure(result, "InvalidArgument", "duration")
    })

    it("BND-12 invalid instants (NaN from a bad date, Infinity, fractional) are InvalidArgument naming the argument", () => {
      const calendar = office("Europe/London")
      const badDate = Date.parse("2024-02-30T25:00:00Z")
      expect(Number.isNaN(badDate)).toBe(true)
      expectFailure(BusinessTime.dueAt(calendar, badDate, H), "InvalidArgument", "start")
      expectFailure(
        BusinessTime.dueAt(calendar, Number.POSITIVE_INFINITY, H),
        "InvalidArgument",
        "start",
      )
      expectFailure(BusinessTime.dueAt(calendar, 0.5, H), "InvalidArgument", "start")
      expectFailure(BusinessTime.elapsed(calendar, Number.NaN, 0), "InvalidArgument", "from")
      expectFailure(BusinessTime.elapsed(calendar, 0, Number.NaN), "InvalidArgument", "to")
      expectFailure(BusinessTime.isOpen(calendar, Number.NaN), "InvalidArgument", "instant")
      expectFailure(BusinessTime.nextOpen(calendar, Number.NaN), "InvalidArgument", "instant")
      expectFailure(BusinessTime.previousClose(calendar, Number.NaN), "InvalidArgument", "instant")
      expectFailure(
        BusinessTime.dueAt(calendar, 0, H, { horizonDays: 0 }),
        "InvalidArgument",
        "horizonDays",
      )
      expectFailure(
        BusinessTime.dueAt(calendar, 0, H, { horizonDays: Number.NaN }),
        "InvalidArgument",
        "horizonDays",
      )
      expectFailure(BusinessDays.add(calendar, "2024-02-30", 1), "InvalidArgument", "date")
      expectFailure(BusinessDays.add(calendar, "2024-06-12", 1.5), "InvalidArgument", "n")
      expectFailure(BusinessDays.add(calendar, "2024-06-12", Number.NaN), "InvalidArgument", "n")
      expectFailure(
        BusinessDays.add(calendar, "2024-06-12", Number.POSITIVE_INFINITY),
        "InvalidArgument",
        "n",
      )
      expectFailure(BusinessDays.between(calendar, "not a date", "2024-06-12"), "InvalidArgument")
      expectFailure(BusinessDays.isBusinessDay(calendar, "2023-02-29"), "InvalidArgument")
    })

    it.each(ZONES)(
      "BND-12 a calendar with no working time is NoWorkingTime, not a hang ($zone)",
      ({ zone }) => {
        const start = at("2024-06-12T10:00:00Z")
        const empty = WorkingCalendar.make({ timeZone: zone, weekly: {} })
        const onlyClosures = WorkingCalendar.make({
          timeZone: zone,
          weekly: {},
          overrides: [{ date: "2024-06-13", hours: [] }],
        })
        const allBreak = office(zone, { breaks: [{ start: "08:00", end: "18:00" }] })
        for (const calendar of [empty, onlyClosures, allBreak]) {
          quickly(500, () => {
            expectFailure(BusinessTime.dueAt(calendar, start, H), "NoWorkingTime")
            expectFailure(BusinessTime.nextOpen(calendar, start), "NoWorkingTime")
            expectFailure(BusinessTime.previousClose(calendar, start), "NoWorkingTime")
            expect(ok(BusinessTime.isOpen(calendar, start))).toBe(false)
            expect(ok(BusinessTime.elapsed(calendar, start, start + 30 * DAY))).toBe(0)
          })
        }
        // a single override with hours is working time
        const oneDay = WorkingCalendar.make({
          timeZone: zone,
          weekly: {},
          overrides: [{ date: "2024-06-20", hours: [{ start: "10:00", end: "11:00" }] }],
        })
        expect(Either.isRight(BusinessTime.dueAt(oneDay, start, H))).toBe(true)
      },
    )

    it.each(ZONES)(
      "BND-12 an all-holiday horizon is HorizonExceeded, quickly ($zone)",
      ({ zone, winter, june }) => {
        // every day of every year is a holiday (a yearly run of 366 days from 1 January)
        const alwaysOnHoliday = office(zone, {
          holidays: [{ date: "2024-01-01", through: "2024-12-31", yearly: true }],
        })
        const start = at(`2024-06-12T10:00:00${june}`)
        quickly(2000, () => {
          expectFailure(BusinessTime.dueAt(alwaysOnHoliday, start, H), "HorizonExceeded")
          expectFailure(BusinessTime.nextOpen(alwaysOnHoliday, start), "HorizonExceeded")
          expectFailure(BusinessDays.add(alwaysOnHoliday, "2024-06-12", 1), "HorizonExceeded")
          expectFailure(
            BusinessTime.dueAt(alwaysOnHoliday, start, H, { horizonDays: 36_600 }),
            "HorizonExceeded",
          )
        })
        // looking back, the yearly rule starts on 2024-01-01: the last close is
        // Friday 2023-12-29 17:00
        expectInstant(
          BusinessTime.previousClose(alwaysOnHoliday, start),
          `2023-12-29T17:00:00${winter}`,
        )
        expectFailure(
          BusinessTime.previousClose(alwaysOnHoliday, start, { horizonDays: 100 }),
          "HorizonExceeded",
        )
        // a one-off closure of all 2024: beyond a short horizon it fails; a horizon
        // reaching 2025 finds Wednesday 2025-01-01 09:00 + 1 h
        const closed2024 = office(zone, {
          holidays: [{ date: "2024-01-01", through: "2024-12-31" }],
        })
        const newYear = at(`2024-01-01T09:00:00${winter}`)
        expectFailure(
          BusinessTime.dueAt(closed2024, newYear, H, { horizonDays: 300 }),
          "HorizonExceeded",
        )
        expectInstant(
          BusinessTime.dueAt(closed2024, newYear, H, { horizonDays: 400 }),
          `2025-01-01T10:00:00${winter}`,
        )
        // 10,000 business hours on a calendar open one day a year
        const oncePerYear = WorkingCalendar.make({
          timeZone: zone,
          weekly: {},
          overrides: [{ date: "2024-06-20", hours: [{ start: "09:00", end: "17:00" }] }],
        })
        quickly(2000, () =>
          expectFailure(BusinessTime.dueAt(oncePerYear, start, 10_000 * H), "HorizonExceeded"),
        )
      },
    )
  })

  it.each([
    // 72 h around the clock from Saturday 00:00 across the fall-back night
    {
      zone: "America/New_York",
      start: "2024-11-02T00:00:00-04:00",
      plus72: "2024-11-04T23:00:00-05:00",
      end: "2024-11-05T00:00:00-05:00",
      lastSecond: "2024-11-04T23:59:59-05:00",
      wallHours: 73,
    },
    {
      zone: "Europe/London",
      start: "2024-10-26T00:00:00+01:00",
      plus72: "2024-10-28T23:00:00+00:00",
      end: "2024-10-29T00:00:00+00:00",
      lastSecond: "2024-10-28T23:59:59+00:00",
      wallHours: 73,
    },
    {
      zone: "Australia/Lord_Howe",
      start: "2024-04-06T00:00:00+11:00",
      plus72: "2024-04-08T23:30:00+10:30",
      end: "2024-04-09T00:00:00+10:30",
      lastSecond: "2024-04-08T23:59:59+10:30",
      wallHours: 72.5,
    },
    {
      zone: "Asia/Kolkata",
      start: "2024-11-02T00:00:00+05:30",
      plus72: "2024-11-05T00:00:00+05:30",
      end: "2024-11-05T00:00:00+05:30",
      lastSecond: "2024-11-04T23:59:59+05:30",
      wallHours: 72,
    },
  ])(
    "BND-13 24:00 and 23:59:59 ends: no drift over 72 h, no loop ($zone)",
    ({ zone, start, plus72, end, lastSecond, wallHours }) => {
      const from = at(start)
      const to = at(end)
      const always = allHours(zone)
      expectInstant(BusinessTime.dueAt(always, from, 72 * H), plus72)
      expect(ok(BusinessTime.elapsed(always, from, to))).toBe(wallHours * H)
      // 00:00–23:59:59 every day: each of the three days loses exactly one second
      const almost = WorkingCalendar.make({
        timeZone: zone,
        weekly: everyDay([{ start: "00:00", end: "23:59:59" }]),
      })
      expect(ok(BusinessTime.elapsed(almost, from, to))).toBe(wallHours * H - 3 * S)
      // using all of it ends at 23:59:59 of the third day, to the millisecond
      expectInstant(BusinessTime.dueAt(almost, from, wallHours * H - 3 * S), lastSecond)
      // one more second: the fourth day opens at 00:00, +1 s
      expectInstant(
        BusinessTime.dueAt(almost, from, wallHours * H - 2 * S),
        end.replace("T00:00:00", "T00:00:01"),
      )
      expect(ok(BusinessTime.isOpen(almost, at(lastSecond)))).toBe(false)
      expect(ok(BusinessTime.isOpen(almost, at(lastSecond) - 1))).toBe(true)
      // and after each day's last second, nothing until midnight
      expect(ok(BusinessTime.elapsed(almost, at(lastSecond), to))).toBe(0)
    },
  )

  it.each(ZONES)(
    "BND-13 24:00 ends: a 24-hour weekday is one range to midnight; Friday 24:00 is the close ($zone)",
    ({ zone, june }) => {
      const hours = [{ start: "00:00", end: "24:00" }]
      const weekdays = WorkingCalendar.make({
        timeZone: zone,
        weekly: { monday: hours, tuesday: hours, wednesday: hours, thursday: hours, friday: hours },
      })
      const wednesdayNoon = at(`2024-06-12T12:00:00${june}`)
      // midnight between two 24-hour days is not a closing
      expectInstant(
        BusinessTime.previousClose(weekdays, wednesdayNoon),
        `2024-06-08T00:00:00${june}`,
      )
      expectInstant(
        BusinessTime.nextOpen(weekdays, at(`2024-06-15T12:00:00${june}`)),
        `2024-06-17T00:00:00${june}`,
      )
      // Monday 00:00 + 5 × 24 h = Friday 24:00 = Saturday 00:00 (exact fit)
      expectInstant(
        BusinessTime.dueAt(weekdays, at(`2024-06-10T00:00:00${june}`), 120 * H),
        `2024-06-15T00:00:00${june}`,
      )
      expect(ok(BusinessTime.isOpen(weekdays, at(`2024-06-15T00:00:00${june}`)))).toBe(false)
      // with 23:59:59 ends, every day closes
      const almost = WorkingCalendar.make({
        timeZone: zone,
        weekly: everyDay([{ start: "00:00", end: "23:59:59" }]),
      })
      expectInstant(BusinessTime.previousClose(almost, wednesdayNoon), `2024-06-11T23:59:59${june}`)
    },
  )

  it.each(ZONES)(
    "BND-14 several ranges a day with a gap under 1 h, and landing on a lunch break ($zone)",
    ({ zone, june }) => {
      const ranges = [
        { start: "09:00", end: "12:00" },
        { start: "12:30", end: "17:00" },
      ]
      const split = WorkingCalendar.make({
        timeZone: zone,
        weekly: {
          monday: ranges,
          tuesday: ranges,
          wednesday: ranges,
          thursday: ranges,
          friday: ranges,
        },
      })
      const withBreak = office(zone, { breaks: [{ start: "12:00", end: "12:30" }] })
      const t = (time: string) => at(`2024-06-12T${time}${june}`)
      const w = (time: string) => `2024-06-12T${time}${june}`
      for (const calendar of [split, withBreak]) {
        // an exact fit on the start of lunch is 12:00, not 12:30
        expectInstant(BusinessTime.dueAt(calendar, t("11:00:00"), H), w("12:00:00"))
        expectInstant(BusinessTime.dueAt(calendar, t("11:00:00"), H + 1), w("12:30:00.001"))
        expectInstant(BusinessTime.dueAt(calendar, t("11:30:00"), H), w("13:00:00"))
        expectInstant(BusinessTime.dueAt(calendar, t("12:10:00"), 10 * MIN), w("12:40:00"))
        expectInstant(BusinessTime.dueAt(calendar, t("11:59:59"), 2 * S), w("12:30:01"))
        expect(ok(BusinessTime.isOpen(calendar, t("12:00:00")))).toBe(false)
        expect(ok(BusinessTime.isOpen(calendar, t("12:15:00")))).toBe(false)
        expect(ok(BusinessTime.isOpen(calendar, t("12:30:00")))).toBe(true)
        expect(ok(BusinessTime.elapsed(calendar, t("11:00:00"), t("13:00:00")))).toBe(1.5 * H)
        expect(ok(BusinessTime.elapsed(calendar, t("09:00:00"), t("17:00:00")))).toBe(7.5 * H)
        expectInstant(BusinessTime.previousClose(calendar, t("12:15:00")), w("12:00:00"))
        expectInstant(BusinessTime.nextOpen(calendar, t("12:15:00")), w("12:30:00"))
        // a full day and a half from Wednesday 11:00: 5.5 h Wed, 7.5 h Thu → Thu 17:00
        expectInstant(
          BusinessTime.dueAt(calendar, t("11:00:00"), 13 * H),
          `2024-06-13T17:00:00${june}`,
        )
      }
      // three short ranges with 20- and 15-minute gaps
      const choppy = WorkingCalendar.make({
        timeZone: zone,
        weekly: {
          wednesday: [
            { start: "09:00", end: "09:20" },
            { start: "09:40", end: "10:00" },
            { start: "10:15", end: "10:45" },
          ],
        },
      })
      expectInstant(BusinessTime.dueAt(choppy, t("08:00:00"), 70 * MIN), w("10:45:00"))
      expectInstant(BusinessTime.dueAt(choppy, t("08:00:00"), 41 * MIN), w("10:16:00"))
      expectInstant(BusinessTime.dueAt(choppy, t("09:10:00"), 20 * MIN), w("09:50:00"))
      expect(ok(BusinessTime.elapsed(choppy, t("09:10:00"), t("10:30:00")))).toBe(45 * MIN)
    },
  )

  it.each(ZONES)(
    "BND-15 very large durations: 10,000 business hours (250 weeks of 40 h) and 2 years, correct and fast ($zone)",
    ({ zone, winter }) => {
      // Monday 2024-01-01 09:00; 10,000 h / 40 h = 250 weeks exactly, so the
      // deadline is the Friday 17:00 of the 250th week: 2024-01-05 + 249 × 7 days
      // = 2028-10-13 (a Friday). Offsets that day: New York EDT −04:00, London BST
      // +01:00, Lord Howe +11:00 (DST from 2028-10-01), Kolkata +05:30.
      const october2028 = {
        "America/New_York": "-04:00",
        "Europe/London": "+01:00",
        "Australia/Lord_Howe": "+11:00",
        "Asia/Kolkata": "+05:30",
      }[zone]
      const calendar = office(zone)
      const start = at(`2024-01-01T09:00:00${winter}`)
      const due = quickly(1000, () => ok(BusinessTime.dueAt(calendar, start, 10_000 * H)))
      expect(iso(due)).toBe(iso(at(`2028-10-13T17:00:00${october2028}`)))
      expect(quickly(1000, () => ok(BusinessTime.elapsed(calendar, start, due)))).toBe(10_000 * H)
      expect(ok(BusinessDays.between(calendar, "2024-01-01", "2028-10-13"))).toBe(250 * 5 - 1)
      // one millisecond more: Monday 2028-10-16 09:00:00.001
      expectInstant(
        BusinessTime.dueAt(calendar, start, 10_000 * H + 1),
        `2028-10-16T09:00:00.001${october2028}`,
      )
      // around the clock: 2 years (731 days, 2024 being leap) of 24 h from
      // 2024-01-01 00:00 is 2026-01-01 00:00 (both in winter time, so the DST
      // changes in between cancel out); 10,000 h = 416 days 16 h is 2025-02-20 16:00
      const always = allHours(zone)
      const newYear = at(`2024-01-01T00:00:00${winter}`)
      expectInstant(
        quickly(1000, () => BusinessTime.dueAt(always, newYear, 731 * 24 * H)),
        `2026-01-01T00:00:00${winter}`,
      )
      expectInstant(BusinessTime.dueAt(always, newYear, 10_000 * H), `2025-02-20T16:00:00${winter}`)
      expect(ok(BusinessTime.elapsed(always, newYear, at(`2026-01-01T00:00:00${winter}`)))).toBe(
        731 * 24 * H,
      )
    },
  )

  it.each(ZONES)("BND-16 month and year ends and the leap day ($zone)", ({ zone, winter }) => {
    const always = allHours(zone)
    // +1 s at the end of February (leap year), January and the year
    expectInstant(
      BusinessTime.dueAt(always, at(`2024-02-28T23:59:59${winter}`), S),
      `2024-02-29T00:00:00${winter}`,
    )
    expectInstant(
      BusinessTime.dueAt(always, at(`2024-02-29T23:59:59${winter}`), S),
      `2024-03-01T00:00:00${winter}`,
    )
    expectInstant(
      BusinessTime.dueAt(always, at(`2024-01-31T23:59:59.999${winter}`), 1),
      `2024-02-01T00:00:00${winter}`,
    )
    expectInstant(
      BusinessTime.dueAt(always, at(`2024-12-31T23:59:59${winter}`), S),
      `2025-01-01T00:00:00${winter}`,
    )
    const calendar = office(zone, { holidays: [{ date: "2024-02-29", yearly: true }] })
    const plain = office(zone)
    // Thursday 2024-02-29 16:00 + 2 h: 1 h on the leap day, Friday 1 March 10:00
    expectInstant(
      BusinessTime.dueAt(plain, at(`2024-02-29T16:00:00${winter}`), 2 * H),
      `2024-03-01T10:00:00${winter}`,
    )
    // Wednesday 28 Feb 16:00 + 2 h with the leap day a holiday: Friday 1 March 10:00
    expectInstant(
      BusinessTime.dueAt(calendar, at(`2024-02-28T16:00:00${winter}`), 2 * H),
      `2024-03-01T10:00:00${winter}`,
    )
    expectInstant(
      BusinessTime.dueAt(plain, at(`2024-01-31T16:30:00${winter}`), H),
      `2024-02-01T09:30:00${winter}`,
    )
    expectInstant(
      BusinessTime.dueAt(plain, at(`2024-12-31T16:00:00${winter}`), 2 * H),
      `2025-01-01T10:00:00${winter}`,
    )
    // February 2024: 21 weekdays (the leap day included); February 2025: 20
    expect(
      ok(
        BusinessTime.elapsed(
          plain,
          at(`2024-02-01T00:00:00${winter}`),
          at(`2024-03-01T00:00:00${winter}`),
        ),
      ),
    ).toBe(21 * 8 * H)
    expect(
      ok(
        BusinessTime.elapsed(
          plain,
          at(`2025-02-01T00:00:00${winter}`),
          at(`2025-03-01T00:00:00${winter}`),
        ),
      ),
    ).toBe(20 * 8 * H)
    // a yearly 29 February holiday falls only in leap years
    expect(ok(BusinessDays.isBusinessDay(calendar, "2024-02-29"))).toBe(false)
    expect(ok(BusinessDays.isBusinessDay(calendar, "2028-02-29"))).toBe(false)
    expect(ok(BusinessDays.isBusinessDay(calendar, "2025-02-28"))).toBe(true)
    expect(ok(BusinessDays.isBusinessDay(calendar, "2027-03-01"))).toBe(true)
    expect(ok(BusinessDays.add(plain, "2024-12-31", 1))).toBe("2025-01-01")
    expect(ok(BusinessDays.add(plain, "2024-02-28", 1))).toBe("2024-02-29")
    expect(ok(BusinessDays.add(calendar, "2024-02-28", 1))).toBe("2024-03-01")
    expect(ok(BusinessDays.between(plain, "2024-02-28", "2024-03-01"))).toBe(2)
  })

  it.each(ZONES)(
    "BND-17 day units: Saturday + 1 business day = Monday; diffs with closed endpoints are not off by one ($zone)",
    ({ zone, june }) => {
      const calendar = office(zone)
      // 2024-06-07 Fri, 06-08 Sat, 06-09 Sun, 06-10 Mon, 06-11 Tue
      expect(ok(BusinessDays.add(calendar, "2024-06-08", 1))).toBe("2024-06-10")
      expect(ok(BusinessDays.add(calendar, "2024-06-09", 1))).toBe("2024-06-10")
      expect(ok(BusinessDays.add(calendar, "2024-06-07", 1))).toBe("2024-06-10")
      expect(ok(BusinessDays.add(calendar, "2024-06-10", 1))).toBe("2024-06-11")
      expect(ok(BusinessDays.add(calendar, "2024-06-08", 5))).toBe("2024-06-14")
      expect(ok(BusinessDays.add(calendar, "2024-06-08", 6))).toBe("2024-06-17")
      expect(ok(BusinessDays.add(calendar, "2024-06-10", -1))).toBe("2024-06-07")
      expect(ok(BusinessDays.add(calendar, "2024-06-09", -1))).toBe("2024-06-07")
      expect(ok(BusinessDays.add(calendar, "2024-06-08", 0))).toBe("2024-06-10")
      expect(ok(BusinessDays.add(calendar, "2024-06-10", 0))).toBe("2024-06-10")
      expect(ok(BusinessDays.between(calendar, "2024-06-07", "2024-06-10"))).toBe(1)
      expect(ok(BusinessDays.between(calendar, "2024-06-08", "2024-06-10"))).toBe(1)
      expect(ok(BusinessDays.between(calendar, "2024-06-07", "2024-06-08"))).toBe(0)
      expect(ok(BusinessDays.between(calendar, "2024-06-08", "2024-06-09"))).toBe(0)
      expect(ok(BusinessDays.between(calendar, "2024-06-09", "2024-06-15"))).toBe(5)
      expect(ok(BusinessDays.between(calendar, "2024-06-10", "2024-06-07"))).toBe(-1)
      expect(ok(BusinessDays.between(calendar, "2024-06-10", "2024-06-10"))).toBe(0)
      // with Monday a holiday: Saturday + 1 = Tuesday, Friday → Tuesday is 1
      const holidayMonday = office(zone, { holidays: [{ date: "2024-06-10" }] })
      expect(ok(BusinessDays.add(holidayMonday, "2024-06-08", 1))).toBe("2024-06-11")
      expect(ok(BusinessDays.between(holidayMonday, "2024-06-07", "2024-06-11"))).toBe(1)
      expect(ok(BusinessDays.between(holidayMonday, "2024-06-07", "2024-06-10"))).toBe(0)
      for (const from of ["2024-06-07", "2024-06-08", "2024-06-09", "2024-06-10"]) {
        for (let n = 1; n <= 12; n++) {
          const to = ok(BusinessDays.add(holidayMonday, from, n))
          expect(ok(BusinessDays.between(holidayMonday, from, to))).toBe(n)
        }
      }
      // a "1-day" SLA as 8 business hours, created Monday 16:00: Tuesday 16:00, not
      // Tuesday 08:00 or 09:00
      expectInstant(
        BusinessTime.dueAt(calendar, at(`2024-06-10T16:00:00${june}`), 8 * H),
        `2024-06-11T16:00:00${june}`,
      )
    },
  )
})

// ---------------------------------------------------------------------------
// (c) Holidays and overrides
// ---------------------------------------------------------------------------

describe("Holidays and overrides", () => {
  it.each(ZONES)(
    "HOL-18 a holiday on a weekend versus a substitute day, and yearly rules ($zone)",
    ({ zone, winter }) => {
      // Christmas 2022 fell on Sunday; Boxing Day Monday 26th; the substitute for
      // Christmas is Tuesday 27th (a one-off date)
      const calendar = office(zone, {
        holidays: [
          { name: "Christmas", date: "2022-12-25", yearly: true },
          { name: "Boxing Day", date: "2022-12-26", yearly: true },
          { name: "Christmas (substitute)", date: "2022-12-27" },
        ],
      })
      // Friday 23rd 16:00 + 2 h: 1 h Friday; Mon 26, Tue 27 closed; Wednesday 10:00
      expectInstant(
        BusinessTime.dueAt(calendar, at(`2022-12-23T16:00:00${winter}`), 2 * H),
        `2022-12-28T10:00:00${winter}`,
      )
      // the week of Mon 26 Dec 2022: Wednesday to Friday only
      expect(
        ok(
          BusinessTime.elapsed(
            calendar,
            at(`2022-12-26T00:00:00${winter}`),
            at(`2023-01-02T00:00:00${winter}`),
          ),
        ),
      ).toBe(24 * H)
      // without the substitute, a Sunday holiday takes nothing away from the week
      const noSubstitute = office(zone, { holidays: [{ date: "2022-12-25", yearly: true }] })
      expect(
        ok(
          BusinessTime.elapsed(
            noSubstitute,
            at(`2022-12-19T00:00:00${winter}`),
            at(`2022-12-26T00:00:00${winter}`),
          ),
        ),
      ).toBe(40 * H)
      // yearly: every year from 2022 on, not before; the substitute only in 2022
      expect(ok(BusinessDays.isBusinessDay(calendar, "2024-12-25"))).toBe(false)
      expect(ok(BusinessDays.isBusinessDay(calendar, "2024-12-26"))).toBe(false)
      expect(ok(BusinessDays.isBusinessDay(calendar, "2024-12-27"))).toBe(true)
      expect(ok(BusinessDays.isBusinessDay(calendar, "2033-12-26"))).toBe(false)
      expect(ok(BusinessDays.isBusinessDay(calendar, "2021-12-27"))).toBe(true)
      expect(ok(BusinessDays.isBusinessDay(calendar, "2020-12-25"))).toBe(true)
      // Tuesday 2024-12-24 16:00 + 2 h: 1 h, Wed 25 and Thu 26 closed, Friday 10:00
      expectInstant(
        BusinessTime.dueAt(calendar, at(`2024-12-24T16:00:00${winter}`), 2 * H),
        `2024-12-27T10:00:00${winter}`,
      )
      expect(ok(BusinessDays.add(calendar, "2024-12-24", 1))).toBe("2024-12-27")
    },
  )

  it.each(ZONES)(
    "HOL-19 partial-day holiday, a holiday starting mid-range, and a multi-day holiday across a week boundary ($zone)",
    ({ zone, winter, june }) => {
      // half-day Christmas Eve (closed from 13:00), Christmas closed all day
      const christmas = office(zone, {
        holidays: [
          {
            name: "Christmas Eve afternoon",
            date: "2024-12-24",
            yearly: true,
            closed: [{ start: "13:00", end: "24:00" }],
          },
          { name: "Christmas", date: "2024-12-25", yearly: true },
        ],
      })
      const dec = (text: string) => `2024-12-${text}${winter}`
      expectInstant(BusinessTime.dueAt(christmas, at(dec("24T12:00:00")), H), dec("24T13:00:00"))
      expectInstant(
        BusinessTime.dueAt(christmas, at(dec("24T12:00:00")), 2 * H),
        dec("26T10:00:00"),
      )
      expect(ok(BusinessTime.isOpen(christmas, at(dec("24T12:59:59.999"))))).toBe(true)
      expect(ok(BusinessTime.isOpen(christmas, at(dec("24T13:00:00"))))).toBe(false)
      expect(ok(BusinessDays.isBusinessDay(christmas, "2024-12-24"))).toBe(true)
      expect(ok(BusinessDays.isBusinessDay(christmas, "2025-12-24"))).toBe(true)
      expect(ok(BusinessDays.isBusinessDay(christmas, "2025-12-25"))).toBe(false)
      // Mon 23 – Fri 27: 8 + 4 + 0 + 8 + 8
      expect(
        ok(BusinessTime.elapsed(christmas, at(dec("23T09:00:00")), at(dec("27T17:00:00")))),
      ).toBe(28 * H)
      expect(
        ok(
          BusinessTime.elapsed(
            christmas,
            at(`2025-12-22T00:00:00${winter}`),
            at(`2025-12-29T00:00:00${winter}`),
          ),
        ),
      ).toBe(28 * H)

      // holidays that start mid-range (Friday from 15:00) or cut the middle of a day
      // (Thursday 12:00–14:00), and a closure from Thursday 20 to Tuesday 25 June
      const june2024 = office(zone, {
        holidays: [
          { date: "2024-06-13", closed: [{ start: "12:00", end: "14:00" }] },
          { date: "2024-06-14", closed: [{ start: "15:00", end: "24:00" }] },
          { name: "Summer closure", date: "2024-06-20", through: "2024-06-25" },
        ],
      })
      const jun = (text: string) => `2024-06-${text}${june}`
      expectInstant(BusinessTime.dueAt(june2024, at(jun("14T14:00:00")), H), jun("14T15:00:00"))
      expectInstant(BusinessTime.dueAt(june2024, at(jun("14T14:00:00")), 2 * H), jun("17T10:00:00"))
      expectInstant(BusinessTime.dueAt(june2024, at(jun("13T11:00:00")), 2 * H), jun("13T15:00:00"))
      expectInstant(BusinessTime.dueAt(june2024, at(jun("13T11:00:00")), H), jun("13T12:00:00"))
      expect(ok(BusinessTime.isOpen(june2024, at(jun("13T13:00:00"))))).toBe(false)
      expect(ok(BusinessTime.isOpen(june2024, at(jun("14T15:00:00"))))).toBe(false)
      expectInstant(
        BusinessTime.previousClose(june2024, at(jun("14T16:00:00"))),
        jun("14T15:00:00"),
      )
      // Wednesday 19th 16:00 + 2 h: 1 h Wednesday, closed Thu 20 – Tue 25, Wed 26 10:00
      expectInstant(BusinessTime.dueAt(june2024, at(jun("19T16:00:00")), 2 * H), jun("26T10:00:00"))
      expectInstant(BusinessTime.nextOpen(june2024, at(jun("19T17:00:00"))), jun("26T09:00:00"))
      // Mon 17 – Fri 28 June: Mon, Tue, Wed and Wed 26, Thu 27, Fri 28
      expect(
        ok(BusinessTime.elapsed(june2024, at(jun("17T09:00:00")), at(jun("28T17:00:00")))),
      ).toBe(48 * H)
      expect(ok(BusinessDays.between(june2024, "2024-06-19", "2024-06-26"))).toBe(1)
      expect(ok(BusinessDays.add(june2024, "2024-06-19", 1))).toBe("2024-06-26")

      // a yearly run across the year end (30 December – 2 January)
      const yearEnd = office(zone, {
        holidays: [{ date: "2024-12-30", through: "2025-01-02", yearly: true }],
      })
      expect(ok(BusinessDays.isBusinessDay(yearEnd, "2025-12-29"))).toBe(true)
      expect(ok(BusinessDays.isBusinessDay(yearEnd, "2025-12-31"))).toBe(false)
      expect(ok(BusinessDays.isBusinessDay(yearEnd, "2026-01-02"))).toBe(false)
      expect(ok(BusinessDays.isBusinessDay(yearEnd, "2026-01-05"))).toBe(true)
      // Monday 2025-12-29 16:00 + 2 h: 1 h, then Tuesday 30 – Friday 2 closed, Mon 5 10:00
      expectInstant(
        BusinessTime.dueAt(yearEnd, at(`2025-12-29T16:00:00${winter}`), 2 * H),
        `2026-01-05T10:00:00${winter}`,
      )
    },
  )

  it.each(ZONES)(
    "HOL-20 an override replaces a day with different hours: short day, Saturday opening, closure, no breaks ($zone)",
    ({ zone, winter }) => {
      const calendar = office(zone, {
        breaks: [{ start: "12:00", end: "13:00" }],
        holidays: [{ date: "2024-12-24" }, { date: "2024-12-25", yearly: true }],
        overrides: [
          {
            name: "short Christmas Eve",
            date: "2024-12-24",
            hours: [{ start: "09:00", end: "12:00" }],
          },
          { name: "closed", date: "2024-12-27", hours: [] },
          {
            name: "Saturday opening",
            date: "2024-12-28",
            hours: [{ start: "10:00", end: "14:00" }],
          },
          { name: "no lunch", date: "2024-12-30", hours: [{ start: "09:00", end: "17:00" }] },
        ],
      })
      const dec = (text: string) => `2024-12-${text}${winter}`
      const monday4pm = at(dec("23T16:00:00"))
      // Mon 23: 1 h; Tue 24 (override over the holiday): 3 h; Wed 25 holiday;
      // Thu 26: 7 h (lunch); Fri 27 closed; Sat 28: 4 h; Mon 30: 8 h (no lunch)
      expectInstant(BusinessTime.dueAt(calendar, monday4pm, H), dec("23T17:00:00"))
      expectInstant(BusinessTime.dueAt(calendar, monday4pm, 4 * H), dec("24T12:00:00"))
      expectInstant(BusinessTime.dueAt(calendar, monday4pm, 5 * H), dec("26T10:00:00"))
      expectInstant(BusinessTime.dueAt(calendar, monday4pm, 11 * H), dec("26T17:00:00"))
      expectInstant(BusinessTime.dueAt(calendar, monday4pm, 12 * H), dec("28T11:00:00"))
      expectInstant(BusinessTime.dueAt(calendar, monday4pm, 15 * H), dec("28T14:00:00"))
      expectInstant(BusinessTime.dueAt(calendar, monday4pm, 16 * H), dec("30T10:00:00"))
      expectInstant(BusinessTime.dueAt(calendar, monday4pm, 19 * H), dec("30T13:00:00"))
      expect(ok(BusinessTime.isOpen(calendar, at(dec("30T12:30:00"))))).toBe(true)
      expect(ok(BusinessTime.isOpen(calendar, at(dec("26T12:30:00"))))).toBe(false)
      expect(ok(BusinessTime.isOpen(calendar, at(dec("27T10:00:00"))))).toBe(false)
      expect(ok(BusinessTime.isOpen(calendar, at(dec("28T10:00:00"))))).toBe(true)
      expect(ok(BusinessDays.isBusinessDay(calendar, "2024-12-24"))).toBe(true)
      expect(ok(BusinessDays.isBusinessDay(calendar, "2024-12-27"))).toBe(false)
      expect(ok(BusinessDays.isBusinessDay(calendar, "2024-12-28"))).toBe(true)
      expect(ok(BusinessDays.add(calendar, "2024-12-26", 1))).toBe("2024-12-28")
      // Monday 23 00:00 to Tuesday 31 00:00: 7 + 3 + 0 + 7 + 0 + 4 + 0 + 8
      expect(
        ok(BusinessTime.elapsed(calendar, at(dec("23T00:00:00")), at(dec("31T00:00:00")))),
      ).toBe(29 * H)
    },
  )

  it("HOL-21 calendar edits after a deadline was computed: stored instants stay, a recompute moves, used time is kept (New York)", () => {
    const input = {
      name: "Support",
      timeZone: "America/New_York",
      weekly: Object.fromEntries(
        ["monday", "tuesday", "wednesday", "thursday", "friday"].map((day) => [
          day,
          [{ start: "09:00", end: "17:00" }],
        ]),
      ),
    }
    const v1 = WorkingCalendar.make(input)
    const v2 = WorkingCalendar.make({ ...input, revision: 2, holidays: [{ date: "2024-12-25" }] })
    expect([v1.revision, v2.revision]).toEqual([1, 2])
    const opened = at("2024-12-24T10:00:00-05:00")
    // ongoing cycle: 8 h from Tuesday 10:00 = 7 h Tuesday + Wednesday 09:00–10:00
    const stored = { dueAt: ok(BusinessTime.dueAt(v1, opened, 8 * H)), revision: v1.revision }
    expect(typeof stored.dueAt).toBe("number")
    expect(stored.dueAt).toBe(at("2024-12-25T10:00:00-05:00"))
    // recomputed on the edited calendar: Wednesday is a holiday, so Thursday 10:00
    const recomputed = ok(BusinessTime.dueAt(v2, opened, 8 * H))
    expect(iso(recomputed)).toBe(iso(at("2024-12-26T10:00:00-05:00")))
    // the stored instant is unchanged by the edit and by the recompute
    expect(stored).toEqual({ dueAt: at("2024-12-25T10:00:00-05:00"), revision: 1 })
    expectInstant(BusinessTime.dueAt(v1, opened, 8 * H), "2024-12-25T10:00:00-05:00")
    // budget carry-over: the edit lands Tuesday 15:00 after 5 h were used; those stay
    // used, the 3 h left count on the new hours: 2 h Tuesday, Thursday 09:00 + 1 h
    const editAt = at("2024-12-24T15:00:00-05:00")
    const used = ok(BusinessTime.elapsed(v1, opened, editAt))
    expect(used).toBe(5 * H)
    expectInstant(BusinessTime.dueAt(v2, editAt, 8 * H - used), "2024-12-26T10:00:00-05:00")
    // a completed cycle (opened Monday 23rd 10:00, closed Wednesday 25th 11:00) used
    // Mon 7 h + Tue 8 h + Wed 2 h = 17 h on v1; on v2 the same span holds 15 h, and
    // the figure stored when it completed stays 17 h
    const completed = ok(
      BusinessTime.elapsed(v1, at("2024-12-23T10:00:00-05:00"), at("2024-12-25T11:00:00-05:00")),
    )
    expect(completed).toBe(17 * H)
    expect(
      ok(
        BusinessTime.elapsed(v2, at("2024-12-23T10:00:00-05:00"), at("2024-12-25T11:00:00-05:00")),
      ),
    ).toBe(15 * H)
    const storedCycle = { consumed: completed, revision: v1.revision }
    expect(storedCycle).toEqual({ consumed: 17 * H, revision: 1 })
  })

  it.each(ZONES)(
    "HOL-21 calendar edits in every zone: a recomputed deadline moves, the stored one does not ($zone)",
    ({ zone, winter }) => {
      const v1 = office(zone)
      const v2 = office(zone, { revision: 2, holidays: [{ date: "2024-12-25" }] })
      const opened = at(`2024-12-24T10:00:00${winter}`)
      const stored = ok(BusinessTime.dueAt(v1, opened, 8 * H))
      const snapshot = stored
      expect(iso(stored)).toBe(iso(at(`2024-12-25T10:00:00${winter}`)))
      expect(iso(ok(BusinessTime.dueAt(v2, opened, 8 * H)))).toBe(
        iso(at(`2024-12-26T10:00:00${winter}`)),
      )
      expect(stored).toBe(snapshot)
    },
  )

  /** An independent model: the dates of a year by day of year, via `Date.UTC`. */
  const dateOfYear = (year: number, dayOfYear: number): string =>
    new Date(Date.UTC(year, 0, 1 + dayOfYear)).toISOString().slice(0, 10)

  const HOLIDAYS_PER_YEAR = 20
  /** 20 holidays a year, 17 days apart from 4 January (weekdays and weekend days alike). */
  const oneOffHolidays: Array<string> = []
  for (let year = 2025; year <= 2034; year++) {
    for (let k = 0; k < HOLIDAYS_PER_YEAR; k++) oneOffHolidays.push(dateOfYear(year, 3 + 17 * k))
  }
  /** The same 20 month-days as yearly holidays from 2025 on. */
  const yearlyMonthDays = oneOffHolidays.slice(0, HOLIDAYS_PER_YEAR)

  /** Weekdays of 2025-01-01 … 2034-12-31 that are not holidays, counted day by day. */
  const countWorkingDays = (isHoliday: (date: string) => boolean): number => {
    let count = 0
    for (let t = Date.UTC(2025, 0, 1); t < Date.UTC(2035, 0, 1); t += DAY) {
      const weekday = new Date(t).getUTCDay()
      const date = new Date(t).toISOString().slice(0, 10)
      if (weekday !== 0 && weekday !== 6 && !isHoliday(date)) count++
    }
    return count
  }

  it.each(ZONES)(
    "HOL-22 many holidays (10 years × 20) are still counted right, and fast ($zone)",
    ({ zone, winter }) => {
      const oneOffSet = new Set(oneOffHolidays)
      const monthDays = new Set(yearlyMonthDays.map((date) => date.slice(5)))
      const expectedOneOff = countWorkingDays((date) => oneOffSet.has(date))
      const expectedYearly = countWorkingDays((date) => monthDays.has(date.slice(5)))
      expect(oneOffHolidays).toHaveLength(200)
      // sanity of the model: 2,608 weekdays in the ten years (521 weeks + Wed–Sun), some holidays at weekends
      expect(countWorkingDays(() => false)).toBe(2608)
      expect(expectedOneOff).toBeGreaterThan(2608 - 200)
      expect(expectedOneOff).toBeLessThan(2608 - 100)

      const cases = [
        {
          calendar: office(zone, { holidays: oneOffHolidays.map((date) => ({ date })) }),
          workingDays: expectedOneOff,
        },
        {
          calendar: office(zone, {
            holidays: yearlyMonthDays.map((date) => ({ date, yearly: true })),
          }),
          workingDays: expectedYearly,
        },
      ]
      const from = at(`2025-01-01T00:00:00${winter}`)
      const to = at(`2035-01-01T00:00:00${winter}`)
      for (const { calendar, workingDays } of cases) {
        quickly(1500, () => {
          expect(ok(BusinessTime.elapsed(calendar, from, to))).toBe(workingDays * 8 * H)
          // using all of it ends on the last working day, Friday 2034-12-29, at 17:00
          expectInstant(
            BusinessTime.dueAt(calendar, from, workingDays * 8 * H),
            `2034-12-29T17:00:00${winter}`,
          )
          expect(ok(BusinessDays.between(calendar, "2024-12-31", "2034-12-31"))).toBe(workingDays)
          expect(ok(BusinessDays.add(calendar, "2024-12-31", workingDays))).toBe("2034-12-29")
        })
      }
      // every one-off holiday is a closed day
      const [first] = cases
      for (const date of oneOffHolidays) {
        expect(ok(BusinessDays.isBusinessDay(first?.calendar ?? office(zone), date))).toBe(false)
      }
    },
  )
})

// ---------------------------------------------------------------------------
// invalid calendars
// ---------------------------------------------------------------------------

describe("invalid calendars are a ValidationError naming the field", () => {
  const base = { timeZone: "Europe/London", weekly: {} }
  it.each([
    {
      name: "a range that ends before it starts",
      input: { ...base, weekly: { monday: [{ start: "17:00", end: "09:00" }] } },
      path: ["weekly", "monday", 0, "end"],
    },
    {
      name: "a range that ends when it starts",
      input: { ...base, weekly: { monday: [{ start: "09:00", end: "09:00" }] } },
      path: ["weekly", "monday", 0, "end"],
    },
    {
      name: "25:00",
      input: { ...base, weekly: { tuesday: [{ start: "09:00", end: "25:00" }] } },
      path: ["weekly", "tuesday", 0, "end"],
    },
    {
      name: "24:01",
      input: { ...base, weekly: { tuesday: [{ start: "09:00", end: "24:01" }] } },
      path: ["weekly", "tuesday", 0, "end"],
    },
    {
      name: "24:00 as a start",
      input: { ...base, weekly: { tuesday: [{ start: "24:00", end: "24:00" }] } },
      path: ["weekly", "tuesday", 0, "end"],
    },
    {
      name: "an overnight range",
      input: {
        ...base,
        weekly: {
          friday: [
            { start: "09:00", end: "12:00" },
            { start: "22:00", end: "06:00" },
          ],
        },
      },
      path: ["weekly", "friday", 1, "end"],
    },
    {
      name: "an unknown zone",
      input: { ...base, timeZone: "Mars/Base" },
      path: ["timeZone"],
    },
    {
      name: "two overrides of one date",
      input: {
        ...base,
        overrides: [
          { date: "2024-12-24", hours: [] },
          { date: "2024-12-31", hours: [] },
          { date: "2024-12-24", hours: [{ start: "09:00", end: "12:00" }] },
        ],
      },
      path: ["overrides", 2, "date"],
    },
    {
      name: "a holiday through a date before its first date",
      input: { ...base, holidays: [{ date: "2024-12-26", through: "2024-12-24" }] },
      path: ["holidays", 0, "through"],
    },
    {
      name: "a holiday on a date that does not exist",
      input: { ...base, holidays: [{ date: "2023-02-29" }] },
      path: ["holidays", 0, "date"],
    },
    {
      name: "a break that ends before it starts",
      input: { ...base, breaks: [{ start: "13:00", end: "12:00" }] },
      path: ["breaks", 0, "end"],
    },
  ])("WorkingCalendar.decodeEither rejects $name", ({ input, path }) => {
    const result = WorkingCalendar.decodeEither(input)
    if (Either.isRight(result)) throw new Error("expected a ValidationError")
    expect(result.left).toBeInstanceOf(Errors.ValidationError)
    expect(result.left.issues.map((issue) => issue.path)).toContainEqual(path)
    expect(result.left.message).toContain(path.join("."))
    expect(() => WorkingCalendar.make(input as unknown as WorkingCalendar.Input)).toThrow()
  })

  it("WorkingCalendar.decodeEither accepts a valid calendar with 24:00 ends and fills the defaults", () => {
    const result = WorkingCalendar.decodeEither({
      timeZone: "Australia/Lord_Howe",
      weekly: { monday: [{ start: "00:00", end: "24:00" }] },
    })
    if (Either.isLeft(result)) throw new Error(result.left.message)
    expect(result.right.revision).toBe(1)
    expect(result.right.dst).toBe("compatible")
    expect(result.right.weekly.sunday).toEqual([])
  })
})
