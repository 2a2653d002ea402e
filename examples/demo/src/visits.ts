/*
 * Visits (VIS-1 … VIS-11) at the office-supplies distributor of `./history.ts`: the
 * 2025 relationship cadence planned from the 2024 tiers and their service standards
 * (SEG-5) on the Shanghai team's working calendar, re-planned, half a year of it
 * done and the adherence report; a repair visit booked in the customer's window,
 * dispatch refused until the parts are packed, a completion refused for cash and
 * accepted with sign-off and feedback card, and the feedback summary; a profile
 * with a 29 February birthday and the greetings and gifts of 2025; a customer
 * gathering approved before any cost. All through the `Visits` service over a
 * store of its own, on a clock the story sets.
 */
import { WorkingCalendar } from "@clientele/calendar"
import { Ids, Money, Period } from "@clientele/core"
import { Classification, Policy, Summary } from "@clientele/segmentation"
import { MemoryStore } from "@clientele/store"
import { Cadence, type CustomerEvent, Greeting, Visits } from "@clientele/visits"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import * as TestClock from "effect/TestClock"
import * as TestContext from "effect/TestContext"
import { currency, generateHistory, ordersOf, registeredBy, yearPeriod, zone } from "./history.js"

const tenant = Ids.TenantId.make("demo-company")
const grouped = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",")
const plural = (n: number, word: string) => `${grouped(n)} ${word}${n === 1 ? "" : "s"}`
const percent = (rate: number | null) => (rate === null ? "n/a" : `${(rate * 100).toFixed(1)} %`)

/** The Shanghai team: weekdays 09:00–18:00 with a lunch break, and the public holidays of 2025. */
const team = WorkingCalendar.make({
  name: "Shanghai account managers",
  timeZone: zone,
  weekly: WorkingCalendar.weekdays(zone, "09:00", "18:00").weekly,
  breaks: [{ start: "12:00", end: "13:00" }],
  holidays: [
    { name: "New Year", date: "2025-01-01" },
    { name: "Spring Festival", date: "2025-01-28", through: "2025-02-04" },
    { name: "Qingming", date: "2025-04-04", through: "2025-04-06" },
    { name: "Labour Day", date: "2025-05-01", through: "2025-05-05" },
    { name: "Dragon Boat Festival", date: "2025-05-31", through: "2025-06-02" },
    { name: "National Day", date: "2025-10-01", through: "2025-10-08" },
  ],
})
const shanghai = (text: string) => Date.parse(`${text}+08:00`)
const dateTime = new Intl.DateTimeFormat("en-GB", {
  timeZone: zone,
  weekday: "short",
  day: "2-digit",
  month: "short",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
})
const when = (instant: number) => dateTime.format(instant).replace(",", "")

/** Runs `effect` with the clock set to `instant`. */
const at =
  (instant: number) =>
  <A, E, R>(effect: Effect.Effect<A, E, R>) =>
    Effect.zipRight(TestClock.setTime(instant), effect)

