// The CDNOW sample (see fixtures/cdnow/README.md): the golden data of the churn
// models. The transactions as the summaries read them (objects or columns), and
// Fader & Hardie's published calibration summaries as typed arrays, parsed once and
// copied on every call so that no caller can change another's data.
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import type { Observations } from "../src/Fitting.js"
import type * as Summary from "../src/Summary.js"

const fixture = (name: string): string =>
  readFileSync(fileURLToPath(new URL(`./fixtures/cdnow/${name}`, import.meta.url)), "utf8")

/** The calibration's last day in the published summaries: the end of week 39. */
export const CDNOW_CALIBRATION_END = "1997-09-30"
/** The holdout's last day: the end of week 78. */
export const CDNOW_HOLDOUT_END = "1998-06-30"
/** The cohort of the sample: customers whose first purchase was in the first quarter of 1997. */
export const CDNOW_COHORT = { from: "1997-01-01", to: "1997-03-31" } as const
/** The amounts are US dollars, read as cents. */
export const CDNOW_CURRENCY = "USD"

/** The options of the published summaries: weeks, dates read as UTC days. */
export const cdnowOptions: Summary.Options = {
  calibrationEnd: CDNOW_CALIBRATION_END,
  holdoutEnd: CDNOW_HOLDOUT_END,
  timeZone: "UTC",
  timeUnit: "weeks",
  currency: CDNOW_CURRENCY,
}

/** One CDNOW purchase: a summaries transaction plus the file's other fields. */
export interface CdnowTransaction extends Summary.TransactionInput {
  readonly masterId: string
  /** The number of CDs bought. */
  readonly quantity: number
}

interface Parsed {
  readonly masterId: ReadonlyArray<string>
  readonly sampleId: Int32Array
  readonly at: Float64Array
  readonly quantity: Int32Array
  readonly cents: Int32Array
}

let parsed: Parsed | undefined

const parseSample = (): Parsed => {
  if (parsed !== undefined) return parsed
  const lines = fixture("CDNOW_sample.txt")
    .split(/\r?\n/)
    .filter((line) => line.trim() !== "")
  const n = lines.length
  const masterId: Array<string> = []
  const sampleId = new Int32Array(n)
  const at = new Float64Array(n)
  const quantity = new Int32Array(n)
  const cents = new Int32Array(n)
  lines.forEach((line, i) => {
    const [master, sample, date, count, dollars] = line.trim().split(/\s+/)
    if (dollars === undefined || date === undefined || date.length !== 8)
      throw new Error(`CDNOW_sample.txt line ${i + 1} is malformed: ${line}`)
    masterId.push(master as string)
    sampleId[i] = Number(sample)
    at[i] = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(4, 6)) - 1, Number(date.slice(6)))
    quantity[i] = Number(count)
    // Dollar values have at most two decimals: rounding reads them as exact cents.
    cents[i] = Math.round(Number(dollars) * 100)
  })
  parsed = { masterId, sampleId, at, quantity, cents }
  return parsed
}

/**
 * The 6,919 purchases of `CDNOW_sample.txt` as summaries transactions: the customer
 * id is the sample id ("1" … "2357"), the instant UTC midnight of the date, the
 * revenue the dollar value in cents.
 */
export const cdnowTransactions = (): ReadonlyArray<CdnowTransaction> => {
  const { masterId, sampleId, at, quantity, cents } = parseSample()
  return Array.from(sampleId, (id, i) => ({
    customerId: String(id),
    masterId: masterId[i] as string,
    at: at[i] as number,
    quantity: quantity[i] as number,
    revenue: { amount: cents[i] as number, currency: CDNOW_CURRENCY },
  }))
}

