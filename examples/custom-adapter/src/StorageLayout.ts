/**
 * The bytes the LevelDB store writes: how keys are laid out so that LevelDB's own
 * byte order answers the port's questions (one tenant's data is one key range, a
 * collection's documents come in id order, an index's entries in index-value order),
 * and how a document is kept as a value.
 *
 * Every key is a tuple of components, each encoded so that comparing the bytes
 * compares the components one after the other:
 *
 * - a string is its UTF-8 bytes (whose order is the order of code points; a lone
 *   surrogate, which UTF-8 has no bytes for, gets its own 3 bytes as in WTF-8), with
 *   each 0x00 byte written as 0x00 0xFF, closed by 0x00 0x01. No encoded string is
 *   the prefix of another, so tenant `"a"` can never reach into tenant `"ab"`,
 *   whatever the names hold;
 * - an index value is a tag byte (null 0x01 < number 0x02 < string 0x03, the order of
 *   the port) followed, for a number, by its 8 IEEE-754 bytes turned so that they
 *   sort numerically, and for a string by the string as above.
 *
 * The three key spaces, all under the tenant:
 *
 * | key | value |
 * | --- | --- |
 * | `tenant 0x01 collection id` | the document: `{"version","indexes","body"}` as JSON |
 * | `tenant 0x02 collection index value id` | empty: one entry per document and registered index |
 * | `tenant 0x03 collection index` | empty: the index is registered for the collection |
 *
 * No component that can follow a complete prefix starts with 0xFF, so `prefix 0xFF`
 * is an exclusive upper bound of everything under a prefix.
 *
 * @since 0.1.0
 */
import type { Query, Store } from "@clientele/store"

const documentSpace = 0x01
const indexEntrySpace = 0x02
const indexNameSpace = 0x03

const nullTag = 0x01
const numberTag = 0x02
const stringTag = 0x03

/**
 * The byte above every component: `Buffer.concat([prefix, afterAll])` bounds a prefix.
 *
 * @since 0.1.0
 */
export const afterAll = Buffer.from([0xff])

const loneSurrogate = /[\uD800-\uDFFF]/u

/**
 * Whether a string holds a UTF-16 surrogate that is not half of a pair. No stored
 * id or index value does (the port refuses them), but tenants, index names and
 * query bounds may.
 *
 * @since 0.1.0
 */
export const hasLoneSurrogate = (text: string): boolean => loneSurrogate.test(text)

/**
 * UTF-8, extended to lone surrogates (encoded as their own 3-byte sequence, as
 * WTF-8 does) so that no two strings share bytes: with plain UTF-8 both "\uD800" and
 * "\uFFFD" would be EF BF BD, and two tenants named so would share their keys.
 */
const utf8 = (text: string): Buffer => {
  if (!hasLoneSurrogate(text)) return Buffer.from(text, "utf8")
  const parts: Array<Buffer> = []
  for (const character of text) {
    const code = character.codePointAt(0) as number
    parts.push(
      code >= 0xd800 && code <= 0xdfff
        ? Buffer.from([0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)])
        : Buffer.from(character, "utf8"),
    )
  }
  return Buffer.concat(parts)
}

/** The inverse of {@link utf8}. 0xED is always a lead byte; followed by A0–BF it starts a surrogate. */
const fromUtf8 = (bytes: Buffer): string => {
  let text = ""
  let start = 0
  for (let at = 0; at < bytes.length; at++) {
    if (bytes[at] !== 0xed || (bytes[at + 1] ?? 0) < 0xa0) continue
    const code = 0xd000 | (((bytes[at + 1] as number) & 0x3f) << 6) | ((bytes[at + 2] ?? 0) & 0x3f)
    text += bytes.subarray(start, at).toString("utf8") + String.fromCharCode(code)
    at += 2
    start = at + 1
  }
  return text + bytes.subarray(start).toString("utf8")
}

