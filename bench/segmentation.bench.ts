/**
 * `@clientele/segmentation` (with `@clientele/loyalty`) on a year of a large
 * retailer's transactions, beside the floor or the alternative under each cost,
 * measured in the same run:
 *
 * 1. Period summaries (target ≤ 3 s): `Summary.fromColumns` over 10,000,000
 *    transactions of 1,000,000 customers (5 % registered without a purchase) in
 *    typed-array columns, for the calendar year 2024 in Europe/Berlin, with 4 % of
 *    the transactions in December 2023 or January 2025 (skipped by the period
 *    filter). Baseline: a bare loop over the same columns that only sums revenue
 *    per customer into a `Float64Array`, the floor any summariser pays.
 * 2. Classification (target ≤ 300 ms): `Classification.classifyPeriod` under the
 *    default policy (three tiers, ABCD, RFM), `classifyTiers` with the stars and
 *    `Loyalty.classifyPeriod` with the default loyalty policy, timed together and
 *    each on its own. Reference: one sort of the population's contributions (a
 *    `Float64Array` copy sorted), what the textbook way to one percentile costs.
 * 3. ABCD classes and three tiers, ours (`classifyAbcd` + `classifyTiers`) beside
 *    the same classification by SQL window functions in SQLite (in memory): the
 *    summaries (customer, orders, contribution) loaded untimed, then one query that
 *    ranks every customer and fetches every row. Both must agree on every customer.
 * 4. Peak memory (target ≤ 1 GB): everything above runs in a child process (Node
 *    on `segmentation.workload.ts`, with this process's flags), whose peak resident
 *    set before SQLite starts is the workload's own: the generated columns, the
 *    summaries and the classifications.
 *
 * The data (seeded, the same every run) is described in `segmentation.workload.ts`.
 * Timings are medians of 5 (summaries), 7 (classification) and 3 (SQLite; 5 in a
 * quick run) samples after one warm-up (three for the classification), the heap
 * collected before each sample.
 */
import { spawn } from "node:child_process"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import type { Benchmark, Row } from "./harness.js"
import type { WorkloadResult } from "./segmentation.workload.js"

const here = dirname(fileURLToPath(import.meta.url))

const count = (n: number) => Math.round(n).toLocaleString("en-US")
const fixed = (n: number, digits = 2) => n.toFixed(digits)
const percent = (share: number, digits = 1) => `${(100 * share).toFixed(digits)} %`
const megabytes = (bytes: number) => `${count(bytes / 2 ** 20)} MB`
const verdict = (met: boolean) => (met ? "met" : "**NOT met**")
const tallies = (counts: Readonly<Record<string, number>>) =>
  Object.entries(counts)
    .map(([name, n]) => `${name} ${count(n)}`)
    .join(", ")

/** Runs the workload in a child process with this process's flags; its JSON line back. */
const runWorkload = (quick: boolean): Promise<WorkloadResult> =>
  new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...process.execArgv, join(here, "segmentation.workload.ts"), ...(quick ? ["--quick"] : [])],
      { stdio: ["ignore", "pipe", "pipe"] },
    )
    let stdout = ""
    let stderr = ""
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk
    })
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk
    })
    child.on("error", reject)
    child.on("close", (code, signal) => {
      const line = stdout.trim().split("\n").pop() ?? ""
      if (code !== 0 || !line.startsWith("{")) {
        reject(
          new Error(
            `the segmentation workload failed (exit ${code ?? signal}):\n${stderr.trim() || stdout.trim()}`,
          ),
        )
        return
      }
      resolve(JSON.parse(line) as WorkloadResult)
    })
  })

const notes: Array<string> = []

