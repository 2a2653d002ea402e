import { Errors, Period } from "@clientele/core"
import { Cut, Summary } from "@clientele/segmentation"
import * as Arbitrary from "effect/Arbitrary"
import * as FastCheck from "effect/FastCheck"
import * as Schema from "effect/Schema"
import { describe, expect, it } from "vitest"
import * as Dependence from "../src/Dependence.js"
import * as Loyalty from "../src/Loyalty.js"
import { left, right } from "./support.js"

const names = (classification: Loyalty.LoyaltyClassification): Array<Loyalty.LoyaltyType> =>
  Array.from(classification.types, (code) => Loyalty.loyaltyTypes[code] as Loyalty.LoyaltyType)

const absolute = (frequency: number, dependence: number): Loyalty.LoyaltyPolicy =>
  right(
    Loyalty.makePolicy({
      version: "absolute",
      frequency: Cut.atLeast(frequency),
      dependence: Cut.atLeast(dependence),
    }),
  )

const percentile = (frequency: number, dependence: number): Loyalty.LoyaltyPolicy =>
  right(
    Loyalty.makePolicy({
      version: "percentile",
      frequency: Cut.topPercent(frequency),
      dependence: Cut.topPercent(dependence),
    }),
  )

// Figures are drawn from small sets half of the time, so ties (the hard case for
// percentile cuts) are common, and from all finite doubles the other half.
const figureArb = FastCheck.oneof(
  FastCheck.integer({ min: 0, max: 6 }),
  FastCheck.constantFrom(0, 0.25, 0.5, 0.75, 1),
  FastCheck.double({ noNaN: true, noDefaultInfinity: true }),
)
const figuresArb = FastCheck.array(FastCheck.tuple(figureArb, figureArb), { maxLength: 60 }).map(
  (rows): Loyalty.Figures => ({
    frequency: rows.map(([frequency]) => frequency),
    dependence: rows.map(([, dependence]) => dependence),
  }),
)
const policyArb = Arbitrary.make(Loyalty.LoyaltyPolicy)
const cutArb = Arbitrary.make(Cut.Cut)

describe("Loyalty: the four types", () => {
  it("LOY-1 places a customer in each quadrant by frequency and dependence (absolute cuts)", () => {
    const classification = right(
      Loyalty.classify(
        { frequency: [1, 2, 12, 9, 6], dependence: [0.1, 0.8, 0.2, 0.7, 0.5] },
        absolute(6, 0.5),
      ),
    )
    expect(names(classification)).toEqual(["zero", "latent", "inertial", "high", "high"])
    expect(Loyalty.typeOf(classification, 2)).toBe("inertial")
    expect(Loyalty.counts(classification)).toEqual({ zero: 1, latent: 1, inertial: 1, high: 2 })
    expect(classification.thresholds.frequency).toEqual({
      bound: 6,
      inclusive: true,
      entry: 6,
      entryInclusive: true,
    })
    expect(classification.policyVersion).toBe("absolute")
  })

  it("LOY-1 codes follow zero, latent, inertial, high, with one bit per high axis", () => {
    expect(Loyalty.loyaltyTypes).toEqual(["zero", "latent", "inertial", "high"])
    expect(Loyalty.loyaltyTypes.map(Loyalty.codeOf)).toEqual([0, 1, 2, 3])
    expect(Schema.is(Loyalty.LoyaltyType)("spurious")).toBe(false)
    expect(Loyalty.isAtLeastAsLoyal("high", "inertial")).toBe(true)
    expect(Loyalty.isAtLeastAsLoyal("latent", "zero")).toBe(true)
    expect(Loyalty.isAtLeastAsLoyal("latent", "inertial")).toBe(false)
    expect(Loyalty.isAtLeastAsLoyal("inertial", "latent")).toBe(false)
    expect(Loyalty.isAtLeastAsLoyal("zero", "high")).toBe(false)
  })

  it("LOY-1 the default policy splits both axes at the median and measures dependence by category breadth", () => {
    expect(Loyalty.defaultPolicy.frequency).toEqual(Cut.topPercent(50))
    expect(Loyalty.defaultPolicy.dependence).toEqual(Cut.topPercent(50))
    expect(Loyalty.defaultPolicy.dependenceMeasure).toBe("categoryBreadth")
    expect(right(Loyalty.makePolicy())).toEqual(Loyalty.defaultPolicy)
    const classification = right(
      Loyalty.classify(
        { frequency: [1, 2, 3, 4], dependence: [0.4, 0.3, 0.2, 0.1] },
        Loyalty.defaultPolicy,
      ),
    )
    expect(names(classification)).toEqual(["latent", "latent", "inertial", "inertial"])
  })
})