/**
 * The self-delimiting encoding of a string component: distinct strings never share
 * bytes, none is a prefix of another, and strings without lone surrogates sort by
 * code point.
 *
 * @example
 * ```ts
 * import { encodeString } from "./StorageLayout.js"
 *
 * Buffer.compare(encodeString("a"), encodeString("a\u0000")) // -1
 * Buffer.compare(encodeString("a\u0000"), encodeString("ab")) // -1
 * ```
 *
 * @since 0.1.0
 */
export const encodeString = (text: string): Buffer => {
  const bytes = utf8(text)
  let zeros = 0
  for (const byte of bytes) if (byte === 0) zeros++
  const encoded = Buffer.allocUnsafe(bytes.length + zeros + 2)
  let at = 0
  for (const byte of bytes) {
    encoded[at++] = byte
    if (byte === 0) encoded[at++] = 0xff
  }
  encoded[at++] = 0x00
  encoded[at] = 0x01
  return encoded
}

/**
 * Reads a string component starting at `offset`; returns it and the offset after it,
 * or `undefined` where the bytes are not an encoded string.
 *
 * @since 0.1.0
 */
export const decodeString = (
  bytes: Uint8Array,
  offset: number,
): { readonly text: string; readonly next: number } | undefined => {
  const collected: Array<number> = []
  for (let at = offset; at < bytes.length; at++) {
    const byte = bytes[at]
    if (byte !== 0) {
      collected.push(byte as number)
      continue
    }
    const marker = bytes[at + 1]
    if (marker === 0x01) return { text: fromUtf8(Buffer.from(collected)), next: at + 2 }
    if (marker !== 0xff) return undefined
    collected.push(0)
    at++
  }
  return undefined
}

/**
 * The order-preserving encoding of an index value: `null` < numbers (numerically) <
 * strings (by code point), as the `Query` module orders them. `-0` encodes as `0`.
 *
 * @example
 * ```ts
 * import { encodeIndexValue } from "./StorageLayout.js"
 *
 * Buffer.compare(encodeIndexValue(-1.5), encodeIndexValue(2)) // -1
 * Buffer.compare(encodeIndexValue(1e300), encodeIndexValue("")) // -1
 * ```
 *
 * @since 0.1.0
 */
export const encodeIndexValue = (value: Query.IndexValue): Buffer => {
  if (value === null) return Buffer.from([nullTag])
  if (typeof value === "string")
    return Buffer.concat([Buffer.from([stringTag]), encodeString(value)])
  const encoded = Buffer.alloc(9)
  encoded[0] = numberTag
  // Adding 0 turns -0 into 0: they are one value for the port.
  encoded.writeDoubleBE(value + 0, 1)
  // IEEE-754 bytes sort like sign-magnitude integers: flip every bit of a negative
  // number and only the sign bit of a positive one to make them sort numerically.
  if (((encoded[1] as number) & 0x80) !== 0) {
    for (let at = 1; at < 9; at++) encoded[at] = ~(encoded[at] as number) & 0xff
  } else {
    encoded[1] = (encoded[1] as number) | 0x80
  }
  return encoded
}

/** The offset after the index value that starts at `offset`, or `undefined`. */
const skipIndexValue = (bytes: Uint8Array, offset: number): number | undefined => {
  const tag = bytes[offset]
  if (tag === nullTag) return offset + 1
  if (tag === numberTag) return offset + 9
  if (tag === stringTag) return decodeString(bytes, offset + 1)?.next
  return undefined
}

/**
 * The first bytes of every index value of one kind, and the bytes above them all:
 * a range over an index keeps to the kind of its bounds.
 *
 * @since 0.1.0
 */
export const kindBounds = (
  kind: "number" | "string",
): { readonly first: Buffer; readonly above: Buffer } =>
  kind === "number"
    ? { first: Buffer.from([numberTag]), above: Buffer.from([numberTag + 1]) }
    : { first: Buffer.from([stringTag]), above: Buffer.from([stringTag + 1]) }

