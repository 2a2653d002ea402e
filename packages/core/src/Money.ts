/**
 * Exact money: an amount in integer minor units (cents, pence, fils) of one ISO-4217
 * currency (DESIGN.md rule 6, used by RET-3 refunds and exchanges).
 *
 * There are no floats anywhere: amounts are safe integers, decimal text is parsed
 * digit by digit, and {@link allocate} splits an amount by weights with exact integer
 * arithmetic, so the parts always add up to the whole. Operations that can fail
 * (mixing currencies, leaving the safe-integer range) return an `Either`, which plain
 * code can inspect and `Effect.gen` can `yield*`.
 *
 * @since 0.1.0
 */
import * as Either from "effect/Either"
import { dual } from "effect/Function"
import type * as Ordering from "effect/Ordering"
import * as Schema from "effect/Schema"
import * as Allocation from "./Allocation.js"
import * as Errors from "./Errors.js"

let knownCurrencies: ReadonlySet<string> | undefined

const currencies = (): ReadonlySet<string> => {
  knownCurrencies ??= new Set(Intl.supportedValuesOf("currency"))
  return knownCurrencies
}

/**
 * An ISO-4217 currency code: three upper-case letters that the runtime's `Intl`
 * knows (`Intl.supportedValuesOf("currency")`).
 *
 * @example
 * ```ts
 * import { Money } from "@clientele/core"
 *
 * const euro = Money.CurrencyCode.make("EUR")
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const CurrencyCode = Schema.String.pipe(
  Schema.pattern(/^[A-Z]{3}$/, {
    message: () => "a currency code is three upper-case letters (ISO 4217)",
  }),
  Schema.filter((code) => currencies().has(code) || `unknown ISO 4217 currency ${code}`, {
    arbitrary: () => (fc) => fc.constantFrom(...currencies()),
  }),
  Schema.brand("CurrencyCode"),
  Schema.annotations({ identifier: "CurrencyCode", description: "an ISO 4217 currency code" }),
)
/**
 * The type of a validated ISO-4217 currency code (a branded string).
 *
 * @example
 * ```ts
 * import { Money } from "@clientele/core"
 *
 * const currency: Money.CurrencyCode = Money.CurrencyCode.make("EUR")
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type CurrencyCode = typeof CurrencyCode.Type

/**
 * An amount of minor units: an integer within JavaScript's safe-integer range, so
 * every amount and every intermediate result is exact.
 *
 * @example
 * ```ts
 * import { Money } from "@clientele/core"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(Money.MinorAmount)(1999) // true
 * Schema.is(Money.MinorAmount)(19.99) // false
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const MinorAmount = Schema.Int.annotations({
  identifier: "MinorAmount",
  description: "an integer number of minor units within the safe-integer range",
})

/**
 * An exact amount of one currency. The encoded form is the plain JSON object
 * `{ amount, currency }`, e.g. `{ "amount": 1999, "currency": "EUR" }` for €19.99.
 *
 * @example
 * ```ts
 * import { Money } from "@clientele/core"
 * import * as Schema from "effect/Schema"
 *
 * const price = Schema.decodeUnknownSync(Money.Money)({ amount: 1999, currency: "EUR" })
 * Schema.encodeSync(Money.Money)(price) // { amount: 1999, currency: "EUR" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export class Money extends Schema.Class<Money>("Money")(
  { amount: MinorAmount, currency: CurrencyCode },
  { description: "an exact amount: integer minor units of one ISO 4217 currency" },
) {}

const unsafeMake = (amount: number, currency: CurrencyCode): Money =>
  // `+ 0` turns a negative zero into zero, so amounts print and compare plainly.
  new Money({ amount: amount + 0, currency }, true)

const minorUnitsCache = new Map<string, number>()

/**
 * The number of decimal places of a currency's minor unit, as the runtime's `Intl`
 * (CLDR) defines it: 0 for JPY, 2 for EUR, 3 for BHD.
 *
 * @example
 * ```ts
 * import { Money } from "@clientele/core"
 *
 * Money.minorUnits(Money.CurrencyCode.make("BHD")) // 3
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const minorUnits = (currency: CurrencyCode): number => {
  let digits = minorUnitsCache.get(currency)
  if (digits === undefined) {
    digits =
      new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions()
        .maximumFractionDigits ?? 2
    minorUnitsCache.set(currency, digits)
  }
  return digits
}

/**
 * Builds an amount from minor units and a currency code, failing with a
 * `ValidationError` when the amount is not a safe integer or the currency unknown.
 *
 * @example
 * ```ts
 * import { Money } from "@clientele/core"
 * import * as Either from "effect/Either"
 *
 * Either.isRight(Money.makeEither(1999, "EUR")) // true
 * Either.isLeft(Money.makeEither(19.99, "EUR")) // true
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeEither = (
  amount: number,
  currency: string,
): Either.Either<Money, Errors.ValidationError> =>
  Errors.decodeEither(Money)({ amount: amount === 0 ? 0 : amount, currency })

/**
 * Builds an amount from minor units and a currency code. Like a schema's `make`, it
 * throws the `ValidationError` on invalid input: use it for literals, and
 * {@link makeEither} or {@link fromDecimal} for untrusted input.
 *
 * @example
 * ```ts
 * import { Money } from "@clientele/core"
 *
 * const price = Money.make(1999, "EUR") // €19.99
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (amount: number, currency: string): Money =>
  Either.getOrThrowWith(makeEither(amount, currency), (error) => error)

/**
 * Zero in a currency.
 *
 * @example
 * ```ts
 * import { Money } from "@clientele/core"
 *
 * const nothing = Money.zero(Money.CurrencyCode.make("JPY"))
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const zero = (currency: CurrencyCode): Money => unsafeMake(0, currency)

const DECIMAL_PATTERN = /^([+-]?)(\d+)(?:\.(\d+))?$/

const amountIssue = (message: string) =>
  Either.left(Errors.ValidationError.fromIssues([{ path: ["amount"], message }]))

/** The currency codes already decoded: at most the ISO 4217 list, so it stays small. */
const decodedCodes = new Map<string, CurrencyCode>()

