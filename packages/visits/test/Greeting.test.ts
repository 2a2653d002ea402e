import { BusinessDays, WorkingCalendar } from "@clientele/calendar"
import { Civil, Money, Period } from "@clientele/core"
import { Policy } from "@clientele/segmentation"
import * as Arbitrary from "effect/Arbitrary"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import * as Schema from "effect/Schema"
import { describe, expect, it } from "vitest"
import * as Greeting from "../src/Greeting.js"
import * as Profile from "../src/Profile.js"

const right = <A, E>(result: Either.Either<A, E>): A => {
  if (Either.isLeft(result)) throw new Error(`expected Right, got ${String(result.left)}`)
  return result.right
}

const left = <A, E>(result: Either.Either<A, E>): E => {
  if (Either.isRight(result)) throw new Error("expected Left")
  return result.left
}

const date = (text: string) => Period.CivilDate.make(text)
const year2025: Greeting.Horizon = { from: date("2025-01-01"), to: date("2026-01-01") }

/** Mon–Fri 09:00–17:00 in Berlin, closed on the German Christmas holidays. */
const berlinOffice = WorkingCalendar.weekdays("Europe/Berlin", "09:00", "17:00", {
  holidays: [
    { name: "Christmas Day", date: "2024-12-25", yearly: true },
    { name: "Boxing Day", date: "2024-12-26", yearly: true },
  ],
})

const encodedDefault = Schema.encodeSync(Greeting.GreetingPolicy)(Greeting.defaultPolicy)

const policyWith = (
  parts: Partial<typeof Greeting.GreetingPolicy.Encoded> = {},
): Greeting.GreetingPolicy =>
  Schema.decodeUnknownSync(Greeting.GreetingPolicy)({ ...encodedDefault, ...parts })

const germanHolidays: typeof Greeting.HolidayList.Encoded = {
  id: "de",
  country: "DE",
  holidays: [
    { name: "New Year", date: "2025-01-01", yearly: true },
    { name: "Christmas Day", date: "2025-12-25", yearly: true },
  ],
}

const customer = (
  id: string,
  tier: string,
  parts: {
    readonly zone?: string
    readonly country?: string
    readonly region?: string
    readonly dates?: ReadonlyArray<typeof Profile.ImportantDate.Encoded>
  } = {},
): Greeting.GreetingCustomer => {
  const zone = parts.zone ?? "Europe/Berlin"
  return Schema.decodeUnknownSync(Greeting.GreetingCustomer)({
    id,
    tier,
    zone,
    ...(parts.country !== undefined ? { country: parts.country } : {}),
    ...(parts.region !== undefined ? { region: parts.region } : {}),
    ...(parts.dates !== undefined
      ? { profile: { customerId: id, zone, importantDates: parts.dates } }
      : {}),
  })
}

const touchesOf = (plan: Greeting.GreetingPlan) =>
  plan.touches.map((touch) => `${touch.customerId} ${touch.kind} ${touch.dueOn}`)

/** The instant of a wall-clock time in Berlin written with its UTC offset. */
const at = (isoWithOffset: string) => Date.parse(isoWithOffset)

