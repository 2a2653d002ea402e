/**
 * Movement in the loyalty matrix between two periods (LOY-4): each current
 * customer's transition from its previous loyalty type (or from outside the
 * previous population), and a 4 × 4 transition matrix of counts for the customers
 * present in both periods, with the number who entered and who left.
 *
 * Customers are matched by id, so the two populations may differ in order and
 * membership; a type is read from its code, as in `Loyalty.loyaltyTypes`. The
 * result is plain data, ready to be stored, rendered or summed.
 *
 * @since 0.1.0
 */
import type { Errors } from "@clientele/core"
import * as Either from "effect/Either"
import { invalid } from "./internal/figures.js"
import { isAtLeastAsLoyal, type LoyaltyType, loyaltyTypes } from "./Loyalty.js"

/**
 * A population's loyalty types by customer: `types[i]` is the code of customer
 * `customerIds[i]`. A `Loyalty.PeriodClassification` is one.
 *
 * @example
 * ```ts
 * import type { Transition } from "@clientele/loyalty"
 *
 * const snapshot: Transition.Snapshot = { customerIds: ["cus-1", "cus-2"], types: Uint8Array.of(3, 0) }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Snapshot {
  /** The population's customers, each once. */
  readonly customerIds: ReadonlyArray<string>
  /** Each customer's loyalty type code (0 … 3), indexed like `customerIds`. */
  readonly types: ArrayLike<number>
}

/**
 * One customer's move: its type in the previous period (`null` when it was not in
 * the previous population) and in the current one.
 *
 * @example
 * ```ts
 * import type { Transition } from "@clientele/loyalty"
 *
 * const transition: Transition.Transition = { customerId: "cus-1", from: "inertial", to: "high" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Transition {
  /** The customer. */
  readonly customerId: string
  /** Its previous type, or `null` when it was not in the previous population. */
  readonly from: LoyaltyType | null
  /** Its current type. */
  readonly to: LoyaltyType
}

/**
 * The movement between two periods: one {@link Transition} per current customer
 * (in the current order); `matrix[from][to]` counts the customers present in both
 * periods by previous and current type, both in `Loyalty.loyaltyTypes` order;
 * `entered` counts current customers absent from the previous period and `left`
 * previous customers absent now.
 *
 * @example
 * ```ts
 * import type { Transition } from "@clientele/loyalty"
 *
 * declare const movement: Transition.Movement
 * movement.matrix[2]?.[3] // inertial → high
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Movement {
  /** One transition per current customer, in the current order. */
  readonly transitions: ReadonlyArray<Transition>
  /** `matrix[from][to]`: customers in both periods by previous and current type code. */
  readonly matrix: ReadonlyArray<ReadonlyArray<number>>
  /** Current customers who were not in the previous population. */
  readonly entered: number
  /** Previous customers who are not in the current population. */
  readonly left: number
}

const checkSnapshot = (
  name: "previous" | "current",
  snapshot: Snapshot,
): Errors.ValidationError | undefined => {
  const { customerIds, types } = snapshot
  if (types.length !== customerIds.length) {
    return invalid(
      [name, "types"],
      `has ${types.length} entries for ${customerIds.length} customer ids`,
    )
  }
  for (let i = 0; i < types.length; i++) {
    const code = types[i] as number
    if (!(code === 0 || code === 1 || code === 2 || code === 3)) {
      return invalid([name, "types", i], `${String(code)} is not a loyalty type code (0 to 3)`)
    }
  }
  return undefined
}

/** Each id's position; a repeated id is a `ValidationError` naming its index. */
const indexIds = (
  name: "previous" | "current",
  customerIds: ReadonlyArray<string>,
): Either.Either<Map<string, number>, Errors.ValidationError> => {
  const index = new Map<string, number>()
  for (let i = 0; i < customerIds.length; i++) {
    const id = customerIds[i] as string
    if (index.has(id)) {
      return Either.left(invalid([name, "customerIds", i], `customer ${id} is listed twice`))
    }
    index.set(id, i)
  }
  return Either.right(index)
}

