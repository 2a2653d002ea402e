/**
 * The checks the ESM and the CommonJS smoke scripts share. The release check copies
 * this file, `smoke.mjs` and `smoke.cjs` into a fresh project that installed the
 * packed tarballs, as a user's project would. Each smoke script passes in how it
 * loads a module (`import()` or `require`) and how it resolves one, so the same
 * checks prove both entry points of every package: each export loads from `dist/`
 * with the right format, holds the namespaces the README promises, and carries out
 * one real operation through the public API, with its result asserted.
 *
 * Everything — `effect` included — is loaded through the caller's loader, so an ESM
 * run never mixes in a CommonJS copy of a module or the other way round.
 *
 * Prints one line per package, `ok <package> ...` or `FAIL <package> ...`, which the
 * release check reads, and sets a non-zero exit code when any package failed.
 */
"use strict"

const assert = require("node:assert/strict")
const fs = require("node:fs")
const os = require("node:os")
const path = require("node:path")

/** The tenant every store operation below writes under. */
const tenant = "release-check"

/**
 * Every publishable package: its exports with the names each must hold, and one
 * operation that returns a line describing what it proved.
 */
const packages = [
  {
    name: "@clientele/core",
    exports: {
      ".": [
        "Allocation",
        "Civil",
        "Digest",
        "Errors",
        "Ids",
        "Money",
        "Period",
        "Personal",
        "PromiseClient",
        "Zone",
      ],
    },
    operation: async (load) => {
      const { Errors, Money, Period } = await load("@clientele/core")
      const Either = await load("effect/Either")
      const Schema = await load("effect/Schema")
      const parts = Either.getOrThrow(Money.allocate(Money.make(100, "EUR"), [1, 1, 1]))
      assert.deepEqual(
        parts.map((part) => part.amount),
        [34, 33, 33],
      )
      // 23:30 UTC on New Year's Eve is already the next year on Berlin's wall clock.
      const berlin = Period.TimeZone.make("Europe/Berlin")
      assert.equal(Period.civilDateOf(Date.UTC(2024, 11, 31, 23, 30), berlin), "2025-01-01")
      const refused = Errors.decodeEither(Schema.Struct({ quantity: Schema.Int }))({
        quantity: 1.5,
      })
      assert.ok(Either.isLeft(refused) && refused.left instanceof Errors.ValidationError)
      assert.deepEqual(refused.left.issues[0]?.path, ["quantity"])
      return "Money.allocate 34+33+33, Period.civilDateOf, Errors.decodeEither"
    },
  },
  {
    name: "@clientele/store",
    exports: {
      ".": ["Collection", "MemoryStore", "Query", "Store", "StoreError"],
      "./testkit": ["runConformance", "contractTests", "modelBasedTests", "transactionTests"],
    },
    operation: async (load) => {
      const { Collection, MemoryStore } = await load("@clientele/store")
      const { contractTests } = await load("@clientele/store/testkit")
      const Effect = await load("effect/Effect")
      const tickets = ticketCollection(Collection, await load("effect/Schema"))
      const open = await Effect.runPromise(
        Effect.provide(
          Effect.gen(function* () {
            yield* tickets.insert(tenant, { id: "t1", status: "open", openedAt: 2 })
            yield* tickets.insert(tenant, { id: "t2", status: "closed", openedAt: 1 })
            yield* tickets.insert(tenant, { id: "t3", status: "open", openedAt: 1 })
            return yield* tickets.query(tenant, {
              where: { status: "open" },
              orderBy: { index: "openedAt" },
            })
          }),
          MemoryStore.layer,
        ),
      )
      assert.deepEqual(
        open.entries.map((entry) => entry.value.id),
        ["t3", "t1"],
      )
      const suite = await runRegisteredTests((test) =>
        contractTests({ name: "memory", test, layer: MemoryStore.layer }),
      )
      assert.ok(suite.passed > 0, "the contract group registered no test")
      assert.ok(
        suite.failed.length === 0,
        `${suite.failed.length} of the testkit's contract tests failed on the memory store:\n${suite.failed.join("\n")}`,
      )
      return `MemoryStore insert + query; testkit contract group: ${suite.passed} passed, ${suite.skipped} skipped`
    },
  },
  {
    name: "@clientele/store-sql",
    exports: {
      ".": ["SqlStore"],
      "./sqlite": ["layerSqlite", "makeSqliteClient"],
      "./pg": ["layerPg", "makePgClient"],
    },
    operation: async (load) => {
      const { Collection } = await load("@clientele/store")
      const { SqlStore } = await load("@clientele/store-sql")
      const { layerSqlite } = await load("@clientele/store-sql/sqlite")
      const Cause = await load("effect/Cause")
      const Effect = await load("effect/Effect")
      const Exit = await load("effect/Exit")
      const Option = await load("effect/Option")
      const tickets = ticketCollection(Collection, await load("effect/Schema"))
      const directory = fs.mkdtempSync(path.join(os.tmpdir(), "clientele-smoke-"))
      try {
        const filename = path.join(directory, "clientele.db")
        await Effect.runPromise(
          Effect.provide(
            tickets.insert(tenant, { id: "t1", status: "open", openedAt: 1 }),
            layerSqlite({ filename }),
          ),
        )
        // A second layer over the same file: the ticket was written to disk, not kept in memory.
        const page = await Effect.runPromise(
          Effect.provide(
            tickets.query(tenant, { where: { status: "open" } }),
            layerSqlite({ filename }),
          ),
        )
        assert.deepEqual(
          page.entries.map((entry) => [entry.value.id, entry.version]),
          [["t1", 1]],
        )
        // Started with `migrate: false` on a database without the tables, the store
        // refuses with the `SetupError` the main entry exports, whichever entry built it.
        const exit = await Effect.runPromiseExit(
          Effect.provide(
            tickets.get(tenant, "t1"),
            layerSqlite({ filename: path.join(directory, "empty.db"), migrate: false }),
          ),
        )
        assert.ok(Exit.isFailure(exit), "a store without its tables opened with migrate: false")
        const failure = Cause.failureOption(exit.cause)
        assert.ok(
          Option.isSome(failure) && failure.value instanceof SqlStore.SetupError,
          `expected an instance of SqlStore.SetupError, got ${Option.isSome(failure) ? `a ${failure.value?.constructor?.name} that is not: ${messageOf(failure.value)}` : Cause.pretty(exit.cause)}`,
        )
        return "SQLite file: insert, reopen, query; migrate: false refuses with SqlStore.SetupError"
      } finally {
        fs.rmSync(directory, { recursive: true, force: true })
      }
    },
  },
  {
    name: "@clientele/calendar",
    exports: {
      ".": ["BusinessDays", "BusinessTime", "CalendarError", "Recurrence", "WorkingCalendar"],
    },
    operation: async (load) => {
      const { BusinessTime, WorkingCalendar } = await load("@clientele/calendar")
      const Either = await load("effect/Either")
      const support = WorkingCalendar.weekdays("America/New_York", "09:00", "17:00", {
        breaks: [{ start: "12:00", end: "12:30" }],
      })
      // Friday 16:00 plus eight business hours: one hour on Friday, three on Monday
      // morning, four after lunch — Monday 16:30, on the far side of the DST change.
      const received = Date.parse("2024-03-08T16:00:00-05:00")
      const due = Either.getOrThrow(BusinessTime.dueAt(support, received, 8 * 3_600_000))
      assert.equal(new Date(due).toISOString(), "2024-03-11T20:30:00.000Z")
      return "BusinessTime.dueAt: Friday 16:00 + 8 h = Monday 16:30 across DST"
    },
  },
  {
    name: "@clientele/complaints",
    exports: {
      ".": [
        "Category",
        "Compensation",
        "Complaint",
        "Complaints",
        "Contact",
        "Handling",
        "Insight",
        "Lifecycle",
        "OutOfStock",
        "Preference",
        "Reports",
        "Routing",
        "Sla",
      ],
    },
    operation: async (load) => {
      const { BusinessTime, WorkingCalendar } = await load("@clientele/calendar")
      const { Complaints, Handling } = await load("@clientele/complaints")
      const { MemoryStore } = await load("@clientele/store")
      const Either = await load("effect/Either")
      const calendar = WorkingCalendar.weekdays("Europe/Paris", "09:00", "18:00")
      const settings = Handling.makeSettings({
        calendar,
        currency: "EUR",
        departments: [{ id: "care", name: "Care", head: "s-head", categories: ["service"] }],
      })
      const client = await Complaints.makeClient(settings, MemoryStore.layer)
      try {
        const complaint = await client.intake(tenant, {
          idempotencyKey: "smoke-1",
          customerId: "cus-1",
          channel: "webForm",
          category: "service/long-wait",
          contact: { email: "ada@example.com" },
          description: "Waited 40 minutes at the till",
          receivedBy: "s-agent",
        })
        const firstResponse = complaint.sla.cycles[0]?.targets.find(
          (target) => target.kind === "firstResponse",
        )
        assert.ok(firstResponse !== undefined, "no first-response target was started")
        // The default standard policy answers within 30 business minutes.
        const expected = Either.getOrThrow(
          BusinessTime.dueAt(calendar, complaint.receivedAt, 30 * 60_000),
        )
        assert.equal(firstResponse.dueAt, expected)
        const again = await client.get(tenant, complaint.id)
        assert.equal(again.id, complaint.id)
        return `Promise client intake; first response due ${new Date(expected).toISOString()}`
      } finally {
        await client.close()
      }
    },
  },
  {
    name: "@clientele/segmentation",
    exports: {
      ".": [
        "Changes",
        "Classification",
        "Cultivation",
        "Cut",
        "Policy",
        "Segmentation",
        "ServiceTime",
        "Summary",
      ],
    },
    operation: async (load) => {
      const { Period } = await load("@clientele/core")
      const { Classification, Policy, ServiceTime, Summary } = await load("@clientele/segmentation")
      const Either = await load("effect/Either")
      const sale = (customerId, month, amount) => ({
        customerId,
        at: Date.UTC(2024, month, 10),
        revenue: { amount, currency: "EUR" },
      })
      const summaries = Either.getOrThrow(
        Summary.fromTransactions(
          [sale("cus-1", 1, 90_000), sale("cus-1", 6, 40_000), sale("cus-2", 3, 12_000)],
          {
            period: Period.make("2024-01-01", "2025-01-01", "Europe/Berlin"),
            currency: "EUR",
            customers: ["cus-3"],
          },
        ),
      )
      const policy = Either.getOrThrow(Policy.make({ version: "2024", currency: "EUR" }))
      const result = Either.getOrThrow(Classification.classifyPeriod(summaries, policy))
      const classes = (id) => {
        const index = Classification.indexOf(result, id)
        assert.ok(index !== undefined, `${id} is missing from the classification`)
        return Classification.customerAt(result, index)
      }
      assert.equal(classes("cus-3").tier, policy.tiers.inactive.name)
      assert.ok(classes("cus-1").rfm.monetary > classes("cus-2").rfm.monetary)
      const minutes = Either.getOrThrow(ServiceTime.allocate(result, 6_000))
      assert.equal(
        Array.from(minutes.perCustomer).reduce((sum, share) => sum + share, 0),
        6_000,
      )
      return "classifyPeriod: tiers and RFM; ServiceTime.allocate sums to 6,000 minutes"
    },
  },
  {
    name: "@clientele/loyalty",
    exports: { ".": ["Dependence", "Loyalty", "Transition"] },
    operation: async (load) => {
      const { Loyalty } = await load("@clientele/loyalty")
      const { Cut } = await load("@clientele/segmentation")
      const Either = await load("effect/Either")
      const policy = Either.getOrThrow(
        Loyalty.makePolicy({
          frequency: Cut.atLeast(6),
          dependence: Cut.atLeast(0.5),
          dependenceMeasure: "shareOfWallet",
        }),
      )
      const classification = Either.getOrThrow(
        Loyalty.classify({ frequency: [1, 2, 12, 9], dependence: [0.1, 0.8, 0.2, 0.7] }, policy),
      )
      const types = Array.from(classification.types, (code) => classification.names[code])
      assert.deepEqual(types, ["zero", "latent", "inertial", "high"])
      return `classify: ${types.join(", ")}`
    },
  },
  {
    name: "@clientele/returns",
    exports: { ".": ["Commitment", "Decision", "Publication", "ReturnPolicy", "Returns"] },
    operation: async (load) => {
      const { Ids, Money } = await load("@clientele/core")
      const { Decision, ReturnPolicy } = await load("@clientele/returns")
      const Either = await load("effect/Either")
      const eur = (amount) => Money.make(amount, "EUR")
      const policy = ReturnPolicy.defaultPolicy("EUR", "Europe/Berlin")
      const clerk = Ids.StaffId.make("clerk-7")
      const order = Decision.OrderFacts.make({
        orderId: Ids.OrderId.make("order-1"),
        placedAt: Date.parse("2024-06-03T10:00:00Z"),
        currency: Money.CurrencyCode.make("EUR"),
        policy: ReturnPolicy.reference(policy),
        lines: [
          Decision.OrderLine.make({
            id: "line-1",
            sku: "MUG-1",
            productId: Ids.ProductId.make("mug"),
            quantity: 2,
            fulfilledQuantity: 2,
            deliveredAt: Date.parse("2024-06-06T15:00:00Z"),
            unitPrice: eur(100),
            tax: { rateBasisPoints: 1000 },
          }),
        ],
        orderDiscount: eur(20),
        shipping: { paid: eur(0), refunded: eur(0) },
        payments: { captured: eur(198), refunded: eur(0), storeCreditIssued: eur(0) },
      })
      const at = Date.parse("2024-06-12T09:30:00Z")
      const decision = Either.getOrThrow(
        Decision.evaluateReturn(
          policy,
          order,
          {
            orderId: order.orderId,
            requestedAt: at,
            lines: [
              {
                orderLineId: "line-1",
                quantity: 1,
                reasonCode: "changedMind",
                condition: "unopened",
                resolution: "refund",
              },
            ],
            actor: { kind: "staff", id: clerk },
            productVerification: { verified: true, method: "orderLookup", by: clerk },
          },
          at,
        ),
      )
      // One mug of two: 100 less half the 20 coupon, plus 10 % tax on the 90 paid.
      assert.equal(decision.outcome, "approved")
      assert.equal(decision.money.total.amount, 99)
      return "evaluateReturn: one mug refunded, 99 cents"
    },
  },
  {
    name: "@clientele/visits",
    exports: {
      ".": [
        "Appointment",
        "Cadence",
        "Completion",
        "CustomerEvent",
        "Feedback",
        "FollowUp",
        "Greeting",
        "Profile",
        "Visits",
      ],
    },
    operation: async (load) => {
      const { WorkingCalendar } = await load("@clientele/calendar")
      const { Ids, Period } = await load("@clientele/core")
      const { Policy } = await load("@clientele/segmentation")
      const { Cadence } = await load("@clientele/visits")
      const Either = await load("effect/Either")
      const paris = WorkingCalendar.weekdays("Europe/Paris", "08:00", "17:00")
      const standards = Policy.standards(
        Either.getOrThrow(Policy.make({ version: "2024", currency: "EUR" })),
      )
      const major = standards.get("major")
      assert.ok(major !== undefined, "the default policy has no major tier")
      const plan = Either.getOrThrow(
        Cadence.plan({
          period: Period.make("2025-01-01", "2026-01-01", "Europe/Paris"),
          customers: [{ id: Ids.CustomerId.make("cus-42"), tier: "major" }],
          standards,
          calendars: new Map([["paris", paris]]),
          defaultCalendarId: "paris",
          policy: Cadence.defaultPolicy,
        }),
      )
      assert.equal(plan.touches.length, major.visitsPerPeriod + major.contactsPerPeriod)
      return `Cadence.plan: ${plan.touches.length} touches for a major customer's year`
    },
  },
  {
    name: "@clientele/churn",
    exports: {
      ".": [
        "BgNbd",
        "Churn",
        "ChurnCase",
        "Detection",
        "Fitting",
        "GammaGamma",
        "Lesson",
        "MbgNbd",
        "ParetoNbd",
        "Reports",
        "Simulation",
        "Summary",
        "Value",
      ],
    },
    operation: async (load) => {
      const { BgNbd } = await load("@clientele/churn")
      const parameters = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }
      const customer = { frequency: 2, recency: 30.43, age: 38.86 }
      const pAlive = BgNbd.probabilityAlive(parameters, customer)
      // The closed form of Fader, Hardie and Lee (2005) for a repeat buyer.
      const { r, alpha, a, b } = parameters
      const { frequency: x, recency: tx, age: T } = customer
      const closedForm = 1 / (1 + (a / (b + x - 1)) * ((alpha + T) / (alpha + tx)) ** (r + x))
      assert.ok(Math.abs(pAlive - closedForm) < 1e-9, `P(alive) ${pAlive}, expected ${closedForm}`)
      return `BG/NBD P(alive) = ${pAlive.toFixed(3)} for the CDNOW estimates`
    },
  },
  {
    name: "@clientele/archive",
    exports: { ".": ["Archive", "Archives", "Erasure", "Retention", "Retirement", "Review"] },
    operation: async (load) => {
      const { Archive, Retention, Review } = await load("@clientele/archive")
      const { Period } = await load("@clientele/core")
      const Either = await load("effect/Either")
      const archive = Either.getOrThrow(
        Archive.file({
          customer: "cus_42",
          customerClass: "general",
          at: Date.UTC(2024, 0, 1),
          by: "staff_7",
        }),
      )
      const reviews = Either.getOrThrow(Review.makePolicy({ version: 1, zone: "UTC" }))
      const overdue = Either.getOrThrow(Review.overdue([archive], reviews, Date.UTC(2025, 0, 2)))
      assert.deepEqual(
        overdue.items.map((item) => [item.customer, item.dueOn]),
        [["cus_42", "2025-01-01"]],
      )
      const retention = Either.getOrThrow(
        Retention.makePolicy({
          version: 1,
          schedules: [
            {
              id: "lead-cleanup",
              recordType: "lead",
              kind: "deletion",
              trigger: { kind: "lastActivity" },
              retainFor: { years: 3 },
              countFrom: "triggerDate",
              action: "delete",
              legalBasis: "GDPR Art. 5(1)(e)",
              zone: "UTC",
            },
          ],
        }),
      )
      const lead = {
        id: "lead_1",
        type: "lead",
        subjectIds: [],
        dates: { lastActivity: Period.CivilDate.make("2020-03-15") },
      }
      const plan = Either.getOrThrow(
        Retention.sweepPlan([lead], retention, [], Date.UTC(2024, 0, 1)),
      )
      assert.deepEqual(
        plan.disposals.map((disposal) => [disposal.recordId, disposal.action]),
        [["lead_1", "delete"]],
      )
      return "Review.overdue after a year; Retention.sweepPlan deletes a stale lead"
    },
  },
  {
    name: "@clientele/scorecard",
    exports: {
      ".": ["Assessment", "Inputs", "Policy", "Principle", "Scorecard", "Scorecards", "Trend"],
    },
    operation: async (load) => {
      const { Policy, Scorecard } = await load("@clientele/scorecard")
      const Either = await load("effect/Either")
      const scorecard = Either.getOrThrow(
        Scorecard.measure(
          {
            period: { start: "2025-01-01", end: "2025-04-01", zone: "Europe/Paris" },
            asOf: Date.UTC(2025, 3, 1),
            visits: { touchesDue: 40, touchesDone: 36, feedbackCards: { answers: 0, total: 0 } },
          },
          Policy.defaultPolicy,
        ),
      )
      const adherence = Scorecard.measureOf(scorecard, "cadenceAdherence")
      assert.equal(adherence.value, 36 / 40)
      const target = Policy.defaultPolicy.targets.cadenceAdherence
      assert.equal(adherence.status, adherence.value >= target ? "met" : "notMet")
      // No feedback card was answered: nothing to judge, which is not a failure.
      assert.equal(Scorecard.measureOf(scorecard, "feedbackCardScore").status, "noData")
      return `Scorecard.measure: cadence adherence 0.9 against ${target} is ${adherence.status}`
    },
  },
]

