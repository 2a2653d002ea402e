import { describe, expect, it } from "@effect/vitest"
import * as Arbitrary from "effect/Arbitrary"
import * as FastCheck from "effect/FastCheck"
import * as Schema from "effect/Schema"
import { Assessment } from "../src/index.js"
import { firstHalf, left, pathsOf, right, scores, secondHalf } from "./support.js"

const recordedAt = Date.UTC(2025, 6, 1)

/** Kim's assessment by `raterId`, as stored (encoded). */
const by = (
  raterId: string,
  overrides: Partial<Assessment.Scores> = {},
  period = firstHalf,
): Assessment.AssessmentEncoded => ({
  staffId: "kim",
  raterId,
  role: raterId === "kim" ? "self" : "peer",
  period,
  scores: scores(overrides),
  recordedAt,
})

const summarise = (
  self: Assessment.AssessmentEncoded | undefined,
  peers: ReadonlyArray<Assessment.AssessmentEncoded>,
  options?: Assessment.SummaryOptions,
) =>
  Assessment.summarise(
    { staffId: "kim", period: firstHalf, peers, ...(self === undefined ? {} : { self }) },
    options,
  )

const line = (summary: Assessment.Summary, indicator: Assessment.Indicator) =>
  summary.indicators.find((entry) => entry.indicator === indicator)

const scoresArb = Arbitrary.make(Assessment.Scores)

describe("Assessment: the form", () => {
  it("SQ-2 ten service-skill indicators, each a statement scored on the 1–5 scale from hardly ever to always", () => {
    expect(Assessment.indicators).toHaveLength(10)
    expect(Object.keys(Assessment.statements)).toEqual(Assessment.indicators)
    expect(new Set(Object.values(Assessment.statements)).size).toBe(10)
    expect(Assessment.scale[1]).toBe("hardly ever")
    expect(Assessment.scale[5]).toBe("always")
    expect(Assessment.maximumTotal).toBe(50)
    expect([1, 2, 3, 4, 5].map((score) => Schema.is(Assessment.Score)(score))).toEqual([
      true,
      true,
      true,
      true,
      true,
    ])
  })

  it("SQ-2 scores of 0, 6 or 2.5, a missing or an unknown indicator are refused naming the field", () => {
    const refused = (scoresGiven: unknown) =>
      pathsOf(left(Assessment.decode({ ...by("lee"), scores: scoresGiven })))
    expect(refused(scores({ listening: 0 }))).toEqual([["scores", "listening"]])
    expect(refused(scores({ promises: 6 }))).toEqual([["scores", "promises"]])
    expect(refused(scores({ clarity: 2.5 }))).toEqual([["scores", "clarity"]])
    const { composure: _, ...nine } = scores()
    expect(refused(nine)).toEqual([["scores", "composure"]])
    expect(refused({ ...scores(), empathy: 4 })).toEqual([["scores", "empathy"]])
    expect(
      left(Assessment.decode({ ...by("lee"), scores: scores({ listening: 0 }) })).message,
    ).toContain("1 (hardly ever) to 5 (always)")
  })

  it("SQ-2 a peer who is the person assessed, or a self-assessment by someone else, is refused naming the rater", () => {
    expect(pathsOf(left(Assessment.decode({ ...by("kim"), role: "peer" })))).toEqual([["raterId"]])
    expect(pathsOf(left(Assessment.decode({ ...by("lee"), role: "self" })))).toEqual([["raterId"]])
    expect(right(Assessment.decode(by("lee"))).role).toBe("peer")
  })

  it("SQ-2 decode(encode(assessment)) = assessment", () => {
    FastCheck.assert(
      FastCheck.property(Arbitrary.make(Assessment.Assessment), (assessment) => {
        const decoded = Schema.decodeUnknownSync(Assessment.Assessment)(
          Schema.encodeSync(Assessment.Assessment)(assessment),
        )
        expect(Schema.equivalence(Assessment.Assessment)(decoded, assessment)).toBe(true)
      }),
    )
  })
})

