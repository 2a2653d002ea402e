/**
 * Compiles a validated query into one SQL statement over the index entries: the
 * order index (if any) drives, each `where` and `range` index joins by document,
 * and the page resumes after the cursor with a row-value comparison that the
 * entries' B-tree answers. Pure, so a test can read the database's plan for it.
 */
import type { Query } from "@clientele/store"
import type { Dialect, Tables } from "./dialect.js"

/** The (kind, num, str) triple an index value is stored as. */
export const entryKey = (
  value: Query.IndexValue,
): readonly [kind: number, num: number, str: string] =>
  value === null ? [0, 0, ""] : typeof value === "number" ? [1, value, ""] : [2, 0, value]

/** Builds a statement's text and its parameters together, numbering placeholders. */
export class Params {
  readonly values: Array<unknown> = []
  constructor(private readonly dialect: Dialect) {}
  add(value: unknown): string {
    this.values.push(value)
    return this.dialect.param(this.values.length)
  }
  list(values: ReadonlyArray<unknown>): string {
    return values.map((value) => this.add(value)).join(", ")
  }
}

/** A statement: its text and parameters. */
export interface Compiled {
  readonly text: string
  readonly params: ReadonlyArray<unknown>
}

const column = (alias: string, name: string) => (alias === "" ? name : `${alias}.${name}`)

/** The condition of the entries strictly after a cursor's position, in the plan's order. */
const resumeAfter = (p: Params, plan: Query.Plan, position: Query.Position, alias: string) => {
  const columns = ["kind", "num", "str", "id"].map((name) => column(alias, name)).join(", ")
  const [kind, num, str] = entryKey(position.value)
  return `(${columns}) ${plan.descending ? "<" : ">"} (${p.list([kind, num, str, position.id])})`
}

/**
 * The condition that an entry holds one of `values`. One value is an equality on
 * the whole (kind, num, str) key; several are grouped by kind, each group fixing
 * two columns and listing the third, so that every group is a search of the
 * entries' index by value.
 */
const anyOf = (p: Params, values: ReadonlyArray<Query.IndexValue>, alias: string): string => {
  const kind = column(alias, "kind")
  const num = column(alias, "num")
  const str = column(alias, "str")
  if (values.length === 0) return "1 = 0"
  const [single] = values
  if (values.length === 1 && single !== undefined) {
    const [k, n, s] = entryKey(single)
    return `${kind} = ${p.add(k)} AND ${num} = ${p.add(n)} AND ${str} = ${p.add(s)}`
  }
  const numbers = values.filter((value): value is number => typeof value === "number")
  const strings = values.filter((value): value is string => typeof value === "string")
  // placeholders may be positional: each group is written out as its parameters are added
  const groups: Array<string> = []
  if (values.includes(null))
    groups.push(`${kind} = ${p.add(0)} AND ${num} = ${p.add(0)} AND ${str} = ${p.add("")}`)
  if (numbers.length > 0)
    groups.push(
      `${kind} = ${p.add(1)} AND ${num} IN (${p.list(numbers)}) AND ${str} = ${p.add("")}`,
    )
  if (strings.length > 0)
    groups.push(`${kind} = ${p.add(2)} AND ${num} = ${p.add(0)} AND ${str} IN (${p.list(strings)})`)
  return groups.length === 1 ? (groups[0] as string) : `((${groups.join(") OR (")}))`
}

/** The plan's `where` and `range` conditions on one index, over entries aliased `alias`. */
const conditionsOn = (p: Params, plan: Query.Plan, alias: string, name: string): Array<string> => {
  const conditions: Array<string> = []
  for (const [index, values] of plan.where) {
    if (index === name) conditions.push(anyOf(p, values, alias))
  }
  const range = plan.range
  if (range !== undefined && range.index === name) {
    const bound = range.gt ?? range.gte ?? range.lt ?? range.lte
    const valueColumn = column(alias, typeof bound === "number" ? "num" : "str")
    conditions.push(`${column(alias, "kind")} = ${p.add(typeof bound === "number" ? 1 : 2)}`)
    for (const [key, operator] of [
      ["gt", ">"],
      ["gte", ">="],
      ["lt", "<"],
      ["lte", "<="],
    ] as const) {
      const value = range[key]
      if (value !== undefined) conditions.push(`${valueColumn} ${operator} ${p.add(value)}`)
    }
  }
  return conditions
}

/**
 * The statement answering a plan, fetching one row more than the page to tell
 * whether a next page exists; `undefined` when no document can match (an empty
 * `where` list, or a list without `null` on an index no document of the collection
 * declares). `names` are the collection's listed index names.
 */
