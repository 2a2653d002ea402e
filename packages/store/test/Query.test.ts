import * as Either from "effect/Either"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Query } from "../src/index.js"

const plan = (query: Omit<Query.Query, "collection">) =>
  Either.getOrThrow(Query.validate({ collection: "c", ...query }))

describe("Query.compareStrings", () => {
  it("orders strings by Unicode code point, as UTF-8 bytes do", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), fc.string({ unit: "grapheme" }), (a, b) => {
        const bytes = Math.sign(Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8")))
        expect(Query.compareStrings(a, b)).toBe(bytes)
      }),
      { numRuns: 2000 },
    )
  })

  it("puts an astral character after U+FFxx, where UTF-16 order would not", () => {
    expect(Query.compareStrings("\u{1F600}", "\uFF5E")).toBe(1)
    expect("\u{1F600}" < "\uFF5E").toBe(true)
  })
})

describe("Query.compareIndexValues", () => {
  it("is a total order: null < numbers < strings", () => {
    const value = fc.oneof(
      fc.constant(null),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.string(),
    )
    fc.assert(
      fc.property(value, value, value, (a, b, c) => {
        expect(Query.compareIndexValues(a, b)).toBe(-Query.compareIndexValues(b, a) || 0)
        if (Query.compareIndexValues(a, b) <= 0 && Query.compareIndexValues(b, c) <= 0) {
          expect(Query.compareIndexValues(a, c)).toBeLessThanOrEqual(0)
        }
      }),
    )
    expect(Query.compareIndexValues(null, -1e300)).toBe(-1)
    expect(Query.compareIndexValues(1e300, "")).toBe(-1)
  })
})

