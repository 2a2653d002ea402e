import { Errors, Ids, Period, Personal } from "@clientele/core"
import * as Arbitrary from "effect/Arbitrary"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"
import { describe, expect, it } from "vitest"
import * as Insight from "../src/Insight.js"

const UTC = Period.TimeZone.make("UTC")
const TOKYO = Period.TimeZone.make("Asia/Tokyo")
const DAY = 86_400_000

const right = <A, E>(result: Either.Either<A, E>): A => {
  if (Either.isLeft(result)) throw new Error(`expected Right, got Left: ${String(result.left)}`)
  return result.right
}
const left = <A, E>(result: Either.Either<A, E>): E => {
  if (Either.isRight(result)) throw new Error("expected Left, got Right")
  return result.left
}

const item = (
  id: string,
  at: number,
  extra: Partial<Omit<Insight.Feedback, "id" | "at">> = {},
): Insight.Feedback => ({ id, post: "contact", kind: "complaint", at, ...extra })

describe("Insight: listening posts (CMP-12)", () => {
  it("CMP-12 an email survey answer without opt-in is refused with a ValidationError at optIn", () => {
    const base = { id: "fb-1", post: "emailSurvey", kind: "praise", at: Date.UTC(2024, 0, 2) }
    for (const input of [base, { ...base, optIn: false }]) {
      const error = left(Insight.decodeFeedback(input))
      expect(error._tag).toBe("ValidationError")
      expect(error.issues.map((issue) => issue.path)).toEqual([["optIn"]])
      expect(error.issues[0]?.message).toContain("CMP-12")
    }
    expect(right(Insight.decodeFeedback({ ...base, optIn: true }))).toEqual({
      ...base,
      optIn: true,
    })
  })

  it("CMP-12 items from the other listening posts need no opt-in", () => {
    for (const post of Insight.ListeningPost.literals.filter((p) => p !== "emailSurvey")) {
      expect(
        Either.isRight(Insight.decodeFeedback({ id: "fb", post, kind: "suggestion", at: 0 })),
      ).toBe(true)
    }
  })

  it("CMP-12 the customer's free text is marked personal, the FAQ question is not", () => {
    const fields = AST.getPropertySignatures(Insight.Feedback.from.ast)
    const personal = fields.filter(Personal.isPersonal).map((field) => field.name)
    expect(personal).toEqual(["text"])
  })

  it("CMP-12 an invalid item names every failing field", () => {
    const error = left(
      Insight.decodeFeedback({ id: "", post: "fax", kind: "question", at: 1.5, category: "X" }),
    )
    expect(error._tag).toBe("ValidationError")
    expect(error.issues.map((issue) => issue.path)).toEqual(
      expect.arrayContaining([["id"], ["post"], ["at"], ["category"]]),
    )
  })
})

