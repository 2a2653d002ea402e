/**
 * The reference model the model-based tests compare every adapter with: plain Maps
 * and brute force, written to be obviously right rather than fast. It shares no
 * code with the adapters' query path (`Query.runInMemory`, `Query.matches`,
 * `Query.compareStrings`): ordering, matching and ranges are written out again here
 * from the rules in the `Query` module's documentation, so a bug there shows up as
 * a disagreement instead of being copied into the model.
 */
import type { IndexValue, Query } from "../../Query.js"
import type { Indexes, Json, StoredDocument, WriteOperation } from "../../Store.js"
import type { StoreErrorReason } from "../../StoreError.js"

/** The outcome of one operation on the model. */
export type Outcome<A> =
  | { readonly ok: true; readonly value: A }
  | { readonly ok: false; readonly reason: StoreErrorReason }

const success = <A>(value: A): Outcome<A> => ({ ok: true, value })
const failure = <A>(reason: StoreErrorReason): Outcome<A> => ({ ok: false, reason })

/** Compares two strings by Unicode code point, walking code points one by one. */
export const compareByCodePoint = (a: string, b: string): number => {
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    const x = a.codePointAt(i) ?? 0
    const y = b.codePointAt(j) ?? 0
    if (x !== y) return x < y ? -1 : 1
    i += x > 0xffff ? 2 : 1
    j += y > 0xffff ? 2 : 1
  }
  if (i < a.length) return 1
  if (j < b.length) return -1
  return 0
}

const kindOf = (value: IndexValue): number =>
  value === null ? 0 : typeof value === "number" ? 1 : 2

/** The order of index values: `null` < numbers (numerically) < strings (by code point). */
export const compareValues = (a: IndexValue, b: IndexValue): number => {
  const kind = kindOf(a) - kindOf(b)
  if (kind !== 0) return kind < 0 ? -1 : 1
  if (typeof a === "number" && typeof b === "number") return a < b ? -1 : a > b ? 1 : 0
  if (typeof a === "string" && typeof b === "string") return compareByCodePoint(a, b)
  return 0
}

/** The value a document holds for an index, `null` when it declares none. */
export const indexValueOf = (indexes: Indexes, index: string): IndexValue => {
  if (!Object.hasOwn(indexes, index)) return null
  const value = indexes[index]
  return value === undefined ? null : value
}

const withinRange = (range: NonNullable<Query["range"]>, value: IndexValue): boolean => {
  if (value === null) return false
  for (const bound of [range.gt, range.gte, range.lt, range.lte]) {
    if (bound !== undefined && kindOf(bound) !== kindOf(value)) return false
  }
  if (range.gt !== undefined && !(compareValues(value, range.gt) > 0)) return false
  if (range.gte !== undefined && !(compareValues(value, range.gte) >= 0)) return false
  if (range.lt !== undefined && !(compareValues(value, range.lt) < 0)) return false
  if (range.lte !== undefined && !(compareValues(value, range.lte) <= 0)) return false
  return true
}

/**
 * Whether a document's indexes satisfy a query's `where` and `range`. A `where`
 * list is read as written, duplicates and all: the document's value must equal one
 * of its elements, so an empty list matches nothing.
 */
export const satisfies = (query: Query, indexes: Indexes): boolean => {
  for (const [index, expected] of Object.entries(query.where ?? {})) {
    const actual = indexValueOf(indexes, index)
    const accepted: ReadonlyArray<IndexValue> =
      typeof expected === "object" && expected !== null ? expected : [expected]
    let found = false
    for (const value of accepted) if (compareValues(actual, value) === 0) found = true
    if (!found) return false
  }
  return (
    query.range === undefined || withinRange(query.range, indexValueOf(indexes, query.range.index))
  )
}

/** Compares two documents in a query's order: the order index (or nothing), then the id. */
export const compareInOrder = (
  query: Query,
  a: { readonly id: string; readonly indexes: Indexes },
  b: { readonly id: string; readonly indexes: Indexes },
): number => {
  const index = query.orderBy?.index
  const byValue =
    index === undefined
      ? 0
      : compareValues(indexValueOf(a.indexes, index), indexValueOf(b.indexes, index))
  const ascending = byValue !== 0 ? byValue : compareByCodePoint(a.id, b.id)
  return query.orderBy?.direction === "desc" ? -ascending : ascending
}

