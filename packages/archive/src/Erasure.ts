/**
 * Erasure of a person's data, driven by the personal-data marks of the schemas
 * (ARC-4): where a schema holds personal data ({@link personalPaths}), a copy of a
 * document with every personal value replaced ({@link redact}), and the plan that
 * answers an erasure request (GDPR Art. 17) over the records of every package
 * ({@link planErasure}).
 *
 * Everything here is pure: no store, no clock. A later service walks every
 * collection, asks {@link planErasure} what to do with each record the subject
 * appears in, carries out the deletions and anonymisations (anonymising with
 * {@link redact}) and files the plan's evidence, which names the subject only by a
 * keyed hash ({@link maskSubject}) so that an append-only audit trail never holds
 * the raw identifier.
 *
 * @since 0.1.0
 */
import { Civil, Digest, Errors, Ids, Period, Personal, Zone } from "@clientele/core"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"
import * as Retention from "./Retention.js"

// --- Paths ----------------------------------------------------------------------------

/**
 * The path segment that stands for every element of an array (or tuple rest) and
 * every value of a record (index signature).
 *
 * @example
 * ```ts
 * import { Erasure } from "@clientele/archive"
 *
 * const everyAuthor = ["history", Erasure.EVERY, "by"]
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const EVERY = "*"

/**
 * The last segment of a path that reaches a recursive schema again: from there on,
 * the personal paths of that schema (found higher up the same path) apply again, at
 * any depth.
 *
 * @example
 * ```ts
 * import { Erasure } from "@clientele/archive"
 *
 * const deeperReplies = ["replies", Erasure.EVERY, Erasure.RECURSION]
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const RECURSION = "**"

/**
 * A path into an encoded document: property names, tuple positions (`"0"`, `"1"`),
 * {@link EVERY} for every element or record value, and {@link RECURSION} as the last
 * segment where a recursive schema repeats. The empty path is the whole document.
 *
 * @example
 * ```ts
 * import { Erasure } from "@clientele/archive"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(Erasure.Path)(["customer", "email"]) // true
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Path = Schema.Array(Schema.String).annotations({ identifier: "ErasurePath" })

/**
 * The type of a {@link Path}.
 *
 * @example
 * ```ts
 * import type { Erasure } from "@clientele/archive"
 *
 * const path: Erasure.Path = ["history", "*", "note"]
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Path = typeof Path.Type

/**
 * What a walk looks for: fields marked with core's `Personal.personal` (`personal`,
 * default `true`) and fields whose schema is one of the named identifiers
 * (`identifiers`, e.g. `["StaffId"]`: the branded ids of core's `Ids` carry their
 * name as identifier and brand), which is how records reference a member of staff.
 * `subjectIds` are the people whose references are meant: {@link redact} replaces a
 * reference only where its value is one of them, so that erasing one technician
 * leaves a colleague's id on the same report; a personal field is replaced whole,
 * whoever it is about. Finding paths ({@link personalPaths}) ignores `subjectIds`.
 *
 * @example
 * ```ts
 * import { Erasure } from "@clientele/archive"
 * import * as Schema from "effect/Schema"
 *
 * const technicianSeven = Schema.decodeUnknownSync(Erasure.Targets)({
 *   personal: false,
 *   identifiers: ["StaffId"],
 *   subjectIds: ["tech_7"],
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Targets = Schema.Struct({
  personal: Schema.optional(Schema.Boolean),
  identifiers: Schema.optional(Schema.Array(Schema.String)),
  subjectIds: Schema.optional(Schema.Array(Schema.String)),
}).annotations({ identifier: "ErasureTargets" })

/**
 * The type of {@link Targets}.
 *
 * @example
 * ```ts
 * import type { Erasure } from "@clientele/archive"
 *
 * const technicianSeven: Erasure.Targets = {
 *   personal: false,
 *   identifiers: ["StaffId"],
 *   subjectIds: ["tech_7"],
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Targets = typeof Targets.Type

/** Why a node is a target: a personal mark (replaced whole) or a reference by id. */
type Mark = "personal" | "reference" | undefined

type Marked = (annotated: AST.Annotated) => boolean

const markOf = (targets: Targets | undefined): ((annotated: AST.Annotated) => Mark) => {
  const personal = targets?.personal ?? true
  const identifiers = targets?.identifiers ?? []
  return (annotated) => {
    const annotations = annotated.annotations
    if (personal && annotations[Personal.PersonalAnnotationId] === true) return "personal"
    if (identifiers.length === 0) return undefined
    const identifier = annotations[AST.IdentifierAnnotationId]
    if (typeof identifier === "string" && identifiers.includes(identifier)) return "reference"
    const brands = annotations[AST.BrandAnnotationId]
    if (Array.isArray(brands))
      for (const brand of brands)
        if (typeof brand === "string" && identifiers.includes(brand)) return "reference"
    return undefined
  }
}

const markerOf = (targets: Targets | undefined): Marked => {
  const mark = markOf(targets)
  return (annotated) => mark(annotated) !== undefined
}

/** The encoded key of each type-side key a struct transformation renames (`Schema.fromKey`). */
const renamesOf = (
  transformation: AST.TransformationKind,
): ReadonlyMap<PropertyKey, PropertyKey> => {
  const renames = new Map<PropertyKey, PropertyKey>()
  if (transformation._tag === "TypeLiteralTransformation")
    for (const step of transformation.propertySignatureTransformations)
      if (step.from !== step.to) renames.set(step.to, step.from)
  return renames
}

const NO_RENAMES: ReadonlyMap<PropertyKey, PropertyKey> = new Map()

/**
 * Whether anything under a node is marked. Cycles (recursive schemas) count as
 * unmarked while they are being explored, which is right: a cycle adds no field
 * that the first pass through it does not already see.
 */
const containsMarked = (marked: Marked) => {
  const memo = new Map<AST.AST, boolean>()
  const visiting = new Set<AST.AST>()
  const contains = (node: AST.AST): boolean => {
    if (marked(node)) return true
    const known = memo.get(node)
    if (known !== undefined) return known
    if (visiting.has(node)) return false
    visiting.add(node)
    let found = false
    switch (node._tag) {
      case "Refinement":
        found = contains(node.from)
        break
      case "Transformation":
        found = contains(node.from) || contains(node.to)
        break
      case "Suspend":
        found = contains(node.f())
        break
      case "Union":
        found = node.types.some(contains)
        break
      case "TupleType":
        found =
          node.elements.some((element) => marked(element) || contains(element.type)) ||
          node.rest.some((rest) => contains(rest.type))
        break
      case "TypeLiteral":
        found =
          node.propertySignatures.some((field) => marked(field) || contains(field.type)) ||
          node.indexSignatures.some((index) => contains(index.type))
        break
      default:
        found = false
    }
    visiting.delete(node)
    memo.set(node, found)
    return found
  }
  return contains
}

