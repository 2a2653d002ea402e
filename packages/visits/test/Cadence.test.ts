import { BusinessTime, WorkingCalendar } from "@clientele/calendar"
import { Civil, Errors, Ids, Period, Zone } from "@clientele/core"
import { Policy } from "@clientele/segmentation"
import * as Arbitrary from "effect/Arbitrary"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import { describe, expect, it } from "vitest"
import * as Cadence from "../src/Cadence.js"

const right = <A, E>(result: Either.Either<A, E>): A => {
  if (Either.isLeft(result)) throw new Error(`expected Right, got ${String(result.left)}`)
  return result.right
}

const left = <A, E>(result: Either.Either<A, E>): E => {
  if (Either.isRight(result)) throw new Error("expected Left")
  return result.left
}

const HOUR = 3_600_000
const MINUTE = 60_000
const id = (text: string) => Ids.CustomerId.make(text)
const year2025 = Period.make("2025-01-01", "2026-01-01", "UTC")
const segmentation = right(Policy.make({ version: "seg-2025", currency: "EUR" }))
const standards = Policy.standards(segmentation)
const policy = Cadence.defaultPolicy
/** The rule before the stagger: every touch on its slice's first fitting day. */
const firstDays = right(Cadence.makePolicy({ version: "first-days", stagger: "none" }))

const office = WorkingCalendar.weekdays("UTC", "09:00", "17:00")
const allDay = (zone: string, dst: WorkingCalendar.DstPolicy = "compatible") =>
  WorkingCalendar.make({
    timeZone: zone,
    dst,
    weekly: Object.fromEntries(
      WorkingCalendar.weekdayNames.map((day) => [day, [{ start: "00:00", end: "24:00" }]]),
    ),
  })
const counts = (visitsPerPeriod: number, contactsPerPeriod: number) =>
  Policy.ServiceStandard.make({
    visitsPerPeriod,
    contactsPerPeriod,
    holidayOffer: { discountPercent: 0 },
  })

const planOf = (overrides: Partial<Cadence.PlanInput> = {}): Cadence.PlanResult =>
  right(
    Cadence.plan({
      period: year2025,
      customers: [],
      standards,
      calendars: new Map([["office", office]]),
      defaultCalendarId: "office",
      policy,
      ...overrides,
    }),
  )

const ofKind = (touches: ReadonlyArray<Cadence.PlannedTouch>, kind: Cadence.TouchKind) =>
  touches.filter((touch) => touch.kind === kind)
const datesOf = (touches: ReadonlyArray<Cadence.PlannedTouch>) => touches.map((t) => t.dueDate)
/** The wall-clock time of an instant in a zone, `HH:MM`. */
const wallTime = (instant: number, zone: string) =>
  new Date(instant + Zone.offsetAt(zone, instant)).toISOString().slice(11, 16)
/** The first Monday–Friday on or after a day number. */
const weekdayOnOrAfter = (day: number) => {
  let d = day
  while (Civil.weekdayOf(d) > 5) d++
  return d
}

describe("Cadence: the policy", () => {
  it("VIS-10 the default policy is valid data with documented defaults", () => {
    expect(policy.version).toBe("default")
    expect(policy.spread).toBe("even")
    expect(policy.stagger).toBe("byCustomer")
    // A policy stored before the stagger existed decodes to the default stagger.
    const { stagger: _absent, ...older } = policy
    expect(right(Errors.decodeEither(Cadence.CadencePolicy)(older)).stagger).toBe("byCustomer")
    expect(policy.visit).toEqual({ time: "10:00", durationMinutes: 90 })
    expect(policy.contact).toEqual({ time: "15:00", durationMinutes: 15, channel: "phone" })
    expect(policy.revisitTiers).toEqual(["major", "5-star"])
    expect(policy.revisitAgenda).toEqual([
      "usage",
      "satisfaction",
      "productDefects",
      "newNeeds",
      "suggestions",
    ])
    expect(policy.dst).toBe("calendar")
  })

  it("VIS-10 an invalid policy is a ValidationError naming every failing field", () => {
    const error = left(
      Cadence.makePolicy({
        version: "",
        visit: { time: "24:00", durationMinutes: 0 },
        revisitAgenda: ["usage", "usage"],
        standardOverrides: [{ tier: "major" }, { tier: "major", visitsPerPeriod: 2 }],
      }),
    )
    expect(error).toBeInstanceOf(Errors.ValidationError)
    const paths = error.issues.map((issue) => issue.path.join("."))
    expect(paths).toEqual(
      expect.arrayContaining(["version", "visit.time", "visit.durationMinutes"]),
    )
    const filtered = left(
      Cadence.makePolicy({
        version: "v2",
        revisitAgenda: ["usage", "usage"],
        standardOverrides: [{ tier: "major" }, { tier: "major", visitsPerPeriod: 2 }],
      }),
    )
    expect(filtered.issues.map((issue) => issue.path.join("."))).toEqual(
      expect.arrayContaining(["revisitAgenda", "standardOverrides.1.tier"]),
    )
  })
})

