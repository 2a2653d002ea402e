/**
 * The generated company: two years of a mid-size office-supplies distributor in
 * Shanghai, from one seed and one size. Its customers and orders come from
 * `../history.ts` (the same history the guides' pictures are drawn from); this module
 * adds the people who serve them and what happens at the complaint desk — when each
 * complaint arrives, on which channel, about what, and when the staff acknowledge,
 * update, resolve and follow it up. The run replays those stories through the public
 * API on a clock stopped at each instant, so the SLA figures the report shows are the
 * service's own, not the generator's.
 *
 * Nothing here is random at run time: the same seed and size give the same company.
 */
import { BusinessTime, WorkingCalendar } from "@clientele/calendar"
import * as Either from "effect/Either"
import { generateHistory, type History, type Order, zone } from "../history.js"
import { DAY, HOUR, MINUTE } from "./quantities.js"
import { type Random, seeded } from "./random.js"

/** How the company is generated. */
export interface CompanyOptions {
  /** The seed of every draw; the same seed gives the same company. */
  readonly seed: number
  /** How many customers are on the register. */
  readonly customers: number
}

/** The default company: 2,000 customers, about 19,000 orders and 900 complaints. */
export const defaultOptions: CompanyOptions = { seed: 2024, customers: 2_000 }

/** The instant the history ends and the run looks back from: 1 January 2025, 00:00 in Shanghai. */
export const asOf = Date.parse("2025-01-01T00:00:00+08:00")

/** The complaint desk's calendar: weekdays 09:00–18:00 in Shanghai, China's 2023–2024 public holidays. */
export const deskCalendar = WorkingCalendar.weekdays(zone, "09:00", "18:00", {
  holidays: [
    ...["2023-01-02", "2023-01-23", "2023-01-24", "2023-01-25", "2023-01-26", "2023-01-27"],
    ...["2023-04-05", "2023-05-01", "2023-05-02", "2023-05-03", "2023-06-22", "2023-06-23"],
    ...["2023-09-29", "2023-10-02", "2023-10-03", "2023-10-04", "2023-10-05", "2023-10-06"],
    ...["2024-01-01", "2024-02-12", "2024-02-13", "2024-02-14", "2024-02-15", "2024-02-16"],
    ...["2024-04-04", "2024-04-05", "2024-05-01", "2024-05-02", "2024-05-03", "2024-06-10"],
    ...["2024-09-16", "2024-09-17", "2024-10-01", "2024-10-02", "2024-10-03", "2024-10-04"],
    "2024-10-07",
  ].map((date) => ({ name: "public holiday", date })),
})

/** The staff, by role. Heads route work; handlers resolve; care staff follow up (CMP-11). */
export const staff = {
  frontDesk: ["s-wang", "s-zhao"],
  heads: { stores: "s-chen", pricing: "s-zhou" },
  handlers: { stores: ["s-li", "s-sun", "s-wu"], pricing: ["s-he"] },
  care: ["s-ma", "s-lin"],
} as const

/** The departments of the desk and the categories each owns (CMP-2: straight to the responsible head). */
export const departments = [
  { id: "stores", name: "Stores", head: staff.heads.stores, categories: ["product", "service"] },
  { id: "pricing", name: "Pricing", head: staff.heads.pricing, categories: ["price"] },
]

/** One step of a complaint's handling, at an instant, by a member of staff. */
export type HandlingStep =
  | {
      readonly kind: "acknowledge"
      readonly at: number
      readonly by: string
      readonly onTheSpot: boolean
      /** The resolution the customer is promised (CMP-3), unless solved on the spot. */
      readonly committedResolutionAt?: number
    }
  | { readonly kind: "route"; readonly at: number; readonly by: string }
  | { readonly kind: "assign"; readonly at: number; readonly by: string; readonly assignee: string }
  | { readonly kind: "start"; readonly at: number; readonly by: string }
  | { readonly kind: "update"; readonly at: number; readonly by: string }
  | {
      readonly kind: "resolve"
      readonly at: number
      readonly by: string
      readonly outcome: string
      readonly rootCause: string
    }
  | {
      readonly kind: "followUp"
      readonly at: number
      readonly by: string
      readonly reached: boolean
      readonly solved: boolean
      readonly satisfaction?: number
    }
  | { readonly kind: "close"; readonly at: number; readonly by: string }

/** A complaint as it will happen: the intake and the steps that follow, in time order. */
export interface ComplaintStory {
  readonly idempotencyKey: string
  readonly customerId: string
  readonly receivedAt: number
  readonly channel: "hotline" | "webForm" | "inPerson" | "email" | "chat"
  readonly category: string
  readonly orderId?: string
  /** The same problem raised again carries the same key (CMP-10's repeat contacts). */
  readonly problemKey: string
  readonly contact: { readonly name: string; readonly phone: string }
  readonly description: string
  readonly receivedBy: string
  /** Every step until the end of the history; later ones have not happened yet. */
  readonly steps: ReadonlyArray<HandlingStep>
}

