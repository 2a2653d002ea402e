import type { Json } from "../Store.js"

/** Whether a string holds half of a surrogate pair, which no UTF-8 store can keep. */
export const hasLoneSurrogate = (text: string): boolean =>
  !(text as string & { isWellFormed(): boolean }).isWellFormed()

/** The deepest nesting a document body may have (SQLite's JSON functions stop at 1000 too). */
export const maxDepth = 1000

/** Stands for "not JSON" where a copy is returned; the reason is kept beside it. */
const notJson: unique symbol = Symbol("clientele.notJson")

/**
 * Copies a value that must be JSON into a deeply frozen copy, so a caller mutating
 * its object after a write (or a document after a read) never changes the store.
 * Returns the path of the first non-JSON value instead when there is one.
 *
 * `previous` is the version an update replaces: when it is a copy this function
 * made (see {@link FrozenOwnership}), wherever the new value holds the very same
 * object at the same place, that object is already checked and frozen, and is kept
 * instead of copied.
 *
 * Texts, numbers, booleans and nulls are checked where their object or array is
 * copied, without a call of their own, and the path of a failure is gathered only
 * when there is one (while the walk unwinds): a document has far more of them than
 * of objects.
 */
export const freezeJson = (
  value: unknown,
  previous?: Json,
  own: FrozenOwnership = marked,
):
  | { readonly ok: true; readonly value: Json }
  | {
      readonly ok: false
      readonly path: ReadonlyArray<string | number>
      readonly found: string
    } => {
  // a body this function produced is frozen JSON already: checking it again (as an
  // adapter does when it validates a batch, then applies each write) is a no-op
  if (isProduced(value)) return { ok: true, value: value as Json }
  // only a copy this function made is trusted as checked and frozen
  const trusted =
    previous !== undefined && (own.previousIsOwn || isProduced(previous)) ? previous : undefined
  if (value === trusted && trusted !== undefined) return { ok: true, value: trusted }
  const walk: Walk = {
    mark: own.mark,
    // for-in also lists the enumerable properties someone added to Object.prototype
    inherited: hasEnumerableProperty(Object.prototype),
    failure: "",
    path: [],
  }
  const copy =
    typeof value === "object" && value !== null
      ? visit(walk, value, 0, trusted)
      : value === null
        ? null
        : leaf(walk, value)
  if (copy === notJson) return { ok: false, path: walk.path.reverse(), found: walk.failure }
  return { ok: true, value: copy }
}

/** One call of {@link freezeJson}: its settings, and what it found wrong and where. */
interface Walk {
  readonly mark: boolean
  readonly inherited: boolean
  failure: string
  /** The path to the failure, from the failing value up (filled while unwinding). */
  readonly path: Array<string | number>
}

/** What a value that is not an object is stored as, or `notJson` (with the failure noted). */
const leaf = (walk: Walk, node: unknown): Json | typeof notJson => {
  switch (typeof node) {
    case "string":
      if (!hasLoneSurrogate(node)) return node
      walk.failure = "a lone UTF-16 surrogate (not valid Unicode)"
      return notJson
    case "number":
      // JSON has no negative zero: every database returns 0, so store 0.
      if (Number.isFinite(node)) return node === 0 ? 0 : node
      walk.failure = String(node)
      return notJson
    case "boolean":
      return node
    default:
      walk.failure = typeof node
      return notJson
  }
}

/** Freezes a copy; the root carries the mark when asked for, set before it is frozen. */
const seal = <T extends object>(walk: Walk, copy: T, depth: number): T => {
  if (depth === 0 && walk.mark) Object.defineProperty(copy, producedMark, { value: true })
  return Object.freeze(copy)
}

