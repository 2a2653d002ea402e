/**
 * The company run's report as one self-contained HTML file: a header with the run's
 * figures, a table of contents and a section per part of the report the run filled,
 * with its key figures, its pictures as inline SVG (./figures.ts) and its tables. The
 * file needs nothing else — no script, font, image or style sheet from elsewhere — so
 * it opens offline, can be mailed or archived as it is, and prints on plain pages.
 *
 * Every text from the report is escaped, and the same report always gives the same
 * bytes.
 */
import type {
  ArchiveSection,
  ChurnSection,
  CompanyReport,
  ComplaintsSection,
  LoyaltySection,
  LoyaltyType,
  Overview,
  ReturnsSection,
  ScorecardSection,
  SegmentationSection,
  VisitsSection,
} from "../sections.js"
import { chartStyle } from "./charts.js"
import {
  adherenceFigure,
  archivesFigure,
  attainmentByMonthFigure,
  attainmentFigure,
  breachesFigure,
  feedbackFigure,
  loyaltyColours,
  loyaltyFigure,
  pAliveFigure,
  paretoFigure,
  returnClassesFigure,
  returnOutcomesFigure,
  returnReasonsFigure,
  rfmFigure,
  rootCauseFigure,
  sweptFigure,
  tiersFigure,
  trendFigure,
} from "./figures.js"
import {
  dateTime,
  difference,
  duration,
  fixedTwo,
  grouped,
  hours,
  measured,
  money,
  percent,
  percentOf,
  quantity,
  score,
  shortMinutes,
  yearSpan,
} from "./format.js"
import { escapeAttribute, escapeText } from "./svg.js"

/** Markup that is written as it is; every plain string is escaped. */
interface Markup {
  readonly markup: string
}

const markup = (html: string): Markup => ({ markup: html })

type Content = string | Markup

const write = (content: Content): string =>
  typeof content === "string" ? escapeText(content) : content.markup

/* Building blocks. */

/** A column of a table: its header, whether it holds numbers (right-aligned) or short text kept on one line. */
interface Column {
  readonly header: string
  readonly numeric?: boolean
  readonly nowrap?: boolean
}

const table = (
  caption: string,
  columns: ReadonlyArray<Column>,
  rows: ReadonlyArray<ReadonlyArray<Content>>,
): string => {
  const numeric = (k: number) => columns[k]?.numeric === true
  const cellClass = (k: number) =>
    numeric(k) ? ' class="n"' : columns[k]?.nowrap === true ? ' class="nowrap"' : ""
  const head = columns
    .map(
      (column, k) =>
        `<th scope="col"${numeric(k) ? ' class="n"' : ""}>${escapeText(column.header)}</th>`,
    )
    .join("")
  const body =
    rows.length === 0
      ? `<tr><td colspan="${columns.length}" class="empty">none</td></tr>`
      : rows
          .map(
            (row) =>
              `<tr>${row.map((cell, k) => `<td${cellClass(k)}>${write(cell)}</td>`).join("")}</tr>`,
          )
          .join("\n")
  return `<table>\n<caption>${escapeText(caption)}</caption>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`
}

/** The section's headline figures as labelled tiles. */
const keyFigures = (figures: ReadonlyArray<readonly [label: string, value: string]>): string =>
  `<dl class="key">\n${figures
    .map(
      ([label, value]) => `<div><dt>${escapeText(label)}</dt><dd>${escapeText(value)}</dd></div>`,
    )
    .join("\n")}\n</dl>`

/** A picture with its caption; a wide one takes the page's width, others sit two by two. */
interface Figure {
  readonly svg: string
  readonly caption: string
  readonly wide?: boolean
}

const figures = (items: ReadonlyArray<Figure>): string =>
  `<div class="figures">\n${items
    .map(
      (item) =>
        `<figure${item.wide === true ? ' class="wide"' : ""}>\n${item.svg}\n<figcaption>${escapeText(item.caption)}</figcaption>\n</figure>`,
    )
    .join("\n")}\n</div>`

