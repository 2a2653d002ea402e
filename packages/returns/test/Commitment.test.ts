import { Errors, Money } from "@clientele/core"
import * as Arbitrary from "effect/Arbitrary"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import * as Schema from "effect/Schema"
import { describe, expect, it } from "vitest"
import * as Commitment from "../src/Commitment.js"

const right = <A, E>(result: Either.Either<A, E>): A => {
  if (Either.isLeft(result)) throw new Error(`expected Right, got ${String(result.left)}`)
  return result.right
}

const left = <A, E>(result: Either.Either<A, E>): E => {
  if (Either.isRight(result)) throw new Error("expected Left")
  return result.left
}

const EUR = Money.CurrencyCode.make("EUR")
const eur = (amount: number) => Money.make(amount, "EUR")

/** Basis amounts; each defaults to the one before it (after discounts to before, tax-inclusive to after). */
const amounts = (
  subtotalBeforeDiscounts: number,
  subtotalAfterDiscounts = subtotalBeforeDiscounts,
  totalInclTax = subtotalAfterDiscounts,
  currency = "EUR",
): Commitment.BasisAmounts => ({
  subtotalBeforeDiscounts: Money.make(subtotalBeforeDiscounts, currency),
  subtotalAfterDiscounts: Money.make(subtotalAfterDiscounts, currency),
  totalInclTax: Money.make(totalInclTax, currency),
})

const policyOf = (
  commitments: ReadonlyArray<Commitment.Commitment>,
  version = 1,
): Commitment.CommitmentPolicy =>
  right(
    Either.mapLeft(
      Schema.validateEither(Commitment.CommitmentPolicy, { errors: "all" })({
        id: "test",
        version,
        currency: EUR,
        commitments,
      }),
      Errors.ValidationError.fromParseError,
    ),
  )

const threshold = (
  amount: number,
  comparator: Commitment.Comparator = "atLeast",
  basis: Commitment.Basis = "subtotalAfterDiscounts",
): Commitment.Threshold => ({ basis, comparator, amount: eur(amount) })

/** Free from `amount`, otherwise 30.00, with the given return flag. */
const delivery = (
  extra: Partial<Commitment.Commitment> = {},
  amount = 50000,
): Commitment.Commitment => ({
  service: "homeDelivery",
  threshold: threshold(amount),
  listedPrice: eur(3000),
  onReturnBelowThreshold: "keep",
  ...extra,
})

/** The one offer for one requested service. */
const offer = (
  policy: Commitment.CommitmentPolicy,
  service: Commitment.Service,
  basis: Commitment.BasisAmounts,
  extra: { readonly tier?: Commitment.Tier; readonly market?: Commitment.Market } = {},
): Commitment.Offer => {
  const offers = right(
    Commitment.evaluate(policy, { amounts: basis, requested: [service], ...extra }),
  )
  expect(offers).toHaveLength(1)
  const [only] = offers
  if (only === undefined) throw new Error("expected one offer")
  return only
}

/** The one adjustment for one granted service. */
const adjustment = (
  policy: Commitment.CommitmentPolicy,
  service: Commitment.Service,
  kept: Commitment.BasisAmounts,
  tier?: Commitment.Tier,
): Commitment.ReturnAdjustment => {
  const [only] = right(Commitment.afterReturn(policy, [service], kept, tier))
  if (only === undefined) throw new Error("expected one adjustment")
  return only
}

/** The paths of the issues of policy input that does not validate. */
const failingPaths = (input: unknown) =>
  left(Commitment.decodeEither(input)).issues.map((issue) => issue.path.join("."))

const encoded = (commitments: ReadonlyArray<unknown>) => ({
  id: "shop",
  version: 1,
  currency: "EUR",
  commitments,
})

const money = (amount: number, currency = "EUR") => ({ amount, currency })

