/**
 * The churn case (CHN-2 … CHN-5): what the company learns about one churned or
 * at-risk customer and what it decides. A case is opened from a detection candidate
 * or by hand; the investigation records where the customer went (a competitor and
 * the channel, no replacement, or unknown), what attracted them and how much better
 * the competitor is on price, product and service (CHN-2), and the cause — product,
 * service or both (CHN-3). A service cause needs the decision whether the customer
 * can be won back, and a recoverable customer the owner best placed to do it
 * (CHN-4); a product cause needs the decision whether the product can be improved,
 * and an improvable product the area and what to improve (CHN-5). The case ends won
 * back or lost, with the customer's lost value kept for the reports.
 *
 * Its status moves along {@link allowedTransitions}: open → investigated →
 * recovering → won back or lost (an uninvestigated case can only be closed as
 * lost). Every change appends one step to the history, in time order; earlier steps
 * are never rewritten, as with `Insight.Improvement` of `@clientele/complaints`.
 * The schema itself checks that the stored fields agree with the status, so a case
 * that breaks a rule cannot be decoded from storage either.
 *
 * Free text about the customer — their statements and the staff's notes about
 * them — is marked personal (`Personal.personal`), so retention and erasure find it.
 *
 * @since 0.1.0
 */
import { Errors, Ids, Money, Period, Personal } from "@clientele/core"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as Detection from "./Detection.js"

const Label = Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(200))
const Code = Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(100))
const Description = Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(4000))
/** Free text about the customer or in the customer's words: personal data. */
const PersonalText = Personal.personal(Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(4000)))

// --- models and schemas -----------------------------------------------------------

