/**
 * Small charts drawn as SVG, shared by the HTML report and the guides' pictures:
 * scales and ticks, axes and grids, horizontal and vertical bars, lines, dots, a
 * histogram, a sparkline and the Pareto curve with its classes. A chart is a list of
 * SVG elements and the size it needs; `svgDocument` (./svg.ts) frames it.
 *
 * Text sizes follow the style classes the pictures define: `axis` (12 px, grey),
 * `small` (11 px), `halo` (a white outline that keeps a label readable over a line).
 * Colours come from Okabe and Ito's palette, which stays distinguishable with every
 * common colour-vision deficiency.
 */
import { grouped } from "./format.js"
import {
  type Attributes,
  circle,
  coordinate,
  group,
  line,
  type Point,
  polyline,
  rect,
  text,
} from "./svg.js"

/** Okabe and Ito's colour-blind-safe palette, with a neutral grey. */
export const palette = {
  blue: "#0072B2",
  orange: "#E69F00",
  green: "#009E73",
  vermillion: "#D55E00",
  purple: "#CC79A7",
  sky: "#56B4E9",
  yellow: "#F0E442",
  grey: "#8C8C8C",
} as const

/** The colours of successive series, most distinct first. */
export const seriesColours: ReadonlyArray<string> = [
  palette.blue,
  palette.orange,
  palette.green,
  palette.vermillion,
  palette.purple,
  palette.sky,
]

/** The neutral inks of text, axes and grids. */
export const ink = { text: "#222", muted: "#555", axis: "#555", grid: "#d9dee7" } as const

/** The style sheet every chart's classes rely on, for a standalone picture or the page. */
export const chartStyle =
  "text{font-family:system-ui,-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;fill:#222}.small{font-size:11px}.axis{font-size:12px;fill:#555}.head{font-size:16px;font-weight:600}.sub{font-size:12px;fill:#555}.halo{paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}"

/** A drawn chart: its elements and the size it needs. */
export interface Chart {
  readonly width: number
  readonly height: number
  readonly body: ReadonlyArray<string>
}

/** The plotting area inside a chart, in pixels. */
export interface Plot {
  readonly left: number
  readonly right: number
  readonly top: number
  readonly bottom: number
}

/** Maps data values to pixels. */
export type Scale = (value: number) => number

/** The linear map of `domain` onto `range`; an empty domain maps everything to the range's start. */
export const linearScale = (
  [from, to]: readonly [number, number],
  [start, end]: readonly [number, number],
): Scale => {
  const span = to - from
  return span === 0 || !Number.isFinite(span)
    ? () => start
    : (value) => start + ((value - from) / span) * (end - start)
}

/** The smallest round step (1, 2, 2.5 or 5 times a power of ten) not below `rough`. */
export const niceStep = (rough: number, integer = false): number => {
  if (!(rough > 0) || !Number.isFinite(rough)) return 1
  const magnitude = 10 ** Math.floor(Math.log10(rough))
  const multiples = integer && magnitude < 10 ? [1, 2, 5] : [1, 2, 2.5, 5]
  for (const multiple of multiples) {
    const step = multiple * magnitude
    if (step >= rough * (1 - 1e-9)) return integer ? Math.max(1, Math.round(step)) : step
  }
  return 10 * magnitude
}

/** Round ticks from 0 to at least `max`, about `count` of them; `[0, 1]` when `max` is not positive. */
export const valueTicks = (
  max: number,
  options: { readonly count?: number; readonly integer?: boolean } = {},
): ReadonlyArray<number> => {
  const step = niceStep(max / (options.count ?? 5), options.integer ?? false)
  const steps = Number.isFinite(max) && max > 0 ? Math.max(1, Math.ceil(max / step - 1e-9)) : 1
  // Rounded so that 0.1 × 3 writes as 0.3.
  return Array.from({ length: steps + 1 }, (_, k) => Math.round(k * step * 1e9) / 1e9)
}

/** About how wide a text is, in pixels, in the charts' sans-serif font. */
export const textWidth = (content: string, fontSize = 12): number =>
  [...content].length * fontSize * 0.58

/** `content`, cut with an ellipsis so that it fits `width` pixels. */
export const fitText = (content: string, width: number, fontSize = 12): string => {
  const characters = [...content]
  const room = Math.max(1, Math.floor(width / (fontSize * 0.58)))
  return characters.length <= room ? content : `${characters.slice(0, room - 1).join("")}…`
}

