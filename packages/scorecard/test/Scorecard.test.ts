import { Period } from "@clientele/core"
import { describe, expect, it } from "@effect/vitest"
import * as Arbitrary from "effect/Arbitrary"
import * as FastCheck from "effect/FastCheck"
import * as Schema from "effect/Schema"
import { Inputs, Policy, Principle, Scorecard } from "../src/index.js"
import { HOUR, left, MINUTE, pathsOf, right } from "./support.js"

const quarter = { start: "2025-01-01", end: "2025-04-01", zone: "Europe/Paris" }
const asOf = Date.UTC(2025, 3, 1)
const none = { hit: 0, missed: 0, breachedOpen: 0 }

/** Complaint figures with nothing counted, except what `overrides` says. */
const complaints = (
  overrides: Partial<typeof Inputs.ComplaintFigures.Encoded> = {},
): typeof Inputs.ComplaintFigures.Encoded => ({
  complaints: 0,
  sla: none,
  periodicUpdates: none,
  followUpClocks: none,
  followUps: 0,
  followUpsByOther: 0,
  firstResponse: { count: 0, totalMs: 0 },
  resolution: { count: 0, totalMs: 0 },
  firstContacts: 0,
  resolvedFirstTime: 0,
  satisfaction: { answers: 0, total: 0 },
  ...overrides,
})

const measureWith = (inputs: Omit<Inputs.InputsEncoded, "period" | "asOf">) =>
  right(Scorecard.measure({ period: quarter, asOf, ...inputs }, Policy.defaultPolicy))

const inputsArb = Arbitrary.make(Inputs.Inputs)
const encodeInputs = Schema.encodeSync(Inputs.Inputs)

describe("Principle", () => {
  it("SQ-1 the seven principles each have measures, every measure defined once and listed by principle", () => {
    expect(Principle.principles).toEqual([
      "communication",
      "reliability",
      "responsiveness",
      "accessibility",
      "assurance",
      "competence",
      "satisfaction",
    ])
    expect(Principle.measures.map((measure) => measure.id)).toEqual(Principle.MeasureId.literals)
    expect(Principle.principles.flatMap((p) => Principle.measuresOf(p))).toEqual(Principle.measures)
    for (const principle of Principle.principles) {
      expect(Principle.measuresOf(principle).length).toBeGreaterThan(0)
      expect(Principle.definitions[principle].definition).not.toBe("")
    }
    for (const id of Principle.MeasureId.literals) expect(Principle.definitionOf(id).id).toBe(id)
  })

  it("SQ-1 rates and scores are better higher, durations lower", () => {
    for (const measure of Principle.measures)
      expect(measure.better).toBe(measure.kind === "duration" ? "lower" : "higher")
    expect(
      Principle.measures.filter((measure) => measure.kind === "duration").map((m) => m.id),
    ).toEqual(["timeToFirstResponse", "timeToResolution", "returnDecisionTime"])
  })
})