describe("Insight: frequency over time (CMP-12)", () => {
  // 2024-01-29 is a Monday; the week runs across the month boundary to Sunday 2024-02-04.
  const items: ReadonlyArray<Insight.Feedback> = [
    item("a", Date.UTC(2024, 0, 29, 10), {
      rootCause: "late-delivery",
      category: "service/long-wait",
    }),
    item("b", Date.UTC(2024, 0, 31, 12), { rootCause: "wrong-size", category: "product" }),
    item("c", Date.UTC(2024, 1, 1, 9), { rootCause: "late-delivery" }),
    item("d", Date.UTC(2024, 1, 4, 20), {
      rootCause: "late-delivery",
      category: "service/long-wait",
    }),
    item("e", Date.UTC(2024, 1, 5, 8), { rootCause: "wrong-size" }),
    item("f", Date.UTC(2024, 1, 2, 15), { category: "price" }),
  ]

  it("CMP-12 weekly counts by root cause run Monday to Sunday across a month boundary", () => {
    expect(Insight.frequency(items, { by: "rootCause", bucket: "week", timeZone: UTC })).toEqual([
      { key: "late-delivery", period: "2024-01-29", count: 3 },
      { key: "wrong-size", period: "2024-01-29", count: 1 },
      { key: "wrong-size", period: "2024-02-05", count: 1 },
    ])
  })

  it("CMP-12 monthly counts name the first of the month", () => {
    expect(Insight.frequency(items, { by: "rootCause", bucket: "month", timeZone: UTC })).toEqual([
      { key: "late-delivery", period: "2024-01-01", count: 1 },
      { key: "wrong-size", period: "2024-01-01", count: 1 },
      { key: "late-delivery", period: "2024-02-01", count: 2 },
      { key: "wrong-size", period: "2024-02-01", count: 1 },
    ])
  })

  it("CMP-12 counts by category skip items without one and sort keys within a period", () => {
    expect(Insight.frequency(items, { by: "category", bucket: "week", timeZone: UTC })).toEqual([
      { key: "price", period: "2024-01-29", count: 1 },
      { key: "product", period: "2024-01-29", count: 1 },
      { key: "service/long-wait", period: "2024-01-29", count: 2 },
    ])
    expect(Insight.countsBy(items, "category")).toEqual([
      { key: "price", count: 1 },
      { key: "product", count: 1 },
      { key: "service/long-wait", count: 2 },
    ])
  })

  it("CMP-12 buckets are civil dates of the report's zone: 23:30 UTC is already tomorrow in Tokyo", () => {
    // Sunday 2024-03-31 23:30 UTC is Monday 2024-04-01 08:30 in Tokyo.
    const late = [item("t", Date.UTC(2024, 2, 31, 23, 30), { rootCause: "late-delivery" })]
    const periods = (bucket: Insight.Bucket, timeZone: Period.TimeZone) =>
      Insight.frequency(late, { by: "rootCause", bucket, timeZone }).map((row) => row.period)
    expect(periods("day", UTC)).toEqual(["2024-03-31"])
    expect(periods("day", TOKYO)).toEqual(["2024-04-01"])
    expect(periods("week", UTC)).toEqual(["2024-03-25"])
    expect(periods("week", TOKYO)).toEqual(["2024-04-01"])
    expect(periods("month", UTC)).toEqual(["2024-03-01"])
    expect(periods("month", TOKYO)).toEqual(["2024-04-01"])
  })

  it("CMP-12 property: the counts sum to the number of items that have the key", () => {
    const feedback = Arbitrary.make(Insight.Feedback)
    FastCheck.assert(
      FastCheck.property(
        FastCheck.array(feedback, { maxLength: 30 }),
        FastCheck.constantFrom("rootCause" as const, "category" as const),
        Arbitrary.make(Insight.Bucket),
        FastCheck.constantFrom(UTC, TOKYO, Period.TimeZone.make("America/New_York")),
        (feedbackItems, by, bucket, timeZone) => {
          const rows = Insight.frequency(feedbackItems, { by, bucket, timeZone })
          const total = rows.reduce((sum, row) => sum + row.count, 0)
          expect(total).toBe(feedbackItems.filter((x) => x[by] !== undefined).length)
          for (const row of rows) {
            if (bucket === "month") expect(row.period.endsWith("-01")).toBe(true)
            if (bucket === "week") expect(new Date(`${row.period}T00:00:00Z`).getUTCDay()).toBe(1) // Monday
          }
        },
      ),
      { numRuns: 200 },
    )
  })
})

