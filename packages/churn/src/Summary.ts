/**
 * The customer base of the "buy 'til you die" models (CHN-1): transactions turned
 * into one row per customer with the figures the BG/NBD, MBG/NBD, Pareto/NBD and
 * Gamma-Gamma models read — the repeat frequency `x`, the recency `t_x`, the age `T`
 * and the mean repeat spend `m̄` over a calibration window, and optionally the
 * purchases and spend of a holdout window that follows it, to check the models'
 * forecasts against.
 *
 * The conventions are those of the literature and of its reference libraries
 * (lifetimes, BTYD, PyMC-Marketing), so that their published numbers can be
 * reproduced (the CDNOW data set is the golden test of this module):
 *
 * - days are civil days in one time zone, and all purchases of a customer on one day
 *   are merged into one transaction worth their sum (BTYD's
 *   `dc.MergeTransactionsOnSameDate`): the models count purchase occasions, and two
 *   orders of one basket split by a checkout are not two occasions;
 * - the first purchase day starts the customer's clock and is not a repeat purchase:
 *   `x` counts the purchase days after it up to the calibration end, `t_x` is the time
 *   from the first purchase day to the last of them (0 without a repeat purchase),
 *   and `T` the time from the first purchase day to the calibration end day;
 * - times are in one explicit unit, days or weeks (a week is 7 days), never a
 *   rescaled one, so that every fitted parameter and log-likelihood has a stated
 *   unit.
 *
 * The base is columnar (one typed array per figure, indexed like `customerIds`), so
 * a million customers take a few dozen megabytes and the model fitters run as plain
 * loops. {@link distinctRows} compresses it to its distinct `(x, t_x, T)` patterns
 * with weights, which is what makes fitting a large base cheap.
 *
 * @since 0.1.0
 */
import { Civil, Errors, Ids, Money, Period, Zone } from "@clientele/core"
import type { Summary as PeriodSummary } from "@clientele/segmentation"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"

