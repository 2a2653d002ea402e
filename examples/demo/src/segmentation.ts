/*
 * Segmentation (SEG-1 … SEG-6) and the loyalty matrix (LOY-1 … LOY-4): two years of
 * an office-supplies distributor in Shanghai (`./history.ts`, seeded), recorded in a
 * store and classified year by year by the `Segmentation` service, then read back —
 * tiers and their moves, ABCD classes with their service time, service standards,
 * RFM segments, cultivation candidates, SEG-2's refusals — and placed in the loyalty
 * matrix for both years.
 */
import { Ids } from "@clientele/core"
import { Loyalty, Transition } from "@clientele/loyalty"
import { Classification, Cultivation, Policy, Segmentation, Summary } from "@clientele/segmentation"
import { MemoryStore } from "@clientele/store"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import {
  categories,
  currency,
  generateHistory,
  type History,
  ordersOf,
  registeredBy,
  type Year,
  yearPeriod,
  years,
} from "./history.js"

const tenant = Ids.TenantId.make("demo-company")

/** The account managers' time for a year: 2,000 hours, shared over the ABCD classes (SEG-4). */
const serviceBudgetMinutes = 120_000

const grouped = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",")
/** An amount in fen, shown in whole yuan. */
const yuan = (fen: number) => `${grouped(Math.round(fen / 100))} CNY`
/** An amount in fen, shown to the fen. */
const exact = (fen: number) =>
  `${grouped(Math.trunc(fen / 100))}.${String(Math.abs(fen) % 100).padStart(2, "0")} CNY`
/** A share to one decimal, rounded half up (exact for the counts shown). */
const percent = (part: number, whole: number) =>
  `${(whole === 0 ? 0 : Math.round((1000 * part) / whole) / 10).toFixed(1)} %`
const plural = (n: number, word: string) => `${grouped(n)} ${word}${n === 1 ? "" : "s"}`
const countsLine = (names: ReadonlyArray<string>, counts: ReadonlyArray<number>) =>
  names.map((name, k) => `${name} ${grouped(counts[k] ?? 0)}`).join(", ")

/** A period's summaries from the history's orders, with the register as the population. */
const summariesOf = (history: History, year: Year) =>
  Summary.fromTransactions(ordersOf(history, year), {
    period: yearPeriod(year),
    currency,
    customers: registeredBy(history, year),
  })

