/**
 * What happens at the returns desk (RET-1 … RET-4): the durable goods the company
 * sells under its return policy — printers, furniture and IT accessories — from the
 * day the policy came into force, 1 October 2024, to the end of the history. Each of
 * those orders is shipped from stock and delivered a few days later (some late); a
 * few of them come back: a request for one or two of its lines, for a reason weighted
 * as a distributor sees them (defects, transport damage, wrong items, changed minds,
 * late deliveries), filed by the customer online or by a clerk at the counter, some
 * long after the window closed. Online requests wait for a clerk to verify the
 * product; approved goods come back, or the customer withdraws.
 *
 * Only the facts and the instants are drawn here. Whether a line is approved, how
 * much is refunded and which case ends where is decided by the `Returns` service when
 * the run replays these stories.
 */
import { BusinessTime } from "@clientele/calendar"
import * as Either from "effect/Either"
import type { History, Order } from "../history.js"
import { asOf, deskCalendar } from "./generate.js"
import { DAY, HOUR } from "./quantities.js"
import { type Random, seeded } from "./random.js"

/** The day the return policy came into force: 1 October 2024 in Shanghai. */
export const policyInForce = Date.parse("2024-10-01T00:00:00+08:00")

/** The categories sold under the return policy; consumables are not taken back. */
export const durableCategories = ["printers", "furniture", "it-accessories"] as const

/** The clerks of the returns desk: they take requests at the counter and verify online ones. */
export const returnsClerks = ["s-qian", "s-song", "s-tang"] as const

/** The reason codes of the company's catalogue (see the step's policy). */
export type ReasonCode =
  | "changedMind"
  | "noLongerNeeded"
  | "defective"
  | "damagedInTransit"
  | "wrongItem"
  | "notAsDescribed"
  | "missingParts"
  | "lateDelivery"

/** One line of an order at the returns desk, prices in fen including 13 % VAT. */
export interface DeskOrderLine {
  readonly id: string
  readonly sku: string
  readonly category: string
  readonly quantity: number
  readonly unitPrice: number
  /** A discontinued model sold off: final sale under the policy. */
  readonly clearance: boolean
}

/** An order sold under the return policy: when it was placed, shipped and delivered. */
export interface DeskOrder {
  readonly orderId: string
  readonly customerId: string
  readonly placedAt: number
  readonly shippedAt: number
  /** Absent when the parcel was still on its way at the end of the history. */
  readonly deliveredAt?: number
  readonly lines: ReadonlyArray<DeskOrderLine>
}

/** One line of a return request as the customer or the clerk fills it in. */
export interface RequestedLine {
  readonly orderLineId: string
  readonly quantity: number
  readonly reasonCode: ReasonCode
  readonly condition: "unopened" | "opened" | "damaged"
  readonly resolution: "refund" | "exchange" | "storeCredit"
  /** The "other" class needs a note: a late delivery says how late. */
  readonly note?: string
  /** An exchange asks for the same item again; a few are out of stock. */
  readonly replacementInStock?: boolean
}

/** A return request as it will happen, with the instants of the steps that may follow. */
export interface ReturnStory {
  readonly orderId: string
  readonly customerId: string
  readonly requestedAt: number
  /** The clerk who deals with it: takes it at the counter or verifies it, and receives the goods. */
  readonly clerk: string
  /** Online by the customer, or at the counter by a clerk who looks the order up. */
  readonly filedBy: "customer" | "staff"
  readonly lines: ReadonlyArray<RequestedLine>
  /** For an online request: when a clerk checks the product, and whether it is ours. */
  readonly verification?: { readonly at: number; readonly genuine: boolean }
  /**
   * What happens once the return is authorised (at the request, or at the
   * verification of an online one): the goods come back, a few of them in a worse
   * state than declared, or the customer withdraws the request.
   */
  readonly afterwards:
    | { readonly kind: "receive"; readonly at: number; readonly arrivesDamaged: boolean }
    | { readonly kind: "cancel"; readonly at: number }
}

/** The returns desk's share of the company. */
export interface ReturnsDesk {
  readonly orders: ReadonlyArray<DeskOrder>
  readonly requests: ReadonlyArray<ReturnStory>
}

