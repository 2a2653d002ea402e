/**
 * The one place where a failure becomes an HTTP answer. Clientele rejects with
 * tagged error values (the same objects its Effect API fails with), Effect Schema
 * with `ParseError`, Fastify with its coded errors; each is given a status and a
 * JSON body that names the error's tag, and for bad input every failing field
 * (its path, from the request part it sits in) with its rule or message:
 *
 * | status | when |
 * | --- | --- |
 * | 400 | the request is malformed: `ValidationError`, `ParseError`, Fastify's schema and body-parsing errors |
 * | 404 | `NotFoundError`, a store `NotFound`, an unknown route |
 * | 409 | the request conflicts with what is stored: a state that does not allow the step, an idempotency key reused for another request, a policy version saved with other content, a period already classified by another policy, a duplicate id |
 * | 422 | well-formed, but a rule of the domain refuses it: `PolicyViolationError`, a tier override, currencies that do not match, a calendar that cannot produce a deadline |
 * | 503 | the database is unavailable or the service is shutting down: try again |
 * | 500 | anything else, with a fixed message: the details go to the log, never to the client |
 */
import { CalendarError } from "@clientele/calendar"
import { Errors, Money, PromiseClient } from "@clientele/core"
import { Commitment, Decision, Returns } from "@clientele/returns"
import { Segmentation } from "@clientele/segmentation"
import { StoreError } from "@clientele/store"
import * as ParseResult from "effect/ParseResult"
import * as Predicate from "effect/Predicate"

/**
 * One failing point of a bad request: where (the request part first: `body`,
 * `params`, `headers`, `querystring`), what is wrong there, and the rule that
 * failed when the validator names one (a JSON Schema keyword such as `required`, or
 * the kind of a schema issue such as `Missing`, `Type`, `Unexpected`).
 */
export interface ErrorIssue {
  readonly path: ReadonlyArray<string | number>
  readonly message: string
  readonly rule?: string
}

/**
 * The JSON body of every error answer.
 */
export interface ErrorBody {
  /** The error's tag (`ValidationError`, `NotFoundError`, …) or Fastify's code. */
  readonly error: string
  readonly message: string
  /** The domain rule that refused the request (`CMP-3`, `SEG-2`, `RET-1`, …). */
  readonly rule?: string
  readonly issues?: ReadonlyArray<ErrorIssue>
}

/**
 * A status and its body.
 */
export interface HttpError {
  readonly status: number
  readonly body: ErrorBody
}

/** The body of every 500: fixed, so that nothing about the failure leaks. */
export const internalError: ErrorBody = {
  error: "InternalServerError",
  message: "the request could not be completed; it has been logged",
}

const answer = (status: number, body: ErrorBody): HttpError => ({ status, body })

const tagged = (status: number, error: { readonly _tag: string; readonly message: string }) =>
  answer(status, { error: error._tag, message: error.message })

const withRule = (
  status: number,
  error: { readonly _tag: string; readonly message: string; readonly rule: string },
) => answer(status, { error: error._tag, message: error.message, rule: error.rule })

const parseErrorIssues = (error: ParseResult.ParseError): ReadonlyArray<ErrorIssue> =>
  ParseResult.ArrayFormatter.formatErrorSync(error).map((issue) => ({
    path: issue.path.map((key) => (typeof key === "number" ? key : String(key))),
    message: issue.message,
    rule: issue._tag,
  }))

/** `/lines/0/sku` → `["lines", 0, "sku"]`, undoing JSON Pointer's escapes. */
const pointerPath = (pointer: string): Array<string | number> =>
  pointer === ""
    ? []
    : pointer
        .slice(1)
        .split("/")
        .map((token) => token.replaceAll("~1", "/").replaceAll("~0", "~"))
        .map((token) => (/^(?:0|[1-9]\d*)$/.test(token) ? Number(token) : token))

const fastifyIssue = (context: string, entry: unknown): ErrorIssue => {
  const pointer =
    Predicate.hasProperty(entry, "instancePath") && typeof entry.instancePath === "string"
      ? entry.instancePath
      : ""
  const path: Array<string | number> = [context, ...pointerPath(pointer)]
  // "required" names the missing property in its params, not in the pointer.
  if (
    Predicate.hasProperty(entry, "params") &&
    Predicate.hasProperty(entry.params, "missingProperty") &&
    typeof entry.params.missingProperty === "string"
  ) {
    path.push(entry.params.missingProperty)
  }
  const message =
    Predicate.hasProperty(entry, "message") && typeof entry.message === "string"
      ? entry.message
      : "is invalid"
  return Predicate.hasProperty(entry, "keyword") && typeof entry.keyword === "string"
    ? { path, message, rule: entry.keyword }
    : { path, message }
}

