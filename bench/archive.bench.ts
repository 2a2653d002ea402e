/**
 * `@clientele/archive` reports over a large archive (issue 9), beside a plain loop
 * measured in the same run:
 *
 * 1. The yearly review report (ARC-2; target ≤ 2 s): `Review.overdue` over 1,000,000
 *    archives in four classes reviewed every 3, 6 and 12 months (the default), in
 *    Europe/Berlin (with its DST changes), histories of 1–5 entries (filed, then
 *    reviews and class moves; instants at any time of day, so some fall on the next
 *    local day), a few entries after the report's instant and a few archives filed
 *    after it. Baseline: a straightforward loop that computes each archive's due
 *    date with core's `Zone.localDayOf`, `Civil.fieldsOf`/`dayNumberOf` and
 *    `Zone.firstInstantOfDay` per history entry and per archive (no work shared
 *    between archives), then sorts the same way. Both must report the same overdue
 *    archives (customer, class, last review, due date, overdue since) in the same
 *    order before anything is timed.
 * 2. The adjustment index of 2024 (ARC-2): `Review.adjustmentIndex` over the same
 *    archives. Baseline: a plain loop that asks `Period.containsInstant` of the
 *    year for every history entry. Both must agree.
 * 3. The retention sweep (ARC-4): `Retention.sweepPlan` over 1,000,000 record facts
 *    under a policy of 10 schedules (retention and deletion, class-specific ones,
 *    statutory minimums, counting from the trigger date or the end of its year, two
 *    zones) and 100 legal holds (by subject, record type or record; some released,
 *    some not yet placed, some compliance holds). Ours validates the whole input
 *    (each record by hand, as the schema would). Baseline: a plain loop applying the same precedence
 *    table to the same schedules, with the active holds' scopes turned into sets
 *    once, no validation and no explanations. Both must give the same disposals and
 *    skipped records.
 *
 * The workloads are seeded (the same every run). Timings are medians (ms) of 5
 * samples (3 for the sweep) after a warm-up, the heap collected before each; a quick
 * run uses a tenth of the sizes.
 */
import { performance } from "node:perf_hooks"
import { Archive, Retention, Review } from "@clientele/archive"
import { Civil, type Ids, Period, Zone } from "@clientele/core"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import { type Benchmark, type Row, settleHeap } from "./harness.js"

const count = (n: number) => Math.round(n).toLocaleString("en-US")
const percent = (part: number, whole: number) => `${((100 * part) / whole).toFixed(1)} %`

const right = <A>(result: Either.Either<A, unknown>, what: string): A => {
  if (Either.isLeft(result)) throw new Error(`${what}: ${String(result.left)}`)
  return result.right
}

