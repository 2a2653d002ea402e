import { BusinessTime } from "@clientele/calendar"
import { Errors, Ids } from "@clientele/core"
import { MemoryStore } from "@clientele/store"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as TestClock from "effect/TestClock"
import { type Category, type Complaint, Complaints, Handling } from "../src/index.js"
import { calendar, intakeInput, ny, settings, staff, tenant } from "./fixtures.js"

const live = Complaints.layer(settings).pipe(Layer.provide(MemoryStore.layer))

const everything = { from: 0, to: Number.MAX_SAFE_INTEGER }

const MINUTE = 60_000

/** Not a channel: the intake schema refuses it. */
const fax = "fax" as unknown as Category.Channel
const DAY = 86_400_000

/** Everything the service has written that a caller can read back. */
const snapshot = Effect.gen(function* () {
  const service = yield* Complaints.Complaints
  const complaints = yield* service.received(tenant, everything)
  const histories: Record<string, ReadonlyArray<Complaint.HistoryEntry>> = {}
  for (const complaint of complaints)
    histories[complaint.id] = yield* service.history(tenant, complaint.id)
  return {
    complaints,
    histories,
    notifications: yield* service.notifications(tenant, everything),
    contacts: yield* service.contacts(tenant, everything),
  }
})

/** The paths of a `ValidationError`, failing the test on any other error. */
const pathsOf = (error: {
  readonly _tag: string
}): ReadonlyArray<ReadonlyArray<string | number>> => {
  expect(error._tag).toBe("ValidationError")
  return error instanceof Errors.ValidationError ? error.issues.map((issue) => issue.path) : []
}

/** Whether `path` ends with `suffix` (an intake's paths may carry its index in the batch). */
const endsWith = (path: ReadonlyArray<string | number>, suffix: ReadonlyArray<string | number>) =>
  path.length >= suffix.length &&
  suffix.every((key, index) => path[path.length - suffix.length + index] === key)

const ruleOf = (error: { readonly _tag: string }): string | undefined => {
  expect(error._tag).toBe("PolicyViolationError")
  return error instanceof Errors.PolicyViolationError ? error.rule : undefined
}

const firstResponseOf = (complaint: Complaint.Complaint) =>
  complaint.sla.cycles.at(-1)?.targets.find((target) => target.kind === "firstResponse")

const resolutionOf = (complaint: Complaint.Complaint) =>
  complaint.sla.cycles.at(-1)?.targets.find((target) => target.kind === "resolution")

/** Receives a complaint and brings it to `inProgress` with Kim as the assignee. */
const inProgress = (overrides: Partial<typeof Handling.Intake.Encoded> = {}) =>
  Effect.gen(function* () {
    const service = yield* Complaints.Complaints
    const received = yield* service.intake(tenant, intakeInput(overrides))
    yield* service.acknowledge(tenant, received.id, { by: "s-agent", onTheSpot: true })
    const routed = yield* service.route(tenant, received.id, { by: "s-agent" })
    yield* service.assign(tenant, received.id, {
      by: routed.head ?? "s-nobody",
      assignee: "s-kim",
    })
    return yield* service.start(tenant, received.id, { by: "s-kim" })
  })

