/**
 * Customer events (VIS-11): major-customer gatherings, member gatherings and
 * prospect experience days. An event needs a plan (an agenda) and a budget, and
 * an approval before any cost is committed; the costs committed never exceed the
 * approved budget; the testimonials collected at the event are kept with it
 * (archived: the text is personal data, and whether it may be published is the
 * customer's recorded consent).
 *
 * The life of an event: `draft` → (`plan`, `approve`) → `approved` →
 * (`markHeld`) → `held` → (`close`) → `closed`; a draft or approved event may be
 * `cancel`led. Every operation is a pure function from an event to the next event
 * or a typed error.
 *
 * @since 0.1.0
 */
import { WorkingCalendar } from "@clientele/calendar"
import { Errors, Ids, Money, Period, Personal } from "@clientele/core"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"

const Text = (max: number) => Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(max))

/**
 * The id of a customer event.
 *
 * @example
 * ```ts
 * import { CustomerEvent } from "@clientele/visits"
 *
 * const id = CustomerEvent.EventId.make("evt-2025-gala")
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const EventId = Ids.IdString.pipe(
  Schema.brand("EventId"),
  Schema.annotations({ identifier: "EventId" }),
)

/**
 * The type of {@link EventId}.
 *
 * @example
 * ```ts
 * import { CustomerEvent } from "@clientele/visits"
 *
 * const id: CustomerEvent.EventId = CustomerEvent.EventId.make("evt-1")
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type EventId = typeof EventId.Type

/**
 * The kinds of customer event of VIS-11.
 *
 * @example
 * ```ts
 * import { CustomerEvent } from "@clientele/visits"
 *
 * CustomerEvent.EventKind.literals // ["majorCustomerGathering", "memberGathering", "prospectExperienceDay", "other"]
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const EventKind = Schema.Literal(
  "majorCustomerGathering",
  "memberGathering",
  "prospectExperienceDay",
  "other",
)

/**
 * The type of {@link EventKind}.
 *
 * @example
 * ```ts
 * import type { CustomerEvent } from "@clientele/visits"
 *
 * const kind: CustomerEvent.EventKind = "memberGathering"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type EventKind = typeof EventKind.Type

/**
 * The states of an event: `draft` (being planned), `approved` (plan and budget
 * approved: costs may be committed), `held` (it took place), `closed`, `cancelled`.
 *
 * @example
 * ```ts
 * import { CustomerEvent } from "@clientele/visits"
 *
 * CustomerEvent.EventState.literals.length // 5
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const EventState = Schema.Literal("draft", "approved", "held", "closed", "cancelled")

/**
 * The type of {@link EventState}.
 *
 * @example
 * ```ts
 * import type { CustomerEvent } from "@clientele/visits"
 *
 * const state: CustomerEvent.EventState = "held"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type EventState = typeof EventState.Type

/**
 * One item of an event's agenda: a title, an optional local start time and
 * duration, and the member of staff responsible for it.
 *
 * @example
 * ```ts
 * import { CustomerEvent } from "@clientele/visits"
 * import * as Schema from "effect/Schema"
 *
 * const welcome = Schema.decodeUnknownSync(CustomerEvent.AgendaItem)({ title: "Welcome", time: "18:00", durationMinutes: 30 })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const AgendaItem = Schema.Struct({
  title: Text(200),
  time: Schema.optional(WorkingCalendar.LocalTime),
  durationMinutes: Schema.optional(Schema.Int.pipe(Schema.between(1, 1440))),
  owner: Schema.optional(Ids.StaffId),
})

/**
 * The type of {@link AgendaItem}.
 *
 * @example
 * ```ts
 * import type { CustomerEvent } from "@clientele/visits"
 *
 * const item: CustomerEvent.AgendaItem = { title: "Product demonstration" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type AgendaItem = typeof AgendaItem.Type

/**
 * One line of a budget: what it pays for and its amount.
 *
 * @example
 * ```ts
 * import { CustomerEvent } from "@clientele/visits"
 * import { Money } from "@clientele/core"
 *
 * const venue = CustomerEvent.BudgetLine.make({ item: "venue hire", amount: Money.make(150000, "EUR") })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const BudgetLine = Schema.Struct({ item: Text(200), amount: Money.Money })

/**
 * The type of {@link BudgetLine}.
 *
 * @example
 * ```ts
 * import type { CustomerEvent } from "@clientele/visits"
 *
 * const amountOf = (line: CustomerEvent.BudgetLine) => line.amount.amount
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type BudgetLine = typeof BudgetLine.Type

/**
 * An event's budget (VIS-11): at least one line, every amount in the currency of
 * `total` and not negative, and `total` exactly the sum of the lines.
 *
 * @example
 * ```ts
 * import { CustomerEvent } from "@clientele/visits"
 * import * as Schema from "effect/Schema"
 *
 * const budget = Schema.decodeUnknownSync(CustomerEvent.Budget)({
 *   lines: [
 *     { item: "venue hire", amount: { amount: 150000, currency: "EUR" } },
 *     { item: "catering", amount: { amount: 90000, currency: "EUR" } },
 *   ],
 *   total: { amount: 240000, currency: "EUR" },
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Budget = Schema.Struct({
  lines: Schema.NonEmptyArray(BudgetLine),
  total: Money.Money,
}).pipe(
  Schema.filter((budget) => {
    const issues: Array<Schema.FilterIssue> = []
    const currency = budget.total.currency
    budget.lines.forEach((line, index) => {
      if (line.amount.currency !== currency)
        issues.push({
          path: ["lines", index, "amount"],
          message: `the line is in ${line.amount.currency} but the budget is in ${currency}: a budget has one currency (VIS-11)`,
        })
      else if (line.amount.amount < 0)
        issues.push({
          path: ["lines", index, "amount"],
          message: "a budget line cannot be negative (VIS-11)",
        })
    })
    if (issues.length > 0) return issues
    const sum = Money.sum(
      budget.lines.map((line) => line.amount),
      currency,
    )
    if (Either.isLeft(sum))
      return { path: ["total"], message: "the lines are too large to add up exactly" }
    return sum.right.amount === budget.total.amount
      ? undefined
      : {
          path: ["total"],
          message: `the total ${Money.toDecimal(budget.total)} is not the sum of the lines ${Money.toDecimal(sum.right)} (VIS-11)`,
        }
  }),
  Schema.annotations({ identifier: "EventBudget" }),
)

/**
 * The type of {@link Budget}.
 *
 * @example
 * ```ts
 * import type { CustomerEvent } from "@clientele/visits"
 *
 * const currencyOf = (budget: CustomerEvent.Budget) => budget.total.currency
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Budget = typeof Budget.Type

/**
 * An event's plan: the agenda, the budget, and who planned it when.
 *
 * @example
 * ```ts
 * import { CustomerEvent } from "@clientele/visits"
 * import * as Schema from "effect/Schema"
 *
 * const plan = Schema.decodeUnknownSync(CustomerEvent.EventPlan)({
 *   agenda: [{ title: "Welcome" }],
 *   budget: { lines: [{ item: "catering", amount: { amount: 50000, currency: "EUR" } }], total: { amount: 50000, currency: "EUR" } },
 *   plannedBy: "mia",
 *   plannedAt: Date.UTC(2025, 0, 10),
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const EventPlan = Schema.Struct({
  agenda: Schema.Array(AgendaItem),
  budget: Budget,
  plannedBy: Ids.StaffId,
  plannedAt: Period.Instant,
})

/**
 * The type of {@link EventPlan}.
 *
 * @example
 * ```ts
 * import type { CustomerEvent } from "@clientele/visits"
 *
 * const items = (plan: CustomerEvent.EventPlan) => plan.agenda.length
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type EventPlan = typeof EventPlan.Type

/**
 * An approval: who approved the plan, when, and the budget total approved.
 *
 * @example
 * ```ts
 * import type { CustomerEvent } from "@clientele/visits"
 *
 * const approvedBy = (approval: CustomerEvent.Approval) => approval.by
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Approval = Schema.Struct({
  by: Ids.StaffId,
  at: Period.Instant,
  budget: Money.Money,
})

/**
 * The type of {@link Approval}.
 *
 * @example
 * ```ts
 * import type { CustomerEvent } from "@clientele/visits"
 *
 * const limit = (approval: CustomerEvent.Approval) => approval.budget
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Approval = typeof Approval.Type

/**
 * A cost committed for an event: what, how much (more than zero), when and by
 * whom.
 *
 * @example
 * ```ts
 * import { CustomerEvent } from "@clientele/visits"
 * import { Ids, Money } from "@clientele/core"
 *
 * const deposit = CustomerEvent.CommittedCost.make({
 *   item: "venue deposit",
 *   amount: Money.make(50000, "EUR"),
 *   committedAt: Date.UTC(2025, 1, 1),
 *   by: Ids.StaffId.make("mia"),
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const CommittedCost = Schema.Struct({
  item: Text(200),
  amount: Money.Money,
  committedAt: Period.Instant,
  by: Ids.StaffId,
}).pipe(
  Schema.filter((cost) =>
    cost.amount.amount > 0
      ? undefined
      : { path: ["amount"], message: "a committed cost is more than zero" },
  ),
  Schema.annotations({ identifier: "CommittedCost" }),
)

/**
 * The type of {@link CommittedCost}.
 *
 * @example
 * ```ts
 * import type { CustomerEvent } from "@clientele/visits"
 *
 * const who = (cost: CustomerEvent.CommittedCost) => cost.by
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type CommittedCost = typeof CommittedCost.Type

/**
 * A testimonial collected at an event: the customer, the text (personal), whether
 * the customer consented to its publication, when and by whom it was collected.
 *
 * @example
 * ```ts
 * import { CustomerEvent } from "@clientele/visits"
 * import * as Schema from "effect/Schema"
 *
 * const quote = Schema.decodeUnknownSync(CustomerEvent.Testimonial)({
 *   customerId: "cus-1",
 *   text: "The tasting changed how I buy tea.",
 *   consentToPublish: true,
 *   collectedAt: Date.UTC(2025, 4, 17, 19),
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Testimonial = Schema.Struct({
  customerId: Ids.CustomerId,
  text: Personal.personal(Text(10_000)),
  consentToPublish: Schema.Boolean,
  collectedAt: Period.Instant,
  collectedBy: Schema.optional(Ids.StaffId),
})

/**
 * The type of {@link Testimonial}.
 *
 * @example
 * ```ts
 * import type { CustomerEvent } from "@clientele/visits"
 *
 * const publishable = (testimonial: CustomerEvent.Testimonial) => testimonial.consentToPublish
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Testimonial = typeof Testimonial.Type

/**
 * Who is invited: customers by id, and whole tiers by name.
 *
 * @example
 * ```ts
 * import { CustomerEvent } from "@clientele/visits"
 * import * as Schema from "effect/Schema"
 *
 * const invited = Schema.decodeUnknownSync(CustomerEvent.Invited)({ customers: ["cus-1"], tiers: ["major"] })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Invited = Schema.Struct({
  customers: Schema.Array(Ids.CustomerId),
  tiers: Schema.Array(Text(64)),
})

/**
 * The type of {@link Invited}.
 *
 * @example
 * ```ts
 * import type { CustomerEvent } from "@clientele/visits"
 *
 * const everyMajor = (invited: CustomerEvent.Invited) => invited.tiers.includes("major")
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Invited = typeof Invited.Type

/** What an event is from its creation on: the fields of {@link NewEvent}. */
const newEventFields = {
  id: EventId,
  kind: EventKind,
  title: Text(200),
  date: Period.CivilDate,
  zone: Period.TimeZone,
  venue: Text(500),
  invited: Invited,
}