/** Tables side by side while the page is wide enough. */
const tables = (...items: ReadonlyArray<string>): string =>
  `<div class="tables">\n${items.join("\n")}\n</div>`

const paragraph = (text: string) => `<p>${escapeText(text)}</p>`

/** A loyalty type's name after a dot of its colour. */
const typeName = (type: LoyaltyType): Markup =>
  markup(
    `<span class="dot" style="background:${escapeAttribute(loyaltyColours[type])}"></span>${escapeText(type)}`,
  )

/* The sections. */

interface Section {
  readonly id: string
  readonly title: string
  readonly body: ReadonlyArray<string>
}

const segmentationSection = (section: SegmentationSection): Section => {
  const customers = section.abcd.reduce((sum, abcd) => sum + abcd.customers, 0)
  return {
    id: "segmentation",
    title: `Segmentation ${section.year}`,
    body: [
      paragraph(
        `Tiers, ABCD classes and RFM segments of ${section.year}'s customers under policy ${section.policyVersion} (SEG-1 … SEG-6).`,
      ),
      keyFigures([
        ["customers classified", grouped(customers)],
        ["moved up a tier", grouped(section.moves.up)],
        ["moved down a tier", grouped(section.moves.down)],
        ["entered", grouped(section.moves.entered)],
        ["cultivation candidates", grouped(section.cultivationCandidates)],
      ]),
      figures([
        {
          svg: paretoFigure(section),
          caption: `The Pareto curve of ${section.year}: customers ranked by contribution, with the ABCD classes as bands and the share of contribution reached at each class boundary.`,
          wide: true,
        },
      ]),
      table(
        "ABCD classes (SEG-4)",
        [
          { header: "class" },
          { header: "customers", numeric: true },
          { header: "share of customers", numeric: true },
          { header: "share of contribution", numeric: true },
          { header: "service minutes each", numeric: true },
        ],
        section.abcd.map((abcd) => [
          abcd.name,
          grouped(abcd.customers),
          percentOf(abcd.customers, customers),
          percent(abcd.contributionShare),
          grouped(abcd.minutesEach),
        ]),
      ),
      figures([
        { svg: tiersFigure(section), caption: "Customers per tier, a bar per year (SEG-1)." },
        {
          svg: rfmFigure(section),
          caption: `Customers per RFM segment in ${section.year} (SEG-5).`,
        },
      ]),
    ],
  }
}

const loyaltySection = (section: LoyaltySection): Section => {
  const { types, matrix } = section.transition
  const total =
    section.counts.zero + section.counts.latent + section.counts.inertial + section.counts.high
  return {
    id: "loyalty",
    title: `Loyalty matrix ${section.year}`,
    body: [
      paragraph(
        `Every customer of ${section.year} by purchase frequency and dependence, cut by the policy's thresholds into four loyalty types (LOY-1, LOY-2).`,
      ),
      keyFigures(
        (["high", "latent", "inertial", "zero"] as const).map((type) => [
          `${type} loyalty`,
          `${grouped(section.counts[type])} · ${percentOf(section.counts[type], total)}`,
        ]),
      ),
      figures([
        {
          svg: loyaltyFigure(section),
          caption: `The loyalty matrix of ${section.year}: a dot per customer, coloured by type, with the cuts and each quadrant's count.`,
          wide: true,
        },
      ]),
      table(
        `Moves between types, last year (rows) to ${section.year} (columns) (LOY-4)`,
        [
          { header: "from \\ to" },
          ...types.map((type) => ({ header: type, numeric: true })),
          { header: "total", numeric: true },
        ],
        types.map((type, k) => {
          const row = matrix[k] ?? []
          return [
            typeName(type),
            ...types.map((_, j) => grouped(row[j] ?? 0)),
            grouped(row.reduce((sum, value) => sum + value, 0)),
          ]
        }),
      ),
      paragraph(
        `${grouped(section.transition.entered)} customers entered this year without a type last year; ${grouped(section.transition.left)} of last year's left.`,
      ),
    ],
  }
}

