import { Errors, Ids, Money, Period } from "@clientele/core"
import * as Arbitrary from "effect/Arbitrary"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import { describe, expect, it } from "vitest"
import * as Compensation from "../src/Compensation.js"

const right = <A, E>(result: Either.Either<A, E>): A => {
  if (Either.isLeft(result)) throw new Error(`expected Right, got ${String(result.left)}`)
  return result.right
}

const left = <A, E>(result: Either.Either<A, E>): E => {
  if (Either.isRight(result)) throw new Error("expected Left")
  return result.left
}

const eur = (amount: number) => Money.make(amount, "EUR")
const date = (text: string) => Period.CivilDate.make(text)
const DAY = 86_400_000
const AT = Date.UTC(2024, 5, 1, 12)
const agent = Ids.StaffId.make("agent-7")
const lead = Ids.StaffId.make("lead-1")
const policy = Compensation.defaultPolicy("EUR")

const priceCase: Compensation.Case = {
  category: "price/after-purchase",
  categoryKind: "price",
  severity: "minor",
}
const waitCase: Compensation.Case = {
  category: "service/long-wait",
  categoryKind: "service",
  severity: "moderate",
}
const stockCase: Compensation.Case = {
  category: "product/out-of-stock",
  categoryKind: "product",
  severity: "minor",
}

const voucher = (amount: number, extra: Partial<Compensation.Compensation> = {}) =>
  ({ kind: "voucher", value: eur(amount), ...extra }) as Compensation.Compensation

const request = (
  given: ReadonlyArray<Compensation.Compensation>,
  customerCompensations: ReadonlyArray<Compensation.PastCompensation> = [],
  extra: Partial<Compensation.CheckRequest> = {},
): Compensation.CheckRequest => ({
  customerCompensations,
  given,
  at: AT,
  handlers: [agent],
  ...extra,
})

const propose = (complaint: Compensation.Case, today?: Period.CivilDate) =>
  Option.getOrThrow(Compensation.proposal(policy, complaint, today))

describe("Compensation: the default policy", () => {
  it("CMP-7 a price complaint after purchase defaults to a price-compensation voucher of 10.00", () => {
    expect(propose(priceCase)).toEqual({
      policyVersion: 1,
      ruleIndex: 1,
      remedy: "voucher",
      amount: eur(1000),
    })
    expect(propose({ ...priceCase, category: "price" }).amount).toEqual(eur(1000))
  })

  it("CMP-7 a service complaint such as a long wait defaults to a cash coupon of 5.00", () => {
    expect(propose(waitCase)).toMatchObject({
      ruleIndex: 3,
      remedy: "cashCoupon",
      amount: eur(500),
    })
  })

  it("CMP-7 a product complaint defaults to a return per the return policy, without an amount", () => {
    const proposal = propose(stockCase)
    expect(proposal).toEqual({ policyVersion: 1, ruleIndex: 4, remedy: "return" })
    expect(proposal.amount).toBeUndefined()
  })

  it("CMP-7 major and critical complaints raise the voucher and the coupon", () => {
    expect(propose({ ...priceCase, severity: "major" })).toMatchObject({
      ruleIndex: 0,
      remedy: "voucher",
      amount: eur(2000),
    })
    expect(propose({ ...priceCase, severity: "critical" }).amount).toEqual(eur(2000))
    expect(propose({ ...waitCase, severity: "critical" })).toMatchObject({
      ruleIndex: 2,
      remedy: "cashCoupon",
      amount: eur(1000),
    })
    expect(propose({ ...stockCase, severity: "critical" }).remedy).toBe("return")
  })

  it("CMP-7 the default limits: 100.00 per customer within 365 days, approval above 50.00", () => {
    expect(policy.version).toBe(1)
    expect(policy.perCustomerCap).toEqual({ amount: eur(10000), windowDays: 365 })
    expect(policy.approvalAbove).toEqual(eur(5000))
    expect(policy.cappedKinds).toEqual(["voucher", "cashCoupon"])
    expect(policy.rules.map((rule) => rule.validityDays)).toEqual([180, 180, 180, 180, undefined])
  })

  it("CMP-7 the default policy is a valid Policy that survives a JSON round trip", () => {
    const json = JSON.parse(JSON.stringify(Schema.encodeSync(Compensation.Policy)(policy)))
    expect(right(Errors.decodeEither(Compensation.Policy)(json))).toEqual(policy)
  })

  it("CMP-7 default amounts are whole units of the currency, so JPY and BHD work", () => {
    const yen = Compensation.defaultPolicy("JPY")
    expect(yen.currency).toBe("JPY")
    expect(Option.getOrThrow(Compensation.proposal(yen, priceCase)).amount).toEqual(
      Money.make(10, "JPY"),
    )
    expect(yen.perCustomerCap.amount).toEqual(Money.make(100, "JPY"))
    expect(yen.approvalAbove).toEqual(Money.make(50, "JPY"))
    expect(Compensation.defaultPolicy("BHD").approvalAbove).toEqual(Money.make(50_000, "BHD"))
  })

  it("CMP-7 an unknown currency is refused with a ValidationError on currency", () => {
    const error = left(Compensation.defaultPolicyEither("EURO"))
    expect(error._tag).toBe("ValidationError")
    expect(error.issues[0]?.path[0]).toBe("currency")
    expect(() => Compensation.defaultPolicy("XYZ")).toThrow(Errors.ValidationError)
  })
})

