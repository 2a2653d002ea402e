/**
 * Renders a report as plain-text tables for a terminal or as JSON for a program.
 * Numbers are formatted in one fixed locale (en-US) so that the output is the same
 * on every machine; amounts are formatted exactly from their decimal text.
 */
import { Money } from "@clientele/core"
import * as Either from "effect/Either"
import type { Bound, Report } from "./report.js"

const grouped = (n: number): string => n.toLocaleString("en-US")

const fixed = (value: number, digits: number): string =>
  value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits })

const percent = (fraction: number): string => `${fixed(100 * fraction, 1)} %`

const money = (decimal: string, currency: string): string =>
  Either.match(Money.fromDecimal(decimal, currency), {
    onLeft: () => `${decimal} ${currency}`,
    onRight: (amount) => Money.format(amount, "en-US"),
  })

type Align = "left" | "right"

/** Columns padded to their widest cell, the first left-aligned unless told otherwise. */
const table = (
  rows: ReadonlyArray<ReadonlyArray<string>>,
  align: ReadonlyArray<Align> = [],
  indent = "  ",
): Array<string> => {
  const widths: Array<number> = []
  for (const row of rows)
    row.forEach((cell, c) => {
      widths[c] = Math.max(widths[c] ?? 0, cell.length)
    })
  return rows.map(
    (row) =>
      indent +
      row
        .map((cell, c) =>
          (align[c] ?? (c === 0 ? "left" : "right")) === "left"
            ? cell.padEnd(widths[c] ?? 0)
            : cell.padStart(widths[c] ?? 0),
        )
        .join("  ")
        .trimEnd(),
  )
}

const bound = (cut: Bound, unit: string): string =>
  `${cut.inclusive ? "at least" : "more than"} ${fixed(cut.bound, Number.isInteger(cut.bound) ? 0 : 2)}${unit}`

const orders = (cut: Bound): string => bound(cut, cut.bound === 1 ? " order" : " orders")

const inputSection = (report: Report): Array<string> => {
  const { input } = report
  const extras = [
    input.categories > 0 ? `${grouped(input.categories)} categories` : "no category column",
    input.contributionColumn ? "a contribution column" : "no contribution column",
  ]
  return [
    `Read ${input.source} (${input.format === "cdnow" ? "CDNOW" : "CSV"}): ${grouped(input.transactions)} transactions of ${grouped(input.customers)} customers on ${grouped(input.lines)} lines, ${input.firstDate} to ${input.lastDate}; amounts in ${input.currency}, dates in ${input.zone}; ${extras.join(", ")}.`,
  ]
}

const segmentationSection = (report: Report): Array<string> => {
  const { segmentation: s, period, input } = report
  const currency = input.currency
  const withContribution = input.contributionColumn
  const minimum = (row: Report["segmentation"]["tiers"][number]): string => {
    if (row.minimum === null) return ""
    const parts: Array<string> = []
    const c = row.minimum.contribution
    if (c !== null)
      parts.push(
        Number.isFinite(Number(c.bound))
          ? `contribution ${c.inclusive ? "at least" : "above"} ${money(c.bound, currency)}`
          : "nobody (no buyers)",
      )
    if (row.minimum.orders !== null) parts.push(orders(row.minimum.orders))
    return parts.join(", ")
  }
  const header = [
    "tier",
    "customers",
    "share",
    "revenue",
    "share",
    ...(withContribution ? ["contribution", "share"] : []),
    "to get in this period",
  ]
  const rows = s.tiers.map((row) => [
    row.tier,
    grouped(row.customers),
    percent(row.customerShare),
    money(row.revenue, currency),
    percent(row.revenueShare),
    ...(withContribution
      ? [money(row.contribution, currency), percent(row.contributionShare)]
      : []),
    minimum(row),
  ])
  const total = [
    "total",
    grouped(s.customers),
    percent(s.customers === 0 ? 0 : 1),
    money(s.revenue, currency),
    percent(1),
    ...(withContribution ? [money(s.contribution, currency), percent(1)] : []),
    "",
  ]
  const align: Array<"left" | "right"> = header.map((_, c) =>
    c === 0 || c === header.length - 1 ? "left" : "right",
  )
  const classRows = s.abcd.map((row) => [
    row.class,
    grouped(row.customers),
    percent(row.customerShare),
    money(row.contribution, currency),
    percent(row.contributionShare),
    percent(row.serviceTimeShare),
  ])
  const segments = s.rfm
    .filter((row) => row.customers > 0)
    .sort((a, b) => b.customers - a.customers)
    .map((row) => [row.segment, grouped(row.customers), percent(row.customerShare)])
  return [
    `Tiers (${s.scheme}, policy ${s.policyVersion}) in ${period.from} to ${period.to} (${period.zone}, ${grouped(period.days)} days, end exclusive): ${grouped(s.customers)} customers, ${grouped(s.buyers)} with a purchase in the period`,
    ...table([header, ...rows, total], align),
    "",
    `ABCD classes, ranked by ${withContribution ? "contribution" : "contribution (the revenue: the file has no contribution column)"} over all ${grouped(s.customers)} customers; ties share a class`,
    ...table([
      ["class", "customers", "share", "contribution", "share", "service time"],
      ...classRows,
    ]),
    "",
    "RFM segments (recency, frequency and monetary quintiles of the buyers)",
    ...table([["segment", "customers", "share"], ...segments]),
  ]
}

