/**
 * The dashboard's figures, computed in the browser from the demo's generated company
 * with the Clientele packages as an app installed from npm uses them: the last year's
 * loyalty matrix from the period summaries (LOY-1 … LOY-3), and the complaint desk's
 * two years replayed through the `Complaints` service over the in-memory store, read
 * back with the package's reports (CMP-4). The result is plain data; the view draws it
 * and calls no package itself.
 */
import { Complaint, Complaints, type Lifecycle, Reports, Sla } from "@clientele/complaints"
import { Period } from "@clientele/core"
import {
  asOf,
  type Company,
  deskCalendar,
  generateCompany,
} from "@clientele/example-demo/company/generate.ts"
import type { Progress } from "@clientele/example-demo/company/progress.ts"
import { tenant } from "@clientele/example-demo/company/run-context.ts"
import { deskSettings, runComplaintDesk } from "@clientele/example-demo/company/steps/complaints.ts"
import { Loyalty } from "@clientele/loyalty"
import { type Cut, Summary } from "@clientele/segmentation"
import { MemoryStore } from "@clientele/store"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Types from "effect/Types"
import type { DashboardParameters } from "./parameters.ts"

/** The company's name as the dashboard titles it. */
export const companyName = "Office-supplies distributor, Shanghai"

/** One quadrant of the loyalty matrix with the service its customers get (LOY-3). */
export interface Quadrant {
  readonly type: Loyalty.LoyaltyType
  readonly customers: number
  /** Share of the classified customers, in [0, 1]. */
  readonly share: number
  readonly service: Loyalty.ServicePolicy
}

/** Customers with the same two figures, drawn as one bubble. */
export interface Bubble {
  readonly orders: number
  /** Categories bought in the year: the dependence figure is their share of those on offer. */
  readonly categories: number
  readonly type: Loyalty.LoyaltyType
  readonly customers: number
}

/** The loyalty matrix of the last year. */
export interface LoyaltyMatrix {
  /** The year classified, e.g. `2024`. */
  readonly year: string
  readonly policyVersion: string
  readonly customers: number
  /** The categories met in the year: category breadth is a share of them. */
  readonly categoriesOffered: number
  readonly thresholds: { readonly frequency: Cut.Resolved; readonly dependence: Cut.Resolved }
  /** In `Loyalty.loyaltyTypes` order: zero, latent, inertial, high. */
  readonly quadrants: ReadonlyArray<Quadrant>
  readonly bubbles: ReadonlyArray<Bubble>
}

/** A target's attainment over the whole complaint book. */
export interface TargetAttainment {
  readonly target: Sla.TargetKind
  readonly hit: number
  readonly missed: number
  readonly open: number
  readonly breachedOpen: number
  /** `hit / (hit + missed + breachedOpen)`, or `null` with nothing to judge yet. */
  readonly attainment: number | null
}

/** Where an open complaint's most urgent target stands. */
export type Urgency = "breached" | "atRisk" | "running" | "paused"

/** An open complaint and its most urgent target at the as-of instant. */
export interface OpenComplaint {
  readonly complaintId: string
  readonly customerId: string
  readonly category: string
  readonly state: Lifecycle.State
  readonly target: Sla.TargetKind
  readonly status: Urgency
  /** The target's deadline (epoch ms), or `null` while the clock is paused. */
  readonly dueAt: number | null
}

/** The SLA board at the as-of instant. */
export interface SlaBoard {
  readonly complaints: number
  readonly targets: ReadonlyArray<TargetAttainment>
  /** Open complaints with a running target, most urgent first. */
  readonly open: ReadonlyArray<OpenComplaint>
  /** Open complaints with no target left to run (their follow-up is done, not yet closed). */
  readonly openWithoutTarget: number
  readonly statusCounts: Readonly<Record<Urgency, number>>
  readonly breaches: number
  /** The latest breaches, the most recent deadline first. */
  readonly latestBreaches: ReadonlyArray<Reports.Breach>
}

