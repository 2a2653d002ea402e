// The Archives service suite on the memory store and on SQLite, and the checks of its
// options. PostgreSQL runs the same suite in `Archives.integration.test.ts`.
import { MemoryStore } from "@clientele/store"
import { layerSqlite } from "@clientele/store-sql/sqlite"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Archives from "../src/Archives.js"
import { misconfigurations, serviceSuite } from "./archives-support.js"

serviceSuite("the memory store", () => MemoryStore.layer)
serviceSuite("SQLite", () => layerSqlite({ filename: ":memory:" }))

describe("Archives options", () => {
  for (const [what, options, path] of misconfigurations)
    it.effect(`ARC-4 ${what} is a ValidationError naming ${path.join(".")}`, () =>
      Effect.gen(function* () {
        const error = yield* Effect.flip(Archives.make(options))
        expect(error._tag).toBe("ValidationError")
        expect(error.issues[0]?.path).toEqual(path)
      }).pipe(Effect.provide(MemoryStore.layer)),
    )
})
