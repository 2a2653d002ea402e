/**
 * Detection of churned and at-risk customers (CHN-1): from the scores of a
 * customer-base model (P(alive) and the expected purchases over a horizon, e.g. of a
 * fitted BG/NBD) and from an inactivity rule (time since the last purchase), under
 * a versioned, validated {@link DetectionPolicy}.
 *
 * The input is columnar — one array per figure, one row per customer — so a million
 * customers run as plain loops without an object per customer; only the candidates
 * are materialised. Every figure is in one explicit time unit (`days` or `weeks`):
 * `frequency` is x (repeat purchases, the first purchase not counted), `recency` is
 * t_x (from the first purchase to the last repeat purchase, 0 without one) and `age`
 * is T (from the first purchase to the end of observation), so the time since the
 * last purchase is T − t_x.
 *
 * Under BG/NBD a one-time buyer (x = 0) has P(alive) = 1 by construction, so the
 * model alone can never flag them: the policy says which signal applies to one-time
 * buyers (by default the inactivity rule) and which to repeat buyers (by default
 * both). Each candidate says which signal fired and its status, `atRisk` or
 * `churned`; a customer no applicable signal flags is active and is not a candidate.
 *
 * @since 0.1.0
 */
import { Errors, Ids } from "@clientele/core"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import type { Observations, Scores } from "./Fitting.js"
import { daysPerUnit, TimeUnit } from "./Summary.js"

const PositiveInt = Schema.Int.pipe(Schema.positive())
const Count = Schema.Int.pipe(Schema.nonNegative())
const Probability = Schema.Finite.pipe(Schema.between(0, 1))
const NonNegative = Schema.Finite.pipe(Schema.nonNegative())
/** Up to a hundred years: a day count that stays exact whatever the unit. */
const Days = Schema.Int.pipe(Schema.between(1, 36_525))

// --- models and schemas -----------------------------------------------------------

