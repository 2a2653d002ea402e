/**
 * Service commitments by spend threshold (RET-4): which services — express
 * delivery, gift wrapping, home delivery, or any service a company names — an order
 * gets, free or at a listed price, and what becomes of a free service when a return
 * brings the kept value below the threshold that earned it.
 *
 * A commitment is data: a threshold on one basis amount of the order (before or
 * after discounts, or tax-inclusive) with its comparator (`atLeast` or `above`), a
 * listed price, per-tier overrides (a lower threshold, or the service free
 * regardless of spend), an optional list of markets, and an explicit flag for
 * returns (`keep`, `chargeListedPrice`, `deductFromRefund`). A versioned
 * {@link CommitmentPolicy} in one currency holds one commitment per service.
 * {@link evaluate} decides each requested service of an order; {@link afterReturn}
 * decides each granted free service after a return. Money is exact: integer minor
 * units, one currency.
 *
 * @since 0.1.0
 */
import { Errors, Ids, Money } from "@clientele/core"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"

const PositiveInt = Schema.Int.pipe(Schema.positive())

const Name = Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(64))

const MAX_COMMITMENTS = 250

/** One issue naming the choices, rather than one issue per literal of the union. */
const oneOf = (text: string) => ({ message: () => ({ message: text, override: true }) })

