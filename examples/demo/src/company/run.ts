/**
 * The company run: one SQLite database, the generated company, and every module end
 * to end through its public service — each step reads what the steps before it
 * stored, as an app embedding Clientele would. Returns the report's sections.
 */
import { mkdirSync, rmSync } from "node:fs"
import { dirname } from "node:path"
import { Archives } from "@clientele/archive"
import { Churn } from "@clientele/churn"
import { Complaints } from "@clientele/complaints"
import { Returns } from "@clientele/returns"
import { Scorecards } from "@clientele/scorecard"
import { Segmentation } from "@clientele/segmentation"
import { layerSqlite } from "@clientele/store-sql/sqlite"
import { Visits } from "@clientele/visits"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import { currency, years, zone } from "../history.js"
import { asOf, type CompanyOptions, generateCompany } from "./generate.js"
import { generateReturns } from "./generate-returns.js"
import type { Progress } from "./progress.js"
import { type RunContext, tenant } from "./run-context.js"
import type { CompanyReport } from "./sections.js"
import { archiveOptions, runArchive } from "./steps/archive.js"
import { runChurn } from "./steps/churn.js"
import { complaintsSection, deskSettings, runComplaintDesk } from "./steps/complaints.js"
import { runReturnsDesk } from "./steps/returns.js"
import { runScorecard } from "./steps/scorecard.js"
import { runSegmentation } from "./steps/segmentation.js"
import { runVisits } from "./steps/visits.js"

/** How to run the company. */
export interface RunOptions extends CompanyOptions {
  /** The SQLite database file to create (an existing one is replaced). */
  readonly database: string
  readonly progress: Progress
}

/** Runs every step over a fresh database and returns what they found. */
export const runCompany = async (options: RunOptions): Promise<CompanyReport> => {
  const steps: Array<{ name: string; milliseconds: number }> = []
  const timed = async <A>(name: string, work: () => Promise<A>): Promise<A> => {
    const started = performance.now()
    const result = await work()
    steps.push({ name, milliseconds: Math.round(performance.now() - started) })
    return result
  }

  const company = await timed("generate the company", async () => {
    const task = options.progress.start("generate the company")
    const generated = generateCompany(options)
    // The returns desk draws from a stream of its own (the visits too, in their step),
    // so adding it changed none of the orders and complaints above.
    const returnsDesk = generateReturns(options.seed, generated.history)
    task.done(
      `${generated.history.customers.length} customers, ${generated.history.orders.length} orders, ${generated.complaints.length} complaints, ${returnsDesk.requests.length} return requests`,
    )
    return { ...generated, returnsDesk }
  })
  const context: RunContext = { tenant, company, progress: options.progress }

  mkdirSync(dirname(options.database), { recursive: true })
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${options.database}${suffix}`, { force: true })
  // A generated database needs no power-cut durability: `normal` skips a sync per
  // commit, which is most of the time of thousands of small transactions.
  const runtime = ManagedRuntime.make(
    layerSqlite({ filename: options.database, synchronous: "normal" }),
  )
  try {
    const found = await timed("segmentation and loyalty", () =>
      runtime.runPromise(runSegmentation(context).pipe(Effect.provide(Segmentation.layer))),
    )
    const desk = await timed("complaint desk", () =>
      runtime.runPromise(
        runComplaintDesk(context).pipe(Effect.provide(Complaints.layer(deskSettings))),
      ),
    )
    const returns = await timed("returns desk", () =>
      runtime.runPromise(
        runReturnsDesk(context, company.returnsDesk).pipe(Effect.provide(Returns.layer)),
      ),
    )
    // The cadence reads the tiers the segmentation step stored.
    const visits = await timed("visits and contacts", () =>
      runtime.runPromise(
        runVisits(context, desk.book).pipe(
          Effect.provide(Layer.merge(Visits.layer, Segmentation.layer)),
        ),
      ),
    )
    // The scorecard reads the complaints, returns and visits through their services.
    const scorecard = await timed("scorecard", () =>
      runtime.runPromise(
        runScorecard(context).pipe(
          Effect.provide(
            Scorecards.layer().pipe(
              Layer.provide(
                Layer.mergeAll(Complaints.layer(deskSettings), Returns.layer, Visits.layer),
              ),
            ),
          ),
        ),
      ),
    )
    const churn = await timed("churn", () =>
      runtime.runPromise(runChurn(context).pipe(Effect.provide(Churn.layer))),
    )
    const archive = await timed("archive and retention", () =>
      runtime.runPromise(
        runArchive(context, found.tiers, {
          book: desk.book,
          openReturns: returns.openReturns,
          customersWithReturns: returns.customersWithCases,
          lost: churn.lost,
          flagged: churn.flagged,
        }).pipe(Effect.provide(Layer.merge(Archives.layer(archiveOptions), Segmentation.layer))),
      ),
    )
    return {
      overview: {
        company: "An office-supplies distributor in Shanghai",
        seed: options.seed,
        customers: company.history.customers.length,
        orders: company.history.orders.length,
        complaints: company.complaints.length,
        returnRequests: returns.requests,
        visits: visits.visits,
        years,
        asOf,
        zone,
        currency,
        database: options.database,
        steps,
      },
      segmentation: found.segmentation,
      loyalty: found.loyalty,
      complaints: complaintsSection(desk.book),
      returns: returns.section,
      visits: visits.section,
      churn: churn.section,
      archive,
      scorecard,
    }
  } finally {
    await runtime.dispose()
  }
}
