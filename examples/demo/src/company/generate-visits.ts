/**
 * How the company's people visit and call their customers (VIS-1 … VIS-10): the
 * account managers who carry out the relationship cadence the run plans from the
 * tiers — most touches on their day, some late, a few missed, the major customers
 * looked after best — and the technicians who install the printers customers buy,
 * on appointments agreed in advance, with the feedback card each customer fills in.
 *
 * The cadence's touches are planned by the `Visits` service during the run, so what
 * happens to each is drawn from its own key (the touch's id) rather than from a
 * stream in a fixed order: the same seed gives every touch the same fate, whatever
 * the service plans around it.
 */
import { BusinessTime } from "@clientele/calendar"
import * as Either from "effect/Either"
import type { History } from "../history.js"
import { deskCalendar } from "./generate.js"
import { DAY, HOUR } from "./quantities.js"
import { type Random, seeded } from "./random.js"

/** The account managers, who carry out the relationship cadence. */
export const accountManagers = ["s-guo", "s-xu", "s-han", "s-feng"] as const

/** The technicians, who install printers on site. */
export const technicians = ["s-luo", "s-du"] as const

/** The first day of the quarter from which printer installations are booked: 1 October 2024 in Shanghai. */
export const quarterStart = Date.parse("2024-10-01T00:00:00+08:00")

/** FNV-1a of a text: a well-spread 32-bit number for a key. */
const hash = (text: string) => {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193)
  return h >>> 0
}

/** A seeded stream of its own for one key: the same seed and key draw the same numbers. */
export const keyed = (seed: number, key: string): Random =>
  seeded((seed ^ 0x715_17e5 ^ hash(key)) >>> 0)

/** The account manager who looks after a customer: always the same one. */
export const managerOf = (customerId: string) =>
  accountManagers[hash(customerId) % accountManagers.length] ?? accountManagers[0]

/** `YYYY-MM-DD` of an instant in Shanghai (always UTC+8). */
const shanghaiDate = (instant: number) => new Date(instant + 8 * HOUR).toISOString().slice(0, 10)

/** A working minute of the desk's calendar: `instant` itself when it is in working time, else the next. */
const workingDayFrom = (instant: number) =>
  Either.getOrThrow(BusinessTime.dueAt(deskCalendar, instant, 60_000))

/** A planned touch, as far as its fate depends on it. */
export interface TouchToCarryOut {
  readonly id: string
  readonly customerId: string
  readonly tier: string
  readonly at: number
}

/** How often a tier's touches are carried out: the major customers are looked after best. */
const doneShare: Readonly<Record<string, number>> = { major: 0.94, general: 0.82, potential: 0.6 }

/**
 * When a planned touch was carried out, and by whom; `undefined` when it was missed.
 * Seven in ten are done on their day, one in five late by up to two weeks, the rest a
 * few days early.
 */
export const touchOutcome = (
  seed: number,
  touch: TouchToCarryOut,
): { readonly at: number; readonly by: string } | undefined => {
  const random = keyed(seed, touch.id)
  if (random.uniform() >= (doneShare[touch.tier] ?? 0.7)) return undefined
  const timing = random.uniform()
  const shiftDays =
    timing < 0.72
      ? 0
      : timing < 0.92
        ? 1 + Math.floor(random.uniform() * 14)
        : -(1 + Math.floor(random.uniform() * 4))
  // Moved off its day, a touch lands in the next working hour of the calendar.
  const at = shiftDays === 0 ? touch.at : workingDayFrom(touch.at + shiftDays * DAY)
  return { at, by: managerOf(touch.customerId) }
}

/** A printer installation: the order, the customer's windows and how the visit goes. */
export interface InstallationJob {
  readonly jobId: string
  readonly orderId: string
  readonly customerId: string
  /** When the customer asked for the installation: with the order. */
  readonly requestedAt: number
  /** Two working days after the order, 09:00–17:00 on the customer's wall clock. */
  readonly preferred: ReadonlyArray<{ readonly start: string; readonly end: string }>
  readonly durationMinutes: number
  /** Whether the printer was packed into the van when the job was booked (VIS-2). */
  readonly packedAtBooking: boolean
  readonly arrivalDelayMinutes: number
  readonly overrunMinutes: number
  /** The feedback card: a score from 1 to 5 and the conduct items the customer flagged. */
  readonly score: number
  readonly flagged: ReadonlyArray<string>
}

/**
 * The printer installations of the quarter: one printer order in four from
 * `quarterStart` asks for a technician to set it up. Its own seeded stream.
 */
export const generateInstallations = (seed: number, history: History): Array<InstallationJob> => {
  const random = seeded(seed ^ 0x1257_a11)
  const jobs: Array<InstallationJob> = []
  for (const order of history.orders) {
    if (order.at < quarterStart || order.category !== "printers") continue
    if (random.uniform() >= 0.25) continue
    const first = workingDayFrom(order.at + 2 * DAY)
    const second = workingDayFrom(first + DAY)
    const windowOf = (instant: number) => {
      const date = shanghaiDate(instant)
      return { start: `${date}T09:00`, end: `${date}T17:00` }
    }
    const flagged = random.weighted<ReadonlyArray<string>>([
      [[], 86],
      [["site-cleaned"], 6],
      [["meal-times-avoided"], 4],
      [["waste-agreed"], 4],
    ])
    jobs.push({
      jobId: `install-${order.orderId}`,
      orderId: order.orderId,
      customerId: order.customerId,
      requestedAt: order.at,
      preferred: [windowOf(first), windowOf(second)],
      durationMinutes: 90,
      packedAtBooking: random.uniform() >= 0.15,
      arrivalDelayMinutes: Math.floor(random.uniform() * 25),
      overrunMinutes: Math.round(-10 + random.uniform() * 40),
      score: random.weighted([
        [5, 46],
        [4, 34],
        [3, 12],
        [2, 5],
        [1, 3],
      ] as const),
      flagged,
    })
  }
  return jobs
}
