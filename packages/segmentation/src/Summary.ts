/**
 * Period summaries (SEG-1, SEG-3): per customer and statistics period, the order
 * count, revenue, contribution, first and last purchase, recency and the breadth of
 * categories bought — built in one pass over the period's transactions, from plain
 * objects, from columns of typed arrays, or streaming from a store, with every date
 * taken in the period's time zone.
 *
 * A summary holds **only the period's data**: transactions outside the period are
 * skipped (they neither count nor add a customer), which is what makes a customer's
 * class depend on that period alone (SEG-3).
 *
 * Summaries are columnar (one typed array per figure, indexed like `customerIds`),
 * so a million customers take a few dozen megabytes and classification runs as plain
 * loops over them.
 *
 * @since 0.1.0
 */
import { Civil, Errors, Ids, Money, Period, Zone } from "@clientele/core"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"

/**
 * One purchase: who bought, when, for how much, what it contributed (the margin,
 * where known) and, optionally, the product category.
 *
 * @example
 * ```ts
 * import { Summary } from "@clientele/segmentation"
 * import * as Schema from "effect/Schema"
 *
 * const transaction = Schema.decodeUnknownSync(Summary.Transaction)({
 *   orderId: "ord-1",
 *   customerId: "cus-1",
 *   at: Date.UTC(2024, 2, 1, 10),
 *   revenue: { amount: 12000, currency: "EUR" },
 *   contribution: { amount: 3000, currency: "EUR" },
 *   category: "printers",
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export class Transaction extends Schema.Class<Transaction>("Transaction")({
  orderId: Ids.OrderId,
  customerId: Ids.CustomerId,
  at: Period.Instant,
  revenue: Money.Money,
  contribution: Schema.optional(Money.Money),
  category: Schema.optional(Schema.NonEmptyTrimmedString),
}) {}

/**
 * The transactions of a period as columns: `customer[i]` indexes `customers`, and
 * `at`, `revenue`, `contribution` and `category` give the rest of transaction `i`.
 * Amounts are integer minor units of the summaries' currency; `category[i]` indexes
 * `categories`. Every customer of `customers` belongs to the period's population,
 * with or without purchases.
 *
 * @example
 * ```ts
 * import type { Summary } from "@clientele/segmentation"
 *
 * const columns: Summary.Columns = {
 *   customers: ["cus-1", "cus-2"],
 *   customer: Int32Array.of(0, 0, 1),
 *   at: Float64Array.of(Date.UTC(2024, 0, 5), Date.UTC(2024, 5, 1), Date.UTC(2024, 3, 9)),
 *   revenue: Int32Array.of(5000, 7000, 900),
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Columns {
  readonly customers: ReadonlyArray<string>
  readonly customer: ArrayLike<number>
  readonly at: ArrayLike<number>
  readonly revenue: ArrayLike<number>
  /** The margin of each transaction; without it, contribution is the revenue. */
  readonly contribution?: ArrayLike<number> | undefined
  readonly categories?: ReadonlyArray<string> | undefined
  readonly category?: ArrayLike<number> | undefined
}

/**
 * What summaries are built for: the period (its zone decides every date), the
 * currency of every amount, and optionally the customers who belong to the period's
 * population even without a purchase in it (the customer register): they are
 * summarised with zero orders.
 *
 * @example
 * ```ts
 * import { Period } from "@clientele/core"
 * import type { Summary } from "@clientele/segmentation"
 *
 * const options: Summary.Options = {
 *   period: Period.make("2024-01-01", "2025-01-01", "Europe/Berlin"),
 *   currency: "EUR",
 *   customers: ["cus-1", "cus-2"],
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  readonly period: Period.Period
  readonly currency: string
  readonly customers?: Iterable<string> | undefined
}

/**
 * A period's summaries, one entry per customer of its population, as columns
 * indexed like `customerIds`. Amounts are integer minor units of `currency`;
 * `firstPurchase` and `lastPurchase` are instants (`NaN` without purchases);
 * `recencyDays` counts the civil days, in the period's zone, from the last purchase
 * to the period's last day (0: bought on the last day; `NaN` without purchases);
 * `categoryCount` is the number of distinct categories bought.
 *
 * @example
 * ```ts
 * import { Period } from "@clientele/core"
 * import { Summary } from "@clientele/segmentation"
 * import * as Either from "effect/Either"
 *
 * const summaries = Either.getOrThrow(
 *   Summary.fromTransactions([], { period: Period.make("2024-01-01", "2025-01-01", "UTC"), currency: "EUR", customers: ["cus-1"] }),
 * )
 * summaries.orders[0] // 0: cus-1 bought nothing in 2024
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface PeriodSummaries {
  readonly period: Period.Period
  readonly currency: Money.CurrencyCode
  readonly customerIds: ReadonlyArray<string>
  readonly orders: Int32Array
  readonly revenue: Float64Array
  readonly contribution: Float64Array
  readonly firstPurchase: Float64Array
  readonly lastPurchase: Float64Array
  readonly recencyDays: Float64Array
  readonly categoryCount: Int32Array
  /** The categories met in the period, in order of first appearance. */
  readonly categories: ReadonlyArray<string>
}

