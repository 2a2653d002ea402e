/**
 * The service-quality scorecard (SQ-1, SQ-2) of 2024, quarter by quarter. The
 * `Scorecards` service reads what the complaint desk, the returns desk and the
 * visits step stored — through their own services, over the same database — and
 * judges the twelve measures of the seven principles against the default policy;
 * the returns policy and the printer installations started in the last quarter, so
 * their measures (returns, feedback cards) have no data before it. Every member of staff then assesses
 * themselves and is assessed by three colleagues on the ten service skills at the
 * end of the year (SQ-2); the section lists each person's totals and widest gap.
 */
import { Assessment, Principle, type Scorecard, Scorecards } from "@clientele/scorecard"
import * as Effect from "effect/Effect"
import { quartersOf, yearPeriod, zone } from "../../history.js"
import { at } from "../clock.js"
import { asOf, staff } from "../generate.js"
import { accountManagers } from "../generate-visits.js"
import { DAY, HOUR, MINUTE } from "../quantities.js"
import { type Random, seeded } from "../random.js"
import type { RunContext } from "../run-context.js"
import type { ScorecardSection } from "../sections.js"

/** The quarters of 2024 the scorecards are computed for. */
const quarters = quartersOf(2024)

/** The year the staff are assessed for. */
const year = yearPeriod(2024)

/** The staff assessed at the end of the year: the whole desk and the account managers. */
const assessed: ReadonlyArray<string> = [
  ...staff.frontDesk,
  ...staff.handlers.stores,
  ...staff.handlers.pricing,
  ...staff.care,
  ...accountManagers,
]

/** How many colleagues assess each person. */
const peersEach = 3

/** The assessments are handed in during the last fortnight of the year. */
const handedIn = asOf - 14 * DAY

/** How the report states each measure: its name and the unit it is shown in. */
const presentation: {
  readonly [M in Principle.MeasureId]: readonly [
    string,
    ScorecardSection["measures"][number]["unit"],
  ]
} = {
  followUpsDone: ["follow-ups done", "share"],
  followUpsIndependent: ["follow-ups by someone else", "share"],
  customersInformed: ["customers kept informed", "share"],
  slaAttainment: ["SLA targets met", "share"],
  timeToFirstResponse: ["time to first response", "minutes"],
  timeToResolution: ["time to resolution", "hours"],
  cadenceAdherence: ["cadence contacts done", "share"],
  returnApprovalRate: ["returns approved", "share"],
  returnDecisionTime: ["return decision time", "hours"],
  firstContactResolution: ["first-contact resolution", "share"],
  followUpSatisfaction: ["follow-up satisfaction", "score"],
  feedbackCardScore: ["visit feedback cards", "score"],
}

/** A value of the package (a share, milliseconds or a score) in the unit the report shows. */
const inUnit = (value: number, unit: ScorecardSection["measures"][number]["unit"]): number =>
  unit === "minutes" ? value / MINUTE : unit === "hours" ? value / HOUR : value

/** A target as a sentence fragment: `≥ 90 %`, `≤ 30 min`, `≤ 16 h`, `≥ 4.0`. */
const targetText = (
  target: number,
  better: Principle.Better,
  unit: ScorecardSection["measures"][number]["unit"],
): string => {
  const sign = better === "higher" ? "≥" : "≤"
  const shown = inUnit(target, unit)
  switch (unit) {
    case "share":
      return `${sign} ${Math.round(shown * 1000) / 10} %`
    case "minutes":
      return `${sign} ${shown} min`
    case "hours":
      return `${sign} ${shown} h`
    case "score":
      return `${sign} ${shown.toFixed(1)}`
  }
}

const statusText = (status: Scorecard.Status): ScorecardSection["measures"][number]["status"] =>
  status === "met" ? "met" : status === "notMet" ? "not met" : "no data"

/**
 * One person's scores from one rater: the person's own level on each skill, a
 * rater's noise around it, and — in a self-assessment — the person's bias (some
 * see themselves kindly, some harshly), clamped to the 1–5 scale.
 */