const space = (tenant: string, code: number, collection: string): Buffer =>
  Buffer.concat([encodeString(tenant), Buffer.from([code]), encodeString(collection)])

/**
 * Where the documents of a collection live; a document's key is this followed by
 * its encoded id.
 *
 * @since 0.1.0
 */
export const documentPrefix = (tenant: string, collection: string): Buffer =>
  space(tenant, documentSpace, collection)

/**
 * The key of one document.
 *
 * @since 0.1.0
 */
export const documentKey = (tenant: string, collection: string, id: string): Buffer =>
  Buffer.concat([documentPrefix(tenant, collection), encodeString(id)])

/**
 * Where the entries of one index of a collection live, in the order of their values,
 * then ids.
 *
 * @since 0.1.0
 */
export const indexPrefix = (tenant: string, collection: string, index: string): Buffer =>
  Buffer.concat([space(tenant, indexEntrySpace, collection), encodeString(index)])

/**
 * The key of the entry that lists document `id` under `value` in `index`.
 *
 * @since 0.1.0
 */
export const indexEntryKey = (
  tenant: string,
  collection: string,
  index: string,
  value: Query.IndexValue,
  id: string,
): Buffer =>
  Buffer.concat([indexPrefix(tenant, collection, index), encodeIndexValue(value), encodeString(id)])

/**
 * Where the names of a collection's registered indexes live.
 *
 * @since 0.1.0
 */
export const indexNamePrefix = (tenant: string, collection: string): Buffer =>
  space(tenant, indexNameSpace, collection)

/**
 * The key that registers `index` for a collection.
 *
 * @since 0.1.0
 */
export const indexNameKey = (tenant: string, collection: string, index: string): Buffer =>
  Buffer.concat([indexNamePrefix(tenant, collection), encodeString(index)])

/**
 * The string component that follows `prefixLength` bytes of a key (a document id
 * after a document prefix, an index name after the names prefix).
 *
 * @since 0.1.0
 */
export const stringAfter = (key: Uint8Array, prefixLength: number): string | undefined =>
  decodeString(key, prefixLength)?.text

/**
 * The document id of an index entry, given the length of its index prefix.
 *
 * @since 0.1.0
 */
export const idOfIndexEntry = (key: Uint8Array, prefixLength: number): string | undefined => {
  const afterValue = skipIndexValue(key, prefixLength)
  return afterValue === undefined ? undefined : decodeString(key, afterValue)?.text
}

/**
 * What a document's value holds; the tenant, collection and id are in its key.
 *
 * @since 0.1.0
 */
export interface StoredValue {
  readonly version: number
  readonly indexes: Store.Indexes
  readonly body: Store.Json
}

/**
 * The value written for a document.
 *
 * @since 0.1.0
 */
export const encodeDocument = (document: Store.StoredDocument): string =>
  JSON.stringify({ version: document.version, indexes: document.indexes, body: document.body })

const isIndexes = (u: unknown): u is Store.Indexes =>
  typeof u === "object" &&
  u !== null &&
  !Array.isArray(u) &&
  Object.values(u).every(
    (value) =>
      value === null ||
      typeof value === "string" ||
      (typeof value === "number" && Number.isFinite(value)),
  )

/**
 * Reads a document's value back; `undefined` where it is not JSON of the written
 * shape (the caller reports it as `Corrupt`).
 *
 * @since 0.1.0
 */
export const decodeDocument = (text: string): StoredValue | undefined => {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return undefined
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return undefined
  const { version, indexes, body } = parsed as Record<string, unknown>
  if (!Number.isSafeInteger(version) || (version as number) < 1 || !isIndexes(indexes)) {
    return undefined
  }
  if (!Object.hasOwn(parsed, "body")) return undefined
  return { version: version as number, indexes, body: body as Store.Json }
}
