/**
 * Digests for values that must not be stored as they are: SHA-256 (FIPS 180-4) and
 * HMAC-SHA-256 (RFC 2104) of text, in hexadecimal. Pure and synchronous (no Web
 * Crypto, whose digests are asynchronous), so decisions and schema code can use
 * them: an idempotency fingerprint (`Ids.fingerprint`) and the masked subject
 * reference of an erasure's evidence (`@clientele/archive`).
 *
 * @since 0.1.0
 */

const SHA256_K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
])

/** SHA-256 (FIPS 180-4) of bytes: masking must be pure and synchronous, so no Web Crypto. */
const sha256Bytes = (message: Uint8Array): Uint8Array => {
  const length = message.length
  const blocks = Math.ceil((length + 9) / 64)
  const padded = new Uint8Array(blocks * 64)
  padded.set(message)
  padded[length] = 0x80
  const view = new DataView(padded.buffer)
  view.setUint32(padded.length - 8, Math.floor(length / 0x20000000))
  view.setUint32(padded.length - 4, (length * 8) >>> 0)
  const hash = new Uint32Array([
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
  ])
  const w = new Uint32Array(64)
  const rotate = (x: number, n: number) => (x >>> n) | (x << (32 - n))
  for (let block = 0; block < blocks; block++) {
    for (let t = 0; t < 16; t++) w[t] = view.getUint32(block * 64 + t * 4)
    for (let t = 16; t < 64; t++) {
      const a = w[t - 15] as number
      const b = w[t - 2] as number
      const s0 = rotate(a, 7) ^ rotate(a, 18) ^ (a >>> 3)
      const s1 = rotate(b, 17) ^ rotate(b, 19) ^ (b >>> 10)
      w[t] = ((w[t - 16] as number) + s0 + (w[t - 7] as number) + s1) >>> 0
    }
    let [a, b, c, d, e, f, g, h] = hash as unknown as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ]
    for (let t = 0; t < 64; t++) {
      const t1 =
        (h +
          (rotate(e, 6) ^ rotate(e, 11) ^ rotate(e, 25)) +
          ((e & f) ^ (~e & g)) +
          (SHA256_K[t] as number) +
          (w[t] as number)) >>>
        0
      const t2 =
        ((rotate(a, 2) ^ rotate(a, 13) ^ rotate(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0
      h = g
      g = f
      f = e
      e = (d + t1) >>> 0
      d = c
      c = b
      b = a
      a = (t1 + t2) >>> 0
    }
    const words = [a, b, c, d, e, f, g, h]
    for (let i = 0; i < 8; i++) hash[i] = ((hash[i] as number) + (words[i] as number)) >>> 0
  }
  const digest = new Uint8Array(32)
  const out = new DataView(digest.buffer)
  for (let i = 0; i < 8; i++) out.setUint32(i * 4, hash[i] as number)
  return digest
}

const utf8 = new TextEncoder()

const hex = (bytes: Uint8Array): string => {
  let text = ""
  for (const byte of bytes) text += byte.toString(16).padStart(2, "0")
  return text
}

/** HMAC-SHA-256 (RFC 2104): a keyed hash, so nobody without the key can test a guessed id. */
const hmacSha256Bytes = (key: Uint8Array, message: Uint8Array): Uint8Array => {
  const block = new Uint8Array(64)
  block.set(key.length > 64 ? sha256Bytes(key) : key)
  const inner = new Uint8Array(64 + message.length)
  const outer = new Uint8Array(64 + 32)
  for (let i = 0; i < 64; i++) {
    inner[i] = (block[i] as number) ^ 0x36
    outer[i] = (block[i] as number) ^ 0x5c
  }
  inner.set(message, 64)
  outer.set(sha256Bytes(inner), 64)
  return sha256Bytes(outer)
}

/**
 * The SHA-256 of a text's UTF-8 bytes, as 64 lowercase hexadecimal digits.
 *
 * @example
 * ```ts
 * import { Digest } from "@clientele/core"
 *
 * Digest.sha256Hex("abc") // "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const sha256Hex = (text: string): string => hex(sha256Bytes(utf8.encode(text)))

/**
 * The HMAC-SHA-256 of a text under a key (both as UTF-8), as 64 lowercase
 * hexadecimal digits: a keyed hash, so nobody without the key can test a guess.
 *
 * @example
 * ```ts
 * import { Digest } from "@clientele/core"
 *
 * Digest.hmacSha256Hex("key", "The quick brown fox jumps over the lazy dog")
 * // "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8"
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const hmacSha256Hex = (key: string, text: string): string =>
  hex(hmacSha256Bytes(utf8.encode(key), utf8.encode(text)))
