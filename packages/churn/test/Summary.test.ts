import { Civil, Errors, Money, Period } from "@clientele/core"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import { describe, expect, it } from "vitest"
import * as Summary from "../src/Summary.js"
import {
  CDNOW_COHORT,
  cdnowColumns,
  cdnowFrequencyRecency,
  cdnowOptions,
  cdnowSummary,
  cdnowTransactions,
} from "./cdnow.js"

const right = <A, E>(result: Either.Either<A, E>): A => {
  if (Either.isLeft(result)) throw new Error(`expected Right, got ${String(result.left)}`)
  return result.right
}

const left = <A, E>(result: Either.Either<A, E>): E => {
  if (Either.isRight(result)) throw new Error("expected Left")
  return result.left
}

const DAY = Civil.dayMs
const HOUR = 3_600_000

interface Sale {
  readonly customerId: string
  readonly at: number
  readonly revenue: { readonly amount: number; readonly currency: string }
}

const sale = (customerId: string, at: number, amount: number, currency = "EUR"): Sale => ({
  customerId,
  at,
  revenue: { amount, currency },
})

const daysOptions: Summary.Options = {
  calibrationEnd: "2024-06-30",
  holdoutEnd: "2024-12-31",
  timeZone: "UTC",
  timeUnit: "days",
  currency: "EUR",
}

const utc = (year: number, month: number, day: number, hour = 12): number =>
  Date.UTC(year, month - 1, day, hour)

const build = (sales: ReadonlyArray<Sale>, options: Summary.Options = daysOptions) =>
  right(Summary.fromTransactions(sales, options))

/** Each customer's row as a plain object, by customer id. */
const rowsById = (base: Summary.CustomerBase): Map<string, Summary.CustomerRow> =>
  new Map(base.customerIds.map((id, i) => [id, Summary.customerAt(base, i)]))

/** The published figures are rounded to cents or hundredths of a week: compare the same way. */
const hundredths = (value: number): number => Math.round(value * 100)

/**
 * The literature's definitions written the slow, obvious way — civil date strings,
 * a map of days per customer — as the reference the fast columns are checked against.
 */
const referenceBase = (
  sales: ReadonlyArray<Sale>,
  options: Summary.Options,
): Map<string, Summary.CustomerRow> => {
  const zone = Period.TimeZone.make(options.timeZone)
  const days = new Map<string, Map<number, number>>()
  for (const { customerId, at, revenue } of sales) {
    const day = Civil.parse(Period.civilDateOf(at, zone)) as number
    const byDay = days.get(customerId) ?? new Map<number, number>()
    byDay.set(day, (byDay.get(day) ?? 0) + revenue.amount)
    days.set(customerId, byDay)
  }
  const calibrationEnd = Civil.parse(options.calibrationEnd) as number
  const holdoutEnd =
    options.holdoutEnd === undefined ? undefined : (Civil.parse(options.holdoutEnd) as number)
  const unit = options.timeUnit === "weeks" ? 7 : 1
  const result = new Map<string, Summary.CustomerRow>()
  for (const [customerId, byDay] of days) {
    const sorted = [...byDay.keys()].sort((a, b) => a - b)
    const first = sorted[0] as number
    if (first > calibrationEnd) continue
    const repeat = sorted.filter((day) => day > first && day <= calibrationEnd)
    const later =
      holdoutEnd === undefined
        ? []
        : sorted.filter((day) => day > calibrationEnd && day <= holdoutEnd)
    const spend = (list: ReadonlyArray<number>) =>
      list.reduce((total, day) => total + (byDay.get(day) as number), 0)
    result.set(customerId, {
      customerId,
      firstPurchase: Period.CivilDate.make(Civil.format(first)),
      frequency: repeat.length,
      recency: repeat.length === 0 ? 0 : ((repeat.at(-1) as number) - first) / unit,
      age: (calibrationEnd - first) / unit,
      monetary: repeat.length === 0 ? 0 : spend(repeat) / repeat.length,
      ...(holdoutEnd === undefined
        ? {}
        : {
            holdoutFrequency: later.length,
            holdoutSpend: Money.make(spend(later), options.currency),
          }),
    })
  }
  return result
}