const program = Effect.gen(function* () {
  const segmentation = yield* Segmentation.Segmentation
  const history = generateHistory()
  const policy = yield* segmentation.savePolicy(tenant, { version: "tiers-v1", currency })
  yield* segmentation.recordTransactions(tenant, history.orders)
  console.log(
    `\nSegmentation: an office-supplies distributor in Shanghai, ${grouped(history.customers.length)} customers and ${grouped(history.orders.length)} orders in ${categories.length} categories over 2023 and 2024, classified year by year by policy ${policy.version} (${policy.tiers.name}).`,
  )

  // SEG-1, SEG-3: each calendar year from its own orders, with the register as population.
  for (const year of years) {
    const run = yield* segmentation.classifyPeriod(tenant, {
      period: yearPeriod(year),
      policyVersion: policy.version,
      customers: registeredBy(history, year),
      serviceBudgetMinutes,
    })
    console.log(
      `  tiers in ${year}: ${countsLine(Object.keys(run.tierCounts), Object.values(run.tierCounts))} (${grouped(run.customers)} customers)`,
    )
  }

  const period = yearPeriod(2024)
  const changes = yield* segmentation.changes(tenant, period)
  const up = changes.filter((change) => change.direction === "up")
  const down = changes.filter((change) => change.direction === "down")
  const entered = changes.length - up.length - down.length
  console.log(
    `  2023 → 2024 (SEG-3): ${up.length} moved up, ${down.length} moved down, ${entered} new to the population; for instance`,
  )
  const examples = [
    up.find((change) => change.from === "general" && change.to === "major"),
    down.find((change) => change.from === "major" && change.to === "general"),
  ]
  for (const change of examples) {
    if (change === undefined || change.previousFigures === null) continue
    const was = change.previousFigures
    const now = change.figures
    console.log(
      `    ${change.customerId} ${change.from} → ${change.to}: ${plural(was.orders, "order")}, ${yuan(was.contribution.amount)} contribution in 2023; ${plural(now.orders, "order")}, ${yuan(now.contribution.amount)} in 2024`,
    )
  }

  // SEG-4: the stored results carry each customer's class, figures and minutes.
  const results = yield* segmentation.results(tenant, period)
  const classes = policy.abcd.classes.map((abcd) => {
    const members = results.filter((result) => result.abcd === abcd.name)
    const minutes = members.map((result) => result.serviceMinutes ?? 0)
    return {
      name: abcd.name,
      customers: members.length,
      contribution: members.reduce((sum, result) => sum + result.figures.contribution.amount, 0),
      least: Math.min(...minutes),
      most: Math.max(...minutes),
    }
  })
  const total = classes.reduce((sum, abcd) => sum + abcd.contribution, 0)
  console.log(
    `  ABCD in 2024 (SEG-4), ${grouped(serviceBudgetMinutes)} minutes of service time shared 40/30/20/10:`,
  )
  for (const abcd of classes)
    console.log(
      `    ${abcd.name}  ${String(abcd.customers).padStart(4)} customers (${percent(abcd.customers, results.length)})  ${percent(abcd.contribution, total).padStart(6)} of contribution  ${abcd.least === abcd.most ? abcd.least : `${abcd.least}–${abcd.most}`} minutes each`,
    )

  // SEG-5: the service standard of each tier is data of the policy.
  console.log("  service standards per year (SEG-5):")
  for (const [tier, standard] of Policy.standards(policy)) {
    const { discountPercent, gift } = standard.holidayOffer
    console.log(
      `    ${tier.padEnd(10)} ${plural(standard.visitsPerPeriod, "visit")}, ${plural(standard.contactsPerPeriod, "contact")}, ${discountPercent} % off at holidays${gift === undefined ? "" : ` and a ${gift}`}`,
    )
  }

  // SEG-6: the pure classification of the same orders gives the candidates.
  const summaries = yield* summariesOf(history, 2024)
  const classification = yield* Classification.classifyPeriod(summaries, policy)
  const majorCut = classification.tiers.thresholds[0]?.contribution
  const candidates = Cultivation.candidates(classification)
  console.log(
    `  cultivation (SEG-6): major takes at least 2 orders and more than ${exact(majorCut?.bound ?? 0)} contribution (the top 20 % of 2024's buyers); ${candidates.length} general customers are within ${policy.cultivationWithinPercent} % of it, the closest:`,
  )
  for (const candidate of candidates.slice(0, 5)) {
    const has = candidate.figures
    const { orders, contribution } = candidate.gap
    console.log(
      `    ${candidate.customerId}  ${plural(has.orders, "order")}, ${exact(has.contribution.amount)}: needs ${orders === 0 ? "" : `${plural(orders, "order")} and `}${exact(contribution.amount)} more (${(100 * candidate.closeness).toFixed(1)} % short)`,
    )
  }

  const segments = new Map<string, number>()
  for (const result of results)
    segments.set(result.rfm.segment, (segments.get(result.rfm.segment) ?? 0) + 1)
  console.log(
    `  RFM segments in 2024: ${[...segments]
      .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
      .map(([segment, count]) => `${segment} ${count}`)
      .join(", ")}`,
  )
  const stars = Classification.classifyTiers(summaries, Policy.stars)
  console.log(`  the same 2024 in stars: ${countsLine(stars.names, stars.counts)}`)

  // SEG-2: one policy per period, and no tier set by hand.
  const starsPolicy = yield* segmentation.savePolicy(tenant, {
    version: "stars-v1",
    currency,
    tiers: Policy.stars,
  })
  const inForce = yield* Effect.flip(
    segmentation.classifyPeriod(tenant, { period, policyVersion: starsPolicy.version }),
  )
  console.log(
    `  classifying 2024 again by ${starsPolicy.version}: ${inForce._tag}: ${inForce.message}`,
  )
  const override = yield* Effect.flip(
    segmentation.overrideTier(tenant, {
      period,
      customerId: "cus_0042",
      tier: "major",
      by: "s-chen",
    }),
  )
  console.log(`  setting a tier by hand: ${override._tag}: ${override.message}`)

  // LOY-1 … LOY-4: the default policy splits both axes at the median; dependence is
  // category breadth, the share of the categories met in the period that a customer bought.
  const loyalty = {
    2023: yield* Loyalty.classifyPeriod(yield* summariesOf(history, 2023), Loyalty.defaultPolicy),
    2024: yield* Loyalty.classifyPeriod(summaries, Loyalty.defaultPolicy),
  }
  const now = loyalty[2024]
  const counts = Loyalty.counts(now)
  const n = now.types.length
  const cell = (type: Loyalty.LoyaltyType) =>
    `${type.padEnd(9)}${String(counts[type]).padStart(5)} (${percent(counts[type], n)})`.padEnd(26)
  console.log(
    `\nLoyalty matrix in 2024 (LOY-1, LOY-2): high frequency is more than ${plural(now.thresholds.frequency.bound, "order")}, high dependence more than ${Math.round(now.thresholds.dependence.bound * summaries.categories.length)} of the ${summaries.categories.length} categories (median splits, ties down)`,
  )
  console.log(`                     ${"low frequency".padEnd(26)}high frequency`)
  console.log(`    high dependence  ${cell("latent")}${cell("high")}`.trimEnd())
  console.log(`    low dependence   ${cell("zero")}${cell("inertial")}`.trimEnd())
  console.log("  service policy per quadrant (LOY-3):")
  for (const type of ["high", "latent", "inertial", "zero"] as const) {
    const service = Loyalty.servicePolicyOf(Loyalty.defaultPolicy, type)
    console.log(
      `    ${type.padEnd(9)} ${service.headline}${service.priceSensitive ? " (price-sensitive)" : ""}, ${service.investment} investment`,
    )
  }
  const movement = yield* Transition.between(loyalty[2023], now)
  console.log(
    `  2023 → 2024 (LOY-4): ${grouped(Transition.stayed(movement))} customers in both years (rows 2023, columns 2024), ${movement.entered} entered, ${movement.left} left`,
  )
  console.log(`    ${"".padEnd(9)}${Loyalty.loyaltyTypes.map((type) => type.padStart(9)).join("")}`)
  Loyalty.loyaltyTypes.forEach((type, from) => {
    const row = movement.matrix[from] ?? []
    console.log(`    ${type.padEnd(9)}${row.map((count) => String(count).padStart(9)).join("")}`)
  })
})

/** The segmentation step of the demo, over a store of its own. */
export const segmentationDemo = (): Promise<void> =>
  Effect.runPromise(
    Effect.provide(program, Segmentation.layer.pipe(Layer.provide(MemoryStore.layer))),
  )
