import { BusinessTime, WorkingCalendar } from "@clientele/calendar"
import { Civil, Errors, Ids, Personal } from "@clientele/core"
import * as Arbitrary from "effect/Arbitrary"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"
import { describe, expect, it } from "vitest"
import * as Appointment from "../src/Appointment.js"

const right = <A, E>(result: Either.Either<A, E>): A => {
  if (Either.isLeft(result)) throw new Error(`expected Right, got ${String(result.left)}`)
  return result.right
}

const left = <A, E>(result: Either.Either<A, E>): E => {
  if (Either.isRight(result)) throw new Error("expected Left")
  return result.left
}

/** The BookingError of a failed booking; throws on success or on another error. */
const bookingError = <A, E extends { readonly _tag: string }>(
  result: Either.Either<A, E>,
): Appointment.BookingError => {
  const error = left(result)
  if (!(error instanceof Appointment.BookingError))
    throw new Error(`expected a BookingError, got ${error._tag}`)
  return error
}

const MINUTE = 60_000
const HOUR = 3_600_000
const DAY = 86_400_000
const policy = Appointment.defaultPolicy

const tech = Ids.StaffId.make("tech-7")
const otherTech = Ids.StaffId.make("tech-9")
const weekdaysParis = WorkingCalendar.weekdays("Europe/Paris", "08:00", "17:00")
const allHours = (timeZone: string) =>
  WorkingCalendar.make({
    timeZone,
    weekly: Object.fromEntries(
      WorkingCalendar.weekdayNames.map((day) => [day, [{ start: "00:00", end: "24:00" }]]),
    ),
  })
const technician = (
  calendar: WorkingCalendar.WorkingCalendar = weekdaysParis,
  id: Ids.StaffId = tech,
): Appointment.Technician => ({ id, calendar })

/** A request decoded from plain input, as a service would receive it. */
const request = (
  overrides: Partial<typeof Appointment.AppointmentRequest.Encoded> = {},
): Appointment.AppointmentRequest =>
  right(
    Errors.decodeEither(Appointment.AppointmentRequest)({
      customerId: "cus_42",
      jobId: "repair-778",
      kind: "repair",
      zone: "Europe/Paris",
      preferred: [{ start: "2024-06-11T09:00", end: "2024-06-11T17:00" }],
      durationMinutes: 90,
      need: "The boiler loses pressure every night",
      checklist: [
        { kind: "part", item: "VALVE-22MM", quantity: 1, packed: true },
        { kind: "tool", item: "pressure gauge", quantity: 1, packed: true },
      ],
      ...overrides,
    }),
  )

// Friday 7 June 2024, well ahead of Tuesday 11 June.
const NOW = Date.UTC(2024, 5, 7, 9)
// Paris is UTC+2 in June.
const paris = (day: number, hours: number, minutes = 0) =>
  Date.UTC(2024, 5, day, hours - 2, minutes)

const booked = (
  id: string,
  start: number,
  end: number,
  extra: Partial<Appointment.Appointment> = {},
): Appointment.Appointment => ({
  ...request(),
  id: Appointment.AppointmentId.make(id),
  technicianId: tech,
  scheduled: { start, end },
  arrivalWindow: { start, end: start + 30 * MINUTE },
  status: "booked",
  bookedAt: NOW - DAY,
  statusChangedAt: NOW - DAY,
  trip: 1,
  policyVersion: 1,
  ...extra,
})

