import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import { describe, expect, expectTypeOf, it } from "vitest"
import * as Errors from "../src/Errors.js"
import * as PromiseClient from "../src/PromiseClient.js"

interface Item {
  readonly id: string
  readonly title: string
}

interface Catalog {
  readonly get: (id: string) => Effect.Effect<Item, Errors.NotFoundError>
  readonly list: (limit: number) => Stream.Stream<Item, Errors.NotFoundError>
  readonly count: Effect.Effect<number>
  readonly crash: () => Effect.Effect<void>
  readonly label: (item: Item) => string
  readonly version: string
}

class CatalogTag extends Context.Tag("test/Catalog")<CatalogTag, Catalog>() {}

const items: ReadonlyArray<Item> = [
  { id: "a", title: "Kettle" },
  { id: "b", title: "Toaster" },
  { id: "c", title: "Blender" },
]

const defect = new Error("a bug in the service")
const missing = new Errors.NotFoundError({ entity: "Item", id: "zzz" })

const makeCatalog = (log: Array<string>): Effect.Effect<Catalog> =>
  Effect.succeed({
    get: (id) => {
      const item = items.find((candidate) => candidate.id === id)
      return item === undefined
        ? Effect.fail(id === "zzz" ? missing : new Errors.NotFoundError({ entity: "Item", id }))
        : Effect.succeed(item)
    },
    list: (limit) =>
      Stream.fromIterable(items).pipe(
        Stream.take(limit),
        Stream.concat(limit > items.length ? Stream.fail(missing) : Stream.empty),
        Stream.ensuring(Effect.sync(() => log.push("stream closed"))),
      ),
    count: Effect.succeed(items.length),
    crash: () => Effect.die(defect),
    label: (item) => `${item.id}: ${item.title}`,
    version: "1.0",
  })

const catalogLayer = (log: Array<string>) =>
  Layer.scoped(
    CatalogTag,
    Effect.acquireRelease(
      Effect.sync(() => log.push("acquired")).pipe(Effect.zipRight(makeCatalog(log))),
      () => Effect.sync(() => log.push("released")),
    ),
  )

const collect = async <A>(iterable: AsyncIterable<A>): Promise<Array<A>> => {
  const values: Array<A> = []
  for await (const value of iterable) values.push(value)
  return values
}

const rejection = async (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => {
      throw new Error("expected a rejection")
    },
    (error: unknown) => error,
  )

