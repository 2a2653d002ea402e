/**
 * The complaint desk over two years (CMP-1 … CMP-15): every generated complaint is
 * taken in through the `Complaints` service at the instant it arrived, and each of its
 * handling steps runs at its own instant — acknowledged, routed straight to the
 * responsible head, assigned, updated, resolved with its root cause, followed up by
 * someone who did not handle it. A sweep at the end of every month derives the SLA
 * notifications from what is stored. The section is then read from the complaint
 * book by the package's reports.
 */
import { BusinessTime } from "@clientele/calendar"
import { type Complaint, Complaints, Handling, Reports } from "@clientele/complaints"
import { type Ids, Period } from "@clientele/core"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { zone } from "../../history.js"
import { at } from "../clock.js"
import {
  asOf,
  type ComplaintStory,
  departments,
  deskCalendar,
  type HandlingStep,
} from "../generate.js"
import { median } from "../quantities.js"
import type { RunContext } from "../run-context.js"
import type { ComplaintsSection, Count } from "../sections.js"

/** The desk's settings: its calendar, currency and departments, every policy at its default. */
export const deskSettings: Handling.Settings = Handling.makeSettings({
  calendar: deskCalendar,
  currency: "CNY",
  departments,
})

/** The first instant of the history: 1 January 2023 in Shanghai. */
const historyStart = Date.parse("2023-01-01T00:00:00+08:00")

/** One thing that happens at the desk: a complaint arrives, or one of its steps is taken. */
type Event =
  | { readonly at: number; readonly story: number; readonly kind: "intake" }
  | {
      readonly at: number
      readonly story: number
      readonly kind: "step"
      readonly step: HandlingStep
    }

/** Every arrival and step of every story, in the order they happened. */
const timeline = (stories: ReadonlyArray<ComplaintStory>): Array<Event> => {
  const events: Array<Event> = []
  stories.forEach((story, index) => {
    events.push({ at: story.receivedAt, story: index, kind: "intake" })
    for (const step of story.steps) events.push({ at: step.at, story: index, kind: "step", step })
  })
  // Arrivals first at equal instants, then by story, then in each story's own order.
  return events.sort(
    (a, b) => a.at - b.at || (a.kind === b.kind ? a.story - b.story : a.kind === "intake" ? -1 : 1),
  )
}