const complaintsSection = (section: ComplaintsSection, overview: Overview): Section => {
  const fcr = section.firstContactResolution
  const repeats = section.repeatContacts
  return {
    id: "complaints",
    title: "Complaints and service levels",
    body: [
      paragraph(
        `The complaint book of ${yearSpan(overview.years)}: SLA attainment and breaches, root causes, first-contact resolution and repeat contacts (CMP-*).`,
      ),
      keyFigures([
        ["complaints", grouped(section.total)],
        ["still open", grouped(section.open)],
        ["resolved at first contact", percentOf(fcr.resolvedFirstTime, fcr.firstContacts)],
        ["repeat contacts", percentOf(repeats.repeats, repeats.complaints)],
        ["satisfaction (1–5)", score(section.satisfaction)],
        ["median first response", shortMinutes(section.medianMinutes.firstResponse)],
        ["median resolution", shortMinutes(section.medianMinutes.resolution)],
        ["follow-ups done", grouped(section.followUps.done)],
        ["followed up by another", grouped(section.followUps.byOther)],
        ["breaches", grouped(section.breaches.byTarget.reduce((sum, { count }) => sum + count, 0))],
      ]),
      figures([
        {
          svg: attainmentFigure(section),
          caption: "SLA attainment per target: deadlines met of those decided.",
        },
        { svg: breachesFigure(section), caption: "SLA breaches per target." },
        {
          svg: attainmentByMonthFigure(section),
          caption: "SLA attainment of every target together, month by month.",
          wide: true,
        },
        {
          svg: rootCauseFigure(section),
          caption:
            "Root causes, most frequent first, with the cumulative share of complaints they explain (CMP-10).",
          wide: true,
        },
      ]),
      tables(
        table(
          "Complaints per state",
          [
            { header: "state" },
            { header: "complaints", numeric: true },
            { header: "share", numeric: true },
          ],
          section.byState.map(({ label, count }) => [
            label,
            grouped(count),
            percentOf(count, section.total),
          ]),
        ),
        table(
          "Latest SLA breaches",
          [
            { header: "customer" },
            { header: "complaint about" },
            { header: "target" },
            { header: "due" },
            { header: "completed" },
          ],
          section.breaches.latest.map((breach) => [
            breach.customer,
            breach.category,
            breach.target,
            dateTime(breach.dueAt, overview.zone),
            breach.completedAt === null
              ? "still open"
              : dateTime(breach.completedAt, overview.zone),
          ]),
        ),
      ),
    ],
  }
}

const returnsSection = (section: ReturnsSection, overview: Overview): Section => ({
  id: "returns",
  title: "Returns and exchanges",
  body: [
    paragraph("Return requests, their reasons and how they were decided (RET-*)."),
    keyFigures([
      ["cases", grouped(section.cases)],
      ["approved in whole or part", percent(section.approvalRate)],
      ["refunded", money(section.refunded, overview.currency)],
      ["exchanges", grouped(section.exchanges)],
      ["median time to decision", hours(section.medianHoursToDecision)],
    ]),
    figures([
      { svg: returnReasonsFigure(section), caption: "Request lines per reason." },
      { svg: returnOutcomesFigure(section), caption: "Cases per outcome." },
      { svg: returnClassesFigure(section), caption: "Request lines per class of reason." },
    ]),
  ],
})