export const benchmark: Benchmark = {
  name: "Segmentation: period summaries, classification and SQLite window functions",
  ours: "@clientele/segmentation",
  baseline: "baseline",
  unit: "ms",
  notes,
  run: async ({ quick }) => {
    notes.length = 0
    const result = await runWorkload(quick)
    const { data, summaries, classification, memory, sqlite } = result
    const population =
      `${count(data.customers)} customers (${count(data.registeredWithoutPurchase)} without purchase), ` +
      `${count(data.transactions)} transactions`
    const summarised = `summaries of ${count(data.customers)} customers (${count(summaries.activeCustomers)} bought in 2024)`
    const sortReference = "baseline: one sort of the contributions"
    const rows: Array<Row> = [
      {
        operation: "Summary.fromColumns: period summaries",
        workload: `${population}, 2024 in Europe/Berlin (${percent(data.outsidePeriod / data.transactions)} outside); target ≤ 3 s; baseline: bare loop summing revenue per customer`,
        ours: summaries.oursMs,
        baseline: summaries.loopMs,
      },
      {
        operation: "classification: tiers + stars + ABCD + RFM + loyalty",
        workload: `${summarised}; target ≤ 300 ms; ${sortReference}`,
        ours: classification.totalMs,
        baseline: classification.sortMs,
      },
      {
        operation: "  classifyPeriod (three tiers, ABCD, RFM)",
        workload: `${summarised}; ${sortReference}`,
        ours: classification.periodMs,
        baseline: classification.sortMs,
      },
      {
        operation: "  classifyTiers (stars)",
        workload: `${summarised}; ${sortReference}`,
        ours: classification.starsMs,
        baseline: classification.sortMs,
      },
      {
        operation: "  Loyalty.classifyPeriod (default policy)",
        workload: `${summarised}; ${sortReference}`,
        ours: classification.loyaltyMs,
        baseline: classification.sortMs,
      },
      {
        operation: "ABCD + three tiers: classifyAbcd + classifyTiers",
        workload: `${summarised}; baseline: SQLite in memory, one query with window functions, all rows fetched`,
        ours: sqlite.oursMs,
        baseline: sqlite.queryMs,
      },
    ]
    const samples = (values: ReadonlyArray<number>) => values.map((v) => fixed(v, 0)).join(", ")
    const limit = 2 ** 30
    notes.push(
      "Times in milliseconds (lower is better); `baseline / ours` above 1× means ours is faster. " +
        "The workload runs in a child process (Node with this run's flags), which prints its figures to this one.",
      "",
      `- Data (seeded; generated in ${fixed(data.generateMs / 1000, 1)} s, untimed): ${population}; ` +
        `${count(data.outsidePeriod)} (${percent(data.outsidePeriod / data.transactions)}) in December 2023 or January 2025; ` +
        `order counts Pareto-distributed: ${percent(data.oneOrderShare)} of buyers ordered once, the top 1 % of buyers made ` +
        `${percent(data.topPercentShare)} of the transactions, the most frequent ${count(data.maxOrders)}; ` +
        `${data.categories} categories; revenue lognormal in euro cents, contribution 10–45 % of it. ` +
        `The columns take ${megabytes(memory.columnBytes)} (plus the ${count(data.customers)} id strings).`,
      `- Period summaries: \`Summary.fromColumns\` in ${fixed(summaries.oursMs / 1000, 2)} s (≤ 3 s: ${verdict(summaries.oursMs <= 3_000)}; samples ${samples(summaries.oursSamples)} ms) ` +
        `against ${fixed(summaries.loopMs, 0)} ms for the bare loop (samples ${samples(summaries.loopSamples)} ms); ` +
        "checked against a plain loop over the in-period transactions (orders and revenue of every customer).",
      `- Classification: all of it in ${fixed(classification.totalMs, 0)} ms (≤ 300 ms: ${verdict(classification.totalMs <= 300)}; samples ${samples(classification.totalSamples)} ms): ` +
        `\`classifyPeriod\` ${fixed(classification.periodMs, 0)} ms (on their own: three tiers ${fixed(classification.tiersMs, 0)} ms, ABCD ${fixed(classification.abcdMs, 0)} ms, RFM ${fixed(classification.rfmMs, 0)} ms), stars ${fixed(classification.starsMs, 0)} ms, loyalty ${fixed(classification.loyaltyMs, 0)} ms; ` +
        `one sort of the contributions takes ${fixed(classification.sortMs, 0)} ms. ` +
        `Three tiers: ${tallies(classification.tiers)}; stars: ${tallies(classification.stars)}; ` +
        `ABCD: ${tallies(classification.abcd)}; loyalty: ${tallies(classification.loyalty)}.`,
      `- SQLite: ${count(sqlite.rows)} summary rows loaded in ${fixed(sqlite.loadMs / 1000, 1)} s (untimed; one prepared insert in one transaction); ` +
        `the query (\`COUNT(*) OVER (ORDER BY contribution DESC RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)\` over everyone and over the buyers, classes as integer codes, \`.raw().all()\`) ` +
        `took ${fixed(sqlite.queryMs, 0)} ms (samples ${samples(sqlite.querySamples)} ms) against ${fixed(sqlite.oursMs, 1)} ms for ours: ` +
        `SQLite / ours = ${fixed(sqlite.queryMs / sqlite.oursMs, 1)}×. Both agree on all ${count(sqlite.agreed)} customers.`,
      `- Peak memory of the workload process (max RSS) before SQLite starts: ${megabytes(memory.beforeSqlite)} ` +
        `(≤ 1 GB: ${verdict(memory.beforeSqlite <= limit)}); ${megabytes(memory.baseline)} at its start, ` +
        `${megabytes(memory.afterGenerate)} once the data was generated, ${megabytes(memory.afterFirstPass)} after the first summaries and classification.`,
    )
    return rows
  },
}
