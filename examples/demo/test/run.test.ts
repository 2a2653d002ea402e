/**
 * The company run end to end, at a small size: every module's step over a fresh
 * SQLite database, the same report for the same seed, and figures that agree with
 * each other across the sections (the scorecard reads the same complaints, returns
 * and visits the other sections report).
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { Progress } from "../src/company/progress.js"
import { runCompany } from "../src/company/run.js"
import type { CompanyReport } from "../src/company/sections.js"

const folder = mkdtempSync(join(tmpdir(), "clientele-demo-run-"))
afterAll(() => rmSync(folder, { recursive: true, force: true }))

/** Progress that records which steps started and ended. */
const recording = () => {
  const lines: Array<string> = []
  const progress: Progress = {
    start: (label) => {
      lines.push(`start ${label}`)
      return { advance: () => undefined, done: () => lines.push(`done ${label}`) }
    },
  }
  return { lines, progress }
}

/** The report without what differs between two runs of one seed: the step times and the file. */
const withoutTimings = (report: CompanyReport) => ({
  ...report,
  overview: {
    ...report.overview,
    database: "",
    steps: report.overview.steps.map((step) => step.name),
  },
})

const run = (seed: number, name: string, progress: Progress = recording().progress) =>
  runCompany({ seed, customers: 150, database: join(folder, `${name}.db`), progress })

describe("runCompany", () => {
  const watched = recording()
  let first: CompanyReport
  beforeAll(async () => {
    first = await run(11, "first", watched.progress)
  })

  it("fills every section of the report, each step started and ended once", () => {
    for (const section of [
      "segmentation",
      "loyalty",
      "complaints",
      "returns",
      "visits",
      "churn",
      "archive",
      "scorecard",
    ] as const)
      expect(first[section], section).toBeDefined()
    expect(first.overview.customers).toBe(150)
    const started = watched.lines.filter((line) => line.startsWith("start "))
    const ended = watched.lines.filter((line) => line.startsWith("done "))
    expect(started.length).toBeGreaterThanOrEqual(first.overview.steps.length)
    expect(ended.map((line) => line.slice(5))).toEqual(started.map((line) => line.slice(6)))
  })

  it("gives the same report for the same seed, and another for another seed", async () => {
    const again = await run(11, "again")
    expect(withoutTimings(again)).toEqual(withoutTimings(first))
    const other = await run(12, "other")
    expect(withoutTimings(other)).not.toEqual(withoutTimings(first))
  })

  it("SQ-1: the scorecard's quarters agree with the returns and visits sections", () => {
    const scorecard = first.scorecard
    const returns = first.returns
    const visits = first.visits
    if (scorecard === undefined || returns === undefined || visits === undefined)
      throw new Error("a section is missing")
    const latest = (measure: string) =>
      scorecard.measures.find((row) => row.measure === measure)?.values.at(-1)
    // The returns policy came into force in the last quarter of 2024: the only one with data.
    expect(latest("returns approved")).toBeCloseTo(returns.approvalRate ?? Number.NaN, 10)
    expect(
      scorecard.measures.find((row) => row.measure === "returns approved")?.values.slice(0, 3),
    ).toEqual([null, null, null])
    // The cadence ran all year: the year's rate is the quarters' rates weighted by their due.
    const cadence = scorecard.measures.find((row) => row.measure === "cadence contacts done")
    const quarterly = (cadence?.values ?? []).filter((value): value is number => value !== null)
    expect(quarterly).toHaveLength(4)
    const year = visits.adherence.find((row) => row.tier === "overall")?.rate ?? Number.NaN
    expect(year).toBeGreaterThanOrEqual(Math.min(...quarterly) - 1e-12)
    expect(year).toBeLessThanOrEqual(Math.max(...quarterly) + 1e-12)
  })

  it("SQ-2: everyone assessed has a self total and their peers' total out of 50", () => {
    const assessments = first.scorecard?.assessments ?? []
    expect(assessments.length).toBeGreaterThan(0)
    for (const row of assessments) {
      expect(row.selfTotal).toBeGreaterThanOrEqual(10)
      expect(row.selfTotal).toBeLessThanOrEqual(50)
      expect(row.peerTotal).toBeGreaterThanOrEqual(10)
      expect(row.peerTotal).toBeLessThanOrEqual(50)
    }
  })
})