const visitsSection = (section: VisitsSection): Section => ({
  id: "visits",
  title: "Visits and contacts",
  body: [
    paragraph(
      "Contacts and visits planned from each tier's service standard, how many were done and on time, and what customers said (VIS-*).",
    ),
    keyFigures([
      ["contacts and visits planned", grouped(section.planned)],
      ["on-site visits done", grouped(section.visitsDone)],
      ["feedback cards", grouped(section.feedback.cards)],
      ["mean feedback (1–5)", score(section.feedback.meanScore)],
      ["follow-ups", grouped(section.followUps)],
    ]),
    figures([
      {
        svg: adherenceFigure(section),
        caption:
          "Adherence per tier: the share of the contacts and visits due that were done, and done on time.",
      },
      { svg: feedbackFigure(section), caption: "Feedback cards per score." },
    ]),
    table(
      "Adherence per tier",
      [
        { header: "tier" },
        { header: "due", numeric: true },
        { header: "done", numeric: true },
        { header: "on time", numeric: true },
        { header: "overdue", numeric: true },
        { header: "adherence", numeric: true },
        { header: "on-time rate", numeric: true },
      ],
      section.adherence.map((row) => [
        row.tier,
        grouped(row.due),
        grouped(row.done),
        grouped(row.doneOnTime),
        grouped(row.overdue),
        percent(row.rate),
        percent(row.onTimeRate),
      ]),
    ),
  ],
})

const churnSection = (section: ChurnSection): Section => ({
  id: "churn",
  title: "Churn",
  body: [
    paragraph(
      `${section.model} fitted on ${grouped(section.customers)} of the company's customers: how likely each is still buying, and the most valuable at risk (CHN-*).`,
    ),
    keyFigures([
      ["customers", grouped(section.customers)],
      ["at risk", grouped(section.atRisk)],
      ["churned", grouped(section.churned)],
      ...(section.holdout === null
        ? []
        : ([
            ["holdout: expected purchases", quantity(section.holdout.expected)],
            ["holdout: actual purchases", quantity(section.holdout.actual)],
          ] as const)),
    ]),
    figures([
      {
        svg: pAliveFigure(section),
        caption:
          "Customers per tenth of P(alive), the probability that a customer is still buying.",
        wide: true,
      },
    ]),
    tables(
      table(
        `${section.model} parameters`,
        [{ header: "parameter" }, { header: "value", numeric: true }],
        section.parameters.map(({ name, value }) => [name, fixedTwo(value)]),
      ),
      table(
        "Most valuable customers at risk",
        [
          { header: "customer" },
          { header: "P(alive)", numeric: true },
          { header: "expected purchases", numeric: true },
        ],
        section.topAtRisk.map((row) => [
          row.customerId,
          fixedTwo(row.pAlive),
          grouped(row.expectedPurchases, 2),
        ]),
      ),
    ),
  ],
})

const archiveSection = (section: ArchiveSection): Section => ({
  id: "archive",
  title: "Archive, retention and erasure",
  body: [
    paragraph(
      "Customer archives filed by class, reviewed and retired; old records disposed of by the retention policy; one erasure request answered (ARC-*).",
    ),
    keyFigures([
      ["documents archived", grouped(section.archives.reduce((sum, { count }) => sum + count, 0))],
      ["reviews overdue", grouped(section.reviewsOverdue)],
      ["archives retired", grouped(section.retired)],
      ["records on hold", grouped(section.held)],
    ]),
    figures([
      { svg: archivesFigure(section), caption: "Documents per archive." },
      { svg: sweptFigure(section), caption: "What the retention sweep did, per disposition." },
    ]),
    table(
      `The erasure request of customer ${section.erasure.customerId}`,
      [
        { header: "documents erased", numeric: true },
        { header: "anonymised", numeric: true },
        { header: "kept under a hold", numeric: true },
      ],
      [
        [
          grouped(section.erasure.deleted),
          grouped(section.erasure.anonymised),
          grouped(section.erasure.kept),
        ],
      ],
    ),
  ],
})

const badge = (status: ScorecardSection["measures"][number]["status"]): Markup =>
  markup(
    status === "met"
      ? '<span class="badge met">✓ met</span>'
      : status === "not met"
        ? '<span class="badge not-met">✗ not met</span>'
        : '<span class="badge no-data">– no data</span>',
  )

