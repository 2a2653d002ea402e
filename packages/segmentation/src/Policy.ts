/**
 * The segmentation policy (SEG-1, SEG-2, SEG-4, SEG-5, SEG-6): one versioned,
 * validated object that says how a period's customers are classified — the tier
 * scheme in force (three tiers or stars) with each tier's service standard, the
 * ABCD classes and their service-time shares, the RFM scores and named segments,
 * and how close to the next tier a cultivation candidate must be. Every number of
 * RULES.md is a default here, never a constant in the code.
 *
 * @since 0.1.0
 */
import { Errors, Money } from "@clientele/core"
import type * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as Cut from "./Cut.js"

const Name = Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(64))
const Percent = Schema.Number.pipe(Schema.between(0, 100))
const Count = Schema.Int.pipe(Schema.nonNegative())

/**
 * A tier's service standard (SEG-5): visits and contacts per period, and the
 * holiday offer — data that visit planning (VIS-10) consumes.
 *
 * @example
 * ```ts
 * import { Policy } from "@clientele/segmentation"
 *
 * const standard = Policy.ServiceStandard.make({
 *   visitsPerPeriod: 4,
 *   contactsPerPeriod: 12,
 *   holidayOffer: { discountPercent: 10, gift: "holiday hamper" },
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export class ServiceStandard extends Schema.Class<ServiceStandard>("ServiceStandard")({
  visitsPerPeriod: Count,
  contactsPerPeriod: Count,
  holidayOffer: Schema.Struct({
    discountPercent: Percent,
    gift: Schema.optional(Name),
  }),
}) {}

/**
 * What a customer must reach to be in a tier: a cut on its order count and/or on
 * its contribution (minor units of the policy's currency). A tier with no minimum
 * takes every active customer that no better tier took.
 *
 * @example
 * ```ts
 * import { Cut, Policy } from "@clientele/segmentation"
 *
 * const major: Policy.Minimum = { contribution: Cut.topPercent(20), orders: Cut.atLeast(2) }
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Minimum = Schema.Struct({
  orders: Schema.optional(Cut.Cut),
  contribution: Schema.optional(Cut.Cut),
}).pipe(
  Schema.filter((minimum) => {
    const issues: Array<Schema.FilterIssue> = []
    for (const figure of ["orders", "contribution"] as const) {
      const cut = minimum[figure]
      if (cut?._tag === "AtLeast" && !(Math.abs(cut.value) <= Number.MAX_SAFE_INTEGER)) {
        issues.push({
          path: [figure, "value"],
          message: "an absolute cut on orders or money must lie within the safe-integer range",
        })
      }
    }
    return issues
  }),
)

/**
 * The type of {@link Minimum}.
 *
 * @example
 * ```ts
 * import { Cut, type Policy } from "@clientele/segmentation"
 *
 * const frequent: Policy.Minimum = { orders: Cut.atLeast(6) }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Minimum = typeof Minimum.Type

/**
 * One tier of a scheme: its name, its minimum and its service standard.
 *
 * @example
 * ```ts
 * import { Policy } from "@clientele/segmentation"
 *
 * const general = Policy.Tier.make({
 *   name: "general",
 *   minimum: {},
 *   standard: { visitsPerPeriod: 1, contactsPerPeriod: 4, holidayOffer: { discountPercent: 5 } },
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export class Tier extends Schema.Class<Tier>("Tier")({
  name: Name,
  minimum: Minimum,
  standard: ServiceStandard,
}) {}

/**
 * A tier scheme (SEG-1): tiers from best to worst, each customer with purchases in
 * the period landing in the first tier whose minimum it meets (the last tier has
 * no minimum, so every active customer lands somewhere), and the tier of customers
 * with no purchase in the period (`inactive`: the *potential* customers).
 *
 * Percentile cuts are taken over the period's active customers. Both built-in
 * schemes, {@link threeTiers} and {@link stars}, are values of this schema.
 *
 * @example
 * ```ts
 * import { Policy } from "@clientele/segmentation"
 *
 * Policy.threeTiers.tiers.map((tier) => tier.name) // ["major", "general"]
 * Policy.threeTiers.inactive.name // "potential"
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export class TierScheme extends Schema.Class<TierScheme>("TierScheme")(
  Schema.Struct({
    name: Name,
    tiers: Schema.NonEmptyArray(Tier),
    inactive: Schema.Struct({ name: Name, standard: ServiceStandard }),
  }).pipe(
    Schema.filter((scheme) => {
      const issues: Array<Schema.FilterIssue> = []
      const last = scheme.tiers[scheme.tiers.length - 1]
      if (
        last !== undefined &&
        (last.minimum.orders !== undefined || last.minimum.contribution !== undefined)
      ) {
        issues.push({
          path: ["tiers", scheme.tiers.length - 1, "minimum"],
          message: "the last tier takes every remaining active customer, so it has no minimum",
        })
      }
      const seen = new Set<string>()
      for (const [index, name] of [
        ...scheme.tiers.map((tier) => tier.name),
        scheme.inactive.name,
      ].entries()) {
        if (seen.has(name)) {
          issues.push({
            path: index < scheme.tiers.length ? ["tiers", index, "name"] : ["inactive", "name"],
            message: `the tier name ${name} is used twice`,
          })
        }
        seen.add(name)
      }
      if (scheme.tiers.length > 250)
        issues.push({ path: ["tiers"], message: "a scheme has at most 250 tiers" })
      return issues
    }),
  ),
) {}

const standard = (
  visitsPerPeriod: number,
  contactsPerPeriod: number,
  discountPercent: number,
  gift?: string,
) =>
  ServiceStandard.make({
    visitsPerPeriod,
    contactsPerPeriod,
    holidayOffer: gift === undefined ? { discountPercent } : { discountPercent, gift },
  })

/**
 * The three-tier scheme of SEG-1 for small and young companies: *major* customers
 * (contribution in the period's top 20 % and at least two orders), *general*
 * customers (every other buyer) and *potential* customers (no purchase in the
 * period), with their default service standards (SEG-5).
 *
 * @remarks
 * RULES.md names the tiers but not their thresholds: the top-20 % contribution cut
 * follows the ABCD class A, and the two-order minimum keeps a single large order
 * from making a major customer (cooperation frequency is SEG-1's other axis).
 *
 * @example
 * ```ts
 * import { Policy } from "@clientele/segmentation"
 *
 * Policy.threeTiers.tiers[0].standard.visitsPerPeriod // 4
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const threeTiers: TierScheme = TierScheme.make({
  name: "three tiers",
  tiers: [
    Tier.make({
      name: "major",
      minimum: { contribution: Cut.topPercent(20), orders: Cut.atLeast(2) },
      standard: standard(4, 12, 10, "holiday hamper"),
    }),
    Tier.make({ name: "general", minimum: {}, standard: standard(1, 4, 5) }),
  ],
  inactive: { name: "potential", standard: standard(0, 2, 5) },
})

/**
 * The star scheme of SEG-1 for companies that manage finely: 5★ (top 5 % of
 * contribution, at least six orders), 4★ (top 15 %, four orders), 3★ (top 40 %,
 * two orders), 2★ (top 70 %), 1★ (every other buyer), and *potential* customers
 * without a purchase in the period.
 *
 * @example
 * ```ts
 * import { Policy } from "@clientele/segmentation"
 *
 * Policy.stars.tiers.map((tier) => tier.name) // ["5-star", "4-star", "3-star", "2-star", "1-star"]
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const stars: TierScheme = TierScheme.make({
  name: "stars",
  tiers: [
    Tier.make({
      name: "5-star",
      minimum: { contribution: Cut.topPercent(5), orders: Cut.atLeast(6) },
      standard: standard(6, 24, 15, "holiday hamper"),
    }),
    Tier.make({
      name: "4-star",
      minimum: { contribution: Cut.topPercent(15), orders: Cut.atLeast(4) },
      standard: standard(4, 12, 10, "greeting card"),
    }),
    Tier.make({
      name: "3-star",
      minimum: { contribution: Cut.topPercent(40), orders: Cut.atLeast(2) },
      standard: standard(2, 6, 8),
    }),
    Tier.make({
      name: "2-star",
      minimum: { contribution: Cut.topPercent(70) },
      standard: standard(1, 4, 5),
    }),
    Tier.make({ name: "1-star", minimum: {}, standard: standard(0, 2, 0) }),
  ],
  inactive: { name: "potential", standard: standard(0, 2, 5) },
})

/**
 * One ABCD class (SEG-4): its share of the customers (by rank on contribution) and
 * its share of the service time.
 *
 * @example
 * ```ts
 * import { Policy } from "@clientele/segmentation"
 *
 * const a = Policy.AbcdClass.make({ name: "A", customers: 20, serviceTime: 40 })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export class AbcdClass extends Schema.Class<AbcdClass>("AbcdClass")({
  name: Name,
  customers: Percent,
  serviceTime: Percent,
}) {}

const sumsTo100 = (values: ReadonlyArray<number>) =>
  Math.abs(values.reduce((a, b) => a + b, 0) - 100) < 1e-9

/**
 * The ABCD classes, best first (SEG-4). The customer shares and the service-time
 * shares each add up to 100; every customer of the period's population (buyers and
 * registered customers without a purchase alike) is ranked on contribution.
 *
 * @example
 * ```ts
 * import { Policy } from "@clientele/segmentation"
 *
 * Policy.abcd.classes.map((c) => `${c.name}: ${c.customers}% of customers, ${c.serviceTime}% of time`)
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export class Abcd extends Schema.Class<Abcd>("Abcd")(
  Schema.Struct({ classes: Schema.NonEmptyArray(AbcdClass) }).pipe(
    Schema.filter((abcd) => {
      const issues: Array<Schema.FilterIssue> = []
      if (!sumsTo100(abcd.classes.map((c) => c.customers))) {
        issues.push({
          path: ["classes"],
          message: "the classes' customer shares must add up to 100",
        })
      }
      if (!sumsTo100(abcd.classes.map((c) => c.serviceTime))) {
        issues.push({
          path: ["classes"],
          message: "the classes' service-time shares must add up to 100",
        })
      }
      if (new Set(abcd.classes.map((c) => c.name)).size !== abcd.classes.length) {
        issues.push({ path: ["classes"], message: "class names must be unique" })
      }
      if (abcd.classes.length > 250)
        issues.push({ path: ["classes"], message: "at most 250 classes" })
      return issues
    }),
  ),
) {}

/**
 * The default ABCD classes of SEG-4: A (top 20 % of customers, 40 % of service
 * time), B (30 %, 30 %), C (30 %, 20 %), D (last 20 %, 10 %).
 *
 * @example
 * ```ts
 * import { Policy } from "@clientele/segmentation"
 *
 * Policy.abcd.classes[0].serviceTime // 40
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const abcd: Abcd = Abcd.make({
  classes: [
    AbcdClass.make({ name: "A", customers: 20, serviceTime: 40 }),
    AbcdClass.make({ name: "B", customers: 30, serviceTime: 30 }),
    AbcdClass.make({ name: "C", customers: 30, serviceTime: 20 }),
    AbcdClass.make({ name: "D", customers: 20, serviceTime: 10 }),
  ],
})

const ScoreRange = Schema.Tuple(Schema.Int, Schema.Int)

/**
 * One named RFM segment: the ranges of recency, frequency and (optionally)
 * monetary scores it covers, inclusive. In a segment map the first matching rule
 * wins.
 *
 * @example
 * ```ts
 * import { Policy } from "@clientele/segmentation"
 *
 * const champions = Policy.RfmSegment.make({ segment: "Champions", recency: [5, 5], frequency: [4, 5] })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export class RfmSegment extends Schema.Class<RfmSegment>("RfmSegment")({
  segment: Name,
  recency: ScoreRange,
  frequency: ScoreRange,
  monetary: Schema.optional(ScoreRange),
}) {}

/**
 * The "RF grid" segment map, the one most practitioners copy: ten segments over
 * recency × frequency (monetary ignored) that cover all 25 cells of five scores
 * exactly once.
 *
 * @example
 * ```ts
 * import { Policy } from "@clientele/segmentation"
 *
 * Policy.rfGrid.map((rule) => rule.segment) // ["Hibernating", "At Risk", …, "Champions"]
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const rfGrid: ReadonlyArray<RfmSegment> = [
  ["Hibernating", [1, 2], [1, 2]],
  ["At Risk", [1, 2], [3, 4]],
  ["Can't Lose Them", [1, 2], [5, 5]],
  ["About to Sleep", [3, 3], [1, 2]],
  ["Need Attention", [3, 3], [3, 3]],
  ["Loyal Customers", [3, 4], [4, 5]],
  ["Promising", [4, 4], [1, 1]],
  ["New Customers", [5, 5], [1, 1]],
  ["Potential Loyalists", [4, 5], [2, 3]],
  ["Champions", [5, 5], [4, 5]],
].map(([segment, recency, frequency]) =>
  RfmSegment.make({
    segment: segment as string,
    recency: recency as [number, number],
    frequency: frequency as [number, number],
  }),
)

/**
 * RFM scoring: the number of score levels (5: quintiles), which figure is
 * *monetary* (revenue, as practised, or contribution), the named-segment map, the
 * segment of scored customers no rule matches, and the segment of customers with
 * no purchase in the period (who have no recency to score).
 *
 * @example
 * ```ts
 * import { Policy } from "@clientele/segmentation"
 *
 * Policy.rfm.levels // 5
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export class Rfm extends Schema.Class<Rfm>("Rfm")(
  Schema.Struct({
    levels: Schema.Int.pipe(Schema.between(2, 10)),
    monetary: Schema.Literal("revenue", "contribution"),
    segments: Schema.Array(RfmSegment),
    otherSegment: Name,
    inactiveSegment: Name,
  }).pipe(
    Schema.filter((rfm) => {
      const issues: Array<Schema.FilterIssue> = []
      rfm.segments.forEach((rule, index) => {
        for (const axis of ["recency", "frequency", "monetary"] as const) {
          const range = rule[axis]
          if (range === undefined) continue
          if (range[0] < 1 || range[1] > rfm.levels || range[0] > range[1]) {
            issues.push({
              path: ["segments", index, axis],
              message: `a score range must lie within 1 … ${rfm.levels}, low end first`,
            })
          }
        }
      })
      if (
        new Set([...rfm.segments.map((s) => s.segment), rfm.otherSegment, rfm.inactiveSegment])
          .size > 250
      ) {
        issues.push({ path: ["segments"], message: "at most 250 segment names" })
      }
      return issues
    }),
  ),
) {}

/**
 * Default RFM scoring: quintiles, monetary = revenue, the {@link rfGrid} map,
 * "Others" for unmatched scores (none with the grid) and "Prospects" for customers
 * without a purchase in the period.
 *
 * @example
 * ```ts
 * import { Policy } from "@clientele/segmentation"
 *
 * Policy.rfm.inactiveSegment // "Prospects"
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const rfm: Rfm = Rfm.make({
  levels: 5,
  monetary: "revenue",
  segments: rfGrid,
  otherSegment: "Others",
  inactiveSegment: "Prospects",
})

/**
 * The segmentation policy in force for a period (SEG-2): exactly one per period,
 * identified by its `version`; a result records the version it used.
 *
 * @example
 * ```ts
 * import { Policy } from "@clientele/segmentation"
 * import * as Either from "effect/Either"
 *
 * const policy = Either.getOrThrow(Policy.make({ version: "2024", currency: "EUR" }))
 * policy.tiers.name // "three tiers"
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export class SegmentationPolicy extends Schema.Class<SegmentationPolicy>("SegmentationPolicy")({
  version: Name,
  currency: Money.CurrencyCode,
  tiers: TierScheme,
  abcd: Abcd,
  rfm: Rfm,
  /** How close to the next tier a cultivation candidate is (SEG-6): each gap within this % of the figure to reach. */
  cultivationWithinPercent: Percent,
}) {}

