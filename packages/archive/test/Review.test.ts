import { Civil, Errors, Ids, Zone } from "@clientele/core"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import * as Schema from "effect/Schema"
import { describe, expect, it } from "vitest"
import * as Archive from "../src/Archive.js"
import * as Review from "../src/Review.js"

const right = <A, E>(result: Either.Either<A, E>): A => {
  if (Either.isLeft(result)) throw new Error(`expected Right, got ${String(result.left)}`)
  return result.right
}

const left = <A, E>(result: Either.Either<A, E>): E => {
  if (Either.isRight(result)) throw new Error("expected Left")
  return result.left
}

const HOUR = 3_600_000
const agent = Ids.StaffId.make("staff_7")
const lead = Ids.StaffId.make("staff_9")

const policyOf = (input: Record<string, unknown> = {}) =>
  right(Review.makePolicy({ version: 2025, zone: "UTC", ...input }))

const utc = policyOf()
const tiered = policyOf({ classMonths: [{ customerClass: "major", months: 6 }] })

/** A local wall-clock time in a zone as an instant. */
const local = (zone: string, year: number, month: number, day: number, hour = 12, minute = 0) =>
  Zone.instantOf(
    zone,
    Civil.dayNumberOf(year, month, day) * Civil.dayMs + hour * HOUR + minute * 60_000,
  )

const fileArchive = (
  at: number,
  customerClass = "general",
  customer = "cus_42",
  profile: ReadonlyArray<{ key: string; value: string }> = [],
) => right(Archive.file({ customer, customerClass, at, by: agent, profile }))

const reviewAt = (archive: Archive.Archive, at: number, extra: Record<string, unknown> = {}) =>
  right(Review.review(archive, { at, by: lead, ...extra }))

const refileAt = (archive: Archive.Archive, to: string, at: number) =>
  right(Archive.refile(archive, { to, at, by: lead }))

const expectPaths = (error: unknown, paths: ReadonlyArray<ReadonlyArray<string | number>>) => {
  expect(error).toBeInstanceOf(Errors.ValidationError)
  const named = new Set(
    (error as Errors.ValidationError).issues.map((issue) => JSON.stringify(issue.path)),
  )
  expect([...named]).toEqual(paths.map((path) => JSON.stringify(path)))
}

describe("Review: the policy", () => {
  it("ARC-2 the defaults: a review every 12 months for every class, 29 February → 28 February", () => {
    expect(utc).toEqual({
      version: 2025,
      zone: "UTC",
      months: 12,
      classMonths: [],
      missingDay: "lastDay",
    })
    expect(Review.intervalFor(tiered, "major")).toBe(6)
    expect(Review.intervalFor(tiered, "general")).toBe(12)
    expect(Review.intervalFor(tiered, undefined)).toBe(12)
  })

  it("ARC-2 a bad policy gives a ValidationError naming each bad field", () => {
    expectPaths(left(Review.makePolicy({ version: "", zone: "Mars/Base", months: 13 })), [
      ["version"],
      ["zone"],
      ["months"],
    ])
    expectPaths(
      left(
        Review.makePolicy({
          version: 1,
          zone: "UTC",
          classMonths: [
            { customerClass: "major", months: 6 },
            { customerClass: "major", months: 3 },
          ],
          missingDay: "skip",
        }),
      ),
      [["missingDay"]],
    )
    expectPaths(
      left(
        Review.makePolicy({
          version: 1,
          zone: "UTC",
          classMonths: [
            { customerClass: "major", months: 6 },
            { customerClass: "major", months: 3 },
          ],
        }),
      ),
      [["classMonths", 1, "customerClass"]],
    )
  })
})

