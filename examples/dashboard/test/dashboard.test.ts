/**
 * The dashboard as a visitor sees it: the page is built with Vite, served from `dist/`
 * and opened in a headless Chromium, where it generates the demo company, classifies
 * its loyalty matrix and replays its complaint desk with the bundled packages. The
 * test reads the rendered page, checks it against the packages run here in Node on
 * the same company, and saves a full-page screenshot.
 */
import { mkdirSync, readFileSync, statSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { Period } from "@clientele/core"
import { generateCompany } from "@clientele/example-demo/company/generate.ts"
import { Loyalty } from "@clientele/loyalty"
import { Summary } from "@clientele/segmentation"
import * as Either from "effect/Either"
import { type Browser, chromium, type Page } from "playwright-core"
import { build, type PreviewServer, preview } from "vite"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { chromiumExecutable } from "./chromium.ts"

const root = fileURLToPath(new URL("..", import.meta.url))
const screenshotPath = fileURLToPath(new URL("../screenshots/dashboard.png", import.meta.url))

const loyaltyTypes = ["zero", "latent", "inertial", "high"] as const
const targets = ["firstResponse", "resolution", "periodicUpdate", "followUp"] as const

let server: PreviewServer | undefined
let browser: Browser | undefined
let baseUrl = ""
// A failed set-up (no Chromium, a build error) fails every test with its message:
// thrown from the hook, vitest would list the tests as skipped.
let setUpFailure: unknown

beforeAll(async () => {
  try {
    // First, so that a machine without Chromium fails at once and says what to install.
    const executablePath = chromiumExecutable()
    await build({ root, logLevel: "warn" })
    server = await preview({ root, logLevel: "warn", preview: { host: "127.0.0.1", port: 0 } })
    const url = server.resolvedUrls?.local[0]
    if (url === undefined) throw new Error("vite preview did not report the URL it serves on")
    baseUrl = url
    browser = await chromium.launch({ executablePath, args: ["--no-sandbox"] })
  } catch (error) {
    setUpFailure = error
  }
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

/** Opens the page with a query string, collecting every console error and uncaught error. */
const open = async (search: string) => {
  if (setUpFailure !== undefined) throw setUpFailure
  if (browser === undefined) throw new Error("the browser did not start")
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
  const errors: Array<string> = []
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console: ${message.text()}`)
  })
  page.on("pageerror", (error) => errors.push(`page: ${error.message}`))
  await page.goto(new URL(search, baseUrl).href)
  // Whichever comes: the dashboard, or the error panel (whose text then explains the failure).
  await page.waitForSelector('[data-testid="dashboard"], [data-testid="error"]', {
    timeout: 150_000,
  })
  return { page, errors }
}

const text = async (page: Page, selector: string) =>
  ((await page.locator(selector).first().textContent()) ?? "").trim()

/** A count as the page prints it: `1,234`. */
const countIn = (printed: string) => {
  const digits = printed.replace(/,/g, "")
  expect(digits, `a count, got "${printed}"`).toMatch(/^\d+$/)
  return Number(digits)
}

/** A percentage as the page prints it: `47.9 %`. */
const percentIn = (printed: string) => {
  const match = /^(\d+(?:\.\d+)?) %$/.exec(printed)
  expect(match, `a percentage, got "${printed}"`).not.toBeNull()
  return Number(match?.[1])
}

/** The dashboard must be what rendered; if the error panel did, its text is the message. */
const expectDashboard = async (page: Page) => {
  const failed = await page.locator('[data-testid="error"]').count()
  expect(failed === 0 ? "" : await text(page, '[data-testid="error"]')).toBe("")
  await expect(page.locator('[data-testid="dashboard"]').count()).resolves.toBe(1)
}

/** The quadrants' printed counts, by type. */
const quadrantCounts = async (page: Page) => {
  const counts: Record<string, number> = {}
  for (const type of loyaltyTypes)
    counts[type] = countIn(
      await text(page, `[data-testid="quadrant-${type}"] [data-testid="quadrant-count"]`),
    )
  return counts
}

/** The last year's loyalty counts computed here, in Node, with the packages directly. */
const loyaltyCountsOf = (seed: number, customers: number) => {
  const company = generateCompany({ seed, customers })
  const year = Period.make("2024-01-01", "2025-01-01", "Asia/Shanghai")
  const summaries = Either.getOrThrow(
    Summary.fromTransactions(company.history.orders, {
      period: year,
      currency: "CNY",
      customers: company.history.customers.map((customer) => customer.id),
    }),
  )
  return Loyalty.counts(Either.getOrThrow(Loyalty.classifyPeriod(summaries, Loyalty.defaultPolicy)))
}

describe("the dashboard in a headless Chromium", () => {
  it("LOY-1 CMP-4 shows the demo company's loyalty matrix and SLA board, and saves a screenshot", async () => {
    const { page, errors } = await open("/")
    try {
      await expectDashboard(page)

      // The header: the company, the seed, the size and the as-of date.
      expect(await text(page, '[data-testid="company-name"]')).not.toBe("")
      const seed = countIn(await text(page, '[data-testid="company-seed"]'))
      const customers = countIn(await text(page, '[data-testid="company-customers"]'))
      expect(customers).toBeGreaterThan(0)
      expect(await text(page, '[data-testid="company-as-of"]')).toMatch(/\d{4}/)

      // The four quadrants, each named, whose counts add up to the customers shown
      // and match the packages run here on the same company.
      for (const type of loyaltyTypes) {
        const quadrant = `[data-testid="quadrant-${type}"]`
        expect(
          (await text(page, `${quadrant} [data-testid="quadrant-name"]`)).toLowerCase(),
        ).toContain(type)
        expect(await text(page, `${quadrant} [data-testid="quadrant-headline"]`)).not.toBe("")
      }
      const counts = await quadrantCounts(page)
      expect(Object.values(counts).reduce((sum, count) => sum + count, 0)).toBe(customers)
      expect(counts).toEqual(loyaltyCountsOf(seed, customers))
      let shares = 0
      for (const type of loyaltyTypes)
        shares += percentIn(
          await text(page, `[data-testid="quadrant-${type}"] [data-testid="quadrant-share"]`),
        )
      expect(Math.abs(shares - 100)).toBeLessThanOrEqual(0.2)

      // The thresholds the median split resolved to.
      expect(await text(page, '[data-testid="threshold-frequency"]')).toMatch(
        /^(more than|at least) \d+ orders in \d{4}$/,
      )
      expect(await text(page, '[data-testid="threshold-dependence"]')).toMatch(
        /^(more than|at least) [\d.]+ of the \d+ categories bought/,
      )

      // The scatter draws every customer: its bubbles' customers add up to the register.
      const bubbles = await page
        .locator('[data-testid="loyalty-scatter"] circle title')
        .allTextContents()
      expect(bubbles.length).toBeGreaterThan(0)
      expect(bubbles.reduce((sum, title) => sum + countIn(title.split(" ")[0] ?? ""), 0)).toBe(
        customers,
      )

      // The SLA board: one row per target with an attainment between 0 and 100 %.
      for (const target of targets) {
        const attainment = percentIn(
          await text(page, `[data-testid="sla-target-${target}"] [data-testid="sla-attainment"]`),
        )
        expect(attainment).toBeGreaterThanOrEqual(0)
        expect(attainment).toBeLessThanOrEqual(100)
      }

      // The open complaints with their SLA status and due instant, or the empty state.
      const rows = page.locator('[data-testid="open-complaint-row"]')
      if ((await rows.count()) === 0)
        expect(await text(page, '[data-testid="open-complaints-empty"]')).not.toBe("")
      else {
        expect(await rows.first().locator('[data-testid="sla-status"]').textContent()).toMatch(
          /^(Breached|At risk|On track|Paused)$/,
        )
        expect(await page.locator('[data-testid="open-complaints"] time').count()).toBeGreaterThan(
          0,
        )
      }
      expect(
        await page
          .locator('[data-testid="latest-breaches"], [data-testid="latest-breaches-empty"]')
          .count(),
      ).toBe(1)

      expect(errors).toEqual([])

      mkdirSync(fileURLToPath(new URL("../screenshots/", import.meta.url)), { recursive: true })
      await page.screenshot({ path: screenshotPath, fullPage: true })
      const png = readFileSync(screenshotPath)
      expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
      // The IHDR chunk: width and height of the whole page.
      expect(png.readUInt32BE(16)).toBe(1280)
      expect(png.readUInt32BE(20)).toBeGreaterThan(1200)
      expect(statSync(screenshotPath).size).toBeGreaterThan(50_000)
    } finally {
      await page.close()
    }
  })

  it("LOY-1 sizes the company from ?customers= and ?seed=, and says so in the header", async () => {
    const { page, errors } = await open("/?customers=300&seed=7")
    try {
      await expectDashboard(page)
      expect(await text(page, '[data-testid="company-customers"]')).toBe("300")
      expect(await text(page, '[data-testid="company-seed"]')).toBe("7")
      const counts = await quadrantCounts(page)
      expect(Object.values(counts).reduce((sum, count) => sum + count, 0)).toBe(300)
      expect(counts).toEqual(loyaltyCountsOf(7, 300))
      expect(errors).toEqual([])
    } finally {
      await page.close()
    }
  })

  it("refuses a bad ?customers= on the error panel with the error's tag, computing nothing", async () => {
    const { page } = await open("/?customers=0")
    try {
      expect(await page.locator('[data-testid="dashboard"]').count()).toBe(0)
      expect(await text(page, '[data-testid="error-tag"]')).toBe("DashboardParameterError")
      expect(await text(page, '[data-testid="error-message"]')).toContain("?customers=0")
    } finally {
      await page.close()
    }
  })
})