describe("Commitment: the default policy", () => {
  const policy = Commitment.defaultPolicy("EUR")

  it("RET-4 defaults: home delivery free from 500.00 after discounts, express at 15.00, gift wrap 5.00 and free for major customers", () => {
    expect(policy.id).toBe("default")
    expect(policy.version).toBe(1)
    expect(policy.currency).toBe("EUR")
    expect(policy.commitments).toEqual([
      {
        service: "homeDelivery",
        threshold: { basis: "subtotalAfterDiscounts", comparator: "atLeast", amount: eur(50000) },
        listedPrice: eur(3000),
        onReturnBelowThreshold: "keep",
      },
      { service: "expressDelivery", listedPrice: eur(1500) },
      {
        service: "giftWrap",
        listedPrice: eur(500),
        tierOverrides: [{ tier: "major", free: true }],
      },
    ])
  })

  it("RET-4 the default policy applied: free delivery at 500.00, gift wrap free only for major customers", () => {
    const offers = right(
      Commitment.evaluate(policy, {
        amounts: amounts(52000, 50000, 59500),
        tier: "major",
        requested: ["giftWrap", "homeDelivery", "expressDelivery"],
      }),
    )
    expect(offers.map((o) => [o.service, o.free, o.price.amount, o.reason])).toEqual([
      ["giftWrap", true, 0, "tierFree"],
      ["homeDelivery", true, 0, "thresholdReached"],
      ["expressDelivery", false, 1500, "listedPrice"],
    ])
    expect(offer(policy, "giftWrap", amounts(52000), { tier: "general" })).toMatchObject({
      offered: true,
      free: false,
      price: eur(500),
      reason: "listedPrice",
    })
  })

  it("RET-4 the default policy is a valid policy that survives a JSON round trip", () => {
    const json = JSON.parse(JSON.stringify(Schema.encodeSync(Commitment.CommitmentPolicy)(policy)))
    expect(right(Commitment.decodeEither(json))).toEqual(policy)
    expect(right(Commitment.make(json))).toEqual(policy)
  })

  it("RET-4 default amounts are whole units of the currency; an unknown currency is a ValidationError on currency", () => {
    const yen = Commitment.defaultPolicy("JPY")
    expect(yen.commitments[0]?.threshold?.amount).toEqual(Money.make(500, "JPY"))
    expect(Commitment.defaultPolicy("BHD").commitments[1]?.listedPrice).toEqual(
      Money.make(15_000, "BHD"),
    )
    const error = left(Commitment.defaultPolicyEither("EURO"))
    expect(error._tag).toBe("ValidationError")
    expect(error.issues[0]?.path[0]).toBe("currency")
    expect(() => Commitment.defaultPolicy("XYZ")).toThrow(Errors.ValidationError)
  })
})

