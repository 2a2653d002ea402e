import { Ids, Money } from "@clientele/core"
import * as FastCheck from "effect/FastCheck"
import { describe, expect, it } from "vitest"
import * as Publication from "../src/Publication.js"
import * as ReturnPolicy from "../src/ReturnPolicy.js"
import { policyInputArbitrary, policyWith } from "./fixtures.js"

const hours = [{ start: "09:00", end: "17:00" }]

/** A policy with something in every part: exceptions, fees, waivers, a calendar. */
const detailed = policyWith({
  name: "Returns and exchanges",
  description: "We want you to love what you bought.",
  window: {
    days: 30,
    startsFrom: "delivery",
    extendToNextBusinessDay: {
      timeZone: "Europe/Berlin",
      weekly: { monday: hours, tuesday: hours, wednesday: hours, thursday: hours, friday: hours },
    },
  },
  finalSale: [
    { kind: "tag", values: ["clearance"] },
    { kind: "discountAtLeast", percent: 50 },
  ],
  windowOverrides: [
    {
      selector: { kind: "category", values: ["underwear"], label: "underwear and swimwear" },
      days: "notReturnable",
    },
    { selector: { kind: "customerTier", values: ["gold"] }, days: 60 },
  ],
  fees: {
    restockingBasisPoints: 1500,
    returnShipping: { mode: "flat", amount: { amount: 495, currency: "EUR" } },
  },
  refundDestination: "customerChoice",
  instructions: "Print the label from your account and drop the parcel at any post office.",
})

const item = (extra: Partial<ReturnPolicy.Item> = {}): ReturnPolicy.Item => ({
  sku: "SHIRT-M",
  productId: Ids.ProductId.make("shirt"),
  categories: ["apparel"],
  tags: [],
  discountPercent: 0,
  ...extra,
})

