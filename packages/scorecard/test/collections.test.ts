// ARC-4: an erasure and a retention sweep cover a package through the collections it
// lists, the subjects they declare and the fields marked personal, so the list must
// name every collection the service writes, and the marks must be where the personal
// data is.
import { Personal } from "@clientele/core"
import { type Collection, MemoryStore } from "@clientele/store"
import { recordingWrites, subjectProblems } from "@clientele/store/testkit"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as AST from "effect/SchemaAST"
import { Scorecards } from "../src/index.js"
import { assessmentOf, freshTenant } from "./support.js"

const subjectsOf = (collections: ReadonlyArray<Collection.AnyCollection>) =>
  Object.fromEntries(collections.map((collection) => [collection.name, collection.subject ?? null]))

describe("Scorecards.collections", () => {
  it("ARC-4 the assessments hold no customer's data: no subject, and no subject problem", () => {
    expect(subjectProblems(Scorecards.collections)).toEqual([])
    expect(subjectsOf(Scorecards.collections)).toEqual({ "scorecard-assessments": null })
  })

  it("ARC-4 the rater's comment is marked personal; ids, period and scores are not", () => {
    const [assessments] = Scorecards.collections
    const marked = AST.getPropertySignatures(AST.typeAST(assessments?.ast ?? AST.neverKeyword))
      .filter(Personal.isPersonal)
      .map((field) => field.name)
    expect(marked).toEqual(["comment"])
  })

  it.effect("ARC-4 collections lists every collection the service writes", () => {
    const written = new Set<string>()
    return Effect.gen(function* () {
      const scorecards = yield* Scorecards.Scorecards
      yield* scorecards.recordAssessment(freshTenant(), {
        ...assessmentOf("lee"),
        comment: "Calm with angry customers, slow to call back",
      })
      expect([...written]).toEqual(Scorecards.collections.map((collection) => collection.name))
    }).pipe(
      Effect.provide(
        Scorecards.layer().pipe(Layer.provide(recordingWrites(MemoryStore.layer, written))),
      ),
    )
  })
})
