// ARC-4: an erasure reaches a customer's documents through the subjects of the
// collections the service lists, so the list must name every collection the service
// writes, and each subject must lead to the customer's documents and no one else's.
import type { Ids } from "@clientele/core"
import { type Collection, MemoryStore, Store } from "@clientele/store"
import { recordingWrites, subjectCoverageProblems, subjectProblems } from "@clientele/store/testkit"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as TestClock from "effect/TestClock"
import { Visits } from "../src/index.js"
import {
  booking,
  followUpPolicy,
  freshTenant,
  gala,
  greetingPolicy,
  NOW,
  resolvedComplaint,
  summer2024,
  visitRecord,
  weekdaysParis,
} from "./service-support.js"

/** The subject each collection was decided to have (`null`: it holds no customer's data). */
const subjectsOf = (collections: ReadonlyArray<Collection.AnyCollection>) =>
  Object.fromEntries(collections.map((collection) => [collection.name, collection.subject ?? null]))

const live = (written: Set<string>) =>
  Visits.layer.pipe(Layer.provideMerge(recordingWrites(MemoryStore.layer, written)))

/**
 * Everything the service stores about one customer: a follow-up plan of their
 * complaint, their profile, greetings, and a visit booked with their own technician,
 * carried out and completed. The visit policy version 1 must be saved.
 */
const aboutCustomer = (tenant: Ids.TenantId, customerId: string) =>
  Effect.gen(function* () {
    const service = yield* Visits.Visits
    yield* TestClock.setTime(Date.UTC(2024, 2, 8, 16))
    yield* service.scheduleFollowUp(tenant, {
      complaint: { ...resolvedComplaint(`cmp-${customerId}`), customerId },
      staff: [{ id: "bob", available: true }],
      policy: followUpPolicy,
    })
    yield* TestClock.setTime(NOW)
    yield* service.saveProfile(tenant, {
      customerId,
      zone: "Europe/Paris",
      importantDates: [{ id: "bd", kind: "birthday", date: "1975-06-20" }],
    })
    yield* service.planGreetings(tenant, {
      policy: greetingPolicy,
      horizon: summer2024,
      customers: [{ id: customerId, tier: "major", zone: "Europe/Paris", country: "FR" }],
      calendar: weekdaysParis,
    })
    const appointment = yield* service.bookAppointment(
      tenant,
      booking({ customerId }, `tech-${customerId}`),
    )
    yield* TestClock.setTime(appointment.scheduled.start - 3_600_000)
    yield* service.transitionAppointment(tenant, appointment.id, { _tag: "Dispatch" })
    yield* TestClock.setTime(appointment.scheduled.start)
    const started = yield* service.transitionAppointment(tenant, appointment.id, {
      _tag: "Start",
    })
    yield* service.completeVisit(tenant, appointment.id, visitRecord(started))
    return appointment
  })

describe("Visits.collections", () => {
  it("ARC-4 every subject is a declared index, and every parent is a listed collection with a subject", () => {
    expect(subjectProblems(Visits.collections)).toEqual([])
    // what each collection was decided to hold: a customer's data, or no one's
    expect(subjectsOf(Visits.collections)).toEqual({
      "visits-policies": null,
      "visits-appointments": { index: "customerId" },
      "visits-technician-schedules": null,
      "visits-completed-visits": { index: "customerId" },
      "visits-profiles": { index: "customerId" },
      "visits-touches": { index: "customerId" },
      "visits-follow-ups": { index: "customerId" },
      // an event names many customers, and an index holds one value per document
      "visits-events": null,
    })
  })

  it.effect("ARC-4 collections lists every collection the service writes", () => {
    const written = new Set<string>()
    return Effect.gen(function* () {
      const tenant = freshTenant()
      const service = yield* Visits.Visits
      yield* service.savePolicy(tenant, { version: 1 })
      yield* aboutCustomer(tenant, "cus-ada")
      yield* service.createEvent(tenant, gala)
      expect(
        [...written].filter((name) => !Visits.collections.some((c) => c.name === name)),
      ).toEqual([])
      // and the commands above wrote each listed collection: none is listed by mistake
      expect(written.size).toBe(Visits.collections.length)
    }).pipe(Effect.provide(live(written)))
  })

  it.effect(
    "ARC-4 a customer's appointments, visits, profile, touches and follow-ups are found through the customer index, and no one else's",
    () =>
      Effect.gen(function* () {
        const tenant = freshTenant()
        const service = yield* Visits.Visits
        yield* service.savePolicy(tenant, { version: 1 })
        const ada = yield* aboutCustomer(tenant, "cus-ada")
        yield* aboutCustomer(tenant, "cus-bob")

        // as an erasure asks: the appointments whose customer index is Ada's
        const store = yield* Store.Store
        const appointments = yield* store.query(tenant, {
          collection: "visits-appointments",
          where: { customerId: "cus-ada" },
        })
        expect(appointments.documents.map((document) => document.id)).toEqual([ada.id])
        expect(
          yield* subjectCoverageProblems(tenant, Visits.collections, ["cus-ada", "cus-bob"]),
        ).toEqual([])
      }).pipe(Effect.provide(live(new Set()))),
  )
})