const skus: Readonly<Record<string, ReadonlyArray<string>>> = {
  printers: ["laser-printer-m110", "inkjet-printer-l3250", "mfp-m236", "label-printer-ql800"],
  furniture: ["task-chair-ergo", "desk-140", "filing-cabinet-3d", "meeting-table-8", "shelf-5"],
  "it-accessories": ["wireless-mouse", "usb-c-hub", "keyboard-k120", "monitor-24", "headset-h390"],
}

/** How many units a line of the category has: printers one or two, furniture up to six, accessories up to ten. */
const unitsOf = (random: Random, category: string) =>
  category === "printers"
    ? 1 + (random.uniform() < 0.25 ? 1 : 0)
    : 1 + Math.floor(random.uniform() * (category === "furniture" ? 6 : 10))

/** The instant `hours` of working time after `start` on the desk's calendar. */
const workingHoursAfter = (start: number, hours: number) =>
  Either.getOrThrow(
    BusinessTime.dueAt(deskCalendar, start, Math.max(1, Math.round(hours * 60)) * 60_000),
  )

/** A log-normal number around `median` with the given spread. */
const around = (random: Random, median: number, spread: number) =>
  median * Math.exp(spread * random.normal())

/** An instant on the same Shanghai day as `instant`, between `from` and `to` o'clock. */
const atHourOf = (random: Random, instant: number, from: number, to: number) => {
  const midnight = instant - ((instant + 8 * HOUR) % DAY)
  return midnight + from * HOUR + Math.floor(random.uniform() * (to - from) * 60) * 60_000
}

/** Splits an order of the history into one to three lines of its category. */
const linesOf = (random: Random, order: Order): Array<DeskOrderLine> => {
  const catalogue = skus[order.category] ?? [order.category]
  const count = Math.min(3, 1 + random.poisson(0.6))
  const shares = Array.from({ length: count }, () => 0.3 + random.uniform())
  const total = shares.reduce((sum, share) => sum + share, 0)
  const firstSku = Math.floor(random.uniform() * catalogue.length)
  return shares.map((share, index) => {
    const quantity = unitsOf(random, order.category)
    const lineAmount = (order.revenue.amount * share) / total
    return {
      id: `l${index + 1}`,
      sku: catalogue[(firstSku + index) % catalogue.length] ?? "item",
      category: order.category,
      quantity,
      // Whole yuan: a price list has no fen.
      unitPrice: Math.max(100, Math.round(lineAmount / quantity / 100) * 100),
      clearance: random.uniform() < 0.06,
    }
  })
}

/** The reason of a returned line: weighted as the desk sees them, late deliveries when late. */
const reasonOf = (random: Random, late: boolean): ReasonCode =>
  random.weighted<ReasonCode>([
    ["defective", 26],
    ["damagedInTransit", 12],
    ["wrongItem", 14],
    ["notAsDescribed", 8],
    ["missingParts", 6],
    ["changedMind", 18],
    ["noLongerNeeded", 6],
    ["lateDelivery", late ? 45 : 0],
  ])

const conditionOf = (random: Random, reason: ReasonCode): RequestedLine["condition"] => {
  switch (reason) {
    case "damagedInTransit":
      return "damaged"
    case "defective":
      return random.uniform() < 0.3 ? "damaged" : "opened"
    case "notAsDescribed":
    case "missingParts":
      return "opened"
    case "changedMind":
    case "noLongerNeeded":
      return random.uniform() < 0.7 ? "unopened" : "opened"
    case "wrongItem":
    case "lateDelivery":
      return "unopened"
  }
}

const resolutionOf = (random: Random, reason: ReasonCode): RequestedLine["resolution"] => {
  const draw = random.uniform()
  if (reason === "wrongItem") return draw < 0.7 ? "exchange" : "refund"
  if (reason === "defective" || reason === "damagedInTransit")
    return draw < 0.4 ? "exchange" : "refund"
  return draw < 0.15 ? "storeCredit" : "refund"
}

