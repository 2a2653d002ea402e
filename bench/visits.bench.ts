/**
 * `@clientele/visits` cadence planning (VIS-10) on a year of a large customer base,
 * beside a naive planner measured in the same run:
 *
 * 1. Planning from scratch (target ≤ 2 s): `Cadence.plan` for the calendar year
 *    2025 and 100,000 customers in the three tiers of the default segmentation
 *    policy, with the service standards `Policy.standards` gives (major 4 visits +
 *    12 contacts, general 1 + 4, potential 0 + 2), on four working calendars in
 *    four zones with their public holidays (some of them half days), and on the
 *    default calendar moved to the zones of the customers that have no calendar.
 *    Customers are staggered within each slice (the default `byCustomer`
 *    stagger). Baseline: a naive planner with the same rules that asks the
 *    calendar package day by day — `BusinessDays.add` for the next business day,
 *    `Recurrence.occurrences` for the instant of the wall-clock time,
 *    `BusinessTime.elapsed` to check that the touch fits — for the fitting days of
 *    each slice (listed once per calendar, kind and slice, then shared by the
 *    customers: listing them for every touch would take minutes), picks the
 *    customer's own day among them from its own implementation of the stagger's
 *    hash, and searches day by day again when a touch must follow the previous one
 *    or its slice has no fitting day. Both plans must agree on every touch (id,
 *    date and instant) before anything is timed.
 * 2. Re-planning on 1 July (same target): the plan of row 1 as `existing`, done
 *    records for 90 % of the touches due by then, 2 % of the customers upgraded and
 *    2 % downgraded; `now` is 1 July. Baseline: the naive planner again, which only
 *    plans from scratch (no reconciliation at all).
 * 3. Adherence as of 1 July: `Cadence.adherence` per tier, overall and per
 *    customer over the re-planned touches. Baseline: a bare loop that only counts
 *    the planned, due and done touches per tier through a map of the done ids.
 *
 * Customers are seeded (the same every run). Timings are medians of 5 samples (3
 * for the naive planner) after one warm-up, the heap collected before each.
 */
import { performance } from "node:perf_hooks"
import { BusinessDays, BusinessTime, Recurrence, WorkingCalendar } from "@clientele/calendar"
import { Civil, type Ids, Period } from "@clientele/core"
import { Policy } from "@clientele/segmentation"
import { Cadence } from "@clientele/visits"
import * as Either from "effect/Either"
import { type Benchmark, type Row, settleHeap } from "./harness.js"

const count = (n: number) => Math.round(n).toLocaleString("en-US")
const fixed = (n: number, digits = 0) => n.toFixed(digits)
const verdict = (met: boolean) => (met ? "met" : "**NOT met**")

const right = <A>(result: Either.Either<A, unknown>, what: string): A => {
  if (Either.isLeft(result)) throw new Error(`${what}: ${String(result.left)}`)
  return result.right
}

// ---------------------------------------------------------------------------
// Calendars: four teams in four zones, with the public holidays of 2025.

const weekdays = (start: string, end: string) => ({
  monday: [{ start, end }],
  tuesday: [{ start, end }],
  wednesday: [{ start, end }],
  thursday: [{ start, end }],
  friday: [{ start, end }],
})
const days = (dates: ReadonlyArray<string>) => dates.map((date) => ({ date }))

