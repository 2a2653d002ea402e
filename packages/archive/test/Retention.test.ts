import { Civil, Errors, Ids, Period } from "@clientele/core"
import * as Arbitrary from "effect/Arbitrary"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import * as Schema from "effect/Schema"
import { describe, expect, it } from "vitest"
import * as Retention from "../src/Retention.js"

const right = <A, E>(result: Either.Either<A, E>): A => {
  if (Either.isLeft(result)) throw new Error(`expected Right, got ${String(result.left)}`)
  return result.right
}

const left = <A, E>(result: Either.Either<A, E>): E => {
  if (Either.isRight(result)) throw new Error("expected Left")
  return result.left
}

const UTC = Period.TimeZone.make("UTC")
const BERLIN = Period.TimeZone.make("Europe/Berlin")
const counsel = Ids.StaffId.make("counsel-1")
const agent = Ids.StaffId.make("agent-7")
const date = (text: string) => Period.CivilDate.make(text)
/** The first instant of a civil day in UTC. */
const startOf = (text: string) => (Civil.parse(text) ?? Number.NaN) * Civil.dayMs

const schedule = (overrides: Partial<Retention.Schedule> & { id: string }): Retention.Schedule => ({
  recordType: "invoice",
  kind: "retention",
  trigger: { kind: "created" },
  retainFor: { years: 10 },
  countFrom: "triggerDate",
  action: "anonymise",
  legalBasis: "AO § 147",
  zone: UTC,
  ...overrides,
})

const policyOf = (
  schedules: ReadonlyArray<Retention.Schedule>,
  extra: Partial<Retention.Policy> = {},
): Retention.Policy => right(Retention.makePolicy({ version: 3, schedules, ...extra }))

const invoice = (overrides: Partial<Retention.RecordFacts> = {}): Retention.RecordFacts => ({
  id: "inv_1",
  type: "invoice",
  subjectIds: ["cus_42"],
  customerClass: "A",
  dates: { created: date("2020-03-15") },
  ...overrides,
})

const hold = (overrides: Partial<Retention.LegalHold> & { id: string }): Retention.LegalHold => ({
  scope: { subjectIds: ["cus_42"] },
  reason: "dispute over the 2020 delivery",
  placedBy: counsel,
  placedAt: Date.UTC(2021, 0, 1),
  mode: "governance",
  ...overrides,
})

const evaluate = (
  record: Retention.RecordFacts,
  policy: Retention.Policy,
  holds: ReadonlyArray<Retention.LegalHold>,
  now: number,
) => right(Retention.evaluateRetention(record, policy, holds, now))

const sweep = (
  records: ReadonlyArray<Retention.RecordFacts>,
  policy: Retention.Policy,
  holds: ReadonlyArray<Retention.LegalHold>,
  now: number,
) => right(Retention.sweepPlan(records, policy, holds, now))

const dueOf = (evaluation: Retention.Evaluation): number | undefined =>
  evaluation.state === "active" ||
  evaluation.state === "held" ||
  evaluation.state === "dueForDisposal"
    ? evaluation.disposalDueAt
    : undefined

const refusal = (error: Errors.ValidationError | Retention.HoldReleaseError) => {
  if (error._tag !== "HoldReleaseError") throw new Error(`expected a refusal, got ${error.message}`)
  return error
}

const invalid = (error: Errors.ValidationError | Retention.HoldReleaseError) => {
  if (error._tag !== "ValidationError")
    throw new Error(`expected invalid input, got ${error.message}`)
  return error
}

const release = (
  target: Retention.LegalHold,
  at: number,
  policy: Retention.Policy,
  roles: ReadonlyArray<string> = ["legal"],
) => Retention.releaseHold(target, { by: counsel, at, roles }, policy)

describe("Retention.coarsenInstant", () => {
  it("ARC-4 an instant moves to the first instant of its day, month or year in the zone, across DST", () => {
    // 30 March 2025, 01:30 UTC is 03:30 summer time in Berlin, the day clocks went forward.
    const instant = Date.UTC(2025, 2, 30, 1, 30)
    expect(Retention.coarsenInstant(instant, "day", "Europe/Berlin")).toBe(
      Date.UTC(2025, 2, 29, 23),
    )
    expect(Retention.coarsenInstant(instant, "month", "Europe/Berlin")).toBe(
      Date.UTC(2025, 1, 28, 23),
    )
    expect(Retention.coarsenInstant(instant, "year", "Europe/Berlin")).toBe(
      Date.UTC(2024, 11, 31, 23),
    )
    expect(Retention.coarsenInstant(instant, "month", "UTC")).toBe(Date.UTC(2025, 2, 1))
    // New Year's Eve in New York is already 1 January in UTC: the local year counts.
    expect(Retention.coarsenInstant(Date.UTC(2025, 0, 1, 3), "year", "America/New_York")).toBe(
      Date.UTC(2024, 0, 1, 5),
    )
  })

  it("ARC-4 a schedule may say how finely an anonymised record keeps its dates; anything else is refused", () => {
    expect(Schema.is(Retention.Schedule)(schedule({ id: "s", coarsenDates: "month" }))).toBe(true)
    expect(Schema.is(Retention.Schedule)({ ...schedule({ id: "s" }), coarsenDates: "week" })).toBe(
      false,
    )
  })
})

