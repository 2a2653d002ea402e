/**
 * Completing a visit (VIS-3, VIS-4, VIS-5): the visit record the technician files
 * — actual start and end, an answer for each conduct checklist item, the
 * customer's sign-off or explicit refusal, the feedback card, and any extra
 * charges — and the decision whether it completes the appointment.
 *
 * {@link validateCompletion} lists every violation with a machine-readable code and
 * whether it blocks completion; {@link complete} completes the appointment only when
 * nothing blocks, and builds the feedback card's archive record (VIS-6). What
 * blocks:
 * - a missing or refused sign-off, a sign-off before the visit ended, a missing
 *   feedback card (VIS-4);
 * - an extra charge collected in cash, whatever else is fine (VIS-5), or by a
 *   method the policy does not accept;
 * - a record that does not fit its schema, the appointment or the policy's
 *   checklist, or an appointment that is not in progress;
 * - per policy: an unanswered conduct item, a breach of a `blocking` item, an
 *   arrival outside the arrival window.
 *
 * @remarks
 * Conduct breaches (VIS-3) do not block completion by default: the customer signed
 * the visit off, so the work is accepted, and the breach is recorded as an issue on
 * the completed visit and on its archived card, where the periodic summary counts
 * it. A policy makes an item blocking when a breach of it must stop completion.
 *
 * @since 0.1.0
 */
import { Money, Period, Personal } from "@clientele/core"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as Appointment from "./Appointment.js"
import * as Feedback from "./Feedback.js"

const PositiveInt = Schema.Int.pipe(Schema.positive())

