/**
 * `pnpm demo`: a mid-size company's two years, run end to end through Clientele.
 *
 * It generates the company from a seed (customers, orders, complaints, returns,
 * visits), creates a SQLite database, runs every module through its public API over
 * it, prints a concise report and writes a self-contained HTML report with pictures.
 *
 *     pnpm demo                                  the default company (seed 2024, 2,000 customers)
 *     pnpm demo --seed 7 --customers 5000     another company, bigger
 *     pnpm demo --out reports --json          also write the report's data as JSON
 *
 * The tour of each module's rules one by one is `pnpm --filter @clientele/example-demo run tour`.
 */
import { writeFileSync } from "node:fs"
import { join, relative, resolve } from "node:path"
import { parseArgs } from "node:util"
import { defaultOptions } from "./company/generate.js"
import { onStream } from "./company/progress.js"
import { renderHtml } from "./company/report/html.js"
import { renderTerminal } from "./company/report/terminal.js"
import { runCompany } from "./company/run.js"

const usage = `Usage: pnpm demo [options]

  --seed <n>        the seed of the generated company (default ${defaultOptions.seed})
  --customers <n>   how many customers it has (default ${defaultOptions.customers})
  --out <dir>       where the database and the reports go (default: out)
  --json            also write report.json, the report's data
  --quiet           no progress lines
  --help            this text
`

const fail = (message: string): never => {
  process.stderr.write(`${message}\n\n${usage}`)
  process.exit(2)
}

const positiveInteger = (name: string, text: string | undefined, fallback: number) => {
  if (text === undefined) return fallback
  const value = Number(text)
  if (!Number.isSafeInteger(value) || value <= 0)
    return fail(`--${name} must be a positive whole number, not "${text}"`)
  return value
}

const parsed = (() => {
  try {
    // `pnpm demo -- --seed 7` hands the script a literal `--` first: not the end of the options here.
    const args = process.argv.slice(2)
    return parseArgs({
      args: args[0] === "--" ? args.slice(1) : args,
      options: {
        seed: { type: "string" },
        customers: { type: "string" },
        out: { type: "string", default: "out" },
        json: { type: "boolean", default: false },
        quiet: { type: "boolean", default: false },
        help: { type: "boolean", default: false },
      },
      strict: true,
    }).values
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error))
  }
})()
if (parsed.help) {
  process.stdout.write(usage)
  process.exit(0)
}

const out = resolve(parsed.out)
const shown = (path: string) => relative(process.cwd(), path) || "."
const report = await runCompany({
  seed: positiveInteger("seed", parsed.seed, defaultOptions.seed),
  customers: positiveInteger("customers", parsed.customers, defaultOptions.customers),
  database: shown(join(out, "clientele.db")),
  progress: onStream(process.stderr, { quiet: parsed.quiet }),
})
const html = join(out, "report.html")
writeFileSync(html, renderHtml(report))
if (parsed.json) writeFileSync(join(out, "report.json"), `${JSON.stringify(report, null, 2)}\n`)
process.stdout.write(
  `\n${renderTerminal(report, { color: process.stdout.isTTY === true && process.env.NO_COLOR === undefined })}\n`,
)
process.stdout.write(
  `\nThe HTML report: ${shown(html)}${parsed.json ? `; its data: ${shown(join(out, "report.json"))}` : ""}; the database: ${shown(join(out, "clientele.db"))}\n`,
)
