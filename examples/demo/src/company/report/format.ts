/**
 * How the demo's reports write numbers, shares, money, durations and dates, so that the
 * terminal report, the HTML report and the guides' pictures say the same figure the
 * same way: counts grouped by thousands (`1,234`), shares with one decimal and a space
 * before the sign (`12.3 %`), money from minor units with its currency (`CNY 1,234.50`).
 *
 * Every function is total: a missing value (`null`) or a number that is not finite
 * prints as an en dash, never as `NaN`, `Infinity` or `null`.
 */

/** What a missing figure prints as. */
export const missing = "–"

/** `value` rounded to `digits` decimals with its thousands grouped by commas: `1234567` → `1,234,567`. */
export const grouped = (value: number | null, digits = 0): string => {
  if (value === null || !Number.isFinite(value)) return missing
  const fixed = Math.abs(value).toFixed(digits)
  const point = fixed.indexOf(".")
  const whole = point === -1 ? fixed : fixed.slice(0, point)
  const fraction = point === -1 ? "" : fixed.slice(point)
  // A value that rounds to zero prints without a sign, never as "-0".
  const sign = value < 0 && Number(fixed) !== 0 ? "-" : ""
  return `${sign}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}${fraction}`
}

/** A whole number as it is, any other with `digits` decimals: `4` → `4`, `1841.63` → `1,841.6`. */
export const quantity = (value: number | null, digits = 1): string =>
  value !== null && Number.isInteger(value) ? grouped(value) : grouped(value, digits)

/** A signed difference: `+3`, `-1.5`, `0`. */
export const difference = (value: number): string =>
  `${value > 0 && Number.isFinite(value) ? "+" : ""}${quantity(value)}`

/** A share in [0, 1] as a percentage with one decimal: `0.1234` → `12.3 %`; `null` → `–`. */
export const percent = (share: number | null): string =>
  share === null || !Number.isFinite(share)
    ? missing
    : `${(Math.round(share * 1000) / 10).toFixed(1)} %`

/** `part` as a percentage of `whole` with one decimal; `–` when `whole` is zero. */
export const percentOf = (part: number, whole: number): string =>
  whole === 0 || !Number.isFinite(part) || !Number.isFinite(whole)
    ? missing
    : `${(Math.round((1000 * part) / whole) / 10).toFixed(1)} %`

/** The number of minor units in one major unit of `currency` (2 for CNY, 0 for JPY). */
const minorDigits = (currency: string): number => {
  try {
    return (
      new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions()
        .maximumFractionDigits ?? 2
    )
  } catch {
    // Not an ISO 4217 code Intl knows: most currencies have cents.
    return 2
  }
}

/** An amount in minor units (fen, cents) with its currency: `123450, "CNY"` → `CNY 1,234.50`. */
export const money = (minorUnits: number | null, currency: string): string => {
  if (minorUnits === null || !Number.isFinite(minorUnits)) return missing
  const digits = minorDigits(currency)
  return `${currency} ${grouped(minorUnits / 10 ** digits, digits)}`
}

/** A wall-clock duration: `850 ms`, `12.3 s`, `4 min 05 s`. */
export const duration = (milliseconds: number): string => {
  if (!Number.isFinite(milliseconds)) return missing
  if (milliseconds < 1000) return `${grouped(milliseconds)} ms`
  if (milliseconds < 60_000) return `${(milliseconds / 1000).toFixed(1)} s`
  const seconds = Math.round(milliseconds / 1000)
  return `${grouped(Math.floor(seconds / 60))} min ${String(seconds % 60).padStart(2, "0")} s`
}

/** Business minutes: `45 min`, or with the hours beside them from an hour on: `1,230 min (20.5 h)`. */
export const minutes = (value: number | null): string =>
  value === null || !Number.isFinite(value)
    ? missing
    : value < 60
      ? `${grouped(value)} min`
      : `${grouped(value)} min (${grouped(value / 60, 1)} h)`

/** Business minutes in a short form: `47 min` under two hours, hours from then on: `20.5 h`. */
export const shortMinutes = (value: number | null): string =>
  value === null || !Number.isFinite(value)
    ? missing
    : value < 120
      ? `${grouped(value)} min`
      : `${grouped(value / 60, 1)} h`

/** Hours with one decimal: `26.5 h`. */
export const hours = (value: number | null): string =>
  value === null || !Number.isFinite(value) ? missing : `${grouped(value, 1)} h`

/** A mean score on a 1–5 scale with two decimals: `4.27`. */
export const score = (value: number | null): string =>
  value === null || !Number.isFinite(value) ? missing : value.toFixed(2)

/** A measure's value in its unit, as the scorecard states it. */
export const measured = (
  value: number | null,
  unit: "share" | "minutes" | "hours" | "score",
): string => {
  switch (unit) {
    case "share":
      return percent(value)
    case "minutes":
      return value === null || !Number.isFinite(value) ? missing : `${grouped(value)} min`
    case "hours":
      return hours(value)
    case "score":
      return score(value)
  }
}

interface DateParts {
  readonly year: string
  readonly month: string
  readonly day: string
  readonly hour: string
  readonly minute: string
}

const dateParts = (epochMilliseconds: number, zone: string): DateParts | null => {
  const options = {
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  } as const
  let formatter: Intl.DateTimeFormat
  try {
    formatter = new Intl.DateTimeFormat("en-US", { ...options, timeZone: zone })
  } catch {
    // An unknown zone: the instant is still worth showing, in UTC.
    formatter = new Intl.DateTimeFormat("en-US", { ...options, timeZone: "UTC" })
  }
  let parts: Array<Intl.DateTimeFormatPart>
  try {
    parts = formatter.formatToParts(epochMilliseconds)
  } catch {
    // Outside the range of dates (±8.64e15 ms).
    return null
  }
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((candidate) => candidate.type === type)?.value ?? "00"
  return {
    year: part("year"),
    month: part("month"),
    day: part("day"),
    hour: part("hour"),
    minute: part("minute"),
  }
}

/** An instant as a date and time in `zone`: `2024-12-31 17:45`. */
export const dateTime = (epochMilliseconds: number, zone: string): string => {
  const parts = dateParts(epochMilliseconds, zone)
  return parts === null
    ? missing
    : `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`
}

/** A number with two decimals, for model parameters and probabilities: `0.24`. */
export const fixedTwo = (value: number): string =>
  Number.isFinite(value) ? value.toFixed(2) : missing

/** The years of a history as a span: `2023–2024`, or the one year. */
export const yearSpan = (years: ReadonlyArray<number>): string => {
  const first = years[0]
  const last = years.at(-1)
  if (first === undefined || last === undefined) return missing
  return first === last ? String(first) : `${first}–${last}`
}
