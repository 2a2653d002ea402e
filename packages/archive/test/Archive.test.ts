import { Errors, Ids, Personal } from "@clientele/core"
import { Policy } from "@clientele/segmentation"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"
import { describe, expect, it } from "vitest"
import * as Archive from "../src/Archive.js"

const right = <A, E>(result: Either.Either<A, E>): A => {
  if (Either.isLeft(result)) throw new Error(`expected Right, got ${String(result.left)}`)
  return result.right
}

const left = <A, E>(result: Either.Either<A, E>): E => {
  if (Either.isRight(result)) throw new Error("expected Left")
  return result.left
}

const JAN_2024 = Date.UTC(2024, 0, 15, 9)
const agent = Ids.StaffId.make("staff_7")
const lead = Ids.StaffId.make("staff_9")

const fileGeneral = (customer = "cus_42", at = JAN_2024) =>
  right(Archive.file({ customer, customerClass: "general", at, by: agent }, Policy.threeTiers))

const testimonial = {
  statement: "Delivery was faster than promised.",
  author: "Grace Hopper",
  saidAt: Date.UTC(2024, 2, 1),
  channel: "phone",
  consentToPublish: true,
  archivedAt: Date.UTC(2024, 2, 2),
  archivedBy: "staff_7",
}

const personalFields = (schema: Schema.Schema.AnyNoContext): ReadonlyArray<PropertyKey> =>
  AST.getPropertySignatures(schema.ast)
    .filter(Personal.isPersonal)
    .map((field) => field.name)

describe("Archive: filing by class", () => {
  it("ARC-1 an archive is filed under a class of the scheme, its history opened by Filed", () => {
    const archive = right(
      Archive.file(
        {
          customer: "cus_42",
          customerClass: "major",
          at: JAN_2024,
          by: "staff_7",
          profile: [{ key: "contactPerson", value: "Ada Lovelace" }],
        },
        Policy.threeTiers,
      ),
    )
    expect(archive.customerClass).toBe("major")
    expect(archive.profile).toEqual([{ key: "contactPerson", value: "Ada Lovelace" }])
    expect(archive.history).toEqual([
      { _tag: "Filed", customerClass: "major", at: JAN_2024, by: agent },
    ])
    expect(Archive.filedAt(archive)).toBe(JAN_2024)
    expect(Schema.is(Archive.Archive)(archive)).toBe(true)
  })

  it("ARC-1 the classes of both SEG-1 schemes are the tier names and the potential tier", () => {
    expect(Archive.classesOf(Policy.threeTiers)).toEqual(["major", "general", "potential"])
    expect(Archive.classesOf(Policy.stars)).toEqual([
      "5-star",
      "4-star",
      "3-star",
      "2-star",
      "1-star",
      "potential",
    ])
    const star = right(
      Archive.file(
        { customer: "cus_1", customerClass: "5-star", at: JAN_2024, by: agent },
        Policy.stars,
      ),
    )
    expect(star.customerClass).toBe("5-star")
  })

  it("ARC-1 without a scheme a class is a free name, so archives of a replaced scheme still decode", () => {
    const archive = right(
      Archive.file({ customer: "cus_1", customerClass: "gold", at: JAN_2024, by: agent }),
    )
    expect(archive.customerClass).toBe("gold")
    const error = left(
      Archive.file(
        { customer: "cus_1", customerClass: "gold", at: JAN_2024, by: agent },
        Policy.threeTiers,
      ),
    )
    expect(error).toBeInstanceOf(Archive.UnknownClassError)
    expect(error).toMatchObject({
      _tag: "UnknownClassError",
      field: "customerClass",
      customerClass: "gold",
      scheme: "three tiers",
      known: ["major", "general", "potential"],
    })
  })

  it("ARC-1 refiling when the class changes records the move: from, to, when, by whom", () => {
    const archive = fileGeneral()
    const at = Date.UTC(2025, 0, 2, 8)
    const moved = right(
      Archive.refile(
        archive,
        { to: "major", at, by: lead, policyVersion: "2025" },
        Policy.threeTiers,
      ),
    )
    expect(moved.customerClass).toBe("major")
    expect(moved.history).toHaveLength(2)
    expect(moved.history[1]).toEqual({
      _tag: "Refiled",
      from: "general",
      to: "major",
      at,
      by: lead,
      policyVersion: "2025",
    })
    expect(Archive.extendsHistory(archive, moved)).toBe(true)
    expect(Archive.extendsHistory(moved, archive)).toBe(false)
    expect(Schema.is(Archive.Archive)(moved)).toBe(true)
    // the original is untouched: archives are values
    expect(archive.customerClass).toBe("general")
    expect(archive.history).toHaveLength(1)
  })

  it("ARC-1 refiling under the class the archive is already in records nothing", () => {
    const archive = fileGeneral()
    const same = right(Archive.refile(archive, { to: "general", at: JAN_2024 + 1, by: lead }))
    expect(same).toBe(archive)
  })

  it("ARC-1 the class at an instant is read from the history; a move takes effect at its instant", () => {
    const archive = fileGeneral()
    const at = Date.UTC(2024, 6, 1)
    const moved = right(Archive.refile(archive, { to: "potential", at, by: lead }))
    expect(Archive.classAt(moved, JAN_2024 - 1)).toBeUndefined()
    expect(Archive.classAt(moved, JAN_2024)).toBe("general")
    expect(Archive.classAt(moved, at - 1)).toBe("general")
    expect(Archive.classAt(moved, at)).toBe("potential")
  })
})

