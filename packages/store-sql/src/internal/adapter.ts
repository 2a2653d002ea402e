/**
 * The storage port over an `@effect/sql` `SqlClient`, written once for SQLite and
 * PostgreSQL.
 *
 * Tables: `documents` holds one row per document (body and index values as JSON
 * text); `index_entries` holds one row per document and index name with the value
 * split into (kind, num, str) so that one B-tree orders `null` < numbers < strings
 * exactly as the port does; `index_names` lists, per collection, every index name
 * any of its documents declared. Every document has an entry for every listed name
 * of its collection (`null` where it declares none), so a query's equality, range
 * and order are all answered from the entries' index, nulls included. A name seen
 * for the first time is listed and back-filled with nulls inside the writing
 * transaction; writers hold a per-collection lock (PostgreSQL: a shared advisory
 * lock, exclusive while listing a name; SQLite: the database's write lock) so no
 * document is written with a stale list.
 */
import { Errors } from "@clientele/core"
import { Query, Store, StoreError } from "@clientele/store"
import * as SqlClient from "@effect/sql/SqlClient"
import { SqlErrorTypeId } from "@effect/sql/SqlError"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { toStoreError } from "./classify.js"
import { compileOrderedProbe, compileQuery, entryKey, Params } from "./compile.js"
import { type Dialect, lockKeyOf, type Tables } from "./dialect.js"

type Json = Store.Json
type StoredDocument = Store.StoredDocument
type WriteOperation = Store.WriteOperation
type Failure = StoreError.StoreError | Errors.ValidationError

/** A row of an ordered probe: an entry's document, `version` null where it does not match. */
interface ProbeRow {
  readonly id: string
  readonly version: number | string | null
  readonly body: string | null
  readonly indexes: string | null
}

interface DocumentRow {
  readonly collection?: string
  readonly id: string
  readonly version: number | string
  readonly body: string
  readonly indexes: string
}

/** Whether a value is an `@effect/sql` `SqlError` (from any copy of the package). */
export const isSqlError = (u: unknown): boolean =>
  typeof u === "object" && u !== null && SqlErrorTypeId in u

/** Fails with the classified `StoreError`, or dies for an error only a bug causes. */
export const failWithStoreError = (
  error: unknown,
  where?: { readonly collection?: string | undefined; readonly id?: string | undefined },
): Effect.Effect<never, StoreError.StoreError> => {
  const classified = toStoreError(error, where)
  return classified === undefined ? Effect.die(error) : Effect.fail(classified)
}

const corrupt = (row: DocumentRow, collection: string, cause: unknown) =>
  new StoreError.StoreError({
    reason: "Corrupt",
    message: `the stored row of ${collection}/${row.id} is not valid JSON`,
    collection,
    id: row.id,
    cause,
  })

// the length prefix keeps keys apart whatever characters the names hold
const keyOf = (collection: string, id: string) => `${collection.length}:${collection}${id}`

const chunksOf = <A>(items: ReadonlyArray<A>, size: number): Array<ReadonlyArray<A>> => {
  const chunks: Array<ReadonlyArray<A>> = []
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size))
  return chunks
}

const groupBy = <A>(items: ReadonlyArray<A>, key: (a: A) => string): Map<string, Array<A>> => {
  const groups = new Map<string, Array<A>>()
  for (const item of items) {
    const k = key(item)
    const group = groups.get(k)
    if (group === undefined) groups.set(k, [item])
    else group.push(item)
  }
  return groups
}

const utf8Bytes = (text: string): number => Buffer.byteLength(text, "utf8")

// Rows per multi-row statement: documents carry 6 parameters, entries 7.
const rowsPerStatement = 500

/** The adapter's options, after the public layer resolved them. */
export interface AdapterOptions {
  readonly sql: SqlClient.SqlClient
  readonly dialect: Dialect
  readonly tables: Tables
  /** A read-only connection of its own for reads outside transactions (SQLite files). */
  readonly reader?: Reader | undefined
}

/**
 * A synchronous read-only connection: in WAL mode it reads the last committed state
 * without waiting for the writer, and without the per-statement cost of a client.
 */
