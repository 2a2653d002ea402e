/**
 * The scorecard policy (SQ-1): the target of every measure, as versioned data. A
 * rate's target is the share it must reach, a score's the mean it must reach, a
 * duration's the mean it must not exceed; which way a target points is the
 * measure's own (`Principle.definitionOf(id).better`), so a policy cannot ask a
 * duration to be long.
 *
 * A scorecard records the version of the policy that judged it: give a new version
 * whenever a target changes, and a trend over periods shows which targets each
 * period was held to.
 *
 * @since 0.1.0
 */
import { Errors } from "@clientele/core"
import type * as Either from "effect/Either"
import * as Schema from "effect/Schema"

const HOUR_MS = 3_600_000
const DAY_MS = 24 * HOUR_MS

/**
 * The target of a rate: a share from 0 to 1 that the rate must reach.
 *
 * @example
 * ```ts
 * import { Policy } from "@clientele/scorecard"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(Policy.RateTarget)(0.9) // true
 * Schema.is(Policy.RateTarget)(90) // false: a share, not a percentage
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const RateTarget = Schema.Number.pipe(
  Schema.between(0, 1, { message: () => "a rate target is a share from 0 to 1 (90 % is 0.9)" }),
  Schema.annotations({ identifier: "RateTarget" }),
)

/**
 * The target of a duration: the mean, in milliseconds, it must not exceed (a
 * positive whole number).
 *
 * @example
 * ```ts
 * import { Policy } from "@clientele/scorecard"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(Policy.DurationTarget)(4 * 3_600_000) // true: four hours
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const DurationTarget = Schema.Int.pipe(
  Schema.positive({
    message: () => "a duration target is a positive whole number of milliseconds",
  }),
  Schema.annotations({ identifier: "DurationTarget" }),
)

/**
 * The target of a score: the mean, from 1 to 5, it must reach.
 *
 * @example
 * ```ts
 * import { Policy } from "@clientele/scorecard"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(Policy.ScoreTarget)(4.2) // true
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ScoreTarget = Schema.Number.pipe(
  Schema.between(1, 5, { message: () => "a score target is a mean from 1 to 5" }),
  Schema.annotations({ identifier: "ScoreTarget" }),
)

/**
 * The target of every measure (see `Principle.measures` for what each counts).
 *
 * @example
 * ```ts
 * import { Policy } from "@clientele/scorecard"
 *
 * const targets: Policy.Targets = { ...Policy.defaultPolicy.targets, slaAttainment: 0.95 }
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Targets = Schema.Struct({
  /** Follow-ups done, of those due (CMP-11 makes them mandatory). */
  followUpsDone: RateTarget,
  /** Follow-ups done by someone other than the handler, of those done (CMP-11). */
  followUpsIndependent: RateTarget,
  /** Periodic updates sent in time (CMP-5). */
  customersInformed: RateTarget,
  /** SLA targets met (CMP-4). */
  slaAttainment: RateTarget,
  /** The mean time to first response (CMP-3). */
  timeToFirstResponse: DurationTarget,
  /** The mean time to resolution (CMP-4). */
  timeToResolution: DurationTarget,
  /** Planned contacts and visits done, of those due (VIS-10). */
  cadenceAdherence: RateTarget,
  /** Return requests approved, of those decided (RET-3). */
  returnApprovalRate: RateTarget,
  /** The mean time from a return request to its decision (RET-2). */
  returnDecisionTime: DurationTarget,
  /** First contacts resolved first time (CMP-10). */
  firstContactResolution: RateTarget,
  /** The mean follow-up satisfaction (CMP-11). */
  followUpSatisfaction: ScoreTarget,
  /** The mean feedback-card score (VIS-6). */
  feedbackCardScore: ScoreTarget,
}).annotations({
  identifier: "ScorecardTargets",
  // a misspelt measure would otherwise be dropped and its default silently kept
  parseOptions: { onExcessProperty: "error" },
})