const pathsOf = (root: AST.AST, targets: Targets | undefined): ReadonlyArray<Path> => {
  const marked = markerOf(targets)
  const contains = containsMarked(marked)
  const found: Array<Path> = []
  const seen = new Set<string>()
  let emitted = 0
  const emit = (path: Path) => {
    emitted++
    const key = JSON.stringify(path)
    if (seen.has(key)) return
    seen.add(key)
    found.push(path)
  }
  // The composite nodes on the current descent: meeting one again is recursion.
  const active = new Set<AST.AST>()
  const walk = (node: AST.AST, path: Path, renames: ReadonlyMap<PropertyKey, PropertyKey>) => {
    if (marked(node)) return emit(path)
    if (active.has(node)) {
      if (contains(node)) emit([...path, RECURSION])
      return
    }
    switch (node._tag) {
      case "Refinement":
        return walk(node.from, path, NO_RENAMES)
      case "Transformation": {
        const before = emitted
        walk(node.from, path, NO_RENAMES)
        if (node.transformation._tag === "TypeLiteralTransformation")
          walk(node.to, path, renamesOf(node.transformation))
        // A transformation that reshapes the document (e.g. a struct parsed from a
        // JSON string) hides where the type side's personal data sits in the encoded
        // side: the whole encoded value counts as personal.
        else if (emitted === before && contains(node.to)) emit(path)
        return
      }
      case "Suspend":
        active.add(node)
        walk(node.f(), path, NO_RENAMES)
        active.delete(node)
        return
      case "Union":
        active.add(node)
        for (const member of node.types) walk(member, path, NO_RENAMES)
        active.delete(node)
        return
      case "TupleType":
        active.add(node)
        node.elements.forEach((element, index) => {
          if (marked(element)) emit([...path, String(index)])
          else walk(element.type, [...path, String(index)], NO_RENAMES)
        })
        for (const rest of node.rest) walk(rest.type, [...path, EVERY], NO_RENAMES)
        active.delete(node)
        return
      case "TypeLiteral":
        active.add(node)
        for (const field of node.propertySignatures) {
          if (typeof field.name === "symbol") continue
          const key = String(renames.get(field.name) ?? field.name)
          if (marked(field)) emit([...path, key])
          else walk(field.type, [...path, key], NO_RENAMES)
        }
        for (const index of node.indexSignatures) walk(index.type, [...path, EVERY], NO_RENAMES)
        active.delete(node)
        return
      default:
        return
    }
  }
  walk(root, [], NO_RENAMES)
  return found
}

/**
 * The paths of every field of a schema's encoded documents that is marked personal
 * (ARC-4), found through structs, optional fields, arrays and tuples, records
 * (`*`), unions and tagged unions, refinements, transformations (renamed keys are
 * given by their encoded name) and suspended schemas, where a recursion is reported
 * once with a final {@link RECURSION} segment. A marked struct or array is reported
 * as one path (all of it is personal). `targets` also finds identifier references
 * (see {@link Targets}).
 *
 * @remarks
 * Paths are of the encoded document (what a store holds). Where a transformation
 * reshapes the document rather than decoding a struct field by field, the personal
 * fields of its type side cannot be located in the encoded side, so the whole
 * encoded value is reported. Symbol keys are skipped (they do not survive JSON).
 *
 * @example
 * ```ts
 * import { Erasure } from "@clientele/archive"
 * import { Personal } from "@clientele/core"
 * import * as Schema from "effect/Schema"
 *
 * const Order = Schema.Struct({
 *   total: Schema.Number,
 *   customer: Schema.Struct({ email: Personal.personal(Schema.String), country: Schema.String }),
 *   history: Schema.Array(Schema.Struct({ at: Schema.Number, by: Personal.personal(Schema.String) })),
 * })
 * Erasure.personalPaths(Order) // [["customer", "email"], ["history", "*", "by"]]
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const personalPaths = (
  schema: Schema.Schema.All | AST.AST,
  targets?: Targets,
): ReadonlyArray<Path> => pathsOf("ast" in schema ? schema.ast : schema, targets)

/**
 * The paths where a schema references someone by one of the named identifiers
 * (e.g. `"StaffId"`): the staff member's personal data on visit reports, complaint
 * follow-ups and histories, which a staff erasure scrubs.
 *
 * @example
 * ```ts
 * import { Erasure } from "@clientele/archive"
 * import { Ids } from "@clientele/core"
 * import * as Schema from "effect/Schema"
 *
 * const FollowUp = Schema.Struct({ at: Schema.Number, by: Ids.StaffId, reached: Schema.Boolean })
 * Erasure.referencePaths(FollowUp, ["StaffId"]) // [["by"]]
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const referencePaths = (
  schema: Schema.Schema.All | AST.AST,
  identifiers: ReadonlyArray<string>,
): ReadonlyArray<Path> => personalPaths(schema, { personal: false, identifiers })

// --- Redaction ------------------------------------------------------------------------

/**
 * The annotation id of the value a personal field takes when it is redacted: core's
 * `Personal.ErasedValueAnnotationId`, re-exported (see {@link erasedAs}).
 *
 * @example
 * ```ts
 * import { Erasure } from "@clientele/archive"
 * import * as Schema from "effect/Schema"
 *
 * const Email = Schema.String.annotations({ [Erasure.ErasedValueAnnotationId]: "erased@invalid" })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ErasedValueAnnotationId: typeof Personal.ErasedValueAnnotationId =
  Personal.ErasedValueAnnotationId

/**
 * Gives a personal field the (encoded) value it takes when redacted, such as a
 * syntactically valid address for an e-mail field whose pattern `"[erased]"` fails:
 * core's `Personal.erasedAs`, re-exported, which packages use on their own schemas.
 *
 * @example
 * ```ts
 * import { Erasure } from "@clientele/archive"
 * import { Personal } from "@clientele/core"
 * import * as Schema from "effect/Schema"
 *
 * const Email = Personal.personal(Schema.String.pipe(Schema.pattern(/^[^\s@]+@[^\s@]+$/))).pipe(
 *   Erasure.erasedAs("erased@invalid"),
 * )
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const erasedAs: typeof Personal.erasedAs = Personal.erasedAs

/**
 * The token that replaces a personal string by default.
 *
 * @example
 * ```ts
 * import { Erasure } from "@clientele/archive"
 *
 * Erasure.ERASED // "[erased]"
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const ERASED = "[erased]"

/**
 * How {@link redact} replaces personal values: `text` for strings (default
 * {@link ERASED}), `number` for numbers (default `0`), `boolean` for booleans
 * (default `false`), `byPath` for given fields (a path pattern, `*` matching any one
 * segment, and the encoded value to put there), `targets` for what counts as
 * personal (default: the `Personal.personal` marks; see {@link Targets}), and
 * `coarsen` to move every date of the document (every `Period.Instant` field) to the
 * first instant of its day, month or year in a zone (see `Retention.coarsenInstant`),
 * and `owners` for a document that holds several people's data: a struct naming someone
 * by one of `owners.identifiers` (a testimonial's `customerId` in an event's list) is
 * theirs, and its values are replaced only when it names one of `owners.subjectIds`.
 *
 * @example
 * ```ts
 * import type { Erasure } from "@clientele/archive"
 *
 * const replacement: Erasure.Replacement = {
 *   byPath: [{ path: ["contact", "email"], value: "erased@invalid" }],
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Replacement {
  readonly text?: string
  readonly number?: number
  readonly boolean?: boolean
  readonly byPath?: ReadonlyArray<{ readonly path: Path; readonly value: unknown }>
  readonly targets?: Targets
  readonly coarsen?: { readonly grain: Retention.DateGrain; readonly zone: string }
  readonly owners?: {
    readonly identifiers: ReadonlyArray<string>
    readonly subjectIds: ReadonlyArray<string>
  }
}

/**
 * A redacted document would no longer decode: the replacement for the field at
 * `path` violates its schema (give the field {@link erasedAs} or pass a
 * `Replacement.byPath`), or the document as a whole fails (`path` empty).
 *
 * @example
 * ```ts
 * import { Erasure } from "@clientele/archive"
 *
 * const error = new Erasure.RedactionError({
 *   path: ["contact", "email"],
 *   message: "the replacement of contact.email does not decode: Must be an e-mail address",
 * })
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class RedactionError extends Schema.TaggedError<RedactionError>(
  "@clientele/archive/RedactionError",
)("RedactionError", {
  path: Schema.Array(Schema.String),
  message: Schema.String,
}) {}

const isPlainObject = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

const matchesPattern = (pattern: Path, path: Path): boolean =>
  pattern.length === path.length &&
  pattern.every((segment, index) => segment === EVERY || segment === path[index])

/** The default replacement of a whole value: each leaf by its type, shape kept. */
const blank = (value: unknown, replacement: Replacement): unknown => {
  switch (typeof value) {
    case "string":
      return replacement.text ?? ERASED
    case "number":
      return replacement.number ?? 0
    case "boolean":
      return replacement.boolean ?? false
    case "bigint":
      return 0n
    default:
      if (Array.isArray(value)) return value.map((element) => blank(element, replacement))
      if (isPlainObject(value)) {
        const copy: Record<string, unknown> = {}
        for (const key of Object.keys(value)) copy[key] = blank(value[key], replacement)
        return copy
      }
      // null, undefined and anything else carry no personal content.
      return value
  }
}