describe("PromiseClient", () => {
  it("maps Effect methods to async methods that resolve with the value", async () => {
    const client = await PromiseClient.make(CatalogTag, catalogLayer([]))
    expect(await client.get("b")).toEqual({ id: "b", title: "Toaster" })
    expect(await client.count()).toBe(3)
    expect(client.label({ id: "x", title: "Lamp" })).toBe("x: Lamp")
    expect(client.version).toBe("1.0")
    await client.close()
  })

  it("rejects with the same tagged error object as the error channel", async () => {
    const client = await PromiseClient.make(CatalogTag, catalogLayer([]))
    const error = await rejection(client.get("zzz"))
    expect(error).toBe(missing)
    expect(error).toBeInstanceOf(Errors.NotFoundError)
    expect(error).toMatchObject({ _tag: "NotFoundError", entity: "Item", id: "zzz" })
    await client.close()
  })

  it("rejects with the defect itself when the service dies", async () => {
    const client = await PromiseClient.make(CatalogTag, catalogLayer([]))
    expect(await rejection(client.crash())).toBe(defect)
    await client.close()
  })

  it("turns Stream methods into async iterables, closing the stream when done", async () => {
    const log: Array<string> = []
    const client = await PromiseClient.make(CatalogTag, catalogLayer(log))
    expect(await collect(client.list(2))).toEqual(items.slice(0, 2))
    expect(log).toContain("stream closed")
    await client.close()
  })

  it("rejects iteration with the stream's tagged error after the elements before it", async () => {
    const client = await PromiseClient.make(CatalogTag, catalogLayer([]))
    const seen: Array<Item> = []
    const error = await rejection(
      (async () => {
        for await (const item of client.list(10)) seen.push(item)
      })(),
    )
    expect(seen).toEqual(items)
    expect(error).toBe(missing)
    await client.close()
  })

  it("runs the stream's finalizers when the consumer stops early", async () => {
    const log: Array<string> = []
    const client = await PromiseClient.make(CatalogTag, catalogLayer(log))
    for await (const item of client.list(3)) {
      expect(item.id).toBe("a")
      break
    }
    expect(log).toContain("stream closed")
    await client.close()
  })

  it("close runs the layer's finalizers once, and is idempotent", async () => {
    const log: Array<string> = []
    const client = await PromiseClient.make(CatalogTag, catalogLayer(log))
    expect(log).toEqual(["acquired"])
    await Promise.all([client.close(), client.close()])
    await client.close()
    expect(log.filter((entry) => entry === "released")).toHaveLength(1)
  })

  it("rejects calls after close with a typed ClientClosedError", async () => {
    const client = await PromiseClient.make(CatalogTag, catalogLayer([]))
    await client.close()
    const error = await rejection(client.get("a"))
    expect(error).toBeInstanceOf(PromiseClient.ClientClosedError)
    expect(error).toMatchObject({ _tag: "ClientClosedError", service: "test/Catalog" })
    expect(await rejection(client.count())).toBeInstanceOf(PromiseClient.ClientClosedError)
    expect(await rejection(collect(client.list(1)))).toBeInstanceOf(PromiseClient.ClientClosedError)
  })

  it("stops a stream being iterated when the client closes", async () => {
    const log: Array<string> = []
    const client = await PromiseClient.make(CatalogTag, catalogLayer(log))
    const iterator = client.list(3)[Symbol.asyncIterator]()
    expect(await iterator.next()).toEqual({ done: false, value: items[0] })
    await client.close()
    // the stream was stopped before the layer's resources were released
    expect(log).toEqual(["acquired", "stream closed", "released"])
    expect(await rejection(iterator.next())).toBeInstanceOf(PromiseClient.ClientClosedError)
  })

  it("close interrupts calls in flight, which reject with ClientClosedError after their finalizers", async () => {
    const log: Array<string> = []
    class Slow extends Context.Tag("test/Slow")<
      Slow,
      { readonly wait: () => Effect.Effect<never> }
    >() {}
    const layer = Layer.scoped(
      Slow,
      Effect.acquireRelease(
        Effect.succeed({
          wait: () =>
            Effect.acquireRelease(Effect.void, () =>
              Effect.sync(() => log.push("call released")),
            ).pipe(Effect.zipRight(Effect.never), Effect.scoped),
        }),
        () => Effect.sync(() => log.push("layer released")),
      ),
    )
    const client = await PromiseClient.make(Slow, layer)
    const pending = rejection(client.wait())
    await new Promise((resolve) => setTimeout(resolve, 10))
    await client.close()
    expect(await pending).toBeInstanceOf(PromiseClient.ClientClosedError)
    expect(log).toEqual(["call released", "layer released"])
  })

  it("rejects make with the layer's own error when the layer fails, after releasing what it built", async () => {
    const log: Array<string> = []
    const failure = new Errors.PolicyViolationError({ rule: "config", message: "no store" })
    const failing = Layer.scoped(
      CatalogTag,
      Effect.acquireRelease(
        Effect.sync(() => log.push("acquired")),
        () => Effect.sync(() => log.push("released")),
      ).pipe(Effect.zipRight(Effect.fail(failure))),
    )
    const error = await rejection(PromiseClient.make(CatalogTag, failing))
    expect(error).toBe(failure)
    expect(error).toBeInstanceOf(Errors.PolicyViolationError)
    expect(log).toEqual(["acquired", "released"])
  })

  it("rejects make with the defect when the layer dies", async () => {
    const failing = Layer.effect(CatalogTag, Effect.die(defect))
    expect(await rejection(PromiseClient.make(CatalogTag, failing))).toBe(defect)
  })

  it("works with Effect.Service classes and methods built with Effect.fn", async () => {
    class Greeter extends Effect.Service<Greeter>()("test/Greeter", {
      succeed: {
        greet: Effect.fn("Greeter.greet")(function* (name: string) {
          if (name === "")
            return yield* Effect.fail(new Errors.NotFoundError({ entity: "Name", id: "" }))
          return `Hello, ${name}`
        }),
        motto: "be kind",
      },
    }) {}
    const client = await PromiseClient.make(Greeter, Greeter.Default)
    expect(await client.greet("Ada")).toBe("Hello, Ada")
    expect(await rejection(client.greet(""))).toBeInstanceOf(Errors.NotFoundError)
    expect(client.motto).toBe("be kind")
    await client.close()
  })

  it("has a precise mapped type", async () => {
    const client = await PromiseClient.make(CatalogTag, catalogLayer([]))
    expectTypeOf(client.get).toEqualTypeOf<(id: string) => Promise<Item>>()
    expectTypeOf(client.list).toEqualTypeOf<(limit: number) => AsyncIterable<Item>>()
    expectTypeOf(client.count).toEqualTypeOf<() => Promise<number>>()
    expectTypeOf(client.label).toEqualTypeOf<(item: Item) => string>()
    expectTypeOf(client.version).toEqualTypeOf<string>()
    expectTypeOf(client.close).toEqualTypeOf<() => Promise<void>>()
    await client.close()
  })
})
