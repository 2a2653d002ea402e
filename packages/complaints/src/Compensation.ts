/**
 * What a complaint's resolution gives the customer (CMP-7): the record of each
 * remedy — voucher, discount card, cash coupon, return or exchange — and the
 * compensation policy that proposes the default remedy for a complaint and checks
 * what a handler wants to give (edge case 38 of the SLA research: compensation
 * records tied to the complaint, vouchers and coupons with an expiry).
 *
 * The policy is data: ordered rules (first match wins) from category, severity and
 * customer tier to a remedy and amount, a per-customer cap over a rolling window,
 * and an amount above which someone other than the handler must approve. Money is
 * exact (integer minor units, `Money.sum`/`Money.add`); every amount of a policy is
 * in the policy's one currency.
 *
 * @since 0.1.0
 */
import { Civil, Errors, Ids, Money, Period } from "@clientele/core"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Category from "./Category.js"

const DAY_MS = 86_400_000

const PositiveInt = Schema.Int.pipe(Schema.positive())

const NonNegativeInt = Schema.Int.pipe(Schema.nonNegative())

const Percent = Schema.Number.pipe(
  Schema.greaterThan(0),
  Schema.lessThanOrEqualTo(100),
  Schema.annotations({ message: () => "a discount is a percentage above 0 and at most 100" }),
)

/** A rolling window of at most 100 years keeps `windowDays · 86,400,000` exact. */
const WindowDays = Schema.Int.pipe(Schema.between(1, 36_525))

const LAST_DAY = Civil.parse("9999-12-31") ?? 0

