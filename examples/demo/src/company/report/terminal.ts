/**
 * The company run's report for a terminal: one screen of plain text, about sixty lines,
 * with the overview and one compact block per section the run filled, its columns
 * aligned. Colour (ANSI escapes) only when asked for, so that the same text reads well
 * in a pipe, a log or a file.
 */
import type {
  ArchiveSection,
  ChurnSection,
  CompanyReport,
  ComplaintsSection,
  Count,
  LoyaltySection,
  LoyaltyType,
  Overview,
  ReturnsSection,
  ScorecardSection,
  SegmentationSection,
  VisitsSection,
} from "../sections.js"
import {
  dateTime,
  difference,
  duration,
  fixedTwo,
  grouped,
  hours,
  measured,
  minutes,
  missing,
  money,
  percent,
  percentOf,
  quantity,
  score,
  yearSpan,
} from "./format.js"

/** How the terminal report is written. */
export interface TerminalOptions {
  /** Colours and bold type as ANSI escapes; plain text when false or absent. */
  readonly color?: boolean
}

/** The longest a line gets before a list wraps. */
const lineWidth = 104
/** Labels of a section's lines are padded to this width. */
const labelWidth = 14

type Paint = (text: string) => string

interface Palette {
  readonly heading: Paint
  readonly dim: Paint
  readonly good: Paint
  readonly bad: Paint
  readonly accent: Paint
}

const ansi =
  (open: number, close: number): Paint =>
  (text) =>
    text === "" ? text : `\u001b[${open}m${text}\u001b[${close}m`

const plain: Paint = (text) => text

const palettes = {
  colour: {
    heading: ansi(1, 22),
    dim: ansi(2, 22),
    good: ansi(32, 39),
    bad: ansi(31, 39),
    accent: ansi(36, 39),
  },
  plain: { heading: plain, dim: plain, good: plain, bad: plain, accent: plain },
} satisfies Record<string, Palette>

/** ANSI escapes take no room on a terminal. */
const escapes = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g")

/** The width a text takes on a terminal: one column per code point, escapes aside. */
const widthOf = (text: string): number => [...text.replace(escapes, "")].length

const padEnd = (text: string, width: number) =>
  text + " ".repeat(Math.max(0, width - widthOf(text)))
const padStart = (text: string, width: number) =>
  " ".repeat(Math.max(0, width - widthOf(text))) + text

/** `text`, cut with an ellipsis to at most `width` columns. */
const cut = (text: string, width: number): string => {
  const characters = [...text]
  return characters.length <= width ? text : `${characters.slice(0, width - 1).join("")}…`
}

/** A cell of a table: its text, and how to paint it once padded. */
interface Cell {
  readonly text: string
  readonly paint?: Paint
}

/** Rows of cells as aligned columns; numbers (right-aligned columns) are named in `right`. */
const table = (
  rows: ReadonlyArray<ReadonlyArray<string | Cell>>,
  right: ReadonlySet<number>,
  indent: string,
): Array<string> => {
  const cells = rows.map((row) =>
    row.map((cell): Cell => (typeof cell === "string" ? { text: cell } : cell)),
  )
  const widths: Array<number> = []
  for (const row of cells)
    row.forEach((cell, k) => {
      widths[k] = Math.max(widths[k] ?? 0, widthOf(cell.text))
    })
  return cells.map((row) => {
    // Nothing after the last filled cell, so that no line ends in spaces, painted or not.
    const filled = row.findLastIndex((cell) => cell.text !== "")
    return (
      indent +
      row
        .slice(0, filled + 1)
        .map((cell, k) => {
          const width = k === filled && !right.has(k) ? 0 : (widths[k] ?? 0)
          const padded = right.has(k) ? padStart(cell.text, width) : padEnd(cell.text, width)
          return (cell.paint ?? plain)(padded)
        })
        .join("  ")
    )
  })
}

/** Items joined by ` · `, wrapped under the label so that no line passes `lineWidth`. */
const list = (label: string, items: ReadonlyArray<string>, palette: Palette): Array<string> => {
  const indent = `  ${" ".repeat(labelWidth)}`
  const lines: Array<string> = []
  let current = ""
  for (const item of items.length === 0 ? ["none"] : items) {
    const candidate = current === "" ? item : `${current} · ${item}`
    if (current !== "" && widthOf(indent) + widthOf(candidate) > lineWidth) {
      lines.push(current)
      current = item
    } else current = candidate
  }
  lines.push(current)
  return lines.map((content, k) =>
    k === 0 ? `  ${palette.dim(padEnd(label, labelWidth))}${content}` : `${indent}${content}`,
  )
}

