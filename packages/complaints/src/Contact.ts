/**
 * Customer contacts, their root causes and repeat contacts (CMP-9, CMP-10).
 *
 * Every contact — a call, an email, a chat, a visit — records its root cause from a
 * catalogue (CMP-9), so that a baseline exists to measure improvement against; the
 * catalogue flags the causes the company created itself (confusing information, a
 * broken promise, a missed deadline, a defective delivery) as avoidable.
 *
 * A contact about a problem the same customer already raised within the repeat
 * window is a repeat contact (CMP-10). It is detected on any channel and under any
 * ticket, because "the same problem" is a normalised key ({@link problemKeyOf}), not
 * a ticket number; it is linked to the first contact of its chain (`repeatOf`), and
 * it needs a short note of why the first contact did not resolve the problem before
 * its complaint may be resolved ({@link needsRepeatNote}).
 *
 * Two kinds of contact never count as repeats:
 * - a contact that only says thank you after the problem was solved (`thankYou`):
 *   the problem still counts as solved on first contact;
 * - a duplicate merged into another contact (`mergedInto`): every report skips it,
 *   and a link to it counts for the contact it was merged into, so merging never
 *   counts one contact twice.
 *
 * Everything here is pure: "now" and the history are parameters.
 *
 * @since 0.1.0
 */
import { Errors, Ids, Period, Personal } from "@clientele/core"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Category from "./Category.js"

const DAY_MS = 86_400_000
const HOUR_MS = 3_600_000

/**
 * A root-cause code: lower-case words joined by `-` (`broken-promise`).
 *
 * @example
 * ```ts
 * import { Contact } from "@clientele/complaints"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(Contact.RootCauseCode)("missed-deadline") // true
 * Schema.is(Contact.RootCauseCode)("Missed deadline") // false
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const RootCauseCode = Schema.String.pipe(
  Schema.pattern(/^[a-z0-9]+(?:-[a-z0-9]+)*$/),
  Schema.maxLength(60),
  Schema.annotations({
    identifier: "RootCauseCode",
    message: () =>
      "a root-cause code is at most 60 characters of lower-case words joined by '-' (e.g. broken-promise)",
  }),
)

/**
 * @example
 * ```ts
 * import type { Contact } from "@clientele/complaints"
 *
 * const code: Contact.RootCauseCode = "defective-delivery"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type RootCauseCode = typeof RootCauseCode.Type

/**
 * One entry of the root-cause catalogue (CMP-9). `avoidable` marks a cause the
 * company created — confusion it caused, a broken promise or deadline, a defective
 * delivery; `department` names who owns the cause, for improvement actions.
 *
 * @example
 * ```ts
 * import { Contact } from "@clientele/complaints"
 *
 * const wrongLabel = Contact.RootCause.make({ code: "wrong-shelf-label", label: "Wrong shelf label", avoidable: true })
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const RootCause = Schema.Struct({
  code: RootCauseCode,
  label: Schema.NonEmptyTrimmedString,
  avoidable: Schema.Boolean,
  department: Schema.optional(Ids.DepartmentId),
})

/**
 * @example
 * ```ts
 * import type { Contact } from "@clientele/complaints"
 *
 * const cause: Contact.RootCause = { code: "late-refund", label: "Refund came late", avoidable: true }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type RootCause = typeof RootCause.Type

/**
 * A root-cause catalogue: root causes with unique codes.
 *
 * @example
 * ```ts
 * import { Contact } from "@clientele/complaints"
 * import * as Schema from "effect/Schema"
 *
 * const catalogue = Schema.decodeUnknownSync(Contact.RootCauseCatalogue)(Contact.defaultRootCauses)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const RootCauseCatalogue = Schema.Array(RootCause).pipe(
  Schema.filter((causes) => {
    const seen = new Set<string>()
    for (const [index, cause] of causes.entries()) {
      if (seen.has(cause.code))
        return {
          path: [index, "code"],
          message: `root cause ${cause.code} is declared twice (CMP-9)`,
        }
      seen.add(cause.code)
    }
    return undefined
  }),
)

/**
 * @example
 * ```ts
 * import type { Contact } from "@clientele/complaints"
 *
 * const empty: Contact.RootCauseCatalogue = []
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type RootCauseCatalogue = typeof RootCauseCatalogue.Type

/**
 * The default root-cause catalogue. Avoidable (caused by the company, CMP-9):
 * - `unclear-information`: the company's information confused the customer (an
 *   ambiguous price tag, unclear terms, wrong advice);
 * - `broken-promise`: a commitment was not kept (a callback not made, a promised
 *   refund or replacement not sent);
 * - `missed-deadline`: a delivery, repair, refund or answer came after the date the
 *   company gave;
 * - `defective-delivery`: what was delivered was faulty, damaged, incomplete or the
 *   wrong item.
 *
 * Not avoidable:
 * - `customer-error`: the customer misused the product or made a mistake ordering;
 * - `product-question`: a genuine question about using or choosing a product;
 * - `changed-mind`: the customer no longer wants what they bought;
 * - `other`: nothing above fits (watch its volume: a large `other` means the
 *   catalogue needs a new entry).
 *
 * @example
 * ```ts
 * import { Contact } from "@clientele/complaints"
 *
 * Contact.defaultRootCauses.filter((cause) => cause.avoidable).map((cause) => cause.code)
 * // ["unclear-information", "broken-promise", "missed-deadline", "defective-delivery"]
 * ```
 *
 * @since 0.1.0
 * @category defaults
 */
