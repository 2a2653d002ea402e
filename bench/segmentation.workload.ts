/**
 * The workload of `segmentation.bench.ts`, run in a process of its own (the bench
 * spawns Node on this file with its own flags) so that the process's peak resident
 * set is the workload's alone. It generates the transactions, builds the period
 * summaries, classifies them, then compares ABCD classes and three tiers with the
 * same classification done by SQL window functions in SQLite, and prints one JSON
 * line (a {@link WorkloadResult}) on stdout. `--quick` runs the smaller workload.
 *
 * The transactions (seeded, so every run sees the same data):
 *
 * - customers `cus-0000001` …; 5 % of them are registered without a purchase (in
 *   the customer list, never drawn);
 * - each buying customer's order count is drawn from a Pareto law (exponent 0.9)
 *   truncated at 3,000 orders, then the counts above one are scaled so that they
 *   add up to the number of transactions exactly: about half the buyers order once,
 *   a few hundred order more than a thousand times; the customer column is then
 *   shuffled;
 * - instants over the calendar year 2024 in Europe/Berlin, days weighted by season
 *   (December busiest) and weekday (Sundays quiet), any millisecond from 06:00 to
 *   midnight local time with most around mid-afternoon; 2 % fall in December 2023
 *   and 2 % in January 2025, outside the period;
 * - one of 12 categories: 60 % of a customer's purchases in its favourite category,
 *   the others by popularity;
 * - revenue in euro cents, lognormal around the category's median basket (σ = 0.9),
 *   between 0.99 € and 25,000 €; contribution = revenue × a margin of 10–45 %
 *   (the category's margin ± 5 points).
 */
import { performance } from "node:perf_hooks"
import { Civil, Period } from "@clientele/core"
import { Loyalty } from "@clientele/loyalty"
import { Classification, Policy, Summary } from "@clientele/segmentation"
import Database from "better-sqlite3"
import * as Either from "effect/Either"
import { settleHeap } from "./harness.js"

/** What the workload prints (times in milliseconds, memory in bytes). */
export interface WorkloadResult {
  readonly quick: boolean
  readonly data: {
    readonly customers: number
    readonly registeredWithoutPurchase: number
    readonly transactions: number
    readonly outsidePeriod: number
    readonly categories: number
    readonly oneOrderShare: number
    readonly maxOrders: number
    /** The share of the transactions made by the top 1 % of buyers by order count. */
    readonly topPercentShare: number
    readonly generateMs: number
  }
  readonly summaries: {
    readonly oursMs: number
    readonly oursSamples: ReadonlyArray<number>
    readonly loopMs: number
    readonly loopSamples: ReadonlyArray<number>
    readonly activeCustomers: number
  }
  readonly classification: {
    readonly totalMs: number
    readonly totalSamples: ReadonlyArray<number>
    readonly periodMs: number
    readonly starsMs: number
    readonly loyaltyMs: number
    /** classifyPeriod's parts, each timed on its own. */
    readonly tiersMs: number
    readonly abcdMs: number
    readonly rfmMs: number
    readonly sortMs: number
    readonly tiers: Readonly<Record<string, number>>
    readonly stars: Readonly<Record<string, number>>
    readonly abcd: Readonly<Record<string, number>>
    readonly loyalty: Readonly<Record<string, number>>
  }
  readonly memory: {
    readonly baseline: number
    readonly afterGenerate: number
    readonly afterFirstPass: number
    readonly beforeSqlite: number
    readonly columnBytes: number
  }
  readonly sqlite: {
    readonly loadMs: number
    readonly queryMs: number
    readonly querySamples: ReadonlyArray<number>
    readonly oursMs: number
    readonly oursSamples: ReadonlyArray<number>
    readonly rows: number
    readonly agreed: number
  }
}

const quick = process.argv.includes("--quick")
const CUSTOMERS = quick ? 100_000 : 1_000_000
const TRANSACTIONS = quick ? 1_000_000 : 10_000_000
const SEED = 0x5e6_2024
const zone = "Europe/Berlin"
const period = Period.make("2024-01-01", "2025-01-01", zone)