/**
 * A customer event (VIS-11): its id, kind, title, date and zone, venue, who is
 * invited, its state, its plan and current approval (and the approvals a re-plan
 * withdrew), the costs committed, the testimonials collected, and the instants it
 * was held, closed or cancelled.
 *
 * @example
 * ```ts
 * import type { CustomerEvent } from "@clientele/visits"
 *
 * const canSpend = (event: CustomerEvent.CustomerEvent) => event.state === "approved" || event.state === "held"
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const CustomerEvent = Schema.Struct({
  ...newEventFields,
  state: EventState,
  plan: Schema.optional(EventPlan),
  approval: Schema.optional(Approval),
  earlierApprovals: Schema.Array(Approval),
  costs: Schema.Array(CommittedCost),
  testimonials: Schema.Array(Testimonial),
  heldAt: Schema.optional(Period.Instant),
  closedAt: Schema.optional(Period.Instant),
  cancelledAt: Schema.optional(Period.Instant),
}).pipe(Schema.annotations({ identifier: "CustomerEvent" }))

/**
 * The type of {@link CustomerEvent}.
 *
 * @example
 * ```ts
 * import type { CustomerEvent } from "@clientele/visits"
 *
 * const title = (event: CustomerEvent.CustomerEvent) => event.title
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type CustomerEvent = typeof CustomerEvent.Type

/**
 * What {@link create} needs: the event's id, kind, title, date, zone, venue and
 * who is invited.
 *
 * @example
 * ```ts
 * import { CustomerEvent } from "@clientele/visits"
 *
 * const input: typeof CustomerEvent.NewEvent.Encoded = {
 *   id: "evt-1",
 *   kind: "memberGathering",
 *   title: "Spring tasting",
 *   date: "2025-05-17",
 *   zone: "Europe/Paris",
 *   venue: "Main store, first floor",
 *   invited: { customers: [], tiers: ["general"] },
 * }
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const NewEvent = Schema.Struct(newEventFields).pipe(
  Schema.annotations({ identifier: "NewEvent" }),
)

/**
 * Creates a draft event from untrusted input, failing with a `ValidationError`
 * that names each invalid field.
 *
 * @example
 * ```ts
 * import { CustomerEvent } from "@clientele/visits"
 *
 * const event = CustomerEvent.create({
 *   id: "evt-1",
 *   kind: "majorCustomerGathering",
 *   title: "Annual major-customer dinner",
 *   date: "2025-11-20",
 *   zone: "Europe/Paris",
 *   venue: "Hôtel du Parc",
 *   invited: { customers: [], tiers: ["major"] },
 * }) // Right({ state: "draft", costs: [], testimonials: [], … })
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const create = (input: unknown): Either.Either<CustomerEvent, Errors.ValidationError> =>
  Either.map(Errors.decodeEither(NewEvent)(input), (fields) => ({
    ...fields,
    state: "draft" as const,
    earlierApprovals: [],
    costs: [],
    testimonials: [],
  }))

const invalidTransition = (event: CustomerEvent, attempted: string) =>
  Either.left(
    new Errors.InvalidTransitionError({ entity: "CustomerEvent", state: event.state, attempted }),
  )

/**
 * The sum of the costs committed for an event, in the budget's currency (zero when
 * none); `undefined` for an event without a plan, which has no currency yet, and
 * for costs that cannot be added up (in another currency, or too large: only an
 * event assembled outside {@link commitCost} can hold such costs).
 *
 * @example
 * ```ts
 * import { CustomerEvent } from "@clientele/visits"
 *
 * declare const event: CustomerEvent.CustomerEvent
 * CustomerEvent.committedTotal(event)?.amount
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export const committedTotal = (event: CustomerEvent): Money.Money | undefined => {
  const currency = event.plan?.budget.total.currency ?? event.approval?.budget.currency
  if (currency === undefined) return undefined
  return Either.getOrUndefined(
    Money.sum(
      event.costs.map((cost) => cost.amount),
      currency,
    ),
  )
}

/**
 * Plans an event (VIS-11): validates the plan (the budget has one currency, no
 * negative line, and a total equal to the sum of its lines) and records it. A
 * draft gets its plan; an approved event gets a revised plan, its approval is
 * withdrawn (kept in `earlierApprovals`) and it returns to draft, so that a new
 * budget is approved again before another cost is committed — this is how a
 * budget is raised. A revised budget must cover the costs already committed, in
 * their currency.
 *
 * @example
 * ```ts
 * import { CustomerEvent } from "@clientele/visits"
 *
 * declare const draft: CustomerEvent.CustomerEvent
 * const planned = CustomerEvent.plan(draft, {
 *   agenda: [{ title: "Welcome", time: "18:00" }],
 *   budget: { lines: [{ item: "catering", amount: { amount: 50000, currency: "EUR" } }], total: { amount: 50000, currency: "EUR" } },
 *   plannedBy: "mia",
 *   plannedAt: Date.UTC(2025, 0, 10),
 * })
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const plan = (
  event: CustomerEvent,
  input: unknown,
): Either.Either<CustomerEvent, Errors.ValidationError | Errors.InvalidTransitionError> => {
  if (event.state !== "draft" && event.state !== "approved") return invalidTransition(event, "plan")
  const decoded = Errors.decodeEither(EventPlan)(input)
  if (Either.isLeft(decoded)) return Either.left(decoded.left)
  const next = decoded.right
  if (event.costs.length > 0) {
    const committed = committedTotal(event)
    const total = next.budget.total
    if (committed !== undefined && committed.currency !== total.currency)
      return Either.left(
        Errors.ValidationError.fromIssues([
          {
            path: ["budget", "total"],
            message: `costs were committed in ${committed.currency}: the budget stays in ${committed.currency} (VIS-11)`,
          },
        ]),
      )
    if (committed !== undefined && total.amount < committed.amount)
      return Either.left(
        Errors.ValidationError.fromIssues([
          {
            path: ["budget", "total"],
            message: `the budget ${Money.toDecimal(total)} is below the ${Money.toDecimal(committed)} already committed (VIS-11)`,
          },
        ]),
      )
  }
  const { approval, ...rest } = event
  return Either.right({
    ...rest,
    state: "draft",
    plan: next,
    earlierApprovals:
      approval === undefined ? event.earlierApprovals : [...event.earlierApprovals, approval],
  })
}

/**
 * Approves a planned draft (VIS-11), recording who, when and the budget total
 * approved. Refused with `MissingBudgetError` when the event has no plan and
 * budget, `ApproverIsPlannerError` when the approver planned it, and
 * `InvalidTransitionError` unless the event is a draft.
 *
 * @remarks
 * RULES.md requires an approval but does not say by whom: the default is the
 * four-eyes rule — the approver is never the person who planned the budget.
 *
 * @example
 * ```ts
 * import { Ids } from "@clientele/core"
 * import { CustomerEvent } from "@clientele/visits"
 *
 * declare const planned: CustomerEvent.CustomerEvent
 * CustomerEvent.approve(planned, Ids.StaffId.make("director"), Date.UTC(2025, 0, 12))
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const approve = (
  event: CustomerEvent,
  approver: Ids.StaffId,
  at: number,
): Either.Either<
  CustomerEvent,
  MissingBudgetError | ApproverIsPlannerError | Errors.InvalidTransitionError
> => {
  if (event.state !== "draft") return invalidTransition(event, "approve")
  if (event.plan === undefined) return Either.left(new MissingBudgetError({ eventId: event.id }))
  if (event.plan.plannedBy === approver)
    return Either.left(new ApproverIsPlannerError({ eventId: event.id, staffId: approver }))
  return Either.right({
    ...event,
    state: "approved",
    approval: { by: approver, at, budget: event.plan.budget.total },
  })
}

/**
 * Commits a cost for an event (VIS-11). Refused with `CostBeforeApprovalError`
 * while the event is a draft (not approved, or re-planned and not approved
 * again), `OverBudgetError` when the costs committed would exceed the approved
 * budget (equal is allowed; raise the budget by re-planning and re-approving),
 * `Money.CurrencyMismatchError` for a cost in another currency, a
 * `ValidationError` for an invalid cost, and `InvalidTransitionError` once the
 * event is closed or cancelled. Costs may still be committed after the event was
 * held (the invoices of the day).
 *
 * @example
 * ```ts
 * import { Ids, Money } from "@clientele/core"
 * import { CustomerEvent } from "@clientele/visits"
 *
 * declare const approved: CustomerEvent.CustomerEvent
 * CustomerEvent.commitCost(approved, {
 *   item: "venue deposit",
 *   amount: Money.make(50000, "EUR"),
 *   committedAt: Date.UTC(2025, 1, 1),
 *   by: Ids.StaffId.make("mia"),
 * })
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const commitCost = (
  event: CustomerEvent,
  cost: CommittedCost,
): Either.Either<
  CustomerEvent,
  | CostBeforeApprovalError
  | OverBudgetError
  | Money.CurrencyMismatchError
  | Money.MoneyOverflowError
  | Errors.ValidationError
  | Errors.InvalidTransitionError
> => {
  if (event.state === "closed" || event.state === "cancelled")
    return invalidTransition(event, "commitCost")
  const approval = event.approval
  if (event.state === "draft" || approval === undefined)
    return Either.left(
      new CostBeforeApprovalError({ eventId: event.id, state: event.state, item: cost.item }),
    )
  const valid = Schema.validateEither(CommittedCost, { errors: "all" })(cost)
  if (Either.isLeft(valid)) return Either.left(Errors.ValidationError.fromParseError(valid.left))
  const committed = Money.sum(
    event.costs.map((earlier) => earlier.amount),
    approval.budget.currency,
  )
  if (Either.isLeft(committed)) return Either.left(committed.left)
  const after = Money.add(committed.right, cost.amount)
  if (Either.isLeft(after)) return Either.left(after.left)
  if (after.right.amount > approval.budget.amount)
    return Either.left(
      new OverBudgetError({
        eventId: event.id,
        approved: approval.budget,
        committed: committed.right,
        requested: cost.amount,
      }),
    )
  return Either.right({ ...event, costs: [...event.costs, cost] })
}

/**
 * Records that an approved event took place.
 *
 * @example
 * ```ts
 * import { CustomerEvent } from "@clientele/visits"
 *
 * declare const approved: CustomerEvent.CustomerEvent
 * CustomerEvent.markHeld(approved, Date.UTC(2025, 4, 17, 22))
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const markHeld = (
  event: CustomerEvent,
  at: number,
): Either.Either<CustomerEvent, Errors.InvalidTransitionError> =>
  event.state === "approved"
    ? Either.right({ ...event, state: "held", heldAt: at })
    : invalidTransition(event, "markHeld")

/**
 * Records a testimonial collected at a held event (VIS-11: testimonials are kept
 * with the event). Refused with `InvalidTransitionError` unless the event is held
 * (not before it took place, nor once it is closed), and with a
 * `ValidationError` for an invalid testimonial.
 *
 * @example
 * ```ts
 * import { Ids } from "@clientele/core"
 * import { CustomerEvent } from "@clientele/visits"
 *
 * declare const held: CustomerEvent.CustomerEvent
 * CustomerEvent.recordTestimonial(held, {
 *   customerId: Ids.CustomerId.make("cus-1"),
 *   text: "Wonderful evening.",
 *   consentToPublish: false,
 *   collectedAt: Date.UTC(2025, 4, 17, 21),
 * })
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const recordTestimonial = (
  event: CustomerEvent,
  testimonial: Testimonial,
): Either.Either<CustomerEvent, Errors.ValidationError | Errors.InvalidTransitionError> => {
  if (event.state !== "held") return invalidTransition(event, "recordTestimonial")
  const valid = Schema.validateEither(Testimonial, { errors: "all" })(testimonial)
  if (Either.isLeft(valid)) return Either.left(Errors.ValidationError.fromParseError(valid.left))
  return Either.right({ ...event, testimonials: [...event.testimonials, testimonial] })
}

/**
 * Closes a held event: its costs and testimonials stay with it as its archive.
 *
 * @example
 * ```ts
 * import { CustomerEvent } from "@clientele/visits"
 *
 * declare const held: CustomerEvent.CustomerEvent
 * CustomerEvent.close(held, Date.UTC(2025, 5, 30))
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const close = (
  event: CustomerEvent,
  at: number,
): Either.Either<CustomerEvent, Errors.InvalidTransitionError> =>
  event.state === "held"
    ? Either.right({ ...event, state: "closed", closedAt: at })
    : invalidTransition(event, "close")

/**
 * Cancels a draft or approved event; costs already committed stay recorded.
 *
 * @example
 * ```ts
 * import { CustomerEvent } from "@clientele/visits"
 *
 * declare const approved: CustomerEvent.CustomerEvent
 * CustomerEvent.cancel(approved, Date.UTC(2025, 3, 1))
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const cancel = (
  event: CustomerEvent,
  at: number,
): Either.Either<CustomerEvent, Errors.InvalidTransitionError> =>
  event.state === "draft" || event.state === "approved"
    ? Either.right({ ...event, state: "cancelled", cancelledAt: at })
    : invalidTransition(event, "cancel")

/**
 * The testimonials of an event that the customer consented to publish.
 *
 * @example
 * ```ts
 * import { CustomerEvent } from "@clientele/visits"
 *
 * declare const closed: CustomerEvent.CustomerEvent
 * CustomerEvent.publishableTestimonials(closed).map((testimonial) => testimonial.customerId)
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export const publishableTestimonials = (event: CustomerEvent): ReadonlyArray<Testimonial> =>
  event.testimonials.filter((testimonial) => testimonial.consentToPublish)

/**
 * One line of the budget report: an event, its state, its planned and approved
 * budgets (absent until planned or approved), the costs committed, what is left
 * of the approved budget, and the number of testimonials kept.
 *
 * @example
 * ```ts
 * import type { CustomerEvent } from "@clientele/visits"
 *
 * const spentShare = (line: CustomerEvent.BudgetReportLine) =>
 *   line.approved === undefined || line.committed === undefined ? 0 : line.committed.amount / line.approved.amount
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export const BudgetReportLine = Schema.Struct({
  eventId: EventId,
  title: Schema.String,
  kind: EventKind,
  state: EventState,
  planned: Schema.optional(Money.Money),
  approved: Schema.optional(Money.Money),
  committed: Schema.optional(Money.Money),
  remaining: Schema.optional(Money.Money),
  testimonials: Schema.Int,
})

/**
 * The type of {@link BudgetReportLine}.
 *
 * @example
 * ```ts
 * import type { CustomerEvent } from "@clientele/visits"
 *
 * const leftover = (line: CustomerEvent.BudgetReportLine) => line.remaining?.amount ?? 0
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export type BudgetReportLine = typeof BudgetReportLine.Type

/**
 * Budget against committed costs, event by event (VIS-11), in the order given.
 *
 * @example
 * ```ts
 * import { CustomerEvent } from "@clientele/visits"
 *
 * declare const events: ReadonlyArray<CustomerEvent.CustomerEvent>
 * CustomerEvent.budgetReport(events).filter((line) => line.remaining?.amount === 0)
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export const budgetReport = (
  events: ReadonlyArray<CustomerEvent>,
): ReadonlyArray<BudgetReportLine> => {
  const out: Array<BudgetReportLine> = []
  for (const event of events) {
    const committed = committedTotal(event)
    const approved = event.approval?.budget
    const remaining =
      approved !== undefined && committed !== undefined
        ? Either.getOrUndefined(Money.subtract(approved, committed))
        : undefined
    out.push({
      eventId: event.id,
      title: event.title,
      kind: event.kind,
      state: event.state,
      ...(event.plan !== undefined ? { planned: event.plan.budget.total } : {}),
      ...(approved !== undefined ? { approved } : {}),
      ...(committed !== undefined ? { committed } : {}),
      ...(remaining !== undefined ? { remaining } : {}),
      testimonials: event.testimonials.length,
    })
  }
  return out
}

/**
 * A cost was to be committed before the event's plan and budget were approved
 * (VIS-11).
 *
 * @example
 * ```ts
 * import { CustomerEvent } from "@clientele/visits"
 *
 * const error = new CustomerEvent.CostBeforeApprovalError({ eventId: "evt-1", state: "draft", item: "venue deposit" })
 * error.rule // "VIS-11"
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class CostBeforeApprovalError extends Schema.TaggedError<CostBeforeApprovalError>(
  "@clientele/visits/CostBeforeApprovalError",
)("CostBeforeApprovalError", {
  eventId: Schema.String,
  state: Schema.String,
  item: Schema.String,
}) {
  /** The rule that refuses it. */
  readonly rule = "VIS-11"
  override get message(): string {
    return `VIS-11: event ${this.eventId} is ${this.state}: its plan and budget must be approved before ${this.item} is committed`
  }
}

