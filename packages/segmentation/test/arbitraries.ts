// What the segmentation tests share: unwrapping Eithers, periods whose boundaries
// and DST transitions make dates hard, random populations of transactions, random
// policies (tier schemes, ABCD classes, RFM scoring), and the checks of the tie rule
// that every percentile class of the package obeys.
import { Period } from "@clientele/core"
import * as Arbitrary from "effect/Arbitrary"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import * as Schema from "effect/Schema"
import { expect } from "vitest"
import * as Classification from "../src/Classification.js"
import * as Cut from "../src/Cut.js"
import * as Policy from "../src/Policy.js"
import * as Summary from "../src/Summary.js"

/** The value of a Right; throws, naming the Left, otherwise. */
export const right = <A, E>(result: Either.Either<A, E>): A => {
  if (Either.isLeft(result)) throw new Error(`expected Right, got ${String(result.left)}`)
  return result.right
}

/** The error of a Left; throws otherwise. */
export const left = <A, E>(result: Either.Either<A, E>): E => {
  if (Either.isRight(result)) throw new Error("expected Left")
  return result.left
}

export const CURRENCY = "EUR"
export const HOUR = 3_600_000
export const DAY = 86_400_000

/** A purchase in the loose form the summaries accept. */
export interface Sale {
  readonly customerId: string
  readonly at: number
  readonly revenue: { readonly amount: number; readonly currency: string }
  readonly contribution?: { readonly amount: number; readonly currency: string } | undefined
  readonly category?: string | undefined
}

/** A sale in euros; the contribution defaults to the revenue when not given. */
export const sale = (
  customerId: string,
  at: number,
  revenue: number,
  extra: { readonly contribution?: number; readonly category?: string } = {},
): Sale => ({
  customerId,
  at,
  revenue: { amount: revenue, currency: CURRENCY },
  ...(extra.contribution === undefined
    ? {}
    : { contribution: { amount: extra.contribution, currency: CURRENCY } }),
  ...(extra.category === undefined ? {} : { category: extra.category }),
})

/**
 * `orders` sales of one customer spread over a period, together worth `total`
 * (revenue and contribution alike): the first sale carries the remainder.
 */
export const customer = (
  period: Period.Period,
  customerId: string,
  orders: number,
  total: number,
): Array<Sale> => {
  const start = Period.startInstant(period)
  const step = Math.floor((Period.endInstant(period) - start) / (orders + 1))
  const each = Math.floor(total / orders)
  return Array.from({ length: orders }, (_, k) =>
    sale(customerId, start + step * (k + 1), k === 0 ? total - each * (orders - 1) : each),
  )
}

export const year2024 = Period.make("2024-01-01", "2025-01-01", "UTC")

/**
 * Periods whose edges are hard: local midnight away from UTC midnight on both
 * sides of the Atlantic, a month ending on a DST day, a period whose both ends
 * fall on Santiago's midnight transitions, and one ending on New York's fall-back day.
 */
export const periods: ReadonlyArray<Period.Period> = [
  year2024,
  Period.make("2024-01-01", "2025-01-01", "Europe/Berlin"),
  Period.make("2024-01-01", "2025-01-01", "America/New_York"),
  Period.make("2024-03-01", "2024-04-01", "Europe/Berlin"),
  Period.make("2024-04-07", "2024-09-08", "America/Santiago"),
  Period.make("2024-10-01", "2024-11-03", "America/New_York"),
]

/** A surely-inside instant of a period: noon UTC of its middle. */
export const middleOf = (period: Period.Period): number =>
  Math.floor((Period.startInstant(period) + Period.endInstant(period)) / 2 / DAY) * DAY + 12 * HOUR

/** Instants of a period, with extra weight on the hours next to its edges. */
export const instantInArb = (period: Period.Period): FastCheck.Arbitrary<number> => {
  const start = Period.startInstant(period)
  const end = Period.endInstant(period)
  return FastCheck.oneof(
    FastCheck.integer({ min: start, max: end - 1 }),
    FastCheck.integer({ min: 0, max: 3 * HOUR }).map((delta) => start + delta),
    FastCheck.integer({ min: 1, max: 3 * HOUR }).map((delta) => end - delta),
  )
}

/**
 * Instants outside a period: long before or after it, and just outside its edges
 * (23:30 local the evening before it starts, 00:10 local on its end date, the first
 * instant of its end date, up to two days off), as the period's zone reads them.
 */
