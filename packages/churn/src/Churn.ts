/**
 * The `Churn` service: churn detection and the churn-case workflow over the storage
 * port (CHN-1 … CHN-7). It stores versioned detection policies, detection runs with
 * their candidates, churn cases, lessons and the improvements tracked from them.
 *
 * Every command decodes its untrusted input first (a `ValidationError` naming the
 * path), loads the documents, lets the pure core decide (`Detection.detect`,
 * `ChurnCase.investigate`, `Lesson.complete`, …) and writes the documents that change
 * together in one store transaction, with compare-and-set on the versions loaded. A
 * refusal changes nothing; a concurrent change makes the transaction run again on
 * fresh state, where the rules are checked again.
 *
 * - CHN-1: `recordRun` runs the detection of a saved policy version over a customer
 *   base and stores the run and its candidates at once; a run id is recorded once.
 * - CHN-2 … CHN-5: `openCase` (from a candidate or by hand; one open case per
 *   customer), `investigate`, `decideRecovery`, `decideImprovability`, `recordOutcome`.
 * - CHN-6, CHN-7: `addLesson`, `routeLesson`, `lessonTable`, `startImprovement`,
 *   `advanceImprovement`, `recordProgress`, `assignTracker`, `completeImprovement`.
 * - `report` gives the churn report of the cases opened in a range.
 *
 * The commands that create a record — `openCase`, `addLesson`, `startImprovement` —
 * take an optional idempotency key ({@link RequestOptions}): the key is stored with
 * the record it created, in the same transaction, so a retry after a timeout returns
 * that record instead of creating a second one, and the key reused for a different
 * request fails with {@link IdempotencyKeyConflictError}. Keys are per command: the
 * same string may name a case request and a lesson request.
 *
 * @since 0.1.0
 */
import type { Insight } from "@clientele/complaints"
import { Errors, Ids, Money, Period, Personal, PromiseClient } from "@clientele/core"
import { Collection, Store, StoreError } from "@clientele/store"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as ChurnCase from "./ChurnCase.js"
import * as Detection from "./Detection.js"
import * as Lesson from "./Lesson.js"
import * as Reports from "./Reports.js"
import * as Summary from "./Summary.js"

/** Keeps `runId#row` within the store's 256-character ids. */
const RunId = Ids.IdString.pipe(Schema.maxLength(200))
const Count = Schema.Int.pipe(Schema.nonNegative())

// --- models and schemas -----------------------------------------------------------

