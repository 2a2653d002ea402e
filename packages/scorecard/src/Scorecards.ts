/**
 * The `Scorecards` service: the staff skill assessments over the storage port
 * (SQ-2) — recorded once per person, rater and period, read back by period,
 * summarised and followed over periods — and the service-quality scorecard of a
 * period (SQ-1) computed from what the other services have stored.
 *
 * The scorecard reads the sources it finds where the service is built: the
 * `Complaints` service of `@clientele/complaints` (the complaints received in the
 * period and, for first-contact resolution, the repeats received in the repeat
 * window after it, timed on its SLA calendar), the `Visits` service of
 * `@clientele/visits` (the period's cadence adherence and, given a visit policy
 * version, its feedback-card summary) and the `Returns` service of
 * `@clientele/returns` (the return-reasons report of the period in each currency
 * its cases are in, and those cases). A source that is not provided gives its
 * measures no data; {@link ScorecardsService.sources} says which were found.
 *
 * @since 0.1.0
 */
import type { CalendarError } from "@clientele/calendar"
import { Complaints } from "@clientele/complaints"
import { Errors, Ids, type Money, Period, PromiseClient } from "@clientele/core"
import { Returns } from "@clientele/returns"
import { Collection, Store, StoreError } from "@clientele/store"
import { Visits } from "@clientele/visits"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Assessment from "./Assessment.js"
import * as Inputs from "./Inputs.js"
import * as Stored from "./internal/collections.js"
import { firstOutOfOrder, periodKey } from "./internal/periods.js"
import * as Policy from "./Policy.js"
import * as Scorecard from "./Scorecard.js"

const DAY_MS = 86_400_000

/**
 * An assessment to record: an `Assessment.Assessment` in its encoded form, without
 * `recordedAt` (the service's clock gives it).
 *
 * @example
 * ```ts
 * import type { Scorecards } from "@clientele/scorecard"
 *
 * const input: Scorecards.AssessmentInput = {
 *   staffId: "kim",
 *   raterId: "lee",
 *   role: "peer",
 *   period: { start: "2025-01-01", end: "2025-07-01", zone: "Europe/Paris" },
 *   scores: {
 *     courtesy: 5, listening: 3, understanding: 4, clarity: 4, knowledge: 5,
 *     ownership: 4, promises: 3, keepingInformed: 2, composure: 5, followThrough: 3,
 *   },
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type AssessmentInput = Omit<Assessment.AssessmentEncoded, "recordedAt">

const VisitPolicyVersion = Schema.Int.pipe(
  Schema.positive({ message: () => "a visit policy version is a positive whole number" }),
)

/**
 * What a scorecard is computed for: the period and, to read the visits' feedback
 * cards, the visit policy version whose checklist their summary follows (without
 * it the cards are not read and `feedbackCardScore` has no data).
 *
 * @example
 * ```ts
 * import type { Scorecards } from "@clientele/scorecard"
 *
 * const request: typeof Scorecards.ScorecardRequest.Encoded = {
 *   period: { start: "2025-01-01", end: "2025-04-01", zone: "Europe/Paris" },
 *   visitPolicyVersion: 1,
 * }
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ScorecardRequest = Schema.Struct({
  /** The period. */
  period: Period.Period,
  /** The saved visit policy version the feedback-card summary follows. */
  visitPolicyVersion: Schema.optionalWith(VisitPolicyVersion, { exact: true }),
}).annotations({ identifier: "ScorecardRequest" })

