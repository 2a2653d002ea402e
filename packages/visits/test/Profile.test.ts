import { Civil, Period, Personal } from "@clientele/core"
import * as Arbitrary from "effect/Arbitrary"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"
import { describe, expect, it } from "vitest"
import * as Profile from "../src/Profile.js"

const date = (text: string) => Period.CivilDate.make(text)

const left = <A, E>(result: Either.Either<A, E>): E => {
  if (Either.isRight(result)) throw new Error("expected Left")
  return result.left
}

const important = (input: typeof Profile.ImportantDate.Encoded): Profile.ImportantDate =>
  Schema.decodeUnknownSync(Profile.ImportantDate)(input)

const datesOf = (
  importantDate: Profile.ImportantDate,
  from: string,
  to: string,
): ReadonlyArray<string> =>
  Profile.occurrencesOf(importantDate, date(from), date(to)).map((occurrence) => occurrence.date)

const pathsOf = (input: unknown) =>
  left(Profile.decodeEither(input)).issues.map((issue) => issue.path)

describe("Profile: the schema", () => {
  it("VIS-7 a profile holds preferences, purchase patterns and the family's important dates", () => {
    const profile = Profile.make({
      customerId: "cus-1",
      zone: "Europe/Paris",
      preferences: { notes: "prefers afternoon visits", values: { drink: "green tea" } },
      purchasePatterns: { preferredCategories: ["tea"], usualOrderIntervalDays: 45 },
      importantDates: [
        { id: "bd", kind: "birthday", date: "1975-06-12" },
        { id: "bd-spouse", kind: "birthday", person: "spouse", date: "--09-03" },
        { id: "wed", kind: "weddingAnniversary", person: "spouse", date: "2001-09-08" },
        { id: "promo", kind: "promotion", date: "2024-04-01", label: "head of purchasing" },
      ],
    })
    expect(profile.preferences.values).toEqual({ drink: "green tea" })
    expect(profile.purchasePatterns.preferredCategories).toEqual(["tea"])
    expect(profile.importantDates.map((d) => [d.id, d.person, d.leapDay])).toEqual([
      ["bd", "customer", "feb28"],
      ["bd-spouse", "spouse", "feb28"],
      ["wed", "spouse", "feb28"],
      ["promo", "customer", "feb28"],
    ])
  })

  it("VIS-7 the default leap-day rule is feb28, and each date may choose its own", () => {
    expect(Profile.defaultLeapDayRule).toBe("feb28")
    expect(important({ id: "bd", kind: "birthday", date: "2000-02-29" }).leapDay).toBe("feb28")
    expect(
      important({ id: "bd", kind: "birthday", date: "2000-02-29", leapDay: "skip" }).leapDay,
    ).toBe("skip")
  })

  it("VIS-7 names, relations, labels and free text are marked personal", () => {
    const marked = (schema: Schema.Schema.Any) =>
      AST.getPropertySignatures(schema.ast)
        .filter(Personal.isPersonal)
        .map((field) => String(field.name))
    expect(marked(Profile.ImportantDate)).toEqual(["person", "label"])
    expect(marked(Profile.Preferences)).toEqual(["notes", "values"])
    expect(marked(Profile.PurchasePatterns)).toEqual(["notes"])
  })

  it("VIS-7 an unknown time zone is refused with the field named", () => {
    expect(pathsOf({ customerId: "cus-1", zone: "Mars/Olympus_Mons" })).toEqual([["zone"]])
  })

  it("VIS-7 a date that does not exist is refused with the field named", () => {
    expect(
      pathsOf({
        customerId: "cus-1",
        zone: "UTC",
        importantDates: [
          { id: "a", kind: "birthday", date: "2023-02-29" },
          { id: "b", kind: "birthday", date: "--02-30" },
          { id: "c", kind: "birthday", date: "1990-13-01" },
          { id: "d", kind: "birthday", date: "--02-29" },
        ],
      }),
    ).toEqual([
      ["importantDates", 0, "date"],
      ["importantDates", 1, "date"],
      ["importantDates", 2, "date"],
    ])
  })

  it("VIS-7 a promotion needs its year, an 'other' date its label, and ids are unique", () => {
    expect(
      pathsOf({
        customerId: "cus-1",
        zone: "UTC",
        importantDates: [
          { id: "p", kind: "promotion", date: "--04-01" },
          { id: "o", kind: "other", date: "2010-05-05" },
        ],
      }),
    ).toEqual([
      ["importantDates", 0, "date"],
      ["importantDates", 1, "label"],
    ])
    expect(
      pathsOf({
        customerId: "cus-1",
        zone: "UTC",
        importantDates: [
          { id: "x", kind: "birthday", date: "--01-01" },
          { id: "x", kind: "birthday", date: "--02-01" },
        ],
      }),
    ).toEqual([["importantDates", 1, "id"]])
  })

  it("VIS-7 a profile survives a JSON round trip", () => {
    const profile = Profile.make({
      customerId: "cus-1",
      zone: "Asia/Tokyo",
      importantDates: [{ id: "bd", kind: "birthday", date: "--02-29", leapDay: "mar1" }],
    })
    const json = JSON.parse(JSON.stringify(Schema.encodeSync(Profile.CustomerProfile)(profile)))
    expect(Either.getOrThrow(Profile.decodeEither(json))).toEqual(profile)
  })
})