/**
 * One customer's summary as a plain object.
 *
 * @example
 * ```ts
 * import type { Summary } from "@clientele/segmentation"
 *
 * declare const summary: Summary.CustomerSummary
 * summary.contribution.amount // minor units
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface CustomerSummary {
  readonly customerId: string
  readonly orders: number
  readonly revenue: Money.Money
  readonly contribution: Money.Money
  readonly firstPurchase: Period.CivilDate | null
  readonly lastPurchase: Period.CivilDate | null
  readonly recencyDays: number | null
  readonly categoryCount: number
}

/**
 * A transaction in the plain form {@link fromTransactions} and {@link fromStream}
 * accept: a decoded {@link Transaction} fits, and so does a plain object of the same
 * shape without an order id.
 *
 * @example
 * ```ts
 * import type { Summary } from "@clientele/segmentation"
 *
 * const sale: Summary.TransactionInput = { customerId: "cus-1", at: Date.UTC(2024, 4, 1), revenue: { amount: 800, currency: "EUR" } }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type TransactionInput = {
  readonly customerId: string
  readonly at: number
  readonly revenue: { readonly amount: number; readonly currency: string }
  readonly contribution?: { readonly amount: number; readonly currency: string } | undefined
  readonly category?: string | undefined
}

// Instants within a day of a period boundary are checked by civil date (as
// `Period.containsInstant` does); the others by the instant range alone.
const BOUNDARY_MARGIN = 2 * Civil.dayMs

/** Accumulates a period's figures in growable columns, one row per customer. */
class Accumulator {
  readonly period: Period.Period
  readonly currency: Money.CurrencyCode
  readonly ids: Array<string> = []
  readonly index = new Map<string, number>()
  readonly categories: Array<string> = []
  readonly categoryIndex = new Map<string, number>()
  private readonly start: number
  private readonly end: number
  private capacity = 0
  private words = 1
  orders = new Int32Array(0)
  revenue = new Float64Array(0)
  contribution = new Float64Array(0)
  first = new Float64Array(0)
  last = new Float64Array(0)
  masks = new Uint32Array(0)

  constructor(period: Period.Period, currency: Money.CurrencyCode, capacity: number) {
    this.period = period
    this.currency = currency
    this.start = Period.startInstant(period)
    this.end = Period.endInstant(period)
    this.grow(Math.max(16, capacity))
  }

  private grow(capacity: number): void {
    const resize = <T extends Int32Array | Float64Array | Uint32Array>(
      old: T,
      make: (n: number) => T,
      width = 1,
    ): T => {
      const next = make(capacity * width)
      next.set(old)
      return next
    }
    this.orders = resize(this.orders, (n) => new Int32Array(n))
    this.revenue = resize(this.revenue, (n) => new Float64Array(n))
    this.contribution = resize(this.contribution, (n) => new Float64Array(n))
    this.first = resize(this.first, (n) => new Float64Array(n).fill(Number.POSITIVE_INFINITY))
    this.last = resize(this.last, (n) => new Float64Array(n).fill(Number.NEGATIVE_INFINITY))
    this.masks = resize(this.masks, (n) => new Uint32Array(n), this.words)
    this.capacity = capacity
  }

