/**
 * Customer archives filed by customer class (ARC-1): one archive per customer, filed
 * under the class the segmentation policy computed for it (SEG-1's tier names such as
 * `major`, `general`, `potential`, or `5-star` … `1-star`), holding the customer's
 * profile facts, notes and testimonials, and an append-only history of what happened
 * to it — filed, refiled under another class, reviewed (the reviews and their
 * adjustments are ARC-2, see the `Review` module).
 *
 * Every field that holds personal data (profile values, notes, what a customer said
 * and who said it, the before and after values of an adjustment) carries core's
 * `Personal.personal` mark, so retention and erasure (ARC-4) find them without
 * archive-specific code. Staff and customer ids are opaque identifiers and are not
 * marked: erasing a person erases what the ids point to, not the ids.
 *
 * Everything here is pure: functions take the archive and the instant of the change
 * as data and return a new archive or a typed error.
 *
 * @since 0.1.0
 */
import { Errors, Ids, Period, Personal } from "@clientele/core"
import type { Policy } from "@clientele/segmentation"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"

const Name = Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(64))

/**
 * A customer class: the name of a tier of a segmentation scheme (SEG-1), 1 to 64
 * characters without surrounding blanks.
 *
 * @remarks
 * A class is a free string rather than a literal union of the built-in tier names:
 * a tenant may run its own scheme, and an archive filed under a scheme that was later
 * replaced (three tiers → stars) must still decode. Functions that file or refile
 * take an optional `Policy.TierScheme`; given one, a class outside it is refused with
 * an {@link UnknownClassError}.
 *
 * @example
 * ```ts
 * import { Archive } from "@clientele/archive"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(Archive.CustomerClass)("major") // true
 * Schema.is(Archive.CustomerClass)(" ") // false
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const CustomerClass = Name.pipe(Schema.annotations({ identifier: "CustomerClass" }))

/**
 * The type of a {@link CustomerClass}: a tier name.
 *
 * @example
 * ```ts
 * import type { Archive } from "@clientele/archive"
 *
 * const customerClass: Archive.CustomerClass = "potential"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type CustomerClass = typeof CustomerClass.Type

/**
 * The key of a profile fact, such as `contactPerson`, `phone` or `industry`.
 *
 * @example
 * ```ts
 * import { Archive } from "@clientele/archive"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(Archive.FactKey)("phone") // true
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const FactKey = Name.pipe(Schema.annotations({ identifier: "FactKey" }))

/**
 * One fact of a customer's profile: a key and its value. The value is marked
 * personal, since a profile holds names and contact details.
 *
 * @example
 * ```ts
 * import { Archive } from "@clientele/archive"
 *
 * const fact = Archive.ProfileFact.make({ key: "contactPerson", value: "Ada Lovelace" })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ProfileFact = Schema.Struct({
  key: FactKey,
  value: Personal.personal(Schema.String.pipe(Schema.maxLength(2000))),
}).pipe(Schema.annotations({ identifier: "ProfileFact" }))

/**
 * The type of a {@link ProfileFact}.
 *
 * @example
 * ```ts
 * import type { Archive } from "@clientele/archive"
 *
 * const fact: Archive.ProfileFact = { key: "phone", value: "+49 30 1234567" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type ProfileFact = typeof ProfileFact.Type

/**
 * A note on the archive: free text about the customer (marked personal), when and by
 * whom it was written.
 *
 * @example
 * ```ts
 * import { Archive } from "@clientele/archive"
 * import { Ids } from "@clientele/core"
 *
 * const note = Archive.Note.make({
 *   at: Date.UTC(2024, 4, 2),
 *   by: Ids.StaffId.make("staff_7"),
 *   text: "Prefers calls after 14:00",
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Note = Schema.Struct({
  at: Period.Instant,
  by: Ids.StaffId,
  text: Personal.personal(Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(10_000))),
}).pipe(Schema.annotations({ identifier: "ArchiveNote" }))

/**
 * The type of a {@link Note}.
 *
 * @example
 * ```ts
 * import type { Archive } from "@clientele/archive"
 * import { Ids } from "@clientele/core"
 *
 * const note: Archive.Note = { at: 0, by: Ids.StaffId.make("staff_7"), text: "Met at the fair" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Note = typeof Note.Type

/**
 * The channel a testimonial came through.
 *
 * @example
 * ```ts
 * import { Archive } from "@clientele/archive"
 *
 * Archive.Channel.literals // ["inPerson", "visit", "phone", "email", "letter", "survey", "web", "social"]
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Channel = Schema.Literal(
  "inPerson",
  "visit",
  "phone",
  "email",
  "letter",
  "survey",
  "web",
  "social",
)

/**
 * The type of a {@link Channel}.
 *
 * @example
 * ```ts
 * import type { Archive } from "@clientele/archive"
 *
 * const channel: Archive.Channel = "survey"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Channel = typeof Channel.Type

/**
 * A testimonial (ARC-1): what the customer said (`statement`), who said it
 * (`author`), when (`saidAt`) and through which channel, whether they consented to
 * its publication, and when and by whom it was archived. `statement` and `author`
 * are marked personal.
 *
 * @example
 * ```ts
 * import { Archive } from "@clientele/archive"
 * import { Ids } from "@clientele/core"
 *
 * const praise = Archive.Testimonial.make({
 *   statement: "Delivery was faster than promised.",
 *   author: "Grace Hopper",
 *   saidAt: Date.UTC(2024, 2, 1),
 *   channel: "phone",
 *   consentToPublish: true,
 *   archivedAt: Date.UTC(2024, 2, 2),
 *   archivedBy: Ids.StaffId.make("staff_7"),
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Testimonial = Schema.Struct({
  statement: Personal.personal(Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(10_000))),
  author: Personal.personal(Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(200))),
  saidAt: Period.Instant,
  channel: Channel,
  consentToPublish: Schema.Boolean,
  archivedAt: Period.Instant,
  archivedBy: Ids.StaffId,
}).pipe(Schema.annotations({ identifier: "Testimonial" }))

/**
 * The type of a {@link Testimonial}.
 *
 * @example
 * ```ts
 * import type { Archive } from "@clientele/archive"
 *
 * const publishable = (testimonial: Archive.Testimonial) => testimonial.consentToPublish
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Testimonial = typeof Testimonial.Type

/**
 * One adjustment made by a review (ARC-2): the field that changed (such as
 * `profile.phone`), its value before (absent when the field was added) and after
 * (absent when it was removed). Both values are marked personal.
 *
 * @example
 * ```ts
 * import { Archive } from "@clientele/archive"
 *
 * const adjustment = Archive.Adjustment.make({ field: "profile.phone", before: "030 1", after: "030 2" })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Adjustment = Schema.Struct({
  field: Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(128)),
  before: Schema.optional(Personal.personal(Schema.String.pipe(Schema.maxLength(2000)))),
  after: Schema.optional(Personal.personal(Schema.String.pipe(Schema.maxLength(2000)))),
}).pipe(Schema.annotations({ identifier: "Adjustment" }))

/**
 * The type of an {@link Adjustment}.
 *
 * @example
 * ```ts
 * import type { Archive } from "@clientele/archive"
 *
 * const added: Archive.Adjustment = { field: "profile.industry", after: "logistics" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Adjustment = typeof Adjustment.Type

/**
 * The history entry that opens every archive: filed under a class, when, by whom.
 *
 * @example
 * ```ts
 * import { Archive } from "@clientele/archive"
 * import { Ids } from "@clientele/core"
 *
 * const filed = Archive.Filed.make({ customerClass: "general", at: 0, by: Ids.StaffId.make("staff_7") })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Filed = Schema.TaggedStruct("Filed", {
  customerClass: CustomerClass,
  at: Period.Instant,
  by: Ids.StaffId,
})

/**
 * A move of the archive from one class to another (ARC-1): from, to, when, by whom,
 * and the version of the segmentation policy that computed the new class, when known.
 *
 * @example
 * ```ts
 * import { Archive } from "@clientele/archive"
 * import { Ids } from "@clientele/core"
 *
 * const move = Archive.Refiled.make({
 *   from: "general",
 *   to: "major",
 *   at: Date.UTC(2025, 0, 2),
 *   by: Ids.StaffId.make("staff_7"),
 *   policyVersion: "2025",
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Refiled = Schema.TaggedStruct("Refiled", {
  from: CustomerClass,
  to: CustomerClass,
  at: Period.Instant,
  by: Ids.StaffId,
  policyVersion: Schema.optional(Name),
})

/**
 * A review of the archive (ARC-2): when, by whom, and the adjustments it made — none
 * at all is still a review.
 *
 * @example
 * ```ts
 * import { Archive } from "@clientele/archive"
 * import { Ids } from "@clientele/core"
 *
 * const review = Archive.Reviewed.make({ at: Date.UTC(2025, 5, 1), by: Ids.StaffId.make("staff_7"), adjustments: [] })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Reviewed = Schema.TaggedStruct("Reviewed", {
  at: Period.Instant,
  by: Ids.StaffId,
  adjustments: Schema.Array(Adjustment),
})

/**
 * One entry of an archive's append-only history: {@link Filed}, {@link Refiled} or
 * {@link Reviewed}.
 *
 * @example
 * ```ts
 * import { Archive } from "@clientele/archive"
 * import * as Schema from "effect/Schema"
 *
 * const entry = Schema.decodeUnknownSync(Archive.HistoryEntry)({
 *   _tag: "Reviewed",
 *   at: 0,
 *   by: "staff_7",
 *   adjustments: [],
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const HistoryEntry = Schema.Union(Filed, Refiled, Reviewed)

/**
 * The type of a {@link HistoryEntry}.
 *
 * @example
 * ```ts
 * import type { Archive } from "@clientele/archive"
 *
 * const isMove = (entry: Archive.HistoryEntry) => entry._tag === "Refiled"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type HistoryEntry = typeof HistoryEntry.Type

/**
 * A customer archive (ARC-1): the customer, the class it is filed under, its profile
 * facts (unique keys), notes, testimonials, and its history. The schema checks that
 * the history opens with the one {@link Filed} entry, that its instants never go
 * back, that each move starts from the class the archive was in, and that
 * `customerClass` is where the last move left it.
 *
 * @example
 * ```ts
 * import { Archive } from "@clientele/archive"
 * import { Errors } from "@clientele/core"
 *
 * const archive = Errors.decodeEither(Archive.Archive)({
 *   customer: "cus_42",
 *   customerClass: "general",
 *   profile: [],
 *   notes: [],
 *   testimonials: [],
 *   history: [{ _tag: "Filed", customerClass: "general", at: 0, by: "staff_7" }],
 * }) // Right
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Archive = Schema.Struct({
  customer: Ids.CustomerId,
  customerClass: CustomerClass,
  profile: Schema.Array(ProfileFact),
  notes: Schema.Array(Note),
  testimonials: Schema.Array(Testimonial),
  history: Schema.NonEmptyArray(HistoryEntry),
}).pipe(
  Schema.filter((archive) => {
    const issues: Array<Schema.FilterIssue> = []
    const keys = new Set<string>()
    archive.profile.forEach((fact, index) => {
      if (keys.has(fact.key))
        issues.push({
          path: ["profile", index, "key"],
          message: `the profile fact ${fact.key} appears twice`,
        })
      keys.add(fact.key)
    })
    let current: string | undefined
    let latest = Number.NEGATIVE_INFINITY
    archive.history.forEach((entry, index) => {
      if (entry.at < latest)
        issues.push({
          path: ["history", index, "at"],
          message: "the history is append-only: an entry cannot be earlier than the one before it",
        })
      latest = Math.max(latest, entry.at)
      switch (entry._tag) {
        case "Filed":
          if (index !== 0)
            issues.push({
              path: ["history", index],
              message: "an archive is filed once, by its first history entry",
            })
          current = entry.customerClass
          break
        case "Refiled":
          if (entry.from !== current)
            issues.push({
              path: ["history", index, "from"],
              message: `the move starts from ${entry.from} but the archive was in ${String(current)}`,
            })
          if (entry.from === entry.to)
            issues.push({
              path: ["history", index, "to"],
              message: "a move goes to another class",
            })
          current = entry.to
          break
        case "Reviewed":
          break
      }
    })
    if (archive.history[0]._tag !== "Filed")
      issues.push({ path: ["history", 0], message: "the history opens with the Filed entry" })
    if (current !== undefined && current !== archive.customerClass)
      issues.push({
        path: ["customerClass"],
        message: `the archive is filed under ${archive.customerClass} but its history leaves it in ${current}`,
      })
    return issues
  }),
  Schema.annotations({ identifier: "Archive" }),
)

/**
 * The type of an {@link Archive}.
 *
 * @example
 * ```ts
 * import type { Archive } from "@clientele/archive"
 *
 * const classOf = (archive: Archive.Archive) => archive.customerClass
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Archive = typeof Archive.Type

/**
 * A class was given that the tier scheme in force does not have; `field` names the
 * input field, `known` the scheme's classes.
 *
 * @example
 * ```ts
 * import { Archive } from "@clientele/archive"
 *
 * const error = new Archive.UnknownClassError({
 *   field: "customerClass",
 *   customerClass: "gold",
 *   scheme: "three tiers",
 *   known: ["major", "general", "potential"],
 * })
 * error.message // "customerClass: gold is not a class of the scheme three tiers (major, general, potential)"
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class UnknownClassError extends Schema.TaggedError<UnknownClassError>(
  "@clientele/archive/UnknownClassError",
)("UnknownClassError", {
  field: Schema.String,
  customerClass: Schema.String,
  scheme: Schema.String,
  known: Schema.Array(Schema.String),
}) {
  override get message(): string {
    return `${this.field}: ${this.customerClass} is not a class of the scheme ${this.scheme} (${this.known.join(", ")})`
  }
}

/**
 * A change is dated before the archive's latest history entry: the history is
 * append-only, so it cannot take an entry in the past. `field` names the input field.
 *
 * @example
 * ```ts
 * import { Archive } from "@clientele/archive"
 *
 * const error = new Archive.OutOfOrderError({ field: "at", at: 5, latest: 10 })
 * error.message // "at: 5 is before the latest history entry at 10 (the history is append-only)"
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class OutOfOrderError extends Schema.TaggedError<OutOfOrderError>(
  "@clientele/archive/OutOfOrderError",
)("OutOfOrderError", {
  field: Schema.String,
  at: Schema.Number,
  latest: Schema.Number,
}) {
  override get message(): string {
    return `${this.field}: ${this.at} is before the latest history entry at ${this.latest} (the history is append-only)`
  }
}

/**
 * The classes of a tier scheme (SEG-1): its tiers best first, then the tier of
 * customers without a purchase.
 *
 * @example
 * ```ts
 * import { Archive } from "@clientele/archive"
 * import { Policy } from "@clientele/segmentation"
 *
 * Archive.classesOf(Policy.threeTiers) // ["major", "general", "potential"]
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const classesOf = (scheme: Policy.TierScheme): ReadonlyArray<CustomerClass> => [
  ...scheme.tiers.map((tier) => tier.name),
  scheme.inactive.name,
]

const checkClass = (
  customerClass: string,
  field: string,
  scheme: Policy.TierScheme | undefined,
): Either.Either<void, UnknownClassError> => {
  if (scheme === undefined) return Either.void
  const known = classesOf(scheme)
  return known.includes(customerClass)
    ? Either.void
    : Either.left(
        new UnknownClassError({ field, customerClass, scheme: scheme.name, known: [...known] }),
      )
}

/**
 * What {@link file} accepts: the customer, its class, when and by whom it is filed,
 * and optionally the archive's first profile facts, notes and testimonials.
 *
 * @example
 * ```ts
 * import type { Archive } from "@clientele/archive"
 *
 * const input: typeof Archive.FileInput.Encoded = {
 *   customer: "cus_42",
 *   customerClass: "major",
 *   at: Date.UTC(2024, 0, 15),
 *   by: "staff_7",
 *   profile: [{ key: "contactPerson", value: "Ada Lovelace" }],
 * }
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const FileInput = Schema.Struct({
  customer: Ids.CustomerId,
  customerClass: CustomerClass,
  at: Period.Instant,
  by: Ids.StaffId,
  profile: Schema.optionalWith(Schema.Array(ProfileFact), { default: () => [] }),
  notes: Schema.optionalWith(Schema.Array(Note), { default: () => [] }),
  testimonials: Schema.optionalWith(Schema.Array(Testimonial), { default: () => [] }),
})

/**
 * Files a new archive under a class (ARC-1). Untrusted input is decoded: a bad field
 * gives a `ValidationError` naming its path; with a `scheme`, a class outside it
 * gives an {@link UnknownClassError} on `customerClass`.
 *
 * @example
 * ```ts
 * import { Archive } from "@clientele/archive"
 * import { Policy } from "@clientele/segmentation"
 *
 * const archive = Archive.file(
 *   { customer: "cus_42", customerClass: "major", at: Date.UTC(2024, 0, 15), by: "staff_7" },
 *   Policy.threeTiers,
 * ) // Right({ customerClass: "major", history: [{ _tag: "Filed", … }], … })
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const file = (
  input: unknown,
  scheme?: Policy.TierScheme,
): Either.Either<Archive, Errors.ValidationError | UnknownClassError> =>
  Either.flatMap(Errors.decodeEither(FileInput)(input), (valid) =>
    Either.flatMap(checkClass(valid.customerClass, "customerClass", scheme), () =>
      // The archive's own checks (unique profile keys) run on the assembled archive.
      Either.mapLeft(
        Schema.validateEither(Archive, { errors: "all" })({
          customer: valid.customer,
          customerClass: valid.customerClass,
          profile: valid.profile,
          notes: valid.notes,
          testimonials: valid.testimonials,
          history: [Filed.make({ customerClass: valid.customerClass, at: valid.at, by: valid.by })],
        }),
        Errors.ValidationError.fromParseError,
      ),
    ),
  )

/**
 * The instant of the latest history entry of an archive: no new entry may be
 * earlier.
 *
 * @example
 * ```ts
 * import { Archive } from "@clientele/archive"
 * import * as Either from "effect/Either"
 *
 * const archive = Either.getOrThrow(
 *   Archive.file({ customer: "cus_42", customerClass: "general", at: 1_000, by: "staff_7" }),
 * )
 * Archive.latestAt(archive) // 1000
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const latestAt = (archive: Archive): number => {
  let latest = Number.NEGATIVE_INFINITY
  for (const entry of archive.history) if (entry.at > latest) latest = entry.at
  return latest
}

/**
 * The instant the archive was first filed.
 *
 * @example
 * ```ts
 * import { Archive } from "@clientele/archive"
 * import * as Either from "effect/Either"
 *
 * const archive = Either.getOrThrow(
 *   Archive.file({ customer: "cus_42", customerClass: "general", at: 1_000, by: "staff_7" }),
 * )
 * Archive.filedAt(archive) // 1000
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const filedAt = (archive: Archive): number => archive.history[0].at

const checkOrder = (
  archive: Archive,
  at: number,
  field: string,
): Either.Either<void, OutOfOrderError> => {
  const latest = latestAt(archive)
  return at < latest ? Either.left(new OutOfOrderError({ field, at, latest })) : Either.void
}

/**
 * What {@link refile} accepts: the new class, when and by whom, and optionally the
 * version of the segmentation policy that computed it.
 *
 * @example
 * ```ts
 * import type { Archive } from "@clientele/archive"
 *
 * const move: typeof Archive.RefileInput.Encoded = { to: "major", at: Date.UTC(2025, 0, 2), by: "staff_7", policyVersion: "2025" }
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const RefileInput = Schema.Struct({
  to: CustomerClass,
  at: Period.Instant,
  by: Ids.StaffId,
  policyVersion: Schema.optional(Name),
})

/**
 * Refiles an archive under a new class when the customer's class changes (ARC-1),
 * appending a {@link Refiled} entry that records from, to, when and by whom. Fails
 * with a `ValidationError` naming the bad input field, an {@link UnknownClassError}
 * on `to` when a `scheme` is given and lacks the class, or an {@link OutOfOrderError}
 * on `at` when the move is dated before the latest history entry.
 *
 * @remarks
 * Refiling under the class the archive is already in is not a move: the archive is
 * returned unchanged, so a classification run that is repeated records nothing twice.
 *
 * @example
 * ```ts
 * import { Archive } from "@clientele/archive"
 * import * as Either from "effect/Either"
 *
 * const archive = Either.getOrThrow(
 *   Archive.file({ customer: "cus_42", customerClass: "general", at: Date.UTC(2024, 0, 1), by: "staff_7" }),
 * )
 * const moved = Archive.refile(archive, { to: "major", at: Date.UTC(2025, 0, 2), by: "staff_9" })
 * // Right({ customerClass: "major", history: [Filed, Refiled { from: "general", to: "major", … }] })
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const refile = (
  archive: Archive,
  input: unknown,
  scheme?: Policy.TierScheme,
): Either.Either<Archive, Errors.ValidationError | UnknownClassError | OutOfOrderError> =>
  Either.flatMap(Errors.decodeEither(RefileInput)(input), (move) =>
    Either.flatMap(checkClass(move.to, "to", scheme), () =>
      Either.map(checkOrder(archive, move.at, "at"), (): Archive => {
        if (move.to === archive.customerClass) return archive
        const entry = Refiled.make({
          from: archive.customerClass,
          to: move.to,
          at: move.at,
          by: move.by,
          ...(move.policyVersion === undefined ? {} : { policyVersion: move.policyVersion }),
        })
        return { ...archive, customerClass: move.to, history: [...archive.history, entry] }
      }),
    ),
  )

/**
 * Archives a testimonial (ARC-1): the testimonial is decoded (a bad field gives a
 * `ValidationError` naming its path) and appended to the archive's testimonials.
 *
 * @example
 * ```ts
 * import { Archive } from "@clientele/archive"
 * import * as Either from "effect/Either"
 *
 * const archive = Either.getOrThrow(
 *   Archive.file({ customer: "cus_42", customerClass: "general", at: 0, by: "staff_7" }),
 * )
 * const withPraise = Archive.archiveTestimonial(archive, {
 *   statement: "Best service in town.",
 *   author: "Grace Hopper",
 *   saidAt: Date.UTC(2024, 2, 1),
 *   channel: "survey",
 *   consentToPublish: false,
 *   archivedAt: Date.UTC(2024, 2, 2),
 *   archivedBy: "staff_7",
 * }) // Right
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const archiveTestimonial = (
  archive: Archive,
  testimonial: unknown,
): Either.Either<Archive, Errors.ValidationError> =>
  Either.map(
    Errors.decodeEither(Testimonial)(testimonial),
    (valid): Archive => ({ ...archive, testimonials: [...archive.testimonials, valid] }),
  )

/**
 * Adds a note to an archive: the note is decoded (a bad field gives a
 * `ValidationError` naming its path) and appended.
 *
 * @example
 * ```ts
 * import { Archive } from "@clientele/archive"
 * import * as Either from "effect/Either"
 *
 * const archive = Either.getOrThrow(
 *   Archive.file({ customer: "cus_42", customerClass: "general", at: 0, by: "staff_7" }),
 * )
 * Archive.addNote(archive, { at: 1_000, by: "staff_7", text: "Moved to a new warehouse" }) // Right
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const addNote = (
  archive: Archive,
  note: unknown,
): Either.Either<Archive, Errors.ValidationError> =>
  Either.map(
    Errors.decodeEither(Note)(note),
    (valid): Archive => ({ ...archive, notes: [...archive.notes, valid] }),
  )

/**
 * The testimonials of an archive whose author consented to their publication.
 *
 * @example
 * ```ts
 * import { Archive } from "@clientele/archive"
 *
 * declare const archive: Archive.Archive
 * const quotes = Archive.publishable(archive).map((testimonial) => testimonial.statement)
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const publishable = (archive: Archive): ReadonlyArray<Testimonial> =>
  archive.testimonials.filter((testimonial) => testimonial.consentToPublish)

/**
 * The class an archive was filed under at an instant, read from its history (a move
 * takes effect at its own instant), or `undefined` before the archive was filed.
 *
 * @example
 * ```ts
 * import { Archive } from "@clientele/archive"
 * import * as Either from "effect/Either"
 *
 * const archive = Either.getOrThrow(
 *   Archive.refile(
 *     Either.getOrThrow(Archive.file({ customer: "cus_42", customerClass: "general", at: 0, by: "staff_7" })),
 *     { to: "major", at: 5_000, by: "staff_7" },
 *   ),
 * )
 * Archive.classAt(archive, 4_999) // "general"
 * Archive.classAt(archive, 5_000) // "major"
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const classAt = (archive: Archive, instant: number): CustomerClass | undefined => {
  let current: CustomerClass | undefined
  for (const entry of archive.history) {
    if (entry.at > instant) break
    if (entry._tag === "Filed") current = entry.customerClass
    else if (entry._tag === "Refiled") current = entry.to
  }
  return current
}

/**
 * The archives of a list indexed by their current class (ARC-1): each class maps to
 * its archives in the order of the list. Classes appear in the order they are first
 * met.
 *
 * @example
 * ```ts
 * import { Archive } from "@clientele/archive"
 *
 * declare const archives: ReadonlyArray<Archive.Archive>
 * const index = Archive.byClass(archives)
 * index.get("major")?.length
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export const byClass = (
  archives: ReadonlyArray<Archive>,
): ReadonlyMap<CustomerClass, ReadonlyArray<Archive>> => {
  const index = new Map<CustomerClass, Array<Archive>>()
  for (const archive of archives) {
    const filed = index.get(archive.customerClass)
    if (filed === undefined) index.set(archive.customerClass, [archive])
    else filed.push(archive)
  }
  return index
}

/**
 * The archives of a list filed under one class (ARC-1), in the order of the list.
 *
 * @example
 * ```ts
 * import { Archive } from "@clientele/archive"
 *
 * declare const archives: ReadonlyArray<Archive.Archive>
 * const potential = Archive.lookup(archives, "potential")
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export const lookup = (
  archives: ReadonlyArray<Archive>,
  customerClass: string,
): ReadonlyArray<Archive> => {
  const found: Array<Archive> = []
  for (const archive of archives) if (archive.customerClass === customerClass) found.push(archive)
  return found
}

/**
 * Whether `later` is `earlier` with entries appended to its history and nothing of
 * its history changed or removed: what every change of this package guarantees, for
 * a store to check before it writes an archive.
 *
 * @example
 * ```ts
 * import { Archive } from "@clientele/archive"
 * import * as Either from "effect/Either"
 *
 * const archive = Either.getOrThrow(
 *   Archive.file({ customer: "cus_42", customerClass: "general", at: 0, by: "staff_7" }),
 * )
 * const moved = Either.getOrThrow(Archive.refile(archive, { to: "major", at: 1, by: "staff_7" }))
 * Archive.extendsHistory(archive, moved) // true
 * Archive.extendsHistory(moved, archive) // false
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const extendsHistory = (earlier: Archive, later: Archive): boolean => {
  if (earlier.customer !== later.customer) return false
  if (later.history.length < earlier.history.length) return false
  const equalEntry = Schema.equivalence(HistoryEntry)
  for (let index = 0; index < earlier.history.length; index++) {
    const before = earlier.history[index]
    const after = later.history[index]
    if (before === undefined || after === undefined || !equalEntry(before, after)) return false
  }
  return true
}