/**
 * A recorded detection run (CHN-1): its id, the policy version and time unit it
 * used, its summary, and when it was recorded. Its candidates are stored beside it.
 *
 * @example
 * ```ts
 * import type { Churn } from "@clientele/churn"
 *
 * const flagged = (run: Churn.DetectionRun) => run.summary.candidates
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const DetectionRun = Schema.Struct({
  id: RunId,
  policy: Detection.PolicyReference,
  timeUnit: Summary.TimeUnit,
  summary: Detection.DetectionSummary,
  recordedAt: Period.Instant,
}).annotations({ identifier: "ChurnDetectionRun" })

/**
 * The type of {@link DetectionRun}.
 *
 * @example
 * ```ts
 * import type { Churn } from "@clientele/churn"
 *
 * const usedVersion = (run: Churn.DetectionRun) => run.policy.version
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type DetectionRun = typeof DetectionRun.Type

/**
 * A stored candidate of a run: the candidate, its run, its row among the run's
 * candidates, and the case opened for it, if any.
 *
 * @example
 * ```ts
 * import type { Churn } from "@clientele/churn"
 *
 * const followedUp = (c: Churn.StoredCandidate) => c.caseId !== undefined
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const StoredCandidate = Schema.Struct({
  ...Detection.Candidate.fields,
  runId: RunId,
  row: Count,
  caseId: Schema.optional(Ids.IdString),
}).annotations({ identifier: "ChurnStoredCandidate" })

/**
 * The type of {@link StoredCandidate}.
 *
 * @example
 * ```ts
 * import type { Churn } from "@clientele/churn"
 *
 * const label = (c: Churn.StoredCandidate) => `${c.runId}: ${c.customerId} ${c.status}`
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type StoredCandidate = typeof StoredCandidate.Type

/**
 * What `recordRun` takes besides the customer base: the run's id (at most 200
 * characters) and the saved policy version to detect with.
 *
 * @example
 * ```ts
 * import type { Churn } from "@clientele/churn"
 *
 * const run: Churn.RunInputEncoded = { runId: "2024-06", policy: { id: "retail", version: 1 } }
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const RunInput = Schema.Struct({
  runId: RunId,
  policy: Detection.PolicyReference,
}).annotations({ identifier: "ChurnRunInput" })

/**
 * The encoded form of {@link RunInput}.
 *
 * @example
 * ```ts
 * import type { Churn } from "@clientele/churn"
 *
 * const run: Churn.RunInputEncoded = { runId: "weekly-24", policy: { id: "retail", version: 2 } }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type RunInputEncoded = typeof RunInput.Encoded

/**
 * What `openCase` takes: the customer; the run whose candidate it is (omit it for a
 * case opened by hand, optionally with a reason — free text about the customer,
 * so personal); an optional lost value; and the staff member opening it.
 *
 * @example
 * ```ts
 * import type { Churn } from "@clientele/churn"
 *
 * const fromRun: Churn.OpenCaseInputEncoded = { customerId: "cus-42", runId: "2024-06", by: "s1" }
 * const byHand: Churn.OpenCaseInputEncoded = { customerId: "cus-7", reason: "Cancelled the standing order.", by: "s1" }
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const OpenCaseInput = Schema.Struct({
  customerId: Ids.CustomerId,
  runId: Schema.optional(RunId),
  reason: Schema.optional(
    Personal.personal(Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(4000))),
  ),
  lostValue: Schema.optional(Money.Money),
  by: Ids.StaffId,
}).pipe(
  Schema.filter((input) => {
    const issues: Array<Schema.FilterIssue> = []
    if (input.runId !== undefined && input.reason !== undefined)
      issues.push({
        path: ["reason"],
        message: "a case opened from a detection run has the run as its reason",
      })
    if (input.lostValue !== undefined && input.lostValue.amount < 0)
      issues.push({ path: ["lostValue", "amount"], message: "a lost value is not negative" })
    return issues
  }),
  Schema.annotations({ identifier: "ChurnOpenCaseInput" }),
)

/**
 * The encoded form of {@link OpenCaseInput}.
 *
 * @example
 * ```ts
 * import type { Churn } from "@clientele/churn"
 *
 * const input: Churn.OpenCaseInputEncoded = { customerId: "cus-42", lostValue: { amount: 48000, currency: "EUR" }, by: "s1" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type OpenCaseInputEncoded = typeof OpenCaseInput.Encoded

/**
 * What `addLesson` takes: what was learned, its root cause, the investigated cases
 * it comes from, optionally the departments and owners to route it to at once
 * (CHN-6), and the staff member recording it.
 *
 * @example
 * ```ts
 * import type { Churn } from "@clientele/churn"
 *
 * const input: Churn.AddLessonInputEncoded = {
 *   title: "Call back within a day after a failed delivery",
 *   description: "Customers left after waiting a week for a call about a missed delivery.",
 *   rootCause: "late-delivery",
 *   caseIds: ["case-1"],
 *   routes: [{ department: "process", owner: "ops-2" }],
 *   by: "lead-1",
 * }
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const AddLessonInput = Schema.Struct({
  title: Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(200)),
  description: Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(4000)),
  rootCause: Lesson.RootCause,
  caseIds: Schema.NonEmptyArray(Ids.IdString),
  routes: Schema.optionalWith(Schema.Array(Lesson.RouteInput), { default: () => [] }),
  by: Ids.StaffId,
}).annotations({ identifier: "ChurnAddLessonInput" })

/**
 * The encoded form of {@link AddLessonInput}.
 *
 * @example
 * ```ts
 * import type { Churn } from "@clientele/churn"
 *
 * const unrouted: Churn.AddLessonInputEncoded = {
 *   title: "Match the online price in store",
 *   description: "Customers compared our shelf price with our own web shop.",
 *   rootCause: "price-mismatch",
 *   caseIds: ["case-2"],
 *   by: "lead-1",
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type AddLessonInputEncoded = typeof AddLessonInput.Encoded

/**
 * What `startImprovement` takes: a lesson's improvement without its id (the service
 * gives it one) — see `Lesson.ImprovementInput`.
 *
 * @example
 * ```ts
 * import type { Churn } from "@clientele/churn"
 *
 * const input: Churn.StartImprovementInput = { department: "process", tracker: "pm-4", priority: "high" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type StartImprovementInput = Omit<Lesson.ImprovementInputEncoded, "id">

/**
 * The range of a report: cases opened and lessons recorded in `[from, to)`, money in
 * `currency`, and optionally how many days without progress make an improvement
 * need attention (default 30).
 *
 * @example
 * ```ts
 * import { Churn } from "@clientele/churn"
 * import * as Schema from "effect/Schema"
 *
 * const range = Schema.decodeUnknownSync(Churn.ReportRange)({ from: Date.UTC(2024, 0, 1), to: Date.UTC(2024, 6, 1), currency: "EUR" })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ReportRange = Schema.Struct({
  from: Period.Instant,
  to: Period.Instant,
  currency: Money.CurrencyCode,
  staleAfterDays: Schema.optional(Schema.Int.pipe(Schema.between(1, 3650))),
}).pipe(
  Schema.filter((range) =>
    range.from < range.to ? undefined : { path: ["to"], message: "the range ends after it starts" },
  ),
  Schema.annotations({ identifier: "ChurnReportRange" }),
)

/**
 * The encoded form of {@link ReportRange}.
 *
 * @example
 * ```ts
 * import type { Churn } from "@clientele/churn"
 *
 * const half: Churn.ReportRangeEncoded = { from: Date.UTC(2024, 0, 1), to: Date.UTC(2024, 6, 1), currency: "EUR" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type ReportRangeEncoded = typeof ReportRange.Encoded

/**
 * Options of the commands that create a record (`openCase`, `addLesson`,
 * `startImprovement`): an idempotency key, so that a retried request returns the
 * record created the first time instead of creating another.
 *
 * @remarks
 * A key is 1 to 200 characters without control characters, and names one request of
 * one command: the same key with the same request returns the stored record (as it
 * is now, with any later steps), with a different request it fails with
 * {@link IdempotencyKeyConflictError}. A key used with `openCase` and the same key
 * used with `addLesson` are independent. Keys are kept for good (no expiry), as the
 * records they name are.
 *
 * @example
 * ```ts
 * import type { Churn } from "@clientele/churn"
 *
 * const options: Churn.RequestOptions = { idempotencyKey: "crm-7f3a" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface RequestOptions {
  readonly idempotencyKey?: string | undefined
}

/**
 * The errors of the commands that change a case.
 *
 * @example
 * ```ts
 * import type { Churn } from "@clientele/churn"
 *
 * declare const error: Churn.CaseError
 * error._tag
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export type CaseError =
  | Errors.ValidationError
  | Errors.NotFoundError
  | Errors.InvalidTransitionError
  | StoreError.StoreError

/**
 * The `Churn` service's shape.
 *
 * @example
 * ```ts
 * import type { Churn } from "@clientele/churn"
 *
 * declare const service: Churn.ChurnService
 * service.openCase
 * ```
 *
 * @since 0.1.0
 * @category services
 */
