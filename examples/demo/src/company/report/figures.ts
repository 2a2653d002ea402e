/**
 * The HTML report's pictures, one function per picture, each drawing a section of the
 * company report (../sections.ts) with the charts of ./charts.ts into an inline SVG
 * that names what it shows (`role="img"`, a title and a description for screen
 * readers). Nothing here reads a clock or a random source: the same section gives the
 * same bytes.
 */
import type {
  ArchiveSection,
  ChurnSection,
  ComplaintsSection,
  Count,
  LoyaltySection,
  LoyaltyType,
  ReturnsSection,
  SegmentationSection,
  VisitsSection,
} from "../sections.js"
import {
  axisLines,
  axisTitles,
  type Bar,
  barList,
  type Chart,
  columnChart,
  dots,
  gridY,
  histogram,
  ink,
  linearScale,
  lineChart,
  niceStep,
  type ParetoClass,
  type Plot,
  palette,
  paretoColumns,
  paretoCurve,
  seriesColours,
  sparkline,
  ticksX,
} from "./charts.js"
import { grouped, percent, percentOf, quantity } from "./format.js"
import { line, type Point, rect, svgDocument, text } from "./svg.js"

/** Frames a chart as an inline SVG labelled by `title` and `description`. */
const inline = (id: string, title: string, description: string, chart: Chart): string =>
  svgDocument(
    { width: chart.width, height: chart.height, id: `${id}-title`, title, description },
    chart.body,
  )

/** The widths of a picture across the page and of one of two side by side. */
const wide = 880
const half = 430

const sum = (values: ReadonlyArray<number>) => values.reduce((total, value) => total + value, 0)

const countBars = (items: ReadonlyArray<Count>, colour: string): ReadonlyArray<Bar> =>
  items.map(({ label, count }) => ({ label, value: count, colour }))

const listed = (items: ReadonlyArray<Count>) =>
  items.length === 0
    ? "none"
    : items.map(({ label, count }) => `${label} ${grouped(count)}`).join(", ")

/* Segmentation. */

/** The Pareto curve of contribution with the ABCD classes as bands (SEG-4). */
export const paretoFigure = (section: SegmentationSection): string => {
  const plot: Plot = { left: 80, right: wide - 30, top: 16, bottom: 380 }
  const customers = sum(section.abcd.map((abcd) => abcd.customers))
  const classes: Array<ParetoClass> = []
  const boundaries: Array<{ customerShare: number; contributionShare: number; label: string }> = []
  let before = 0
  let contributionBefore = 0
  section.abcd.forEach((abcd, k) => {
    if (customers === 0) return
    const from = before / customers
    const to = (before + abcd.customers) / customers
    const band = (to - from) * (plot.right - plot.left)
    classes.push({
      name: band >= 24 ? abcd.name : "",
      from,
      to,
      notes:
        band >= 120
          ? [
              `${percentOf(abcd.customers, customers)} of customers`,
              `${percent(abcd.contributionShare)} of contribution`,
            ]
          : [],
    })
    before += abcd.customers
    contributionBefore += abcd.contributionShare
    if (k < section.abcd.length - 1)
      boundaries.push({
        customerShare: to,
        contributionShare: Math.min(1, Math.max(0, contributionBefore)),
        label: percent(contributionBefore),
      })
  })
  const curve: Array<Point> = section.pareto.map((point) => [
    point.customerShare,
    point.contributionShare,
  ])
  return inline(
    "pareto",
    `Pareto curve of ${section.year} contribution with the ABCD classes`,
    `Cumulative share of contribution against cumulative share of customers ranked by contribution. ${section.abcd
      .map(
        (abcd) =>
          `Class ${abcd.name}: ${percentOf(abcd.customers, customers)} of customers, ${percent(abcd.contributionShare)} of contribution.`,
      )
      .join(" ")}`,
    {
      width: wide,
      height: 440,
      body: paretoCurve({
        plot,
        classes,
        curve,
        boundaries,
        xTitle: "customers, ranked by contribution (cumulative share)",
        yTitle: "contribution (cumulative share)",
      }),
    },
  )
}