describe("Cadence: planning from the standards", () => {
  const customers = [
    { id: id("cus-major"), tier: "major" },
    { id: id("cus-general"), tier: "general" },
    { id: id("cus-potential"), tier: "potential" },
  ]

  it("VIS-10 plans follow the tier's service standard: visits and contacts per period", () => {
    const result = planOf({ customers })
    for (const customer of customers) {
      const standard = standards.get(customer.tier) as Policy.ServiceStandard
      const mine = result.touches.filter((touch) => touch.customerId === customer.id)
      expect(ofKind(mine, "visit")).toHaveLength(standard.visitsPerPeriod)
      expect(ofKind(mine, "contact")).toHaveLength(standard.contactsPerPeriod)
      for (const touch of mine) {
        expect(touch.tier).toBe(customer.tier)
        expect(touch.provenance).toEqual({
          tier: customer.tier,
          visitsPerPeriod: standard.visitsPerPeriod,
          contactsPerPeriod: standard.contactsPerPeriod,
          policyVersion: "default",
        })
      }
    }
    // major 4 + 12, general 1 + 4, potential 0 + 2 (SEG-5 defaults)
    expect(result.touches).toHaveLength(16 + 5 + 2)
    expect(result.added).toEqual(result.touches)
    expect(result.kept).toEqual([])
    expect(result.cancelled).toEqual([])
    expect(result.skipped).toEqual([])
  })

  it("VIS-10 a policy override replaces a standard's count", () => {
    const overridden = right(
      Cadence.makePolicy({
        version: "more-calls",
        standardOverrides: [{ tier: "general", contactsPerPeriod: 6 }],
      }),
    )
    const result = planOf({ customers: [customers[1] as Cadence.Customer], policy: overridden })
    expect(ofKind(result.touches, "visit")).toHaveLength(1)
    expect(ofKind(result.touches, "contact")).toHaveLength(6)
    expect(result.touches[0]?.provenance).toMatchObject({
      contactsPerPeriod: 6,
      policyVersion: "more-calls",
    })
  })

  it("VIS-10 stagger none: the i-th of n touches is due on the first business day of the i-th slice", () => {
    const result = planOf({ policy: firstDays, customers: [customers[0] as Cadence.Customer] })
    const start = Civil.parse("2025-01-01") as number
    const days = Period.days(year2025)
    for (const [kind, n] of [
      ["visit", 4],
      ["contact", 12],
    ] as const) {
      const touches = ofKind(result.touches, kind)
      expect(touches.map((touch) => touch.occurrence)).toEqual(
        Array.from({ length: n }, (_, i) => i),
      )
      touches.forEach((touch, i) => {
        const sliceStart = start + Math.floor((i * days) / n)
        const sliceEnd = start + Math.floor(((i + 1) * days) / n)
        const expected = weekdayOnOrAfter(sliceStart)
        expect(touch.dueDate).toBe(Civil.format(expected))
        expect(expected).toBeLessThan(sliceEnd)
      })
    }
    expect(datesOf(ofKind(result.touches, "visit"))).toEqual([
      "2025-01-01",
      "2025-04-02",
      "2025-07-02",
      "2025-10-01",
    ])
    // The default times: visits at 10:00 for 90 minutes, contacts at 15:00.
    for (const touch of result.touches) {
      expect(wallTime(touch.at, "UTC")).toBe(touch.kind === "visit" ? "10:00" : "15:00")
      expect(touch.durationMinutes).toBe(touch.kind === "visit" ? 90 : 15)
      expect(touch.channel).toBe(touch.kind === "visit" ? "onSite" : "phone")
    }
  })

  it("VIS-10 major customers' visits carry the regular-revisit agenda; other touches none", () => {
    const result = planOf({ customers })
    for (const touch of result.touches) {
      const revisit = touch.kind === "visit" && touch.tier === "major"
      expect(touch.agenda).toEqual(
        revisit ? ["usage", "satisfaction", "productDefects", "newNeeds", "suggestions"] : [],
      )
    }
    expect(result.touches.some((touch) => touch.agenda.length > 0)).toBe(true)
    const starStandards = Policy.standards(
      right(Policy.make({ version: "stars", currency: "EUR", tiers: Policy.stars })),
    )
    const stars = planOf({
      customers: [{ id: id("cus-5"), tier: "5-star" }],
      standards: starStandards,
    })
    expect(ofKind(stars.touches, "visit").every((touch) => touch.agenda.length === 5)).toBe(true)
  })

  it("VIS-10 touch ids are deterministic: customer, kind, period, occurrence and revision", () => {
    const result = planOf({ customers: [customers[1] as Cadence.Customer] })
    expect(result.touches.map((touch) => touch.id)).toEqual([
      "cus-general/visit/2025-01-01/2026-01-01/0",
      "cus-general/contact/2025-01-01/2026-01-01/0",
      "cus-general/contact/2025-01-01/2026-01-01/1",
      "cus-general/contact/2025-01-01/2026-01-01/2",
      "cus-general/contact/2025-01-01/2026-01-01/3",
    ])
    expect(Cadence.touchId("cus-general", "contact", year2025, 3, 2)).toBe(
      "cus-general/contact/2025-01-01/2026-01-01/3/r2",
    )
    expect(planOf({ customers: [customers[1] as Cadence.Customer] })).toEqual(result)
  })

  it("VIS-10 customers in different zones get touches in their own calendar's working time", () => {
    const tokyo = WorkingCalendar.weekdays("Asia/Tokyo", "09:00", "18:00")
    const newYork = WorkingCalendar.weekdays("America/New_York", "09:00", "17:00")
    const calendars = new Map([
      ["tokyo", tokyo],
      ["new-york", newYork],
    ])
    const result = planOf({
      policy: firstDays,
      customers: [
        { id: id("cus-tokyo"), tier: "major", calendarId: "tokyo" },
        { id: id("cus-ny"), tier: "major", calendarId: "new-york" },
        // No calendar: the default (New York) hours, read in the customer's own zone.
        { id: id("cus-paris"), tier: "major", zone: "Europe/Paris" },
      ],
      calendars,
      defaultCalendarId: "new-york",
    })
    const expectations = [
      ["cus-tokyo", "Asia/Tokyo", tokyo, "tokyo"],
      ["cus-ny", "America/New_York", newYork, "new-york"],
      [
        "cus-paris",
        "Europe/Paris",
        WorkingCalendar.weekdays("Europe/Paris", "09:00", "17:00"),
        "new-york",
      ],
    ] as const
    for (const [customerId, zone, calendar, calendarId] of expectations) {
      const mine = result.touches.filter((touch) => touch.customerId === customerId)
      expect(mine).toHaveLength(16)
      for (const touch of mine) {
        expect(touch.zone).toBe(zone)
        expect(touch.calendarId).toBe(calendarId)
        expect(Period.civilDateOf(touch.at, calendar.timeZone)).toBe(touch.dueDate)
        expect(wallTime(touch.at, zone)).toBe(touch.kind === "visit" ? "10:00" : "15:00")
        expect(right(BusinessTime.isOpen(calendar, touch.at))).toBe(true)
        const end = touch.at + touch.durationMinutes * MINUTE
        expect(right(BusinessTime.elapsed(calendar, touch.at, end))).toBe(end - touch.at)
      }
    }
    // The same wall-clock time is a different instant in each zone.
    const firstVisit = (customerId: string) =>
      result.touches.find((touch) => touch.customerId === customerId && touch.kind === "visit")?.at
    expect(firstVisit("cus-tokyo")).toBe(Date.parse("2025-01-01T10:00:00+09:00"))
    expect(firstVisit("cus-ny")).toBe(Date.parse("2025-01-01T10:00:00-05:00"))
    expect(firstVisit("cus-paris")).toBe(Date.parse("2025-01-01T10:00:00+01:00"))
  })

  it("VIS-10 plans do not depend on the server's time zone", () => {
    const calendars = new Map([
      ["new-york", WorkingCalendar.weekdays("America/New_York", "09:00", "17:00")],
    ])
    const planHere = () =>
      planOf({
        policy: firstDays,
        customers: [
          { id: id("cus-ny"), tier: "major", calendarId: "new-york" },
          // No calendar: the default hours read in the customer's zone (a half-hour
          // offset; a southern-hemisphere DST).
          { id: id("cus-kolkata"), tier: "major", zone: "Asia/Kolkata" },
          { id: id("cus-santiago"), tier: "major", zone: "America/Santiago" },
        ],
        calendars,
        defaultCalendarId: "new-york",
      })
    // Hand-checked: each quarter's first weekday at 10:00 local, with the offset of
    // that date (New York on DST from 9 March to 2 November 2025; Santiago off DST
    // from 6 April to 7 September 2025).
    const expected: Record<string, ReadonlyArray<string>> = {
      "cus-ny": [
        "2025-01-01T10:00:00-05:00",
        "2025-04-02T10:00:00-04:00",
        "2025-07-02T10:00:00-04:00",
        "2025-10-01T10:00:00-04:00",
      ],
      "cus-kolkata": [
        "2025-01-01T10:00:00+05:30",
        "2025-04-02T10:00:00+05:30",
        "2025-07-02T10:00:00+05:30",
        "2025-10-01T10:00:00+05:30",
      ],
      "cus-santiago": [
        "2025-01-01T10:00:00-03:00",
        "2025-04-02T10:00:00-03:00",
        "2025-07-02T10:00:00-04:00",
        "2025-10-01T10:00:00-03:00",
      ],
    }
    const visitInstants = (result: Cadence.PlanResult, customerId: string) =>
      ofKind(result.touches, "visit")
        .filter((touch) => touch.customerId === customerId)
        .map((touch) => touch.at)
    const reference = planHere()
    for (const [customerId, texts] of Object.entries(expected)) {
      expect(visitInstants(reference, customerId)).toEqual(texts.map((text) => Date.parse(text)))
    }
    // The same plan with the process in zones 25 hours apart (tests run in their own
    // process, and Node reads a TZ set at run time).
    const processZone = process.env.TZ
    try {
      for (const zone of ["Pacific/Kiritimati", "Pacific/Pago_Pago"]) {
        process.env.TZ = zone
        const offset = zone === "Pacific/Kiritimati" ? -14 * 60 : 11 * 60
        expect(new Date(Date.UTC(2025, 0, 1)).getTimezoneOffset()).toBe(offset)
        expect(planHere()).toEqual(reference)
      }
    } finally {
      if (processZone === undefined) delete process.env.TZ
      else process.env.TZ = processZone
    }
  })

  it("VIS-10 stagger none: a slice that starts on a weekend shifts its touch to the next business day", () => {
    // 2025-03-01 is a Saturday.
    const result = planOf({
      policy: firstDays,
      period: Period.make("2025-03-01", "2025-04-01", "UTC"),
      customers: [{ id: id("cus-1"), tier: "general" }],
      standards: new Map([["general", counts(1, 0)]]),
    })
    expect(datesOf(result.touches)).toEqual(["2025-03-03"])
  })

  it("VIS-10 stagger none: a slice that starts on a holiday shifts to the next business day, partial holidays included", () => {
    const calendar = WorkingCalendar.weekdays("Europe/Berlin", "09:00", "17:00", {
      holidays: [
        {
          name: "Christmas Eve afternoon",
          date: "2025-12-24",
          closed: [{ start: "13:00", end: "24:00" }],
        },
        { name: "Christmas", date: "2025-12-25", through: "2025-12-26" },
      ],
    })
    const result = planOf({
      policy: firstDays,
      period: Period.make("2025-12-24", "2026-01-24", "Europe/Berlin"),
      customers: [{ id: id("cus-1"), tier: "general" }],
      standards: new Map([["general", counts(1, 1)]]),
      calendars: new Map([["berlin", calendar]]),
      defaultCalendarId: "berlin",
    })
    // The 10:00–11:30 visit fits the morning of Christmas Eve; the 15:00 call does
    // not, nor do Christmas Day and Boxing Day, nor the weekend.
    expect(datesOf(ofKind(result.touches, "visit"))).toEqual(["2025-12-24"])
    expect(datesOf(ofKind(result.touches, "contact"))).toEqual(["2025-12-29"])
    const yearly = planOf({
      policy: firstDays,
      period: Period.make("2025-12-25", "2026-01-25", "Europe/Berlin"),
      customers: [{ id: id("cus-1"), tier: "general" }],
      standards: new Map([["general", counts(1, 0)]]),
      calendars: new Map([["berlin", calendar]]),
      defaultCalendarId: "berlin",
    })
    expect(datesOf(yearly.touches)).toEqual(["2025-12-29"])
  })

  it("VIS-10 DST spring-forward: a 02:30 visit follows the calendar's DST policy and the next day returns to 02:30", () => {
    const dstPolicy = right(
      Cadence.makePolicy({ version: "night", visit: { time: "02:30", durationMinutes: 30 } }),
    )
    const input = (calendar: WorkingCalendar.WorkingCalendar, chosen = dstPolicy) =>
      planOf({
        period: Period.make("2024-03-10", "2024-03-12", "America/New_York"),
        customers: [{ id: id("cus-1"), tier: "major" }],
        standards: new Map([["major", counts(2, 0)]]),
        calendars: new Map([["ny", calendar]]),
        defaultCalendarId: "ny",
        policy: chosen,
      }).touches
    // 02:30 does not exist on 10 March 2024 in New York (02:00 EST → 03:00 EDT).
    const compatible = input(allDay("America/New_York", "compatible"))
    expect(datesOf(compatible)).toEqual(["2024-03-10", "2024-03-11"])
    expect(compatible[0]?.at).toBe(Date.parse("2024-03-10T03:30:00-04:00"))
    expect(compatible[1]?.at).toBe(Date.parse("2024-03-11T02:30:00-04:00"))
    expect(wallTime(compatible[1]?.at as number, "America/New_York")).toBe("02:30")
    const earlier = input(allDay("America/New_York", "earlier"))
    expect(earlier[0]?.at).toBe(Date.parse("2024-03-10T01:30:00-05:00"))
    expect(earlier[1]?.at).toBe(Date.parse("2024-03-11T02:30:00-04:00"))
    // The policy may override the calendar's choice.
    const overriding = right(
      Cadence.makePolicy({
        version: "night-earlier",
        visit: { time: "02:30", durationMinutes: 30 },
        dst: "earlier",
      }),
    )
    expect(input(allDay("America/New_York", "compatible"), overriding)[0]?.at).toBe(
      Date.parse("2024-03-10T01:30:00-05:00"),
    )
  })

  it("VIS-10 DST fall-back: a 01:30 visit (a time that happens twice) resolves deterministically", () => {
    const nightPolicy = right(
      Cadence.makePolicy({ version: "night", visit: { time: "01:30", durationMinutes: 30 } }),
    )
    const firstAt = (calendar: WorkingCalendar.WorkingCalendar, chosen = nightPolicy) => {
      const run = () =>
        planOf({
          period: Period.make("2024-11-03", "2024-11-04", "America/New_York"),
          customers: [{ id: id("cus-1"), tier: "major" }],
          standards: new Map([["major", counts(1, 0)]]),
          calendars: new Map([["ny", calendar]]),
          defaultCalendarId: "ny",
          policy: chosen,
        }).touches
      const once = run()
      expect(run()).toEqual(once)
      expect(once).toHaveLength(1)
      return once[0]?.at
    }
    const edt = Date.parse("2024-11-03T01:30:00-04:00")
    const est = Date.parse("2024-11-03T01:30:00-05:00")
    expect(est - edt).toBe(HOUR)
    expect(firstAt(allDay("America/New_York", "compatible"))).toBe(edt)
    expect(firstAt(allDay("America/New_York", "earlier"))).toBe(edt)
    expect(firstAt(allDay("America/New_York", "later"))).toBe(est)
    const later = right(
      Cadence.makePolicy({
        version: "night-later",
        visit: { time: "01:30", durationMinutes: 30 },
        dst: "later",
      }),
    )
    expect(firstAt(allDay("America/New_York", "compatible"), later)).toBe(est)
  })

  it("VIS-10 the period's end is exclusive: no touch on or after the end date", () => {
    // Monday 2 June to Monday 9 June 2025 (exclusive): six slices of one day each
    // from Monday; the sixth starts on Saturday and its next business day is the
    // end date itself.
    const result = planOf({
      period: Period.make("2025-06-02", "2025-06-09", "UTC"),
      customers: [{ id: id("cus-1"), tier: "major" }],
      standards: new Map([["major", counts(6, 0)]]),
    })
    expect(datesOf(result.touches)).toEqual([
      "2025-06-02",
      "2025-06-03",
      "2025-06-04",
      "2025-06-05",
      "2025-06-06",
    ])
    expect(result.skipped).toEqual([
      {
        reason: "noWorkingDay",
        customerId: "cus-1",
        tier: "major",
        kind: "visit",
        occurrence: 5,
        count: 1,
      },
    ])
    // More touches than days: each touch needs a day of its own.
    const crowded = planOf({
      period: Period.make("2025-06-02", "2025-06-04", "UTC"),
      customers: [{ id: id("cus-1"), tier: "major" }],
      standards: new Map([["major", counts(5, 0)]]),
    })
    expect(datesOf(crowded.touches)).toEqual(["2025-06-02", "2025-06-03"])
    expect(crowded.skipped).toEqual([
      {
        reason: "noWorkingDay",
        customerId: "cus-1",
        tier: "major",
        kind: "visit",
        occurrence: 2,
        count: 3,
      },
    ])
  })

  it("VIS-10 a tier without a standard in unplannedTiers, or with zero counts, gets no touches", () => {
    const withBlocked = right(
      Cadence.makePolicy({ version: "blocked", unplannedTiers: ["blocked"] }),
    )
    const result = planOf({
      customers: [
        { id: id("cus-blocked"), tier: "blocked" },
        { id: id("cus-quiet"), tier: "quiet" },
      ],
      standards: new Map([["quiet", counts(0, 0)]]),
      policy: withBlocked,
    })
    expect(result.touches).toEqual([])
    expect(result.skipped).toEqual([
      { reason: "noStandard", customerId: "cus-blocked", tier: "blocked" },
    ])
    const potential = planOf({ customers: [{ id: id("cus-p"), tier: "potential" }] })
    expect(ofKind(potential.touches, "visit")).toEqual([])
  })

  it("VIS-10 an unknown tier is a typed error naming the customer", () => {
    const error = left(
      Cadence.plan({
        period: year2025,
        customers: [
          { id: id("cus-1"), tier: "major" },
          { id: id("cus-2"), tier: "platinum" },
        ],
        standards,
        calendars: new Map([["office", office]]),
        defaultCalendarId: "office",
        policy,
      }),
    )
    expect(error).toBeInstanceOf(Cadence.UnknownTierError)
    expect(error).toMatchObject({ _tag: "UnknownTierError", customerId: "cus-2", tier: "platinum" })
    expect(error.message).toContain("cus-2")
  })

  it("VIS-10 an unknown calendar, a bad zone, a duplicate customer or a bad period is a typed error", () => {
    const base: Cadence.PlanInput = {
      period: year2025,
      customers: [],
      standards,
      calendars: new Map([["office", office]]),
      defaultCalendarId: "office",
      policy,
    }
    expect(
      left(
        Cadence.plan({
          ...base,
          customers: [{ id: id("cus-1"), tier: "major", calendarId: "lisbon" }],
        }),
      ),
    ).toMatchObject({ _tag: "UnknownCalendarError", customerId: "cus-1", calendarId: "lisbon" })
    expect(
      left(
        Cadence.plan({
          ...base,
          defaultCalendarId: "nowhere",
          customers: [{ id: id("cus-1"), tier: "major" }],
        }),
      ),
    ).toMatchObject({ _tag: "UnknownCalendarError", calendarId: "nowhere" })
    const zone = left(
      Cadence.plan({ ...base, customers: [{ id: id("cus-1"), tier: "major", zone: "Mars/Base" }] }),
    )
    expect(zone).toBeInstanceOf(Errors.ValidationError)
    expect((zone as Errors.ValidationError).issues[0]?.path).toEqual(["customers", 0, "zone"])
    const twice = left(
      Cadence.plan({
        ...base,
        customers: [
          { id: id("cus-1"), tier: "major" },
          { id: id("cus-1"), tier: "general" },
        ],
      }),
    )
    expect((twice as Errors.ValidationError).issues[0]?.path).toEqual(["customers", 1, "id"])
    const pathOf = (input: Cadence.PlanInput) =>
      (left(Cadence.plan(input)) as Errors.ValidationError).issues[0]?.path
    expect(pathOf({ ...base, period: Period.make("2000-01-01", "2101-01-01", "UTC") })).toEqual([
      "period",
    ])
    expect(pathOf({ ...base, period: Period.make("0001-01-01", "0001-02-01", "UTC") })).toEqual([
      "period",
    ])
    expect(pathOf({ ...base, now: Number.NaN })).toEqual(["now"])
  })
})