/**
 * A currency code decoded once and remembered: a file of a million prices in one
 * currency would otherwise run the schema a million times.
 */
const currencyCodeOf = (currency: string): Either.Either<CurrencyCode, Errors.ValidationError> => {
  const known = decodedCodes.get(currency)
  if (known !== undefined) return Either.right(known)
  const decoded = Errors.decodeEither(CurrencyCode)(currency)
  if (Either.isRight(decoded)) decodedCodes.set(currency, decoded.right)
  return decoded
}

/**
 * Parses a decimal amount such as `"19.99"` or `"-0.5"` in a currency. Fails with a
 * `ValidationError` when the text is not a plain decimal (digits, an optional sign,
 * an optional `.` and fraction; no exponent, no grouping), when it has more decimals
 * than the currency's minor unit (`"19.999"` in EUR; trailing zeros count), or when
 * the amount leaves the safe-integer range of minor units.
 *
 * @example
 * ```ts
 * import { Money } from "@clientele/core"
 * import * as Either from "effect/Either"
 *
 * Money.fromDecimal("19.99", "EUR") // Right(Money { amount: 1999, currency: "EUR" })
 * Either.isLeft(Money.fromDecimal("19.999", "EUR")) // true
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromDecimal = (
  text: string,
  currency: string,
): Either.Either<Money, Errors.ValidationError> => {
  const code = currencyCodeOf(currency)
  if (Either.isLeft(code)) {
    return Either.left(
      Errors.ValidationError.fromIssues(
        code.left.issues.map((issue) => ({ ...issue, path: ["currency", ...issue.path] })),
      ),
    )
  }
  const match = DECIMAL_PATTERN.exec(text)
  if (match === null) {
    return amountIssue(`${JSON.stringify(text)} is not a decimal number such as "19.99"`)
  }
  const [, sign = "", whole = "0", fraction = ""] = match
  const digits = minorUnits(code.right)
  if (fraction.length > digits) {
    return amountIssue(
      `${JSON.stringify(text)} has ${fraction.length} decimals but ${code.right} has ${digits}`,
    )
  }
  const minorDigits = whole + fraction.padEnd(digits, "0")
  // Up to 15 digits a double holds the number exactly; only longer ones need BigInt
  // to tell whether they are still safe integers.
  if (minorDigits.length > 15) {
    const magnitude = BigInt(minorDigits)
    if (magnitude > BigInt(Number.MAX_SAFE_INTEGER)) {
      return amountIssue(`${JSON.stringify(text)} is too large to be held exactly`)
    }
  }
  const magnitude = Number(minorDigits)
  return Either.right(
    unsafeMake(sign === "-" && magnitude !== 0 ? -magnitude : magnitude, code.right),
  )
}

/**
 * The amount as plain decimal text with exactly the currency's decimals, the
 * inverse of {@link fromDecimal}: `"19.99"`, `"-0.05"`, `"1999"` for JPY.
 *
 * @example
 * ```ts
 * import { Money } from "@clientele/core"
 *
 * Money.toDecimal(Money.make(-5, "EUR")) // "-0.05"
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const toDecimal = (self: Money): string => {
  const digits = minorUnits(self.currency)
  const magnitude = String(Math.abs(self.amount))
  const sign = self.amount < 0 ? "-" : ""
  if (digits === 0) return `${sign}${magnitude}`
  const padded = magnitude.padStart(digits + 1, "0")
  return `${sign}${padded.slice(0, -digits)}.${padded.slice(-digits)}`
}

const mismatch = (operation: string, left: string, right: string) =>
  Either.left(new CurrencyMismatchError({ operation, left, right }))

const checked = (
  operation: string,
  amount: number,
  currency: CurrencyCode,
): Either.Either<Money, MoneyOverflowError> =>
  Number.isSafeInteger(amount)
    ? Either.right(unsafeMake(amount, currency))
    : Either.left(new MoneyOverflowError({ operation, currency }))

/**
 * Adds two amounts of the same currency.
 *
 * @example
 * ```ts
 * import { Money } from "@clientele/core"
 * import { pipe } from "effect/Function"
 *
 * Money.add(Money.make(1000, "EUR"), Money.make(999, "EUR")) // Right(€19.99)
 * pipe(Money.make(1000, "EUR"), Money.add(Money.make(5, "USD"))) // Left(CurrencyMismatchError)
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const add: {
  (that: Money): (self: Money) => Either.Either<Money, CurrencyMismatchError | MoneyOverflowError>
  (self: Money, that: Money): Either.Either<Money, CurrencyMismatchError | MoneyOverflowError>
} = dual(
  2,
  (self: Money, that: Money): Either.Either<Money, CurrencyMismatchError | MoneyOverflowError> =>
    self.currency === that.currency
      ? checked("add", self.amount + that.amount, self.currency)
      : mismatch("add", self.currency, that.currency),
)

/**
 * Subtracts `that` from `self`, both of the same currency; the result may be negative.
 *
 * @example
 * ```ts
 * import { Money } from "@clientele/core"
 *
 * Money.subtract(Money.make(1000, "EUR"), Money.make(1999, "EUR")) // Right(-€9.99)
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const subtract: {
  (that: Money): (self: Money) => Either.Either<Money, CurrencyMismatchError | MoneyOverflowError>
  (self: Money, that: Money): Either.Either<Money, CurrencyMismatchError | MoneyOverflowError>
} = dual(
  2,
  (self: Money, that: Money): Either.Either<Money, CurrencyMismatchError | MoneyOverflowError> =>
    self.currency === that.currency
      ? checked("subtract", self.amount - that.amount, self.currency)
      : mismatch("subtract", self.currency, that.currency),
)

/**
 * Orders two amounts of the same currency: `-1` when `self` is less, `0` when equal,
 * `1` when greater.
 *
 * @example
 * ```ts
 * import { Money } from "@clientele/core"
 *
 * Money.compare(Money.make(100, "EUR"), Money.make(200, "EUR")) // Right(-1)
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const compare: {
  (that: Money): (self: Money) => Either.Either<Ordering.Ordering, CurrencyMismatchError>
  (self: Money, that: Money): Either.Either<Ordering.Ordering, CurrencyMismatchError>
} = dual(
  2,
  (self: Money, that: Money): Either.Either<Ordering.Ordering, CurrencyMismatchError> =>
    self.currency === that.currency
      ? Either.right(self.amount < that.amount ? -1 : self.amount > that.amount ? 1 : 0)
      : mismatch("compare", self.currency, that.currency),
)

/**
 * Adds up amounts that must all be in `currency`; the sum of nothing is zero. The
 * result is exact even when a running total leaves the safe-integer range and comes
 * back; only a final sum outside it is an overflow.
 *
 * @example
 * ```ts
 * import { Money } from "@clientele/core"
 *
 * const eur = Money.CurrencyCode.make("EUR")
 * Money.sum([Money.make(1000, "EUR"), Money.make(999, "EUR")], eur) // Right(€19.99)
 * Money.sum([], eur) // Right(€0.00)
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const sum: {
  (
    currency: CurrencyCode,
  ): (amounts: Iterable<Money>) => Either.Either<Money, CurrencyMismatchError | MoneyOverflowError>
  (
    amounts: Iterable<Money>,
    currency: CurrencyCode,
  ): Either.Either<Money, CurrencyMismatchError | MoneyOverflowError>
} = dual(
  2,
  (
    amounts: Iterable<Money>,
    currency: CurrencyCode,
  ): Either.Either<Money, CurrencyMismatchError | MoneyOverflowError> => {
    let total = 0
    let exact: bigint | undefined
    for (const money of amounts) {
      if (money.currency !== currency) return mismatch("sum", currency, money.currency)
      if (exact === undefined) {
        const next = total + money.amount
        if (Number.isSafeInteger(next)) {
          total = next
          continue
        }
        exact = BigInt(total)
      }
      exact += BigInt(money.amount)
    }
    if (exact !== undefined) {
      if (exact > BigInt(Number.MAX_SAFE_INTEGER) || exact < BigInt(Number.MIN_SAFE_INTEGER)) {
        return Either.left(new MoneyOverflowError({ operation: "sum", currency }))
      }
      total = Number(exact)
    }
    return Either.right(unsafeMake(total, currency))
  },
)

/**
 * Whether two amounts are the same amount of the same currency (amounts of
 * different currencies are simply not equal).
 *
 * @example
 * ```ts
 * import { Money } from "@clientele/core"
 *
 * Money.equals(Money.make(100, "EUR"), Money.make(100, "USD")) // false
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const equals: {
  (that: Money): (self: Money) => boolean
  (self: Money, that: Money): boolean
} = dual(
  2,
  (self: Money, that: Money): boolean =>
    self.currency === that.currency && self.amount === that.amount,
)

/**
 * The amount with its sign flipped (never overflows: the safe range is symmetric).
 *
 * @example
 * ```ts
 * import { Money } from "@clientele/core"
 *
 * Money.negate(Money.make(1999, "EUR")) // -€19.99
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const negate = (self: Money): Money => unsafeMake(-self.amount, self.currency)

/**
 * Whether the amount is zero.
 *
 * @example
 * ```ts
 * import { Money } from "@clientele/core"
 *
 * Money.isZero(Money.make(0, "EUR")) // true
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const isZero = (self: Money): boolean => self.amount === 0

/**
 * Whether the amount is below zero (a refund, a debt).
 *
 * @example
 * ```ts
 * import { Money } from "@clientele/core"
 *
 * Money.isNegative(Money.make(-1, "EUR")) // true
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const isNegative = (self: Money): boolean => self.amount < 0

const formatters = new Map<string, Intl.NumberFormat>()

const canonicalLocale = (locale: string | undefined): string | undefined => {
  if (locale === undefined) return undefined
  try {
    return Intl.getCanonicalLocales(locale)[0]
  } catch {
    return undefined
  }
}

/**
 * Formats an amount for people with `Intl.NumberFormat` (`"€19.99"`, `"19,99 €"`),
 * exactly: the digits come from {@link toDecimal}, never from a float. A locale tag
 * that is not well-formed falls back to the runtime's default locale, as an
 * unsupported one does in `Intl`.
 *
 * @example
 * ```ts
 * import { Money } from "@clientele/core"
 *
 * Money.format(Money.make(1999, "EUR"), "en-US") // "€19.99"
 * Money.format(Money.make(1999, "EUR"), "de-DE") // "19,99 €"
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const format = (self: Money, locale?: string): string => {
  const tag = canonicalLocale(locale)
  const key = `${tag ?? ""}|${self.currency}`
  let formatter = formatters.get(key)
  if (formatter === undefined) {
    const digits = minorUnits(self.currency)
    formatter = new Intl.NumberFormat(tag, {
      style: "currency",
      currency: self.currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    })
    formatters.set(key, formatter)
  }
  // A decimal string is formatted exactly (Intl.NumberFormat v3), unlike a float.
  return formatter.format(toDecimal(self) as Intl.StringNumericLiteral)
}

/**
 * Splits an amount into parts proportional to `weights`, by the largest-remainder
 * rule, exactly.
 *
 * Each part is first rounded toward zero; the minor units left over (fewer than the
 * number of parts) go one each to the parts with the largest remainders. Hence the
 * parts always add up to the whole, and each part is within one minor unit of its
 * exact share. Ties in remainder go to the lower index (the earlier part). A
 * negative amount is allocated as the negation of allocating its absolute value.
 *
 * Weights may be any finite, non-negative numbers, floats included: every finite
 * double is an integer times a power of two, so the weights are scaled to integers
 * over a common power of two and shared out with `BigInt` arithmetic, with no
 * rounding error. They must not be empty nor all zero; otherwise the result is a
 * `ValidationError` whose issues point at `["weights"]` or `["weights", index]`.
 *
 * @example
 * ```ts
 * import { Money } from "@clientele/core"
 *
 * Money.allocate(Money.make(100, "EUR"), [1, 1, 1]) // Right([€0.34, €0.33, €0.33])
 * Money.allocate(Money.make(1000, "EUR"), [0.4, 0.3, 0.2, 0.1]) // Right([€4, €3, €2, €1])
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const allocate: {
  (
    weights: ReadonlyArray<number>,
  ): (self: Money) => Either.Either<ReadonlyArray<Money>, Errors.ValidationError>
  (
    self: Money,
    weights: ReadonlyArray<number>,
  ): Either.Either<ReadonlyArray<Money>, Errors.ValidationError>
} = dual(
  2,
  (
    self: Money,
    weights: ReadonlyArray<number>,
  ): Either.Either<ReadonlyArray<Money>, Errors.ValidationError> =>
    Either.map(Allocation.largestRemainder(self.amount, weights), (shares) =>
      shares.map((share) => unsafeMake(share, self.currency)),
    ),
)

/**
 * Two amounts of different currencies met in an operation that needs one currency.
 *
 * @example
 * ```ts
 * import { Money } from "@clientele/core"
 *
 * const error = new Money.CurrencyMismatchError({ operation: "add", left: "EUR", right: "USD" })
 * error.message // "cannot add EUR and USD amounts"
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class CurrencyMismatchError extends Schema.TaggedError<CurrencyMismatchError>(
  "@clientele/core/CurrencyMismatchError",
)("CurrencyMismatchError", {
  operation: Schema.String,
  left: Schema.String,
  right: Schema.String,
}) {
  override get message(): string {
    return `cannot ${this.operation} ${this.left} and ${this.right} amounts`
  }
}

/**
 * The exact result of an operation is outside the safe-integer range of minor units
 * (about ±9·10^15), so it cannot be held exactly.
 *
 * @example
 * ```ts
 * import { Money } from "@clientele/core"
 *
 * const error = new Money.MoneyOverflowError({ operation: "add", currency: "EUR" })
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class MoneyOverflowError extends Schema.TaggedError<MoneyOverflowError>(
  "@clientele/core/MoneyOverflowError",
)("MoneyOverflowError", {
  operation: Schema.String,
  currency: Schema.String,
}) {
  override get message(): string {
    return `the result of ${this.operation} in ${this.currency} is outside the safe-integer range of minor units`
  }
}
