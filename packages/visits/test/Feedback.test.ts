import { WorkingCalendar } from "@clientele/calendar"
import { Errors, Ids, Period, Personal } from "@clientele/core"
import * as Arbitrary from "effect/Arbitrary"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"
import { describe, expect, it } from "vitest"
import * as Appointment from "../src/Appointment.js"
import * as Completion from "../src/Completion.js"
import * as Feedback from "../src/Feedback.js"

const right = <A, E>(result: Either.Either<A, E>): A => {
  if (Either.isLeft(result)) throw new Error(`expected Right, got ${String(result.left)}`)
  return result.right
}

const MINUTE = 60_000
const DAY = 86_400_000
const policy = Appointment.defaultPolicy
const item = (id: string) => Appointment.ConductItemId.make(id)

let serial = 0
/** An archived card of a visit that ended at `visitedAt`. */
const card = (
  score: number,
  issues: ReadonlyArray<string>,
  conductBreaches: ReadonlyArray<string> = [],
  visitedAt = Date.UTC(2024, 4, 15, 10),
): Feedback.FeedbackCard => {
  serial++
  return {
    appointmentId: Appointment.AppointmentId.make(`apt_${serial}`),
    jobId: Appointment.JobId.make(`job_${serial}`),
    customerId: Ids.CustomerId.make("cus_42"),
    technicianId: Ids.StaffId.make("tech-7"),
    kind: "repair",
    trip: 1,
    policyVersion: 1,
    visitedAt,
    score,
    issues: issues.map(item),
    conductBreaches: conductBreaches.map(item),
    submittedAt: visitedAt + 5 * MINUTE,
  }
}