describe("Profile: occurrences", () => {
  const leapling = (leapDay: Profile.LeapDayRule) =>
    important({ id: "bd", kind: "birthday", date: "2000-02-29", leapDay })

  it("VIS-7 a 29 February birthday falls on 28 February in common years under feb28", () => {
    expect(datesOf(leapling("feb28"), "2023-01-01", "2025-01-01")).toEqual([
      "2023-02-28",
      "2024-02-29",
    ])
    const [common] = Profile.occurrencesOf(
      leapling("feb28"),
      date("2023-01-01"),
      date("2024-01-01"),
    )
    expect(common).toEqual({ date: "2023-02-28", year: 2023, years: 23, moved: true })
  })

  it("VIS-7 a 29 February birthday falls on 1 March in common years under mar1", () => {
    expect(datesOf(leapling("mar1"), "2023-01-01", "2025-01-01")).toEqual([
      "2023-03-01",
      "2024-02-29",
    ])
    // 2100 is not a leap year: the Gregorian century rule applies.
    expect(datesOf(leapling("mar1"), "2100-01-01", "2101-01-01")).toEqual(["2100-03-01"])
  })

  it("VIS-7 a 29 February birthday has no occurrence in common years under skip", () => {
    expect(datesOf(leapling("skip"), "2021-01-01", "2025-01-01")).toEqual(["2024-02-29"])
    expect(datesOf(leapling("skip"), "2023-01-01", "2024-01-01")).toEqual([])
  })

  it("VIS-7 an anniversary on a date the target year lacks follows the same rules", () => {
    const wedding = (leapDay: Profile.LeapDayRule) =>
      important({ id: "wed", kind: "weddingAnniversary", date: "2004-02-29", leapDay })
    const in2025 = (leapDay: Profile.LeapDayRule) =>
      Profile.occurrencesOf(wedding(leapDay), date("2025-01-01"), date("2026-01-01"))
    expect(in2025("feb28")).toEqual([{ date: "2025-02-28", year: 2025, years: 21, moved: true }])
    expect(in2025("mar1")).toEqual([{ date: "2025-03-01", year: 2025, years: 21, moved: true }])
    expect(in2025("skip")).toEqual([])
    // Without a year the same rules apply, and no count is given.
    const yearless = important({
      id: "wed",
      kind: "weddingAnniversary",
      date: "--02-29",
      leapDay: "mar1",
    })
    expect(Profile.occurrencesOf(yearless, date("2025-01-01"), date("2026-01-01"))).toEqual([
      { date: "2025-03-01", year: 2025, moved: true },
    ])
  })

  it("VIS-7 nothing falls before the original date, which is itself the first occurrence", () => {
    const promotion = important({ id: "p", kind: "promotion", date: "2024-04-01" })
    expect(
      Profile.occurrencesOf(promotion, date("2020-01-01"), date("2026-01-01")).map((o) => [
        o.date,
        o.years,
      ]),
    ).toEqual([
      ["2024-04-01", 0],
      ["2025-04-01", 1],
    ])
    const born = important({ id: "bd", kind: "birthday", date: "2024-06-15" })
    expect(datesOf(born, "2024-06-16", "2025-01-01")).toEqual([])
  })

  it("VIS-7 a date without a year falls every year, without an anniversary count", () => {
    const birthday = important({ id: "bd", kind: "birthday", date: "--12-31" })
    expect(Profile.occurrencesOf(birthday, date("1999-06-01"), date("2001-06-01"))).toEqual([
      { date: "1999-12-31", year: 1999, moved: false },
      { date: "2000-12-31", year: 2000, moved: false },
    ])
  })

  it("VIS-7 the range is [from, to): the end date is excluded, an empty range has nothing", () => {
    const birthday = important({ id: "bd", kind: "birthday", date: "--03-10" })
    expect(datesOf(birthday, "2025-03-10", "2025-03-11")).toEqual(["2025-03-10"])
    expect(datesOf(birthday, "2025-01-01", "2025-03-10")).toEqual([])
    expect(datesOf(birthday, "2025-03-10", "2025-03-10")).toEqual([])
    expect(datesOf(birthday, "2026-01-01", "2025-01-01")).toEqual([])
  })

  it("VIS-7 upcoming lists every date of the profile by date, then by id", () => {
    const profile = Profile.make({
      customerId: "cus-1",
      zone: "UTC",
      importantDates: [
        { id: "z-wed", kind: "weddingAnniversary", date: "2001-09-08" },
        { id: "b-kid", kind: "birthday", person: "daughter", date: "2010-09-08" },
        { id: "a-bd", kind: "birthday", date: "--01-20" },
      ],
    })
    expect(
      Profile.upcoming(profile, date("2025-01-01"), date("2026-01-01")).map((entry) => [
        entry.occurrence.date,
        entry.importantDate.id,
      ]),
    ).toEqual([
      ["2025-01-20", "a-bd"],
      ["2025-09-08", "b-kid"],
      ["2025-09-08", "z-wed"],
    ])
  })

  const rangeArb = FastCheck.tuple(
    FastCheck.integer({
      min: Civil.parse("1900-01-01") ?? 0,
      max: Civil.parse("2200-01-01") ?? 0,
    }),
    FastCheck.integer({ min: 0, max: 3 * 366 }),
  ).map(([start, length]) => ({
    from: date(Civil.format(start)),
    to: date(Civil.format(start + length)),
  }))

  it("VIS-7 property: occurrences lie in the range, ascending, at most one a year, never before the original", () => {
    FastCheck.assert(
      FastCheck.property(
        Arbitrary.make(Profile.ImportantDate),
        rangeArb,
        (importantDate, { from, to }) => {
          const occurrences = Profile.occurrencesOf(importantDate, from, to)
          const original: string | undefined = /^\d{4}/.test(importantDate.date)
            ? importantDate.date
            : undefined
          const [, month, day] = /(\d{2})-(\d{2})$/.exec(importantDate.date) ?? []
          let previousYear = -Infinity
          for (const occurrence of occurrences) {
            expect(occurrence.date >= from && occurrence.date < to).toBe(true)
            expect(occurrence.year).toBeGreaterThan(previousYear)
            previousYear = occurrence.year
            if (original !== undefined) expect(occurrence.date >= original).toBe(true)
            const expected = occurrence.moved
              ? importantDate.leapDay === "feb28"
                ? "02-28"
                : "03-01"
              : `${month}-${day}`
            expect(occurrence.date.slice(5)).toBe(expected)
            if (occurrence.moved) expect(importantDate.leapDay).not.toBe("skip")
          }
        },
      ),
    )
  })
})
