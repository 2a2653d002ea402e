/**
 * What the listening posts tell the company, and what it does about it.
 *
 * Complaints, suggestions, praise and questions from every listening post (the
 * complaint desk, feedback cards, opt-in email surveys, the website, the post-sale
 * phone survey, social media, ordinary contacts) share one shape, {@link Feedback},
 * so one store holds them all. From those items this module reports how often each
 * root cause and category occurs over time, and whether an issue is isolated or
 * systemic — its rate per 1,000 orders or contacts above a threshold of the
 * {@link SystemicPolicy} (CMP-12). Improvement items taken from that insight (or
 * from churn lessons, CHN-6) have an owner, a priority and a status machine, and
 * their effect is the change of the contact rate for their root cause (CMP-13).
 * The most frequent questions are reported with whether a standard answer already
 * exists, so the FAQ can be written where it pays (CMP-14).
 *
 * Everything here is a pure function of its inputs: "now" and time zones are
 * parameters, and expected failures are returned as `Either` values.
 *
 * @since 0.1.0
 */
import { Civil, Errors, Ids, Period, Personal } from "@clientele/core"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as Category from "./Category.js"

/** A root-cause code as contacts record it (CMP-9), e.g. `late-delivery`. */
const RootCauseCode = Schema.NonEmptyTrimmedString.pipe(
  Schema.maxLength(100),
  Schema.annotations({ identifier: "RootCauseCode", description: "a root-cause code" }),
)

