/**
 * Matching the selectors of a return policy (final sale, window overrides) against
 * one item, shared by the decision and the publication so both read a policy the
 * same way.
 *
 * @internal
 */
import type { Selector, WindowOverride } from "../ReturnPolicy.js"

/** What a selector can look at: the item, its discount and the customer's tier. */
export interface Candidate {
  readonly sku: string
  readonly productId: string
  readonly categories: ReadonlyArray<string>
  readonly tags: ReadonlyArray<string>
  /** The discount of the item, over `gross`: a fraction compared exactly, without floats. */
  readonly discount: number
  readonly gross: number
  readonly customerTier: string | undefined
}

/** Long value lists are looked up through a set built once per list. */
const SET_FROM = 9
const sets = new WeakMap<ReadonlyArray<string>, ReadonlySet<string>>()

const contains = (values: ReadonlyArray<string>, value: string): boolean => {
  if (values.length < SET_FROM) return values.includes(value)
  let set = sets.get(values)
  if (set === undefined) {
    set = new Set(values)
    sets.set(values, set)
  }
  return set.has(value)
}

const containsAny = (values: ReadonlyArray<string>, candidates: ReadonlyArray<string>): boolean => {
  for (let i = 0; i < candidates.length; i++)
    if (contains(values, candidates[i] as string)) return true
  return false
}

/** Whether a selector picks the candidate. */
export const selects = (selector: Selector, candidate: Candidate): boolean => {
  switch (selector.kind) {
    case "sku":
      return contains(selector.values, candidate.sku)
    case "product":
      return contains(selector.values, candidate.productId)
    case "category":
      return containsAny(selector.values, candidate.categories)
    case "tag":
      return containsAny(selector.values, candidate.tags)
    case "customerTier":
      return (
        candidate.customerTier !== undefined && contains(selector.values, candidate.customerTier)
      )
    case "discountAtLeast":
      // discount / gross ≥ percent / 100, cross-multiplied so no quotient is rounded.
      return candidate.gross > 0 && candidate.discount * 100 >= selector.percent * candidate.gross
  }
}

/** Whether any of the selectors picks the candidate. */
export const selectsAny = (selectors: ReadonlyArray<Selector>, candidate: Candidate): boolean => {
  for (let i = 0; i < selectors.length; i++)
    if (selects(selectors[i] as Selector, candidate)) return true
  return false
}

/** The first window override whose selector picks the candidate, if any. */
export const overrideFor = (
  overrides: ReadonlyArray<WindowOverride>,
  candidate: Candidate,
): WindowOverride | undefined => {
  for (let i = 0; i < overrides.length; i++) {
    const override = overrides[i] as WindowOverride
    if (selects(override.selector, candidate)) return override
  }
  return undefined
}
