import * as Arbitrary from "effect/Arbitrary"
import * as FastCheck from "effect/FastCheck"
import * as Schema from "effect/Schema"
import { describe, expect, it } from "vitest"
import * as Cut from "../src/Cut.js"
import * as Rank from "../src/internal/rank.js"

const resolveOne = (cut: Cut.Cut, figures: ReadonlyArray<number>): Cut.Resolved => {
  const [resolved] = Cut.resolve([cut], figures)
  if (resolved === undefined) throw new Error("one cut resolves to one threshold")
  return resolved
}

const descending = (values: ReadonlyArray<number>) => [...values].sort((a, b) => b - a)

// Figures drawn from a few values most of the time: ties are the hard case. (Sums of
// amounts are never -0, and -0 ties with 0 anyway, so it is left out.)
const figureArb = FastCheck.oneof(
  FastCheck.integer({ min: 0, max: 5 }),
  FastCheck.integer({ min: -1_000, max: 1_000 }),
  FastCheck.double({ noNaN: true, noDefaultInfinity: true }).map((figure) => figure + 0),
)
const integerFiguresArb = FastCheck.array(
  FastCheck.oneof(FastCheck.integer({ min: 0, max: 5 }), FastCheck.integer({ min: -50, max: 50 })),
  { maxLength: 40 },
)
// Whole and half percentages, whose quotas floor(n × p / 100) are exact in doubles.
const percentArb = FastCheck.oneof(
  FastCheck.integer({ min: 0, max: 100 }),
  FastCheck.integer({ min: 0, max: 200 }).map((half) => half / 2),
)

describe("Cut: absolute cuts", () => {
  it("SEG-1 an absolute cut is met at or above its value, and the gap is what is missing", () => {
    const cut = resolveOne(Cut.atLeast(3), [1, 2, 3])
    expect(cut).toEqual({ bound: 3, inclusive: true, entry: 3, entryInclusive: true })
    expect(Cut.meets(cut, 3)).toBe(true)
    expect(Cut.meets(cut, 2)).toBe(false)
    expect(Cut.gap(cut, 1)).toBe(2)
    expect(Cut.gap(cut, 3)).toBe(0)
    expect(Cut.gap(cut, 7)).toBe(0)
    // The population does not matter to an absolute cut.
    expect(resolveOne(Cut.atLeast(3), [])).toEqual(cut)
  })

  it("SEG-6 the gap to a fractional absolute cut is a whole number of units", () => {
    // Orders and minor units of money grow one at a time: 2 orders reach "at least 2.5" at 3.
    expect(Cut.gap(resolveOne(Cut.atLeast(2.5), []), 2)).toBe(1)
    expect(Cut.gap(resolveOne(Cut.atLeast(10_000.5), []), 9_000)).toBe(1_001)
    expect(Cut.gap(resolveOne(Cut.atLeast(-5.5), []), -10)).toBe(5)
  })
})