/**
 * The identifier of a detection policy; with its `version` it names one saved
 * version.
 *
 * @example
 * ```ts
 * import { Detection } from "@clientele/churn"
 *
 * const id = Detection.PolicyId.make("retail")
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const PolicyId = Ids.IdString.pipe(
  Schema.brand("ChurnPolicyId"),
  Schema.annotations({ identifier: "ChurnPolicyId" }),
)

/**
 * The type of {@link PolicyId} (a branded string).
 *
 * @example
 * ```ts
 * import { Detection } from "@clientele/churn"
 *
 * const id: Detection.PolicyId = Detection.PolicyId.make("retail")
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type PolicyId = typeof PolicyId.Type

/**
 * The `{ id, version }` that names one saved detection policy; a detection result
 * records the one it used.
 *
 * @example
 * ```ts
 * import { Detection } from "@clientele/churn"
 *
 * const reference = Detection.PolicyReference.make({ id: Detection.PolicyId.make("retail"), version: 2 })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const PolicyReference = Schema.Struct({ id: PolicyId, version: PositiveInt }).annotations({
  identifier: "ChurnPolicyReference",
})

/**
 * The type of {@link PolicyReference}.
 *
 * @example
 * ```ts
 * import { Detection } from "@clientele/churn"
 *
 * const reference: Detection.PolicyReference = { id: Detection.PolicyId.make("retail"), version: 1 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type PolicyReference = typeof PolicyReference.Type

/**
 * The model signal's thresholds: a customer is `atRisk` below `atRiskBelow` P(alive)
 * (default 0.5) and `churned` below `churnedBelow` (default 0.2) or when the
 * expected purchases over the next `horizonDays` (default 90) are below
 * `minimumExpectedPurchases` (default 0.05: about one purchase in five years).
 *
 * @remarks
 * RULES.md names the model but no threshold. 0.5 is the even-odds point of
 * P(alive); 0.2 leaves a customer one chance in five of still being alive. The
 * expected-purchases floor catches customers who are probably alive but buy so
 * rarely that nothing is expected of them; set it to 0 to switch that part off.
 *
 * @example
 * ```ts
 * import { Detection } from "@clientele/churn"
 *
 * const strict = Detection.ModelRule.make({ atRiskBelow: 0.7, churnedBelow: 0.3 })
 * strict.horizonDays // 90
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ModelRule = Schema.Struct({
  atRiskBelow: Schema.optionalWith(Probability, { default: () => 0.5 }),
  churnedBelow: Schema.optionalWith(Probability, { default: () => 0.2 }),
  minimumExpectedPurchases: Schema.optionalWith(NonNegative, { default: () => 0.05 }),
  horizonDays: Schema.optionalWith(Days, { default: () => 90 }),
}).annotations({ identifier: "ChurnModelRule" })

/**
 * The type of {@link ModelRule}.
 *
 * @example
 * ```ts
 * import type { Detection } from "@clientele/churn"
 *
 * const rule: Detection.ModelRule = { atRiskBelow: 0.5, churnedBelow: 0.2, minimumExpectedPurchases: 0.05, horizonDays: 90 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type ModelRule = typeof ModelRule.Type

/**
 * The inactivity rule: a customer is `atRisk` after `atRiskAfterDays` (default 180)
 * without a purchase and `churned` after `churnedAfterDays` (default 365).
 *
 * @remarks
 * Half a year and a year are the usual retail defaults; a business with a longer
 * purchase cycle (furniture, cars) sets its own. Comparisons forgive a millionth of
 * a day, so that a figure in weeks rounded by the caller (52.142857 weeks) still
 * meets a threshold in days (365).
 *
 * @example
 * ```ts
 * import { Detection } from "@clientele/churn"
 *
 * const quarterly = Detection.InactivityRule.make({ atRiskAfterDays: 90, churnedAfterDays: 180 })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const InactivityRule = Schema.Struct({
  atRiskAfterDays: Schema.optionalWith(Days, { default: () => 180 }),
  churnedAfterDays: Schema.optionalWith(Days, { default: () => 365 }),
}).annotations({ identifier: "ChurnInactivityRule" })

/**
 * The type of {@link InactivityRule}.
 *
 * @example
 * ```ts
 * import type { Detection } from "@clientele/churn"
 *
 * const rule: Detection.InactivityRule = { atRiskAfterDays: 180, churnedAfterDays: 365 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type InactivityRule = typeof InactivityRule.Type

/**
 * Which signal applies to a group of customers: the model, the inactivity rule, or
 * both (the worse status wins).
 *
 * @example
 * ```ts
 * import { Detection } from "@clientele/churn"
 *
 * Detection.SignalChoice.literals // ["model", "inactivity", "both"]
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const SignalChoice = Schema.Literal("model", "inactivity", "both")

/**
 * The type of {@link SignalChoice}.
 *
 * @example
 * ```ts
 * import type { Detection } from "@clientele/churn"
 *
 * const choice: Detection.SignalChoice = "both"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type SignalChoice = typeof SignalChoice.Type

/**
 * The signals that apply to repeat buyers (x > 0; default `both`) and to one-time
 * buyers (x = 0; default `inactivity`, because BG/NBD gives them P(alive) = 1 by
 * construction — choose `both` or `model` with a model that lets them drop out at
 * time 0, such as MBG/NBD or Pareto/NBD).
 *
 * @example
 * ```ts
 * import { Detection } from "@clientele/churn"
 *
 * const withMbgNbd = Detection.Signals.make({ oneTimeBuyers: "both" })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Signals = Schema.Struct({
  repeatBuyers: Schema.optionalWith(SignalChoice, { default: () => "both" as const }),
  oneTimeBuyers: Schema.optionalWith(SignalChoice, { default: () => "inactivity" as const }),
}).annotations({ identifier: "ChurnSignals" })

/**
 * The type of {@link Signals}.
 *
 * @example
 * ```ts
 * import type { Detection } from "@clientele/churn"
 *
 * const signals: Detection.Signals = { repeatBuyers: "both", oneTimeBuyers: "inactivity" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Signals = typeof Signals.Type

const policyIssues = (policy: {
  readonly model: ModelRule
  readonly inactivity: InactivityRule
}): ReadonlyArray<Schema.FilterIssue> => {
  const issues: Array<Schema.FilterIssue> = []
  if (policy.model.churnedBelow > policy.model.atRiskBelow)
    issues.push({
      path: ["model", "churnedBelow"],
      message: `the churned threshold (${policy.model.churnedBelow}) cannot be above the at-risk threshold (${policy.model.atRiskBelow})`,
    })
  if (policy.inactivity.churnedAfterDays < policy.inactivity.atRiskAfterDays)
    issues.push({
      path: ["inactivity", "churnedAfterDays"],
      message: `a customer cannot be churned (${policy.inactivity.churnedAfterDays} days) before being at risk (${policy.inactivity.atRiskAfterDays} days)`,
    })
  return issues
}

/**
 * A versioned detection policy (CHN-1): its id and version, the model signal's
 * thresholds, the inactivity rule, and which signal applies to repeat and to
 * one-time buyers. Every threshold has a default; a saved version never changes.
 *
 * @example
 * ```ts
 * import { Detection } from "@clientele/churn"
 *
 * const policy = Detection.make({ id: "retail", version: 1, inactivity: { atRiskAfterDays: 120 } })
 * policy.model.atRiskBelow // 0.5
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export class DetectionPolicy extends Schema.Class<DetectionPolicy>("DetectionPolicy")(
  Schema.Struct({
    id: PolicyId,
    version: PositiveInt,
    model: Schema.optionalWith(ModelRule, { default: () => ModelRule.make({}) }),
    inactivity: Schema.optionalWith(InactivityRule, { default: () => InactivityRule.make({}) }),
    signals: Schema.optionalWith(Signals, { default: () => Signals.make({}) }),
  }).pipe(Schema.filter(policyIssues)),
  { description: "a versioned churn detection policy (CHN-1)" },
) {}

/**
 * What {@link decodeEither} and {@link make} take: the policy's encoded (JSON) form,
 * in which every threshold may be left out for its default.
 *
 * @example
 * ```ts
 * import type { Detection } from "@clientele/churn"
 *
 * const input: Detection.PolicyInput = { id: "retail", version: 1, signals: { oneTimeBuyers: "both" } }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type PolicyInput = typeof DetectionPolicy.Encoded

/**
 * Decodes untrusted input into a policy, failing with a `ValidationError` that names
 * every invalid field (e.g. `model.churnedBelow`, `inactivity.atRiskAfterDays`).
 *
 * @example
 * ```ts
 * import { Detection } from "@clientele/churn"
 * import * as Either from "effect/Either"
 *
 * Either.isLeft(Detection.decodeEither({ id: "retail", version: 1, model: { atRiskBelow: 1.5 } })) // true
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const decodeEither = (
  input: unknown,
): Either.Either<DetectionPolicy, Errors.ValidationError> =>
  Errors.decodeEither(DetectionPolicy)(input)

/**
 * Builds a policy from input known to be valid (literals in code), throwing the
 * `ValidationError` otherwise; use {@link decodeEither} for untrusted input.
 *
 * @example
 * ```ts
 * import { Detection } from "@clientele/churn"
 *
 * const policy = Detection.make({ id: "retail", version: 1 })
 * policy.inactivity.churnedAfterDays // 365
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (input: PolicyInput): DetectionPolicy =>
  Either.getOrThrowWith(decodeEither(input), (error) => error)

/**
 * The `{ id, version }` of a policy.
 *
 * @example
 * ```ts
 * import { Detection } from "@clientele/churn"
 *
 * Detection.reference(Detection.make({ id: "retail", version: 3 })) // { id: "retail", version: 3 }
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const reference = (policy: DetectionPolicy): PolicyReference => ({
  id: policy.id,
  version: policy.version,
})

/**
 * The policy's horizon in a time unit: what the expected purchases of a detection
 * input must be computed over (e.g. `t` of a BG/NBD conditional expectation fitted
 * in weeks).
 *
 * @example
 * ```ts
 * import { Detection } from "@clientele/churn"
 *
 * Detection.horizon(Detection.make({ id: "retail", version: 1, model: { horizonDays: 91 } }), "weeks") // 13
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const horizon = (policy: DetectionPolicy, timeUnit: TimeUnit): number =>
  policy.model.horizonDays / daysPerUnit[timeUnit]

/**
 * The columnar input of {@link detect}: one row per customer, every time figure in
 * `timeUnit`.
 *
 * - `customerIds` — the customers, each once.
 * - `frequency` — x, the number of repeat purchases (an integer ≥ 0).
 * - `recency` — t_x, from the first purchase to the last repeat purchase (0 when
 *   x = 0).
 * - `age` — T, from the first purchase to the end of observation (T ≥ t_x).
 * - `pAlive` — the model's probability that the customer is still alive, in [0, 1].
 * - `expectedPurchases` — the model's expected purchases over the policy's
 *   {@link horizon} (≥ 0).
 *
 * @example
 * ```ts
 * import type { Detection } from "@clientele/churn"
 *
 * const input: Detection.DetectionInput = {
 *   timeUnit: "weeks",
 *   customerIds: ["c1", "c2"],
 *   frequency: Float64Array.of(2, 0),
 *   recency: Float64Array.of(30.43, 0),
 *   age: Float64Array.of(38.86, 38.86),
 *   pAlive: Float64Array.of(0.72, 1),
 *   expectedPurchases: Float64Array.of(0.4, 0.1),
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface DetectionInput {
  readonly timeUnit: TimeUnit
  readonly customerIds: ReadonlyArray<string>
  readonly frequency: ArrayLike<number>
  readonly recency: ArrayLike<number>
  readonly age: ArrayLike<number>
  readonly pAlive: ArrayLike<number>
  readonly expectedPurchases: ArrayLike<number>
}

/**
 * The input of {@link detect} from a customer base (a `Summary.CustomerBase`, or any
 * observations with the customers' ids) and a model's scores of it (from
 * `BgNbd.score`, `ParetoNbd.score`, …, called with the same base): the base's time
 * unit, ids and columns x, t_x and T, with the scores' P(alive) and expected
 * purchases. The columns are shared, not copied.
 *
 * @example
 * ```ts
 * import { BgNbd, Detection, type Summary } from "@clientele/churn"
 *
 * declare const base: Summary.CustomerBase
 * declare const fit: BgNbd.Fit
 *
 * const policy = Detection.make({ id: "retail", version: 1 })
 * const scores = BgNbd.score(fit.parameters, base, Detection.horizon(policy, base.timeUnit))
 * const result = Detection.detect(policy, Detection.inputOf(base, scores))
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const inputOf = (
  base: Observations & { readonly customerIds: ReadonlyArray<string> },
  scores: Pick<Scores, "probabilityAlive" | "expectedPurchases">,
): DetectionInput => ({
  timeUnit: base.timeUnit,
  customerIds: base.customerIds,
  frequency: base.frequency,
  recency: base.recency,
  age: base.age,
  pAlive: scores.probabilityAlive,
  expectedPurchases: scores.expectedPurchases,
})

/**
 * The status of a candidate: at risk of churning, or churned.
 *
 * @example
 * ```ts
 * import { Detection } from "@clientele/churn"
 *
 * Detection.Status.literals // ["atRisk", "churned"]
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Status = Schema.Literal("atRisk", "churned")

/**
 * The type of {@link Status}.
 *
 * @example
 * ```ts
 * import type { Detection } from "@clientele/churn"
 *
 * const status: Detection.Status = "churned"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Status = typeof Status.Type

/**
 * A signal that can flag a customer: the model or the inactivity rule.
 *
 * @example
 * ```ts
 * import { Detection } from "@clientele/churn"
 *
 * Detection.Signal.literals // ["model", "inactivity"]
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Signal = Schema.Literal("model", "inactivity")

/**
 * The type of {@link Signal}.
 *
 * @example
 * ```ts
 * import type { Detection } from "@clientele/churn"
 *
 * const signal: Detection.Signal = "inactivity"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Signal = typeof Signal.Type

/**
 * A detected customer: its status (the worse of the signals that fired), the
 * signals that fired (model first) with the status each gave, and the figures they
 * were judged on — x, the days since the last purchase, P(alive) and the expected
 * purchases over the horizon.
 *
 * @example
 * ```ts
 * import type { Detection } from "@clientele/churn"
 *
 * const explain = (c: Detection.Candidate) => `${c.customerId}: ${c.status} by ${c.signals.join(" and ")}`
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Candidate = Schema.Struct({
  customerId: Ids.CustomerId,
  status: Status,
  signals: Schema.NonEmptyArray(Signal),
  modelStatus: Schema.optional(Status),
  inactivityStatus: Schema.optional(Status),
  frequency: Count,
  daysSinceLastPurchase: NonNegative,
  pAlive: Probability,
  expectedPurchases: NonNegative,
}).annotations({ identifier: "ChurnCandidate" })

/**
 * The type of {@link Candidate}.
 *
 * @example
 * ```ts
 * import type { Detection } from "@clientele/churn"
 *
 * const churned = (candidates: ReadonlyArray<Detection.Candidate>) => candidates.filter((c) => c.status === "churned")
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Candidate = typeof Candidate.Type

const StatusCounts = Schema.Struct({ atRisk: Count, churned: Count })

/**
 * The counts of a detection: customers judged and how many were one-time buyers;
 * candidates in all, by status, and per signal by the status that signal gave (a
 * candidate both signals flagged counts under each); and the one-time buyers among
 * the candidates.
 *
 * @example
 * ```ts
 * import type { Detection } from "@clientele/churn"
 *
 * const share = (summary: Detection.DetectionSummary) => summary.candidates / Math.max(1, summary.customers)
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const DetectionSummary = Schema.Struct({
  customers: Count,
  oneTimeBuyers: Count,
  candidates: Count,
  oneTimeBuyerCandidates: Count,
  byStatus: StatusCounts,
  bySignal: Schema.Struct({ model: StatusCounts, inactivity: StatusCounts }),
}).annotations({ identifier: "ChurnDetectionSummary" })

/**
 * The type of {@link DetectionSummary}.
 *
 * @example
 * ```ts
 * import type { Detection } from "@clientele/churn"
 *
 * const flaggedByInactivity = (s: Detection.DetectionSummary) => s.bySignal.inactivity.atRisk + s.bySignal.inactivity.churned
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type DetectionSummary = typeof DetectionSummary.Type

/**
 * The result of {@link detect}: the policy version and time unit used, the
 * candidates in input order, and the summary.
 *
 * @example
 * ```ts
 * import type { Detection } from "@clientele/churn"
 *
 * const usedVersion = (result: Detection.DetectionResult) => result.policy.version
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const DetectionResult = Schema.Struct({
  policy: PolicyReference,
  timeUnit: TimeUnit,
  candidates: Schema.Array(Candidate),
  summary: DetectionSummary,
}).annotations({ identifier: "ChurnDetectionResult" })

/**
 * The type of {@link DetectionResult}.
 *
 * @example
 * ```ts
 * import type { Detection } from "@clientele/churn"
 *
 * const ids = (result: Detection.DetectionResult) => result.candidates.map((c) => c.customerId)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type DetectionResult = typeof DetectionResult.Type

// --- decisions --------------------------------------------------------------------

const ACTIVE = 0
const AT_RISK = 1
const CHURNED = 2
const statusOfRank: ReadonlyArray<Status | undefined> = [undefined, "atRisk", "churned"]
const MODEL_ONLY: readonly [Signal] = ["model"]
const INACTIVITY_ONLY: readonly [Signal] = ["inactivity"]
const BOTH_SIGNALS: readonly [Signal, Signal] = ["model", "inactivity"]

/** A millionth of a day of floating-point rounding is forgiven at a threshold. */
const DAY_TOLERANCE = 1e-6

