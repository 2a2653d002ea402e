import { Money, Period } from "@clientele/core"
import * as FastCheck from "effect/FastCheck"
import { describe, expect, it } from "vitest"
import * as Classification from "../src/Classification.js"
import * as Policy from "../src/Policy.js"
import * as Summary from "../src/Summary.js"
import {
  abcdArb,
  CURRENCY,
  classesById,
  classify,
  customer,
  DAY,
  expectCumulativeQuotas,
  left,
  middleOf,
  policyArb,
  policyOf,
  policyWith,
  populationAndReorderedArb,
  populationArb,
  populationWithOutsideSalesArb,
  rfmArb,
  type Sale,
  sale,
  schemeArb,
  summaries,
  summarise,
  withFigures,
  year2024,
} from "./arbitraries.js"

const at = Date.UTC(2024, 5, 1)
const calendarYear = (year: number) => Period.make(`${year}-01-01`, `${year + 1}-01-01`, "UTC")

/** One single-purchase customer per amount, named c0, c1, … */
const oneSaleEach = (amounts: ReadonlyArray<number>): Summary.PeriodSummaries =>
  summaries(
    year2024,
    amounts.map((amount, k) => sale(`c${k}`, at, amount)),
  )

const tierNames = (tiers: Classification.TierAssignment) =>
  Array.from(tiers.tier, (t) => tiers.names[t])

const abcdNames = (abcd: Classification.AbcdAssignment) =>
  Array.from(abcd.classOf, (k) => abcd.names[k])

const within = (score: number, range: readonly [number, number] | undefined) =>
  range === undefined || (score >= range[0] && score <= range[1])

