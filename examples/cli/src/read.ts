/**
 * Reads a transaction file into columns, line by line as the bytes arrive, so that
 * a file of millions of purchases is never held as text or as one object per row.
 * Two shapes are read:
 *
 * - **CSV with a header** (`customer_id,date,amount[,category][,contribution]`, the
 *   names configurable): RFC 4180 fields, quotes included; a date is a civil date
 *   (`2024-03-01`, taken at midnight in the zone), a wall-clock time in the zone
 *   (`2024-03-01 14:30`) or an instant with its offset (`2024-03-01T14:30:00Z`);
 *   amounts are plain decimals in the currency (`19.99`).
 * - **CDNOW** (the customer-base literature's standard sample): whitespace-separated,
 *   no header, `[master id] customer id, date YYYYMMDD, quantity, dollar value`.
 *
 * Every bad value stops the reading with an {@link InputError} naming the line and
 * the column, before anything is computed: a report built from a file with a
 * silently skipped row would be wrong in a way nobody could see.
 */
import { Civil, Ids, Money, Zone } from "@clientele/core"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"

/** The two shapes of input. */
export type Format = "csv" | "cdnow"

/** The header names of the CSV columns. */
export interface ColumnNames {
  readonly customer: string
  readonly date: string
  readonly amount: string
  /** Read when the header has it (a dependence measure for the loyalty matrix). */
  readonly category: string
  /** Read when the header has it (the margin that tiers and ABCD rank on). */
  readonly contribution: string
  /** The optional columns named on the command line: those must be in the header. */
  readonly required: ReadonlyArray<"category" | "contribution">
}

/** The names read when none are given. */
export const defaultColumns: ColumnNames = {
  customer: "customer_id",
  date: "date",
  amount: "amount",
  category: "category",
  contribution: "contribution",
  required: [],
}

/** How to read a file. */
export interface ReadOptions {
  /** The name messages give the input: the file's path, or `stdin`. */
  readonly source: string
  /** `auto` looks at the first line: CDNOW when it is whitespace-separated with a YYYYMMDD date. */
  readonly format: Format | "auto"
  /** The ISO 4217 currency every amount is in. */
  readonly currency: Money.CurrencyCode
  /** The IANA zone in which dates without an offset are read. */
  readonly zone: string
  readonly columns: ColumnNames
}

/**
 * The transactions read, as columns indexed alike: `customer[i]` indexes
 * `customers` (in order of first appearance), `amount[i]` is in minor units of the
 * currency, `category[i]` indexes `categories`. `firstDay` and `lastDay` are the day
 * numbers (`Civil`) of the earliest and latest transaction in the zone.
 */
export interface Transactions {
  readonly source: string
  readonly format: Format
  readonly currency: Money.CurrencyCode
  readonly zone: string
  readonly lines: number
  readonly customers: ReadonlyArray<string>
  readonly customer: Int32Array
  readonly at: Float64Array
  /** The day number (`Civil`) of each transaction in the zone. */
  readonly day: Int32Array
  readonly amount: Float64Array
  /** Present when the file has a contribution column. */
  readonly contribution: Float64Array | undefined
  readonly categories: ReadonlyArray<string>
  /** Present when the file has a category column. */
  readonly category: Int32Array | undefined
  readonly firstDay: number
  readonly lastDay: number
}

/** A line of the input that cannot be read, or an input without transactions. */
export class InputError extends Schema.TaggedError<InputError>()("InputError", {
  source: Schema.String,
  line: Schema.optional(Schema.Number),
  column: Schema.optional(Schema.String),
  reason: Schema.String,
}) {
  override get message(): string {
    const where = this.line === undefined ? "" : `:${this.line}`
    const column = this.column === undefined ? "" : ` column ${this.column}:`
    return `${this.source}${where}:${column} ${this.reason}`
  }
}

/** A column of numbers that grows by doubling. */
class GrowingColumn {
  values = new Float64Array(1024)
  length = 0
  push(value: number): void {
    if (this.length === this.values.length) {
      const larger = new Float64Array(this.values.length * 2)
      larger.set(this.values)
      this.values = larger
    }
    this.values[this.length++] = value
  }
  toFloat64(): Float64Array {
    return this.values.slice(0, this.length)
  }
  toInt32(): Int32Array {
    return Int32Array.from(this.values.subarray(0, this.length))
  }
}