export const defaultRootCauses: ReadonlyArray<RootCause> = [
  { code: "unclear-information", label: "Unclear or misleading information", avoidable: true },
  { code: "broken-promise", label: "Broken promise", avoidable: true },
  { code: "missed-deadline", label: "Missed deadline", avoidable: true },
  { code: "defective-delivery", label: "Defective or wrong delivery", avoidable: true },
  { code: "customer-error", label: "Customer error", avoidable: false },
  { code: "product-question", label: "Question about a product", avoidable: false },
  { code: "changed-mind", label: "Customer changed their mind", avoidable: false },
  { code: "other", label: "Other", avoidable: false },
]

/**
 * The normalised key of "the same problem", as {@link problemKeyOf} writes it.
 *
 * @example
 * ```ts
 * import { Contact } from "@clientele/complaints"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(Contact.ProblemKey)("product:order:ord-42") // true
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const ProblemKey = Schema.String.pipe(
  Schema.minLength(1, { message: () => "a problem key must not be empty (CMP-10)" }),
  Schema.maxLength(400, { message: () => "a problem key is at most 400 characters (CMP-10)" }),
  Schema.annotations({ identifier: "ProblemKey" }),
)

/**
 * @example
 * ```ts
 * import type { Contact } from "@clientele/complaints"
 *
 * const key: Contact.ProblemKey = "service:general"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type ProblemKey = typeof ProblemKey.Type

/**
 * One contact of a customer (CMP-9, CMP-10).
 *
 * - `problemKey` identifies the problem across channels and tickets
 *   ({@link problemKeyOf}); `rootCause` is a code of the root-cause catalogue.
 * - `repeatOf` is the id of the *first* contact of the chain this one repeats;
 *   `whyNotResolved` is the short note of why that first contact did not resolve
 *   the problem — it may be written after intake, see {@link needsRepeatNote}.
 * - `resolvedOnContact`: the problem was resolved during this contact.
 * - `thankYou`: the contact only thanks for a solved problem; it is never a repeat.
 * - `mergedInto`: this contact is a duplicate of that one; reports skip it.
 *
 * Refused: a contact that repeats or is merged into itself, a thank-you that is a
 * repeat, and a `whyNotResolved` note on a contact that is not a repeat.
 *
 * @example
 * ```ts
 * import { Contact } from "@clientele/complaints"
 * import { Ids } from "@clientele/core"
 *
 * const call = Contact.Contact.make({
 *   id: "k2",
 *   customerId: Ids.CustomerId.make("c1"),
 *   channel: "hotline",
 *   at: Date.UTC(2024, 2, 4, 9),
 *   problemKey: "product:order:o1",
 *   category: "product",
 *   rootCause: "broken-promise",
 *   summary: "The replacement promised last week has not arrived",
 *   repeatOf: "k1",
 *   whyNotResolved: "The replacement order was never placed",
 *   resolvedOnContact: true,
 * })
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const Contact = Schema.Struct({
  id: Ids.IdString,
  customerId: Ids.CustomerId,
  channel: Category.Channel,
  at: Period.Instant,
  problemKey: ProblemKey,
  category: Category.CategoryId,
  rootCause: RootCauseCode,
  summary: Personal.personal(Schema.String.pipe(Schema.maxLength(10_000))),
  complaintId: Schema.optional(Ids.ComplaintId),
  repeatOf: Schema.optional(Ids.IdString),
  whyNotResolved: Schema.optional(
    Personal.personal(Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(2_000))),
  ),
  resolvedOnContact: Schema.Boolean,
  thankYou: Schema.optional(Schema.Boolean),
  mergedInto: Schema.optional(Ids.IdString),
}).pipe(
  Schema.filter((contact) => {
    const issues: Array<Schema.FilterIssue> = []
    if (contact.repeatOf === contact.id)
      issues.push({ path: ["repeatOf"], message: "a contact cannot repeat itself (CMP-10)" })
    if (contact.mergedInto === contact.id)
      issues.push({ path: ["mergedInto"], message: "a contact cannot be merged into itself" })
    if (contact.thankYou === true && contact.repeatOf !== undefined)
      issues.push({
        path: ["thankYou"],
        message: "a thank-you contact is not a repeat contact: it has no repeatOf (CMP-10)",
      })
    if (contact.whyNotResolved !== undefined && contact.repeatOf === undefined)
      issues.push({
        path: ["whyNotResolved"],
        message:
          "only a repeat contact (with repeatOf) carries the note of why the first contact did not resolve the problem (CMP-10)",
      })
    return issues
  }),
  Schema.annotations({ identifier: "Contact" }),
)

/**
 * @example
 * ```ts
 * import type { Contact } from "@clientele/complaints"
 * import { Ids } from "@clientele/core"
 *
 * const email: Contact.Contact = {
 *   id: "k1",
 *   customerId: Ids.CustomerId.make("c1"),
 *   channel: "email",
 *   at: Date.UTC(2024, 2, 1, 9),
 *   problemKey: "product:order:o1",
 *   category: "product",
 *   rootCause: "defective-delivery",
 *   summary: "The kettle arrived cracked",
 *   resolvedOnContact: false,
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Contact = typeof Contact.Type

/**
 * What a contact is about, for {@link problemKeyOf}: its category (a definition, or
 * a category id) and, when known, the order or the product concerned.
 *
 * @example
 * ```ts
 * import type { Contact } from "@clientele/complaints"
 *
 * const subject: Contact.ProblemSubject = { orderId: "o1", category: "product/out-of-stock" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface ProblemSubject {
  readonly orderId?: string | undefined
  readonly productId?: string | undefined
  readonly category: Category.Definition | string
}

/**
 * The key of "the same problem" (CMP-10): the category's group and the order — or,
 * without an order, the product — concerned: `<group>:order:<orderId>`,
 * `<group>:product:<productId>`, or `<group>:general` when neither is known.
 *
 * The group is the category's kind for a category definition, and the first
 * segment of a category id (`product/out-of-stock` → `product`; custom categories
 * live under a kind, `service/rude-staff`). A group rather than the category,
 * because two agents on two channels file the same problem under neighbouring
 * categories (`product` and `product/out-of-stock`); the order before the product,
 * because an order is what every channel can see (a phone agent may not record the
 * product a web form asks for). Ids are opaque and kept verbatim; the key is
 * unambiguous since the group and the `order:`/`product:` prefix contain no `:`
 * and only one id follows them.
 *
 * @example
 * ```ts
 * import { Category, Contact } from "@clientele/complaints"
 *
 * const outOfStock = Category.builtIn[1] ?? "product"
 * Contact.problemKeyOf({ orderId: "o1", productId: "p7", category: outOfStock }) // "product:order:o1"
 * Contact.problemKeyOf({ orderId: "o1", category: "product" }) // "product:order:o1"
 * Contact.problemKeyOf({ productId: "p7", category: "product/out-of-stock" }) // "product:product:p7"
 * Contact.problemKeyOf({ category: "service/long-wait" }) // "service:general"
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const problemKeyOf = (subject: ProblemSubject): ProblemKey => {
  const group =
    typeof subject.category === "string"
      ? (subject.category.split("/")[0] ?? subject.category)
      : subject.category.kind
  if (subject.orderId !== undefined && subject.orderId !== "")
    return `${group}:order:${subject.orderId}`
  if (subject.productId !== undefined && subject.productId !== "")
    return `${group}:product:${subject.productId}`
  return `${group}:general`
}

/**
 * The repeat-contact policy (CMP-10): a contact repeats an earlier one about the
 * same problem made at most `windowDays` days (of 86,400,000 ms) before it. With
 * `thankYouWindowHours`, a contact marked as a thank-you counts as one only within
 * that many hours after the last contact about the problem; a later one is a
 * repeat (this stops "thank you" being used to hide real repeats). Without it, a
 * thank-you is never a repeat.
 *
 * @example
 * ```ts
 * import { Contact } from "@clientele/complaints"
 * import * as Schema from "effect/Schema"
 *
 * const policy = Schema.decodeUnknownSync(Contact.RepeatPolicy)({ version: 2, windowDays: 14 })
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const RepeatPolicy = Schema.Struct({
  version: Schema.Int.pipe(Schema.positive()),
  windowDays: Schema.optionalWith(
    Schema.Int.pipe(Schema.positive(), Schema.lessThanOrEqualTo(3_660)),
    {
      default: () => 30,
    },
  ),
  thankYouWindowHours: Schema.optional(Schema.Int.pipe(Schema.positive())),
}).pipe(Schema.annotations({ identifier: "RepeatPolicy" }))

/**
 * @example
 * ```ts
 * import type { Contact } from "@clientele/complaints"
 *
 * const strict: Contact.RepeatPolicy = { version: 1, windowDays: 30, thankYouWindowHours: 72 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type RepeatPolicy = typeof RepeatPolicy.Type

/**
 * The default repeat policy: a 30-day window, and a thank-you is never a repeat.
 *
 * @example
 * ```ts
 * import { Contact } from "@clientele/complaints"
 *
 * Contact.defaultRepeatPolicy.windowDays // 30
 * ```
 *
 * @since 0.1.0
 * @category defaults
 */
