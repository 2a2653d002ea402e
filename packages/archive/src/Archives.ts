/**
 * The `Archives` service: customer archives, their yearly reviews, retention
 * policies, legal holds, the disposal sweep and erasure requests over the storage
 * port (ARC-1 … ARC-4), across the collections of every package.
 *
 * The service is given the collections it covers (`sources`: each package exports
 * its own, e.g. `Complaints.collections`). From their schemas it knows which fields
 * are personal (`Personal.personal`), and from their `subject` declarations how to
 * find a person's documents through indexes — so a new package is covered by
 * marking its fields and declaring its subject index, never by new erasure code.
 *
 * - ARC-1, ARC-2: `fileArchive`, `refile`, `addNote`, `addTestimonial`,
 *   `reviewArchive`, `getArchive`, `archivesByClass`; `saveReviewPolicy`,
 *   `overdueReviews`, `adjustmentIndex`.
 * - ARC-3: `retire` records a screened candidate's retirement, `restore` undoes it
 *   inside its grace window, `retirements` lists them.
 * - ARC-4: `saveRetentionPolicy`; `placeHold`, `releaseHold`, `holds`; `sweep`, the
 *   idempotent disposal sweep; `previewErasure` and `erase`, an erasure request
 *   across every source, with masked evidence (`erasures`).
 *
 * Every command decodes its input first (a `ValidationError` naming the path) and
 * writes the documents that change together in one store transaction with
 * compare-and-set on the versions it read; a refusal changes nothing. Legal holds
 * are read again inside each writing transaction, and placing or releasing a hold
 * bumps a register those transactions also write, so a hold placed while a sweep
 * or an erasure runs is either seen by it or placed after it committed — never
 * missed by a disposal that happens after it.
 *
 * @since 0.1.0
 */
import { Errors, Ids, Period, Personal, PromiseClient } from "@clientele/core"
import type { Policy as SegmentationPolicy } from "@clientele/segmentation"
import { Collection, Query, Store, StoreError } from "@clientele/store"
import * as Chunk from "effect/Chunk"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as Archive from "./Archive.js"
import * as Erasure from "./Erasure.js"
import * as Retention from "./Retention.js"
import * as Retirement from "./Retirement.js"
import * as Review from "./Review.js"

// --- options ----------------------------------------------------------------------

/**
 * How the service is set up:
 * - `sources`: every collection an erasure and a sweep cover — each package's
 *   `collections` list. The service's own archives are added to them.
 * - `maskingKey`: the secret (at least 16 characters) that masks the subject in the
 *   stored evidence of an erasure (`Erasure.maskSubject`). Keep it out of the
 *   database: whoever holds it can tell whether an evidence names a given person.
 * - `scheme`: the segmentation tier scheme archives are filed by (ARC-1); without
 *   it, any class name is accepted.
 * - `recordTypes`: the retention record type of a collection, by collection name
 *   (default: the collection's name), as the retention schedules name them.
 * - `dates`: extra names for a collection's dates. A record's dates are its numeric
 *   index values, by index name; `{ complaints: { created: "receivedAt" } }` lets a
 *   schedule triggered by `{ kind: "created" }` read the `receivedAt` index.
 *
 * @example
 * ```ts
 * import type { Archives } from "@clientele/archive"
 *
 * const options: Archives.Options = {
 *   sources: [],
 *   maskingKey: "a-long-secret-kept-in-the-vault",
 *   recordTypes: { "segmentation-transactions": "invoice" },
 *   dates: { "segmentation-transactions": { created: "at" } },
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  readonly sources: ReadonlyArray<Collection.AnyCollection>
  readonly maskingKey: string
  readonly scheme?: SegmentationPolicy.TierScheme | undefined
  readonly recordTypes?: Readonly<Record<string, string>> | undefined
  readonly dates?: Readonly<Record<string, Readonly<Record<string, string>>>> | undefined
}

// --- models and schemas -----------------------------------------------------------

/**
 * What `placeHold` takes: a legal hold without `placedAt` (the service's clock) and
 * without a release.
 *
 * @example
 * ```ts
 * import type { Archives } from "@clientele/archive"
 *
 * const hold: Archives.HoldInputEncoded = {
 *   id: "hold-lawsuit-7",
 *   scope: { subjectIds: ["cus-42"] },
 *   reason: "Claim 7/2025 about a faulty boiler",
 *   placedBy: "legal-1",
 *   mode: "governance",
 * }
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const HoldInput = Schema.Struct({
  id: Ids.IdString,
  scope: Retention.HoldScope,
  reason: Personal.personal(Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(2_000))),
  placedBy: Ids.StaffId,
  mode: Schema.Literal("governance", "compliance"),
  until: Schema.optional(Period.Instant),
}).annotations({ identifier: "ArchivesHoldInput" })

/**
 * The encoded form of {@link HoldInput}.
 *
 * @example
 * ```ts
 * import type { Archives } from "@clientele/archive"
 *
 * const locked: Archives.HoldInputEncoded = {
 *   id: "hold-audit-2025",
 *   scope: { recordTypes: ["invoice"] },
 *   reason: "Tax audit 2025",
 *   placedBy: "legal-1",
 *   mode: "compliance",
 *   until: Date.UTC(2026, 5, 30),
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type HoldInputEncoded = typeof HoldInput.Encoded

/**
 * What was done to a stored document by a sweep or an erasure: the collection and
 * the document's id, the action, when, the policy version and schedule that decided
 * it, the erasure request if one did, and the parent document it followed if it had
 * no schedule of its own (a complaint's history follows the complaint). It holds no personal value, so it stays
 * as the record that the document was disposed of — a later sweep skips it.
 *
 * @example
 * ```ts
 * import type { Archives } from "@clientele/archive"
 *
 * const deleted = (d: Archives.Disposition) => d.action === "delete"
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Disposition = Schema.Struct({
  collection: Schema.NonEmptyString,
  documentId: Ids.IdString,
  action: Retention.Action,
  at: Period.Instant,
  policyVersion: Schema.Int,
  scheduleId: Schema.optional(Ids.IdString),
  requestId: Schema.optional(Ids.IdString),
  parent: Schema.optional(
    Schema.Struct({ collection: Schema.NonEmptyString, documentId: Ids.IdString }),
  ),
}).annotations({ identifier: "ArchivesDisposition" })

/**
 * The type of {@link Disposition}.
 *
 * @example
 * ```ts
 * import type { Archives } from "@clientele/archive"
 *
 * const label = (d: Archives.Disposition) => `${d.collection}/${d.documentId}: ${d.action}`
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Disposition = typeof Disposition.Type

/**
 * What is kept of an erasure once it is carried out: the masked evidence (no raw
 * identifier, counts per record type and outcome) and the response to the subject,
 * with when it was done. Asking again with the same request id returns it unchanged.
 *
 * @example
 * ```ts
 * import type { Archives } from "@clientele/archive"
 *
 * const erasedRecords = (receipt: Archives.ErasureReceipt) =>
 *   receipt.evidence.counts.filter((row) => row.outcome !== "retain").reduce((n, row) => n + row.count, 0)
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ErasureReceipt = Schema.Struct({
  requestId: Ids.IdString,
  evidence: Erasure.Evidence,
  response: Schema.Array(Schema.String),
  completedAt: Period.Instant,
}).annotations({ identifier: "ArchivesErasureReceipt" })

/**
 * The type of {@link ErasureReceipt}.
 *
 * @example
 * ```ts
 * import type { Archives } from "@clientele/archive"
 *
 * const answerBy = (receipt: Archives.ErasureReceipt) => receipt.evidence.respondBy
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type ErasureReceipt = typeof ErasureReceipt.Type

/**
 * One line of a sweep report: in a collection, how many documents the sweep deleted,
 * anonymised or put up for review.
 *
 * @example
 * ```ts
 * import type { Archives } from "@clientele/archive"
 *
 * const line: Archives.SweptCount = { collection: "complaints", action: "anonymise", count: 12 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface SweptCount {
  readonly collection: string
  readonly action: Retention.Action
  readonly count: number
}

/**
 * What a sweep did: when it ran, under which policy version, the documents it
 * disposed of per collection and action, and how many it left and why (held by a
 * legal hold, not due yet, no schedule, disposed of before).
 *
 * @example
 * ```ts
 * import type { Archives } from "@clientele/archive"
 *
 * const total = (report: Archives.SweepReport) => report.disposed.reduce((n, line) => n + line.count, 0)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface SweepReport {
  readonly at: number
  readonly policyVersion: number
  readonly scanned: number
  readonly disposed: ReadonlyArray<SweptCount>
  /** What was left, per collection and reason; the totals follow. */
  readonly left: ReadonlyArray<LeftCount>
  readonly held: number
  readonly notDue: number
  readonly noSchedule: number
  readonly alreadyDisposed: number
}

