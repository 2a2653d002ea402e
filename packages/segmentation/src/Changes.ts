/**
 * The change log between two periods (SEG-3): every customer whose tier differs
 * from the previous period's, with both tiers, both periods and the figures that
 * explain the move. Each period is classified from its own data alone; the log
 * only compares the results.
 *
 * @since 0.1.0
 */
import { Money, type Period } from "@clientele/core"
import * as Classification from "./Classification.js"
import type * as Summary from "./Summary.js"

/**
 * The figures behind a tier: the period's orders, revenue and contribution.
 *
 * @example
 * ```ts
 * import { Money } from "@clientele/core"
 * import type { Changes } from "@clientele/segmentation"
 *
 * const figures: Changes.Figures = { orders: 3, revenue: Money.make(90000, "EUR"), contribution: Money.make(21000, "EUR") }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Figures {
  readonly orders: number
  readonly revenue: Money.Money
  readonly contribution: Money.Money
}

/**
 * One customer's move between two periods: `from` is `null` for a customer who was
 * not in the previous period's population; `direction` compares the tiers' ranks
 * (the inactive tier ranks last).
 *
 * @example
 * ```ts
 * import type { Changes } from "@clientele/segmentation"
 *
 * declare const change: Changes.TierChange
 * `${change.customerId}: ${change.from ?? "new"} → ${change.to} (${change.direction})`
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface TierChange {
  readonly customerId: string
  readonly from: string | null
  readonly to: string
  readonly direction: "up" | "down" | "new"
  readonly previousPeriod: Period.Period
  readonly period: Period.Period
  readonly previousFigures: Figures | null
  readonly figures: Figures
  /** The version of the policy each period was classified by. */
  readonly previousPolicyVersion: string
  readonly policyVersion: string
}

/**
 * The figures behind customer `index`'s tier in a period's summaries.
 *
 * @example
 * ```ts
 * import { Changes, type Summary } from "@clientele/segmentation"
 *
 * declare const summaries: Summary.PeriodSummaries
 * Changes.figuresOf(summaries, 0).contribution
 * ```
 *
 * @since 0.1.0
 * @category getters
 */
export const figuresOf = (summaries: Summary.PeriodSummaries, index: number): Figures => ({
  orders: summaries.orders[index] as number,
  revenue: Money.make(summaries.revenue[index] as number, summaries.currency),
  contribution: Money.make(summaries.contribution[index] as number, summaries.currency),
})

/**
 * A previous period as the change log needs it: its period, its policy version and
 * each customer's tier and figures. A stored period (the `Segmentation` service
 * reads one back from the store) and a {@link Classification.PeriodClassification}
 * (through {@link previousOf}) both give one.
 *
 * @example
 * ```ts
 * import { Money, Period } from "@clientele/core"
 * import type { Changes } from "@clientele/segmentation"
 *
 * const figures = { orders: 2, revenue: Money.make(900, "EUR"), contribution: Money.make(900, "EUR") }
 * const previous: Changes.PreviousPeriod = {
 *   period: Period.make("2023-01-01", "2024-01-01", "UTC"),
 *   policyVersion: "v1",
 *   tierOf: (customerId) => (customerId === "cus-1" ? { tier: "general", figures } : undefined),
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface PreviousPeriod {
  readonly period: Period.Period
  readonly policyVersion: string
  readonly tierOf: (
    customerId: string,
  ) => { readonly tier: string; readonly figures: Figures } | undefined
}

/**
 * A classified period seen as the previous period of a change log.
 *
 * @example
 * ```ts
 * import { Changes, type Classification } from "@clientele/segmentation"
 *
 * declare const lastYear: Classification.PeriodClassification
 * const previous = Changes.previousOf(lastYear)
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const previousOf = (
  classification: Classification.PeriodClassification,
): PreviousPeriod => ({
  period: classification.summaries.period,
  policyVersion: classification.policy.version,
  tierOf: (customerId) => {
    const index = Classification.indexOf(classification, customerId)
    if (index === undefined) return undefined
    const { tiers } = classification
    return {
      tier: tiers.names[tiers.tier[index] as number] as string,
      figures: figuresOf(classification.summaries, index),
    }
  },
})

/**
 * The tier changes from `previous` to `current`, in the order of `current`'s
 * customers: every customer of the current population whose tier name differs from
 * its previous one, or who is new. Customers of the previous population who left
 * it are not listed (they have no tier now). Tiers are compared by name, so two
 * periods under different schemes still compare; a name that the current scheme
 * does not rank is treated as a move down.
 *
 * @example
 * ```ts
 * import { Period } from "@clientele/core"
 * import { Changes, Classification, Policy, Summary } from "@clientele/segmentation"
 * import * as Either from "effect/Either"
 *
 * const policy = Either.getOrThrow(Policy.make({ version: "v1", currency: "EUR" }))
 * const classify = (year: number, orders: number) => {
 *   const period = Period.make(`${year}-01-01`, `${year + 1}-01-01`, "UTC")
 *   const sales = Array.from({ length: orders }, (_, i) => ({ customerId: "cus-1", at: Date.UTC(year, i, 1), revenue: { amount: 800, currency: "EUR" } }))
 *   return Either.getOrThrow(Classification.classifyPeriod(Either.getOrThrow(Summary.fromTransactions(sales, { period, currency: "EUR", customers: ["cus-1"] })), policy))
 * }
 * const [change] = Changes.between(classify(2023, 2), classify(2024, 0))
 * change // { customerId: "cus-1", from: "general", to: "potential", direction: "down", … }
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export const between = (
  previous: PreviousPeriod | Classification.PeriodClassification,
  current: Classification.PeriodClassification,
): Array<TierChange> => {
  const before = "summaries" in previous ? previousOf(previous) : previous
  const changes: Array<TierChange> = []
  const rankOf = new Map(current.tiers.names.map((name, rank) => [name, rank]))
  const ids = current.summaries.customerIds
  for (let i = 0; i < ids.length; i++) {
    const customerId = ids[i] as string
    const to = current.tiers.names[current.tiers.tier[i] as number] as string
    const was = before.tierOf(customerId)
    if (was?.tier === to) continue
    const fromRank = was === undefined ? undefined : rankOf.get(was.tier)
    changes.push({
      customerId,
      from: was?.tier ?? null,
      to,
      direction:
        was === undefined
          ? "new"
          : fromRank !== undefined && (rankOf.get(to) as number) < fromRank
            ? "up"
            : "down",
      previousPeriod: before.period,
      period: current.summaries.period,
      previousFigures: was?.figures ?? null,
      figures: figuresOf(current.summaries, i),
      previousPolicyVersion: before.policyVersion,
      policyVersion: current.policy.version,
    })
  }
  return changes
}
