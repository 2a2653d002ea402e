/**
 * Reports over stored complaints: SLA attainment and the list of breaches (CMP-4),
 * the root-cause Pareto table and the avoidable share (CMP-9), first-contact
 * resolution and the repeat rate (CMP-10), systemic versus isolated issues
 * (CMP-12), and a summary of the complaint book by state with compensation given
 * and follow-ups done (CMP-6, CMP-7, CMP-11).
 *
 * Every report is a pure function of the complaints it is given and, where the
 * state of a running clock matters, of `now`: report over a period by passing the
 * complaints of that period. The contact and insight arithmetic is not written a
 * second time here: complaints are read as contacts (for `Contact`'s first-contact
 * resolution and repeat rate) and as listening-post items (for `Insight`'s counts,
 * Pareto table and systemic classification).
 *
 * @since 0.1.0
 */
import { type Errors, type Ids, Money, Period } from "@clientele/core"
import * as Either from "effect/Either"
import * as Complaint from "./Complaint.js"
import * as Contact from "./Contact.js"
import * as Insight from "./Insight.js"
import * as Lifecycle from "./Lifecycle.js"
import * as Sla from "./Sla.js"

/**
 * What {@link slaAttainment} groups target clocks by: the complaint's category,
 * its department, its channel, or the period its `receivedAt` falls in.
 *
 * @example
 * ```ts
 * import type { Reports } from "@clientele/complaints"
 *
 * const by: Reports.Grouping = "department"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Grouping = "category" | "department" | "channel" | "period"

/**
 * The options of {@link slaAttainment}: the grouping, the instant open clocks are
 * judged at, and, for the grouping by period, the time zone (default `UTC`) and
 * the bucket (default `month`); `targets` keeps only those target kinds.
 *
 * @example
 * ```ts
 * import type { Reports } from "@clientele/complaints"
 * import { Period } from "@clientele/core"
 *
 * const options: Reports.AttainmentOptions = {
 *   by: "period",
 *   now: Date.UTC(2024, 6, 1),
 *   timeZone: Period.TimeZone.make("Europe/Paris"),
 *   bucket: "week",
 *   targets: ["firstResponse", "resolution"],
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface AttainmentOptions {
  readonly by: Grouping
  readonly now: number
  readonly timeZone?: Period.TimeZone
  readonly bucket?: Insight.Bucket
  readonly targets?: ReadonlyArray<Sla.TargetKind>
}

/**
 * One row of {@link slaAttainment}: for one group key and one target kind, the
 * target clocks completed in time (`hit`), completed late (`missed`) and not
 * completed (`open`, of which `breachedOpen` are past their deadline at `now`),
 * and the attainment `hit / (hit + missed + breachedOpen)` (`null` when that
 * denominator is 0).
 *
 * @example
 * ```ts
 * import type { Reports } from "@clientele/complaints"
 *
 * const row: Reports.AttainmentRow = {
 *   key: "service/long-wait",
 *   target: "firstResponse",
 *   hit: 8,
 *   missed: 1,
 *   open: 2,
 *   breachedOpen: 1,
 *   attainment: 0.8,
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface AttainmentRow {
  readonly key: string
  readonly target: Sla.TargetKind
  readonly hit: number
  readonly missed: number
  readonly open: number
  readonly breachedOpen: number
  readonly attainment: number | null
}

/**
 * One breached target of {@link breaches}: which complaint, customer, category and
 * department, which target of which cycle and round, its deadline, the deadline
 * recorded as breached, when it was completed (if it was), and whether it is still
 * open.
 *
 * @example
 * ```ts
 * import type { Reports } from "@clientele/complaints"
 * import { Ids } from "@clientele/core"
 *
 * const breach: Reports.Breach = {
 *   complaintId: Ids.ComplaintId.make("c1"),
 *   customerId: Ids.CustomerId.make("u1"),
 *   category: "service/long-wait",
 *   target: "resolution",
 *   cycle: 1,
 *   round: 1,
 *   dueAt: Date.UTC(2024, 5, 4, 17),
 *   breachedAt: Date.UTC(2024, 5, 4, 17),
 *   open: true,
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Breach {
  readonly complaintId: Ids.ComplaintId
  readonly customerId: Ids.CustomerId
  readonly category: string
  readonly department?: string
  readonly target: Sla.TargetKind
  readonly cycle: number
  readonly round: number
  readonly dueAt: number
  readonly breachedAt: number
  readonly completedAt?: number
  readonly open: boolean
}

/**
 * The repeat rate of a set of complaints (CMP-10): `repeats` (complaints with
 * `repeatOf`) of `complaints`, and their `rate` (`null` without complaints).
 *
 * @example
 * ```ts
 * import type { Reports } from "@clientele/complaints"
 *
 * const report: Reports.RepeatRate = { complaints: 20, repeats: 3, rate: 0.15 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface RepeatRate {
  readonly complaints: number
  readonly repeats: number
  readonly rate: number | null
}

/**
 * The avoidable share of {@link Summary} (CMP-9): of the complaints with a root
 * cause, those flagged avoidable, and their `share` (`null` when none has a root
 * cause).
 *
 * @example
 * ```ts
 * import type { Reports } from "@clientele/complaints"
 *
 * const avoidable: Reports.AvoidableComplaints = { withRootCause: 4, avoidable: 3, share: 0.75 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface AvoidableComplaints {
  readonly withRootCause: number
  readonly avoidable: number
  readonly share: number | null
}

/**
 * The summary of a set of complaints ({@link summary}).
 *
 * - `total`; `open`: not closed (a resolved complaint stays open until its
 *   follow-up closes it, CMP-11); `byState`: every lifecycle state, 0 when none.
 * - `inBreach`: open complaints with a target not completed and breached at `now`;
 *   `atRisk`: open complaints with a target at risk at `now` and none breached.
 * - `avoidable`: the avoidable share of CMP-9.
 * - `compensation`: the total money value of the compensation given, one amount
 *   per currency in currency-code order — exact, or the overflow of a total
 *   beyond the safe-integer range of minor units.
 * - `satisfaction`: the average satisfaction (1–5) of the follow-ups that recorded
 *   one (`null` when none did), over `satisfactionAnswers` answers.
 * - `followUps`: complaints followed up; `followUpsByOther`: those whose follow-up
 *   was done by someone who did not handle the complaint (CMP-11: it should equal
 *   `followUps`).
 *
 * @example
 * ```ts
 * import type { Reports } from "@clientele/complaints"
 *
 * declare const summary: Reports.Summary
 * summary.byState.waitingOnCustomer
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Summary {
  readonly total: number
  readonly open: number
  readonly byState: Readonly<Record<Lifecycle.State, number>>
  readonly inBreach: number
  readonly atRisk: number
  readonly avoidable: AvoidableComplaints
  readonly compensation: Either.Either<
    ReadonlyArray<Money.Money>,
    Money.CurrencyMismatchError | Money.MoneyOverflowError
  >
  readonly satisfaction: number | null
  readonly satisfactionAnswers: number
  readonly followUps: number
  readonly followUpsByOther: number
}

/**
 * The key of the complaints that no department owns yet in the grouping by
 * department.
 *
 * @example
 * ```ts
 * import { Reports } from "@clientele/complaints"
 *
 * Reports.unrouted // "(unrouted)"
 * ```
 *
 * @since 0.1.0
 * @category defaults
 */