describe("Cadence: staggering the customers of a tier", () => {
  const start = Civil.parse("2025-01-01") as number
  const days = Period.days(year2025)
  /** 340 major customers, as many as the demo's, with ids of the demo's form. */
  const majors = Array.from(
    { length: 340 },
    (_, i): Cadence.Customer => ({
      id: id(`cus_${String(i + 1).padStart(4, "0")}`),
      tier: "major",
    }),
  )
  /** The first and the end (exclusive) day number of slice `i` of `n` of 2025. */
  const sliceOf = (i: number, n: number) =>
    [start + Math.floor((i * days) / n), start + Math.floor(((i + 1) * days) / n)] as const
  /** The Monday–Friday days of `[from, to)`: the fitting days of the office calendar. */
  const weekdaysOf = (from: number, to: number) => {
    const list: Array<number> = []
    for (let d = from; d < to; d++) if (Civil.weekdayOf(d) <= 5) list.push(d)
    return list
  }
  const touchesOf = (result: Cadence.PlanResult, customerId: string) =>
    result.touches.filter((touch) => touch.customerId === customerId)

  it("VIS-10 stagger byCustomer (default): a tier's customers are spread over each slice's working days", () => {
    const result = planOf({ customers: majors })
    expect(result.touches).toHaveLength(340 * 16)
    for (const [kind, n] of [
      ["visit", 4],
      ["contact", 12],
    ] as const) {
      for (let i = 0; i < n; i++) {
        const [from, to] = sliceOf(i, n)
        const working = weekdaysOf(from, to)
        const load = new Map<string, number>()
        for (const touch of ofKind(result.touches, kind)) {
          if (touch.occurrence !== i) continue
          const day = Civil.parse(touch.dueDate) as number
          // Each touch stays in its own slice, on a working day.
          expect(day >= from && day < to).toBe(true)
          expect(Civil.weekdayOf(day)).toBeLessThanOrEqual(5)
          load.set(touch.dueDate, (load.get(touch.dueDate) ?? 0) + 1)
        }
        // Nearly every working day of the slice has some of them ...
        expect(load.size).toBeGreaterThanOrEqual(Math.floor(0.9 * working.length))
        // ... and no day more than the mean plus the spread of a hash (four standard
        // deviations of as many random draws): 12 of the mean 5.2 visits at most here,
        // where without the stagger all 340 fall on one day.
        const mean = 340 / working.length
        expect(Math.max(...load.values())).toBeLessThanOrEqual(
          Math.ceil(mean + 4 * Math.sqrt(mean)),
        )
      }
    }
  })

  it("VIS-10 stagger none keeps the old dates: every customer of a tier on the slice's first fitting day", () => {
    const result = planOf({ customers: majors, policy: firstDays })
    const visits = ofKind(result.touches, "visit")
    expect(new Set(datesOf(visits))).toEqual(
      new Set(["2025-01-01", "2025-04-02", "2025-07-02", "2025-10-01"]),
    )
    for (const touch of result.touches) {
      const n = touch.kind === "visit" ? 4 : 12
      const [from] = sliceOf(touch.occurrence, n)
      expect(touch.dueDate).toBe(Civil.format(weekdayOnOrAfter(from)))
    }
    // The default policy moves them: the same customers, other days.
    const staggered = planOf({ customers: majors })
    expect(new Set(datesOf(ofKind(staggered.touches, "visit"))).size).toBeGreaterThan(200)
  })

  it("VIS-10 stagger byCustomer: a customer keeps the same relative place among its slices' working days", () => {
    const result = planOf({ customers: majors.slice(0, 60) })
    for (const customer of majors.slice(0, 60)) {
      for (const [kind, n] of [
        ["visit", 4],
        ["contact", 12],
      ] as const) {
        // The k-th of c working days of a slice is a place in [k/c, (k+1)/c); one
        // place must fit every slice of the customer.
        let low = 0
        let high = 1
        for (const touch of ofKind(touchesOf(result, customer.id), kind)) {
          const [from, to] = sliceOf(touch.occurrence, n)
          const working = weekdaysOf(from, to)
          const k = working.indexOf(Civil.parse(touch.dueDate) as number)
          expect(k).toBeGreaterThanOrEqual(0)
          low = Math.max(low, k / working.length)
          high = Math.min(high, (k + 1) / working.length)
        }
        expect(low).toBeLessThan(high)
      }
    }
  })

  it("VIS-10 stagger byCustomer: a customer's dates depend on its id alone, not on the other customers or their order", () => {
    const all = planOf({ customers: majors })
    const reversed = planOf({ customers: [...majors].reverse() })
    const rotated = planOf({ customers: [...majors.slice(170), ...majors.slice(0, 170)] })
    for (const customer of majors.filter((_, i) => i % 17 === 0)) {
      const alone = planOf({ customers: [customer] }).touches
      expect(alone).toHaveLength(16)
      expect(touchesOf(all, customer.id)).toEqual(alone)
      expect(touchesOf(reversed, customer.id)).toEqual(alone)
      expect(touchesOf(rotated, customer.id)).toEqual(alone)
    }
    // Re-planning with the plan as existing keeps every touch.
    const again = planOf({ customers: majors, existing: all.touches })
    expect(again.touches).toEqual(all.touches)
    expect(again.added).toEqual([])
  })

  it("VIS-10 stagger byCustomer: a slice without a working day falls back to the next one, and a touch follows the previous one", () => {
    // 2–16 June 2025, two slices of a week: the first week is a holiday, so the first
    // touch falls on Monday 9 June, and the second, in the second week, after it.
    const closedWeek = WorkingCalendar.weekdays("UTC", "09:00", "17:00", {
      holidays: [{ name: "Closed week", date: "2025-06-02", through: "2025-06-06" }],
    })
    const customers = majors.slice(0, 40)
    const twoVisits = new Map([["major", counts(2, 0)]])
    const result = planOf({
      period: Period.make("2025-06-02", "2025-06-16", "UTC"),
      customers,
      standards: twoVisits,
      calendars: new Map([["closed", closedWeek]]),
      defaultCalendarId: "closed",
    })
    const seconds = new Set<string>()
    for (const customer of customers) {
      const [first, second] = datesOf(touchesOf(result, customer.id))
      expect(first).toBe("2025-06-09")
      expect(second !== undefined && second > "2025-06-09" && second <= "2025-06-13").toBe(true)
      seconds.add(second as string)
    }
    expect(seconds.size).toBeGreaterThan(1)
    expect(result.skipped).toEqual([])
    // The second slice (8–13 June) closed: its touch is skipped, never planned after
    // the period's end.
    const closedEnd = WorkingCalendar.weekdays("UTC", "09:00", "17:00", {
      holidays: [{ name: "Closed week", date: "2025-06-09", through: "2025-06-13" }],
    })
    const shortPeriod = planOf({
      period: Period.make("2025-06-02", "2025-06-14", "UTC"),
      customers: customers.slice(0, 5),
      standards: twoVisits,
      calendars: new Map([["closed", closedEnd]]),
      defaultCalendarId: "closed",
    })
    for (const touch of shortPeriod.touches) {
      expect(touch.occurrence).toBe(0)
      expect(touch.dueDate >= "2025-06-02" && touch.dueDate <= "2025-06-06").toBe(true)
    }
    expect(shortPeriod.touches).toHaveLength(5)
    expect(
      shortPeriod.skipped.map((skip) => [skip.reason, "occurrence" in skip && skip.occurrence]),
    ).toEqual(Array.from({ length: 5 }, () => ["noWorkingDay", 1]))
  })

  it("VIS-10 stagger byCustomer: a day already past at now moves to the first working day from now within the slice", () => {
    const customers = majors.slice(0, 80)
    const first = planOf({ customers })
    // Cancel every visit of the first quarter, then re-plan on 17 February: the
    // visits whose day is still ahead come back on that day; those whose day has
    // passed come back on the first working day from now.
    const existing = first.touches.map((touch) =>
      touch.kind === "visit" && touch.occurrence === 0
        ? { ...touch, status: "cancelled" as const, cancelReason: "manual" as const }
        : touch,
    )
    const now = Date.parse("2025-02-17T00:00:00Z")
    const result = planOf({ customers, existing, now })
    expect(result.added).toHaveLength(80)
    for (const added of result.added) {
      const before = ofKind(touchesOf(first, added.customerId), "visit")[0] as Cadence.PlannedTouch
      expect(added.dueDate).toBe(before.at >= now ? before.dueDate : "2025-02-17")
      expect(added.revision).toBe(1)
    }
    const again = planOf({ customers, existing: [...existing, ...result.added], now })
    expect(again.added).toEqual([])
    expect(again.touches).toEqual(result.touches)
  })
})

