/**
 * The loyalty matrix (LOY-1, LOY-2, LOY-3): every customer of a population lands in
 * one of four loyalty types by two axes — transaction frequency and dependence on
 * the company's products and services — after Dick & Basu (1994), whose relative
 * attitude × repeat patronage grid it follows:
 *
 * | dependence \ frequency | low      | high     |
 * |------------------------|----------|----------|
 * | high                   | latent   | high     |
 * | low                    | zero     | inertial |
 *
 * The low/high cut on each axis is a {@link LoyaltyPolicy} value (an absolute figure
 * or a percentile of the population, reusing segmentation's `Cut` and its tie rule),
 * and each type carries a {@link ServicePolicy} as data. Classification is a pure
 * loop over the figures: total (every customer gets exactly one type) and monotone
 * (raising a customer's frequency or dependence never lowers its type).
 *
 * Types are stored as codes in a `Uint8Array`: bit 1 is the high-frequency flag and
 * bit 0 the high-dependence flag, so the codes 0 … 3 follow {@link loyaltyTypes}
 * (zero, latent, inertial, high) and "never lower" means neither flag is ever lost.
 *
 * @since 0.1.0
 */
import { Errors } from "@clientele/core"
import { Cut, type Summary } from "@clientele/segmentation"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as Dependence from "./Dependence.js"
import { firstNonFinite, invalid, lengthMismatch } from "./internal/figures.js"

/**
 * A loyalty type (LOY-1): `zero` (low frequency, low dependence), `latent` (low
 * frequency, high dependence), `inertial` (high frequency, low dependence: Dick &
 * Basu's *spurious* loyalty, held by habit or convenience rather than attachment)
 * or `high` (high frequency, high dependence).
 *
 * @example
 * ```ts
 * import { Loyalty } from "@clientele/loyalty"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(Loyalty.LoyaltyType)("inertial") // true
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const LoyaltyType = Schema.Literal("zero", "latent", "inertial", "high").annotations({
  identifier: "LoyaltyType",
  description: "a quadrant of the loyalty matrix: frequency × dependence",
})

/**
 * The type of {@link LoyaltyType}.
 *
 * @example
 * ```ts
 * import type { Loyalty } from "@clientele/loyalty"
 *
 * const type: Loyalty.LoyaltyType = "latent"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type LoyaltyType = typeof LoyaltyType.Type

/**
 * The four loyalty types in code order: the type of code `c` is
 * `loyaltyTypes[c]`. The code's bit 1 is the high-frequency flag and bit 0 the
 * high-dependence flag.
 *
 * @example
 * ```ts
 * import { Loyalty } from "@clientele/loyalty"
 *
 * Loyalty.loyaltyTypes[2] // "inertial": high frequency, low dependence
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const loyaltyTypes = [
  "zero",
  "latent",
  "inertial",
  "high",
] as const satisfies ReadonlyArray<LoyaltyType>

/**
 * How a customer of one loyalty type is to be served (LOY-3): a one-line
 * `headline`, the concrete `actions`, whether the type is `priceSensitive` (likely
 * to leave for a slightly lower price elsewhere, so retention must add value rather
 * than cut prices) and the level of service `investment` the type deserves.
 *
 * @example
 * ```ts
 * import { Loyalty } from "@clientele/loyalty"
 * import * as Schema from "effect/Schema"
 *
 * const policy = Schema.decodeUnknownSync(Loyalty.ServicePolicy)({
 *   headline: "Lower the friction of buying",
 *   actions: ["one-step reordering"],
 *   priceSensitive: false,
 *   investment: "standard",
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ServicePolicy = Schema.Struct({
  /** The policy in one line. */
  headline: Schema.NonEmptyTrimmedString,
  /** What the service does for customers of the type. */
  actions: Schema.NonEmptyArray(Schema.NonEmptyTrimmedString),
  /** Whether the type leaves for a slightly lower price elsewhere. */
  priceSensitive: Schema.Boolean,
  /** How much service the type deserves. */
  investment: Schema.Literal("low", "standard", "high"),
}).annotations({
  identifier: "ServicePolicy",
  description: "how customers of one loyalty type are served",
})