/**
 * The services RET-4 names: express delivery, gift wrapping and home delivery.
 *
 * @example
 * ```ts
 * import { Commitment } from "@clientele/returns"
 *
 * Commitment.BuiltInService.literals // ["expressDelivery", "giftWrap", "homeDelivery"]
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const BuiltInService = Schema.Literal("expressDelivery", "giftWrap", "homeDelivery")

/**
 * The type of a built-in service name.
 *
 * @example
 * ```ts
 * import type { Commitment } from "@clientele/returns"
 *
 * const wrap: Commitment.BuiltInService = "giftWrap"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type BuiltInService = typeof BuiltInService.Type

/**
 * The name of a service an order may request: the built-in {@link BuiltInService}
 * names or any other name a company offers (`"assembly"`, `"oldApplianceRemoval"`),
 * a letter followed by up to 63 letters, digits, `_` or `-`.
 *
 * @remarks
 * RULES.md lists three services "(express delivery, gift wrapping, home
 * delivery)" as examples, so the set is open; names are identifiers rather than
 * display text so that `"Gift wrap"` and `"giftWrap"` cannot both exist.
 *
 * @example
 * ```ts
 * import { Commitment } from "@clientele/returns"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(Commitment.Service)("homeDelivery") // true
 * Schema.is(Commitment.Service)("assembly") // true
 * Schema.is(Commitment.Service)("gift wrap") // false
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Service = Schema.String.pipe(
  Schema.pattern(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, {
    message: () =>
      "a service name is a letter followed by up to 63 letters, digits, _ or - (e.g. giftWrap)",
  }),
  Schema.annotations({ identifier: "Service", description: "the name of a service" }),
)

/**
 * The type of a service name.
 *
 * @example
 * ```ts
 * import type { Commitment } from "@clientele/returns"
 *
 * const service: Commitment.Service = "expressDelivery"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Service = typeof Service.Type

/**
 * A customer tier as segmentation names it (`"major"`, `"5★"`, `"gold"`): a free,
 * non-empty name of at most 64 characters, compared exactly.
 *
 * @example
 * ```ts
 * import { Commitment } from "@clientele/returns"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(Commitment.Tier)("5★") // true
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Tier = Name.annotations({ identifier: "Tier", description: "a customer tier" })

/**
 * The type of a customer tier name.
 *
 * @example
 * ```ts
 * import type { Commitment } from "@clientele/returns"
 *
 * const tier: Commitment.Tier = "major"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Tier = typeof Tier.Type

/**
 * A market or region an order is placed in (`"DE"`, `"FR"`, `"Nordics"`): a free,
 * non-empty name of at most 64 characters, compared exactly.
 *
 * @example
 * ```ts
 * import { Commitment } from "@clientele/returns"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(Commitment.Market)("DE") // true
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Market = Name.annotations({ identifier: "Market", description: "a market or region" })

/**
 * The type of a market name.
 *
 * @example
 * ```ts
 * import type { Commitment } from "@clientele/returns"
 *
 * const market: Commitment.Market = "AT"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Market = typeof Market.Type

/**
 * Which amount of an order a threshold is measured on: the subtotal of the goods
 * before discounts, after discounts, or the total including tax.
 *
 * @example
 * ```ts
 * import { Commitment } from "@clientele/returns"
 *
 * Commitment.Basis.literals // ["subtotalBeforeDiscounts", "subtotalAfterDiscounts", "totalInclTax"]
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Basis = Schema.Literal(
  "subtotalBeforeDiscounts",
  "subtotalAfterDiscounts",
  "totalInclTax",
).annotations(
  oneOf("a threshold basis is subtotalBeforeDiscounts, subtotalAfterDiscounts or totalInclTax"),
)

/**
 * The type of a threshold basis.
 *
 * @example
 * ```ts
 * import type { Commitment } from "@clientele/returns"
 *
 * const basis: Commitment.Basis = "subtotalAfterDiscounts"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Basis = typeof Basis.Type

/**
 * How a basis amount is compared with a threshold: `atLeast` qualifies exactly at
 * the threshold ("from 500.00"), `above` only past it ("over 500.00").
 *
 * @example
 * ```ts
 * import { Commitment } from "@clientele/returns"
 *
 * Commitment.Comparator.literals // ["atLeast", "above"]
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Comparator = Schema.Literal("atLeast", "above").annotations(
  oneOf("a threshold comparator is atLeast or above"),
)

/**
 * The type of a threshold comparator.
 *
 * @example
 * ```ts
 * import type { Commitment } from "@clientele/returns"
 *
 * const comparator: Commitment.Comparator = "atLeast"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Comparator = typeof Comparator.Type

/**
 * What happens to a service granted free when a return brings the kept value below
 * its threshold: `keep` (the customer keeps it free), `chargeListedPrice` (the
 * listed price is charged to the customer) or `deductFromRefund` (the listed price
 * is deducted from the refund).
 *
 * @example
 * ```ts
 * import { Commitment } from "@clientele/returns"
 *
 * Commitment.OnReturnBelowThreshold.literals // ["keep", "chargeListedPrice", "deductFromRefund"]
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const OnReturnBelowThreshold = Schema.Literal(
  "keep",
  "chargeListedPrice",
  "deductFromRefund",
).annotations(
  oneOf("what a return below the threshold does is keep, chargeListedPrice or deductFromRefund"),
)

/**
 * The type of the return flag.
 *
 * @example
 * ```ts
 * import type { Commitment } from "@clientele/returns"
 *
 * const flag: Commitment.OnReturnBelowThreshold = "deductFromRefund"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type OnReturnBelowThreshold = typeof OnReturnBelowThreshold.Type

const isReachable = (comparator: Comparator, amount: number): boolean =>
  // `above` the largest safe amount could never be reached, and its shortfall
  // (amount + 1 minor unit) could not be held exactly.
  comparator === "atLeast" || amount < Number.MAX_SAFE_INTEGER

/**
 * A spend threshold: the service is free when the order's `basis` amount is
 * `atLeast` (or `above`) `amount`. The amount is not negative; an `above`
 * threshold is below the largest safe amount so that it can be passed.
 *
 * @example
 * ```ts
 * import { Commitment } from "@clientele/returns"
 * import { Money } from "@clientele/core"
 *
 * const from500 = Commitment.Threshold.make({
 *   basis: "subtotalAfterDiscounts",
 *   comparator: "atLeast",
 *   amount: Money.make(50000, "EUR"),
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Threshold = Schema.Struct({
  basis: Basis,
  comparator: Comparator,
  amount: Money.Money,
}).pipe(
  Schema.filter((threshold) => {
    const issues: Array<Schema.FilterIssue> = []
    if (threshold.amount.amount < 0)
      issues.push({ path: ["amount"], message: "a threshold cannot be negative (RET-4)" })
    if (!isReachable(threshold.comparator, threshold.amount.amount))
      issues.push({
        path: ["amount"],
        message: "an `above` threshold must be below the largest safe amount (RET-4)",
      })
    return issues
  }),
  Schema.annotations({ identifier: "Threshold" }),
)

/**
 * The type of a spend threshold.
 *
 * @example
 * ```ts
 * import type { Commitment } from "@clientele/returns"
 * import { Money } from "@clientele/core"
 *
 * const over100: Commitment.Threshold = {
 *   basis: "totalInclTax",
 *   comparator: "above",
 *   amount: Money.make(10000, "EUR"),
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Threshold = typeof Threshold.Type

/**
 * What one customer tier gets instead of the commitment's general terms: either a
 * different `thresholdAmount` (same basis and comparator as the commitment's
 * threshold; lower or higher) or the service `free` regardless of spend. Exactly
 * one of the two.
 *
 * @example
 * ```ts
 * import { Commitment } from "@clientele/returns"
 * import { Money } from "@clientele/core"
 *
 * const majorFrom300 = Commitment.TierOverride.make({ tier: "major", thresholdAmount: Money.make(30000, "EUR") })
 * const fiveStarFree = Commitment.TierOverride.make({ tier: "5★", free: true })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const TierOverride = Schema.Struct({
  tier: Tier,
  thresholdAmount: Schema.optionalWith(Money.Money, { exact: true }),
  free: Schema.optionalWith(Schema.Literal(true), { exact: true }),
}).pipe(
  Schema.filter((override) => {
    const issues: Array<Schema.FilterIssue> = []
    const hasAmount = override.thresholdAmount !== undefined
    const isFree = override.free === true
    if (hasAmount === isFree)
      issues.push({
        path: ["thresholdAmount"],
        message: `the override for tier ${override.tier} gives either a thresholdAmount or free: true, exactly one (RET-4)`,
      })
    if (override.thresholdAmount !== undefined && override.thresholdAmount.amount < 0)
      issues.push({
        path: ["thresholdAmount"],
        message: "a threshold cannot be negative (RET-4)",
      })
    return issues
  }),
  Schema.annotations({ identifier: "TierOverride" }),
)

/**
 * The type of a tier override.
 *
 * @example
 * ```ts
 * import type { Commitment } from "@clientele/returns"
 *
 * const free: Commitment.TierOverride = { tier: "major", free: true }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type TierOverride = typeof TierOverride.Type

/**
 * One service commitment (RET-4): the `service`; its spend `threshold` (absent: the
 * service is only ever offered at its listed price, or free to the tiers an
 * override names); the `listedPrice` charged below the threshold or when there is
 * no threshold (absent: the service is only offered when it is free); the
 * `tierOverrides`; the `markets` it is available in (absent: everywhere); and
 * `onReturnBelowThreshold`, required exactly when there is a threshold.
 *
 * Validation names the field at fault: a listed price that is not positive (a
 * service free for everyone is a threshold of 0, `atLeast`); a tier overridden
 * twice; a `thresholdAmount` override without a threshold to override; a return
 * flag missing beside a threshold or present without one; `chargeListedPrice` or
 * `deductFromRefund` without a listed price to charge; a commitment that can never
 * be offered (no threshold, no listed price, no tier getting it free); a market
 * listed twice.
 *
 * @example
 * ```ts
 * import { Commitment } from "@clientele/returns"
 * import { Money } from "@clientele/core"
 *
 * const homeDelivery = Commitment.Commitment.make({
 *   service: "homeDelivery",
 *   threshold: { basis: "subtotalAfterDiscounts", comparator: "atLeast", amount: Money.make(50000, "EUR") },
 *   listedPrice: Money.make(3000, "EUR"),
 *   tierOverrides: [{ tier: "major", thresholdAmount: Money.make(30000, "EUR") }],
 *   onReturnBelowThreshold: "deductFromRefund",
 *   markets: ["DE", "AT"],
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Commitment = Schema.Struct({
  service: Service,
  threshold: Schema.optionalWith(Threshold, { exact: true }),
  listedPrice: Schema.optionalWith(Money.Money, { exact: true }),
  tierOverrides: Schema.optionalWith(Schema.Array(TierOverride), { exact: true }),
  onReturnBelowThreshold: Schema.optionalWith(OnReturnBelowThreshold, { exact: true }),
  markets: Schema.optionalWith(Schema.NonEmptyArray(Market), { exact: true }),
}).pipe(
  Schema.filter((commitment) => {
    const issues: Array<Schema.FilterIssue> = []
    const { threshold, listedPrice, onReturnBelowThreshold: flag } = commitment
    const overrides = commitment.tierOverrides ?? []
    if (listedPrice !== undefined && listedPrice.amount <= 0)
      issues.push({
        path: ["listedPrice"],
        message:
          "a listed price is positive; a service free for everyone is a threshold of 0 with atLeast (RET-4)",
      })
    const tiers = new Set<string>()
    overrides.forEach((override, index) => {
      if (tiers.has(override.tier))
        issues.push({
          path: ["tierOverrides", index, "tier"],
          message: `tier ${override.tier} is overridden twice (RET-4)`,
        })
      tiers.add(override.tier)
      if (override.thresholdAmount === undefined) return
      if (threshold === undefined)
        issues.push({
          path: ["tierOverrides", index, "thresholdAmount"],
          message: `${commitment.service} has no threshold for tier ${override.tier} to override (RET-4)`,
        })
      else if (!isReachable(threshold.comparator, override.thresholdAmount.amount))
        issues.push({
          path: ["tierOverrides", index, "thresholdAmount"],
          message: "an `above` threshold must be below the largest safe amount (RET-4)",
        })
    })
    if (threshold !== undefined && flag === undefined)
      issues.push({
        path: ["onReturnBelowThreshold"],
        message: `${commitment.service} has a threshold, so it must say what a return that drops the kept value below it does: keep, chargeListedPrice or deductFromRefund (RET-4)`,
      })
    if (threshold === undefined && flag !== undefined)
      issues.push({
        path: ["onReturnBelowThreshold"],
        message: `${commitment.service} has no threshold for a return to drop below (RET-4)`,
      })
    if (flag !== undefined && flag !== "keep" && listedPrice === undefined)
      issues.push({
        path: ["onReturnBelowThreshold"],
        message: `${flag} charges the listed price, but ${commitment.service} has none (RET-4)`,
      })
    if (
      threshold === undefined &&
      listedPrice === undefined &&
      !overrides.some((override) => override.free === true)
    )
      issues.push({
        path: ["threshold"],
        message: `${commitment.service} has no threshold, no listed price and no tier that gets it free, so it is never offered (RET-4)`,
      })
    const markets = new Set<string>()
    commitment.markets?.forEach((market, index) => {
      if (markets.has(market))
        issues.push({ path: ["markets", index], message: `market ${market} is listed twice` })
      markets.add(market)
    })
    return issues
  }),
  Schema.annotations({ identifier: "Commitment" }),
)

/**
 * The type of a service commitment.
 *
 * @example
 * ```ts
 * import type { Commitment } from "@clientele/returns"
 * import { Money } from "@clientele/core"
 *
 * const express: Commitment.Commitment = { service: "expressDelivery", listedPrice: Money.make(1500, "EUR") }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Commitment = typeof Commitment.Type

/**
 * A versioned policy of service commitments (RET-4) in one currency: at most one
 * commitment per service, every amount in `currency`. Validation names the field
 * at fault (`commitments.<i>.threshold.amount`, `commitments.<i>.service`, …).
 *
 * @example
 * ```ts
 * import { Commitment } from "@clientele/returns"
 *
 * const policy = Commitment.decodeEither({
 *   id: "shop-de",
 *   version: 3,
 *   currency: "EUR",
 *   commitments: [{ service: "giftWrap", listedPrice: { amount: 400, currency: "EUR" } }],
 * }) // Right
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const CommitmentPolicy = Schema.Struct({
  id: Ids.IdString,
  version: PositiveInt,
  currency: Money.CurrencyCode,
  commitments: Schema.Array(Commitment),
}).pipe(
  Schema.filter((policy) => {
    const issues: Array<Schema.FilterIssue> = []
    const inCurrency = (money: Money.Money | undefined, path: ReadonlyArray<PropertyKey>) => {
      if (money !== undefined && money.currency !== policy.currency)
        issues.push({
          path,
          message: `${path.map(String).join(".")} is in ${money.currency} but the policy is in ${policy.currency} (RET-4)`,
        })
    }
    if (policy.commitments.length > MAX_COMMITMENTS)
      issues.push({
        path: ["commitments"],
        message: `a policy has at most ${MAX_COMMITMENTS} commitments`,
      })
    const services = new Set<string>()
    policy.commitments.forEach((commitment, index) => {
      if (services.has(commitment.service))
        issues.push({
          path: ["commitments", index, "service"],
          message: `${commitment.service} has two commitments; a policy has one per service (RET-4)`,
        })
      services.add(commitment.service)
      inCurrency(commitment.threshold?.amount, ["commitments", index, "threshold", "amount"])
      inCurrency(commitment.listedPrice, ["commitments", index, "listedPrice"])
      commitment.tierOverrides?.forEach((override, overrideIndex) => {
        inCurrency(override.thresholdAmount, [
          "commitments",
          index,
          "tierOverrides",
          overrideIndex,
          "thresholdAmount",
        ])
      })
    })
    return issues
  }),
  Schema.annotations({ identifier: "CommitmentPolicy" }),
)

/**
 * The type of a service-commitment policy.
 *
 * @example
 * ```ts
 * import { Commitment } from "@clientele/returns"
 *
 * const policy: Commitment.CommitmentPolicy = Commitment.defaultPolicy("EUR")
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type CommitmentPolicy = typeof CommitmentPolicy.Type

/**
 * Validates untrusted input as a {@link CommitmentPolicy}, failing with a
 * `ValidationError` that names every failing field.
 *
 * @example
 * ```ts
 * import { Commitment } from "@clientele/returns"
 * import * as Either from "effect/Either"
 *
 * const result = Commitment.decodeEither({
 *   id: "shop",
 *   version: 1,
 *   currency: "EUR",
 *   commitments: [{ service: "giftWrap", listedPrice: { amount: 400, currency: "USD" } }],
 * })
 * Either.isLeft(result) // true: commitments.0.listedPrice is in USD
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const decodeEither = (
  input: unknown,
): Either.Either<CommitmentPolicy, Errors.ValidationError> =>
  Errors.decodeEither(CommitmentPolicy)(input)

/**
 * Builds a {@link CommitmentPolicy} from its encoded form (amounts as
 * `{ amount, currency }`), failing with a `ValidationError` naming every failing
 * field.
 *
 * @example
 * ```ts
 * import { Commitment } from "@clientele/returns"
 *
 * const policy = Commitment.make({
 *   id: "shop-de",
 *   version: 1,
 *   currency: "EUR",
 *   commitments: [
 *     {
 *       service: "homeDelivery",
 *       threshold: { basis: "totalInclTax", comparator: "above", amount: { amount: 25000, currency: "EUR" } },
 *       onReturnBelowThreshold: "keep",
 *     },
 *   ],
 * }) // Right
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (
  input: typeof CommitmentPolicy.Encoded,
): Either.Either<CommitmentPolicy, Errors.ValidationError> => decodeEither(input)

const major = (text: string, currency: Money.CurrencyCode): Money.Money =>
  // The texts below are whole numbers, which every currency can hold.
  Either.getOrThrow(Money.fromDecimal(text, currency))

/**
 * The default service-commitment policy of RET-4 in a currency, or a
 * `ValidationError` on `currency` when the code is not an ISO 4217 currency. See
 * {@link defaultPolicy} for every default.
 *
 * @example
 * ```ts
 * import { Commitment } from "@clientele/returns"
 * import * as Either from "effect/Either"
 *
 * Either.isRight(Commitment.defaultPolicyEither("CHF")) // true
 * Either.isLeft(Commitment.defaultPolicyEither("EURO")) // true
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const defaultPolicyEither = (
  currency: string,
): Either.Either<CommitmentPolicy, Errors.ValidationError> =>
  Either.flatMap(
    Either.mapLeft(Errors.decodeEither(Money.CurrencyCode)(currency), (error) =>
      Errors.ValidationError.fromIssues(
        error.issues.map((issue) => ({ ...issue, path: ["currency", ...issue.path] })),
      ),
    ),
    (code) =>
      Either.mapLeft(
        Schema.validateEither(CommitmentPolicy, { errors: "all" })({
          id: "default",
          version: 1,
          currency: code,
          commitments: [
            {
              service: "homeDelivery",
              threshold: {
                basis: "subtotalAfterDiscounts",
                comparator: "atLeast",
                amount: major("500", code),
              },
              listedPrice: major("30", code),
              onReturnBelowThreshold: "keep",
            },
            { service: "expressDelivery", listedPrice: major("15", code) },
            {
              service: "giftWrap",
              listedPrice: major("5", code),
              tierOverrides: [{ tier: "major", free: true }],
            },
          ],
        }),
        Errors.ValidationError.fromParseError,
      ),
  )

/**
 * The default service-commitment policy of RET-4 (id `"default"`, version 1) in a
 * currency; amounts are whole units of that currency (500 means €500.00 in EUR,
 * ¥500 in JPY — set your own amounts where that does not fit). Throws on an
 * unknown currency code, like `Money.make`: use {@link defaultPolicyEither} for
 * input.
 *
 * - home delivery: free from 500 of the subtotal after discounts (`atLeast`),
 *   otherwise 30; a return below 500 lets the customer `keep` it free;
 * - express delivery: 15, for every order;
 * - gift wrapping: 5, free for `major` customers (the top tier of segmentation's
 *   three-tier scheme).
 *
 * Every market gets every service.
 *
 * @remarks
 * RULES.md gives no amounts. The subtotal after discounts is what the customer
 * spends on the goods, unmoved by tax rates, so it is the default basis. A return
 * keeps the free delivery by default because the delivery has already been made
 * and RET-1 asks for customer-friendly rules; choose `deductFromRefund` where
 * customers could buy above the threshold only to return the surplus.
 *
 * @example
 * ```ts
 * import { Commitment } from "@clientele/returns"
 *
 * const policy = Commitment.defaultPolicy("EUR")
 * policy.commitments.map((commitment) => commitment.service) // ["homeDelivery", "expressDelivery", "giftWrap"]
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const defaultPolicy = (currency: string): CommitmentPolicy =>
  Either.getOrThrowWith(defaultPolicyEither(currency), (error) => error)

/**
 * The amounts of an order (or of what a customer keeps after a return) that
 * thresholds are measured on, none negative, all in one currency.
 *
 * @example
 * ```ts
 * import { Commitment } from "@clientele/returns"
 * import { Money } from "@clientele/core"
 *
 * const amounts = Commitment.BasisAmounts.make({
 *   subtotalBeforeDiscounts: Money.make(55000, "EUR"),
 *   subtotalAfterDiscounts: Money.make(49500, "EUR"),
 *   totalInclTax: Money.make(58905, "EUR"),
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const BasisAmounts = Schema.Struct({
  subtotalBeforeDiscounts: Money.Money,
  subtotalAfterDiscounts: Money.Money,
  totalInclTax: Money.Money,
}).pipe(
  Schema.filter((amounts) => {
    const issues: Array<Schema.FilterIssue> = []
    for (const basis of Basis.literals)
      if (amounts[basis].amount < 0)
        issues.push({ path: [basis], message: `${basis} cannot be negative (RET-4)` })
    return issues
  }),
  Schema.annotations({ identifier: "BasisAmounts" }),
)

/**
 * The type of an order's basis amounts.
 *
 * @example
 * ```ts
 * import type { Commitment } from "@clientele/returns"
 * import { Money } from "@clientele/core"
 *
 * const amounts: Commitment.BasisAmounts = {
 *   subtotalBeforeDiscounts: Money.make(10000, "EUR"),
 *   subtotalAfterDiscounts: Money.make(9000, "EUR"),
 *   totalInclTax: Money.make(10710, "EUR"),
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type BasisAmounts = typeof BasisAmounts.Type

const uniqueServices = (services: ReadonlyArray<string>): Array<Schema.FilterIssue> => {
  const issues: Array<Schema.FilterIssue> = []
  const seen = new Set<string>()
  services.forEach((service, index) => {
    if (seen.has(service))
      issues.push({ path: [index], message: `${service} is listed twice (RET-4)` })
    seen.add(service)
  })
  return issues
}

const ServiceList = Schema.Array(Service).pipe(Schema.filter(uniqueServices))

/**
 * What {@link evaluate} decides on: the order's basis `amounts`, the customer's
 * `tier` and the order's `market` when known, and the services `requested` (each
 * once).
 *
 * @example
 * ```ts
 * import { Commitment } from "@clientele/returns"
 * import { Money } from "@clientele/core"
 *
 * const order = Commitment.Order.make({
 *   amounts: {
 *     subtotalBeforeDiscounts: Money.make(52000, "EUR"),
 *     subtotalAfterDiscounts: Money.make(50000, "EUR"),
 *     totalInclTax: Money.make(59500, "EUR"),
 *   },
 *   tier: "major",
 *   market: "DE",
 *   requested: ["homeDelivery", "giftWrap"],
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Order = Schema.Struct({
  amounts: BasisAmounts,
  tier: Schema.optionalWith(Tier, { exact: true }),
  market: Schema.optionalWith(Market, { exact: true }),
  requested: ServiceList,
})

/**
 * The type of an order's facts for {@link evaluate}.
 *
 * @example
 * ```ts
 * import type { Commitment } from "@clientele/returns"
 * import { Money } from "@clientele/core"
 *
 * const order: Commitment.Order = {
 *   amounts: {
 *     subtotalBeforeDiscounts: Money.make(2000, "EUR"),
 *     subtotalAfterDiscounts: Money.make(2000, "EUR"),
 *     totalInclTax: Money.make(2380, "EUR"),
 *   },
 *   requested: ["expressDelivery"],
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Order = typeof Order.Type

/**
 * Why a service is offered as it is:
 * - `thresholdReached` — free, the basis amount reached the threshold;
 * - `tierFree` — free for the customer's tier, whatever the spend;
 * - `belowThreshold` — at the listed price, with the `shortfall` to spend for it free;
 * - `listedPrice` — at the listed price, the service has no threshold;
 * - `thresholdNotReached` — not offered: only free above the threshold, no listed price;
 * - `notForTier` — not offered: only free for tiers the customer is not in;
 * - `notAvailableInMarket` — not offered in the order's market;
 * - `marketUnknown` — not offered: the service is limited to markets and the
 *   order's market is not given.
 *
 * @example
 * ```ts
 * import { Commitment } from "@clientele/returns"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(Commitment.Reason)("thresholdReached") // true
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Reason = Schema.Literal(
  "thresholdReached",
  "tierFree",
  "belowThreshold",
  "listedPrice",
  "thresholdNotReached",
  "notForTier",
  "notAvailableInMarket",
  "marketUnknown",
)

/**
 * The type of an offer's reason code.
 *
 * @example
 * ```ts
 * import type { Commitment } from "@clientele/returns"
 *
 * const reason: Commitment.Reason = "belowThreshold"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Reason = typeof Reason.Type

/**
 * The decision on one requested service: whether it is `offered`, whether it is
 * `free`, its `price` (zero when free; zero when not offered, as nothing is
 * provided), the `shortfall` — how much more of the threshold's basis the order
 * needs for the service to be free (zero exactly when free; absent when spending
 * more cannot make it free: no threshold, or not available in the market) — the
 * `threshold` that applied (with the tier's amount when overridden), and the
 * `reason`.
 *
 * @example
 * ```ts
 * import { Commitment } from "@clientele/returns"
 * import { Money } from "@clientele/core"
 *
 * const offer = Commitment.Offer.make({
 *   service: "homeDelivery",
 *   offered: true,
 *   free: false,
 *   price: Money.make(3000, "EUR"),
 *   shortfall: Money.make(2500, "EUR"),
 *   threshold: { basis: "subtotalAfterDiscounts", comparator: "atLeast", amount: Money.make(50000, "EUR") },
 *   reason: "belowThreshold",
 * })
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export const Offer = Schema.Struct({
  service: Service,
  offered: Schema.Boolean,
  free: Schema.Boolean,
  price: Money.Money,
  shortfall: Schema.optionalWith(Money.Money, { exact: true }),
  threshold: Schema.optionalWith(Threshold, { exact: true }),
  reason: Reason,
})

/**
 * The type of the decision on one requested service.
 *
 * @example
 * ```ts
 * import type { Commitment } from "@clientele/returns"
 * import { Money } from "@clientele/core"
 *
 * const wrap: Commitment.Offer = {
 *   service: "giftWrap",
 *   offered: true,
 *   free: true,
 *   price: Money.make(0, "EUR"),
 *   shortfall: Money.make(0, "EUR"),
 *   reason: "tierFree",
 * }
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export type Offer = typeof Offer.Type

/**
 * What a return does to one service granted free: `unchanged` (it still
 * qualifies), or — below the threshold — the commitment's flag: `keep`,
 * `chargeListedPrice` or `deductFromRefund`.
 *
 * @example
 * ```ts
 * import { Commitment } from "@clientele/returns"
 *
 * Commitment.ReturnAction.literals // ["unchanged", "keep", "chargeListedPrice", "deductFromRefund"]
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ReturnAction = Schema.Literal(
  "unchanged",
  "keep",
  "chargeListedPrice",
  "deductFromRefund",
)

/**
 * The type of a return action.
 *
 * @example
 * ```ts
 * import type { Commitment } from "@clientele/returns"
 *
 * const action: Commitment.ReturnAction = "keep"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type ReturnAction = typeof ReturnAction.Type

/**
 * The decision on one service granted free, after a return: whether the kept
 * amounts `stillQualify` for it free, the `action`, and the `charge` — the listed
 * price to charge the customer (`chargeListedPrice`) or to deduct from the refund
 * (`deductFromRefund`), zero otherwise.
 *
 * @example
 * ```ts
 * import { Commitment } from "@clientele/returns"
 * import { Money } from "@clientele/core"
 *
 * const adjustment = Commitment.ReturnAdjustment.make({
 *   service: "homeDelivery",
 *   stillQualifies: false,
 *   charge: Money.make(3000, "EUR"),
 *   action: "deductFromRefund",
 * })
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export const ReturnAdjustment = Schema.Struct({
  service: Service,
  stillQualifies: Schema.Boolean,
  charge: Money.Money,
  action: ReturnAction,
})

/**
 * The type of the decision on one granted service after a return.
 *
 * @example
 * ```ts
 * import type { Commitment } from "@clientele/returns"
 * import { Money } from "@clientele/core"
 *
 * const kept: Commitment.ReturnAdjustment = {
 *   service: "homeDelivery",
 *   stillQualifies: false,
 *   charge: Money.make(0, "EUR"),
 *   action: "keep",
 * }
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export type ReturnAdjustment = typeof ReturnAdjustment.Type

/**
 * A requested or granted service that the policy has no commitment for.
 *
 * @example
 * ```ts
 * import { Commitment } from "@clientele/returns"
 *
 * const error = new Commitment.UnknownServiceError({ service: "assembly", policyId: "default", policyVersion: 1 })
 * error.message // "service assembly is not offered by commitment policy default v1 (RET-4)"
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class UnknownServiceError extends Schema.TaggedError<UnknownServiceError>(
  "@clientele/returns/UnknownServiceError",
)("UnknownServiceError", {
  service: Schema.String,
  policyId: Schema.String,
  policyVersion: Schema.Number,
}) {
  override get message(): string {
    return `service ${this.service} is not offered by commitment policy ${this.policyId} v${this.policyVersion} (RET-4)`
  }
}

/** Where a commitment stands for given amounts and tier, leaving market and price aside. */
interface Qualification {
  readonly free: boolean
  readonly reason: "tierFree" | "thresholdReached" | "thresholdNotReached" | "noThreshold"
  readonly threshold?: Threshold
  /** Minor units to add to the basis for the service to be free. */
  readonly shortfall?: number
}

