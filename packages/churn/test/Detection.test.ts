import { Errors } from "@clientele/core"
import * as Arbitrary from "effect/Arbitrary"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import * as Schema from "effect/Schema"
import { describe, expect, it } from "vitest"
import * as BgNbd from "../src/BgNbd.js"
import * as Detection from "../src/Detection.js"
import type * as Summary from "../src/Summary.js"

const right = <A, E>(result: Either.Either<A, E>): A => {
  if (Either.isLeft(result)) throw new Error(`expected Right, got ${String(result.left)}`)
  return result.right
}

const left = <A, E>(result: Either.Either<A, E>): E => {
  if (Either.isRight(result)) throw new Error("expected Left")
  return result.left
}

const policy = Detection.make({ id: "retail", version: 1 })

interface Row {
  readonly id: string
  readonly x: number
  readonly tx: number
  readonly T: number
  readonly p: number
  readonly e: number
}

/** A columnar input from rows, in one time unit. */
const base = (
  rows: ReadonlyArray<Row>,
  timeUnit: Summary.TimeUnit = "days",
): Detection.DetectionInput => ({
  timeUnit,
  customerIds: rows.map((r) => r.id),
  frequency: Float64Array.from(rows, (r) => r.x),
  recency: Float64Array.from(rows, (r) => r.tx),
  age: Float64Array.from(rows, (r) => r.T),
  pAlive: Float64Array.from(rows, (r) => r.p),
  expectedPurchases: Float64Array.from(rows, (r) => r.e),
})

const row = (id: string, overrides: Partial<Row> = {}): Row => ({
  id,
  x: 5,
  tx: 300,
  T: 320,
  p: 0.9,
  e: 1,
  ...overrides,
})

const only = (p: Detection.DetectionPolicy, r: Row, unit: Summary.TimeUnit = "days") =>
  right(Detection.detect(p, base([r], unit))).candidates[0]

const issuesOf = (error: Errors.ValidationError) =>
  error.issues.map((issue) => [issue.path, issue.message] as const)

describe("Detection: the policy", () => {
  it("CHN-1 the default policy: at risk below P(alive) 0.5, churned below 0.2 or under 0.05 expected purchases in 90 days, inactive 180/365 days, one-time buyers by inactivity", () => {
    expect(policy.model).toEqual({
      atRiskBelow: 0.5,
      churnedBelow: 0.2,
      minimumExpectedPurchases: 0.05,
      horizonDays: 90,
    })
    expect(policy.inactivity).toEqual({ atRiskAfterDays: 180, churnedAfterDays: 365 })
    expect(policy.signals).toEqual({ repeatBuyers: "both", oneTimeBuyers: "inactivity" })
  })

  it("CHN-1 a policy with thresholds out of order or out of range is refused with the field at fault", () => {
    const error = left(
      Detection.decodeEither({
        id: "retail",
        version: 1,
        model: { atRiskBelow: 0.3, churnedBelow: 0.4 },
        inactivity: { atRiskAfterDays: 200, churnedAfterDays: 100 },
      }),
    )
    expect(error).toBeInstanceOf(Errors.ValidationError)
    expect(error.issues.map((i) => i.path)).toEqual([
      ["model", "churnedBelow"],
      ["inactivity", "churnedAfterDays"],
    ])
    const ranges = left(
      Detection.decodeEither({
        id: "retail",
        version: 0,
        model: { atRiskBelow: 1.5, minimumExpectedPurchases: -1, horizonDays: 0 },
        signals: { oneTimeBuyers: "never" },
      }),
    )
    expect(ranges.issues.map((i) => i.path)).toEqual(
      expect.arrayContaining([
        ["version"],
        ["model", "atRiskBelow"],
        ["model", "minimumExpectedPurchases"],
        ["model", "horizonDays"],
        ["signals", "oneTimeBuyers"],
      ]),
    )
  })

  it("CHN-1 the horizon converts from days to the input's time unit", () => {
    const p = Detection.make({ id: "retail", version: 1, model: { horizonDays: 91 } })
    expect(Detection.horizon(p, "weeks")).toBe(13)
    expect(Detection.horizon(p, "days")).toBe(91)
  })
})