/**
 * The type of {@link ServicePolicy}.
 *
 * @example
 * ```ts
 * import { Loyalty } from "@clientele/loyalty"
 *
 * const policy: Loyalty.ServicePolicy = Loyalty.defaultServicePolicies.latent
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type ServicePolicy = typeof ServicePolicy.Type

/**
 * One {@link ServicePolicy} for each loyalty type.
 *
 * @example
 * ```ts
 * import { Loyalty } from "@clientele/loyalty"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(Loyalty.ServicePolicies)(Loyalty.defaultServicePolicies) // true
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ServicePolicies = Schema.Struct({
  /** Low frequency, low dependence. */
  zero: ServicePolicy,
  /** Low frequency, high dependence. */
  latent: ServicePolicy,
  /** High frequency, low dependence. */
  inertial: ServicePolicy,
  /** High frequency, high dependence. */
  high: ServicePolicy,
}).annotations({ identifier: "ServicePolicies" })

/**
 * The type of {@link ServicePolicies}.
 *
 * @example
 * ```ts
 * import { Loyalty } from "@clientele/loyalty"
 *
 * const policies: Loyalty.ServicePolicies = Loyalty.defaultServicePolicies
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type ServicePolicies = typeof ServicePolicies.Type

/**
 * What the dependence axis is measured by (see the `Dependence` module):
 * `categoryBreadth` (from the company's own transactions), `shareOfWallet` (where
 * the wallet size is known) or `surveyScore` (where surveys exist).
 *
 * @example
 * ```ts
 * import { Loyalty } from "@clientele/loyalty"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(Loyalty.DependenceMeasure)("shareOfWallet") // true
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const DependenceMeasure = Schema.Literal(
  "categoryBreadth",
  "shareOfWallet",
  "surveyScore",
).annotations({ identifier: "DependenceMeasure" })

/**
 * The type of {@link DependenceMeasure}.
 *
 * @example
 * ```ts
 * import type { Loyalty } from "@clientele/loyalty"
 *
 * const measure: Loyalty.DependenceMeasure = "surveyScore"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type DependenceMeasure = typeof DependenceMeasure.Type

/**
 * The loyalty policy (LOY-2, LOY-3): the cut between low and high on each axis,
 * what measures dependence, and the service policy of each type. `version` names
 * the policy so a classification can be traced to the thresholds that made it;
 * give a new version whenever a cut changes.
 *
 * @example
 * ```ts
 * import { Loyalty } from "@clientele/loyalty"
 * import { Cut } from "@clientele/segmentation"
 *
 * const policy = new Loyalty.LoyaltyPolicy({
 *   version: "2025-absolute",
 *   frequency: Cut.atLeast(4),
 *   dependence: Cut.atLeast(0.5),
 *   dependenceMeasure: "shareOfWallet",
 *   services: Loyalty.defaultServicePolicies,
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export class LoyaltyPolicy extends Schema.Class<LoyaltyPolicy>("LoyaltyPolicy")({
  /** Names the policy; a classification records it. */
  version: Schema.NonEmptyTrimmedString,
  /** The cut between low and high frequency. */
  frequency: Cut.Cut,
  /** The cut between low and high dependence. */
  dependence: Cut.Cut,
  /** What dependence is measured by. */
  dependenceMeasure: DependenceMeasure,
  /** The service policy of each loyalty type. */
  services: ServicePolicies,
}) {}

/**
 * Changes to the default policy accepted by {@link makePolicy}; the service
 * policies can be replaced one type at a time.
 *
 * @example
 * ```ts
 * import type { Loyalty } from "@clientele/loyalty"
 * import { Cut } from "@clientele/segmentation"
 *
 * const overrides: Loyalty.PolicyOverrides = { version: "2", frequency: Cut.atLeast(6) }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface PolicyOverrides {
  /** The policy's version; give a new one whenever a cut changes. */
  readonly version?: string
  /** The cut between low and high frequency. */
  readonly frequency?: Cut.Cut
  /** The cut between low and high dependence. */
  readonly dependence?: Cut.Cut
  /** What dependence is measured by. */
  readonly dependenceMeasure?: DependenceMeasure
  /** Service policies replacing the defaults of some types. */
  readonly services?: Partial<ServicePolicies>
}

