/*
 * Archive (ARC-1 … ARC-4) at a small coffee roaster in Berlin that supplies offices,
 * practices and cafés. Its customers' archives are filed under the segmentation's
 * three tiers with their profile facts and testimonials, and refiled when a
 * customer moves up; two years of reviews give the overdue report and the index of
 * last year's adjustments; the default retirement rule screens the potential
 * customers, and the screening says what keeps each of the others; a retention
 * policy written as data, a legal hold and the disposal sweep clear the complaint
 * desk's old records; and a customer's erasure request is answered record by
 * record. All through the `Archives` service, next to the `Complaints` service on
 * one store of its own, on a clock the story sets.
 */
import { Archive, Archives, Retention, Retirement } from "@clientele/archive"
import { WorkingCalendar } from "@clientele/calendar"
import { Complaints, Handling, Reports } from "@clientele/complaints"
import { Civil, Ids, Money, Zone } from "@clientele/core"
import { Policy } from "@clientele/segmentation"
import { MemoryStore } from "@clientele/store"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as TestClock from "effect/TestClock"
import * as TestContext from "effect/TestContext"

const tenant = Ids.TenantId.make("demo-company")
const zone = "Europe/Berlin"
const currency = "EUR"

/** The instant of a Berlin wall-clock time `YYYY-MM-DD HH:MM`, CET or CEST as the date has it. */
const berlin = (text: string) => Zone.instantOf(zone, Date.parse(`${text.replace(" ", "T")}:00Z`))

/** Runs `effect` with the clock set to `instant`. */
const at =
  (instant: number) =>
  <A, E, R>(effect: Effect.Effect<A, E, R>) =>
    Effect.zipRight(TestClock.setTime(instant), effect)

/* Formatting. */