describe("Detection: the model signal", () => {
  it("CHN-1 P(alive) below 0.5 is at risk, below 0.2 churned, and the result records the policy version", () => {
    const result = right(
      Detection.detect(
        policy,
        base([row("alive", { p: 0.5 }), row("doubtful", { p: 0.49 }), row("gone", { p: 0.19 })]),
      ),
    )
    expect(result.policy).toEqual({ id: "retail", version: 1 })
    expect(result.candidates.map((c) => [c.customerId, c.status, c.signals])).toEqual([
      ["doubtful", "atRisk", ["model"]],
      ["gone", "churned", ["model"]],
    ])
    expect(result.candidates[0]).toMatchObject({
      modelStatus: "atRisk",
      pAlive: 0.49,
      frequency: 5,
      daysSinceLastPurchase: 20,
    })
    expect(result.candidates[0]?.inactivityStatus).toBeUndefined()
  })

  it("CHN-1 expected purchases over the horizon below the minimum mark a probably-alive customer churned", () => {
    const candidate = only(policy, row("rare", { p: 0.95, e: 0.04 }))
    expect(candidate).toMatchObject({
      status: "churned",
      modelStatus: "churned",
      signals: ["model"],
    })
    const off = Detection.make({ id: "retail", version: 2, model: { minimumExpectedPurchases: 0 } })
    expect(only(off, row("rare", { p: 0.95, e: 0 }))).toBeUndefined()
  })
})

describe("Detection: the inactivity rule", () => {
  it("CHN-1 the days since the last purchase are T − t_x, converted from weeks; 26 weeks is at risk, 52.142857 weeks churned", () => {
    const atRisk = only(policy, row("w", { x: 3, tx: 10, T: 36, p: 0.9 }), "weeks")
    expect(atRisk).toMatchObject({
      status: "atRisk",
      inactivityStatus: "atRisk",
      signals: ["inactivity"],
      daysSinceLastPurchase: 182,
    })
    // A caller's rounding of 365 days to weeks still meets the threshold.
    const churned = only(policy, row("w", { x: 3, tx: 0.5, T: 0.5 + 52.142857, p: 0.9 }), "weeks")
    expect(churned?.status).toBe("churned")
    expect(only(policy, row("w", { x: 3, tx: 1, T: 26, p: 0.9 }), "weeks")).toBeUndefined()
  })

  it("CHN-1 a one-time buyer, whose BG/NBD P(alive) is 1 by construction, is found by the inactivity rule", () => {
    const oneTimer = row("once", { x: 0, tx: 0, T: 400, p: 1, e: 0.2 })
    expect(only(policy, oneTimer)).toMatchObject({
      status: "churned",
      signals: ["inactivity"],
      frequency: 0,
      daysSinceLastPurchase: 400,
    })
    const modelOnly = Detection.make({
      id: "retail",
      version: 2,
      signals: { oneTimeBuyers: "model" },
    })
    expect(only(modelOnly, oneTimer)).toBeUndefined()
  })

  it("CHN-1 the one-time-buyer flag decides which signal applies to x = 0: with `both`, an MBG/NBD score can flag them too", () => {
    const both = Detection.make({ id: "retail", version: 2, signals: { oneTimeBuyers: "both" } })
    const recent = row("once", { x: 0, tx: 0, T: 30, p: 0.1, e: 0.02 })
    expect(only(policy, recent)).toBeUndefined()
    expect(only(both, recent)).toMatchObject({ status: "churned", signals: ["model"] })
    // a low score never touches a one-time buyer under the default (inactivity only)
    expect(only(policy, { ...recent, T: 200 })).toMatchObject({
      status: "atRisk",
      signals: ["inactivity"],
    })
  })

  it("CHN-1 the repeat-buyer flag can restrict repeat buyers to one signal", () => {
    const idle = row("idle", { x: 4, tx: 10, T: 400, p: 0.1 })
    const modelOnly = Detection.make({ id: "r", version: 1, signals: { repeatBuyers: "model" } })
    const inactivityOnly = Detection.make({
      id: "r",
      version: 1,
      signals: { repeatBuyers: "inactivity" },
    })
    expect(only(modelOnly, idle)).toMatchObject({ signals: ["model"], modelStatus: "churned" })
    expect(only(modelOnly, idle)?.inactivityStatus).toBeUndefined()
    expect(only(inactivityOnly, idle)).toMatchObject({ signals: ["inactivity"] })
    expect(only(inactivityOnly, idle)?.modelStatus).toBeUndefined()
  })

  it("CHN-1 when both signals fire the status is the worse one and each signal's status is kept", () => {
    const candidate = only(policy, row("both", { x: 2, tx: 10, T: 400, p: 0.4 }))
    expect(candidate).toMatchObject({
      status: "churned",
      signals: ["model", "inactivity"],
      modelStatus: "atRisk",
      inactivityStatus: "churned",
    })
  })
})