describe("Insight: isolated or systemic (CMP-12)", () => {
  it("CMP-12 an issue is systemic only strictly above the threshold: equal is isolated", () => {
    const rows = right(
      Insight.classifyIssues(
        [
          { key: "late-delivery", count: 6 },
          { key: "wrong-size", count: 5 },
        ],
        1000,
        Insight.defaultSystemicPolicy,
      ),
    )
    expect(rows).toEqual([
      { key: "late-delivery", count: 6, ratePerThousand: 6, scope: "systemic" },
      { key: "wrong-size", count: 5, ratePerThousand: 5, scope: "isolated" },
    ])
  })

  it("CMP-12 a high rate from fewer than minimumCount items stays isolated", () => {
    const rows = right(
      Insight.classifyIssues(
        [
          { key: "rare", count: 2 },
          { key: "trend", count: 3 },
        ],
        200,
      ),
    )
    expect(rows).toEqual([
      { key: "rare", count: 2, ratePerThousand: 10, scope: "isolated" },
      { key: "trend", count: 3, ratePerThousand: 15, scope: "systemic" },
    ])
    const strict = Insight.SystemicPolicy.make({ version: 2, threshold: 5, minimumCount: 4 })
    expect(right(Insight.classifyIssues([{ key: "trend", count: 3 }], 200, strict))[0]?.scope).toBe(
      "isolated",
    )
  })

  it("CMP-12 a volume that is not positive is a ValidationError at volume", () => {
    for (const volume of [0, -10, Number.NaN]) {
      const error = left(Insight.classifyIssues([{ key: "x", count: 1 }], volume))
      expect(error._tag).toBe("ValidationError")
      expect(error.issues.map((issue) => issue.path)).toEqual([["volume"]])
      expect(error.issues[0]?.message).toContain("CMP-12")
    }
  })

  it("CMP-12 negative counts and an invalid policy are ValidationErrors naming them", () => {
    const error = left(
      Insight.classifyIssues([{ key: "x", count: -1 }], 100, {
        version: 0,
        threshold: 5,
        minimumCount: 3,
      }),
    )
    expect(error.issues.map((issue) => issue.path)).toEqual([
      ["counts", 0, "count"],
      ["policy", "version"],
    ])
    expect(
      Either.isLeft(
        Insight.decodeSystemicPolicy({ ...Insight.defaultSystemicPolicy, minimumCount: 0 }),
      ),
    ).toBe(true)
  })

  it("CMP-12 property: raising a count never turns a systemic issue isolated", () => {
    FastCheck.assert(
      FastCheck.property(
        FastCheck.nat({ max: 100_000 }),
        FastCheck.nat({ max: 100_000 }),
        FastCheck.integer({ min: 1, max: 10_000_000 }),
        Arbitrary.make(Insight.SystemicPolicy),
        (count, raise, volume, policy) => {
          const [low] = right(Insight.classifyIssues([{ key: "k", count }], volume, policy))
          const [high] = right(
            Insight.classifyIssues([{ key: "k", count: count + raise }], volume, policy),
          )
          if (low?.scope === "systemic") expect(high?.scope).toBe("systemic")
          expect(high?.ratePerThousand ?? 0).toBeGreaterThanOrEqual(low?.ratePerThousand ?? 0)
        },
      ),
    )
  })
})

describe("Insight: Pareto (CMP-12)", () => {
  it("CMP-12 pareto sorts by count, breaks ties by key and ends at a cumulative share of 1", () => {
    expect(
      Insight.pareto([
        { key: "c", count: 2 },
        { key: "b", count: 5 },
        { key: "a", count: 2 },
        { key: "d", count: 1 },
      ]),
    ).toEqual([
      { key: "b", count: 5, share: 0.5, cumulativeShare: 0.5 },
      { key: "a", count: 2, share: 0.2, cumulativeShare: 0.7 },
      { key: "c", count: 2, share: 0.2, cumulativeShare: 0.9 },
      { key: "d", count: 1, share: 0.1, cumulativeShare: 1 },
    ])
  })

  it("CMP-12 pareto of nothing is empty, and of zero counts has zero shares", () => {
    expect(Insight.pareto([])).toEqual([])
    expect(Insight.pareto([{ key: "x", count: 0 }])).toEqual([
      { key: "x", count: 0, share: 0, cumulativeShare: 0 },
    ])
  })

  it("CMP-12 property: the cumulative share never decreases and ends at exactly 1", () => {
    FastCheck.assert(
      FastCheck.property(
        FastCheck.array(
          FastCheck.record({ key: FastCheck.string({ maxLength: 4 }), count: FastCheck.nat(1000) }),
          { maxLength: 40 },
        ),
        (counts) => {
          const rows = Insight.pareto(counts)
          expect(rows.length).toBe(counts.length)
          for (let i = 1; i < rows.length; i++) {
            const previous = rows[i - 1]
            const current = rows[i]
            if (previous === undefined || current === undefined) continue
            expect(current.cumulativeShare).toBeGreaterThanOrEqual(previous.cumulativeShare)
            expect(current.count).toBeLessThanOrEqual(previous.count)
          }
          const total = counts.reduce((sum, c) => sum + c.count, 0)
          if (total > 0) {
            expect(rows[rows.length - 1]?.cumulativeShare).toBe(1)
            expect(rows.reduce((sum, row) => sum + row.share, 0)).toBeCloseTo(1, 9)
          }
        },
      ),
    )
  })
})

