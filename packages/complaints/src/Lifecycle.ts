/**
 * The complaint lifecycle as an explicit state machine (CMP-5): received →
 * acknowledged → routed to the responsible department's head → assigned to a
 * person → in progress (⇄ waiting on the customer) → resolved → followed up →
 * closed, with reopening. There is no escalation step: a complaint goes straight
 * to the head of the department that owns it, and re-routing goes straight to
 * another head.
 *
 * @since 0.1.0
 */
import { Errors } from "@clientele/core"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"

/**
 * The states of a complaint.
 *
 * @example
 * ```ts
 * import { Lifecycle } from "@clientele/complaints"
 *
 * Lifecycle.State.literals.length // 9
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const State = Schema.Literal(
  "received",
  "acknowledged",
  "routed",
  "assigned",
  "inProgress",
  "waitingOnCustomer",
  "resolved",
  "followedUp",
  "closed",
)

/**
 * @example
 * ```ts
 * import type { Lifecycle } from "@clientele/complaints"
 *
 * const state: Lifecycle.State = "inProgress"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type State = typeof State.Type

/**
 * The steps that move a complaint. `update` (the agent informs the customer),
 * `commit` (a committed resolution time), `changePriority` and `explainRepeat`
 * keep the state.
 *
 * @example
 * ```ts
 * import { Lifecycle } from "@clientele/complaints"
 *
 * Lifecycle.Step.literals.includes("reopen") // true
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const Step = Schema.Literal(
  "receive",
  "acknowledge",
  "route",
  "assign",
  "start",
  "update",
  "commit",
  "waitOnCustomer",
  "customerReplied",
  "changePriority",
  "explainRepeat",
  "resolve",
  "followUp",
  "close",
  "reopen",
)

/**
 * @example
 * ```ts
 * import type { Lifecycle } from "@clientele/complaints"
 *
 * const step: Lifecycle.Step = "route"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Step = typeof Step.Type

/**
 * The transition table: for each state, the steps allowed and the state each
 * leads to. A follow-up that finds the problem unsolved reopens the complaint
 * (the service applies `reopen` after `followUp`).
 *
 * @example
 * ```ts
 * import { Lifecycle } from "@clientele/complaints"
 *
 * Lifecycle.transitions.routed.assign // "assigned"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const transitions: {
  readonly [S in State]: { readonly [K in Step]?: State }
} = {
  received: { acknowledge: "acknowledged", changePriority: "received", explainRepeat: "received" },
  acknowledged: {
    route: "routed",
    resolve: "resolved",
    commit: "acknowledged",
    update: "acknowledged",
    changePriority: "acknowledged",
    explainRepeat: "acknowledged",
  },
  routed: {
    route: "routed",
    assign: "assigned",
    commit: "routed",
    update: "routed",
    changePriority: "routed",
    explainRepeat: "routed",
  },
  assigned: {
    route: "routed",
    assign: "assigned",
    start: "inProgress",
    commit: "assigned",
    update: "assigned",
    changePriority: "assigned",
    explainRepeat: "assigned",
  },
  inProgress: {
    route: "routed",
    assign: "inProgress",
    update: "inProgress",
    commit: "inProgress",
    waitOnCustomer: "waitingOnCustomer",
    changePriority: "inProgress",
    explainRepeat: "inProgress",
    resolve: "resolved",
  },
  waitingOnCustomer: {
    customerReplied: "inProgress",
    assign: "waitingOnCustomer",
    update: "waitingOnCustomer",
    changePriority: "waitingOnCustomer",
    explainRepeat: "waitingOnCustomer",
    resolve: "resolved",
  },
  resolved: { followUp: "followedUp", reopen: "inProgress" },
  followedUp: { close: "closed", reopen: "inProgress" },
  closed: { reopen: "inProgress" },
}

/**
 * Whether the complaint still awaits its resolution: from received up to
 * waiting on the customer.
 *
 * @example
 * ```ts
 * import { Lifecycle } from "@clientele/complaints"
 *
 * Lifecycle.isOpen("routed") // true
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const isOpen = (state: State): boolean =>
  state !== "resolved" && state !== "followedUp" && state !== "closed"

/**
 * The state `step` leads to from `state`, or an `InvalidTransitionError` naming
 * both.
 *
 * @example
 * ```ts
 * import { Lifecycle } from "@clientele/complaints"
 *
 * Lifecycle.next("received", "acknowledge") // Right("acknowledged")
 * Lifecycle.next("received", "close") // Left(InvalidTransitionError: complaint in state received cannot close)
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const next = (
  state: State,
  step: Step,
): Either.Either<State, Errors.InvalidTransitionError> => {
  const to = transitions[state][step]
  return to === undefined
    ? Either.left(
        new Errors.InvalidTransitionError({ entity: "complaint", state, attempted: step }),
      )
    : Either.right(to)
}

/**
 * The steps allowed from a state.
 *
 * @example
 * ```ts
 * import { Lifecycle } from "@clientele/complaints"
 *
 * Lifecycle.allowedSteps("resolved") // ["followUp", "reopen"]
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const allowedSteps = (state: State): ReadonlyArray<Step> =>
  Object.keys(transitions[state]) as Array<Step>