/**
 * The time unit of every time of a customer base: `"days"` or `"weeks"` (7 days).
 * There is no default: a model's rate parameter is per unit of time, so the unit must
 * be said.
 *
 * @example
 * ```ts
 * import { Summary } from "@clientele/churn"
 *
 * Summary.TimeUnit.literals // ["days", "weeks"]
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const TimeUnit = Schema.Literal("days", "weeks").annotations({
  identifier: "TimeUnit",
  description: "the unit of every time of a customer base: days or weeks (7 days)",
})

/**
 * The type of a time unit: `"days"` or `"weeks"`.
 *
 * @example
 * ```ts
 * import type { Summary } from "@clientele/churn"
 *
 * const unit: Summary.TimeUnit = "weeks"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type TimeUnit = typeof TimeUnit.Type

/**
 * The days in one unit of time, to convert a time in a base's unit to days and
 * back.
 *
 * @example
 * ```ts
 * import { Summary } from "@clientele/churn"
 *
 * Summary.daysPerUnit.weeks // 7
 * 90 / Summary.daysPerUnit.weeks // 90 days in weeks: 12.86
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const daysPerUnit: { readonly [U in TimeUnit]: number } = { days: 1, weeks: 7 }

/**
 * A cohort: the customers whose first purchase falls from `from` to `to`, both days
 * included (civil dates in the base's time zone), such as the CDNOW cohort of the
 * first quarter of 1997.
 *
 * @example
 * ```ts
 * import { Summary } from "@clientele/churn"
 * import * as Schema from "effect/Schema"
 *
 * const firstQuarter = Schema.decodeUnknownSync(Summary.Cohort)({ from: "1997-01-01", to: "1997-03-31" })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Cohort = Schema.Struct({
  from: Period.CivilDate,
  to: Period.CivilDate,
}).pipe(
  Schema.filter((cohort) =>
    cohort.from <= cohort.to
      ? undefined
      : { path: ["to"], message: `a cohort ending on ${cohort.to} starts after it` },
  ),
  Schema.annotations({ identifier: "Cohort" }),
)

/**
 * The type of a {@link Cohort}: first-purchase dates `from` … `to`, both included.
 *
 * @example
 * ```ts
 * import { Period } from "@clientele/core"
 * import type { Summary } from "@clientele/churn"
 *
 * const cohort: Summary.Cohort = { from: Period.CivilDate.make("1997-01-01"), to: Period.CivilDate.make("1997-03-31") }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Cohort = typeof Cohort.Type

/**
 * What a customer base is built for, as data: the last day of calibration
 * (`calibrationEnd`, included), the last day of the holdout (`holdoutEnd`, included,
 * optional; the holdout starts the day after the calibration end), the time zone
 * whose civil days are counted, the time unit, the currency of every amount and an
 * optional {@link Cohort}.
 *
 * @remarks
 * The holdout must end after the calibration end (an empty holdout forecasts
 * nothing); a cohort may reach past the calibration end, and then simply holds no
 * customer from there on.
 *
 * @example
 * ```ts
 * import { Errors } from "@clientele/core"
 * import { Summary } from "@clientele/churn"
 *
 * const cdnow = Errors.decodeEither(Summary.Settings)({
 *   calibrationEnd: "1997-09-30",
 *   holdoutEnd: "1998-06-30",
 *   timeZone: "UTC",
 *   timeUnit: "weeks",
 *   currency: "USD",
 * }) // Right
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Settings = Schema.Struct({
  calibrationEnd: Period.CivilDate,
  holdoutEnd: Schema.optional(Period.CivilDate),
  timeZone: Period.TimeZone,
  timeUnit: TimeUnit,
  currency: Money.CurrencyCode,
  cohort: Schema.optional(Cohort),
}).pipe(
  Schema.filter((settings) =>
    settings.holdoutEnd === undefined || settings.holdoutEnd > settings.calibrationEnd
      ? undefined
      : {
          path: ["holdoutEnd"],
          message: `the holdout must end after the calibration end ${settings.calibrationEnd}, not on ${settings.holdoutEnd}`,
        },
  ),
  Schema.annotations({ identifier: "Settings" }),
)

/**
 * The type of decoded {@link Settings}.
 *
 * @example
 * ```ts
 * import type { Summary } from "@clientele/churn"
 *
 * declare const settings: Summary.Settings
 * settings.timeUnit // "days" | "weeks"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Settings = typeof Settings.Type

/**
 * The options of {@link fromTransactions} and {@link fromColumns}: the
 * {@link Settings} as plain values, and optionally the register of customers.
 * When a register is given, the base holds only registered customers, in the
 * register's order (transactions of other customers are checked, then skipped).
 *
 * @example
 * ```ts
 * import type { Summary } from "@clientele/churn"
 *
 * const options: Summary.Options = {
 *   calibrationEnd: "1997-09-30",
 *   holdoutEnd: "1998-06-30",
 *   timeZone: "UTC",
 *   timeUnit: "weeks",
 *   currency: "USD",
 *   cohort: { from: "1997-01-01", to: "1997-03-31" },
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  readonly calibrationEnd: string
  readonly holdoutEnd?: string | undefined
  readonly timeZone: string
  readonly timeUnit: TimeUnit
  readonly currency: string
  readonly cohort?: { readonly from: string; readonly to: string } | undefined
  readonly customers?: Iterable<string> | undefined
}

/**
 * A transaction as the summaries read it: segmentation's plain transaction (who,
 * when as epoch milliseconds, the revenue as integer minor units); a decoded
 * segmentation `Summary.Transaction` fits too. Contribution and category are not
 * read.
 *
 * @example
 * ```ts
 * import type { Summary } from "@clientele/churn"
 *
 * const sale: Summary.TransactionInput = { customerId: "cus-1", at: Date.UTC(1997, 0, 1), revenue: { amount: 2933, currency: "USD" } }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type TransactionInput = PeriodSummary.TransactionInput

/**
 * Transactions as columns, in segmentation's columnar form: `customer[i]` indexes
 * `customers`, `at[i]` is the instant (epoch milliseconds) and `revenue[i]` the value
 * (integer minor units of the options' currency) of transaction `i`. Contribution
 * and category columns are not read.
 *
 * @example
 * ```ts
 * import type { Summary } from "@clientele/churn"
 *
 * const columns: Summary.Columns = {
 *   customers: ["cus-1", "cus-2"],
 *   customer: Int32Array.of(0, 0, 1),
 *   at: Float64Array.of(Date.UTC(1997, 0, 1), Date.UTC(1997, 0, 18), Date.UTC(1997, 0, 1)),
 *   revenue: Int32Array.of(2933, 2973, 6334),
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Columns = PeriodSummary.Columns

/**
 * The holdout figures of a customer base, indexed like its `customerIds`.
 *
 * @example
 * ```ts
 * import type { Summary } from "@clientele/churn"
 *
 * declare const holdout: Summary.Holdout
 * holdout.frequency[0] // x*: purchase days of customer 0 in the holdout
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Holdout {
  /** The holdout's last day (included); it starts the day after the calibration end. */
  readonly end: Period.CivilDate
  /** `T*`: the holdout's length in the base's time unit, the same for every customer. */
  readonly duration: number
  /** `x*`: the number of purchase days of each customer in the holdout. */
  readonly frequency: Float64Array
  /** Each customer's total spend in the holdout, in minor units of the base's currency. */
  readonly spend: Float64Array
}

/**
 * How many customers met in the input are not in the base, and why.
 *
 * @example
 * ```ts
 * import type { Summary } from "@clientele/churn"
 *
 * declare const excluded: Summary.Exclusions
 * excluded.firstPurchaseAfterCalibration // customers too new to be calibrated
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Exclusions {
  /** Customers whose first purchase is after the calibration end (they have no `T` yet). */
  readonly firstPurchaseAfterCalibration: number
  /** Customers whose first purchase falls outside the cohort. */
  readonly outsideCohort: number
  /** Registered customers without any purchase. */
  readonly withoutPurchase: number
  /** Customers with purchases who are not in the register (only when a register is given). */
  readonly unregistered: number
}

