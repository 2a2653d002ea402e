/**
 * The company run's two reports: the terminal text and the self-contained HTML file,
 * drawn from a small hand-made report whose figures agree with each other (ten
 * customers, a few complaints), and from arbitrary reports for the properties.
 */
import * as FastCheck from "effect/FastCheck"
import { describe, expect, it } from "vitest"
import { renderHtml } from "../src/company/report/html.js"
import { renderTerminal } from "../src/company/report/terminal.js"
import type {
  ArchiveSection,
  ChurnSection,
  CompanyReport,
  ComplaintsSection,
  Count,
  LoyaltySection,
  LoyaltyType,
  Overview,
  ReturnsSection,
  ScorecardSection,
  SegmentationSection,
  VisitsSection,
} from "../src/company/sections.js"

const hostile = '<script>alert("x")</script>'

const overview: Overview = {
  company: "Lotus & Sons <Shanghai>",
  seed: 7,
  customers: 10,
  orders: 1234,
  complaints: 6,
  returnRequests: 4,
  visits: 12,
  years: [2023, 2024],
  asOf: Date.parse("2025-01-01T00:00:00+08:00"),
  zone: "Asia/Shanghai",
  currency: "CNY",
  database: "demo.sqlite",
  steps: [
    { name: "generate", milliseconds: 120 },
    { name: "segmentation", milliseconds: 2_500 },
  ],
}

const segmentation: SegmentationSection = {
  year: 2024,
  policyVersion: "tiers-v1",
  tiersByYear: [
    {
      year: 2023,
      tiers: [
        { label: "key", count: 2 },
        { label: "regular", count: 6 },
      ],
    },
    {
      year: 2024,
      tiers: [
        { label: "key", count: 3 },
        { label: "regular", count: 7 },
      ],
    },
  ],
  abcd: [
    { name: "A", customers: 2, contributionShare: 0.625, minutesEach: 120 },
    { name: "B", customers: 3, contributionShare: 0.25, minutesEach: 60 },
    { name: "C", customers: 3, contributionShare: 0.1, minutesEach: 20 },
    { name: "D", customers: 2, contributionShare: 0.025, minutesEach: 0 },
  ],
  pareto: [
    { customerShare: 0, contributionShare: 0, abcd: "A" },
    { customerShare: 0.2, contributionShare: 0.625, abcd: "A" },
    { customerShare: 0.5, contributionShare: 0.875, abcd: "B" },
    { customerShare: 0.8, contributionShare: 0.975, abcd: "C" },
    { customerShare: 1, contributionShare: 1, abcd: "D" },
  ],
  rfmSegments: [
    { label: "champions", count: 3 },
    { label: "at risk", count: 7 },
  ],
  moves: { up: 2, down: 1, entered: 1 },
  cultivationCandidates: 1,
}

const types: ReadonlyArray<LoyaltyType> = ["zero", "latent", "inertial", "high"]

const loyalty: LoyaltySection = {
  year: 2024,
  thresholds: { frequency: 3, dependence: 0.375 },
  counts: { zero: 4, latent: 2, inertial: 1, high: 3 },
  points: [
    ...[0, 1, 1, 2].map((frequency) => ({ frequency, dependence: 0.125, type: "zero" as const })),
    ...[2, 3].map((frequency) => ({ frequency, dependence: 0.5, type: "latent" as const })),
    { frequency: 5, dependence: 0.25, type: "inertial" },
    ...[4, 6, 9].map((frequency) => ({ frequency, dependence: 0.75, type: "high" as const })),
  ],
  transition: {
    types,
    matrix: [
      [3, 0, 0, 0],
      [1, 1, 0, 0],
      [0, 0, 1, 0],
      [0, 0, 0, 3],
    ],
    entered: 1,
    left: 0,
  },
}

