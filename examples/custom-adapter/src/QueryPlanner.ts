/**
 * Turns a validated query plan into the LevelDB key ranges that hold its matches,
 * each read in the page's order: the entries of the `orderBy` index (narrowed to the
 * `where` values and range of that index), or in id order the entries of one value
 * of the `where` index with the fewest values, or the documents themselves. Every
 * range then resumes after the cursor. Conditions a range cannot express are checked
 * on the documents read, so a range may be wider than the matches, never narrower.
 *
 * @since 0.1.0
 */
import type { Query } from "@clientele/store"
import * as Layout from "./StorageLayout.js"

/**
 * One bound of a key range.
 *
 * @since 0.1.0
 */
export interface Bound {
  readonly key: Buffer
  readonly inclusive: boolean
}

/**
 * A key range read in the page's order: documents by id, or the entries of an index.
 *
 * @since 0.1.0
 */
export interface Source {
  readonly kind: "documents" | "entries"
  /** The length of the key prefix before the id (documents) or the index value (entries). */
  readonly prefixLength: number
  readonly lower: Bound
  readonly upper: Bound
}

/**
 * Whether an index value's key sits exactly where the port orders the value. A
 * string with a lone surrogate does not (its key sorts as the code point U+D800 to
 * U+DFFF, the port sorts it above U+FFFF), so a range does not use it as a bound and
 * leaves the check to the filter.
 */
const isExactBound = (value: Query.IndexValue) =>
  typeof value !== "string" || !Layout.hasLoneSurrogate(value)

/** The tighter of two lower bounds. */
const tighterLower = (a: Bound, b: Bound): Bound => {
  const order = Buffer.compare(a.key, b.key)
  return order > 0 || (order === 0 && !a.inclusive) ? a : b
}

/** The tighter of two upper bounds. */
const tighterUpper = (a: Bound, b: Bound): Bound => {
  const order = Buffer.compare(a.key, b.key)
  return order < 0 || (order === 0 && !a.inclusive) ? a : b
}

/**
 * Everything under `prefix`; `prefixLength` is where the id (documents) or the index
 * value (entries) starts.
 *
 * @since 0.1.0
 */
export const within = (
  kind: Source["kind"],
  prefix: Buffer,
  prefixLength = prefix.length,
): Source => ({
  kind,
  prefixLength,
  lower: { key: prefix, inclusive: true },
  upper: { key: Buffer.concat([prefix, Layout.afterAll]), inclusive: false },
})

const narrowed = (source: Source, from: Bound | undefined, to: Bound | undefined): Source => ({
  ...source,
  lower: from === undefined ? source.lower : tighterLower(source.lower, from),
  upper: to === undefined ? source.upper : tighterUpper(source.upper, to),
})

/**
 * Resumes a source strictly after the key `position`, in the plan's direction.
 *
 * @since 0.1.0
 */
export const resumed = (source: Source, plan: Query.Plan, position: Buffer | undefined): Source => {
  if (position === undefined) return source
  const bound = { key: position, inclusive: false }
  return plan.descending ? narrowed(source, undefined, bound) : narrowed(source, bound, undefined)
}

/** The key bounds of a range over an index whose entries start with `prefix`. */
const rangeBounds = (
  prefix: Buffer,
  range: Query.Range,
): { readonly from: Bound; readonly to: Bound } => {
  const kind = typeof (range.gt ?? range.gte ?? range.lt ?? range.lte) === "number"
  const kindKeys = Layout.kindBounds(kind ? "number" : "string")
  let from: Bound = { key: Buffer.concat([prefix, kindKeys.first]), inclusive: true }
  let to: Bound = { key: Buffer.concat([prefix, kindKeys.above]), inclusive: false }
  const valueKey = (value: Query.RangeBound, past: boolean) =>
    Buffer.concat(
      past
        ? [prefix, Layout.encodeIndexValue(value), Layout.afterAll]
        : [prefix, Layout.encodeIndexValue(value)],
    )
  // Every entry of value v sorts between `prefix v` and `prefix v 0xFF`.
  if (range.gte !== undefined && isExactBound(range.gte))
    from = tighterLower(from, { key: valueKey(range.gte, false), inclusive: true })
  if (range.gt !== undefined && isExactBound(range.gt))
    from = tighterLower(from, { key: valueKey(range.gt, true), inclusive: true })
  if (range.lt !== undefined && isExactBound(range.lt))
    to = tighterUpper(to, { key: valueKey(range.lt, false), inclusive: false })
  if (range.lte !== undefined && isExactBound(range.lte))
    to = tighterUpper(to, { key: valueKey(range.lte, true), inclusive: false })
  return { from, to }
}

