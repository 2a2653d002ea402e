import * as fc from "effect/FastCheck"
import { describe, expect, it } from "vitest"
import * as Progress from "../src/progress.js"

/** A stream that records what is written to it. */
const recorder = (isTTY: boolean, columns = 80) => {
  const writes: Array<string> = []
  return {
    writes,
    stream: {
      isTTY,
      columns,
      write: (text: string) => {
        writes.push(text)
        return true
      },
    },
  }
}

const CLEAR = "\r\u001b[2K"

describe("the bar", () => {
  it("is always as wide as asked, and fills up with the fraction", () => {
    fc.assert(
      fc.property(
        fc.double({ noNaN: false }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 200 }),
        (any, fraction, width) => {
          expect(Progress.renderBar(any, width)).toHaveLength(width)
          const filled = (bar: string) => bar.split("█").length - 1
          expect(filled(Progress.renderBar(fraction, width))).toBeLessThanOrEqual(
            filled(Progress.renderBar(Math.min(1, fraction + 0.1), width)),
          )
        },
      ),
    )
    expect(Progress.renderBar(1, 10)).toBe("██████████")
    expect(Progress.renderBar(0.999, 10)).toBe("█████████░")
    expect(Progress.renderBar(Number.NaN, 4)).toBe("░░░░")
  })

  it("a line never reaches the terminal's last column, so it can be redrawn in place", () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 40 }),
        fc.nat(),
        fc.option(fc.nat(), { nil: undefined }),
        fc.string({ maxLength: 60 }),
        fc.integer({ min: 2, max: 300 }),
        (label, done, total, detail, columns) => {
          expect(
            Progress.renderLine(label, done, total, detail, columns).length,
          ).toBeLessThanOrEqual(columns - 1)
        },
      ),
    )
  })

  it("shows the share done of a known total, or the running count of a pipe", () => {
    expect(Progress.renderLine("reading", 50, 200, "50 B of 200 B", 80)).toBe(
      `reading [${"█".repeat(10)}${"░".repeat(30)}]  25 %  50 B of 200 B`,
    )
    expect(Progress.renderLine("reading", 50, undefined, "3 lines, 50 B", 80)).toBe(
      "reading 3 lines, 50 B",
    )
  })

  it("formats byte counts in decimal units", () => {
    expect(Progress.formatBytes(999)).toBe("999 B")
    expect(Progress.formatBytes(1_234_567)).toBe("1.2 MB")
    expect(Progress.formatBytes(3_000_000_000)).toBe("3.0 GB")
  })
})

describe("the progress line", () => {
  it("draws nothing when stderr is not a terminal, or when it is turned off", () => {
    for (const [isTTY, enabled] of [
      [false, true],
      [true, false],
    ] as const) {
      const { writes, stream } = recorder(isTTY)
      const progress = Progress.make(stream, { enabled, label: "reading" })
      progress.advance(10, 100, "")
      progress.stage("fitting")
      progress.finish()
      expect(writes).toEqual([])
    }
  })

  it("on a terminal redraws in place, at most once an interval, and always at the end", () => {
    let time = 0
    const { writes, stream } = recorder(true)
    const progress = Progress.make(stream, {
      enabled: true,
      label: "reading",
      intervalMs: 100,
      now: () => time,
    })
    progress.advance(10, 100, "a")
    time = 50
    progress.advance(20, 100, "b") // within the interval: skipped
    time = 150
    progress.advance(30, 100, "c")
    time = 160
    progress.advance(100, 100, "d") // complete: drawn whatever the interval
    expect(writes).toHaveLength(3)
    expect(writes.every((line) => line.startsWith(CLEAR))).toBe(true)
    expect(writes.map((line) => line.slice(-1))).toEqual(["a", "c", "d"])
    progress.stage("fitting BG/NBD")
    expect(writes.at(-1)).toBe(`${CLEAR}fitting BG/NBD …`)
    progress.finish()
    progress.finish()
    expect(writes.at(-1)).toBe(CLEAR)
    expect(writes.filter((line) => line === CLEAR)).toHaveLength(1)
  })
})