export const defaultRepeatPolicy: RepeatPolicy = { version: 1, windowDays: 30 }

/**
 * A contact being taken in, as repeat detection needs it: who, about what, when,
 * whether it only says thank you, and its id once it has one (so that the contact
 * itself is never found as its own earlier contact).
 *
 * @example
 * ```ts
 * import type { Contact } from "@clientele/complaints"
 * import { Ids } from "@clientele/core"
 *
 * const incoming: Contact.Candidate = {
 *   customerId: Ids.CustomerId.make("c1"),
 *   problemKey: "product:order:o1",
 *   at: Date.UTC(2024, 2, 4, 9),
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Candidate {
  readonly id?: string | undefined
  readonly customerId: Ids.CustomerId
  readonly problemKey: string
  readonly at: number
  readonly thankYou?: boolean | undefined
}

/** Contacts by id, for following `repeatOf` and `mergedInto` links. */
const indexById = (contacts: ReadonlyArray<Contact>): Map<string, Contact> => {
  const byId = new Map<string, Contact>()
  for (const contact of contacts) if (!byId.has(contact.id)) byId.set(contact.id, contact)
  return byId
}

/**
 * The first contact of the chain that `from` belongs to: follows `mergedInto` (to
 * the surviving contact) and `repeatOf` (to the first contact) while the linked
 * contact is present, about the same customer and problem, and not yet visited;
 * returns the last contact reached that is not merged.
 */
