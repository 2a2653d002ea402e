import * as Arbitrary from "effect/Arbitrary"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import { pipe } from "effect/Function"
import * as Schema from "effect/Schema"
import { describe, expect, it } from "vitest"
import * as Errors from "../src/Errors.js"
import * as Money from "../src/Money.js"
import { expectJsonRoundTrip, left, right } from "./support.js"

const EUR = Money.CurrencyCode.make("EUR")
const JPY = Money.CurrencyCode.make("JPY")
const BHD = Money.CurrencyCode.make("BHD")
const eur = (amount: number) => Money.make(amount, "EUR")

const amounts = (parts: ReadonlyArray<Money.Money>) => parts.map((part) => part.amount)

const currencyArbitrary = Arbitrary.make(Money.CurrencyCode)
const moneyArbitrary = Arbitrary.make(Money.Money)
/** Two amounts of one currency, across the whole safe range and near zero. */
const amountArbitrary = FastCheck.oneof(
  FastCheck.integer({ min: -1_000_000, max: 1_000_000 }),
  FastCheck.maxSafeInteger(),
  FastCheck.constantFrom(Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, 0),
)
const sameCurrencyPair = FastCheck.tuple(currencyArbitrary, amountArbitrary, amountArbitrary).map(
  ([currency, a, b]) => [Money.make(a, currency), Money.make(b, currency)] as const,
)