describe("Cut: percentile cuts and the tie rule", () => {
  it("SEG-4 a percentile boundary inside a tie group leaves the whole group out", () => {
    const cut = resolveOne(Cut.topPercent(50), [9, 7, 7, 3])
    expect(cut).toEqual({ bound: 7, inclusive: false, entry: 7, entryInclusive: false })
    expect([9, 7, 7, 3].filter((figure) => Cut.meets(cut, figure))).toEqual([9])
    // To get in, an outsider must beat the 7s: 8 displaces one of them.
    expect(Cut.gap(cut, 7)).toBe(1)
    expect(Cut.gap(cut, 3)).toBe(5)
  })

  it("SEG-1 most customers with one order: the top 40 % is only those above the tie", () => {
    const orders = [1, 1, 1, 2, 5]
    const [top40, twoOrMore] = Cut.resolve([Cut.topPercent(40), Cut.atLeast(2)], orders)
    expect(top40).toEqual({ bound: 1, inclusive: false, entry: 2, entryInclusive: false })
    expect(twoOrMore).toEqual({ bound: 2, inclusive: true, entry: 2, entryInclusive: true })
    if (top40 === undefined) throw new Error("two cuts resolve to two thresholds")
    expect(orders.map((figure) => Cut.meets(top40, figure))).toEqual([
      false,
      false,
      false,
      true,
      true,
    ])
    // A one-order customer needs 3 orders: with 2 it would only tie with the 2.
    expect(Cut.gap(top40, 1)).toBe(2)
  })

  it("SEG-1 0 % admits nobody and no gap closes it; 100 % admits everybody", () => {
    const figures = [5, 3, 3, 1]
    const none = resolveOne(Cut.topPercent(0), figures)
    expect(none.bound).toBe(5)
    expect(none.entry).toBe(Number.POSITIVE_INFINITY)
    expect(figures.some((figure) => Cut.meets(none, figure))).toBe(false)
    expect(Cut.gap(none, 5)).toBe(Number.POSITIVE_INFINITY)
    const all = resolveOne(Cut.topPercent(100), figures)
    expect(all.bound).toBe(Number.NEGATIVE_INFINITY)
    expect(figures.every((figure) => Cut.meets(all, figure))).toBe(true)
    expect(Cut.gap(all, 1)).toBe(0)
  })

  it("SEG-1 distinct figures: a percentile admits exactly floor(n × p / 100) customers", () => {
    const figures = [10, 90, 30, 70, 50, 20, 80, 40, 60, 100]
    const counts = [10, 20, 25, 50, 99, 100].map((percent) => {
      const cut = resolveOne(Cut.topPercent(percent), figures)
      return figures.filter((figure) => Cut.meets(cut, figure)).length
    })
    expect(counts).toEqual([1, 2, 2, 5, 9, 10])
  })

  it("SEG-1 a percentile is taken over the members of the population only", () => {
    // The inactive customers (odd indexes) do not count: the population is 10, 8, 6.
    const figures = [10, 0, 8, 0, 6, 4]
    const [cut] = Cut.resolve([Cut.topPercent(50)], figures, (i) => i % 2 === 0 && i < 5)
    expect(cut).toEqual({ bound: 8, inclusive: false, entry: 10, entryInclusive: false })
  })

  it("SEG-4 several cuts resolve in one pass, in the order given, absolute ones untouched", () => {
    const figures = [50, 40, 30, 20, 10, 10, 10, 0]
    const resolved = Cut.resolve(
      [Cut.topPercent(25), Cut.atLeast(15), Cut.topPercent(75), Cut.topPercent(25)],
      figures,
    )
    expect(resolved.map((cut) => cut.bound)).toEqual([30, 15, 10, 30])
    expect(resolved.map((cut) => cut.entry)).toEqual([40, 15, 10, 40])
  })

  it("SEG-4 the cuts are validated schema values", () => {
    const decode = Schema.decodeUnknownEither(Cut.Cut)
    expect(decode({ _tag: "TopPercent", percent: 50 })._tag).toBe("Right")
    expect(decode({ _tag: "TopPercent", percent: 101 })._tag).toBe("Left")
    expect(decode({ _tag: "TopPercent", percent: -1 })._tag).toBe("Left")
    expect(decode({ _tag: "AtLeast", value: Number.POSITIVE_INFINITY })._tag).toBe("Left")
    expect(decode({ _tag: "AtLeast", value: Number.NaN })._tag).toBe("Left")
    expect(Cut.atLeast(3)).toEqual({ _tag: "AtLeast", value: 3 })
    expect(Cut.topPercent(20)).toEqual({ _tag: "TopPercent", percent: 20 })
    FastCheck.assert(
      FastCheck.property(Arbitrary.make(Cut.Cut), (cut) => {
        expect(Schema.decodeUnknownSync(Cut.Cut)(Schema.encodeSync(Cut.Cut)(cut))).toEqual(cut)
      }),
      { numRuns: 200 },
    )
  })
})