const erasedValueOf = (annotated: ReadonlyArray<AST.Annotated>): { value: unknown } | undefined => {
  for (const node of annotated)
    if (Object.hasOwn(node.annotations, ErasedValueAnnotationId))
      return { value: node.annotations[ErasedValueAnnotationId] }
  return undefined
}

/** What `scrub` answers for an optional field it leaves out of the copy. */
const OMITTED: unique symbol = Symbol("@clientele/archive/Omitted")

const pathKey = (path: Path): string => path.join("\u0000")

const isLiteralOnly = (node: AST.AST): boolean =>
  node._tag === "Literal" ||
  node._tag === "Enums" ||
  (node._tag === "Union" && node.types.every(isLiteralOnly))

const pathText = (path: Path): string => (path.length === 0 ? "the document" : path.join("."))

const redactValid = (
  root: AST.AST,
  document: unknown,
  replacement: Replacement,
): Either.Either<unknown, RedactionError> => {
  const mark = markOf(replacement.targets)
  const coarsen = replacement.coarsen
  const isInstant = (node: AST.Annotated) =>
    coarsen !== undefined && node.annotations[AST.IdentifierAnnotationId] === "Instant"
  const marked: Marked = (annotated) => mark(annotated) !== undefined || isInstant(annotated)
  const contains = containsMarked(marked)
  const subjects = new Set(replacement.targets?.subjectIds ?? [])
  const failures: Array<RedactionError> = []
  // A struct naming someone else by an owner identifier is theirs: left as it is.
  const ownerMark =
    replacement.owners === undefined
      ? undefined
      : markOf({ personal: false, identifiers: replacement.owners.identifiers })
  const owners = new Set(replacement.owners?.subjectIds ?? [])
  const namesOwner = (node: AST.AST): boolean =>
    ownerMark !== undefined &&
    (ownerMark(node) !== undefined || (node._tag === "Union" && node.types.some(namesOwner)))
  const someoneElses = (
    node: AST.TypeLiteral,
    value: Readonly<Record<string, unknown>>,
    renames: ReadonlyMap<PropertyKey, PropertyKey>,
  ): boolean => {
    if (ownerMark === undefined) return false
    for (const field of node.propertySignatures) {
      if (typeof field.name === "symbol") continue
      if (ownerMark(field) === undefined && !namesOwner(field.type)) continue
      const named = value[String(renames.get(field.name) ?? field.name)]
      if (typeof named === "string" && !owners.has(named)) return true
    }
    return false
  }
  /** The paths of the optional fields met so far (a scrub there may leave the field out). */
  const optionalFields = new Set<string>()
  const memberSchemas = new Map<AST.AST, (value: unknown) => boolean>()
  const matchesEncoded = (member: AST.AST, value: unknown): boolean => {
    let is = memberSchemas.get(member)
    if (is === undefined) {
      is = Schema.is(Schema.make(AST.encodedBoundAST(member)))
      memberSchemas.set(member, is)
    }
    return is(value)
  }

  const scrub = (
    node: AST.AST,
    annotated: ReadonlyArray<AST.Annotated>,
    value: unknown,
    path: Path,
    why: Mark,
  ): unknown => {
    if (value === undefined) return value
    // A reference is someone else's unless it names one of the subjects.
    if (why === "reference" && !(typeof value === "string" && subjects.has(value))) return value
    const byPath = replacement.byPath?.find((entry) => matchesPattern(entry.path, path))
    const chosen = byPath ?? erasedValueOf([...annotated, node])
    const next = chosen === undefined ? blank(value, replacement) : chosen.value
    const decoded = Schema.decodeUnknownEither(Schema.make(node))(next)
    // An optional field whose default token breaks its refinement (an e-mail pattern)
    // is left out: absent is the honest erased value, and it always decodes.
    if (Either.isLeft(decoded) && chosen === undefined && optionalFields.has(pathKey(path)))
      return OMITTED
    if (Either.isLeft(decoded))
      failures.push(
        new RedactionError({
          path,
          message: `the replacement of ${pathText(path)} does not decode (give the field an erased value or pass one by path): ${ParseResult.TreeFormatter.formatErrorSync(decoded.left)}`,
        }),
      )
    return next
  }

  const walk = (
    node: AST.AST,
    value: unknown,
    path: Path,
    renames: ReadonlyMap<PropertyKey, PropertyKey>,
  ): unknown => {
    const why = mark(node)
    if (why !== undefined) return scrub(node, [], value, path, why)
    if (coarsen !== undefined && isInstant(node) && typeof value === "number")
      return Retention.coarsenInstant(value, coarsen.grain, coarsen.zone)
    switch (node._tag) {
      case "Refinement":
        return walk(node.from, value, path, NO_RENAMES)
      case "Transformation": {
        if (node.transformation._tag === "TypeLiteralTransformation") {
          const once = walk(node.from, value, path, NO_RENAMES)
          return walk(node.to, once, path, renamesOf(node.transformation))
        }
        // See personalPaths: a reshaping transformation hides where the personal
        // fields of its type side are, so the whole encoded value is replaced (even
        // where it only references the subject: other references inside go too).
        if (!contains(node.from) && contains(node.to))
          return scrub(node, [], value, path, "personal")
        return walk(node.from, value, path, NO_RENAMES)
      }
      case "Suspend":
        // Recursion ends with the document: every level is a level of the value.
        return walk(node.f(), value, path, NO_RENAMES)
      case "Union": {
        if (!contains(node)) return value
        // The members the value can be an encoding of (refinements of the encoded side
        // kept, so patterns discriminate). A literal is the most specific: the actor
        // "system" is not a staff id even though it would pass as one. When several
        // members remain, each is applied (conservative); a value that matches none
        // is still scrubbed by every member.
        const matching = node.types.filter((member) => matchesEncoded(member, value))
        const literal = matching.filter(isLiteralOnly)
        const members = literal.length > 0 ? literal : matching.length > 0 ? matching : node.types
        let result = value
        for (const member of members) result = walk(member, result, path, NO_RENAMES)
        return result
      }
      case "TupleType": {
        if (!Array.isArray(value) || !contains(node)) return value
        const [rest, ...trailing] = node.rest
        const trailingFrom = value.length - trailing.length
        const copy: Array<unknown> = []
        for (let index = 0; index < value.length; index++) {
          const elementPath = [...path, String(index)]
          const element: unknown = value[index]
          const declared = node.elements[index]
          const declaredMark = declared === undefined ? undefined : mark(declared)
          if (declared !== undefined)
            copy.push(
              declaredMark !== undefined
                ? scrub(declared.type, [declared], element, elementPath, declaredMark)
                : walk(declared.type, element, elementPath, NO_RENAMES),
            )
          else if (index >= trailingFrom && trailing[index - trailingFrom] !== undefined)
            copy.push(
              walk(
                (trailing[index - trailingFrom] as AST.Type).type,
                element,
                elementPath,
                NO_RENAMES,
              ),
            )
          else if (rest !== undefined) copy.push(walk(rest.type, element, elementPath, NO_RENAMES))
          else copy.push(element)
        }
        return copy
      }
      case "TypeLiteral": {
        if (!isPlainObject(value) || !contains(node)) return value
        if (someoneElses(node, value, renames)) return value
        const copy: Record<string, unknown> = { ...value }
        const named = new Set<string>()
        for (const field of node.propertySignatures) {
          if (typeof field.name === "symbol") continue
          const key = String(renames.get(field.name) ?? field.name)
          named.add(key)
          if (!Object.hasOwn(value, key)) continue
          const fieldMark = mark(field)
          // The field's value may be scrubbed below a union or refinement, on the same path.
          if (field.isOptional) optionalFields.add(pathKey([...path, key]))
          const next =
            fieldMark !== undefined
              ? scrub(field.type, [field], value[key], [...path, key], fieldMark)
              : walk(field.type, value[key], [...path, key], NO_RENAMES)
          if (next === OMITTED) delete copy[key]
          else copy[key] = next
        }
        if (node.indexSignatures.length > 0)
          for (const key of Object.keys(value)) {
            if (named.has(key)) continue
            let result: unknown = copy[key]
            for (const index of node.indexSignatures)
              result = walk(index.type, result, [...path, key], NO_RENAMES)
            copy[key] = result
          }
        return copy
      }
      default:
        return value
    }
  }

  const redacted = walk(root, document, [], NO_RENAMES)
  const [first] = failures
  if (first !== undefined) return Either.left(first)
  return Either.right(redacted)
}