const resolution = {
  by: "s-kim",
  outcome: "coupon given",
  explanation: "Two tills were closed",
  apologised: true,
  rootCause: "missed-deadline",
} as const

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
        const closed = yield* service.closeComplaint(tenant, received.id, { by: "s-ops" })
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

  describe("CMP-1 categories", () => {
    it.effect(
      "CMP-1 an unknown category is refused naming `category`, and nothing is written",
      () =>
        Effect.gen(function* () {
          yield* TestClock.setTime(ny("2024-06-03T10:00:00"))
          const service = yield* Complaints.Complaints
          const unknown = yield* Effect.flip(
            service.intake(tenant, intakeInput({ category: "product/too-loud" })),
          )
          expect(pathsOf(unknown)).toEqual([["category"]])
          expect(unknown.message).toContain("CMP-1")
          const malformed = yield* Effect.flip(
            service.intake(tenant, intakeInput({ category: "Not A Category" })),
          )
          expect(pathsOf(malformed).map((path) => endsWith(path, ["category"]))).toEqual([true])
          expect(yield* snapshot).toEqual({
            complaints: [],
            histories: {},
            notifications: [],
            contacts: [],
          })
        }).pipe(Effect.provide(live)),
    )

    it.effect("CMP-1 a custom category of the settings is accepted and routed like its kind", () =>
      Effect.gen(function* () {
        yield* TestClock.setTime(ny("2024-06-03T10:00:00"))
        const service = yield* Complaints.Complaints
        const received = yield* service.intake(
          tenant,
          intakeInput({ category: "service/rude-staff" }),
        )
        expect(received.category).toBe("service/rude-staff")
        expect(received.state).toBe("received")
        yield* service.acknowledge(tenant, received.id, { by: "s-agent", onTheSpot: true })
        const routed = yield* service.route(tenant, received.id, { by: "s-agent" })
        expect(routed.department).toBe("store")
        expect(routed.head).toBe("s-head-store")
        // The tenant without that category refuses it.
        const other = yield* Effect.flip(
          Effect.flatMap(Complaints.Complaints, (plain) =>
            plain.intake(tenant, intakeInput({ category: "service/rude-staff" })),
          ).pipe(Effect.provide(live)),
        )
        expect(pathsOf(other)).toEqual([["category"]])
      }).pipe(
        Effect.provide(
          Complaints.layer(
            Handling.makeSettings({
              calendar,
              currency: "USD",
              departments: [
                {
                  id: "store",
                  name: "Store",
                  head: "s-head-store",
                  categories: ["product", "service"],
                },
                { id: "billing", name: "Billing", head: "s-head-billing", categories: ["price"] },
              ],
              categories: [{ id: "service/rude-staff", kind: "service", label: "Rude staff" }],
            }),
          ).pipe(Layer.provide(MemoryStore.layer)),
        ),
      ),
    )
  })

  describe("CMP-2 channels and idempotent intake", () => {
    it.effect("CMP-2 complaints arrive from every channel", () =>
      Effect.gen(function* () {
        yield* TestClock.setTime(ny("2024-06-03T10:00:00"))
        const service = yield* Complaints.Complaints
        const channels = [
          "hotline",
          "webForm",
          "inPerson",
          "email",
          "social",
          "chat",
          "other:kiosk",
        ] as const
        for (const channel of channels) {
          yield* service.intake(tenant, intakeInput({ channel, idempotencyKey: `k-${channel}` }))
          yield* TestClock.adjust("1 minute")
        }
        const received = yield* service.received(tenant, everything)
        expect(received.map((complaint) => complaint.channel)).toEqual(channels)
        expect(new Set(received.map((complaint) => complaint.id)).size).toBe(channels.length)
        const contacts = yield* service.contacts(tenant, everything)
        expect(contacts.map((contact) => contact.channel)).toEqual(channels)
      }).pipe(Effect.provide(live)),
    )

    it.effect(
      "CMP-2 complaint ids are cmp- and a version 7 UUID of the instant of receipt: later complaints sort later",
      () =>
        Effect.gen(function* () {
          const start = ny("2024-06-03T10:00:00")
          yield* TestClock.setTime(start)
          const service = yield* Complaints.Complaints
          const ids: Array<string> = []
          for (let i = 0; i < 5; i++) {
            ids.push((yield* service.intake(tenant, intakeInput({ idempotencyKey: `t-${i}` }))).id)
            yield* TestClock.adjust("1 millis")
          }
          const batch = yield* service.intakeAll(
            tenant,
            [0, 1, 2].map((i) => intakeInput({ idempotencyKey: `b-${i}` })),
          )
          const uuidV7 = /^cmp-[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
          for (const id of [...ids, ...batch.map((complaint) => complaint.id)]) {
            expect(id).toMatch(uuidV7)
          }
          // the first 48 bits are the milliseconds of receipt
          const millisOf = (id: string) => Number.parseInt(id.slice(4, 17).replace("-", ""), 16)
          expect(ids.map(millisOf)).toEqual([0, 1, 2, 3, 4].map((i) => start + i))
          expect([...ids].sort()).toEqual(ids)
          expect(new Set(batch.map((complaint) => complaint.id)).size).toBe(3)
          expect(batch.every((complaint) => millisOf(complaint.id) === start + 5)).toBe(true)
        }).pipe(Effect.provide(live)),
    )

    it.effect(
      "CMP-2 a retried intake returns the same complaint and writes nothing; the key with other content is refused",
      () =>
        Effect.gen(function* () {
          yield* TestClock.setTime(ny("2024-06-03T10:00:00"))
          const service = yield* Complaints.Complaints
          const input = intakeInput({ idempotencyKey: "web-7f3a", channel: "webForm" })
          const first = yield* service.intake(tenant, input)
          const before = yield* snapshot
          yield* TestClock.adjust("5 minutes")
          const retried = yield* service.intake(tenant, { ...input })
          expect(retried.id).toBe(first.id)
          expect(retried).toEqual(first)
          expect(yield* snapshot).toEqual(before)
          const retriedInBatch = yield* service.intakeAll(tenant, [input])
          expect(retriedInBatch.map((complaint) => complaint.id)).toEqual([first.id])
          expect(yield* snapshot).toEqual(before)

          const conflict = yield* Effect.flip(
            service.intake(tenant, { ...input, description: "Something else entirely" }),
          )
          expect(ruleOf(conflict)).toBe("CMP-2")
          expect(conflict.message).toContain("web-7f3a")
          expect(yield* snapshot).toEqual(before)
        }).pipe(Effect.provide(live)),
    )

    it.effect("CMP-2 invalid intake input is refused with the failing paths, nothing written", () =>
      Effect.gen(function* () {
        yield* TestClock.setTime(ny("2024-06-03T10:00:00"))
        const service = yield* Complaints.Complaints
        const { contact: _contact, ...withoutContact } = intakeInput()
        const cases: ReadonlyArray<{
          readonly input: unknown
          readonly path: ReadonlyArray<string | number>
        }> = [
          { input: withoutContact, path: ["contact"] },
          {
            input: intakeInput({ contact: { email: "not an address" } }),
            path: ["contact", "email"],
          },
          { input: intakeInput({ contact: { name: "   " } }), path: ["contact", "name"] },
          { input: intakeInput({ channel: fax }), path: ["channel"] },
          { input: intakeInput({ idempotencyKey: "" }), path: ["idempotencyKey"] },
          { input: intakeInput({ severity: "apocalyptic" as never }), path: ["severity"] },
          {
            input: intakeInput({
              category: "product/out-of-stock",
              outOfStock: {
                wanted: { productId: "p-1", attributes: { size: "M" }, quantity: -1 },
                contact: { phone: "+1 555 0100" },
                notifyWhenBack: true,
                substitutes: [],
              },
            }),
            path: ["outOfStock", "wanted", "quantity"],
          },
        ]
        for (const { input, path } of cases) {
          const error = yield* Effect.flip(
            service.intake(tenant, input as typeof Handling.Intake.Encoded),
          )
          expect(pathsOf(error).some((found) => endsWith(found, path))).toBe(true)
        }
        expect(yield* snapshot).toEqual({
          complaints: [],
          histories: {},
          notifications: [],
          contacts: [],
        })
      }).pipe(Effect.provide(live)),
    )

    it.effect(
      "CMP-2 the error paths of a single intake name the input's own fields, with no batch index",
      () =>
        Effect.gen(function* () {
          yield* TestClock.setTime(ny("2024-06-03T10:00:00"))
          const service = yield* Complaints.Complaints
          const badChannel = yield* Effect.flip(
            service.intake(tenant, intakeInput({ channel: fax })),
          )
          const unknownCategory = yield* Effect.flip(
            service.intake(tenant, intakeInput({ category: "product/too-loud" })),
          )
          // Both are faults of one field of the same input: their paths have the same shape.
          expect(pathsOf(unknownCategory)).toEqual([["category"]])
          expect(pathsOf(badChannel).map((path) => path[0])).toEqual(
            pathsOf(badChannel).map(() => "channel"),
          )
        }).pipe(Effect.provide(live)),
    )

    it.effect(
      "CMP-2 intakeAll is all or none: one item that does not decode writes nothing and is named by its index",
      () =>
        Effect.gen(function* () {
          yield* TestClock.setTime(ny("2024-06-03T10:00:00"))
          const service = yield* Complaints.Complaints
          const error = yield* Effect.flip(
            service.intakeAll(tenant, [
              intakeInput({ idempotencyKey: "a" }),
              intakeInput({ idempotencyKey: "b", channel: fax }),
              intakeInput({ idempotencyKey: "c" }),
            ]),
          )
          const paths = pathsOf(error)
          expect(paths.length).toBeGreaterThan(0)
          for (const path of paths) expect(path.slice(0, 2)).toEqual([1, "channel"])
          expect(yield* snapshot).toEqual({
            complaints: [],
            histories: {},
            notifications: [],
            contacts: [],
          })
          // The same keys then succeed: nothing of the failed batch was kept.
          const received = yield* service.intakeAll(tenant, [
            intakeInput({ idempotencyKey: "a" }),
            intakeInput({ idempotencyKey: "b", channel: "email" }),
            intakeInput({ idempotencyKey: "c" }),
          ])
          expect(received).toHaveLength(3)
          expect((yield* service.received(tenant, everything)).length).toBe(3)
        }).pipe(Effect.provide(live)),
    )

    it.effect(
      "CMP-2 intakeAll is all or none: an item refused by the rules writes nothing and is named by its index",
      () =>
        Effect.gen(function* () {
          yield* TestClock.setTime(ny("2024-06-03T10:00:00"))
          const service = yield* Complaints.Complaints
          const error = yield* Effect.flip(
            service.intakeAll(tenant, [
              intakeInput({ idempotencyKey: "a" }),
              intakeInput({ idempotencyKey: "b", category: "product/too-loud" }),
            ]),
          )
          expect(yield* snapshot).toEqual({
            complaints: [],
            histories: {},
            notifications: [],
            contacts: [],
          })
          expect(pathsOf(error)).toEqual([[1, "category"]])
        }).pipe(Effect.provide(live)),
    )
  })

  describe("CMP-3 / CMP-4 first response and the SLA clock", () => {
    it.effect(
      "CMP-3 the first response is due in business minutes: Friday 16:50 in New York → Monday 09:20",
      () =>
        Effect.gen(function* () {
          yield* TestClock.setTime(ny("2024-06-07T16:50:00"))
          const service = yield* Complaints.Complaints
          const received = yield* service.intake(tenant, intakeInput())
          const first = firstResponseOf(received)
          expect(first?.startedAt).toBe(ny("2024-06-07T16:50:00"))
          expect(first?.dueAt).toBe(ny("2024-06-10T09:20:00"))
          // 80 % of 30 minutes: 10 on Friday, 14 on Monday
          expect(first?.atRiskAt).toBe(ny("2024-06-10T09:14:00"))
          expect(received.slaNextCheckAt).toBe(ny("2024-06-10T09:14:00"))
        }).pipe(Effect.provide(live)),
    )

    it.effect(
      "CMP-3 a first response that does not solve on the spot needs a committed resolution time in the future",
      () =>
        Effect.gen(function* () {
          yield* TestClock.setTime(ny("2024-06-03T10:00:00"))
          const service = yield* Complaints.Complaints
          const received = yield* service.intake(tenant, intakeInput())
          const before = yield* snapshot
          const bare = yield* Effect.flip(
            service.acknowledge(tenant, received.id, { by: "s-agent" }),
          )
          expect(ruleOf(bare)).toBe("CMP-3")
          const past = yield* Effect.flip(
            service.acknowledge(tenant, received.id, {
              by: "s-agent",
              committedResolutionAt: ny("2024-06-03T09:00:00"),
            }),
          )
          expect(pathsOf(past)).toEqual([["committedResolutionAt"]])
          const tooLate = yield* Effect.flip(
            service.acknowledge(tenant, received.id, {
              by: "s-agent",
              committedResolutionAt: ny("2024-06-20T12:00:00"),
            }),
          )
          expect(ruleOf(tooLate)).toBe("CMP-3")
          expect(yield* snapshot).toEqual(before)
          yield* TestClock.adjust("5 minutes")
          const acknowledged = yield* service.acknowledge(tenant, received.id, {
            by: "s-agent",
            committedResolutionAt: ny("2024-06-04T12:00:00"),
          })
          expect(acknowledged.committedResolutionAt).toBe(ny("2024-06-04T12:00:00"))
          expect(firstResponseOf(acknowledged)?.outcome).toBe("hit")
          expect(firstResponseOf(acknowledged)?.completedAt).toBe(ny("2024-06-03T10:05:00"))
          expect(resolutionOf(acknowledged)?.dueAt).toBe(ny("2024-06-04T12:00:00"))
        }).pipe(Effect.provide(live)),
    )

    it.effect(
      "CMP-4 the sweep raises at risk then breached at the right instants, each exactly once",
      () =>
        Effect.gen(function* () {
          yield* TestClock.setTime(ny("2024-06-07T16:50:00"))
          const service = yield* Complaints.Complaints
          const received = yield* service.intake(tenant, intakeInput())
          yield* TestClock.setTime(ny("2024-06-08T12:00:00"))
          expect((yield* service.sweep(tenant)).notifications).toEqual([])
          yield* TestClock.setTime(ny("2024-06-10T09:14:00") - 1)
          expect((yield* service.sweep(tenant)).notifications).toEqual([])

          yield* TestClock.setTime(ny("2024-06-10T09:14:00"))
          const atRisk = yield* service.sweep(tenant)
          expect(atRisk.notifications).toEqual([
            expect.objectContaining({
              complaintId: received.id,
              kind: "slaAtRisk",
              target: "firstResponse",
              cycle: 1,
              round: 1,
              at: ny("2024-06-10T09:14:00"),
              dueAt: ny("2024-06-10T09:20:00"),
            }),
          ])
          expect((yield* service.sweep(tenant)).notifications).toEqual([])

          // Due at 09:20 exactly: not yet breached.
          yield* TestClock.setTime(ny("2024-06-10T09:20:00"))
          expect((yield* service.sweep(tenant)).notifications).toEqual([])
          yield* TestClock.adjust(1)
          const breached = yield* service.sweep(tenant)
          expect(breached.notifications).toEqual([
            expect.objectContaining({
              complaintId: received.id,
              kind: "slaBreached",
              target: "firstResponse",
              cycle: 1,
              round: 1,
              at: ny("2024-06-10T09:20:00") + 1,
              dueAt: ny("2024-06-10T09:20:00"),
            }),
          ])
          expect((yield* service.sweep(tenant)).notifications).toEqual([])
          expect((yield* service.sweep(tenant, ny("2024-06-10T09:30:00"))).notifications).toEqual(
            [],
          )

          const stored = yield* service.notifications(tenant, everything)
          expect(
            stored
              .filter((n) => n.target === "firstResponse")
              .map((n) => n.kind)
              .sort(),
          ).toEqual(["slaAtRisk", "slaBreached"])
          // A late first response is recorded as missed, and raises nothing more.
          const late = yield* service.acknowledge(tenant, received.id, {
            by: "s-agent",
            onTheSpot: true,
          })
          expect(firstResponseOf(late)?.outcome).toBe("missed")
          expect((yield* service.sweep(tenant)).notifications).toEqual([])
        }).pipe(Effect.provide(live)),
    )

    it.effect(
      "CMP-4 waiting on the customer pauses the resolution clock; the reply resumes it with the time left",
      () =>
        Effect.gen(function* () {
          yield* TestClock.setTime(ny("2024-06-03T10:00:00"))
          const service = yield* Complaints.Complaints
          const received = yield* service.intake(tenant, intakeInput())
          yield* TestClock.adjust("10 minutes")
          // 10 minutes used + 6h50 on Monday + 3h on Tuesday: a 10-hour resolution target
          const acknowledged = yield* service.acknowledge(tenant, received.id, {
            by: "s-agent",
            committedResolutionAt: ny("2024-06-04T12:00:00"),
          })
          expect(resolutionOf(acknowledged)?.durationMs).toBe(10 * 60 * MINUTE)
          yield* service.route(tenant, received.id, { by: "s-agent" })
          yield* service.assign(tenant, received.id, { by: "s-head-store", assignee: "s-kim" })
          yield* service.start(tenant, received.id, { by: "s-kim" })
          yield* TestClock.setTime(ny("2024-06-03T11:10:00"))
          const waiting = yield* service.waitOnCustomer(tenant, received.id, {
            by: "s-kim",
            note: "asked for the receipt",
          })
          expect(waiting.state).toBe("waitingOnCustomer")
          const paused = resolutionOf(waiting)
          expect(paused?.runningSince).toBeNull()
          expect(paused?.dueAt).toBeNull()
          expect(paused?.consumedMs).toBe(70 * MINUTE)

          // Tuesday noon passes while waiting: nothing is at risk nor breached.
          yield* TestClock.setTime(ny("2024-06-05T10:00:00"))
          const sweep = yield* service.sweep(tenant)
          expect(sweep.notifications.filter((n) => n.target === "resolution")).toEqual([])

          const replied = yield* service.customerReplied(tenant, received.id, {
            note: "receipt sent",
          })
          expect(replied.state).toBe("inProgress")
          const resumed = resolutionOf(replied)
          // 8h50 left from Wednesday 10:00: 7h on Wednesday, 1h50 on Thursday
          expect(resumed?.dueAt).toBe(ny("2024-06-06T10:50:00"))
          expect(resumed?.dueAt).toBe(
            Either.getOrThrow(
              BusinessTime.dueAt(calendar, ny("2024-06-05T10:00:00"), (10 * 60 - 70) * MINUTE),
            ),
          )
          // at risk after 8h of 10h, 70 minutes of which were used before the pause
          expect(resumed?.atRiskAt).toBe(ny("2024-06-05T16:50:00"))
          expect(resumed?.pauses).toEqual([
            { start: ny("2024-06-03T11:10:00"), end: ny("2024-06-05T10:00:00") },
          ])
          const history = yield* service.history(tenant, received.id)
          expect(history.at(-1)).toMatchObject({
            step: "customerReplied",
            actor: "customer",
            from: "waitingOnCustomer",
            to: "inProgress",
          })
          yield* TestClock.setTime(ny("2024-06-05T16:50:00"))
          const risk = yield* service.sweep(tenant)
          expect(risk.notifications.filter((n) => n.target === "resolution")).toEqual([
            expect.objectContaining({ kind: "slaAtRisk", recipient: staff("s-kim") }),
          ])
        }).pipe(Effect.provide(live)),
    )
  })

  describe("CMP-5 direct routing, no layered escalation", () => {
    it.effect(
      "CMP-5 a price complaint goes to the billing head, who alone assigns; the agent hears of it",
      () =>
        Effect.gen(function* () {
          yield* TestClock.setTime(ny("2024-06-03T10:00:00"))
          const service = yield* Complaints.Complaints
          const received = yield* service.intake(
            tenant,
            intakeInput({ category: "price/after-purchase", receivedBy: "s-agent" }),
          )
          yield* service.acknowledge(tenant, received.id, { by: "s-agent", onTheSpot: true })
          const routed = yield* service.route(tenant, received.id, { by: "s-agent" })
          expect(routed).toMatchObject({
            state: "routed",
            department: "billing",
            head: "s-head-billing",
          })

          const before = yield* snapshot
          for (const by of ["s-agent", "s-head-store", "s-kim"]) {
            const refused = yield* Effect.flip(
              service.assign(tenant, received.id, { by, assignee: "s-bill" }),
            )
            expect(ruleOf(refused)).toBe("CMP-5")
          }
          expect(yield* snapshot).toEqual(before)

          yield* TestClock.adjust("3 minutes")
          const assigned = yield* service.assign(tenant, received.id, {
            by: "s-head-billing",
            assignee: "s-bill",
          })
          expect(assigned).toMatchObject({ state: "assigned", assignee: "s-bill" })
          const notices = (yield* service.notifications(tenant, everything)).filter(
            (n) => n.kind === "assigned",
          )
          expect(notices).toEqual([
            expect.objectContaining({
              complaintId: received.id,
              recipient: staff("s-agent"),
              assignee: staff("s-bill"),
              department: "billing",
              at: ny("2024-06-03T10:03:00"),
            }),
          ])
        }).pipe(Effect.provide(live)),
    )

    it.effect("CMP-5 a re-route goes directly to another department's head", () =>
      Effect.gen(function* () {
        yield* TestClock.setTime(ny("2024-06-03T10:00:00"))
        const service = yield* Complaints.Complaints
        const received = yield* service.intake(tenant, intakeInput({ category: "price" }))
        yield* service.acknowledge(tenant, received.id, { by: "s-agent", onTheSpot: true })
        yield* service.route(tenant, received.id, { by: "s-agent" })
        yield* service.assign(tenant, received.id, { by: "s-head-billing", assignee: "s-bill" })
        const rerouted = yield* service.route(tenant, received.id, {
          by: "s-bill",
          department: "store",
          note: "this is about the shelf label",
        })
        expect(rerouted).toMatchObject({
          state: "routed",
          department: "store",
          head: "s-head-store",
        })
        const stale = yield* Effect.flip(
          service.assign(tenant, received.id, { by: "s-head-billing", assignee: "s-bill" }),
        )
        expect(ruleOf(stale)).toBe("CMP-5")
        const assigned = yield* service.assign(tenant, received.id, {
          by: "s-head-store",
          assignee: "s-kim",
        })
        expect(assigned.assignee).toBe("s-kim")
        const unknown = yield* Effect.flip(
          service.route(tenant, received.id, { by: "s-kim", department: "marketing" }),
        )
        expect(pathsOf(unknown)).toEqual([["department"]])
        const history = yield* service.history(tenant, received.id)
        expect(
          history.filter((entry) => entry.step === "route").map((entry) => entry.data),
        ).toEqual([
          { department: "billing", head: "s-head-billing" },
          { department: "store", head: "s-head-store" },
        ])
      }).pipe(Effect.provide(live)),
    )

    it.effect(
      "CMP-5 an invalid transition is refused naming state and step, and nothing is written",
      () =>
        Effect.gen(function* () {
          yield* TestClock.setTime(ny("2024-06-03T10:00:00"))
          const service = yield* Complaints.Complaints
          const received = yield* service.intake(tenant, intakeInput())
          const before = yield* snapshot
          const attempts = [
            service.closeComplaint(tenant, received.id, { by: "s-agent" }),
            service.start(tenant, received.id, { by: "s-agent" }),
            service.route(tenant, received.id, { by: "s-agent" }),
            service.resolve(tenant, received.id, resolution),
            service.followUp(tenant, received.id, { by: "s-ops", reached: true, solved: true }),
            service.customerReplied(tenant, received.id, {}),
          ]
          const steps = ["close", "start", "route", "resolve", "followUp", "customerReplied"]
          for (const [index, attempt] of attempts.entries()) {
            const error = yield* Effect.flip(attempt)
            expect(error).toBeInstanceOf(Errors.InvalidTransitionError)
            expect(error).toMatchObject({
              _tag: "InvalidTransitionError",
              entity: "complaint",
              state: "received",
              attempted: steps[index],
            })
          }
          expect(yield* snapshot).toEqual(before)
          const missing = yield* Effect.flip(
            service.start(tenant, "cmp-missing", { by: "s-agent" }),
          )
          expect(missing._tag).toBe("NotFoundError")
        }).pipe(Effect.provide(live)),
    )
  })

  it.effect(
    "CMP-6 the history is append-only and complete: one entry per step with actor, time and states",
    () =>
      Effect.gen(function* () {
        yield* TestClock.setTime(ny("2024-06-03T10:00:00"))
        const service = yield* Complaints.Complaints
        const received = yield* service.intake(tenant, intakeInput())
        const id = received.id
        const steps: ReadonlyArray<{
          readonly run: Effect.Effect<Complaint.Complaint, unknown>
          readonly actor: string
        }> = [
          {
            run: service.acknowledge(tenant, id, {
              by: "s-agent",
              committedResolutionAt: ny("2024-06-04T15:00:00"),
            }),
            actor: "s-agent",
          },
          { run: service.route(tenant, id, { by: "s-agent" }), actor: "s-agent" },
          {
            run: service.assign(tenant, id, { by: "s-head-store", assignee: "s-kim" }),
            actor: "s-head-store",
          },
          { run: service.start(tenant, id, { by: "s-kim" }), actor: "s-kim" },
          {
            run: service.changePriority(tenant, id, { by: "s-kim", priority: "high" }),
            actor: "s-kim",
          },
          { run: service.waitOnCustomer(tenant, id, { by: "s-kim" }), actor: "s-kim" },
          { run: service.customerReplied(tenant, id, { note: "photo sent" }), actor: "customer" },
          {
            run: service.update(tenant, id, { by: "s-kim", message: "replacement ordered" }),
            actor: "s-kim",
          },
          {
            run: service.commit(tenant, id, {
              by: "s-kim",
              committedResolutionAt: ny("2024-06-04T16:00:00"),
            }),
            actor: "s-kim",
          },
          { run: service.resolve(tenant, id, resolution), actor: "s-kim" },
          {
            run: service.followUp(tenant, id, { by: "s-ops", reached: true, solved: true }),
            actor: "s-ops",
          },
          { run: service.closeComplaint(tenant, id, { by: "s-ops" }), actor: "s-ops" },
          {
            run: service.reopen(tenant, id, { by: "customer", reason: "broke again" }),
            actor: "customer",
          },
        ]
        let previous = yield* service.history(tenant, id)
        const expected: Array<{ actor: string; at: number; from: string | null; to: string }> = [
          { actor: "s-agent", at: ny("2024-06-03T10:00:00"), from: null, to: "received" },
        ]
        let state: string = received.state
        for (const { run, actor } of steps) {
          yield* TestClock.adjust("7 minutes")
          // A refused step in between leaves the history as it is.
          const refused = yield* Effect.flip(
            service.explainRepeat(tenant, id, { by: "s-agent", whyNotResolved: "not a repeat" }),
          )
          expect(refused._tag).toBe("ValidationError")
          const after = yield* run
          const history = yield* service.history(tenant, id)
          expect(history.slice(0, previous.length)).toEqual(previous)
          expect(history).toHaveLength(previous.length + 1)
          expected.push({
            actor,
            at: yield* TestClock.currentTimeMillis,
            from: state,
            to: after.state,
          })
          state = after.state
          previous = history
        }
        const history = yield* service.history(tenant, id)
        expect(history.map((entry) => entry.seq)).toEqual(history.map((_, index) => index + 1))
        expect(history.map(({ actor, at, from, to }) => ({ actor, at, from, to }))).toEqual(
          expected,
        )
        expect(history.map((entry) => entry.step)).toEqual([
          "receive",
          "acknowledge",
          "route",
          "assign",
          "start",
          "changePriority",
          "waitOnCustomer",
          "customerReplied",
          "update",
          "commit",
          "resolve",
          "followUp",
          "close",
          "reopen",
        ])
        const stored = yield* service.get(tenant, id)
        expect(stored.historyLength).toBe(history.length)
        expect(stored.state).toBe("inProgress")
        expect(stored.sla.cycles).toHaveLength(2)
      }).pipe(Effect.provide(live)),
  )

  describe("CMP-7 compensation", () => {
    it.effect(
      "CMP-7 compensation above the approval threshold needs an approver who did not handle it",
      () =>
        Effect.gen(function* () {
          yield* TestClock.setTime(ny("2024-06-03T10:00:00"))
          const service = yield* Complaints.Complaints
          const complaint = yield* inProgress()
          const before = yield* snapshot
          const unapproved = yield* Effect.flip(
            service.resolve(tenant, complaint.id, {
              ...resolution,
              compensation: [{ kind: "cashCoupon", value: { amount: 6_000, currency: "USD" } }],
            }),
          )
          expect(ruleOf(unapproved)).toBe("CMP-7")
          const selfApproved = yield* Effect.flip(
            service.resolve(tenant, complaint.id, {
              ...resolution,
              compensation: [
                {
                  kind: "cashCoupon",
                  value: { amount: 6_000, currency: "USD" },
                  approvedBy: "s-kim",
                },
              ],
            }),
          )
          expect(ruleOf(selfApproved)).toBe("CMP-7")
          expect(yield* snapshot).toEqual(before)
          const approved = yield* service.resolve(tenant, complaint.id, {
            ...resolution,
            compensation: [
              {
                kind: "cashCoupon",
                value: { amount: 6_000, currency: "USD" },
                approvedBy: "s-manager",
              },
            ],
          })
          expect(approved.resolution?.compensation).toEqual([
            expect.objectContaining({ kind: "cashCoupon", approvedBy: "s-manager" }),
          ])
          expect(approved.resolution?.compensationPolicyVersion).toBe(1)
        }).pipe(Effect.provide(live)),
    )

    it.effect(
      "CMP-7 compensation in another currency is refused with its path, nothing written",
      () =>
        Effect.gen(function* () {
          yield* TestClock.setTime(ny("2024-06-03T10:00:00"))
          const service = yield* Complaints.Complaints
          const complaint = yield* inProgress()
          const before = yield* snapshot
          const error = yield* Effect.flip(
            service.resolve(tenant, complaint.id, {
              ...resolution,
              compensation: [
                { kind: "return" },
                { kind: "cashCoupon", value: { amount: 500, currency: "EUR" } },
              ],
            }),
          )
          expect(yield* snapshot).toEqual(before)
          expect(error.message).toContain("EUR")
          // The path names the command's own field: the second compensation's value.
          expect(pathsOf(error)).toEqual([["compensation", 1, "value"]])
        }).pipe(Effect.provide(live)),
    )
  })

  describe("CMP-8 out of stock", () => {
    const request = {
      wanted: {
        productId: "p-1",
        sku: "sku-red-m",
        attributes: { colour: "red", size: "M" },
        quantity: 1,
      },
      contact: { phone: "+1 555 0100" },
      notifyWhenBack: true,
      substitutes: [{ productId: "p-2" }],
    }

    it.effect(
      "CMP-8 an out-of-stock complaint queues a back-in-stock notice, sent once on restock",
      () =>
        Effect.gen(function* () {
          yield* TestClock.setTime(ny("2024-06-03T10:00:00"))
          const service = yield* Complaints.Complaints
          const received = yield* service.intake(
            tenant,
            intakeInput({
              category: "product/out-of-stock",
              productId: "p-1",
              outOfStock: request,
            }),
          )
          expect(received.outOfStock?.wanted.sku).toBe("sku-red-m")
          expect(
            (yield* service.notifications(tenant, everything)).filter(
              (n) => n.kind === "backInStock",
            ),
          ).toEqual([
            expect.objectContaining({ complaintId: received.id, at: ny("2024-06-03T10:00:00") }),
          ])
          yield* TestClock.adjust("2 days")
          expect(yield* service.restocked(tenant, Ids.ProductId.make("p-1"), "sku-blue-m")).toEqual(
            [],
          )
          expect(yield* service.restocked(tenant, Ids.ProductId.make("p-9"), "sku-red-m")).toEqual(
            [],
          )
          const sent = yield* service.restocked(tenant, Ids.ProductId.make("p-1"), "sku-red-m")
          expect(sent).toEqual([
            expect.objectContaining({
              complaintId: received.id,
              status: "sent",
              sentAt: ny("2024-06-05T10:00:00"),
            }),
          ])
          yield* TestClock.adjust("1 day")
          expect(yield* service.restocked(tenant, Ids.ProductId.make("p-1"), "sku-red-m")).toEqual(
            [],
          )
        }).pipe(Effect.provide(live)),
    )

    it.effect(
      "CMP-8 an out-of-stock category without the request, or a request on another category, is refused",
      () =>
        Effect.gen(function* () {
          yield* TestClock.setTime(ny("2024-06-03T10:00:00"))
          const service = yield* Complaints.Complaints
          const missing = yield* Effect.flip(
            service.intake(tenant, intakeInput({ category: "product/out-of-stock" })),
          )
          expect(pathsOf(missing)).toEqual([["outOfStock"]])
          const misplaced = yield* Effect.flip(
            service.intake(tenant, intakeInput({ category: "product", outOfStock: request })),
          )
          expect(pathsOf(misplaced)).toEqual([["outOfStock"]])
          const neither = yield* Effect.flip(
            service.intake(
              tenant,
              intakeInput({
                category: "product/out-of-stock",
                outOfStock: { ...request, notifyWhenBack: false, substitutes: [] },
              }),
            ),
          )
          expect(
            pathsOf(neither).some((path) => endsWith(path, ["outOfStock", "substitutes"])),
          ).toBe(true)
          expect(yield* snapshot).toEqual({
            complaints: [],
            histories: {},
            notifications: [],
            contacts: [],
          })
          expect(yield* service.restocked(tenant, Ids.ProductId.make("p-1"), "sku-red-m")).toEqual(
            [],
          )
        }).pipe(Effect.provide(live)),
    )
  })

  describe("CMP-9 / CMP-10 root causes and repeat contacts", () => {
    it.effect(
      "CMP-10 a second complaint about the same order through another channel is linked and needs its why-not-resolved note",
      () =>
        Effect.gen(function* () {
          yield* TestClock.setTime(ny("2024-06-03T10:00:00"))
          const service = yield* Complaints.Complaints
          const first = yield* service.intake(
            tenant,
            intakeInput({
              customerId: "cus-7",
              orderId: "o-1",
              category: "product",
              channel: "hotline",
            }),
          )
          expect(first.repeatOf).toBeUndefined()
          yield* TestClock.adjust("5 days")
          const second = yield* service.intake(
            tenant,
            intakeInput({
              customerId: "cus-7",
              orderId: "o-1",
              category: "product",
              channel: "email",
            }),
          )
          expect(second.repeatOf).toBe(first.id)
          const history = yield* service.history(tenant, second.id)
          expect(history[0]?.data).toMatchObject({ repeatOf: first.id })
          // Another customer, another order, or another kind of problem is not a repeat.
          const otherCustomer = yield* service.intake(
            tenant,
            intakeInput({ customerId: "cus-8", orderId: "o-1", category: "product" }),
          )
          const otherOrder = yield* service.intake(
            tenant,
            intakeInput({ customerId: "cus-7", orderId: "o-2", category: "product" }),
          )
          expect(otherCustomer.repeatOf).toBeUndefined()
          expect(otherOrder.repeatOf).toBeUndefined()

          yield* service.acknowledge(tenant, second.id, { by: "s-agent", onTheSpot: true })
          yield* service.route(tenant, second.id, { by: "s-agent" })
          yield* service.assign(tenant, second.id, { by: "s-head-store", assignee: "s-kim" })
          yield* service.start(tenant, second.id, { by: "s-kim" })
          const before = yield* snapshot
          const unexplained = yield* Effect.flip(service.resolve(tenant, second.id, resolution))
          expect(ruleOf(unexplained)).toBe("CMP-10")
          expect(yield* snapshot).toEqual(before)
          const notRepeat = yield* Effect.flip(
            service.explainRepeat(tenant, first.id, { by: "s-kim", whyNotResolved: "n/a" }),
          )
          expect(pathsOf(notRepeat)).toEqual([["whyNotResolved"]])
          const explained = yield* service.explainRepeat(tenant, second.id, {
            by: "s-kim",
            whyNotResolved: "the replacement was sent to the old address",
          })
          expect(explained.whyNotResolved).toBe("the replacement was sent to the old address")
          const resolved = yield* service.resolve(tenant, second.id, resolution)
          expect(resolved.state).toBe("resolved")
          expect(resolved.resolution?.onFirstContact).toBe(false)

          // Past the 30-day window a new complaint is not linked.
          yield* TestClock.adjust(31 * DAY)
          const later = yield* service.intake(
            tenant,
            intakeInput({ customerId: "cus-7", orderId: "o-1", category: "product" }),
          )
          expect(later.repeatOf).toBeUndefined()
        }).pipe(Effect.provide(live)),
    )

    it.effect(
      "CMP-9 a contact that is not a complaint is recorded with its root cause and linked",
      () =>
        Effect.gen(function* () {
          yield* TestClock.setTime(ny("2024-06-03T10:00:00"))
          const service = yield* Complaints.Complaints
          const complaint = yield* service.intake(
            tenant,
            intakeInput({ customerId: "cus-7", orderId: "o-1", category: "product" }),
          )
          const contact = yield* service.recordContact(tenant, {
            id: "ct-1",
            customerId: "cus-7",
            channel: "chat",
            at: ny("2024-06-04T10:00:00"),
            problemKey: complaint.problemKey,
            category: "product",
            rootCause: "product-question",
            summary: "asked when the replacement arrives",
            resolvedOnContact: true,
          })
          expect(contact.repeatOf).toBe(complaint.id)
          const unrelated = yield* service.recordContact(tenant, {
            id: "ct-2",
            customerId: "cus-7",
            channel: "chat",
            at: ny("2024-06-04T11:00:00"),
            problemKey: "service:general",
            category: "service",
            rootCause: "product-question",
            summary: "opening hours",
            resolvedOnContact: true,
          })
          expect(unrelated.repeatOf).toBeUndefined()
          const unknown = yield* Effect.flip(
            service.recordContact(tenant, {
              id: "ct-3",
              customerId: "cus-7",
              channel: "chat",
              at: ny("2024-06-04T12:00:00"),
              problemKey: "service:general",
              category: "service",
              rootCause: "gremlins",
              summary: "?",
              resolvedOnContact: true,
            }),
          )
          expect(pathsOf(unknown)).toEqual([["rootCause"]])
          const contacts = yield* service.contacts(tenant, everything)
          expect(contacts.map((c) => c.id)).toEqual([complaint.id, "ct-1", "ct-2"])
        }).pipe(Effect.provide(live)),
    )

    it.effect(
      "CMP-9 resolution records a root cause from the catalogue; an unknown one is refused",
      () =>
        Effect.gen(function* () {
          yield* TestClock.setTime(ny("2024-06-03T10:00:00"))
          const service = yield* Complaints.Complaints
          const complaint = yield* inProgress()
          const before = yield* snapshot
          const unknown = yield* Effect.flip(
            service.resolve(tenant, complaint.id, { ...resolution, rootCause: "gremlins" }),
          )
          expect(pathsOf(unknown)).toEqual([["rootCause"]])
          expect(unknown.message).toContain("CMP-9")
          expect(yield* snapshot).toEqual(before)
          const resolved = yield* service.resolve(tenant, complaint.id, {
            ...resolution,
            rootCause: "broken-promise",
          })
          expect(resolved).toMatchObject({ rootCause: "broken-promise", avoidable: true })
          const contacts = yield* service.contacts(tenant, everything)
          expect(contacts.find((c) => c.id === complaint.id)?.rootCause).toBe("broken-promise")
        }).pipe(Effect.provide(live)),
    )
  })

  it.effect(
    "CMP-11 the follow-up is made by someone who did not handle the complaint, and closing needs it",
    () =>
      Effect.gen(function* () {
        yield* TestClock.setTime(ny("2024-06-03T10:00:00"))
        const service = yield* Complaints.Complaints
        const complaint = yield* inProgress()
        const resolved = yield* service.resolve(tenant, complaint.id, resolution)
        expect(resolved.handlers).toEqual(expect.arrayContaining(["s-agent", "s-kim"]))
        const early = yield* Effect.flip(
          service.closeComplaint(tenant, complaint.id, { by: "s-ops" }),
        )
        expect(early).toMatchObject({
          _tag: "InvalidTransitionError",
          state: "resolved",
          attempted: "close",
        })
        const before = yield* snapshot
        for (const by of resolved.handlers) {
          const refused = yield* Effect.flip(
            service.followUp(tenant, complaint.id, { by, reached: true, solved: true }),
          )
          expect(ruleOf(refused)).toBe("CMP-11")
        }
        expect(yield* snapshot).toEqual(before)
        yield* TestClock.adjust("1 day")
        const followed = yield* service.followUp(tenant, complaint.id, {
          by: "s-ops",
          reached: true,
          solved: true,
          satisfaction: 4,
          opinion: "fine now",
        })
        expect(followed.state).toBe("followedUp")
        expect(followed.followUp).toMatchObject({ by: "s-ops", solved: true, satisfaction: 4 })
        const closed = yield* service.closeComplaint(tenant, complaint.id, { by: "s-ops" })
        expect(closed.state).toBe("closed")
        expect(closed.closedAt).toBe(ny("2024-06-04T10:00:00"))
      }).pipe(Effect.provide(live)),
  )

  it.effect("CMP-11 a follow-up that finds the problem unsolved reopens the complaint", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(ny("2024-06-03T10:00:00"))
      const service = yield* Complaints.Complaints
      const complaint = yield* inProgress()
      yield* service.resolve(tenant, complaint.id, resolution)
      yield* TestClock.adjust("1 day")
      const reopened = yield* service.followUp(tenant, complaint.id, {
        by: "s-ops",
        reached: true,
        solved: false,
      })
      expect(reopened.state).toBe("inProgress")
      expect(reopened.followUp).toBeUndefined()
      expect(reopened.sla.cycles.map((cycle) => cycle.number)).toEqual([1, 2])
      const history = yield* service.history(tenant, complaint.id)
      expect(history.slice(-2).map(({ step, actor }) => ({ step, actor }))).toEqual([
        { step: "followUp", actor: "s-ops" },
        { step: "reopen", actor: "system" },
      ])
      const closeRefused = yield* Effect.flip(
        service.closeComplaint(tenant, complaint.id, { by: "s-ops" }),
      )
      expect(closeRefused._tag).toBe("InvalidTransitionError")
    }).pipe(Effect.provide(live)),
  )

  describe("CMP-12 / CMP-13 / CMP-14 insight", () => {
    it.effect(
      "CMP-12 listening-post items are stored in one place; an email survey needs opt-in",
      () =>
        Effect.gen(function* () {
          yield* TestClock.setTime(ny("2024-06-03T10:00:00"))
          const service = yield* Complaints.Complaints
          const card = yield* service.recordFeedback(tenant, {
            id: "fb-1",
            post: "feedbackCard",
            kind: "suggestion",
            at: ny("2024-06-03T10:00:00"),
            customerId: "cus-1",
            category: "service/long-wait",
            text: "open a third till on Saturdays",
          })
          expect(card.post).toBe("feedbackCard")
          const survey = yield* service.recordFeedback(tenant, {
            id: "fb-2",
            post: "emailSurvey",
            kind: "praise",
            at: ny("2024-06-03T11:00:00"),
            optIn: true,
          })
          expect(survey.optIn).toBe(true)
          const refused = yield* Effect.flip(
            service.recordFeedback(tenant, {
              id: "fb-3",
              post: "emailSurvey",
              kind: "complaint",
              at: ny("2024-06-03T12:00:00"),
            }),
          )
          expect(pathsOf(refused)).toEqual([["optIn"]])
          const stored = yield* service.feedback(tenant, everything)
          expect(stored.map((item) => item.id)).toEqual(["fb-1", "fb-2"])
        }).pipe(Effect.provide(live)),
    )

    it.effect(
      "CMP-13 an improvement item moves through its statuses; a skipped step is typed",
      () =>
        Effect.gen(function* () {
          yield* TestClock.setTime(ny("2024-06-03T10:00:00"))
          const service = yield* Complaints.Complaints
          const proposed = yield* service.proposeImprovement(tenant, {
            id: "imp-1",
            title: "Open a third till on Saturdays",
            rootCause: "missed-deadline",
            source: "insight",
            owner: "s-ops",
            priority: "high",
            createdAt: ny("2024-06-03T10:00:00"),
            by: "s-ops",
          })
          expect(proposed.status).toBe("proposed")
          const invalidProposal = yield* Effect.flip(
            service.proposeImprovement(tenant, { id: "imp-2", title: "" }),
          )
          expect(invalidProposal._tag).toBe("ValidationError")
          yield* TestClock.adjust("1 day")
          const planned = yield* service.moveImprovement(tenant, "imp-1", "planned", staff("s-ops"))
          expect(planned.status).toBe("planned")
          const skipped = yield* Effect.flip(
            service.moveImprovement(tenant, "imp-1", "done", staff("s-ops")),
          )
          expect(skipped).toBeInstanceOf(Errors.InvalidTransitionError)
          expect(skipped).toMatchObject({ state: "planned", attempted: "done" })
          yield* TestClock.adjust("1 day")
          const started = yield* service.moveImprovement(
            tenant,
            "imp-1",
            "inProgress",
            staff("s-ops"),
          )
          expect(started.startedAt).toBe(ny("2024-06-05T10:00:00"))
          yield* TestClock.adjust("7 days")
          const done = yield* service.moveImprovement(tenant, "imp-1", "done", staff("s-lee"))
          expect(done).toMatchObject({ status: "done", completedAt: ny("2024-06-12T10:00:00") })
          expect(done.history.map((step) => step.status)).toEqual([
            "proposed",
            "planned",
            "inProgress",
            "done",
          ])
          const missing = yield* Effect.flip(
            service.moveImprovement(tenant, "imp-404", "planned", staff("s-ops")),
          )
          expect(missing._tag).toBe("NotFoundError")
        }).pipe(Effect.provide(live)),
    )

    it.effect("CMP-14 standard answers are stored by category and listed", () =>
      Effect.gen(function* () {
        const service = yield* Complaints.Complaints
        const answer = yield* service.addStandardAnswer(tenant, {
          id: "faq-1",
          category: "service/long-wait",
          question: "Why was I kept waiting?",
          answer: "We open extra tills when the queue passes five people.",
          rootCause: "missed-deadline",
        })
        expect(answer.category).toBe("service/long-wait")
        const invalid = yield* Effect.flip(
          service.addStandardAnswer(tenant, {
            id: "faq-2",
            category: "service/long-wait",
            question: "Where is my order?",
            answer: "  ",
          }),
        )
        expect(pathsOf(invalid)).toEqual([["answer"]])
        expect(yield* service.standardAnswers(tenant)).toEqual([answer])
      }).pipe(Effect.provide(live)),
    )
  })

  describe("CMP-15 contact preferences", () => {
    const window = {
      timeZone: "America/New_York",
      days: ["tuesday", "thursday"],
      start: "18:00",
      end: "20:00",
    } as const

    it.effect(
      "CMP-15 a callback is scheduled inside the customer's window when they consented",
      () =>
        Effect.gen(function* () {
          yield* TestClock.setTime(ny("2024-06-03T10:00:00"))
          const service = yield* Complaints.Complaints
          const complaint = yield* service.intake(tenant, intakeInput({ customerId: "cus-1" }))
          yield* service.setPreference(tenant, {
            customerId: "cus-1",
            callback: true,
            phone: "+1 555 0100",
            window,
            updatedAt: ny("2024-06-03T10:00:00"),
          })
          const scheduled = yield* service.scheduleCallback(tenant, complaint.id)
          expect(scheduled.callbackAt).toBe(ny("2024-06-04T18:00:00"))
          expect((yield* service.get(tenant, complaint.id)).callbackAt).toBe(
            ny("2024-06-04T18:00:00"),
          )
          const later = yield* service.scheduleCallback(tenant, complaint.id, {
            earliest: ny("2024-06-04T19:50:00"),
          })
          // 10 minutes left on Tuesday: the 15-minute call goes to Thursday.
          expect(later.callbackAt).toBe(ny("2024-06-06T18:00:00"))
        }).pipe(Effect.provide(live)),
    )

    it.effect("CMP-15 without consent no callback is scheduled and nothing changes", () =>
      Effect.gen(function* () {
        yield* TestClock.setTime(ny("2024-06-03T10:00:00"))
        const service = yield* Complaints.Complaints
        const noPreference = yield* service.intake(tenant, intakeInput({ customerId: "cus-1" }))
        const declined = yield* service.intake(tenant, intakeInput({ customerId: "cus-2" }))
        yield* service.setPreference(tenant, {
          customerId: "cus-2",
          callback: false,
          email: "bo@example.com",
          updatedAt: ny("2024-06-03T10:00:00"),
        })
        const before = yield* snapshot
        for (const id of [noPreference.id, declined.id]) {
          const refused = yield* Effect.flip(service.scheduleCallback(tenant, id))
          expect(ruleOf(refused)).toBe("CMP-15")
        }
        expect(yield* snapshot).toEqual(before)
        const incomplete = yield* Effect.flip(
          service.setPreference(tenant, {
            customerId: "cus-3",
            callback: true,
            updatedAt: ny("2024-06-03T10:00:00"),
          }),
        )
        expect(pathsOf(incomplete)).toEqual([["phone"], ["window"]])
        // Consent withdrawn: the next callback is refused.
        yield* service.setPreference(tenant, {
          customerId: "cus-1",
          callback: true,
          phone: "+1 555 0100",
          window,
          updatedAt: ny("2024-06-03T10:00:00"),
        })
        yield* service.scheduleCallback(tenant, noPreference.id)
        yield* service.setPreference(tenant, {
          customerId: "cus-1",
          callback: false,
          updatedAt: ny("2024-06-03T11:00:00"),
        })
        const withdrawn = yield* Effect.flip(service.scheduleCallback(tenant, noPreference.id))
        expect(ruleOf(withdrawn)).toBe("CMP-15")
      }).pipe(Effect.provide(live)),
    )
  })

  it("CMP-2 the Promise API receives, acknowledges and rejects with the same tagged errors", async () => {
    const client = await Complaints.makeClient(settings, MemoryStore.layer)
    try {
      const received = await client.intake(tenant, intakeInput({ idempotencyKey: "promise-1" }))
      expect(received.state).toBe("received")
      const again = await client.intake(tenant, intakeInput({ idempotencyKey: "promise-1" }))
      expect(again.id).toBe(received.id)
      const acknowledged = await client.acknowledge(tenant, received.id, {
        by: "s-agent",
        onTheSpot: true,
      })
      expect(acknowledged.state).toBe("acknowledged")
      const rejection: unknown = await client.start(tenant, received.id, { by: "s-agent" }).then(
        () => undefined,
        (error: unknown) => error,
      )
      expect(rejection).toBeInstanceOf(Errors.InvalidTransitionError)
      expect(rejection).toMatchObject({
        _tag: "InvalidTransitionError",
        state: "acknowledged",
        attempted: "start",
      })
      await expect(client.intake(tenant, intakeInput({ channel: fax }))).rejects.toMatchObject({
        _tag: "ValidationError",
      })
      const history = await client.history(tenant, received.id)
      expect(history.map((entry) => entry.step)).toEqual(["receive", "acknowledge"])
    } finally {
      await client.close()
    }
    await expect(client.get(tenant, "anything")).rejects.toMatchObject({
      _tag: "ClientClosedError",
    })
  })
})