const complaints: ComplaintsSection = {
  total: 6,
  open: 1,
  byState: [
    { label: "closed", count: 5 },
    { label: "in progress", count: 1 },
  ],
  attainment: [
    { target: "first response", hit: 9, missed: 1, open: 0, attainment: 0.9 },
    { target: "resolution", hit: 3, missed: 2, open: 1, attainment: 0.6 },
  ],
  attainmentByMonth: [
    { month: "2024-11", hit: 5, missed: 1, attainment: 5 / 6 },
    { month: "2024-12", hit: 7, missed: 2, attainment: 7 / 9 },
  ],
  breaches: {
    byTarget: [
      { label: "first response", count: 1 },
      { label: "resolution", count: 2 },
    ],
    latest: [
      {
        customer: "cus_0006",
        category: "product/damaged",
        target: "resolution",
        dueAt: Date.parse("2024-12-30T18:00:00+08:00"),
        completedAt: null,
      },
    ],
  },
  rootCauses: [
    { label: "late delivery", count: 3 },
    { label: hostile, count: 2 },
    { label: "billing error", count: 1 },
  ],
  firstContactResolution: { resolvedFirstTime: 4, firstContacts: 5 },
  repeatContacts: { repeats: 1, complaints: 6 },
  followUps: { done: 5, byOther: 3 },
  satisfaction: 4.25,
  medianMinutes: { firstResponse: 42, resolution: 1_230 },
}

const returns: ReturnsSection = {
  cases: 4,
  byOutcome: [
    { label: "approved", count: 3 },
    { label: "rejected", count: 1 },
  ],
  byReason: [
    { label: "defective", count: 3 },
    { label: hostile, count: 2 },
  ],
  byReasonClass: [
    { label: "defect", count: 3 },
    { label: "customer", count: 2 },
  ],
  refunded: 123_450,
  exchanges: 1,
  approvalRate: 0.75,
  medianHoursToDecision: 26.5,
}

const visits: VisitsSection = {
  planned: 14,
  visitsDone: 12,
  adherence: [
    { tier: "key", due: 8, done: 8, doneOnTime: 7, overdue: 0, rate: 1, onTimeRate: 0.875 },
    { tier: "regular", due: 6, done: 4, doneOnTime: 3, overdue: 2, rate: 4 / 6, onTimeRate: 0.5 },
  ],
  feedback: {
    cards: 5,
    meanScore: 4.2,
    distribution: ["1", "2", "3", "4", "5"].map((label, k) => ({
      label,
      count: [0, 0, 1, 2, 2][k] ?? 0,
    })),
  },
  followUps: 2,
}

const churn: ChurnSection = {
  model: "BG/NBD",
  customers: 10,
  parameters: [
    { name: "r", value: 0.243 },
    { name: "alpha", value: 4.414 },
  ],
  pAlive: [0, 1, 0, 0, 1, 0, 1, 2, 2, 3].map((count, k) => ({
    label: `${k / 10}–${(k + 1) / 10}`,
    count,
  })),
  atRisk: 2,
  churned: 1,
  topAtRisk: [{ customerId: "cus-0009", pAlive: 0.18, expectedPurchases: 0.42 }],
  holdout: { expected: 14.5, actual: 13 },
}

const archive: ArchiveSection = {
  archives: [
    { label: "customer master", count: 10 },
    { label: "orders", count: 1234 },
  ],
  reviewsOverdue: 1,
  retired: 2,
  swept: [
    { label: "deleted", count: 40 },
    { label: "anonymised", count: 5 },
  ],
  held: 1,
  erasure: { customerId: "cus-0004", deleted: 7, anonymised: 2, kept: 1 },
}

const scorecard: ScorecardSection = {
  periods: ["2024-Q3", "2024-Q4"],
  measures: [
    {
      principle: "communication",
      measure: "follow-ups done",
      unit: "share",
      target: "≥ 90 %",
      values: [0.8, 0.95],
      status: "met",
    },
    {
      principle: "responsiveness",
      measure: "median first response",
      unit: "minutes",
      target: "≤ 30 min",
      values: [35, 42],
      status: "not met",
    },
    {
      principle: "courtesy",
      measure: "complaints about staff",
      unit: "share",
      target: "≤ 2 %",
      values: [null, null],
      status: "no data",
    },
  ],
  assessments: [
    {
      staff: "s-li",
      selfTotal: 41,
      peerTotal: 36,
      largestGap: { indicator: "listening", gap: 2 },
    },
  ],
}