/**
 * The listening posts feedback arrives from (CMP-12): the complaint desk, feedback
 * cards, opt-in email surveys, the website, the post-sale phone survey, social media
 * and ordinary customer contacts.
 *
 * @example
 * ```ts
 * import { Insight } from "@clientele/complaints"
 *
 * Insight.ListeningPost.literals
 * // ["complaint", "feedbackCard", "emailSurvey", "website", "phoneSurvey", "socialMedia", "contact"]
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const ListeningPost = Schema.Literal(
  "complaint",
  "feedbackCard",
  "emailSurvey",
  "website",
  "phoneSurvey",
  "socialMedia",
  "contact",
)

/**
 * The type of a listening post.
 *
 * @example
 * ```ts
 * import type { Insight } from "@clientele/complaints"
 *
 * const post: Insight.ListeningPost = "feedbackCard"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type ListeningPost = typeof ListeningPost.Type

/**
 * What a feedback item is: a complaint, a suggestion, praise or a question.
 *
 * @example
 * ```ts
 * import { Insight } from "@clientele/complaints"
 *
 * Insight.Kind.literals // ["complaint", "suggestion", "praise", "question"]
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const Kind = Schema.Literal("complaint", "suggestion", "praise", "question")

/**
 * The type of a feedback kind.
 *
 * @example
 * ```ts
 * import type { Insight } from "@clientele/complaints"
 *
 * const kind: Insight.Kind = "suggestion"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Kind = typeof Kind.Type

/**
 * One item from a listening post (CMP-12). `rootCause` is the root-cause code of
 * CMP-9, `question` the question asked in neutral words (the FAQ key of CMP-14,
 * never personal), `text` the customer's own words (personal data). Email surveys
 * are opt-in: an `emailSurvey` item without `optIn: true` is refused with a
 * `ValidationError` at `optIn`.
 *
 * @example
 * ```ts
 * import { Insight } from "@clientele/complaints"
 * import { Errors } from "@clientele/core"
 *
 * const item = Errors.decodeEither(Insight.Feedback)({
 *   id: "fb-1",
 *   post: "emailSurvey",
 *   kind: "complaint",
 *   at: Date.UTC(2024, 0, 29, 10),
 *   rootCause: "late-delivery",
 *   optIn: true,
 * }) // Right(...); without optIn: Left(ValidationError at ["optIn"])
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const Feedback = Schema.Struct({
  id: Ids.IdString,
  post: ListeningPost,
  kind: Kind,
  at: Period.Instant,
  customerId: Schema.optional(Ids.CustomerId),
  category: Schema.optional(Category.CategoryId),
  rootCause: Schema.optional(RootCauseCode),
  question: Schema.optional(Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(500))),
  text: Schema.optional(Personal.personal(Schema.String)),
  optIn: Schema.optional(Schema.Boolean),
}).pipe(
  Schema.filter((item) =>
    item.post !== "emailSurvey" || item.optIn === true
      ? true
      : {
          path: ["optIn"],
          message:
            "an email survey answer is kept only with the customer's opt-in (CMP-12: email surveys are opt-in)",
        },
  ),
  Schema.annotations({ identifier: "Feedback" }),
)

/**
 * The type of a listening-post item.
 *
 * @example
 * ```ts
 * import type { Insight } from "@clientele/complaints"
 *
 * const card: Insight.Feedback = { id: "fb-2", post: "feedbackCard", kind: "praise", at: 1_706_522_400_000 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Feedback = typeof Feedback.Type

/**
 * The civil time buckets of {@link frequency}: a day, a week (starting Monday) or a
 * month.
 *
 * @example
 * ```ts
 * import { Insight } from "@clientele/complaints"
 *
 * Insight.Bucket.literals // ["day", "week", "month"]
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const Bucket = Schema.Literal("day", "week", "month")

/**
 * The type of a time bucket of the frequency report.
 *
 * @example
 * ```ts
 * import type { Insight } from "@clientele/complaints"
 *
 * const bucket: Insight.Bucket = "week"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Bucket = typeof Bucket.Type

/**
 * What {@link frequency} counts by: the root cause or the category of each item.
 *
 * @example
 * ```ts
 * import type { Insight } from "@clientele/complaints"
 * import { Period } from "@clientele/core"
 *
 * const options: Insight.FrequencyOptions = {
 *   by: "rootCause",
 *   bucket: "month",
 *   timeZone: Period.TimeZone.make("Europe/Berlin"),
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface FrequencyOptions {
  readonly by: "rootCause" | "category"
  readonly bucket: Bucket
  readonly timeZone: Period.TimeZone
}

/**
 * One row of {@link frequency}: how many items had `key` in the bucket starting on
 * the civil date `period`.
 *
 * @example
 * ```ts
 * import type { Insight } from "@clientele/complaints"
 *
 * const row: Insight.FrequencyRow = { key: "late-delivery", period: "2024-01-29", count: 3 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface FrequencyRow {
  readonly key: string
  readonly period: string
  readonly count: number
}

/**
 * A key (a root cause, a category, a question) and how many times it occurred.
 *
 * @example
 * ```ts
 * import type { Insight } from "@clientele/complaints"
 *
 * const issue: Insight.IssueCount = { key: "late-delivery", count: 6 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface IssueCount {
  readonly key: string
  readonly count: number
}

/**
 * When an issue is systemic rather than isolated (CMP-12): its rate per 1,000
 * orders or contacts must be strictly above `threshold`, and it must have occurred
 * at least `minimumCount` times (so that two complaints in a quiet week are not a
 * trend). Defaults: more than 5 per 1,000, at least 3 occurrences.
 *
 * @example
 * ```ts
 * import { Insight } from "@clientele/complaints"
 *
 * const strict = Insight.SystemicPolicy.make({ version: 2, threshold: 2.5, minimumCount: 5 })
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const SystemicPolicy = Schema.Struct({
  version: Schema.Int.pipe(Schema.positive()),
  threshold: Schema.Finite.pipe(Schema.nonNegative()),
  minimumCount: Schema.Int.pipe(Schema.positive()),
}).annotations({ identifier: "SystemicPolicy" })

/**
 * The type of a systemic policy.
 *
 * @example
 * ```ts
 * import type { Insight } from "@clientele/complaints"
 *
 * const policy: Insight.SystemicPolicy = { version: 1, threshold: 5, minimumCount: 3 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type SystemicPolicy = typeof SystemicPolicy.Type

/**
 * Whether an issue is systemic (its rate above the threshold) or isolated.
 *
 * @example
 * ```ts
 * import { Insight } from "@clientele/complaints"
 *
 * Insight.IssueScope.literals // ["systemic", "isolated"]
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const IssueScope = Schema.Literal("systemic", "isolated")

/**
 * The type of an issue scope: systemic or isolated.
 *
 * @example
 * ```ts
 * import type { Insight } from "@clientele/complaints"
 *
 * const scope: Insight.IssueScope = "isolated"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type IssueScope = typeof IssueScope.Type

/**
 * An issue with its rate per 1,000 of the volume and its scope, as
 * {@link classifyIssues} reports it.
 *
 * @example
 * ```ts
 * import type { Insight } from "@clientele/complaints"
 *
 * const issue: Insight.ClassifiedIssue = { key: "late-delivery", count: 6, ratePerThousand: 6, scope: "systemic" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface ClassifiedIssue extends IssueCount {
  readonly ratePerThousand: number
  readonly scope: IssueScope
}

/**
 * One row of a Pareto table: an issue, its share of all occurrences and the
 * cumulative share of it and every larger issue.
 *
 * @example
 * ```ts
 * import type { Insight } from "@clientele/complaints"
 *
 * const row: Insight.ParetoRow = { key: "late-delivery", count: 5, share: 0.5, cumulativeShare: 0.5 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface ParetoRow extends IssueCount {
  readonly share: number
  readonly cumulativeShare: number
}

/**
 * The status of an improvement item (CMP-13): proposed, planned, in progress, done,
 * or dropped. `done` and `dropped` are final.
 *
 * @example
 * ```ts
 * import { Insight } from "@clientele/complaints"
 *
 * Insight.ImprovementStatus.literals // ["proposed", "planned", "inProgress", "done", "dropped"]
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const ImprovementStatus = Schema.Literal(
  "proposed",
  "planned",
  "inProgress",
  "done",
  "dropped",
)

/**
 * The type of an improvement status.
 *
 * @example
 * ```ts
 * import type { Insight } from "@clientele/complaints"
 *
 * const status: Insight.ImprovementStatus = "inProgress"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type ImprovementStatus = typeof ImprovementStatus.Type

/**
 * Where an improvement item comes from (CMP-13): the listening-post insight of
 * CMP-12 or a churn lesson of CHN-6.
 *
 * @example
 * ```ts
 * import { Insight } from "@clientele/complaints"
 *
 * Insight.ImprovementSource.literals // ["insight", "churn"]
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const ImprovementSource = Schema.Literal("insight", "churn")

/**
 * The type of an improvement source.
 *
 * @example
 * ```ts
 * import type { Insight } from "@clientele/complaints"
 *
 * const source: Insight.ImprovementSource = "churn"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type ImprovementSource = typeof ImprovementSource.Type

/**
 * One entry of an improvement item's history: the status it entered, when and by
 * whom.
 *
 * @example
 * ```ts
 * import { Insight } from "@clientele/complaints"
 * import { Ids } from "@clientele/core"
 *
 * const step = Insight.ImprovementStep.make({ status: "planned", at: 1_709_251_200_000, by: Ids.StaffId.make("s1") })
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const ImprovementStep = Schema.Struct({
  status: ImprovementStatus,
  at: Period.Instant,
  by: Ids.StaffId,
})

/**
 * The type of one history entry of an improvement item.
 *
 * @example
 * ```ts
 * import type { Insight } from "@clientele/complaints"
 * import { Ids } from "@clientele/core"
 *
 * const step: Insight.ImprovementStep = { status: "done", at: 1_709_251_200_000, by: Ids.StaffId.make("s1") }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type ImprovementStep = typeof ImprovementStep.Type

/** What an improvement item and the proposal that opens it both say of the change. */
const itemFields = {
  id: Ids.IdString,
  title: Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(200)),
  rootCause: RootCauseCode,
  source: ImprovementSource,
  owner: Ids.StaffId,
  priority: Category.Priority,
}

