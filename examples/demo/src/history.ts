/**
 * Two years of a mid-size office-supplies distributor in Shanghai, generated from a
 * seed so that every run — the demo's segmentation step and the guides' pictures —
 * sees the same customers and the same orders: 2,000 business customers, about
 * 20,000 orders over 2023 and 2024, eight product categories with their own margins,
 * order counts and order values with heavy tails, customers registered without ever
 * buying, and customers whose buying changes between the years (some grow, some
 * shrink, some stop, some arrive in 2024).
 */
import { Period } from "@clientele/core"
import { seeded } from "./company/random.js"

/** The demo's zone: every date of the history is a date in Shanghai. */
export const zone = "Asia/Shanghai"
export const currency = "CNY"
export const years = [2023, 2024] as const
export type Year = (typeof years)[number]

/** The statistics period of a year: the calendar year in Shanghai (SEG-3's default). */
export const yearPeriod = (year: Year): Period.Period =>
  Period.make(`${year}-01-01`, `${year + 1}-01-01`, zone)

/** The quarters of a year in Shanghai, labelled `2024-Q1` … `2024-Q4`. */
export const quartersOf = (year: Year): ReadonlyArray<{ label: string; period: Period.Period }> =>
  [1, 4, 7, 10].map((month, k) => ({
    label: `${year}-Q${k + 1}`,
    period: Period.make(
      `${year}-${String(month).padStart(2, "0")}-01`,
      month === 10 ? `${year + 1}-01-01` : `${year}-${String(month + 3).padStart(2, "0")}-01`,
      zone,
    ),
  }))

/** The catalogue: eight categories and the gross margin each one earns. */
export const categories = [
  { name: "paper", margin: 0.12 },
  { name: "printers", margin: 0.09 },
  { name: "toner", margin: 0.28 },
  { name: "furniture", margin: 0.22 },
  { name: "it-accessories", margin: 0.3 },
  { name: "cleaning", margin: 0.25 },
  { name: "pantry", margin: 0.15 },
  { name: "stationery", margin: 0.35 },
] as const

/** One order, in the shape `Summary.Transaction` decodes (amounts in fen). */
export interface Order {
  readonly orderId: string
  readonly customerId: string
  readonly at: number
  readonly revenue: { readonly amount: number; readonly currency: string }
  readonly contribution: { readonly amount: number; readonly currency: string }
  readonly category: string
}

export interface History {
  /** Every customer with the year it was registered in the customer register. */
  readonly customers: ReadonlyArray<{ readonly id: string; readonly registered: Year }>
  /** Every order of both years, in time order. */
  readonly orders: ReadonlyArray<Order>
}

/** The customers on the register by the end of `year`: the period's population besides buyers. */
export const registeredBy = (history: History, year: Year): Array<string> =>
  history.customers.filter((customer) => customer.registered <= year).map(({ id }) => id)

/** The orders placed in `year` (in Shanghai time). */
export const ordersOf = (history: History, year: Year): Array<Order> => {
  const period = yearPeriod(year)
  const start = Period.startInstant(period)
  const end = Period.endInstant(period)
  return history.orders.filter((order) => order.at >= start && order.at < end)
}

/** Generates the history; the same seed always gives the same history. */
export const generateHistory = (seed = 2024, customerCount = 2_000): History => {
  const { uniform: random, normal, poisson } = seeded(seed)

  const customers: Array<{ id: string; registered: Year }> = []
  const drafts: Array<Omit<Order, "orderId">> = []
  for (let c = 0; c < customerCount; c++) {
    const id = `cus_${String(c + 1).padStart(4, "0")}`
    const newIn2024 = random() < 0.12
    const registered: Year = newIn2024 ? 2024 : 2023
    customers.push({ id, registered })
    // Registered, never bought: a prospect signed up at a trade fair.
    if (random() < 0.06) continue
    // Orders per year: a Pareto tail (most customers order a few times, a few order weekly).
    const rate = Math.min(120, 2.7 * (1 - random()) ** (-1 / 2))
    // Average order value: log-normal around 600 yuan, bigger for frequent buyers.
    const basket = 60_000 * Math.exp(0.7 * normal()) * (1 + Math.log1p(rate) / 4)
    // How many categories the customer buys from, and which, the first one most often.
    const breadth = Math.min(categories.length, 1 + Math.floor(-Math.log(1 - random()) * 1.6))
    const offset = Math.floor(random() * categories.length)
    const step = 1 + 2 * Math.floor(random() * 3)
    const mine = Array.from(
      { length: breadth },
      (_, k) => categories[(offset + k * step) % categories.length] ?? categories[0],
    )
    // How 2024 differs from 2023: most keep their pace, some grow, shrink or stop.
    const change = random()
    const factor2024 =
      change < 0.12
        ? 2 + 2 * random()
        : change < 0.24
          ? 0.15 + 0.25 * random()
          : change < 0.29
            ? 0
            : Math.exp(0.25 * normal())
    for (const year of years) {
      if (year < registered) continue
      const mean = year === 2023 ? rate : newIn2024 ? rate : rate * factor2024
      const count = poisson(mean)
      const period = yearPeriod(year)
      const start = Period.startInstant(period)
      const span = Period.endInstant(period) - start
      for (let o = 0; o < count; o++) {
        const category =
          random() < 0.55 ? mine[0] : (mine[Math.floor(random() * mine.length)] ?? mine[0])
        const { name, margin } = category ?? categories[0]
        const amount = Math.max(500, Math.round(basket * Math.exp(0.45 * normal())))
        const contribution = Math.round(amount * margin * (0.7 + 0.6 * random()))
        drafts.push({
          customerId: id,
          // To the minute, at any time of the Shanghai year.
          at: start + Math.floor((random() * span) / 60_000) * 60_000,
          revenue: { amount, currency },
          contribution: { amount: contribution, currency },
          category: name,
        })
      }
    }
  }
  drafts.sort((a, b) => a.at - b.at || (a.customerId < b.customerId ? -1 : 1))
  const orders = drafts.map((draft, i) => ({
    orderId: `ord_${String(i + 1).padStart(6, "0")}`,
    ...draft,
  }))
  return { customers, orders }
}