/** The label of a table's first row, as wide as a list's label once the column gap is added. */
const rowLabel = (text: string, palette: Palette): Cell => ({
  text: padEnd(text, labelWidth - 2),
  paint: palette.dim,
})

const counts = (items: ReadonlyArray<Count>) =>
  items.map(({ label, count }) => `${label} ${grouped(count)}`)

/** The first items that fit on one line after the label, and how many more there are. */
const firstFew = (label: string, items: ReadonlyArray<string>, palette: Palette): Array<string> => {
  const room = lineWidth - 2 - labelWidth - " · 99 more".length
  const shown: Array<string> = []
  let width = 0
  for (const item of items) {
    const added = widthOf(item) + (shown.length === 0 ? 0 : 3)
    if (shown.length > 0 && width + added > room) break
    shown.push(item)
    width += added
  }
  const more = items.length - shown.length
  return list(label, more > 0 ? [...shown, palette.dim(`${more} more`)] : shown, palette)
}

const heading = (title: string, detail: ReadonlyArray<string>, palette: Palette) =>
  [palette.heading(title), ...detail].join(" · ")

/* The blocks, one per section. */

const overviewBlock = (overview: Overview, palette: Palette): Array<string> => {
  const total = overview.steps.reduce((sum, step) => sum + step.milliseconds, 0)
  return [
    heading(
      `Clientele demo: ${overview.company}`,
      [`seed ${overview.seed}`, `as of ${dateTime(overview.asOf, overview.zone)} ${overview.zone}`],
      palette,
    ),
    ...list(
      "run",
      [
        `history ${yearSpan(overview.years)}`,
        `amounts in ${overview.currency}`,
        `database ${overview.database}`,
      ],
      palette,
    ),
    ...list(
      "sizes",
      [
        `${grouped(overview.customers)} customers`,
        `${grouped(overview.orders)} orders`,
        `${grouped(overview.complaints)} complaints`,
        `${grouped(overview.returnRequests)} return requests`,
        `${grouped(overview.visits)} visits`,
      ],
      palette,
    ),
    ...list(
      "steps",
      [
        ...overview.steps.map((step) => `${step.name} ${duration(step.milliseconds)}`),
        palette.accent(`total ${duration(total)}`),
      ],
      palette,
    ),
  ]
}

const segmentationBlock = (section: SegmentationSection, palette: Palette): Array<string> => {
  const customers = section.abcd.reduce((sum, abcd) => sum + abcd.customers, 0)
  const years = section.tiersByYear.flatMap(({ year, tiers }, k) =>
    list(k === 0 ? "tiers" : "", [String(year), ...counts(tiers)], palette),
  )
  return [
    heading(`Segmentation ${section.year}`, [`policy ${section.policyVersion}`], palette),
    ...years,
    ...table(
      [
        [rowLabel("ABCD", palette), "class", "customers", "share", "contribution", "minutes each"],
        ...section.abcd.map((abcd) => [
          "",
          abcd.name,
          grouped(abcd.customers),
          percentOf(abcd.customers, customers),
          percent(abcd.contributionShare),
          grouped(abcd.minutesEach),
        ]),
      ],
      new Set([2, 3, 4, 5]),
      "  ",
    ),
    ...list(
      "moves",
      [
        `up ${grouped(section.moves.up)}`,
        `down ${grouped(section.moves.down)}`,
        `entered ${grouped(section.moves.entered)}`,
        `cultivation candidates ${grouped(section.cultivationCandidates)}`,
      ],
      palette,
    ),
  ]
}

const loyaltyBlock = (section: LoyaltySection, palette: Palette): Array<string> => {
  const total =
    section.counts.zero + section.counts.latent + section.counts.inertial + section.counts.high
  const countWidth = Math.max(
    ...(["zero", "latent", "inertial", "high"] as const).map((type) =>
      widthOf(grouped(section.counts[type])),
    ),
  )
  const cell = (type: LoyaltyType) =>
    ` ${padEnd(type, 9)}${padStart(grouped(section.counts[type]), countWidth)}  ${padStart(percentOf(section.counts[type], total), 7)} `
  const inner = widthOf(cell("zero"))
  const rule = "─".repeat(inner)
  const margin = " ".repeat(19)
  const { matrix, types } = section.transition
  let stayed = 0
  let moved = 0
  matrix.forEach((row, from) => {
    row.forEach((value, to) => {
      if (types[from] === types[to]) stayed += value
      else moved += value
    })
  })
  return [
    heading(
      `Loyalty ${section.year}`,
      [
        `high frequency above ${quantity(section.thresholds.frequency)} orders`,
        `high dependence above ${percent(section.thresholds.dependence)}`,
      ],
      palette,
    ),
    `${margin}  ${padEnd("low frequency", inner + 1)}high frequency`,
    `${margin}┌${rule}┬${rule}┐`,
    `  ${palette.dim(padEnd("high dependence", 17))}│${cell("latent")}│${cell("high")}│`,
    `${margin}├${rule}┼${rule}┤`,
    `  ${palette.dim(padEnd("low dependence", 17))}│${cell("zero")}│${cell("inertial")}│`,
    `${margin}└${rule}┴${rule}┘`,
    ...list(
      "year on year",
      [
        `stayed ${grouped(stayed)}`,
        `moved ${grouped(moved)}`,
        `entered ${grouped(section.transition.entered)}`,
        `left ${grouped(section.transition.left)}`,
      ],
      palette,
    ),
  ]
}

