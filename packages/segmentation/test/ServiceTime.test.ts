import { Errors } from "@clientele/core"
import * as FastCheck from "effect/FastCheck"
import * as Schema from "effect/Schema"
import { describe, expect, it } from "vitest"
import * as Policy from "../src/Policy.js"
import * as ServiceTime from "../src/ServiceTime.js"
import * as Summary from "../src/Summary.js"
import {
  abcdArb,
  classesById,
  classify,
  left,
  policyOf,
  populationAndReorderedArb,
  populationArb,
  right,
  sale,
  summaries,
  summarise,
  year2024,
} from "./arbitraries.js"

const at = Date.UTC(2024, 5, 1)
const defaultPolicy = policyOf()

/** A classified period of single-purchase customers, given as [id, amount] pairs. */
const period = (
  customers: ReadonlyArray<readonly [string, number]>,
  policy: Policy.SegmentationPolicy = defaultPolicy,
) =>
  classify(
    summaries(
      year2024,
      customers.map(([id, amount]) => sale(id, at, amount)),
    ),
    policy,
  )

/** Minutes per customer id. */
const minutesById = (
  result: ReturnType<typeof period>,
  allocation: ServiceTime.ServiceTimeAllocation,
): Record<string, number> =>
  Object.fromEntries(
    result.summaries.customerIds.map((id, i) => [id, allocation.perCustomer[i] as number]),
  )

const sum = (values: ArrayLike<number>) => Array.from(values).reduce((a, b) => a + b, 0)

describe("ServiceTime: a budget shared over the ABCD classes", () => {
  it("SEG-4 A, B, C and D get 40, 30, 20 and 10 % of the budget, shared equally within each", () => {
    const result = period([
      ["a", 900],
      ["b", 500],
      ["c", 400],
      ["d", 300],
      ["e", 100],
    ])
    const time = right(ServiceTime.allocate(result, 6_000))
    expect(time.budgetMinutes).toBe(6_000)
    expect(time.perClass).toEqual([2_400, 1_800, 1_200, 600])
    // A: a; B: b; C: c and d; D: e.
    expect(Array.from(time.perCustomer)).toEqual([2_400, 1_800, 600, 600, 600])
  })

  it("SEG-4 minutes left over go one each to the class's highest contributions, then by customer id", () => {
    // Ten customers: A = 100, 90; B = 80, 70, 60; C = the three 50s; D = 20, 10.
    const result = period([
      ["c7", 50],
      ["c6", 50],
      ["c5", 50],
      ["c0", 100],
      ["c1", 90],
      ["c2", 80],
      ["c3", 70],
      ["c4", 60],
      ["c8", 20],
      ["c9", 10],
    ])
    const time = right(ServiceTime.allocate(result, 1_001))
    // 400.4, 300.3, 200.2 and 100.1: the largest remainder, A's, gets the odd minute.
    expect(time.perClass).toEqual([401, 300, 200, 100])
    expect(minutesById(result, time)).toEqual({
      c0: 201,
      c1: 200,
      c2: 100,
      c3: 100,
      c4: 100,
      c5: 67,
      c6: 67,
      c7: 66,
      c8: 50,
      c9: 50,
    })
  })

  it("SEG-4 a class that ties emptied passes its share on to the others, in proportion", () => {
    // Quotas 2, 5 and 8 of ten: the six 7s straddle both B's and C's boundaries.
    const result = period(
      [10, 9, 8, 7, 7, 7, 7, 7, 7, 1].map((amount, k) => [`c${k}`, amount] as const),
    )
    expect(result.abcd.counts).toEqual([2, 1, 0, 7])
    const time = right(ServiceTime.allocate(result, 8_000))
    // 40 : 30 : 10 of 8 000.
    expect(time.perClass).toEqual([4_000, 3_000, 0, 1_000])
    // Shares are per class: B's lone customer gets more than each of A's two.
    expect(Array.from(time.perCustomer.slice(0, 3))).toEqual([2_000, 2_000, 3_000])
    expect(sum(time.perCustomer)).toBe(8_000)
  })

  it("SEG-4 when every class with customers has a zero share, they share the budget equally", () => {
    const policy = policyOf({
      abcd: {
        classes: [
          { name: "A", customers: 20, serviceTime: 0 },
          { name: "B", customers: 30, serviceTime: 0 },
          { name: "C", customers: 50, serviceTime: 0 },
          { name: "D", customers: 0, serviceTime: 100 },
        ],
      },
    })
    const result = period(
      Array.from({ length: 10 }, (_, k) => [`c${k}`, 1_000 - 10 * k] as const),
      policy,
    )
    expect(result.abcd.counts).toEqual([2, 3, 5, 0])
    const time = right(ServiceTime.allocate(result, 900))
    expect(time.perClass).toEqual([300, 300, 300, 0])
    expect(Array.from(time.perCustomer)).toEqual([150, 150, 100, 100, 100, 60, 60, 60, 60, 60])
  })

  it("SEG-4 customers without a purchase are ranked and get their class's time", () => {
    const result = classify(
      summaries(year2024, [sale("a", at, 500)], ["x", "y", "z", "w"]),
      defaultPolicy,
    )
    const time = right(ServiceTime.allocate(result, 1_000))
    // Five customers: quotas 1, 2 and 4; a is A, the four zeros tie into D.
    expect(time.perClass).toEqual([800, 0, 0, 200])
    expect(minutesById(result, time)).toEqual({ x: 50, y: 50, z: 50, w: 50, a: 800 })
  })

  it("SEG-4 a zero budget gives everybody nothing, even a period without customers", () => {
    const time = right(ServiceTime.allocate(period([["a", 1]]), 0))
    expect(Array.from(time.perCustomer)).toEqual([0])
    expect(time.perClass).toEqual([0, 0, 0, 0])
    const empty = right(ServiceTime.allocate(period([]), 0))
    expect(empty.perCustomer.length).toBe(0)
    expect(empty.perClass).toEqual([0, 0, 0, 0])
  })

  it("SEG-4 a budget that is not a whole non-negative number of minutes is a ValidationError", () => {
    const result = period([["a", 1]])
    for (const budget of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53]) {
      const error = left(ServiceTime.allocate(result, budget))
      expect(error).toBeInstanceOf(Errors.ValidationError)
      expect(error.issues.map((issue) => issue.path)).toEqual([["budgetMinutes"]])
    }
  })

  it("SEG-4 a positive budget with nobody to give it to is a ValidationError", () => {
    const error = left(ServiceTime.allocate(period([]), 60))
    expect(error.issues).toEqual([
      { path: ["budgetMinutes"], message: "the period has no customers to share a budget over" },
    ])
  })
})

