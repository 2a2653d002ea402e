import { Civil, Errors, Ids, Period, Personal } from "@clientele/core"
import * as Arbitrary from "effect/Arbitrary"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import * as Schema from "effect/Schema"
import { describe, expect, it } from "vitest"
import * as Erasure from "../src/Erasure.js"
import * as Retention from "../src/Retention.js"

const right = <A, E>(result: Either.Either<A, E>): A => {
  if (Either.isLeft(result)) throw new Error(`expected Right, got ${String(result.left)}`)
  return result.right
}

const left = <A, E>(result: Either.Either<A, E>): E => {
  if (Either.isRight(result)) throw new Error("expected Left")
  return result.left
}

const sorted = (paths: ReadonlyArray<Erasure.Path>) =>
  [...paths].map((path) => path.join(".")).sort((a, b) => a.localeCompare(b))

// The other packages (`@clientele/complaints`, `@clientele/visits`, `@clientele/churn`)
// do not resolve from this package, so these schemas mirror how they mark fields:
// contact details and free text personal, staff referenced by `Ids.StaffId`.
const Email = Schema.String.pipe(
  Schema.pattern(/^[^\s@]+@[^\s@]+$/, { message: () => "an e-mail address" }),
)

const ContactDetails = Schema.Struct({
  name: Schema.optional(Personal.personal(Schema.NonEmptyTrimmedString)),
  phone: Schema.optional(Personal.personal(Schema.NonEmptyTrimmedString)),
  email: Schema.optional(Personal.personal(Email)),
})

const FollowUp = Schema.Struct({
  at: Period.Instant,
  by: Ids.StaffId,
  reached: Schema.Boolean,
  satisfaction: Schema.optional(Schema.Int.pipe(Schema.between(1, 5))),
  opinion: Schema.optional(Personal.personal(Schema.String)),
})

const Actor = Schema.Union(Ids.StaffId, Schema.Literal("customer", "system"))

const ComplaintLike = Schema.Struct({
  id: Ids.ComplaintId,
  customerId: Ids.CustomerId,
  contact: ContactDetails,
  description: Personal.personal(Schema.String),
  handlers: Schema.Array(Ids.StaffId),
  followUp: Schema.optional(FollowUp),
  earlierFollowUps: Schema.optionalWith(Schema.Array(FollowUp), { default: () => [] }),
  history: Schema.Array(
    Schema.Struct({
      at: Period.Instant,
      actor: Actor,
      note: Schema.optional(Personal.personal(Schema.String)),
    }),
  ),
})

const Signed = Schema.TaggedStruct("signed", {
  signedBy: Personal.personal(Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(200))),
  signedAt: Period.Instant,
  imageSha256: Personal.personal(Schema.String.pipe(Schema.pattern(/^[0-9a-f]{64}$/))),
})
const Refused = Schema.TaggedStruct("refused", {
  reason: Personal.personal(Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(2000))),
  at: Period.Instant,
})

const Address = Schema.Struct({
  name: Personal.personal(Schema.NonEmptyTrimmedString),
  street: Personal.personal(Schema.NonEmptyTrimmedString),
  postcode: Schema.String,
  country: Schema.String,
})

const VisitReport = Schema.Struct({
  id: Schema.String,
  customerId: Ids.CustomerId,
  technicianId: Ids.StaffId,
  durationMinutes: Schema.Int,
  siteAddress: Address,
  signature: Schema.Union(Signed, Refused),
  feedback: Schema.optional(
    Schema.Struct({ score: Schema.Int, comment: Personal.personal(Schema.String) }),
  ),
})

// A visit two technicians made: a staff erasure of one must leave the other's id.
const TwoTechnicianReport = Schema.Struct({
  ...VisitReport.fields,
  assistantId: Ids.StaffId,
  history: Schema.Array(
    Schema.Struct({
      at: Period.Instant,
      actor: Actor,
      note: Schema.optional(Personal.personal(Schema.String)),
    }),
  ),
})

const twoTechnicianReport = {
  id: "vr_2",
  customerId: "cus_42",
  technicianId: "tech_A",
  assistantId: "tech_B",
  durationMinutes: 90,
  siteAddress: { name: "Ada Martin", street: "1 Rue de la Paix", postcode: "75002", country: "FR" },
  signature: {
    _tag: "signed" as const,
    signedBy: "Ada Martin",
    signedAt: Date.UTC(2024, 5, 11),
    imageSha256: "a".repeat(64),
  },
  history: [
    { at: 1, actor: "tech_A", note: "arrived" },
    { at: 2, actor: "tech_B" },
    { at: 3, actor: "customer" },
  ],
}

