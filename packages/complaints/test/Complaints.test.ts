import { MemoryStore } from "@clientele/store"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as TestClock from "effect/TestClock"
import { Complaints } from "../src/index.js"
import { intakeInput, ny, settings, staff, tenant } from "./fixtures.js"

const live = Complaints.layer(settings).pipe(Layer.provide(MemoryStore.layer))

describe("Complaints service", () => {
  it.effect(
    "CMP-5 a complaint goes received → acknowledged → routed → assigned → in progress → resolved → followed up → closed",
    () =>
      Effect.gen(function* () {
        yield* TestClock.setTime(ny("2024-06-03T10:00:00"))
        const service = yield* Complaints.Complaints
        const received = yield* service.intake(tenant, intakeInput())
        expect(received.state).toBe("received")
        yield* TestClock.adjust("10 minutes")
        yield* service.acknowledge(tenant, received.id, {
          by: "s-agent",
          committedResolutionAt: ny("2024-06-04T12:00:00"),
        })
        const routed = yield* service.route(tenant, received.id, { by: "s-agent" })
        expect(routed.head).toBe("s-head-store")
        yield* service.assign(tenant, received.id, { by: "s-head-store", assignee: "s-kim" })
        yield* service.start(tenant, received.id, { by: "s-kim" })
        yield* service.update(tenant, received.id, { by: "s-kim", message: "Looking into it" })
        yield* TestClock.adjust("2 hours")
        const resolved = yield* service.resolve(tenant, received.id, {
          by: "s-kim",
          outcome: "coupon given",
          explanation: "Two tills were closed",
          apologised: true,
          compensation: [{ kind: "cashCoupon", value: { amount: 500, currency: "USD" } }],
          rootCause: "missed-deadline",
        })
        expect(resolved.state).toBe("resolved")
        const refused = yield* Effect.flip(
          service.followUp(tenant, received.id, { by: "s-kim", reached: true, solved: true }),
        )
        expect(refused._tag).toBe("PolicyViolationError")
        yield* service.followUp(tenant, received.id, {
          by: "s-ops",
          reached: true,
          solved: true,
          satisfaction: 5,
        })
        const closed = yield* service.close(tenant, received.id, { by: "s-ops" })
        expect(closed.state).toBe("closed")
        const history = yield* service.history(tenant, received.id)
        expect(history.map((entry) => entry.step)).toEqual([
          "receive",
          "acknowledge",
          "route",
          "assign",
          "start",
          "update",
          "resolve",
          "followUp",
          "close",
        ])
        const notifications = yield* service.notifications(tenant, {
          from: 0,
          to: Number.MAX_SAFE_INTEGER,
        })
        expect(notifications.filter((n) => n.kind === "assigned").map((n) => n.recipient)).toEqual([
          staff("s-agent"),
        ])
        const sweep = yield* service.sweep(tenant)
        expect(sweep.notifications).toEqual([])
      }).pipe(Effect.provide(live)),
  )
})