describe("Detection: the input from a base and a model's scores", () => {
  it("CHN-1 inputOf pairs the base's ids and columns with the scores, and detection from it flags the customers the scores say", () => {
    const observations = {
      timeUnit: "weeks" as const,
      customerIds: ["steady", "fading", "once"],
      frequency: Float64Array.of(8, 3, 0),
      recency: Float64Array.of(50, 10, 0),
      age: Float64Array.of(52, 52, 52),
    }
    const scores = BgNbd.score(
      { r: 0.24, alpha: 4.41, a: 0.79, b: 2.43 },
      observations,
      Detection.horizon(policy, "weeks"),
    )
    const input = Detection.inputOf(observations, scores)
    expect(input).toEqual({
      ...observations,
      pAlive: scores.probabilityAlive,
      expectedPurchases: scores.expectedPurchases,
    })
    expect(input.pAlive).toBe(scores.probabilityAlive)
    const result = right(Detection.detect(policy, input))
    const fading = result.candidates.find((candidate) => candidate.customerId === "fading")
    expect(fading?.pAlive).toBeCloseTo(scores.probabilityAlive[1] ?? Number.NaN, 12)
    expect(fading?.signals).toContain("model")
    expect(result.candidates.map((candidate) => candidate.customerId)).not.toContain("steady")
  })
})

describe("Detection: the summary", () => {
  it("CHN-1 the summary counts customers, one-time buyers, and candidates by status and by signal", () => {
    const result = right(
      Detection.detect(
        policy,
        base([
          row("active"),
          row("model-at-risk", { p: 0.4 }),
          row("both", { x: 2, tx: 10, T: 400, p: 0.4 }),
          row("once-idle", { x: 0, tx: 0, T: 200, p: 1 }),
          row("once-new", { x: 0, tx: 0, T: 20, p: 1 }),
        ]),
      ),
    )
    expect(result.summary).toEqual({
      customers: 5,
      oneTimeBuyers: 2,
      candidates: 3,
      oneTimeBuyerCandidates: 1,
      byStatus: { atRisk: 2, churned: 1 },
      bySignal: { model: { atRisk: 2, churned: 0 }, inactivity: { atRisk: 1, churned: 1 } },
    })
  })

  it("CHN-1 an empty customer base gives no candidates", () => {
    const result = right(Detection.detect(policy, base([])))
    expect(result.candidates).toEqual([])
    expect(result.summary.customers).toBe(0)
  })
})