const scorecardSection = (section: ScorecardSection): Section => ({
  id: "scorecard",
  title: "Service-quality scorecard",
  body: [
    paragraph(
      "The seven principles of service as measures with targets, period by period (SQ-1), and the staff's self and peer assessment (SQ-2).",
    ),
    table(
      "Measures per period (SQ-1)",
      [
        { header: "principle" },
        { header: "measure" },
        { header: "target", nowrap: true },
        ...section.periods.map((period) => ({ header: period, numeric: true })),
        { header: "trend" },
        { header: "status" },
      ],
      section.measures.map((row, k) => [
        row.principle,
        row.measure,
        row.target,
        ...section.periods.map((_, p) => measured(row.values[p] ?? null, row.unit)),
        markup(
          trendFigure(`trend-${k + 1}`, row.measure, section.periods, row.values, (value) =>
            measured(value, row.unit),
          ),
        ),
        badge(row.status),
      ]),
    ),
    table(
      "Self and peer assessment (SQ-2)",
      [
        { header: "staff" },
        { header: "self total", numeric: true },
        { header: "peer total", numeric: true },
        { header: "difference", numeric: true },
        { header: "largest gap" },
      ],
      section.assessments.map((row) => [
        row.staff,
        grouped(row.selfTotal),
        grouped(row.peerTotal, 1),
        difference(row.selfTotal - row.peerTotal),
        row.largestGap === null
          ? "–"
          : `${row.largestGap.indicator} (${difference(row.largestGap.gap)})`,
      ]),
    ),
  ],
})

/* The page. */

const style = `:root{--ink:#222;--muted:#5b6472;--rule:#d9dee7;--accent:#2f5597;--tile:#f3f5f9}
*{box-sizing:border-box}
html{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:var(--ink);background:#fff}
header,nav,main,footer{max-width:960px;margin:0 auto;padding:0 24px}
header{padding-top:28px}
h1{font-size:28px;line-height:1.2;margin:0 0 4px}
.lede{color:var(--muted);margin:0 0 14px}
h2{font-size:21px;color:var(--accent);margin:44px 0 8px;padding-bottom:4px;border-bottom:2px solid var(--rule)}
nav h2{margin-top:20px}
nav ol{columns:2;margin:8px 0 0;padding-left:22px}
nav a{color:var(--accent)}
.key{display:grid;grid-template-columns:repeat(auto-fill,minmax(160px,1fr));gap:8px;margin:14px 0}
.key div{background:var(--tile);border-radius:6px;padding:8px 12px}
.key dt{font-size:12px;color:var(--muted)}
.key dd{margin:2px 0 0;font-size:18px;font-weight:600;font-variant-numeric:tabular-nums}
.figures{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:18px 24px;margin:16px 0}
figure{margin:0;break-inside:avoid}
figure.wide{grid-column:1/-1}
figure svg{display:block;width:100%;height:auto}
figcaption{font-size:13px;color:var(--muted);margin-top:4px}
.tables{display:flex;flex-wrap:wrap;gap:0 32px;align-items:flex-start}
table{border-collapse:collapse;margin:16px 0;min-width:300px;font-size:13.5px;font-variant-numeric:tabular-nums}
caption{text-align:left;font-weight:600;padding-bottom:6px}
th,td{padding:4px 10px;border-bottom:1px solid var(--rule);text-align:left;vertical-align:middle}
th{font-size:12px;font-weight:600;color:var(--muted);border-bottom:2px solid var(--rule)}
th.n,td.n{text-align:right;white-space:nowrap}
td.nowrap{white-space:nowrap}
tbody tr:nth-child(even){background:#fafbfd}
td.empty{color:var(--muted);font-style:italic}
td svg{display:block}
.dot{display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:6px}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;white-space:nowrap}
.badge.met{background:#dcf1e9;color:#00573a}
.badge.not-met{background:#fbe4d8;color:#8a3300}
.badge.no-data{background:#eceef2;color:#555}
footer{margin-top:48px;padding-top:12px;padding-bottom:32px;border-top:1px solid var(--rule);color:var(--muted);font-size:12px}
@media (max-width:720px){.figures{grid-template-columns:1fr}nav ol{columns:1}}
@media print{body{font-size:10.5pt}header,nav,main,footer{max-width:none;padding:0}h2{break-after:avoid}figure,table,.key{break-inside:avoid}nav{break-after:page}a{color:inherit;text-decoration:none}}
${chartStyle}`