/**
 * Why the customer left (CHN-3): the product, the service, or both.
 *
 * @example
 * ```ts
 * import { ChurnCase } from "@clientele/churn"
 *
 * ChurnCase.Cause.literals // ["product", "service", "both"]
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Cause = Schema.Literal("product", "service", "both")

/**
 * The type of {@link Cause}.
 *
 * @example
 * ```ts
 * import type { ChurnCase } from "@clientele/churn"
 *
 * const cause: ChurnCase.Cause = "both"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Cause = typeof Cause.Type

/**
 * Where the customer went (CHN-2): to a competitor (its name, and the channel they
 * buy through there, e.g. "online shop"), nowhere (they no longer buy such goods),
 * or unknown.
 *
 * @example
 * ```ts
 * import { ChurnCase } from "@clientele/churn"
 *
 * const went = ChurnCase.Destination.members[0].make({ competitor: "Bargain Depot", channel: "online shop" })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Destination = Schema.Union(
  Schema.TaggedStruct("Competitor", { competitor: Label, channel: Schema.optional(Label) }),
  Schema.TaggedStruct("NoReplacement", {}),
  Schema.TaggedStruct("Unknown", {}),
).annotations({ identifier: "ChurnDestination" })

/**
 * The type of {@link Destination}.
 *
 * @example
 * ```ts
 * import type { ChurnCase } from "@clientele/churn"
 *
 * const destination: ChurnCase.Destination = { _tag: "Competitor", competitor: "Bargain Depot" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Destination = typeof Destination.Type

/**
 * How much better the competitor is on one dimension (CHN-2), from −2 (much worse)
 * through 0 (the same) to +2 (much better).
 *
 * @example
 * ```ts
 * import { ChurnCase } from "@clientele/churn"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(ChurnCase.ComparisonScore)(3) // false
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ComparisonScore = Schema.Int.pipe(
  Schema.between(-2, 2, {
    message: () => "a comparison is scored from -2 (much worse) to +2 (much better)",
  }),
)

/**
 * A scored comparison with an optional note (often the customer's words, so
 * personal).
 *
 * @example
 * ```ts
 * import { ChurnCase } from "@clientele/churn"
 *
 * const price = ChurnCase.Comparison.make({ score: 2, note: "20 % cheaper for the same brand" })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Comparison = Schema.Struct({
  score: ComparisonScore,
  note: Schema.optional(PersonalText),
}).annotations({ identifier: "ChurnComparison" })

/**
 * The type of {@link Comparison}.
 *
 * @example
 * ```ts
 * import type { ChurnCase } from "@clientele/churn"
 *
 * const same: ChurnCase.Comparison = { score: 0 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Comparison = typeof Comparison.Type

/**
 * How much better the competitor is on price, product and service (CHN-2).
 *
 * @example
 * ```ts
 * import { ChurnCase } from "@clientele/churn"
 *
 * const comparison = ChurnCase.CompetitorComparison.make({ price: { score: 2 }, product: { score: 0 }, service: { score: -1 } })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const CompetitorComparison = Schema.Struct({
  price: Comparison,
  product: Comparison,
  service: Comparison,
}).annotations({ identifier: "ChurnCompetitorComparison" })

/**
 * The type of {@link CompetitorComparison}.
 *
 * @example
 * ```ts
 * import type { ChurnCase } from "@clientele/churn"
 *
 * const cheaper = (c: ChurnCase.CompetitorComparison) => c.price.score > 0
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type CompetitorComparison = typeof CompetitorComparison.Type

/**
 * What attracted the customer elsewhere (CHN-2), as a short code the business
 * chooses (e.g. `lower-price`, `promotion`, `wider-range`, `closer-store`); reports
 * group by it.
 *
 * @example
 * ```ts
 * import { ChurnCase } from "@clientele/churn"
 *
 * const attraction = ChurnCase.Attraction.make("lower-price")
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Attraction = Code.pipe(Schema.annotations({ identifier: "ChurnAttraction" }))

/**
 * The findings of an investigation (CHN-2, CHN-3): where the customer went, what
 * attracted them, how much better the competitor is, the cause, and optionally the
 * customer's own statement, the staff's notes and a new estimate of the customer's
 * lost value.
 *
 * A competitor destination needs at least one attraction and the comparison on all
 * three dimensions; a customer who went nowhere (or nobody knows where) has no
 * competitor to compare.
 *
 * @example
 * ```ts
 * import { ChurnCase } from "@clientele/churn"
 * import * as Schema from "effect/Schema"
 *
 * const findings = Schema.decodeUnknownSync(ChurnCase.Findings)({
 *   destination: { _tag: "Competitor", competitor: "Bargain Depot", channel: "online shop" },
 *   attractions: ["lower-price"],
 *   comparison: { price: { score: 2 }, product: { score: 0 }, service: { score: -1 } },
 *   cause: "service",
 *   statement: "Nobody called me back about the broken delivery.",
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Findings = Schema.Struct({
  destination: Destination,
  attractions: Schema.Array(Attraction),
  comparison: Schema.optional(CompetitorComparison),
  cause: Cause,
  statement: Schema.optional(PersonalText),
  notes: Schema.optional(PersonalText),
  lostValue: Schema.optional(Money.Money),
}).pipe(
  Schema.filter((findings) => {
    const issues: Array<Schema.FilterIssue> = []
    if (findings.destination._tag === "Competitor") {
      if (findings.attractions.length === 0)
        issues.push({
          path: ["attractions"],
          message: "CHN-2: a customer who went to a competitor was attracted by something",
        })
      if (findings.comparison === undefined)
        issues.push({
          path: ["comparison"],
          message:
            "CHN-2: how much better the competitor is on price, product and service is recorded",
        })
    } else if (findings.comparison !== undefined)
      issues.push({
        path: ["comparison"],
        message: "a comparison needs a competitor to compare with",
      })
    if (findings.lostValue !== undefined && findings.lostValue.amount < 0)
      issues.push({ path: ["lostValue", "amount"], message: "a lost value is not negative" })
    return issues
  }),
  Schema.annotations({ identifier: "ChurnFindings" }),
)

/**
 * The type of {@link Findings}.
 *
 * @example
 * ```ts
 * import type { ChurnCase } from "@clientele/churn"
 *
 * const competitor = (f: ChurnCase.Findings) => (f.destination._tag === "Competitor" ? f.destination.competitor : undefined)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Findings = typeof Findings.Type

/**
 * The encoded form of {@link Findings}, as callers pass it.
 *
 * @example
 * ```ts
 * import type { ChurnCase } from "@clientele/churn"
 *
 * const findings: ChurnCase.FindingsInput = { destination: { _tag: "NoReplacement" }, attractions: [], cause: "product" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type FindingsInput = typeof Findings.Encoded

/**
 * The recorded investigation: the findings (without the lost value, which is kept
 * on the case), and when and by whom they were last recorded.
 *
 * @example
 * ```ts
 * import type { ChurnCase } from "@clientele/churn"
 *
 * const cause = (i: ChurnCase.Investigation) => i.cause
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Investigation = Schema.Struct({
  destination: Destination,
  attractions: Schema.Array(Attraction),
  comparison: Schema.optional(CompetitorComparison),
  cause: Cause,
  statement: Schema.optional(PersonalText),
  notes: Schema.optional(PersonalText),
  at: Period.Instant,
  by: Ids.StaffId,
}).annotations({ identifier: "ChurnInvestigation" })

/**
 * The type of {@link Investigation}.
 *
 * @example
 * ```ts
 * import type { ChurnCase } from "@clientele/churn"
 *
 * const investigator = (i: ChurnCase.Investigation) => i.by
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Investigation = typeof Investigation.Type

/**
 * What a recovery decision says (CHN-4): whether the customer can be won back and,
 * when they can, the owner best placed to do it (required), with an optional note.
 *
 * @example
 * ```ts
 * import { ChurnCase } from "@clientele/churn"
 * import * as Schema from "effect/Schema"
 *
 * const decision = Schema.decodeUnknownSync(ChurnCase.RecoveryInput)({ recoverable: true, owner: "rep-3" })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const RecoveryInput = Schema.Struct({
  recoverable: Schema.Boolean,
  owner: Schema.optional(Ids.StaffId),
  note: Schema.optional(PersonalText),
}).pipe(
  Schema.filter((decision) =>
    decision.recoverable && decision.owner === undefined
      ? {
          path: ["owner"],
          message: "CHN-4: a customer who can be won back has an owner best placed to do it",
        }
      : undefined,
  ),
  Schema.annotations({ identifier: "ChurnRecoveryInput" }),
)

/**
 * The encoded form of {@link RecoveryInput}.
 *
 * @example
 * ```ts
 * import type { ChurnCase } from "@clientele/churn"
 *
 * const decision: ChurnCase.RecoveryInputEncoded = { recoverable: false, note: "moved abroad" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type RecoveryInputEncoded = typeof RecoveryInput.Encoded

/**
 * The recorded recovery decision (CHN-4), with when and by whom it was made.
 *
 * @example
 * ```ts
 * import type { ChurnCase } from "@clientele/churn"
 *
 * const owner = (d: ChurnCase.RecoveryDecision) => (d.recoverable ? d.owner : undefined)
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const RecoveryDecision = Schema.Struct({
  recoverable: Schema.Boolean,
  owner: Schema.optional(Ids.StaffId),
  note: Schema.optional(PersonalText),
  at: Period.Instant,
  by: Ids.StaffId,
}).annotations({ identifier: "ChurnRecoveryDecision" })

/**
 * The type of {@link RecoveryDecision}.
 *
 * @example
 * ```ts
 * import type { ChurnCase } from "@clientele/churn"
 *
 * const canWin = (d: ChurnCase.RecoveryDecision) => d.recoverable
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type RecoveryDecision = typeof RecoveryDecision.Type

/**
 * What a product decision says (CHN-5): whether the product can be improved and,
 * when it can, where — the area (e.g. `durability`, `packaging`) and what to
 * improve — optionally naming the product.
 *
 * @example
 * ```ts
 * import { ChurnCase } from "@clientele/churn"
 * import * as Schema from "effect/Schema"
 *
 * const decision = Schema.decodeUnknownSync(ChurnCase.ImprovabilityInput)({
 *   improvable: true,
 *   area: "durability",
 *   description: "The hinge breaks within a year; use a steel pin.",
 *   productId: "cabinet-2",
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ImprovabilityInput = Schema.Struct({
  improvable: Schema.Boolean,
  area: Schema.optional(Code),
  description: Schema.optional(Description),
  productId: Schema.optional(Ids.ProductId),
}).pipe(
  Schema.filter((decision) => {
    const issues: Array<Schema.FilterIssue> = []
    if (decision.improvable && decision.area === undefined)
      issues.push({
        path: ["area"],
        message: "CHN-5: an improvable product names the area to improve",
      })
    if (decision.improvable && decision.description === undefined)
      issues.push({
        path: ["description"],
        message: "CHN-5: an improvable product says what to improve",
      })
    return issues
  }),
  Schema.annotations({ identifier: "ChurnImprovabilityInput" }),
)

/**
 * The encoded form of {@link ImprovabilityInput}.
 *
 * @example
 * ```ts
 * import type { ChurnCase } from "@clientele/churn"
 *
 * const decision: ChurnCase.ImprovabilityInputEncoded = { improvable: false }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type ImprovabilityInputEncoded = typeof ImprovabilityInput.Encoded

/**
 * The recorded product decision (CHN-5), with when and by whom it was made.
 *
 * @example
 * ```ts
 * import type { ChurnCase } from "@clientele/churn"
 *
 * const where = (d: ChurnCase.ImprovabilityDecision) => (d.improvable ? d.area : undefined)
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ImprovabilityDecision = Schema.Struct({
  improvable: Schema.Boolean,
  area: Schema.optional(Code),
  description: Schema.optional(Description),
  productId: Schema.optional(Ids.ProductId),
  at: Period.Instant,
  by: Ids.StaffId,
}).annotations({ identifier: "ChurnImprovabilityDecision" })

/**
 * The type of {@link ImprovabilityDecision}.
 *
 * @example
 * ```ts
 * import type { ChurnCase } from "@clientele/churn"
 *
 * const improvable = (d: ChurnCase.ImprovabilityDecision) => d.improvable
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type ImprovabilityDecision = typeof ImprovabilityDecision.Type

/**
 * How a case ends: the customer won back or lost.
 *
 * @example
 * ```ts
 * import { ChurnCase } from "@clientele/churn"
 *
 * ChurnCase.Result.literals // ["wonBack", "lost"]
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Result = Schema.Literal("wonBack", "lost")

/**
 * The type of {@link Result}.
 *
 * @example
 * ```ts
 * import type { ChurnCase } from "@clientele/churn"
 *
 * const result: ChurnCase.Result = "wonBack"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Result = typeof Result.Type

/**
 * What recording an outcome takes: the result and an optional note.
 *
 * @example
 * ```ts
 * import { ChurnCase } from "@clientele/churn"
 *
 * const outcome = ChurnCase.OutcomeInput.make({ result: "wonBack", note: "Back after the apology visit." })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const OutcomeInput = Schema.Struct({
  result: Result,
  note: Schema.optional(PersonalText),
}).annotations({ identifier: "ChurnOutcomeInput" })

/**
 * The encoded form of {@link OutcomeInput}.
 *
 * @example
 * ```ts
 * import type { ChurnCase } from "@clientele/churn"
 *
 * const outcome: ChurnCase.OutcomeInputEncoded = { result: "lost" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type OutcomeInputEncoded = typeof OutcomeInput.Encoded

/**
 * The recorded outcome: won back or lost, when, by whom, and an optional note.
 *
 * @example
 * ```ts
 * import type { ChurnCase } from "@clientele/churn"
 *
 * const closedAt = (o: ChurnCase.Outcome) => o.at
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Outcome = Schema.Struct({
  result: Result,
  note: Schema.optional(PersonalText),
  at: Period.Instant,
  by: Ids.StaffId,
}).annotations({ identifier: "ChurnOutcome" })

/**
 * The type of {@link Outcome}.
 *
 * @example
 * ```ts
 * import type { ChurnCase } from "@clientele/churn"
 *
 * const won = (o: ChurnCase.Outcome) => o.result === "wonBack"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Outcome = typeof Outcome.Type

/**
 * How a case was opened: from a candidate of a detection run (the run, the policy
 * version, the status and the signals that flagged the customer), or by hand with an
 * optional reason (free text about the customer, so personal).
 *
 * @example
 * ```ts
 * import type { ChurnCase } from "@clientele/churn"
 *
 * const detected = (c: ChurnCase.ChurnCase) => c.origin._tag === "Detected"
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Origin = Schema.Union(
  Schema.TaggedStruct("Detected", {
    runId: Ids.IdString,
    policy: Detection.PolicyReference,
    status: Detection.Status,
    signals: Schema.NonEmptyArray(Detection.Signal),
  }),
  Schema.TaggedStruct("Manual", { reason: Schema.optional(PersonalText) }),
).annotations({ identifier: "ChurnCaseOrigin" })

/**
 * The type of {@link Origin}.
 *
 * @example
 * ```ts
 * import type { ChurnCase } from "@clientele/churn"
 *
 * const byHand: ChurnCase.Origin = { _tag: "Manual", reason: "Told the driver she now buys elsewhere." }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Origin = typeof Origin.Type

/**
 * Where a case stands: `open` (nothing found out yet), `investigated` (the findings
 * are recorded), `recovering` (the customer can be won back and an owner is on it),
 * `wonBack` or `lost` (final).
 *
 * @example
 * ```ts
 * import { ChurnCase } from "@clientele/churn"
 *
 * ChurnCase.CaseStatus.literals // ["open", "investigated", "recovering", "wonBack", "lost"]
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const CaseStatus = Schema.Literal("open", "investigated", "recovering", "wonBack", "lost")

/**
 * The type of {@link CaseStatus}.
 *
 * @example
 * ```ts
 * import type { ChurnCase } from "@clientele/churn"
 *
 * const status: ChurnCase.CaseStatus = "recovering"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type CaseStatus = typeof CaseStatus.Type

/**
 * What a history step records: the case opened, investigated, a recovery or a
 * product decision made, the lost value re-estimated, the case closed.
 *
 * @example
 * ```ts
 * import { ChurnCase } from "@clientele/churn"
 *
 * ChurnCase.Action.literals.includes("recoveryDecided") // true
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Action = Schema.Literal(
  "opened",
  "investigated",
  "recoveryDecided",
  "improvabilityDecided",
  "closed",
)

/**
 * The type of {@link Action}.
 *
 * @example
 * ```ts
 * import type { ChurnCase } from "@clientele/churn"
 *
 * const action: ChurnCase.Action = "investigated"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Action = typeof Action.Type

/**
 * One entry of a case's append-only history: what happened, the status after it,
 * when and by whom.
 *
 * @example
 * ```ts
 * import { ChurnCase } from "@clientele/churn"
 * import { Ids } from "@clientele/core"
 *
 * const step = ChurnCase.Step.make({ action: "opened", status: "open", at: Date.UTC(2024, 5, 3), by: Ids.StaffId.make("s1") })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Step = Schema.Struct({
  action: Action,
  status: CaseStatus,
  at: Period.Instant,
  by: Ids.StaffId,
}).annotations({ identifier: "ChurnCaseStep" })

/**
 * The type of {@link Step}.
 *
 * @example
 * ```ts
 * import type { ChurnCase } from "@clientele/churn"
 *
 * const when = (step: ChurnCase.Step) => step.at
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Step = typeof Step.Type

/** The fields a case's rules read, before the schema has made them a case. */
interface CaseFields {
  readonly status: CaseStatus
  readonly lostValue?: Money.Money | undefined
  readonly investigation?: Investigation | undefined
  readonly recovery?: RecoveryDecision | undefined
  readonly improvability?: ImprovabilityDecision | undefined
  readonly outcome?: Outcome | undefined
  readonly openedAt: number
  readonly history: ReadonlyArray<Step>
}