describe("Publication: schema.org JSON-LD", () => {
  it("RET-1 toJsonLd renders the MerchantReturnPolicy terms of schema.org", () => {
    const fee = {
      "@type": "MonetaryAmount",
      value: 4.95,
      currency: "EUR",
    }
    expect(
      Publication.toJsonLd(detailed, {
        url: "https://shop.example/returns",
        applicableCountry: ["DE", "AT"],
        returnPolicyCountry: "DE",
      }),
    ).toEqual({
      "@context": "https://schema.org",
      "@type": "MerchantReturnPolicy",
      name: "Returns and exchanges",
      description: "We want you to love what you bought.",
      merchantReturnLink: "https://shop.example/returns",
      applicableCountry: ["DE", "AT"],
      returnPolicyCountry: "DE",
      returnPolicyCategory: "https://schema.org/MerchantReturnFiniteReturnWindow",
      merchantReturnDays: 30,
      returnMethod: ["https://schema.org/ReturnByMail", "https://schema.org/ReturnInStore"],
      inStoreReturnsOffered: true,
      returnFees: "https://schema.org/ReturnShippingFees",
      returnShippingFeesAmount: fee,
      restockingFee: 15,
      customerRemorseReturnFees: "https://schema.org/ReturnShippingFees",
      customerRemorseReturnShippingFeesAmount: fee,
      itemDefectReturnFees: "https://schema.org/FreeReturn",
      refundType: [
        "https://schema.org/FullRefund",
        "https://schema.org/StoreCreditRefund",
        "https://schema.org/ExchangeRefund",
      ],
      itemCondition: [
        "https://schema.org/NewCondition",
        "https://schema.org/UsedCondition",
        "https://schema.org/DamagedCondition",
      ],
    })
  })

  it("RET-1 the JSON-LD is JSON-serialisable as it is", () => {
    const jsonLd = Publication.toJsonLd(detailed, { url: "https://shop.example/returns" })
    expect(JSON.parse(JSON.stringify(jsonLd))).toEqual(jsonLd)
  })

  it("RET-1 free returns and the default policy", () => {
    const jsonLd = Publication.toJsonLd(ReturnPolicy.defaultPolicy("EUR", "Europe/Berlin"), {
      applicableCountry: "DE",
    })
    expect(jsonLd).toMatchObject({
      applicableCountry: "DE",
      returnPolicyCategory: "https://schema.org/MerchantReturnFiniteReturnWindow",
      merchantReturnDays: 30,
      returnFees: "https://schema.org/FreeReturn",
      customerRemorseReturnFees: "https://schema.org/FreeReturn",
      itemDefectReturnFees: "https://schema.org/FreeReturn",
      refundType: [
        "https://schema.org/FullRefund",
        "https://schema.org/ExchangeRefund",
        "https://schema.org/StoreCreditRefund",
      ],
    })
    expect(jsonLd).not.toHaveProperty("returnShippingFeesAmount")
    expect(jsonLd).not.toHaveProperty("restockingFee")
  })

  it("RET-1 an unlimited window is MerchantReturnUnlimitedWindow without merchantReturnDays", () => {
    const jsonLd = Publication.toJsonLd(policyWith({ window: { days: "unlimited" } }))
    expect(jsonLd.returnPolicyCategory).toBe("https://schema.org/MerchantReturnUnlimitedWindow")
    expect(jsonLd).not.toHaveProperty("merchantReturnDays")
  })

  it("RET-1 one product's policy: final sale or not returnable is MerchantReturnNotPermitted", () => {
    const notPermitted = "https://schema.org/MerchantReturnNotPermitted"
    expect(Publication.toJsonLd(detailed, { item: item({ tags: ["clearance"] }) })).toEqual({
      "@context": "https://schema.org",
      "@type": "MerchantReturnPolicy",
      name: "Returns and exchanges",
      description: "We want you to love what you bought.",
      returnPolicyCategory: notPermitted,
    })
    expect(
      Publication.toJsonLd(detailed, { item: item({ categories: ["underwear"] }) })
        .returnPolicyCategory,
    ).toBe(notPermitted)
    expect(
      Publication.toJsonLd(detailed, { item: item({ customerTier: "gold" }) }).merchantReturnDays,
    ).toBe(60)
    expect(Publication.toJsonLd(detailed, { item: item() }).merchantReturnDays).toBe(30)
  })

  it("RET-1 the customer pays return shipping, refunds as store credit, mail only", () => {
    const policy = policyWith({
      fees: { returnShipping: { mode: "customerPays" }, waivedFor: ["remorse"] },
      refundDestination: "storeCredit",
      allowedResolutions: ["refund", "repair"],
      returnMethods: ["byMail"],
      acceptedConditions: ["unopened"],
    })
    expect(Publication.toJsonLd(policy)).toMatchObject({
      returnFees: "https://schema.org/ReturnFeesCustomerResponsibility",
      customerRemorseReturnFees: "https://schema.org/ReturnFeesCustomerResponsibility",
      itemDefectReturnFees: "https://schema.org/ReturnFeesCustomerResponsibility",
      refundType: "https://schema.org/StoreCreditRefund",
      returnMethod: "https://schema.org/ReturnByMail",
      inStoreReturnsOffered: false,
      itemCondition: "https://schema.org/NewCondition",
    })
  })

  it("RET-1 property: every valid policy publishes serialisable JSON-LD with schema.org terms", () => {
    const terms = new Set([
      "@context",
      "@type",
      "name",
      "description",
      "merchantReturnLink",
      "applicableCountry",
      "returnPolicyCountry",
      "returnPolicyCategory",
      "merchantReturnDays",
      "returnMethod",
      "inStoreReturnsOffered",
      "returnFees",
      "returnShippingFeesAmount",
      "restockingFee",
      "customerRemorseReturnFees",
      "customerRemorseReturnShippingFeesAmount",
      "itemDefectReturnFees",
      "itemDefectReturnShippingFeesAmount",
      "refundType",
      "itemCondition",
    ])
    FastCheck.assert(
      FastCheck.property(policyInputArbitrary(), (input) => {
        const policy = ReturnPolicy.make(input)
        const jsonLd = Publication.toJsonLd(policy, { url: "https://shop.example/returns" })
        expect(JSON.parse(JSON.stringify(jsonLd))).toEqual(jsonLd)
        for (const key of Object.keys(jsonLd)) expect(terms.has(key)).toBe(true)
        expect(jsonLd["@type"]).toBe("MerchantReturnPolicy")
        expect(typeof jsonLd.returnPolicyCategory).toBe("string")
        expect(String(jsonLd.returnPolicyCategory)).toMatch(
          /^https:\/\/schema\.org\/MerchantReturn/,
        )
        if (policy.window.days === "unlimited") expect(jsonLd.merchantReturnDays).toBeUndefined()
        else expect(jsonLd.merchantReturnDays).toBe(policy.window.days)
      }),
    )
  })
})