describe("Classification: tiers", () => {
  it("SEG-1 three tiers: the top 20 % of buyers by contribution with two orders are major", () => {
    const period = year2024
    const sales = [
      ...customer(period, "c0", 3, 10_000),
      ...customer(period, "c1", 2, 9_000),
      ...customer(period, "c2", 1, 9_500), // one large order: frequency keeps it general
      ...[7_000, 6_000, 5_000, 4_000, 3_000, 2_000, 1_000].flatMap((total, k) =>
        customer(period, `c${k + 3}`, 2, total),
      ),
    ]
    const result = summaries(period, sales, ["idle"])
    const tiers = Classification.classifyTiers(result, Policy.threeTiers)
    expect(tiers.names).toEqual(["major", "general", "potential"])
    // Ten buyers: the top 20 % is two, above 9 000 (c1 sits on the boundary).
    expect(tierNames(tiers)).toEqual([
      "potential",
      "major",
      "general",
      "general",
      ...Array(7).fill("general"),
    ])
    expect(tiers.counts).toEqual([1, 9, 1])
    expect(tiers.thresholds).toEqual([
      {
        orders: { bound: 2, inclusive: true, entry: 2, entryInclusive: true },
        contribution: { bound: 9_000, inclusive: false, entry: 9_500, entryInclusive: false },
      },
      { orders: undefined, contribution: undefined },
    ])
    expect(tiers.scheme).toBe(Policy.threeTiers)
  })

  it("SEG-1 stars: each buyer gets the best star whose contribution share and orders it meets", () => {
    const orders = [6, 6, 4, 1, 2, 2, 2, 2, ...Array(12).fill(1)]
    const sales = orders.flatMap((count, k) =>
      customer(year2024, `s${k}`, count, 20_000 - 1_000 * k),
    )
    const tiers = Classification.classifyTiers(summaries(year2024, sales, ["idle"]), Policy.stars)
    const named = Object.fromEntries(
      summaries(year2024, sales, ["idle"]).customerIds.map((id, i) => [id, tierNames(tiers)[i]]),
    )
    // 20 buyers: 5 % is 1, 15 % is 3, 40 % is 8 and 70 % is 14 customers.
    expect(named).toEqual({
      idle: "potential",
      s0: "5-star",
      s1: "4-star",
      s2: "4-star",
      s3: "2-star", // in the top 40 %, but with a single order
      s4: "3-star",
      s5: "3-star",
      s6: "3-star",
      s7: "3-star",
      ...Object.fromEntries([8, 9, 10, 11, 12, 13].map((k) => [`s${k}`, "2-star"])),
      ...Object.fromEntries([14, 15, 16, 17, 18, 19].map((k) => [`s${k}`, "1-star"])),
    })
    expect(tiers.counts).toEqual([1, 2, 4, 7, 6, 1])
  })

  it("SEG-1 a customer without a purchase in the period is potential, whatever it bought before", () => {
    const result = summaries(
      year2024,
      [sale("old", Date.UTC(2023, 11, 31, 12), 1_000_000), sale("new", at, 1)],
      ["old", "never"],
    )
    const tiers = Classification.classifyTiers(result, Policy.threeTiers)
    expect(tierNames(tiers)).toEqual(["potential", "potential", "general"])
  })

  it("SEG-1 percentile tiers count the buyers only, not the customers without a purchase", () => {
    const sales = [10_000, 8_000, 6_000, 4_000, 2_000].flatMap((total, k) =>
      customer(year2024, `b${k}`, 2, total),
    )
    const idle = Array.from({ length: 100 }, (_, k) => `idle-${k}`)
    const tiers = Classification.classifyTiers(summaries(year2024, sales, idle), Policy.threeTiers)
    expect(tiers.counts).toEqual([1, 4, 100])
  })

  it("SEG-1 each buyer is in the first tier whose minimum it meets (property)", () => {
    FastCheck.assert(
      FastCheck.property(populationArb(), schemeArb, (population, scheme) => {
        const result = summarise(population)
        const tiers = Classification.classifyTiers(result, scheme)
        const last = scheme.tiers.length - 1
        const meets = (t: number, i: number) => {
          const { orders, contribution } = tiers.thresholds[t] ?? {}
          const o = result.orders[i] as number
          const c = result.contribution[i] as number
          const ok = (cut: typeof orders, figure: number) =>
            cut === undefined || (cut.inclusive ? figure >= cut.bound : figure > cut.bound)
          return ok(orders, o) && ok(contribution, c)
        }
        for (let i = 0; i < Summary.size(result); i++) {
          const t = tiers.tier[i] as number
          if (!Summary.isActive(result, i)) {
            expect(t).toBe(last + 1)
            continue
          }
          for (let better = 0; better < t; better++) expect(meets(better, i)).toBe(false)
          if (t < last) expect(meets(t, i)).toBe(true)
        }
      }),
      { numRuns: 150 },
    )
  })
})