describe("Erasure.personalPaths", () => {
  it("ARC-4 personal paths of nested structs, optional fields and arrays use * for elements", () => {
    expect(sorted(Erasure.personalPaths(ComplaintLike))).toEqual([
      "contact.email",
      "contact.name",
      "contact.phone",
      "description",
      "earlierFollowUps.*.opinion",
      "followUp.opinion",
      "history.*.note",
    ])
  })

  it("ARC-4 personal paths are found through tagged unions (a signature signed or refused)", () => {
    expect(sorted(Erasure.personalPaths(VisitReport))).toEqual([
      "feedback.comment",
      "signature.imageSha256",
      "signature.reason",
      "signature.signedBy",
      "siteAddress.name",
      "siteAddress.street",
    ])
  })

  it("ARC-4 a recursive schema is reported once, its repetition with a final **", () => {
    interface Comment {
      readonly author: string
      readonly likes: number
      readonly replies: ReadonlyArray<Comment>
    }
    const Comment = Schema.Struct({
      author: Personal.personal(Schema.String),
      likes: Schema.Number,
      replies: Schema.Array(Schema.suspend((): Schema.Schema<Comment> => Comment)),
    })
    expect(sorted(Erasure.personalPaths(Comment))).toEqual(["author", "replies.*.**"])
    interface Plain {
      readonly count: number
      readonly next?: Plain | undefined
    }
    const Plain = Schema.Struct({
      count: Schema.Number,
      next: Schema.optional(Schema.suspend((): Schema.Schema<Plain> => Plain)),
    })
    // A recursion without personal data adds no path.
    expect(Erasure.personalPaths(Plain)).toEqual([])
  })

  it("ARC-4 records, tuples, refinements, renamed keys, defaults and classes are walked", () => {
    class Customer extends Schema.Class<Customer>("Customer")({
      email: Personal.personal(Schema.String),
      tier: Schema.String,
    }) {}
    const Document = Schema.Struct({
      byLanguage: Schema.Record({
        key: Schema.String,
        value: Schema.Struct({ greeting: Personal.personal(Schema.String) }),
      }),
      pair: Schema.Tuple(Schema.Number, Personal.personal(Schema.String)),
      renamed: Personal.personal(Schema.String).pipe(
        Schema.propertySignature,
        Schema.fromKey("legacy_name"),
      ),
      withDefault: Schema.optionalWith(Personal.personal(Schema.String), { default: () => "x" }),
      customer: Customer,
      checked: Schema.Struct({ phone: Personal.personal(Schema.String) }).pipe(
        Schema.filter(() => true),
      ),
      wholeContact: Personal.personal(
        Schema.Struct({ line1: Schema.String, line2: Schema.String }),
      ),
    })
    expect(sorted(Erasure.personalPaths(Document))).toEqual([
      "byLanguage.*.greeting",
      "checked.phone",
      "customer.email",
      "legacy_name",
      "pair.1",
      "wholeContact",
      "withDefault",
    ])
  })

  it("ARC-4 a transformation that reshapes the document makes the whole encoded value personal", () => {
    const Stored = Schema.Struct({
      id: Schema.String,
      payload: Schema.parseJson(Schema.Struct({ name: Personal.personal(Schema.String) })),
    })
    expect(Erasure.personalPaths(Stored)).toEqual([["payload"]])
  })

  it("ARC-4 the employee on visit reports and complaint follow-ups is staff data a staff erasure finds", () => {
    expect(sorted(Erasure.referencePaths(ComplaintLike, ["StaffId"]))).toEqual([
      "earlierFollowUps.*.by",
      "followUp.by",
      "handlers.*",
      "history.*.actor",
    ])
    expect(Erasure.referencePaths(VisitReport, ["StaffId"])).toEqual([["technicianId"]])
    // The customer's personal paths do not list staff references, and vice versa.
    expect(sorted(Erasure.personalPaths(VisitReport))).not.toContain("technicianId")
  })
})

