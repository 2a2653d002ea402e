/**
 * The built command, run as a user runs it: `node dist/main.js …` in a child
 * process (the global setup builds it first), asserting on stdout, stderr and the
 * exit code.
 */
import { spawnSync } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { afterAll, describe, expect, it } from "vitest"
import type { Report } from "../src/report.js"
import { cdnowSample } from "./fixtures.js"

const main = fileURLToPath(new URL("../dist/main.js", import.meta.url))

const run = (args: ReadonlyArray<string>, input?: string) => {
  const result = spawnSync(process.execPath, [main, ...args], {
    encoding: "utf8",
    ...(input === undefined ? {} : { input }),
  })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

const json = (stdout: string): Report => JSON.parse(stdout) as Report

const directory = mkdtempSync(join(tmpdir(), "clientele-segment-"))
afterAll(() => rmSync(directory, { recursive: true, force: true }))

const write = (name: string, text: string) => {
  const path = join(directory, name)
  writeFileSync(path, text)
  return path
}

const sales = [
  "order,customer,day,total,department",
  "o-1,ana,2024-01-05,120.00,paper",
  "o-2,ana,2024-03-05 10:30,80.50,toner",
  "o-3,ana,2024-06-01,99.99,paper",
  "o-4,ben,2024-02-10,15.00,paper",
  'o-5,"Chen, Li",2024-02-11,300.00,chairs',
  'o-6,"Chen, Li",2024-09-11,310.00,paper',
  "o-7,dev,2024-04-01,20.00,toner",
  "o-8,eli,2024-11-30T23:30:00+01:00,45.00,paper",
  "o-9,ana,2024-12-20,60.00,chairs",
].join("\n")

const salesFlags = [
  "--customer-column",
  "customer",
  "--date-column",
  "day",
  "--amount-column",
  "total",
  "--category-column",
  "department",
  "--currency",
  "EUR",
  "--zone",
  "Europe/Berlin",
]

describe("clientele-segment on the CDNOW sample", () => {
  const result = run(["--holdout", "39", "--json", cdnowSample])

  it("prints JSON whose tiers add up to the customers read", () => {
    expect(result.code).toBe(0)
    const report = json(result.stdout)
    expect(report.input.format).toBe("cdnow")
    expect(report.input.customers).toBe(2357)
    expect(report.input.transactions).toBe(6919)
    const tiers = report.segmentation.tiers.map((row) => row.customers)
    expect(tiers.reduce((a, b) => a + b, 0)).toBe(report.input.customers)
  })

  it("fits BG/NBD on the first 39 weeks close to the published CDNOW estimates", () => {
    const { churn } = json(result.stdout)
    expect(churn.calibrationEnd).toBe("1997-09-30")
    const parameters = churn.fit?.parameters
    // Fader, Hardie & Lee (2005): r 0.243, α 4.414, a 0.793, b 2.426.
    expect(parameters?.r).toBeCloseTo(0.243, 2)
    expect(parameters?.alpha).toBeCloseTo(4.414, 2)
    expect(parameters?.a).toBeCloseTo(0.793, 2)
    expect(parameters?.b).toBeCloseTo(2.426, 2)
    expect(churn.detection.atRisk).toBe(1720)
    expect(churn.detection.churned).toBe(84)
    expect(churn.atRisk).toHaveLength(10)
  })

  it("keeps stderr empty when it is not a terminal: no progress bar in a pipe", () => {
    expect(result.stderr).toBe("")
  })

  it("prints the tables, with the fitted parameters, the P(alive) buckets and the customers at risk", () => {
    const text = run(["--holdout", "39", "--top", "3", cdnowSample])
    expect(text.code).toBe(0)
    expect(text.stdout).toContain("6,919 transactions of 2,357 customers")
    expect(text.stdout).toMatch(/fitted: r 0\.24\d\d ± [\d.]+, α 4\.41\d\d ± [\d.]+, a 0\.79\d\d/)
    expect(text.stdout).toMatch(/^\s+0\.9–1\.0\s+1,432\s+█+$/m)
    expect(text.stdout).toContain("holdout check: 1,882 repeat purchases made in 39 weeks")
    expect(text.stdout).toContain("The 3 flagged customers who spent most to 1997-09-30")
    expect(text.stdout).toMatch(/^\s+1901\s+churned\s+model\s+\$6,552\.70\s/m)
  })

  it("reads the same file from stdin", () => {
    const piped = run(["--holdout", "39", "--json", "-"], readFileSync(cdnowSample, "utf8"))
    expect(piped.code).toBe(0)
    const report = json(piped.stdout)
    expect(report.input.source).toBe("stdin")
    expect(report.churn.fit).toEqual(json(result.stdout).churn.fit)
  })
})

describe("clientele-segment on a CSV of its own", () => {
  const file = write("sales.csv", sales)

  it("reads the columns the flags name, in the currency and zone given", () => {
    const result = run([...salesFlags, "--json", file])
    expect(result.code).toBe(0)
    expect(result.stderr).toBe("")
    const report = json(result.stdout)
    expect(report.input).toMatchObject({
      format: "csv",
      transactions: 9,
      customers: 5,
      currency: "EUR",
      zone: "Europe/Berlin",
      categories: 3,
      firstDate: "2024-01-05",
      lastDate: "2024-12-20",
    })
    expect(report.segmentation.revenue).toBe("1050.49")
    const counts = report.loyalty.counts
    expect(counts.zero + counts.latent + counts.inertial + counts.high).toBe(5)
  })

  it("prints the tables with amounts in the currency", () => {
    const result = run([...salesFlags, "--period", "2024-01-01..2025-01-01", file])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain("in 2024-01-01 to 2025-01-01 (Europe/Berlin, 366 days")
    expect(result.stdout).toMatch(/^\s+total\s+5\s+100\.0 %\s+€1,050\.49\s+100\.0 %$/m)
    expect(result.stdout).toContain("Loyalty matrix")
  })

  it("stops at a bad line with its number and column, exit code 1 and nothing on stdout", () => {
    const bad = write("bad.csv", `${sales}\no-10,fay,2024-12-21,12.345,paper\n`)
    const result = run([...salesFlags, bad])
    expect(result.code).toBe(1)
    expect(result.stdout).toBe("")
    expect(result.stderr).toBe(
      `clientele-segment: ${bad}:11: column 4 (total): "12.345" has 3 decimals but EUR has 2\n`,
    )
  })

  it("names the missing column of a header", () => {
    const result = run([file])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(
      `${file}:1: the header has no column "customer_id", "date", "amount"`,
    )
  })
})

describe("clientele-segment's command line", () => {
  it("exits with 2 on an unknown flag, and points at --help", () => {
    const result = run(["--bogus", cdnowSample])
    expect(result.code).toBe(2)
    expect(result.stdout).toBe("")
    expect(result.stderr).toContain("Unknown option '--bogus'")
    expect(result.stderr).toContain("Run clientele-segment --help for usage.")
  })

  it.each([
    [["--currency", "XYZ", "x.csv"], "--currency XYZ"],
    [["--zone", "Mars/Olympus", "x.csv"], "--zone"],
    [["--period", "2024-01-01", "x.csv"], "--period must be FROM..TO"],
    [["--holdout", "0", "x.csv"], "--holdout must be a whole number of at least 1"],
    [["--holdout", "4", "--calibration-end", "2024-01-01", "x.csv"], "not both"],
    [["--format", "xlsx", "x.csv"], "--format must be one of auto, csv, cdnow"],
    [[], "name the file to read"],
    [["missing.csv"], "cannot open missing.csv: no such file"],
  ])("exits with 2 on a bad command line: %j", (args, message) => {
    const result = run(args)
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(message)
    expect(result.stderr).not.toMatch(/^\s+at /m)
  })

  it("exits with 2 when the holdout does not fit the data", () => {
    const result = run(["--holdout", "100", cdnowSample])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain("before the first transaction (1997-01-01)")
  })

  it("prints its usage with --help", () => {
    const result = run(["--help"])
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^Usage: clientele-segment \[options\]/)
    for (const flag of [
      "--format",
      "--currency",
      "--zone",
      "--period",
      "--holdout",
      "--top",
      "--json",
    ])
      expect(result.stdout).toContain(flag)
  })
})