describe("Query.validate", () => {
  it("fills in the defaults", () => {
    const p = plan({})
    expect(p.limit).toBe(Query.defaultLimit)
    expect(p.descending).toBe(false)
    expect(p.after).toBeUndefined()
  })

  it.each([
    [{ limit: 0 }, ["limit"]],
    [{ limit: 10_001 }, ["limit"]],
    [{ limit: 1.5 }, ["limit"]],
    [{ where: { tier: Number.NaN } }, ["where", "tier"]],
    [{ where: { tier: ["gold", Number.NaN] } }, ["where", "tier", 1]],
    [{ where: { tier: [null, "gold", { a: 1 }] } }, ["where", "tier", 2]],
    [{ where: { tier: [["gold"]] } }, ["where", "tier", 0]],
    [{ where: { tier: [undefined] } }, ["where", "tier", 0]],
    [{ range: { index: "n" } }, ["range"]],
    [{ range: { index: "n", gte: 1, lt: "z" } }, ["range"]],
    [{ range: { index: "n", gt: 1, gte: 2 } }, ["range"]],
    [{ orderBy: { index: "" } }, ["orderBy", "index"]],
    [{ cursor: "not a cursor!" }, ["cursor"]],
  ] as const)("refuses %j with a ValidationError at %j", (query, path) => {
    const result = Query.validate({
      collection: "c",
      ...(query as Omit<Query.Query, "collection">),
    })
    expect(Either.isLeft(result)).toBe(true)
    if (Either.isLeft(result)) {
      expect(result.left._tag).toBe("ValidationError")
      expect(result.left.issues[0]?.path).toEqual(path)
    }
  })

  it("refuses a where list longer than maxWhereValues, naming the index and the limit", () => {
    const values = (length: number) => Array.from({ length }, (_, i) => `v${i}`)
    expect(Either.isRight(Query.validate({ collection: "c", where: { tier: values(1000) } }))).toBe(
      true,
    )
    const result = Query.validate({
      collection: "c",
      where: { tier: values(Query.maxWhereValues + 1) },
    })
    expect(Either.isLeft(result)).toBe(true)
    if (Either.isLeft(result)) {
      expect(result.left.issues[0]?.path).toEqual(["where", "tier"])
      expect(result.left.issues[0]?.message).toContain("1001")
      expect(result.left.issues[0]?.message).toContain("1000")
    }
  })

  it("gives each where index its values without duplicates, in index-value order, indexes by name", () => {
    expect(
      plan({ where: { tier: ["gold", 2, null, "gold", -1, 2, "Gold"], region: "eu" } }).where,
    ).toEqual([
      ["region", ["eu"]],
      ["tier", [null, -1, 2, "Gold", "gold"]],
    ])
    expect(plan({ where: { tier: [] } }).where).toEqual([["tier", []]])
    expect(plan({ where: { tier: [0, -0] } }).where[0]?.[1]).toHaveLength(1)
  })

  it("fingerprints a single value and a list of just that value alike, so their cursors are interchangeable", () => {
    const values: ReadonlyArray<Query.IndexValue> = ["a", 1, null, ""]
    for (const value of values) {
      const single = plan({ where: { tier: value } })
      expect(plan({ where: { tier: [value] } }).fingerprint).toBe(single.fingerprint)
      expect(plan({ where: { tier: [value, value] } }).fingerprint).toBe(single.fingerprint)
      const cursor = Query.encodeCursor(single, { value: null, id: "x" })
      expect(
        Either.isRight(Query.validate({ collection: "c", where: { tier: [value] }, cursor })),
      ).toBe(true)
    }
    expect(plan({ where: { tier: ["a", "b"] } }).fingerprint).toBe(
      plan({ where: { tier: ["b", "a", "b"] } }).fingerprint,
    )
    expect(plan({ where: { tier: ["a", "b"] } }).fingerprint).not.toBe(
      plan({ where: { tier: "a" } }).fingerprint,
    )
    expect(plan({ where: { tier: [] } }).fingerprint).not.toBe(
      plan({ where: { tier: null } }).fingerprint,
    )
  })

  it("keeps the fingerprint of single-value queries as it was before lists, so existing cursors stay valid", () => {
    // computed by the release before where lists: FNV-1a of the query's JSON
    const fnv = (text: string) => {
      let hash = 0x811c9dc5
      for (let i = 0; i < text.length; i++) {
        hash ^= text.charCodeAt(i)
        hash = Math.imul(hash, 0x01000193)
      }
      return (hash >>> 0).toString(36)
    }
    const before = fnv('["c",[["region",null],["tier","gold"]],null,"n","desc"]')
    expect(
      plan({
        where: { tier: "gold", region: null },
        orderBy: { index: "n", direction: "desc" },
      }).fingerprint,
    ).toBe(before)
  })

  it("refuses a cursor made for another query", () => {
    const cursor = Query.encodeCursor(plan({ where: { tier: "gold" } }), { value: null, id: "a" })
    expect(
      Either.isRight(Query.validate({ collection: "c", where: { tier: "gold" }, cursor })),
    ).toBe(true)
    expect(
      Either.isLeft(Query.validate({ collection: "c", where: { tier: "silver" }, cursor })),
    ).toBe(true)
    expect(
      Either.isLeft(Query.validate({ collection: "d", where: { tier: "gold" }, cursor })),
    ).toBe(true)
  })
})

describe("Query.encodeCursor", () => {
  const text = fc.string({ unit: "grapheme", minLength: 1 })
  const position = fc.record({
    value: fc.oneof(fc.constant(null), fc.double({ noNaN: true, noDefaultInfinity: true }), text),
    id: text,
  })

  it("resumes the plan at the position it encodes, for any index value and id", () => {
    fc.assert(
      fc.property(position, (at) => {
        const ordered = plan({ orderBy: { index: "n" } })
        const resumed = Query.validate({
          collection: "c",
          orderBy: { index: "n" },
          cursor: Query.encodeCursor(ordered, at),
        })
        expect(Either.map(resumed, (next) => next.after)).toEqual(
          Either.right({ value: Object.is(at.value, -0) ? 0 : at.value, id: at.id }),
        )
      }),
    )
  })

  it("is base64url without padding, the same text on any platform: Node's Buffer gives the same", () => {
    fc.assert(
      fc.property(position, (at) => {
        const ordered = plan({ orderBy: { index: "n" } })
        const cursor = Query.encodeCursor(ordered, at)
        expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/)
        const json = JSON.stringify([ordered.fingerprint, at.value, at.id])
        expect(cursor).toBe(Buffer.from(json, "utf8").toString("base64url"))
      }),
    )
  })

  it("refuses a cursor that is not base64url of the right length, or not a position", () => {
    const ordered = plan({ orderBy: { index: "n" } })
    const good = Query.encodeCursor(ordered, { value: 1, id: "a" })
    for (const cursor of [`${good}A`, good.slice(0, -1), "A", "e30", `${good}=`])
      expect(
        Either.isLeft(Query.validate({ collection: "c", orderBy: { index: "n" }, cursor })),
        cursor,
      ).toBe(true)
  })
})

