/**
 * `@clientele/complaints` (issue 5) beside the floor under each of its costs, measured
 * in the same run:
 *
 * 1. `sweep(now)` over 1,000,000 open complaints in the memory store (target ≤ 2 s),
 *    beside a plain loop calling `Sla.owedEvents` on every target of the same
 *    complaints in an array (the lower bound without storage). The store is filled
 *    directly: 125,000 distinct complaint histories are built with `Handling.receive`
 *    and a few `Handling.decide` steps (acknowledge with a committed time, route,
 *    assign, start, sometimes an update, a wait on the customer and the customer's
 *    reply), received at any second of the ten days before the sweep, with the
 *    default SLA policies on Mon–Fri 09–17 New York; what a sweep one hour earlier
 *    left is applied to each (every event owed then marked notified, as the
 *    service's sweep marks it; those notifications are not stored). Each history is
 *    then filed by eight customers (own complaint and customer ids, same instants:
 *    building a million with `decide` would take most of the time budget), and the
 *    documents go in through the port's `bulkWrite`, 10,000 at a time. The first
 *    sweep at `now` finds the events of that hour; a second one at the same instant
 *    finds none. The heap is collected once the store is filled (`settleHeap`), so
 *    the first sweep does not pay for the filling's garbage.
 * 2. One SLA event applied to a complaint's clocks (target ≤ 5 µs): `Sla.pause`,
 *    `Sla.resume`, both, `Sla.complete`, `Sla.changeDuration` on a business-hours
 *    resolution clock, and a whole `Handling.decide` of `waitOnCustomer`, each over
 *    4,096 prepared inputs (clocks started at any minute of 2026, events hours to
 *    days later). Baseline: a bare `BusinessTime.dueAt` of 16 business hours on the
 *    same calendar, the floor under any SLA evaluation.
 * 3. Intake through SQLite (target ≥ 5,000 complaints/s): `intake` one at a time
 *    (each its own transaction) and `intakeAll` 500 at a time, up to 20,000
 *    complaints each, over `layerSqlite` with its defaults (WAL, `synchronous =
 *    FULL`) on a fresh file in the OS temporary directory. Each mode stops after
 *    20 s (its rate is over what it took in), as intake slows down while the
 *    database grows. Baseline: the port's `bulkWrite` of the very documents intake
 *    writes (recorded from the same intakes on a memory store, untimed), in the same
 *    transactions, on another fresh file: intake minus its decoding, reads and
 *    decisions.
 *
 * Units differ by row and are named in the operation column: for seconds and µs
 * lower is better, for complaints/s higher is better.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { performance } from "node:perf_hooks"
import { BusinessTime, WorkingCalendar } from "@clientele/calendar"
import { Complaint, Complaints, Handling, Sla } from "@clientele/complaints"
import { Ids } from "@clientele/core"
import { MemoryStore, Store } from "@clientele/store"
import { layerSqlite } from "@clientele/store-sql/sqlite"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Schema from "effect/Schema"
import { type Benchmark, opsPerSecond, type Row, settleHeap } from "./harness.js"

const MINUTE = 60_000
const HOUR = 3_600_000
const DAY = 86_400_000

// ---------------------------------------------------------------------------
// Settings: those of the package's tests (Mon–Fri 09–17 New York, Christmas off,
// two departments), with the default SLA and compensation policies.

const zone = "America/New_York"
const calendar = WorkingCalendar.weekdays(zone, "09:00", "17:00", {
  holidays: [{ name: "Christmas", date: "2024-12-25", yearly: true }],
})
const settings = Handling.makeSettings({
  calendar,
  currency: "USD",
  departments: [
    { id: "store", name: "Store", head: "s-head-store", categories: ["product", "service"] },
    { id: "billing", name: "Billing", head: "s-head-billing", categories: ["price"] },
  ],
})
/** The calendar the SLA clocks count on (the decoded copy inside the settings). */
const slaCalendar = settings.sla.calendar
const share = settings.sla.atRiskShare
const tenant = Ids.TenantId.make("acme")
const noContext: Handling.Context = { customerCompensations: [] }

const categories = [
  "product",
  "price",
  "price/after-purchase",
  "service",
  "service/long-wait",
] as const
const channels = ["hotline", "webForm", "inPerson", "email", "social", "chat", "letter"] as const
const descriptions = [
  "Waited 40 minutes at the till",
  "The invoice shows a price higher than the shelf label",
  "The blender stopped working after two days",
  "Nobody called back as promised",
  "The price dropped the day after I bought it",
] as const
const names = ["Ada Lovelace", "Grace Hopper", "Alan Turing", "Barbara Liskov"] as const

// ---------------------------------------------------------------------------
// Helpers.