const report: CompanyReport = {
  overview,
  segmentation,
  loyalty,
  complaints,
  returns,
  visits,
  churn,
  archive,
  scorecard,
}

const ansi = String.fromCharCode(27)
const count = (text: string, part: string) => text.split(part).length - 1

describe("renderTerminal", () => {
  const text = renderTerminal(report)
  const lines = text.trimEnd().split("\n")

  it("states the overview: company, seed, sizes grouped by thousands, as-of date, database, steps", () => {
    expect(text).toContain("Lotus & Sons <Shanghai>")
    expect(text).toContain("seed 7")
    expect(text).toContain("1,234 orders")
    expect(text).toContain("as of 2025-01-01 00:00 Asia/Shanghai")
    expect(text).toContain("database demo.sqlite")
    expect(text).toContain("segmentation 2.5 s")
  })

  it("gives each section's key figures", () => {
    // ABCD: class A's share of contribution; loyalty: a quadrant's count and share.
    expect(text).toMatch(/A\s+2\s+20\.0 %\s+62\.5 %\s+120/)
    expect(text).toMatch(/high\s+3\s+30\.0 %/)
    // Complaints: attainment per target and its breaches, the top root cause, FCR.
    expect(text).toMatch(/resolution\s+3\s+2\s+1\s+60\.0 %\s+2/)
    expect(text).toContain("late delivery 3")
    expect(text).toContain("first contact resolution 80.0 %")
    expect(text).toContain("resolution 1,230 min (20.5 h)")
    // Returns: money from minor units with the currency.
    expect(text).toContain("refunded CNY 1,234.50")
    expect(text).toContain("approved 75.0 %")
    expect(text).toMatch(/regular\s+6\s+4\s+3\s+2\s+66\.7 %\s+50\.0 %/)
    // Churn: the buckets as blocks, the customers most at risk.
    expect(text).toMatch(/0 [ ▁▂▃▄▅▆▇█]{10} 1/)
    expect(text).toContain("cus-0009")
    expect(text).toContain("customer cus-0004 · 7 deleted")
    // Scorecard: the last period's value and the status of each measure.
    expect(text).toMatch(/follow-ups done\s+95\.0 %\s+≥ 90 %\s+✓/)
    expect(text).toMatch(/median first response\s+42 min\s+≤ 30 min\s+✗/)
    expect(text).toMatch(/complaints about staff\s+–\s+≤ 2 %\s+–/)
  })

  it("is concise: one screen, no line past 110 columns", () => {
    expect(lines.length).toBeLessThanOrEqual(70)
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(110)
  })

  it("draws the loyalty matrix as a closed box of equal-width lines", () => {
    const box = lines.filter((line) => /[┌├└│]/.test(line))
    expect(box).toHaveLength(5)
    const ends = box.map((line) => [...line].length)
    expect(new Set(ends).size).toBe(1)
  })

  it("writes no ANSI escape without colour, and some with it, with the same visible text", () => {
    expect(text).not.toContain(ansi)
    const coloured = renderTerminal(report, { color: true })
    expect(coloured).toContain(`${ansi}[`)
    expect(coloured.replace(new RegExp(`${ansi}\\[[0-9;]*m`, "g"), "")).toBe(text)
  })

  it("skips the sections the run did not fill", () => {
    const only = renderTerminal({ overview })
    expect(only).toContain("Lotus & Sons")
    for (const heading of [
      "Segmentation",
      "Loyalty",
      "Complaints",
      "Returns",
      "Churn",
      "Scorecard",
    ])
      expect(only).not.toContain(heading)
  })
})