/** Where each column is in a CSV row, from the header. */
interface CsvLayout {
  readonly fields: number
  readonly customer: number
  readonly date: number
  readonly amount: number
  readonly category: number | undefined
  readonly contribution: number | undefined
  /** The column names as the header spells them, for messages. */
  readonly names: ReadonlyArray<string>
}

/** A value read, or why it cannot be. */
type Read<A> =
  | { readonly ok: true; readonly value: A }
  | { readonly ok: false; readonly reason: string }
const ok = <A>(value: A): Read<A> => ({ ok: true, value })
const bad = (reason: string): Read<never> => ({ ok: false, reason })

/**
 * Splits one CSV line into its fields (RFC 4180): fields are separated by commas,
 * a field in double quotes may hold commas and doubled quotes; spaces around an
 * unquoted field are dropped. A quoted field left open is an error: a line break
 * inside a field is not supported.
 */
export const splitCsvLine = (line: string): Read<ReadonlyArray<string>> => {
  const fields: Array<string> = []
  let i = 0
  for (;;) {
    while (line[i] === " " || line[i] === "\t") i++
    if (line[i] === '"') {
      let value = ""
      i++
      for (;;) {
        const quote = line.indexOf('"', i)
        if (quote < 0) return bad("a quoted field is not closed on its line")
        value += line.slice(i, quote)
        if (line[quote + 1] === '"') {
          value += '"'
          i = quote + 2
        } else {
          i = quote + 1
          break
        }
      }
      while (line[i] === " " || line[i] === "\t") i++
      if (i < line.length && line[i] !== ",")
        return bad(`unexpected text after the quoted field ${JSON.stringify(value)}`)
      fields.push(value)
    } else {
      const comma = line.indexOf(",", i)
      const end = comma < 0 ? line.length : comma
      fields.push(line.slice(i, end).trim())
      i = end
    }
    if (i >= line.length) return ok(fields)
    i++ // past the comma
  }
}

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})$/
const HOUR_MS = 3_600_000
const MINUTE_MS = 60_000

/**
 * The instant of a date in a file: a civil date (`2024-03-01` or `20240301`) is
 * midnight in `zone`; a wall-clock time without an offset is read in `zone`; a time
 * with `Z` or an offset (`+08:00`) is that instant wherever the zone.
 */
export const parseInstant = (text: string, zone: string): Read<number> => {
  const compact = COMPACT_DATE.exec(text)
  const match = compact ?? DATE_TIME.exec(text)
  if (match === null)
    return bad(
      `${JSON.stringify(text)} is not a date (2024-03-01, 20240301, 2024-03-01 14:30 or 2024-03-01T14:30:00Z)`,
    )
  const [, year, month, dayOfMonth, hours, minutes, seconds, fraction, offset] = match
  const day = Civil.parse(`${year}-${month}-${dayOfMonth}`)
  if (day === undefined) return bad(`${JSON.stringify(text)} is not a day of the calendar`)
  if (hours === undefined || minutes === undefined) return ok(Zone.firstInstantOfDay(zone, day))
  const h = Number(hours)
  const m = Number(minutes)
  const s = seconds === undefined ? 0 : Number(seconds)
  if (h > 23 || m > 59 || s > 59) return bad(`${JSON.stringify(text)} is not a time of day`)
  const local =
    day * Civil.dayMs +
    h * HOUR_MS +
    m * MINUTE_MS +
    s * 1000 +
    (fraction === undefined ? 0 : Number(fraction.padEnd(3, "0")))
  if (offset === undefined) return ok(Zone.instantOf(zone, local))
  if (offset === "Z") return ok(local)
  const sign = offset.startsWith("-") ? -1 : 1
  const digits = offset.slice(1).replace(":", "")
  const offsetHours = Number(digits.slice(0, 2))
  const offsetMinutes = Number(digits.slice(2))
  if (offsetHours > 18 || offsetMinutes > 59)
    return bad(`${JSON.stringify(text)} has an impossible UTC offset`)
  return ok(local - sign * (offsetHours * HOUR_MS + offsetMinutes * MINUTE_MS))
}

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?$/

/**
 * An amount of minor units from a plain decimal in the currency (`19.99` in USD is
 * 1999; `1999` in JPY is 1999), exactly: the digits are read as an integer, never
 * through a binary fraction. It accepts what `Money.fromDecimal` accepts and gives
 * the same amount (the tests check it), without decoding the currency code again
 * for every row of a file.
 */