/**
 * A customer base: one row per customer, as columns indexed like `customerIds`, in
 * the literature's notation. Every time is in `timeUnit`; every amount in minor units
 * of `currency`.
 *
 * - `frequency` — **x**: the repeat purchase days up to the calibration end (the
 *   first purchase day is not counted);
 * - `recency` — **t_x**: the time from the first purchase day to the last purchase
 *   day up to the calibration end (0 when x = 0);
 * - `age` — **T**: the time from the first purchase day to the calibration end day;
 * - `monetary` — **m̄** (z̄ in Fader & Hardie's CDNOW files): the mean value of the
 *   repeat (same-day merged) transactions up to the calibration end, a float of
 *   minor units (0 when x = 0);
 * - `firstPurchaseDay` — the day number of the first purchase in `timeZone`
 *   (`Civil.format` turns it into a date);
 * - `holdout` — **x*** and the spend in the holdout, with its length **T***.
 *
 * Customers whose first purchase is after the calibration end are not in the base,
 * nor are those outside the cohort or the register: `excluded` counts them.
 *
 * @example
 * ```ts
 * import { Summary } from "@clientele/churn"
 * import * as Either from "effect/Either"
 *
 * const base = Either.getOrThrow(
 *   Summary.fromTransactions(
 *     [
 *       { customerId: "cus-1", at: Date.UTC(1997, 0, 1), revenue: { amount: 2933, currency: "USD" } },
 *       { customerId: "cus-1", at: Date.UTC(1997, 0, 18), revenue: { amount: 2973, currency: "USD" } },
 *     ],
 *     { calibrationEnd: "1997-09-30", timeZone: "UTC", timeUnit: "days", currency: "USD" },
 *   ),
 * )
 * base.frequency[0] // 1
 * base.recency[0] // 17
 * base.age[0] // 272
 * base.monetary[0] // 2973
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface CustomerBase {
  readonly timeUnit: TimeUnit
  readonly timeZone: Period.TimeZone
  readonly currency: Money.CurrencyCode
  /** The calibration's last day (included). */
  readonly calibrationEnd: Period.CivilDate
  readonly cohort?: Cohort
  readonly customerIds: ReadonlyArray<string>
  readonly firstPurchaseDay: Int32Array
  /** x */
  readonly frequency: Float64Array
  /** t_x */
  readonly recency: Float64Array
  /** T */
  readonly age: Float64Array
  /** m̄ */
  readonly monetary: Float64Array
  readonly holdout?: Holdout
  readonly excluded: Exclusions
}

/**
 * One customer of a base as a plain object (times in the base's unit, money exact
 * where it is a total).
 *
 * @example
 * ```ts
 * import type { Summary } from "@clientele/churn"
 *
 * declare const row: Summary.CustomerRow
 * row.frequency // x
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface CustomerRow {
  readonly customerId: string
  readonly firstPurchase: Period.CivilDate
  readonly frequency: number
  readonly recency: number
  readonly age: number
  /** m̄ in minor units (a mean, so not necessarily whole). */
  readonly monetary: number
  readonly holdoutFrequency?: number
  readonly holdoutSpend?: Money.Money
}

/**
 * Why a customer base could not be built: a bad option or transaction field
 * (`ValidationError`, naming the option, or the transaction's position and field), an
 * amount in another currency, or a customer's spend beyond the safe-integer range of
 * minor units.
 *
 * @example
 * ```ts
 * import type { Summary } from "@clientele/churn"
 *
 * declare const error: Summary.BaseError
 * error._tag // "ValidationError" | "CurrencyMismatchError" | "MoneyOverflowError"
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export type BaseError =
  | Errors.ValidationError
  | Money.CurrencyMismatchError
  | Money.MoneyOverflowError

const invalid = (path: ReadonlyArray<string | number>, message: string): Errors.ValidationError =>
  Errors.ValidationError.fromIssues([{ path, message }])

const BAD_ID = "a customer id must be 1 to 256 characters without control characters"

const isAmount = (amount: unknown): amount is number =>
  typeof amount === "number" && Number.isSafeInteger(amount) && amount >= 0

const badAmount = (amount: unknown): string =>
  `a purchase is worth a non-negative safe integer of minor units, got ${String(amount)}`

/** The customers met so far, each with its row, and the transactions as growable columns. */
class Ledger {
  readonly ids: Array<string> = []
  readonly index = new Map<string, number>()
  /** How many customers the register listed (the first rows); -1 without a register. */
  registered = -1
  customer: Int32Array
  day: Int32Array
  amount: Float64Array
  size = 0

  constructor(capacity: number) {
    this.customer = new Int32Array(capacity)
    this.day = new Int32Array(capacity)
    this.amount = new Float64Array(capacity)
  }

  customerOf(id: string): number {
    const known = this.index.get(id)
    if (known !== undefined) return known
    const row = this.ids.length
    this.ids.push(id)
    this.index.set(id, row)
    return row
  }