describe("Insight: improvement actions (CMP-13)", () => {
  const owner = Ids.StaffId.make("s-owner")
  const lead = Ids.StaffId.make("s-lead")
  const created = Date.UTC(2024, 1, 1)
  const proposed = right(
    Insight.propose({
      id: "imp-1",
      title: "Ship from the nearer warehouse",
      rootCause: "late-delivery",
      source: "insight",
      owner,
      priority: "high",
      createdAt: created,
      by: lead,
    }),
  )

  it("CMP-13 a proposed item has an owner, a priority, a status and its first history entry", () => {
    expect(proposed).toEqual({
      id: "imp-1",
      title: "Ship from the nearer warehouse",
      rootCause: "late-delivery",
      source: "insight",
      owner,
      priority: "high",
      status: "proposed",
      createdAt: created,
      history: [{ status: "proposed", at: created, by: lead }],
    })
    expect(Schema.is(Insight.Improvement)(proposed)).toBe(true)
    const error = left(Insight.propose({ id: "imp-2", title: " ", source: "survey" }))
    expect(error._tag).toBe("ValidationError")
    expect(error.issues.map((issue) => issue.path)).toEqual(
      expect.arrayContaining([["title"], ["source"], ["owner"], ["priority"]]),
    )
  })

  it("CMP-13 a valid chain proposed → planned → inProgress → done appends to the history", () => {
    const planned = right(Insight.transition(proposed, "planned", { at: created + DAY, by: owner }))
    const started = right(
      Insight.transition(planned, "inProgress", { at: created + 2 * DAY, by: owner }),
    )
    const done = right(Insight.transition(started, "done", { at: created + 9 * DAY, by: owner }))
    expect(done.status).toBe("done")
    expect(done.startedAt).toBe(created + 2 * DAY)
    expect(done.completedAt).toBe(created + 9 * DAY)
    expect(done.history).toEqual([
      { status: "proposed", at: created, by: lead },
      { status: "planned", at: created + DAY, by: owner },
      { status: "inProgress", at: created + 2 * DAY, by: owner },
      { status: "done", at: created + 9 * DAY, by: owner },
    ])
    // Append-only: each step keeps the earlier history as it was, and inputs are not mutated.
    expect(done.history.slice(0, started.history.length)).toEqual(started.history)
    expect(started.history.slice(0, planned.history.length)).toEqual(planned.history)
    expect(proposed.history).toHaveLength(1)
    expect(proposed.status).toBe("proposed")
    expect(Schema.is(Insight.Improvement)(done)).toBe(true)
  })

  it("CMP-13 any open item may be dropped; done and dropped are final", () => {
    const dropped = right(Insight.transition(proposed, "dropped", { at: created, by: owner }))
    expect(dropped.status).toBe("dropped")
    for (const to of Insight.ImprovementStatus.literals) {
      const error = left(Insight.transition(dropped, to, { at: created + DAY, by: owner }))
      expect(error._tag).toBe("InvalidTransitionError")
    }
  })

  it("CMP-13 an invalid step is an InvalidTransitionError naming the state and the attempted step", () => {
    const error = left(Insight.transition(proposed, "done", { at: created + DAY, by: owner }))
    expect(error._tag).toBe("InvalidTransitionError")
    expect(error).toMatchObject({ entity: "Improvement", state: "proposed", attempted: "done" })
    expect(error.message).toBe("Improvement in state proposed cannot done")
    expect(proposed.status).toBe("proposed")
    expect(proposed.history).toHaveLength(1)
  })

  it("CMP-13 the transition table is exactly the allowed one", () => {
    const allowed: Record<Insight.ImprovementStatus, ReadonlyArray<Insight.ImprovementStatus>> = {
      proposed: ["planned", "dropped"],
      planned: ["inProgress", "dropped"],
      inProgress: ["done", "dropped"],
      done: [],
      dropped: [],
    }
    for (const from of Insight.ImprovementStatus.literals) {
      const item: Insight.Improvement = {
        ...proposed,
        status: from,
        startedAt: created,
        completedAt: created,
        history: [{ status: from, at: created, by: owner }],
      }
      for (const to of Insight.ImprovementStatus.literals) {
        const result = Insight.transition(item, to, { at: created + DAY, by: owner })
        expect(Either.isRight(result)).toBe(allowed[from].includes(to))
        if (Either.isLeft(result)) {
          expect(result.left).toMatchObject({
            _tag: "InvalidTransitionError",
            state: from,
            attempted: to,
          })
        }
      }
    }
  })

  it("CMP-13 a step dated before the last history entry is a ValidationError at at", () => {
    const planned = right(
      Insight.transition(proposed, "planned", { at: created + 5 * DAY, by: owner }),
    )
    const error = left(Insight.transition(planned, "inProgress", { at: created + DAY, by: owner }))
    expect(error._tag).toBe("ValidationError")
    if (error._tag === "ValidationError") {
      expect(error.issues.map((issue) => issue.path)).toEqual([["at"]])
      expect(error.issues[0]?.message).toContain("CMP-13")
    }
    expect(planned.history).toHaveLength(2)
    expect(planned.status).toBe("planned")
  })

  it("CMP-13 the schema refuses a history out of time order or not ending in the status", () => {
    const error = left(
      Errors.decodeEither(Insight.Improvement)({
        ...proposed,
        status: "planned",
        history: [
          { status: "proposed", at: created + DAY, by: owner },
          { status: "planned", at: created, by: owner },
        ],
      }),
    )
    expect(error.issues.map((issue) => issue.path)).toEqual(
      expect.arrayContaining([["history", 1, "at"]]),
    )
    const mismatch = left(Errors.decodeEither(Insight.Improvement)({ ...proposed, status: "done" }))
    expect(mismatch.issues.map((issue) => issue.path)).toEqual(
      expect.arrayContaining([["status"], ["startedAt"], ["completedAt"]]),
    )
  })

  describe("effect", () => {
    const startedAt = Date.UTC(2024, 2, 1)
    const completedAt = Date.UTC(2024, 2, 15)
    const done: Insight.Improvement = {
      ...proposed,
      status: "done",
      startedAt,
      completedAt,
      history: [
        ...proposed.history,
        { status: "planned", at: startedAt - DAY, by: owner },
        { status: "inProgress", at: startedAt, by: owner },
        { status: "done", at: completedAt, by: owner },
      ],
    }
    const repeat = (n: number, at: number, rootCause = "late-delivery") =>
      Array.from({ length: n }, (_, i) => ({ at: at + i * 3_600_000, rootCause }))
    // Windows of 14 days: before [02-16, 03-01), after [03-15, 03-29).
    const contacts = [
      ...repeat(12, Date.UTC(2024, 1, 20)), // in the before window
      ...repeat(2, Date.UTC(2024, 1, 20), "wrong-size"), // another root cause
      { at: Date.UTC(2024, 1, 15, 23, 59), rootCause: "late-delivery" }, // before the window
      { at: startedAt, rootCause: "late-delivery" }, // while the work runs
      ...repeat(3, Date.UTC(2024, 2, 15)), // in the after window, first at completedAt
      { at: Date.UTC(2024, 2, 29), rootCause: "late-delivery" }, // the after window is over
    ]

    it("CMP-13 the effect is the change of the contact rate for the item's root cause", () => {
      expect(
        right(Insight.improvementEffect(done, contacts, 2000, 1000, { windowDays: 14 })),
      ).toEqual({
        before: 6,
        after: 3,
        change: -3,
        relativeChange: -0.5,
        contactsBefore: 12,
        contactsAfter: 3,
      })
    })

    it("CMP-13 with no contacts before, the relative change is null", () => {
      const after = repeat(2, completedAt)
      expect(right(Insight.improvementEffect(done, after, 1000, 500, { windowDays: 7 }))).toEqual({
        before: 0,
        after: 4,
        change: 4,
        relativeChange: null,
        contactsBefore: 0,
        contactsAfter: 2,
      })
    })

    it("CMP-13 an item that is not done is refused with a PolicyViolationError", () => {
      for (const status of ["proposed", "inProgress", "dropped"] as const) {
        const error = left(
          Insight.improvementEffect({ ...done, status }, contacts, 1000, 1000, { windowDays: 14 }),
        )
        expect(error._tag).toBe("PolicyViolationError")
        if (error._tag === "PolicyViolationError") expect(error.rule).toBe("CMP-13")
      }
    })

    it("CMP-13 non-positive volumes and windows are ValidationErrors naming them", () => {
      const error = left(Insight.improvementEffect(done, contacts, 0, -1, { windowDays: 1.5 }))
      expect(error._tag).toBe("ValidationError")
      if (error._tag === "ValidationError")
        expect(error.issues.map((issue) => issue.path)).toEqual([
          ["volumeBefore"],
          ["volumeAfter"],
          ["windowDays"],
        ])
    })
  })
})