export const unrouted = "(unrouted)"

const UTC = Period.TimeZone.make("UTC")

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

const targetOrder: ReadonlyMap<Sla.TargetKind, number> = new Map(
  Sla.TargetKind.literals.map((kind, index) => [kind, index]),
)

const byTarget = (a: Sla.TargetKind, b: Sla.TargetKind): number =>
  (targetOrder.get(a) ?? 0) - (targetOrder.get(b) ?? 0)

const rate = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole)

/** A root cause worth counting: present and not blank. */
const rootCauseOf = (complaint: Complaint.Complaint): string | undefined =>
  complaint.rootCause === undefined || complaint.rootCause.trim() === ""
    ? undefined
    : complaint.rootCause

/** Whether the complaint was resolved: a resolution recorded, or a state after resolution. */
const isResolved = (complaint: Complaint.Complaint): boolean =>
  complaint.resolution !== undefined ||
  complaint.state === "resolved" ||
  complaint.state === "followedUp" ||
  complaint.state === "closed"

/** A complaint read as a listening-post item of the complaint desk (CMP-12). */
const asFeedback = (complaint: Complaint.Complaint): Insight.Feedback => {
  const rootCause = rootCauseOf(complaint)
  return {
    id: complaint.id,
    post: "complaint",
    kind: "complaint",
    at: complaint.receivedAt,
    customerId: complaint.customerId,
    category: complaint.category,
    ...(rootCause === undefined ? {} : { rootCause }),
  }
}