export interface ChurnService {
  /** Saves a detection policy version; other content under a saved version fails with {@link PolicyVersionConflictError}. */
  readonly savePolicy: (
    tenant: Ids.TenantId,
    input: Detection.PolicyInput,
  ) => Effect.Effect<
    Detection.DetectionPolicy,
    Errors.ValidationError | PolicyVersionConflictError | StoreError.StoreError
  >
  /** A saved detection policy version. */
  readonly getPolicy: (
    tenant: Ids.TenantId,
    reference: { readonly id: string; readonly version: number },
  ) => Effect.Effect<
    Detection.DetectionPolicy,
    Errors.ValidationError | Errors.NotFoundError | StoreError.StoreError
  >
  /**
   * Detects with a saved policy version over a customer base and stores the run with
   * its candidates in one transaction (CHN-1). Recording a run id again returns the
   * stored run when the policy and the result agree, and fails with
   * {@link RunConflictError} when they differ.
   */
  readonly recordRun: (
    tenant: Ids.TenantId,
    run: RunInputEncoded,
    input: Detection.DetectionInput,
  ) => Effect.Effect<
    DetectionRun,
    Errors.ValidationError | Errors.NotFoundError | RunConflictError | StoreError.StoreError
  >
  /** A recorded run. */
  readonly getRun: (
    tenant: Ids.TenantId,
    runId: string,
  ) => Effect.Effect<DetectionRun, Errors.NotFoundError | StoreError.StoreError>
  /** A run's candidates in detection order, optionally of one status. */
  readonly candidates: (
    tenant: Ids.TenantId,
    runId: string,
    filter?: { readonly status?: Detection.Status | undefined },
  ) => Effect.Effect<ReadonlyArray<StoredCandidate>, StoreError.StoreError>
  /**
   * Opens a case from a run's candidate or by hand; the candidate records the case.
   * A customer has at most one case not closed ({@link CaseAlreadyOpenError}). A
   * retry with the same idempotency key returns the case opened the first time.
   */
  readonly openCase: (
    tenant: Ids.TenantId,
    input: OpenCaseInputEncoded,
    options?: RequestOptions,
  ) => Effect.Effect<
    ChurnCase.ChurnCase,
    | Errors.ValidationError
    | Errors.NotFoundError
    | CaseAlreadyOpenError
    | IdempotencyKeyConflictError
    | StoreError.StoreError
  >
  /** Records the investigation's findings (CHN-2, CHN-3). */
  readonly investigate: (
    tenant: Ids.TenantId,
    caseId: string,
    findings: ChurnCase.FindingsInput,
    by: string,
  ) => Effect.Effect<ChurnCase.ChurnCase, CaseError>
  /** Decides whether the customer can be won back and by whom (CHN-4). */
  readonly decideRecovery: (
    tenant: Ids.TenantId,
    caseId: string,
    decision: ChurnCase.RecoveryInputEncoded,
    by: string,
  ) => Effect.Effect<ChurnCase.ChurnCase, CaseError>
  /** Decides whether and where the product can be improved (CHN-5). */
  readonly decideImprovability: (
    tenant: Ids.TenantId,
    caseId: string,
    decision: ChurnCase.ImprovabilityInputEncoded,
    by: string,
  ) => Effect.Effect<ChurnCase.ChurnCase, CaseError>
  /** Closes a case won back or lost; the customer may then have a new case. */
  readonly recordOutcome: (
    tenant: Ids.TenantId,
    caseId: string,
    outcome: ChurnCase.OutcomeInputEncoded,
    by: string,
  ) => Effect.Effect<ChurnCase.ChurnCase, CaseError>
  /** A stored case. */
  readonly getCase: (
    tenant: Ids.TenantId,
    caseId: string,
  ) => Effect.Effect<ChurnCase.ChurnCase, Errors.NotFoundError | StoreError.StoreError>
  /** The cases of a customer, in a status, or of a recovery owner (or all), oldest first. */
  readonly cases: (
    tenant: Ids.TenantId,
    filter?: {
      readonly customerId?: string | undefined
      readonly status?: ChurnCase.CaseStatus | undefined
      readonly owner?: string | undefined
    },
  ) => Effect.Effect<ReadonlyArray<ChurnCase.ChurnCase>, StoreError.StoreError>
  /**
   * Records a lesson learned from investigated cases, routed at once if routes are
   * given (CHN-6). A retry with the same idempotency key returns the lesson recorded
   * the first time.
   */
  readonly addLesson: (
    tenant: Ids.TenantId,
    input: AddLessonInputEncoded,
    options?: RequestOptions,
  ) => Effect.Effect<
    Lesson.Lesson,
    | Errors.ValidationError
    | Errors.NotFoundError
    | IdempotencyKeyConflictError
    | StoreError.StoreError
  >
  /** Routes a lesson to a department and its owner (CHN-6). */
  readonly routeLesson: (
    tenant: Ids.TenantId,
    lessonId: string,
    route: Lesson.RouteInputEncoded,
    by: string,
  ) => Effect.Effect<
    Lesson.Lesson,
    Errors.ValidationError | Errors.NotFoundError | StoreError.StoreError
  >
  /** A stored lesson. */
  readonly getLesson: (
    tenant: Ids.TenantId,
    lessonId: string,
  ) => Effect.Effect<Lesson.Lesson, Errors.NotFoundError | StoreError.StoreError>
  /** The lessons, oldest first, optionally those routed to one department. */
  readonly lessons: (
    tenant: Ids.TenantId,
    filter?: { readonly department?: Lesson.Department | undefined },
  ) => Effect.Effect<ReadonlyArray<Lesson.Lesson>, StoreError.StoreError>
  /** The table of every lesson by department (CHN-6). */
  readonly lessonTable: (
    tenant: Ids.TenantId,
  ) => Effect.Effect<Lesson.LessonTable, StoreError.StoreError>
  /**
   * Starts an improvement from a lesson with its named tracker (CHN-7). A retry with
   * the same idempotency key (and the same lesson, input and `by`) returns the
   * improvement started the first time.
   */
  readonly startImprovement: (
    tenant: Ids.TenantId,
    lessonId: string,
    input: StartImprovementInput,
    by: string,
    options?: RequestOptions,
  ) => Effect.Effect<
    Lesson.TrackedImprovement,
    | Errors.ValidationError
    | Errors.NotFoundError
    | IdempotencyKeyConflictError
    | StoreError.StoreError
  >
  /** Moves an improvement to planned, in progress or dropped (CMP-13's status machine). */
  readonly advanceImprovement: (
    tenant: Ids.TenantId,
    improvementId: string,
    to: Lesson.Advance,
    by: string,
  ) => Effect.Effect<Lesson.TrackedImprovement, CaseError>
  /** Records a progress note of an improvement (CHN-7). */
  readonly recordProgress: (
    tenant: Ids.TenantId,
    improvementId: string,
    progress: Lesson.ProgressInputEncoded,
    by: string,
  ) => Effect.Effect<Lesson.TrackedImprovement, CaseError>
  /** Hands an improvement's tracking to another named person (CHN-7). */
  readonly assignTracker: (
    tenant: Ids.TenantId,
    improvementId: string,
    tracker: string,
    by: string,
  ) => Effect.Effect<Lesson.TrackedImprovement, CaseError>
  /** Completes an improvement with its result (CHN-7). */
  readonly completeImprovement: (
    tenant: Ids.TenantId,
    improvementId: string,
    input: { readonly result?: string | undefined },
    by: string,
  ) => Effect.Effect<Lesson.TrackedImprovement, CaseError>
  /** A stored improvement. */
  readonly getImprovement: (
    tenant: Ids.TenantId,
    improvementId: string,
  ) => Effect.Effect<Lesson.TrackedImprovement, Errors.NotFoundError | StoreError.StoreError>
  /** The improvements of a lesson, in a status, or of a tracker (or all), oldest first. */
  readonly improvements: (
    tenant: Ids.TenantId,
    filter?: {
      readonly lessonId?: string | undefined
      readonly status?: Insight.ImprovementStatus | undefined
      readonly tracker?: string | undefined
    },
  ) => Effect.Effect<ReadonlyArray<Lesson.TrackedImprovement>, StoreError.StoreError>
  /**
   * The churn report: reasons, destinations and recovery over the cases opened in
   * the range, lessons per department over the lessons recorded in it, and every
   * improvement that needs attention now.
   */
  readonly report: (
    tenant: Ids.TenantId,
    range: ReportRangeEncoded,
  ) => Effect.Effect<
    Reports.ChurnReport,
    Errors.ValidationError | Money.MoneyOverflowError | StoreError.StoreError
  >
}

