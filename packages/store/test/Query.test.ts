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
