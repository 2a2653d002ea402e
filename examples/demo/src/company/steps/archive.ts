/**
 * Archives, retention and erasure (ARC-1 … ARC-4) over everything the run stored.
 * The `Archives` service is given every package's collections, so its sweep and its
 * erasures reach the segmentation's invoices, the complaint desk's book, the returns,
 * the visits and the churn cases alike. Each customer's archive is filed under the
 * class the 2023 segmentation gave it and refiled when the 2024 one moved it (ARC-1);
 * the major customers' archives are reviewed every half year and the others yearly,
 * and the report of the overdue ones is read at the end of the history (ARC-2); the
 * potential customers who have not bought in two years are screened by the objective
 * rule and retired (ARC-3); the retention policy is saved as data, a legal hold is
 * placed over a dispute, the disposal sweep runs, and a customer who left has their
 * personal data erased everywhere but where the hold keeps it (ARC-4).
 */
import { Archive, Archives, type Erasure, Retention, Retirement } from "@clientele/archive"
import { Churn } from "@clientele/churn"
import { type Complaint, Complaints } from "@clientele/complaints"
import { type Errors, Ids, Money } from "@clientele/core"
import { Returns } from "@clientele/returns"
import { Policy, Segmentation } from "@clientele/segmentation"
import type { StoreError } from "@clientele/store"
import { Visits } from "@clientele/visits"
import * as Effect from "effect/Effect"
import { currency, type History, yearPeriod, years, zone } from "../../history.js"
import { at } from "../clock.js"
import { asOf } from "../generate.js"
import { keyed, managerOf } from "../generate-visits.js"
import { DAY } from "../quantities.js"
import type { RunContext } from "../run-context.js"
import type { ArchiveSection, Count } from "../sections.js"

/** The last statistics period of the history: the screening counts the years completed to it. */
const lastHistoryYear = years[years.length - 1] ?? 2024

/** The archives are filed after the 2023 segmentation run, on the first Monday of 2024. */
const filedAt = Date.parse("2024-01-08T09:00:00+08:00")

/** The customer-service manager, who files archives, confirms retirements and keeps the policies. */
const manager = "s-chen"
/** The company's lawyer, who places legal holds. */
const lawyer = "s-legal"

/**
 * How the service is set up: every package's collections, the tier scheme archives
 * are filed under, and the retention names of the collections whose schedules need
 * them — invoices for the segmentation's transactions, and the dates the schedules
 * count from.
 */
export const archiveOptions: Archives.Options = {
  sources: [
    ...Segmentation.collections,
    ...Complaints.collections,
    ...Returns.collections,
    ...Visits.collections,
    ...Churn.collections,
  ],
  // A demo's key: a real one is kept out of the database, with the other secrets.
  maskingKey: "office-supplies-erasure-evidence",
  scheme: Policy.threeTiers,
  recordTypes: { "segmentation-transactions": "invoice" },
  dates: {
    "segmentation-transactions": { created: "at" },
    complaints: { created: "receivedAt" },
    "complaint-contacts": { created: "at" },
    "complaint-notifications": { created: "at" },
    "returns-cases": { created: "requestedAt" },
  },
}

/**
 * The company's retention policy: invoices for the thirty years accounting archives
 * are kept, complaints and returns for three years of warranty and disputes, and the
 * personal data nothing needs any more — the contact log of repeat complaints, the
 * SLA notifications — a year; an archive untouched for three years goes to review.
 */
