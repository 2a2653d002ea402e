// ARC-4's invariant at the service level, on the memory store: whatever the sequence
// of holds placed and released, policy versions, clock moves and sweeps, no stored
// document that an active hold covers when a sweep runs is deleted or altered by it.
import { Ids } from "@clientele/core"
import { MemoryStore, type Store } from "@clientele/store"
import { describe, expect, it } from "@effect/vitest"
import * as Arbitrary from "effect/Arbitrary"
import * as Effect from "effect/Effect"
import * as FastCheck from "effect/FastCheck"
import * as Layer from "effect/Layer"
import * as TestClock from "effect/TestClock"
import * as TestContext from "effect/TestContext"
import * as Archives from "../src/Archives.js"
import * as Retention from "../src/Retention.js"
import { DAY, NOW, options, orders, remarks, storedDocuments } from "./archives-support.js"

const tenant = Ids.TenantId.make("acme")
const customers = ["cus-ada", "cus-bob", "cus-cy"] as const

const action = Arbitrary.make(Retention.Action)
const mode = Arbitrary.make(Retention.LegalHold.from.fields.mode)

const orderArbitrary = FastCheck.record({
  customer: FastCheck.constantFrom(...customers),
  daysAgo: FastCheck.integer({ min: 0, max: 6_000 }),
  totalMinor: FastCheck.integer({ min: 0, max: 1_000_000 }),
  remarks: FastCheck.array(FastCheck.integer({ min: 0, max: 400 }), { maxLength: 2 }),
})

const scheduleArbitrary = (recordType: string, trigger: Retention.Trigger) =>
  FastCheck.record({
    years: FastCheck.integer({ min: 0, max: 12 }),
    days: FastCheck.integer({ min: 0, max: 400 }),
    action,
    kind: FastCheck.constantFrom("retention" as const, "deletion" as const),
  }).map((drawn) => ({
    id: `${recordType}-schedule`,
    recordType,
    kind: drawn.kind,
    trigger,
    retainFor: { years: drawn.years, days: drawn.days },
    countFrom: "triggerDate" as const,
    action: drawn.action,
    legalBasis: "test schedule",
    zone: "UTC",
  }))

const policyArbitrary = FastCheck.tuple(
  scheduleArbitrary("test-orders", { kind: "created" }),
  scheduleArbitrary("test-remarks", { kind: "event", event: "at" }),
)

type Command =
  | {
      readonly _tag: "place"
      readonly scope: Retention.HoldScope
      readonly mode: "governance" | "compliance"
      readonly untilDays: number
    }
  | { readonly _tag: "release"; readonly hold: number }
  | { readonly _tag: "advance"; readonly days: number }
  | { readonly _tag: "policy"; readonly schedules: ReadonlyArray<unknown> }
  | { readonly _tag: "sweep" }

const commandArbitrary: FastCheck.Arbitrary<Command> = FastCheck.oneof(
  FastCheck.record({
    _tag: FastCheck.constant("place" as const),
    scope: FastCheck.oneof(
      FastCheck.record({ subjectIds: FastCheck.subarray([...customers], { minLength: 1 }) }),
      FastCheck.record({
        recordTypes: FastCheck.subarray(["test-orders", "test-remarks"], { minLength: 1 }),
      }),
      FastCheck.record({
        recordIds: FastCheck.array(
          FastCheck.integer({ min: 0, max: 7 }).map((n) => `o-${n}`),
          { minLength: 1, maxLength: 3 },
        ),
      }),
    ),
    mode,
    untilDays: FastCheck.integer({ min: 1, max: 900 }),
  }),
  FastCheck.record({
    _tag: FastCheck.constant("release" as const),
    hold: FastCheck.nat({ max: 5 }),
  }),
  FastCheck.record({
    _tag: FastCheck.constant("advance" as const),
    days: FastCheck.integer({ min: 1, max: 2_000 }),
  }),
  policyArbitrary.map((schedules) => ({ _tag: "policy" as const, schedules })),
  FastCheck.constant({ _tag: "sweep" as const }),
)

/** Whether an active hold covers a stored document, by the pure rule. */
const coveredNow = (
  holds: ReadonlyArray<Retention.LegalHold>,
  now: number,
  record: Retention.RecordFacts,
) => holds.some((hold) => Retention.isHoldActive(hold, now) && Retention.holdCovers(hold, record))