export const parseAmount = (
  text: string,
  currency: Money.CurrencyCode,
  refunds: "refused" | "allowed",
): Read<number> => {
  const match = DECIMAL.exec(text)
  if (match === null) return bad(`${JSON.stringify(text)} is not a decimal number such as "19.99"`)
  const [, sign = "", whole = "0", fraction = ""] = match
  const digits = Money.minorUnits(currency)
  if (fraction.length > digits)
    return bad(
      `${JSON.stringify(text)} has ${fraction.length} decimals but ${currency} has ${digits}`,
    )
  // Beyond 2^53 a number is rounded, and no longer a safe integer.
  const magnitude = Number(whole + fraction.padEnd(digits, "0"))
  if (!Number.isSafeInteger(magnitude))
    return bad(`${JSON.stringify(text)} is too large to be held exactly`)
  if (sign === "-" && magnitude > 0) {
    if (refunds === "refused")
      return bad(
        `${JSON.stringify(text)} is negative: net refunds into the purchases they refund before segmenting`,
      )
    return ok(-magnitude)
  }
  return ok(magnitude)
}

/**
 * The reader's state between lines: the format and layout found on the first line,
 * the customers and categories met, and the columns filled so far.
 */
export class TransactionParser {
  private lineNumber = 0
  private format: Format | undefined
  private layout: CsvLayout | undefined
  private readonly customerIndex = new Map<string, number>()
  private readonly customers: Array<string> = []
  private readonly categoryIndex = new Map<string, number>()
  private readonly categories: Array<string> = []
  private readonly customer = new GrowingColumn()
  private readonly at = new GrowingColumn()
  private readonly day = new GrowingColumn()
  private readonly amount = new GrowingColumn()
  private readonly contribution = new GrowingColumn()
  private readonly category = new GrowingColumn()
  /** Dates without a time of day, read once each: a file repeats the same few thousand. */
  private readonly dates = new Map<string, { readonly at: number; readonly day: number }>()
  private firstDay = Number.POSITIVE_INFINITY
  private lastDay = Number.NEGATIVE_INFINITY

  constructor(private readonly options: ReadOptions) {
    if (options.format !== "auto") this.format = options.format
  }

  /** How many lines have been read. */
  get lines(): number {
    return this.lineNumber
  }

  /** Reads the next line (without its line break); returns the error that stops the reading. */
  push(raw: string): InputError | undefined {
    this.lineNumber++
    let line = raw.endsWith("\r") ? raw.slice(0, -1) : raw
    if (this.lineNumber === 1 && line.startsWith("\uFEFF")) line = line.slice(1)
    if (line.trim() === "") return undefined
    if (this.format === undefined) this.format = detectFormat(line)
    if (this.format === "cdnow") return this.cdnowRow(line)
    if (this.layout === undefined) return this.header(line)
    return this.csvRow(line)
  }

  /** The transactions read, or an error when there are none. */
  finish(): Either.Either<Transactions, InputError> {
    if (this.at.length === 0) {
      return Either.left(
        new InputError({
          source: this.options.source,
          reason:
            this.layout === undefined
              ? `no transactions: the input is empty (${this.lineNumber} lines)`
              : "no transactions: the file has a header and no rows",
        }),
      )
    }
    const layout = this.layout
    return Either.right({
      source: this.options.source,
      format: this.format ?? "csv",
      currency: this.options.currency,
      zone: this.options.zone,
      lines: this.lineNumber,
      customers: this.customers,
      customer: this.customer.toInt32(),
      at: this.at.toFloat64(),
      day: this.day.toInt32(),
      amount: this.amount.toFloat64(),
      contribution: layout?.contribution === undefined ? undefined : this.contribution.toFloat64(),
      categories: this.categories,
      category: layout?.category === undefined ? undefined : this.category.toInt32(),
      firstDay: this.firstDay,
      lastDay: this.lastDay,
    })
  }

  private fail(reason: string, column?: string): InputError {
    return new InputError({
      source: this.options.source,
      line: this.lineNumber,
      ...(column === undefined ? {} : { column }),
      reason,
    })
  }