describe("Classification: ABCD classes", () => {
  it("SEG-4 ten distinct contributions split 2/3/3/2 into A/B/C/D", () => {
    const abcd = Classification.classifyAbcd(
      oneSaleEach([300, 1_000, 100, 700, 900, 500, 200, 800, 600, 400]),
      Policy.abcd,
    )
    expect(abcdNames(abcd)).toEqual(["C", "A", "D", "B", "A", "C", "D", "B", "B", "C"])
    expect(abcd.counts).toEqual([2, 3, 3, 2])
    expect(abcd.exceed).toEqual([800, 500, 200, Number.NEGATIVE_INFINITY])
  })

  it("SEG-4 equal contributions at a boundary all fall to the lower class", () => {
    // Quotas 2, 5 and 8 of ten. The 90s straddle A's boundary: neither is A. The 30s
    // straddle C's boundary: both are D.
    const abcd = Classification.classifyAbcd(
      oneSaleEach([100, 90, 90, 70, 60, 50, 40, 30, 30, 10]),
      Policy.abcd,
    )
    expect(abcdNames(abcd)).toEqual(["A", "B", "B", "B", "B", "C", "C", "D", "D", "D"])
    // Cumulatively never more than the shares: A ≤ 2, A+B ≤ 5, A+B+C ≤ 8.
    expect(abcd.counts).toEqual([1, 4, 2, 3])
  })

  it("SEG-4 when everyone contributed the same, nobody is above anybody: all are D", () => {
    const abcd = Classification.classifyAbcd(oneSaleEach(Array(7).fill(500)), Policy.abcd)
    expect(abcd.counts).toEqual([0, 0, 0, 7])
  })

  it("SEG-4 every customer of the population is ranked, those without a purchase at zero", () => {
    const result = summaries(
      year2024,
      [
        sale("a", at, 900),
        sale("b", at, 500),
        sale("c", at, 400),
        sale("d", at, 300),
        sale("e", at, 100),
      ],
      ["x", "y", "z", "w", "v"],
    )
    const abcd = Classification.classifyAbcd(result, Policy.abcd)
    // Ten customers: A is a and b; B the next three; the five zeros are all D.
    expect(Object.fromEntries(result.customerIds.map((id, i) => [id, abcdNames(abcd)[i]]))).toEqual(
      { a: "A", b: "A", c: "B", d: "B", e: "B", x: "D", y: "D", z: "D", w: "D", v: "D" },
    )
    expect(abcd.counts).toEqual([2, 3, 0, 5])
  })

  it("SEG-4 a negative contribution ranks below no contribution", () => {
    // Quotas 1, 2 and 4 of five: only the loss-making customer is below the fourth.
    const result = summaries(year2024, [
      sale("loss", at, 1_000, { contribution: -100 }),
      sale("none", at, 0),
      ...[600, 700, 800].map((amount, k) => sale(`p${k}`, at, amount)),
    ])
    const abcd = Classification.classifyAbcd(result, Policy.abcd)
    expect(abcdNames(abcd)).toEqual(["D", "C", "C", "B", "A"])
  })
})

describe("Classification: RFM scores and segments", () => {
  const lastDay = Date.UTC(2024, 11, 31, 12)
  /** A customer whose last purchase was `recency` days before 31 December. */
  const buyer = (id: string, recency: number, orders: number, revenue: number, margin = revenue) =>
    Array.from(
      { length: orders },
      (_, k): Sale =>
        sale(id, lastDay - (recency + k * 30) * DAY, k === 0 ? revenue - (orders - 1) : 1, {
          contribution: k === 0 ? margin - (orders - 1) : 1,
        }),
    )
  const sales = [
    ...buyer("c1", 0, 1, 500, 100),
    ...buyer("c2", 40, 5, 400, 200),
    ...buyer("c3", 20, 3, 300, 300),
    ...buyer("c4", 10, 2, 200, 400),
    ...buyer("c5", 30, 4, 100, 500),
  ]

  it("SEG-1 five buyers score 5 … 1 on each axis and land in their RF-grid segments", () => {
    const result = summaries(year2024, sales, ["idle"])
    const rfm = Classification.scoreRfm(result, Policy.rfm)
    const scored = Object.fromEntries(
      result.customerIds.map((id, i) => [
        id,
        [
          `${rfm.recency[i]}${rfm.frequency[i]}${rfm.monetary[i]}`,
          rfm.segmentNames[rfm.segment[i] as number],
        ],
      ]),
    )
    expect(scored).toEqual({
      idle: ["000", "Prospects"],
      c1: ["515", "New Customers"],
      c2: ["154", "Can't Lose Them"],
      c3: ["333", "Need Attention"],
      c4: ["422", "Potential Loyalists"],
      c5: ["241", "At Risk"],
    })
    expect(rfm.levels).toBe(5)
  })

  it("SEG-1 the monetary score follows the policy's figure: revenue or contribution", () => {
    const result = summaries(year2024, sales)
    const rfm = Classification.scoreRfm(
      result,
      new Policy.Rfm({ ...Policy.rfm, monetary: "contribution" }),
    )
    expect(Array.from(rfm.monetary)).toEqual([1, 2, 3, 4, 5])
  })

  it("SEG-1 a lone buyer ties with itself and falls to the lowest scores", () => {
    const rfm = Classification.scoreRfm(summaries(year2024, [sale("c", at, 800)]), Policy.rfm)
    expect([rfm.recency[0], rfm.frequency[0], rfm.monetary[0]]).toEqual([1, 1, 1])
    expect(rfm.segmentNames[rfm.segment[0] as number]).toBe("Hibernating")
  })

  it("SEG-1 scores no rule matches get the policy's other segment", () => {
    const rfm = new Policy.Rfm({
      ...Policy.rfm,
      segments: [new Policy.RfmSegment({ segment: "Best", recency: [5, 5], frequency: [5, 5] })],
    })
    const scored = Classification.scoreRfm(summaries(year2024, sales, ["idle"]), rfm)
    expect(Array.from(scored.segment, (code) => scored.segmentNames[code])).toEqual([
      "Prospects",
      "Others",
      "Others",
      "Others",
      "Others",
      "Others",
    ])
  })
})