/**
 * An improvement item (CMP-13): what is to change (`title`), for which root cause,
 * from which source, with an owner, a priority and a status whose every change is
 * in the append-only `history`. `startedAt` is set on entering `inProgress`,
 * `completedAt` on entering `done`. The schema checks that the history is in time
 * order and ends in the current status, and that a started or finished item has
 * those instants in order.
 *
 * @example
 * ```ts
 * import { Insight } from "@clientele/complaints"
 * import { Errors } from "@clientele/core"
 *
 * const item = Errors.decodeEither(Insight.Improvement)({
 *   id: "imp-1",
 *   title: "Ship from the nearer warehouse",
 *   rootCause: "late-delivery",
 *   source: "insight",
 *   owner: "s1",
 *   priority: "high",
 *   status: "proposed",
 *   createdAt: Date.UTC(2024, 1, 1),
 *   history: [{ status: "proposed", at: Date.UTC(2024, 1, 1), by: "s1" }],
 * })
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const Improvement = Schema.Struct({
  ...itemFields,
  status: ImprovementStatus,
  createdAt: Period.Instant,
  startedAt: Schema.optional(Period.Instant),
  completedAt: Schema.optional(Period.Instant),
  history: Schema.Array(ImprovementStep),
}).pipe(
  Schema.filter((item) => {
    const issues: Array<{ path: ReadonlyArray<string | number>; message: string }> = []
    let previous = item.createdAt
    item.history.forEach((step, index) => {
      if (step.at < previous)
        issues.push({
          path: ["history", index, "at"],
          message: "history entries are in time order, not before the item was created (CMP-13)",
        })
      previous = Math.max(previous, step.at)
    })
    const last = item.history[item.history.length - 1]
    if (last !== undefined && last.status !== item.status)
      issues.push({
        path: ["status"],
        message: `the status must be the last status of the history, ${last.status} (CMP-13)`,
      })
    if ((item.status === "inProgress" || item.status === "done") && item.startedAt === undefined)
      issues.push({
        path: ["startedAt"],
        message: "a started item records when it started (CMP-13)",
      })
    if (item.status === "done" && item.completedAt === undefined)
      issues.push({
        path: ["completedAt"],
        message: "a done item records when it was done (CMP-13)",
      })
    if (item.startedAt !== undefined && item.startedAt < item.createdAt)
      issues.push({ path: ["startedAt"], message: "an item cannot start before it was created" })
    if (item.completedAt !== undefined && item.completedAt < (item.startedAt ?? item.createdAt))
      issues.push({ path: ["completedAt"], message: "an item cannot be done before it started" })
    return issues.length === 0 ? true : issues
  }),
  Schema.annotations({ identifier: "Improvement" }),
)

/**
 * The type of an improvement item.
 *
 * @example
 * ```ts
 * import type { Insight } from "@clientele/complaints"
 * import { Ids } from "@clientele/core"
 *
 * const owner = Ids.StaffId.make("s1")
 * const item: Insight.Improvement = {
 *   id: "imp-1",
 *   title: "Ship from the nearer warehouse",
 *   rootCause: "late-delivery",
 *   source: "insight",
 *   owner,
 *   priority: "high",
 *   status: "proposed",
 *   createdAt: 1_706_745_600_000,
 *   history: [{ status: "proposed", at: 1_706_745_600_000, by: owner }],
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Improvement = typeof Improvement.Type

/**
 * What {@link propose} needs to open an improvement item: everything but the status
 * machine, plus who records it (`by`) and when (`createdAt`).
 *
 * @example
 * ```ts
 * import { Insight } from "@clientele/complaints"
 * import { Ids } from "@clientele/core"
 *
 * const proposal = Insight.Proposal.make({
 *   id: "imp-1",
 *   title: "Ship from the nearer warehouse",
 *   rootCause: "late-delivery",
 *   source: "insight",
 *   owner: Ids.StaffId.make("s1"),
 *   priority: "high",
 *   createdAt: 1_706_745_600_000,
 *   by: Ids.StaffId.make("s2"),
 * })
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const Proposal = Schema.Struct({
  ...itemFields,
  createdAt: Period.Instant,
  by: Ids.StaffId,
})

/**
 * The type of a proposal for an improvement item.
 *
 * @example
 * ```ts
 * import type { Insight } from "@clientele/complaints"
 * import { Ids } from "@clientele/core"
 *
 * const proposal: Insight.Proposal = {
 *   id: "imp-2",
 *   title: "Explain the return form on the website",
 *   rootCause: "return-confusion",
 *   source: "churn",
 *   owner: Ids.StaffId.make("s1"),
 *   priority: "normal",
 *   createdAt: 1_706_745_600_000,
 *   by: Ids.StaffId.make("s1"),
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Proposal = typeof Proposal.Type

/**
 * A contact as {@link improvementEffect} counts it: when it happened (epoch
 * milliseconds) and its root cause (CMP-9).
 *
 * @example
 * ```ts
 * import type { Insight } from "@clientele/complaints"
 *
 * const contact: Insight.RootCauseContact = { at: 1_706_745_600_000, rootCause: "late-delivery" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface RootCauseContact {
  readonly at: number
  readonly rootCause: string
}

/**
 * The effect of an improvement (CMP-13): the contact rate for its root cause (per
 * 1,000 of the volume) in the window before it started and the window after it was
 * done, their difference (`after − before`, negative when contacts fell) and that
 * difference relative to `before` (`null` when `before` is 0). `contactsBefore` and
 * `contactsAfter` are the counted contacts.
 *
 * @example
 * ```ts
 * import type { Insight } from "@clientele/complaints"
 *
 * const effect: Insight.ImprovementEffect = {
 *   before: 6,
 *   after: 3,
 *   change: -3,
 *   relativeChange: -0.5,
 *   contactsBefore: 12,
 *   contactsAfter: 3,
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface ImprovementEffect {
  readonly before: number
  readonly after: number
  readonly change: number
  readonly relativeChange: number | null
  readonly contactsBefore: number
  readonly contactsAfter: number
}

/**
 * A standard, categorised answer to a frequent question (CMP-14). `rootCause`, when
 * given, makes the answer cover every question with that root cause.
 *
 * @example
 * ```ts
 * import { Insight } from "@clientele/complaints"
 *
 * const answer = Insight.StandardAnswer.make({
 *   id: "faq-1",
 *   category: "service",
 *   question: "How do I return an item?",
 *   answer: "Bring it to any store within 30 days, or use the return form.",
 * })
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const StandardAnswer = Schema.Struct({
  id: Ids.IdString,
  category: Category.CategoryId,
  question: Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(500)),
  answer: Schema.NonEmptyTrimmedString,
  rootCause: Schema.optional(RootCauseCode),
}).annotations({ identifier: "StandardAnswer" })

/**
 * The type of a standard answer.
 *
 * @example
 * ```ts
 * import type { Insight } from "@clientele/complaints"
 *
 * const answer: Insight.StandardAnswer = {
 *   id: "faq-2",
 *   category: "service/long-wait",
 *   question: "Where is my parcel?",
 *   answer: "Follow the tracking link in your shipping email.",
 *   rootCause: "late-delivery",
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type StandardAnswer = typeof StandardAnswer.Type

/**
 * One row of {@link topQuestions}: the question (normalised, or the root cause when
 * the items carry no question text), how often it was asked, its category, and
 * whether a standard answer covers it.
 *
 * @example
 * ```ts
 * import type { Insight } from "@clientele/complaints"
 *
 * const row: Insight.TopQuestion = { question: "where is my parcel?", count: 3, category: "service", answered: false }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface TopQuestion {
  readonly question: string
  readonly count: number
  readonly category?: string
  readonly answered: boolean
}

/**
 * The default systemic policy: an issue is systemic above 5 per 1,000 orders or
 * contacts, and only from 3 occurrences on.
 *
 * @example
 * ```ts
 * import { Insight } from "@clientele/complaints"
 *
 * Insight.defaultSystemicPolicy // { version: 1, threshold: 5, minimumCount: 3 }
 * ```
 *
 * @since 0.1.0
 * @category defaults
 */
