// A second opinion on classifyPeriod: the same classes computed by SQL window
// functions in an in-memory SQLite database, on random populations with heavy ties
// (few distinct amounts and days) and registered customers without a purchase.
//
// The SQL states the tie rule of the `Cut` module in its plainest form: with
// `better_or_equal` the number of customers whose figure is at least mine (myself
// included) and `n` the population, I am among the top p % exactly when
// `better_or_equal * 100 <= n * p`. A group of equal figures is never split: either
// the whole group fits in the share or all of it falls to the next class.
import { Period } from "@clientele/core"
import { SqlClient } from "@effect/sql"
import { SqliteClient } from "@effect/sql-sqlite-node"
import { describe, expect, it } from "@effect/vitest"
import * as Arr from "effect/Array"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import * as Runtime from "effect/Runtime"
import * as Schema from "effect/Schema"
import { Classification, Policy, Summary } from "../src/index.js"

const DAY = 86_400_000
const HOUR = 3_600_000
const period = Period.make("2024-01-01", "2025-01-01", "UTC")
const yearStart = Date.UTC(2024, 0, 1)
const customerId = (index: number) => `c${String(index).padStart(2, "0")}`

/** Buyers among c00 … c24; the register reaches c31, so some registered customers never buy. */
const sale = FastCheck.record({
  customer: FastCheck.integer({ min: 0, max: 24 }),
  // the last five weeks only: many customers share a last purchase day
  day: FastCheck.integer({ min: 330, max: 365 }),
  revenue: FastCheck.integer({ min: 0, max: 5 }),
  contribution: FastCheck.option(FastCheck.integer({ min: -1, max: 4 }), { nil: undefined }),
})

const populations = FastCheck.record({
  sales: FastCheck.array(sale, { maxLength: 80 }),
  registered: FastCheck.subarray(Array.from({ length: 32 }, (_, i) => customerId(i))),
})

type Population = typeof populations extends FastCheck.Arbitrary<infer P> ? P : never

const summarise = (population: Population): Summary.PeriodSummaries =>
  Either.getOrThrow(
    Summary.fromTransactions(
      population.sales.map((s) => ({
        customerId: customerId(s.customer),
        at: yearStart + s.day * DAY + 12 * HOUR,
        revenue: { amount: s.revenue * 100, currency: "EUR" },
        contribution:
          s.contribution === undefined
            ? undefined
            : { amount: s.contribution * 100, currency: "EUR" },
      })),
      { period, currency: "EUR", customers: population.registered },
    ),
  )

/** Integer shares adding up to 100, from one to six of them (zeros included). */
const randomShares = FastCheck.array(FastCheck.integer({ min: 0, max: 100 }), {
  maxLength: 5,
}).map((cuts): Arr.NonEmptyReadonlyArray<number> => {
  const points = [0, ...[...cuts].sort((a, b) => a - b)]
  const shares = points.slice(1).map((point, i) => point - (points[i] as number))
  return Arr.append(shares, 100 - (points[points.length - 1] as number))
})

const defaultShares = Arr.map(Policy.abcd.classes, (c) => c.customers)

const abcdOf = (shares: Arr.NonEmptyReadonlyArray<number>): typeof Policy.Abcd.Encoded => ({
  classes: Arr.map(shares, (share, k) => ({
    name: `K${k}`,
    customers: share,
    serviceTime: share,
  })),
})

const standard = { visitsPerPeriod: 1, contactsPerPeriod: 2, holidayOffer: { discountPercent: 5 } }

type EncodedCut = typeof Policy.Minimum.Encoded extends { readonly orders?: infer C } ? C : never

const randomCut = (absolute: FastCheck.Arbitrary<number>): FastCheck.Arbitrary<EncodedCut> =>
  FastCheck.oneof(
    absolute.map((value) => ({ _tag: "AtLeast" as const, value })),
    FastCheck.integer({ min: 0, max: 100 }).map((percent) => ({
      _tag: "TopPercent" as const,
      percent,
    })),
  )

/** One to four tiers with random absolute or percentile minimums, then the catch-all tier. */
const randomScheme: FastCheck.Arbitrary<typeof Policy.TierScheme.Encoded> = FastCheck.array(
  FastCheck.record(
    {
      orders: randomCut(FastCheck.integer({ min: 0, max: 4 })),
      contribution: randomCut(FastCheck.integer({ min: -100, max: 600 })),
    },
    { requiredKeys: [] },
  ),
  { minLength: 1, maxLength: 4 },
).map((minimums) => ({
  name: "random tiers",
  tiers: Arr.append(
    minimums.map((minimum, t) => ({ name: `T${t}`, minimum, standard })),
    { name: `T${minimums.length}`, minimum: {}, standard },
  ),
  inactive: { name: "none", standard },
}))

