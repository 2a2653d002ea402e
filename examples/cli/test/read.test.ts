import { readFileSync } from "node:fs"
import { Civil, Money } from "@clientele/core"
import * as Either from "effect/Either"
import * as fc from "effect/FastCheck"
import { describe, expect, it } from "vitest"
import {
  defaultColumns,
  detectFormat,
  type InputError,
  parseAmount,
  parseInstant,
  parseText,
  readTransactions,
  splitCsvLine,
  type Transactions,
} from "../src/read.js"
import { bhd, cdnowSample, jpy, readOptions, usd } from "./fixtures.js"

const read = (text: string, overrides: Parameters<typeof readOptions>[0] = {}): Transactions =>
  Either.getOrThrowWith(
    parseText(text, readOptions(overrides)),
    (error) => new Error(error.message),
  )

const failure = (text: string, overrides: Parameters<typeof readOptions>[0] = {}): InputError => {
  const result = parseText(text, readOptions(overrides))
  if (Either.isRight(result)) throw new Error("expected the input to be refused")
  return result.left
}

/** A field quoted as RFC 4180 says, whatever it holds. */
const quoted = (field: string) => `"${field.replaceAll('"', '""')}"`

async function* chunked(bytes: Uint8Array, cuts: ReadonlyArray<number>) {
  let start = 0
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    yield bytes.subarray(start, cut)
    start = cut
  }
  yield bytes.subarray(start)
}

describe("the CDNOW format", () => {
  const text = readFileSync(cdnowSample, "utf8")

  it("reads the sample: 6,919 purchases of 2,357 customers, in exact cents, at midnight of their date", () => {
    const transactions = read(text)
    expect(transactions.format).toBe("cdnow")
    expect(transactions.at.length).toBe(6919)
    expect(transactions.customers.length).toBe(2357)
    // The first line: ` 00004 0001 19970101  2   29.33` — the sample's own id, not the master id.
    expect(transactions.customers[0]).toBe("0001")
    expect(transactions.amount[0]).toBe(2933)
    expect(transactions.at[0]).toBe(Date.UTC(1997, 0, 1))
    expect(Civil.format(transactions.firstDay)).toBe("1997-01-01")
    expect(Civil.format(transactions.lastDay)).toBe("1998-06-30")
    expect(transactions.category).toBeUndefined()
  })

  it("reads the four-field layout of the full data set (no master id)", () => {
    const transactions = read(
      "0001 19970101 2 29.33\n0001 19970118 2 29.73\n0002 19970102 1 11.77\n",
    )
    expect(transactions.customers).toEqual(["0001", "0002"])
    expect(Array.from(transactions.amount)).toEqual([2933, 2973, 1177])
  })

  it("names the line and the field of a bad value", () => {
    const error = failure(" 00004 0001 19970101  2   29.33\n 00004 0001 1997011  2   29.73\n")
    expect(error.line).toBe(2)
    expect(error.column).toBe("3 (date)")
    expect(error.message).toMatch(
      /^test\.csv:2: column 3 \(date\): "1997011" is not a date YYYYMMDD$/,
    )
    expect(failure("0001 19970101 2 29.333\n").column).toBe("4 (amount)")
    expect(failure("0001 19970101 two 29.33\n").column).toBe("3 (quantity)")
    expect(failure("0001 19970101 2\n", { format: "cdnow" }).message).toContain("has 3 fields")
  })

  it("is detected from the first line, and a CSV header is not mistaken for it", () => {
    expect(detectFormat(" 00004 0001 19970101  2   29.33")).toBe("cdnow")
    expect(detectFormat("0001 19970101 2 29.33")).toBe("cdnow")
    expect(detectFormat("customer_id,date,amount")).toBe("csv")
    expect(detectFormat("customer id date amount")).toBe("csv")
  })

  it("read as CSV, it fails on the header with a hint at --format cdnow", () => {
    const error = failure(text, { format: "csv" })
    expect(error.line).toBe(1)
    expect(error.message).toContain('no column "customer_id", "date", "amount"')
    expect(error.message).toContain("--format cdnow")
  })
})