  private header(line: string): InputError | undefined {
    const split = splitCsvLine(line)
    if (!split.ok) return this.fail(split.reason)
    const names = split.value
    const lower = names.map((name) => name.toLowerCase())
    const find = (name: string) => {
      const index = lower.indexOf(name.toLowerCase())
      return index < 0 ? undefined : index
    }
    const { columns } = this.options
    const missing: Array<string> = []
    const required = (name: string) => {
      const index = find(name)
      if (index === undefined) missing.push(name)
      return index ?? -1
    }
    const customer = required(columns.customer)
    const date = required(columns.date)
    const amount = required(columns.amount)
    for (const optional of columns.required)
      if (find(columns[optional]) === undefined) missing.push(columns[optional])
    if (missing.length > 0) {
      const looksLikeData = names.some((name) => /^\d/.test(name))
      return this.fail(
        `the header has no column ${missing.map((name) => JSON.stringify(name)).join(", ")} (it has ${names.map((name) => JSON.stringify(name)).join(", ")})${looksLikeData ? "; a CSV file needs a header line, and a CDNOW file is whitespace-separated (--format cdnow)" : "; name the columns with --customer-column, --date-column and --amount-column"}`,
      )
    }
    this.layout = {
      fields: names.length,
      customer,
      date,
      amount,
      category: find(columns.category),
      contribution: find(columns.contribution),
      names,
    }
    return undefined
  }

  private csvRow(line: string): InputError | undefined {
    const layout = this.layout as CsvLayout
    const split = splitCsvLine(line)
    if (!split.ok) return this.fail(split.reason)
    const fields = split.value
    if (fields.length !== layout.fields)
      return this.fail(`has ${fields.length} fields where the header has ${layout.fields}`)
    const name = (index: number) => `${index + 1} (${layout.names[index]})`
    const field = (index: number) => fields[index] ?? ""
    const { currency } = this.options
    const customer = field(layout.customer)
    if (!Ids.isIdString(customer))
      return this.fail(
        "a customer id must be 1 to 256 characters without control characters",
        name(layout.customer),
      )
    const at = this.instantOf(field(layout.date))
    if (!at.ok) return this.fail(at.reason, name(layout.date))
    const amount = parseAmount(field(layout.amount), currency, "refused")
    if (!amount.ok) return this.fail(amount.reason, name(layout.amount))
    let contribution = amount.value
    if (layout.contribution !== undefined) {
      // A margin can be negative (a loss-making order); only revenue must not be.
      const margin = parseAmount(field(layout.contribution), currency, "allowed")
      if (!margin.ok) return this.fail(margin.reason, name(layout.contribution))
      contribution = margin.value
    }
    let category = -1
    if (layout.category !== undefined) {
      const text = field(layout.category)
      if (text === "") return this.fail("the category is empty", name(layout.category))
      category = this.categoryOf(text)
    }
    this.add(customer, at.value.at, at.value.day, amount.value, contribution, category)
    return undefined
  }

  private cdnowRow(line: string): InputError | undefined {
    const fields = line.trim().split(/\s+/)
    if (fields.length !== 4 && fields.length !== 5)
      return this.fail(
        `has ${fields.length} fields; a CDNOW line has 4 or 5, separated by spaces: [master id] customer id, date YYYYMMDD, quantity, dollar value`,
      )
    // With five fields the first is the id in the full data set; the sample's own
    // id follows, and is the one its published summaries use.
    const offset = fields.length - 4
    const name = (index: number, what: string) => `${index + offset + 1} (${what})`
    const [customer = "", date = "", quantity = "", dollars = ""] = fields.slice(offset)
    if (!COMPACT_DATE.test(date))
      return this.fail(`${JSON.stringify(date)} is not a date YYYYMMDD`, name(1, "date"))
    const at = this.instantOf(date)
    if (!at.ok) return this.fail(at.reason, name(1, "date"))
    if (!/^\d+$/.test(quantity))
      return this.fail(
        `${JSON.stringify(quantity)} is not a whole number of items`,
        name(2, "quantity"),
      )
    const amount = parseAmount(dollars, this.options.currency, "refused")
    if (!amount.ok) return this.fail(amount.reason, name(3, "amount"))
    if (!Ids.isIdString(customer))
      return this.fail("a customer id must be 1 to 256 characters", name(0, "customer"))
    this.add(customer, at.value.at, at.value.day, amount.value, amount.value, -1)
    return undefined
  }

