/**
 * Draws the guides' pictures from the demo's data: the seeded two-year history of
 * `./history.ts`, classified by the public API of `@clientele/segmentation` and
 * `@clientele/loyalty`. Writes three self-contained SVG files, the same bytes on every
 * run:
 *
 * - `docs/guides/images/pareto-curve.svg`: the cumulative share of contribution
 *   against the cumulative share of customers ranked by contribution, 2024, with the
 *   ABCD classes marked;
 * - `docs/guides/images/loyalty-matrix.svg`: 2024's customers in the loyalty
 *   matrix, frequency by dependence, with the thresholds and each quadrant's count;
 * - `docs/guides/images/churn-p-alive.svg`: P(alive) under BG/NBD fitted on the CDNOW
 *   sample (`./churn.ts`) against the weeks since the last purchase, for 1, 2, 5 and
 *   10 repeat purchases, and beside it the one-time buyers' P(alive) under MBG/NBD
 *   against the weeks since their purchase.
 *
 * Run it with `pnpm --filter @clientele/example-demo run pictures`.
 */
import { mkdirSync, writeFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { BgNbd, Summary as CustomerBase, MbgNbd } from "@clientele/churn"
import { Loyalty } from "@clientele/loyalty"
import { Classification, Policy, Summary } from "@clientele/segmentation"
import * as Either from "effect/Either"
import { cdnowOptions, cdnowTransactions } from "./churn.js"
import {
  axisLines,
  axisTitles,
  chartStyle,
  paretoCurve as drawParetoCurve,
  gridY,
  ink,
  ticksX,
} from "./company/report/charts.js"
import { fixedTwo, grouped, percentOf as share } from "./company/report/format.js"
import {
  type Attributes,
  circle,
  line,
  type Point,
  polyline,
  rect,
  svgDocument,
  text,
} from "./company/report/svg.js"
import {
  categories,
  currency,
  generateHistory,
  ordersOf,
  registeredBy,
  yearPeriod,
} from "./history.js"

const year = 2024
const history = generateHistory()
const summaries = Either.getOrThrow(
  Summary.fromTransactions(ordersOf(history, year), {
    period: yearPeriod(year),
    currency,
    customers: registeredBy(history, year),
  }),
)
const policy = Either.getOrThrow(Policy.make({ version: "tiers-v1", currency }))
const classification = Either.getOrThrow(Classification.classifyPeriod(summaries, policy))
const loyalty = Either.getOrThrow(Loyalty.classifyPeriod(summaries, Loyalty.defaultPolicy))
const n = Summary.size(summaries)

/** A picture of its own, on white, with the charts' style sheet. */
const document = (width: number, height: number, title: string, body: ReadonlyArray<string>) =>
  svgDocument(
    { width, height, title, id: "title", standalone: true, style: chartStyle, background: "#fff" },
    body,
  )

/* The Pareto curve of 2024's contribution, with the ABCD classes (SEG-4). */

const paretoCurve = (): string => {
  const contribution = Array.from(summaries.contribution).sort((a, b) => b - a)
  const total = contribution.reduce((sum, value) => sum + value, 0)
  const cumulative = [0]
  for (const value of contribution) cumulative.push((cumulative.at(-1) ?? 0) + value)

  const { abcd } = classification
  const boundaries: Array<number> = []
  let members = 0
  for (const count of abcd.counts) {
    members += count
    boundaries.push(members)
  }
  const withoutPurchase = abcd.names.map((_, k) => {
    let count = 0
    for (let i = 0; i < n; i++)
      if (abcd.classOf[i] === k && !Summary.isActive(summaries, i)) count++
    return count
  })
  // Each class labelled with its share of customers and of contribution.
  const classes = abcd.names.map((name, k) => {
    const start = k === 0 ? 0 : (boundaries[k - 1] ?? 0)
    const end = boundaries[k] ?? n
    const part = (cumulative[end] ?? 0) - (cumulative[start] ?? 0)
    return {
      name,
      from: start / n,
      to: end / n,
      notes: [
        `${share(end - start, n)} of customers`,
        `${share(part, total)} of contribution`,
        ...((withoutPurchase[k] ?? 0) > 0 ? [`(${withoutPurchase[k]} bought nothing)`] : []),
      ],
    }
  })
  // Every fourth customer is enough for a smooth curve; the class boundaries are kept.
  const curve: Array<Point> = []
  const marks = new Set(boundaries)
  for (let i = 0; i <= n; i++) {
    if (i % 4 !== 0 && i !== n && !marks.has(i)) continue
    curve.push([i / n, (cumulative[i] ?? 0) / total])
  }
  const left = 80
  return document(800, 500, `Pareto curve of ${year} contribution with the ABCD classes`, [
    text(left, 32, `Contribution by customer in ${year}: the Pareto curve and the ABCD classes`, {
      class: "head",
    }),
    text(
      left,
      54,
      `${grouped(n)} customers (registered or buying in ${year}) ranked by contribution; the default ABCD classes, ties going down`,
      { class: "sub" },
    ),
    ...drawParetoCurve({
      plot: { left, right: 760, top: 84, bottom: 430 },
      classes,
      curve,
      boundaries: boundaries.slice(0, -1).map((end) => ({
        customerShare: end / n,
        contributionShare: (cumulative[end] ?? 0) / total,
        label: share(cumulative[end] ?? 0, total),
      })),
      xTitle: "customers, ranked by contribution (cumulative share)",
      yTitle: "contribution (cumulative share)",
    }),
  ])
}

/* The loyalty matrix of 2024 (LOY-1, LOY-2): one bubble per (orders, categories) pair. */

const loyaltyMatrix = (): string => {
  const width = 900
  const height = 640
  const left = 90
  const right = 630
  const top = 84
  const bottom = 560
  const centreX = (left + right) / 2
  const centreY = (top + bottom) / 2
  const offered = summaries.categories.length
  const frequencyCut = loyalty.thresholds.frequency
  const dependenceCut = loyalty.thresholds.dependence
  // The highest order count and category count on the low side of each cut.
  const lowOrders = Math.floor(frequencyCut.bound) - (frequencyCut.inclusive ? 1 : 0)
  const lowCategories =
    Math.floor(dependenceCut.bound * offered + 1e-9) - (dependenceCut.inclusive ? 1 : 0)
  let mostOrders = 0
  for (let i = 0; i < n; i++) mostOrders = Math.max(mostOrders, summaries.orders[i] as number)

  // Each half of an axis has a scale of its own, so that the cuts make the cross.
  const pad = 36
  const x = (orders: number) =>
    orders <= lowOrders
      ? left + pad + (orders / Math.max(1, lowOrders)) * (centreX - left - 2 * pad)
      : centreX +
        pad +
        (Math.log(orders / (lowOrders + 1)) / Math.log(Math.max(2, mostOrders / (lowOrders + 1)))) *
          (right - centreX - 2 * pad)
  const y = (count: number) =>
    count <= lowCategories
      ? bottom - 52 - (count / Math.max(1, lowCategories)) * (bottom - centreY - 52 - 40)
      : centreY -
        28 -
        ((count - lowCategories - 1) / Math.max(1, offered - lowCategories - 1)) *
          (centreY - top - 28 - 52)

  const cells = new Map<
    string,
    { orders: number; categories: number; count: number; code: number }
  >()
  for (let i = 0; i < n; i++) {
    const orders = summaries.orders[i] as number
    const count = summaries.categoryCount[i] as number
    const key = `${orders}|${count}`
    const cell = cells.get(key)
    if (cell === undefined)
      cells.set(key, { orders, categories: count, count: 1, code: loyalty.types[i] as number })
    else cell.count++
  }
  const largest = Math.max(...[...cells.values()].map((cell) => cell.count))
  const radius = (count: number) => 1.5 + 15 * Math.sqrt(count / largest)
  const colours = ["#7f8c8d", "#2e6fba", "#d9822b", "#2f9e44"] as const
  const shades = ["#f3f4f5", "#e8f0fa", "#fdf1e4", "#e7f6ea"] as const
  const counts = Loyalty.counts(loyalty)

  const body: Array<string> = [
    text(
      left,
      32,
      `The loyalty matrix in ${year}: ${grouped(n)} customers by frequency and dependence`,
      {
        class: "head",
      },
    ),
    text(
      left,
      54,
      "Default policy: a median split on each axis, ties going down; dependence measured by category breadth",
      { class: "sub" },
    ),
  ]
  // The quadrants, shaded, each named with its count and share.
  const quadrants = [
    { type: "latent", x: left, y: top, anchor: "start" },
    { type: "high", x: centreX, y: top, anchor: "end" },
    { type: "zero", x: left, y: centreY, anchor: "end" },
    { type: "inertial", x: centreX, y: centreY, anchor: "end" },
  ] as const
  for (const quadrant of quadrants) {
    const code = Loyalty.codeOf(quadrant.type)
    const w = centreX - left
    const h = centreY - top
    body.push(rect(quadrant.x, quadrant.y, w, h, { fill: shades[code] }))
    const lowHalf = quadrant.y === centreY
    const tx = quadrant.anchor === "start" ? quadrant.x + 12 : quadrant.x + w - 12
    const ty = lowHalf ? quadrant.y + h - 34 : quadrant.y + 22
    body.push(
      text(tx, ty, `${quadrant.type} loyalty`, {
        "text-anchor": quadrant.anchor,
        style: `font-size:15px;font-weight:700;fill:${colours[code]}`,
      }),
    )
    body.push(
      text(
        tx,
        ty + 17,
        `${grouped(counts[quadrant.type])} customers, ${share(counts[quadrant.type], n)}`,
        {
          "text-anchor": quadrant.anchor,
          class: "small",
        },
      ),
    )
  }
  // The cuts.
  body.push(line(centreX, top, centreX, bottom, { stroke: "#333", "stroke-width": 1.5 }))
  body.push(line(left, centreY, right, centreY, { stroke: "#333", "stroke-width": 1.5 }))
  body.push(rect(left, top, right - left, bottom - top, { fill: "none", stroke: "#555" }))
  body.push(
    text(centreX, top + 16, `cut: more than ${lowOrders} orders`, {
      "text-anchor": "middle",
      class: "small halo",
      style: "font-weight:600",
    }),
  )
  body.push(
    text(
      left + 8,
      centreY - 6,
      `cut: more than ${lowCategories} ${lowCategories === 1 ? "category" : "categories"}`,
      {
        class: "small halo",
        style: "font-weight:600",
      },
    ),
  )

  // Axis ticks: every order count on the low side, a few on the high side.
  const highTicks = [10, 20, 50, 100, 200, 500].filter((value) => value > lowOrders + 1)
  const orderTicks = [
    ...Array.from({ length: lowOrders + 2 }, (_, k) => k),
    ...highTicks.filter((value) => value <= mostOrders),
  ]
  for (const tick of orderTicks) {
    body.push(line(x(tick), bottom, x(tick), bottom + 5, { stroke: "#555" }))
    body.push(text(x(tick), bottom + 19, String(tick), { "text-anchor": "middle", class: "axis" }))
  }
  for (let count = 0; count <= offered; count++) {
    body.push(line(left - 5, y(count), left, y(count), { stroke: "#555" }))
    body.push(text(left - 9, y(count) + 4, String(count), { "text-anchor": "end", class: "axis" }))
  }
  body.push(
    text(centreX, bottom + 44, `frequency: orders in ${year}`, {
      "text-anchor": "middle",
      class: "axis",
    }),
  )
  body.push(
    text(0, 0, `dependence: categories bought, of the ${offered} on offer`, {
      transform: `translate(${left - 40} ${centreY}) rotate(-90)`,
      "text-anchor": "middle",
      class: "axis",
    }),
  )

  // The customers: one bubble per pair of figures, its area the number of customers.
  const ordered = [...cells.values()].sort(
    (a, b) => b.count - a.count || a.orders - b.orders || a.categories - b.categories,
  )
  for (const cell of ordered) {
    body.push(
      circle(x(cell.orders), y(cell.categories), radius(cell.count), {
        fill: colours[cell.code] ?? "#999",
        "fill-opacity": 0.55,
        stroke: colours[cell.code] ?? "#999",
        "stroke-width": 1,
      }),
    )
  }

  // The legend: what the cuts are, and the bubble sizes.
  const legendX = right + 28
  const legend = [
    "The cuts (LOY-2): median splits",
    `high frequency: more than ${lowOrders} orders`,
    `high dependence: more than ${lowCategories} of the ${offered}`,
    `categories (a breadth above ${dependenceCut.bound})`,
    `ties go down: all ${lowOrders}-order and all`,
    `${lowCategories}-category customers are low`,
  ]
  legend.forEach((content, i) => {
    body.push(
      text(
        legendX,
        top + 16 + 18 * i,
        content,
        i === 0 ? { style: "font-size:13px;font-weight:600" } : { class: "small" },
      ),
    )
  })
  body.push(
    text(legendX, top + 150, "Customers per bubble", { style: "font-size:13px;font-weight:600" }),
  )
  let by = top + 178
  for (const count of [1, 10, 100, largest]) {
    const r = radius(count)
    body.push(
      circle(legendX + 18, by, r, {
        fill: "#7f8c8d",
        "fill-opacity": 0.55,
        stroke: "#7f8c8d",
      }),
    )
    body.push(text(legendX + 42, by + 4, grouped(count), { class: "small" }))
    by += 2 * r + 14
  }
  const notes = [
    "Each half of an axis has its own",
    "scale, so the cuts meet in the",
    "middle. Customers registered",
    `without a purchase in ${year} sit at 0, 0.`,
  ]
  notes.forEach((content, i) => {
    body.push(text(legendX, by + 10 + 16 * i, content, { class: "small", style: "fill:#555" }))
  })
  return document(width, height, `The loyalty matrix of ${year}`, body)
}

/* P(alive) on CDNOW (CHN-1): BG/NBD by recency and frequency, MBG/NBD for one-time buyers. */

const churnPAlive = (): string => {
  const base = Either.getOrThrow(CustomerBase.fromTransactions(cdnowTransactions(), cdnowOptions))
  const bg = Either.getOrThrow(BgNbd.fit(base, { standardErrors: false })).parameters
  const mbg = Either.getOrThrow(MbgNbd.fit(base, { standardErrors: false })).parameters
  const customers = base.customerIds.length
  let longest = 0
  let oneTimeBuyers = 0
  let newest = Number.POSITIVE_INFINITY
  for (let i = 0; i < customers; i++) {
    const age = base.age[i] as number
    longest = Math.max(longest, age)
    if ((base.frequency[i] as number) > 0) continue
    oneTimeBuyers++
    newest = Math.min(newest, age)
  }
  // The oldest customers' T: those who first bought on 1 January 1997, 272 days = 38.86 weeks.
  const T = longest
  const width = 900
  const height = 520
  const top = 100
  const bottom = 430
  const y = (p: number) => bottom - p * (bottom - top)
  const probabilityTicks = [0, 20, 40, 60, 80, 100].map((tick) => tick / 100)
  const body: Array<string> = [
    text(80, 32, "P(alive) on CDNOW: how long a silence takes to mean a customer is gone", {
      class: "head",
    }),
    text(
      80,
      54,
      `Both models fitted by maximum likelihood on the ${grouped(customers)} customers' first 39 weeks; x: repeat purchases, t_x: when the last one was`,
      { class: "sub" },
    ),
  ]

  /** One panel's frame: the grid, the P(alive) axis, the weeks axis with its ticks and title. */
  const frame = (
    left: number,
    right: number,
    weeks: ReadonlyArray<number>,
    x: (week: number) => number,
    title: string,
    axis: string,
  ) => {
    body.push(text(left, 84, title, { style: "font-size:13px;font-weight:600" }))
    const plot = { left, right, top, bottom }
    body.push(
      ...gridY(plot, probabilityTicks, y, (p) => p.toFixed(1)),
      ...ticksX(plot, weeks, x, String),
      ...axisLines(plot),
      ...axisTitles(plot, { x: axis, y: "P(alive)", yOffset: 44 }),
    )
  }
  const curve = (points: ReadonlyArray<Point>, attrs: Attributes) =>
    polyline(points, {
      fill: "none",
      "stroke-width": 2.5,
      "stroke-linejoin": "round",
      ...attrs,
    })
  const step = 0.25

  // Left: BG/NBD, a customer observed for T weeks whose last purchase was `gap` weeks ago.
  const left1 = 80
  const right1 = 540
  const x1 = (gap: number) => left1 + (gap / T) * (right1 - left1)
  frame(
    left1,
    right1,
    [0, 5, 10, 15, 20, 25, 30, 35],
    x1,
    `BG/NBD: repeat buyers, T = ${fixedTwo(T)} weeks`,
    "weeks since the last purchase (T − t_x)",
  )
  const alive = (x: number, gap: number) =>
    BgNbd.probabilityAlive(bg, { frequency: x, recency: Math.max(0, T - gap), age: T })
  const series = [
    { x: 1, colour: "#c0392b", at: 0.3 },
    { x: 2, colour: "#d9822b", at: 0.3 },
    { x: 5, colour: "#2e6fba", at: 0.3 },
    { x: 10, colour: "#2f9e44", at: 0.3 },
  ] as const
  for (const { x, colour, at } of series) {
    const points: Array<Point> = []
    for (let k = 0; k * step <= T; k++) points.push([x1(k * step), y(alive(x, k * step))])
    points.push([x1(T), y(alive(x, T))])
    body.push(curve(points, { stroke: colour }))
    // The label sits where the curve falls through P(alive) = `at`.
    let gap = 0
    while (gap < T && alive(x, gap) > at) gap += step
    body.push(
      text(x1(gap) + 7, y(alive(x, gap)) - 5, `x = ${x}`, {
        class: "halo",
        style: `font-size:13px;font-weight:700;fill:${colour}`,
      }),
    )
  }
  // Customer 0001: x = 2, last purchase 8.43 weeks before the end (Fader, Hardie & Lee's example).
  const first = base.customerIds.indexOf("0001")
  const gap0001 = T - (base.recency[first] as number)
  const p0001 = alive(base.frequency[first] as number, gap0001)
  body.push(circle(x1(gap0001), y(p0001), 4.5, { fill: "#d9822b", stroke: "#fff" }))
  body.push(
    text(x1(gap0001) + 9, y(p0001) - 9, `customer 0001 (x = 2): ${fixedTwo(p0001)}`, {
      class: "small halo",
      style: "font-weight:600",
    }),
  )
  const notes = [
    "The more often a customer bought, the surer a",
    "recent purchase says alive, and the faster",
    "silence says gone. A customer without repeat",
    "purchases (x = 0) is alive by construction.",
  ]
  notes.forEach((content, i) => {
    body.push(
      text(right1 - 8, top + 18 + 15 * i, content, {
        "text-anchor": "end",
        class: "small halo",
        style: "fill:#555",
      }),
    )
  })

  // Right: one-time buyers, T weeks after their only purchase.
  const left2 = 630
  const right2 = 860
  const span = 52
  const x2 = (week: number) => left2 + (week / span) * (right2 - left2)
  frame(
    left2,
    right2,
    [0, 13, 26, 39, 52],
    x2,
    "One-time buyers (x = 0)",
    "weeks since the purchase (T)",
  )
  body.push(
    rect(x2(newest), top, x2(T) - x2(newest), bottom - top, { fill: "#eef3fb" }),
    text((x2(newest) + x2(T)) / 2, y(0.08), `CDNOW's ${grouped(oneTimeBuyers)}`, {
      "text-anchor": "middle",
      class: "small halo",
    }),
    text((x2(newest) + x2(T)) / 2, y(0.08) + 14, "one-time buyers", {
      "text-anchor": "middle",
      class: "small halo",
    }),
  )
  // Redrawn over the band, so that the grid shows through it.
  for (let tick = 0; tick <= 100; tick += 20)
    body.push(
      line(x2(newest), y(tick / 100), x2(T), y(tick / 100), {
        stroke: ink.grid,
        "stroke-width": 1,
      }),
    )
  body.push(
    line(x2(0), y(1), x2(span), y(1), {
      stroke: "#7f8c8d",
      "stroke-width": 2,
      "stroke-dasharray": "6 4",
    }),
    text(x2(span) - 4, y(1) + 16, "BG/NBD: 1 whatever T", {
      "text-anchor": "end",
      class: "small halo",
      style: "fill:#555;font-weight:600",
    }),
  )
  const oneTime: Array<Point> = []
  for (let k = 0; k * step <= span; k++)
    oneTime.push([
      x2(k * step),
      y(MbgNbd.probabilityAlive(mbg, { frequency: 0, recency: 0, age: k * step })),
    ])
  body.push(curve(oneTime, { stroke: "#2f5597" }))
  const atEnd = MbgNbd.probabilityAlive(mbg, { frequency: 0, recency: 0, age: T })
  body.push(
    text(x2(4), y(0.66) - 8, "MBG/NBD", {
      class: "halo",
      style: "font-size:13px;font-weight:700;fill:#2f5597",
    }),
    circle(x2(T), y(atEnd), 4, { fill: "#2f5597", stroke: "#fff" }),
    text(x2(T) + 6, y(atEnd) - 8, fixedTwo(atEnd), {
      class: "small halo",
      style: "font-weight:600",
    }),
  )
  return document(
    width,
    height,
    "P(alive) under BG/NBD and MBG/NBD fitted on the CDNOW sample",
    body,
  )
}

const folder = fileURLToPath(new URL("../../../docs/guides/images/", import.meta.url))
mkdirSync(folder, { recursive: true })
writeFileSync(`${folder}pareto-curve.svg`, paretoCurve())
writeFileSync(`${folder}loyalty-matrix.svg`, loyaltyMatrix())
writeFileSync(`${folder}churn-p-alive.svg`, churnPAlive())
console.log(
  `Wrote pareto-curve.svg and loyalty-matrix.svg (${grouped(n)} customers, ${categories.length} categories, ${year}) and churn-p-alive.svg (CDNOW) to docs/guides/images.`,
)