/**
 * One line of what a sweep left in a collection: how many documents, and why — held
 * by a legal hold, not due yet, no schedule for them, or disposed of before.
 *
 * @example
 * ```ts
 * import type { Archives } from "@clientele/archive"
 *
 * const line: Archives.LeftCount = { collection: "complaint-history", reason: "noSchedule", count: 40 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface LeftCount {
  readonly collection: string
  readonly reason: "held" | "notDue" | "noSchedule" | "alreadyDisposed"
  readonly count: number
}

/**
 * Where a sweep has got to, for a progress bar: the collection being swept, its
 * documents read so far, and every document read so far over all collections.
 *
 * @example
 * ```ts
 * import type { Archives } from "@clientele/archive"
 *
 * const show = (p: Archives.SweepProgress) => `${p.collection}: ${p.scannedInCollection}`
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface SweepProgress {
  readonly collection: string
  readonly scannedInCollection: number
  readonly scanned: number
}

/**
 * Options of a sweep: the retention policy version to apply, how many documents
 * one transaction settles (default 500), and a callback told the progress after
 * each batch.
 *
 * @example
 * ```ts
 * import type { Archives } from "@clientele/archive"
 *
 * const options: Archives.SweepOptions = { policyVersion: 3, batchSize: 1000, onProgress: (p) => console.log(p.scanned) }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface SweepOptions {
  readonly policyVersion: number
  readonly batchSize?: number | undefined
  readonly onProgress?: ((progress: SweepProgress) => void) | undefined
}

/**
 * The range a retention policy is referred to by in an erasure: its version.
 *
 * @example
 * ```ts
 * import type { Archives } from "@clientele/archive"
 *
 * const options: Archives.ErasureOptions = { policyVersion: 3 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface ErasureOptions {
  readonly policyVersion: number
}

/**
 * What an erasure request would do: the plan (`Erasure.planErasure`'s, whose records
 * are named `r0`, `r1`, …) and, for each planned record, the stored document it is —
 * its collection and id.
 *
 * @example
 * ```ts
 * import type { Archives } from "@clientele/archive"
 *
 * const lines = (preview: Archives.ErasurePreview) =>
 *   preview.plan.records.map((record, i) => `${preview.documents[i]?.collection}/${preview.documents[i]?.documentId}: ${record.outcome}`)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface ErasurePreview {
  readonly plan: Erasure.ErasurePlan
  readonly documents: ReadonlyArray<{
    readonly recordId: string
    readonly collection: string
    readonly documentId: string
  }>
}

/**
 * The errors of the archive commands that read and change one archive.
 *
 * @example
 * ```ts
 * import type { Archives } from "@clientele/archive"
 *
 * const describe = (error: Archives.ArchiveError) => error._tag
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type ArchiveError =
  | Errors.ValidationError
  | Errors.NotFoundError
  | Archive.UnknownClassError
  | Archive.OutOfOrderError
  | StoreError.StoreError

/**
 * The service (ARC-1 … ARC-4). Every method takes the tenant first.
 *
 * @example
 * ```ts
 * import { Archives } from "@clientele/archive"
 * import { Ids } from "@clientele/core"
 * import * as Effect from "effect/Effect"
 *
 * const classOf = (customerId: string) =>
 *   Effect.gen(function* () {
 *     const archives = yield* Archives.Archives
 *     const archive = yield* archives.getArchive(Ids.TenantId.make("acme"), customerId)
 *     return archive.customerClass
 *   })
 * ```
 *
 * @since 0.1.0
 * @category services
 */
export interface ArchivesService {
  /** Files a customer's archive under a class (ARC-1); one archive per customer. */
  readonly fileArchive: (
    tenant: Ids.TenantId,
    input: typeof Archive.FileInput.Encoded,
  ) => Effect.Effect<Archive.Archive, ArchiveError | ArchiveExistsError>
  /** Moves an archive to another class, recording the move (ARC-1). */
  readonly refile: (
    tenant: Ids.TenantId,
    customerId: string,
    input: typeof Archive.RefileInput.Encoded,
  ) => Effect.Effect<Archive.Archive, ArchiveError>
  /** Adds a note to an archive. */
  readonly addNote: (
    tenant: Ids.TenantId,
    customerId: string,
    note: typeof Archive.Note.Encoded,
  ) => Effect.Effect<Archive.Archive, ArchiveError>
  /** Archives a testimonial, with its consent to publish (ARC-1). */
  readonly addTestimonial: (
    tenant: Ids.TenantId,
    customerId: string,
    testimonial: typeof Archive.Testimonial.Encoded,
  ) => Effect.Effect<Archive.Archive, ArchiveError>
  /** Records a yearly review and its adjustments (ARC-2). */
  readonly reviewArchive: (
    tenant: Ids.TenantId,
    customerId: string,
    input: typeof Review.ReviewInput.Encoded,
  ) => Effect.Effect<Archive.Archive, ArchiveError>
  /** A customer's archive. */
  readonly getArchive: (
    tenant: Ids.TenantId,
    customerId: string,
  ) => Effect.Effect<Archive.Archive, Errors.NotFoundError | StoreError.StoreError>
  /** The archives filed under a class now, by customer id. */
  readonly archivesByClass: (
    tenant: Ids.TenantId,
    customerClass: string,
  ) => Effect.Effect<ReadonlyArray<Archive.Archive>, StoreError.StoreError>
  /** Saves a review policy version; other content under a saved version fails. */
  readonly saveReviewPolicy: (
    tenant: Ids.TenantId,
    input: unknown,
  ) => Effect.Effect<
    Review.ReviewPolicy,
    Errors.ValidationError | PolicyVersionConflictError | StoreError.StoreError
  >
  /** The archives whose review is overdue now under a saved review policy (ARC-2). */
  readonly overdueReviews: (
    tenant: Ids.TenantId,
    policyVersion: number,
  ) => Effect.Effect<
    Review.OverdueReport,
    Errors.ValidationError | Errors.NotFoundError | StoreError.StoreError
  >
  /** Each archive's adjustments of a year, in the review policy's zone (ARC-2). */
  readonly adjustmentIndex: (
    tenant: Ids.TenantId,
    policyVersion: number,
    year: number,
  ) => Effect.Effect<
    ReadonlyArray<Review.ArchiveIndex>,
    Errors.ValidationError | Errors.NotFoundError | StoreError.StoreError
  >
  /**
   * Records a customer's retirement (ARC-3): a candidate of `Retirement.retirementCandidates`,
   * retired now by `by` (`"confirmed"` by a person, or `"automatic"` under an automatic
   * rule). A customer has one retirement at a time: another while one is not restored
   * is a `RetirementExistsError`.
   */
  readonly retire: (
    tenant: Ids.TenantId,
    candidate: typeof Retirement.Candidate.Encoded,
    decision: Retirement.Decision,
    by: string,
  ) => Effect.Effect<
    Retirement.Retirement,
    | Errors.ValidationError
    | Retirement.ConfirmationRequiredError
    | RetirementExistsError
    | StoreError.StoreError
  >
  /** Restores a customer's retirement inside its grace window (ARC-3). */
  readonly restore: (
    tenant: Ids.TenantId,
    customerId: string,
    by: string,
  ) => Effect.Effect<
    Retirement.Retirement,
    | Errors.ValidationError
    | Errors.NotFoundError
    | Retirement.GraceWindowClosedError
    | Errors.InvalidTransitionError
    | StoreError.StoreError
  >
  /** The retirements recorded, of one customer or of all, oldest first. */
  readonly retirements: (
    tenant: Ids.TenantId,
    customerId?: string,
  ) => Effect.Effect<ReadonlyArray<Retirement.Retirement>, StoreError.StoreError>
  /** Saves a retention policy version (schedules and precedence table, ARC-4). */
  readonly saveRetentionPolicy: (
    tenant: Ids.TenantId,
    input: unknown,
  ) => Effect.Effect<
    Retention.Policy,
    Errors.ValidationError | PolicyVersionConflictError | StoreError.StoreError
  >
  /** Places a legal hold, from now (ARC-4); a hold id is used once. */
  readonly placeHold: (
    tenant: Ids.TenantId,
    input: HoldInputEncoded,
  ) => Effect.Effect<
    Retention.LegalHold,
    Errors.ValidationError | HoldExistsError | StoreError.StoreError
  >
  /** Releases a hold under the policy's release roles; the clock it stopped resumes. */
  readonly releaseHold: (
    tenant: Ids.TenantId,
    holdId: string,
    release: { readonly by: string; readonly roles: ReadonlyArray<string> },
    policyVersion: number,
  ) => Effect.Effect<
    Retention.LegalHold,
    | Errors.ValidationError
    | Errors.NotFoundError
    | Retention.HoldReleaseError
    | StoreError.StoreError
  >
  /** Every hold placed, active or released, by id. */
  readonly holds: (
    tenant: Ids.TenantId,
  ) => Effect.Effect<ReadonlyArray<Retention.LegalHold>, StoreError.StoreError>
  /**
   * Disposes of every document whose retention is over (ARC-4), batch by batch,
   * each batch in one transaction that reads the holds again. Idempotent: a
   * document disposed of is recorded, and a second sweep skips it.
   */
  readonly sweep: (
    tenant: Ids.TenantId,
    options: SweepOptions,
  ) => Effect.Effect<
    SweepReport,
    Errors.ValidationError | Errors.NotFoundError | Erasure.RedactionError | StoreError.StoreError
  >
  /** What an erasure request would do, without doing it: the plan and which documents it names. */
  readonly previewErasure: (
    tenant: Ids.TenantId,
    request: typeof Erasure.ErasureRequest.Encoded,
    options: ErasureOptions,
  ) => Effect.Effect<
    ErasurePreview,
    | Errors.ValidationError
    | Errors.NotFoundError
    | Erasure.IdentityNotVerifiedError
    | StoreError.StoreError
  >
  /**
   * Carries out an erasure request across every source (ARC-4) in one transaction:
   * deletes or anonymises each of the subject's documents as planned, keeps those
   * under a hold, records the dispositions and the masked evidence. The same request
   * id again returns the receipt of the first time.
   */
  readonly erase: (
    tenant: Ids.TenantId,
    request: typeof Erasure.ErasureRequest.Encoded,
    options: ErasureOptions,
  ) => Effect.Effect<
    ErasureReceipt,
    | Errors.ValidationError
    | Errors.NotFoundError
    | Erasure.IdentityNotVerifiedError
    | Erasure.RedactionError
    | StoreError.StoreError
  >
  /** The receipts of the erasures carried out, oldest first. */
  readonly erasures: (
    tenant: Ids.TenantId,
  ) => Effect.Effect<ReadonlyArray<ErasureReceipt>, StoreError.StoreError>
  /** The recorded dispositions of a collection. */
  readonly dispositions: (
    tenant: Ids.TenantId,
    collection: string,
  ) => Effect.Effect<ReadonlyArray<Disposition>, StoreError.StoreError>
}