/** A small seeded generator (mulberry32), so every run builds the same workload. */
const seeded = (seed: number) => {
  let state = seed >>> 0
  return (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

const median = (values: ReadonlyArray<number>): number => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? 0
}

/** Milliseconds of `work`: the median of `samples` runs after one warm-up, the heap settled before each. */
const milliseconds = (work: () => void, samples: number): number => {
  settleHeap()
  work()
  const times: Array<number> = []
  for (let i = 0; i < samples; i++) {
    settleHeap()
    const start = performance.now()
    work()
    times.push(performance.now() - start)
  }
  return median(times)
}

const DAY = 86_400_000
const ZONE = Period.TimeZone.make("Europe/Berlin")

// ---------------------------------------------------------------------------
// Row 1 and 2: archives and the review policy.

const reviewPolicy = right(
  Review.makePolicy({
    version: 2025,
    zone: ZONE,
    classMonths: [
      { customerClass: "key", months: 3 },
      { customerClass: "major", months: 6 },
    ],
  }),
  "review policy",
)

/** Classes with their share of the archives. */
const CLASSES: ReadonlyArray<readonly [string, number]> = [
  ["key", 0.04],
  ["major", 0.16],
  ["general", 0.5],
  ["potential", 0.3],
]
const STAFF = Array.from({ length: 40 }, (_, i) => `staff_${i + 1}` as Ids.StaffId)
const ADJUSTMENTS: ReadonlyArray<Archive.Adjustment> = [
  { field: "profile.phone", before: "+49 30 1234567", after: "+49 30 7654321" },
  { field: "profile.email", before: "old@example.com", after: "new@example.com" },
  { field: "profile.address", after: "Hauptstraße 1, 10115 Berlin" },
  { field: "profile.fax", before: "+49 30 1111111" },
]

/** 2025-06-15 10:00 in Berlin: the instant of the report. */
const NOW = Zone.firstInstantOfDay(ZONE, Civil.dayNumberOf(2025, 6, 15)) + 10 * 3_600_000

const pickClass = (random: () => number, except?: string): string => {
  for (;;) {
    let u = random()
    let picked = "potential"
    for (const [name, share] of CLASSES) {
      u -= share
      if (u < 0) {
        picked = name
        break
      }
    }
    if (picked !== except) return picked
  }
}

const makeArchives = (size: number): Array<Archive.Archive> => {
  const random = seeded(2025)
  const archives: Array<Archive.Archive> = []
  for (let i = 0; i < size; i++) {
    const u = random()
    const entries = u < 0.2 ? 1 : u < 0.5 ? 2 : u < 0.75 ? 3 : u < 0.9 ? 4 : 5
    // The latest entry: mostly recent, some long ago, a few after the report's instant.
    const v = random()
    const age =
      v < 0.01
        ? -random() * 60 * DAY
        : v < 0.86
          ? random() * 150 * DAY
          : (150 + random() * 450) * DAY
    const times: Array<number> = [Math.floor(NOW - age)]
    for (let k = 1; k < entries; k++)
      times.unshift((times[0] as number) - Math.floor((20 + random() * 380) * DAY))
    let current = pickClass(random)
    const history: Array<Archive.HistoryEntry> = []
    times.forEach((at, k) => {
      const by = STAFF[Math.floor(random() * STAFF.length)] as Ids.StaffId
      if (k === 0) {
        history.push({ _tag: "Filed", customerClass: current, at, by })
      } else if (random() < 0.3) {
        const to = pickClass(random, current)
        history.push({ _tag: "Refiled", from: current, to, at, by })
        current = to
      } else {
        const w = random()
        const adjustments =
          w < 0.4
            ? []
            : w < 0.85
              ? [ADJUSTMENTS[Math.floor(random() * 4)] as Archive.Adjustment]
              : [ADJUSTMENTS[0] as Archive.Adjustment, ADJUSTMENTS[3] as Archive.Adjustment]
        history.push({ _tag: "Reviewed", at, by, adjustments })
      }
    })
    archives.push({
      customer: `cus_${String(i).padStart(7, "0")}` as Ids.CustomerId,
      customerClass: current,
      profile: [],
      notes: [],
      testimonials: [],
      history: history as unknown as Archive.Archive["history"],
    })
  }
  // The archives are built as typed data; check a sample against the schema.
  const isArchive = Schema.is(Archive.Archive)
  for (let i = 0; i < Math.min(size, 20_000); i++)
    if (!isArchive(archives[i])) throw new Error(`archive ${i} is not a valid archive`)
  return archives
}

/** The baseline overdue report: each archive's due date computed afresh, entry by entry. */
const naiveOverdue = (
  archives: ReadonlyArray<Archive.Archive>,
  zone: string,
  monthsOf: (customerClass: string) => number,
  lastDay: boolean,
  now: number,
): Array<Review.OverdueItem> => {
  const dueDayOf = (at: number, customerClass: string): number => {
    const { year, month, day } = Civil.fieldsOf(Zone.localDayOf(zone, at))
    const index = month - 1 + monthsOf(customerClass)
    const dueYear = year + Math.floor(index / 12)
    const dueMonth = (index % 12) + 1
    const last = Civil.daysInMonth(dueYear, dueMonth)
    return day <= last
      ? Civil.dayNumberOf(dueYear, dueMonth, day)
      : Civil.dayNumberOf(dueYear, dueMonth, last) + (lastDay ? 0 : 1)
  }
  const items: Array<Review.OverdueItem> = []
  for (const archive of archives) {
    let customerClass: string | undefined
    let lastReviewedAt: number | undefined
    let dueDay = Number.POSITIVE_INFINITY
    for (const entry of archive.history) {
      if (entry.at > now) break
      if (entry._tag === "Filed") {
        customerClass = entry.customerClass
        dueDay = dueDayOf(entry.at, customerClass)
      } else if (entry._tag === "Reviewed") {
        lastReviewedAt = entry.at
        dueDay = dueDayOf(entry.at, customerClass as string)
      } else {
        customerClass = entry.to
        dueDay = Math.min(dueDay, dueDayOf(entry.at, customerClass))
      }
    }
    if (customerClass === undefined) continue
    const overdueSince = Zone.firstInstantOfDay(zone, dueDay + 1)
    if (now < overdueSince) continue
    items.push({
      customer: archive.customer,
      customerClass,
      ...(lastReviewedAt === undefined ? {} : { lastReviewedAt }),
      dueOn: Civil.format(dueDay) as Period.CivilDate,
      overdueSince,
    })
  }
  items.sort((a, b) =>
    a.overdueSince !== b.overdueSince
      ? a.overdueSince - b.overdueSince
      : a.customer < b.customer
        ? -1
        : a.customer > b.customer
          ? 1
          : 0,
  )
  return items
}

const sameOverdue = (
  ours: ReadonlyArray<Review.OverdueItem>,
  baseline: ReadonlyArray<Review.OverdueItem>,
): void => {
  if (ours.length !== baseline.length)
    throw new Error(`overdue: ours has ${ours.length} archives, the baseline ${baseline.length}`)
  for (let i = 0; i < ours.length; i++) {
    const a = ours[i] as Review.OverdueItem
    const b = baseline[i] as Review.OverdueItem
    if (
      a.customer !== b.customer ||
      a.customerClass !== b.customerClass ||
      a.lastReviewedAt !== b.lastReviewedAt ||
      a.dueOn !== b.dueOn ||
      a.overdueSince !== b.overdueSince
    )
      throw new Error(
        `overdue item ${i} differs: ours ${JSON.stringify(a)}, baseline ${JSON.stringify(b)}`,
      )
  }
}

/** The baseline adjustment index: `Period.containsInstant` asked of every history entry. */
const naiveIndex = (
  archives: ReadonlyArray<Archive.Archive>,
  year: Period.Period,
): Array<Review.ArchiveIndex> => {
  const index: Array<Review.ArchiveIndex> = []
  for (const archive of archives) {
    const reviewedAt: Array<number> = []
    const entries: Array<Review.IndexEntry> = []
    for (const entry of archive.history) {
      if (!Period.containsInstant(year, entry.at)) continue
      if (entry._tag === "Reviewed") {
        reviewedAt.push(entry.at)
        for (const adjustment of entry.adjustments)
          entries.push({ ...adjustment, at: entry.at, by: entry.by })
      } else if (entry._tag === "Refiled") {
        entries.push({
          field: "customerClass",
          before: entry.from,
          after: entry.to,
          at: entry.at,
          by: entry.by,
        })
      }
    }
    if (reviewedAt.length > 0 || entries.length > 0)
      index.push({
        customer: archive.customer,
        customerClass: archive.customerClass,
        reviewedAt,
        entries,
      })
  }
  return index
}

const sameIndex = (
  ours: ReadonlyArray<Review.ArchiveIndex>,
  baseline: ReadonlyArray<Review.ArchiveIndex>,
): void => {
  if (ours.length !== baseline.length)
    throw new Error(`index: ours lists ${ours.length} archives, the baseline ${baseline.length}`)
  for (let i = 0; i < ours.length; i++) {
    const a = ours[i] as Review.ArchiveIndex
    const b = baseline[i] as Review.ArchiveIndex
    const same =
      a.customer === b.customer &&
      a.customerClass === b.customerClass &&
      a.reviewedAt.length === b.reviewedAt.length &&
      a.reviewedAt.every((at, k) => at === b.reviewedAt[k]) &&
      a.entries.length === b.entries.length &&
      a.entries.every((entry, k) => {
        const other = b.entries[k]
        return (
          other !== undefined &&
          entry.field === other.field &&
          entry.before === other.before &&
          entry.after === other.after &&
          entry.at === other.at &&
          entry.by === other.by
        )
      })
    if (!same)
      throw new Error(
        `index entry ${i} differs: ours ${JSON.stringify(a)}, baseline ${JSON.stringify(b)}`,
      )
  }
}

// ---------------------------------------------------------------------------
// Row 3: record facts, the retention policy and the holds.

const NEW_YORK = "America/New_York"

const retentionPolicy = right(
  Retention.makePolicy({
    version: 7,
    schedules: [
      {
        id: "invoice-tax",
        recordType: "invoice",
        kind: "retention",
        trigger: { kind: "created" },
        retainFor: { years: 10 },
        countFrom: "endOfCalendarYear",
        action: "delete",
        minimumByLaw: { years: 10 },
        legalBasis: "HGB § 257, AO § 147",
        zone: ZONE,
      },
      {
        id: "invoice-minimise",
        recordType: "invoice",
        kind: "deletion",
        trigger: { kind: "created" },
        retainFor: { years: 8 },
        countFrom: "triggerDate",
        action: "delete",
        legalBasis: "GDPR Art. 5(1)(e)",
        zone: ZONE,
      },
      {
        id: "contract-commercial",
        recordType: "contract",
        kind: "retention",
        trigger: { kind: "contractEnd" },
        retainFor: { years: 6 },
        countFrom: "endOfCalendarYear",
        action: "delete",
        minimumByLaw: { years: 6 },
        legalBasis: "HGB § 257",
        zone: ZONE,
      },
      {
        id: "contract-major",
        recordType: "contract",
        customerClass: "major",
        kind: "retention",
        trigger: { kind: "contractEnd" },
        retainFor: { years: 8 },
        countFrom: "endOfCalendarYear",
        action: "anonymise",
        legalBasis: "framework agreement § 12",
        zone: ZONE,
      },
      {
        id: "correspondence",
        recordType: "correspondence",
        kind: "deletion",
        trigger: { kind: "lastActivity" },
        retainFor: { years: 3 },
        countFrom: "triggerDate",
        action: "delete",
        legalBasis: "GDPR Art. 5(1)(e)",
        zone: ZONE,
      },
      {
        id: "correspondence-major",
        recordType: "correspondence",
        customerClass: "major",
        kind: "deletion",
        trigger: { kind: "lastActivity" },
        retainFor: { years: 5 },
        countFrom: "triggerDate",
        action: "anonymise",
        legalBasis: "legitimate interest, account history",
        zone: ZONE,
      },
      {
        id: "ticket-closed",
        recordType: "ticket",
        kind: "deletion",
        trigger: { kind: "event", event: "closed" },
        retainFor: { years: 2 },
        countFrom: "triggerDate",
        action: "anonymise",
        legalBasis: "GDPR Art. 5(1)(e)",
        zone: NEW_YORK,
      },
      {
        id: "ticket-warranty",
        recordType: "ticket",
        kind: "retention",
        trigger: { kind: "created" },
        retainFor: { years: 2, months: 6 },
        countFrom: "triggerDate",
        action: "review",
        legalBasis: "BGB § 438 warranty claims",
        zone: NEW_YORK,
      },
      {
        id: "recording",
        recordType: "recording",
        kind: "deletion",
        trigger: { kind: "created" },
        retainFor: { days: 90 },
        countFrom: "triggerDate",
        action: "delete",
        legalBasis: "call-recording consent",
        zone: ZONE,
      },
      {
        id: "recording-key",
        recordType: "recording",
        customerClass: "key",
        kind: "deletion",
        trigger: { kind: "created" },
        retainFor: { days: 30 },
        countFrom: "triggerDate",
        action: "delete",
        legalBasis: "call-recording consent (key accounts)",
        zone: ZONE,
      },
    ],
  }),
  "retention policy",
)

const RECORD_TYPES: ReadonlyArray<readonly [string, number]> = [
  ["invoice", 0.3],
  ["contract", 0.1],
  ["correspondence", 0.3],
  ["ticket", 0.2],
  ["recording", 0.08],
  ["profile", 0.02],
]
const SUBJECTS = 200_000

const pickType = (random: () => number): string => {
  let u = random()
  for (const [name, share] of RECORD_TYPES) {
    u -= share
    if (u < 0) return name
  }
  return "invoice"
}

const makeRecords = (size: number): Array<Retention.RecordFacts> => {
  const random = seeded(4711)
  const records: Array<Retention.RecordFacts> = []
  const start = Date.UTC(2012, 0, 1)
  for (let i = 0; i < size; i++) {
    const type = pickType(random)
    const created = Math.floor(start + random() * (NOW - start))
    const dates: Record<string, string | number> = { created }
    const later = (): number => Math.min(NOW, Math.floor(created + random() * 1500 * DAY))
    if (type === "correspondence") dates.lastActivity = Civil.format(Zone.localDayOf(ZONE, later()))
    if (type === "contract" && random() < 0.8) dates.contractEnd = later()
    if (type === "ticket" && random() < 0.9) dates.closed = later()
    const subject = `cus_${Math.floor(random() * SUBJECTS)}`
    const disposed = random() < 0.01
    records.push({
      id: `rec_${i}`,
      type,
      subjectIds: [subject],
      customerClass: pickClass(random),
      dates: dates as Retention.RecordFacts["dates"],
      ...(disposed ? { disposition: { action: "delete" as const, at: NOW - DAY } } : {}),
    })
  }
  return records
}

const makeHolds = (random: () => number, size: number): Array<Retention.LegalHold> => {
  const holds: Array<Retention.LegalHold> = []
  const subject = () => `cus_${Math.floor(random() * SUBJECTS)}`
  for (let h = 0; h < 100; h++) {
    // Every 17th hold is placed after the sweep's instant, so it is not active yet.
    const placedAt =
      h % 17 === 0 ? NOW + (h + 1) * DAY : Math.floor(NOW - (2 + random() * 800) * DAY)
    const scope =
      h < 75
        ? { subjectIds: Array.from({ length: 1 + (h % 5) }, subject) }
        : h < 90
          ? {
              subjectIds: Array.from({ length: 20 }, subject),
              recordTypes: [(RECORD_TYPES[h % 5] as readonly [string, number])[0]],
            }
          : {
              recordIds: Array.from({ length: 50 }, () => `rec_${Math.floor(random() * size)}`),
            }
    const compliance = h % 10 === 3
    const released = h % 9 === 0 && !compliance && placedAt < NOW
    holds.push({
      id: `hold_${h}`,
      scope,
      reason: `litigation matter ${h}`,
      placedBy: STAFF[h % STAFF.length] as Ids.StaffId,
      placedAt,
      mode: compliance ? "compliance" : "governance",
      ...(compliance ? { until: placedAt + 3650 * DAY } : {}),
      ...(released ? { releasedBy: STAFF[0] as Ids.StaffId, releasedAt: placedAt + DAY } : {}),
    } as Retention.LegalHold)
  }
  return holds
}

/** The baseline sweep: the same rules as plain loops, without validation or explanations. */
const naiveSweep = (
  records: ReadonlyArray<Retention.RecordFacts>,
  policy: Retention.Policy,
  holds: ReadonlyArray<Retention.LegalHold>,
  now: number,
): { disposals: Array<Retention.PlannedDisposal>; skipped: Array<Retention.SkippedRecord> } => {
  const active = holds
    .filter(
      (hold) => hold.placedAt <= now && (hold.releasedAt === undefined || hold.releasedAt > now),
    )
    .map((hold) => ({
      id: hold.id,
      subjects: hold.scope.subjectIds?.length ? new Set(hold.scope.subjectIds) : undefined,
      types: hold.scope.recordTypes?.length ? new Set(hold.scope.recordTypes) : undefined,
      records: hold.scope.recordIds?.length ? new Set(hold.scope.recordIds) : undefined,
    }))
  const lastDayOf = (fromDay: number, duration: Retention.Duration): number => {
    const { year, month, day } = Civil.fieldsOf(fromDay)
    const index = year * 12 + month - 1 + (duration.years ?? 0) * 12 + (duration.months ?? 0)
    const dueYear = Math.floor(index / 12)
    const dueMonth = index - dueYear * 12 + 1
    return (
      Civil.dayNumberOf(dueYear, dueMonth, Math.min(day, Civil.daysInMonth(dueYear, dueMonth))) +
      (duration.days ?? 0)
    )
  }
  const due = (
    schedule: Retention.Schedule,
    record: Retention.RecordFacts,
    duration: Retention.Duration,
  ): { at: number; day: number | undefined } => {
    const date = record.dates[Retention.triggerDateName(schedule.trigger)]
    if (date === undefined) return { at: Number.POSITIVE_INFINITY, day: undefined }
    let day =
      typeof date === "number" ? Zone.localDayOf(schedule.zone, date) : (Civil.parse(date) ?? 0)
    if (schedule.countFrom === "endOfCalendarYear")
      day = Civil.dayNumberOf(Civil.fieldsOf(day).year, 12, 31)
    const dueDay = lastDayOf(day, duration) + 1
    return { at: Zone.firstInstantOfDay(schedule.zone, dueDay), day: dueDay }
  }
  interface Candidate {
    readonly schedule: Retention.Schedule
    readonly at: number
    readonly day: number | undefined
  }
  const disposals: Array<Retention.PlannedDisposal> = []
  const skipped: Array<Retention.SkippedRecord> = []
  for (const record of records) {
    if (record.disposition !== undefined) {
      skipped.push({ recordId: record.id, reason: "alreadyDisposed" })
      continue
    }
    const holdIds: Array<string> = []
    for (const hold of active) {
      if (hold.subjects !== undefined && !record.subjectIds.some((s) => hold.subjects?.has(s)))
        continue
      if (hold.types !== undefined && !hold.types.has(record.type)) continue
      if (hold.records !== undefined && !hold.records.has(record.id)) continue
      holdIds.push(hold.id)
    }
    let candidates: Array<Candidate> = []
    let floor: Candidate | undefined
    for (const schedule of policy.schedules) {
      if (schedule.recordType !== record.type) continue
      if (schedule.customerClass !== undefined && schedule.customerClass !== record.customerClass)
        continue
      const { at, day } = due(schedule, record, schedule.retainFor)
      candidates.push({ schedule, at, day })
      if (schedule.minimumByLaw !== undefined) {
        const minimum = due(schedule, record, schedule.minimumByLaw)
        if (floor === undefined || minimum.at > floor.at) floor = { schedule, ...minimum }
      }
    }
    if (candidates.length === 0) {
      skipped.push({ recordId: record.id, reason: "noSchedule" })
      continue
    }
    for (const principle of policy.precedence) {
      if (candidates.length <= 1) break
      if (principle === "retentionBeatsDeletion") {
        const kept = candidates.filter((c) => c.schedule.kind === "retention")
        if (kept.length > 0) candidates = kept
      } else if (principle === "longestRetentionWins") {
        let latest = Number.NEGATIVE_INFINITY
        for (const c of candidates)
          if (c.schedule.kind === "retention" && c.at > latest) latest = c.at
        candidates = candidates.filter((c) => c.schedule.kind !== "retention" || c.at === latest)
      } else if (principle === "explicitBeatsImplicit") {
        const kept = candidates.filter((c) => c.schedule.customerClass !== undefined)
        if (kept.length > 0) candidates = kept
      } else {
        let earliest = Number.POSITIVE_INFINITY
        let any = false
        for (const c of candidates)
          if (c.schedule.kind === "deletion") {
            any = true
            if (c.at < earliest) earliest = c.at
          }
        if (any)
          candidates = candidates.filter((c) => c.schedule.kind !== "deletion" || c.at === earliest)
      }
    }
    const governing = candidates[0] as Candidate
    let { at, day } = governing
    if (floor !== undefined && floor.at > at) ({ at, day } = floor)
    const dueAt = day === undefined ? {} : { dueAt: at }
    if (holdIds.length > 0) skipped.push({ recordId: record.id, reason: "held", holdIds, ...dueAt })
    else if (day !== undefined && at <= now)
      disposals.push({
        recordId: record.id,
        action: governing.schedule.action,
        scheduleId: governing.schedule.id,
        legalBasis: governing.schedule.legalBasis,
        dueAt: at,
      })
    else skipped.push({ recordId: record.id, reason: "notDue", ...dueAt })
  }
  return { disposals, skipped }
}

const samePlan = (ours: Retention.SweepPlan, baseline: ReturnType<typeof naiveSweep>): void => {
  if (ours.disposals.length !== baseline.disposals.length)
    throw new Error(
      `sweep: ours plans ${ours.disposals.length} disposals, the baseline ${baseline.disposals.length}`,
    )
  if (ours.skipped.length !== baseline.skipped.length)
    throw new Error(
      `sweep: ours skips ${ours.skipped.length} records, the baseline ${baseline.skipped.length}`,
    )
  ours.disposals.forEach((a, i) => {
    const b = baseline.disposals[i]
    if (
      b === undefined ||
      a.recordId !== b.recordId ||
      a.action !== b.action ||
      a.scheduleId !== b.scheduleId ||
      a.legalBasis !== b.legalBasis ||
      a.dueAt !== b.dueAt
    )
      throw new Error(`disposal ${i} differs: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`)
  })
  ours.skipped.forEach((a, i) => {
    const b = baseline.skipped[i]
    if (
      b === undefined ||
      a.recordId !== b.recordId ||
      a.reason !== b.reason ||
      a.dueAt !== b.dueAt ||
      (a.holdIds ?? []).join() !== (b.holdIds ?? []).join()
    )
      throw new Error(`skipped record ${i} differs: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`)
  })
}

// ---------------------------------------------------------------------------

export const benchmark: Benchmark = {
  name: "Archive: yearly review report, adjustment index and retention sweep",
  ours: "@clientele/archive",
  baseline: "plain loop, same run",
  unit: "ms",
  run: async ({ quick }) => {
    const rows: Array<Row> = []
    const size = quick ? 100_000 : 1_000_000

    const archives = makeArchives(size)
    const monthsOf = (customerClass: string) => Review.intervalFor(reviewPolicy, customerClass)
    const lastDay = reviewPolicy.missingDay === "lastDay"
    const report = right(Review.overdue(archives, reviewPolicy, NOW), "overdue")
    sameOverdue(report.items, naiveOverdue(archives, ZONE, monthsOf, lastDay, NOW))
    const entries = archives.reduce((sum, archive) => sum + archive.history.length, 0)
    const overdueTime = milliseconds(
      () => void right(Review.overdue(archives, reviewPolicy, NOW), "overdue"),
      5,
    )
    rows.push({
      operation: `Review.overdue (target ≤ 2 s: ${overdueTime <= 2000 ? "met" : "**NOT met**"})`,
      workload: `${count(size)} archives, ${count(entries)} history entries, 4 classes, Europe/Berlin; ${count(report.items.length)} overdue (${percent(report.items.length, size)})`,
      ours: overdueTime,
      baseline: milliseconds(() => void naiveOverdue(archives, ZONE, monthsOf, lastDay, NOW), 5),
    })

    const year = right(Period.calendarYear(2024, ZONE), "year")
    const index = right(Review.adjustmentIndex(archives, 2024, reviewPolicy), "index")
    sameIndex(index, naiveIndex(archives, year))
    const changes = index.reduce((sum, entry) => sum + entry.entries.length, 0)
    rows.push({
      operation: "Review.adjustmentIndex, year 2024",
      workload: `${count(size)} archives; ${count(index.length)} listed, ${count(changes)} changes`,
      ours: milliseconds(
        () => void right(Review.adjustmentIndex(archives, 2024, reviewPolicy), "index"),
        5,
      ),
      baseline: milliseconds(() => void naiveIndex(archives, year), 5),
    })

    // The archives are no longer needed: free them before building the records.
    archives.length = 0
    const records = makeRecords(size)
    const holds = makeHolds(seeded(99), size)
    const plan = right(Retention.sweepPlan(records, retentionPolicy, holds, NOW), "sweep")
    samePlan(plan, naiveSweep(records, retentionPolicy, holds, NOW))
    const held = plan.skipped.filter((skip) => skip.reason === "held").length
    rows.push({
      operation: "Retention.sweepPlan (validated)",
      workload: `${count(size)} records, ${retentionPolicy.schedules.length} schedules, ${holds.length} holds; ${count(plan.disposals.length)} disposals, ${count(held)} held`,
      ours: milliseconds(
        () => void right(Retention.sweepPlan(records, retentionPolicy, holds, NOW), "sweep"),
        3,
      ),
      baseline: milliseconds(() => void naiveSweep(records, retentionPolicy, holds, NOW), 3),
    })
    return rows
  },
}
