import { Errors, Period } from "@clientele/core"
import { Summary } from "@clientele/segmentation"
import * as FastCheck from "effect/FastCheck"
import { describe, expect, it } from "vitest"
import * as Dependence from "../src/Dependence.js"
import { left, right } from "./support.js"

const period = Period.make("2024-01-01", "2025-01-01", "UTC")
const purchase = (customerId: string, category?: string) => ({
  customerId,
  at: Date.UTC(2024, 4, 1),
  revenue: { amount: 1000, currency: "EUR" },
  ...(category === undefined ? {} : { category }),
})

const inUnitInterval = (values: Float64Array) => {
  for (const value of values) {
    expect(value).toBeGreaterThanOrEqual(0)
    expect(value).toBeLessThanOrEqual(1)
  }
}

describe("Dependence: category breadth", () => {
  const summaries = right(
    Summary.fromTransactions(
      [
        purchase("cus-1", "paper"),
        purchase("cus-1", "toner"),
        purchase("cus-1", "paper"),
        purchase("cus-2", "paper"),
        purchase("cus-3"),
      ],
      { period, currency: "EUR", customers: ["cus-4"] },
    ),
  )

  it("LOY-1 breadth is the share of the categories on offer a customer bought", () => {
    expect(summaries.customerIds).toEqual(["cus-4", "cus-1", "cus-2", "cus-3"])
    // Two categories met in the period by default; a catalogue of four when given.
    expect(Array.from(right(Dependence.categoryBreadth(summaries)))).toEqual([0, 1, 0.5, 0])
    expect(Array.from(right(Dependence.categoryBreadth(summaries, 4)))).toEqual([0, 0.5, 0.25, 0])
  })

  it("LOY-1 breadth is 0 without categories and at most 1 when the offer shrank", () => {
    const none = right(
      Summary.fromTransactions([purchase("cus-1"), purchase("cus-2")], { period, currency: "EUR" }),
    )
    expect(Array.from(right(Dependence.categoryBreadth(none)))).toEqual([0, 0])
    expect(Array.from(right(Dependence.categoryBreadth(summaries, 1)))).toEqual([0, 1, 1, 0])
    expect(Array.from(right(Dependence.categoryBreadth(summaries, 0)))).toEqual([0, 0, 0, 0])
  })

  it("LOY-1 a bad number of offered categories is a ValidationError", () => {
    for (const offered of [-1, 2.5, Number.NaN]) {
      const error = left(Dependence.categoryBreadth(summaries, offered))
      expect(error).toBeInstanceOf(Errors.ValidationError)
      expect(error.issues[0]?.path).toEqual(["offeredCategories"])
    }
  })
})

describe("Dependence: share of wallet", () => {
  it("LOY-1 share of wallet is spend over wallet, clamped to 1, and 0 for an empty wallet", () => {
    const share = right(Dependence.shareOfWallet([300, 500, 0, 7], [1200, 400, 0, 0]))
    expect(Array.from(share)).toEqual([0.25, 1, 0, 0])
  })

  it("LOY-1 a negative or missing figure is a ValidationError naming the field and index", () => {
    const negative = left(Dependence.shareOfWallet([300, 500], [1200, -1]))
    expect(negative.issues).toEqual([
      { path: ["walletSize", 1], message: "must not be negative, got -1" },
    ])
    const missing = left(Dependence.shareOfWallet([300, Number.NaN], [1200, 100]))
    expect(missing.issues[0]?.path).toEqual(["ourSpend", 1])
    const short = left(Dependence.shareOfWallet([300, 500], [1200]))
    expect(short.issues[0]?.path).toEqual(["walletSize"])
  })

  it("LOY-1 share of wallet lies in [0, 1] and never falls as the spend rises", () => {
    const amount = FastCheck.double({ min: 0, max: 1e9, noNaN: true })
    FastCheck.assert(
      FastCheck.property(
        FastCheck.array(FastCheck.tuple(amount, amount, amount), { maxLength: 40 }),
        (rows) => {
          const wallets = rows.map(([wallet]) => wallet)
          const spend = rows.map(([, spent]) => spent)
          const more = rows.map(([, spent, extra]) => spent + extra)
          const share = right(Dependence.shareOfWallet(spend, wallets))
          const larger = right(Dependence.shareOfWallet(more, wallets))
          inUnitInterval(share)
          share.forEach((value, i) => {
            expect(larger[i]).toBeGreaterThanOrEqual(value)
          })
        },
      ),
    )
  })
})

describe("Dependence: survey score", () => {
  it("LOY-1 a survey score maps linearly from its scale onto [0, 1]", () => {
    expect(Array.from(right(Dependence.surveyScore([1, 3, 5], { min: 1, max: 5 })))).toEqual([
      0, 0.5, 1,
    ])
    expect(Array.from(right(Dependence.surveyScore([0, 10], { min: 0, max: 10 })))).toEqual([0, 1])
  })

  it("LOY-1 a missing or out-of-scale answer, or an empty scale, is a ValidationError", () => {
    expect(left(Dependence.surveyScore([3, 6], { min: 1, max: 5 })).issues[0]?.path).toEqual([
      "scores",
      1,
    ])
    expect(left(Dependence.surveyScore([Number.NaN], { min: 1, max: 5 })).issues[0]?.path).toEqual([
      "scores",
      0,
    ])
    expect(left(Dependence.surveyScore([3], { min: 5, max: 5 })).issues[0]?.path).toEqual(["scale"])
  })

  it("LOY-1 survey scores land in [0, 1] in the order of the answers", () => {
    FastCheck.assert(
      FastCheck.property(
        FastCheck.array(FastCheck.integer({ min: 0, max: 10 }), { maxLength: 40 }),
        (scores) => {
          const normalised = right(Dependence.surveyScore(scores, { min: 0, max: 10 }))
          inUnitInterval(normalised)
          scores.forEach((a, i) => {
            scores.forEach((b, j) => {
              if (a <= b) expect(normalised[i]).toBeLessThanOrEqual(normalised[j] as number)
            })
          })
        },
      ),
    )
  })
})