describe("Summary: the customer base on the CDNOW golden data", () => {
  const transactions = cdnowTransactions()
  const base = right(Summary.fromTransactions(transactions, cdnowOptions))

  it("CHN-1 reproduces Fader & Hardie's calibration summary (x, t_x, T, z̄) for all 2,357 customers", () => {
    const published = cdnowSummary()
    expect(base.customerIds.length).toBe(published.ids.length)
    expect(base.customerIds.length).toBe(2357)
    const row = new Map(base.customerIds.map((id, i) => [id, i]))
    const mismatches: Array<string> = []
    published.ids.forEach((id, k) => {
      const i = row.get(String(id))
      if (i === undefined) {
        mismatches.push(`${id}: missing`)
        return
      }
      const ours = [
        base.frequency[i] as number,
        hundredths(base.recency[i] as number),
        hundredths(base.age[i] as number),
        // m̄ is in cents; the file's z̄ in dollars rounded half up to the cent.
        Math.round(base.monetary[i] as number),
      ]
      const theirs = [
        published.x[k] as number,
        hundredths(published.tx[k] as number),
        hundredths(published.T[k] as number),
        hundredths(published.zbar[k] as number),
      ]
      if (ours.some((value, j) => value !== theirs[j]))
        mismatches.push(`${id}: ours ${ours.join(",")} published ${theirs.join(",")}`)
    })
    expect(mismatches).toEqual([])
    const sum = (values: Float64Array) => values.reduce((total, value) => total + value, 0)
    expect(sum(base.frequency)).toBe(sum(published.x))
  })

  it("CHN-1 reproduces lifetimes' frequency–recency summary (frequency, recency, T) of the same data", () => {
    const published = cdnowFrequencyRecency()
    const row = new Map(base.customerIds.map((id, i) => [id, i]))
    const mismatches = Array.from(published.ids).flatMap((id, k) => {
      const i = row.get(String(id)) as number
      const ours = [
        base.frequency[i],
        hundredths(base.recency[i] as number),
        hundredths(base.age[i] as number),
      ]
      const theirs = [
        published.frequency[k],
        hundredths(published.recency[k] as number),
        hundredths(published.T[k] as number),
      ]
      return ours.every((value, j) => value === theirs[j]) ? [] : [String(id)]
    })
    expect(mismatches).toEqual([])
  })

  it("CHN-1 the published summary merges same-day purchases: counting orders instead would disagree", () => {
    const published = cdnowSummary()
    const calibrationEnd = Date.UTC(1997, 8, 30)
    // Orders (not purchase days) after the first order, per customer.
    const orders = new Map<string, Array<number>>()
    for (const { customerId, at } of transactions)
      if (at <= calibrationEnd) orders.set(customerId, [...(orders.get(customerId) ?? []), at])
    const disagreeing = Array.from(published.ids).filter(
      (id, k) => (orders.get(String(id))?.length ?? 1) - 1 !== published.x[k],
    )
    expect(disagreeing.length).toBeGreaterThan(0)
    const row = new Map(base.customerIds.map((id, i) => [id, i]))
    for (const id of disagreeing) {
      const k = published.ids.indexOf(id)
      expect(base.frequency[row.get(String(id)) as number]).toBe(published.x[k])
    }
  })

  it("CHN-1 columns give the same base as objects", () => {
    const fromColumns = right(Summary.fromColumns(cdnowColumns(), cdnowOptions))
    expect(fromColumns).toEqual(base)
  })

  it("CHN-1 the holdout counts purchase days and spend of weeks 40–78 (T* = 39 weeks)", () => {
    const holdout = base.holdout as Summary.Holdout
    expect(holdout.end).toBe("1998-06-30")
    expect(holdout.duration).toBe(39)
    const reference = referenceBase(transactions, cdnowOptions)
    expect(rowsById(base)).toEqual(reference)
    expect(holdout.frequency.reduce((a, b) => a + b, 0)).toBeGreaterThan(0)
  })

  it("CHN-1 the whole sample is the cohort of the first quarter of 1997", () => {
    const cohort = right(
      Summary.fromTransactions(transactions, { ...cdnowOptions, cohort: CDNOW_COHORT }),
    )
    expect(cohort.customerIds).toEqual(base.customerIds)
    expect(cohort.cohort).toEqual(CDNOW_COHORT)
    expect(cohort.excluded.outsideCohort).toBe(0)
  })

  it("CHN-1 compressing CDNOW gives one row per distinct (x, t_x, T) pattern", () => {
    const rows = right(Summary.distinctRows(base.frequency, base.recency, base.age))
    const patterns = new Set(
      Array.from(base.frequency, (x, i) => `${x}|${base.recency[i]}|${base.age[i]}`),
    )
    expect(rows.weight.length).toBe(patterns.size)
    expect(rows.weight.length).toBeLessThan(base.customerIds.length)
    expect(rows.weight.reduce((a, b) => a + b, 0)).toBe(base.customerIds.length)
  })
})

