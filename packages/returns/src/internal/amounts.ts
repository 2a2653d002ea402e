/**
 * Exact integer arithmetic for refunds: shares of an amount by units, basis-point
 * fees rounded half up, largest-remainder proration across lines, and a cheap way to
 * hand the results out as `Money`.
 *
 * Every function works on non-negative safe integers of minor units and is exact:
 * a float quotient is only trusted below 2^52 (where its rounding error is smaller
 * than the gap to the next integer); above that the computation moves to `BigInt`.
 *
 * @internal
 */
import { Allocation, Money } from "@clientele/core"
import * as Either from "effect/Either"

/** Below this every product fits a double with room for an exact floor division. */
const EXACT_LIMIT = 2 ** 52

/**
 * `floor(a · b / d)` for non-negative integers `a`, `b` and a positive integer `d`.
 */
export const mulDivFloor = (a: number, b: number, d: number): number => {
  const product = a * b
  if (product <= EXACT_LIMIT) return Math.floor(product / d)
  return Number((BigInt(a) * BigInt(b)) / BigInt(d))
}

/**
 * `a · b / d` rounded half up (to the nearest integer, halves away from zero) for
 * non-negative integers `a`, `b` and a positive integer `d`.
 */
export const mulDivHalfUp = (a: number, b: number, d: number): number => {
  const product = a * b
  if (product <= EXACT_LIMIT) {
    const quotient = Math.floor(product / d)
    // Both products are below 2^52, so the remainder is exact.
    return 2 * (product - quotient * d) >= d ? quotient + 1 : quotient
  }
  const big = BigInt(a) * BigInt(b)
  const divisor = BigInt(d)
  return Number((2n * big + divisor) / (2n * divisor))
}

/**
 * The part of `total` that belongs to the first `units` of `of` units: every unit but
 * the last takes the floor of its share and the last takes what is left, so the
 * parts of consecutive returns add up to `total` exactly (returning 1 then 2 of 3
 * units gives what returning 3 at once gives).
 */
export const cumulativeShare = (total: number, units: number, of: number): number =>
  units >= of ? total : units <= 0 ? 0 : mulDivFloor(total, units, of)

/**
 * Splits `total` (non-negative) over `weights` (non-negative, not all zero) by the
 * largest-remainder rule with ties to the lower index (`Allocation.largestRemainder`).
 * Returns `undefined` when the weights are all zero.
 */
export const prorate = (
  total: number,
  weights: ReadonlyArray<number>,
): ReadonlyArray<number> | undefined => {
  const shares = Allocation.largestRemainder(total, weights)
  return Either.isRight(shares) ? shares.right : undefined
}

const moneyPrototype = Money.Money.prototype

/**
 * A `Money` of an amount computed here in an already validated currency.
 *
 * The class constructor costs some hundred nanoseconds even with validation off,
 * which would dominate a decision that hands out dozens of amounts. The instance
 * built here has the same prototype and the same own properties in the same order,
 * so it is indistinguishable from one built by the constructor (`instanceof`,
 * `Equal`, encoding and printing all agree; `Decision.test.ts` checks it).
 */
export const money = (amount: number, currency: Money.CurrencyCode): Money.Money => {
  const instance = Object.create(moneyPrototype) as { amount: number; currency: string }
  // `+ 0` turns a negative zero into zero, as `Money` itself does.
  instance.amount = amount + 0
  instance.currency = currency
  return instance as Money.Money
}