describe("renderHtml", () => {
  const html = renderHtml(report)
  // Pareto, tiers, RFM; loyalty; attainment, by month, breaches, root causes; reasons,
  // outcomes, classes; adherence, feedback; P(alive); archives, retention; a trend per measure.
  const pictures = 3 + 1 + 4 + 3 + 2 + 1 + 2 + scorecard.measures.length

  it("is one HTML document with a picture per figure, each labelled for screen readers", () => {
    expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true)
    expect(count(html, "<html")).toBe(1)
    expect(html.trimEnd().endsWith("</html>")).toBe(true)
    expect(count(html, "<svg")).toBe(pictures)
    expect(count(html, 'role="img"')).toBe(pictures)
    const titles = [...html.matchAll(/<title id="([^"]+)">/g)].map((match) => match[1])
    expect(titles).toHaveLength(pictures)
    expect(new Set(titles).size).toBe(pictures)
    for (const id of titles) expect(html).toContain(`aria-labelledby="${id} ${id}-description"`)
  })

  it("has a header with company, seed, as-of date and sizes, and a table of contents", () => {
    expect(html).toContain("<h1>Lotus &amp; Sons &lt;Shanghai&gt;</h1>")
    expect(html).toContain("seed 7")
    expect(html).toContain("as of 2025-01-01 00:00 (Asia/Shanghai)")
    expect(html).toContain("<dd>1,234</dd>")
    for (const id of ["segmentation", "loyalty", "complaints", "returns", "visits", "churn"]) {
      expect(html).toContain(`<a href="#${id}">`)
      expect(html).toContain(`<section id="${id}"`)
    }
  })

  it("needs nothing from elsewhere: no URL, no source, no script", () => {
    expect(html).not.toMatch(/https?:\/\//)
    expect(html).not.toContain("src=")
    expect(html).not.toContain("url(")
    expect(html).not.toContain("@import")
    expect(html).not.toContain("<script")
    expect(html).not.toContain("<link")
  })

  it("escapes a hostile label wherever it is written", () => {
    // A root cause and a return reason: each in its picture's description and as a bar's label.
    expect(count(html, "&lt;script&gt;alert(")).toBe(4)
    expect(html).not.toContain("<script")
  })

  it("shows the figures each section is about", () => {
    expect(html).toContain("62.5 %")
    expect(html).toContain("CNY 1,234.50")
    expect(html).toContain('<span class="badge met">✓ met</span>')
    expect(html).toContain('<span class="badge not-met">✗ not met</span>')
    expect(html).toContain("still open")
  })

  it("drops the sections the run did not fill", () => {
    const { churn: _churn, scorecard: _scorecard, ...rest } = report
    const partial = renderHtml(rest)
    expect(partial).not.toContain('id="churn"')
    expect(partial).not.toContain('id="scorecard"')
    expect(partial).not.toContain('href="#churn"')
    expect(count(partial, "<svg")).toBe(pictures - 1 - scorecard.measures.length)
    expect(count(renderHtml({ overview }), "<svg")).toBe(0)
  })

  it("gives the same bytes for the same report", () => {
    expect(renderHtml(structuredClone(report))).toBe(html)
  })
})

/* Arbitrary reports: any counts and shares the sections' types allow. */

const fc = FastCheck
const label = fc
  .string({ minLength: 1, maxLength: 14 })
  .filter((text) => !/NaN|Infinity|undefined/.test(text))
const natural = fc.nat({ max: 2_000_000 })
const share = fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null })
const unit = fc.double({ min: 0, max: 1, noNaN: true })
const real = fc.double({ min: -1e9, max: 1e9, noNaN: true, noDefaultInfinity: true })
const instant = fc.integer({ min: 0, max: 4_102_444_800_000 })
const counts: FastCheck.Arbitrary<ReadonlyArray<Count>> = fc.array(
  fc.record({ label, count: natural }),
  { maxLength: 12 },
)
const loyaltyType = fc.constantFrom<LoyaltyType>("zero", "latent", "inertial", "high")

