import { Ids } from "@clientele/core"
import * as FastCheck from "effect/FastCheck"
import * as Schema from "effect/Schema"
import { describe, expect, it } from "vitest"

describe("Ids.timeOrdered", () => {
  it("is the prefix and a version 7 UUID whose first 48 bits are the milliseconds", () => {
    const at = Date.UTC(2024, 5, 3)
    const id = Ids.timeOrdered("case", at)
    expect(id).toMatch(/^case-018fdb65-4c00-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(Ids.timeOrdered("case", at)).not.toBe(id)
  })

  it("sorts later ids after earlier ones", () => {
    FastCheck.assert(
      FastCheck.property(
        FastCheck.integer({ min: 0, max: 2 ** 47 }),
        FastCheck.integer({ min: 1, max: 2 ** 47 }),
        (at, later) => {
          expect(Ids.timeOrdered("x", at) < Ids.timeOrdered("x", at + later)).toBe(true)
        },
      ),
    )
  })

  it("clamps instants outside the 48 bits, and a non-finite one to 0", () => {
    expect(Ids.timeOrdered("x", -5).slice(0, 16)).toBe("x-00000000-0000-")
    expect(Ids.timeOrdered("x", Number.NaN).slice(0, 16)).toBe("x-00000000-0000-")
    expect(Ids.timeOrdered("x", 2 ** 60).slice(0, 16)).toBe("x-ffffffff-ffff-")
  })
})

describe("Ids.fingerprint", () => {
  it("is the same for equal values whatever the order of their keys, and differs for different values", () => {
    expect(Ids.fingerprint({ b: 1, a: [2, { d: 3, c: 4 }] })).toBe(
      Ids.fingerprint({ a: [2, { c: 4, d: 3 }], b: 1 }),
    )
    expect(Ids.fingerprint({ a: [1, 2] })).not.toBe(Ids.fingerprint({ a: [2, 1] }))
    expect(Ids.fingerprint({ a: 1 })).not.toBe(Ids.fingerprint({ a: "1" }))
  })

  it("is a digest that keeps nothing of the request: no personal value is stored beside a key", () => {
    const print = Ids.fingerprint({ contact: { name: "Ada Lovelace", email: "ada@example.org" } })
    expect(print).toMatch(/^[0-9a-f]{64}$/)
    expect(print).not.toContain("Ada")
  })

  it("does not depend on the insertion order of any object's keys", () => {
    FastCheck.assert(
      FastCheck.property(
        FastCheck.dictionary(FastCheck.string(), FastCheck.jsonValue()),
        (value) => {
          const reversed = Object.fromEntries(Object.entries(value).reverse())
          expect(Ids.fingerprint(reversed)).toBe(Ids.fingerprint(value))
        },
      ),
    )
  })
})

describe("Ids.IdString", () => {
  it("refuses a lone UTF-16 surrogate, which a UTF-8 store would merge with U+FFFD: two tenants would share their documents", () => {
    const decode = Schema.decodeUnknownEither(Ids.TenantId)
    for (const lone of ["\ud800", "acme\udfff", "\ude00\ud83d"]) {
      const result = decode(lone)
      expect(result._tag, JSON.stringify(lone)).toBe("Left")
      if (result._tag === "Left")
        expect(result.left.message).toContain(
          "an id must be valid Unicode (a lone UTF-16 surrogate was found)",
        )
    }
    expect(() => Ids.TenantId.make("\ud800")).toThrow(/lone UTF-16 surrogate/)
    expect(Ids.TenantId.make("\ufffd")).toBe("\ufffd")
    expect(Ids.CustomerId.make("客户😀")).toBe("客户😀")
  })
})

describe("Ids.isIdString", () => {
  it("answers as the IdString schema does, at the length and control-character edges and for any value", () => {
    const schemaSays = Schema.is(Ids.IdString)
    for (const edge of [
      "",
      "a",
      "x".repeat(256),
      "x".repeat(257),
      "a\u001fb",
      "a\u007fb",
      "a\u009fb",
      "a\u00a0b",
      "日本",
      "a\ud800b",
      "\udc00",
      "\ud83d",
      "x\ude00\ud83d",
      "😀",
      "x😀y",
      42,
      null,
    ])
      expect(Ids.isIdString(edge)).toBe(schemaSays(edge))
    FastCheck.assert(
      FastCheck.property(
        FastCheck.oneof(FastCheck.string({ maxLength: 300, unit: "binary" }), FastCheck.anything()),
        (value) => Ids.isIdString(value) === schemaSays(value),
      ),
    )
  })
})