describe("Archive: contents", () => {
  it("ARC-1 testimonials are archived with what was said, when, the channel and the consent", () => {
    const archive = right(Archive.archiveTestimonial(fileGeneral(), testimonial))
    const withdrawn = right(
      Archive.archiveTestimonial(archive, {
        ...testimonial,
        statement: "Please do not quote me.",
        consentToPublish: false,
      }),
    )
    expect(withdrawn.testimonials).toHaveLength(2)
    expect(withdrawn.testimonials[0]).toEqual({ ...testimonial, archivedBy: agent })
    expect(Archive.publishable(withdrawn).map((item) => item.statement)).toEqual([
      "Delivery was faster than promised.",
    ])
    expect(Schema.is(Archive.Archive)(withdrawn)).toBe(true)
  })

  it("ARC-1 testimonial fields holding personal data carry the personal annotation", () => {
    expect(personalFields(Archive.Testimonial)).toEqual(["statement", "author"])
    const statement = AST.getPropertySignatures(Archive.Testimonial.ast).find(
      (field) => field.name === "statement",
    )
    expect(statement?.type.annotations[Personal.PersonalAnnotationId]).toBe(true)
  })

  it("ARC-1 profile values, notes and adjustment values carry the personal annotation", () => {
    expect(personalFields(Archive.ProfileFact)).toEqual(["value"])
    expect(personalFields(Archive.Note)).toEqual(["text"])
    expect(personalFields(Archive.Adjustment)).toEqual(["before", "after"])
    // ids and the class are not personal data of their own
    expect(personalFields(Archive.Archive)).toEqual([])
  })

  it("ARC-1 notes are appended to the archive", () => {
    const archive = right(
      Archive.addNote(fileGeneral(), { at: JAN_2024 + 1, by: "staff_7", text: "Prefers calls" }),
    )
    expect(archive.notes).toEqual([{ at: JAN_2024 + 1, by: agent, text: "Prefers calls" }])
  })
})

describe("Archive: lookup by class", () => {
  it("ARC-1 the index groups archives by their current class, in list order", () => {
    const a = fileGeneral("cus_a")
    const b = right(Archive.refile(fileGeneral("cus_b"), { to: "major", at: JAN_2024, by: lead }))
    const c = fileGeneral("cus_c")
    const d = right(
      Archive.refile(fileGeneral("cus_d"), { to: "potential", at: JAN_2024, by: lead }),
    )
    const archives = [a, b, c, d]
    const index = Archive.byClass(archives)
    expect([...index.keys()]).toEqual(["general", "major", "potential"])
    expect(index.get("general")?.map((archive) => archive.customer)).toEqual(["cus_a", "cus_c"])
    expect(index.get("major")?.map((archive) => archive.customer)).toEqual(["cus_b"])
    expect(Archive.lookup(archives, "potential").map((archive) => archive.customer)).toEqual([
      "cus_d",
    ])
    expect(Archive.lookup(archives, "5-star")).toEqual([])
  })
})

