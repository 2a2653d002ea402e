/**
 * The Clientele demo. It shows the storage layer every module stands on — typed
 * collections over the in-memory store, indexed queries with cursors, a
 * transaction that rolls back, optimistic concurrency, the Promise API for apps
 * that do not use Effect — and then plays three days at a complaint desk over the
 * same store (`@clientele/complaints`), then classifies two years of a company's
 * customers into tiers, ABCD classes and the loyalty matrix
 * (`@clientele/segmentation`, `@clientele/loyalty`). Each module issue extends it
 * with its own step. The last one files a company's customer archives by class,
 * reviews and retires them, disposes of old records by a retention policy and answers
 * an erasure request (`@clientele/archive`).
 */
import { WorkingCalendar } from "@clientele/calendar"
import {
  Category,
  Compensation,
  Complaint,
  Complaints,
  Handling,
  Reports,
} from "@clientele/complaints"
import { Ids, Money, Period, PromiseClient } from "@clientele/core"
import { Collection, MemoryStore, Store, StoreError } from "@clientele/store"
import { FollowUp, Visits } from "@clientele/visits"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import { archiveDemo } from "./archive.js"
import { churnDemo } from "./churn.js"
import { at } from "./company/clock.js"
import { returnsDemo } from "./returns.js"
import { segmentationDemo } from "./segmentation.js"
import { visitsDemo } from "./visits.js"

const Customer = Schema.Struct({
  id: Ids.CustomerId,
  name: Schema.NonEmptyString,
  city: Schema.String,
  orders: Schema.Int.pipe(Schema.nonNegative()),
  since: Schema.DateFromNumber,
})
type Customer = typeof Customer.Type

const customers = Collection.make({
  name: "customers",
  schema: Customer,
  id: (customer) => customer.id,
  indexes: { city: (customer) => customer.city, orders: (customer) => customer.orders },
})

const tenant = Ids.TenantId.make("demo-company")
const cities = ["Shanghai", "Hangzhou", "Suzhou", "Nanjing"] as const

/** A small deterministic customer base (a linear congruential generator, seed 42). */
const generateCustomers = (count: number): Array<Customer> => {
  let seed = 42
  const next = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31
    return seed / 2 ** 31
  }
  return Array.from({ length: count }, (_, i) => ({
    id: Ids.CustomerId.make(`cus_${String(i + 1).padStart(4, "0")}`),
    name: `Customer ${i + 1}`,
    city: cities[Math.floor(next() * cities.length)] ?? "Shanghai",
    orders: Math.floor(next() ** 3 * 60),
    since: new Date(Date.UTC(2023, 0, 1) + Math.floor(next() * 730) * 86_400_000),
  }))
}

const program = Effect.gen(function* () {
  const store = yield* Store.Store
  const base = generateCustomers(500)
  yield* customers.insertAll(tenant, base)
  console.log(`Stored ${base.length} customers for tenant ${tenant}.`)

  const top = yield* customers.query(tenant, {
    where: { city: "Hangzhou" },
    orderBy: { index: "orders", direction: "desc" },
    limit: 3,
  })
  console.log("\nMost frequent buyers in Hangzhou:")
  for (const { value } of top.entries)
    console.log(`  ${value.name.padEnd(14)} ${value.orders} orders`)

  let pages = 0
  let frequent = 0
  let cursor: string | null = null
  do {
    const page: Collection.EntryPage<Customer> = yield* customers.query(tenant, {
      range: { index: "orders", gte: 20 },
      limit: 25,
      cursor,
    })
    pages++
    frequent += page.entries.length
    cursor = page.cursor
  } while (cursor !== null)
  console.log(
    `\n${frequent} customers with 20 or more orders, read in ${pages} pages of at most 25.`,
  )

  const perCity = yield* Stream.runFold(
    customers.scan(tenant),
    new Map<string, number>(),
    (counts, entry) => counts.set(entry.value.city, (counts.get(entry.value.city) ?? 0) + 1),
  )
  console.log(
    `Scanned every customer: ${[...perCity].map(([city, count]) => `${city} ${count}`).join(", ")}.`,
  )

  const first = base[0] as Customer
  const rolledBack = yield* store
    .transaction(
      Effect.gen(function* () {
        yield* customers.update(tenant, { ...first, orders: first.orders + 1 }, 1)
        return yield* Effect.fail("payment declined" as const)
      }),
    )
    .pipe(Effect.flip)
  const afterRollback = yield* customers.getOrFail(tenant, first.id)
  console.log(
    `\nA transaction failed (${rolledBack}); ${first.name} still has ${afterRollback.value.orders} orders at version ${afterRollback.version}.`,
  )

  yield* customers.update(tenant, { ...first, orders: first.orders + 1 }, 1)
  const stale = yield* Effect.flip(customers.update(tenant, { ...first, orders: 0 }, 1))
  if (stale._tag === "StoreError") {
    console.log(
      `A stale update was refused: ${stale.reason} (${stale.message}); retryable: ${stale.isRetryable}.`,
    )
  }
})

