/**
 * The schema round-trip group: values drawn from arbitraries derived from schemas
 * (`Arbitrary.make`) go into typed collections and come back equal by every read
 * path; underneath, the body the adapter keeps is exactly the schema's encoded form.
 * The schemas cover what domain packages use: nested structs, arrays, optional
 * fields (absent, and present as `undefined`-free), unions of tagged structs,
 * branded ids, literals, `null`s, records, tuples, dates, bigints, classes and
 * Option fields.
 */

import { isDeepStrictEqual } from "node:util"
import { Ids } from "@clientele/core"
import * as Arbitrary from "effect/Arbitrary"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as FastCheck from "effect/FastCheck"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as Collection from "../../Collection.js"
import type { IndexValue } from "../../Query.js"
import { type Json, Store, type StorePort } from "../../Store.js"
import { equal, fail, show } from "./assert.js"
import {
  checkProperty,
  defineGroup,
  type Group,
  type Settings,
  type TestContext,
} from "./harness.js"
import * as Values from "./values.js"

/** A finite number that is never -0: JSON has no -0, so no store can give it back. */
const Finite = Schema.Finite.annotations({
  arbitrary: () => (fc) =>
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? 0 : n)),
})

/** Text over all of Unicode (no lone surrogates; U+0000 only where the adapter stores it). */
const textSchema = (settings: Settings) =>
  Schema.String.annotations({
    arbitrary: () => () => Values.text(settings.supportsNulCharacter, 16),
  })

/** A date between the years 1000 and 9000 (valid, and an ISO string of the usual shape). */
const DateField = Schema.Date.annotations({
  arbitrary: () => (fc) =>
    fc.date({
      min: new Date("1000-01-01T00:00:00.000Z"),
      max: new Date("9000-01-01T00:00:00.000Z"),
      noInvalidDate: true,
    }),
})

/**
 * A record key. `__proto__` is left out: it is a fine stored key (the hostile-values
 * group stores it), but decoding a record assigns keys, and assigning `__proto__`
 * sets the prototype instead, which is the schema library's business, not the store's.
 */
const RecordKey = Schema.String.annotations({
  arbitrary: () => (fc) => fc.string().filter((key) => key !== "__proto__"),
})

class Address extends Schema.Class<Address>("Address")({
  street: Schema.String,
  city: Schema.String,
  postcode: Schema.optionalWith(Schema.String, { exact: true }),
  geo: Schema.NullOr(Schema.Tuple(Finite, Finite)),
}) {}

const customerSchema = (settings: Settings) => {
  const Text = textSchema(settings)
  return Schema.Struct({
    id: Ids.CustomerId,
    name: Text,
    email: Schema.optionalWith(Schema.String, { exact: true }),
    nickname: Schema.optionalWith(Text, { exact: true }),
    tier: Schema.Literal("bronze", "silver", "gold", "platinum"),
    tags: Schema.Array(Text),
    address: Schema.optionalWith(Address, { exact: true }),
    joinedAt: DateField,
    lifetimeSpend: Schema.BigInt,
    score: Finite,
    visits: Schema.Int,
    preferences: Schema.Record({
      key: RecordKey,
      value: Schema.Union(Schema.Boolean, Finite, Schema.Null),
    }),
    referrer: Schema.OptionFromNullOr(Ids.CustomerId),
    notes: Schema.Array(
      Schema.Struct({ at: Schema.DateFromNumber.pipe(Schema.validDate()), text: Text }),
    ),
  })
}

const Opened = Schema.TaggedStruct("Opened", {
  channel: Schema.Literal("phone", "email", "web"),
  subject: Schema.String,
})
const Escalated = Schema.TaggedStruct("Escalated", {
  level: Schema.Int,
  reason: Schema.NullOr(Schema.String),
})
const Closed = Schema.TaggedStruct("Closed", {
  resolution: Schema.Union(
    Schema.Literal("resolved", "withdrawn"),
    Schema.Struct({ refund: Schema.BigInt }),
  ),
})

const caseSchema = (settings: Settings) =>
  Schema.Struct({
    id: Ids.ComplaintId,
    customer: Ids.CustomerId,
    history: Schema.NonEmptyArray(Schema.Union(Opened, Escalated, Closed)),
    openedAt: DateField,
    deadline: Schema.optionalWith(DateField, { nullable: true, exact: true }),
    matrix: Schema.Array(Schema.Array(Schema.Int)),
    attachment: Schema.Union(
      Schema.Null,
      Schema.Struct({ name: textSchema(settings), bytes: Schema.Int }),
    ),
  })

/** Compares a decoded value with the original (class instances, dates, bigints and Options included). */
const sameValue = (actual: unknown, expected: unknown, what: string): void => {
  if (!isDeepStrictEqual(actual, expected)) {
    fail(
      `${what}: the value read back differs from the one written: expected ${show(expected, 600)}, got ${show(actual, 600)}`,
    )
  }
}

interface Case<A> {
  readonly title: string
  readonly collection: Collection.Collection<A, "primary" | "secondary">
  readonly arbitrary: FastCheck.Arbitrary<A>
}

/**
 * A case over a schema whose values carry their own id: a collection keyed and
 * indexed (`primary`) by that id, with a `secondary` index, and values drawn from
 * the schema's arbitrary.
 */
const caseOf = <A extends { readonly id: string }, I>(
  title: string,
  name: string,
  schema: Schema.Schema<A, I>,
  secondary: (value: A) => IndexValue,
): Case<A> => ({
  title,
  collection: Collection.make({
    name,
    schema,
    id: (value) => value.id,
    indexes: { primary: (value) => value.id, secondary },
  }),
  arbitrary: Arbitrary.make(schema),
})