const calendars = new Map<string, WorkingCalendar.WorkingCalendar>([
  [
    "berlin",
    WorkingCalendar.make({
      name: "Berlin field team",
      timeZone: "Europe/Berlin",
      weekly: weekdays("08:00", "17:00"),
      breaks: [{ start: "12:00", end: "13:00" }],
      holidays: [
        ...days([
          "2025-01-01",
          "2025-04-18",
          "2025-04-21",
          "2025-05-01",
          "2025-05-29",
          "2025-06-09",
          "2025-10-03",
          "2025-12-25",
          "2025-12-26",
        ]),
        { name: "Christmas Eve", date: "2025-12-24", closed: [{ start: "12:00", end: "24:00" }] },
        { name: "New Year's Eve", date: "2025-12-31", closed: [{ start: "12:00", end: "24:00" }] },
      ],
    }),
  ],
  [
    "new-york",
    WorkingCalendar.make({
      name: "New York field team",
      timeZone: "America/New_York",
      weekly: weekdays("09:00", "17:00"),
      holidays: [
        ...days([
          "2025-01-01",
          "2025-01-20",
          "2025-02-17",
          "2025-05-26",
          "2025-06-19",
          "2025-07-04",
          "2025-09-01",
          "2025-10-13",
          "2025-11-11",
          "2025-11-27",
          "2025-12-25",
        ]),
        {
          name: "Day after Thanksgiving",
          date: "2025-11-28",
          closed: [{ start: "13:00", end: "24:00" }],
        },
      ],
    }),
  ],
  [
    "tokyo",
    WorkingCalendar.make({
      name: "Tokyo field team",
      timeZone: "Asia/Tokyo",
      weekly: weekdays("09:00", "18:00"),
      holidays: [
        { name: "New Year", date: "2025-01-01", through: "2025-01-03" },
        ...days([
          "2025-01-13",
          "2025-02-11",
          "2025-02-24",
          "2025-03-20",
          "2025-04-29",
          "2025-05-05",
          "2025-05-06",
          "2025-07-21",
          "2025-08-11",
          "2025-09-15",
          "2025-09-23",
          "2025-10-13",
          "2025-11-03",
          "2025-11-24",
        ]),
        { name: "Year end", date: "2025-12-29", through: "2025-12-31" },
      ],
    }),
  ],
  [
    "sydney",
    WorkingCalendar.make({
      name: "Sydney field team",
      timeZone: "Australia/Sydney",
      weekly: { ...weekdays("08:30", "17:00"), saturday: [{ start: "09:00", end: "12:00" }] },
      holidays: days([
        "2025-01-01",
        "2025-01-27",
        "2025-04-18",
        "2025-04-21",
        "2025-04-25",
        "2025-06-09",
        "2025-10-06",
        "2025-12-25",
        "2025-12-26",
      ]),
    }),
  ],
])
const calendarIds = [...calendars.keys()]
const defaultCalendarId = "berlin"
/** Customers without a calendar are served on the default one, in their own zone. */
const customerZones = ["Europe/Paris", "America/Chicago", "Asia/Singapore"]

const period = Period.make("2025-01-01", "2026-01-01", "Europe/Berlin")
const JULY = Date.parse("2025-07-01T00:00:00Z")
const segmentation = right(Policy.make({ version: "bench-2025", currency: "EUR" }), "Policy.make")
const standards = Policy.standards(segmentation)
const policy = Cadence.defaultPolicy

// ---------------------------------------------------------------------------
// Customers (seeded).

/** mulberry32: a small seeded generator, values in [0, 1). */
const mulberry32 = (seed: number) => {
  let state = seed >>> 0
  return (): number => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

const makeCustomers = (size: number): Array<Cadence.Customer> => {
  const random = mulberry32(0x0c4d_2025)
  return Array.from({ length: size }, (_, c): Cadence.Customer => {
    const draw = random()
    const tier = draw < 0.05 ? "major" : draw < 0.3 ? "general" : "potential"
    const id = `cus-${String(c + 1).padStart(7, "0")}` as Ids.CustomerId
    // 85 % on a team calendar, 15 % on the default calendar in their own zone.
    return random() < 0.85
      ? { id, tier, calendarId: calendarIds[Math.floor(random() * calendarIds.length)] as string }
      : { id, tier, zone: customerZones[Math.floor(random() * customerZones.length)] as string }
  })
}

/** 2 % upgraded (general → major, potential → general), 2 % downgraded, seeded. */
const changeTiers = (customers: ReadonlyArray<Cadence.Customer>): Array<Cadence.Customer> => {
  const random = mulberry32(0x71e2_0701)
  const up: Record<string, string> = { general: "major", potential: "general" }
  const down: Record<string, string> = { major: "general", general: "potential" }
  return customers.map((customer) => {
    const draw = random()
    const tier = draw < 0.02 ? up[customer.tier] : draw < 0.04 ? down[customer.tier] : undefined
    return tier === undefined ? customer : { ...customer, tier }
  })
}

// ---------------------------------------------------------------------------
// The naive planner: the same rules, one calendar call after another per day.

/**
 * The stagger's place of a customer in each slice, written out again from its
 * documented rule: FNV-1a (32 bits) over the id's UTF-16 code units, the MurmurHash3
 * finaliser, divided by 2^32.
 */
const staggerShare = (customerId: string): number => {
  let hash = 0x811c9dc5
  for (let i = 0; i < customerId.length; i++) {
    hash = Math.imul(hash ^ customerId.charCodeAt(i), 0x01000193)
  }
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b)
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35)
  return ((hash ^ (hash >>> 16)) >>> 0) / 2 ** 32
}