describe("Money: schemas and constructors", () => {
  it("accepts ISO 4217 codes known to Intl and rejects anything else", () => {
    const isCode = Schema.is(Money.CurrencyCode)
    expect(isCode("EUR")).toBe(true)
    expect(isCode("JPY")).toBe(true)
    expect(isCode("eur")).toBe(false)
    expect(isCode("ZZZ")).toBe(false)
    expect(isCode("EURO")).toBe(false)
  })

  it("holds amounts as integer minor units: make validates both fields", () => {
    expect(eur(1999)).toMatchObject({ amount: 1999, currency: "EUR" })
    const fractional = left(Money.makeEither(19.99, "EUR"))
    expect(fractional).toBeInstanceOf(Errors.ValidationError)
    expect(fractional.issues.map((issue) => issue.path)).toEqual([["amount"]])
    const unknown = left(Money.makeEither(1, "XYZ"))
    expect(unknown.issues[0]?.path).toEqual(["currency"])
    expect(left(Money.makeEither(2 ** 53, "EUR")).issues[0]?.path).toEqual(["amount"])
    expect(() => Money.make(1.5, "EUR")).toThrow(Errors.ValidationError)
  })

  it("never holds a negative zero", () => {
    expect(Object.is(Money.make(-0, "EUR").amount, 0)).toBe(true)
    expect(Object.is(Money.negate(Money.zero(EUR)).amount, 0)).toBe(true)
    expect(Money.isZero(Money.zero(JPY))).toBe(true)
  })

  it("knows the minor units of each currency from Intl", () => {
    expect(Money.minorUnits(JPY)).toBe(0)
    expect(Money.minorUnits(EUR)).toBe(2)
    expect(Money.minorUnits(BHD)).toBe(3)
  })

  it("parses decimal text exactly", () => {
    expect(right(Money.fromDecimal("19.99", "EUR")).amount).toBe(1999)
    expect(right(Money.fromDecimal("19.9", "EUR")).amount).toBe(1990)
    expect(right(Money.fromDecimal("19", "EUR")).amount).toBe(1900)
    expect(right(Money.fromDecimal("-0.05", "EUR")).amount).toBe(-5)
    expect(right(Money.fromDecimal("+1.5", "EUR")).amount).toBe(150)
    expect(right(Money.fromDecimal("1999", "JPY")).amount).toBe(1999)
    expect(right(Money.fromDecimal("1.234", "BHD")).amount).toBe(1234)
    // 0.1 + 0.2 is not 0.3 in floating point; parsing never goes through a float.
    expect(right(Money.fromDecimal("0.3", "EUR")).amount).toBe(30)
    expect(right(Money.fromDecimal("90071992547409.91", "EUR")).amount).toBe(
      Number.MAX_SAFE_INTEGER,
    )
  })

  it("parses any decimal text as exact integer arithmetic does, up to the largest safe amount", () => {
    const digits = (max: number) => FastCheck.stringMatching(new RegExp(`^[0-9]{1,${max}}$`))
    FastCheck.assert(
      FastCheck.property(
        FastCheck.constantFrom("", "-", "+"),
        digits(20),
        FastCheck.option(digits(2), { nil: undefined }),
        (sign, whole, fraction) => {
          const text = `${sign}${whole}${fraction === undefined ? "" : `.${fraction}`}`
          const exact = BigInt(whole + (fraction ?? "").padEnd(2, "0")) * (sign === "-" ? -1n : 1n)
          const parsed = Money.fromDecimal(text, "EUR")
          if (exact > BigInt(Number.MAX_SAFE_INTEGER) || exact < BigInt(Number.MIN_SAFE_INTEGER))
            expect(left(parsed).issues[0]?.path).toEqual(["amount"])
          else expect(Object.is(right(parsed).amount, Number(exact))).toBe(true)
        },
      ),
      { numRuns: 1000 },
    )
    expect(Object.is(right(Money.fromDecimal("-0.00", "EUR")).amount, 0)).toBe(true)
  })

  it("refuses an unknown currency every time, after known ones were parsed", () => {
    for (let i = 0; i < 3; i++) {
      expect(right(Money.fromDecimal("1.00", "EUR")).currency).toBe("EUR")
      expect(left(Money.fromDecimal("1.00", "EUX")).issues[0]?.path).toEqual(["currency"])
    }
  })

  it("rejects more decimals than the currency has, and text that is not a plain decimal", () => {
    const tooPrecise = left(Money.fromDecimal("19.999", "EUR"))
    expect(tooPrecise.issues).toEqual([
      { path: ["amount"], message: '"19.999" has 3 decimals but EUR has 2' },
    ])
    expect(Either.isLeft(Money.fromDecimal("19.990", "EUR"))).toBe(true)
    expect(Either.isLeft(Money.fromDecimal("1.5", "JPY"))).toBe(true)
    for (const text of ["", "1e3", "1,000.00", " 1", "1.", ".5", "--1", "NaN", "Infinity"]) {
      expect(Either.isLeft(Money.fromDecimal(text, "EUR"))).toBe(true)
    }
    expect(left(Money.fromDecimal("90071992547409.92", "EUR")).issues[0]?.path).toEqual(["amount"])
    expect(left(Money.fromDecimal("1.00", "eur")).issues[0]?.path).toEqual(["currency"])
  })

  it("writes decimal text that parses back to the same amount", () => {
    expect(Money.toDecimal(eur(1999))).toBe("19.99")
    expect(Money.toDecimal(eur(-5))).toBe("-0.05")
    expect(Money.toDecimal(Money.make(1999, "JPY"))).toBe("1999")
    expect(Money.toDecimal(Money.make(1, "BHD"))).toBe("0.001")
    FastCheck.assert(
      FastCheck.property(moneyArbitrary, (money) => {
        const parsed = right(Money.fromDecimal(Money.toDecimal(money), money.currency))
        expect(Money.equals(parsed, money)).toBe(true)
      }),
      { numRuns: 300 },
    )
  })

  it("encodes to the plain JSON object and decodes back (round-trip)", () => {
    expect(Schema.encodeSync(Money.Money)(eur(1999))).toEqual({ amount: 1999, currency: "EUR" })
    expectJsonRoundTrip(Money.Money, moneyArbitrary, 300)
  })
})