describe("Insight: self-service answers (CMP-14)", () => {
  const asked = (
    id: string,
    question: string | undefined,
    extra: Partial<Insight.Feedback> = {},
  ): Insight.Feedback => ({
    id,
    post: "website",
    kind: "question",
    at: Date.UTC(2024, 0, 1),
    ...(question === undefined ? {} : { question }),
    ...extra,
  })
  const items: ReadonlyArray<Insight.Feedback> = [
    asked("1", "Where is my parcel?", { category: "service/long-wait" }),
    asked("2", "  where   IS my parcel? ", { category: "service/long-wait" }),
    asked("3", "WHERE is my\tparcel?", { category: "service" }),
    asked("4", "How do I return an item?"),
    asked("5", "how do i return an item?"),
    asked("6", "Can I change my order?", { category: "service" }),
    asked("7", "can I change my order?"),
    asked("8", undefined, { rootCause: "invoice-copy" }),
    // Not a question: not counted even though it has a question text.
    { ...asked("9", "Where is my parcel?"), kind: "complaint" },
    // A question with neither text nor root cause cannot be grouped.
    asked("10", undefined),
  ]
  const answers: ReadonlyArray<Insight.StandardAnswer> = [
    Insight.StandardAnswer.make({
      id: "faq-1",
      category: "service",
      question: "How do I return an ITEM?",
      answer: "Bring it to any store within 30 days.",
    }),
    Insight.StandardAnswer.make({
      id: "faq-2",
      category: "price",
      question: "Can I get a copy of my invoice?",
      answer: "Download it from your account.",
      rootCause: "invoice-copy",
    }),
  ]

  it("CMP-14 normaliseQuestion trims, collapses white space and ignores case", () => {
    expect(Insight.normaliseQuestion("  Where\tIS  my\nparcel? ")).toBe("where is my parcel?")
    expect(Insight.normaliseQuestion("where is my parcel?")).toBe("where is my parcel?")
  })

  it("CMP-14 the top N questions by volume, ties by question, flagged when answered", () => {
    expect(Insight.topQuestions(items, answers, 3)).toEqual([
      { question: "where is my parcel?", count: 3, category: "service/long-wait", answered: false },
      { question: "can i change my order?", count: 2, category: "service", answered: false },
      { question: "how do i return an item?", count: 2, category: "service", answered: true },
    ])
  })

  it("CMP-14 questions without text are grouped by root cause, answered through the root cause", () => {
    const all = Insight.topQuestions(items, answers, 10)
    expect(all).toHaveLength(4)
    expect(all[3]).toEqual({
      question: "invoice-copy",
      count: 1,
      category: "price",
      answered: true,
    })
  })

  it("CMP-14 a question whose root cause has a standard answer is answered", () => {
    const withCause = [asked("1", "Where is my bill?", { rootCause: "invoice-copy" })]
    expect(Insight.topQuestions(withCause, answers, 1)).toEqual([
      { question: "where is my bill?", count: 1, category: "price", answered: true },
    ])
  })

  it("CMP-14 N of zero or less reports nothing", () => {
    expect(Insight.topQuestions(items, answers, 0)).toEqual([])
    expect(Insight.topQuestions(items, answers, -2)).toEqual([])
    expect(Insight.topQuestions([], answers, 5)).toEqual([])
  })

  it("CMP-14 property: counts are non-increasing and sum to the grouped questions", () => {
    FastCheck.assert(
      FastCheck.property(
        FastCheck.array(
          FastCheck.record({
            question: FastCheck.constantFrom("A?", " a? ", "B?", "b ?", "C?"),
          }),
          { maxLength: 30 },
        ),
        (rows) => {
          const questions = rows.map((row, i) => asked(String(i), row.question))
          const top = Insight.topQuestions(questions, [], 100)
          expect(top.reduce((sum, row) => sum + row.count, 0)).toBe(questions.length)
          for (let i = 1; i < top.length; i++)
            expect(top[i]?.count ?? 0).toBeLessThanOrEqual(top[i - 1]?.count ?? 0)
        },
      ),
    )
  })
})
