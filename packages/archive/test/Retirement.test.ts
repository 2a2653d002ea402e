import { Errors, Ids, Money } from "@clientele/core"
import * as Arbitrary from "effect/Arbitrary"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import * as Schema from "effect/Schema"
import { describe, expect, it } from "vitest"
import * as Retirement from "../src/Retirement.js"

const right = <A, E>(result: Either.Either<A, E>): A => {
  if (Either.isLeft(result)) throw new Error(`expected Right, got ${String(result.left)}`)
  return result.right
}

const left = <A, E>(result: Either.Either<A, E>): E => {
  if (Either.isRight(result)) throw new Error("expected Left")
  return result.left
}

const paths = (error: unknown): ReadonlyArray<string> => {
  if (!(error instanceof Errors.ValidationError)) throw new Error(`expected a ValidationError`)
  return error.issues.map((issue) => issue.path.join("."))
}

const DAY = 86_400_000
const NOW = Date.UTC(2024, 0, 2, 9)
const eur = (amount: number) => Money.make(amount, "EUR")
const id = (text: string) => Ids.CustomerId.make(text)
const lead = Ids.StaffId.make("lead-1")
const job = Ids.StaffId.make("retirement-run")

const noBlockers: Retirement.Blockers = {
  openReturns: [],
  unexpiredWarranties: [],
  openComplaints: [],
  legalHolds: [],
}

const periodsRule = (count: number, extra: Partial<Retirement.Rule> = {}): Retirement.Rule => ({
  ...Retirement.defaultRule,
  inactivity: { _tag: "Periods", count },
  ...extra,
})

const daysRule = (count: number, extra: Partial<Retirement.Rule> = {}): Retirement.Rule => ({
  ...Retirement.defaultRule,
  inactivity: { _tag: "Days", count },
  ...extra,
})

const customer = (
  customerId: string,
  extra: Partial<Retirement.CustomerFigures> = {},
): Retirement.CustomerFigures => ({
  customerId: id(customerId),
  customerClass: "potential",
  lifetimeValue: eur(0),
  inactivePeriods: 5,
  lastActivityAt: NOW - 1000 * DAY,
  ...extra,
})

const screen = (
  customers: ReadonlyArray<Retirement.CustomerFigures>,
  rule: Retirement.Rule = periodsRule(3),
  blockers: Retirement.Blockers = noBlockers,
  now: number = NOW,
) => right(Retirement.retirementCandidates(customers, rule, blockers, now))

const onlyCandidate = (screening: Retirement.Screening): Retirement.Candidate => {
  expect(screening.candidates).toHaveLength(1)
  return screening.candidates[0] as Retirement.Candidate
}

const reasonsOf = (screening: Retirement.Screening, customerId: string) =>
  screening.excluded.find((exclusion) => exclusion.customerId === customerId)?.reasons

describe("Retirement: the rule as data", () => {
  it("ARC-3 the default rule is a valid rule: potential customers inactive for 3 periods, manual, 90-day grace", () => {
    const decoded = right(
      Errors.decodeEither(Retirement.Rule)(
        Schema.encodeSync(Retirement.Rule)(Retirement.defaultRule),
      ),
    )
    expect(decoded).toEqual(Retirement.defaultRule)
    expect(decoded).toMatchObject({
      classes: ["potential"],
      inactivity: { _tag: "Periods", count: 3 },
      mode: "manual",
      graceDays: 90,
      batchLimit: 1000,
    })
    expect(decoded.maxLifetimeValue).toBeUndefined()
  })

  it("ARC-3 makeRule fills every field left out from the default rule", () => {
    const rule = right(
      Retirement.makeRule({
        version: 4,
        inactivity: { _tag: "Days", count: 365 },
        maxLifetimeValue: { amount: 5000, currency: "EUR" },
      }),
    )
    expect(rule).toEqual({
      ...Retirement.defaultRule,
      version: 4,
      inactivity: { _tag: "Days", count: 365 },
      maxLifetimeValue: eur(5000),
    })
  })

  it("ARC-3 a bad rule fails with a ValidationError naming each field", () => {
    const error = left(
      Retirement.makeRule({
        batchLimit: 0,
        graceDays: -1,
        inactivity: { _tag: "Periods", count: 0 },
        mode: "sometimes" as "manual",
      }),
    )
    expect(paths(error)).toEqual(
      expect.arrayContaining(["batchLimit", "graceDays", "inactivity.count", "mode"]),
    )
  })

  it("ARC-3 a rule covering no class, or one class twice, is refused on classes", () => {
    // An empty list is named as the list, saying it needs an item.
    const empty = left(Retirement.makeRule({ classes: [] as unknown as ["x"] }))
    expect(paths(empty)).toEqual(["classes"])
    expect(empty.issues[0]?.message).toBe("must hold at least one item")
    expect(
      paths(left(Retirement.makeRule({ classes: ["potential", "1-star", "potential"] }))),
    ).toEqual(["classes.2"])
  })
})