const arbitraryOverview: FastCheck.Arbitrary<Overview> = fc.record({
  company: label,
  seed: fc.nat(),
  customers: natural,
  orders: natural,
  complaints: natural,
  returnRequests: natural,
  visits: natural,
  years: fc.array(fc.integer({ min: 1990, max: 2100 }), { maxLength: 3 }),
  asOf: instant,
  zone: fc.constantFrom("Asia/Shanghai", "UTC", "America/New_York", "Not/AZone"),
  currency: fc.constantFrom("CNY", "JPY", "EUR", "XXX", "??"),
  database: label,
  steps: fc.array(fc.record({ name: label, milliseconds: fc.nat({ max: 10_000_000 }) }), {
    maxLength: 10,
  }),
})

const arbitrarySegmentation: FastCheck.Arbitrary<SegmentationSection> = fc.record({
  year: fc.integer({ min: 1990, max: 2100 }),
  policyVersion: label,
  tiersByYear: fc.array(fc.record({ year: fc.integer({ min: 1990, max: 2100 }), tiers: counts }), {
    maxLength: 3,
  }),
  abcd: fc.array(
    fc.record({ name: label, customers: natural, contributionShare: unit, minutesEach: natural }),
    { maxLength: 6 },
  ),
  pareto: fc.array(fc.record({ customerShare: unit, contributionShare: unit, abcd: label }), {
    maxLength: 40,
  }),
  rfmSegments: counts,
  moves: fc.record({ up: natural, down: natural, entered: natural }),
  cultivationCandidates: natural,
})

const arbitraryLoyalty: FastCheck.Arbitrary<LoyaltySection> = fc.record({
  year: fc.integer({ min: 1990, max: 2100 }),
  thresholds: fc.record({
    frequency: fc.oneof(fc.nat({ max: 60 }), fc.double({ min: 0, max: 60, noNaN: true })),
    dependence: unit,
  }),
  counts: fc.record({ zero: natural, latent: natural, inertial: natural, high: natural }),
  points: fc.array(
    fc.record({
      frequency: fc.oneof(fc.nat({ max: 500 }), fc.double({ min: 0, max: 500, noNaN: true })),
      dependence: unit,
      type: loyaltyType,
    }),
    { maxLength: 200 },
  ),
  transition: fc.record({
    types: fc.constant(types),
    matrix: fc.array(fc.array(natural, { minLength: 4, maxLength: 4 }), {
      minLength: 4,
      maxLength: 4,
    }),
    entered: natural,
    left: natural,
  }),
})

const arbitraryComplaints: FastCheck.Arbitrary<ComplaintsSection> = fc.record({
  total: natural,
  open: natural,
  byState: counts,
  attainment: fc.array(
    fc.record({ target: label, hit: natural, missed: natural, open: natural, attainment: share }),
    { maxLength: 5 },
  ),
  attainmentByMonth: fc.array(
    fc.record({ month: label, hit: natural, missed: natural, attainment: share }),
    { maxLength: 30 },
  ),
  breaches: fc.record({
    byTarget: counts,
    latest: fc.array(
      fc.record({
        customer: label,
        category: label,
        target: label,
        dueAt: instant,
        completedAt: fc.option(instant, { nil: null }),
      }),
      { maxLength: 5 },
    ),
  }),
  rootCauses: counts,
  firstContactResolution: fc.record({ resolvedFirstTime: natural, firstContacts: natural }),
  repeatContacts: fc.record({ repeats: natural, complaints: natural }),
  followUps: fc.record({ done: natural, byOther: natural }),
  satisfaction: fc.option(fc.double({ min: 1, max: 5, noNaN: true }), { nil: null }),
  medianMinutes: fc.record({
    firstResponse: fc.option(natural, { nil: null }),
    resolution: fc.option(natural, { nil: null }),
  }),
})

const arbitraryReturns: FastCheck.Arbitrary<ReturnsSection> = fc.record({
  cases: natural,
  byOutcome: counts,
  byReason: counts,
  byReasonClass: counts,
  refunded: fc.nat(),
  exchanges: natural,
  approvalRate: share,
  medianHoursToDecision: fc.option(fc.double({ min: 0, max: 1e4, noNaN: true }), { nil: null }),
})