describe("Query.runInMemory", () => {
  const documents = [
    { id: "a", indexes: { n: 2, tier: "gold" } },
    { id: "b", indexes: { n: 1, tier: "gold" } },
    { id: "c", indexes: { n: 2, tier: "silver" } },
    { id: "d", indexes: { tier: "gold" } },
    { id: "e", indexes: { n: "2", tier: "gold" } },
  ]
  const ids = (query: Omit<Query.Query, "collection">) =>
    Query.runInMemory(plan(query), documents).documents.map((d) => d.id)

  it("matches null to documents without the index", () => {
    expect(ids({ where: { n: null } })).toEqual(["d"])
  })

  it("matches a where list when the document's value equals any listed value", () => {
    expect(ids({ where: { n: [1, "2"] } })).toEqual(["b", "e"])
    expect(ids({ where: { n: [null, 1] } })).toEqual(["b", "d"])
    expect(ids({ where: { n: [2, 2, 2] } })).toEqual(["a", "c"])
    expect(ids({ where: { n: [2], tier: ["silver", "bronze"] } })).toEqual(["c"])
    expect(ids({ where: { n: ["1", 3] } })).toEqual([])
  })

  it("matches no document with an empty where list, even on an index nobody declares", () => {
    expect(ids({ where: { n: [] } })).toEqual([])
    expect(ids({ where: { undeclared: [] } })).toEqual([])
    expect(ids({ where: { undeclared: [null, "x"] } })).toEqual(["a", "b", "c", "d", "e"])
  })

  it("agrees with testing each listed value on its own", () => {
    const value = fc.oneof(
      fc.constant(null),
      fc.constantFrom(1, 2, 3),
      fc.constantFrom("2", "gold"),
    )
    fc.assert(
      fc.property(fc.array(value, { maxLength: 6 }), (listed) => {
        const one = (v: Query.IndexValue) => new Set(ids({ where: { n: v } }))
        const union = documents.map((d) => d.id).filter((id) => listed.some((v) => one(v).has(id)))
        expect(ids({ where: { n: listed } })).toEqual(union)
        for (const document of documents) {
          expect(Query.matches(plan({ where: { n: listed } }), document.indexes)).toBe(
            union.includes(document.id),
          )
        }
      }),
    )
  })

  it("ranges over the bounds' kind only", () => {
    expect(ids({ range: { index: "n", gte: 0 } })).toEqual(["a", "b", "c"])
    expect(ids({ range: { index: "n", lt: "3" } })).toEqual(["e"])
  })

  it("breaks order ties by id, and desc is the exact reverse of asc", () => {
    expect(ids({ orderBy: { index: "n" } })).toEqual(["d", "b", "a", "c", "e"])
    expect(ids({ orderBy: { index: "n", direction: "desc" } })).toEqual(["e", "c", "a", "b", "d"])
  })

  it("pages through every match exactly once, and the last page has no cursor", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.boolean(), (limit, descending) => {
        const query = {
          orderBy: { index: "n", direction: descending ? "desc" : "asc" },
          limit,
        } as const
        const seen: Array<string> = []
        let cursor: string | null = null
        do {
          const page: {
            readonly documents: ReadonlyArray<{ readonly id: string }>
            readonly cursor: string | null
          } = Query.runInMemory(plan({ ...query, cursor }), documents)
          seen.push(...page.documents.map((d) => d.id))
          cursor = page.cursor
        } while (cursor !== null)
        expect(seen).toEqual(ids({ ...query, limit: 100 }))
      }),
    )
  })
})