describe("Loyalty: thresholds are policy", () => {
  it("LOY-2 customers tied at a percentile boundary all fall on the low side", () => {
    // Most customers have one order: the top 50 % by frequency is only those above 1.
    const frequency = [1, 1, 1, 1, 1, 1, 2, 5]
    const classification = right(
      Loyalty.classify({ frequency, dependence: frequency.map(() => 0) }, percentile(50, 50)),
    )
    expect(names(classification)).toEqual([
      "zero",
      "zero",
      "zero",
      "zero",
      "zero",
      "zero",
      "inertial",
      "inertial",
    ])
    expect(classification.thresholds.frequency.bound).toBe(1)
    // Nobody is above a tie that spans the whole population.
    expect(classification.thresholds.dependence.bound).toBe(0)
  })

  it("LOY-2 the cuts are validated policy values", () => {
    const error = left(Loyalty.makePolicy({ frequency: { _tag: "TopPercent", percent: 120 } }))
    expect(error).toBeInstanceOf(Errors.ValidationError)
    expect(error.issues[0]?.path[0]).toBe("frequency")
    const blank = left(Loyalty.makePolicy({ version: "  " }))
    expect(blank.issues[0]?.path).toEqual(["version"])
    const infinite = left(
      Loyalty.makePolicy({ dependence: { _tag: "AtLeast", value: Number.POSITIVE_INFINITY } }),
    )
    expect(infinite.issues[0]?.path[0]).toBe("dependence")
  })

  it("LOY-2 bad figures are a ValidationError naming the field and the index", () => {
    const nan = left(
      Loyalty.classify(
        { frequency: [1, 2, 3], dependence: [0.1, 0.2, Number.NaN] },
        absolute(2, 0.5),
      ),
    )
    expect(nan).toBeInstanceOf(Errors.ValidationError)
    expect(nan.issues).toEqual([
      { path: ["dependence", 2], message: "must be a finite number, got NaN" },
    ])
    const infinite = left(
      Loyalty.classify(
        { frequency: [1, Number.POSITIVE_INFINITY], dependence: [0.1, 0.2] },
        Loyalty.defaultPolicy,
      ),
    )
    expect(infinite.issues[0]?.path).toEqual(["frequency", 1])
    const short = left(
      Loyalty.classify({ frequency: [1, 2, 3], dependence: [0.1] }, Loyalty.defaultPolicy),
    )
    expect(short.issues[0]?.path).toEqual(["dependence"])
    expect(short.message).toContain("has 1 entries but frequency has 3")
  })

  it("LOY-2 an empty population classifies to nothing", () => {
    const classification = right(
      Loyalty.classify({ frequency: [], dependence: [] }, Loyalty.defaultPolicy),
    )
    expect(classification.types.length).toBe(0)
    expect(() => Loyalty.typeOf(classification, 0)).toThrow(RangeError)
  })

  it("LOY-2 classification is total and deterministic for any policy", () => {
    FastCheck.assert(
      FastCheck.property(figuresArb, policyArb, (figures, policy) => {
        const first = right(Loyalty.classify(figures, policy))
        const second = right(Loyalty.classify(figures, policy))
        expect(first.types.length).toBe(figures.frequency.length)
        for (const code of first.types) expect(code).toBeLessThanOrEqual(3)
        expect(Array.from(second.types)).toEqual(Array.from(first.types))
        const counts = Loyalty.counts(first)
        expect(counts.zero + counts.latent + counts.inertial + counts.high).toBe(
          figures.frequency.length,
        )
      }),
      { numRuns: 300 },
    )
  })

  it("LOY-2 the row order of the customers never changes anyone's type", () => {
    FastCheck.assert(
      FastCheck.property(
        figuresArb.chain((figures) =>
          FastCheck.tuple(
            FastCheck.constant(figures),
            FastCheck.shuffledSubarray(
              Array.from(figures.frequency, (_, i) => i),
              { minLength: figures.frequency.length },
            ),
          ),
        ),
        policyArb,
        ([figures, order], policy) => {
          const types = right(Loyalty.classify(figures, policy)).types
          const shuffled = right(
            Loyalty.classify(
              {
                frequency: order.map((i) => figures.frequency[i] as number),
                dependence: order.map((i) => figures.dependence[i] as number),
              },
              policy,
            ),
          ).types
          order.forEach((i, position) => {
            expect(shuffled[position]).toBe(types[i])
          })
        },
      ),
      { numRuns: 200 },
    )
  })

  it("LOY-2 raising one customer's frequency or dependence never lowers its type", () => {
    FastCheck.assert(
      FastCheck.property(
        figuresArb.filter((figures) => figures.frequency.length > 0),
        cutArb,
        cutArb,
        FastCheck.nat(),
        FastCheck.boolean(),
        FastCheck.oneof(
          FastCheck.integer({ min: 0, max: 4 }),
          FastCheck.double({ min: 0, max: 1e6, noNaN: true }),
        ),
        (figures, frequencyCut, dependenceCut, pick, onFrequency, raise) => {
          const policy = right(
            Loyalty.makePolicy({ frequency: frequencyCut, dependence: dependenceCut }),
          )
          const i = pick % figures.frequency.length
          const before = Loyalty.typeOf(right(Loyalty.classify(figures, policy)), i)
          const frequency = Array.from(figures.frequency)
          const dependence = Array.from(figures.dependence)
          const axis = onFrequency ? frequency : dependence
          const raised = (axis[i] as number) + raise
          if (!Number.isFinite(raised)) return
          axis[i] = raised
          const after = Loyalty.typeOf(
            right(Loyalty.classify({ frequency, dependence }, policy)),
            i,
          )
          expect(Loyalty.isAtLeastAsLoyal(after, before)).toBe(true)
        },
      ),
      { numRuns: 500 },
    )
  })

  it("LOY-2 a top-p % cut marks at most floor(n × p / 100) customers, short only by the tie at the boundary", () => {
    FastCheck.assert(
      FastCheck.property(
        figuresArb,
        FastCheck.integer({ min: 0, max: 100 }),
        FastCheck.integer({ min: 0, max: 100 }),
        (figures, frequencyPercent, dependencePercent) => {
          const classification = right(
            Loyalty.classify(figures, percentile(frequencyPercent, dependencePercent)),
          )
          const n = figures.frequency.length
          const axes = [
            { figures: figures.frequency, percent: frequencyPercent, bit: 2 },
            { figures: figures.dependence, percent: dependencePercent, bit: 1 },
          ]
          for (const axis of axes) {
            const quota = Math.floor((n * axis.percent) / 100)
            const high = Array.from(classification.types, (code) => (code & axis.bit) !== 0)
            const marked = high.filter(Boolean).length
            expect(marked).toBeLessThanOrEqual(quota)
            const sorted = Array.from(axis.figures).sort((a, b) => b - a)
            // The marked customers are exactly those above the figure at rank `quota`…
            for (let i = 0; i < n; i++) {
              const expected =
                quota >= n ? true : (axis.figures[i] as number) > (sorted[quota] as number)
              expect(high[i]).toBe(expected)
            }
            // …so a shortfall means the customers from rank `marked` to rank `quota` share one figure.
            if (marked < quota) expect(sorted[marked] === sorted[quota]).toBe(true)
          }
        },
      ),
      { numRuns: 500 },
    )
  })

  it("LOY-2 an absolute cut marks exactly the figures at or above it", () => {
    FastCheck.assert(
      FastCheck.property(figuresArb, figureArb, figureArb, (figures, frequency, dependence) => {
        const classification = right(Loyalty.classify(figures, absolute(frequency, dependence)))
        classification.types.forEach((code, i) => {
          expect((code & 2) !== 0).toBe((figures.frequency[i] as number) >= frequency)
          expect((code & 1) !== 0).toBe((figures.dependence[i] as number) >= dependence)
        })
      }),
    )
  })

  it("LOY-2 classifies a million customers from typed arrays", () => {
    const n = 1_000_000
    const frequency = new Int32Array(n)
    const dependence = new Float64Array(n)
    for (let i = 0; i < n; i++) {
      // Deterministic, heavily tied figures: most customers have one or two orders.
      frequency[i] = 1 + ((i * 7919) % 13 === 0 ? i % 40 : i % 2)
      dependence[i] = i % 3 === 0 ? 1 : i % 3 === 1 ? 0.5 : 0
    }
    const classification = right(Loyalty.classify({ frequency, dependence }, Loyalty.defaultPolicy))
    const counts = Loyalty.counts(classification)
    expect(counts.zero + counts.latent + counts.inertial + counts.high).toBe(n)
    // The third of customers at 0.5 straddles the median: the whole tie goes down.
    expect(counts.latent + counts.high).toBe(333_334)
  })
})

