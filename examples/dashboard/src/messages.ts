/**
 * What the page and the worker that computes the dashboard say to each other. The
 * replay is seconds of synchronous work, so it runs off the page's main thread: the
 * page stays responsive and draws the worker's progress as it comes.
 */
import type { Dashboard } from "./dashboard.ts"
import type { DashboardParameters } from "./parameters.ts"

/** The page asks for one dashboard. */
export type Request = { readonly kind: "compute"; readonly parameters: DashboardParameters }

/** What a failure says on the error panel. */
export interface FailureReport {
  /** The error's `_tag`, or `Defect` for an unexpected throw. */
  readonly tag: string
  readonly message: string
  /** The full cause, for the details. */
  readonly details: string
}

/** The worker answers with progress, then the dashboard or the failure. */
export type Reply =
  | { readonly kind: "step"; readonly step: string; readonly total: number }
  | { readonly kind: "progress"; readonly done: number }
  | { readonly kind: "computed"; readonly dashboard: Dashboard }
  | { readonly kind: "failed"; readonly failure: FailureReport }
