/**
 * `classifyPeriod` (SEG-1, SEG-3, SEG-4): a period's customers classified from
 * that period's summaries alone, by the one policy in force — tier (three tiers or
 * stars), ABCD class, RFM scores and named segment. Pure and deterministic: the
 * same summaries and policy always give the same classes, whatever the order of
 * the customers.
 *
 * Tie rule, everywhere: customers with equal figures get the same class. A
 * percentile boundary never splits a tie group: the whole group falls to the lower
 * class ("ties go down", see the `Cut` module). So the classes down to any boundary
 * never hold more than their cumulative share (class A never more than its own), and
 * a customer with more contribution is never ranked lower.
 *
 * Results are columnar like the summaries: `tier[i]` is an index into `tierNames`
 * for customer `summaries.customerIds[i]`.
 *
 * @since 0.1.0
 */
import { Money } from "@clientele/core"
import * as Either from "effect/Either"
import * as Cut from "./Cut.js"
import type * as Policy from "./Policy.js"
import * as Summary from "./Summary.js"

/**
 * The cuts of one tier, resolved for the period's active customers.
 *
 * @example
 * ```ts
 * import type { Classification } from "@clientele/segmentation"
 *
 * declare const thresholds: Classification.TierThresholds
 * thresholds.contribution?.bound
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface TierThresholds {
  readonly orders?: Cut.Resolved | undefined
  readonly contribution?: Cut.Resolved | undefined
}

/**
 * The tiers of a period's customers under one scheme: `tier[i]` indexes `names`,
 * which lists the scheme's tiers best first, then its inactive tier.
 *
 * @example
 * ```ts
 * import type { Classification } from "@clientele/segmentation"
 *
 * declare const tiers: Classification.TierAssignment
 * tiers.names[tiers.tier[0]!] // e.g. "major"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface TierAssignment {
  readonly scheme: Policy.TierScheme
  readonly names: ReadonlyArray<string>
  readonly tier: Uint8Array
  /** One entry per tier of the scheme (not the inactive one). */
  readonly thresholds: ReadonlyArray<TierThresholds>
  /** How many customers each tier holds, indexed like `names`. */
  readonly counts: ReadonlyArray<number>
}

/**
 * The ABCD classes of a period's customers (SEG-4): `classOf[i]` indexes `names`;
 * `exceed[k]` is the contribution a customer must exceed to be in class `k` or
 * better (−∞ for the last class).
 *
 * @example
 * ```ts
 * import type { Classification } from "@clientele/segmentation"
 *
 * declare const abcd: Classification.AbcdAssignment
 * abcd.counts[0] // customers in class A
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface AbcdAssignment {
  readonly names: ReadonlyArray<string>
  readonly classOf: Uint8Array
  readonly exceed: ReadonlyArray<number>
  readonly counts: ReadonlyArray<number>
}

/**
 * RFM scores (1 … levels, higher is better; 0 for customers without a purchase in
 * the period) and named segments: `segment[i]` indexes `segmentNames`.
 *
 * @example
 * ```ts
 * import type { Classification } from "@clientele/segmentation"
 *
 * declare const rfm: Classification.RfmScores
 * `${rfm.recency[0]}${rfm.frequency[0]}${rfm.monetary[0]}` // e.g. "545"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface RfmScores {
  readonly levels: number
  readonly recency: Uint8Array
  readonly frequency: Uint8Array
  readonly monetary: Uint8Array
  readonly segmentNames: ReadonlyArray<string>
  readonly segment: Uint8Array
}

/**
 * A period's classification under one policy: the summaries it came from, the
 * policy (and so its version), tiers, ABCD classes and RFM scores.
 *
 * @example
 * ```ts
 * import type { Classification } from "@clientele/segmentation"
 *
 * declare const result: Classification.PeriodClassification
 * result.policy.version
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface PeriodClassification {
  readonly summaries: Summary.PeriodSummaries
  readonly policy: Policy.SegmentationPolicy
  readonly tiers: TierAssignment
  readonly abcd: AbcdAssignment
  readonly rfm: RfmScores
}

/**
 * One customer's classes as a plain object.
 *
 * @example
 * ```ts
 * import type { Classification } from "@clientele/segmentation"
 *
 * const classes: Classification.CustomerClasses = {
 *   customerId: "cus-1",
 *   tier: "major",
 *   abcd: "A",
 *   rfm: { recency: 5, frequency: 4, monetary: 5, segment: "Champions" },
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface CustomerClasses {
  readonly customerId: string
  readonly tier: string
  readonly abcd: string
  readonly rfm: {
    readonly recency: number
    readonly frequency: number
    readonly monetary: number
    readonly segment: string
  }
}

const scratchFor = (summaries: Summary.PeriodSummaries, scratch?: Float64Array): Float64Array =>
  scratch !== undefined && scratch.length >= Summary.size(summaries)
    ? scratch
    : new Float64Array(Summary.size(summaries))

/** A byte per customer, 1 for those with a purchase in the period. */
const activeMask = (summaries: Summary.PeriodSummaries): Uint8Array => {
  const { orders } = summaries
  const mask = new Uint8Array(orders.length)
  for (let i = 0; i < orders.length; i++) mask[i] = (orders[i] as number) > 0 ? 1 : 0
  return mask
}