describe("Review: when the next review is due", () => {
  const leapDay = Date.UTC(2024, 1, 29, 10)

  it("ARC-2 last review on 29 February ⇒ next due 28 February with the default lastDay rule", () => {
    const due = right(Review.nextReviewDue(leapDay, utc))
    expect(due.dueOn).toBe("2025-02-28")
    expect(due.overdueFrom).toBe(Date.UTC(2025, 2, 1))
    expect(due.since).toBe(leapDay)
  })

  it("ARC-2 last review on 29 February ⇒ next due 1 March with the nextDay rule", () => {
    const due = right(Review.nextReviewDue(leapDay, policyOf({ missingDay: "nextDay" })))
    expect(due.dueOn).toBe("2025-03-01")
    expect(due.overdueFrom).toBe(Date.UTC(2025, 2, 2))
  })

  it("ARC-2 a shorter class interval lands on a month-end by the same rule (31 August + 6 months)", () => {
    const augustEnd = Date.UTC(2024, 7, 31, 10)
    expect(right(Review.nextReviewDue(augustEnd, tiered, "major")).dueOn).toBe("2025-02-28")
    const nextDay = policyOf({ missingDay: "nextDay", months: 6 })
    expect(right(Review.nextReviewDue(augustEnd, nextDay)).dueOn).toBe("2025-03-01")
    expect(right(Review.nextReviewDue(augustEnd, tiered, "general")).dueOn).toBe("2025-08-31")
  })

  it("ARC-2 once a year is counted in the policy's zone: a review at 23:30 local on 31 December", () => {
    const zone = "America/New_York"
    const lateReview = local(zone, 2024, 12, 31, 23, 30)
    expect(lateReview).toBe(Date.UTC(2025, 0, 1, 4, 30)) // already 1 January in UTC
    const newYork = policyOf({ zone })
    const due = right(Review.nextReviewDue(lateReview, newYork))
    expect(due.dueOn).toBe("2025-12-31")
    expect(due.overdueFrom).toBe(Date.UTC(2026, 0, 1, 5)) // midnight in New York (EST)
    // read in UTC the same instant would be due a day later
    expect(right(Review.nextReviewDue(lateReview, utc)).dueOn).toBe("2026-01-01")

    const archive = fileArchive(lateReview)
    expect(
      right(Review.overdue([archive], newYork, local(zone, 2025, 12, 31, 23, 59))).items,
    ).toEqual([])
    expect(
      right(Review.overdue([archive], newYork, local(zone, 2026, 1, 1, 0, 30))).items.map(
        (item) => item.dueOn,
      ),
    ).toEqual(["2025-12-31"])
  })

  it("ARC-2 a review with no changes is still a review: it resets the clock", () => {
    const archive = fileArchive(Date.UTC(2024, 0, 10))
    expect(Review.dueOf(archive, utc)?.dueOn).toBe("2025-01-10")
    const reviewed = reviewAt(archive, Date.UTC(2024, 11, 20))
    expect(reviewed.history.at(-1)).toEqual({
      _tag: "Reviewed",
      at: Date.UTC(2024, 11, 20),
      by: lead,
      adjustments: [],
    })
    expect(Review.dueOf(reviewed, utc)?.dueOn).toBe("2025-12-20")
    expect(right(Review.overdue([reviewed], utc, Date.UTC(2025, 0, 11))).items).toEqual([])
  })

  it("ARC-2 a class change mid-year applies the new class's rule prospectively only", () => {
    const reviewed = reviewAt(fileArchive(Date.UTC(2023, 5, 1)), Date.UTC(2024, 0, 1))
    expect(Review.dueOf(reviewed, tiered)?.dueOn).toBe("2025-01-01")

    // moved to major (6 months) in October: not retroactively due in July 2024
    const lateMove = refileAt(reviewed, "major", Date.UTC(2024, 9, 1))
    expect(Review.dueOf(lateMove, tiered)).toMatchObject({
      customerClass: "general",
      dueOn: "2025-01-01",
    })
    expect(right(Review.overdue([lateMove], tiered, Date.UTC(2024, 9, 2))).items).toEqual([])

    // moved to major in February: six months from the move, earlier than the old date
    const earlyMove = refileAt(reviewed, "major", Date.UTC(2024, 1, 1))
    expect(Review.dueOf(earlyMove, tiered)).toMatchObject({
      customerClass: "major",
      since: Date.UTC(2024, 1, 1),
      dueOn: "2024-08-01",
    })
    // after the next review the major rule alone applies
    expect(Review.dueOf(reviewAt(earlyMove, Date.UTC(2024, 6, 15)), tiered)?.dueOn).toBe(
      "2025-01-15",
    )

    // moved down from major: the review the major rule required is not postponed
    const major = reviewAt(fileArchive(Date.UTC(2023, 5, 1), "major"), Date.UTC(2024, 0, 1))
    const down = refileAt(major, "general", Date.UTC(2024, 2, 1))
    expect(Review.dueOf(down, tiered)?.dueOn).toBe("2024-07-01")
    expect(Review.dueOf(reviewAt(down, Date.UTC(2024, 5, 15)), tiered)?.dueOn).toBe("2025-06-15")
  })
})