/**
 * The remedies of CMP-7: a voucher (e.g. price compensation), a discount card, a
 * cash coupon, a return or an exchange.
 *
 * @example
 * ```ts
 * import { Compensation } from "@clientele/complaints"
 *
 * Compensation.Kind.literals // ["voucher", "discountCard", "cashCoupon", "return", "exchange"]
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const Kind = Schema.Literal("voucher", "discountCard", "cashCoupon", "return", "exchange")

/**
 * @example
 * ```ts
 * import type { Compensation } from "@clientele/complaints"
 *
 * const kind: Compensation.Kind = "cashCoupon"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Kind = typeof Kind.Type

const hasFaceValue = (kind: Kind): boolean => kind === "voucher" || kind === "cashCoupon"

const canExpire = (kind: Kind): boolean => hasFaceValue(kind) || kind === "discountCard"

const isReturnLike = (kind: Kind): boolean => kind === "return" || kind === "exchange"

/**
 * The record of one remedy given on a complaint (CMP-7). A voucher or cash coupon
 * has a positive face `value`; a discount card a `discountPercent` (and no money
 * value); a return or exchange may carry the refunded or credited `value` and the
 * `returnReference` of the returns package's request. Only vouchers, cash coupons
 * and discount cards carry a `code` or an `expiresOn` date (valid through that day).
 *
 * @example
 * ```ts
 * import { Compensation } from "@clientele/complaints"
 * import { Errors, Money } from "@clientele/core"
 *
 * const voucher = Errors.decodeEither(Compensation.Compensation)({
 *   kind: "voucher",
 *   value: { amount: 1000, currency: "EUR" },
 *   expiresOn: "2025-06-30",
 *   code: "SORRY-1234",
 * }) // Right
 * const card = Compensation.Compensation.make({ kind: "discountCard", discountPercent: 10 })
 * const coupon = Compensation.Compensation.make({ kind: "cashCoupon", value: Money.make(500, "EUR") })
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const Compensation = Schema.Struct({
  kind: Kind,
  value: Schema.optional(Money.Money),
  discountPercent: Schema.optional(Percent),
  expiresOn: Schema.optional(Period.CivilDate),
  code: Schema.optional(Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(100))),
  returnReference: Schema.optional(Ids.IdString),
  approvedBy: Schema.optional(Ids.StaffId),
}).pipe(
  Schema.filter((compensation) => {
    const issues: Array<Schema.FilterIssue> = []
    const { kind, value } = compensation
    if (hasFaceValue(kind) && (value === undefined || value.amount <= 0))
      issues.push({
        path: ["value"],
        message: `a ${kind} needs a positive face value (CMP-7)`,
      })
    if (isReturnLike(kind) && value !== undefined && value.amount < 0)
      issues.push({
        path: ["value"],
        message: `the value refunded or credited by a ${kind} cannot be negative (CMP-7)`,
      })
    if (kind === "discountCard" && value !== undefined)
      issues.push({
        path: ["value"],
        message: "a discount card has a discountPercent, not a money value (CMP-7)",
      })
    if (kind === "discountCard" && compensation.discountPercent === undefined)
      issues.push({
        path: ["discountPercent"],
        message: "a discount card needs its discountPercent (CMP-7)",
      })
    if (kind !== "discountCard" && compensation.discountPercent !== undefined)
      issues.push({
        path: ["discountPercent"],
        message: `only a discount card has a discountPercent, not a ${kind} (CMP-7)`,
      })
    if (!canExpire(kind) && compensation.expiresOn !== undefined)
      issues.push({
        path: ["expiresOn"],
        message: `only vouchers, cash coupons and discount cards expire, not a ${kind} (CMP-7)`,
      })
    if (!canExpire(kind) && compensation.code !== undefined)
      issues.push({
        path: ["code"],
        message: `only vouchers, cash coupons and discount cards carry a code, not a ${kind} (CMP-7)`,
      })
    if (!isReturnLike(kind) && compensation.returnReference !== undefined)
      issues.push({
        path: ["returnReference"],
        message: `only a return or an exchange has a returnReference, not a ${kind} (CMP-7)`,
      })
    return issues
  }),
  Schema.annotations({ identifier: "Compensation" }),
)

/**
 * @example
 * ```ts
 * import type { Compensation } from "@clientele/complaints"
 *
 * const exchange: Compensation.Compensation = { kind: "exchange", returnReference: "ret_42" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Compensation = typeof Compensation.Type

/**
 * One rule of a compensation policy: conditions on the complaint (each absent
 * condition matches anything; `category` matches that id and every id under it,
 * so `"product"` matches `"product/out-of-stock"`; a `tier` condition never matches
 * a complaint without a tier) and the remedy it proposes, with its amount, discount
 * or validity in days.
 *
 * @example
 * ```ts
 * import { Compensation } from "@clientele/complaints"
 * import { Money } from "@clientele/core"
 *
 * const goldWait = Compensation.Rule.make({
 *   category: "service/long-wait",
 *   tier: ["gold"],
 *   remedy: "cashCoupon",
 *   amount: Money.make(1500, "EUR"),
 *   validityDays: 90,
 * })
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const Rule = Schema.Struct({
  categoryKind: Schema.optional(Category.Kind),
  category: Schema.optional(Category.CategoryId),
  severity: Schema.optional(Schema.Array(Category.Severity)),
  tier: Schema.optional(Schema.Array(Category.Tier)),
  remedy: Kind,
  amount: Schema.optional(Money.Money),
  discountPercent: Schema.optional(Percent),
  validityDays: Schema.optional(PositiveInt),
}).pipe(
  Schema.filter((rule) => {
    const issues: Array<Schema.FilterIssue> = []
    const { remedy, amount } = rule
    if (hasFaceValue(remedy) && (amount === undefined || amount.amount <= 0))
      issues.push({ path: ["amount"], message: `a ${remedy} rule needs a positive amount (CMP-7)` })
    if (isReturnLike(remedy) && amount !== undefined && amount.amount < 0)
      issues.push({ path: ["amount"], message: `a ${remedy} amount cannot be negative (CMP-7)` })
    if (remedy === "discountCard" && amount !== undefined)
      issues.push({
        path: ["amount"],
        message: "a discount card rule has a discountPercent, not an amount (CMP-7)",
      })
    if (remedy === "discountCard" && rule.discountPercent === undefined)
      issues.push({
        path: ["discountPercent"],
        message: "a discount card rule needs its discountPercent (CMP-7)",
      })
    if (remedy !== "discountCard" && rule.discountPercent !== undefined)
      issues.push({
        path: ["discountPercent"],
        message: `only a discount card rule has a discountPercent, not a ${remedy} rule (CMP-7)`,
      })
    if (!canExpire(remedy) && rule.validityDays !== undefined)
      issues.push({
        path: ["validityDays"],
        message: `only vouchers, cash coupons and discount cards expire, not a ${remedy} (CMP-7)`,
      })
    return issues
  }),
  Schema.annotations({ identifier: "CompensationRule" }),
)

/**
 * @example
 * ```ts
 * import type { Compensation } from "@clientele/complaints"
 *
 * const products: Compensation.Rule = { categoryKind: "product", remedy: "return" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Rule = typeof Rule.Type

/**
 * A versioned compensation policy (CMP-7) in one currency: ordered `rules` (the
 * first that matches a complaint gives its default remedy), a per-customer cap on
 * the money given inside a rolling window of `windowDays`, the amount above which
 * a compensation needs an approver other than the handler, and `cappedKinds`, the
 * remedies whose money value counts toward the cap and the approval threshold.
 * Every amount must be in `currency`.
 *
 * @example
 * ```ts
 * import { Compensation } from "@clientele/complaints"
 * import { Errors } from "@clientele/core"
 *
 * const policy = Errors.decodeEither(Compensation.Policy)({
 *   version: 2,
 *   currency: "EUR",
 *   rules: [{ categoryKind: "service", remedy: "cashCoupon", amount: { amount: 500, currency: "EUR" } }],
 *   perCustomerCap: { amount: { amount: 10000, currency: "EUR" }, windowDays: 365 },
 *   approvalAbove: { amount: 5000, currency: "EUR" },
 *   cappedKinds: ["voucher", "cashCoupon"],
 * }) // Right
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const Policy = Schema.Struct({
  version: PositiveInt,
  currency: Money.CurrencyCode,
  rules: Schema.Array(Rule),
  perCustomerCap: Schema.Struct({ amount: Money.Money, windowDays: WindowDays }),
  approvalAbove: Money.Money,
  cappedKinds: Schema.Array(Kind),
}).pipe(
  Schema.filter((policy) => {
    const issues: Array<Schema.FilterIssue> = []
    const inCurrency = (money: Money.Money | undefined, path: ReadonlyArray<PropertyKey>) => {
      if (money !== undefined && money.currency !== policy.currency)
        issues.push({
          path,
          message: `${path.map(String).join(".")} is in ${money.currency} but the policy is in ${policy.currency} (CMP-7)`,
        })
    }
    policy.rules.forEach((rule, index) => {
      inCurrency(rule.amount, ["rules", index, "amount"])
    })
    inCurrency(policy.perCustomerCap.amount, ["perCustomerCap", "amount"])
    inCurrency(policy.approvalAbove, ["approvalAbove"])
    if (policy.perCustomerCap.amount.amount < 0)
      issues.push({
        path: ["perCustomerCap", "amount"],
        message: "the per-customer cap cannot be negative (CMP-7)",
      })
    if (policy.approvalAbove.amount < 0)
      issues.push({
        path: ["approvalAbove"],
        message: "the approval threshold cannot be negative (CMP-7)",
      })
    return issues
  }),
  Schema.annotations({ identifier: "CompensationPolicy" }),
)

/**
 * @example
 * ```ts
 * import { Compensation } from "@clientele/complaints"
 *
 * const policy: Compensation.Policy = Compensation.defaultPolicy("EUR")
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Policy = typeof Policy.Type

const major = (text: string, currency: Money.CurrencyCode): Money.Money =>
  // The texts below are whole numbers, which every currency can hold.
  Either.getOrThrow(Money.fromDecimal(text, currency))

/**
 * The default compensation policy of CMP-7 in a currency, or a `ValidationError`
 * on `currency` when the code is not an ISO 4217 currency. See {@link defaultPolicy}
 * for every default number.
 *
 * @example
 * ```ts
 * import { Compensation } from "@clientele/complaints"
 * import * as Either from "effect/Either"
 *
 * Either.isRight(Compensation.defaultPolicyEither("JPY")) // true
 * Either.isLeft(Compensation.defaultPolicyEither("EURO")) // true
 * ```
 *
 * @since 0.1.0
 * @category defaults
 */
