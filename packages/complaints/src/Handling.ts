/**
 * The pure core of complaint handling: the settings a tenant runs with, the
 * intake and command inputs as schemas, and `receive` / `decide`, which turn a
 * complaint, a command and an instant into the next complaint, its history
 * entries and its notifications — or a typed error, with nothing changed. The
 * `Complaints` service only loads, calls these, and stores the result in one
 * transaction.
 *
 * @since 0.1.0
 */
import type { CalendarError, WorkingCalendar } from "@clientele/calendar"
import { Errors, Ids, type Money, Period, Personal } from "@clientele/core"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Category from "./Category.js"
import * as Compensation from "./Compensation.js"
import * as Complaint from "./Complaint.js"
import * as Contact from "./Contact.js"
import * as Lifecycle from "./Lifecycle.js"
import * as OutOfStock from "./OutOfStock.js"
import * as Routing from "./Routing.js"
import * as Sla from "./Sla.js"

/**
 * Everything a tenant configures, as data: its categories, SLA policies on a
 * working calendar, departments, compensation policy, root-cause catalogue,
 * repeat-contact window, and how long after closing a complaint may be reopened
 * (later, a new complaint is opened and linked as a repeat).
 *
 * @example
 * ```ts
 * import { WorkingCalendar } from "@clientele/calendar"
 * import { Handling } from "@clientele/complaints"
 *
 * const settings = Handling.makeSettings({
 *   calendar: WorkingCalendar.weekdays("Europe/Paris", "09:00", "18:00"),
 *   currency: "EUR",
 *   departments: [{ id: "store", name: "Store", head: "s-ana", categories: ["product", "price", "service"] }],
 * })
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const Settings = Schema.Struct({
  taxonomy: Category.Taxonomy,
  sla: Sla.PolicySet,
  routing: Routing.Directory,
  compensation: Compensation.Policy,
  rootCauses: Schema.Array(Contact.RootCause),
  repeat: Contact.RepeatPolicy,
  reopenWindowDays: Schema.Int.pipe(Schema.positive()),
})

/**
 * @example
 * ```ts
 * import type { Handling } from "@clientele/complaints"
 *
 * declare const settings: Handling.Settings
 * settings.sla.policies.length
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Settings = typeof Settings.Type

/**
 * Builds settings from the few things every tenant must say — its calendar,
 * currency and departments — with the defaults of every policy, any of which may
 * be replaced. Throws a `ValidationError` on invalid input (use
 * {@link settingsEither} for input read from outside).
 *
 * @example
 * ```ts
 * import { WorkingCalendar } from "@clientele/calendar"
 * import { Handling } from "@clientele/complaints"
 *
 * const settings = Handling.makeSettings({
 *   calendar: WorkingCalendar.weekdays("UTC", "09:00", "17:00"),
 *   currency: "USD",
 *   departments: [{ id: "care", name: "Customer care", head: "s-lee", categories: ["product", "price", "service"] }],
 *   reopenWindowDays: 14,
 * })
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeSettings = (input: SettingsInput): Settings =>
  Either.getOrThrowWith(settingsEither(input), (error) => error)

/**
 * What {@link makeSettings} takes.
 *
 * @example
 * ```ts
 * import { WorkingCalendar } from "@clientele/calendar"
 * import type { Handling } from "@clientele/complaints"
 *
 * const input: Handling.SettingsInput = {
 *   calendar: WorkingCalendar.weekdays("UTC", "09:00", "17:00"),
 *   currency: "EUR",
 *   departments: [],
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface SettingsInput {
  readonly calendar: WorkingCalendar.WorkingCalendar
  readonly currency: string
  readonly departments: ReadonlyArray<unknown>
  readonly categories?: ReadonlyArray<Category.Definition> | undefined
  readonly sla?: Sla.PolicySet | undefined
  readonly compensation?: Compensation.Policy | undefined
  readonly rootCauses?: ReadonlyArray<Contact.RootCause> | undefined
  readonly repeat?: Contact.RepeatPolicy | undefined
  readonly reopenWindowDays?: number | undefined
}

/**
 * {@link makeSettings} returning `Either`.
 *
 * @example
 * ```ts
 * import { WorkingCalendar } from "@clientele/calendar"
 * import { Handling } from "@clientele/complaints"
 * import * as Either from "effect/Either"
 *
 * const result = Handling.settingsEither({ calendar: WorkingCalendar.weekdays("UTC", "09:00", "17:00"), currency: "EUR", departments: [{ id: "x" }] })
 * Either.isLeft(result) // true: the department has no name nor head
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const settingsEither = (
  input: SettingsInput,
): Either.Either<Settings, Errors.ValidationError> =>
  Either.flatMap(Category.taxonomyEither(input.categories ?? []), (taxonomy) =>
    Either.flatMap(
      Errors.decodeEither(Routing.Directory)({ version: 1, departments: input.departments }),
      (routing) =>
        Errors.decodeEither(Settings)({
          taxonomy: Schema.encodeSync(Category.Taxonomy)(taxonomy),
          sla: Schema.encodeSync(Sla.PolicySet)(input.sla ?? Sla.defaultPolicies(input.calendar)),
          routing: Schema.encodeSync(Routing.Directory)(routing),
          compensation: Schema.encodeSync(Compensation.Policy)(
            input.compensation ?? Compensation.defaultPolicy(input.currency),
          ),
          rootCauses: input.rootCauses ?? Contact.defaultRootCauses,
          repeat: input.repeat ?? Contact.defaultRepeatPolicy,
          reopenWindowDays: input.reopenWindowDays ?? 30,
        }),
    ),
  )

const IdempotencyKey = Schema.String.pipe(
  Schema.minLength(1, { message: () => "an idempotency key is required (CMP-2)" }),
  Schema.maxLength(200),
)

/**
 * A complaint as received from any channel (CMP-2). `idempotencyKey` makes a
 * retried submission return the complaint already created. `problemKey`
 * defaults to one derived from the order or product and the category, so that
 * a second contact about the same problem through another channel is linked
 * (CMP-10).
 *
 * @example
 * ```ts
 * import { Handling } from "@clientele/complaints"
 * import * as Schema from "effect/Schema"
 *
 * const input = Schema.decodeUnknownSync(Handling.Intake)({
 *   idempotencyKey: "web-7f3a",
 *   customerId: "cus-1",
 *   channel: "webForm",
 *   category: "service/long-wait",
 *   contact: { email: "ada@example.com" },
 *   description: "Waited 40 minutes at the till",
 *   receivedBy: "s-joe",
 * })
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const Intake = Schema.Struct({
  idempotencyKey: IdempotencyKey,
  customerId: Ids.CustomerId,
  customerTier: Schema.optional(Category.Tier),
  channel: Category.Channel,
  category: Category.CategoryId,
  severity: Schema.optionalWith(Category.Severity, { default: () => "moderate" as const }),
  priority: Schema.optionalWith(Category.Priority, { default: () => "normal" as const }),
  contact: Complaint.ContactDetails,
  description: Personal.personal(Schema.String.pipe(Schema.maxLength(20_000))),
  orderId: Schema.optional(Ids.OrderId),
  productId: Schema.optional(Ids.ProductId),
  problemKey: Schema.optional(Schema.NonEmptyTrimmedString),
  receivedBy: Ids.StaffId,
  /** The root cause when already known at intake (CMP-9); else set at resolution. */
  rootCause: Schema.optional(Schema.String),
  outOfStock: Schema.optional(OutOfStock.Request),
})