const chainStart = (byId: ReadonlyMap<string, Contact>, from: Contact): Contact => {
  let current = from
  let result = from
  const seen = new Set<string>([from.id])
  for (;;) {
    const nextId = current.mergedInto ?? current.repeatOf
    if (nextId === undefined) return result
    const next = byId.get(nextId)
    if (
      next === undefined ||
      seen.has(next.id) ||
      next.customerId !== from.customerId ||
      next.problemKey !== from.problemKey
    )
      return result
    seen.add(next.id)
    current = next
    if (current.mergedInto === undefined) result = current
  }
}

/**
 * The latest earlier contact that `candidate` repeats (CMP-10): same customer, same
 * problem key, any channel, not merged into another contact, not a thank-you, made
 * at or before `candidate.at` and at most `windowDays × 86,400,000` ms before it.
 * The boundary is inclusive: a contact exactly `windowDays` days earlier is inside,
 * one millisecond more is outside. Of several, the latest wins (ties: smallest id).
 *
 * @example
 * ```ts
 * import { Contact } from "@clientele/complaints"
 * import { Ids } from "@clientele/core"
 *
 * const earlier = Contact.findPreviousContact([], {
 *   customerId: Ids.CustomerId.make("c1"),
 *   problemKey: "service:general",
 *   at: Date.UTC(2024, 2, 4),
 * }, Contact.defaultRepeatPolicy) // None
 * ```
 *
 * @since 0.1.0
 * @category lookups
 */