const peakRss = () => process.resourceUsage().maxRSS * 1024

// ---------------------------------------------------------------------------
// Random numbers.

/** mulberry32: a small seeded generator, values in [0, 1). */
const mulberry32 = (seed: number) => {
  let state = seed >>> 0
  return (): number => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

/** Standard normal deviates by Box–Muller, two per pair of uniforms. */
const normals = (random: () => number) => {
  let spare = Number.NaN
  return (): number => {
    if (!Number.isNaN(spare)) {
      const value = spare
      spare = Number.NaN
      return value
    }
    const radius = Math.sqrt(-2 * Math.log(1 - random()))
    const angle = 2 * Math.PI * random()
    spare = radius * Math.sin(angle)
    return radius * Math.cos(angle)
  }
}

/** Draws an index by weights through their cumulative sums (binary search). */
const picker = (weights: ReadonlyArray<number>, random: () => number) => {
  const cumulative = new Float64Array(weights.length)
  let total = 0
  weights.forEach((weight, i) => {
    total += weight
    cumulative[i] = total
  })
  return (): number => {
    const target = random() * total
    let lo = 0
    let hi = cumulative.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if ((cumulative[mid] as number) > target) hi = mid
      else lo = mid + 1
    }
    return lo
  }
}

// ---------------------------------------------------------------------------
// The transactions.

/** name, popularity, median basket (cents), margin */
const categoryTable: ReadonlyArray<readonly [string, number, number, number]> = [
  ["groceries", 22, 3_800, 0.14],
  ["beverages", 14, 2_400, 0.2],
  ["household", 11, 2_900, 0.25],
  ["personal care", 10, 2_100, 0.32],
  ["stationery", 6, 1_500, 0.4],
  ["toys", 6, 3_500, 0.34],
  ["clothing", 9, 6_500, 0.4],
  ["shoes", 5, 8_900, 0.38],
  ["garden", 5, 4_900, 0.3],
  ["electronics", 6, 19_000, 0.15],
  ["furniture", 3, 34_000, 0.28],
  ["gift cards", 3, 5_000, 0.12],
]

const monthWeight = [0.85, 0.85, 0.95, 1, 1, 0.95, 0.9, 0.9, 1, 1.05, 1.3, 1.6]
const weekdayWeight = [1, 1, 1, 1.05, 1.2, 1.25, 0.35] // Monday … Sunday