/**
 * The root-cause code an intake's contact carries until the complaint is
 * resolved with its real root cause (CMP-9).
 *
 * @example
 * ```ts
 * import { Handling } from "@clientele/complaints"
 *
 * Handling.unclassified // "unclassified"
 * ```
 *
 * @since 0.1.0
 * @category defaults
 */
export const unclassified = "unclassified"

/**
 * @example
 * ```ts
 * import type { Handling } from "@clientele/complaints"
 *
 * declare const intake: Handling.Intake
 * intake.channel
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Intake = typeof Intake.Type

const Note = Schema.optional(Personal.personal(Schema.String.pipe(Schema.maxLength(20_000))))

/**
 * The commands that move a complaint, one tagged struct each.
 *
 * @example
 * ```ts
 * import { Handling } from "@clientele/complaints"
 * import * as Schema from "effect/Schema"
 *
 * const route = Schema.decodeUnknownSync(Handling.Command)({ _tag: "route", by: "s-joe" })
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const Command = Schema.Union(
  Schema.TaggedStruct("acknowledge", {
    by: Ids.StaffId,
    message: Note,
    /** Solved on the spot: no committed time needed (CMP-3). */
    onTheSpot: Schema.optionalWith(Schema.Boolean, { default: () => false }),
    committedResolutionAt: Schema.optional(Period.Instant),
  }),
  Schema.TaggedStruct("route", {
    by: Ids.StaffId,
    department: Schema.optional(Ids.DepartmentId),
    note: Note,
  }),
  Schema.TaggedStruct("assign", { by: Ids.StaffId, assignee: Ids.StaffId, note: Note }),
  Schema.TaggedStruct("start", { by: Ids.StaffId }),
  Schema.TaggedStruct("update", { by: Ids.StaffId, message: Note }),
  Schema.TaggedStruct("commit", { by: Ids.StaffId, committedResolutionAt: Period.Instant }),
  Schema.TaggedStruct("waitOnCustomer", { by: Ids.StaffId, note: Note }),
  Schema.TaggedStruct("customerReplied", { note: Note }),
  Schema.TaggedStruct("changePriority", { by: Ids.StaffId, priority: Category.Priority }),
  Schema.TaggedStruct("explainRepeat", {
    by: Ids.StaffId,
    whyNotResolved: Personal.personal(Schema.NonEmptyTrimmedString),
  }),
  Schema.TaggedStruct("resolve", {
    by: Ids.StaffId,
    outcome: Schema.NonEmptyTrimmedString,
    explanation: Personal.personal(Schema.NonEmptyTrimmedString),
    apologised: Schema.Boolean,
    compensation: Schema.optionalWith(Schema.Array(Compensation.Compensation), {
      default: () => [],
    }),
    rootCause: Schema.String,
  }),
  Schema.TaggedStruct("followUp", {
    by: Ids.StaffId,
    reached: Schema.Boolean,
    solved: Schema.Boolean,
    satisfaction: Schema.optional(Schema.Int.pipe(Schema.between(1, 5))),
    opinion: Schema.optional(Personal.personal(Schema.String)),
  }),
  Schema.TaggedStruct("close", { by: Ids.StaffId }),
  Schema.TaggedStruct("reopen", {
    by: Complaint.Actor,
    reason: Personal.personal(Schema.NonEmptyTrimmedString),
  }),
)