const scoreRange = (levels: number) =>
  FastCheck.tuple(
    FastCheck.integer({ min: 1, max: levels }),
    FastCheck.integer({ min: 1, max: levels }),
  ).map(([a, b]): [number, number] => [Math.min(a, b), Math.max(a, b)])

/** Two to ten levels, either monetary figure, and a few random (overlapping) segment rules. */
const randomRfm: FastCheck.Arbitrary<typeof Policy.Rfm.Encoded> = FastCheck.integer({
  min: 2,
  max: 10,
}).chain((levels) =>
  FastCheck.record({
    levels: FastCheck.constant(levels),
    monetary: FastCheck.constantFrom("revenue" as const, "contribution" as const),
    segments: FastCheck.array(
      FastCheck.record(
        {
          segment: FastCheck.constantFrom("S0", "S1", "S2", "S3"),
          recency: scoreRange(levels),
          frequency: scoreRange(levels),
          monetary: scoreRange(levels),
        },
        { requiredKeys: ["segment", "recency", "frequency"] },
      ),
      { maxLength: 4 },
    ),
    otherSegment: FastCheck.constant("Other"),
    inactiveSegment: FastCheck.constant("Inactive"),
  }),
)

const policyOf = (parts: Omit<Policy.PolicyInput, "version" | "currency">) =>
  Either.getOrThrow(Policy.make({ version: "cross-check", currency: "EUR", ...parts }))

// --- the SQL side ----------------------------------------------------------------

const createTables = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  yield* sql`CREATE TABLE summary (
    id TEXT PRIMARY KEY,
    orders INTEGER NOT NULL,
    contribution INTEGER NOT NULL,
    revenue INTEGER NOT NULL,
    recency INTEGER
  )`
  yield* sql`CREATE TABLE rule (
    position INTEGER PRIMARY KEY,
    segment TEXT NOT NULL,
    r_low INTEGER NOT NULL, r_high INTEGER NOT NULL,
    f_low INTEGER NOT NULL, f_high INTEGER NOT NULL,
    m_low INTEGER, m_high INTEGER
  )`
})

const load = (summaries: Summary.PeriodSummaries) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    yield* sql`DELETE FROM summary`
    const rows = summaries.customerIds.map((id, i) => {
      const recency = summaries.recencyDays[i] as number
      return {
        id,
        orders: summaries.orders[i] as number,
        contribution: summaries.contribution[i] as number,
        revenue: summaries.revenue[i] as number,
        recency: Number.isNaN(recency) ? null : recency,
      }
    })
    if (rows.length > 0) yield* sql`INSERT INTO summary ${sql.insert(rows)}`
  })

/** `COUNT(*)` of the rows whose `column` is at least as good as this row's (peers included). */
const betterOrEqual = (column: string, direction: "ASC" | "DESC") =>
  `COUNT(*) OVER (ORDER BY ${column} ${direction} RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)`

/** The class of each row, best first, by cumulative integer percentages: ties go down. */
const classByShares = (rank: string, n: string, shares: ReadonlyArray<number>) => {
  let cumulative = 0
  const branches = shares.slice(0, -1).map((share, k) => {
    cumulative += share
    return `WHEN ${rank} * 100 <= ${n} * ${cumulative} THEN ${k}`
  })
  return branches.length === 0 ? "0" : `CASE ${branches.join(" ")} ELSE ${shares.length - 1} END`
}

const sqlAbcd = (shares: ReadonlyArray<number>) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const rows = yield* sql.unsafe<{ id: string; class: number }>(
      `WITH ranked AS (
         SELECT id,
                ${betterOrEqual("contribution", "DESC")} AS better_or_equal,
                COUNT(*) OVER () AS n
         FROM summary
       )
       SELECT id, ${classByShares("better_or_equal", "n", shares)} AS class FROM ranked`,
    )
    return Object.fromEntries(rows.map((row) => [row.id, `K${row.class}`]))
  })

/** The three-tier scheme as SQL: potential, major (two orders, top 20 % of the active), general. */
const sqlThreeTiers = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  const rows = yield* sql.unsafe<{ id: string; tier: string }>(
    `WITH active AS (
       SELECT id,
              ${betterOrEqual("contribution", "DESC")} AS better_or_equal,
              COUNT(*) OVER () AS n
       FROM summary WHERE orders > 0
     )
     SELECT s.id,
            CASE
              WHEN s.orders = 0 THEN 'potential'
              WHEN s.orders >= 2 AND a.better_or_equal * 100 <= a.n * 20 THEN 'major'
              ELSE 'general'
            END AS tier
     FROM summary s LEFT JOIN active a ON a.id = s.id`,
  )
  return Object.fromEntries(rows.map((row) => [row.id, row.tier]))
})

