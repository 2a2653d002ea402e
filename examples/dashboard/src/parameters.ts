/**
 * What the page is asked to show, read from its URL: `?customers=` sizes the
 * generated company and `?seed=` picks another one. Both have defaults, so the bare
 * URL shows the standard dashboard; a value that is not allowed is refused with a
 * typed error naming the parameter and the rule, and nothing is computed.
 */
import * as Data from "effect/Data"
import * as Either from "effect/Either"

/** What the dashboard computes. */
export interface DashboardParameters {
  /** The seed of the generated company: the same seed gives the same company. */
  readonly seed: number
  /** How many customers are on the generated company's register. */
  readonly customers: number
}

/**
 * The dashboard's default company: the demo's own (seed 2024, 2,000 customers), whose
 * figures the guides quote. Its two years replay in the browser in a few seconds;
 * the generator's module is not imported here for its defaults, so that the page's
 * own script stays small and the packages load in the worker only.
 */
export const defaultParameters: DashboardParameters = { seed: 2024, customers: 2_000 }

/** The largest register the page accepts: the replay grows with it (about 2 s per 1,000). */
export const maxCustomers = 10_000

/** A URL parameter the page cannot use. */
export class DashboardParameterError extends Data.TaggedError("DashboardParameterError")<{
  readonly parameter: "customers" | "seed"
  readonly value: string
  readonly rule: string
}> {
  override get message(): string {
    return `?${this.parameter}=${this.value} is not allowed: ${this.rule}`
  }
}

const integerIn = (
  parameter: "customers" | "seed",
  raw: string | null,
  fallback: number,
  min: number,
  max: number,
): Either.Either<number, DashboardParameterError> => {
  if (raw === null) return Either.right(fallback)
  const value = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN
  return Number.isSafeInteger(value) && value >= min && value <= max
    ? Either.right(value)
    : Either.left(
        new DashboardParameterError({
          parameter,
          value: raw,
          rule: `it must be a whole number from ${min.toLocaleString("en")} to ${max.toLocaleString("en")}`,
        }),
      )
}

/** Reads the parameters from a URL's query string (`location.search`). */
export const parametersFrom = (
  search: string,
): Either.Either<DashboardParameters, DashboardParameterError> => {
  const query = new URLSearchParams(search)
  return Either.all({
    // The generator draws 32-bit seeds.
    seed: integerIn("seed", query.get("seed"), defaultParameters.seed, 0, 0xffff_ffff),
    customers: integerIn(
      "customers",
      query.get("customers"),
      defaultParameters.customers,
      1,
      maxCustomers,
    ),
  })
}
