/**
 * The values the suite writes: the catalogue of hostile strings and numbers, small
 * pools of ids and index values chosen to collide and to hit the ordering rules
 * (code point versus UTF-16 order, `null` < numbers < strings, ties), and the
 * fast-check arbitraries built from them.
 */
import * as FastCheck from "effect/FastCheck"
import type { IndexValue, Query, Range } from "../../Query.js"
import type { Indexes, Json } from "../../Store.js"

/**
 * Strings that break naive adapters: quoting and escaping, SQL and JSON syntax,
 * LIKE wildcards, placeholders, Unicode beyond the BMP, combining marks, text
 * direction, line separators, byte-order marks, look-alikes. None holds U+0000 (see
 * {@link nulStrings}) or a lone surrogate (not representable in UTF-8 at all).
 */
export const hostileStrings: ReadonlyArray<string> = [
  "",
  " ",
  "  padded  ",
  "'",
  '"',
  "''",
  "\\",
  "\\\\",
  "\\'",
  '\\"',
  "\\u0000",
  "\\n",
  "'; DROP TABLE documents; --",
  '" OR "1"="1',
  "' OR 1=1 --",
  "Robert'); DELETE FROM documents WHERE ('1'='1",
  "SELECT * FROM documents",
  "NULL",
  "null",
  "undefined",
  "true",
  "NaN",
  "[object Object]",
  '{"a":1}',
  "[1,2]",
  "%",
  "_",
  "%_%",
  "a%b_c",
  "$1",
  "?",
  ":name",
  "@p0",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template placeholder is the hostile value
  "${tenant}",
  "{{id}}",
  "*/ /*",
  "-- comment",
  "#",
  "\n",
  "\r\n",
  "\t",
  "line\nbreak",
  "\u2028\u2029",
  "\u001b[31mred\u001b[0m",
  "\u007f",
  "\uFEFFbom",
  "\u200B",
  "\u00A0",
  "é",
  "e\u0301",
  "ß",
  "ǅ",
  "İstanbul",
  "\u0130\u0131",
  "日本語のテキスト",
  "עברית",
  "\u202Eevil\u202C",
  "مرحبا",
  "😀",
  "👩‍👩‍👧‍👦",
  "🏳️‍🌈",
  "👍🏽",
  "\u{1F600}\uFF5E",
  "\uFF5E",
  "\uFFFD",
  "\uFFFF",
  "\u{10FFFF}",
  "\u{E000}",
  "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
  "Z̴̢̛̗̹̫̥̪͕̟̲͋͐͋͋͑̔̈́͜a̸l̶g̴o̵",
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "hasOwnProperty",
  "$where",
  "$gt",
  "a.b",
  "a[0]",
  "../../etc/passwd",
  "C:\\Windows\\System32",
  "<script>alert(1)</script>",
  "&amp;&lt;",
  "x".repeat(4096),
]

/** Strings holding U+0000, which PostgreSQL's `text` and `jsonb` cannot store. */
export const nulStrings: ReadonlyArray<string> = ["\u0000", "a\u0000b", "\u0000\u0000", "end\u0000"]

/**
 * Hostile strings that are also valid ids: 1 to 256 characters and no control
 * characters, the shape `@clientele/core`'s ids have.
 */
export const hostileIds: ReadonlyArray<string> = hostileStrings.filter(
  (text) => text.length > 0 && text.length <= 256 && !/\p{Cc}/u.test(text),
)

/** Numbers JSON carries exactly, at the edges of doubles. */
export const hostileNumbers: ReadonlyArray<number> = [
  0,
  1,
  -1,
  0.1,
  0.1 + 0.2,
  -1.5,
  1e-7,
  5e-324,
  -5e-324,
  2.2250738585072014e-308,
  1e21,
  1.7976931348623157e308,
  -1.7976931348623157e308,
  Number.MAX_SAFE_INTEGER,
  Number.MIN_SAFE_INTEGER,
  2 ** 53 + 2,
  123456789.12345679,
  Number.EPSILON,
]

/** Index names that collide with SQL keywords, JSON-path syntax and quoting. */
export const hostileIndexNames: ReadonlyArray<string> = [
  "order",
  "select",
  "group",
  "a.b",
  "a'b",
  'a"b',
  "a b",
  "$1",
  "[0]",
  "ünï",
  "😀",
  "-- x",
  "x\\y",
]

/** Code points of a string, one at a time: ASCII, awkward characters, or anything but a surrogate. */
const codePoint = (allowNul: boolean): FastCheck.Arbitrary<string> =>
  FastCheck.oneof(
    {
      weight: 5,
      arbitrary: FastCheck.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCodePoint(c)),
    },
    {
      weight: 2,
      arbitrary: FastCheck.constantFrom(
        "'",
        '"',
        "\\",
        "\n",
        "\t",
        "\u2028",
        "\uFEFF",
        "\u0301",
        "\u202E",
        "\uFF5E",
        "\uFFFF",
        "😀",
        "\u{10FFFF}",
        "\u0001",
        ...(allowNul ? ["\u0000"] : []),
      ),
    },
    {
      weight: 3,
      arbitrary: FastCheck.integer({ min: allowNul ? 0 : 1, max: 0x10ffff })
        .filter((c) => c < 0xd800 || c > 0xdfff)
        .map((c) => String.fromCodePoint(c)),
    },
  )

/** Any well-formed string (no lone surrogates), U+0000 only if the adapter stores it. */
export const text = (allowNul: boolean, maxLength = 12): FastCheck.Arbitrary<string> =>
  FastCheck.string({ unit: codePoint(allowNul), maxLength })