  private instantOf(text: string): Read<{ readonly at: number; readonly day: number }> {
    const known = this.dates.get(text)
    if (known !== undefined) return ok(known)
    const read = parseInstant(text, this.options.zone)
    if (!read.ok) return read
    const instant = { at: read.value, day: Zone.localDayOf(this.options.zone, read.value) }
    if (text.length <= 10) this.dates.set(text, instant)
    return ok(instant)
  }

  private categoryOf(name: string): number {
    let index = this.categoryIndex.get(name)
    if (index === undefined) {
      index = this.categories.length
      this.categories.push(name)
      this.categoryIndex.set(name, index)
    }
    return index
  }

  private add(
    customerId: string,
    at: number,
    day: number,
    amount: number,
    contribution: number,
    category: number,
  ): void {
    let index = this.customerIndex.get(customerId)
    if (index === undefined) {
      index = this.customers.length
      this.customers.push(customerId)
      this.customerIndex.set(customerId, index)
    }
    this.customer.push(index)
    this.at.push(at)
    this.amount.push(amount)
    this.contribution.push(contribution)
    this.category.push(category)
    this.day.push(day)
    if (day < this.firstDay) this.firstDay = day
    if (day > this.lastDay) this.lastDay = day
  }
}

/** CDNOW when the first line is 4 or 5 whitespace-separated fields with a YYYYMMDD date. */
export const detectFormat = (firstLine: string): Format => {
  const fields = firstLine.trim().split(/\s+/)
  if (fields.length !== 4 && fields.length !== 5) return "csv"
  return COMPACT_DATE.test(fields[fields.length - 3] ?? "") ? "cdnow" : "csv"
}

/** Reads a whole text at once: the same parser as {@link readTransactions}. */
export const parseText = (
  text: string,
  options: ReadOptions,
): Either.Either<Transactions, InputError> => {
  const parser = new TransactionParser(options)
  const lines = text.split("\n")
  // A final line break ends the last line rather than starting an empty one.
  if (lines[lines.length - 1] === "") lines.pop()
  for (const line of lines) {
    const failure = parser.push(line)
    if (failure !== undefined) return Either.left(failure)
  }
  return parser.finish()
}

const concat = (head: Uint8Array, tail: Uint8Array): Uint8Array => {
  const joined = new Uint8Array(head.length + tail.length)
  joined.set(head)
  joined.set(tail, head.length)
  return joined
}

const NEWLINE = 0x0a

/**
 * Reads chunks of UTF-8 (a file stream, stdin) line by line, reporting the bytes
 * and lines read after each chunk. Lines are cut on the bytes (a newline byte is
 * never part of a multi-byte character) and each is decoded on its own, so that
 * bytes that are not UTF-8 are reported on their line. It stops at the first bad
 * line, which closes the stream.
 */
export const readTransactions = async (
  chunks: AsyncIterable<Uint8Array>,
  options: ReadOptions,
  onProgress: (bytes: number, lines: number) => void = () => undefined,
): Promise<Either.Either<Transactions, InputError>> => {
  const parser = new TransactionParser(options)
  const decoder = new TextDecoder("utf-8", { fatal: true })
  const push = (line: Uint8Array): InputError | undefined => {
    let text: string
    try {
      text = decoder.decode(line)
    } catch {
      return new InputError({
        source: options.source,
        line: parser.lines + 1,
        reason: "is not UTF-8 text",
      })
    }
    return parser.push(text)
  }
  // The bytes of a line that the next chunk finishes.
  let pending: Uint8Array | undefined
  let bytes = 0
  for await (const chunk of chunks) {
    bytes += chunk.byteLength
    let start = 0
    for (let end = chunk.indexOf(NEWLINE); end >= 0; end = chunk.indexOf(NEWLINE, start)) {
      const piece = chunk.subarray(start, end)
      const failure = push(pending === undefined ? piece : concat(pending, piece))
      if (failure !== undefined) return Either.left(failure)
      pending = undefined
      start = end + 1
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start)
      pending = pending === undefined ? rest.slice() : concat(pending, rest)
    }
    onProgress(bytes, parser.lines)
  }
  if (pending !== undefined) {
    const failure = push(pending)
    if (failure !== undefined) return Either.left(failure)
  }
  onProgress(bytes, parser.lines)
  return parser.finish()
}
