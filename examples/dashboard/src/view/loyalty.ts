/**
 * The loyalty matrix (LOY-1 … LOY-3): the 2 × 2 grid of frequency against dependence
 * with each quadrant's customers and the headline of its service policy, the cuts the
 * policy resolved to, and a scatter of the customers — one bubble per pair of figures,
 * its area the number of customers sharing it.
 */
import type { Loyalty } from "@clientele/loyalty"
import type { Cut } from "@clientele/segmentation"
import type { Bubble, LoyaltyMatrix, Quadrant } from "../dashboard.ts"
import { html, svg } from "./dom.ts"
import { count, counted, loyaltyLabels, percent } from "./format.ts"

/** Where each type sits in the grid: high dependence on top, high frequency on the right. */
const gridOrder: ReadonlyArray<Loyalty.LoyaltyType> = ["latent", "high", "zero", "inertial"]

const investmentLabels: Readonly<Record<Loyalty.ServicePolicy["investment"], string>> = {
  low: "Low investment",
  standard: "Standard investment",
  high: "High investment",
}

/** "more than 4" or "at least 5": how a resolved cut reads. */
const cutWords = (cut: Cut.Resolved, figure: string) =>
  `${cut.inclusive ? "at least" : "more than"} ${figure}`

/** A number of categories with at most two decimals (a cut may fall between two). */
const categoriesOf = (share: number, offered: number) =>
  Number((share * offered).toFixed(2)).toLocaleString("en-GB")

const quadrantCard = (quadrant: Quadrant) =>
  html(
    "article",
    {
      class: `quadrant quadrant-${quadrant.type}`,
      "data-testid": `quadrant-${quadrant.type}`,
      "data-type": quadrant.type,
      "aria-labelledby": `quadrant-${quadrant.type}-name`,
    },
    html(
      "h3",
      {
        class: "quadrant-name",
        id: `quadrant-${quadrant.type}-name`,
        "data-testid": "quadrant-name",
      },
      loyaltyLabels[quadrant.type],
    ),
    html(
      "p",
      { class: "quadrant-figures" },
      html(
        "span",
        { class: "quadrant-count", "data-testid": "quadrant-count" },
        count(quadrant.customers),
      ),
      html("span", { class: "visually-hidden" }, " customers, "),
      html(
        "span",
        { class: "quadrant-share", "data-testid": "quadrant-share" },
        percent(quadrant.share),
      ),
    ),
    html(
      "p",
      { class: "quadrant-headline", "data-testid": "quadrant-headline" },
      quadrant.service.headline,
    ),
    html(
      "p",
      { class: "tags" },
      html(
        "span",
        { class: `tag investment-${quadrant.service.investment}` },
        investmentLabels[quadrant.service.investment],
      ),
      quadrant.service.priceSensitive
        ? html("span", { class: "tag tag-warning" }, "Price-sensitive")
        : null,
    ),
  )

const grid = (matrix: LoyaltyMatrix) => {
  const byType = new Map(matrix.quadrants.map((quadrant) => [quadrant.type, quadrant]))
  return html(
    "div",
    { class: "matrix", "data-testid": "loyalty-grid" },
    html("div", { class: "axis axis-y", "aria-hidden": "true" }, html("span", {}, "Dependence →")),
    html(
      "div",
      { class: "matrix-cells" },
      html("p", { class: "axis-caption row-caption high-row", "aria-hidden": "true" }, "High"),
      html("p", { class: "axis-caption row-caption low-row", "aria-hidden": "true" }, "Low"),
      ...gridOrder.map((type) => {
        const quadrant = byType.get(type)
        return quadrant === undefined ? null : quadrantCard(quadrant)
      }),
      html("p", { class: "axis-caption column-caption low-column", "aria-hidden": "true" }, "Low"),
      html(
        "p",
        { class: "axis-caption column-caption high-column", "aria-hidden": "true" },
        "High",
      ),
    ),
    html("div", { class: "axis axis-x", "aria-hidden": "true" }, "Frequency →"),
  )
}

