/*
 * Churn (CHN-1 … CHN-7) on real data: the CDNOW sample, 2,357 customers who first
 * bought CDs online in the first quarter of 1997 and their purchases to June 1998.
 * The customer base is summarised in weeks to the end of September 1997 and the
 * three purchase models and Gamma-Gamma are fitted on it; their forecasts are
 * checked against the 39 weeks that follow; P(alive) is compared under BG/NBD and
 * MBG/NBD. Then the `Churn` service, over a store of its own and on a clock the
 * story sets, records a detection run of the default policy, opens cases for the
 * most valuable candidates, records where they went and why, routes the lessons to
 * departments, tracks an improvement to completion and prints the churn report.
 */
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import {
  BgNbd,
  Churn,
  Detection,
  GammaGamma,
  MbgNbd,
  ParetoNbd,
  Summary,
  Value,
} from "@clientele/churn"
import { Ids, Money } from "@clientele/core"
import { MemoryStore } from "@clientele/store"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as TestClock from "effect/TestClock"
import * as TestContext from "effect/TestContext"

const tenant = Ids.TenantId.make("demo-company")
const currency = "USD"

/** The calibration ends with week 39, the holdout with week 78 (Fader, Hardie & Lee 2005). */
export const cdnowOptions: Summary.Options = {
  calibrationEnd: "1997-09-30",
  holdoutEnd: "1998-06-30",
  timeZone: "UTC",
  timeUnit: "weeks",
  currency,
}

/**
 * The purchases of `CDNOW_sample.txt`: one per line, whitespace-separated — the
 * customer's id in the full data set, its id in the sample ("0001" … "2357"), the
 * date as YYYYMMDD, the number of CDs and the dollar value — as transactions of the
 * sample id at midnight UTC of the date, worth the value in cents.
 */
export const cdnowTransactions = (): Array<Summary.TransactionInput> => {
  const file = fileURLToPath(
    new URL("../../../packages/churn/test/fixtures/cdnow/CDNOW_sample.txt", import.meta.url),
  )
  const transactions: Array<Summary.TransactionInput> = []
  for (const [index, line] of readFileSync(file, "utf8").split(/\r?\n/).entries()) {
    if (line.trim() === "") continue
    const [, customerId, date, , dollars] = line.trim().split(/\s+/)
    if (customerId === undefined || dollars === undefined || date?.length !== 8)
      throw new Error(`CDNOW_sample.txt line ${index + 1} is malformed: ${line}`)
    transactions.push({
      customerId,
      at: Date.UTC(Number(date.slice(0, 4)), Number(date.slice(4, 6)) - 1, Number(date.slice(6))),
      // Two decimals at most: rounding reads them as exact cents.
      revenue: { amount: Math.round(Number(dollars) * 100), currency },
    })
  }
  return transactions
}

/* Formatting. */

const grouped = (n: number) => n.toLocaleString("en-US")
const fixed = (value: number, digits: number) =>
  value
    .toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits })
    .replace("-", "−")
const percent = (part: number, whole: number) =>
  `${whole === 0 ? "0.0" : fixed((100 * part) / whole, 1)} %`
const signedPercent = (value: number, reference: number) =>
  `${value >= reference ? "+" : "−"}${fixed((100 * Math.abs(value - reference)) / reference, 1)} %`
const usd = (cents: number) => Money.format(Money.make(Math.round(cents), currency), "en-US")
const show = (money: Money.Money) => Money.format(money, "en-US")
const symbols: Record<string, string> = { alpha: "α", beta: "β", gamma: "γ" }

/** A fit's estimates with their standard errors, in the order of the model's parameters. */
const estimates = (
  fit: {
    readonly parameters: { readonly [name: string]: number }
    readonly standardErrors?: { readonly [name: string]: number } | undefined
  },
  shown: (name: string, value: number) => string = (_, value) => fixed(value, 3),
) =>
  Object.entries(fit.parameters)
    .map(([name, value]) => {
      const error = fit.standardErrors?.[name]
      return `${symbols[name] ?? name} ${shown(name, value)} ± ${error === undefined ? "n/a" : shown(name, error)}`
    })
    .join(", ")

