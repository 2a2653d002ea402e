import { Money } from "@clientele/core"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import * as Schema from "effect/Schema"
import { describe, expect, it } from "vitest"
import * as Classification from "../src/Classification.js"
import * as Cultivation from "../src/Cultivation.js"
import * as Cut from "../src/Cut.js"
import * as Policy from "../src/Policy.js"
import type * as Summary from "../src/Summary.js"
import {
  CURRENCY,
  classify,
  customer,
  policyArb,
  policyWith,
  populationAndReorderedArb,
  populationArb,
  summaries,
  summarise,
  twoTiers,
  withFigures,
  year2024,
} from "./arbitraries.js"

const eur = (amount: number) => Money.make(amount, CURRENCY)
const listed = (candidates: ReadonlyArray<Cultivation.Candidate>) =>
  candidates.map((c) => [c.customerId, c.gap.orders, c.gap.contribution.amount])

describe("Cultivation: candidates close to the next tier", () => {
  // Major: at least five orders and 10 000 of contribution; candidates within 20 %.
  const policy = policyWith(twoTiers({ orders: Cut.atLeast(5), contribution: Cut.atLeast(10_000) }))
  const result = classify(
    summaries(
      year2024,
      [
        ...customer(year2024, "big", 5, 12_000),
        ...customer(year2024, "near-b", 5, 9_000),
        ...customer(year2024, "both", 4, 9_000),
        ...customer(year2024, "few", 3, 10_000),
        ...customer(year2024, "closer", 5, 9_500),
        ...customer(year2024, "near-a", 5, 9_000),
        ...customer(year2024, "far", 5, 5_000),
      ],
      ["idle"],
    ),
    policy,
  )

  it("SEG-6 lists the customers within 20 % of an absolute cut, closest first, with their gaps", () => {
    const candidates = Cultivation.candidates(result)
    expect(listed(candidates)).toEqual([
      ["closer", 0, 500],
      ["near-a", 0, 1_000],
      ["near-b", 0, 1_000],
      ["both", 1, 1_000], // one order of five missing: exactly 20 %
    ])
    expect(candidates[0]).toEqual({
      customerId: "closer",
      tier: "general",
      nextTier: "major",
      gap: { orders: 0, contribution: eur(500) },
      closeness: 0.05,
      figures: { orders: 5, revenue: eur(9_500), contribution: eur(9_500) },
    })
    expect(candidates.map((c) => c.closeness)).toEqual([0.05, 0.1, 0.1, 0.2])
  })

  it("SEG-6 the best tier and customers without a purchase are never candidates", () => {
    const ids = Cultivation.candidates(result).map((c) => c.customerId)
    expect(ids).not.toContain("big")
    expect(ids).not.toContain("idle")
  })

  it("SEG-6 the limit is the policy's: within 50 %, 'few' and 'far' are candidates too", () => {
    const wider = classify(
      result.summaries,
      policyWith(policy.tiers, { cultivationWithinPercent: 50 }),
    )
    expect(listed(Cultivation.candidates(wider)).map(([id]) => id)).toEqual([
      "closer",
      "near-a",
      "near-b",
      "both",
      "few",
      "far",
    ])
    const none = classify(
      result.summaries,
      policyWith(policy.tiers, { cultivationWithinPercent: 0 }),
    )
    expect(Cultivation.candidates(none)).toEqual([])
  })

  it("SEG-6 for a percentile cut, the figure to reach is the one that displaces the weakest member", () => {
    // Eleven buyers: the top 20 % is two, above 9 000; c10's one large order keeps it general.
    const sales = [
      ...[10_000, 9_000, 8_600, 8_000, 7_000, 6_000, 5_000, 4_000, 3_000, 2_000].flatMap(
        (total, k) => customer(year2024, `c${k}`, 2, total),
      ),
      ...customer(year2024, "c10", 1, 9_500),
    ]
    const threeTiers = classify(summaries(year2024, sales), policyWith(Policy.threeTiers))
    expect(threeTiers.tiers.counts).toEqual([1, 10, 0])
    // To get in, a customer must beat 9 500, the second highest: 9 501.
    expect(listed(Cultivation.candidates(threeTiers))).toEqual([
      ["c1", 0, 501],
      ["c2", 0, 901],
      ["c3", 0, 1_501],
    ])
    const wider = classify(
      summaries(year2024, sales),
      policyWith(Policy.threeTiers, { cultivationWithinPercent: 60 }),
    )
    expect(listed(Cultivation.candidates(wider))).toEqual([
      ["c1", 0, 501],
      ["c2", 0, 901],
      ["c3", 0, 1_501],
      ["c4", 0, 2_501],
      ["c5", 0, 3_501],
      ["c6", 0, 4_501],
      ["c10", 1, 0], // in the top 20 % already, one order short of two
      ["c7", 0, 5_501],
    ])
    // Closing c1's gap makes it major.
    const index = Classification.indexOf(threeTiers, "c1") as number
    const closed = withFigures(threeTiers.summaries, index, { contribution: 9_000 + 501 })
    expect(Classification.classifyTiers(closed, Policy.threeTiers).tier[index]).toBe(0)
  })

  it("SEG-6 a tier nobody can reach (a 0 % cut) has no candidates", () => {
    const sales = [5_000, 4_000, 3_000].flatMap((total, k) => customer(year2024, `c${k}`, 2, total))
    const unreachable = classify(
      summaries(year2024, sales),
      policyWith(twoTiers({ contribution: Cut.topPercent(0) }), { cultivationWithinPercent: 100 }),
    )
    expect(unreachable.tiers.counts).toEqual([0, 3, 0])
    expect(Cultivation.candidates(unreachable)).toEqual([])
  })

  it("SEG-6 the gap to a fractional absolute cut is whole orders and whole minor units", () => {
    const fractional = classify(
      summaries(year2024, customer(year2024, "c", 2, 9_000)),
      policyWith(twoTiers({ orders: Cut.atLeast(2.5), contribution: Cut.atLeast(10_000.5) }), {
        cultivationWithinPercent: 50,
      }),
    )
    const [candidate] = Cultivation.candidates(fractional)
    expect(candidate?.gap).toEqual({ orders: 1, contribution: eur(1_001) })
  })

  it("SEG-6 an absolute cut beyond any amount of money is refused by the policy", () => {
    const made = Policy.make({
      version: "v1",
      currency: CURRENCY,
      tiers: {
        ...Schema.encodeSync(Policy.TierScheme)(Policy.threeTiers),
        tiers: [
          {
            ...Schema.encodeSync(Policy.Tier)(Policy.threeTiers.tiers[0]),
            minimum: { contribution: { _tag: "AtLeast", value: 1e20 } },
          },
          Schema.encodeSync(Policy.Tier)(Policy.threeTiers.tiers[1] as Policy.Tier),
        ],
      },
      cultivationWithinPercent: 100,
    })
    expect(Either.isLeft(made) && made.left.issues[0]?.path).toEqual([
      "tiers",
      "tiers",
      0,
      "minimum",
      "contribution",
      "value",
    ])
  })
})

