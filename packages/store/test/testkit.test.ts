// The testkit's own pieces: its reference model against the Query module, its
// assertions, the options and explicit skips, the probe, and the independence of
// its tests from each other (a shared store, any order).
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import * as Layer from "effect/Layer"
import { describe, expect, it } from "vitest"
import { MemoryStore, Query, Store } from "../src/index.js"
import { firstDifference } from "../src/internal/testkit/assert.js"
import { largeBodies, nestedBody } from "../src/internal/testkit/hostileValues.js"
import {
  compareByCodePoint,
  compareValues,
  expectedMatches,
} from "../src/internal/testkit/model.js"
import * as Values from "../src/internal/testkit/values.js"
import {
  contractTests,
  hostileValueTests,
  type Probe,
  runConformance,
  transactionTests,
} from "../src/testkit.js"
import { failuresOf, memoryWithProbe, record, report, runRecorded } from "./support.js"

describe("the reference model", () => {
  const anyString = FastCheck.string({ unit: "binary", maxLength: 6 })

  it("orders strings by code point exactly as Query.compareStrings", () => {
    FastCheck.assert(
      FastCheck.property(anyString, anyString, (a, b) => {
        expect(Math.sign(compareByCodePoint(a, b))).toBe(Query.compareStrings(a, b))
      }),
      { numRuns: 2000 },
    )
    expect(compareByCodePoint("😀", "\uFF5E")).toBe(1)
    expect("😀" < "\uFF5E").toBe(true) // the UTF-16 order the model must not use
  })

  it("orders index values exactly as Query.compareIndexValues", () => {
    const value = FastCheck.oneof(
      FastCheck.constant(null),
      FastCheck.double({ noNaN: true, noDefaultInfinity: true }),
      Values.indexValue,
      anyString,
    )
    FastCheck.assert(
      FastCheck.property(value, value, (a, b) => {
        expect(Math.sign(compareValues(a, b))).toBe(Query.compareIndexValues(a, b))
      }),
      { numRuns: 2000 },
    )
  })

  it("answers every query as walking Query.runInMemory's pages does", () => {
    const documents = FastCheck.uniqueArray(
      FastCheck.record({
        id: FastCheck.constantFrom(...Values.idPool, "c", "d", "A"),
        indexes: Values.indexes,
      }),
      { selector: (d) => d.id, maxLength: 11 },
    )
    FastCheck.assert(
      FastCheck.property(documents, Values.query("c"), (docs, query) => {
        const plan = Either.getOrThrow(Query.validate(query))
        const walked: Array<string> = []
        let cursor: string | null = null
        do {
          const page: {
            readonly documents: ReadonlyArray<{ readonly id: string }>
            readonly cursor: string | null
          } = Query.runInMemory(Either.getOrThrow(Query.validate({ ...query, cursor })), docs)
          walked.push(...page.documents.map((d) => d.id))
          cursor = page.cursor
        } while (cursor !== null)
        expect(walked).toEqual(expectedMatches(query, docs).map((d) => d.id))
        expect(plan.limit).toBe(query.limit)
      }),
      { numRuns: 1000 },
    )
  })
})

describe("the testkit's assertions", () => {
  it("name the first path where two values differ, ignoring key order and prototypes", () => {
    expect(firstDifference({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 })).toBeUndefined()
    expect(firstDifference(Object.assign(Object.create(null), { a: 1 }), { a: 1 })).toBeUndefined()
    expect(firstDifference({ a: { "x y": [1, 3] } }, { a: { "x y": [1, 2] } })?.path).toBe(
      '$.a["x y"][1]',
    )
    expect(firstDifference({ a: 1, extra: true }, { a: 1 })?.path).toBe("$.extra")
    expect(firstDifference([1], [1, 2])?.path).toBe("$.length")
    expect(firstDifference(-0, 0)).toBeUndefined()
  })
})

describe("the testkit's values", () => {
  it("builds large bodies just under the asked size", () => {
    for (const bytes of [1000, 65_536, 1024 * 1024]) {
      for (const [, body] of largeBodies(bytes)) {
        const size = Buffer.byteLength(JSON.stringify(body), "utf8")
        expect(size).toBeLessThanOrEqual(bytes)
        expect(size).toBeGreaterThan(bytes - 64)
      }
    }
  })

  it("builds bodies nested exactly as deep as asked", () => {
    const depthOf = (value: unknown): number =>
      typeof value === "object" && value !== null
        ? 1 + Math.max(0, ...Object.values(value).map(depthOf))
        : 0
    for (const shape of ["objects", "arrays", "alternating"] as const)
      expect(depthOf(nestedBody(50, shape))).toBe(50)
  })

  it("keeps ids within the shape of @clientele/core's ids", () => {
    for (const id of Values.hostileIds) {
      expect(id.length).toBeGreaterThan(0)
      expect(id.length).toBeLessThanOrEqual(256)
      expect(/\p{Cc}/u.test(id)).toBe(false)
    }
    expect(Values.hostileStrings.some((s) => s.includes("\u0000"))).toBe(false)
  })
})