/**
 * @example
 * ```ts
 * import type { Handling } from "@clientele/complaints"
 *
 * const start: Handling.Command = { _tag: "start", by: "s-kim" as never }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Command = typeof Command.Type

/**
 * What a command decided: the complaint to store, the history entries to
 * append, and the notifications to add to the outbox.
 *
 * @example
 * ```ts
 * import type { Handling } from "@clientele/complaints"
 *
 * declare const decision: Handling.Decision
 * decision.entries.map((entry) => entry.step)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Decision {
  readonly complaint: Complaint.Complaint
  readonly entries: ReadonlyArray<Complaint.HistoryEntry>
  readonly notifications: ReadonlyArray<Complaint.Notification>
}

/**
 * The errors a decision may fail with: bad input, a refused policy, a step the
 * state does not allow, a calendar that cannot produce a deadline, or money in
 * another currency.
 *
 * @example
 * ```ts
 * import type { Handling } from "@clientele/complaints"
 *
 * declare const error: Handling.HandlingError
 * error._tag
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export type HandlingError =
  | Errors.ValidationError
  | Errors.PolicyViolationError
  | Errors.InvalidTransitionError
  | CalendarError.CalendarError
  | Money.CurrencyMismatchError

/**
 * What `decide` needs beside the complaint and the command: the customer's
 * earlier compensations (for the caps of CMP-7).
 *
 * @example
 * ```ts
 * import type { Handling } from "@clientele/complaints"
 *
 * const context: Handling.Context = { customerCompensations: [] }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Context {
  readonly customerCompensations: ReadonlyArray<Compensation.PastCompensation>
}

type Result<A> = Either.Either<A, HandlingError>

const policyViolation = (rule: string, message: string) =>
  Either.left(new Errors.PolicyViolationError({ rule, message: `${message} (${rule})` }))

const invalid = (path: ReadonlyArray<string | number>, message: string) =>
  Either.left(Errors.ValidationError.fromIssues([{ path, message }]))

/** Applies `f` to every target of the current cycle, in order. */
const mapTargets = (
  cycles: ReadonlyArray<Sla.Cycle>,
  f: (target: Sla.TargetClock) => Result<Sla.TargetClock>,
): Result<ReadonlyArray<Sla.Cycle>> => {
  const current = cycles.at(-1)
  if (current === undefined) return Either.right(cycles)
  const targets: Array<Sla.TargetClock> = []
  let changed = false
  for (const target of current.targets) {
    const next = f(target)
    if (Either.isLeft(next)) return Either.left(next.left)
    targets.push(next.right)
    if (next.right !== target) changed = true
  }
  // nothing moved: the same cycles, no copies
  if (!changed) return Either.right(cycles)
  return Either.right([...cycles.slice(0, -1), { ...current, targets }])
}

/** Starts the given target kinds of `policy` in a cycle at `at`. */
const startTargets = (
  settings: Settings,
  policy: Sla.Policy | undefined,
  kinds: ReadonlyArray<Sla.TargetKind>,
  at: number,
  options: { readonly round?: number; readonly waiting?: boolean } = {},
): Result<ReadonlyArray<Sla.TargetClock>> => {
  const round = options.round ?? 1
  const started: Array<Sla.TargetClock> = []
  if (policy === undefined) return Either.right(started)
  for (const kind of kinds) {
    const target = policy.targets[kind]
    if (target === undefined) continue
    const clock = Sla.start(
      { kind, round, target },
      settings.sla.calendar,
      at,
      settings.sla.atRiskShare,
    )
    if (Either.isLeft(clock)) return Either.left(clock.left)
    // A target that pauses while waiting starts paused if the customer is awaited.
    const running =
      options.waiting === true && target.pausesWhileWaiting
        ? Sla.pause(clock.right, settings.sla.calendar, at)
        : clock
    if (Either.isLeft(running)) return Either.left(running.left)
    started.push(running.right)
  }
  return Either.right(started)
}

const policyOf = (settings: Settings, complaint: Complaint.Complaint) =>
  settings.sla.policies.find((policy) => policy.id === complaint.sla.policyId)

const subjectOf = (
  complaint: Pick<Complaint.Complaint, "category" | "channel" | "priority" | "customerTier">,
) => ({
  category: complaint.category,
  channel: complaint.channel,
  priority: complaint.priority,
  tier: complaint.customerTier,
})

/** Whether a complaint repeats an earlier contact about the same problem (CMP-10). */
const isRepeat = (complaint: Complaint.Complaint) =>
  complaint.repeatOf !== undefined || complaint.repeatOfContact !== undefined

const withHandler = (handlers: ReadonlyArray<Ids.StaffId>, who: Ids.StaffId) =>
  handlers.includes(who) ? handlers : [...handlers, who]