describe("Commitment: policy validation", () => {
  it("RET-4 every amount of a policy is in its currency; the field at fault is named", () => {
    const paths = failingPaths(
      encoded([
        {
          service: "homeDelivery",
          threshold: { basis: "totalInclTax", comparator: "atLeast", amount: money(50000, "USD") },
          listedPrice: money(3000, "GBP"),
          tierOverrides: [{ tier: "major", thresholdAmount: money(30000, "CHF") }],
          onReturnBelowThreshold: "keep",
        },
      ]),
    )
    expect(paths).toEqual([
      "commitments.0.threshold.amount",
      "commitments.0.listedPrice",
      "commitments.0.tierOverrides.0.thresholdAmount",
    ])
  })

  it("RET-4 a policy has one commitment per service; service names are identifiers", () => {
    expect(
      failingPaths(
        encoded([
          { service: "giftWrap", listedPrice: money(500) },
          { service: "giftWrap", listedPrice: money(400) },
        ]),
      ),
    ).toEqual(["commitments.1.service"])
    expect(failingPaths(encoded([{ service: "gift wrap", listedPrice: money(500) }]))).toEqual([
      "commitments.0.service",
    ])
    // Services beyond the three built-in ones are welcome.
    expect(
      right(Commitment.decodeEither(encoded([{ service: "assembly", listedPrice: money(4900) }])))
        .commitments[0]?.service,
    ).toBe("assembly")
  })

  it("RET-4 a threshold needs an explicit return flag; a flag needs a threshold; a charging flag needs a listed price", () => {
    const withThreshold = {
      service: "homeDelivery",
      threshold: { basis: "subtotalAfterDiscounts", comparator: "atLeast", amount: money(50000) },
    }
    expect(failingPaths(encoded([withThreshold]))).toEqual(["commitments.0.onReturnBelowThreshold"])
    expect(
      failingPaths(
        encoded([{ service: "giftWrap", listedPrice: money(500), onReturnBelowThreshold: "keep" }]),
      ),
    ).toEqual(["commitments.0.onReturnBelowThreshold"])
    for (const flag of ["chargeListedPrice", "deductFromRefund"])
      expect(failingPaths(encoded([{ ...withThreshold, onReturnBelowThreshold: flag }]))).toEqual([
        "commitments.0.onReturnBelowThreshold",
      ])
    // Free only above the threshold, kept free after any return: valid without a price.
    expect(
      Either.isRight(
        Commitment.decodeEither(encoded([{ ...withThreshold, onReturnBelowThreshold: "keep" }])),
      ),
    ).toBe(true)
    const unknownFlag = left(
      Commitment.decodeEither(
        encoded([{ ...withThreshold, onReturnBelowThreshold: "refundEverything" }]),
      ),
    )
    expect(unknownFlag.issues).toEqual([
      {
        path: ["commitments", 0, "onReturnBelowThreshold"],
        message:
          "what a return below the threshold does is keep, chargeListedPrice or deductFromRefund",
      },
    ])
  })

  it("RET-4 a tier override names a tier and gives either a threshold amount or free, once per tier", () => {
    const base = {
      service: "homeDelivery",
      threshold: { basis: "subtotalAfterDiscounts", comparator: "atLeast", amount: money(50000) },
      listedPrice: money(3000),
      onReturnBelowThreshold: "keep",
    }
    const pathsFor = (tierOverrides: ReadonlyArray<unknown>) =>
      failingPaths(encoded([{ ...base, tierOverrides }]))
    expect(pathsFor([{ tier: "", free: true }])).toEqual(["commitments.0.tierOverrides.0.tier"])
    expect(pathsFor([{ tier: "major" }])).toEqual(["commitments.0.tierOverrides.0.thresholdAmount"])
    expect(pathsFor([{ tier: "major", free: true, thresholdAmount: money(100) }])).toEqual([
      "commitments.0.tierOverrides.0.thresholdAmount",
    ])
    expect(
      pathsFor([
        { tier: "major", free: true },
        { tier: "major", thresholdAmount: money(100) },
      ]),
    ).toEqual(["commitments.0.tierOverrides.1.tier"])
    expect(pathsFor([{ tier: "major", thresholdAmount: money(-1) }])).toEqual([
      "commitments.0.tierOverrides.0.thresholdAmount",
    ])
    // A threshold amount only overrides a threshold that exists.
    expect(
      failingPaths(
        encoded([
          {
            service: "giftWrap",
            listedPrice: money(500),
            tierOverrides: [{ tier: "5★", thresholdAmount: money(100) }],
          },
        ]),
      ),
    ).toEqual(["commitments.0.tierOverrides.0.thresholdAmount"])
  })

  it("RET-4 amounts are sensible: no negative threshold, a positive listed price, a reachable `above` threshold", () => {
    expect(
      failingPaths(
        encoded([
          {
            service: "homeDelivery",
            threshold: { basis: "totalInclTax", comparator: "atLeast", amount: money(-1) },
            listedPrice: money(0),
            onReturnBelowThreshold: "keep",
          },
        ]),
      ),
    ).toEqual(["commitments.0.threshold.amount"])
    expect(failingPaths(encoded([{ service: "giftWrap", listedPrice: money(0) }]))).toEqual([
      "commitments.0.listedPrice",
    ])
    expect(
      failingPaths(
        encoded([
          {
            service: "homeDelivery",
            threshold: {
              basis: "totalInclTax",
              comparator: "above",
              amount: money(Number.MAX_SAFE_INTEGER),
            },
            onReturnBelowThreshold: "keep",
          },
        ]),
      ),
    ).toEqual(["commitments.0.threshold.amount"])
  })

  it("RET-4 a commitment that could never be offered is refused; a market is listed once", () => {
    expect(failingPaths(encoded([{ service: "giftWrap" }]))).toEqual(["commitments.0.threshold"])
    expect(
      Either.isRight(
        Commitment.decodeEither(
          encoded([{ service: "giftWrap", tierOverrides: [{ tier: "major", free: true }] }]),
        ),
      ),
    ).toBe(true)
    expect(
      failingPaths(
        encoded([{ service: "giftWrap", listedPrice: money(500), markets: ["DE", "AT", "DE"] }]),
      ),
    ).toEqual(["commitments.0.markets.2"])
  })
})

