/**
 * Retiring poor customers by an objective rule (ARC-3): a versioned retirement
 * rule as data (which customer classes it covers, how long a customer must have
 * been inactive, an optional ceiling on lifetime value, manual or automatic mode,
 * a restorable grace window and a batch limit per run), the screening that splits
 * customers into candidates and exclusions with their reasons, the retirement
 * record (who, when, under which rule version, on which figures), its restoration
 * inside the grace window, and a keyset cursor that lets a limited run continue
 * where the previous one stopped.
 *
 * Everything here is pure: the caller passes the customers' figures, the ids that
 * block a retirement (open returns, unexpired warranties, open complaints, active
 * legal holds) and the instant of the run. Screen again at the start of every run,
 * so that a hold placed after an earlier screening is seen before anyone retires.
 *
 * @since 0.1.0
 */
import { Errors, Ids, Money, Period } from "@clientele/core"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"

const DAY_MS = 86_400_000

const PositiveInt = Schema.Int.pipe(Schema.positive())

const NonNegativeInt = Schema.Int.pipe(Schema.nonNegative())

/** At most 100 years keeps `days · 86,400,000` exact and inside the instant range. */
const DayCount = Schema.Int.pipe(Schema.between(1, 36_525))

const GraceDays = Schema.Int.pipe(Schema.between(0, 36_525))

/** The same shape as a tier name of the segmentation policy (SEG-1). */
const ClassName = Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(64))

