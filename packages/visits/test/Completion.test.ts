import { WorkingCalendar } from "@clientele/calendar"
import { Errors, Ids, Personal } from "@clientele/core"
import * as Arbitrary from "effect/Arbitrary"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"
import { describe, expect, it } from "vitest"
import * as Appointment from "../src/Appointment.js"
import * as Completion from "../src/Completion.js"

const right = <A, E>(result: Either.Either<A, E>): A => {
  if (Either.isLeft(result)) throw new Error(`expected Right, got ${String(result.left)}`)
  return result.right
}

const left = <A, E>(result: Either.Either<A, E>): E => {
  if (Either.isRight(result)) throw new Error("expected Left")
  return result.left
}

const MINUTE = 60_000
const policy = Appointment.defaultPolicy
const NOW = Date.UTC(2024, 5, 7, 9)
// Tuesday 11 June 2024, 09:00 in Paris (UTC+2).
const START = Date.UTC(2024, 5, 11, 7)
const END = START + 80 * MINUTE
const SHA = "3f".repeat(32)

/** An appointment booked, dispatched and started, as the lifecycle produces it. */
const inProgress = (): Appointment.Appointment => {
  const request = right(
    Errors.decodeEither(Appointment.AppointmentRequest)({
      customerId: "cus_42",
      jobId: "repair-778",
      kind: "repair",
      zone: "Europe/Paris",
      preferred: [{ start: "2024-06-11T09:00", end: "2024-06-11T12:00" }],
      durationMinutes: 90,
      need: "The boiler loses pressure every night",
      checklist: [{ kind: "part", item: "VALVE-22MM", quantity: 1, packed: true }],
    }),
  )
  const technician = {
    id: Ids.StaffId.make("tech-7"),
    calendar: WorkingCalendar.weekdays("Europe/Paris", "08:00", "17:00"),
  }
  const booked = right(Appointment.book(policy, request, technician, [], NOW))
  const dispatched = right(
    Appointment.transition(booked, { _tag: "Dispatch" }, START - 30 * MINUTE),
  )
  return right(Appointment.transition(dispatched, { _tag: "Start" }, START + 5 * MINUTE))
}

const appointment = inProgress()

/** A clean record: every item complied with, signed after the end, a card, no charges. */
const record = (
  overrides: Partial<typeof Completion.VisitRecord.Encoded> = {},
): Completion.VisitRecord =>
  right(
    Errors.decodeEither(Completion.VisitRecord)({
      appointmentId: appointment.id,
      actualStart: START + 5 * MINUTE,
      actualEnd: END,
      conduct: policy.conduct.map((item) => ({ item: item.id, complied: true })),
      signOff: {
        _tag: "signed",
        signedBy: "Ada Martin",
        signedAt: END + 2 * MINUTE,
        imageSha256: SHA,
      },
      feedback: { score: 5, comments: "Quick and tidy", issues: [], submittedAt: END + 5 * MINUTE },
      extraCharges: [],
      ...overrides,
    }),
  )

const codes = (violations: ReadonlyArray<Completion.Violation>) => violations.map((v) => v.code)

