/**
 * The `Complaints` service: complaint handling over the storage port. Every
 * command loads the complaint, calls the pure `Handling.decide`, and stores the
 * new complaint (compare-and-set), its history entries and its notifications in
 * one transaction — so a failure leaves nothing half-written and a stale
 * concurrent update is retried on fresh state. `sweep(now)` derives SLA *at
 * risk* and *breached* notifications from stored state, exactly once per target
 * and cycle, safe to run concurrently and again after a crash (DESIGN rule 9).
 *
 * @since 0.1.0
 */
import type { CalendarError } from "@clientele/calendar"
import { Errors, Ids, PromiseClient } from "@clientele/core"
import { Collection, Query, Store, StoreError } from "@clientele/store"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Complaint from "./Complaint.js"
import * as Contact from "./Contact.js"
import * as Handling from "./Handling.js"
import * as Insight from "./Insight.js"
import * as Stored from "./internal/collections.js"
import * as Sweep from "./internal/sweep.js"
import * as OutOfStock from "./OutOfStock.js"
import * as Preference from "./Preference.js"

/**
 * What a sweep did: how many complaints it examined and the notifications it
 * created (none twice, ever).
 *
 * @example
 * ```ts
 * import type { Complaints } from "@clientele/complaints"
 *
 * declare const result: Complaints.SweepResult
 * result.notifications.filter((n) => n.kind === "slaBreached").length
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface SweepResult {
  readonly examined: number
  readonly notifications: ReadonlyArray<Complaint.Notification>
}

/**
 * The input of one command method: the command's fields without its tag.
 *
 * @example
 * ```ts
 * import type { Complaints } from "@clientele/complaints"
 *
 * const input: Complaints.CommandInput<"route"> = { by: "s-joe" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type CommandInput<Tag extends Handling.Command["_tag"]> = Omit<
  Extract<typeof Handling.Command.Encoded, { readonly _tag: Tag }>,
  "_tag"
>

/**
 * The errors of a command.
 *
 * @example
 * ```ts
 * import type { Complaints } from "@clientele/complaints"
 *
 * declare const error: Complaints.CommandError
 * error._tag
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export type CommandError = Handling.HandlingError | Errors.NotFoundError | StoreError.StoreError

/**
 * One command method of the service: the tenant, the complaint id and the
 * command's fields.
 *
 * @example
 * ```ts
 * import type { Complaints } from "@clientele/complaints"
 *
 * declare const route: Complaints.CommandMethod<"route">
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type CommandMethod<Tag extends Handling.Command["_tag"]> = (
  tenant: Ids.TenantId,
  id: string,
  input: CommandInput<Tag>,
) => Effect.Effect<Complaint.Complaint, CommandError>

/**
 * The service's shape: intake, one method per lifecycle step, reads, the sweep,
 * and the listening-post, improvement, FAQ and preference records.
 *
 * @example
 * ```ts
 * import type { Complaints } from "@clientele/complaints"
 *
 * declare const service: Complaints.ComplaintsService
 * service.route
 * ```
 *
 * @since 0.1.0
 * @category services
 */
