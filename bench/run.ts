/**
 * `pnpm bench`: builds the packages, then runs every `bench/*.bench.ts` against the
 * built code (what an app installs, not the sources through a dev transpiler) and
 * prints one table each.
 * `pnpm bench -- --quick` runs smaller workloads (a smoke run, not for RESULTS.md);
 * `pnpm bench -- store` runs only the benchmarks whose file name contains "store".
 */
import { readdirSync } from "node:fs"
import { cpus } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import { type Benchmark, renderTable } from "./harness.js"

const here = dirname(fileURLToPath(import.meta.url))
const args = process.argv.slice(2).filter((arg) => arg !== "--")
const quick = args.includes("--quick")
const filters = args.filter((arg) => !arg.startsWith("--"))

const files = readdirSync(here)
  .filter((file) => file.endsWith(".bench.ts"))
  .filter((file) => filters.length === 0 || filters.some((filter) => file.includes(filter)))
  .sort()

console.log(
  `Clientele benchmarks — ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ` +
    `${cpus().length} cores (${cpus()[0]?.model.trim() ?? "unknown CPU"})${quick ? ", quick run" : ""}\n`,
)
for (const file of files) {
  const module = (await import(pathToFileURL(join(here, file)).href)) as { benchmark: Benchmark }
  const rows = await module.benchmark.run({ quick })
  console.log(`${renderTable(module.benchmark, rows)}\n`)
}