describe("Cadence: re-planning", () => {
  const general = { id: id("cus-1"), tier: "general" }
  const major = { id: id("cus-1"), tier: "major" }
  const doneAt = (touch: Cadence.PlannedTouch | undefined): Cadence.DoneRecord => ({
    touchId: (touch as Cadence.PlannedTouch).id,
    at: (touch as Cadence.PlannedTouch).at + HOUR,
  })

  it("VIS-10 re-planning with the previous plan as existing returns the same plan", () => {
    const first = planOf({ customers: [major, { id: id("cus-2"), tier: "general" }] })
    const second = planOf({
      customers: [major, { id: id("cus-2"), tier: "general" }],
      existing: first.touches,
    })
    expect(second.touches).toEqual(first.touches)
    expect(second.kept).toEqual(first.touches)
    expect(second.added).toEqual([])
    expect(second.cancelled).toEqual([])
  })

  it("VIS-10 tier upgrade mid-period: done touches kept, the rest of the period planned from the new standard", () => {
    const first = planOf({ policy: firstDays, customers: [general] })
    const visit0 = ofKind(first.touches, "visit")[0]
    const contact0 = ofKind(first.touches, "contact")[0]
    const now = Date.parse("2025-05-15T00:00:00Z")
    const result = planOf({
      policy: firstDays,
      customers: [major],
      existing: first.touches,
      done: [doneAt(visit0), doneAt(contact0)],
      now,
    })
    // Visits: the general visit of 1 January (done) covers the first quarter; the
    // second quarter's visit, due 2 April, is caught up on the first working day
    // from now; the third and fourth quarters as planned.
    const visits = ofKind(result.touches, "visit")
    expect(datesOf(visits)).toEqual(["2025-01-01", "2025-05-15", "2025-07-02", "2025-10-01"])
    expect(visits[0]).toBe(visit0)
    expect(
      visits.slice(1).every((touch) => touch.tier === "major" && touch.agenda.length === 5),
    ).toBe(true)
    // Contacts: 1 January (done) and 2 April (past, kept as it is), the slices of
    // February and March are over (skipped as past), then one a month from May.
    const contacts = ofKind(result.touches, "contact")
    expect(datesOf(contacts)).toEqual([
      "2025-01-01",
      "2025-04-02",
      "2025-05-15",
      "2025-06-02",
      "2025-07-02",
      "2025-08-01",
      "2025-09-01",
      "2025-10-01",
      "2025-11-03",
      "2025-12-01",
    ])
    expect(result.skipped).toEqual([
      {
        reason: "past",
        customerId: "cus-1",
        tier: "major",
        kind: "contact",
        occurrence: 1,
        count: 2,
      },
    ])
    // The general contacts of July and October are re-planned under the major standard.
    expect(
      result.cancelled.map((touch) => [touch.dueDate, touch.tier, touch.cancelReason]),
    ).toEqual([
      ["2025-07-02", "general", "replanned"],
      ["2025-10-01", "general", "replanned"],
    ])
    expect(result.added.every((touch) => touch.at >= now && touch.tier === "major")).toBe(true)
    expect(result.kept).toHaveLength(3)
    // Ids stay unique and planning again changes nothing.
    expect(new Set(result.touches.map((touch) => touch.id)).size).toBe(result.touches.length)
    const again = planOf({
      policy: firstDays,
      customers: [major],
      existing: result.touches,
      done: [doneAt(visit0), doneAt(contact0)],
      now,
    })
    expect(again.touches).toEqual(result.touches)
    expect(again.added).toEqual([])
  })

  it("VIS-10 tier downgrade mid-period keeps booked and done touches and cancels the undone future ones", () => {
    const first = planOf({ policy: firstDays, customers: [major] })
    const visits = ofKind(first.touches, "visit")
    const booked = { ...(visits[1] as Cadence.PlannedTouch), status: "booked" as const }
    const existing = first.touches.map((touch) => (touch.id === booked.id ? booked : touch))
    const now = Date.parse("2025-03-15T00:00:00Z")
    const result = planOf({
      policy: firstDays,
      customers: [general],
      existing,
      done: [doneAt(visits[0])],
      now,
    })
    // Visits: 1 January (done) and 2 April (booked) stay, beyond the one visit of
    // the general standard; July and October are cancelled.
    const kept = ofKind(result.touches, "visit")
    expect(kept).toEqual([visits[0], booked])
    expect(
      ofKind(result.cancelled, "visit").map((touch) => [
        touch.dueDate,
        touch.status,
        touch.cancelReason,
      ]),
    ).toEqual([
      ["2025-07-02", "cancelled", "beyondStandard"],
      ["2025-10-01", "cancelled", "beyondStandard"],
    ])
    // Contacts: the three of the first quarter are past (kept); each later quarter
    // gets one general contact in place of three major ones.
    const contacts = ofKind(result.touches, "contact")
    expect(datesOf(contacts)).toEqual([
      "2025-01-01",
      "2025-01-31",
      "2025-03-03",
      "2025-04-02",
      "2025-07-02",
      "2025-10-01",
    ])
    expect(contacts.slice(3).map((touch) => [touch.tier, touch.revision])).toEqual([
      ["general", 1],
      ["general", 1],
      ["general", 1],
    ])
    expect(ofKind(result.cancelled, "contact")).toHaveLength(9)
    expect(result.cancelled.every((touch) => touch.status === "cancelled")).toBe(true)
    // Nothing booked or done is ever cancelled.
    expect(
      result.cancelled.some((touch) => touch.id === booked.id || touch.id === visits[0]?.id),
    ).toBe(false)
    const again = planOf({
      policy: firstDays,
      customers: [general],
      existing: result.touches,
      done: [doneAt(visits[0])],
      now,
    })
    expect(again.touches).toEqual(result.touches)
    expect(again.cancelled).toEqual([])
  })

  it("VIS-10 a cancelled touch does not block regeneration: its slot is planned again under a new revision", () => {
    const first = planOf({ policy: firstDays, customers: [general] })
    const contact = ofKind(first.touches, "contact")[2] as Cadence.PlannedTouch
    const withCancelled = first.touches.map((touch) =>
      touch.id === contact.id
        ? { ...touch, status: "cancelled" as const, cancelReason: "manual" as const }
        : touch,
    )
    const result = planOf({ policy: firstDays, customers: [general], existing: withCancelled })
    expect(result.added).toHaveLength(1)
    const regenerated = result.added[0] as Cadence.PlannedTouch
    expect(regenerated).toMatchObject({
      occurrence: 2,
      revision: 1,
      dueDate: contact.dueDate,
      status: "planned",
    })
    expect(regenerated.id).toBe(`${contact.id}/r1`)
    expect(result.touches).toHaveLength(first.touches.length)
    expect(result.touches.some((touch) => touch.id === contact.id)).toBe(false)
    // Re-planning with the regenerated touch (and the cancelled one) is stable.
    const again = planOf({
      policy: firstDays,
      customers: [general],
      existing: [...withCancelled, regenerated],
    })
    expect(again.added).toEqual([])
    expect(again.touches).toEqual(result.touches)
    // Cancelled after its day: planned again from now on within its slice.
    const now = Date.parse("2025-07-10T00:00:00Z")
    const late = planOf({ policy: firstDays, customers: [general], existing: withCancelled, now })
    expect(late.added.map((touch) => touch.dueDate)).toEqual(["2025-07-10"])
  })

  it("VIS-10 existing touches of other periods or customers are ignored", () => {
    const first = planOf({ customers: [general] })
    const result = planOf({
      customers: [{ id: id("cus-2"), tier: "general" }],
      existing: first.touches,
    })
    expect(result.kept).toEqual([])
    expect(result.touches.every((touch) => touch.customerId === "cus-2")).toBe(true)
    const nextYear = planOf({
      period: Period.make("2026-01-01", "2027-01-01", "UTC"),
      customers: [general],
      existing: first.touches,
    })
    expect(nextYear.kept).toEqual([])
    expect(nextYear.added).toHaveLength(5)
  })

  /**
   * The checks shared by a move of zone and a move of calendar: the touches fixed at
   * `now` (past, booked or done) are the first plan's, unchanged; every other touch
   * of the first plan is cancelled as `replanned` and its occurrence placed anew on
   * the new calendar, on the day the same rule gives a plan made on that calendar
   * from scratch, under the next revision; re-planning changes nothing.
   */
  const expectReanchored = (options: {
    readonly first: Cadence.PlanResult
    readonly moved: Cadence.PlanResult
    readonly scratch: Cadence.PlanResult
    readonly fixedIds: ReadonlySet<string>
    readonly now: number
    readonly zone: string
    readonly calendarId: string
    readonly calendar: WorkingCalendar.WorkingCalendar
  }) => {
    const { first, moved, scratch, fixedIds, now, zone, calendarId, calendar } = options
    const fixed = first.touches.filter((touch) => fixedIds.has(touch.id))
    const future = first.touches.filter((touch) => !fixedIds.has(touch.id))
    expect(fixed.length).toBeGreaterThan(0)
    expect(future.length).toBeGreaterThan(0)
    // Past, booked and done touches stay where they were, in the old zone.
    for (const touch of fixed) expect(moved.touches).toContainEqual(touch)
    expect(moved.kept).toEqual(expect.arrayContaining(fixed))
    expect(moved.kept).toHaveLength(fixed.length)
    // Every future planned touch is re-placed: the old one cancelled, a new revision added.
    expect(moved.cancelled.map((touch) => [touch.id, touch.status, touch.cancelReason])).toEqual(
      future.map((touch) => [touch.id, "cancelled", "replanned"]),
    )
    expect(moved.added.map((touch) => touch.id)).toEqual(future.map((touch) => `${touch.id}/r1`))
    for (const touch of moved.added) {
      expect(touch).toMatchObject({ zone, calendarId, revision: 1, status: "planned" })
      expect(touch.at).toBeGreaterThanOrEqual(now)
      expect(wallTime(touch.at, zone)).toBe(touch.kind === "visit" ? "10:00" : "15:00")
      expect(Period.civilDateOf(touch.at, touch.zone)).toBe(touch.dueDate)
      const end = touch.at + touch.durationMinutes * MINUTE
      expect(right(BusinessTime.elapsed(calendar, touch.at, end))).toBe(end - touch.at)
      // Same occurrence, same day rule: the day a plan on the new calendar gives it.
      const same = scratch.touches.find(
        (fresh) => fresh.kind === touch.kind && fresh.occurrence === touch.occurrence,
      )
      expect([touch.dueDate, touch.at]).toEqual([same?.dueDate, same?.at])
    }
    expect(moved.touches).toHaveLength(first.touches.length)
    expect(moved.skipped).toEqual([])
  }

  it("VIS-10 a customer who moves zone is re-anchored for future touches only", () => {
    // On the default calendar (09:00–17:00 on weekdays), read first in Paris, then in Tokyo.
    const inParis = { id: id("cus-1"), tier: "major", zone: "Europe/Paris" }
    const inTokyo = { id: id("cus-1"), tier: "major", zone: "Asia/Tokyo" }
    const first = planOf({ customers: [inParis] })
    const now = Date.parse("2025-07-01T00:00:00Z")
    // A future visit booked and a future contact done early stay in Paris too.
    const visits = ofKind(first.touches, "visit")
    const contacts = ofKind(first.touches, "contact")
    const booked = visits.find((touch) => touch.at >= now) as Cadence.PlannedTouch
    const doneEarly = contacts.filter((touch) => touch.at >= now)[1] as Cadence.PlannedTouch
    const existing = first.touches.map((touch) =>
      touch.id === booked.id ? { ...touch, status: "booked" as const } : touch,
    )
    const done = [
      { touchId: (contacts[0] as Cadence.PlannedTouch).id, at: Date.parse("2025-01-31T09:00:00Z") },
      { touchId: doneEarly.id, at: now - HOUR },
    ]
    const moved = planOf({ customers: [inTokyo], existing, done, now })
    const fixedIds = new Set([
      ...first.touches.filter((touch) => touch.at < now).map((touch) => touch.id),
      booked.id,
      doneEarly.id,
    ])
    expectReanchored({
      first: { ...first, touches: existing },
      moved,
      scratch: planOf({ customers: [inTokyo] }),
      fixedIds,
      now,
      zone: "Asia/Tokyo",
      calendarId: "office",
      calendar: WorkingCalendar.weekdays("Asia/Tokyo", "09:00", "17:00"),
    })
    expect(
      moved.touches.filter((touch) => touch.zone === "Europe/Paris").map((touch) => touch.id),
    ).toEqual(existing.filter((touch) => fixedIds.has(touch.id)).map((touch) => touch.id))
    // The Paris 10:00 of a future visit is not the Tokyo 10:00 of its replacement.
    const replaced = visits.find((touch) => touch.at >= now && touch.id !== booked.id)
    const replacement = moved.added.find((touch) => touch.id === `${replaced?.id}/r1`)
    expect(replacement?.at).toBe(Date.parse(`${replacement?.dueDate}T10:00:00+09:00`))
    expect(replaced?.at).not.toBe(replacement?.at)
    // Idempotent: planning again, in Tokyo, changes nothing.
    const again = planOf({ customers: [inTokyo], existing: moved.touches, done, now })
    expect(again.touches).toEqual(moved.touches)
    expect(again.added).toEqual([])
    expect(again.cancelled).toEqual([])
  })

  it("VIS-10 a customer who moves to another calendar is re-anchored for future touches only", () => {
    const paris = WorkingCalendar.make({
      timeZone: "Europe/Paris",
      weekly: Object.fromEntries(
        ["monday", "tuesday", "wednesday", "thursday", "friday"].map((day) => [
          day,
          [{ start: "09:00", end: "17:00" }],
        ]),
      ),
      holidays: [{ date: "2025-07-14" }, { date: "2025-08-15" }, { date: "2025-11-11" }],
    })
    const onParis = { id: id("cus-1"), tier: "major", calendarId: "paris" }
    const onTokyo = { id: id("cus-1"), tier: "major", calendarId: "tokyo" }
    const first = planOf({
      customers: [onParis],
      calendars: new Map([["paris", paris]]),
      defaultCalendarId: "paris",
    })
    const now = Date.parse("2025-06-15T12:00:00Z")
    const future = first.touches.filter((touch) => touch.at >= now)
    // Tokyo's holidays include the day of a future Paris visit: the visit must move off it.
    const parisVisitDay = (ofKind(future, "visit")[1] as Cadence.PlannedTouch).dueDate
    const tokyoHolidays = ["2025-07-21", "2025-09-15", "2025-11-03", parisVisitDay]
    const tokyo = WorkingCalendar.make({
      timeZone: "Asia/Tokyo",
      weekly: Object.fromEntries(
        ["monday", "tuesday", "wednesday", "thursday", "friday"].map((day) => [
          day,
          [{ start: "09:00", end: "18:00" }],
        ]),
      ),
      holidays: tokyoHolidays.map((date) => ({ date })),
    })
    const calendars = new Map([
      ["paris", paris],
      ["tokyo", tokyo],
    ])
    const booked = ofKind(future, "contact")[0] as Cadence.PlannedTouch
    const existing = first.touches.map((touch) =>
      touch.id === booked.id ? { ...touch, status: "booked" as const } : touch,
    )
    const moved = planOf({
      customers: [onTokyo],
      calendars,
      defaultCalendarId: "paris",
      existing,
      now,
    })
    expectReanchored({
      first: { ...first, touches: existing },
      moved,
      scratch: planOf({ customers: [onTokyo], calendars, defaultCalendarId: "paris" }),
      fixedIds: new Set([
        ...first.touches.filter((touch) => touch.at < now).map((touch) => touch.id),
        booked.id,
      ]),
      now,
      zone: "Asia/Tokyo",
      calendarId: "tokyo",
      calendar: tokyo,
    })
    // No re-placed touch falls on a Tokyo holiday, the Paris visit's day included.
    expect(moved.added.some((touch) => tokyoHolidays.includes(touch.dueDate))).toBe(false)
    expect(
      moved.touches
        .filter((t) => t.calendarId === "paris")
        .every((t) => t.at < now || t.id === booked.id),
    ).toBe(true)
    const again = planOf({
      customers: [onTokyo],
      calendars,
      defaultCalendarId: "paris",
      existing: [...moved.touches, ...moved.cancelled],
      now,
    })
    expect(again.touches).toEqual(moved.touches)
    expect(again.added).toEqual([])
    expect(again.cancelled).toEqual([])
  })
})

