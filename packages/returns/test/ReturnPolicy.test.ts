import { Errors, Ids, Money } from "@clientele/core"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import { describe, expect, it } from "vitest"
import * as ReturnPolicy from "../src/ReturnPolicy.js"
import { left, policyInputArbitrary, policyWith, right } from "./fixtures.js"

const base: ReturnPolicy.Input = {
  id: "standard",
  version: 1,
  name: "Returns",
  currency: "EUR",
  storeZone: "Europe/Berlin",
  window: { days: 30 },
}

const issuePaths = (input: unknown): ReadonlyArray<string> =>
  left(ReturnPolicy.decodeEither(input)).issues.map((issue) => issue.path.join("."))

describe("ReturnPolicy: defaults", () => {
  it("RET-1 the default policy: 30 days from delivery, closing at midnight in the store zone", () => {
    const policy = ReturnPolicy.defaultPolicy("EUR", "Europe/Berlin")
    expect(ReturnPolicy.reference(policy)).toEqual({ id: "default", version: 1 })
    expect(policy.window).toEqual({
      days: 30,
      startsFrom: "delivery",
      closesAt: "storeZone",
      transitBufferDays: 5,
      exchangedItems: "originalWindow",
    })
    expect(policy.storeZone).toBe("Europe/Berlin")
    expect(policy.finalSale).toEqual([])
    expect(policy.windowOverrides).toEqual([])
    expect(policy.allowedResolutions).toEqual(["refund", "exchange", "storeCredit", "repair"])
    expect(policy.refundDestination).toBe("original")
    expect(policy.fees).toEqual({
      restockingBasisPoints: 0,
      returnShipping: { mode: "free" },
      waivedFor: ["defect", "wrongItem", "notAsDescribed", "missing"],
      exchangeReturnShippingFree: true,
      refundShippingOnFullReturn: true,
    })
    expect(policy.acceptedConditions).toEqual(["unopened", "opened", "damaged"])
    expect(policy.dispositions).toEqual({
      unopened: "restock",
      opened: "inspect",
      damaged: "writeOff",
    })
    expect(policy.reasons).toEqual(ReturnPolicy.defaultReasons)
  })

  it("RET-1 the default policy refuses an unknown currency or zone with a typed error", () => {
    expect(left(ReturnPolicy.defaultPolicyEither("EURO", "Europe/Berlin")).issues[0]?.path).toEqual(
      ["currency"],
    )
    expect(left(ReturnPolicy.defaultPolicyEither("EUR", "Mars/Base")).issues[0]?.path).toEqual([
      "storeZone",
    ])
    expect(() => ReturnPolicy.defaultPolicy("EUR", "Mars/Base")).toThrow(Errors.ValidationError)
  })

  it("RET-2 any staff member authorises once the product is verified, by any method by default", () => {
    const policy = ReturnPolicy.make(base)
    expect(policy.staffAuthorisation).toEqual({
      anyStaff: true,
      productVerification: "required",
      verificationMethods: ["orderLookup", "serial", "receipt", "visual"],
    })
  })
})

describe("ReturnPolicy: validation", () => {
  it("RET-1 decodeEither names the failing field", () => {
    expect(issuePaths({ ...base, window: { days: 0 } })).toContain("window.days")
    expect(issuePaths({ ...base, version: 0 })).toEqual(["version"])
    expect(issuePaths({ ...base, storeZone: "Nowhere/Land" })).toEqual(["storeZone"])
    expect(issuePaths({ ...base, fees: { restockingBasisPoints: 10_001 } })).toContain(
      "fees.restockingBasisPoints",
    )
    expect(issuePaths({ ...base, allowedResolutions: [] })).toContain("allowedResolutions")
  })

  it("RET-1 every amount of a policy is in its currency, and a flat fee is positive", () => {
    expect(
      issuePaths({
        ...base,
        fees: { returnShipping: { mode: "flat", amount: { amount: 495, currency: "USD" } } },
      }),
    ).toEqual(["fees.returnShipping.amount"])
    expect(
      issuePaths({
        ...base,
        fees: { returnShipping: { mode: "flat", amount: { amount: 0, currency: "EUR" } } },
      }),
    ).toEqual(["fees.returnShipping.amount"])
  })

  it("RET-1 the reason catalogue is a tree of unique codes with at least one usable leaf", () => {
    const reason = (code: string, extra: Partial<ReturnPolicy.Reason> = {}) => ({
      code,
      label: code,
      class: "remorse",
      ...extra,
    })
    expect(issuePaths({ ...base, reasons: [reason("a"), reason("a")] })).toEqual(["reasons.1.code"])
    expect(issuePaths({ ...base, reasons: [reason("a", { parent: "ghost" })] })).toEqual([
      "reasons.0.parent",
    ])
    expect(
      issuePaths({
        ...base,
        reasons: [reason("a", { parent: "b" }), reason("b", { parent: "a" })],
      }),
    ).toEqual(["reasons.0.parent", "reasons.1.parent", "reasons"])
    expect(issuePaths({ ...base, reasons: [reason("a", { retired: true })] })).toEqual(["reasons"])
  })

  it("RET-1 duplicate resolutions are rejected", () => {
    expect(issuePaths({ ...base, allowedResolutions: ["refund", "refund"] })).toEqual([
      "allowedResolutions.1",
    ])
  })

  it("RET-2 the policy has no place for an approver chain", () => {
    const chained = {
      ...base,
      staffAuthorisation: { approvers: ["store-manager", "regional-manager"] },
    }
    expect(issuePaths(chained)).toContain("staffAuthorisation.approvers")
    expect(issuePaths({ ...base, staffAuthorisation: { anyStaff: false } })).toContain(
      "staffAuthorisation.anyStaff",
    )
    expect(
      issuePaths({ ...base, staffAuthorisation: { productVerification: "optional" } }),
    ).toContain("staffAuthorisation.productVerification")
  })

  it("RET-1 property: a policy round-trips through its stored JSON form", () => {
    FastCheck.assert(
      FastCheck.property(policyInputArbitrary(), (input) => {
        const policy = right(ReturnPolicy.decodeEither(input))
        const stored = JSON.parse(
          JSON.stringify(Schema.encodeSync(ReturnPolicy.ReturnPolicy)(policy)),
        )
        expect(right(ReturnPolicy.decodeEither(stored))).toEqual(policy)
      }),
    )
  })

  it("RET-1 a policy with a business-day calendar round-trips too", () => {
    const hours = [{ start: "09:00", end: "17:00" }]
    const policy = policyWith({
      window: {
        days: 14,
        extendToNextBusinessDay: {
          timeZone: "Europe/Berlin",
          weekly: { monday: hours, friday: hours },
          holidays: [{ date: "2024-12-25", yearly: true }],
        },
      },
    })
    const stored = JSON.parse(JSON.stringify(Schema.encodeSync(ReturnPolicy.ReturnPolicy)(policy)))
    expect(Either.getOrThrow(ReturnPolicy.decodeEither(stored))).toEqual(policy)
  })
})