export const instantOutsideArb = (period: Period.Period): FastCheck.Arbitrary<number> => {
  const start = Period.startInstant(period)
  const end = Period.endInstant(period)
  return FastCheck.oneof(
    FastCheck.integer({ min: start - 400 * DAY, max: start - 1 }),
    FastCheck.integer({ min: end, max: end + 400 * DAY }),
    FastCheck.constantFrom(start - 1, start - 30 * 60_000, end, end + 10 * 60_000),
    FastCheck.integer({ min: -2 * DAY, max: 2 * DAY }).map((delta) => start + delta),
    FastCheck.integer({ min: -2 * DAY, max: 2 * DAY }).map((delta) => end + delta),
  ).filter((at) => !Period.containsInstant(period, at))
}

/** Amounts drawn from a few values half of the time, so that ties are common. */
const amountArb = FastCheck.oneof(
  FastCheck.constantFrom(0, 100, 500, 1000, 2500),
  FastCheck.integer({ min: 0, max: 200_000 }),
)
const contributionArb = FastCheck.oneof(
  FastCheck.constantFrom(0, 100, 500),
  FastCheck.integer({ min: -5_000, max: 100_000 }),
)
/** More categories than one 32-bit word of a customer's category set holds. */
export const categoryNames = Array.from({ length: 40 }, (_, k) => `category-${k}`)

export const saleArb = (
  customerIds: ReadonlyArray<string>,
  at: FastCheck.Arbitrary<number>,
): FastCheck.Arbitrary<Sale> =>
  FastCheck.record({
    customerId: FastCheck.constantFrom(...customerIds),
    at,
    revenue: amountArb,
    contribution: FastCheck.option(contributionArb, { nil: undefined }),
    category: FastCheck.option(FastCheck.constantFrom(...categoryNames), { nil: undefined }),
  }).map(({ customerId, at, revenue, contribution, category }) =>
    sale(customerId, at, revenue, {
      ...(contribution === undefined ? {} : { contribution }),
      ...(category === undefined ? {} : { category }),
    }),
  )

/** A period's population: customers of the register and the period's sales. */
export interface Population {
  readonly period: Period.Period
  readonly registered: ReadonlyArray<string>
  readonly sales: ReadonlyArray<Sale>
}

/** Random populations over a pool of up to `maxCustomers` customer ids. */
export const populationArb = (
  options: { readonly maxCustomers?: number; readonly maxSales?: number } = {},
): FastCheck.Arbitrary<Population> =>
  FastCheck.tuple(
    FastCheck.constantFrom(...periods),
    FastCheck.integer({ min: 1, max: options.maxCustomers ?? 25 }),
  ).chain(([period, poolSize]) => {
    const pool = Array.from({ length: poolSize }, (_, k) => `cus-${k}`)
    return FastCheck.record({
      registered: FastCheck.shuffledSubarray(pool),
      sales: FastCheck.array(saleArb(pool, instantInArb(period)), {
        maxLength: options.maxSales ?? 60,
      }),
    }).map(({ registered, sales }): Population => ({ period, registered, sales }))
  })

/** A population with its sales and register in another random order. */
export const reorderedArb = (population: Population): FastCheck.Arbitrary<Population> =>
  FastCheck.tuple(
    FastCheck.shuffledSubarray([...population.sales], { minLength: population.sales.length }),
    FastCheck.shuffledSubarray([...population.registered], {
      minLength: population.registered.length,
    }),
  ).map(([sales, registered]) => ({ period: population.period, registered, sales }))

/** A population and the same population in another order. */
export const populationAndReorderedArb = (): FastCheck.Arbitrary<
  readonly [Population, Population]
> =>
  populationArb().chain((population) =>
    FastCheck.tuple(FastCheck.constant(population), reorderedArb(population)),
  )

/**
 * A population, and its sales with sales outside its period (by `customerIds`, some
 * of them not in the population) slipped in at random places.
 */
export const populationWithOutsideSalesArb = (
  customerIds: ReadonlyArray<string>,
  maxOutside: number,
): FastCheck.Arbitrary<readonly [Population, ReadonlyArray<Sale>]> =>
  populationArb().chain((population) =>
    FastCheck.array(
      FastCheck.tuple(saleArb(customerIds, instantOutsideArb(population.period)), FastCheck.nat()),
      {
        minLength: 1,
        maxLength: maxOutside,
      },
    ).map((outside) => {
      const mixed = [...population.sales]
      for (const [extra, position] of outside) mixed.splice(position % (mixed.length + 1), 0, extra)
      return [population, mixed] as const
    }),
  )

export const summarise = (
  population: Population,
  sales: ReadonlyArray<Sale> = population.sales,
): Summary.PeriodSummaries =>
  right(
    Summary.fromTransactions(sales, {
      period: population.period,
      currency: CURRENCY,
      customers: population.registered,
    }),
  )

/** Summaries of `sales` in a period, with an optional register. */
export const summaries = (
  period: Period.Period,
  sales: ReadonlyArray<Sale>,
  customers: ReadonlyArray<string> = [],
): Summary.PeriodSummaries =>
  right(Summary.fromTransactions(sales, { period, currency: CURRENCY, customers }))