describe("Appointment: booking the earliest slot (VIS-1)", () => {
  it("VIS-1 books the earliest slot inside the customer's window and the technician's hours", () => {
    const appointment = right(Appointment.book(policy, request(), technician(), [], NOW))
    expect(appointment.scheduled).toEqual({ start: paris(11, 9), end: paris(11, 10, 30) })
    expect(appointment.arrivalWindow).toEqual({ start: paris(11, 9), end: paris(11, 9, 30) })
    expect(appointment).toMatchObject({
      status: "booked",
      technicianId: tech,
      trip: 1,
      bookedAt: NOW,
      statusChangedAt: NOW,
      policyVersion: 1,
      id: "visit:repair-778:1",
    })
    expect(Schema.is(Appointment.Appointment)(appointment)).toBe(true)
  })

  it("VIS-1 an arrival window shorter than the duration is refused with WINDOW_SHORTER_THAN_DURATION", () => {
    const error = bookingError(
      Appointment.book(
        policy,
        request({ preferred: [{ start: "2024-06-11T09:00", end: "2024-06-11T10:00" }] }),
        technician(),
        [],
        NOW,
      ),
    )
    expect(error._tag).toBe("BookingError")
    expect(error).toMatchObject({ reason: "WINDOW_SHORTER_THAN_DURATION", policyVersion: 1 })
    expect(error.tried?.map((attempt) => attempt.outcome)).toEqual(["tooShort"])
  })

  it("VIS-1 booking inside the minimum lead time is refused with INSIDE_LEAD_TIME", () => {
    // 24 hours of lead from Monday 10 June 12:00 UTC end on Tuesday at 14:00 in Paris.
    const now = Date.UTC(2024, 5, 10, 12)
    const error = bookingError(
      Appointment.book(
        policy,
        request({ preferred: [{ start: "2024-06-11T09:00", end: "2024-06-11T11:00" }] }),
        technician(),
        [],
        now,
      ),
    )
    expect(error.reason).toBe("INSIDE_LEAD_TIME")
    expect(error.tried?.[0]?.outcome).toBe("insideLeadTime")

    // The part of a window after the lead time can still be booked.
    const later = right(
      Appointment.book(policy, request({ durationMinutes: 60 }), technician(), [], now),
    )
    expect(later.scheduled.start).toBe(paris(11, 14))
  })

  it("VIS-1 the lead time is a policy number", () => {
    const shortLead = right(Appointment.makePolicy({ version: 2, minimumLeadMinutes: 60 }))
    const now = paris(11, 8)
    const appointment = right(Appointment.book(shortLead, request(), technician(), [], now))
    expect(appointment.scheduled.start).toBe(paris(11, 9))
    expect(appointment.policyVersion).toBe(2)
  })

  it("VIS-1 a start after now + lead time falls on the policy's quarter-hour grid", () => {
    const now = Date.UTC(2024, 5, 10, 7, 7, 33) // lead time ends at 09:07:33 in Paris on Tuesday
    const appointment = right(Appointment.book(policy, request(), technician(), [], now))
    expect(appointment.scheduled.start).toBe(paris(11, 9, 15))
  })

  it("VIS-1 a window straddling midnight books a visit across midnight on a night calendar", () => {
    const night = allHours("Europe/Paris")
    const evening = booked("apt_evening", paris(11, 22), paris(11, 23, 30))
    const appointment = right(
      Appointment.book(
        policy,
        request({
          preferred: [{ start: "2024-06-11T22:00", end: "2024-06-12T02:00" }],
          durationMinutes: 60,
        }),
        technician(night),
        [evening],
        NOW,
      ),
    )
    expect(appointment.scheduled).toEqual({ start: paris(11, 23, 30), end: paris(12, 0, 30) })
  })

  it("VIS-1 a due date before the earliest start is refused with DUE_BEFORE_EARLIEST_START", () => {
    const earliestStart = paris(11, 12)
    for (const dueBy of [earliestStart - HOUR, earliestStart]) {
      const error = bookingError(
        Appointment.book(policy, request({ earliestStart, dueBy }), technician(), [], NOW),
      )
      expect(error.reason).toBe("DUE_BEFORE_EARLIEST_START")
    }
  })

  it("VIS-1 the earliest start and the due date bound the slot", () => {
    const appointment = right(
      Appointment.book(
        policy,
        request({ earliestStart: paris(11, 13, 40), dueBy: paris(11, 16) }),
        technician(),
        [],
        NOW,
      ),
    )
    expect(appointment.scheduled).toEqual({ start: paris(11, 13, 45), end: paris(11, 15, 15) })
    const tooTight = bookingError(
      Appointment.book(
        policy,
        request({ earliestStart: paris(11, 15), dueBy: paris(11, 16) }),
        technician(),
        [],
        NOW,
      ),
    )
    expect(tooTight.reason).toBe("NO_FREE_SLOT")
    expect(tooTight.tried?.[0]?.outcome).toBe("outsideEarliestStartAndDueBy")
  })

  it("VIS-1 overlapping bookings for one technician are avoided; other technicians' and cancelled ones are not in the way", () => {
    const morning = booked("apt_morning", paris(11, 9), paris(11, 10, 30))
    const othersVisit = booked("apt_other", paris(11, 10, 30), paris(11, 12), {
      technicianId: otherTech,
    })
    const cancelled = booked("apt_cancelled", paris(11, 10, 30), paris(11, 12), {
      status: "cancelled",
    })
    const appointment = right(
      Appointment.book(policy, request(), technician(), [morning, othersVisit, cancelled], NOW),
    )
    // 10:30–12:00 ends exactly when lunch starts: ranges are half-open.
    expect(appointment.scheduled).toEqual({ start: paris(11, 10, 30), end: paris(11, 12) })

    const violations = Appointment.validateSlot(
      policy,
      request(),
      technician(),
      [morning],
      { start: paris(11, 9, 30), end: paris(11, 11) },
      NOW,
    )
    expect(violations).toEqual([
      expect.objectContaining({ code: "OVERLAPS_BOOKING", appointmentId: "apt_morning" }),
    ])
  })

  it("VIS-1 a fully booked technician gives NO_FREE_SLOT naming what was in the way", () => {
    const day = booked("apt_day", paris(11, 8), paris(11, 17))
    const error = bookingError(Appointment.book(policy, request(), technician(), [day], NOW))
    expect(error.reason).toBe("NO_FREE_SLOT")
    expect(error.tried).toEqual([
      expect.objectContaining({ outcome: "noFreeSlot", blockedBy: ["booked"] }),
    ])
  })

  it("VIS-1 customer zone differs from the technician's: 09:00–11:00 in Asia/Tokyo on a Europe/Paris calendar", () => {
    // 09:00–11:00 in Tokyo (UTC+9) is 02:00–04:00 in Paris (UTC+2): the technician is off.
    const tokyoMorning = request({
      zone: "Asia/Tokyo",
      preferred: [{ start: "2024-06-11T09:00", end: "2024-06-11T11:00" }],
      durationMinutes: 60,
    })
    const error = bookingError(Appointment.book(policy, tokyoMorning, technician(), [], NOW))
    expect(error.reason).toBe("NO_FREE_SLOT")
    expect(error.tried?.[0]).toMatchObject({
      start: Date.UTC(2024, 5, 11, 0),
      end: Date.UTC(2024, 5, 11, 2),
      blockedBy: ["closed"],
    })

    // 16:00–18:00 in Tokyo is 09:00–11:00 in Paris.
    const tokyoAfternoon = request({
      zone: "Asia/Tokyo",
      preferred: [{ start: "2024-06-11T16:00", end: "2024-06-11T18:00" }],
      durationMinutes: 60,
    })
    const appointment = right(Appointment.book(policy, tokyoAfternoon, technician(), [], NOW))
    expect(appointment.scheduled).toEqual({
      start: Date.UTC(2024, 5, 11, 7),
      end: Date.UTC(2024, 5, 11, 8),
    })
  })

  it("VIS-1 DST day: a preferred window on a spring-forward night is an hour shorter in real time", () => {
    // Europe/Paris skips 02:00–03:00 on Sunday 31 March 2024.
    const calendar = allHours("UTC")
    const now = Date.UTC(2024, 2, 25)
    const night = (durationMinutes: number, start = "2024-03-31T01:30", end = "2024-03-31T04:00") =>
      request({ preferred: [{ start, end }], durationMinutes })
    // 01:30 CET to 04:00 CEST is 90 real minutes, not the 150 the wall clock suggests.
    const tooLong = bookingError(
      Appointment.book(policy, night(120), technician(calendar), [], now),
    )
    expect(tooLong.reason).toBe("WINDOW_SHORTER_THAN_DURATION")
    expect(tooLong.tried?.[0]).toMatchObject({
      start: Date.UTC(2024, 2, 31, 0, 30),
      end: Date.UTC(2024, 2, 31, 2),
    })
    const fits = right(Appointment.book(policy, night(90), technician(calendar), [], now))
    expect(fits.scheduled).toEqual({
      start: Date.UTC(2024, 2, 31, 0, 30),
      end: Date.UTC(2024, 2, 31, 2),
    })
    // A window that starts in the gap starts when the clocks have moved on: 03:30 CEST.
    const inGap = right(
      Appointment.book(
        policy,
        night(60, "2024-03-31T02:30", "2024-03-31T05:00"),
        technician(calendar),
        [],
        now,
      ),
    )
    expect(inGap.scheduled.start).toBe(Date.UTC(2024, 2, 31, 1, 30))
  })

  it("VIS-1 a meal-time slot is skipped (VIS-3 avoid meal times)", () => {
    const appointment = right(
      Appointment.book(
        policy,
        request({
          preferred: [{ start: "2024-06-11T11:30", end: "2024-06-11T16:00" }],
          durationMinutes: 60,
        }),
        technician(),
        [],
        NOW,
      ),
    )
    // 11:30–12:30 would overlap lunch (12:00–13:30 on the customer's clock).
    expect(appointment.scheduled.start).toBe(paris(11, 13, 30))

    const noMeals = right(Appointment.makePolicy({ version: 3, mealTimes: [] }))
    const atLunch = right(
      Appointment.book(
        noMeals,
        request({
          preferred: [{ start: "2024-06-11T11:30", end: "2024-06-11T16:00" }],
          durationMinutes: 60,
        }),
        technician(),
        [],
        NOW,
      ),
    )
    expect(atLunch.scheduled.start).toBe(paris(11, 11, 30))
  })

  it("VIS-1 a visit does not cross the technician's break", () => {
    const withBreak = WorkingCalendar.weekdays("Europe/Paris", "08:00", "17:00", {
      breaks: [{ start: "10:00", end: "10:30" }],
    })
    const appointment = right(
      Appointment.book(
        policy,
        request({ preferred: [{ start: "2024-06-11T09:00", end: "2024-06-11T12:00" }] }),
        technician(withBreak),
        [],
        NOW,
      ),
    )
    expect(appointment.scheduled).toEqual({ start: paris(11, 10, 30), end: paris(11, 12) })
  })

  it("VIS-1 the earliest slot over several windows is chosen, whatever their order", () => {
    const appointment = right(
      Appointment.book(
        policy,
        request({
          preferred: [
            { start: "2024-06-12T09:00", end: "2024-06-12T12:00" },
            { start: "2024-06-11T14:00", end: "2024-06-11T17:00" },
          ],
        }),
        technician(),
        [],
        NOW,
      ),
    )
    expect(appointment.scheduled.start).toBe(paris(11, 14))
  })

  it("VIS-1 no preferred window and an unknown zone are typed booking errors", () => {
    expect(
      bookingError(Appointment.book(policy, request({ preferred: [] }), technician(), [], NOW)),
    ).toMatchObject({
      reason: "NO_PREFERRED_WINDOW",
    })
    const mars = {
      ...request(),
      zone: "Mars/Olympus_Mons",
    } as unknown as Appointment.AppointmentRequest
    expect(bookingError(Appointment.book(policy, mars, technician(), [], NOW))).toMatchObject({
      reason: "UNKNOWN_ZONE",
    })
    expect(
      Appointment.validateSlot(
        policy,
        mars,
        technician(),
        [],
        { start: NOW, end: NOW + HOUR },
        NOW,
      ),
    ).toEqual([expect.objectContaining({ code: "UNKNOWN_ZONE" })])
  })

  it("VIS-1 a malformed request or now is a ValidationError naming the path, never a throw", () => {
    const bad = { ...request(), durationMinutes: 0 } as Appointment.AppointmentRequest
    const error = left(Appointment.book(policy, bad, technician(), [], NOW))
    expect(error._tag).toBe("ValidationError")
    expect((error as Errors.ValidationError).issues[0]?.path).toEqual([
      "request",
      "durationMinutes",
    ])
    const badNow = left(Appointment.book(policy, request(), technician(), [], Number.NaN))
    expect((badNow as Errors.ValidationError).issues[0]?.path).toEqual(["now"])
  })

  it("VIS-1 preferred windows must end after they start and be real date-times", () => {
    const decode = Errors.decodeEither(Appointment.PreferredWindow)
    expect(Either.isLeft(decode({ start: "2024-06-11T12:00", end: "2024-06-11T09:00" }))).toBe(true)
    expect(Either.isLeft(decode({ start: "2024-02-30T09:00", end: "2024-03-01T09:00" }))).toBe(true)
    expect(Either.isLeft(decode({ start: "2024-06-11T24:00", end: "2024-06-12T01:00" }))).toBe(true)
    expect(Either.isRight(decode({ start: "2024-06-11T22:00", end: "2024-06-12T02:00" }))).toBe(
      true,
    )
  })
})