/**
 * The type of {@link ScorecardRequest}.
 *
 * @example
 * ```ts
 * import type { Scorecards } from "@clientele/scorecard"
 *
 * const cardsRead = (request: Scorecards.ScorecardRequest) => request.visitPolicyVersion !== undefined
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type ScorecardRequest = typeof ScorecardRequest.Type

/**
 * What a scorecard trend is computed for: the periods, at least one, in order and
 * without overlaps, and the visit policy version as for {@link ScorecardRequest}.
 *
 * @example
 * ```ts
 * import type { Scorecards } from "@clientele/scorecard"
 *
 * const request: typeof Scorecards.TrendRequest.Encoded = {
 *   periods: [
 *     { start: "2025-01-01", end: "2025-04-01", zone: "Europe/Paris" },
 *     { start: "2025-04-01", end: "2025-07-01", zone: "Europe/Paris" },
 *   ],
 * }
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const TrendRequest = Schema.Struct({
  /** The periods, in order. */
  periods: Schema.Array(Period.Period).pipe(
    Schema.filter((periods) =>
      periods.length === 0 ? "a trend needs at least one period" : undefined,
    ),
  ),
  /** The saved visit policy version the feedback-card summaries follow. */
  visitPolicyVersion: Schema.optionalWith(VisitPolicyVersion, { exact: true }),
}).annotations({ identifier: "ScorecardTrendRequest" })

/**
 * The type of {@link TrendRequest}.
 *
 * @example
 * ```ts
 * import type { Scorecards } from "@clientele/scorecard"
 *
 * const length = (request: Scorecards.TrendRequest) => request.periods.length
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type TrendRequest = typeof TrendRequest.Type

/**
 * The errors of computing a scorecard: bad input, a visit policy version that is
 * not saved, a complaint clock beyond the calendar's horizon, a returns total
 * beyond safe money, or the store.
 *
 * @example
 * ```ts
 * import type { Scorecards } from "@clientele/scorecard"
 *
 * declare const error: Scorecards.ScorecardError
 * error._tag
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export type ScorecardError =
  | Errors.ValidationError
  | Errors.NotFoundError
  | CalendarError.CalendarError
  | Money.MoneyOverflowError
  | StoreError.StoreError

/**
 * The service's shape: the policy its scorecards are judged by, which sources it
 * reads, the assessment commands and reads (SQ-2), and the scorecards (SQ-1).
 *
 * @example
 * ```ts
 * import type { Scorecards } from "@clientele/scorecard"
 *
 * declare const service: Scorecards.ScorecardsService
 * service.sources.complaints // whether the complaints service was found
 * ```
 *
 * @since 0.1.0
 * @category services
 */
export interface ScorecardsService {
  /** The policy the scorecards are judged by. */
  readonly policy: Policy.ScorecardPolicy
  /** Which source services the service found where it was built. */
  readonly sources: {
    readonly complaints: boolean
    readonly visits: boolean
    readonly returns: boolean
  }
  /**
   * Records an assessment (SQ-2) at the clock's instant, once per person, rater
   * and period: recording the same scores and comment again returns the stored
   * assessment; different ones fail with {@link AssessmentConflictError}. Invalid
   * input fails with a `ValidationError` naming the field, and stores nothing.
   */
  readonly recordAssessment: (
    tenant: Ids.TenantId,
    input: AssessmentInput,
  ) => Effect.Effect<
    Assessment.Assessment,
    Errors.ValidationError | AssessmentConflictError | StoreError.StoreError
  >
  /**
   * A person's stored assessments, of one period or of all: by period start, the
   * self-assessment first, then the peers by id.
   */
  readonly assessments: (
    tenant: Ids.TenantId,
    staffId: string,
    period?: typeof Period.Period.Encoded,
  ) => Effect.Effect<
    ReadonlyArray<Assessment.Assessment>,
    Errors.ValidationError | StoreError.StoreError
  >
  /** The summary of a person's stored assessments of a period (`Assessment.summarise`). */
  readonly summary: (
    tenant: Ids.TenantId,
    staffId: string,
    period: typeof Period.Period.Encoded,
    options?: Assessment.SummaryOptions,
  ) => Effect.Effect<Assessment.Summary, Errors.ValidationError | StoreError.StoreError>
  /** The trend of a person's summaries over periods given in order (`Assessment.trend`). */
  readonly assessmentTrend: (
    tenant: Ids.TenantId,
    staffId: string,
    periods: ReadonlyArray<typeof Period.Period.Encoded>,
  ) => Effect.Effect<Assessment.AssessmentTrend, Errors.ValidationError | StoreError.StoreError>
  /**
   * The scorecard of a period (SQ-1), from the sources' stored data as they are
   * now, open targets judged at the clock's instant.
   */
  readonly scorecard: (
    tenant: Ids.TenantId,
    request: typeof ScorecardRequest.Encoded,
  ) => Effect.Effect<Scorecard.Scorecard, ScorecardError>
  /** The scorecards of periods given in order, and their trend (`Scorecard.trend`). */
  readonly scorecardTrend: (
    tenant: Ids.TenantId,
    request: typeof TrendRequest.Encoded,
  ) => Effect.Effect<Scorecard.ScorecardTrend, ScorecardError>
}