/**
 * The two figures of each customer, indexed alike: `frequency[i]` (transactions in
 * the period) and `dependence[i]` (a dependence measure, see `Dependence`).
 *
 * @example
 * ```ts
 * import type { Loyalty } from "@clientele/loyalty"
 *
 * const figures: Loyalty.Figures = { frequency: [12, 1, 3], dependence: [0.2, 0.9, 0.5] }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Figures {
  /** Each customer's transaction count (or another frequency figure). */
  readonly frequency: ArrayLike<number>
  /** Each customer's dependence figure. */
  readonly dependence: ArrayLike<number>
}

/**
 * The loyalty types of a population: `types[i]` is customer `i`'s code (its
 * position in `names`, which is {@link loyaltyTypes}), with the thresholds each
 * axis resolved to and the version of the policy that made it.
 *
 * @example
 * ```ts
 * import { Loyalty } from "@clientele/loyalty"
 * import * as Either from "effect/Either"
 *
 * const classification = Either.getOrThrow(
 *   Loyalty.classify({ frequency: [12, 1], dependence: [0.2, 0.9] }, Loyalty.defaultPolicy),
 * )
 * classification.thresholds.frequency.bound // 1: more than one order is high frequency
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface LoyaltyClassification {
  /** Each customer's loyalty type code, indexed like the figures. */
  readonly types: Uint8Array
  /** The type of each code: {@link loyaltyTypes}. */
  readonly names: typeof loyaltyTypes
  /** The figure each axis's cut resolved to over this population. */
  readonly thresholds: {
    /** A customer is high-frequency when its frequency meets this. */
    readonly frequency: Cut.Resolved
    /** A customer is high-dependence when its dependence meets this. */
    readonly dependence: Cut.Resolved
  }
  /** The `version` of the policy that made the classification. */
  readonly policyVersion: string
}

/**
 * A period's loyalty classification: a {@link LoyaltyClassification} of the
 * period's customers, with their ids (indexed like `types`), the period and the
 * dependence figures used — what `Transition.between` compares (LOY-4).
 *
 * @example
 * ```ts
 * import type { Loyalty } from "@clientele/loyalty"
 *
 * declare const classification: Loyalty.PeriodClassification
 * classification.customerIds[0]
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface PeriodClassification extends LoyaltyClassification {
  /** The statistics period classified. */
  readonly period: Summary.PeriodSummaries["period"]
  /** The customers, indexed like `types`. */
  readonly customerIds: ReadonlyArray<string>
  /** What the dependence figures measure, as the policy says. */
  readonly dependenceMeasure: DependenceMeasure
  /** The dependence figure of each customer, indexed like `types`. */
  readonly dependence: ArrayLike<number>
}

