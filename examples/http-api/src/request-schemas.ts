/**
 * What the routes accept, as Effect schemas. A request's parts are decoded here,
 * before any service is called, against the JSON (encoded) form of the Clientele
 * schemas — every field present and of its type, nothing unexpected — plus the
 * formats this service owns: its customer ids and its period names. The services
 * then check their own rules (a known category, a quantity above zero, …) and fail
 * with their `ValidationError`. A failure here is a `ParseError` whose paths start
 * with the request part (`body`, `params`).
 */
import { Handling, Lifecycle } from "@clientele/complaints"
import { Ids, Period } from "@clientele/core"
import { Decision } from "@clientele/returns"
import { Summary } from "@clientele/segmentation"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"

/**
 * Decodes a request's parts with a schema, all errors at once and no field the
 * schema does not know: a typo is reported, not silently dropped. Throws the
 * `ParseError`, which the error handler turns into a 400.
 */
export const decodeRequest = <A, I>(schema: Schema.Schema<A, I, never>, parts: unknown): A => {
  const decoded = Schema.decodeUnknownEither(schema, {
    errors: "all",
    onExcessProperty: "error",
  })(parts)
  if (Either.isLeft(decoded)) throw decoded.left
  return decoded.right
}

/**
 * This service's customer ids: `cus-` and lower-case letters or digits, in groups
 * joined by `-` (`cus-1042`, `cus-acme-7`). Clientele takes any opaque id; the
 * format is the integrator's, checked at the edge.
 */
export const CustomerRef = Schema.String.pipe(
  Schema.pattern(/^cus-[0-9a-z]+(?:-[0-9a-z]+)*$/, {
    message: () =>
      'a customer id is "cus-" then lower-case letters or digits, in groups joined by "-" (cus-1042)',
  }),
  Schema.annotations({ identifier: "CustomerRef" }),
)

const PeriodName = Schema.String.pipe(
  Schema.pattern(/^\d{4}(?:-\d{2})?$/, {
    message: () => 'a period is a year ("2024") or a month ("2024-06")',
  }),
)

/**
 * A period named in a URL: a calendar year (`2024`) or month (`2024-06`) on the
 * civil dates of `zone`.
 */
export const periodIn = (zone: Period.TimeZone) =>
  Schema.transformOrFail(PeriodName, Schema.typeSchema(Period.Period), {
    strict: true,
    decode: (name, _options, ast) => {
      const year = Number(name.slice(0, 4))
      const period =
        name.length === 4
          ? Period.calendarYear(year, zone)
          : Period.calendarMonth(year, Number(name.slice(5)), zone)
      return Either.mapLeft(period, (error) => new ParseResult.Type(ast, name, error.message))
    },
    // Periods travel out as `{ start, end, zone }`, never as a name.
    encode: (period, _options, ast) =>
      ParseResult.fail(new ParseResult.Forbidden(ast, period, "a period is only read from a URL")),
  })

// --- complaints ---------------------------------------------------------------------

/** `/complaints/:complaintId` */
export const ComplaintPath = Schema.Struct({
  params: Schema.Struct({ complaintId: Ids.IdString }),
})

/**
 * `POST /complaints`: an intake without its idempotency key, which travels in the
 * `Idempotency-Key` header.
 */
export const IntakeRequest = Schema.Struct({
  body: Schema.encodedSchema(Handling.Intake).pipe(
    Schema.omit("idempotencyKey", "customerId"),
    Schema.extend(Schema.Struct({ customerId: CustomerRef })),
  ),
})

/** Every step of the lifecycle but the first, `receive`, which is the intake itself. */
const stepNames = Lifecycle.Step.literals.filter((step) => step !== "receive")
const steps = new Set<string>(stepNames)

/** `POST /complaints/:complaintId/steps/:step` */
export const StepPath = Schema.Struct({
  params: Schema.Struct({
    complaintId: Ids.IdString,
    step: Schema.String.pipe(
      Schema.filter(
        (step) =>
          steps.has(step) ||
          `a step is one of ${stepNames.join(", ")} (a complaint is received by POST /complaints)`,
      ),
    ),
  }),
})

/** The step's fields, with the step from the URL as the command's tag. */
export const StepRequest = Schema.Struct({ body: Schema.encodedSchema(Handling.Command) })

// --- returns ------------------------------------------------------------------------

/** `/orders/:orderId` */
export const OrderPath = Schema.Struct({ params: Schema.Struct({ orderId: Ids.IdString }) })

/**
 * `POST /orders`: the order's facts. The return policy is not the client's to
 * choose: the service places the order under the policy in force.
 */
export const OrderRequest = Schema.Struct({
  body: Schema.encodedSchema(Decision.OrderFacts).pipe(Schema.omit("policy")),
})

/**
 * `POST /orders/:orderId/returns`: the request's lines, who files it and the product
 * verification. The order comes from the URL and the request's instant from the
 * service's clock.
 */
export const ReturnRequest = Schema.Struct({
  params: Schema.Struct({ orderId: Ids.IdString }),
  body: Schema.encodedSchema(Decision.ReturnRequest).pipe(Schema.omit("orderId", "requestedAt")),
})

/** `/returns/:caseId` */
export const ReturnCasePath = Schema.Struct({ params: Schema.Struct({ caseId: Ids.IdString }) })

// --- segmentation -------------------------------------------------------------------

/** `POST /transactions`: purchases, at most 10,000 per request. */
export const TransactionsRequest = Schema.Struct({
  body: Schema.Array(
    Schema.encodedSchema(Summary.Transaction).pipe(
      Schema.omit("customerId"),
      Schema.extend(Schema.Struct({ customerId: CustomerRef })),
    ),
  ).pipe(Schema.maxItems(10_000)),
})

/** `POST /segmentation/periods/:period/classification` */
export const classificationRequest = (zone: Period.TimeZone) =>
  Schema.Struct({ params: Schema.Struct({ period: periodIn(zone) }) })

/** `GET /customers/:customerId/segments/:period` */
export const segmentRequest = (zone: Period.TimeZone) =>
  Schema.Struct({
    params: Schema.Struct({ customerId: CustomerRef, period: periodIn(zone) }),
  })
