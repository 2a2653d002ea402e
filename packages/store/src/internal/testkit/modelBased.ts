/**
 * The model-based group: fast-check generates command sequences — inserts,
 * updates and deletes with right and wrong versions, bulk writes, reads, queries
 * walked to the end, scans, and transactions that commit, fail or die (some with a
 * nested transaction) — and runs each against the adapter and against the
 * reference model of `model.ts`. Every observation must agree: results, the reasons
 * of errors, versions, bodies, indexes, and the order of query and scan results.
 */
import * as Cause from "effect/Cause"
import * as Chunk from "effect/Chunk"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as FastCheck from "effect/FastCheck"
import type { Query } from "../../Query.js"
import type { Indexes, Json, StorePort, WriteOperation } from "../../Store.js"
import { isStoreError } from "../../StoreError.js"
import { check, describeError, fail, sameDocument, sameDocuments, show } from "./assert.js"
import {
  defineGroup,
  freshTenant,
  type Group,
  propertyParameters,
  type Settings,
  type TestContext,
} from "./harness.js"
import { type Outcome, ReferenceStore } from "./model.js"
import { scanAll, walkQuery } from "./reads.js"
import * as Values from "./values.js"

/** Collection names where one is a prefix of the other, to catch prefix matching. */
const collections = ["items", "items2"] as const

interface Target {
  readonly tenant: number
  readonly collection: number
  readonly id: number
}

type VersionChoice = "current" | "stale" | "ahead" | "one"

type WriteStep =
  | {
      readonly _tag: "Insert"
      readonly target: Target
      readonly body: Json
      readonly indexes: Indexes
    }
  | {
      readonly _tag: "Update"
      readonly target: Target
      readonly version: VersionChoice
      readonly body: Json
      readonly indexes: Indexes
    }
  | { readonly _tag: "Delete"; readonly target: Target; readonly version: VersionChoice }

type ReadStep =
  | { readonly _tag: "Get"; readonly target: Target }
  | {
      readonly _tag: "GetMany"
      readonly tenant: number
      readonly collection: number
      readonly ids: ReadonlyArray<number>
    }
  | { readonly _tag: "Query"; readonly tenant: number; readonly query: Query }
  | {
      readonly _tag: "Scan"
      readonly tenant: number
      readonly collection: number
      readonly batchSize: number
    }

type Step =
  | WriteStep
  | ReadStep
  | {
      readonly _tag: "BulkWrite"
      readonly tenant: number
      readonly writes: ReadonlyArray<WriteStep>
    }
  | {
      readonly _tag: "Transaction"
      readonly steps: ReadonlyArray<WriteStep | ReadStep>
      readonly nestedFrom: number | undefined
      readonly outcome: "commit" | "fail" | "die"
    }

/** The tenants, and the ids in the pool, one run uses. */
interface World {
  readonly tenants: ReadonlyArray<string>
  readonly store: StorePort
}

class Rollback extends Data.TaggedError("ModelRollback")<{}> {}

const tenantOf = (world: World, index: number): string =>
  world.tenants[index] ?? world.tenants[0] ?? ""
const collectionOf = (index: number): string => collections[index] ?? collections[0]
const idOf = (index: number): string => Values.idPool[index] ?? "a"

const resolveVersion = (
  model: ReferenceStore,
  tenant: string,
  collection: string,
  id: string,
  choice: VersionChoice,
): number => {
  const current = model.get(tenant, collection, id)?.version ?? 1
  return choice === "current"
    ? current
    : choice === "stale"
      ? current - 1
      : choice === "ahead"
        ? current + 1
        : 1
}