  /** Makes room for `count` categories per customer (32 per word of the masks). */
  reserveCategories(count: number): void {
    const words = Math.max(1, Math.ceil(count / 32))
    if (words <= this.words) return
    const next = new Uint32Array(this.capacity * words)
    for (let c = 0; c < this.ids.length; c++) {
      for (let w = 0; w < this.words; w++)
        next[c * words + w] = this.masks[c * this.words + w] as number
    }
    this.masks = next
    this.words = words
  }

  customerOf(id: string): number {
    const known = this.index.get(id)
    if (known !== undefined) return known
    const row = this.ids.length
    if (row === this.capacity) this.grow(this.capacity * 2)
    this.ids.push(id)
    this.index.set(id, row)
    return row
  }

  categoryOf(name: string): number {
    const known = this.categoryIndex.get(name)
    if (known !== undefined) return known
    const index = this.categories.length
    this.categories.push(name)
    this.categoryIndex.set(name, index)
    this.reserveCategories(index + 1)
    return index
  }

  inPeriod(at: number): boolean {
    if (at < this.start - BOUNDARY_MARGIN || at >= this.end + BOUNDARY_MARGIN) return false
    if (at >= this.start + BOUNDARY_MARGIN && at < this.end - BOUNDARY_MARGIN) return true
    return Period.containsInstant(this.period, at)
  }

  /** Adds one in-period transaction of a known customer row. */
  add(row: number, at: number, revenue: number, contribution: number, category: number): void {
    this.orders[row] = (this.orders[row] as number) + 1
    this.revenue[row] = (this.revenue[row] as number) + revenue
    this.contribution[row] = (this.contribution[row] as number) + contribution
    if (at < (this.first[row] as number)) this.first[row] = at
    if (at > (this.last[row] as number)) this.last[row] = at
    if (category >= 0) {
      const word = row * this.words + (category >>> 5)
      this.masks[word] = (this.masks[word] as number) | (1 << (category & 31))
    }
  }

  /** The summaries, or a `MoneyOverflowError` when a customer's total leaves the safe-integer range. */
  finish(): Either.Either<PeriodSummaries, Money.MoneyOverflowError> {
    const n = this.ids.length
    for (let c = 0; c < n; c++) {
      if (
        !Number.isSafeInteger(this.revenue[c] as number) ||
        !Number.isSafeInteger(this.contribution[c] as number)
      ) {
        return Either.left(
          new Money.MoneyOverflowError({ operation: "summarise", currency: this.currency }),
        )
      }
    }
    const zone = this.period.zone
    const lastDay = (Civil.parse(this.period.end) as number) - 1
    const recencyDays = new Float64Array(n)
    const categoryCount = new Int32Array(n)
    const first = this.first.slice(0, n)
    const last = this.last.slice(0, n)
    for (let c = 0; c < n; c++) {
      if (this.orders[c] === 0) {
        first[c] = Number.NaN
        last[c] = Number.NaN
        recencyDays[c] = Number.NaN
        continue
      }
      const at = last[c] as number
      recencyDays[c] = lastDay - Math.floor((at + Zone.offsetAt(zone, at)) / Civil.dayMs)
      let count = 0
      for (let w = 0; w < this.words; w++)
        count += popCount(this.masks[c * this.words + w] as number)
      categoryCount[c] = count
    }
    return Either.right({
      period: this.period,
      currency: this.currency,
      customerIds: this.ids,
      orders: this.orders.slice(0, n),
      revenue: this.revenue.slice(0, n),
      contribution: this.contribution.slice(0, n),
      firstPurchase: first,
      lastPurchase: last,
      recencyDays,
      categoryCount,
      categories: this.categories,
    })
  }
}

const popCount = (word: number): number => {
  let v = word - ((word >>> 1) & 0x55555555)
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333)
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24
}

