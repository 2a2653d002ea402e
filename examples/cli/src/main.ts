#!/usr/bin/env node
/**
 * `clientele-segment`: segments a transaction file and prints tiers, ABCD classes,
 * RFM segments, the loyalty matrix and churn risk. This module reads the command
 * line (with `node:util`'s `parseArgs`), wires the reader, the report and the
 * renderer together, and decides the exit code: 0 for a report, 1 when the data
 * cannot be read or analysed (the message names the line and column), 2 when the
 * command line is wrong. Messages are one line on stderr, never a stack trace.
 */
import { createReadStream, fstatSync, realpathSync } from "node:fs"
import { stat } from "node:fs/promises"
import { fileURLToPath } from "node:url"
import { parseArgs } from "node:util"
import { Civil, Money, Zone } from "@clientele/core"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as Progress from "./progress.js"
import { type ColumnNames, defaultColumns, type Format, readTransactions } from "./read.js"
import { renderJson, renderText } from "./render.js"
import { buildReport, type ReportOptions } from "./report.js"

const PROGRAM = "clientele-segment"

/** Exit codes, as the help text documents them. */
export const ExitCode = { ok: 0, data: 1, usage: 2 } as const

/** A command line that cannot be run. */
export class UsageError extends Schema.TaggedError<UsageError>()("UsageError", {
  reason: Schema.String,
}) {
  override get message(): string {
    return this.reason
  }
}

/** What the command line asks for. */
export type Command =
  | { readonly _tag: "Help" }
  | {
      readonly _tag: "Run"
      /** A path, or `-` for stdin. */
      readonly file: string
      readonly format: Format | "auto"
      readonly currency: Money.CurrencyCode
      readonly zone: string
      readonly columns: ColumnNames
      readonly report: ReportOptions
      readonly json: boolean
      readonly quiet: boolean
    }

export const usage = `Usage: ${PROGRAM} [options] <file.csv | file.txt | ->

Segments a transaction file and prints tiers, ABCD classes, RFM segments, the
loyalty matrix and churn risk (BG/NBD). "-" reads stdin.

Input (a header CSV, or the CDNOW sample format; detected from the first line):
  --format auto|csv|cdnow     the file's shape (default auto)
                              csv: a header line, then customer_id,date,amount[,category][,contribution]
                              cdnow: no header, whitespace-separated:
                                [master id] customer id, YYYYMMDD, quantity, dollar value
  --customer-column NAME      CSV column of the customer id (default customer_id)
  --date-column NAME          CSV column of the date (default date): 2024-03-01,
                              20240301, 2024-03-01 14:30, or 2024-03-01T14:30:00Z
  --amount-column NAME        CSV column of the amount, a plain decimal (default amount)
  --category-column NAME      CSV column of the category (default category, if present)
  --contribution-column NAME  CSV column of the margin (default contribution, if present)
  --currency CODE             ISO 4217 currency of the amounts (default USD)
  --zone ZONE                 IANA time zone of the dates (default UTC)

Analysis:
  --period FROM..TO           the statistics period, TO exclusive (default: the span
                              of the data), e.g. 2024-01-01..2025-01-01
  --tiers three-tiers|stars   the tier scheme (default three-tiers)
  --holdout WEEKS             hold out the last WEEKS of the period to check the churn
                              model's forecast; the model learns from what precedes
  --calibration-end DATE      the last day the churn model learns from (instead of
                              --holdout); later days are the holdout
  --unit weeks|days           the churn model's time unit (default weeks)
  --top N                     how many at-risk customers to list (default 10)

Output:
  --json                      print the report as JSON instead of tables
  --quiet                     no progress bar (it is drawn on stderr, on a terminal only)
  -h, --help                  print this help

Exit codes: 0 report printed; 1 the data cannot be read or analysed (the message
names the line and column); 2 the command line is wrong or the file cannot be opened.

Examples:
  ${PROGRAM} --holdout 39 CDNOW_sample.txt
  ${PROGRAM} --currency EUR --zone Europe/Berlin --period 2024-01-01..2025-01-01 sales.csv
  cat sales.csv | ${PROGRAM} --json - > report.json
`

const options = {
  format: { type: "string" },
  currency: { type: "string", default: "USD" },
  zone: { type: "string", default: "UTC" },
  period: { type: "string" },
  tiers: { type: "string", default: "three-tiers" },
  holdout: { type: "string" },
  "calibration-end": { type: "string" },
  unit: { type: "string", default: "weeks" },
  top: { type: "string", default: "10" },
  json: { type: "boolean", default: false },
  quiet: { type: "boolean", default: false },
  "customer-column": { type: "string" },
  "date-column": { type: "string" },
  "amount-column": { type: "string" },
  "category-column": { type: "string" },
  "contribution-column": { type: "string" },
  help: { type: "boolean", short: "h", default: false },
} as const