describe("Retention: schedules and time", () => {
  const leads = schedule({
    id: "lead-cleanup",
    recordType: "lead",
    kind: "deletion",
    trigger: { kind: "lastActivity" },
    retainFor: { years: 3 },
    action: "delete",
    legalBasis: "GDPR Art. 5(1)(e)",
  })
  const lead = (lastActivity: Retention.RecordDate): Retention.RecordFacts => ({
    id: "lead_1",
    type: "lead",
    subjectIds: ["cus_9"],
    dates: { lastActivity },
  })

  it("ARC-4 a record is active until its schedule's period ends, then due with the schedule's action", () => {
    const policy = policyOf([leads])
    const active = evaluate(lead(date("2020-03-15")), policy, [], startOf("2023-03-15"))
    expect(active).toMatchObject({
      state: "active",
      appliedScheduleId: "lead-cleanup",
      action: "delete",
      disposalDueAt: startOf("2023-03-16"),
      policyVersion: 3,
    })
    // The trigger day is not counted: three years end at the end of 2023-03-15.
    const due = evaluate(lead(date("2020-03-15")), policy, [], startOf("2023-03-16"))
    expect(due).toMatchObject({
      state: "dueForDisposal",
      action: "delete",
      appliedScheduleId: "lead-cleanup",
      legalBasis: "GDPR Art. 5(1)(e)",
    })
    expect(due.explanation.join("\n")).toContain("lead-cleanup")
    expect(due.explanation.join("\n")).toContain("GDPR Art. 5(1)(e)")
  })

  it("ARC-4 10 years from the end of the calendar year vs 10 years from the trigger date", () => {
    const fromDate = schedule({ id: "from-date", countFrom: "triggerDate" })
    const fromYearEnd = schedule({ id: "from-year-end", countFrom: "endOfCalendarYear" })
    const record = invoice({ dates: { created: date("2020-03-15") } })
    expect(dueOf(evaluate(record, policyOf([fromDate]), [], 0))).toBe(startOf("2030-03-16"))
    expect(dueOf(evaluate(record, policyOf([fromYearEnd]), [], 0))).toBe(startOf("2031-01-01"))
    // Any date of 2020 gives the same year-end date.
    const lateInYear = invoice({ dates: { created: date("2020-12-31") } })
    expect(dueOf(evaluate(lateInYear, policyOf([fromYearEnd]), [], 0))).toBe(startOf("2031-01-01"))
    expect(dueOf(evaluate(lateInYear, policyOf([fromDate]), [], 0))).toBe(startOf("2031-01-01"))
  })

  it("ARC-4 leap years: a trigger on 29 February plus one year ends on 28 February, due 1 March", () => {
    const oneYear = policyOf([schedule({ id: "one-year", retainFor: { years: 1 } })])
    const leapDay = invoice({ dates: { created: date("2024-02-29") } })
    expect(dueOf(evaluate(leapDay, oneYear, [], 0))).toBe(startOf("2025-03-01"))
    expect(evaluate(leapDay, oneYear, [], startOf("2025-02-28")).state).toBe("active")
    expect(evaluate(leapDay, oneYear, [], startOf("2025-03-01")).state).toBe("dueForDisposal")
    // Into a leap year: 28 February 2023 plus a year ends on 28 February 2024, due on the leap day.
    const beforeLeap = invoice({ dates: { created: date("2023-02-28") } })
    expect(dueOf(evaluate(beforeLeap, oneYear, [], 0))).toBe(startOf("2024-02-29"))
    // Four years from a leap day land on a leap day again.
    const fourYears = policyOf([schedule({ id: "four-years", retainFor: { years: 4 } })])
    expect(dueOf(evaluate(leapDay, fourYears, [], 0))).toBe(startOf("2028-03-01"))
  })

  it("ARC-4 calendar-day cut-off at midnight in the policy's zone vs UTC", () => {
    // 23:30 UTC on 14 March is already 15 March in Berlin.
    const created = Date.UTC(2024, 2, 14, 23, 30)
    const record = invoice({ dates: { created } })
    const inUtc = policyOf([schedule({ id: "utc", retainFor: { years: 1 }, zone: UTC })])
    const inBerlin = policyOf([schedule({ id: "berlin", retainFor: { years: 1 }, zone: BERLIN })])
    expect(dueOf(evaluate(record, inUtc, [], 0))).toBe(Date.UTC(2025, 2, 15))
    // Midnight of 16 March in Berlin (UTC+1 in March 2025) is 23:00 UTC on 15 March.
    expect(dueOf(evaluate(record, inBerlin, [], 0))).toBe(Date.UTC(2025, 2, 15, 23))
    const noon = Date.UTC(2025, 2, 15, 12)
    expect(evaluate(record, inUtc, [], noon).state).toBe("dueForDisposal")
    expect(evaluate(record, inBerlin, [], noon).state).toBe("active")
    expect(evaluate(record, inBerlin, [], Date.UTC(2025, 2, 15, 23)).state).toBe("dueForDisposal")
    expect(evaluate(record, inBerlin, [], Date.UTC(2025, 2, 15, 22, 59)).state).toBe("active")
  })

  it("ARC-4 the cut-off follows the zone's daylight saving time (midnight CEST is 22:00 UTC)", () => {
    const record = invoice({ dates: { created: date("2024-07-01") } })
    const inBerlin = policyOf([schedule({ id: "berlin", retainFor: { days: 30 }, zone: BERLIN })])
    expect(dueOf(evaluate(record, inBerlin, [], 0))).toBe(Date.UTC(2024, 6, 31, 22))
  })

  it("ARC-4 a missing trigger date keeps the record: the clock has not started", () => {
    const afterContract = policyOf([
      schedule({ id: "contract", trigger: { kind: "contractEnd" }, retainFor: { years: 6 } }),
    ])
    const running = evaluate(invoice(), afterContract, [], Date.UTC(2090, 0, 1))
    expect(running).toMatchObject({ state: "active", awaitingTrigger: "contractEnd" })
    expect(dueOf(running)).toBeUndefined()
    const ended = invoice({
      dates: { created: date("2020-03-15"), contractEnd: date("2022-06-30") },
    })
    expect(dueOf(evaluate(ended, afterContract, [], 0))).toBe(startOf("2028-07-01"))
  })

  it("ARC-4 a named event date starts the clock of an event schedule", () => {
    const warranty = policyOf([
      schedule({
        id: "warranty",
        recordType: "return",
        kind: "deletion",
        trigger: { kind: "event", event: "warrantyEnd" },
        retainFor: { months: 6 },
        action: "delete",
      }),
    ])
    const record: Retention.RecordFacts = {
      id: "ret_1",
      type: "return",
      subjectIds: [],
      dates: { created: date("2020-01-10"), warrantyEnd: date("2022-08-31") },
    }
    // 31 August + 6 months: February has no 31st, so the period ends on 28 February.
    expect(dueOf(evaluate(record, warranty, [], 0))).toBe(startOf("2023-03-01"))
  })

  it("ARC-4 a record type without a schedule is reported, kept and skipped by the sweep", () => {
    const policy = policyOf([leads])
    const note: Retention.RecordFacts = { id: "note_1", type: "note", subjectIds: [], dates: {} }
    const evaluation = evaluate(note, policy, [], Date.UTC(2030, 0, 1))
    expect(evaluation.state).toBe("unscheduled")
    expect(evaluation.explanation.join(" ")).toContain("note")
    expect(sweep([note], policy, [], Date.UTC(2030, 0, 1))).toEqual({
      policyVersion: 3,
      at: Date.UTC(2030, 0, 1),
      disposals: [],
      skipped: [{ recordId: "note_1", reason: "noSchedule" }],
    })
  })

  it("ARC-4 a schedule for another customer class does not apply", () => {
    const classB = policyOf([schedule({ id: "class-b", customerClass: "B" })])
    expect(evaluate(invoice({ customerClass: "A" }), classB, [], 0).state).toBe("unscheduled")
    expect(evaluate(invoice({ customerClass: "B" }), classB, [], 0).state).toBe("active")
  })
})