/**
 * The type of {@link Targets}.
 *
 * @example
 * ```ts
 * import { Policy } from "@clientele/scorecard"
 *
 * const fcr = (targets: Policy.Targets) => targets.firstContactResolution
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Targets = typeof Targets.Type

/**
 * The scorecard policy: a `version` that names it (a scorecard records it) and the
 * {@link Targets}.
 *
 * @example
 * ```ts
 * import { Policy } from "@clientele/scorecard"
 *
 * const policy = new Policy.ScorecardPolicy({
 *   version: "2025-strict",
 *   targets: { ...Policy.defaultPolicy.targets, slaAttainment: 0.95 },
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export class ScorecardPolicy extends Schema.Class<ScorecardPolicy>("ScorecardPolicy")({
  /** Names the policy; a scorecard records it. */
  version: Schema.NonEmptyTrimmedString,
  /** The target of every measure. */
  targets: Targets,
}) {}

/**
 * The default scorecard policy, version `"1"`.
 *
 * @remarks
 * The rules give no numbers for the scorecard, so the defaults are read off the
 * other packages' own defaults where they have one, and are common service-desk
 * targets otherwise:
 * - `followUpsDone` and `followUpsIndependent` **1**: CMP-11 makes the follow-up
 *   mandatory and never by the handler, so every miss shows;
 * - `customersInformed` and `slaAttainment` **0.9**;
 * - `timeToFirstResponse` **30 minutes** and `timeToResolution` **16 hours**: the
 *   standard targets of the complaints package's default SLA (`Sla.defaultPolicies`),
 *   counted, as the SLA counts them, in business time;
 * - `cadenceAdherence` **0.9**;
 * - `returnApprovalRate` **0.8** and `returnDecisionTime` **2 days**: a customer's
 *   self-service request waits for a staff member to verify the product (RET-2),
 *   which should not take longer than the parcel takes to arrive;
 * - `firstContactResolution` **0.7**;
 * - `followUpSatisfaction` and `feedbackCardScore` **4** of 5.
 *
 * @example
 * ```ts
 * import { Policy } from "@clientele/scorecard"
 *
 * Policy.defaultPolicy.targets.timeToFirstResponse // 1_800_000: 30 minutes
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const defaultPolicy: ScorecardPolicy = new ScorecardPolicy({
  version: "1",
  targets: {
    followUpsDone: 1,
    followUpsIndependent: 1,
    customersInformed: 0.9,
    slaAttainment: 0.9,
    timeToFirstResponse: HOUR_MS / 2,
    timeToResolution: 16 * HOUR_MS,
    cadenceAdherence: 0.9,
    returnApprovalRate: 0.8,
    returnDecisionTime: 2 * DAY_MS,
    firstContactResolution: 0.7,
    followUpSatisfaction: 4,
    feedbackCardScore: 4,
  },
})

/**
 * Changes to the default policy accepted by {@link makePolicy}: a version and any
 * targets.
 *
 * @example
 * ```ts
 * import type { Policy } from "@clientele/scorecard"
 *
 * const overrides: Policy.PolicyOverrides = { version: "2", targets: { firstContactResolution: 0.8 } }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface PolicyOverrides {
  /** The policy's version; give a new one whenever a target changes. */
  readonly version?: string | undefined
  /** Targets replacing the defaults of some measures. */
  readonly targets?: { readonly [K in keyof Targets]?: number | undefined } | undefined
}

/**
 * Builds a validated policy from the defaults and `overrides`. Every field is
 * checked and every failure named in one `ValidationError`: a rate target outside
 * 0 … 1 (`["targets", "slaAttainment"]`), a duration that is not a positive whole
 * number of milliseconds, a score target outside 1 … 5, a blank version.
 *
 * @example
 * ```ts
 * import { Policy } from "@clientele/scorecard"
 * import * as Either from "effect/Either"
 *
 * const policy = Policy.makePolicy({ version: "2025", targets: { slaAttainment: 0.95 } })
 * Either.isRight(policy) // true
 * Either.isLeft(Policy.makePolicy({ targets: { slaAttainment: 95 } })) // true: 95 is not a share
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const makePolicy = (
  overrides: PolicyOverrides = {},
): Either.Either<ScorecardPolicy, Errors.ValidationError> => {
  const targets: Record<string, number> = { ...defaultPolicy.targets }
  for (const [measure, target] of Object.entries(overrides.targets ?? {}))
    if (target !== undefined) targets[measure] = target
  return Errors.decodeEither(ScorecardPolicy)({
    version: overrides.version ?? defaultPolicy.version,
    targets,
  })
}