/**
 * The service tag.
 *
 * @example
 * ```ts
 * import { Churn } from "@clientele/churn"
 * import * as Effect from "effect/Effect"
 *
 * const program = Effect.gen(function* () {
 *   const churn = yield* Churn.Churn
 *   return churn
 * })
 * ```
 *
 * @since 0.1.0
 * @category services
 */
export class Churn extends Context.Tag("@clientele/churn/Churn")<Churn, ChurnService>() {}

// --- collections ------------------------------------------------------------------

const policyKey = (reference: { readonly id: string; readonly version: number }) =>
  `${reference.id}|${reference.version}`

// No subject: a detection policy is the company's, about no customer.
const policies = Collection.make({
  name: "churn-policies",
  schema: Detection.DetectionPolicy,
  id: policyKey,
})

// No subject: a run keeps counts over all customers, never one customer's figures.
const runs = Collection.make({
  name: "churn-runs",
  schema: DetectionRun,
  id: (run) => run.id,
  indexes: { recordedAt: (run) => run.recordedAt },
})

const candidateRecords = Collection.make({
  name: "churn-candidates",
  schema: StoredCandidate,
  id: (candidate) => `${candidate.runId}#${candidate.row}`,
  indexes: {
    runId: (candidate) => candidate.runId,
    customerId: (candidate) => candidate.customerId,
    status: (candidate) => candidate.status,
    row: (candidate) => candidate.row,
  },
  subject: { index: "customerId" },
})

const caseRecords = Collection.make({
  name: "churn-cases",
  schema: ChurnCase.ChurnCase,
  id: (churnCase) => churnCase.id,
  indexes: {
    customerId: (churnCase) => churnCase.customerId,
    status: (churnCase) => churnCase.status,
    openedAt: (churnCase) => churnCase.openedAt,
    owner: (churnCase) => churnCase.recovery?.owner ?? null,
  },
  subject: { index: "customerId" },
})

/** The case not closed of a customer: its id is the customer's, so a second one is a duplicate. */
const ActiveCase = Schema.Struct({ customerId: Ids.CustomerId, caseId: Ids.IdString })

const activeCases = Collection.make({
  name: "churn-active-cases",
  schema: ActiveCase,
  id: (active) => active.customerId,
  // the id is the customer's, but an erasure finds documents by index, not by id
  indexes: { customerId: (active) => active.customerId },
  subject: { index: "customerId" },
})

/**
 * What each creating command creates, as its `NotFoundError` and
 * `IdempotencyKeyConflictError` name it.
 */
const createdEntity = {
  openCase: "churn case",
  addLesson: "lesson",
  startImprovement: "improvement",
} as const

/** A command that creates a record and takes an idempotency key. */
type CreatingCommand = keyof typeof createdEntity

/**
 * An idempotency key: at most 200 characters, so that the command's name in front
 * of it keeps the stored id within the store's 256 characters.
 */
const IdempotencyKey = Ids.IdString.pipe(
  Schema.maxLength(200, { message: () => "an idempotency key is at most 200 characters" }),
)

/**
 * A used idempotency key: the command it was used with, the id of the record that
 * command created, and the fingerprint of the decoded request, which a retry must
 * match.
 */
const RequestKey = Schema.Struct({
  command: Schema.Literal("openCase", "addLesson", "startImprovement"),
  key: IdempotencyKey,
  id: Ids.IdString,
  fingerprint: Schema.String,
})

/** Namespaced by the command: the same key string for a case and a lesson does not collide. */
const requestKeyId = (command: CreatingCommand, key: string) => `${command}:${key}`

// No subject: a key holds the caller's key, a record id and a hash of the request.
const requestKeys = Collection.make({
  name: "churn-request-keys",
  schema: RequestKey,
  id: (used) => requestKeyId(used.command, used.key),
})

// No subject: a lesson is what the company learned from several cases, written by
// staff for departments (no field of it is marked personal).
const lessonRecords = Collection.make({
  name: "churn-lessons",
  schema: Lesson.Lesson,
  id: (lesson) => lesson.id,
  indexes: { recordedAt: (lesson) => lesson.recordedAt },
})

// No subject: an improvement is the company's work, tracked by staff.
const improvementRecords = Collection.make({
  name: "churn-improvements",
  schema: Lesson.TrackedImprovement,
  id: (tracked) => tracked.improvement.id,
  indexes: {
    lessonId: (tracked) => tracked.lessonId,
    status: (tracked) => tracked.improvement.status,
    tracker: (tracked) => tracked.tracker,
    createdAt: (tracked) => tracked.improvement.createdAt,
  },
})

/**
 * Every collection the service writes, each with the subject its documents are
 * about (candidates, cases and active-case markers by customer; policies, runs,
 * idempotency keys, lessons and improvements name no customer): pass it to the
 * archive service so that an erasure covers this package's data.
 *
 * @example
 * ```ts
 * import { Churn } from "@clientele/churn"
 *
 * const names = Churn.collections.map((collection) => collection.name)
 * // ["churn-policies", "churn-runs", "churn-candidates", "churn-cases", …]
 * ```
 *
 * @since 0.1.0
 * @category services
 */
export const collections: ReadonlyArray<Collection.AnyCollection> = [
  policies,
  runs,
  candidateRecords,
  caseRecords,
  activeCases,
  requestKeys,
  lessonRecords,
  improvementRecords,
]

// --- pure steps -------------------------------------------------------------------

/** What `startImprovement` takes: a lesson's improvement without the id the service gives it. */
const ImprovementRequest = Lesson.ImprovementInput.omit("id")

const sameSummary = Schema.equivalence(Detection.DetectionSummary)

/** A run recorded again agrees with the stored one when its policy, unit and summary do. */
const sameRun = (stored: DetectionRun, result: Detection.DetectionResult): boolean =>
  stored.policy.id === result.policy.id &&
  stored.policy.version === result.policy.version &&
  stored.timeUnit === result.timeUnit &&
  sameSummary(stored.summary, result.summary)

/** How many write operations go into one `bulkWrite` of a large run (all in one transaction). */
const WRITE_BATCH = 500

// --- the service ------------------------------------------------------------------

/** Another writer changed a document read by the transaction: run it again on fresh state. */
const conflicted = StoreError.hasReason("Conflict")
const duplicated = StoreError.hasReason("Duplicate")

const RETRIES = 5