describe("Erasure.redact", () => {
  const report = {
    id: "vr_1",
    customerId: "cus_42",
    technicianId: "tech_7",
    durationMinutes: 45,
    siteAddress: {
      name: "Ada Martin",
      street: "1 Rue de la Paix",
      postcode: "75002",
      country: "FR",
    },
    signature: {
      _tag: "signed" as const,
      signedBy: "Ada Martin",
      signedAt: Date.UTC(2024, 5, 11),
      imageSha256: "a".repeat(64),
    },
    feedback: { score: 5, comment: "Lovely, Ada says" },
  }

  it("ARC-4 address snapshots and signatures on a visit report are scrubbed, the rest untouched", () => {
    const redacted = right(
      Erasure.redact(VisitReport, report, {
        byPath: [{ path: ["signature", "imageSha256"], value: "0".repeat(64) }],
      }),
    )
    expect(redacted).toEqual({
      ...report,
      siteAddress: { name: "[erased]", street: "[erased]", postcode: "75002", country: "FR" },
      signature: {
        _tag: "signed",
        signedBy: "[erased]",
        signedAt: report.signature.signedAt,
        imageSha256: "0".repeat(64),
      },
      feedback: { score: 5, comment: "[erased]" },
    })
    expect(Either.isRight(Schema.decodeUnknownEither(VisitReport)(redacted))).toBe(true)
    expect(JSON.stringify(redacted)).not.toContain("Ada")
    // The input is not modified.
    expect(report.siteAddress.name).toBe("Ada Martin")
  })

  it("ARC-4 a refinement the token violates leaves an optional field out, is an error naming a required one; its annotation or the caller decides", () => {
    const complaint = {
      id: "cmp_1",
      customerId: "cus_42",
      contact: { name: "Ada Martin", email: "ada@example.org" },
      description: "The boiler Ada bought leaks",
      handlers: ["agent-1"],
      history: [{ at: 1, actor: "agent-1", note: "called Ada" }],
    }
    expect(right(Erasure.redact(ComplaintLike, complaint)).contact).toEqual({ name: "[erased]" })
    const Required = Schema.Struct({ email: Personal.personal(Email), plan: Schema.String })
    const error = left(Erasure.redact(Required, { email: "ada@example.org", plan: "gold" }))
    expect(error).toBeInstanceOf(Erasure.RedactionError)
    expect((error as Erasure.RedactionError).path).toEqual(["email"])

    const byCaller = right(
      Erasure.redact(ComplaintLike, complaint, {
        byPath: [{ path: ["contact", "email"], value: "erased@invalid" }],
      }),
    )
    expect(byCaller.contact).toEqual({ name: "[erased]", email: "erased@invalid" })

    const Annotated = Schema.Struct({
      email: Personal.personal(Email).pipe(Erasure.erasedAs("nobody@invalid")),
      plan: Schema.String,
    })
    expect(right(Erasure.redact(Annotated, { email: "ada@example.org", plan: "gold" }))).toEqual({
      email: "nobody@invalid",
      plan: "gold",
    })
  })

  it("ARC-4 in a document about several customers, owners scopes the redaction to the structs that name the subject", () => {
    const Event = Schema.Struct({
      id: Schema.String,
      invited: Schema.Array(Ids.CustomerId),
      testimonials: Schema.Array(
        Schema.Struct({
          customerId: Ids.CustomerId,
          text: Personal.personal(Schema.String),
          publish: Schema.Boolean,
        }),
      ),
    })
    const gala = {
      id: "evt-1",
      invited: ["cus_ada", "cus_bob"],
      testimonials: [
        { customerId: "cus_ada", text: "Ada loved the music", publish: true },
        { customerId: "cus_bob", text: "Bob liked the food", publish: false },
      ],
    }
    const owners = { identifiers: ["CustomerId"], subjectIds: ["cus_ada"] }
    expect(right(Erasure.redact(Event, gala, { owners }))).toEqual({
      ...gala,
      testimonials: [
        { customerId: "cus_ada", text: Erasure.ERASED, publish: true },
        gala.testimonials[1],
      ],
    })
    // Without owners, every personal value goes.
    expect(JSON.stringify(right(Erasure.redact(Event, gala)))).not.toContain("Bob liked")
  })

  it("ARC-4 a staff erasure scrubs the staff references and leaves the customer's data alone", () => {
    const technicianSeven = { personal: false, identifiers: ["StaffId"], subjectIds: ["tech_7"] }
    const redacted = right(Erasure.redact(VisitReport, report, { targets: technicianSeven }))
    expect(redacted).toEqual({ ...report, technicianId: "[erased]" })
    const complaint = {
      id: "cmp_1",
      customerId: "cus_42",
      contact: { name: "Ada Martin" },
      description: "The boiler leaks",
      handlers: ["tech_7", "agent-1"],
      followUp: { at: 5, by: "tech_7", reached: true, opinion: "Ada is happy" },
      earlierFollowUps: [],
      history: [
        { at: 1, actor: "customer", note: "first call" },
        { at: 2, actor: "tech_7" },
      ],
    }
    const staffRedacted = right(
      Erasure.redact(ComplaintLike, complaint, { targets: technicianSeven }),
    )
    expect(staffRedacted).toEqual({
      ...complaint,
      // Only tech_7's references go: the colleague agent-1 stays a handler.
      handlers: ["[erased]", "agent-1"],
      followUp: { ...complaint.followUp, by: "[erased]" },
      // The literal actor "customer" is not a staff id; the customer's note stays.
      history: [
        { at: 1, actor: "customer", note: "first call" },
        { at: 2, actor: "[erased]" },
      ],
    })
  })

  it("ARC-4 a visit report with two technicians: erasing A scrubs A's id only and leaves B's", () => {
    const visit = { ...twoTechnicianReport, technicianId: "tech_A", assistantId: "tech_B" }
    const erasingA = right(
      Erasure.redact(TwoTechnicianReport, visit, {
        targets: { personal: false, identifiers: ["StaffId"], subjectIds: ["tech_A"] },
      }),
    )
    expect(erasingA).toEqual({
      ...visit,
      technicianId: "[erased]",
      history: [
        { at: 1, actor: "[erased]", note: "arrived" },
        { at: 2, actor: "tech_B" },
        { at: 3, actor: "customer" },
      ],
    })
    const erasingB = right(
      Erasure.redact(TwoTechnicianReport, visit, {
        targets: { personal: false, identifiers: ["StaffId"], subjectIds: ["tech_B"] },
      }),
    )
    expect(erasingB).toEqual({
      ...visit,
      assistantId: "[erased]",
      history: [
        { at: 1, actor: "tech_A", note: "arrived" },
        { at: 2, actor: "[erased]" },
        { at: 3, actor: "customer" },
      ],
    })
    // Personal fields are still replaced whole, whoever they are about.
    const withPersonal = right(
      Erasure.redact(TwoTechnicianReport, visit, {
        targets: { identifiers: ["StaffId"], subjectIds: ["tech_A"] },
        byPath: [{ path: ["signature", "imageSha256"], value: "0".repeat(64) }],
      }),
    )
    expect(withPersonal.assistantId).toBe("tech_B")
    expect(withPersonal.siteAddress.name).toBe(Erasure.ERASED)
    expect(withPersonal.history[0]?.note).toBe(Erasure.ERASED)
  })

  it("ARC-4 naming identifiers without the subjects whose references to replace is a ValidationError", () => {
    const error = left(
      Erasure.redact(VisitReport, report, {
        targets: { personal: false, identifiers: ["StaffId"] },
      }),
    )
    expect(error).toBeInstanceOf(Errors.ValidationError)
    expect((error as Errors.ValidationError).issues[0]?.path).toEqual(["targets", "subjectIds"])
  })

  it("ARC-4 property: a staff erasure removes every reference to the subject and no other value", () => {
    const staff = FastCheck.constantFrom("tech_A", "tech_B", "tech_C")
    FastCheck.assert(
      FastCheck.property(
        staff,
        staff,
        FastCheck.array(FastCheck.oneof(staff, FastCheck.constant("customer" as const)), {
          maxLength: 6,
        }),
        staff,
        (technicianId, assistantId, actors, erased) => {
          const visit = {
            ...twoTechnicianReport,
            technicianId,
            assistantId,
            history: actors.map((actor, index) => ({ at: index, actor })),
          }
          const redacted = right(
            Erasure.redact(TwoTechnicianReport, visit, {
              targets: { personal: false, identifiers: ["StaffId"], subjectIds: [erased] },
            }),
          )
          const keepOrErase = (id: string) => (id === erased ? Erasure.ERASED : id)
          expect(redacted).toEqual({
            ...visit,
            technicianId: keepOrErase(technicianId),
            assistantId: keepOrErase(assistantId),
            history: actors.map((actor, index) => ({ at: index, actor: keepOrErase(actor) })),
          })
        },
      ),
      { numRuns: 200 },
    )
  })

  it("ARC-4 numbers, booleans and whole personal structs follow the documented rule", () => {
    const Survey = Schema.Struct({
      age: Personal.personal(Schema.Number),
      smoker: Personal.personal(Schema.Boolean),
      home: Personal.personal(
        Schema.Struct({ lines: Schema.Array(Schema.String), floor: Schema.NullOr(Schema.Number) }),
      ),
      answeredAt: Schema.Number,
    })
    const input = {
      age: 41,
      smoker: true,
      home: { lines: ["1 Main St", "Flat 2"], floor: null },
      answeredAt: 7,
    }
    expect(right(Erasure.redact(Survey, input))).toEqual({
      age: 0,
      smoker: false,
      home: { lines: ["[erased]", "[erased]"], floor: null },
      answeredAt: 7,
    })
    expect(right(Erasure.redact(Survey, input, { text: "—", number: -1, boolean: true }))).toEqual({
      age: -1,
      smoker: true,
      home: { lines: ["—", "—"], floor: null },
      answeredAt: 7,
    })
  })

  it("ARC-4 a recursive document is scrubbed at every depth", () => {
    interface Comment {
      readonly author: string
      readonly likes: number
      readonly replies: ReadonlyArray<Comment>
    }
    const Comment = Schema.Struct({
      author: Personal.personal(Schema.String),
      likes: Schema.Number,
      replies: Schema.Array(Schema.suspend((): Schema.Schema<Comment> => Comment)),
    })
    const thread: Comment = {
      author: "Ada",
      likes: 3,
      replies: [{ author: "Bo", likes: 1, replies: [{ author: "Cy", likes: 0, replies: [] }] }],
    }
    expect(right(Erasure.redact(Comment, thread))).toEqual({
      author: "[erased]",
      likes: 3,
      replies: [
        { author: "[erased]", likes: 1, replies: [{ author: "[erased]", likes: 0, replies: [] }] },
      ],
    })
  })

  it("ARC-4 a document that does not decode is a ValidationError", () => {
    const error = left(Erasure.redact(Address, { name: "Ada" } as never))
    expect(error).toBeInstanceOf(Errors.ValidationError)
  })

  // A test schema with every shape: nested structs, optional fields, arrays, a tagged
  // union, a record and a non-personal refinement; personal values are strings,
  // numbers and booleans.
  const Note = Schema.Struct({
    at: Schema.Int,
    text: Personal.personal(Schema.String),
    pinned: Schema.Boolean,
  })
  const Generated = Schema.Struct({
    id: Schema.String.pipe(Schema.minLength(1)),
    amountMinor: Schema.Int,
    contact: Schema.Struct({
      name: Personal.personal(Schema.String),
      phone: Schema.optional(Personal.personal(Schema.String)),
      vip: Personal.personal(Schema.Boolean),
      country: Schema.String,
    }),
    notes: Schema.Array(Note),
    origin: Schema.Union(
      Schema.TaggedStruct("shop", { shopId: Schema.String }),
      Schema.TaggedStruct("phone", {
        callerAge: Personal.personal(Schema.Int),
        line: Schema.String,
      }),
    ),
    tags: Schema.Record({ key: Schema.String, value: Schema.String }),
  })

  /** The concrete paths of a document that match the path patterns. */
  const expand = (patterns: ReadonlyArray<Erasure.Path>, value: unknown): Array<Array<string>> => {
    const found: Array<Array<string>> = []
    const visit = (pattern: Erasure.Path, current: unknown, at: Array<string>) => {
      if (current === undefined) return
      const [head, ...tail] = pattern
      if (head === undefined) return void found.push(at)
      if (typeof current !== "object" || current === null) return
      const entries = Object.entries(current as Record<string, unknown>)
      for (const [key, child] of entries)
        if (head === Erasure.EVERY || head === key) visit(tail, child, [...at, key])
    }
    for (const pattern of patterns) visit(pattern, value, [])
    return found
  }
  const at = (value: unknown, path: ReadonlyArray<string>): unknown =>
    path.reduce<unknown>((current, key) => (current as Record<string, unknown>)[key], value)
  const withBlanks = (value: unknown, paths: ReadonlyArray<ReadonlyArray<string>>): unknown => {
    const copy = structuredClone(value) as Record<string, unknown>
    for (const path of paths) {
      const parent = at(copy, path.slice(0, -1)) as Record<string, unknown>
      parent[path[path.length - 1] as string] = "<personal>"
    }
    return copy
  }

  it("ARC-4 property: no personal value survives redact and every non-personal value is unchanged", () => {
    const patterns = Erasure.personalPaths(Generated)
    FastCheck.assert(
      FastCheck.property(Arbitrary.make(Generated), (generated) => {
        const document = Schema.encodeSync(Generated)(generated)
        const redacted = right(Erasure.redact(Generated, document))
        expect(Either.isRight(Schema.decodeUnknownEither(Generated)(redacted))).toBe(true)
        const personal = expand(patterns, document)
        for (const path of personal) {
          const original = at(document, path)
          const replaced = at(redacted, path)
          const expected =
            typeof original === "string" ? Erasure.ERASED : typeof original === "number" ? 0 : false
          expect(replaced).toBe(expected)
        }
        // Everything outside the personal paths is exactly as it was.
        expect(withBlanks(redacted, personal)).toEqual(withBlanks(document, personal))
      }),
      { numRuns: 200 },
    )
  })
})