export const findPreviousContact = (
  previous: ReadonlyArray<Contact>,
  candidate: Candidate,
  policy: RepeatPolicy,
): Option.Option<Contact> => {
  const from = candidate.at - policy.windowDays * DAY_MS
  let best: Contact | undefined
  for (const contact of previous) {
    if (
      contact.customerId !== candidate.customerId ||
      contact.problemKey !== candidate.problemKey ||
      contact.mergedInto !== undefined ||
      contact.thankYou === true ||
      contact.id === candidate.id ||
      contact.at > candidate.at ||
      contact.at < from
    )
      continue
    if (
      best === undefined ||
      contact.at > best.at ||
      (contact.at === best.at && contact.id < best.id)
    )
      best = contact
  }
  return Option.fromNullable(best)
}

/**
 * The first contact of the chain that `candidate` repeats (CMP-10): the contact
 * {@link findPreviousContact} finds, followed through `repeatOf` (and through
 * `mergedInto`, when that contact was merged since) back to the contact that
 * started the chain. The window applies to the latest earlier contact, so a chain
 * of contacts each inside the window of the previous one stays one chain: its first
 * contact may lie further back than the window.
 *
 * @example
 * ```ts
 * import { Contact } from "@clientele/complaints"
 * import { Ids } from "@clientele/core"
 * import * as Option from "effect/Option"
 *
 * const customerId = Ids.CustomerId.make("c1")
 * const first: Contact.Contact = {
 *   id: "k1", customerId, channel: "email", at: Date.UTC(2024, 2, 1), problemKey: "product:order:o1",
 *   category: "product", rootCause: "defective-delivery", summary: "Cracked kettle", resolvedOnContact: false,
 * }
 * const found = Contact.findFirstContact([first], {
 *   customerId, problemKey: "product:order:o1", at: Date.UTC(2024, 2, 4),
 * }, Contact.defaultRepeatPolicy)
 * Option.map(found, (contact) => contact.id) // Some("k1")
 * ```
 *
 * @since 0.1.0
 * @category lookups
 */
export const findFirstContact = (
  previous: ReadonlyArray<Contact>,
  candidate: Candidate,
  policy: RepeatPolicy,
): Option.Option<Contact> =>
  Option.map(findPreviousContact(previous, candidate, policy), (match) =>
    chainStart(indexById(previous), match),
  )

