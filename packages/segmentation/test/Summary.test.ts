import { Errors, Ids, Money, Period } from "@clientele/core"
import * as Arbitrary from "effect/Arbitrary"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import { describe, expect, it } from "vitest"
import * as Summary from "../src/Summary.js"
import {
  CURRENCY,
  categoryNames,
  DAY,
  HOUR,
  left,
  periods,
  populationArb,
  populationWithOutsideSalesArb,
  right,
  type Sale,
  sale,
  summaries,
  summarise,
  year2024,
} from "./arbitraries.js"

const berlin2024 = Period.make("2024-01-01", "2025-01-01", "Europe/Berlin")
const newYork2024 = Period.make("2024-01-01", "2025-01-01", "America/New_York")

/** Each customer's summary as a plain object, by customer id. */
const byId = (result: Summary.PeriodSummaries): Map<string, Summary.CustomerSummary> =>
  new Map(result.customerIds.map((id, i) => [id, Summary.customerAt(result, i)]))

const nothingBought = (customerId: string): Summary.CustomerSummary => ({
  customerId,
  orders: 0,
  revenue: Money.make(0, CURRENCY),
  contribution: Money.make(0, CURRENCY),
  firstPurchase: null,
  lastPurchase: null,
  recencyDays: null,
  categoryCount: 0,
})

const ordersOf = (result: Summary.PeriodSummaries): Record<string, number> =>
  Object.fromEntries(result.customerIds.map((id, i) => [id, result.orders[i] as number]))

