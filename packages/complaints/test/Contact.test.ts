import { Ids, Personal } from "@clientele/core"
import * as Arbitrary from "effect/Arbitrary"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"
import { describe, expect, it } from "vitest"
import * as Category from "../src/Category.js"
import * as Contact from "../src/Contact.js"

const DAY = 86_400_000
const T0 = Date.UTC(2024, 2, 1, 9)
const WINDOW = Contact.defaultRepeatPolicy.windowDays * DAY

const customer = (id: string) => Ids.CustomerId.make(id)

/** A first contact resolved on the spot; override what the test is about. */
const contact = (
  id: string,
  fields: Partial<Omit<Contact.Contact, "id">> = {},
): Contact.Contact => ({
  id,
  customerId: customer("c1"),
  channel: "email",
  at: T0,
  problemKey: "product:order:o1",
  category: "product",
  rootCause: "defective-delivery",
  summary: "The kettle arrived cracked",
  resolvedOnContact: true,
  ...fields,
})

const leftOf = <A, E>(result: Either.Either<A, E>): E => {
  if (Either.isRight(result)) throw new Error(`expected Left, got Right ${JSON.stringify(result)}`)
  return result.left
}
const rightOf = <A, E>(result: Either.Either<A, E>): A => {
  if (Either.isLeft(result)) throw new Error(`expected Right, got Left ${String(result.left)}`)
  return result.right
}

const validInput = {
  id: "k1",
  customerId: "c1",
  channel: "hotline",
  at: T0,
  problemKey: "service:general",
  category: "service/long-wait",
  rootCause: "missed-deadline",
  summary: "Waited 40 minutes on the line",
  resolvedOnContact: true,
}

describe("root causes", () => {
  it("CMP-9 the default catalogue flags exactly the causes the company created as avoidable", () => {
    const flags = Object.fromEntries(
      Contact.defaultRootCauses.map((cause) => [cause.code, cause.avoidable]),
    )
    expect(flags).toEqual({
      "unclear-information": true,
      "broken-promise": true,
      "missed-deadline": true,
      "defective-delivery": true,
      "customer-error": false,
      "product-question": false,
      "changed-mind": false,
      other: false,
    })
    expect(
      Either.isRight(
        Schema.decodeUnknownEither(Contact.RootCauseCatalogue)(Contact.defaultRootCauses),
      ),
    ).toBe(true)
  })

  it("CMP-9 a catalogue declaring a code twice is refused at that entry", () => {
    const result = Schema.decodeUnknownEither(Contact.RootCauseCatalogue)([
      { code: "late", label: "Late", avoidable: true },
      { code: "late", label: "Late again", avoidable: false },
    ])
    expect(Either.isLeft(result)).toBe(true)
    expect(String(leftOf(result))).toContain("declared twice")
  })

  it("CMP-9 root-cause codes are lower-case words joined by '-'", () => {
    expect(Schema.is(Contact.RootCauseCode)("broken-promise")).toBe(true)
    expect(Schema.is(Contact.RootCauseCode)("Broken promise")).toBe(false)
    expect(Schema.is(Contact.RootCauseCode)("")).toBe(false)
  })
})

