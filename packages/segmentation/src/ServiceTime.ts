/**
 * Service-time budgets (SEG-4): a period's budget of service minutes shared over
 * the ABCD classes by their service-time shares (40/30/20/10 by default), then
 * equally over each class's customers — exactly: the parts always add up to the
 * budget, by the largest-remainder rule of core's `Allocation`.
 *
 * @since 0.1.0
 */
import { Allocation, Errors } from "@clientele/core"
import * as Either from "effect/Either"
import type * as Classification from "./Classification.js"

/**
 * A budget shared out: minutes per ABCD class (indexed like the classification's
 * class names) and per customer (indexed like its summaries).
 *
 * @example
 * ```ts
 * import type { ServiceTime } from "@clientele/segmentation"
 *
 * declare const allocation: ServiceTime.ServiceTimeAllocation
 * allocation.perClass // e.g. [2400, 1800, 1200, 600]
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface ServiceTimeAllocation {
  readonly budgetMinutes: number
  readonly perClass: ReadonlyArray<number>
  readonly perCustomer: Float64Array
}

/**
 * Shares a budget of service minutes over a period's customers (SEG-4). Each class
 * gets its service-time share of the budget; a class without customers gets none,
 * its share going to the other classes in proportion to theirs. Within a class
 * every customer gets the same whole number of minutes, and the minutes left over
 * (fewer than the class's customers) go one each to its customers with the highest
 * contribution (ties by customer id). The parts add up to the budget exactly.
 *
 * Fails with a `ValidationError` when the budget is not a non-negative safe
 * integer, or when it is positive and the period has no customers to give it to.
 *
 * @example
 * ```ts
 * import { Period } from "@clientele/core"
 * import { Classification, Policy, ServiceTime, Summary } from "@clientele/segmentation"
 * import * as Either from "effect/Either"
 *
 * const period = Period.make("2024-01-01", "2025-01-01", "UTC")
 * const sale = (customerId: string, amount: number) => ({ customerId, at: Date.UTC(2024, 5, 1), revenue: { amount, currency: "EUR" } })
 * const sales = [sale("a", 900), sale("b", 500), sale("c", 400), sale("d", 300), sale("e", 100)]
 * const summaries = Either.getOrThrow(Summary.fromTransactions(sales, { period, currency: "EUR" }))
 * const policy = Either.getOrThrow(Policy.make({ version: "v1", currency: "EUR" }))
 * const result = Either.getOrThrow(Classification.classifyPeriod(summaries, policy))
 * const time = Either.getOrThrow(ServiceTime.allocate(result, 6000))
 * time.perClass // [2400, 1800, 1200, 600]
 * Array.from(time.perCustomer) // [2400, 1800, 600, 600, 600]
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const allocate = (
  classification: Classification.PeriodClassification,
  budgetMinutes: number,
): Either.Either<ServiceTimeAllocation, Errors.ValidationError> => {
  if (!Number.isSafeInteger(budgetMinutes) || budgetMinutes < 0) {
    return Either.left(
      Errors.ValidationError.fromIssues([
        {
          path: ["budgetMinutes"],
          message: `a budget is a whole, non-negative number of minutes, got ${budgetMinutes}`,
        },
      ]),
    )
  }
  const { abcd, summaries, policy } = classification
  const n = abcd.classOf.length
  const perCustomer = new Float64Array(n)
  if (n === 0) {
    return budgetMinutes === 0
      ? Either.right({ budgetMinutes, perClass: abcd.names.map(() => 0), perCustomer })
      : Either.left(
          Errors.ValidationError.fromIssues([
            {
              path: ["budgetMinutes"],
              message: "the period has no customers to share a budget over",
            },
          ]),
        )
  }
  const weights = policy.abcd.classes.map((c, k) =>
    (abcd.counts[k] as number) > 0 ? c.serviceTime : 0,
  )
  // Every service-time share may be 0 for the classes that have customers: share equally then.
  const usable = weights.some((w) => w > 0)
    ? weights
    : abcd.counts.map((count) => (count > 0 ? 1 : 0))
  return Either.map(Allocation.largestRemainder(budgetMinutes, usable), (perClass) => {
    const members: Array<Array<number>> = perClass.map(() => [])
    for (let i = 0; i < n; i++) members[abcd.classOf[i] as number]?.push(i)
    const { contribution, customerIds } = summaries
    members.forEach((customers, k) => {
      if (customers.length === 0) return
      const total = perClass[k] as number
      const each = Math.floor(total / customers.length)
      const extra = total - each * customers.length
      for (const i of customers) perCustomer[i] = each
      if (extra === 0) return
      customers.sort((a, b) => {
        const byContribution = (contribution[b] as number) - (contribution[a] as number)
        if (byContribution !== 0) return byContribution
        const x = customerIds[a] as string
        const y = customerIds[b] as string
        return x < y ? -1 : x > y ? 1 : 0
      })
      for (let r = 0; r < extra; r++) perCustomer[customers[r] as number] = each + 1
    })
    return { budgetMinutes, perClass, perCustomer }
  })
}
