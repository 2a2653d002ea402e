import { Errors, Ids, Money, Personal } from "@clientele/core"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"
import { describe, expect, it } from "vitest"
import * as ChurnCase from "../src/ChurnCase.js"
import * as Detection from "../src/Detection.js"

const right = <A, E>(result: Either.Either<A, E>): A => {
  if (Either.isLeft(result)) throw new Error(`expected Right, got ${String(result.left)}`)
  return result.right
}

const left = <A, E>(result: Either.Either<A, E>): E => {
  if (Either.isRight(result)) throw new Error("expected Left")
  return result.left
}

const DAY = 86_400_000
const OPENED = Date.UTC(2024, 5, 3, 9)
const lead = Ids.StaffId.make("lead-1")
const rep = Ids.StaffId.make("rep-3")
const at = (days: number) => ({ at: OPENED + days * DAY, by: lead })

const opened = (lostValue?: number) =>
  right(
    ChurnCase.open({
      id: "case-1",
      customerId: "cus-42",
      origin: { _tag: "Manual", reason: "Told the driver she now buys elsewhere." },
      ...(lostValue === undefined ? {} : { lostValue: { amount: lostValue, currency: "EUR" } }),
      at: OPENED,
      by: lead,
    }),
  )

const toCompetitor = (
  cause: ChurnCase.Cause,
  overrides: Partial<ChurnCase.FindingsInput> = {},
): ChurnCase.FindingsInput => ({
  destination: { _tag: "Competitor", competitor: "Bargain Depot", channel: "online shop" },
  attractions: ["lower-price", "free-delivery"],
  comparison: {
    price: { score: 2, note: "About 20 % cheaper for the same brand." },
    product: { score: 0 },
    service: { score: -1 },
  },
  cause,
  statement: "Nobody called me back about the broken delivery.",
  ...overrides,
})

const investigated = (cause: ChurnCase.Cause, lostValue?: number) =>
  right(ChurnCase.investigate(opened(lostValue), toCompetitor(cause), at(1)))

const pathsOf = (error: unknown) =>
  (error as Errors.ValidationError).issues.map((issue) => issue.path)

/** The distinct paths at fault (a literal union reports one issue per literal). */
const distinctPaths = (error: unknown) => [
  ...new Map(pathsOf(error).map((path) => [path.join("."), path])).values(),
]

describe("ChurnCase: opening", () => {
  it("CHN-2 a case opened by hand starts open with one history step and the reason marked personal", () => {
    const c = opened(48_000)
    expect(c).toMatchObject({
      id: "case-1",
      customerId: "cus-42",
      status: "open",
      lostValue: Money.make(48_000, "EUR"),
      openedAt: OPENED,
      openedBy: lead,
      history: [{ action: "opened", status: "open", at: OPENED, by: lead }],
    })
    expect(Schema.is(ChurnCase.ChurnCase)(c)).toBe(true)
  })

  it("CHN-2 a case opened from a detection candidate records the run, the policy version, the status and the signals", () => {
    const candidate: Detection.Candidate = {
      customerId: Ids.CustomerId.make("cus-9"),
      status: "churned",
      signals: ["model", "inactivity"],
      modelStatus: "atRisk",
      inactivityStatus: "churned",
      frequency: 3,
      daysSinceLastPurchase: 400,
      pAlive: 0.4,
      expectedPurchases: 0.2,
    }
    const c = right(
      ChurnCase.fromCandidate(
        candidate,
        { runId: "run-1", policy: { id: Detection.PolicyId.make("retail"), version: 2 } },
        { id: "case-9", at: OPENED, by: lead, lostValue: Money.make(1000, "EUR") },
      ),
    )
    expect(c.origin).toEqual({
      _tag: "Detected",
      runId: "run-1",
      policy: { id: "retail", version: 2 },
      status: "churned",
      signals: ["model", "inactivity"],
    })
    expect(c.customerId).toBe("cus-9")
    expect(c.lostValue).toEqual(Money.make(1000, "EUR"))
  })

  it("CHN-2 bad opening input names the field: a negative lost value, an empty customer id", () => {
    const error = left(
      ChurnCase.open({
        id: "case-1",
        customerId: "",
        origin: { _tag: "Manual" },
        lostValue: { amount: -5, currency: "EUR" },
        at: OPENED,
        by: lead,
      }),
    )
    expect(pathsOf(error)).toEqual(expect.arrayContaining([["customerId"]]))
    const negative = left(
      ChurnCase.open({
        id: "case-1",
        customerId: "cus-1",
        origin: { _tag: "Manual" },
        lostValue: { amount: -5, currency: "EUR" },
        at: OPENED,
        by: lead,
      }),
    )
    expect(pathsOf(negative)).toEqual([["lostValue", "amount"]])
  })
})