/**
 * What {@link make} accepts: the version and currency, and any part to change from
 * the defaults (as encoded data: plain objects and arrays).
 *
 * @example
 * ```ts
 * import type { Policy } from "@clientele/segmentation"
 *
 * const input: Policy.PolicyInput = { version: "2025", currency: "EUR", cultivationWithinPercent: 10 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type PolicyInput = Partial<typeof SegmentationPolicy.Encoded> & {
  readonly version: string
  readonly currency: string
}

/**
 * Builds and validates a policy from the defaults (three tiers, ABCD 20/30/30/20
 * with 40/30/20/10 of service time, RFM quintiles with the RF grid, cultivation
 * within 20 %) and the parts given. Bad input gives a `ValidationError` naming
 * every failing field.
 *
 * @example
 * ```ts
 * import { Policy } from "@clientele/segmentation"
 * import * as Either from "effect/Either"
 *
 * const fine = Policy.make({ version: "2024-stars", currency: "EUR", tiers: Policy.stars })
 * Either.isRight(fine) // true
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (
  input: PolicyInput,
): Either.Either<SegmentationPolicy, Errors.ValidationError> =>
  Errors.decodeEither(SegmentationPolicy)({
    tiers: Schema.encodeSync(TierScheme)(threeTiers),
    abcd: Schema.encodeSync(Abcd)(abcd),
    rfm: Schema.encodeSync(Rfm)(rfm),
    cultivationWithinPercent: 20,
    ...input,
  })

/**
 * The service standard of every tier of the policy's scheme, the inactive tier
 * included (SEG-5): what visit planning reads to plan a period's visits and contacts.
 *
 * @example
 * ```ts
 * import { Policy } from "@clientele/segmentation"
 * import * as Either from "effect/Either"
 *
 * const policy = Either.getOrThrow(Policy.make({ version: "2024", currency: "EUR" }))
 * Policy.standards(policy).get("major")?.visitsPerPeriod // 4
 * ```
 *
 * @since 0.1.0
 * @category getters
 */
export const standards = (policy: SegmentationPolicy): ReadonlyMap<string, ServiceStandard> =>
  new Map([
    ...policy.tiers.tiers.map((tier) => [tier.name, tier.standard] as const),
    [policy.tiers.inactive.name, policy.tiers.inactive.standard] as const,
  ])
