/**
 * Queries over declared index fields, and the pieces every adapter needs to answer
 * them the same way: the order of index values, matching, and opaque cursors.
 *
 * The semantics, which every adapter must follow (the testkit checks them):
 *
 * - An index value is a string, a finite number or `null`; a document that does not
 *   declare an index has `null` there.
 * - Index values order as `null` < numbers < strings; numbers numerically, strings
 *   by Unicode code point (the byte order of UTF-8, `COLLATE "C"` in PostgreSQL,
 *   `BINARY` in SQLite).
 * - `where` is equality on several indexes (`null` matches documents with no value).
 *   A list of values means "any of them": it matches documents whose value equals
 *   one of the listed values (`null` in the list matches documents with no value);
 *   an empty list matches no document; duplicates are ignored; a single value and a
 *   one-element list are the same query, down to their cursors. A list holds at most
 *   {@link maxWhereValues} values.
 * - `range` bounds one index; only non-null values of the bounds' kind match.
 * - `orderBy` orders by one index, ties broken by document id in the same direction;
 *   without it, documents come in id order. `desc` is the exact reverse of `asc`.
 * - A page holds at most `limit` documents (default 100, at most 10 000); its
 *   `cursor` is `null` exactly when no further matching document exists.
 *
 * @since 0.1.0
 */
import { Errors } from "@clientele/core"
import * as Either from "effect/Either"
import * as Encoding from "effect/Encoding"

/**
 * The value a document declares for one index.
 *
 * @example
 * ```ts
 * import type { Query } from "@clientele/store"
 *
 * const values: ReadonlyArray<Query.IndexValue> = ["gold", 42, null]
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type IndexValue = string | number | null

/**
 * A bound of a range: a string or a finite number.
 *
 * @example
 * ```ts
 * import type { Query } from "@clientele/store"
 *
 * const bound: Query.RangeBound = 1_700_000_000_000
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type RangeBound = string | number

/**
 * A range over one index; any of the four bounds may be given.
 *
 * @example
 * ```ts
 * import type { Query } from "@clientele/store"
 *
 * const lastWeek: Query.Range = { index: "createdAt", gte: 1_700_000_000_000, lt: 1_700_604_800_000 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Range {
  readonly index: string
  readonly gt?: RangeBound | undefined
  readonly gte?: RangeBound | undefined
  readonly lt?: RangeBound | undefined
  readonly lte?: RangeBound | undefined
}

/**
 * The order of a query's results.
 *
 * @example
 * ```ts
 * import type { Query } from "@clientele/store"
 *
 * const newestFirst: Query.OrderBy = { index: "createdAt", direction: "desc" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface OrderBy {
  readonly index: string
  readonly direction?: "asc" | "desc" | undefined
}

/**
 * A query over one collection of one tenant (the tenant is passed beside it). A
 * `where` value that is a list matches documents holding any of its values.
 *
 * @example
 * ```ts
 * import type { Query } from "@clientele/store"
 *
 * const query: Query.Query = {
 *   collection: "complaints",
 *   where: { status: ["open", "reopened"], channel: "email" },
 *   orderBy: { index: "receivedAt" },
 *   limit: 50,
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Query {
  readonly collection: string
  readonly where?: Readonly<Record<string, IndexValue | ReadonlyArray<IndexValue>>> | undefined
  readonly range?: Range | undefined
  readonly orderBy?: OrderBy | undefined
  readonly limit?: number | undefined
  readonly cursor?: string | null | undefined
}

/**
 * The default number of documents of a page.
 *
 * @example
 * ```ts
 * import { Query } from "@clientele/store"
 *
 * Query.defaultLimit // 100
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const defaultLimit = 100

/**
 * The largest page a query may ask for.
 *
 * @example
 * ```ts
 * import { Query } from "@clientele/store"
 *
 * Query.maxLimit // 10000
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const maxLimit = 10_000

/**
 * The most values a `where` list may give for one index.
 *
 * @example
 * ```ts
 * import { Query } from "@clientele/store"
 * import * as Either from "effect/Either"
 *
 * Query.maxWhereValues // 1000
 * const ids = Array.from({ length: Query.maxWhereValues + 1 }, (_, i) => `c${i}`)
 * Either.isLeft(Query.validate({ collection: "contacts", where: { customer: ids } })) // true
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export const maxWhereValues = 1000

/**
 * Where a page ended: the order value and id of its last document. Adapters resume
 * strictly after it.
 *
 * @example
 * ```ts
 * import type { Query } from "@clientele/store"
 *
 * const position: Query.Position = { value: 42, id: "cus_9" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Position {
  readonly value: IndexValue
  readonly id: string
}

/**
 * A query after validation: defaults filled in, the cursor decoded, and each
 * `where` index given as its list of accepted values, without duplicates and in the
 * order of {@link compareIndexValues} (a single value is a list of one).
 *
 * @example
 * ```ts
 * import { Query } from "@clientele/store"
 * import * as Either from "effect/Either"
 *
 * const plan = Either.getOrThrow(
 *   Query.validate({ collection: "customers", where: { tier: ["gold", 3, "gold"], region: "eu" } }),
 * )
 * plan.limit // 100
 * plan.where // [["region", ["eu"]], ["tier", [3, "gold"]]]
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Plan {
  readonly collection: string
  readonly where: ReadonlyArray<readonly [index: string, values: ReadonlyArray<IndexValue>]>
  readonly range: Range | undefined
  readonly orderIndex: string | undefined
  readonly descending: boolean
  readonly limit: number
  readonly after: Position | undefined
  readonly fingerprint: string
}

/**
 * Whether a value can be an index value: a string, a finite number or `null`.
 *
 * @example
 * ```ts
 * import { Query } from "@clientele/store"
 *
 * Query.isIndexValue(Number.NaN) // false
 * ```
 *
 * @since 0.1.0
 * @category ordering
 */