describe("Assessment.summarise", () => {
  it("SQ-2 per indicator the self score, the peers' mean and the gap; totals out of 50; blind spots and hidden strengths", () => {
    const summary = right(
      summarise(by("kim", { listening: 5, promises: 3, composure: 5 }), [
        by("lee", { listening: 3, promises: 5, composure: 4 }),
        by("max", { listening: 4, promises: 4, composure: 5 }),
      ]),
    )
    expect(line(summary, "listening")).toEqual({
      indicator: "listening",
      self: 5,
      peerMean: 3.5,
      peerCount: 2,
      gap: 1.5,
    })
    expect(line(summary, "composure")?.gap).toBe(0.5)
    expect(summary.selfTotal).toBe(41)
    expect(summary.peerTotal).toBe(40.5)
    expect(summary.totalGap).toBe(0.5)
    expect(summary.maximum).toBe(50)
    expect(summary.peerCount).toBe(2)
    // a gap of half a point is under the default threshold of one
    expect(summary.blindSpots.map((entry) => entry.indicator)).toEqual(["listening"])
    expect(summary.hiddenStrengths.map((entry) => [entry.indicator, entry.gap])).toEqual([
      ["promises", -1.5],
    ])
    const sensitive = right(
      summarise(
        by("kim", { listening: 5, promises: 3, composure: 5 }),
        [
          by("lee", { listening: 3, promises: 5, composure: 4 }),
          by("max", { listening: 4, promises: 4, composure: 5 }),
        ],
        { threshold: 0.5 },
      ),
    )
    expect(sensitive.blindSpots.map((entry) => entry.indicator)).toEqual(["listening", "composure"])
  })

  it("SQ-2 without a self-assessment the self figures are empty, without peers the peer figures", () => {
    const peersOnly = right(summarise(undefined, [by("lee")]))
    expect([peersOnly.selfTotal, peersOnly.peerTotal, peersOnly.totalGap]).toEqual([null, 40, null])
    expect(line(peersOnly, "courtesy")).toEqual({
      indicator: "courtesy",
      self: null,
      peerMean: 4,
      peerCount: 1,
      gap: null,
    })
    const selfOnly = right(summarise(by("kim"), []))
    expect([selfOnly.selfTotal, selfOnly.peerTotal, selfOnly.peerCount]).toEqual([40, null, 0])
    expect(selfOnly.blindSpots).toEqual([])
    const nothing = right(summarise(undefined, []))
    expect(nothing.indicators.every((entry) => entry.gap === null)).toBe(true)
  })

  it("SQ-2 a duplicate peer, a self-assessment among the peers, another person or period are refused naming the field", () => {
    expect(pathsOf(left(summarise(undefined, [by("lee"), by("max"), by("lee")])))).toEqual([
      ["peers", 2, "raterId"],
    ])
    expect(pathsOf(left(summarise(undefined, [by("kim")])))).toEqual([["peers", 0, "role"]])
    expect(pathsOf(left(summarise(by("lee"), [])))).toEqual([["self", "role"]])
    expect(pathsOf(left(summarise(undefined, [{ ...by("lee"), staffId: "max" }])))).toEqual([
      ["peers", 0, "staffId"],
    ])
    expect(pathsOf(left(summarise(undefined, [by("lee", {}, secondHalf)])))).toEqual([
      ["peers", 0, "period"],
    ])
    expect(pathsOf(left(summarise(by("kim", { ownership: 0 }), [])))).toEqual([
      ["self", "scores", "ownership"],
    ])
    expect(pathsOf(left(summarise(undefined, [by("lee"), by("max", { clarity: 2.5 })])))).toEqual([
      ["peers", 1, "scores", "clarity"],
    ])
    expect(pathsOf(left(summarise(undefined, [], { threshold: 0 })))).toEqual([["threshold"]])
  })

  it("SQ-2 totals are the sums of the scores, and every gap is the self score minus the peers' mean", () => {
    FastCheck.assert(
      FastCheck.property(
        scoresArb,
        FastCheck.array(scoresArb, { minLength: 1, maxLength: 6 }),
        (own, peerScores) => {
          const peers = peerScores.map((peer, index) => ({ ...by(`peer-${index}`), scores: peer }))
          const summary = right(summarise({ ...by("kim"), scores: own }, peers))
          const sum = (s: Assessment.Scores) =>
            Assessment.indicators.reduce((total, indicator) => total + s[indicator], 0)
          expect(summary.selfTotal).toBe(sum(own))
          expect(summary.selfTotal).toBe(Assessment.total(own))
          const peerTotals = peerScores.map(sum)
          expect(summary.peerTotal).toBeCloseTo(
            peerTotals.reduce((a, b) => a + b, 0) / peerTotals.length,
            9,
          )
          for (const entry of summary.indicators) {
            const mean =
              peerScores.reduce((total, peer) => total + peer[entry.indicator], 0) /
              peerScores.length
            expect(entry.self).toBe(own[entry.indicator])
            expect(entry.peerMean).toBeCloseTo(mean, 9)
            expect(entry.gap).toBeCloseTo(own[entry.indicator] - mean, 9)
          }
          // the blind spots and hidden strengths are exactly the gaps of a point or more
          expect(summary.blindSpots.every((entry) => (entry.gap ?? 0) >= 1)).toBe(true)
          expect(summary.hiddenStrengths.every((entry) => (entry.gap ?? 0) <= -1)).toBe(true)
          expect(summary.blindSpots.length + summary.hiddenStrengths.length).toBe(
            summary.indicators.filter((entry) => Math.abs(entry.gap ?? 0) >= 1).length,
          )
        },
      ),
    )
  })
})