export const defaultPolicyEither = (
  currency: string,
): Either.Either<Policy, Errors.ValidationError> =>
  Either.map(
    Either.mapLeft(Errors.decodeEither(Money.CurrencyCode)(currency), (error) =>
      Errors.ValidationError.fromIssues(
        error.issues.map((issue) => ({ ...issue, path: ["currency", ...issue.path] })),
      ),
    ),
    (code): Policy => ({
      version: 1,
      currency: code,
      rules: [
        {
          categoryKind: "price",
          severity: ["major", "critical"],
          remedy: "voucher",
          amount: major("20", code),
          validityDays: 180,
        },
        { categoryKind: "price", remedy: "voucher", amount: major("10", code), validityDays: 180 },
        {
          categoryKind: "service",
          severity: ["major", "critical"],
          remedy: "cashCoupon",
          amount: major("10", code),
          validityDays: 180,
        },
        {
          categoryKind: "service",
          remedy: "cashCoupon",
          amount: major("5", code),
          validityDays: 180,
        },
        { categoryKind: "product", remedy: "return" },
      ],
      perCustomerCap: { amount: major("100", code), windowDays: 365 },
      approvalAbove: major("50", code),
      cappedKinds: ["voucher", "cashCoupon"],
    }),
  )

/**
 * The default compensation policy of CMP-7 (version 1) in a currency; amounts are
 * whole units of that currency (10 means €10.00 in EUR, ¥10 in JPY — set your own
 * amounts where that is too little). Throws on an unknown currency code, like
 * `Money.make`: use {@link defaultPolicyEither} for input.
 *
 * The rules, first match wins:
 * 1. price complaint (e.g. `price/after-purchase`), severity major or critical →
 *    price-compensation voucher of 20, valid 180 days;
 * 2. any other price complaint → voucher of 10, valid 180 days;
 * 3. service complaint (e.g. `service/long-wait`), severity major or critical →
 *    cash coupon of 10, valid 180 days;
 * 4. any other service complaint → cash coupon of 5, valid 180 days;
 * 5. product complaint → `return` per the return policy, with no amount: the
 *    returns package decides the refund (`exchange` is the alternative a handler may
 *    record instead).
 *
 * Limits: at most 100 of vouchers and cash coupons per customer within 365 days
 * (`perCustomerCap`), and a compensation set above 50 needs an approver who did not
 * handle the complaint (`approvalAbove`). Only vouchers and cash coupons count
 * (`cappedKinds`): a return's refund gives back what the customer paid, under the
 * returns package's own policy.
 *
 * @example
 * ```ts
 * import { Compensation } from "@clientele/complaints"
 *
 * const policy = Compensation.defaultPolicy("EUR")
 * policy.perCustomerCap.amount.amount // 10000 (€100.00)
 * policy.approvalAbove.amount // 5000 (€50.00)
 * ```
 *
 * @since 0.1.0
 * @category defaults
 */