/* Axes and grids. */

/** Horizontal grid lines at `ticks`, each labelled on the left of the plot. */
export const gridY = (
  plot: Plot,
  ticks: ReadonlyArray<number>,
  y: Scale,
  label: (tick: number) => string,
): Array<string> =>
  ticks.flatMap((tick) => [
    line(plot.left, y(tick), plot.right, y(tick), { stroke: ink.grid, "stroke-width": 1 }),
    text(plot.left - 8, y(tick) + 4, label(tick), { "text-anchor": "end", class: "axis" }),
  ])

/** Tick marks under the plot at `ticks`, each labelled below. */
export const ticksX = (
  plot: Plot,
  ticks: ReadonlyArray<number>,
  x: Scale,
  label: (tick: number) => string,
): Array<string> =>
  ticks.flatMap((tick) => [
    line(x(tick), plot.bottom, x(tick), plot.bottom + 5, { stroke: ink.axis }),
    text(x(tick), plot.bottom + 20, label(tick), { "text-anchor": "middle", class: "axis" }),
  ])

/** The x axis along the bottom and the y axis along the left of the plot. */
export const axisLines = (plot: Plot): Array<string> => [
  line(plot.left, plot.bottom, plot.right, plot.bottom, { stroke: ink.axis }),
  line(plot.left, plot.top, plot.left, plot.bottom, { stroke: ink.axis }),
]

/** The axes' titles: the x title under the tick labels, the y title turned up left of them. */
export const axisTitles = (
  plot: Plot,
  titles: { readonly x?: string; readonly y?: string; readonly yOffset?: number },
): Array<string> => [
  ...(titles.x === undefined
    ? []
    : [
        text((plot.left + plot.right) / 2, plot.bottom + 44, titles.x, {
          "text-anchor": "middle",
          class: "axis",
        }),
      ]),
  ...(titles.y === undefined
    ? []
    : [
        text(0, 0, titles.y, {
          transform: `translate(${plot.left - (titles.yOffset ?? 44)} ${(plot.top + plot.bottom) / 2}) rotate(-90)`,
          "text-anchor": "middle",
          class: "axis",
        }),
      ]),
]

/** A row of coloured squares with their names, starting at (x, y). */
export const legend = (
  x: number,
  y: number,
  items: ReadonlyArray<{ readonly label: string; readonly colour: string }>,
): Array<string> => {
  let at = x
  return items.flatMap(({ label, colour }) => {
    const start = at
    at += 28 + textWidth(label, 11)
    return [
      rect(start, y - 9, 12, 12, { fill: colour, rx: 2 }),
      text(start + 17, y + 1, label, { class: "small" }),
    ]
  })
}

/* Horizontal bars: one labelled row per value. */

/** One row of a bar list. */
export interface Bar {
  readonly label: string
  readonly value: number
  /** What is written after the bar; the value itself when absent. */
  readonly note?: string
  readonly colour?: string
}

/** Horizontal bars, one per row, labels on the left and figures after each bar. */
export const barList = (
  bars: ReadonlyArray<Bar>,
  options: {
    readonly width: number
    readonly colour: string
    /** The value a full bar stands for; the largest value when absent. */
    readonly max?: number
    readonly format?: (value: number) => string
  },
): Chart => {
  const rowHeight = 24
  const top = 8
  const format = options.format ?? ((value: number) => grouped(value))
  const labelWidth = Math.min(
    options.width * 0.36,
    Math.max(60, ...bars.map(({ label }) => textWidth(label, 12) + 12)),
  )
  const noteWidth = Math.min(
    options.width * 0.3,
    Math.max(40, ...bars.map((bar) => textWidth(bar.note ?? format(bar.value), 11) + 10)),
  )
  const left = labelWidth
  const right = options.width - noteWidth
  const largest = Math.max(0, ...bars.map(({ value }) => value))
  const max = options.max ?? largest
  const x = linearScale([0, max > 0 ? max : 1], [left, right])
  const body: Array<string> = []
  bars.forEach((bar, k) => {
    const y = top + k * rowHeight
    const value = Math.min(Math.max(0, bar.value), max > 0 ? max : 1)
    body.push(
      text(left - 8, y + 13, fitText(bar.label, labelWidth - 12), {
        "text-anchor": "end",
        class: "axis",
      }),
      rect(left, y + 3, Math.max(0, x(value) - left), 15, { fill: bar.colour ?? options.colour }),
      text(x(value) + 5, y + 14, bar.note ?? format(bar.value), { class: "small" }),
    )
  })
  body.push(
    line(left, top, left, top + bars.length * rowHeight, { stroke: ink.axis, "stroke-width": 1 }),
  )
  return { width: options.width, height: top * 2 + bars.length * rowHeight, body }
}