const toOperation = (
  model: ReferenceStore,
  world: World,
  step: WriteStep,
): { readonly tenant: string; readonly operation: WriteOperation } => {
  const tenant = tenantOf(world, step.target.tenant)
  const collection = collectionOf(step.target.collection)
  const id = idOf(step.target.id)
  if (step._tag === "Insert")
    return {
      tenant,
      operation: { _tag: "Insert", collection, id, body: step.body, indexes: step.indexes },
    }
  const expectedVersion = resolveVersion(model, tenant, collection, id, step.version)
  return step._tag === "Update"
    ? {
        tenant,
        operation: {
          _tag: "Update",
          collection,
          id,
          expectedVersion,
          body: step.body,
          indexes: step.indexes,
        },
      }
    : { tenant, operation: { _tag: "Delete", collection, id, expectedVersion } }
}

/** Compares an adapter's outcome with the model's. */
const agree = <A>(
  expected: Outcome<unknown>,
  actual: Either.Either<A, unknown>,
  what: string,
  compare: (actual: A) => void,
): void => {
  if (expected.ok) {
    if (Either.isLeft(actual))
      fail(`${what}: the model succeeds, the adapter failed with ${describeError(actual.left)}`)
    else compare(actual.right)
    return
  }
  if (Either.isRight(actual)) {
    fail(
      `${what}: the model fails with ${expected.reason}, the adapter succeeded with ${show(actual.right)}`,
    )
    return
  }
  const error = actual.left
  check(
    isStoreError(error) && error.reason === expected.reason,
    `${what}: the model fails with ${expected.reason}, the adapter with ${describeError(error)}`,
  )
}

const runWrite = (model: ReferenceStore, world: World, step: WriteStep) =>
  Effect.gen(function* () {
    const { tenant, operation } = toOperation(model, world, step)
    const what = `${operation._tag} ${show({ tenant, ...operation })}`
    const expected = model.write(tenant, operation)
    if (operation._tag !== "Delete") {
      const actual = yield* Effect.either(
        operation._tag === "Insert"
          ? world.store.insert(tenant, operation)
          : world.store.update(tenant, operation),
      )
      agree(expected, actual, what, (document) =>
        sameDocument(
          document,
          expected.ok && expected.value !== null ? expected.value : document,
          what,
        ),
      )
    } else {
      const actual = yield* Effect.either(
        world.store.delete(tenant, operation.collection, operation.id, operation.expectedVersion),
      )
      agree(expected, actual, what, () => undefined)
    }
  })

const runRead = (model: ReferenceStore, world: World, step: ReadStep) =>
  Effect.gen(function* () {
    const { store } = world
    switch (step._tag) {
      case "Get": {
        const tenant = tenantOf(world, step.target.tenant)
        const collection = collectionOf(step.target.collection)
        const id = idOf(step.target.id)
        const expected = model.get(tenant, collection, id)
        const actual = yield* store.get(tenant, collection, id)
        const what = `get ${show([tenant, collection, id])}`
        if (expected === undefined)
          check(
            actual === undefined,
            `${what}: the model has no such document, the adapter returned ${show(actual)}`,
          )
        else sameDocument(actual, expected, what)
        return
      }
      case "GetMany": {
        const tenant = tenantOf(world, step.tenant)
        const collection = collectionOf(step.collection)
        const ids = step.ids.map(idOf)
        sameDocuments(
          yield* store.getMany(tenant, collection, ids),
          model.getMany(tenant, collection, ids),
          `getMany ${show([tenant, collection, ids])}`,
        )
        return
      }
      case "Query": {
        const tenant = tenantOf(world, step.tenant)
        const expected = model.query(tenant, step.query)
        const walk = yield* walkQuery(store, tenant, step.query, { maxPages: expected.length + 2 })
        sameDocuments(walk.documents, expected, `walking ${show(step.query, 400)} in ${tenant}`)
        return
      }
      case "Scan": {
        const tenant = tenantOf(world, step.tenant)
        const collection = collectionOf(step.collection)
        sameDocuments(
          yield* scanAll(store, tenant, collection, { batchSize: step.batchSize }),
          model.all(tenant, collection),
          `scan ${show([tenant, collection])} with batchSize ${step.batchSize}`,
        )
        return
      }
    }
  })