/** Runs a fit and measures it. */
const timed = <A>(fit: () => A): { readonly result: A; readonly ms: number } => {
  const start = performance.now()
  const result = fit()
  return { result, ms: performance.now() - start }
}

/** Runs `effect` with the clock set to noon UTC of `date`. */
const on =
  (date: string) =>
  <A, E, R>(effect: Effect.Effect<A, E, R>) =>
    Effect.zipRight(TestClock.setTime(Date.parse(`${date}T12:00:00Z`)), effect)

const program = Effect.gen(function* () {
  // --- the customer base ------------------------------------------------------------
  const transactions = cdnowTransactions()
  const base = Either.getOrThrow(Summary.fromTransactions(transactions, cdnowOptions))
  const holdout = base.holdout
  if (holdout === undefined) throw new Error("the CDNOW base has a holdout")
  const n = base.customerIds.length
  let repeatBuyers = 0
  let repeatPurchases = 0
  let holdoutPurchases = 0
  for (let i = 0; i < n; i++) {
    if ((base.frequency[i] as number) > 0) repeatBuyers++
    repeatPurchases += base.frequency[i] as number
    holdoutPurchases += holdout.frequency[i] as number
  }
  const oneTimeBuyers = n - repeatBuyers
  const distinct = Either.getOrThrow(Summary.distinctRows(base.frequency, base.recency, base.age))
  console.log(
    `\nChurn (CHN-1 … CHN-7) on the CDNOW sample: ${grouped(n)} customers who first bought CDs online in the first quarter of 1997 and their ${grouped(transactions.length)} purchases to 30 June 1998, calibrated on weeks 1–39 (to 30 September 1997) and checked on weeks 40–78.`,
  )
  console.log(
    `  the customer base in weeks, same-day purchases merged: ${grouped(n)} customers, ${grouped(repeatBuyers)} repeat buyers with ${grouped(repeatPurchases)} repeat purchases, ${grouped(oneTimeBuyers)} one-time buyers (${percent(oneTimeBuyers, n)}); ${grouped(distinct.weight.length)} distinct (x, t_x, T) rows`,
  )

  // --- the models -------------------------------------------------------------------
  const bg = timed(() => Either.getOrThrow(BgNbd.fit(base)))
  const mbg = timed(() => Either.getOrThrow(MbgNbd.fit(base)))
  const pareto = timed(() => Either.getOrThrow(ParetoNbd.fit(base)))
  const spend = timed(() => Either.getOrThrow(GammaGamma.fit(base)))
  console.log("  maximum-likelihood fits (± standard error; log-likelihood summed over customers):")
  for (const { result: fit, ms } of [bg, mbg, pareto] as const)
    console.log(
      `    ${fit.model.padEnd(11)} ${estimates(fit)}; ${fixed(fit.logLikelihood, 2)} in ${fit.timeUnit}; ${fit.diagnostics.iterations} iterations, ${fixed(ms, 0)} ms`,
    )
  console.log(
    `    Gamma-Gamma on the ${grouped(spend.result.customers)} repeat buyers' mean spend: ${estimates(spend.result, (name, value) => (name === "gamma" ? usd(value) : fixed(value, 2)))}; a purchase is worth ${usd(GammaGamma.expectedSpend(spend.result.parameters))} on average; ${fixed(spend.ms, 0)} ms`,
  )

  // --- calibration against holdout --------------------------------------------------
  const horizon = holdout.duration
  const models = [
    { fit: bg.result, scores: BgNbd.score(bg.result.parameters, base, horizon) },
    { fit: mbg.result, scores: MbgNbd.score(mbg.result.parameters, base, horizon) },
    { fit: pareto.result, scores: ParetoNbd.score(pareto.result.parameters, base, horizon) },
  ] as const
  const forecasts = models.map(({ fit, scores }) => {
    let total = 0
    for (let i = 0; i < n; i++) total += scores.expectedPurchases[i] as number
    return `${fit.model} ${grouped(Math.round(total))} (${signedPercent(total, holdoutPurchases)})`
  })
  console.log(
    `  the ${horizon} holdout weeks: ${grouped(holdoutPurchases)} repeat purchases made; Σ E[Y(${horizon}) | x, t_x, T] forecast ${forecasts.join(", ")}`,
  )

  // --- one customer, and P(alive) across the base -----------------------------------
  const first = base.customerIds.indexOf("0001")
  const customer = Summary.customerAt(base, first)
  console.log(
    `  customer 0001 (x = ${customer.frequency}, t_x = ${fixed(customer.recency, 2)}, T = ${fixed(customer.age, 2)} weeks): ${models.map(({ fit, scores }) => `${fit.model} P(alive) ${fixed(scores.probabilityAlive[first] as number, 3)}, E[Y(${horizon})] ${fixed(scores.expectedPurchases[first] as number, 3)}`).join("; ")} — it bought ${customer.holdoutFrequency === 1 ? "once" : `${customer.holdoutFrequency} times`} in the holdout (published BG/NBD E[Y(39)]: 1.226)`,
  )
  const bounds = [0.2, 0.5, 0.8] as const
  console.log(
    `  P(alive) across the base     < 0.2  0.2–0.5  0.5–0.8  ≥ 0.8   the ${grouped(oneTimeBuyers)} one-time buyers`,
  )
  for (const { fit, scores } of models.slice(0, 2)) {
    const counts = [0, 0, 0, 0]
    let lowest = 1
    let highest = 0
    for (let i = 0; i < n; i++) {
      const p = scores.probabilityAlive[i] as number
      let bucket = 0
      while (bucket < bounds.length && p >= (bounds[bucket] as number)) bucket++
      counts[bucket] = (counts[bucket] as number) + 1
      if ((base.frequency[i] as number) === 0) {
        lowest = Math.min(lowest, p)
        highest = Math.max(highest, p)
      }
    }
    console.log(
      `    ${fit.model.padEnd(25)} ${counts.map((count) => grouped(count).padStart(5)).join("    ")}   ${lowest === highest ? `all ${fixed(lowest, 2)}: alive by construction` : `${fixed(lowest, 2)} to ${fixed(highest, 2)}, lower the longer ago they bought`}`,
    )
  }

  // --- CHN-1: detection, through the service ----------------------------------------
  const churn = yield* Churn.Churn
  const policy = yield* churn.savePolicy(tenant, { id: "default", version: 1 })
  const detectionHorizon = Detection.horizon(policy, base.timeUnit)
  const detectionScores = BgNbd.score(bg.result.parameters, base, detectionHorizon)
  const run = yield* churn
    .recordRun(
      tenant,
      { runId: "cdnow-1997-09-30", policy: Detection.reference(policy) },
      Detection.inputOf(base, detectionScores),
    )
    .pipe(on("1997-10-01"))
  const { summary } = run
  console.log(
    `  detection (CHN-1), default policy v${policy.version} — at risk below P(alive) ${policy.model.atRiskBelow}, churned below ${policy.model.churnedBelow} or under ${policy.model.minimumExpectedPurchases} purchases expected in ${policy.model.horizonDays} days (BG/NBD); at risk after ${policy.inactivity.atRiskAfterDays} days without a purchase, churned after ${policy.inactivity.churnedAfterDays}; one-time buyers by ${policy.signals.oneTimeBuyers} only:`,
  )
  console.log(
    `    ${grouped(summary.candidates)} of ${grouped(summary.customers)} customers flagged: ${grouped(summary.byStatus.atRisk)} at risk, ${grouped(summary.byStatus.churned)} churned; the model flags ${grouped(summary.bySignal.model.atRisk)} at risk and ${grouped(summary.bySignal.model.churned)} churned, inactivity ${grouped(summary.bySignal.inactivity.atRisk)} at risk and ${grouped(summary.bySignal.inactivity.churned)} churned (nobody has been watched a year: ${grouped(Math.round(Math.max(...base.age) * 7))} days at most); ${grouped(summary.oneTimeBuyerCandidates)} of them one-time buyers, whom BG/NBD alone would call alive`,
  )

  // Value: the BG/NBD purchases of the next 12 months, 1 % a month, times Gamma-Gamma's spend.
  const values = Either.getOrThrow(
    Value.lifetimeValues(bg.result, spend.result.parameters, base, {
      periods: 12,
      periodLength: 30.4375 / 7,
      discountRate: 0.01,
    }),
  )
  const candidates = yield* churn.candidates(tenant, run.id)
  const statusOf = new Map<string, Detection.Status>(
    candidates.map((candidate) => [candidate.customerId, candidate.status]),
  )
  const ranked = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (values[b] as number) - (values[a] as number),
  )
  console.log(
    `  the 5 most valuable customers (CLV: 12 months of BG/NBD purchases × Gamma-Gamma spend, discounted 1 % a month): ${ranked
      .slice(0, 5)
      .map(
        (i) =>
          `${base.customerIds[i]} ${usd(values[i] as number)} (${statusOf.get(base.customerIds[i] as string) ?? "active"})`,
      )
      .join(", ")}`,
  )

  // --- CHN-2 … CHN-5: cases for the most valuable candidates --------------------------
  const [serviceCase, productCase, silentCase] = yield* Effect.forEach(
    ranked.filter((i) => statusOf.has(base.customerIds[i] as string)).slice(0, 3),
    (i) =>
      churn
        .openCase(
          tenant,
          {
            customerId: base.customerIds[i] as string,
            runId: run.id,
            lostValue: { amount: Math.round(values[i] as number), currency },
            by: "s-rivera",
          },
          { idempotencyKey: `cdnow-1997-09-30/${base.customerIds[i]}` },
        )
        .pipe(on("1997-10-02")),
  )
  if (serviceCase === undefined || productCase === undefined || silentCase === undefined)
    throw new Error("the run has at least three candidates")
  const describe = (opened: typeof serviceCase) =>
    `${opened.customerId} (${opened.origin._tag === "Detected" ? `${opened.origin.status} by ${opened.origin.signals.join(" and ")}` : "by hand"}, ${opened.lostValue === undefined ? "not valued" : show(opened.lostValue)})`
  console.log(
    `  Thu 2 Oct 1997: s-rivera opens cases for the three most valuable candidates, each valued at its CLV: ${[serviceCase, productCase, silentCase].map(describe).join(", ")}`,
  )

  // A service cause, won back by the owner best placed to do it (CHN-2, CHN-3, CHN-4).
  yield* churn
    .investigate(
      tenant,
      serviceCase.id,
      {
        destination: { _tag: "Competitor", competitor: "SoundWave Direct", channel: "online shop" },
        attractions: ["faster-delivery"],
        comparison: {
          price: { score: 0 },
          product: { score: 0 },
          service: { score: 2, note: "Two days to the door against our two weeks." },
        },
        cause: "service",
        statement: "Two parcels came weeks late and nobody answered my emails about them.",
      },
      "s-rivera",
    )
    .pipe(on("1997-10-08"))
  yield* churn
    .decideRecovery(
      tenant,
      serviceCase.id,
      { recoverable: true, owner: "am-okafor", note: "Still likes our prices; call, apologise." },
      "s-rivera",
    )
    .pipe(on("1997-10-08"))
  const wonBack = yield* churn
    .recordOutcome(
      tenant,
      serviceCase.id,
      { result: "wonBack", note: "Ordered again the week after the call." },
      "am-okafor",
    )
    .pipe(on("1997-10-20"))
  console.log(
    `  ${wonBack.customerId} went to SoundWave Direct's online shop for faster delivery (service +2, price and product the same): a service cause (CHN-3), recoverable, owned by ${wonBack.recovery?.owner} (CHN-4) — ${wonBack.status} on 20 Oct`,
  )

  // A product cause, with the area to improve (CHN-5).
  yield* churn
    .investigate(
      tenant,
      productCase.id,
      {
        destination: { _tag: "Competitor", competitor: "Corner Records", channel: "store" },
        attractions: ["wider-range"],
        comparison: {
          price: { score: -1 },
          product: { score: 2, note: "Has the imports and small labels I collect." },
          service: { score: 0 },
        },
        cause: "product",
      },
      "s-rivera",
    )
    .pipe(on("1997-10-09"))
  yield* churn
    .decideImprovability(
      tenant,
      productCase.id,
      {
        improvable: true,
        area: "catalogue",
        description: "Imports and independent labels are missing: list the importer's catalogue.",
      },
      "s-rivera",
    )
    .pipe(on("1997-10-09"))
  const lost = yield* churn
    .recordOutcome(tenant, productCase.id, { result: "lost" }, "s-rivera")
    .pipe(on("1997-10-10"))
  console.log(
    `  ${lost.customerId} went to Corner Records' store for a wider range (product +2, price −1): a product cause, improvable in the ${lost.improvability?.area} (CHN-5) — ${lost.status}`,
  )
  const unreached = yield* churn
    .recordOutcome(
      tenant,
      silentCase.id,
      { result: "lost", note: "No answer to two calls and a letter." },
      "s-rivera",
    )
    .pipe(on("1997-10-24"))
  console.log(
    `  ${unreached.customerId} could not be reached: closed ${unreached.status} without an investigation`,
  )

  // --- CHN-6, CHN-7: lessons routed, an improvement tracked to completion ----------------
  const delivery = yield* churn
    .addLesson(tenant, {
      title: "Answer delivery questions within a day",
      description: "Late parcels lose customers when nobody answers about them.",
      rootCause: "late-delivery",
      caseIds: [serviceCase.id],
      routes: [
        { department: "process", owner: "ops-lim" },
        { department: "technology", owner: "it-park" },
      ],
      by: "lead-santos",
    })
    .pipe(on("1997-10-21"))
  const catalogue = yield* churn
    .addLesson(tenant, {
      title: "Carry imports and independent labels",
      description: "Collectors leave for stores that stock what our catalogue lacks.",
      rootCause: "narrow-catalogue",
      caseIds: [productCase.id],
      routes: [{ department: "sales", owner: "buy-haddad" }],
      by: "lead-santos",
    })
    .pipe(on("1997-10-21"))
  const table = yield* churn.lessonTable(tenant)
  console.log(
    `  lessons routed (CHN-6): ${table.departments
      .filter((row) => row.lessons.length > 0)
      .map(
        (row) =>
          `${row.department} — ${row.lessons.map((lesson) => `"${lesson.title}" (owner ${lesson.owner})`).join(", ")}`,
      )
      .join("; ")}`,
  )
  const started = yield* churn
    .startImprovement(
      tenant,
      delivery.id,
      {
        department: "process",
        tracker: "pm-ng",
        priority: "high",
        dueAt: Date.parse("1997-12-15T00:00:00Z"),
      },
      "lead-santos",
    )
    .pipe(on("1997-10-22"))
  yield* churn
    .startImprovement(
      tenant,
      catalogue.id,
      { department: "sales", tracker: "buy-haddad", priority: "normal" },
      "lead-santos",
    )
    .pipe(on("1997-10-22"))
  yield* churn
    .advanceImprovement(tenant, started.improvement.id, "planned", "pm-ng")
    .pipe(on("1997-10-23"))
  yield* churn
    .advanceImprovement(tenant, started.improvement.id, "inProgress", "pm-ng")
    .pipe(on("1997-10-27"))
  yield* churn
    .recordProgress(
      tenant,
      started.improvement.id,
      { percent: 50, note: "Delivery questions have a queue of their own." },
      "pm-ng",
    )
    .pipe(on("1997-11-10"))
  yield* churn
    .assignTracker(tenant, started.improvement.id, "pm-ito", "lead-santos")
    .pipe(on("1997-11-17"))
  yield* churn
    .recordProgress(
      tenant,
      started.improvement.id,
      { percent: 100, note: "Carriers' tracking numbers are sent with every dispatch." },
      "pm-ito",
    )
    .pipe(on("1997-12-01"))
  const done = yield* churn
    .completeImprovement(
      tenant,
      started.improvement.id,
      { result: "96 % of delivery questions answered within a day in November." },
      "pm-ito",
    )
    .pipe(on("1997-12-05"))
  console.log(
    `  improvement "${done.improvement.title}" (CHN-7): ${done.improvement.history.map((step) => step.status).join(" → ")}, tracked by ${done.assignments.map((assignment) => assignment.tracker).join(" then ")}, progress ${done.progress.map((note) => `${note.percent} %`).join(", ")}; result: ${done.result?.summary}`,
  )

  // --- the churn report ---------------------------------------------------------------
  const report = yield* churn
    .report(tenant, {
      from: Date.parse("1997-10-01T00:00:00Z"),
      to: Date.parse("1998-01-01T00:00:00Z"),
      currency,
    })
    .pipe(on("1997-12-31"))
  const { reasons, destinations, recovery } = report
  const rate = (figures: { readonly wonBack: number; readonly closed: number }) =>
    `${figures.wonBack}/${figures.closed}${figures.closed === 0 ? "" : ` (${percent(figures.wonBack, figures.closed)})`}`
  console.log(`  the churn report of the fourth quarter of 1997 (${report.cases} cases):`)
  console.log(
    `    reasons: ${reasons.byCause.map((row) => `${row.cause} ${row.cases} (${show(row.value)})`).join(", ")}; not investigated ${reasons.uninvestigated.cases} (${show(reasons.uninvestigated.value)}); attracted by ${reasons.byAttraction.map((row) => `${row.attraction} ${row.cases}`).join(", ")}`,
  )
  console.log(
    `    destinations: ${destinations.competitors.map((row) => `${row.competitor} (${row.channels.join(", ")}) ${row.cases}, ${show(row.value)}`).join("; ")}; nowhere ${destinations.noReplacement.cases}, unknown ${destinations.unknown.cases}`,
  )
  console.log(
    `    recovery: won back ${rate(recovery.recoverable)} of the recoverable cases closed, ${rate(recovery.overall)} of all cases closed; value lost ${show(Either.getOrThrow(Money.sum([reasons.uninvestigated.lostValue, ...reasons.byCause.map((row) => row.lostValue)], report.currency)))}`,
  )
  console.log(
    `    improvements: ${report.lessons.departments
      .filter((row) => row.lessons > 0)
      .map(
        (row) =>
          `${row.department} ${row.lessons} lesson${row.lessons === 1 ? "" : "s"} (${row.improvements.open} open, ${row.improvements.done} done)`,
      )
      .join(", ")}; needing attention: ${
      [
        ...report.attention.overdue.map(
          (entry) => `"${entry.title}" ${entry.daysOverdue} days overdue (${entry.tracker})`,
        ),
        ...report.attention.withoutProgress.map(
          (entry) =>
            `"${entry.title}" without progress for ${entry.daysWithoutProgress} days (${entry.tracker})`,
        ),
      ].join(", ") || "none"
    }`,
  )
})

/** The churn step of the demo, over a store of its own. */
export const churnDemo = (): Promise<void> =>
  Effect.runPromise(
    Effect.provide(
      program,
      Layer.merge(Churn.layer.pipe(Layer.provide(MemoryStore.layer)), TestContext.TestContext),
    ),
  )
