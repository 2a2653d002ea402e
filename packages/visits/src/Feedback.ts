/**
 * Feedback cards and the periodic visit-experience summary (VIS-6). The customer's
 * card (a score from 1 to 5, comments, the conduct checklist items the customer
 * flagged) is part of every completed visit (VIS-4); the archive keeps it with the
 * visit it belongs to and the conduct breaches staff reported themselves (VIS-3),
 * and {@link summarise} counts, per checklist item, the visits that had an issue
 * with it — the figures to improve the rules with.
 *
 * @since 0.1.0
 */
import { Ids, Period, Personal } from "@clientele/core"
import * as Schema from "effect/Schema"
import * as Appointment from "./Appointment.js"

const NonNegativeInt = Schema.Int.pipe(Schema.nonNegative())
const PositiveInt = Schema.Int.pipe(Schema.positive())

/**
 * A feedback score: a whole number from 1 (very unhappy) to 5 (very happy).
 *
 * @example
 * ```ts
 * import { Feedback } from "@clientele/visits"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(Feedback.Score)(5) // true
 * Schema.is(Feedback.Score)(0) // false
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Score = Schema.Int.pipe(
  Schema.between(1, 5),
  Schema.annotations({ identifier: "Score" }),
)

/**
 * The type of {@link Score}.
 *
 * @example
 * ```ts
 * import type { Feedback } from "@clientele/visits"
 *
 * const score: Feedback.Score = 4
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Score = typeof Score.Type

const uniqueItems = Schema.Array(Appointment.ConductItemId).pipe(
  Schema.filter((items) => {
    const seen = new Set<string>()
    for (const [index, item] of items.entries()) {
      if (seen.has(item)) return { path: [index], message: `${item} is listed twice` }
      seen.add(item)
    }
    return undefined
  }),
)

/**
 * The feedback card as the customer fills it in (VIS-4): a score, optional
 * comments (personal data), the conduct checklist items the customer flagged as an
 * issue (each once), and when it was submitted.
 *
 * @example
 * ```ts
 * import { Feedback } from "@clientele/visits"
 * import { Errors } from "@clientele/core"
 *
 * Errors.decodeEither(Feedback.Card)({
 *   score: 4,
 *   comments: "Quick and tidy, but left the old valve behind",
 *   issues: ["waste-agreed"],
 *   submittedAt: Date.UTC(2024, 5, 11, 10, 5),
 * }) // Right
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Card = Schema.Struct({
  score: Score,
  comments: Schema.optional(
    Personal.personal(Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(4000))),
  ),
  issues: uniqueItems,
  submittedAt: Period.Instant,
}).pipe(Schema.annotations({ identifier: "FeedbackCardAnswers" }))

/**
 * The type of {@link Card}.
 *
 * @example
 * ```ts
 * import type { Feedback } from "@clientele/visits"
 *
 * const happy = (card: Feedback.Card) => card.score >= 4 && card.issues.length === 0
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Card = typeof Card.Type

/**
 * The archived feedback card of one completed visit (VIS-6): which visit (the
 * appointment, its job, customer, technician, kind and trip number), under which
 * policy version, when the visit ended (`visitedAt`), the card's score, comments
 * and customer-flagged `issues`, and the `conductBreaches` staff reported on the
 * visit record (conduct items answered "no").
 *
 * @example
 * ```ts
 * import type { Feedback } from "@clientele/visits"
 *
 * const hadIssue = (card: Feedback.FeedbackCard) => card.issues.length + card.conductBreaches.length > 0
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const FeedbackCard = Schema.Struct({
  appointmentId: Appointment.AppointmentId,
  jobId: Appointment.JobId,
  customerId: Ids.CustomerId,
  technicianId: Ids.StaffId,
  kind: Appointment.VisitKind,
  trip: PositiveInt,
  policyVersion: PositiveInt,
  visitedAt: Period.Instant,
  score: Score,
  comments: Card.fields.comments,
  issues: uniqueItems,
  conductBreaches: uniqueItems,
  submittedAt: Period.Instant,
}).pipe(Schema.annotations({ identifier: "FeedbackCard" }))

/**
 * The type of {@link FeedbackCard}.
 *
 * @example
 * ```ts
 * import type { Feedback } from "@clientele/visits"
 *
 * const scores = (cards: ReadonlyArray<Feedback.FeedbackCard>) => cards.map((card) => card.score)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type FeedbackCard = typeof FeedbackCard.Type

/**
 * The archive record of a completed visit's card (VIS-6): the card with the
 * visit's identity, the instant the visit ended, the conduct breaches staff
 * reported and the policy version the visit was checked under. `Completion.complete`
 * builds it; use this for cards collected outside that flow.
 *
 * @example
 * ```ts
 * import { Feedback } from "@clientele/visits"
 *
 * declare const appointment: Parameters<typeof Feedback.archiveRecord>[0]["appointment"]
 * const record = Feedback.archiveRecord({
 *   appointment,
 *   card: { score: 5, issues: [], submittedAt: Date.UTC(2024, 5, 11, 10, 5) },
 *   conductBreaches: [],
 *   visitedAt: Date.UTC(2024, 5, 11, 10),
 *   policyVersion: 1,
 * })
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const archiveRecord = (input: {
  readonly appointment: Appointment.Appointment
  readonly card: Card
  readonly conductBreaches: ReadonlyArray<Appointment.ConductItemId>
  readonly visitedAt: number
  readonly policyVersion: number
}): FeedbackCard => {
  const { appointment, card } = input
  return {
    appointmentId: appointment.id,
    jobId: appointment.jobId,
    customerId: appointment.customerId,
    technicianId: appointment.technicianId,
    kind: appointment.kind,
    trip: appointment.trip,
    policyVersion: input.policyVersion,
    visitedAt: input.visitedAt,
    score: card.score,
    ...(card.comments === undefined ? {} : { comments: card.comments }),
    issues: card.issues,
    conductBreaches: [...new Set(input.conductBreaches)],
    submittedAt: card.submittedAt,
  }
}

/**
 * One line of the summary: a checklist item, its label when the policy has it
 * (`inPolicy` false for an item only older cards name), the number of visits with
 * an issue on it (flagged by the customer, reported by staff, or both: counted
 * once), that number over all visits summarised (`rate`, 0 to 1), and the two
 * sources apart.
 *
 * @example
 * ```ts
 * import type { Feedback } from "@clientele/visits"
 *
 * const percent = (line: Feedback.ItemSummary) => Math.round(line.rate * 100)
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ItemSummary = Schema.Struct({
  item: Appointment.ConductItemId,
  label: Schema.optional(Schema.String),
  inPolicy: Schema.Boolean,
  visitsWithIssue: NonNegativeInt,
  rate: Schema.Number.pipe(Schema.between(0, 1)),
  flaggedByCustomer: NonNegativeInt,
  reportedByStaff: NonNegativeInt,
})

/**
 * The type of {@link ItemSummary}.
 *
 * @example
 * ```ts
 * import type { Feedback } from "@clientele/visits"
 *
 * const worst = (lines: ReadonlyArray<Feedback.ItemSummary>) => lines[0]?.item
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type ItemSummary = typeof ItemSummary.Type

/**
 * The periodic visit-experience summary (VIS-6): the policy version whose checklist
 * it follows, the period (when one was given), the number of visits (cards)
 * summarised, the average score (absent without cards), how many cards gave each
 * score (`scoreCounts[0]` for 1 … `scoreCounts[4]` for 5), per checklist item the
 * visits with an issue (most first), the total of those counts, and the number of
 * second trips when given.
 *
 * @example
 * ```ts
 * import type { Feedback } from "@clientele/visits"
 *
 * const headline = (summary: Feedback.Summary) =>
 *   `${summary.visits} visits, average ${summary.averageScore ?? "n/a"}, top issue ${summary.items[0]?.item}`
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Summary = Schema.Struct({
  policyVersion: PositiveInt,
  period: Schema.optional(Period.Period),
  visits: NonNegativeInt,
  averageScore: Schema.optional(Schema.Number.pipe(Schema.between(1, 5))),
  scoreCounts: Schema.Tuple(
    NonNegativeInt,
    NonNegativeInt,
    NonNegativeInt,
    NonNegativeInt,
    NonNegativeInt,
  ),
  items: Schema.Array(ItemSummary),
  totalIssues: NonNegativeInt,
  secondTrips: Schema.optional(NonNegativeInt),
})

/**
 * The type of {@link Summary}.
 *
 * @example
 * ```ts
 * import type { Feedback } from "@clientele/visits"
 *
 * const unhappy = (summary: Feedback.Summary) => summary.scoreCounts[0] + summary.scoreCounts[1]
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Summary = typeof Summary.Type

/**
 * Options of {@link summarise}: the period to summarise (cards whose visit ended on
 * a date of the period, in the period's zone; all cards without it) and the
 * second trips of the same period (the report of `Appointment.secondTrips`, or its
 * total).
 *
 * @example
 * ```ts
 * import type { Feedback } from "@clientele/visits"
 * import { Period } from "@clientele/core"
 *
 * const options: Feedback.SummaryOptions = { period: Period.make("2024-04-01", "2024-07-01", "Europe/Paris"), secondTrips: 3 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface SummaryOptions {
  readonly period?: Period.Period
  readonly secondTrips?: Appointment.SecondTrips | number
}

/**
 * Summarises archived feedback cards (VIS-6): per conduct checklist item of the
 * policy (and any other item the cards name), the number of visits with an issue
 * on it — flagged by the customer or reported by staff, counted once per visit —
 * its rate over the visits summarised, and the sources apart; ordered by that
 * number, most first, then in the policy's order (items outside the policy after,
 * by id). Also the average score, the score distribution and, when given, the
 * number of second trips (VIS-2). The archive is expected to hold one card per
 * visit.
 *
 * @remarks
 * Staff-reported breaches count as issues beside the customer's flags, because a
 * breach the customer did not notice still tells where the rules or the training
 * fall short; `flaggedByCustomer` and `reportedByStaff` keep them apart.
 *
 * @example
 * ```ts
 * import { Appointment, Feedback } from "@clientele/visits"
 * import { Period } from "@clientele/core"
 *
 * declare const cards: ReadonlyArray<Feedback.FeedbackCard>
 * const summary = Feedback.summarise(cards, Appointment.defaultPolicy, {
 *   period: Period.make("2024-04-01", "2024-07-01", "Europe/Paris"),
 * })
 * summary.items[0] // the checklist item with the most visits with an issue
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export const summarise = (
  cards: ReadonlyArray<FeedbackCard>,
  policy: Appointment.VisitPolicy,
  options: SummaryOptions = {},
): Summary => {
  const { period } = options
  const order = new Map<string, number>()
  policy.conduct.forEach((item, index) => {
    order.set(item.id, index)
  })
  interface Tally {
    visitsWithIssue: number
    flaggedByCustomer: number
    reportedByStaff: number
  }
  const tallies = new Map<Appointment.ConductItemId, Tally>()
  for (const item of policy.conduct)
    tallies.set(item.id, { visitsWithIssue: 0, flaggedByCustomer: 0, reportedByStaff: 0 })
  const tallyOf = (item: Appointment.ConductItemId): Tally => {
    let tally = tallies.get(item)
    if (tally === undefined) {
      tally = { visitsWithIssue: 0, flaggedByCustomer: 0, reportedByStaff: 0 }
      tallies.set(item, tally)
    }
    return tally
  }

  const scoreCounts: [number, number, number, number, number] = [0, 0, 0, 0, 0]
  let visits = 0
  let scoreTotal = 0
  const onCard = new Set<Appointment.ConductItemId>()
  for (const card of cards) {
    if (period !== undefined && !Period.containsInstant(period, card.visitedAt)) continue
    visits++
    scoreTotal += card.score
    const bucket = card.score - 1
    if (bucket >= 0 && bucket < 5) scoreCounts[bucket as 0 | 1 | 2 | 3 | 4]++
    onCard.clear()
    for (const item of card.issues) {
      if (onCard.has(item)) continue
      onCard.add(item)
      tallyOf(item).flaggedByCustomer++
    }
    const reported = new Set<Appointment.ConductItemId>()
    for (const item of card.conductBreaches) {
      if (reported.has(item)) continue
      reported.add(item)
      tallyOf(item).reportedByStaff++
      onCard.add(item)
    }
    for (const item of onCard) tallyOf(item).visitsWithIssue++
  }

  const labels = new Map(policy.conduct.map((item) => [item.id as string, item.label]))
  const items: Array<ItemSummary> = []
  let totalIssues = 0
  for (const [item, tally] of tallies) {
    totalIssues += tally.visitsWithIssue
    const label = labels.get(item)
    items.push({
      item,
      ...(label === undefined ? {} : { label }),
      inPolicy: label !== undefined,
      visitsWithIssue: tally.visitsWithIssue,
      rate: visits === 0 ? 0 : tally.visitsWithIssue / visits,
      flaggedByCustomer: tally.flaggedByCustomer,
      reportedByStaff: tally.reportedByStaff,
    })
  }
  const rank = (item: string) => order.get(item) ?? Number.MAX_SAFE_INTEGER
  items.sort(
    (a, b) =>
      b.visitsWithIssue - a.visitsWithIssue ||
      rank(a.item) - rank(b.item) ||
      (a.item < b.item ? -1 : a.item > b.item ? 1 : 0),
  )

  const secondTrips =
    options.secondTrips === undefined
      ? undefined
      : typeof options.secondTrips === "number"
        ? options.secondTrips
        : options.secondTrips.total
  return {
    policyVersion: policy.version,
    ...(period === undefined ? {} : { period }),
    visits,
    ...(visits === 0 ? {} : { averageScore: scoreTotal / visits }),
    scoreCounts,
    items,
    totalIssues,
    ...(secondTrips === undefined ? {} : { secondTrips }),
  }
}
