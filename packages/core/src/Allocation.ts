/**
 * Exact proportional shares of a whole number: the largest-remainder rule behind
 * `Money.allocate` and the service-time budgets of segmentation (SEG-4).
 *
 * The parts always add up to the whole, and each part is within one unit of its
 * exact share, whatever the weights (floats included): every finite double is an
 * integer times a power of two, so the weights are scaled to integers over a common
 * power of two and shared out with `BigInt` arithmetic, with no rounding error.
 *
 * @since 0.1.0
 */
import * as Either from "effect/Either"
import * as Errors from "./Errors.js"

/**
 * Splits a safe integer `total` into parts proportional to `weights`, by the
 * largest-remainder rule, exactly.
 *
 * Each part is first rounded toward zero; the units left over (fewer than the
 * number of parts) go one each to the parts with the largest remainders. Ties in
 * remainder go to the lower index (the earlier part). A negative total is shared as
 * the negation of sharing its absolute value.
 *
 * Weights may be any finite, non-negative numbers. They must not be empty nor all
 * zero, and the total must be a safe integer; otherwise the result is a
 * `ValidationError` whose issues point at `["total"]`, `["weights"]` or
 * `["weights", index]`.
 *
 * @example
 * ```ts
 * import { Allocation } from "@clientele/core"
 *
 * Allocation.largestRemainder(100, [1, 1, 1]) // Right([34, 33, 33])
 * Allocation.largestRemainder(600, [40, 30, 20, 10]) // Right([240, 180, 120, 60])
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const largestRemainder = (
  total: number,
  weights: ReadonlyArray<number>,
): Either.Either<ReadonlyArray<number>, Errors.ValidationError> => {
  const issues: Array<Errors.ValidationIssue> = []
  if (!Number.isSafeInteger(total)) {
    issues.push({ path: ["total"], message: `the total must be a safe integer, got ${total}` })
  }
  if (weights.length === 0) {
    issues.push({ path: ["weights"], message: "at least one weight is required" })
  }
  let positive = false
  weights.forEach((weight, index) => {
    if (!Number.isFinite(weight)) {
      issues.push({ path: ["weights", index], message: "a weight must be a finite number" })
    } else if (weight < 0) {
      issues.push({ path: ["weights", index], message: "a weight must not be negative" })
    } else if (weight > 0) {
      positive = true
    }
  })
  if (weights.length > 0 && issues.length === 0 && !positive) {
    issues.push({ path: ["weights"], message: "the weights must not all be zero" })
  }
  if (issues.length > 0) return Either.left(Errors.ValidationError.fromIssues(issues))
  const small = shareOutSmall(Math.abs(total), weights)
  if (small !== undefined) {
    return Either.right(total < 0 ? small.map((share) => (share === 0 ? 0 : -share)) : small)
  }
  const shares = shareOut(BigInt(Math.abs(total)), weights.map(exactBinary))
  // A zero part of a negative total is 0, not -0.
  return Either.right(
    total < 0 ? shares.map((share) => (share === 0n ? 0 : -Number(share))) : shares.map(Number),
  )
}

/** A non-negative finite double as `mantissa / 2^exponent`, both exact. */
/** Below this every product of a share fits a double with room for an exact division. */
const EXACT_LIMIT = 2 ** 52

/**
 * The same shares in plain numbers, when every weight is an integer and every
 * product `total × weight` (and their sum) stays below 2^52, where floating-point
 * division and remainders are exact: the common case (units, amounts in minor
 * units) without the cost of `BigInt`. `undefined` otherwise.
 */
const shareOutSmall = (
  total: number,
  weights: ReadonlyArray<number>,
): Array<number> | undefined => {
  let sum = 0
  for (const weight of weights) {
    if (!Number.isSafeInteger(weight)) return undefined
    sum += weight
  }
  if (total * sum > EXACT_LIMIT) return undefined
  const shares = new Array<number>(weights.length)
  const remainders = new Array<number>(weights.length)
  let left = total
  for (let i = 0; i < weights.length; i++) {
    const product = total * (weights[i] as number)
    const share = Math.floor(product / sum)
    shares[i] = share
    remainders[i] = product - share * sum
    left -= share
  }
  // Fewer units are left than there are parts: one each to the largest remainders,
  // the lower index first among equals.
  while (left > 0) {
    let best = 0
    for (let i = 1; i < remainders.length; i++) {
      if ((remainders[i] as number) > (remainders[best] as number)) best = i
    }
    shares[best] = (shares[best] as number) + 1
    remainders[best] = -1
    left -= 1
  }
  return shares
}

interface BinaryFraction {
  readonly mantissa: bigint
  readonly exponent: number
}

const exactBinary = (weight: number): BinaryFraction => {
  // Doubling a finite double is exact; at most 1074 doublings make it an integer.
  let scaled = weight
  let exponent = 0
  while (!Number.isInteger(scaled)) {
    scaled *= 2
    exponent += 1
  }
  return { mantissa: BigInt(scaled), exponent }
}

const shareOut = (total: bigint, weights: ReadonlyArray<BinaryFraction>): ReadonlyArray<bigint> => {
  const exponent = weights.reduce((max, weight) => Math.max(max, weight.exponent), 0)
  const integers = weights.map((weight) => weight.mantissa << BigInt(exponent - weight.exponent))
  const denominator = integers.reduce((acc, weight) => acc + weight, 0n)
  const shares: Array<bigint> = []
  const remainders: Array<bigint> = []
  let leftover = total
  for (const weight of integers) {
    const product = total * weight
    const share = product / denominator
    shares.push(share)
    remainders.push(product % denominator)
    leftover -= share
  }
  if (leftover > 0n) {
    const order = shares.map((_, index) => index)
    order.sort((a, b) => {
      const ra = remainders[a] ?? 0n
      const rb = remainders[b] ?? 0n
      return ra === rb ? a - b : ra > rb ? -1 : 1
    })
    for (let rank = 0; rank < Number(leftover); rank++) {
      const index = order[rank] ?? 0
      shares[index] = (shares[index] ?? 0n) + 1n
    }
  }
  return shares
}