/**
 * A copy of an encoded document with every personal value replaced (ARC-4): by
 * default strings become {@link ERASED}, numbers `0`, booleans `false`; a marked
 * struct or array keeps its shape with every value inside replaced the same way;
 * `null` and absent values stay as they are. Everything not marked personal is
 * untouched (the same values, a new object only where something inside changed).
 *
 * The result still decodes with `schema`: the value for each personal field is, in
 * this order, the caller's `replacement.byPath` entry for its path, the field's own
 * {@link erasedAs} annotation, or the default by type. An optional field whose
 * default would fail its schema (an e-mail pattern) is left out instead; any other
 * value that fails the field's schema (a chosen value, a required field's maximum
 * length) is a {@link RedactionError} naming the field, and nothing is redacted
 * half-way. A
 * document that does not decode before redaction is a `ValidationError`.
 *
 * With `replacement.targets` naming `identifiers` (see {@link Targets}), a field
 * referencing someone by one of them is replaced only where its value is one of the
 * targets' `subjectIds`: erasing technician A scrubs A's id and leaves B's. Naming
 * identifiers without `subjectIds` is a `ValidationError` (path
 * `["targets", "subjectIds"]`) rather than a guess between "everyone" and "no one".
 *
 * @example
 * ```ts
 * import { Erasure } from "@clientele/archive"
 * import { Personal } from "@clientele/core"
 * import * as Schema from "effect/Schema"
 *
 * const Invoice = Schema.Struct({
 *   number: Schema.String,
 *   totalMinor: Schema.Number,
 *   billTo: Personal.personal(Schema.Struct({ name: Schema.String, street: Schema.String })),
 * })
 * const redacted = Erasure.redact(Invoice, {
 *   number: "2024-0042",
 *   totalMinor: 11_900,
 *   billTo: { name: "Ada Martin", street: "1 Rue de la Paix" },
 * })
 * // Right({ number: "2024-0042", totalMinor: 11900, billTo: { name: "[erased]", street: "[erased]" } })
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const redact = <A, I>(
  schema: Schema.Schema<A, I, never>,
  document: I,
  replacement: Replacement = {},
): Either.Either<I, RedactionError | Errors.ValidationError> => {
  const identifiers = replacement.targets?.identifiers ?? []
  if (identifiers.length > 0 && replacement.targets?.subjectIds === undefined)
    return Either.left(
      Errors.ValidationError.fromIssues([
        {
          path: ["targets", "subjectIds"],
          message: `say whose ${identifiers.join(", ")} references to replace: the ids of the subjects being erased (ARC-4)`,
        },
      ]),
    )
  const before = Schema.decodeUnknownEither(schema, { errors: "all" })(document)
  if (Either.isLeft(before)) return Either.left(Errors.ValidationError.fromParseError(before.left))
  const redacted = redactValid(schema.ast, document, replacement)
  if (Either.isLeft(redacted)) return Either.left(redacted.left)
  // Each field decodes on its own; filters across fields may still object.
  const after = Schema.decodeUnknownEither(schema)(redacted.right)
  if (Either.isLeft(after))
    return Either.left(
      new RedactionError({
        path: [],
        message: `the redacted document does not decode: ${ParseResult.TreeFormatter.formatErrorSync(after.left)}`,
      }),
    )
  return Either.right(redacted.right as I)
}

// --- Masking --------------------------------------------------------------------------

/**
 * The masked reference of a data subject for evidence and audit trails: `"subj_"`
 * and the HMAC-SHA-256 of the subject id under a secret key, in hexadecimal. The
 * same subject and key always give the same reference (requests and audits of one
 * person can be linked), the raw id is never stored, and nobody without the key can
 * check a guessed id against it. Destroying the key makes every reference anonymous.
 *
 * @example
 * ```ts
 * import { Erasure } from "@clientele/archive"
 *
 * const reference = Erasure.maskSubject("cus_42", "erasure-evidence-key-2025")
 * reference.startsWith("subj_") // true, 64 hexadecimal digits follow
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const maskSubject = (subjectId: string, maskingKey: string): string =>
  `subj_${Digest.hmacSha256Hex(maskingKey, subjectId)}`

// --- Requests and plans ---------------------------------------------------------------

/**
 * A ground for erasure of GDPR Art. 17(1): (a) no longer necessary, (b) consent
 * withdrawn, (c) objection, (d) unlawful processing, (e) legal obligation to erase,
 * (f) data of a child collected for information-society services.
 *
 * @example
 * ```ts
 * import { Erasure } from "@clientele/archive"
 *
 * Erasure.Ground.literals.length // 6
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Ground = Schema.Literal(
  "17(1)(a)",
  "17(1)(b)",
  "17(1)(c)",
  "17(1)(d)",
  "17(1)(e)",
  "17(1)(f)",
)

/**
 * The type of a {@link Ground}.
 *
 * @example
 * ```ts
 * import type { Erasure } from "@clientele/archive"
 *
 * const consentWithdrawn: Erasure.Ground = "17(1)(b)"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Ground = typeof Ground.Type

/**
 * An erasure request (GDPR Art. 17): its id, the subject it is about (a customer
 * or a member of staff: the id their records list in `subjectIds`), when it was
 * received, the zone whose calendar counts the answer's month, whether the
 * requester's identity was verified, and the Art. 17(1) grounds invoked.
 *
 * @example
 * ```ts
 * import { Erasure } from "@clientele/archive"
 * import { Period } from "@clientele/core"
 *
 * const request = Erasure.ErasureRequest.make({
 *   id: "era_1",
 *   subjectId: "cus_42",
 *   receivedAt: Date.UTC(2025, 0, 31, 9),
 *   zone: Period.TimeZone.make("Europe/Berlin"),
 *   identityVerified: true,
 *   grounds: ["17(1)(b)"],
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ErasureRequest = Schema.Struct({
  id: Ids.IdString,
  subjectId: Ids.IdString,
  receivedAt: Period.Instant,
  zone: Period.TimeZone,
  identityVerified: Schema.Boolean,
  grounds: Schema.NonEmptyArray(Ground),
}).annotations({ identifier: "ErasureRequest" })

/**
 * The type of an {@link ErasureRequest}.
 *
 * @example
 * ```ts
 * import type { Erasure } from "@clientele/archive"
 * import { Period } from "@clientele/core"
 *
 * const request: Erasure.ErasureRequest = {
 *   id: "era_2",
 *   subjectId: "staff_9",
 *   receivedAt: Date.UTC(2025, 2, 1),
 *   zone: Period.TimeZone.make("UTC"),
 *   identityVerified: true,
 *   grounds: ["17(1)(a)"],
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type ErasureRequest = typeof ErasureRequest.Type

/**
 * Where the subject's personal data sits in each record type: record type → the
 * paths an anonymisation scrubs. A customer erasure's catalogue holds the
 * {@link personalPaths} of each record schema; a staff erasure's holds the
 * {@link referencePaths} to `"StaffId"` (and any personal fields about staff). An
 * empty list says the type holds nothing personal of the subject beyond the link.
 *
 * @example
 * ```ts
 * import { Erasure } from "@clientele/archive"
 *
 * const catalogue = Erasure.Catalogue.make({
 *   invoice: [["billTo"]],
 *   order: [["shippingAddress", "name"], ["shippingAddress", "street"]],
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Catalogue = Schema.Record({ key: Retention.RecordType, value: Schema.Array(Path) })

/**
 * The type of a {@link Catalogue}.
 *
 * @example
 * ```ts
 * import type { Erasure } from "@clientele/archive"
 *
 * const catalogue: Erasure.Catalogue = { complaint: [["contact"], ["description"]] }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Catalogue = typeof Catalogue.Type

/**
 * What an erasure plan needs besides the records: the {@link Catalogue} of the
 * subject's personal paths, the secret key that masks the subject in the evidence
 * ({@link maskSubject}; at least 16 characters), and the `targets` an anonymisation
 * scrubs (default: the personal marks; `{ personal: false, identifiers: ["StaffId"] }`
 * for a member of staff, matching a catalogue of {@link referencePaths}). The plan
 * narrows the targets to the request's subject (see {@link PlannedRecord}).
 *
 * @example
 * ```ts
 * import { Erasure } from "@clientele/archive"
 *
 * const context = Erasure.ErasureContext.make({
 *   catalogue: { invoice: [["billTo"]] },
 *   maskingKey: "erasure-evidence-key-2025",
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ErasureContext = Schema.Struct({
  catalogue: Catalogue,
  maskingKey: Schema.String.pipe(Schema.minLength(16)),
  targets: Schema.optional(Targets),
})

/**
 * The type of an {@link ErasureContext}.
 *
 * @example
 * ```ts
 * import type { Erasure } from "@clientele/archive"
 *
 * const context: Erasure.ErasureContext = { catalogue: {}, maskingKey: "erasure-evidence-key-2025" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type ErasureContext = typeof ErasureContext.Type

/**
 * Why a record's non-personal content is kept after its personal data is scrubbed
 * (GDPR Art. 17(3)(b), a legal obligation such as tax record keeping): the schedule
 * (or the statutory minimum of one) that obliges keeping it, its legal basis, and
 * the instant from which it may be disposed of (absent while the schedule's trigger
 * date has not happened).
 *
 * @example
 * ```ts
 * import { Erasure } from "@clientele/archive"
 *
 * const kept = Erasure.KeptForObligation.make({
 *   article: "17(3)(b)",
 *   scheduleId: "invoice-tax",
 *   legalBasis: "AO § 147",
 *   statutoryMinimum: false,
 *   until: Date.UTC(2035, 0, 1),
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const KeptForObligation = Schema.Struct({
  article: Schema.Literal("17(3)(b)"),
  scheduleId: Ids.IdString,
  legalBasis: Schema.String,
  statutoryMinimum: Schema.Boolean,
  until: Schema.optional(Period.Instant),
})

/**
 * The type of {@link KeptForObligation}.
 *
 * @example
 * ```ts
 * import type { Erasure } from "@clientele/archive"
 *
 * const keptUntil = (kept: Erasure.KeptForObligation) => kept.until
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type KeptForObligation = typeof KeptForObligation.Type

const RecordFields = {
  recordId: Ids.IdString,
  recordType: Retention.RecordType,
  explanation: Schema.Array(Schema.String),
}

/**
 * What the plan does with one record the subject appears in, by `outcome`:
 * - `delete`: the whole record goes (`scheduleId` names the schedule whose action
 *   that is, absent for a record no schedule covers);
 * - `anonymise`: the `paths` are scrubbed and the non-personal content (amounts,
 *   dates, counts) stays; `targets` is what to pass to {@link redact} to do so (the
 *   context's targets with `subjectIds` set to the request's subject, so that a
 *   staff erasure replaces the subject's id and no colleague's); `keptFor` says
 *   which legal obligation keeps the rest, and until when, where one does;
 * - `retain`: kept whole, untouched, because active legal holds (`holdIds`) cover it
 *   (Art. 17(3)(e), establishment, exercise or defence of legal claims) until they
 *   are released;
 * - `alreadyDisposed`: a disposal already deleted or anonymised it.
 *
 * @example
 * ```ts
 * import { Erasure } from "@clientele/archive"
 *
 * const planned: Erasure.PlannedRecord = {
 *   outcome: "retain",
 *   recordId: "inv_9",
 *   recordType: "invoice",
 *   because: "legalHold",
 *   article: "17(3)(e)",
 *   holdIds: ["hold_1"],
 *   explanation: ["held by hold_1: kept whole until the hold is released"],
 * }
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const PlannedRecord = Schema.Union(
  Schema.Struct({
    outcome: Schema.Literal("delete"),
    ...RecordFields,
    scheduleId: Schema.optional(Ids.IdString),
  }),
  Schema.Struct({
    outcome: Schema.Literal("anonymise"),
    ...RecordFields,
    paths: Schema.Array(Path),
    targets: Targets,
    scheduleId: Schema.optional(Ids.IdString),
    keptFor: Schema.optional(KeptForObligation),
    coarsenDates: Schema.optional(
      Schema.Struct({ grain: Retention.DateGrain, zone: Period.TimeZone }),
    ),
  }),
  Schema.Struct({
    outcome: Schema.Literal("retain"),
    ...RecordFields,
    because: Schema.Literal("legalHold"),
    article: Schema.Literal("17(3)(e)"),
    holdIds: Schema.NonEmptyArray(Ids.IdString),
  }),
  Schema.Struct({
    outcome: Schema.Literal("alreadyDisposed"),
    ...RecordFields,
    action: Retention.Action,
    at: Period.Instant,
  }),
).annotations({ identifier: "ErasurePlannedRecord" })

/**
 * The type of a {@link PlannedRecord}.
 *
 * @example
 * ```ts
 * import type { Erasure } from "@clientele/archive"
 *
 * const scrubbed = (planned: Erasure.PlannedRecord) =>
 *   planned.outcome === "anonymise" ? planned.paths : []
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type PlannedRecord = typeof PlannedRecord.Type

/**
 * The evidence of an erasure decision, fit for an append-only audit trail: the
 * request id, the subject's masked reference (never the raw id), the grounds, the
 * policy version, when the plan was made, the answer's deadline, and how many
 * records of each type got each outcome. It holds no personal value.
 *
 * @example
 * ```ts
 * import { Erasure } from "@clientele/archive"
 * import { Period } from "@clientele/core"
 *
 * const evidence = Erasure.Evidence.make({
 *   requestId: "era_1",
 *   subjectRef: Erasure.maskSubject("cus_42", "erasure-evidence-key-2025"),
 *   grounds: ["17(1)(b)"],
 *   policyVersion: 1,
 *   decidedAt: Date.UTC(2025, 1, 3),
 *   respondBy: Period.CivilDate.make("2025-02-28"),
 *   counts: [{ recordType: "invoice", outcome: "anonymise", count: 4 }],
 * })
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export const Evidence = Schema.Struct({
  requestId: Ids.IdString,
  subjectRef: Schema.String,
  grounds: Schema.NonEmptyArray(Ground),
  policyVersion: Schema.Int,
  decidedAt: Period.Instant,
  respondBy: Period.CivilDate,
  counts: Schema.Array(
    Schema.Struct({
      recordType: Retention.RecordType,
      outcome: Schema.Literal("delete", "anonymise", "retain", "alreadyDisposed"),
      count: Schema.Int,
    }),
  ),
})

/**
 * The type of the {@link Evidence}.
 *
 * @example
 * ```ts
 * import type { Erasure } from "@clientele/archive"
 *
 * const total = (evidence: Erasure.Evidence) => evidence.counts.reduce((sum, row) => sum + row.count, 0)
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export type Evidence = typeof Evidence.Type

/**
 * The plan answering an erasure request: the deadline of the answer (`respondBy`,
 * the last civil day, Art. 12(3)), each record of the subject with its outcome, the
 * evidence, and the `response` lines telling the subject what is erased and what is
 * kept and why (restrictions by record type, with no record ids or personal data).
 *
 * @example
 * ```ts
 * import type { Erasure } from "@clientele/archive"
 *
 * const deletions = (plan: Erasure.ErasurePlan) =>
 *   plan.records.filter((planned) => planned.outcome === "delete").length
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export const ErasurePlan = Schema.Struct({
  requestId: Ids.IdString,
  respondBy: Period.CivilDate,
  records: Schema.Array(PlannedRecord),
  response: Schema.Array(Schema.String),
  evidence: Evidence,
})

/**
 * The type of an {@link ErasurePlan}.
 *
 * @example
 * ```ts
 * import type { Erasure } from "@clientele/archive"
 *
 * const heldRecords = (plan: Erasure.ErasurePlan) =>
 *   plan.records.filter((planned) => planned.outcome === "retain")
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export type ErasurePlan = typeof ErasurePlan.Type

/**
 * An erasure request whose requester's identity is not verified: nothing is planned
 * (Art. 12(6): the controller may ask for more information first).
 *
 * @example
 * ```ts
 * import { Erasure } from "@clientele/archive"
 *
 * const error = new Erasure.IdentityNotVerifiedError({ requestId: "era_1" })
 * error.message // "erasure request era_1: the requester's identity is not verified, nothing is planned (ARC-4)"
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class IdentityNotVerifiedError extends Schema.TaggedError<IdentityNotVerifiedError>(
  "@clientele/archive/IdentityNotVerifiedError",
)("IdentityNotVerifiedError", { requestId: Schema.String }) {
  override get message(): string {
    return `erasure request ${this.requestId}: the requester's identity is not verified, nothing is planned (ARC-4)`
  }
}

/**
 * The last day to answer a request received at an instant (GDPR Art. 12(3): within
 * one month of receipt): the same day number one month later in `zone`, or that
 * month's last day when it has no such day (received 31 January ⇒ 28 or 29 February).
 *
 * @remarks
 * Art. 12(3) allows two more months for complex requests, told to the subject
 * within the first month; that extension is the caller's decision and is not
 * applied here.
 *
 * @example
 * ```ts
 * import { Erasure } from "@clientele/archive"
 *
 * Erasure.respondBy(Date.UTC(2025, 0, 31, 12), "Europe/Berlin") // "2025-02-28"
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const respondBy = (receivedAt: number, zone: string): Period.CivilDate => {
  const received = Civil.fieldsOf(Zone.localDayOf(zone, receivedAt))
  const monthIndex = received.year * 12 + received.month
  const year = Math.floor(monthIndex / 12)
  const month = monthIndex - year * 12 + 1
  const day = Math.min(received.day, Civil.daysInMonth(year, month))
  return Civil.format(Civil.dayNumberOf(year, month, day)) as Period.CivilDate
}

const RequestInput = Schema.Struct({ request: ErasureRequest })

const PlanInput = Schema.Struct({
  request: ErasureRequest,
  records: Schema.Array(Retention.RecordFacts),
  policy: Retention.Policy,
  holds: Schema.Array(Retention.LegalHold),
  now: Period.Instant,
  context: ErasureContext,
}).pipe(
  Schema.filter((input) => {
    const issues: Array<Schema.FilterIssue> = []
    const seen = new Set<string>()
    input.records.forEach((record, index) => {
      if (seen.has(record.id))
        issues.push({
          path: ["records", index, "id"],
          message: `record ${record.id} appears twice in one erasure plan`,
        })
      seen.add(record.id)
      if (
        record.subjectIds.includes(input.request.subjectId) &&
        !Object.hasOwn(input.context.catalogue, record.type)
      )
        issues.push({
          path: ["records", index, "type"],
          message: `the catalogue does not say where record type ${record.type} holds personal data: add the personal paths of its schema (ARC-4)`,
        })
    })
    return issues
  }),
)

const when = (instant: number): string => new Date(instant).toISOString()

/**
 * How long an obligation keeps a record: the first instant it may go (`until`,
 * infinite while the trigger date is missing) and the last civil day it is kept in
 * the schedule's zone (what the subject is told).
 */
