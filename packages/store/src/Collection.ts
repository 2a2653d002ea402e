/**
 * Typed collections: a schema plus index declarations over the storage port.
 * Values are encoded with the schema on write and decoded on read, so domain code
 * never sees JSON; a stored document that no longer decodes is a `Corrupt`
 * {@link StoreError}, never a crash.
 *
 * @since 0.1.0
 */
import { Errors, Ids } from "@clientele/core"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import type * as AST from "effect/SchemaAST"
import * as Stream from "effect/Stream"
import { type IndexValue, maxLimit, type RangeBound } from "./Query.js"
import {
  type Indexes,
  type Json,
  type ScanOptions,
  Store,
  type StoredDocument,
  type WriteOperation,
} from "./Store.js"
import { StoreError } from "./StoreError.js"

/**
 * A stored value with its id and version (the version to pass back when updating
 * or deleting it).
 *
 * @example
 * ```ts
 * import type { Collection } from "@clientele/store"
 *
 * const entry: Collection.Entry<{ name: string }> = { id: "cus_1", version: 2, value: { name: "Ada" } }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Entry<A> {
  readonly id: string
  readonly version: number
  readonly value: A
}

/**
 * How to build a collection: its name, its schema, where the id comes from, and
 * the index values each document declares.
 *
 * @example
 * ```ts
 * import type { Collection } from "@clientele/store"
 * import * as Schema from "effect/Schema"
 *
 * const Note = Schema.Struct({ id: Schema.String, author: Schema.String, at: Schema.Number })
 * const definition: Collection.Definition<typeof Note.Type, typeof Note.Encoded, "author" | "at"> = {
 *   name: "notes",
 *   schema: Note,
 *   id: (note) => note.id,
 *   indexes: { author: (note) => note.author, at: (note) => note.at },
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Definition<A, I, K extends string> {
  /** The collection's name in the store; unique among all collections. */
  readonly name: string
  readonly schema: Schema.Schema<A, I, never>
  readonly id: (value: A) => string
  readonly indexes?: { readonly [P in K]: (value: A) => IndexValue } | undefined
  /**
   * Whose personal data a document holds, so that an erasure (`@clientele/archive`)
   * finds it through an index instead of reading the whole collection. See
   * {@link Subject}. Leave it out for a collection that holds no one's personal data.
   */
  readonly subject?: Subject<NoInfer<K>> | undefined
}

/**
 * Where a collection's documents name the person they are about (the data subject):
 * - `{ index }`: the index's value is the customer's id;
 * - `{ index, via }`: the index's value is the id of a document of collection `via`,
 *   and the document is about that document's subject (a complaint's history entries
 *   are about the complaint's customer).
 *
 * An erasure looks the subject's documents up with these indexes; a collection with
 * personal fields and no subject cannot be erased by person (the archive package
 * reports it when its service is built).
 *
 * @example
 * ```ts
 * import type { Collection } from "@clientele/store"
 *
 * const direct: Collection.Subject<"customerId"> = { index: "customerId" }
 * const throughParent: Collection.Subject<"complaintId"> = { index: "complaintId", via: "complaints" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Subject<K extends string> {
  /** The declared index holding the subject's id, or the parent document's id. */
  readonly index: K
  /** The collection whose document the index names; absent: the index names the customer. */
  readonly via?: string | undefined
}