describe("the CSV format", () => {
  it("reads quoted fields, a byte-order mark, CRLF line ends and blank lines", () => {
    const transactions = read(
      '\uFEFFcustomer_id,date,amount,category\r\n"c,1",2024-01-05,120.00,"chairs, ""office"""\r\n\r\nc2 , 2024-02-10 , 15 , paper\r\n',
    )
    expect(transactions.customers).toEqual(["c,1", "c2"])
    expect(transactions.categories).toEqual(['chairs, "office"', "paper"])
    expect(Array.from(transactions.amount)).toEqual([12000, 1500])
    expect(transactions.lines).toBe(4)
  })

  it("finds the columns by name, in any order and case, as the flags name them", () => {
    const transactions = read("Amount;x,Note,Kunde,Datum,margin\n19.99,a,c-1,2024-03-01,-2.50\n", {
      columns: {
        ...defaultColumns,
        customer: "kunde",
        date: "datum",
        amount: "amount;x",
        contribution: "MARGIN",
        required: ["contribution"],
      },
    })
    expect(transactions.customers).toEqual(["c-1"])
    expect(Array.from(transactions.amount)).toEqual([1999])
    // A margin may be negative; revenue may not.
    expect(Array.from(transactions.contribution ?? [])).toEqual([-250])
  })

  it("requires an optional column only when a flag names it", () => {
    const error = failure("customer_id,date,amount\nc1,2024-01-01,1\n", {
      columns: { ...defaultColumns, category: "segment", required: ["category"] },
    })
    expect(error.message).toContain('no column "segment"')
  })

  it("reads amounts in the currency's minor units, exactly", () => {
    const yen = read("customer_id,date,amount\nc1,2024-01-01,1999\n", { currency: jpy })
    expect(Array.from(yen.amount)).toEqual([1999])
    expect(Array.from(read("customer_id,date,amount\nc1,2024-01-01,0.1\n").amount)).toEqual([10])
  })

  it.each([
    [
      "customer_id,date,amount\nc1,2024-01-05,12.345\n",
      2,
      "3 (amount)",
      "has 3 decimals but USD has 2",
    ],
    ["customer_id,date,amount\nc1,2024-01-05,-5.00\n", 2, "3 (amount)", "is negative"],
    ["customer_id,date,amount\nc1,2024-01-05,1e3\n", 2, "3 (amount)", "is not a decimal number"],
    ["customer_id,date,amount\nc1,05/01/2024,1\n", 2, "2 (date)", "is not a date"],
    ["customer_id,date,amount\nc1,2024-02-30,1\n", 2, "2 (date)", "is not a day of the calendar"],
    ["customer_id,date,amount\nc1,2024-02-03 25:00,1\n", 2, "2 (date)", "is not a time of day"],
    ["customer_id,date,amount\n,2024-01-05,1\n", 2, "1 (customer_id)", "a customer id"],
    [
      "customer_id,date,amount,category\nc1,2024-01-05,1,\n",
      2,
      "4 (category)",
      "the category is empty",
    ],
  ])("names the line and column of a bad value: %j", (text, line, column, reason) => {
    const error = failure(text)
    expect(error.line).toBe(line)
    expect(error.column).toBe(column)
    expect(error.message).toContain(reason)
    expect(error.message.startsWith(`test.csv:${line}: column ${column}: `)).toBe(true)
  })

  it("refuses a row whose fields do not match the header, and an unclosed quote", () => {
    const short = failure("customer_id,date,amount\nc1,2024-01-05,1\nc2,2024-01-06\n")
    expect(short.line).toBe(3)
    expect(short.message).toContain("has 2 fields where the header has 3")
    expect(failure('customer_id,date,amount\n"c1,2024-01-05,1\n').message).toContain(
      "a quoted field is not closed",
    )
  })

  it("refuses an input without transactions", () => {
    expect(failure("").message).toContain("no transactions")
    expect(failure("customer_id,date,amount\n").message).toContain("a header and no rows")
  })
})

describe("amounts", () => {
  it("are read exactly as Money.fromDecimal reads them, in any currency", () => {
    const decimal = fc
      .tuple(
        fc.constantFrom("", "+", "-"),
        fc.stringMatching(/^\d{1,18}$/),
        fc.option(fc.stringMatching(/^\d{0,4}$/), { nil: undefined }),
      )
      .map(([sign, whole, fraction]) =>
        fraction === undefined ? `${sign}${whole}` : `${sign}${whole}.${fraction}`,
      )
    fc.assert(
      fc.property(
        fc.oneof(decimal, fc.string()),
        fc.constantFrom(usd, jpy, bhd),
        (text, currency) => {
          const ours = parseAmount(text, currency, "allowed")
          const library = Money.fromDecimal(text, currency)
          expect(ours.ok).toBe(Either.isRight(library))
          if (ours.ok && Either.isRight(library)) expect(ours.value).toBe(library.right.amount)
        },
      ),
    )
  })
})

