import { Complaints } from "@clientele/complaints"
import { Errors, Ids } from "@clientele/core"
import { Returns } from "@clientele/returns"
import { MemoryStore } from "@clientele/store"
import { storedDocuments } from "@clientele/store/testkit"
import { Visits } from "@clientele/visits"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as TestClock from "effect/TestClock"
import { Policy, Scorecard, Scorecards } from "../src/index.js"
import {
  assessmentOf,
  at,
  cadenceRequest,
  completeVisit,
  DAY,
  firstHalf,
  freshTenant,
  HOUR,
  handleComplaint,
  MINUTE,
  march,
  pathsOf,
  recordOrder,
  requestReturns,
  secondHalf,
  settings,
} from "./support.js"

const sources = Layer.mergeAll(Complaints.layer(settings), Returns.layer, Visits.layer)

/** The scorecards service with every source, all over one memory store. */
const everything = Scorecards.layer().pipe(
  Layer.provideMerge(sources),
  Layer.provideMerge(MemoryStore.layer),
)

/** The scorecards service alone. */
const alone = Scorecards.layer().pipe(Layer.provideMerge(MemoryStore.layer))

const stored = (tenant: Ids.TenantId) =>
  Effect.map(
    storedDocuments(tenant, ["scorecard-assessments"]),
    (documents) => documents["scorecard-assessments"] ?? [],
  )

describe("Scorecards: assessments", () => {
  it.effect(
    "SQ-2 an assessment is recorded at the clock's instant, once per person, rater and period",
    () =>
      Effect.gen(function* () {
        const tenant = freshTenant()
        const scorecards = yield* Scorecards.Scorecards
        yield* TestClock.setTime(at("2025-07-01T09:00"))
        const first = yield* scorecards.recordAssessment(
          tenant,
          assessmentOf("lee", { listening: 3 }),
        )
        expect(first.recordedAt).toBe(at("2025-07-01T09:00"))
        expect(first.role).toBe("peer")
        // recorded again later (a retry): the stored assessment comes back, unchanged
        yield* TestClock.setTime(at("2025-07-02T09:00"))
        const again = yield* scorecards.recordAssessment(
          tenant,
          assessmentOf("lee", { listening: 3 }),
        )
        expect(again).toEqual(first)
        expect(yield* stored(tenant)).toHaveLength(1)
        // other scores for the same person, rater and period are refused
        const changed = yield* Effect.flip(
          scorecards.recordAssessment(tenant, assessmentOf("lee", { listening: 5 })),
        )
        expect(changed).toBeInstanceOf(Scorecards.AssessmentConflictError)
        expect(changed.message).toContain("lee has already assessed kim")
        const documents = yield* stored(tenant)
        expect(documents.map((document) => document.version)).toEqual([1])
        // the same rater for another period is another assessment
        yield* scorecards.recordAssessment(tenant, assessmentOf("lee", {}, secondHalf))
        expect(yield* stored(tenant)).toHaveLength(2)
      }).pipe(Effect.provide(alone)),
  )

  it.effect("SQ-2 an invalid assessment is refused naming the field, and nothing is stored", () =>
    Effect.gen(function* () {
      const tenant = freshTenant()
      const scorecards = yield* Scorecards.Scorecards
      const refused = (input: Scorecards.AssessmentInput) =>
        Effect.map(Effect.flip(scorecards.recordAssessment(tenant, input)), pathsOf)
      expect(yield* refused(assessmentOf("lee", { listening: 0 }))).toEqual([
        ["scores", "listening"],
      ])
      expect(yield* refused(assessmentOf("lee", { promises: 6 }))).toEqual([["scores", "promises"]])
      expect(yield* refused(assessmentOf("lee", { clarity: 2.5 }))).toEqual([["scores", "clarity"]])
      expect(yield* refused({ ...assessmentOf("kim"), role: "peer" })).toEqual([["raterId"]])
      expect(
        yield* refused({
          ...assessmentOf("lee"),
          period: { start: "2025-07-01", end: "2025-01-01", zone: "UTC" },
        }),
      ).toEqual([["period", "end"]])
      expect(yield* stored(tenant)).toEqual([])
    }).pipe(Effect.provide(alone)),
  )

  it.effect(
    "SQ-2 a person's assessments are read by period, summarised and followed over periods",
    () =>
      Effect.gen(function* () {
        const tenant = freshTenant()
        const scorecards = yield* Scorecards.Scorecards
        yield* TestClock.setTime(at("2025-07-01T09:00"))
        yield* scorecards.recordAssessment(tenant, assessmentOf("max", { listening: 4 }))
        yield* scorecards.recordAssessment(
          tenant,
          assessmentOf("kim", { listening: 5, promises: 3 }),
        )
        yield* scorecards.recordAssessment(
          tenant,
          assessmentOf("lee", { listening: 3, promises: 5 }),
        )
        yield* TestClock.setTime(at("2026-01-02T09:00"))
        yield* scorecards.recordAssessment(
          tenant,
          assessmentOf("lee", { listening: 5 }, secondHalf),
        )
        // someone else's assessment is not Kim's
        yield* scorecards.recordAssessment(tenant, { ...assessmentOf("lee"), staffId: "max" })

        const all = yield* scorecards.assessments(tenant, "kim")
        expect(all.map((a) => [a.period.start, a.raterId])).toEqual([
          ["2025-01-01", "kim"],
          ["2025-01-01", "lee"],
          ["2025-01-01", "max"],
          ["2025-07-01", "lee"],
        ])
        const firstHalfOnly = yield* scorecards.assessments(tenant, "kim", firstHalf)
        expect(firstHalfOnly.map((a) => a.raterId)).toEqual(["kim", "lee", "max"])

        const summary = yield* scorecards.summary(tenant, "kim", firstHalf)
        expect([summary.selfTotal, summary.peerTotal, summary.peerCount]).toEqual([40, 40, 2])
        expect(summary.blindSpots.map((line) => [line.indicator, line.gap])).toEqual([
          ["listening", 1.5],
        ])
        expect(summary.hiddenStrengths.map((line) => [line.indicator, line.gap])).toEqual([
          ["promises", -1.5],
        ])

        const trend = yield* scorecards.assessmentTrend(tenant, "kim", [firstHalf, secondHalf])
        const listening = trend.indicators.find((line) => line.indicator === "listening")
        expect(listening?.peers.points.map((point) => point.value)).toEqual([3.5, 5])
        expect(listening?.peers.changes[0]?.direction).toBe("better")
        expect(trend.selfTotal.points.map((point) => point.value)).toEqual([40, null])

        const backwards = yield* Effect.flip(
          scorecards.assessmentTrend(tenant, "kim", [secondHalf, firstHalf]),
        )
        expect(pathsOf(backwards)).toEqual([["periods", 1]])
        expect(pathsOf(yield* Effect.flip(scorecards.assessmentTrend(tenant, "kim", [])))).toEqual([
          ["periods"],
        ])
        expect(pathsOf(yield* Effect.flip(scorecards.assessments(tenant, "")))).toEqual([
          ["staffId"],
        ])
      }).pipe(Effect.provide(alone)),
  )
})