/**
 * The `Scorecards` service tag.
 *
 * @example
 * ```ts
 * import { Ids } from "@clientele/core"
 * import { Scorecards } from "@clientele/scorecard"
 * import * as Effect from "effect/Effect"
 *
 * const program = Effect.gen(function* () {
 *   const scorecards = yield* Scorecards.Scorecards
 *   return yield* scorecards.scorecard(Ids.TenantId.make("acme"), {
 *     period: { start: "2025-01-01", end: "2025-04-01", zone: "Europe/Paris" },
 *   })
 * })
 * ```
 *
 * @since 0.1.0
 * @category services
 */
export class Scorecards extends Context.Tag("@clientele/scorecard/Scorecards")<
  Scorecards,
  ScorecardsService
>() {}

/**
 * Every collection the service writes: the staff assessments, which hold no
 * customer's data (no subject) and mark the rater's comment personal. Pass it to
 * the archive service with the other packages' lists.
 *
 * @example
 * ```ts
 * import { Scorecards } from "@clientele/scorecard"
 *
 * Scorecards.collections.map((collection) => collection.name) // ["scorecard-assessments"]
 * ```
 *
 * @since 0.1.0
 * @category services
 */
export const collections: ReadonlyArray<Collection.AnyCollection> = [Stored.assessments]

const decodePeriodAt = (path: ReadonlyArray<string | number>) =>
  Errors.decodeAt(Period.Period, path)
const decodeStaffId = Errors.decodeAt(Ids.StaffId, ["staffId"])
const decodeScorecardRequest = Errors.decode(ScorecardRequest)
const decodeTrendRequest = Errors.decode(TrendRequest)
const decodePeriods = Errors.decodeAt(TrendRequest.fields.periods, ["periods"])

/** The self-assessment first, then the peers by rater id; periods by start. */
const inReadingOrder = (a: Assessment.Assessment, b: Assessment.Assessment) =>
  (a.period.start < b.period.start ? -1 : a.period.start > b.period.start ? 1 : 0) ||
  (a.role === b.role ? 0 : a.role === "self" ? -1 : 1) ||
  (a.raterId < b.raterId ? -1 : a.raterId > b.raterId ? 1 : 0)

/** Whether two assessments say the same thing, whenever they were recorded. */
const sameAssessment = Schema.equivalence(Assessment.Assessment)