describe("Feedback: the periodic summary (VIS-6)", () => {
  it("VIS-6 summarises issues by checklist item, most issues first, with rates and the average score", () => {
    const cards = [
      card(5, []),
      card(3, ["site-cleaned", "waste-agreed"]),
      card(2, ["site-cleaned"]),
      card(4, ["no-gifts"]),
    ]
    const summary = Feedback.summarise(cards, policy)
    expect(summary.visits).toBe(4)
    expect(summary.averageScore).toBe(3.5)
    expect(summary.scoreCounts).toEqual([0, 1, 1, 1, 1])
    expect(summary.items.map((line) => [line.item, line.visitsWithIssue])).toEqual([
      ["site-cleaned", 2],
      ["no-gifts", 1],
      ["waste-agreed", 1],
      ["property-with-permission", 0],
      ["meal-times-avoided", 0],
      ["left-in-sight", 0],
    ])
    expect(summary.items[0]).toEqual({
      item: "site-cleaned",
      label: "Cleaned the site before leaving",
      inPolicy: true,
      visitsWithIssue: 2,
      rate: 0.5,
      flaggedByCustomer: 2,
      reportedByStaff: 0,
    })
    expect(summary.totalIssues).toBe(4)
    expect(summary.policyVersion).toBe(1)
    expect(Schema.is(Feedback.Summary)(summary)).toBe(true)
  })

  it("VIS-6 a staff-reported breach counts as an issue; flagged by both it counts once per visit", () => {
    const summary = Feedback.summarise(
      [card(4, ["no-gifts"], ["no-gifts"]), card(5, [], ["left-in-sight"])],
      policy,
    )
    const line = (id: string) => summary.items.find((entry) => entry.item === id)
    expect(line("no-gifts")).toMatchObject({
      visitsWithIssue: 1,
      flaggedByCustomer: 1,
      reportedByStaff: 1,
    })
    expect(line("left-in-sight")).toMatchObject({
      visitsWithIssue: 1,
      flaggedByCustomer: 0,
      reportedByStaff: 1,
    })
    expect(summary.totalIssues).toBe(2)
  })

  it("VIS-6 a period keeps the visits that ended on its dates, in its zone", () => {
    const quarter = Period.make("2024-04-01", "2024-07-01", "Europe/Paris")
    // 22:30 UTC on 30 June is already 1 July in Paris: outside the quarter.
    const cards = [
      card(5, ["no-gifts"], [], Date.UTC(2024, 3, 1, 8)),
      card(1, ["site-cleaned"], [], Date.UTC(2024, 5, 30, 22, 30)),
      card(2, ["site-cleaned"], [], Date.UTC(2024, 2, 31, 21, 30)),
    ]
    const summary = Feedback.summarise(cards, policy, { period: quarter })
    expect(summary.visits).toBe(1)
    expect(summary.period).toEqual(quarter)
    expect(summary.items[0]).toMatchObject({ item: "no-gifts", visitsWithIssue: 1, rate: 1 })
    expect(summary.totalIssues).toBe(1)
  })

  it("VIS-6 the count of second trips is reported when given (VIS-2)", () => {
    const trips: Appointment.SecondTrips = {
      jobs: [
        {
          jobId: Appointment.JobId.make("repair-778"),
          trips: 3,
          extraTrips: 2,
          extraTripIds: [
            Appointment.AppointmentId.make("a2"),
            Appointment.AppointmentId.make("a3"),
          ],
        },
      ],
      total: 2,
    }
    expect(Feedback.summarise([], policy, { secondTrips: trips }).secondTrips).toBe(2)
    expect(Feedback.summarise([], policy, { secondTrips: 5 }).secondTrips).toBe(5)
    expect(Feedback.summarise([], policy).secondTrips).toBeUndefined()
  })

  it("VIS-6 with no cards every rate is zero and there is no average score", () => {
    const summary = Feedback.summarise([], policy)
    expect(summary.visits).toBe(0)
    expect(summary.averageScore).toBeUndefined()
    expect(summary.items).toHaveLength(policy.conduct.length)
    expect(summary.items.every((line) => line.rate === 0 && line.visitsWithIssue === 0)).toBe(true)
  })

  it("VIS-6 items that only older cards name are listed after the policy's items", () => {
    const summary = Feedback.summarise([card(3, ["punctual", "no-gifts"])], policy)
    expect(summary.items.map((line) => line.item).slice(0, 2)).toEqual(["no-gifts", "punctual"])
    expect(summary.items[1]).toMatchObject({ inPolicy: false, visitsWithIssue: 1 })
    expect(summary.items[1]?.label).toBeUndefined()
  })

  it("VIS-6 a completed visit's archived card carries the customer's flags and the staff's breaches", () => {
    const request = right(
      Errors.decodeEither(Appointment.AppointmentRequest)({
        customerId: "cus_42",
        jobId: "install-5",
        kind: "installation",
        zone: "Europe/Paris",
        preferred: [{ start: "2024-06-11T09:00", end: "2024-06-11T12:00" }],
        durationMinutes: 60,
        need: "Install the new heat pump",
        checklist: [],
      }),
    )
    const technician = {
      id: Ids.StaffId.make("tech-7"),
      calendar: WorkingCalendar.weekdays("Europe/Paris", "08:00", "17:00"),
    }
    const start = Date.UTC(2024, 5, 11, 7)
    const booked = right(Appointment.book(policy, request, technician, [], Date.UTC(2024, 5, 7)))
    const dispatched = right(
      Appointment.transition(booked, { _tag: "Dispatch" }, start - 30 * MINUTE),
    )
    const started = right(Appointment.transition(dispatched, { _tag: "Start" }, start))
    const visit = right(
      Completion.complete(policy, started, {
        appointmentId: started.id,
        actualStart: start,
        actualEnd: start + 55 * MINUTE,
        conduct: policy.conduct.map((entry) => ({
          item: entry.id,
          complied: entry.id !== "waste-agreed",
        })),
        signOff: {
          _tag: "signed",
          signedBy: "Ada Martin",
          signedAt: start + 56 * MINUTE,
          imageSha256: "0".repeat(64),
        },
        feedback: { score: 4, issues: [item("site-cleaned")], submittedAt: start + DAY },
        extraCharges: [],
      }),
    )
    expect(visit.feedbackCard).toMatchObject({
      kind: "installation",
      issues: ["site-cleaned"],
      conductBreaches: ["waste-agreed"],
      visitedAt: start + 55 * MINUTE,
    })
    const summary = Feedback.summarise([visit.feedbackCard], policy)
    expect(summary.items.slice(0, 2).map((line) => line.item)).toEqual([
      "site-cleaned",
      "waste-agreed",
    ])
  })

  it("VIS-6 the card's comments are personal data and its score is 1 to 5", () => {
    const personal = AST.getPropertySignatures(Feedback.FeedbackCard.ast)
      .filter(Personal.isPersonal)
      .map((field) => field.name)
    expect(personal).toEqual(["comments"])
    expect(Schema.is(Feedback.Score)(0)).toBe(false)
    expect(Schema.is(Feedback.Score)(6)).toBe(false)
    expect(Schema.is(Feedback.Score)(3.5)).toBe(false)
    const twice = Errors.decodeEither(Feedback.Card)({
      score: 3,
      issues: ["no-gifts", "no-gifts"],
      submittedAt: Date.UTC(2024, 5, 1),
    })
    expect(Either.isLeft(twice)).toBe(true)
  })
})