describe("Classification: one policy, one result", () => {
  it("SEG-2 classifyPeriod records the policy it used, and customerAt / indexOf read it", () => {
    const policy = policyOf({}, "2024-v3")
    const result = classify(
      summaries(year2024, [sale("a", at, 900), sale("b", at, 100)], ["idle"]),
      policy,
    )
    expect(result.policy).toBe(policy)
    expect(result.summaries.customerIds).toEqual(["idle", "a", "b"])
    expect(Classification.indexOf(result, "b")).toBe(2)
    expect(Classification.indexOf(result, "nobody")).toBeUndefined()
    expect(Classification.customerAt(result, 0)).toEqual({
      customerId: "idle",
      tier: "potential",
      abcd: "D",
      rfm: { recency: 0, frequency: 0, monetary: 0, segment: "Prospects" },
    })
    expect(Classification.customerAt(result, 1)).toMatchObject({ tier: "general", abcd: "B" })
  })

  it("SEG-2 summaries in another currency than the policy's are refused with a typed error", () => {
    const dollars = Summary.fromTransactions([], { period: year2024, currency: "USD" })
    if (dollars._tag === "Left") throw new Error("summaries in dollars")
    const error = left(Classification.classifyPeriod(dollars.right, policyOf()))
    expect(error).toBeInstanceOf(Money.CurrencyMismatchError)
    expect(error).toMatchObject({ operation: "classify", left: CURRENCY, right: "USD" })
  })
})