describe("Summary: one period's figures per customer", () => {
  it("SEG-1 counts orders, revenue, contribution (the revenue when not given), dates and categories", () => {
    const result = summaries(
      year2024,
      [
        sale("cus-1", Date.UTC(2024, 2, 1, 10), 12_000, {
          contribution: 3_000,
          category: "printers",
        }),
        sale("cus-1", Date.UTC(2024, 6, 15, 9), 8_000, { category: "toner" }),
        sale("cus-2", Date.UTC(2024, 11, 31, 23, 59, 59, 999), 100),
        sale("cus-2", Date.UTC(2023, 11, 31, 23, 59), 999), // 2023: skipped
        sale("cus-1", Date.UTC(2024, 10, 20, 16), 500, { contribution: 100, category: "printers" }),
        sale("cus-3", Date.UTC(2025, 0, 1), 700), // 2025: cus-3 is not in 2024's population
      ],
      ["cus-idle", "cus-1"],
    )
    expect(result.customerIds).toEqual(["cus-idle", "cus-1", "cus-2"])
    expect(Summary.size(result)).toBe(3)
    expect(result.currency).toBe("EUR")
    expect(result.period).toBe(year2024)
    expect(result.categories).toEqual(["printers", "toner"])
    expect(Summary.customerAt(result, 1)).toEqual({
      customerId: "cus-1",
      orders: 3,
      revenue: Money.make(20_500, CURRENCY),
      contribution: Money.make(11_100, CURRENCY),
      firstPurchase: "2024-03-01",
      lastPurchase: "2024-11-20",
      recencyDays: 41,
      categoryCount: 2,
    })
    expect(Summary.customerAt(result, 2)).toEqual({
      customerId: "cus-2",
      orders: 1,
      revenue: Money.make(100, CURRENCY),
      contribution: Money.make(100, CURRENCY),
      firstPurchase: "2024-12-31",
      lastPurchase: "2024-12-31",
      recencyDays: 0,
      categoryCount: 0,
    })
    expect(result.firstPurchase[1]).toBe(Date.UTC(2024, 2, 1, 10))
    expect(result.lastPurchase[2]).toBe(Date.UTC(2024, 11, 31, 23, 59, 59, 999))
  })

  it("SEG-1 a registered customer without a purchase in the period is summarised with nothing bought", () => {
    const result = summaries(year2024, [sale("cus-1", Date.UTC(2023, 5, 1), 900)], ["cus-1"])
    expect(Summary.customerAt(result, 0)).toEqual(nothingBought("cus-1"))
    expect(Summary.isActive(result, 0)).toBe(false)
    expect(Number.isNaN(result.firstPurchase[0])).toBe(true)
    expect(Number.isNaN(result.recencyDays[0])).toBe(true)
    const empty = summaries(year2024, [])
    expect(Summary.size(empty)).toBe(0)
    expect(empty.customerIds).toEqual([])
  })

  it("SEG-1 a purchase worth nothing, or losing money, still makes a buyer", () => {
    const result = summaries(year2024, [
      sale("free", Date.UTC(2024, 4, 1), 0),
      sale("loss", Date.UTC(2024, 4, 1), 1_000, { contribution: -250 }),
    ])
    expect([Summary.isActive(result, 0), Summary.isActive(result, 1)]).toEqual([true, true])
    expect(Array.from(result.contribution)).toEqual([0, -250])
  })

  it("SEG-3 dates are read in the period's zone: Berlin's year starts at 23:00 UTC", () => {
    const result = summaries(berlin2024, [
      sale("a", Date.UTC(2023, 11, 31, 23, 30), 100), // 00:30 on 1 January in Berlin
      sale("a", Date.UTC(2024, 11, 31, 22, 59), 100), // 23:59 on 31 December
      sale("b", Date.UTC(2024, 11, 31, 23, 30), 100), // 00:30 on 1 January 2025
      sale("c", Date.UTC(2023, 11, 31, 22, 59), 100), // 23:59 on 31 December 2023
    ])
    expect(ordersOf(result)).toEqual({ a: 2 })
    expect(Summary.customerAt(result, 0)).toMatchObject({
      firstPurchase: "2024-01-01",
      lastPurchase: "2024-12-31",
      recencyDays: 0,
    })
  })

  it("SEG-3 dates are read in the period's zone: New York's year ends at 05:00 UTC", () => {
    const result = summaries(newYork2024, [
      sale("a", Date.UTC(2025, 0, 1, 3), 100), // 22:00 on 31 December in New York
      sale("a", Date.UTC(2024, 0, 1, 4, 59), 100), // 23:59 on 31 December 2023
      sale("a", Date.UTC(2024, 0, 1, 5), 100), // midnight on 1 January
      sale("b", Date.UTC(2025, 0, 1, 5), 100), // midnight on 1 January 2025
    ])
    expect(ordersOf(result)).toEqual({ a: 2 })
    expect(Summary.customerAt(result, 0)).toMatchObject({
      firstPurchase: "2024-01-01",
      lastPurchase: "2024-12-31",
      recencyDays: 0,
    })
  })

  it("SEG-3 recency counts civil days in the period's zone up to its last day", () => {
    const at = Date.UTC(2024, 11, 30, 23, 30)
    const recency = (period: Period.Period) =>
      Summary.customerAt(summaries(period, [sale("a", at, 100)]), 0)
    expect(recency(year2024)).toMatchObject({ lastPurchase: "2024-12-30", recencyDays: 1 })
    expect(recency(berlin2024)).toMatchObject({ lastPurchase: "2024-12-31", recencyDays: 0 })
    expect(recency(newYork2024)).toMatchObject({ lastPurchase: "2024-12-30", recencyDays: 1 })
    const early = summaries(year2024, [sale("a", Date.UTC(2024, 0, 1), 100)])
    expect(Summary.customerAt(early, 0).recencyDays).toBe(365)
  })

  it("SEG-3 a period's edges are local midnights, also where DST moves them", () => {
    const edges: ReadonlyArray<readonly [Period.Period, number, number]> = [
      [periods[1] as Period.Period, Date.UTC(2023, 11, 31, 23), Date.UTC(2024, 11, 31, 23)],
      [periods[2] as Period.Period, Date.UTC(2024, 0, 1, 5), Date.UTC(2025, 0, 1, 5)],
      // March in Berlin ends at midnight CEST, the clocks having sprung forward on the 31st.
      [periods[3] as Period.Period, Date.UTC(2024, 1, 29, 23), Date.UTC(2024, 2, 31, 22)],
      // Santiago changes its clocks at midnight: both ends of this period are such days.
      [periods[4] as Period.Period, Date.UTC(2024, 3, 7, 4), Date.UTC(2024, 8, 8, 4)],
      // New York falls back on 3 November at 02:00, after the period's end at midnight EDT.
      [periods[5] as Period.Period, Date.UTC(2024, 9, 1, 4), Date.UTC(2024, 10, 3, 4)],
    ]
    for (const [period, start, end] of edges) {
      expect([Period.startInstant(period), Period.endInstant(period)]).toEqual([start, end])
      const result = summaries(period, [
        sale("before", start - 1, 100),
        sale("first", start, 100),
        sale("last", end - 1, 100),
        sale("after", end, 100),
      ])
      expect(ordersOf(result)).toEqual({ first: 1, last: 1 })
      expect(Summary.customerAt(result, 1).recencyDays).toBe(0)
    }
  })

  it("SEG-3 the day of the spring-forward and the fall-back hour are whole local days", () => {
    const march = periods[3] as Period.Period
    const spring = summaries(march, [
      sale("a", Date.UTC(2024, 2, 31, 0, 59), 100), // 01:59 CET
      sale("a", Date.UTC(2024, 2, 31, 1), 100), // 03:00 CEST, a minute later
      sale("a", Date.UTC(2024, 2, 31, 21, 59), 100), // 23:59 CEST
      sale("a", Date.UTC(2024, 2, 31, 22), 100), // 1 April, 00:00 CEST
    ])
    expect(Summary.customerAt(spring, 0)).toMatchObject({
      orders: 3,
      lastPurchase: "2024-03-31",
      recencyDays: 0,
    })
    const fall = summaries(newYork2024, [
      sale("a", Date.UTC(2024, 10, 3, 5, 30), 100), // 01:30 EDT
      sale("a", Date.UTC(2024, 10, 3, 6, 30), 100), // 01:30 EST, the hour again
    ])
    // 3 November to 31 December: 27 days of November, 31 of December.
    expect(Summary.customerAt(fall, 0)).toMatchObject({
      orders: 2,
      firstPurchase: "2024-11-03",
      lastPurchase: "2024-11-03",
      recencyDays: 58,
    })
  })

  it("SEG-1 summaries grow past their first allocation, in customers and in categories", () => {
    const period = year2024
    const at = Date.UTC(2024, 5, 1)
    const sales: Array<Sale> = Array.from({ length: 1_500 }, (_, i) =>
      sale(`cus-${i}`, at, 100, { category: `k${i % 5}` }),
    )
    // 40 more categories once 1 500 customers are known: the category sets widen.
    for (let k = 5; k < 45; k++) sales.push(sale("cus-0", at, 100, { category: `k${k}` }))
    const result = summaries(period, sales)
    expect(Summary.size(result)).toBe(1_500)
    expect(result.categories.length).toBe(45)
    expect(result.categoryCount[0]).toBe(41)
    expect(result.orders[0]).toBe(41)
    expect(result.categoryCount.slice(1).every((count) => count === 1)).toBe(true)
    expect(result.customerIds[1_499]).toBe("cus-1499")
  })

  it("SEG-1 the category count is the number of distinct categories bought (property)", () => {
    FastCheck.assert(
      FastCheck.property(populationArb(), (population) => {
        const result = summarise(population)
        const bought = new Map<string, Set<string>>()
        for (const s of population.sales) {
          if (!Period.containsInstant(population.period, s.at)) continue
          const set = bought.get(s.customerId) ?? new Set<string>()
          if (s.category !== undefined) set.add(s.category)
          bought.set(s.customerId, set)
        }
        result.customerIds.forEach((id, i) => {
          expect(result.categoryCount[i]).toBe(bought.get(id)?.size ?? 0)
        })
      }),
      { numRuns: 150 },
    )
  })
})

