// The memory adapter runs the whole conformance suite in one call, as every adapter
// does; a second run adds the out-of-band probe, reading the committed state around
// the port, so the probe tests run instead of being skipped.
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { describe, it } from "vitest"
import { MemoryStore, Store } from "../src/index.js"
import {
  contractTests,
  hostileValueTests,
  type Probe,
  runConformance,
  transactionTests,
} from "../src/testkit.js"

runConformance({ name: "memory", test: { describe, it }, layer: MemoryStore.layer })

describe("memory, with an out-of-band probe", () => {
  let current: MemoryStore.MemoryStore | undefined
  const makeLayer = () => {
    const store = Effect.runSync(MemoryStore.make)
    current = store
    return Layer.succeed(Store.Store, store)
  }
  const probe: Probe = {
    read: (tenant, collection, id) => {
      const document = current?.readCommitted(tenant, collection, id)
      return Promise.resolve(document && { version: document.version, body: document.body })
    },
  }
  const options = { name: "memory (probed)", test: { describe, it }, makeLayer, probe }
  contractTests(options)
  transactionTests(options)
  hostileValueTests(options)
})