describe("Review: the overdue report", () => {
  it("ARC-2 the overdue report is exact at the boundary: the first instant after the due date", () => {
    const zone = "Europe/Berlin"
    const berlin = policyOf({ zone })
    const archive = fileArchive(local(zone, 2024, 7, 1, 9))
    const due = Review.dueOf(archive, berlin)
    expect(due?.dueOn).toBe("2025-07-01")
    const boundary = Date.UTC(2025, 6, 1, 22) // midnight in Berlin (CEST)
    expect(due?.overdueFrom).toBe(boundary)
    expect(right(Review.overdue([archive], berlin, boundary - 1)).items).toEqual([])
    expect(right(Review.overdue([archive], berlin, boundary)).items).toEqual([
      {
        customer: "cus_42",
        customerClass: "general",
        dueOn: "2025-07-01",
        overdueSince: boundary,
      },
    ])
  })

  it("ARC-2 the overdue report says which archives, since when, and groups them by class", () => {
    const now = Date.UTC(2025, 5, 1)
    const neverReviewed = fileArchive(Date.UTC(2024, 0, 10), "general", "cus_a")
    const reviewedLongAgo = reviewAt(
      fileArchive(Date.UTC(2023, 0, 1), "major", "cus_b"),
      Date.UTC(2024, 3, 1),
    )
    const upToDate = reviewAt(
      fileArchive(Date.UTC(2023, 0, 1), "general", "cus_c"),
      Date.UTC(2025, 0, 1),
    )
    const filedLater = fileArchive(Date.UTC(2025, 6, 1), "general", "cus_d")
    const potential = fileArchive(Date.UTC(2024, 4, 1), "potential", "cus_e")
    // a review after `now` does not count as of `now`
    const reviewedAfterNow = reviewAt(
      fileArchive(Date.UTC(2024, 0, 5), "general", "cus_f"),
      Date.UTC(2025, 6, 1),
    )
    const report = right(
      Review.overdue(
        [neverReviewed, reviewedLongAgo, upToDate, filedLater, potential, reviewedAfterNow],
        tiered,
        now,
      ),
    )
    expect(report.policyVersion).toBe(2025)
    expect(report.asOf).toBe(now)
    expect(report.items).toEqual(
      [
        {
          customer: "cus_f",
          customerClass: "general",
          dueOn: "2025-01-05",
          overdueSince: Date.UTC(2025, 0, 6),
        },
        {
          customer: "cus_a",
          customerClass: "general",
          dueOn: "2025-01-10",
          overdueSince: Date.UTC(2025, 0, 11),
        },
        {
          customer: "cus_b",
          customerClass: "major",
          lastReviewedAt: Date.UTC(2024, 3, 1),
          dueOn: "2024-10-01",
          overdueSince: Date.UTC(2024, 9, 2),
        },
        {
          customer: "cus_e",
          customerClass: "potential",
          dueOn: "2025-05-01",
          overdueSince: Date.UTC(2025, 4, 2),
        },
      ].sort((a, b) => a.overdueSince - b.overdueSince),
    )
    expect(report.byClass).toEqual([
      { customerClass: "general", customers: ["cus_f", "cus_a"] },
      { customerClass: "major", customers: ["cus_b"] },
      { customerClass: "potential", customers: ["cus_e"] },
    ])
    expect(Schema.is(Review.OverdueReport)(report)).toBe(true)
  })
})

