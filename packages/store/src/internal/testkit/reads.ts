/**
 * Reads the way a client does them, checking the page and scan rules on the way:
 * walking every page of a query, collecting a whole scan, getting one key to check
 * what it holds.
 */
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { defaultLimit, type Query } from "../../Query.js"
import type { Page, ScanOptions, StoredDocument, StorePort } from "../../Store.js"
import type { StoreError } from "../../StoreError.js"
import { check, type ExpectedDocument, fail, sameDocument, show } from "./assert.js"

/** What a walk over every page saw. */
export interface Walk {
  readonly documents: ReadonlyArray<StoredDocument>
  readonly pageSizes: ReadonlyArray<number>
}

const checkOwnership = (
  documents: ReadonlyArray<StoredDocument>,
  tenant: string,
  collection: string,
  what: string,
): void => {
  for (const document of documents) {
    check(
      document.tenant === tenant && document.collection === collection,
      `${what}: returned ${show(document.id)} of tenant ${show(document.tenant)}, collection ${show(document.collection)}; asked for tenant ${show(tenant)}, collection ${show(collection)}`,
    )
  }
}

/**
 * Follows cursors until a page says there is no more. Every page must hold at most
 * `limit` documents of the asked tenant and collection. When the data does not
 * change during the walk (`stable`), a non-null cursor must lead to at least one
 * more document: a trailing empty page means a cursor was handed out although no
 * further matching document existed. `between` runs after each page (to write
 * concurrently with the walk).
 */
export const walkQuery = (
  store: StorePort,
  tenant: string,
  query: Query,
  options: {
    readonly maxPages: number
    readonly stable?: boolean | undefined
    readonly between?: ((pageIndex: number) => Effect.Effect<void, unknown>) | undefined
    readonly what?: string | undefined
  },
): Effect.Effect<Walk, unknown> =>
  Effect.gen(function* () {
    const what = options.what ?? `walking the pages of ${show(query)}`
    const limit = query.limit ?? defaultLimit
    const documents: Array<StoredDocument> = []
    const pageSizes: Array<number> = []
    let cursor: string | null = null
    do {
      if (pageSizes.length >= options.maxPages) {
        fail(
          `${what}: still handing out cursors after ${pageSizes.length} pages (${documents.length} documents); pagination does not end`,
        )
      }
      const page: Page = yield* store.query(tenant, cursor === null ? query : { ...query, cursor })
      check(
        page.documents.length <= limit,
        `${what}: page ${pageSizes.length + 1} holds ${page.documents.length} documents, more than the limit ${limit}`,
      )
      check(
        page.cursor === null || (typeof page.cursor === "string" && page.cursor.length > 0),
        `${what}: page ${pageSizes.length + 1} has cursor ${show(page.cursor)}, expected null or a non-empty string`,
      )
      checkOwnership(page.documents, tenant, query.collection, what)
      documents.push(...page.documents)
      pageSizes.push(page.documents.length)
      cursor = page.cursor
      if (cursor !== null && options.between !== undefined)
        yield* options.between(pageSizes.length - 1)
    } while (cursor !== null)
    if (options.stable !== false && pageSizes.length > 1) {
      check(
        (pageSizes[pageSizes.length - 1] ?? 0) > 0,
        `${what}: page ${pageSizes.length - 1} had a cursor, but the next page was empty; the cursor must be null when no further matching document exists (page sizes ${show(pageSizes)})`,
      )
    }
    return { documents, pageSizes }
  })

/** Every document a scan emits, checked to belong to the asked tenant and collection. */
export const scanAll = (
  store: StorePort,
  tenant: string,
  collection: string,
  options?: ScanOptions,
): Effect.Effect<ReadonlyArray<StoredDocument>, StoreError> =>
  Effect.map(Stream.runCollect(store.scan(tenant, collection, options)), (chunk) => {
    const documents = Chunk.toReadonlyArray(chunk)
    checkOwnership(documents, tenant, collection, `scanning ${show(collection)}`)
    return documents
  })

/** Checks that `get` of the expected document's key returns it (tenant, key, version, body, indexes). */
export const expectDocument = (
  store: StorePort,
  expected: ExpectedDocument,
  what: string,
): Effect.Effect<void, StoreError> =>
  Effect.map(store.get(expected.tenant, expected.collection, expected.id), (found) =>
    sameDocument(found, expected, what),
  )

/** Checks that `get` of a key finds nothing; `what` is the failure message. */
export const expectNoDocument = (
  store: StorePort,
  tenant: string,
  collection: string,
  id: string,
  what: string,
): Effect.Effect<void, StoreError> =>
  Effect.map(store.get(tenant, collection, id), (found) => check(found === undefined, what))
