import { Errors, Ids, Money } from "@clientele/core"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import { describe, expect, it } from "vitest"
import * as ChurnCase from "../src/ChurnCase.js"
import * as Lesson from "../src/Lesson.js"
import * as Reports from "../src/Reports.js"

const right = <A, E>(result: Either.Either<A, E>): A => {
  if (Either.isLeft(result)) throw new Error(`expected Right, got ${String(result.left)}`)
  return result.right
}

const left = <A, E>(result: Either.Either<A, E>): E => {
  if (Either.isRight(result)) throw new Error("expected Left")
  return result.left
}

const DAY = 86_400_000
const START = Date.UTC(2024, 0, 1)
const lead = Ids.StaffId.make("lead-1")
const rep = Ids.StaffId.make("rep-3")
const EUR = Money.CurrencyCode.make("EUR")
const step = (days: number) => ({ at: START + days * DAY, by: lead })

type Destination =
  | { readonly competitor: string; readonly channel?: string }
  | "nowhere"
  | "unknown"

interface Story {
  readonly id: string
  readonly value?: { readonly amount: number; readonly currency: string }
  readonly cause?: ChurnCase.Cause
  readonly destination?: Destination
  readonly attractions?: ReadonlyArray<string>
  readonly recoverable?: boolean
  readonly result?: ChurnCase.Result
}

/** A case built through the pure workflow, as the service would store it. */
const story = (s: Story): ChurnCase.ChurnCase => {
  let c = right(
    ChurnCase.open({
      id: s.id,
      customerId: `cus-${s.id}`,
      origin: { _tag: "Manual" },
      ...(s.value === undefined ? {} : { lostValue: s.value }),
      at: START,
      by: lead,
    }),
  )
  if (s.cause !== undefined) {
    const destination = s.destination ?? "unknown"
    c = right(
      ChurnCase.investigate(
        c,
        typeof destination === "object"
          ? {
              destination: {
                _tag: "Competitor",
                competitor: destination.competitor,
                ...(destination.channel === undefined ? {} : { channel: destination.channel }),
              },
              attractions: s.attractions ?? ["lower-price"],
              comparison: { price: { score: 1 }, product: { score: 0 }, service: { score: 0 } },
              cause: s.cause,
            }
          : {
              destination: { _tag: destination === "nowhere" ? "NoReplacement" : "Unknown" },
              attractions: s.attractions ?? [],
              cause: s.cause,
            },
        step(1),
      ),
    )
    if (s.cause !== "product")
      c = right(
        ChurnCase.decideRecovery(
          c,
          s.recoverable === true ? { recoverable: true, owner: rep } : { recoverable: false },
          step(2),
        ),
      )
    if (s.cause !== "service")
      c = right(ChurnCase.decideImprovability(c, { improvable: false }, step(2)))
  }
  if (s.result !== undefined) c = right(ChurnCase.recordOutcome(c, { result: s.result }, step(3)))
  return c
}

const eur = (amount: number) => ({ amount, currency: "EUR" })

const cases = [
  story({
    id: "a",
    value: eur(10_000),
    cause: "service",
    destination: { competitor: "Bargain Depot", channel: "online shop" },
    attractions: ["lower-price", "free-delivery"],
    recoverable: true,
    result: "wonBack",
  }),
  story({
    id: "b",
    value: eur(20_000),
    cause: "service",
    destination: { competitor: "Bargain Depot", channel: "store" },
    recoverable: true,
    result: "lost",
  }),
  story({
    id: "c",
    value: eur(5_000),
    cause: "product",
    destination: { competitor: "Craft & Co" },
    attractions: ["better-quality"],
    result: "lost",
  }),
  story({ id: "d", value: eur(7_000), cause: "both", destination: "nowhere", recoverable: false }),
  story({ id: "e", cause: "service", destination: "unknown", recoverable: true }),
  story({
    id: "f",
    value: { amount: 9_999, currency: "USD" },
    cause: "product",
    destination: "unknown",
  }),
  story({ id: "g", value: eur(3_000) }),
  story({ id: "h", value: eur(1_000), result: "lost" }),
]

