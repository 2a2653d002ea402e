import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import { describe, expect, it } from "vitest"
import * as Allocation from "../src/Allocation.js"
import * as Money from "../src/Money.js"
import { left, right } from "./support.js"

const weightsArbitrary = FastCheck.array(
  FastCheck.oneof(
    FastCheck.integer({ min: 0, max: 1000 }),
    FastCheck.double({ min: 0, max: 1e6, noNaN: true }),
  ),
  { minLength: 1, maxLength: 12 },
).filter((weights) => weights.some((w) => w > 0))
const totalArbitrary = FastCheck.oneof(
  FastCheck.integer({ min: -1_000_000, max: 1_000_000 }),
  FastCheck.maxSafeInteger(),
  FastCheck.constantFrom(0, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER),
)

describe("Allocation.largestRemainder", () => {
  it("SEG-4 shares a budget of minutes 40/30/20/10 exactly", () => {
    expect(right(Allocation.largestRemainder(600, [40, 30, 20, 10]))).toEqual([240, 180, 120, 60])
    expect(right(Allocation.largestRemainder(7, [40, 30, 20, 10]))).toEqual([3, 2, 1, 1])
    expect(right(Allocation.largestRemainder(100, [1, 1, 1]))).toEqual([34, 33, 33])
    expect(right(Allocation.largestRemainder(-100, [1, 1, 1]))).toEqual([-34, -33, -33])
  })

  it("SEG-4 the parts add up to the total and each is within one unit of its exact share", () => {
    FastCheck.assert(
      FastCheck.property(totalArbitrary, weightsArbitrary, (total, weights) => {
        const parts = right(Allocation.largestRemainder(total, weights))
        expect(parts.reduce((a, b) => BigInt(a) + BigInt(b), 0n)).toBe(BigInt(total))
        const sum = weights.reduce((a, b) => a + b, 0)
        parts.forEach((part, i) => {
          const exact = (total * (weights[i] ?? 0)) / sum
          expect(Math.abs(part - exact)).toBeLessThanOrEqual(1 + Math.abs(exact) * 1e-12)
        })
      }),
    )
  })

  it("SEG-4 integer weights give exactly the largest-remainder shares, ties to the lower index", () => {
    // An independent reference in BigInt: floor shares, then one unit each to the
    // largest remainders, the lower index first among equal remainders.
    const reference = (total: number, weights: ReadonlyArray<number>): Array<number> => {
      const sum = weights.reduce((a, b) => a + BigInt(b), 0n)
      const whole = BigInt(Math.abs(total))
      const shares = weights.map((w) => (whole * BigInt(w)) / sum)
      const order = weights
        .map((w, i) => ({ i, remainder: (whole * BigInt(w)) % sum }))
        .sort((a, b) =>
          a.remainder === b.remainder ? a.i - b.i : a.remainder > b.remainder ? -1 : 1,
        )
      let left = whole - shares.reduce((a, b) => a + b, 0n)
      for (const { i } of order) {
        if (left === 0n) break
        shares[i] = (shares[i] ?? 0n) + 1n
        left -= 1n
      }
      return shares.map((share) => (total < 0 && share !== 0n ? -Number(share) : Number(share)))
    }
    const integerWeights = FastCheck.array(
      FastCheck.oneof(
        FastCheck.integer({ min: 0, max: 5 }),
        FastCheck.integer({ min: 0, max: 2 ** 40 }),
      ),
      { minLength: 1, maxLength: 12 },
    ).filter((weights) => weights.some((w) => w > 0))
    FastCheck.assert(
      FastCheck.property(totalArbitrary, integerWeights, (total, weights) => {
        expect(right(Allocation.largestRemainder(total, weights))).toEqual(
          reference(total, weights),
        )
      }),
    )
  })

  it("refuses a total that is not a safe integer and weights that are empty, negative, infinite or all zero", () => {
    expect(left(Allocation.largestRemainder(1.5, [1])).issues).toEqual([
      { path: ["total"], message: "the total must be a safe integer, got 1.5" },
    ])
    expect(left(Allocation.largestRemainder(10, [])).issues[0]?.path).toEqual(["weights"])
    expect(left(Allocation.largestRemainder(10, [1, -1])).issues[0]?.path).toEqual(["weights", 1])
    expect(
      left(Allocation.largestRemainder(10, [Number.POSITIVE_INFINITY])).issues[0]?.path,
    ).toEqual(["weights", 0])
    expect(left(Allocation.largestRemainder(10, [0, 0])).issues[0]?.message).toBe(
      "the weights must not all be zero",
    )
  })

  it("is what Money.allocate shares money by", () => {
    FastCheck.assert(
      FastCheck.property(
        FastCheck.integer({ min: -1_000_000, max: 1_000_000 }),
        weightsArbitrary,
        (total, weights) => {
          const money = Either.getOrThrow(Money.allocate(Money.make(total, "EUR"), weights)).map(
            (m) => m.amount,
          )
          expect(money).toEqual(right(Allocation.largestRemainder(total, weights)))
        },
      ),
    )
  })
})