const overviewHeader = (overview: Overview): string => {
  const total = overview.steps.reduce((sum, step) => sum + step.milliseconds, 0)
  return `<header>
<h1>${escapeText(overview.company)}</h1>
<p class="lede">${escapeText(
    `Clientele demo report · seed ${overview.seed} · as of ${dateTime(overview.asOf, overview.zone)} (${overview.zone}) · history ${yearSpan(overview.years)}`,
  )}</p>
${keyFigures([
  ["customers", grouped(overview.customers)],
  ["orders", grouped(overview.orders)],
  ["complaints", grouped(overview.complaints)],
  ["return requests", grouped(overview.returnRequests)],
  ["visits", grouped(overview.visits)],
])}
<p class="lede">${escapeText(`Amounts in ${overview.currency}. The run wrote its records to ${overview.database} in ${duration(total)}.`)}</p>
</header>`
}

const runSection = (overview: Overview): Section => {
  const total = overview.steps.reduce((sum, step) => sum + step.milliseconds, 0)
  return {
    id: "run",
    title: "The run",
    body: [
      paragraph("Each step of the run went through the packages' public API; its wall-clock time:"),
      table(
        "Steps",
        [
          { header: "step" },
          { header: "time", numeric: true },
          { header: "share of the run", numeric: true },
        ],
        [
          ...overview.steps.map((step) => [
            step.name,
            duration(step.milliseconds),
            percentOf(step.milliseconds, total),
          ]),
          [
            markup("<strong>total</strong>"),
            markup(`<strong>${escapeText(duration(total))}</strong>`),
            "",
          ],
        ],
      ),
    ],
  }
}

/** The report as one self-contained HTML document, the same bytes for the same report. */
export const renderHtml = (report: CompanyReport): string => {
  const { overview } = report
  const sections: Array<Section> = []
  if (report.segmentation !== undefined) sections.push(segmentationSection(report.segmentation))
  if (report.loyalty !== undefined) sections.push(loyaltySection(report.loyalty))
  if (report.complaints !== undefined) sections.push(complaintsSection(report.complaints, overview))
  if (report.returns !== undefined) sections.push(returnsSection(report.returns, overview))
  if (report.visits !== undefined) sections.push(visitsSection(report.visits))
  if (report.churn !== undefined) sections.push(churnSection(report.churn))
  if (report.archive !== undefined) sections.push(archiveSection(report.archive))
  if (report.scorecard !== undefined) sections.push(scorecardSection(report.scorecard))
  sections.push(runSection(overview))
  const contents = sections
    .map((section) => `<li><a href="#${section.id}">${escapeText(section.title)}</a></li>`)
    .join("\n")
  const main = sections
    .map(
      (section, k) =>
        `<section id="${section.id}" aria-labelledby="${section.id}-heading">\n<h2 id="${section.id}-heading">${k + 1}. ${escapeText(section.title)}</h2>\n${section.body.join("\n")}\n</section>`,
    )
    .join("\n")
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeText(`${overview.company}: Clientele demo report`)}</title>
<style>
${style}
</style>
</head>
<body>
${overviewHeader(overview)}
<nav aria-labelledby="contents-heading">
<h2 id="contents-heading">Contents</h2>
<ol>
${contents}
</ol>
</nav>
<main>
${main}
</main>
<footer>${escapeText(
    `Written by the Clientele demo from seed ${overview.seed}. This file is self-contained: it loads no script, font, image or style sheet from elsewhere.`,
  )}</footer>
</body>
</html>
`
}