describe("Reports: reasons (CHN-2, CHN-3)", () => {
  it("CHN-3 the reasons by cause count the cases and add up their customers' value and what was lost, every cause listed", () => {
    const reasons = right(Reports.reasons(cases, EUR))
    const rows = Object.fromEntries(
      reasons.byCause.map((row) => [
        row.cause,
        [
          row.cases,
          row.lost,
          row.value.amount,
          row.lostValue.amount,
          row.unvalued,
          row.otherCurrency,
        ],
      ]),
    )
    expect(rows).toEqual({
      // a (10 000, won back), b (20 000, lost), e (no value, recovering)
      service: [3, 1, 30_000, 20_000, 1, 0],
      // c (5 000, lost), f (in USD)
      product: [2, 1, 5_000, 5_000, 0, 1],
      // d (7 000, investigated)
      both: [1, 0, 7_000, 0, 0, 0],
    })
    // g (open) and h (lost before any investigation)
    expect(reasons.uninvestigated).toMatchObject({
      cases: 2,
      lost: 1,
      value: Money.make(4_000, "EUR"),
      lostValue: Money.make(1_000, "EUR"),
    })
    expect(right(Reports.reasons([], EUR)).byCause.map((row) => [row.cause, row.cases])).toEqual([
      ["product", 0],
      ["service", 0],
      ["both", 0],
    ])
  })

  it("CHN-2 the reasons by attraction count a case under each thing that attracted the customer, most cases first", () => {
    const reasons = right(Reports.reasons(cases, EUR))
    expect(
      reasons.byAttraction.map((row) => [row.attraction, row.cases, row.value.amount]),
    ).toEqual([
      ["lower-price", 2, 30_000],
      ["better-quality", 1, 5_000],
      ["free-delivery", 1, 10_000],
    ])
  })

  it("CHN-2 a sum of lost values beyond the safe range of minor units is a MoneyOverflowError, not a rounded figure", () => {
    const huge = [
      story({
        id: "x",
        value: eur(Number.MAX_SAFE_INTEGER),
        cause: "product",
        destination: "nowhere",
      }),
      story({
        id: "y",
        value: eur(Number.MAX_SAFE_INTEGER),
        cause: "product",
        destination: "nowhere",
      }),
    ]
    expect(left(Reports.reasons(huge, EUR))).toBeInstanceOf(Money.MoneyOverflowError)
    expect(left(Reports.destinations(huge, EUR))).toBeInstanceOf(Money.MoneyOverflowError)
  })
})

describe("Reports: destinations (CHN-2)", () => {
  it("CHN-2 competitors are listed by cases and value with the channels named for them; nowhere and unknown follow", () => {
    const destinations = right(Reports.destinations(cases, EUR))
    expect(
      destinations.competitors.map((row) => [
        row.competitor,
        row.channels,
        row.cases,
        row.value.amount,
        row.lostValue.amount,
      ]),
    ).toEqual([
      ["Bargain Depot", ["online shop", "store"], 2, 30_000, 20_000],
      ["Craft & Co", [], 1, 5_000, 5_000],
    ])
    expect(destinations.noReplacement).toMatchObject({ cases: 1, value: Money.make(7_000, "EUR") })
    expect(destinations.unknown).toMatchObject({ cases: 2, unvalued: 1, otherCurrency: 1 })
  })
})

describe("Reports: recovery (CHN-4)", () => {
  it("CHN-4 the recovery rate is won back over closed recoverable cases, and over every closed case", () => {
    const recovery = Reports.recovery(cases)
    expect(recovery).toEqual({
      recoverable: { closed: 2, wonBack: 1, lost: 1, rate: 0.5 },
      overall: { closed: 4, wonBack: 1, lost: 3, rate: 0.25 },
      open: 1,
      investigated: 2,
      recovering: 1,
    })
  })

  it("CHN-4 with nothing closed the rates are null, not zero", () => {
    const recovery = Reports.recovery([story({ id: "g" })])
    expect(recovery.overall.rate).toBeNull()
    expect(recovery.recoverable.rate).toBeNull()
    expect(recovery.open).toBe(1)
  })
})

// --- lessons and improvements -----------------------------------------------------

const lesson = (id: string, routes: ReadonlyArray<readonly [Lesson.Department, string]>) => {
  let l = right(
    Lesson.record({
      id,
      title: `Lesson ${id}`,
      description: "What the cases taught us.",
      rootCause: "late-delivery",
      caseIds: ["a"],
      at: START,
      by: lead,
    }),
  )
  for (const [department, owner] of routes)
    l = right(Lesson.route(l, { department, owner }, step(1)))
  return l
}