describe("Publication: customer-facing text", () => {
  it("RET-1 toText covers the window, exceptions, resolutions, fees, waivers and how to return", () => {
    const text = Publication.toText(detailed, { locale: "en-IE", includeReasons: true })
    const fee = Money.format(Money.make(495, "EUR"), "en-IE")
    for (const expected of [
      "Returns and exchanges\n=====================",
      "We want you to love what you bought.",
      "You can return items within 30 days of delivery; the last day counts.",
      "we count from its dispatch plus 5 days for delivery",
      "closes at midnight at the end of its last day, store time (Europe/Berlin)",
      "runs to the end of our next business day",
      "Items you received in an exchange keep the window of the item they replaced.",
      "- Final sale, cannot be returned: items tagged clearance.",
      "- Final sale, cannot be returned: items reduced by 50 % or more.",
      "- Underwear and swimwear: cannot be returned.",
      "- Members of the gold tier: 60 days to return.",
      "We take back items that are unopened, opened or damaged.",
      "You can choose a refund, an exchange, store credit or a repair.",
      "You choose whether a refund goes back to your original payment method or becomes store credit.",
      "A restocking fee of 15 % of the price you paid applies to refunds and store credit.",
      `Return shipping costs ${fee} per return`,
      "We charge no fees when the item is faulty, we sent the wrong item, the item is not as described or something is missing.",
      "Exchanges ship back free of charge.",
      "we also refund the original shipping",
      "You can return items by mail or in store.",
      "Print the label from your account and drop the parcel at any post office.",
      'If you choose "Something else", please tell us more.',
      "- Too small",
    ]) {
      expect(text).toContain(expected)
    }
    expect(text).not.toContain("- Fit\n")
  })

  it("RET-1 money in the text is formatted by Money.format in the given locale", () => {
    const german = Publication.toText(detailed, { locale: "de-DE" })
    expect(german).toContain(Money.format(Money.make(495, "EUR"), "de-DE"))
    const yen = policyWith({
      currency: "JPY",
      fees: { returnShipping: { mode: "flat", amount: { amount: 500, currency: "JPY" } } },
    })
    expect(Publication.toText(yen, { locale: "en-US" })).toContain(
      Money.format(Money.make(500, "JPY"), "en-US"),
    )
  })

  it("RET-1 Markdown rendering uses headings and lists", () => {
    const markdown = Publication.toText(detailed, { format: "markdown" })
    expect(markdown.startsWith("# Returns and exchanges\n")).toBe(true)
    expect(markdown).toContain("## Return window")
    expect(markdown).toContain(
      "## Exceptions\n\n- Final sale, cannot be returned: items tagged clearance.",
    )
    expect(markdown).toContain("## Fees")
    expect(markdown).not.toContain("=====")
  })

  it("RET-1 an unlimited window, the customer's zone and other starts read as such", () => {
    expect(Publication.toText(policyWith({ window: { days: "unlimited" } }))).toContain(
      "You can return items at any time: there is no time limit.",
    )
    const customerZone = Publication.toText(
      policyWith({ window: { days: 1, startsFrom: "purchase", closesAt: "customerZone" } }),
    )
    expect(customerZone).toContain("within 1 day of purchase")
    expect(customerZone).toContain("your local time")
    expect(customerZone).not.toContain("dispatch plus")
    expect(
      Publication.toText(policyWith({ window: { days: 14, startsFrom: "lastDelivery" } })),
    ).toContain("within 14 days of the delivery of the last parcel of your order")
  })

  it("RET-2 the published text says any staff member may authorise once the product is verified", () => {
    const text = Publication.toText(
      policyWith({ staffAuthorisation: { verificationMethods: ["serial", "receipt"] } }),
    )
    expect(text).toContain(
      "Any member of our staff can authorise your return on the spot once they have confirmed the product was bought from us (by its serial number or your receipt).",
    )
  })
})