export interface ComplaintsService {
  readonly settings: Handling.Settings
  /** Receives a complaint from any channel; a retried key returns the same complaint (CMP-2). */
  readonly intake: (
    tenant: Ids.TenantId,
    input: typeof Handling.Intake.Encoded,
  ) => Effect.Effect<Complaint.Complaint, CommandError>
  /** Receives many complaints in one transaction (imports): all or none. */
  readonly intakeAll: (
    tenant: Ids.TenantId,
    inputs: ReadonlyArray<typeof Handling.Intake.Encoded>,
  ) => Effect.Effect<ReadonlyArray<Complaint.Complaint>, CommandError>
  /** Applies any command (decoded from `command`). */
  readonly act: (
    tenant: Ids.TenantId,
    id: string,
    command: typeof Handling.Command.Encoded,
  ) => Effect.Effect<Complaint.Complaint, CommandError>
  readonly acknowledge: CommandMethod<"acknowledge">
  readonly route: CommandMethod<"route">
  readonly assign: CommandMethod<"assign">
  readonly start: CommandMethod<"start">
  readonly update: CommandMethod<"update">
  readonly commit: CommandMethod<"commit">
  readonly waitOnCustomer: CommandMethod<"waitOnCustomer">
  readonly customerReplied: CommandMethod<"customerReplied">
  readonly changePriority: CommandMethod<"changePriority">
  readonly explainRepeat: CommandMethod<"explainRepeat">
  readonly resolve: CommandMethod<"resolve">
  readonly followUp: CommandMethod<"followUp">
  /** The `close` step (named so that the Promise client's own `close()` stays free). */
  readonly closeComplaint: CommandMethod<"close">
  readonly reopen: CommandMethod<"reopen">
  readonly get: (
    tenant: Ids.TenantId,
    id: string,
  ) => Effect.Effect<Complaint.Complaint, Errors.NotFoundError | StoreError.StoreError>
  /** The complaint's history, oldest first (CMP-6). */
  readonly history: (
    tenant: Ids.TenantId,
    id: string,
  ) => Effect.Effect<ReadonlyArray<Complaint.HistoryEntry>, StoreError.StoreError>
  /** The complaints received in `[from, to)`, oldest first. */
  readonly received: (
    tenant: Ids.TenantId,
    window: { readonly from: number; readonly to: number },
  ) => Effect.Effect<ReadonlyArray<Complaint.Complaint>, StoreError.StoreError>
  /** The notifications created in `[from, to)`, oldest first. */
  readonly notifications: (
    tenant: Ids.TenantId,
    window: { readonly from: number; readonly to: number },
  ) => Effect.Effect<ReadonlyArray<Complaint.Notification>, StoreError.StoreError>
  /** Derives the SLA notifications owed at `now` (default: the clock). */
  readonly sweep: (
    tenant: Ids.TenantId,
    now?: number,
  ) => Effect.Effect<SweepResult, StoreError.StoreError | CalendarError.CalendarError>
  /** Records a contact that is not a complaint (CMP-9), linked when it repeats one (CMP-10). */
  readonly recordContact: (
    tenant: Ids.TenantId,
    input: Omit<typeof Contact.Contact.Encoded, "repeatOf">,
  ) => Effect.Effect<Contact.Contact, Errors.ValidationError | StoreError.StoreError>
  /** The contacts in `[from, to)`. */
  readonly contacts: (
    tenant: Ids.TenantId,
    window: { readonly from: number; readonly to: number },
  ) => Effect.Effect<ReadonlyArray<Contact.Contact>, StoreError.StoreError>
  /** Stores a customer's contact preference (CMP-15). */
  readonly setPreference: (
    tenant: Ids.TenantId,
    input: typeof Preference.ContactPreference.Encoded,
  ) => Effect.Effect<Preference.ContactPreference, Errors.ValidationError | StoreError.StoreError>
  /** Schedules a callback for a complaint inside the customer's window, only with consent (CMP-15). */
  readonly scheduleCallback: (
    tenant: Ids.TenantId,
    id: string,
    options?: { readonly earliest?: number | undefined },
  ) => Effect.Effect<Complaint.Complaint, CommandError>
  /** Marks the queued back-in-stock notices of a restocked variant sent (CMP-8). */
  readonly restocked: (
    tenant: Ids.TenantId,
    productId: Ids.ProductId,
    sku?: string,
  ) => Effect.Effect<ReadonlyArray<OutOfStock.BackInStockNotice>, StoreError.StoreError>
  /** Records an item from a listening post (CMP-12). */
  readonly recordFeedback: (
    tenant: Ids.TenantId,
    input: typeof Insight.Feedback.Encoded,
  ) => Effect.Effect<Insight.Feedback, Errors.ValidationError | StoreError.StoreError>
  /** The listening-post items in `[from, to)`. */
  readonly feedback: (
    tenant: Ids.TenantId,
    window: { readonly from: number; readonly to: number },
  ) => Effect.Effect<ReadonlyArray<Insight.Feedback>, StoreError.StoreError>
  /** Proposes an improvement item (CMP-13). */
  readonly proposeImprovement: (
    tenant: Ids.TenantId,
    input: unknown,
  ) => Effect.Effect<Insight.Improvement, Errors.ValidationError | StoreError.StoreError>
  /** Moves an improvement item to a new status (CMP-13). */
  readonly moveImprovement: (
    tenant: Ids.TenantId,
    id: string,
    to: Insight.ImprovementStatus,
    by: Ids.StaffId,
  ) => Effect.Effect<
    Insight.Improvement,
    | Errors.ValidationError
    | Errors.InvalidTransitionError
    | Errors.NotFoundError
    | StoreError.StoreError
  >
  /** Stores a standard answer (CMP-14). */
  readonly addStandardAnswer: (
    tenant: Ids.TenantId,
    input: typeof Insight.StandardAnswer.Encoded,
  ) => Effect.Effect<Insight.StandardAnswer, Errors.ValidationError | StoreError.StoreError>
  /** Every standard answer. */
  readonly standardAnswers: (
    tenant: Ids.TenantId,
  ) => Effect.Effect<ReadonlyArray<Insight.StandardAnswer>, StoreError.StoreError>
}

