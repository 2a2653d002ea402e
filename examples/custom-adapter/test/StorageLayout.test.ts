import { Query, type Store } from "@clientele/store"
import * as FastCheck from "effect/FastCheck"
import { describe, expect, it } from "vitest"
import * as Layout from "../src/StorageLayout.js"

// Whole code points (never a lone surrogate, which no stored text holds), NUL, 0xFF-
// heavy UTF-8 and the characters around the surrogate range, where UTF-16 order and
// code-point order part.
const textArb = FastCheck.oneof(
  FastCheck.string({ unit: "binary", maxLength: 12 }),
  FastCheck.string({
    unit: FastCheck.constantFrom(
      "\u0000",
      "\u0001",
      "a",
      "\u00ff",
      "\uffff",
      "\ue000",
      "\u{10ffff}",
    ),
    maxLength: 6,
  }),
)
// Any UTF-16 text, lone surrogates included: tenants and index names may hold them.
const anyTextArb = FastCheck.oneof(
  FastCheck.string({
    unit: FastCheck.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit)),
    maxLength: 8,
  }),
  FastCheck.string({
    unit: FastCheck.constantFrom(
      "\uD800",
      "\uDBFF",
      "\uDC00",
      "\uDFFF",
      "\uFFFD",
      "\u{1F600}",
      "\u0000",
      "a",
    ),
    maxLength: 6,
  }),
)
const numberArb = FastCheck.oneof(
  FastCheck.double({ noNaN: true, noDefaultInfinity: true }),
  FastCheck.constantFrom(0, -0, Number.MIN_VALUE, -Number.MIN_VALUE, Number.MAX_VALUE),
)
const indexValueArb: FastCheck.Arbitrary<Query.IndexValue> = FastCheck.oneof(
  FastCheck.constant(null),
  numberArb,
  textArb,
)

const sign = (n: number) => Math.sign(n)

describe("StorageLayout: keys sort as the port orders their parts", () => {
  it("strings sort by code point, decode to themselves and are never a prefix of another", () =>
    FastCheck.assert(
      FastCheck.property(textArb, textArb, (a, b) => {
        const ea = Layout.encodeString(a)
        const eb = Layout.encodeString(b)
        expect(sign(Buffer.compare(ea, eb))).toBe(Query.compareStrings(a, b))
        expect(Layout.decodeString(ea, 0)).toEqual({ text: a, next: ea.length })
        if (a !== b) expect(eb.subarray(0, ea.length).equals(ea)).toBe(false)
      }),
      { numRuns: 2000 },
    ))

  it("any two different strings, lone surrogates included, encode to different bytes, neither a prefix of the other, and decode back", () =>
    FastCheck.assert(
      FastCheck.property(anyTextArb, anyTextArb, (a, b) => {
        const ea = Layout.encodeString(a)
        const eb = Layout.encodeString(b)
        expect(Layout.decodeString(ea, 0)).toEqual({ text: a, next: ea.length })
        if (a !== b) {
          expect(ea.equals(eb)).toBe(false)
          expect(eb.subarray(0, ea.length).equals(ea)).toBe(false)
        }
      }),
      { numRuns: 2000 },
    ))

  it("index values sort as null < numbers < strings, numbers numerically (-0 is 0)", () =>
    FastCheck.assert(
      FastCheck.property(indexValueArb, indexValueArb, (a, b) => {
        const order = Buffer.compare(Layout.encodeIndexValue(a), Layout.encodeIndexValue(b))
        expect(sign(order)).toBe(Query.compareIndexValues(a, b))
      }),
      { numRuns: 2000 },
    ))

  it("document keys sort by tenant, then collection, then id, whatever the parts hold", () =>
    FastCheck.assert(
      FastCheck.property(
        FastCheck.tuple(textArb, textArb, textArb),
        FastCheck.tuple(textArb, textArb, textArb),
        (a, b) => {
          const expected =
            Query.compareStrings(a[0], b[0]) ||
            Query.compareStrings(a[1], b[1]) ||
            Query.compareStrings(a[2], b[2])
          const order = Buffer.compare(Layout.documentKey(...a), Layout.documentKey(...b))
          expect(sign(order)).toBe(expected)
        },
      ),
      { numRuns: 1000 },
    ))

  it("index entries sort by value then id, stay under their index prefix and give their id back", () =>
    FastCheck.assert(
      FastCheck.property(
        textArb,
        FastCheck.tuple(indexValueArb, textArb),
        FastCheck.tuple(indexValueArb, textArb),
        (index, [va, ida], [vb, idb]) => {
          const ka = Layout.indexEntryKey("t", "c", index, va, ida)
          const kb = Layout.indexEntryKey("t", "c", index, vb, idb)
          const expected = Query.compareIndexValues(va, vb) || Query.compareStrings(ida, idb)
          expect(sign(Buffer.compare(ka, kb))).toBe(expected)
          const prefix = Layout.indexPrefix("t", "c", index)
          expect(ka.subarray(0, prefix.length).equals(prefix)).toBe(true)
          expect(Buffer.compare(ka, Buffer.concat([prefix, Layout.afterAll]))).toBe(-1)
          expect(Layout.idOfIndexEntry(ka, prefix.length)).toBe(ida)
        },
      ),
      { numRuns: 1000 },
    ))

  it("one tenant's keys never fall inside another tenant's range, even when one name extends the other", () => {
    const tenants = ["a", "a\u0000", "ab", "a\u0000b", "", "\u0000"]
    for (const owner of tenants) {
      const prefix = Layout.documentPrefix(owner, "c")
      const end = Buffer.concat([prefix, Layout.afterAll])
      for (const other of tenants.filter((tenant) => tenant !== owner)) {
        const key = Layout.documentKey(other, "c", "x")
        const inside = Buffer.compare(key, prefix) >= 0 && Buffer.compare(key, end) < 0
        expect(inside).toBe(false)
      }
    }
  })
})

describe("StorageLayout: document values", () => {
  it("a document's value reads back as its version, indexes and body", () =>
    FastCheck.assert(
      FastCheck.property(
        FastCheck.integer({ min: 1, max: 1_000_000 }),
        FastCheck.dictionary(textArb, indexValueArb),
        FastCheck.jsonValue(),
        (version, indexes, body) => {
          const document: Store.StoredDocument = {
            tenant: "t",
            collection: "c",
            id: "i",
            version,
            // JSON has no -0: the port stores it as 0.
            indexes: JSON.parse(JSON.stringify(indexes)),
            body: JSON.parse(JSON.stringify(body)),
          }
          expect(Layout.decodeDocument(Layout.encodeDocument(document))).toEqual({
            version,
            indexes: document.indexes,
            body: document.body,
          })
        },
      ),
    ))

  it("a value that is not a stored document reads as nothing, never as a wrong document", () => {
    for (const text of [
      "",
      "{",
      "null",
      "[1,{},{}]",
      '{"version":0,"indexes":{},"body":1}',
      '{"version":1.5,"indexes":{},"body":1}',
      '{"version":1,"indexes":{"a":[1]},"body":1}',
      '{"version":1,"indexes":{}}',
    ]) {
      expect(Layout.decodeDocument(text)).toBeUndefined()
    }
  })
})