/** Customers per tier, a bar per year side by side (SEG-1). */
export const tiersFigure = (section: SegmentationSection): string => {
  const tiers: Array<string> = []
  for (const { tiers: counts } of section.tiersByYear)
    for (const { label } of counts) if (!tiers.includes(label)) tiers.push(label)
  return inline(
    "tiers",
    "Customers per tier, year by year",
    section.tiersByYear.map(({ year, tiers: counts }) => `${year}: ${listed(counts)}.`).join(" "),
    columnChart({
      width: half,
      height: 300,
      categories: tiers,
      series: section.tiersByYear.map(({ year, tiers: counts }, k) => ({
        name: String(year),
        colour: seriesColours[k % seriesColours.length] ?? palette.blue,
        values: tiers.map((tier) => counts.find(({ label }) => label === tier)?.count ?? null),
      })),
      integer: true,
      valueLabels: true,
      yTitle: "customers",
    }),
  )
}

/** Customers per RFM segment (SEG-5). */
export const rfmFigure = (section: SegmentationSection): string =>
  inline(
    "rfm",
    `Customers per RFM segment in ${section.year}`,
    `${listed(section.rfmSegments)}.`,
    barList(countBars(section.rfmSegments, palette.blue), { width: half, colour: palette.blue }),
  )

/* Loyalty. */

/** The loyalty types' colours, the same in the picture, its legend and the tables. */
export const loyaltyColours: Readonly<Record<LoyaltyType, string>> = {
  zero: palette.grey,
  latent: palette.blue,
  inertial: palette.orange,
  high: palette.green,
}

/** Above this many customers the scatter draws an even sample of them, to keep the page light. */
const mostPoints = 4000

/** Round frequencies for the axis, on a log scale. */
const frequencyTicks = [0, 1, 2, 3, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000]

/** The fractional part, for a low-discrepancy sequence that spreads overlapping points evenly. */
const fraction = (value: number) => value - Math.floor(value)

/**
 * The loyalty matrix: every customer as a dot at (frequency, dependence) coloured by
 * type, with the policy's cuts and each quadrant's count (LOY-1, LOY-2). Frequencies are
 * whole orders, so dots spread a little around their value, each by its index (the
 * same spread on every run), and never across a cut.
 */