const right = <A>(result: Either.Either<A, unknown>, what: string): A => {
  if (Either.isLeft(result)) throw new Error(`${what}: ${String(result.left)}`)
  return result.right
}

/** A deterministic pseudo-random generator (an LCG), values in [0, 1). */
const generator = (seed: number) => {
  let state = seed >>> 0
  return () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0
    return state / 2 ** 32
  }
}

const count = (n: number) => Math.round(n).toLocaleString("en-US")
const fixed = (n: number, digits = 2) => n.toFixed(digits)
const megabytes = (bytes: number) => `${count(bytes / 2 ** 20)} MB`
const peakRss = () => process.resourceUsage().maxRSS * 1024
const verdict = (met: boolean) => (met ? "met" : "**NOT met**")

/** Deep equality of JSON-like values (key order ignored). */
const sameJson = (a: unknown, b: unknown): boolean => {
  if (a === b) return true
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  const keysA = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined)
  const keysB = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined)
  if (keysA.length !== keysB.length) return false
  return keysA.every((k) =>
    sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  )
}

/** Times `operations` calls of `call` (a number summed as a checksum), in µs per call. */
const microsPerCall = async (operations: number, call: (i: number) => number): Promise<number> => {
  let expected: number | undefined
  const work = () => {
    let sum = 0
    for (let i = 0; i < operations; i++) sum += call(i)
    if (Number.isNaN(sum)) throw new Error("a call returned NaN")
    if (expected === undefined) expected = sum
    else if (sum !== expected) throw new Error(`checksum ${sum} ≠ ${expected}`)
  }
  const rate = await opsPerSecond(operations, work, { samples: 3, warmup: 1 })
  return 1_000_000 / rate
}

/** Wall-clock seconds of one run of `work`. */
const secondsOf = async <A>(work: () => Promise<A> | A): Promise<{ value: A; seconds: number }> => {
  const start = performance.now()
  const value = await work()
  return { value, seconds: (performance.now() - start) / 1000 }
}

const median = (values: ReadonlyArray<number>) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? 0
}

// ---------------------------------------------------------------------------
// Complaints built with the pure core, as the service would have stored them.

const decideStep = (
  complaint: Complaint.Complaint,
  command: Handling.Command,
  at: number,
): Complaint.Complaint =>
  right(Handling.decide(settings, complaint, command, at, noContext), command._tag).complaint

const businessAfter = (from: number, durationMs: number) =>
  right(BusinessTime.dueAt(slaCalendar, from, durationMs), "dueAt")

const wholeMinutes = (ms: number) => Math.max(MINUTE, Math.round(ms / MINUTE) * MINUTE)

const intakeOf = (i: number, random: () => number, urgent: boolean): Handling.Intake => ({
  idempotencyKey: `web-${i}`,
  customerId: Ids.CustomerId.make(`cus-${Math.floor(random() * 400_000)}`),
  channel: channels[i % channels.length] as (typeof channels)[number],
  category: categories[i % categories.length] as (typeof categories)[number],
  severity: "moderate",
  priority: urgent ? "urgent" : "normal",
  contact: { name: names[i % names.length] as string, phone: "+1 555 0100" },
  description: descriptions[i % descriptions.length] as string,
  receivedBy: Ids.StaffId.make(`s-agent-${i % 40}`),
})

const complaintIdOf = (i: number) => Ids.ComplaintId.make(`cmp-${String(i).padStart(8, "0")}`)

/**
 * Complaint `i`, received at `receivedAt`, taken through the steps that fall before
 * `until`: acknowledge (2–40 business minutes later, 2–20 when urgent) with a
 * committed resolution time, route, assign and start (5 minutes apart); then in 40 %
 * an update 2–7 business hours later, in 30 % a wait on the customer 1–6 business
 * hours after that, and in half of those the customer's reply 2–50 hours later.
 */