describe("Appointment: a slot picked by hand (VIS-1)", () => {
  it("VIS-1 validateSlot returns every violation of a hand-picked slot", () => {
    const evening = booked("apt_evening", paris(10, 16), paris(10, 18))
    // Monday 10 June 17:00–18:30 in Paris, booked on Monday 09:00 UTC with a 24-hour lead.
    const slot = { start: paris(10, 17), end: paris(10, 18, 30) }
    const codes = Appointment.validateSlot(
      policy,
      request({ durationMinutes: 120, dueBy: paris(10, 18) }),
      technician(),
      [evening],
      slot,
      Date.UTC(2024, 5, 10, 9),
    ).map((violation) => violation.code)
    expect(codes).toEqual([
      "SLOT_SHORTER_THAN_DURATION",
      "OUTSIDE_PREFERRED_WINDOW",
      "INSIDE_LEAD_TIME",
      "AFTER_DUE_BY",
      "OUTSIDE_WORKING_TIME",
      "MEAL_TIME",
      "OVERLAPS_BOOKING",
    ])
  })

  it("VIS-1 confirm books a clean hand-picked slot and rejects a bad one with every violation", () => {
    const slot = { start: paris(11, 14), end: paris(11, 15, 30) }
    const appointment = right(Appointment.confirm(policy, request(), technician(), [], slot, NOW))
    expect(appointment.scheduled).toEqual(slot)
    expect(appointment.status).toBe("booked")

    const lunch = { start: paris(11, 12), end: paris(11, 13, 30) }
    const error = bookingError(Appointment.confirm(policy, request(), technician(), [], lunch, NOW))
    expect(error).toMatchObject({ _tag: "BookingError", reason: "SLOT_REJECTED" })
    expect(error.violations?.map((v) => v.code)).toEqual(["MEAL_TIME"])
  })

  it("VIS-1 a slot ending before it starts is a ValidationError", () => {
    const error = left(
      Appointment.confirm(
        policy,
        request(),
        technician(),
        [],
        { start: paris(11, 14), end: paris(11, 13) },
        NOW,
      ),
    )
    expect(error._tag).toBe("ValidationError")
  })
})