describe("Assessment.trend", () => {
  const summaryOf = (period: typeof firstHalf, self: number | undefined, peer: number) =>
    right(
      Assessment.summarise({
        staffId: "kim",
        period,
        peers: [by("lee", { listening: peer }, period)],
        ...(self === undefined ? {} : { self: by("kim", { listening: self }, period) }),
      }),
    )

  it("SQ-2 follows a person's totals and indicators from period to period", () => {
    const trend = right(
      Assessment.trend([summaryOf(firstHalf, 5, 3), summaryOf(secondHalf, undefined, 4)]),
    )
    expect(trend.staffId).toBe("kim")
    expect(trend.periods.map((period) => period.start)).toEqual(["2025-01-01", "2025-07-01"])
    const listening = trend.indicators.find((entry) => entry.indicator === "listening")
    expect(listening?.peers.points.map((point) => point.value)).toEqual([3, 4])
    expect(listening?.peers.changes.map((change) => [change.delta, change.direction])).toEqual([
      [1, "better"],
    ])
    expect(listening?.self.changes[0]?.direction).toBe("noData")
    expect(trend.peerTotal.points.map((point) => point.value)).toEqual([39, 40])
    expect(trend.totalGap.map((point) => point.value)).toEqual([2, null])
  })

  it("SQ-2 summaries of another person, out of order or none at all are refused", () => {
    const other = {
      ...summaryOf(secondHalf, 4, 4),
      staffId: "max" as Assessment.Summary["staffId"],
    }
    expect(pathsOf(left(Assessment.trend([summaryOf(firstHalf, 4, 4), other])))).toEqual([
      ["summaries", 1, "staffId"],
    ])
    expect(
      pathsOf(left(Assessment.trend([summaryOf(secondHalf, 4, 4), summaryOf(firstHalf, 4, 4)]))),
    ).toEqual([["summaries", 1, "period"]])
    expect(pathsOf(left(Assessment.trend([])))).toEqual([["summaries"]])
  })
})