/**
 * Why summaries could not be built: a bad field (`ValidationError`, naming its
 * position and field), an amount in another currency, or a customer's total beyond
 * the safe-integer range of minor units.
 *
 * @example
 * ```ts
 * import type { Summary } from "@clientele/segmentation"
 *
 * declare const error: Summary.SummaryError
 * error._tag // "ValidationError" | "CurrencyMismatchError" | "MoneyOverflowError"
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export type SummaryError =
  | Errors.ValidationError
  | Money.CurrencyMismatchError
  | Money.MoneyOverflowError

const invalid = (path: ReadonlyArray<string | number>, message: string): Errors.ValidationError =>
  Errors.ValidationError.fromIssues([{ path, message }])

const start = (
  options: Options,
  capacity: number,
): Either.Either<Accumulator, Errors.ValidationError> =>
  Either.gen(function* () {
    const currency = yield* Either.mapLeft(
      Errors.decodeEither(Money.CurrencyCode)(options.currency),
      (error) =>
        Errors.ValidationError.fromIssues(
          error.issues.map((issue) => ({ ...issue, path: ["currency", ...issue.path] })),
        ),
    )
    const accumulator = new Accumulator(options.period, currency, capacity)
    let position = 0
    for (const id of options.customers ?? []) {
      if (!Ids.isIdString(id)) {
        return yield* Either.left(
          invalid(
            ["customers", position],
            "a customer id must be 1 to 256 characters without control characters",
          ),
        )
      }
      if (accumulator.index.has(id)) {
        return yield* Either.left(
          invalid(["customers", position], `customer ${id} is listed twice`),
        )
      }
      accumulator.customerOf(id)
      position++
    }
    return accumulator
  })

/** Checks one loose transaction and adds it when it falls in the period. */
const addTransaction = (
  accumulator: Accumulator,
  transaction: TransactionInput,
  position: number,
): SummaryError | undefined => {
  const at = transaction.at
  if (!Period.isInstant(at))
    return invalid(
      ["transactions", position, "at"],
      `not an instant (integer epoch milliseconds): ${String(at)}`,
    )
  if (!Ids.isIdString(transaction.customerId)) {
    return invalid(
      ["transactions", position, "customerId"],
      "a customer id must be 1 to 256 characters without control characters",
    )
  }
  const revenue = transaction.revenue
  const contribution = transaction.contribution ?? revenue
  for (const [field, money] of [
    ["revenue", revenue],
    ["contribution", contribution],
  ] as const) {
    if (!Number.isSafeInteger(money.amount)) {
      return invalid(
        ["transactions", position, field, "amount"],
        `an amount must be a safe integer of minor units, got ${money.amount}`,
      )
    }
    if (money.currency !== accumulator.currency) {
      return new Money.CurrencyMismatchError({
        operation: "summarise",
        left: accumulator.currency,
        right: money.currency,
      })
    }
  }
  if (!accumulator.inPeriod(at)) return undefined
  const category =
    transaction.category === undefined ? -1 : accumulator.categoryOf(transaction.category)
  accumulator.add(
    accumulator.customerOf(transaction.customerId),
    at,
    revenue.amount,
    contribution.amount,
    category,
  )
  return undefined
}