/**
 * The returns desk of a history: the orders of durable goods placed from the policy's
 * first day and the return requests some of them lead to before the end of the
 * history. Its own seeded stream, so the orders and complaints of the company stay
 * what they are.
 */
export const generateReturns = (seed: number, history: History): ReturnsDesk => {
  const random = seeded(seed ^ 0x2e7_0a5e)
  const durable = new Set<string>(durableCategories)
  const orders: Array<DeskOrder> = []
  const requests: Array<ReturnStory> = []
  for (const order of history.orders) {
    if (order.at < policyInForce || !durable.has(order.category)) continue
    const lines = linesOf(random, order)
    // Shipped from stock within the working day or the next; delivered one to three
    // days later, and one parcel in twelve takes a week more.
    const shippedAt = workingHoursAfter(order.at, around(random, 5, 0.6))
    const late = random.uniform() < 0.08
    const transitDays =
      1 + Math.floor(random.uniform() * 3) + (late ? 4 + Math.floor(random.uniform() * 6) : 0)
    const deliveredAt = atHourOf(random, shippedAt + transitDays * DAY, 9, 18)
    if (shippedAt >= asOf) continue
    const delivered = deliveredAt < asOf
    orders.push({
      orderId: order.orderId,
      customerId: order.customerId,
      placedAt: order.at,
      shippedAt,
      ...(delivered ? { deliveredAt } : {}),
      lines,
    })
    // One delivered order in eight comes back in part, two in five of the late ones.
    if (!delivered || random.uniform() >= (late ? 0.4 : 0.125)) continue
    // Most ask within days; one in eleven long after the fourteen days of the window.
    const daysAfter =
      random.uniform() < 0.09 ? 15 + random.uniform() * 30 : -Math.log(1 - random.uniform()) * 4
    const online = random.uniform() < 0.6
    const requestedAt = online
      ? atHourOf(random, deliveredAt + Math.floor(daysAfter) * DAY + DAY, 8, 22)
      : workingHoursAfter(deliveredAt + Math.floor(daysAfter) * DAY, 1 + random.uniform() * 8)
    if (requestedAt >= asOf) continue
    const returned =
      random.uniform() < 0.75 || lines.length === 1 ? lines.slice(0, 1) : lines.slice(0, 2)
    const requested = returned.map((line): RequestedLine => {
      const reasonCode = reasonOf(random, late)
      const resolution = resolutionOf(random, reasonCode)
      const quantity =
        random.uniform() < 0.7 ? line.quantity : 1 + Math.floor(random.uniform() * line.quantity)
      return {
        orderLineId: line.id,
        quantity,
        reasonCode,
        condition: conditionOf(random, reasonCode),
        resolution,
        ...(reasonCode === "lateDelivery"
          ? { note: `Delivered ${transitDays} days after dispatch` }
          : {}),
        ...(resolution === "exchange" ? { replacementInStock: random.uniform() < 0.9 } : {}),
      }
    })
    const clerk = random.pick(returnsClerks)
    // A clerk checks an online request's serial number or order within a working day
    // or so; one product in twenty-five turns out not to be the company's own.
    const verification = online
      ? {
          at: workingHoursAfter(requestedAt, around(random, 5, 0.8)),
          genuine: random.uniform() >= 0.04,
        }
      : undefined
    const authorisedAt = verification?.at ?? requestedAt
    requests.push({
      orderId: order.orderId,
      customerId: order.customerId,
      requestedAt,
      clerk,
      filedBy: online ? "customer" : "staff",
      lines: requested,
      ...(verification === undefined ? {} : { verification }),
      // The goods are back two or three working days after the authorisation; one
      // customer in twelve withdraws within a few working days instead.
      afterwards:
        random.uniform() < 0.08
          ? { kind: "cancel", at: workingHoursAfter(authorisedAt, 4 + random.uniform() * 24) }
          : {
              kind: "receive",
              at: workingHoursAfter(authorisedAt, around(random, 20, 0.5)),
              arrivesDamaged: random.uniform() < 0.04,
            },
    })
  }
  requests.sort((a, b) => a.requestedAt - b.requestedAt || (a.orderId < b.orderId ? -1 : 1))
  return { orders, requests }
}
