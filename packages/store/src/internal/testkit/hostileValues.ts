/**
 * The hostile-values group: quotes, backslashes, SQL keywords, LIKE wildcards,
 * emoji, look-alike Unicode, extreme numbers, 1 MiB documents and deep nesting are
 * stored and returned verbatim — by every read path (get, getMany, query, scan, and
 * the out-of-band probe when there is one), as bodies, keys, ids and index values.
 */
import * as Effect from "effect/Effect"
import * as FastCheck from "effect/FastCheck"
import type { Json, StoredDocument, StorePort } from "../../Store.js"
import { check, equal, fail, sameDocument, sameIds, show } from "./assert.js"
import {
  checkProperty,
  defineGroup,
  type Group,
  probeRead,
  requiredDocumentBytes,
  requiredNestingDepth,
  type Settings,
} from "./harness.js"
import { compareByCodePoint } from "./model.js"
import { expectDocument, scanAll, walkQuery } from "./reads.js"
import * as Values from "./values.js"

const collection = "notes"

/** Reads a document back by every path and checks each returns it verbatim. */
const readsBackVerbatim = (
  settings: Settings,
  store: StorePort,
  tenant: string,
  expected: {
    readonly collection: string
    readonly id: string
    readonly version: number
    readonly body: Json
    readonly indexes?: Readonly<Record<string, unknown>>
  },
  what: string,
) =>
  Effect.gen(function* () {
    const full = { tenant, ...expected }
    yield* expectDocument(store, full, `${what}, read by get`)
    const [many] = yield* store.getMany(tenant, expected.collection, [expected.id])
    sameDocument(many, full, `${what}, read by getMany`)
    const scanned = (yield* scanAll(store, tenant, expected.collection)).find(
      (d) => d.id === expected.id,
    )
    sameDocument(scanned, full, `${what}, read by scan`)
    const walk = yield* walkQuery(
      store,
      tenant,
      { collection: expected.collection, limit: 10_000 },
      { maxPages: 1000 },
    )
    sameDocument(
      walk.documents.find((d) => d.id === expected.id),
      full,
      `${what}, read by query`,
    )
    if (settings.probe !== undefined) {
      const raw = yield* probeRead(settings.probe)(tenant, expected.collection, expected.id)
      equal(raw, { version: expected.version, body: expected.body }, `${what}, read by the probe`)
    }
  })

/** A body of strings, keys and numbers from the catalogue, as one document. */
const catalogueBody = (strings: ReadonlyArray<string>): Json => ({
  strings: [...strings],
  keyed: Object.fromEntries(strings.map((s, i) => [s, i])),
  numbers: [...Values.hostileNumbers],
  nested: { "": { " ": [null, true, false, [], {}, [[]], [{}]] } },
  flags: { true: false, false: true, null: null },
})

const utf8Bytes = (text: string): number => Buffer.byteLength(text, "utf8")

/** Bodies whose JSON text is as close to `bytes` bytes as possible without going over. */
export const largeBodies = (bytes: number): ReadonlyArray<readonly [string, Json]> => {
  // one long string mixing one- to four-byte characters and characters JSON escapes
  const pattern = "a'\"\\é€😀\n\t<>%_ "
  const patternBytes = utf8Bytes(JSON.stringify(pattern)) - 2
  const overhead = utf8Bytes(JSON.stringify({ text: "" }))
  let text = pattern.repeat(Math.max(0, Math.floor((bytes - overhead) / patternBytes)))
  while (utf8Bytes(JSON.stringify({ text })) < bytes - 8) text += "x"
  // many small keys
  const entries: Array<[string, number]> = []
  let size = 2
  for (let i = 0; ; i++) {
    const key = `key-${i}`
    const added = utf8Bytes(JSON.stringify(key)) + utf8Bytes(String(i * 1.5)) + 2
    if (size + added > bytes) break
    entries.push([key, i * 1.5])
    size += added
  }
  // a long array of numbers
  const numbers: Array<number> = []
  size = 2
  for (let i = 0; ; i++) {
    const value = (i % 2 === 0 ? 1 : -1) * i * 1.25e-3
    const added = utf8Bytes(String(value)) + 1
    if (size + added > bytes) break
    numbers.push(value)
    size += added
  }
  return [
    ["one long string", { text }],
    ["many small keys", Object.fromEntries(entries)],
    ["a long array of numbers", numbers],
  ]
}