/** The same store from plain async code: one generic facade over the Effect service. */
const promiseApi = async () => {
  const store = await PromiseClient.make(Store.Store, MemoryStore.layer)
  try {
    await store.insert("demo-company", {
      collection: "notes",
      id: "welcome",
      body: { text: "written without Effect" },
      indexes: {},
    })
    const note = await store.get("demo-company", "notes", "welcome")
    console.log(
      `\nPromise API: read back "${JSON.stringify(note?.body)}" at version ${note?.version}.`,
    )
    try {
      await store.insert("demo-company", {
        collection: "notes",
        id: "welcome",
        body: {},
        indexes: {},
      })
    } catch (error) {
      // The rejection is the same tagged error object the Effect API fails with.
      if (error instanceof StoreError.StoreError) {
        console.log(`Promise API: a second insert was rejected with ${error._tag} ${error.reason}.`)
      }
    }
  } finally {
    await store.close()
  }
}

/*
 * Complaints (CMP-1 … CMP-15): three days at the Shanghai desk, Monday 3 to
 * Wednesday 5 June 2024, over the store above. The service reads the time from Effect's
 * `Clock`, so each step runs on a clock stopped at the instant the story needs.
 */

const zone = "Asia/Shanghai"
const desk = WorkingCalendar.weekdays(zone, "09:00", "18:00", {
  holidays: [{ name: "Dragon Boat Festival", date: "2024-06-10" }],
})
const complaintSettings = Handling.makeSettings({
  calendar: desk,
  currency: "CNY",
  departments: [
    { id: "stores", name: "Stores", head: "s-chen", categories: ["product", "service"] },
    { id: "pricing", name: "Pricing", head: "s-zhou", categories: ["price"] },
  ],
})

/** An instant of the demo week, in Shanghai time (UTC+8, no DST). */
const shanghai = (day: "Mon" | "Tue" | "Wed", time: string) =>
  Date.parse(`2024-06-0${{ Mon: 3, Tue: 4, Wed: 5 }[day]}T${time}:00+08:00`)

const dayAndTime = new Intl.DateTimeFormat("en-GB", {
  timeZone: zone,
  weekday: "short",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
})
const when = (instant: number) => dayAndTime.format(instant).replace(",", "")

/** The remedy the compensation policy proposes for a complaint, as given (CMP-7). */
const defaultRemedy = (complaint: Complaint.Complaint, now: number) => {
  const proposal = Either.flatMap(
    Category.resolve(complaintSettings.taxonomy, complaint.category),
    (category) =>
      Either.fromOption(
        Compensation.proposal(
          complaintSettings.compensation,
          { category: category.id, categoryKind: category.kind, severity: complaint.severity },
          Period.civilDateOf(now, Period.TimeZone.make(zone)),
        ),
        () => "no rule of the policy matches",
      ),
  )
  return Either.match(Either.flatMap(proposal, Compensation.fromProposal), {
    onLeft: () => [],
    onRight: (given) => [given],
  })
}

const showMoney = (money: Money.Money) => `${Money.toDecimal(money)} ${money.currency}`

