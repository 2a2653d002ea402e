/**
 * Proleptic Gregorian day arithmetic on plain integers (no `Date`, no time zone):
 * day numbers count days since 1970-01-01, negative before it. The algorithms are
 * Howard Hinnant's `days_from_civil` / `civil_from_days`, exact for every year.
 *
 * @internal
 */

/** Milliseconds in a civil day without a time-zone transition. */
export const DAY_MS = 86_400_000

/** The day number of a civil date (month 1–12, day 1–31). */
export const daysFromCivil = (year: number, month: number, day: number): number => {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yearOfEra = y - era * 400
  const shiftedMonth = month > 2 ? month - 3 : month + 9
  const dayOfYear = Math.floor((153 * shiftedMonth + 2) / 5) + day - 1
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear
  return era * 146_097 + dayOfEra - 719_468
}

/** A civil date split into its fields. */
export interface CivilFields {
  readonly year: number
  readonly month: number
  readonly day: number
}

/** The civil date of a day number. */
export const civilFromDays = (dayNumber: number): CivilFields => {
  const z = dayNumber + 719_468
  const era = Math.floor(z / 146_097)
  const dayOfEra = z - era * 146_097
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  )
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100))
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153)
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
  return { year, month, day }
}

/** Whether a year of the proleptic Gregorian calendar has a 29 February. */
export const isLeapYear = (year: number): boolean =>
  (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0

/** The number of days of a month (1–12) of a year. */
export const daysInMonth = (year: number, month: number): number =>
  month === 2
    ? isLeapYear(year)
      ? 29
      : 28
    : month === 4 || month === 6 || month === 9 || month === 11
      ? 30
      : 31

const pad2 = (value: number): string => (value < 10 ? `0${value}` : String(value))

const pad4 = (value: number): string => String(value).padStart(4, "0")

/** Formats civil fields as `YYYY-MM-DD` (the year must be 0–9999). */
export const formatCivil = (year: number, month: number, day: number): string =>
  `${pad4(year)}-${pad2(month)}-${pad2(day)}`

const CIVIL_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/

/** Parses `YYYY-MM-DD` into fields when it names a real date of years 0001–9999. */
export const parseCivil = (text: string): CivilFields | undefined => {
  const match = CIVIL_DATE_PATTERN.exec(text)
  if (match === null) return undefined
  const year = Number(match[1])
  const month = Number(match[2])
  const day = Number(match[3])
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return undefined
  }
  return { year, month, day }
}

/** The day number of a string already known to be a valid `YYYY-MM-DD` date. */
export const dayNumberOfValid = (text: string): number =>
  daysFromCivil(Number(text.slice(0, 4)), Number(text.slice(5, 7)), Number(text.slice(8, 10)))

const MAX_CACHED_DAYS = 1 << 16
const dayStrings = new Map<number, string>()

/** Formats a day number as `YYYY-MM-DD`, memoising recent days (they repeat in bulk runs). */
export const formatDayNumber = (dayNumber: number): string => {
  const cached = dayStrings.get(dayNumber)
  if (cached !== undefined) return cached
  const { year, month, day } = civilFromDays(dayNumber)
  const text = formatCivil(year, month, day)
  if (dayStrings.size >= MAX_CACHED_DAYS) dayStrings.clear()
  dayStrings.set(dayNumber, text)
  return text
}

/** Adds whole months (possibly negative) to a month, returning the first day of the resulting month. */
export const addMonthsToMonthStart = (year: number, month: number, months: number): CivilFields => {
  const index = year * 12 + (month - 1) + months
  const newYear = Math.floor(index / 12)
  return { year: newYear, month: index - newYear * 12 + 1, day: 1 }
}