const oneOf = <const A extends string>(
  flag: string,
  value: string,
  choices: ReadonlyArray<A>,
): Either.Either<A, UsageError> => {
  const found = choices.find((choice) => choice === value)
  return found === undefined
    ? Either.left(
        new UsageError({
          reason: `--${flag} must be one of ${choices.join(", ")}, got "${value}"`,
        }),
      )
    : Either.right(found)
}

const wholeNumber = (
  flag: string,
  value: string,
  least: number,
): Either.Either<number, UsageError> => {
  const n = /^\d+$/.test(value) ? Number(value) : Number.NaN
  return Number.isSafeInteger(n) && n >= least
    ? Either.right(n)
    : Either.left(
        new UsageError({
          reason: `--${flag} must be a whole number of at least ${least}, got "${value}"`,
        }),
      )
}

const civilDate = (flag: string, value: string): Either.Either<string, UsageError> =>
  Civil.parse(value) === undefined
    ? Either.left(new UsageError({ reason: `--${flag}: "${value}" is not a date YYYY-MM-DD` }))
    : Either.right(value)

const periodOf = (
  value: string | undefined,
): Either.Either<ReportOptions["period"], UsageError> => {
  if (value === undefined) return Either.right(undefined)
  const [from, to, ...rest] = value.split("..")
  if (from === undefined || to === undefined || rest.length > 0)
    return Either.left(
      new UsageError({
        reason: `--period must be FROM..TO, such as 2024-01-01..2025-01-01, got "${value}"`,
      }),
    )
  return Either.gen(function* () {
    yield* civilDate("period", from)
    yield* civilDate("period", to)
    if (from >= to)
      return yield* Either.left(
        new UsageError({
          reason: `--period ${value}: the end (exclusive) must be after the start`,
        }),
      )
    return { from, to }
  })
}

const optional = <A>(
  value: string | undefined,
  read: (value: string) => Either.Either<A, UsageError>,
): Either.Either<A | undefined, UsageError> =>
  value === undefined ? Either.right(undefined) : read(value)

/** Reads the command line (without `node` and the script), or says what is wrong with it. */
export const parseCommandLine = (
  args: ReadonlyArray<string>,
): Either.Either<Command, UsageError> => {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>
  try {
    parsed = parseArgs({ args: [...args], options, allowPositionals: true, strict: true })
  } catch (error) {
    return Either.left(
      new UsageError({ reason: error instanceof Error ? error.message : String(error) }),
    )
  }
  const { values, positionals } = parsed
  if (values.help) return Either.right({ _tag: "Help" })
  return Either.gen(function* () {
    if (positionals.length !== 1)
      return yield* Either.left(
        new UsageError({
          reason:
            positionals.length === 0
              ? "name the file to read, or - for stdin"
              : `one file at a time, got ${positionals.length}: ${positionals.join(" ")}`,
        }),
      )
    const currency = yield* Either.mapLeft(
      Schema.decodeUnknownEither(Money.CurrencyCode)(values.currency),
      (error) =>
        new UsageError({
          reason: `--currency ${values.currency}: ${ParseResult.ArrayFormatter.formatErrorSync(error)[0]?.message ?? "not an ISO 4217 currency code"}`,
        }),
    )
    if (!Zone.isKnown(values.zone))
      return yield* Either.left(
        new UsageError({
          reason: `--zone: "${values.zone}" is not an IANA time zone this runtime knows`,
        }),
      )
    const format = yield* oneOf("format", values.format ?? "auto", ["auto", "csv", "cdnow"])
    const tiers = yield* oneOf("tiers", values.tiers, ["three-tiers", "stars"])
    const unit = yield* oneOf("unit", values.unit, ["weeks", "days"])
    const top = yield* wholeNumber("top", values.top, 0)
    const holdoutWeeks = yield* optional(values.holdout, (v) => wholeNumber("holdout", v, 1))
    const calibrationEnd = yield* optional(values["calibration-end"], (v) =>
      civilDate("calibration-end", v),
    )
    if (holdoutWeeks !== undefined && calibrationEnd !== undefined)
      return yield* Either.left(
        new UsageError({ reason: "give --holdout or --calibration-end, not both" }),
      )
    const period = yield* periodOf(values.period)
    const named = {
      customer: values["customer-column"],
      date: values["date-column"],
      amount: values["amount-column"],
      category: values["category-column"],
      contribution: values["contribution-column"],
    }
    for (const [column, name] of Object.entries(named))
      if (name !== undefined && name.trim() === "")
        return yield* Either.left(
          new UsageError({ reason: `--${column}-column must not be empty` }),
        )
    const columns: ColumnNames = {
      customer: named.customer ?? defaultColumns.customer,
      date: named.date ?? defaultColumns.date,
      amount: named.amount ?? defaultColumns.amount,
      category: named.category ?? defaultColumns.category,
      contribution: named.contribution ?? defaultColumns.contribution,
      required: [
        ...(named.category === undefined ? [] : (["category"] as const)),
        ...(named.contribution === undefined ? [] : (["contribution"] as const)),
      ],
    }
    const file = positionals[0] as string
    return {
      _tag: "Run" as const,
      file,
      format,
      currency,
      zone: values.zone,
      columns,
      report: { period, holdoutWeeks, calibrationEnd, timeUnit: unit, scheme: tiers, top },
      json: values.json,
      quiet: values.quiet,
    }
  })
}