describe("Detection: bad input is a typed error naming the field and the row", () => {
  it("CHN-1 columns of different lengths name the column", () => {
    const input = { ...base([row("a"), row("b")]), pAlive: Float64Array.of(0.5) }
    const error = left(Detection.detect(policy, input))
    expect(issuesOf(error)).toEqual([[["pAlive"], "pAlive has 1 values but customerIds has 2"]])
  })

  it("CHN-1 P(alive) outside [0, 1] names the row", () => {
    const error = left(Detection.detect(policy, base([row("a"), row("b", { p: 1.2 })])))
    expect(error.issues.map((i) => i.path)).toEqual([["pAlive", 1]])
  })

  it("CHN-1 NaN in any column is refused, never treated as a number", () => {
    for (const column of ["frequency", "recency", "age", "pAlive", "expectedPurchases"] as const) {
      const input = base([row("a"), row("b")])
      const values = Float64Array.from(input[column])
      values[1] = Number.NaN
      const error = left(Detection.detect(policy, { ...input, [column]: values }))
      expect(error.issues.map((i) => i.path)).toContainEqual([column, 1])
    }
  })

  it("CHN-1 negative times and a negative or fractional x are refused", () => {
    const error = left(
      Detection.detect(
        policy,
        base([
          row("a", { tx: -1 }),
          row("b", { T: -5, tx: 0, x: 0 }),
          row("c", { x: 1.5 }),
          row("d", { x: -1 }),
        ]),
      ),
    )
    expect(error.issues.map((i) => i.path)).toEqual([
      ["recency", 0],
      ["recency", 1],
      ["age", 1],
      ["frequency", 2],
      ["frequency", 3],
    ])
  })

  it("CHN-1 t_x after T is refused, and so is t_x > 0 without repeat purchases", () => {
    const error = left(
      Detection.detect(policy, base([row("a", { tx: 30, T: 20 }), row("b", { x: 0, tx: 3 })])),
    )
    expect(issuesOf(error)).toEqual([
      [["recency", 0], "t_x (30) is after T (20): the last purchase is after the end"],
      [["recency", 1], "a customer without repeat purchases has t_x = 0, not 3"],
    ])
  })

  it("CHN-1 an empty or control-character id and an unknown time unit are refused", () => {
    const error = left(
      Detection.detect(policy, {
        ...base([row(""), row("a\u0000b")]),
        timeUnit: "months" as Summary.TimeUnit,
      }),
    )
    expect(error.issues.map((i) => i.path)).toEqual([["timeUnit"]])
    const ids = left(Detection.detect(policy, base([row(""), row("a\u0000b")])))
    expect(ids.issues.map((i) => i.path)).toEqual([
      ["customerIds", 0],
      ["customerIds", 1],
    ])
  })

  it("CHN-1 a thousand bad rows report at most 20 issues, and nothing is thrown", () => {
    const n = 1_000
    const input = base(Array.from({ length: n }, (_, i) => row(`c${i}`, { p: 2 })))
    const result = Detection.detect(policy, input)
    expect(Either.isLeft(result)).toBe(true)
    expect(left(result).issues).toHaveLength(20)
  })
})

// --- properties -------------------------------------------------------------------

const rowArbitrary = FastCheck.record({
  x: FastCheck.integer({ min: 0, max: 30 }),
  T: FastCheck.double({ min: 0, max: 800, noNaN: true }),
  share: FastCheck.double({ min: 0, max: 1, noNaN: true }),
  p: FastCheck.double({ min: 0, max: 1, noNaN: true }),
  e: FastCheck.double({ min: 0, max: 3, noNaN: true }),
}).map(
  ({ x, T, share, p, e }): Row => ({
    id: "c",
    x,
    tx: x === 0 ? 0 : T * share,
    T,
    p,
    e,
  }),
)

const rowsArbitrary = FastCheck.array(rowArbitrary, { maxLength: 40 }).map((rows) =>
  rows.map((r, i) => ({ ...r, id: `c${i}` })),
)

const choice = FastCheck.constantFrom<Detection.SignalChoice>("model", "inactivity", "both")