const complaintDesk = Effect.gen(function* () {
  const service = yield* Complaints.make(complaintSettings)
  const labels = new Map<string, string>()
  const label = (id: string) => labels.get(id) ?? id
  const nameOf = (id: string) =>
    Effect.map(customers.getOrFail(tenant, Ids.CustomerId.make(id)), (entry) => entry.value.name)
  console.log("\nComplaints: Monday 3 to Wednesday 5 June 2024 at the Shanghai desk (09:00–18:00).")

  // A: a long wait at the till, taken on the hotline — the whole lifecycle.
  const intakeA = {
    idempotencyKey: "hotline-0603-001",
    customerId: "cus_0001",
    channel: "hotline",
    category: "service/long-wait",
    contact: { name: yield* nameOf("cus_0001"), phone: "+86 21 5555 0101" },
    description: "Waited 40 minutes at the till on Saturday",
    receivedBy: "s-wang",
  } as const
  const a = yield* service.intake(tenant, intakeA).pipe(at(shanghai("Mon", "09:00")))
  labels.set(a.id, "A")
  const retried = yield* service.intake(tenant, intakeA).pipe(at(shanghai("Mon", "09:01")))
  console.log(
    `  ${when(a.receivedAt)}  A received on the ${a.channel} (${a.category}); first response due ${when(a.sla.cycles[0]?.targets[0]?.dueAt ?? 0)}; a retried submission returns the same complaint: ${retried.id === a.id}`,
  )
  yield* service
    .acknowledge(tenant, a.id, {
      by: "s-wang",
      message: "We are sorry; we will come back to you by tomorrow noon.",
      committedResolutionAt: shanghai("Tue", "12:00"),
    })
    .pipe(at(shanghai("Mon", "09:10")))
  const routed = yield* service
    .route(tenant, a.id, { by: "s-wang" })
    .pipe(at(shanghai("Mon", "09:12")))
  yield* service
    .assign(tenant, a.id, { by: "s-chen", assignee: "s-li" })
    .pipe(at(shanghai("Mon", "09:20")))
  yield* service.start(tenant, a.id, { by: "s-li" }).pipe(at(shanghai("Mon", "09:30")))
  const fedBack = yield* service.notifications(tenant, {
    from: a.receivedAt,
    to: shanghai("Mon", "09:30"),
  })
  console.log(
    `  Mon 09:10  A acknowledged with a promise for Tue 12:00 and routed straight to ${routed.department}; its head ${routed.head} assigned ${fedBack
      .filter((n) => n.kind === "assigned")
      .map((n) => `${n.assignee}, and ${n.recipient} was told`)
      .join("")}`,
  )

  // B1: a price that dropped after the purchase, solved on the spot.
  const b1 = yield* service
    .intake(tenant, {
      idempotencyKey: "web-0603-017",
      customerId: "cus_0002",
      channel: "webForm",
      category: "price/after-purchase",
      orderId: "ord-1001",
      contact: { email: "customer2@example.com" },
      description: "The rice cooker I bought on Friday is 80 yuan cheaper today",
      receivedBy: "s-wang",
    })
    .pipe(at(shanghai("Mon", "10:00")))
  labels.set(b1.id, "B1")
  yield* service
    .acknowledge(tenant, b1.id, { by: "s-wang", onTheSpot: true })
    .pipe(at(shanghai("Mon", "10:05")))
  const b1Resolved = yield* service
    .resolve(tenant, b1.id, {
      by: "s-wang",
      outcome: "price-compensation voucher",
      explanation: "A promotion started after the purchase",
      apologised: true,
      compensation: defaultRemedy(b1, shanghai("Mon", "10:10")),
      rootCause: "unclear-information",
    })
    .pipe(at(shanghai("Mon", "10:10")))
  console.log(
    `  Mon 10:00  B1 received (price/after-purchase), resolved on the spot at 10:10 with ${b1Resolved.resolution?.compensation.map((given) => `a ${given.kind} of ${given.value === undefined ? "-" : showMoney(given.value)}`).join(", ")}`,
  )

  const aResolved = yield* service
    .resolve(tenant, a.id, {
      by: "s-li",
      outcome: "cash coupon",
      explanation: "Two of four tills were closed at lunchtime",
      apologised: true,
      compensation: defaultRemedy(a, shanghai("Mon", "11:00")),
      rootCause: "missed-deadline",
    })
    .pipe(at(shanghai("Mon", "11:00")))
  console.log(
    `  Mon 11:00  A resolved by s-li with ${aResolved.resolution?.compensation.map((given) => `a ${given.kind} of ${given.value === undefined ? "-" : showMoney(given.value)} until ${given.expiresOn}`).join(", ")}; its follow-up is due ${when(aResolved.sla.cycles[0]?.targets.find((t) => t.kind === "followUp")?.dueAt ?? 0)}`,
  )

  // C: a product complaint nobody answers.
  const kettle = yield* service
    .intake(tenant, {
      idempotencyKey: "hotline-0603-044",
      customerId: "cus_0003",
      channel: "hotline",
      category: "product",
      productId: "sku-kettle-2",
      contact: { phone: "+86 21 5555 0303" },
      description: "The kettle's lid does not close",
      receivedBy: "s-wang",
    })
    .pipe(at(shanghai("Mon", "17:00")))
  labels.set(kettle.id, "C")
  console.log(`  Mon 17:00  C received (product) and left unanswered`)

  const printSweep = (result: Complaints.SweepResult, now: number) => {
    console.log(
      `  ${when(now)}  sweep: ${result.examined} complaint(s) examined, ${result.notifications.length} notification(s)`,
    )
    for (const n of result.notifications)
      console.log(
        `             ${n.kind} ${n.target} of ${label(n.complaintId)}, cycle ${n.cycle}, due ${when(n.dueAt ?? 0)}${n.recipient === undefined ? "" : ` → ${n.recipient}`}`,
      )
  }
  const tuesday = shanghai("Tue", "09:30")
  printSweep(yield* service.sweep(tenant, tuesday), tuesday)
  printSweep(yield* service.sweep(tenant, tuesday), tuesday)

  // The follow-up: not by anyone who handled A (CMP-11), then by quality.
  const refused = yield* Effect.flip(
    service
      .followUp(tenant, a.id, { by: "s-li", reached: true, solved: true })
      .pipe(at(shanghai("Tue", "10:00"))),
  )
  console.log(
    `  Tue 10:00  s-li's follow-up of A refused: ${refused._tag}${refused._tag === "PolicyViolationError" ? ` ${refused.rule}` : ""}: ${refused.message}`,
  )
  yield* service
    .followUp(tenant, a.id, {
      by: "s-zhao",
      reached: true,
      solved: true,
      satisfaction: 5,
      opinion: "Fine now, and the coupon was a nice gesture",
    })
    .pipe(at(shanghai("Tue", "10:00")))
  const closed = yield* service
    .closeComplaint(tenant, a.id, { by: "s-zhao" })
    .pipe(at(shanghai("Tue", "10:05")))
  const history = yield* service.history(tenant, a.id)
  console.log(
    `  Tue 10:05  A ${closed.state} after s-zhao's follow-up; its history: ${history.map((entry) => entry.step).join(" → ")}`,
  )

  // B2: the same customer about the same order, two days later, by email (CMP-10).
  const b2 = yield* service
    .intake(tenant, {
      idempotencyKey: "mail-0605-003",
      customerId: "cus_0002",
      channel: "email",
      category: "price",
      orderId: "ord-1001",
      contact: { email: "customer2@example.com" },
      description: "The voucher does not work at the checkout",
      receivedBy: "s-wang",
    })
    .pipe(at(shanghai("Wed", "14:00")))
  labels.set(b2.id, "B2")
  yield* service
    .acknowledge(tenant, b2.id, { by: "s-wang", onTheSpot: true })
    .pipe(at(shanghai("Wed", "14:05")))
  const resolveB2 = service.resolve(tenant, b2.id, {
    by: "s-wang",
    outcome: "voucher reissued",
    explanation: "The first voucher was issued for the wrong store",
    apologised: true,
    rootCause: "defective-delivery",
  })
  const unexplained = yield* Effect.flip(resolveB2.pipe(at(shanghai("Wed", "14:10"))))
  console.log(
    `  Wed 14:00  B2 received by email and linked as a repeat of ${label(b2.repeatOf ?? "")}; resolving it at once is refused: ${unexplained._tag}${unexplained._tag === "PolicyViolationError" ? ` ${unexplained.rule}` : ""}`,
  )
  yield* service
    .explainRepeat(tenant, b2.id, {
      by: "s-wang",
      whyNotResolved: "The voucher was issued for the wrong store",
    })
    .pipe(at(shanghai("Wed", "14:12")))
  const b2Resolved = yield* resolveB2.pipe(at(shanghai("Wed", "14:15")))
  console.log(
    `  Wed 14:15  B2 ${b2Resolved.state} once the note on why B1 did not solve it was recorded`,
  )
  // VIS-9: the follow-up CMP-11 asks for is scheduled by the visits module, with
  // someone who never handled B2 (s-wang took it in and resolved it; s-zhao is away).
  const visits = yield* Visits.make
  const followUp = yield* visits
    .scheduleFollowUp(tenant, {
      complaint: Schema.encodeSync(Complaint.Complaint)(b2Resolved),
      staff: [
        { id: "s-wang", available: true, openFollowUps: 0 },
        { id: "s-zhao", available: false },
        { id: "s-li", available: true, openFollowUps: 1 },
        { id: "s-chen", available: true, openFollowUps: 3 },
      ],
      policy: Schema.encodeSync(FollowUp.FollowUpPolicy)(FollowUp.defaultPolicy(desk)),
    })
    .pipe(at(shanghai("Wed", "14:20")))
  console.log(
    `  Wed 14:20  B2's follow-up ${followUp.kind} scheduled with ${followUp.assignee}, not its handler s-wang, due ${when(followUp.dueAt)} (VIS-9)`,
  )

  const wednesday = shanghai("Wed", "17:00")
  printSweep(yield* service.sweep(tenant, wednesday), wednesday)

  // The report of the week (CMP-4, CMP-6, CMP-7, CMP-9, CMP-10, CMP-11).
  const book = yield* service.received(tenant, { from: shanghai("Mon", "00:00"), to: wednesday })
  const summary = Reports.summary(book, wednesday)
  console.log(`\nThe complaint book on Wednesday 17:00 (${summary.total} complaints):`)
  console.log(
    `  by state: ${Object.entries(summary.byState)
      .filter(([, count]) => count > 0)
      .map(([state, count]) => `${state} ${count}`)
      .join(", ")}; open ${summary.open}, in breach ${summary.inBreach}`,
  )
  for (const row of Reports.slaAttainment(book, {
    by: "period",
    now: wednesday,
    timeZone: Period.TimeZone.make(zone),
  }))
    console.log(
      `  ${row.target.padEnd(15)} hit ${row.hit}, missed ${row.missed}, open ${row.open} (${row.breachedOpen} breached): attainment ${row.attainment === null ? "n/a" : `${Math.round(row.attainment * 100)} %`}`,
    )
  for (const breach of Reports.breaches(book, wednesday))
    console.log(
      `  breach: ${breach.target} of ${label(breach.complaintId)}, due ${when(breach.dueAt)}, ${breach.open ? "still open" : `completed ${when(breach.completedAt ?? 0)}`}`,
    )
  const fcr = Reports.firstContactResolution(book, { windowDays: 30 })
  const repeats = Reports.repeatContactRate(book)
  console.log(
    `  first-contact resolution ${fcr.resolvedFirstTime}/${fcr.firstContacts}; repeat complaints ${repeats.repeats}/${repeats.complaints}; root causes: ${Reports.rootCausePareto(
      book,
    )
      .map((row) => `${row.key} ${row.count}`)
      .join(", ")}`,
  )
  console.log(
    `  compensation given: ${Either.match(summary.compensation, { onLeft: (error) => error.message, onRight: (totals) => totals.map(showMoney).join(", ") })}; follow-ups ${summary.followUps}, by someone else ${summary.followUpsByOther}, satisfaction ${summary.satisfaction ?? "n/a"}`,
  )
})

Effect.runPromise(Effect.provide(Effect.andThen(program, complaintDesk), MemoryStore.layer))
  .then(promiseApi)
  .then(segmentationDemo)
  .then(returnsDemo)
  .then(visitsDemo)
  .then(churnDemo)
  .then(archiveDemo)
  .catch((error: unknown) => {
    console.error(error)
    process.exitCode = 1
  })
