/**
 * The storage port of Clientele, its typed collections and the in-memory adapter.
 * The conformance testkit is a separate entry: `@clientele/store/testkit`.
 *
 * @packageDocumentation
 */
export * as Collection from "./Collection.js"
export * as MemoryStore from "./MemoryStore.js"
export * as Query from "./Query.js"
export * as Store from "./Store.js"
export * as StoreError from "./StoreError.js"