describe("Loyalty: service policy per type", () => {
  it("LOY-3 the inertial customer gets the price-sensitive policy: attachment through service, not price", () => {
    const classification = right(
      Loyalty.classify({ frequency: [14, 1], dependence: [0.1, 0.1] }, absolute(6, 0.5)),
    )
    const type = Loyalty.typeOf(classification, 0)
    expect(type).toBe("inertial")
    const service = Loyalty.servicePolicyOf(Loyalty.defaultPolicy, type)
    expect(service.priceSensitive).toBe(true)
    expect(service.actions.join(" ")).toContain("2 % lower price")
    expect(service.actions.join(" ")).toContain("value-added")
    const others = (["zero", "latent", "high"] as const).map(
      (other) => Loyalty.servicePolicyOf(Loyalty.defaultPolicy, other).priceSensitive,
    )
    expect(others).toEqual([false, false, false])
  })

  it("LOY-3 each type has its own default service policy", () => {
    const services = Loyalty.defaultServicePolicies
    expect(services.latent.headline).toBe("Lower the friction of buying")
    expect(services.high.headline).toBe("Reward and keep")
    expect(services.high.actions.join(" ")).toContain("referrals")
    expect(services.zero.investment).toBe("low")
    expect(services.high.investment).toBe("high")
    const headlines = new Set(Loyalty.loyaltyTypes.map((type) => services[type].headline))
    expect(headlines.size).toBe(4)
  })

  it("LOY-3 service policies are data: one type can be replaced, and a bad one is refused", () => {
    const policy = right(
      Loyalty.makePolicy({
        version: "2",
        services: {
          zero: {
            headline: "Newsletter only",
            actions: ["send the quarterly newsletter"],
            priceSensitive: false,
            investment: "low",
          },
        },
      }),
    )
    expect(Loyalty.servicePolicyOf(policy, "zero").headline).toBe("Newsletter only")
    expect(Loyalty.servicePolicyOf(policy, "inertial")).toEqual(
      Loyalty.defaultServicePolicies.inertial,
    )
    const empty = left(
      Schema.decodeUnknownEither(Loyalty.LoyaltyPolicy)({
        ...Schema.encodeSync(Loyalty.LoyaltyPolicy)(Loyalty.defaultPolicy),
        services: {
          ...Loyalty.defaultServicePolicies,
          latent: { headline: "x", actions: [], priceSensitive: false, investment: "standard" },
        },
      }),
    )
    expect(Errors.ValidationError.fromParseError(empty).issues[0]?.path.slice(0, 3)).toEqual([
      "services",
      "latent",
      "actions",
    ])
  })

  it("LOY-3 a policy survives encoding and decoding unchanged", () => {
    FastCheck.assert(
      FastCheck.property(policyArb, (policy) => {
        const encoded = Schema.encodeSync(Loyalty.LoyaltyPolicy)(policy)
        expect(Schema.decodeUnknownSync(Loyalty.LoyaltyPolicy)(encoded)).toEqual(policy)
      }),
    )
  })
})