describe("Summary: only the period's data", () => {
  it("SEG-3 a transaction counts exactly when its civil date in the period's zone is in the period, in any zone", () => {
    const isInstant = Schema.is(Period.Instant)
    FastCheck.assert(
      FastCheck.property(
        Arbitrary.make(Period.Period),
        FastCheck.array(
          FastCheck.tuple(
            Arbitrary.make(Summary.Transaction),
            FastCheck.constantFrom("start" as const, "end" as const, "anywhere" as const),
            FastCheck.integer({ min: -3 * DAY, max: 3 * DAY }),
          ),
          { maxLength: 12 },
        ),
        (period, rows) => {
          const edge = { start: Period.startInstant(period), end: Period.endInstant(period) }
          // Schema-valid transactions, in euros, half of them moved next to an edge.
          const sales = rows
            .map(
              ([transaction, near, delta]): Sale => ({
                customerId: transaction.customerId,
                at: near === "anywhere" ? transaction.at : edge[near] + delta,
                revenue: { amount: transaction.revenue.amount, currency: CURRENCY },
                contribution:
                  transaction.contribution === undefined
                    ? undefined
                    : { amount: transaction.contribution.amount, currency: CURRENCY },
                category: transaction.category,
              }),
            )
            .filter((s) => isInstant(s.at))
          const result = right(Summary.fromTransactions(sales, { period, currency: CURRENCY }))
          // Ids such as "toString" are fair game: count in a Map, not in an object.
          const expected = new Map<string, number>()
          for (const s of sales) {
            if (Period.containsInstant(period, s.at)) {
              expected.set(s.customerId, (expected.get(s.customerId) ?? 0) + 1)
            }
          }
          expect(new Map(result.customerIds.map((id, i) => [id, result.orders[i]]))).toEqual(
            expected,
          )
        },
      ),
      { numRuns: 150 },
    )
  })

  it("SEG-3 transactions outside the period, next to its edges included, change no summary", () => {
    FastCheck.assert(
      FastCheck.property(
        populationWithOutsideSalesArb(["cus-0", "cus-1", "outsider"], 20),
        ([population, mixed]) => {
          expect(summarise(population, mixed)).toEqual(summarise(population))
        },
      ),
      { numRuns: 150 },
    )
  })
})