const grouped = (n: number): string => n.toLocaleString("en-US")

/** The input stream and its size, when known; a message when the file cannot be opened. */
const open = async (
  file: string,
): Promise<
  Either.Either<{ chunks: AsyncIterable<Uint8Array>; size: number | undefined }, UsageError>
> => {
  if (file === "-") {
    let size: number | undefined
    try {
      const status = fstatSync(0)
      // A redirected file has a size to measure progress against; a pipe does not.
      size = status.isFile() ? status.size : undefined
    } catch {
      size = undefined
    }
    return Either.right({ chunks: process.stdin, size })
  }
  try {
    const status = await stat(file)
    if (!status.isFile()) return Either.left(new UsageError({ reason: `${file} is not a file` }))
    return Either.right({
      chunks: createReadStream(file, { highWaterMark: 1 << 18 }),
      size: status.size,
    })
  } catch (error) {
    return Either.left(new UsageError({ reason: `cannot open ${file}: ${systemReason(error)}` }))
  }
}

const systemReason = (error: unknown): string => {
  const code = (error as { code?: unknown } | null)?.code
  if (code === "ENOENT") return "no such file"
  if (code === "EACCES" || code === "EPERM") return "permission denied"
  if (code === "EISDIR") return "it is a directory"
  return error instanceof Error ? error.message : String(error)
}

const fail = (message: string, code: number): number => {
  process.stderr.write(`${PROGRAM}: ${message}\n`)
  return code
}

/** Runs the command line and returns the exit code. */
export const main = async (args: ReadonlyArray<string>): Promise<number> => {
  const command = parseCommandLine(args)
  if (Either.isLeft(command))
    return fail(`${command.left.message}\nRun ${PROGRAM} --help for usage.`, ExitCode.usage)
  if (command.right._tag === "Help") {
    process.stdout.write(usage)
    return ExitCode.ok
  }
  const run = command.right
  const input = await open(run.file)
  if (Either.isLeft(input)) return fail(input.left.message, ExitCode.usage)
  const { chunks, size } = input.right
  const progress = Progress.make(process.stderr, { enabled: !run.quiet, label: "reading" })
  let transactions: Awaited<ReturnType<typeof readTransactions>>
  try {
    transactions = await readTransactions(
      chunks,
      {
        source: run.file === "-" ? "stdin" : run.file,
        format: run.format,
        currency: run.currency,
        zone: run.zone,
        columns: run.columns,
      },
      (bytes, lines) =>
        progress.advance(
          bytes,
          size,
          size === undefined
            ? `${grouped(lines)} lines, ${Progress.formatBytes(bytes)}`
            : `${Progress.formatBytes(bytes)} of ${Progress.formatBytes(size)}, ${grouped(lines)} lines`,
        ),
    )
  } catch (error) {
    progress.finish()
    return fail(`cannot read ${run.file}: ${systemReason(error)}`, ExitCode.data)
  }
  if (Either.isLeft(transactions)) {
    progress.finish()
    return fail(transactions.left.message, ExitCode.data)
  }
  const report = buildReport(transactions.right, run.report, progress.stage)
  progress.finish()
  if (Either.isLeft(report)) {
    const error = report.left
    return fail(error.message, error._tag === "SettingsError" ? ExitCode.usage : ExitCode.data)
  }
  process.stdout.write(run.json ? renderJson(report.right) : renderText(report.right))
  return ExitCode.ok
}

const isEntryPoint = (): boolean => {
  const script = process.argv[1]
  if (script === undefined) return false
  try {
    // Installed as a bin, the script is a symbolic link to this file.
    return realpathSync(script) === fileURLToPath(import.meta.url)
  } catch {
    return false
  }
}

if (isEntryPoint()) {
  // A reader that stops early (`| head`) closes the pipe: that is not an error.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(ExitCode.ok)
    throw error
  })
  try {
    process.exitCode = await main(process.argv.slice(2))
  } catch (error) {
    process.exitCode = fail(
      `unexpected error: ${error instanceof Error ? error.message : String(error)}`,
      ExitCode.data,
    )
  }
}