describe("validateContact", () => {
  it("CMP-9 a contact with a known root cause and category is accepted as given", () => {
    const decoded = rightOf(
      Contact.validateContact(validInput, Contact.defaultRootCauses, Category.builtIn),
    )
    expect(decoded).toEqual(validInput)
  })

  it("CMP-9 an unknown root cause is refused on rootCause, naming the rule", () => {
    const error = leftOf(
      Contact.validateContact(
        { ...validInput, rootCause: "bad-weather" },
        Contact.defaultRootCauses,
        Category.builtIn,
      ),
    )
    expect(error._tag).toBe("ValidationError")
    expect(error.issues).toHaveLength(1)
    expect(error.issues[0]?.path).toEqual(["rootCause"])
    expect(error.issues[0]?.message).toContain("CMP-9")
    expect(error.issues[0]?.message).toContain("bad-weather")
  })

  it("CMP-9 a code is only known when the tenant's catalogue has it", () => {
    const catalogue: ReadonlyArray<Contact.RootCause> = [
      { code: "bad-weather", label: "Bad weather", avoidable: false },
    ]
    const result = Contact.validateContact(
      { ...validInput, rootCause: "bad-weather" },
      catalogue,
      Category.builtIn,
    )
    expect(Either.isRight(result)).toBe(true)
  })

  it("CMP-9 an unknown category and an unknown root cause are both named", () => {
    const error = leftOf(
      Contact.validateContact(
        { ...validInput, rootCause: "bad-weather", category: "service/rude-staff" },
        Contact.defaultRootCauses,
        Category.builtIn,
      ),
    )
    expect(error.issues.map((issue) => issue.path)).toEqual([["rootCause"], ["category"]])
    expect(error.issues[1]?.message).toContain("CMP-1")
  })

  it("CMP-10 a contact cannot repeat itself, and a thank-you is never a repeat", () => {
    const self = leftOf(
      Contact.validateContact(
        { ...validInput, repeatOf: "k1", whyNotResolved: "…" },
        Contact.defaultRootCauses,
        Category.builtIn,
      ),
    )
    expect(self._tag).toBe("ValidationError")
    expect(self.issues.map((issue) => issue.path)).toEqual([["repeatOf"]])
    const thanks = leftOf(
      Contact.validateContact(
        { ...validInput, repeatOf: "k0", thankYou: true },
        Contact.defaultRootCauses,
        Category.builtIn,
      ),
    )
    expect(thanks.issues.map((issue) => issue.path)).toEqual([["thankYou"]])
    expect(thanks.issues[0]?.message).toContain("CMP-10")
  })

  it("CMP-10 the note of why the first contact failed belongs to a repeat contact only", () => {
    const error = leftOf(
      Contact.validateContact(
        { ...validInput, whyNotResolved: "Agent promised a callback" },
        Contact.defaultRootCauses,
        Category.builtIn,
      ),
    )
    expect(error.issues.map((issue) => issue.path)).toEqual([["whyNotResolved"]])
    expect(error.issues[0]?.message).toContain("CMP-10")
  })

  it("CMP-9 the contact's free text is marked as personal data", () => {
    const personal = AST.getPropertySignatures(Contact.Contact.ast)
      .filter(Personal.isPersonal)
      .map((field) => field.name)
    expect(personal).toEqual(["summary", "whyNotResolved"])
  })
})

describe("problemKeyOf", () => {
  it("CMP-10 the same order gives the same key whatever sub-category each channel chose", () => {
    const outOfStock = Category.builtIn.find((category) => category.id === "product/out-of-stock")
    expect(outOfStock).toBeDefined()
    const web = Contact.problemKeyOf({
      orderId: "o1",
      productId: "p7",
      category: outOfStock ?? "product",
    })
    const phone = Contact.problemKeyOf({ orderId: "o1", category: "product" })
    expect(web).toBe("product:order:o1")
    expect(phone).toBe(web)
  })

  it("CMP-10 without an order the product identifies the problem, without either the kind", () => {
    expect(Contact.problemKeyOf({ productId: "p7", category: "product/out-of-stock" })).toBe(
      "product:product:p7",
    )
    expect(Contact.problemKeyOf({ orderId: "", category: "service/long-wait" })).toBe(
      "service:general",
    )
    expect(Contact.problemKeyOf({ orderId: "o1", category: "price" })).not.toBe(
      Contact.problemKeyOf({ orderId: "o1", category: "product" }),
    )
  })
})

