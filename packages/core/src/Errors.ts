/**
 * The tagged errors every Clientele package shares.
 *
 * Expected failures travel in Effect's error channel as these errors; the Promise
 * facade rejects with the very same objects. They are `Error`s with a `_tag`, so
 * both `error._tag === "ValidationError"` and `error instanceof ValidationError` work.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { pipe } from "effect/Function"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"

/**
 * One failing point of a validation: where in the input, and what is wrong there.
 *
 * @example
 * ```ts
 * import { Errors } from "@clientele/core"
 *
 * const issue: Errors.ValidationIssue = { path: ["lines", 0, "quantity"], message: "Expected a positive number" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const ValidationIssue = Schema.Struct({
  path: Schema.Array(Schema.Union(Schema.String, Schema.Number)),
  message: Schema.String,
})
/**
 * The type of a {@link ValidationIssue}: a path into the input and a message.
 *
 * @example
 * ```ts
 * import { Errors } from "@clientele/core"
 *
 * const issue: Errors.ValidationIssue = { path: ["email"], message: "must contain @" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type ValidationIssue = typeof ValidationIssue.Type

const renderPath = (path: ReadonlyArray<string | number>): string =>
  path.length === 0 ? "(root)" : path.map((key) => String(key)).join(".")

/**
 * Input that does not satisfy its schema. Carries every failing path with the
 * schema's message for it; `message` summarises them in one line.
 *
 * @example
 * ```ts
 * import { Errors } from "@clientele/core"
 *
 * const error = Errors.ValidationError.fromIssues([{ path: ["email"], message: "must contain @" }])
 * error.message // "email: must contain @"
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class ValidationError extends Schema.TaggedError<ValidationError>(
  "@clientele/core/ValidationError",
)("ValidationError", {
  message: Schema.String,
  issues: Schema.Array(ValidationIssue),
}) {
  /**
   * Builds the error from issues, writing a one-line message that names each path.
   *
   * @example
   * ```ts
   * import { Errors } from "@clientele/core"
   *
   * const error = Errors.ValidationError.fromIssues([{ path: ["weights", 2], message: "must not be negative" }])
   * error.message // "weights.2: must not be negative"
   * ```
   *
   * @since 0.1.0
   */
  static fromIssues(issues: ReadonlyArray<ValidationIssue>): ValidationError {
    const message = issues.map((issue) => `${renderPath(issue.path)}: ${issue.message}`).join("; ")
    return new ValidationError({ message: message || "invalid input", issues })
  }

  /**
   * Converts the `ParseError` of an `effect/Schema` decode or encode into a
   * `ValidationError`, one issue per failing path.
   *
   * @example
   * ```ts
   * import { Errors } from "@clientele/core"
   * import * as Either from "effect/Either"
   * import * as Schema from "effect/Schema"
   *
   * const result = Schema.decodeUnknownEither(Schema.Struct({ age: Schema.Number }))({ age: "x" })
   * const error = Either.isLeft(result) ? Errors.ValidationError.fromParseError(result.left) : undefined
   * error?.issues // [{ path: ["age"], message: "Expected number, actual \"x\"" }]
   * ```
   *
   * @since 0.1.0
   */
  static fromParseError(error: ParseResult.ParseError): ValidationError {
    const issues = ParseResult.ArrayFormatter.formatIssueSync(asReadIssue(error.issue)).map(
      (issue): ValidationIssue => ({
        path: issue.path.map((key) => (typeof key === "number" ? key : String(key))),
        message: issue.message,
      }),
    )
    return ValidationError.fromIssues(issues)
  }
}

/**
 * The issue as a person reads it: without the `undefined` branch of every union
 * that received a value — an optional field (`Schema.optional(Email)` is
 * `Email | undefined`) that holds a bad value would otherwise be reported twice, once
 * as "Expected undefined" — and with an empty non-empty list reported at the list.
 */
const asReadIssue = (issue: ParseResult.ParseIssue): ParseResult.ParseIssue => {
  switch (issue._tag) {
    case "Pointer":
      return new ParseResult.Pointer(issue.path, issue.actual, asReadIssue(issue.issue))
    case "Refinement":
      return new ParseResult.Refinement(
        issue.ast,
        issue.actual,
        issue.kind,
        asReadIssue(issue.issue),
      )
    case "Transformation":
      return new ParseResult.Transformation(
        issue.ast,
        issue.actual,
        issue.kind,
        asReadIssue(issue.issue),
      )
    case "Composite": {
      // A non-empty list given empty says so where the list is, not "0: is missing".
      if (
        AST.isTupleType(issue.ast) &&
        issue.ast.elements.length === 1 &&
        issue.ast.rest.length > 0 &&
        Array.isArray(issue.actual) &&
        issue.actual.length === 0
      )
        return new ParseResult.Type(issue.ast, issue.actual, "must hold at least one item")
      const all = Array.isArray(issue.issues) ? issue.issues : [issue.issues]
      const kept =
        AST.isUnion(issue.ast) && issue.actual !== undefined
          ? all.filter((branch) => !(branch._tag === "Type" && AST.isUndefinedKeyword(branch.ast)))
          : all
      const [first, ...rest] = (kept.length > 0 ? kept : all).map(asReadIssue)
      return new ParseResult.Composite(
        issue.ast,
        issue.actual,
        rest.length === 0
          ? (first as ParseResult.ParseIssue)
          : [first as ParseResult.ParseIssue, ...rest],
        issue.output,
      )
    }
    default:
      return issue
  }
}