/**
 * Builds the service over the `Store`.
 *
 * @example
 * ```ts
 * import { Churn } from "@clientele/churn"
 * import { MemoryStore } from "@clientele/store"
 * import * as Effect from "effect/Effect"
 *
 * const service = Effect.provide(Churn.make, MemoryStore.layer)
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: Effect.Effect<ChurnService, never, Store.Store> = Effect.gen(function* () {
  const store = yield* Store.Store
  const provide = Effect.provideService(Store.Store, store)

  const decodeRun = Errors.decode(RunInput)
  const decodeReference = Errors.decode(Detection.PolicyReference)
  const decodeOpen = Errors.decode(OpenCaseInput)
  const decodeLesson = Errors.decode(AddLessonInput)
  const decodeImprovement = Errors.decode(ImprovementRequest)
  const decodeRange = Errors.decode(ReportRange)
  const decodeId = (path: string) => Errors.decodeAt(Ids.IdString, [path])
  const decodeStaff = (path: string) => Errors.decodeAt(Ids.StaffId, [path])
  const decodeKey = (options: RequestOptions | undefined) =>
    options?.idempotencyKey === undefined
      ? Effect.succeed(undefined)
      : Errors.decodeAt(IdempotencyKey, ["idempotencyKey"])(options.idempotencyKey)

  /** Queries over declared indexes built here: a refused one is a bug, not input. */
  const values = <A, K extends string>(
    collection: Collection.Collection<A, K>,
    tenant: Ids.TenantId,
    query: Omit<Collection.CollectionQuery<K>, "limit" | "cursor">,
  ) => provide(Collection.valuesOf(collection, tenant, query))

  const load = <A, K extends string>(
    collection: Collection.Collection<A, K>,
    entity: string,
    tenant: Ids.TenantId,
    id: string,
  ) =>
    Effect.flatMap(collection.get(tenant, id), (found) =>
      Option.isSome(found)
        ? Effect.succeed(found.value)
        : Effect.fail(new Errors.NotFoundError({ entity, id })),
    )

  /** Writes operations in batches inside the caller's transaction: all or none. */
  const writeAll = (tenant: Ids.TenantId, operations: ReadonlyArray<Store.WriteOperation>) =>
    Effect.gen(function* () {
      for (let start = 0; start < operations.length; start += WRITE_BATCH)
        yield* store.bulkWrite(tenant, operations.slice(start, start + WRITE_BATCH))
    })

  /**
   * Creates a record once per idempotency key (openCase, addLesson, startImprovement),
   * in one transaction with the key. A key already used by the command returns the
   * record it created, as stored now, when the request's fingerprint is the same, and
   * fails with `IdempotencyKeyConflictError` when it is not; otherwise `create` decides
   * the record and the writes that go with it, and the record, those writes and the
   * key are written at once. A concurrent writer of the key (or of another unique
   * document) makes the transaction run again on fresh state, where the retry finds
   * the winner's key and returns its record.
   */
  const createOnce = <A, K extends string, E>(
    tenant: Ids.TenantId,
    command: CreatingCommand,
    records: Collection.Collection<A, K>,
    request: { readonly key: string | undefined; readonly fingerprint: string },
    create: Effect.Effect<
      { readonly created: A; readonly alongside: ReadonlyArray<Store.WriteOperation> },
      E,
      Store.Store
    >,
  ) =>
    provide(
      store
        .transaction(
          Effect.gen(function* () {
            const { key, fingerprint } = request
            const entity = createdEntity[command]
            if (key !== undefined) {
              const used = yield* requestKeys.get(tenant, requestKeyId(command, key))
              if (Option.isSome(used)) {
                const { id } = used.value.value
                if (used.value.value.fingerprint !== fingerprint)
                  return yield* new IdempotencyKeyConflictError({ key, entity, id })
                return (yield* load(records, entity, tenant, id)).value
              }
            }
            const { created, alongside } = yield* create
            const operations: Array<Store.WriteOperation> = [
              yield* records.operations.insert(created),
              ...alongside,
            ]
            if (key !== undefined)
              operations.push(
                yield* requestKeys.operations.insert({
                  command,
                  key,
                  id: records.idOf(created),
                  fingerprint,
                }),
              )
            yield* store.bulkWrite(tenant, operations)
            return created
          }),
        )
        .pipe(
          Effect.retry({
            while: (error) => conflicted(error) || duplicated(error),
            times: RETRIES,
          }),
        ),
    )

  const savePolicy: ChurnService["savePolicy"] = Effect.fn("Churn.savePolicy")(
    function* (tenant, input) {
      const policy = yield* Detection.decodeEither(input)
      return yield* provide(
        policies.insertImmutable(
          tenant,
          policy,
          () => new PolicyVersionConflictError({ id: policy.id, version: policy.version }),
        ),
      )
    },
  )

  const loadPolicy = (tenant: Ids.TenantId, reference: Detection.PolicyReference) =>
    Effect.flatMap(policies.get(tenant, policyKey(reference)), (found) =>
      Option.isSome(found)
        ? Effect.succeed(found.value.value)
        : Effect.fail(
            new Errors.NotFoundError({
              entity: "detection policy",
              id: `${reference.id} v${reference.version}`,
            }),
          ),
    )

  const getPolicy: ChurnService["getPolicy"] = Effect.fn("Churn.getPolicy")(
    function* (tenant, input) {
      const reference = yield* decodeReference(input)
      return yield* provide(loadPolicy(tenant, reference))
    },
  )

  const recordRun: ChurnService["recordRun"] = Effect.fn("Churn.recordRun")(
    function* (tenant, runInput, input) {
      const { runId, policy: reference } = yield* decodeRun(runInput)
      const now = yield* Clock.currentTimeMillis
      return yield* provide(
        store
          .transaction(
            Effect.gen(function* () {
              const policy = yield* loadPolicy(tenant, reference)
              const result = yield* Detection.detect(policy, input)
              const existing = yield* runs.get(tenant, runId)
              if (Option.isSome(existing)) {
                if (!sameRun(existing.value.value, result))
                  return yield* new RunConflictError({ runId })
                return existing.value.value
              }
              const seen = new Map<string, number>()
              const issues: Array<Errors.ValidationIssue> = []
              result.candidates.forEach((candidate, row) => {
                const earlier = seen.get(candidate.customerId)
                if (earlier !== undefined)
                  issues.push({
                    path: ["customerIds"],
                    message: `customer ${candidate.customerId} is in the base twice (candidates ${earlier} and ${row})`,
                  })
                seen.set(candidate.customerId, row)
              })
              if (issues.length > 0)
                return yield* Errors.ValidationError.fromIssues(issues.slice(0, 20))
              const run: DetectionRun = {
                id: runId,
                policy: result.policy,
                timeUnit: result.timeUnit,
                summary: result.summary,
                recordedAt: now,
              }
              const operations: Array<Store.WriteOperation> = [yield* runs.operations.insert(run)]
              for (let row = 0; row < result.candidates.length; row++)
                operations.push(
                  yield* candidateRecords.operations.insert({
                    ...(result.candidates[row] as Detection.Candidate),
                    runId,
                    row,
                  }),
                )
              yield* writeAll(tenant, operations)
              return run
            }),
          )
          .pipe(
            // A concurrent record of the same run inserted it first: compare with it.
            Effect.retry({
              while: (error) => conflicted(error) || duplicated(error),
              times: RETRIES,
            }),
          ),
      )
    },
  )

  const getRun: ChurnService["getRun"] = (tenant, runId) =>
    provide(Effect.map(load(runs, "detection run", tenant, runId), (entry) => entry.value))

  const listCandidates: ChurnService["candidates"] = (tenant, runId, filter) =>
    values(candidateRecords, tenant, {
      where: { runId, status: filter?.status },
      orderBy: { index: "row" },
    })

  const openCase: ChurnService["openCase"] = Effect.fn("Churn.openCase")(
    function* (tenant, input, options) {
      const request = yield* decodeOpen(input)
      const key = yield* decodeKey(options)
      const fingerprint = Ids.fingerprint(Schema.encodeSync(OpenCaseInput)(request))
      const now = yield* Clock.currentTimeMillis
      return yield* createOnce(
        tenant,
        "openCase",
        caseRecords,
        { key, fingerprint },
        Effect.gen(function* () {
          const active = yield* activeCases.get(tenant, request.customerId)
          if (Option.isSome(active))
            return yield* new CaseAlreadyOpenError({
              customerId: request.customerId,
              caseId: active.value.value.caseId,
            })
          const id = Ids.timeOrdered("chn", now)
          const alongside: Array<Store.WriteOperation> = []
          let opened: ChurnCase.ChurnCase
          if (request.runId !== undefined) {
            const runId = request.runId
            const run = (yield* load(runs, "detection run", tenant, runId)).value
            const page = yield* candidateRecords
              .query(tenant, { where: { runId, customerId: request.customerId }, limit: 1 })
              .pipe(Effect.catchTag("ValidationError", (error) => Effect.die(error)))
            const found = page.entries[0]
            if (found === undefined)
              return yield* new Errors.NotFoundError({
                entity: "churn candidate",
                id: `${runId}/${request.customerId}`,
              })
            opened = yield* ChurnCase.fromCandidate(
              found.value,
              { runId, policy: run.policy },
              { id, at: now, by: request.by, lostValue: request.lostValue },
            )
            alongside.push(
              yield* candidateRecords.operations.update(
                { ...found.value, caseId: id },
                found.version,
              ),
            )
          } else {
            opened = yield* ChurnCase.open({
              id,
              customerId: request.customerId,
              origin:
                request.reason === undefined
                  ? { _tag: "Manual" }
                  : { _tag: "Manual", reason: request.reason },
              ...(request.lostValue === undefined
                ? {}
                : {
                    lostValue: {
                      amount: request.lostValue.amount,
                      currency: request.lostValue.currency,
                    },
                  }),
              at: now,
              by: request.by,
            })
          }
          // The customer's open-case marker: a concurrent opening inserts it first and wins.
          alongside.unshift(
            yield* activeCases.operations.insert({
              customerId: opened.customerId,
              caseId: opened.id,
            }),
          )
          return { created: opened, alongside }
        }),
      )
    },
  )

  /** Changes a case in one compare-and-set; a closing change also frees the customer. */
  const changeCase = (
    name: string,
    tenant: Ids.TenantId,
    caseIdInput: string,
    byInput: string,
    change: (
      churnCase: ChurnCase.ChurnCase,
      step: ChurnCase.Change,
    ) => Either.Either<ChurnCase.ChurnCase, Errors.ValidationError | Errors.InvalidTransitionError>,
  ) =>
    Effect.gen(function* () {
      const caseId = yield* decodeId("caseId")(caseIdInput)
      const by = yield* decodeStaff("by")(byInput)
      const now = yield* Clock.currentTimeMillis
      return yield* provide(
        store
          .transaction(
            Effect.gen(function* () {
              const entry = yield* load(caseRecords, "churn case", tenant, caseId)
              const current = entry.value
              // The clock of another server may lag the last step: the history stays in order.
              const at = Math.max(now, ChurnCase.updatedAt(current))
              const next = yield* change(current, { at, by })
              const operations: Array<Store.WriteOperation> = [
                yield* caseRecords.operations.update(next, entry.version),
              ]
              if (ChurnCase.isClosed(next) && !ChurnCase.isClosed(current)) {
                const active = yield* activeCases.get(tenant, current.customerId)
                if (Option.isSome(active) && active.value.value.caseId === current.id)
                  operations.push(
                    activeCases.operations.delete(active.value.id, active.value.version),
                  )
              }
              yield* store.bulkWrite(tenant, operations)
              return next
            }),
          )
          .pipe(Effect.retry({ while: conflicted, times: RETRIES })),
      )
    }).pipe(Effect.withSpan(name))

  const investigate: ChurnService["investigate"] = (tenant, caseId, findings, by) =>
    changeCase("Churn.investigate", tenant, caseId, by, (current, step) =>
      ChurnCase.investigate(current, findings, step),
    )

  const decideRecovery: ChurnService["decideRecovery"] = (tenant, caseId, decision, by) =>
    changeCase("Churn.decideRecovery", tenant, caseId, by, (current, step) =>
      ChurnCase.decideRecovery(current, decision, step),
    )

  const decideImprovability: ChurnService["decideImprovability"] = (tenant, caseId, decision, by) =>
    changeCase("Churn.decideImprovability", tenant, caseId, by, (current, step) =>
      ChurnCase.decideImprovability(current, decision, step),
    )

  const recordOutcome: ChurnService["recordOutcome"] = (tenant, caseId, outcome, by) =>
    changeCase("Churn.recordOutcome", tenant, caseId, by, (current, step) =>
      ChurnCase.recordOutcome(current, outcome, step),
    )

  const getCase: ChurnService["getCase"] = (tenant, caseId) =>
    provide(Effect.map(load(caseRecords, "churn case", tenant, caseId), (entry) => entry.value))

  const listCases: ChurnService["cases"] = (tenant, filter) =>
    values(caseRecords, tenant, {
      where: { customerId: filter?.customerId, status: filter?.status, owner: filter?.owner },
      orderBy: { index: "openedAt" },
    })

  const addLesson: ChurnService["addLesson"] = Effect.fn("Churn.addLesson")(
    function* (tenant, input, options) {
      const request = yield* decodeLesson(input)
      const key = yield* decodeKey(options)
      const fingerprint = Ids.fingerprint(Schema.encodeSync(AddLessonInput)(request))
      const now = yield* Clock.currentTimeMillis
      return yield* createOnce(
        tenant,
        "addLesson",
        lessonRecords,
        { key, fingerprint },
        Effect.gen(function* () {
          const found = yield* caseRecords.getMany(tenant, request.caseIds)
          const byId = new Map(found.map((entry) => [entry.id, entry.value]))
          const issues: Array<Errors.ValidationIssue> = []
          for (const [index, caseId] of request.caseIds.entries()) {
            const churnCase = byId.get(caseId)
            if (churnCase === undefined)
              return yield* new Errors.NotFoundError({ entity: "churn case", id: caseId })
            if (churnCase.investigation === undefined)
              issues.push({
                path: ["caseIds", index],
                message: `CHN-6: a lesson is learned from investigated cases; ${caseId} is ${churnCase.status}`,
              })
          }
          if (issues.length > 0) return yield* Errors.ValidationError.fromIssues(issues)
          let lesson = yield* Lesson.record({
            id: Ids.timeOrdered("lsn", now),
            title: request.title,
            description: request.description,
            rootCause: request.rootCause,
            caseIds: request.caseIds,
            at: now,
            by: request.by,
          })
          for (const [index, routing] of request.routes.entries())
            lesson = yield* Either.mapLeft(
              Lesson.route(lesson, routing, { at: now, by: request.by }),
              Errors.under(["routes", index]),
            )
          return { created: lesson, alongside: [] }
        }),
      )
    },
  )

  const routeLesson: ChurnService["routeLesson"] = Effect.fn("Churn.routeLesson")(
    function* (tenant, lessonIdInput, routing, byInput) {
      const lessonId = yield* decodeId("lessonId")(lessonIdInput)
      const by = yield* decodeStaff("by")(byInput)
      const now = yield* Clock.currentTimeMillis
      return yield* provide(
        store
          .transaction(
            Effect.gen(function* () {
              const entry = yield* load(lessonRecords, "lesson", tenant, lessonId)
              const last = entry.value.history[entry.value.history.length - 1]?.at ?? now
              const next = yield* Lesson.route(entry.value, routing, {
                at: Math.max(now, last),
                by,
              })
              yield* lessonRecords.update(tenant, next, entry.version)
              return next
            }),
          )
          .pipe(Effect.retry({ while: conflicted, times: RETRIES })),
      )
    },
  )

  const getLesson: ChurnService["getLesson"] = (tenant, lessonId) =>
    provide(Effect.map(load(lessonRecords, "lesson", tenant, lessonId), (entry) => entry.value))

  const listLessons: ChurnService["lessons"] = (tenant, filter) =>
    Effect.map(values(lessonRecords, tenant, { orderBy: { index: "recordedAt" } }), (lessons) =>
      filter?.department === undefined
        ? lessons
        : lessons.filter((lesson) =>
            lesson.routes.some((routed) => routed.department === filter.department),
          ),
    )

  const lessonTable: ChurnService["lessonTable"] = (tenant) =>
    Effect.map(values(lessonRecords, tenant, {}), Lesson.tabulate)

  const startImprovement: ChurnService["startImprovement"] = Effect.fn("Churn.startImprovement")(
    function* (tenant, lessonIdInput, input, byInput, options) {
      const lessonId = yield* decodeId("lessonId")(lessonIdInput)
      const by = yield* decodeStaff("by")(byInput)
      const request = Schema.encodeSync(ImprovementRequest)(yield* decodeImprovement(input))
      const key = yield* decodeKey(options)
      // The same input for another lesson, or by someone else, is another request.
      const fingerprint = Ids.fingerprint({ lessonId, by, input: request })
      const now = yield* Clock.currentTimeMillis
      return yield* createOnce(
        tenant,
        "startImprovement",
        improvementRecords,
        { key, fingerprint },
        Effect.gen(function* () {
          const { value: lesson } = yield* load(lessonRecords, "lesson", tenant, lessonId)
          const tracked = yield* Lesson.startImprovement(
            lesson,
            { ...request, id: Ids.timeOrdered("imp", now) },
            { at: Math.max(now, lesson.recordedAt), by },
          )
          return { created: tracked, alongside: [] }
        }),
      )
    },
  )

  /** Changes an improvement in one compare-and-set. */
  const changeImprovement = (
    name: string,
    tenant: Ids.TenantId,
    idInput: string,
    byInput: string,
    change: (
      tracked: Lesson.TrackedImprovement,
      step: Lesson.Change,
    ) => Either.Either<
      Lesson.TrackedImprovement,
      Errors.ValidationError | Errors.InvalidTransitionError
    >,
  ) =>
    Effect.gen(function* () {
      const id = yield* decodeId("improvementId")(idInput)
      const by = yield* decodeStaff("by")(byInput)
      const now = yield* Clock.currentTimeMillis
      return yield* provide(
        store
          .transaction(
            Effect.gen(function* () {
              const entry = yield* load(improvementRecords, "improvement", tenant, id)
              const current = entry.value
              const latest = Math.max(
                current.improvement.history[current.improvement.history.length - 1]?.at ?? now,
                current.progress[current.progress.length - 1]?.at ?? now,
                current.assignments[current.assignments.length - 1]?.at ?? now,
              )
              const next = yield* change(current, { at: Math.max(now, latest), by })
              yield* improvementRecords.update(tenant, next, entry.version)
              return next
            }),
          )
          .pipe(Effect.retry({ while: conflicted, times: RETRIES })),
      )
    }).pipe(Effect.withSpan(name))

  const advanceImprovement: ChurnService["advanceImprovement"] = (tenant, id, to, by) =>
    changeImprovement("Churn.advanceImprovement", tenant, id, by, (current, step) =>
      Lesson.advance(current, to, step),
    )

  const recordProgress: ChurnService["recordProgress"] = (tenant, id, progress, by) =>
    changeImprovement("Churn.recordProgress", tenant, id, by, (current, step) =>
      Lesson.recordProgress(current, progress, step),
    )

  const assignTracker: ChurnService["assignTracker"] = (tenant, id, tracker, by) =>
    changeImprovement("Churn.assignTracker", tenant, id, by, (current, step) =>
      Lesson.assignTracker(current, tracker, step),
    )

  const completeImprovement: ChurnService["completeImprovement"] = (tenant, id, input, by) =>
    changeImprovement("Churn.completeImprovement", tenant, id, by, (current, step) =>
      Lesson.complete(current, input, step),
    )

  const getImprovement: ChurnService["getImprovement"] = (tenant, id) =>
    provide(Effect.map(load(improvementRecords, "improvement", tenant, id), (entry) => entry.value))

  const listImprovements: ChurnService["improvements"] = (tenant, filter) =>
    values(improvementRecords, tenant, {
      where: { lessonId: filter?.lessonId, status: filter?.status, tracker: filter?.tracker },
      orderBy: { index: "createdAt" },
    })

  const report: ChurnService["report"] = Effect.fn("Churn.report")(function* (tenant, input) {
    const range = yield* decodeRange(input)
    const now = yield* Clock.currentTimeMillis
    const cases = yield* values(caseRecords, tenant, {
      range: { index: "openedAt", gte: range.from, lt: range.to },
      orderBy: { index: "openedAt" },
    })
    const lessons = yield* values(lessonRecords, tenant, {
      range: { index: "recordedAt", gte: range.from, lt: range.to },
      orderBy: { index: "recordedAt" },
    })
    // Every improvement: those of the range's lessons are counted per department, and any
    // not closed may need attention whatever lesson it came from.
    const improvements = yield* values(improvementRecords, tenant, {
      orderBy: { index: "createdAt" },
    })
    return yield* Reports.churnReport(
      { cases, lessons, improvements },
      {
        from: range.from,
        to: range.to,
        currency: range.currency,
        now,
        attention:
          range.staleAfterDays === undefined ? {} : { staleAfterDays: range.staleAfterDays },
      },
    )
  })

  return Churn.of({
    savePolicy,
    getPolicy,
    recordRun,
    getRun,
    candidates: listCandidates,
    openCase,
    investigate,
    decideRecovery,
    decideImprovability,
    recordOutcome,
    getCase,
    cases: listCases,
    addLesson,
    routeLesson,
    getLesson,
    lessons: listLessons,
    lessonTable,
    startImprovement,
    advanceImprovement,
    recordProgress,
    assignTracker,
    completeImprovement,
    getImprovement,
    improvements: listImprovements,
    report,
  })
})