describe("repeat detection", () => {
  const candidate = (at: number, fields: Partial<Contact.Candidate> = {}): Contact.Candidate => ({
    customerId: customer("c1"),
    problemKey: "product:order:o1",
    at,
    ...fields,
  })

  it("CMP-10 a contact on another channel about the same problem inside the window is a repeat", () => {
    const first = contact("k1", { channel: "email", resolvedOnContact: false })
    const found = Contact.findFirstContact(
      [first],
      candidate(T0 + 3 * DAY),
      Contact.defaultRepeatPolicy,
    )
    expect(Option.map(found, (c) => c.id)).toEqual(Option.some("k1"))
    const result = Contact.classify([first], candidate(T0 + 3 * DAY), Contact.defaultRepeatPolicy)
    expect(result).toEqual({ repeatOf: Option.some("k1"), thankYou: false, needsNote: true })
  })

  it("CMP-10 the window is inclusive: exactly windowDays earlier is inside, 1 ms more is outside", () => {
    const first = contact("k1")
    const policy = Contact.defaultRepeatPolicy
    expect(Option.isSome(Contact.findFirstContact([first], candidate(T0 + WINDOW), policy))).toBe(
      true,
    )
    expect(Contact.findFirstContact([first], candidate(T0 + WINDOW + 1), policy)).toEqual(
      Option.none(),
    )
    expect(Contact.classify([first], candidate(T0 + WINDOW + 1), policy)).toEqual({
      repeatOf: Option.none(),
      thankYou: false,
      needsNote: false,
    })
    const week = Schema.decodeUnknownSync(Contact.RepeatPolicy)({ version: 2, windowDays: 7 })
    expect(Contact.findFirstContact([first], candidate(T0 + 8 * DAY), week)).toEqual(Option.none())
  })

  it("CMP-10 a different problem key or customer is not a repeat, nor is a later contact", () => {
    const first = contact("k1")
    const policy = Contact.defaultRepeatPolicy
    expect(
      Contact.findFirstContact(
        [first],
        candidate(T0 + DAY, { problemKey: "product:order:o2" }),
        policy,
      ),
    ).toEqual(Option.none())
    expect(
      Contact.findFirstContact(
        [first],
        candidate(T0 + DAY, { customerId: customer("c2") }),
        policy,
      ),
    ).toEqual(Option.none())
    expect(Contact.findFirstContact([first], candidate(T0 - DAY), policy)).toEqual(Option.none())
    expect(Contact.findFirstContact([first], candidate(T0 + DAY, { id: "k1" }), policy)).toEqual(
      Option.none(),
    )
  })

  it("CMP-10 a chain of three points to the first contact, even beyond the window of the first", () => {
    const first = contact("k1", { resolvedOnContact: false })
    const second = contact("k2", {
      channel: "hotline",
      at: T0 + 20 * DAY,
      repeatOf: "k1",
      whyNotResolved: "Replacement never shipped",
    })
    const third = candidate(T0 + 45 * DAY)
    const found = Contact.findFirstContact([first, second], third, Contact.defaultRepeatPolicy)
    expect(Option.map(found, (c) => c.id)).toEqual(Option.some("k1"))
    const previous = Contact.findPreviousContact(
      [first, second],
      third,
      Contact.defaultRepeatPolicy,
    )
    expect(Option.map(previous, (c) => c.id)).toEqual(Option.some("k2"))
    expect(Contact.classify([first, second], third, Contact.defaultRepeatPolicy).repeatOf).toEqual(
      Option.some("k1"),
    )
  })

  it("CMP-10 a merged duplicate is never matched; a link to it leads to the contact it was merged into", () => {
    const survivor = contact("k1", { resolvedOnContact: false })
    const duplicate = contact("k1-dup", { channel: "social", at: T0 + 3_600_000, mergedInto: "k1" })
    const policy = Contact.defaultRepeatPolicy
    expect(Contact.findFirstContact([duplicate], candidate(T0 + DAY), policy)).toEqual(
      Option.none(),
    )
    const viaDuplicate = contact("k2", {
      at: T0 + 2 * DAY,
      repeatOf: "k1-dup",
      whyNotResolved: "…",
    })
    const found = Contact.findFirstContact(
      [survivor, duplicate, viaDuplicate],
      candidate(T0 + 3 * DAY),
      policy,
    )
    expect(Option.map(found, (c) => c.id)).toEqual(Option.some("k1"))
  })

  it("CMP-10 a thank-you after the solution is not a repeat and needs no note", () => {
    const first = contact("k1")
    const thanks = candidate(T0 + 2 * DAY, { thankYou: true })
    expect(Contact.classify([first], thanks, Contact.defaultRepeatPolicy)).toEqual({
      repeatOf: Option.none(),
      thankYou: true,
      needsNote: false,
    })
    // a thank-you is never the earlier contact a later one repeats
    const recorded = contact("k2", { at: T0 + 2 * DAY, thankYou: true })
    expect(
      Option.map(
        Contact.findFirstContact(
          [first, recorded],
          candidate(T0 + 31 * DAY),
          Contact.defaultRepeatPolicy,
        ),
        (c) => c.id,
      ),
    ).toEqual(Option.none())
  })

  it("CMP-10 with thankYouWindowHours a late 'thank you' is classified as a repeat", () => {
    const policy: Contact.RepeatPolicy = { version: 2, windowDays: 30, thankYouWindowHours: 48 }
    const first = contact("k1")
    expect(
      Contact.classify([first], candidate(T0 + 48 * 3_600_000, { thankYou: true }), policy),
    ).toEqual({ repeatOf: Option.none(), thankYou: true, needsNote: false })
    expect(
      Contact.classify([first], candidate(T0 + 48 * 3_600_000 + 1, { thankYou: true }), policy),
    ).toEqual({ repeatOf: Option.some("k1"), thankYou: false, needsNote: true })
  })

  it("CMP-10 a repeat needs the note of why the first contact failed before it may be resolved", () => {
    const bare = contact("k2", { repeatOf: "k1" })
    expect(Contact.needsRepeatNote(bare)).toBe(true)
    const refused = leftOf(Contact.requireRepeatNote(bare))
    expect(refused._tag).toBe("PolicyViolationError")
    expect(refused.rule).toBe("CMP-10")
    const noted = { ...bare, whyNotResolved: "The replacement was never ordered" }
    expect(Contact.needsRepeatNote(noted)).toBe(false)
    expect(rightOf(Contact.requireRepeatNote(noted))).toBe(noted)
    expect(Contact.needsRepeatNote(contact("k1"))).toBe(false)
  })

  it("CMP-10 the policy defaults to a 30-day window and refuses a non-positive one", () => {
    expect(Schema.decodeUnknownSync(Contact.RepeatPolicy)({ version: 1 })).toEqual({
      version: 1,
      windowDays: 30,
    })
    const result = Schema.decodeUnknownEither(Contact.RepeatPolicy)({ version: 1, windowDays: 0 })
    expect(Either.isLeft(result)).toBe(true)
  })
})