const improvement = (
  l: Lesson.Lesson,
  id: string,
  department: Lesson.Department,
  options: {
    readonly due?: number
    readonly state?: "open" | "done" | "dropped"
    readonly progressDay?: number
  } = {},
) => {
  let t = right(
    Lesson.startImprovement(
      l,
      {
        id,
        department,
        tracker: "pm-4",
        priority: "normal",
        ...(options.due === undefined ? {} : { dueAt: START + options.due * DAY }),
      },
      step(2),
    ),
  )
  if (options.progressDay !== undefined)
    t = right(
      Lesson.recordProgress(t, { percent: 20, note: "Under way." }, step(options.progressDay)),
    )
  if (options.state === "done") {
    t = right(Lesson.advance(t, "planned", step(40)))
    t = right(Lesson.advance(t, "inProgress", step(41)))
    t = right(Lesson.complete(t, { result: "Shipped." }, step(42)))
  }
  if (options.state === "dropped") t = right(Lesson.advance(t, "dropped", step(40)))
  return t
}

describe("Reports: lessons per department (CHN-6, CHN-7)", () => {
  it("CHN-6 every department lists its lessons and their improvements open, done and dropped; unrouted lessons are counted", () => {
    const l1 = lesson("l1", [
      ["process", "ops-2"],
      ["quality", "qa-1"],
    ])
    const l2 = lesson("l2", [["design", "d-1"]])
    const l3 = lesson("l3", [])
    const outside = lesson("l9", [["sales", "s-1"]])
    const improvements = [
      improvement(l1, "i1", "process"),
      improvement(l1, "i2", "process", { state: "done" }),
      improvement(l1, "i3", "quality", { state: "dropped" }),
      improvement(l2, "i4", "design"),
      // a lesson outside the report: not counted
      improvement(outside, "i9", "sales"),
    ]
    const table = Reports.lessonsByDepartment([l1, l2, l3], improvements)
    expect(
      Object.fromEntries(
        table.departments.map((row) => [
          row.department,
          [row.lessons, row.improvements.open, row.improvements.done, row.improvements.dropped],
        ]),
      ),
    ).toEqual({
      sales: [0, 0, 0, 0],
      design: [1, 1, 0, 0],
      technology: [0, 0, 0, 0],
      process: [1, 1, 1, 0],
      production: [0, 0, 0, 0],
      quality: [1, 0, 0, 1],
    })
    expect(table.unroutedLessons).toBe(1)
  })
})

describe("Reports: improvements that need attention (CHN-7)", () => {
  const l1 = lesson("l1", [["process", "ops-2"]])

  it("CHN-7 improvements past their due date and not closed are overdue, most overdue first", () => {
    const now = START + 100 * DAY
    const attention = right(
      Reports.attention(
        [
          improvement(l1, "late", "process", { due: 90, progressDay: 95 }),
          improvement(l1, "later", "process", { due: 50, progressDay: 95 }),
          improvement(l1, "on-time", "process", { due: 120, progressDay: 95 }),
          improvement(l1, "done", "process", { due: 30, state: "done" }),
        ],
        now,
      ),
    )
    expect(attention.overdue.map((e) => [e.improvementId, e.daysOverdue, e.tracker])).toEqual([
      ["later", 50, "pm-4"],
      ["late", 10, "pm-4"],
    ])
    expect(attention.withoutProgress).toEqual([])
  })

  it("CHN-7 improvements without a progress note for 30 days (from the start when there is none) need attention; closed ones never", () => {
    const now = START + 40 * DAY
    const attention = right(
      Reports.attention(
        [
          improvement(l1, "silent", "process"),
          improvement(l1, "stale", "process", { progressDay: 5 }),
          improvement(l1, "fresh", "process", { progressDay: 30 }),
          improvement(l1, "dropped", "process", { state: "dropped" }),
        ],
        now,
      ),
    )
    expect(
      attention.withoutProgress.map((e) => [
        e.improvementId,
        e.daysWithoutProgress,
        e.lastProgressAt,
      ]),
    ).toEqual([
      ["silent", 38, undefined],
      ["stale", 35, START + 5 * DAY],
    ])
    expect(attention.staleAfterDays).toBe(30)
    const strict = right(
      Reports.attention([improvement(l1, "fresh", "process", { progressDay: 30 })], now, {
        staleAfterDays: 7,
      }),
    )
    expect(strict.withoutProgress.map((e) => e.improvementId)).toEqual(["fresh"])
  })

  it("CHN-7 a bad attention policy is a ValidationError naming the field", () => {
    const error = left(Reports.attention([], START, { staleAfterDays: 0 }))
    expect(error).toBeInstanceOf(Errors.ValidationError)
    expect(new Set(error.issues.map((i) => i.path.join(".")))).toEqual(new Set(["staleAfterDays"]))
  })

  it("CHN-7 the churn report puts reasons, destinations, recovery, lessons and attention together", () => {
    const report = right(
      Reports.churnReport(
        { cases, lessons: [l1], improvements: [improvement(l1, "silent", "process")] },
        { from: START, to: START + 365 * DAY, currency: EUR, now: START + 40 * DAY },
      ),
    )
    expect(report.cases).toBe(cases.length)
    expect(report.reasons).toEqual(right(Reports.reasons(cases, EUR)))
    expect(report.destinations).toEqual(right(Reports.destinations(cases, EUR)))
    expect(report.recovery).toEqual(Reports.recovery(cases))
    expect(report.lessons.departments.find((row) => row.department === "process")).toMatchObject({
      lessons: 1,
      improvements: { open: 1 },
    })
    expect(report.attention.withoutProgress.map((e) => e.improvementId)).toEqual(["silent"])
  })
})