describe("Completion: sign-off and feedback card (VIS-4)", () => {
  it("VIS-4 a visit with the customer's sign-off and a feedback card completes", () => {
    const visit = right(Completion.complete(policy, appointment, record()))
    expect(visit.appointment.status).toBe("completed")
    expect(visit.completedAt).toBe(END + 2 * MINUTE)
    expect(visit.appointment.statusChangedAt).toBe(END + 2 * MINUTE)
    expect(visit.issues).toEqual([])
    expect(visit.policyVersion).toBe(1)
    expect(visit.feedbackCard).toMatchObject({
      appointmentId: appointment.id,
      jobId: "repair-778",
      customerId: "cus_42",
      technicianId: "tech-7",
      kind: "repair",
      trip: 1,
      policyVersion: 1,
      visitedAt: END,
      score: 5,
      comments: "Quick and tidy",
      issues: [],
      conductBreaches: [],
    })
    expect(Schema.is(Completion.CompletedVisit)(visit)).toBe(true)
  })

  it("VIS-4 signature captured before the actual end is rejected with SIGNED_BEFORE_END", () => {
    const early = record({
      signOff: {
        _tag: "signed",
        signedBy: "Ada Martin",
        signedAt: END - 10 * MINUTE,
        imageSha256: SHA,
      },
    })
    const error = left(Completion.complete(policy, appointment, early))
    expect(codes(error.violations)).toEqual(["SIGNED_BEFORE_END"])
    expect(error.violations[0]).toMatchObject({ blocking: true, rule: "VIS-4" })
  })

  it("VIS-4 feedback missing but signature present is rejected with NO_FEEDBACK_CARD only", () => {
    const { feedback: _omitted, ...noCard } = record()
    const error = left(Completion.complete(policy, appointment, noCard))
    expect(error).toBeInstanceOf(Completion.CompletionRejectedError)
    expect(codes(error.violations)).toEqual(["NO_FEEDBACK_CARD"])
    expect(error.message).toContain("NO_FEEDBACK_CARD")
  })

  it("VIS-4 refusal to sign is an explicit state, distinct from a missing sign-off", () => {
    const refused = record({
      signOff: { _tag: "refused", reason: "the leak is still there", at: END + MINUTE },
    })
    expect(refused.signOff).toEqual({
      _tag: "refused",
      reason: "the leak is still there",
      at: END + MINUTE,
    })
    expect(codes(left(Completion.complete(policy, appointment, refused)).violations)).toEqual([
      "SIGNOFF_REFUSED",
    ])
    const { signOff: _omitted, ...unsigned } = record()
    expect(codes(left(Completion.complete(policy, appointment, unsigned)).violations)).toEqual([
      "NO_SIGNOFF",
    ])
    // A null sign-off is not a refusal: the record does not fit its schema.
    expect(Either.isLeft(Errors.decodeEither(Completion.SignOff)(null))).toBe(true)
    const withNull = { ...record(), signOff: null } as unknown as Completion.VisitRecord
    const invalid = Completion.validateCompletion(policy, appointment, withNull)
    expect(invalid.length).toBeGreaterThan(0)
    expect(
      invalid.every((v) => v.code === "INVALID_RECORD" && v.message.startsWith("signOff")),
    ).toBe(true)
  })

  it("VIS-4 only a visit in progress, and only its own record, can be completed", () => {
    const booked = { ...appointment, status: "booked" as const }
    expect(codes(left(Completion.complete(policy, booked, record())).violations)).toEqual([
      "NOT_IN_PROGRESS",
    ])
    const other = record({ appointmentId: "apt_other" })
    expect(codes(left(Completion.complete(policy, appointment, other)).violations)).toEqual([
      "WRONG_APPOINTMENT",
    ])
  })

  it("VIS-4 the rejection lists every violation, blocking or not", () => {
    const { feedback: _omitted, ...noCard } = record({
      conduct: policy.conduct.map((item) => ({ item: item.id, complied: item.id !== "no-gifts" })),
      extraCharges: [{ amount: { amount: 4500, currency: "EUR" }, method: "cash" }],
    })
    const error = left(Completion.complete(policy, appointment, noCard))
    expect(codes(error.violations)).toEqual([
      "NO_FEEDBACK_CARD",
      "CASH_COLLECTED",
      "CONDUCT_BREACH",
    ])
    expect(error.violations.map((v) => v.blocking)).toEqual([true, true, false])
    expect(error.policyVersion).toBe(1)
  })

  it("VIS-4 signatures, refusals and comments are marked personal", () => {
    const personal = (schema: Schema.Schema.AnyNoContext) =>
      AST.getPropertySignatures(schema.ast)
        .filter(Personal.isPersonal)
        .map((field) => String(field.name))
    expect(personal(Completion.Signed)).toEqual(["signedBy", "imageSha256"])
    expect(personal(Completion.Refused)).toEqual(["reason"])
    expect(personal(Completion.ConductAnswer)).toEqual(["note"])
  })
})

