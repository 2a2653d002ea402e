/**
 * What every group of routes shares: the Clientele clients, the configuration, the
 * clock, the JSON Schemas Fastify checks before a handler runs (the body's JSON type,
 * the `Idempotency-Key` header), and how a service's validation error is placed in
 * the request.
 */
import { Errors } from "@clientele/core"
import type { Clientele } from "../clientele.js"
import type { ClienteleConfig } from "../config.js"

/**
 * The dependencies of the routes.
 */
export interface RouteContext {
  readonly clientele: Clientele
  readonly config: ClienteleConfig
  /** The current instant in epoch milliseconds, the services' clock. */
  readonly now: () => number
}

/** Fastify's check that the body is a JSON object, before anything reads it. */
export const objectBody = { type: "object" } as const

/** Fastify's check that the body is a JSON array. */
export const arrayBody = { type: "array" } as const

/**
 * The `Idempotency-Key` header: an opaque key the client picks per logical request
 * and sends again with each retry of it.
 */
export const idempotencyKeyHeader = (presence: "required" | "optional") => ({
  type: "object",
  properties: { "idempotency-key": { type: "string", minLength: 1, maxLength: 200 } },
  ...(presence === "required" ? { required: ["idempotency-key"] } : {}),
})

/**
 * A service call whose input is the request body: its `ValidationError` paths name
 * fields of the body, so they are placed under `body` as the edge's own are.
 */
export const fromBody = <A>(call: Promise<A>): Promise<A> =>
  call.catch((error: unknown) => {
    throw error instanceof Errors.ValidationError ? Errors.under(["body"])(error) : error
  })

/** The `Location` of a created resource. */
export const locationOf = (collection: string, id: string): string =>
  `/${collection}/${encodeURIComponent(id)}`