/** The same purchases as columns: `customers` are "1" … "2357", indexed by sample id − 1. */
export const cdnowColumns = (): Summary.Columns => {
  const { sampleId, at, cents } = parseSample()
  let customers = 0
  for (const id of sampleId) customers = Math.max(customers, id)
  return {
    customers: Array.from({ length: customers }, (_, c) => String(c + 1)),
    customer: Int32Array.from(sampleId, (id) => id - 1),
    at: at.slice(),
    revenue: cents.slice(),
  }
}

/** Fader & Hardie's calibration summary with spend, one entry per customer. */
export interface CdnowSummary {
  readonly ids: Int32Array
  readonly x: Float64Array
  readonly tx: Float64Array
  readonly T: Float64Array
  /** The mean repeat-transaction value in dollars (0 when x = 0). */
  readonly zbar: Float64Array
}

const parseCsv = (name: string, columns: number): Array<Array<number>> => {
  const [header, ...rows] = fixture(name)
    .split(/\r?\n/)
    .filter((line) => line.trim() !== "")
  if (header?.split(",").length !== columns) throw new Error(`${name} has an unexpected header`)
  return rows.map((row) => {
    const values = row.split(",").map(Number)
    if (values.length !== columns || values.some((value) => !Number.isFinite(value)))
      throw new Error(`${name} has a malformed row: ${row}`)
    return values
  })
}

/**
 * `cdnow_customers_summary_with_transactions.csv`: `ID,x,t_x,T,zbar` in weeks and
 * dollars, rounded to two decimals, calibration to 1997-09-30.
 */
export const cdnowSummary = (): CdnowSummary => {
  const rows = parseCsv("cdnow_customers_summary_with_transactions.csv", 5)
  const column = (k: number) => Float64Array.from(rows, (row) => row[k] as number)
  return {
    ids: Int32Array.from(rows, (row) => row[0] as number),
    x: column(1),
    tx: column(2),
    T: column(3),
    zbar: column(4),
  }
}

/**
 * The calibration summary as a purchase model's observations: in weeks as published
 * (sharing the summary's columns), or in days (the times ×7, in new columns).
 */
export const cdnowObservations = (
  summary: CdnowSummary,
  timeUnit: "weeks" | "days" = "weeks",
): Observations =>
  timeUnit === "weeks"
    ? { timeUnit, frequency: summary.x, recency: summary.tx, age: summary.T }
    : {
        timeUnit,
        frequency: summary.x,
        recency: summary.tx.map((t) => t * 7),
        age: summary.T.map((t) => t * 7),
      }

/**
 * The calibration summary plus three heavy buyers within its 38.86 weeks — x = 1000
 * (last seen at week 38, and at 12.5) and x = 10,000 — which a fit must still take.
 */
export const cdnowWithHeavyBuyers = (summary: CdnowSummary): Observations => ({
  timeUnit: "weeks",
  frequency: [...summary.x, 1000, 1000, 10_000],
  recency: [...summary.tx, 38, 12.5, 38.86],
  age: [...summary.T, 38.86, 38.86, 38.86],
})

/** Customer `i` of the summary: the purchase models' history and the mean spend m̄. */
export const cdnowCustomer = (summary: CdnowSummary, i: number) => ({
  frequency: summary.x[i] as number,
  recency: summary.tx[i] as number,
  age: summary.T[i] as number,
  monetary: summary.zbar[i] as number,
})

/** The frequency–recency summary of lifetimes' copy of the data. */
export interface CdnowFrequencyRecency {
  readonly ids: Int32Array
  readonly frequency: Float64Array
  readonly recency: Float64Array
  readonly T: Float64Array
}

/** `cdnow_customers_summary.csv`: `ID,frequency,recency,T` in weeks, rounded to two decimals. */
export const cdnowFrequencyRecency = (): CdnowFrequencyRecency => {
  const rows = parseCsv("cdnow_customers_summary.csv", 4)
  const column = (k: number) => Float64Array.from(rows, (row) => row[k] as number)
  return {
    ids: Int32Array.from(rows, (row) => row[0] as number),
    frequency: column(1),
    recency: column(2),
    T: column(3),
  }
}