/**
 * The default service policy of each loyalty type (LOY-3).
 *
 * @remarks
 * - **latent**: the customer values the company but buys rarely, so the obstacle
 *   is the buying itself — lower the purchase friction.
 * - **inertial**: the customer buys often out of habit, not attachment, and is the
 *   one who leaves for a 2 % lower price — build attachment and switching costs
 *   through service, never through price cuts (`priceSensitive: true`).
 * - **high**: reward and keep; ask for referrals.
 * - **zero**: serve through low-cost channels and do not overinvest; test win-back
 *   offers on a small scale and keep only what pays. They are not marked
 *   price-sensitive: they barely buy, so a discount is not what holds them.
 *
 * @example
 * ```ts
 * import { Loyalty } from "@clientele/loyalty"
 *
 * Loyalty.defaultServicePolicies.inertial.priceSensitive // true
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const defaultServicePolicies: ServicePolicies = {
  zero: {
    headline: "Serve at low cost and do not overinvest",
    actions: [
      "serve through self-service and other low-cost channels",
      "make no tailored offers or visits by default",
      "test win-back offers on a small sample and keep only those that pay",
    ],
    priceSensitive: false,
    investment: "low",
  },
  latent: {
    headline: "Lower the friction of buying",
    actions: [
      "make ordering easy: one-step reordering, saved baskets, flexible delivery",
      "remind the customer at its usual buying moments",
      "offer bundles around the products it already relies on",
    ],
    priceSensitive: false,
    investment: "standard",
  },
  inertial: {
    headline: "Build attachment through service, not price",
    actions: [
      "add value-added services the customer would lose by leaving",
      "build the relationship: a named contact, regular check-ins, feedback acted upon",
      "create switching costs through service (integration, history, tailored support), not discounts",
      "watch for competitors' offers: this customer leaves for a 2 % lower price",
    ],
    priceSensitive: true,
    investment: "standard",
  },
  high: {
    headline: "Reward and keep",
    actions: [
      "recognise loyalty: priority service and loyalty rewards",
      "ask for referrals and reviews",
      "hold the service standard steady: these customers notice lapses first",
    ],
    priceSensitive: false,
    investment: "high",
  },
}

/**
 * The default loyalty policy: a median split on both axes (the top 50 % by
 * frequency are high-frequency, the top 50 % by dependence high-dependence),
 * dependence measured by category breadth, and {@link defaultServicePolicies}.
 *
 * @remarks
 * Dick & Basu give no numeric thresholds; the median split is the conventional
 * reading of a two-by-two grid and needs no knowledge of the business. Under the
 * shared tie rule (ties go down), customers tied at the median all fall in the low
 * half, so with most customers at one order, fewer than half may be high-frequency.
 * Category breadth is the default measure because it is the only one computable
 * from the company's own transactions; share of wallet is the better proxy where
 * the wallet size is known, and a survey score where surveys exist.
 *
 * @example
 * ```ts
 * import { Loyalty } from "@clientele/loyalty"
 *
 * Loyalty.defaultPolicy.frequency // { _tag: "TopPercent", percent: 50 }
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const defaultPolicy: LoyaltyPolicy = new LoyaltyPolicy({
  version: "1",
  frequency: Cut.topPercent(50),
  dependence: Cut.topPercent(50),
  dependenceMeasure: "categoryBreadth",
  services: defaultServicePolicies,
})

/**
 * Builds a validated loyalty policy from the defaults and `overrides`: every
 * field is checked (a percentile outside 0 … 100, a non-finite absolute cut, an
 * empty action list …) and the failures come back as one `ValidationError` naming
 * each path.
 *
 * @example
 * ```ts
 * import { Loyalty } from "@clientele/loyalty"
 * import { Cut } from "@clientele/segmentation"
 * import * as Either from "effect/Either"
 *
 * const policy = Loyalty.makePolicy({
 *   version: "2025-share-of-wallet",
 *   dependence: Cut.atLeast(0.4),
 *   dependenceMeasure: "shareOfWallet",
 * })
 * Either.isRight(policy) // true
 * Either.isLeft(Loyalty.makePolicy({ frequency: { _tag: "TopPercent", percent: 120 } })) // true
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const makePolicy = (
  overrides: PolicyOverrides = {},
): Either.Either<LoyaltyPolicy, Errors.ValidationError> =>
  Errors.decodeEither(LoyaltyPolicy)({
    version: overrides.version ?? defaultPolicy.version,
    frequency: overrides.frequency ?? defaultPolicy.frequency,
    dependence: overrides.dependence ?? defaultPolicy.dependence,
    dependenceMeasure: overrides.dependenceMeasure ?? defaultPolicy.dependenceMeasure,
    services: { ...defaultPolicy.services, ...overrides.services },
  })

/**
 * The code of a loyalty type: its position in {@link loyaltyTypes}.
 *
 * @example
 * ```ts
 * import { Loyalty } from "@clientele/loyalty"
 *
 * Loyalty.codeOf("high") // 3
 * ```
 *
 * @since 0.1.0
 * @category getters
 */
export const codeOf = (type: LoyaltyType): 0 | 1 | 2 | 3 =>
  type === "zero" ? 0 : type === "latent" ? 1 : type === "inertial" ? 2 : 3

/**
 * Whether loyalty type `a` is at least as loyal as `b`: `a` is high on every axis
 * `b` is high on. This is the order monotonicity refers to (LOY-2):
 * zero < latent < high and zero < inertial < high, while latent and inertial are
 * not comparable (neither axis outranks the other).
 *
 * @example
 * ```ts
 * import { Loyalty } from "@clientele/loyalty"
 *
 * Loyalty.isAtLeastAsLoyal("high", "latent") // true
 * Loyalty.isAtLeastAsLoyal("inertial", "latent") // false
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const isAtLeastAsLoyal = (a: LoyaltyType, b: LoyaltyType): boolean => {
  const codeA = codeOf(a)
  const codeB = codeOf(b)
  return (codeA & codeB) === codeB
}

/**
 * The service policy of a loyalty type under a policy (LOY-3).
 *
 * @example
 * ```ts
 * import { Loyalty } from "@clientele/loyalty"
 *
 * Loyalty.servicePolicyOf(Loyalty.defaultPolicy, "latent").headline // "Lower the friction of buying"
 * ```
 *
 * @since 0.1.0
 * @category getters
 */