describe("Retention: configuration errors", () => {
  it("ARC-4 retainFor shorter than minimumByLaw is a configuration error naming the field", () => {
    const error = left(
      Retention.makePolicy({
        version: 1,
        schedules: [
          schedule({ id: "ok", minimumByLaw: { years: 10 } }),
          schedule({ id: "too-short", retainFor: { years: 6 }, minimumByLaw: { years: 10 } }),
        ],
      }),
    )
    expect(error._tag).toBe("ValidationError")
    expect(error.issues.map((issue) => issue.path)).toEqual([["schedules", 1, "retainFor"]])
    expect(error.message).toContain("minimumByLaw")
  })

  it("ARC-4 minimumByLaw compares mixed durations exactly: 11 months + 30 days may fall short of a year", () => {
    const attempt = (retainFor: Retention.Duration) =>
      Retention.makePolicy({
        version: 1,
        schedules: [schedule({ id: "mixed", retainFor, minimumByLaw: { years: 1 } })],
      })
    // From 31 January, 11 months end on 31 December and 30 more days on 30 January: short.
    expect(left(attempt({ months: 11, days: 30 })).issues[0]?.path).toEqual([
      "schedules",
      0,
      "retainFor",
    ])
    // 11 months and 31 days always reach the anniversary.
    expect(Either.isRight(attempt({ months: 11, days: 31 }))).toBe(true)
    expect(Either.isRight(attempt({ days: 366 }))).toBe(true)
    expect(Either.isLeft(attempt({ days: 365 }))).toBe(true)
  })

  it("ARC-4 bad input gives typed errors naming each path", () => {
    const policy = policyOf([schedule({ id: "tax" })])
    const error = left(
      Retention.evaluateRetention(
        { ...invoice(), id: "", dates: { created: "2023-02-29" as Period.CivilDate } },
        policy,
        [hold({ id: "h1", scope: {} })],
        Number.NaN,
      ),
    )
    expect(error._tag).toBe("ValidationError")
    const paths = error.issues.map((issue) => issue.path.join("."))
    expect(paths).toEqual(
      expect.arrayContaining(["record.id", "record.dates.created", "holds.0.scope", "now"]),
    )
    const policyErrors = left(
      Retention.makePolicy({
        version: 0,
        schedules: [
          schedule({ id: "a", zone: "Mars/Olympus" as Period.TimeZone }),
          schedule({ id: "a", retainFor: {} }),
        ],
        precedence: ["longestRetentionWins", "longestRetentionWins"],
      }),
    )
    expect(policyErrors.issues.map((issue) => issue.path.join("."))).toEqual(
      expect.arrayContaining(["version", "schedules.0.zone", "schedules.1.retainFor"]),
    )
    const duplicates = left(
      Retention.makePolicy({
        version: 1,
        schedules: [schedule({ id: "a" }), schedule({ id: "a" })],
        precedence: ["longestRetentionWins", "longestRetentionWins"],
      }),
    )
    expect(duplicates.issues.map((issue) => issue.path.join("."))).toEqual([
      "schedules.1.id",
      "precedence.1",
    ])
    const twice = left(Retention.sweepPlan([invoice(), invoice()], policy, [], 0))
    expect(twice.issues.map((issue) => issue.path.join("."))).toEqual(["records.1.id"])
  })

  it("ARC-4 a compliance hold needs its until; a release needs both who and when", () => {
    const noUntil = Schema.decodeUnknownEither(Retention.LegalHold)(
      hold({ id: "c1", mode: "compliance" }),
    )
    expect(Either.isLeft(noUntil)).toBe(true)
    const halfReleased = Schema.decodeUnknownEither(Retention.LegalHold)(
      hold({ id: "g1", releasedAt: Date.UTC(2022, 0, 1) }),
    )
    expect(Either.isLeft(halfReleased)).toBe(true)
  })
})

