/**
 * The one shared marker for personal data (DESIGN.md rule 10, used by ARC-4).
 *
 * Every schema field that holds personal data (names, contact details, free text
 * about a person, signatures) is wrapped in {@link personal}. Retention and erasure
 * find those fields by walking a schema's AST with {@link isPersonal}, so a new
 * package is covered by marking its fields, not by new erasure code.
 *
 * @since 0.1.0
 */
import type * as Schema from "effect/Schema"
import type * as AST from "effect/SchemaAST"

/**
 * The schema annotation id that marks personal data.
 *
 * @example
 * ```ts
 * import { Personal } from "@clientele/core"
 * import * as Schema from "effect/Schema"
 *
 * const Name = Schema.String.annotations({ [Personal.PersonalAnnotationId]: true })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const PersonalAnnotationId: unique symbol = Symbol.for("@clientele/core/Personal")

/**
 * Marks a schema (typically a field of a struct) as holding personal data.
 *
 * @example
 * ```ts
 * import { Personal } from "@clientele/core"
 * import * as Schema from "effect/Schema"
 *
 * const Contact = Schema.Struct({
 *   name: Personal.personal(Schema.NonEmptyString),
 *   email: Schema.optional(Personal.personal(Schema.String)),
 *   tier: Schema.Literal("major", "general", "potential"),
 * })
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const personal = <S extends Schema.Annotable.All>(schema: S): Schema.Annotable.Self<S> =>
  schema.annotations({ [PersonalAnnotationId]: true })

/**
 * Whether a schema node, or a struct property signature, is marked personal. The
 * mark is found through what wraps a marked schema without changing its content:
 * refinements, transformations (either side), unions (a union is personal when any
 * member is, which covers optional and nullable fields) and property signatures.
 *
 * @example
 * ```ts
 * import { Personal } from "@clientele/core"
 * import * as Schema from "effect/Schema"
 * import * as AST from "effect/SchemaAST"
 *
 * const Contact = Schema.Struct({ name: Personal.personal(Schema.String), tier: Schema.String })
 * const marked = AST.getPropertySignatures(Contact.ast)
 *   .filter(Personal.isPersonal)
 *   .map((field) => field.name) // ["name"]
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const isPersonal = (node: AST.AST | AST.PropertySignature): boolean => {
  if (node.annotations[PersonalAnnotationId] === true) return true
  if (!("_tag" in node)) return isPersonal(node.type)
  switch (node._tag) {
    case "Refinement":
      return isPersonal(node.from)
    case "Transformation":
      return isPersonal(node.to) || isPersonal(node.from)
    case "Union":
      return node.types.some(isPersonal)
    default:
      return false
  }
}