const needsRecoveryDecision = (cause: Cause) => cause === "service" || cause === "both"
const needsProductDecision = (cause: Cause) => cause === "product" || cause === "both"

/**
 * The decisions an investigated case still lacks before it can be closed (CHN-4,
 * CHN-5), each an issue at the field that holds it: `recovery` for a service cause
 * (or both) without the recoverable decision, `improvability` for a product cause
 * (or both) without the improvable decision. A case not yet investigated lacks
 * nothing (it can only be closed as lost).
 *
 * @example
 * ```ts
 * import { ChurnCase } from "@clientele/churn"
 *
 * const blockers = (c: ChurnCase.ChurnCase) => ChurnCase.missingDecisions(c).map((issue) => issue.path.join("."))
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const missingDecisions = (churnCase: {
  readonly investigation?: Investigation | undefined
  readonly recovery?: RecoveryDecision | undefined
  readonly improvability?: ImprovabilityDecision | undefined
}): ReadonlyArray<Errors.ValidationIssue> => {
  const cause = churnCase.investigation?.cause
  if (cause === undefined) return []
  const issues: Array<Errors.ValidationIssue> = []
  if (needsRecoveryDecision(cause) && churnCase.recovery === undefined)
    issues.push({
      path: ["recovery"],
      message: `CHN-4: a ${cause} cause needs the decision whether the customer can be won back`,
    })
  if (needsProductDecision(cause) && churnCase.improvability === undefined)
    issues.push({
      path: ["improvability"],
      message: `CHN-5: a ${cause} cause needs the decision whether the product can be improved`,
    })
  return issues
}

const caseIssues = (churnCase: CaseFields): Array<Schema.FilterIssue> => {
  const issues: Array<Schema.FilterIssue> = []
  const { status, history } = churnCase
  let previous = churnCase.openedAt
  history.forEach((step, index) => {
    if (step.at < previous)
      issues.push({
        path: ["history", index, "at"],
        message: "history entries are in time order, none before the case was opened",
      })
    previous = Math.max(previous, step.at)
  })
  if (history[0]?.action !== "opened")
    issues.push({ path: ["history", 0], message: "the history starts with the opening" })
  const last = history[history.length - 1]
  if (last !== undefined && last.status !== status)
    issues.push({
      path: ["status"],
      message: `the status must be the last status of the history, ${last.status}`,
    })
  if (status !== "open" && status !== "lost" && churnCase.investigation === undefined)
    issues.push({ path: ["investigation"], message: `a ${status} case has been investigated` })
  if (status === "recovering" && churnCase.recovery?.recoverable !== true)
    issues.push({
      path: ["recovery"],
      message: "CHN-4: a case is recovered only when the customer can be won back",
    })
  if (churnCase.recovery?.recoverable === true && churnCase.recovery.owner === undefined)
    issues.push({
      path: ["recovery", "owner"],
      message: "CHN-4: a customer who can be won back has an owner best placed to do it",
    })
  const improvability = churnCase.improvability
  if (improvability?.improvable === true) {
    if (improvability.area === undefined)
      issues.push({
        path: ["improvability", "area"],
        message: "CHN-5: an improvable product names the area to improve",
      })
    if (improvability.description === undefined)
      issues.push({
        path: ["improvability", "description"],
        message: "CHN-5: an improvable product says what to improve",
      })
  }
  const final = status === "wonBack" || status === "lost"
  if (final && churnCase.outcome?.result !== status)
    issues.push({ path: ["outcome"], message: `a ${status} case records that outcome` })
  if (!final && churnCase.outcome !== undefined)
    issues.push({ path: ["outcome"], message: "only a closed case has an outcome" })
  if (final) issues.push(...missingDecisions(churnCase))
  if (churnCase.lostValue !== undefined && churnCase.lostValue.amount < 0)
    issues.push({ path: ["lostValue", "amount"], message: "a lost value is not negative" })
  return issues
}

/**
 * A churn case (CHN-2 … CHN-5): the customer, how the case was opened, its status,
 * the customer's lost value (for the reports; optional until estimated), the
 * investigation, the recovery decision (CHN-4), the product decision (CHN-5), the
 * outcome, when and by whom it was opened, and the append-only history.
 *
 * The schema checks that the fields agree with the status and the rules: a
 * recovering case has a recoverable decision with an owner; an improvable decision
 * names its area and what to improve; a closed case has the outcome of its status
 * and, when investigated, every decision its cause needs; the history is in time
 * order, starts with the opening and ends in the current status.
 *
 * @example
 * ```ts
 * import type { ChurnCase } from "@clientele/churn"
 *
 * const summary = (c: ChurnCase.ChurnCase) => `${c.customerId}: ${c.status}, cause ${c.investigation?.cause ?? "unknown"}`
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ChurnCase = Schema.Struct({
  id: Ids.IdString,
  customerId: Ids.CustomerId,
  origin: Origin,
  status: CaseStatus,
  lostValue: Schema.optional(Money.Money),
  investigation: Schema.optional(Investigation),
  recovery: Schema.optional(RecoveryDecision),
  improvability: Schema.optional(ImprovabilityDecision),
  outcome: Schema.optional(Outcome),
  openedAt: Period.Instant,
  openedBy: Ids.StaffId,
  history: Schema.NonEmptyArray(Step),
}).pipe(Schema.filter(caseIssues), Schema.annotations({ identifier: "ChurnCase" }))

/**
 * The type of {@link ChurnCase}.
 *
 * @example
 * ```ts
 * import type { ChurnCase } from "@clientele/churn"
 *
 * const isClosed = (c: ChurnCase.ChurnCase) => c.status === "wonBack" || c.status === "lost"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type ChurnCase = typeof ChurnCase.Type

/**
 * What {@link open} takes: the case id, the customer, how it was opened, an optional
 * lost value, when and by whom.
 *
 * @example
 * ```ts
 * import { ChurnCase } from "@clientele/churn"
 * import * as Schema from "effect/Schema"
 *
 * const input = Schema.decodeUnknownSync(ChurnCase.OpenInput)({
 *   id: "case-1",
 *   customerId: "cus-42",
 *   origin: { _tag: "Manual" },
 *   lostValue: { amount: 120000, currency: "EUR" },
 *   at: Date.UTC(2024, 5, 3),
 *   by: "s1",
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const OpenInput = Schema.Struct({
  id: Ids.IdString,
  customerId: Ids.CustomerId,
  origin: Origin,
  lostValue: Schema.optional(Money.Money),
  at: Period.Instant,
  by: Ids.StaffId,
}).pipe(
  Schema.filter((input) =>
    input.lostValue !== undefined && input.lostValue.amount < 0
      ? { path: ["lostValue", "amount"], message: "a lost value is not negative" }
      : undefined,
  ),
  Schema.annotations({ identifier: "ChurnOpenInput" }),
)

/**
 * The encoded form of {@link OpenInput}.
 *
 * @example
 * ```ts
 * import type { ChurnCase } from "@clientele/churn"
 *
 * const input: ChurnCase.OpenInputEncoded = { id: "case-1", customerId: "cus-42", origin: { _tag: "Manual" }, at: 0, by: "s1" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type OpenInputEncoded = typeof OpenInput.Encoded

/**
 * When and by whom a change is made: every change appends a step with them.
 *
 * @example
 * ```ts
 * import type { ChurnCase } from "@clientele/churn"
 * import { Ids } from "@clientele/core"
 *
 * const change: ChurnCase.Change = { at: Date.UTC(2024, 5, 4), by: Ids.StaffId.make("s1") }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Change {
  readonly at: number
  readonly by: Ids.StaffId
}

/**
 * The allowed status changes: open → investigated or lost; investigated →
 * recovering, won back or lost; recovering → won back or lost; won back and lost are
 * final. Recording findings again, or a decision again, keeps the status.
 *
 * @example
 * ```ts
 * import { ChurnCase } from "@clientele/churn"
 *
 * ChurnCase.allowedTransitions.investigated // ["recovering", "wonBack", "lost"]
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const allowedTransitions: { readonly [S in CaseStatus]: ReadonlyArray<CaseStatus> } = {
  open: ["investigated", "lost"],
  investigated: ["recovering", "wonBack", "lost"],
  recovering: ["wonBack", "lost"],
  wonBack: [],
  lost: [],
}

// --- constructors -----------------------------------------------------------------

const decodeOpen = Errors.decodeEither(OpenInput)
const decodeFindings = Errors.decodeEither(Findings)
const decodeRecovery = Errors.decodeEither(RecoveryInput)
const decodeImprovability = Errors.decodeEither(ImprovabilityInput)
const decodeOutcome = Errors.decodeEither(OutcomeInput)

/**
 * Opens a case (status `open`, history one `opened` step). Bad input is a
 * `ValidationError` naming the field.
 *
 * @example
 * ```ts
 * import { ChurnCase } from "@clientele/churn"
 *
 * const opened = ChurnCase.open({
 *   id: "case-1",
 *   customerId: "cus-42",
 *   origin: { _tag: "Manual", reason: "Said on the phone she now buys elsewhere." },
 *   at: Date.UTC(2024, 5, 3),
 *   by: "s1",
 * })
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const open = (input: OpenInputEncoded): Either.Either<ChurnCase, Errors.ValidationError> =>
  Either.map(
    decodeOpen(input),
    ({ at, by, lostValue, ...rest }): ChurnCase => ({
      ...rest,
      status: "open",
      ...(lostValue === undefined ? {} : { lostValue }),
      openedAt: at,
      openedBy: by,
      history: [{ action: "opened", status: "open", at, by }],
    }),
  )

/**
 * Opens a case for a detection candidate: the origin records the run, the policy
 * version, and the status and signals that flagged the customer.
 *
 * @example
 * ```ts
 * import { ChurnCase, Detection } from "@clientele/churn"
 * import { Ids } from "@clientele/core"
 * import * as Either from "effect/Either"
 *
 * declare const candidate: Detection.Candidate
 * const opened = ChurnCase.fromCandidate(
 *   candidate,
 *   { runId: "run-2024-06", policy: { id: Detection.PolicyId.make("retail"), version: 1 } },
 *   { id: "case-1", at: Date.UTC(2024, 5, 3), by: Ids.StaffId.make("s1") },
 * )
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromCandidate = (
  candidate: Detection.Candidate,
  run: { readonly runId: string; readonly policy: Detection.PolicyReference },
  details: {
    readonly id: string
    readonly at: number
    readonly by: Ids.StaffId
    readonly lostValue?: Money.Money | undefined
  },
): Either.Either<ChurnCase, Errors.ValidationError> =>
  open({
    id: details.id,
    customerId: candidate.customerId,
    origin: {
      _tag: "Detected",
      runId: run.runId,
      policy: run.policy,
      status: candidate.status,
      signals: candidate.signals,
    },
    ...(details.lostValue === undefined
      ? {}
      : {
          lostValue: { amount: details.lostValue.amount, currency: details.lostValue.currency },
        }),
    at: details.at,
    by: details.by,
  })

// --- decisions --------------------------------------------------------------------

const refuse = (churnCase: ChurnCase, attempted: string) =>
  Either.left(
    new Errors.InvalidTransitionError({
      entity: "churn case",
      state: churnCase.status,
      attempted,
    }),
  )

/** The step's instant is valid and not before the last one: the history is append-only. */
const checkChange = (
  churnCase: ChurnCase,
  change: Change,
): Either.Either<Change, Errors.ValidationError> => {
  if (!Schema.is(Period.Instant)(change.at))
    return Either.left(
      Errors.ValidationError.fromIssues([
        { path: ["at"], message: `${change.at} is not a valid instant` },
      ]),
    )
  if (!Schema.is(Ids.StaffId)(change.by))
    return Either.left(
      Errors.ValidationError.fromIssues([{ path: ["by"], message: "the staff id is not valid" }]),
    )
  const last = churnCase.history[churnCase.history.length - 1]?.at ?? churnCase.openedAt
  if (change.at < last)
    return Either.left(
      Errors.ValidationError.fromIssues([
        {
          path: ["at"],
          message: `a change at ${change.at} cannot precede the last history entry at ${last}: the history is append-only, in time order`,
        },
      ]),
    )
  return Either.right(change)
}

