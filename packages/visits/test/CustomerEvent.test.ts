import { Errors, Ids, Money, Personal } from "@clientele/core"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"
import { describe, expect, it } from "vitest"
import * as CustomerEvent from "../src/CustomerEvent.js"

const right = <A, E>(result: Either.Either<A, E>): A => {
  if (Either.isLeft(result)) throw new Error(`expected Right, got ${String(result.left)}`)
  return result.right
}

const left = <A, E>(result: Either.Either<A, E>): E => {
  if (Either.isRight(result)) throw new Error("expected Left")
  return result.left
}

const eur = (amount: number) => Money.make(amount, "EUR")
const encodedEur = (amount: number) => ({ amount, currency: "EUR" })
const mia = Ids.StaffId.make("mia")
const director = Ids.StaffId.make("director")
const JAN = Date.UTC(2025, 0, 10)

const draft = (): CustomerEvent.CustomerEvent =>
  right(
    CustomerEvent.create({
      id: "evt-gala",
      kind: "majorCustomerGathering",
      title: "Annual major-customer dinner",
      date: "2025-11-20",
      zone: "Europe/Paris",
      venue: "Hôtel du Parc",
      invited: { customers: ["cus-1"], tiers: ["major"] },
    }),
  )

const planInput = (lines: ReadonlyArray<readonly [string, number]>, total?: number) => ({
  agenda: [{ title: "Welcome", time: "18:00", durationMinutes: 30 }, { title: "Dinner" }],
  budget: {
    lines: lines.map(([item, amount]) => ({ item, amount: encodedEur(amount) })),
    total: encodedEur(total ?? lines.reduce((sum, [, amount]) => sum + amount, 0)),
  },
  plannedBy: "mia",
  plannedAt: JAN,
})

const planned = (budget = 100_000) =>
  right(
    CustomerEvent.plan(
      draft(),
      planInput([
        ["venue hire", budget - 40_000],
        ["catering", 40_000],
      ]),
    ),
  )

const approved = (budget = 100_000) => right(CustomerEvent.approve(planned(budget), director, JAN))

const cost = (amount: number, item = "deposit"): CustomerEvent.CommittedCost => ({
  item,
  amount: eur(amount),
  committedAt: JAN + 86_400_000,
  by: mia,
})

const testimonial = (consentToPublish: boolean): CustomerEvent.Testimonial => ({
  customerId: Ids.CustomerId.make("cus-1"),
  text: "The tasting changed how I buy tea.",
  consentToPublish,
  collectedAt: Date.UTC(2025, 10, 20, 21),
})

const held = () => right(CustomerEvent.markHeld(approved(), Date.UTC(2025, 10, 20, 23)))

describe("CustomerEvent: plan and budget", () => {
  it("VIS-11 a new event is a draft without plan, costs or testimonials", () => {
    const event = draft()
    expect(event).toMatchObject({
      state: "draft",
      costs: [],
      testimonials: [],
      earlierApprovals: [],
    })
    expect(event.plan).toBeUndefined()
    const error = left(
      CustomerEvent.create({
        ...Schema.encodeSync(CustomerEvent.CustomerEvent)(event),
        kind: "party",
        date: "2025-02-30",
      }),
    )
    // A literal union reports one issue per literal: compare the distinct paths.
    expect([...new Set(error.issues.map((issue) => issue.path.join(".")))]).toEqual([
      "kind",
      "date",
    ])
  })

  it("VIS-11 a new event takes exactly the event's creation fields, with the event's own schemas", () => {
    const creation = ["id", "kind", "title", "date", "zone", "venue", "invited"]
    expect(Object.keys(CustomerEvent.NewEvent.fields)).toEqual(creation)
    for (const field of creation)
      expect(
        CustomerEvent.NewEvent.fields[field as keyof typeof CustomerEvent.NewEvent.fields],
      ).toBe(
        CustomerEvent.CustomerEvent.fields[
          field as keyof typeof CustomerEvent.CustomerEvent.fields
        ],
      )
  })

  it("VIS-11 planning records the agenda and a budget whose total is the sum of its lines", () => {
    const event = planned()
    expect(event.plan?.agenda.map((item) => item.title)).toEqual(["Welcome", "Dinner"])
    expect(event.plan?.budget.total).toEqual(eur(100_000))
    expect(event.plan?.plannedBy).toBe("mia")
  })

  it("VIS-11 a budget in two currencies, with a negative line, or a wrong total is refused", () => {
    const twoCurrencies = planInput([["venue", 1000]])
    const mixed = {
      ...twoCurrencies,
      budget: {
        lines: [
          { item: "venue", amount: encodedEur(1000) },
          { item: "band", amount: { amount: 500, currency: "USD" } },
        ],
        total: encodedEur(1500),
      },
    }
    const paths = (input: unknown) => {
      const error = left(CustomerEvent.plan(draft(), input))
      if (!(error instanceof Errors.ValidationError)) throw new Error(`unexpected ${error._tag}`)
      return error.issues.map((issue) => issue.path)
    }
    expect(paths(mixed)).toEqual([["budget", "lines", 1, "amount"]])
    expect(
      paths(
        planInput([
          ["venue", 1000],
          ["refund", -200],
        ]),
      ),
    ).toEqual([["budget", "lines", 1, "amount"]])
    expect(
      paths(
        planInput(
          [
            ["venue", 1000],
            ["catering", 500],
          ],
          1400,
        ),
      ),
    ).toEqual([["budget", "total"]])
  })

  it("VIS-11 planning is refused once the event was held, closed or cancelled", () => {
    const error = left(CustomerEvent.plan(held(), planInput([["venue", 1000]])))
    expect(error).toMatchObject({
      _tag: "InvalidTransitionError",
      state: "held",
      attempted: "plan",
    })
  })
})