describe("ReturnPolicy: reasons and exceptions", () => {
  const policy = ReturnPolicy.defaultPolicy("EUR", "Europe/Berlin")

  it("RET-1 only leaf reasons that are not retired are usable; every reason stays readable", () => {
    expect(ReturnPolicy.isUsableReason(policy, "fit")).toBe(false)
    expect(ReturnPolicy.isUsableReason(policy, "tooSmall")).toBe(true)
    expect(ReturnPolicy.isUsableReason(policy, "unknown")).toBe(false)
    expect(ReturnPolicy.usableReasons(policy).map((reason) => reason.code)).not.toContain("fit")
    expect(Option.isSome(ReturnPolicy.findReason(policy, "fit"))).toBe(true)
    const retired = policyWith({
      reasons: [
        { code: "old", label: "Old reason", class: "remorse", retired: true },
        { code: "new", label: "New reason", class: "remorse" },
      ],
    })
    expect(Option.getOrThrow(ReturnPolicy.findReason(retired, "old")).label).toBe("Old reason")
    expect(ReturnPolicy.usableReasons(retired).map((reason) => reason.code)).toEqual(["new"])
  })

  it("RET-1 final sale and category windows apply to an item by its selectors", () => {
    const exceptions = policyWith({
      finalSale: [
        { kind: "tag", values: ["clearance"] },
        { kind: "discountAtLeast", percent: 50 },
        { kind: "sku", values: ["GIFT-CARD"] },
      ],
      windowOverrides: [
        { selector: { kind: "category", values: ["underwear"] }, days: "notReturnable" },
        { selector: { kind: "product", values: ["sofa"] }, days: 100 },
        { selector: { kind: "customerTier", values: ["gold"] }, days: "unlimited" },
      ],
    })
    const item = (extra: Partial<ReturnPolicy.Item> = {}): ReturnPolicy.Item => ({
      sku: "SKU-1",
      productId: Ids.ProductId.make("shirt"),
      categories: ["apparel"],
      tags: [],
      discountPercent: 0,
      ...extra,
    })
    expect(ReturnPolicy.isFinalSale(exceptions, item())).toBe(false)
    expect(ReturnPolicy.isFinalSale(exceptions, item({ tags: ["clearance"] }))).toBe(true)
    expect(ReturnPolicy.isFinalSale(exceptions, item({ discountPercent: 50 }))).toBe(true)
    expect(ReturnPolicy.isFinalSale(exceptions, item({ discountPercent: 49.99 }))).toBe(false)
    expect(ReturnPolicy.isFinalSale(exceptions, item({ sku: "GIFT-CARD" }))).toBe(true)
    expect(ReturnPolicy.windowFor(exceptions, item())).toBe(30)
    expect(ReturnPolicy.windowFor(exceptions, item({ categories: ["apparel", "underwear"] }))).toBe(
      "notReturnable",
    )
    expect(
      ReturnPolicy.windowFor(exceptions, item({ productId: Ids.ProductId.make("sofa") })),
    ).toBe(100)
    expect(ReturnPolicy.windowFor(exceptions, item({ customerTier: "gold" }))).toBe("unlimited")
  })

  it("RET-1 a policy is versioned data: a new version is a new snapshot of the same id", () => {
    const v1 = policyWith({ version: 1 })
    const v2 = policyWith({
      version: 2,
      fees: { returnShipping: { mode: "flat", amount: { amount: 395, currency: "EUR" } } },
    })
    expect(ReturnPolicy.reference(v1)).not.toEqual(ReturnPolicy.reference(v2))
    expect(v1.id).toBe(v2.id)
    expect(v2.fees.returnShipping).toEqual({ mode: "flat", amount: Money.make(395, "EUR") })
  })
})