/**
 * Compares two periods' loyalty types (LOY-4): each current customer's transition,
 * the transition matrix of the customers in both periods, and the counts that
 * entered and left. A snapshot whose types are not codes 0 … 3, whose lengths
 * differ, or that lists a customer twice is a `ValidationError` naming `previous`
 * or `current`, the field and the index.
 *
 * @example
 * ```ts
 * import { Transition } from "@clientele/loyalty"
 * import * as Either from "effect/Either"
 *
 * const movement = Either.getOrThrow(
 *   Transition.between(
 *     { customerIds: ["cus-1", "cus-2", "cus-3"], types: Uint8Array.of(2, 3, 0) },
 *     { customerIds: ["cus-1", "cus-2", "cus-4"], types: Uint8Array.of(3, 3, 1) },
 *   ),
 * )
 * movement.transitions[0] // { customerId: "cus-1", from: "inertial", to: "high" }
 * movement.matrix[2]?.[3] // 1
 * movement.entered // 1: cus-4
 * movement.left // 1: cus-3
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const between = (
  previous: Snapshot,
  current: Snapshot,
): Either.Either<Movement, Errors.ValidationError> => {
  const failure = checkSnapshot("previous", previous) ?? checkSnapshot("current", current)
  if (failure !== undefined) return Either.left(failure)
  return Either.flatMap(indexIds("current", current.customerIds), () =>
    Either.map(indexIds("previous", previous.customerIds), (previousIndex) => {
      const matrix = loyaltyTypes.map(() => [0, 0, 0, 0])
      const transitions: Array<Transition> = new Array(current.customerIds.length)
      let entered = 0
      let stayed = 0
      for (let i = 0; i < current.customerIds.length; i++) {
        const customerId = current.customerIds[i] as string
        const to = current.types[i] as number
        const at = previousIndex.get(customerId)
        if (at === undefined) {
          entered++
          transitions[i] = { customerId, from: null, to: loyaltyTypes[to] as LoyaltyType }
          continue
        }
        const from = previous.types[at] as number
        stayed++
        const row = matrix[from] as Array<number>
        row[to] = (row[to] as number) + 1
        transitions[i] = {
          customerId,
          from: loyaltyTypes[from] as LoyaltyType,
          to: loyaltyTypes[to] as LoyaltyType,
        }
      }
      return { transitions, matrix, entered, left: previous.customerIds.length - stayed }
    }),
  )
}

/**
 * The transitions of customers who were in the previous period and changed type.
 *
 * @example
 * ```ts
 * import { Transition } from "@clientele/loyalty"
 *
 * Transition.moved([
 *   { customerId: "cus-1", from: "inertial", to: "high" },
 *   { customerId: "cus-2", from: "high", to: "high" },
 *   { customerId: "cus-3", from: null, to: "zero" },
 * ]) // [{ customerId: "cus-1", from: "inertial", to: "high" }]
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const moved = (transitions: ReadonlyArray<Transition>): Array<Transition> =>
  transitions.filter((transition) => transition.from !== null && transition.from !== transition.to)

/**
 * The direction of a transition in the loyalty order: `up` when the customer kept
 * every high axis and gained one, `down` when it lost one and gained none, `across`
 * between latent and inertial (one axis traded for the other), `unchanged`, or
 * `entered` for a customer new to the population.
 *
 * @example
 * ```ts
 * import { Transition } from "@clientele/loyalty"
 *
 * Transition.directionOf({ customerId: "cus-1", from: "inertial", to: "high" }) // "up"
 * Transition.directionOf({ customerId: "cus-2", from: "latent", to: "inertial" }) // "across"
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const directionOf = (
  transition: Transition,
): "entered" | "unchanged" | "up" | "down" | "across" => {
  const { from, to } = transition
  if (from === null) return "entered"
  if (from === to) return "unchanged"
  if (isAtLeastAsLoyal(to, from)) return "up"
  if (isAtLeastAsLoyal(from, to)) return "down"
  return "across"
}

/**
 * The number of customers in both periods: the sum of the transition matrix.
 *
 * @example
 * ```ts
 * import { Transition } from "@clientele/loyalty"
 * import * as Either from "effect/Either"
 *
 * const movement = Either.getOrThrow(
 *   Transition.between(
 *     { customerIds: ["cus-1", "cus-2"], types: Uint8Array.of(0, 1) },
 *     { customerIds: ["cus-2", "cus-3"], types: Uint8Array.of(3, 0) },
 *   ),
 * )
 * Transition.stayed(movement) // 1
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export const stayed = (movement: Movement): number => {
  let total = 0
  for (const row of movement.matrix) for (const count of row) total += count
  return total
}