const counted = (codes: Uint8Array, size: number): Array<number> => {
  const counts = new Float64Array(size)
  for (let i = 0; i < codes.length; i++)
    counts[codes[i] as number] = (counts[codes[i] as number] as number) + 1
  return Array.from(counts)
}

/**
 * Assigns each customer its tier under a scheme (SEG-1): customers without a
 * purchase in the period get the scheme's inactive tier (*potential*); every other
 * customer gets the first tier, best first, whose minimum it meets. Percentile cuts
 * are resolved over the active customers, all cuts on one figure in one pass.
 *
 * Monotone: more contribution or more orders, others unchanged, never gives a
 * lower tier.
 *
 * @example
 * ```ts
 * import { Period } from "@clientele/core"
 * import { Classification, Policy, Summary } from "@clientele/segmentation"
 * import * as Either from "effect/Either"
 *
 * const summaries = Either.getOrThrow(
 *   Summary.fromTransactions(
 *     [{ customerId: "cus-1", at: Date.UTC(2024, 4, 1), revenue: { amount: 800, currency: "EUR" } }],
 *     { period: Period.make("2024-01-01", "2025-01-01", "UTC"), currency: "EUR", customers: ["cus-2"] },
 *   ),
 * )
 * const tiers = Classification.classifyTiers(summaries, Policy.threeTiers)
 * Array.from(tiers.tier, (t) => tiers.names[t]) // ["potential", "general"]: cus-2 bought nothing
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const classifyTiers = (
  summaries: Summary.PeriodSummaries,
  scheme: Policy.TierScheme,
  scratch?: Float64Array,
): TierAssignment => {
  const n = Summary.size(summaries)
  const { orders, contribution } = summaries
  const buffer = scratchFor(summaries, scratch)
  const active = activeMask(summaries)
  const tiers = scheme.tiers
  const resolveAll = (
    pick: (minimum: Policy.Minimum) => Cut.Cut | undefined,
    figures: ArrayLike<number>,
  ) => {
    const cuts = tiers.map((tier) => pick(tier.minimum))
    const present = cuts.filter((cut): cut is Cut.Cut => cut !== undefined)
    const resolved = Cut.resolve(present, figures, active, buffer)
    let next = 0
    return cuts.map((cut) => (cut === undefined ? undefined : resolved[next++]))
  }
  const orderCuts = resolveAll((minimum) => minimum.orders, orders)
  const contributionCuts = resolveAll((minimum) => minimum.contribution, contribution)
  // Flattened for the loop: an absent cut is one every figure meets.
  const count = tiers.length
  const orderBound = new Float64Array(count).fill(Number.NEGATIVE_INFINITY)
  const orderInclusive = new Uint8Array(count).fill(1)
  const contributionBound = new Float64Array(count).fill(Number.NEGATIVE_INFINITY)
  const contributionInclusive = new Uint8Array(count).fill(1)
  for (let t = 0; t < count; t++) {
    const o = orderCuts[t]
    if (o !== undefined) {
      orderBound[t] = o.bound
      orderInclusive[t] = o.inclusive ? 1 : 0
    }
    const c = contributionCuts[t]
    if (c !== undefined) {
      contributionBound[t] = c.bound
      contributionInclusive[t] = c.inclusive ? 1 : 0
    }
  }
  const inactive = count
  const tier = new Uint8Array(n)
  for (let i = 0; i < n; i++) {
    const o = orders[i] as number
    if (o <= 0) {
      tier[i] = inactive
      continue
    }
    const c = contribution[i] as number
    let t = 0
    for (; t < count - 1; t++) {
      const ob = orderBound[t] as number
      const cb = contributionBound[t] as number
      if (
        (orderInclusive[t] === 1 ? o >= ob : o > ob) &&
        (contributionInclusive[t] === 1 ? c >= cb : c > cb)
      ) {
        break
      }
    }
    tier[i] = t
  }
  const names = [...tiers.map((t) => t.name), scheme.inactive.name]
  return {
    scheme,
    names,
    tier,
    thresholds: tiers.map((_, t) => ({ orders: orderCuts[t], contribution: contributionCuts[t] })),
    counts: counted(tier, names.length),
  }
}

/** Classes by cumulative percentiles: code k for the k-th class, best first, ties down. */
const percentileClasses = (
  figures: ArrayLike<number>,
  shares: ReadonlyArray<number>,
  member: Uint8Array | undefined,
  scratch: Float64Array,
  out: Uint8Array,
  firstCode: number,
  step: number,
): Array<number> => {
  let cumulative = 0
  const cuts = shares.slice(0, -1).map((share) => {
    cumulative += share
    return Cut.topPercent(Math.min(100, cumulative))
  })
  const exceed = Cut.resolve(cuts, figures, member, scratch).map((cut) => cut.bound)
  const last = exceed.length
  for (let i = 0; i < figures.length; i++) {
    if (member !== undefined && member[i] === 0) continue
    const figure = figures[i] as number
    let k = 0
    while (k < last && !(figure > (exceed[k] as number))) k++
    out[i] = firstCode + step * k
  }
  return [...exceed, Number.NEGATIVE_INFINITY]
}