/**
 * Builds the service over the `Store`, judging scorecards by `policy` (default
 * `Policy.defaultPolicy`) and reading the source services found in the context.
 *
 * @example
 * ```ts
 * import { Scorecards } from "@clientele/scorecard"
 * import { MemoryStore } from "@clientele/store"
 * import * as Effect from "effect/Effect"
 *
 * const service = Effect.provide(Scorecards.make(), MemoryStore.layer)
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (
  policy: Policy.ScorecardPolicy = Policy.defaultPolicy,
): Effect.Effect<ScorecardsService, never, Store.Store> =>
  Effect.gen(function* () {
    const store = yield* Store.Store
    const provide = Effect.provideService(Store.Store, store)
    const complaints = yield* Effect.serviceOption(Complaints.Complaints)
    const visits = yield* Effect.serviceOption(Visits.Visits)
    const returns = yield* Effect.serviceOption(Returns.Returns)

    const recordAssessment: ScorecardsService["recordAssessment"] = Effect.fn(
      "Scorecards.recordAssessment",
    )(function* (tenant, input) {
      const recordedAt = yield* Clock.currentTimeMillis
      const assessment = yield* Errors.decode(Assessment.Assessment)({ ...input, recordedAt })
      const id = Stored.assessmentId(assessment)
      const once = store.transaction(
        Effect.gen(function* () {
          const stored = yield* Stored.assessments.get(tenant, id)
          if (Option.isNone(stored)) {
            yield* Stored.assessments.insert(tenant, assessment)
            return assessment
          }
          const existing = stored.value.value
          if (sameAssessment(existing, { ...assessment, recordedAt: existing.recordedAt }))
            return existing
          return yield* new AssessmentConflictError({
            staffId: assessment.staffId,
            raterId: assessment.raterId,
            period: periodKey(assessment.period),
          })
        }),
      )
      // a concurrent first recording of the same assessment commits first: read it
      return yield* provide(once).pipe(
        Effect.retry({ times: 1, while: StoreError.hasReason("Duplicate") }),
      )
    })

    const stored = (tenant: Ids.TenantId, staffId: Ids.StaffId, period?: Period.Period) =>
      provide(
        Collection.valuesOf(Stored.assessments, tenant, {
          where: {
            staffId,
            ...(period === undefined ? {} : { period: periodKey(period) }),
          },
        }),
      ).pipe(Effect.map((found) => [...found].sort(inReadingOrder)))

    const assessments: ScorecardsService["assessments"] = Effect.fn("Scorecards.assessments")(
      function* (tenant, staffId, period) {
        const person = yield* decodeStaffId(staffId)
        const within = period === undefined ? undefined : yield* decodePeriodAt(["period"])(period)
        return yield* stored(tenant, person, within)
      },
    )

    const summaryOf = (
      tenant: Ids.TenantId,
      staffId: Ids.StaffId,
      period: Period.Period,
      options?: Assessment.SummaryOptions,
    ) =>
      Effect.flatMap(stored(tenant, staffId, period), (found) => {
        const self = found.find((assessment) => assessment.role === "self")
        const peers = found.filter((assessment) => assessment.role === "peer")
        return Assessment.summarise(
          { staffId, period, peers, ...(self === undefined ? {} : { self }) },
          options,
        )
      })

    const summary: ScorecardsService["summary"] = Effect.fn("Scorecards.summary")(
      function* (tenant, staffId, period, options) {
        const person = yield* decodeStaffId(staffId)
        const within = yield* decodePeriodAt(["period"])(period)
        return yield* summaryOf(tenant, person, within, options)
      },
    )

    /** The periods of a trend, which must follow one another. */
    const inOrder = (periods: ReadonlyArray<Period.Period>) =>
      Effect.suspend(() => {
        const disorder = firstOutOfOrder(periods, (index) => ["periods", index])
        return disorder === undefined ? Effect.succeed(periods) : Effect.fail(disorder)
      })

    const assessmentTrend: ScorecardsService["assessmentTrend"] = Effect.fn(
      "Scorecards.assessmentTrend",
    )(function* (tenant, staffId, periods) {
      const person = yield* decodeStaffId(staffId)
      const decoded = yield* inOrder(yield* decodePeriods(periods))
      const summaries = yield* Effect.forEach(decoded, (period) =>
        summaryOf(tenant, person, period),
      )
      return yield* Assessment.trend(summaries)
    })

    /** The figures of the complaints received in `[from, to)`, as of `now`. */
    const complaintFigures = (tenant: Ids.TenantId, from: number, to: number, now: number) =>
      Effect.gen(function* () {
        if (Option.isNone(complaints)) return undefined
        const service = complaints.value
        const { calendar } = service.settings.sla
        const { windowDays } = service.settings.repeat
        const received = yield* service.received(tenant, { from, to })
        const after = yield* service.received(tenant, { from: to, to: to + windowDays * DAY_MS })
        return yield* Inputs.fromComplaints({
          complaints: received,
          after,
          now,
          calendar,
          windowDays,
        })
      })

    /** The figures of the period's visits, as of `now`. */
    const visitFigures = (
      tenant: Ids.TenantId,
      period: Period.Period,
      now: number,
      policyVersion: number | undefined,
    ) =>
      Effect.gen(function* () {
        if (Option.isNone(visits)) return undefined
        const service = visits.value
        const adherence = yield* service.adherence(tenant, { period, asOf: now })
        const feedback =
          policyVersion === undefined
            ? undefined
            : yield* service.feedbackSummary(tenant, { period, policyVersion })
        return Inputs.fromVisits({ adherence, feedback })
      })

    /** The figures of the return requests of `[from, to)`: one report per currency. */
    const returnFigures = (tenant: Ids.TenantId, from: number, to: number) =>
      Effect.gen(function* () {
        if (Option.isNone(returns)) return undefined
        const service = returns.value
        const cases = (yield* service.cases(tenant)).filter(
          (returnCase) =>
            returnCase.decision.requestedAt >= from && returnCase.decision.requestedAt < to,
        )
        const currencies = [...new Set(cases.map((returnCase) => returnCase.currency))].sort()
        const reports = yield* Effect.forEach(currencies, (currency) =>
          service.report(tenant, { from, to, currency }),
        )
        return Inputs.fromReturns({ reports, cases })
      })

    const scorecardOf = (
      tenant: Ids.TenantId,
      period: Period.Period,
      visitPolicyVersion: number | undefined,
    ) =>
      Effect.gen(function* () {
        const now = yield* Clock.currentTimeMillis
        const from = Period.startInstant(period)
        const to = Period.endInstant(period)
        const complaintsOf = yield* complaintFigures(tenant, from, to, now)
        const visitsOf = yield* visitFigures(tenant, period, now, visitPolicyVersion)
        const returnsOf = yield* returnFigures(tenant, from, to)
        return yield* Scorecard.measure(
          {
            period,
            asOf: now,
            ...(complaintsOf === undefined ? {} : { complaints: complaintsOf }),
            ...(visitsOf === undefined ? {} : { visits: visitsOf }),
            ...(returnsOf === undefined ? {} : { returns: returnsOf }),
          },
          policy,
        )
      })

    const scorecard: ScorecardsService["scorecard"] = Effect.fn("Scorecards.scorecard")(
      function* (tenant, request) {
        const { period, visitPolicyVersion } = yield* decodeScorecardRequest(request)
        return yield* scorecardOf(tenant, period, visitPolicyVersion)
      },
    )

    const scorecardTrend: ScorecardsService["scorecardTrend"] = Effect.fn(
      "Scorecards.scorecardTrend",
    )(function* (tenant, request) {
      const { periods, visitPolicyVersion } = yield* decodeTrendRequest(request)
      yield* inOrder(periods)
      const scorecards = yield* Effect.forEach(periods, (period) =>
        scorecardOf(tenant, period, visitPolicyVersion),
      )
      return yield* Scorecard.trend(scorecards)
    })

    return {
      policy,
      sources: {
        complaints: Option.isSome(complaints),
        visits: Option.isSome(visits),
        returns: Option.isSome(returns),
      },
      recordAssessment,
      assessments,
      summary,
      assessmentTrend,
      scorecard,
      scorecardTrend,
    }
  })

