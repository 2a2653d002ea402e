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
 * The annotation id of the value a personal field takes when it is erased, for a
 * field whose refinement the default token (`"[erased]"`) would fail (see
 * {@link erasedAs}).
 *
 * @example
 * ```ts
 * import { Personal } from "@clientele/core"
 * import * as Schema from "effect/Schema"
 *
 * const Email = Schema.String.annotations({ [Personal.ErasedValueAnnotationId]: "erased@invalid" })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ErasedValueAnnotationId: unique symbol = Symbol.for("@clientele/core/ErasedValue")

/**
 * Gives a personal field the (encoded) value it takes when erased — a valid address
 * for an e-mail field whose pattern `"[erased]"` fails, sixty-four zeros for a
 * SHA-256 field — so that a package keeps its own refinements and its records stay
 * erasable (`@clientele/archive`'s redaction reads it).
 *
 * @example
 * ```ts
 * import { Personal } from "@clientele/core"
 * import * as Schema from "effect/Schema"
 *
 * const Email = Personal.personal(Schema.String.pipe(Schema.pattern(/^[^\s@]+@[^\s@]+$/))).pipe(
 *   Personal.erasedAs("erased@invalid"),
 * )
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const erasedAs =
  (value: unknown) =>
  <S extends Schema.Annotable.All>(schema: S): Schema.Annotable.Self<S> =>
    schema.annotations({ [ErasedValueAnnotationId]: value })

/**
 * The erased value of an e-mail field: an address in the reserved `.invalid` domain
 * (RFC 2606), which passes the usual patterns and reaches no one.
 *
 * @example
 * ```ts
 * import { Personal } from "@clientele/core"
 * import * as Schema from "effect/Schema"
 *
 * const Email = Personal.personal(Schema.String).pipe(Personal.erasedAs(Personal.ERASED_EMAIL))
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const ERASED_EMAIL = "erased@erased.invalid"

/**
 * The erased value of a phone field: country code 0, which no number has, so it
 * passes the usual patterns and reaches no one.
 *
 * @example
 * ```ts
 * import { Personal } from "@clientele/core"
 * import * as Schema from "effect/Schema"
 *
 * const Phone = Personal.personal(Schema.String).pipe(Personal.erasedAs(Personal.ERASED_PHONE))
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const ERASED_PHONE = "+0 000"

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