/* Vertical bars over categories, one series or several side by side. */

/** A series of values over a chart's categories; `null` draws no bar. */
export interface Series {
  readonly name: string
  readonly colour: string
  readonly values: ReadonlyArray<number | null>
}

/** Where the category labels go: level when they fit their band, turned when they do not. */
const categoryLayout = (categories: ReadonlyArray<string>, band: number) => {
  const longest = Math.max(0, ...categories.map((label) => textWidth(label, 12)))
  const turned = longest > band - 6
  const labelRoom = Math.min(longest, 150)
  return { turned, bottomMargin: turned ? 24 + labelRoom * 0.6 : 30, labelRoom }
}

const categoryLabels = (
  plot: Plot,
  categories: ReadonlyArray<string>,
  centre: (k: number) => number,
  layout: ReturnType<typeof categoryLayout>,
  band: number,
): Array<string> =>
  categories.map((label, k) =>
    layout.turned
      ? text(0, 0, fitText(label, layout.labelRoom), {
          transform: `translate(${coordinate(centre(k))} ${coordinate(plot.bottom + 14)}) rotate(-35)`,
          "text-anchor": "end",
          class: "axis",
        })
      : text(centre(k), plot.bottom + 18, fitText(label, band - 4), {
          "text-anchor": "middle",
          class: "axis",
        }),
  )

/** Options of a column chart. */
export interface ColumnOptions {
  readonly width: number
  readonly height: number
  readonly categories: ReadonlyArray<string>
  readonly series: ReadonlyArray<Series>
  /** The top of the value axis; a round value above the largest value when absent. */
  readonly max?: number
  /** Writes a tick or a value. */
  readonly format?: (value: number) => string
  /** Counts: ticks on whole numbers. */
  readonly integer?: boolean
  /** Writes each value above its bar. */
  readonly valueLabels?: boolean
  readonly yTitle?: string
  /** Room right of the plot, for a second axis. */
  readonly rightMargin?: number
}

/** Vertical bars per category, series side by side, with a legend when there are several. */
export const columnChart = (options: ColumnOptions): Chart => {
  const format = options.format ?? ((value: number) => grouped(value))
  const count = Math.max(1, options.categories.length)
  const left = options.yTitle === undefined ? 52 : 70
  const right = options.width - (options.rightMargin ?? 12)
  const band = (right - left) / count
  const layout = categoryLayout(options.categories, band)
  const legendRoom = options.series.length > 1 ? 26 : 0
  const plot: Plot = {
    left,
    right,
    top: 18 + legendRoom,
    bottom: options.height - layout.bottomMargin,
  }
  const values = options.series.flatMap((series) =>
    series.values.filter((value): value is number => value !== null && Number.isFinite(value)),
  )
  const ticks =
    options.max === undefined
      ? valueTicks(Math.max(0, ...values), { integer: options.integer ?? false })
      : valueTicks(options.max, { integer: options.integer ?? false })
  const top = options.max ?? ticks.at(-1) ?? 1
  const y = linearScale([0, top > 0 ? top : 1], [plot.bottom, plot.top])
  const centre = (k: number) => left + band * (k + 0.5)
  const inner = band * 0.72
  const barWidth = inner / Math.max(1, options.series.length)
  const body: Array<string> = [...gridY(plot, ticks, y, format)]
  options.series.forEach((series, s) => {
    const bars: Array<string> = []
    const labels: Array<string> = []
    series.values.forEach((value, k) => {
      if (value === null || !Number.isFinite(value) || k >= count) return
      const shown = Math.min(Math.max(0, value), top)
      const x = centre(k) - inner / 2 + s * barWidth
      bars.push(rect(x + 0.5, y(shown), Math.max(0, barWidth - 1), plot.bottom - y(shown)))
      if (options.valueLabels === true)
        labels.push(
          text(x + barWidth / 2, y(shown) - 4, format(value), {
            "text-anchor": "middle",
            class: "small",
          }),
        )
    })
    body.push(group({ fill: series.colour }, bars), ...labels)
  })
  body.push(
    ...categoryLabels(plot, options.categories, centre, layout, band),
    ...axisLines(plot),
    ...axisTitles(plot, options.yTitle === undefined ? {} : { y: options.yTitle, yOffset: 56 }),
  )
  if (options.series.length > 1)
    body.push(
      ...legend(
        left,
        16,
        options.series.map((series) => ({ label: series.name, colour: series.colour })),
      ),
    )
  return { width: options.width, height: options.height, body }
}