describe("Appointment: lifecycle and preparation (VIS-1, VIS-2)", () => {
  const withChecklist = (packed: boolean) =>
    right(
      Appointment.book(
        policy,
        request({
          checklist: [
            { kind: "part", item: "VALVE-22MM", quantity: 2, packed: true },
            { kind: "tool", item: "pipe bender", quantity: 1, packed },
          ],
        }),
        technician(),
        [],
        NOW,
      ),
    )

  it("VIS-2 checkPreparation lists the unpacked items", () => {
    expect(Appointment.checkPreparation(withChecklist(false))).toEqual([
      { kind: "tool", item: "pipe bender", quantity: 1, packed: false },
    ])
    expect(Appointment.checkPreparation(withChecklist(true))).toEqual([])
  })

  it("VIS-2 dispatch is refused while items are unpacked, unless explicitly waived", () => {
    const appointment = withChecklist(false)
    const refused = left(Appointment.transition(appointment, { _tag: "Dispatch" }, NOW + HOUR))
    expect(refused).toBeInstanceOf(Appointment.PreparationIncompleteError)
    expect(refused).toMatchObject({
      appointmentId: appointment.id,
      unpacked: [{ item: "pipe bender" }],
    })
    expect(refused.message).toContain("pipe bender")

    const waiver = { by: Ids.StaffId.make("lead-1"), reason: "bender already on site" }
    const dispatched = right(
      Appointment.transition(appointment, { _tag: "Dispatch", waiver }, NOW + HOUR),
    )
    expect(dispatched.status).toBe("dispatched")
    expect(dispatched.preparationWaiver).toEqual({ ...waiver, at: NOW + HOUR })
  })

  it("VIS-2 the visit records the customer's need, marked personal, and the checklist", () => {
    const appointment = withChecklist(true)
    expect(appointment.need).toBe("The boiler loses pressure every night")
    expect(appointment.checklist).toHaveLength(2)
    const personal = AST.getPropertySignatures(Appointment.Appointment.ast)
      .filter(Personal.isPersonal)
      .map((field) => field.name)
    expect(personal).toEqual(["need"])
  })

  it("VIS-1 the lifecycle runs requested → booked → dispatched → inProgress", () => {
    const requested = right(
      Appointment.book(policy, request(), technician(), [], NOW, { status: "requested" }),
    )
    expect(requested.status).toBe("requested")
    const agreed = right(Appointment.transition(requested, { _tag: "Agree" }, NOW + MINUTE))
    const dispatched = right(Appointment.transition(agreed, { _tag: "Dispatch" }, NOW + 2 * MINUTE))
    const started = right(Appointment.transition(dispatched, { _tag: "Start" }, NOW + 3 * MINUTE))
    expect([agreed.status, dispatched.status, started.status]).toEqual([
      "booked",
      "dispatched",
      "inProgress",
    ])
    expect(started.statusChangedAt).toBe(NOW + 3 * MINUTE)
    const cannot = right(
      Appointment.transition(
        started,
        { _tag: "ReportCannotComplete", reason: "no water supply" },
        NOW + HOUR,
      ),
    )
    expect(cannot).toMatchObject({
      status: "cannotComplete",
      cannotComplete: { at: NOW + HOUR, reason: "no water supply" },
    })
  })

  it("VIS-1 invalid steps fail with InvalidTransitionError and a past instant with ValidationError", () => {
    const appointment = withChecklist(true)
    const start = left(Appointment.transition(appointment, { _tag: "Start" }, NOW + HOUR))
    expect(start).toBeInstanceOf(Errors.InvalidTransitionError)
    expect(start).toMatchObject({ entity: "Appointment", state: "booked", attempted: "Start" })
    const cancelled = right(
      Appointment.transition(
        appointment,
        { _tag: "Cancel", reason: "customer travelling" },
        NOW + HOUR,
      ),
    )
    expect(cancelled.cancellation).toEqual({ at: NOW + HOUR, reason: "customer travelling" })
    expect(left(Appointment.transition(cancelled, { _tag: "Agree" }, NOW + 2 * HOUR))._tag).toBe(
      "InvalidTransitionError",
    )
    const past = left(Appointment.transition(appointment, { _tag: "Dispatch" }, NOW - HOUR))
    expect(past._tag).toBe("ValidationError")
    const unknown = { _tag: "Teleport" } as unknown as Appointment.Event
    expect(left(Appointment.transition(appointment, unknown, NOW + HOUR))).toMatchObject({
      _tag: "InvalidTransitionError",
      attempted: "Teleport",
    })
  })
})