export const defaultSystemicPolicy: SystemicPolicy = { version: 1, threshold: 5, minimumCount: 3 }

/**
 * Decodes a systemic policy from untrusted input, or a `ValidationError` naming
 * each invalid field.
 *
 * @example
 * ```ts
 * import { Insight } from "@clientele/complaints"
 * import * as Either from "effect/Either"
 *
 * Either.isLeft(Insight.decodeSystemicPolicy({ version: 1, threshold: -1, minimumCount: 3 })) // true
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const decodeSystemicPolicy = (
  input: unknown,
): Either.Either<SystemicPolicy, Errors.ValidationError> =>
  Errors.decodeEither(SystemicPolicy)(input)

/**
 * Decodes one listening-post item from untrusted input (CMP-12), refusing an email
 * survey answer without opt-in with a `ValidationError` at `optIn`.
 *
 * @example
 * ```ts
 * import { Insight } from "@clientele/complaints"
 * import * as Either from "effect/Either"
 *
 * const refused = Insight.decodeFeedback({ id: "fb-1", post: "emailSurvey", kind: "praise", at: 0 })
 * Either.isLeft(refused) // true: no opt-in
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const decodeFeedback = (input: unknown): Either.Either<Feedback, Errors.ValidationError> =>
  Errors.decodeEither(Feedback)(input)

/**
 * Opens an improvement item in status `proposed` (CMP-13), its history starting with
 * that status; a `ValidationError` names each invalid field of the proposal.
 *
 * @example
 * ```ts
 * import { Insight } from "@clientele/complaints"
 *
 * const item = Insight.propose({
 *   id: "imp-1",
 *   title: "Ship from the nearer warehouse",
 *   rootCause: "late-delivery",
 *   source: "insight",
 *   owner: "s1",
 *   priority: "high",
 *   createdAt: Date.UTC(2024, 1, 1),
 *   by: "s2",
 * }) // Right({ status: "proposed", history: [{ status: "proposed", ... }], ... })
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const propose = (input: unknown): Either.Either<Improvement, Errors.ValidationError> =>
  Either.map(Errors.decodeEither(Proposal)(input), ({ by, ...proposal }) => ({
    ...proposal,
    status: "proposed" as const,
    history: [{ status: "proposed" as const, at: proposal.createdAt, by }],
  }))

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** The civil date (`YYYY-MM-DD`) on which the bucket holding `date` starts. */
const bucketStart = (date: string, bucket: Bucket): string => {
  const day = Civil.parse(date)
  if (bucket === "day" || day === undefined) return date
  if (bucket === "week") return Civil.format(day - (Civil.weekdayOf(day) - 1))
  const { year, month } = Civil.fieldsOf(day)
  return Civil.format(Civil.dayNumberOf(year, month, 1))
}

