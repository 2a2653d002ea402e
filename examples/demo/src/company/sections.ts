/**
 * What the company run found, section by section: plain data (numbers, strings and
 * arrays, JSON as it stands) that the terminal report and the HTML report both draw
 * from. Each step of the run fills its section from the packages' public reports; the
 * renderers never call a package themselves.
 */

/** A share in [0, 1], or `null` when there was nothing to share (no data, never 0 %). */
export type Share = number | null

/** One labelled count, for bars and tables. */
export interface Count {
  readonly label: string
  readonly count: number
}

/** How the run was made and what it produced. */
export interface Overview {
  readonly company: string
  readonly seed: number
  readonly customers: number
  readonly orders: number
  readonly complaints: number
  readonly returnRequests: number
  readonly visits: number
  /** The years of the history, e.g. `[2023, 2024]`. */
  readonly years: ReadonlyArray<number>
  /** The instant the run treats as now (the end of the history), epoch ms. */
  readonly asOf: number
  readonly zone: string
  readonly currency: string
  /** The SQLite database the run wrote, relative to the working directory. */
  readonly database: string
  /** Wall-clock time of each step, in order. */
  readonly steps: ReadonlyArray<{ readonly name: string; readonly milliseconds: number }>
}

/** Segmentation of the last year (SEG-1 … SEG-6). */
export interface SegmentationSection {
  readonly year: number
  readonly policyVersion: string
  /** Tier counts per year, tiers in the policy's order. */
  readonly tiersByYear: ReadonlyArray<{
    readonly year: number
    readonly tiers: ReadonlyArray<Count>
  }>
  /** The ABCD classes of the last year: customers, share of contribution, minutes each. */
  readonly abcd: ReadonlyArray<{
    readonly name: string
    readonly customers: number
    readonly contributionShare: number
    readonly minutesEach: number
  }>
  /**
   * The Pareto curve of the last year: customers ranked by contribution, cumulative
   * share of customers against cumulative share of contribution (at most ~200
   * points, first (0, 0), last (1, 1)), with the class of the customer at each point.
   */
  readonly pareto: ReadonlyArray<{
    readonly customerShare: number
    readonly contributionShare: number
    readonly abcd: string
  }>
  readonly rfmSegments: ReadonlyArray<Count>
  /** Tier moves between the two years. */
  readonly moves: { readonly up: number; readonly down: number; readonly entered: number }
  readonly cultivationCandidates: number
}

/** The four loyalty types, in the order the matrix reads. */
export type LoyaltyType = "zero" | "latent" | "inertial" | "high"

/** The loyalty matrix of the last year (LOY-1 … LOY-4). */
export interface LoyaltySection {
  readonly year: number
  /** The cuts: high frequency above `frequency` orders, high dependence above `dependence` (a share). */
  readonly thresholds: { readonly frequency: number; readonly dependence: number }
  readonly counts: Readonly<Record<LoyaltyType, number>>
  /** Every customer of the year as a point. */
  readonly points: ReadonlyArray<{
    readonly frequency: number
    readonly dependence: number
    readonly type: LoyaltyType
  }>
  /** Rows: the previous year's type; columns: this year's, both in `types` order. */
  readonly transition: {
    readonly types: ReadonlyArray<LoyaltyType>
    readonly matrix: ReadonlyArray<ReadonlyArray<number>>
    readonly entered: number
    readonly left: number
  }
}

/** The complaint book of both years (CMP-*). */
export interface ComplaintsSection {
  readonly total: number
  readonly open: number
  readonly byState: ReadonlyArray<Count>
  /** SLA attainment per target over the whole history. */
  readonly attainment: ReadonlyArray<{
    readonly target: string
    readonly hit: number
    readonly missed: number
    readonly open: number
    readonly attainment: Share
  }>
  /** Attainment of every target together, month by month (`2024-03`). */
  readonly attainmentByMonth: ReadonlyArray<{
    readonly month: string
    readonly hit: number
    readonly missed: number
    readonly attainment: Share
  }>
  /** Breaches per target, and the latest few with the complaint's customer and category. */
  readonly breaches: {
    readonly byTarget: ReadonlyArray<Count>
    readonly latest: ReadonlyArray<{
      readonly customer: string
      readonly category: string
      readonly target: string
      readonly dueAt: number
      readonly completedAt: number | null
    }>
  }
  /** Root causes, most frequent first (the Pareto of CMP-10). */
  readonly rootCauses: ReadonlyArray<Count>
  readonly firstContactResolution: {
    readonly resolvedFirstTime: number
    readonly firstContacts: number
  }
  readonly repeatContacts: { readonly repeats: number; readonly complaints: number }
  readonly followUps: { readonly done: number; readonly byOther: number }
  /** Mean satisfaction (1–5) of the complaints that have a score, or null. */
  readonly satisfaction: number | null
  /** Median business minutes to first response and to resolution, or null. */
  readonly medianMinutes: {
    readonly firstResponse: number | null
    readonly resolution: number | null
  }
}

