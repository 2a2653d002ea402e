import { Money, Period } from "@clientele/core"
import * as FastCheck from "effect/FastCheck"
import { describe, expect, it } from "vitest"
import * as Changes from "../src/Changes.js"
import * as Classification from "../src/Classification.js"
import * as Cut from "../src/Cut.js"
import * as Policy from "../src/Policy.js"
import {
  CURRENCY,
  classify,
  customer,
  policyArb,
  policyWith,
  populationArb,
  type Sale,
  summaries,
  summarise,
  twoTiers,
} from "./arbitraries.js"

const year = (y: number) => Period.make(`${y}-01-01`, `${y + 1}-01-01`, "UTC")
const eur = (amount: number) => Money.make(amount, CURRENCY)
const figures = (orders: number, amount: number): Changes.Figures => ({
  orders,
  revenue: eur(amount),
  contribution: eur(amount),
})

// Major: at least two orders and 10 000 of contribution.
const scheme = twoTiers({ orders: Cut.atLeast(2), contribution: Cut.atLeast(10_000) })
const policy2023 = policyWith(scheme, {}, "policy-2023")
const policy2024 = policyWith(scheme, {}, "policy-2024")

const sales2023: ReadonlyArray<Sale> = [
  ...customer(year(2023), "a", 1, 5_000),
  ...customer(year(2023), "b", 3, 20_000),
  ...customer(year(2023), "d", 2, 3_000),
  ...customer(year(2023), "e", 2, 12_000),
  ...customer(year(2023), "f", 1, 100), // gone in 2024
]
const sales2024: ReadonlyArray<Sale> = [
  ...customer(year(2024), "a", 2, 12_000),
  ...customer(year(2024), "b", 1, 500),
  ...customer(year(2024), "c", 1, 700),
  ...customer(year(2024), "e", 2, 15_000),
]
const previous = classify(summaries(year(2023), sales2023), policy2023)
const current = classify(summaries(year(2024), sales2024, ["a", "b", "c", "d", "e"]), policy2024)

describe("Changes: the log between two periods", () => {
  it("SEG-3 lists every move up, down and every newcomer, in the current period's order", () => {
    const changes = Changes.between(previous, current)
    expect(changes.map((c) => [c.customerId, c.from, c.to, c.direction])).toEqual([
      ["a", "general", "major", "up"],
      ["b", "major", "general", "down"],
      ["c", null, "general", "new"],
      ["d", "general", "potential", "down"],
    ])
  })

  it("SEG-3 each change records both periods, both policy versions and the figures behind it", () => {
    const [a, , c, d] = Changes.between(previous, current)
    expect(a).toEqual({
      customerId: "a",
      from: "general",
      to: "major",
      direction: "up",
      previousPeriod: year(2023),
      period: year(2024),
      previousFigures: figures(1, 5_000),
      figures: figures(2, 12_000),
      previousPolicyVersion: "policy-2023",
      policyVersion: "policy-2024",
    })
    expect(c?.previousFigures).toBeNull()
    expect(c?.figures).toEqual(figures(1, 700))
    expect(d?.figures).toEqual(figures(0, 0))
    expect(d?.previousFigures).toEqual(figures(2, 3_000))
  })

  it("SEG-3 a customer who left the population is not listed; one whose tier held is not either", () => {
    const ids = Changes.between(previous, current).map((c) => c.customerId)
    expect(ids).not.toContain("f")
    expect(ids).not.toContain("e")
  })

  it("SEG-3 a stored previous period compares by tier name; a name the scheme does not rank is a move down", () => {
    const stored: Changes.PreviousPeriod = {
      period: year(2023),
      policyVersion: "stored",
      tierOf: (customerId) =>
        ({
          a: { tier: "gold", figures: figures(9, 99_000) },
          b: { tier: "potential", figures: figures(0, 0) },
          e: { tier: "major", figures: figures(4, 40_000) },
        })[customerId],
    }
    const changes = Changes.between(stored, current)
    expect(changes.map((c) => [c.customerId, c.from, c.to, c.direction])).toEqual([
      ["a", "gold", "major", "down"],
      ["b", "potential", "general", "up"],
      ["c", null, "general", "new"],
      ["d", null, "potential", "new"],
    ])
    expect(changes[0]?.previousPolicyVersion).toBe("stored")
    expect(changes[0]?.previousFigures).toEqual(figures(9, 99_000))
  })

  it("SEG-3 periods under different schemes still compare, by name", () => {
    const starred = classify(
      summaries(year(2023), sales2023),
      policyWith(Policy.stars, {}, "stars-2023"),
    )
    const changes = Changes.between(starred, current)
    // No star is a tier of the current scheme: every buyer of both years moved "down".
    expect(changes.filter((c) => c.from !== null).every((c) => c.direction === "down")).toBe(true)
    expect(Changes.previousOf(starred).tierOf("a")?.tier).toMatch(/star$/)
  })

  it("SEG-3 previousOf reads a classified period back: tier and figures by customer id", () => {
    const back = Changes.previousOf(previous)
    expect(back.period).toEqual(year(2023))
    expect(back.policyVersion).toBe("policy-2023")
    expect(back.tierOf("b")).toEqual({ tier: "major", figures: figures(3, 20_000) })
    expect(back.tierOf("nobody")).toBeUndefined()
  })

  it("SEG-3 the log lists exactly the customers whose tier changed, up when its rank improved (property)", () => {
    FastCheck.assert(
      FastCheck.property(populationArb(), populationArb(), policyArb, (before, after, policy) => {
        const old = classify(summarise(before), policy)
        const now = classify(summarise(after), policy)
        expect(Changes.between(now, now)).toEqual([])
        const changes = Changes.between(old, now)
        const tierIn = (result: Classification.PeriodClassification, id: string) => {
          const index = Classification.indexOf(result, id)
          return index === undefined ? undefined : Classification.customerAt(result, index).tier
        }
        const expected = now.summaries.customerIds.filter(
          (id) => tierIn(old, id) !== tierIn(now, id),
        )
        expect(changes.map((c) => c.customerId)).toEqual(expected)
        const rank = (name: string) => now.tiers.names.indexOf(name)
        for (const change of changes) {
          expect(change.to).toBe(tierIn(now, change.customerId))
          expect(change.from).toBe(tierIn(old, change.customerId) ?? null)
          const direction =
            change.from === null ? "new" : rank(change.to) < rank(change.from) ? "up" : "down"
          expect(change.direction).toBe(direction)
          expect(change.period).toBe(after.period)
          expect(change.previousPeriod).toBe(before.period)
        }
      }),
      { numRuns: 100 },
    )
  })
})