describe("Summary: definitions", () => {
  it("CHN-1 x counts repeat purchase days, t_x runs from the first to the last of them, T to the calibration end", () => {
    const base = build([
      sale("a", utc(2024, 1, 10), 1_000),
      sale("a", utc(2024, 2, 9), 2_000),
      sale("a", utc(2024, 4, 9), 4_000),
      sale("a", utc(2024, 8, 1), 9_000), // holdout
    ])
    expect(Summary.customerAt(base, 0)).toEqual({
      customerId: "a",
      firstPurchase: "2024-01-10",
      frequency: 2,
      recency: 90,
      age: 172,
      monetary: 3_000,
      holdoutFrequency: 1,
      holdoutSpend: Money.make(9_000, "EUR"),
    })
    expect(base.holdout?.duration).toBe(184)
    expect(base.timeUnit).toBe("days")
    expect(base.currency).toBe("EUR")
    expect(base.calibrationEnd).toBe("2024-06-30")
  })

  it("CHN-1 same-day purchases merge into one transaction worth their sum", () => {
    const base = build([
      sale("a", utc(2024, 3, 1, 9), 1_000),
      sale("a", utc(2024, 3, 1, 17), 500), // same first day: not a repeat purchase
      sale("a", utc(2024, 5, 1, 8), 2_000),
      sale("a", utc(2024, 5, 1, 20), 3_000),
      sale("a", utc(2024, 5, 2, 8), 1_000),
    ])
    expect(Summary.customerAt(base, 0)).toMatchObject({
      frequency: 2,
      recency: 62,
      monetary: 3_000, // (2,000 + 3,000 + 1,000) / 2 purchase days
    })
  })

  it("CHN-1 a one-time buyer has x = 0, t_x = 0 and m̄ = 0", () => {
    const base = build([sale("once", utc(2024, 2, 1), 4_200)])
    expect(Summary.customerAt(base, 0)).toMatchObject({
      frequency: 0,
      recency: 0,
      age: 150,
      monetary: 0,
      holdoutFrequency: 0,
    })
  })

  it("CHN-1 a first purchase on the calibration end day gives T = 0", () => {
    const base = build([sale("new", utc(2024, 6, 30, 23), 100)])
    expect(Summary.customerAt(base, 0)).toMatchObject({ frequency: 0, recency: 0, age: 0 })
  })

  it("CHN-1 a customer whose first purchase is after the calibration end is not in the base", () => {
    const base = build([
      sale("old", utc(2024, 1, 1), 100),
      sale("new", utc(2024, 7, 1), 100),
      sale("new", utc(2024, 8, 1), 100),
      sale("later", utc(2025, 3, 1), 100), // after the holdout too
    ])
    expect(base.customerIds).toEqual(["old"])
    expect(base.excluded).toEqual({
      firstPurchaseAfterCalibration: 2,
      outsideCohort: 0,
      withoutPurchase: 0,
      unregistered: 0,
    })
  })

  it("CHN-1 purchases after the holdout end, or after the calibration end without a holdout, are ignored", () => {
    const sales = [
      sale("a", utc(2024, 1, 1), 100),
      sale("a", utc(2024, 9, 1), 200),
      sale("a", utc(2025, 1, 1), 400),
    ]
    expect(Summary.customerAt(build(sales), 0)).toMatchObject({
      holdoutFrequency: 1,
      holdoutSpend: Money.make(200, "EUR"),
    })
    const { holdoutEnd: _, ...withoutHoldout } = daysOptions
    const calibrationOnly = build(sales, withoutHoldout)
    expect(calibrationOnly.holdout).toBeUndefined()
    expect(Summary.customerAt(calibrationOnly, 0)).toEqual({
      customerId: "a",
      firstPurchase: "2024-01-01",
      frequency: 0,
      recency: 0,
      age: 181,
      monetary: 0,
    })
  })

  it("CHN-1 weeks are days divided by 7", () => {
    const sales = [sale("a", utc(2024, 1, 1), 100), sale("a", utc(2024, 1, 15), 300)]
    const days = build(sales)
    const weeks = build(sales, { ...daysOptions, timeUnit: "weeks" })
    expect(weeks.timeUnit).toBe("weeks")
    expect(weeks.recency[0]).toBe(2)
    expect(weeks.age[0]).toBe((days.age[0] as number) / 7)
    expect(weeks.holdout?.duration).toBe((days.holdout?.duration as number) / 7)
    expect(weeks.frequency).toEqual(days.frequency)
    expect(weeks.monetary).toEqual(days.monetary)
  })

  it("CHN-1 days are civil days of the time zone: 23:30 and 00:30 UTC are one day in Berlin, two in UTC", () => {
    const sales = [
      sale("a", utc(2024, 1, 1), 100),
      sale("a", Date.UTC(2024, 2, 4, 23, 30), 200), // 5 March 00:30 in Berlin
      sale("a", Date.UTC(2024, 2, 5, 0, 30), 300),
    ]
    expect(Summary.customerAt(build(sales), 0)).toMatchObject({ frequency: 2, recency: 64 })
    const berlin = build(sales, { ...daysOptions, timeZone: "Europe/Berlin" })
    expect(Summary.customerAt(berlin, 0)).toMatchObject({
      frequency: 1,
      recency: 64,
      monetary: 500,
    })
    // In New York both are on 4 March, and the first purchase stays on 1 January.
    const newYork = build(sales, { ...daysOptions, timeZone: "America/New_York" })
    expect(Summary.customerAt(newYork, 0)).toMatchObject({
      firstPurchase: "2024-01-01",
      frequency: 1,
      recency: 63,
    })
  })

  it("CHN-1 a cohort keeps only customers whose first purchase falls in it, both days included", () => {
    const sales = [
      sale("december", utc(2023, 12, 31), 100),
      sale("first", utc(2024, 1, 1), 100),
      sale("last", utc(2024, 3, 31), 100),
      sale("april", utc(2024, 4, 1), 100),
      sale("december", utc(2024, 2, 1), 100), // a repeat purchase does not move the first
    ]
    const base = build(sales, { ...daysOptions, cohort: { from: "2024-01-01", to: "2024-03-31" } })
    expect(base.customerIds).toEqual(["first", "last"])
    expect(base.excluded.outsideCohort).toBe(2)
  })

  it("CHN-1 a register keeps only registered customers, in its order, and counts those without a purchase", () => {
    const base = build(
      [
        sale("a", utc(2024, 1, 1), 100),
        sale("stranger", utc(2024, 1, 1), 100),
        sale("b", utc(2024, 2, 1), 100),
      ],
      { ...daysOptions, customers: ["b", "idle", "a"] },
    )
    expect(base.customerIds).toEqual(["b", "a"])
    expect(base.excluded).toEqual({
      firstPurchaseAfterCalibration: 0,
      outsideCohort: 0,
      withoutPurchase: 1,
      unregistered: 1,
    })
  })

  it("CHN-1 columns honour the register too: its order first, customers outside it skipped", () => {
    const base = right(
      Summary.fromColumns(
        {
          customers: ["a", "stranger", "b"],
          customer: Int32Array.of(0, 1, 2, 2),
          at: Float64Array.of(utc(2024, 1, 1), utc(2024, 1, 1), utc(2024, 2, 1), utc(2024, 3, 1)),
          revenue: Int32Array.of(100, 100, 100, 250),
        },
        { ...daysOptions, customers: ["b", "idle", "a"] },
      ),
    )
    expect(base.customerIds).toEqual(["b", "a"])
    expect(Summary.customerAt(base, 0)).toMatchObject({ frequency: 1, recency: 29, monetary: 250 })
    expect(base.excluded).toMatchObject({ withoutPurchase: 1, unregistered: 1 })
  })

  it("CHN-1 a purchase worth nothing is still a purchase day", () => {
    const base = build([sale("a", utc(2024, 1, 1), 100), sale("a", utc(2024, 2, 1), 0)])
    expect(Summary.customerAt(base, 0)).toMatchObject({ frequency: 1, monetary: 0 })
  })

  it("CHN-1 transactions in any order give the same base", () => {
    const sales = [
      sale("a", utc(2024, 5, 1), 700),
      sale("b", utc(2024, 3, 3), 100),
      ...Array.from({ length: 40 }, (_, k) => sale("a", utc(2024, 6, 1) - k * 3 * DAY, k)),
      sale("a", utc(2024, 1, 2), 300),
    ]
    const forwards = rowsById(build(sales))
    expect(rowsById(build([...sales].reverse()))).toEqual(forwards)
    expect(forwards).toEqual(referenceBase(sales, daysOptions))
  })
})

