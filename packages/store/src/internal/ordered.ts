/**
 * One index of the in-memory adapter: its non-null `(value, id)` entries kept in
 * the order of {@link Query.compareIndexValues}, then {@link Query.compareStrings}
 * of the ids (the order of a query's results), as a list of sorted chunks. Finding
 * a position is two binary searches; inserting or removing one entry moves at most
 * a chunk's worth of slots, so writes stay cheap at millions of entries. Serves
 * equality (the run of one value), ranges and ordered walks alike.
 */
import { compareStrings, type IndexValue } from "../Query.js"

// A string all of whose code units are below the surrogates sorts by code point
// exactly as the engine's own comparison sorts it; an index none of whose strings
// holds a higher unit compares with the engine (most ids and values are ASCII).
const wideUnit = /[\uD800-\uFFFF]/
const isWide = (text: string) => wideUnit.test(text)
const keyIsWide = (key: Key) =>
  (typeof key.value === "string" && isWide(key.value)) ||
  (typeof key.id === "string" && isWide(key.id))

/** The order of the entry `(value, id)` against a key (numbers before strings). */
const compareEntry = (
  value: Exclude<IndexValue, null>,
  id: string,
  key: Key,
  exact: boolean,
): number => {
  const target = key.value
  if (value !== target) {
    if (typeof value === "number")
      return typeof target === "number" ? (value < target ? -1 : value > target ? 1 : 0) : -1
    if (typeof target === "number") return 1
    const byValue = exact ? compareStrings(value, target) : value < target ? -1 : 1
    if (byValue !== 0) return byValue
  }
  if (typeof key.id !== "string") return key.id._tag === "first" ? 1 : -1
  if (id === key.id) return 0
  return exact ? compareStrings(id, key.id) : id < key.id ? -1 : 1
}

/** Where a seek lands among the ids of one value: before them all, after them all, or at one. */
export type IdBound = { readonly _tag: "first" } | { readonly _tag: "last" } | string

const first: IdBound = { _tag: "first" }
const last: IdBound = { _tag: "last" }

/** A seek key: a value and where among its ids. */
export interface Key {
  readonly value: Exclude<IndexValue, null>
  readonly id: IdBound
}

/** Before every id of `value` (the key of `>= value`). */
export const before = (value: Exclude<IndexValue, null>): Key => ({ value, id: first })
/** After every id of `value` (the key of `> value`). */
export const after = (value: Exclude<IndexValue, null>): Key => ({ value, id: last })

export class OrderedIndex {
  private readonly values: Array<Array<Exclude<IndexValue, null>>> = []
  private readonly ids: Array<Array<string>> = []
  /** Each chunk's last value and id. */
  private readonly lastValues: Array<Exclude<IndexValue, null>> = []
  private readonly lastIds: Array<string> = []
  private entries = 0
  /** Whether some string of the index has a code unit from U+D800 up. */
  private wide = false

  /**
   * @param maxChunk The largest chunk: a fuller one splits in two.
   * @param minChunk A chunk left smaller than this after a removal merges with the next one.
   */
  constructor(
    private readonly maxChunk = 512,
    private readonly minChunk = 64,
  ) {}

  /** How many entries the index holds. */
  get size(): number {
    return this.entries
  }

  /** Whether comparisons with the key must go code point by code point. */
  private exactFor(key: Key): boolean {
    return this.wide || keyIsWide(key)
  }

  /** The order of the entry at `(chunk, offset)` against a key (numbers before strings). */
  private compareAt(chunk: number, offset: number, key: Key, exact: boolean): number {
    return compareEntry(
      (this.values[chunk] as Array<Exclude<IndexValue, null>>)[offset] as Exclude<IndexValue, null>,
      (this.ids[chunk] as Array<string>)[offset] as string,
      key,
      exact,
    )
  }

  /**
   * The first chunk whose last entry is at or after the key (the chunk count if
   * none): a binary search over the chunks' last entries, kept side by side so the
   * search reads a few neighbouring slots instead of a slot of each chunk it visits.
   */
  private chunkOf(key: Key, exact: boolean): number {
    let low = 0
    let high = this.lastValues.length
    while (low < high) {
      const middle = (low + high) >>> 1
      const order = compareEntry(
        this.lastValues[middle] as Exclude<IndexValue, null>,
        this.lastIds[middle] as string,
        key,
        exact,
      )
      if (order < 0) low = middle + 1
      else high = middle
    }
    return low
  }

  /** Records the last entry of a chunk after it changed. */
  private noteLast(chunk: number): void {
    const values = this.values[chunk] as Array<Exclude<IndexValue, null>>
    this.lastValues[chunk] = values[values.length - 1] as Exclude<IndexValue, null>
    const ids = this.ids[chunk] as Array<string>
    this.lastIds[chunk] = ids[ids.length - 1] as string
  }

  /** The first offset of a chunk whose entry is at or after the key. */
  private offsetIn(chunk: number, key: Key, exact: boolean): number {
    let low = 0
    let high = (this.values[chunk] as Array<IndexValue>).length
    while (low < high) {
      const middle = (low + high) >>> 1
      if (this.compareAt(chunk, middle, key, exact) < 0) low = middle + 1
      else high = middle
    }
    return low
  }

  /** The position of the first entry at or after the key (past the end if none). */
  seek(key: Key): Position {
    const exact = this.exactFor(key)
    const chunk = this.chunkOf(key, exact)
    if (chunk === this.values.length) return { chunk, offset: 0 }
    return { chunk, offset: this.offsetIn(chunk, key, exact) }
  }