describe("Scorecard.measure", () => {
  it("SQ-1 an empty period is no data for every measure, never NaN or 0 %", () => {
    const unread = measureWith({})
    const empty = measureWith({
      complaints: complaints(),
      visits: { touchesDue: 0, touchesDone: 0, feedbackCards: { answers: 0, total: 0 } },
      returns: {
        approved: 0,
        partiallyApproved: 0,
        declined: 0,
        awaitingVerification: 0,
        decisionTime: { count: 0, totalMs: 0 },
      },
    })
    for (const scorecard of [unread, empty]) {
      expect(scorecard.measures.map((measure) => [measure.value, measure.status])).toEqual(
        Principle.measures.map(() => [null, "noData"]),
      )
      expect(scorecard.principles.map((verdict) => verdict.status)).toEqual(
        Principle.principles.map(() => "noData"),
      )
    }
  })

  it("SQ-1 a rate meets its target when it reaches it exactly, and not just below", () => {
    const reached = measureWith({
      complaints: complaints({ sla: { hit: 9, missed: 1, breachedOpen: 0 } }),
    })
    expect(Scorecard.measureOf(reached, "slaAttainment")).toEqual({
      id: "slaAttainment",
      principle: "reliability",
      kind: "rate",
      numerator: 9,
      denominator: 10,
      value: 0.9,
      target: 0.9,
      status: "met",
    })
    // an open target past its deadline counts against attainment like a late one
    const below = measureWith({
      complaints: complaints({ sla: { hit: 9, missed: 0, breachedOpen: 2 } }),
    })
    expect(Scorecard.measureOf(below, "slaAttainment").denominator).toBe(11)
    expect(Scorecard.measureOf(below, "slaAttainment").status).toBe("notMet")
    expect(Scorecard.verdictOf(below, "reliability").status).toBe("notMet")
  })

  it("SQ-1 a duration meets its target when equal to it, and not a millisecond over", () => {
    const target = Policy.defaultPolicy.targets.timeToFirstResponse
    const equal = measureWith({
      complaints: complaints({ firstResponse: { count: 4, totalMs: 4 * target } }),
    })
    expect(Scorecard.measureOf(equal, "timeToFirstResponse").value).toBe(target)
    expect(Scorecard.measureOf(equal, "timeToFirstResponse").status).toBe("met")
    const over = measureWith({
      complaints: complaints({ firstResponse: { count: 4, totalMs: 4 * target + 4 } }),
    })
    expect(Scorecard.measureOf(over, "timeToFirstResponse").status).toBe("notMet")
    const faster = measureWith({
      complaints: complaints({ firstResponse: { count: 2, totalMs: 10 * MINUTE } }),
    })
    expect(Scorecard.measureOf(faster, "timeToFirstResponse").status).toBe("met")
  })

  it("SQ-1 a score meets its target at 4 of 5 and not below", () => {
    const four = measureWith({
      visits: { touchesDue: 0, touchesDone: 0, feedbackCards: { answers: 3, total: 12 } },
    })
    expect(Scorecard.measureOf(four, "feedbackCardScore").value).toBe(4)
    expect(Scorecard.measureOf(four, "feedbackCardScore").status).toBe("met")
    const under = measureWith({
      visits: { touchesDue: 0, touchesDone: 0, feedbackCards: { answers: 3, total: 11 } },
    })
    expect(Scorecard.measureOf(under, "feedbackCardScore").status).toBe("notMet")
  })

  it("SQ-1 each measure reads its own figures: follow-ups, updates, adherence, returns, first contacts, satisfaction", () => {
    const scorecard = measureWith({
      complaints: complaints({
        complaints: 12,
        followUpClocks: { hit: 7, missed: 1, breachedOpen: 2 },
        followUps: 8,
        followUpsByOther: 8,
        periodicUpdates: { hit: 3, missed: 1, breachedOpen: 0 },
        resolution: { count: 8, totalMs: 8 * 10 * HOUR },
        firstContacts: 10,
        resolvedFirstTime: 6,
        satisfaction: { answers: 5, total: 22 },
      }),
      visits: { touchesDue: 20, touchesDone: 18, feedbackCards: { answers: 0, total: 0 } },
      returns: {
        approved: 6,
        partiallyApproved: 2,
        declined: 2,
        awaitingVerification: 3,
        decisionTime: { count: 10, totalMs: 10 * 3 * 24 * HOUR },
      },
    })
    const figures = (id: Principle.MeasureId) => {
      const { numerator, denominator, status } = Scorecard.measureOf(scorecard, id)
      return [numerator, denominator, status]
    }
    expect(figures("followUpsDone")).toEqual([8, 10, "notMet"]) // 2 overdue follow-ups
    expect(figures("followUpsIndependent")).toEqual([8, 8, "met"])
    expect(figures("customersInformed")).toEqual([3, 4, "notMet"])
    expect(figures("timeToResolution")).toEqual([80 * HOUR, 8, "met"])
    expect(figures("cadenceAdherence")).toEqual([18, 20, "met"])
    expect(figures("returnApprovalRate")).toEqual([8, 10, "met"]) // waiting cases are not decided
    expect(figures("returnDecisionTime")).toEqual([30 * 24 * HOUR, 10, "notMet"])
    expect(figures("firstContactResolution")).toEqual([6, 10, "notMet"])
    expect(figures("followUpSatisfaction")).toEqual([22, 5, "met"])
    expect(Scorecard.verdictOf(scorecard, "communication")).toEqual({
      principle: "communication",
      status: "notMet",
      met: 1,
      notMet: 2,
      noData: 0,
    })
    expect(Scorecard.verdictOf(scorecard, "accessibility").status).toBe("met")
    expect(Scorecard.verdictOf(scorecard, "responsiveness")).toEqual({
      principle: "responsiveness",
      status: "met",
      met: 1,
      notMet: 0,
      noData: 1,
    })
  })

  it("SQ-1 the scorecard records the version and the targets of the policy that judged it", () => {
    const strict = right(
      Policy.makePolicy({ version: "2025-strict", targets: { cadenceAdherence: 0.95 } }),
    )
    const scorecard = right(
      Scorecard.measure(
        {
          period: quarter,
          asOf,
          visits: { touchesDue: 20, touchesDone: 18, feedbackCards: { answers: 0, total: 0 } },
        },
        strict,
      ),
    )
    expect(scorecard.policyVersion).toBe("2025-strict")
    expect(Scorecard.measureOf(scorecard, "cadenceAdherence").target).toBe(0.95)
    expect(Scorecard.measureOf(scorecard, "cadenceAdherence").status).toBe("notMet")
    expect(scorecard.period).toEqual(Period.make("2025-01-01", "2025-04-01", "Europe/Paris"))
  })

  it("SQ-1 inputs whose part exceeds its whole, or that are not counts, are refused naming the field", () => {
    const refused = (inputs: Omit<Inputs.InputsEncoded, "period" | "asOf">) =>
      pathsOf(left(Scorecard.measure({ period: quarter, asOf, ...inputs }, Policy.defaultPolicy)))
    expect(
      refused({
        visits: { touchesDue: 3, touchesDone: 4, feedbackCards: { answers: 0, total: 0 } },
      }),
    ).toEqual([["visits", "touchesDone"]])
    expect(refused({ complaints: complaints({ followUps: 2, followUpsByOther: 3 }) })).toEqual([
      ["complaints", "followUpsByOther"],
    ])
    expect(
      refused({ complaints: complaints({ satisfaction: { answers: 2, total: 11 } }) }),
    ).toEqual([["complaints", "satisfaction", "total"]])
    expect(
      refused({ complaints: complaints({ firstResponse: { count: 0, totalMs: 5 } }) }),
    ).toEqual([["complaints", "firstResponse", "totalMs"]])
    expect(refused({ complaints: complaints({ firstContacts: 2.5 }) })).toEqual([
      ["complaints", "firstContacts"],
    ])
    expect(
      refused({ complaints: complaints({ sla: { hit: -1, missed: 0, breachedOpen: 0 } }) }),
    ).toEqual([["complaints", "sla", "hit"]])
    const badPeriod = left(
      Scorecard.measure(
        { period: { start: "2025-04-01", end: "2025-01-01", zone: "Europe/Paris" }, asOf },
        Policy.defaultPolicy,
      ),
    )
    expect(pathsOf(badPeriod)).toEqual([["period", "end"]])
  })

  it("SQ-1 a scorecard is total over any valid inputs: every rate in [0, 1], every score in [1, 5], no NaN", () => {
    FastCheck.assert(
      FastCheck.property(inputsArb, (inputs) => {
        const scorecard = right(Scorecard.measure(encodeInputs(inputs), Policy.defaultPolicy))
        expect(scorecard.measures.map((measure) => measure.id)).toEqual(
          Principle.MeasureId.literals,
        )
        for (const measure of scorecard.measures) {
          if (measure.value === null) {
            expect(measure.denominator).toBe(0)
            expect(measure.status).toBe("noData")
            continue
          }
          expect(Number.isFinite(measure.value)).toBe(true)
          expect(measure.status).not.toBe("noData")
          if (measure.kind === "rate") {
            expect(measure.value).toBeGreaterThanOrEqual(0)
            expect(measure.value).toBeLessThanOrEqual(1)
          }
          if (measure.kind === "score") {
            expect(measure.value).toBeGreaterThanOrEqual(1)
            expect(measure.value).toBeLessThanOrEqual(5)
          }
        }
      }),
    )
  })

  it("SQ-1 decode(encode(x)) = x for the inputs and the scorecards measured from them", () => {
    const roundTrips = <A, I>(schema: Schema.Schema<A, I>, value: A) =>
      expect(
        Schema.equivalence(schema)(
          Schema.decodeUnknownSync(schema)(Schema.encodeSync(schema)(value)),
          value,
        ),
      ).toBe(true)
    FastCheck.assert(
      FastCheck.property(inputsArb, (inputs) => {
        roundTrips(Inputs.Inputs, inputs)
        roundTrips(
          Scorecard.Scorecard,
          right(Scorecard.measure(encodeInputs(inputs), Policy.defaultPolicy)),
        )
      }),
    )
  })
})