/**
 * Receives a complaint (CMP-1, CMP-2, CMP-8, CMP-10): checks the category
 * against the taxonomy and the out-of-stock details against the category,
 * matches the SLA policy and starts the first cycle's first-response and
 * resolution targets at `at`, and links it to the first complaint of the same
 * problem when `repeatOf` is given (found by the service with
 * `Contact.findFirstContact`).
 *
 * @example
 * ```ts
 * import { WorkingCalendar } from "@clientele/calendar"
 * import { Handling } from "@clientele/complaints"
 * import { Ids } from "@clientele/core"
 * import * as Schema from "effect/Schema"
 *
 * const settings = Handling.makeSettings({
 *   calendar: WorkingCalendar.weekdays("UTC", "09:00", "17:00"),
 *   currency: "EUR",
 *   departments: [{ id: "care", name: "Care", head: "s-lee", categories: ["product", "price", "service"] }],
 * })
 * const intake = Schema.decodeUnknownSync(Handling.Intake)({
 *   idempotencyKey: "k1", customerId: "cus-1", channel: "hotline", category: "price",
 *   contact: { phone: "+1 555 0100" }, description: "Charged twice", receivedBy: "s-joe",
 * })
 * const decision = Handling.receive(settings, intake, { id: Ids.ComplaintId.make("c1"), at: Date.UTC(2024, 5, 3, 10) })
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const receive = (
  settings: Settings,
  intake: Intake,
  options: {
    readonly id: Ids.ComplaintId
    readonly at: number
    readonly repeatOf?: Ids.ComplaintId | undefined
    readonly repeatOfContact?: string | undefined
  },
): Either.Either<Decision, HandlingError> => {
  const category = Category.resolve(settings.taxonomy, intake.category)
  if (Either.isLeft(category)) return Either.left(category.left)
  const rootCause =
    intake.rootCause === undefined
      ? undefined
      : settings.rootCauses.find((cause) => cause.code === intake.rootCause)
  if (intake.rootCause !== undefined && rootCause === undefined)
    return invalid(["rootCause"], `unknown root cause ${JSON.stringify(intake.rootCause)} (CMP-9)`)
  if (intake.outOfStock !== undefined && !OutOfStock.appliesTo(category.right))
    return invalid(
      ["outOfStock"],
      `category ${intake.category} is not an out-of-stock category (CMP-8)`,
    )
  if (intake.outOfStock === undefined && OutOfStock.appliesTo(category.right))
    return invalid(
      ["outOfStock"],
      "an out-of-stock complaint records the wanted variant and the customer's contact (CMP-8)",
    )
  const policy = Option.getOrUndefined(Sla.match(settings.sla, subjectOf(intake)))
  const targets = startTargets(settings, policy, ["firstResponse", "resolution"], options.at)
  if (Either.isLeft(targets)) return Either.left(targets.left)
  const cycles: ReadonlyArray<Sla.Cycle> = [
    { number: 1, startedAt: options.at, targets: targets.right },
  ]
  const complaint: Complaint.Complaint = {
    id: options.id,
    customerId: intake.customerId,
    ...(intake.customerTier !== undefined ? { customerTier: intake.customerTier } : {}),
    channel: intake.channel,
    category: intake.category,
    severity: intake.severity,
    priority: intake.priority,
    contact: intake.contact,
    description: intake.description,
    ...(intake.orderId !== undefined ? { orderId: intake.orderId } : {}),
    ...(intake.productId !== undefined ? { productId: intake.productId } : {}),
    problemKey: problemKeyOf(intake),
    receivedAt: options.at,
    receivedBy: intake.receivedBy,
    state: "received",
    handlers: [intake.receivedBy],
    earlierResolutions: [],
    earlierFollowUps: [],
    ...(rootCause !== undefined
      ? { rootCause: rootCause.code, avoidable: rootCause.avoidable }
      : {}),
    ...(options.repeatOf !== undefined ? { repeatOf: options.repeatOf } : {}),
    ...(options.repeatOfContact !== undefined ? { repeatOfContact: options.repeatOfContact } : {}),
    ...(intake.outOfStock !== undefined ? { outOfStock: intake.outOfStock } : {}),
    sla: {
      policyId: policy?.id ?? null,
      policyVersion: settings.sla.version,
      calendarRevision: settings.sla.calendar.revision,
      cycles,
    },
    slaNextCheckAt: Complaint.nextCheckAt(cycles),
    historyLength: 1,
  }
  const entry: Complaint.HistoryEntry = {
    complaintId: options.id,
    seq: 1,
    at: options.at,
    actor: intake.receivedBy,
    step: "receive",
    from: null,
    to: "received",
    data: {
      channel: intake.channel,
      category: intake.category,
      ...(policy !== undefined ? { slaPolicy: policy.id } : {}),
      ...(options.repeatOf !== undefined ? { repeatOf: options.repeatOf } : {}),
    },
  }
  const notice =
    intake.outOfStock === undefined
      ? Option.none()
      : OutOfStock.noticeOf(intake.outOfStock, {
          complaintId: options.id,
          customerId: intake.customerId,
          at: options.at,
        })
  const notifications: Array<Complaint.Notification> = Option.isSome(notice)
    ? [
        {
          id: notice.value.id,
          complaintId: options.id,
          kind: "backInStock",
          at: options.at,
          category: intake.category,
        },
      ]
    : []
  return Either.right({ complaint, entries: [entry], notifications })
}

/**
 * The problem key of an intake: the one given, else `Contact.problemKeyOf` of
 * its order, product and category.
 *
 * @example
 * ```ts
 * import { Handling } from "@clientele/complaints"
 *
 * declare const intake: Handling.Intake
 * Handling.problemKeyOf(intake)
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const problemKeyOf = (intake: Intake): string =>
  intake.problemKey ??
  Contact.problemKeyOf({
    ...(intake.orderId !== undefined ? { orderId: intake.orderId } : {}),
    ...(intake.productId !== undefined ? { productId: intake.productId } : {}),
    category: intake.category,
  })

/**
 * Turns a committed resolution instant into the resolution target's duration:
 * the time consumed so far plus the target time between now and the promise,
 * bounded by the policy's resolution target (CMP-3).
 */
