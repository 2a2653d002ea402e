/**
 * The planning loop of `Cadence.plan` (VIS-10): resolves each customer's tier and
 * calendar (each calendar's fitting days computed once), then places the touches of
 * each kind by index arithmetic over those days (at the customer's own position in
 * each slice under the `byCustomer` stagger) and reconciles them with the touches
 * planned before. The public module validates the input and turns the
 * failures described here into its typed errors.
 *
 * @internal
 */
import type { CalendarError, WorkingCalendar } from "@clientele/calendar"
import { Civil, type Errors, type Period } from "@clientele/core"
import * as Either from "effect/Either"
import type {
  AgendaItem,
  CadencePolicy,
  CancelReason,
  Channel,
  Customer,
  DoneRecord,
  PlannedTouch,
  Provenance,
  Skip,
  StandardCounts,
  TouchKind,
} from "../Cadence.js"
import { calendarInZone, type FittingDays, firstAtOrAfter, fittingDays } from "./cadenceDays.js"

export interface PlannerInput {
  readonly period: Period.Period
  readonly startDay: number
  readonly days: number
  readonly customers: ReadonlyArray<Customer>
  readonly standards: ReadonlyMap<string, StandardCounts>
  readonly calendars: ReadonlyMap<string, WorkingCalendar.WorkingCalendar>
  readonly defaultCalendarId: string
  readonly policy: CadencePolicy
  readonly existing: ReadonlyArray<PlannedTouch>
  readonly done: ReadonlyArray<DoneRecord>
  readonly now: number | undefined
}

export type PlannerOutcome =
  | {
      readonly _tag: "Planned"
      readonly touches: Array<PlannedTouch>
      readonly kept: Array<PlannedTouch>
      readonly added: Array<PlannedTouch>
      readonly cancelled: Array<PlannedTouch>
      readonly skipped: Array<Skip>
    }
  | { readonly _tag: "UnknownTier"; readonly customerId: string; readonly tier: string }
  | { readonly _tag: "UnknownCalendar"; readonly customerId: string; readonly calendarId: string }
  | { readonly _tag: "InvalidZone"; readonly customerIndex: number; readonly zone: string }
  | {
      readonly _tag: "Failed"
      readonly error: CalendarError.CalendarError | Errors.ValidationError
    }

type Failure = Exclude<PlannerOutcome, { readonly _tag: "Planned" }>

/** What the plan needs of a tier, resolved once per tier. */
interface TierCadence {
  readonly visits: number
  readonly contacts: number
  readonly unplanned: boolean
  readonly provenance: Provenance
  readonly visitAgenda: ReadonlyArray<AgendaItem>
}

/** One kind of touch on one calendar: its fitting days and what its touches carry. */
interface KindOnCalendar {
  readonly fit: FittingDays
  /** The first fitting day at or after `now` (0 without `now`). */
  readonly fromNow: number
  readonly durationMinutes: number
  readonly channel: Channel
}

interface PreparedCalendar {
  readonly calendarId: string
  readonly zone: Period.TimeZone
  readonly visit: KindOnCalendar
  readonly contact: KindOnCalendar
}

const NO_AGENDA: ReadonlyArray<AgendaItem> = Object.freeze([])