describe("Completion: no cash (VIS-5)", () => {
  it("VIS-5 extra payment recorded with cash ⇒ rejected", () => {
    const cash = record({
      extraCharges: [{ amount: { amount: 4500, currency: "EUR" }, method: "cash" }],
    })
    const violations = Completion.validateCompletion(policy, appointment, cash)
    expect(violations).toEqual([
      expect.objectContaining({
        code: "CASH_COLLECTED",
        rule: "VIS-5",
        blocking: true,
        chargeIndex: 0,
      }),
    ])
    const error = left(Completion.complete(policy, appointment, cash))
    expect(error.message).toContain("45.00 EUR")
  })

  it("VIS-5 a bank transfer to the company is fine; card only when the policy accepts it", () => {
    const transfer = record({
      extraCharges: [
        { amount: { amount: 4500, currency: "EUR" }, method: "bankTransfer", reference: "INV-7" },
      ],
    })
    expect(Either.isRight(Completion.complete(policy, appointment, transfer))).toBe(true)
    const card = record({
      extraCharges: [{ amount: { amount: 4500, currency: "EUR" }, method: "card" }],
    })
    expect(codes(left(Completion.complete(policy, appointment, card)).violations)).toEqual([
      "PAYMENT_METHOD_NOT_ACCEPTED",
    ])
    const cardPolicy = right(
      Appointment.makePolicy({ version: 2, acceptedPaymentMethods: ["bankTransfer", "card"] }),
    )
    expect(Either.isRight(Completion.complete(cardPolicy, appointment, card))).toBe(true)
  })

  it("VIS-5 an extra charge is a positive amount", () => {
    const zero = Errors.decodeEither(Completion.ExtraCharge)({
      amount: { amount: 0, currency: "EUR" },
      method: "bankTransfer",
    })
    expect(left(zero).issues[0]?.path).toEqual(["amount"])
  })

  it("VIS-5 property: any record with a cash charge is rejected", () => {
    const records = Arbitrary.make(Completion.VisitRecord)
    const charges = Arbitrary.make(Completion.ExtraCharge)
    FastCheck.assert(
      FastCheck.property(
        records,
        FastCheck.boolean(),
        charges,
        FastCheck.nat(5),
        (generated, ownAppointment, charge, at) => {
          const cash: Completion.ExtraCharge = { ...charge, method: "cash" }
          const extraCharges = [...generated.extraCharges]
          extraCharges.splice(Math.min(at, extraCharges.length), 0, cash)
          const withCash: Completion.VisitRecord = {
            ...generated,
            ...(ownAppointment ? { appointmentId: appointment.id } : {}),
            extraCharges,
          }
          const result = Completion.complete(policy, appointment, withCash)
          expect(Either.isLeft(result)).toBe(true)
          expect(codes(left(result).violations)).toContain("CASH_COLLECTED")
        },
      ),
      { numRuns: 200 },
    )
  })

  it("VIS-5 property: a clean record with cash added is rejected for the cash alone", () => {
    FastCheck.assert(
      FastCheck.property(FastCheck.integer({ min: 1, max: 1_000_000 }), (amount) => {
        const cash = record({
          extraCharges: [{ amount: { amount, currency: "EUR" }, method: "cash" }],
        })
        expect(codes(left(Completion.complete(policy, appointment, cash)).violations)).toEqual([
          "CASH_COLLECTED",
        ])
      }),
    )
  })
})