describe("Commitment: evaluating an order", () => {
  it("RET-4 atLeast exactly at the threshold qualifies", () => {
    const policy = policyOf([delivery()])
    expect(offer(policy, "homeDelivery", amounts(50000))).toEqual({
      service: "homeDelivery",
      offered: true,
      free: true,
      price: eur(0),
      shortfall: eur(0),
      threshold: threshold(50000),
      reason: "thresholdReached",
    })
    expect(offer(policy, "homeDelivery", amounts(49999))).toMatchObject({
      free: false,
      price: eur(3000),
      shortfall: eur(1),
      reason: "belowThreshold",
    })
  })

  it("RET-4 above exactly at the threshold does not qualify; one minor unit more does", () => {
    const policy = policyOf([delivery({ threshold: threshold(50000, "above") })])
    expect(offer(policy, "homeDelivery", amounts(50000))).toMatchObject({
      offered: true,
      free: false,
      price: eur(3000),
      shortfall: eur(1),
      reason: "belowThreshold",
    })
    expect(offer(policy, "homeDelivery", amounts(50001))).toMatchObject({
      free: true,
      price: eur(0),
      shortfall: eur(0),
    })
  })

  it("RET-4 the basis after discounts and the basis before discounts decide differently", () => {
    // 520.00 of goods, 25.00 off: 495.00 after discounts.
    const order = amounts(52000, 49500, 58905)
    const after = policyOf([delivery()])
    const before = policyOf([
      delivery({ threshold: threshold(50000, "atLeast", "subtotalBeforeDiscounts") }),
    ])
    expect(offer(after, "homeDelivery", order)).toMatchObject({
      free: false,
      shortfall: eur(500),
      reason: "belowThreshold",
    })
    expect(offer(before, "homeDelivery", order)).toMatchObject({
      free: true,
      reason: "thresholdReached",
    })
  })

  it("RET-4 a tax-inclusive basis counts the tax", () => {
    // 450.00 after discounts is 535.50 with 19 % tax.
    const order = amounts(45000, 45000, 53550)
    const inclTax = policyOf([delivery({ threshold: threshold(50000, "atLeast", "totalInclTax") })])
    expect(offer(inclTax, "homeDelivery", order)).toMatchObject({
      free: true,
      reason: "thresholdReached",
    })
    expect(offer(policyOf([delivery()]), "homeDelivery", order)).toMatchObject({
      free: false,
      shortfall: eur(5000),
    })
    expect(offer(inclTax, "homeDelivery", amounts(45000, 45000, 49999)).shortfall).toEqual(eur(1))
  })

  it("RET-4 a tier override lowers the threshold for that tier only", () => {
    const policy = policyOf([
      delivery({ tierOverrides: [{ tier: "major", thresholdAmount: eur(30000) }] }),
    ])
    const order = amounts(35000)
    expect(offer(policy, "homeDelivery", order, { tier: "major" })).toMatchObject({
      free: true,
      threshold: threshold(30000),
      reason: "thresholdReached",
    })
    expect(offer(policy, "homeDelivery", order, { tier: "general" })).toMatchObject({
      free: false,
      shortfall: eur(15000),
      threshold: threshold(50000),
    })
    expect(offer(policy, "homeDelivery", order)).toMatchObject({ free: false })
    expect(offer(policy, "homeDelivery", amounts(29999), { tier: "major" }).shortfall).toEqual(
      eur(1),
    )
  })

  it("RET-4 a tier override makes the service free regardless of spend", () => {
    const policy = policyOf([delivery({ tierOverrides: [{ tier: "5★", free: true }] })])
    expect(offer(policy, "homeDelivery", amounts(0), { tier: "5★" })).toEqual({
      service: "homeDelivery",
      offered: true,
      free: true,
      price: eur(0),
      shortfall: eur(0),
      reason: "tierFree",
    })
    expect(offer(policy, "homeDelivery", amounts(0), { tier: "4★" })).toMatchObject({
      free: false,
      price: eur(3000),
    })
  })

  it("RET-4 a service without threshold is offered at its listed price, with no shortfall", () => {
    const policy = policyOf([{ service: "expressDelivery", listedPrice: eur(1500) }])
    const express = offer(policy, "expressDelivery", amounts(1_000_000))
    expect(express).toEqual({
      service: "expressDelivery",
      offered: true,
      free: false,
      price: eur(1500),
      reason: "listedPrice",
    })
  })

  it("RET-4 a service only free above a threshold and without listed price is not offered below it", () => {
    const policy = policyOf([
      { service: "homeDelivery", threshold: threshold(50000), onReturnBelowThreshold: "keep" },
    ])
    expect(offer(policy, "homeDelivery", amounts(40000))).toMatchObject({
      offered: false,
      free: false,
      price: eur(0),
      shortfall: eur(10000),
      reason: "thresholdNotReached",
    })
    expect(offer(policy, "homeDelivery", amounts(50000))).toMatchObject({
      offered: true,
      free: true,
    })
  })

  it("RET-4 a service only free for some tiers is not offered to the others", () => {
    const policy = policyOf([
      { service: "giftWrap", tierOverrides: [{ tier: "major", free: true }] },
    ])
    expect(offer(policy, "giftWrap", amounts(100), { tier: "major" }).reason).toBe("tierFree")
    expect(offer(policy, "giftWrap", amounts(1_000_000), { tier: "general" })).toEqual({
      service: "giftWrap",
      offered: false,
      free: false,
      price: eur(0),
      reason: "notForTier",
    })
  })

  it("RET-4 an order in another currency than the policy fails with CurrencyMismatchError", () => {
    const policy = policyOf([delivery()])
    const error = left(
      Commitment.evaluate(policy, {
        amounts: amounts(60000, 60000, 60000, "CHF"),
        requested: ["homeDelivery"],
      }),
    )
    expect(error).toBeInstanceOf(Money.CurrencyMismatchError)
    expect(error).toMatchObject({ _tag: "CurrencyMismatchError", left: "EUR", right: "CHF" })
    // One amount in another currency is enough.
    const mixed = { ...amounts(60000), totalInclTax: Money.make(71400, "USD") }
    expect(
      left(Commitment.evaluate(policy, { amounts: mixed, requested: ["homeDelivery"] })),
    ).toMatchObject({ _tag: "CurrencyMismatchError", right: "USD" })
    expect(
      left(Commitment.afterReturn(policy, ["homeDelivery"], amounts(100, 100, 100, "CHF"))),
    ).toMatchObject({ _tag: "CurrencyMismatchError", left: "EUR", right: "CHF" })
  })

  it("RET-4 a requested service the policy does not offer fails with UnknownServiceError", () => {
    const policy = policyOf([delivery()], 4)
    const error = left(
      Commitment.evaluate(policy, {
        amounts: amounts(60000),
        requested: ["homeDelivery", "assembly"],
      }),
    )
    expect(error).toBeInstanceOf(Commitment.UnknownServiceError)
    expect(error).toMatchObject({ service: "assembly", policyId: "test", policyVersion: 4 })
    expect(error.message).toBe(
      "service assembly is not offered by commitment policy test v4 (RET-4)",
    )
    expect(left(Commitment.afterReturn(policy, ["giftWrap"], amounts(100)))).toBeInstanceOf(
      Commitment.UnknownServiceError,
    )
  })

  it("RET-4 availability by market: offered in the listed markets only, and not when the market is unknown", () => {
    const policy = policyOf([
      delivery({ markets: ["DE", "AT"], tierOverrides: [{ tier: "major", free: true }] }),
      { service: "expressDelivery", listedPrice: eur(1500) },
    ])
    const order = amounts(60000)
    expect(offer(policy, "homeDelivery", order, { market: "AT" })).toMatchObject({
      offered: true,
      free: true,
    })
    // Neither a high spend nor a free tier brings a service to a market it is not in.
    expect(offer(policy, "homeDelivery", order, { market: "FR", tier: "major" })).toEqual({
      service: "homeDelivery",
      offered: false,
      free: false,
      price: eur(0),
      reason: "notAvailableInMarket",
    })
    expect(offer(policy, "homeDelivery", order).reason).toBe("marketUnknown")
    // A service without markets is available everywhere.
    expect(offer(policy, "expressDelivery", order, { market: "FR" }).offered).toBe(true)
  })

  it("RET-4 offers follow the order of the request; an invalid order is a ValidationError naming the path", () => {
    const policy = Commitment.defaultPolicy("EUR")
    const offers = right(
      Commitment.evaluate(policy, {
        amounts: amounts(100),
        requested: ["expressDelivery", "homeDelivery"],
      }),
    )
    expect(offers.map((o) => o.service)).toEqual(["expressDelivery", "homeDelivery"])
    expect(right(Commitment.evaluate(policy, { amounts: amounts(100), requested: [] }))).toEqual([])
    const duplicate = left(
      Commitment.evaluate(policy, {
        amounts: amounts(100),
        requested: ["giftWrap", "giftWrap"],
      }),
    )
    expect(duplicate).toBeInstanceOf(Errors.ValidationError)
    expect((duplicate as Errors.ValidationError).issues[0]?.path).toEqual(["requested", 1])
    const negative = left(
      Commitment.evaluate(policy, { amounts: amounts(100, -5), requested: ["giftWrap"] }),
    )
    expect((negative as Errors.ValidationError).issues[0]?.path).toEqual([
      "amounts",
      "subtotalAfterDiscounts",
    ])
  })
})