/**
 * How a contact is recorded at intake: the first contact it repeats (`repeatOf`),
 * whether it is kept as a thank-you, and whether it needs the note of CMP-10.
 *
 * @example
 * ```ts
 * import type { Contact } from "@clientele/complaints"
 * import * as Option from "effect/Option"
 *
 * const fresh: Contact.Classification = { repeatOf: Option.none(), thankYou: false, needsNote: false }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Classification {
  readonly repeatOf: Option.Option<string>
  readonly thankYou: boolean
  readonly needsNote: boolean
}

/**
 * Classifies a contact at intake (CMP-10): a repeat of the first contact of its
 * chain ({@link findFirstContact}), which then needs the note of why the first
 * contact did not resolve the problem; or a first contact. A contact marked as a
 * thank-you stays a thank-you (no repeat, edge case "a thank-you after solve still
 * counts as one touch") — unless the policy's `thankYouWindowHours` has passed
 * since the last contact about the problem, when it is classified as a repeat.
 *
 * @example
 * ```ts
 * import { Contact } from "@clientele/complaints"
 * import { Ids } from "@clientele/core"
 *
 * const customerId = Ids.CustomerId.make("c1")
 * const first: Contact.Contact = {
 *   id: "k1", customerId, channel: "email", at: Date.UTC(2024, 2, 1), problemKey: "service:general",
 *   category: "service", rootCause: "missed-deadline", summary: "Repair is late", resolvedOnContact: false,
 * }
 * const result = Contact.classify([first], {
 *   customerId, problemKey: "service:general", at: Date.UTC(2024, 2, 2),
 * }, Contact.defaultRepeatPolicy)
 * result.needsNote // true: result.repeatOf is Some("k1")
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const classify = (
  previous: ReadonlyArray<Contact>,
  candidate: Candidate,
  policy: RepeatPolicy,
): Classification => {
  const match = findPreviousContact(previous, candidate, policy)
  if (Option.isNone(match)) {
    return { repeatOf: Option.none(), thankYou: candidate.thankYou === true, needsNote: false }
  }
  if (candidate.thankYou === true) {
    const hours = policy.thankYouWindowHours
    if (hours === undefined || candidate.at - match.value.at <= hours * HOUR_MS) {
      return { repeatOf: Option.none(), thankYou: true, needsNote: false }
    }
  }
  const first = chainStart(indexById(previous), match.value)
  return { repeatOf: Option.some(first.id), thankYou: false, needsNote: true }
}

/**
 * Decodes a contact from untrusted input and checks it against the tenant's data:
 * its root cause must be a code of `catalogue` (CMP-9) and its category one of
 * `taxonomy` (CMP-1). Every failing field is named in one `ValidationError`.
 *
 * @example
 * ```ts
 * import { Category, Contact } from "@clientele/complaints"
 * import * as Either from "effect/Either"
 *
 * const result = Contact.validateContact(
 *   {
 *     id: "k1", customerId: "c1", channel: "chat", at: Date.UTC(2024, 2, 1), problemKey: "service:general",
 *     category: "service", rootCause: "bad-weather", summary: "", resolvedOnContact: true,
 *   },
 *   Contact.defaultRootCauses,
 *   Category.builtIn,
 * )
 * Either.isLeft(result) // true: the issue's path is ["rootCause"]
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const validateContact = (
  input: unknown,
  catalogue: ReadonlyArray<RootCause>,
  taxonomy: ReadonlyArray<Category.Definition>,
): Either.Either<Contact, Errors.ValidationError> =>
  Either.flatMap(Errors.decodeEither(Contact)(input), (contact) => {
    const issues: Array<Errors.ValidationIssue> = []
    if (!catalogue.some((cause) => cause.code === contact.rootCause)) {
      issues.push({
        path: ["rootCause"],
        message: `unknown root cause ${JSON.stringify(contact.rootCause)} (CMP-9: every contact records a root cause of the catalogue: ${catalogue
          .map((cause) => cause.code)
          .join(", ")})`,
      })
    }
    const category = Category.resolve(taxonomy, contact.category)
    if (Either.isLeft(category)) issues.push(...category.left.issues)
    return issues.length === 0
      ? Either.right(contact)
      : Either.left(Errors.ValidationError.fromIssues(issues))
  })

/**
 * Whether a repeat contact still lacks the note of why the first contact did not
 * resolve the problem (CMP-10): the complaint may not be resolved until it has one.
 *
 * @example
 * ```ts
 * import { Contact } from "@clientele/complaints"
 * import { Ids } from "@clientele/core"
 *
 * Contact.needsRepeatNote({
 *   id: "k2", customerId: Ids.CustomerId.make("c1"), channel: "hotline", at: Date.UTC(2024, 2, 4),
 *   problemKey: "product:order:o1", category: "product", rootCause: "broken-promise",
 *   summary: "Still no replacement", repeatOf: "k1", resolvedOnContact: false,
 * }) // true
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const needsRepeatNote = (contact: Contact): boolean =>
  contact.repeatOf !== undefined && contact.whyNotResolved === undefined

/**
 * The contact when it may be resolved, or a `PolicyViolationError` of CMP-10 when it
 * is a repeat contact without the note of why the first contact did not resolve it.
 *
 * @example
 * ```ts
 * import { Contact } from "@clientele/complaints"
 * import { Ids } from "@clientele/core"
 * import * as Either from "effect/Either"
 *
 * const checked = Contact.requireRepeatNote({
 *   id: "k2", customerId: Ids.CustomerId.make("c1"), channel: "hotline", at: Date.UTC(2024, 2, 4),
 *   problemKey: "product:order:o1", category: "product", rootCause: "broken-promise",
 *   summary: "Still no replacement", repeatOf: "k1", resolvedOnContact: false,
 * })
 * Either.isLeft(checked) // true: rule "CMP-10"
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const requireRepeatNote = (
  contact: Contact,
): Either.Either<Contact, Errors.PolicyViolationError> =>
  needsRepeatNote(contact)
    ? Either.left(
        new Errors.PolicyViolationError({
          rule: "CMP-10",
          message: `contact ${contact.id} repeats contact ${contact.repeatOf ?? ""}: record why the first contact did not resolve the problem (whyNotResolved) before resolving it`,
        }),
      )
    : Either.right(contact)

/**
 * Whether a contact counts in the reports: not a duplicate merged into another, and
 * not a thank-you (which raises no problem and repeats none).
 */