describe("Cut: properties", () => {
  it("SEG-4 a percentile cut matches a full sort: at most its quota, ties never split", () => {
    FastCheck.assert(
      FastCheck.property(
        FastCheck.array(figureArb, { maxLength: 60 }),
        percentArb,
        FastCheck.array(FastCheck.boolean(), { maxLength: 60 }),
        (figures, percent, mask) => {
          const member = (i: number) => mask[i] ?? true
          const population = figures.filter((_, i) => member(i))
          const sorted = descending(population)
          const quota = Math.floor((population.length * percent) / 100)
          const [cut] = Cut.resolve([Cut.topPercent(percent)], figures, member)
          if (cut === undefined) throw new Error("one cut resolves to one threshold")
          expect(cut.bound).toBe(quota >= sorted.length ? Number.NEGATIVE_INFINITY : sorted[quota])
          expect(cut.entry).toBe(quota === 0 ? Number.POSITIVE_INFINITY : sorted[quota - 1])
          const admitted = population.filter((figure) => Cut.meets(cut, figure))
          expect(admitted.length).toBeLessThanOrEqual(quota)
          // Equal figures are on the same side.
          for (const figure of population) {
            expect(Cut.meets(cut, figure)).toBe(admitted.includes(figure))
          }
          // Fewer than the quota only when the boundary falls in a tie group.
          if (admitted.length < quota) expect(sorted[admitted.length]).toBe(sorted[quota])
        },
      ),
      { numRuns: 300 },
    )
  })

  it("SEG-6 the gap to a percentile is the least whole amount that gets an outsider in", () => {
    FastCheck.assert(
      FastCheck.property(
        integerFiguresArb,
        percentArb,
        FastCheck.nat(),
        (figures, percent, pick) => {
          FastCheck.pre(figures.length > 0)
          const i = pick % figures.length
          const figure = figures[i] as number
          const cut = resolveOne(Cut.topPercent(percent), figures)
          const gap = Cut.gap(cut, figure)
          const meetsWith = (value: number) => {
            const changed = figures.map((f, j) => (j === i ? value : f))
            return Cut.meets(resolveOne(Cut.topPercent(percent), changed), value)
          }
          if (Cut.meets(cut, figure)) {
            expect(gap).toBe(0)
          } else if (gap === Number.POSITIVE_INFINITY) {
            expect(Math.floor((figures.length * percent) / 100)).toBe(0)
          } else {
            expect(Number.isInteger(gap)).toBe(true)
            expect(gap).toBeGreaterThan(0)
            expect(meetsWith(figure + gap)).toBe(true)
            expect(meetsWith(figure + gap - 1)).toBe(false)
          }
        },
      ),
      { numRuns: 300 },
    )
  })

  it("SEG-4 the order statistics of the selection match a full sort, with heavy ties", () => {
    FastCheck.assert(
      FastCheck.property(
        FastCheck.array(figureArb, { minLength: 1, maxLength: 80 }),
        FastCheck.array(FastCheck.nat(), { maxLength: 8 }),
        (values, picks) => {
          const positions = [...new Set(picks.map((p) => p % values.length))].sort((a, b) => a - b)
          const found = Rank.valuesAtDescending(Float64Array.from(values), values.length, positions)
          const sorted = descending(values)
          expect(found).toEqual(positions.map((p) => sorted[p]))
        },
      ),
      { numRuns: 300 },
    )
  })

  it("SEG-4 a quota is floor(n × percent / 100), exact for whole percentages", () => {
    FastCheck.assert(
      FastCheck.property(
        FastCheck.integer({ min: 0, max: 10_000_000 }),
        FastCheck.integer({ min: 0, max: 100 }),
        (count, percent) => {
          expect(Rank.quota(count, percent)).toBe(Math.floor((count * percent) / 100))
        },
      ),
      { numRuns: 300 },
    )
    expect(Rank.quota(3, 100 / 3)).toBe(1)
    expect(Rank.quota(10, 0)).toBe(0)
    expect(Rank.quota(10, 100)).toBe(10)
  })
})