  push(customer: number, day: number, amount: number): void {
    if (this.size === this.customer.length) {
      const capacity = Math.max(1024, this.size * 2)
      const customers = new Int32Array(capacity)
      customers.set(this.customer)
      this.customer = customers
      const days = new Int32Array(capacity)
      days.set(this.day)
      this.day = days
      const amounts = new Float64Array(capacity)
      amounts.set(this.amount)
      this.amount = amounts
    }
    this.customer[this.size] = customer
    this.day[this.size] = day
    this.amount[this.size] = amount
    this.size++
  }
}

const decodeSettings = (options: Options): Either.Either<Settings, Errors.ValidationError> =>
  Errors.decodeEither(Settings)(options)

/** Registers the options' customers as the ledger's first rows. */
const register = (
  ledger: Ledger,
  customers: Iterable<string> | undefined,
): Errors.ValidationError | undefined => {
  if (customers === undefined) return undefined
  let position = 0
  for (const id of customers) {
    if (!Ids.isIdString(id)) return invalid(["customers", position], BAD_ID)
    if (ledger.index.has(id))
      return invalid(["customers", position], `customer ${id} is listed twice`)
    ledger.customerOf(id)
    position++
  }
  ledger.registered = position
  return undefined
}

/**
 * Sorts transactions `start … end - 1` of the ledger's gathered columns by day.
 * Transactions usually arrive in time order, so the sortedness check makes the
 * common case one pass; short segments are insertion-sorted, long ones sorted
 * through an index.
 */
const sortByDay = (day: Int32Array, amount: Float64Array, start: number, end: number): void => {
  let sorted = true
  for (let i = start + 1; i < end; i++) {
    if ((day[i] as number) < (day[i - 1] as number)) {
      sorted = false
      break
    }
  }
  if (sorted) return
  if (end - start <= 32) {
    for (let i = start + 1; i < end; i++) {
      const d = day[i] as number
      const a = amount[i] as number
      let j = i - 1
      while (j >= start && (day[j] as number) > d) {
        day[j + 1] = day[j] as number
        amount[j + 1] = amount[j] as number
        j--
      }
      day[j + 1] = d
      amount[j + 1] = a
    }
    return
  }
  const order = Array.from({ length: end - start }, (_, k) => start + k)
  order.sort((i, j) => (day[i] as number) - (day[j] as number))
  const days = Int32Array.from(order, (i) => day[i] as number)
  const amounts = Float64Array.from(order, (i) => amount[i] as number)
  day.set(days, start)
  amount.set(amounts, start)
}