/**
 * Hand-computed fixture (30-day window):
 * - a1 c1 email, not resolved; a2 c1 hotline 3 days later repeats a1 (resolved);
 *   d1 a duplicate of a1 on social, merged into a1;
 * - b1 c2 chat resolved; b2 c2 thanks two days later;
 * - e1 c3 web form resolved; e2 c3 same problem 40 days later, a new first contact,
 *   not resolved.
 * First contacts a1, b1, e1, e2 (4); resolved first time b1, e1 (2): a1 was not
 * resolved and was repeated, e2 was not resolved. Counted contacts a1, a2, b1, e1,
 * e2 (5); one repeat (a2). Avoidable: a1, a2, b1, e2 (4 of 5).
 */
const fixture: ReadonlyArray<Contact.Contact> = [
  contact("a1", { resolvedOnContact: false }),
  contact("a2", {
    channel: "hotline",
    at: T0 + 3 * DAY,
    rootCause: "broken-promise",
    repeatOf: "a1",
    whyNotResolved: "No replacement was ordered",
  }),
  contact("d1", { channel: "social", at: T0 + 3_600_000, mergedInto: "a1" }),
  contact("b1", {
    customerId: customer("c2"),
    channel: "chat",
    at: T0 + DAY,
    problemKey: "service:general",
    category: "service/long-wait",
    rootCause: "missed-deadline",
  }),
  contact("b2", {
    customerId: customer("c2"),
    channel: "chat",
    at: T0 + 2 * DAY,
    problemKey: "service:general",
    category: "service/long-wait",
    rootCause: "other",
    thankYou: true,
  }),
  contact("e1", {
    customerId: customer("c3"),
    channel: "webForm",
    problemKey: "price:order:o9",
    category: "price",
    rootCause: "product-question",
  }),
  contact("e2", {
    customerId: customer("c3"),
    channel: "webForm",
    at: T0 + 40 * DAY,
    problemKey: "price:order:o9",
    category: "price",
    rootCause: "defective-delivery",
    resolvedOnContact: false,
  }),
]

