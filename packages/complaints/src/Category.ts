/**
 * What a complaint is about (CMP-1), how it arrived (CMP-2), how bad it is and how
 * urgent: the shared vocabulary of the complaints package.
 *
 * Categories form a small taxonomy: every category belongs to one of the three
 * kinds of RULES.md — product, price, service — and a tenant may add its own
 * categories under those kinds (`Taxonomy`). A complaint naming a category the
 * taxonomy does not know is refused with a `ValidationError` on `category`.
 *
 * @since 0.1.0
 */
import { Errors } from "@clientele/core"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"

/**
 * The three kinds of complaint of CMP-1.
 *
 * @example
 * ```ts
 * import { Category } from "@clientele/complaints"
 *
 * Category.Kind.literals // ["product", "price", "service"]
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const Kind = Schema.Literal("product", "price", "service")

/**
 * @example
 * ```ts
 * import type { Category } from "@clientele/complaints"
 *
 * const kind: Category.Kind = "service"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Kind = typeof Kind.Type

/**
 * A category's identifier: lower-case words joined by `-`, optionally under a
 * parent with `/` (`product/out-of-stock`).
 *
 * @example
 * ```ts
 * import { Category } from "@clientele/complaints"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(Category.CategoryId)("product/out-of-stock") // true
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const CategoryId = Schema.String.pipe(
  Schema.pattern(/^[a-z0-9]+(?:-[a-z0-9]+)*(?:\/[a-z0-9]+(?:-[a-z0-9]+)*)*$/),
  Schema.maxLength(100),
  Schema.annotations({
    identifier: "CategoryId",
    message: () =>
      "a category id is lower-case words joined by '-', with '/' under a parent (e.g. product/out-of-stock)",
  }),
)

/**
 * @example
 * ```ts
 * import type { Category } from "@clientele/complaints"
 *
 * const id: Category.CategoryId = "price/after-purchase"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type CategoryId = typeof CategoryId.Type

/**
 * One category of the taxonomy. `outOfStock` marks product categories whose
 * complaints carry the wanted variant (CMP-8).
 *
 * @example
 * ```ts
 * import { Category } from "@clientele/complaints"
 *
 * const sizes = Category.Definition.make({ id: "product/wrong-size", kind: "product", label: "Wrong size" })
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const Definition = Schema.Struct({
  id: CategoryId,
  kind: Kind,
  label: Schema.NonEmptyTrimmedString,
  outOfStock: Schema.optional(Schema.Boolean),
})

/**
 * @example
 * ```ts
 * import type { Category } from "@clientele/complaints"
 *
 * const late: Category.Definition = { id: "service/long-wait", kind: "service", label: "Long wait" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Definition = typeof Definition.Type

/**
 * The categories every tenant has: the three kinds themselves, out of stock, price
 * after purchase and a long wait.
 *
 * @example
 * ```ts
 * import { Category } from "@clientele/complaints"
 *
 * Category.builtIn.map((category) => category.id)
 * // ["product", "product/out-of-stock", "price", "price/after-purchase", "service", "service/long-wait"]
 * ```
 *
 * @since 0.1.0
 * @category defaults
 */
export const builtIn: ReadonlyArray<Definition> = [
  { id: "product", kind: "product", label: "Product" },
  { id: "product/out-of-stock", kind: "product", label: "Out of stock", outOfStock: true },
  { id: "price", kind: "price", label: "Price" },
  { id: "price/after-purchase", kind: "price", label: "Price dropped after purchase" },
  { id: "service", kind: "service", label: "Service" },
  { id: "service/long-wait", kind: "service", label: "Long wait" },
]