const retentionPolicy = {
  version: 1,
  schedules: [
    {
      id: "invoices",
      recordType: "invoice",
      kind: "retention",
      trigger: { kind: "created" },
      retainFor: { years: 30 },
      countFrom: "endOfCalendarYear",
      action: "anonymise",
      minimumByLaw: { years: 30 },
      legalBasis: "accounting archives are kept 30 years (Accounting Archives Management Measures)",
      zone,
    },
    {
      id: "complaint-records",
      recordType: "complaints",
      kind: "retention",
      trigger: { kind: "created" },
      retainFor: { years: 3 },
      countFrom: "triggerDate",
      action: "delete",
      legalBasis: "complaints kept through warranty and disputes",
      zone,
    },
    {
      id: "return-cases",
      recordType: "returns-cases",
      kind: "retention",
      trigger: { kind: "created" },
      retainFor: { years: 3 },
      countFrom: "triggerDate",
      action: "anonymise",
      legalBasis: "returns kept through warranty and disputes",
      zone,
    },
    {
      id: "complaint-contact-log",
      recordType: "complaint-contacts",
      kind: "deletion",
      trigger: { kind: "created" },
      retainFor: { years: 1 },
      countFrom: "triggerDate",
      action: "delete",
      legalBasis: "PIPL art. 19: kept no longer than its purpose needs",
      zone,
    },
    {
      id: "sla-notifications",
      recordType: "complaint-notifications",
      kind: "deletion",
      trigger: { kind: "created" },
      retainFor: { years: 1 },
      countFrom: "triggerDate",
      action: "delete",
      legalBasis: "operational records kept a year",
      zone,
    },
    {
      id: "archive-review",
      recordType: "archive-archives",
      kind: "deletion",
      trigger: { kind: "lastActivity" },
      retainFor: { years: 3 },
      countFrom: "triggerDate",
      action: "review",
      legalBasis: "PIPL art. 19: kept no longer than its purpose needs",
      zone,
    },
  ],
}

/**
 * The objective rule of ARC-3: a potential customer two statistics periods (calendar
 * years) without a purchase is retired, confirmed by a person, with ninety days to
 * change one's mind. The default asks three periods; the history has two.
 */
const retirementRule = Retirement.makeRule({
  classes: ["potential"],
  inactivity: { _tag: "Periods", count: 2 },
  mode: "manual",
  graceDays: 90,
})

/** What the earlier steps found that the archive needs. */
export interface ArchiveInputs {
  /** The complaint book at the end of the history: open complaints block a retirement. */
  readonly book: ReadonlyArray<Complaint.Complaint>
  /** Customers with a return still open. */
  readonly openReturns: ReadonlyArray<string>
  /** Customers with a return case on file. */
  readonly customersWithReturns: ReadonlySet<string>
  /** Customers whose churn case closed lost. */
  readonly lost: ReadonlyArray<string>
  /** Customers a churn detection run flagged. */
  readonly flagged: ReadonlySet<string>
}

/** What can go wrong in the step: a refusal, bad input, or the store. */
export type ArchiveStepError =
  | Archives.ArchiveError
  | Archives.ArchiveExistsError
  | Archives.PolicyVersionConflictError
  | Archives.HoldExistsError
  | Archives.RetirementExistsError
  | Retirement.ConfirmationRequiredError
  | Errors.ValidationError
  | Errors.NotFoundError
  | StoreError.StoreError
  | Erasure.IdentityNotVerifiedError
  | Erasure.RedactionError

/** The last year each customer bought in, by id. */
const lastPurchaseYear = (history: History) => {
  const years = new Map<string, number>()
  for (const order of history.orders)
    years.set(order.customerId, new Date(order.at + 8 * 3_600_000).getUTCFullYear())
  return years
}

/**
 * The customer whose erasure the run carries out: one who left or was leaving (a lost
 * churn case, or flagged by a detection run) with a complaint and a return on
 * file, so that the erasure reaches every package; failing that, the one who comes
 * closest.
 */
const erasureSubject = (inputs: ArchiveInputs): string | undefined => {
  const complained = new Set<string>(inputs.book.map((complaint) => complaint.customerId))
  const everyone = [...complained].sort()
  const returned = (id: string) => inputs.customersWithReturns.has(id)
  const ranked = [
    inputs.lost.filter((id) => complained.has(id) && returned(id)),
    everyone.filter((id) => inputs.flagged.has(id) && returned(id)),
    everyone.filter(returned),
    inputs.lost.filter((id) => complained.has(id)),
    everyone,
  ]
  return ranked.find((candidates) => candidates.length > 0)?.[0]
}