describe("Loyalty: classifying a period", () => {
  const period = Period.make("2024-01-01", "2025-01-01", "Europe/Berlin")
  const at = (month: number, day = 1) => Date.UTC(2024, month, day, 10)
  const eur = (amount: number) => ({ amount, currency: "EUR" })
  const summaries = right(
    Summary.fromTransactions(
      [
        // cus-a: frequent, one category (inertial).
        ...[0, 1, 2, 3, 4, 5].map((month) => ({
          customerId: "cus-a",
          at: at(month),
          revenue: eur(900),
          category: "paper",
        })),
        // cus-b: rare, broad (latent).
        { customerId: "cus-b", at: at(2), revenue: eur(5000), category: "toner" },
        { customerId: "cus-b", at: at(3), revenue: eur(5000), category: "printers" },
        { customerId: "cus-b", at: at(4), revenue: eur(5000), category: "paper" },
        // cus-c: frequent and broad (high).
        ...[0, 2, 4, 6, 8].map((month, k) => ({
          customerId: "cus-c",
          at: at(month),
          revenue: eur(2000),
          category: ["paper", "toner", "printers", "service"][k % 4] as string,
        })),
        // cus-d: one order (zero); 2023 is outside the period.
        { customerId: "cus-d", at: at(7), revenue: eur(300), category: "paper" },
        { customerId: "cus-d", at: Date.UTC(2023, 6, 1), revenue: eur(300), category: "toner" },
      ],
      { period, currency: "EUR" },
    ),
  )

  it("LOY-1 a period's summaries classify by order count and category breadth", () => {
    const classification = right(Loyalty.classifyPeriod(summaries, Loyalty.defaultPolicy))
    expect(classification.customerIds).toEqual(["cus-a", "cus-b", "cus-c", "cus-d"])
    expect(names(classification)).toEqual(["inertial", "latent", "high", "zero"])
    expect(classification.dependenceMeasure).toBe("categoryBreadth")
    expect(Array.from(classification.dependence)).toEqual([0.25, 0.75, 1, 0.25])
    expect(classification.period).toBe(period)
  })

  it("LOY-2 a measure other than category breadth needs its figures, else a ValidationError", () => {
    const policy = right(
      Loyalty.makePolicy({
        version: "share-of-wallet",
        dependence: Cut.atLeast(0.5),
        dependenceMeasure: "shareOfWallet",
      }),
    )
    const missing = left(Loyalty.classifyPeriod(summaries, policy))
    expect(missing).toBeInstanceOf(Errors.ValidationError)
    expect(missing.issues[0]?.path).toEqual(["dependence"])
    expect(missing.message).toContain("shareOfWallet")
    const share = right(Dependence.shareOfWallet(summaries.revenue, [54_000, 100_000, 10_000, 300]))
    const classification = right(Loyalty.classifyPeriod(summaries, policy, share))
    expect(names(classification)).toEqual(["inertial", "zero", "high", "latent"])
    const short = left(Loyalty.classifyPeriod(summaries, policy, [1, 1]))
    expect(short.issues[0]?.path).toEqual(["dependence"])
  })

  it("LOY-2 category breadth over the whole catalogue can replace the period's own", () => {
    const breadth = right(Dependence.categoryBreadth(summaries, 8))
    const classification = right(Loyalty.classifyPeriod(summaries, absolute(4, 0.25), breadth))
    expect(Array.from(classification.dependence)).toEqual([0.125, 0.375, 0.5, 0.125])
    expect(names(classification)).toEqual(["inertial", "latent", "high", "zero"])
  })
})