describe("Retention: the precedence table", () => {
  const deleteAfter3 = schedule({
    id: "delete-3y",
    kind: "deletion",
    retainFor: { years: 3 },
    action: "delete",
    legalBasis: "GDPR Art. 5(1)(e)",
  })
  const retain5 = schedule({ id: "retain-5y", retainFor: { years: 5 }, action: "review" })

  it('ARC-4 "delete after 3 y" + "retain 5 y" on the same record ⇒ retained 5 y', () => {
    const policy = policyOf([deleteAfter3, retain5])
    const evaluation = evaluate(invoice(), policy, [], startOf("2024-01-01"))
    expect(evaluation).toMatchObject({
      state: "active",
      appliedScheduleId: "retain-5y",
      action: "review",
      disposalDueAt: startOf("2025-03-16"),
    })
    expect(evaluation.explanation.join("\n")).toContain(
      "precedence 1, retentionBeatsDeletion: sets aside delete-3y",
    )
    // Listing the deletion first or last does not matter.
    expect(evaluate(invoice(), policyOf([retain5, deleteAfter3]), [], 0)).toMatchObject({
      appliedScheduleId: "retain-5y",
    })
  })

  it("ARC-4 two deletions ⇒ the shortest wins, but only when no retention applies", () => {
    const deleteAfter2 = schedule({ ...deleteAfter3, id: "delete-2y", retainFor: { years: 2 } })
    const deletions = policyOf([deleteAfter3, deleteAfter2])
    expect(evaluate(invoice(), deletions, [], 0)).toMatchObject({
      appliedScheduleId: "delete-2y",
      disposalDueAt: startOf("2022-03-16"),
    })
    const withRetention = policyOf([deleteAfter3, deleteAfter2, retain5])
    expect(evaluate(invoice(), withRetention, [], 0)).toMatchObject({
      appliedScheduleId: "retain-5y",
      disposalDueAt: startOf("2025-03-16"),
    })
  })

  it("ARC-4 the longest retention wins among retentions", () => {
    const retain10 = schedule({ id: "retain-10y", retainFor: { years: 10 } })
    const policy = policyOf([retain5, retain10])
    expect(evaluate(invoice(), policy, [], 0)).toMatchObject({ appliedScheduleId: "retain-10y" })
  })

  it("ARC-4 explicit beats implicit: a schedule for the customer's class beats one for the whole type", () => {
    const deleteAfter2ForA = schedule({
      ...deleteAfter3,
      id: "delete-4y-class-a",
      customerClass: "A",
      retainFor: { years: 4 },
    })
    const policy = policyOf([deleteAfter3, deleteAfter2ForA])
    expect(evaluate(invoice({ customerClass: "A" }), policy, [], 0)).toMatchObject({
      appliedScheduleId: "delete-4y-class-a",
    })
    expect(evaluate(invoice({ customerClass: "B" }), policy, [], 0)).toMatchObject({
      appliedScheduleId: "delete-3y",
    })
  })

  it("ARC-4 the table is data: reordering or dropping principles changes the outcome", () => {
    const retain10 = schedule({ id: "retain-10y", retainFor: { years: 10 } })
    const retain6ForA = schedule({
      id: "retain-6y-class-a",
      retainFor: { years: 6 },
      customerClass: "A",
    })
    const purview = policyOf([retain10, retain6ForA])
    expect(evaluate(invoice(), purview, [], 0)).toMatchObject({ appliedScheduleId: "retain-10y" })
    const explicitFirst = policyOf([retain10, retain6ForA], {
      precedence: ["explicitBeatsImplicit", "longestRetentionWins"],
    })
    expect(evaluate(invoice(), explicitFirst, [], 0)).toMatchObject({
      appliedScheduleId: "retain-6y-class-a",
      disposalDueAt: startOf("2026-03-16"),
    })
    // A table without the retention principles lets an explicit deletion govern.
    const deleteForA = schedule({ ...deleteAfter3, id: "delete-3y-class-a", customerClass: "A" })
    const storageFirst = policyOf([retain5, deleteForA], {
      precedence: ["explicitBeatsImplicit", "shortestDeletionWins"],
    })
    expect(evaluate(invoice(), storageFirst, [], 0)).toMatchObject({
      appliedScheduleId: "delete-3y-class-a",
      action: "delete",
    })
    expect(evaluate(invoice(), policyOf([retain5, deleteForA]), [], 0)).toMatchObject({
      appliedScheduleId: "retain-5y",
    })
  })

  it("ARC-4 no table can undercut a statutory minimum of an applicable schedule", () => {
    const tax = schedule({
      id: "tax",
      kind: "deletion",
      retainFor: { years: 10 },
      minimumByLaw: { years: 10 },
      action: "anonymise",
    })
    const deleteForA = schedule({ ...deleteAfter3, id: "delete-3y-class-a", customerClass: "A" })
    const policy = policyOf([tax, deleteForA])
    const evaluation = evaluate(invoice(), policy, [], startOf("2025-01-01"))
    expect(evaluation).toMatchObject({
      state: "active",
      appliedScheduleId: "delete-3y-class-a",
      disposalDueAt: startOf("2030-03-16"),
    })
    expect(evaluation.explanation.join("\n")).toContain("statutory minimum of tax")
  })
})