// --- Plans ------------------------------------------------------------------------------

const UTC = Period.TimeZone.make("UTC")
const BERLIN = Period.TimeZone.make("Europe/Berlin")
const KEY = "erasure-evidence-key-2025"
const date = (text: string) => Period.CivilDate.make(text)
const NOW = Date.UTC(2025, 1, 3)

const schedule = (overrides: Partial<Retention.Schedule> & { id: string }): Retention.Schedule => ({
  recordType: "invoice",
  kind: "retention",
  trigger: { kind: "created" },
  retainFor: { years: 10 },
  countFrom: "endOfCalendarYear",
  action: "delete",
  legalBasis: "AO § 147 / HGB § 257",
  zone: UTC,
  ...overrides,
})

const policy = right(
  Retention.makePolicy({
    version: 4,
    schedules: [
      schedule({ id: "invoice-tax", minimumByLaw: { years: 10 } }),
      schedule({
        id: "order-commercial",
        recordType: "order",
        retainFor: { years: 6 },
        action: "anonymise",
        legalBasis: "HGB § 257(4)",
      }),
      schedule({
        id: "customer-cleanup",
        recordType: "customer",
        kind: "deletion",
        trigger: { kind: "lastActivity" },
        retainFor: { years: 3 },
        countFrom: "triggerDate",
        action: "delete",
        legalBasis: "GDPR Art. 5(1)(e)",
      }),
      schedule({
        id: "visit-report",
        recordType: "visitReport",
        kind: "deletion",
        retainFor: { years: 2 },
        countFrom: "triggerDate",
        action: "anonymise",
        legalBasis: "GDPR Art. 5(1)(e)",
      }),
      schedule({
        id: "complaint",
        recordType: "complaint",
        kind: "deletion",
        retainFor: { years: 3 },
        countFrom: "triggerDate",
        action: "anonymise",
        legalBasis: "GDPR Art. 5(1)(e)",
      }),
    ],
  }),
)