const thresholds = (matrix: LoyaltyMatrix) => {
  const { frequency, dependence } = matrix.thresholds
  const term = (label: string, testId: string | undefined, description: string) =>
    html(
      "div",
      { class: "threshold" },
      html("dt", {}, label),
      html("dd", { "data-testid": testId }, description),
    )
  return html(
    "dl",
    { class: "thresholds", "data-testid": "loyalty-thresholds" },
    term(
      "High frequency",
      "threshold-frequency",
      `${cutWords(frequency, count(frequency.bound))} orders in ${matrix.year}`,
    ),
    term(
      "High dependence",
      "threshold-dependence",
      `${cutWords(dependence, categoriesOf(dependence.bound, matrix.categoriesOffered))} of the ${matrix.categoriesOffered} categories bought (${percent(dependence.bound)} of them)`,
    ),
    term(
      `Policy ${matrix.policyVersion}`,
      undefined,
      `median splits over all ${counted(matrix.customers, "customer")} on the register, ties to the low side; dependence is category breadth`,
    ),
  )
}

/** The scatter's frame, in SVG units. */
const frame = { width: 620, height: 380, left: 56, right: 600, top: 16, bottom: 330 } as const

const scatter = (matrix: LoyaltyMatrix) => {
  const { bubbles, thresholds: cuts, categoriesOffered } = matrix
  const mostOrders = Math.max(1, cuts.frequency.bound + 1, ...bubbles.map((b) => b.orders))
  // Orders have a heavy tail: a log scale keeps the many small buyers apart.
  const toLog = (orders: number) => Math.log1p(Math.max(0, orders))
  const x = (orders: number) =>
    frame.left + 14 + (toLog(orders) / toLog(mostOrders)) * (frame.right - frame.left - 28)
  const offered = Math.max(1, categoriesOffered)
  const y = (categories: number) =>
    frame.bottom - 14 - (categories / offered) * (frame.bottom - frame.top - 28)
  // Whole figures against a cut: the line runs between the last low and the first high value.
  // A cut beyond every figure (a tiny register) stays on the frame's edge.
  const within = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value))
  const cutX = within(
    x(cuts.frequency.bound + (cuts.frequency.inclusive ? -0.5 : 0.5)),
    frame.left,
    frame.right,
  )
  const cutCategories = cuts.dependence.bound * offered
  const cutY = within(
    y(cutCategories + (cuts.dependence.inclusive ? -0.5 : 0.5)),
    frame.top,
    frame.bottom,
  )
  const largest = Math.max(1, ...bubbles.map((b) => b.customers))
  const radius = (customers: number) => 2 + 14 * Math.sqrt(customers / largest)

  const orderTicks = [0, 1, 2, 5, 10, 20, 50, 100, 200, 500].filter((tick) => tick <= mostOrders)
  const categoryTicks = Array.from({ length: offered + 1 }, (_, k) => k)
  const regions: ReadonlyArray<{
    type: Loyalty.LoyaltyType
    x: number
    y: number
    w: number
    h: number
  }> = [
    { type: "latent", x: frame.left, y: frame.top, w: cutX - frame.left, h: cutY - frame.top },
    { type: "high", x: cutX, y: frame.top, w: frame.right - cutX, h: cutY - frame.top },
    { type: "zero", x: frame.left, y: cutY, w: cutX - frame.left, h: frame.bottom - cutY },
    { type: "inertial", x: cutX, y: cutY, w: frame.right - cutX, h: frame.bottom - cutY },
  ]
  const bubble = (point: Bubble) =>
    svg(
      "circle",
      {
        cx: x(point.orders).toFixed(1),
        cy: y(point.categories).toFixed(1),
        r: radius(point.customers).toFixed(1),
        class: `bubble fill-${point.type}`,
      },
      svg(
        "title",
        {},
        `${counted(point.customers, "customer")}: ${counted(point.orders, "order")}, ${point.categories} of ${categoriesOffered} categories (${loyaltyLabels[point.type].toLowerCase()})`,
      ),
    )
  // The big bubbles first, so that the small ones stay visible on top of them.
  const drawn = [...bubbles].sort((a, b) => b.customers - a.customers)

  return html(
    "figure",
    { class: "scatter" },
    html(
      "ul",
      { class: "legend" },
      ...matrix.quadrants.map((quadrant) =>
        html(
          "li",
          {},
          html("span", { class: `swatch swatch-${quadrant.type}`, "aria-hidden": "true" }),
          loyaltyLabels[quadrant.type],
        ),
      ),
      html(
        "li",
        {},
        html("span", { class: "swatch swatch-cut", "aria-hidden": "true" }),
        "The cuts",
      ),
    ),
    svg(
      "svg",
      {
        viewBox: `0 0 ${frame.width} ${frame.height}`,
        role: "img",
        "aria-labelledby": "scatter-title scatter-description",
        "data-testid": "loyalty-scatter",
      },
      svg(
        "title",
        { id: "scatter-title" },
        `Customers of ${matrix.year} by orders and categories bought`,
      ),
      svg(
        "desc",
        { id: "scatter-description" },
        `${counted(matrix.customers, "customer")} drawn as ${counted(bubbles.length, "bubble")}, one per pair of figures; the cuts divide the four loyalty types.`,
      ),
      ...regions.map((region) =>
        svg("rect", {
          x: region.x,
          y: region.y,
          width: Math.max(0, region.w),
          height: Math.max(0, region.h),
          class: `region fill-${region.type}`,
        }),
      ),
      ...orderTicks.map((tick) =>
        svg(
          "g",
          { class: "tick" },
          svg("line", {
            x1: x(tick),
            x2: x(tick),
            y1: frame.top,
            y2: frame.bottom,
            class: "grid-line",
          }),
          svg("text", { x: x(tick), y: frame.bottom + 16, "text-anchor": "middle" }, tick),
        ),
      ),
      ...categoryTicks.map((tick) =>
        svg(
          "g",
          { class: "tick" },
          svg("line", {
            x1: frame.left,
            x2: frame.right,
            y1: y(tick),
            y2: y(tick),
            class: "grid-line",
          }),
          svg("text", { x: frame.left - 8, y: y(tick) + 4, "text-anchor": "end" }, tick),
        ),
      ),
      ...drawn.map(bubble),
      svg("line", { x1: cutX, x2: cutX, y1: frame.top, y2: frame.bottom, class: "cut-line" }),
      svg("line", { x1: frame.left, x2: frame.right, y1: cutY, y2: cutY, class: "cut-line" }),
      svg("rect", {
        x: frame.left,
        y: frame.top,
        width: frame.right - frame.left,
        height: frame.bottom - frame.top,
        class: "plot-border",
      }),
      svg(
        "text",
        {
          x: (frame.left + frame.right) / 2,
          y: frame.height - 12,
          "text-anchor": "middle",
          class: "axis-title",
        },
        `Orders in ${matrix.year} (log scale)`,
      ),
      svg(
        "text",
        {
          x: 0,
          y: 0,
          transform: `translate(16 ${(frame.top + frame.bottom) / 2}) rotate(-90)`,
          "text-anchor": "middle",
          class: "axis-title",
        },
        `Categories bought (of ${categoriesOffered})`,
      ),
    ),
    html(
      "figcaption",
      {},
      `Each bubble is the customers with the same orders and categories; its area counts them (the largest: ${count(largest)}). The lines are the cuts.`,
    ),
  )
}

/** The loyalty section of the page. */
export const loyaltySection = (matrix: LoyaltyMatrix): HTMLElement =>
  html(
    "section",
    { class: "card", "data-testid": "loyalty", "aria-labelledby": "loyalty-title" },
    html(
      "header",
      { class: "card-header" },
      html("h2", { id: "loyalty-title" }, `Loyalty matrix ${matrix.year}`),
      html(
        "p",
        { class: "card-subtitle" },
        `${counted(matrix.customers, "customer")} by how often they buy and how much they depend on the company, with the service each quadrant gets`,
      ),
    ),
    html("div", { class: "loyalty-layout" }, grid(matrix), scatter(matrix)),
    thresholds(matrix),
  )
