import { Errors } from "@clientele/core"
import * as Arbitrary from "effect/Arbitrary"
import * as FastCheck from "effect/FastCheck"
import * as Schema from "effect/Schema"
import { describe, expect, it } from "vitest"
import * as Cut from "../src/Cut.js"
import * as Policy from "../src/Policy.js"
import { left, policyArb, policyOf, policyWith, randomSchemeArb, right } from "./arbitraries.js"

const encodedTiers = Schema.encodeSync(Policy.TierScheme)(Policy.threeTiers)
const encodedRfm = Schema.encodeSync(Policy.Rfm)(Policy.rfm)

/** The paths of the issues of a policy, given as untrusted data, that does not validate. */
const failingPaths = (parts: Record<string, unknown>) =>
  left(Policy.make({ version: "v1", currency: "EUR", ...parts } as Policy.PolicyInput)).issues.map(
    (issue) => issue.path,
  )

const [major, general] = encodedTiers.tiers

describe("Policy: the defaults", () => {
  it("SEG-2 one policy holds every number of the rules, as defaults", () => {
    const policy = policyOf({}, "2024")
    expect(policy).toBeInstanceOf(Policy.SegmentationPolicy)
    expect(policy.version).toBe("2024")
    expect(policy.currency).toBe("EUR")
    expect(policy.tiers).toEqual(Policy.threeTiers)
    expect(policy.abcd).toEqual(Policy.abcd)
    expect(policy.rfm).toEqual(Policy.rfm)
    expect(policy.cultivationWithinPercent).toBe(20)
  })

  it("SEG-2 the parts given replace the defaults, the others stay", () => {
    const policy = policyWith(Policy.stars, { cultivationWithinPercent: 10 }, "2024-stars")
    expect(policy.tiers).toEqual(Policy.stars)
    expect(policy.abcd).toEqual(Policy.abcd)
    expect(policy.cultivationWithinPercent).toBe(10)
    // The built-in schemes are accepted as they are.
    expect(
      right(Policy.make({ version: "v", currency: "EUR", tiers: Policy.stars })).tiers,
    ).toEqual(Policy.stars)
  })

  it("SEG-1 three tiers: major is the top 20 % of contribution with two orders, then general, then potential", () => {
    const [major, general] = Policy.threeTiers.tiers
    expect(Policy.threeTiers.tiers.map((tier) => tier.name)).toEqual(["major", "general"])
    expect(major?.minimum).toEqual({ contribution: Cut.topPercent(20), orders: Cut.atLeast(2) })
    expect(general?.minimum).toEqual({})
    expect(Policy.threeTiers.inactive.name).toBe("potential")
  })

  it("SEG-1 stars: 5★ to 1★ with cuts that loosen star by star, then potential", () => {
    expect(Policy.stars.tiers.map((tier) => [tier.name, tier.minimum])).toEqual([
      ["5-star", { contribution: Cut.topPercent(5), orders: Cut.atLeast(6) }],
      ["4-star", { contribution: Cut.topPercent(15), orders: Cut.atLeast(4) }],
      ["3-star", { contribution: Cut.topPercent(40), orders: Cut.atLeast(2) }],
      ["2-star", { contribution: Cut.topPercent(70) }],
      ["1-star", {}],
    ])
    expect(Policy.stars.inactive.name).toBe("potential")
  })

  it("SEG-4 ABCD: A, B, C, D take 20/30/30/20 % of customers and 40/30/20/10 % of service time", () => {
    expect(Policy.abcd.classes.map((c) => [c.name, c.customers, c.serviceTime])).toEqual([
      ["A", 20, 40],
      ["B", 30, 30],
      ["C", 30, 20],
      ["D", 20, 10],
    ])
  })

  it("SEG-1 RFM: quintiles, revenue as monetary, the RF grid, Others and Prospects", () => {
    expect(Policy.rfm.levels).toBe(5)
    expect(Policy.rfm.monetary).toBe("revenue")
    expect(Policy.rfm.segments).toEqual(Policy.rfGrid)
    expect(Policy.rfm.otherSegment).toBe("Others")
    expect(Policy.rfm.inactiveSegment).toBe("Prospects")
  })

  it("SEG-1 the RF grid covers each of the 25 recency × frequency cells exactly once", () => {
    const within = (score: number, range: readonly [number, number]) =>
      score >= range[0] && score <= range[1]
    for (let recency = 1; recency <= 5; recency++) {
      for (let frequency = 1; frequency <= 5; frequency++) {
        const matching = Policy.rfGrid.filter(
          (rule) => within(recency, rule.recency) && within(frequency, rule.frequency),
        )
        expect(matching.length, `cell R${recency} F${frequency}`).toBe(1)
      }
    }
    expect(Policy.rfGrid.every((rule) => rule.monetary === undefined)).toBe(true)
    expect(Policy.rfGrid.map((rule) => rule.segment)).toEqual([
      "Hibernating",
      "At Risk",
      "Can't Lose Them",
      "About to Sleep",
      "Need Attention",
      "Loyal Customers",
      "Promising",
      "New Customers",
      "Potential Loyalists",
      "Champions",
    ])
  })
})