/** The generated company. */
export interface Company {
  readonly options: CompanyOptions
  readonly history: History
  /** The contact person of each customer, by customer id. */
  readonly contacts: ReadonlyMap<string, { readonly name: string; readonly phone: string }>
  /** Every complaint, in order of arrival. */
  readonly complaints: ReadonlyArray<ComplaintStory>
}

const surnames = [
  "Wang",
  "Li",
  "Zhang",
  "Liu",
  "Chen",
  "Yang",
  "Huang",
  "Zhao",
  "Wu",
  "Zhou",
] as const
const givenNames = ["Wei", "Fang", "Min", "Jing", "Lei", "Yan", "Jun", "Hui", "Tao", "Xin"] as const

/** The instant `minutes` of the desk's business time after `start`. */
const businessAfter = (start: number, minutes: number): number =>
  Either.getOrThrow(
    BusinessTime.dueAt(deskCalendar, start, Math.max(1, Math.round(minutes)) * MINUTE),
  )

/** A log-normal number of minutes around `median`, with the given spread. */
const minutesAround = (random: Random, median: number, spread: number) =>
  median * Math.exp(spread * random.normal())

/** What a complaint of each category is about, its root causes, and how it is described. */
const categoryProfiles = [
  {
    category: "product",
    weight: 48,
    department: "stores",
    description: "The delivered goods were damaged or not what was ordered",
    causes: [
      ["defective-delivery", 6],
      ["product-question", 2],
      ["customer-error", 2],
    ],
  },
  {
    category: "price/after-purchase",
    weight: 14,
    department: "pricing",
    description: "The price dropped right after the purchase",
    causes: [
      ["unclear-information", 4],
      ["changed-mind", 1],
    ],
  },
  {
    category: "price",
    weight: 6,
    department: "pricing",
    description: "The invoice does not match the quoted price",
    causes: [
      ["broken-promise", 3],
      ["customer-error", 1],
    ],
  },
  {
    category: "service/long-wait",
    weight: 18,
    department: "stores",
    description: "The delivery came days later than promised",
    causes: [
      ["missed-deadline", 5],
      ["broken-promise", 2],
    ],
  },
  {
    category: "service",
    weight: 14,
    department: "stores",
    description: "Nobody called back as promised",
    causes: [
      ["broken-promise", 3],
      ["missed-deadline", 2],
      ["other", 1],
    ],
  },
] as const satisfies ReadonlyArray<{
  category: string
  weight: number
  department: "stores" | "pricing"
  description: string
  causes: ReadonlyArray<readonly [string, number]>
}>

type Profile = (typeof categoryProfiles)[number]

/**
 * The steps of one complaint from its arrival: most are acknowledged within the
 * 30 business minutes of the normal SLA, some are solved on the spot, a few wait;
 * resolution takes a few business hours, with a tail past the 16-hour target;
 * handlers post updates on long cases (and sometimes forget); care staff follow up
 * on most within two working days.
 */
const handlingSteps = (
  random: Random,
  profile: Profile,
  receivedAt: number,
  receivedBy: string,
): Array<HandlingStep> => {
  const steps: Array<HandlingStep> = []
  const department = profile.department
  const head = staff.heads[department]
  const handlers = staff.handlers[department]
  const rootCause = random.weighted<string>(profile.causes)
  const onTheSpot = random.uniform() < 0.22
  const acknowledgedAt = businessAfter(receivedAt, onTheSpot ? 3 : minutesAround(random, 14, 0.9))
  let resolver: string = receivedBy
  let resolvedAt: number
  if (onTheSpot) {
    steps.push({ kind: "acknowledge", at: acknowledgedAt, by: receivedBy, onTheSpot: true })
    resolvedAt = businessAfter(acknowledgedAt, minutesAround(random, 8, 0.5))
  } else {
    steps.push({
      kind: "acknowledge",
      at: acknowledgedAt,
      by: receivedBy,
      onTheSpot: false,
      committedResolutionAt: businessAfter(receivedAt, 16 * 60),
    })
    const routedAt = businessAfter(acknowledgedAt, 2)
    steps.push({ kind: "route", at: routedAt, by: receivedBy })
    resolver = random.pick<string>(handlers)
    const assignedAt = businessAfter(routedAt, minutesAround(random, 20, 0.6))
    steps.push({ kind: "assign", at: assignedAt, by: head, assignee: resolver })
    const startedAt = businessAfter(assignedAt, minutesAround(random, 25, 0.6))
    steps.push({ kind: "start", at: startedAt, by: resolver })
    // Resolution: a median of about five business hours, a long tail past the target.
    const workMinutes = minutesAround(random, 300, 0.85)
    // An update every six business hours of work, the normal SLA asks one every eight;
    // one handler in ten forgets them.
    const forgets = random.uniform() < 0.1
    for (let done = 360; done < workMinutes && !forgets; done += 360)
      steps.push({ kind: "update", at: businessAfter(startedAt, done), by: resolver })
    resolvedAt = businessAfter(startedAt, workMinutes)
  }
  steps.push({
    kind: "resolve",
    at: resolvedAt,
    by: resolver,
    outcome: onTheSpot ? "solved on the spot" : "solved",
    rootCause,
  })
  // Care staff follow most complaints up (CMP-11): one call in twelve does not reach
  // the customer and is tried again the next working day; one in ten finds the problem
  // unsolved, which reopens the complaint for another round of work.
  if (random.uniform() < 0.86) {
    const caller = random.pick(staff.care)
    let calledAt = businessAfter(resolvedAt, minutesAround(random, 6 * 60, 0.7))
    if (random.uniform() < 0.08) calledAt = businessAfter(calledAt, 9 * 60)
    if (random.uniform() < 0.1) {
      steps.push({ kind: "followUp", at: calledAt, by: caller, reached: true, solved: false })
      const updatedAt = businessAfter(calledAt, minutesAround(random, 25, 0.6))
      steps.push({ kind: "update", at: updatedAt, by: resolver })
      resolvedAt = businessAfter(updatedAt, minutesAround(random, 240, 0.6))
      steps.push({
        kind: "resolve",
        at: resolvedAt,
        by: resolver,
        outcome: "solved at the second attempt",
        rootCause,
      })
      calledAt = businessAfter(resolvedAt, minutesAround(random, 6 * 60, 0.7))
    }
    const satisfaction = random.weighted([
      [5, 38],
      [4, 34],
      [3, 16],
      [2, 8],
      [1, 4],
    ] as const)
    steps.push({
      kind: "followUp",
      at: calledAt,
      by: caller,
      reached: true,
      solved: true,
      satisfaction,
    })
    steps.push({ kind: "close", at: businessAfter(calledAt, 5), by: caller })
  }
  return steps.filter((step) => step.at < asOf)
}

