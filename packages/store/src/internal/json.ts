import type { Json } from "../Store.js"

/** Whether a string holds half of a surrogate pair, which no UTF-8 store can keep. */
export const hasLoneSurrogate = (text: string): boolean =>
  !(text as string & { isWellFormed(): boolean }).isWellFormed()

/** The deepest nesting a document body may have (SQLite's JSON functions stop at 1000 too). */
export const maxDepth = 1000

/**
 * Copies a value that must be JSON into a deeply frozen copy, so a caller mutating
 * its object after a write (or a document after a read) never changes the store.
 * Returns the path of the first non-JSON value instead when there is one.
 *
 * `previous` is a body this function produced before (the version an update
 * replaces): wherever the new value holds the very same object at the same place,
 * that object is already checked and frozen, and is kept instead of copied.
 */
export const freezeJson = (
  value: unknown,
  previous?: Json,
):
  | { readonly ok: true; readonly value: Json }
  | {
      readonly ok: false
      readonly path: ReadonlyArray<string | number>
      readonly found: string
    } => {
  const path: Array<string | number> = []
  let failure: string | undefined
  const visit = (node: unknown, depth: number, before: unknown): Json => {
    if (failure !== undefined) return null
    if (node === before && typeof node === "object" && node !== null) return node as Json
    if (node === null || typeof node === "boolean") return node
    if (typeof node === "string") {
      if (hasLoneSurrogate(node)) failure = "a lone UTF-16 surrogate (not valid Unicode)"
      return node
    }
    if (typeof node === "number") {
      // JSON has no negative zero: every database returns 0, so store 0.
      if (Number.isFinite(node)) return node === 0 ? 0 : node
      failure = String(node)
      return null
    }
    if (depth >= maxDepth) {
      failure = `nesting deeper than ${maxDepth} levels`
      return null
    }
    if (Array.isArray(node)) {
      const copy: Array<Json> = new Array(node.length)
      const beforeItems = Array.isArray(before) ? before : undefined
      for (let i = 0; i < node.length; i++) {
        path.push(i)
        copy[i] = visit(node[i], depth + 1, beforeItems?.[i])
        if (failure !== undefined) return null
        path.pop()
      }
      return seal(copy, depth)
    }
    if (typeof node === "object") {
      const prototype = Object.getPrototypeOf(node)
      if (prototype !== Object.prototype && prototype !== null) {
        failure = `an instance of ${(node as object).constructor?.name ?? "a class"}`
        return null
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
        if (!Object.hasOwn(copy, key)) continue
        const child = copy[key]
        if (child === undefined) {
          delete copy[key]
          continue
        }
        path.push(key)
        if (hasLoneSurrogate(key)) {
          failure = "a key with a lone UTF-16 surrogate (not valid Unicode)"
          return null
        }
        // only an object can be shared with the previous version
        const value = visit(
          child,
          depth + 1,
          typeof child === "object" &&
            beforeFields !== undefined &&
            Object.hasOwn(beforeFields, key)
            ? beforeFields[key]
            : undefined,
        )
        if (failure !== undefined) return null
        // (Object.is: a -0 child comes back as 0)
        if (!Object.is(value, child)) {
          if (key === "__proto__") {
            // defineProperty keeps a "__proto__" key as data instead of changing the prototype
            Object.defineProperty(copy, key, {
              value,
              enumerable: true,
              writable: true,
              configurable: true,
            })
          } else {
            copy[key] = value
          }
        }
        path.pop()
      }
      return seal(copy, depth) as Json
    }
    failure = typeof node
    return null
  }
  // a body this function produced is frozen JSON already: checking it again (as an
  // adapter does when it validates a batch, then applies each write) is a no-op
  if (isProduced(value)) return { ok: true, value: value as Json }
  // only a body this function produced is trusted as checked and frozen
  const copy = visit(value, 0, isProduced(previous) ? previous : undefined)
  if (failure !== undefined) return { ok: false, path, found: failure }
  return { ok: true, value: copy }
}

// The mark of a body this function produced: a hidden (non-enumerable) property of
// its frozen root, set before freezing, so no one else can set it on a frozen body;
// cheaper than a weak set of millions of bodies, which every collection has to visit.
const producedMark: unique symbol = Symbol("clientele.frozenJson")

const isProduced = (value: unknown): boolean =>
  typeof value === "object" &&
  value !== null &&
  (value as { readonly [producedMark]?: true })[producedMark] === true

/** Freezes a copy, marking it first when it is a body's root. */
const seal = <T extends object>(copy: T, depth: number): T => {
  if (depth === 0) Object.defineProperty(copy, producedMark, { value: true })
  return Object.freeze(copy)
}
