import * as FastCheck from "effect/FastCheck"
import { describe, expect, it } from "vitest"
import * as BgNbd from "../src/BgNbd.js"
import { InvalidObservationError } from "../src/Fitting.js"
import * as GammaGamma from "../src/GammaGamma.js"
import * as MbgNbd from "../src/MbgNbd.js"
import * as ParetoNbd from "../src/ParetoNbd.js"
import * as Value from "../src/Value.js"
import { cdnowCustomer, cdnowObservations, cdnowSummary } from "./cdnow.js"
import { expectRelativelyClose, left, right } from "./model-support.js"

const cdnow = cdnowSummary()
const cdnowWeeks = cdnowObservations(cdnow)
const spend = right(
  GammaGamma.fit({ timeUnit: "weeks", frequency: cdnow.x, monetary: cdnow.zbar }),
).parameters
const customers = { frequency: cdnow.x, recency: cdnow.tx, age: cdnow.T, monetary: cdnow.zbar }

/** Each fitted purchase model with its own conditional expectation, to check the values against. */
const models: ReadonlyArray<{
  readonly model: Value.PurchaseModel
  readonly conditionalExpectedPurchases: (t: number, customer: BgNbd.Customer) => number
}> = (() => {
  const bg = right(BgNbd.fit(cdnowWeeks))
  const mbg = right(MbgNbd.fit(cdnowWeeks))
  const pareto = right(ParetoNbd.fit(cdnowWeeks))
  return [
    {
      model: bg,
      conditionalExpectedPurchases: (t, c) =>
        BgNbd.conditionalExpectedPurchases(bg.parameters, t, c),
    },
    {
      model: mbg,
      conditionalExpectedPurchases: (t, c) =>
        MbgNbd.conditionalExpectedPurchases(mbg.parameters, t, c),
    },
    {
      model: pareto,
      conditionalExpectedPurchases: (t, c) =>
        ParetoNbd.conditionalExpectedPurchases(pareto.parameters, t, c),
    },
  ]
})()

/** A month in weeks. */
const MONTH = 4.348

const customerAt = (i: number) => cdnowCustomer(cdnow, i)