/** A policy and a stricter one: lower probability and expectation thresholds, longer inactivity. */
const policyPairArbitrary = FastCheck.record({
  atRisk: FastCheck.tuple(
    FastCheck.double({ min: 0, max: 1, noNaN: true }),
    FastCheck.double({ min: 0, max: 1, noNaN: true }),
  ),
  churnedShare: FastCheck.tuple(
    FastCheck.double({ min: 0, max: 1, noNaN: true }),
    FastCheck.double({ min: 0, max: 1, noNaN: true }),
  ),
  minimum: FastCheck.tuple(
    FastCheck.double({ min: 0, max: 2, noNaN: true }),
    FastCheck.double({ min: 0, max: 1, noNaN: true }),
  ),
  atRiskDays: FastCheck.tuple(
    FastCheck.integer({ min: 1, max: 600 }),
    FastCheck.integer({ min: 0, max: 300 }),
  ),
  churnedExtra: FastCheck.tuple(
    FastCheck.integer({ min: 0, max: 400 }),
    FastCheck.integer({ min: 0, max: 300 }),
  ),
  repeatBuyers: choice,
  oneTimeBuyers: choice,
}).map((g) => {
  const atRisk = Math.max(g.atRisk[0], g.atRisk[1])
  const stricterAtRisk = Math.min(g.atRisk[0], g.atRisk[1])
  const churned = atRisk * g.churnedShare[0]
  // never above its own at-risk threshold, never above the looser churned threshold
  const stricterChurned = Math.min(churned, stricterAtRisk) * g.churnedShare[1]
  const atRiskDays = g.atRiskDays[0]
  const churnedDays = atRiskDays + g.churnedExtra[0]
  const stricterAtRiskDays = atRiskDays + g.atRiskDays[1]
  const stricterChurnedDays = Math.max(churnedDays + g.churnedExtra[1], stricterAtRiskDays)
  const signals = { repeatBuyers: g.repeatBuyers, oneTimeBuyers: g.oneTimeBuyers }
  const loose = Detection.make({
    id: "loose",
    version: 1,
    model: { atRiskBelow: atRisk, churnedBelow: churned, minimumExpectedPurchases: g.minimum[0] },
    inactivity: { atRiskAfterDays: atRiskDays, churnedAfterDays: churnedDays },
    signals,
  })
  const strict = Detection.make({
    id: "strict",
    version: 1,
    model: {
      atRiskBelow: stricterAtRisk,
      churnedBelow: stricterChurned,
      minimumExpectedPurchases: g.minimum[0] * g.minimum[1],
    },
    inactivity: { atRiskAfterDays: stricterAtRiskDays, churnedAfterDays: stricterChurnedDays },
    signals,
  })
  return { loose, strict }
})

const rank = (status: Detection.Status | undefined) =>
  status === undefined ? 0 : status === "atRisk" ? 1 : 2