/**
 * The bucket an instant falls in, in a time zone, named by the civil date it starts
 * on: the day itself, the Monday of its week, or the first of its month.
 *
 * @example
 * ```ts
 * import { Insight } from "@clientele/complaints"
 * import { Period } from "@clientele/core"
 *
 * Insight.bucketOf(Date.UTC(2024, 2, 31, 23, 30), "week", Period.TimeZone.make("UTC")) // "2024-03-25"
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export const bucketOf = (instant: number, bucket: Bucket, timeZone: Period.TimeZone): string =>
  bucketStart(Period.civilDateOf(instant, timeZone), bucket)

/**
 * How often each root cause (or category) occurred per civil day, week (starting
 * Monday) or month in a time zone (CMP-12). Each row names the bucket by the civil
 * date it starts on (a month by its first day, `YYYY-MM-01`); items without the key
 * are not counted. Rows are sorted by period, then key.
 *
 * @example
 * ```ts
 * import { Insight } from "@clientele/complaints"
 * import { Period } from "@clientele/core"
 *
 * const items: ReadonlyArray<Insight.Feedback> = [
 *   { id: "a", post: "website", kind: "complaint", at: Date.UTC(2024, 0, 31, 12), rootCause: "late-delivery" },
 *   { id: "b", post: "contact", kind: "complaint", at: Date.UTC(2024, 1, 1, 9), rootCause: "late-delivery" },
 * ]
 * Insight.frequency(items, { by: "rootCause", bucket: "week", timeZone: Period.TimeZone.make("UTC") })
 * // [{ key: "late-delivery", period: "2024-01-29", count: 2 }]
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export const frequency = (
  items: ReadonlyArray<Feedback>,
  options: FrequencyOptions,
): ReadonlyArray<FrequencyRow> => {
  const counts = new Map<string, Map<string, number>>()
  for (const item of items) {
    const key = options.by === "rootCause" ? item.rootCause : item.category
    if (key === undefined) continue
    const period = bucketOf(item.at, options.bucket, options.timeZone)
    let perKey = counts.get(period)
    if (perKey === undefined) {
      perKey = new Map()
      counts.set(period, perKey)
    }
    perKey.set(key, (perKey.get(key) ?? 0) + 1)
  }
  const rows: Array<FrequencyRow> = []
  for (const [period, perKey] of counts) {
    for (const [key, count] of perKey) rows.push({ key, period, count })
  }
  return rows.sort((a, b) => byCodeUnits(a.period, b.period) || byCodeUnits(a.key, b.key))
}

/**
 * The total count per root cause (or category) over all items, sorted by key: the
 * input of {@link classifyIssues} and {@link pareto} for one period.
 *
 * @example
 * ```ts
 * import { Insight } from "@clientele/complaints"
 *
 * const items: ReadonlyArray<Insight.Feedback> = [
 *   { id: "a", post: "website", kind: "complaint", at: 0, category: "service/long-wait" },
 *   { id: "b", post: "contact", kind: "complaint", at: 0, category: "service/long-wait" },
 * ]
 * Insight.countsBy(items, "category") // [{ key: "service/long-wait", count: 2 }]
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export const countsBy = (
  items: ReadonlyArray<Feedback>,
  by: FrequencyOptions["by"],
): ReadonlyArray<IssueCount> => {
  const counts = new Map<string, number>()
  for (const item of items) {
    const key = by === "rootCause" ? item.rootCause : item.category
    if (key !== undefined) counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  return [...counts]
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => byCodeUnits(a.key, b.key))
}

/**
 * Classifies each issue as systemic or isolated (CMP-12). The rate is the count per
 * 1,000 of `volume` (the orders or contacts of the same period); an issue is
 * systemic iff its count is at least `policy.minimumCount` and its rate is strictly
 * above `policy.threshold` — a rate equal to the threshold is isolated. Rows keep
 * the input order. A `volume` that is not a positive number, a count that is not a
 * non-negative integer or an invalid policy is a `ValidationError` naming it.
 *
 * @example
 * ```ts
 * import { Insight } from "@clientele/complaints"
 *
 * Insight.classifyIssues(
 *   [{ key: "late-delivery", count: 6 }, { key: "wrong-size", count: 5 }],
 *   1000,
 *   Insight.defaultSystemicPolicy,
 * )
 * // Right([{ key: "late-delivery", count: 6, ratePerThousand: 6, scope: "systemic" },
 * //        { key: "wrong-size", count: 5, ratePerThousand: 5, scope: "isolated" }])
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const classifyIssues = (
  counts: ReadonlyArray<IssueCount>,
  volume: number,
  policy: SystemicPolicy = defaultSystemicPolicy,
): Either.Either<ReadonlyArray<ClassifiedIssue>, Errors.ValidationError> => {
  const issues: Array<Errors.ValidationIssue> = []
  if (!Number.isFinite(volume) || volume <= 0)
    issues.push({
      path: ["volume"],
      message: `the volume (orders or contacts of the period) must be a positive number, got ${volume} (CMP-12: rates are per 1,000 of it)`,
    })
  counts.forEach((issue, index) => {
    if (!Number.isInteger(issue.count) || issue.count < 0)
      issues.push({
        path: ["counts", index, "count"],
        message: `a count must be a non-negative integer, got ${issue.count} (CMP-12)`,
      })
  })
  const decodedPolicy = decodeSystemicPolicy(policy)
  if (Either.isLeft(decodedPolicy))
    for (const issue of decodedPolicy.left.issues)
      issues.push({ path: ["policy", ...issue.path], message: `${issue.message} (CMP-12)` })
  if (issues.length > 0) return Either.left(Errors.ValidationError.fromIssues(issues))
  return Either.right(
    counts.map(({ key, count }) => {
      const ratePerThousand = (count * 1000) / volume
      const systemic = count >= policy.minimumCount && ratePerThousand > policy.threshold
      return { key, count, ratePerThousand, scope: systemic ? "systemic" : "isolated" }
    }),
  )
}

/**
 * The Pareto table of issues: sorted by count (largest first, ties by key), each
 * with its share of the total and the cumulative share, which ends at exactly 1
 * when the total is positive (all shares are 0 when it is 0). Counts are
 * non-negative, as {@link countsBy} and {@link frequency} produce them.
 *
 * @example
 * ```ts
 * import { Insight } from "@clientele/complaints"
 *
 * Insight.pareto([{ key: "a", count: 1 }, { key: "b", count: 3 }])
 * // [{ key: "b", count: 3, share: 0.75, cumulativeShare: 0.75 },
 * //  { key: "a", count: 1, share: 0.25, cumulativeShare: 1 }]
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export const pareto = (counts: ReadonlyArray<IssueCount>): ReadonlyArray<ParetoRow> => {
  const sorted = [...counts].sort((a, b) => b.count - a.count || byCodeUnits(a.key, b.key))
  let total = 0
  for (const { count } of sorted) total += count
  let running = 0
  return sorted.map(({ key, count }, index) => {
    running += count
    if (total <= 0) return { key, count, share: 0, cumulativeShare: 0 }
    const cumulativeShare = index === sorted.length - 1 ? 1 : Math.min(1, running / total)
    return { key, count, share: count / total, cumulativeShare }
  })
}

/**
 * The allowed status changes of an improvement item (CMP-13): proposed → planned or
 * dropped, planned → in progress or dropped, in progress → done or dropped; done and
 * dropped are final.
 *
 * @example
 * ```ts
 * import { Insight } from "@clientele/complaints"
 *
 * Insight.allowedTransitions.planned // ["inProgress", "dropped"]
 * ```
 *
 * @since 0.1.0
 * @category defaults
 */
