/**
 * The UTC-offset transitions of a zone, found once per zone and block of time and
 * cached, so that business-time arithmetic knows where the offset is constant (and
 * can jump over whole weeks) and converts wall-clock times exactly.
 *
 * Transitions are found by reading the offset at every UTC midnight of a block (from
 * core's per-hour cache) and bisecting, to the millisecond, between two readings that
 * differ. The time-zone database never holds two transitions within one day that
 * cancel out, so none is missed.
 *
 * @internal
 */
import { Civil, Zone } from "@clientele/core"

const DAY = Civil.dayMs
const BLOCK_DAYS = 64
const BLOCK = BLOCK_DAYS * DAY

interface Block {
  /** The offset at the block's first instant. */
  readonly first: number
  /** The instants (ascending) at which the offset changes, within the block. */
  readonly at: ReadonlyArray<number>
  /** The offset from each of those instants on. */
  readonly offsets: ReadonlyArray<number>
}

export interface ZoneRules {
  readonly zone: string
  readonly blocks: Map<number, Block>
}

const rulesByZone = new Map<string, ZoneRules>()

export const rulesOf = (zone: string): ZoneRules => {
  let rules = rulesByZone.get(zone)
  if (rules === undefined) {
    rules = { zone, blocks: new Map() }
    rulesByZone.set(zone, rules)
  }
  return rules
}

const MAX_BLOCKS = 4096

const blockOf = (rules: ZoneRules, index: number): Block => {
  let block = rules.blocks.get(index)
  if (block !== undefined) return block
  const start = index * BLOCK
  const first = Zone.offsetAt(rules.zone, start)
  const at: Array<number> = []
  const offsets: Array<number> = []
  let previous = first
  for (let day = 1; day <= BLOCK_DAYS; day++) {
    const probe = start + day * DAY - (day === BLOCK_DAYS ? 1 : 0)
    const offset = Zone.offsetAt(rules.zone, probe)
    if (offset === previous) continue
    // the first instant with the new offset lies in (probe - DAY, probe]
    let low = start + (day - 1) * DAY
    let high = probe
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2)
      if (Zone.offsetAt(rules.zone, middle) === previous) low = middle
      else high = middle
    }
    at.push(high)
    offsets.push(offset)
    previous = offset
  }
  block = { first, at, offsets }
  if (rules.blocks.size >= MAX_BLOCKS) rules.blocks.clear()
  rules.blocks.set(index, block)
  return block
}

/** The offset (wall clock minus UTC, in milliseconds) at an instant. */
export const offsetAt = (rules: ZoneRules, instant: number): number => {
  const block = blockOf(rules, Math.floor(instant / BLOCK))
  const at = block.at
  if (at.length === 0 || instant < (at[0] as number)) return block.first
  let i = at.length - 1
  while ((at[i] as number) > instant) i--
  return block.offsets[i] as number
}

/**
 * The first transition strictly after `instant` and at or before `limit`, or
 * `Infinity` when there is none in that span.
 */
export const nextTransition = (rules: ZoneRules, instant: number, limit: number): number => {
  for (let index = Math.floor(instant / BLOCK); index * BLOCK <= limit; index++) {
    for (const t of blockOf(rules, index).at) if (t > instant) return t <= limit ? t : Infinity
  }
  return Infinity
}

/**
 * The last transition at or before `instant` and strictly after `limit`, or
 * `-Infinity` when there is none in that span.
 */
export const previousTransition = (rules: ZoneRules, instant: number, limit: number): number => {
  for (let index = Math.floor(instant / BLOCK); (index + 1) * BLOCK > limit; index--) {
    const at = blockOf(rules, index).at
    for (let i = at.length - 1; i >= 0; i--) {
      const t = at[i] as number
      if (t <= instant) return t > limit ? t : -Infinity
    }
  }
  return -Infinity
}

export type Disambiguation = "compatible" | "earlier" | "later"

/**
 * The instant of a wall-clock time (milliseconds since 1970-01-01T00:00 on the local
 * clock) under a disambiguation policy (Temporal's semantics).
 */
export const instantOf = (rules: ZoneRules, local: number, policy: Disambiguation): number => {
  const before = offsetAt(rules, local - DAY)
  const after = offsetAt(rules, local + DAY)
  if (before === after) return local - before
  const earlierCandidate = local - before
  const laterCandidate = local - after
  const earlierValid = offsetAt(rules, earlierCandidate) === before
  const laterValid = offsetAt(rules, laterCandidate) === after
  if (earlierValid && laterValid) {
    // a fold: the wall-clock time happens twice
    const first = Math.min(earlierCandidate, laterCandidate)
    const second = Math.max(earlierCandidate, laterCandidate)
    return policy === "later" ? second : first
  }
  if (earlierValid) return earlierCandidate
  if (laterValid) return laterCandidate
  // a gap: read with the offset before the gap the time lands after it, and with the
  // offset after the gap it lands before it
  return policy === "earlier" ? laterCandidate : earlierCandidate
}

/** The local day number of an instant. */
export const localDayOf = (rules: ZoneRules, instant: number): number =>
  Math.floor((instant + offsetAt(rules, instant)) / DAY)