/** A month of service: complaints, returns and visits of March 2025 through their own services. */
const marchOfService = (tenant: Ids.TenantId) =>
  Effect.gen(function* () {
    yield* handleComplaint(tenant, {
      receivedAt: at("2025-03-03T10:00"),
      respondedAt: at("2025-03-03T10:20"),
      resolvedAt: at("2025-03-03T12:00"),
      followedUpAt: at("2025-03-04T10:00"),
      satisfaction: 5,
    })
    yield* handleComplaint(tenant, {
      receivedAt: at("2025-03-04T10:00"),
      respondedAt: at("2025-03-04T10:40"),
      resolvedAt: at("2025-03-04T14:00"),
      followedUpAt: at("2025-03-05T10:00"),
      satisfaction: 4,
    })
    yield* recordOrder(tenant)
    yield* requestReturns(tenant)
    const visits = yield* Visits.Visits
    yield* TestClock.setTime(at("2025-02-20T09:00"))
    yield* visits.savePolicy(tenant, { version: 1 })
    yield* visits.planCadence(tenant, cadenceRequest)
    yield* completeVisit(tenant, 3)
    yield* TestClock.setTime(at("2025-04-01T09:00"))
    const touches = yield* visits.cadenceTouches(tenant, march)
    for (const stored of touches.filter((s) => s.touch.status !== "cancelled"))
      yield* visits.recordTouchDone(tenant, stored.touch.id, { at: stored.touch.at, by: "s-kim" })
    return touches.length
  })