/** Values with distinct ids, so a batch can be inserted together. */
const distinctValues = <A>(c: Case<A>) =>
  FastCheck.uniqueArray(c.arbitrary, {
    minLength: 1,
    maxLength: 6,
    selector: (value) => c.collection.idOf(value),
  })

const roundTrip = <A>(context: TestContext, c: Case<A>) =>
  checkProperty(context, FastCheck.tuple(distinctValues(c), c.arbitrary), ([values, replacement]) =>
    Effect.gen(function* () {
      const tenant = Ids.TenantId.make(context.tenant("schema"))
      const { collection } = c
      const [first, ...rest] = values
      if (first === undefined) return
      yield* collection.insert(tenant, first)
      yield* collection.insertAll(tenant, rest)
      for (const value of values) {
        const id = collection.idOf(value)
        const found = yield* collection.get(tenant, id)
        if (Option.isNone(found))
          return fail(`${c.title}: get(${show(id)}) found nothing after insert`)
        sameValue(found.value.value, value, `${c.title}, read by get`)
        equal(found.value.version, 1, `${c.title}: the version after insert`)
      }
      const reversed = [...values].reverse()
      const ids = reversed.map((value) => collection.idOf(value))
      const many = yield* collection.getMany(tenant, ids)
      equal(
        many.map((entry) => entry.id),
        ids,
        `${c.title}: getMany ids`,
      )
      for (const [i, entry] of many.entries()) {
        sameValue(entry.value, reversed[i], `${c.title}, read by getMany`)
      }
      const scanned = Chunk.toReadonlyArray(
        yield* Stream.runCollect(collection.scan(tenant, { batchSize: 2 })),
      )
      equal(scanned.length, values.length, `${c.title}: how many values scan returns`)
      for (const entry of scanned) {
        const original = values.find((value) => collection.idOf(value) === entry.id)
        sameValue(entry.value, original, `${c.title}, read by scan`)
      }
      for (const value of values) {
        const page = yield* collection.query(tenant, {
          where: { primary: collection.idOf(value) },
          limit: 10,
        })
        equal(
          page.entries.map((entry) => entry.id),
          [collection.idOf(value)],
          `${c.title}: query by the indexed id`,
        )
        sameValue(page.entries[0]?.value, value, `${c.title}, read by query`)
      }
      // an update replaces the first value with another one under the same id
      const next = yield* reId(c, replacement, collection.idOf(first))
      yield* collection.update(tenant, next, 1)
      const after = yield* collection.getOrFail(tenant, collection.idOf(first))
      equal(after.version, 2, `${c.title}: the version after update`)
      sameValue(after.value, next, `${c.title}, read after update`)
    }).pipe(Effect.provideService(Store, context.store)),
  )

/** The same value under another id (through the encoded form, so any schema works). */
const reId = <A>(c: Case<A>, value: A, id: string) =>
  Effect.gen(function* () {
    const schema = c.collection.schema as Schema.Schema<A, unknown>
    const encoded = yield* Schema.encode(schema)(value)
    if (typeof encoded !== "object" || encoded === null)
      return fail(`${c.title}: an encoded value is not an object`)
    return yield* Schema.decodeUnknown(schema)({ ...encoded, id })
  })

/** Writes a value's encoded form through the port and checks the port gives back exactly that form. */
const keepsEncodedForm = <A, I>(
  store: StorePort,
  tenant: string,
  collection: string,
  schema: Schema.Schema<A, I>,
  value: A,
  id: string,
) =>
  Effect.gen(function* () {
    const encoded = Schema.encodeSync(schema)(value)
    // the suite's schemas encode to JSON only: strings, finite numbers, booleans, null, arrays, objects
    const body = encoded as Json
    yield* store.insert(tenant, { collection, id, body, indexes: {} })
    const stored = yield* store.get(tenant, collection, id)
    if (stored === undefined) return fail(`${collection}: the encoded document is missing`)
    equal(stored.body, encoded, `${collection}: the stored body against the schema's encoded form`)
    sameValue(
      Schema.decodeUnknownSync(schema)(stored.body),
      value,
      `${collection}: decoding the stored body`,
    )
  })

/** The schema round-trip group. */
export const schemaRoundTrip: Group = defineGroup("schema round-trip", (test, settings) => {
  const Customer = customerSchema(settings)
  const Case = caseSchema(settings)
  const customers = caseOf("customers", "customers", Customer, (customer) => customer.tier)
  const cases = caseOf("complaint cases", "cases", Case, (c) => c.openedAt.getTime())

  test("customer values (structs, optional fields, brands, dates, bigints, classes, Options) round-trip (property)", (context) =>
    roundTrip(context, customers))

  test("complaint values (tagged unions, nested arrays, nullable fields) round-trip (property)", (context) =>
    roundTrip(context, cases))

  test("the adapter keeps exactly the schema's encoded form (property)", (context) =>
    checkProperty(
      context,
      FastCheck.tuple(customers.arbitrary, cases.arbitrary),
      ([customer, complaint]) =>
        Effect.gen(function* () {
          const { store } = context
          const tenant = context.tenant("encoded")
          yield* keepsEncodedForm(store, tenant, "customers", Customer, customer, customer.id)
          yield* keepsEncodedForm(store, tenant, "cases", Case, complaint, complaint.id)
        }),
    ))
})