describe("ChurnCase: where they went (CHN-2)", () => {
  it("CHN-2 the investigation records the competitor and channel, what attracted them and how much better the competitor is on price, product and service", () => {
    const c = investigated("service", 48_000)
    expect(c.status).toBe("investigated")
    expect(c.investigation).toMatchObject({
      destination: { _tag: "Competitor", competitor: "Bargain Depot", channel: "online shop" },
      attractions: ["lower-price", "free-delivery"],
      comparison: {
        price: { score: 2, note: "About 20 % cheaper for the same brand." },
        product: { score: 0 },
        service: { score: -1 },
      },
      cause: "service",
      at: OPENED + DAY,
      by: lead,
    })
    expect(c.history.map((s) => [s.action, s.status])).toEqual([
      ["opened", "open"],
      ["investigated", "investigated"],
    ])
  })

  it("CHN-2 a competitor destination without attractions or without the comparison is refused at those fields", () => {
    const { comparison: _, ...withoutComparison } = toCompetitor("service", { attractions: [] })
    const error = left(ChurnCase.investigate(opened(), withoutComparison, at(1)))
    expect(error).toBeInstanceOf(Errors.ValidationError)
    expect(pathsOf(error)).toEqual([["attractions"], ["comparison"]])
    expect((error as Errors.ValidationError).message).toContain("CHN-2")
  })

  it("CHN-2 a comparison is scored from -2 to +2: a 3 is refused at its path", () => {
    const error = left(
      ChurnCase.investigate(
        opened(),
        toCompetitor("service", {
          comparison: { price: { score: 3 }, product: { score: 0 }, service: { score: 1.5 } },
        }),
        at(1),
      ),
    )
    expect(distinctPaths(error)).toEqual(
      expect.arrayContaining([
        ["comparison", "price", "score"],
        ["comparison", "service", "score"],
      ]),
    )
  })

  it("CHN-2 a customer who went nowhere, or nobody knows where, has no competitor to compare with", () => {
    for (const destination of [{ _tag: "NoReplacement" }, { _tag: "Unknown" }] as const) {
      const c = right(
        ChurnCase.investigate(opened(), { destination, attractions: [], cause: "product" }, at(1)),
      )
      expect(c.investigation?.destination).toEqual(destination)
    }
    const error = left(
      ChurnCase.investigate(
        opened(),
        {
          destination: { _tag: "Unknown" },
          attractions: [],
          comparison: { price: { score: 0 }, product: { score: 0 }, service: { score: 0 } },
          cause: "product",
        },
        at(1),
      ),
    )
    expect(pathsOf(error)).toEqual([["comparison"]])
  })

  it("CHN-2 investigating again keeps the status, takes the new findings and lost value, and appends a step", () => {
    const first = investigated("service", 48_000)
    const again = right(
      ChurnCase.investigate(
        first,
        toCompetitor("both", { lostValue: { amount: 60_000, currency: "EUR" } }),
        at(2),
      ),
    )
    expect(again.status).toBe("investigated")
    expect(again.investigation?.cause).toBe("both")
    expect(again.lostValue).toEqual(Money.make(60_000, "EUR"))
    expect(again.history.slice(0, 2)).toEqual(first.history)
    expect(again.history).toHaveLength(3)
  })

  it("CHN-2 the customer's statements and the notes about them are marked personal; the competitor and the cause are not", () => {
    const personalFields = (schema: Schema.Schema.Any) =>
      AST.getPropertySignatures(schema.ast)
        .filter(Personal.isPersonal)
        .map((field) => String(field.name))
    expect(personalFields(ChurnCase.Investigation)).toEqual(["statement", "notes"])
    expect(personalFields(ChurnCase.Comparison)).toEqual(["note"])
    expect(personalFields(ChurnCase.RecoveryDecision)).toEqual(["note"])
    expect(personalFields(ChurnCase.Outcome)).toEqual(["note"])
    expect(personalFields(ChurnCase.Origin.members[1])).toEqual(["reason"])
    expect(personalFields(ChurnCase.Origin.members[0])).toEqual([])
    expect(personalFields(ChurnCase.Destination.members[0])).toEqual([])
  })
})

