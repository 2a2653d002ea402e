/**
 * The SLA board (CMP-4): each target's attainment over the complaint book, the open
 * complaints with the status and deadline of their most urgent target on the desk's
 * wall clock, and the latest breaches.
 */
import type { Reports } from "@clientele/complaints"
import type { Dashboard, OpenComplaint, SlaBoard, TargetAttainment, Urgency } from "../dashboard.ts"
import { html } from "./dom.ts"
import {
  count,
  counted,
  dateTime,
  dueFromNow,
  isoInstant,
  percent,
  stateLabels,
  targetDescriptions,
  targetLabels,
  urgencyLabels,
} from "./format.ts"

/** How many open complaints of each status the table lists; the rest are counted. */
const rowsPerStatus = 5

/** The statuses in the order the board reads them: the most urgent first. */
const statusOrder: ReadonlyArray<Urgency> = ["breached", "atRisk", "running", "paused"]

const attainmentCard = (row: TargetAttainment) => {
  const judged = row.hit + row.missed + row.breachedOpen
  const value = row.attainment === null ? null : Math.round(row.attainment * 1000) / 10
  return html(
    "article",
    { class: "attainment", "data-testid": `sla-target-${row.target}`, "data-target": row.target },
    html("h3", { class: "attainment-name" }, targetLabels[row.target]),
    html(
      "p",
      { class: "attainment-value", "data-testid": "sla-attainment" },
      percent(row.attainment),
    ),
    html(
      "div",
      {
        class: "bar",
        role: "meter",
        "aria-label": `${targetLabels[row.target]} attainment`,
        "aria-valuemin": 0,
        "aria-valuemax": 100,
        "aria-valuenow": value ?? undefined,
        "aria-valuetext": percent(row.attainment),
      },
      html("div", {
        class: `bar-fill ${value === null ? "" : value >= 90 ? "good" : value >= 75 ? "fair" : "poor"}`,
        style: `width: ${value ?? 0}%`,
      }),
    ),
    html(
      "p",
      { class: "attainment-detail" },
      `${count(row.hit)} hit of ${count(judged)} judged · ${count(row.missed)} late · ${count(row.breachedOpen)} open past due`,
    ),
    html("p", { class: "attainment-caption" }, targetDescriptions[row.target]),
  )
}

const statusBadge = (status: Urgency) =>
  html(
    "span",
    { class: `badge status-${status}`, "data-testid": "sla-status" },
    urgencyLabels[status],
  )

const statusSummary = (board: SlaBoard) =>
  html(
    "ul",
    { class: "status-summary", "aria-label": "Open complaints by SLA status" },
    ...statusOrder.map((status) =>
      html(
        "li",
        { "data-testid": `status-count-${status}` },
        statusBadge(status),
        html("strong", {}, count(board.statusCounts[status])),
      ),
    ),
  )