const customerCatalogue: Erasure.Catalogue = {
  customer: [["name"], ["email"]],
  invoice: [["billTo"]],
  order: [
    ["shippingAddress", "name"],
    ["shippingAddress", "street"],
  ],
  visitReport: Erasure.personalPaths(VisitReport),
  complaint: Erasure.personalPaths(ComplaintLike),
}

const staffCatalogue: Erasure.Catalogue = {
  visitReport: Erasure.referencePaths(VisitReport, ["StaffId"]),
  complaint: Erasure.referencePaths(ComplaintLike, ["StaffId"]),
}

const request = (overrides: Partial<Erasure.ErasureRequest> = {}): Erasure.ErasureRequest => ({
  id: "era_1",
  subjectId: "cus_42",
  receivedAt: Date.UTC(2025, 0, 31, 9),
  zone: UTC,
  identityVerified: true,
  grounds: ["17(1)(b)"],
  ...overrides,
})

const record = (
  id: string,
  type: string,
  dates: Retention.RecordFacts["dates"],
  subjectIds: ReadonlyArray<string> = ["cus_42"],
): Retention.RecordFacts => ({ id, type, subjectIds, dates })

const customerRecords: ReadonlyArray<Retention.RecordFacts> = [
  record("cus_42", "customer", { lastActivity: date("2024-11-02") }),
  record("inv_2013", "invoice", { created: date("2013-06-01") }),
  record("inv_2014", "invoice", { created: date("2014-12-31") }),
  record("inv_2015", "invoice", { created: date("2015-01-01") }),
  record("inv_2020", "invoice", { created: date("2020-03-15") }),
  record("inv_2024", "invoice", { created: date("2024-05-03") }),
  record("ord_2017", "order", { created: date("2017-04-01") }),
  record("ord_2023", "order", { created: date("2023-09-09") }),
  record("vr_1", "visitReport", { created: date("2024-06-11") }, ["cus_42", "tech_7"]),
  record("inv_other", "invoice", { created: date("2020-01-01") }, ["cus_7"]),
]

const hold = (overrides: Partial<Retention.LegalHold> & { id: string }): Retention.LegalHold => ({
  scope: { subjectIds: ["cus_42"] },
  reason: "dispute over the 2024 boiler repair",
  placedBy: Ids.StaffId.make("counsel-1"),
  placedAt: Date.UTC(2025, 0, 10),
  mode: "governance",
  ...overrides,
})

const outcomes = (plan: Erasure.ErasurePlan) =>
  Object.fromEntries(plan.records.map((planned) => [planned.recordId, planned.outcome]))

const context = (catalogue: Erasure.Catalogue): Erasure.ErasureContext => ({
  catalogue,
  maskingKey: KEY,
})