describe("Review: the adjustment index", () => {
  const filedAt = Date.UTC(2023, 11, 1)
  const start = fileArchive(filedAt, "general", "cus_42", [
    { key: "phone", value: "030 1" },
    { key: "fax", value: "030 9" },
    { key: "industry", value: "retail" },
  ])

  it("ARC-2 a review appends each change as field, before, after, when and by whom", () => {
    const at = Date.UTC(2024, 2, 1)
    const reviewed = reviewAt(start, at, {
      set: [
        { key: "phone", value: "030 2" },
        { key: "industry", value: "retail" },
        { key: "contactPerson", value: "Ada Lovelace" },
      ],
      remove: ["fax"],
    })
    expect(reviewed.profile).toEqual([
      { key: "phone", value: "030 2" },
      { key: "industry", value: "retail" },
      { key: "contactPerson", value: "Ada Lovelace" },
    ])
    expect(reviewed.history.at(-1)).toEqual({
      _tag: "Reviewed",
      at,
      by: lead,
      adjustments: [
        { field: "profile.phone", before: "030 1", after: "030 2" },
        { field: "profile.fax", before: "030 9" },
        { field: "profile.contactPerson", after: "Ada Lovelace" },
      ],
    })
    expect(Archive.extendsHistory(start, reviewed)).toBe(true)
    expect(Schema.is(Archive.Archive)(reviewed)).toBe(true)
  })

  it("ARC-2 the adjustment index lists each year's changes per archive, class moves included", () => {
    const zone = "America/New_York"
    const newYork = policyOf({ zone })
    const newYearsEve = local(zone, 2024, 12, 31, 23, 30) // 2025 in UTC, 2024 in New York
    let archive = reviewAt(start, Date.UTC(2024, 2, 1), { set: [{ key: "phone", value: "030 2" }] })
    archive = reviewAt(archive, newYearsEve)
    archive = refileAt(archive, "major", Date.UTC(2025, 1, 1))
    archive = reviewAt(archive, Date.UTC(2025, 5, 1), { remove: ["fax"] })
    const quiet = fileArchive(filedAt, "general", "cus_quiet")

    expect(right(Review.adjustmentIndex([archive, quiet], 2024, newYork))).toEqual([
      {
        customer: "cus_42",
        customerClass: "major",
        reviewedAt: [Date.UTC(2024, 2, 1), newYearsEve],
        entries: [
          {
            field: "profile.phone",
            before: "030 1",
            after: "030 2",
            at: Date.UTC(2024, 2, 1),
            by: lead,
          },
        ],
      },
    ])
    expect(right(Review.adjustmentIndex([archive, quiet], 2025, newYork))).toEqual([
      {
        customer: "cus_42",
        customerClass: "major",
        reviewedAt: [Date.UTC(2025, 5, 1)],
        entries: [
          {
            field: "customerClass",
            before: "general",
            after: "major",
            at: Date.UTC(2025, 1, 1),
            by: lead,
          },
          { field: "profile.fax", before: "030 9", at: Date.UTC(2025, 5, 1), by: lead },
        ],
      },
    ])
    // read in UTC, the New Year's Eve review belongs to 2025
    expect(right(Review.adjustmentIndex([archive], 2025, utc))[0]?.reviewedAt).toEqual([
      newYearsEve,
      Date.UTC(2025, 5, 1),
    ])
    expect(right(Review.adjustmentIndex([archive, quiet], 2023, newYork))).toEqual([])
  })
})

describe("Review: bad input", () => {
  const archive = fileArchive(Date.UTC(2024, 0, 1), "general", "cus_42", [
    { key: "phone", value: "030 1" },
  ])

  it("ARC-2 a bad review gives a ValidationError naming each bad field", () => {
    expectPaths(left(Review.review(archive, { at: "yesterday", by: "" })), [["at"], ["by"]])
    expectPaths(
      left(
        Review.review(archive, {
          at: Date.UTC(2024, 5, 1),
          by: lead,
          set: [
            { key: "phone", value: "1" },
            { key: "phone", value: "2" },
          ],
          remove: ["phone"],
        }),
      ),
      [
        ["set", 1, "key"],
        ["remove", 0],
      ],
    )
    expectPaths(
      left(Review.review(archive, { at: Date.UTC(2024, 5, 1), by: lead, remove: ["fax"] })),
      [["remove", 0]],
    )
  })

  it("ARC-2 a review dated before the latest history entry is an OutOfOrderError on at", () => {
    const error = left(Review.review(archive, { at: Date.UTC(2023, 11, 31), by: lead }))
    expect(error).toBeInstanceOf(Archive.OutOfOrderError)
    expect(error).toMatchObject({ field: "at", latest: Date.UTC(2024, 0, 1) })
  })

  it("ARC-2 an unsupported instant or year is a ValidationError naming since, now or year", () => {
    expectPaths(left(Review.nextReviewDue(Number.NaN, utc)), [["since"]])
    expectPaths(left(Review.overdue([archive], utc, Number.POSITIVE_INFINITY)), [["now"]])
    expectPaths(left(Review.adjustmentIndex([archive], 2024.5, utc)), [["year"]])
  })
})

