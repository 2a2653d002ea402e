import { describe, expect, it } from "@effect/vitest"
import * as Arbitrary from "effect/Arbitrary"
import * as FastCheck from "effect/FastCheck"
import * as Schema from "effect/Schema"
import { Policy, Principle } from "../src/index.js"
import { HOUR, left, pathsOf, right } from "./support.js"

describe("Policy", () => {
  it("SQ-1 the default policy has a target for every measure, each of its measure's kind", () => {
    const { targets } = Policy.defaultPolicy
    expect(Object.keys(targets).sort()).toEqual([...Principle.MeasureId.literals].sort())
    for (const measure of Principle.measures) {
      const target = targets[measure.id]
      if (measure.kind === "rate") expect(Schema.is(Policy.RateTarget)(target)).toBe(true)
      if (measure.kind === "score") expect(Schema.is(Policy.ScoreTarget)(target)).toBe(true)
      if (measure.kind === "duration") expect(Schema.is(Policy.DurationTarget)(target)).toBe(true)
    }
    expect(Policy.defaultPolicy.version).toBe("1")
    expect(targets.slaAttainment).toBe(0.9)
    expect(targets.timeToFirstResponse).toBe(HOUR / 2)
    expect(targets.firstContactResolution).toBe(0.7)
    expect(targets.feedbackCardScore).toBe(4)
  })

  it("SQ-1 makePolicy replaces the targets given and keeps the other defaults", () => {
    const policy = right(
      Policy.makePolicy({
        version: "2025",
        targets: { slaAttainment: 0.95, timeToResolution: 8 * HOUR },
      }),
    )
    expect(policy.version).toBe("2025")
    expect(policy.targets).toEqual({
      ...Policy.defaultPolicy.targets,
      slaAttainment: 0.95,
      timeToResolution: 8 * HOUR,
    })
    expect(right(Policy.makePolicy())).toEqual(Policy.defaultPolicy)
  })

  it("SQ-1 an invalid policy is refused with every failing field named", () => {
    const error = left(
      Policy.makePolicy({
        version: "  ",
        targets: {
          slaAttainment: 95,
          timeToFirstResponse: 0,
          returnDecisionTime: 1.5,
          followUpSatisfaction: 6,
        },
      }),
    )
    expect(pathsOf(error)).toEqual([
      ["version"],
      ["targets", "slaAttainment"],
      ["targets", "timeToFirstResponse"],
      ["targets", "returnDecisionTime"],
      ["targets", "followUpSatisfaction"],
    ])
    expect(error.message).toContain("a share from 0 to 1")
    // a misspelt measure is an error, not an ignored field that keeps the default
    const misspelt = left(Policy.makePolicy({ targets: { slaAtainment: 0.95 } as never }))
    expect(pathsOf(misspelt)).toEqual([["targets", "slaAtainment"]])
  })

  it("SQ-1 decode(encode(policy)) = policy", () => {
    FastCheck.assert(
      FastCheck.property(Arbitrary.make(Policy.ScorecardPolicy), (policy) => {
        const decoded = Schema.decodeUnknownSync(Policy.ScorecardPolicy)(
          Schema.encodeSync(Policy.ScorecardPolicy)(policy),
        )
        expect(Schema.equivalence(Policy.ScorecardPolicy)(decoded, policy)).toBe(true)
      }),
    )
  })
})