const commitResolution = (
  settings: Settings,
  complaint: Complaint.Complaint,
  cycles: ReadonlyArray<Sla.Cycle>,
  committedAt: number,
  at: number,
): Result<ReadonlyArray<Sla.Cycle>> => {
  if (committedAt <= at)
    return invalid(
      ["committedResolutionAt"],
      "a committed resolution time lies in the future (CMP-3)",
    )
  const bound = policyOf(settings, complaint)?.targets.resolution
  const calendar = settings.sla.calendar
  return mapTargets(cycles, (target) => {
    if (target.kind !== "resolution" || target.completedAt !== undefined)
      return Either.right(target)
    return Either.flatMap(Sla.consumedAt(target, calendar, at), (consumed) =>
      Either.flatMap(
        Sla.elapsedOn(target.clock, calendar, at, committedAt),
        (ahead): Result<Sla.TargetClock> => {
          if (ahead <= 0)
            return invalid(
              ["committedResolutionAt"],
              "the committed resolution time must leave some working time before it (CMP-3)",
            )
          const durationMs = consumed + ahead
          if (bound !== undefined && durationMs > bound.durationMs)
            return policyViolation(
              "CMP-3",
              `the committed resolution time ${new Date(committedAt).toISOString()} needs ${durationMs} ms of ${target.clock} time; the policy allows at most ${bound.durationMs} ms`,
            )
          return Sla.changeDuration(target, calendar, durationMs, at, settings.sla.atRiskShare)
        },
      ),
    )
  })
}

const step = (
  complaint: Complaint.Complaint,
  stepName: Lifecycle.Step,
  actor: Complaint.Actor,
  at: number,
  extra: {
    readonly note?: string | undefined
    readonly data?: Complaint.HistoryEntry["data"]
  } = {},
): Result<{ readonly to: Lifecycle.State; readonly entry: Complaint.HistoryEntry }> =>
  Either.map(Lifecycle.next(complaint.state, stepName), (to) => ({
    to,
    entry: {
      complaintId: complaint.id,
      seq: complaint.historyLength + 1,
      at,
      actor,
      step: stepName,
      from: complaint.state,
      to,
      ...(extra.note !== undefined ? { note: extra.note } : {}),
      ...(extra.data !== undefined ? { data: extra.data } : {}),
    },
  }))

const finish = (
  complaint: Complaint.Complaint,
  changes: Partial<Complaint.Complaint>,
  entries: ReadonlyArray<Complaint.HistoryEntry>,
  notifications: ReadonlyArray<Complaint.Notification> = [],
): Decision => {
  const last = entries.at(-1)
  return {
    // one spread: a complaint has some thirty fields
    complaint: {
      ...complaint,
      ...changes,
      state: last?.to ?? changes.state ?? complaint.state,
      slaNextCheckAt: Complaint.nextCheckAt((changes.sla ?? complaint.sla).cycles),
      historyLength: complaint.historyLength + entries.length,
    },
    entries,
    notifications,
  }
}

const withCycles = (complaint: Complaint.Complaint, cycles: ReadonlyArray<Sla.Cycle>) => ({
  sla: { ...complaint.sla, cycles },
})

const completeKinds = (
  settings: Settings,
  cycles: ReadonlyArray<Sla.Cycle>,
  kinds: ReadonlyArray<Sla.TargetKind>,
  at: number,
) =>
  mapTargets(cycles, (target) =>
    kinds.includes(target.kind)
      ? Sla.complete(target, settings.sla.calendar, at)
      : Either.right(target),
  )

/** Opens cycle n + 1 at `at` with the targets of `kinds`. */
const openCycle = (
  settings: Settings,
  complaint: Complaint.Complaint,
  cycles: ReadonlyArray<Sla.Cycle>,
  at: number,
): Result<ReadonlyArray<Sla.Cycle>> => {
  const last = cycles.at(-1)
  // What still runs in the old cycle ends here; a follow-up not yet due is moot
  // (the resolution it would check no longer stands) and is dropped, one already
  // breached stays missed.
  const settled: Array<Sla.TargetClock> = []
  for (const target of last?.targets ?? []) {
    if (
      target.kind === "followUp" &&
      target.completedAt === undefined &&
      target.breachedAt === undefined &&
      (target.dueAt === null || at <= target.dueAt)
    )
      continue
    const completed = Sla.complete(target, settings.sla.calendar, at)
    if (Either.isLeft(completed)) return Either.left(completed.left)
    settled.push(completed.right)
  }
  const kept = last === undefined ? cycles : [...cycles.slice(0, -1), { ...last, targets: settled }]
  return Either.map(
    startTargets(settings, policyOf(settings, complaint), ["firstResponse", "resolution"], at),
    (targets) => [...kept, { number: (last?.number ?? 0) + 1, startedAt: at, targets }],
  )
}

const nextRound = (cycle: Sla.Cycle | undefined, kind: Sla.TargetKind) =>
  (cycle?.targets
    .filter((target) => target.kind === kind)
    .reduce((max, t) => Math.max(max, t.round), 0) ?? 0) + 1

