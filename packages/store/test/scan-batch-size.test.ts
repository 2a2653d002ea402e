import * as FastCheck from "effect/FastCheck"
import { describe, expect, it } from "vitest"
import { Store } from "../src/index.js"

describe("Store.scanBatchSize", () => {
  it("keeps a whole batch size from 1 to 10 000 as it is, and defaults to 1000", () => {
    expect(Store.scanBatchSize()).toBe(1000)
    expect(Store.scanBatchSize({})).toBe(1000)
    expect(Store.scanBatchSize({ batchSize: undefined })).toBe(1000)
    for (const size of [1, 2, 999, 10_000])
      expect(Store.scanBatchSize({ batchSize: size })).toBe(size)
  })

  it("reads any other value as the nearest batch size in range: rounded down, at least 1, at most 10 000; 1000 for NaN and ±Infinity", () => {
    expect(Store.scanBatchSize({ batchSize: 2.9 })).toBe(2)
    expect(Store.scanBatchSize({ batchSize: 0.5 })).toBe(1)
    expect(Store.scanBatchSize({ batchSize: 0 })).toBe(1)
    expect(Store.scanBatchSize({ batchSize: -7 })).toBe(1)
    expect(Store.scanBatchSize({ batchSize: 10_001 })).toBe(10_000)
    expect(Store.scanBatchSize({ batchSize: Number.NaN })).toBe(1000)
    expect(Store.scanBatchSize({ batchSize: Number.POSITIVE_INFINITY })).toBe(1000)
    expect(Store.scanBatchSize({ batchSize: Number.NEGATIVE_INFINITY })).toBe(1000)
  })

  it("always answers a whole number from 1 to 10 000", () => {
    FastCheck.assert(
      FastCheck.property(FastCheck.double(), (batchSize) => {
        const size = Store.scanBatchSize({ batchSize })
        expect(Number.isInteger(size) && size >= 1 && size <= 10_000).toBe(true)
      }),
    )
  })
})