describe("Summary: three ways in, one result", () => {
  it("SEG-3 fromColumns summarises the same data as fromTransactions (property)", () => {
    FastCheck.assert(
      FastCheck.property(populationArb(), FastCheck.boolean(), (population, withCategories) => {
        // A category column gives every transaction a category; without it, none has one.
        const sales = population.sales.map((s) =>
          sale(s.customerId, s.at, s.revenue.amount, {
            ...(s.contribution === undefined ? {} : { contribution: s.contribution.amount }),
            ...(withCategories ? { category: s.category ?? "category-0" } : {}),
          }),
        )
        const ids = [...new Set([...population.registered, ...sales.map((s) => s.customerId)])]
        const index = new Map(ids.map((id, i) => [id, i]))
        const columns: Summary.Columns = {
          customers: ids,
          customer: Int32Array.from(sales, (s) => index.get(s.customerId) as number),
          at: Float64Array.from(sales, (s) => s.at),
          revenue: Float64Array.from(sales, (s) => s.revenue.amount),
          contribution: Float64Array.from(sales, (s) => (s.contribution ?? s.revenue).amount),
          ...(withCategories
            ? {
                categories: categoryNames,
                category: Int32Array.from(sales, (s) => categoryNames.indexOf(s.category ?? "")),
              }
            : {}),
        }
        const fromColumns = byId(
          right(Summary.fromColumns(columns, { period: population.period, currency: CURRENCY })),
        )
        const fromObjects = byId(summarise({ ...population, sales }))
        // Columns list their customers up front: one whose purchases all fall outside
        // the period is in the population, with nothing bought.
        expect([...fromColumns.keys()].sort()).toEqual([...ids].sort())
        for (const [id, summary] of fromColumns) {
          expect(summary).toEqual(fromObjects.get(id) ?? nothingBought(id))
        }
      }),
      { numRuns: 150 },
    )
  })

  it("SEG-3 fromColumns accepts integer columns and registered customers without purchases", () => {
    const result = right(
      Summary.fromColumns(
        {
          customers: ["cus-1", "cus-2"],
          customer: Int32Array.of(0, 0, 1),
          at: Float64Array.of(Date.UTC(2024, 0, 5), Date.UTC(2024, 5, 1), Date.UTC(2023, 3, 9)),
          revenue: Int32Array.of(5_000, 7_000, 900),
          categories: ["printers", "toner"],
          category: Uint8Array.of(1, 1, 0),
        },
        { period: year2024, currency: CURRENCY, customers: ["cus-0"] },
      ),
    )
    expect(result.customerIds).toEqual(["cus-0", "cus-1", "cus-2"])
    expect(Array.from(result.orders)).toEqual([0, 2, 0])
    expect(Array.from(result.contribution)).toEqual([0, 12_000, 0])
    expect(Array.from(result.categoryCount)).toEqual([0, 1, 0])
  })

  it("SEG-1 fromColumns takes a registered customer who also bought, as fromTransactions does", () => {
    const options = { period: year2024, currency: CURRENCY, customers: ["cus-1", "cus-2"] }
    const columns: Summary.Columns = {
      customers: ["cus-1"],
      customer: [0],
      at: [Date.UTC(2024, 3, 1)],
      revenue: [500],
    }
    const objects = right(
      Summary.fromTransactions([sale("cus-1", Date.UTC(2024, 3, 1), 500)], options),
    )
    expect(ordersOf(objects)).toEqual({ "cus-1": 1, "cus-2": 0 })
    expect(ordersOf(right(Summary.fromColumns(columns, options)))).toEqual(ordersOf(objects))
  })

  it("SEG-1 fromColumns counts categories by name: one listed twice counts once, and only for its buyer", () => {
    const at = Date.UTC(2024, 3, 1)
    const outcome = (categories: ReadonlyArray<string>, category: ReadonlyArray<number>) =>
      Summary.fromColumns(
        {
          customers: ["a", "b"],
          customer: [0, 1, 1],
          at: [at, at, at],
          revenue: [1, 1, 1],
          categories,
          category,
        },
        { period: year2024, currency: CURRENCY },
      )
    // Forty entries naming two categories: entry 0 is "x", every other one "same".
    // a buys entry 35 ("same"); b buys "x", then "x" again or entry 1 ("same").
    const names = Array.from({ length: 40 }, (_, k) => (k === 0 ? "x" : "same"))
    for (const [categories, category, expected] of [
      [names, [35, 0, 0], [1, 1]],
      [names, [35, 0, 1], [1, 2]],
      [
        ["x", "x"],
        [0, 0, 1],
        [1, 1],
      ],
    ] as const) {
      const result = outcome(categories, category)
      // Refusing a list that names a category twice would do as well.
      if (Either.isLeft(result)) {
        expect((result.left as Errors.ValidationError).issues[0]?.path.slice(0, 2)).toEqual([
          "columns",
          "categories",
        ])
      } else {
        expect(Array.from(result.right.categoryCount)).toEqual(expected)
      }
    }
  })

  it("SEG-3 fromStream summarises the same data as fromTransactions, whatever the chunks", () => {
    FastCheck.assert(
      FastCheck.property(
        populationArb(),
        FastCheck.integer({ min: 1, max: 7 }),
        (population, chunkSize) => {
          const streamed = Effect.runSync(
            Summary.fromStream(
              Stream.fromIterable(population.sales).pipe(Stream.rechunk(chunkSize)),
              {
                period: population.period,
                currency: CURRENCY,
                customers: population.registered,
              },
            ),
          )
          expect(streamed).toEqual(summarise(population))
        },
      ),
      { numRuns: 100 },
    )
  })
})