const generate = () => {
  const random = mulberry32(SEED)
  const normal = normals(random)
  const customers = Array.from(
    { length: CUSTOMERS },
    (_, c) => `cus-${String(c + 1).padStart(7, "0")}`,
  )

  // Order counts: 5 % registered without a purchase; the buyers' counts from a
  // Pareto law truncated at `cap`, the counts above one scaled to the exact total.
  const exponent = 0.9
  const cap = 3_000
  const tail = 1 - cap ** -exponent
  const orders = new Int32Array(CUSTOMERS)
  let buyers = 0
  let drawn = 0
  for (let c = 0; c < CUSTOMERS; c++) {
    if (random() < 0.05) continue
    const count = Math.floor((1 - random() * tail) ** (-1 / exponent))
    orders[c] = count
    buyers++
    drawn += count
  }
  const factor = (TRANSACTIONS - buyers) / (drawn - buyers)
  let total = 0
  for (let c = 0; c < CUSTOMERS; c++) {
    const count = orders[c] as number
    if (count === 0) continue
    const scaled = 1 + Math.floor((count - 1) * factor + random())
    orders[c] = scaled
    total += scaled
  }
  while (total !== TRANSACTIONS) {
    const c = Math.floor(random() * CUSTOMERS)
    const count = orders[c] as number
    if (total < TRANSACTIONS && count > 0) {
      orders[c] = count + 1
      total++
    } else if (total > TRANSACTIONS && count > 1) {
      orders[c] = count - 1
      total--
    }
  }

  // The customer column: each buyer repeated by its count, shuffled.
  const customer = new Int32Array(TRANSACTIONS)
  let k = 0
  for (let c = 0; c < CUSTOMERS; c++) {
    for (let j = orders[c] as number; j > 0; j--) customer[k++] = c
  }
  for (let i = TRANSACTIONS - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    const swap = customer[i] as number
    customer[i] = customer[j] as number
    customer[j] = swap
  }

  // Days: December 2023 and January 2025 (2 % each, outside), and 2024 by weight.
  const dayStart = (day: number) =>
    Period.startInstant(Period.make(Civil.format(day), Civil.format(day + 1), zone))
  const firstDay = Civil.dayNumberOf(2023, 12, 1)
  const yearStart = Civil.dayNumberOf(2024, 1, 1)
  const yearEnd = Civil.dayNumberOf(2025, 1, 1)
  const lastDay = Civil.dayNumberOf(2025, 2, 1)
  const starts = new Float64Array(lastDay - firstDay)
  for (let day = firstDay; day < lastDay; day++) starts[day - firstDay] = dayStart(day)
  const yearDays: Array<number> = []
  for (let day = yearStart; day < yearEnd; day++) {
    const { month } = Civil.fieldsOf(day)
    yearDays.push(
      (monthWeight[month - 1] as number) * (weekdayWeight[Civil.weekdayOf(day) - 1] as number),
    )
  }
  const pickDay = picker(yearDays, random)
  const before = yearStart - firstDay
  const after = lastDay - yearEnd

  const categories = categoryTable.map(([name]) => name)
  const pickCategory = picker(
    categoryTable.map(([, popularity]) => popularity),
    random,
  )
  const favourite = new Uint8Array(CUSTOMERS)
  for (let c = 0; c < CUSTOMERS; c++) favourite[c] = pickCategory()
  const medians = categoryTable.map(([, , median]) => median)
  const margins = categoryTable.map(([, , , margin]) => margin)

  const at = new Float64Array(TRANSACTIONS)
  const revenue = new Int32Array(TRANSACTIONS)
  const contribution = new Int32Array(TRANSACTIONS)
  const category = new Uint8Array(TRANSACTIONS)
  let outside = 0
  for (let i = 0; i < TRANSACTIONS; i++) {
    const place = random()
    let day: number
    if (place < 0.02) {
      day = Math.floor(random() * before)
      outside++
    } else if (place < 0.04) {
      day = before + yearDays.length + Math.floor(random() * after)
      outside++
    } else {
      day = before + pickDay()
    }
    // 06:00 to midnight, most around 15:00 (the mean of two uniforms).
    const local = 6 * 3_600_000 + Math.floor(((random() + random()) / 2) * 18 * 3_600_000)
    at[i] = (starts[day] as number) + local
    const k =
      random() < 0.6 ? (favourite[customer[i] as number] as number) : (pickCategory() as number)
    category[i] = k
    const amount = Math.round((medians[k] as number) * Math.exp(0.9 * normal()))
    const r = Math.min(2_500_000, Math.max(99, amount))
    revenue[i] = r
    const margin = Math.min(0.45, Math.max(0.1, (margins[k] as number) + (random() - 0.5) * 0.1))
    contribution[i] = Math.round(r * margin)
  }

  // Figures of the data, for the notes.
  let oneOrder = 0
  let maxOrders = 0
  const counts: Array<number> = []
  for (let c = 0; c < CUSTOMERS; c++) {
    const count = orders[c] as number
    if (count === 1) oneOrder++
    if (count > maxOrders) maxOrders = count
    if (count > 0) counts.push(count)
  }
  counts.sort((a, b) => b - a)
  let topOrders = 0
  for (let i = 0; i < Math.floor(counts.length / 100); i++) topOrders += counts[i] as number

  return {
    columns: { customers, customer, at, revenue, contribution, categories, category },
    figures: {
      customers: CUSTOMERS,
      registeredWithoutPurchase: CUSTOMERS - buyers,
      transactions: TRANSACTIONS,
      outsidePeriod: outside,
      categories: categories.length,
      oneOrderShare: oneOrder / buyers,
      maxOrders,
      topPercentShare: topOrders / TRANSACTIONS,
    },
  }
}