/** Completes the running periodic-update round and starts the next. */
/**
 * Starts `kinds` of `policy` at `at` in the current cycle (each as its next round),
 * paused from the start when the customer is awaited.
 */
const startInCurrent = (
  settings: Settings,
  policy: Sla.Policy | undefined,
  cycles: ReadonlyArray<Sla.Cycle>,
  kinds: ReadonlyArray<Sla.TargetKind>,
  at: number,
  waiting: boolean,
): Result<ReadonlyArray<Sla.Cycle>> => {
  const current = cycles.at(-1)
  if (current === undefined) return Either.right(cycles)
  const targets = [...current.targets]
  for (const kind of kinds) {
    const started = startTargets(settings, policy, [kind], at, {
      round: nextRound(current, kind),
      waiting,
    })
    if (Either.isLeft(started)) return Either.left(started.left)
    targets.push(...started.right)
  }
  return Either.right([...cycles.slice(0, -1), { ...current, targets }])
}

/** Completes the running periodic-update round and starts the next. */
const restartUpdates = (
  settings: Settings,
  complaint: Complaint.Complaint,
  cycles: ReadonlyArray<Sla.Cycle>,
  at: number,
): Result<ReadonlyArray<Sla.Cycle>> =>
  Either.flatMap(completeKinds(settings, cycles, ["periodicUpdate"], at), (completed) =>
    startInCurrent(
      settings,
      policyOf(settings, complaint),
      completed,
      ["periodicUpdate"],
      at,
      complaint.state === "waitingOnCustomer",
    ),
  )

