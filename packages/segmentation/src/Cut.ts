/**
 * Thresholds on one customer figure (orders, contribution, dependence …): either an
 * absolute value or a percentile of the period's population (SEG-1, LOY-2). The
 * same tie rule serves every percentile in Clientele: **ties go down** — customers
 * with equal figures always land on the same side of a cut, and a percentile cut
 * never admits more customers than its share.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as Rank from "./internal/rank.js"

/**
 * A cut met by every figure at or above `value`.
 *
 * @example
 * ```ts
 * import { Cut } from "@clientele/segmentation"
 *
 * const twoOrders = Cut.AtLeast.make({ value: 2 })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const AtLeast = Schema.TaggedStruct("AtLeast", {
  value: Schema.Number.pipe(Schema.finite()),
})

/**
 * A cut met by the top `percent` % of the population: a customer meets it when
 * fewer than `floor(n × percent / 100)` customers — itself included — have a figure
 * at least as high. Customers tied at the boundary therefore all miss it (ties go
 * down), and at most that many customers meet it.
 *
 * @example
 * ```ts
 * import { Cut } from "@clientele/segmentation"
 *
 * const topFifth = Cut.TopPercent.make({ percent: 20 })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const TopPercent = Schema.TaggedStruct("TopPercent", {
  percent: Schema.Number.pipe(Schema.between(0, 100)),
})

/**
 * A threshold on one figure: absolute ({@link AtLeast}) or a percentile
 * ({@link TopPercent}).
 *
 * @example
 * ```ts
 * import { Cut } from "@clientele/segmentation"
 * import * as Schema from "effect/Schema"
 *
 * const cut = Schema.decodeUnknownSync(Cut.Cut)({ _tag: "TopPercent", percent: 50 })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Cut = Schema.Union(AtLeast, TopPercent).annotations({
  identifier: "Cut",
  description: "a threshold on one figure: an absolute value or a percentile of the population",
})

/**
 * The type of {@link Cut}.
 *
 * @example
 * ```ts
 * import type { Cut } from "@clientele/segmentation"
 *
 * const median: Cut.Cut = { _tag: "TopPercent", percent: 50 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Cut = typeof Cut.Type

/**
 * An absolute cut: figures at or above `value` meet it.
 *
 * @example
 * ```ts
 * import { Cut } from "@clientele/segmentation"
 *
 * Cut.atLeast(3) // { _tag: "AtLeast", value: 3 }
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const atLeast = (value: number): Cut => AtLeast.make({ value })

/**
 * A percentile cut: the top `percent` % of the population meet it.
 *
 * @example
 * ```ts
 * import { Cut } from "@clientele/segmentation"
 *
 * Cut.topPercent(20) // { _tag: "TopPercent", percent: 20 }
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const topPercent = (percent: number): Cut => TopPercent.make({ percent })

/**
 * A cut made concrete for one population: the figure to meet, whether meeting it
 * exactly is enough, and the figure a customer outside it must beat to get in
 * (for a percentile cut, getting in pushes someone else out, so it is one rank
 * higher than `bound`).
 *
 * @example
 * ```ts
 * import { Cut } from "@clientele/segmentation"
 *
 * const [resolved] = Cut.resolve([Cut.topPercent(50)], [9, 7, 7, 3])
 * resolved // { bound: 7, inclusive: false, entry: 7, entryInclusive: false }: only 9 is above the tie at 7
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Resolved {
  /** The figure to meet: a customer meets the cut when its figure is above it (or equal, when `inclusive`). */
  readonly bound: number
  readonly inclusive: boolean
  /** What a customer who does not meet the cut must reach: above it (or equal, when `entryInclusive`). */
  readonly entry: number
  readonly entryInclusive: boolean
}

/**
 * Resolves cuts over one population's figures at once: `figures[i]` for every `i`
 * that `member` admits — a predicate, or a mask whose non-zero bytes mark the
 * members (every `i` when it is absent). Percentile cuts over the
 * same population share one selection pass, so several cuts cost about as much as one.
 *
 * @example
 * ```ts
 * import { Cut } from "@clientele/segmentation"
 *
 * const orders = [1, 1, 1, 2, 5]
 * const [top40, twoOrMore] = Cut.resolve([Cut.topPercent(40), Cut.atLeast(2)], orders)
 * Cut.meets(top40!, 2) // true: 5 and 2 are the top 40 %
 * Cut.meets(twoOrMore!, 1) // false
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const resolve = (
  cuts: ReadonlyArray<Cut>,
  figures: ArrayLike<number>,
  member?: ((index: number) => boolean) | Uint8Array,
  scratch?: Float64Array,
): Array<Resolved> => {
  const percents: Array<number> = []
  for (const cut of cuts) if (cut._tag === "TopPercent") percents.push(cut.percent)
  const found =
    percents.length === 0 ? undefined : Rank.boundaries(figures, percents, member, scratch)
  let next = 0
  return cuts.map((cut): Resolved => {
    if (cut._tag === "AtLeast") {
      return { bound: cut.value, inclusive: true, entry: cut.value, entryInclusive: true }
    }
    const index = next++
    return {
      bound: found?.exceed[index] as number,
      inclusive: false,
      entry: found?.entry[index] as number,
      entryInclusive: false,
    }
  })
}

/**
 * Whether a figure meets a resolved cut.
 *
 * @example
 * ```ts
 * import { Cut } from "@clientele/segmentation"
 *
 * Cut.meets({ bound: 2, inclusive: true, entry: 2, entryInclusive: true }, 2) // true
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const meets = (cut: Resolved, figure: number): boolean =>
  cut.inclusive ? figure >= cut.bound : figure > cut.bound

/**
 * How much a figure that does not meet a resolved cut must grow to meet it, for
 * figures counted in whole units (orders, minor units of money): 0 when it already
 * meets it, `Infinity` when no figure can (a percentile of 0 %).
 *
 * @example
 * ```ts
 * import { Cut } from "@clientele/segmentation"
 *
 * const [cut] = Cut.resolve([Cut.atLeast(5)], [])
 * Cut.gap(cut!, 3) // 2
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const gap = (cut: Resolved, figure: number): number => {
  if (meets(cut, figure)) return 0
  const target = cut.entryInclusive ? Math.ceil(cut.entry) : Math.floor(cut.entry) + 1
  return target - figure
}