interface NaiveDay {
  readonly day: number
  readonly date: string
  readonly at: number
}

const naivePlan = (customers: ReadonlyArray<Cadence.Customer>): Array<Cadence.PlannedTouch> => {
  const startDay = Civil.parse(period.start) ?? 0
  const periodDays = Period.days(period)
  const inZone = new Map<string, WorkingCalendar.WorkingCalendar>()
  const calendarOf = (customer: Cadence.Customer): [string, WorkingCalendar.WorkingCalendar] => {
    if (customer.calendarId !== undefined) {
      return [
        customer.calendarId,
        calendars.get(customer.calendarId) as WorkingCalendar.WorkingCalendar,
      ]
    }
    const zone = customer.zone as string
    let calendar = inZone.get(zone)
    if (calendar === undefined) {
      const base = calendars.get(defaultCalendarId) as WorkingCalendar.WorkingCalendar
      calendar = new WorkingCalendar.WorkingCalendar({ ...base, timeZone: zone as Period.TimeZone })
      inZone.set(zone, calendar)
    }
    return [defaultCalendarId, calendar]
  }
  /** The touch on `day` when it fits the calendar, asked of the calendar package. */
  const fitOn = (
    calendar: WorkingCalendar.WorkingCalendar,
    slot: { readonly time: WorkingCalendar.LocalTime; readonly durationMinutes: number },
    day: number,
  ): NaiveDay | undefined => {
    const date = Civil.format(day)
    const rule: Recurrence.Rule = {
      frequency: "daily",
      interval: 1,
      start: date as Period.CivilDate,
      time: slot.time,
      timeZone: calendar.timeZone,
      count: 1,
      missingDay: "skip",
      shift: "none",
      dst: calendar.dst,
    }
    const [occurrence] = right(Recurrence.occurrences(rule, { limit: 1 }), "occurrences")
    const at = occurrence?.at ?? Number.NaN
    const durationMs = slot.durationMinutes * 60_000
    const fits =
      Period.civilDateOf(at, calendar.timeZone) === date &&
      right(BusinessTime.elapsed(calendar, at, at + durationMs), "elapsed") === durationMs
    return fits ? { day, date, at } : undefined
  }
  /** The first fitting day at or after `from`, business day after business day. */
  const firstFitFrom = (
    calendar: WorkingCalendar.WorkingCalendar,
    slot: { readonly time: WorkingCalendar.LocalTime; readonly durationMinutes: number },
    from: number,
    until: number,
  ): NaiveDay | undefined => {
    let day = from
    while (true) {
      const business = right(BusinessDays.add(calendar, Civil.format(day), 0), "add")
      day = Civil.parse(business) ?? 0
      if (day >= until) return undefined
      const found = fitOn(calendar, slot, day)
      if (found !== undefined) return found
      day++
    }
  }
  const sliceDays = new Map<string, Array<NaiveDay>>()
  const out: Array<Cadence.PlannedTouch> = []
  for (const customer of customers) {
    const standard = standards.get(customer.tier)
    if (standard === undefined) throw new Error(`no standard for ${customer.tier}`)
    const [calendarId, calendar] = calendarOf(customer)
    const calendarKey = `${calendarId}@${calendar.timeZone}`
    const share = policy.stagger === "byCustomer" ? staggerShare(customer.id) : 0
    const provenance = {
      tier: customer.tier,
      visitsPerPeriod: standard.visitsPerPeriod,
      contactsPerPeriod: standard.contactsPerPeriod,
      policyVersion: policy.version,
    }
    for (const kind of ["visit", "contact"] as const) {
      const n = kind === "visit" ? standard.visitsPerPeriod : standard.contactsPerPeriod
      const slot = kind === "visit" ? policy.visit : policy.contact
      let previous = startDay - 1
      for (let i = 0; i < n; i++) {
        const sliceStart = startDay + Math.floor((i * periodDays) / n)
        const sliceEnd = startDay + Math.floor(((i + 1) * periodDays) / n)
        const key = `${calendarKey}/${kind}/${sliceStart}/${sliceEnd}`
        let fitting = sliceDays.get(key)
        if (fitting === undefined) {
          fitting = []
          let next = firstFitFrom(calendar, slot, sliceStart, sliceEnd)
          while (next !== undefined) {
            fitting.push(next)
            next = firstFitFrom(calendar, slot, next.day + 1, sliceEnd)
          }
          sliceDays.set(key, fitting)
        }
        // The customer's own fitting day of the slice, unless the previous touch is
        // on or after it or the slice has none: then the first fitting day after.
        let found = fitting[Math.floor(share * fitting.length)]
        if (found === undefined || found.day <= previous) {
          found = firstFitFrom(
            calendar,
            slot,
            Math.max(sliceStart, previous + 1),
            startDay + periodDays,
          )
        }
        if (found === undefined) break
        previous = found.day
        out.push({
          id: Cadence.touchId(customer.id, kind, period, i, 0),
          customerId: customer.id,
          tier: customer.tier,
          kind,
          periodStart: period.start,
          periodEnd: period.end,
          occurrence: i,
          revision: 0,
          dueDate: found.date as Period.CivilDate,
          at: found.at,
          durationMinutes: slot.durationMinutes,
          zone: calendar.timeZone,
          calendarId,
          channel: kind === "visit" ? "onSite" : policy.contact.channel,
          agenda:
            kind === "visit" && policy.revisitTiers.includes(customer.tier)
              ? policy.revisitAgenda
              : [],
          status: "planned",
          provenance,
        })
      }
    }
  }
  return out
}

