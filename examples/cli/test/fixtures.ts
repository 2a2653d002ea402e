/** Paths and option sets the tests share. */
import { fileURLToPath } from "node:url"
import { Money } from "@clientele/core"
import { defaultColumns, type ReadOptions } from "../src/read.js"
import type { ReportOptions } from "../src/report.js"

/** The CDNOW sample kept with the churn package's tests. */
export const cdnowSample = fileURLToPath(
  new URL("../../../packages/churn/test/fixtures/cdnow/CDNOW_sample.txt", import.meta.url),
)

export const usd = Money.CurrencyCode.make("USD")
export const jpy = Money.CurrencyCode.make("JPY")
export const bhd = Money.CurrencyCode.make("BHD")

export const readOptions = (overrides: Partial<ReadOptions> = {}): ReadOptions => ({
  source: "test.csv",
  format: "auto",
  currency: usd,
  zone: "UTC",
  columns: defaultColumns,
  ...overrides,
})

export const reportOptions = (overrides: Partial<ReportOptions> = {}): ReportOptions => ({
  period: undefined,
  holdoutWeeks: undefined,
  calibrationEnd: undefined,
  timeUnit: "weeks",
  scheme: "three-tiers",
  top: 10,
  ...overrides,
})