const buildComplaint = (
  i: number,
  receivedAt: number,
  until: number,
  random: () => number,
  options: { readonly stopAfterStart?: boolean } = {},
): Complaint.Complaint => {
  const urgent = random() < 0.05
  let complaint = right(
    Handling.receive(settings, intakeOf(i, random, urgent), {
      id: complaintIdOf(i),
      at: receivedAt,
    }),
    "receive",
  ).complaint
  const agent = complaint.receivedBy
  const ackAt = businessAfter(
    receivedAt,
    wholeMinutes((urgent ? 2 + random() * 18 : 2 + random() * 38) * MINUTE),
  )
  if (ackAt > until) return complaint
  const ahead = wholeMinutes(urgent ? HOUR + random() * 2 * HOUR : 2 * HOUR + random() * 10 * HOUR)
  complaint = decideStep(
    complaint,
    {
      _tag: "acknowledge",
      by: agent,
      onTheSpot: false,
      committedResolutionAt: businessAfter(ackAt, ahead),
    },
    ackAt,
  )
  let at = ackAt + 5 * MINUTE
  if (at > until) return complaint
  complaint = decideStep(complaint, { _tag: "route", by: agent }, at)
  at += 5 * MINUTE
  if (at > until || complaint.head === undefined) return complaint
  const assignee = Ids.StaffId.make(`s-handler-${i % 60}`)
  complaint = decideStep(complaint, { _tag: "assign", by: complaint.head, assignee }, at)
  at += 5 * MINUTE
  if (at > until) return complaint
  complaint = decideStep(complaint, { _tag: "start", by: assignee }, at)
  if (options.stopAfterStart === true) return complaint
  if (random() < 0.4) {
    at = businessAfter(at, wholeMinutes(2 * HOUR + random() * 5 * HOUR))
    if (at > until) return complaint
    complaint = decideStep(complaint, { _tag: "update", by: assignee }, at)
  }
  if (random() < 0.3) {
    at = businessAfter(at, wholeMinutes(HOUR + random() * 5 * HOUR))
    if (at > until) return complaint
    complaint = decideStep(complaint, { _tag: "waitOnCustomer", by: assignee }, at)
    if (random() < 0.5) {
      at += wholeMinutes(2 * HOUR + random() * 48 * HOUR)
      if (at > until) return complaint
      complaint = decideStep(complaint, { _tag: "customerReplied" }, at)
    }
  }
  return complaint
}

/** What a sweep at `at` leaves of a complaint: its owed events marked notified (as `sweep` does). */
const settledAt = (complaint: Complaint.Complaint, at: number): Complaint.Complaint => {
  if (complaint.slaNextCheckAt === null || complaint.slaNextCheckAt > at) return complaint
  const cycles = complaint.sla.cycles.map((cycle) => ({
    ...cycle,
    targets: cycle.targets.map((target) =>
      Sla.markNotified(target, Sla.owedEvents(target, cycle.number, at)),
    ),
  }))
  return {
    ...complaint,
    sla: { ...complaint.sla, cycles },
    slaNextCheckAt: Complaint.nextCheckAt(cycles),
  }
}

/** The complaints collection as the service stores it (checked against a real intake below). */
const complaintsCollection = "complaints"
const complaintIndexes = (complaint: Complaint.Complaint): Store.Indexes => ({
  customerId: complaint.customerId,
  receivedAt: complaint.receivedAt,
  slaNextCheckAt: complaint.slaNextCheckAt,
})

/** The events owed at `now` by every target of every complaint: the sweep's work without storage. */
const owedByLoop = (complaints: ReadonlyArray<Complaint.Complaint>, now: number): number => {
  let events = 0
  for (const complaint of complaints)
    for (const cycle of complaint.sla.cycles)
      for (const target of cycle.targets) events += Sla.owedEvents(target, cycle.number, now).length
  return events
}

// ---------------------------------------------------------------------------
// Intake inputs, and a store that records what the service writes.

const intakeInputs = (howMany: number, run: string): Array<typeof Handling.Intake.Encoded> =>
  Array.from({ length: howMany }, (_, i) => ({
    idempotencyKey: `${run}-${i}`,
    customerId: `cus-${(i * 7_919) % 6_000}`,
    channel: channels[i % channels.length] as (typeof channels)[number],
    category: categories[(i * 3) % categories.length] as string,
    contact: { name: names[i % names.length] as string, phone: "+1 555 0100" },
    description: descriptions[i % descriptions.length] as string,
    receivedBy: `s-agent-${i % 40}`,
  }))

/** A memory store whose `bulkWrite` calls are recorded (the operations, as given). */
const recordingStore = (): {
  readonly store: Store.StorePort
  readonly writes: Array<ReadonlyArray<Store.WriteOperation>>
} => {
  const memory = Effect.runSync(MemoryStore.make)
  const writes: Array<ReadonlyArray<Store.WriteOperation>> = []
  return {
    writes,
    store: {
      ...memory,
      bulkWrite: (tenantId, operations) => {
        writes.push(operations)
        return memory.bulkWrite(tenantId, operations)
      },
    },
  }
}

const serviceOn = (store: Store.StorePort): Complaints.ComplaintsService =>
  Effect.runSync(Effect.provideService(Complaints.make(settings), Store.Store, store))