/**
 * A cost would bring the committed costs above the approved budget (VIS-11). To
 * spend more, re-plan with a larger budget and have it approved again.
 *
 * @example
 * ```ts
 * import { Money } from "@clientele/core"
 * import { CustomerEvent } from "@clientele/visits"
 *
 * const error = new CustomerEvent.OverBudgetError({
 *   eventId: "evt-1",
 *   approved: Money.make(100000, "EUR"),
 *   committed: Money.make(90000, "EUR"),
 *   requested: Money.make(20000, "EUR"),
 * })
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class OverBudgetError extends Schema.TaggedError<OverBudgetError>(
  "@clientele/visits/OverBudgetError",
)("OverBudgetError", {
  eventId: Schema.String,
  approved: Money.Money,
  committed: Money.Money,
  requested: Money.Money,
}) {
  /** The rule that refuses it. */
  readonly rule = "VIS-11"
  override get message(): string {
    const show = (money: Money.Money) => `${Money.toDecimal(money)} ${money.currency}`
    return `VIS-11: event ${this.eventId} has ${show(this.committed)} committed of ${show(this.approved)} approved; ${show(this.requested)} more would exceed the budget — re-plan and re-approve to raise it`
  }
}

/**
 * An event without a plan and budget cannot be approved (VIS-11).
 *
 * @example
 * ```ts
 * import { CustomerEvent } from "@clientele/visits"
 *
 * const error = new CustomerEvent.MissingBudgetError({ eventId: "evt-1" })
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class MissingBudgetError extends Schema.TaggedError<MissingBudgetError>(
  "@clientele/visits/MissingBudgetError",
)("MissingBudgetError", { eventId: Schema.String }) {
  /** The rule that refuses it. */
  readonly rule = "VIS-11"
  override get message(): string {
    return `VIS-11: event ${this.eventId} has no plan and budget to approve`
  }
}

/**
 * The approver planned the event; the approval must come from someone else
 * (VIS-11, four-eyes rule).
 *
 * @example
 * ```ts
 * import { CustomerEvent } from "@clientele/visits"
 *
 * const error = new CustomerEvent.ApproverIsPlannerError({ eventId: "evt-1", staffId: "mia" })
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class ApproverIsPlannerError extends Schema.TaggedError<ApproverIsPlannerError>(
  "@clientele/visits/ApproverIsPlannerError",
)("ApproverIsPlannerError", { eventId: Schema.String, staffId: Schema.String }) {
  /** The rule that refuses it. */
  readonly rule = "VIS-11"
  override get message(): string {
    return `VIS-11: ${this.staffId} planned event ${this.eventId} and cannot approve its own budget`
  }
}