describe("Money: arithmetic", () => {
  it("adds, subtracts and compares amounts of one currency", () => {
    expect(right(Money.add(eur(1000), eur(999)))).toEqual(eur(1999))
    expect(right(pipe(eur(1000), Money.subtract(eur(1999))))).toEqual(eur(-999))
    expect(right(Money.compare(eur(1), eur(2)))).toBe(-1)
    expect(right(pipe(eur(2), Money.compare(eur(2))))).toBe(0)
    expect(right(Money.compare(eur(3), eur(2)))).toBe(1)
    expect(Money.equals(eur(1), eur(1))).toBe(true)
    expect(Money.equals(eur(1), Money.make(1, "USD"))).toBe(false)
    expect(Money.isNegative(eur(-1))).toBe(true)
    expect(Money.isNegative(eur(0))).toBe(false)
    expect(Money.negate(eur(5))).toEqual(eur(-5))
  })

  it("mixing currencies is a typed CurrencyMismatchError naming both and the operation", () => {
    const usd = Money.make(5, "USD")
    const errors = [
      left(Money.add(eur(1), usd)),
      left(Money.subtract(eur(1), usd)),
      left(Money.compare(eur(1), usd)),
    ]
    expect(errors.map((error) => error.operation)).toEqual(["add", "subtract", "compare"])
    for (const error of errors) {
      expect(error).toBeInstanceOf(Money.CurrencyMismatchError)
      expect(error).toMatchObject({ _tag: "CurrencyMismatchError", left: "EUR", right: "USD" })
    }
    expect(left(Money.add(eur(1), usd)).message).toBe("cannot add EUR and USD amounts")
    expect(left(Money.sum([eur(1), usd], EUR))).toMatchObject({ operation: "sum", right: "USD" })
  })

  it("leaving the safe-integer range is a typed MoneyOverflowError", () => {
    const max = eur(Number.MAX_SAFE_INTEGER)
    const error = left(Money.add(max, eur(1)))
    expect(error).toBeInstanceOf(Money.MoneyOverflowError)
    expect(error).toMatchObject({ _tag: "MoneyOverflowError", operation: "add", currency: "EUR" })
    expect(left(Money.subtract(eur(Number.MIN_SAFE_INTEGER), eur(1)))._tag).toBe(
      "MoneyOverflowError",
    )
    expect(left(Money.sum([max, max], EUR))._tag).toBe("MoneyOverflowError")
  })

  it("sums exactly, even when a running total leaves the safe range and comes back", () => {
    expect(right(Money.sum([], EUR))).toEqual(Money.zero(EUR))
    expect(right(pipe([eur(1000), eur(999)], Money.sum(EUR)))).toEqual(eur(1999))
    const max = eur(Number.MAX_SAFE_INTEGER)
    expect(right(Money.sum([max, eur(10), eur(-10)], EUR))).toEqual(max)
    FastCheck.assert(
      FastCheck.property(
        FastCheck.array(FastCheck.integer({ min: -1e12, max: 1e12 }), { maxLength: 30 }),
        (values) => {
          const total = values.reduce((acc, value) => acc + value, 0)
          expect(right(Money.sum(values.map(eur), EUR)).amount).toBe(total)
        },
      ),
      { numRuns: 200 },
    )
  })

  it("add is commutative and subtract is its inverse (properties)", () => {
    FastCheck.assert(
      FastCheck.property(sameCurrencyPair, ([a, b]) => {
        const ab = Money.add(a, b)
        const ba = Money.add(b, a)
        expect(ab).toEqual(ba)
        const exact = BigInt(a.amount) + BigInt(b.amount)
        if (exact > BigInt(Number.MAX_SAFE_INTEGER) || exact < BigInt(Number.MIN_SAFE_INTEGER)) {
          expect(left(ab)._tag).toBe("MoneyOverflowError")
        } else {
          const total = right(ab)
          expect(BigInt(total.amount)).toBe(exact)
          expect(right(Money.subtract(total, b))).toEqual(a)
          expect(right(Money.subtract(total, a))).toEqual(b)
        }
      }),
      { numRuns: 500 },
    )
  })

  it("compare is a total order consistent with the amounts (properties)", () => {
    const triple = FastCheck.tuple(
      currencyArbitrary,
      amountArbitrary,
      amountArbitrary,
      amountArbitrary,
    ).map(([currency, a, b, c]) => [a, b, c].map((amount) => Money.make(amount, currency)))
    FastCheck.assert(
      FastCheck.property(triple, ([a, b, c]) => {
        if (a === undefined || b === undefined || c === undefined) return
        const ab = right(Money.compare(a, b))
        // consistent with the amounts, and with equals
        expect(ab).toBe(a.amount < b.amount ? -1 : a.amount > b.amount ? 1 : 0)
        expect(ab === 0).toBe(Money.equals(a, b))
        // antisymmetric
        expect(right(Money.compare(b, a))).toBe(-ab || 0)
        // reflexive
        expect(right(Money.compare(a, a))).toBe(0)
        // transitive
        if (ab <= 0 && right(Money.compare(b, c)) <= 0) {
          expect(right(Money.compare(a, c))).toBeLessThanOrEqual(0)
        }
      }),
      { numRuns: 500 },
    )
  })
})