/** Counts in descending order as bars, with their cumulative share as a line on a 0–100 % axis. */
export const paretoColumns = (
  counts: ReadonlyArray<{ readonly label: string; readonly count: number }>,
  options: {
    readonly width: number
    readonly height: number
    readonly colour: string
    readonly lineColour: string
  },
): Chart => {
  const sorted = [...counts].sort((a, b) => b.count - a.count)
  const rightMargin = 48
  const chart = columnChart({
    width: options.width,
    height: options.height,
    categories: sorted.map(({ label }) => label),
    series: [{ name: "count", colour: options.colour, values: sorted.map(({ count }) => count) }],
    integer: true,
    valueLabels: true,
    rightMargin,
  })
  const total = sorted.reduce((sum, { count }) => sum + Math.max(0, count), 0)
  const left = 52
  const right = options.width - rightMargin
  const band = (right - left) / Math.max(1, sorted.length)
  const bottom =
    options.height -
    categoryLayout(
      sorted.map(({ label }) => label),
      band,
    ).bottomMargin
  const y = linearScale([0, 1], [bottom, 18])
  let cumulative = 0
  const points: Array<Point> = sorted.map(({ count }, k) => {
    cumulative += Math.max(0, count)
    return [left + band * (k + 0.5), y(total > 0 ? cumulative / total : 0)]
  })
  const shareAxis = [0, 0.25, 0.5, 0.75, 1].flatMap((share) => [
    line(right, y(share), right + 5, y(share), { stroke: options.lineColour }),
    text(right + 8, y(share) + 4, `${share * 100} %`, {
      class: "small",
      style: `fill:${options.lineColour}`,
    }),
  ])
  return {
    ...chart,
    body: [
      ...chart.body,
      line(right, 18, right, bottom, { stroke: options.lineColour }),
      ...shareAxis,
      ...(total > 0
        ? [
            polyline(points, {
              fill: "none",
              stroke: options.lineColour,
              "stroke-width": 2,
              "stroke-linejoin": "round",
            }),
            ...points.map(([px, py]) =>
              circle(px, py, 3, { fill: options.lineColour, stroke: "#fff" }),
            ),
          ]
        : []),
    ],
  }
}

/* Lines over categories (months). */

/** Lines over categories; a `null` breaks its line. */
export const lineChart = (options: {
  readonly width: number
  readonly height: number
  readonly categories: ReadonlyArray<string>
  readonly series: ReadonlyArray<Series>
  readonly domain: readonly [number, number]
  readonly ticks: ReadonlyArray<number>
  readonly format: (value: number) => string
  readonly yTitle?: string
}): Chart => {
  const count = Math.max(1, options.categories.length)
  const left = options.yTitle === undefined ? 56 : 74
  const legendRoom = options.series.length > 1 ? 26 : 0
  const plot: Plot = {
    left,
    right: options.width - 16,
    top: 16 + legendRoom,
    bottom: options.height - 34,
  }
  const band = (plot.right - plot.left) / count
  const centre = (k: number) => plot.left + band * (k + 0.5)
  const y = linearScale(options.domain, [plot.bottom, plot.top])
  const clamp = (value: number) => Math.min(Math.max(value, options.domain[0]), options.domain[1])
  // Labels every few categories, so that they do not run into each other.
  const widest = Math.max(1, ...options.categories.map((label) => textWidth(label, 12)))
  const every = Math.max(1, Math.ceil((widest + 10) / band))
  const body: Array<string> = [...gridY(plot, options.ticks, y, options.format)]
  options.categories.forEach((label, k) => {
    if (k % every !== 0) return
    body.push(
      line(centre(k), plot.bottom, centre(k), plot.bottom + 5, { stroke: ink.axis }),
      text(centre(k), plot.bottom + 20, label, { "text-anchor": "middle", class: "axis" }),
    )
  })
  body.push(...axisLines(plot))
  for (const series of options.series) {
    const runs: Array<Array<Point>> = [[]]
    const dots: Array<string> = []
    series.values.forEach((value, k) => {
      if (value === null || !Number.isFinite(value) || k >= count) {
        runs.push([])
        return
      }
      const point: Point = [centre(k), y(clamp(value))]
      runs.at(-1)?.push(point)
      dots.push(circle(point[0], point[1], 2.5))
    })
    for (const run of runs)
      if (run.length > 1)
        body.push(
          polyline(run, {
            fill: "none",
            stroke: series.colour,
            "stroke-width": 2,
            "stroke-linejoin": "round",
          }),
        )
    body.push(group({ fill: series.colour }, dots))
  }
  body.push(
    ...axisTitles(plot, options.yTitle === undefined ? {} : { y: options.yTitle, yOffset: 58 }),
  )
  if (options.series.length > 1)
    body.push(
      ...legend(
        plot.left,
        14,
        options.series.map((series) => ({ label: series.name, colour: series.colour })),
      ),
    )
  return { width: options.width, height: options.height, body }
}