export const isIndexValue = (u: unknown): u is IndexValue =>
  u === null || typeof u === "string" || (typeof u === "number" && Number.isFinite(u))

const isBound = (u: unknown): u is RangeBound =>
  typeof u === "string" || (typeof u === "number" && Number.isFinite(u))

const kindRank = (value: IndexValue): number =>
  value === null ? 0 : typeof value === "number" ? 1 : 2

/**
 * Compares two strings by Unicode code point (UTF-16 order differs only where a
 * surrogate pair meets a character in U+E000–U+FFFF).
 *
 * @example
 * ```ts
 * import { Query } from "@clientele/store"
 *
 * Query.compareStrings("\u{1F600}", "\uFF5E") // 1: the emoji's code point is larger
 * ```
 *
 * @since 0.1.0
 * @category ordering
 */
export const compareStrings = (a: string, b: string): -1 | 0 | 1 => {
  if (a === b) return 0
  const shorter = Math.min(a.length, b.length)
  for (let i = 0; i < shorter; i++) {
    const x = a.charCodeAt(i)
    const y = b.charCodeAt(i)
    if (x !== y) {
      if (x >= 0xd800 && y >= 0xd800) {
        const xSurrogate = x <= 0xdfff
        const ySurrogate = y <= 0xdfff
        if (xSurrogate !== ySurrogate) return xSurrogate ? 1 : -1
      }
      return x < y ? -1 : 1
    }
  }
  return a.length < b.length ? -1 : 1
}

/**
 * The total order of index values: `null` < numbers < strings.
 *
 * @example
 * ```ts
 * import { Query } from "@clientele/store"
 *
 * Query.compareIndexValues(null, 0) // -1
 * Query.compareIndexValues(10, "1") // -1: numbers sort before strings
 * ```
 *
 * @since 0.1.0
 * @category ordering
 */
export const compareIndexValues = (a: IndexValue, b: IndexValue): -1 | 0 | 1 => {
  const ka = kindRank(a)
  const kb = kindRank(b)
  if (ka !== kb) return ka < kb ? -1 : 1
  if (ka === 1) return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0
  if (ka === 2) return compareStrings(a as string, b as string)
  return 0
}

/**
 * The value a document holds for an index (`null` where it declares none).
 *
 * @example
 * ```ts
 * import { Query } from "@clientele/store"
 *
 * Query.indexValue({ tier: "gold" }, "region") // null
 * ```
 *
 * @since 0.1.0
 * @category ordering
 */
