/**
 * Trends by period, shared by the scorecard's measures (SQ-1) and a person's skill
 * assessments (SQ-2): a series of values, one per period in order, and the change
 * between each period and the one before it — its size and whether it is *better*,
 * *worse* or the *same*, honouring which way the figure improves (a rate or a score
 * is better higher, a duration lower). A period without data has no value, and a
 * change from or to it has no direction (`noData`), never a fake 0.
 *
 * @since 0.1.0
 */
import type { Period } from "@clientele/core"
import * as Schema from "effect/Schema"
import type { Better } from "./Principle.js"

/**
 * The direction of a change between two periods: `better`, `worse`, the `same`, or
 * `noData` when either period has no value.
 *
 * @example
 * ```ts
 * import { Trend } from "@clientele/scorecard"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(Trend.Direction)("better") // true
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Direction = Schema.Literal("better", "worse", "same", "noData").annotations({
  identifier: "TrendDirection",
})

/**
 * The type of {@link Direction}.
 *
 * @example
 * ```ts
 * import type { Trend } from "@clientele/scorecard"
 *
 * const direction: Trend.Direction = "worse"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Direction = typeof Direction.Type

/**
 * One period's value in a series: `null` when the period has no data.
 *
 * @example
 * ```ts
 * import { Period } from "@clientele/core"
 * import type { Trend } from "@clientele/scorecard"
 *
 * const point: Trend.Point = { period: Period.make("2025-01-01", "2025-04-01", "UTC"), value: 0.82 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Point {
  /** The period. */
  readonly period: Period.Period
  /** Its value, or `null` without data. */
  readonly value: number | null
}

/**
 * The change from one period to the next: `delta` is the later value minus the
 * earlier (`null` when either is missing) and `direction` says whether that is an
 * improvement.
 *
 * @example
 * ```ts
 * import { Period } from "@clientele/core"
 * import type { Trend } from "@clientele/scorecard"
 *
 * const change: Trend.Change = {
 *   from: Period.make("2025-01-01", "2025-04-01", "UTC"),
 *   to: Period.make("2025-04-01", "2025-07-01", "UTC"),
 *   delta: -600_000,
 *   direction: "better", // ten minutes less to first response
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Change {
  /** The earlier period. */
  readonly from: Period.Period
  /** The later period. */
  readonly to: Period.Period
  /** The later value minus the earlier, or `null` when either is missing. */
  readonly delta: number | null
  /** Whether the change is an improvement. */
  readonly direction: Direction
}

/**
 * A series: which way it improves, its points in period order, and the change
 * between each point and the one before it (one fewer than the points).
 *
 * @example
 * ```ts
 * import type { Trend } from "@clientele/scorecard"
 *
 * declare const series: Trend.Series
 * series.changes.filter((change) => change.direction === "worse")
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Series<P extends Point = Point> {
  /** Which way the series improves. */
  readonly better: Better
  /** One point per period, in period order. */
  readonly points: ReadonlyArray<P>
  /** The change from each point to the next. */
  readonly changes: ReadonlyArray<Change>
}

/**
 * The direction of a change of `delta`, for a figure that is better `higher` or
 * `lower`: no change is the `same`, a missing delta is `noData`.
 *
 * @example
 * ```ts
 * import { Trend } from "@clientele/scorecard"
 *
 * Trend.directionOf(0.05, "higher") // "better": a rate went up
 * Trend.directionOf(0.05, "lower") // "worse": a duration went up
 * Trend.directionOf(null, "higher") // "noData"
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const directionOf = (delta: number | null, better: Better): Direction => {
  if (delta === null) return "noData"
  if (delta === 0) return "same"
  return delta > 0 === (better === "higher") ? "better" : "worse"
}

/**
 * A series from its points, given in period order: the change from each point to
 * the next, with its direction.
 *
 * @example
 * ```ts
 * import { Period } from "@clientele/core"
 * import { Trend } from "@clientele/scorecard"
 *
 * const quarter = (start: string, end: string) => Period.make(start, end, "Europe/Paris")
 * const series = Trend.series(
 *   [
 *     { period: quarter("2025-01-01", "2025-04-01"), value: 0.72 },
 *     { period: quarter("2025-04-01", "2025-07-01"), value: 0.8 },
 *     { period: quarter("2025-07-01", "2025-10-01"), value: null },
 *   ],
 *   "higher",
 * )
 * series.changes.map((change) => change.direction) // ["better", "noData"]
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const series = <P extends Point>(points: ReadonlyArray<P>, better: Better): Series<P> => {
  const changes: Array<Change> = []
  for (let index = 1; index < points.length; index++) {
    const from = points[index - 1] as P
    const to = points[index] as P
    const delta = from.value === null || to.value === null ? null : to.value - from.value
    changes.push({ from: from.period, to: to.period, delta, direction: directionOf(delta, better) })
  }
  return { better, points, changes }
}