describe("Appointment: packing the checklist (VIS-2)", () => {
  /** Booked with the valve packed and the bender and a same-named part and tool not. */
  const unpacked = () =>
    right(
      Appointment.book(
        policy,
        request({
          checklist: [
            { kind: "part", item: "VALVE-22MM", quantity: 2, packed: true },
            { kind: "tool", item: "pipe bender", quantity: 1, packed: false },
            { kind: "part", item: "TAPE", quantity: 1, packed: false },
            { kind: "tool", item: "TAPE", quantity: 1, packed: false },
          ],
        }),
        technician(),
        [],
        NOW,
      ),
    )
  const everything: ReadonlyArray<Appointment.PackItem> = [
    { item: "pipe bender" },
    { item: "TAPE", kind: "part" },
    { item: "TAPE", kind: "tool" },
  ]

  it("VIS-2 pack then dispatch without waiver succeeds", () => {
    const appointment = unpacked()
    expect(
      left(Appointment.transition(appointment, { _tag: "Dispatch" }, NOW + HOUR)),
    ).toBeInstanceOf(Appointment.PreparationIncompleteError)
    const packed = right(Appointment.pack(appointment, everything, NOW + HOUR))
    expect(Appointment.checkPreparation(packed)).toEqual([])
    const dispatched = right(Appointment.transition(packed, { _tag: "Dispatch" }, NOW + HOUR))
    expect(dispatched.status).toBe("dispatched")
    expect(dispatched.preparationWaiver).toBeUndefined()
  })

  it("VIS-2 pack records when each item was packed; a line packed already stays as it was and packing again changes nothing", () => {
    const appointment = unpacked()
    const once = right(Appointment.pack(appointment, [{ item: "pipe bender" }], NOW + HOUR))
    expect(once.checklist).toEqual([
      appointment.checklist[0],
      { kind: "tool", item: "pipe bender", quantity: 1, packed: true, packedAt: NOW + HOUR },
      appointment.checklist[2],
      appointment.checklist[3],
    ])
    expect(once.status).toBe(appointment.status)
    expect(once.statusChangedAt).toBe(appointment.statusChangedAt)
    const twice = right(
      Appointment.pack(once, [{ item: "pipe bender" }, { item: "VALVE-22MM" }], NOW + 2 * HOUR),
    )
    expect(twice).toEqual(once)
    expect(Schema.is(Appointment.Appointment)(twice)).toBe(true)
  })

  it("VIS-2 packing an item not on the checklist is a ValidationError naming it, and nothing is packed", () => {
    const error = left(
      Appointment.pack(
        unpacked(),
        [{ item: "pipe bender" }, { item: "ladder" }, { item: "VALVE-22MM", kind: "tool" }],
        NOW + HOUR,
      ),
    )
    expect(error).toBeInstanceOf(Errors.ValidationError)
    expect(error._tag === "ValidationError" ? error.issues.map((i) => i.path) : []).toEqual([
      ["items", 1, "item"],
      ["items", 2, "item"],
    ])
    expect(error.message).toContain("ladder is not on the checklist")
    expect(error.message).toContain("tool VALVE-22MM is not on the checklist")
  })

  it("VIS-2 a name shared by a part and a tool is packed only with its kind", () => {
    const appointment = unpacked()
    const error = left(Appointment.pack(appointment, [{ item: "TAPE" }], NOW + HOUR))
    expect(error._tag === "ValidationError" ? error.issues : []).toEqual([
      { path: ["items", 0, "kind"], message: expect.stringContaining("name the kind") },
    ])
    const partOnly = right(
      Appointment.pack(appointment, [{ item: "TAPE", kind: "part" }], NOW + HOUR),
    )
    expect(
      Appointment.checkPreparation(partOnly).map((item) => `${item.kind} ${item.item}`),
    ).toEqual(["tool pipe bender", "tool TAPE"])
  })

  it("VIS-2 items are packed only before dispatch: a requested appointment may be packed, a dispatched one may not", () => {
    const requested = right(
      Appointment.book(
        policy,
        request({ checklist: [{ kind: "tool", item: "pipe bender", quantity: 1, packed: false }] }),
        technician(),
        [],
        NOW,
        { status: "requested" },
      ),
    )
    const packed = right(Appointment.pack(requested, [{ item: "pipe bender" }], NOW + MINUTE))
    expect(packed.status).toBe("requested")
    const waiver = { by: Ids.StaffId.make("lead-1"), reason: "bender already on site" }
    const dispatched = right(
      Appointment.transition(unpacked(), { _tag: "Dispatch", waiver }, NOW + HOUR),
    )
    const refused = left(Appointment.pack(dispatched, [{ item: "pipe bender" }], NOW + 2 * HOUR))
    expect(refused).toBeInstanceOf(Errors.InvalidTransitionError)
    expect(refused).toMatchObject({ entity: "Appointment", state: "dispatched", attempted: "Pack" })
  })

  it("VIS-2 an empty or malformed pack list, or an instant before the last status change, is a ValidationError", () => {
    const appointment = unpacked()
    // the distinct paths named: a literal union may report one issue per member
    const paths = (result: Either.Either<unknown, { readonly _tag: string }>) => {
      const error = left(result)
      if (!(error instanceof Errors.ValidationError)) return error._tag
      return [...new Set(error.issues.map((i) => JSON.stringify(i.path)))].map(
        (path) => JSON.parse(path) as ReadonlyArray<string | number>,
      )
    }
    expect(paths(Appointment.pack(appointment, [], NOW + HOUR))).toEqual([["items"]])
    expect(
      paths(
        Appointment.pack(
          appointment,
          [
            { item: "  " },
            { item: "pipe bender", kind: "van" },
          ] as unknown as ReadonlyArray<Appointment.PackItem>,
          NOW + HOUR,
        ),
      ),
    ).toEqual([
      ["items", 0, "item"],
      ["items", 1, "kind"],
    ])
    expect(paths(Appointment.pack(appointment, everything, NOW - HOUR))).toEqual([["at"]])
  })

  it("VIS-2 addToChecklist adds a missing part before dispatch, and dispatch waits for it until it is packed", () => {
    const appointment = right(Appointment.pack(unpacked(), everything, NOW + HOUR))
    const seal = { kind: "part" as const, item: "SEAL-22MM", quantity: 2, packed: false }
    const withSeal = right(Appointment.addToChecklist(appointment, [seal], NOW + HOUR))
    expect(withSeal.checklist).toEqual([...appointment.checklist, seal])
    expect(left(Appointment.transition(withSeal, { _tag: "Dispatch" }, NOW + HOUR))).toMatchObject({
      _tag: "PreparationIncompleteError",
      unpacked: [seal],
    })
    const ready = right(Appointment.pack(withSeal, [{ item: "SEAL-22MM" }], NOW + 2 * HOUR))
    expect(right(Appointment.transition(ready, { _tag: "Dispatch" }, NOW + 2 * HOUR)).status).toBe(
      "dispatched",
    )
    // a line added packed records when it was added
    const ladder = { kind: "tool" as const, item: "ladder", quantity: 1, packed: true }
    expect(
      right(Appointment.addToChecklist(appointment, [ladder], NOW + HOUR)).checklist.at(-1),
    ).toEqual({ ...ladder, packedAt: NOW + HOUR })
  })

  it("VIS-2 addToChecklist refuses a line already on the checklist or listed twice, and any change after dispatch", () => {
    const appointment = unpacked()
    const valve = { kind: "part" as const, item: "VALVE-22MM", quantity: 1, packed: false }
    const seal = { kind: "part" as const, item: "SEAL-22MM", quantity: 1, packed: false }
    const error = left(Appointment.addToChecklist(appointment, [valve, seal, seal], NOW + HOUR))
    expect(error._tag === "ValidationError" ? error.issues.map((i) => i.path) : []).toEqual([
      ["items", 0, "item"],
      ["items", 2, "item"],
    ])
    // the same name as another kind is another line
    const valveTool = { ...valve, kind: "tool" as const }
    expect(
      right(Appointment.addToChecklist(appointment, [valveTool], NOW + HOUR)).checklist,
    ).toHaveLength(5)
    const waiver = { by: Ids.StaffId.make("lead-1"), reason: "bender already on site" }
    const dispatched = right(
      Appointment.transition(appointment, { _tag: "Dispatch", waiver }, NOW + HOUR),
    )
    expect(left(Appointment.addToChecklist(dispatched, [seal], NOW + 2 * HOUR))).toMatchObject({
      _tag: "InvalidTransitionError",
      attempted: "AddToChecklist",
    })
  })

  it("VIS-2 property: packing every line by kind and item leaves nothing unpacked, keeps the lines and quantities, and dispatch needs no waiver", () => {
    const lineArbitrary = Arbitrary.make(Appointment.PreparationItem).map(
      ({ packedAt: _packedAt, ...line }) => line,
    )
    FastCheck.assert(
      FastCheck.property(
        FastCheck.array(lineArbitrary, { maxLength: 8 }),
        FastCheck.nat(3),
        (checklist, extra) => {
          const appointment = booked("apt_pack", paris(11, 9), paris(11, 10), { checklist })
          const names = checklist.map((line) => ({ item: line.item, kind: line.kind }))
          // asking for some lines more than once changes nothing
          const wanted = [...names, ...names.slice(0, extra)]
          if (wanted.length === 0) return
          const packed = right(Appointment.pack(appointment, wanted, NOW))
          expect(Appointment.checkPreparation(packed)).toEqual([])
          expect(
            packed.checklist.map(({ kind, item, quantity }) => ({ kind, item, quantity })),
          ).toEqual(checklist.map(({ kind, item, quantity }) => ({ kind, item, quantity })))
          for (let i = 0; i < checklist.length; i++)
            if (checklist[i]?.packed === true) expect(packed.checklist[i]).toEqual(checklist[i])
          expect(right(Appointment.transition(packed, { _tag: "Dispatch" }, NOW)).status).toBe(
            "dispatched",
          )
        },
      ),
    )
  })
})

