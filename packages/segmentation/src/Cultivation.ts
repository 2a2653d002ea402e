/**
 * Cultivation candidates (SEG-6, the "major-customer cultivation plan"): customers
 * with purchases in the period who are close to the next tier up, with the gap on
 * each figure the next tier asks for.
 *
 * @since 0.1.0
 */
import { Money } from "@clientele/core"
import * as Changes from "./Changes.js"
import type * as Classification from "./Classification.js"
import * as Cut from "./Cut.js"

/**
 * A customer close to the next tier: its tier, the tier it could reach, and what
 * is missing — orders and contribution (zero where it already meets the cut) — with
 * `closeness`, the largest gap as a share of the figure to reach (0 … the policy's
 * limit; smaller is closer).
 *
 * @example
 * ```ts
 * import type { Cultivation } from "@clientele/segmentation"
 *
 * declare const candidate: Cultivation.Candidate
 * `${candidate.customerId} needs ${candidate.gap.orders} more orders for ${candidate.nextTier}`
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Candidate {
  readonly customerId: string
  readonly tier: string
  readonly nextTier: string
  readonly gap: { readonly orders: number; readonly contribution: Money.Money }
  readonly closeness: number
  /** The customer's figures in the period. */
  readonly figures: Changes.Figures
}

/** The relative gap: how far below the figure to reach, as a share of its size. */
const relativeGap = (cut: Cut.Resolved | undefined, figure: number): number => {
  if (cut === undefined) return 0
  const gap = Cut.gap(cut, figure)
  if (gap === 0) return 0
  const target = figure + gap
  return gap / Math.max(1, Math.abs(target))
}

/**
 * Lists the customers whose every gap to the next tier up is within the policy's
 * `cultivationWithinPercent` of the figure to reach (20 % by default), closest
 * first (ties by customer id). Customers in the best tier, and customers without a
 * purchase in the period, are not candidates. For a percentile cut the figure to
 * reach is the one that would displace the tier's weakest member.
 *
 * @example
 * ```ts
 * import { Period } from "@clientele/core"
 * import { Classification, Cultivation, Policy, Summary } from "@clientele/segmentation"
 * import * as Either from "effect/Either"
 *
 * const period = Period.make("2024-01-01", "2025-01-01", "UTC")
 * const sale = (customerId: string, amount: number) => ({ customerId, at: Date.UTC(2024, 5, 1), revenue: { amount, currency: "EUR" } })
 * const sales = [sale("big", 5000), sale("big", 5000), sale("near", 4500), sale("near", 4500), sale("small", 100)]
 * const summaries = Either.getOrThrow(Summary.fromTransactions(sales, { period, currency: "EUR" }))
 * const policy = Either.getOrThrow(Policy.make({ version: "v1", currency: "EUR", tiers: { ...Policy.threeTiers, tiers: [
 *   { name: "major", minimum: { contribution: { _tag: "AtLeast", value: 10000 } }, standard: Policy.threeTiers.tiers[0].standard },
 *   { name: "general", minimum: {}, standard: Policy.threeTiers.tiers[1]!.standard },
 * ] } }))
 * const result = Either.getOrThrow(Classification.classifyPeriod(summaries, policy))
 * Cultivation.candidates(result).map((c) => [c.customerId, c.gap.contribution.amount]) // [["near", 1000]]
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export const candidates = (
  classification: Classification.PeriodClassification,
): Array<Candidate> => {
  const { tiers, summaries, policy } = classification
  const limit = policy.cultivationWithinPercent / 100
  const inactive = tiers.names.length - 1
  const found: Array<Candidate> = []
  for (let i = 0; i < tiers.tier.length; i++) {
    const tier = tiers.tier[i] as number
    if (tier === 0 || tier === inactive) continue
    const next = tiers.thresholds[tier - 1] as Classification.TierThresholds
    const orders = summaries.orders[i] as number
    const contribution = summaries.contribution[i] as number
    const closeness = Math.max(
      relativeGap(next.orders, orders),
      relativeGap(next.contribution, contribution),
    )
    if (!(closeness <= limit)) continue
    found.push({
      customerId: summaries.customerIds[i] as string,
      tier: tiers.names[tier] as string,
      nextTier: tiers.names[tier - 1] as string,
      gap: {
        orders: next.orders === undefined ? 0 : Cut.gap(next.orders, orders),
        contribution: Money.make(
          next.contribution === undefined ? 0 : Cut.gap(next.contribution, contribution),
          summaries.currency,
        ),
      },
      closeness,
      figures: Changes.figuresOf(summaries, i),
    })
  }
  return found.sort((a, b) =>
    a.closeness !== b.closeness
      ? a.closeness - b.closeness
      : a.customerId < b.customerId
        ? -1
        : a.customerId > b.customerId
          ? 1
          : 0,
  )
}