/**
 * The service tag.
 *
 * @example
 * ```ts
 * import { Archives } from "@clientele/archive"
 * import * as Effect from "effect/Effect"
 *
 * const program = Effect.gen(function* () {
 *   const archives = yield* Archives.Archives
 *   return archives
 * })
 * ```
 *
 * @since 0.1.0
 * @category services
 */
export class Archives extends Context.Tag("@clientele/archive/Archives")<
  Archives,
  ArchivesService
>() {}

// --- collections ------------------------------------------------------------------

const archives = Collection.make({
  name: "archive-archives",
  schema: Archive.Archive,
  id: (archive) => archive.customer,
  indexes: {
    customerId: (archive) => archive.customer,
    customerClass: (archive) => archive.customerClass,
    // the dates a retention schedule of archives counts from (`created`, `lastActivity`)
    created: (archive) => Archive.filedAt(archive),
    lastActivity: (archive) => Archive.latestAt(archive),
  },
  subject: { index: "customerId" },
})

const retirementRecords = Collection.make({
  name: "archive-retirements",
  schema: Retirement.Retirement,
  // a customer retired, restored and retired again has two records
  id: (retirement) => `${retirement.customerId}|${retirement.retiredAt}`,
  indexes: {
    customerId: (retirement) => retirement.customerId,
    retiredAt: (retirement) => retirement.retiredAt,
    // the customer's current retirement is the one not restored
    current: (retirement) => (retirement.restored === undefined ? retirement.customerId : null),
  },
  subject: { index: "customerId" },
})

const reviewPolicies = Collection.make({
  name: "archive-review-policies",
  schema: Review.ReviewPolicy,
  id: (policy) => String(policy.version),
})

const retentionPolicies = Collection.make({
  name: "archive-retention-policies",
  schema: Retention.Policy,
  id: (policy) => String(policy.version),
})

const holdRecords = Collection.make({
  name: "archive-holds",
  schema: Retention.LegalHold,
  id: (hold) => hold.id,
})

/**
 * One document per tenant that every hold change and every disposing transaction
 * writes: two such transactions cannot both commit on the same state, so a disposal
 * never commits over a hold it did not see.
 */
const HoldRegister = Schema.Struct({ id: Schema.Literal("holds"), revision: Schema.Int })

const holdRegister = Collection.make({
  name: "archive-hold-register",
  schema: HoldRegister,
  id: (register) => register.id,
})

const dispositionRecords = Collection.make({
  name: "archive-dispositions",
  schema: Disposition,
  id: (disposition) => dispositionId(disposition.collection, disposition.documentId),
  indexes: { collection: (disposition) => disposition.collection },
})

const receipts = Collection.make({
  name: "archive-erasures",
  schema: ErasureReceipt,
  id: (receipt) => receipt.requestId,
  indexes: { completedAt: (receipt) => receipt.completedAt },
})

/**
 * The collections the service writes, for the erasure of the archives themselves
 * and for a check that every collection is accounted for.
 *
 * @example
 * ```ts
 * import { Archives } from "@clientele/archive"
 *
 * Archives.collections.map((collection) => collection.name).includes("archive-archives") // true
 * ```
 *
 * @since 0.1.0
 * @category services
 */
export const collections: ReadonlyArray<Collection.AnyCollection> = [
  archives,
  retirementRecords,
  reviewPolicies,
  retentionPolicies,
  holdRecords,
  holdRegister,
  dispositionRecords,
  receipts,
]

const MAX_ID = 256

/** A disposition's id: the collection and document, hashed when too long to be an id. */
const dispositionId = (collection: string, documentId: string): string => {
  const plain = `${collection}|${documentId}`
  return plain.length <= MAX_ID
    ? plain
    : `${collection}|${Erasure.maskSubject(documentId, collection)}`
}

// --- sources ----------------------------------------------------------------------

/** What the service knows of a source collection, computed once. */
interface Source {
  readonly collection: Collection.AnyCollection
  readonly recordType: string
  readonly schema: Schema.Schema<unknown, unknown, never>
  /** Date name → index name; numeric index values are dates under their own names too. */
  readonly dateAliases: ReadonlyArray<readonly [string, string]>
  /**
   * For a collection without a subject whose documents hold personal data and name
   * customers (an event and its guests' testimonials): where they name them. Such a
   * document is about several people; an erasure reads the collection to find the
   * subject's and scrubs only the parts that name them.
   */
  readonly sharedBy: ReadonlyArray<Erasure.Path> | undefined
}

const configurationError = (path: ReadonlyArray<string | number>, message: string) =>
  Errors.ValidationError.fromIssues([{ path: ["options", ...path], message }])

/**
 * Checks the options and orders the sources so that a collection whose subject is
 * found through another (`via`) comes after it.
 */