/**
 * A complaint read as a contact (CMP-10): resolved on contact when it was resolved
 * without being reopened. The root cause is not read by the reports that use this.
 */
const asContact = (complaint: Complaint.Complaint): Contact.Contact => ({
  id: complaint.id,
  customerId: complaint.customerId,
  channel: complaint.channel,
  at: complaint.receivedAt,
  problemKey: complaint.problemKey,
  category: complaint.category,
  rootCause: rootCauseOf(complaint) ?? "other",
  summary: "",
  complaintId: complaint.id,
  ...(complaint.repeatOf === undefined ? {} : { repeatOf: complaint.repeatOf }),
  resolvedOnContact: isResolved(complaint) && complaint.sla.cycles.length <= 1,
})

interface Tally {
  hit: number
  missed: number
  open: number
  breachedOpen: number
}

/**
 * SLA attainment (CMP-4) by category, department, channel or period. Every target
 * clock of every cycle counts — a reopened complaint's new cycle and each round of
 * the periodic update are clocks of their own. A clock with outcome `hit` or
 * `missed` counts as such; a clock without an outcome is `open`, and an open clock
 * whose `Sla.status` at `now` is `breached` is also counted in `breachedOpen` and
 * as missed for the attainment, `hit / (hit + missed + breachedOpen)` (`null` when
 * that is 0). So `hit + missed + open` is the number of clocks of a row.
 *
 * Keys: the category id; the department id, or {@link unrouted} for complaints no
 * department owns yet; the channel; or, by period, the civil date on which the
 * day, week (starting Monday) or month (`YYYY-MM-01`) holding the complaint's
 * `receivedAt` in `timeZone` starts. Only (key, target) pairs with at least one
 * clock have a row; rows are sorted by key (code-unit order), then by target in
 * the order of `Sla.TargetKind` (first response, resolution, periodic update,
 * follow-up).
 *
 * @example
 * ```ts
 * import type { Complaint } from "@clientele/complaints"
 * import { Reports } from "@clientele/complaints"
 *
 * declare const complaints: ReadonlyArray<Complaint.Complaint>
 * const rows = Reports.slaAttainment(complaints, { by: "department", now: Date.UTC(2024, 6, 1) })
 * rows.filter((row) => row.attainment !== null && row.attainment < 0.9)
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export const slaAttainment = (
  complaints: ReadonlyArray<Complaint.Complaint>,
  options: AttainmentOptions,
): ReadonlyArray<AttainmentRow> => {
  const zone = options.timeZone ?? UTC
  const bucket = options.bucket ?? "month"
  const wanted = options.targets === undefined ? undefined : new Set(options.targets)
  const keyOf = (complaint: Complaint.Complaint): string => {
    switch (options.by) {
      case "category":
        return complaint.category
      case "department":
        return complaint.department ?? unrouted
      case "channel":
        return complaint.channel
      case "period":
        return Insight.bucketOf(complaint.receivedAt, bucket, zone)
    }
  }
  const tallies = new Map<string, Map<Sla.TargetKind, Tally>>()
  for (const complaint of complaints) {
    let perTarget: Map<Sla.TargetKind, Tally> | undefined
    for (const cycle of complaint.sla.cycles)
      for (const clock of cycle.targets) {
        if (wanted !== undefined && !wanted.has(clock.kind)) continue
        if (perTarget === undefined) {
          const key = keyOf(complaint)
          perTarget = tallies.get(key)
          if (perTarget === undefined) {
            perTarget = new Map()
            tallies.set(key, perTarget)
          }
        }
        let tally = perTarget.get(clock.kind)
        if (tally === undefined) {
          tally = { hit: 0, missed: 0, open: 0, breachedOpen: 0 }
          perTarget.set(clock.kind, tally)
        }
        if (clock.outcome === "hit") tally.hit++
        else if (clock.outcome === "missed") tally.missed++
        else {
          tally.open++
          if (Sla.status(clock, options.now) === "breached") tally.breachedOpen++
        }
      }
  }
  const rows: Array<AttainmentRow> = []
  for (const [key, perTarget] of tallies)
    for (const [target, { hit, missed, open, breachedOpen }] of perTarget)
      rows.push({
        key,
        target,
        hit,
        missed,
        open,
        breachedOpen,
        attainment: rate(hit, hit + missed + breachedOpen),
      })
  return rows.sort((a, b) => byCodeUnits(a.key, b.key) || byTarget(a.target, b.target))
}

/**
 * Every breached target (CMP-4): each clock of each cycle whose outcome is
 * `missed`, or which is not completed and whose `Sla.status` at `now` is
 * `breached`. `dueAt` is the clock's deadline (for a clock frozen by a pause, the
 * recorded breach, else its completion); `breachedAt` is the deadline the clock
 * recorded as breached, or its `dueAt` when the breach was not recorded yet.
 * Sorted by `dueAt`, then complaint id, cycle, target and round.
 *
 * @example
 * ```ts
 * import type { Complaint } from "@clientele/complaints"
 * import { Reports } from "@clientele/complaints"
 *
 * declare const complaints: ReadonlyArray<Complaint.Complaint>
 * Reports.breaches(complaints, Date.UTC(2024, 6, 1)).filter((breach) => breach.open)
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export const breaches = (
  complaints: ReadonlyArray<Complaint.Complaint>,
  now: number,
): ReadonlyArray<Breach> => {
  const found: Array<Breach> = []
  for (const complaint of complaints)
    for (const cycle of complaint.sla.cycles)
      for (const clock of cycle.targets) {
        const open = clock.outcome === undefined
        if (open ? Sla.status(clock, now) !== "breached" : clock.outcome !== "missed") continue
        const dueAt = clock.dueAt ?? clock.breachedAt ?? clock.completedAt ?? clock.startedAt
        found.push({
          complaintId: complaint.id,
          customerId: complaint.customerId,
          category: complaint.category,
          ...(complaint.department === undefined ? {} : { department: complaint.department }),
          target: clock.kind,
          cycle: cycle.number,
          round: clock.round,
          dueAt,
          breachedAt: clock.breachedAt ?? dueAt,
          ...(clock.completedAt === undefined ? {} : { completedAt: clock.completedAt }),
          open,
        })
      }
  return found.sort(
    (a, b) =>
      a.dueAt - b.dueAt ||
      byCodeUnits(a.complaintId, b.complaintId) ||
      a.cycle - b.cycle ||
      byTarget(a.target, b.target) ||
      a.round - b.round,
  )
}

/**
 * The Pareto table of the complaints' root causes (CMP-9): `Insight.pareto` over
 * the count of each root cause, complaints without a root cause left out —
 * largest first, with each cause's share and the cumulative share.
 *
 * @example
 * ```ts
 * import type { Complaint } from "@clientele/complaints"
 * import { Reports } from "@clientele/complaints"
 *
 * declare const complaints: ReadonlyArray<Complaint.Complaint>
 * Reports.rootCausePareto(complaints).filter((row) => row.cumulativeShare <= 0.8)
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export const rootCausePareto = (
  complaints: ReadonlyArray<Complaint.Complaint>,
): ReadonlyArray<Insight.ParetoRow> =>
  Insight.pareto(Insight.countsBy(complaints.map(asFeedback), "rootCause"))

/**
 * First-contact resolution over complaints (CMP-10), as `Contact.firstContactResolution`
 * computes it with each complaint read as a contact. Exactly:
 *
 * - a *first contact* is a complaint without `repeatOf`;
 * - it is *resolved first time* when (1) it is resolved — a resolution is recorded
 *   or its state is `resolved`, `followedUp` or `closed` —, (2) it was not reopened
 *   — it has a single SLA cycle (a reopening opens a second) —, and (3) no repeat
 *   complaint of it was received within `windowDays × 86,400,000` ms after it
 *   (inclusive): a complaint whose `repeatOf` names it, directly or through
 *   intermediate repeats, from the same customer about the same `problemKey`;
 * - `rate` is `resolvedFirstTime / firstContacts`, `null` without first contacts.
 *
 * To report a period, pass its complaints plus the *repeats* (complaints with
 * `repeatOf`) received in the window after it: a repeat is never a first contact, so
 * it only takes the first-time resolution from the complaint it repeats; the
 * window's other complaints would be counted as first contacts of this period.
 *
 * @example
 * ```ts
 * import type { Complaint } from "@clientele/complaints"
 * import { Reports } from "@clientele/complaints"
 *
 * declare const march: ReadonlyArray<Complaint.Complaint>
 * declare const april: ReadonlyArray<Complaint.Complaint>
 *
 * // March's first contacts, judged with the repeats that came back in April
 * const repeatsInApril = april.filter((complaint) => complaint.repeatOf !== undefined)
 * Reports.firstContactResolution([...march, ...repeatsInApril], { windowDays: 30 })
 * Reports.firstContactResolution([], { windowDays: 30 }) // { firstContacts: 0, resolvedFirstTime: 0, rate: null }
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export const firstContactResolution = (
  complaints: ReadonlyArray<Complaint.Complaint>,
  options: { readonly windowDays: number },
): Contact.FirstContactResolution =>
  Contact.firstContactResolution(complaints.map(asContact), {
    version: 1,
    windowDays: options.windowDays,
  })

/**
 * The repeat rate of complaints (CMP-10): the share of complaints that repeat an
 * earlier one (`repeatOf` set), as `Contact.repeatContactRate` computes it.
 *
 * @example
 * ```ts
 * import { Reports } from "@clientele/complaints"
 *
 * Reports.repeatContactRate([]) // { complaints: 0, repeats: 0, rate: null }
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export const repeatContactRate = (complaints: ReadonlyArray<Complaint.Complaint>): RepeatRate => {
  const { contacts, repeats, rate } = Contact.repeatContactRate(complaints.map(asContact))
  return { complaints: contacts, repeats, rate }
}

/**
 * Whether each root cause of the complaints is systemic or isolated (CMP-12):
 * `Insight.classifyIssues` over the count of each root cause (complaints without
 * one left out), rows in root-cause order. `volume` is the orders or contacts of
 * the same period; a volume that is not positive or an invalid policy is a
 * `ValidationError` naming it.
 *
 * @example
 * ```ts
 * import type { Complaint } from "@clientele/complaints"
 * import { Reports } from "@clientele/complaints"
 *
 * declare const complaints: ReadonlyArray<Complaint.Complaint>
 * const classified = Reports.issues(complaints, 12_000) // Right([{ key, count, ratePerThousand, scope }, …])
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export const issues = (
  complaints: ReadonlyArray<Complaint.Complaint>,
  volume: number,
  policy: Insight.SystemicPolicy = Insight.defaultSystemicPolicy,
): Either.Either<ReadonlyArray<Insight.ClassifiedIssue>, Errors.ValidationError> =>
  Insight.classifyIssues(Insight.countsBy(complaints.map(asFeedback), "rootCause"), volume, policy)

/** The exact total of the compensation given, per currency, in currency-code order. */
const compensationTotals = (
  complaints: ReadonlyArray<Complaint.Complaint>,
): Either.Either<
  ReadonlyArray<Money.Money>,
  Money.CurrencyMismatchError | Money.MoneyOverflowError