export interface Reader {
  readonly all: (text: string, params: ReadonlyArray<unknown>) => ReadonlyArray<object>
}

/** Makes the storage port over a SQL client whose schema is migrated. */
export const makeAdapter = ({
  sql,
  dialect,
  tables: t,
  reader,
}: AdapterOptions): Store.StorePort => {
  const lockKey = lockKeyOf(t.prefix)

  const run = <A extends object>(
    text: string,
    params: ReadonlyArray<unknown>,
    where?: { readonly collection?: string | undefined; readonly id?: string | undefined },
  ): Effect.Effect<ReadonlyArray<A>, StoreError.StoreError> =>
    Effect.catchAll(sql.unsafe<A>(text, dialect.bind(params)), (error) =>
      failWithStoreError(error, where),
    )

  /** A read: on the reader outside transactions, else where the writes go. */
  const read = <A extends object>(
    text: string,
    params: ReadonlyArray<unknown>,
    where?: { readonly collection?: string | undefined; readonly id?: string | undefined },
  ): Effect.Effect<ReadonlyArray<A>, StoreError.StoreError> =>
    reader === undefined
      ? run<A>(text, params, where)
      : Effect.flatMap(Effect.serviceOption(SqlClient.TransactionConnection), (transaction) => {
          if (Option.isSome(transaction)) return run<A>(text, params, where)
          try {
            return Effect.succeed(reader.all(text, dialect.bind(params)) as ReadonlyArray<A>)
          } catch (error) {
            return failWithStoreError(error, where)
          }
        })

  const toDocument = (
    tenant: string,
    collection: string,
    row: DocumentRow,
  ): Either.Either<StoredDocument, StoreError.StoreError> => {
    try {
      return Either.right({
        tenant,
        collection,
        id: row.id,
        version: Number(row.version),
        body: JSON.parse(row.body) as Json,
        indexes: JSON.parse(row.indexes) as Store.Indexes,
      })
    } catch (cause) {
      return Either.left(corrupt(row, collection, cause))
    }
  }

  const toDocuments = (tenant: string, collection: string, rows: ReadonlyArray<DocumentRow>) =>
    Effect.forEach(rows, (row) => toDocument(tenant, collection, row))

  /**
   * Refuses what the database cannot key: on PostgreSQL, text holding U+0000 and
   * keys longer than a B-tree entry holds (the tenant, collection and id together,
   * and each index name with its string value, at most `maxKeyBytes` of UTF-8).
   */
  const checkKeys = (
    tenant: string,
    operation: WriteOperation,
  ): Either.Either<WriteOperation, Errors.ValidationError> => {
    const max = dialect.maxKeyBytes
    if (max === undefined) return Either.right(operation)
    const refuse = (path: ReadonlyArray<string>, message: string) =>
      Either.left(Errors.ValidationError.fromIssues([{ path, message }]))
    const nul = "PostgreSQL text cannot hold U+0000"
    for (const [field, text] of [
      ["tenant", tenant],
      ["collection", operation.collection],
      ["id", operation.id],
    ] as const) {
      if (text.includes("\u0000")) return refuse([field], `contains U+0000: ${nul}`)
    }
    if (utf8Bytes(tenant) + utf8Bytes(operation.collection) + utf8Bytes(operation.id) > max) {
      return refuse(
        ["id"],
        `with the tenant and collection is longer than ${max} bytes of UTF-8, the longest key PostgreSQL indexes here`,
      )
    }
    if (operation._tag !== "Delete") {
      for (const [name, value] of Object.entries(operation.indexes)) {
        if (name.includes("\u0000"))
          return refuse(["indexes", name], `the index name contains U+0000: ${nul}`)
        if (typeof value !== "string") continue
        if (value.includes("\u0000")) return refuse(["indexes", name], `contains U+0000: ${nul}`)
        if (utf8Bytes(name) + utf8Bytes(value) > max) {
          return refuse(
            ["indexes", name],
            `with its name is longer than ${max} bytes of UTF-8, the longest index value PostgreSQL indexes here`,
          )
        }
      }
    }
    return Either.right(operation)
  }

  /** Whether the database can hold a text at all (PostgreSQL cannot hold U+0000). */
  const storable = (text: string) => dialect.name !== "pg" || !text.includes("\u0000")

  // The expected version is checked after the document is read (a wrong version of
  // an existing document is a Conflict before it is anything else), by nextDocument.
  const checkAll = (tenant: string, operations: ReadonlyArray<WriteOperation>) =>
    Effect.forEach(operations, (operation) =>
      operation._tag === "Insert"
        ? Either.flatMap(Store.checkWrite(operation), (checked) => checkKeys(tenant, checked))
        : Either.flatMap(Store.checkWrite({ ...operation, expectedVersion: 1 }), (checked) =>
            checkKeys(tenant, { ...checked, expectedVersion: operation.expectedVersion }),
          ),
    )

  /** In a transaction of the adapter's own unless one is open: joins it at a savepoint. */
  const inTransaction = <A, E, R>(effect: Effect.Effect<A, E, R>) => withSqlTransaction(sql, effect)

  // ---- index names ------------------------------------------------------------

  /** Takes the writer's locks on the collections and reads their index names. */
  const lockAndReadNames = (collections: ReadonlyArray<string>) =>
    Effect.gen(function* () {
      const p = new Params(dialect)
      let rows: ReadonlyArray<{ collection: string; name: string }>
      if (dialect.name === "pg") {
        rows = yield* run<{ collection: string; name: string }>(
          `SELECT collection, name FROM ${t.lockIndexNames}(${p.add(lockKey)}, ${p.add(collections)}::text[])`,
          p.values,
        )
      } else {
        // a write that changes nothing takes SQLite's write lock before anything is read
        yield* run(`UPDATE ${t.indexNames} SET name = name WHERE 0`, [])
        rows = yield* run<{ collection: string; name: string }>(
          `SELECT collection, name FROM ${t.indexNames} WHERE collection IN (${p.list(collections)})`,
          p.values,
        )
      }
      const names = new Map<string, Set<string>>(collections.map((c) => [c, new Set<string>()]))
      for (const row of rows) names.get(row.collection)?.add(row.name)
      return names
    })

  const readNames = (collection: string) =>
    Effect.map(
      read<{ name: string }>(
        `SELECT name FROM ${t.indexNames} WHERE collection = ${dialect.param(1)}`,
        [collection],
      ),
      (rows) => new Set(rows.map((row) => row.name)),
    )

  /** Lists new index names of a collection and gives every document a null entry for them. */
  const register = (collection: string, names: Set<string>, missing: ReadonlyArray<string>) =>
    Effect.gen(function* () {
      if (dialect.name === "pg") {
        yield* run(`SELECT pg_advisory_xact_lock($1, hashtext($2))`, [lockKey, collection])
        for (const name of yield* readNames(collection)) names.add(name)
      }
      for (const name of missing) {
        if (names.has(name)) continue
        yield* run(
          `INSERT INTO ${t.indexNames} (collection, name) VALUES (${dialect.param(1)}, ${dialect.param(2)}) ON CONFLICT DO NOTHING`,
          [collection, name],
        )
        yield* run(
          `INSERT INTO ${t.entries} (tenant, collection, id, name, kind, num, str)
           SELECT tenant, collection, id, ${dialect.param(1)}, 0, 0, '' FROM ${t.documents}
           WHERE collection = ${dialect.param(2)} ON CONFLICT DO NOTHING`,
          [name, collection],
        )
        names.add(name)
      }
    })

  // ---- writing rows -------------------------------------------------------------

  const loadCurrent = (tenant: string, keys: ReadonlyArray<readonly [string, string]>) =>
    Effect.gen(function* () {
      const current = new Map<string, StoredDocument>()
      for (const [collection, group] of groupBy(keys, ([c]) => c)) {
        for (const chunk of chunksOf(group, rowsPerStatement)) {
          const p = new Params(dialect)
          const rows = yield* run<DocumentRow>(
            `SELECT id, version, body, indexes FROM ${t.documents}
             WHERE tenant = ${p.add(tenant)} AND collection = ${p.add(collection)}
             AND id IN (${p.list(chunk.map(([, id]) => id))})${dialect.forUpdate}`,
            p.values,
            { collection },
          )
          for (const document of yield* toDocuments(tenant, collection, rows)) {
            current.set(keyOf(collection, document.id), document)
          }
        }
      }
      return current
    })

  /** Deletes rows of documents from one table, by key. */
  const deleteRows = (
    table: string,
    tenant: string,
    keys: ReadonlyArray<readonly [collection: string, id: string]>,
  ) =>
    Effect.forEach(
      groupBy(keys, ([c]) => c),
      ([collection, group]) =>
        Effect.forEach(
          chunksOf(group, rowsPerStatement),
          (chunk) => {
            const p = new Params(dialect)
            return run(
              `DELETE FROM ${table} WHERE tenant = ${p.add(tenant)} AND collection = ${p.add(collection)}
               AND id IN (${p.list(chunk.map(([, id]) => id))})`,
              p.values,
              { collection },
            )
          },
          { discard: true },
        ),
      { discard: true },
    )

  /**
   * Rewrites documents that exist (their rows are locked by the read before), in
   * place: a row deleted and inserted again would make a writer waiting on its lock
   * find it gone.
   */
  const updateRows = (documents: ReadonlyArray<StoredDocument>) =>
    Effect.forEach(
      groupBy(documents, (d) => d.collection),
      ([collection, group]) =>
        Effect.forEach(
          chunksOf(group, rowsPerStatement),
          (chunk) => {
            const p = new Params(dialect)
            const values = chunk
              .map(
                (d) =>
                  `(${dialect.cast(p.add(d.id), "text")}, ${dialect.cast(p.add(d.version), "integer")}, ${dialect.cast(p.add(JSON.stringify(d.body)), "text")}, ${dialect.cast(p.add(JSON.stringify(d.indexes)), "text")})`,
              )
              .join(", ")
            const first = chunk[0] as StoredDocument
            return run(
              `UPDATE ${t.documents} SET version = v.column2, body = v.column3, indexes = v.column4
               FROM (VALUES ${values}) AS v
               WHERE ${t.documents}.tenant = ${p.add(first.tenant)} AND ${t.documents}.collection = ${p.add(collection)}
               AND ${t.documents}.id = v.column1`,
              p.values,
              { collection },
            )
          },
          { discard: true },
        ),
      { discard: true },
    )

  /**
   * Inserts rows with multi-row statements: VALUES lists of `rowsPerStatement` rows,
   * or on PostgreSQL, for `"arrays"`, one array parameter per column expanded by
   * `unnest` (fewer parameters to bind and one statement text whatever the batch
   * size). Arrays suit short values; long texts (document bodies) go faster as
   * separate parameters, which the driver sends as they are instead of escaping each
   * into an array literal.
   */
  const insertMany = <A extends object>(
    table: string,
    columns: ReadonlyArray<
      readonly [name: string, type: "text" | "integer" | "smallint" | "double precision"]
    >,
    rows: ReadonlyArray<ReadonlyArray<unknown>>,
    options: { readonly form: "values" | "arrays"; readonly suffix: string },
  ) => {
    const arrays = dialect.name === "pg" && options.form === "arrays"
    const names = columns.map(([name]) => name).join(", ")
    return Effect.map(
      Effect.forEach(chunksOf(rows, arrays ? 5000 : rowsPerStatement), (chunk) => {
        const p = new Params(dialect)
        const source = arrays
          ? `SELECT * FROM unnest(${columns
              .map(([, type], i) => `${p.add(chunk.map((row) => row[i]))}::${type}[]`)
              .join(", ")})`
          : `VALUES ${chunk.map((row) => `(${p.list(row)})`).join(", ")}`
        return run<A>(`INSERT INTO ${table} (${names}) ${source} ${options.suffix}`, p.values)
      }),
      (results) => results.flat(),
    )
  }

  /** Inserts documents and their entries; returns the keys the database took (not the duplicates). */
  const insertRows = (
    documents: ReadonlyArray<StoredDocument>,
    names: ReadonlyMap<string, ReadonlySet<string>>,
  ) =>
    Effect.gen(function* () {
      const rows = yield* insertMany<{ collection: string; id: string }>(
        t.documents,
        [
          ["tenant", "text"],
          ["collection", "text"],
          ["id", "text"],
          ["version", "integer"],
          ["body", "text"],
          ["indexes", "text"],
        ],
        documents.map((d) => [
          d.tenant,
          d.collection,
          d.id,
          d.version,
          JSON.stringify(d.body),
          JSON.stringify(d.indexes),
        ]),
        { form: "values", suffix: "ON CONFLICT DO NOTHING RETURNING collection, id" },
      )
      const inserted = new Set(rows.map((row) => keyOf(row.collection, row.id)))
      yield* insertEntries(
        documents.filter((d) => inserted.has(keyOf(d.collection, d.id))),
        names,
      )
      return inserted
    })

  /** Inserts the index entries of documents: one per listed name of their collection. */
  const insertEntries = (
    documents: ReadonlyArray<StoredDocument>,
    names: ReadonlyMap<string, ReadonlySet<string>>,
  ) => {
    const entries: Array<ReadonlyArray<unknown>> = []
    for (const d of documents) {
      for (const name of names.get(d.collection) ?? []) {
        entries.push([
          d.tenant,
          d.collection,
          d.id,
          name,
          ...entryKey(Query.indexValue(d.indexes, name)),
        ])
      }
    }
    return Effect.asVoid(
      insertMany(
        t.entries,
        [
          ["tenant", "text"],
          ["collection", "text"],
          ["id", "text"],
          ["name", "text"],
          ["kind", "smallint"],
          ["num", "double precision"],
          ["str", "text"],
        ],
        entries,
        { form: "arrays", suffix: "" },
      ),
    )
  }

  const duplicate = (operation: WriteOperation) =>
    new StoreError.StoreError({
      reason: "Duplicate",
      message: `a document ${operation.collection}/${operation.id} already exists`,
      collection: operation.collection,
      id: operation.id,
    })

  /**
   * Applies writes atomically: every operation or none, the first failure reported.
   * Returns the document each operation leaves (`null` after a delete).
   */
  const write = (
    tenant: string,
    operations: ReadonlyArray<WriteOperation>,
  ): Effect.Effect<ReadonlyArray<StoredDocument | null>, Failure> =>
    Effect.gen(function* () {
      const checked = yield* checkAll(tenant, operations)
      if (checked.length === 0) return []
      return yield* inTransaction(
        Effect.gen(function* () {
          const collections = [...new Set(checked.map((o) => o.collection))].sort()
          const names = yield* lockAndReadNames(collections)
          for (const [collection, group] of groupBy(checked, (o) => o.collection)) {
            const known = names.get(collection) ?? new Set<string>()
            names.set(collection, known)
            const missing = new Set<string>()
            for (const o of group) {
              if (o._tag === "Delete") continue
              for (const name of Object.keys(o.indexes)) if (!known.has(name)) missing.add(name)
            }
            if (missing.size > 0) yield* register(collection, known, [...missing].sort())
          }
          const keys = checked.map((o) => [o.collection, o.id] as const)
          const distinct = new Set(keys.map(([c, id]) => keyOf(c, id)))
          // inserts of distinct ids need not read first: the insert itself finds duplicates
          const onlyInserts =
            distinct.size === keys.length && checked.every((o) => o._tag === "Insert")
          const current = onlyInserts
            ? new Map<string, StoredDocument>()
            : yield* loadCurrent(tenant, keys)
          const state = new Map<string, StoredDocument | null>()
          const results: Array<StoredDocument | null> = []
          for (const operation of checked) {
            const key = keyOf(operation.collection, operation.id)
            const before = state.has(key) ? (state.get(key) ?? undefined) : current.get(key)
            const next = yield* Store.nextDocument(tenant, operation, before)
            state.set(key, next)
            results.push(next)
          }
          const existing = [...current.values()]
          const key = (d: StoredDocument) => [d.collection, d.id] as const
          const stay = existing.filter((d) => state.get(keyOf(d.collection, d.id)) !== null)
          const gone = existing.filter((d) => state.get(keyOf(d.collection, d.id)) === null)
          yield* deleteRows(t.documents, tenant, gone.map(key))
          yield* deleteRows(t.entries, tenant, existing.map(key))
          yield* updateRows(stay.map((d) => state.get(keyOf(d.collection, d.id)) as StoredDocument))
          yield* insertEntries(
            stay.map((d) => state.get(keyOf(d.collection, d.id)) as StoredDocument),
            names,
          )
          const created = [...state.entries()].flatMap(([k, d]) =>
            d === null || current.has(k) ? [] : [d],
          )
          const inserted = yield* insertRows(created, names)
          for (const operation of checked) {
            const key = keyOf(operation.collection, operation.id)
            const final = state.get(key)
            if (final !== null && final !== undefined && !current.has(key) && !inserted.has(key)) {
              // another writer inserted this id since it was read
              return yield* Effect.fail(duplicate(operation))
            }
          }
          return results
        }),
      )
    })

  // ---- reading --------------------------------------------------------------------

  const getMany = (tenant: string, collection: string, ids: ReadonlyArray<string>) =>
    Effect.gen(function* () {
      const found = new Map<string, StoredDocument>()
      const asked =
        storable(tenant) && storable(collection) ? [...new Set(ids)].filter(storable) : []
      for (const chunk of chunksOf(asked, rowsPerStatement)) {
        const p = new Params(dialect)
        const rows = yield* read<DocumentRow>(
          `SELECT id, version, body, indexes FROM ${t.documents}
           WHERE tenant = ${p.add(tenant)} AND collection = ${p.add(collection)} AND id IN (${p.list(chunk)})`,
          p.values,
          { collection },
        )
        for (const document of yield* toDocuments(tenant, collection, rows))
          found.set(document.id, document)
      }
      return ids.flatMap((id) => {
        const document = found.get(id)
        return document === undefined ? [] : [document]
      })
    })

  const emptyPage: Store.Page = { documents: [], cursor: null }

  const query = (tenant: string, request: Query.Query): Effect.Effect<Store.Page, Failure> =>
    Effect.gen(function* () {
      const validated = yield* Query.validate(request)
      if (!storable(tenant) || !storable(validated.collection)) return emptyPage
      // A value the database cannot store is held by no document: it leaves its list,
      // and a list left empty matches nothing. The fingerprint stays the query's.
      const where: Array<readonly [string, ReadonlyArray<Query.IndexValue>]> = []
      for (const [name, values] of validated.where) {
        if (!storable(name)) return emptyPage
        const held = values.filter((value) => typeof value !== "string" || storable(value))
        if (held.length === 0) return emptyPage
        where.push([name, held])
      }
      const plan: Query.Plan = { ...validated, where }
      for (const bound of [plan.range?.gt, plan.range?.gte, plan.range?.lt, plan.range?.lte]) {
        if (typeof bound === "string" && !storable(bound)) {
          return yield* Errors.ValidationError.fromIssues([
            { path: ["range"], message: "a bound holding U+0000 cannot be compared by PostgreSQL" },
          ])
        }
      }
      const names = yield* readNames(plan.collection)
      const compiled = compileQuery(dialect, t, tenant, plan, names)
      if (compiled === undefined) return emptyPage
      const scanned = Math.max(1000, 16 * (plan.limit + 1))
      const probe = compileOrderedProbe(dialect, t, tenant, plan, names, scanned)
      if (probe !== undefined) {
        const walked = yield* read<ProbeRow>(probe.text, probe.params, {
          collection: plan.collection,
        })
        const hits = walked.filter((row): row is DocumentRow => row.version !== null)
        if (hits.length > plan.limit || walked.length < scanned) {
          return yield* pageOf(tenant, plan, hits)
        }
      }
      const rows = yield* read<DocumentRow>(compiled.text, compiled.params, {
        collection: plan.collection,
      })
      return yield* pageOf(tenant, plan, rows)
    })

  /** A page from the rows of a plan in order, one more than the page fetched if any. */
  const pageOf = (tenant: string, plan: Query.Plan, rows: ReadonlyArray<DocumentRow>) =>
    Effect.map(toDocuments(tenant, plan.collection, rows.slice(0, plan.limit)), (documents) => {
      const last = documents[documents.length - 1]
      return {
        documents,
        cursor:
          rows.length > plan.limit && last !== undefined
            ? Query.encodeCursor(plan, Query.positionOf(plan, last))
            : null,
      }
    })

  const scan = (tenant: string, collection: string, options?: Store.ScanOptions) => {
    if (!storable(tenant) || !storable(collection)) return Stream.empty
    const batchSize = Store.scanBatchSize(options)
    return Stream.paginateChunkEffect(undefined as string | undefined, (afterId) => {
      const p = new Params(dialect)
      const where = `tenant = ${p.add(tenant)} AND collection = ${p.add(collection)}`
      const cursor = afterId === undefined ? "" : ` AND id > ${p.add(afterId)}`
      const text = `SELECT id, version, body, indexes FROM ${t.documents}
        WHERE ${where}${cursor} ORDER BY id LIMIT ${p.add(batchSize)}`
      return Effect.flatMap(read<DocumentRow>(text, p.values, { collection }), (rows) =>
        Effect.map(toDocuments(tenant, collection, rows), (documents) => {
          const last = documents[documents.length - 1]
          return [
            Chunk.unsafeFromArray(documents),
            documents.length < batchSize || last === undefined
              ? Option.none()
              : Option.some(last.id),
          ] as const
        }),
      )
    })
  }

  return {
    get: (tenant, collection, id) =>
      ![tenant, collection, id].every(storable)
        ? Effect.succeed(undefined)
        : Effect.flatMap(
            read<DocumentRow>(
              `SELECT id, version, body, indexes FROM ${t.documents}
           WHERE tenant = ${dialect.param(1)} AND collection = ${dialect.param(2)} AND id = ${dialect.param(3)}`,
              [tenant, collection, id],
              { collection, id },
            ),
            (rows) => {
              const row = rows[0]
              return row === undefined
                ? Effect.succeed(undefined)
                : toDocument(tenant, collection, row)
            },
          ),
    getMany,
    ...Store.writeMethods(write),
    query,
    scan,
    transaction: (effect) => inTransaction(effect),
    // SQLite overwrites freed cells with zeros (secure_delete, set when the client is
    // opened) but its write-ahead log keeps the older page images until a checkpoint
    // copies the log back and truncates it. PostgreSQL's dead rows are out of reach
    // of every query and reclaimed by VACUUM: nothing to do here.
    ...(dialect.name === "sqlite"
      ? { eraseFreedSpace: Effect.asVoid(run("PRAGMA wal_checkpoint(TRUNCATE)", [])) }
      : {}),
  }
}