describe("Retention: legal holds", () => {
  const tax = schedule({ id: "tax", retainFor: { years: 3 }, action: "delete" })
  const policy = policyOf([tax])
  const due = startOf("2023-03-16")

  it("ARC-4 hold placed after disposal became due but before the sweep runs: nothing is disposed", () => {
    const late = hold({ id: "late", placedAt: due + 86_400_000 })
    const sweepAt = due + 2 * 86_400_000
    // Planned before the hold, the record was due; the sweep re-checks when it runs.
    expect(sweep([invoice()], policy, [], due).disposals).toHaveLength(1)
    const plan = sweep([invoice()], policy, [late], sweepAt)
    expect(plan.disposals).toEqual([])
    expect(plan.skipped).toEqual([
      { recordId: "inv_1", reason: "held", holdIds: ["late"], dueAt: due },
    ])
  })

  it("ARC-4 release ⇒ disposal resumes on the original clock, not a restarted one", () => {
    const placed = hold({ id: "h1", placedAt: Date.UTC(2022, 0, 1) })
    const released = right(release(placed, Date.UTC(2024, 5, 1), policy))
    const whileHeld = evaluate(invoice(), policy, [released], Date.UTC(2024, 0, 1))
    expect(whileHeld).toMatchObject({ state: "held", holdIds: ["h1"], disposalDueAt: due })
    const after = evaluate(invoice(), policy, [released], Date.UTC(2024, 5, 1))
    expect(after).toMatchObject({ state: "dueForDisposal", disposalDueAt: due })
    expect(sweep([invoice()], policy, [released], Date.UTC(2024, 5, 1)).disposals).toEqual([
      {
        recordId: "inv_1",
        action: "delete",
        scheduleId: "tax",
        legalBasis: "AO § 147",
        dueAt: due,
      },
    ])
  })

  it("ARC-4 two overlapping holds, one released: the record is still held", () => {
    const first = right(release(hold({ id: "h1" }), Date.UTC(2024, 0, 1), policy))
    const second = hold({
      id: "h2",
      scope: { recordIds: ["inv_1"] },
      placedAt: Date.UTC(2022, 5, 1),
    })
    const now = Date.UTC(2024, 5, 1)
    expect(evaluate(invoice(), policy, [first, second], now)).toMatchObject({
      state: "held",
      holdIds: ["h2"],
    })
    const both = right(release(second, Date.UTC(2024, 6, 1), policy))
    expect(evaluate(invoice(), policy, [first, both], Date.UTC(2024, 6, 1)).state).toBe(
      "dueForDisposal",
    )
  })

  it("ARC-4 a hold scoped to one record type only holds that type", () => {
    const orders = schedule({
      id: "orders",
      recordType: "order",
      retainFor: { years: 3 },
      action: "delete",
    })
    const both = policyOf([tax, orders])
    const invoicesOnly = hold({ id: "audit", scope: { recordTypes: ["invoice"] } })
    const order: Retention.RecordFacts = { ...invoice(), id: "ord_1", type: "order" }
    const plan = sweep([invoice(), order], both, [invoicesOnly], Date.UTC(2024, 0, 1))
    expect(plan.disposals.map((disposal) => disposal.recordId)).toEqual(["ord_1"])
    expect(plan.skipped).toMatchObject([{ recordId: "inv_1", reason: "held", holdIds: ["audit"] }])
    // Scope dimensions combine: this customer's invoices only.
    const narrow = hold({ id: "narrow", scope: { subjectIds: ["cus_42"], recordTypes: ["order"] } })
    expect(Retention.holdCovers(narrow, invoice())).toBe(false)
    expect(Retention.holdCovers(narrow, order)).toBe(true)
    expect(Retention.holdCovers(narrow, { ...order, subjectIds: ["cus_7"] })).toBe(false)
  })

  it("ARC-4 a governance hold is released early by an authorised role, and by nobody else", () => {
    const governance = hold({ id: "g1", until: Date.UTC(2030, 0, 1) })
    const refused = left(release(governance, Date.UTC(2024, 0, 1), policy, ["support"]))
    expect(refused).toMatchObject({
      _tag: "HoldReleaseError",
      holdId: "g1",
      reason: "notAuthorised",
    })
    const released = right(release(governance, Date.UTC(2024, 0, 1), policy, ["support", "legal"]))
    expect(released).toMatchObject({ releasedBy: counsel, releasedAt: Date.UTC(2024, 0, 1) })
    // Roles are policy data.
    const supportMayRelease = policyOf([tax], { holdReleaseRoles: ["support"] })
    expect(
      Either.isRight(release(governance, Date.UTC(2024, 0, 1), supportMayRelease, ["support"])),
    ).toBe(true)
    expect(refusal(left(release(released, Date.UTC(2024, 1, 1), policy))).reason).toBe(
      "alreadyReleased",
    )
    expect(refusal(left(release(governance, Date.UTC(2020, 0, 1), policy))).reason).toBe(
      "beforePlacement",
    )
  })

  it("ARC-4 a compliance hold is refused before its until, even to an authorised role", () => {
    const until = Date.UTC(2026, 0, 1)
    const compliance = hold({ id: "c1", mode: "compliance", until })
    const early = left(release(compliance, until - 1, policy, ["legal"]))
    expect(early).toMatchObject({ _tag: "HoldReleaseError", reason: "complianceLocked" })
    expect(early.message).toContain("2026-01-01")
    // It does not lapse at until: the record stays held until someone releases it.
    expect(evaluate(invoice(), policy, [compliance], until + 1).state).toBe("held")
    expect(refusal(left(release(compliance, until, policy, ["support"]))).reason).toBe(
      "notAuthorised",
    )
    const released = right(release(compliance, until, policy, ["legal"]))
    expect(evaluate(invoice(), policy, [released], until).state).toBe("dueForDisposal")
  })

  it("ARC-4 a release request with bad input is a ValidationError", () => {
    const error = invalid(
      left(
        Retention.releaseHold(hold({ id: "g1" }), { by: agent, at: -1e20, roles: [""] }, policy),
      ),
    )
    expect(error._tag).toBe("ValidationError")
    expect(error.issues.map((issue) => issue.path.join("."))).toEqual(
      expect.arrayContaining(["request.at", "request.roles.0"]),
    )
  })

  it("ARC-4 the explanation names the holds but never their reason (personal data)", () => {
    const evaluation = evaluate(invoice(), policy, [hold({ id: "h1" })], Date.UTC(2024, 0, 1))
    const text = evaluation.explanation.join("\n")
    expect(text).toContain("h1")
    expect(text).not.toContain("dispute")
  })
})

