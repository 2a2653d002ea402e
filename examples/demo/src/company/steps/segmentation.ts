/**
 * Segmentation and the loyalty matrix (SEG-1 … SEG-6, LOY-1 … LOY-4): the company's
 * orders are recorded through the `Segmentation` service, each year is classified by
 * one stored policy, and the stored results are read back for the tiers, the ABCD
 * classes with their service time, the Pareto curve, the RFM segments and the tier
 * moves. The same years' summaries place every customer in the loyalty matrix, and
 * the two years are compared in its transition matrix.
 */
import type { Money } from "@clientele/core"
import { Loyalty, Transition } from "@clientele/loyalty"
import { Classification, Cultivation, Segmentation, Summary } from "@clientele/segmentation"
import * as Effect from "effect/Effect"
import {
  currency,
  type History,
  ordersOf,
  registeredBy,
  type Year,
  yearPeriod,
  years,
} from "../../history.js"
import type { RunContext } from "../run-context.js"
import type { Count, LoyaltySection, SegmentationSection } from "../sections.js"

/** The account managers' time for a year: 2,000 hours, shared over the ABCD classes (SEG-4). */
const serviceBudgetMinutes = 120_000

/** The year the report looks at; the one before it is the comparison. */
const lastYear: Year = 2024

/** At most this many points draw the Pareto curve. */
const paretoPoints = 200

/** A period's summaries from the history's orders, with the register as the population. */
const summariesOf = (history: History, year: Year) =>
  Summary.fromTransactions(ordersOf(history, year), {
    period: yearPeriod(year),
    currency,
    customers: registeredBy(history, year),
  })

/** What the segmentation step found, for the report and for the steps after it. */
export interface SegmentationFound {
  readonly segmentation: SegmentationSection
  readonly loyalty: LoyaltySection
  /** Each customer's tier in the last year, by customer id (the visits plan from it). */
  readonly tiers: ReadonlyMap<string, string>
}

/** Records the orders, classifies both years and reads the sections back. */
export const runSegmentation = (
  context: RunContext,
): Effect.Effect<
  SegmentationFound,
  | Segmentation.RunError
  | Segmentation.PolicyVersionConflictError
  | Money.MoneyOverflowError
  | Money.CurrencyMismatchError,
  Segmentation.Segmentation
> =>
  Effect.gen(function* () {
    const segmentation = yield* Segmentation.Segmentation
    const { tenant } = context
    const { history } = context.company
    const task = context.progress.start("segmentation and loyalty", years.length + 3)
    const policy = yield* segmentation.savePolicy(tenant, { version: "tiers-v1", currency })
    yield* segmentation.recordTransactions(tenant, history.orders)
    task.advance()

    const tiersByYear: Array<{ year: number; tiers: Array<Count> }> = []
    for (const year of years) {
      const run = yield* segmentation.classifyPeriod(tenant, {
        period: yearPeriod(year),
        policyVersion: policy.version,
        customers: registeredBy(history, year),
        serviceBudgetMinutes,
      })
      tiersByYear.push({
        year,
        tiers: Object.entries(run.tierCounts).map(([label, count]) => ({ label, count })),
      })
      task.advance()
    }

    const period = yearPeriod(lastYear)
    const results = yield* segmentation.results(tenant, period)
    const changes = yield* segmentation.changes(tenant, period)
    const up = changes.filter((change) => change.direction === "up").length
    const down = changes.filter((change) => change.direction === "down").length

    const totalContribution = results.reduce(
      (sum, result) => sum + Math.max(0, result.figures.contribution.amount),
      0,
    )
    const abcd = policy.abcd.classes.map((abcdClass) => {
      const members = results.filter((result) => result.abcd === abcdClass.name)
      const contribution = members.reduce(
        (sum, result) => sum + Math.max(0, result.figures.contribution.amount),
        0,
      )
      return {
        name: abcdClass.name,
        customers: members.length,
        contributionShare: totalContribution === 0 ? 0 : contribution / totalContribution,
        minutesEach: members[0]?.serviceMinutes ?? 0,
      }
    })

    // The Pareto curve: customers by contribution, largest first, sampled to a few hundred points.
    const ranked = [...results].sort(
      (a, b) => b.figures.contribution.amount - a.figures.contribution.amount,
    )
    const pareto: Array<{ customerShare: number; contributionShare: number; abcd: string }> = [
      { customerShare: 0, contributionShare: 0, abcd: ranked[0]?.abcd ?? "" },
    ]
    const every = Math.max(1, Math.ceil(ranked.length / paretoPoints))
    let cumulative = 0
    ranked.forEach((result, index) => {
      cumulative += Math.max(0, result.figures.contribution.amount)
      if ((index + 1) % every === 0 || index === ranked.length - 1)
        pareto.push({
          customerShare: (index + 1) / ranked.length,
          contributionShare: totalContribution === 0 ? 0 : cumulative / totalContribution,
          abcd: result.abcd ?? "",
        })
    })

    const segments = new Map<string, number>()
    for (const result of results)
      segments.set(result.rfm.segment, (segments.get(result.rfm.segment) ?? 0) + 1)

    const summaries = yield* summariesOf(history, lastYear)
    const classification = yield* Classification.classifyPeriod(summaries, policy)
    task.advance()

    // LOY-1 … LOY-4: the default policy, median cuts; dependence is category breadth.
    const before = yield* Loyalty.classifyPeriod(
      yield* summariesOf(history, (lastYear - 1) as Year),
      Loyalty.defaultPolicy,
    )
    const now = yield* Loyalty.classifyPeriod(summaries, Loyalty.defaultPolicy)
    const movement = yield* Transition.between(before, now)
    const counts = Loyalty.counts(now)
    // The classification is indexed like the summaries: frequency is the orders figure.
    const points = Array.from(now.types, (code, index) => ({
      frequency: summaries.orders[index] ?? 0,
      dependence: now.dependence[index] ?? 0,
      type: Loyalty.loyaltyTypes[code] ?? "zero",
    }))
    task.advance()

    const found: SegmentationFound = {
      segmentation: {
        year: lastYear,
        policyVersion: policy.version,
        tiersByYear,
        abcd,
        pareto,
        rfmSegments: [...segments]
          .map(([label, count]) => ({ label, count }))
          .sort((a, b) => b.count - a.count || (a.label < b.label ? -1 : 1)),
        moves: { up, down, entered: changes.length - up - down },
        cultivationCandidates: Cultivation.candidates(classification).length,
      },
      loyalty: {
        year: lastYear,
        thresholds: {
          frequency: now.thresholds.frequency.bound,
          dependence: now.thresholds.dependence.bound,
        },
        counts: {
          zero: counts.zero,
          latent: counts.latent,
          inertial: counts.inertial,
          high: counts.high,
        },
        points,
        transition: {
          types: Loyalty.loyaltyTypes,
          matrix: movement.matrix,
          entered: movement.entered,
          left: movement.left,
        },
      },
      tiers: new Map(results.map((result) => [result.customerId, result.tier])),
    }
    task.done(
      `${results.length} customers in ${lastYear}: ${tiersByYear
        .at(-1)
        ?.tiers.map((tier) => `${tier.label} ${tier.count}`)
        .join(", ")}`,
    )
    return found
  })