describe("ChurnCase: why (CHN-3)", () => {
  it("CHN-3 the cause is product, service or both; anything else, or none, is refused at cause", () => {
    for (const cause of ChurnCase.Cause.literals)
      expect(investigated(cause).investigation?.cause).toBe(cause)
    const unknown = left(
      ChurnCase.investigate(opened(), toCompetitor("price" as ChurnCase.Cause), at(1)),
    )
    expect(distinctPaths(unknown)).toEqual([["cause"]])
    const { cause: _, ...withoutCause } = toCompetitor("service")
    const missing = left(
      ChurnCase.investigate(opened(), withoutCause as ChurnCase.FindingsInput, at(1)),
    )
    expect(distinctPaths(missing)).toEqual([["cause"]])
  })
})

describe("ChurnCase: recoverable? (CHN-4)", () => {
  it("CHN-4 a service cause cannot be closed before deciding whether the customer can be won back", () => {
    const error = left(ChurnCase.recordOutcome(investigated("service"), { result: "lost" }, at(2)))
    expect(error).toBeInstanceOf(Errors.ValidationError)
    expect((error as Errors.ValidationError).issues).toEqual([
      {
        path: ["recovery"],
        message: "CHN-4: a service cause needs the decision whether the customer can be won back",
      },
    ])
  })

  it("CHN-4 a recoverable customer needs an owner; with one the case moves to recovering", () => {
    const c = investigated("service")
    const noOwner = left(ChurnCase.decideRecovery(c, { recoverable: true }, at(2)))
    expect(pathsOf(noOwner)).toEqual([["owner"]])
    expect((noOwner as Errors.ValidationError).message).toContain("CHN-4")
    const recovering = right(
      ChurnCase.decideRecovery(
        c,
        { recoverable: true, owner: rep, note: "Knows her well." },
        at(2),
      ),
    )
    expect(recovering.status).toBe("recovering")
    expect(recovering.recovery).toEqual({
      recoverable: true,
      owner: rep,
      note: "Knows her well.",
      at: OPENED + 2 * DAY,
      by: lead,
    })
    expect(recovering.history.at(-1)).toEqual({
      action: "recoveryDecided",
      status: "recovering",
      at: OPENED + 2 * DAY,
      by: lead,
    })
  })

  it("CHN-4 a customer judged not recoverable stays investigated and can then be closed as lost", () => {
    const decided = right(
      ChurnCase.decideRecovery(investigated("service"), { recoverable: false }, at(2)),
    )
    expect(decided.status).toBe("investigated")
    const lost = right(ChurnCase.recordOutcome(decided, { result: "lost" }, at(3)))
    expect(lost).toMatchObject({
      status: "lost",
      outcome: { result: "lost", at: OPENED + 3 * DAY, by: lead },
    })
  })

  it("CHN-4 while recovering the owner can be reassigned, but 'not recoverable' is refused: record the outcome instead", () => {
    const recovering = right(
      ChurnCase.decideRecovery(investigated("service"), { recoverable: true, owner: rep }, at(2)),
    )
    const reassigned = right(
      ChurnCase.decideRecovery(recovering, { recoverable: true, owner: "rep-4" }, at(3)),
    )
    expect(reassigned.status).toBe("recovering")
    expect(reassigned.recovery?.owner).toBe("rep-4")
    const refused = left(ChurnCase.decideRecovery(recovering, { recoverable: false }, at(3)))
    expect(refused).toBeInstanceOf(Errors.InvalidTransitionError)
    expect(refused).toMatchObject({ state: "recovering", attempted: "decide not recoverable" })
  })

  it("CHN-4 a recovering customer is won back or lost, and the case is then closed to every change", () => {
    const recovering = right(
      ChurnCase.decideRecovery(investigated("service"), { recoverable: true, owner: rep }, at(2)),
    )
    const won = right(
      ChurnCase.recordOutcome(recovering, { result: "wonBack", note: "Ordered again." }, at(5)),
    )
    expect(won).toMatchObject({ status: "wonBack", outcome: { result: "wonBack" } })
    expect(ChurnCase.isClosed(won)).toBe(true)
    for (const attempt of [
      ChurnCase.investigate(won, toCompetitor("service"), at(6)),
      ChurnCase.decideRecovery(won, { recoverable: true, owner: rep }, at(6)),
      ChurnCase.decideImprovability(won, { improvable: false }, at(6)),
      ChurnCase.recordOutcome(won, { result: "lost" }, at(6)),
    ])
      expect(left(attempt)).toBeInstanceOf(Errors.InvalidTransitionError)
  })

  it("CHN-4 a product cause needs no recovery decision, but may take one", () => {
    const product = investigated("product")
    const improvable = right(
      ChurnCase.decideImprovability(
        product,
        { improvable: true, area: "durability", description: "Use a steel hinge pin." },
        at(2),
      ),
    )
    expect(right(ChurnCase.recordOutcome(improvable, { result: "lost" }, at(3))).status).toBe(
      "lost",
    )
    const recovering = right(
      ChurnCase.decideRecovery(improvable, { recoverable: true, owner: rep }, at(3)),
    )
    expect(recovering.status).toBe("recovering")
  })
})

