/**
 * Direct routing without layered escalation (CMP-5): the agent determines the
 * responsible department and forwards the complaint straight to its head; only
 * that head assigns a person, at once, and the assignment is fed back to the
 * receiving agent.
 *
 * @since 0.1.0
 */
import { Errors, Ids } from "@clientele/core"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Category from "./Category.js"

/**
 * A department: its head, and the categories it is responsible for (a category
 * covers the categories under it).
 *
 * @example
 * ```ts
 * import { Routing } from "@clientele/complaints"
 * import { Ids } from "@clientele/core"
 *
 * const billing = Routing.Department.make({
 *   id: Ids.DepartmentId.make("billing"),
 *   name: "Billing",
 *   head: Ids.StaffId.make("s-ines"),
 *   categories: ["price"],
 * })
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const Department = Schema.Struct({
  id: Ids.DepartmentId,
  name: Schema.NonEmptyTrimmedString,
  head: Ids.StaffId,
  categories: Schema.Array(Category.CategoryId),
})

/**
 * @example
 * ```ts
 * import type { Routing } from "@clientele/complaints"
 *
 * declare const department: Routing.Department
 * department.head
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Department = typeof Department.Type

/**
 * The departments of a tenant, versioned. Department ids are unique and no
 * category is owned by two departments.
 *
 * @example
 * ```ts
 * import { Routing } from "@clientele/complaints"
 * import * as Schema from "effect/Schema"
 *
 * const directory = Schema.decodeUnknownSync(Routing.Directory)({
 *   version: 1,
 *   departments: [{ id: "store", name: "Store", head: "s-ana", categories: ["product", "service"] }],
 * })
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const Directory = Schema.Struct({
  version: Schema.Int.pipe(Schema.positive()),
  departments: Schema.Array(Department),
}).pipe(
  Schema.filter((directory) => {
    const ids = new Set<string>()
    const owners = new Map<string, string>()
    for (const [i, department] of directory.departments.entries()) {
      if (ids.has(department.id))
        return {
          path: ["departments", i, "id"],
          message: `department ${department.id} is declared twice`,
        }
      ids.add(department.id)
      for (const [j, category] of department.categories.entries()) {
        const owner = owners.get(category)
        if (owner !== undefined)
          return {
            path: ["departments", i, "categories", j],
            message: `category ${category} is already owned by department ${owner}`,
          }
        owners.set(category, department.id)
      }
    }
    return true
  }),
)

/**
 * @example
 * ```ts
 * import type { Routing } from "@clientele/complaints"
 *
 * declare const directory: Routing.Directory
 * directory.departments.length
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Directory = typeof Directory.Type

/**
 * The department responsible for a category: the one owning the most specific
 * category above it (`product/out-of-stock` before `product`), or `None`.
 *
 * @example
 * ```ts
 * import { Routing } from "@clientele/complaints"
 * import * as Schema from "effect/Schema"
 *
 * const directory = Schema.decodeUnknownSync(Routing.Directory)({
 *   version: 1,
 *   departments: [
 *     { id: "store", name: "Store", head: "s-ana", categories: ["product"] },
 *     { id: "stock", name: "Stock", head: "s-bo", categories: ["product/out-of-stock"] },
 *   ],
 * })
 * Routing.responsibleFor(directory, "product/out-of-stock") // Some(stock)
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const responsibleFor = (
  directory: Directory,
  category: string,
): Option.Option<Department> => {
  let best: Department | undefined
  let bestLength = -1
  for (const department of directory.departments) {
    for (const owned of department.categories) {
      if ((category === owned || category.startsWith(`${owned}/`)) && owned.length > bestLength) {
        best = department
        bestLength = owned.length
      }
    }
  }
  return Option.fromNullable(best)
}

/**
 * The department a complaint is forwarded to: the one named, or else the one
 * responsible for its category. Unknown departments and categories nobody owns
 * are `ValidationError`s naming `department` and CMP-5.
 *
 * @example
 * ```ts
 * import { Routing } from "@clientele/complaints"
 * import * as Schema from "effect/Schema"
 *
 * const directory = Schema.decodeUnknownSync(Routing.Directory)({
 *   version: 1,
 *   departments: [{ id: "store", name: "Store", head: "s-ana", categories: ["product"] }],
 * })
 * Routing.destination(directory, "product", undefined) // Right(store)
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const destination = (
  directory: Directory,
  category: string,
  department: string | undefined,
): Either.Either<Department, Errors.ValidationError> => {
  const found =
    department === undefined
      ? responsibleFor(directory, category)
      : Option.fromNullable(directory.departments.find((d) => d.id === department))
  return Option.match(found, {
    onSome: Either.right,
    onNone: () =>
      Either.left(
        Errors.ValidationError.fromIssues([
          {
            path: ["department"],
            message:
              department === undefined
                ? `no department is responsible for category ${category} (CMP-5: name one)`
                : `unknown department ${department} (CMP-5)`,
          },
        ]),
      ),
  })
}

/**
 * Checks that `actor` is the head of the department a complaint was routed to:
 * only the head assigns (no layered escalation), else a `PolicyViolationError`
 * naming CMP-5.
 *
 * @example
 * ```ts
 * import { Routing } from "@clientele/complaints"
 * import { Ids } from "@clientele/core"
 *
 * Routing.checkAssigner(Ids.StaffId.make("s-ana"), Ids.StaffId.make("s-bo")) // Left(PolicyViolationError)
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const checkAssigner = (
  head: Ids.StaffId,
  actor: Ids.StaffId,
): Either.Either<Ids.StaffId, Errors.PolicyViolationError> =>
  head === actor
    ? Either.right(actor)
    : Either.left(
        new Errors.PolicyViolationError({
          rule: "CMP-5",
          message: `only the department head ${head} assigns this complaint, not ${actor}`,
        }),
      )