/** Any JSON value: objects (with dangerous keys such as `__proto__`), arrays, strings, numbers. */
export const jsonValue = (allowNul: boolean, maxDepth = 3): FastCheck.Arbitrary<Json> =>
  FastCheck.jsonValue({ maxDepth, stringUnit: codePoint(allowNul) }).map((value) => value as Json)

/** A JSON object body, the usual shape of a document. */
export const jsonObject = (allowNul: boolean, maxDepth = 3): FastCheck.Arbitrary<Json> =>
  FastCheck.dictionary(text(allowNul, 8), jsonValue(allowNul, maxDepth - 1), { maxKeys: 5 }).map(
    (value) => value as Json,
  )

/**
 * Ids that hit the ordering rules: "B" < "a" (code points), "é" composed and
 * decomposed are different ids, and an emoji sorts after U+FF5E by code point though
 * before it in UTF-16.
 */
export const idPool: ReadonlyArray<string> = ["a", "b", "B", "a b", "é", "e\u0301", "\uFF5E", "😀"]

/** String index values with the same traps, plus the empty string. */
export const stringValuePool: ReadonlyArray<string> = ["", "x", "y", "Y", "\uFF5E", "😀", "'", "10"]

/** Number index values: negatives, fractions, zero, large. */
export const numberValuePool: ReadonlyArray<number> = [-1, 0, 1, 2.5, 10, 1e21]

/** An index value from the pools: `null`, a number or a string (so kinds mix). */
export const indexValue: FastCheck.Arbitrary<IndexValue> = FastCheck.oneof(
  { weight: 1, arbitrary: FastCheck.constant(null) },
  { weight: 3, arbitrary: FastCheck.constantFrom(...numberValuePool) },
  { weight: 3, arbitrary: FastCheck.constantFrom(...stringValuePool) },
)

/**
 * A `where` list ("any of"): sometimes empty, often with duplicates, and mixing
 * `null`, numbers and strings as the pools do.
 */
export const indexValueList: FastCheck.Arbitrary<ReadonlyArray<IndexValue>> = FastCheck.oneof(
  { weight: 1, arbitrary: FastCheck.constant([]) },
  { weight: 5, arbitrary: FastCheck.array(indexValue, { minLength: 1, maxLength: 6 }) },
)

/** The condition of a `where` on one index: one value, or a list of them. */
export const whereCondition: FastCheck.Arbitrary<IndexValue | ReadonlyArray<IndexValue>> =
  FastCheck.oneof({ weight: 1, arbitrary: indexValue }, { weight: 1, arbitrary: indexValueList })

/** Index names the generated documents declare. */
export const indexNames = ["k", "n"] as const

/** Indexes over {@link indexNames}: each absent, explicitly `null`, or a value. */
export const indexes: FastCheck.Arbitrary<Indexes> = FastCheck.record(
  { k: indexValue, n: indexValue },
  { requiredKeys: [] },
).map((value) => value as Indexes)

const rangeOver = <V extends string | number>(
  bound: FastCheck.Arbitrary<V>,
): FastCheck.Arbitrary<Range> =>
  FastCheck.record({
    index: FastCheck.constantFrom(...indexNames),
    lower: FastCheck.option(
      FastCheck.tuple(FastCheck.constantFrom("gt" as const, "gte" as const), bound),
    ),
    upper: FastCheck.option(
      FastCheck.tuple(FastCheck.constantFrom("lt" as const, "lte" as const), bound),
    ),
  })
    .filter(({ lower, upper }) => lower !== null || upper !== null)
    .map(({ index, lower, upper }) => {
      const range: { index: string; gt?: V; gte?: V; lt?: V; lte?: V } = { index }
      if (lower !== null) range[lower[0]] = lower[1]
      if (upper !== null) range[upper[0]] = upper[1]
      return range
    })

/**
 * A valid query over the generated documents: equality or any-of (now and then on an
 * index no document declares), one range, an order, a small limit.
 */
export const query = (collection: string): FastCheck.Arbitrary<Query> =>
  FastCheck.record({
    where: FastCheck.oneof(
      { weight: 3, arbitrary: FastCheck.constant(undefined) },
      {
        weight: 2,
        arbitrary: FastCheck.tuple(
          FastCheck.record({ k: whereCondition, n: whereCondition }, { requiredKeys: [] }),
          FastCheck.oneof(
            { weight: 4, arbitrary: FastCheck.constant(undefined) },
            { weight: 1, arbitrary: whereCondition },
          ),
        ).map(
          ([declared, undeclared]): NonNullable<Query["where"]> =>
            undeclared === undefined ? declared : { ...declared, undeclared },
        ),
      },
    ),
    range: FastCheck.oneof(
      { weight: 3, arbitrary: FastCheck.constant(undefined) },
      { weight: 1, arbitrary: rangeOver(FastCheck.constantFrom(...numberValuePool)) },
      { weight: 1, arbitrary: rangeOver(FastCheck.constantFrom(...stringValuePool)) },
    ),
    orderBy: FastCheck.option(
      FastCheck.record({
        index: FastCheck.constantFrom(...indexNames, "undeclared"),
        direction: FastCheck.constantFrom("asc" as const, "desc" as const),
      }),
      { nil: undefined },
    ),
    limit: FastCheck.integer({ min: 1, max: 5 }),
  }).map(({ where, range, orderBy, limit }) => {
    const built: { -readonly [K in keyof Query]: Query[K] } = { collection, limit }
    if (where !== undefined) built.where = where
    if (range !== undefined) built.range = range
    if (orderBy !== undefined) built.orderBy = orderBy
    return built
  })