/** A small typed collection both store checks write through. */
const ticketCollection = (Collection, Schema) =>
  Collection.make({
    name: "tickets",
    schema: Schema.Struct({
      id: Schema.String,
      status: Schema.Literal("open", "closed"),
      openedAt: Schema.Number,
    }),
    id: (ticket) => ticket.id,
    indexes: { status: (ticket) => ticket.status, openedAt: (ticket) => ticket.openedAt },
  })

/**
 * Runs the tests a testkit suite registers with a minimal `describe`/`it` of our
 * own, one after the other, the way any test runner would.
 */
const runRegisteredTests = async (register) => {
  const tests = []
  const skippedNames = []
  const scope = []
  const it = (name, body) => tests.push({ name: [...scope, name].join(" > "), body })
  it.skip = (name) => skippedNames.push(name)
  register({
    describe: (name, body) => {
      scope.push(name)
      try {
        body()
      } finally {
        scope.pop()
      }
    },
    it,
  })
  const failed = []
  for (const test of tests) {
    try {
      await test.body()
    } catch (error) {
      failed.push(`${test.name}: ${messageOf(error)}`)
    }
  }
  return { passed: tests.length - failed.length, failed, skipped: skippedNames.length }
}

const fullMessageOf = (error) => (error instanceof Error ? error.message : String(error))