/** Fastify's own errors carry a `FST_…` code and the status it meant. */
const fastifyError = (error: unknown): HttpError | undefined => {
  if (!(error instanceof Error)) return undefined
  if (!Predicate.hasProperty(error, "code") || typeof error.code !== "string") return undefined
  if (!error.code.startsWith("FST_")) return undefined
  const status =
    Predicate.hasProperty(error, "statusCode") && typeof error.statusCode === "number"
      ? error.statusCode
      : 500
  if (status < 400 || status >= 500) return answer(500, internalError)
  if (Predicate.hasProperty(error, "validation") && Array.isArray(error.validation)) {
    const context =
      Predicate.hasProperty(error, "validationContext") &&
      typeof error.validationContext === "string"
        ? error.validationContext
        : "body"
    const issues = error.validation.map((entry: unknown) => fastifyIssue(context, entry))
    return answer(status, { error: error.code, message: error.message, issues })
  }
  return answer(status, { error: error.code, message: error.message })
}

const storeError = (error: StoreError.StoreError): HttpError => {
  const what = error.id ?? "the record"
  switch (error.reason) {
    case "NotFound":
      return answer(404, { error: error._tag, message: `${what} was not found` })
    case "Duplicate":
      return answer(409, { error: error._tag, message: `${what} already exists` })
    case "Conflict":
      return answer(409, {
        error: error._tag,
        message: `${what} was changed by another request at the same time; try again`,
      })
    case "Unavailable":
      return answer(503, {
        error: error._tag,
        message: "the database is unavailable; try again",
      })
    case "Corrupt":
      return answer(500, internalError)
  }
}

/**
 * The status and body for any failure a route can meet.
 *
 * @example
 * ```ts
 * import { Errors } from "@clientele/core"
 *
 * httpErrorOf(new Errors.NotFoundError({ entity: "complaint", id: "cmp-1" }))
 * // { status: 404, body: { error: "NotFoundError", message: "complaint cmp-1 not found" } }
 * ```
 */
export const httpErrorOf = (error: unknown): HttpError => {
  // Bad input: 400, naming every failing field.
  if (error instanceof Errors.ValidationError) {
    return answer(400, { error: error._tag, message: error.message, issues: error.issues })
  }
  if (ParseResult.isParseError(error)) {
    const issues = parseErrorIssues(error)
    const message = issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")
    return answer(400, { error: error._tag, message, issues })
  }
  const fromFastify = fastifyError(error)
  if (fromFastify !== undefined) return fromFastify

  if (error instanceof Errors.NotFoundError) return tagged(404, error)

  // Conflicts with what is stored: 409.
  if (error instanceof Errors.InvalidTransitionError) return tagged(409, error)
  if (error instanceof Errors.PolicyViolationError) {
    // CMP-2: the idempotency key already names another complaint.
    return withRule(error.rule === "CMP-2" ? 409 : 422, error)
  }
  if (error instanceof Returns.IdempotencyKeyConflictError) return tagged(409, error)
  if (
    error instanceof Returns.PolicyVersionConflictError ||
    error instanceof Segmentation.PolicyInForceError
  ) {
    return withRule(409, error)
  }
  if (error instanceof Segmentation.PolicyVersionConflictError) return tagged(409, error)
  if (error instanceof StoreError.StoreError) return storeError(error)

  // Well-formed, refused by a rule of the domain: 422.
  if (error instanceof Segmentation.TierOverrideRefusedError) return withRule(422, error)
  if (
    error instanceof Decision.PolicySnapshotMismatchError ||
    error instanceof Commitment.UnknownServiceError ||
    error instanceof Money.CurrencyMismatchError ||
    error instanceof Money.MoneyOverflowError ||
    error instanceof CalendarError.CalendarError
  ) {
    return tagged(422, error)
  }

  if (error instanceof PromiseClient.ClientClosedError) {
    return answer(503, { error: error._tag, message: "the service is shutting down; try again" })
  }
  return answer(500, internalError)
}