/**
 * Decides a command on a complaint at `at`: checks the state machine (CMP-5),
 * the rule of each step, and moves the SLA clocks (CMP-3, CMP-4).
 *
 * - `acknowledge` is the first response; unless solved on the spot it must carry
 *   a committed resolution time within the policy's bound (CMP-3).
 * - `route` forwards to the head of the department responsible (CMP-5); only that
 *   head may `assign`, and the assignment is fed back to the receiving agent.
 * - `waitOnCustomer` pauses the targets that pause while waiting; the customer's
 *   reply resumes them.
 * - `changePriority` re-matches the policy; targets keep their consumed time.
 * - `resolve` records outcome, explanation, apology and compensation checked
 *   against the compensation policy (CMP-7) and the root cause (CMP-9); a repeat
 *   complaint needs its "why not resolved first time" note first (CMP-10).
 * - `followUp` must be made by someone who never handled the complaint (CMP-11);
 *   when the problem is not solved the complaint reopens.
 * - `reopen` opens a new SLA cycle; a complaint closed longer than the reopen
 *   window is refused (file a new complaint, linked as a repeat).
 *
 * @example
 * ```ts
 * import { Handling } from "@clientele/complaints"
 * import { Ids } from "@clientele/core"
 *
 * declare const settings: Handling.Settings
 * declare const decision: Handling.Decision
 * const acknowledged = Handling.decide(
 *   settings,
 *   decision.complaint,
 *   { _tag: "acknowledge", by: Ids.StaffId.make("s-joe"), onTheSpot: true },
 *   Date.now(),
 *   { customerCompensations: [] },
 * )
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const decide = (
  settings: Settings,
  complaint: Complaint.Complaint,
  command: Command,
  at: number,
  context: Context,
): Either.Either<Decision, HandlingError> => {
  const last = complaint.receivedAt
  if (at < last) return invalid(["at"], "a step cannot precede the complaint's receipt")
  const cycles = complaint.sla.cycles
  const calendar = settings.sla.calendar
  const share = settings.sla.atRiskShare
  /** A step by an agent that answers the customer (so completes the first response), then moves the clocks. */
  const respond = (
    stepName: "update" | "waitOnCustomer",
    by: Ids.StaffId,
    note: string | undefined,
    move: (responded: ReadonlyArray<Sla.Cycle>) => Result<ReadonlyArray<Sla.Cycle>>,
  ): Result<Decision> =>
    Either.flatMap(step(complaint, stepName, by, at, { note }), ({ entry }) =>
      Either.map(
        Either.flatMap(completeKinds(settings, cycles, ["firstResponse"], at), move),
        (next) =>
          finish(
            complaint,
            { ...withCycles(complaint, next), handlers: withHandler(complaint.handlers, by) },
            [entry],
          ),
      ),
    )
  switch (command._tag) {
    case "acknowledge":
      return Either.flatMap(
        step(complaint, "acknowledge", command.by, at, { note: command.message }),
        ({ entry }) => {
          if (!command.onTheSpot && command.committedResolutionAt === undefined)
            return policyViolation(
              "CMP-3",
              "a first response that does not solve the complaint on the spot must carry a committed resolution time",
            )
          const responded = Either.flatMap(
            completeKinds(settings, cycles, ["firstResponse"], at),
            (done) => restartUpdates(settings, complaint, done, at),
          )
          const committed =
            command.committedResolutionAt === undefined
              ? responded
              : Either.flatMap(responded, (c) =>
                  commitResolution(
                    settings,
                    complaint,
                    c,
                    command.committedResolutionAt as number,
                    at,
                  ),
                )
          return Either.map(committed, (next) =>
            finish(
              complaint,
              {
                ...withCycles(complaint, next),
                handlers: withHandler(complaint.handlers, command.by),
                ...(command.committedResolutionAt !== undefined
                  ? { committedResolutionAt: command.committedResolutionAt }
                  : {}),
              },
              [entry],
            ),
          )
        },
      )
    case "commit":
      return Either.flatMap(step(complaint, "commit", command.by, at), ({ entry }) =>
        Either.map(
          commitResolution(settings, complaint, cycles, command.committedResolutionAt, at),
          (next) =>
            finish(
              complaint,
              {
                ...withCycles(complaint, next),
                committedResolutionAt: command.committedResolutionAt,
                handlers: withHandler(complaint.handlers, command.by),
              },
              [{ ...entry, data: { committedResolutionAt: command.committedResolutionAt } }],
            ),
        ),
      )
    case "route":
      return Either.flatMap(
        Routing.destination(settings.routing, complaint.category, command.department),
        (department) =>
          Either.map(
            step(complaint, "route", command.by, at, {
              note: command.note,
              data: { department: department.id, head: department.head },
            }),
            ({ entry }) => {
              // Forwarded (again) to a head, who assigns afresh.
              const { assignee: _previous, ...unassigned } = complaint
              return finish(
                unassigned,
                {
                  department: department.id,
                  head: department.head,
                  handlers: withHandler(complaint.handlers, command.by),
                },
                [entry],
              )
            },
          ),
      )
    case "assign": {
      if (complaint.head === undefined)
        return Either.flatMap(step(complaint, "assign", command.by, at), () =>
          policyViolation("CMP-5", "route the complaint to a department head first"),
        )
      const head = complaint.head
      return Either.flatMap(
        step(complaint, "assign", command.by, at, {
          note: command.note,
          data: { assignee: command.assignee },
        }),
        ({ entry }) =>
          Either.map(Routing.checkAssigner(head, command.by), () =>
            finish(
              complaint,
              {
                assignee: command.assignee,
                handlers: withHandler(complaint.handlers, command.assignee),
              },
              [entry],
              [
                {
                  id: `${complaint.id}:assigned:${entry.seq}`,
                  complaintId: complaint.id,
                  kind: "assigned",
                  at,
                  recipient: complaint.receivedBy,
                  assignee: command.assignee,
                  ...(complaint.department !== undefined
                    ? { department: complaint.department }
                    : {}),
                  category: complaint.category,
                },
              ],
            ),
          ),
      )
    }
    case "start":
      return Either.map(step(complaint, "start", command.by, at), ({ entry }) =>
        finish(complaint, { handlers: withHandler(complaint.handlers, command.by) }, [entry]),
      )
    case "update":
      return respond("update", command.by, command.message, (responded) =>
        restartUpdates(settings, complaint, responded, at),
      )
    case "waitOnCustomer":
      // Asking the customer is a response; the targets that wait for them pause.
      return respond("waitOnCustomer", command.by, command.note, (responded) =>
        mapTargets(responded, (target) =>
          target.pausesWhileWaiting ? Sla.pause(target, calendar, at) : Either.right(target),
        ),
      )
    case "customerReplied":
      return Either.flatMap(
        step(complaint, "customerReplied", "customer", at, { note: command.note }),
        ({ entry }) =>
          Either.map(
            mapTargets(cycles, (target) =>
              target.pausesWhileWaiting
                ? Sla.resume(target, calendar, at, share)
                : Either.right(target),
            ),
            (next) => finish(complaint, withCycles(complaint, next), [entry]),
          ),
      )
    case "changePriority":
      return Either.flatMap(
        step(complaint, "changePriority", command.by, at, {
          data: { from: complaint.priority, to: command.priority },
        }),
        ({ entry }) => {
          const changed = { ...complaint, priority: command.priority }
          const policy = Option.getOrUndefined(Sla.match(settings.sla, subjectOf(changed)))
          // No policy applied until now: the new one's targets start now.
          const missing: ReadonlyArray<Sla.TargetKind> =
            policy === undefined || cycles.at(-1)?.targets.length !== 0
              ? []
              : complaint.state === "received"
                ? ["firstResponse", "resolution"]
                : ["resolution"]
          const retargeted = mapTargets(cycles, (target) => {
            const spec = policy?.targets[target.kind]
            if (spec === undefined || target.completedAt !== undefined) return Either.right(target)
            const durationMs =
              target.kind === "resolution" && complaint.committedResolutionAt !== undefined
                ? Math.min(target.durationMs, spec.durationMs)
                : spec.durationMs
            return Sla.changeDuration(target, calendar, durationMs, at, share)
          })
          return Either.map(
            Either.flatMap(retargeted, (next) =>
              startInCurrent(
                settings,
                policy,
                next,
                missing,
                at,
                complaint.state === "waitingOnCustomer",
              ),
            ),
            (next) =>
              finish(
                complaint,
                {
                  priority: command.priority,
                  sla: {
                    ...complaint.sla,
                    policyId: policy?.id ?? complaint.sla.policyId,
                    cycles: next,
                  },
                },
                [entry],
              ),
          )
        },
      )
    case "explainRepeat":
      if (!isRepeat(complaint))
        return invalid(
          ["whyNotResolved"],
          "only a repeat complaint carries a why-not-resolved note (CMP-10)",
        )
      return Either.map(
        step(complaint, "explainRepeat", command.by, at, { note: command.whyNotResolved }),
        ({ entry }) => finish(complaint, { whyNotResolved: command.whyNotResolved }, [entry]),
      )
    case "resolve":
      return Either.flatMap(
        step(complaint, "resolve", command.by, at, {
          data: { outcome: command.outcome, rootCause: command.rootCause },
        }),
        ({ entry }) => {
          const rootCause = settings.rootCauses.find((cause) => cause.code === command.rootCause)
          if (rootCause === undefined)
            return invalid(
              ["rootCause"],
              `unknown root cause ${JSON.stringify(command.rootCause)} (CMP-9: every contact records a root cause from the catalogue)`,
            )
          if (isRepeat(complaint) && complaint.whyNotResolved === undefined)
            return policyViolation(
              "CMP-10",
              `complaint ${complaint.id} repeats ${complaint.repeatOf ?? complaint.repeatOfContact}: record why the first contact did not resolve it before resolving`,
            )
          const handlers = withHandler(complaint.handlers, command.by)
          const accepted = Compensation.check(settings.compensation, {
            customerCompensations: context.customerCompensations,
            given: command.compensation,
            at,
            handlers,
            today: Period.civilDateOf(at, settings.sla.calendar.timeZone),
          })
          if (Either.isLeft(accepted))
            return Either.left(
              // the policy check names the command's `compensation` list `given`
              accepted.left instanceof Errors.ValidationError
                ? Errors.ValidationError.fromIssues(
                    accepted.left.issues.map((issue) => ({
                      ...issue,
                      path:
                        issue.path[0] === "given"
                          ? ["compensation", ...issue.path.slice(1)]
                          : issue.path,
                    })),
                  )
                : accepted.left,
            )
          const policy = policyOf(settings, complaint)
          const next = Either.flatMap(
            completeKinds(settings, cycles, ["firstResponse", "resolution", "periodicUpdate"], at),
            (done) => startInCurrent(settings, policy, done, ["followUp"], at, false),
          )
          return Either.map(next, (resolvedCycles) =>
            finish(
              complaint,
              {
                ...withCycles(complaint, resolvedCycles),
                handlers,
                rootCause: rootCause.code,
                avoidable: rootCause.avoidable,
                resolution: {
                  at,
                  by: command.by,
                  outcome: command.outcome,
                  explanation: command.explanation,
                  apologised: command.apologised,
                  compensation: command.compensation,
                  compensationPolicyVersion: settings.compensation.version,
                  onFirstContact:
                    !isRepeat(complaint) &&
                    complaint.state === "acknowledged" &&
                    cycles.length === 1,
                },
              },
              [entry],
            ),
          )
        },
      )
    case "followUp": {
      if (complaint.handlers.includes(command.by))
        return Either.flatMap(step(complaint, "followUp", command.by, at), () =>
          policyViolation(
            "CMP-11",
            `the follow-up must be made by someone other than the people who handled the complaint (${complaint.handlers.join(", ")}), not ${command.by}`,
          ),
        )
      return Either.flatMap(
        step(complaint, "followUp", command.by, at, {
          note: command.opinion,
          data: { solved: command.solved, reached: command.reached },
        }),
        ({ entry }) =>
          Either.flatMap(completeKinds(settings, cycles, ["followUp"], at), (done) => {
            const followUp: Complaint.FollowUp = {
              at,
              by: command.by,
              reached: command.reached,
              solved: command.solved,
              ...(command.satisfaction !== undefined ? { satisfaction: command.satisfaction } : {}),
              ...(command.opinion !== undefined ? { opinion: command.opinion } : {}),
            }
            const followed = finish(complaint, { ...withCycles(complaint, done), followUp }, [
              entry,
            ])
            if (command.solved) return Either.right(followed)
            // Not really solved: the complaint reopens in a new cycle.
            return Either.flatMap(
              reopen(
                settings,
                followed.complaint,
                "system",
                "the follow-up found the problem unsolved",
                at,
              ),
              (reopened) => Either.right({ ...reopened, entries: [entry, ...reopened.entries] }),
            )
          }),
      )
    }
    case "close":
      // Only `followedUp` allows `close`: a complaint closes only after its follow-up (CMP-11).
      return Either.map(step(complaint, "close", command.by, at), ({ entry }) =>
        finish(complaint, { closedAt: at }, [entry]),
      )
    case "reopen":
      return reopen(settings, complaint, command.by, command.reason, at)
  }
}

const reopen = (
  settings: Settings,
  complaint: Complaint.Complaint,
  actor: Complaint.Actor,
  reason: string,
  at: number,
): Result<Decision> =>
  Either.flatMap(step(complaint, "reopen", actor, at, { note: reason }), ({ entry }) => {
    if (
      complaint.closedAt !== undefined &&
      at - complaint.closedAt > settings.reopenWindowDays * 86_400_000
    )
      return policyViolation(
        "CMP-10",
        `complaint ${complaint.id} was closed more than ${settings.reopenWindowDays} days ago: file a new complaint`,
      )
    return Either.map(openCycle(settings, complaint, complaint.sla.cycles, at), (cycles) => {
      // The resolution and follow-up of the cycle that ends are kept (CMP-6, CMP-7 caps).
      const { closedAt: _closed, followUp, resolution, ...rest } = complaint
      return finish(
        {
          ...rest,
          earlierResolutions:
            resolution === undefined
              ? complaint.earlierResolutions
              : [...complaint.earlierResolutions, resolution],
          earlierFollowUps:
            followUp === undefined
              ? complaint.earlierFollowUps
              : [...complaint.earlierFollowUps, followUp],
        },
        withCycles(complaint, cycles),
        [entry],
      )
    })
  })