describe("Policy: validation", () => {
  it("SEG-2 a bad version, currency or cultivation limit is a ValidationError naming each field", () => {
    const error = left(
      Policy.make({ version: " ", currency: "eur", cultivationWithinPercent: 120 }),
    )
    expect(error).toBeInstanceOf(Errors.ValidationError)
    expect(error.issues.map((issue) => issue.path)).toEqual([
      ["version"],
      ["currency"],
      ["cultivationWithinPercent"],
    ])
    expect(left(Policy.make({ version: "v", currency: "XXY" })).issues[0]?.path).toEqual([
      "currency",
    ])
  })

  it("SEG-4 ABCD shares that do not add up to 100, or classes named twice, are refused", () => {
    expect(
      failingPaths({
        abcd: {
          classes: [
            { name: "A", customers: 50, serviceTime: 50 },
            { name: "B", customers: 40, serviceTime: 50 },
          ],
        },
      }),
    ).toEqual([["abcd", "classes"]])
    const error = left(
      Policy.make({
        version: "v",
        currency: "EUR",
        abcd: {
          classes: [
            { name: "A", customers: 50, serviceTime: 60 },
            { name: "A", customers: 50, serviceTime: 60 },
          ],
        },
      }),
    )
    expect(error.issues.map((issue) => issue.message)).toEqual([
      "the classes' service-time shares must add up to 100",
      "class names must be unique",
    ])
    expect(failingPaths({ abcd: { classes: [] } })[0]?.slice(0, 2)).toEqual(["abcd", "classes"])
    expect(
      failingPaths({ abcd: { classes: [{ name: "A", customers: 101, serviceTime: 100 }] } })[0],
    ).toEqual(["abcd", "classes", 0, "customers"])
  })

  it("SEG-1 the last tier takes every remaining buyer, so it may not have a minimum", () => {
    const tiers = {
      ...encodedTiers,
      tiers: [major, { ...general, minimum: { orders: { _tag: "AtLeast", value: 1 } } }],
    }
    const error = left(
      Policy.make({ version: "v", currency: "EUR", tiers } as unknown as Policy.PolicyInput),
    )
    expect(error.issues).toEqual([
      {
        path: ["tiers", "tiers", 1, "minimum"],
        message: "the last tier takes every remaining active customer, so it has no minimum",
      },
    ])
  })

  it("SEG-1 tier names are unique across the scheme, the inactive tier included", () => {
    expect(
      failingPaths({
        tiers: { ...encodedTiers, tiers: [major, { ...general, name: "major" }] },
      }),
    ).toEqual([["tiers", "tiers", 1, "name"]])
    expect(
      failingPaths({
        tiers: { ...encodedTiers, inactive: { ...encodedTiers.inactive, name: "general" } },
      }),
    ).toEqual([["tiers", "inactive", "name"]])
    expect(
      failingPaths({
        tiers: { ...encodedTiers, tiers: [{ ...major, name: "x".repeat(65) }, general] },
      }),
    ).toEqual([["tiers", "tiers", 0, "name"]])
  })

  it("SEG-1 a cut of a tier is validated: a percentile lies within 0 … 100", () => {
    const paths = failingPaths({
      tiers: {
        ...encodedTiers,
        tiers: [
          { ...major, minimum: { contribution: { _tag: "TopPercent", percent: 120 } } },
          general,
        ],
      },
    })
    expect(paths[0]?.slice(0, 6)).toEqual([
      "tiers",
      "tiers",
      0,
      "minimum",
      "contribution",
      "percent",
    ])
  })

  it("SEG-1 RFM score ranges must lie within the levels, low end first", () => {
    // The RF grid names score 5: with four levels, every rule reaching 5 is refused.
    expect(failingPaths({ rfm: { ...encodedRfm, levels: 4 } })).toEqual([
      ["rfm", "segments", 2, "frequency"],
      ["rfm", "segments", 5, "frequency"],
      ["rfm", "segments", 7, "recency"],
      ["rfm", "segments", 8, "recency"],
      ["rfm", "segments", 9, "recency"],
      ["rfm", "segments", 9, "frequency"],
    ])
    const backwards = { segment: "Odd", recency: [3, 2], frequency: [1, 5], monetary: [0, 5] }
    expect(failingPaths({ rfm: { ...encodedRfm, segments: [backwards] } })).toEqual([
      ["rfm", "segments", 0, "recency"],
      ["rfm", "segments", 0, "monetary"],
    ])
    expect(failingPaths({ rfm: { ...encodedRfm, levels: 11 } })).toEqual([["rfm", "levels"]])
    expect(failingPaths({ rfm: { ...encodedRfm, levels: 1 } })).toEqual([["rfm", "levels"]])
  })

  it("SEG-2 random valid parts always make a policy, which survives its encoded form", () => {
    FastCheck.assert(
      FastCheck.property(policyArb, (policy) => {
        const encoded = Schema.encodeSync(Policy.SegmentationPolicy)(policy)
        expect(Schema.decodeUnknownSync(Policy.SegmentationPolicy)(encoded)).toEqual(policy)
        expect(right(Policy.make(encoded))).toEqual(policy)
      }),
      { numRuns: 150 },
    )
  })
})

