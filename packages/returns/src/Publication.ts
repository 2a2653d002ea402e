/**
 * Publishing a return policy (RET-1): as readable, customer-facing text (plain or
 * Markdown) and as schema.org `MerchantReturnPolicy` JSON-LD for search engines —
 * both rendered from the same policy data that decides returns, so what is
 * published is what is applied.
 *
 * @since 0.1.0
 */
import { Money } from "@clientele/core"
import type * as ReturnPolicy from "./ReturnPolicy.js"
import { isFinalSale, usableReasons, windowFor } from "./ReturnPolicy.js"

/**
 * How {@link toText} renders: `format` (`"text"`, the default, or `"markdown"`),
 * the `locale` that money is formatted in (`Money.format`; the words are English),
 * and whether to list the reasons a customer can give (`includeReasons`, default
 * false).
 *
 * @example
 * ```ts
 * import type { Publication } from "@clientele/returns"
 *
 * const options: Publication.TextOptions = { format: "markdown", locale: "en-IE", includeReasons: true }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface TextOptions {
  readonly format?: "text" | "markdown"
  readonly locale?: string
  readonly includeReasons?: boolean
}

const plural = (count: number, one: string, many: string): string =>
  `${count} ${count === 1 ? one : many}`

const joinOr = (items: ReadonlyArray<string>): string =>
  items.length <= 1
    ? (items[0] ?? "")
    : `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`

const percentOf = (basisPoints: number): string => `${basisPoints / 100} %`

const describeSelector = (selector: ReturnPolicy.Selector): string => {
  if (selector.label !== undefined) return selector.label
  switch (selector.kind) {
    case "sku":
      return `${selector.values.length === 1 ? "SKU" : "SKUs"} ${selector.values.join(", ")}`
    case "product":
      return `${selector.values.length === 1 ? "product" : "products"} ${selector.values.join(", ")}`
    case "category":
      return `items in the ${selector.values.length === 1 ? "category" : "categories"} ${selector.values.join(", ")}`
    case "tag":
      return `items tagged ${joinOr(selector.values)}`
    case "customerTier":
      return `members of the ${joinOr(selector.values)} ${selector.values.length === 1 ? "tier" : "tiers"}`
    case "discountAtLeast":
      return `items reduced by ${selector.percent} % or more`
  }
}

const startPhrases: Record<ReturnPolicy.WindowStart, string> = {
  purchase: "of purchase",
  fulfilment: "of dispatch",
  delivery: "of delivery",
  lastDelivery: "of the delivery of the last parcel of your order",
}

const conditionWords: Record<ReturnPolicy.Condition, string> = {
  unopened: "unopened",
  opened: "opened",
  damaged: "damaged",
}

const resolutionWords: Record<ReturnPolicy.Resolution, string> = {
  refund: "a refund",
  exchange: "an exchange",
  storeCredit: "store credit",
  repair: "a repair",
}

const waiverWords: Record<ReturnPolicy.ReasonClass, string> = {
  remorse: "you changed your mind",
  defect: "the item is faulty",
  wrongItem: "we sent the wrong item",
  notAsDescribed: "the item is not as described",
  missing: "something is missing",
  other: "you return it for another reason",
}

const methodWords: Record<ReturnPolicy.ReturnMethod, string> = {
  byMail: "by mail",
  inStore: "in store",
  atKiosk: "at a return kiosk",
}

const verificationWords: Record<ReturnPolicy.VerificationMethod, string> = {
  orderLookup: "finding it in your order",
  serial: "its serial number",
  receipt: "your receipt",
  visual: "looking at it",
}

interface Section {
  readonly title: string
  readonly paragraphs: ReadonlyArray<string>
  readonly bullets?: ReadonlyArray<string>
}

const windowSection = (policy: ReturnPolicy.ReturnPolicy): Section => {
  const window = policy.window
  const paragraphs: Array<string> = []
  if (window.days === "unlimited") {
    paragraphs.push("You can return items at any time: there is no time limit.")
  } else {
    paragraphs.push(
      `You can return items within ${plural(window.days, "day", "days")} ${startPhrases[window.startsFrom]}; the last day counts.`,
    )
    if (window.startsFrom === "delivery" || window.startsFrom === "lastDelivery")
      paragraphs.push(
        window.transitBufferDays > 0
          ? `If we do not know when a parcel arrived, we count from its dispatch plus ${plural(window.transitBufferDays, "day", "days")} for delivery.`
          : "If we do not know when a parcel arrived, we count from its dispatch.",
      )
    paragraphs.push(
      window.closesAt === "storeZone"
        ? `The window closes at midnight at the end of its last day, store time (${policy.storeZone}).`
        : "The window closes at midnight at the end of its last day, your local time.",
    )
    if (window.extendToNextBusinessDay !== undefined)
      paragraphs.push(
        "If the last day falls on a day we are closed, the window runs to the end of our next business day.",
      )
  }
  paragraphs.push(
    window.exchangedItems === "originalWindow"
      ? "Items you received in an exchange keep the window of the item they replaced."
      : window.exchangedItems === "restartWindow"
        ? "Items you received in an exchange get a new window of their own."
        : "Items you received in an exchange cannot be returned.",
  )
  return { title: "Return window", paragraphs }
}

const exceptionsSection = (policy: ReturnPolicy.ReturnPolicy): Section | undefined => {
  const bullets: Array<string> = []
  for (const selector of policy.finalSale)
    bullets.push(`Final sale, cannot be returned: ${describeSelector(selector)}.`)
  for (const override of policy.windowOverrides) {
    const what = describeSelector(override.selector)
    bullets.push(
      override.days === "notReturnable"
        ? `${what}: cannot be returned.`
        : override.days === "unlimited"
          ? `${what}: can be returned at any time.`
          : `${what}: ${plural(override.days, "day", "days")} to return.`,
    )
  }
  // A capital letter starts each bullet, whatever the selector's description starts with.
  const capitalised = bullets.map((text) => text.charAt(0).toUpperCase() + text.slice(1))
  return capitalised.length === 0
    ? undefined
    : { title: "Exceptions", paragraphs: [], bullets: capitalised }
}

const outcomeSection = (policy: ReturnPolicy.ReturnPolicy): Section => {
  const paragraphs = [
    `We take back items that are ${joinOr(policy.acceptedConditions.map((c) => conditionWords[c]))}.`,
    `You can choose ${joinOr(policy.allowedResolutions.map((r) => resolutionWords[r]))}.`,
  ]
  if (policy.allowedResolutions.includes("refund"))
    paragraphs.push(
      policy.refundDestination === "original"
        ? "Refunds go back to your original payment method."
        : policy.refundDestination === "storeCredit"
          ? "Refunds are issued as store credit."
          : "You choose whether a refund goes back to your original payment method or becomes store credit.",
    )
  return { title: "What you get", paragraphs }
}

const feesSection = (policy: ReturnPolicy.ReturnPolicy, locale: string | undefined): Section => {
  const fees = policy.fees
  const paragraphs: Array<string> = []
  const shipping = fees.returnShipping
  if (fees.restockingBasisPoints > 0)
    paragraphs.push(
      `A restocking fee of ${percentOf(fees.restockingBasisPoints)} of the price you paid applies to refunds and store credit.`,
    )
  paragraphs.push(
    shipping.mode === "free"
      ? "Return shipping is free."
      : shipping.mode === "flat"
        ? `Return shipping costs ${Money.format(shipping.amount, locale)} per return, deducted from your refund.`
        : "You send the parcel back at your own cost.",
  )
  const deducted = fees.restockingBasisPoints > 0 || shipping.mode === "flat"
  if (deducted && fees.waivedFor.length > 0)
    paragraphs.push(
      `We charge no ${fees.restockingBasisPoints > 0 && shipping.mode === "flat" ? "fees" : "fee"} when ${joinOr(fees.waivedFor.map((c) => waiverWords[c]))}.`,
    )
  if (shipping.mode === "flat" && fees.exchangeReturnShippingFree)
    paragraphs.push("Exchanges ship back free of charge.")
  if (fees.refundShippingOnFullReturn)
    paragraphs.push("If you send back everything we shipped, we also refund the original shipping.")
  return { title: "Fees", paragraphs }
}

const howSection = (policy: ReturnPolicy.ReturnPolicy, includeReasons: boolean): Section => {
  const paragraphs = [
    `You can return items ${joinOr(policy.returnMethods.map((m) => methodWords[m]))}.`,
  ]
  if (policy.instructions !== undefined) paragraphs.push(policy.instructions)
  paragraphs.push(
    `Any member of our staff can authorise your return on the spot once they have confirmed the product was bought from us (by ${joinOr(policy.staffAuthorisation.verificationMethods.map((m) => verificationWords[m]))}).`,
  )
  if (!includeReasons) return { title: "How to return", paragraphs }
  const reasons = usableReasons(policy)
  const other = reasons.find((reason) => reason.class === "other")
  if (other !== undefined) paragraphs.push(`If you choose "${other.label}", please tell us more.`)
  paragraphs.push("The reasons you can give:")
  return {
    title: "How to return",
    paragraphs,
    bullets: reasons.map((reason) => reason.label),
  }
}

/**
 * Renders a policy as customer-facing text: the window (length, start, closing zone,
 * business-day extension, exchanged items), the exceptions (final sale, category
 * windows), accepted conditions and resolutions, where refunds go, the fees and when
 * they are waived (amounts formatted with `Money.format`), and how to return (methods,
 * instructions, any-staff authorisation, optionally the reasons to choose from).
 *
 * @remarks
 * The wording is English; `locale` only formats money. Plain text underlines the
 * headings; Markdown uses `#` headings and `-` lists.
 *
 * @example
 * ```ts
 * import { Publication, ReturnPolicy } from "@clientele/returns"
 *
 * const text = Publication.toText(ReturnPolicy.defaultPolicy("EUR", "Europe/Berlin"), { format: "markdown" })
 * text.includes("You can return items within 30 days of delivery") // true
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export const toText = (policy: ReturnPolicy.ReturnPolicy, options: TextOptions = {}): string => {
  const markdown = options.format === "markdown"
  const sections: Array<Section> = [windowSection(policy)]
  const exceptions = exceptionsSection(policy)
  if (exceptions !== undefined) sections.push(exceptions)
  sections.push(outcomeSection(policy))
  sections.push(feesSection(policy, options.locale))
  sections.push(howSection(policy, options.includeReasons === true))
  const blocks: Array<string> = [
    markdown ? `# ${policy.name}` : `${policy.name}\n${"=".repeat(policy.name.length)}`,
  ]
  if (policy.description !== undefined) blocks.push(policy.description)
  for (const section of sections) {
    blocks.push(
      markdown ? `## ${section.title}` : `${section.title}\n${"-".repeat(section.title.length)}`,
    )
    if (section.paragraphs.length > 0)
      blocks.push(section.paragraphs.join(markdown ? "\n\n" : "\n"))
    if (section.bullets !== undefined && section.bullets.length > 0)
      blocks.push(section.bullets.map((bullet) => `- ${bullet}`).join("\n"))
  }
  return `${blocks.join("\n\n")}\n`
}

/**
 * A JSON value: what `JSON.stringify` writes and `JSON.parse` reads back unchanged.
 *
 * @example
 * ```ts
 * import type { Publication } from "@clientele/returns"
 *
 * const value: Publication.JsonValue = { days: 30, methods: ["mail"], free: true }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | ReadonlyArray<JsonValue>
  | { readonly [key: string]: JsonValue }

/**
 * A JSON-LD object, ready for `JSON.stringify` into a
 * `<script type="application/ld+json">`.
 *
 * @example
 * ```ts
 * import type { Publication } from "@clientele/returns"
 *
 * const script = (jsonLd: Publication.JsonLd) => `<script type="application/ld+json">${JSON.stringify(jsonLd)}</script>`
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type JsonLd = { readonly [key: string]: JsonValue }

/**
 * How {@link toJsonLd} renders: the page of the policy (`url`, published as
 * `merchantReturnLink`), the countries it applies to and the country returns go to
 * (ISO 3166-1 alpha-2 codes, given as they are), and optionally one `item` to
 * publish the policy of a single product (its final-sale status and category window
 * applied), e.g. under an `Offer`'s `hasMerchantReturnPolicy`.
 *
 * @example
 * ```ts
 * import type { Publication } from "@clientele/returns"
 *
 * const options: Publication.JsonLdOptions = {
 *   url: "https://shop.example/returns",
 *   applicableCountry: ["DE", "AT"],
 *   returnPolicyCountry: "DE",
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface JsonLdOptions {
  readonly url?: string
  readonly applicableCountry?: string | ReadonlyArray<string>
  readonly returnPolicyCountry?: string
  readonly item?: ReturnPolicy.Item
}

const SCHEMA = "https://schema.org/"

const oneOrMany = (values: ReadonlyArray<string>): JsonValue =>
  values.length === 1 ? (values[0] as string) : values

const monetaryAmount = (amount: Money.Money): JsonLd => ({
  "@type": "MonetaryAmount",
  // The decimal text of the exact amount reads back as the same number.
  value: Number(Money.toDecimal(amount)),
  currency: amount.currency,
})

const conditionTerms: Record<ReturnPolicy.Condition, string> = {
  unopened: `${SCHEMA}NewCondition`,
  opened: `${SCHEMA}UsedCondition`,
  damaged: `${SCHEMA}DamagedCondition`,
}

const methodTerms: Record<ReturnPolicy.ReturnMethod, string> = {
  byMail: `${SCHEMA}ReturnByMail`,
  inStore: `${SCHEMA}ReturnInStore`,
  atKiosk: `${SCHEMA}ReturnAtKiosk`,
}

const refundTypes = (policy: ReturnPolicy.ReturnPolicy): ReadonlyArray<string> => {
  const types = new Set<string>()
  for (const resolution of policy.allowedResolutions) {
    if (resolution === "refund") {
      if (policy.refundDestination !== "storeCredit") types.add(`${SCHEMA}FullRefund`)
      if (policy.refundDestination !== "original") types.add(`${SCHEMA}StoreCreditRefund`)
    } else if (resolution === "exchange") types.add(`${SCHEMA}ExchangeRefund`)
    else if (resolution === "storeCredit") types.add(`${SCHEMA}StoreCreditRefund`)
  }
  return [...types]
}

/**
 * Renders a policy as schema.org `MerchantReturnPolicy` JSON-LD, with the exact
 * schema.org terms: `returnPolicyCategory` (`MerchantReturnFiniteReturnWindow` with
 * `merchantReturnDays`, `MerchantReturnUnlimitedWindow`, or, for an `item` that is
 * final sale or not returnable, `MerchantReturnNotPermitted`), `returnMethod` and
 * `inStoreReturnsOffered`, `returnFees` (`FreeReturn`, `RestockingFees`,
 * `ReturnShippingFees` with `returnShippingFeesAmount` as a `MonetaryAmount`, or
 * `ReturnFeesCustomerResponsibility`) and `restockingFee` (a percentage),
 * `customerRemorseReturnFees` and `itemDefectReturnFees` (free when the policy waives
 * fees for remorse or defects) with their shipping amounts, `refundType`
 * (`FullRefund`, `ExchangeRefund`, `StoreCreditRefund`), `itemCondition`, and the
 * options' `merchantReturnLink`, `applicableCountry` and `returnPolicyCountry`.
 *
 * @remarks
 * Repairs have no schema.org refund type and are left out of `refundType`. A
 * property with several values is an array, one value a plain string. The result
 * holds only JSON values, so `JSON.stringify` publishes it as is.
 *
 * @example
 * ```ts
 * import { Publication, ReturnPolicy } from "@clientele/returns"
 *
 * const jsonLd = Publication.toJsonLd(ReturnPolicy.defaultPolicy("EUR", "Europe/Berlin"), {
 *   url: "https://shop.example/returns",
 *   applicableCountry: "DE",
 * })
 * jsonLd.returnPolicyCategory // "https://schema.org/MerchantReturnFiniteReturnWindow"
 * jsonLd.merchantReturnDays // 30
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export const toJsonLd = (
  policy: ReturnPolicy.ReturnPolicy,
  options: JsonLdOptions = {},
): JsonLd => {
  const jsonLd: Record<string, JsonValue> = {
    "@context": "https://schema.org",
    "@type": "MerchantReturnPolicy",
    name: policy.name,
  }
  if (policy.description !== undefined) jsonLd.description = policy.description
  if (options.url !== undefined) jsonLd.merchantReturnLink = options.url
  if (options.applicableCountry !== undefined)
    jsonLd.applicableCountry =
      typeof options.applicableCountry === "string"
        ? options.applicableCountry
        : oneOrMany(options.applicableCountry)
  if (options.returnPolicyCountry !== undefined)
    jsonLd.returnPolicyCountry = options.returnPolicyCountry

  const item = options.item
  const days =
    item === undefined
      ? policy.window.days
      : isFinalSale(policy, item)
        ? "notReturnable"
        : windowFor(policy, item)
  if (days === "notReturnable") {
    jsonLd.returnPolicyCategory = `${SCHEMA}MerchantReturnNotPermitted`
    return jsonLd
  }
  if (days === "unlimited") {
    jsonLd.returnPolicyCategory = `${SCHEMA}MerchantReturnUnlimitedWindow`
  } else {
    jsonLd.returnPolicyCategory = `${SCHEMA}MerchantReturnFiniteReturnWindow`
    jsonLd.merchantReturnDays = days
  }
  jsonLd.returnMethod = oneOrMany(policy.returnMethods.map((method) => methodTerms[method]))
  jsonLd.inStoreReturnsOffered = policy.returnMethods.includes("inStore")

  const fees = policy.fees
  const shipping = fees.returnShipping
  const charged =
    shipping.mode === "flat"
      ? `${SCHEMA}ReturnShippingFees`
      : shipping.mode === "customerPays"
        ? `${SCHEMA}ReturnFeesCustomerResponsibility`
        : fees.restockingBasisPoints > 0
          ? `${SCHEMA}RestockingFees`
          : `${SCHEMA}FreeReturn`
  // A waiver lifts what the merchant deducts; a customer who ships at their own cost still does.
  const waived =
    shipping.mode === "customerPays"
      ? `${SCHEMA}ReturnFeesCustomerResponsibility`
      : `${SCHEMA}FreeReturn`
  jsonLd.returnFees = charged
  if (shipping.mode === "flat") jsonLd.returnShippingFeesAmount = monetaryAmount(shipping.amount)
  if (fees.restockingBasisPoints > 0) jsonLd.restockingFee = fees.restockingBasisPoints / 100
  const remorseWaived = fees.waivedFor.includes("remorse")
  jsonLd.customerRemorseReturnFees = remorseWaived ? waived : charged
  if (shipping.mode === "flat" && !remorseWaived)
    jsonLd.customerRemorseReturnShippingFeesAmount = monetaryAmount(shipping.amount)
  const defectWaived = fees.waivedFor.includes("defect")
  jsonLd.itemDefectReturnFees = defectWaived ? waived : charged
  if (shipping.mode === "flat" && !defectWaived)
    jsonLd.itemDefectReturnShippingFeesAmount = monetaryAmount(shipping.amount)

  const refunds = refundTypes(policy)
  if (refunds.length > 0) jsonLd.refundType = oneOrMany(refunds)
  jsonLd.itemCondition = oneOrMany(
    policy.acceptedConditions.map((condition) => conditionTerms[condition]),
  )
  return jsonLd
}