/** The first day of each month from the history's start to `asOf`, in Shanghai. */
const monthEnds = (): Array<number> => {
  const ends: Array<number> = []
  for (let year = 2023; year <= 2024; year++)
    for (let month = 1; month <= 12; month++) {
      const next =
        month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, "0")}-01`
      ends.push(Date.parse(`${next}T00:00:00+08:00`))
    }
  return ends
}

/** Business minutes between two instants on the desk's calendar. */
const businessMinutes = (from: number, to: number) =>
  Either.getOrThrow(BusinessTime.elapsed(deskCalendar, from, to)) / 60_000

/** The instant a complaint's first target of `kind` in its first cycle was completed. */
const completedAt = (complaint: Complaint.Complaint, kind: "firstResponse" | "resolution") =>
  complaint.sla.cycles[0]?.targets.find((target) => target.kind === kind)?.completedAt

/** The section of the report, from the complaint book as the service stored it. */
export const complaintsSection = (book: ReadonlyArray<Complaint.Complaint>): ComplaintsSection => {
  const summary = Reports.summary(book, asOf)
  const rows = Reports.slaAttainment(book, {
    by: "period",
    now: asOf,
    timeZone: Period.TimeZone.make(zone),
    bucket: "month",
  })
  const attainmentOf = (hit: number, missed: number, breachedOpen: number) =>
    hit + missed + breachedOpen === 0 ? null : hit / (hit + missed + breachedOpen)
  const byTarget = new Map<
    string,
    { hit: number; missed: number; open: number; breachedOpen: number }
  >()
  const byMonth = new Map<string, { hit: number; missed: number; breachedOpen: number }>()
  for (const row of rows) {
    const target = byTarget.get(row.target) ?? { hit: 0, missed: 0, open: 0, breachedOpen: 0 }
    target.hit += row.hit
    target.missed += row.missed
    target.open += row.open
    target.breachedOpen += row.breachedOpen
    byTarget.set(row.target, target)
    const month = row.key.slice(0, 7)
    const totals = byMonth.get(month) ?? { hit: 0, missed: 0, breachedOpen: 0 }
    totals.hit += row.hit
    totals.missed += row.missed
    totals.breachedOpen += row.breachedOpen
    byMonth.set(month, totals)
  }
  const breaches = Reports.breaches(book, asOf)
  const byId = new Map(book.map((complaint) => [complaint.id, complaint]))
  const breachCounts = new Map<string, number>()
  for (const breach of breaches)
    breachCounts.set(breach.target, (breachCounts.get(breach.target) ?? 0) + 1)
  const fcr = Reports.firstContactResolution(book, { windowDays: 30 })
  const repeats = Reports.repeatContactRate(book)
  const firstResponse: Array<number> = []
  const resolution: Array<number> = []
  for (const complaint of book) {
    const responded = completedAt(complaint, "firstResponse")
    if (responded !== undefined)
      firstResponse.push(businessMinutes(complaint.receivedAt, responded))
    const resolved = completedAt(complaint, "resolution")
    if (resolved !== undefined) resolution.push(businessMinutes(complaint.receivedAt, resolved))
  }
  const counts = (entries: Iterable<readonly [string, number]>): Array<Count> =>
    [...entries].map(([label, count]) => ({ label, count }))
  return {
    total: summary.total,
    open: summary.open,
    byState: counts(Object.entries(summary.byState)).filter((entry) => entry.count > 0),
    attainment: [...byTarget].map(([target, totals]) => ({
      target,
      hit: totals.hit,
      missed: totals.missed,
      open: totals.open,
      attainment: attainmentOf(totals.hit, totals.missed, totals.breachedOpen),
    })),
    attainmentByMonth: [...byMonth].map(([month, totals]) => ({
      month,
      hit: totals.hit,
      missed: totals.missed + totals.breachedOpen,
      attainment: attainmentOf(totals.hit, totals.missed, totals.breachedOpen),
    })),
    breaches: {
      byTarget: counts(breachCounts).sort((a, b) => b.count - a.count),
      // Complaint ids are random, so the latest breaches are named by the complaint's
      // customer and category, which the seed decides — one seed, one report.
      latest: [...breaches]
        .map((breach) => ({ breach, complaint: byId.get(breach.complaintId) }))
        .sort(
          (a, b) =>
            b.breach.dueAt - a.breach.dueAt ||
            (a.complaint?.receivedAt ?? 0) - (b.complaint?.receivedAt ?? 0) ||
            a.breach.target.localeCompare(b.breach.target),
        )
        .slice(0, 8)
        .map(({ breach, complaint }) => ({
          customer: complaint?.customerId ?? "–",
          category: complaint?.category ?? "–",
          target: breach.target,
          dueAt: breach.dueAt,
          completedAt: breach.completedAt ?? null,
        })),
    },
    rootCauses: Reports.rootCausePareto(book).map((row) => ({ label: row.key, count: row.count })),
    firstContactResolution: {
      resolvedFirstTime: fcr.resolvedFirstTime,
      firstContacts: fcr.firstContacts,
    },
    repeatContacts: { repeats: repeats.repeats, complaints: repeats.complaints },
    followUps: { done: summary.followUps, byOther: summary.followUpsByOther },
    satisfaction: summary.satisfaction,
    medianMinutes: { firstResponse: median(firstResponse), resolution: median(resolution) },
  }
}

/**
 * Replays every complaint of the company through the service and returns the complaint
 * book of both years with the number of SLA notifications the monthly sweeps derived.
 */
export const runComplaintDesk = (
  context: RunContext,
): Effect.Effect<
  { readonly book: ReadonlyArray<Complaint.Complaint>; readonly notifications: number },
  Complaints.CommandError,
  Complaints.Complaints
> =>
  Effect.gen(function* () {
    const service = yield* Complaints.Complaints
    const { tenant } = context
    const stories = context.company.complaints
    const events = timeline(stories)
    const ids: Array<Ids.ComplaintId | undefined> = new Array(stories.length)
    const repeats = new Set<number>()
    const sweepsAt = monthEnds()
    let notifications = 0
    const task = context.progress.start("complaint desk, two years", events.length)
    for (const event of events) {
      while (sweepsAt.length > 0 && (sweepsAt[0] ?? Number.POSITIVE_INFINITY) <= event.at) {
        const sweptAt = sweepsAt.shift() ?? asOf
        notifications += (yield* service.sweep(tenant, sweptAt)).notifications.length
      }
      const story = stories[event.story]
      if (story === undefined) continue
      if (event.kind === "intake") {
        const complaint = yield* service
          .intake(tenant, {
            idempotencyKey: story.idempotencyKey,
            customerId: story.customerId,
            channel: story.channel,
            category: story.category,
            contact: story.contact,
            description: story.description,
            problemKey: story.problemKey,
            receivedBy: story.receivedBy,
            ...(story.orderId === undefined ? {} : { orderId: story.orderId }),
          })
          .pipe(at(event.at))
        ids[event.story] = complaint.id
        if (complaint.repeatOf !== undefined) repeats.add(event.story)
      } else {
        const id = ids[event.story]
        if (id !== undefined)
          yield* takeStep(service, tenant, id, event.step, repeats.has(event.story))
      }
      task.advance()
    }
    for (const sweptAt of [...sweepsAt, asOf])
      notifications += (yield* service.sweep(tenant, sweptAt)).notifications.length
    const book = yield* service.received(tenant, { from: historyStart, to: asOf })
    task.done(`${book.length} complaints, ${notifications} SLA notifications`)
    return { book, notifications }
  })

/** Takes one handling step of a complaint at its instant. */
const takeStep = (
  service: Complaints.ComplaintsService,
  tenant: Ids.TenantId,
  id: Ids.ComplaintId,
  step: HandlingStep,
  isRepeat: boolean,
) => {
  const when = at(step.at)
  switch (step.kind) {
    case "acknowledge":
      return service
        .acknowledge(tenant, id, {
          by: step.by,
          onTheSpot: step.onTheSpot,
          ...(step.committedResolutionAt === undefined
            ? {}
            : {
                message: "We are on it and will come back to you.",
                committedResolutionAt: step.committedResolutionAt,
              }),
        })
        .pipe(when)
    case "route":
      return service.route(tenant, id, { by: step.by }).pipe(when)
    case "assign":
      return service.assign(tenant, id, { by: step.by, assignee: step.assignee }).pipe(when)
    case "start":
      return service.start(tenant, id, { by: step.by }).pipe(when)
    case "update":
      return service.update(tenant, id, { by: step.by, message: "Still working on it." }).pipe(when)
    case "resolve": {
      const resolve = service.resolve(tenant, id, {
        by: step.by,
        outcome: step.outcome,
        explanation: "We found what went wrong and put it right.",
        apologised: true,
        rootCause: step.rootCause,
      })
      // CMP-10: a repeat is resolved only once someone says why the first answer did not hold.
      return isRepeat
        ? Effect.zipRight(
            service
              .explainRepeat(tenant, id, {
                by: step.by,
                whyNotResolved: "The first fix did not last.",
              })
              .pipe(when),
            resolve.pipe(when),
          )
        : resolve.pipe(when)
    }
    case "followUp":
      return service
        .followUp(tenant, id, {
          by: step.by,
          reached: step.reached,
          solved: step.solved,
          ...(step.satisfaction === undefined ? {} : { satisfaction: step.satisfaction }),
        })
        .pipe(when)
    case "close":
      return service.closeComplaint(tenant, id, { by: step.by }).pipe(when)
  }
}