describe("Policy: service standards", () => {
  it("SEG-5 each of the three tiers carries its visits, contacts and holiday offer", () => {
    const standards = Policy.standards(policyOf())
    expect([...standards.keys()]).toEqual(["major", "general", "potential"])
    expect(standards.get("major")).toEqual({
      visitsPerPeriod: 4,
      contactsPerPeriod: 12,
      holidayOffer: { discountPercent: 10, gift: "holiday hamper" },
    })
    expect(standards.get("general")).toEqual({
      visitsPerPeriod: 1,
      contactsPerPeriod: 4,
      holidayOffer: { discountPercent: 5 },
    })
    expect(standards.get("potential")).toEqual({
      visitsPerPeriod: 0,
      contactsPerPeriod: 2,
      holidayOffer: { discountPercent: 5 },
    })
  })

  it("SEG-5 each star carries its standard, richer for more stars", () => {
    const standards = Policy.standards(policyWith(Policy.stars))
    expect(
      [...standards].map(([name, s]) => [
        name,
        s.visitsPerPeriod,
        s.contactsPerPeriod,
        s.holidayOffer.discountPercent,
        s.holidayOffer.gift ?? null,
      ]),
    ).toEqual([
      ["5-star", 6, 24, 15, "holiday hamper"],
      ["4-star", 4, 12, 10, "greeting card"],
      ["3-star", 2, 6, 8, null],
      ["2-star", 1, 4, 5, null],
      ["1-star", 0, 2, 0, null],
      ["potential", 0, 2, 5, null],
    ])
  })

  it("SEG-5 standards list every tier of any scheme with the standard it was given (property)", () => {
    FastCheck.assert(
      FastCheck.property(randomSchemeArb, (scheme) => {
        const standards = Policy.standards(policyWith(scheme))
        const tiers = [...scheme.tiers, scheme.inactive]
        expect([...standards.keys()]).toEqual(tiers.map((tier) => tier.name))
        for (const tier of tiers) expect(standards.get(tier.name)).toEqual(tier.standard)
      }),
      { numRuns: 100 },
    )
  })

  it("SEG-5 a standard is validated: whole, non-negative counts and a discount within 0 … 100", () => {
    const decode = Schema.decodeUnknownEither(Policy.ServiceStandard)
    const fine = { visitsPerPeriod: 2, contactsPerPeriod: 6, holidayOffer: { discountPercent: 8 } }
    expect(decode(fine)._tag).toBe("Right")
    expect(decode({ ...fine, visitsPerPeriod: 1.5 })._tag).toBe("Left")
    expect(decode({ ...fine, contactsPerPeriod: -1 })._tag).toBe("Left")
    expect(decode({ ...fine, holidayOffer: { discountPercent: 101 } })._tag).toBe("Left")
    expect(decode({ ...fine, holidayOffer: { discountPercent: 5, gift: "" } })._tag).toBe("Left")
    FastCheck.assert(
      FastCheck.property(Arbitrary.make(Policy.ServiceStandard), (standard) => {
        const encoded = Schema.encodeSync(Policy.ServiceStandard)(standard)
        expect(Schema.decodeUnknownSync(Policy.ServiceStandard)(encoded)).toEqual(standard)
      }),
      { numRuns: 100 },
    )
  })
})