describe("Review: properties", () => {
  const zones = ["UTC", "Europe/Berlin", "America/New_York", "Pacific/Auckland", "Asia/Kolkata"]
  const classes = ["major", "general", "potential"] as const

  /** Steps of whole local days with a time of day clear of midnight and of DST gaps. */
  const step = (maxDays: number) =>
    FastCheck.record({
      days: FastCheck.integer({ min: 0, max: maxDays }),
      minute: FastCheck.integer({ min: 4 * 60, max: 20 * 60 }),
      moveTo: FastCheck.option(FastCheck.constantFrom(...classes), { nil: undefined }),
    })

  it("ARC-2 an archive reviewed at least once in every policy period is never reported overdue", () => {
    FastCheck.assert(
      FastCheck.property(
        FastCheck.constantFrom(...zones),
        FastCheck.constantFrom("lastDay" as const, "nextDay" as const),
        FastCheck.record({
          major: FastCheck.integer({ min: 1, max: 12 }),
          general: FastCheck.integer({ min: 1, max: 12 }),
          potential: FastCheck.integer({ min: 1, max: 12 }),
        }),
        FastCheck.integer({
          min: Civil.dayNumberOf(2000, 1, 1),
          max: Civil.dayNumberOf(2040, 1, 1),
        }),
        FastCheck.array(step(336), { minLength: 1, maxLength: 12 }),
        step(336),
        (zone, missingDay, months, firstDay, steps, last) => {
          const policy = policyOf({
            zone,
            missingDay,
            months: months.general,
            classMonths: [
              { customerClass: "major", months: months.major },
              { customerClass: "potential", months: months.potential },
            ],
          })
          // n months are at least 28·n days, so a gap of 28 × the shortest interval
          // is within every class's period whatever the moves
          const maxGap = 28 * Math.min(months.major, months.general, months.potential)
          const at = (day: number, minute: number) =>
            Zone.instantOf(zone, day * Civil.dayMs + minute * 60_000)
          let day = firstDay
          let archive = fileArchive(at(day, 600), classes[firstDay % 3])
          for (const { days, minute, moveTo } of steps) {
            day += days % (maxGap + 1)
            // two entries on one local day keep their order: the later time wins
            const when = Math.max(at(day, minute), Archive.latestAt(archive))
            if (moveTo !== undefined) archive = refileAt(archive, moveTo, when)
            // the moment before each review is the latest the archive could be overdue
            expect(right(Review.overdue([archive], policy, when)).items).toEqual([])
            archive = reviewAt(archive, when)
          }
          const now = Math.max(
            at(day + (last.days % (maxGap + 1)), last.minute),
            Archive.latestAt(archive),
          )
          expect(right(Review.overdue([archive], policy, now)).items).toEqual([])
        },
      ),
      { numRuns: 200 },
    )
  })

  it("ARC-2 the adjustment index only grows: every change keeps each year's earlier entries", () => {
    const keys = ["phone", "fax", "industry"] as const
    const operation = FastCheck.record({
      afterDays: FastCheck.integer({ min: 0, max: 200 }),
      kind: FastCheck.constantFrom("review" as const, "refile" as const),
      key: FastCheck.constantFrom(...keys),
      value: FastCheck.constantFrom("a", "b", "c"),
      remove: FastCheck.boolean(),
      to: FastCheck.constantFrom(...classes),
    })
    FastCheck.assert(
      FastCheck.property(FastCheck.array(operation, { maxLength: 25 }), (operations) => {
        let archive = fileArchive(Date.UTC(2023, 6, 1))
        let at = Date.UTC(2023, 6, 1)
        const years = [2023, 2024, 2025, 2026, 2027, 2028, 2029, 2030]
        let before = years.map((year) => right(Review.adjustmentIndex([archive], year, utc)))
        for (const op of operations) {
          at += op.afterDays * Civil.dayMs
          const hasKey = archive.profile.some((fact) => fact.key === op.key)
          const next =
            op.kind === "refile"
              ? refileAt(archive, op.to, at)
              : reviewAt(
                  archive,
                  at,
                  op.remove && hasKey
                    ? { remove: [op.key] }
                    : { set: [{ key: op.key, value: op.value }] },
                )
          expect(Archive.extendsHistory(archive, next)).toBe(true)
          const after = years.map((year) => right(Review.adjustmentIndex([next], year, utc)))
          years.forEach((_, index) => {
            const earlier = before[index]?.[0]
            const later = after[index]?.[0]
            if (earlier === undefined) return
            expect(later).toBeDefined()
            expect(later?.entries.slice(0, earlier.entries.length)).toEqual(earlier.entries)
            expect(later?.reviewedAt.slice(0, earlier.reviewedAt.length)).toEqual(
              earlier.reviewedAt,
            )
          })
          archive = next
          before = after
        }
      }),
    )
  })
})