describe("dates", () => {
  const instant = (text: string, zone: string) => {
    const read = parseInstant(text, zone)
    if (!read.ok) throw new Error(read.reason)
    return read.value
  }

  it("a civil date is midnight in the zone", () => {
    expect(instant("2024-07-01", "Europe/Berlin")).toBe(Date.UTC(2024, 5, 30, 22))
    expect(instant("20240701", "Asia/Shanghai")).toBe(Date.UTC(2024, 5, 30, 16))
  })

  it("a wall-clock time is read in the zone; an offset or Z overrides the zone", () => {
    expect(instant("2024-01-15 14:30", "America/New_York")).toBe(Date.UTC(2024, 0, 15, 19, 30))
    expect(instant("2024-01-15T14:30:05.25", "UTC")).toBe(Date.UTC(2024, 0, 15, 14, 30, 5, 250))
    expect(instant("2024-01-15T14:30:00+08:00", "America/New_York")).toBe(
      Date.UTC(2024, 0, 15, 6, 30),
    )
    expect(instant("2024-01-15T14:30:00Z", "Asia/Tokyo")).toBe(Date.UTC(2024, 0, 15, 14, 30))
  })

  it("agrees with Date.parse on every instant written in ISO form with Z", () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date("1900-01-01T00:00:00Z"),
          max: new Date("2999-12-31T23:59:59Z"),
          noInvalidDate: true,
        }),
        (date) => {
          const text = date.toISOString()
          expect(instant(text, "Pacific/Auckland")).toBe(date.getTime())
        },
      ),
    )
  })
})

describe("CSV fields", () => {
  it("split back to what was quoted, whatever they hold", () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: fc.constantFrom("a", "b", ",", '"', " ", "é", "\t") }), {
          minLength: 1,
          maxLength: 6,
        }),
        (fields) => {
          const split = splitCsvLine(fields.map(quoted).join(","))
          expect(split).toEqual({ ok: true, value: fields })
        },
      ),
    )
  })
})

describe("streaming", () => {
  const text = [
    "customer_id,date,amount,category",
    "café-1,2024-01-05,12.00,thé",
    "😀,2024-01-06,3.10,paper",
    "café-1,2024-02-01,7.25,thé",
  ].join("\r\n")
  const bytes = new TextEncoder().encode(text)

  it("gives the same transactions however the bytes are cut, even inside a character", async () => {
    const whole = read(text)
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 })),
        async (cuts) => {
          const streamed = Either.getOrThrow(
            await readTransactions(chunked(bytes, cuts), readOptions()),
          )
          expect(streamed).toEqual(whole)
        },
      ),
      { numRuns: 50 },
    )
  })

  it("reports the bytes and lines read, ending with the whole input", async () => {
    const reports: Array<[number, number]> = []
    await readTransactions(chunked(bytes, [10, 40]), readOptions(), (read, lines) =>
      reports.push([read, lines]),
    )
    expect(reports.at(-1)).toEqual([bytes.length, 4])
    for (let i = 1; i < reports.length; i++)
      expect((reports[i] as [number, number])[0]).toBeGreaterThanOrEqual(
        (reports[i - 1] as [number, number])[0],
      )
  })

  it("refuses bytes that are not UTF-8, naming the line", async () => {
    const latin1 = Uint8Array.from([
      ...new TextEncoder().encode("customer_id,date,amount\n"),
      0x63,
      0xe9,
      0x2c,
    ])
    const result = await readTransactions(chunked(latin1, []), readOptions())
    expect(Either.isLeft(result) && result.left.message).toBe("test.csv:2: is not UTF-8 text")
  })

  it("reads any set of purchases written as CSV back exactly", async () => {
    const purchase = fc.record({
      customer: fc.string({
        unit: fc.constantFrom("a", "b", "c", ",", '"', " ", "ü"),
        minLength: 1,
        maxLength: 4,
      }),
      day: fc.integer({ min: Civil.dayNumberOf(2000, 1, 1), max: Civil.dayNumberOf(2030, 12, 31) }),
      cents: fc.integer({ min: 0, max: 10_000_000 }),
    })
    await fc.assert(
      fc.asyncProperty(fc.array(purchase, { minLength: 1, maxLength: 30 }), async (purchases) => {
        const csv = [
          "customer_id,date,amount",
          ...purchases.map(
            (p) =>
              `${quoted(p.customer)},${Civil.format(p.day)},${Math.floor(p.cents / 100)}.${String(p.cents % 100).padStart(2, "0")}`,
          ),
        ].join("\n")
        const result = Either.getOrThrow(
          await readTransactions(chunked(new TextEncoder().encode(csv), [7]), readOptions()),
        )
        expect(Array.from(result.customer, (c) => result.customers[c])).toEqual(
          purchases.map((p) => p.customer),
        )
        expect(Array.from(result.amount)).toEqual(purchases.map((p) => p.cents))
        expect(Array.from(result.day)).toEqual(purchases.map((p) => p.day))
      }),
      { numRuns: 50 },
    )
  })
})