describe("Completion: conduct checklist (VIS-3)", () => {
  it("VIS-3 a conduct breach is recorded as an issue and the signed visit still completes", () => {
    const breach = record({
      conduct: policy.conduct.map((item) =>
        item.id === "site-cleaned"
          ? { item: item.id, complied: false, note: "dust left in the hallway" }
          : { item: item.id, complied: true },
      ),
    })
    const visit = right(Completion.complete(policy, appointment, breach))
    expect(visit.issues).toEqual([
      expect.objectContaining({ code: "CONDUCT_BREACH", item: "site-cleaned", blocking: false }),
    ])
    expect(visit.feedbackCard.conductBreaches).toEqual(["site-cleaned"])
  })

  it("VIS-3 a breach of an item the policy marks blocking refuses completion", () => {
    const strict = right(
      Appointment.makePolicy({
        version: 2,
        conduct: policy.conduct.map((item) => ({ ...item, blocking: item.id === "no-gifts" })),
      }),
    )
    const gift = record({
      conduct: policy.conduct.map((item) => ({ item: item.id, complied: item.id !== "no-gifts" })),
    })
    const error = left(Completion.complete(strict, appointment, gift))
    expect(error.violations).toEqual([
      expect.objectContaining({ code: "CONDUCT_BREACH", item: "no-gifts", blocking: true }),
    ])
  })

  it("VIS-3 every item needs an answer; not applicable needs a note", () => {
    const partial = record({ conduct: [{ item: "no-gifts", complied: true }] })
    const unanswered = Completion.validateCompletion(policy, appointment, partial)
    expect(unanswered.map((v) => v.item)).toEqual(
      policy.conduct.map((item) => item.id).filter((id) => id !== "no-gifts"),
    )
    expect(unanswered.every((v) => v.code === "CONDUCT_UNANSWERED" && v.blocking)).toBe(true)

    const notApplicable = Errors.decodeEither(Completion.ConductAnswer)({
      item: "waste-agreed",
      complied: "notApplicable",
    })
    expect(left(notApplicable).issues[0]?.path).toEqual(["note"])
    const withNote = record({
      conduct: policy.conduct.map((item) =>
        item.id === "waste-agreed"
          ? { item: item.id, complied: "notApplicable", note: "no waste produced" }
          : { item: item.id, complied: true },
      ),
    })
    expect(Either.isRight(Completion.complete(policy, appointment, withNote))).toBe(true)
  })

  it("VIS-3 items outside the policy's checklist and duplicate answers are refused", () => {
    const unknown = record({
      conduct: [
        ...policy.conduct.map((item) => ({ item: item.id, complied: true })),
        { item: "smiled", complied: true },
      ],
      feedback: { score: 3, issues: ["punctual"], submittedAt: END + MINUTE },
    })
    const violations = Completion.validateCompletion(policy, appointment, unknown)
    expect(violations.map((v) => [v.code, v.item])).toEqual([
      ["UNKNOWN_CHECKLIST_ITEM", "punctual"],
      ["UNKNOWN_CHECKLIST_ITEM", "smiled"],
    ])
    const twice = Errors.decodeEither(Completion.VisitRecord)({
      ...Schema.encodeSync(Completion.VisitRecord)(record()),
      conduct: [
        { item: "no-gifts", complied: true },
        { item: "no-gifts", complied: false },
      ],
    })
    expect(left(twice).issues[0]?.path).toEqual(["conduct", 1, "item"])
  })

  it("VIS-1 an arrival outside the arrival window is recorded, and blocks when the policy requires it", () => {
    const late = record({ actualStart: START + 45 * MINUTE })
    const visit = right(Completion.complete(policy, appointment, late))
    expect(codes(visit.issues)).toEqual(["OUTSIDE_ARRIVAL_WINDOW"])
    const punctual = right(
      Appointment.makePolicy({
        version: 2,
        completionRequires: ["signOff", "feedbackCard", "conductAnswered", "arrivalOnTime"],
      }),
    )
    expect(left(Completion.complete(punctual, appointment, late)).violations).toEqual([
      expect.objectContaining({ code: "OUTSIDE_ARRIVAL_WINDOW", blocking: true }),
    ])
  })

  it("VIS-4 a record whose end precedes its start does not fit its schema", () => {
    const backwards = { ...record(), actualEnd: START } as Completion.VisitRecord
    const violations = Completion.validateCompletion(policy, appointment, {
      ...backwards,
      actualStart: END,
    })
    expect(codes(violations)).toEqual(["INVALID_RECORD"])
    expect(violations[0]?.message).toContain("actualEnd")
  })
})