/** Builds the base from the ledger's transactions, gathered by customer. */
const buildBase = (
  settings: Settings,
  ledger: Ledger,
): Either.Either<CustomerBase, Money.MoneyOverflowError> => {
  const customers = ledger.ids.length
  const n = ledger.size
  // Gather the transactions by customer (a counting sort on the customer row).
  const offset = new Int32Array(customers + 1)
  for (let i = 0; i < n; i++) {
    const c = ledger.customer[i] as number
    offset[c + 1] = (offset[c + 1] as number) + 1
  }
  for (let c = 0; c < customers; c++)
    offset[c + 1] = (offset[c + 1] as number) + (offset[c] as number)
  const cursor = offset.slice(0, customers)
  const day = new Int32Array(n)
  const amount = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const c = ledger.customer[i] as number
    const at = cursor[c] as number
    cursor[c] = at + 1
    day[at] = ledger.day[i] as number
    amount[at] = ledger.amount[i] as number
  }

  const calibrationDay = Civil.parse(settings.calibrationEnd) as number
  const holdoutDay =
    settings.holdoutEnd === undefined
      ? calibrationDay
      : (Civil.parse(settings.holdoutEnd) as number)
  const cohortFrom =
    settings.cohort === undefined ? -Infinity : (Civil.parse(settings.cohort.from) as number)
  const cohortTo =
    settings.cohort === undefined ? Infinity : (Civil.parse(settings.cohort.to) as number)
  // Divided, not multiplied by 1/7: a week count is then the nearest double to days / 7.
  const unitDays = daysPerUnit[settings.timeUnit]
  const registered = ledger.registered

  const ids: Array<string> = []
  const firstPurchaseDay = new Int32Array(customers)
  const frequency = new Float64Array(customers)
  const recency = new Float64Array(customers)
  const age = new Float64Array(customers)
  const monetary = new Float64Array(customers)
  const holdoutFrequency = new Float64Array(customers)
  const holdoutSpend = new Float64Array(customers)
  let firstPurchaseAfterCalibration = 0
  let outsideCohort = 0
  let withoutPurchase = 0
  let unregistered = 0
  let row = 0
  for (let c = 0; c < customers; c++) {
    const start = offset[c] as number
    const end = offset[c + 1] as number
    if (registered >= 0 && c >= registered) {
      unregistered++
      continue
    }
    if (start === end) {
      withoutPurchase++
      continue
    }
    sortByDay(day, amount, start, end)
    const first = day[start] as number
    if (first > calibrationDay) {
      firstPurchaseAfterCalibration++
      continue
    }
    if (first < cohortFrom || first > cohortTo) {
      outsideCohort++
      continue
    }
    // Merging same-day purchases changes the counts, not the sums: a day counts
    // once, and every amount of a repeat day adds to the repeat spend.
    let repeatDays = 0
    let lastRepeatDay = first
    let repeatSpend = 0
    let laterDays = 0
    let laterSpend = 0
    let previous = first
    for (let i = start + 1; i < end; i++) {
      const d = day[i] as number
      if (d > holdoutDay) break
      const value = amount[i] as number
      if (d === first) continue
      if (d <= calibrationDay) {
        if (d !== previous) repeatDays++
        lastRepeatDay = d
        repeatSpend += value
      } else {
        if (d !== previous) laterDays++
        laterSpend += value
      }
      previous = d
    }
    if (!Number.isSafeInteger(repeatSpend) || !Number.isSafeInteger(laterSpend)) {
      return Either.left(
        new Money.MoneyOverflowError({ operation: "summarise", currency: settings.currency }),
      )
    }
    ids.push(ledger.ids[c] as string)
    firstPurchaseDay[row] = first
    frequency[row] = repeatDays
    recency[row] = (lastRepeatDay - first) / unitDays
    age[row] = (calibrationDay - first) / unitDays
    monetary[row] = repeatDays === 0 ? 0 : repeatSpend / repeatDays
    holdoutFrequency[row] = laterDays
    holdoutSpend[row] = laterSpend
    row++
  }
  const holdout: Holdout | undefined =
    settings.holdoutEnd === undefined
      ? undefined
      : {
          end: settings.holdoutEnd,
          duration: (holdoutDay - calibrationDay) / unitDays,
          frequency: holdoutFrequency.slice(0, row),
          spend: holdoutSpend.slice(0, row),
        }
  return Either.right({
    timeUnit: settings.timeUnit,
    timeZone: settings.timeZone,
    currency: settings.currency,
    calibrationEnd: settings.calibrationEnd,
    ...(settings.cohort === undefined ? {} : { cohort: settings.cohort }),
    customerIds: ids,
    firstPurchaseDay: firstPurchaseDay.slice(0, row),
    frequency: frequency.slice(0, row),
    recency: recency.slice(0, row),
    age: age.slice(0, row),
    monetary: monetary.slice(0, row),
    ...(holdout === undefined ? {} : { holdout }),
    excluded: { firstPurchaseAfterCalibration, outsideCohort, withoutPurchase, unregistered },
  })
}