/** Returns and exchanges (RET-*). */
export interface ReturnsSection {
  readonly cases: number
  readonly byOutcome: ReadonlyArray<Count>
  /** Request lines per reason code, most first. */
  readonly byReason: ReadonlyArray<Count>
  /** Per reason class (defect, customer, …) the lines. */
  readonly byReasonClass: ReadonlyArray<Count>
  /** Refunds issued, in minor units of the overview's currency. */
  readonly refunded: number
  readonly exchanges: number
  /** Share of decided cases approved in whole or part. */
  readonly approvalRate: Share
  /** Median hours from request to decision, or null. */
  readonly medianHoursToDecision: number | null
}

/** Visits and contacts planned from the tier standards (VIS-*). */
export interface VisitsSection {
  readonly planned: number
  readonly visitsDone: number
  /** Adherence overall and per tier as of the end of the history. */
  readonly adherence: ReadonlyArray<{
    readonly tier: string
    readonly due: number
    readonly done: number
    readonly doneOnTime: number
    readonly overdue: number
    readonly rate: Share
    readonly onTimeRate: Share
  }>
  readonly feedback: {
    readonly cards: number
    /** Mean score (1–5), or null without cards. */
    readonly meanScore: number | null
    /** Cards per score 1 … 5. */
    readonly distribution: ReadonlyArray<Count>
  }
  readonly followUps: number
}

/** Churn models on the company's own customers (CHN-*). */
export interface ChurnSection {
  readonly model: string
  readonly customers: number
  readonly parameters: ReadonlyArray<{ readonly name: string; readonly value: number }>
  /** Customers per P(alive) bucket: ten buckets [0, 0.1) … [0.9, 1]. */
  readonly pAlive: ReadonlyArray<Count>
  readonly atRisk: number
  readonly churned: number
  /** The most valuable customers at risk. */
  readonly topAtRisk: ReadonlyArray<{
    readonly customerId: string
    readonly pAlive: number
    readonly expectedPurchases: number
  }>
  /** Expected purchases in the holdout against what happened, if a holdout was kept. */
  readonly holdout: { readonly expected: number; readonly actual: number } | null
}

/** Archives, retention and erasure (ARC-*). */
export interface ArchiveSection {
  readonly archives: ReadonlyArray<Count>
  readonly reviewsOverdue: number
  readonly retired: number
  /** What the retention sweep did, by disposition. */
  readonly swept: ReadonlyArray<Count>
  readonly held: number
  /** The erasure of one customer: documents erased, anonymised and kept under a hold. */
  readonly erasure: {
    readonly customerId: string
    readonly deleted: number
    readonly anonymised: number
    readonly kept: number
  }
}

/** The service-quality scorecard (SQ-1, SQ-2). */
export interface ScorecardSection {
  /** The periods (e.g. quarters `2024-Q1`) in order. */
  readonly periods: ReadonlyArray<string>
  /** One row per measure: its principle, unit, target, each period's value and status. */
  readonly measures: ReadonlyArray<{
    readonly principle: string
    readonly measure: string
    readonly unit: "share" | "minutes" | "hours" | "score"
    readonly target: string
    readonly values: ReadonlyArray<number | null>
    readonly status: "met" | "not met" | "no data"
  }>
  /** Self and peer assessment (SQ-2) of a few staff members. */
  readonly assessments: ReadonlyArray<{
    readonly staff: string
    readonly selfTotal: number
    readonly peerTotal: number
    readonly largestGap: { readonly indicator: string; readonly gap: number } | null
  }>
}

/** Everything the run found; a section is absent when its step did not run. */
export interface CompanyReport {
  readonly overview: Overview
  readonly segmentation?: SegmentationSection
  readonly loyalty?: LoyaltySection
  readonly complaints?: ComplaintsSection
  readonly returns?: ReturnsSection
  readonly visits?: VisitsSection
  readonly churn?: ChurnSection
  readonly archive?: ArchiveSection
  readonly scorecard?: ScorecardSection
}