describe("Classification: properties", () => {
  it("SEG-1 classification is total: one tier, one ABCD class, RFM scores and a segment for everyone", () => {
    FastCheck.assert(
      FastCheck.property(populationArb(), policyArb, (population, policy) => {
        const result = classify(summarise(population), policy)
        const { summaries: s, tiers, abcd, rfm } = result
        const n = Summary.size(s)
        const inactive = policy.tiers.tiers.length
        expect(tiers.names).toEqual([
          ...policy.tiers.tiers.map((tier) => tier.name),
          policy.tiers.inactive.name,
        ])
        expect(abcd.names).toEqual(policy.abcd.classes.map((c) => c.name))
        for (const column of [tiers.tier, abcd.classOf, rfm.recency, rfm.frequency, rfm.monetary]) {
          expect(column.length).toBe(n)
        }
        for (let i = 0; i < n; i++) {
          const active = Summary.isActive(s, i)
          expect(tiers.tier[i]).toBeLessThan(tiers.names.length)
          expect(tiers.tier[i] === inactive).toBe(!active)
          expect(abcd.classOf[i]).toBeLessThan(abcd.names.length)
          const scores = [rfm.recency[i], rfm.frequency[i], rfm.monetary[i]] as Array<number>
          for (const score of scores) {
            expect(score).toBeGreaterThanOrEqual(0)
            expect(score).toBeLessThanOrEqual(policy.rfm.levels)
            expect(score === 0).toBe(!active)
          }
          const [r, f, m] = scores as [number, number, number]
          const rule = policy.rfm.segments.find(
            (s) => within(r, s.recency) && within(f, s.frequency) && within(m, s.monetary),
          )
          expect(rfm.segmentNames[rfm.segment[i] as number]).toBe(
            active ? (rule?.segment ?? policy.rfm.otherSegment) : policy.rfm.inactiveSegment,
          )
        }
        const tally = (codes: Uint8Array, size: number) =>
          Array.from({ length: size }, (_, k) => codes.filter((code) => code === k).length)
        expect(tiers.counts).toEqual(tally(tiers.tier, tiers.names.length))
        expect(abcd.counts).toEqual(tally(abcd.classOf, abcd.names.length))
      }),
      { numRuns: 150 },
    )
  })

  it("SEG-1 classification is deterministic: the same input twice, or in another order, gives the same classes", () => {
    FastCheck.assert(
      FastCheck.property(
        populationAndReorderedArb(),
        policyArb,
        ([population, reordered], policy) => {
          const once = classify(summarise(population), policy)
          const twice = classify(summarise(population), policy)
          expect(twice.tiers.tier).toEqual(once.tiers.tier)
          expect(twice.abcd.classOf).toEqual(once.abcd.classOf)
          expect([twice.rfm.recency, twice.rfm.frequency, twice.rfm.monetary]).toEqual([
            once.rfm.recency,
            once.rfm.frequency,
            once.rfm.monetary,
          ])
          expect(twice.rfm.segment).toEqual(once.rfm.segment)
          const shuffled = classify(summarise(reordered), policy)
          expect(classesById(shuffled)).toEqual(classesById(once))
        },
      ),
      { numRuns: 150 },
    )
  })

  it("SEG-1 more contribution or more orders never lowers a customer's tier, nor more contribution its ABCD class", () => {
    FastCheck.assert(
      FastCheck.property(
        populationArb(),
        schemeArb,
        abcdArb,
        FastCheck.nat(),
        FastCheck.integer({ min: 1, max: 500_000 }),
        FastCheck.integer({ min: 1, max: 6 }),
        (population, scheme, abcd, pick, more, extraOrders) => {
          const base = summarise(population)
          FastCheck.pre(Summary.size(base) > 0)
          const i = pick % Summary.size(base)
          const tier = Classification.classifyTiers(base, scheme).tier[i] as number
          const abcdClass = Classification.classifyAbcd(base, abcd).classOf[i] as number
          // More contribution, the same orders, everybody else unchanged.
          const richer = withFigures(base, i, {
            contribution: (base.contribution[i] as number) + more,
          })
          expect(Classification.classifyTiers(richer, scheme).tier[i]).toBeLessThanOrEqual(tier)
          expect(Classification.classifyAbcd(richer, abcd).classOf[i]).toBeLessThanOrEqual(
            abcdClass,
          )
          // More orders, the same contribution: purchases worth nothing in the period.
          const id = base.customerIds[i] as string
          const free = Array.from({ length: extraOrders }, () =>
            sale(id, middleOf(population.period), 0, { contribution: 0 }),
          )
          const busier = summarise(population, [...population.sales, ...free])
          expect(busier.customerIds[i]).toBe(id)
          expect(busier.contribution[i]).toBe(base.contribution[i])
          expect(busier.orders[i]).toBe((base.orders[i] as number) + extraOrders)
          expect(Classification.classifyTiers(busier, scheme).tier[i]).toBeLessThanOrEqual(tier)
        },
      ),
      { numRuns: 200 },
    )
  })

  it("SEG-4 equal contributions always share an ABCD class, and more contribution never gets a lower one", () => {
    FastCheck.assert(
      FastCheck.property(populationArb(), abcdArb, (population, abcd) => {
        const result = summarise(population)
        const { classOf } = Classification.classifyAbcd(result, abcd)
        const n = Summary.size(result)
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < n; j++) {
            const ci = result.contribution[i] as number
            const cj = result.contribution[j] as number
            if (ci === cj) expect(classOf[i]).toBe(classOf[j])
            if (ci > cj) expect(classOf[i]).toBeLessThanOrEqual(classOf[j] as number)
          }
        }
      }),
      { numRuns: 150 },
    )
  })

  it("SEG-4 ABCD class sizes follow the cumulative shares up to the tie group at each boundary", () => {
    FastCheck.assert(
      FastCheck.property(populationArb({ maxCustomers: 40 }), abcdArb, (population, abcd) => {
        const result = summarise(population)
        const n = Summary.size(result)
        const { classOf } = Classification.classifyAbcd(result, abcd)
        let cumulative = 0
        const quotas = abcd.classes.slice(0, -1).map((c) => {
          cumulative += c.customers
          return Math.floor((n * cumulative) / 100)
        })
        expectCumulativeQuotas(Array.from(result.contribution), Array.from(classOf), quotas)
      }),
      { numRuns: 200 },
    )
  })

  it("SEG-1 RFM scores follow the level quotas over the buyers on each axis, ties going down", () => {
    FastCheck.assert(
      FastCheck.property(populationArb({ maxCustomers: 40 }), rfmArb, (population, rfmPolicy) => {
        const result = summarise(population)
        const rfm = Classification.scoreRfm(result, rfmPolicy)
        const levels = rfmPolicy.levels
        const buyers = result.customerIds.flatMap((_, i) =>
          Summary.isActive(result, i) ? [i] : [],
        )
        const quotas = Array.from({ length: levels - 1 }, (_, k) =>
          Math.floor((buyers.length * (k + 1)) / levels),
        )
        const monetary = rfmPolicy.monetary === "revenue" ? result.revenue : result.contribution
        const axes: ReadonlyArray<readonly [Uint8Array, (i: number) => number]> = [
          [rfm.recency, (i) => -(result.recencyDays[i] as number)],
          [rfm.frequency, (i) => result.orders[i] as number],
          [rfm.monetary, (i) => monetary[i] as number],
        ]
        for (const [scores, figure] of axes) {
          expectCumulativeQuotas(
            buyers.map(figure),
            buyers.map((i) => levels - (scores[i] as number)),
            quotas,
          )
        }
      }),
      { numRuns: 200 },
    )
  })

  it("SEG-3 a customer's classes depend on the period's data alone: sales outside it change nothing", () => {
    FastCheck.assert(
      FastCheck.property(
        populationWithOutsideSalesArb(["cus-0", "cus-1", "cus-2", "newcomer"], 25),
        policyArb,
        ([population, mixed], policy) => {
          const alone = classify(summarise(population), policy)
          const withOthers = classify(summarise(population, mixed), policy)
          expect(withOthers.summaries.customerIds).toEqual(alone.summaries.customerIds)
          expect(withOthers.tiers.tier).toEqual(alone.tiers.tier)
          expect(withOthers.abcd.classOf).toEqual(alone.abcd.classOf)
          expect(withOthers.rfm).toEqual(alone.rfm)
          expect(classesById(withOthers)).toEqual(classesById(alone))
        },
      ),
      { numRuns: 150 },
    )
  })

  it("SEG-3 next period is classified from its own data: last year's big spender starts again", () => {
    const policy = policyWith(Policy.threeTiers)
    const spender = (year: number, orders: number, total: number) =>
      customer(calendarYear(year), "spender", orders, total)
    const others = (year: number) =>
      [1, 2, 3, 4].flatMap((k) => customer(calendarYear(year), `o${k}`, 2, 1_000 * k))
    const all = [
      ...spender(2023, 5, 90_000),
      ...others(2023),
      ...spender(2024, 1, 50),
      ...others(2024),
    ]
    const tierOf = (year: number) => {
      const result = classify(summaries(calendarYear(year), all, ["spender"]), policy)
      return Classification.customerAt(result, 0).tier
    }
    expect(tierOf(2023)).toBe("major")
    expect(tierOf(2024)).toBe("general")
    expect(tierOf(2025)).toBe("potential")
  })
})