describe("Archive: bad input", () => {
  const expectPaths = (error: unknown, paths: ReadonlyArray<ReadonlyArray<string | number>>) => {
    expect(error).toBeInstanceOf(Errors.ValidationError)
    // a literal union reports one issue per member it tried: compare the distinct paths
    const named = new Set(
      (error as Errors.ValidationError).issues.map((issue) => JSON.stringify(issue.path)),
    )
    expect([...named]).toEqual(paths.map((path) => JSON.stringify(path)))
  }

  it("ARC-1 a bad filing gives a ValidationError naming each bad field", () => {
    expectPaths(
      left(Archive.file({ customer: "", customerClass: " ", at: Number.NaN, by: agent })),
      [["customer"], ["customerClass"], ["at"]],
    )
    expectPaths(
      left(
        Archive.file({
          customer: "cus_1",
          customerClass: "general",
          at: JAN_2024,
          by: agent,
          profile: [
            { key: "phone", value: "1" },
            { key: "phone", value: "2" },
          ],
        }),
      ),
      [["profile", 1, "key"]],
    )
  })

  it("ARC-1 a bad move gives typed errors naming the field", () => {
    const archive = fileGeneral()
    expectPaths(left(Archive.refile(archive, { to: "", at: JAN_2024, by: lead })), [["to"]])
    expect(
      left(Archive.refile(archive, { to: "gold", at: JAN_2024, by: lead }, Policy.threeTiers)),
    ).toMatchObject({ _tag: "UnknownClassError", field: "to", customerClass: "gold" })
    const early = left(Archive.refile(archive, { to: "major", at: JAN_2024 - 1, by: lead }))
    expect(early).toBeInstanceOf(Archive.OutOfOrderError)
    expect(early).toMatchObject({ field: "at", at: JAN_2024 - 1, latest: JAN_2024 })
  })

  it("ARC-1 a testimonial without its consent or channel is refused, naming the fields", () => {
    const { consentToPublish: _consent, ...withoutConsent } = testimonial
    expectPaths(
      left(Archive.archiveTestimonial(fileGeneral(), { ...withoutConsent, channel: "fax" })),
      [["channel"], ["consentToPublish"]],
    )
  })

  it("ARC-1 a stored archive whose history was tampered with does not decode", () => {
    const archive = Schema.encodeSync(Archive.Archive)(
      right(Archive.refile(fileGeneral(), { to: "major", at: JAN_2024 + 10, by: lead })),
    )
    const wrongFrom = {
      ...archive,
      history: [archive.history[0], { ...archive.history[1], from: "potential" }],
    }
    expectPaths(left(Errors.decodeEither(Archive.Archive)(wrongFrom)), [["history", 1, "from"]])
    const backwards = {
      ...archive,
      history: [archive.history[0], { ...archive.history[1], at: JAN_2024 - 10 }],
    }
    expectPaths(left(Errors.decodeEither(Archive.Archive)(backwards)), [["history", 1, "at"]])
    const wrongClass = { ...archive, customerClass: "general" }
    expectPaths(left(Errors.decodeEither(Archive.Archive)(wrongClass)), [["customerClass"]])
  })
})

describe("Archive: properties", () => {
  const classes = Archive.classesOf(Policy.threeTiers)
  const moves = FastCheck.array(
    FastCheck.record({
      to: FastCheck.constantFrom(...classes),
      after: FastCheck.integer({ min: 0, max: 400 * 86_400_000 }),
    }),
    { maxLength: 20 },
  )

  it("ARC-1 any sequence of refilings keeps the archive valid and its history append-only", () => {
    FastCheck.assert(
      FastCheck.property(moves, (steps) => {
        let archive = fileGeneral()
        let at = JAN_2024
        let expectedMoves = 0
        for (const step of steps) {
          at += step.after
          const next = right(Archive.refile(archive, { to: step.to, at, by: lead }))
          if (step.to !== archive.customerClass) expectedMoves++
          expect(Archive.extendsHistory(archive, next)).toBe(true)
          expect(next.customerClass).toBe(step.to)
          archive = next
        }
        expect(Schema.is(Archive.Archive)(archive)).toBe(true)
        expect(archive.history.length).toBe(1 + expectedMoves)
        expect(Archive.classAt(archive, at)).toBe(archive.customerClass)
      }),
    )
  })

  it("ARC-1 the class index partitions the archives: each one exactly once, under its class", () => {
    FastCheck.assert(
      FastCheck.property(
        FastCheck.array(FastCheck.constantFrom(...classes), { maxLength: 30 }),
        (filedUnder) => {
          const archives = filedUnder.map((customerClass, index) =>
            right(
              Archive.file({ customer: `cus_${index}`, customerClass, at: JAN_2024, by: agent }),
            ),
          )
          const index = Archive.byClass(archives)
          let total = 0
          for (const [customerClass, filed] of index) {
            total += filed.length
            expect(filed.every((archive) => archive.customerClass === customerClass)).toBe(true)
            expect(Archive.lookup(archives, customerClass)).toEqual(filed)
          }
          expect(total).toBe(archives.length)
        },
      ),
    )
  })
})