/**
 * Summarises a period from transactions given as objects (decoded
 * {@link Transaction}s or plain objects of the same shape). Transactions outside the
 * period are skipped after being checked. A transaction with a bad field fails the
 * whole call with a `ValidationError` naming its position and field; an amount in
 * another currency fails it with a `CurrencyMismatchError`, and a customer's total
 * beyond the safe-integer range of minor units with a `MoneyOverflowError`.
 *
 * @example
 * ```ts
 * import { Period } from "@clientele/core"
 * import { Summary } from "@clientele/segmentation"
 * import * as Either from "effect/Either"
 *
 * const period = Period.make("2024-01-01", "2025-01-01", "Europe/Berlin")
 * const summaries = Either.getOrThrow(
 *   Summary.fromTransactions(
 *     [
 *       { customerId: "cus-1", at: Date.UTC(2024, 2, 1), revenue: { amount: 12000, currency: "EUR" } },
 *       { customerId: "cus-1", at: Date.UTC(2024, 11, 31, 23, 30), revenue: { amount: 500, currency: "EUR" } }, // 2025 in Berlin
 *     ],
 *     { period, currency: "EUR" },
 *   ),
 * )
 * summaries.orders[0] // 1
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromTransactions = (
  transactions: Iterable<TransactionInput>,
  options: Options,
): Either.Either<PeriodSummaries, SummaryError> =>
  Either.flatMap(start(options, 1024), (accumulator) => {
    let position = 0
    for (const transaction of transactions) {
      const failure = addTransaction(accumulator, transaction, position++)
      if (failure !== undefined) return Either.left(failure)
    }
    return accumulator.finish()
  })

/**
 * Summarises a period from columns of transactions ({@link Columns}): the fast
 * path for millions of transactions, with no object per transaction. Every column
 * is checked (same length, customer and category indexes in range, instants and
 * integer amounts) and the first bad value fails the call with a `ValidationError`
 * naming its column and position; a customer's total beyond the safe-integer range
 * of minor units fails it with a `MoneyOverflowError`. A customer both registered
 * in the options and listed in the columns keeps one row; a category named twice
 * counts once.
 *
 * @example
 * ```ts
 * import { Period } from "@clientele/core"
 * import { Summary } from "@clientele/segmentation"
 * import * as Either from "effect/Either"
 *
 * const summaries = Either.getOrThrow(
 *   Summary.fromColumns(
 *     {
 *       customers: ["cus-1", "cus-2"],
 *       customer: Int32Array.of(0, 0, 1),
 *       at: Float64Array.of(Date.UTC(2024, 0, 5), Date.UTC(2024, 5, 1), Date.UTC(2023, 3, 9)),
 *       revenue: Int32Array.of(5000, 7000, 900),
 *     },
 *     { period: Period.make("2024-01-01", "2025-01-01", "UTC"), currency: "EUR" },
 *   ),
 * )
 * Array.from(summaries.orders) // [2, 0]: cus-2 bought in 2023 only
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromColumns = (
  columns: Columns,
  options: Options,
): Either.Either<PeriodSummaries, Errors.ValidationError | Money.MoneyOverflowError> =>
  Either.flatMap(
    start(options, columns.customers.length),
    (
      accumulator,
    ): Either.Either<PeriodSummaries, Errors.ValidationError | Money.MoneyOverflowError> => {
      // Each row of `columns.customers` to its summary row: a registered customer
      // who also bought keeps its one row.
      const rowOf = new Int32Array(columns.customers.length)
      const claimed = new Uint8Array(accumulator.ids.length + columns.customers.length)
      for (let c = 0; c < columns.customers.length; c++) {
        const id = columns.customers[c] as string
        if (!Ids.isIdString(id)) {
          return Either.left(
            invalid(
              ["columns", "customers", c],
              "a customer id must be 1 to 256 characters without control characters",
            ),
          )
        }
        const row = accumulator.customerOf(id)
        if (claimed[row] === 1) {
          return Either.left(invalid(["columns", "customers", c], `customer ${id} is listed twice`))
        }
        claimed[row] = 1
        rowOf[c] = row
      }
      const n = columns.customer.length
      const { customer, at, revenue, category } = columns
      const contribution = columns.contribution ?? revenue
      for (const [name, column] of [
        ["at", at],
        ["revenue", revenue],
        ["contribution", contribution],
        ["category", category],
      ] as const) {
        if (column !== undefined && column.length !== n) {
          return Either.left(
            invalid(["columns", name], `has ${column.length} entries for ${n} transactions`),
          )
        }
      }
      const categoryCount = columns.categories?.length ?? 0
      if (category !== undefined && columns.categories === undefined) {
        return Either.left(
          invalid(
            ["columns", "categories"],
            "a category column needs the list of categories it indexes",
          ),
        )
      }
      // A category listed twice is one category: indexes map to names' codes.
      const codeOf = Int32Array.from(columns.categories ?? [], (name) =>
        accumulator.categoryOf(name),
      )
      const customers = columns.customers.length
      for (let i = 0; i < n; i++) {
        const c = customer[i] as number
        const t = at[i] as number
        const r = revenue[i] as number
        const m = contribution[i] as number
        const k = category === undefined ? -1 : (category[i] as number)
        if (!(c >= 0 && c < customers && Number.isInteger(c))) {
          return Either.left(
            invalid(["columns", "customer", i], `${c} is not an index of the customer list`),
          )
        }
        if (!Period.isInstant(t))
          return Either.left(
            invalid(["columns", "at", i], `not an instant (integer epoch milliseconds): ${t}`),
          )
        if (!Number.isSafeInteger(r))
          return Either.left(
            invalid(
              ["columns", "revenue", i],
              `an amount must be a safe integer of minor units, got ${r}`,
            ),
          )
        if (!Number.isSafeInteger(m))
          return Either.left(
            invalid(
              ["columns", "contribution", i],
              `an amount must be a safe integer of minor units, got ${m}`,
            ),
          )
        if (category !== undefined && !(k >= 0 && k < categoryCount && Number.isInteger(k))) {
          return Either.left(
            invalid(["columns", "category", i], `${k} is not an index of the category list`),
          )
        }
        if (accumulator.inPeriod(t))
          accumulator.add(rowOf[c] as number, t, r, m, k < 0 ? -1 : (codeOf[k] as number))
      }
      return accumulator.finish()
    },
  )

/**
 * Summarises a period from a stream of transactions (for instance a store query),
 * in one pass and in constant memory per customer.
 *
 * @example
 * ```ts
 * import { Period } from "@clientele/core"
 * import { Summary } from "@clientele/segmentation"
 * import * as Effect from "effect/Effect"
 * import * as Stream from "effect/Stream"
 *
 * const program = Summary.fromStream(
 *   Stream.make({ customerId: "cus-1", at: Date.UTC(2024, 4, 1), revenue: { amount: 800, currency: "EUR" } }),
 *   { period: Period.make("2024-01-01", "2025-01-01", "UTC"), currency: "EUR" },
 * )
 * const summaries = Effect.runSync(program)
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromStream = <E, R>(
  transactions: Stream.Stream<TransactionInput, E, R>,
  options: Options,
): Effect.Effect<PeriodSummaries, E | SummaryError, R> =>
  Effect.flatMap(start(options, 1024), (accumulator) => {
    let position = 0
    return transactions.pipe(
      Stream.runForEachChunk((chunk) => {
        for (const transaction of Chunk.toReadonlyArray(chunk)) {
          const failure = addTransaction(accumulator, transaction, position++)
          if (failure !== undefined) return Effect.fail(failure)
        }
        return Effect.void
      }),
      Effect.flatMap(() => accumulator.finish()),
    )
  })

/**
 * The number of customers summarised.
 *
 * @example
 * ```ts
 * import { Summary } from "@clientele/segmentation"
 *
 * declare const summaries: Summary.PeriodSummaries
 * Summary.size(summaries)
 * ```
 *
 * @since 0.1.0
 * @category getters
 */