describe("Commitment: after a return", () => {
  // 600.00 bought with free delivery from 500.00; 250.00 returned, 350.00 kept.
  const kept = amounts(35000)

  it("RET-4 a return below the threshold under keep: the service stays free, nothing is charged", () => {
    const policy = policyOf([delivery({ onReturnBelowThreshold: "keep" })])
    expect(adjustment(policy, "homeDelivery", kept)).toEqual({
      service: "homeDelivery",
      stillQualifies: false,
      charge: eur(0),
      action: "keep",
    })
  })

  it("RET-4 a return below the threshold under chargeListedPrice: the listed price is charged, not deducted", () => {
    const policy = policyOf([delivery({ onReturnBelowThreshold: "chargeListedPrice" })])
    const result = adjustment(policy, "homeDelivery", kept)
    expect(result).toEqual({
      service: "homeDelivery",
      stillQualifies: false,
      charge: eur(3000),
      action: "chargeListedPrice",
    })
    expect(right(Commitment.refundDeduction([result], EUR))).toEqual(eur(0))
  })

  it("RET-4 a return below the threshold under deductFromRefund: the listed price is deducted from the refund, exactly", () => {
    const policy = policyOf([
      delivery({ onReturnBelowThreshold: "deductFromRefund", listedPrice: eur(2999) }),
      {
        service: "expressDelivery",
        threshold: threshold(20000, "above", "totalInclTax"),
        listedPrice: eur(1501),
        onReturnBelowThreshold: "deductFromRefund",
      },
    ])
    const results = right(
      Commitment.afterReturn(
        policy,
        ["homeDelivery", "expressDelivery"],
        amounts(35000, 35000, 20000),
      ),
    )
    expect(results).toEqual([
      {
        service: "homeDelivery",
        stillQualifies: false,
        charge: eur(2999),
        action: "deductFromRefund",
      },
      {
        service: "expressDelivery",
        stillQualifies: false,
        charge: eur(1501),
        action: "deductFromRefund",
      },
    ])
    expect(right(Commitment.refundDeduction(results, EUR))).toEqual(eur(4500))
  })

  it("RET-4 a return that keeps the value at or above the threshold changes nothing", () => {
    for (const flag of Commitment.OnReturnBelowThreshold.literals) {
      const policy = policyOf([delivery({ onReturnBelowThreshold: flag })])
      for (const keptAmount of [50000, 50001, 80000])
        expect(adjustment(policy, "homeDelivery", amounts(keptAmount))).toEqual({
          service: "homeDelivery",
          stillQualifies: true,
          charge: eur(0),
          action: "unchanged",
        })
    }
  })

  it("RET-4 after a return the tier's threshold applies, and a service free for the tier or without threshold is unchanged", () => {
    const policy = policyOf([
      delivery({
        onReturnBelowThreshold: "deductFromRefund",
        tierOverrides: [
          { tier: "major", thresholdAmount: eur(30000) },
          { tier: "5★", free: true },
        ],
      }),
      { service: "expressDelivery", listedPrice: eur(1500) },
    ])
    expect(adjustment(policy, "homeDelivery", kept, "major").action).toBe("unchanged")
    expect(adjustment(policy, "homeDelivery", amounts(29999), "major")).toMatchObject({
      stillQualifies: false,
      charge: eur(3000),
    })
    expect(adjustment(policy, "homeDelivery", amounts(0), "5★").action).toBe("unchanged")
    expect(adjustment(policy, "expressDelivery", amounts(0))).toEqual({
      service: "expressDelivery",
      stillQualifies: true,
      charge: eur(0),
      action: "unchanged",
    })
  })

  it("RET-4 invalid return facts are a ValidationError naming the argument", () => {
    const policy = policyOf([delivery()])
    const twice = left(Commitment.afterReturn(policy, ["homeDelivery", "homeDelivery"], kept))
    expect((twice as Errors.ValidationError).issues[0]?.path).toEqual(["grantedServices", 1])
    const negative = left(Commitment.afterReturn(policy, ["homeDelivery"], amounts(-1)))
    expect((negative as Errors.ValidationError).issues.map((issue) => issue.path)).toEqual([
      ["keptAmounts", "subtotalBeforeDiscounts"],
      ["keptAmounts", "subtotalAfterDiscounts"],
      ["keptAmounts", "totalInclTax"],
    ])
    expect(right(Commitment.refundDeduction([], EUR))).toEqual(eur(0))
  })
})