const qualify = (
  commitment: Commitment,
  amounts: BasisAmounts,
  tier: Tier | undefined,
): Qualification => {
  const overrides = commitment.tierOverrides
  let override: TierOverride | undefined
  if (tier !== undefined && overrides !== undefined)
    for (const candidate of overrides)
      if (candidate.tier === tier) {
        override = candidate
        break
      }
  if (override?.free === true) return { free: true, reason: "tierFree", shortfall: 0 }
  const general = commitment.threshold
  if (general === undefined) return { free: false, reason: "noThreshold" }
  const threshold: Threshold =
    override?.thresholdAmount === undefined
      ? general
      : { ...general, amount: override.thresholdAmount }
  // The smallest basis amount that qualifies; validation keeps it a safe integer.
  const needed =
    threshold.comparator === "atLeast" ? threshold.amount.amount : threshold.amount.amount + 1
  const spent = amounts[threshold.basis].amount
  return spent >= needed
    ? { free: true, reason: "thresholdReached", threshold, shortfall: 0 }
    : { free: false, reason: "thresholdNotReached", threshold, shortfall: needed - spent }
}

const findCommitment = (policy: CommitmentPolicy, service: Service): Commitment | undefined => {
  for (const commitment of policy.commitments) if (commitment.service === service) return commitment
  return undefined
}

