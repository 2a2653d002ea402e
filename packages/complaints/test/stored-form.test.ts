/**
 * Intake writes its complaints, history entries, idempotency keys and contacts as
 * they are, without the schemas' walk (the hot path of `intakeAll`), and the sweep
 * its notifications and settled complaints. These properties prove that what they
 * store is valid and exactly the schemas' encoded form, for any intake the boundary
 * accepts.
 */
import { MemoryStore, Store } from "@clientele/store"
import * as Arbitrary from "effect/Arbitrary"
import * as Effect from "effect/Effect"
import * as FastCheck from "effect/FastCheck"
import * as Schema from "effect/Schema"
import { describe, expect, it } from "vitest"
import { Category, Complaints, Handling } from "../src/index.js"
import * as collections from "../src/internal/collections.js"
import { settings, tenant } from "./fixtures.js"

/** Categories an intake may name without an out-of-stock request. */
const plainCategories = Category.builtIn
  .filter((category) => category.outOfStock !== true)
  .map((category) => category.id)

/** Intakes from the schema, their category from the taxonomy and root cause from the catalogue. */
const intakes = FastCheck.array(
  FastCheck.record({
    intake: Arbitrary.make(Handling.Intake),
    category: FastCheck.constantFrom(...plainCategories),
    rootCause: FastCheck.option(
      FastCheck.constantFrom(...settings.rootCauses.map((cause) => cause.code)),
      { nil: undefined },
    ),
  }).map(({ intake, category, rootCause }): Handling.Intake => {
    const { outOfStock: _outOfStock, rootCause: _rootCause, ...rest } = intake
    return { ...rest, category, ...(rootCause !== undefined ? { rootCause } : {}) }
  }),
  { minLength: 1, maxLength: 6 },
).map((batch) =>
  // distinct keys: a key used twice for different intakes is refused (CMP-2)
  batch.map((intake, i) => ({ ...intake, idempotencyKey: `${i}-${intake.idempotencyKey}` })),
)

const written = [
  [collections.complaints.name, collections.complaints.schema],
  [collections.history.name, collections.history.schema],
  [collections.intakeKeys.name, collections.intakeKeys.schema],
  [collections.contacts.name, collections.contacts.schema],
  [collections.notifications.name, collections.notifications.schema],
] as const

/** Late enough for every first response of a batch received now to be breached. */
const afterEveryDeadline = () => Date.now() + 400 * 86_400_000

describe("stored form of intake", () => {
  it("CMP-2 intake and the sweep store each complaint, history entry, key, contact and notification as its schema's valid encoded form (property)", async () => {
    await FastCheck.assert(
      FastCheck.asyncProperty(intakes, async (batch) => {
        const store = Effect.runSync(MemoryStore.make)
        const service = Effect.runSync(
          Effect.provideService(Complaints.make(settings), Store.Store, store),
        )
        const received = await Effect.runPromise(
          service.intakeAll(
            tenant,
            batch.map((intake) => Schema.encodeSync(Handling.Intake)(intake)),
          ),
        )
        expect(received).toHaveLength(batch.length)
        const swept = await Effect.runPromise(service.sweep(tenant, afterEveryDeadline()))
        expect(swept.notifications.length).toBeGreaterThanOrEqual(batch.length)
        let documents = 0
        for (const [name, schema] of written) {
          const stored = await Effect.runPromise(
            store.query(tenant, { collection: name, limit: 1_000 }),
          )
          for (const document of stored.documents) {
            documents++
            const decoded = Schema.decodeUnknownSync(schema as Schema.Schema<unknown, unknown>)(
              document.body,
            )
            const encoded = Schema.encodeSync(schema as Schema.Schema<unknown, unknown>)(decoded)
            expect(encoded as Store.Json).toStrictEqual(document.body)
          }
        }
        expect(documents).toBeGreaterThanOrEqual(5)
      }),
      { numRuns: 60 },
    )
  })
})