export const allowedTransitions: {
  readonly [S in ImprovementStatus]: ReadonlyArray<ImprovementStatus>
} = {
  proposed: ["planned", "dropped"],
  planned: ["inProgress", "dropped"],
  inProgress: ["done", "dropped"],
  done: [],
  dropped: [],
}

/**
 * Moves an improvement item to status `to` at `at` by `by` (CMP-13), appending the
 * step to its history (earlier entries are kept as they are) and recording
 * `startedAt` on entering `inProgress` and `completedAt` on entering `done`. A step
 * the {@link allowedTransitions} table does not allow is an
 * `InvalidTransitionError` naming the current state and the attempted one; an `at`
 * that is not a valid instant or earlier than the last history entry (or the
 * creation) is a `ValidationError` at `at`.
 *
 * @example
 * ```ts
 * import { Insight } from "@clientele/complaints"
 * import { Ids } from "@clientele/core"
 * import * as Either from "effect/Either"
 *
 * const owner = Ids.StaffId.make("s1")
 * const item: Insight.Improvement = {
 *   id: "imp-1",
 *   title: "Ship from the nearer warehouse",
 *   rootCause: "late-delivery",
 *   source: "insight",
 *   owner,
 *   priority: "high",
 *   status: "proposed",
 *   createdAt: Date.UTC(2024, 1, 1),
 *   history: [{ status: "proposed", at: Date.UTC(2024, 1, 1), by: owner }],
 * }
 * const planned = Insight.transition(item, "planned", { at: Date.UTC(2024, 1, 2), by: owner })
 * Either.isLeft(Insight.transition(item, "done", { at: Date.UTC(2024, 1, 2), by: owner })) // true
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const transition = (
  item: Improvement,
  to: ImprovementStatus,
  step: { readonly at: number; readonly by: Ids.StaffId },
): Either.Either<Improvement, Errors.InvalidTransitionError | Errors.ValidationError> => {
  if (!allowedTransitions[item.status].includes(to))
    return Either.left(
      new Errors.InvalidTransitionError({
        entity: "Improvement",
        state: item.status,
        attempted: to,
      }),
    )
  if (!Schema.is(Period.Instant)(step.at))
    return Either.left(
      Errors.ValidationError.fromIssues([
        { path: ["at"], message: `${step.at} is not a valid instant (CMP-13)` },
      ]),
    )
  const last = item.history[item.history.length - 1]?.at ?? item.createdAt
  if (step.at < last)
    return Either.left(
      Errors.ValidationError.fromIssues([
        {
          path: ["at"],
          message: `a status change at ${step.at} cannot precede the last history entry at ${last} (CMP-13: the history is append-only, in time order)`,
        },
      ]),
    )
  return Either.right({
    ...item,
    status: to,
    ...(to === "inProgress" ? { startedAt: step.at } : {}),
    ...(to === "done" ? { completedAt: step.at } : {}),
    history: [...item.history, { status: to, at: step.at, by: step.by }],
  })
}

/**
 * Measures an improvement's effect (CMP-13): the contact rate for its root cause —
 * contacts per 1,000 of the volume — in the `windowDays` before it started
 * (`startedAt`, or `createdAt` when it was never started) against the `windowDays`
 * after it was done (`completedAt`). Windows are half-open, `[start, end)`, of whole
 * 24-hour days. `volumeBefore` and `volumeAfter` are the orders or contacts of each
 * window. An item that is not done is refused with a `PolicyViolationError` on
 * CMP-13; a volume that is not positive or a window that is not a positive integer
 * is a `ValidationError` naming it.
 *
 * @example
 * ```ts
 * import { Insight } from "@clientele/complaints"
 * import { Ids } from "@clientele/core"
 *
 * const owner = Ids.StaffId.make("s1")
 * const day = 86_400_000
 * const item: Insight.Improvement = {
 *   id: "imp-1",
 *   title: "Ship from the nearer warehouse",
 *   rootCause: "late-delivery",
 *   source: "insight",
 *   owner,
 *   priority: "high",
 *   status: "done",
 *   createdAt: 0,
 *   startedAt: 10 * day,
 *   completedAt: 20 * day,
 *   history: [],
 * }
 * const contacts = [
 *   { at: 5 * day, rootCause: "late-delivery" },
 *   { at: 25 * day, rootCause: "late-delivery" },
 * ]
 * Insight.improvementEffect(item, contacts, 1000, 1000, { windowDays: 10 })
 * // Right({ before: 1, after: 1, change: 0, relativeChange: 0, contactsBefore: 1, contactsAfter: 1 })
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export const improvementEffect = (
  item: Improvement,
  contacts: ReadonlyArray<RootCauseContact>,
  volumeBefore: number,
  volumeAfter: number,
  options: { readonly windowDays: number },
): Either.Either<ImprovementEffect, Errors.PolicyViolationError | Errors.ValidationError> => {
  if (item.status !== "done" || item.completedAt === undefined)
    return Either.left(
      new Errors.PolicyViolationError({
        rule: "CMP-13",
        message:
          item.status === "done"
            ? `the effect of improvement ${item.id} is measured from its completion, which is not recorded`
            : `the effect of improvement ${item.id} is measured once it is done; it is ${item.status}`,
      }),
    )
  const issues: Array<Errors.ValidationIssue> = []
  for (const [field, volume] of [
    ["volumeBefore", volumeBefore],
    ["volumeAfter", volumeAfter],
  ] as const)
    if (!Number.isFinite(volume) || volume <= 0)
      issues.push({
        path: [field],
        message: `the volume must be a positive number, got ${volume} (CMP-13: rates are per 1,000 of it)`,
      })
  if (!Number.isInteger(options.windowDays) || options.windowDays <= 0)
    issues.push({
      path: ["windowDays"],
      message: `the window must be a positive whole number of days, got ${options.windowDays} (CMP-13)`,
    })
  if (issues.length > 0) return Either.left(Errors.ValidationError.fromIssues(issues))
  const window = options.windowDays * Civil.dayMs
  const beforeEnd = item.startedAt ?? item.createdAt
  const beforeStart = beforeEnd - window
  const afterStart = item.completedAt
  const afterEnd = afterStart + window
  let contactsBefore = 0
  let contactsAfter = 0
  for (const contact of contacts) {
    if (contact.rootCause !== item.rootCause) continue
    if (contact.at >= beforeStart && contact.at < beforeEnd) contactsBefore++
    if (contact.at >= afterStart && contact.at < afterEnd) contactsAfter++
  }
  const before = (contactsBefore * 1000) / volumeBefore
  const after = (contactsAfter * 1000) / volumeAfter
  const change = after - before
  return Either.right({
    before,
    after,
    change,
    relativeChange: before === 0 ? null : change / before,
    contactsBefore,
    contactsAfter,
  })
}

/**
 * The key under which questions are compared (CMP-14): trimmed, inner white space
 * collapsed to one space, lower-cased (and Unicode-normalised), so "  Where IS my
 * parcel?" and "where is my parcel?" are the same question.
 *
 * @example
 * ```ts
 * import { Insight } from "@clientele/complaints"
 *
 * Insight.normaliseQuestion("  Where\tIS  my parcel? ") // "where is my parcel?"
 * ```
 *
 * @since 0.1.0
 * @category lookups
 */