/**
 * Any collection, seen without its value type: what code that works across the
 * collections of every package (an erasure) needs. Every {@link Collection} is one.
 *
 * @example
 * ```ts
 * import { Collection } from "@clientele/store"
 * import * as Schema from "effect/Schema"
 *
 * const notes = Collection.make({
 *   name: "notes",
 *   schema: Schema.Struct({ id: Schema.String, customerId: Schema.String }),
 *   id: (note) => note.id,
 *   indexes: { customerId: (note) => note.customerId },
 *   subject: { index: "customerId" },
 * })
 * const sources: ReadonlyArray<Collection.AnyCollection> = [notes]
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface AnyCollection {
  readonly name: string
  readonly indexNames: ReadonlyArray<string>
  readonly subject: Subject<string> | undefined
  readonly ast: AST.AST
  readonly storedForm: (
    body: unknown,
  ) => Either.Either<{ readonly body: Json; readonly indexes: Indexes }, Errors.ValidationError>
}

/**
 * A query over a collection's declared indexes (see the `Query` module for the
 * ordering and cursor rules). A `where` value that is a list matches any of its
 * values; `undefined` puts no condition on the index.
 *
 * @example
 * ```ts
 * import type { Collection } from "@clientele/store"
 *
 * const recentByAuthors: Collection.CollectionQuery<"author" | "at"> = {
 *   where: { author: ["ada", "grace"] },
 *   orderBy: { index: "at", direction: "desc" },
 *   limit: 20,
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface CollectionQuery<K extends string> {
  readonly where?:
    | { readonly [P in K]?: IndexValue | ReadonlyArray<IndexValue> | undefined }
    | undefined
  readonly range?:
    | {
        readonly index: K
        readonly gt?: RangeBound | undefined
        readonly gte?: RangeBound | undefined
        readonly lt?: RangeBound | undefined
        readonly lte?: RangeBound | undefined
      }
    | undefined
  readonly orderBy?:
    | { readonly index: K; readonly direction?: "asc" | "desc" | undefined }
    | undefined
  readonly limit?: number | undefined
  readonly cursor?: string | null | undefined
}

/**
 * A page of typed entries; pass `cursor` back to get the next page (`null`: none).
 *
 * @example
 * ```ts
 * import type { Collection } from "@clientele/store"
 *
 * const page: Collection.EntryPage<string> = { entries: [], cursor: null }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface EntryPage<A> {
  readonly entries: ReadonlyArray<Entry<A>>
  readonly cursor: string | null
}

/**
 * A typed collection. Every operation takes the tenant first and needs the
 * `Store` service.
 *
 * @example
 * ```ts
 * import { Ids } from "@clientele/core"
 * import { Collection, MemoryStore } from "@clientele/store"
 * import * as Effect from "effect/Effect"
 * import * as Schema from "effect/Schema"
 *
 * const Customer = Schema.Struct({ id: Schema.String, name: Schema.String, tier: Schema.String })
 * const customers = Collection.make({
 *   name: "customers",
 *   schema: Customer,
 *   id: (c) => c.id,
 *   indexes: { tier: (c) => c.tier },
 * })
 * const tenant = Ids.TenantId.make("acme")
 * const program = Effect.gen(function* () {
 *   yield* customers.insert(tenant, { id: "c1", name: "Ada", tier: "gold" })
 *   const page = yield* customers.query(tenant, { where: { tier: "gold" } })
 *   return page.entries.map((entry) => entry.value.name) // ["Ada"]
 * })
 * Effect.runPromise(Effect.provide(program, MemoryStore.layer))
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Collection<A, K extends string = never> {
  readonly name: string
  readonly schema: Schema.Schema<A, unknown, never>
  /** The id a value is stored under. */
  readonly idOf: (value: A) => string
  /** The index values a value is stored with, from the collection's declared indexes. */
  readonly indexesOf: (value: A) => Indexes
  /** The names of the declared indexes, in declaration order. */
  readonly indexNames: ReadonlyArray<K>
  /** Whose personal data a document holds (see {@link Subject}); `undefined`: no one's. */
  readonly subject: Subject<K> | undefined
  /** The schema's AST, for code that walks the stored form (see {@link AnyCollection}). */
  readonly ast: AST.AST
  /**
   * Decodes a stored body and gives the body and index values it is stored with
   * (the body encoded again, the indexes computed from the decoded value); a
   * `ValidationError` naming the path if it does not decode.
   */
  readonly storedForm: (
    body: unknown,
  ) => Either.Either<{ readonly body: Json; readonly indexes: Indexes }, Errors.ValidationError>
  /** The value, or `None` if no document has this id. */
  readonly get: (
    tenant: Ids.TenantId,
    id: string,
  ) => Effect.Effect<Option.Option<Entry<A>>, StoreError, Store>
  /** The value, or a `NotFound` {@link StoreError}. */
  readonly getOrFail: (
    tenant: Ids.TenantId,
    id: string,
  ) => Effect.Effect<Entry<A>, StoreError, Store>
  /** The values that exist among `ids`, in the order asked. */
  readonly getMany: (
    tenant: Ids.TenantId,
    ids: ReadonlyArray<string>,
  ) => Effect.Effect<ReadonlyArray<Entry<A>>, StoreError, Store>
  /** Stores a new value (version 1); `Duplicate` if its id exists. */
  readonly insert: (
    tenant: Ids.TenantId,
    value: A,
  ) => Effect.Effect<Entry<A>, StoreError | Errors.ValidationError, Store>
  /**
   * Stores a value that must never change once stored — a versioned policy, whose id
   * names its version: inserts it when its id is new, returns the stored value when
   * that is equal to it (by the schema's equivalence), and fails with
   * `onChanged(stored)` when the stored value differs. Read and insert run in one
   * transaction.
   */
  readonly insertImmutable: <E>(
    tenant: Ids.TenantId,
    value: A,
    onChanged: (stored: A) => E,
  ) => Effect.Effect<A, E | StoreError | Errors.ValidationError, Store>
  /** Stores many new values at once, all or none. */
  readonly insertAll: (
    tenant: Ids.TenantId,
    values: Iterable<A>,
  ) => Effect.Effect<ReadonlyArray<Entry<A>>, StoreError | Errors.ValidationError, Store>
  /** Replaces a value whose stored version is `expectedVersion`; `Conflict` otherwise. */
  readonly update: (
    tenant: Ids.TenantId,
    value: A,
    expectedVersion: number,
  ) => Effect.Effect<Entry<A>, StoreError | Errors.ValidationError, Store>
  /**
   * Reads a value, applies `f`, and writes the result with compare-and-set. A
   * concurrent change fails with a retryable `Conflict`: retry with
   * `Effect.retry({ while: (e) => e._tag === "StoreError" && e.isRetryable })`.
   */
  readonly modify: (
    tenant: Ids.TenantId,
    id: string,
    f: (value: A) => A,
  ) => Effect.Effect<Entry<A>, StoreError | Errors.ValidationError, Store>
  /** Deletes a value whose stored version is `expectedVersion`. */
  readonly delete: (
    tenant: Ids.TenantId,
    id: string,
    expectedVersion: number,
  ) => Effect.Effect<void, StoreError | Errors.ValidationError, Store>
  /** One page of values matching a query over the declared indexes. */
  readonly query: (
    tenant: Ids.TenantId,
    query?: CollectionQuery<K>,
  ) => Effect.Effect<EntryPage<A>, StoreError | Errors.ValidationError, Store>
  /**
   * Every entry matching a query, read page by page (pages of `Query.maxLimit`) and
   * returned together: for results known to be small enough to hold at once. The
   * query's own `limit` and `cursor` are not used.
   */
  readonly queryAll: (
    tenant: Ids.TenantId,
    query?: Omit<CollectionQuery<K>, "limit" | "cursor">,
  ) => Effect.Effect<ReadonlyArray<Entry<A>>, StoreError | Errors.ValidationError, Store>
  /** Every value of the collection, in id order, read in batches. */
  readonly scan: (
    tenant: Ids.TenantId,
    options?: ScanOptions,
  ) => Stream.Stream<Entry<A>, StoreError, Store>
  /** The write operations of this collection, for `Store.bulkWrite` across collections. */
  readonly operations: {
    readonly insert: (value: A) => Either.Either<WriteOperation, Errors.ValidationError>
    readonly update: (
      value: A,
      expectedVersion: number,
    ) => Either.Either<WriteOperation, Errors.ValidationError>
    readonly delete: (id: string, expectedVersion: number) => WriteOperation
  }
}