describe("Cadence: adherence", () => {
  const touch = (
    name: string,
    customer: string,
    tier: string,
    kind: Cadence.TouchKind,
    due: string,
    time: string,
    zone = "UTC",
    status: Cadence.TouchStatus = "planned",
  ): Cadence.PlannedTouch => {
    const at =
      Date.parse(`${due}T${time}:00Z`) - Zone.offsetAt(zone, Date.parse(`${due}T12:00:00Z`))
    return {
      id: name,
      customerId: id(customer),
      tier,
      kind,
      periodStart: Period.CivilDate.make("2025-01-01"),
      periodEnd: Period.CivilDate.make("2026-01-01"),
      occurrence: 0,
      revision: 0,
      dueDate: Period.CivilDate.make(due),
      at,
      durationMinutes: 30,
      zone: Period.TimeZone.make(zone),
      calendarId: "office",
      channel: kind === "visit" ? "onSite" : "phone",
      agenda: [],
      status,
      provenance: { tier, visitsPerPeriod: 1, contactsPerPeriod: 1, policyVersion: "default" },
    }
  }
  const asOf = Date.parse("2025-03-15T12:00:00Z")
  const touches = [
    touch("A", "cus-a", "major", "visit", "2025-01-10", "10:00"), // due, done on the day
    touch("B", "cus-a", "major", "contact", "2025-02-03", "15:00"), // due, done two days late
    touch("C", "cus-a", "major", "contact", "2025-03-03", "15:00"), // due, not done: overdue
    touch("D", "cus-a", "major", "contact", "2025-03-15", "15:00"), // later today: not due yet
    touch("E", "cus-b", "general", "visit", "2025-03-14", "10:00"), // due yesterday, not done: overdue
    touch("F", "cus-b", "general", "contact", "2025-03-15", "09:00"), // due this morning: not overdue yet
    touch("G", "cus-b", "general", "contact", "2025-04-01", "15:00"), // not due, done early
    touch("H", "cus-b", "general", "contact", "2025-02-01", "15:00", "UTC", "cancelled"),
    touch("J", "cus-b", "general", "visit", "2025-01-20", "10:00", "Asia/Tokyo"), // done after midnight in Tokyo
  ]
  const done: Array<Cadence.DoneRecord> = [
    { touchId: "A", at: Date.parse("2025-01-10T11:00:00Z") },
    { touchId: "B", at: Date.parse("2025-02-05T10:00:00Z") },
    { touchId: "D", at: Date.parse("2025-03-16T10:00:00Z") }, // after asOf: not known yet
    { touchId: "G", at: Date.parse("2025-03-10T10:00:00Z") },
    { touchId: "H", at: Date.parse("2025-02-01T15:00:00Z") }, // a cancelled touch
    { touchId: "J", at: Date.parse("2025-01-20T16:00:00Z") }, // 01:00 on the 21st in Tokyo
    { touchId: "ghost", at: Date.parse("2025-01-05T10:00:00Z") },
  ]

  it("VIS-10 adherence report: planned, due, done, on time, overdue and rates on a hand-checked fixture", () => {
    const report = right(Cadence.adherence(touches, done, asOf, { byCustomer: true }))
    // Live: A B C D E F G J (H is cancelled). Due by asOf: A B C E F J. Done: A B G J.
    // On time: A (same day) and G (early); B is two days late, J a day late in Tokyo.
    // Overdue: C and E (F is due today).
    expect(report.overall).toEqual({
      planned: 8,
      due: 6,
      done: 4,
      doneOnTime: 2,
      overdue: 2,
      rate: 3 / 6,
      onTimeRate: 1 / 6,
    })
    expect(report.byTier).toEqual([
      {
        tier: "major",
        figures: {
          planned: 4,
          due: 3,
          done: 2,
          doneOnTime: 1,
          overdue: 1,
          rate: 2 / 3,
          onTimeRate: 1 / 3,
        },
      },
      {
        tier: "general",
        figures: {
          planned: 4,
          due: 3,
          done: 2,
          doneOnTime: 1,
          overdue: 1,
          rate: 1 / 3,
          onTimeRate: 0,
        },
      },
    ])
    expect(
      report.byCustomer?.map((entry) => [
        entry.customerId,
        entry.figures.planned,
        entry.figures.overdue,
      ]),
    ).toEqual([
      ["cus-a", 4, 1],
      ["cus-b", 4, 1],
    ])
    // The records of H (cancelled) and "ghost" match no live touch; D's is after asOf.
    expect(report.unmatchedDone).toBe(2)
    expect(report.asOf).toBe(asOf)
  })

  it("VIS-10 adherence grace days: late by less than the grace is on time, and not yet overdue", () => {
    const report = right(Cadence.adherence(touches, done, asOf, { graceDays: 2 }))
    // B (two days late) and J (one day late) become on time; E (due yesterday) is
    // not overdue yet; C (twelve days) still is.
    expect(report.overall).toMatchObject({ doneOnTime: 4, overdue: 1, onTimeRate: 3 / 6 })
    expect(report.byCustomer).toBeUndefined()
    expect(report.graceDays).toBe(2)
  })

  it("VIS-10 adherence rates are null when nothing is due", () => {
    const report = right(Cadence.adherence(touches, [], Date.parse("2025-01-01T00:00:00Z")))
    expect(report.overall).toMatchObject({
      planned: 8,
      due: 0,
      done: 0,
      rate: null,
      onTimeRate: null,
    })
  })

  it("VIS-10 adherence input errors are ValidationErrors naming the field", () => {
    const paths = (result: Either.Either<Cadence.AdherenceReport, Errors.ValidationError>) =>
      left(result).issues.map((issue) => issue.path)
    expect(paths(Cadence.adherence(touches, done, Number.NaN))).toEqual([["asOf"]])
    expect(paths(Cadence.adherence(touches, done, asOf, { graceDays: -1 }))).toEqual([
      ["graceDays"],
    ])
    expect(paths(Cadence.adherence(touches, done, asOf, { graceDays: 1.5 }))).toEqual([
      ["graceDays"],
    ])
    expect(paths(Cadence.adherence(touches, [...done, { touchId: "A", at: 1e300 }], asOf))).toEqual(
      [["done", 7, "at"]],
    )
  })

  it("VIS-10 adherence of a plan: the touches due by an instant against the done records", () => {
    const planned = planOf({ policy: firstDays, customers: [{ id: id("cus-1"), tier: "general" }] })
    const first = planned.touches[0] as Cadence.PlannedTouch
    const report = right(
      Cadence.adherence(
        planned.touches,
        [{ touchId: first.id, at: first.at }],
        Date.UTC(2025, 6, 1),
      ),
    )
    // Due by 1 July: the visit of 1 January and the contacts of 1 January and 2 April.
    expect(report.overall).toMatchObject({
      planned: 5,
      due: 3,
      done: 1,
      doneOnTime: 1,
      overdue: 2,
      rate: 1 / 3,
    })
  })
})