const offerFor = (commitment: Commitment, order: Order, currency: Money.CurrencyCode): Offer => {
  const service = commitment.service
  const zero = Money.zero(currency)
  if (commitment.markets !== undefined) {
    if (order.market === undefined)
      return { service, offered: false, free: false, price: zero, reason: "marketUnknown" }
    if (!commitment.markets.includes(order.market))
      return { service, offered: false, free: false, price: zero, reason: "notAvailableInMarket" }
  }
  const standing = qualify(commitment, order.amounts, order.tier)
  const threshold = standing.threshold === undefined ? {} : { threshold: standing.threshold }
  const shortfall =
    standing.shortfall === undefined ? {} : { shortfall: Money.make(standing.shortfall, currency) }
  if (standing.free)
    return {
      service,
      offered: true,
      free: true,
      price: zero,
      ...shortfall,
      ...threshold,
      reason: standing.reason === "tierFree" ? "tierFree" : "thresholdReached",
    }
  const listed = commitment.listedPrice
  const hasThreshold = standing.reason === "thresholdNotReached"
  if (listed !== undefined)
    return {
      service,
      offered: true,
      free: false,
      price: listed,
      ...shortfall,
      ...threshold,
      reason: hasThreshold ? "belowThreshold" : "listedPrice",
    }
  return {
    service,
    offered: false,
    free: false,
    price: zero,
    ...shortfall,
    ...threshold,
    reason: hasThreshold ? "thresholdNotReached" : "notForTier",
  }
}