const cutCondition = (cut: EncodedCut | undefined, column: string, rank: string) =>
  cut === undefined
    ? "1"
    : cut._tag === "AtLeast"
      ? `a.${column} >= ${cut.value}`
      : `a.${rank} * 100 <= a.n * ${cut.percent}`

const sqlTiers = (scheme: typeof Policy.TierScheme.Encoded) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const last = scheme.tiers.length - 1
    const branches = scheme.tiers.slice(0, last).map((tier, t) => {
      const orders = cutCondition(tier.minimum.orders, "orders", "orders_rank")
      const contribution = cutCondition(
        tier.minimum.contribution,
        "contribution",
        "contribution_rank",
      )
      return `WHEN (${orders}) AND (${contribution}) THEN ${t}`
    })
    const rows = yield* sql.unsafe<{ id: string; tier: number }>(
      `WITH active AS (
         SELECT id, orders, contribution,
                ${betterOrEqual("orders", "DESC")} AS orders_rank,
                ${betterOrEqual("contribution", "DESC")} AS contribution_rank,
                COUNT(*) OVER () AS n
         FROM summary WHERE orders > 0
       )
       SELECT s.id,
              CASE WHEN s.orders = 0 THEN ${last + 1} ${branches.join(" ")} ELSE ${last} END AS tier
       FROM summary s LEFT JOIN active a ON a.id = s.id`,
    )
    const names = [...scheme.tiers.map((tier) => tier.name), scheme.inactive.name]
    return Object.fromEntries(rows.map((row) => [row.id, names[row.tier]]))
  })

/** Scores by count percentiles into `levels` equal shares: `rank * levels <= n * (k + 1)` puts a customer in the k-th best share. */
const scoreByLevels = (rank: string, levels: number) => {
  const branches = Array.from(
    { length: levels - 1 },
    (_, k) => `WHEN ${rank} * ${levels} <= n * ${k + 1} THEN ${levels - k}`,
  )
  return `CASE ${branches.join(" ")} ELSE 1 END`
}

const sqlRfm = (rfm: typeof Policy.Rfm.Encoded) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    yield* sql`DELETE FROM rule`
    const rules = rfm.segments.map((rule, position) => ({
      position,
      segment: rule.segment,
      r_low: rule.recency[0],
      r_high: rule.recency[1],
      f_low: rule.frequency[0],
      f_high: rule.frequency[1],
      m_low: rule.monetary?.[0] ?? null,
      m_high: rule.monetary?.[1] ?? null,
    }))
    if (rules.length > 0) yield* sql`INSERT INTO rule ${sql.insert(rules)}`
    const monetary = rfm.monetary === "revenue" ? "revenue" : "contribution"
    const rows = yield* sql.unsafe<{
      id: string
      recency: number
      frequency: number
      monetary: number
      segment: string
    }>(
      `WITH active AS (
         SELECT id,
                ${betterOrEqual("recency", "ASC")} AS r_rank,
                ${betterOrEqual("orders", "DESC")} AS f_rank,
                ${betterOrEqual(monetary, "DESC")} AS m_rank,
                COUNT(*) OVER () AS n
         FROM summary WHERE orders > 0
       ),
       scored AS (
         SELECT id,
                ${scoreByLevels("r_rank", rfm.levels)} AS r,
                ${scoreByLevels("f_rank", rfm.levels)} AS f,
                ${scoreByLevels("m_rank", rfm.levels)} AS m
         FROM active
       )
       SELECT s.id,
              COALESCE(sc.r, 0) AS recency,
              COALESCE(sc.f, 0) AS frequency,
              COALESCE(sc.m, 0) AS monetary,
              CASE WHEN sc.id IS NULL THEN ? ELSE COALESCE(
                (SELECT segment FROM rule
                  WHERE sc.r BETWEEN r_low AND r_high
                    AND sc.f BETWEEN f_low AND f_high
                    AND (m_low IS NULL OR sc.m BETWEEN m_low AND m_high)
                  ORDER BY position LIMIT 1),
                ?) END AS segment
       FROM summary s LEFT JOIN scored sc ON sc.id = s.id`,
      [rfm.inactiveSegment, rfm.otherSegment],
    )
    return Object.fromEntries(
      rows.map((row) => [
        row.id,
        {
          recency: row.recency,
          frequency: row.frequency,
          monetary: row.monetary,
          segment: row.segment,
        },
      ]),
    )
  })

// --- the TypeScript side -----------------------------------------------------------

const byCustomer = <A>(summaries: Summary.PeriodSummaries, value: (index: number) => A) =>
  Object.fromEntries(summaries.customerIds.map((id, i) => [id, value(i)]))