/** The frozen copy of an object or array (sharing what `before` holds at the same place). */
const visit = (walk: Walk, node: object, depth: number, before: unknown): Json | typeof notJson => {
  if (depth >= maxDepth) {
    walk.failure = `nesting deeper than ${maxDepth} levels`
    return notJson
  }
  if (Array.isArray(node)) {
    const copy: Array<Json> = new Array(node.length)
    const beforeItems = Array.isArray(before) ? before : undefined
    for (let i = 0; i < node.length; i++) {
      const item: unknown = node[i]
      const stored =
        typeof item !== "object"
          ? leaf(walk, item)
          : item === null || item === beforeItems?.[i]
            ? (item as Json)
            : visit(walk, item, depth + 1, beforeItems?.[i])
      if (stored === notJson) {
        walk.path.push(i)
        return notJson
      }
      copy[i] = stored
    }
    return seal(walk, copy, depth)
  }
  const prototype = Object.getPrototypeOf(node)
  if (prototype !== Object.prototype && prototype !== null) {
    walk.failure = `an instance of ${(node as object).constructor?.name ?? "a class"}`
    return notJson
  }
  // A spread builds the copy in one step, in the engine's compact layout: an
  // object given its keys one by one turns into a slow dictionary past a dozen.
  const copy: Record<string, unknown> = { ...(node as Record<string, unknown>) }
  if (Object.getOwnPropertySymbols(node).length > 0)
    for (const symbol of Object.getOwnPropertySymbols(copy))
      delete (copy as Record<symbol, unknown>)[symbol]
  const beforeFields =
    typeof before === "object" && before !== null && !Array.isArray(before)
      ? (before as Record<string, Json>)
      : undefined
  // (for-in over the copy reads the engine's cache of its keys: no array per object)
  for (const key in copy) {
    if (walk.inherited && !Object.hasOwn(copy, key)) continue
    if (hasLoneSurrogate(key)) {
      walk.failure = "a key with a lone UTF-16 surrogate (not valid Unicode)"
      walk.path.push(key)
      return notJson
    }
    const child = copy[key]
    if (typeof child !== "object") {
      if (child === undefined) {
        delete copy[key]
        continue
      }
      const stored = leaf(walk, child)
      if (stored === notJson) {
        walk.path.push(key)
        return notJson
      }
      // (Object.is: a -0 comes back as 0)
      if (!Object.is(stored, child)) copy[key] = stored
      continue
    }
    if (child === null) continue
    // only an object can be shared with the previous version
    const prior =
      beforeFields !== undefined && Object.hasOwn(beforeFields, key) ? beforeFields[key] : undefined
    if (child === prior) continue
    const stored = visit(walk, child, depth + 1, prior)
    if (stored === notJson) {
      walk.path.push(key)
      return notJson
    }
    if (key === "__proto__") {
      // defineProperty keeps a "__proto__" key as data instead of changing the prototype
      Object.defineProperty(copy, key, {
        value: stored,
        enumerable: true,
        writable: true,
        configurable: true,
      })
    } else {
      copy[key] = stored
    }
  }
  return seal(walk, copy, depth) as Json
}

/**
 * Who vouches for the copies {@link freezeJson} makes and is given.
 *
 * - `mark`: the copy's root carries a hidden mark, so giving it back (as an adapter
 *   does when it checks a batch, then applies each write) costs nothing, and it is
 *   trusted as the `previous` of a later update. Defining that hidden property costs
 *   as much as copying a few objects.
 * - `previousIsOwn`: the caller vouches that `previous` is a copy this function made,
 *   mark or not (the memory store, whose documents are its own copies, which it
 *   leaves unmarked).
 */
export interface FrozenOwnership {
  readonly mark: boolean
  readonly previousIsOwn: boolean
}

/** Copies that carry the mark; a previous version is trusted when it carries it. */
export const marked: FrozenOwnership = { mark: true, previousIsOwn: false }

/** The memory store's own copies: unmarked, and every previous version is one of them. */
export const owned: FrozenOwnership = { mark: false, previousIsOwn: true }

/** Whether an object has an enumerable property, its own or inherited. */
const hasEnumerableProperty = (object: object): boolean => {
  for (const _ in object) return true
  return false
}

// The mark of a body this function produced: a hidden (non-enumerable) property of
// its frozen root, set before freezing, so no one else can set it on a frozen body;
// cheaper than a weak set of millions of bodies, which every collection has to visit.
const producedMark: unique symbol = Symbol("clientele.frozenJson")

const isProduced = (value: unknown): boolean =>
  typeof value === "object" &&
  value !== null &&
  (value as { readonly [producedMark]?: true })[producedMark] === true
