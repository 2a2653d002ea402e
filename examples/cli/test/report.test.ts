import { readFileSync } from "node:fs"
import { Civil, Money } from "@clientele/core"
import * as Either from "effect/Either"
import * as fc from "effect/FastCheck"
import { describe, expect, it } from "vitest"
import { parseText, type Transactions } from "../src/read.js"
import { renderJson, renderText } from "../src/render.js"
import { buildReport, type Report, type ReportOptions } from "../src/report.js"
import { cdnowSample, readOptions, reportOptions } from "./fixtures.js"

const transactionsOf = (text: string): Transactions =>
  Either.getOrThrow(parseText(text, readOptions()))

const reportOf = (transactions: Transactions, overrides: Partial<ReportOptions> = {}): Report =>
  Either.getOrThrow(buildReport(transactions, reportOptions(overrides)))

const cents = (decimal: string) => Either.getOrThrow(Money.fromDecimal(decimal, "USD")).amount
const sum = (values: ReadonlyArray<number>) => values.reduce((a, b) => a + b, 0)

/** Every count of the report adds up to the population it splits. */
const expectConsistent = (report: Report) => {
  const { segmentation, loyalty, churn, input } = report
  expect(segmentation.customers).toBe(input.customers)
  expect(sum(segmentation.tiers.map((row) => row.customers))).toBe(input.customers)
  expect(sum(segmentation.abcd.map((row) => row.customers))).toBe(input.customers)
  expect(sum(segmentation.rfm.map((row) => row.customers))).toBe(input.customers)
  expect(sum(Object.values(loyalty.counts))).toBe(input.customers)
  expect(sum(segmentation.tiers.map((row) => cents(row.revenue)))).toBe(cents(segmentation.revenue))
  expect(sum(segmentation.abcd.map((row) => cents(row.contribution)))).toBe(
    cents(segmentation.contribution),
  )
  expect(churn.repeatBuyers + churn.oneTimeBuyers).toBe(churn.customers)
  expect(churn.customers + churn.excluded.firstPurchaseAfterCalibration).toBeLessThanOrEqual(
    input.customers,
  )
  if (churn.fit !== null)
    expect(sum(churn.pAlive.map((bucket) => bucket.customers))).toBe(churn.customers)
  expect(churn.detection.atRisk + churn.detection.churned).toBe(churn.detection.candidates)
  expect(churn.atRisk.length).toBe(Math.min(10, churn.detection.candidates))
  const spent = churn.atRisk.map((row) => cents(row.spend))
  expect(spent).toEqual([...spent].sort((a, b) => b - a))
}

const small = [
  "customer_id,date,amount,category",
  "c1,2024-01-05,120.00,paper",
  "c1,2024-03-05,80.50,toner",
  "c1,2024-06-01,99.99,paper",
  "c2,2024-02-10,15.00,paper",
  "c3,2024-02-11,300.00,chairs",
  "c3,2024-09-11,310.00,paper",
  "c4,2024-04-01,20.00,toner",
  "c5,2024-11-30,45.00,paper",
  "c6,2025-02-01,10.00,paper",
].join("\n")