const originalSymbol = Symbol.for("effect/OriginalAnnotation")

const originalError = <E>(error: E): E =>
  typeof error === "object" && error !== null && originalSymbol in error
    ? ((error as Record<symbol, unknown>)[originalSymbol] as E)
    : error

/**
 * Runs an effect in a transaction of the client (joining an open one at a
 * savepoint), with the driver's errors — including a failed `COMMIT`, which
 * `@effect/sql` reports as a defect — classified into `StoreError`s.
 */
export const withSqlTransaction = <A, E, R>(
  sql: SqlClient.SqlClient,
  effect: Effect.Effect<A, E, R>,
): Effect.Effect<A, E | StoreError.StoreError, R> =>
  sql.withTransaction(effect).pipe(
    // an error failing inside the transaction's tracing span comes out wrapped in a
    // proxy carrying the span; callers get their very error back
    Effect.mapError(originalError),
    Effect.catchIf(
      (error): error is Extract<typeof error, { readonly [SqlErrorTypeId]: unknown }> =>
        isSqlError(error),
      (error) => failWithStoreError(error),
    ),
    Effect.catchAllDefect((defect) =>
      isSqlError(defect) ? failWithStoreError(defect) : Effect.die(defect),
    ),
  ) as Effect.Effect<A, E | StoreError.StoreError, R>