const runSimple = (
  model: ReferenceStore,
  world: World,
  step: WriteStep | ReadStep,
): Effect.Effect<void, unknown> =>
  step._tag === "Insert" || step._tag === "Update" || step._tag === "Delete"
    ? runWrite(model, world, step)
    : runRead(model, world, step)

const runStep = (model: ReferenceStore, world: World, step: Step): Effect.Effect<void, unknown> =>
  Effect.gen(function* () {
    if (step._tag === "BulkWrite") {
      const tenant = tenantOf(world, step.tenant)
      // versions resolve as the batch goes, on a copy of the model
      const scratch = model.copy()
      const operations = step.writes.map((write) => {
        const { operation } = toOperation(scratch, world, {
          ...write,
          target: { ...write.target, tenant: step.tenant },
        })
        scratch.write(tenant, operation)
        return operation
      })
      const expected = model.bulkWrite(tenant, operations)
      const actual = yield* Effect.either(world.store.bulkWrite(tenant, operations))
      agree(expected, actual, `bulkWrite ${show(operations, 600)} in ${tenant}`, () => undefined)
      return
    }
    if (step._tag === "Transaction") {
      const scratch = model.copy()
      const inner = (steps: ReadonlyArray<WriteStep | ReadStep>) =>
        Effect.forEach(steps, (s) => runSimple(scratch, world, s), { discard: true })
      const body = Effect.gen(function* () {
        const split =
          step.nestedFrom === undefined
            ? step.steps.length
            : Math.min(step.nestedFrom, step.steps.length)
        yield* inner(step.steps.slice(0, split))
        if (split < step.steps.length)
          yield* world.store.transaction(inner(step.steps.slice(split)))
        if (step.outcome === "fail") return yield* Effect.fail(new Rollback())
        if (step.outcome === "die") return yield* Effect.die(new Rollback())
      })
      const exit = yield* Effect.exit(world.store.transaction(body))
      if (Exit.isSuccess(exit)) {
        if (step.outcome !== "commit")
          return fail(`a transaction ending in ${step.outcome} succeeded`)
        model.adopt(scratch)
        return
      }
      const reasons = [
        ...Chunk.toReadonlyArray(Cause.failures(exit.cause)),
        ...Chunk.toReadonlyArray(Cause.defects(exit.cause)),
      ]
      const rolledBackOnPurpose =
        reasons.length > 0 && reasons.every((reason) => reason instanceof Rollback)
      // anything else (a check of the suite failing inside, an unexpected store error) is reported as it is
      if (step.outcome === "commit" || !rolledBackOnPurpose)
        return yield* Effect.failCause(exit.cause)
      return
    }
    yield* runSimple(model, world, step)
  })

// ---------------------------------------------------------------------------
// Arbitraries

const targetArbitrary: FastCheck.Arbitrary<Target> = FastCheck.record({
  tenant: FastCheck.oneof(
    { weight: 4, arbitrary: FastCheck.constant(0) },
    { weight: 1, arbitrary: FastCheck.constant(1) },
  ),
  collection: FastCheck.oneof(
    { weight: 4, arbitrary: FastCheck.constant(0) },
    { weight: 1, arbitrary: FastCheck.constant(1) },
  ),
  id: FastCheck.integer({ min: 0, max: Values.idPool.length - 1 }),
})

const versionArbitrary: FastCheck.Arbitrary<VersionChoice> = FastCheck.oneof(
  { weight: 2, arbitrary: FastCheck.constant("current" as const) },
  {
    weight: 1,
    arbitrary: FastCheck.constantFrom("stale" as const, "ahead" as const, "one" as const),
  },
)

const writeArbitrary = (settings: Settings): FastCheck.Arbitrary<WriteStep> => {
  const body = Values.jsonObject(settings.supportsNulCharacter, 2)
  return FastCheck.oneof(
    FastCheck.record({
      _tag: FastCheck.constant("Insert" as const),
      target: targetArbitrary,
      body,
      indexes: Values.indexes,
    }),
    FastCheck.record({
      _tag: FastCheck.constant("Update" as const),
      target: targetArbitrary,
      version: versionArbitrary,
      body,
      indexes: Values.indexes,
    }),
    FastCheck.record({
      _tag: FastCheck.constant("Delete" as const),
      target: targetArbitrary,
      version: versionArbitrary,
    }),
  )
}