describe("Value: discounted customer lifetime value", () => {
  for (const { model, conditionalExpectedPurchases } of models) {
    const name = model.model

    it(`CHN-1 ${name} CLV is 0 for every customer over 0 periods`, () => {
      const values = right(
        Value.lifetimeValues(model, spend, customers, {
          periods: 0,
          periodLength: MONTH,
          discountRate: 0.01,
        }),
      )
      expect(values).toHaveLength(2357)
      for (const value of values) expect(value).toBe(0)
    })

    it(`CHN-1 ${name} CLV over one period is the expected spend times the expected purchases in it, discounted once`, () => {
      const discountRate = 0.01
      const values = right(
        Value.lifetimeValues(model, spend, customers, {
          periods: 1,
          periodLength: MONTH,
          discountRate,
        }),
      )
      for (let i = 0; i < 2357; i += 7) {
        const customer = customerAt(i)
        const expected =
          (GammaGamma.conditionalExpectedSpend(spend, customer.frequency, customer.monetary) *
            conditionalExpectedPurchases(MONTH, customer)) /
          (1 + discountRate)
        expectRelativelyClose(values[i] as number, expected, 1e-12)
      }
    })

    it(`CHN-1 ${name} CLV without discounting telescopes to the expected spend times the purchases expected over all the periods`, () => {
      const values = right(
        Value.lifetimeValues(model, spend, customers, {
          periods: 12,
          periodLength: MONTH,
          discountRate: 0,
        }),
      )
      for (let i = 0; i < 2357; i += 11) {
        const customer = customerAt(i)
        const expected =
          GammaGamma.conditionalExpectedSpend(spend, customer.frequency, customer.monetary) *
          conditionalExpectedPurchases(12 * MONTH, customer)
        expectRelativelyClose(values[i] as number, expected, 1e-10)
      }
    })

    it(`CHN-1 ${name} CLV grows with the number of periods`, () => {
      let previous: Float64Array = new Float64Array(2357)
      for (const periods of [1, 2, 3, 6, 12, 24, 60]) {
        const values = right(
          Value.lifetimeValues(model, spend, customers, {
            periods,
            periodLength: MONTH,
            discountRate: 0.01,
          }),
        )
        for (let i = 0; i < 2357; i++) {
          expect(values[i]).toBeGreaterThan(0)
          expect(values[i]).toBeGreaterThan(previous[i] as number)
        }
        previous = values
      }
    })

    it(`CHN-1 ${name} CLV falls as the discount rate rises`, () => {
      let previous: Float64Array | undefined
      for (const discountRate of [-0.005, 0, 0.005, 0.01, 0.05, 0.2, 1]) {
        const values = right(
          Value.lifetimeValues(model, spend, customers, {
            periods: 24,
            periodLength: MONTH,
            discountRate,
          }),
        )
        if (previous !== undefined)
          for (let i = 0; i < 2357; i++) expect(values[i]).toBeLessThan(previous[i] as number)
        previous = values
      }
    })

    it(`CHN-1 ${name} CLV of one customer equals that customer's entry of the columns`, () => {
      const options = { periods: 24, periodLength: MONTH, discountRate: 0.01 }
      const values = right(Value.lifetimeValues(model, spend, customers, options))
      for (const i of [0, 1, 2, 100, 2356])
        expect(right(Value.customerLifetimeValue(model, spend, customerAt(i), options))).toBe(
          values[i],
        )
    })
  }

  it("CHN-1 CLV is finite and non-negative for any options in range", () => {
    const sample = {
      frequency: cdnow.x.slice(0, 50),
      recency: cdnow.tx.slice(0, 50),
      age: cdnow.T.slice(0, 50),
      monetary: cdnow.zbar.slice(0, 50),
    }
    FastCheck.assert(
      FastCheck.property(
        FastCheck.constantFrom(...models.map(({ model }) => model)),
        FastCheck.integer({ min: 0, max: 120 }),
        FastCheck.double({ min: 0.01, max: 52, noNaN: true }),
        FastCheck.double({ min: -0.5, max: 5, noNaN: true }),
        (model, periods, periodLength, discountRate) => {
          const values = right(
            Value.lifetimeValues(model, spend, sample, { periods, periodLength, discountRate }),
          )
          for (const value of values) {
            expect(Number.isFinite(value)).toBe(true)
            expect(value).toBeGreaterThanOrEqual(0)
          }
        },
      ),
      { numRuns: 60 },
    )
  })
})

describe("Value: options out of range", () => {
  const model = models[0]?.model as Value.PurchaseModel
  const customer = customerAt(0)
  const rejects = (options: Value.Options, field: string) => {
    const error = left(Value.lifetimeValues(model, spend, customers, options))
    expect(error).toBeInstanceOf(InvalidObservationError)
    expect(error.field).toBe(field)
    expect(left(Value.customerLifetimeValue(model, spend, customer, options)).field).toBe(field)
  }

  it("CHN-1 CLV rejects a negative number of periods", () =>
    rejects({ periods: -1, periodLength: MONTH, discountRate: 0.01 }, "periods"))
  it("CHN-1 CLV rejects a fractional number of periods", () =>
    rejects({ periods: 1.5, periodLength: MONTH, discountRate: 0.01 }, "periods"))
  it("CHN-1 CLV rejects a NaN or infinite number of periods", () => {
    rejects({ periods: Number.NaN, periodLength: MONTH, discountRate: 0.01 }, "periods")
    rejects(
      { periods: Number.POSITIVE_INFINITY, periodLength: MONTH, discountRate: 0.01 },
      "periods",
    )
  })
  it("CHN-1 CLV rejects a period that is not a positive finite time", () => {
    for (const periodLength of [0, -4.348, Number.NaN, Number.POSITIVE_INFINITY])
      rejects({ periods: 12, periodLength, discountRate: 0.01 }, "periodLength")
  })
  it("CHN-1 CLV rejects a discount rate at or below −1, NaN or infinite", () => {
    for (const discountRate of [-1, -1.5, Number.NaN, Number.POSITIVE_INFINITY])
      rejects({ periods: 12, periodLength: MONTH, discountRate }, "discountRate")
  })
})
