/**
 * The error mapping on its own: each kind of failure a route can meet gets its
 * status and a body naming the error, and nothing unknown ever reaches a client.
 */
import { CalendarError } from "@clientele/calendar"
import { Errors, Money, PromiseClient } from "@clientele/core"
import { Returns } from "@clientele/returns"
import { Segmentation } from "@clientele/segmentation"
import { StoreError } from "@clientele/store"
import * as Arbitrary from "effect/Arbitrary"
import * as Either from "effect/Either"
import * as fc from "effect/FastCheck"
import * as Schema from "effect/Schema"
import { errorCodes } from "fastify"
import { describe, expect, it } from "vitest"
import { httpErrorOf, internalError } from "../src/http-errors.js"

describe("httpErrorOf", () => {
  it("gives a ValidationError a 400 with every issue it names", () => {
    fc.assert(
      fc.property(fc.array(Arbitrary.make(Errors.ValidationIssue), { minLength: 1 }), (issues) => {
        const error = Errors.ValidationError.fromIssues(issues)
        expect(httpErrorOf(error)).toEqual({
          status: 400,
          body: { error: "ValidationError", message: error.message, issues },
        })
      }),
    )
  })

  it("gives a ParseError a 400 with the path, message and kind of each issue", () => {
    const decoded = Schema.decodeUnknownEither(
      Schema.Struct({ lines: Schema.Array(Schema.Struct({ quantity: Schema.Number })) }),
      { errors: "all" },
    )({ lines: [{ quantity: "2" }, {}] })
    if (Either.isRight(decoded)) throw new Error("the input was meant to fail")
    const { status, body } = httpErrorOf(decoded.left)
    expect(status).toBe(400)
    expect(body).toMatchObject({
      error: "ParseError",
      issues: [
        { path: ["lines", 0, "quantity"], rule: "Type", message: 'Expected number, actual "2"' },
        { path: ["lines", 1, "quantity"], rule: "Missing", message: "is missing" },
      ],
    })
  })

  it("keeps the status of Fastify's own client errors and names each failing field", () => {
    expect(httpErrorOf(new errorCodes.FST_ERR_CTP_INVALID_JSON_BODY())).toEqual({
      status: 400,
      body: {
        error: "FST_ERR_CTP_INVALID_JSON_BODY",
        message: "Body is not valid JSON but content-type is set to 'application/json'",
      },
    })
    expect(httpErrorOf(new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE()).status).toBe(415)

    const invalid = Object.assign(
      new errorCodes.FST_ERR_VALIDATION("body/lines/0 must be object"),
      {
        validationContext: "body",
        validation: [
          { keyword: "type", instancePath: "/lines/0", schemaPath: "#/type", params: {} },
          {
            keyword: "required",
            instancePath: "/a~1b",
            schemaPath: "#/required",
            params: { missingProperty: "sku" },
            message: "must have required property 'sku'",
          },
        ],
      },
    )
    expect(httpErrorOf(invalid)).toEqual({
      status: 400,
      body: {
        error: "FST_ERR_VALIDATION",
        message: "body/lines/0 must be object",
        issues: [
          { path: ["body", "lines", 0], message: "is invalid", rule: "type" },
          {
            path: ["body", "a/b", "sku"],
            message: "must have required property 'sku'",
            rule: "required",
          },
        ],
      },
    })
  })

  it("answers 404 for what does not exist", () => {
    expect(httpErrorOf(new Errors.NotFoundError({ entity: "complaint", id: "cmp-1" }))).toEqual({
      status: 404,
      body: { error: "NotFoundError", message: "complaint cmp-1 not found" },
    })
    expect(
      httpErrorOf(new StoreError.StoreError({ reason: "NotFound", message: "gone", id: "x-1" })),
    ).toEqual({ status: 404, body: { error: "StoreError", message: "x-1 was not found" } })
  })

  it("answers 409 for a request that conflicts with what is stored", () => {
    const conflicts = [
      new Errors.InvalidTransitionError({
        entity: "complaint",
        state: "closed",
        attempted: "route",
      }),
      new Returns.IdempotencyKeyConflictError({ key: "k-1", caseId: "ret-1" }),
      new Returns.PolicyVersionConflictError({
        entity: "return policy",
        id: "standard",
        version: 1,
      }),
      new Segmentation.PolicyVersionConflictError({ version: "v1" }),
      new Segmentation.PolicyInForceError({ period: "p", inForce: "v1", requested: "v2" }),
      new StoreError.StoreError({ reason: "Duplicate", message: "taken", id: "ord-1" }),
      new StoreError.StoreError({ reason: "Conflict", message: "stale", id: "ord-1" }),
    ]
    for (const error of conflicts) {
      expect(httpErrorOf(error)).toMatchObject({ status: 409, body: { error: error._tag } })
    }
    expect(
      httpErrorOf(
        new Segmentation.PolicyInForceError({ period: "p", inForce: "a", requested: "b" }),
      ).body.rule,
    ).toBe("SEG-2")
  })

  it("CMP-2 a reused idempotency key is a 409; any other policy violation a 422, with its rule", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string(), (rule, message) => {
        const { status, body } = httpErrorOf(new Errors.PolicyViolationError({ rule, message }))
        expect(status).toBe(rule === "CMP-2" ? 409 : 422)
        expect(body).toEqual({ error: "PolicyViolationError", message, rule })
      }),
    )
    expect(
      httpErrorOf(new Errors.PolicyViolationError({ rule: "CMP-2", message: "key reused" })).status,
    ).toBe(409)
  })

  it("answers 422 for a well-formed request a rule of the domain refuses", () => {
    const refusals = [
      new Segmentation.TierOverrideRefusedError({
        customerId: "cus-1",
        period: "p",
        tier: "major",
        by: "s-1",
      }),
      new Money.CurrencyMismatchError({ operation: "add", left: "EUR", right: "USD" }),
      new Money.MoneyOverflowError({ operation: "add", currency: "EUR" }),
      new CalendarError.CalendarError({ reason: "NoWorkingTime", message: "no working time" }),
    ]
    for (const error of refusals) {
      expect(httpErrorOf(error)).toMatchObject({ status: 422, body: { error: error._tag } })
    }
  })

  it("answers 503 when the database or the service is going away, to be retried", () => {
    expect(
      httpErrorOf(new StoreError.StoreError({ reason: "Unavailable", message: "SQLITE_BUSY" })),
    ).toEqual({
      status: 503,
      body: { error: "StoreError", message: "the database is unavailable; try again" },
    })
    expect(
      httpErrorOf(new PromiseClient.ClientClosedError({ service: "@clientele/returns/Returns" }))
        .status,
    ).toBe(503)
  })

  it("answers 500 with a fixed body for anything else, whatever it says", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.anything(),
          fc.string().map((message) => new Error(message)),
          fc.string().map((message) => new TypeError(message)),
          fc
            .string()
            .map(
              (message) =>
                new StoreError.StoreError({ reason: "Corrupt", message, cause: message }),
            ),
        ),
        (error) => {
          expect(httpErrorOf(error)).toEqual({ status: 500, body: internalError })
        },
      ),
    )
  })

  it("answers 500 for Fastify's own server-side errors", () => {
    expect(httpErrorOf(new errorCodes.FST_ERR_LISTEN_OPTIONS_INVALID("port"))).toEqual({
      status: 500,
      body: internalError,
    })
  })
})
