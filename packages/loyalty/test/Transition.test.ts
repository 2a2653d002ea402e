import { Errors, Period } from "@clientele/core"
import { Cut, Summary } from "@clientele/segmentation"
import * as FastCheck from "effect/FastCheck"
import { describe, expect, it } from "vitest"
import * as Loyalty from "../src/Loyalty.js"
import * as Transition from "../src/Transition.js"
import { left, right } from "./support.js"

// A snapshot: distinct ids drawn from a small pool (so the periods overlap often),
// each with a type code.
const snapshotArb: FastCheck.Arbitrary<Transition.Snapshot> = FastCheck.uniqueArray(
  FastCheck.tuple(FastCheck.integer({ min: 0, max: 30 }), FastCheck.integer({ min: 0, max: 3 })),
  { selector: ([id]) => id, maxLength: 25 },
).map((rows) => ({
  customerIds: rows.map(([id]) => `cus-${id}`),
  types: Uint8Array.from(rows.map(([, code]) => code)),
}))

describe("Transition: movement between periods", () => {
  it("LOY-4 each customer's quadrant transition, the matrix, and who entered and left", () => {
    const movement = right(
      Transition.between(
        { customerIds: ["cus-1", "cus-2", "cus-3", "cus-5"], types: Uint8Array.of(2, 3, 0, 1) },
        { customerIds: ["cus-2", "cus-1", "cus-4", "cus-5"], types: Uint8Array.of(3, 3, 1, 0) },
      ),
    )
    expect(movement.transitions).toEqual([
      { customerId: "cus-2", from: "high", to: "high" },
      { customerId: "cus-1", from: "inertial", to: "high" },
      { customerId: "cus-4", from: null, to: "latent" },
      { customerId: "cus-5", from: "latent", to: "zero" },
    ])
    expect(movement.matrix).toEqual([
      [0, 0, 0, 0],
      [1, 0, 0, 0],
      [0, 0, 0, 1],
      [0, 0, 0, 1],
    ])
    expect(movement.entered).toBe(1)
    expect(movement.left).toBe(1)
    expect(Transition.stayed(movement)).toBe(3)
    expect(Transition.moved(movement.transitions)).toEqual([
      { customerId: "cus-1", from: "inertial", to: "high" },
      { customerId: "cus-5", from: "latent", to: "zero" },
    ])
    expect(movement.transitions.map(Transition.directionOf)).toEqual([
      "unchanged",
      "up",
      "entered",
      "down",
    ])
    expect(Transition.directionOf({ customerId: "cus-9", from: "latent", to: "inertial" })).toBe(
      "across",
    )
  })

  it("LOY-4 the matrix counts every customer of both periods once, by previous and current type", () => {
    FastCheck.assert(
      FastCheck.property(snapshotArb, snapshotArb, (previous, current) => {
        const movement = right(Transition.between(previous, current))
        const before = new Map(previous.customerIds.map((id, i) => [id, previous.types[i]]))
        const both = current.customerIds.filter((id) => before.has(id)).length
        expect(Transition.stayed(movement)).toBe(both)
        expect(movement.entered).toBe(current.customerIds.length - both)
        expect(movement.left).toBe(previous.customerIds.length - both)
        expect(movement.transitions.length).toBe(current.customerIds.length)
        const expected = [0, 1, 2, 3].map(() => [0, 0, 0, 0])
        current.customerIds.forEach((id, i) => {
          const transition = movement.transitions[i]
          const to = current.types[i] as number
          expect(transition?.customerId).toBe(id)
          expect(transition?.to).toBe(Loyalty.loyaltyTypes[to])
          const from = before.get(id)
          expect(transition?.from).toBe(from === undefined ? null : Loyalty.loyaltyTypes[from])
          if (from !== undefined) {
            const row = expected[from] as Array<number>
            row[to] = (row[to] as number) + 1
          }
        })
        expect(movement.matrix).toEqual(expected)
      }),
      { numRuns: 300 },
    )
  })

  it("LOY-4 a snapshot with a repeated customer, a bad code or mismatched lengths is a ValidationError", () => {
    const ok: Transition.Snapshot = { customerIds: ["cus-1"], types: Uint8Array.of(0) }
    const twice = left(
      Transition.between(ok, { customerIds: ["cus-1", "cus-1"], types: Uint8Array.of(0, 1) }),
    )
    expect(twice).toBeInstanceOf(Errors.ValidationError)
    expect(twice.issues[0]?.path).toEqual(["current", "customerIds", 1])
    const code = left(Transition.between({ customerIds: ["cus-1"], types: [4] }, ok))
    expect(code.issues[0]?.path).toEqual(["previous", "types", 0])
    const lengths = left(Transition.between(ok, { customerIds: ["cus-1"], types: [] }))
    expect(lengths.issues[0]?.path).toEqual(["current", "types"])
  })

  it("LOY-4 two periods classified from their own summaries compare customer by customer", () => {
    const eur = (amount: number) => ({ amount, currency: "EUR" })
    const orders = (customerId: string, year: number, count: number, categories: number) =>
      Array.from({ length: count }, (_, k) => ({
        customerId,
        at: Date.UTC(year, k % 12, 1 + k),
        revenue: eur(1000),
        category: `cat-${k % categories}`,
      }))
    const summarise = (year: number, transactions: ReturnType<typeof orders>) =>
      right(
        Summary.fromTransactions(transactions, {
          period: Period.make(`${year}-01-01`, `${year + 1}-01-01`, "Europe/Paris"),
          currency: "EUR",
        }),
      )
    const policy = right(
      Loyalty.makePolicy({
        version: "absolute",
        frequency: Cut.atLeast(6),
        dependence: Cut.atLeast(0.5),
      }),
    )
    const previous = right(
      Loyalty.classifyPeriod(
        summarise(2023, [
          ...orders("cus-a", 2023, 8, 1),
          ...orders("cus-b", 2023, 4, 4),
          ...orders("cus-c", 2023, 1, 1),
        ]),
        policy,
      ),
    )
    const current = right(
      Loyalty.classifyPeriod(
        summarise(2024, [
          ...orders("cus-a", 2024, 8, 4),
          ...orders("cus-b", 2024, 3, 1),
          ...orders("cus-d", 2024, 6, 1),
        ]),
        policy,
      ),
    )
    const movement = right(Transition.between(previous, current))
    expect(movement.transitions).toEqual([
      { customerId: "cus-a", from: "inertial", to: "high" },
      { customerId: "cus-b", from: "latent", to: "zero" },
      { customerId: "cus-d", from: null, to: "inertial" },
    ])
    expect(movement.entered).toBe(1)
    expect(movement.left).toBe(1)
  })
})