/**
 * The `Complaints` service tag.
 *
 * @example
 * ```ts
 * import { Complaints } from "@clientele/complaints"
 * import { Ids } from "@clientele/core"
 * import * as Effect from "effect/Effect"
 *
 * const program = Effect.gen(function* () {
 *   const complaints = yield* Complaints.Complaints
 *   return yield* complaints.sweep(Ids.TenantId.make("acme"))
 * })
 * ```
 *
 * @since 0.1.0
 * @category services
 */
export class Complaints extends Context.Tag("@clientele/complaints/Complaints")<
  Complaints,
  ComplaintsService
>() {}

/**
 * Every collection the service writes, each with the subject its documents are
 * about (complaints, contacts, preferences, back-in-stock notices and feedback by
 * customer, history entries through their complaint; notifications, idempotency
 * keys, improvements and standard answers hold no customer's personal data): pass it
 * to the archive service so that an erasure covers this package's data.
 *
 * @example
 * ```ts
 * import { Complaints } from "@clientele/complaints"
 *
 * const names = Complaints.collections.map((collection) => collection.name)
 * // ["complaints", "complaint-history", "complaint-notifications", …]
 * ```
 *
 * @since 0.1.0
 * @category services
 */
export const collections: ReadonlyArray<Collection.AnyCollection> = [
  Stored.complaints,
  Stored.history,
  Stored.notifications,
  Stored.intakeKeys,
  Stored.contacts,
  Stored.preferences,
  Stored.backInStock,
  Stored.feedback,
  Stored.improvements,
  Stored.answers,
]

const notFound = (id: string) => new Errors.NotFoundError({ entity: "complaint", id })

const retryable = (error: unknown) => error instanceof StoreError.StoreError && error.isRetryable

/** What an intake batch has received so far, by idempotency key, before it is written. */
type Received = Map<
  string,
  { readonly complaint: Complaint.Complaint; readonly fingerprint: string }
>

/** What an intake batch reads before it decides: its keys, their complaints, earlier contacts. */
interface Lookups {
  /** The stored idempotency keys among the batch's, by key. */
  readonly keys: ReadonlyMap<string, Stored.IntakeKey>
  /** The complaints those keys name, by id. */
  readonly complaints: ReadonlyMap<string, Complaint.Complaint>
  /** The customers' contacts about each problem, by `Stored.customerProblemOf`. */
  readonly contacts: Map<string, Array<Contact.Contact>>
}

