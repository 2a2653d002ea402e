/**
 * The collections the scorecards service writes: the staff assessments (SQ-2).
 * Scorecards themselves are not stored — they are computed from the other
 * packages' stored data whenever they are asked for.
 */
import { Ids } from "@clientele/core"
import { Collection } from "@clientele/store"
import * as Assessment from "../Assessment.js"
import { periodKey } from "./periods.js"

/**
 * The id of a rater's assessment of a person for a period: one per (person, rater,
 * period), so recording it again finds the stored one. A digest, because the three
 * parts together may exceed an id's 256 characters.
 */
export const assessmentId = (assessment: {
  readonly staffId: string
  readonly raterId: string
  readonly period: Assessment.Assessment["period"]
}): string =>
  `assessment-${Ids.fingerprint([assessment.staffId, assessment.raterId, periodKey(assessment.period)])}`

// No subject: an assessment is about a member of staff, never a customer, and an
// erasure finds a customer's documents. Its comment is marked personal, so a retention
// schedule anonymises it with the rest of the staff records.
export const assessments: Collection.Collection<Assessment.Assessment, "staffId" | "period"> =
  Collection.make({
    name: "scorecard-assessments",
    schema: Assessment.Assessment,
    id: assessmentId,
    indexes: {
      staffId: (assessment) => assessment.staffId,
      period: (assessment) => periodKey(assessment.period),
    },
  })