describe("Retention: sweeps", () => {
  const tax = schedule({ id: "tax", retainFor: { years: 3 }, action: "anonymise" })
  const policy = policyOf([tax])

  it("ARC-4 running a sweep twice after applying it plans nothing new", () => {
    const records = [
      invoice(),
      invoice({ id: "inv_2", dates: { created: date("2023-06-01") } }),
      invoice({ id: "inv_3", subjectIds: ["cus_7"] }),
    ]
    const holds = [hold({ id: "h1", scope: { recordIds: ["inv_3"] } })]
    const now = Date.UTC(2024, 0, 1)
    const first = sweep(records, policy, holds, now)
    expect(first.disposals.map((disposal) => disposal.recordId)).toEqual(["inv_1"])
    const applied = records.map((record) => {
      const disposal = first.disposals.find((planned) => planned.recordId === record.id)
      return disposal === undefined
        ? record
        : { ...record, disposition: { action: disposal.action, at: now } }
    })
    const second = sweep(applied, policy, holds, now + 1)
    expect(second.disposals).toEqual([])
    expect(second.skipped.map((skip) => [skip.recordId, skip.reason])).toEqual([
      ["inv_1", "alreadyDisposed"],
      ["inv_2", "notDue"],
      ["inv_3", "held"],
    ])
    // Deleted records may also simply be left out.
    expect(sweep(applied.slice(1), policy, holds, now + 1).disposals).toEqual([])
  })

  it("ARC-4 no record under an active hold is ever due for disposal in a sweep plan", () => {
    const recordTypes = ["invoice", "order", "lead"] as const
    const subjects = ["cus_1", "cus_2", "cus_3"] as const
    const recordIds = ["r0", "r1", "r2", "r3", "r4", "r5"] as const
    const duration = Arbitrary.make(Retention.Duration)
    const principle = Arbitrary.make(Retention.Principle)
    const instant = FastCheck.integer({ min: Date.UTC(2015, 0, 1), max: Date.UTC(2045, 0, 1) })

    const scheduleArb = FastCheck.record({
      recordType: FastCheck.constantFrom(...recordTypes),
      customerClass: FastCheck.option(FastCheck.constantFrom("A", "B"), { nil: undefined }),
      kind: Arbitrary.make(Schema.Literal("retention", "deletion")),
      trigger: FastCheck.constantFrom<Retention.Trigger>(
        { kind: "created" },
        { kind: "lastActivity" },
        { kind: "event", event: "closed" },
      ),
      retainFor: duration,
      countFrom: Arbitrary.make(Schema.Literal("triggerDate", "endOfCalendarYear")),
      action: Arbitrary.make(Retention.Action),
      zone: FastCheck.constantFrom(UTC, BERLIN, Period.TimeZone.make("Pacific/Auckland")),
    })
    const recordArb = (id: string) =>
      FastCheck.record({
        type: FastCheck.constantFrom(...recordTypes),
        subjectIds: FastCheck.subarray([...subjects]),
        customerClass: FastCheck.option(FastCheck.constantFrom("A", "B"), { nil: undefined }),
        created: instant,
        lastActivity: FastCheck.option(instant, { nil: undefined }),
      }).map(
        (facts): Retention.RecordFacts => ({
          id,
          type: facts.type,
          subjectIds: facts.subjectIds,
          ...(facts.customerClass === undefined ? {} : { customerClass: facts.customerClass }),
          dates: {
            created: facts.created,
            ...(facts.lastActivity === undefined ? {} : { lastActivity: facts.lastActivity }),
          },
        }),
      )
    const scopeArb = FastCheck.record(
      {
        subjectIds: FastCheck.subarray([...subjects], { minLength: 1 }),
        recordTypes: FastCheck.subarray([...recordTypes], { minLength: 1 }),
        recordIds: FastCheck.subarray([...recordIds], { minLength: 1 }),
      },
      { requiredKeys: [] },
    ).filter((scope) => Object.keys(scope).length > 0)
    // A step of the timeline: place a hold, try to release one, or move the clock and sweep.
    const stepArb = FastCheck.oneof(
      FastCheck.record({
        kind: FastCheck.constant("place" as const),
        scope: scopeArb,
        mode: FastCheck.constantFrom("governance" as const, "compliance" as const),
        lockDays: FastCheck.integer({ min: 1, max: 2_000 }),
      }),
      FastCheck.record({
        kind: FastCheck.constant("release" as const),
        which: FastCheck.nat(),
        roles: FastCheck.subarray(["legal", "support"]),
      }),
      FastCheck.record({
        kind: FastCheck.constant("advance" as const),
        days: FastCheck.integer({ min: 0, max: 4_000 }),
      }),
    )

    FastCheck.assert(
      FastCheck.property(
        FastCheck.array(scheduleArb, { maxLength: 5 }),
        FastCheck.uniqueArray(principle, { minLength: 1 }),
        FastCheck.tuple(...recordIds.map(recordArb)),
        instant,
        FastCheck.array(stepArb, { maxLength: 25 }),
        (schedules, precedence, records, start, steps) => {
          const policy = right(
            Retention.makePolicy({
              version: 1,
              schedules: schedules.map((entry, index) => ({
                id: `s${index}`,
                ...(entry.customerClass === undefined
                  ? {}
                  : { customerClass: entry.customerClass }),
                recordType: entry.recordType,
                kind: entry.kind,
                trigger: entry.trigger,
                retainFor: entry.retainFor,
                countFrom: entry.countFrom,
                action: entry.action,
                legalBasis: "test",
                zone: entry.zone,
              })),
              precedence,
            }),
          )
          let now = start
          let holds: Array<Retention.LegalHold> = []
          for (const step of steps) {
            if (step.kind === "place") {
              holds.push({
                id: `h${holds.length}`,
                scope: step.scope,
                reason: "claim",
                placedBy: counsel,
                placedAt: now,
                mode: step.mode,
                ...(step.mode === "compliance" ? { until: now + step.lockDays * 86_400_000 } : {}),
              })
            } else if (step.kind === "release") {
              const target = holds[step.which % Math.max(holds.length, 1)]
              if (target !== undefined) {
                const released = Retention.releaseHold(
                  target,
                  { by: counsel, at: now, roles: step.roles },
                  policy,
                )
                if (Either.isRight(released))
                  holds = holds.map((existing) =>
                    existing.id === target.id ? released.right : existing,
                  )
              }
            } else {
              now += step.days * 86_400_000
            }
            const plan = right(Retention.sweepPlan(records, policy, holds, now))
            for (const disposal of plan.disposals) {
              const record = records.find((candidate) => candidate.id === disposal.recordId)
              // Independent oracle: placed, not released, and every listed scope dimension matches.
              const heldBy = holds.filter(
                (existing) =>
                  record !== undefined &&
                  existing.placedAt <= now &&
                  (existing.releasedAt === undefined || existing.releasedAt > now) &&
                  (existing.scope.subjectIds === undefined ||
                    existing.scope.subjectIds.some((subject) =>
                      record.subjectIds.includes(subject),
                    )) &&
                  (existing.scope.recordTypes === undefined ||
                    existing.scope.recordTypes.includes(record.type)) &&
                  (existing.scope.recordIds === undefined ||
                    existing.scope.recordIds.includes(record.id)),
              )
              expect(heldBy.map((existing) => existing.id)).toEqual([])
              expect(disposal.dueAt).toBeLessThanOrEqual(now)
            }
            // Every compliance hold is still active before its until.
            for (const existing of holds)
              if (
                existing.mode === "compliance" &&
                existing.until !== undefined &&
                now < existing.until
              )
                expect(existing.releasedAt).toBeUndefined()
          }
        },
      ),
      { numRuns: 150 },
    )
  })
})