describe("Archives sweep under holds", () => {
  /** Across all runs: held documents checked, and documents the sweeps disposed of. */
  const seen = { heldChecked: 0, disposed: 0 }

  it("ARC-4 no document an active hold covers is ever deleted or altered by a sweep, whatever the holds, releases, schedules and clock moves", async () => {
    await FastCheck.assert(
      FastCheck.asyncProperty(
        FastCheck.array(orderArbitrary, { minLength: 1, maxLength: 8 }),
        policyArbitrary,
        FastCheck.array(commandArbitrary, { minLength: 1, maxLength: 14 }),
        async (drawnOrders, firstPolicy, commands) => {
          const program = Effect.gen(function* () {
            const service = yield* Archives.Archives
            yield* TestClock.setTime(NOW)
            const customerOf = new Map<string, string>()
            yield* orders.insertAll(
              tenant,
              drawnOrders.map((drawn, n) => {
                customerOf.set(`o-${n}`, drawn.customer)
                return {
                  id: `o-${n}`,
                  customerId: Ids.CustomerId.make(drawn.customer),
                  placedAt: NOW - drawn.daysAgo * DAY,
                  totalMinor: drawn.totalMinor,
                  shipTo: `${drawn.customer} street`,
                }
              }),
            )
            yield* remarks.insertAll(
              tenant,
              drawnOrders.flatMap((drawn, n) =>
                drawn.remarks.map((after, k) => ({
                  id: `o-${n}-r${k}`,
                  orderId: `o-${n}`,
                  at: NOW - drawn.daysAgo * DAY + after * DAY,
                  text: `remark ${k} of ${drawn.customer}`,
                })),
              ),
            )
            let version = 1
            yield* service.saveRetentionPolicy(tenant, { version, schedules: firstPolicy })
            const placed: Array<string> = []
            let sweeps = 0
            for (const command of commands) {
              switch (command._tag) {
                case "place": {
                  const now = yield* TestClock.currentTimeMillis
                  const id = `hold-${placed.length}`
                  yield* service.placeHold(tenant, {
                    id,
                    scope: command.scope,
                    reason: "property hold",
                    placedBy: "counsel-1",
                    mode: command.mode,
                    ...(command.mode === "compliance"
                      ? { until: now + command.untilDays * DAY }
                      : {}),
                  })
                  placed.push(id)
                  break
                }
                case "release": {
                  const id = placed[command.hold]
                  if (id !== undefined)
                    yield* Effect.either(
                      service.releaseHold(
                        tenant,
                        id,
                        { by: "counsel-1", roles: ["legal"] },
                        version,
                      ),
                    )
                  break
                }
                case "advance":
                  yield* TestClock.adjust(command.days * DAY)
                  break
                case "policy":
                  version++
                  yield* service.saveRetentionPolicy(tenant, {
                    version,
                    schedules: command.schedules,
                  })
                  break
                case "sweep": {
                  const now = yield* TestClock.currentTimeMillis
                  const holds = yield* service.holds(tenant)
                  const before = yield* storedDocuments(tenant)
                  const report = yield* service.sweep(tenant, {
                    policyVersion: version,
                    batchSize: 3,
                  })
                  for (const line of report.disposed) seen.disposed += line.count
                  sweeps++
                  const after = yield* storedDocuments(tenant)
                  for (const collection of ["test-orders", "test-remarks"] as const) {
                    const afterById = new Map(
                      (after[collection] ?? []).map((document) => [document.id, document]),
                    )
                    for (const document of before[collection] ?? []) {
                      const orderId =
                        collection === "test-orders"
                          ? document.id
                          : String(document.indexes.orderId)
                      const record: Retention.RecordFacts = {
                        id: document.id,
                        type: collection,
                        subjectIds: [customerOf.get(orderId) as string],
                        dates: {},
                      }
                      if (!coveredNow(holds, now, record)) continue
                      seen.heldChecked++
                      expect(afterById.get(document.id) as Store.StoredDocument).toEqual(document)
                    }
                  }
                  break
                }
              }
            }
            return sweeps
          })
          const live = Archives.layer(options).pipe(Layer.provideMerge(MemoryStore.layer))
          await Effect.runPromise(
            program.pipe(Effect.provide(live), Effect.provide(TestContext.TestContext)),
          )
        },
      ),
      { numRuns: 60 },
    )
    // The property is not vacuous: held documents met sweeps, and sweeps disposed.
    expect(seen.heldChecked).toBeGreaterThan(0)
    expect(seen.disposed).toBeGreaterThan(0)
  })
})