/**
 * Builds the service over the `Store` with a tenant's settings.
 *
 * @example
 * ```ts
 * import { WorkingCalendar } from "@clientele/calendar"
 * import { Complaints, Handling } from "@clientele/complaints"
 * import { MemoryStore } from "@clientele/store"
 * import * as Effect from "effect/Effect"
 *
 * const settings = Handling.makeSettings({
 *   calendar: WorkingCalendar.weekdays("UTC", "09:00", "17:00"),
 *   currency: "EUR",
 *   departments: [{ id: "care", name: "Care", head: "s-lee", categories: ["product", "price", "service"] }],
 * })
 * const service = Effect.provide(Complaints.make(settings), MemoryStore.layer)
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (
  settings: Handling.Settings,
): Effect.Effect<ComplaintsService, never, Store.Store> =>
  Effect.gen(function* () {
    const store = yield* Store.Store
    const provide = Effect.provideService(Store.Store, store)

    const decodeIntake = Errors.decode(Handling.Intake)
    const decodeCommand = Errors.decode(Handling.Command)

    /** The operations that store a decision. */
    const operationsOf = (
      decision: Handling.Decision,
      previousVersion: number | undefined,
    ): Either.Either<ReadonlyArray<Store.WriteOperation>, Errors.ValidationError> => {
      const ops: Array<Either.Either<Store.WriteOperation, Errors.ValidationError>> = [
        previousVersion === undefined
          ? Stored.complaints.operations.insert(decision.complaint)
          : Stored.complaints.operations.update(decision.complaint, previousVersion),
        ...decision.entries.map((entry) => Stored.history.operations.insert(entry)),
        ...decision.notifications.map((n) => Stored.notifications.operations.insert(n)),
      ]
      return Either.all(ops)
    }

    const writeFor = (tenant: Ids.TenantId, ops: ReadonlyArray<Store.WriteOperation>) =>
      store.bulkWrite(tenant, ops)

    /**
     * The customers' contacts about each of the problems (a few per problem), by
     * `customerProblemOf`: one query per `Query.maxWhereValues` problems.
     */
    const contactsByProblem = (tenant: Ids.TenantId, problems: ReadonlyArray<string>) =>
      Effect.gen(function* () {
        const found = new Map<string, Array<Contact.Contact>>()
        const distinct = [...new Set(problems)]
        for (let i = 0; i < distinct.length; i += Query.maxWhereValues) {
          const customerProblem = distinct.slice(i, i + Query.maxWhereValues)
          for (const contact of yield* Collection.valuesOf(Stored.contacts, tenant, {
            where: { customerProblem },
          })) {
            const key = Stored.customerProblemOf(contact)
            const thread = found.get(key)
            if (thread === undefined) found.set(key, [contact])
            else thread.push(contact)
          }
        }
        return found
      })

    /** The customer's contacts about the candidate's problem. */
    const firstContactCandidates = (tenant: Ids.TenantId, candidate: Contact.Candidate) => {
      const key = Stored.customerProblemOf(candidate)
      return Effect.map(contactsByProblem(tenant, [key]), (found) => found.get(key) ?? [])
    }

    /**
     * Receives one decoded intake of a batch, from what the batch read before
     * (`lookups`) and what it received so far (`received`): plain code, no reads.
     */
    const receiveOne = (
      intake: Handling.Intake,
      at: number,
      lookups: Lookups,
      received: Received,
    ): Either.Either<
      {
        readonly complaint: Complaint.Complaint
        readonly ops: ReadonlyArray<Store.WriteOperation>
      },
      Handling.HandlingError | Errors.PolicyViolationError
    > => {
      // the decoded intake is JSON as its encoded form, defaults filled in
      const fingerprint = Ids.fingerprint(intake)
      const reused = received.get(intake.idempotencyKey)
      if (reused !== undefined) {
        if (reused.fingerprint !== fingerprint)
          return Either.left(
            new Errors.PolicyViolationError({
              rule: "CMP-2",
              message: `the idempotency key ${intake.idempotencyKey} is used twice in the batch for different complaints`,
            }),
          )
        return Either.right({ complaint: reused.complaint, ops: [] })
      }
      const known = lookups.keys.get(intake.idempotencyKey)
      if (known !== undefined) {
        if (known.fingerprint !== fingerprint)
          return Either.left(
            new Errors.PolicyViolationError({
              rule: "CMP-2",
              message: `the idempotency key ${intake.idempotencyKey} was already used for a different complaint (${known.complaintId})`,
            }),
          )
        const existing = lookups.complaints.get(known.complaintId)
        if (existing !== undefined) return Either.right({ complaint: existing, ops: [] })
      }
      const id = Ids.ComplaintId.make(Ids.timeOrdered("cmp", at))
      const problemKey = Handling.problemKeyOf(intake)
      const candidate = { customerId: intake.customerId, problemKey, at }
      const threadKey = Stored.customerProblemOf(candidate)
      const thread = lookups.contacts.get(threadKey) ?? []
      const first = Contact.findFirstContact(thread, candidate, settings.repeat)
      const repeatOf = Option.flatMap(first, (contact) => Option.fromNullable(contact.complaintId))
      return Either.gen(function* () {
        const decision = yield* Handling.receive(settings, intake, {
          id,
          at,
          repeatOf: Option.getOrUndefined(repeatOf),
          repeatOfContact: Option.getOrUndefined(Option.map(first, (contact) => contact.id)),
        })
        const contact: Contact.Contact = {
          id,
          customerId: intake.customerId,
          channel: intake.channel,
          at,
          problemKey,
          category: intake.category,
          rootCause: intake.rootCause ?? Handling.unclassified,
          summary: intake.description,
          complaintId: id,
          resolvedOnContact: false,
          ...(Option.isSome(first) ? { repeatOf: first.value.id } : {}),
        }
        const notice = Option.flatMap(Option.fromNullable(intake.outOfStock), (request) =>
          OutOfStock.noticeOf(request, { complaintId: id, customerId: intake.customerId, at }),
        )
        // plain inserts: values of the pure core, encoded forms equal to themselves
        const ops: Array<Store.WriteOperation> = [
          Stored.plainInsert(Stored.complaints, decision.complaint),
          ...decision.entries.map((entry) => Stored.plainInsert(Stored.history, entry)),
          Stored.plainInsert(Stored.intakeKeys, {
            key: intake.idempotencyKey,
            complaintId: id,
            fingerprint,
          }),
          Stored.plainInsert(Stored.contacts, contact),
        ]
        if (decision.notifications.length > 0 || Option.isSome(notice))
          ops.push(
            ...(yield* Either.all([
              ...decision.notifications.map((n) => Stored.notifications.operations.insert(n)),
              ...(Option.isSome(notice)
                ? [Stored.backInStock.operations.insert(notice.value)]
                : []),
            ])),
          )
        received.set(intake.idempotencyKey, { complaint: decision.complaint, fingerprint })
        // a later intake of the batch about the same problem repeats this one
        lookups.contacts.set(threadKey, [...thread, contact])
        return { complaint: decision.complaint, ops }
      })
    }

    /** A `ValidationError`'s paths under the index of a batch item. */
    const underIndex = (index: number | undefined) => (error: unknown) =>
      index !== undefined && error instanceof Errors.ValidationError
        ? Errors.ValidationError.fromIssues(
            error.issues.map((issue) => ({ ...issue, path: [index, ...issue.path] })),
          )
        : error

    /**
     * Reads what a batch's intakes need in a few queries: their stored keys, the
     * complaints of those keys, the customers' earlier contacts about the problems.
     */
    const lookupsFor = (tenant: Ids.TenantId, intakes: ReadonlyArray<Handling.Intake>) =>
      Effect.gen(function* () {
        const keys = new Map(
          (yield* Stored.intakeKeys.getMany(
            tenant,
            intakes.map((intake) => Stored.intakeKeyId(intake.idempotencyKey)),
          )).map((entry) => [entry.value.key, entry.value] as const),
        )
        const complaints = new Map(
          keys.size === 0
            ? []
            : (yield* Stored.complaints.getMany(
                tenant,
                [...keys.values()].map((key) => key.complaintId),
              )).map((entry) => [entry.value.id, entry.value] as const),
        )
        const contacts = yield* contactsByProblem(
          tenant,
          intakes.map((intake) =>
            Stored.customerProblemOf({
              customerId: intake.customerId,
              problemKey: Handling.problemKeyOf(intake),
            }),
          ),
        )
        const lookups: Lookups = { keys, complaints, contacts }
        return lookups
      })

    /**
     * Receives decoded intakes in one transaction: reads what they need with a few
     * queries, decides each in a plain loop and writes them all with one bulk
     * write; a key or a problem repeated inside the batch is recognised like one
     * from an earlier call. `indexed`: name the failing item by its index.
     */
    const receiveAll = (
      tenant: Ids.TenantId,
      inputs: ReadonlyArray<typeof Handling.Intake.Encoded>,
      indexed: boolean,
    ) =>
      Effect.gen(function* () {
        const decoded: Array<Handling.Intake> = []
        for (const [index, input] of inputs.entries())
          decoded.push(
            yield* Effect.mapError(
              decodeIntake(input),
              (e) => underIndex(indexed ? index : undefined)(e) as Errors.ValidationError,
            ),
          )
        const at = yield* Clock.currentTimeMillis
        return yield* provide(
          store
            .transaction(
              Effect.gen(function* () {
                const lookups = yield* lookupsFor(tenant, decoded)
                const complaints: Array<Complaint.Complaint> = []
                const ops: Array<Store.WriteOperation> = []
                const received: Received = new Map()
                for (const [index, intake] of decoded.entries()) {
                  const one = receiveOne(intake, at, lookups, received)
                  if (Either.isLeft(one))
                    return yield* Effect.fail(
                      underIndex(indexed ? index : undefined)(one.left) as typeof one.left,
                    )
                  complaints.push(one.right.complaint)
                  for (const op of one.right.ops) ops.push(op)
                }
                if (ops.length > 0) yield* writeFor(tenant, ops)
                return complaints
              }),
            )
            .pipe(Effect.retry({ while: retryable, times: 3 })),
        )
      })

    const intakeAll: ComplaintsService["intakeAll"] = Effect.fn("Complaints.intakeAll")(
      function* (tenant, inputs) {
        return yield* receiveAll(tenant, inputs, true)
      },
    )

    const intake: ComplaintsService["intake"] = Effect.fn("Complaints.intake")(
      function* (tenant, input) {
        const [complaint] = yield* receiveAll(tenant, [input], false)
        return complaint as Complaint.Complaint
      },
    )

    const customerCompensations = (tenant: Ids.TenantId, customerId: Ids.CustomerId) =>
      Effect.map(
        Collection.valuesOf(Stored.complaints, tenant, { where: { customerId } }),
        (found) => found.flatMap(Complaint.compensationsGiven),
      )

    const act: ComplaintsService["act"] = Effect.fn("Complaints.act")(
      function* (tenant, id, input) {
        const command = yield* decodeCommand(input)
        return yield* provide(
          store
            .transaction(
              Effect.gen(function* () {
                const found = yield* Stored.complaints.get(tenant, id)
                if (Option.isNone(found)) return yield* notFound(id)
                const entry = found.value
                const at = Math.max(yield* Clock.currentTimeMillis, entry.value.receivedAt)
                const context: Handling.Context = {
                  customerCompensations:
                    command._tag === "resolve"
                      ? yield* customerCompensations(tenant, entry.value.customerId)
                      : [],
                }
                const decision = yield* Handling.decide(settings, entry.value, command, at, context)
                const ops = [...(yield* operationsOf(decision, entry.version))]
                const resolution = decision.complaint.resolution
                // The intake's contact learns its root cause (CMP-9), whether it was
                // resolved on contact, and the note of a repeat (CMP-10).
                const contactChange: Partial<Contact.Contact> | undefined =
                  command._tag === "resolve" && resolution !== undefined
                    ? { rootCause: command.rootCause, resolvedOnContact: resolution.onFirstContact }
                    : command._tag === "explainRepeat"
                      ? { whyNotResolved: command.whyNotResolved }
                      : undefined
                if (contactChange !== undefined) {
                  const contact = yield* Stored.contacts.get(tenant, id)
                  if (
                    Option.isSome(contact) &&
                    (contact.value.value.repeatOf !== undefined || command._tag !== "explainRepeat")
                  )
                    ops.push(
                      yield* Stored.contacts.operations.update(
                        { ...contact.value.value, ...contactChange },
                        contact.value.version,
                      ),
                    )
                }
                yield* writeFor(tenant, ops)
                return decision.complaint
              }),
            )
            .pipe(Effect.retry({ while: retryable, times: 5 })),
        )
      },
    )

    const stepOf =
      <Tag extends Handling.Command["_tag"]>(tag: Tag): CommandMethod<Tag> =>
      (tenant, id, input) =>
        act(tenant, id, { ...input, _tag: tag } as unknown as typeof Handling.Command.Encoded)

    const get: ComplaintsService["get"] = (tenant, id) =>
      provide(
        Effect.flatMap(Stored.complaints.get(tenant, id), (found) =>
          Option.isSome(found) ? Effect.succeed(found.value.value) : Effect.fail(notFound(id)),
        ),
      )

    /**
     * The writes settling one stored complaint at `now` through the typed collection
     * (which reports a corrupt document), for a body `Sweep.settleStored` refused.
     */
    const settleTyped = (tenant: Ids.TenantId, document: Store.StoredDocument, now: number) =>
      Effect.gen(function* () {
        const entry = yield* Stored.complaints.getOrFail(tenant, document.id)
        const settled = Sweep.settle(entry.value, entry.value.sla.cycles, now)
        const next: Complaint.Complaint = {
          ...entry.value,
          sla: { ...entry.value.sla, cycles: settled.cycles },
          slaNextCheckAt: Complaint.nextCheckAt(settled.cycles),
        }
        const operations = yield* Either.all([
          Stored.complaints.operations.update(next, entry.version),
          ...settled.notifications.map((n) => Stored.notifications.operations.insert(n)),
        ]).pipe(Effect.orDie)
        return { operations, notifications: settled.notifications }
      })

    /** One complaint settled alone, re-read on each attempt (after a batch lost a race). */
    const settleAlone = (tenant: Ids.TenantId, id: string, now: number) =>
      store
        .transaction(
          Effect.gen(function* () {
            const document = yield* store.get(tenant, Stored.complaints.name, id)
            if (document === undefined) return []
            const plan =
              Sweep.settleStored(document, now) ?? (yield* settleTyped(tenant, document, now))
            if (plan.notifications.length === 0) return []
            yield* writeFor(tenant, plan.operations)
            return plan.notifications
          }),
        )
        .pipe(
          Effect.retry({ while: retryable, times: 10 }),
          Effect.catchIf(StoreError.hasReason("Duplicate"), () =>
            Effect.succeed([] as ReadonlyArray<Complaint.Notification>),
          ),
        )

    /**
     * One page of the complaints whose next check has come, earliest first. Pages of
     * 250 keep a page's short-lived values young (they die before the collector has
     * to move them: 15 % faster over the memory store than pages of a thousand) and
     * each bulk write small, while a database still commits a page at a time.
     */
    const duePage = (tenant: Ids.TenantId, now: number, cursor: string | null | undefined) =>
      store
        .query(tenant, {
          collection: Stored.complaints.name,
          range: { index: "slaNextCheckAt", lte: now },
          orderBy: { index: "slaNextCheckAt", direction: "asc" },
          limit: Stored.sweepPage,
          cursor,
        })
        .pipe(Effect.catchTag("ValidationError", (error) => Effect.die(error)))

    const sweep: ComplaintsService["sweep"] = Effect.fn("Complaints.sweep")(
      function* (tenant, nowOption) {
        const now = nowOption ?? (yield* Clock.currentTimeMillis)
        const created: Array<Complaint.Notification> = []
        let examined = 0
        // A range over the index of next checks: every adapter walks it in order. A
        // settled complaint's next check is after `now`, so it leaves the range, and
        // the cursor goes on past the complaints already read.
        let cursor: string | null | undefined
        do {
          const page = yield* duePage(tenant, now, cursor)
          cursor = page.cursor
          examined += page.documents.length
          if (page.documents.length === 0) break
          const operations: Array<Store.WriteOperation> = []
          const notifications: Array<Complaint.Notification> = []
          for (const document of page.documents) {
            // a plain call for the stored JSON; the typed path only for a body it refuses
            const plan =
              Sweep.settleStored(document, now) ?? (yield* settleTyped(tenant, document, now))
            for (const operation of plan.operations) operations.push(operation)
            for (const notification of plan.notifications) notifications.push(notification)
          }
          // one bulk write: all of it or none, like a transaction
          const batch = yield* Effect.either(writeFor(tenant, operations))
          if (Either.isRight(batch)) {
            created.push(...notifications)
            continue
          }
          // the writes are built from stored JSON: a refused one would be a bug
          if (!(batch.left instanceof StoreError.StoreError)) return yield* Effect.die(batch.left)
          if (!["Conflict", "Duplicate"].includes(batch.left.reason))
            return yield* Effect.fail(batch.left)
          // Another writer touched some of these complaints: settle each alone.
          for (const document of page.documents)
            created.push(...(yield* settleAlone(tenant, document.id, now)))
        } while (cursor !== null)
        return { examined, notifications: created }
      },
      (effect) => provide(effect),
    ) as ComplaintsService["sweep"]

    const recordContact: ComplaintsService["recordContact"] = (tenant, input) =>
      provide(
        Effect.gen(function* () {
          // The repeat link is found here; its note is kept only if it is a repeat.
          const { whyNotResolved, ...rest } = input
          const contact = yield* Contact.validateContact(
            rest,
            settings.rootCauses,
            settings.taxonomy,
          )
          const classified = Contact.classify(
            yield* firstContactCandidates(tenant, contact),
            contact,
            settings.repeat,
          )
          const repeatOf = Option.getOrUndefined(classified.repeatOf)
          if (repeatOf === undefined && whyNotResolved !== undefined)
            return yield* Errors.ValidationError.fromIssues([
              {
                path: ["whyNotResolved"],
                message:
                  "this contact repeats no earlier contact: it carries no why-not-resolved note (CMP-10)",
              },
            ])
          const linked = yield* Errors.decode(Contact.Contact)(
            Schema.encodeSync(Contact.Contact)({
              ...contact,
              ...(contact.thankYou !== undefined ? { thankYou: classified.thankYou } : {}),
              ...(repeatOf !== undefined ? { repeatOf } : {}),
              ...(repeatOf !== undefined && whyNotResolved !== undefined ? { whyNotResolved } : {}),
            }),
          )
          yield* Stored.contacts.insert(tenant, linked)
          return linked
        }),
      )

    const window =
      <A, K extends string>(collection: Collection.Collection<A, K | "at">) =>
      (tenant: Ids.TenantId, w: { readonly from: number; readonly to: number }) =>
        provide(
          Collection.valuesOf(collection, tenant, {
            range: { index: "at", gte: w.from, lt: w.to },
            orderBy: { index: "at", direction: "asc" },
          } as Collection.CollectionQuery<K | "at">),
        )

    return Complaints.of({
      settings,
      intake,
      intakeAll,
      act,
      acknowledge: stepOf("acknowledge"),
      route: stepOf("route"),
      assign: stepOf("assign"),
      start: stepOf("start"),
      update: stepOf("update"),
      commit: stepOf("commit"),
      waitOnCustomer: stepOf("waitOnCustomer"),
      customerReplied: stepOf("customerReplied"),
      changePriority: stepOf("changePriority"),
      explainRepeat: stepOf("explainRepeat"),
      resolve: stepOf("resolve"),
      followUp: stepOf("followUp"),
      closeComplaint: stepOf("close"),
      reopen: stepOf("reopen"),
      get,
      history: (tenant, id) =>
        provide(Collection.valuesOf(Stored.history, tenant, { where: { complaintId: id } })).pipe(
          Effect.map((entries) => [...entries].sort((a, b) => a.seq - b.seq)),
        ),
      received: (tenant, w) =>
        provide(
          Collection.valuesOf(Stored.complaints, tenant, {
            range: { index: "receivedAt", gte: w.from, lt: w.to },
            orderBy: { index: "receivedAt", direction: "asc" },
          }),
        ),
      notifications: window(Stored.notifications),
      sweep,
      recordContact,
      contacts: window(Stored.contacts),
      setPreference: (tenant, input) =>
        provide(
          Effect.gen(function* () {
            const preference = yield* Errors.decode(Preference.ContactPreference)(input)
            const existing = yield* Stored.preferences.get(tenant, preference.customerId)
            if (Option.isSome(existing))
              yield* Stored.preferences.update(tenant, preference, existing.value.version)
            else yield* Stored.preferences.insert(tenant, preference)
            return preference
          }),
        ),
      scheduleCallback: (tenant, id, options) =>
        provide(
          store.transaction(
            Effect.gen(function* () {
              const found = yield* Stored.complaints.get(tenant, id)
              if (Option.isNone(found)) return yield* notFound(id)
              const complaint = found.value.value
              const preference = yield* Stored.preferences.get(tenant, complaint.customerId)
              const now = yield* Clock.currentTimeMillis
              const at = yield* Preference.scheduleCallback(
                Option.getOrUndefined(Option.map(preference, (entry) => entry.value)),
                options?.earliest ?? now,
              )
              const next = { ...complaint, callbackAt: at }
              yield* Stored.complaints.update(tenant, next, found.value.version)
              return next
            }),
          ),
        ),
      restocked: (tenant, productId, sku) =>
        provide(
          store.transaction(
            Effect.gen(function* () {
              const now = yield* Clock.currentTimeMillis
              const queued = yield* Collection.valuesOf(Stored.backInStock, tenant, {
                where: { productId, status: "queued" },
              })
              const sent = OutOfStock.restocked(queued, productId, sku, now)
              for (const notice of sent) {
                const entry = yield* Stored.backInStock.getOrFail(tenant, notice.id)
                yield* Stored.backInStock.update(tenant, notice, entry.version)
              }
              return sent
            }),
          ),
        ).pipe(Effect.catchTag("ValidationError", (error) => Effect.die(error))),
      recordFeedback: (tenant, input) =>
        provide(
          Effect.flatMap(Insight.decodeFeedback(input), (item) =>
            Effect.as(Stored.feedback.insert(tenant, item), item),
          ),
        ),
      feedback: window(Stored.feedback),
      proposeImprovement: (tenant, input) =>
        provide(
          Effect.flatMap(Insight.propose(input), (item) =>
            Effect.as(Stored.improvements.insert(tenant, item), item),
          ),
        ),
      moveImprovement: (tenant, id, to, by) =>
        provide(
          store.transaction(
            Effect.gen(function* () {
              const found = yield* Stored.improvements.get(tenant, id)
              if (Option.isNone(found))
                return yield* new Errors.NotFoundError({ entity: "improvement", id })
              const at = yield* Clock.currentTimeMillis
              const moved = yield* Insight.transition(found.value.value, to, { at, by })
              yield* Stored.improvements.update(tenant, moved, found.value.version)
              return moved
            }),
          ),
        ),
      addStandardAnswer: (tenant, input) =>
        provide(
          Effect.flatMap(Errors.decode(Insight.StandardAnswer)(input), (answer) =>
            Effect.as(Stored.answers.insert(tenant, answer), answer),
          ),
        ),
      standardAnswers: (tenant) => provide(Collection.valuesOf(Stored.answers, tenant)),
    })
  })

