import { Ids } from "@clientele/core"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import { Collection, MemoryStore, Store } from "../src/index.js"

const tenant = Ids.TenantId.make("acme")
const other = Ids.TenantId.make("globex")

const Customer = Schema.Struct({
  id: Ids.CustomerId,
  name: Schema.NonEmptyString,
  tier: Schema.Literal("major", "general", "potential"),
  since: Schema.DateFromNumber,
})
type Customer = typeof Customer.Type

const customers = Collection.make({
  name: "customers",
  schema: Customer,
  id: (c) => c.id,
  indexes: { tier: (c) => c.tier, since: (c) => c.since.getTime() },
})

const ada: Customer = {
  id: Ids.CustomerId.make("cus_ada"),
  name: "Ada",
  tier: "major",
  since: new Date("2024-01-02T03:04:05Z"),
}
const grace: Customer = {
  ...ada,
  id: Ids.CustomerId.make("cus_grace"),
  name: "Grace",
  tier: "general",
}

const run = <A, E>(effect: Effect.Effect<A, E, Store.Store>) =>
  Effect.provide(effect, MemoryStore.layer)

describe("Collection", () => {
  it("idOf and indexesOf give the id and index values a value is stored with", () => {
    expect(customers.idOf(grace)).toBe("cus_grace")
    expect(customers.indexesOf(grace)).toEqual({ tier: "general", since: grace.since.getTime() })
  })

  it("indexNames lists the declared indexes and subject says whose data a document holds", () => {
    expect(customers.indexNames).toEqual(["tier", "since"])
    expect(customers.subject).toBeUndefined()
    const Entry = Schema.Struct({
      id: Schema.String,
      customerId: Schema.String,
      note: Schema.String,
    })
    const notes = Collection.make({
      name: "customer-notes",
      schema: Entry,
      id: (entry) => entry.id,
      indexes: { customerId: (entry) => entry.customerId },
      subject: { index: "customerId" },
    })
    const replies = Collection.make({
      name: "note-replies",
      schema: Schema.Struct({ id: Schema.String, noteId: Schema.String }),
      id: (reply) => reply.id,
      indexes: { noteId: (reply) => reply.noteId },
      subject: { index: "noteId", via: "customer-notes" },
    })
    expect(notes.subject).toEqual({ index: "customerId" })
    expect(replies.subject).toEqual({ index: "noteId", via: "customer-notes" })
  })

  it("storedForm decodes a stored body and gives it back with its index values, or names the bad path", () => {
    const sources: ReadonlyArray<Collection.AnyCollection> = [customers]
    const body = { id: "cus_ada", name: "Ada", tier: "major", since: 1_704_164_645_000 }
    expect(sources[0]?.storedForm(body)).toEqual(
      Either.right({ body, indexes: { tier: "major", since: 1_704_164_645_000 } }),
    )
    const refused = customers.storedForm({ ...body, tier: "gold" })
    expect(Either.isLeft(refused) && refused.left.issues[0]?.path).toEqual(["tier"])
  })

  it.effect("encodes on write and decodes on read: domain code never sees JSON", () =>
    run(
      Effect.gen(function* () {
        yield* customers.insert(tenant, ada)
        const stored = yield* Effect.flatMap(Store.Store, (store) =>
          store.get(tenant, "customers", "cus_ada"),
        )
        expect(stored?.body).toEqual({
          id: "cus_ada",
          name: "Ada",
          tier: "major",
          since: ada.since.getTime(),
        })
        expect(stored?.indexes).toEqual({ tier: "major", since: ada.since.getTime() })
        const entry = yield* customers.getOrFail(tenant, "cus_ada")
        expect(entry.value.since).toBeInstanceOf(Date)
        expect(entry).toEqual({ id: "cus_ada", version: 1, value: ada })
      }),
    ),
  )

  it.effect("reports a stored document that no longer decodes as a Corrupt store error", () =>
    run(
      Effect.gen(function* () {
        const store = yield* Store.Store
        yield* store.insert(tenant, {
          collection: "customers",
          id: "cus_old",
          body: { id: "cus_old", name: "", tier: "gold", since: "yesterday" },
          indexes: { tier: "gold" },
        })
        const error = yield* Effect.flip(customers.get(tenant, "cus_old"))
        expect(error._tag).toBe("StoreError")
        if (error._tag === "StoreError") {
          expect(error.reason).toBe("Corrupt")
          expect(error.id).toBe("cus_old")
          expect(error.isRetryable).toBe(false)
          expect(error.message).toContain("name")
        }
        const scanned = yield* Effect.flip(Stream.runCollect(customers.scan(tenant)))
        expect(scanned.reason).toBe("Corrupt")
        const page = yield* Effect.flip(customers.query(tenant, { where: { tier: "gold" } }))
        expect(page._tag === "StoreError" && page.reason).toBe("Corrupt")
      }),
    ),
  )

  it.effect("refuses a value its schema cannot encode, naming the field, and writes nothing", () =>
    run(
      Effect.gen(function* () {
        const bad = { ...ada, name: "" } as Customer
        const error = yield* Effect.flip(customers.insert(tenant, bad))
        expect(error._tag).toBe("ValidationError")
        if (error._tag === "ValidationError") expect(error.issues[0]?.path).toEqual(["name"])
        expect(Option.isNone(yield* customers.get(tenant, ada.id))).toBe(true)
      }),
    ),
  )

  it.effect("refuses an id that is empty or has control characters", () =>
    run(
      Effect.gen(function* () {
        const error = yield* Effect.flip(
          customers.insert(tenant, { ...ada, id: "a\nb" as Ids.CustomerId }),
        )
        expect(error._tag).toBe("ValidationError")
      }),
    ),
  )

  it.effect("updates by compare-and-set and reports a stale version as a retryable Conflict", () =>
    run(
      Effect.gen(function* () {
        const first = yield* customers.insert(tenant, ada)
        const second = yield* customers.update(tenant, { ...ada, tier: "general" }, first.version)
        expect(second.version).toBe(2)
        const stale = yield* Effect.flip(
          customers.update(tenant, { ...ada, tier: "potential" }, first.version),
        )
        expect(stale._tag === "StoreError" && stale.reason).toBe("Conflict")
        expect(stale._tag === "StoreError" && stale.isRetryable).toBe(true)
        expect((yield* customers.getOrFail(tenant, ada.id)).value.tier).toBe("general")
      }),
    ),
  )

  it.effect("modify reads, applies and writes with the version it read", () =>
    run(
      Effect.gen(function* () {
        yield* customers.insert(tenant, ada)
        const modified = yield* customers.modify(tenant, ada.id, (c) => ({ ...c, name: "Ada L." }))
        expect(modified).toMatchObject({ version: 2, value: { name: "Ada L." } })
        const missing = yield* Effect.flip(customers.modify(tenant, "cus_none", (c) => c))
        expect(missing._tag === "StoreError" && missing.reason).toBe("NotFound")
        const renamed = yield* Effect.flip(
          customers.modify(tenant, ada.id, (c) => ({ ...c, id: Ids.CustomerId.make("cus_x") })),
        )
        expect(renamed._tag).toBe("ValidationError")
      }),
    ),
  )

  it.effect("insertAll writes all values or none", () =>
    run(
      Effect.gen(function* () {
        yield* customers.insert(tenant, grace)
        const error = yield* Effect.flip(customers.insertAll(tenant, [ada, grace]))
        expect(error._tag === "StoreError" && error.reason).toBe("Duplicate")
        expect(Option.isNone(yield* customers.get(tenant, ada.id))).toBe(true)
        const entries = yield* customers.insertAll(tenant, [ada])
        expect(entries).toEqual([{ id: ada.id, version: 1, value: ada }])
      }),
    ),
  )

  it.effect(
    "insertImmutable stores a value once, accepts it again unchanged, and refuses a changed one",
    () =>
      run(
        Effect.gen(function* () {
          const changed = (stored: Customer) => ({ _tag: "Changed" as const, stored })
          expect(yield* customers.insertImmutable(tenant, ada, changed)).toEqual(ada)
          // Equal by the schema's equivalence, though a different Date object.
          const again = { ...ada, since: new Date(ada.since.getTime()) }
          expect(yield* customers.insertImmutable(tenant, again, changed)).toEqual(ada)
          const refused = yield* Effect.flip(
            customers.insertImmutable(tenant, { ...ada, tier: "general" }, changed),
          )
          expect(refused).toEqual({ _tag: "Changed", stored: ada })
          const stored = yield* customers.getOrFail(tenant, ada.id)
          expect(stored).toEqual({ id: ada.id, version: 1, value: ada })
        }),
      ),
  )

  it.effect("queryAll reads every page of a query, in the query's order, for one tenant", () =>
    run(
      Effect.gen(function* () {
        const many = Array.from(
          { length: 10_050 },
          (_, i): Customer => ({
            ...ada,
            id: Ids.CustomerId.make(`cus_${String(i).padStart(5, "0")}`),
            tier: i % 3 === 0 ? "major" : "general",
            since: new Date(Date.UTC(2024, 0, 1) + i * 60_000),
          }),
        )
        yield* customers.insertAll(tenant, many)
        yield* customers.insert(other, grace)
        const all = yield* customers.queryAll(tenant)
        expect(all.map((entry) => entry.id)).toEqual(many.map((c) => c.id))
        const majors = yield* customers.queryAll(tenant, {
          where: { tier: "major" },
          orderBy: { index: "since", direction: "desc" },
        })
        expect(majors.map((entry) => entry.id)).toEqual(
          many
            .filter((c) => c.tier === "major")
            .map((c) => c.id)
            .reverse(),
        )
        expect(yield* customers.queryAll(other)).toEqual([
          { id: grace.id, version: 1, value: grace },
        ])
      }),
    ),
  )

  it.effect(
    "entriesOf and valuesOf read a program's own query like queryAll, and a query the collection refuses is a defect",
    () =>
      run(
        Effect.gen(function* () {
          yield* customers.insertAll(tenant, [ada, grace])
          yield* customers.insert(other, { ...ada, name: "Other Ada" })
          const entries = yield* Collection.entriesOf(customers, tenant, {
            where: { tier: "general" },
          })
          expect(entries).toEqual([{ id: grace.id, version: 1, value: grace }])
          expect(yield* Collection.valuesOf(customers, tenant)).toEqual([ada, grace])
          // A range without a bound: the query's author made a mistake.
          const unbounded = { range: { index: "since" } } as unknown as Parameters<
            typeof customers.queryAll
          >[1]
          const refused = yield* Effect.exit(Collection.valuesOf(customers, tenant, unbounded))
          expect(refused._tag).toBe("Failure")
          if (refused._tag === "Failure") {
            expect(refused.cause._tag).toBe("Die")
            expect(yield* Effect.either(customers.queryAll(tenant, unbounded))).toMatchObject({
              _tag: "Left",
              left: { _tag: "ValidationError" },
            })
          }
        }),
      ),
  )

  it.effect(
    "queries by declared indexes, ignores undefined conditions, and keeps tenants apart",
    () =>
      run(
        Effect.gen(function* () {
          yield* customers.insertAll(tenant, [ada, grace])
          yield* customers.insert(other, { ...ada, name: "Other Ada" })
          const majors = yield* customers.query(tenant, {
            where: { tier: "major", since: undefined },
          })
          expect(majors.entries.map((e) => e.value.name)).toEqual(["Ada"])
          const all = yield* customers.query(tenant, { orderBy: { index: "since" } })
          expect(all.entries.map((e) => e.id)).toEqual(["cus_ada", "cus_grace"])
          const many = yield* customers.getMany(tenant, ["cus_grace", "cus_none", "cus_ada"])
          expect(many.map((e) => e.id)).toEqual(["cus_grace", "cus_ada"])
        }),
      ),
  )

  it.effect("queries any of a list of values of a declared index", () =>
    run(
      Effect.gen(function* () {
        yield* customers.insertAll(tenant, [
          ada,
          grace,
          { ...ada, id: Ids.CustomerId.make("cus_lin"), tier: "potential" },
        ])
        const tiers: ReadonlyArray<Customer["tier"]> = ["general", "major"]
        const page = yield* customers.query(tenant, { where: { tier: tiers, since: undefined } })
        expect(page.entries.map((e) => e.id)).toEqual(["cus_ada", "cus_grace"])
        const none = yield* customers.query(tenant, { where: { tier: [] } })
        expect(none.entries).toEqual([])
      }),
    ),
  )

  it.effect("builds write operations for bulk writes across collections", () =>
    run(
      Effect.gen(function* () {
        const store = yield* Store.Store
        const insert = Either.getOrThrow(customers.operations.insert(ada))
        yield* store
          .bulkWrite(tenant, [insert, customers.operations.delete("cus_none", 1)])
          .pipe(Effect.flip)
        expect(Option.isNone(yield* customers.get(tenant, ada.id))).toBe(true)
        yield* store.bulkWrite(tenant, [insert])
        const update = Either.getOrThrow(customers.operations.update({ ...ada, name: "A" }, 1))
        yield* store.bulkWrite(tenant, [update])
        expect((yield* customers.getOrFail(tenant, ada.id)).value.name).toBe("A")
        expect(Either.isLeft(customers.operations.insert({ ...ada, name: "" }))).toBe(true)
      }),
    ),
  )
})
