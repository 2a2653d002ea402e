import * as Schema from "effect/Schema"
import type * as AST from "effect/SchemaAST"
import { describe, expect, it } from "vitest"
import * as Personal from "../src/Personal.js"

/** Walks a schema's AST and lists the paths of the fields marked personal. */
const personalPaths = (ast: AST.AST, prefix: ReadonlyArray<PropertyKey> = []): Array<string> => {
  switch (ast._tag) {
    case "Transformation":
      // A Schema.Class is a transformation from its fields to the class instance.
      return personalPaths(ast.from, prefix)
    case "Refinement":
      return personalPaths(ast.from, prefix)
    case "TypeLiteral":
      return ast.propertySignatures.flatMap((field) => {
        const path = [...prefix, field.name]
        return Personal.isPersonal(field)
          ? [path.map(String).join(".")]
          : personalPaths(field.type, path)
      })
    case "Union":
      return ast.types.flatMap((member) => personalPaths(member, prefix))
    case "TupleType":
      return ast.rest.flatMap((element) => personalPaths(element.type, [...prefix, "[]"]))
    default:
      return []
  }
}

const Address = Schema.Struct({
  street: Personal.personal(Schema.String),
  city: Schema.String,
})

const Customer = Schema.Struct({
  id: Schema.String,
  name: Personal.personal(Schema.NonEmptyString),
  email: Schema.optional(Personal.personal(Schema.String)),
  phone: Schema.NullOr(Personal.personal(Schema.String)),
  notes: Personal.personal(Schema.String).pipe(Schema.maxLength(500)),
  tier: Schema.Literal("major", "general", "potential"),
  address: Address,
  contacts: Schema.Array(
    Schema.Struct({ name: Personal.personal(Schema.String), role: Schema.String }),
  ),
})

describe("Personal", () => {
  it("finds the marked fields of a Struct by walking its AST", () => {
    expect(personalPaths(Customer.ast)).toEqual([
      "name",
      "email",
      "phone",
      "notes",
      "address.street",
      "contacts.[].name",
    ])
  })

  it("finds the marked fields of a Schema.Class", () => {
    class Feedback extends Schema.Class<Feedback>("Feedback")({
      score: Schema.Number,
      comment: Personal.personal(Schema.String),
      signature: Schema.optionalWith(Personal.personal(Schema.String), { exact: true }),
    }) {}
    expect(personalPaths(Feedback.ast)).toEqual(["comment", "signature"])
  })

  it("marks with one shared annotation id and leaves the schema's behaviour unchanged", () => {
    const Name = Personal.personal(Schema.NonEmptyString)
    expect(Name.ast.annotations[Personal.PersonalAnnotationId]).toBe(true)
    expect(Personal.PersonalAnnotationId).toBe(Symbol.for("@clientele/core/Personal"))
    expect(Schema.is(Name)("Ada")).toBe(true)
    expect(Schema.is(Name)("")).toBe(false)
    expect(Personal.isPersonal(Schema.String.ast)).toBe(false)
    expect(Personal.isPersonal(Name.ast)).toBe(true)
  })
})