export const indexValue = (
  indexes: Readonly<Record<string, IndexValue>>,
  index: string,
): IndexValue => {
  const value = Object.hasOwn(indexes, index) ? indexes[index] : undefined
  return value === undefined ? null : value
}

/**
 * Compares two documents in the plan's order (order value, then id).
 *
 * @example
 * ```ts
 * import { Query } from "@clientele/store"
 * import * as Either from "effect/Either"
 *
 * const plan = Either.getOrThrow(Query.validate({ collection: "c", orderBy: { index: "n" } }))
 * Query.comparePositions(plan, { value: 1, id: "b" }, { value: 1, id: "a" }) // 1
 * ```
 *
 * @since 0.1.0
 * @category ordering
 */
export const comparePositions = (plan: Plan, a: Position, b: Position): number => {
  const byValue = compareIndexValues(a.value, b.value)
  const result = byValue !== 0 ? byValue : compareStrings(a.id, b.id)
  return plan.descending ? -result : result
}

/**
 * The position of a document in the plan's order.
 *
 * @example
 * ```ts
 * import { Query } from "@clientele/store"
 * import * as Either from "effect/Either"
 *
 * const plan = Either.getOrThrow(Query.validate({ collection: "c", orderBy: { index: "n" } }))
 * Query.positionOf(plan, { id: "a", indexes: { n: 3 } }) // { value: 3, id: "a" }
 * ```
 *
 * @since 0.1.0
 * @category ordering
 */
export const positionOf = (
  plan: Plan,
  document: { readonly id: string; readonly indexes: Readonly<Record<string, IndexValue>> },
): Position => ({
  value: plan.orderIndex === undefined ? null : indexValue(document.indexes, plan.orderIndex),
  id: document.id,
})

const inRange = (range: Range, value: IndexValue): boolean => {
  if (value === null) return false
  const bound = range.gt ?? range.gte ?? range.lt ?? range.lte
  if (bound !== undefined && kindRank(value) !== kindRank(bound)) return false
  if (range.gt !== undefined && compareIndexValues(value, range.gt) <= 0) return false
  if (range.gte !== undefined && compareIndexValues(value, range.gte) < 0) return false
  if (range.lt !== undefined && compareIndexValues(value, range.lt) >= 0) return false
  if (range.lte !== undefined && compareIndexValues(value, range.lte) > 0) return false
  return true
}

// The plan's lists are sorted by compareIndexValues, so membership is a binary search.
const isListed = (values: ReadonlyArray<IndexValue>, value: IndexValue): boolean => {
  let low = 0
  let high = values.length - 1
  while (low <= high) {
    const middle = (low + high) >>> 1
    const order = compareIndexValues(values[middle] as IndexValue, value)
    if (order === 0) return true
    if (order < 0) low = middle + 1
    else high = middle - 1
  }
  return false
}

/**
 * Whether a document satisfies the plan's `where` and `range` (not the cursor): for
 * each `where` index, its value is one of the listed values.
 *
 * @example
 * ```ts
 * import { Query } from "@clientele/store"
 * import * as Either from "effect/Either"
 *
 * const plan = Either.getOrThrow(
 *   Query.validate({ collection: "c", where: { tier: ["gold", "silver"], region: [null, "eu"] } }),
 * )
 * Query.matches(plan, { tier: "gold" }) // true: no region is null
 * Query.matches(plan, { tier: "bronze", region: "eu" }) // false
 * ```
 *
 * @since 0.1.0
 * @category ordering
 */
export const matches = (plan: Plan, indexes: Readonly<Record<string, IndexValue>>): boolean => {
  for (const [index, values] of plan.where) {
    if (!isListed(values, indexValue(indexes, index))) return false
  }
  return plan.range === undefined || inRange(plan.range, indexValue(indexes, plan.range.index))
}

/**
 * Whether a document comes strictly after the plan's cursor position.
 *
 * @example
 * ```ts
 * import { Query } from "@clientele/store"
 * import * as Either from "effect/Either"
 *
 * const plan = Either.getOrThrow(Query.validate({ collection: "c" }))
 * Query.isAfterCursor(plan, { value: null, id: "b" }) // true: no cursor
 * ```
 *
 * @since 0.1.0
 * @category ordering
 */