const abcdNames = (summaries: Summary.PeriodSummaries, abcd: Classification.AbcdAssignment) =>
  byCustomer(summaries, (i) => abcd.names[abcd.classOf[i] as number])

const tierNames = (summaries: Summary.PeriodSummaries, tiers: Classification.TierAssignment) =>
  byCustomer(summaries, (i) => tiers.names[tiers.tier[i] as number])

const rfmOf = (summaries: Summary.PeriodSummaries, rfm: Classification.RfmScores) =>
  byCustomer(summaries, (i) => ({
    recency: rfm.recency[i],
    frequency: rfm.frequency[i],
    monetary: rfm.monetary[i],
    segment: rfm.segmentNames[rfm.segment[i] as number],
  }))

/** Runs a fast-check property whose check is an effect on the test's SQLite database. */
const checkAll = <T>(
  arbitrary: FastCheck.Arbitrary<T>,
  check: (value: T) => Effect.Effect<void, unknown, SqlClient.SqlClient>,
) =>
  Effect.gen(function* () {
    yield* createTables
    const runtime = yield* Effect.runtime<SqlClient.SqlClient>()
    yield* Effect.promise(() =>
      FastCheck.assert(
        FastCheck.asyncProperty(arbitrary, (value) => Runtime.runPromise(runtime, check(value))),
        { numRuns: 50 },
      ),
    )
  }).pipe(Effect.provide(SqliteClient.layer({ filename: ":memory:" })))

describe("classification cross-checked against SQLite window functions", () => {
  it.effect(
    "SEG-4 ABCD classes computed by SQLite window functions agree with classifyPeriod",
    () =>
      checkAll(
        FastCheck.tuple(
          populations,
          FastCheck.oneof(FastCheck.constant(defaultShares), randomShares),
        ),
        ([population, shares]) =>
          Effect.gen(function* () {
            const summaries = summarise(population)
            const policy = policyOf({ abcd: abcdOf(shares) })
            yield* load(summaries)
            const expected = yield* sqlAbcd(shares)
            const result = Either.getOrThrow(Classification.classifyPeriod(summaries, policy))
            expect(abcdNames(summaries, result.abcd)).toEqual(expected)
            expect(
              abcdNames(summaries, Classification.classifyAbcd(summaries, policy.abcd)),
            ).toEqual(expected)
          }),
      ),
  )

  it.effect(
    "SEG-1 the three tiers computed by SQLite window functions agree with classifyPeriod",
    () =>
      checkAll(populations, (population) =>
        Effect.gen(function* () {
          const summaries = summarise(population)
          const policy = policyOf({})
          yield* load(summaries)
          const expected = yield* sqlThreeTiers
          const result = Either.getOrThrow(Classification.classifyPeriod(summaries, policy))
          expect(tierNames(summaries, result.tiers)).toEqual(expected)
          expect(
            tierNames(summaries, Classification.classifyTiers(summaries, Policy.threeTiers)),
          ).toEqual(expected)
        }),
      ),
  )

  it.effect(
    "SEG-1 random absolute and percentile tier schemes computed by SQLite agree with classifyTiers",
    () =>
      checkAll(FastCheck.tuple(populations, randomScheme), ([population, scheme]) =>
        Effect.gen(function* () {
          const summaries = summarise(population)
          const policy = policyOf({ tiers: scheme })
          yield* load(summaries)
          const expected = yield* sqlTiers(scheme)
          const result = Either.getOrThrow(Classification.classifyPeriod(summaries, policy))
          expect(tierNames(summaries, result.tiers)).toEqual(expected)
          const decoded = Schema.decodeSync(Policy.TierScheme)(scheme)
          expect(tierNames(summaries, Classification.classifyTiers(summaries, decoded))).toEqual(
            expected,
          )
        }),
      ),
  )

  it.effect(
    "SEG-1 RFM scores and segments computed by SQLite window functions agree with scoreRfm",
    () =>
      checkAll(
        FastCheck.tuple(
          populations,
          FastCheck.oneof(FastCheck.constant(Schema.encodeSync(Policy.Rfm)(Policy.rfm)), randomRfm),
        ),
        ([population, rfm]) =>
          Effect.gen(function* () {
            const summaries = summarise(population)
            const policy = policyOf({ rfm })
            yield* load(summaries)
            const expected = yield* sqlRfm(rfm)
            const result = Either.getOrThrow(Classification.classifyPeriod(summaries, policy))
            expect(rfmOf(summaries, result.rfm)).toEqual(expected)
            expect(rfmOf(summaries, Classification.scoreRfm(summaries, policy.rfm))).toEqual(
              expected,
            )
          }),
      ),
  )
})