const prepareSources = (
  options: Options,
): Either.Either<ReadonlyArray<Source>, Errors.ValidationError> => {
  if (options.maskingKey.length < 16)
    return Either.left(
      configurationError(["maskingKey"], "the masking key must be at least 16 characters"),
    )
  const all = [...options.sources, archives, retirementRecords]
  const byName = new Map<string, Collection.AnyCollection>()
  for (const [index, collection] of all.entries()) {
    if (byName.has(collection.name))
      return Either.left(
        configurationError(["sources", index], `the collection ${collection.name} is listed twice`),
      )
    byName.set(collection.name, collection)
  }
  for (const [index, collection] of all.entries()) {
    const subject = collection.subject
    if (subject === undefined) continue
    if (!collection.indexNames.includes(subject.index))
      return Either.left(
        configurationError(
          ["sources", index, "subject", "index"],
          `${collection.name}: the subject index ${subject.index} is not one of its indexes`,
        ),
      )
    if (subject.via !== undefined && byName.get(subject.via)?.subject === undefined)
      return Either.left(
        configurationError(
          ["sources", index, "subject", "via"],
          `${collection.name}: its subject is found through ${subject.via}, which is not a source with a subject`,
        ),
      )
  }
  for (const option of ["recordTypes", "dates"] as const)
    for (const name of Object.keys(options[option] ?? {}))
      if (!byName.has(name))
        return Either.left(
          configurationError(
            [option, name],
            `${name} is not one of the sources: a misspelt name would leave its collection on the defaults`,
          ),
        )
  // Order by depth along `via` (a cycle never ends: refuse it).
  const depth = new Map<string, number>()
  const depthOf = (collection: Collection.AnyCollection, seen: Set<string>): number => {
    const known = depth.get(collection.name)
    if (known !== undefined) return known
    const via = collection.subject?.via
    if (via === undefined) return 0
    if (seen.has(collection.name)) return Number.POSITIVE_INFINITY
    seen.add(collection.name)
    const parent = byName.get(via) as Collection.AnyCollection
    const result = depthOf(parent, seen) + 1
    depth.set(collection.name, result)
    return result
  }
  for (const [index, collection] of all.entries())
    if (!Number.isFinite(depthOf(collection, new Set())))
      return Either.left(
        configurationError(
          ["sources", index, "subject", "via"],
          `${collection.name}: its subject is found through a cycle of collections`,
        ),
      )
  const ordered = [...all].sort((a, b) => (depth.get(a.name) ?? 0) - (depth.get(b.name) ?? 0))
  return Either.right(
    ordered.map((collection) => ({
      collection,
      recordType: options.recordTypes?.[collection.name] ?? collection.name,
      schema: Schema.make<unknown, unknown, never>(collection.ast),
      dateAliases: Object.entries(options.dates?.[collection.name] ?? {}),
      sharedBy: sharedBy(collection),
    })),
  )
}

const CUSTOMER = ["CustomerId"]

const sharedBy = (
  collection: Collection.AnyCollection,
): ReadonlyArray<Erasure.Path> | undefined => {
  if (collection.subject !== undefined) return undefined
  const references = Erasure.referencePaths(collection.ast, CUSTOMER)
  return references.length > 0 && Erasure.personalPaths(collection.ast).length > 0
    ? references
    : undefined
}

/** The strings at a path of an encoded document (`*` any element, `**` anything below). */
const stringsAt = (value: unknown, path: Erasure.Path, found: Set<string>): void => {
  if (path.length === 0 || path[0] === Erasure.RECURSION) {
    if (typeof value === "string") found.add(value)
    else if (value !== null && typeof value === "object")
      for (const inner of Object.values(value)) stringsAt(inner, path, found)
    return
  }
  if (value === null || typeof value !== "object") return
  const [segment, ...rest] = path as readonly [string, ...Array<string>]
  if (segment === Erasure.EVERY)
    for (const inner of Object.values(value)) stringsAt(inner, rest, found)
  else stringsAt((value as Record<string, unknown>)[segment], rest, found)
}

const isInstant = Schema.is(Period.Instant)

/** A document's dates for its retention schedules: its instant-valued indexes, and aliases. */
const datesOf = (source: Source, document: Store.StoredDocument) => {
  const dates: Record<string, number> = {}
  for (const [name, value] of Object.entries(document.indexes))
    if (typeof value === "number" && isInstant(value)) dates[name] = value
  for (const [name, index] of source.dateAliases) {
    const value = document.indexes[index]
    if (typeof value === "number" && isInstant(value)) dates[name] = value
  }
  return dates
}

/** How finely a record anonymised under a schedule keeps its dates, if the schedule says. */
const coarsenUnder = (
  policy: Retention.Policy,
  scheduleId: string | undefined,
): Erasure.Replacement["coarsen"] => {
  const schedule = policy.schedules.find((s) => s.id === scheduleId)
  return schedule?.coarsenDates === undefined
    ? undefined
    : { grain: schedule.coarsenDates, zone: schedule.zone }
}

/**
 * The holds as they apply to records identified by position: a hold naming stored
 * documents by id (`scope.recordIds`) names the positions of those documents instead,
 * and a hold naming none of them is left out, as it covers none of them.
 */
const holdsOverPositions = (
  holds: ReadonlyArray<Retention.LegalHold>,
  documentIds: ReadonlyArray<string>,
): ReadonlyArray<Retention.LegalHold> => {
  if (holds.every((hold) => (hold.scope.recordIds?.length ?? 0) === 0)) return holds
  const positions = new Map<string, Array<string>>()
  documentIds.forEach((id, position) => {
    const list = positions.get(id)
    if (list === undefined) positions.set(id, [`r${position}`])
    else list.push(`r${position}`)
  })
  const applicable: Array<Retention.LegalHold> = []
  for (const hold of holds) {
    const named = hold.scope.recordIds
    if (named === undefined || named.length === 0) {
      applicable.push(hold)
      continue
    }
    const recordIds = named.flatMap((id) => positions.get(id) ?? [])
    if (recordIds.length > 0) applicable.push({ ...hold, scope: { ...hold.scope, recordIds } })
  }
  return applicable
}

// --- the service ------------------------------------------------------------------

/** Another writer changed a document read by the transaction: run it again on fresh state. */
const conflicted = StoreError.hasReason("Conflict")
const duplicated = StoreError.hasReason("Duplicate")
const RETRIES = 5

/** How many write operations go into one `bulkWrite` (all inside the caller's transaction). */
const WRITE_BATCH = 500

const DEFAULT_SWEEP_BATCH = 500

const BatchSize = Schema.Int.pipe(Schema.between(1, Query.maxLimit))
const PolicyVersion = Schema.Int.pipe(Schema.positive())