const complaintsBlock = (section: ComplaintsSection, palette: Palette): Array<string> => {
  const breachesOf = (target: string) =>
    section.breaches.byTarget.find(({ label }) => label === target)?.count
  const others = section.breaches.byTarget.filter(
    ({ label }) => !section.attainment.some(({ target }) => target === label),
  )
  const fcr = section.firstContactResolution
  const repeats = section.repeatContacts
  return [
    heading(
      "Complaints",
      [`${grouped(section.total)} in the book`, `${grouped(section.open)} open`],
      palette,
    ),
    ...table(
      [
        [rowLabel("SLA", palette), "target", "hit", "missed", "open", "attainment", "breaches"],
        ...section.attainment.map((row) => [
          "",
          row.target,
          grouped(row.hit),
          grouped(row.missed),
          grouped(row.open),
          percent(row.attainment),
          grouped(breachesOf(row.target) ?? null),
        ]),
        ...others.map((row) => ["", row.label, "", "", "", "", grouped(row.count)]),
      ],
      new Set([2, 3, 4, 5, 6]),
      "  ",
    ),
    ...firstFew("root causes", counts(section.rootCauses), palette),
    ...list(
      "quality",
      [
        `first contact resolution ${percentOf(fcr.resolvedFirstTime, fcr.firstContacts)}`,
        `repeat contacts ${percentOf(repeats.repeats, repeats.complaints)}`,
        `satisfaction ${score(section.satisfaction)}`,
      ],
      palette,
    ),
    ...list(
      "median time",
      [
        `first response ${minutes(section.medianMinutes.firstResponse)}`,
        `resolution ${minutes(section.medianMinutes.resolution)}`,
      ],
      palette,
    ),
  ]
}

const returnsBlock = (
  section: ReturnsSection,
  currency: string,
  palette: Palette,
): Array<string> => [
  heading(
    "Returns",
    [
      `${grouped(section.cases)} cases`,
      `approved ${percent(section.approvalRate)}`,
      `refunded ${money(section.refunded, currency)}`,
      `${grouped(section.exchanges)} exchanges`,
      `median ${hours(section.medianHoursToDecision)} to decide`,
    ],
    palette,
  ),
  ...list("outcomes", counts(section.byOutcome), palette),
  ...firstFew("reasons", counts(section.byReason), palette),
]

const visitsBlock = (section: VisitsSection, palette: Palette): Array<string> => [
  heading(
    "Visits",
    [
      `${grouped(section.planned)} planned`,
      `${grouped(section.visitsDone)} done`,
      `feedback ${score(section.feedback.meanScore)} from ${grouped(section.feedback.cards)} cards`,
      `${grouped(section.followUps)} follow-ups`,
    ],
    palette,
  ),
  ...table(
    [
      [
        rowLabel("adherence", palette),
        "tier",
        "due",
        "done",
        "on time",
        "overdue",
        "rate",
        "on-time rate",
      ],
      ...section.adherence.map((row) => [
        "",
        row.tier,
        grouped(row.due),
        grouped(row.done),
        grouped(row.doneOnTime),
        grouped(row.overdue),
        percent(row.rate),
        percent(row.onTimeRate),
      ]),
    ],
    new Set([2, 3, 4, 5, 6, 7]),
    "  ",
  ),
]

/** Eighths of a block, lowest to full: a bar per bucket, scaled to the largest. */
const blocks = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"] as const

const sparkline = (values: ReadonlyArray<number>): string => {
  const largest = Math.max(0, ...values)
  return values
    .map((value) =>
      largest <= 0 || !(value > 0)
        ? " "
        : (blocks[Math.min(7, Math.floor((value / largest) * 7.999))] ?? "█"),
    )
    .join("")
}