/**
 * Ranks every customer of the period's population on contribution into the ABCD
 * classes (SEG-4): class A takes the customers among the top 20 % (by default),
 * B the next 30 %, and so on; customers with equal contribution always share a
 * class, the lower one at a boundary. The shares are cumulative: classes A … k
 * together never hold more than their shares together, and fall short of them by at
 * most the tie group at k's boundary (which the next class takes, so one class alone
 * may hold more than its own share).
 *
 * @example
 * ```ts
 * import { Period } from "@clientele/core"
 * import { Classification, Policy, Summary } from "@clientele/segmentation"
 * import * as Either from "effect/Either"
 *
 * const period = Period.make("2024-01-01", "2025-01-01", "UTC")
 * const sale = (customerId: string, amount: number) => ({ customerId, at: Date.UTC(2024, 5, 1), revenue: { amount, currency: "EUR" } })
 * const summaries = Either.getOrThrow(
 *   Summary.fromTransactions([sale("a", 900), sale("b", 500), sale("c", 400), sale("d", 300), sale("e", 100)], { period, currency: "EUR" }),
 * )
 * const abcd = Classification.classifyAbcd(summaries, Policy.abcd)
 * Array.from(abcd.classOf, (k) => abcd.names[k]) // ["A", "B", "C", "C", "D"]
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const classifyAbcd = (
  summaries: Summary.PeriodSummaries,
  abcd: Policy.Abcd,
  scratch?: Float64Array,
): AbcdAssignment => {
  const classOf = new Uint8Array(Summary.size(summaries))
  const exceed = percentileClasses(
    summaries.contribution,
    abcd.classes.map((c) => c.customers),
    undefined,
    scratchFor(summaries, scratch),
    classOf,
    0,
    1,
  )
  const names = abcd.classes.map((c) => c.name)
  return { names, classOf, exceed, counts: counted(classOf, names.length) }
}

const within = (score: number, range: readonly [number, number] | undefined) =>
  range === undefined || (score >= range[0] && score <= range[1])

/**
 * Scores every customer with a purchase in the period on recency (the most recent
 * score highest), frequency and monetary value, each by count percentiles into
 * `levels` scores (quintiles by default) with the tie rule of this module, and
 * names its segment by the first matching rule of the map. Customers without a
 * purchase score 0 and get the inactive segment.
 *
 * @example
 * ```ts
 * import { Period } from "@clientele/core"
 * import { Classification, Policy, Summary } from "@clientele/segmentation"
 * import * as Either from "effect/Either"
 *
 * const summaries = Either.getOrThrow(
 *   Summary.fromTransactions(
 *     [{ customerId: "cus-1", at: Date.UTC(2024, 11, 30), revenue: { amount: 800, currency: "EUR" } }],
 *     { period: Period.make("2024-01-01", "2025-01-01", "UTC"), currency: "EUR" },
 *   ),
 * )
 * const rfm = Classification.scoreRfm(summaries, Policy.rfm)
 * rfm.segmentNames[rfm.segment[0]!] // "Hibernating": a lone customer ties with itself and falls to the lowest score
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const scoreRfm = (
  summaries: Summary.PeriodSummaries,
  rfm: Policy.Rfm,
  scratch?: Float64Array,
): RfmScores => {
  const n = Summary.size(summaries)
  const buffer = scratchFor(summaries, scratch)
  const { orders } = summaries
  const active = activeMask(summaries)
  const levels = rfm.levels
  const shares = new Array<number>(levels).fill(100 / levels)
  const score = (figures: ArrayLike<number>) => {
    const out = new Uint8Array(n)
    percentileClasses(figures, shares, active, buffer, out, levels, -1)
    return out
  }
  const recentFirst = new Float64Array(n)
  for (let i = 0; i < n; i++) recentFirst[i] = -(summaries.recencyDays[i] as number)
  const recency = score(recentFirst)
  const frequency = score(orders)
  const monetary = score(rfm.monetary === "revenue" ? summaries.revenue : summaries.contribution)

  const segmentNames: Array<string> = []
  const codeOf = (name: string) => {
    const known = segmentNames.indexOf(name)
    if (known >= 0) return known
    segmentNames.push(name)
    return segmentNames.length - 1
  }
  const side = levels + 1
  const table = new Uint8Array(side * side * side)
  const other = codeOf(rfm.otherSegment)
  for (let r = 1; r <= levels; r++) {
    for (let f = 1; f <= levels; f++) {
      for (let m = 1; m <= levels; m++) {
        const rule = rfm.segments.find(
          (s) => within(r, s.recency) && within(f, s.frequency) && within(m, s.monetary),
        )
        table[(r * side + f) * side + m] = rule === undefined ? other : codeOf(rule.segment)
      }
    }
  }
  const inactive = codeOf(rfm.inactiveSegment)
  const segment = new Uint8Array(n)
  for (let i = 0; i < n; i++) {
    segment[i] =
      (orders[i] as number) > 0
        ? (table[
            ((recency[i] as number) * side + (frequency[i] as number)) * side +
              (monetary[i] as number)
          ] as number)
        : inactive
  }
  return { levels, recency, frequency, monetary, segmentNames, segment }
}

/**
 * Classifies a period's customers by the policy in force (SEG-1 … SEG-4): tiers,
 * ABCD classes, RFM scores and segments, from the period's summaries alone. Fails
 * with a `CurrencyMismatchError` when the summaries are in another currency than
 * the policy's thresholds.
 *
 * @example
 * ```ts
 * import { Period } from "@clientele/core"
 * import { Classification, Policy, Summary } from "@clientele/segmentation"
 * import * as Either from "effect/Either"
 *
 * const policy = Either.getOrThrow(Policy.make({ version: "2024", currency: "EUR" }))
 * const summaries = Either.getOrThrow(
 *   Summary.fromTransactions(
 *     [{ customerId: "cus-1", at: Date.UTC(2024, 4, 1), revenue: { amount: 800, currency: "EUR" } }],
 *     { period: Period.make("2024-01-01", "2025-01-01", "UTC"), currency: "EUR" },
 *   ),
 * )
 * const result = Either.getOrThrow(Classification.classifyPeriod(summaries, policy))
 * Classification.customerAt(result, 0) // { customerId: "cus-1", tier: "general", abcd: "D", rfm: { … } }
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const classifyPeriod = (
  summaries: Summary.PeriodSummaries,
  policy: Policy.SegmentationPolicy,
): Either.Either<PeriodClassification, Money.CurrencyMismatchError> => {
  if (summaries.currency !== policy.currency) {
    return Either.left(
      new Money.CurrencyMismatchError({
        operation: "classify",
        left: policy.currency,
        right: summaries.currency,
      }),
    )
  }
  const scratch = new Float64Array(Summary.size(summaries))
  return Either.right({
    summaries,
    policy,
    tiers: classifyTiers(summaries, policy.tiers, scratch),
    abcd: classifyAbcd(summaries, policy.abcd, scratch),
    rfm: scoreRfm(summaries, policy.rfm, scratch),
  })
}

/**
 * Customer `index`'s classes as a plain object.
 *
 * @example
 * ```ts
 * import { Classification } from "@clientele/segmentation"
 *
 * declare const result: Classification.PeriodClassification
 * Classification.customerAt(result, 0).tier
 * ```
 *
 * @since 0.1.0
 * @category getters
 */
