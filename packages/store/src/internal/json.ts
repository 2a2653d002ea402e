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
 */
export const freezeJson = (
  value: unknown,
):
  | { readonly ok: true; readonly value: Json }
  | {
      readonly ok: false
      readonly path: ReadonlyArray<string | number>
      readonly found: string
    } => {
  const path: Array<string | number> = []
  let failure: string | undefined
  const visit = (node: unknown, depth: number): Json => {
    if (failure !== undefined) return null
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
      for (let i = 0; i < node.length; i++) {
        path.push(i)
        copy[i] = visit(node[i], depth + 1)
        if (failure !== undefined) return null
        path.pop()
      }
      return Object.freeze(copy)
    }
    if (typeof node === "object") {
      const prototype = Object.getPrototypeOf(node)
      if (prototype !== Object.prototype && prototype !== null) {
        failure = `an instance of ${(node as object).constructor?.name ?? "a class"}`
        return null
      }
      const copy: Record<string, Json> = {}
      for (const key of Object.keys(node)) {
        const child = (node as Record<string, unknown>)[key]
        if (child === undefined) continue
        path.push(key)
        if (hasLoneSurrogate(key)) {
          failure = "a key with a lone UTF-16 surrogate (not valid Unicode)"
          return null
        }
        const value = visit(child, depth + 1)
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
        if (failure !== undefined) return null
        path.pop()
      }
      return Object.freeze(copy)
    }
    failure = typeof node
    return null
  }
  // a body this function produced is frozen JSON already: checking it again (as an
  // adapter does when it validates a batch, then applies each write) is a no-op
  if (typeof value === "object" && value !== null && produced.has(value)) {
    return { ok: true, value: value as Json }
  }
  const copy = visit(value, 0)
  if (failure !== undefined) return { ok: false, path, found: failure }
  if (typeof copy === "object" && copy !== null) produced.add(copy)
  return { ok: true, value: copy }
}

const produced = new WeakSet<object>()