describe("ChurnCase: improvable? (CHN-5)", () => {
  it("CHN-5 a product cause cannot be closed before deciding whether the product can be improved", () => {
    const error = left(ChurnCase.recordOutcome(investigated("product"), { result: "lost" }, at(2)))
    expect((error as Errors.ValidationError).issues).toEqual([
      {
        path: ["improvability"],
        message: "CHN-5: a product cause needs the decision whether the product can be improved",
      },
    ])
  })

  it("CHN-5 an improvable product names the area and what to improve", () => {
    const c = investigated("product")
    const error = left(ChurnCase.decideImprovability(c, { improvable: true }, at(2)))
    expect(pathsOf(error)).toEqual([["area"], ["description"]])
    const decided = right(
      ChurnCase.decideImprovability(
        c,
        {
          improvable: true,
          area: "durability",
          description: "The hinge breaks within a year; use a steel pin.",
          productId: "cabinet-2",
        },
        at(2),
      ),
    )
    expect(decided.improvability).toMatchObject({
      improvable: true,
      area: "durability",
      productId: "cabinet-2",
    })
    expect(decided.status).toBe("investigated")
  })

  it("CHN-5 a product that cannot be improved needs neither area nor description", () => {
    const decided = right(
      ChurnCase.decideImprovability(investigated("product"), { improvable: false }, at(2)),
    )
    expect(decided.improvability?.improvable).toBe(false)
    expect(right(ChurnCase.recordOutcome(decided, { result: "lost" }, at(3))).status).toBe("lost")
  })

  it("CHN-5 a cause of both needs both decisions before closing, each named at its field", () => {
    const both = investigated("both")
    expect(ChurnCase.missingDecisions(both).map((i) => i.path)).toEqual([
      ["recovery"],
      ["improvability"],
    ])
    const error = left(ChurnCase.recordOutcome(both, { result: "lost" }, at(2)))
    expect(pathsOf(error)).toEqual([["recovery"], ["improvability"]])
    const oneDecided = right(ChurnCase.decideRecovery(both, { recoverable: false }, at(2)))
    expect(pathsOf(left(ChurnCase.recordOutcome(oneDecided, { result: "lost" }, at(3))))).toEqual([
      ["improvability"],
    ])
  })
})

describe("ChurnCase: the status machine and the history", () => {
  it("CHN-2 an open case can only be lost: it cannot be won back, recovered or decided before it is investigated", () => {
    const c = opened()
    expect(left(ChurnCase.recordOutcome(c, { result: "wonBack" }, at(1)))).toMatchObject({
      _tag: "InvalidTransitionError",
      state: "open",
      attempted: "win back",
    })
    expect(left(ChurnCase.decideRecovery(c, { recoverable: true, owner: rep }, at(1)))._tag).toBe(
      "InvalidTransitionError",
    )
    expect(left(ChurnCase.decideImprovability(c, { improvable: false }, at(1)))._tag).toBe(
      "InvalidTransitionError",
    )
    const lost = right(
      ChurnCase.recordOutcome(c, { result: "lost", note: "Unreachable since May." }, at(1)),
    )
    expect(lost.status).toBe("lost")
    expect(lost.investigation).toBeUndefined()
  })

  it("CHN-2 the history is append-only: a change dated before the last step is refused at `at`", () => {
    const c = investigated("service")
    const error = left(ChurnCase.decideRecovery(c, { recoverable: false }, at(0)))
    expect(pathsOf(error)).toEqual([["at"]])
    expect(
      pathsOf(
        left(ChurnCase.decideRecovery(c, { recoverable: false }, { at: Number.NaN, by: lead })),
      ),
    ).toEqual([["at"]])
  })

  it("CHN-4 a stored case that breaks a rule does not decode: recovering without an owner, closed without its outcome, a history out of order", () => {
    const recovering = right(
      ChurnCase.decideRecovery(investigated("service"), { recoverable: true, owner: rep }, at(2)),
    )
    const encoded = Schema.encodeSync(ChurnCase.ChurnCase)(recovering)
    const decode = Errors.decodeEither(ChurnCase.ChurnCase)
    expect(Either.isRight(decode(encoded))).toBe(true)
    const { owner: _, ...ownerless } = encoded.recovery ?? { owner: undefined }
    expect(pathsOf(left(decode({ ...encoded, recovery: ownerless })))).toContainEqual([
      "recovery",
      "owner",
    ])
    expect(pathsOf(left(decode({ ...encoded, status: "lost" })))).toEqual(
      expect.arrayContaining([["status"], ["outcome"]]),
    )
    const shuffled = [...encoded.history].reverse()
    expect(pathsOf(left(decode({ ...encoded, history: shuffled })))).toEqual(
      expect.arrayContaining([
        ["history", 1, "at"],
        ["history", 0],
      ]),
    )
  })

  it("CHN-2 the allowed transitions lead from open through investigated and recovering to won back or lost, and closed is final", () => {
    expect(ChurnCase.allowedTransitions).toEqual({
      open: ["investigated", "lost"],
      investigated: ["recovering", "wonBack", "lost"],
      recovering: ["wonBack", "lost"],
      wonBack: [],
      lost: [],
    })
  })
})

