// What the crash writer writes, shared with the test that checks it: transaction i
// is `parts` documents `t<i>-<k>` and moves the progress document to `{ last: i }`.
import type { Store } from "@clientele/store"

export interface CrashWriterConfig {
  readonly filename: string
  readonly tenant: string
  readonly collection: string
  readonly progressCollection: string
  readonly parts: number
  readonly bodyBytes: number
}

/** The id of document k of transaction i. */
export const idOf = (i: number, k: number): string => `t${i}-${k}`

/** The body of document k of transaction i: its place, and filler to weigh about `bodyBytes`. */
export const bodyOf = (i: number, k: number, bodyBytes: number): Store.Json => {
  const unit = `${i}.${k};`
  return { transaction: i, part: k, filler: unit.repeat(Math.ceil(bodyBytes / unit.length)) }
}

/**
 * The indexes of document k of transaction i. Every 50th transaction declares an
 * index name no document had, which back-fills a null entry for every document.
 */
export const indexesOf = (i: number, k: number): Store.Indexes => ({
  transaction: i,
  part: k,
  tag: `t${i}`,
  [`since${Math.floor(i / 50)}`]: i,
})

/** The progress document's id; its body is `{ last: i }` after transaction i. */
export const progressId = "progress"