describe("reports", () => {
  it("CMP-10 first-contact resolution and repeat rate of a hand-computed fixture", () => {
    expect(Contact.firstContactResolution(fixture, Contact.defaultRepeatPolicy)).toEqual({
      firstContacts: 4,
      resolvedFirstTime: 2,
      rate: 0.5,
    })
    expect(Contact.repeatContactRate(fixture)).toEqual({ contacts: 5, repeats: 1, rate: 0.2 })
  })

  it("CMP-9 the avoidable share and the count of each root cause, most frequent first", () => {
    expect(Contact.avoidableShare(fixture, Contact.defaultRootCauses)).toEqual({
      total: 5,
      avoidable: 4,
      share: 0.8,
      byRootCause: [
        { code: "defective-delivery", count: 2, avoidable: true },
        { code: "broken-promise", count: 1, avoidable: true },
        { code: "missed-deadline", count: 1, avoidable: true },
        { code: "product-question", count: 1, avoidable: false },
      ],
    })
  })

  it("CMP-10 a contact resolved on the spot but chased by a repeat was not resolved first time", () => {
    const first = contact("k1", { resolvedOnContact: true })
    const chase = contact("k2", { at: T0 + 10 * DAY, repeatOf: "k1", whyNotResolved: "…" })
    expect(Contact.firstContactResolution([first, chase], Contact.defaultRepeatPolicy)).toEqual({
      firstContacts: 1,
      resolvedFirstTime: 0,
      rate: 0,
    })
    // a repeat linked beyond the window of the first contact does not count against it
    const late = { ...chase, at: T0 + WINDOW + 1 }
    expect(
      Contact.firstContactResolution([first, late], Contact.defaultRepeatPolicy).resolvedFirstTime,
    ).toBe(1)
  })

  it("CMP-10 a thank-you after the solution keeps the problem one-touch", () => {
    const first = contact("k1")
    const thanks = contact("k2", { channel: "hotline", at: T0 + DAY, thankYou: true })
    expect(Contact.firstContactResolution([first, thanks], Contact.defaultRepeatPolicy)).toEqual({
      firstContacts: 1,
      resolvedFirstTime: 1,
      rate: 1,
    })
    expect(Contact.repeatContactRate([first, thanks])).toEqual({
      contacts: 1,
      repeats: 0,
      rate: 0,
    })
  })

  it("CMP-10 merged duplicates are not double-counted, on any channel or ticket", () => {
    const first = contact("k1", { channel: "email", resolvedOnContact: false })
    const duplicate = contact("k1-web", {
      channel: "webForm",
      at: T0 + 60_000,
      complaintId: Ids.ComplaintId.make("cmp-2"),
      resolvedOnContact: false,
      mergedInto: "k1",
    })
    const repeat = contact("k2", {
      channel: "hotline",
      at: T0 + 5 * DAY,
      repeatOf: "k1-web",
      whyNotResolved: "…",
    })
    const all = [first, duplicate, repeat]
    expect(Contact.firstContactResolution(all, Contact.defaultRepeatPolicy)).toEqual({
      firstContacts: 1,
      resolvedFirstTime: 0,
      rate: 0,
    })
    expect(Contact.repeatContactRate(all)).toEqual({ contacts: 2, repeats: 1, rate: 0.5 })
    expect(Contact.avoidableShare(all, Contact.defaultRootCauses).total).toBe(2)
  })

  it("CMP-9 CMP-10 rates are null without a denominator", () => {
    const merged = [contact("k1", { mergedInto: "k0" })]
    expect(Contact.firstContactResolution(merged, Contact.defaultRepeatPolicy).rate).toBeNull()
    expect(Contact.repeatContactRate(merged).rate).toBeNull()
    expect(Contact.avoidableShare(merged, Contact.defaultRootCauses).share).toBeNull()
  })

  it("CMP-9 a root cause missing from the catalogue is reported, as not avoidable", () => {
    const report = Contact.avoidableShare(
      [contact("k1", { rootCause: "bad-weather" })],
      Contact.defaultRootCauses,
    )
    expect(report).toEqual({
      total: 1,
      avoidable: 0,
      share: 0,
      byRootCause: [{ code: "bad-weather", count: 1, avoidable: false }],
    })
  })
})