export const servicePolicyOf = (policy: LoyaltyPolicy, type: LoyaltyType): ServicePolicy =>
  policy.services[type]

/**
 * Classifies every customer into one loyalty type (LOY-1, LOY-2). A customer is
 * high on an axis when its figure meets the policy's cut on that axis; percentile
 * cuts are taken over all the customers given, with ties going down (equal figures
 * always share a side, and a top-p % cut admits at most `floor(n × p / 100)`
 * customers).
 *
 * @remarks
 * The result is total (every customer gets exactly one type) and monotone (raising
 * one customer's frequency or dependence never lowers its type, for it keeps each
 * flag it had). The figures must have the same length and be finite; the first
 * violation is a `ValidationError` naming `frequency` or `dependence` and the index.
 * The work is two order-statistic selections and one loop, with no object per
 * customer.
 *
 * @example
 * ```ts
 * import { Loyalty } from "@clientele/loyalty"
 * import { Cut } from "@clientele/segmentation"
 * import * as Either from "effect/Either"
 *
 * const policy = Either.getOrThrow(
 *   Loyalty.makePolicy({ frequency: Cut.atLeast(6), dependence: Cut.atLeast(0.5), dependenceMeasure: "shareOfWallet" }),
 * )
 * const classification = Either.getOrThrow(
 *   Loyalty.classify({ frequency: [1, 2, 12, 9], dependence: [0.1, 0.8, 0.2, 0.7] }, policy),
 * )
 * Array.from(classification.types, (code) => classification.names[code]) // ["zero", "latent", "inertial", "high"]
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const classify = (
  figures: Figures,
  policy: LoyaltyPolicy,
): Either.Either<LoyaltyClassification, Errors.ValidationError> => {
  const { frequency, dependence } = figures
  const n = frequency.length
  const failure =
    lengthMismatch("dependence", dependence, "frequency", n) ??
    firstNonFinite("frequency", frequency) ??
    firstNonFinite("dependence", dependence)
  if (failure !== undefined) return Either.left(failure)
  // Both axes are resolved over the same population, so one scratch buffer serves both
  // selections in turn.
  const scratch = new Float64Array(n)
  const [frequencyCut] = Cut.resolve([policy.frequency], frequency, undefined, scratch)
  const [dependenceCut] = Cut.resolve([policy.dependence], dependence, undefined, scratch)
  const frequencyThreshold = frequencyCut as Cut.Resolved
  const dependenceThreshold = dependenceCut as Cut.Resolved
  const types = new Uint8Array(n)
  for (let i = 0; i < n; i++) {
    const highFrequency = Cut.meets(frequencyThreshold, frequency[i] as number) ? 2 : 0
    const highDependence = Cut.meets(dependenceThreshold, dependence[i] as number) ? 1 : 0
    types[i] = highFrequency | highDependence
  }
  return Either.right({
    types,
    names: loyaltyTypes,
    thresholds: { frequency: frequencyThreshold, dependence: dependenceThreshold },
    policyVersion: policy.version,
  })
}

/** The dependence figures of a period: those given, or the ones the measure can compute. */
const dependenceFigures = (
  summaries: Summary.PeriodSummaries,
  measure: DependenceMeasure,
  given: ArrayLike<number> | undefined,
): Either.Either<ArrayLike<number>, Errors.ValidationError> => {
  if (given !== undefined) return Either.right(given)
  if (measure === "categoryBreadth") return Dependence.categoryBreadth(summaries)
  return Either.left(
    invalid(
      ["dependence"],
      `the policy measures dependence by ${measure}: pass one figure per customer`,
    ),
  )
}