export const size = (summaries: PeriodSummaries): number => summaries.customerIds.length

/**
 * Whether customer `index` bought anything in the period.
 *
 * @example
 * ```ts
 * import { Summary } from "@clientele/segmentation"
 *
 * declare const summaries: Summary.PeriodSummaries
 * Summary.isActive(summaries, 0)
 * ```
 *
 * @since 0.1.0
 * @category getters
 */
export const isActive = (summaries: PeriodSummaries, index: number): boolean =>
  (summaries.orders[index] as number) > 0

/**
 * Customer `index`'s summary as a plain object, with money and civil dates.
 *
 * @example
 * ```ts
 * import { Period } from "@clientele/core"
 * import { Summary } from "@clientele/segmentation"
 * import * as Either from "effect/Either"
 *
 * const summaries = Either.getOrThrow(
 *   Summary.fromTransactions(
 *     [{ customerId: "cus-1", at: Date.UTC(2024, 4, 1), revenue: { amount: 800, currency: "EUR" } }],
 *     { period: Period.make("2024-01-01", "2025-01-01", "UTC"), currency: "EUR" },
 *   ),
 * )
 * Summary.customerAt(summaries, 0).lastPurchase // "2024-05-01"
 * ```
 *
 * @since 0.1.0
 * @category getters
 */
export const customerAt = (summaries: PeriodSummaries, index: number): CustomerSummary => {
  const { period, currency } = summaries
  const date = (instant: number) =>
    Number.isNaN(instant) ? null : Period.civilDateOf(instant, period.zone)
  const recency = summaries.recencyDays[index] as number
  return {
    customerId: summaries.customerIds[index] as string,
    orders: summaries.orders[index] as number,
    revenue: Money.make(summaries.revenue[index] as number, currency),
    contribution: Money.make(summaries.contribution[index] as number, currency),
    firstPurchase: date(summaries.firstPurchase[index] as number),
    lastPurchase: date(summaries.lastPurchase[index] as number),
    recencyDays: Number.isNaN(recency) ? null : recency,
    categoryCount: summaries.categoryCount[index] as number,
  }
}