// Properties: random commitments on every basis and comparator, with random tier
// overrides among a few tier names so that orders often fall in an overridden tier.
const TIERS = ["major", "general", "5★"] as const
const LIMIT = 2_000_000

const tierArb = FastCheck.option(FastCheck.constantFrom(...TIERS), { nil: undefined })

const overrideArb = (tier: string) =>
  FastCheck.oneof(
    FastCheck.constant<Commitment.TierOverride>({ tier, free: true }),
    FastCheck.integer({ min: 0, max: LIMIT }).map(
      (amount): Commitment.TierOverride => ({ tier, thresholdAmount: eur(amount) }),
    ),
  )

const commitmentArb: FastCheck.Arbitrary<Commitment.Commitment> = FastCheck.record({
  basis: Arbitrary.make(Commitment.Basis),
  comparator: Arbitrary.make(Commitment.Comparator),
  amount: FastCheck.integer({ min: 0, max: LIMIT }),
  listedPrice: FastCheck.option(FastCheck.integer({ min: 1, max: 10_000 }), { nil: undefined }),
  flag: Arbitrary.make(Commitment.OnReturnBelowThreshold),
  overrideTiers: FastCheck.subarray([...TIERS]),
})
  .chain((drawn) =>
    FastCheck.tuple(...drawn.overrideTiers.map(overrideArb)).map((tierOverrides) => ({
      drawn,
      tierOverrides,
    })),
  )
  .map(
    ({ drawn, tierOverrides }): Commitment.Commitment => ({
      service: "homeDelivery",
      threshold: { basis: drawn.basis, comparator: drawn.comparator, amount: eur(drawn.amount) },
      ...(drawn.listedPrice === undefined ? {} : { listedPrice: eur(drawn.listedPrice) }),
      tierOverrides,
      // Without a listed price there is nothing to charge, so such a commitment keeps.
      onReturnBelowThreshold: drawn.listedPrice === undefined ? "keep" : drawn.flag,
    }),
  )