const amountsInCurrency = (
  amounts: BasisAmounts,
  currency: Money.CurrencyCode,
): Either.Either<void, Money.CurrencyMismatchError> => {
  for (const basis of Basis.literals) {
    const found = amounts[basis].currency
    if (found !== currency)
      return Either.left(
        new Money.CurrencyMismatchError({ operation: "compare", left: currency, right: found }),
      )
  }
  return Either.void
}

const unknownService = (policy: CommitmentPolicy, service: Service) =>
  Either.left(
    new UnknownServiceError({ service, policyId: policy.id, policyVersion: policy.version }),
  )

/**
 * Decides each requested service of an order under a policy (RET-4), in the order
 * requested:
 *
 * 1. the order must be valid (no negative amount, each service named once) →
 *    `ValidationError` naming the path;
 * 2. every basis amount must be in the policy's currency → `CurrencyMismatchError`
 *    (no conversion: a threshold in EUR says nothing about an order in CHF);
 * 3. every requested service must have a commitment → `UnknownServiceError`;
 * 4. a service limited to markets is not offered outside them, nor when the
 *    order's market is not given;
 * 5. a tier override `free` makes it free; otherwise the threshold (the tier's
 *    amount when overridden) on its basis decides: free when reached, else at the
 *    listed price with the shortfall, or not offered when there is no listed price;
 * 6. a service without threshold is offered at its listed price (or not at all
 *    when only some tiers get it, free).
 *
 * @example
 * ```ts
 * import { Commitment } from "@clientele/returns"
 * import { Money } from "@clientele/core"
 *
 * const offers = Commitment.evaluate(Commitment.defaultPolicy("EUR"), {
 *   amounts: {
 *     subtotalBeforeDiscounts: Money.make(50000, "EUR"),
 *     subtotalAfterDiscounts: Money.make(47500, "EUR"),
 *     totalInclTax: Money.make(56525, "EUR"),
 *   },
 *   requested: ["homeDelivery"],
 * })
 * // Right([{ service: "homeDelivery", offered: true, free: false, price: €30.00, shortfall: €25.00, reason: "belowThreshold", … }])
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const evaluate = (
  policy: CommitmentPolicy,
  order: Order,
): Either.Either<
  ReadonlyArray<Offer>,
  Errors.ValidationError | Money.CurrencyMismatchError | UnknownServiceError
> => {
  const valid = Schema.validateEither(Order, { errors: "all" })(order)
  if (Either.isLeft(valid)) return Either.left(Errors.ValidationError.fromParseError(valid.left))
  const currency = amountsInCurrency(order.amounts, policy.currency)
  if (Either.isLeft(currency)) return Either.left(currency.left)
  const commitments: Array<Commitment> = []
  for (const service of order.requested) {
    const commitment = findCommitment(policy, service)
    if (commitment === undefined) return unknownService(policy, service)
    commitments.push(commitment)
  }
  const offers: Array<Offer> = []
  for (const commitment of commitments) offers.push(offerFor(commitment, order, policy.currency))
  return Either.right(offers)
}

const ReturnFacts = Schema.Struct({
  grantedServices: ServiceList,
  keptAmounts: BasisAmounts,
  tier: Schema.optionalWith(Tier, { exact: true }),
})

/**
 * Decides what a return does to each service the order got free (RET-4), from the
 * amounts the customer keeps and the customer's tier, under the policy the order
 * was placed under:
 *
 * - a service free for the tier, or without a threshold, does not depend on spend,
 *   so a return never changes it (`unchanged`);
 * - when the kept amount on the threshold's basis still reaches the threshold (the
 *   tier's amount when overridden), nothing changes (`unchanged`, zero charge);
 * - otherwise the commitment's `onReturnBelowThreshold` decides: `keep` (zero
 *   charge), `chargeListedPrice` or `deductFromRefund` (the listed price, exactly).
 *
 * The market is not consulted: the service has been provided. Fails like
 * {@link evaluate}: `ValidationError` (negative kept amount, a service listed
 * twice), `CurrencyMismatchError`, `UnknownServiceError`.
 *
 * @remarks
 * The charge is the full listed price, not a share of it: the customer received the
 * whole service. It may exceed what is left to refund; {@link refundDeduction}
 * gives the total to subtract, and the refund decides how much of it it can cover.
 *
 * @example
 * ```ts
 * import { Commitment } from "@clientele/returns"
 * import { Money } from "@clientele/core"
 *
 * const policy = Commitment.defaultPolicy("EUR")
 * const adjustments = Commitment.afterReturn(policy, ["homeDelivery"], {
 *   subtotalBeforeDiscounts: Money.make(30000, "EUR"),
 *   subtotalAfterDiscounts: Money.make(30000, "EUR"),
 *   totalInclTax: Money.make(35700, "EUR"),
 * })
 * // Right([{ service: "homeDelivery", stillQualifies: false, charge: €0.00, action: "keep" }])
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const afterReturn = (
  policy: CommitmentPolicy,
  grantedServices: ReadonlyArray<Service>,
  keptAmounts: BasisAmounts,
  tier?: Tier,
): Either.Either<
  ReadonlyArray<ReturnAdjustment>,
  Errors.ValidationError | Money.CurrencyMismatchError | UnknownServiceError
> => {
  const valid = Schema.validateEither(ReturnFacts, { errors: "all" })({
    grantedServices,
    keptAmounts,
    ...(tier === undefined ? {} : { tier }),
  })
  if (Either.isLeft(valid)) return Either.left(Errors.ValidationError.fromParseError(valid.left))
  const currency = amountsInCurrency(keptAmounts, policy.currency)
  if (Either.isLeft(currency)) return Either.left(currency.left)
  const commitments: Array<Commitment> = []
  for (const service of grantedServices) {
    const commitment = findCommitment(policy, service)
    if (commitment === undefined) return unknownService(policy, service)
    commitments.push(commitment)
  }
  const zero = Money.zero(policy.currency)
  const adjustments: Array<ReturnAdjustment> = []
  for (const commitment of commitments) {
    const service = commitment.service
    const standing = qualify(commitment, keptAmounts, tier)
    const flag = commitment.onReturnBelowThreshold
    if (standing.reason !== "thresholdNotReached" || flag === undefined) {
      adjustments.push({ service, stillQualifies: true, charge: zero, action: "unchanged" })
      continue
    }
    // Validation guarantees a listed price beside a flag that charges one.
    const charge = flag === "keep" ? zero : (commitment.listedPrice ?? zero)
    adjustments.push({ service, stillQualifies: false, charge, action: flag })
  }
  return Either.right(adjustments)
}

/**
 * The total to subtract from a refund: the sum of the `deductFromRefund` charges of
 * {@link afterReturn}'s adjustments, exactly, in the policy's currency (zero when
 * none). `chargeListedPrice` charges are billed separately and not included.
 *
 * @example
 * ```ts
 * import { Commitment } from "@clientele/returns"
 * import { Money } from "@clientele/core"
 *
 * const deduction = Commitment.refundDeduction(
 *   [{ service: "homeDelivery", stillQualifies: false, charge: Money.make(3000, "EUR"), action: "deductFromRefund" }],
 *   Money.CurrencyCode.make("EUR"),
 * ) // Right(€30.00)
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const refundDeduction = (
  adjustments: ReadonlyArray<ReturnAdjustment>,
  currency: Money.CurrencyCode,
): Either.Either<Money.Money, Money.CurrencyMismatchError | Money.MoneyOverflowError> => {
  const charges: Array<Money.Money> = []
  for (const adjustment of adjustments)
    if (adjustment.action === "deductFromRefund") charges.push(adjustment.charge)
  return Money.sum(charges, currency)
}