describe("Scorecards: the scorecard of a period", () => {
  it.effect(
    "SQ-1 a period's scorecard is measured from what the complaints, returns and visits services stored",
    () =>
      Effect.gen(function* () {
        const tenant = freshTenant()
        const scorecards = yield* Scorecards.Scorecards
        expect(scorecards.sources).toEqual({ complaints: true, visits: true, returns: true })
        const touches = yield* marchOfService(tenant)
        const scorecard = yield* scorecards.scorecard(tenant, {
          period: march,
          visitPolicyVersion: 1,
        })
        expect(scorecard.period).toEqual(march)
        expect(scorecard.asOf).toBe(at("2025-04-01T09:00"))
        expect(scorecard.policyVersion).toBe(Policy.defaultPolicy.version)
        const of = (id: Parameters<typeof Scorecard.measureOf>[1]) => {
          const { numerator, denominator, status } = Scorecard.measureOf(scorecard, id)
          return [numerator, denominator, status]
        }
        // 20 and 40 minutes to respond: a mean of 30, the target
        expect(of("timeToFirstResponse")).toEqual([60 * MINUTE, 2, "met"])
        expect(of("timeToResolution")).toEqual([(2 + 4) * HOUR, 2, "met"])
        expect(of("followUpsDone")).toEqual([2, 2, "met"])
        expect(of("followUpsIndependent")).toEqual([2, 2, "met"])
        expect(of("followUpSatisfaction")).toEqual([9, 2, "met"])
        expect(of("firstContactResolution")).toEqual([2, 2, "met"])
        // the mug and the scarf approved, the lamp declined; the scarf decided two days late
        expect(of("returnApprovalRate")).toEqual([2, 3, "notMet"])
        expect(of("returnDecisionTime")).toEqual([2 * DAY, 3, "met"])
        expect(of("cadenceAdherence")).toEqual([touches, touches, "met"])
        expect(of("feedbackCardScore")).toEqual([3, 1, "notMet"])
        expect(Scorecard.verdictOf(scorecard, "assurance").status).toBe("notMet")
        expect(Scorecard.verdictOf(scorecard, "satisfaction")).toEqual({
          principle: "satisfaction",
          status: "notMet",
          met: 1,
          notMet: 1,
          noData: 0,
        })
        // without a visit policy version the cards are not read
        const withoutCards = yield* scorecards.scorecard(tenant, { period: march })
        expect(Scorecard.measureOf(withoutCards, "feedbackCardScore").status).toBe("noData")
      }).pipe(Effect.provide(everything)),
  )

  it.effect("SQ-1 without sources, or in a period nothing happened, every measure is no data", () =>
    Effect.gen(function* () {
      const tenant = freshTenant()
      const scorecards = yield* Scorecards.Scorecards
      expect(scorecards.sources).toEqual({ complaints: false, visits: false, returns: false })
      const scorecard = yield* scorecards.scorecard(tenant, { period: march })
      expect(scorecard.measures.every((measure) => measure.status === "noData")).toBe(true)
      expect(scorecard.measures.every((measure) => measure.value === null)).toBe(true)
    }).pipe(Effect.provide(alone)),
  )

  it.effect("SQ-1 the scorecards of consecutive periods give each measure's trend", () =>
    Effect.gen(function* () {
      const tenant = freshTenant()
      const scorecards = yield* Scorecards.Scorecards
      yield* marchOfService(tenant)
      const february = { start: "2025-02-01", end: "2025-03-01", zone: "UTC" }
      const trend = yield* scorecards.scorecardTrend(tenant, {
        periods: [february, march],
        visitPolicyVersion: 1,
      })
      const response = trend.measures.find((measure) => measure.id === "timeToFirstResponse")
      expect(response?.points.map((point) => point.value)).toEqual([null, 30 * MINUTE])
      expect(response?.changes.map((change) => change.direction)).toEqual(["noData"])
      expect(trend.principles.find((p) => p.principle === "assurance")?.statuses).toEqual([
        "noData",
        "notMet",
      ])
      const overlapping = yield* Effect.flip(
        scorecards.scorecardTrend(tenant, { periods: [march, { ...february, end: "2025-03-15" }] }),
      )
      expect(pathsOf(overlapping)).toEqual([["periods", 1]])
    }).pipe(Effect.provide(everything)),
  )

  it.effect(
    "SQ-1 a bad period or visit policy version is refused naming it; an unsaved visit policy is not found",
    () =>
      Effect.gen(function* () {
        const tenant = freshTenant()
        const scorecards = yield* Scorecards.Scorecards
        const backwards = yield* Effect.flip(
          scorecards.scorecard(tenant, {
            period: { start: "2025-04-01", end: "2025-03-01", zone: "UTC" },
          }),
        )
        expect(pathsOf(backwards)).toEqual([["period", "end"]])
        const zero = yield* Effect.flip(
          scorecards.scorecard(tenant, { period: march, visitPolicyVersion: 0 }),
        )
        expect(pathsOf(zero)).toEqual([["visitPolicyVersion"]])
        const unsaved = yield* Effect.flip(
          scorecards.scorecard(tenant, { period: march, visitPolicyVersion: 7 }),
        )
        expect(unsaved).toBeInstanceOf(Errors.NotFoundError)
      }).pipe(Effect.provide(everything)),
  )
})

describe("Scorecards.makeClient", () => {
  it("SQ-2 the Promise client records and summarises, and rejects with the same tagged errors", async () => {
    const client = await Scorecards.makeClient(MemoryStore.layer, { sources: Visits.layer })
    try {
      const tenant = Ids.TenantId.make("acme")
      expect(client.sources).toEqual({ complaints: false, visits: true, returns: false })
      await client.recordAssessment(tenant, assessmentOf("kim"))
      await client.recordAssessment(tenant, assessmentOf("lee", { composure: 2 }))
      const summary = await client.summary(tenant, "kim", firstHalf)
      expect(summary.hiddenStrengths).toEqual([])
      expect(summary.blindSpots.map((line) => line.indicator)).toEqual(["composure"])
      const error = await client
        .recordAssessment(tenant, assessmentOf("lee", { composure: 9 }))
        .then(
          () => undefined,
          (rejection: unknown) => rejection,
        )
      expect(pathsOf(error)).toEqual([["scores", "composure"]])
      const scorecard = await client.scorecard(tenant, { period: march })
      expect(Scorecard.measureOf(scorecard, "cadenceAdherence").status).toBe("noData")
    } finally {
      await client.close()
    }
  })
})