export const normaliseQuestion = (text: string): string =>
  text.normalize("NFC").trim().replace(/\s+/g, " ").toLowerCase()

interface QuestionGroup {
  readonly question: string
  readonly byRootCause: boolean
  count: number
  readonly categories: Map<string, number>
  readonly rootCauses: Set<string>
}

/**
 * The `n` most asked questions (CMP-14): items of kind `question`, grouped by their
 * normalised question text or, when they carry none, by their root cause; ranked by
 * count (ties by the question, in code-unit order). Each row has the category most
 * of its items carry (else the category of the standard answer that covers it) and
 * whether a standard answer covers it: one whose normalised question is the same,
 * or whose root cause is the root cause of the row's items. A non-positive `n`
 * gives no rows.
 *
 * @example
 * ```ts
 * import { Insight } from "@clientele/complaints"
 *
 * const asked = (id: string, question: string): Insight.Feedback => ({
 *   id,
 *   post: "website",
 *   kind: "question",
 *   at: 0,
 *   question,
 * })
 * Insight.topQuestions([asked("1", "Where is my parcel?"), asked("2", "where is my  parcel?")], [], 5)
 * // [{ question: "where is my parcel?", count: 2, answered: false }]
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export const topQuestions = (
  items: ReadonlyArray<Feedback>,
  answers: ReadonlyArray<StandardAnswer>,
  n: number,
): ReadonlyArray<TopQuestion> => {
  const groups = new Map<string, QuestionGroup>()
  for (const item of items) {
    if (item.kind !== "question") continue
    const text = item.question === undefined ? "" : normaliseQuestion(item.question)
    const byRootCause = text === ""
    const question = byRootCause ? item.rootCause : text
    if (question === undefined) continue
    const id = `${byRootCause ? "r" : "q"}:${question}`
    let group = groups.get(id)
    if (group === undefined) {
      group = { question, byRootCause, count: 0, categories: new Map(), rootCauses: new Set() }
      groups.set(id, group)
    }
    group.count++
    if (item.category !== undefined)
      group.categories.set(item.category, (group.categories.get(item.category) ?? 0) + 1)
    if (item.rootCause !== undefined) group.rootCauses.add(item.rootCause)
  }

  const answerByQuestion = new Map<string, StandardAnswer>()
  const answerByRootCause = new Map<string, StandardAnswer>()
  for (const answer of answers) {
    const key = normaliseQuestion(answer.question)
    if (!answerByQuestion.has(key)) answerByQuestion.set(key, answer)
    if (answer.rootCause !== undefined && !answerByRootCause.has(answer.rootCause))
      answerByRootCause.set(answer.rootCause, answer)
  }

  const limit = Number.isNaN(n) ? 0 : Math.max(0, Math.floor(n))
  return [...groups.values()]
    .sort(
      (a, b) =>
        b.count - a.count ||
        byCodeUnits(a.question, b.question) ||
        Number(a.byRootCause) - Number(b.byRootCause),
    )
    .slice(0, limit)
    .map((group): TopQuestion => {
      let answer = group.byRootCause ? undefined : answerByQuestion.get(group.question)
      for (const rootCause of [...group.rootCauses].sort(byCodeUnits)) {
        if (answer !== undefined) break
        answer = answerByRootCause.get(rootCause)
      }
      let category: string | undefined
      let best = 0
      for (const [candidate, count] of group.categories)
        if (
          count > best ||
          (count === best && category !== undefined && byCodeUnits(candidate, category) < 0)
        ) {
          category = candidate
          best = count
        }
      category ??= answer?.category
      return category === undefined
        ? { question: group.question, count: group.count, answered: answer !== undefined }
        : { question: group.question, count: group.count, category, answered: answer !== undefined }
    })
}
