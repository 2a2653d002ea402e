/**
 * The page's frames: the header naming the company and the instant it is read at,
 * the loading panel with the replay's progress, the error panel naming the error's
 * tag, and the dashboard assembled from its sections.
 */
import type { Dashboard } from "../dashboard.ts"
import type { FailureReport } from "../messages.ts"
import type { DashboardParameters } from "../parameters.ts"
import { html } from "./dom.ts"
import { count, counted, dateTime, isoInstant } from "./format.ts"
import { loyaltySection } from "./loyalty.ts"
import { slaSection } from "./sla.ts"

const fact = (label: string, testId: string, ...value: ReadonlyArray<Node | string>) =>
  html(
    "div",
    { class: "fact" },
    html("dt", {}, label),
    html("dd", { "data-testid": testId }, ...value),
  )

const header = (dashboard: Dashboard) => {
  const { company, timings } = dashboard
  const seconds = timings.reduce((sum, timing) => sum + timing.milliseconds, 0) / 1000
  return html(
    "header",
    { class: "page-header", "data-testid": "header" },
    html(
      "div",
      { class: "title" },
      html("p", { class: "eyebrow" }, "Clientele · customer service dashboard"),
      html("h1", { "data-testid": "company-name" }, company.name),
      html(
        "p",
        { class: "lede" },
        `Computed in this browser in ${seconds.toFixed(1)} s from the demo's generated company: `,
        `${counted(company.orders, "order")} and ${counted(company.complaints, "complaint")} replayed through the Clientele packages.`,
      ),
    ),
    html(
      "dl",
      { class: "facts" },
      fact("Customers", "company-customers", count(company.customers)),
      fact("Seed", "company-seed", String(company.seed)),
      fact(
        "As of",
        "company-as-of",
        html("time", { datetime: isoInstant(company.asOf) }, dateTime(company.asOf, company.zone)),
      ),
      fact("Time zone", "company-zone", company.zone),
    ),
  )
}

/** The dashboard: its header, the loyalty matrix and the SLA board. */
export const dashboardView = (dashboard: Dashboard): HTMLElement =>
  html(
    "div",
    { class: "dashboard", "data-testid": "dashboard" },
    header(dashboard),
    loyaltySection(dashboard.loyalty),
    slaSection(dashboard),
    html(
      "footer",
      { class: "page-footer" },
      `Tenant ${dashboard.company.tenant} · `,
      dashboard.timings.map((timing) => `${timing.step}: ${timing.milliseconds} ms`).join(" · "),
      " · Another company: ",
      html("a", { href: "?customers=500&seed=7" }, "?customers=500&seed=7"),
    ),
  )

/** The loading panel, with the worker's current step and a progress bar. */
export const loadingView = (
  parameters: DashboardParameters,
): {
  readonly element: HTMLElement
  readonly startStep: (step: string, total: number) => void
  readonly advance: (done: number) => void
} => {
  const label = html("p", { class: "loading-step" }, "Generating the company…")
  const bar = html("progress", { "aria-label": "Progress of the current step" })
  const element = html(
    "section",
    { class: "panel status", role: "status", "data-testid": "loading" },
    html("div", { class: "spinner", "aria-hidden": "true" }),
    html(
      "h1",
      {},
      `Computing the dashboard for ${counted(parameters.customers, "customer")} (seed ${parameters.seed})`,
    ),
    label,
    bar,
    html(
      "p",
      { class: "hint" },
      "Everything runs in this browser: the company is generated, its loyalty matrix classified and two years of its complaint desk replayed on an in-memory store.",
    ),
  )
  return {
    element,
    startStep: (step, total) => {
      label.textContent = `${step.charAt(0).toUpperCase()}${step.slice(1)}…`
      // Without a total the bar stays indeterminate.
      if (total > 0) {
        bar.max = total
        bar.value = 0
      } else bar.removeAttribute("value")
    },
    advance: (done) => {
      bar.value = done
    },
  }
}

/** The error panel. */
export const errorView = (failure: FailureReport): HTMLElement =>
  html(
    "section",
    { class: "panel error", role: "alert", "data-testid": "error" },
    html("h1", {}, "The dashboard could not be computed"),
    html("p", {}, html("code", { class: "error-tag", "data-testid": "error-tag" }, failure.tag)),
    html("p", { class: "error-message", "data-testid": "error-message" }, failure.message),
    html("details", {}, html("summary", {}, "Details"), html("pre", {}, failure.details)),
    html(
      "p",
      { class: "hint" },
      "Reload the page to try again, or ",
      html("a", { href: "./" }, "open it without parameters"),
      " for the default company.",
    ),
  )