const loyaltySection = (report: Report): Array<string> => {
  const { loyalty, input } = report
  const { counts, thresholds } = loyalty
  const cell = (name: string, n: number) =>
    `${name.padEnd(9)}${grouped(n).padStart(7)} (${percent(loyalty.customers === 0 ? 0 : n / loyalty.customers)})`
  const lines = [
    `Loyalty matrix (default policy, version ${loyalty.policyVersion}: median splits, ties down): high frequency is ${orders(thresholds.frequency)} in the period, high dependence ${bound(thresholds.dependence, "")} (${loyalty.dependenceMeasure === "categoryBreadth" ? "category breadth: the share of the categories bought" : loyalty.dependenceMeasure})`,
    ...table(
      [
        ["", "low frequency", "high frequency"],
        ["high dependence", cell("latent", counts.latent), cell("high", counts.high)],
        ["low dependence", cell("zero", counts.zero), cell("inertial", counts.inertial)],
      ],
      ["left", "left", "left"],
    ),
  ]
  if (input.categories === 0)
    lines.push(
      "  The file has no category column, so dependence (category breadth) is 0 for everyone and nobody is latent or high: add a category column to split the customers on both axes.",
    )
  return lines
}

const churnSection = (report: Report): Array<string> => {
  const { churn, input } = report
  const unit = churn.timeUnit
  const lines = [
    `Churn: BG/NBD in ${unit}, calibrated on the purchases to ${churn.calibrationEnd}${churn.holdoutEnd === null ? "" : `, checked on the holdout to ${churn.holdoutEnd}`}`,
  ]
  const excluded = churn.excluded.firstPurchaseAfterCalibration
  lines.push(
    `  customer base: ${grouped(churn.customers)} customers, ${grouped(churn.repeatBuyers)} repeat buyers, ${grouped(churn.oneTimeBuyers)} one-time buyers (${percent(churn.customers === 0 ? 0 : churn.oneTimeBuyers / churn.customers)})${excluded > 0 ? `; ${grouped(excluded)} customers first bought after the calibration end and are left out` : ""}`,
  )
  if (churn.fit === null) {
    lines.push(
      `  the model could not be fitted: ${churn.fitFailure ?? "unknown reason"}`,
      "  detection falls back to inactivity alone",
    )
  } else {
    const { parameters, standardErrors } = churn.fit
    const names = { r: "r", alpha: "α", a: "a", b: "b" } as const
    const estimate = (value: number) =>
      Math.abs(value) < 1000 ? fixed(value, 4) : value.toExponential(3)
    const estimates = (Object.keys(names) as Array<keyof typeof names>)
      .map((key) => {
        const error = standardErrors?.[key]
        return `${names[key]} ${estimate(parameters[key])}${error === undefined ? "" : ` ± ${estimate(error)}`}`
      })
      .join(", ")
    lines.push(
      `  fitted: ${estimates}; log-likelihood ${fixed(churn.fit.logLikelihood, 2)} (in ${unit}); ${churn.fit.iterations} iterations`,
    )
    if (standardErrors === null)
      lines.push(
        "  no standard errors: the likelihood is flat around the estimate, so this data does not pin the parameters down (too few customers or repeat purchases); read P(alive) below with care",
      )
  }
  if (churn.holdout !== null) {
    const { actual, forecast, duration } = churn.holdout
    const difference = actual === 0 ? 0 : (forecast - actual) / actual
    lines.push(
      `  holdout check: ${grouped(actual)} repeat purchases made in ${fixed(duration, Number.isInteger(duration) ? 0 : 2)} ${unit}, ${grouped(Math.round(forecast))} forecast (${difference >= 0 ? "+" : ""}${percent(difference)})`,
    )
  }
  if (churn.pAlive.length > 0) {
    const largest = Math.max(1, ...churn.pAlive.map((bucket) => bucket.customers))
    const rows = churn.pAlive.map((bucket) => [
      `${fixed(bucket.from, 1)}–${fixed(bucket.to, 1)}`,
      grouped(bucket.customers),
      "█".repeat(Math.round((30 * bucket.customers) / largest)),
    ])
    lines.push(
      "",
      `  P(alive) of the ${grouped(churn.customers)} customers, each bucket from its lower end (the ${grouped(churn.oneTimeBuyers)} one-time buyers are at 1: alive by construction under BG/NBD)`,
      ...table([["P(alive)", "customers", ""], ...rows], ["left", "right", "left"], "    "),
    )
  }
  const { policy } = churn.detection
  const days = (n: number) => `${grouped(n)} days`
  const modelRule =
    churn.fit === null
      ? ""
      : `at risk below P(alive) ${policy.atRiskBelow}, churned below ${policy.churnedBelow} or under ${policy.minimumExpectedPurchases} purchases expected in ${days(policy.horizonDays)}; `
  lines.push(
    "",
    `  detection: ${modelRule}at risk after ${days(policy.atRiskAfterDays)} without a purchase, churned after ${days(policy.churnedAfterDays)}; one-time buyers by ${policy.oneTimeBuyers === "both" ? "the model and inactivity" : policy.oneTimeBuyers}`,
    `    ${grouped(churn.detection.candidates)} of ${grouped(churn.customers)} customers flagged: ${grouped(churn.detection.atRisk)} at risk, ${grouped(churn.detection.churned)} churned (${grouped(churn.detection.oneTimeBuyerCandidates)} of them one-time buyers)`,
  )
  if (churn.atRisk.length > 0) {
    const probability = (value: number | null) => (value === null ? "n/a" : fixed(value, 3))
    lines.push(
      "",
      `  The ${churn.atRisk.length} flagged customers who spent most to ${churn.calibrationEnd}`,
      ...table(
        [
          [
            "customer",
            "status",
            "signals",
            "spent",
            "repeat purchases",
            "days silent",
            "P(alive)",
            `purchases expected in ${days(policy.horizonDays)}`,
          ],
          ...churn.atRisk.map((row) => [
            row.customerId,
            row.status === "atRisk" ? "at risk" : "churned",
            row.signals.join("+"),
            money(row.spend, input.currency),
            grouped(row.repeatPurchases),
            grouped(row.daysSinceLastPurchase),
            probability(row.pAlive),
            probability(row.expectedPurchases),
          ]),
        ],
        ["left", "left", "left"],
        "    ",
      ),
    )
  }
  return lines
}

/** The report as plain-text tables, ending with a line break. */
export const renderText = (report: Report): string =>
  `${[
    ...inputSection(report),
    "",
    ...segmentationSection(report),
    "",
    ...loyaltySection(report),
    "",
    ...churnSection(report),
  ].join("\n")}\n`

/** The report as JSON, ending with a line break. */
export const renderJson = (report: Report): string => `${JSON.stringify(report, null, 2)}\n`