// ---------------------------------------------------------------------------
// Properties.

const PERIOD_START_MIN = Civil.parse("2024-01-01") as number
const zones = [
  "UTC",
  "Europe/Berlin",
  "America/New_York",
  "Australia/Sydney",
  "Asia/Kolkata",
  "America/Santiago",
]
const tierNames = ["major", "general", "potential"] as const

/** Service standards derived from the schema, with counts small enough for a test. */
const standardArbitrary = (maxVisits: number, maxContacts: number) =>
  Arbitrary.make(Policy.ServiceStandard).map((standard) =>
    Policy.ServiceStandard.make({
      ...standard,
      visitsPerPeriod: standard.visitsPerPeriod % (maxVisits + 1),
      contactsPerPeriod: standard.contactsPerPeriod % (maxContacts + 1),
    }),
  )

const standardsArbitrary = (maxVisits: number, maxContacts: number) =>
  FastCheck.tuple(...tierNames.map(() => standardArbitrary(maxVisits, maxContacts))).map(
    (list) => new Map(tierNames.map((tier, i) => [tier, list[i] as Policy.ServiceStandard])),
  )

const quarterHour = FastCheck.integer({ min: 0, max: 95 }).map(
  (q) => `${String(Math.floor(q / 4)).padStart(2, "0")}:${String((q % 4) * 15).padStart(2, "0")}`,
)

