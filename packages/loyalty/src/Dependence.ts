/**
 * Measures of a customer's dependence on the company's products and services, the
 * second axis of the loyalty matrix (LOY-1). Dick & Basu's axis is the customer's
 * *relative attitude* towards the company, which transactions cannot observe
 * directly, so each measure here is a proxy, normalised to `[0, 1]` so that an
 * absolute cut (LOY-2) reads the same whatever the measure:
 *
 * - **category breadth**: the share of the offered categories the customer bought
 *   in the period — the only measure computable from the company's own
 *   transactions;
 * - **share of wallet**: the customer's spend with the company over its whole spend
 *   in the category — the better proxy wherever the wallet size is known or
 *   estimated;
 * - **survey score**: a stated attitude (satisfaction, intent to recommend) mapped
 *   from its scale — the closest to the paper's axis where surveys exist.
 *
 * Every measure returns one `Float64Array` entry per customer, or a
 * `ValidationError` naming the first bad field and index.
 *
 * @since 0.1.0
 */
import type { Errors } from "@clientele/core"
import type { Summary } from "@clientele/segmentation"
import * as Either from "effect/Either"
import { firstNegative, firstNonFinite, invalid, lengthMismatch } from "./internal/figures.js"

/**
 * The breadth of categories each customer bought in the period: its
 * `categoryCount` over the number of categories on offer, in `[0, 1]`.
 *
 * @remarks
 * `offeredCategories` defaults to the number of categories met in the period
 * (`summaries.categories.length`), which understates the offer when some categories
 * sold nothing; pass the catalogue's count when it is known. With no category at
 * all, every customer's breadth is 0. A customer who bought more categories than
 * `offeredCategories` (one since withdrawn from the catalogue) counts as 1. A
 * negative, fractional or non-finite `offeredCategories` is a `ValidationError`.
 *
 * @example
 * ```ts
 * import { Period } from "@clientele/core"
 * import { Dependence } from "@clientele/loyalty"
 * import { Summary } from "@clientele/segmentation"
 * import * as Either from "effect/Either"
 *
 * const summaries = Either.getOrThrow(
 *   Summary.fromTransactions(
 *     [
 *       { customerId: "cus-1", at: Date.UTC(2024, 1, 1), revenue: { amount: 900, currency: "EUR" }, category: "paper" },
 *       { customerId: "cus-1", at: Date.UTC(2024, 2, 1), revenue: { amount: 4900, currency: "EUR" }, category: "toner" },
 *       { customerId: "cus-2", at: Date.UTC(2024, 3, 1), revenue: { amount: 900, currency: "EUR" }, category: "paper" },
 *     ],
 *     { period: Period.make("2024-01-01", "2025-01-01", "UTC"), currency: "EUR" },
 *   ),
 * )
 * const breadth = Either.getOrThrow(Dependence.categoryBreadth(summaries, 4))
 * Array.from(breadth) // [0.5, 0.25]: four categories on offer
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const categoryBreadth = (
  summaries: Summary.PeriodSummaries,
  offeredCategories?: number,
): Either.Either<Float64Array, Errors.ValidationError> => {
  const offered = offeredCategories ?? summaries.categories.length
  if (!(Number.isSafeInteger(offered) && offered >= 0)) {
    return Either.left(
      invalid(["offeredCategories"], `must be a whole number of categories, got ${offered}`),
    )
  }
  const counts = summaries.categoryCount
  const breadth = new Float64Array(counts.length)
  if (offered === 0) return Either.right(breadth)
  for (let i = 0; i < counts.length; i++) {
    const count = counts[i] as number
    breadth[i] = count >= offered ? 1 : count / offered
  }
  return Either.right(breadth)
}

/**
 * Each customer's share of wallet: its spend with the company over its total spend
 * in the category (the wallet), in `[0, 1]`.
 *
 * @remarks
 * Wallet sizes are usually estimates, so a spend above the wallet is clamped to 1
 * rather than refused, and a wallet of 0 gives a share of 0 (nothing to win). Both
 * columns must have one finite, non-negative entry per customer, in the same unit;
 * the first violation is a `ValidationError` naming `ourSpend` or `walletSize` and
 * the index.
 *
 * @example
 * ```ts
 * import { Dependence } from "@clientele/loyalty"
 * import * as Either from "effect/Either"
 *
 * const share = Either.getOrThrow(Dependence.shareOfWallet([300, 500, 0], [1200, 400, 0]))
 * Array.from(share) // [0.25, 1, 0]
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const shareOfWallet = (
  ourSpend: ArrayLike<number>,
  walletSize: ArrayLike<number>,
): Either.Either<Float64Array, Errors.ValidationError> => {
  const failure =
    lengthMismatch("walletSize", walletSize, "ourSpend", ourSpend.length) ??
    firstNonFinite("ourSpend", ourSpend) ??
    firstNegative("ourSpend", ourSpend) ??
    firstNonFinite("walletSize", walletSize) ??
    firstNegative("walletSize", walletSize)
  if (failure !== undefined) return Either.left(failure)
  const share = new Float64Array(ourSpend.length)
  for (let i = 0; i < share.length; i++) {
    const spend = ourSpend[i] as number
    const wallet = walletSize[i] as number
    share[i] = wallet === 0 ? 0 : spend >= wallet ? 1 : spend / wallet
  }
  return Either.right(share)
}

/**
 * The inclusive range of a survey's answer scale, e.g. `{ min: 1, max: 5 }` for
 * five stars or `{ min: 0, max: 10 }` for a likelihood to recommend.
 *
 * @example
 * ```ts
 * import type { Dependence } from "@clientele/loyalty"
 *
 * const nps: Dependence.Scale = { min: 0, max: 10 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Scale {
  /** The lowest possible answer, mapped to 0. */
  readonly min: number
  /** The highest possible answer, mapped to 1. */
  readonly max: number
}

/**
 * Survey scores mapped linearly from their scale to `[0, 1]`: `min` gives 0, `max`
 * gives 1.
 *
 * @remarks
 * Every customer needs a score: a missing answer (`NaN`) or a score outside the
 * scale is a `ValidationError` naming `scores` and the index, because silently
 * reading it as 0 would push the customer into the low-dependence half. Decide what
 * a missing answer means (the scale's minimum, its midpoint, another measure)
 * before calling. A scale whose `min` is not below `max` is a `ValidationError`
 * naming `scale`.
 *
 * @example
 * ```ts
 * import { Dependence } from "@clientele/loyalty"
 * import * as Either from "effect/Either"
 *
 * const attitude = Either.getOrThrow(Dependence.surveyScore([1, 3, 5], { min: 1, max: 5 }))
 * Array.from(attitude) // [0, 0.5, 1]
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const surveyScore = (
  scores: ArrayLike<number>,
  scale: Scale,
): Either.Either<Float64Array, Errors.ValidationError> => {
  const { min, max } = scale
  if (!(Number.isFinite(min) && Number.isFinite(max) && min < max)) {
    return Either.left(
      invalid(["scale"], `needs finite bounds with min below max, got [${min}, ${max}]`),
    )
  }
  const failure = firstNonFinite("scores", scores)
  if (failure !== undefined) return Either.left(failure)
  const width = max - min
  const normalised = new Float64Array(scores.length)
  for (let i = 0; i < scores.length; i++) {
    const score = scores[i] as number
    if (score < min || score > max) {
      return Either.left(invalid(["scores", i], `${score} is outside the scale [${min}, ${max}]`))
    }
    normalised[i] = (score - min) / width
  }
  return Either.right(normalised)
}
