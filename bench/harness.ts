/**
 * A small benchmark harness: each benchmark file exports a `Benchmark` that runs
 * its workload for Clientele and for a baseline in the same process, and returns
 * rows for one table. Timings are the median of several samples after a warm-up.
 */
import { performance } from "node:perf_hooks"

export interface Row {
  readonly operation: string
  readonly workload: string
  readonly ours: number
  readonly baseline: number
}

export interface Benchmark {
  readonly name: string
  readonly ours: string
  readonly baseline: string
  /** What the figures are: ops/s (higher is better). */
  readonly unit: string
  /** Optional lines (a Markdown list) printed after the table; filled in by `run`. */
  readonly notes?: ReadonlyArray<string>
  readonly run: (options: { readonly quick: boolean }) => Promise<ReadonlyArray<Row>>
}

/**
 * A full garbage collection, when the process runs with `--expose-gc` (as `pnpm bench`
 * does). Called once a large workload is built and before it is timed, so the timing
 * does not include collecting the garbage the building left: a major collection of a
 * heap of gigabytes takes seconds on two cores, and falls into whatever runs when
 * the heap reaches its limit. What the timed code itself allocates is still collected
 * while it runs, and counted.
 */
export const settleHeap = (): void => {
  ;(globalThis as { readonly gc?: () => void }).gc?.()
}

/**
 * Runs `work` (which performs `operations` operations) and returns operations per second.
 * `setup`, if given, runs untimed before the warm-up and before every sample.
 */
export const opsPerSecond = async (
  operations: number,
  work: () => Promise<void> | void,
  options: {
    readonly samples?: number
    readonly warmup?: number
    readonly setup?: () => Promise<void> | void
  } = {},
): Promise<number> => {
  const samples = options.samples ?? 5
  for (let i = 0; i < (options.warmup ?? 1); i++) {
    await options.setup?.()
    await work()
  }
  const rates: Array<number> = []
  for (let i = 0; i < samples; i++) {
    await options.setup?.()
    const start = performance.now()
    await work()
    const seconds = (performance.now() - start) / 1000
    rates.push(operations / seconds)
  }
  rates.sort((a, b) => a - b)
  return rates[Math.floor(rates.length / 2)] ?? 0
}

const format = (value: number): string =>
  value >= 100 ? Math.round(value).toLocaleString("en-US") : value.toFixed(2)

/** Renders the rows as a Markdown table (also readable in a terminal). */
export const renderTable = (benchmark: Benchmark, rows: ReadonlyArray<Row>): string => {
  const header = [
    "operation",
    "workload",
    `${benchmark.ours} (${benchmark.unit})`,
    `${benchmark.baseline} (${benchmark.unit})`,
    "baseline / ours",
  ]
  const body = rows.map((row) => [
    row.operation,
    row.workload,
    format(row.ours),
    format(row.baseline),
    `${(row.baseline / row.ours).toFixed(1)}×`,
  ])
  const widths = header.map((cell, i) =>
    Math.max(cell.length, ...body.map((line) => (line[i] ?? "").length)),
  )
  const line = (cells: ReadonlyArray<string>) =>
    `| ${cells.map((cell, i) => (i < 2 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join(" | ")} |`
  const rule = `|${widths.map((w, i) => (i < 2 ? `-${"-".repeat(w)}-` : `-${"-".repeat(w)}:`)).join("|")}|`
  const notes = benchmark.notes ?? []
  return [`### ${benchmark.name}`, "", line(header), rule, ...body.map(line)]
    .concat(notes.length > 0 ? ["", ...notes] : [])
    .join("\n")
}
