import { Errors } from "@clientele/core"
import * as Either from "effect/Either"
import { type IndexValue, isIndexValue } from "../Query.js"
import type { Indexes, StoredDocument, WriteOperation } from "../Store.js"
import { StoreError } from "../StoreError.js"
import { freezeJson, hasLoneSurrogate } from "./json.js"

const refuse = (path: ReadonlyArray<string | number>, message: string) =>
  Either.left(Errors.ValidationError.fromIssues([{ path, message }]))

export const checkWrite = <O extends WriteOperation>(
  operation: O,
  previous?: StoredDocument,
): Either.Either<O, Errors.ValidationError> => {
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
  if (operation._tag === "Delete") return Either.right(operation)
  // an update keeps what it shares with the version it replaces
  const body = freezeJson(operation.body, previous?.body)
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
  return Either.right({ ...operation, body: body.value, indexes: Object.freeze(indexes) })
}

export const nextDocument = (
  tenant: string,
  operation: WriteOperation,
  current: StoredDocument | undefined,
): Either.Either<StoredDocument | null, StoreError | Errors.ValidationError> => {
  const { collection, id } = operation
  if (operation._tag === "Insert") {
    if (current !== undefined) {
      return Either.left(
        new StoreError({
          reason: "Duplicate",
          message: `${collection}/${id} already exists`,
          collection,
          id,
        }),
      )
    }
  } else if (current === undefined) {
    return Either.left(
      new StoreError({
        reason: "NotFound",
        message: `${collection}/${id} does not exist`,
        collection,
        id,
      }),
    )
  } else if (current.version !== operation.expectedVersion) {
    return Either.left(
      new StoreError({
        reason: "Conflict",
        message: `${collection}/${id}: expected version ${operation.expectedVersion}, found ${current.version}`,
        collection,
        id,
      }),
    )
  }
  return Either.map(checkWrite(operation, current), (checked): StoredDocument | null =>
    checked._tag === "Delete"
      ? null
      : Object.freeze({
          tenant,
          collection,
          id,
          version: checked._tag === "Insert" ? 1 : checked.expectedVersion + 1,
          body: checked.body,
          indexes: checked.indexes as Indexes,
        }),
  )
}