const customPolicy = (rules: ReadonlyArray<Compensation.Rule>): Compensation.Policy => ({
  ...policy,
  version: 7,
  rules,
})

describe("Compensation: rule matching", () => {
  it("CMP-7 the first matching rule wins, in the order of the policy", () => {
    const coupon: Compensation.Rule = {
      categoryKind: "service",
      remedy: "cashCoupon",
      amount: eur(500),
    }
    const card: Compensation.Rule = {
      category: "service",
      remedy: "discountCard",
      discountPercent: 10,
    }
    const couponFirst = Option.getOrThrow(
      Compensation.proposal(customPolicy([coupon, card]), waitCase),
    )
    expect(couponFirst).toEqual({
      policyVersion: 7,
      ruleIndex: 0,
      remedy: "cashCoupon",
      amount: eur(500),
    })
    const cardFirst = Option.getOrThrow(
      Compensation.proposal(customPolicy([card, coupon]), waitCase),
    )
    expect(cardFirst).toEqual({
      policyVersion: 7,
      ruleIndex: 0,
      remedy: "discountCard",
      discountPercent: 10,
    })
  })

  it("CMP-7 a category condition matches the id and every id under it, not a longer word", () => {
    const rule: Compensation.Rule = { category: "product", remedy: "exchange" }
    const product = (category: string): Compensation.Case => ({
      category,
      categoryKind: "product",
      severity: "minor",
    })
    expect(Compensation.matches(rule, product("product"))).toBe(true)
    expect(Compensation.matches(rule, product("product/out-of-stock"))).toBe(true)
    expect(Compensation.matches(rule, product("product/out-of-stock/shoes"))).toBe(true)
    expect(Compensation.matches(rule, product("product-line"))).toBe(false)
    expect(Compensation.matches(rule, product("products/damaged"))).toBe(false)
    expect(
      Compensation.matches(
        { category: "product/out-of-stock", remedy: "exchange" },
        product("product"),
      ),
    ).toBe(false)
  })

  it("CMP-7 severity and tier conditions match listed values only; a tier condition needs a tier", () => {
    const gold: Compensation.Rule = {
      categoryKind: "service",
      severity: ["major", "critical"],
      tier: ["gold", "platinum"],
      remedy: "discountCard",
      discountPercent: 15,
    }
    const serious: Compensation.Case = { ...waitCase, severity: "major" }
    expect(Compensation.matches(gold, { ...serious, tier: "gold" })).toBe(true)
    expect(Compensation.matches(gold, { ...serious, tier: "platinum" })).toBe(true)
    expect(Compensation.matches(gold, { ...serious, tier: "silver" })).toBe(false)
    expect(Compensation.matches(gold, serious)).toBe(false)
    expect(Compensation.matches(gold, { ...waitCase, tier: "gold" })).toBe(false)
    expect(Compensation.matches(gold, { ...serious, categoryKind: "price", tier: "gold" })).toBe(
      false,
    )

    const tiered = customPolicy([gold, ...policy.rules])
    expect(
      Option.getOrThrow(Compensation.proposal(tiered, { ...serious, tier: "gold" })),
    ).toMatchObject({
      ruleIndex: 0,
      remedy: "discountCard",
      discountPercent: 15,
    })
    expect(
      Option.getOrThrow(Compensation.proposal(tiered, { ...serious, tier: "bronze" })),
    ).toMatchObject({
      ruleIndex: 3,
      remedy: "cashCoupon",
    })
  })

  it("CMP-7 a policy with no matching rule proposes nothing", () => {
    const onlyPrice = customPolicy([{ categoryKind: "price", remedy: "voucher", amount: eur(100) }])
    expect(Option.isNone(Compensation.proposal(onlyPrice, waitCase))).toBe(true)
    expect(Option.isNone(Compensation.proposal(customPolicy([]), priceCase))).toBe(true)
  })

  it("CMP-7 proposal is total over every case for the default policy, and deterministic", () => {
    FastCheck.assert(
      FastCheck.property(
        Arbitrary.make(Compensation.Case),
        Arbitrary.make(Period.CivilDate),
        (complaint, today) => {
          const first = Compensation.proposal(policy, complaint, today)
          expect(Option.isSome(first)).toBe(true)
          expect(Compensation.proposal(policy, complaint, today)).toEqual(first)
          const proposal = Option.getOrThrow(first)
          const expected = { price: "voucher", service: "cashCoupon", product: "return" } as const
          expect(proposal.remedy).toBe(expected[complaint.categoryKind])
          expect(
            Compensation.matches(
              policy.rules[proposal.ruleIndex] ?? { remedy: "return" },
              complaint,
            ),
          ).toBe(true)
          for (const earlier of policy.rules.slice(0, proposal.ruleIndex))
            expect(Compensation.matches(earlier, complaint)).toBe(false)
          // The proposal always makes a valid compensation record.
          expect(Either.isRight(Compensation.fromProposal(proposal))).toBe(true)
        },
      ),
      { numRuns: 500 },
    )
  })
})