const amountsArb = FastCheck.tuple(
  FastCheck.integer({ min: 0, max: LIMIT }),
  FastCheck.integer({ min: 0, max: LIMIT }),
  FastCheck.integer({ min: 0, max: LIMIT }),
).map(([before, after, inclTax]) => amounts(before, after, inclTax))

const increaseArb = FastCheck.tuple(
  FastCheck.nat(LIMIT),
  FastCheck.nat(LIMIT),
  FastCheck.nat(LIMIT),
)

const raise = (
  basis: Commitment.BasisAmounts,
  [before, after, inclTax]: readonly [number, number, number],
): Commitment.BasisAmounts =>
  amounts(
    basis.subtotalBeforeDiscounts.amount + before,
    basis.subtotalAfterDiscounts.amount + after,
    basis.totalInclTax.amount + inclTax,
  )

const raiseBasis = (
  basis: Commitment.BasisAmounts,
  which: Commitment.Basis,
  by: number,
): Commitment.BasisAmounts => ({ ...basis, [which]: eur(basis[which].amount + by) })

/** The threshold that applies to a tier: the override's amount when it has one. */
const thresholdFor = (
  commitment: Commitment.Commitment,
  tier: Commitment.Tier | undefined,
): Commitment.Threshold | undefined => {
  const override = commitment.tierOverrides?.find((candidate) => candidate.tier === tier)
  if (override?.free === true || commitment.threshold === undefined) return undefined
  return override?.thresholdAmount === undefined
    ? commitment.threshold
    : { ...commitment.threshold, amount: override.thresholdAmount }
}

