import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Schema from "effect/Schema"
import * as Errors from "../src/Errors.js"
import * as Ids from "../src/Ids.js"

const Order = Schema.Struct({
  customer: Schema.NonEmptyString,
  lines: Schema.Array(
    Schema.Struct({
      sku: Schema.String,
      quantity: Schema.Int.pipe(
        Schema.positive({ message: () => "the quantity must be a positive integer" }),
      ),
    }),
  ),
})

describe("Errors.ValidationError", () => {
  it("carries the path and the message of a nested schema issue", () => {
    const result = Errors.decodeEither(Order)({
      customer: "cus_1",
      lines: [{ sku: "a", quantity: 0 }],
    })
    expect(Either.isLeft(result)).toBe(true)
    if (Either.isLeft(result)) {
      expect(result.left).toBeInstanceOf(Errors.ValidationError)
      expect(result.left._tag).toBe("ValidationError")
      expect(result.left.issues).toEqual([
        { path: ["lines", 0, "quantity"], message: "the quantity must be a positive integer" },
      ])
      expect(result.left.message).toBe("lines.0.quantity: the quantity must be a positive integer")
    }
  })

  it("collects every failing path, not only the first", () => {
    const result = Errors.decodeEither(Order)({
      customer: "",
      lines: [
        { sku: "a", quantity: 1 },
        { sku: 7, quantity: -1 },
      ],
    })
    const paths = Either.match(result, {
      onLeft: (error) => error.issues.map((issue) => issue.path),
      onRight: () => [],
    })
    expect(paths).toEqual([["customer"], ["lines", 1, "sku"], ["lines", 1, "quantity"]])
  })

  it('reports a bad value of an optional field once, without the union\'s "Expected undefined"', () => {
    const Contact = Schema.Struct({
      name: Schema.String,
      email: Schema.optional(
        Schema.String.pipe(Schema.pattern(/@/, { message: () => "an e-mail address" })),
      ),
      phone: Schema.optionalWith(Schema.NullOr(Schema.String), { exact: true }),
      note: Schema.UndefinedOr(Schema.String),
    })
    const issues = (input: unknown) =>
      Either.match(Errors.decodeEither(Contact)(input), {
        onLeft: (error) => error.issues,
        onRight: () => [],
      })
    expect(issues({ name: "Ada", email: "nope", note: undefined })).toEqual([
      { path: ["email"], message: "an e-mail address" },
    ])
    expect(issues({ name: "Ada", email: 7, note: 3 }).map((issue) => issue.message)).toEqual([
      "Expected string, actual 7",
      "Expected string, actual 3",
    ])
    // a union without an undefined branch keeps every branch's issue
    expect(issues({ name: "Ada", phone: 7, note: undefined })).toHaveLength(2)
    // and undefined where it is not allowed is still reported
    expect(issues({ name: undefined, note: undefined })).toEqual([
      { path: ["name"], message: "Expected string, actual undefined" },
    ])
  })

  it("reports an empty list that must not be empty at the list, not as its missing first item", () => {
    const Plan = Schema.Struct({ steps: Schema.NonEmptyArray(Schema.String) })
    const issues = (input: unknown) =>
      Either.match(Errors.decodeEither(Plan)(input), {
        onLeft: (error) => error.issues,
        onRight: () => [],
      })
    expect(issues({ steps: [] })).toEqual([
      { path: ["steps"], message: "must hold at least one item" },
    ])
    expect(issues({ steps: ["a", 2] })).toEqual([
      { path: ["steps", 1], message: "Expected string, actual 2" },
    ])
  })

  it("names the root when the whole input is wrong", () => {
    const error = Errors.ValidationError.fromIssues([{ path: [], message: "expected an object" }])
    expect(error.message).toBe("(root): expected an object")
    expect(error).toBeInstanceOf(Error)
  })

  it.effect("decode fails in the error channel with the same ValidationError", () =>
    Effect.gen(function* () {
      const exit = yield* Effect.exit(Errors.decode(Order)({ customer: "c", lines: "none" }))
      expect(Exit.isFailure(exit)).toBe(true)
      const error = yield* Effect.flip(Errors.decode(Order)({ customer: "c", lines: "none" }))
      expect(error._tag).toBe("ValidationError")
      expect(error.issues[0]?.path).toEqual(["lines"])
    }),
  )

  it.effect("decode succeeds with the decoded value", () =>
    Effect.gen(function* () {
      const order = yield* Errors.decode(Order)({ customer: "c", lines: [] })
      expect(order).toEqual({ customer: "c", lines: [] })
    }),
  )
})

describe("Errors: domain errors", () => {
  it("are tagged Errors with messages built from their data", () => {
    const notFound = new Errors.NotFoundError({ entity: "Complaint", id: "cmp_9" })
    expect(notFound).toBeInstanceOf(Error)
    expect(notFound._tag).toBe("NotFoundError")
    expect(notFound.message).toBe("Complaint cmp_9 not found")
    const transition = new Errors.InvalidTransitionError({
      entity: "Complaint",
      state: "closed",
      attempted: "assign",
    })
    expect(transition.message).toBe("Complaint in state closed cannot assign")
    const violation = new Errors.PolicyViolationError({ rule: "SEG-2", message: "no override" })
    expect(violation.rule).toBe("SEG-2")
    expect(violation.message).toBe("no override")
  })

  it("round-trip through their schema (they can be stored and sent)", () => {
    const error = new Errors.NotFoundError({ entity: "Order", id: "ord_1" })
    const encoded = Schema.encodeSync(Errors.NotFoundError)(error)
    expect(encoded).toEqual({ _tag: "NotFoundError", entity: "Order", id: "ord_1" })
    const decoded = Schema.decodeUnknownSync(Errors.NotFoundError)(encoded)
    expect(decoded).toBeInstanceOf(Errors.NotFoundError)
    expect(decoded.message).toBe(error.message)
  })
})

describe("Errors.under and Errors.decodeAt", () => {
  it("put an argument's issues under the path where it sits in the call", () =>
    Effect.runPromise(
      Effect.gen(function* () {
        const moved = Errors.under(["routes", 2])(
          Errors.ValidationError.fromIssues([{ path: ["owner"], message: "missing" }]),
        )
        expect(moved.issues).toEqual([{ path: ["routes", 2, "owner"], message: "missing" }])
        const refused = yield* Effect.flip(Errors.decodeAt(Ids.StaffId, ["by"])(""))
        expect(refused.issues.map((issue) => issue.path[0])).toEqual(["by"])
        expect(yield* Errors.decodeAt(Ids.StaffId, ["by"])("s-1")).toBe("s-1")
      }),
    ))
})