/** Everything the page shows. */
export interface Dashboard {
  readonly company: {
    readonly name: string
    readonly tenant: string
    readonly seed: number
    readonly customers: number
    readonly orders: number
    readonly complaints: number
    /** The instant the dashboard reads the company at (epoch ms). */
    readonly asOf: number
    /** The desk's time zone: every date on the page is on its wall clock. */
    readonly zone: Period.TimeZone
  }
  readonly loyalty: LoyaltyMatrix
  readonly sla: SlaBoard
  /** How long each step took in this browser, in milliseconds. */
  readonly timings: ReadonlyArray<{ readonly step: string; readonly milliseconds: number }>
}

/** The generator threw: the options gave a company it cannot build. */
export class CompanyGenerationError extends Data.TaggedError("CompanyGenerationError")<{
  readonly seed: number
  readonly customers: number
  readonly cause: unknown
}> {
  override get message(): string {
    const reason = this.cause instanceof Error ? this.cause.message : String(this.cause)
    return `the company of seed ${this.seed} with ${this.customers} customers could not be generated: ${reason}`
  }
}

const zone = deskCalendar.timeZone

/** How urgent a status is: a breach first, a paused clock last. */
const urgencyRank: Readonly<Record<Urgency, number>> = {
  breached: 0,
  atRisk: 1,
  running: 2,
  paused: 3,
}

/** The last year's loyalty matrix under the default policy: median cuts, category breadth. */
const loyaltyMatrix = (company: Company) =>
  Effect.gen(function* () {
    const year = yield* Period.previous(Period.ofInstant(asOf, zone))
    // The whole register is the population, buyers or not (the guide's "percentiles
    // over every customer given").
    const summaries = yield* Summary.fromTransactions(company.history.orders, {
      period: year,
      currency: deskSettings.compensation.currency,
      customers: company.history.customers.map((customer) => customer.id),
    })
    const policy = Loyalty.defaultPolicy
    const classification = yield* Loyalty.classifyPeriod(summaries, policy)
    const counts = Loyalty.counts(classification)
    const total = classification.types.length
    const quadrants = Loyalty.loyaltyTypes.map(
      (type): Quadrant => ({
        type,
        customers: counts[type],
        share: total === 0 ? 0 : counts[type] / total,
        service: Loyalty.servicePolicyOf(policy, type),
      }),
    )
    // Orders and categories are whole numbers, so thousands of customers share a few
    // hundred positions: one bubble per position keeps the chart readable and honest.
    const bubbles = new Map<string, Types.Mutable<Bubble>>()
    for (let i = 0; i < total; i++) {
      const orders = summaries.orders[i] ?? 0
      const categories = summaries.categoryCount[i] ?? 0
      const key = `${orders}:${categories}`
      const bubble = bubbles.get(key)
      if (bubble !== undefined) bubble.customers++
      else
        bubbles.set(key, {
          orders,
          categories,
          type: Loyalty.typeOf(classification, i),
          customers: 1,
        })
    }
    return {
      year: year.start.slice(0, 4),
      policyVersion: classification.policyVersion,
      customers: total,
      categoriesOffered: summaries.categories.length,
      thresholds: classification.thresholds,
      quadrants,
      bubbles: [...bubbles.values()],
    } satisfies LoyaltyMatrix
  })

/** Each target's attainment over every complaint, cycle and round. */
const attainmentByTarget = (book: ReadonlyArray<Complaint.Complaint>) => {
  // Any grouping covers every clock once; the channel is the smallest one.
  const rows = Reports.slaAttainment(book, { by: "channel", now: asOf })
  return Sla.TargetKind.literals.map((target): TargetAttainment => {
    let hit = 0
    let missed = 0
    let open = 0
    let breachedOpen = 0
    for (const row of rows)
      if (row.target === target) {
        hit += row.hit
        missed += row.missed
        open += row.open
        breachedOpen += row.breachedOpen
      }
    const judged = hit + missed + breachedOpen
    return {
      target,
      hit,
      missed,
      open,
      breachedOpen,
      attainment: judged === 0 ? null : hit / judged,
    }
  })
}