const dateFormat = new Intl.DateTimeFormat("en-GB", {
  timeZone: zone,
  day: "numeric",
  month: "short",
  year: "numeric",
})
const dateTimeFormat = new Intl.DateTimeFormat("en-GB", {
  timeZone: zone,
  weekday: "short",
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
})
const day = (instant: number) => dateFormat.format(instant)
const moment = (instant: number) => dateTimeFormat.format(instant).replace(/,/g, "")
/** A civil date (`YYYY-MM-DD`) as the same day written out. */
const civil = (date: string) => {
  const dayNumber = Civil.parse(date)
  if (dayNumber === undefined) throw new Error(`${date} is not a civil date`)
  return new Intl.DateTimeFormat("en-GB", {
    timeZone: "UTC",
    day: "numeric",
    month: "short",
    year: "numeric",
  }).format(dayNumber * Civil.dayMs)
}
const eur = (money: Money.Money) => Money.format(money, "en-GB")
const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`
const quoted = (text: string | undefined) => (text === undefined ? "∅" : `"${text}"`)

/* The customers: what the segmentation made of them and what they bought. */

interface Customer {
  readonly id: string
  readonly company: string
  /** The tier of the segmentation run of January 2023, which the archives are filed under. */
  readonly tier: "major" | "general" | "potential"
  readonly contactPerson: string
  readonly phone: string
  readonly fax?: string
  /** Invoiced purchases by calendar year (the statistics period, SEG-3), in cents. */
  readonly purchases: ReadonlyArray<readonly [year: number, cents: number]>
}

const customers: ReadonlyArray<Customer> = [
  {
    id: "cus_0001",
    company: "Nordlicht Logistik GmbH",
    tier: "major",
    contactPerson: "Lena Hoffmann",
    phone: "030 5550 101",
    purchases: [
      [2021, 1_840_000],
      [2022, 2_210_000],
      [2023, 2_460_000],
      [2024, 2_590_000],
      [2025, 310_000],
    ],
  },
  {
    id: "cus_0002",
    company: "Havelland Kliniken",
    tier: "major",
    contactPerson: "Dr. Peter Scholz",
    phone: "0331 5550 202",
    purchases: [
      [2021, 1_520_000],
      [2022, 1_690_000],
      [2023, 1_730_000],
      [2024, 1_810_000],
    ],
  },
  {
    id: "cus_0003",
    company: "Spree Software AG",
    tier: "general",
    contactPerson: "Mia Richter",
    phone: "030 5550 303",
    purchases: [
      [2022, 420_000],
      [2023, 1_960_000],
      [2024, 2_240_000],
    ],
  },
  {
    id: "cus_0004",
    company: "Kanzlei Brandt & Partner",
    tier: "general",
    contactPerson: "Thomas Brandt",
    phone: "030 5550 404",
    fax: "030 5550 409",
    purchases: [
      [2021, 260_000],
      [2022, 310_000],
      [2023, 290_000],
      [2024, 330_000],
    ],
  },
  {
    id: "cus_0005",
    company: "Atelier Sommer",
    tier: "general",
    contactPerson: "Eva Sommer",
    phone: "030 5550 505",
    purchases: [
      [2022, 180_000],
      [2023, 150_000],
      [2024, 90_000],
    ],
  },
  {
    id: "cus_0006",
    company: "Bäckerei Lindner",
    tier: "potential",
    contactPerson: "Karl Lindner",
    phone: "030 5550 606",
    purchases: [
      [2020, 64_000],
      [2021, 38_000],
    ],
  },
  {
    id: "cus_0007",
    company: "Krause Bürotechnik",
    tier: "potential",
    contactPerson: "Uwe Krause",
    phone: "030 5550 707",
    purchases: [
      [2019, 115_000],
      [2020, 87_000],
    ],
  },
  {
    id: "cus_0008",
    company: "Café Weber",
    tier: "potential",
    contactPerson: "Jana Weber",
    phone: "030 5550 808",
    purchases: [
      [2020, 72_000],
      [2021, 41_000],
    ],
  },
  {
    id: "cus_0009",
    company: "Studio Adler",
    tier: "potential",
    contactPerson: "Nina Adler",
    phone: "030 5550 909",
    purchases: [
      [2022, 56_000],
      [2023, 23_000],
    ],
  },
]

const customer = (id: string): Customer => {
  const found = customers.find((candidate) => candidate.id === id)
  if (found === undefined) throw new Error(`the story has no customer ${id}`)
  return found
}
const company = (id: string) => customer(id).company
const fact = (archive: Archive.Archive, key: string) =>
  archive.profile.find((entry) => entry.key === key)?.value

/* The complaint desk, on the same store. */

const complaintSettings = Handling.makeSettings({
  calendar: WorkingCalendar.weekdays(zone, "09:00", "17:00"),
  currency,
  departments: [
    {
      id: "service",
      name: "Customer service",
      head: "s-wolf",
      categories: ["product", "service", "price"],
    },
  ],
})

/** The retention record types and dates of the complaint desk's collections (see the policy). */
const archiveOptions: Archives.Options = {
  sources: [...Complaints.collections],
  maskingKey: "roastery-erasure-evidence-key",
  scheme: Policy.threeTiers,
  recordTypes: {
    complaints: "complaint",
    "complaint-contacts": "complaint",
    "archive-archives": "customer-archive",
  },
  dates: { complaints: { created: "receivedAt" }, "complaint-contacts": { created: "at" } },
}

const program = Effect.gen(function* () {
  const archives = yield* Archives.Archives
  const complaints = yield* Complaints.Complaints
  console.log(
    `\nArchive (ARC-1 … ARC-4) at a coffee roaster in Berlin: ${customers.length} customers, filed under the segmentation's ${Archive.classesOf(Policy.threeTiers).join(" / ")} tiers.`,
  )

  // --- the complaint desk's book, which the archive step will meet again ------------
  /** A complaint taken and solved on the spot, followed up by someone else and closed. */
  const settled = (
    intake: Omit<typeof Handling.Intake.Encoded, "receivedBy">,
    receivedAt: number,
    outcome: string,
  ) =>
    Effect.gen(function* () {
      const complaint = yield* complaints
        .intake(tenant, { ...intake, receivedBy: "s-peters" })
        .pipe(at(receivedAt))
      yield* complaints
        .acknowledge(tenant, complaint.id, { by: "s-peters", onTheSpot: true })
        .pipe(at(receivedAt + 10 * 60_000))
      yield* complaints
        .resolve(tenant, complaint.id, {
          by: "s-peters",
          outcome,
          explanation: outcome,
          apologised: true,
          rootCause: "defective-delivery",
        })
        .pipe(at(receivedAt + 30 * 60_000))
      yield* complaints
        .followUp(tenant, complaint.id, { by: "s-wolf", reached: true, solved: true })
        .pipe(at(receivedAt + 2 * 86_400_000))
      return yield* complaints
        .closeComplaint(tenant, complaint.id, { by: "s-wolf" })
        .pipe(at(receivedAt + 2 * 86_400_000 + 5 * 60_000))
    })
  const krause = yield* settled(
    {
      idempotencyKey: "hotline-2022-03-14-1",
      customerId: "cus_0007",
      channel: "hotline",
      category: "product",
      productId: "espresso-machine-lease",
      contact: { name: customer("cus_0007").contactPerson, phone: customer("cus_0007").phone },
      description: "The leased espresso machine leaks water onto the counter",
    },
    berlin("2022-03-14 10:00"),
    "machine exchanged",
  )
  const weberEarlier = yield* settled(
    {
      idempotencyKey: "mail-2024-05-06-1",
      customerId: "cus_0008",
      channel: "email",
      category: "service",
      contact: { name: customer("cus_0008").contactPerson, email: "jana@cafe-weber.example" },
      description: "The driver left the beans outside the café in the rain",
    },
    berlin("2024-05-06 09:30"),
    "sacks replaced",
  )
  const weberOpen = yield* complaints
    .intake(tenant, {
      idempotencyKey: "hotline-2025-02-24-1",
      customerId: "cus_0008",
      channel: "hotline",
      category: "product",
      productId: "grinder-rental",
      contact: { name: customer("cus_0008").contactPerson, phone: customer("cus_0008").phone },
      description: "Jana Weber says the rented grinder still has her old order's settings",
      receivedBy: "s-peters",
    })
    .pipe(at(berlin("2025-02-24 11:00")))
  yield* complaints
    .acknowledge(tenant, weberOpen.id, {
      by: "s-peters",
      message: "A technician will call by tomorrow evening.",
      committedResolutionAt: berlin("2025-02-25 17:00"),
    })
    .pipe(at(berlin("2025-02-24 11:20")))
  const desk = [krause, weberEarlier, yield* complaints.get(tenant, weberOpen.id)]
  console.log(
    `  The complaint desk (the Complaints service, same store) has ${plural(desk.length, "complaint")} of ${new Set(desk.map((complaint) => complaint.customerId)).size} of them: ${desk.map((complaint) => `${company(complaint.customerId)} on ${day(complaint.receivedAt)} (${complaint.category}, ${complaint.state})`).join(", ")}.`,
  )

  // --- ARC-1: archives filed by class, with facts and testimonials -----------------
  const filedAt = berlin("2023-01-09 09:00")
  for (const entry of customers)
    yield* archives.fileArchive(tenant, {
      customer: entry.id,
      customerClass: entry.tier,
      at: filedAt,
      by: "s-braun",
      profile: [
        { key: "company", value: entry.company },
        { key: "contactPerson", value: entry.contactPerson },
        { key: "phone", value: entry.phone },
        ...(entry.fax === undefined ? [] : [{ key: "fax", value: entry.fax }]),
      ],
    })
  const testimonials = [
    {
      customer: "cus_0001",
      statement: "The beans arrive the morning they are roasted, every single week.",
      author: "Lena Hoffmann",
      saidAt: berlin("2023-04-18 14:00"),
      channel: "phone",
      consentToPublish: true,
    },
    {
      customer: "cus_0004",
      statement: "Reliable, though the invoices could be clearer.",
      author: "Thomas Brandt",
      saidAt: berlin("2023-09-05 10:00"),
      channel: "survey",
      consentToPublish: false,
    },
    {
      customer: "cus_0008",
      statement: "Our guests ask which roaster we use.",
      author: "Jana Weber",
      saidAt: berlin("2023-06-12 16:00"),
      channel: "inPerson",
      consentToPublish: true,
    },
  ] as const
  for (const { customer: id, ...testimonial } of testimonials)
    yield* archives.addTestimonial(tenant, id, {
      ...testimonial,
      archivedAt: testimonial.saidAt + 86_400_000,
      archivedBy: "s-braun",
    })
  // The January 2024 segmentation run moved Spree Software up (SEG-1): refile, never file twice.
  const refiled = yield* archives.refile(tenant, "cus_0003", {
    to: "major",
    at: berlin("2024-01-08 09:00"),
    by: "s-yilmaz",
    policyVersion: "2024",
  })
  const twice = yield* Effect.flip(
    archives.fileArchive(tenant, {
      customer: "cus_0003",
      customerClass: "major",
      at: berlin("2024-01-08 09:05"),
      by: "s-yilmaz",
    }),
  )
  const move = refiled.history.find((entry) => entry._tag === "Refiled")
  console.log(
    `\n  ARC-1: ${plural(customers.length, "archive")} filed on ${day(filedAt)} by s-braun, each with the company, contact person and phone; ${company("cus_0003")} ${move === undefined ? "was not moved" : `moved from ${move.from} to ${move.to} on ${day(move.at)} (segmentation policy ${move.policyVersion}) and was refiled`}; filing it again is refused: ${twice._tag}.`,
  )
  console.log("  The archive by class, as stored:")
  let stored: Array<Archive.Archive> = []
  for (const customerClass of Archive.classesOf(Policy.threeTiers)) {
    const filed = yield* archives.archivesByClass(tenant, customerClass)
    stored = [...stored, ...filed]
    console.log(
      `    ${customerClass.padEnd(9)} ${filed.map((archive) => `${fact(archive, "company")} (${archive.customer})`).join(", ")}`,
    )
  }
  const publishable = stored.flatMap((archive) =>
    Archive.publishable(archive).map((testimonial) => ({ archive, testimonial })),
  )
  const withheld =
    stored.reduce((count, archive) => count + archive.testimonials.length, 0) - publishable.length
  console.log(
    `  Testimonials that may be published (${publishable.length}; ${withheld} more archived without consent):`,
  )
  for (const { archive, testimonial } of publishable)
    console.log(
      `    "${testimonial.statement}" — ${testimonial.author}, ${fact(archive, "company")} (${testimonial.channel}, ${day(testimonial.saidAt)})`,
    )

  // --- ARC-2: the review policy, two years of reviews, the overdue report -------------
  const reviewPolicy = yield* archives.saveReviewPolicy(tenant, {
    version: 1,
    zone,
    months: 12,
    classMonths: [{ customerClass: "major", months: 6 }],
  })
  const reviews: ReadonlyArray<{
    readonly customer: string
    readonly at: string
    readonly by: string
    readonly set?: ReadonlyArray<{ readonly key: string; readonly value: string }>
    readonly remove?: ReadonlyArray<string>
  }> = [
    { customer: "cus_0001", at: "2023-07-03 10:00", by: "s-braun" },
    { customer: "cus_0002", at: "2023-07-04 11:00", by: "s-braun" },
    { customer: "cus_0009", at: "2023-09-12 15:00", by: "s-yilmaz" },
    { customer: "cus_0005", at: "2023-11-20 14:00", by: "s-yilmaz" },
    { customer: "cus_0004", at: "2023-12-04 09:30", by: "s-yilmaz" },
    {
      customer: "cus_0001",
      at: "2024-01-08 10:00",
      by: "s-braun",
      set: [{ key: "phone", value: "030 5550 111" }],
    },
    {
      customer: "cus_0002",
      at: "2024-02-12 11:00",
      by: "s-braun",
      set: [{ key: "contactPerson", value: "Sabine Vogt" }],
    },
    { customer: "cus_0007", at: "2024-03-11 16:00", by: "s-yilmaz" },
    {
      customer: "cus_0008",
      at: "2024-04-15 15:00",
      by: "s-yilmaz",
      set: [{ key: "phone", value: "0176 5550 888" }],
    },
    { customer: "cus_0001", at: "2024-07-01 10:00", by: "s-braun" },
    {
      customer: "cus_0003",
      at: "2024-07-08 14:00",
      by: "s-braun",
      set: [{ key: "industry", value: "software" }],
    },
    { customer: "cus_0002", at: "2024-08-19 11:00", by: "s-braun" },
    { customer: "cus_0009", at: "2024-09-02 15:00", by: "s-yilmaz" },
    { customer: "cus_0004", at: "2024-11-25 09:30", by: "s-yilmaz", remove: ["fax"] },
    { customer: "cus_0001", at: "2025-01-06 10:00", by: "s-braun" },
  ]
  let adjusted = 0
  for (const { customer: id, at: when, ...input } of reviews) {
    const reviewed = yield* archives.reviewArchive(tenant, id, { ...input, at: berlin(when) })
    const last = reviewed.history[reviewed.history.length - 1]
    if (last?._tag === "Reviewed" && last.adjustments.length > 0) adjusted++
  }
  const now = berlin("2025-03-03 09:00")
  const overdue = yield* archives.overdueReviews(tenant, reviewPolicy.version).pipe(at(now))
  console.log(
    `\n  ARC-2: review policy v${reviewPolicy.version} — every ${reviewPolicy.months} months, ${reviewPolicy.classMonths.map((entry) => `${entry.customerClass} every ${entry.months}`).join(", ")}, counted on the ${reviewPolicy.zone} calendar; ${plural(reviews.length, "review")} recorded from ${day(berlin(reviews[0]?.at ?? ""))} to ${day(berlin(reviews[reviews.length - 1]?.at ?? ""))}, ${adjusted} with adjustments.`,
  )
  console.log(
    `  Overdue on ${moment(now)} (${overdue.items.length} of ${stored.length} archives, longest first):`,
  )
  for (const item of overdue.items)
    console.log(
      `    ${company(item.customer).padEnd(24)} ${item.customerClass.padEnd(9)} last reviewed ${item.lastReviewedAt === undefined ? "never      " : day(item.lastReviewedAt).padEnd(11)}  due ${civil(item.dueOn).padEnd(11)}  ${Math.floor((now - item.overdueSince) / 86_400_000) + 1} days overdue`,
    )
  console.log(
    `    by class: ${overdue.byClass.map((entry) => `${entry.customerClass} ${entry.customers.length}`).join(", ")}`,
  )
  const lastYear = Civil.fieldsOf(Zone.localDayOf(zone, now)).year - 1
  const index = yield* archives.adjustmentIndex(tenant, reviewPolicy.version, lastYear)
  console.log(`  The adjustment index of ${lastYear} (${index.length} archives reviewed or moved):`)
  for (const entry of index) {
    const changes = entry.entries.map(
      (change) =>
        `${change.field} ${quoted(change.before)} → ${quoted(change.after)} (${day(change.at)}, ${change.by})`,
    )
    console.log(
      `    ${company(entry.customer).padEnd(24)} reviewed ${entry.reviewedAt.map(day).join(", ") || "—"}${changes.length === 0 ? "; no changes" : `; ${changes.join("; ")}`}`,
    )
  }

  // --- ARC-3: who may be retired, and what keeps the others ---------------------------
  // A letter from Krause Bürotechnik's lawyer about the 2022 lease: legal holds the records.
  const hold = yield* archives
    .placeHold(tenant, {
      id: "hold-krause-lease",
      scope: { subjectIds: ["cus_0007"] },
      reason: "Claim over the 2022 espresso machine lease",
      placedBy: "l-koch",
      mode: "governance",
    })
    .pipe(at(berlin("2025-03-03 11:00")))
  const screenedAt = berlin("2025-03-03 14:00")
  yield* TestClock.setTime(screenedAt)
  // The blockers, read from the services: holds active now, complaints not closed.
  const holds = yield* archives.holds(tenant)
  const book = yield* complaints.received(tenant, {
    from: berlin("2020-01-01 00:00"),
    to: screenedAt,
  })
  const blockers: Retirement.Blockers = {
    openReturns: [],
    unexpiredWarranties: [],
    openComplaints: [
      ...new Set(
        book
          .filter((complaint) => complaint.state !== "closed")
          .map((complaint) => Ids.CustomerId.make(complaint.customerId)),
      ),
    ],
    legalHolds: [
      ...new Set(
        holds
          .filter((candidate) => Retention.isHoldActive(candidate, screenedAt))
          .flatMap((candidate) => candidate.scope.subjectIds ?? [])
          .map((id) => Ids.CustomerId.make(id)),
      ),
    ],
  }
  // The figures: lifetime value, and the statistics periods (calendar years) completed
  // since the last purchase; the current year is not over yet.
  const currentYear = lastYear + 1
  const figures: Array<Retirement.CustomerFigures> = []
  for (const entry of customers) {
    const archive = yield* archives.getArchive(tenant, entry.id)
    const lastPurchase = Math.max(...entry.purchases.map(([year]) => year))
    figures.push({
      customerId: Ids.CustomerId.make(entry.id),
      customerClass: archive.customerClass,
      lifetimeValue: Money.make(
        entry.purchases.reduce((sum, [, cents]) => sum + cents, 0),
        currency,
      ),
      inactivePeriods: Math.max(0, currentYear - 1 - lastPurchase),
    })
  }
  const rule = Retirement.defaultRule
  const screening = Either.getOrThrow(
    Retirement.retirementCandidates(figures, rule, blockers, screenedAt),
  )
  console.log(
    `\n  ARC-3: retirement rule v${rule.version} (the default) — ${rule.classes.join(", ")} customers inactive for ${rule.inactivity._tag === "Periods" ? `${rule.inactivity.count} statistics periods (calendar years)` : `${rule.inactivity.count} days`}, ${rule.mode}, ${rule.graceDays} days' grace; hold "${hold.id}" placed by ${hold.placedBy} on ${day(hold.placedAt)}; screened ${moment(screenedAt)}:`,
  )
  const judged = (figuresOf: Retirement.JudgedFigures) =>
    `${plural(figuresOf.inactivePeriods ?? 0, "period")} inactive, lifetime value ${eur(figuresOf.lifetimeValue)}`
  for (const candidate of screening.candidates)
    console.log(
      `    candidate  ${company(candidate.customerId).padEnd(24)} ${candidate.customerClass.padEnd(9)} ${judged(candidate.figures)}${candidate.requiresConfirmation ? "; needs a person's confirmation" : ""}`,
    )
  for (const excluded of screening.excluded)
    console.log(
      `    excluded   ${company(excluded.customerId).padEnd(24)} ${excluded.customerClass.padEnd(9)} ${judged(excluded.figures)}: ${excluded.reasons.join(", ")}`,
    )
  const [candidate] = screening.candidates
  if (candidate === undefined) throw new Error("the screening finds a candidate to retire")
  const unconfirmed = Retirement.retire(
    candidate,
    "automatic",
    screenedAt,
    Ids.StaffId.make("retirement-job"),
  )
  if (Either.isRight(unconfirmed)) throw new Error("a manual rule's candidate needs a person")
  const retiredAt = berlin("2025-03-03 15:00")
  const retired = Either.getOrThrow(
    Retirement.retire(candidate, "confirmed", retiredAt, Ids.StaffId.make("s-braun")),
  )
  yield* archives.addNote(tenant, retired.customerId, {
    at: retiredAt,
    by: retired.retiredBy,
    text: `Retired under retirement rule v${retired.rule.version}; restorable until ${moment(retired.finalAt)}.`,
  })
  console.log(
    `    the retirement job alone may not retire ${company(candidate.customerId)} (${unconfirmed.left._tag}); ${retired.retiredBy} confirms it ${moment(retired.retiredAt)}: ${Retirement.statusAt(retired, retiredAt)} until ${moment(retired.finalAt)} (${retired.rule.graceDays} × 24 h), ${Retirement.statusAt(retired, retired.finalAt)} from then; a note on the archive says so.`,
  )

  // --- ARC-4: the retention policy as data ------------------------------------------
  const policy = yield* archives.saveRetentionPolicy(tenant, {
    version: 1,
    schedules: [
      {
        id: "complaint-records",
        recordType: "complaint",
        kind: "retention",
        trigger: { kind: "created" },
        retainFor: { years: 2 },
        countFrom: "triggerDate",
        action: "delete",
        legalBasis: "complaint records kept through the warranty period (BGB § 438)",
        zone,
      },
      {
        id: "complaint-potential-cleanup",
        recordType: "complaint",
        customerClass: "potential",
        kind: "deletion",
        trigger: { kind: "created" },
        retainFor: { years: 1 },
        countFrom: "triggerDate",
        action: "delete",
        legalBasis: "GDPR Art. 5(1)(e) storage limitation",
        zone,
      },
      {
        id: "return-orders",
        recordType: "return-order",
        kind: "retention",
        trigger: { kind: "created" },
        retainFor: { years: 10 },
        countFrom: "endOfCalendarYear",
        action: "anonymise",
        minimumByLaw: { years: 10 },
        legalBasis: "AO § 147 tax records",
        zone,
      },
      {
        id: "archive-review",
        recordType: "customer-archive",
        kind: "deletion",
        trigger: { kind: "lastActivity" },
        retainFor: { years: 3 },
        countFrom: "triggerDate",
        action: "review",
        legalBasis: "GDPR Art. 5(1)(e) storage limitation",
        zone,
      },
    ],
  })
  console.log(`\n  ARC-4: retention policy v${policy.version}, as data:`)
  for (const schedule of policy.schedules)
    console.log(
      `    ${schedule.id.padEnd(28)} ${`${schedule.recordType}${schedule.customerClass === undefined ? "" : ` (${schedule.customerClass})`}`.padEnd(22)} ${schedule.kind.padEnd(9)} ${Retention.showDuration(schedule.retainFor)} from ${schedule.countFrom === "endOfCalendarYear" ? `the end of the year of ${Retention.triggerDateName(schedule.trigger)}` : Retention.triggerDateName(schedule.trigger)}, then ${schedule.action}${schedule.minimumByLaw === undefined ? "" : ` (statutory minimum ${Retention.showDuration(schedule.minimumByLaw)})`} — ${schedule.legalBasis}`,
    )
  console.log(
    `    precedence: ${policy.precedence.map((principle, step) => `${step + 1}. ${principle}`).join(", ")}; holds released by: ${policy.holdReleaseRoles.join(", ")}`,
  )
  // The table at work on a potential customer's complaint, received when Café Weber's was.
  const sample = Either.getOrThrow(
    Retention.evaluateRetention(
      {
        id: "sample",
        type: "complaint",
        subjectIds: [],
        customerClass: "potential",
        dates: { created: weberOpen.receivedAt },
      },
      policy,
      [],
      berlin("2025-03-10 09:00"),
    ),
  )
  console.log(
    `    a potential customer's complaint of ${day(weberOpen.receivedAt)}: ${sample.explanation.filter((line) => line.startsWith("precedence")).join("; ")} → ${sample.state === "active" ? `${sample.appliedScheduleId} keeps it until ${sample.disposalDueAt === undefined ? "its trigger" : moment(sample.disposalDueAt)}` : sample.state}`,
  )

  // --- ARC-4: the sweep, a hold, its release ---------------------------------------
  const printSweep = (label: string, report: Archives.SweepReport) =>
    console.log(
      `    ${label} ${moment(report.at)} (v${report.policyVersion}): ${report.scanned} documents; disposed ${report.disposed.map((line) => `${line.collection} ${line.action} ${line.count}`).join(", ") || "none"}; held ${report.held}, not due ${report.notDue}, no schedule ${report.noSchedule}, already disposed ${report.alreadyDisposed}`,
    )
  console.log("  The disposal sweep over every source (complaints and archives):")
  printSweep(
    "sweep 1",
    yield* archives
      .sweep(tenant, { policyVersion: policy.version })
      .pipe(at(berlin("2025-03-10 02:00"))),
  )
  const releasedOn = berlin("2025-06-02 10:00")
  const refused = yield* Effect.flip(
    archives
      .releaseHold(tenant, hold.id, { by: "s-braun", roles: ["sales"] }, policy.version)
      .pipe(at(releasedOn)),
  )
  const released = yield* archives
    .releaseHold(tenant, hold.id, { by: "l-koch", roles: ["legal"] }, policy.version)
    .pipe(at(releasedOn))
  console.log(
    `    the claim is settled: s-braun may not release the hold (${refused._tag}${refused._tag === "HoldReleaseError" ? ` ${refused.reason}` : ""}); ${released.releasedBy} releases it ${moment(released.releasedAt ?? 0)}`,
  )
  printSweep(
    "sweep 2",
    yield* archives
      .sweep(tenant, { policyVersion: policy.version })
      .pipe(at(berlin("2025-06-03 02:00"))),
  )
  printSweep(
    "sweep 3",
    yield* archives
      .sweep(tenant, { policyVersion: policy.version })
      .pipe(at(berlin("2025-06-03 02:30"))),
  )
  const gone = yield* Effect.flip(complaints.get(tenant, krause.id))
  const disposals = yield* archives.dispositions(tenant, "complaints")
  console.log(
    `    ${company(krause.customerId)}'s complaint of ${day(krause.receivedAt)}: ${gone._tag}; recorded as ${disposals.map((entry) => `${entry.action} on ${day(entry.at)} under ${entry.scheduleId}`).join(", ")}`,
  )

  // --- ARC-4: an erasure request ----------------------------------------------------
  const request = {
    id: "erasure-2025-001",
    subjectId: "cus_0008",
    receivedAt: berlin("2025-06-16 10:00"),
    zone,
    identityVerified: true,
    grounds: ["17(1)(b)"],
  } as const
  const window = { from: berlin("2020-01-01 00:00"), to: berlin("2025-06-18 09:00") }
  const before = Reports.summary(yield* complaints.received(tenant, window), window.to)
  const preview = yield* archives
    .previewErasure(tenant, request, { policyVersion: policy.version })
    .pipe(at(berlin("2025-06-18 09:00")))
  console.log(
    `\n  ARC-4 erasure: ${customer(request.subjectId).contactPerson} of ${company(request.subjectId)} asks on ${day(request.receivedAt)} (${request.zone}, identity verified, GDPR Art. ${request.grounds.join(", ")}) that her data be erased. The preview, record by record:`,
  )
  // Records of the same collection, outcome and reason are one line, with how many.
  const planned = new Map<string, { line: string; ids: Array<string> }>()
  for (const [position, record] of preview.plan.records.entries()) {
    const document = preview.documents[position]
    const reason =
      record.outcome === "anonymise" && record.keptFor !== undefined
        ? `kept without personal data under ${record.keptFor.scheduleId} until ${record.keptFor.until === undefined ? "its trigger" : moment(record.keptFor.until)} (Art. ${record.keptFor.article})`
        : record.outcome === "retain"
          ? `held by ${record.holdIds.join(", ")} (Art. ${record.article})`
          : (record.explanation[record.explanation.length - 1] ?? "")
    const line = `${(document?.collection ?? record.recordType).padEnd(26)} ${record.outcome.padEnd(10)} ${reason}`
    const group = planned.get(line) ?? { line, ids: [] }
    group.ids.push(document?.documentId ?? record.recordId)
    planned.set(line, group)
  }
  for (const { line, ids } of planned.values())
    console.log(`    ${`${ids.length} ×`.padStart(4)} ${line}`)
  const erasedAt = berlin("2025-06-18 09:30")
  const receipt = yield* archives
    .erase(tenant, request, { policyVersion: policy.version })
    .pipe(at(erasedAt))
  console.log(
    `  Erased ${moment(receipt.completedAt)}; the receipt names her only as ${receipt.evidence.subjectRef.slice(0, 21)}…, answer due by ${civil(receipt.evidence.respondBy)}:`,
  )
  console.log(
    `    counts: ${receipt.evidence.counts.map((row) => `${row.recordType} ${row.outcome} ${row.count}`).join(", ")}`,
  )
  for (const line of receipt.response) console.log(`    | ${line}`)
  const erased = yield* complaints.get(tenant, weberOpen.id)
  const after = Reports.summary(yield* complaints.received(tenant, window), window.to)
  const counts = (summary: Reports.Summary) =>
    `${summary.total} complaints, ${Object.entries(summary.byState)
      .filter(([, count]) => count > 0)
      .map(([state, count]) => `${state} ${count}`)
      .join(", ")}, open ${summary.open}`
  console.log(
    `    her complaint of ${day(erased.receivedAt)} now reads ${quoted(erased.description)}, contact ${quoted(erased.contact.name)}; the complaint report before: ${counts(before)}; after: ${counts(after)}${counts(before) === counts(after) ? " (unchanged)" : " (CHANGED)"}`,
  )
  const archiveGone = yield* Effect.flip(archives.getArchive(tenant, request.subjectId))
  const stillPublishable: Array<string> = []
  for (const customerClass of Archive.classesOf(Policy.threeTiers))
    for (const archive of yield* archives.archivesByClass(tenant, customerClass))
      for (const testimonial of Archive.publishable(archive))
        stillPublishable.push(testimonial.author)
  console.log(
    `    her archive: ${archiveGone._tag}; publishable testimonials now: ${stillPublishable.join(", ") || "none"}`,
  )
  const again = yield* archives
    .erase(tenant, request, { policyVersion: policy.version })
    .pipe(at(berlin("2025-06-19 09:00")))
  const receipts = yield* archives.erasures(tenant)
  console.log(
    `    the same request again on ${day(berlin("2025-06-19 09:00"))} returns the first receipt: ${JSON.stringify(again) === JSON.stringify(receipt)} (completed ${moment(again.completedAt)}); ${plural(receipts.length, "erasure")} on file`,
  )
})

/** The archive step of the demo, over a store of its own. */
export const archiveDemo = (): Promise<void> =>
  Effect.runPromise(
    Effect.provide(
      program,
      Layer.merge(
        Layer.merge(Archives.layer(archiveOptions), Complaints.layer(complaintSettings)).pipe(
          Layer.provide(MemoryStore.layer),
        ),
        TestContext.TestContext,
      ),
    ),
  )