describe("Greeting: the policy", () => {
  it("VIS-8 the default: major gets a visit and a gift on the birthday, flowers on the wedding anniversary", () => {
    const major = Greeting.defaultPolicy.tiers.major
    expect(major?.holidays).toBe(true)
    expect(major?.specialDates.birthday?.actions).toEqual(["visit", "gift"])
    expect(major?.specialDates.weddingAnniversary?.actions).toEqual(["flowers"])
  })

  it("VIS-8 the default: general is greeted on every special date, potential on holidays only", () => {
    const { general, potential } = Greeting.defaultPolicy.tiers
    for (const kind of Profile.DateKind.literals)
      expect(general?.specialDates[kind]?.actions).toEqual(["greeting"])
    expect(general?.holidays).toBe(true)
    expect(potential?.holidays).toBe(true)
    expect(potential?.specialDates).toEqual({})
    expect(Greeting.defaultPolicy.channel).toBe("email")
    expect(Greeting.defaultPolicy.sendAt).toBe("09:00")
    expect(Greeting.defaultPolicy.visitAt).toBe("10:00")
    expect(Greeting.defaultPolicy.holidayLists).toEqual([])
  })

  it("VIS-8 the default covers every tier of segmentation's built-in schemes", () => {
    for (const scheme of [Policy.threeTiers, Policy.stars])
      for (const name of [...scheme.tiers.map((tier) => tier.name), scheme.inactive.name])
        expect(Greeting.defaultPolicy.tiers[name]).toBeDefined()
  })

  it("VIS-8 a policy is validated: rule conflicts, regional lists without a country, duplicate list ids", () => {
    const decode = Schema.decodeUnknownEither(Greeting.GreetingPolicy, { errors: "all" })
    expect(
      Either.isLeft(
        decode({
          ...encodedDefault,
          tiers: {
            major: { holidays: true, specialDates: { birthday: { actions: ["none", "gift"] } } },
          },
        }),
      ),
    ).toBe(true)
    expect(
      Either.isLeft(
        decode({ ...encodedDefault, holidayLists: [{ id: "by", region: "BY", holidays: [] }] }),
      ),
    ).toBe(true)
    expect(
      Either.isLeft(
        decode({
          ...encodedDefault,
          holidayLists: [
            { id: "x", holidays: [] },
            { id: "x", holidays: [] },
          ],
        }),
      ),
    ).toBe(true)
    expect(
      Either.isLeft(
        decode({
          ...encodedDefault,
          tiers: {
            major: {
              holidays: true,
              specialDates: { birthday: { actions: ["greeting"], gift: { description: "cake" } } },
            },
          },
        }),
      ),
    ).toBe(true)
  })

  it("VIS-8 the default policy survives a JSON round trip", () => {
    const json = JSON.parse(JSON.stringify(encodedDefault))
    expect(Schema.decodeUnknownSync(Greeting.GreetingPolicy)(json)).toEqual(Greeting.defaultPolicy)
  })
})