/**
 * How a retirement is carried out (ARC-3): `manual` proposes candidates and a
 * person confirms each one; `automatic` retires them without a confirmation.
 *
 * @example
 * ```ts
 * import { Retirement } from "@clientele/archive"
 *
 * Retirement.Mode.literals // ["manual", "automatic"]
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Mode = Schema.Literal("manual", "automatic")

/**
 * @example
 * ```ts
 * import type { Retirement } from "@clientele/archive"
 *
 * const mode: Retirement.Mode = "manual"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Mode = typeof Mode.Type

/**
 * How long a customer must have been inactive (ARC-3): a number of consecutive
 * statistics periods without activity (`Periods`, the count the segmentation
 * gives as `inactivePeriods`), or a number of days since the last activity
 * (`Days`, 24-hour spans measured on instants).
 *
 * @example
 * ```ts
 * import { Retirement } from "@clientele/archive"
 *
 * const threePeriods = Retirement.Inactivity.members[0].make({ count: 3 })
 * const oneYear: Retirement.Inactivity = { _tag: "Days", count: 365 }
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Inactivity = Schema.Union(
  Schema.TaggedStruct("Periods", { count: Schema.Int.pipe(Schema.between(1, 1_000)) }),
  Schema.TaggedStruct("Days", { count: DayCount }),
).annotations({ identifier: "RetirementInactivity" })

/**
 * @example
 * ```ts
 * import type { Retirement } from "@clientele/archive"
 *
 * const inactivity: Retirement.Inactivity = { _tag: "Periods", count: 2 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Inactivity = typeof Inactivity.Type

/**
 * The terms of a rule version that a candidate and a retirement record carry with
 * them, so the record says exactly what it was judged against even after the rule
 * changes: version, mode, inactivity, optional lifetime-value ceiling and grace
 * window in days.
 *
 * @example
 * ```ts
 * import { Retirement } from "@clientele/archive"
 *
 * const terms = Retirement.Terms.make({
 *   version: 1,
 *   mode: "manual",
 *   inactivity: { _tag: "Periods", count: 3 },
 *   graceDays: 90,
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Terms = Schema.Struct({
  version: PositiveInt,
  mode: Mode,
  inactivity: Inactivity,
  maxLifetimeValue: Schema.optional(Money.Money),
  graceDays: GraceDays,
}).annotations({ identifier: "RetirementTerms" })

/**
 * @example
 * ```ts
 * import type { Retirement } from "@clientele/archive"
 *
 * const terms: Retirement.Terms = {
 *   version: 2,
 *   mode: "automatic",
 *   inactivity: { _tag: "Days", count: 730 },
 *   graceDays: 14,
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Terms = typeof Terms.Type

/**
 * A versioned retirement rule (ARC-3): the {@link Terms} plus the customer
 * `classes` it applies to (tier names of the segmentation, e.g. `"potential"`;
 * each at most once) and `batchLimit`, the most customers one run retires. A
 * customer is retirable when its class is covered, it has been inactive at least
 * as long as `inactivity` says, its lifetime value is at most `maxLifetimeValue`
 * (when the rule sets one) and nothing blocks it.
 *
 * @example
 * ```ts
 * import { Retirement } from "@clientele/archive"
 * import { Errors } from "@clientele/core"
 *
 * const rule = Errors.decodeEither(Retirement.Rule)({
 *   version: 3,
 *   classes: ["potential", "1-star"],
 *   inactivity: { _tag: "Days", count: 730 },
 *   maxLifetimeValue: { amount: 10000, currency: "EUR" },
 *   mode: "automatic",
 *   graceDays: 30,
 *   batchLimit: 500,
 * }) // Right
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Rule = Schema.Struct({
  ...Terms.fields,
  classes: Schema.NonEmptyArray(ClassName),
  batchLimit: PositiveInt,
}).pipe(
  Schema.filter((rule) => {
    const issues: Array<Schema.FilterIssue> = []
    const seen = new Set<string>()
    rule.classes.forEach((name, index) => {
      if (seen.has(name))
        issues.push({
          path: ["classes", index],
          message: `the class ${name} is listed twice (ARC-3)`,
        })
      seen.add(name)
    })
    return issues
  }),
  Schema.annotations({ identifier: "RetirementRule" }),
)

/**
 * @example
 * ```ts
 * import { Retirement } from "@clientele/archive"
 *
 * const rule: Retirement.Rule = { ...Retirement.defaultRule, batchLimit: 100 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Rule = typeof Rule.Type

/**
 * The default retirement rule (version 1): *potential* customers (the inactive
 * tier of both segmentation schemes) inactive for 3 consecutive periods, no
 * lifetime-value ceiling, `manual` mode, a 90-day grace window and at most 1,000
 * retirements per run.
 *
 * @remarks
 * RULES.md gives only the example "potential and inactive for N periods". With the
 * calendar year as the default statistics period (SEG-3), 3 periods is three years
 * without a purchase. Manual mode is the default because retirement removes a
 * customer from service and cultivation; a person confirms until the tenant
 * trusts the rule. The 90-day grace window follows the restorable deletion of
 * common CRMs, and 1,000 per run keeps a confirmation list reviewable.
 *
 * @example
 * ```ts
 * import { Retirement } from "@clientele/archive"
 *
 * Retirement.defaultRule.inactivity // { _tag: "Periods", count: 3 }
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const defaultRule: Rule = {
  version: 1,
  classes: ["potential"],
  inactivity: { _tag: "Periods", count: 3 },
  mode: "manual",
  graceDays: 90,
  batchLimit: 1_000,
}

/**
 * What {@link makeRule} accepts: any field of an encoded {@link Rule}; the ones
 * left out take the value of {@link defaultRule}.
 *
 * @example
 * ```ts
 * import type { Retirement } from "@clientele/archive"
 *
 * const input: Retirement.RuleInput = { version: 2, mode: "automatic" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type RuleInput = { readonly [K in keyof typeof Rule.Encoded]?: (typeof Rule.Encoded)[K] }

/**
 * Builds a retirement rule from untrusted input over the defaults of
 * {@link defaultRule}, or a `ValidationError` naming every failing field.
 *
 * @example
 * ```ts
 * import { Retirement } from "@clientele/archive"
 * import * as Either from "effect/Either"
 *
 * Either.isRight(Retirement.makeRule({ version: 2, inactivity: { _tag: "Days", count: 365 } })) // true
 * Either.isLeft(Retirement.makeRule({ batchLimit: 0 })) // true: batchLimit must be positive
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeRule = (input: RuleInput): Either.Either<Rule, Errors.ValidationError> =>
  Errors.decodeEither(Rule)({ ...Schema.encodeSync(Rule)(defaultRule), ...input })

/**
 * The figures a customer is judged on (ARC-3): its class, its lifetime value and,
 * as the rule's inactivity needs, the instant of its last activity (a purchase or
 * contact; the registration for a customer who never bought) or the number of
 * consecutive periods it has been inactive.
 *
 * @example
 * ```ts
 * import { Retirement } from "@clientele/archive"
 * import { Ids, Money } from "@clientele/core"
 *
 * const figures = Retirement.CustomerFigures.make({
 *   customerId: Ids.CustomerId.make("cus_7"),
 *   customerClass: "potential",
 *   lifetimeValue: Money.make(4500, "EUR"),
 *   lastActivityAt: Date.UTC(2021, 2, 1),
 *   inactivePeriods: 3,
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const CustomerFigures = Schema.Struct({
  customerId: Ids.CustomerId,
  customerClass: ClassName,
  lifetimeValue: Money.Money,
  lastActivityAt: Schema.optional(Period.Instant),
  inactivePeriods: Schema.optional(NonNegativeInt),
}).annotations({ identifier: "RetirementCustomerFigures" })

/**
 * @example
 * ```ts
 * import type { Retirement } from "@clientele/archive"
 * import { Ids, Money } from "@clientele/core"
 *
 * const figures: Retirement.CustomerFigures = {
 *   customerId: Ids.CustomerId.make("cus_8"),
 *   customerClass: "general",
 *   lifetimeValue: Money.make(0, "EUR"),
 *   inactivePeriods: 0,
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type CustomerFigures = typeof CustomerFigures.Type

/**
 * The customers whose retirement is blocked, as plain id lists: open returns,
 * unexpired warranties, open complaints and active legal holds. Every list is
 * required: a forgotten blocker must not silently allow a retirement, so pass an
 * empty list to say there is none.
 *
 * @example
 * ```ts
 * import { Retirement } from "@clientele/archive"
 * import { Ids } from "@clientele/core"
 *
 * const blockers = Retirement.Blockers.make({
 *   openReturns: [],
 *   unexpiredWarranties: [Ids.CustomerId.make("cus_7")],
 *   openComplaints: [],
 *   legalHolds: [],
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Blockers = Schema.Struct({
  openReturns: Schema.Array(Ids.CustomerId),
  unexpiredWarranties: Schema.Array(Ids.CustomerId),
  openComplaints: Schema.Array(Ids.CustomerId),
  legalHolds: Schema.Array(Ids.CustomerId),
}).annotations({ identifier: "RetirementBlockers" })

/**
 * @example
 * ```ts
 * import type { Retirement } from "@clientele/archive"
 *
 * const none: Retirement.Blockers = {
 *   openReturns: [],
 *   unexpiredWarranties: [],
 *   openComplaints: [],
 *   legalHolds: [],
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Blockers = typeof Blockers.Type

/**
 * Why a customer is not a candidate: a blocker (`legalHold`, `openReturn`,
 * `unexpiredWarranty`, `openComplaint`), a class the rule does not cover
 * (`classNotCovered`), activity more recent than the rule's inactivity
 * (`recentActivity`), or a lifetime value above the rule's ceiling
 * (`valueAboveMaximum`).
 *
 * @example
 * ```ts
 * import { Retirement } from "@clientele/archive"
 *
 * Retirement.ExclusionReason.literals.includes("legalHold") // true
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ExclusionReason = Schema.Literal(
  "legalHold",
  "openReturn",
  "unexpiredWarranty",
  "openComplaint",
  "classNotCovered",
  "recentActivity",
  "valueAboveMaximum",
)

/**
 * @example
 * ```ts
 * import type { Retirement } from "@clientele/archive"
 *
 * const reason: Retirement.ExclusionReason = "openComplaint"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type ExclusionReason = typeof ExclusionReason.Type

/**
 * The figures a judgement was made on: the lifetime value, and those of the last
 * activity, the consecutive inactive periods and the whole days since the last
 * activity that were known.
 *
 * @example
 * ```ts
 * import { Retirement } from "@clientele/archive"
 * import { Money } from "@clientele/core"
 *
 * const figures = Retirement.JudgedFigures.make({
 *   lifetimeValue: Money.make(4500, "EUR"),
 *   lastActivityAt: Date.UTC(2021, 2, 1),
 *   inactiveDays: 1187,
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const JudgedFigures = Schema.Struct({
  lifetimeValue: Money.Money,
  lastActivityAt: Schema.optional(Period.Instant),
  inactivePeriods: Schema.optional(NonNegativeInt),
  inactiveDays: Schema.optional(NonNegativeInt),
}).annotations({ identifier: "RetirementJudgedFigures" })

/**
 * @example
 * ```ts
 * import type { Retirement } from "@clientele/archive"
 * import { Money } from "@clientele/core"
 *
 * const figures: Retirement.JudgedFigures = { lifetimeValue: Money.make(0, "EUR"), inactivePeriods: 4 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type JudgedFigures = typeof JudgedFigures.Type

/**
 * A customer the rule proposes to retire: who, in which class, the figures and
 * the rule terms it was judged on, and when. In `manual` mode
 * `requiresConfirmation` is true: a person confirms before {@link retire}.
 *
 * @example
 * ```ts
 * import { Retirement } from "@clientele/archive"
 * import { Ids, Money } from "@clientele/core"
 *
 * const candidate = Retirement.Candidate.make({
 *   customerId: Ids.CustomerId.make("cus_7"),
 *   customerClass: "potential",
 *   rule: { version: 1, mode: "manual", inactivity: { _tag: "Periods", count: 3 }, graceDays: 90 },
 *   figures: { lifetimeValue: Money.make(4500, "EUR"), inactivePeriods: 3 },
 *   judgedAt: Date.UTC(2024, 0, 2),
 *   requiresConfirmation: true,
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Candidate = Schema.Struct({
  customerId: Ids.CustomerId,
  customerClass: ClassName,
  rule: Terms,
  figures: JudgedFigures,
  judgedAt: Period.Instant,
  requiresConfirmation: Schema.Boolean,
}).annotations({ identifier: "RetirementCandidate" })

/**
 * @example
 * ```ts
 * import type { Retirement } from "@clientele/archive"
 *
 * const ids = (candidates: ReadonlyArray<Retirement.Candidate>) => candidates.map((c) => c.customerId)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Candidate = typeof Candidate.Type

/**
 * A customer the rule does not retire, with every reason that applies (in the
 * order of {@link ExclusionReason}: blockers first) and the figures it was
 * judged on.
 *
 * @example
 * ```ts
 * import { Retirement } from "@clientele/archive"
 * import { Ids, Money } from "@clientele/core"
 *
 * const kept = Retirement.Exclusion.make({
 *   customerId: Ids.CustomerId.make("cus_9"),
 *   customerClass: "potential",
 *   reasons: ["legalHold"],
 *   figures: { lifetimeValue: Money.make(0, "EUR"), inactivePeriods: 5 },
 * })
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export const Exclusion = Schema.Struct({
  customerId: Ids.CustomerId,
  customerClass: ClassName,
  reasons: Schema.NonEmptyArray(ExclusionReason),
  figures: JudgedFigures,
}).annotations({ identifier: "RetirementExclusion" })

/**
 * @example
 * ```ts
 * import type { Retirement } from "@clientele/archive"
 *
 * const held = (e: Retirement.Exclusion) => e.reasons.includes("legalHold")
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export type Exclusion = typeof Exclusion.Type

/**
 * The outcome of {@link retirementCandidates}: the rule version and instant of the
 * judgement, the candidates and the excluded customers, each in input order;
 * every customer is in exactly one of the two lists.
 *
 * @example
 * ```ts
 * import type { Retirement } from "@clientele/archive"
 *
 * const counts = (s: Retirement.Screening) => [s.candidates.length, s.excluded.length]
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export interface Screening {
  readonly ruleVersion: number
  readonly judgedAt: number
  readonly candidates: ReadonlyArray<Candidate>
  readonly excluded: ReadonlyArray<Exclusion>
}

const ScreeningInput = Schema.Struct({
  customers: Schema.Array(CustomerFigures),
  rule: Rule,
  blockers: Blockers,
  now: Period.Instant,
})

const validateScreening = Schema.validateEither(ScreeningInput, { errors: "all" })

const termsOf = (rule: Rule): Terms => ({
  version: rule.version,
  mode: rule.mode,
  inactivity: rule.inactivity,
  ...(rule.maxLifetimeValue !== undefined ? { maxLifetimeValue: rule.maxLifetimeValue } : {}),
  graceDays: rule.graceDays,
})

const judgedFiguresOf = (customer: CustomerFigures, now: number): JudgedFigures => ({
  lifetimeValue: customer.lifetimeValue,
  ...(customer.lastActivityAt !== undefined
    ? {
        lastActivityAt: customer.lastActivityAt,
        // Activity recorded after `now` (clock skew) counts as zero days ago.
        inactiveDays: Math.max(0, Math.floor((now - customer.lastActivityAt) / DAY_MS)),
      }
    : {}),
  ...(customer.inactivePeriods !== undefined ? { inactivePeriods: customer.inactivePeriods } : {}),
})

const isInactiveEnough = (customer: CustomerFigures, inactivity: Inactivity, now: number) =>
  inactivity._tag === "Periods"
    ? (customer.inactivePeriods ?? 0) >= inactivity.count
    : customer.lastActivityAt !== undefined &&
      now - customer.lastActivityAt >= inactivity.count * DAY_MS

/**
 * Screens customers against a retirement rule (ARC-3): each one is either a
 * {@link Candidate} or an {@link Exclusion} with every reason that keeps it —
 * an active legal hold, an open return, an unexpired warranty, an open
 * complaint, a class the rule does not cover, activity more recent than the
 * rule's inactivity, or a lifetime value above the rule's ceiling (equal is not
 * above).
 *
 * Inactivity in `Periods` compares the customer's `inactivePeriods` with the
 * count; in `Days` it compares `now − lastActivityAt` with `count · 24 h`, so a
 * customer last active exactly `count` days before `now` is inactive enough.
 *
 * Fails with a `ValidationError` naming the path when the input is invalid, a
 * customer id appears twice, a customer lacks the figure the rule's inactivity
 * needs (`inactivePeriods` or `lastActivityAt`), or a lifetime value is in
 * another currency than the rule's ceiling.
 *
 * @remarks
 * Days are 24-hour spans on the instant line rather than calendar days of a
 * zone, so the outcome depends on no time zone; a daylight-saving shift moves a
 * boundary by at most an hour. Blockers are passed in as ids so this module
 * depends on no other package's services; screen again at the start of each run
 * so that blockers raised since the last screening are honoured.
 *
 * @example
 * ```ts
 * import { Retirement } from "@clientele/archive"
 * import { Ids, Money } from "@clientele/core"
 *
 * const result = Retirement.retirementCandidates(
 *   [
 *     { customerId: Ids.CustomerId.make("cus_1"), customerClass: "potential", lifetimeValue: Money.make(0, "EUR"), inactivePeriods: 4 },
 *     { customerId: Ids.CustomerId.make("cus_2"), customerClass: "potential", lifetimeValue: Money.make(0, "EUR"), inactivePeriods: 4 },
 *   ],
 *   Retirement.defaultRule,
 *   { openReturns: [], unexpiredWarranties: [], openComplaints: [], legalHolds: [Ids.CustomerId.make("cus_2")] },
 *   Date.UTC(2024, 0, 2),
 * ) // Right({ candidates: [cus_1], excluded: [{ customerId: "cus_2", reasons: ["legalHold"], … }], … })
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const retirementCandidates = (
  customers: ReadonlyArray<CustomerFigures>,
  rule: Rule,
  blockers: Blockers,
  now: number,
): Either.Either<Screening, Errors.ValidationError> => {
  const valid = validateScreening({ customers, rule, blockers, now })
  if (Either.isLeft(valid)) return Either.left(Errors.ValidationError.fromParseError(valid.left))

  const issues: Array<Errors.ValidationIssue> = []
  const seen = new Set<string>()
  const ceiling = rule.maxLifetimeValue
  for (let index = 0; index < customers.length; index++) {
    const customer = customers[index] as CustomerFigures
    if (seen.has(customer.customerId))
      issues.push({
        path: ["customers", index, "customerId"],
        message: `the customer ${customer.customerId} appears twice (ARC-3)`,
      })
    seen.add(customer.customerId)
    if (rule.inactivity._tag === "Periods" && customer.inactivePeriods === undefined)
      issues.push({
        path: ["customers", index, "inactivePeriods"],
        message: `rule version ${rule.version} counts inactive periods, so each customer needs inactivePeriods (ARC-3)`,
      })
    if (rule.inactivity._tag === "Days" && customer.lastActivityAt === undefined)
      issues.push({
        path: ["customers", index, "lastActivityAt"],
        message: `rule version ${rule.version} counts days since the last activity, so each customer needs lastActivityAt (ARC-3)`,
      })
    if (ceiling !== undefined && customer.lifetimeValue.currency !== ceiling.currency)
      issues.push({
        path: ["customers", index, "lifetimeValue"],
        message: `the lifetime value is in ${customer.lifetimeValue.currency} but the rule's maxLifetimeValue is in ${ceiling.currency} (ARC-3)`,
      })
  }
  if (issues.length > 0) return Either.left(Errors.ValidationError.fromIssues(issues))

  const legalHolds = new Set<string>(blockers.legalHolds)
  const openReturns = new Set<string>(blockers.openReturns)
  const unexpiredWarranties = new Set<string>(blockers.unexpiredWarranties)
  const openComplaints = new Set<string>(blockers.openComplaints)
  const covered = new Set<string>(rule.classes)
  const terms = termsOf(rule)

  const candidates: Array<Candidate> = []
  const excluded: Array<Exclusion> = []
  for (const customer of customers) {
    const id = customer.customerId
    const reasons: Array<ExclusionReason> = []
    if (legalHolds.has(id)) reasons.push("legalHold")
    if (openReturns.has(id)) reasons.push("openReturn")
    if (unexpiredWarranties.has(id)) reasons.push("unexpiredWarranty")
    if (openComplaints.has(id)) reasons.push("openComplaint")
    if (!covered.has(customer.customerClass)) reasons.push("classNotCovered")
    if (!isInactiveEnough(customer, rule.inactivity, now)) reasons.push("recentActivity")
    if (ceiling !== undefined && customer.lifetimeValue.amount > ceiling.amount)
      reasons.push("valueAboveMaximum")
    const figures = judgedFiguresOf(customer, now)
    const [first, ...rest] = reasons
    if (first === undefined)
      candidates.push({
        customerId: id,
        customerClass: customer.customerClass,
        rule: terms,
        figures,
        judgedAt: now,
        requiresConfirmation: rule.mode === "manual",
      })
    else
      excluded.push({
        customerId: id,
        customerClass: customer.customerClass,
        reasons: [first, ...rest],
        figures,
      })
  }
  return Either.right({ ruleVersion: rule.version, judgedAt: now, candidates, excluded })
}

/**
 * How a retirement was decided: `confirmed` by a person, or `automatic` by a run
 * under an automatic rule.
 *
 * @example
 * ```ts
 * import { Retirement } from "@clientele/archive"
 *
 * Retirement.Decision.literals // ["confirmed", "automatic"]
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Decision = Schema.Literal("confirmed", "automatic")

/**
 * @example
 * ```ts
 * import type { Retirement } from "@clientele/archive"
 *
 * const decision: Retirement.Decision = "confirmed"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Decision = typeof Decision.Type

/**
 * The record of a retirement (ARC-3): the customer and class, the rule terms and
 * figures it was judged on and when, how it was decided, when and by whom it was
 * carried out, `finalAt` (the instant the grace window closes: restorable before
 * it, final from it on) and, once restored, who restored it and when.
 *
 * @example
 * ```ts
 * import { Retirement } from "@clientele/archive"
 * import { Ids, Money } from "@clientele/core"
 *
 * const record = Retirement.Retirement.make({
 *   customerId: Ids.CustomerId.make("cus_7"),
 *   customerClass: "potential",
 *   rule: { version: 1, mode: "manual", inactivity: { _tag: "Periods", count: 3 }, graceDays: 90 },
 *   figures: { lifetimeValue: Money.make(0, "EUR"), inactivePeriods: 3 },
 *   judgedAt: Date.UTC(2024, 0, 2),
 *   decision: "confirmed",
 *   retiredAt: Date.UTC(2024, 0, 3),
 *   retiredBy: Ids.StaffId.make("lead-1"),
 *   finalAt: Date.UTC(2024, 3, 2),
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Retirement = Schema.Struct({
  customerId: Ids.CustomerId,
  customerClass: ClassName,
  rule: Terms,
  figures: JudgedFigures,
  judgedAt: Period.Instant,
  decision: Decision,
  retiredAt: Period.Instant,
  retiredBy: Ids.StaffId,
  finalAt: Schema.Int,
  restored: Schema.optional(Schema.Struct({ at: Period.Instant, by: Ids.StaffId })),
}).annotations({ identifier: "Retirement" })

/**
 * @example
 * ```ts
 * import type { Retirement } from "@clientele/archive"
 *
 * const wasRestored = (record: Retirement.Retirement) => record.restored !== undefined
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Retirement = typeof Retirement.Type

/**
 * A manual rule's candidate was to be retired without a person's confirmation.
 *
 * @example
 * ```ts
 * import { Retirement } from "@clientele/archive"
 * import { Ids } from "@clientele/core"
 *
 * const error = new Retirement.ConfirmationRequiredError({ customerId: Ids.CustomerId.make("cus_7"), ruleVersion: 1 })
 * error.message // "rule version 1 is manual: a person must confirm the retirement of cus_7 (ARC-3)"
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class ConfirmationRequiredError extends Schema.TaggedError<ConfirmationRequiredError>(
  "@clientele/archive/ConfirmationRequiredError",
)("ConfirmationRequiredError", {
  customerId: Ids.CustomerId,
  ruleVersion: PositiveInt,
}) {
  override get message(): string {
    return `rule version ${this.ruleVersion} is manual: a person must confirm the retirement of ${this.customerId} (ARC-3)`
  }
}

/**
 * A retirement was to be restored after its grace window closed: from `finalAt`
 * on it is final.
 *
 * @example
 * ```ts
 * import { Retirement } from "@clientele/archive"
 * import { Ids } from "@clientele/core"
 *
 * const error = new Retirement.GraceWindowClosedError({
 *   customerId: Ids.CustomerId.make("cus_7"),
 *   finalAt: Date.UTC(2024, 3, 2),
 *   attemptedAt: Date.UTC(2024, 3, 5),
 * })
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class GraceWindowClosedError extends Schema.TaggedError<GraceWindowClosedError>(
  "@clientele/archive/GraceWindowClosedError",
)("GraceWindowClosedError", {
  customerId: Ids.CustomerId,
  finalAt: Schema.Int,
  attemptedAt: Schema.Int,
}) {
  override get message(): string {
    return `the retirement of ${this.customerId} became final at ${new Date(this.finalAt).toISOString()} and cannot be restored at ${new Date(this.attemptedAt).toISOString()} (ARC-3)`
  }
}

const RetireInput = Schema.Struct({
  candidate: Candidate,
  decision: Decision,
  at: Period.Instant,
  by: Ids.StaffId,
})

const validateRetire = Schema.validateEither(RetireInput, { errors: "all" })

/**
 * Retires a candidate (ARC-3): records who retired it, when, under which rule
 * terms and on which figures, with `finalAt = at + graceDays · 24 h`. A manual
 * rule's candidate needs the decision `confirmed` (by the person `by`), else
 * `ConfirmationRequiredError`; an automatic rule's candidate may be retired
 * `automatic` (by the account the run acts under) or `confirmed`. Fails with a
 * `ValidationError` naming the path on invalid input, or on `at` when it is
 * before the candidate was judged.
 *
 * @example
 * ```ts
 * import { Retirement } from "@clientele/archive"
 * import { Ids, Money } from "@clientele/core"
 *
 * const candidate: Retirement.Candidate = {
 *   customerId: Ids.CustomerId.make("cus_7"),
 *   customerClass: "potential",
 *   rule: { version: 1, mode: "manual", inactivity: { _tag: "Periods", count: 3 }, graceDays: 90 },
 *   figures: { lifetimeValue: Money.make(0, "EUR"), inactivePeriods: 3 },
 *   judgedAt: Date.UTC(2024, 0, 2),
 *   requiresConfirmation: true,
 * }
 * Retirement.retire(candidate, "confirmed", Date.UTC(2024, 0, 3), Ids.StaffId.make("lead-1"))
 * // Right({ decision: "confirmed", retiredAt: …, finalAt: Date.UTC(2024, 3, 2), … })
 * Retirement.retire(candidate, "automatic", Date.UTC(2024, 0, 3), Ids.StaffId.make("job"))
 * // Left(ConfirmationRequiredError)
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const retire = (
  candidate: Candidate,
  decision: Decision,
  at: number,
  by: Ids.StaffId,
): Either.Either<Retirement, Errors.ValidationError | ConfirmationRequiredError> => {
  const valid = validateRetire({ candidate, decision, at, by })
  if (Either.isLeft(valid)) return Either.left(Errors.ValidationError.fromParseError(valid.left))
  if (at < candidate.judgedAt)
    return Either.left(
      Errors.ValidationError.fromIssues([
        {
          path: ["at"],
          message: `the retirement at ${at} is before the candidate was judged at ${candidate.judgedAt} (ARC-3)`,
        },
      ]),
    )
  if (candidate.rule.mode === "manual" && decision !== "confirmed")
    return Either.left(
      new ConfirmationRequiredError({
        customerId: candidate.customerId,
        ruleVersion: candidate.rule.version,
      }),
    )
  return Either.right({
    customerId: candidate.customerId,
    customerClass: candidate.customerClass,
    rule: candidate.rule,
    figures: candidate.figures,
    judgedAt: candidate.judgedAt,
    decision,
    retiredAt: at,
    retiredBy: by,
    finalAt: at + candidate.rule.graceDays * DAY_MS,
  })
}

/**
 * Where a retirement stands at an instant: `restorable` inside the grace window
 * (before `finalAt`), `final` from `finalAt` on, or `restored`.
 *
 * @example
 * ```ts
 * import { Retirement } from "@clientele/archive"
 *
 * const status: Retirement.Status = "restorable"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Status = "restorable" | "final" | "restored"

/**
 * The {@link Status} of a retirement at an instant: `restored` once restored,
 * else `restorable` before `finalAt` and `final` from `finalAt` on (the window's
 * end is exclusive).
 *
 * @example
 * ```ts
 * import { Retirement } from "@clientele/archive"
 *
 * declare const record: Retirement.Retirement
 * Retirement.statusAt(record, record.finalAt - 1) // "restorable"
 * Retirement.statusAt(record, record.finalAt) // "final"
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const statusAt = (retirement: Retirement, at: number): Status =>
  retirement.restored !== undefined ? "restored" : at < retirement.finalAt ? "restorable" : "final"

const RestoreInput = Schema.Struct({ retirement: Retirement, at: Period.Instant, by: Ids.StaffId })

const validateRestore = Schema.validateEither(RestoreInput, { errors: "all" })

/**
 * Restores a retired customer inside the grace window (ARC-3): the record gains
 * `restored: { at, by }`. Refused with `GraceWindowClosedError` from `finalAt` on,
 * with `InvalidTransitionError` when it was already restored, and with a
 * `ValidationError` naming the path on invalid input or on `at` before the
 * retirement.
 *
 * @example
 * ```ts
 * import { Retirement } from "@clientele/archive"
 * import { Ids } from "@clientele/core"
 *
 * declare const record: Retirement.Retirement
 * Retirement.restore(record, record.finalAt - 1, Ids.StaffId.make("lead-1")) // Right(record with restored)
 * Retirement.restore(record, record.finalAt, Ids.StaffId.make("lead-1")) // Left(GraceWindowClosedError)
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const restore = (
  retirement: Retirement,
  at: number,
  by: Ids.StaffId,
): Either.Either<
  Retirement,
  Errors.ValidationError | GraceWindowClosedError | Errors.InvalidTransitionError
> => {
  const valid = validateRestore({ retirement, at, by })
  if (Either.isLeft(valid)) return Either.left(Errors.ValidationError.fromParseError(valid.left))
  if (at < retirement.retiredAt)
    return Either.left(
      Errors.ValidationError.fromIssues([
        {
          path: ["at"],
          message: `the restoration at ${at} is before the retirement at ${retirement.retiredAt} (ARC-3)`,
        },
      ]),
    )
  const status = statusAt(retirement, at)
  if (status === "restored")
    return Either.left(
      new Errors.InvalidTransitionError({
        entity: "Retirement",
        state: "restored",
        attempted: "restore",
      }),
    )
  if (status === "final")
    return Either.left(
      new GraceWindowClosedError({
        customerId: retirement.customerId,
        finalAt: retirement.finalAt,
        attemptedAt: at,
      }),
    )
  return Either.right({ ...retirement, restored: { at, by } })
}

/**
 * Where a batched pass over the candidates stands: the rule version it belongs
 * to and the last customer id already handed out (`after`; absent at the start
 * of a pass). Candidates are handed out in ascending customer-id order, so the
 * cursor stays valid while the backlog is recomputed between runs.
 *
 * @example
 * ```ts
 * import { Retirement } from "@clientele/archive"
 * import { Ids } from "@clientele/core"
 *
 * const cursor = Retirement.Cursor.make({ ruleVersion: 1, after: Ids.CustomerId.make("cus_500") })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Cursor = Schema.Struct({
  ruleVersion: PositiveInt,
  after: Schema.optional(Ids.CustomerId),
}).annotations({ identifier: "RetirementCursor" })

/**
 * @example
 * ```ts
 * import type { Retirement } from "@clientele/archive"
 *
 * const start: Retirement.Cursor = { ruleVersion: 1 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Cursor = typeof Cursor.Type

/**
 * One run's share of the backlog: at most `batchLimit` candidates, the cursor to
 * continue from, how many candidates of this backlog are still ahead of it, and
 * whether the pass is `complete` (none ahead).
 *
 * @example
 * ```ts
 * import type { Retirement } from "@clientele/archive"
 *
 * const summary = (batch: Retirement.Batch) => `${batch.candidates.length} now, ${batch.remaining} left`
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export interface Batch {
  readonly candidates: ReadonlyArray<Candidate>
  readonly cursor: Cursor
  readonly remaining: number
  readonly complete: boolean
}

/**
 * A cursor of one rule version was used with another version of the rule: the
 * pass must start again under the new version, so candidates judged by two
 * versions are never mixed.
 *
 * @example
 * ```ts
 * import { Retirement } from "@clientele/archive"
 *
 * const error = new Retirement.StaleCursorError({ cursorRuleVersion: 1, ruleVersion: 2 })
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class StaleCursorError extends Schema.TaggedError<StaleCursorError>(
  "@clientele/archive/StaleCursorError",
)("StaleCursorError", {
  cursorRuleVersion: PositiveInt,
  ruleVersion: PositiveInt,
}) {
  override get message(): string {
    return `the cursor belongs to rule version ${this.cursorRuleVersion} but the rule is version ${this.ruleVersion}: start a new pass (ARC-3)`
  }
}

const BatchInput = Schema.Struct({
  backlog: Schema.Array(Candidate),
  rule: Rule,
  cursor: Schema.optional(Cursor),
})

const validateBatch = Schema.validateEither(BatchInput, { errors: "all" })

/**
 * The next run's batch of a backlog under a rule's `batchLimit` (ARC-3): the
 * candidates whose customer id comes after the cursor, in ascending id order, at
 * most `batchLimit` of them, and the cursor to pass to the next run. Without a
 * cursor a new pass starts. Over a backlog that only loses the candidates already
 * handled, successive runs hand out every candidate exactly once; once a pass is
 * `complete`, further runs with its cursor hand out only candidates that joined
 * after its last id, and a new pass (no cursor) picks up any that joined behind it.
 *
 * Fails with `StaleCursorError` when the cursor belongs to another rule version,
 * and with a `ValidationError` naming the path on invalid input, on a backlog
 * candidate judged under another rule version, or on a customer id that appears
 * twice.
 *
 * @example
 * ```ts
 * import { Retirement } from "@clientele/archive"
 * import * as Either from "effect/Either"
 *
 * declare const backlog: ReadonlyArray<Retirement.Candidate>
 * const rule = { ...Retirement.defaultRule, batchLimit: 100 }
 * const first = Retirement.nextBatch(backlog, rule)
 * const second = Either.flatMap(first, (batch) => Retirement.nextBatch(backlog, rule, batch.cursor))
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const nextBatch = (
  backlog: ReadonlyArray<Candidate>,
  rule: Rule,
  cursor?: Cursor,
): Either.Either<Batch, Errors.ValidationError | StaleCursorError> => {
  const valid = validateBatch(cursor === undefined ? { backlog, rule } : { backlog, rule, cursor })
  if (Either.isLeft(valid)) return Either.left(Errors.ValidationError.fromParseError(valid.left))
  if (cursor !== undefined && cursor.ruleVersion !== rule.version)
    return Either.left(
      new StaleCursorError({ cursorRuleVersion: cursor.ruleVersion, ruleVersion: rule.version }),
    )

  const issues: Array<Errors.ValidationIssue> = []
  const seen = new Set<string>()
  const after = cursor?.after
  const ahead: Array<Candidate> = []
  for (let index = 0; index < backlog.length; index++) {
    const candidate = backlog[index] as Candidate
    if (candidate.rule.version !== rule.version)
      issues.push({
        path: ["backlog", index, "rule", "version"],
        message: `the candidate was judged under rule version ${candidate.rule.version}, not ${rule.version} (ARC-3)`,
      })
    if (seen.has(candidate.customerId))
      issues.push({
        path: ["backlog", index, "customerId"],
        message: `the customer ${candidate.customerId} appears twice in the backlog (ARC-3)`,
      })
    seen.add(candidate.customerId)
    if (after === undefined || candidate.customerId > after) ahead.push(candidate)
  }
  if (issues.length > 0) return Either.left(Errors.ValidationError.fromIssues(issues))

  // Ids are compared by code unit, the one order every store and runtime agrees on.
  ahead.sort((a, b) => (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0))
  const candidates = ahead.slice(0, rule.batchLimit)
  const last = candidates[candidates.length - 1]
  const nextAfter = last?.customerId ?? after
  const remaining = ahead.length - candidates.length
  return Either.right({
    candidates,
    cursor:
      nextAfter === undefined
        ? { ruleVersion: rule.version }
        : { ruleVersion: rule.version, after: nextAfter },
    remaining,
    complete: remaining === 0,
  })
}