const tenantIndex = FastCheck.oneof(
  { weight: 4, arbitrary: FastCheck.constant(0) },
  { weight: 1, arbitrary: FastCheck.constant(1) },
)

const readArbitrary: FastCheck.Arbitrary<ReadStep> = FastCheck.oneof(
  FastCheck.record({ _tag: FastCheck.constant("Get" as const), target: targetArbitrary }),
  FastCheck.record({
    _tag: FastCheck.constant("GetMany" as const),
    tenant: tenantIndex,
    collection: FastCheck.integer({ min: 0, max: 1 }),
    ids: FastCheck.uniqueArray(FastCheck.integer({ min: 0, max: Values.idPool.length - 1 }), {
      maxLength: 4,
    }),
  }),
  FastCheck.record({
    _tag: FastCheck.constant("Query" as const),
    tenant: tenantIndex,
    query: FastCheck.constantFrom(...collections).chain((collection) => Values.query(collection)),
  }),
  FastCheck.record({
    _tag: FastCheck.constant("Scan" as const),
    tenant: tenantIndex,
    collection: FastCheck.integer({ min: 0, max: 1 }),
    batchSize: FastCheck.integer({ min: 1, max: 4 }),
  }),
)

const stepArbitrary = (settings: Settings): FastCheck.Arbitrary<Step> => {
  const write = writeArbitrary(settings)
  const simple = FastCheck.oneof(
    { weight: 3, arbitrary: write },
    { weight: 2, arbitrary: readArbitrary },
  )
  return FastCheck.oneof(
    { weight: 6, arbitrary: write },
    { weight: 4, arbitrary: readArbitrary },
    {
      weight: 2,
      arbitrary: FastCheck.record({
        _tag: FastCheck.constant("BulkWrite" as const),
        tenant: tenantIndex,
        writes: FastCheck.array(write, { minLength: 1, maxLength: 5 }),
      }),
    },
    {
      weight: 2,
      arbitrary: FastCheck.record({
        _tag: FastCheck.constant("Transaction" as const),
        steps: FastCheck.array(simple, { minLength: 1, maxLength: 6 }),
        nestedFrom: FastCheck.option(FastCheck.integer({ min: 0, max: 5 }), { nil: undefined }),
        outcome: FastCheck.constantFrom("commit" as const, "fail" as const, "die" as const),
      }),
    },
  )
}

/** The model side of a run. */
interface Model {
  readonly store: ReferenceStore
}

/** The real side of a run. */
interface Real {
  readonly world: World
  readonly run: TestContext["run"]
}

class StepCommand implements FastCheck.AsyncCommand<Model, Real> {
  constructor(readonly step: Step) {}
  check(): boolean {
    return true
  }
  run(model: Model, real: Real): Promise<void> {
    return real.run(runStep(model.store, real.world, this.step))
  }
  toString(): string {
    return show(this.step, 2000)
  }
}

/** The model-based group. */
export const modelBased: Group = defineGroup("model-based", (test, settings) => {
  test("the adapter agrees with the reference model on every command sequence (property)", (context) =>
    Effect.promise(() =>
      FastCheck.assert(
        FastCheck.asyncProperty(
          FastCheck.commands([stepArbitrary(settings).map((step) => new StepCommand(step))], {
            maxCommands: 40,
            size: "max",
          }),
          (commands) => {
            const base = freshTenant("M")
            const world: World = { tenants: [base, `${base}x`], store: context.store }
            return FastCheck.asyncModelRun(
              () =>
                Promise.resolve({
                  model: { store: new ReferenceStore() },
                  real: { world, run: context.run },
                }),
              commands,
            )
          },
        ),
        propertyParameters(settings),
      ),
    ))
})