describe("Greeting: planning", () => {
  it("VIS-8 a greeting on a date that is itself a holiday is sent that day, at the local send time", () => {
    const plan = right(
      Greeting.planGreetings({
        customers: [customer("cus-1", "general", { country: "DE" })],
        policy: policyWith({ holidayLists: [germanHolidays] }),
        horizon: year2025,
        workingCalendar: berlinOffice,
      }),
    )
    expect(touchesOf(plan)).toEqual(["cus-1 greeting 2025-01-01", "cus-1 greeting 2025-12-25"])
    const christmas = plan.touches[1]
    expect(christmas?.at).toBe(at("2025-12-25T09:00:00+01:00"))
    expect(christmas?.channel).toBe("email")
    expect(christmas?.provenance).toEqual({
      source: "holiday",
      ruleId: "de/Christmas Day",
      holiday: "Christmas Day",
      occurrence: "2025-12-25",
    })
    // Christmas is closed on the working calendar, yet the greeting is not moved.
    expect(right(BusinessDays.isBusinessDay(berlinOffice, "2025-12-25"))).toBe(false)
  })

  it("VIS-8 a visit on a special date that falls on a holiday shifts to the next business day", () => {
    const plan = right(
      Greeting.planGreetings({
        customers: [
          customer("cus-1", "major", {
            dates: [{ id: "bd", kind: "birthday", date: "1970-12-25" }],
          }),
        ],
        policy: Greeting.defaultPolicy,
        horizon: year2025,
        workingCalendar: berlinOffice,
      }),
    )
    // 25 and 26 December are holidays, 27–28 a weekend: the visit moves to Monday 29th;
    // the gift stays on the birthday itself.
    expect(touchesOf(plan)).toEqual(["cus-1 gift 2025-12-25", "cus-1 visit 2025-12-29"])
    const visit = plan.touches.find((touch) => touch.kind === "visit")
    expect(visit?.at).toBe(at("2025-12-29T10:00:00+01:00"))
    expect(visit?.provenance).toEqual({
      source: "specialDate",
      ruleId: "major/birthday",
      importantDateId: "bd",
      dateKind: "birthday",
      occurrence: "2025-12-25",
      years: 55,
    })
  })

  it("VIS-8 region-specific holidays reach only the customers of that region", () => {
    const policy = policyWith({
      holidayLists: [
        {
          id: "de-by",
          country: "DE",
          region: "BY",
          holidays: [{ name: "Epiphany", date: "2025-01-06" }],
        },
        { id: "all", holidays: [{ name: "Company day", date: "2025-03-03" }] },
      ],
    })
    const plan = right(
      Greeting.planGreetings({
        customers: [
          customer("in-bavaria", "general", { country: "DE", region: "BY" }),
          customer("in-berlin", "general", { country: "DE", region: "BE" }),
          customer("in-france", "general", { country: "FR", zone: "Europe/Paris" }),
          customer("no-country", "general"),
        ],
        policy,
        horizon: year2025,
      }),
    )
    expect(touchesOf(plan)).toEqual([
      "in-bavaria greeting 2025-01-06",
      "in-bavaria greeting 2025-03-03",
      "in-berlin greeting 2025-03-03",
      "in-france greeting 2025-03-03",
      "no-country greeting 2025-03-03",
    ])
  })

  it("VIS-8 a holiday of several days is greeted once, on its first day", () => {
    const policy = policyWith({
      holidayLists: [
        {
          id: "jp",
          holidays: [{ name: "Golden Week", date: "2025-04-29", through: "2025-05-06" }],
        },
        {
          id: "company",
          holidays: [
            { name: "Winter break", date: "2024-12-23", through: "2025-01-03", yearly: true },
          ],
        },
      ],
    })
    const plan = right(
      Greeting.planGreetings({
        customers: [customer("cus-1", "general", { zone: "Asia/Tokyo" })],
        policy,
        horizon: year2025,
      }),
    )
    // The winter break that began in December 2024 is not greeted again in January.
    expect(touchesOf(plan)).toEqual(["cus-1 greeting 2025-04-29", "cus-1 greeting 2025-12-23"])
  })

  it("VIS-8 a shifted visit meeting another planned touch of the customer that day is deduplicated", () => {
    const plan = right(
      Greeting.planGreetings({
        customers: [
          customer("cus-1", "major", {
            dates: [
              // Saturday 14 June 2025: the birthday visit shifts to Monday 16 June…
              { id: "bd", kind: "birthday", date: "--06-14" },
              // …where the company's anniversary visit already falls.
              { id: "company", kind: "companyAnniversary", date: "1990-06-16" },
            ],
          }),
        ],
        policy: Greeting.defaultPolicy,
        horizon: year2025,
        workingCalendar: berlinOffice,
      }),
    )
    expect(touchesOf(plan)).toEqual(["cus-1 gift 2025-06-14", "cus-1 visit 2025-06-16"])
    const duplicates = plan.skipped.filter((skipped) => skipped.reason === "DUPLICATE")
    expect(duplicates).toHaveLength(1)
    expect(duplicates[0]).toMatchObject({
      kind: "visit",
      dueOn: "2025-06-16",
      provenance: { source: "specialDate", importantDateId: "company" },
    })
  })

  it("VIS-8 on a day with a special date and a holiday, the special date's touch wins", () => {
    const plan = right(
      Greeting.planGreetings({
        customers: [
          customer("cus-1", "general", {
            country: "DE",
            dates: [{ id: "bd", kind: "birthday", date: "--01-01" }],
          }),
        ],
        policy: policyWith({ holidayLists: [germanHolidays] }),
        horizon: { from: date("2025-01-01"), to: date("2025-01-02") },
      }),
    )
    expect(plan.touches.map((touch) => touch.provenance.source)).toEqual(["specialDate"])
    expect(plan.skipped.map((skipped) => [skipped.reason, skipped.provenance?.source])).toEqual([
      ["DUPLICATE", "holiday"],
    ])
  })

  it("VIS-8 re-planning twice equals planning once", () => {
    const input: Greeting.PlanInput = {
      customers: [
        customer("cus-1", "major", {
          country: "DE",
          dates: [
            { id: "bd", kind: "birthday", date: "1970-12-25" },
            { id: "wed", kind: "weddingAnniversary", date: "1999-05-08" },
          ],
        }),
        customer("cus-2", "general", {
          country: "DE",
          dates: [{ id: "bd", kind: "birthday", date: "--02-29", leapDay: "mar1" }],
        }),
      ],
      policy: policyWith({ holidayLists: [germanHolidays] }),
      horizon: year2025,
      workingCalendar: berlinOffice,
    }
    const once = right(Greeting.planGreetings(input))
    expect(right(Greeting.planGreetings(input))).toEqual(once)
    expect(touchesOf(once)).toContain("cus-2 greeting 2025-03-01")
    const again = right(Greeting.planGreetings({ ...input, existing: once.touches }))
    expect(again.touches).toEqual([])
    const ids = again.skipped
      .filter((skipped) => skipped.reason === "DUPLICATE")
      .map((skipped) => skipped.touchId)
      .sort()
    expect(ids).toEqual(once.touches.map((touch) => touch.id).sort())
  })

  it("VIS-8 a touch already planned under another id still blocks its customer, kind and day", () => {
    const existing: Greeting.ExistingTouch = {
      id: "planned-by-hand",
      customerId: "cus-1",
      kind: "greeting",
      dueOn: "2025-01-01",
    }
    const plan = right(
      Greeting.planGreetings({
        customers: [customer("cus-1", "general", { country: "DE" })],
        policy: policyWith({ holidayLists: [germanHolidays] }),
        horizon: year2025,
        existing: [existing],
      }),
    )
    expect(touchesOf(plan)).toEqual(["cus-1 greeting 2025-12-25"])
    expect(plan.skipped[0]?.detail).toContain("planned-by-hand")
  })

  it("VIS-8 a send time in a DST gap follows the DST policy: the policy's, else the calendar's", () => {
    const springForward = (extra: Partial<typeof Greeting.GreetingPolicy.Encoded>) =>
      policyWith({
        ...extra,
        sendAt: "02:30",
        holidayLists: [{ id: "x", holidays: [{ name: "Spring", date: "2025-03-30" }] }],
      })
    const sendAt = (policy: Greeting.GreetingPolicy, calendar?: WorkingCalendar.WorkingCalendar) =>
      right(
        Greeting.planGreetings({
          customers: [customer("cus-1", "general")],
          policy,
          horizon: year2025,
          ...(calendar !== undefined ? { workingCalendar: calendar } : {}),
        }),
      ).touches[0]?.at
    // 02:30 does not exist in Berlin on 30 March 2025: "compatible" moves it to 03:30 CEST.
    expect(sendAt(springForward({}))).toBe(at("2025-03-30T03:30:00+02:00"))
    expect(sendAt(springForward({ dst: "earlier" }))).toBe(at("2025-03-30T01:30:00+01:00"))
    const earlierCalendar = WorkingCalendar.make({
      ...Schema.encodeSync(WorkingCalendar.WorkingCalendar)(berlinOffice),
      dst: "earlier",
    })
    expect(sendAt(springForward({}), earlierCalendar)).toBe(at("2025-03-30T01:30:00+01:00"))
    expect(sendAt(springForward({ dst: "later" }), earlierCalendar)).toBe(
      at("2025-03-30T03:30:00+02:00"),
    )
  })

  it("VIS-8 the send time is on the customer's wall clock, whatever the zone", () => {
    const plan = right(
      Greeting.planGreetings({
        customers: [
          customer("tokyo", "general", { zone: "Asia/Tokyo" }),
          customer("new-york", "general", { zone: "America/New_York" }),
        ],
        policy: policyWith({
          holidayLists: [{ id: "all", holidays: [{ name: "New Year", date: "2025-01-01" }] }],
        }),
        horizon: year2025,
      }),
    )
    expect(plan.touches.map((touch) => [touch.customerId, touch.at])).toEqual([
      ["new-york", at("2025-01-01T09:00:00-05:00")],
      ["tokyo", at("2025-01-01T09:00:00+09:00")],
    ])
  })

  it("VIS-8 tiers that get nothing are reported: none, a missing kind, no holidays, an unknown tier", () => {
    const policy = policyWith({
      holidayLists: [germanHolidays],
      tiers: {
        quiet: { holidays: false, specialDates: { birthday: { actions: ["none"] } } },
        potential: { holidays: true, specialDates: {} },
      },
    })
    const plan = right(
      Greeting.planGreetings({
        customers: [
          customer("quiet", "quiet", {
            country: "DE",
            dates: [{ id: "bd", kind: "birthday", date: "--05-05" }],
          }),
          customer("prospect", "potential", {
            country: "DE",
            dates: [{ id: "bd", kind: "birthday", date: "--05-05" }],
          }),
          customer("stranger", "platinum"),
        ],
        policy,
        horizon: year2025,
      }),
    )
    expect(touchesOf(plan)).toEqual([
      "prospect greeting 2025-01-01",
      "prospect greeting 2025-12-25",
    ])
    expect(plan.skipped.map((skipped) => [skipped.customerId, skipped.reason])).toEqual([
      ["quiet", "NO_ACTION"],
      ["quiet", "NO_ACTION"],
      ["quiet", "NO_ACTION"],
      ["prospect", "NO_ACTION"],
      ["stranger", "UNKNOWN_TIER"],
    ])
  })

  it("VIS-8 a visit without a working calendar is skipped rather than planned on a closed day", () => {
    const plan = right(
      Greeting.planGreetings({
        customers: [
          customer("cus-1", "major", { dates: [{ id: "bd", kind: "birthday", date: "--06-14" }] }),
        ],
        policy: Greeting.defaultPolicy,
        horizon: year2025,
      }),
    )
    expect(touchesOf(plan)).toEqual(["cus-1 gift 2025-06-14"])
    expect(plan.skipped.map((skipped) => skipped.reason)).toEqual(["NO_WORKING_CALENDAR"])
  })

  it("VIS-8 gifts carry their description and budget, greetings the tier's channel", () => {
    const policy = policyWith({
      tiers: {
        vip: {
          holidays: true,
          channel: "letter",
          specialDates: {
            birthday: {
              actions: ["greeting", "gift"],
              gift: { description: "tea hamper", budget: { amount: 5000, currency: "EUR" } },
            },
            weddingAnniversary: { actions: ["flowers"], gift: { description: "roses" } },
          },
        },
      },
    })
    const plan = right(
      Greeting.planGreetings({
        customers: [
          customer("cus-1", "vip", {
            dates: [
              { id: "bd", kind: "birthday", date: "--03-03" },
              { id: "wed", kind: "weddingAnniversary", date: "2000-09-09" },
            ],
          }),
        ],
        policy,
        horizon: year2025,
      }),
    )
    expect(
      plan.touches.map((touch) => [touch.kind, touch.channel, touch.gift?.description]),
    ).toEqual([
      ["gift", undefined, "tea hamper"],
      ["greeting", "letter", undefined],
      ["flowers", undefined, "roses"],
    ])
    expect(plan.touches[0]?.gift?.budget).toEqual(Money.make(5000, "EUR"))
  })

  it("VIS-8 invalid input is refused with the failing path named", () => {
    const error = left(
      Greeting.planGreetings({
        customers: [
          { ...customer("cus-1", "general"), zone: "Nowhere/City" as Period.TimeZone },
          {
            ...customer("cus-2", "general"),
            profile: Profile.make({ customerId: "someone-else", zone: "UTC" }),
          },
        ],
        policy: Greeting.defaultPolicy,
        horizon: { from: date("2025-06-01"), to: date("2025-01-01") },
      }),
    )
    if (error._tag !== "ValidationError")
      throw new Error(`expected a ValidationError, got ${error._tag}`)
    expect(error.issues.map((issue) => issue.path)).toEqual([
      ["customers", 0, "zone"],
      ["customers", 1, "profile", "customerId"],
      ["horizon", "to"],
    ])
  })

  it("VIS-8 touch ids are deterministic and never collide across customers, sources and kinds", () => {
    const plan = right(
      Greeting.planGreetings({
        customers: [
          customer("a:b", "major", { dates: [{ id: "c", kind: "birthday", date: "--07-07" }] }),
          customer("a", "major", { dates: [{ id: "b:c", kind: "birthday", date: "--07-07" }] }),
        ],
        policy: Greeting.defaultPolicy,
        horizon: year2025,
        workingCalendar: berlinOffice,
      }),
    )
    const ids = plan.touches.map((touch) => touch.id)
    expect(ids).toHaveLength(4)
    expect(new Set(ids).size).toBe(4)
  })
})