/** Moves an instant into the desk's day: complaints arrive between 08:00 and 20:00 Shanghai time. */
const intoTheDay = (random: Random, instant: number) => {
  const shanghaiMidnight = instant - ((instant + 8 * HOUR) % DAY)
  return shanghaiMidnight + 8 * HOUR + Math.floor(random.uniform() * 12 * 60) * MINUTE
}

/** Generates the company; the same options always give the same company. */
export const generateCompany = (options: CompanyOptions = defaultOptions): Company => {
  const history = generateHistory(options.seed, options.customers)
  // Its own stream, so the orders stay those of `generateHistory` whatever is drawn here.
  const random = seeded(options.seed ^ 0x5eed_c0de)
  const contacts = new Map<string, { name: string; phone: string }>()
  for (const [index, customer] of history.customers.entries())
    contacts.set(customer.id, {
      name: `${random.pick(givenNames)} ${random.pick(surnames)}`,
      phone: `+86 21 5${String(1_000_000 + index).slice(1)}`,
    })

  const drafts: Array<Omit<ComplaintStory, "idempotencyKey">> = []
  const draft = (
    customerId: string,
    receivedAt: number,
    profile: Profile,
    order: Order | undefined,
    problemKey: string,
  ) => {
    const receivedBy = random.pick(staff.frontDesk)
    const contact = contacts.get(customerId) ?? { name: "Unknown", phone: "+86 21 50000000" }
    drafts.push({
      customerId,
      receivedAt,
      channel: random.weighted([
        ["hotline", 35],
        ["email", 25],
        ["webForm", 20],
        ["inPerson", 10],
        ["chat", 10],
      ] as const),
      category: profile.category,
      ...(order === undefined ? {} : { orderId: order.orderId }),
      problemKey,
      contact,
      description: profile.description,
      receivedBy,
      steps: handlingSteps(random, profile, receivedAt, receivedBy),
    })
  }
  const pickProfile = () =>
    random.weighted<Profile>(categoryProfiles.map((profile) => [profile, profile.weight]))

  // About one order in twenty-five leads to a complaint within ten days of it; one
  // complaint in eight comes back about the same problem within three weeks.
  for (const order of history.orders) {
    if (random.uniform() >= 0.04) continue
    const profile = pickProfile()
    const receivedAt = intoTheDay(random, order.at + Math.floor(random.uniform() * 10) * DAY)
    if (receivedAt >= asOf) continue
    const problemKey = `${profile.category}:${order.orderId}`
    draft(order.customerId, receivedAt, profile, order, problemKey)
    if (random.uniform() < 0.12) {
      const again = intoTheDay(random, receivedAt + (2 + Math.floor(random.uniform() * 18)) * DAY)
      if (again < asOf) draft(order.customerId, again, profile, order, problemKey)
    }
  }
  drafts.sort((a, b) => a.receivedAt - b.receivedAt || (a.customerId < b.customerId ? -1 : 1))
  const complaints = drafts.map((story, i) => ({
    idempotencyKey: `desk-${String(i + 1).padStart(5, "0")}`,
    ...story,
  }))
  return { options, history, contacts, complaints }
}
