/**
 * How figures, instants and the packages' codes read on the page: counts grouped by
 * thousands, shares as percentages, instants on the desk's wall clock, and plain
 * words for the SLA targets, statuses and lifecycle states.
 */
import type { Lifecycle, Sla } from "@clientele/complaints"
import type { Loyalty } from "@clientele/loyalty"
import type { Urgency } from "../dashboard.ts"

const counts = new Intl.NumberFormat("en-GB")

/** A count grouped by thousands: `1,234`. */
export const count = (value: number): string => counts.format(value)

/** A count with its noun, singular for one: `1 customer`, `2,000 customers`. */
export const counted = (value: number, singular: string, plural = `${singular}s`): string =>
  `${count(value)} ${value === 1 ? singular : plural}`

/** A share in [0, 1] as a percentage with one decimal: `47.9 %`; `—` without data. */
export const percent = (share: number | null): string =>
  share === null ? "—" : `${(share * 100).toFixed(1)} %`

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>()

/** An instant on the wall clock of a zone: `Tue 31 Dec 2024, 17:30`. */
export const dateTime = (instant: number, zone: string): string => {
  let format = dateTimeFormats.get(zone)
  if (format === undefined) {
    format = new Intl.DateTimeFormat("en-GB", {
      timeZone: zone,
      weekday: "short",
      day: "numeric",
      month: "short",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    })
    dateTimeFormats.set(zone, format)
  }
  return format.format(instant)
}

/** An instant as a machine-readable `datetime` attribute (ISO 8601, UTC). */
export const isoInstant = (instant: number): string => new Date(instant).toISOString()

const HOUR = 3_600_000
const DAY = 24 * HOUR

/** The calendar time between two instants in days and hours: `3 d 4 h`, `5 h`, `< 1 h`. */
export const span = (milliseconds: number): string => {
  const days = Math.floor(milliseconds / DAY)
  const hours = Math.floor((milliseconds % DAY) / HOUR)
  if (days === 0 && hours === 0) return "< 1 h"
  return days === 0 ? `${hours} h` : hours === 0 ? `${days} d` : `${days} d ${hours} h`
}

/** A deadline against now: `overdue by 2 d 3 h` or `in 5 h`. */
export const dueFromNow = (dueAt: number, now: number): string =>
  dueAt < now ? `overdue by ${span(now - dueAt)}` : `in ${span(dueAt - now)}`

/** The SLA targets in words. */
export const targetLabels: Readonly<Record<Sla.TargetKind, string>> = {
  firstResponse: "First response",
  resolution: "Resolution",
  periodicUpdate: "Periodic update",
  followUp: "Follow-up",
}

/** What each target promises, for the board's captions. */
export const targetDescriptions: Readonly<Record<Sla.TargetKind, string>> = {
  firstResponse: "acknowledged, updated or resolved in time",
  resolution: "resolved by the deadline (or the time promised)",
  periodicUpdate: "each round of updates on a long case",
  followUp: "customer called back after the resolution",
}

/** An open complaint's SLA status in words. */
export const urgencyLabels: Readonly<Record<Urgency, string>> = {
  breached: "Breached",
  atRisk: "At risk",
  running: "On track",
  paused: "Paused",
}

/** The lifecycle states in words. */
export const stateLabels: Readonly<Record<Lifecycle.State, string>> = {
  received: "Received",
  acknowledged: "Acknowledged",
  routed: "Routed",
  assigned: "Assigned",
  inProgress: "In progress",
  waitingOnCustomer: "Waiting on customer",
  resolved: "Resolved",
  followedUp: "Followed up",
  closed: "Closed",
}

/** The loyalty types as the matrix names them. */
export const loyaltyLabels: Readonly<Record<Loyalty.LoyaltyType, string>> = {
  zero: "Zero loyalty",
  latent: "Latent loyalty",
  inertial: "Inertial loyalty",
  high: "High loyalty",
}