/**
 * The answer to one conduct checklist item (VIS-3): `complied` is `true`,
 * `false` (a breach) or `"notApplicable"` (which needs a note saying why); the
 * note is personal data, as it may speak of the customer.
 *
 * @example
 * ```ts
 * import { Completion } from "@clientele/visits"
 * import { Errors } from "@clientele/core"
 *
 * Errors.decodeEither(Completion.ConductAnswer)({ item: "waste-agreed", complied: "notApplicable", note: "no waste" }) // Right
 * Errors.decodeEither(Completion.ConductAnswer)({ item: "waste-agreed", complied: "notApplicable" }) // Left: note
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ConductAnswer = Schema.Struct({
  item: Appointment.ConductItemId,
  complied: Schema.Union(Schema.Boolean, Schema.Literal("notApplicable")),
  note: Schema.optional(
    Personal.personal(Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(2000))),
  ),
}).pipe(
  Schema.filter((answer) =>
    answer.complied === "notApplicable" && answer.note === undefined
      ? { path: ["note"], message: `say why ${answer.item} does not apply (VIS-3)` }
      : undefined,
  ),
  Schema.annotations({ identifier: "ConductAnswer" }),
)

/**
 * The type of {@link ConductAnswer}.
 *
 * @example
 * ```ts
 * import { Appointment, type Completion } from "@clientele/visits"
 *
 * const answer: Completion.ConductAnswer = { item: Appointment.ConductItemId.make("no-gifts"), complied: true }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type ConductAnswer = typeof ConductAnswer.Type

/**
 * The customer signed the visit off (VIS-4): who signed, when, and the SHA-256 of
 * the captured signature image (lower-case hex). All personal data.
 *
 * @example
 * ```ts
 * import { Completion } from "@clientele/visits"
 *
 * const signed = Completion.Signed.make({
 *   signedBy: "Ada Martin",
 *   signedAt: Date.UTC(2024, 5, 11, 10, 2),
 *   imageSha256: "a".repeat(64),
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Signed = Schema.TaggedStruct("signed", {
  signedBy: Personal.personal(Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(200))),
  signedAt: Period.Instant,
  // Erased, the hash of the signature image is zeros: still a SHA-256 in form, of nothing.
  imageSha256: Personal.personal(
    Schema.String.pipe(
      Schema.pattern(/^[0-9a-f]{64}$/, {
        message: () => "a SHA-256 is 64 lower-case hexadecimal digits",
      }),
    ),
  ).pipe(Personal.erasedAs("0".repeat(64))),
})

/**
 * The type of {@link Signed}.
 *
 * @example
 * ```ts
 * import type { Completion } from "@clientele/visits"
 *
 * const signer = (signed: Completion.Signed) => signed.signedBy
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Signed = typeof Signed.Type

/**
 * The customer refused to sign (VIS-4): an explicit state with the reason given
 * (personal data) and when, never a missing signature.
 *
 * @example
 * ```ts
 * import { Completion } from "@clientele/visits"
 *
 * const refused = Completion.Refused.make({ reason: "the leak is still there", at: Date.UTC(2024, 5, 11, 10, 2) })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Refused = Schema.TaggedStruct("refused", {
  reason: Personal.personal(Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(2000))),
  at: Period.Instant,
})

/**
 * The type of {@link Refused}.
 *
 * @example
 * ```ts
 * import type { Completion } from "@clientele/visits"
 *
 * const why = (refused: Completion.Refused) => refused.reason
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Refused = typeof Refused.Type

/**
 * The customer's sign-off: {@link Signed} or {@link Refused}.
 *
 * @example
 * ```ts
 * import { Completion } from "@clientele/visits"
 * import * as Schema from "effect/Schema"
 *
 * const signOff = Schema.decodeUnknownSync(Completion.SignOff)({ _tag: "refused", reason: "not finished", at: 1718100000000 })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const SignOff = Schema.Union(Signed, Refused)

/**
 * The type of {@link SignOff}.
 *
 * @example
 * ```ts
 * import type { Completion } from "@clientele/visits"
 *
 * const isSigned = (signOff: Completion.SignOff) => signOff._tag === "signed"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type SignOff = typeof SignOff.Type

/**
 * An extra payment recorded on a visit (VIS-5): a positive amount, how it was
 * taken, and the payment's reference (the bank-transfer request, for instance).
 *
 * @example
 * ```ts
 * import { Completion } from "@clientele/visits"
 * import { Money } from "@clientele/core"
 *
 * const charge = Completion.ExtraCharge.make({
 *   amount: Money.make(4500, "EUR"),
 *   method: "bankTransfer",
 *   reference: "INV-2024-0611-7",
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ExtraCharge = Schema.Struct({
  amount: Money.Money,
  method: Appointment.PaymentMethod,
  reference: Schema.optional(Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(200))),
}).pipe(
  Schema.filter((charge) =>
    charge.amount.amount > 0
      ? undefined
      : { path: ["amount"], message: "an extra charge is a positive amount" },
  ),
  Schema.annotations({ identifier: "ExtraCharge" }),
)

/**
 * The type of {@link ExtraCharge}.
 *
 * @example
 * ```ts
 * import type { Completion } from "@clientele/visits"
 *
 * const inCash = (charge: Completion.ExtraCharge) => charge.method === "cash"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type ExtraCharge = typeof ExtraCharge.Type

/**
 * The visit record the technician files to complete an appointment (VIS-3 …
 * VIS-5): the appointment, the actual start and end (end not before start), one
 * answer per conduct item (each item at most once), the sign-off (absent when none
 * was captured), the feedback card (absent when none was filled in) and the extra
 * charges.
 *
 * @example
 * ```ts
 * import { Completion } from "@clientele/visits"
 * import { Errors } from "@clientele/core"
 *
 * const record = Errors.decodeEither(Completion.VisitRecord)({
 *   appointmentId: "apt_1",
 *   actualStart: Date.UTC(2024, 5, 11, 7, 10),
 *   actualEnd: Date.UTC(2024, 5, 11, 8, 30),
 *   conduct: [{ item: "no-gifts", complied: true }],
 *   signOff: { _tag: "signed", signedBy: "Ada Martin", signedAt: Date.UTC(2024, 5, 11, 8, 32), imageSha256: "a".repeat(64) },
 *   feedback: { score: 5, issues: [], submittedAt: Date.UTC(2024, 5, 11, 8, 35) },
 *   extraCharges: [],
 * }) // Right
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const VisitRecord = Schema.Struct({
  appointmentId: Appointment.AppointmentId,
  actualStart: Period.Instant,
  actualEnd: Period.Instant,
  conduct: Schema.Array(ConductAnswer),
  signOff: Schema.optional(SignOff),
  feedback: Schema.optional(Feedback.Card),
  extraCharges: Schema.Array(ExtraCharge),
}).pipe(
  Schema.filter((record) => {
    const issues: Array<Schema.FilterIssue> = []
    if (record.actualEnd < record.actualStart)
      issues.push({ path: ["actualEnd"], message: "the visit ends at or after it starts" })
    const seen = new Set<string>()
    record.conduct.forEach((answer, index) => {
      if (seen.has(answer.item))
        issues.push({
          path: ["conduct", index, "item"],
          message: `${answer.item} is answered twice (VIS-3)`,
        })
      seen.add(answer.item)
    })
    return issues
  }),
  Schema.annotations({ identifier: "VisitRecord" }),
)

/**
 * The type of {@link VisitRecord}.
 *
 * @example
 * ```ts
 * import type { Completion } from "@clientele/visits"
 *
 * const minutesOnSite = (record: Completion.VisitRecord) => (record.actualEnd - record.actualStart) / 60_000
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type VisitRecord = typeof VisitRecord.Type

/**
 * What can be wrong with a visit record, machine-readable:
 * `INVALID_RECORD`, `WRONG_APPOINTMENT`, `NOT_IN_PROGRESS`, `NO_SIGNOFF`,
 * `SIGNOFF_REFUSED`, `SIGNED_BEFORE_END`, `NO_FEEDBACK_CARD`, `CASH_COLLECTED`,
 * `PAYMENT_METHOD_NOT_ACCEPTED`, `CONDUCT_BREACH`, `CONDUCT_UNANSWERED`,
 * `UNKNOWN_CHECKLIST_ITEM`, `OUTSIDE_ARRIVAL_WINDOW`.
 *
 * @example
 * ```ts
 * import { Completion } from "@clientele/visits"
 *
 * Completion.ViolationCode.literals.includes("CASH_COLLECTED") // true
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ViolationCode = Schema.Literal(
  "INVALID_RECORD",
  "WRONG_APPOINTMENT",
  "NOT_IN_PROGRESS",
  "NO_SIGNOFF",
  "SIGNOFF_REFUSED",
  "SIGNED_BEFORE_END",
  "NO_FEEDBACK_CARD",
  "CASH_COLLECTED",
  "PAYMENT_METHOD_NOT_ACCEPTED",
  "CONDUCT_BREACH",
  "CONDUCT_UNANSWERED",
  "UNKNOWN_CHECKLIST_ITEM",
  "OUTSIDE_ARRIVAL_WINDOW",
)

/**
 * The type of {@link ViolationCode}.
 *
 * @example
 * ```ts
 * import type { Completion } from "@clientele/visits"
 *
 * const code: Completion.ViolationCode = "NO_FEEDBACK_CARD"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type ViolationCode = typeof ViolationCode.Type

/**
 * One violation of a visit record: its code, a message, whether it blocks
 * completion, the rule it breaks, and the checklist item or charge it concerns.
 *
 * @example
 * ```ts
 * import { Appointment, Completion } from "@clientele/visits"
 *
 * const breach = Completion.Violation.make({
 *   code: "CONDUCT_BREACH",
 *   rule: "VIS-3",
 *   message: "no-gifts answered no",
 *   blocking: false,
 *   item: Appointment.ConductItemId.make("no-gifts"),
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Violation = Schema.Struct({
  code: ViolationCode,
  rule: Schema.String,
  message: Schema.String,
  blocking: Schema.Boolean,
  item: Schema.optional(Appointment.ConductItemId),
  chargeIndex: Schema.optional(Schema.Int),
}).pipe(Schema.annotations({ identifier: "CompletionViolation" }))

/**
 * The type of {@link Violation}.
 *
 * @example
 * ```ts
 * import type { Completion } from "@clientele/visits"
 *
 * const blockers = (violations: ReadonlyArray<Completion.Violation>) => violations.filter((v) => v.blocking)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Violation = typeof Violation.Type

/**
 * A completed visit (VIS-4, VIS-6): the appointment in state `completed`, the
 * record it was completed with, the policy version, the instant it was completed
 * (the sign-off), the violations recorded as issues without blocking, and the
 * feedback card's archive record.
 *
 * @example
 * ```ts
 * import type { Completion } from "@clientele/visits"
 *
 * const breaches = (visit: Completion.CompletedVisit) => visit.issues.filter((issue) => issue.code === "CONDUCT_BREACH")
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const CompletedVisit = Schema.Struct({
  appointment: Appointment.Appointment,
  record: VisitRecord,
  policyVersion: PositiveInt,
  completedAt: Period.Instant,
  issues: Schema.Array(Violation),
  feedbackCard: Feedback.FeedbackCard,
})

/**
 * The type of {@link CompletedVisit}.
 *
 * @example
 * ```ts
 * import type { Completion } from "@clientele/visits"
 *
 * const card = (visit: Completion.CompletedVisit) => visit.feedbackCard
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type CompletedVisit = typeof CompletedVisit.Type

const showInstant = (instant: number): string => new Date(instant).toISOString()

/**
 * Every violation of a visit record against its appointment and the policy (VIS-3,
 * VIS-4, VIS-5), each with a code, the rule, a message and whether it blocks
 * completion (see the module's description). A record that does not fit its schema
 * gives only `INVALID_RECORD` entries, one per failing path. An empty list means
 * the record is clean.
 *
 * @example
 * ```ts
 * import { Appointment, Completion } from "@clientele/visits"
 *
 * declare const appointment: Appointment.Appointment
 * declare const record: Completion.VisitRecord
 * const blocking = Completion.validateCompletion(Appointment.defaultPolicy, appointment, record).filter(
 *   (violation) => violation.blocking,
 * )
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const validateCompletion = (
  policy: Appointment.VisitPolicy,
  appointment: Appointment.Appointment,
  record: VisitRecord,
): ReadonlyArray<Violation> => {
  const valid = Schema.validateEither(VisitRecord, { errors: "all" })(record)
  if (Either.isLeft(valid))
    return ParseResult.ArrayFormatter.formatErrorSync(valid.left).map((issue) => ({
      code: "INVALID_RECORD" as const,
      rule: "VIS-4",
      message: `${issue.path.map(String).join(".") || "(root)"}: ${issue.message}`,
      blocking: true,
    }))

  const violations: Array<Violation> = []
  const requires = (requirement: Appointment.CompletionRequirement) =>
    policy.completionRequires.includes(requirement)

  if (record.appointmentId !== appointment.id)
    violations.push({
      code: "WRONG_APPOINTMENT",
      rule: "VIS-4",
      message: `the record is for ${record.appointmentId}, not for ${appointment.id}`,
      blocking: true,
    })
  if (appointment.status !== "inProgress")
    violations.push({
      code: "NOT_IN_PROGRESS",
      rule: "VIS-4",
      message: `the appointment is ${appointment.status}: only a visit in progress can be completed`,
      blocking: true,
    })

  const signOff = record.signOff
  if (signOff === undefined)
    violations.push({
      code: "NO_SIGNOFF",
      rule: "VIS-4",
      message: "the customer's sign-off is missing: record a signature or the refusal to sign",
      blocking: requires("signOff"),
    })
  else if (signOff._tag === "refused")
    violations.push({
      code: "SIGNOFF_REFUSED",
      rule: "VIS-4",
      message: `the customer refused to sign at ${showInstant(signOff.at)}`,
      blocking: requires("signOff"),
    })
  else if (signOff.signedAt < record.actualEnd)
    violations.push({
      code: "SIGNED_BEFORE_END",
      rule: "VIS-4",
      message: `the customer signed at ${showInstant(signOff.signedAt)}, before the visit ended at ${showInstant(record.actualEnd)}`,
      blocking: requires("signOff"),
    })

  const items = new Map(policy.conduct.map((item) => [item.id as string, item]))
  if (record.feedback === undefined)
    violations.push({
      code: "NO_FEEDBACK_CARD",
      rule: "VIS-4",
      message: "the feedback card is missing",
      blocking: requires("feedbackCard"),
    })
  else
    for (const item of record.feedback.issues)
      if (!items.has(item))
        violations.push({
          code: "UNKNOWN_CHECKLIST_ITEM",
          rule: "VIS-6",
          message: `the feedback card flags ${item}, which is not on the policy's checklist (version ${policy.version})`,
          blocking: true,
          item,
        })

  record.extraCharges.forEach((charge, chargeIndex) => {
    const amount = `${Money.toDecimal(charge.amount)} ${charge.amount.currency}`
    if (charge.method === "cash")
      violations.push({
        code: "CASH_COLLECTED",
        rule: "VIS-5",
        message: `${amount} was collected in cash: request extra payments by bank transfer to the company`,
        blocking: true,
        chargeIndex,
      })
    else if (!policy.acceptedPaymentMethods.includes(charge.method))
      violations.push({
        code: "PAYMENT_METHOD_NOT_ACCEPTED",
        rule: "VIS-5",
        message: `${amount} was taken by ${charge.method}; the policy accepts ${policy.acceptedPaymentMethods.join(", ") || "no extra payment"}`,
        blocking: true,
        chargeIndex,
      })
  })

  const answers = new Map(record.conduct.map((answer) => [answer.item as string, answer]))
  for (const answer of record.conduct)
    if (!items.has(answer.item))
      violations.push({
        code: "UNKNOWN_CHECKLIST_ITEM",
        rule: "VIS-3",
        message: `${answer.item} is answered but is not on the policy's checklist (version ${policy.version})`,
        blocking: true,
        item: answer.item,
      })
  for (const item of policy.conduct) {
    const answer = answers.get(item.id)
    if (answer === undefined)
      violations.push({
        code: "CONDUCT_UNANSWERED",
        rule: "VIS-3",
        message: `"${item.label}" (${item.id}) is not answered`,
        blocking: requires("conductAnswered"),
        item: item.id,
      })
    else if (answer.complied === false)
      violations.push({
        code: "CONDUCT_BREACH",
        rule: "VIS-3",
        message: `"${item.label}" (${item.id}) was not complied with${answer.note === undefined ? "" : `: ${answer.note}`}`,
        blocking: item.blocking,
        item: item.id,
      })
  }

  const arrival = appointment.arrivalWindow
  if (record.actualStart < arrival.start || record.actualStart > arrival.end)
    violations.push({
      code: "OUTSIDE_ARRIVAL_WINDOW",
      rule: "VIS-1",
      message: `the visit started at ${showInstant(record.actualStart)}, outside the arrival window ${showInstant(arrival.start)}–${showInstant(arrival.end)}`,
      blocking: requires("arrivalOnTime"),
    })
  return violations
}

/**
 * Completes a visit (VIS-4): when no violation blocks (see
 * {@link validateCompletion}), the appointment moves to `completed` at the instant
 * the customer signed, and the result carries the violations recorded as issues
 * and the feedback card's archive record, its `conductBreaches` being the items
 * answered "no" (VIS-6). Otherwise a {@link CompletionRejectedError} lists every
 * violation, blocking or not. A cash charge rejects the record whatever else is
 * fine (VIS-5).
 *
 * @example
 * ```ts
 * import { Appointment, Completion } from "@clientele/visits"
 * import * as Either from "effect/Either"
 *
 * declare const appointment: Appointment.Appointment
 * declare const record: Completion.VisitRecord
 * const result = Completion.complete(Appointment.defaultPolicy, appointment, record)
 * if (Either.isLeft(result)) result.left.violations.map((violation) => violation.code)
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const complete = (
  policy: Appointment.VisitPolicy,
  appointment: Appointment.Appointment,
  record: VisitRecord,
): Either.Either<CompletedVisit, CompletionRejectedError> => {
  const violations = validateCompletion(policy, appointment, record)
  const { signOff, feedback } = record
  if (
    violations.some((violation) => violation.blocking) ||
    signOff?._tag !== "signed" ||
    feedback === undefined
  )
    return Either.left(
      new CompletionRejectedError({
        appointmentId: record.appointmentId ?? appointment.id,
        policyVersion: policy.version,
        violations,
      }),
    )
  const completedAt = Math.max(signOff.signedAt, appointment.statusChangedAt)
  const breaches = record.conduct
    .filter((answer) => answer.complied === false)
    .map((answer) => answer.item)
  return Either.right({
    appointment: { ...appointment, status: "completed", statusChangedAt: completedAt },
    record,
    policyVersion: policy.version,
    completedAt,
    issues: violations,
    feedbackCard: Feedback.archiveRecord({
      appointment,
      card: feedback,
      conductBreaches: breaches,
      visitedAt: record.actualEnd,
      policyVersion: policy.version,
    }),
  })
}

/**
 * A visit record refused as completion (VIS-4, VIS-5): the appointment, the policy
 * version, and every violation found (each says whether it blocks).
 *
 * @example
 * ```ts
 * import { Completion } from "@clientele/visits"
 *
 * const error = new Completion.CompletionRejectedError({
 *   appointmentId: "apt_1",
 *   policyVersion: 1,
 *   violations: [{ code: "CASH_COLLECTED", rule: "VIS-5", message: "45.00 EUR in cash", blocking: true }],
 * })
 * error.message // "visit apt_1 cannot be completed: CASH_COLLECTED (VIS-5): 45.00 EUR in cash"
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class CompletionRejectedError extends Schema.TaggedError<CompletionRejectedError>(
  "@clientele/visits/CompletionRejectedError",
)("CompletionRejectedError", {
  appointmentId: Schema.String,
  policyVersion: PositiveInt,
  violations: Schema.Array(Violation),
}) {
  override get message(): string {
    const blocking = this.violations.filter((violation) => violation.blocking)
    return `visit ${this.appointmentId} cannot be completed: ${(blocking.length > 0
      ? blocking
      : this.violations
    )
      .map((violation) => `${violation.code} (${violation.rule}): ${violation.message}`)
      .join("; ")}`
  }
}