describe("Retirement: screening candidates", () => {
  it("ARC-3 an inactive potential customer with nothing open is a candidate judged on its figures and the rule version", () => {
    const candidate = onlyCandidate(screen([customer("cus_1", { lifetimeValue: eur(1200) })]))
    expect(candidate).toEqual({
      customerId: "cus_1",
      customerClass: "potential",
      rule: {
        version: 1,
        mode: "manual",
        inactivity: { _tag: "Periods", count: 3 },
        graceDays: 90,
      },
      figures: {
        lifetimeValue: eur(1200),
        lastActivityAt: NOW - 1000 * DAY,
        inactiveDays: 1000,
        inactivePeriods: 5,
      },
      judgedAt: NOW,
      requiresConfirmation: true,
    })
  })

  it.each([
    ["legalHold", "legalHolds"],
    ["openReturn", "openReturns"],
    ["unexpiredWarranty", "unexpiredWarranties"],
    ["openComplaint", "openComplaints"],
  ] as const)("ARC-3 a customer with a %s is excluded with that reason", (reason, list) => {
    const blockers = { ...noBlockers, [list]: [id("cus_blocked")] }
    const screening = screen(
      [customer("cus_free"), customer("cus_blocked")],
      periodsRule(3),
      blockers,
    )
    expect(screening.candidates.map((c) => c.customerId)).toEqual(["cus_free"])
    expect(reasonsOf(screening, "cus_blocked")).toEqual([reason])
  })

  it("ARC-3 a customer of a class the rule does not cover is excluded as classNotCovered", () => {
    const screening = screen([customer("cus_major", { customerClass: "major" })])
    expect(screening.candidates).toEqual([])
    expect(reasonsOf(screening, "cus_major")).toEqual(["classNotCovered"])
  })

  it("ARC-3 a customer inactive for fewer periods than the rule asks is excluded as recentActivity", () => {
    const screening = screen([
      customer("cus_2", { inactivePeriods: 2 }),
      customer("cus_3", { inactivePeriods: 3 }),
    ])
    expect(reasonsOf(screening, "cus_2")).toEqual(["recentActivity"])
    expect(screening.candidates.map((c) => c.customerId)).toEqual(["cus_3"])
  })

  it("ARC-3 inactivity in days: exactly N days since the last activity is enough, one millisecond less is recent", () => {
    const rule = daysRule(365)
    const screening = screen(
      [
        customer("cus_exact", { lastActivityAt: NOW - 365 * DAY }),
        customer("cus_short", { lastActivityAt: NOW - 365 * DAY + 1 }),
      ],
      rule,
    )
    expect(screening.candidates.map((c) => c.customerId)).toEqual(["cus_exact"])
    expect(screening.candidates[0]?.figures.inactiveDays).toBe(365)
    expect(reasonsOf(screening, "cus_short")).toEqual(["recentActivity"])
  })

  it("ARC-3 activity recorded after the run's instant counts as recent, with zero inactive days", () => {
    const screening = screen([customer("cus_future", { lastActivityAt: NOW + DAY })], daysRule(1))
    expect(reasonsOf(screening, "cus_future")).toEqual(["recentActivity"])
    expect(screening.excluded[0]?.figures.inactiveDays).toBe(0)
  })

  it("ARC-3 a lifetime value above the rule's maximum excludes; equal to it does not", () => {
    const rule = periodsRule(3, { maxLifetimeValue: eur(10_000) })
    const screening = screen(
      [
        customer("cus_equal", { lifetimeValue: eur(10_000) }),
        customer("cus_above", { lifetimeValue: eur(10_001) }),
      ],
      rule,
    )
    expect(screening.candidates.map((c) => c.customerId)).toEqual(["cus_equal"])
    expect(reasonsOf(screening, "cus_above")).toEqual(["valueAboveMaximum"])
    expect(screening.candidates[0]?.rule.maxLifetimeValue).toEqual(eur(10_000))
  })

  it("ARC-3 without a maximum in the rule, no lifetime value excludes", () => {
    const screening = screen([
      customer("cus_rich", { lifetimeValue: eur(Number.MAX_SAFE_INTEGER) }),
    ])
    expect(screening.candidates.map((c) => c.customerId)).toEqual(["cus_rich"])
  })

  it("ARC-3 every reason that applies is given, blockers first", () => {
    const rule = periodsRule(3, { maxLifetimeValue: eur(0) })
    const blockers = { ...noBlockers, legalHolds: [id("cus_x")], openComplaints: [id("cus_x")] }
    const screening = screen(
      [customer("cus_x", { customerClass: "major", inactivePeriods: 0, lifetimeValue: eur(1) })],
      rule,
      blockers,
    )
    expect(reasonsOf(screening, "cus_x")).toEqual([
      "legalHold",
      "openComplaint",
      "classNotCovered",
      "recentActivity",
      "valueAboveMaximum",
    ])
  })

  it("ARC-3 manual mode proposes candidates for confirmation; automatic mode does not ask for it", () => {
    expect(
      onlyCandidate(screen([customer("cus_1")], periodsRule(3, { mode: "manual" })))
        .requiresConfirmation,
    ).toBe(true)
    const automatic = onlyCandidate(
      screen([customer("cus_1")], periodsRule(3, { mode: "automatic" })),
    )
    expect(automatic.requiresConfirmation).toBe(false)
    expect(automatic.rule.mode).toBe("automatic")
  })

  it("ARC-3 the rule is applied to the figures given: candidate exactly when the figures meet the rule's thresholds", () => {
    FastCheck.assert(
      FastCheck.property(
        FastCheck.integer({ min: 1, max: 1000 }),
        FastCheck.integer({ min: 0, max: 1100 }),
        FastCheck.integer({ min: 1, max: 36_525 }),
        FastCheck.integer({ min: 0, max: 40_000 * DAY }),
        FastCheck.integer({ min: -1_000_000, max: 1_000_000 }),
        FastCheck.integer({ min: -1_000_000, max: 1_000_000 }),
        (periods, inactivePeriods, days, sinceActivity, value, ceiling) => {
          const figures = customer("cus_p", {
            inactivePeriods,
            lastActivityAt: NOW - sinceActivity,
            lifetimeValue: eur(value),
          })
          const byPeriods = screen(
            [figures],
            periodsRule(periods, { maxLifetimeValue: eur(ceiling) }),
          )
          expect(byPeriods.candidates.length === 1).toBe(
            inactivePeriods >= periods && value <= ceiling,
          )
          const byDays = screen([figures], daysRule(days))
          expect(byDays.candidates.length === 1).toBe(sinceActivity >= days * DAY)
        },
      ),
    )
  })

  it("ARC-3 every customer is either a candidate or excluded with at least one reason, never both", () => {
    const customerArb = FastCheck.record({
      customerId: Arbitrary.make(Ids.CustomerId),
      customerClass: FastCheck.constantFrom("potential", "general", "major"),
      lifetimeValue: FastCheck.integer({ min: -1000, max: 1000 }).map(eur),
      inactivePeriods: FastCheck.integer({ min: 0, max: 6 }),
    })
    FastCheck.assert(
      FastCheck.property(
        FastCheck.uniqueArray(customerArb, { selector: (c) => c.customerId, maxLength: 30 }),
        FastCheck.func(FastCheck.boolean()),
        (customers, isHeld) => {
          const blockers = {
            ...noBlockers,
            legalHolds: customers.filter((_, index) => isHeld(index)).map((c) => c.customerId),
          }
          const screening = screen(
            customers,
            periodsRule(3, { maxLifetimeValue: eur(500) }),
            blockers,
          )
          const candidateIds = screening.candidates.map((c) => c.customerId)
          const excludedIds = screening.excluded.map((e) => e.customerId)
          expect([...candidateIds, ...excludedIds].sort()).toEqual(
            customers.map((c) => c.customerId).sort(),
          )
          expect(candidateIds.filter((c) => excludedIds.includes(c))).toEqual([])
          for (const exclusion of screening.excluded)
            expect(exclusion.reasons.length).toBeGreaterThan(0)
        },
      ),
    )
  })

  it("ARC-3 a customer listed twice is refused naming the second entry", () => {
    const error = left(
      Retirement.retirementCandidates(
        [customer("cus_1"), customer("cus_1")],
        periodsRule(3),
        noBlockers,
        NOW,
      ),
    )
    expect(paths(error)).toEqual(["customers.1.customerId"])
  })

  it("ARC-3 a customer without the figure the rule's inactivity needs is refused naming that figure", () => {
    const { inactivePeriods: _periods, ...withoutPeriods } = customer("cus_a")
    const { lastActivityAt: _last, ...withoutLast } = customer("cus_b")
    expect(
      paths(
        left(Retirement.retirementCandidates([withoutPeriods], periodsRule(3), noBlockers, NOW)),
      ),
    ).toEqual(["customers.0.inactivePeriods"])
    expect(
      paths(
        left(
          Retirement.retirementCandidates(
            [customer("cus_a"), withoutLast],
            daysRule(30),
            noBlockers,
            NOW,
          ),
        ),
      ),
    ).toEqual(["customers.1.lastActivityAt"])
  })

  it("ARC-3 a lifetime value in another currency than the rule's maximum is refused naming it", () => {
    const error = left(
      Retirement.retirementCandidates(
        [customer("cus_usd", { lifetimeValue: Money.make(100, "USD") })],
        periodsRule(3, { maxLifetimeValue: eur(500) }),
        noBlockers,
        NOW,
      ),
    )
    expect(paths(error)).toEqual(["customers.0.lifetimeValue"])
  })

  it("ARC-3 an invalid rule, blocker id, customer figure or instant is refused naming each path", () => {
    const error = left(
      Retirement.retirementCandidates(
        [customer("cus_1", { inactivePeriods: -1 })],
        periodsRule(3, { batchLimit: 0 }),
        { ...noBlockers, legalHolds: ["" as Ids.CustomerId] },
        Number.NaN,
      ),
    )
    expect(paths(error)).toEqual(
      expect.arrayContaining([
        "customers.0.inactivePeriods",
        "rule.batchLimit",
        "blockers.legalHolds.0",
        "now",
      ]),
    )
  })
})