describe("the testkit's options", () => {
  it("refuses to register without a layer, and refuses nonsense numbers", () => {
    const test = { describe: () => undefined, it: () => undefined }
    expect(() => runConformance({ name: "nothing", test })).toThrow(/layer/)
    expect(() =>
      runConformance({ name: "bad", test, layer: MemoryStore.layer, numRuns: 0 }),
    ).toThrow(/numRuns/)
  })

  it("registers every group under one describe, and each group alone under its own", () => {
    const all = record((test) => runConformance({ name: "memory", test, layer: MemoryStore.layer }))
    const groups = new Set(all.map((t) => t.name.split(" > ")[1]))
    expect([...groups]).toEqual([
      "contract",
      "schema round-trip",
      "model-based",
      "concurrency",
      "transactions",
      "tenant isolation",
      "pagination",
      "hostile values",
    ])
    expect(all.every((t) => t.name.startsWith("memory: store conformance > "))).toBe(true)
    expect(all.every((t) => t.skipped || t.timeout === 60_000)).toBe(true)
    const alone = record((test) =>
      contractTests({ name: "memory", test, layer: MemoryStore.layer, timeout: 5000 }),
    )
    expect(
      alone.every(
        (t) => t.name.startsWith("memory: contract > ") && (t.skipped || t.timeout === 5000),
      ),
    ).toBe(true)
  })

  it("skips visibly, giving the reason, what an adapter declares it cannot do — and tests what it declares", async () => {
    const recorded = record((test) =>
      hostileValueTests({
        name: "limited",
        test,
        layer: MemoryStore.layer,
        maxDocumentBytes: 4096,
        maxNestingDepth: 64,
        supportsNulCharacter: false,
        numRuns: 5,
      }),
    )
    const skipped = recorded.filter((t) => t.skipped).map((t) => t.name)
    expect(skipped).toEqual([
      "limited: hostile values > U+0000 is stored verbatim in bodies, keys and index values (skipped: the adapter declares `supportsNulCharacter: false`)",
      "limited: hostile values > documents of 1048576 bytes of JSON are stored verbatim (skipped: the adapter declares `maxDocumentBytes: 4096`)",
      "limited: hostile values > bodies nested 1000 levels deep are stored verbatim (skipped: the adapter declares `maxNestingDepth: 64`)",
    ])
    const names = recorded.map((t) => t.name)
    expect(names).toContain(
      "limited: hostile values > documents of 4096 bytes of JSON are stored verbatim",
    )
    expect(names).toContain(
      "limited: hostile values > bodies nested 64 levels deep are stored verbatim",
    )
    expect(report(await runRecorded(recorded))).toBe("")
  })

  it("registers a skip as a visibly named test when the runner has no it.skip", () => {
    const recorded = record(
      (test) => contractTests({ name: "plain", test, layer: MemoryStore.layer }),
      { withSkip: false },
    )
    const probe = recorded.find((t) => t.name.includes("probe"))
    expect(probe?.skipped).toBe(false)
    expect(probe?.name).toContain("(skipped: no `probe` option given)")
  })
})

describe("the out-of-band probe", () => {
  it("passes when the probe reads what the adapter committed", async () => {
    const { makeLayer, probe } = memoryWithProbe()
    const recorded = record((test) => {
      contractTests({ name: "probed", test, makeLayer, probe })
      transactionTests({ name: "probed", test, makeLayer, probe, numRuns: 5 })
    })
    const probeTests = recorded.filter((t) => t.name.includes("probe:"))
    expect(probeTests.length).toBe(2)
    expect(probeTests.every((t) => !t.skipped)).toBe(true)
    expect(report(await runRecorded(recorded))).toBe("")
  })

  it("fails when the database does not hold what the adapter reported", async () => {
    // an adapter that answers from a cache it never writes through: the probe sees nothing
    const forgetful: Probe = { read: () => Promise.resolve(undefined) }
    const outcomes = await runRecorded(
      record((test) =>
        contractTests({ name: "forgetful", test, layer: MemoryStore.layer, probe: forgetful }),
      ),
    )
    const failed = failuresOf(outcomes).map((o) => o.name)
    expect(failed).toEqual(["forgetful: contract > probe: writes really reach the database"])
  })
})

describe("the suite's independence", () => {
  it("passes over one shared store, with its tests in reverse order", async () => {
    const shared = Effect.runSync(MemoryStore.make)
    const recorded = record((test) =>
      runConformance({
        name: "shared",
        test,
        makeLayer: () => Layer.succeed(Store.Store, shared),
        numRuns: 5,
        concurrency: 4,
      }),
    )
    const outcomes = await runRecorded([...recorded].reverse())
    expect(report(outcomes)).toBe("")
    expect(shared.size()).toBeGreaterThan(1000)
  })
})