describe("Feedback: properties (VIS-6)", () => {
  const ids = [...policy.conduct.map((entry) => entry.id as string), "punctual", "polite"]
  const cardArbitrary = FastCheck.record({
    score: FastCheck.integer({ min: 1, max: 5 }),
    issues: FastCheck.uniqueArray(FastCheck.constantFrom(...ids), { maxLength: 5 }),
    breaches: FastCheck.uniqueArray(FastCheck.constantFrom(...ids), { maxLength: 3 }),
    day: FastCheck.integer({ min: 0, max: 365 }),
  })

  it("VIS-6 property: summary counts add up to the flagged items across cards", () => {
    FastCheck.assert(
      FastCheck.property(FastCheck.array(cardArbitrary, { maxLength: 40 }), (rows) => {
        const cards = rows.map((row) =>
          card(row.score, row.issues, row.breaches, Date.UTC(2024, 0, 1) + row.day * DAY),
        )
        const summary = Feedback.summarise(cards, policy)
        let flagged = 0
        for (const row of rows) flagged += new Set([...row.issues, ...row.breaches]).size
        const sum = summary.items.reduce((total, line) => total + line.visitsWithIssue, 0)
        expect(sum).toBe(flagged)
        expect(summary.totalIssues).toBe(flagged)
        expect(summary.scoreCounts.reduce((a, b) => a + b, 0)).toBe(cards.length)
        for (let i = 1; i < summary.items.length; i++)
          expect(
            (summary.items[i - 1]?.visitsWithIssue ?? 0) >=
              (summary.items[i]?.visitsWithIssue ?? 0),
          ).toBe(true)
        for (const line of summary.items) {
          expect(line.visitsWithIssue).toBeLessThanOrEqual(cards.length)
          expect(line.visitsWithIssue).toBeGreaterThanOrEqual(
            Math.max(line.flaggedByCustomer, line.reportedByStaff),
          )
        }
      }),
    )
  })

  it("VIS-6 property: an archived card survives encoding and decoding unchanged", () => {
    FastCheck.assert(
      FastCheck.property(Arbitrary.make(Feedback.FeedbackCard), (archived) => {
        const stored = Schema.encodeSync(Feedback.FeedbackCard)(archived)
        expect(
          Schema.decodeUnknownSync(Feedback.FeedbackCard)(JSON.parse(JSON.stringify(stored))),
        ).toEqual(archived)
      }),
      { numRuns: 100 },
    )
  })
})