// ---------------------------------------------------------------------------
// Timing.

const median = (values: ReadonlyArray<number>) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? 0
}

/** Milliseconds of each of `samples` runs of `work` after `warmup` runs, the heap settled before each. */
const timed = (
  work: () => void,
  options: { readonly samples: number; readonly warmup: number },
): { readonly median: number; readonly samples: ReadonlyArray<number> } => {
  for (let i = 0; i < options.warmup; i++) work()
  const samples: Array<number> = []
  for (let i = 0; i < options.samples; i++) {
    settleHeap()
    const start = performance.now()
    work()
    samples.push(performance.now() - start)
  }
  return { median: median(samples), samples }
}

const right = <A>(result: Either.Either<A, unknown>, what: string): A => {
  if (Either.isLeft(result)) throw new Error(`${what}: ${String(result.left)}`)
  return result.right
}

const tally = (names: ReadonlyArray<string>, codes: Uint8Array): Record<string, number> => {
  const counts = new Float64Array(names.length)
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i] as number
    counts[code] = (counts[code] as number) + 1
  }
  return Object.fromEntries(names.map((name, k) => [name, counts[k] as number]))
}

// ---------------------------------------------------------------------------
// The run.

const memoryBaseline = peakRss()
const generateStart = performance.now()
const { columns, figures } = generate()
const generateMs = performance.now() - generateStart
settleHeap()
const afterGenerate = peakRss()
const columnBytes =
  columns.customer.byteLength +
  columns.at.byteLength +
  columns.revenue.byteLength +
  columns.contribution.byteLength +
  columns.category.byteLength

const options = { period, currency: "EUR" }
const summarise = () => right(Summary.fromColumns(columns, options), "Summary.fromColumns")

// The first pass: summaries and every classification once (the workload's memory).
let summaries = summarise()
const policy = right(Policy.make({ version: "bench-2024", currency: "EUR" }), "Policy.make")
const loyaltyPolicy = right(Loyalty.makePolicy(), "Loyalty.makePolicy")
// The loyalty classification (default policy: median splits, category breadth).
const classifyLoyalty = () => right(Loyalty.classifyPeriod(summaries, loyaltyPolicy), "loyalty")
const classifyAll = () => ({
  period: right(Classification.classifyPeriod(summaries, policy), "classifyPeriod"),
  stars: Classification.classifyTiers(summaries, Policy.stars),
  loyalty: classifyLoyalty(),
})
let classified = classifyAll()
const afterFirstPass = peakRss()

// Period summaries against the bare loop that sums revenue per customer.
const ours = timed(
  () => {
    summaries = summarise()
  },
  { samples: 5, warmup: 1 },
)
const sums = new Float64Array(columns.customers.length)
const loop = timed(
  () => {
    const { customer, revenue } = columns
    sums.fill(0)
    for (let i = 0; i < customer.length; i++) {
      const c = customer[i] as number
      sums[c] = (sums[c] as number) + (revenue[i] as number)
    }
  },
  { samples: 5, warmup: 1 },
)