describe("Summary: invalid input is a typed error, never a throw", () => {
  const sales = [sale("a", utc(2024, 1, 1), 100)]

  it("CHN-1 a non-finite or fractional time names the transaction and field", () => {
    for (const at of [Number.NaN, Number.POSITIVE_INFINITY, 1.5, 1e20]) {
      const error = left(Summary.fromTransactions([...sales, sale("a", at, 100)], daysOptions))
      expect(error).toBeInstanceOf(Errors.ValidationError)
      expect((error as Errors.ValidationError).issues[0]?.path).toEqual(["transactions", 1, "at"])
    }
  })

  it("CHN-1 an amount in another currency is a CurrencyMismatchError", () => {
    const error = left(
      Summary.fromTransactions([...sales, sale("a", utc(2024, 2, 1), 5, "USD")], daysOptions),
    )
    expect(error).toBeInstanceOf(Money.CurrencyMismatchError)
    expect(error).toMatchObject({ left: "EUR", right: "USD" })
  })

  it("CHN-1 a negative or fractional amount names the transaction's amount", () => {
    for (const amount of [-1, 0.5, Number.NaN]) {
      const error = left(
        Summary.fromTransactions([sale("a", utc(2024, 1, 1), amount)], daysOptions),
      )
      expect((error as Errors.ValidationError).issues[0]?.path).toEqual([
        "transactions",
        0,
        "revenue",
        "amount",
      ])
    }
  })

  it("CHN-1 a bad customer id names the transaction's customerId", () => {
    const error = left(Summary.fromTransactions([sale("", utc(2024, 1, 1), 1)], daysOptions))
    expect((error as Errors.ValidationError).issues[0]?.path).toEqual([
      "transactions",
      0,
      "customerId",
    ])
  })

  it("CHN-1 a calibration end after the holdout end is a ValidationError on holdoutEnd", () => {
    for (const holdoutEnd of ["2024-06-29", "2024-06-30"]) {
      const error = left(Summary.fromTransactions(sales, { ...daysOptions, holdoutEnd }))
      expect(error).toBeInstanceOf(Errors.ValidationError)
      expect((error as Errors.ValidationError).issues[0]?.path).toEqual(["holdoutEnd"])
    }
  })

  it("CHN-1 the time unit must be given", () => {
    const { timeUnit: _, ...withoutUnit } = daysOptions
    const error = left(Summary.fromTransactions(sales, withoutUnit as Summary.Options))
    expect((error as Errors.ValidationError).issues.map((issue) => issue.path)).toEqual([
      ["timeUnit"],
    ])
    const months = left(
      Summary.fromTransactions(sales, { ...daysOptions, timeUnit: "months" as Summary.TimeUnit }),
    )
    expect((months as Errors.ValidationError).issues[0]?.path).toEqual(["timeUnit"])
  })

  it("CHN-1 bad dates, zones, currencies and cohorts name their option", () => {
    const pathOf = (options: Summary.Options) =>
      (left(Summary.fromTransactions(sales, options)) as Errors.ValidationError).issues[0]?.path
    expect(pathOf({ ...daysOptions, calibrationEnd: "2024-02-30" })).toEqual(["calibrationEnd"])
    expect(pathOf({ ...daysOptions, timeZone: "Mars/Olympus_Mons" })).toEqual(["timeZone"])
    expect(pathOf({ ...daysOptions, currency: "EURO" })).toEqual(["currency"])
    expect(pathOf({ ...daysOptions, cohort: { from: "2024-03-01", to: "2024-02-01" } })).toEqual([
      "cohort",
      "to",
    ])
  })

  it("CHN-1 a customer registered twice names the register position", () => {
    const error = left(
      Summary.fromTransactions(sales, { ...daysOptions, customers: ["a", "b", "a"] }),
    )
    expect((error as Errors.ValidationError).issues[0]?.path).toEqual(["customers", 2])
  })

  it("CHN-1 spend beyond the safe-integer range of minor units is a MoneyOverflowError", () => {
    const huge = Number.MAX_SAFE_INTEGER
    const error = left(
      Summary.fromTransactions(
        [
          sale("a", utc(2024, 1, 1), 1),
          sale("a", utc(2024, 2, 1), huge),
          sale("a", utc(2024, 3, 1), huge),
        ],
        daysOptions,
      ),
    )
    expect(error).toBeInstanceOf(Money.MoneyOverflowError)
  })

  it("CHN-1 bad columns name the column and position", () => {
    const columns: Summary.Columns = {
      customers: ["a", "b"],
      customer: Int32Array.of(0, 1, 1),
      at: Float64Array.of(utc(2024, 1, 1), utc(2024, 1, 2), utc(2024, 1, 3)),
      revenue: Int32Array.of(1, 2, 3),
    }
    const pathOf = (bad: Summary.Columns) =>
      (left(Summary.fromColumns(bad, daysOptions)) as Errors.ValidationError).issues[0]?.path
    expect(pathOf({ ...columns, at: Float64Array.of(utc(2024, 1, 1)) })).toEqual(["columns", "at"])
    expect(pathOf({ ...columns, customer: Int32Array.of(0, 2, 1) })).toEqual([
      "columns",
      "customer",
      1,
    ])
    expect(pathOf({ ...columns, at: Float64Array.of(0, Number.NaN, 0) })).toEqual([
      "columns",
      "at",
      1,
    ])
    expect(pathOf({ ...columns, revenue: Int32Array.of(1, 2, -3) })).toEqual([
      "columns",
      "revenue",
      2,
    ])
    expect(pathOf({ ...columns, customers: ["a", "a"] })).toEqual(["columns", "customers", 1])
    expect(right(Summary.fromColumns(columns, daysOptions)).customerIds).toEqual(["a", "b"])
  })
})