const sameAgenda = (a: ReadonlyArray<AgendaItem>, b: ReadonlyArray<AgendaItem>): boolean => {
  if (a === b) return true
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/** An existing live touch with the slot it belongs to and its day in the period. */
interface Slotted {
  readonly touch: PlannedTouch
  readonly slot: number
  readonly day: number
  readonly fixed: boolean
}

/**
 * Where in each slice a customer's touches fall under the `byCustomer` stagger: a
 * fraction in [0, 1) read from a 32-bit hash of the customer id, FNV-1a over its
 * UTF-16 code units followed by the MurmurHash3 finaliser. FNV-1a alone keeps ids
 * that differ only in their last characters (`cus_0001`, `cus_0002`, …) close in
 * its high bits, which would crowd them onto the same days; the finaliser spreads
 * them. A function of the id alone: neither the other customers nor their order
 * move a customer's days.
 */
export const staggerShare = (customerId: string): number => {
  let hash = 0x811c9dc5
  for (let i = 0; i < customerId.length; i++) {
    hash ^= customerId.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  hash ^= hash >>> 16
  hash = Math.imul(hash, 0x85ebca6b)
  hash ^= hash >>> 13
  hash = Math.imul(hash, 0xc2b2ae35)
  hash ^= hash >>> 16
  return (hash >>> 0) / 4_294_967_296
}

/** Slot results that are not a fitting day: why the slot is skipped. */
const PAST = -1
const NO_WORKING_DAY = -2

/**
 * One run of the planner: the plan-wide inputs, the outputs as they grow, and the
 * state of the customer and kind being planned. A class, so that the per-touch
 * steps are methods and not closures made again for every customer.
 */
class Planner {
  readonly touches: Array<PlannedTouch> = []
  readonly kept: Array<PlannedTouch> = []
  readonly added: Array<PlannedTouch> = []
  readonly cancelled: Array<PlannedTouch> = []
  readonly skipped: Array<Skip> = []

  /** The day (0 = the period's first) of the kind's previous touch. */
  private previousDay = -1
  /**
   * Where in each slice the touches of the customer being planned fall, in [0, 1):
   * its {@link staggerShare} under the `byCustomer` stagger, 0 (the slice's first
   * fitting day) without.
   */
  share = 0
  /** A run of skipped occurrences of the kind being planned, reported as one entry. */
  private runReason: "past" | "noWorkingDay" | undefined = undefined
  private runStart = 0
  private runCount = 0
  private readonly dayByDate = new Map<string, number>()

  constructor(
    readonly period: Period.Period,
    readonly startDay: number,
    readonly days: number,
    /** Without `now` nothing is past: every instant is at or after -Infinity. */
    readonly now: number,
    readonly doneIds: ReadonlySet<string>,
  ) {}

  /** The day (0 = the period's first) of a civil date, memoised: dates repeat. */
  dayOf(date: string): number {
    let day = this.dayByDate.get(date)
    if (day === undefined) {
      day = (Civil.parse(date) ?? this.startDay) - this.startDay
      this.dayByDate.set(date, day)
    }
    return day
  }

  isFixed(touch: PlannedTouch): boolean {
    // The set lookup last: most touches are settled by their instant or status.
    return touch.at < this.now || touch.status === "booked" || this.doneIds.has(touch.id)
  }

  keep(touch: PlannedTouch): void {
    this.touches.push(touch)
    this.kept.push(touch)
  }

  add(touch: PlannedTouch): void {
    this.touches.push(touch)
    this.added.push(touch)
  }

  cancel(touch: PlannedTouch, reason: CancelReason): void {
    this.cancelled.push({ ...touch, status: "cancelled", cancelReason: reason })
  }

  flushRun(customer: Customer, kind: TouchKind): void {
    if (this.runReason === undefined) return
    this.skipped.push({
      reason: this.runReason,
      customerId: customer.id,
      tier: customer.tier,
      kind,
      occurrence: this.runStart,
      count: this.runCount,
    })
    this.runReason = undefined
  }

  skip(
    customer: Customer,
    kind: TouchKind,
    reason: "past" | "noWorkingDay",
    occurrence: number,
    count: number,
  ): void {
    if (this.runReason === reason && this.runStart + this.runCount === occurrence) {
      this.runCount += count
      return
    }
    this.flushRun(customer, kind)
    this.runReason = reason
    this.runStart = occurrence
    this.runCount = count
  }

  /**
   * The fitting day (its index) of slot `i` of `n`, after the previous touch's
   * day: the customer's own fitting day of the slice (the fitting day at
   * {@link share} of the slice's fitting days; the first one without stagger), or
   * the first fitting day after the slice when the slice has none; then, when that
   * day has passed at `now`, the first fitting day from `now` on within the slice;
   * {@link PAST} or {@link NO_WORKING_DAY} when there is none.
   */
  slotFor(on: KindOnCalendar, i: number, n: number): number {
    const fit = on.fit
    const days = this.days
    const nextAnchor = Math.floor(((i + 1) * days) / n)
    const sliceFirst = fit.firstFrom[Math.floor((i * days) / n)] as number
    // The slice's fitting days are the indices sliceFirst … firstFrom[nextAnchor] - 1;
    // share·count is exact in doubles (a 32-bit fraction times a day count).
    let j =
      sliceFirst + Math.floor(this.share * ((fit.firstFrom[nextAnchor] as number) - sliceFirst))
    // After the previous touch's day; an existing touch may lie outside the period.
    const after = this.previousDay + 1
    if (after > 0) {
      const afterPrevious = after <= days ? (fit.firstFrom[after] as number) : fit.count
      if (afterPrevious > j) j = afterPrevious
    }
    if (j >= fit.count) return NO_WORKING_DAY
    if ((fit.at[j] as number) < this.now) {
      if (on.fromNow > j) j = on.fromNow
      if (j >= fit.count || (fit.day[j] as number) >= nextAnchor) return PAST
    }
    return j
  }

  fresh(
    customer: Customer,
    kind: TouchKind,
    prefix: string,
    tier: TierCadence,
    calendar: PreparedCalendar,
    on: KindOnCalendar,
    occurrence: number,
    revision: number,
    j: number,
  ): PlannedTouch {
    return {
      id: revision === 0 ? prefix + occurrence : `${prefix}${occurrence}/r${revision}`,
      customerId: customer.id,
      tier: customer.tier,
      kind,
      periodStart: this.period.start,
      periodEnd: this.period.end,
      occurrence,
      revision,
      dueDate: on.fit.date[j] as Period.CivilDate,
      at: on.fit.at[j] as number,
      durationMinutes: on.durationMinutes,
      zone: calendar.zone,
      calendarId: calendar.calendarId,
      channel: on.channel,
      agenda: kind === "visit" ? tier.visitAgenda : NO_AGENDA,
      status: "planned",
      provenance: tier.provenance,
    }
  }

  /**
   * Plans one kind for one customer: `wanted` touches, one per slice, reconciled
   * with the customer's `existing` touches of that kind (any order).
   */
  planKind(
    customer: Customer,
    kind: TouchKind,
    wanted: number,
    tier: TierCadence,
    calendar: PreparedCalendar,
    on: KindOnCalendar,
    existing: ReadonlyArray<PlannedTouch>,
  ): void {
    const prefix = `${customer.id}/${kind}/${this.period.start}/${this.period.end}/`
    // Each touch of a kind has a day of its own, so at most `days` of them fit.
    const n = Math.min(wanted, this.days)
    this.previousDay = -1
    if (existing.length === 0) {
      for (let i = 0; i < n; i++) {
        const j = this.slotFor(on, i, n)
        if (j === NO_WORKING_DAY) {
          // No later slot can find a day either: the days only move forward.
          this.skip(customer, kind, "noWorkingDay", i, n - i)
          break
        }
        if (j === PAST) {
          this.skip(customer, kind, "past", i, 1)
          continue
        }
        if (this.runReason !== undefined) this.flushRun(customer, kind)
        this.add(this.fresh(customer, kind, prefix, tier, calendar, on, i, 0, j))
        this.previousDay = on.fit.day[j] as number
      }
    } else {
      this.reconcile(customer, kind, prefix, wanted, n, tier, calendar, on, existing)
    }
    if (wanted > n) this.skip(customer, kind, "noWorkingDay", n, wanted - n)
    this.flushRun(customer, kind)
  }

  /** The slice (slot) of `n` that holds the day `day` of the period. */
  sliceOf(day: number, n: number): number {
    const days = this.days
    const clamped = day < 0 ? 0 : day >= days ? days - 1 : day
    let slot = Math.floor((clamped * n) / days)
    // The slices start on whole days (⌊i·days/n⌋), so the estimate may be one short.
    while (slot + 1 < n && Math.floor(((slot + 1) * days) / n) <= clamped) slot++
    return slot
  }

  /**
   * Reconciles the customer's existing touches of a kind with the `n` slots of its
   * standard (`wanted` touches, at most one a day). A live touch belongs to a slot:
   * its own occurrence when it was planned under the same count, otherwise the slice that holds its due date (a tier
   * change renumbers the slots). In each slot, booked, done or past touches are
   * kept and cover the slot; otherwise the slot's fresh touch is compared with its
   * planned ones: the same one is kept, the others are cancelled and the fresh
   * touch added under the slot's next revision.
   */
  private reconcile(
    customer: Customer,
    kind: TouchKind,
    prefix: string,
    wanted: number,
    n: number,
    tier: TierCadence,
    calendar: PreparedCalendar,
    on: KindOnCalendar,
    existing: ReadonlyArray<PlannedTouch>,
  ): void {
    const fit = on.fit
    const agenda = kind === "visit" ? tier.visitAgenda : NO_AGENDA
    // The highest revision of each occurrence, cancelled touches included: a slot
    // planned anew takes the next one, so ids never repeat.
    const maxRevision: Array<number> = []
    const slotted: Array<Slotted> = []
    for (const touch of existing) {
      if (!(touch.revision <= (maxRevision[touch.occurrence] ?? -1))) {
        maxRevision[touch.occurrence] = touch.revision
      }
      if (touch.status === "cancelled") continue
      const day = this.dayOf(touch.dueDate)
      const counted =
        kind === "visit" ? touch.provenance.visitsPerPeriod : touch.provenance.contactsPerPeriod
      const fixed = this.isFixed(touch)
      if (n === 0) {
        if (fixed) this.keep(touch)
        else this.cancel(touch, "beyondStandard")
        continue
      }
      const slot =
        counted === wanted && touch.occurrence < n ? touch.occurrence : this.sliceOf(day, n)
      slotted.push({ touch, slot, day, fixed })
    }
    // By slot; within a slot the kept touches first, by instant then id, so that the
    // order of the output does not depend on the order of the input.
    slotted.sort(
      (a, b) =>
        a.slot - b.slot ||
        Number(b.fixed) - Number(a.fixed) ||
        a.touch.at - b.touch.at ||
        (a.touch.id < b.touch.id ? -1 : a.touch.id > b.touch.id ? 1 : 0),
    )
    let e = 0
    for (let i = 0; i < n; i++) {
      const first = e
      let covered = false
      while (e < slotted.length && (slotted[e] as Slotted).slot === i) {
        const entry = slotted[e++] as Slotted
        if (!entry.fixed) continue
        covered = true
        this.keep(entry.touch)
        if (entry.day > this.previousDay) this.previousDay = entry.day
      }
      if (covered) {
        // Booked, done or past touches hold the slot: planned ones beside them are surplus.
        for (let k = first; k < e; k++) {
          const entry = slotted[k] as Slotted
          if (!entry.fixed) this.cancel(entry.touch, "beyondStandard")
        }
        continue
      }
      const j = this.slotFor(on, i, n)
      if (j < 0) {
        this.skip(customer, kind, j === PAST ? "past" : "noWorkingDay", i, 1)
        for (let k = first; k < e; k++) this.cancel((slotted[k] as Slotted).touch, "replanned")
        continue
      }
      this.flushRun(customer, kind)
      this.previousDay = fit.day[j] as number
      let same: PlannedTouch | undefined
      for (let k = first; k < e && same === undefined; k++) {
        const live = (slotted[k] as Slotted).touch
        if (
          live.at === fit.at[j] &&
          live.dueDate === fit.date[j] &&
          live.durationMinutes === on.durationMinutes &&
          live.channel === on.channel &&
          live.tier === customer.tier &&
          live.calendarId === calendar.calendarId &&
          live.zone === calendar.zone &&
          sameAgenda(live.agenda, agenda)
        ) {
          same = live
        }
      }
      // The first planned touch of the slot is the one the fresh touch replaces; any
      // other is surplus.
      for (let k = first; k < e; k++) {
        const live = (slotted[k] as Slotted).touch
        if (live !== same)
          this.cancel(live, k === first && same === undefined ? "replanned" : "beyondStandard")
      }
      if (same !== undefined) this.keep(same)
      else {
        const revision = (maxRevision[i] ?? -1) + 1
        this.add(this.fresh(customer, kind, prefix, tier, calendar, on, i, revision, j))
      }
    }
  }
}

export const planTouches = (input: PlannerInput): PlannerOutcome => {
  const { period, policy, days, startDay } = input
  const now = input.now ?? Number.NEGATIVE_INFINITY

  // Tiers, resolved on first sight.
  const unplannedTiers = new Set(policy.unplannedTiers)
  const revisitTiers = new Set(policy.revisitTiers)
  const overrides = new Map(policy.standardOverrides.map((o) => [o.tier, o] as const))
  const tiers = new Map<string, TierCadence>()
  const resolveTier = (tier: string): TierCadence | undefined => {
    const unplanned = unplannedTiers.has(tier)
    const standard = input.standards.get(tier)
    const override = overrides.get(tier)
    if (!unplanned && standard === undefined && override === undefined) return undefined
    const visits = unplanned ? 0 : (override?.visitsPerPeriod ?? standard?.visitsPerPeriod ?? 0)
    const contacts = unplanned
      ? 0
      : (override?.contactsPerPeriod ?? standard?.contactsPerPeriod ?? 0)
    const resolved: TierCadence = {
      visits,
      contacts,
      unplanned,
      provenance: {
        tier,
        visitsPerPeriod: visits,
        contactsPerPeriod: contacts,
        policyVersion: policy.version,
      },
      visitAgenda: revisitTiers.has(tier) ? policy.revisitAgenda : NO_AGENDA,
    }
    tiers.set(tier, resolved)
    return resolved
  }

  // Calendars, prepared on first use: by id, and the default one by customer zone.
  const byId = new Map<string, PreparedCalendar>()
  const defaultByZone = new Map<string, PreparedCalendar>()
  const prepareKind = (
    calendar: WorkingCalendar.WorkingCalendar,
    time: WorkingCalendar.LocalTime,
    durationMinutes: number,
    channel: Channel,
  ): KindOnCalendar | Failure => {
    const fit = fittingDays(
      calendar,
      startDay,
      days,
      { time, durationMs: durationMinutes * 60_000 },
      policy.dst === "calendar" ? calendar.dst : policy.dst,
    )
    if (Either.isLeft(fit)) return { _tag: "Failed", error: fit.left }
    return { fit: fit.right, fromNow: firstAtOrAfter(fit.right, now), durationMinutes, channel }
  }
  const prepare = (
    calendarId: string,
    calendar: WorkingCalendar.WorkingCalendar,
  ): PreparedCalendar | Failure => {
    const visit = prepareKind(calendar, policy.visit.time, policy.visit.durationMinutes, "onSite")
    if ("_tag" in visit) return visit
    const contact = prepareKind(
      calendar,
      policy.contact.time,
      policy.contact.durationMinutes,
      policy.contact.channel,
    )
    if ("_tag" in contact) return contact
    return { calendarId, zone: calendar.timeZone, visit, contact }
  }
  const calendarOf = (customer: Customer, index: number): PreparedCalendar | Failure => {
    if (customer.calendarId !== undefined) {
      const known = byId.get(customer.calendarId)
      if (known !== undefined) return known
      const calendar = input.calendars.get(customer.calendarId)
      if (calendar === undefined) {
        return { _tag: "UnknownCalendar", customerId: customer.id, calendarId: customer.calendarId }
      }
      const prepared = prepare(customer.calendarId, calendar)
      if (!("_tag" in prepared)) byId.set(customer.calendarId, prepared)
      return prepared
    }
    const zone = customer.zone ?? ""
    const known = defaultByZone.get(zone)
    if (known !== undefined) return known
    const calendar = input.calendars.get(input.defaultCalendarId)
    if (calendar === undefined) {
      return {
        _tag: "UnknownCalendar",
        customerId: customer.id,
        calendarId: input.defaultCalendarId,
      }
    }
    const inZone = customer.zone === undefined ? undefined : calendarInZone(calendar, customer.zone)
    if (inZone !== undefined && Either.isLeft(inZone)) {
      return { _tag: "InvalidZone", customerIndex: index, zone }
    }
    const prepared = prepare(
      input.defaultCalendarId,
      inZone === undefined ? calendar : inZone.right,
    )
    if (!("_tag" in prepared)) defaultByZone.set(zone, prepared)
    return prepared
  }

  // The touches planned before, of this period, by customer; and the done ones.
  const existingByCustomer = new Map<string, Array<PlannedTouch>>()
  // A previous plan lists each customer's touches together: one map lookup a customer.
  let lastCustomer: string | undefined
  let lastList: Array<PlannedTouch> = []
  for (const touch of input.existing) {
    if (touch.periodStart !== period.start || touch.periodEnd !== period.end) continue
    if (touch.customerId !== lastCustomer) {
      lastCustomer = touch.customerId
      const list = existingByCustomer.get(touch.customerId)
      if (list === undefined) {
        lastList = []
        existingByCustomer.set(touch.customerId, lastList)
      } else lastList = list
    }
    lastList.push(touch)
  }
  const doneIds = new Set<string>()
  for (const record of input.done) doneIds.add(record.touchId)

  const planner = new Planner(period, startDay, days, now, doneIds)
  const staggered = policy.stagger === "byCustomer"
  const customers = input.customers
  const none: ReadonlyArray<PlannedTouch> = []
  for (let index = 0; index < customers.length; index++) {
    const customer = customers[index] as Customer
    const tier = tiers.get(customer.tier) ?? resolveTier(customer.tier)
    if (tier === undefined) {
      return { _tag: "UnknownTier", customerId: customer.id, tier: customer.tier }
    }
    const mine = existingByCustomer.get(customer.id)
    if (tier.unplanned) {
      planner.skipped.push({ reason: "noStandard", customerId: customer.id, tier: customer.tier })
    }
    if (tier.visits === 0 && tier.contacts === 0 && mine === undefined) continue
    const calendar = calendarOf(customer, index)
    if ("_tag" in calendar) return calendar
    // Once per customer: every slice of both kinds reads the same share.
    planner.share = staggered ? staggerShare(customer.id) : 0
    if (mine === undefined) {
      if (tier.visits > 0) {
        planner.planKind(customer, "visit", tier.visits, tier, calendar, calendar.visit, none)
      }
      if (tier.contacts > 0) {
        planner.planKind(customer, "contact", tier.contacts, tier, calendar, calendar.contact, none)
      }
      continue
    }
    const visits: Array<PlannedTouch> = []
    const contacts: Array<PlannedTouch> = []
    for (const touch of mine) (touch.kind === "visit" ? visits : contacts).push(touch)
    planner.planKind(customer, "visit", tier.visits, tier, calendar, calendar.visit, visits)
    planner.planKind(customer, "contact", tier.contacts, tier, calendar, calendar.contact, contacts)
  }
  return {
    _tag: "Planned",
    touches: planner.touches,
    kept: planner.kept,
    added: planner.added,
    cancelled: planner.cancelled,
    skipped: planner.skipped,
  }
}