/**
 * A tenant's taxonomy: the built-in categories plus its own. Ids are unique.
 *
 * @example
 * ```ts
 * import { Category } from "@clientele/complaints"
 *
 * const taxonomy = Category.taxonomy([{ id: "service/rude-staff", kind: "service", label: "Rude staff" }])
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const Taxonomy = Schema.Array(Definition).pipe(
  Schema.filter((categories) => {
    const seen = new Set<string>()
    for (const [index, category] of categories.entries()) {
      if (seen.has(category.id))
        return {
          path: [index, "id"],
          message: `category ${category.id} is declared twice`,
        }
      seen.add(category.id)
    }
    return true
  }),
)

/**
 * @example
 * ```ts
 * import type { Category } from "@clientele/complaints"
 *
 * const none: Category.Taxonomy = []
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Taxonomy = typeof Taxonomy.Type

/**
 * The built-in categories plus `custom` ones (which may not redefine a built-in
 * id); throws on an invalid list — use {@link taxonomyEither} for input.
 *
 * @example
 * ```ts
 * import { Category } from "@clientele/complaints"
 *
 * Category.taxonomy([]).length // 6
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const taxonomy = (custom: ReadonlyArray<Definition> = []): Taxonomy =>
  Either.getOrThrow(taxonomyEither(custom))

/**
 * The built-in categories plus `custom` ones, or a `ValidationError`.
 *
 * @example
 * ```ts
 * import { Category } from "@clientele/complaints"
 * import * as Either from "effect/Either"
 *
 * Either.isLeft(Category.taxonomyEither([{ id: "price", kind: "price", label: "Again" }])) // true
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const taxonomyEither = (
  custom: ReadonlyArray<unknown>,
): Either.Either<Taxonomy, Errors.ValidationError> =>
  Errors.decodeEither(Taxonomy)([...builtIn, ...custom])

/**
 * The category with this id, or a `ValidationError` on `path` naming CMP-1.
 *
 * @example
 * ```ts
 * import { Category } from "@clientele/complaints"
 *
 * Category.resolve(Category.builtIn, "price/after-purchase") // Right({ id: "price/after-purchase", kind: "price", ... })
 * ```
 *
 * @since 0.1.0
 * @category lookups
 */
export const resolve = (
  taxonomy: ReadonlyArray<Definition>,
  id: string,
  path: ReadonlyArray<string | number> = ["category"],
): Either.Either<Definition, Errors.ValidationError> => {
  const found = taxonomy.find((category) => category.id === id)
  return found !== undefined
    ? Either.right(found)
    : Either.left(
        Errors.ValidationError.fromIssues([
          {
            path,
            message: `unknown category ${JSON.stringify(id)} (CMP-1: known categories are ${taxonomy
              .map((category) => category.id)
              .join(", ")})`,
          },
        ]),
      )
}

/**
 * The channels complaints arrive through (CMP-2). A tenant's own channel is
 * written `other:<name>` (`other:kiosk`).
 *
 * @example
 * ```ts
 * import { Category } from "@clientele/complaints"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(Category.Channel)("hotline") // true
 * Schema.is(Category.Channel)("other:kiosk") // true
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const Channel = Schema.Union(
  Schema.Literal("hotline", "webForm", "inPerson", "email", "social", "chat", "letter"),
  Schema.TemplateLiteral("other:", Schema.String).pipe(
    Schema.pattern(/^other:[a-z0-9-]{1,40}$/),
    Schema.annotations({ message: () => "a custom channel is written other:<name> (a-z, 0-9, -)" }),
  ),
).annotations({ identifier: "Channel" })

/**
 * @example
 * ```ts
 * import type { Category } from "@clientele/complaints"
 *
 * const channel: Category.Channel = "email"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Channel = typeof Channel.Type

/**
 * How serious the complaint is, from the customer's harm (drives compensation).
 *
 * @example
 * ```ts
 * import { Category } from "@clientele/complaints"
 *
 * Category.Severity.literals // ["minor", "moderate", "major", "critical"]
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const Severity = Schema.Literal("minor", "moderate", "major", "critical")

/**
 * @example
 * ```ts
 * import type { Category } from "@clientele/complaints"
 *
 * const severity: Category.Severity = "major"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Severity = typeof Severity.Type

/**
 * How urgent the handling is (drives SLA targets; may change mid-cycle).
 *
 * @example
 * ```ts
 * import { Category } from "@clientele/complaints"
 *
 * Category.Priority.literals // ["low", "normal", "high", "urgent"]
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const Priority = Schema.Literal("low", "normal", "high", "urgent")

/**
 * @example
 * ```ts
 * import type { Category } from "@clientele/complaints"
 *
 * const priority: Category.Priority = "urgent"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Priority = typeof Priority.Type

/**
 * A customer tier name as the segmentation package assigns it (`gold`, `A`, …).
 *
 * @example
 * ```ts
 * import { Category } from "@clientele/complaints"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(Category.Tier)("gold") // true
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const Tier = Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(40))

/**
 * @example
 * ```ts
 * import type { Category } from "@clientele/complaints"
 *
 * const tier: Category.Tier = "gold"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Tier = typeof Tier.Type