// --- properties -------------------------------------------------------------------

const storyArbitrary = FastCheck.record(
  {
    value: FastCheck.option(
      FastCheck.record({
        amount: FastCheck.integer({ min: 0, max: 1_000_000 }),
        currency: FastCheck.constantFrom("EUR", "USD"),
      }),
      { nil: undefined },
    ),
    cause: FastCheck.option(FastCheck.constantFrom(...ChurnCase.Cause.literals), {
      nil: undefined,
    }),
    destination: FastCheck.oneof(
      FastCheck.constantFrom<Destination>("nowhere", "unknown"),
      FastCheck.record({ competitor: FastCheck.constantFrom("A", "B", "C") }),
    ),
    attractions: FastCheck.uniqueArray(FastCheck.constantFrom("price", "range", "service"), {
      minLength: 1,
    }),
    recoverable: FastCheck.boolean(),
    result: FastCheck.option(FastCheck.constantFrom(...ChurnCase.Result.literals), {
      nil: undefined,
    }),
  },
  { requiredKeys: ["destination", "attractions", "recoverable"] },
)

describe("Reports: properties", () => {
  it("CHN-3 every case is counted once by cause (or as uninvestigated), and the value by cause adds up to the value of all cases in the currency", () => {
    FastCheck.assert(
      FastCheck.property(FastCheck.array(storyArbitrary, { maxLength: 30 }), (stories) => {
        const all = stories.map((s, i) =>
          story({
            ...s,
            id: `s${i}`,
            ...(s.result === "wonBack" && s.cause === undefined ? { result: "lost" } : {}),
          } as Story),
        )
        const reasons = right(Reports.reasons(all, EUR))
        const rows = [...reasons.byCause, reasons.uninvestigated]
        expect(rows.reduce((n, row) => n + row.cases, 0)).toBe(all.length)
        const inEuros = all
          .filter((c) => c.lostValue?.currency === "EUR")
          .reduce((sum, c) => sum + (c.lostValue?.amount ?? 0), 0)
        expect(rows.reduce((sum, row) => sum + row.value.amount, 0)).toBe(inEuros)
        for (const row of rows) expect(row.lostValue.amount).toBeLessThanOrEqual(row.value.amount)
        const destinations = right(Reports.destinations(all, EUR))
        const investigated = all.filter((c) => c.investigation !== undefined).length
        expect(
          destinations.competitors.reduce((n, row) => n + row.cases, 0) +
            destinations.noReplacement.cases +
            destinations.unknown.cases,
        ).toBe(investigated)
        const recovery = Reports.recovery(all)
        expect(
          recovery.overall.closed + recovery.open + recovery.investigated + recovery.recovering,
        ).toBe(all.length)
        expect(recovery.recoverable.closed).toBeLessThanOrEqual(recovery.overall.closed)
      }),
      { numRuns: 200 },
    )
  })
})