> => {
  const byCurrency = new Map<Money.CurrencyCode, Array<Money.Money>>()
  for (const complaint of complaints)
    for (const value of Complaint.compensationValues(complaint)) {
      const values = byCurrency.get(value.currency)
      if (values === undefined) byCurrency.set(value.currency, [value])
      else values.push(value)
    }
  return Either.all(
    [...byCurrency]
      .sort(([a], [b]) => byCodeUnits(a, b))
      .map(([currency, values]) => Money.sum(values, currency)),
  )
}

/**
 * The summary of a set of complaints (CMP-6): totals and counts by state, open
 * complaints in breach or at risk at `now` (CMP-4), the avoidable share (CMP-9),
 * the compensation given per currency (CMP-7), the average satisfaction of the
 * follow-ups and how many were done by someone who did not handle the complaint
 * (CMP-11) — someone not among its `handlers`, its assignee, nor who resolved it.
 * See {@link Summary} for each field.
 *
 * @example
 * ```ts
 * import type { Complaint } from "@clientele/complaints"
 * import { Reports } from "@clientele/complaints"
 *
 * declare const complaints: ReadonlyArray<Complaint.Complaint>
 * const summary = Reports.summary(complaints, Date.UTC(2024, 6, 1))
 * summary.followUps === summary.followUpsByOther // CMP-11 kept
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export const summary = (complaints: ReadonlyArray<Complaint.Complaint>, now: number): Summary => {
  const byState = Object.fromEntries(Lifecycle.State.literals.map((state) => [state, 0])) as {
    [S in Lifecycle.State]: number
  }
  let open = 0
  let inBreach = 0
  let atRisk = 0
  let withRootCause = 0
  let avoidable = 0
  let satisfactionSum = 0
  let satisfactionAnswers = 0
  let followUps = 0
  let followUpsByOther = 0
  for (const complaint of complaints) {
    byState[complaint.state]++
    if (complaint.state !== "closed") {
      open++
      let breached = false
      let risky = false
      for (const cycle of complaint.sla.cycles)
        for (const clock of cycle.targets) {
          const status = Sla.status(clock, now)
          if (status === "breached") breached = true
          else if (status === "atRisk") risky = true
        }
      if (breached) inBreach++
      else if (risky) atRisk++
    }
    if (rootCauseOf(complaint) !== undefined) {
      withRootCause++
      if (complaint.avoidable === true) avoidable++
    }
    const followUp = complaint.followUp
    if (followUp !== undefined) {
      followUps++
      const handledIt =
        complaint.handlers.includes(followUp.by) ||
        complaint.assignee === followUp.by ||
        complaint.resolution?.by === followUp.by
      if (!handledIt) followUpsByOther++
      if (followUp.satisfaction !== undefined) {
        satisfactionSum += followUp.satisfaction
        satisfactionAnswers++
      }
    }
  }
  return {
    total: complaints.length,
    open,
    byState,
    inBreach,
    atRisk,
    avoidable: { withRootCause, avoidable, share: rate(avoidable, withRootCause) },
    compensation: compensationTotals(complaints),
    satisfaction: rate(satisfactionSum, satisfactionAnswers),
    satisfactionAnswers,
    followUps,
    followUpsByOther,
  }
}