/**
 * Builds the service over the `Store`; a malformed `options` (a masking key under 16
 * characters, a collection listed twice, a subject index that is not an index of
 * its collection, a `via` that is not a source with a subject, a cycle of `via`)
 * fails with a `ValidationError` naming `options.…`; so does a key of `recordTypes` or
 * `dates` that names no source.
 *
 * @example
 * ```ts
 * import { Archives } from "@clientele/archive"
 * import { MemoryStore } from "@clientele/store"
 * import * as Effect from "effect/Effect"
 *
 * const service = Effect.provide(
 *   Archives.make({ sources: [], maskingKey: "a-long-secret-kept-in-the-vault" }),
 *   MemoryStore.layer,
 * )
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (
  options: Options,
): Effect.Effect<ArchivesService, Errors.ValidationError, Store.Store> =>
  Effect.gen(function* () {
    const sources = yield* prepareSources(options)
    const store = yield* Store.Store
    const provide = Effect.provideService(Store.Store, store)
    const sourceByName = new Map(sources.map((source) => [source.collection.name, source]))
    const catalogue: Record<string, ReadonlyArray<Erasure.Path>> = {}
    for (const source of sources)
      catalogue[source.recordType] = [
        ...(catalogue[source.recordType] ?? []),
        ...Erasure.personalPaths(source.collection.ast),
      ]
    const { maskingKey, scheme } = options

    const decodeHold = Errors.decode(HoldInput)
    const decodeRequest = Errors.decode(Erasure.ErasureRequest)
    const decodeVersion = (path: string) => Errors.decodeAt(PolicyVersion, [path])
    const decodeBy = Errors.decodeAt(Ids.StaffId, ["by"])

    // ---- archives (ARC-1, ARC-2) ----------------------------------------------

    const loadArchive = (tenant: Ids.TenantId, customerId: string) =>
      Effect.flatMap(archives.get(tenant, customerId), (found) =>
        Option.isSome(found)
          ? Effect.succeed(found.value)
          : Effect.fail(new Errors.NotFoundError({ entity: "archive", id: customerId })),
      )

    /** Applies a pure change to a stored archive and writes it with compare-and-set. */
    const changeArchive = <E>(
      tenant: Ids.TenantId,
      customerId: string,
      change: (archive: Archive.Archive) => Either.Either<Archive.Archive, E>,
    ) =>
      provide(
        store
          .transaction(
            Effect.gen(function* () {
              const entry = yield* loadArchive(tenant, customerId)
              const changed = yield* change(entry.value)
              if (changed === entry.value) return changed
              yield* archives.update(tenant, changed, entry.version)
              return changed
            }),
          )
          .pipe(Effect.retry({ while: conflicted, times: RETRIES })),
      )

    const fileArchive: ArchivesService["fileArchive"] = Effect.fn("Archives.fileArchive")(
      function* (tenant, input) {
        const archive = yield* Archive.file(input, scheme)
        return yield* provide(
          archives.insert(tenant, archive).pipe(
            Effect.as(archive),
            Effect.catchIf(duplicated, () =>
              Effect.fail(new ArchiveExistsError({ customerId: archive.customer })),
            ),
          ),
        )
      },
    )

    const loadPolicy = <A extends { readonly version: number }>(
      collection: Collection.Collection<A, never>,
      entity: string,
      tenant: Ids.TenantId,
      version: number,
    ) =>
      Effect.flatMap(provide(collection.get(tenant, String(version))), (found) =>
        Option.isSome(found)
          ? Effect.succeed(found.value.value)
          : Effect.fail(new Errors.NotFoundError({ entity, id: `v${version}` })),
      )

    const allArchives = (tenant: Ids.TenantId) =>
      provide(
        Effect.map(Stream.runCollect(archives.scan(tenant)), (chunk) =>
          Chunk.toReadonlyArray(chunk).map((entry) => entry.value),
        ),
      )

    // ---- holds (ARC-4) ----------------------------------------------------------

    /** Bumps the hold register inside the caller's transaction (see {@link holdRegister}). */
    const touchHoldRegister = (tenant: Ids.TenantId) =>
      Effect.gen(function* () {
        const found = yield* holdRegister.get(tenant, "holds")
        if (Option.isNone(found))
          return yield* holdRegister.operations.insert({ id: "holds", revision: 1 })
        return yield* holdRegister.operations.update(
          { id: "holds", revision: found.value.value.revision + 1 },
          found.value.version,
        )
      })

    const readHolds = (tenant: Ids.TenantId) =>
      Effect.map(Stream.runCollect(holdRecords.scan(tenant)), (chunk) =>
        Chunk.toReadonlyArray(chunk).map((entry) => entry.value),
      )

    const placeHold: ArchivesService["placeHold"] = Effect.fn("Archives.placeHold")(
      function* (tenant, input) {
        const valid = yield* decodeHold(input)
        const placedAt = yield* Clock.currentTimeMillis
        const hold = yield* Errors.decodeEither(Retention.LegalHold)({
          ...Schema.encodeSync(HoldInput)(valid),
          placedAt,
        })
        return yield* provide(
          store
            .transaction(
              Effect.gen(function* () {
                const register = yield* touchHoldRegister(tenant)
                yield* store.bulkWrite(tenant, [
                  yield* holdRecords.operations.insert(hold),
                  register,
                ])
                return hold
              }),
            )
            .pipe(
              Effect.retry({ while: conflicted, times: RETRIES }),
              Effect.catchIf(duplicated, () =>
                Effect.fail(new HoldExistsError({ holdId: hold.id })),
              ),
            ),
        )
      },
    )

    const releaseHold: ArchivesService["releaseHold"] = Effect.fn("Archives.releaseHold")(
      function* (tenant, holdId, release, policyVersion) {
        const version = yield* decodeVersion("policyVersion")(policyVersion)
        const at = yield* Clock.currentTimeMillis
        const request = yield* Errors.decodeEither(Retention.ReleaseRequest)({ ...release, at })
        return yield* provide(
          store
            .transaction(
              Effect.gen(function* () {
                const policy = yield* loadPolicy(
                  retentionPolicies,
                  "retention policy",
                  tenant,
                  version,
                )
                const found = yield* holdRecords.get(tenant, holdId)
                if (Option.isNone(found))
                  return yield* new Errors.NotFoundError({ entity: "legal hold", id: holdId })
                const released = yield* Retention.releaseHold(found.value.value, request, policy)
                const register = yield* touchHoldRegister(tenant)
                yield* store.bulkWrite(tenant, [
                  yield* holdRecords.operations.update(released, found.value.version),
                  register,
                ])
                return released
              }),
            )
            .pipe(Effect.retry({ while: conflicted, times: RETRIES })),
        )
      },
    )

    // ---- finding documents ----------------------------------------------------

    /** Every document matching `where` on one index with any of `values`, page by page. */
    const documentsWhere = (
      tenant: Ids.TenantId,
      collection: string,
      index: string,
      values: ReadonlyArray<string>,
    ) =>
      Effect.gen(function* () {
        const found: Array<Store.StoredDocument> = []
        for (let start = 0; start < values.length; start += Query.maxWhereValues) {
          const chunk = values.slice(start, start + Query.maxWhereValues)
          let cursor: string | null = null
          do {
            const page: Store.Page = yield* store.query(tenant, {
              collection,
              where: { [index]: chunk.length === 1 ? (chunk[0] as string) : chunk },
              limit: Query.maxLimit,
              cursor,
            })
            for (const document of page.documents) found.push(document)
            cursor = page.cursor
          } while (cursor !== null)
        }
        return found
      }).pipe(
        // The queries are built here over declared indexes: a refusal is a bug.
        Effect.catchTag("ValidationError", (error) => Effect.die(error)),
      )

    /**
     * The documents of a shared collection that name the subject: no index can hold
     * every customer a document names, so the collection is read (keep such
     * collections small — events, not orders — or give them a subject index).
     */
    const sharedDocumentsOf = (tenant: Ids.TenantId, source: Source, subjectId: string) =>
      Stream.runFold(
        store.scan(tenant, source.collection.name),
        [] as Array<Store.StoredDocument>,
        (found, document) => {
          const named = new Set<string>()
          for (const path of source.sharedBy ?? []) stringsAt(document.body, path, named)
          if (named.has(subjectId)) found.push(document)
          return found
        },
      )

    /** The subject's documents in every source, through the subject indexes. */
    const documentsOfSubject = (tenant: Ids.TenantId, subjectId: string) =>
      Effect.gen(function* () {
        const found = new Map<string, ReadonlyArray<Store.StoredDocument>>()
        for (const source of sources) {
          const subject = source.collection.subject
          if (source.sharedBy !== undefined) {
            found.set(source.collection.name, yield* sharedDocumentsOf(tenant, source, subjectId))
            continue
          }
          if (subject === undefined) continue
          const keys =
            subject.via === undefined
              ? [subjectId]
              : (found.get(subject.via) ?? []).map((document) => document.id)
          found.set(
            source.collection.name,
            keys.length === 0
              ? []
              : yield* documentsWhere(tenant, source.collection.name, subject.index, keys),
          )
        }
        return found
      })

    /**
     * The subject of each document of a batch: its subject index, or through `via`
     * its parent's subject (parents read with `getMany`, their parents in turn).
     */
    const subjectsOf = (
      tenant: Ids.TenantId,
      source: Source,
      documents: ReadonlyArray<Store.StoredDocument>,
    ): Effect.Effect<Map<string, string>, StoreError.StoreError> =>
      Effect.gen(function* () {
        const subjects = new Map<string, string>()
        const subject = source.collection.subject
        if (subject === undefined) return subjects
        const keyOf = (document: Store.StoredDocument) => {
          const value = document.indexes[subject.index]
          return typeof value === "string" ? value : undefined
        }
        if (subject.via === undefined) {
          for (const document of documents) {
            const key = keyOf(document)
            if (key !== undefined) subjects.set(document.id, key)
          }
          return subjects
        }
        const parentSource = sourceByName.get(subject.via) as Source
        const parentIds = [
          ...new Set(documents.map(keyOf).filter((key) => key !== undefined)),
        ] as Array<string>
        const parents = yield* store.getMany(tenant, subject.via, parentIds)
        const parentSubjects = yield* subjectsOf(tenant, parentSource, parents)
        for (const document of documents) {
          const key = keyOf(document)
          const parentSubject = key === undefined ? undefined : parentSubjects.get(key)
          if (parentSubject !== undefined) subjects.set(document.id, parentSubject)
        }
        return subjects
      })

    /** The recorded dispositions of documents of one collection, by document id. */
    const dispositionsOf = (
      tenant: Ids.TenantId,
      collection: string,
      documents: ReadonlyArray<Store.StoredDocument>,
    ) =>
      Effect.map(
        dispositionRecords.getMany(
          tenant,
          documents.map((document) => dispositionId(collection, document.id)),
        ),
        (entries) => new Map(entries.map((entry) => [entry.value.documentId, entry])),
      )

    /** The current class of the customers named, from their archives. */
    const classesOf = (tenant: Ids.TenantId, customerIds: Iterable<string>) =>
      Effect.map(archives.getMany(tenant, [...new Set(customerIds)]), (entries) => {
        const classes = new Map<string, string>()
        for (const entry of entries) classes.set(entry.value.customer, entry.value.customerClass)
        return classes
      })

    /**
     * The retention facts of stored documents. Record ids are positions in the
     * batch: a document id may be longer than a record id may be, and only the batch
     * needs to tell them apart.
     */
    const factsOf = (
      source: Source,
      documents: ReadonlyArray<Store.StoredDocument>,
      subjects: ReadonlyMap<string, string>,
      classes: ReadonlyMap<string, string>,
      dispositions: ReadonlyMap<string, Collection.Entry<Disposition>>,
    ): Array<Retention.RecordFacts> =>
      documents.map((document, position) => {
        const subject = subjects.get(document.id)
        const customerClass = subject === undefined ? undefined : classes.get(subject)
        const disposition = dispositions.get(document.id)?.value
        return {
          id: `r${position}`,
          type: source.recordType,
          subjectIds: subject === undefined ? [] : [subject],
          ...(customerClass === undefined ? {} : { customerClass }),
          dates: datesOf(source, document),
          ...(disposition === undefined
            ? {}
            : { disposition: { action: disposition.action, at: disposition.at } }),
        }
      })

    /** The writes that carry out one disposal of a stored document. */
    const disposalWrites = (
      source: Source,
      document: Store.StoredDocument,
      disposal: {
        readonly action: Retention.Action
        readonly targets?: Erasure.Targets | undefined
        readonly owners?: Erasure.Replacement["owners"] | undefined
        readonly coarsen?: Erasure.Replacement["coarsen"] | undefined
      },
      disposition: Disposition,
      existing: Collection.Entry<Disposition> | undefined,
    ) =>
      Effect.gen(function* () {
        const collection = source.collection.name
        const writes: Array<Store.WriteOperation> = []
        if (disposal.action === "delete")
          writes.push({
            _tag: "Delete",
            collection,
            id: document.id,
            expectedVersion: document.version,
          })
        else if (disposal.action === "anonymise") {
          const redacted = yield* Erasure.redact(source.schema, document.body, {
            ...(disposal.targets === undefined ? {} : { targets: disposal.targets }),
            ...(disposal.owners === undefined ? {} : { owners: disposal.owners }),
            ...(disposal.coarsen === undefined ? {} : { coarsen: disposal.coarsen }),
          })
          // Indexes are computed again from the redacted value, so no index keeps
          // a personal value either.
          const stored = yield* source.collection.storedForm(redacted)
          writes.push({
            _tag: "Update",
            collection,
            id: document.id,
            expectedVersion: document.version,
            body: stored.body,
            indexes: stored.indexes,
          })
        }
        // A shared document is not disposed of: only one person's part of it changed,
        // and its own schedule still applies to the rest.
        if (source.sharedBy === undefined)
          writes.push(
            existing === undefined
              ? yield* dispositionRecords.operations.insert(disposition)
              : yield* dispositionRecords.operations.update(disposition, existing.version),
          )
        return writes
      })

    const writeAll = (tenant: Ids.TenantId, operations: ReadonlyArray<Store.WriteOperation>) =>
      Effect.gen(function* () {
        for (let start = 0; start < operations.length; start += WRITE_BATCH)
          yield* store.bulkWrite(tenant, operations.slice(start, start + WRITE_BATCH))
      })

    // ---- the sweep (ARC-4) -----------------------------------------------------

    /**
     * Documents with no schedule of their own that belong to a parent document (a
     * `via` subject) follow their parent: deleted or anonymised when it was. Parents
     * are swept first (sources are ordered along `via`), so this catches the parents
     * disposed of in this sweep and in earlier ones — a complaint's history does not
     * outlive its complaint. A child with a schedule of its own (a settlement kept for
     * the books) keeps to it.
     */
    const parentsDisposedOf = (
      tenant: Ids.TenantId,
      source: Source,
      documents: ReadonlyArray<Store.StoredDocument>,
      skipped: ReadonlyArray<Retention.SkippedRecord>,
    ) =>
      Effect.gen(function* () {
        const followers = new Map<number, Disposition>()
        const subject = source.collection.subject
        if (subject?.via === undefined) return followers
        const parentOf = new Map<number, string>()
        for (const record of skipped) {
          if (record.reason !== "noSchedule") continue
          const position = Number(record.recordId.slice(1))
          const parentId = (documents[position] as Store.StoredDocument).indexes[subject.index]
          if (typeof parentId === "string") parentOf.set(position, parentId)
        }
        if (parentOf.size === 0) return followers
        const recorded = yield* dispositionRecords.getMany(
          tenant,
          [...new Set(parentOf.values())].map((id) => dispositionId(subject.via as string, id)),
        )
        const byParent = new Map(recorded.map((entry) => [entry.value.documentId, entry.value]))
        for (const [position, parentId] of parentOf) {
          const parent = byParent.get(parentId)
          if (parent !== undefined && parent.action !== "review") followers.set(position, parent)
        }
        return followers
      })

    const sweepBatch = (
      tenant: Ids.TenantId,
      source: Source,
      ids: ReadonlyArray<string>,
      policy: Retention.Policy,
      now: number,
    ) =>
      store
        .transaction(
          Effect.gen(function* () {
            const collection = source.collection.name
            // Read again inside the transaction: the versions written against, and
            // the holds as they are now (a hold placed since the scan counts).
            const documents = yield* store.getMany(tenant, collection, ids)
            const holds = yield* readHolds(tenant)
            const subjects = yield* subjectsOf(tenant, source, documents)
            const classes = yield* classesOf(tenant, subjects.values())
            const dispositions = yield* dispositionsOf(tenant, collection, documents)
            const facts = factsOf(source, documents, subjects, classes, dispositions)
            const plan = yield* Retention.sweepPlan(
              facts,
              policy,
              holdsOverPositions(
                holds,
                documents.map((document) => document.id),
              ),
              now,
            )
            const disposals: Array<{
              readonly position: number
              readonly action: Retention.Action
              readonly scheduleId: string | undefined
              readonly parent?: { readonly collection: string; readonly documentId: string }
            }> = plan.disposals.map((disposal) => ({
              position: Number(disposal.recordId.slice(1)),
              action: disposal.action,
              scheduleId: disposal.scheduleId,
            }))
            const left: Array<LeftCount["reason"]> = []
            const followers = yield* parentsDisposedOf(tenant, source, documents, plan.skipped)
            for (const skipped of plan.skipped) {
              const position = Number(skipped.recordId.slice(1))
              const parent = followers.get(position)
              if (parent === undefined) left.push(skipped.reason)
              else
                disposals.push({
                  position,
                  action: parent.action,
                  scheduleId: parent.scheduleId,
                  parent: { collection: parent.collection, documentId: parent.documentId },
                })
            }
            const writes: Array<Store.WriteOperation> = []
            for (const disposal of disposals) {
              const document = documents[disposal.position] as Store.StoredDocument
              writes.push(
                ...(yield* disposalWrites(
                  source,
                  document,
                  { action: disposal.action, coarsen: coarsenUnder(policy, disposal.scheduleId) },
                  {
                    collection,
                    documentId: document.id,
                    action: disposal.action,
                    at: now,
                    policyVersion: policy.version,
                    ...(disposal.scheduleId === undefined
                      ? {}
                      : { scheduleId: disposal.scheduleId }),
                    ...(disposal.parent === undefined ? {} : { parent: disposal.parent }),
                  },
                  dispositions.get(document.id),
                )),
              )
            }
            if (writes.length > 0) {
              writes.push(yield* touchHoldRegister(tenant))
              yield* writeAll(tenant, writes)
            }
            return { disposed: disposals.map((disposal) => disposal.action), left }
          }),
        )
        .pipe(Effect.retry({ while: conflicted, times: RETRIES }))

    const sweep: ArchivesService["sweep"] = Effect.fn("Archives.sweep")(
      function* (tenant, sweepOptions) {
        const version = yield* decodeVersion("policyVersion")(sweepOptions.policyVersion)
        const batchSize = yield* Errors.decodeAt(BatchSize, ["batchSize"])(
          sweepOptions.batchSize ?? DEFAULT_SWEEP_BATCH,
        )
        const policy = yield* loadPolicy(retentionPolicies, "retention policy", tenant, version)
        const now = yield* Clock.currentTimeMillis
        const disposed = new Map<
          string,
          { collection: string; action: Retention.Action; count: number }
        >()
        const skipped = { held: 0, notDue: 0, noSchedule: 0, alreadyDisposed: 0 }
        const left = new Map<
          string,
          { collection: string; reason: LeftCount["reason"]; count: number }
        >()
        let scanned = 0
        for (const source of sources) {
          let scannedInCollection = 0
          yield* provide(
            store.scan(tenant, source.collection.name, { batchSize }).pipe(
              Stream.map((document) => document.id),
              Stream.grouped(batchSize),
              Stream.runForEach((chunk) =>
                Effect.gen(function* () {
                  const ids = Chunk.toReadonlyArray(chunk)
                  const batch = yield* sweepBatch(tenant, source, ids, policy, now)
                  for (const action of batch.disposed) {
                    const key = `${source.collection.name}\u0000${action}`
                    const line = disposed.get(key) ?? {
                      collection: source.collection.name,
                      action,
                      count: 0,
                    }
                    line.count++
                    disposed.set(key, line)
                  }
                  for (const reason of batch.left) {
                    skipped[reason]++
                    const key = `${source.collection.name}\u0000${reason}`
                    const line = left.get(key) ?? {
                      collection: source.collection.name,
                      reason,
                      count: 0,
                    }
                    line.count++
                    left.set(key, line)
                  }
                  scanned += ids.length
                  scannedInCollection += ids.length
                  sweepOptions.onProgress?.({
                    collection: source.collection.name,
                    scannedInCollection,
                    scanned,
                  })
                }),
              ),
            ),
          )
        }
        return {
          at: now,
          policyVersion: policy.version,
          scanned,
          disposed: [...disposed.values()],
          left: [...left.values()],
          ...skipped,
        }
      },
    )

    // ---- erasure (ARC-4) -------------------------------------------------------

    /**
     * Plans an erasure over the subject's documents as stored now. Returns the plan
     * and, for carrying it out, each planned record's source and document.
     */
    const planFor = (
      tenant: Ids.TenantId,
      request: Erasure.ErasureRequest,
      policy: Retention.Policy,
      now: number,
    ) =>
      Effect.gen(function* () {
        const found = yield* documentsOfSubject(tenant, request.subjectId)
        const holds = yield* readHolds(tenant)
        const classes = yield* classesOf(tenant, [request.subjectId])
        const records: Array<Retention.RecordFacts> = []
        const located: Array<{
          readonly source: Source
          readonly document: Store.StoredDocument
          readonly disposition: Collection.Entry<Disposition> | undefined
        }> = []
        for (const source of sources) {
          const documents = found.get(source.collection.name) ?? []
          if (documents.length === 0) continue
          // every document found is the subject's
          const subjects = new Map(documents.map((document) => [document.id, request.subjectId]))
          const dispositions = yield* dispositionsOf(tenant, source.collection.name, documents)
          for (const [position, fact] of factsOf(
            source,
            documents,
            subjects,
            classes,
            dispositions,
          ).entries()) {
            const document = documents[position] as Store.StoredDocument
            records.push({ ...fact, id: `r${records.length}` })
            located.push({ source, document, disposition: dispositions.get(document.id) })
          }
        }
        // A shared document is never deleted by one person's erasure, whatever its
        // schedule says: their part is anonymised (or it is kept whole under a hold).
        const sharedTypes = new Set(
          sources.filter((source) => source.sharedBy !== undefined).map((s) => s.recordType),
        )
        const plan = yield* Erasure.planErasure(
          request,
          records,
          sharedTypes.size === 0
            ? policy
            : {
                ...policy,
                schedules: policy.schedules.filter((s) => !sharedTypes.has(s.recordType)),
              },
          holdsOverPositions(
            holds,
            located.map((entry) => entry.document.id),
          ),
          now,
          { catalogue, maskingKey },
        )
        return { plan, located }
      })

    const previewErasure: ArchivesService["previewErasure"] = Effect.fn("Archives.previewErasure")(
      function* (tenant, input, erasureOptions) {
        const request = yield* decodeRequest(input)
        if (!request.identityVerified)
          return yield* new Erasure.IdentityNotVerifiedError({ requestId: request.id })
        const version = yield* decodeVersion("policyVersion")(erasureOptions.policyVersion)
        const now = yield* Clock.currentTimeMillis
        return yield* provide(
          Effect.gen(function* () {
            const policy = yield* loadPolicy(retentionPolicies, "retention policy", tenant, version)
            const { plan, located } = yield* planFor(tenant, request, policy, now)
            return {
              plan,
              documents: located.map((entry, position) => ({
                recordId: `r${position}`,
                collection: entry.source.collection.name,
                documentId: entry.document.id,
              })),
            }
          }),
        )
      },
    )

    const erase: ArchivesService["erase"] = Effect.fn("Archives.erase")(
      function* (tenant, input, erasureOptions) {
        // The request and the requester's identity first: nothing is read for an
        // unverified requester.
        const request = yield* decodeRequest(input)
        if (!request.identityVerified)
          return yield* new Erasure.IdentityNotVerifiedError({ requestId: request.id })
        const version = yield* decodeVersion("policyVersion")(erasureOptions.policyVersion)
        const now = yield* Clock.currentTimeMillis
        const receipt = yield* provide(
          store
            .transaction(
              Effect.gen(function* () {
                const done = yield* receipts.get(tenant, request.id)
                if (Option.isSome(done)) return done.value.value
                const policy = yield* loadPolicy(
                  retentionPolicies,
                  "retention policy",
                  tenant,
                  version,
                )
                const { plan, located } = yield* planFor(tenant, request, policy, now)
                const writes: Array<Store.WriteOperation> = []
                for (const record of plan.records) {
                  if (record.outcome !== "delete" && record.outcome !== "anonymise") continue
                  const { source, document, disposition } = located[
                    Number(record.recordId.slice(1))
                  ] as (typeof located)[number]
                  writes.push(
                    ...(yield* disposalWrites(
                      source,
                      document,
                      record.outcome === "anonymise"
                        ? {
                            action: "anonymise",
                            targets: record.targets,
                            coarsen: record.coarsenDates,
                            ...(source.sharedBy === undefined
                              ? {}
                              : {
                                  owners: {
                                    identifiers: CUSTOMER,
                                    subjectIds: [request.subjectId],
                                  },
                                }),
                          }
                        : { action: "delete" },
                      {
                        collection: source.collection.name,
                        documentId: document.id,
                        action: record.outcome,
                        at: now,
                        policyVersion: policy.version,
                        ...(record.scheduleId === undefined
                          ? {}
                          : { scheduleId: record.scheduleId }),
                        requestId: request.id,
                      },
                      disposition,
                    )),
                  )
                }
                const receipt: ErasureReceipt = {
                  requestId: request.id,
                  evidence: plan.evidence,
                  response: plan.response,
                  completedAt: now,
                }
                writes.push(yield* receipts.operations.insert(receipt))
                writes.push(yield* touchHoldRegister(tenant))
                yield* writeAll(tenant, writes)
                return receipt
              }),
            )
            .pipe(
              Effect.retry({
                while: (error) => conflicted(error) || duplicated(error),
                times: RETRIES,
              }),
            ),
        )
        // Deleted and overwritten content must not stay readable in the database's
        // files (SQLite's write-ahead log keeps old pages until it is checkpointed).
        if (store.eraseFreedSpace !== undefined) yield* store.eraseFreedSpace
        return receipt
      },
    )

    const retire: ArchivesService["retire"] = Effect.fn("Archives.retire")(
      function* (tenant, input, decision, by) {
        const candidate = yield* Errors.decode(Retirement.Candidate)(input)
        const staff = yield* decodeBy(by)
        const at = yield* Clock.currentTimeMillis
        const retirement = yield* Retirement.retire(candidate, decision, at, staff)
        return yield* provide(
          store
            .transaction(
              Effect.gen(function* () {
                const current = yield* Collection.valuesOf(retirementRecords, tenant, {
                  where: { current: candidate.customerId },
                })
                if (current.length > 0)
                  return yield* new RetirementExistsError({ customerId: candidate.customerId })
                yield* retirementRecords.insert(tenant, retirement)
                return retirement
              }),
            )
            .pipe(Effect.retry({ while: (e) => conflicted(e) || duplicated(e), times: RETRIES })),
        )
      },
    )

    const restore: ArchivesService["restore"] = Effect.fn("Archives.restore")(
      function* (tenant, customerId, by) {
        const staff = yield* decodeBy(by)
        const at = yield* Clock.currentTimeMillis
        return yield* provide(
          store
            .transaction(
              Effect.gen(function* () {
                const [current] = yield* Collection.entriesOf(retirementRecords, tenant, {
                  where: { current: customerId },
                })
                if (current === undefined)
                  return yield* new Errors.NotFoundError({ entity: "retirement", id: customerId })
                const restored = yield* Retirement.restore(current.value, at, staff)
                yield* retirementRecords.update(tenant, restored, current.version)
                return restored
              }),
            )
            .pipe(Effect.retry({ while: conflicted, times: RETRIES })),
        )
      },
    )

    const savePolicy =
      <A extends { readonly version: number }>(
        collection: Collection.Collection<A, never>,
        kind: "review" | "retention",
        decodePolicy: (input: unknown) => Either.Either<A, Errors.ValidationError>,
      ) =>
      (tenant: Ids.TenantId, input: unknown) =>
        Effect.flatMap(decodePolicy(input), (policy) =>
          provide(
            collection.insertImmutable(
              tenant,
              policy,
              () => new PolicyVersionConflictError({ kind, version: policy.version }),
            ),
          ),
        )

    const service: ArchivesService = {
      fileArchive,
      refile: (tenant, customerId, input) =>
        changeArchive(tenant, customerId, (archive) => Archive.refile(archive, input, scheme)),
      addNote: (tenant, customerId, note) =>
        changeArchive(tenant, customerId, (archive) => Archive.addNote(archive, note)),
      addTestimonial: (tenant, customerId, testimonial) =>
        changeArchive(tenant, customerId, (archive) =>
          Archive.archiveTestimonial(archive, testimonial),
        ),
      reviewArchive: (tenant, customerId, input) =>
        changeArchive(tenant, customerId, (archive) => Review.review(archive, input)),
      getArchive: (tenant, customerId) =>
        provide(Effect.map(loadArchive(tenant, customerId), (entry) => entry.value)),
      archivesByClass: (tenant, customerClass) =>
        provide(Collection.valuesOf(archives, tenant, { where: { customerClass } })),
      saveReviewPolicy: savePolicy(reviewPolicies, "review", Review.makePolicy),
      overdueReviews: Effect.fn("Archives.overdueReviews")(function* (tenant, policyVersion) {
        const version = yield* decodeVersion("policyVersion")(policyVersion)
        const policy = yield* loadPolicy(reviewPolicies, "review policy", tenant, version)
        const now = yield* Clock.currentTimeMillis
        return yield* Review.overdue(yield* allArchives(tenant), policy, now)
      }),
      adjustmentIndex: Effect.fn("Archives.adjustmentIndex")(
        function* (tenant, policyVersion, year) {
          const version = yield* decodeVersion("policyVersion")(policyVersion)
          const policy = yield* loadPolicy(reviewPolicies, "review policy", tenant, version)
          return yield* Review.adjustmentIndex(yield* allArchives(tenant), year, policy)
        },
      ),
      retire,
      restore,
      retirements: (tenant, customerId) =>
        provide(
          Collection.valuesOf(retirementRecords, tenant, {
            where: { customerId },
            orderBy: { index: "retiredAt" },
          }),
        ),
      saveRetentionPolicy: savePolicy(retentionPolicies, "retention", Retention.makePolicy),
      placeHold,
      releaseHold,
      holds: (tenant) => provide(readHolds(tenant)),
      sweep,
      previewErasure,
      erase,
      erasures: (tenant) =>
        provide(Collection.valuesOf(receipts, tenant, { orderBy: { index: "completedAt" } })),
      dispositions: (tenant, collection) =>
        provide(Collection.valuesOf(dispositionRecords, tenant, { where: { collection } })),
    }
    return service
  })