/** A copy of summaries with one customer's orders and/or contribution replaced. */
export const withFigures = (
  summaries: Summary.PeriodSummaries,
  index: number,
  figures: { readonly orders?: number; readonly contribution?: number },
): Summary.PeriodSummaries => {
  const orders = summaries.orders.slice()
  const contribution = summaries.contribution.slice()
  if (figures.orders !== undefined) orders[index] = figures.orders
  if (figures.contribution !== undefined) contribution[index] = figures.contribution
  return { ...summaries, orders, contribution }
}

export const policyOf = (
  parts: Omit<Policy.PolicyInput, "version" | "currency"> = {},
  version = "v1",
): Policy.SegmentationPolicy => right(Policy.make({ version, currency: CURRENCY, ...parts }))

/** A policy whose tier scheme is `scheme`, the other parts the defaults. */
export const policyWith = (
  scheme: Policy.TierScheme,
  parts: Omit<Policy.PolicyInput, "version" | "currency" | "tiers"> = {},
  version = "v1",
): Policy.SegmentationPolicy =>
  policyOf({ tiers: Schema.encodeSync(Policy.TierScheme)(scheme), ...parts }, version)

const standard = { visitsPerPeriod: 1, contactsPerPeriod: 2, holidayOffer: { discountPercent: 5 } }

/** A two-tier scheme: `major` with the given minimum, then `general`, then `potential`. */
export const twoTiers = (minimum: Policy.Minimum): Policy.TierScheme =>
  Schema.decodeUnknownSync(Policy.TierScheme)({
    name: "two tiers",
    tiers: [
      { name: "major", minimum: Schema.encodeSync(Policy.Minimum)(minimum), standard },
      { name: "general", minimum: {}, standard },
    ],
    inactive: { name: "potential", standard },
  })

export const classify = (
  summaries: Summary.PeriodSummaries,
  policy: Policy.SegmentationPolicy,
): Classification.PeriodClassification => right(Classification.classifyPeriod(summaries, policy))

/** Every customer's classes by customer id. */
export const classesById = (
  classification: Classification.PeriodClassification,
): Map<string, Classification.CustomerClasses> =>
  new Map(
    classification.summaries.customerIds.map((id, i) => [
      id,
      Classification.customerAt(classification, i),
    ]),
  )

// Policies ---------------------------------------------------------------------

const standardArb = Arbitrary.make(Policy.ServiceStandard)
const percentileArb = Arbitrary.make(Cut.TopPercent)

/** Cuts on the order count: absolute (fractional ones included) or percentile. */
export const ordersCutArb: FastCheck.Arbitrary<Cut.Cut> = FastCheck.oneof(
  FastCheck.integer({ min: 0, max: 8 }).map(Cut.atLeast),
  FastCheck.double({ min: 0, max: 10, noNaN: true }).map(Cut.atLeast),
  FastCheck.integer({ min: 0, max: 100 }).map(Cut.topPercent),
  percentileArb,
)

/** Cuts on contribution (minor units) within the range of real thresholds. */
export const contributionCutArb: FastCheck.Arbitrary<Cut.Cut> = FastCheck.oneof(
  FastCheck.integer({ min: -1_000, max: 300_000 }).map(Cut.atLeast),
  FastCheck.double({ min: -1_000, max: 1e9, noNaN: true }).map(Cut.atLeast),
  FastCheck.integer({ min: 0, max: 100 }).map(Cut.topPercent),
  percentileArb,
)

const minimumArb = FastCheck.record(
  { orders: ordersCutArb, contribution: contributionCutArb },
  { requiredKeys: [] },
)

/** Random tier schemes of one to six tiers, the last without a minimum. */
export const randomSchemeArb: FastCheck.Arbitrary<Policy.TierScheme> = FastCheck.tuple(
  FastCheck.array(FastCheck.tuple(minimumArb, standardArb), { maxLength: 5 }),
  standardArb,
  standardArb,
).map(([upper, lastStandard, inactiveStandard]) =>
  Schema.decodeUnknownSync(Policy.TierScheme)({
    name: "random",
    tiers: [
      ...upper.map(([minimum, standard], k) => ({
        name: `tier-${k}`,
        minimum: Schema.encodeSync(Policy.Minimum)(minimum),
        standard: Schema.encodeSync(Policy.ServiceStandard)(standard),
      })),
      {
        name: "last",
        minimum: {},
        standard: Schema.encodeSync(Policy.ServiceStandard)(lastStandard),
      },
    ],
    inactive: {
      name: "potential",
      standard: Schema.encodeSync(Policy.ServiceStandard)(inactiveStandard),
    },
  }),
)