const messageOf = (error) => fullMessageOf(error).split("\n")[0]

/**
 * Where an export must resolve in this run: the built file of the right format,
 * never the sources the workspace's own export condition points at.
 */
const expectedEntry = { esm: /[\\/]dist[\\/][^\\/]+\.js$/, cjs: /[\\/]dist[\\/][^\\/]+\.cjs$/ }

/**
 * Runs every package's checks. `format` is `"esm"` or `"cjs"`; `load` imports or
 * requires a specifier, `resolve` gives the file it resolves to.
 */
const run = async ({ format, load, resolve }) => {
  let failures = 0
  for (const pkg of packages) {
    try {
      for (const [subpath, names] of Object.entries(pkg.exports)) {
        const specifier = subpath === "." ? pkg.name : `${pkg.name}/${subpath.slice(2)}`
        const file = resolve(specifier)
        assert.match(file, expectedEntry[format], `${specifier} resolved to ${file}`)
        const module = await load(specifier)
        const missing = names.filter((name) => module[name] === undefined)
        assert.deepEqual(missing, [], `${specifier} lacks ${missing.join(", ")}`)
      }
      const proved = await pkg.operation(load)
      console.log(`ok ${pkg.name} (${format}) ${proved}`)
    } catch (error) {
      failures++
      const [first, ...rest] = fullMessageOf(error).split("\n")
      console.log(`FAIL ${pkg.name} (${format}) ${first}`)
      for (const line of rest) console.log(`    ${line}`)
    }
  }
  if (failures > 0) process.exitCode = 1
}

module.exports = { run }