/**
 * The key ranges that hold every committed match of a plan, each read in the plan's
 * order; `[]` when nothing can match. `registered` are the collection's registered
 * indexes: an index no document ever declared is `null` for every document.
 *
 * @since 0.1.0
 */
export const sourcesOf = (
  tenant: string,
  plan: Query.Plan,
  registered: ReadonlySet<string>,
): ReadonlyArray<Source> => {
  const { collection, after } = plan
  let narrowest: readonly [string, ReadonlyArray<Query.IndexValue>] | undefined
  for (const [index, values] of plan.where) {
    if (values.length === 0) return []
    if (!registered.has(index)) {
      if (!values.includes(null)) return []
    } else if (narrowest === undefined || values.length < narrowest[1].length) {
      narrowest = [index, values]
    }
  }
  if (plan.range !== undefined && !registered.has(plan.range.index)) return []

  const order = plan.orderIndex
  if (order !== undefined && registered.has(order)) {
    const prefix = Layout.indexPrefix(tenant, collection, order)
    const values = plan.where.find(([index]) => index === order)?.[1]
    const whole =
      values === undefined
        ? [within("entries", prefix)]
        : values.map((value) =>
            within(
              "entries",
              Buffer.concat([prefix, Layout.encodeIndexValue(value)]),
              prefix.length,
            ),
          )
    const bounded =
      plan.range?.index === order
        ? ((bounds) => whole.map((source) => narrowed(source, bounds.from, bounds.to)))(
            rangeBounds(prefix, plan.range),
          )
        : whole
    const position =
      after !== undefined && isExactBound(after.value) && !Layout.hasLoneSurrogate(after.id)
        ? Buffer.concat([
            prefix,
            Layout.encodeIndexValue(after.value),
            Layout.encodeString(after.id),
          ])
        : undefined
    return bounded.map((source) => resumed(source, plan, position))
  }

  // In id order: the documents, or the entries of one value of a `where` index
  // (within one value, entries come in id order). A cursor of this order has a null
  // value; one that does not (an `orderBy` index no committed document declares)
  // cannot narrow the range and is left to the filter.
  const resumeId =
    after !== undefined && after.value === null && !Layout.hasLoneSurrogate(after.id)
      ? after.id
      : undefined
  if (narrowest === undefined) {
    const prefix = Layout.documentPrefix(tenant, collection)
    const position =
      resumeId === undefined ? undefined : Buffer.concat([prefix, Layout.encodeString(resumeId)])
    return [resumed(within("documents", prefix), plan, position)]
  }
  const indexPrefix = Layout.indexPrefix(tenant, collection, narrowest[0])
  return narrowest[1].map((value) => {
    const prefix = Buffer.concat([indexPrefix, Layout.encodeIndexValue(value)])
    const position =
      resumeId === undefined ? undefined : Buffer.concat([prefix, Layout.encodeString(resumeId)])
    return resumed(within("entries", prefix, indexPrefix.length), plan, position)
  })
}

/**
 * A source as the bounds of a LevelDB iterator.
 *
 * @since 0.1.0
 */
export const rangeOptions = (source: Source) => ({
  ...(source.lower.inclusive ? { gte: source.lower.key } : { gt: source.lower.key }),
  ...(source.upper.inclusive ? { lte: source.upper.key } : { lt: source.upper.key }),
})