describe("Erasure.planErasure", () => {
  it("ARC-4 invoices inside the 10-year tax window are anonymised and kept, older ones disposed per schedule", () => {
    const plan = right(
      Erasure.planErasure(request(), customerRecords, policy, [], NOW, context(customerCatalogue)),
    )
    expect(outcomes(plan)).toEqual({
      cus_42: "delete",
      inv_2013: "delete",
      inv_2014: "delete",
      inv_2015: "anonymise",
      inv_2020: "anonymise",
      inv_2024: "anonymise",
      ord_2017: "anonymise",
      ord_2023: "anonymise",
      vr_1: "anonymise",
    })
    const byId = new Map(plan.records.map((planned) => [planned.recordId, planned]))
    const inv2020 = byId.get("inv_2020")
    expect(inv2020?.outcome === "anonymise" && inv2020.paths).toEqual([["billTo"]])
    expect(inv2020?.outcome === "anonymise" && inv2020.keptFor).toEqual({
      article: "17(3)(b)",
      scheduleId: "invoice-tax",
      legalBasis: "AO § 147 / HGB § 257",
      statutoryMinimum: false,
      until: Date.UTC(2031, 0, 1),
    })
    // Counting from the end of the calendar year: an invoice of 31 December 2014 was
    // kept through 2024 and is disposed of; one of 1 January 2015 is kept through 2025.
    const inv2015 = byId.get("inv_2015")
    expect(inv2015?.outcome === "anonymise" && inv2015.keptFor?.until).toBe(Date.UTC(2026, 0, 1))
    // The deletion of the 2013 invoice follows its schedule.
    const inv2013 = byId.get("inv_2013")
    expect(inv2013?.outcome === "delete" && inv2013.scheduleId).toBe("invoice-tax")
    // Another customer's invoice is not part of the plan.
    expect(byId.has("inv_other")).toBe(false)
    expect(plan.response.join("\n")).toContain("Art. 17(3)(b)")
  })

  it("ARC-4 orders keep their fiscal fields while the address snapshot is scrubbed", () => {
    const plan = right(
      Erasure.planErasure(request(), customerRecords, policy, [], NOW, context(customerCatalogue)),
    )
    const order = plan.records.find((planned) => planned.recordId === "ord_2023")
    expect(order?.outcome).toBe("anonymise")
    const paths = order?.outcome === "anonymise" ? order.paths : []
    const Order = Schema.Struct({
      id: Schema.String,
      totalMinor: Schema.Int,
      currency: Schema.String,
      placedAt: Schema.Number,
      shippingAddress: Address,
    })
    // The catalogue's paths for orders are exactly the personal paths of the schema.
    expect(sorted(paths)).toEqual(sorted(Erasure.personalPaths(Order)))
    const stored = {
      id: "ord_2023",
      totalMinor: 11_900,
      currency: "EUR",
      placedAt: Date.UTC(2023, 8, 9),
      shippingAddress: {
        name: "Ada Martin",
        street: "1 Rue de la Paix",
        postcode: "75002",
        country: "FR",
      },
    }
    expect(right(Erasure.redact(Order, stored))).toEqual({
      ...stored,
      shippingAddress: { name: "[erased]", street: "[erased]", postcode: "75002", country: "FR" },
    })
  })

  it("ARC-4 dates are coarsened as the policy says: an invoice kept for the tax office keeps the month of its dates, no finer", () => {
    const coarse = right(
      Retention.makePolicy({
        version: 5,
        schedules: [schedule({ id: "invoice-tax", coarsenDates: "month", zone: BERLIN })],
      }),
    )
    const plan = right(
      Erasure.planErasure(request(), customerRecords, coarse, [], NOW, context(customerCatalogue)),
    )
    const inv2020 = plan.records.find((planned) => planned.recordId === "inv_2020")
    expect(inv2020?.outcome === "anonymise" && inv2020.coarsenDates).toEqual({
      grain: "month",
      zone: BERLIN,
    })
    // Without the setting the plan keeps dates as they are.
    const exact = right(
      Erasure.planErasure(request(), customerRecords, policy, [], NOW, context(customerCatalogue)),
    )
    const kept = exact.records.find((planned) => planned.recordId === "inv_2020")
    expect(kept?.outcome === "anonymise" && kept.coarsenDates).toBeUndefined()

    // Redacting with it: every instant moves to the first instant of its month in
    // Berlin, amounts and other numbers stay, personal values go.
    const Invoice = Schema.Struct({
      number: Schema.String,
      issuedAt: Period.Instant,
      paidAt: Schema.optional(Period.Instant),
      totalMinor: Schema.Int,
      billTo: Personal.personal(Schema.String),
    })
    const invoice = {
      number: "2020-0042",
      issuedAt: Date.UTC(2020, 5, 17, 9, 30),
      paidAt: Date.UTC(2020, 6, 1, 0, 30), // 02:30 on 1 July in Berlin
      totalMinor: 11_900,
      billTo: "Ada Martin",
    }
    expect(
      right(Erasure.redact(Invoice, invoice, { coarsen: { grain: "month", zone: BERLIN } })),
    ).toEqual({
      number: "2020-0042",
      issuedAt: Date.UTC(2020, 4, 31, 22), // 1 June 00:00 in Berlin (summer time)
      paidAt: Date.UTC(2020, 5, 30, 22), // 1 July 00:00 in Berlin
      totalMinor: 11_900,
      billTo: Erasure.ERASED,
    })
  })

  it("ARC-4 a statutory minimum still running keeps the record (anonymised) even under a deletion schedule", () => {
    const floorPolicy = right(
      Retention.makePolicy({
        version: 1,
        schedules: [
          schedule({
            id: "warranty",
            recordType: "warranty",
            kind: "deletion",
            retainFor: { years: 5 },
            countFrom: "triggerDate",
            minimumByLaw: { years: 5 },
            legalBasis: "BGB § 438",
            action: "delete",
          }),
        ],
      }),
    )
    const plan = right(
      Erasure.planErasure(
        request(),
        [record("war_1", "warranty", { created: date("2023-01-10") })],
        floorPolicy,
        [],
        NOW,
        context({ warranty: [["buyer"]] }),
      ),
    )
    const [planned] = plan.records
    expect(planned?.outcome).toBe("anonymise")
    expect(planned?.outcome === "anonymise" && planned.keptFor).toEqual({
      article: "17(3)(b)",
      scheduleId: "warranty",
      legalBasis: "BGB § 438",
      statutoryMinimum: true,
      until: Date.UTC(2028, 0, 11),
    })
  })

  it("ARC-4 an erasure request on a held subject retains the records (legalHold, 17(3)(e)) and the response explains it", () => {
    const holds = [hold({ id: "hold_1" })]
    const plan = right(
      Erasure.planErasure(
        request(),
        customerRecords,
        policy,
        holds,
        NOW,
        context(customerCatalogue),
      ),
    )
    for (const planned of plan.records) {
      expect(planned.outcome).toBe("retain")
      expect(planned.outcome === "retain" && planned.article).toBe("17(3)(e)")
      expect(planned.outcome === "retain" && planned.holdIds).toEqual(["hold_1"])
    }
    expect(plan.respondBy).toBe("2025-02-28")
    const response = plan.response.join("\n")
    expect(response).toContain("Art. 17(3)(e)")
    expect(response).toContain("2025-02-28")
    expect(response).not.toContain("cus_42")
    expect(response).not.toContain("dispute")
  })

  it("ARC-4 a hold scoped to invoices retains the invoices only; a released hold no longer does", () => {
    const invoicesOnly = hold({
      id: "hold_inv",
      scope: { subjectIds: ["cus_42"], recordTypes: ["invoice"] },
    })
    const plan = right(
      Erasure.planErasure(
        request(),
        customerRecords,
        policy,
        [invoicesOnly],
        NOW,
        context(customerCatalogue),
      ),
    )
    for (const planned of plan.records)
      expect(planned.outcome === "retain").toBe(planned.recordType === "invoice")
    const released = {
      ...invoicesOnly,
      releasedAt: Date.UTC(2025, 1, 1),
      releasedBy: Ids.StaffId.make("counsel-1"),
    }
    const after = right(
      Erasure.planErasure(
        request(),
        customerRecords,
        policy,
        [released],
        NOW,
        context(customerCatalogue),
      ),
    )
    expect(after.records.some((planned) => planned.outcome === "retain")).toBe(false)
  })

  it("ARC-4 a staff erasure finds the employee on visit reports and complaint follow-ups", () => {
    const records = [
      record("vr_1", "visitReport", { created: date("2024-06-11") }, ["cus_42", "tech_7"]),
      record("cmp_1", "complaint", { created: date("2024-09-01") }, ["cus_42", "tech_7"]),
      record("vr_2", "visitReport", { created: date("2024-07-01") }, ["cus_9", "tech_8"]),
    ]
    const plan = right(
      Erasure.planErasure(
        request({ id: "era_staff", subjectId: "tech_7", grounds: ["17(1)(a)"] }),
        records,
        policy,
        [],
        NOW,
        context(staffCatalogue),
      ),
    )
    expect(outcomes(plan)).toEqual({ vr_1: "anonymise", cmp_1: "anonymise" })
    const visit = plan.records.find((planned) => planned.recordId === "vr_1")
    expect(visit?.outcome === "anonymise" && visit.paths).toEqual([["technicianId"]])
    const complaint = plan.records.find((planned) => planned.recordId === "cmp_1")
    expect(sorted(complaint?.outcome === "anonymise" ? complaint.paths : [])).toContain(
      "followUp.by",
    )
    // The customer's personal data is not part of a staff erasure.
    expect(sorted(complaint?.outcome === "anonymise" ? complaint.paths : [])).not.toContain(
      "description",
    )
  })

  it("ARC-4 a staff erasure plan for a visit of two technicians scrubs A's id only and leaves B's", () => {
    const staffTargets = { personal: false, identifiers: ["StaffId"] }
    const records = [
      record("vr_2", "visitReport", { created: date("2024-06-11") }, [
        "cus_42",
        "tech_A",
        "tech_B",
      ]),
    ]
    const plan = right(
      Erasure.planErasure(
        request({ id: "era_staff", subjectId: "tech_A", grounds: ["17(1)(a)"] }),
        records,
        policy,
        [],
        NOW,
        {
          catalogue: { visitReport: Erasure.referencePaths(TwoTechnicianReport, ["StaffId"]) },
          maskingKey: KEY,
          targets: staffTargets,
        },
      ),
    )
    const [planned] = plan.records
    expect(planned?.outcome).toBe("anonymise")
    if (planned?.outcome !== "anonymise") return
    // The plan narrows the context's targets to the request's subject.
    expect(planned.targets).toEqual({ ...staffTargets, subjectIds: ["tech_A"] })
    const redacted = right(
      Erasure.redact(TwoTechnicianReport, twoTechnicianReport, { targets: planned.targets }),
    )
    expect(redacted).toEqual({
      ...twoTechnicianReport,
      technicianId: Erasure.ERASED,
      history: [
        { at: 1, actor: Erasure.ERASED, note: "arrived" },
        { at: 2, actor: "tech_B" },
        { at: 3, actor: "customer" },
      ],
    })
    expect(JSON.stringify(redacted)).not.toContain("tech_A")
    expect(JSON.stringify(redacted)).toContain("tech_B")
  })

  it("ARC-4 the evidence carries a masked subject reference and counts only, no personal value", () => {
    const plan = right(
      Erasure.planErasure(request(), customerRecords, policy, [], NOW, context(customerCatalogue)),
    )
    expect(plan.evidence.subjectRef).toBe(Erasure.maskSubject("cus_42", KEY))
    expect(plan.evidence.subjectRef).toMatch(/^subj_[0-9a-f]{64}$/)
    expect(Erasure.maskSubject("cus_42", `${KEY}-rotated`)).not.toBe(plan.evidence.subjectRef)
    const text = JSON.stringify(plan.evidence)
    expect(text).not.toContain("cus_42")
    for (const planned of plan.records) expect(text).not.toContain(planned.recordId)
    expect(plan.evidence.counts).toEqual([
      { recordType: "customer", outcome: "delete", count: 1 },
      { recordType: "invoice", outcome: "delete", count: 2 },
      { recordType: "invoice", outcome: "anonymise", count: 3 },
      { recordType: "order", outcome: "anonymise", count: 2 },
      { recordType: "visitReport", outcome: "anonymise", count: 1 },
    ])
    expect(plan.evidence).toMatchObject({
      requestId: "era_1",
      grounds: ["17(1)(b)"],
      policyVersion: 4,
      decidedAt: NOW,
      respondBy: "2025-02-28",
    })
    expect(Either.isRight(Schema.validateEither(Erasure.ErasurePlan)(plan))).toBe(true)
  })

  it("ARC-4 the masking hash is HMAC-SHA-256 (RFC 4231 test case 2)", () => {
    expect(Erasure.maskSubject("what do ya want for nothing?", "Jefe")).toBe(
      "subj_5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
    )
  })

  it("ARC-4 an unverified identity is a typed error and nothing is planned", () => {
    const error = left(
      Erasure.planErasure(
        request({ identityVerified: false }),
        customerRecords,
        policy,
        [],
        NOW,
        context(customerCatalogue),
      ),
    )
    expect(error).toBeInstanceOf(Erasure.IdentityNotVerifiedError)
    expect(error.message).toContain("era_1")
  })

  it("ARC-4 the identity check comes before validating the records and the catalogue", () => {
    // A record type the catalogue lacks and a duplicate record: invalid, but the
    // unverified requester is told only that their identity is not verified.
    const unverified = left(
      Erasure.planErasure(
        request({ identityVerified: false }),
        [record("note_1", "note", {}), record("note_1", "note", {})],
        policy,
        [],
        NOW,
        context(customerCatalogue),
      ),
    )
    expect(unverified).toBeInstanceOf(Erasure.IdentityNotVerifiedError)
    // A malformed request itself is still a ValidationError naming its path.
    const malformed = left(
      Erasure.planErasure(
        { ...request({ identityVerified: false }), grounds: [] as never },
        customerRecords,
        policy,
        [],
        NOW,
        context(customerCatalogue),
      ),
    )
    expect(malformed).toBeInstanceOf(Errors.ValidationError)
    const paths = (malformed as Errors.ValidationError).issues.map((issue) => issue.path.join("."))
    expect(paths.some((path) => path.startsWith("request.grounds"))).toBe(true)
  })

  it("ARC-4 the response names the last kept civil day in the schedule's zone, west and east of UTC", () => {
    const keptIn = (zone: string) =>
      right(
        Erasure.planErasure(
          request(),
          [record("inv_2020", "invoice", { created: date("2020-03-15") })],
          right(
            Retention.makePolicy({
              version: 1,
              schedules: [schedule({ id: "invoice-tax", zone: Period.TimeZone.make(zone) })],
            }),
          ),
          [],
          NOW,
          context(customerCatalogue),
        ),
      )
    // Ten years from the end of 2020: kept through 31 December 2030, gone from the
    // first instant of 1 January 2031 in the schedule's zone.
    for (const [zone, firstInstantGone] of [
      ["America/New_York", Date.UTC(2031, 0, 1, 5)],
      ["Europe/Berlin", Date.UTC(2030, 11, 31, 23)],
    ] as const) {
      const plan = keptIn(zone)
      const [planned] = plan.records
      expect(planned?.outcome === "anonymise" && planned.keptFor?.until).toBe(firstInstantGone)
      const kept = plan.response.find((line) => line.includes("17(3)(b)"))
      expect(kept).toContain("until 2030-12-31.")
      expect(kept).not.toContain("2031-01-01")
    }
  })

  it("ARC-4 the answer is due one month after receipt in the request's zone (Art. 12(3))", () => {
    expect(Erasure.respondBy(Date.UTC(2025, 0, 31, 9), "UTC")).toBe("2025-02-28")
    expect(Erasure.respondBy(Date.UTC(2024, 0, 31, 9), "UTC")).toBe("2024-02-29")
    expect(Erasure.respondBy(Date.UTC(2025, 2, 15), "UTC")).toBe("2025-04-15")
    expect(Erasure.respondBy(Date.UTC(2024, 11, 20), "UTC")).toBe("2025-01-20")
    // 23:30 UTC on 31 January is already 1 February in Berlin.
    expect(Erasure.respondBy(Date.UTC(2025, 0, 31, 23, 30), "Europe/Berlin")).toBe("2025-03-01")
  })

  it("ARC-4 already disposed records and unscheduled record types are planned explicitly", () => {
    const records = [
      {
        ...record("inv_old", "invoice", { created: date("2010-01-01") }),
        disposition: { action: "delete" as const, at: Date.UTC(2021, 0, 2) },
      },
      record("note_1", "note", { created: date("2024-01-01") }),
    ]
    const plan = right(
      Erasure.planErasure(
        request(),
        records,
        policy,
        [],
        NOW,
        context({ ...customerCatalogue, note: [["text"]] }),
      ),
    )
    expect(plan.records[0]).toMatchObject({ outcome: "alreadyDisposed", action: "delete" })
    expect(plan.records[1]).toMatchObject({ outcome: "anonymise", paths: [["text"]] })
    expect(plan.records[1]?.explanation.join(" ")).toContain("gap")
  })

  it("ARC-4 a record type missing from the catalogue or a duplicate record is a ValidationError", () => {
    const error = left(
      Erasure.planErasure(
        request(),
        [record("note_1", "note", {}), record("note_1", "note", {})],
        policy,
        [],
        NOW,
        context(customerCatalogue),
      ),
    )
    expect(error).toBeInstanceOf(Errors.ValidationError)
    const paths = (error as Errors.ValidationError).issues.map((issue) => issue.path.join("."))
    expect(paths).toContain("records.0.type")
    expect(paths).toContain("records.1.id")
  })

  it("ARC-4 planning is deterministic: the same input gives the same plan", () => {
    const once = Erasure.planErasure(
      request(),
      customerRecords,
      policy,
      [],
      NOW,
      context(customerCatalogue),
    )
    const twice = Erasure.planErasure(
      request(),
      customerRecords,
      policy,
      [],
      NOW,
      context(customerCatalogue),
    )
    expect(right(once)).toEqual(right(twice))
    expect(Civil.format(Civil.parse(right(once).respondBy) ?? 0)).toBe("2025-02-28")
  })
})