/* A histogram over equal bins of [0, 1]. */

/** Counts over equal bins of [0, 1] as touching bars, with the bin edges on the x axis. */
export const histogram = (
  counts: ReadonlyArray<number>,
  options: {
    readonly width: number
    readonly height: number
    readonly colour: string
    readonly xTitle: string
    readonly yTitle: string
  },
): Chart => {
  const plot: Plot = { left: 70, right: options.width - 16, top: 22, bottom: options.height - 58 }
  const bins = Math.max(1, counts.length)
  const x = linearScale([0, 1], [plot.left, plot.right])
  const ticks = valueTicks(Math.max(0, ...counts), { integer: true })
  const top = ticks.at(-1) ?? 1
  const y = linearScale([0, top], [plot.bottom, plot.top])
  const bars: Array<string> = []
  const labels: Array<string> = []
  counts.forEach((count, k) => {
    const shown = Number.isFinite(count) ? Math.max(0, count) : 0
    const from = x(k / bins)
    const to = x((k + 1) / bins)
    bars.push(rect(from + 1, y(shown), Math.max(0, to - from - 2), plot.bottom - y(shown)))
    labels.push(
      text((from + to) / 2, y(shown) - 4, grouped(count), {
        "text-anchor": "middle",
        class: "small",
      }),
    )
  })
  const edges = Array.from({ length: bins + 1 }, (_, k) => k / bins)
  return {
    width: options.width,
    height: options.height,
    body: [
      ...gridY(plot, ticks, y, (tick) => grouped(tick)),
      group({ fill: options.colour }, bars),
      ...labels,
      ...ticksX(plot, edges, x, (edge) => (Math.round(edge * 100) / 100).toString()),
      ...axisLines(plot),
      ...axisTitles(plot, { x: options.xTitle, y: options.yTitle, yOffset: 54 }),
    ],
  }
}

/* Dots. */

/** Small circles sharing their attributes (fill, opacity) in one group, so that thousands stay light. */
export const dots = (points: ReadonlyArray<Point>, radius: number, attrs: Attributes): string =>
  group(
    attrs,
    points.map(([x, y]) => circle(x, y, radius)),
  )

/* A sparkline. */

/** A small line of values with its last value marked; `null` breaks the line. */
export const sparkline = (
  values: ReadonlyArray<number | null>,
  options: { readonly width: number; readonly height: number; readonly colour: string },
): Chart => {
  const finite = values.filter((value): value is number => value !== null && Number.isFinite(value))
  const low = Math.min(...finite)
  const high = Math.max(...finite)
  const pad = 3
  const x = linearScale([0, Math.max(1, values.length - 1)], [pad, options.width - pad])
  // A flat series draws along the middle.
  const y =
    finite.length === 0 || high === low
      ? () => options.height / 2
      : linearScale([low, high], [options.height - pad, pad])
  const runs: Array<Array<Point>> = [[]]
  let last: Point | null = null
  for (const [k, value] of values.entries()) {
    if (value === null || !Number.isFinite(value)) {
      runs.push([])
      continue
    }
    last = [x(k), y(value)]
    runs.at(-1)?.push(last)
  }
  const body: Array<string> = runs
    .filter((run) => run.length > 1)
    .map((run) =>
      polyline(run, {
        fill: "none",
        stroke: options.colour,
        "stroke-width": 1.5,
        "stroke-linejoin": "round",
      }),
    )
  if (last !== null) body.push(circle(last[0], last[1], 2.5, { fill: options.colour }))
  return { width: options.width, height: options.height, body }
}