/** Fails the run if the complaints collection written here differs from the service's. */
const checkCollectionMirror = async () => {
  const { store, writes } = recordingStore()
  for (const input of intakeInputs(1, "mirror"))
    await Effect.runPromise(serviceOn(store).intake(tenant, input))
  const operation = writes[0]?.[0]
  if (operation === undefined || operation._tag !== "Insert")
    throw new Error("intake wrote no complaint first")
  const body = operation.body as unknown as Complaint.Complaint
  const mine = complaintIndexes(body)
  if (
    operation.collection !== complaintsCollection ||
    !sameJson(operation.indexes, mine) ||
    Object.keys(operation.indexes).join() !== Object.keys(mine).join()
  )
    throw new Error(
      `the service stores complaints as ${operation.collection} ${JSON.stringify(operation.indexes)}; ` +
        `this benchmark writes ${complaintsCollection} ${JSON.stringify(mine)}: update it`,
    )
}

// ---------------------------------------------------------------------------
// 1. The sweep.

interface SweepFigures {
  readonly rows: ReadonlyArray<Row>
  readonly notes: ReadonlyArray<string>
}

const measureSweep = async (quick: boolean): Promise<SweepFigures> => {
  const total = quick ? 50_000 : 1_000_000
  const now = Date.parse("2026-11-17T11:00:00-05:00") // a Tuesday, 11:00 in New York
  const lastSweep = now - HOUR
  const from = now - 10 * DAY
  const encodeComplaint = Schema.encodeSync(Complaint.Complaint)

  const rssBefore = peakRss()
  // The distinct histories, each then filed by `copies` customers (own ids, same instants):
  // building a million with `decide` alone would take most of the time budget.
  const distinct = quick ? 25_000 : 125_000
  const copies = total / distinct
  const random = generator(0x5eed)
  const buildStart = performance.now()
  const histories: Array<Complaint.Complaint> = []
  for (let i = 0; i < distinct; i++) {
    const receivedAt = from + Math.floor((random() * (10 * DAY)) / 1000) * 1000
    const complaint = settledAt(buildComplaint(i, receivedAt, lastSweep, random), lastSweep)
    // A complaint's encoded form is the complaint itself (plain JSON): checked on samples.
    if (i % 97 === 0 && !sameJson(encodeComplaint(complaint), complaint))
      throw new Error(`complaint ${i} does not encode to itself`)
    histories.push(complaint)
  }
  const buildMs = performance.now() - buildStart

  const store = Effect.runSync(MemoryStore.make)
  const stored: Array<Complaint.Complaint> = []
  const batchSize = 10_000
  let writeMs = 0
  for (let first = 0; first < total; first += batchSize) {
    const operations: Array<Store.WriteOperation> = []
    for (let i = first; i < Math.min(total, first + batchSize); i++) {
      const history = histories[i % distinct] as Complaint.Complaint
      const complaint: Complaint.Complaint = {
        ...history,
        id: complaintIdOf(i),
        customerId: Ids.CustomerId.make(`cus-${(i * 7_919) % 400_000}`),
      }
      operations.push({
        _tag: "Insert",
        collection: complaintsCollection,
        id: complaint.id,
        body: complaint as unknown as Store.Json,
        indexes: complaintIndexes(complaint),
      })
    }
    const started = performance.now()
    Effect.runSync(store.bulkWrite(tenant, operations))
    writeMs += performance.now() - started
    for (const operation of operations) {
      const document = store.readCommitted(tenant, complaintsCollection, operation.id)
      if (document === undefined) throw new Error(`${operation.id} was not stored`)
      stored.push(document.body as unknown as Complaint.Complaint)
    }
  }
  histories.length = 0
  const byState = new Map<string, number>()
  for (const complaint of stored)
    byState.set(complaint.state, (byState.get(complaint.state) ?? 0) + 1)
  let sampledBytes = 0
  let sampled = 0
  for (let i = 0; i < stored.length; i += 1_000) {
    sampledBytes += JSON.stringify(stored[i]).length
    sampled++
  }
  const owingComplaints = stored.filter(
    (complaint) => complaint.slaNextCheckAt !== null && complaint.slaNextCheckAt <= now,
  ).length

  // The baseline: the same complaints (the store's own copies) in an array.
  const loopTimes: Array<number> = []
  let owed = 0
  for (let sample = 0; sample < 3; sample++) {
    const run = await secondsOf(() => owedByLoop(stored, now))
    loopTimes.push(run.seconds)
    owed = run.value
  }
  const loopFirst = median(loopTimes)

  const service = serviceOn(store)
  // the filling's garbage is collected before the sweep is timed (see settleHeap)
  settleHeap()
  const rssBeforeSweep = peakRss()
  const heapBeforeSweep = process.memoryUsage().heapUsed
  const first = await secondsOf(() => Effect.runPromise(service.sweep(tenant, now)))
  const rssAfterFirst = peakRss()
  const againTimes: Array<number> = []
  let again = first.value
  for (let sample = 0; sample < 3; sample++) {
    const run = await secondsOf(() => Effect.runPromise(service.sweep(tenant, now)))
    againTimes.push(run.seconds)
    again = run.value
  }
  if (first.value.notifications.length !== owed)
    throw new Error(
      `the sweep created ${first.value.notifications.length} notifications; the loop counted ${owed} events`,
    )
  if (again.notifications.length !== 0)
    throw new Error(`a second sweep at the same instant created ${again.notifications.length}`)

  // The baseline of the second sweep: the loop over the complaints as the first left them.
  const after = stored.map((complaint) => {
    const document = store.readCommitted(tenant, complaintsCollection, complaint.id)
    return (document?.body ?? complaint) as unknown as Complaint.Complaint
  })
  const loopAgainTimes: Array<number> = []
  for (let sample = 0; sample < 3; sample++) {
    const run = await secondsOf(() => owedByLoop(after, now))
    if (run.value !== 0)
      throw new Error(`after the sweep the loop still counts ${run.value} events`)
    loopAgainTimes.push(run.seconds)
  }
  const secondSweep = median(againTimes)

  // The routine case: sweeps on a one-minute schedule, the next one a minute later.
  const minuteLater = now + MINUTE
  const owedNextMinute = owedByLoop(after, minuteLater)
  const loopMinuteTimes: Array<number> = []
  for (let sample = 0; sample < 3; sample++)
    loopMinuteTimes.push((await secondsOf(() => owedByLoop(after, minuteLater))).seconds)
  const routine = await secondsOf(() => Effect.runPromise(service.sweep(tenant, minuteLater)))
  if (routine.value.notifications.length !== owedNextMinute)
    throw new Error(
      `the sweep a minute later created ${routine.value.notifications.length} notifications; the loop counted ${owedNextMinute}`,
    )
  const kinds = (kind: string) =>
    first.value.notifications.filter((notification) => notification.kind === kind).length
  const workload = `${count(total)} open complaints, memory store`
  const rows: Array<Row> = [
    {
      operation: "sweep(now), first: finds the owed events (s)",
      workload: `${workload}; ${count(owingComplaints)} (${fixed((100 * owingComplaints) / total, 1)} %) owe events; target ≤ 2 s`,
      ours: first.seconds,
      baseline: loopFirst,
    },
    {
      operation: "sweep(now), again at the same instant (s)",
      workload: `${workload}; none owes an event`,
      ours: secondSweep,
      baseline: median(loopAgainTimes),
    },
    {
      operation: "sweep(now), one minute later (s)",
      workload: `${workload}; ${count(routine.value.examined)} owe events (a one-minute sweep schedule); target ≤ 2 s`,
      ours: routine.seconds,
      baseline: median(loopMinuteTimes),
    },
  ]
  const states = [...byState]
    .sort((a, b) => b[1] - a[1])
    .map(([state, n]) => `${state} ${fixed((100 * n) / total, 1)} %`)
    .join(", ")
  const notes = [
    `Sweep (${count(total)} complaints received at any second of the ten days before Tue 2026-11-17 11:00 New York; a sweep at 10:00 already ran; states: ${states}): ` +
      `the first sweep examined ${count(first.value.examined)} complaints and created ${count(first.value.notifications.length)} notifications ` +
      `(${count(kinds("slaAtRisk"))} at risk, ${count(kinds("slaBreached"))} breached) in ${fixed(first.seconds)} s (≤ 2 s: ${verdict(first.seconds <= 2)}); ` +
      `the loop over all ${count(total)} counted the same ${count(owed)} events in ${fixed(loopFirst, 3)} s (median of 3). ` +
      `A sweep one minute later (a one-minute schedule) examined ${count(routine.value.examined)} complaints and created ${count(routine.value.notifications.length)} notifications in ${fixed(routine.seconds, 3)} s (≤ 2 s: ${verdict(routine.seconds <= 2)}). ` +
      `The second sweep examined ${count(again.examined)} and created none, in ${fixed(secondSweep, 3)} s (median of 3; it reads only the complaints whose next check is due, where the loop looks at every target). ` +
      `Filling the store (untimed): ${count(distinct)} distinct histories built with \`receive\` and \`decide\` in ${fixed(buildMs / 1000, 1)} s, each filed by ${copies} customers (own complaint and customer ids, same instants), written in ${fixed(writeMs / 1000, 1)} s of \`bulkWrite\`; a complaint is ${count(sampledBytes / Math.max(1, sampled))} bytes of JSON on average. ` +
      `Peak RSS of the process: ${megabytes(rssBefore)} before filling, ${megabytes(rssBeforeSweep)} once filled (heap in use ${megabytes(heapBeforeSweep)}), ${megabytes(rssAfterFirst)} after the first sweep.`,
  ]
  return { rows, notes }
}

