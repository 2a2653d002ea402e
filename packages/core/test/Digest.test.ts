import { createHash, createHmac } from "node:crypto"
import * as FastCheck from "effect/FastCheck"
import { describe, expect, it } from "vitest"
import { Digest } from "../src/index.js"

describe("Digest", () => {
  it("sha256Hex gives the FIPS 180-4 test vectors", () => {
    expect(Digest.sha256Hex("")).toBe(
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    )
    expect(Digest.sha256Hex("abc")).toBe(
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    )
    // two blocks: the padding no longer fits in the first
    expect(Digest.sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")).toBe(
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
    )
  })

  it("hmacSha256Hex gives the RFC 4231 test vector and hashes a key longer than a block first", () => {
    expect(Digest.hmacSha256Hex("Jefe", "what do ya want for nothing?")).toBe(
      "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
    )
    // A key longer than SHA-256's 64-byte block is hashed first (RFC 2104).
    expect(
      Digest.hmacSha256Hex(
        "k".repeat(131),
        "Test Using Larger Than Block-Size Key - Hash Key First",
      ),
    ).toBe(
      createHmac("sha256", "k".repeat(131))
        .update("Test Using Larger Than Block-Size Key - Hash Key First")
        .digest("hex"),
    )
  })

  it("agrees with Node's own SHA-256 and HMAC on any text, multi-byte characters included", () => {
    FastCheck.assert(
      FastCheck.property(
        FastCheck.string({ unit: "grapheme", maxLength: 300 }),
        FastCheck.string({ maxLength: 80 }),
        (text, key) => {
          expect(Digest.sha256Hex(text)).toBe(
            createHash("sha256").update(text, "utf8").digest("hex"),
          )
          expect(Digest.hmacSha256Hex(key, text)).toBe(
            createHmac("sha256", Buffer.from(key, "utf8")).update(text, "utf8").digest("hex"),
          )
        },
      ),
      { numRuns: 300 },
    )
  })
})