export const isAfterCursor = (plan: Plan, position: Position): boolean =>
  plan.after === undefined || comparePositions(plan, position, plan.after) > 0

// FNV-1a, 32 bits: a cursor carries the fingerprint of its query so that reusing it
// with another query is detected instead of silently skipping documents.
const fingerprintOf = (text: string): string => {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return (hash >>> 0).toString(36)
}

const invalid = (path: ReadonlyArray<string | number>, message: string) =>
  Either.left(Errors.ValidationError.fromIssues([{ path, message }]))

const indexValueMessage = "must be a string, a finite number or null"

/**
 * The accepted values of one `where` index, checked, sorted and without duplicates;
 * a message for the path where the value is malformed otherwise.
 */
const whereValues = (
  index: string,
  value: unknown,
): Either.Either<ReadonlyArray<IndexValue>, Errors.ValidationError> => {
  if (!Array.isArray(value)) {
    return isIndexValue(value)
      ? Either.right([value])
      : invalid(
          ["where", index],
          `${indexValueMessage}, or a list of at most ${maxWhereValues} such values`,
        )
  }
  if (value.length > maxWhereValues) {
    return invalid(
      ["where", index],
      `lists ${value.length} values; a list may hold at most ${maxWhereValues}`,
    )
  }
  const listed: Array<IndexValue> = []
  for (let i = 0; i < value.length; i++) {
    const element: unknown = value[i]
    if (!isIndexValue(element)) return invalid(["where", index, i], indexValueMessage)
    listed.push(element)
  }
  listed.sort(compareIndexValues)
  const distinct: Array<IndexValue> = []
  for (const element of listed) {
    const last = distinct[distinct.length - 1]
    if (distinct.length === 0 || compareIndexValues(last as IndexValue, element) !== 0)
      distinct.push(element)
  }
  return Either.right(distinct)
}

