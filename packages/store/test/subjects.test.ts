// The testkit's subject probes: what a package's collections test uses to prove an
// erasure by customer reaches every document of theirs and no one else's.
import { Ids } from "@clientele/core"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import { Collection, MemoryStore } from "../src/index.js"
import {
  reachedBySubject,
  recordingWrites,
  subjectCoverageProblems,
  subjectProblems,
} from "../src/testkit.js"

const tenant = Ids.TenantId.make("acme")

const Order = Schema.Struct({ id: Schema.String, customerId: Schema.NullOr(Schema.String) })
const orders = Collection.make({
  name: "orders",
  schema: Order,
  id: (order) => order.id,
  indexes: { customerId: (order) => order.customerId },
  subject: { index: "customerId" },
})
const Line = Schema.Struct({ id: Schema.String, orderId: Schema.String })
const lines = Collection.make({
  name: "order-lines",
  schema: Line,
  id: (line) => line.id,
  indexes: { orderId: (line) => line.orderId },
  subject: { index: "orderId", via: "orders" },
})
const orphans = Collection.make({
  name: "orphans",
  schema: Line,
  id: (line) => line.id,
  indexes: { orderId: (line) => line.orderId },
  subject: { index: "orderId", via: "nowhere" },
})

describe("subject probes", () => {
  it("ARC-4 subjectProblems names a collection listed twice and a via that leads nowhere", () => {
    expect(subjectProblems([orders, lines])).toEqual([])
    expect(subjectProblems([orders, orders, orphans])).toEqual([
      "orders is listed twice",
      "orphans: via nowhere, which is not a listed collection with a subject",
    ])
  })

  it.effect(
    "ARC-4 reachedBySubject follows via; subjectCoverageProblems names the documents no customer or two customers reach",
    () => {
      const written = new Set<string>()
      return Effect.gen(function* () {
        yield* orders.insertAll(tenant, [
          { id: "o-1", customerId: "cus-ada" },
          { id: "o-2", customerId: "cus-bob" },
          { id: "o-3", customerId: null },
        ])
        yield* lines.insertAll(tenant, [
          { id: "l-1", orderId: "o-1" },
          { id: "l-2", orderId: "o-1" },
          { id: "l-3", orderId: "o-3" },
        ])
        expect(written).toEqual(new Set(["orders", "order-lines"]))
        expect(yield* reachedBySubject(tenant, [orders, lines], "order-lines", "cus-ada")).toEqual([
          "l-1",
          "l-2",
        ])
        expect(
          yield* subjectCoverageProblems(tenant, [orders, lines], ["cus-ada", "cus-bob"]),
        ).toEqual(["orders/o-3: no customer reaches it", "order-lines/l-3: no customer reaches it"])
      }).pipe(Effect.provide(recordingWrites(MemoryStore.layer, written)))
    },
  )
})