describe("properties", () => {
  const customers = ["c1", "c2"] as const
  const keys = ["product:order:o1", "product:order:o2", "service:general"] as const
  const causes = Contact.defaultRootCauses.map((cause) => cause.code)

  /** A random contact log: few customers and problems (so matches happen), random links. */
  const history = FastCheck.array(
    FastCheck.record({
      customer: FastCheck.constantFrom(...customers),
      key: FastCheck.constantFrom(...keys),
      channel: Arbitrary.make(Category.Channel),
      offset: FastCheck.integer({ min: 0, max: 120 * DAY }),
      cause: FastCheck.constantFrom(...causes),
      resolved: FastCheck.boolean(),
      link: FastCheck.option(FastCheck.nat(), { nil: undefined }),
      merge: FastCheck.option(FastCheck.nat(), { nil: undefined }),
      thankYou: FastCheck.boolean(),
    }),
    { maxLength: 30 },
  ).map((rows) =>
    rows.map((row, index): Contact.Contact => {
      const id = `k${index}`
      const ref = (n: number | undefined) =>
        n === undefined || index === 0 ? undefined : `k${n % (index + 2)}`
      const repeatOf = row.thankYou ? undefined : ref(row.link)
      const mergedInto = ref(row.merge)
      return {
        id,
        customerId: customer(row.customer),
        channel: row.channel,
        at: T0 + row.offset,
        problemKey: row.key,
        category: row.key.split(":")[0] ?? "product",
        rootCause: row.cause,
        summary: "",
        resolvedOnContact: row.resolved,
        ...(repeatOf !== undefined && repeatOf !== id ? { repeatOf } : {}),
        ...(mergedInto !== undefined && mergedInto !== id ? { mergedInto } : {}),
        ...(row.thankYou ? { thankYou: true } : {}),
      }
    }),
  )
  /** Unlinked first contacts only: no repeatOf, no merges, no thank-yous. */
  const unlinked = history.map((contacts) =>
    contacts.map(
      ({ repeatOf: _r, mergedInto: _m, thankYou: _t, ...rest }): Contact.Contact => rest,
    ),
  )
  const incoming = FastCheck.record({
    customerId: FastCheck.constantFrom(...customers).map(customer),
    problemKey: FastCheck.constantFrom(...keys),
    at: FastCheck.integer({ min: T0 - 10 * DAY, max: T0 + 160 * DAY }),
  })
  const policies = FastCheck.record({
    version: FastCheck.constant(1),
    windowDays: FastCheck.integer({ min: 1, max: 60 }),
  })

  it("CMP-10 every generated contact decodes (the generator makes valid data)", () => {
    FastCheck.assert(
      FastCheck.property(history, (contacts) =>
        contacts.every((c) => Schema.is(Contact.Contact)(c)),
      ),
    )
  })

  it("CMP-10 the earlier contact found is the same customer and problem, not merged, inside the window", () => {
    FastCheck.assert(
      FastCheck.property(history, incoming, policies, (contacts, candidate, policy) => {
        const previous = Contact.findPreviousContact(contacts, candidate, policy)
        const first = Contact.findFirstContact(contacts, candidate, policy)
        expect(Option.isSome(previous)).toBe(Option.isSome(first))
        if (Option.isSome(previous)) {
          const found = previous.value
          expect(found.customerId).toBe(candidate.customerId)
          expect(found.problemKey).toBe(candidate.problemKey)
          expect(found.mergedInto).toBeUndefined()
          expect(found.at).toBeLessThanOrEqual(candidate.at)
          expect(candidate.at - found.at).toBeLessThanOrEqual(policy.windowDays * DAY)
        }
        if (Option.isSome(first)) {
          expect(first.value.customerId).toBe(candidate.customerId)
          expect(first.value.problemKey).toBe(candidate.problemKey)
          expect(first.value.mergedInto).toBeUndefined()
        }
      }),
    )
  })

  it("CMP-10 without links the first contact found lies inside the window", () => {
    FastCheck.assert(
      FastCheck.property(unlinked, incoming, policies, (contacts, candidate, policy) => {
        const first = Contact.findFirstContact(contacts, candidate, policy)
        const expected = contacts.some(
          (c) =>
            c.customerId === candidate.customerId &&
            c.problemKey === candidate.problemKey &&
            c.at <= candidate.at &&
            candidate.at - c.at <= policy.windowDays * DAY,
        )
        expect(Option.isSome(first)).toBe(expected)
        if (Option.isSome(first)) {
          expect(first.value.customerId).toBe(candidate.customerId)
          expect(first.value.problemKey).toBe(candidate.problemKey)
          expect(first.value.at).toBeLessThanOrEqual(candidate.at)
          expect(candidate.at - first.value.at).toBeLessThanOrEqual(policy.windowDays * DAY)
        }
      }),
    )
  })

  it("CMP-9 CMP-10 every rate lies in [0, 1] and is null exactly when nothing is counted", () => {
    FastCheck.assert(
      FastCheck.property(history, policies, (contacts, policy) => {
        const fcr = Contact.firstContactResolution(contacts, policy)
        const repeats = Contact.repeatContactRate(contacts)
        const share = Contact.avoidableShare(contacts, Contact.defaultRootCauses)
        expect(fcr.resolvedFirstTime).toBeLessThanOrEqual(fcr.firstContacts)
        expect(repeats.repeats).toBeLessThanOrEqual(repeats.contacts)
        expect(share.avoidable).toBeLessThanOrEqual(share.total)
        expect(share.byRootCause.reduce((sum, row) => sum + row.count, 0)).toBe(share.total)
        expect(fcr.firstContacts + repeats.repeats).toBe(repeats.contacts)
        for (const [rate, whole] of [
          [fcr.rate, fcr.firstContacts],
          [repeats.rate, repeats.contacts],
          [share.share, share.total],
        ] as const) {
          if (whole === 0) expect(rate).toBeNull()
          else {
            expect(rate).not.toBeNull()
            expect(rate ?? -1).toBeGreaterThanOrEqual(0)
            expect(rate ?? 2).toBeLessThanOrEqual(1)
          }
        }
      }),
    )
  })

  it("CMP-10 merging a duplicate of a first contact, and relinking its repeats to it, changes no report", () => {
    FastCheck.assert(
      FastCheck.property(history, FastCheck.nat(), policies, (contacts, pick, policy) => {
        const firsts = contacts.filter(
          (c) => c.mergedInto === undefined && c.thankYou !== true && c.repeatOf === undefined,
        )
        const original = firsts[pick % Math.max(firsts.length, 1)]
        if (original === undefined) return
        const duplicate: Contact.Contact = {
          ...original,
          id: "dup",
          channel: "social",
          resolvedOnContact: !original.resolvedOnContact,
          mergedInto: original.id,
        }
        const relinked = [
          ...contacts.map((c) => (c.repeatOf === original.id ? { ...c, repeatOf: "dup" } : c)),
          duplicate,
        ]
        expect(Contact.firstContactResolution(relinked, policy)).toEqual(
          Contact.firstContactResolution(contacts, policy),
        )
        expect(Contact.repeatContactRate(relinked)).toEqual(Contact.repeatContactRate(contacts))
        expect(Contact.avoidableShare(relinked, Contact.defaultRootCauses)).toEqual(
          Contact.avoidableShare(contacts, Contact.defaultRootCauses),
        )
      }),
    )
  })
})