/**
 * Decodes untrusted input with a schema, failing with a {@link ValidationError}
 * that names every failing path (all errors are collected, not only the first).
 *
 * @example
 * ```ts
 * import { Errors } from "@clientele/core"
 * import * as Effect from "effect/Effect"
 * import * as Schema from "effect/Schema"
 *
 * const Person = Schema.Struct({ name: Schema.NonEmptyString })
 * const program = Errors.decode(Person)({ name: "" }) // fails with ValidationError at ["name"]
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const decode =
  <A, I, R>(schema: Schema.Schema<A, I, R>) =>
  (input: unknown): Effect.Effect<A, ValidationError, R> =>
    pipe(
      Schema.decodeUnknown(schema, { errors: "all" })(input),
      Effect.mapError(ValidationError.fromParseError),
    )

/**
 * Moves a `ValidationError`'s issues under `path`: for an argument decoded on its
 * own, so that its issues name where it sits in the call (`["by"]`, `["routes", 2]`).
 *
 * @example
 * ```ts
 * import { Errors } from "@clientele/core"
 *
 * const error = Errors.ValidationError.fromIssues([{ path: ["day"], message: "not a date" }])
 * Errors.under(["window", "from"])(error).issues[0]?.path // ["window", "from", "day"]
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const under =
  (path: ReadonlyArray<string | number>) =>
  (error: ValidationError): ValidationError =>
    ValidationError.fromIssues(
      error.issues.map((issue) => ({ ...issue, path: [...path, ...issue.path] })),
    )

/**
 * {@link decode} of an argument that sits at `path` in the call: its issues name
 * that path first.
 *
 * @example
 * ```ts
 * import { Errors, Ids } from "@clientele/core"
 *
 * const decodeBy = Errors.decodeAt(Ids.StaffId, ["by"])
 * const program = decodeBy("") // fails with ValidationError at ["by"]
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const decodeAt =
  <A, I, R>(schema: Schema.Schema<A, I, R>, path: ReadonlyArray<string | number>) =>
  (input: unknown): Effect.Effect<A, ValidationError, R> =>
    Effect.mapError(decode(schema)(input), under(path))

/**
 * The synchronous form of {@link decode}: an `Either` for plain (non-Effect) code.
 *
 * @example
 * ```ts
 * import { Errors } from "@clientele/core"
 * import * as Either from "effect/Either"
 * import * as Schema from "effect/Schema"
 *
 * const result = Errors.decodeEither(Schema.Number)("42")
 * Either.isLeft(result) // true
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const decodeEither =
  <A, I>(schema: Schema.Schema<A, I, never>) =>
  (input: unknown): Either.Either<A, ValidationError> =>
    Either.mapLeft(
      Schema.decodeUnknownEither(schema, { errors: "all" })(input),
      ValidationError.fromParseError,
    )

/**
 * A looked-up entity does not exist (for this tenant).
 *
 * @example
 * ```ts
 * import { Errors } from "@clientele/core"
 *
 * const error = new Errors.NotFoundError({ entity: "Complaint", id: "cmp_9" })
 * error.message // "Complaint cmp_9 not found"
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class NotFoundError extends Schema.TaggedError<NotFoundError>(
  "@clientele/core/NotFoundError",
)("NotFoundError", {
  entity: Schema.String,
  id: Schema.String,
}) {
  override get message(): string {
    return `${this.entity} ${this.id} not found`
  }
}

/**
 * A state machine was asked for a step that its current state does not allow.
 *
 * @example
 * ```ts
 * import { Errors } from "@clientele/core"
 *
 * const error = new Errors.InvalidTransitionError({ entity: "Complaint", state: "closed", attempted: "assign" })
 * error.message // "Complaint in state closed cannot assign"
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidTransitionError extends Schema.TaggedError<InvalidTransitionError>(
  "@clientele/core/InvalidTransitionError",
)("InvalidTransitionError", {
  entity: Schema.String,
  state: Schema.String,
  attempted: Schema.String,
}) {
  override get message(): string {
    return `${this.entity} in state ${this.state} cannot ${this.attempted}`
  }
}

/**
 * A command breaks a rule of the domain specification or of a policy; `rule` names
 * the rule (a RULES.md id such as `SEG-2`, or a policy field).
 *
 * @example
 * ```ts
 * import { Errors } from "@clientele/core"
 *
 * const error = new Errors.PolicyViolationError({ rule: "SEG-2", message: "computed tiers cannot be overridden" })
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class PolicyViolationError extends Schema.TaggedError<PolicyViolationError>(
  "@clientele/core/PolicyViolationError",
)("PolicyViolationError", {
  rule: Schema.String,
  message: Schema.String,
}) {}