/** A value nested `depth` arrays or objects deep (the innermost holds a string). */
export const nestedBody = (depth: number, shape: "objects" | "arrays" | "alternating"): Json => {
  let value: Json = "bottom"
  for (let level = depth; level >= 1; level--) {
    const useArray = shape === "arrays" || (shape === "alternating" && level % 2 === 0)
    value = useArray ? [value] : { [`level-${level}`]: value }
  }
  return value
}

/** The hostile-values group. */
export const hostileValues: Group = defineGroup("hostile values", (test, settings) => {
  const strings = settings.supportsNulCharacter
    ? [...Values.hostileStrings, ...Values.nulStrings]
    : Values.hostileStrings

  test("hostile strings and numbers are stored verbatim as values and keys", ({ store, tenant }) =>
    Effect.gen(function* () {
      const t = tenant()
      const body = catalogueBody(strings)
      yield* store.insert(t, { collection, id: "catalogue", body, indexes: {} })
      yield* readsBackVerbatim(
        settings,
        store,
        t,
        { collection, id: "catalogue", version: 1, body },
        "the catalogue document",
      )
      const reversed = catalogueBody([...strings].reverse())
      yield* store.update(t, {
        collection,
        id: "catalogue",
        expectedVersion: 1,
        body: reversed,
        indexes: {},
      })
      yield* readsBackVerbatim(
        settings,
        store,
        t,
        { collection, id: "catalogue", version: 2, body: reversed },
        "the updated catalogue document",
      )
      for (const [i, value] of strings.entries()) {
        yield* store.bulkWrite(t, [
          { _tag: "Insert", collection: "one-each", id: `s${i}`, body: value, indexes: {} },
        ])
      }
      const scanned = yield* scanAll(store, t, "one-each")
      for (const [i, value] of strings.entries()) {
        const found = scanned.find((d) => d.id === `s${i}`)
        check(found !== undefined, `the document holding only ${show(value)} is missing`)
        equal(found?.body, value, `a body that is only the string ${show(value)}`)
      }
    }))

  test("top-level scalar, array and empty bodies are stored verbatim", ({ store, tenant }) =>
    Effect.gen(function* () {
      const t = tenant()
      const bodies: ReadonlyArray<Json> = [
        null,
        true,
        false,
        0,
        -1.5,
        1e21,
        "",
        "text",
        "null",
        [],
        [null],
        [1, "two", [3]],
        {},
        { "": "" },
      ]
      for (const [i, body] of bodies.entries()) {
        yield* store.insert(t, { collection, id: `body-${i}`, body, indexes: {} })
        yield* readsBackVerbatim(
          settings,
          store,
          t,
          { collection, id: `body-${i}`, version: 1, body },
          `the body ${show(body)}`,
        )
      }
    }))

  test("hostile ids are stored verbatim, found by get, and scanned in code-point order", ({
    store,
    tenant,
  }) =>
    Effect.gen(function* () {
      const t = tenant()
      for (const id of Values.hostileIds)
        yield* store.insert(t, { collection, id, body: { id }, indexes: { id } })
      for (const id of Values.hostileIds) {
        yield* expectDocument(
          store,
          { tenant: t, collection, id, version: 1, body: { id }, indexes: { id } },
          `get(${show(id)})`,
        )
      }
      const expected = [...Values.hostileIds].sort(compareByCodePoint)
      sameIds(yield* scanAll(store, t, collection), expected, "scan of documents with hostile ids")
      const walk = yield* walkQuery(store, t, { collection, limit: 7 }, { maxPages: 1000 })
      sameIds(walk.documents, expected, "query of documents with hostile ids, seven at a time")
      const picked = Values.hostileIds.filter((_, i) => i % 5 === 0)
      sameIds(yield* store.getMany(t, collection, picked), picked, "getMany of hostile ids")
      for (const id of Values.hostileIds) {
        yield* store.update(t, {
          collection,
          id,
          expectedVersion: 1,
          body: { id, updated: true },
          indexes: {},
        })
      }
      for (const id of Values.hostileIds.slice(0, 20)) yield* store.delete(t, collection, id, 2)
      sameIds(
        yield* scanAll(store, t, collection),
        [...Values.hostileIds.slice(20)].sort(compareByCodePoint),
        "scan after deleting twenty hostile ids",
      )
    }))

  test("hostile index values match by exact equality and order by code point", ({
    store,
    tenant,
  }) =>
    Effect.gen(function* () {
      const t = tenant()
      // at most 256 characters: an index value is a key, and database indexes cap key sizes
      const values = [...new Set(strings)].filter((value) => value.length <= 256)
      for (const [i, value] of values.entries()) {
        yield* store.insert(t, {
          collection,
          id: `v${String(i).padStart(3, "0")}`,
          body: { value },
          indexes: { value },
        })
      }
      for (const [i, value] of values.entries()) {
        const walk = yield* walkQuery(store, t, { collection, where: { value } }, { maxPages: 10 })
        sameIds(walk.documents, [`v${String(i).padStart(3, "0")}`], `where value = ${show(value)}`)
      }
      const ordered = yield* walkQuery(
        store,
        t,
        { collection, orderBy: { index: "value" }, limit: 9 },
        { maxPages: 1000 },
      )
      equal(
        ordered.documents.map((d) => (d.body as { readonly value: string }).value),
        [...values].sort(compareByCodePoint),
        "hostile index values ordered ascending",
      )
      const ranged = yield* walkQuery(
        store,
        t,
        { collection, range: { index: "value", gte: "'", lt: "a" }, orderBy: { index: "value" } },
        { maxPages: 1000 },
      )
      equal(
        ranged.documents.map((d) => (d.body as { readonly value: string }).value),
        values
          .filter((v) => compareByCodePoint(v, "'") >= 0 && compareByCodePoint(v, "a") < 0)
          .sort(compareByCodePoint),
        "hostile index values in the range [', a)",
      )
    }))

  test("extreme numbers are stored verbatim and order numerically as index values", ({
    store,
    tenant,
  }) =>
    Effect.gen(function* () {
      const t = tenant()
      for (const [i, n] of Values.hostileNumbers.entries()) {
        yield* store.insert(t, { collection, id: `n${i}`, body: { n }, indexes: { n } })
      }
      for (const [i, n] of Values.hostileNumbers.entries()) {
        yield* readsBackVerbatim(
          settings,
          store,
          t,
          { collection, id: `n${i}`, version: 1, body: { n }, indexes: { n } },
          `the number ${n}`,
        )
        const walk = yield* walkQuery(store, t, { collection, where: { n } }, { maxPages: 10 })
        sameIds(walk.documents, [`n${i}`], `where n = ${n}`)
      }
      const ordered = yield* walkQuery(
        store,
        t,
        { collection, orderBy: { index: "n", direction: "desc" }, limit: 4 },
        { maxPages: 100 },
      )
      equal(
        ordered.documents.map((d) => (d.body as { readonly n: number }).n),
        [...Values.hostileNumbers].sort((a, b) => b - a),
        "extreme numbers ordered descending",
      )
      const small = yield* walkQuery(
        store,
        t,
        { collection, range: { index: "n", gt: 0, lt: 1e-6 }, orderBy: { index: "n" } },
        { maxPages: 100 },
      )
      equal(
        small.documents.map((d) => (d.body as { readonly n: number }).n),
        [5e-324, 2.2250738585072014e-308, Number.EPSILON, 1e-7],
        "numbers in the range (0, 1e-6)",
      )
    }))

  test("hostile index names can be written, queried, ranged and ordered by", ({ store, tenant }) =>
    Effect.gen(function* () {
      const t = tenant()
      for (const [i, name] of Values.hostileIndexNames.entries()) {
        yield* store.insert(t, {
          collection,
          id: `a${i}`,
          body: {},
          indexes: { [name]: "x", num: 1 },
        })
        yield* store.insert(t, { collection, id: `b${i}`, body: {}, indexes: { [name]: 2 } })
      }
      for (const [i, name] of Values.hostileIndexNames.entries()) {
        sameIds(
          (yield* walkQuery(store, t, { collection, where: { [name]: "x" } }, { maxPages: 10 }))
            .documents,
          [`a${i}`],
          `where ${show(name)} = "x"`,
        )
        sameIds(
          (yield* walkQuery(
            store,
            t,
            { collection, range: { index: name, gte: 2 } },
            { maxPages: 10 },
          )).documents,
          [`b${i}`],
          `range on ${show(name)} >= 2`,
        )
        const ordered = yield* walkQuery(
          store,
          t,
          { collection, orderBy: { index: name, direction: "desc" }, limit: 100 },
          { maxPages: 10 },
        )
        sameIds(
          ordered.documents.slice(0, 2),
          [`a${i}`, `b${i}`],
          `orderBy ${show(name)} desc, first two`,
        )
      }
    }))

  if (settings.supportsNulCharacter) {
    test("U+0000 is stored verbatim in bodies, keys and index values", ({ store, tenant }) =>
      Effect.gen(function* () {
        const t = tenant()
        for (const [i, value] of Values.nulStrings.entries()) {
          const body: Json = { value, [value]: value }
          yield* store.insert(t, { collection, id: `nul-${i}`, body, indexes: { value } })
          yield* readsBackVerbatim(
            settings,
            store,
            t,
            { collection, id: `nul-${i}`, version: 1, body, indexes: { value } },
            `a body holding ${show(value)}`,
          )
          sameIds(
            (yield* walkQuery(store, t, { collection, where: { value } }, { maxPages: 10 }))
              .documents,
            [`nul-${i}`],
            `where value = ${show(value)}`,
          )
        }
      }))
  } else {
    test.skip(
      "U+0000 is stored verbatim in bodies, keys and index values",
      "the adapter declares `supportsNulCharacter: false`",
    )
  }

  const documentTest = (bytes: number) =>
    test(`documents of ${bytes} bytes of JSON are stored verbatim`, ({ store, tenant }) =>
      Effect.gen(function* () {
        const t = tenant()
        const bodies = largeBodies(bytes)
        for (const [what, body] of bodies) {
          const size = utf8Bytes(JSON.stringify(body))
          check(
            size <= bytes && size > bytes - 64,
            `the testkit built ${what} of ${size} bytes for a ${bytes}-byte test`,
          )
        }
        const [first, second, third] = bodies
        if (first === undefined || second === undefined || third === undefined)
          return fail("the large bodies are missing")
        yield* store.insert(t, {
          collection,
          id: "large-1",
          body: first[1],
          indexes: { size: "large" },
        })
        yield* store.bulkWrite(t, [
          {
            _tag: "Insert",
            collection,
            id: "large-2",
            body: second[1],
            indexes: { size: "large" },
          },
        ])
        yield* store.insert(t, { collection, id: "large-3", body: { small: true }, indexes: {} })
        yield* store.update(t, {
          collection,
          id: "large-3",
          expectedVersion: 1,
          body: third[1],
          indexes: { size: "large" },
        })
        yield* readsBackVerbatim(
          settings,
          store,
          t,
          { collection, id: "large-1", version: 1, body: first[1] },
          first[0],
        )
        yield* readsBackVerbatim(
          settings,
          store,
          t,
          { collection, id: "large-2", version: 1, body: second[1] },
          second[0],
        )
        yield* readsBackVerbatim(
          settings,
          store,
          t,
          { collection, id: "large-3", version: 2, body: third[1] },
          third[0],
        )
        const page = yield* store.query(t, { collection, where: { size: "large" } })
        sameIds(
          page.documents,
          ["large-1", "large-2", "large-3"],
          "a query returning three large documents",
        )
      }))

  if (settings.maxDocumentBytes >= requiredDocumentBytes) {
    documentTest(requiredDocumentBytes)
  } else {
    test.skip(
      `documents of ${requiredDocumentBytes} bytes of JSON are stored verbatim`,
      `the adapter declares \`maxDocumentBytes: ${settings.maxDocumentBytes}\``,
    )
    documentTest(settings.maxDocumentBytes)
  }

  const nestingTest = (depth: number) =>
    test(`bodies nested ${depth} levels deep are stored verbatim`, ({ store, tenant }) =>
      Effect.gen(function* () {
        const t = tenant()
        for (const shape of ["objects", "arrays", "alternating"] as const) {
          const body = nestedBody(depth, shape)
          yield* store.insert(t, { collection, id: shape, body, indexes: {} })
          yield* readsBackVerbatim(
            settings,
            store,
            t,
            { collection, id: shape, version: 1, body },
            `${depth} levels of ${shape}`,
          )
        }
      }))

  if (settings.maxNestingDepth >= requiredNestingDepth) {
    nestingTest(requiredNestingDepth)
  } else {
    test.skip(
      `bodies nested ${requiredNestingDepth} levels deep are stored verbatim`,
      `the adapter declares \`maxNestingDepth: ${settings.maxNestingDepth}\``,
    )
    nestingTest(settings.maxNestingDepth)
  }

  test("wide bodies (10 000 keys, 10 000 array items) are stored verbatim", ({ store, tenant }) =>
    Effect.gen(function* () {
      const t = tenant()
      const wideObject: Json = Object.fromEntries(
        Array.from({ length: 10_000 }, (_, i) => [`k${i}`, i % 3 === 0 ? `v${i}` : i]),
      )
      const wideArray: Json = Array.from({ length: 10_000 }, (_, i) => (i % 2 === 0 ? i : { i }))
      yield* store.insert(t, { collection, id: "wide-object", body: wideObject, indexes: {} })
      yield* store.insert(t, { collection, id: "wide-array", body: wideArray, indexes: {} })
      yield* readsBackVerbatim(
        settings,
        store,
        t,
        { collection, id: "wide-object", version: 1, body: wideObject },
        "an object of 10 000 keys",
      )
      yield* readsBackVerbatim(
        settings,
        store,
        t,
        { collection, id: "wide-array", version: 1, body: wideArray },
        "an array of 10 000 items",
      )
    }))

  test("any JSON body is stored verbatim (property)", (context) =>
    checkProperty(
      context,
      FastCheck.array(
        FastCheck.tuple(
          Values.jsonValue(settings.supportsNulCharacter, 4),
          Values.text(settings.supportsNulCharacter, 8),
        ),
        { minLength: 1, maxLength: 5 },
      ),
      (entries) =>
        Effect.gen(function* () {
          const { store } = context
          const t = context.tenant()
          const written: Array<StoredDocument> = []
          for (const [i, [body, value]] of entries.entries()) {
            const document = yield* store.insert(t, {
              collection,
              id: `doc-${i}`,
              body,
              indexes: { value },
            })
            written.push(document)
          }
          for (const [i, [body, value]] of entries.entries()) {
            yield* expectDocument(
              store,
              { tenant: t, collection, id: `doc-${i}`, version: 1, body, indexes: { value } },
              `get of a generated body`,
            )
          }
          const scanned = yield* scanAll(store, t, collection)
          for (const [i, [body]] of entries.entries()) {
            equal(scanned.find((d) => d.id === `doc-${i}`)?.body, body, "scan of a generated body")
          }
          for (const [i, [, value]] of entries.entries()) {
            const walk = yield* walkQuery(
              store,
              t,
              { collection, where: { value } },
              { maxPages: 10 },
            )
            check(
              walk.documents.some((d) => d.id === `doc-${i}`),
              `where value = ${show(value)} does not find the document holding it`,
            )
            for (const d of walk.documents)
              equal(
                d.indexes.value,
                value,
                `where value = ${show(value)} returned a document whose value differs`,
              )
          }
          equal(written.length, entries.length, "documents written")
        }),
    ))
})