export const loyaltyFigure = (section: LoyaltySection): string => {
  const width = wide
  const height = 500
  const plot: Plot = { left: 76, right: 640, top: 16, bottom: 430 }
  const total = sum(Object.values(section.counts))
  const finite = section.points.filter(
    (point) => Number.isFinite(point.frequency) && Number.isFinite(point.dependence),
  )
  const mostOrders = Math.max(
    1,
    section.thresholds.frequency + 1,
    ...finite.map((p) => p.frequency),
  )
  const toLog = (frequency: number) => Math.log1p(Math.max(0, frequency))
  const xLog = linearScale([0, toLog(mostOrders)], [plot.left + 24, plot.right - 12])
  const x = (frequency: number) => xLog(toLog(frequency))
  // Room above and below the dots for the quadrants' names.
  const y = linearScale([0, 1], [plot.bottom - 44, plot.top + 44])
  // Whole orders against a whole cut: the line goes between the last low and first high count.
  const wholeOrders =
    Number.isInteger(section.thresholds.frequency) &&
    finite.every((point) => Number.isInteger(point.frequency))
  const cutX = x(section.thresholds.frequency + (wholeOrders ? 0.5 : 0))
  const cutY = y(section.thresholds.dependence)
  const high = (type: LoyaltyType) => ({
    frequency: type === "inertial" || type === "high",
    dependence: type === "latent" || type === "high",
  })

  const body: Array<string> = []
  const quadrants: ReadonlyArray<{
    type: LoyaltyType
    x: number
    y: number
    w: number
    h: number
  }> = [
    { type: "latent", x: plot.left, y: plot.top, w: cutX - plot.left, h: cutY - plot.top },
    { type: "high", x: cutX, y: plot.top, w: plot.right - cutX, h: cutY - plot.top },
    { type: "zero", x: plot.left, y: cutY, w: cutX - plot.left, h: plot.bottom - cutY },
    { type: "inertial", x: cutX, y: cutY, w: plot.right - cutX, h: plot.bottom - cutY },
  ]
  for (const quadrant of quadrants)
    body.push(
      rect(quadrant.x, quadrant.y, Math.max(0, quadrant.w), Math.max(0, quadrant.h), {
        fill: loyaltyColours[quadrant.type],
        "fill-opacity": 0.07,
      }),
    )
  const ticks = frequencyTicks.filter((tick) => tick <= mostOrders)
  body.push(
    ...gridY(plot, [0, 0.25, 0.5, 0.75, 1], y, (share) => `${Math.round(share * 100)} %`),
    ...ticksX(plot, ticks, x, String),
  )

  // An even sample when there are very many customers; every one otherwise.
  const stride = Math.max(1, Math.ceil(finite.length / mostPoints))
  const byType: Record<LoyaltyType, Array<Point>> = { zero: [], latent: [], inertial: [], high: [] }
  finite.forEach((point, i) => {
    if (i % stride !== 0) return
    const side = high(point.type)
    const spreadX = wholeOrders ? 0.36 * (x(point.frequency + 1) - x(point.frequency)) : 0
    let px = x(point.frequency) + (fraction(i * 0.7548776662466927) - 0.5) * 2 * spreadX
    let py =
      y(Math.min(1, Math.max(0, point.dependence))) + (fraction(i * 0.5698402909980532) - 0.5) * 10
    // A dot stays on its side of each cut, whatever the spread.
    px = side.frequency ? Math.max(px, cutX + 2) : Math.min(px, cutX - 2)
    py = side.dependence ? Math.min(py, cutY - 2) : Math.max(py, cutY + 2)
    px = Math.min(Math.max(px, plot.left + 2), plot.right - 2)
    py = Math.min(Math.max(py, plot.top + 2), plot.bottom - 2)
    byType[point.type].push([px, py])
  })
  for (const type of ["zero", "latent", "inertial", "high"] as const)
    body.push(dots(byType[type], 2.2, { fill: loyaltyColours[type], "fill-opacity": 0.55 }))

  // The cuts, and each quadrant's name and count in its outer corner.
  body.push(
    line(cutX, plot.top, cutX, plot.bottom, { stroke: "#333", "stroke-width": 1.5 }),
    line(plot.left, cutY, plot.right, cutY, { stroke: "#333", "stroke-width": 1.5 }),
    rect(plot.left, plot.top, plot.right - plot.left, plot.bottom - plot.top, {
      fill: "none",
      stroke: ink.axis,
    }),
  )
  const corners: ReadonlyArray<{ type: LoyaltyType; x: number; y: number; anchor: string }> = [
    { type: "latent", x: plot.left + 10, y: plot.top + 17, anchor: "start" },
    { type: "high", x: plot.right - 10, y: plot.top + 17, anchor: "end" },
    { type: "zero", x: plot.left + 10, y: plot.bottom - 22, anchor: "start" },
    { type: "inertial", x: plot.right - 10, y: plot.bottom - 22, anchor: "end" },
  ]
  for (const corner of corners) {
    body.push(
      text(corner.x, corner.y, `${corner.type} loyalty`, {
        "text-anchor": corner.anchor,
        class: "halo",
        style: `font-size:14px;font-weight:700;fill:${loyaltyColours[corner.type]}`,
      }),
      text(
        corner.x,
        corner.y + 16,
        `${grouped(section.counts[corner.type])} customers, ${percentOf(section.counts[corner.type], total)}`,
        { "text-anchor": corner.anchor, class: "small halo" },
      ),
    )
  }
  body.push(
    ...axisLines(plot),
    ...axisTitles(plot, {
      x: `frequency: orders in ${section.year} (log scale)`,
      y: "dependence (share of the customer's buying)",
      yOffset: 56,
    }),
  )

  // The legend: the types, the cuts and how the dots were placed.
  const legendX = plot.right + 26
  body.push(
    text(legendX, plot.top + 14, "Loyalty types (LOY-1)", {
      style: "font-size:13px;font-weight:600",
    }),
  )
  ;(["high", "latent", "inertial", "zero"] as const).forEach((type, k) => {
    const rowY = plot.top + 40 + 22 * k
    body.push(
      rect(legendX, rowY - 9, 12, 12, { fill: loyaltyColours[type], rx: 6 }),
      text(legendX + 18, rowY + 1, `${type}: ${grouped(section.counts[type])}`, {
        class: "small",
      }),
    )
  })
  const notes = [
    "The cuts (LOY-2):",
    `high frequency: more than ${quantity(section.thresholds.frequency)}`,
    "orders in the year;",
    `high dependence: above ${percent(section.thresholds.dependence)}.`,
    "",
    "Dots on the same count of",
    "orders are spread a little so",
    "that they do not hide each",
    "other; none crosses a cut.",
    ...(stride > 1 ? ["", `One customer in ${stride} drawn.`] : []),
  ]
  notes.forEach((content, k) => {
    if (content !== "")
      body.push(
        text(legendX, plot.top + 148 + 16 * k, content, {
          class: "small",
          style: k === 0 ? "font-weight:600" : "fill:#555",
        }),
      )
  })
  return inline(
    "loyalty",
    `The loyalty matrix of ${section.year}: customers by frequency and dependence`,
    `${grouped(total)} customers. ${(["high", "latent", "inertial", "zero"] as const)
      .map(
        (type) =>
          `${type} loyalty: ${grouped(section.counts[type])} (${percentOf(section.counts[type], total)})`,
      )
      .join(
        ", ",
      )}. High frequency above ${quantity(section.thresholds.frequency)} orders, high dependence above ${percent(section.thresholds.dependence)}.`,
    { width, height, body },
  )
}