// --- layers -----------------------------------------------------------------------

/**
 * The service's layer over a `Store`.
 *
 * @example
 * ```ts
 * import { Archives } from "@clientele/archive"
 * import { MemoryStore } from "@clientele/store"
 * import * as Layer from "effect/Layer"
 *
 * const live = Archives.layer({ sources: [], maskingKey: "a-long-secret-kept-in-the-vault" }).pipe(
 *   Layer.provide(MemoryStore.layer),
 * )
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  options: Options,
): Layer.Layer<Archives, Errors.ValidationError, Store.Store> =>
  Layer.effect(Archives, make(options))

/**
 * The Promise API: the service's methods as plain async functions over a store
 * layer. Rejections are the same tagged errors.
 *
 * @example
 * ```ts
 * import { Archives } from "@clientele/archive"
 * import { Ids } from "@clientele/core"
 * import { MemoryStore } from "@clientele/store"
 *
 * const client = await Archives.makeClient(
 *   { sources: [], maskingKey: "a-long-secret-kept-in-the-vault" },
 *   MemoryStore.layer,
 * )
 * const tenant = Ids.TenantId.make("acme")
 * await client.fileArchive(tenant, { customer: "cus-1", customerClass: "major", at: Date.UTC(2025, 0, 2), by: "s1" })
 * await client.close()
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeClient = <E>(
  options: Options,
  store: Layer.Layer<Store.Store, E>,
): Promise<PromiseClient.PromiseClient<ArchivesService>> =>
  PromiseClient.make(Archives, layer(options).pipe(Layer.provide(store)))

// --- errors -----------------------------------------------------------------------

/**
 * A review or retention policy version was saved again with different content: a
 * saved version never changes, so what was decided under it keeps its meaning.
 *
 * @example
 * ```ts
 * import { Archives } from "@clientele/archive"
 *
 * new Archives.PolicyVersionConflictError({ kind: "retention", version: 2 }).message
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class PolicyVersionConflictError extends Schema.TaggedError<PolicyVersionConflictError>(
  "@clientele/archive/PolicyVersionConflictError",
)("PolicyVersionConflictError", {
  kind: Schema.Literal("review", "retention"),
  version: Schema.Int,
}) {
  override get message(): string {
    return `${this.kind} policy version ${this.version} is saved with other content: save the change as a new version`
  }
}

/**
 * A customer already has an archive (ARC-1: one archive per customer, refiled
 * rather than filed twice).
 *
 * @example
 * ```ts
 * import { Archives } from "@clientele/archive"
 *
 * new Archives.ArchiveExistsError({ customerId: "cus-1" }).message
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class ArchiveExistsError extends Schema.TaggedError<ArchiveExistsError>(
  "@clientele/archive/ArchiveExistsError",
)("ArchiveExistsError", { customerId: Schema.String }) {
  override get message(): string {
    return `customer ${this.customerId} already has an archive: refile it instead (ARC-1)`
  }
}

/**
 * A customer already has a retirement that is not restored (ARC-3): restore it
 * first, or leave it.
 *
 * @example
 * ```ts
 * import { Archives } from "@clientele/archive"
 *
 * new Archives.RetirementExistsError({ customerId: "cus-1" }).message
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class RetirementExistsError extends Schema.TaggedError<RetirementExistsError>(
  "@clientele/archive/RetirementExistsError",
)("RetirementExistsError", { customerId: Schema.String }) {
  override get message(): string {
    return `customer ${this.customerId} is already retired: restore the retirement before recording another (ARC-3)`
  }
}

/**
 * A legal hold id is already used: a hold is placed once, and released rather than
 * replaced.
 *
 * @example
 * ```ts
 * import { Archives } from "@clientele/archive"
 *
 * new Archives.HoldExistsError({ holdId: "hold-7" }).message
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class HoldExistsError extends Schema.TaggedError<HoldExistsError>(
  "@clientele/archive/HoldExistsError",
)("HoldExistsError", { holdId: Schema.String }) {
  override get message(): string {
    return `legal hold ${this.holdId} is already placed: release it, or place a hold under a new id`
  }
}