describe("CustomerEvent: approval", () => {
  it("VIS-11 approval records who, when and the budget approved", () => {
    const event = approved()
    expect(event.state).toBe("approved")
    expect(event.approval).toEqual({ by: "director", at: JAN, budget: eur(100_000) })
  })

  it("VIS-11 an event without a budget cannot be approved", () => {
    const error = left(CustomerEvent.approve(draft(), director, JAN))
    expect(error).toBeInstanceOf(CustomerEvent.MissingBudgetError)
    expect(error).toMatchObject({ eventId: "evt-gala", rule: "VIS-11" })
  })

  it("VIS-11 the planner cannot approve their own budget", () => {
    const error = left(CustomerEvent.approve(planned(), mia, JAN))
    expect(error).toBeInstanceOf(CustomerEvent.ApproverIsPlannerError)
  })

  it("VIS-11 an approved event cannot be approved again", () => {
    expect(left(CustomerEvent.approve(approved(), director, JAN))._tag).toBe(
      "InvalidTransitionError",
    )
  })
})

describe("CustomerEvent: committed costs", () => {
  it("VIS-11 a cost committed before approval is refused", () => {
    const error = left(CustomerEvent.commitCost(planned(), cost(10_000)))
    expect(error).toBeInstanceOf(CustomerEvent.CostBeforeApprovalError)
    expect(error).toMatchObject({ eventId: "evt-gala", state: "draft", item: "deposit" })
    expect(left(CustomerEvent.commitCost(draft(), cost(1)))._tag).toBe("CostBeforeApprovalError")
  })

  it("VIS-11 a cost over the approved budget is refused; up to the budget is accepted", () => {
    const event = right(CustomerEvent.commitCost(approved(), cost(60_000, "venue hire")))
    const full = right(CustomerEvent.commitCost(event, cost(40_000, "catering")))
    expect(CustomerEvent.committedTotal(full)).toEqual(eur(100_000))
    const error = left(CustomerEvent.commitCost(event, cost(40_001, "catering")))
    expect(error).toBeInstanceOf(CustomerEvent.OverBudgetError)
    expect(error).toMatchObject({
      approved: eur(100_000),
      committed: eur(60_000),
      requested: eur(40_001),
    })
    expect(error.message).toContain("re-approve")
  })

  it("VIS-11 a cost in another currency, or of no amount, is refused", () => {
    const usd = { ...cost(100), amount: Money.make(100, "USD") }
    expect(left(CustomerEvent.commitCost(approved(), usd))._tag).toBe("CurrencyMismatchError")
    expect(left(CustomerEvent.commitCost(approved(), cost(0)))._tag).toBe("ValidationError")
  })

  it("VIS-11 raising the budget takes a new plan and a new approval", () => {
    const spent = right(CustomerEvent.commitCost(approved(), cost(90_000)))
    const replanned = right(
      CustomerEvent.plan(
        spent,
        planInput([
          ["venue hire", 60_000],
          ["catering", 70_000],
        ]),
      ),
    )
    expect(replanned.state).toBe("draft")
    expect(replanned.approval).toBeUndefined()
    expect(replanned.earlierApprovals.map((approval) => approval.budget)).toEqual([eur(100_000)])
    expect(left(CustomerEvent.commitCost(replanned, cost(20_000)))._tag).toBe(
      "CostBeforeApprovalError",
    )
    const reapproved = right(CustomerEvent.approve(replanned, director, JAN + 1))
    const more = right(CustomerEvent.commitCost(reapproved, cost(40_000)))
    expect(CustomerEvent.committedTotal(more)).toEqual(eur(130_000))
  })

  it("VIS-11 a revised budget below the costs already committed is refused", () => {
    const spent = right(CustomerEvent.commitCost(approved(), cost(90_000)))
    const error = left(CustomerEvent.plan(spent, planInput([["venue", 50_000]])))
    expect(error).toMatchObject({ _tag: "ValidationError" })
    if (error._tag === "ValidationError")
      expect(error.issues.map((issue) => issue.path)).toEqual([["budget", "total"]])
  })

  it("VIS-11 costs may follow the event, but not its closing or cancellation", () => {
    expect(right(CustomerEvent.commitCost(held(), cost(500))).costs).toHaveLength(1)
    const closed = right(CustomerEvent.close(held(), Date.UTC(2025, 11, 31)))
    expect(left(CustomerEvent.commitCost(closed, cost(500)))._tag).toBe("InvalidTransitionError")
    const cancelled = right(CustomerEvent.cancel(approved(), JAN))
    expect(left(CustomerEvent.commitCost(cancelled, cost(500)))._tag).toBe("InvalidTransitionError")
  })

  it("VIS-11 property: whatever is committed, the committed total never exceeds the approved budget", () => {
    FastCheck.assert(
      FastCheck.property(
        FastCheck.integer({ min: 40_000, max: 1_000_000 }),
        FastCheck.array(FastCheck.integer({ min: 1, max: 300_000 }), { maxLength: 20 }),
        (budget, amounts) => {
          let event = approved(budget)
          for (const amount of amounts) {
            const next = CustomerEvent.commitCost(event, cost(amount))
            if (Either.isRight(next)) event = next.right
            else expect(next.left._tag).toBe("OverBudgetError")
          }
          const committed = CustomerEvent.committedTotal(event)?.amount ?? 0
          expect(committed).toBeLessThanOrEqual(budget)
          expect(committed).toBe(event.costs.reduce((sum, c) => sum + c.amount.amount, 0))
        },
      ),
    )
  })
})

