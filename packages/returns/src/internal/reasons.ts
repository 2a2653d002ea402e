/**
 * An index of a policy's reason catalogue (by code, and which codes have children),
 * built once per catalogue so that a decision looks reasons up in constant time.
 *
 * @internal
 */
import type { Reason } from "../ReturnPolicy.js"

/** The catalogue by code, and the codes that are some reason's parent. */
export interface ReasonIndex {
  readonly byCode: ReadonlyMap<string, Reason>
  readonly parents: ReadonlySet<string>
}

const indexes = new WeakMap<ReadonlyArray<Reason>, ReasonIndex>()

/** The index of a catalogue (policies are immutable, so it is cached per catalogue). */
export const indexOf = (reasons: ReadonlyArray<Reason>): ReasonIndex => {
  let index = indexes.get(reasons)
  if (index === undefined) {
    const byCode = new Map<string, Reason>()
    const parents = new Set<string>()
    for (const reason of reasons) {
      byCode.set(reason.code, reason)
      if (reason.parent !== undefined) parents.add(reason.parent)
    }
    index = { byCode, parents }
    indexes.set(reasons, index)
  }
  return index
}