describe("Greeting: properties", () => {
  const tiers = ["major", "general", "potential", "5-star", "unknown"] as const
  const zones = ["Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe"]
  const FIRST = Civil.parse("2024-01-01") ?? 0

  const dayArb = (span: number) =>
    FastCheck.integer({ min: 0, max: span }).map((offset) => Civil.format(FIRST + offset))

  const importantDateArb = FastCheck.record({
    kind: Arbitrary.make(Profile.DateKind),
    leapDay: Arbitrary.make(Profile.LeapDayRule),
    date: FastCheck.oneof(
      { weight: 3, arbitrary: dayArb(365).map((day) => `--${day.slice(5)}`) },
      {
        weight: 2,
        arbitrary: FastCheck.integer({ min: -20_000, max: 900 }).map((offset) =>
          Civil.format(FIRST + offset),
        ),
      },
      {
        weight: 1,
        arbitrary: FastCheck.constantFrom("2000-02-29", "--02-29", "--12-25", "--06-14"),
      },
    ),
  }).map(({ kind, leapDay, date }) => ({
    kind,
    leapDay,
    date,
    ...(kind === "other" ? { label: "name day" } : {}),
    ...(kind === "promotion" && date.startsWith("--") ? { date: `2020${date.slice(1)}` } : {}),
  }))

  const customerArb = FastCheck.record({
    tier: FastCheck.oneof(
      { weight: 3, arbitrary: FastCheck.constant("major") },
      { weight: 2, arbitrary: FastCheck.constantFrom(...tiers) },
    ),
    zone: FastCheck.constantFrom(...zones),
    country: FastCheck.constantFrom("DE", "FR", undefined),
    dates: FastCheck.array(importantDateArb, { maxLength: 8 }),
  })

  const holidayArb = FastCheck.record({
    date: dayArb(900),
    length: FastCheck.integer({ min: 0, max: 4 }),
    yearly: FastCheck.boolean(),
  }).map(({ date, length, yearly }) => ({
    name: `h-${date}`,
    date,
    through: Civil.format((Civil.parse(date) ?? 0) + length),
    yearly,
  }))

  const scenarioArb = FastCheck.record({
    customers: FastCheck.array(customerArb, { minLength: 1, maxLength: 6 }),
    holidays: FastCheck.array(holidayArb, { maxLength: 4 }),
    closures: FastCheck.array(dayArb(365), { maxLength: 60 }),
    start: FastCheck.integer({ min: 0, max: 500 }),
    length: FastCheck.integer({ min: 30, max: 500 }),
  }).map((scenario) => {
    const input: Greeting.PlanInput = {
      customers: scenario.customers.map((c, index) =>
        customer(`cus-${index}`, c.tier, {
          zone: c.zone,
          ...(c.country !== undefined ? { country: c.country } : {}),
          dates: c.dates.map((d, n) => ({ id: `d${n}`, ...d })),
        }),
      ),
      policy: policyWith({
        holidayLists: [
          { id: "de", country: "DE", holidays: scenario.holidays },
          { id: "all", holidays: scenario.holidays.slice(0, 1) },
        ],
      }),
      horizon: {
        from: date(Civil.format(FIRST + scenario.start)),
        to: date(Civil.format(FIRST + scenario.start + scenario.length)),
      },
      workingCalendar: WorkingCalendar.weekdays("Europe/Berlin", "09:00", "17:00", {
        holidays: scenario.closures.map((closed) => ({ date: closed, yearly: true })),
      }),
    }
    return input
  })

  it("VIS-8 property: touches are unique by customer, kind and day, and re-planning with them adds nothing", () => {
    FastCheck.assert(
      FastCheck.property(scenarioArb, (input) => {
        const plan = right(Greeting.planGreetings(input))
        const keys = plan.touches.map((t) => `${t.customerId}|${t.kind}|${t.dueOn}`)
        expect(new Set(keys).size).toBe(keys.length)
        expect(new Set(plan.touches.map((t) => t.id)).size).toBe(plan.touches.length)
        const again = right(Greeting.planGreetings({ ...input, existing: plan.touches }))
        expect(again.touches).toEqual([])
      }),
      { numRuns: 60 },
    )
  })

  it("VIS-8 property: a planned visit never falls on a day without working time", () => {
    FastCheck.assert(
      FastCheck.property(scenarioArb, (input) => {
        const calendar = input.workingCalendar
        if (calendar === undefined) return
        const plan = right(Greeting.planGreetings(input))
        for (const touch of plan.touches)
          if (touch.kind === "visit")
            expect(right(BusinessDays.isBusinessDay(calendar, touch.dueOn))).toBe(true)
      }),
      { numRuns: 60 },
    )
  })

  it("VIS-8 property: every touch is due within its occurrence's reach and carries the policy version", () => {
    FastCheck.assert(
      FastCheck.property(scenarioArb, (input) => {
        const plan = right(Greeting.planGreetings(input))
        for (const touch of plan.touches) {
          expect(touch.policyVersion).toBe(input.policy.version)
          expect(touch.provenance.occurrence >= input.horizon.from).toBe(true)
          expect(touch.provenance.occurrence < input.horizon.to).toBe(true)
          if (touch.kind === "visit") expect(touch.dueOn >= touch.provenance.occurrence).toBe(true)
          else expect(touch.dueOn).toBe(touch.provenance.occurrence)
        }
      }),
      { numRuns: 60 },
    )
  })
})