/**
 * Builds a customer base from transactions given as objects (segmentation's plain
 * transactions or decoded `Summary.Transaction`s). Purchases after the holdout end
 * (or, without a holdout, after the calibration end) are checked, then ignored —
 * except that they make a customer known, who is then counted as too new for the
 * base. A transaction with a bad field fails the whole call with a
 * `ValidationError` naming its position and field (`at` must be an instant, integer
 * epoch milliseconds; `revenue.amount` a non-negative safe integer of minor units); an
 * amount in another currency with a `CurrencyMismatchError`; a customer's spend
 * beyond the safe-integer range with a `MoneyOverflowError`. Nothing is thrown.
 *
 * @remarks
 * A negative amount (a refund) is refused rather than netted: the spend models
 * describe purchases, so refunds belong netted into their purchase before
 * summarising. A purchase worth nothing is still a purchase occasion.
 *
 * @example
 * ```ts
 * import { Summary } from "@clientele/churn"
 * import * as Either from "effect/Either"
 *
 * const base = Either.getOrThrow(
 *   Summary.fromTransactions(
 *     [
 *       { customerId: "cus-1", at: Date.UTC(1997, 0, 1), revenue: { amount: 2933, currency: "USD" } },
 *       { customerId: "cus-1", at: Date.UTC(1997, 0, 18), revenue: { amount: 1000, currency: "USD" } },
 *       { customerId: "cus-1", at: Date.UTC(1997, 0, 18, 15), revenue: { amount: 1973, currency: "USD" } }, // same day: merged
 *       { customerId: "cus-1", at: Date.UTC(1997, 11, 12), revenue: { amount: 2648, currency: "USD" } }, // holdout
 *       { customerId: "cus-2", at: Date.UTC(1997, 10, 2), revenue: { amount: 500, currency: "USD" } }, // too new
 *     ],
 *     { calibrationEnd: "1997-09-30", holdoutEnd: "1998-06-30", timeZone: "UTC", timeUnit: "weeks", currency: "USD" },
 *   ),
 * )
 * base.customerIds // ["cus-1"]
 * base.frequency[0] // 1
 * base.monetary[0] // 2973
 * base.holdout?.frequency[0] // 1
 * base.excluded.firstPurchaseAfterCalibration // 1
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromTransactions = (
  transactions: Iterable<TransactionInput>,
  options: Options,
): Either.Either<CustomerBase, BaseError> =>
  Either.flatMap(decodeSettings(options), (settings): Either.Either<CustomerBase, BaseError> => {
    const ledger = new Ledger(1024)
    const registerFailure = register(ledger, options.customers)
    if (registerFailure !== undefined) return Either.left(registerFailure)
    const zone = settings.timeZone
    let position = 0
    for (const transaction of transactions) {
      const at = transaction.at
      if (!Period.isInstant(at)) {
        return Either.left(
          invalid(
            ["transactions", position, "at"],
            `not an instant (integer epoch milliseconds): ${String(at)}`,
          ),
        )
      }
      if (!Ids.isIdString(transaction.customerId))
        return Either.left(invalid(["transactions", position, "customerId"], BAD_ID))
      const revenue = transaction.revenue
      if (!isAmount(revenue.amount))
        return Either.left(
          invalid(["transactions", position, "revenue", "amount"], badAmount(revenue.amount)),
        )
      if (revenue.currency !== settings.currency) {
        return Either.left(
          new Money.CurrencyMismatchError({
            operation: "summarise",
            left: settings.currency,
            right: revenue.currency,
          }),
        )
      }
      ledger.push(
        ledger.customerOf(transaction.customerId),
        Zone.localDayOf(zone, at),
        revenue.amount,
      )
      position++
    }
    return buildBase(settings, ledger)
  })

/**
 * Builds a customer base from columns of transactions ({@link Columns}): the fast path
 * for millions of transactions, with no object per transaction. Every column read is
 * checked (same length, customer indexes in range, instants, non-negative integer
 * amounts) and the first bad value fails the call with a `ValidationError` naming its
 * column and position; a customer's spend beyond the safe-integer range of minor
 * units fails it with a `MoneyOverflowError`. Every amount is taken to be in the
 * options' currency. The result equals {@link fromTransactions} on the same
 * transactions.
 *
 * @example
 * ```ts
 * import { Summary } from "@clientele/churn"
 * import * as Either from "effect/Either"
 *
 * const base = Either.getOrThrow(
 *   Summary.fromColumns(
 *     {
 *       customers: ["cus-1", "cus-2"],
 *       customer: Int32Array.of(0, 0, 1),
 *       at: Float64Array.of(Date.UTC(1997, 0, 1), Date.UTC(1997, 0, 18), Date.UTC(1997, 0, 1)),
 *       revenue: Int32Array.of(2933, 2973, 6334),
 *     },
 *     { calibrationEnd: "1997-09-30", timeZone: "UTC", timeUnit: "weeks", currency: "USD" },
 *   ),
 * )
 * Array.from(base.frequency) // [1, 0]
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromColumns = (
  columns: Columns,
  options: Options,
): Either.Either<CustomerBase, Errors.ValidationError | Money.MoneyOverflowError> =>
  Either.flatMap(
    decodeSettings(options),
    (settings): Either.Either<CustomerBase, Errors.ValidationError | Money.MoneyOverflowError> => {
      const n = columns.customer.length
      const ledger = new Ledger(n)
      const registerFailure = register(ledger, options.customers)
      if (registerFailure !== undefined) return Either.left(registerFailure)
      const listed = columns.customers.length
      const rowOf = new Int32Array(listed)
      const claimed = new Uint8Array(ledger.ids.length + listed)
      for (let c = 0; c < listed; c++) {
        const id = columns.customers[c]
        if (!Ids.isIdString(id)) return Either.left(invalid(["columns", "customers", c], BAD_ID))
        const row = ledger.customerOf(id)
        if (claimed[row] === 1)
          return Either.left(invalid(["columns", "customers", c], `customer ${id} is listed twice`))
        claimed[row] = 1
        rowOf[c] = row
      }
      const { customer, at, revenue } = columns
      for (const [name, column] of [
        ["at", at],
        ["revenue", revenue],
      ] as const) {
        if (column.length !== n) {
          return Either.left(
            invalid(["columns", name], `has ${column.length} entries for ${n} transactions`),
          )
        }
      }
      const zone = settings.timeZone
      for (let i = 0; i < n; i++) {
        const c = customer[i] as number
        const t = at[i] as number
        const r = revenue[i] as number
        if (!(Number.isInteger(c) && c >= 0 && c < listed))
          return Either.left(
            invalid(["columns", "customer", i], `${c} is not an index of the customer list`),
          )
        if (!Period.isInstant(t))
          return Either.left(
            invalid(["columns", "at", i], `not an instant (integer epoch milliseconds): ${t}`),
          )
        if (!isAmount(r)) return Either.left(invalid(["columns", "revenue", i], badAmount(r)))
        ledger.push(rowOf[c] as number, Zone.localDayOf(zone, t), r)
      }
      return buildBase(settings, ledger)
    },
  )

/**
 * Customer `index` of a base as a plain object, with its first purchase as a civil
 * date and its holdout spend as exact money.
 *
 * @example
 * ```ts
 * import { Summary } from "@clientele/churn"
 * import * as Either from "effect/Either"
 *
 * const base = Either.getOrThrow(
 *   Summary.fromTransactions(
 *     [{ customerId: "cus-1", at: Date.UTC(1997, 0, 1), revenue: { amount: 2933, currency: "USD" } }],
 *     { calibrationEnd: "1997-09-30", timeZone: "UTC", timeUnit: "days", currency: "USD" },
 *   ),
 * )
 * Summary.customerAt(base, 0) // { customerId: "cus-1", firstPurchase: "1997-01-01", frequency: 0, recency: 0, age: 272, monetary: 0 }
 * ```
 *
 * @since 0.1.0
 * @category reports
 */