  /** The position after the last entry. */
  end(): Position {
    return { chunk: this.values.length, offset: 0 }
  }

  insert(value: Exclude<IndexValue, null>, id: string): void {
    const key: Key = { value, id }
    if (!this.wide && keyIsWide(key)) this.wide = true
    if (this.values.length === 0) {
      this.values.push([value])
      this.ids.push([id])
      this.lastValues.push(value)
      this.lastIds.push(id)
      this.entries = 1
      return
    }
    // past every last entry: the end of the last chunk
    const exact = this.wide
    const chunk = Math.min(this.chunkOf(key, exact), this.values.length - 1)
    const offset = this.offsetIn(chunk, key, exact)
    const values = this.values[chunk] as Array<Exclude<IndexValue, null>>
    const ids = this.ids[chunk] as Array<string>
    if (offset < ids.length && this.compareAt(chunk, offset, key, exact) === 0) return
    values.splice(offset, 0, value)
    ids.splice(offset, 0, id)
    this.entries++
    if (values.length > this.maxChunk) {
      const half = values.length >>> 1
      this.values.splice(chunk + 1, 0, values.splice(half))
      this.ids.splice(chunk + 1, 0, ids.splice(half))
      this.lastValues.splice(chunk + 1, 0, value)
      this.lastIds.splice(chunk + 1, 0, id)
      this.noteLast(chunk)
      this.noteLast(chunk + 1)
    } else if (offset === values.length - 1) {
      this.noteLast(chunk)
    }
  }

  remove(value: Exclude<IndexValue, null>, id: string): void {
    const key: Key = { value, id }
    const exact = this.exactFor(key)
    const chunk = this.chunkOf(key, exact)
    if (chunk === this.values.length) return
    const offset = this.offsetIn(chunk, key, exact)
    if (this.compareAt(chunk, offset, key, exact) !== 0) return
    const values = this.values[chunk] as Array<Exclude<IndexValue, null>>
    const ids = this.ids[chunk] as Array<string>
    values.splice(offset, 1)
    ids.splice(offset, 1)
    this.entries--
    if (values.length === 0) {
      this.values.splice(chunk, 1)
      this.ids.splice(chunk, 1)
      this.lastValues.splice(chunk, 1)
      this.lastIds.splice(chunk, 1)
      return
    }
    if (values.length < this.minChunk && chunk + 1 < this.values.length) {
      const nextValues = this.values[chunk + 1] as Array<Exclude<IndexValue, null>>
      if (values.length + nextValues.length <= this.maxChunk) {
        for (const v of nextValues) values.push(v)
        for (const i of this.ids[chunk + 1] as Array<string>) ids.push(i)
        this.values.splice(chunk + 1, 1)
        this.ids.splice(chunk + 1, 1)
        this.lastValues.splice(chunk + 1, 1)
        this.lastIds.splice(chunk + 1, 1)
      }
    }
    this.noteLast(chunk)
  }

  /**
   * How many entries hold `value`: the distance between the two ends of its run,
   * whole chunks counted by their lengths (no entry is visited).
   */
  count(value: Exclude<IndexValue, null>): number {
    const from = this.seek(before(value))
    const to = this.seek(after(value))
    if (from.chunk === to.chunk) return to.offset - from.offset
    let counted = (this.values[from.chunk]?.length ?? 0) - from.offset
    for (let chunk = from.chunk + 1; chunk < to.chunk; chunk++)
      counted += (this.values[chunk] as Array<IndexValue>).length
    return counted + to.offset
  }

  /**
   * The entries from `start` on, ascending (or, `descending`, from the entry before
   * `start` backwards), stopping at `stop`: in ascending order the first entry at or
   * after it is not given, in descending order the first entry before it.
   */
  *walk(start: Position, descending: boolean, stop?: Key): Generator<Entry> {
    let { chunk, offset } = start
    const exact = stop !== undefined && this.exactFor(stop)
    if (!descending) {
      while (chunk < this.values.length) {
        const values = this.values[chunk] as Array<Exclude<IndexValue, null>>
        const ids = this.ids[chunk] as Array<string>
        for (; offset < values.length; offset++) {
          if (stop !== undefined && this.compareAt(chunk, offset, stop, exact) >= 0) return
          yield { value: values[offset] as Exclude<IndexValue, null>, id: ids[offset] as string }
        }
        chunk++
        offset = 0
      }
      return
    }
    // the entry before the start position
    offset--
    while (chunk >= 0) {
      if (chunk >= this.values.length) {
        chunk = this.values.length - 1
        offset = (this.values[chunk]?.length ?? 0) - 1
        continue
      }
      if (offset < 0) {
        chunk--
        offset = (this.values[chunk]?.length ?? 0) - 1
        continue
      }
      const values = this.values[chunk] as Array<Exclude<IndexValue, null>>
      const ids = this.ids[chunk] as Array<string>
      for (; offset >= 0; offset--) {
        if (stop !== undefined && this.compareAt(chunk, offset, stop, exact) < 0) return
        yield { value: values[offset] as Exclude<IndexValue, null>, id: ids[offset] as string }
      }
    }
  }
}

/** A place between entries: before the entry at `offset` of chunk `chunk`. */
export interface Position {
  readonly chunk: number
  readonly offset: number
}

/** The order of two positions. */
export const comparePositions = (a: Position, b: Position): number =>
  a.chunk !== b.chunk ? a.chunk - b.chunk : a.offset - b.offset

/** One entry of an index. */
export interface Entry {
  readonly value: Exclude<IndexValue, null>
  readonly id: string
}
