/**
 * The concurrency group: many fibers writing one document at once. Exactly one
 * compare-and-set wins per version, the final state is the sum of the winning
 * updates, nothing is lost when losers retry, exactly one of many inserts of one
 * id succeeds, and no reader sees half of a transaction.
 *
 * The fibers run with `Effect.all({ concurrency: "unbounded" })`; each yields
 * before writing so that, even over an adapter that never suspends, every fiber
 * has read before any has written.
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type { StorePort } from "../../Store.js"
import { isStoreError } from "../../StoreError.js"
import { check, describeError, equal, fail, sameDocument, show } from "./assert.js"
import { defineGroup, type Group } from "./harness.js"
import { expectDocument, expectNoDocument, scanAll } from "./reads.js"

const collection = "counters"

interface Counter {
  readonly total: number
}

const totalOf = (body: unknown): number => {
  if (
    typeof body === "object" &&
    body !== null &&
    "total" in body &&
    typeof body.total === "number"
  )
    return body.total
  return fail(`a counter's body is ${show(body)}, expected { total: number }`)
}

/** Inserts the counter every writer updates, at a total of 0. */
const insertCounter = (store: StorePort, tenant: string) =>
  store.insert(tenant, {
    collection,
    id: "counter",
    body: { total: 0 } satisfies Counter,
    indexes: {},
  })

/** A losing writer must fail with a retryable store error, never succeed nor die. */
const checkLoser = (error: unknown, what: string, reasons: ReadonlyArray<string>) => {
  check(
    isStoreError(error) && reasons.includes(error.reason),
    `${what}: a losing writer failed with ${describeError(error)}, expected a StoreError (${reasons.join(" or ")})`,
  )
}