const churnBlock = (section: ChurnSection, palette: Palette): Array<string> => {
  const buckets = section.pAlive.map(({ count }) => count)
  const holdout =
    section.holdout === null
      ? []
      : [
          `holdout: expected ${quantity(section.holdout.expected)}, actual ${quantity(section.holdout.actual)} purchases`,
        ]
  return [
    heading(
      "Churn",
      [
        `${section.model} on ${grouped(section.customers)} customers`,
        ...section.parameters.map(({ name, value }) => `${name} ${fixedTwo(value)}`),
      ],
      palette,
    ),
    `  ${palette.dim(padEnd("P(alive)", labelWidth))}0 ${palette.accent(sparkline(buckets))} 1   ${buckets.map((count) => grouped(count)).join(" ")}`,
    ...list(
      "at risk",
      [`${grouped(section.atRisk)} at risk`, `${grouped(section.churned)} churned`, ...holdout],
      palette,
    ),
    ...table(
      [
        [rowLabel("top at risk", palette), "customer", "P(alive)", "expected purchases"],
        ...section.topAtRisk
          .slice(0, 5)
          .map((row) => [
            "",
            cut(row.customerId, 24),
            fixedTwo(row.pAlive),
            grouped(row.expectedPurchases, 2),
          ]),
      ],
      new Set([2, 3]),
      "  ",
    ),
  ]
}

const archiveBlock = (section: ArchiveSection, palette: Palette): Array<string> => {
  const erasure = section.erasure
  return [
    heading(
      "Archive",
      [
        `${grouped(section.reviewsOverdue)} reviews overdue`,
        `${grouped(section.retired)} retired`,
        `${grouped(section.held)} on hold`,
      ],
      palette,
    ),
    ...list("archives", counts(section.archives), palette),
    ...list("retention", counts(section.swept), palette),
    ...list(
      "erasure",
      [
        `customer ${erasure.customerId}`,
        `${grouped(erasure.deleted)} deleted`,
        `${grouped(erasure.anonymised)} anonymised`,
        `${grouped(erasure.kept)} kept under a hold`,
      ],
      palette,
    ),
  ]
}

const scorecardBlock = (section: ScorecardSection, palette: Palette): Array<string> => {
  const period = section.periods.at(-1) ?? missing
  const status = (value: ScorecardSection["measures"][number]["status"]): Cell =>
    value === "met"
      ? { text: "✓", paint: palette.good }
      : value === "not met"
        ? { text: "✗", paint: palette.bad }
        : { text: "–", paint: palette.dim }
  // SQ-2 in one line: how many were assessed, and the widest gap between self and peers.
  let widest: { staff: string; indicator: string; gap: number } | null = null
  for (const { staff, largestGap } of section.assessments)
    if (largestGap !== null && (widest === null || Math.abs(largestGap.gap) > Math.abs(widest.gap)))
      widest = { staff, ...largestGap }
  const assessed = [
    `${grouped(section.assessments.length)} staff assessed`,
    ...(widest === null
      ? []
      : [
          `widest gap ${widest.staff} on ${widest.indicator} (${difference(widest.gap)} self over peers)`,
        ]),
  ]
  return [
    heading("Scorecard", [`${period}`, `${section.periods.length} periods`], palette),
    ...table(
      [
        ["principle", "measure", period, "target", ""].map((text) => ({
          text,
          paint: palette.dim,
        })),
        ...section.measures.map((row) => [
          cut(row.principle, 18),
          cut(row.measure, 36),
          measured(row.values.at(-1) ?? null, row.unit),
          cut(row.target, 16),
          status(row.status),
        ]),
      ],
      new Set([2]),
      "  ",
    ),
    ...list("self and peer", assessed, palette),
  ]
}

/**
 * The report as terminal text, one block per section the run filled, ending with a
 * newline; ANSI colour only when `options.color` is true.
 */
export const renderTerminal = (report: CompanyReport, options: TerminalOptions = {}): string => {
  const palette = options.color === true ? palettes.colour : palettes.plain
  const blocks: Array<Array<string>> = [overviewBlock(report.overview, palette)]
  if (report.segmentation !== undefined)
    blocks.push(segmentationBlock(report.segmentation, palette))
  if (report.loyalty !== undefined) blocks.push(loyaltyBlock(report.loyalty, palette))
  if (report.complaints !== undefined) blocks.push(complaintsBlock(report.complaints, palette))
  if (report.returns !== undefined)
    blocks.push(returnsBlock(report.returns, report.overview.currency, palette))
  if (report.visits !== undefined) blocks.push(visitsBlock(report.visits, palette))
  if (report.churn !== undefined) blocks.push(churnBlock(report.churn, palette))
  if (report.archive !== undefined) blocks.push(archiveBlock(report.archive, palette))
  if (report.scorecard !== undefined) blocks.push(scorecardBlock(report.scorecard, palette))
  return `${blocks.map((block) => block.join("\n")).join("\n\n")}\n`
}