const zones = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Pacific/Chatham"]

const salesArb = FastCheck.array(
  FastCheck.record({
    customerId: FastCheck.constantFrom("a", "b", "c", "d", "e"),
    at: FastCheck.integer({ min: utc(2023, 12, 1, 0), max: utc(2025, 2, 1, 0) }),
    amount: FastCheck.integer({ min: 0, max: 100_000 }),
  }),
  { maxLength: 60 },
).map((rows) => rows.map(({ customerId, at, amount }) => sale(customerId, at, amount)))

const optionsArb = FastCheck.record({
  timeZone: FastCheck.constantFrom(...zones),
  timeUnit: FastCheck.constantFrom<Summary.TimeUnit>("days", "weeks"),
  withHoldout: FastCheck.boolean(),
}).map(
  ({ timeZone, timeUnit, withHoldout }): Summary.Options => ({
    calibrationEnd: "2024-06-30",
    ...(withHoldout ? { holdoutEnd: "2024-12-31" } : {}),
    timeZone,
    timeUnit,
    currency: "EUR",
  }),
)

describe("Summary: properties", () => {
  it("CHN-1 the base equals the literature's definitions computed the slow way", () => {
    FastCheck.assert(
      FastCheck.property(salesArb, optionsArb, (sales, options) => {
        expect(rowsById(build(sales, options))).toEqual(referenceBase(sales, options))
      }),
    )
  })

  it("CHN-1 0 ≤ t_x ≤ T, x = 0 means t_x = m̄ = 0, and x never exceeds the days of T", () => {
    FastCheck.assert(
      FastCheck.property(salesArb, optionsArb, (sales, options) => {
        const base = build(sales, options)
        const unit = options.timeUnit === "weeks" ? 7 : 1
        base.customerIds.forEach((_, i) => {
          const x = base.frequency[i] as number
          const tx = base.recency[i] as number
          const T = base.age[i] as number
          expect(tx).toBeGreaterThanOrEqual(0)
          expect(tx).toBeLessThanOrEqual(T)
          expect(Number.isInteger(x) && x >= 0).toBe(true)
          expect(x).toBeLessThanOrEqual(Math.round(tx * unit))
          if (x === 0) expect([tx, base.monetary[i]]).toEqual([0, 0])
        })
      }),
    )
  })

  it("CHN-1 columns and objects give the same base", () => {
    FastCheck.assert(
      FastCheck.property(salesArb, optionsArb, (sales, options) => {
        const customers = [...new Set(sales.map((s) => s.customerId))]
        const columns: Summary.Columns = {
          customers,
          customer: Int32Array.from(sales, (s) => customers.indexOf(s.customerId)),
          at: Float64Array.from(sales, (s) => s.at),
          revenue: Float64Array.from(sales, (s) => s.revenue.amount),
        }
        expect(right(Summary.fromColumns(columns, options))).toEqual(build(sales, options))
      }),
    )
  })
})