export const defaultPolicy = (currency: string): Policy =>
  Either.getOrThrowWith(defaultPolicyEither(currency), (error) => error)

/**
 * The facts of a complaint that the policy's rules match on.
 *
 * @example
 * ```ts
 * import { Compensation } from "@clientele/complaints"
 *
 * const complaint = Compensation.Case.make({
 *   category: "service/long-wait",
 *   categoryKind: "service",
 *   severity: "moderate",
 *   tier: "gold",
 * })
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const Case = Schema.Struct({
  category: Category.CategoryId,
  categoryKind: Category.Kind,
  severity: Category.Severity,
  tier: Schema.optional(Category.Tier),
})

/**
 * @example
 * ```ts
 * import type { Compensation } from "@clientele/complaints"
 *
 * const complaint: Compensation.Case = {
 *   category: "price/after-purchase",
 *   categoryKind: "price",
 *   severity: "minor",
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Case = typeof Case.Type

/**
 * The default remedy the policy proposes for a complaint: which rule matched (its
 * index in `rules`), under which policy version, and the remedy with its amount,
 * discount and expiry date.
 *
 * @example
 * ```ts
 * import { Compensation } from "@clientele/complaints"
 * import { Money, Period } from "@clientele/core"
 *
 * const proposal = Compensation.Proposal.make({
 *   policyVersion: 1,
 *   ruleIndex: 3,
 *   remedy: "cashCoupon",
 *   amount: Money.make(500, "EUR"),
 *   expiresOn: Period.CivilDate.make("2024-12-31"),
 * })
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const Proposal = Schema.Struct({
  policyVersion: PositiveInt,
  ruleIndex: NonNegativeInt,
  remedy: Kind,
  amount: Schema.optional(Money.Money),
  discountPercent: Schema.optional(Percent),
  expiresOn: Schema.optional(Period.CivilDate),
})

/**
 * @example
 * ```ts
 * import type { Compensation } from "@clientele/complaints"
 *
 * const proposal: Compensation.Proposal = { policyVersion: 1, ruleIndex: 4, remedy: "return" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Proposal = typeof Proposal.Type

/**
 * Whether a policy rule applies to a complaint: every condition the rule states
 * holds (`category` matches the id itself and every id under it).
 *
 * @example
 * ```ts
 * import { Compensation } from "@clientele/complaints"
 *
 * Compensation.matches(
 *   { category: "product", remedy: "exchange" },
 *   { category: "product/out-of-stock", categoryKind: "product", severity: "minor" },
 * ) // true
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const matches = (rule: Rule, complaint: Case): boolean =>
  (rule.categoryKind === undefined || rule.categoryKind === complaint.categoryKind) &&
  (rule.category === undefined ||
    complaint.category === rule.category ||
    complaint.category.startsWith(`${rule.category}/`)) &&
  (rule.severity === undefined || rule.severity.includes(complaint.severity)) &&
  (rule.tier === undefined || (complaint.tier !== undefined && rule.tier.includes(complaint.tier)))

const addDays = (date: Period.CivilDate, days: number): Period.CivilDate | undefined => {
  const day = Civil.parse(date)
  // Past the last representable date a voucher simply never expires earlier than it.
  return day === undefined
    ? undefined
    : (Civil.format(Math.min(day + days, LAST_DAY)) as Period.CivilDate)
}

/**
 * The default remedy for a complaint (CMP-7): the first rule of the policy that
 * {@link matches} it, or `None` when no rule does. When `today` is given and the
 * rule has `validityDays`, `expiresOn` is `today + validityDays` (the voucher is
 * valid through that day; capped at 9999-12-31); without `today` no expiry is
 * computed.
 *
 * @example
 * ```ts
 * import { Compensation } from "@clientele/complaints"
 * import { Period } from "@clientele/core"
 *
 * const proposal = Compensation.proposal(
 *   Compensation.defaultPolicy("EUR"),
 *   { category: "price/after-purchase", categoryKind: "price", severity: "minor" },
 *   Period.CivilDate.make("2024-01-01"),
 * )
 * // Some({ policyVersion: 1, ruleIndex: 1, remedy: "voucher", amount: €10.00, expiresOn: "2024-06-29" })
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const proposal = (
  policy: Policy,
  complaint: Case,
  today?: Period.CivilDate,
): Option.Option<Proposal> => {
  const ruleIndex = policy.rules.findIndex((rule) => matches(rule, complaint))
  const rule = policy.rules[ruleIndex]
  if (rule === undefined) return Option.none()
  const expiresOn =
    today !== undefined && rule.validityDays !== undefined
      ? addDays(today, rule.validityDays)
      : undefined
  return Option.some({
    policyVersion: policy.version,
    ruleIndex,
    remedy: rule.remedy,
    ...(rule.amount !== undefined ? { amount: rule.amount } : {}),
    ...(rule.discountPercent !== undefined ? { discountPercent: rule.discountPercent } : {}),
    ...(expiresOn !== undefined ? { expiresOn } : {}),
  })
}

/**
 * The compensation record of a proposal, with the details only the handler knows
 * (the voucher code, the returns package's request id, the approver); a
 * `ValidationError` when they do not fit the remedy (e.g. a code on a return).
 *
 * @example
 * ```ts
 * import { Compensation } from "@clientele/complaints"
 * import { Money } from "@clientele/core"
 *
 * const record = Compensation.fromProposal(
 *   { policyVersion: 1, ruleIndex: 3, remedy: "cashCoupon", amount: Money.make(500, "EUR") },
 *   { code: "WAIT-0042" },
 * ) // Right({ kind: "cashCoupon", value: €5.00, code: "WAIT-0042" })
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromProposal = (
  proposal: Proposal,
  details: {
    readonly code?: string
    readonly returnReference?: string
    readonly approvedBy?: Ids.StaffId
  } = {},
): Either.Either<Compensation, Errors.ValidationError> =>
  Either.mapLeft(
    Schema.validateEither(Compensation, { errors: "all" })({
      kind: proposal.remedy,
      ...(proposal.amount !== undefined ? { value: proposal.amount } : {}),
      ...(proposal.discountPercent !== undefined
        ? { discountPercent: proposal.discountPercent }
        : {}),
      ...(proposal.expiresOn !== undefined ? { expiresOn: proposal.expiresOn } : {}),
      ...details,
    }),
    Errors.ValidationError.fromParseError,
  )

/**
 * Whether a compensation has expired on a date: it is valid through its
 * `expiresOn` day, so it has expired from the next day on; one without
 * `expiresOn` never expires.
 *
 * @example
 * ```ts
 * import { Compensation } from "@clientele/complaints"
 * import { Money, Period } from "@clientele/core"
 *
 * const coupon: Compensation.Compensation = {
 *   kind: "cashCoupon",
 *   value: Money.make(500, "EUR"),
 *   expiresOn: Period.CivilDate.make("2024-06-30"),
 * }
 * Compensation.isExpired(coupon, Period.CivilDate.make("2024-06-30")) // false
 * Compensation.isExpired(coupon, Period.CivilDate.make("2024-07-01")) // true
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const isExpired = (compensation: Compensation, on: Period.CivilDate): boolean =>
  // Civil dates have a fixed width, so comparing the texts compares the dates.
  compensation.expiresOn !== undefined && on > compensation.expiresOn

/**
 * A compensation given to the customer earlier, at an instant (epoch ms).
 *
 * @example
 * ```ts
 * import { Compensation } from "@clientele/complaints"
 * import { Money } from "@clientele/core"
 *
 * const earlier = Compensation.PastCompensation.make({
 *   compensation: { kind: "voucher", value: Money.make(1000, "EUR") },
 *   at: Date.UTC(2024, 0, 15),
 * })
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const PastCompensation = Schema.Struct({
  compensation: Compensation,
  at: Period.Instant,
})

/**
 * @example
 * ```ts
 * import type { Compensation } from "@clientele/complaints"
 *
 * const earlier: Compensation.PastCompensation = {
 *   compensation: { kind: "return" },
 *   at: Date.UTC(2024, 0, 15),
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type PastCompensation = typeof PastCompensation.Type

/**
 * What {@link check} decides on: the compensations already given to this customer,
 * the new ones (`given`), the instant they are given, the people who handled the
 * complaint, and optionally `today` (the civil date of `at` in the tenant's zone) to
 * refuse a voucher or coupon that has already expired.
 *
 * @example
 * ```ts
 * import { Compensation } from "@clientele/complaints"
 * import { Ids, Money } from "@clientele/core"
 *
 * const request = Compensation.CheckRequest.make({
 *   customerCompensations: [],
 *   given: [{ kind: "cashCoupon", value: Money.make(500, "EUR") }],
 *   at: Date.UTC(2024, 5, 1, 10),
 *   handlers: [Ids.StaffId.make("agent-7")],
 * })
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const CheckRequest = Schema.Struct({
  customerCompensations: Schema.Array(PastCompensation),
  given: Schema.Array(Compensation),
  at: Period.Instant,
  handlers: Schema.Array(Ids.StaffId),
  today: Schema.optional(Period.CivilDate),
})

/**
 * @example
 * ```ts
 * import type { Compensation } from "@clientele/complaints"
 * import { Ids } from "@clientele/core"
 *
 * const request: Compensation.CheckRequest = {
 *   customerCompensations: [],
 *   given: [{ kind: "return", returnReference: "ret_1" }],
 *   at: Date.UTC(2024, 5, 1),
 *   handlers: [Ids.StaffId.make("agent-7")],
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type CheckRequest = typeof CheckRequest.Type

/**
 * What {@link check} accepted: the money `total` of the new compensations (the
 * kinds the policy caps), what was `alreadyGiven` to the customer inside the
 * window, whether the total needed an approver, and the cap left afterwards.
 *
 * @example
 * ```ts
 * import { Compensation } from "@clientele/complaints"
 * import { Money } from "@clientele/core"
 *
 * const accepted = Compensation.Accepted.make({
 *   policyVersion: 1,
 *   total: Money.make(500, "EUR"),
 *   alreadyGiven: Money.make(0, "EUR"),
 *   requiresApproval: false,
 *   remainingCap: Money.make(9500, "EUR"),
 * })
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export const Accepted = Schema.Struct({
  policyVersion: PositiveInt,
  total: Money.Money,
  alreadyGiven: Money.Money,
  requiresApproval: Schema.Boolean,
  remainingCap: Money.Money,
})

/**
 * @example
 * ```ts
 * import type { Compensation } from "@clientele/complaints"
 * import { Money } from "@clientele/core"
 *
 * const accepted: Compensation.Accepted = {
 *   policyVersion: 1,
 *   total: Money.make(6000, "EUR"),
 *   alreadyGiven: Money.make(0, "EUR"),
 *   requiresApproval: true,
 *   remainingCap: Money.make(4000, "EUR"),
 * }
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export type Accepted = typeof Accepted.Type

const show = (money: Money.Money): string => `${Money.toDecimal(money)} ${money.currency}`

const violation = (message: string) =>
  Either.left(new Errors.PolicyViolationError({ rule: "CMP-7", message: `${message} (CMP-7)` }))

/**
 * Checks the compensations a handler wants to give on a complaint against the
 * policy (CMP-7), in this order:
 *
 * 1. the request must be valid (each compensation as {@link Compensation} demands)
 *    → `ValidationError` naming the path;
 * 2. every new money value must be in the policy's currency → `ValidationError` on
 *    `given.<i>.value` (the handler's input, so the field is named rather than a
 *    `CurrencyMismatchError`); with `today`, a new voucher, coupon or card whose
 *    `expiresOn` is before today → `ValidationError` on `given.<i>.expiresOn`;
 * 3. an approver who handled the complaint → `PolicyViolationError` (CMP-7);
 * 4. when the money total of the new compensations is above `approvalAbove` (equal
 *    is not above), each of them that has a money value needs `approvedBy` →
 *    otherwise `PolicyViolationError`;
 * 5. when the new ones carry money, what was given inside the rolling window
 *    `(at − windowDays·86,400,000, at]` plus the new total must not exceed the cap →
 *    otherwise `PolicyViolationError` naming the cap and the amount already given.
 *    An earlier compensation in another currency cannot be added up and fails with
 *    `Money.CurrencyMismatchError`.
 *
 * Only the `cappedKinds` of the policy count as money; discount cards, and returns
 * and exchanges under the default policy, are never limited by the cap.
 *
 * @example
 * ```ts
 * import { Compensation } from "@clientele/complaints"
 * import { Ids, Money } from "@clientele/core"
 *
 * const result = Compensation.check(Compensation.defaultPolicy("EUR"), {
 *   customerCompensations: [],
 *   given: [{ kind: "voucher", value: Money.make(6000, "EUR") }],
 *   at: Date.UTC(2024, 5, 1),
 *   handlers: [Ids.StaffId.make("agent-7")],
 * }) // Left(PolicyViolationError: approval is required above 50.00 EUR)
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const check = (
  policy: Policy,
  request: CheckRequest,
): Either.Either<
  Accepted,
  Errors.ValidationError | Errors.PolicyViolationError | Money.CurrencyMismatchError
> => {
  const valid = Schema.validateEither(CheckRequest, { errors: "all" })(request)
  if (Either.isLeft(valid)) return Either.left(Errors.ValidationError.fromParseError(valid.left))

  const issues: Array<Errors.ValidationIssue> = []
  request.given.forEach((compensation, index) => {
    if (compensation.value !== undefined && compensation.value.currency !== policy.currency)
      issues.push({
        path: ["given", index, "value"],
        message: `the value is in ${compensation.value.currency} but the compensation policy is in ${policy.currency} (CMP-7)`,
      })
    if (request.today !== undefined && isExpired(compensation, request.today))
      issues.push({
        path: ["given", index, "expiresOn"],
        message: `the ${compensation.kind} expired on ${compensation.expiresOn} before it is given on ${request.today} (CMP-7)`,
      })
  })
  if (issues.length > 0) return Either.left(Errors.ValidationError.fromIssues(issues))

  for (const compensation of request.given) {
    const approver = compensation.approvedBy
    if (approver !== undefined && request.handlers.includes(approver))
      return violation(
        `${approver} handled the complaint and cannot approve its own ${compensation.kind}: the approver must be someone else`,
      )
  }

  const counts = (
    compensation: Compensation,
  ): compensation is Compensation & {
    readonly value: Money.Money
  } => compensation.value !== undefined && policy.cappedKinds.includes(compensation.kind)

  const counted = request.given.filter(counts)
  // Every value was checked to be in the policy's currency and non-negative, so the
  // sum only fails when it is too large to hold, which is far above any cap.
  const total = Money.sum(
    counted.map((compensation) => compensation.value),
    policy.currency,
  )
  if (Either.isLeft(total))
    return violation(
      `the compensation given is too large to add up exactly, far above the cap of ${show(policy.perCustomerCap.amount)}`,
    )

  const requiresApproval = total.right.amount > policy.approvalAbove.amount
  if (requiresApproval) {
    const missing = request.given.findIndex(
      (compensation) => counts(compensation) && compensation.approvedBy === undefined,
    )
    if (missing >= 0)
      return violation(
        `compensation totalling ${show(total.right)} is above ${show(policy.approvalAbove)}: approval is required above ${show(policy.approvalAbove)} (approvedBy on given.${missing}, someone other than the handler)`,
      )
  }

  const windowStart = request.at - policy.perCustomerCap.windowDays * DAY_MS
  const earlier = Money.sum(
    request.customerCompensations
      .filter((past) => past.at > windowStart && past.at <= request.at)
      .map((past) => past.compensation)
      .filter(counts)
      .map((compensation) => compensation.value),
    policy.currency,
  )
  if (Either.isLeft(earlier)) {
    if (earlier.left._tag === "CurrencyMismatchError") return Either.left(earlier.left)
    return violation(
      `the compensation already given is too large to add up exactly, far above the cap of ${show(policy.perCustomerCap.amount)}`,
    )
  }

  const cap = policy.perCustomerCap
  const after = Money.add(earlier.right, total.right)
  if (Either.isLeft(after) || (total.right.amount > 0 && after.right.amount > cap.amount.amount))
    return violation(
      `compensation of ${show(total.right)} on top of ${show(earlier.right)} already given to this customer within ${cap.windowDays} days exceeds the cap of ${show(cap.amount)}`,
    )

  // Both are non-negative safe integers of one currency, so the difference is exact.
  const remaining = Either.getOrElse(Money.subtract(cap.amount, after.right), () =>
    Money.zero(policy.currency),
  )
  return Either.right({
    policyVersion: policy.version,
    total: total.right,
    alreadyGiven: earlier.right,
    requiresApproval,
    remainingCap: Money.isNegative(remaining) ? Money.zero(policy.currency) : remaining,
  })
}