/** A calendar with random weekly hours (one range a day, some days closed), holidays and zone. */
const calendarArbitrary = FastCheck.record({
  zone: FastCheck.constantFrom(...zones),
  dst: FastCheck.constantFrom<WorkingCalendar.DstPolicy>("compatible", "earlier", "later"),
  hours: FastCheck.array(
    FastCheck.option(
      FastCheck.tuple(
        FastCheck.integer({ min: 0, max: 92 }),
        FastCheck.integer({ min: 1, max: 48 }),
      ),
      { nil: undefined },
    ),
    { minLength: 7, maxLength: 7 },
  ),
  holidays: FastCheck.uniqueArray(FastCheck.integer({ min: 0, max: 800 }), { maxLength: 12 }),
}).map(({ zone, dst, hours, holidays }) => {
  const time = (quarter: number) =>
    quarter >= 96
      ? "24:00"
      : `${String(Math.floor(quarter / 4)).padStart(2, "0")}:${String((quarter % 4) * 15).padStart(2, "0")}`
  const calendar = WorkingCalendar.make({
    timeZone: zone,
    dst,
    weekly: Object.fromEntries(
      WorkingCalendar.weekdayNames.map((day, i) => {
        const range = hours[i]
        return [
          day,
          range === undefined
            ? []
            : [{ start: time(range[0]), end: time(Math.min(96, range[0] + range[1])) }],
        ]
      }),
    ),
    holidays: holidays.map((offset) => ({ date: Civil.format(PERIOD_START_MIN + offset) })),
  })
  return calendar
})

const periodArbitrary = FastCheck.record({
  start: FastCheck.integer({ min: 0, max: 400 }),
  length: FastCheck.integer({ min: 1, max: 400 }),
  zone: FastCheck.constantFrom(...zones),
}).map(({ start, length, zone }) =>
  Period.make(
    Civil.format(PERIOD_START_MIN + start),
    Civil.format(PERIOD_START_MIN + start + length),
    zone,
  ),
)

const policyArbitrary = FastCheck.record({
  visitTime: quarterHour,
  visitMinutes: FastCheck.integer({ min: 15, max: 240 }),
  contactTime: quarterHour,
  contactMinutes: FastCheck.integer({ min: 5, max: 60 }),
  dst: FastCheck.constantFrom<Cadence.DstChoice>("calendar", "compatible", "earlier", "later"),
  stagger: Arbitrary.make(Cadence.Stagger),
}).map((p) =>
  right(
    Cadence.makePolicy({
      version: "property",
      stagger: p.stagger,
      visit: { time: p.visitTime, durationMinutes: p.visitMinutes },
      contact: { time: p.contactTime, durationMinutes: p.contactMinutes, channel: "phone" },
      dst: p.dst,
    }),
  ),
)

const customersArbitrary = (calendarCount: number) =>
  FastCheck.array(
    FastCheck.record({
      tier: FastCheck.constantFrom(...tierNames),
      calendar: FastCheck.integer({ min: -1, max: calendarCount - 1 }),
      zone: FastCheck.option(FastCheck.constantFrom(...zones), { nil: undefined }),
    }),
    { minLength: 1, maxLength: 6 },
  ).map((list) =>
    list.map(({ tier, calendar, zone }, i): Cadence.Customer => {
      const base = { id: id(`cus-${i}`), tier }
      if (calendar >= 0) return { ...base, calendarId: `cal-${calendar}` }
      return zone === undefined ? base : { ...base, zone }
    }),
  )