describe("Detection: properties", () => {
  it("CHN-1 every valid policy survives storage (decode(encode(p)) = p) and judges every valid customer base without failing", () => {
    const policies = Arbitrary.make(Detection.DetectionPolicy)
    FastCheck.assert(
      FastCheck.property(policies, rowsArbitrary, (p, rows) => {
        const stored = Schema.encodeSync(Detection.DetectionPolicy)(p)
        expect(Schema.decodeUnknownSync(Detection.DetectionPolicy)(stored)).toEqual(p)
        expect(Either.isRight(Detection.detect(p, base(rows)))).toBe(true)
        expect(Either.isRight(Detection.detect(p, base(rows, "weeks")))).toBe(true)
      }),
      { numRuns: 200 },
    )
  })

  it("CHN-1 lowering the thresholds (and lengthening the inactivity periods) never adds a candidate nor worsens a status", () => {
    FastCheck.assert(
      FastCheck.property(rowsArbitrary, policyPairArbitrary, (rows, { loose, strict }) => {
        const input = base(rows)
        const looser = new Map(
          right(Detection.detect(loose, input)).candidates.map((c) => [c.customerId, c]),
        )
        for (const candidate of right(Detection.detect(strict, input)).candidates) {
          const before = looser.get(candidate.customerId)
          expect(before).toBeDefined()
          expect(rank(candidate.status)).toBeLessThanOrEqual(rank(before?.status))
        }
      }),
      { numRuns: 300 },
    )
  })

  it("CHN-1 under the inactivity rule a longer gap since the last purchase never makes a customer less at risk", () => {
    const inactivityOnly = Detection.make({
      id: "idle",
      version: 1,
      signals: { repeatBuyers: "inactivity", oneTimeBuyers: "inactivity" },
    })
    FastCheck.assert(
      FastCheck.property(
        rowArbitrary,
        FastCheck.double({ min: 0, max: 500, noNaN: true }),
        FastCheck.constantFrom<Summary.TimeUnit>("days", "weeks"),
        (r, extra, unit) => {
          const shorter = only(inactivityOnly, r, unit)
          const longer = only(inactivityOnly, { ...r, T: r.T + extra }, unit)
          expect(rank(longer?.status)).toBeGreaterThanOrEqual(rank(shorter?.status))
        },
      ),
      { numRuns: 300 },
    )
  })

  it("CHN-1 there are never more candidates than customers, and the summary recounts the candidates", () => {
    FastCheck.assert(
      FastCheck.property(rowsArbitrary, policyPairArbitrary, (rows, { loose }) => {
        const { candidates, summary } = right(Detection.detect(loose, base(rows)))
        expect(candidates.length).toBeLessThanOrEqual(rows.length)
        expect(summary.customers).toBe(rows.length)
        expect(summary.candidates).toBe(candidates.length)
        expect(summary.byStatus.atRisk + summary.byStatus.churned).toBe(candidates.length)
        const countBy = (signal: "modelStatus" | "inactivityStatus", status: Detection.Status) =>
          candidates.filter((c) => c[signal] === status).length
        expect(summary.bySignal).toEqual({
          model: {
            atRisk: countBy("modelStatus", "atRisk"),
            churned: countBy("modelStatus", "churned"),
          },
          inactivity: {
            atRisk: countBy("inactivityStatus", "atRisk"),
            churned: countBy("inactivityStatus", "churned"),
          },
        })
        expect(summary.oneTimeBuyers).toBe(rows.filter((r) => r.x === 0).length)
        for (const c of candidates) {
          expect(c.signals.length).toBeGreaterThan(0)
          expect(rank(c.status)).toBe(Math.max(rank(c.modelStatus), rank(c.inactivityStatus)))
        }
      }),
      { numRuns: 200 },
    )
  })

  it("CHN-1 a large base (100,000 customers) is judged in one pass, every customer counted (speed is measured in bench/)", () => {
    const n = 100_000
    const frequency = new Float64Array(n)
    const recency = new Float64Array(n)
    const age = new Float64Array(n)
    const pAlive = new Float64Array(n)
    const expectedPurchases = new Float64Array(n)
    const customerIds: Array<string> = new Array(n)
    for (let i = 0; i < n; i++) {
      customerIds[i] = `c${i}`
      frequency[i] = i % 7
      age[i] = 27 + (i % 1200) / 100
      recency[i] = frequency[i] === 0 ? 0 : (age[i] as number) * ((i % 97) / 97)
      pAlive[i] = (i % 1000) / 999
      expectedPurchases[i] = (i % 50) / 10
    }
    const input: Detection.DetectionInput = {
      timeUnit: "weeks",
      customerIds,
      frequency,
      recency,
      age,
      pAlive,
      expectedPurchases,
    }
    const result = right(Detection.detect(policy, input))
    expect(result.summary.customers).toBe(n)
    expect(result.summary.candidates).toBeGreaterThan(0)
    expect(result.candidates.length).toBe(result.summary.candidates)
  })
})