/**
 * Classifies a period's customers from their summaries: frequency is the order
 * count; dependence is measured as the policy says. With `categoryBreadth` it is
 * computed from the summaries (`Dependence.categoryBreadth`, over the categories met
 * in the period); the other measures need their figures as `dependence`, one per
 * customer in the summaries' order (`Dependence.shareOfWallet`,
 * `Dependence.surveyScore`), and fail with a `ValidationError` naming `dependence`
 * without them.
 *
 * @remarks
 * Figures passed as `dependence` are used whatever the measure, so a breadth over
 * the whole catalogue (`Dependence.categoryBreadth(summaries, catalogueSize)`) can
 * replace the default one. Each period is classified from its own summaries alone.
 *
 * @example
 * ```ts
 * import { Period } from "@clientele/core"
 * import { Loyalty } from "@clientele/loyalty"
 * import { Summary } from "@clientele/segmentation"
 * import * as Either from "effect/Either"
 *
 * const summaries = Either.getOrThrow(
 *   Summary.fromTransactions(
 *     [
 *       { customerId: "cus-1", at: Date.UTC(2024, 1, 1), revenue: { amount: 900, currency: "EUR" }, category: "paper" },
 *       { customerId: "cus-1", at: Date.UTC(2024, 2, 1), revenue: { amount: 900, currency: "EUR" }, category: "paper" },
 *       { customerId: "cus-1", at: Date.UTC(2024, 3, 1), revenue: { amount: 900, currency: "EUR" }, category: "paper" },
 *       { customerId: "cus-2", at: Date.UTC(2024, 3, 1), revenue: { amount: 4900, currency: "EUR" }, category: "toner" },
 *       { customerId: "cus-2", at: Date.UTC(2024, 3, 2), revenue: { amount: 900, currency: "EUR" }, category: "paper" },
 *     ],
 *     { period: Period.make("2024-01-01", "2025-01-01", "UTC"), currency: "EUR", customers: ["cus-0"] },
 *   ),
 * )
 * const classification = Either.getOrThrow(Loyalty.classifyPeriod(summaries, Loyalty.defaultPolicy))
 * classification.customerIds // ["cus-0", "cus-1", "cus-2"]: registered customers come first
 * Array.from(classification.types, (code) => classification.names[code]) // ["zero", "inertial", "latent"]
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const classifyPeriod = (
  summaries: Summary.PeriodSummaries,
  policy: LoyaltyPolicy,
  dependence?: ArrayLike<number>,
): Either.Either<PeriodClassification, Errors.ValidationError> => {
  const measured = dependenceFigures(summaries, policy.dependenceMeasure, dependence)
  return Either.flatMap(measured, (figures) =>
    Either.map(
      classify({ frequency: summaries.orders, dependence: figures }, policy),
      (classification): PeriodClassification => ({
        ...classification,
        period: summaries.period,
        customerIds: summaries.customerIds,
        dependenceMeasure: policy.dependenceMeasure,
        dependence: figures,
      }),
    ),
  )
}

/**
 * The loyalty type of customer `index` of a classification.
 *
 * @remarks
 * An index outside the classification is a programming error and throws a
 * `RangeError`.
 *
 * @example
 * ```ts
 * import { Loyalty } from "@clientele/loyalty"
 * import * as Either from "effect/Either"
 *
 * const classification = Either.getOrThrow(
 *   Loyalty.classify({ frequency: [12, 1], dependence: [0.2, 0.9] }, Loyalty.defaultPolicy),
 * )
 * Loyalty.typeOf(classification, 0) // "inertial"
 * ```
 *
 * @since 0.1.0
 * @category getters
 */
export const typeOf = (classification: LoyaltyClassification, index: number): LoyaltyType => {
  const code = classification.types[index]
  if (code === undefined) {
    throw new RangeError(
      `customer index ${index} is outside a classification of ${classification.types.length}`,
    )
  }
  return classification.names[code] as LoyaltyType
}

/**
 * How many customers of a classification have each loyalty type.
 *
 * @example
 * ```ts
 * import { Loyalty } from "@clientele/loyalty"
 * import * as Either from "effect/Either"
 *
 * const classification = Either.getOrThrow(
 *   Loyalty.classify({ frequency: [12, 1, 1], dependence: [0.2, 0.9, 0.1] }, Loyalty.defaultPolicy),
 * )
 * Loyalty.counts(classification) // { zero: 1, latent: 1, inertial: 1, high: 0 }
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export const counts = (classification: LoyaltyClassification): Record<LoyaltyType, number> => {
  const byCode = new Float64Array(4)
  const types = classification.types
  for (let i = 0; i < types.length; i++) {
    const code = types[i] as number
    byCode[code] = (byCode[code] as number) + 1
  }
  return {
    zero: byCode[0] as number,
    latent: byCode[1] as number,
    inertial: byCode[2] as number,
    high: byCode[3] as number,
  }
}