describe("Cultivation: properties", () => {
  it("SEG-6 every candidate is one tier below, within the limit, and closing its gap lifts it there", () => {
    FastCheck.assert(
      FastCheck.property(populationArb(), policyArb, (population, policy) => {
        const result = classify(summarise(population), policy)
        const candidates = Cultivation.candidates(result)
        const { tiers, summaries: s } = result
        const inactive = tiers.names.length - 1
        const limit = policy.cultivationWithinPercent / 100
        for (const candidate of candidates) {
          const i = Classification.indexOf(result, candidate.customerId) as number
          const t = tiers.tier[i] as number
          expect(t).toBeGreaterThan(0)
          expect(t).toBeLessThan(inactive)
          expect(candidate.tier).toBe(tiers.names[t])
          expect(candidate.nextTier).toBe(tiers.names[t - 1])
          expect(candidate.closeness).toBeGreaterThanOrEqual(0)
          expect(candidate.closeness).toBeLessThanOrEqual(limit)
          const { orders, contribution } = candidate.gap
          expect(contribution.currency).toBe(CURRENCY)
          expect(Number.isInteger(orders) && orders >= 0).toBe(true)
          expect(Number.isInteger(contribution.amount) && contribution.amount >= 0).toBe(true)
          expect(orders + contribution.amount).toBeGreaterThan(0)
          const o = s.orders[i] as number
          const c = s.contribution[i] as number
          const lifted = withFigures(s, i, {
            orders: o + orders,
            contribution: c + contribution.amount,
          })
          expect(Classification.classifyTiers(lifted, policy.tiers).tier[i]).toBeLessThan(t)
          // Each gap is the least: one unit less misses that cut of the next tier.
          const next = (changed: Summary.PeriodSummaries) =>
            Classification.classifyTiers(changed, policy.tiers).thresholds[t - 1]
          if (orders > 0) {
            const short = withFigures(s, i, { orders: o + orders - 1 })
            const cut = next(short)?.orders
            expect(cut !== undefined && Cut.meets(cut, o + orders - 1)).toBe(false)
          }
          if (contribution.amount > 0) {
            const short = withFigures(s, i, { contribution: c + contribution.amount - 1 })
            const cut = next(short)?.contribution
            expect(cut !== undefined && Cut.meets(cut, c + contribution.amount - 1)).toBe(false)
          }
        }
        // Closest first, then by customer id.
        const sorted = [...candidates].sort((a, b) =>
          a.closeness !== b.closeness
            ? a.closeness - b.closeness
            : a.customerId < b.customerId
              ? -1
              : 1,
        )
        expect(candidates).toEqual(sorted)
      }),
      { numRuns: 200 },
    )
  })

  it("SEG-6 the plan does not depend on the order of the input", () => {
    FastCheck.assert(
      FastCheck.property(
        populationAndReorderedArb(),
        policyArb,
        ([population, reordered], policy) => {
          expect(Cultivation.candidates(classify(summarise(reordered), policy))).toEqual(
            Cultivation.candidates(classify(summarise(population), policy)),
          )
        },
      ),
      { numRuns: 100 },
    )
  })
})
