import { Errors, Ids, Personal } from "@clientele/core"
import * as Arbitrary from "effect/Arbitrary"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"
import { describe, expect, it } from "vitest"
import * as Category from "../src/Category.js"
import * as OutOfStock from "../src/OutOfStock.js"

const right = <A, E>(result: Either.Either<A, E>): A => {
  if (Either.isLeft(result)) throw new Error(`expected Right, got ${String(result.left)}`)
  return result.right
}

const left = <A, E>(result: Either.Either<A, E>): E => {
  if (Either.isRight(result)) throw new Error("expected Left")
  return result.left
}

const QUEUED_AT = Date.UTC(2024, 2, 1, 9)
const RESTOCK_AT = Date.UTC(2024, 2, 20, 7)
const boot = Ids.ProductId.make("prd_boot")
const complaintId = Ids.ComplaintId.make("cmp_1")
const customerId = Ids.CustomerId.make("cus_1")

const encodedRequest = {
  wanted: {
    productId: "prd_boot",
    sku: "BOOT-42-BRN",
    attributes: { size: "42", colour: "brown" },
    quantity: 1,
  },
  contact: { name: "Ada Lovelace", email: "ada@example.com" },
  notifyWhenBack: true,
  substitutes: [],
}

const decodeRequest = Errors.decodeEither(OutOfStock.Request)

const validRequest = right(decodeRequest(encodedRequest))

const notice = (
  overrides: Partial<OutOfStock.BackInStockNotice> = {},
): OutOfStock.BackInStockNotice => ({
  ...Option.getOrThrow(
    OutOfStock.noticeOf(validRequest, { complaintId, customerId, at: QUEUED_AT }),
  ),
  ...overrides,
})

/** The property signatures of a struct schema's type side (through its filters). */
const fieldsOf = (schema: Schema.Schema.Any) =>
  AST.getPropertySignatures(Schema.typeSchema(schema).ast)

const personalFields = (schema: Schema.Schema.Any) =>
  fieldsOf(schema)
    .filter(Personal.isPersonal)
    .map((field) => String(field.name))

describe("OutOfStock: the request", () => {
  it("CMP-8 records the wanted variant and the customer's contact", () => {
    expect(validRequest.wanted).toEqual({
      productId: "prd_boot",
      sku: "BOOT-42-BRN",
      attributes: { size: "42", colour: "brown" },
      quantity: 1,
    })
    expect(validRequest.contact).toEqual({ name: "Ada Lovelace", email: "ada@example.com" })
  })

  it("CMP-8 a request without a phone or email is refused on the contact", () => {
    const error = left(decodeRequest({ ...encodedRequest, contact: { name: "Ada Lovelace" } }))
    expect(error._tag).toBe("ValidationError")
    expect(error.issues).toEqual([
      {
        path: ["contact", "phone"],
        message: "record the customer's phone or email so they can be told (CMP-8)",
      },
    ])
    expect(
      right(decodeRequest({ ...encodedRequest, contact: { phone: "+49 30 1234567" } })).contact,
    ).toEqual({
      phone: "+49 30 1234567",
    })
    expect(
      left(decodeRequest({ ...encodedRequest, contact: { email: "not an email" } })).issues[0]
        ?.path,
    ).toEqual(["contact", "email"])
  })

  it("CMP-8 a request that neither queues a notice nor proposes a substitute is refused", () => {
    const error = left(decodeRequest({ ...encodedRequest, notifyWhenBack: false }))
    expect(error._tag).toBe("ValidationError")
    expect(error.issues).toHaveLength(1)
    expect(error.issues[0]?.path).toEqual(["substitutes"])
    expect(error.message).toContain("CMP-8")
    const substituted = right(
      decodeRequest({
        ...encodedRequest,
        notifyWhenBack: false,
        substitutes: [
          { productId: "prd_boot", sku: "BOOT-42-BLK", note: "the same boot in black" },
        ],
      }),
    )
    expect(substituted.substitutes).toHaveLength(1)
  })

  it("CMP-8 a substitute must differ from the wanted variant", () => {
    const error = left(
      decodeRequest({
        ...encodedRequest,
        substitutes: [{ productId: "prd_other" }, { productId: "prd_boot", sku: "BOOT-42-BRN" }],
      }),
    )
    expect(error.issues.map((issue) => issue.path)).toEqual([["substitutes", 1]])
  })

  it("CMP-8 the wanted variant names at least one attribute and a positive quantity", () => {
    const noAttributes = left(
      decodeRequest({ ...encodedRequest, wanted: { ...encodedRequest.wanted, attributes: {} } }),
    )
    expect(noAttributes.issues[0]?.path).toEqual(["wanted", "attributes"])
    expect(noAttributes.message).toContain("CMP-8")
    const zero = left(
      decodeRequest({ ...encodedRequest, wanted: { ...encodedRequest.wanted, quantity: 0 } }),
    )
    expect(zero.issues[0]?.path).toEqual(["wanted", "quantity"])
  })

  it("CMP-8 out-of-stock details apply to categories flagged out of stock", () => {
    expect(Category.builtIn.filter(OutOfStock.appliesTo).map((category) => category.id)).toEqual([
      "product/out-of-stock",
    ])
  })
})

