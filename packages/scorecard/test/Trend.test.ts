import { Period } from "@clientele/core"
import { describe, expect, it } from "@effect/vitest"
import * as FastCheck from "effect/FastCheck"
import { Trend } from "../src/index.js"

const month = (index: number) => {
  const start = new Date(Date.UTC(2025, index, 1)).toISOString().slice(0, 10)
  const end = new Date(Date.UTC(2025, index + 1, 1)).toISOString().slice(0, 10)
  return Period.make(start, end, "UTC")
}

describe("Trend", () => {
  it("SQ-1 a change's direction honours which way the figure improves", () => {
    expect(Trend.directionOf(0.1, "higher")).toBe("better")
    expect(Trend.directionOf(-0.1, "higher")).toBe("worse")
    expect(Trend.directionOf(60_000, "lower")).toBe("worse")
    expect(Trend.directionOf(-60_000, "lower")).toBe("better")
    expect(Trend.directionOf(0, "lower")).toBe("same")
    expect(Trend.directionOf(null, "higher")).toBe("noData")
  })

  it("SQ-1 a series has one change per consecutive pair, its delta the later value minus the earlier", () => {
    const value = FastCheck.option(FastCheck.double({ min: 0, max: 1e9, noNaN: true }), {
      nil: null,
    })
    FastCheck.assert(
      FastCheck.property(
        FastCheck.array(value, { maxLength: 12 }),
        FastCheck.constantFrom("higher" as const, "lower" as const),
        (values, better) => {
          const series = Trend.series(
            values.map((v, index) => ({ period: month(index), value: v })),
            better,
          )
          expect(series.changes).toHaveLength(Math.max(0, values.length - 1))
          series.changes.forEach((change, index) => {
            const from = values[index] ?? null
            const to = values[index + 1] ?? null
            expect(change.from).toEqual(month(index))
            expect(change.to).toEqual(month(index + 1))
            expect(change.delta).toBe(from === null || to === null ? null : to - from)
            // the direction flips with the figure's better side, except "same" and "noData"
            const flipped = Trend.directionOf(
              change.delta,
              better === "higher" ? "lower" : "higher",
            )
            const opposite = { better: "worse", worse: "better", same: "same", noData: "noData" }
            expect(flipped).toBe(opposite[change.direction])
          })
        },
      ),
    )
  })
})