const candidateFor = (
  customerId: string,
  rule: Retirement.Rule = periodsRule(3),
  judgedAt: number = NOW,
): Retirement.Candidate =>
  onlyCandidate(
    right(Retirement.retirementCandidates([customer(customerId)], rule, noBlockers, judgedAt)),
  )

describe("Retirement: retiring and restoring", () => {
  it("ARC-3 a manual candidate is retired when a person confirms it, recording who, when, the rule version and figures", () => {
    const candidate = candidateFor("cus_1")
    const at = NOW + 3600_000
    const record = right(Retirement.retire(candidate, "confirmed", at, lead))
    expect(record).toEqual({
      customerId: "cus_1",
      customerClass: "potential",
      rule: candidate.rule,
      figures: candidate.figures,
      judgedAt: NOW,
      decision: "confirmed",
      retiredAt: at,
      retiredBy: "lead-1",
      finalAt: at + 90 * DAY,
    })
    expect(Schema.is(Retirement.Retirement)(record)).toBe(true)
  })

  it("ARC-3 a manual candidate cannot be retired automatically", () => {
    const error = left(Retirement.retire(candidateFor("cus_1"), "automatic", NOW, job))
    expect(error).toBeInstanceOf(Retirement.ConfirmationRequiredError)
    expect(error).toMatchObject({ customerId: "cus_1", ruleVersion: 1 })
  })

  it("ARC-3 an automatic rule's candidate is retired without confirmation, and may still be confirmed by a person", () => {
    const candidate = candidateFor("cus_1", periodsRule(3, { mode: "automatic", version: 2 }))
    expect(right(Retirement.retire(candidate, "automatic", NOW, job))).toMatchObject({
      decision: "automatic",
      retiredBy: "retirement-run",
      rule: { version: 2, mode: "automatic" },
    })
    expect(right(Retirement.retire(candidate, "confirmed", NOW, lead)).decision).toBe("confirmed")
  })

  it("ARC-3 a retirement before the candidate was judged is refused on at", () => {
    expect(
      paths(left(Retirement.retire(candidateFor("cus_1"), "confirmed", NOW - 1, lead))),
    ).toEqual(["at"])
  })

  it("ARC-3 bad retirement input is refused naming the field", () => {
    const error = left(
      Retirement.retire(
        candidateFor("cus_1"),
        "maybe" as Retirement.Decision,
        NOW,
        "" as Ids.StaffId,
      ),
    )
    expect(paths(error)).toEqual(expect.arrayContaining(["decision", "by"]))
  })

  const retired = (graceDays = 90) =>
    right(
      Retirement.retire(
        candidateFor("cus_1", periodsRule(3, { graceDays })),
        "confirmed",
        NOW,
        lead,
      ),
    )

  it("ARC-3 a retirement is restorable inside the grace window", () => {
    const record = retired()
    expect(Retirement.statusAt(record, NOW + 89 * DAY)).toBe("restorable")
    const restored = right(Retirement.restore(record, NOW + 89 * DAY, lead))
    expect(restored.restored).toEqual({ at: NOW + 89 * DAY, by: "lead-1" })
    expect(Retirement.statusAt(restored, NOW + 365 * DAY)).toBe("restored")
  })

  it("ARC-3 a retirement cannot be restored after the grace window: it is final", () => {
    const record = retired()
    const error = left(Retirement.restore(record, NOW + 91 * DAY, lead))
    expect(error).toBeInstanceOf(Retirement.GraceWindowClosedError)
    expect(error).toMatchObject({
      customerId: "cus_1",
      finalAt: NOW + 90 * DAY,
      attemptedAt: NOW + 91 * DAY,
    })
    expect(Retirement.statusAt(record, NOW + 91 * DAY)).toBe("final")
  })

  it("ARC-3 grace window boundary: restorable one millisecond before finalAt, final exactly at finalAt", () => {
    const record = retired()
    expect(record.finalAt).toBe(NOW + 90 * DAY)
    expect(Either.isRight(Retirement.restore(record, record.finalAt - 1, lead))).toBe(true)
    expect(left(Retirement.restore(record, record.finalAt, lead))).toBeInstanceOf(
      Retirement.GraceWindowClosedError,
    )
    expect(Retirement.statusAt(record, record.finalAt - 1)).toBe("restorable")
    expect(Retirement.statusAt(record, record.finalAt)).toBe("final")
  })

  it("ARC-3 a zero-day grace window makes the retirement final at once", () => {
    const record = retired(0)
    expect(Retirement.statusAt(record, NOW)).toBe("final")
    expect(left(Retirement.restore(record, NOW, lead))).toBeInstanceOf(
      Retirement.GraceWindowClosedError,
    )
  })

  it("ARC-3 the grace window is the rule's: finalAt is the retirement instant plus graceDays whole days", () => {
    FastCheck.assert(
      FastCheck.property(
        FastCheck.integer({ min: 0, max: 36_525 }),
        FastCheck.integer({ min: 0, max: 1000 * DAY }),
        (graceDays, delay) => {
          const candidate = candidateFor("cus_1", periodsRule(3, { graceDays }))
          const record = right(Retirement.retire(candidate, "confirmed", NOW + delay, lead))
          expect(record.finalAt).toBe(NOW + delay + graceDays * DAY)
        },
      ),
    )
  })

  it("ARC-3 a restored retirement cannot be restored again", () => {
    const restored = right(Retirement.restore(retired(), NOW + DAY, lead))
    const error = left(Retirement.restore(restored, NOW + 2 * DAY, lead))
    expect(error).toBeInstanceOf(Errors.InvalidTransitionError)
    expect(error).toMatchObject({ entity: "Retirement", state: "restored", attempted: "restore" })
  })

  it("ARC-3 a restoration before the retirement, or by an invalid id, is refused naming the field", () => {
    const record = retired()
    expect(paths(left(Retirement.restore(record, NOW - 1, lead)))).toEqual(["at"])
    expect(paths(left(Retirement.restore(record, NOW + DAY, "" as Ids.StaffId)))).toEqual(["by"])
  })
})