describe("Summary: bad input is a typed error and no summary", () => {
  it("SEG-3 a customer id is accepted exactly when it is an Ids.IdString, in every way in", () => {
    const idArb = FastCheck.oneof(
      FastCheck.string({ minLength: 0, maxLength: 8 }),
      FastCheck.string({ unit: "binary", minLength: 0, maxLength: 8 }),
      FastCheck.constantFrom(
        "",
        "a\u0000",
        "a\u007f",
        "a\u0085",
        "a\u00a0",
        "x".repeat(256),
        "x".repeat(257),
      ),
    )
    FastCheck.assert(
      FastCheck.property(idArb, (id) => {
        const valid = Schema.is(Ids.IdString)(id)
        const options = { period: year2024, currency: CURRENCY }
        const sale = {
          customerId: id,
          at: Date.UTC(2024, 5, 1),
          revenue: Money.make(100, CURRENCY),
        }
        expect(Either.isRight(Summary.fromTransactions([sale], options))).toBe(valid)
        expect(Either.isRight(Summary.fromTransactions([], { ...options, customers: [id] }))).toBe(
          valid,
        )
        const columns = { customers: [id], customer: [0], at: [sale.at], revenue: [100] }
        expect(Either.isRight(Summary.fromColumns(columns, options))).toBe(valid)
      }),
      { numRuns: 300 },
    )
  })

  const at = Date.UTC(2024, 5, 1)
  const fine = sale("cus-1", at, 100)
  const failure = (sales: ReadonlyArray<Sale>, customers: ReadonlyArray<string> = []) =>
    left(Summary.fromTransactions(sales, { period: year2024, currency: CURRENCY, customers }))
  const validation = (sales: ReadonlyArray<Sale>, customers: ReadonlyArray<string> = []) => {
    const error = failure(sales, customers)
    if (!(error instanceof Errors.ValidationError))
      throw new Error(`not a ValidationError: ${error}`)
    return error
  }

  it("SEG-3 a transaction's bad field is named by its position and field", () => {
    expect(validation([fine, fine, fine, { ...fine, at: 1.5 }]).issues).toEqual([
      {
        path: ["transactions", 3, "at"],
        message: "not an instant (integer epoch milliseconds): 1.5",
      },
    ])
    expect(validation([{ ...fine, at: Number.NaN }]).issues[0]?.path).toEqual([
      "transactions",
      0,
      "at",
    ])
    expect(validation([fine, { ...fine, customerId: "" }]).issues[0]?.path).toEqual([
      "transactions",
      1,
      "customerId",
    ])
    expect(validation([fine, fine, sale("cus-1", at, 10.5)]).issues[0]?.path).toEqual([
      "transactions",
      2,
      "revenue",
      "amount",
    ])
    const unsafe = sale("cus-1", at, 100, { contribution: Number.MAX_SAFE_INTEGER + 2 })
    expect(validation([unsafe]).issues[0]?.path).toEqual([
      "transactions",
      0,
      "contribution",
      "amount",
    ])
  })

  it("SEG-3 a transaction outside the period is checked all the same", () => {
    expect(validation([sale("cus-1", Date.UTC(2019, 0, 1), 0.5)]).issues[0]?.path).toEqual([
      "transactions",
      0,
      "revenue",
      "amount",
    ])
  })

  it("SEG-3 an amount in another currency is a CurrencyMismatchError", () => {
    const usd = { ...fine, revenue: { amount: 100, currency: "USD" } }
    const error = failure([fine, usd])
    expect(error).toBeInstanceOf(Money.CurrencyMismatchError)
    expect(error).toMatchObject({ operation: "summarise", left: "EUR", right: "USD" })
    const margin = { ...fine, contribution: { amount: 10, currency: "GBP" } }
    expect(failure([margin])).toMatchObject({ _tag: "CurrencyMismatchError", right: "GBP" })
  })

  it("SEG-3 a customer registered twice, or with a bad id, is named by its position", () => {
    expect(validation([], ["cus-1", "cus-2", "cus-1"]).issues).toEqual([
      { path: ["customers", 2], message: "customer cus-1 is listed twice" },
    ])
    expect(validation([], ["cus-1", ""]).issues[0]?.path).toEqual(["customers", 1])
  })

  it("SEG-3 totals beyond the safe-integer range are a typed error, not a failure later", () => {
    const huge = sale("cus-1", at, Number.MAX_SAFE_INTEGER)
    const result = Summary.fromTransactions([huge, huge], {
      period: year2024,
      currency: CURRENCY,
    })
    if (Either.isLeft(result)) {
      expect(result.left._tag).toMatch(/^(MoneyOverflowError|ValidationError)$/)
    } else {
      expect(() => Summary.customerAt(result.right, 0)).not.toThrow()
    }
  })

  it("SEG-3 an unknown currency is a ValidationError", () => {
    const error = left(Summary.fromTransactions([], { period: year2024, currency: "eur" }))
    expect(error).toBeInstanceOf(Errors.ValidationError)
    expect(error.message).toContain("currency code")
  })

  it("SEG-3 a bad column is named with the position of its first bad value", () => {
    const base: Summary.Columns = {
      customers: ["cus-1", "cus-2"],
      customer: [0, 1, 1],
      at: [at, at, at],
      revenue: [100, 200, 300],
    }
    const pathOf = (columns: Summary.Columns) =>
      (
        left(
          Summary.fromColumns(columns, { period: year2024, currency: CURRENCY }),
        ) as Errors.ValidationError
      ).issues[0]?.path
    expect(pathOf({ ...base, customer: [0, 2, 1] })).toEqual(["columns", "customer", 1])
    expect(pathOf({ ...base, customer: [0, 1, -1] })).toEqual(["columns", "customer", 2])
    expect(pathOf({ ...base, customer: [0.5, 1, 1] })).toEqual(["columns", "customer", 0])
    expect(pathOf({ ...base, at: [at, at, at + 0.5] })).toEqual(["columns", "at", 2])
    expect(pathOf({ ...base, revenue: [100, 1.5, 300] })).toEqual(["columns", "revenue", 1])
    expect(pathOf({ ...base, contribution: [1, 2, Number.NaN] })).toEqual([
      "columns",
      "contribution",
      2,
    ])
    expect(pathOf({ ...base, at: [at, at] })).toEqual(["columns", "at"])
    expect(pathOf({ ...base, category: [0, 0, 0] })).toEqual(["columns", "categories"])
    expect(pathOf({ ...base, categories: ["a"], category: [0, 1, 0] })).toEqual([
      "columns",
      "category",
      1,
    ])
    const twice = left(
      Summary.fromColumns(
        { ...base, customers: ["cus-1", "cus-1"], customer: [0, 0, 0] },
        { period: year2024, currency: CURRENCY },
      ),
    )
    expect(twice.message).toContain("customer cus-1 is listed twice")
  })

  it("SEG-3 a bad transaction in a stream fails it by its position across chunks", () => {
    const run = (stream: Stream.Stream<Sale, string>) =>
      Effect.runSync(
        Effect.either(Summary.fromStream(stream, { period: year2024, currency: CURRENCY })),
      )
    const sales = [fine, fine, fine, fine, { ...fine, at: 0.5 }, fine]
    const error = left(run(Stream.fromIterable(sales).pipe(Stream.rechunk(2))))
    expect(error).toBeInstanceOf(Errors.ValidationError)
    expect(error instanceof Errors.ValidationError && error.issues[0]?.path).toEqual([
      "transactions",
      4,
      "at",
    ])
    // The stream's own failure comes through unchanged.
    expect(left(run(Stream.concat(Stream.make(fine), Stream.fail("store down"))))).toBe(
      "store down",
    )
    expect(Either.isRight(run(Stream.make(fine)))).toBe(true)
  })

  it("SEG-3 instants next to the edges of every test period are in it exactly as Period says", () => {
    for (const period of periods) {
      const start = Period.startInstant(period)
      const end = Period.endInstant(period)
      const instants = [
        start - HOUR,
        start - 1,
        start,
        start + HOUR,
        end - HOUR,
        end - 1,
        end,
        end + HOUR,
      ]
      const result = summaries(
        period,
        instants.map((instant, k) => sale(`at-${k}`, instant, 100)),
      )
      const inside = instants.flatMap((instant, k) =>
        Period.containsInstant(period, instant) ? [`at-${k}`] : [],
      )
      expect(result.customerIds).toEqual(inside)
      expect(inside).toEqual(["at-2", "at-3", "at-4", "at-5"])
    }
  })
})