describe("Compensation: validation of records and policies", () => {
  it("CMP-7 a discount card without its percentage is refused", () => {
    const error = left(Errors.decodeEither(Compensation.Compensation)({ kind: "discountCard" }))
    expect(error._tag).toBe("ValidationError")
    expect(error.issues).toEqual([
      { path: ["discountPercent"], message: "a discount card needs its discountPercent (CMP-7)" },
    ])
    const card = right(
      Errors.decodeEither(Compensation.Compensation)({
        kind: "discountCard",
        discountPercent: 100,
      }),
    )
    expect(card).toEqual({ kind: "discountCard", discountPercent: 100 })
    for (const percent of [0, -5, 100.5])
      expect(
        left(
          Errors.decodeEither(Compensation.Compensation)({
            kind: "discountCard",
            discountPercent: percent,
          }),
        ).issues[0]?.path,
      ).toEqual(["discountPercent"])
  })

  it("CMP-7 vouchers and cash coupons need a positive face value", () => {
    const decode = Errors.decodeEither(Compensation.Compensation)
    expect(left(decode({ kind: "voucher" })).issues[0]?.path).toEqual(["value"])
    expect(
      left(decode({ kind: "cashCoupon", value: { amount: 0, currency: "EUR" } })).issues[0]?.path,
    ).toEqual(["value"])
    expect(
      left(decode({ kind: "voucher", value: { amount: -100, currency: "EUR" } })).message,
    ).toContain("CMP-7")
    expect(
      right(decode({ kind: "cashCoupon", value: { amount: 1, currency: "EUR" } })).value,
    ).toEqual(eur(1))
  })

  it("CMP-7 a return or exchange carries its reference and refunded value, never an expiry or code", () => {
    const decode = Errors.decodeEither(Compensation.Compensation)
    expect(
      right(
        decode({
          kind: "return",
          returnReference: "ret_9",
          value: { amount: 4999, currency: "EUR" },
        }),
      ),
    ).toEqual({
      kind: "return",
      returnReference: "ret_9",
      value: eur(4999),
    })
    expect(right(decode({ kind: "exchange" }))).toEqual({ kind: "exchange" })
    const error = left(decode({ kind: "exchange", expiresOn: "2025-01-01", code: "X1" }))
    expect(error.issues.map((issue) => issue.path)).toEqual([["expiresOn"], ["code"]])
    expect(
      left(
        decode({ kind: "voucher", value: { amount: 100, currency: "EUR" }, returnReference: "r" }),
      ).issues[0]?.path,
    ).toEqual(["returnReference"])
  })

  it("CMP-7 every amount of a policy must be in its currency, and the error names the path", () => {
    const encoded = Schema.encodeSync(Compensation.Policy)(policy)
    const decode = Errors.decodeEither(Compensation.Policy)
    const usd = { amount: 1000, currency: "USD" }
    const wrongRule = left(
      decode({ ...encoded, rules: [{ categoryKind: "price", remedy: "voucher", amount: usd }] }),
    )
    expect(wrongRule._tag).toBe("ValidationError")
    expect(wrongRule.issues).toEqual([
      {
        path: ["rules", 0, "amount"],
        message: "rules.0.amount is in USD but the policy is in EUR (CMP-7)",
      },
    ])
    const wrongLimits = left(
      decode({ ...encoded, perCustomerCap: { amount: usd, windowDays: 365 }, approvalAbove: usd }),
    )
    expect(wrongLimits.issues.map((issue) => issue.path)).toEqual([
      ["perCustomerCap", "amount"],
      ["approvalAbove"],
    ])
  })

  it("CMP-7 a policy needs a positive integer version and well-formed rules", () => {
    const encoded = Schema.encodeSync(Compensation.Policy)(policy)
    const decode = Errors.decodeEither(Compensation.Policy)
    expect(left(decode({ ...encoded, version: 0 })).issues[0]?.path).toEqual(["version"])
    expect(left(decode({ ...encoded, rules: [{ remedy: "voucher" }] })).issues[0]?.path).toEqual([
      "rules",
      0,
      "amount",
    ])
    expect(
      left(decode({ ...encoded, rules: [{ remedy: "discountCard" }] })).issues[0]?.path,
    ).toEqual(["rules", 0, "discountPercent"])
    expect(
      left(decode({ ...encoded, rules: [{ remedy: "return", validityDays: 30 }] })).issues[0]?.path,
    ).toEqual(["rules", 0, "validityDays"])
    expect(
      left(decode({ ...encoded, rules: [{ category: "Price!", remedy: "return" }] })).issues[0]
        ?.path,
    ).toEqual(["rules", 0, "category"])
    expect(
      left(decode({ ...encoded, perCustomerCap: { ...encoded.perCustomerCap, windowDays: 0 } }))
        .issues[0]?.path,
    ).toEqual(["perCustomerCap", "windowDays"])
  })
})