const openTable = (board: SlaBoard, now: number, zone: string) => {
  if (board.open.length === 0)
    return html(
      "p",
      { class: "empty", "data-testid": "open-complaints-empty" },
      "No open complaint has a target running.",
    )
  const row = (complaint: OpenComplaint) =>
    html(
      "tr",
      { "data-testid": "open-complaint-row", "data-status": complaint.status },
      html("th", { scope: "row" }, html("code", {}, complaint.complaintId)),
      html("td", {}, complaint.customerId),
      html("td", {}, complaint.category),
      html("td", {}, stateLabels[complaint.state]),
      html("td", {}, targetLabels[complaint.target]),
      html("td", {}, statusBadge(complaint.status)),
      complaint.dueAt === null
        ? html("td", {}, "no deadline while waiting on the customer")
        : html(
            "td",
            {},
            html(
              "time",
              { datetime: isoInstant(complaint.dueAt) },
              dateTime(complaint.dueAt, zone),
            ),
            html("span", { class: "relative" }, dueFromNow(complaint.dueAt, now)),
          ),
    )
  // One group per status, so that a long tail of breaches does not hide the targets
  // still running: each group lists its most urgent few.
  const groups = statusOrder.flatMap((status) => {
    const members = board.open.filter((complaint) => complaint.status === status)
    if (members.length === 0) return []
    const shown = members.slice(0, rowsPerStatus)
    return [
      html(
        "tbody",
        { "data-testid": `open-complaints-${status}` },
        html(
          "tr",
          { class: "group-row" },
          html(
            "th",
            { colspan: 7, scope: "rowgroup" },
            `${urgencyLabels[status]}: ${counted(members.length, "complaint")}`,
            shown.length < members.length ? ` (the ${shown.length} most urgent shown)` : "",
          ),
        ),
        ...shown.map(row),
      ),
    ]
  })
  return html(
    "div",
    { class: "table-scroll" },
    html(
      "table",
      { "data-testid": "open-complaints" },
      html(
        "caption",
        {},
        `${counted(board.open.length, "open complaint")} with a target running, the earliest deadline first in each status`,
        board.openWithoutTarget > 0
          ? `; ${count(board.openWithoutTarget)} more await only their closing`
          : "",
      ),
      html(
        "thead",
        {},
        html(
          "tr",
          {},
          ...[
            "Complaint",
            "Customer",
            "Category",
            "State",
            "Target",
            "SLA status",
            `Due (${zone})`,
          ].map((heading) => html("th", { scope: "col" }, heading)),
        ),
      ),
      ...groups,
    ),
  )
}

const breachesTable = (board: SlaBoard, zone: string) => {
  if (board.latestBreaches.length === 0)
    return html(
      "p",
      { class: "empty", "data-testid": "latest-breaches-empty" },
      "No target was ever breached.",
    )
  const row = (breach: Reports.Breach) =>
    html(
      "tr",
      { "data-testid": "breach-row" },
      html("th", { scope: "row" }, html("code", {}, breach.complaintId)),
      html("td", {}, targetLabels[breach.target]),
      html(
        "td",
        {},
        html("time", { datetime: isoInstant(breach.dueAt) }, dateTime(breach.dueAt, zone)),
      ),
      html(
        "td",
        {},
        breach.completedAt === undefined
          ? html("span", { class: "badge status-breached" }, "Still open")
          : html(
              "time",
              { datetime: isoInstant(breach.completedAt) },
              dateTime(breach.completedAt, zone),
            ),
      ),
    )
  return html(
    "div",
    { class: "table-scroll" },
    html(
      "table",
      { "data-testid": "latest-breaches" },
      html(
        "caption",
        {},
        `The latest ${board.latestBreaches.length} of ${counted(board.breaches, "breach", "breaches")}, by deadline`,
      ),
      html(
        "thead",
        {},
        html(
          "tr",
          {},
          ...["Complaint", "Target", `Due (${zone})`, "Completed"].map((heading) =>
            html("th", { scope: "col" }, heading),
          ),
        ),
      ),
      html("tbody", {}, ...board.latestBreaches.map(row)),
    ),
  )
}

/** The SLA section of the page. */
export const slaSection = (dashboard: Dashboard): HTMLElement => {
  const board = dashboard.sla
  const { asOf, zone } = dashboard.company
  return html(
    "section",
    { class: "card", "data-testid": "sla", "aria-labelledby": "sla-title" },
    html(
      "header",
      { class: "card-header" },
      html("h2", { id: "sla-title" }, "SLA board"),
      html(
        "p",
        { class: "card-subtitle" },
        `${counted(board.complaints, "complaint")} over two years, read at ${dateTime(asOf, zone)}; attainment is hit ÷ (hit + late + open past due), every cycle and update round counted`,
      ),
    ),
    html(
      "div",
      { class: "attainment-grid", "data-testid": "sla-targets" },
      ...board.targets.map(attainmentCard),
    ),
    html(
      "div",
      { class: "sla-columns" },
      html(
        "div",
        {},
        html("h3", { class: "subheading" }, "Open complaints"),
        statusSummary(board),
        openTable(board, asOf, zone),
      ),
      html(
        "div",
        {},
        html("h3", { class: "subheading" }, "Latest breaches"),
        breachesTable(board, zone),
      ),
    ),
  )
}