const candidatesFor = (
  ids: ReadonlyArray<string>,
  rule: Retirement.Rule,
): ReadonlyArray<Retirement.Candidate> =>
  right(
    Retirement.retirementCandidates(
      ids.map((c) => customer(c)),
      rule,
      noBlockers,
      NOW,
    ),
  ).candidates

const idsOf = (batch: Retirement.Batch) => batch.candidates.map((c) => c.customerId)

describe("Retirement: batches", () => {
  const rule = periodsRule(3, { batchLimit: 2 })

  it("ARC-3 a batch limit leaves a backlog that the next runs continue until the pass is complete", () => {
    const backlog = candidatesFor(["cus_e", "cus_c", "cus_a", "cus_d", "cus_b"], rule)
    const first = right(Retirement.nextBatch(backlog, rule))
    expect(idsOf(first)).toEqual(["cus_a", "cus_b"])
    expect(first).toMatchObject({
      remaining: 3,
      complete: false,
      cursor: { ruleVersion: 1, after: "cus_b" },
    })
    const second = right(Retirement.nextBatch(backlog, rule, first.cursor))
    expect(idsOf(second)).toEqual(["cus_c", "cus_d"])
    expect(second).toMatchObject({ remaining: 1, complete: false })
    const third = right(Retirement.nextBatch(backlog, rule, second.cursor))
    expect(idsOf(third)).toEqual(["cus_e"])
    expect(third).toMatchObject({ remaining: 0, complete: true, cursor: { after: "cus_e" } })
    const after = right(Retirement.nextBatch(backlog, rule, third.cursor))
    expect(idsOf(after)).toEqual([])
    expect(after).toMatchObject({ remaining: 0, complete: true, cursor: third.cursor })
  })

  it("ARC-3 the next run continues from the cursor even when the backlog is recomputed, not from the start", () => {
    const first = right(
      Retirement.nextBatch(candidatesFor(["cus_a", "cus_b", "cus_c", "cus_d"], rule), rule),
    )
    // The first batch was retired, so a fresh screening no longer proposes it, and
    // two customers became candidates meanwhile: one behind the cursor, one ahead.
    const recomputed = candidatesFor(["cus_d", "cus_c", "cus_0", "cus_z"], rule)
    const second = right(Retirement.nextBatch(recomputed, rule, first.cursor))
    expect(idsOf(second)).toEqual(["cus_c", "cus_d"])
    const third = right(Retirement.nextBatch(recomputed, rule, second.cursor))
    expect(idsOf(third)).toEqual(["cus_z"])
    expect(third.complete).toBe(true)
    // The one that joined behind the cursor waits for the next pass.
    expect(idsOf(right(Retirement.nextBatch(recomputed, rule)))).toEqual(["cus_0", "cus_c"])
  })

  it("ARC-3 an empty backlog gives an empty, complete batch", () => {
    const batch = right(Retirement.nextBatch([], rule))
    expect(batch).toEqual({
      candidates: [],
      cursor: { ruleVersion: 1 },
      remaining: 0,
      complete: true,
    })
  })

  const backlogArb = FastCheck.uniqueArray(Arbitrary.make(Ids.CustomerId), { maxLength: 40 })

  it("ARC-3 across runs every candidate is handed out exactly once, at most batchLimit per run", () => {
    FastCheck.assert(
      FastCheck.property(
        backlogArb,
        FastCheck.integer({ min: 1, max: 7 }),
        FastCheck.boolean(),
        FastCheck.integer(),
        (ids, batchLimit, dropHandled, seed) => {
          const limited = periodsRule(3, { batchLimit })
          let backlog = candidatesFor(ids, limited)
          const handed: Array<string> = []
          let cursor: Retirement.Cursor | undefined
          let runs = 0
          for (;;) {
            const batch = right(Retirement.nextBatch(backlog, limited, cursor))
            expect(batch.candidates.length).toBeLessThanOrEqual(batchLimit)
            handed.push(...idsOf(batch))
            cursor = batch.cursor
            runs++
            if (batch.complete) break
            // Between runs the caller may drop what it retired and hand the backlog
            // over in any order: the cursor, not the position, says where to go on.
            const done = new Set(handed)
            backlog = (dropHandled ? backlog.filter((c) => !done.has(c.customerId)) : backlog)
              .map((c, index) => ({ c, key: (index * 7919 + seed) % 101 }))
              .sort((a, b) => a.key - b.key)
              .map(({ c }) => c)
          }
          expect(new Set(handed).size).toBe(handed.length)
          expect([...handed].sort()).toEqual([...ids].sort())
          expect(runs).toBe(Math.max(1, Math.ceil(ids.length / batchLimit)))
        },
      ),
    )
  })

  it("ARC-3 a cursor of another rule version is refused: the pass starts again under the new rule", () => {
    const backlog = candidatesFor(["cus_a", "cus_b", "cus_c"], rule)
    const first = right(Retirement.nextBatch(backlog, rule))
    const error = left(Retirement.nextBatch(backlog, { ...rule, version: 2 }, first.cursor))
    expect(error).toBeInstanceOf(Retirement.StaleCursorError)
    expect(error).toMatchObject({ cursorRuleVersion: 1, ruleVersion: 2 })
  })

  it("ARC-3 a backlog candidate judged under another rule version, or listed twice, is refused naming it", () => {
    const old = candidatesFor(["cus_a"], rule)
    const current = candidatesFor(["cus_b"], { ...rule, version: 2 })
    const mixed = left(Retirement.nextBatch([...current, ...old], { ...rule, version: 2 }))
    expect(paths(mixed)).toEqual(["backlog.1.rule.version"])
    const twice = left(Retirement.nextBatch([...old, ...old], rule))
    expect(paths(twice)).toEqual(["backlog.1.customerId"])
  })

  it("ARC-3 a bad cursor or rule in a batch request is refused naming the field", () => {
    const error = left(
      Retirement.nextBatch([], { ...rule, batchLimit: -3 }, {
        ruleVersion: 0,
      } as Retirement.Cursor),
    )
    expect(paths(error)).toEqual(expect.arrayContaining(["rule.batchLimit", "cursor.ruleVersion"]))
  })
})