// --- layers -----------------------------------------------------------------------

/**
 * The service's layer over a `Store`.
 *
 * @example
 * ```ts
 * import { Churn } from "@clientele/churn"
 * import { MemoryStore } from "@clientele/store"
 * import * as Layer from "effect/Layer"
 *
 * const live = Churn.layer.pipe(Layer.provide(MemoryStore.layer))
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<Churn, never, Store.Store> = Layer.effect(Churn, make)

/**
 * The Promise API: the service's methods as plain async functions over a store
 * layer. Rejections are the same tagged errors.
 *
 * @example
 * ```ts
 * import { Churn } from "@clientele/churn"
 * import { Ids } from "@clientele/core"
 * import { MemoryStore } from "@clientele/store"
 *
 * const client = await Churn.makeClient(MemoryStore.layer)
 * const tenant = Ids.TenantId.make("acme")
 * await client.savePolicy(tenant, { id: "retail", version: 1 })
 * const run = await client.recordRun(tenant, { runId: "2024-06", policy: { id: "retail", version: 1 } }, {
 *   timeUnit: "days",
 *   customerIds: ["cus-1", "cus-2"],
 *   frequency: [4, 0],
 *   recency: [200, 0],
 *   age: [420, 400],
 *   pAlive: [0.3, 1],
 *   expectedPurchases: [0.2, 0.1],
 * })
 * const opened = await client.openCase(tenant, { customerId: "cus-1", runId: "2024-06", by: "s1" })
 * await client.close()
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeClient = <E>(
  store: Layer.Layer<Store.Store, E>,
): Promise<PromiseClient.PromiseClient<ChurnService>> =>
  PromiseClient.make(Churn, layer.pipe(Layer.provide(store)))

// --- errors -----------------------------------------------------------------------

/**
 * A detection policy version was saved again with different content (CHN-1): a
 * saved version never changes, so the runs made under it keep their meaning; save
 * the change as a new version.
 *
 * @example
 * ```ts
 * import { Churn } from "@clientele/churn"
 *
 * const error = new Churn.PolicyVersionConflictError({ id: "retail", version: 1 })
 * error.message
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class PolicyVersionConflictError extends Schema.TaggedError<PolicyVersionConflictError>(
  "@clientele/churn/PolicyVersionConflictError",
)("PolicyVersionConflictError", {
  id: Schema.String,
  version: Schema.Number,
}) {
  /** The rule that refuses it. */
  readonly rule = "CHN-1"
  override get message(): string {
    return `CHN-1: detection policy ${this.id} v${this.version} is already saved with different content; save the change under a new version`
  }
}