/** The most issues one validation reports: a million bad rows need not be listed. */
const MAX_ISSUES = 20

const columns = ["frequency", "recency", "age", "pAlive", "expectedPurchases"] as const

/** The issues of an input: lengths first (rows are not checked against mismatched columns). */
const inputIssues = (input: DetectionInput): Array<Errors.ValidationIssue> => {
  const issues: Array<Errors.ValidationIssue> = []
  if (input.timeUnit !== "days" && input.timeUnit !== "weeks")
    issues.push({ path: ["timeUnit"], message: 'the time unit is "days" or "weeks"' })
  const ids = input.customerIds
  if (!Array.isArray(ids))
    return [...issues, { path: ["customerIds"], message: "customerIds is an array of ids" }]
  const n = ids.length
  for (const column of columns) {
    const values = input[column] as ArrayLike<number> | undefined
    const length = values?.length
    if (typeof length !== "number")
      issues.push({ path: [column], message: `${column} is an array of numbers` })
    else if (length !== n)
      issues.push({
        path: [column],
        message: `${column} has ${length} values but customerIds has ${n}`,
      })
  }
  if (issues.length > 0) return issues
  const { frequency, recency, age, pAlive, expectedPurchases } = input
  const report = (column: string, row: number, message: string) => {
    issues.push({ path: [column, row], message })
  }
  for (let i = 0; i < n && issues.length < MAX_ISSUES; i++) {
    const id = ids[i]
    if (!Ids.isIdString(id))
      report("customerIds", i, "an id is 1 to 256 characters without control characters")
    const x = frequency[i] as number
    const tx = recency[i] as number
    const t = age[i] as number
    const p = pAlive[i] as number
    const e = expectedPurchases[i] as number
    if (!(Number.isInteger(x) && x >= 0))
      report("frequency", i, `x counts repeat purchases: an integer ≥ 0, not ${x}`)
    if (!(Number.isFinite(tx) && tx >= 0))
      report("recency", i, `t_x is a finite time ≥ 0, not ${tx}`)
    else if (tx > t)
      report("recency", i, `t_x (${tx}) is after T (${t}): the last purchase is after the end`)
    else if (x === 0 && tx > 0)
      report("recency", i, `a customer without repeat purchases has t_x = 0, not ${tx}`)
    if (!(Number.isFinite(t) && t >= 0)) report("age", i, `T is a finite time ≥ 0, not ${t}`)
    if (!(Number.isFinite(p) && p >= 0 && p <= 1))
      report("pAlive", i, `P(alive) is a probability in [0, 1], not ${p}`)
    if (!(Number.isFinite(e) && e >= 0))
      report("expectedPurchases", i, `expected purchases are finite and ≥ 0, not ${e}`)
  }
  return issues.slice(0, MAX_ISSUES)
}