describe("Appointment: second trips (VIS-2)", () => {
  it("VIS-2 a second trip for the same job is counted; a cancelled trip is not", () => {
    const first = right(Appointment.book(policy, request(), technician(), [], NOW))
    expect(first.trip).toBe(1)
    // A second appointment for the job, cancelled before it happened.
    const cancelledBooking = right(Appointment.book(policy, request(), technician(), [first], NOW))
    expect(cancelledBooking).toMatchObject({ trip: 2, id: "visit:repair-778:2" })
    const cancelled = right(
      Appointment.transition(cancelledBooking, { _tag: "Cancel", reason: "part late" }, NOW + HOUR),
    )
    // The job's next trip, with another technician: still the second trip.
    const revisit = right(
      Appointment.book(policy, request(), technician(weekdaysParis, otherTech), [], NOW + HOUR, {
        jobHistory: [first, cancelled],
      }),
    )
    expect(revisit).toMatchObject({ trip: 2, id: "visit:repair-778:3" })

    const elsewhere = booked("apt_other_job", paris(12, 9), paris(12, 10), {
      jobId: Appointment.JobId.make("install-5"),
    })
    const report = Appointment.secondTrips([first, cancelled, revisit, elsewhere, first])
    expect(report).toEqual({
      jobs: [{ jobId: "repair-778", trips: 2, extraTrips: 1, extraTripIds: [revisit.id] }],
      total: 1,
    })
  })

  it("VIS-2 property: the second-trip total is the sum over jobs of non-cancelled trips beyond the first", () => {
    const statuses = Appointment.Status.literals
    FastCheck.assert(
      FastCheck.property(
        FastCheck.array(
          FastCheck.record({
            job: FastCheck.integer({ min: 0, max: 4 }),
            status: FastCheck.constantFrom(...statuses),
            start: FastCheck.integer({ min: 0, max: 1000 }),
          }),
          { maxLength: 30 },
        ),
        (rows) => {
          const appointments = rows.map((row, index) =>
            booked(`apt_${index}`, NOW + row.start * HOUR, NOW + (row.start + 1) * HOUR, {
              jobId: Appointment.JobId.make(`job-${row.job}`),
              status: row.status,
            }),
          )
          const report = Appointment.secondTrips(appointments)
          const perJob = new Map<string, number>()
          for (const row of rows)
            if (row.status !== "cancelled")
              perJob.set(`job-${row.job}`, (perJob.get(`job-${row.job}`) ?? 0) + 1)
          let expected = 0
          for (const trips of perJob.values()) expected += Math.max(0, trips - 1)
          expect(report.total).toBe(expected)
          expect(report.jobs.reduce((sum, job) => sum + job.extraTripIds.length, 0)).toBe(expected)
        },
      ),
    )
  })
})