describe("Retention: the sweep's shortcuts", () => {
  const recordTypes = ["invoice", "order", "lead", "note"] as const
  const subjects = ["cus_1", "cus_2", "cus_3"] as const
  const recordIds = ["r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7"] as const
  const instant = FastCheck.integer({ min: Date.UTC(2015, 0, 1), max: Date.UTC(2045, 0, 1) })
  const recordDate: FastCheck.Arbitrary<Retention.RecordDate> = FastCheck.oneof(
    instant,
    instant.map((at) => Period.CivilDate.make(Civil.format(Math.floor(at / Civil.dayMs)))),
  )

  const scheduleArb = FastCheck.record({
    recordType: FastCheck.constantFrom(...recordTypes.slice(0, 3)),
    customerClass: FastCheck.option(FastCheck.constantFrom("A", "B"), { nil: undefined }),
    kind: FastCheck.constantFrom("retention" as const, "deletion" as const),
    trigger: FastCheck.constantFrom<Retention.Trigger>(
      { kind: "created" },
      { kind: "lastActivity" },
      { kind: "event", event: "closed" },
    ),
    retainFor: Arbitrary.make(Retention.Duration),
    // A floor no longer than retainFor in every component, so the policy is valid.
    minimum: FastCheck.constantFrom("none", "same", "half"),
    countFrom: FastCheck.constantFrom("triggerDate" as const, "endOfCalendarYear" as const),
    action: Arbitrary.make(Retention.Action),
    zone: FastCheck.constantFrom(UTC, BERLIN, Period.TimeZone.make("Pacific/Auckland")),
  })
  const policyArb = FastCheck.tuple(
    FastCheck.array(scheduleArb, { maxLength: 6 }),
    FastCheck.uniqueArray(Arbitrary.make(Retention.Principle), { minLength: 1 }),
  ).map(([schedules, precedence]) =>
    right(
      Retention.makePolicy({
        version: 2,
        precedence,
        schedules: schedules.map(({ minimum, customerClass, ...entry }, index) => {
          const months = (entry.retainFor.years ?? 0) * 12 + (entry.retainFor.months ?? 0)
          const days = entry.retainFor.days ?? 0
          const half = { months: Math.floor(months / 2), days: Math.floor(days / 2) }
          return {
            id: `s${index}`,
            ...entry,
            ...(customerClass === undefined ? {} : { customerClass }),
            ...(minimum === "same" ? { minimumByLaw: entry.retainFor } : {}),
            ...(minimum === "half" ? { minimumByLaw: half } : {}),
            legalBasis: `basis ${index}`,
          }
        }),
      }),
    ),
  )
  const recordArb = (id: string) =>
    FastCheck.record({
      type: FastCheck.constantFrom(...recordTypes),
      // Repeated subjects too: a hold found under two of them still counts once.
      subjectIds: FastCheck.array(FastCheck.constantFrom(...subjects), { maxLength: 3 }),
      customerClass: FastCheck.option(FastCheck.constantFrom("A", "B"), { nil: undefined }),
      created: recordDate,
      lastActivity: FastCheck.option(recordDate, { nil: undefined }),
      closed: FastCheck.option(recordDate, { nil: undefined }),
      disposition: FastCheck.option(
        FastCheck.record({ action: Arbitrary.make(Retention.Action), at: instant }),
        { nil: undefined, freq: 8 },
      ),
    }).map(
      (facts): Retention.RecordFacts => ({
        id,
        type: facts.type,
        subjectIds: facts.subjectIds,
        ...(facts.customerClass === undefined ? {} : { customerClass: facts.customerClass }),
        dates: {
          created: facts.created,
          ...(facts.lastActivity === undefined ? {} : { lastActivity: facts.lastActivity }),
          ...(facts.closed === undefined ? {} : { closed: facts.closed }),
        },
        ...(facts.disposition === undefined ? {} : { disposition: facts.disposition }),
      }),
    )
  const holdArb = (id: string) =>
    FastCheck.record({
      // Empty lists too: a listed but empty dimension does not narrow the hold.
      scope: FastCheck.record(
        {
          subjectIds: FastCheck.subarray([...subjects]),
          recordTypes: FastCheck.subarray([...recordTypes]),
          recordIds: FastCheck.subarray([...recordIds]),
        },
        { requiredKeys: [] },
      ).filter(
        (scope) =>
          (scope.subjectIds?.length ?? 0) +
            (scope.recordTypes?.length ?? 0) +
            (scope.recordIds?.length ?? 0) >
          0,
      ),
      placedAt: instant,
      compliance: FastCheck.boolean(),
      lockDays: FastCheck.integer({ min: 1, max: 3_000 }),
      releasedAfterDays: FastCheck.option(FastCheck.integer({ min: 0, max: 3_000 }), {
        nil: undefined,
      }),
    }).map((entry): Retention.LegalHold => {
      const until = entry.placedAt + entry.lockDays * Civil.dayMs
      const releasedFrom = entry.compliance ? until : entry.placedAt
      return {
        id,
        scope: entry.scope,
        reason: "claim",
        placedBy: counsel,
        placedAt: entry.placedAt,
        mode: entry.compliance ? "compliance" : "governance",
        ...(entry.compliance ? { until } : {}),
        ...(entry.releasedAfterDays === undefined
          ? {}
          : {
              releasedBy: counsel,
              releasedAt: releasedFrom + entry.releasedAfterDays * Civil.dayMs,
            }),
      }
    })

  it("ARC-4 a sweep plans exactly what evaluating each record on its own decides", () => {
    FastCheck.assert(
      FastCheck.property(
        policyArb,
        FastCheck.subarray([...recordIds]).chain((ids) =>
          FastCheck.tuple(...ids.map((id) => recordArb(id))),
        ),
        FastCheck.integer({ min: 0, max: 6 }).chain((n) =>
          FastCheck.tuple(...Array.from({ length: n }, (_, i) => holdArb(`h${i}`))),
        ),
        instant,
        (policy, records, holds, now) => {
          const disposals: Array<Retention.PlannedDisposal> = []
          const skipped: Array<Retention.SkippedRecord> = []
          for (const record of records) {
            const evaluation = evaluate(record, policy, holds, now)
            const recordId = record.id
            switch (evaluation.state) {
              case "dueForDisposal":
                disposals.push({
                  recordId,
                  action: evaluation.action,
                  scheduleId: evaluation.appliedScheduleId,
                  legalBasis: evaluation.legalBasis,
                  dueAt: evaluation.disposalDueAt,
                })
                break
              case "held":
              case "active":
                skipped.push({
                  recordId,
                  reason: evaluation.state === "held" ? "held" : "notDue",
                  ...(evaluation.state === "held" ? { holdIds: evaluation.holdIds } : {}),
                  ...(evaluation.disposalDueAt === undefined
                    ? {}
                    : { dueAt: evaluation.disposalDueAt }),
                })
                break
              case "unscheduled":
                skipped.push({ recordId, reason: "noSchedule" })
                break
              case "disposed":
                skipped.push({ recordId, reason: "alreadyDisposed" })
                break
            }
          }
          expect(sweep(records, policy, holds, now)).toStrictEqual({
            policyVersion: 2,
            at: now,
            disposals,
            skipped,
          })
        },
      ),
      { numRuns: 300 },
    )
  })

  /** Values a field of a record may wrongly hold, each refused somewhere by the schema. */
  const badValues: ReadonlyArray<unknown> = [
    undefined,
    null,
    "",
    " padded",
    "padded ",
    "x".repeat(101),
    "x".repeat(257),
    "bell\u0007",
    "nel\u0085",
    "2023-02-29",
    "2024-1-01",
    "2024-01-01\n",
    1.5,
    Number.NaN,
    -1e20,
    1e20,
    0,
    "delete",
    "archive",
    [],
    ["ok", 1],
    {},
    { action: "delete" },
    { action: "shred", at: 0 },
  ]
  /** A valid record with one field (or date, or nested field) replaced or removed. */
  const variantArb = FastCheck.tuple(
    Arbitrary.make(Retention.RecordFacts),
    FastCheck.constantFrom(
      "id",
      "type",
      "subjectIds",
      "customerClass",
      "dates",
      "disposition",
      "subjectIds.0",
      "dates.created",
      "dates. created",
      "dates.",
      "disposition.action",
      "disposition.at",
      "prototype",
    ),
    FastCheck.oneof(FastCheck.constantFrom(...badValues), FastCheck.constant("remove" as const)),
  ).map(([record, field, value]) => {
    const copy: Record<string, unknown> = {
      ...record,
      subjectIds: [...record.subjectIds],
      dates: { ...record.dates },
      ...(record.disposition === undefined ? {} : { disposition: { ...record.disposition } }),
    }
    // Every field inherited: refused by Schema.is, accepted by validation.
    if (field === "prototype") return Object.create(copy) as Record<string, unknown>
    const [key = "", inner] = field.split(".")
    const target =
      inner === undefined ? copy : ((copy[key] as Record<string, unknown> | undefined) ?? {})
    const name = inner ?? key
    if (value === "remove") delete target[name]
    else target[name] = value
    return copy
  })

  it("ARC-4 the sweep's hand-written record check accepts exactly what the schema accepts", () => {
    const isValid = Schema.is(Retention.RecordFacts)
    const agree = (value: unknown) => {
      expect(Retention.isRecordFacts(value)).toBe(isValid(value))
    }
    FastCheck.assert(
      FastCheck.property(Arbitrary.make(Retention.RecordFacts), (record) => {
        expect(Retention.isRecordFacts(record)).toBe(true)
      }),
      { numRuns: 300 },
    )
    FastCheck.assert(FastCheck.property(variantArb, agree), { numRuns: 2_000 })
    FastCheck.assert(FastCheck.property(FastCheck.anything(), agree), { numRuns: 500 })
    // Dates under names that are not date names are skipped by the schema, not refused.
    agree({ id: "a", type: "t", subjectIds: [], dates: { "": "bad", " x": 1.5 } })
    // Required fields must be own properties; optional ones are read only when present.
    const inherited = Object.create({ id: "a", type: "t", subjectIds: [], dates: {} })
    agree(inherited)
    // Validation, unlike Schema.is, reads required fields from the prototype: a sweep
    // takes such a record from the schema, as it always did.
    expect(Either.isRight(Retention.sweepPlan([inherited], policyOf([]), [], 0))).toBe(true)
    agree({
      ...Object.create({ customerClass: " bad" }),
      id: "a",
      type: "t",
      subjectIds: [],
      dates: {},
    })
    agree({ id: "a", type: "t", subjectIds: [], dates: {}, customerClass: undefined })
    agree({ id: "a", type: "t", subjectIds: [], dates: [] })
    agree([])
  })

  /** The sweep's input as one schema, the way it was validated before the shortcuts. */
  const WholeInput = Schema.Struct({
    records: Schema.Array(Retention.RecordFacts),
    policy: Retention.Policy,
    holds: Schema.Array(Retention.LegalHold),
    now: Period.Instant,
  }).pipe(
    Schema.filter((input) => {
      const issues: Array<Schema.FilterIssue> = []
      const seen = new Set<string>()
      input.records.forEach((record, index) => {
        if (seen.has(record.id))
          issues.push({
            path: ["records", index, "id"],
            message: `record ${record.id} appears twice in one sweep`,
          })
        seen.add(record.id)
      })
      return issues
    }),
  )

  it("ARC-4 a sweep refuses bad input with the schema's issues, paths and messages", () => {
    const policy = policyOf([schedule({ id: "tax" })])
    const good = Arbitrary.make(Retention.RecordFacts)
    const recordsArb = FastCheck.array(
      FastCheck.oneof({ arbitrary: good, weight: 3 }, { arbitrary: variantArb, weight: 1 }),
      { maxLength: 6 },
    ).map((records) =>
      // Some ids repeated, to be refused as duplicates.
      records.map((record, index) =>
        index % 3 === 2 && typeof record === "object" && record !== null
          ? { ...record, id: "dup" }
          : record,
      ),
    )
    FastCheck.assert(
      FastCheck.property(
        FastCheck.oneof(
          { arbitrary: recordsArb, weight: 9 },
          { arbitrary: FastCheck.constantFrom<unknown>({}, null), weight: 1 },
        ),
        FastCheck.constantFrom<unknown>(policy, { ...policy, version: 0 }),
        FastCheck.constantFrom<unknown>([], [hold({ id: "h1" })], [hold({ id: "h1", scope: {} })]),
        FastCheck.constantFrom<unknown>(Date.UTC(2030, 0, 1), Number.NaN),
        (records, policyInput, holds, now) => {
          const result = Retention.sweepPlan(
            records as ReadonlyArray<Retention.RecordFacts>,
            policyInput as Retention.Policy,
            holds as ReadonlyArray<Retention.LegalHold>,
            now as number,
          )
          const reference = Schema.validateEither(WholeInput, { errors: "all" })({
            records,
            policy: policyInput,
            holds,
            now,
          })
          if (Either.isRight(reference)) {
            expect(Either.isRight(result)).toBe(true)
          } else {
            const expected = Errors.ValidationError.fromParseError(reference.left)
            const error = left(result)
            expect(error.issues).toStrictEqual(expected.issues)
            expect(error.message).toBe(expected.message)
          }
        },
      ),
      { numRuns: 1_000 },
    )
  })

  it("ARC-4 a bad record among many is named by its index and field", () => {
    const records = Array.from({ length: 20 }, (_, index) =>
      index === 17
        ? invoice({ id: `inv_${index}`, dates: { created: "2023-02-29" as Period.CivilDate } })
        : invoice({ id: `inv_${index}` }),
    )
    const error = left(Retention.sweepPlan(records, policyOf([schedule({ id: "tax" })]), [], 0))
    // One issue for each kind of date the field may hold: an instant or a civil date.
    expect(error.issues.map((issue) => issue.path)).toEqual([
      ["records", 17, "dates", "created"],
      ["records", 17, "dates", "created"],
    ])
    expect(error.message).toContain("records.17.dates.created")
  })
})