/**
 * Detects the churned and at-risk customers of a customer base (CHN-1). For each
 * customer, the signals the policy applies to its group (repeat or one-time buyer)
 * are judged:
 * - model: `churned` when P(alive) < `churnedBelow` or the expected purchases over
 *   the horizon < `minimumExpectedPurchases`, else `atRisk` when P(alive) <
 *   `atRiskBelow`;
 * - inactivity: with the days since the last purchase (T − t_x, converted from the
 *   time unit), `churned` from `churnedAfterDays`, else `atRisk` from
 *   `atRiskAfterDays`.
 *
 * A customer some signal flags is a candidate with the worse status; the others are
 * active and left out. Bad input — columns of different lengths, a non-integer or
 * negative x, a non-finite or negative time, t_x after T, t_x > 0 without repeat
 * purchases, P(alive) outside [0, 1], NaN anywhere, an invalid id — is a
 * `ValidationError` whose paths name the column and the row (at most 20 issues).
 *
 * @remarks
 * Duplicate customer ids are not looked for here (that would cost a hash set over
 * every row); the service refuses a run whose candidates repeat a customer.
 *
 * @example
 * ```ts
 * import { Detection } from "@clientele/churn"
 * import * as Either from "effect/Either"
 *
 * const policy = Detection.make({ id: "retail", version: 1 })
 * const result = Detection.detect(policy, {
 *   timeUnit: "days",
 *   customerIds: ["loyal", "fading", "gone-quiet"],
 *   frequency: [12, 3, 0],
 *   recency: [350, 100, 0],
 *   age: [360, 360, 400],
 *   pAlive: [0.97, 0.35, 1],
 *   expectedPurchases: [2.4, 0.3, 0.1],
 * })
 * // Right: "fading" at risk by the model (0.35 < 0.5) and by 260 days without a purchase,
 * // "gone-quiet" churned by 400 days of inactivity (one-time buyers: inactivity only)
 * Either.map(result, (r) => r.candidates.map((c) => [c.customerId, c.status]))
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const detect = (
  policy: DetectionPolicy,
  input: DetectionInput,
): Either.Either<DetectionResult, Errors.ValidationError> => {
  const issues = inputIssues(input)
  if (issues.length > 0) return Either.left(Errors.ValidationError.fromIssues(issues))
  const { customerIds, frequency, recency, age, pAlive, expectedPurchases } = input
  const dayFactor = daysPerUnit[input.timeUnit]
  const { atRiskBelow, churnedBelow, minimumExpectedPurchases } = policy.model
  const atRiskAfter = policy.inactivity.atRiskAfterDays - DAY_TOLERANCE
  const churnedAfter = policy.inactivity.churnedAfterDays - DAY_TOLERANCE
  const repeat = policy.signals.repeatBuyers
  const oneTime = policy.signals.oneTimeBuyers
  const candidates: Array<Candidate> = []
  // Counts by rank (active, at risk, churned); a typed array keeps the loop allocation-free.
  const byModel = new Int32Array(3)
  const byInactivity = new Int32Array(3)
  const byStatus = new Int32Array(3)
  let oneTimeBuyers = 0
  let oneTimeBuyerCandidates = 0
  const n = customerIds.length
  for (let i = 0; i < n; i++) {
    const x = frequency[i] as number
    const choice = x === 0 ? oneTime : repeat
    if (x === 0) oneTimeBuyers++
    let modelRank = ACTIVE
    if (choice !== "inactivity") {
      const p = pAlive[i] as number
      modelRank =
        p < churnedBelow || (expectedPurchases[i] as number) < minimumExpectedPurchases
          ? CHURNED
          : p < atRiskBelow
            ? AT_RISK
            : ACTIVE
    }
    // Converted to days before comparing, so thresholds keep their meaning in any unit.
    const gapDays = ((age[i] as number) - (recency[i] as number)) * dayFactor
    let inactivityRank = ACTIVE
    if (choice !== "model")
      inactivityRank = gapDays >= churnedAfter ? CHURNED : gapDays >= atRiskAfter ? AT_RISK : ACTIVE
    if (modelRank === ACTIVE && inactivityRank === ACTIVE) continue
    const rank = Math.max(modelRank, inactivityRank)
    byStatus[rank] = (byStatus[rank] ?? 0) + 1
    byModel[modelRank] = (byModel[modelRank] ?? 0) + 1
    byInactivity[inactivityRank] = (byInactivity[inactivityRank] ?? 0) + 1
    if (x === 0) oneTimeBuyerCandidates++
    // Object literals of one shape per signal combination, with shared signal lists:
    // a run with hundreds of thousands of candidates allocates one object each.
    const p = pAlive[i] as number
    const e = expectedPurchases[i] as number
    const customerId = customerIds[i] as Ids.CustomerId
    const status = statusOfRank[rank] as Status
    candidates.push(
      modelRank === ACTIVE
        ? {
            customerId,
            status,
            signals: INACTIVITY_ONLY,
            inactivityStatus: statusOfRank[inactivityRank] as Status,
            frequency: x,
            daysSinceLastPurchase: gapDays,
            pAlive: p,
            expectedPurchases: e,
          }
        : inactivityRank === ACTIVE
          ? {
              customerId,
              status,
              signals: MODEL_ONLY,
              modelStatus: statusOfRank[modelRank] as Status,
              frequency: x,
              daysSinceLastPurchase: gapDays,
              pAlive: p,
              expectedPurchases: e,
            }
          : {
              customerId,
              status,
              signals: BOTH_SIGNALS,
              modelStatus: statusOfRank[modelRank] as Status,
              inactivityStatus: statusOfRank[inactivityRank] as Status,
              frequency: x,
              daysSinceLastPurchase: gapDays,
              pAlive: p,
              expectedPurchases: e,
            },
    )
  }
  return Either.right({
    policy: reference(policy),
    timeUnit: input.timeUnit,
    candidates,
    summary: {
      customers: n,
      oneTimeBuyers,
      candidates: candidates.length,
      oneTimeBuyerCandidates,
      byStatus: { atRisk: byStatus[AT_RISK] as number, churned: byStatus[CHURNED] as number },
      bySignal: {
        model: { atRisk: byModel[AT_RISK] as number, churned: byModel[CHURNED] as number },
        inactivity: {
          atRisk: byInactivity[AT_RISK] as number,
          churned: byInactivity[CHURNED] as number,
        },
      },
    },
  })
}