interface KeptUntil {
  readonly schedule: Retention.Schedule
  readonly until: number
  readonly lastKeptDay: number | undefined
}

/** The latest statutory floor (minimumByLaw) still running at `now`, if any. */
const runningFloor = (
  record: Retention.RecordFacts,
  policy: Retention.Policy,
  now: number,
): KeptUntil | undefined => {
  let latest: KeptUntil | undefined
  for (const schedule of policy.schedules) {
    if (schedule.recordType !== record.type || schedule.minimumByLaw === undefined) continue
    if (schedule.customerClass !== undefined && schedule.customerClass !== record.customerClass)
      continue
    const floor = Retention.dueDate(
      schedule,
      record.dates[Retention.triggerDateName(schedule.trigger)],
      schedule.minimumByLaw,
    )
    const until = floor?.dueAt ?? Number.POSITIVE_INFINITY
    if (until > now && (latest === undefined || until > latest.until))
      latest = { schedule, until, lastKeptDay: floor?.lastRetainedDay }
  }
  return latest
}

/** A planned record, with the last civil day an obligation keeps it, if one does. */
interface Decided {
  readonly planned: PlannedRecord
  readonly lastKeptDay?: number | undefined
}

const planRecord = (
  record: Retention.RecordFacts,
  input: {
    readonly policy: Retention.Policy
    readonly holds: ReadonlyArray<Retention.LegalHold>
    readonly now: number
    readonly paths: ReadonlyArray<Path>
    readonly targets: Targets
  },
): Decided => {
  const base = { recordId: record.id, recordType: record.type }
  if (record.disposition !== undefined)
    return {
      planned: {
        outcome: "alreadyDisposed",
        ...base,
        action: record.disposition.action,
        at: record.disposition.at,
        explanation: [
          `already disposed of (${record.disposition.action} at ${when(record.disposition.at)}): nothing of the subject's data is left to erase`,
        ],
      },
    }

  const holdIds: Array<string> = []
  for (const hold of input.holds)
    if (Retention.isHoldActive(hold, input.now) && Retention.holdCovers(hold, record))
      holdIds.push(hold.id)
  const [firstHold, ...otherHolds] = holdIds
  if (firstHold !== undefined)
    return {
      planned: {
        outcome: "retain",
        ...base,
        because: "legalHold",
        article: "17(3)(e)",
        holdIds: [firstHold, ...otherHolds],
        explanation: [
          `held by ${holdIds.join(", ")} (GDPR Art. 17(3)(e), legal claims): kept whole and untouched until every hold on it is released; the erasure is then planned again`,
        ],
      },
    }

  // Holds are handled above; the retention decision itself needs none.
  const evaluated = Retention.evaluateRetention(record, input.policy, [], input.now)
  // The input was validated as a whole, so the evaluation cannot fail.
  const evaluation = Either.isRight(evaluated) ? evaluated.right : undefined
  const { paths, targets } = input
  const anonymise = (
    explanation: Array<string>,
    extra: { readonly scheduleId?: string; readonly keptFor?: KeptForObligation } = {},
    lastKeptDay?: number,
  ): Decided => {
    // The schedule that keeps or anonymises the record says how finely its dates stay.
    const schedule = input.policy.schedules.find((s) => s.id === extra.scheduleId)
    const coarsenDates =
      schedule?.coarsenDates === undefined
        ? {}
        : { coarsenDates: { grain: schedule.coarsenDates, zone: schedule.zone } }
    return {
      planned: {
        outcome: "anonymise",
        ...base,
        paths,
        targets,
        explanation,
        ...extra,
        ...coarsenDates,
      },
      lastKeptDay,
    }
  }

  if (evaluation === undefined || evaluation.state === "unscheduled")
    return anonymise([
      `no schedule covers record type ${record.type}: its personal data is scrubbed and the rest kept, since other records may refer to it (the policy has a gap, ARC-4)`,
    ])
  if (evaluation.state === "disposed")
    return {
      planned: {
        outcome: "alreadyDisposed",
        ...base,
        action: evaluation.action,
        at: evaluation.disposedAt,
        explanation: evaluation.explanation,
      },
    }

  const governing = input.policy.schedules.find(
    (schedule) => schedule.id === evaluation.appliedScheduleId,
  )
  const floor = runningFloor(record, input.policy, input.now)
  const obliged =
    evaluation.state !== "dueForDisposal" &&
    governing !== undefined &&
    governing.kind === "retention"
  if (obliged || floor !== undefined) {
    const byFloor =
      floor !== undefined &&
      (!obliged ||
        evaluation.disposalDueAt === undefined ||
        (Number.isFinite(floor.until) && floor.until > evaluation.disposalDueAt))
    const schedule = byFloor ? floor.schedule : (governing as Retention.Schedule)
    const until = byFloor ? floor.until : evaluation.disposalDueAt
    // The subject is told the last day kept in the schedule's zone, not the UTC
    // date of the instant it may go (west of UTC that is already the next day).
    const ownDue = Retention.dueDate(
      schedule,
      record.dates[Retention.triggerDateName(schedule.trigger)],
    )
    const lastKeptDay =
      ownDue !== undefined && ownDue.dueAt === until
        ? ownDue.lastRetainedDay
        : floor !== undefined && floor.until === until
          ? floor.lastKeptDay
          : undefined
    const keptFor: KeptForObligation = {
      article: "17(3)(b)",
      scheduleId: schedule.id,
      legalBasis: schedule.legalBasis,
      statutoryMinimum: byFloor,
      ...(until === undefined || !Number.isFinite(until) ? {} : { until }),
    }
    return anonymise(
      [
        `${byFloor ? "the statutory minimum of " : ""}schedule ${schedule.id} (${schedule.legalBasis}) obliges keeping the record ${keptFor.until === undefined ? `until its ${Retention.triggerDateName(schedule.trigger)} date starts the clock and the period runs out` : `until ${when(keptFor.until)}`} (GDPR Art. 17(3)(b)): its personal data is scrubbed now and the non-personal content kept for the books`,
      ],
      { scheduleId: schedule.id, keptFor },
      lastKeptDay,
    )
  }

  // No obligation keeps the record: the schedule's action erases it now, whether its
  // time was up or the request comes before a storage-limitation deadline.
  const scheduleId = evaluation.appliedScheduleId
  if (evaluation.action === "anonymise")
    return anonymise(
      [
        `no legal obligation keeps the record; schedule ${scheduleId} disposes of it by anonymisation, so its personal data is scrubbed and the aggregates stay correct`,
      ],
      { scheduleId },
    )
  return {
    planned: {
      outcome: "delete",
      ...base,
      scheduleId,
      explanation: [
        `no legal obligation keeps the record; schedule ${scheduleId} disposes of it by ${evaluation.action === "delete" ? "deletion" : "review, which the request settles"}: deleted`,
      ],
    },
  }
}