describe("Appointment: the visit policy", () => {
  it("VIS-4 a policy cannot drop the sign-off or the feedback card", () => {
    const error = left(Appointment.makePolicy({ version: 2, completionRequires: ["feedbackCard"] }))
    expect(error.issues.map((issue) => issue.path)).toEqual([["completionRequires"]])
    expect(error.message).toContain("VIS-4")
  })

  it("VIS-5 a policy cannot accept cash", () => {
    const error = left(
      Appointment.makePolicy({
        version: 2,
        acceptedPaymentMethods: ["cash"] as unknown as ReadonlyArray<"card">,
      }),
    )
    expect(error.message).toContain("VIS-5")
  })

  it("VIS-3 the default conduct checklist covers each VIS-3 item and ids are unique", () => {
    expect(policy.conduct.map((item) => item.id)).toEqual([
      "property-with-permission",
      "no-gifts",
      "meal-times-avoided",
      "site-cleaned",
      "waste-agreed",
      "left-in-sight",
    ])
    const duplicate = left(
      Appointment.makePolicy({
        version: 2,
        conduct: [
          { id: "no-gifts", label: "No gift", blocking: false },
          { id: "no-gifts", label: "No present", blocking: true },
        ],
      }),
    )
    expect(duplicate.issues[0]?.path).toEqual(["conduct", 1, "id"])
  })

  it("VIS-1 the slot alignment must divide a day", () => {
    expect(Either.isLeft(Appointment.makePolicy({ version: 2, slotAlignmentMinutes: 7 }))).toBe(
      true,
    )
    expect(Either.isRight(Appointment.makePolicy({ version: 2, slotAlignmentMinutes: 30 }))).toBe(
      true,
    )
  })
})

// ---------------------------------------------------------------------------
// properties of booking
// ---------------------------------------------------------------------------

const QUARTER = 15 * MINUTE
const WEEK_START = Civil.dayNumberOf(2024, 3, 25) // a week holding the spring-forward Sunday

const localText = (local: number): string => {
  const day = Math.floor(local / DAY)
  const minutes = Math.floor((local - day * DAY) / MINUTE)
  const hh = String(Math.floor(minutes / 60)).padStart(2, "0")
  const mm = String(minutes % 60).padStart(2, "0")
  return `${Civil.format(day)}T${hh}:${mm}`
}

/** The wall-clock text of an instant in a zone, read with `Intl` (independent of the module). */
const wallClockText = (instant: number, timeZone: string): string => {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
  }).formatToParts(instant)
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? ""
  return `${part("year")}-${part("month")}-${part("day")}T${part("hour")}:${part("minute")}`
}