describe("Cadence: properties", () => {
  it("VIS-10 property: re-planning a plan returns it unchanged (plan(plan(x)) = plan(x)), staggered or not, across tier, zone and calendar changes", () => {
    FastCheck.assert(
      FastCheck.property(
        periodArbitrary,
        FastCheck.array(calendarArbitrary, { minLength: 1, maxLength: 3 }),
        policyArbitrary,
        standardsArbitrary(6, 14),
        standardsArbitrary(6, 14),
        customersArbitrary(3),
        customersArbitrary(3),
        FastCheck.double({ min: 0, max: 1, noNaN: true }),
        FastCheck.double({ min: 0, max: 1, noNaN: true }),
        (period, calendarList, chosen, before, after, customers, moves, nowShare, doneShare) => {
          const calendars = new Map(calendarList.map((calendar, i) => [`cal-${i}`, calendar]))
          const known = (customer: Cadence.Customer): Cadence.Customer =>
            customer.calendarId !== undefined && !calendars.has(customer.calendarId)
              ? { ...customer, calendarId: "cal-0" }
              : customer
          const customersHere = customers.map(known)
          // Between the plans some customers move: to another calendar, to another zone
          // on the default calendar, or back to the default calendar in its own zone
          // (VIS-10: re-anchored for future touches only).
          const customersLater = customersHere.map((customer, i) => {
            const move = moves[i]
            if (move === undefined || i % 2 === 1) return customer
            // The customer's id and tier, the drawn customer's calendar or zone (or neither).
            const { id: _id, tier: _tier, ...place } = move
            return known({ id: customer.id, tier: customer.tier, ...place })
          })
          const input: Cadence.PlanInput = {
            period,
            customers: customersHere,
            standards: before,
            calendars,
            defaultCalendarId: "cal-0",
            policy: chosen,
          }
          // A history: a first plan, some of it done, booked or cancelled, then the
          // standards change (tier upgrades and downgrades alike).
          const history = right(Cadence.plan(input)).touches.map(
            (touch, i): Cadence.PlannedTouch =>
              i % 7 === 3
                ? { ...touch, status: "booked" }
                : i % 11 === 5
                  ? { ...touch, status: "cancelled", cancelReason: "manual" }
                  : touch,
          )
          const start = Period.startInstant(period)
          const now = Math.round(start + nowShare * (Period.endInstant(period) - start))
          const done = history
            .filter((touch, i) => touch.at < now && (i * 0.618) % 1 < doneShare)
            .map((touch) => ({ touchId: touch.id, at: touch.at }))
          const replanInput = {
            ...input,
            customers: customersLater,
            standards: after,
            existing: history,
            done,
            now,
          }
          const once = right(Cadence.plan(replanInput))
          const twice = right(Cadence.plan({ ...replanInput, existing: once.touches }))
          expect(twice.touches).toEqual(once.touches)
          expect(twice.added).toEqual([])
          expect(twice.cancelled).toEqual([])
          expect(twice.skipped).toEqual(once.skipped)
          expect(new Set(once.touches.map((touch) => touch.id)).size).toBe(once.touches.length)
          // Nothing done or booked was cancelled, nor is a new touch planned before now.
          const doneIds = new Set(done.map((record) => record.touchId))
          const booked = new Set(history.filter((t) => t.status === "booked").map((t) => t.id))
          expect(once.cancelled.some((t) => doneIds.has(t.id) || booked.has(t.id))).toBe(false)
          expect(once.added.every((touch) => touch.at >= now)).toBe(true)
          // Only past, booked or done touches stay on a calendar or zone the customer left.
          const fixedIds = new Set([...doneIds, ...booked])
          for (const touch of once.touches) {
            if (touch.at < now || fixedIds.has(touch.id)) continue
            const customer = customersLater.find((c) => c.id === touch.customerId)
            const calendarId = customer?.calendarId ?? "cal-0"
            const zone =
              customer?.calendarId === undefined && customer?.zone !== undefined
                ? customer.zone
                : calendars.get(calendarId)?.timeZone
            expect([touch.calendarId, touch.zone]).toEqual([calendarId, zone])
          }
        },
      ),
      { numRuns: 60 },
    )
  })

  it("VIS-10 property: no planned touch falls outside working time or on a holiday, staggered or not", () => {
    FastCheck.assert(
      FastCheck.property(
        periodArbitrary,
        calendarArbitrary,
        policyArbitrary,
        standardsArbitrary(8, 20),
        customersArbitrary(1),
        (period, calendar, chosen, tierStandards, customers) => {
          const result = right(
            Cadence.plan({
              period,
              customers,
              standards: tierStandards,
              calendars: new Map([["cal-0", calendar]]),
              defaultCalendarId: "cal-0",
              policy: chosen,
            }),
          )
          const holidays = new Set(calendar.holidays.map((holiday) => holiday.date as string))
          for (const touch of result.touches) {
            const customer = customers.find((c) => c.id === touch.customerId) as Cadence.Customer
            const own =
              customer.calendarId === undefined && customer.zone !== undefined
                ? right(WorkingCalendar.decodeEither({ ...calendar, timeZone: customer.zone }))
                : calendar
            const duration = touch.durationMinutes * MINUTE
            // Independently of the planner: the date, the weekday's hours, the holidays.
            expect(touch.zone).toBe(own.timeZone)
            expect(Period.civilDateOf(touch.at, own.timeZone)).toBe(touch.dueDate)
            expect(touch.dueDate >= period.start && touch.dueDate < period.end).toBe(true)
            expect(holidays.has(touch.dueDate)).toBe(false)
            const weekday =
              WorkingCalendar.weekdayNames[
                Civil.weekdayOf(Civil.parse(touch.dueDate) as number) - 1
              ]
            expect(own.weekly[weekday as WorkingCalendar.Weekday].length).toBeGreaterThan(0)
            // Open at the start and just before the end, and all the way through.
            expect(right(BusinessTime.isOpen(own, touch.at))).toBe(true)
            expect(right(BusinessTime.isOpen(own, touch.at + duration - 1))).toBe(true)
            expect(right(BusinessTime.elapsed(own, touch.at, touch.at + duration))).toBe(duration)
          }
        },
      ),
      { numRuns: 80 },
    )
  })

  it("VIS-10 property: each customer gets the standard's counts when the period has enough business days, staggered or not", () => {
    FastCheck.assert(
      FastCheck.property(
        Arbitrary.make(Cadence.Stagger),
        FastCheck.integer({ min: 0, max: 400 }),
        FastCheck.integer({ min: 28, max: 400 }),
        FastCheck.constantFrom(...zones),
        FastCheck.uniqueArray(FastCheck.integer({ min: 0, max: 800 }), { maxLength: 8 }),
        FastCheck.array(
          FastCheck.record({ visits: FastCheck.nat(50), contacts: FastCheck.nat(50) }),
          {
            minLength: 1,
            maxLength: 5,
          },
        ),
        (stagger, start, length, zone, holidayOffsets, wanted) => {
          // Weekdays 08:00–18:00 (the default touches fit every open day), holidays
          // at least a week apart, and at most one touch of a kind per week: every
          // slice holds a business day.
          const spaced = [...holidayOffsets]
            .sort((a, b) => a - b)
            .filter((d, i, all) => i === 0 || d - (all[i - 1] as number) >= 7)
          const calendar = WorkingCalendar.weekdays(zone, "08:00", "18:00", {
            holidays: spaced.map((offset) => ({ date: Civil.format(PERIOD_START_MIN + offset) })),
          })
          const period = Period.make(
            Civil.format(PERIOD_START_MIN + start),
            Civil.format(PERIOD_START_MIN + start + length),
            zone,
          )
          const weeks = Math.floor(length / 7)
          const tierStandards = new Map(
            wanted.map((w, i) => [
              `tier-${i}`,
              counts(w.visits % (weeks + 1), w.contacts % (weeks + 1)),
            ]),
          )
          const customers = wanted.map((_, i) => ({ id: id(`cus-${i}`), tier: `tier-${i}` }))
          const result = right(
            Cadence.plan({
              period,
              customers,
              standards: tierStandards,
              calendars: new Map([["cal", calendar]]),
              defaultCalendarId: "cal",
              policy: stagger === "none" ? firstDays : policy,
            }),
          )
          for (const customer of customers) {
            const standard = tierStandards.get(customer.tier) as Policy.ServiceStandard
            const mine = result.touches.filter((touch) => touch.customerId === customer.id)
            expect(ofKind(mine, "visit")).toHaveLength(standard.visitsPerPeriod)
            expect(ofKind(mine, "contact")).toHaveLength(standard.contactsPerPeriod)
          }
          expect(result.skipped).toEqual([])
        },
      ),
      { numRuns: 100 },
    )
  })
  it("VIS-10 property: a customer's touches do not depend on the other customers or their order, staggered or not", () => {
    FastCheck.assert(
      FastCheck.property(
        periodArbitrary,
        calendarArbitrary,
        policyArbitrary,
        standardsArbitrary(6, 14),
        FastCheck.uniqueArray(
          FastCheck.record({
            id: FastCheck.stringMatching(/^[a-z0-9_-]{1,12}$/),
            tier: FastCheck.constantFrom(...tierNames),
          }),
          { minLength: 1, maxLength: 8, selector: (customer) => customer.id },
        ),
        FastCheck.nat(),
        (period, calendar, chosen, tierStandards, drawn, seed) => {
          const customers = drawn.map(({ id: text, tier }) => ({ id: id(text), tier }))
          const input: Cadence.PlanInput = {
            period,
            customers,
            standards: tierStandards,
            calendars: new Map([["cal-0", calendar]]),
            defaultCalendarId: "cal-0",
            policy: chosen,
          }
          // Another order: a rotation by the seed, then reversed.
          const shift = seed % customers.length
          const reordered = [...customers.slice(shift), ...customers.slice(0, shift)].reverse()
          const together = right(Cadence.plan(input)).touches
          const shuffled = right(Cadence.plan({ ...input, customers: reordered })).touches
          for (const customer of customers) {
            const alone = right(Cadence.plan({ ...input, customers: [customer] })).touches
            const mine = (touches: ReadonlyArray<Cadence.PlannedTouch>) =>
              touches.filter((touch) => touch.customerId === customer.id)
            expect(mine(together)).toEqual(alone)
            expect(mine(shuffled)).toEqual(alone)
          }
        },
      ),
      { numRuns: 60 },
    )
  })
})