const scoresOf = (
  level: ReadonlyArray<number>,
  bias: number,
  random: Random,
): Assessment.Scores => {
  const scores: Record<string, number> = {}
  for (const [k, indicator] of Assessment.indicators.entries()) {
    const raw = (level[k] ?? 3) + bias + 0.6 * random.normal()
    scores[indicator] = Math.min(5, Math.max(1, Math.round(raw)))
  }
  return scores as Assessment.Scores
}

/** The colleagues who assess `person`: `peersEach` others, drawn from the staff. */
const peersOf = (person: string, random: Random): Array<string> => {
  const others = assessed.filter((id) => id !== person)
  const chosen: Array<string> = []
  while (chosen.length < peersEach) {
    const next = random.pick(others)
    if (!chosen.includes(next)) chosen.push(next)
  }
  return chosen.sort()
}

/** An indicator's name in words: `keepingInformed` → `keeping informed`. */
const words = (indicator: Assessment.Indicator): string =>
  indicator.replace(/[A-Z]/g, (capital) => ` ${capital.toLowerCase()}`)

/** Computes the quarterly scorecards and records and summarises the assessments. */
export const runScorecard = (
  context: RunContext,
): Effect.Effect<
  ScorecardSection,
  Scorecards.ScorecardError | Scorecards.AssessmentConflictError,
  Scorecards.Scorecards
> =>
  Effect.gen(function* () {
    const scorecards = yield* Scorecards.Scorecards
    const { tenant } = context
    const task = context.progress.start("scorecard", quarters.length + assessed.length)

    // SQ-1: the scorecards of the four quarters, as of the end of the history.
    const trend = yield* scorecards
      .scorecardTrend(tenant, {
        periods: quarters.map(({ period }) => ({ start: period.start, end: period.end, zone })),
        visitPolicyVersion: 1,
      })
      .pipe(at(asOf))
    task.advance(quarters.length)
    const measures = trend.measures.map((line) => {
      const [measure, unit] = presentation[line.id]
      const latest = line.points.at(-1)
      return {
        principle: Principle.definitions[line.principle].name,
        measure,
        unit,
        target: latest === undefined ? "–" : targetText(latest.target, line.better, unit),
        values: line.points.map((point) =>
          point.value === null ? null : inUnit(point.value, unit),
        ),
        status: latest === undefined ? ("no data" as const) : statusText(latest.status),
      }
    })

    // SQ-2: a self-assessment and three peers' for everyone, then each person's summary.
    const random = seeded(context.company.options.seed * 7_919 + 24)
    const levels = new Map(
      assessed.map((person) => [
        person,
        Assessment.indicators.map(() => 3 + 1.5 * random.uniform()),
      ]),
    )
    const biases = new Map(
      assessed.map((person) => [
        person,
        random.weighted([
          [-1, 1],
          [0, 2],
          [1, 2],
        ] as const),
      ]),
    )
    const assessments: Array<ScorecardSection["assessments"][number]> = []
    for (const person of assessed) {
      const level = levels.get(person) ?? []
      const raters: Array<readonly [string, "self" | "peer", number]> = [
        [person, "self", biases.get(person) ?? 0],
        ...peersOf(person, random).map((peer) => [peer, "peer", 0] as const),
      ]
      for (const [raterId, role, bias] of raters)
        yield* scorecards
          .recordAssessment(tenant, {
            staffId: person,
            raterId,
            role,
            period: year,
            scores: scoresOf(level, bias, random),
          })
          .pipe(at(handedIn))
      const summary = yield* scorecards.summary(tenant, person, year)
      let largestGap: { indicator: string; gap: number } | null = null
      for (const line of summary.indicators)
        if (
          line.gap !== null &&
          (largestGap === null || Math.abs(line.gap) > Math.abs(largestGap.gap))
        )
          largestGap = { indicator: words(line.indicator), gap: line.gap }
      assessments.push({
        staff: person,
        selfTotal: summary.selfTotal ?? 0,
        peerTotal: summary.peerTotal ?? 0,
        largestGap,
      })
      task.advance()
    }

    const latest = measures.filter((row) => row.status !== "no data")
    task.done(
      `${quarters.at(-1)?.label}: ${latest.filter((row) => row.status === "met").length} of ${latest.length} measures met; ${assessed.length} staff assessed`,
    )
    return { periods: quarters.map(({ label }) => label), measures, assessments }
  })