/* Complaints. */

/** SLA attainment per target: the share of decided deadlines met (CMP-5). */
export const attainmentFigure = (section: ComplaintsSection): string =>
  inline(
    "sla-attainment",
    "SLA attainment per target",
    section.attainment
      .map(
        (row) =>
          `${row.target}: ${percent(row.attainment)} (${grouped(row.hit)} met, ${grouped(row.missed)} missed)`,
      )
      .join("; "),
    barList(
      section.attainment.map((row) => ({
        label: row.target,
        value: row.attainment ?? 0,
        note: `${percent(row.attainment)} · ${grouped(row.hit)} of ${grouped(row.hit + row.missed)}`,
      })),
      { width: half, colour: palette.blue, max: 1 },
    ),
  )

/** The lowest round share under every month's attainment, so that the line's changes show. */
const attainmentFloor = (values: ReadonlyArray<number>): number => {
  const lowest = Math.min(1, ...values)
  return lowest >= 0.5 ? Math.max(0, Math.floor((lowest - 0.02) * 10) / 10) : 0
}

/** SLA attainment of every target together, month by month (CMP-5). */
export const attainmentByMonthFigure = (section: ComplaintsSection): string => {
  const values = section.attainmentByMonth.map(({ attainment }) =>
    attainment === null || !Number.isFinite(attainment)
      ? null
      : Math.min(1, Math.max(0, attainment)),
  )
  const floor = attainmentFloor(values.filter((value): value is number => value !== null))
  const step = niceStep((1 - floor) / 5)
  const ticks: Array<number> = []
  for (let tick = floor; tick <= 1 + 1e-9; tick += step) ticks.push(Math.round(tick * 1e6) / 1e6)
  return inline(
    "sla-by-month",
    "SLA attainment month by month, every target together",
    section.attainmentByMonth.map((row) => `${row.month}: ${percent(row.attainment)}`).join(", "),
    lineChart({
      width: wide,
      height: 280,
      categories: section.attainmentByMonth.map(({ month }) => month),
      series: [{ name: "attainment", colour: palette.blue, values }],
      domain: [floor, 1],
      ticks,
      format: (share) => `${Math.round(share * 100)} %`,
      yTitle: "deadlines met",
    }),
  )
}

/** SLA breaches per target (CMP-5). */
export const breachesFigure = (section: ComplaintsSection): string =>
  inline(
    "sla-breaches",
    "SLA breaches per target",
    `${listed(section.breaches.byTarget)}.`,
    barList(countBars(section.breaches.byTarget, palette.vermillion), {
      width: half,
      colour: palette.vermillion,
    }),
  )

/** Root causes in descending order with their cumulative share (CMP-10). */
export const rootCauseFigure = (section: ComplaintsSection): string =>
  inline(
    "root-causes",
    "Root causes of complaints: a Pareto chart",
    `Complaints per root cause, most frequent first: ${listed([...section.rootCauses].sort((a, b) => b.count - a.count))}.`,
    paretoColumns(section.rootCauses, {
      width: wide,
      height: 320,
      colour: palette.sky,
      lineColour: palette.vermillion,
    }),
  )

/* Returns. */