const OUTCOME_ORDER = ["delete", "anonymise", "retain", "alreadyDisposed"] as const

const responseLines = (records: ReadonlyArray<Decided>, deadline: string): Array<string> => {
  const byOutcome = new Map<string, Map<string, number>>()
  const keptUntil = new Map<string, number | undefined>()
  for (const { planned, lastKeptDay: until } of records) {
    const types = byOutcome.get(planned.outcome) ?? new Map<string, number>()
    types.set(planned.recordType, (types.get(planned.recordType) ?? 0) + 1)
    byOutcome.set(planned.outcome, types)
    if (planned.outcome === "anonymise" && planned.keptFor !== undefined) {
      const latest = keptUntil.get(planned.recordType)
      keptUntil.set(
        planned.recordType,
        until === undefined || (latest !== undefined && latest > until) ? latest : until,
      )
    }
  }
  const list = (types: Map<string, number> | undefined) =>
    types === undefined
      ? ""
      : [...types]
          .map(([type, count]) => `${count} ${type} record${count === 1 ? "" : "s"}`)
          .join(", ")
  const lines = [`We answer this request by ${deadline} (GDPR Art. 12(3)).`]
  const deleted = list(byOutcome.get("delete"))
  if (deleted !== "") lines.push(`Deleted: ${deleted}.`)
  const anonymised = list(byOutcome.get("anonymise"))
  if (anonymised !== "")
    lines.push(
      `Your personal data is removed from: ${anonymised}; what remains no longer identifies you.`,
    )
  for (const [type, until] of keptUntil)
    lines.push(
      `The ${type} records are kept without your personal data because the law obliges us to keep them (GDPR Art. 17(3)(b))${until === undefined ? "" : ` until ${Civil.format(until)}`}.`,
    )
  const retained = list(byOutcome.get("retain"))
  if (retained !== "")
    lines.push(
      `Kept unchanged for now: ${retained}. They are needed for the establishment, exercise or defence of legal claims (GDPR Art. 17(3)(e)); we will erase your data in them once that need ends, and you may contest this restriction with the supervisory authority.`,
    )
  return lines
}