/** The two built-in schemes and random ones. */
export const schemeArb: FastCheck.Arbitrary<Policy.TierScheme> = FastCheck.oneof(
  FastCheck.constant(Policy.threeTiers),
  FastCheck.constant(Policy.stars),
  randomSchemeArb,
)

/** `count` whole percentages (zeros included) that add up to 100. */
export const sharesArb = (count: number): FastCheck.Arbitrary<Array<number>> =>
  FastCheck.array(FastCheck.integer({ min: 0, max: 100 }), {
    minLength: count - 1,
    maxLength: count - 1,
  }).map((points) => {
    const bounds = [0, ...[...points].sort((a, b) => a - b), 100]
    return bounds.slice(1).map((bound, k) => bound - (bounds[k] as number))
  })

/** The default ABCD classes and random ones (one to six classes). */
export const abcdArb: FastCheck.Arbitrary<Policy.Abcd> = FastCheck.oneof(
  FastCheck.constant(Policy.abcd),
  FastCheck.integer({ min: 1, max: 6 })
    .chain((count) => FastCheck.tuple(sharesArb(count), sharesArb(count)))
    .map(([customers, serviceTime]) =>
      Schema.decodeUnknownSync(Policy.Abcd)({
        classes: customers.map((share, k) => ({
          name: "ABCDEF".charAt(k),
          customers: share,
          serviceTime: serviceTime[k],
        })),
      }),
    ),
)

const scoreRangeArb = (levels: number) =>
  FastCheck.tuple(
    FastCheck.integer({ min: 1, max: levels }),
    FastCheck.integer({ min: 1, max: levels }),
  ).map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const)

/** The default RFM scoring and random ones: 2 to 10 levels, random segment maps. */
export const rfmArb: FastCheck.Arbitrary<Policy.Rfm> = FastCheck.oneof(
  FastCheck.constant(Policy.rfm),
  FastCheck.integer({ min: 2, max: 10 }).chain((levels) =>
    FastCheck.record({
      monetary: FastCheck.constantFrom("revenue" as const, "contribution" as const),
      segments: FastCheck.array(
        FastCheck.record(
          {
            segment: FastCheck.constantFrom("Gold", "Silver", "Lapsed", "Others", "Prospects"),
            recency: scoreRangeArb(levels),
            frequency: scoreRangeArb(levels),
            monetary: scoreRangeArb(levels),
          },
          { requiredKeys: ["segment", "recency", "frequency"] },
        ),
        { maxLength: 6 },
      ),
    }).map(({ monetary, segments }) =>
      Schema.decodeUnknownSync(Policy.Rfm)({
        levels,
        monetary,
        segments,
        otherSegment: "Others",
        inactiveSegment: "Prospects",
      }),
    ),
  ),
)

/** Whole validated policies built by `Policy.make` from random parts. */
export const policyArb: FastCheck.Arbitrary<Policy.SegmentationPolicy> = FastCheck.record({
  tiers: schemeArb,
  abcd: abcdArb,
  rfm: rfmArb,
  cultivationWithinPercent: FastCheck.integer({ min: 0, max: 100 }),
}).map(({ tiers, abcd, rfm, cultivationWithinPercent }) =>
  policyOf(
    {
      tiers: Schema.encodeSync(Policy.TierScheme)(tiers),
      abcd: Schema.encodeSync(Policy.Abcd)(abcd),
      rfm: Schema.encodeSync(Policy.Rfm)(rfm),
      cultivationWithinPercent,
    },
    "random",
  ),
)

// The tie rule -------------------------------------------------------------------

/**
 * Checks that classes of a population (0 best) follow cumulative percentile quotas
 * with ties going down: for each boundary k with quota `quotas[k]`, the customers in
 * classes 0..k number at most the quota; when fewer, the customers at sorted
 * positions [count .. quota] share one figure (the tie group the boundary did not
 * split); and every customer in classes 0..k has a higher figure than every other.
 */
export const expectCumulativeQuotas = (
  figures: ReadonlyArray<number>,
  classes: ReadonlyArray<number>,
  quotas: ReadonlyArray<number>,
): void => {
  const sorted = [...figures].sort((a, b) => b - a)
  quotas.forEach((quota, k) => {
    const inside = figures.filter((_, i) => (classes[i] as number) <= k)
    const outside = figures.filter((_, i) => (classes[i] as number) > k)
    expect(inside.length).toBeLessThanOrEqual(quota)
    if (inside.length < quota) {
      for (let p = inside.length; p <= quota; p++) expect(sorted[p]).toBe(sorted[inside.length])
    }
    if (inside.length > 0 && outside.length > 0) {
      expect(Math.min(...inside)).toBeGreaterThan(Math.max(...outside))
    }
  })
}
