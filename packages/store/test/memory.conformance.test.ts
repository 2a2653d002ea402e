// The memory adapter runs the whole conformance suite in one call, as every adapter
// does; a second run adds the out-of-band probe, reading the committed state around
// the port, so the probe tests run instead of being skipped.
import { describe, it } from "vitest"
import { MemoryStore } from "../src/index.js"
import {
  contractTests,
  hostileValueTests,
  runConformance,
  transactionTests,
} from "../src/testkit.js"
import { memoryWithProbe } from "./support.js"

runConformance({ name: "memory", test: { describe, it }, layer: MemoryStore.layer })

describe("memory, with an out-of-band probe", () => {
  const { makeLayer, probe } = memoryWithProbe()
  const options = { name: "memory (probed)", test: { describe, it }, makeLayer, probe }
  contractTests(options)
  transactionTests(options)
  hostileValueTests(options)
})