describe("CustomerEvent: testimonials and closing", () => {
  it("VIS-11 testimonials are collected only at a held event", () => {
    expect(left(CustomerEvent.recordTestimonial(approved(), testimonial(true)))).toMatchObject({
      _tag: "InvalidTransitionError",
      state: "approved",
      attempted: "recordTestimonial",
    })
    const event = right(CustomerEvent.recordTestimonial(held(), testimonial(true)))
    expect(event.testimonials).toHaveLength(1)
  })

  it("VIS-11 the testimonial text is marked personal", () => {
    const fields = AST.getPropertySignatures(CustomerEvent.Testimonial.ast)
    const text = fields.find((field) => field.name === "text")
    expect(text !== undefined && Personal.isPersonal(text)).toBe(true)
    expect(fields.filter(Personal.isPersonal).map((field) => field.name)).toEqual(["text"])
  })

  it("VIS-11 closing keeps the testimonials as the event's archive; only consented ones are publishable", () => {
    const withTwo = right(
      CustomerEvent.recordTestimonial(
        right(CustomerEvent.recordTestimonial(held(), testimonial(true))),
        testimonial(false),
      ),
    )
    const closed = right(CustomerEvent.close(withTwo, Date.UTC(2025, 11, 31)))
    expect(closed.state).toBe("closed")
    expect(closed.testimonials).toHaveLength(2)
    expect(CustomerEvent.publishableTestimonials(closed)).toHaveLength(1)
    expect(left(CustomerEvent.recordTestimonial(closed, testimonial(true)))._tag).toBe(
      "InvalidTransitionError",
    )
    expect(left(CustomerEvent.close(approved(), JAN))._tag).toBe("InvalidTransitionError")
  })

  it("VIS-11 an event survives a JSON round trip, testimonials included", () => {
    const event = right(CustomerEvent.recordTestimonial(held(), testimonial(true)))
    const json = JSON.parse(JSON.stringify(Schema.encodeSync(CustomerEvent.CustomerEvent)(event)))
    expect(Schema.decodeUnknownSync(CustomerEvent.CustomerEvent)(json)).toEqual(event)
  })
})

describe("CustomerEvent: report", () => {
  it("VIS-11 the report shows budget against committed costs, event by event", () => {
    const spent = right(CustomerEvent.commitCost(approved(), cost(30_000)))
    const report = CustomerEvent.budgetReport([draft(), planned(50_000), spent])
    expect(
      report.map((line) => [
        line.state,
        line.planned,
        line.approved,
        line.committed,
        line.remaining,
      ]),
    ).toEqual([
      ["draft", undefined, undefined, undefined, undefined],
      ["draft", eur(50_000), undefined, eur(0), undefined],
      ["approved", eur(100_000), eur(100_000), eur(30_000), eur(70_000)],
    ])
  })
})