const validId = Schema.decodeUnknownEither(Ids.IdString)

// `{ tier: undefined }` means "no condition on tier", as in an object literal built
// from optional fields; the port itself only accepts index values.
const definedValues = (
  where:
    | { readonly [index: string]: IndexValue | ReadonlyArray<IndexValue> | undefined }
    | undefined,
): Record<string, IndexValue | ReadonlyArray<IndexValue>> | undefined => {
  if (where === undefined) return undefined
  const defined: Record<string, IndexValue | ReadonlyArray<IndexValue>> = {}
  for (const [index, value] of Object.entries(where))
    if (value !== undefined) defined[index] = value
  return defined
}

/**
 * Builds a typed collection from a schema and index declarations.
 *
 * @example
 * ```ts
 * import { Collection } from "@clientele/store"
 * import * as Schema from "effect/Schema"
 *
 * const Ticket = Schema.Struct({ id: Schema.String, status: Schema.Literal("open", "closed"), openedAt: Schema.Number })
 * const tickets = Collection.make({
 *   name: "tickets",
 *   schema: Ticket,
 *   id: (t) => t.id,
 *   indexes: { status: (t) => t.status, openedAt: (t) => t.openedAt },
 * })
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = <A, I, const K extends string = never>(
  definition: Definition<A, I, K>,
): Collection<A, K> => {
  const { name, schema } = definition
  const encode = Schema.encodeEither(schema)
  const decode = Schema.decodeUnknownEither(schema)
  const indexers = Object.entries(definition.indexes ?? {}) as Array<
    [string, (value: A) => IndexValue]
  >

  const indexesOf = (value: A): Indexes => {
    const indexes: Record<string, IndexValue> = {}
    for (const [index, indexer] of indexers) indexes[index] = indexer(value)
    return indexes
  }

  const toDocument = (
    value: A,
  ): Either.Either<
    { readonly id: string; readonly body: Json; readonly indexes: Indexes },
    Errors.ValidationError
  > => {
    const id = definition.id(value)
    const checkedId = validId(id)
    if (Either.isLeft(checkedId)) {
      return Either.left(
        Errors.ValidationError.fromIssues([
          {
            path: ["id"],
            message: `${name}: the id of a value must be 1 to 256 characters without control characters`,
          },
        ]),
      )
    }
    return Either.map(
      Either.mapLeft(encode(value), Errors.ValidationError.fromParseError),
      (body) => ({ id, body: body as Json, indexes: indexesOf(value) }),
    )
  }

  const toEntry = (document: StoredDocument): Either.Either<Entry<A>, StoreError> =>
    Either.match(decode(document.body), {
      onLeft: (error) =>
        Either.left(
          new StoreError({
            reason: "Corrupt",
            message: `${name}/${document.id} no longer decodes: ${Errors.ValidationError.fromParseError(error).message}`,
            collection: name,
            id: document.id,
            cause: error,
          }),
        ),
      onRight: (value) => Either.right({ id: document.id, version: document.version, value }),
    })

  const toEntries = (documents: ReadonlyArray<StoredDocument>) =>
    Effect.forEach(documents, (document) => toEntry(document))

  const notFound = (id: string) =>
    new StoreError({
      reason: "NotFound",
      message: `${name}/${id} does not exist`,
      collection: name,
      id,
    })

  const get = (tenant: Ids.TenantId, id: string) =>
    Effect.flatMap(Store, (store) =>
      Effect.flatMap(store.get(tenant, name, id), (document) =>
        document === undefined ? Effect.succeedNone : Effect.asSome(toEntry(document)),
      ),
    )

  const insert = (tenant: Ids.TenantId, value: A) =>
    Effect.flatMap(toDocument(value), (document) =>
      Effect.flatMap(Store, (store) =>
        Effect.map(
          store.insert(tenant, { collection: name, ...document }),
          (stored): Entry<A> => ({ id: stored.id, version: stored.version, value }),
        ),
      ),
    )

  const equivalent = Schema.equivalence(schema)

  const update = (tenant: Ids.TenantId, value: A, expectedVersion: number) =>
    Effect.flatMap(toDocument(value), (document) =>
      Effect.flatMap(Store, (store) =>
        Effect.flatMap(
          store.update(tenant, { collection: name, expectedVersion, ...document }),
          (stored) => Effect.succeed<Entry<A>>({ id: stored.id, version: stored.version, value }),
        ),
      ),
    )

  const query: Collection<A, K>["query"] = (tenant, request = {}) =>
    Effect.flatMap(Store, (store) =>
      Effect.flatMap(
        store.query(tenant, { ...request, where: definedValues(request.where), collection: name }),
        (page) =>
          Effect.map(toEntries(page.documents), (entries) => ({ entries, cursor: page.cursor })),
      ),
    )

  return {
    name,
    schema: schema as Schema.Schema<A, unknown, never>,
    idOf: definition.id,
    indexesOf,
    indexNames: indexers.map(([index]) => index as K),
    subject: definition.subject,
    ast: schema.ast,
    storedForm: (body) =>
      Either.flatMap(Either.mapLeft(decode(body), Errors.ValidationError.fromParseError), (value) =>
        Either.map(
          Either.mapLeft(encode(value), Errors.ValidationError.fromParseError),
          (encoded) => ({ body: encoded as Json, indexes: indexesOf(value) }),
        ),
      ),
    get,
    getOrFail: (tenant, id) =>
      Effect.flatMap(
        get(tenant, id),
        Option.match({ onNone: () => Effect.fail(notFound(id)), onSome: Effect.succeed }),
      ),
    getMany: (tenant, ids) =>
      Effect.flatMap(Store, (store) => Effect.flatMap(store.getMany(tenant, name, ids), toEntries)),
    insert,
    insertImmutable: <E>(tenant: Ids.TenantId, value: A, onChanged: (stored: A) => E) =>
      Effect.flatMap(Store, (store) =>
        store.transaction(
          Effect.gen(function* () {
            const found = yield* get(tenant, definition.id(value))
            if (Option.isNone(found)) {
              yield* insert(tenant, value)
              return value
            }
            if (!equivalent(found.value.value, value))
              return yield* Effect.fail(onChanged(found.value.value))
            return found.value.value
          }),
        ),
      ),
    insertAll: (tenant, values) =>
      Effect.gen(function* () {
        const all = Array.from(values)
        const operations: Array<WriteOperation> = []
        for (const value of all) {
          const document = yield* toDocument(value)
          operations.push({ _tag: "Insert", collection: name, ...document })
        }
        const store = yield* Store
        yield* store.bulkWrite(tenant, operations)
        return all.map(
          (value, i): Entry<A> => ({ id: (operations[i] as WriteOperation).id, version: 1, value }),
        )
      }),
    update,
    modify: (tenant, id, f) =>
      Effect.flatMap(get(tenant, id), (found) =>
        Option.match(found, {
          onNone: () => Effect.fail(notFound(id)),
          onSome: (entry) => {
            const next = f(entry.value)
            const nextId = definition.id(next)
            return nextId === id
              ? update(tenant, next, entry.version)
              : Effect.fail(
                  Errors.ValidationError.fromIssues([
                    {
                      path: ["id"],
                      message: `${name}: modify must keep the id ${id}, got ${nextId}`,
                    },
                  ]),
                )
          },
        }),
      ),
    delete: (tenant, id, expectedVersion) =>
      Effect.flatMap(Store, (store) => store.delete(tenant, name, id, expectedVersion)),
    query,
    queryAll: (tenant, request = {}) =>
      Effect.gen(function* () {
        const entries: Array<Entry<A>> = []
        let cursor: string | null | undefined
        do {
          const page = yield* query(tenant, { ...request, limit: maxLimit, cursor })
          for (const entry of page.entries) entries.push(entry)
          cursor = page.cursor
        } while (cursor !== null)
        return entries
      }),
    scan: (tenant, options) =>
      Stream.unwrap(
        Effect.map(Store, (store) => Stream.mapEffect(store.scan(tenant, name, options), toEntry)),
      ),
    operations: {
      insert: (value) =>
        Either.map(toDocument(value), (document) => ({
          _tag: "Insert",
          collection: name,
          ...document,
        })),
      update: (value, expectedVersion) =>
        Either.map(toDocument(value), (document) => ({
          _tag: "Update",
          collection: name,
          expectedVersion,
          ...document,
        })),
      delete: (id, expectedVersion) => ({ _tag: "Delete", collection: name, id, expectedVersion }),
    },
  }
}

/**
 * Every entry matching a query that the program built itself over the collection's
 * declared indexes, read page by page like {@link Collection.queryAll}. Such a query
 * is refused only by a bug (an index the collection does not declare, a malformed
 * range), so a refusal is a defect rather than a typed `ValidationError`: services
 * use it for their own reads, and keep `queryAll` for queries built from input.
 *
 * @example
 * ```ts
 * import { Ids } from "@clientele/core"
 * import { Collection } from "@clientele/store"
 * import * as Effect from "effect/Effect"
 * import * as Schema from "effect/Schema"
 *
 * const Ticket = Schema.Struct({ id: Schema.String, status: Schema.Literal("open", "closed") })
 * const tickets = Collection.make({
 *   name: "tickets",
 *   schema: Ticket,
 *   id: (t) => t.id,
 *   indexes: { status: (t) => t.status },
 * })
 * const open = Collection.entriesOf(tickets, Ids.TenantId.make("acme"), { where: { status: "open" } })
 * // Effect<ReadonlyArray<Entry<Ticket>>, StoreError, Store>: each entry with its version
 * const versions = Effect.map(open, (entries) => entries.map((entry) => entry.version))
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const entriesOf = <A, K extends string>(
  collection: Collection<A, K>,
  tenant: Ids.TenantId,
  query: Omit<CollectionQuery<K>, "limit" | "cursor"> = {},
): Effect.Effect<ReadonlyArray<Entry<A>>, StoreError, Store> =>
  Effect.catchTag(collection.queryAll(tenant, query), "ValidationError", (error) =>
    Effect.die(error),
  )

/**
 * The values of {@link entriesOf}: every value matching a query the program built
 * itself, a refused query being a defect.
 *
 * @example
 * ```ts
 * import { Ids } from "@clientele/core"
 * import { Collection } from "@clientele/store"
 * import * as Schema from "effect/Schema"
 *
 * const Ticket = Schema.Struct({ id: Schema.String, status: Schema.Literal("open", "closed") })
 * const tickets = Collection.make({
 *   name: "tickets",
 *   schema: Ticket,
 *   id: (t) => t.id,
 *   indexes: { status: (t) => t.status },
 * })
 * const open = Collection.valuesOf(tickets, Ids.TenantId.make("acme"), { where: { status: "open" } })
 * // Effect<ReadonlyArray<Ticket>, StoreError, Store>
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const valuesOf = <A, K extends string>(
  collection: Collection<A, K>,
  tenant: Ids.TenantId,
  query: Omit<CollectionQuery<K>, "limit" | "cursor"> = {},
): Effect.Effect<ReadonlyArray<A>, StoreError, Store> =>
  Effect.map(entriesOf(collection, tenant, query), (entries) => entries.map((entry) => entry.value))