describe("ServiceTime: properties", () => {
  const budgetArb = FastCheck.oneof(
    FastCheck.constant(0),
    FastCheck.integer({ min: 0, max: 100_000 }),
    FastCheck.maxSafeNat(),
    FastCheck.constant(Number.MAX_SAFE_INTEGER),
  )
  const policyArb = abcdArb.map((abcd) => policyOf({ abcd: Schema.encodeSync(Policy.Abcd)(abcd) }))

  it("SEG-4 the minutes add up to the budget exactly; within a class they differ by one at most", () => {
    FastCheck.assert(
      FastCheck.property(populationArb(), policyArb, budgetArb, (population, policy, budget) => {
        const result = classify(summarise(population), policy)
        const n = Summary.size(result.summaries)
        FastCheck.pre(n > 0)
        const time = right(ServiceTime.allocate(result, budget))
        const { classOf, counts } = result.abcd
        expect(sum(time.perClass)).toBe(budget)
        expect(sum(time.perCustomer)).toBe(budget)
        time.perClass.forEach((minutes, k) => {
          const members = Array.from(time.perCustomer).filter((_, i) => classOf[i] === k)
          expect(sum(members)).toBe(minutes)
          if (members.length === 0) return
          expect(Math.max(...members) - Math.min(...members)).toBeLessThanOrEqual(1)
          for (const m of members) expect(Number.isSafeInteger(m) && m >= 0).toBe(true)
        })
        // Each class with customers gets its share of the budget among such classes,
        // to the minute; a class without customers gets nothing.
        const shares = policy.abcd.classes.map((c, k) =>
          (counts[k] as number) > 0 ? c.serviceTime : 0,
        )
        const weights = shares.some((w) => w > 0)
          ? shares
          : counts.map((count) => (count > 0 ? 1 : 0))
        const total = BigInt(weights.reduce((a, b) => a + b, 0))
        weights.forEach((weight, k) => {
          const exact = BigInt(budget) * BigInt(weight)
          const given = BigInt(time.perClass[k] as number) * total
          const error = given > exact ? given - exact : exact - given
          expect(error < total).toBe(true)
          if (counts[k] === 0) expect(time.perClass[k]).toBe(0)
        })
      }),
      { numRuns: 200 },
    )
  })

  it("SEG-4 within a class a higher contribution never gets fewer minutes", () => {
    FastCheck.assert(
      FastCheck.property(populationArb(), policyArb, budgetArb, (population, policy, budget) => {
        const result = classify(summarise(population), policy)
        FastCheck.pre(Summary.size(result.summaries) > 0)
        const time = right(ServiceTime.allocate(result, budget))
        const { contribution } = result.summaries
        const n = Summary.size(result.summaries)
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < n; j++) {
            if (result.abcd.classOf[i] !== result.abcd.classOf[j]) continue
            if ((contribution[i] as number) > (contribution[j] as number)) {
              expect(time.perCustomer[i]).toBeGreaterThanOrEqual(time.perCustomer[j] as number)
            }
          }
        }
      }),
      { numRuns: 150 },
    )
  })

  it("SEG-4 a customer's minutes do not depend on the order of the input", () => {
    FastCheck.assert(
      FastCheck.property(
        populationAndReorderedArb(),
        policyArb,
        FastCheck.integer({ min: 0, max: 10_000 }),
        ([population, reordered], policy, budget) => {
          const one = classify(summarise(population), policy)
          const other = classify(summarise(reordered), policy)
          FastCheck.pre(Summary.size(one.summaries) > 0)
          expect(classesById(other)).toEqual(classesById(one))
          expect(minutesById(other, right(ServiceTime.allocate(other, budget)))).toEqual(
            minutesById(one, right(ServiceTime.allocate(one, budget))),
          )
        },
      ),
      { numRuns: 150 },
    )
  })
})