// ---------------------------------------------------------------------------
// Timing.

const median = (values: ReadonlyArray<number>) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? 0
}

/** Milliseconds of each of `samples` runs of `work` after one warm-up, the heap settled before each. */
const timed = (work: () => void, samples: number): { median: number; samples: Array<number> } => {
  work()
  const times: Array<number> = []
  for (let i = 0; i < samples; i++) {
    settleHeap()
    const start = performance.now()
    work()
    times.push(performance.now() - start)
  }
  return { median: median(times), samples: times }
}

const notes: Array<string> = []

export const benchmark: Benchmark = {
  name: "Visits: cadence planning by tier (VIS-10) and adherence",
  ours: "@clientele/visits",
  baseline: "baseline",
  unit: "ms",
  notes,
  run: async ({ quick }) => {
    notes.length = 0
    const size = quick ? 10_000 : 100_000
    const customers = makeCustomers(size)
    const tiers: Record<string, number> = {}
    for (const customer of customers) tiers[customer.tier] = (tiers[customer.tier] ?? 0) + 1
    const input: Cadence.PlanInput = {
      period,
      customers,
      standards,
      calendars,
      defaultCalendarId,
      policy,
    }

    // 1. From scratch: ours against the naive planner, which must agree on every touch.
    const first = right(Cadence.plan(input), "plan")
    const naive = naivePlan(customers)
    if (naive.length !== first.touches.length) {
      throw new Error(
        `the plans differ: ${first.touches.length} touches against ${naive.length} naive ones`,
      )
    }
    first.touches.forEach((touch, i) => {
      const other = naive[i] as Cadence.PlannedTouch
      if (touch.id !== other.id || touch.dueDate !== other.dueDate || touch.at !== other.at) {
        throw new Error(`the plans differ at ${touch.id}: ${JSON.stringify([touch, other])}`)
      }
    })
    const scratch = timed(() => {
      right(Cadence.plan(input), "plan")
    }, 5)
    const naiveTime = timed(() => {
      naivePlan(customers)
    }, 3)
    const visits = first.touches.filter((touch) => touch.kind === "visit").length

    // 2. Re-planning on 1 July with done records and tier changes.
    const random = mulberry32(0xd0e_2025)
    const done: Array<Cadence.DoneRecord> = []
    for (const touch of first.touches) {
      if (touch.at < JULY && random() < 0.9) {
        done.push({ touchId: touch.id, at: touch.at + touch.durationMinutes * 60_000 })
      }
    }
    const changed = changeTiers(customers)
    const replanInput: Cadence.PlanInput = {
      ...input,
      customers: changed,
      existing: first.touches,
      done,
      now: JULY,
    }
    const replanned = right(Cadence.plan(replanInput), "re-plan")
    const again = right(
      Cadence.plan({ ...replanInput, existing: replanned.touches }),
      "re-plan twice",
    )
    if (
      again.added.length > 0 ||
      again.cancelled.length > 0 ||
      again.touches.length !== replanned.touches.length
    ) {
      throw new Error("re-planning the re-planned touches changed the plan")
    }
    const replan = timed(() => {
      right(Cadence.plan(replanInput), "re-plan")
    }, 5)
    const changedCount = changed.filter((customer, i) => customer !== customers[i]).length
    const past = replanned.skipped.filter((skip) => skip.reason === "past").length

    // 3. Adherence as of 1 July.
    const report = right(
      Cadence.adherence(replanned.touches, done, JULY, { byCustomer: true }),
      "adherence",
    )
    const adherenceTime = timed(() => {
      right(Cadence.adherence(replanned.touches, done, JULY, { byCustomer: true }), "adherence")
    }, 5)
    const bareLoop = timed(() => {
      const doneIds = new Set(done.map((record) => record.touchId))
      const counts = new Map<string, [number, number, number]>()
      for (const touch of replanned.touches) {
        let entry = counts.get(touch.tier)
        if (entry === undefined) {
          entry = [0, 0, 0]
          counts.set(touch.tier, entry)
        }
        entry[0]++
        if (touch.at <= JULY) entry[1]++
        if (doneIds.has(touch.id)) entry[2]++
      }
    }, 5)

    const workload = `${count(size)} customers (${Object.entries(tiers)
      .map(([tier, n]) => `${tier} ${count(n)}`)
      .join(", ")}), 4 team calendars + the default in 3 more zones, 2025`
    const rows: Array<Row> = [
      {
        operation: "Cadence.plan: a year from scratch",
        workload: `${workload}; ${count(first.touches.length)} touches; target ≤ 2 s; baseline: naive planner (BusinessDays.add + Recurrence.occurrences + BusinessTime.elapsed day by day, each slice's fitting days listed once per calendar and kind)`,
        ours: scratch.median,
        baseline: naiveTime.median,
      },
      {
        operation: "Cadence.plan: re-plan on 1 July",
        workload: `the plan above as existing, ${count(done.length)} done records, ${count(changedCount)} tier changes; target ≤ 2 s; baseline: the naive planner from scratch`,
        ours: replan.median,
        baseline: naiveTime.median,
      },
      {
        operation: "Cadence.adherence: per tier and per customer",
        workload: `${count(replanned.touches.length)} touches, ${count(done.length)} done records, as of 1 July; baseline: bare loop counting planned/due/done per tier`,
        ours: adherenceTime.median,
        baseline: bareLoop.median,
      },
    ]
    const samples = (values: ReadonlyArray<number>) => values.map((v) => fixed(v)).join(", ")
    const rate = (value: number | null) => (value === null ? "–" : `${fixed(100 * value, 1)} %`)
    notes.push(
      "Times in milliseconds (lower is better); `baseline / ours` above 1× means ours is faster.",
      "",
      `- Plan from scratch: ${count(first.touches.length)} touches (${count(visits)} visits, ${count(first.touches.length - visits)} contacts) in ` +
        `${fixed(scratch.median)} ms (≤ 2 s: ${verdict(scratch.median <= 2_000)}; samples ${samples(scratch.samples)} ms) ` +
        `against ${fixed(naiveTime.median)} ms for the naive planner (samples ${samples(naiveTime.samples)} ms); ` +
        `both agree on the id, date and instant of every touch.`,
      `- Re-plan on 1 July: ${count(replanned.kept.length)} kept, ${count(replanned.added.length)} added, ` +
        `${count(replanned.cancelled.length)} cancelled, ${count(past)} runs of slots skipped as past, in ` +
        `${fixed(replan.median)} ms (≤ 2 s: ${verdict(replan.median <= 2_000)}; samples ${samples(replan.samples)} ms); ` +
        "planning again with the result as existing adds and cancels nothing.",
      `- Adherence as of 1 July: ${count(report.overall.due)} due, ${count(report.overall.done)} done, ` +
        `${count(report.overall.overdue)} overdue, rate ${rate(report.overall.rate)}, on time ${rate(report.overall.onTimeRate)}; ` +
        `${report.byTier.map((entry) => `${entry.tier} ${rate(entry.figures.rate)}`).join(", ")}; ` +
        `${fixed(adherenceTime.median, 1)} ms against ${fixed(bareLoop.median, 1)} ms for the bare loop.`,
    )
    return rows
  },
}