describe("Money.format", () => {
  const spaces = (text: string) => text.replace(/\s/g, " ")

  it("formats for people, in the locale asked for", () => {
    expect(Money.format(eur(1999), "en-US")).toBe("€19.99")
    expect(spaces(Money.format(eur(1999), "de-DE"))).toBe("19,99 €")
    expect(Money.format(eur(-5), "en-US")).toBe("-€0.05")
    expect(Money.format(Money.make(1999, "JPY"), "en-US")).toBe("¥1,999")
    expect(spaces(Money.format(Money.make(1234, "BHD"), "en-US"))).toBe("BHD 1.234")
  })

  it("formats exactly, with no float rounding, even at the edge of the range", () => {
    expect(Money.format(eur(Number.MAX_SAFE_INTEGER), "en-US")).toBe("€90,071,992,547,409.91")
  })

  it("falls back to the default locale for a malformed tag instead of throwing", () => {
    expect(Money.format(eur(100), "not a locale!")).toBe(Money.format(eur(100)))
  })
})

/** A finite non-negative double as an exact fraction numerator / 2^shift (independent of the library). */
const exactFraction = (value: number): { numerator: bigint; shift: number } => {
  const view = new DataView(new ArrayBuffer(8))
  view.setFloat64(0, value)
  const bits = view.getBigUint64(0)
  const exponent = Number((bits >> 52n) & 0x7ffn)
  const fraction = bits & ((1n << 52n) - 1n)
  if (exponent === 0) return { numerator: fraction, shift: 1074 }
  const mantissa = fraction | (1n << 52n)
  const power = exponent - 1075
  return power >= 0
    ? { numerator: mantissa << BigInt(power), shift: 0 }
    : { numerator: mantissa, shift: -power }
}