export const customerAt = (base: CustomerBase, index: number): CustomerRow => {
  const holdout = base.holdout
  return {
    customerId: base.customerIds[index] as string,
    firstPurchase: Period.CivilDate.make(Civil.format(base.firstPurchaseDay[index] as number)),
    frequency: base.frequency[index] as number,
    recency: base.recency[index] as number,
    age: base.age[index] as number,
    monetary: base.monetary[index] as number,
    ...(holdout === undefined
      ? {}
      : {
          holdoutFrequency: holdout.frequency[index] as number,
          holdoutSpend: Money.make(holdout.spend[index] as number, base.currency),
        }),
  }
}

/**
 * A base compressed to its distinct `(x, t_x, T)` rows: `frequency`, `recency` and
 * `age` of each distinct row (in order of first appearance), `weight` — how many
 * customers share it — and `rowOf`, the distinct row of each customer.
 *
 * @example
 * ```ts
 * import type { Summary } from "@clientele/churn"
 *
 * declare const rows: Summary.DistinctRows
 * rows.weight[rows.rowOf[0] as number] // customers sharing customer 0's pattern
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface DistinctRows {
  readonly frequency: Float64Array
  readonly recency: Float64Array
  readonly age: Float64Array
  readonly weight: Float64Array
  readonly rowOf: Int32Array
}

/** The high word of -0 (its low word is 0). */
const NEGATIVE_ZERO_HIGH = 0x80000000

/** How many customers a partition of {@link distinctRows} holds at most, on average. */
const PARTITION_ROWS = 8192

/** A column as doubles: the column itself when it is a `Float64Array`, a copy otherwise. */
const doublesOf = (column: ArrayLike<number>): Float64Array =>
  column instanceof Float64Array ? column : Float64Array.from(column)

/**
 * A 32-bit hash of a row's three doubles given as their low and high 32-bit words: a
 * multiply–xorshift round per word, then murmur3's finaliser, so that every input bit
 * reaches both the top bits that choose the partition and the low bits that choose
 * the slot.
 */
const hashRow = (
  w0: number,
  high0: number,
  w2: number,
  high2: number,
  w4: number,
  high4: number,
): number => {
  // -0 differs from 0 in its high word only: hash it as 0, since it equals 0.
  const w1 = w0 === 0 && high0 === NEGATIVE_ZERO_HIGH ? 0 : high0
  const w3 = w2 === 0 && high2 === NEGATIVE_ZERO_HIGH ? 0 : high2
  const w5 = w4 === 0 && high4 === NEGATIVE_ZERO_HIGH ? 0 : high4
  let h = 0x9747b28c
  h = Math.imul(h ^ w0, 0x9e3779b1)
  h ^= h >>> 15
  h = Math.imul(h ^ w1, 0x9e3779b1)
  h ^= h >>> 15
  h = Math.imul(h ^ w2, 0x9e3779b1)
  h ^= h >>> 15
  h = Math.imul(h ^ w3, 0x9e3779b1)
  h ^= h >>> 15
  h = Math.imul(h ^ w4, 0x9e3779b1)
  h ^= h >>> 15
  h = Math.imul(h ^ w5, 0x9e3779b1)
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  return h ^ (h >>> 16)
}