// ---------------------------------------------------------------------------
// 2. One SLA event.

const measureEvents = async (quick: boolean) => {
  const inputs = 4_096
  const mask = inputs - 1
  const random = generator(0xc10c)
  const policy = settings.sla.policies.find((p) => p.id === "standard")
  const resolutionTarget = policy?.targets.resolution
  if (resolutionTarget === undefined)
    throw new Error("the default policies lost their resolution target")
  const yearStart = Date.parse("2026-01-01T00:00:00-05:00")
  const anyMinute = () => yearStart + Math.floor(random() * 330 * 24 * 60) * MINUTE
  const within = (span: number) => Math.floor(random() * (span / 1000)) * 1000

  const starts: Array<number> = []
  const running: Array<Sla.TargetClock> = []
  const pauseAt: Array<number> = []
  const paused: Array<Sla.TargetClock> = []
  const resumeAt: Array<number> = []
  const completeAt: Array<number> = []
  const changeAt: Array<number> = []
  const newDuration: Array<number> = []
  const inProgress: Array<Complaint.Complaint> = []
  const waitAt: Array<number> = []
  for (let k = 0; k < inputs; k++) {
    const start = anyMinute()
    starts.push(start)
    const clock = right(
      Sla.start(
        { kind: "resolution", round: 1, target: resolutionTarget },
        slaCalendar,
        start,
        share,
      ),
      "start",
    )
    running.push(clock)
    const p = start + within(3 * DAY)
    pauseAt.push(p)
    paused.push(right(Sla.pause(clock, slaCalendar, p), "pause"))
    resumeAt.push(p + within(2 * DAY))
    completeAt.push(start + within(4 * DAY))
    changeAt.push(start + within(2 * DAY))
    newDuration.push(wholeMinutes(4 * HOUR + random() * 20 * HOUR))
    // A complaint in progress (received, acknowledged, routed, assigned, started
    // within about an hour of its receipt), waiting on its customer 1 h–2 days later.
    const complaint = buildComplaint(k, start, Number.MAX_SAFE_INTEGER, generator(k + 1), {
      stopAfterStart: true,
    })
    if (complaint.state !== "inProgress") throw new Error(`complaint ${k} is ${complaint.state}`)
    inProgress.push(complaint)
    waitAt.push(businessAfter(start, 2 * HOUR) + within(2 * DAY))
  }
  const waitCommands: Array<Handling.Command> = inProgress.map((complaint) => ({
    _tag: "waitOnCustomer",
    by: complaint.assignee ?? Ids.StaffId.make("s-handler-0"),
  }))

  const operations = quick ? 20_000 : 200_000
  const at = <A>(values: ReadonlyArray<A>, i: number) => values[i & mask] as A
  const dueFloor = await microsPerCall(
    operations,
    (i) =>
      right(BusinessTime.dueAt(slaCalendar, at(starts, i), 16 * HOUR), "dueAt") - at(starts, i),
  )
  const pause = await microsPerCall(
    operations,
    (i) => right(Sla.pause(at(running, i), slaCalendar, at(pauseAt, i)), "pause").consumedMs,
  )
  const resume = await microsPerCall(
    operations,
    (i) =>
      (right(Sla.resume(at(paused, i), slaCalendar, at(resumeAt, i), share), "resume").dueAt ?? 0) -
      at(resumeAt, i),
  )
  const pauseResume = await microsPerCall(operations, (i) => {
    const p = right(Sla.pause(at(running, i), slaCalendar, at(pauseAt, i)), "pause")
    const r = right(Sla.resume(p, slaCalendar, at(resumeAt, i), share), "resume")
    return (r.dueAt ?? 0) - at(resumeAt, i)
  })
  const complete = await microsPerCall(
    operations,
    (i) =>
      right(Sla.complete(at(running, i), slaCalendar, at(completeAt, i)), "complete").consumedMs,
  )
  const changeDuration = await microsPerCall(operations, (i) => {
    const changed = right(
      Sla.changeDuration(at(running, i), slaCalendar, at(newDuration, i), at(changeAt, i), share),
      "changeDuration",
    )
    return (changed.dueAt ?? changed.startedAt) - changed.startedAt
  })
  const decide = await microsPerCall(operations, (i) => {
    const decision = right(
      Handling.decide(settings, at(inProgress, i), at(waitCommands, i), at(waitAt, i), noContext),
      "decide",
    )
    return decision.complaint.historyLength + decision.entries.length
  })
  const workload = `${count(inputs)} inputs, ${count(operations)} calls per sample; target ≤ 5 µs`
  const row = (operation: string, ours: number, what: string): Row => ({
    operation: `${operation} (µs per call)`,
    workload: `${what}; ${workload}`,
    ours,
    baseline: dueFloor,
  })
  const rows: Array<Row> = [
    row("Sla.pause", pause, "running 16 h business clock, paused 0–3 days after its start"),
    row("Sla.resume", resume, "that clock paused, resumed 0–2 days later"),
    row("Sla.pause + Sla.resume", pauseResume, "both, one after the other"),
    row("Sla.complete", complete, "running clock completed 0–4 days after its start"),
    row("Sla.changeDuration", changeDuration, "to 4–24 business hours, 0–2 days after its start"),
    row(
      "Handling.decide waitOnCustomer",
      decide,
      "complaint in progress (3–4 targets), 1 h–2 days after its last step",
    ),
  ]
  const clockWorst = Math.max(pause, resume, complete, changeDuration)
  const notes = [
    `SLA events (baseline: \`BusinessTime.dueAt\` of 16 business hours from any minute of 2026, ${fixed(dueFloor)} µs): ` +
      `pause ${fixed(pause)} µs, resume ${fixed(resume)} µs, pause + resume ${fixed(pauseResume)} µs, complete ${fixed(complete)} µs, ` +
      `changeDuration ${fixed(changeDuration)} µs (each clock function ≤ 5 µs: ${verdict(clockWorst <= 5)}); ` +
      `a whole \`decide\` of waitOnCustomer, which pauses two clocks, ${fixed(decide)} µs (≤ 5 µs: ${verdict(decide <= 5)}).`,
  ]
  return { rows, notes }
}