describe("Money.allocate", () => {
  it("shares out by the largest remainder; ties go to the lower index", () => {
    expect(amounts(right(Money.allocate(eur(100), [1, 1, 1])))).toEqual([34, 33, 33])
    expect(amounts(right(Money.allocate(eur(5), [1, 1, 1, 1])))).toEqual([2, 1, 1, 1])
    expect(amounts(right(Money.allocate(eur(1000), [40, 30, 20, 10])))).toEqual([
      400, 300, 200, 100,
    ])
    // remainders 0.6, 0.3, 0.1 of one unit: the largest remainder wins, not the lowest index
    expect(amounts(right(Money.allocate(eur(1), [1, 3, 6])))).toEqual([0, 0, 1])
    expect(amounts(right(pipe(eur(7), Money.allocate([0, 1, 0]))))).toEqual([0, 7, 0])
  })

  it("negative amounts allocate symmetrically", () => {
    expect(amounts(right(Money.allocate(eur(-100), [1, 1, 1])))).toEqual([-34, -33, -33])
    expect(amounts(right(Money.allocate(eur(0), [1, 2])))).toEqual([0, 0])
    expect(Object.is(right(Money.allocate(eur(0), [1, 2]))[0]?.amount, 0)).toBe(true)
  })

  it("is exact for float weights: 0.1 and 0.2 are exactly in ratio 1:2 as doubles", () => {
    expect(amounts(right(Money.allocate(eur(3), [0.1, 0.2])))).toEqual([1, 2])
    expect(amounts(right(Money.allocate(eur(1000), [0.4, 0.3, 0.2, 0.1])))).toEqual([
      400, 300, 200, 100,
    ])
    expect(amounts(right(Money.allocate(eur(2), [5e-324, 5e-324])))).toEqual([1, 1])
    expect(amounts(right(Money.allocate(eur(9), [Number.MAX_VALUE, 5e-324])))).toEqual([9, 0])
    expect(
      amounts(right(Money.allocate(eur(Number.MAX_SAFE_INTEGER), [1, 1]))).reduce((a, b) => a + b),
    ).toBe(Number.MAX_SAFE_INTEGER)
  })

  it("rejects empty, non-finite, negative and all-zero weights with paths", () => {
    expect(left(Money.allocate(eur(1), [])).issues).toEqual([
      { path: ["weights"], message: "at least one weight is required" },
    ])
    const bad = left(Money.allocate(eur(1), [1, Number.NaN, -1, Number.POSITIVE_INFINITY]))
    expect(bad).toBeInstanceOf(Errors.ValidationError)
    expect(bad.issues.map((issue) => issue.path)).toEqual([
      ["weights", 1],
      ["weights", 2],
      ["weights", 3],
    ])
    expect(left(Money.allocate(eur(1), [0, 0])).issues).toEqual([
      { path: ["weights"], message: "the weights must not all be zero" },
    ])
  })

  it("parts always sum exactly to the whole and each is within one minor unit of its exact share (property)", () => {
    const weight = FastCheck.oneof(
      FastCheck.integer({ min: 0, max: 1000 }),
      FastCheck.double({ min: 0, max: 1, noNaN: true }),
      FastCheck.double({ min: 0, noNaN: true, noDefaultInfinity: true }),
      FastCheck.constant(0),
    )
    const weights = FastCheck.array(weight, { minLength: 1, maxLength: 12 }).filter((list) =>
      list.some((value) => value > 0),
    )
    FastCheck.assert(
      FastCheck.property(moneyArbitrary, weights, (money, list) => {
        const parts = right(Money.allocate(money, list))
        expect(parts).toHaveLength(list.length)
        expect(parts.every((part) => part.currency === money.currency)).toBe(true)
        const total = parts.reduce((acc, part) => acc + BigInt(part.amount), 0n)
        expect(total).toBe(BigInt(money.amount))
        // exact share of part i = amount * w_i / Σw, compared with integers over 2^maxShift
        const fractions = list.map(exactFraction)
        const maxShift = Math.max(...fractions.map((f) => f.shift))
        const scaled = fractions.map((f) => f.numerator << BigInt(maxShift - f.shift))
        const denominator = scaled.reduce((acc, value) => acc + value, 0n)
        parts.forEach((part, index) => {
          const exact = BigInt(money.amount) * (scaled[index] ?? 0n)
          const difference = BigInt(part.amount) * denominator - exact
          const magnitude = difference < 0n ? -difference : difference
          expect(magnitude < denominator).toBe(true)
        })
      }),
      { numRuns: 300 },
    )
  })

  it("allocating a negative amount is the negation of allocating its absolute value (property)", () => {
    FastCheck.assert(
      FastCheck.property(
        moneyArbitrary,
        FastCheck.array(FastCheck.integer({ min: 0, max: 50 }), {
          minLength: 1,
          maxLength: 8,
        }).filter((list) => list.some((value) => value > 0)),
        (money, list) => {
          const positive = amounts(right(Money.allocate(money, list)))
          const negative = amounts(right(Money.allocate(Money.negate(money), list)))
          expect(negative).toEqual(positive.map((value) => -value + 0))
        },
      ),
      { numRuns: 200 },
    )
  })
})