// --- properties -------------------------------------------------------------------

type Command =
  | { readonly _tag: "investigate"; readonly cause: ChurnCase.Cause; readonly competitor: boolean }
  | { readonly _tag: "recovery"; readonly recoverable: boolean; readonly owner: boolean }
  | { readonly _tag: "improvability"; readonly improvable: boolean; readonly area: boolean }
  | { readonly _tag: "outcome"; readonly result: ChurnCase.Result }

const commandArbitrary: FastCheck.Arbitrary<Command> = FastCheck.oneof(
  FastCheck.record({
    _tag: FastCheck.constant("investigate" as const),
    cause: FastCheck.constantFrom(...ChurnCase.Cause.literals),
    competitor: FastCheck.boolean(),
  }),
  FastCheck.record({
    _tag: FastCheck.constant("recovery" as const),
    recoverable: FastCheck.boolean(),
    owner: FastCheck.boolean(),
  }),
  FastCheck.record({
    _tag: FastCheck.constant("improvability" as const),
    improvable: FastCheck.boolean(),
    area: FastCheck.boolean(),
  }),
  FastCheck.record({
    _tag: FastCheck.constant("outcome" as const),
    result: FastCheck.constantFrom(...ChurnCase.Result.literals),
  }),
)

const apply = (c: ChurnCase.ChurnCase, command: Command, change: ChurnCase.Change) => {
  switch (command._tag) {
    case "investigate":
      return ChurnCase.investigate(
        c,
        command.competitor
          ? toCompetitor(command.cause)
          : { destination: { _tag: "Unknown" }, attractions: [], cause: command.cause },
        change,
      )
    case "recovery":
      return ChurnCase.decideRecovery(
        c,
        command.owner
          ? { recoverable: command.recoverable, owner: rep }
          : { recoverable: command.recoverable },
        change,
      )
    case "improvability":
      return ChurnCase.decideImprovability(
        c,
        command.area
          ? { improvable: command.improvable, area: "fit", description: "Offer half sizes." }
          : { improvable: command.improvable },
        change,
      )
    case "outcome":
      return ChurnCase.recordOutcome(c, { result: command.result }, change)
  }
}

describe("ChurnCase: properties", () => {
  it("CHN-4 whatever commands arrive, the case stays valid, only allowed transitions happen, and the history only grows", () => {
    FastCheck.assert(
      FastCheck.property(FastCheck.array(commandArbitrary, { maxLength: 12 }), (commands) => {
        let c = opened(10_000)
        commands.forEach((command, i) => {
          const next = apply(c, command, at(i + 1))
          if (Either.isLeft(next)) {
            expect(["ValidationError", "InvalidTransitionError"]).toContain(next.left._tag)
            return
          }
          const after = next.right
          expect(Schema.is(ChurnCase.ChurnCase)(after)).toBe(true)
          if (after.status !== c.status)
            expect(ChurnCase.allowedTransitions[c.status]).toContain(after.status)
          expect(after.history).toHaveLength(c.history.length + 1)
          expect(after.history.slice(0, c.history.length)).toEqual(c.history)
          if (ChurnCase.isClosed(after)) expect(ChurnCase.missingDecisions(after)).toEqual([])
          c = after
        })
        const roundTrip = Schema.decodeUnknownSync(ChurnCase.ChurnCase)(
          Schema.encodeSync(ChurnCase.ChurnCase)(c),
        )
        expect(roundTrip).toEqual(c)
      }),
      { numRuns: 300 },
    )
  })
})