/** Request lines per return reason (RET-*). */
export const returnReasonsFigure = (section: ReturnsSection): string =>
  inline(
    "return-reasons",
    "Return request lines per reason",
    `${listed(section.byReason)}.`,
    barList(countBars(section.byReason, palette.orange), { width: half, colour: palette.orange }),
  )

/** Return cases per outcome (RET-*). */
export const returnOutcomesFigure = (section: ReturnsSection): string =>
  inline(
    "return-outcomes",
    "Return cases per outcome",
    `${listed(section.byOutcome)}.`,
    barList(countBars(section.byOutcome, palette.blue), { width: half, colour: palette.blue }),
  )

/** Request lines per reason class (RET-*). */
export const returnClassesFigure = (section: ReturnsSection): string =>
  inline(
    "return-classes",
    "Return request lines per reason class",
    `${listed(section.byReasonClass)}.`,
    barList(countBars(section.byReasonClass, palette.purple), {
      width: half,
      colour: palette.purple,
    }),
  )

/* Visits. */

/** Visit adherence per tier: the share of due visits done, and done on time (VIS-*). */
export const adherenceFigure = (section: VisitsSection): string =>
  inline(
    "visit-adherence",
    "Visit adherence per tier",
    section.adherence
      .map((row) => `${row.tier}: ${percent(row.rate)} done, ${percent(row.onTimeRate)} on time`)
      .join("; "),
    columnChart({
      width: half,
      height: 300,
      categories: section.adherence.map(({ tier }) => tier),
      series: [
        { name: "done", colour: palette.blue, values: section.adherence.map(({ rate }) => rate) },
        {
          name: "done on time",
          colour: palette.orange,
          values: section.adherence.map(({ onTimeRate }) => onTimeRate),
        },
      ],
      max: 1,
      format: (share) => `${Math.round(share * 100)} %`,
      valueLabels: true,
    }),
  )

/** Feedback cards per score 1 … 5 (VIS-*). */
export const feedbackFigure = (section: VisitsSection): string =>
  inline(
    "visit-feedback",
    "Feedback cards per score",
    `${listed(section.feedback.distribution)}.`,
    columnChart({
      width: half,
      height: 300,
      categories: section.feedback.distribution.map(({ label }) => label),
      series: [
        {
          name: "cards",
          colour: palette.green,
          values: section.feedback.distribution.map(({ count }) => count),
        },
      ],
      integer: true,
      valueLabels: true,
      yTitle: "cards",
    }),
  )

/* Churn. */

/** Customers per P(alive) bucket (CHN-*). */
export const pAliveFigure = (section: ChurnSection): string =>
  inline(
    "p-alive",
    `P(alive) of ${grouped(section.customers)} customers under ${section.model}`,
    `Customers per tenth of P(alive): ${section.pAlive.map(({ label, count }) => `${label}: ${grouped(count)}`).join(", ")}.`,
    histogram(
      section.pAlive.map(({ count }) => count),
      {
        width: wide,
        height: 300,
        colour: palette.blue,
        xTitle: "P(alive): the probability the customer is still buying",
        yTitle: "customers",
      },
    ),
  )

/* Archive. */

/** Documents per archive class (ARC-*). */
export const archivesFigure = (section: ArchiveSection): string =>
  inline(
    "archives",
    "Documents per archive",
    `${listed(section.archives)}.`,
    barList(countBars(section.archives, palette.blue), { width: half, colour: palette.blue }),
  )

/** What the retention sweep did, per disposition (ARC-*). */
export const sweptFigure = (section: ArchiveSection): string =>
  inline(
    "retention",
    "The retention sweep per disposition",
    `${listed(section.swept)}.`,
    barList(countBars(section.swept, palette.purple), { width: half, colour: palette.purple }),
  )

/* Scorecard. */

/** A measure's values over the periods as a small line (SQ-1). */
export const trendFigure = (
  id: string,
  measure: string,
  periods: ReadonlyArray<string>,
  values: ReadonlyArray<number | null>,
  describe: (value: number | null) => string,
): string =>
  inline(
    id,
    `Trend of ${measure}`,
    values.map((value, k) => `${periods[k] ?? `period ${k + 1}`}: ${describe(value)}`).join(", "),
    sparkline(values, { width: 84, height: 22, colour: palette.blue }),
  )