export const compileQuery = (
  dialect: Dialect,
  t: Tables,
  tenant: string,
  plan: Query.Plan,
  names: ReadonlySet<string>,
): Compiled | undefined => {
  for (const [name, values] of plan.where) {
    if (values.length === 0) return undefined
    // a name no document of the collection declares is null everywhere: a list with
    // null holds for every document, one without holds for none
    if (!names.has(name) && !values.includes(null)) return undefined
  }
  if (plan.range !== undefined && !names.has(plan.range.index)) return undefined
  const orderIndex =
    plan.orderIndex !== undefined && names.has(plan.orderIndex) ? plan.orderIndex : undefined
  const direction = plan.descending ? "DESC" : "ASC"
  const after = plan.descending ? "<" : ">"
  const p = new Params(dialect)
  // placeholders may be positional: parameters are added in the order they appear
  const tenantParam = p.add(tenant)
  const collectionParam = p.add(plan.collection)
  const aliases = new Map<string, string>()
  const joins: Array<string> = []
  const conditions: Array<string> = []
  const entryAlias = (name: string) => {
    const existing = aliases.get(name)
    if (existing !== undefined) return existing
    const alias = `e${aliases.size}`
    aliases.set(name, alias)
    const first = aliases.size === 1
    joins.push(
      first
        ? `${t.entries} ${alias}`
        : `JOIN ${t.entries} ${alias} ON ${alias}.tenant = e0.tenant AND ${alias}.collection = e0.collection AND ${alias}.id = e0.id`,
    )
    conditions.push(`${alias}.name = ${p.add(name)}`, ...conditionsOn(p, plan, alias, name))
    return alias
  }
  if (orderIndex !== undefined) entryAlias(orderIndex)
  for (const [name] of plan.where) if (names.has(name)) entryAlias(name)
  if (plan.range !== undefined) entryAlias(plan.range.index)
  const driver = aliases.size > 0 ? "e0" : "d"
  const from =
    driver === "d"
      ? `${t.documents} d`
      : `${joins.join(" ")} JOIN ${t.documents} d ON d.tenant = e0.tenant AND d.collection = e0.collection AND d.id = e0.id`
  conditions.unshift(
    `${driver}.tenant = ${tenantParam} AND ${driver}.collection = ${collectionParam}`,
  )
  let order: string
  if (orderIndex !== undefined) {
    order = `e0.kind ${direction}, e0.num ${direction}, e0.str ${direction}, e0.id ${direction}`
    if (plan.after !== undefined) conditions.push(resumeAfter(p, plan, plan.after, "e0"))
  } else {
    // entries found for several values come in value order, not id order: sort them
    const sorted = plan.where.some(
      ([name, values]) => values.length > 1 && aliases.get(name) === "e0",
    )
    order = `${sorted ? dialect.sortedNotWalked(`${driver}.id`) : `${driver}.id`} ${direction}`
    if (plan.after !== undefined) {
      // every document's order value is null here: a cursor past a non-null value is past them all
      if (plan.after.value === null)
        conditions.push(`${driver}.id ${after} ${p.add(plan.after.id)}`)
      else if (!plan.descending) return undefined
    }
  }
  return {
    text: `SELECT d.id, d.version, d.body, d.indexes FROM ${from}
      WHERE ${conditions.join(" AND ")} ORDER BY ${order} LIMIT ${p.add(plan.limit + 1)}`,
    params: p.values,
  }
}

/**
 * For a query ordered by one index and filtered on others: the statement that walks
 * the order index in order, at most `scanned` entries from the cursor, and returns
 * each entry's document id with the document where every other condition holds
 * (`version` is null where one does not). When it finds more matches than the page
 * holds, or walks off the end, the page is answered without sorting the matches;
 * otherwise the caller falls back to {@link compileQuery}, which sorts them. So a
 * common filter with a small page reads a few hundred entries in order, and a rare
 * one costs at most `scanned` lookups before the sort.
 * `undefined` when the query has no such shape.
 */
export const compileOrderedProbe = (
  dialect: Dialect,
  t: Tables,
  tenant: string,
  plan: Query.Plan,
  names: ReadonlySet<string>,
  scanned: number,
): Compiled | undefined => {
  const orderIndex = plan.orderIndex
  if (orderIndex === undefined || !names.has(orderIndex)) return undefined
  const filters = [
    ...new Set([
      ...plan.where.map(([name]) => name),
      ...(plan.range === undefined ? [] : [plan.range.index]),
    ]),
  ].filter((name) => name !== orderIndex && names.has(name))
  if (filters.length === 0) return undefined
  const direction = plan.descending ? "DESC" : "ASC"
  const order = `kind ${direction}, num ${direction}, str ${direction}, id ${direction}`
  const p = new Params(dialect)
  const inner = [
    `tenant = ${p.add(tenant)}`,
    `collection = ${p.add(plan.collection)}`,
    `name = ${p.add(orderIndex)}`,
    ...conditionsOn(p, plan, "", orderIndex),
  ]
  if (plan.after !== undefined) inner.push(resumeAfter(p, plan, plan.after, ""))
  const walk = `SELECT tenant, collection, id, kind, num, str FROM ${t.entries}
    WHERE ${inner.join(" AND ")} ORDER BY ${order} LIMIT ${p.add(scanned)}`
  const joins = filters.map((name, i) => {
    const alias = `f${i}`
    const on = [
      `${alias}.tenant = o.tenant AND ${alias}.collection = o.collection AND ${alias}.id = o.id`,
      `${alias}.name = ${p.add(name)}`,
      ...conditionsOn(p, plan, alias, name),
    ]
    return `LEFT JOIN ${t.entries} ${alias} ON ${on.join(" AND ")}`
  })
  const matched = filters.map((_, i) => `f${i}.id IS NOT NULL`).join(" AND ")
  return {
    text: `SELECT o.id, d.version, d.body, d.indexes FROM (${walk}) o ${joins.join(" ")}
      LEFT JOIN ${t.documents} d ON d.tenant = o.tenant AND d.collection = o.collection AND d.id = o.id AND ${matched}
      ORDER BY o.kind ${direction}, o.num ${direction}, o.str ${direction}, o.id ${direction}`,
    params: p.values,
  }
}