const hoursArbitrary = FastCheck.oneof(
  FastCheck.constant([] as Array<{ start: string; end: string }>),
  FastCheck.uniqueArray(FastCheck.integer({ min: 0, max: 96 }), { minLength: 2, maxLength: 4 }).map(
    (quarters) => {
      const sorted = [...quarters].sort((a, b) => a - b)
      const time = (quarter: number) =>
        quarter === 96
          ? "24:00"
          : `${String(Math.floor(quarter / 4)).padStart(2, "0")}:${String((quarter % 4) * 15).padStart(2, "0")}`
      const ranges: Array<{ start: string; end: string }> = []
      for (let i = 0; i + 1 < sorted.length; i += 2)
        ranges.push({ start: time(sorted[i] as number), end: time(sorted[i + 1] as number) })
      return ranges
    },
  ),
)

const scenario = FastCheck.record({
  customerZone: FastCheck.constantFrom(
    "UTC",
    "Europe/Paris",
    "Asia/Tokyo",
    "America/New_York",
    "Asia/Kolkata",
  ),
  technicianZone: FastCheck.constantFrom("UTC", "Europe/Paris", "America/New_York"),
  weekly: FastCheck.array(hoursArbitrary, { minLength: 7, maxLength: 7 }),
  windows: FastCheck.array(
    FastCheck.record({
      startQuarter: FastCheck.integer({ min: 0, max: 7 * 96 }),
      lengthQuarters: FastCheck.integer({ min: 1, max: 3 * 96 }),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  durationMinutes: FastCheck.integer({ min: 1, max: 48 }).map((fives) => fives * 5),
  leadHours: FastCheck.integer({ min: 0, max: 48 }),
  nowMinutes: FastCheck.integer({ min: 0, max: 2 * 24 * 60 }),
  busy: FastCheck.array(
    FastCheck.record({
      startMinutes: FastCheck.integer({ min: 0, max: 9 * 24 * 60 }),
      minutes: FastCheck.integer({ min: 10, max: 300 }),
      other: FastCheck.boolean(),
      cancelled: FastCheck.boolean(),
    }),
    { maxLength: 6 },
  ),
})

describe("Appointment: booking properties", () => {
  it("VIS-1 property: a booked appointment lies inside a customer window, inside working time and outside other bookings, and is the earliest such quarter-hour slot", () => {
    FastCheck.assert(
      FastCheck.property(scenario, (s) => {
        const calendar = WorkingCalendar.make({
          timeZone: s.technicianZone,
          weekly: Object.fromEntries(
            WorkingCalendar.weekdayNames.map((day, index) => [day, s.weekly[index] ?? []]),
          ),
        })
        const testPolicy = right(
          Appointment.makePolicy({ version: 9, minimumLeadMinutes: s.leadHours * 60 }),
        )
        const base = WEEK_START * DAY
        const now = base - DAY + s.nowMinutes * MINUTE
        const req = request({
          zone: s.customerZone,
          durationMinutes: s.durationMinutes,
          preferred: s.windows.map((w) => ({
            start: localText(base + w.startQuarter * QUARTER),
            end: localText(base + (w.startQuarter + w.lengthQuarters) * QUARTER),
          })),
        })
        const existing = s.busy.map((b, index) =>
          booked(
            `apt_busy_${index}`,
            base + b.startMinutes * MINUTE,
            base + (b.startMinutes + b.minutes) * MINUTE,
            {
              technicianId: b.other ? otherTech : tech,
              status: b.cancelled ? "cancelled" : "booked",
            },
          ),
        )
        const who = technician(calendar)
        const result = Appointment.book(testPolicy, req, who, existing, now)
        const duration = s.durationMinutes * MINUTE
        const clean = (start: number) =>
          Appointment.validateSlot(
            testPolicy,
            req,
            who,
            existing,
            { start, end: start + duration },
            now,
          ).length === 0

        // Every zone here has offsets in whole quarter hours, so the customer's
        // quarter-hour grid is the UTC one.
        const firstCandidate = Math.ceil(now / QUARTER) * QUARTER
        if (Either.isRight(result)) {
          const appointment = result.right
          const { start, end } = appointment.scheduled
          expect(end - start).toBe(duration)
          expect(start % QUARTER).toBe(0)
          expect(
            Appointment.validateSlot(testPolicy, req, who, existing, appointment.scheduled, now),
          ).toEqual([])
          // Inside one of the customer's windows, inside working time, apart from other bookings.
          const localStart = wallClockText(start, s.customerZone)
          const localEnd = wallClockText(end, s.customerZone)
          expect(
            req.preferred.some(
              (w) =>
                w.start <= localStart &&
                // A window end in the spring-forward gap resolves an hour later.
                (localEnd <= w.end ||
                  (s.customerZone === "Europe/Paris" && w.end.startsWith("2024-03-31T02:"))),
            ),
          ).toBe(true)
          expect(Either.getOrThrow(BusinessTime.elapsed(calendar, start, end))).toBe(duration)
          for (const other of existing)
            if (other.technicianId === tech && other.status !== "cancelled")
              expect(other.scheduled.end <= start || end <= other.scheduled.start).toBe(true)
          expect(start).toBeGreaterThanOrEqual(now + s.leadHours * HOUR)
          expect(Schema.is(Appointment.Appointment)(appointment)).toBe(true)
          // The earliest: no clean quarter-hour start before it.
          for (let t = firstCandidate; t < start; t += QUARTER) expect(clean(t)).toBe(false)
        } else {
          expect(result.left._tag).toBe("BookingError")
          const lastEnd = base + 11 * DAY
          for (let t = firstCandidate; t < lastEnd; t += QUARTER) expect(clean(t)).toBe(false)
        }
      }),
      { numRuns: 60 },
    )
  })
})