describe("the report", () => {
  it("on CDNOW calibrated on 39 weeks, reproduces the published BG/NBD estimates and the guide's detection", () => {
    const transactions = transactionsOf(readFileSync(cdnowSample, "utf8"))
    const report = reportOf(transactions, { holdoutWeeks: 39 })
    expectConsistent(report)
    const { churn } = report
    expect(churn.calibrationEnd).toBe("1997-09-30")
    expect(churn.holdoutEnd).toBe("1998-06-30")
    // Fader, Hardie & Lee (2005): r 0.243, α 4.414, a 0.793, b 2.426; −9,582.4 in weeks.
    const parameters = churn.fit?.parameters
    expect(parameters?.r).toBeCloseTo(0.243, 3)
    expect(parameters?.alpha).toBeCloseTo(4.414, 3)
    expect(parameters?.a).toBeCloseTo(0.793, 3)
    expect(parameters?.b).toBeCloseTo(2.426, 3)
    expect(churn.fit?.logLikelihood).toBeCloseTo(-9582.4, 1)
    expect(churn.holdout?.actual).toBe(1882)
    expect(churn.detection.atRisk).toBe(1720)
    expect(churn.detection.churned).toBe(84)
    // 1,411 one-time buyers: P(alive) = 1 under BG/NBD, so in the top bucket.
    expect(churn.oneTimeBuyers).toBe(1411)
    expect(churn.pAlive.at(-1)?.customers).toBeGreaterThanOrEqual(1411)
  })

  it("classifies every customer read, a customer without a purchase in the period as potential", () => {
    const transactions = transactionsOf(small)
    const report = reportOf(transactions, { period: { from: "2024-01-01", to: "2025-01-01" } })
    expectConsistent(report)
    expect(report.segmentation.buyers).toBe(5)
    expect(report.segmentation.tiers.find((row) => row.tier === "potential")?.customers).toBe(1)
    // c6 bought in 2025 only: outside the period, and after the calibration end.
    expect(cents(report.segmentation.revenue)).toBe(99_049)
    expect(report.churn.calibrationEnd).toBe("2024-12-31")
    expect(report.churn.excluded.firstPurchaseAfterCalibration).toBe(1)
  })

  it("ranks the flagged customers by what they spent up to the calibration end", () => {
    const report = reportOf(transactionsOf(small), { calibrationEnd: "2024-12-31" })
    expect(report.churn.holdoutEnd).toBe("2025-02-01")
    expect(report.churn.atRisk.map((row) => row.customerId)).toEqual(
      [...report.churn.atRisk]
        .sort((a, b) => cents(b.spend) - cents(a.spend))
        .map((row) => row.customerId),
    )
    const c3 = report.churn.atRisk.find((row) => row.customerId === "c3")
    if (c3 !== undefined) expect(c3.spend).toBe("610.00")
  })

  it("refuses a holdout longer than the data, and a calibration end after the period", () => {
    const transactions = transactionsOf(small)
    const long = buildReport(transactions, reportOptions({ holdoutWeeks: 100 }))
    expect(Either.isLeft(long) && long.left._tag).toBe("SettingsError")
    expect(Either.isLeft(long) && long.left.message).toContain("before the first transaction")
    const late = buildReport(transactions, reportOptions({ calibrationEnd: "2030-01-01" }))
    expect(Either.isLeft(late) && late.left.message).toContain("after the period's last day")
  })

  it("falls back to inactivity when the model cannot be fitted", () => {
    const transactions = transactionsOf(
      "customer_id,date,amount\nc1,2024-01-05,1.00\nc2,2024-02-05,2.00\nc3,2024-09-01,3.00\n",
    )
    const report = reportOf(transactions)
    expect(report.churn.fit).toBeNull()
    expect(report.churn.fitFailure).toContain("no customer made a repeat purchase")
    // Judged by inactivity alone: c1 has been silent 240 days, c2 209, c3 0.
    expect(report.churn.atRisk.map((row) => [row.customerId, row.pAlive])).toEqual([
      ["c2", null],
      ["c1", null],
    ])
    expect(report.churn.detection.policy.repeatBuyers).toBe("inactivity")
    expect(report.churn.pAlive).toEqual([])
    expect(renderText(report)).toContain("the model could not be fitted")
  })

  it("adds up whatever the purchases, and its JSON is the same data", () => {
    const purchase = fc.record({
      customer: fc.integer({ min: 1, max: 12 }),
      day: fc.integer({ min: 0, max: 500 }),
      cents: fc.integer({ min: 0, max: 500_000 }),
      category: fc.constantFrom("paper", "toner", "chairs"),
    })
    const start = Civil.dayNumberOf(2023, 1, 1)
    fc.assert(
      fc.property(
        fc.array(purchase, { minLength: 1, maxLength: 60 }),
        fc.constantFrom(undefined, 4, 20),
        (purchases, holdoutWeeks) => {
          const csv = [
            "customer_id,date,amount,category",
            ...purchases.map(
              (p) =>
                `cus-${p.customer},${Civil.format(start + p.day)},${(p.cents / 100).toFixed(2)},${p.category}`,
            ),
          ].join("\n")
          const transactions = transactionsOf(csv)
          const report = buildReport(transactions, reportOptions({ holdoutWeeks }))
          // A holdout may not fit a short span of data; that is a settings error, never a crash.
          if (Either.isLeft(report)) {
            expect(report.left._tag).toBe("SettingsError")
            return
          }
          expectConsistent(report.right)
          expect(cents(report.right.segmentation.revenue)).toBe(sum(purchases.map((p) => p.cents)))
          expect(JSON.parse(renderJson(report.right))).toEqual(
            JSON.parse(JSON.stringify(report.right)),
          )
        },
      ),
      { numRuns: 40 },
    )
  })
})

describe("the text", () => {
  it("shows each section with the figures of the report", () => {
    const report = reportOf(transactionsOf(small))
    const text = renderText(report)
    for (const heading of [
      "Read test.csv (CSV): 9 transactions of 6 customers",
      "Tiers (three tiers",
      "ABCD classes",
      "RFM segments",
      "Loyalty matrix",
      "Churn: BG/NBD in weeks",
    ])
      expect(text).toContain(heading)
    const major = report.segmentation.tiers[0]
    expect(major?.tier).toBe("major")
    expect(text).toMatch(new RegExp(`major\\s+${major?.customers}\\s`))
    expect(text.endsWith("\n")).toBe(true)
  })
})