/**
 * The service as a layer over the `Store`.
 *
 * @example
 * ```ts
 * import { WorkingCalendar } from "@clientele/calendar"
 * import { Complaints, Handling } from "@clientele/complaints"
 * import { MemoryStore } from "@clientele/store"
 * import * as Layer from "effect/Layer"
 *
 * const settings = Handling.makeSettings({
 *   calendar: WorkingCalendar.weekdays("UTC", "09:00", "17:00"),
 *   currency: "EUR",
 *   departments: [{ id: "care", name: "Care", head: "s-lee", categories: ["product", "price", "service"] }],
 * })
 * const live = Complaints.layer(settings).pipe(Layer.provide(MemoryStore.layer))
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (settings: Handling.Settings): Layer.Layer<Complaints, never, Store.Store> =>
  Layer.effect(Complaints, make(settings))

/**
 * The Promise API: the service's methods as plain async functions over a store
 * layer (for applications that do not use Effect). Rejections are the same
 * tagged errors.
 *
 * @example
 * ```ts
 * import { WorkingCalendar } from "@clientele/calendar"
 * import { Complaints, Handling } from "@clientele/complaints"
 * import { Ids } from "@clientele/core"
 * import { MemoryStore } from "@clientele/store"
 *
 * const settings = Handling.makeSettings({
 *   calendar: WorkingCalendar.weekdays("UTC", "09:00", "17:00"),
 *   currency: "EUR",
 *   departments: [{ id: "care", name: "Care", head: "s-lee", categories: ["product", "price", "service"] }],
 * })
 * const client = await Complaints.makeClient(settings, MemoryStore.layer)
 * const complaint = await client.intake(Ids.TenantId.make("acme"), {
 *   idempotencyKey: "web-1", customerId: "cus-1", channel: "webForm", category: "service/long-wait",
 *   contact: { email: "ada@example.com" }, description: "Waited 40 minutes", receivedBy: "s-joe",
 * })
 * await client.close()
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeClient = <E>(
  settings: Handling.Settings,
  store: Layer.Layer<Store.Store, E>,
): Promise<PromiseClient.PromiseClient<ComplaintsService>> =>
  PromiseClient.make(Complaints, layer(settings).pipe(Layer.provide(store)))