const program = Effect.gen(function* () {
  const visits = yield* Visits.Visits
  const history = generateHistory()

  // --- VIS-10: cadence by tier -------------------------------------------------
  const segmentationPolicy = Either.getOrThrow(Policy.make({ version: "tiers-v1", currency }))
  const summaries = Either.getOrThrow(
    Summary.fromTransactions(ordersOf(history, 2024), {
      period: yearPeriod(2024),
      currency,
      customers: registeredBy(history, 2024),
    }),
  )
  const classified = Either.getOrThrow(Classification.classifyPeriod(summaries, segmentationPolicy))
  const customers = Array.from({ length: summaries.customerIds.length }, (_, index) => {
    const { customerId, tier } = Classification.customerAt(classified, index)
    return { id: customerId, tier }
  })
  const standards = Policy.standards(segmentationPolicy)
  const year2025 = Period.make("2025-01-01", "2026-01-01", zone)
  const cadenceRequest = {
    period: Schema.encodeSync(Period.Period)(year2025),
    customers,
    standards,
    calendars: new Map([["shanghai", Schema.encodeSync(WorkingCalendar.WorkingCalendar)(team)]]),
    defaultCalendarId: "shanghai",
    policy: Schema.encodeSync(Cadence.CadencePolicy)(Cadence.defaultPolicy),
  }
  const planned = yield* visits
    .planCadence(tenant, cadenceRequest)
    .pipe(at(shanghai("2024-12-20T09:00:00")))
  console.log(
    `\nVisits: the 2025 relationship cadence (VIS-10) for ${grouped(customers.length)} customers from their 2024 tiers and each tier's standard (SEG-5) on the Shanghai team's calendar:`,
  )
  for (const [tier, standard] of standards) {
    const count = customers.filter((customer) => customer.tier === tier).length
    console.log(
      `  ${tier.padEnd(9)} ${grouped(count).padStart(5)} customers × ${plural(standard.visitsPerPeriod, "visit")} + ${plural(standard.contactsPerPeriod, "contact")}`,
    )
  }
  console.log(
    `  ${grouped(planned.touches)} touches planned (${grouped(planned.skipped.length)} skipped); planning again adds ${(yield* visits.planCadence(tenant, cadenceRequest).pipe(at(shanghai("2024-12-20T09:05:00")))).added}`,
  )
  const touches = yield* visits.cadenceTouches(tenant, year2025)
  const revisits = touches
    .map((record) => record.touch)
    .filter((touch) => touch.kind === "visit" && touch.tier === "major" && touch.occurrence === 0)
    .sort((a, b) => a.at - b.at)
  const perDay = new Map<string, number>()
  for (const touch of revisits) perDay.set(touch.dueDate, (perDay.get(touch.dueDate) ?? 0) + 1)
  const [firstRevisit] = revisits
  if (firstRevisit !== undefined) {
    console.log(
      `  the major customers' first revisits are spread over ${perDay.size} working days of the first quarter, at most ${Math.max(...perDay.values())} a day; the first, ${firstRevisit.customerId} on ${when(firstRevisit.at)}, with the revisit agenda: ${firstRevisit.agenda.join(", ")}`,
    )
  }
  // Half a year later: nine touches in ten due by the end of June were done, on their day.
  const midYear = shanghai("2025-07-01T00:00:00")
  let done = 0
  for (const [index, record] of touches.entries()) {
    if (record.touch.at >= midYear || index % 10 === 9) continue
    yield* visits
      .recordTouchDone(tenant, record.touch.id, { at: record.touch.at, by: "s-li" })
      .pipe(at(midYear))
    done++
  }
  const report = yield* visits.adherence(tenant, { period: year2025, asOf: midYear })
  console.log(
    `  adherence as of 1 July: ${grouped(report.overall.due)} due, ${grouped(done)} done, ${grouped(report.overall.overdue)} overdue — ${percent(report.overall.rate)} (${report.byTier.map((line) => `${line.tier} ${percent(line.figures.rate)}`).join(", ")})`,
  )

  // --- VIS-1 … VIS-6: a repair visit -------------------------------------------------
  const policy = yield* visits.savePolicy(tenant, { version: 1 })
  const technician = {
    id: "s-zhao",
    calendar: Schema.encodeSync(WorkingCalendar.WorkingCalendar)(team),
  }
  const request = {
    customerId: "cus_0007",
    jobId: "job-printer-0007",
    kind: "repair" as const,
    zone,
    preferred: [
      { start: "2025-03-12T11:00", end: "2025-03-12T14:30" },
      { start: "2025-03-13T09:00", end: "2025-03-13T12:00" },
    ],
    durationMinutes: 60,
    need: "The office printer jams on duplex jobs",
    checklist: [
      { kind: "part" as const, item: "duplex roller kit", quantity: 1, packed: false },
      { kind: "tool" as const, item: "torx screwdriver set", quantity: 1, packed: true },
    ],
  }
  const tooSoon = yield* Effect.flip(
    visits
      .bookAppointment(tenant, { policyVersion: 1, request, technician })
      .pipe(at(shanghai("2025-03-12T12:00:00"))),
  )
  console.log(
    `\nA repair visit (VIS-1 … VIS-6) for cus_0007, who can receive us on Wed 12 Mar 11:00–14:30 or Thu 13 Mar 09:00–12:00:`,
  )
  console.log(
    `  asked on Wed 12 Mar at noon: refused, ${tooSoon._tag === "BookingError" ? tooSoon.reason : tooSoon._tag} (the policy wants ${policy.minimumLeadMinutes / 60} h of notice)`,
  )
  const booked = yield* visits
    .bookAppointment(tenant, { policyVersion: 1, request, technician })
    .pipe(at(shanghai("2025-03-10T16:00:00")))
  console.log(
    `  asked on Mon 10 Mar: booked for ${when(booked.scheduled.start)}–${when(booked.scheduled.end).slice(-5)} with ${booked.technicianId} (lunch 12:00–13:00 is the team's break and the customer's meal time)`,
  )
  const refusedDispatch = yield* Effect.flip(
    visits
      .transitionAppointment(tenant, booked.id, { _tag: "Dispatch" })
      .pipe(at(shanghai("2025-03-12T10:20:00"))),
  )
  yield* visits
    .packItems(tenant, booked.id, { items: [{ item: "duplex roller kit" }] })
    .pipe(at(shanghai("2025-03-12T10:22:00")))
  const dispatched = yield* visits
    .transitionAppointment(tenant, booked.id, { _tag: "Dispatch" })
    .pipe(at(shanghai("2025-03-12T10:25:00")))
  console.log(
    `  dispatch with the roller kit not packed: refused, ${refusedDispatch._tag} (VIS-2); packed at 10:22, ${dispatched.status} at 10:25`,
  )
  yield* visits
    .transitionAppointment(tenant, booked.id, { _tag: "Start" })
    .pipe(at(booked.scheduled.start))
  const conduct = policy.conduct.map((item) => ({ item: item.id, complied: true }))
  const card = { score: 5, issues: [], submittedAt: booked.scheduled.end + 5 * 60_000 }
  const signOff = {
    _tag: "signed" as const,
    signedBy: "Ms Wu, office manager",
    signedAt: booked.scheduled.end,
    imageSha256: "9f2c".repeat(16),
  }
  const record = {
    appointmentId: booked.id,
    actualStart: booked.scheduled.start,
    actualEnd: booked.scheduled.end,
    conduct,
    signOff,
    feedback: card,
    extraCharges: [{ amount: { amount: 12_000, currency }, method: "cash" as const }],
  }
  const rejected = yield* Effect.flip(
    visits.completeVisit(tenant, booked.id, record).pipe(at(booked.scheduled.end + 600_000)),
  )
  console.log(
    `  completion with 120 CNY for a spare part taken in cash: rejected (${
      rejected._tag === "CompletionRejectedError"
        ? rejected.violations
            .filter((violation) => violation.blocking)
            .map((violation) => `${violation.code} ${violation.rule}`)
            .join(", ")
        : rejected._tag
    })`,
  )
  const completed = yield* visits
    .completeVisit(tenant, booked.id, {
      ...record,
      extraCharges: [
        {
          amount: { amount: 12_000, currency },
          method: "bankTransfer" as const,
          reference: "INV-2025-0312-7",
        },
      ],
    })
    .pipe(at(booked.scheduled.end + 600_000))
  console.log(
    `  completed with the customer's sign-off, a feedback card (${completed.feedbackCard.score}/5) and the part requested by bank transfer (VIS-4, VIS-5)`,
  )
  const summary = yield* visits.feedbackSummary(tenant, {
    period: Period.make("2025-01-01", "2025-04-01", zone),
    policyVersion: 1,
  })
  console.log(
    `  first-quarter visit experience (VIS-6): ${summary.visits} visit, average ${summary.averageScore ?? "n/a"}, ${summary.totalIssues} issues on the ${summary.items.length} checklist items, ${summary.secondTrips ?? 0} second trips`,
  )

  // --- VIS-7, VIS-8: dates and greetings -----------------------------------------------
  yield* visits.saveProfile(tenant, {
    customerId: "cus_0001",
    zone,
    importantDates: [
      {
        id: "owner-birthday",
        kind: "birthday",
        person: "customer",
        date: "1984-02-29",
        leapDay: "feb28",
      },
      { id: "company-day", kind: "companyAnniversary", person: "customer", date: "2009-09-15" },
    ],
  })
  const greetingRequest = {
    policy: {
      ...Schema.encodeSync(Greeting.GreetingPolicy)(Greeting.defaultPolicy),
      holidayLists: [
        {
          id: "cn-2025",
          country: "CN",
          holidays: [
            { name: "New Year", date: "2025-01-01" },
            { name: "Spring Festival", date: "2025-01-28", through: "2025-02-04" },
            { name: "Mid-Autumn Festival", date: "2025-10-06" },
            { name: "National Day", date: "2025-10-01", through: "2025-10-08" },
          ],
        },
      ],
    },
    horizon: { from: "2025-01-01", to: "2026-01-01" },
    customers: [
      { id: "cus_0001", tier: "major", zone, country: "CN" },
      { id: "cus_0002", tier: "general", zone, country: "CN" },
    ],
    calendar: Schema.encodeSync(WorkingCalendar.WorkingCalendar)(team),
  }
  const greetings = yield* visits
    .planGreetings(tenant, greetingRequest)
    .pipe(at(shanghai("2024-12-20T10:00:00")))
  console.log(
    `\nGreetings and gifts for 2025 (VIS-7, VIS-8) of a major and a general customer, on China's public holidays and on the major customer's special dates (its owner was born on 29 February 1984):`,
  )
  for (const touch of greetings.touches)
    console.log(
      `  ${touch.dueOn}  ${touch.customerId}  ${touch.kind.padEnd(8)} ${touch.provenance.source === "holiday" ? `holiday: ${touch.provenance.ruleId}` : `special date: ${touch.provenance.ruleId}`}`,
    )
  const again = yield* visits
    .planGreetings(tenant, greetingRequest)
    .pipe(at(shanghai("2024-12-21T10:00:00")))
  console.log(`  planning again adds ${again.touches.length} touches`)

  // --- VIS-11: a major-customer gathering ---------------------------------------------
  const gathering: CustomerEvent.CustomerEvent = yield* visits.createEvent(tenant, {
    id: "gathering-2025",
    kind: "majorCustomerGathering",
    title: "Major customers' spring gathering",
    date: "2025-04-18",
    zone,
    venue: "Hangzhou West Lake hotel",
    invited: { customers: [], tiers: ["major"] },
  })
  yield* visits.planEvent(tenant, gathering.id, {
    plannedBy: "s-li",
    agenda: [{ title: "New product line" }, { title: "Customer panel" }],
    budget: {
      lines: [
        { item: "venue", amount: { amount: 3_000_000, currency } },
        { item: "catering", amount: { amount: 1_800_000, currency } },
      ],
      total: { amount: 4_800_000, currency },
    },
  })
  const early = yield* Effect.flip(
    visits.commitEventCost(tenant, gathering.id, {
      item: "venue",
      amount: { amount: 3_000_000, currency },
      by: "s-li",
    }),
  )
  yield* visits.approveEvent(tenant, gathering.id, { by: "s-chen" })
  yield* visits.commitEventCost(tenant, gathering.id, {
    item: "venue",
    amount: { amount: 3_000_000, currency },
    by: "s-li",
  })
  const over = yield* Effect.flip(
    visits.commitEventCost(tenant, gathering.id, {
      item: "catering",
      amount: { amount: 2_000_000, currency },
      by: "s-li",
    }),
  )
  const [budgetLine] = yield* visits.eventBudgetReport(tenant)
  console.log(
    `\nA major-customer gathering (VIS-11): committing the venue before approval is refused (${early._tag}); approved by s-chen, the venue is committed; 20,000 CNY of catering would exceed the 48,000 CNY budget (${over._tag}); committed ${budgetLine === undefined ? "-" : `${Money.format(budgetLine.committed ?? Money.make(0, currency), "en-US")} of ${Money.format(budgetLine.approved ?? Money.make(0, currency), "en-US")}`}`,
  )
})

/** The visits step of the demo, over a store of its own. */
export const visitsDemo = (): Promise<void> =>
  Effect.runPromise(
    Effect.provide(
      program,
      Layer.merge(Visits.layer.pipe(Layer.provide(MemoryStore.layer)), TestContext.TestContext),
    ),
  )