// The summaries checked against a plain loop over the in-period transactions.
{
  const start = Period.startInstant(period)
  const end = Period.endInstant(period)
  const orders = new Int32Array(columns.customers.length)
  sums.fill(0)
  for (let i = 0; i < columns.customer.length; i++) {
    const t = columns.at[i] as number
    if (t < start || t >= end) continue
    const c = columns.customer[i] as number
    orders[c] = (orders[c] as number) + 1
    sums[c] = (sums[c] as number) + (columns.revenue[i] as number)
  }
  if (summaries.customerIds.length !== columns.customers.length)
    throw new Error(`${summaries.customerIds.length} summaries for ${columns.customers.length}`)
  for (let c = 0; c < columns.customers.length; c++) {
    if (
      summaries.customerIds[c] !== columns.customers[c] ||
      summaries.orders[c] !== orders[c] ||
      summaries.revenue[c] !== sums[c]
    )
      throw new Error(
        `the summary of ${columns.customers[c]} (${summaries.customerIds[c]}: ${summaries.orders[c]} orders, ${summaries.revenue[c]}) ` +
          `differs from the loop's (${orders[c]} orders, ${sums[c]})`,
      )
  }
}
let activeCustomers = 0
for (let c = 0; c < summaries.orders.length; c++)
  if ((summaries.orders[c] as number) > 0) activeCustomers++

// Classification: all of it as one figure, then each part.
const samples = { samples: 7, warmup: 3 }
const total = timed(() => {
  classified = classifyAll()
}, samples)
const periodPart = timed(() => {
  right(Classification.classifyPeriod(summaries, policy), "classifyPeriod")
}, samples)
const starsPart = timed(() => {
  Classification.classifyTiers(summaries, Policy.stars)
}, samples)
const loyaltyPart = timed(() => {
  classifyLoyalty()
}, samples)
// classifyPeriod's own parts, each on its own (for the notes).
const tiersPart = timed(() => {
  Classification.classifyTiers(summaries, policy.tiers)
}, samples)
const abcdPart = timed(() => {
  Classification.classifyAbcd(summaries, policy.abcd)
}, samples)
const rfmPart = timed(() => {
  Classification.scoreRfm(summaries, policy.rfm)
}, samples)
// Reference: one full sort of the population's contributions.
const sortPart = timed(() => {
  Float64Array.from(summaries.contribution).sort()
}, samples)

// ABCD + three tiers, ours (compared with SQLite below).
let abcd = Classification.classifyAbcd(summaries, Policy.abcd)
let tiers = Classification.classifyTiers(summaries, Policy.threeTiers)
const abcdTiers = timed(() => {
  abcd = Classification.classifyAbcd(summaries, Policy.abcd)
  tiers = Classification.classifyTiers(summaries, Policy.threeTiers)
}, samples)
const beforeSqlite = peakRss()

// ---------------------------------------------------------------------------
// The same ABCD classes and three tiers by window functions in SQLite.

const abcdShares = Policy.abcd.classes.map((c) => c.customers)
if (abcdShares.join() !== "20,30,30,20")
  throw new Error(`the default ABCD shares are ${abcdShares.join()}: update the query`)
const database = new Database(":memory:")
database.pragma("journal_mode = OFF")
database.exec(
  "CREATE TABLE summary (customer INTEGER PRIMARY KEY, orders INTEGER NOT NULL, contribution INTEGER NOT NULL)",
)
const loadStart = performance.now()
{
  const insert = database.prepare(
    "INSERT INTO summary (customer, orders, contribution) VALUES (?, ?, ?)",
  )
  database.transaction(() => {
    for (let c = 0; c < summaries.orders.length; c++)
      insert.run(c, summaries.orders[c], summaries.contribution[c])
  })()
}
const loadMs = performance.now() - loadStart
// Codes as ours: ABCD 0 = A … 3 = D; tiers 0 = major, 1 = general, 2 = potential.
// `better_or_equal`: customers (itself included) with a contribution at least as high,
// over everyone for ABCD and over the buyers (orders > 0) for the tiers; a customer
// is in the top p % when better_or_equal × 100 ≤ n × p (ties go down).
const query = database
  .prepare(`
    WITH ranked AS (
      SELECT customer, orders,
        COUNT(*) OVER (ORDER BY contribution DESC RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS better_or_equal,
        COUNT(*) OVER () AS n,
        COUNT(*) OVER (PARTITION BY orders > 0 ORDER BY contribution DESC RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS group_better_or_equal,
        COUNT(*) OVER (PARTITION BY orders > 0) AS group_n
      FROM summary
    )
    SELECT customer,
      CASE
        WHEN better_or_equal * 100 <= n * 20 THEN 0
        WHEN better_or_equal * 100 <= n * 50 THEN 1
        WHEN better_or_equal * 100 <= n * 80 THEN 2
        ELSE 3
      END AS abcd,
      CASE
        WHEN orders = 0 THEN 2
        WHEN orders >= 2 AND group_better_or_equal * 100 <= group_n * 20 THEN 0
        ELSE 1
      END AS tier
    FROM ranked`)
  .raw()