/**
 * A run id was recorded again with a different policy version or a different
 * result: a run id names one detection, whose run it returns on every retry.
 *
 * @example
 * ```ts
 * import { Churn } from "@clientele/churn"
 *
 * const error = new Churn.RunConflictError({ runId: "2024-06" })
 * error.message
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class RunConflictError extends Schema.TaggedError<RunConflictError>(
  "@clientele/churn/RunConflictError",
)("RunConflictError", {
  runId: Schema.String,
}) {
  override get message(): string {
    return `detection run ${this.runId} is already recorded with a different policy or result; record the new detection under a new run id`
  }
}

/**
 * The customer already has a case that is not closed: one case at a time carries
 * the customer's story; close it (won back or lost) before opening another.
 *
 * @example
 * ```ts
 * import { Churn } from "@clientele/churn"
 *
 * const error = new Churn.CaseAlreadyOpenError({ customerId: "cus-42", caseId: "chn-1" })
 * error.message
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class CaseAlreadyOpenError extends Schema.TaggedError<CaseAlreadyOpenError>(
  "@clientele/churn/CaseAlreadyOpenError",
)("CaseAlreadyOpenError", {
  customerId: Schema.String,
  caseId: Schema.String,
}) {
  override get message(): string {
    return `customer ${this.customerId} already has the open churn case ${this.caseId}`
  }
}

/**
 * An idempotency key was used again with the same command for a different request:
 * a key names one request, whose record it returns on every retry. The error names
 * the key, what the first request created (`entity`: a churn case, a lesson or an
 * improvement) and that record's `id`.
 *
 * @example
 * ```ts
 * import { Churn } from "@clientele/churn"
 *
 * const error = new Churn.IdempotencyKeyConflictError({ key: "crm-7f3a", entity: "lesson", id: "lsn-1" })
 * error.message // "the idempotency key crm-7f3a was already used for another request, which created lesson lsn-1"
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class IdempotencyKeyConflictError extends Schema.TaggedError<IdempotencyKeyConflictError>(
  "@clientele/churn/IdempotencyKeyConflictError",
)("IdempotencyKeyConflictError", {
  key: Schema.String,
  entity: Schema.Literal("churn case", "lesson", "improvement"),
  id: Schema.String,
}) {
  override get message(): string {
    return `the idempotency key ${this.key} was already used for another request, which created ${this.entity} ${this.id}`
  }
}