describe("OutOfStock: personal data", () => {
  it("CMP-8 the contact's name, phone and email carry the personal annotation", () => {
    expect(personalFields(OutOfStock.Contact)).toEqual(["name", "phone", "email"])
    const contact = Schema.typeSchema(OutOfStock.Contact).ast
    expect(contact._tag).toBe("Refinement")
    if (contact._tag !== "Refinement") return
    const literal = contact.from as AST.TypeLiteral
    expect(literal.propertySignatures.every(Personal.isPersonal)).toBe(true)
  })

  it("CMP-8 a substitute's free-text note is personal; ids and structure are not", () => {
    expect(personalFields(OutOfStock.Substitute)).toEqual(["note"])
    expect(personalFields(OutOfStock.WantedVariant)).toEqual([])
    expect(personalFields(OutOfStock.Request)).toEqual([])
    expect(personalFields(OutOfStock.BackInStockNotice)).toEqual([])
    // The contact inside a request and a notice is the personal Contact schema itself.
    for (const schema of [OutOfStock.Request, OutOfStock.BackInStockNotice]) {
      const contact = fieldsOf(schema).find((field) => field.name === "contact")
      expect(contact && personalFields(Schema.make(contact.type))).toEqual([
        "name",
        "phone",
        "email",
      ])
    }
  })
})