describe("Compensation: expiry (vouchers and coupons with an expiry date)", () => {
  it("CMP-7 a proposal computes the expiry from today and the rule's validity", () => {
    expect(propose(priceCase, date("2024-01-01")).expiresOn).toBe("2024-06-29")
    expect(propose(waitCase, date("2023-12-31")).expiresOn).toBe("2024-06-28")
    expect(propose(priceCase).expiresOn).toBeUndefined()
    // A return has no validity, so no expiry even with today.
    expect(propose(stockCase, date("2024-01-01")).expiresOn).toBeUndefined()
    expect(propose(priceCase, date("9999-12-01")).expiresOn).toBe("9999-12-31")
  })

  it("CMP-7 a voucher is valid through its expiry date and expired the day after", () => {
    const coupon = voucher(500, { expiresOn: date("2024-06-30") })
    expect(Compensation.isExpired(coupon, date("2024-06-29"))).toBe(false)
    expect(Compensation.isExpired(coupon, date("2024-06-30"))).toBe(false)
    expect(Compensation.isExpired(coupon, date("2024-07-01"))).toBe(true)
    expect(Compensation.isExpired(voucher(500), date("9999-12-31"))).toBe(false)
  })

  it("CMP-7 a proposal becomes a record with its code and expiry; details must fit the remedy", () => {
    const record = right(
      Compensation.fromProposal(propose(priceCase, date("2024-01-01")), { code: "SORRY-1" }),
    )
    expect(record).toEqual({
      kind: "voucher",
      value: eur(1000),
      expiresOn: "2024-06-29",
      code: "SORRY-1",
    })
    const refused = left(Compensation.fromProposal(propose(stockCase), { code: "SORRY-2" }))
    expect(refused._tag).toBe("ValidationError")
    expect(refused.issues[0]?.path).toEqual(["code"])
    expect(
      right(Compensation.fromProposal(propose(stockCase), { returnReference: "ret_5" })),
    ).toEqual({
      kind: "return",
      returnReference: "ret_5",
    })
  })

  it("CMP-7 check refuses a voucher that expired before the day it is given, naming the field", () => {
    const today = date("2024-06-01")
    const expired = voucher(500, { expiresOn: date("2024-05-31") })
    const error = left(Compensation.check(policy, request([voucher(100), expired], [], { today })))
    expect(error._tag).toBe("ValidationError")
    if (error._tag !== "ValidationError") return
    expect(error.issues.map((issue) => issue.path)).toEqual([["given", 1, "expiresOn"]])
    expect(error.message).toContain("CMP-7")
    const lastDay = voucher(500, { expiresOn: today })
    expect(right(Compensation.check(policy, request([lastDay], [], { today }))).total).toEqual(
      eur(500),
    )
    // Without today, the expiry is recorded but not judged.
    expect(Either.isRight(Compensation.check(policy, request([expired])))).toBe(true)
  })
})