/**
 * Checks a query and fills in its defaults; a malformed query or a cursor that
 * belongs to another query fails with a `ValidationError` naming the field.
 *
 * @example
 * ```ts
 * import { Query } from "@clientele/store"
 * import * as Either from "effect/Either"
 *
 * Either.isLeft(Query.validate({ collection: "c", limit: 0 })) // true
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const validate = (query: Query): Either.Either<Plan, Errors.ValidationError> => {
  if (typeof query.collection !== "string" || query.collection.length === 0) {
    return invalid(["collection"], "must be a non-empty string")
  }
  const where: Array<readonly [string, ReadonlyArray<IndexValue>]> = []
  for (const [index, value] of Object.entries(query.where ?? {})) {
    const values = whereValues(index, value)
    if (Either.isLeft(values)) return Either.left(values.left)
    where.push([index, values.right])
  }
  where.sort((a, b) => compareStrings(a[0], b[0]))
  const range = query.range
  if (range !== undefined) {
    if (typeof range.index !== "string" || range.index.length === 0) {
      return invalid(["range", "index"], "must be a non-empty string")
    }
    const bounds = (["gt", "gte", "lt", "lte"] as const).filter((key) => range[key] !== undefined)
    if (bounds.length === 0) return invalid(["range"], "must give at least one bound")
    for (const key of bounds) {
      if (!isBound(range[key])) {
        return invalid(["range", key], "must be a string or a finite number")
      }
    }
    if (new Set(bounds.map((key) => typeof range[key])).size > 1) {
      return invalid(["range"], "bounds must all be strings or all be numbers")
    }
    if (range.gt !== undefined && range.gte !== undefined) {
      return invalid(["range"], "give gt or gte, not both")
    }
    if (range.lt !== undefined && range.lte !== undefined) {
      return invalid(["range"], "give lt or lte, not both")
    }
  }
  const direction = query.orderBy?.direction ?? "asc"
  if (direction !== "asc" && direction !== "desc") {
    return invalid(["orderBy", "direction"], 'must be "asc" or "desc"')
  }
  if (
    query.orderBy !== undefined &&
    !(typeof query.orderBy.index === "string" && query.orderBy.index.length > 0)
  ) {
    return invalid(["orderBy", "index"], "must be a non-empty string")
  }
  const limit = query.limit ?? defaultLimit
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > maxLimit) {
    return invalid(["limit"], `must be an integer from 1 to ${maxLimit}`)
  }
  const normalisedRange =
    range === undefined
      ? undefined
      : { index: range.index, gt: range.gt, gte: range.gte, lt: range.lt, lte: range.lte }
  // A list of one is fingerprinted as the single value it equals, as before lists
  // existed, so cursors of equality queries stay valid.
  const fingerprint = fingerprintOf(
    JSON.stringify([
      query.collection,
      where.map(([index, values]) => [index, values.length === 1 ? values[0] : values]),
      normalisedRange ?? null,
      query.orderBy?.index ?? null,
      direction,
    ]),
  )
  const plan: Plan = {
    collection: query.collection,
    where,
    range: normalisedRange,
    orderIndex: query.orderBy?.index,
    descending: direction === "desc",
    limit,
    after: undefined,
    fingerprint,
  }
  if (query.cursor === undefined || query.cursor === null) return Either.right(plan)
  const after = decodeCursor(query.cursor, fingerprint)
  return after === undefined
    ? invalid(["cursor"], "is malformed or belongs to another query")
    : Either.right({ ...plan, after })
}

/**
 * The opaque cursor that resumes a plan after a position.
 *
 * @example
 * ```ts
 * import { Query } from "@clientele/store"
 * import * as Either from "effect/Either"
 *
 * const plan = Either.getOrThrow(Query.validate({ collection: "c" }))
 * const cursor = Query.encodeCursor(plan, { value: null, id: "cus_9" })
 * Either.isRight(Query.validate({ collection: "c", cursor })) // true
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const encodeCursor = (plan: Plan, position: Position): string =>
  // base64url of the UTF-8 JSON, through Effect's encoder: no Node `Buffer`, so a
  // store running in a browser pages the same way
  Encoding.encodeBase64Url(JSON.stringify([plan.fingerprint, position.value, position.id]))

const decodeCursor = (cursor: string, fingerprint: string): Position | undefined => {
  if (typeof cursor !== "string" || !/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined
  try {
    const text = Encoding.decodeBase64UrlString(cursor)
    if (Either.isLeft(text)) return undefined
    const decoded: unknown = JSON.parse(text.right)
    if (
      Array.isArray(decoded) &&
      decoded.length === 3 &&
      decoded[0] === fingerprint &&
      isIndexValue(decoded[1]) &&
      typeof decoded[2] === "string"
    ) {
      return { value: decoded[1], id: decoded[2] }
    }
    return undefined
  } catch {
    return undefined
  }
}

/**
 * Answers a plan over documents held in memory: filter, order, resume after the
 * cursor, cut to the limit. Adapters without a query engine of their own (a
 * key-value store, plain files) can use it; the in-memory adapter does.
 *
 * @example
 * ```ts
 * import { Query } from "@clientele/store"
 * import * as Either from "effect/Either"
 *
 * const plan = Either.getOrThrow(Query.validate({ collection: "c", orderBy: { index: "n" }, limit: 1 }))
 * const page = Query.runInMemory(plan, [
 *   { id: "a", indexes: { n: 2 } },
 *   { id: "b", indexes: { n: 1 } },
 * ])
 * page.documents.map((d) => d.id) // ["b"]
 * page.cursor !== null // true: "a" is still to come
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const runInMemory = <
  D extends { readonly id: string; readonly indexes: Readonly<Record<string, IndexValue>> },
>(
  plan: Plan,
  candidates: Iterable<D>,
): { readonly documents: ReadonlyArray<D>; readonly cursor: string | null } => {
  const selected: Array<{ readonly document: D; readonly position: Position }> = []
  for (const document of candidates) {
    if (!matches(plan, document.indexes)) continue
    const position = positionOf(plan, document)
    if (isAfterCursor(plan, position)) selected.push({ document, position })
  }
  selected.sort((a, b) => comparePositions(plan, a.position, b.position))
  const page = selected.slice(0, plan.limit)
  const last = page[page.length - 1]
  return {
    documents: page.map((entry) => entry.document),
    cursor:
      selected.length > plan.limit && last !== undefined ? encodeCursor(plan, last.position) : null,
  }
}