describe("OutOfStock: back-in-stock notices", () => {
  it("CMP-8 a request that asks for it queues a notice with a deterministic id", () => {
    const queued = notice()
    expect(queued).toEqual({
      id: "cmp_1:back-in-stock",
      complaintId,
      customerId,
      wanted: validRequest.wanted,
      contact: validRequest.contact,
      queuedAt: QUEUED_AT,
      status: "queued",
    })
    expect(right(Errors.decodeEither(OutOfStock.BackInStockNotice)(queued))).toEqual(queued)
    expect(OutOfStock.noticeOf(validRequest, { complaintId, customerId, at: QUEUED_AT })).toEqual(
      Option.some(queued),
    )
  })

  it("CMP-8 no notice is queued when the customer took substitutes instead", () => {
    const substitutesOnly = right(
      decodeRequest({
        ...encodedRequest,
        notifyWhenBack: false,
        substitutes: [{ productId: "prd_clog" }],
      }),
    )
    expect(
      Option.isNone(
        OutOfStock.noticeOf(substitutesOnly, { complaintId, customerId, at: QUEUED_AT }),
      ),
    ).toBe(true)
  })

  it("CMP-8 a restock sends the queued notices for that product and SKU", () => {
    const sized = notice()
    const anySku = notice({
      id: "cmp_2:back-in-stock",
      complaintId: Ids.ComplaintId.make("cmp_2"),
      wanted: { productId: boot, attributes: { size: "41" }, quantity: 1 },
    })
    const otherSku = notice({
      id: "cmp_3:back-in-stock",
      wanted: { ...sized.wanted, sku: "BOOT-44-BRN" },
    })
    const otherProduct = notice({
      id: "cmp_4:back-in-stock",
      wanted: { ...sized.wanted, productId: Ids.ProductId.make("prd_clog") },
    })
    const cancelled = right(OutOfStock.cancel(notice({ id: "cmp_5:back-in-stock" }), QUEUED_AT))
    const queuedLater = notice({ id: "cmp_6:back-in-stock", queuedAt: RESTOCK_AT + 1 })
    const notices = [sized, anySku, otherSku, otherProduct, cancelled, queuedLater]
    const before = structuredClone(notices)

    const sent = OutOfStock.restocked(notices, boot, "BOOT-42-BRN", RESTOCK_AT)
    expect(sent.map((each) => each.id)).toEqual(["cmp_1:back-in-stock", "cmp_2:back-in-stock"])
    for (const each of sent) {
      expect(each).toMatchObject({ status: "sent", sentAt: RESTOCK_AT })
      expect(Either.isRight(Errors.decodeEither(OutOfStock.BackInStockNotice)(each))).toBe(true)
    }
    // Pure: the notices passed in are unchanged.
    expect(notices).toEqual(before)
    // A restock without a SKU only satisfies notices that did not name one.
    expect(
      OutOfStock.restocked(notices, boot, undefined, RESTOCK_AT).map((each) => each.id),
    ).toEqual(["cmp_2:back-in-stock"])
    // Sent notices are not sent again.
    expect(OutOfStock.restocked(sent, boot, "BOOT-42-BRN", RESTOCK_AT + 1)).toEqual([])
  })

  it("CMP-8 a queued notice can be sent or cancelled once; other transitions are refused", () => {
    const queued = notice()
    const sent = right(OutOfStock.markSent(queued, RESTOCK_AT))
    expect(sent).toEqual({ ...queued, status: "sent", sentAt: RESTOCK_AT })
    const cancelled = right(OutOfStock.cancel(queued, RESTOCK_AT))
    expect(cancelled).toEqual({ ...queued, status: "cancelled", cancelledAt: RESTOCK_AT })

    const cases = [
      [OutOfStock.markSent(sent, RESTOCK_AT), "sent", "markSent"],
      [OutOfStock.cancel(sent, RESTOCK_AT), "sent", "cancel"],
      [OutOfStock.markSent(cancelled, RESTOCK_AT), "cancelled", "markSent"],
      [OutOfStock.cancel(cancelled, RESTOCK_AT), "cancelled", "cancel"],
    ] as const
    for (const [result, state, attempted] of cases) {
      const error = left(result)
      expect(error._tag).toBe("InvalidTransitionError")
      expect(error).toMatchObject({ entity: "BackInStockNotice", state, attempted })
    }
    expect(queued.status).toBe("queued")
  })

  it("CMP-8 a notice cannot be sent or cancelled before it was queued", () => {
    const queued = notice()
    for (const result of [
      OutOfStock.markSent(queued, QUEUED_AT - 1),
      OutOfStock.cancel(queued, QUEUED_AT - 1),
    ]) {
      const error = left(result)
      expect(error._tag).toBe("ValidationError")
      if (error._tag === "ValidationError") expect(error.issues[0]?.path).toEqual(["at"])
    }
  })

  it("CMP-8 a stored notice keeps its status and timestamps consistent", () => {
    const decode = Errors.decodeEither(OutOfStock.BackInStockNotice)
    expect(left(decode({ ...notice(), status: "sent" })).issues[0]?.path).toEqual(["sentAt"])
    expect(left(decode({ ...notice(), sentAt: RESTOCK_AT })).issues[0]?.path).toEqual(["sentAt"])
    expect(
      left(decode({ ...notice(), status: "sent", sentAt: QUEUED_AT - 1 })).issues[0]?.path,
    ).toEqual(["sentAt"])
    expect(left(decode({ ...notice(), status: "cancelled" })).issues[0]?.path).toEqual([
      "cancelledAt",
    ])
  })

  it("CMP-8 restocking only ever sends queued notices of the restocked product, each exactly once", () => {
    const products = FastCheck.constantFrom("prd_a", "prd_b").map((id) => Ids.ProductId.make(id))
    const skus = FastCheck.option(FastCheck.constantFrom("S", "M"), { nil: undefined })
    const entry = FastCheck.record({
      productId: products,
      sku: skus,
      status: FastCheck.constantFrom<OutOfStock.NoticeStatus>("queued", "sent", "cancelled"),
      attributes: Arbitrary.make(OutOfStock.WantedVariant.fields.attributes),
    })
    FastCheck.assert(
      FastCheck.property(
        FastCheck.array(entry, { maxLength: 10 }),
        products,
        skus,
        (entries, productId, sku) => {
          const notices = entries.map(
            (each, index): OutOfStock.BackInStockNotice => ({
              ...notice({ id: `cmp_${index}:back-in-stock` }),
              wanted: {
                productId: each.productId,
                ...(each.sku !== undefined ? { sku: each.sku } : {}),
                attributes: each.attributes,
                quantity: 1,
              },
              status: each.status,
              ...(each.status === "sent" ? { sentAt: QUEUED_AT } : {}),
              ...(each.status === "cancelled" ? { cancelledAt: QUEUED_AT } : {}),
            }),
          )
          const sent = OutOfStock.restocked(notices, productId, sku, RESTOCK_AT)
          const expected = notices.filter(
            (each) =>
              each.status === "queued" &&
              each.wanted.productId === productId &&
              (each.wanted.sku === undefined || each.wanted.sku === sku),
          )
          expect(sent.map((each) => each.id)).toEqual(expected.map((each) => each.id))
          expect(OutOfStock.restocked(sent, productId, sku, RESTOCK_AT)).toEqual([])
        },
      ),
      { numRuns: 300 },
    )
  })
})