describe("Compensation: check", () => {
  it("CMP-7 accepts a compensation within the limits and reports what is left of the cap", () => {
    const accepted = right(
      Compensation.check(
        policy,
        request(
          [{ kind: "cashCoupon", value: eur(500) }],
          [{ compensation: voucher(1000), at: AT - 10 * DAY }],
        ),
      ),
    )
    expect(accepted).toEqual({
      policyVersion: 1,
      total: eur(500),
      alreadyGiven: eur(1000),
      requiresApproval: false,
      remainingCap: eur(8500),
    })
  })

  it("CMP-7 a total equal to the approval threshold is not above it and needs no approver", () => {
    const accepted = right(Compensation.check(policy, request([voucher(3000), voucher(2000)])))
    expect(accepted.total).toEqual(eur(5000))
    expect(accepted.requiresApproval).toBe(false)
  })

  it("CMP-7 a total above the threshold needs an approver on every money compensation", () => {
    const error = left(Compensation.check(policy, request([voucher(3000), voucher(2001)])))
    expect(error._tag).toBe("PolicyViolationError")
    if (error._tag !== "PolicyViolationError") return
    expect(error.rule).toBe("CMP-7")
    expect(error.message).toContain("approval is required above 50.00 EUR")
    expect(error.message).toContain("50.01 EUR")

    const partly = left(
      Compensation.check(policy, request([voucher(3000, { approvedBy: lead }), voucher(2001)])),
    )
    expect(partly._tag).toBe("PolicyViolationError")
    expect(partly.message).toContain("given.1")

    const approved = right(
      Compensation.check(
        policy,
        request([voucher(3000, { approvedBy: lead }), voucher(2001, { approvedBy: lead })]),
      ),
    )
    expect(approved).toMatchObject({ total: eur(5001), requiresApproval: true })
  })

  it("CMP-7 the approver must not be one of the people who handled the complaint", () => {
    const handlers = [agent, lead]
    const above = left(
      Compensation.check(policy, request([voucher(6000, { approvedBy: lead })], [], { handlers })),
    )
    expect(above._tag).toBe("PolicyViolationError")
    if (above._tag !== "PolicyViolationError") return
    expect(above.rule).toBe("CMP-7")
    expect(above.message).toContain("lead-1")
    // Even below the threshold, a handler's own approval is refused.
    const below = left(
      Compensation.check(policy, request([voucher(100, { approvedBy: agent })], [], { handlers })),
    )
    expect(below._tag).toBe("PolicyViolationError")
  })

  it("CMP-7 a compensation in another currency is refused with the path of its value", () => {
    const error = left(
      Compensation.check(
        policy,
        request([voucher(100), { kind: "cashCoupon", value: Money.make(500, "USD") }]),
      ),
    )
    expect(error._tag).toBe("ValidationError")
    if (error._tag !== "ValidationError") return
    expect(error.issues).toEqual([
      {
        path: ["given", 1, "value"],
        message: "the value is in USD but the compensation policy is in EUR (CMP-7)",
      },
    ])
  })

  it("CMP-7 an earlier compensation in another currency cannot be added up: CurrencyMismatchError", () => {
    const error = left(
      Compensation.check(
        policy,
        request(
          [voucher(100)],
          [{ compensation: { kind: "voucher", value: Money.make(100, "USD") }, at: AT - DAY }],
        ),
      ),
    )
    expect(error._tag).toBe("CurrencyMismatchError")
  })

  it("CMP-7 an invalid record given is refused with its path", () => {
    const card = { kind: "discountCard" } as Compensation.Compensation
    const error = left(Compensation.check(policy, request([voucher(100), card])))
    expect(error._tag).toBe("ValidationError")
    if (error._tag !== "ValidationError") return
    expect(error.issues.map((issue) => issue.path)).toEqual([["given", 1, "discountPercent"]])
  })

  it("CMP-7 the cap counts what was given inside the window plus the new compensation", () => {
    const history = [
      { compensation: voucher(6000, { approvedBy: lead }), at: AT - 300 * DAY },
      { compensation: { kind: "cashCoupon", value: eur(3500) } as const, at: AT - DAY },
    ]
    const full = right(Compensation.check(policy, request([voucher(500)], history)))
    expect(full).toMatchObject({ total: eur(500), alreadyGiven: eur(9500), remainingCap: eur(0) })

    const error = left(Compensation.check(policy, request([voucher(501)], history)))
    expect(error._tag).toBe("PolicyViolationError")
    if (error._tag !== "PolicyViolationError") return
    expect(error.rule).toBe("CMP-7")
    expect(error.message).toContain("cap of 100.00 EUR")
    expect(error.message).toContain("95.00 EUR already given")
  })

  it("CMP-7 the window is (at − 365 days, at]: an entry exactly at its start is outside", () => {
    const start = AT - 365 * DAY
    const atStart = [{ compensation: voucher(9600, { approvedBy: lead }), at: start }]
    expect(
      right(Compensation.check(policy, request([voucher(500)], atStart))).alreadyGiven,
    ).toEqual(eur(0))
    const justInside = [{ compensation: voucher(9600, { approvedBy: lead }), at: start + 1 }]
    expect(left(Compensation.check(policy, request([voucher(500)], justInside)))._tag).toBe(
      "PolicyViolationError",
    )
    const now = [{ compensation: voucher(9600, { approvedBy: lead }), at: AT }]
    expect(left(Compensation.check(policy, request([voucher(500)], now)))._tag).toBe(
      "PolicyViolationError",
    )
    const later = [{ compensation: voucher(9600, { approvedBy: lead }), at: AT + 1 }]
    expect(right(Compensation.check(policy, request([voucher(500)], later))).alreadyGiven).toEqual(
      eur(0),
    )
  })

  it("CMP-7 returns, exchanges and discount cards are not limited by the money cap", () => {
    const history = [{ compensation: voucher(10000, { approvedBy: lead }), at: AT - DAY }]
    const accepted = right(
      Compensation.check(
        policy,
        request(
          [
            { kind: "return", value: eur(25000), returnReference: "ret_1" },
            { kind: "discountCard", discountPercent: 10 },
          ],
          history,
        ),
      ),
    )
    expect(accepted).toMatchObject({ total: eur(0), requiresApproval: false, remainingCap: eur(0) })
    expect(left(Compensation.check(policy, request([voucher(1)], history)))._tag).toBe(
      "PolicyViolationError",
    )
  })

  it("CMP-7 JPY, a currency without decimals, is checked in whole yen", () => {
    const yen = Compensation.defaultPolicy("JPY")
    const jpy = (amount: number) => Money.make(amount, "JPY")
    const accepted = right(
      Compensation.check(
        yen,
        request(
          [{ kind: "voucher", value: jpy(50) }],
          [{ compensation: { kind: "cashCoupon", value: jpy(50) }, at: AT - DAY }],
        ),
      ),
    )
    expect(accepted).toEqual({
      policyVersion: 1,
      total: jpy(50),
      alreadyGiven: jpy(50),
      requiresApproval: false,
      remainingCap: jpy(0),
    })
    const over = left(
      Compensation.check(
        yen,
        request(
          [{ kind: "voucher", value: jpy(51), approvedBy: lead }],
          [{ compensation: { kind: "cashCoupon", value: jpy(50) }, at: AT - DAY }],
        ),
      ),
    )
    expect(over._tag).toBe("PolicyViolationError")
    expect(over.message).toContain("cap of 100 JPY")
    const above = left(Compensation.check(yen, request([{ kind: "voucher", value: jpy(51) }])))
    expect(above.message).toContain("approval is required above 50 JPY")
    expect(left(Compensation.check(yen, request([voucher(100)])))._tag).toBe("ValidationError")
  })

  it("CMP-7 check never accepts a set whose window total exceeds the cap", () => {
    const amount = FastCheck.integer({ min: 1, max: 6000 })
    const past = FastCheck.record({
      amount,
      ago: FastCheck.integer({ min: -5 * DAY, max: 400 * DAY }),
      kind: FastCheck.constantFrom<Compensation.Kind>("voucher", "cashCoupon", "return"),
    })
    FastCheck.assert(
      FastCheck.property(
        FastCheck.array(past, { maxLength: 8 }),
        FastCheck.array(amount, { maxLength: 4 }),
        (history, given) => {
          const result = Compensation.check(
            policy,
            request(
              given.map((cents) => voucher(cents, { approvedBy: lead })),
              history.map(({ amount, ago, kind }) => ({
                compensation: { kind, value: eur(amount) },
                at: AT - ago,
              })),
            ),
          )
          // An independent model: plain integer sums of what the window and the new set hold.
          const windowed = history
            .filter(({ ago, kind }) => kind !== "return" && ago >= 0 && ago < 365 * DAY)
            .reduce((sum, entry) => sum + entry.amount, 0)
          const added = given.reduce((sum, cents) => sum + cents, 0)
          if (Either.isRight(result)) {
            expect(added === 0 || windowed + added <= 10000).toBe(true)
            expect(result.right.alreadyGiven).toEqual(eur(windowed))
            expect(result.right.total).toEqual(eur(added))
          } else {
            expect(result.left._tag).toBe("PolicyViolationError")
            expect(windowed + added).toBeGreaterThan(10000)
          }
        },
      ),
      { numRuns: 500 },
    )
  })
})