const arbitraryVisits: FastCheck.Arbitrary<VisitsSection> = fc.record({
  planned: natural,
  visitsDone: natural,
  adherence: fc.array(
    fc.record({
      tier: label,
      due: natural,
      done: natural,
      doneOnTime: natural,
      overdue: natural,
      rate: share,
      onTimeRate: share,
    }),
    { maxLength: 5 },
  ),
  feedback: fc.record({
    cards: natural,
    meanScore: fc.option(fc.double({ min: 1, max: 5, noNaN: true }), { nil: null }),
    distribution: counts,
  }),
  followUps: natural,
})

const arbitraryChurn: FastCheck.Arbitrary<ChurnSection> = fc.record({
  model: label,
  customers: natural,
  parameters: fc.array(fc.record({ name: label, value: real }), { maxLength: 4 }),
  pAlive: counts,
  atRisk: natural,
  churned: natural,
  topAtRisk: fc.array(
    fc.record({
      customerId: label,
      pAlive: unit,
      expectedPurchases: fc.double({ min: 0, max: 1e4, noNaN: true }),
    }),
    { maxLength: 8 },
  ),
  holdout: fc.option(
    fc.record({
      expected: fc.double({ min: 0, max: 1e7, noNaN: true }),
      actual: fc.double({ min: 0, max: 1e7, noNaN: true }),
    }),
    { nil: null },
  ),
})

const arbitraryArchive: FastCheck.Arbitrary<ArchiveSection> = fc.record({
  archives: counts,
  reviewsOverdue: natural,
  retired: natural,
  swept: counts,
  held: natural,
  erasure: fc.record({
    customerId: label,
    deleted: natural,
    anonymised: natural,
    kept: natural,
  }),
})

const arbitraryScorecard: FastCheck.Arbitrary<ScorecardSection> = fc.record({
  periods: fc.array(label, { maxLength: 6 }),
  measures: fc.array(
    fc.record({
      principle: label,
      measure: label,
      unit: fc.constantFrom("share", "minutes", "hours", "score"),
      target: label,
      values: fc.array(fc.option(real, { nil: null }), { maxLength: 6 }),
      status: fc.constantFrom("met", "not met", "no data"),
    }),
    { maxLength: 8 },
  ),
  assessments: fc.array(
    fc.record({
      staff: label,
      selfTotal: natural,
      peerTotal: natural,
      largestGap: fc.option(
        fc.record({ indicator: label, gap: fc.integer({ min: -40, max: 40 }) }),
        { nil: null },
      ),
    }),
    { maxLength: 5 },
  ),
})

const arbitraryReport: FastCheck.Arbitrary<CompanyReport> = fc.record(
  {
    overview: arbitraryOverview,
    segmentation: arbitrarySegmentation,
    loyalty: arbitraryLoyalty,
    complaints: arbitraryComplaints,
    returns: arbitraryReturns,
    visits: arbitraryVisits,
    churn: arbitraryChurn,
    archive: arbitraryArchive,
    scorecard: arbitraryScorecard,
  },
  { requiredKeys: ["overview"] },
)

describe("any report", () => {
  it("renders as HTML without throwing and without NaN, Infinity or undefined", () => {
    fc.assert(
      fc.property(arbitraryReport, (any) => {
        const html = renderHtml(any)
        expect(html).not.toMatch(/NaN|Infinity|undefined/)
        expect(html).toContain("</html>")
      }),
      { numRuns: 150 },
    )
  })

  it("renders for the terminal without NaN, Infinity or undefined, and the same twice", () => {
    fc.assert(
      fc.property(arbitraryReport, (any) => {
        const text = renderTerminal(any)
        expect(text).not.toMatch(/NaN|Infinity|undefined/)
        expect(renderTerminal(any)).toBe(text)
      }),
      { numRuns: 150 },
    )
  })
})