/** The concurrency group. */
export const concurrency: Group = defineGroup("concurrency", (test, settings) => {
  const fibers = settings.concurrency

  test(`${fibers} concurrent compare-and-set updates of one version: exactly one wins, each round`, ({
    store,
    tenant,
  }) =>
    Effect.gen(function* () {
      const t = tenant()
      const rounds = 8
      yield* insertCounter(store, t)
      let total = 0
      for (let round = 1; round <= rounds; round++) {
        const current = yield* store.get(t, collection, "counter")
        if (current === undefined) return fail("the counter disappeared")
        equal(current.version, round, `the counter's version before round ${round}`)
        const outcomes = yield* Effect.all(
          Array.from({ length: fibers }, (_, writer) =>
            Effect.either(
              Effect.zipRight(
                Effect.yieldNow(),
                store.update(t, {
                  collection,
                  id: "counter",
                  expectedVersion: current.version,
                  body: { total: totalOf(current.body) + writer + 1, writer },
                  indexes: { writer },
                }),
              ),
            ),
          ),
          { concurrency: "unbounded" },
        )
        const winners = outcomes.flatMap((outcome, writer) =>
          Either.isRight(outcome) ? [{ writer, document: outcome.right }] : [],
        )
        equal(
          winners.length,
          1,
          `how many of ${fibers} updates expecting version ${current.version} succeeded (round ${round})`,
        )
        for (const outcome of outcomes) {
          if (Either.isLeft(outcome)) checkLoser(outcome.left, `round ${round}`, ["Conflict"])
        }
        const [winner] = winners
        if (winner === undefined) return
        equal(
          winner.document.version,
          round + 1,
          `the version the winning update returned (round ${round})`,
        )
        total += winner.writer + 1
        yield* expectDocument(
          store,
          {
            tenant: t,
            collection,
            id: "counter",
            version: round + 1,
            body: { total, writer: winner.writer },
            indexes: { writer: winner.writer },
          },
          `the counter after round ${round}: the winner's write and nobody else's`,
        )
      }
    }))

  test(`${fibers} writers retrying on conflict lose no update: the final total is the sum of all`, ({
    store,
    tenant,
  }) =>
    Effect.gen(function* () {
      const t = tenant()
      const perWriter = 5
      yield* insertCounter(store, t)
      const versionsWon: Array<number> = []
      const increment = (amount: number) =>
        Effect.gen(function* () {
          for (let attempt = 1; ; attempt++) {
            if (attempt > 50 * fibers)
              return fail(`an increment still conflicted after ${attempt - 1} attempts`)
            const current = yield* store.get(t, collection, "counter")
            if (current === undefined) return fail("the counter disappeared")
            yield* Effect.yieldNow()
            const result = yield* Effect.either(
              store.update(t, {
                collection,
                id: "counter",
                expectedVersion: current.version,
                body: { total: totalOf(current.body) + amount },
                indexes: {},
              }),
            )
            if (Either.isRight(result)) {
              versionsWon.push(result.right.version)
              return
            }
            const error = result.left
            if (!(isStoreError(error) && error.isRetryable)) {
              return fail(
                `a compare-and-set update failed with ${describeError(error)}, expected success or a retryable StoreError`,
              )
            }
          }
        })
      const amounts = Array.from({ length: fibers * perWriter }, (_, i) => (i % fibers) + 1)
      yield* Effect.all(
        Array.from({ length: fibers }, (_, writer) =>
          Effect.forEach(
            amounts.filter((_, i) => i % fibers === writer),
            increment,
            { discard: true },
          ),
        ),
        { concurrency: "unbounded", discard: true },
      )
      const expectedTotal = amounts.reduce((sum, amount) => sum + amount, 0)
      const final = yield* store.get(t, collection, "counter")
      sameDocument(
        final,
        {
          tenant: t,
          collection,
          id: "counter",
          version: 1 + amounts.length,
          body: { total: expectedTotal },
        },
        `the counter after ${amounts.length} increments by ${fibers} writers`,
      )
      const sorted = [...versionsWon].sort((a, b) => a - b)
      equal(
        sorted,
        Array.from({ length: amounts.length }, (_, i) => i + 2),
        "the versions the successful updates returned (each exactly once)",
      )
    }))

  test(`${fibers} concurrent inserts of one id: exactly one succeeds`, ({ store, tenant }) =>
    Effect.gen(function* () {
      const t = tenant()
      for (let round = 0; round < 5; round++) {
        const id = `doc-${round}`
        const outcomes = yield* Effect.all(
          Array.from({ length: fibers }, (_, writer) =>
            Effect.either(
              Effect.zipRight(
                Effect.yieldNow(),
                store.insert(t, { collection, id, body: { writer }, indexes: { writer } }),
              ),
            ),
          ),
          { concurrency: "unbounded" },
        )
        const winners = outcomes.flatMap((outcome, writer) =>
          Either.isRight(outcome) ? [writer] : [],
        )
        equal(
          winners.length,
          1,
          `how many of ${fibers} concurrent inserts of ${show(id)} succeeded`,
        )
        for (const outcome of outcomes) {
          if (Either.isLeft(outcome))
            checkLoser(outcome.left, `inserting ${show(id)}`, ["Duplicate", "Conflict"])
        }
        const [writer] = winners
        yield* expectDocument(
          store,
          { tenant: t, collection, id, version: 1, body: { writer }, indexes: { writer } },
          `${show(id)} after the concurrent inserts: the winner's body`,
        )
      }
      equal(
        (yield* scanAll(store, t, collection)).length,
        5,
        "the number of documents after five rounds of concurrent inserts",
      )
    }))

  test(`${fibers} concurrent deletes of one version: exactly one succeeds`, ({ store, tenant }) =>
    Effect.gen(function* () {
      const t = tenant()
      yield* store.insert(t, { collection, id: "doc", body: {}, indexes: {} })
      const outcomes = yield* Effect.all(
        Array.from({ length: fibers }, () =>
          Effect.either(Effect.zipRight(Effect.yieldNow(), store.delete(t, collection, "doc", 1))),
        ),
        { concurrency: "unbounded" },
      )
      equal(
        outcomes.filter(Either.isRight).length,
        1,
        `how many of ${fibers} concurrent deletes succeeded`,
      )
      for (const outcome of outcomes) {
        if (Either.isLeft(outcome))
          checkLoser(outcome.left, "deleting one document concurrently", ["NotFound", "Conflict"])
      }
      yield* expectNoDocument(
        store,
        t,
        collection,
        "doc",
        "the document is still there after the concurrent deletes",
      )
    }))

  test(`${fibers} concurrent read-modify-write transactions lose no update`, ({ store, tenant }) =>
    Effect.gen(function* () {
      const t = tenant()
      yield* insertCounter(store, t)
      const outcomes = yield* Effect.all(
        Array.from({ length: fibers }, (_, writer) =>
          Effect.either(
            store.transaction(
              Effect.gen(function* () {
                const current = yield* store.get(t, collection, "counter")
                if (current === undefined)
                  return fail("the counter disappeared inside a transaction")
                yield* Effect.yieldNow()
                yield* store.update(t, {
                  collection,
                  id: "counter",
                  expectedVersion: current.version,
                  body: { total: totalOf(current.body) + writer + 1 },
                  indexes: {},
                })
              }),
            ),
          ),
        ),
        { concurrency: "unbounded" },
      )
      let expected = 0
      outcomes.forEach((outcome, writer) => {
        if (Either.isRight(outcome)) expected += writer + 1
        else
          checkLoser(outcome.left, "a read-modify-write transaction", ["Conflict", "Unavailable"])
      })
      const successes = outcomes.filter(Either.isRight).length
      check(successes >= 1, `none of ${fibers} concurrent transactions succeeded`)
      yield* expectDocument(
        store,
        { tenant: t, collection, id: "counter", version: 1 + successes, body: { total: expected } },
        `the counter after ${successes} of ${fibers} concurrent transactions succeeded`,
      )
    }))

  test("concurrent readers never see half of a transaction", ({ store, tenant }) =>
    Effect.gen(function* () {
      const t = tenant()
      const ids = ["left", "right"]
      for (const id of ids)
        yield* store.insert(t, { collection, id, body: { round: 0 }, indexes: { side: "both" } })
      const rounds = 20
      const roundOf = (body: unknown): number =>
        typeof body === "object" &&
        body !== null &&
        "round" in body &&
        typeof body.round === "number"
          ? body.round
          : -1
      const writer = Effect.gen(function* () {
        for (let round = 1; round <= rounds; round++) {
          yield* store.transaction(
            Effect.gen(function* () {
              yield* store.update(t, {
                collection,
                id: "left",
                expectedVersion: round,
                body: { round },
                indexes: { side: "both" },
              })
              yield* Effect.yieldNow()
              yield* store.update(t, {
                collection,
                id: "right",
                expectedVersion: round,
                body: { round },
                indexes: { side: "both" },
              })
            }),
          )
        }
      })
      const reader = Effect.gen(function* () {
        for (let i = 0; i < rounds; i++) {
          const many = yield* store.getMany(t, collection, ids)
          equal(
            many.map((d) => roundOf(d.body) - roundOf(many[0]?.body)),
            [0, 0],
            `getMany of both documents of one transaction (rounds ${show(many.map((d) => roundOf(d.body)))})`,
          )
          const page = yield* store.query(t, { collection, where: { side: "both" } })
          equal(
            page.documents.map((d) => roundOf(d.body) - roundOf(page.documents[0]?.body)),
            [0, 0],
            `a query of both documents of one transaction (rounds ${show(page.documents.map((d) => roundOf(d.body)))})`,
          )
          yield* Effect.yieldNow()
        }
      })
      yield* Effect.all(
        [writer, ...Array.from({ length: Math.max(1, Math.floor(fibers / 4)) }, () => reader)],
        {
          concurrency: "unbounded",
          discard: true,
        },
      )
    }))
})