/**
 * Merges the customers with equal `(x, t_x, T)` into distinct rows with integer
 * weights, the compressed input of the model fitters (BTYD's `dc.compress.cbs`,
 * lifetimes' `weights`): a likelihood summed over distinct rows times their weights
 * equals the one summed over customers, at a fraction of the cost when patterns
 * repeat (CDNOW's 2,357 customers have 1,016 patterns). The three columns must have
 * the same length and hold finite numbers; otherwise a `ValidationError` names the
 * column (and the row).
 *
 * @remarks
 * Values are compared exactly (`-0` equals `0`). Rows are hashed from the bits of
 * their doubles, partitioned by hash so that each partition's open-addressing table
 * stays in the processor's cache, and deduplicated there — no string keys, no `Map`:
 * a million customers, all distinct, take a few dozen milliseconds.
 *
 * @example
 * ```ts
 * import { Summary } from "@clientele/churn"
 * import * as Either from "effect/Either"
 *
 * const rows = Either.getOrThrow(
 *   Summary.distinctRows(Float64Array.of(0, 2, 0), Float64Array.of(0, 30.43, 0), Float64Array.of(38.86, 38.86, 38.86)),
 * )
 * Array.from(rows.weight) // [2, 1]
 * Array.from(rows.rowOf) // [0, 1, 0]
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const distinctRows = (
  frequency: ArrayLike<number>,
  recency: ArrayLike<number>,
  age: ArrayLike<number>,
): Either.Either<DistinctRows, Errors.ValidationError> => {
  const n = frequency.length
  if (recency.length !== n)
    return Either.left(invalid(["recency"], `has ${recency.length} entries for ${n} customers`))
  if (age.length !== n)
    return Either.left(invalid(["age"], `has ${age.length} entries for ${n} customers`))
  const columns = [
    ["frequency", doublesOf(frequency)],
    ["recency", doublesOf(recency)],
    ["age", doublesOf(age)],
  ] as const
  for (const [name, column] of columns) {
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(column[i] as number))
        return Either.left(invalid([name, i], `not a finite number: ${column[i]}`))
    }
  }
  const [[, xs], [, txs], [, Ts]] = columns
  const x = new Uint32Array(xs.buffer, xs.byteOffset, 2 * n)
  const tx = new Uint32Array(txs.buffer, txs.byteOffset, 2 * n)
  const T = new Uint32Array(Ts.buffer, Ts.byteOffset, 2 * n)
  const hashes = new Int32Array(n)
  for (let i = 0; i < n; i++) {
    const w = 2 * i
    hashes[i] = hashRow(
      x[w] as number,
      x[w + 1] as number,
      tx[w] as number,
      tx[w + 1] as number,
      T[w] as number,
      T[w + 1] as number,
    )
  }
  // Partition the customers by the top bits of their hash (a stable counting sort),
  // so that each partition's table stays in the processor's cache: one big table
  // would cost a cache miss per customer.
  let bits = 0
  while ((1 << bits) * PARTITION_ROWS < n && bits < 16) bits++
  const partitions = 1 << bits
  const shift = 32 - bits
  const offset = new Int32Array(partitions + 1)
  for (let i = 0; i < n; i++) {
    const p = bits === 0 ? 0 : (hashes[i] as number) >>> shift
    offset[p + 1] = (offset[p + 1] as number) + 1
  }
  let largest = 0
  for (let p = 0; p < partitions; p++) {
    largest = Math.max(largest, offset[p + 1] as number)
    offset[p + 1] = (offset[p + 1] as number) + (offset[p] as number)
  }
  const cursor = offset.slice(0, partitions)
  const order = new Int32Array(n)
  for (let i = 0; i < n; i++) {
    const p = bits === 0 ? 0 : (hashes[i] as number) >>> shift
    const k = cursor[p] as number
    order[k] = i
    cursor[p] = k + 1
  }
  let size = 16
  while (size < 2 * largest) size *= 2
  const mask = size - 1
  // Slot s holds at 2s the first customer of its row + 1 (0: empty) and at 2s + 1
  // the row's hash: most probes of a taken slot end on a hash mismatch without
  // reading the customer's values.
  const table = new Int32Array(2 * size)
  // Each customer's first customer with the same row (itself when it is the first).
  const first = new Int32Array(n)
  for (let p = 0; p < partitions; p++) {
    table.fill(0)
    const end = offset[p + 1] as number
    for (let k = offset[p] as number; k < end; k++) {
      const i = order[k] as number
      const hash = hashes[i] as number
      let slot = hash & mask
      for (;;) {
        const entry = table[2 * slot] as number
        if (entry === 0) {
          table[2 * slot] = i + 1
          table[2 * slot + 1] = hash
          first[i] = i
          break
        }
        const j = entry - 1
        // Compared as numbers, so -0 equals 0 (the hash reads -0 as 0 too).
        if (
          table[2 * slot + 1] === hash &&
          xs[j] === xs[i] &&
          txs[j] === txs[i] &&
          Ts[j] === Ts[i]
        ) {
          // Partitions keep the customers' order, so `j` is the row's first customer.
          first[i] = j
          break
        }
        slot = (slot + 1) & mask
      }
    }
  }
  // Number the rows in order of first appearance: a row's first customer comes
  // before the others, so their number is known when they are met.
  const rowOf = new Int32Array(n)
  let distinct = 0
  for (let i = 0; i < n; i++) {
    const j = first[i] as number
    rowOf[i] = j === i ? distinct++ : (rowOf[j] as number)
  }
  const distinctFrequency = new Float64Array(distinct)
  const distinctRecency = new Float64Array(distinct)
  const distinctAge = new Float64Array(distinct)
  const weight = new Float64Array(distinct)
  for (let i = 0; i < n; i++) {
    const d = rowOf[i] as number
    weight[d] = (weight[d] as number) + 1
    if (first[i] === i) {
      distinctFrequency[d] = (xs[i] as number) + 0
      distinctRecency[d] = (txs[i] as number) + 0
      distinctAge[d] = (Ts[i] as number) + 0
    }
  }
  return Either.right({
    frequency: distinctFrequency,
    recency: distinctRecency,
    age: distinctAge,
    weight,
    rowOf,
  })
}