describe("Scorecard.trend", () => {
  const period = (start: string, end: string) => ({ start, end, zone: "Europe/Paris" })
  const scorecardOf = (
    range: { start: string; end: string; zone: string },
    figures: { readonly due: number; readonly done: number; readonly responses?: number },
    policy = Policy.defaultPolicy,
  ) =>
    right(
      Scorecard.measure(
        {
          period: range,
          asOf,
          visits: {
            touchesDue: figures.due,
            touchesDone: figures.done,
            feedbackCards: { answers: 0, total: 0 },
          },
          complaints: complaints(
            figures.responses === undefined
              ? {}
              : { firstResponse: { count: 1, totalMs: figures.responses } },
          ),
        },
        policy,
      ),
    )
  const q1 = period("2025-01-01", "2025-04-01")
  const q2 = period("2025-04-01", "2025-07-01")
  const q3 = period("2025-07-01", "2025-10-01")

  it("SQ-1 a rising rate is better, a rising duration worse, and a period without data breaks the chain", () => {
    const trend = right(
      Scorecard.trend([
        scorecardOf(q1, { due: 10, done: 7, responses: 20 * MINUTE }),
        scorecardOf(q2, { due: 10, done: 9, responses: 45 * MINUTE }),
        scorecardOf(q3, { due: 0, done: 0, responses: 15 * MINUTE }),
      ]),
    )
    const of = (id: Principle.MeasureId) => trend.measures.find((measure) => measure.id === id)
    const adherence = of("cadenceAdherence")
    expect(adherence?.points.map((point) => point.value)).toEqual([0.7, 0.9, null])
    expect(adherence?.changes.map((change) => change.direction)).toEqual(["better", "noData"])
    expect(adherence?.changes[0]?.delta).toBeCloseTo(0.2, 12)
    const response = of("timeToFirstResponse")
    expect(response?.changes.map((change) => [change.delta, change.direction])).toEqual([
      [25 * MINUTE, "worse"],
      [-30 * MINUTE, "better"],
    ])
    expect(response?.points.map((point) => point.status)).toEqual(["met", "notMet", "met"])
    expect(trend.periods.map((p) => p.start)).toEqual(["2025-01-01", "2025-04-01", "2025-07-01"])
    expect(trend.principles.find((p) => p.principle === "accessibility")?.statuses).toEqual([
      "notMet",
      "met",
      "noData",
    ])
    const same = right(
      Scorecard.trend([
        scorecardOf(q1, { due: 10, done: 9 }),
        scorecardOf(q2, { due: 20, done: 18 }),
      ]),
    )
    expect(same.measures.find((m) => m.id === "cadenceAdherence")?.changes[0]?.direction).toBe(
      "same",
    )
  })

  it("SQ-1 each point keeps the target and the policy version of its own period", () => {
    const stricter = right(Policy.makePolicy({ version: "2", targets: { cadenceAdherence: 0.95 } }))
    const trend = right(
      Scorecard.trend([
        scorecardOf(q1, { due: 10, done: 9 }),
        scorecardOf(q2, { due: 10, done: 9 }, stricter),
      ]),
    )
    const adherence = trend.measures.find((measure) => measure.id === "cadenceAdherence")
    expect(
      adherence?.points.map((point) => [point.policyVersion, point.target, point.status]),
    ).toEqual([
      ["1", 0.9, "met"],
      ["2", 0.95, "notMet"],
    ])
    expect(adherence?.changes[0]?.direction).toBe("same")
  })

  it("SQ-1 scorecards out of order or overlapping are refused naming the first offender", () => {
    const backwards = left(
      Scorecard.trend([scorecardOf(q2, { due: 1, done: 1 }), scorecardOf(q1, { due: 1, done: 1 })]),
    )
    expect(pathsOf(backwards)).toEqual([["scorecards", 1, "period"]])
    const overlapping = left(
      Scorecard.trend([
        scorecardOf(q1, { due: 1, done: 1 }),
        scorecardOf(period("2025-03-01", "2025-06-01"), { due: 1, done: 1 }),
      ]),
    )
    expect(pathsOf(overlapping)).toEqual([["scorecards", 1, "period"]])
    expect(right(Scorecard.trend([])).measures.every((m) => m.points.length === 0)).toBe(true)
  })
})