/** Every document of a list that matches a query, in the query's order (limit and cursor ignored). */
export const expectedMatches = <D extends { readonly id: string; readonly indexes: Indexes }>(
  query: Query,
  documents: Iterable<D>,
): Array<D> => {
  const matching = [...documents].filter((document) => satisfies(query, document.indexes))
  // insertion sort: quadratic, but unmistakable, and the suite's collections are small
  const sorted: Array<D> = []
  for (const document of matching) {
    let at = sorted.length
    while (at > 0) {
      const previous = sorted[at - 1]
      if (previous === undefined || compareInOrder(query, previous, document) <= 0) break
      at--
    }
    sorted.splice(at, 0, document)
  }
  return sorted
}

const keyOf = (tenant: string, collection: string, id: string): string =>
  JSON.stringify([tenant, collection, id])

/** The reference store: one Map from (tenant, collection, id) to the document. */
export class ReferenceStore {
  private documents: Map<string, StoredDocument>

  constructor(documents: Map<string, StoredDocument> = new Map()) {
    this.documents = documents
  }

  /** An independent copy, for a transaction that may be thrown away. */
  copy(): ReferenceStore {
    return new ReferenceStore(new Map(this.documents))
  }

  /** Replaces this store's content with another's (a transaction that commits). */
  adopt(other: ReferenceStore): void {
    this.documents = new Map(other.documents)
  }

  get(tenant: string, collection: string, id: string): StoredDocument | undefined {
    return this.documents.get(keyOf(tenant, collection, id))
  }

  getMany(tenant: string, collection: string, ids: ReadonlyArray<string>): Array<StoredDocument> {
    const found: Array<StoredDocument> = []
    for (const id of ids) {
      const document = this.get(tenant, collection, id)
      if (document !== undefined) found.push(document)
    }
    return found
  }

  /** Every document of a collection, in id order. */
  all(tenant: string, collection: string): Array<StoredDocument> {
    const found = [...this.documents.values()].filter(
      (document) => document.tenant === tenant && document.collection === collection,
    )
    return found.sort((a, b) => compareByCodePoint(a.id, b.id))
  }

  /** Every matching document in the query's order (what walking all pages must return). */
  query(tenant: string, query: Query): Array<StoredDocument> {
    return expectedMatches(query, this.all(tenant, query.collection))
  }

  /** One write; the written document (or `null` for a delete) or the reason it fails. */
  write(tenant: string, operation: WriteOperation): Outcome<StoredDocument | null> {
    const key = keyOf(tenant, operation.collection, operation.id)
    const current = this.documents.get(key)
    if (operation._tag === "Insert") {
      if (current !== undefined) return failure("Duplicate")
      const document = this.document(tenant, operation, 1, operation.body, operation.indexes)
      this.documents.set(key, document)
      return success(document)
    }
    if (current === undefined) return failure("NotFound")
    if (current.version !== operation.expectedVersion) return failure("Conflict")
    if (operation._tag === "Delete") {
      this.documents.delete(key)
      return success(null)
    }
    const document = this.document(
      tenant,
      operation,
      current.version + 1,
      operation.body,
      operation.indexes,
    )
    this.documents.set(key, document)
    return success(document)
  }

  /** Several writes, all or none; the first failure is the outcome. */
  bulkWrite(tenant: string, operations: ReadonlyArray<WriteOperation>): Outcome<void> {
    const scratch = this.copy()
    for (const operation of operations) {
      const outcome = scratch.write(tenant, operation)
      if (!outcome.ok) return failure(outcome.reason)
    }
    this.adopt(scratch)
    return success(undefined)
  }

  private document(
    tenant: string,
    operation: { readonly collection: string; readonly id: string },
    version: number,
    body: Json,
    indexes: Indexes,
  ): StoredDocument {
    return { tenant, collection: operation.collection, id: operation.id, version, body, indexes }
  }
}