/**
 * Plans the answer to an erasure request (ARC-4, GDPR Art. 17) over the records of
 * every package (`records`: those that list the subject in `subjectIds` are
 * planned, the others left out). Per record, in this order:
 * 1. already disposed of ⇒ `alreadyDisposed`;
 * 2. an active legal hold covers it ⇒ `retain` whole (Art. 17(3)(e)) until every
 *    such hold is released;
 * 3. a retention schedule (a legal obligation, such as tax record keeping) governs
 *    it and is not over, or a statutory minimum of one of its schedules still runs
 *    ⇒ `anonymise` now: the catalogue's paths are scrubbed, the non-personal
 *    content (amounts, dates, counts) is kept, and `keptFor` names the obligation
 *    (Art. 17(3)(b)) and until when;
 * 4. otherwise the governing schedule's action erases it now: `anonymise` where the
 *    schedule anonymises (aggregates stay correct), `delete` where it deletes or
 *    reviews (the request settles the review);
 * 5. no schedule covers its type ⇒ `anonymise` (references to it stay valid, as a
 *    foreign key that restricts deletion needs).
 *
 * Each `anonymise` record carries the `targets` to pass to {@link redact}: the
 * context's targets with `subjectIds` set to the request's subject, so that a staff
 * erasure scrubs the subject's references and no colleague's.
 *
 * `respondBy` is one month after receipt (see {@link respondBy}); the evidence names
 * the subject only by {@link maskSubject}; the response lines explain each
 * restriction, a record kept for an obligation "until" the last day it is kept (the
 * civil date in its schedule's zone). The checks run in this order: the request
 * itself (a malformed one is a `ValidationError` naming `request.…`), then its
 * identity (unverified ⇒ {@link IdentityNotVerifiedError}, and nothing else is looked
 * at), then the rest of the input (a `ValidationError` naming the path, including a
 * record of the subject whose type the catalogue does not know).
 *
 * @remarks
 * Anonymising a record kept under a tax obligation follows the rule that nothing
 * personal survives an erasure; where the law requires personal details to stay on
 * the record itself (an invoice's addressee), leave those paths out of the
 * catalogue for that record type, and the response still says why it is kept.
 *
 * @example
 * ```ts
 * import { Erasure, Retention } from "@clientele/archive"
 * import { Period } from "@clientele/core"
 * import * as Either from "effect/Either"
 *
 * const policy = Either.getOrThrow(Retention.makePolicy({ version: 1, schedules: [] }))
 * const plan = Erasure.planErasure(
 *   {
 *     id: "era_1",
 *     subjectId: "cus_42",
 *     receivedAt: Date.UTC(2025, 0, 31, 9),
 *     zone: Period.TimeZone.make("UTC"),
 *     identityVerified: true,
 *     grounds: ["17(1)(b)"],
 *   },
 *   [{ id: "note_1", type: "note", subjectIds: ["cus_42"], dates: {} }],
 *   policy,
 *   [],
 *   Date.UTC(2025, 1, 3),
 *   { catalogue: { note: [["text"]] }, maskingKey: "erasure-evidence-key-2025" },
 * ) // Right({ respondBy: "2025-02-28", records: [{ outcome: "anonymise", paths: [["text"]], … }], … })
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const planErasure = (
  request: ErasureRequest,
  records: ReadonlyArray<Retention.RecordFacts>,
  policy: Retention.Policy,
  holds: ReadonlyArray<Retention.LegalHold>,
  now: number,
  context: ErasureContext,
): Either.Either<ErasurePlan, IdentityNotVerifiedError | Errors.ValidationError> => {
  // The request first: an unverified requester learns nothing about the records,
  // not even that the catalogue lacks one of their types.
  const validRequest = Schema.validateEither(RequestInput, { errors: "all" })({ request })
  if (Either.isLeft(validRequest))
    return Either.left(Errors.ValidationError.fromParseError(validRequest.left))
  if (!request.identityVerified)
    return Either.left(new IdentityNotVerifiedError({ requestId: request.id }))
  const valid = Schema.validateEither(PlanInput, { errors: "all" })({
    request,
    records,
    policy,
    holds,
    now,
    context,
  })
  if (Either.isLeft(valid)) return Either.left(Errors.ValidationError.fromParseError(valid.left))

  const targets: Targets = { ...context.targets, subjectIds: [request.subjectId] }
  const decided: Array<Decided> = []
  for (const record of records) {
    if (!record.subjectIds.includes(request.subjectId)) continue
    decided.push(
      planRecord(record, {
        policy,
        holds,
        now,
        paths: context.catalogue[record.type] ?? [],
        targets,
      }),
    )
  }
  const planned = decided.map((entry) => entry.planned)

  const counts = new Map<
    string,
    { recordType: string; outcome: PlannedRecord["outcome"]; count: number }
  >()
  for (const entry of planned) {
    const key = `${entry.recordType}\u0000${entry.outcome}`
    const row = counts.get(key) ?? {
      recordType: entry.recordType,
      outcome: entry.outcome,
      count: 0,
    }
    row.count++
    counts.set(key, row)
  }
  const rows = [...counts.values()].sort(
    (a, b) =>
      a.recordType.localeCompare(b.recordType) ||
      OUTCOME_ORDER.indexOf(a.outcome) - OUTCOME_ORDER.indexOf(b.outcome),
  )
  const deadline = respondBy(request.receivedAt, request.zone)
  return Either.right({
    requestId: request.id,
    respondBy: deadline,
    records: planned,
    response: responseLines(decided, deadline),
    evidence: {
      requestId: request.id,
      subjectRef: maskSubject(request.subjectId, context.maskingKey),
      grounds: request.grounds,
      policyVersion: policy.version,
      decidedAt: now,
      respondBy: deadline,
      counts: rows,
    },
  })
}