/**
 * The service as a layer over the `Store`, judging scorecards by `policy`. The
 * source services it reads are those in its context: provide them to it.
 *
 * @example
 * ```ts
 * import { WorkingCalendar } from "@clientele/calendar"
 * import { Complaints, Handling } from "@clientele/complaints"
 * import { Scorecards } from "@clientele/scorecard"
 * import { MemoryStore } from "@clientele/store"
 * import { Visits } from "@clientele/visits"
 * import * as Layer from "effect/Layer"
 *
 * const settings = Handling.makeSettings({
 *   calendar: WorkingCalendar.weekdays("Europe/Paris", "09:00", "17:00"),
 *   currency: "EUR",
 *   departments: [{ id: "care", name: "Care", head: "s-lee", categories: ["product", "price", "service"] }],
 * })
 * const sources = Layer.mergeAll(Complaints.layer(settings), Visits.layer)
 * const live = Scorecards.layer().pipe(
 *   Layer.provide(sources),
 *   Layer.provide(MemoryStore.layer), // one store for the sources and the scorecards
 * )
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  policy: Policy.ScorecardPolicy = Policy.defaultPolicy,
): Layer.Layer<Scorecards, never, Store.Store> => Layer.effect(Scorecards, make(policy))

/**
 * The Promise API: the service's methods as plain async functions over a store
 * layer, with the policy and the layer of the source services to read (built over
 * the same store). Rejections are the same tagged errors.
 *
 * @example
 * ```ts
 * import { Ids } from "@clientele/core"
 * import { Scorecards } from "@clientele/scorecard"
 * import { MemoryStore } from "@clientele/store"
 * import { Visits } from "@clientele/visits"
 *
 * const client = await Scorecards.makeClient(MemoryStore.layer, { sources: Visits.layer })
 * const tenant = Ids.TenantId.make("acme")
 * await client.recordAssessment(tenant, {
 *   staffId: "kim",
 *   raterId: "kim",
 *   role: "self",
 *   period: { start: "2025-01-01", end: "2025-07-01", zone: "Europe/Paris" },
 *   scores: {
 *     courtesy: 5, listening: 5, understanding: 4, clarity: 4, knowledge: 4,
 *     ownership: 5, promises: 4, keepingInformed: 3, composure: 4, followThrough: 4,
 *   },
 * })
 * await client.close()
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeClient = <E, Sources = never, E2 = never>(
  store: Layer.Layer<Store.Store, E>,
  options: {
    readonly policy?: Policy.ScorecardPolicy | undefined
    readonly sources?: Layer.Layer<Sources, E2, Store.Store> | undefined
  } = {},
): Promise<PromiseClient.PromiseClient<ScorecardsService>> => {
  const service = layer(options.policy)
  return PromiseClient.make(
    Scorecards,
    options.sources === undefined
      ? service.pipe(Layer.provide(store))
      : service.pipe(Layer.provide(Layer.provideMerge(options.sources, store))),
  )
}

// --- errors -----------------------------------------------------------------------

/**
 * A rater's assessment of a person for a period is already recorded with other
 * scores or another comment: an assessment, once given, is not rewritten, so a
 * summary never changes behind the back of those who read it.
 *
 * @example
 * ```ts
 * import { Scorecards } from "@clientele/scorecard"
 *
 * const error = new Scorecards.AssessmentConflictError({ staffId: "kim", raterId: "lee", period: "2025-01-01/2025-07-01/Europe/Paris" })
 * error.message
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class AssessmentConflictError extends Schema.TaggedError<AssessmentConflictError>(
  "@clientele/scorecard/AssessmentConflictError",
)("AssessmentConflictError", {
  staffId: Schema.String,
  raterId: Schema.String,
  period: Schema.String,
}) {
  override get message(): string {
    return `${this.raterId} has already assessed ${this.staffId} for ${this.period} with other scores or another comment; an assessment once recorded is not changed`
  }
}