describe("Commitment: properties", () => {
  it("RET-4 monotone: an order that gets a service free still gets it free with larger basis amounts", () => {
    FastCheck.assert(
      FastCheck.property(
        commitmentArb,
        amountsArb,
        increaseArb,
        tierArb,
        (commitment, basis, increase, tier) => {
          const policy = policyOf([commitment])
          const extra = tier === undefined ? {} : { tier }
          const small = offer(policy, "homeDelivery", basis, extra)
          const large = offer(policy, "homeDelivery", raise(basis, increase), extra)
          expect(!small.free || large.free).toBe(true)
          // The shortfall never grows when the order grows.
          if (small.shortfall !== undefined && large.shortfall !== undefined)
            expect(large.shortfall.amount).toBeLessThanOrEqual(small.shortfall.amount)
        },
      ),
      { numRuns: 300 },
    )
  })

  it("RET-4 the shortfall is zero exactly when the service is free, and a price is charged exactly when it is not", () => {
    FastCheck.assert(
      FastCheck.property(commitmentArb, amountsArb, tierArb, (commitment, basis, tier) => {
        const result = offer(
          policyOf([commitment]),
          "homeDelivery",
          basis,
          tier === undefined ? {} : { tier },
        )
        expect(result.shortfall).toBeDefined()
        expect(result.shortfall?.amount === 0).toBe(result.free)
        expect(result.price.amount === 0).toBe(result.free || !result.offered)
        if (result.offered && !result.free) expect(result.price).toEqual(commitment.listedPrice)
      }),
      { numRuns: 300 },
    )
  })

  it("RET-4 adding exactly the shortfall to the basis makes the service free; one minor unit less does not", () => {
    FastCheck.assert(
      FastCheck.property(commitmentArb, amountsArb, tierArb, (commitment, basis, tier) => {
        const policy = policyOf([commitment])
        const extra = tier === undefined ? {} : { tier }
        const result = offer(policy, "homeDelivery", basis, extra)
        const applied = thresholdFor(commitment, tier)
        if (result.free || applied === undefined) return
        const shortfall = result.shortfall?.amount ?? 0
        // Independently of the module: the gap to the threshold, plus one unit for `above`.
        const gap = applied.amount.amount - basis[applied.basis].amount
        expect(shortfall).toBe(applied.comparator === "atLeast" ? gap : gap + 1)
        const topped = raiseBasis(basis, applied.basis, shortfall)
        expect(offer(policy, "homeDelivery", topped, extra).free).toBe(true)
        const short = raiseBasis(basis, applied.basis, shortfall - 1)
        expect(offer(policy, "homeDelivery", short, extra).free).toBe(false)
      }),
      { numRuns: 300 },
    )
  })

  it("RET-4 afterReturn never charges when the kept value reaches the threshold", () => {
    FastCheck.assert(
      FastCheck.property(
        commitmentArb,
        amountsArb,
        FastCheck.nat(LIMIT),
        tierArb,
        (commitment, basis, extra, tier) => {
          const applied = thresholdFor(commitment, tier)
          // Keep at least the smallest qualifying amount on the threshold's basis.
          const kept =
            applied === undefined
              ? basis
              : {
                  ...basis,
                  [applied.basis]: eur(
                    applied.amount.amount + (applied.comparator === "above" ? 1 : 0) + extra,
                  ),
                }
          const result = adjustment(policyOf([commitment]), "homeDelivery", kept, tier)
          expect(result).toEqual({
            service: "homeDelivery",
            stillQualifies: true,
            charge: eur(0),
            action: "unchanged",
          })
        },
      ),
      { numRuns: 300 },
    )
  })

  it("RET-4 afterReturn below the threshold charges exactly the listed price, or nothing under keep", () => {
    FastCheck.assert(
      FastCheck.property(commitmentArb, amountsArb, tierArb, (commitment, kept, tier) => {
        const result = adjustment(policyOf([commitment]), "homeDelivery", kept, tier)
        const free = offer(
          policyOf([commitment]),
          "homeDelivery",
          kept,
          tier === undefined ? {} : { tier },
        ).free
        expect(result.stillQualifies).toBe(free)
        if (result.stillQualifies) expect(result.action).toBe("unchanged")
        else {
          expect(result.action).toBe(commitment.onReturnBelowThreshold)
          expect(result.charge).toEqual(result.action === "keep" ? eur(0) : commitment.listedPrice)
        }
      }),
      { numRuns: 300 },
    )
  })

  it("RET-4 a policy survives an encode/decode round trip", () => {
    FastCheck.assert(
      FastCheck.property(
        commitmentArb,
        FastCheck.integer({ min: 1, max: 1000 }),
        (commitment, version) => {
          const policy = policyOf([commitment], version)
          const json = JSON.parse(
            JSON.stringify(Schema.encodeSync(Commitment.CommitmentPolicy)(policy)),
          )
          expect(right(Commitment.decodeEither(json))).toEqual(policy)
        },
      ),
      { numRuns: 100 },
    )
  })
})