export const customerAt = (
  classification: PeriodClassification,
  index: number,
): CustomerClasses => {
  const { tiers, abcd, rfm, summaries } = classification
  return {
    customerId: summaries.customerIds[index] as string,
    tier: tiers.names[tiers.tier[index] as number] as string,
    abcd: abcd.names[abcd.classOf[index] as number] as string,
    rfm: {
      recency: rfm.recency[index] as number,
      frequency: rfm.frequency[index] as number,
      monetary: rfm.monetary[index] as number,
      segment: rfm.segmentNames[rfm.segment[index] as number] as string,
    },
  }
}

const indexes = new WeakMap<Summary.PeriodSummaries, ReadonlyMap<string, number>>()

/**
 * The position of a customer in a period's summaries (and so in its
 * classification), or `undefined` when it is not in the period's population.
 *
 * @example
 * ```ts
 * import { Classification } from "@clientele/segmentation"
 *
 * declare const result: Classification.PeriodClassification
 * const index = Classification.indexOf(result, "cus-1")
 * ```
 *
 * @since 0.1.0
 * @category getters
 */
export const indexOf = (
  classification: PeriodClassification,
  customerId: string,
): number | undefined => {
  const summaries = classification.summaries
  let index = indexes.get(summaries)
  if (index === undefined) {
    index = new Map(summaries.customerIds.map((id, i) => [id, i]))
    indexes.set(summaries, index)
  }
  return index.get(customerId)
}