const isCounted = (contact: Contact): boolean =>
  contact.mergedInto === undefined && contact.thankYou !== true

const rate = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole)

/**
 * The first-contact resolution of a set of contacts (CMP-10): `resolvedFirstTime`
 * of `firstContacts`, and their `rate` (`null` without first contacts).
 *
 * @example
 * ```ts
 * import type { Contact } from "@clientele/complaints"
 *
 * const report: Contact.FirstContactResolution = { firstContacts: 4, resolvedFirstTime: 3, rate: 0.75 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface FirstContactResolution {
  readonly firstContacts: number
  readonly resolvedFirstTime: number
  readonly rate: number | null
}

/**
 * First-contact resolution (CMP-10). Counted contacts are those not merged into
 * another and not thank-yous. A *first contact* is a counted contact without
 * `repeatOf`; it is *resolved first time* when it was `resolvedOnContact` and no
 * counted repeat contact of its chain came within `windowDays × 86,400,000` ms
 * after it (inclusive, as in {@link findPreviousContact}). Both conditions, because
 * a contact the agent marked resolved that the customer had to chase did not
 * resolve the problem, and a problem solved later by the back office was not
 * solved on first contact. A repeat's link is followed through merged duplicates
 * and intermediate repeats to the first contact, so a repeat linked to a merged
 * duplicate counts once, for the contact it was merged into; a thank-you after the
 * solution is no repeat, so the problem stays one-touch. The report trusts the
 * recorded links (set at intake by {@link classify}); it is a pure function of the
 * contacts, so report over a period by passing the contacts of that period plus the
 * repeat contacts (with `repeatOf`) of the window after it — the window's other
 * contacts would count as first contacts of the period.
 *
 * @example
 * ```ts
 * import { Contact } from "@clientele/complaints"
 *
 * Contact.firstContactResolution([], Contact.defaultRepeatPolicy) // { firstContacts: 0, resolvedFirstTime: 0, rate: null }
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export const firstContactResolution = (
  contacts: ReadonlyArray<Contact>,
  policy: RepeatPolicy,
): FirstContactResolution => {
  const byId = indexById(contacts)
  const window = policy.windowDays * DAY_MS
  const repeated = new Set<string>()
  for (const contact of contacts) {
    if (!isCounted(contact) || contact.repeatOf === undefined) continue
    const first = chainStart(byId, contact)
    if (first !== contact && first.repeatOf === undefined && contact.at - first.at <= window)
      repeated.add(first.id)
  }
  let firstContacts = 0
  let resolvedFirstTime = 0
  for (const contact of contacts) {
    if (!isCounted(contact) || contact.repeatOf !== undefined) continue
    firstContacts++
    if (contact.resolvedOnContact && !repeated.has(contact.id)) resolvedFirstTime++
  }
  return { firstContacts, resolvedFirstTime, rate: rate(resolvedFirstTime, firstContacts) }
}

/**
 * The repeat-contact rate of a set of contacts: `repeats` of `contacts`, and their
 * `rate` (`null` without contacts).
 *
 * @example
 * ```ts
 * import type { Contact } from "@clientele/complaints"
 *
 * const report: Contact.RepeatContactRate = { contacts: 10, repeats: 2, rate: 0.2 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface RepeatContactRate {
  readonly contacts: number
  readonly repeats: number
  readonly rate: number | null
}

/**
 * The share of contacts that repeat an earlier one (CMP-10): of the counted
 * contacts (not merged into another, not thank-yous), those with `repeatOf`.
 *
 * @example
 * ```ts
 * import { Contact } from "@clientele/complaints"
 *
 * Contact.repeatContactRate([]) // { contacts: 0, repeats: 0, rate: null }
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export const repeatContactRate = (contacts: ReadonlyArray<Contact>): RepeatContactRate => {
  let counted = 0
  let repeats = 0
  for (const contact of contacts) {
    if (!isCounted(contact)) continue
    counted++
    if (contact.repeatOf !== undefined) repeats++
  }
  return { contacts: counted, repeats, rate: rate(repeats, counted) }
}

/**
 * How many counted contacts one root cause had, and whether it is avoidable.
 *
 * @example
 * ```ts
 * import type { Contact } from "@clientele/complaints"
 *
 * const row: Contact.RootCauseCount = { code: "missed-deadline", count: 12, avoidable: true }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface RootCauseCount {
  readonly code: string
  readonly count: number
  readonly avoidable: boolean
}

/**
 * The avoidable share of a set of contacts (CMP-9): `avoidable` of `total`, their
 * `share` (`null` without contacts), and the count of each root cause.
 *
 * @example
 * ```ts
 * import type { Contact } from "@clientele/complaints"
 *
 * const report: Contact.AvoidableShare = {
 *   total: 3,
 *   avoidable: 2,
 *   share: 2 / 3,
 *   byRootCause: [{ code: "missed-deadline", count: 2, avoidable: true }, { code: "other", count: 1, avoidable: false }],
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface AvoidableShare {
  readonly total: number
  readonly avoidable: number
  readonly share: number | null
  readonly byRootCause: ReadonlyArray<RootCauseCount>
}

/**
 * The baseline of CMP-9: how many counted contacts (not merged into another, not
 * thank-yous) had each root cause, sorted by count (highest first) then code, and
 * the share of those with an avoidable cause. A code missing from the catalogue is
 * listed as not avoidable.
 *
 * @example
 * ```ts
 * import { Contact } from "@clientele/complaints"
 *
 * Contact.avoidableShare([], Contact.defaultRootCauses) // { total: 0, avoidable: 0, share: null, byRootCause: [] }
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export const avoidableShare = (
  contacts: ReadonlyArray<Contact>,
  catalogue: ReadonlyArray<RootCause>,
): AvoidableShare => {
  const avoidableCodes = new Set<string>()
  for (const cause of catalogue) if (cause.avoidable) avoidableCodes.add(cause.code)
  const perCause = new Map<string, number>()
  let total = 0
  let avoidable = 0
  for (const contact of contacts) {
    if (!isCounted(contact)) continue
    total++
    if (avoidableCodes.has(contact.rootCause)) avoidable++
    perCause.set(contact.rootCause, (perCause.get(contact.rootCause) ?? 0) + 1)
  }
  const byRootCause = Array.from(
    perCause,
    ([code, count]): RootCauseCount => ({ code, count, avoidable: avoidableCodes.has(code) }),
  ).sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
  return { total, avoidable, share: rate(avoidable, total), byRootCause }
}