let rows: Array<Array<number>> = []
const sqlite = timed(
  () => {
    rows = query.all() as Array<Array<number>>
  },
  { samples: quick ? 5 : 3, warmup: 1 },
)
database.close()

const sameCodes = (a: Uint8Array, b: Uint8Array) =>
  a.length === b.length && a.every((x, i) => x === b[i])
if (
  !sameCodes(classified.period.abcd.classOf, abcd.classOf) ||
  !sameCodes(classified.period.tiers.tier, tiers.tier)
)
  throw new Error("classifyPeriod and classifyAbcd + classifyTiers disagree")
if (rows.length !== summaries.orders.length)
  throw new Error(`SQLite returned ${rows.length} rows for ${summaries.orders.length} customers`)
if (abcd.names.join() !== "A,B,C,D" || tiers.names.join() !== "major,general,potential")
  throw new Error(`unexpected class names ${abcd.names.join()} / ${tiers.names.join()}`)
let agreed = 0
const disagreements: Array<string> = []
for (const [customer, sqlAbcd, sqlTier] of rows) {
  const c = customer as number
  if (abcd.classOf[c] === sqlAbcd && tiers.tier[c] === sqlTier) agreed++
  else if (disagreements.length < 5)
    disagreements.push(
      `${summaries.customerIds[c]} (${summaries.orders[c]} orders, contribution ${summaries.contribution[c]}): ` +
        `ours ${abcd.names[abcd.classOf[c] as number]}/${tiers.names[tiers.tier[c] as number]}, ` +
        `SQLite ${abcd.names[sqlAbcd as number]}/${tiers.names[sqlTier as number]}`,
    )
}
if (agreed !== summaries.orders.length)
  throw new Error(
    `ours and SQLite disagree on ${summaries.orders.length - agreed} customers, e.g. ${disagreements.join("; ")}`,
  )

const result: WorkloadResult = {
  quick,
  data: { ...figures, generateMs },
  summaries: {
    oursMs: ours.median,
    oursSamples: ours.samples,
    loopMs: loop.median,
    loopSamples: loop.samples,
    activeCustomers,
  },
  classification: {
    totalMs: total.median,
    totalSamples: total.samples,
    periodMs: periodPart.median,
    starsMs: starsPart.median,
    loyaltyMs: loyaltyPart.median,
    tiersMs: tiersPart.median,
    abcdMs: abcdPart.median,
    rfmMs: rfmPart.median,
    sortMs: sortPart.median,
    tiers: tally(classified.period.tiers.names, classified.period.tiers.tier),
    stars: tally(classified.stars.names, classified.stars.tier),
    abcd: tally(classified.period.abcd.names, classified.period.abcd.classOf),
    loyalty: tally(classified.loyalty.names, classified.loyalty.types),
  },
  memory: {
    baseline: memoryBaseline,
    afterGenerate,
    afterFirstPass,
    beforeSqlite,
    columnBytes,
  },
  sqlite: {
    loadMs,
    queryMs: sqlite.median,
    querySamples: sqlite.samples,
    oursMs: abcdTiers.median,
    oursSamples: abcdTiers.samples,
    rows: rows.length,
    agreed,
  },
}
process.stdout.write(`${JSON.stringify(result)}\n`)