/* The Pareto curve with its classes. */

/** A class of the Pareto curve: a band of the ranked customers, with notes written in it. */
export interface ParetoClass {
  /** The class's name, written large in its band; empty for a band too narrow for it. */
  readonly name: string
  /** Where the band starts and ends, as cumulative shares of customers. */
  readonly from: number
  readonly to: number
  /** Lines written at the foot of the band (none for a band too narrow for them). */
  readonly notes: ReadonlyArray<string>
}

/**
 * The Pareto curve: cumulative share of contribution against cumulative share of
 * customers ranked by contribution, over the classes as alternating bands, with the
 * diagonal of equal contributions and the curve's height marked at each class
 * boundary. Shares are in [0, 1]; `curve` holds (customer share, contribution share).
 */
export const paretoCurve = (options: {
  readonly plot: Plot
  readonly classes: ReadonlyArray<ParetoClass>
  readonly curve: ReadonlyArray<Point>
  readonly boundaries: ReadonlyArray<{
    readonly customerShare: number
    readonly contributionShare: number
    readonly label: string
  }>
  readonly xTitle: string
  readonly yTitle: string
}): Array<string> => {
  const { plot } = options
  const { left, right, top, bottom } = plot
  const x = linearScale([0, 1], [left, right])
  const y = linearScale([0, 1], [bottom, top])
  const accent = "#2f5597"
  const curveColour = "#c0392b"
  const body: Array<string> = []
  options.classes.forEach((band, k) => {
    const from = x(band.from)
    const to = x(band.to)
    const middle = (from + to) / 2
    body.push(
      rect(from, top, to - from, bottom - top, { fill: k % 2 === 0 ? "#eef3fb" : "#f7f9fd" }),
    )
    const base = bottom - 14 - 15 * band.notes.length
    if (band.name !== "")
      body.push(
        text(middle, base - 8, band.name, {
          "text-anchor": "middle",
          class: "halo",
          style: `font-size:22px;font-weight:700;fill:${accent}`,
        }),
      )
    band.notes.forEach((content, i) => {
      body.push(
        text(middle, base + 15 * (i + 1), content, {
          "text-anchor": "middle",
          class: "small halo",
        }),
      )
    })
  })
  // Both axes run from 0 to 100 % by the same steps.
  for (let tick = 0; tick <= 100; tick += 20) {
    const label = () => `${tick} %`
    body.push(...gridY(plot, [tick / 100], y, label), ...ticksX(plot, [tick / 100], x, label))
  }
  body.push(
    ...axisLines(plot),
    ...axisTitles(plot, { x: options.xTitle, y: options.yTitle, yOffset: 50 }),
  )
  // Equal contributions would give the diagonal.
  body.push(
    line(x(0), y(0), x(1), y(1), {
      stroke: "#9aa5b8",
      "stroke-width": 1,
      "stroke-dasharray": "4 4",
    }),
    text(0, 0, "if every customer contributed the same", {
      transform: `translate(${coordinate(x(0.62))} ${coordinate(y(0.62) - 8)}) rotate(${coordinate((-Math.atan2(bottom - top, right - left) * 180) / Math.PI)})`,
      "text-anchor": "middle",
      class: "small halo",
      style: "fill:#6b778c",
    }),
  )
  for (const boundary of options.boundaries)
    body.push(
      line(x(boundary.customerShare), top, x(boundary.customerShare), bottom, {
        stroke: accent,
        "stroke-dasharray": "5 3",
      }),
    )
  if (options.curve.length > 1)
    body.push(
      polyline(
        options.curve.map(([customers, contribution]) => [x(customers), y(contribution)]),
        {
          fill: "none",
          stroke: curveColour,
          "stroke-width": 2.5,
          "stroke-linejoin": "round",
        },
      ),
    )
  for (const boundary of options.boundaries) {
    const px = x(boundary.customerShare)
    const py = y(boundary.contributionShare)
    body.push(
      circle(px, py, 4, { fill: curveColour }),
      text(px - 7, py - 8, boundary.label, {
        "text-anchor": "end",
        class: "small",
        "font-weight": 600,
      }),
    )
  }
  return body
}
