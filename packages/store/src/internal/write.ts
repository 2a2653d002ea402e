import { Errors } from "@clientele/core"
import * as Either from "effect/Either"
import { type IndexValue, isIndexValue } from "../Query.js"
import type { Indexes, Json, StoredDocument, WriteOperation } from "../Store.js"
import { StoreError } from "../StoreError.js"
import { type FrozenOwnership, freezeJson, hasLoneSurrogate, marked } from "./json.js"

const refuse = (path: ReadonlyArray<string | number>, message: string) =>
  Either.left(Errors.ValidationError.fromIssues([{ path, message }]))

/** A write's body and index values once checked: frozen copies. */
interface CheckedParts {
  readonly body: Json
  readonly indexes: Indexes
}

/**
 * Checks a write (see `Store.checkWrite`) and returns its checked body and index
 * values, `undefined` for a delete; an update keeps what it shares with the version
 * it replaces when `own` vouches for that version.
 */
const checkParts = (
  operation: WriteOperation,
  previous: StoredDocument | undefined,
  own: FrozenOwnership,
): Either.Either<CheckedParts | undefined, Errors.ValidationError> => {
  const { collection, id } = operation
  if (typeof collection !== "string" || collection.length === 0) {
    return refuse(["collection"], "must be a non-empty string")
  }
  if (typeof id !== "string" || id.length === 0) return refuse(["id"], "must be a non-empty string")
  if (hasLoneSurrogate(collection) || hasLoneSurrogate(id)) {
    return refuse(
      [hasLoneSurrogate(collection) ? "collection" : "id"],
      "must be valid Unicode (a lone UTF-16 surrogate was found)",
    )
  }
  if (
    operation._tag !== "Insert" &&
    !(Number.isSafeInteger(operation.expectedVersion) && operation.expectedVersion >= 1)
  ) {
    return refuse(["expectedVersion"], `${collection}/${id}: must be a positive integer`)
  }
  if (operation._tag === "Delete") return Either.right(undefined)
  const body = freezeJson(operation.body, previous?.body, own)
  if (!body.ok) {
    return refuse(["body", ...body.path], `${collection}/${id}: expected JSON, found ${body.found}`)
  }
  const indexes: Record<string, IndexValue> = {}
  const given: Readonly<Record<string, unknown>> = operation.indexes ?? {}
  for (const index of Object.keys(given)) {
    const value = given[index]
    if (!isIndexValue(value) || (typeof value === "string" && hasLoneSurrogate(value))) {
      const found =
        typeof value === "number"
          ? String(value)
          : typeof value === "string"
            ? "a lone UTF-16 surrogate"
            : typeof value
      return refuse(
        ["indexes", index],
        `${collection}/${id}: an index value must be valid Unicode text, a finite number or null, found ${found}`,
      )
    }
    indexes[index] = value === 0 ? 0 : value
  }
  return Either.right({ body: body.value, indexes: Object.freeze(indexes) })
}

export const checkWrite = <O extends WriteOperation>(
  operation: O,
): Either.Either<O, Errors.ValidationError> =>
  Either.map(checkParts(operation, undefined, marked), (parts) =>
    parts === undefined ? operation : { ...operation, ...parts },
  )

/** How a write's target must be for the write to apply: a `StoreError` when it is not. */
const targetProblem = (
  operation: WriteOperation,
  current: StoredDocument | undefined,
): StoreError | undefined => {
  const { collection, id } = operation
  if (operation._tag === "Insert") {
    if (current === undefined) return undefined
    return new StoreError({
      reason: "Duplicate",
      message: `${collection}/${id} already exists`,
      collection,
      id,
    })
  }
  if (current === undefined)
    return new StoreError({
      reason: "NotFound",
      message: `${collection}/${id} does not exist`,
      collection,
      id,
    })
  if (current.version !== operation.expectedVersion)
    return new StoreError({
      reason: "Conflict",
      message: `${collection}/${id}: expected version ${operation.expectedVersion}, found ${current.version}`,
      collection,
      id,
    })
  return undefined
}

/**
 * The document a write leaves (see `Store.nextDocument`); `own` says whose copies the
 * bodies are: `marked` for any adapter, `owned` for the memory store's documents.
 */
export const applyWrite = (
  tenant: string,
  operation: WriteOperation,
  current: StoredDocument | undefined,
  own: FrozenOwnership,
): Either.Either<StoredDocument | null, StoreError | Errors.ValidationError> => {
  const problem = targetProblem(operation, current)
  if (problem !== undefined) return Either.left(problem)
  const checked = checkParts(operation, current, own)
  if (Either.isLeft(checked)) return Either.left(checked.left)
  const parts = checked.right
  if (parts === undefined) return Either.right(null)
  return Either.right(
    Object.freeze({
      tenant,
      collection: operation.collection,
      id: operation.id,
      version: operation._tag === "Insert" ? 1 : operation.expectedVersion + 1,
      body: parts.body,
      indexes: parts.indexes,
    }),
  )
}

export const nextDocument = (
  tenant: string,
  operation: WriteOperation,
  current: StoredDocument | undefined,
): Either.Either<StoredDocument | null, StoreError | Errors.ValidationError> =>
  applyWrite(tenant, operation, current, marked)