describe("Summary.distinctRows: compression with weights", () => {
  const columnsArb = FastCheck.array(
    FastCheck.tuple(
      FastCheck.integer({ min: 0, max: 3 }),
      FastCheck.constantFrom(0, -0, 1.5, 2, 30.43),
      FastCheck.constantFrom(38.86, 27, 1 / 7, 0),
    ),
    { maxLength: 200 },
  )

  it("CHN-1 weights sum to the customer count and expanding the rows gives back the input", () => {
    FastCheck.assert(
      FastCheck.property(columnsArb, (rows) => {
        const frequency = rows.map((row) => row[0])
        const recency = rows.map((row) => row[1])
        const age = rows.map((row) => row[2])
        const distinct = right(Summary.distinctRows(frequency, recency, age))
        expect(distinct.weight.reduce((a, b) => a + b, 0)).toBe(rows.length)
        rows.forEach((row, i) => {
          const d = distinct.rowOf[i] as number
          expect([distinct.frequency[d], distinct.recency[d], distinct.age[d]]).toEqual([
            row[0],
            row[1] + 0,
            row[2],
          ])
        })
        const keys = Array.from(
          distinct.frequency,
          (x, d) => `${x}|${distinct.recency[d]}|${distinct.age[d]}`,
        )
        expect(new Set(keys).size).toBe(keys.length)
        distinct.weight.forEach((weight, d) => {
          expect(weight).toBe(Array.from(distinct.rowOf).filter((r) => r === d).length)
        })
      }),
    )
  })

  it("CHN-1 distinct rows come in order of first appearance; -0 counts as 0", () => {
    const rows = right(Summary.distinctRows([1, 0, 1, 0], [2, -0, 2, 0], [3, 5, 3, 5]))
    expect(Array.from(rows.frequency)).toEqual([1, 0])
    expect(Array.from(rows.weight)).toEqual([2, 2])
    expect(Array.from(rows.rowOf)).toEqual([0, 1, 0, 1])
  })

  it("CHN-1 a million customers with continuous ages all stay distinct", () => {
    const n = 1_000_000
    const age = Float64Array.from({ length: n }, (_, i) => 27 + (i * 11.86) / n)
    const rows = right(Summary.distinctRows(new Float64Array(n), new Float64Array(n), age))
    expect(rows.weight.length).toBe(n)
    expect(rows.rowOf[n - 1]).toBe(n - 1)
  })

  it("CHN-1 a large base with repeated patterns compresses as string keys would, in order of first appearance", () => {
    // 100,000 customers over a few thousand patterns: many hash partitions, each with
    // duplicates, whose order must still follow the customers'.
    let state = 7
    const draw = (range: number) => {
      state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0
      return (state >>> 8) % range
    }
    const n = 100_000
    const frequency = new Float64Array(n)
    const recency = new Float64Array(n)
    const age = new Float64Array(n)
    for (let i = 0; i < n; i++) {
      frequency[i] = draw(4)
      recency[i] = frequency[i] === 0 ? 0 : draw(30) / 7
      age[i] = 27 + draw(80) / 7
    }
    const rows = right(Summary.distinctRows(frequency, recency, age))
    const expected = new Map<string, number>()
    for (let i = 0; i < n; i++) {
      const key = `${frequency[i]}|${recency[i]}|${age[i]}`
      expected.set(key, (expected.get(key) ?? 0) + 1)
    }
    expect(
      Array.from(rows.weight, (weight, d) => [
        `${rows.frequency[d]}|${rows.recency[d]}|${rows.age[d]}`,
        weight,
      ]),
    ).toEqual([...expected])
    for (let i = 0; i < n; i += 997) {
      const d = rows.rowOf[i] as number
      expect([rows.frequency[d], rows.recency[d], rows.age[d]]).toEqual([
        frequency[i],
        recency[i],
        age[i],
      ])
    }
  })

  it("CHN-1 a non-finite value is a ValidationError naming its column and row", () => {
    expect(left(Summary.distinctRows([1, Number.NaN], [0, 0], [3, 3])).issues[0]?.path).toEqual([
      "frequency",
      1,
    ])
    expect(
      left(Summary.distinctRows([1, 1], [0, 0], [3, Number.POSITIVE_INFINITY])).issues[0]?.path,
    ).toEqual(["age", 1])
  })

  it("CHN-1 columns of different lengths are a ValidationError naming the column", () => {
    const error = left(Summary.distinctRows([1, 2], [0, 0], [3]))
    expect(error.issues[0]?.path).toEqual(["age"])
    expect(left(Summary.distinctRows([1], [0, 0], [3])).issues[0]?.path).toEqual(["recency"])
  })
})

describe("Summary: zones far from UTC", () => {
  it("CHN-1 Kolkata's day starts at 18:30 UTC the day before", () => {
    // 20:00 UTC on 9 February is 01:30 on 10 February in Kolkata (UTC+5:30).
    const sales = [
      sale("a", utc(2024, 1, 10), 100),
      sale("a", Date.UTC(2024, 1, 9, 19) + HOUR, 100),
    ]
    const kolkata = build(sales, { ...daysOptions, timeZone: "Asia/Kolkata" })
    expect(Summary.customerAt(kolkata, 0)).toMatchObject({ frequency: 1, recency: 31 })
  })
})