/** The open complaints, each with its most urgent target still running at `asOf`. */
const openComplaints = (book: ReadonlyArray<Complaint.Complaint>) => {
  const open: Array<OpenComplaint> = []
  let withoutTarget = 0
  for (const complaint of book) {
    if (complaint.state === "closed") continue
    let urgent: OpenComplaint | undefined
    for (const clock of Complaint.currentCycle(complaint)?.targets ?? []) {
      const status = Sla.status(clock, asOf)
      if (status === "hit" || status === "missed") continue
      const candidate: OpenComplaint = {
        complaintId: complaint.id,
        customerId: complaint.customerId,
        category: complaint.category,
        state: complaint.state,
        target: clock.kind,
        status,
        dueAt: clock.dueAt,
      }
      if (urgent === undefined || byUrgency(candidate, urgent) < 0) urgent = candidate
    }
    if (urgent === undefined) withoutTarget++
    else open.push(urgent)
  }
  return { open: open.sort(byUrgency), withoutTarget }
}

/** The most urgent first: by status, then the earliest deadline, then the complaint id. */
const byUrgency = (a: OpenComplaint, b: OpenComplaint): number =>
  urgencyRank[a.status] - urgencyRank[b.status] ||
  (a.dueAt ?? Number.POSITIVE_INFINITY) - (b.dueAt ?? Number.POSITIVE_INFINITY) ||
  (a.complaintId < b.complaintId ? -1 : a.complaintId > b.complaintId ? 1 : 0)

/** The SLA board from the complaint book as the service stored it. */
const slaBoard = (book: ReadonlyArray<Complaint.Complaint>): SlaBoard => {
  const { open, withoutTarget } = openComplaints(book)
  const statusCounts: Record<Urgency, number> = { breached: 0, atRisk: 0, running: 0, paused: 0 }
  for (const complaint of open) statusCounts[complaint.status]++
  const breaches = Reports.breaches(book, asOf)
  return {
    complaints: book.length,
    targets: attainmentByTarget(book),
    open,
    openWithoutTarget: withoutTarget,
    statusCounts,
    breaches: breaches.length,
    latestBreaches: [...breaches].sort((a, b) => b.dueAt - a.dueAt).slice(0, 8),
  }
}

/** Runs a step, tells `progress` it started and ended, and records how long it took. */
const timed =
  (step: string, progress: Progress, timings: Array<{ step: string; milliseconds: number }>) =>
  <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    Effect.gen(function* () {
      const task = progress.start(step)
      const started = performance.now()
      const result = yield* effect
      timings.push({ step, milliseconds: Math.round(performance.now() - started) })
      task.done()
      return result
    })

/**
 * Computes the dashboard: generates the company, classifies its last year and replays
 * its complaint desk on an in-memory store. `progress` hears about the long steps.
 */
export const computeDashboard = (parameters: DashboardParameters, progress: Progress) =>
  Effect.gen(function* () {
    const timings: Array<{ step: string; milliseconds: number }> = []
    const company = yield* Effect.try({
      try: () => generateCompany(parameters),
      catch: (cause) => new CompanyGenerationError({ ...parameters, cause }),
    }).pipe(timed("generate the company", progress, timings))
    const loyalty = yield* loyaltyMatrix(company).pipe(
      timed("classify the loyalty matrix", progress, timings),
    )
    const desk = yield* runComplaintDesk({ tenant, company, progress }).pipe(
      Effect.provide(Complaints.layer(deskSettings).pipe(Layer.provide(MemoryStore.layer))),
      timed("replay the complaint desk", progress, timings),
    )
    const dashboard: Dashboard = {
      company: {
        name: companyName,
        tenant,
        seed: parameters.seed,
        customers: company.history.customers.length,
        orders: company.history.orders.length,
        complaints: company.complaints.length,
        asOf,
        zone,
      },
      loyalty,
      sla: slaBoard(desk.book),
      timings,
    }
    return dashboard
  })