const appended = (
  churnCase: ChurnCase,
  action: Action,
  status: CaseStatus,
  change: Change,
): ChurnCase["history"] => [...churnCase.history, { action, status, at: change.at, by: change.by }]

/**
 * Records the findings of an investigation (CHN-2, CHN-3): an open case becomes
 * `investigated`; an investigated or recovering case keeps its status and takes the
 * new findings (a later conversation may tell more). A lost value given with the
 * findings replaces the case's. A closed case is an `InvalidTransitionError`; bad
 * findings a `ValidationError` naming the field (a competitor without attractions
 * or comparison, a score outside −2 … +2).
 *
 * @example
 * ```ts
 * import { ChurnCase } from "@clientele/churn"
 * import { Ids } from "@clientele/core"
 * import * as Either from "effect/Either"
 *
 * const s1 = Ids.StaffId.make("s1")
 * const investigated = Either.flatMap(
 *   ChurnCase.open({ id: "case-1", customerId: "cus-42", origin: { _tag: "Manual" }, at: 0, by: s1 }),
 *   (c) =>
 *     ChurnCase.investigate(
 *       c,
 *       {
 *         destination: { _tag: "Competitor", competitor: "Bargain Depot" },
 *         attractions: ["lower-price"],
 *         comparison: { price: { score: 2 }, product: { score: 0 }, service: { score: 0 } },
 *         cause: "product",
 *       },
 *       { at: 1000, by: s1 },
 *     ),
 * )
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const investigate = (
  churnCase: ChurnCase,
  input: FindingsInput,
  change: Change,
): Either.Either<ChurnCase, Errors.ValidationError | Errors.InvalidTransitionError> => {
  if (churnCase.status === "wonBack" || churnCase.status === "lost")
    return refuse(churnCase, "investigate")
  return Either.gen(function* () {
    const { at, by } = yield* checkChange(churnCase, change)
    const { lostValue, ...findings } = yield* decodeFindings(input)
    const status = churnCase.status === "open" ? "investigated" : churnCase.status
    return {
      ...churnCase,
      status,
      ...(lostValue === undefined ? {} : { lostValue }),
      investigation: { ...findings, at, by },
      history: appended(churnCase, "investigated", status, { at, by }),
    }
  })
}

/**
 * Records whether the customer can be won back and by whom (CHN-4). A recoverable
 * customer needs an owner (a `ValidationError` at `owner` otherwise), and the case
 * moves to `recovering`: the owner's assignment starts the recovery. Deciding again
 * while recovering reassigns the owner; deciding "not recoverable" while recovering
 * is an `InvalidTransitionError` (record the outcome `lost` instead). The case must
 * be investigated first.
 *
 * @remarks
 * The decision is required for service causes (and both) before the case closes;
 * it is allowed for a product cause too, since such a customer may still be won
 * back once the product is better.
 *
 * @example
 * ```ts
 * import { ChurnCase } from "@clientele/churn"
 * import { Ids } from "@clientele/core"
 *
 * declare const investigated: ChurnCase.ChurnCase
 * const recovering = ChurnCase.decideRecovery(
 *   investigated,
 *   { recoverable: true, owner: "rep-3" },
 *   { at: Date.UTC(2024, 5, 5), by: Ids.StaffId.make("lead-1") },
 * )
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const decideRecovery = (
  churnCase: ChurnCase,
  input: RecoveryInputEncoded,
  change: Change,
): Either.Either<ChurnCase, Errors.ValidationError | Errors.InvalidTransitionError> => {
  if (churnCase.status !== "investigated" && churnCase.status !== "recovering")
    return refuse(churnCase, "decide recovery")
  return Either.gen(function* () {
    const { at, by } = yield* checkChange(churnCase, change)
    const decision = yield* decodeRecovery(input)
    if (churnCase.status === "recovering" && !decision.recoverable)
      return yield* refuse(churnCase, "decide not recoverable")
    const status = decision.recoverable ? "recovering" : churnCase.status
    return {
      ...churnCase,
      status,
      recovery: { ...decision, at, by },
      history: appended(churnCase, "recoveryDecided", status, { at, by }),
    }
  })
}

/**
 * Records whether and where the product can be improved (CHN-5). An improvable
 * product needs the area and what to improve (a `ValidationError` at `area` or
 * `description` otherwise). The status does not change; the case must be
 * investigated and not closed.
 *
 * @example
 * ```ts
 * import { ChurnCase } from "@clientele/churn"
 * import { Ids } from "@clientele/core"
 *
 * declare const investigated: ChurnCase.ChurnCase
 * const decided = ChurnCase.decideImprovability(
 *   investigated,
 *   { improvable: true, area: "durability", description: "Use a steel hinge pin." },
 *   { at: Date.UTC(2024, 5, 5), by: Ids.StaffId.make("design-1") },
 * )
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const decideImprovability = (
  churnCase: ChurnCase,
  input: ImprovabilityInputEncoded,
  change: Change,
): Either.Either<ChurnCase, Errors.ValidationError | Errors.InvalidTransitionError> => {
  if (churnCase.status !== "investigated" && churnCase.status !== "recovering")
    return refuse(churnCase, "decide improvability")
  return Either.gen(function* () {
    const { at, by } = yield* checkChange(churnCase, change)
    const decision = yield* decodeImprovability(input)
    return {
      ...churnCase,
      improvability: { ...decision, at, by },
      history: appended(churnCase, "improvabilityDecided", churnCase.status, { at, by }),
    }
  })
}

/**
 * Closes a case with its outcome: won back or lost. The status change must be
 * allowed (an open case can only be lost; a closed case cannot close again — an
 * `InvalidTransitionError`), and an investigated case must have every decision its
 * cause needs (a `ValidationError` with an issue at `recovery` for CHN-4 and at
 * `improvability` for CHN-5).
 *
 * @example
 * ```ts
 * import { ChurnCase } from "@clientele/churn"
 * import { Ids } from "@clientele/core"
 *
 * declare const recovering: ChurnCase.ChurnCase
 * const wonBack = ChurnCase.recordOutcome(
 *   recovering,
 *   { result: "wonBack", note: "Ordered again after the visit." },
 *   { at: Date.UTC(2024, 6, 1), by: Ids.StaffId.make("rep-3") },
 * )
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const recordOutcome = (
  churnCase: ChurnCase,
  input: OutcomeInputEncoded,
  change: Change,
): Either.Either<ChurnCase, Errors.ValidationError | Errors.InvalidTransitionError> =>
  Either.gen(function* () {
    const outcome = yield* decodeOutcome(input)
    if (!allowedTransitions[churnCase.status].includes(outcome.result))
      return yield* refuse(churnCase, outcome.result === "wonBack" ? "win back" : "lose")
    const { at, by } = yield* checkChange(churnCase, change)
    const missing = missingDecisions(churnCase)
    if (missing.length > 0) return yield* Either.left(Errors.ValidationError.fromIssues(missing))
    return {
      ...churnCase,
      status: outcome.result,
      outcome: { ...outcome, at, by },
      history: appended(churnCase, "closed", outcome.result, { at, by }),
    }
  })

/**
 * Whether a case is closed (won back or lost).
 *
 * @example
 * ```ts
 * import { ChurnCase } from "@clientele/churn"
 *
 * declare const c: ChurnCase.ChurnCase
 * const open = !ChurnCase.isClosed(c)
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const isClosed = (churnCase: { readonly status: CaseStatus }): boolean =>
  churnCase.status === "wonBack" || churnCase.status === "lost"

/**
 * The instant of a case's last change (its last history step).
 *
 * @example
 * ```ts
 * import { ChurnCase } from "@clientele/churn"
 *
 * declare const c: ChurnCase.ChurnCase
 * const changed = new Date(ChurnCase.updatedAt(c))
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const updatedAt = (churnCase: ChurnCase): number =>
  churnCase.history[churnCase.history.length - 1]?.at ?? churnCase.openedAt