// ---------------------------------------------------------------------------
// 3. Intake through SQLite.

/** How long each intake mode may run before it stops (the rate is over what it did). */
const intakeBudgetSeconds = 20

interface IntakeRun {
  /** Complaints taken in before the workload ended or the budget ran out. */
  readonly done: number
  readonly seconds: number
  /** Complaints per second over the first and the last 1,000 (or fewer) taken in. */
  readonly firstRate: number
  readonly lastRate: number
}

const measureIntake = async (quick: boolean) => {
  const total = quick ? 2_000 : 20_000
  const batch = 500
  const single = 250
  const budget = quick ? 5 : intakeBudgetSeconds
  const warmup = quick ? 200 : 500
  const directory = mkdtempSync(join(tmpdir(), "clientele-complaints-bench-"))
  let files = 0
  const fresh = () => join(directory, `bench-${files++}.db`)
  const chunks = <A>(items: ReadonlyArray<A>, size: number) => {
    const out: Array<ReadonlyArray<A>> = []
    for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
    return out
  }
  type Inputs = ReadonlyArray<typeof Handling.Intake.Encoded>
  try {
    /**
     * Takes `inputs` in on a fresh SQLite file, `size` at a time through `step`,
     * until all are in or `budget` seconds have passed.
     */
    const onService = async (
      inputs: Inputs,
      size: number,
      step: (
        service: Complaints.ComplaintsService,
        chunk: Inputs,
      ) => Effect.Effect<unknown, unknown>,
      seconds: number,
    ): Promise<IntakeRun> => {
      const runtime = ManagedRuntime.make(
        Complaints.layer(settings).pipe(Layer.provide(layerSqlite({ filename: fresh() }))),
      )
      try {
        const service = await runtime.runPromise(Complaints.Complaints)
        const marks: Array<{ readonly done: number; readonly at: number }> = []
        const start = performance.now()
        marks.push({ done: 0, at: start })
        let done = 0
        for (const chunk of chunks(inputs, size)) {
          await runtime.runPromise(step(service, chunk))
          done += chunk.length
          marks.push({ done, at: performance.now() })
          if (performance.now() - start > seconds * 1000) break
        }
        const end = performance.now()
        const span = Math.min(1_000, done)
        const rateBetween = (from: number, to: number) => {
          const a = marks.find((mark) => mark.done >= from) ?? marks[0]
          const b = marks.find((mark) => mark.done >= to) ?? marks[marks.length - 1]
          return a === undefined || b === undefined || b.at === a.at
            ? 0
            : (b.done - a.done) / ((b.at - a.at) / 1000)
        }
        return {
          done,
          seconds: (end - start) / 1000,
          firstRate: rateBetween(0, span),
          lastRate: rateBetween(done - span, done),
        }
      } finally {
        await runtime.dispose()
      }
    }
    const onStore = async (
      groups: ReadonlyArray<ReadonlyArray<Store.WriteOperation>>,
    ): Promise<number> => {
      const runtime = ManagedRuntime.make(layerSqlite({ filename: fresh() }))
      try {
        const store = await runtime.runPromise(Store.Store)
        return (
          await secondsOf(() =>
            runtime.runPromise(
              Effect.forEach(groups, (operations) => store.bulkWrite(tenant, operations), {
                discard: true,
              }),
            ),
          )
        ).seconds
      } finally {
        await runtime.dispose()
      }
    }
    const singles = (service: Complaints.ComplaintsService, chunk: Inputs) =>
      Effect.forEach(chunk, (input) => service.intake(tenant, input), { discard: true })
    const all = (service: Complaints.ComplaintsService, chunk: Inputs) =>
      service.intakeAll(tenant, chunk)

    const inputs = intakeInputs(total, "run")
    // What intake writes for these inputs, recorded on a memory store (untimed).
    const recorded = recordingStore()
    const recorder = serviceOn(recorded.store)
    await Effect.runPromise(
      Effect.forEach(inputs, (input) => recorder.intake(tenant, input), { discard: true }),
    )
    const perComplaint = recorded.writes
    if (perComplaint.length !== total) throw new Error(`recorded ${perComplaint.length} writes`)
    const documentsPerComplaint = perComplaint.reduce((n, ops) => n + ops.length, 0) / total

    // Warm-ups on their own files, then one timed run of each on a fresh file.
    const warm = intakeInputs(warmup, "warm")
    await onService(warm, single, singles, budget)
    await onService(warm, warmup, all, budget)
    await onStore(perComplaint.slice(0, warmup))

    const one = await onService(inputs, single, singles, budget)
    const oneRaw = await onStore(perComplaint.slice(0, one.done))
    const many = await onService(intakeInputs(total, "batch"), batch, all, budget)
    const manyRaw = await onStore(
      chunks(perComplaint.slice(0, many.done), batch).map((group) => group.flat()),
    )
    const rate = (run: IntakeRun) => run.done / run.seconds
    const workload = (run: IntakeRun) =>
      `${count(run.done)} of ${count(total)} complaints${run.done < total ? ` (stopped after ${budget} s)` : ""}, ${fixed(documentsPerComplaint, 1)} documents each, fresh SQLite file (WAL, synchronous FULL); target ≥ 5,000/s`
    const rows: Array<Row> = [
      {
        operation: "intake, one per transaction (complaints/s)",
        workload: workload(one),
        ours: rate(one),
        baseline: one.done / oneRaw,
      },
      {
        operation: `intakeAll, ${batch} per transaction (complaints/s)`,
        workload: workload(many),
        ours: rate(many),
        baseline: many.done / manyRaw,
      },
    ]
    const describe = (run: IntakeRun, raw: number) =>
      `${count(rate(run))}/s over ${count(run.done)} complaints in ${fixed(run.seconds, 1)} s ` +
      `(${count(run.firstRate)}/s over the first 1,000, ${count(run.lastRate)}/s over the last 1,000) against ${count(run.done / raw)}/s ` +
      `(≥ 5,000/s: ${verdict(rate(run) >= 5_000)})`
    const notes = [
      `Intake through SQLite (baseline: \`bulkWrite\` of the documents intake wrote, per complaint or per ${batch}; each mode stops after ${budget} s): ` +
        `one at a time ${describe(one, oneRaw)}; ${batch} at a time ${describe(many, manyRaw)}. ` +
        `One timed run of each after a ${count(warmup)}-complaint warm-up on another file.`,
    ]
    return { rows, notes }
  } finally {
    rmSync(directory, { recursive: true, force: true })
  }
}

// ---------------------------------------------------------------------------

const notes: Array<string> = []

export const benchmark: Benchmark = {
  name: "Complaints: sweep, SLA events and SQLite intake vs their floors",
  ours: "@clientele/complaints",
  baseline: "floor",
  unit: "unit in the operation",
  notes,
  run: async ({ quick }) => {
    notes.length = 0
    await checkCollectionMirror()
    // Smallest heap first: the SLA events, then SQLite, then the million complaints.
    const events = await measureEvents(quick)
    const intake = await measureIntake(quick)
    const sweep = await measureSweep(quick)
    notes.push(
      "Floors: the sweep rows against a plain loop over the same complaints calling `Sla.owedEvents` on every target; " +
        "the SLA rows against one `BusinessTime.dueAt`; the intake rows against the port's `bulkWrite` of the same documents. " +
        "`baseline / ours` is floor ÷ ours: below 1× ours takes longer for seconds and µs, above 1× the floor is faster for complaints/s.",
      "",
      ...sweep.notes.map((line) => `- ${line}`),
      ...events.notes.map((line) => `- ${line}`),
      ...intake.notes.map((line) => `- ${line}`),
    )
    return [...sweep.rows, ...events.rows, ...intake.rows]
  },
}