/** Files, reviews, refiles, retires, sweeps and erases; reads the section back. */
export const runArchive = (
  context: RunContext,
  tiers: ReadonlyMap<string, string>,
  inputs: ArchiveInputs,
): Effect.Effect<ArchiveSection, ArchiveStepError, Archives.Archives | Segmentation.Segmentation> =>
  Effect.gen(function* () {
    const archives = yield* Archives.Archives
    const segmentation = yield* Segmentation.Segmentation
    const { tenant, company } = context
    const { seed } = company.options
    const classes = Archive.classesOf(Policy.threeTiers)

    // ARC-1: the 2023 classes, as the segmentation step stored them.
    const results2023 = yield* segmentation.results(tenant, yearPeriod(2023))
    const classOf2023 = new Map<string, string>(
      results2023.map((result) => [result.customerId, result.tier]),
    )
    const segmentationPolicy = results2023[0]?.policyVersion ?? "tiers-v1"
    const newcomers = company.history.customers.filter((customer) => !classOf2023.has(customer.id))
    const reviewed = [...classOf2023].filter(([, tier]) => tier === "major").map(([id]) => id)
    const moved = [...classOf2023].filter(([id, tier]) => (tiers.get(id) ?? tier) !== tier)
    const task = context.progress.start(
      "archive and retention",
      classOf2023.size + reviewed.length + moved.length + newcomers.length + 2,
    )
    const profileOf = (customerId: string) => {
      const contact = company.contacts.get(customerId)
      return [
        ...(contact === undefined
          ? []
          : [
              { key: "contactPerson", value: contact.name },
              { key: "phone", value: contact.phone },
            ]),
        { key: "accountManager", value: managerOf(customerId) },
      ]
    }
    const policy = yield* archives
      .saveReviewPolicy(tenant, {
        version: 1,
        zone,
        months: 12,
        classMonths: [{ customerClass: "major", months: 6 }],
      })
      .pipe(at(filedAt))
    for (const [customerId, customerClass] of classOf2023) {
      yield* archives
        .fileArchive(tenant, {
          customer: customerId,
          customerClass,
          at: filedAt,
          by: manager,
          profile: profileOf(customerId),
        })
        .pipe(at(filedAt))
      task.advance()
    }

    // ARC-2: the major customers' half-yearly review, in July and August; one in ten
    // slips, one in eight reviews finds a new phone number, and now and then the
    // customer says something worth keeping (ARC-1's testimonials).
    for (const customerId of reviewed) {
      task.advance()
      const random = keyed(seed, `review/${customerId}`)
      if (random.uniform() >= 0.9) continue
      const reviewedAt =
        Date.parse("2024-07-08T10:00:00+08:00") + Math.floor(random.uniform() * 50) * DAY
      const phone = `+86 21 6${String(Math.floor(random.uniform() * 1e7)).padStart(7, "0")}`
      const by = managerOf(customerId)
      yield* archives
        .reviewArchive(tenant, customerId, {
          at: reviewedAt,
          by,
          ...(random.uniform() < 0.125 ? { set: [{ key: "phone", value: phone }] } : {}),
        })
        .pipe(at(reviewedAt))
      if (random.uniform() < 0.03)
        yield* archives
          .addTestimonial(tenant, customerId, {
            statement: "Orders placed before noon are on our shelves the next morning.",
            author: company.contacts.get(customerId)?.name ?? "Office manager",
            saidAt: reviewedAt,
            channel: "visit",
            consentToPublish: random.uniform() < 0.6,
            archivedAt: reviewedAt + 3_600_000,
            archivedBy: by,
          })
          .pipe(at(reviewedAt + 3_600_000))
    }

    // ARC-4: the retention policy, and a hold over the dispute of the customer who
    // will ask to be forgotten: its complaints and returns are kept whole.
    const retention = yield* archives
      .saveRetentionPolicy(tenant, retentionPolicy)
      .pipe(at(Date.parse("2024-06-03T09:00:00+08:00")))
    const subject = erasureSubject(inputs)
    const hold =
      subject === undefined
        ? undefined
        : yield* archives
            .placeHold(tenant, {
              id: "hold-refund-dispute",
              scope: { subjectIds: [subject], recordTypes: ["complaints", "returns-cases"] },
              reason: "The customer disputes the refund of a returned order",
              placedBy: lawyer,
              mode: "governance",
            })
            .pipe(at(Date.parse("2024-12-20T15:00:00+08:00")))

    // ARC-1 again: the 2024 run moved some customers; the newcomers are filed at it.
    for (const [customerId, from] of moved) {
      const to = tiers.get(customerId) ?? from
      yield* archives
        .refile(tenant, customerId, {
          to,
          at: asOf,
          by: manager,
          policyVersion: segmentationPolicy,
        })
        .pipe(at(asOf))
      task.advance()
    }
    for (const { id } of newcomers) {
      yield* archives
        .fileArchive(tenant, {
          customer: id,
          customerClass: tiers.get(id) ?? "potential",
          at: asOf,
          by: manager,
          profile: profileOf(id),
        })
        .pipe(at(asOf))
      task.advance()
    }
    const overdue = yield* archives.overdueReviews(tenant, policy.version).pipe(at(asOf))

    // ARC-3: screen the potential customers and retire the candidates.
    const rule = yield* retirementRule
    const lastYear = lastPurchaseYear(company.history)
    const lifetime = new Map<string, number>()
    for (const order of company.history.orders)
      lifetime.set(order.customerId, (lifetime.get(order.customerId) ?? 0) + order.revenue.amount)
    const registered = new Map(
      company.history.customers.map((customer) => [customer.id, customer.registered]),
    )
    const potential = yield* archives.archivesByClass(tenant, "potential")
    const holds = yield* archives.holds(tenant)
    const screening = yield* Retirement.retirementCandidates(
      potential.map((archive) => ({
        customerId: archive.customer,
        customerClass: archive.customerClass,
        lifetimeValue: Money.make(lifetime.get(archive.customer) ?? 0, currency),
        // Calendar years completed since the last purchase, or since registering.
        inactivePeriods:
          lastHistoryYear -
          (lastYear.get(archive.customer) ??
            (registered.get(archive.customer) ?? lastHistoryYear) - 1),
      })),
      rule,
      {
        openReturns: inputs.openReturns.map((id) => Ids.CustomerId.make(id)),
        unexpiredWarranties: [],
        openComplaints: [
          ...new Set(
            inputs.book
              .filter((complaint) => complaint.state !== "closed")
              .map((complaint) => Ids.CustomerId.make(complaint.customerId)),
          ),
        ],
        legalHolds: holds
          .filter((candidate) => Retention.isHoldActive(candidate, asOf))
          .flatMap((candidate) => candidate.scope.subjectIds ?? [])
          .map((id) => Ids.CustomerId.make(id)),
      },
      asOf,
    )
    for (const candidate of screening.candidates)
      yield* archives.retire(tenant, candidate, "confirmed", manager).pipe(at(asOf))

    // ARC-4: the sweep, then the erasure of the customer who left.
    const sweep = yield* archives.sweep(tenant, { policyVersion: retention.version }).pipe(at(asOf))
    task.advance()
    const erased =
      subject === undefined
        ? undefined
        : yield* archives
            .erase(
              tenant,
              {
                id: `erasure-${subject}`,
                subjectId: subject,
                receivedAt: asOf - 5 * DAY,
                zone,
                identityVerified: true,
                grounds: ["17(1)(a)"],
              },
              { policyVersion: retention.version },
            )
            .pipe(at(asOf))
    task.advance()

    const filed: Array<Count> = []
    for (const customerClass of classes)
      filed.push({
        label: customerClass,
        count: (yield* archives.archivesByClass(tenant, customerClass)).length,
      })
    const swept = new Map<string, number>()
    for (const line of sweep.disposed)
      swept.set(line.action, (swept.get(line.action) ?? 0) + line.count)
    const outcome = (kind: "delete" | "anonymise" | "retain") =>
      (erased?.evidence.counts ?? [])
        .filter((row) => row.outcome === kind)
        .reduce((sum, row) => sum + row.count, 0)
    const section: ArchiveSection = {
      archives: filed,
      reviewsOverdue: overdue.items.length,
      retired: screening.candidates.length,
      swept: [...swept].map(([label, count]) => ({ label, count })),
      held: sweep.held,
      erasure: {
        customerId: subject ?? "",
        deleted: outcome("delete"),
        anonymised: outcome("anonymise"),
        kept: outcome("retain"),
      },
    }
    task.done(
      `${filed.map((entry) => `${entry.label} ${entry.count}`).join(", ")}; ${section.reviewsOverdue} reviews overdue; ${section.retired} retired; ${sweep.scanned} documents swept${hold === undefined ? "" : `, ${sweep.held} held`}`,
    )
    return section
  })
