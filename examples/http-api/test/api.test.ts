/**
 * The service end to end: the real Fastify server on a free port over a SQLite file
 * of its own, driven with `fetch`, on a clock the test sets. A second, read-only
 * connection to the same file checks what was stored, so that "bad input changes
 * nothing" is proved on the database itself, not on what the API says.
 */
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Complaint } from "@clientele/complaints"
import { Returns } from "@clientele/returns"
import { SqliteClient } from "@effect/sql-sqlite-node"
import * as Effect from "effect/Effect"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Schema from "effect/Schema"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type App, buildApp } from "../src/app.js"

const minute = 60_000
const hour = 60 * minute
/** An instant on the wall clock of Paris, where the configured calendar works 09:00–18:00. */
const paris = (local: string) => Date.parse(`${local}+02:00`)

let now = paris("2024-06-03T09:00") // a Monday
let directory = ""
let databaseFile = ""
let service: App
let baseUrl = ""
let probe: ManagedRuntime.ManagedRuntime<SqliteClient.SqliteClient, unknown>

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "clientele-http-api-"))
  databaseFile = join(directory, "clientele.db")
  service = await buildApp({ databaseFile, now: () => now })
  await service.app.listen({ port: 0, host: "127.0.0.1" })
  const address = service.app.server.address()
  if (address === null || typeof address === "string") throw new Error("not listening on TCP")
  baseUrl = `http://127.0.0.1:${address.port}`
  probe = ManagedRuntime.make(
    SqliteClient.layer({ filename: databaseFile, readonly: true, disableWAL: true }),
  )
})

afterAll(async () => {
  await probe?.dispose()
  await service?.close()
  if (directory !== "") await rm(directory, { recursive: true, force: true })
})

interface Reply {
  readonly status: number
  readonly location: string | null
  readonly body: unknown
}

const send = async (
  method: "GET" | "POST",
  path: string,
  options: { readonly json?: unknown; readonly raw?: string; readonly key?: string } = {},
): Promise<Reply> => {
  const headers: Record<string, string> = {}
  let body: string | undefined
  if (options.json !== undefined || options.raw !== undefined) {
    headers["content-type"] = "application/json"
    body = options.raw ?? JSON.stringify(options.json)
  }
  if (options.key !== undefined) headers["idempotency-key"] = options.key
  const response = await fetch(`${baseUrl}${path}`, { method, headers, ...(body ? { body } : {}) })
  return {
    status: response.status,
    location: response.headers.get("location"),
    body: await response.json(),
  }
}

/** Every stored document with its version: what a request that fails must not change. */
const storedDocuments = () =>
  probe.runPromise(
    Effect.flatMap(
      SqliteClient.SqliteClient,
      (sql) =>
        sql`SELECT tenant, collection, id, version FROM clientele_documents ORDER BY collection, id`,
    ),
  )

/** Sends a request that must be refused, and checks that the database is unchanged. */
const refused = async (...request: Parameters<typeof send>): Promise<Reply> => {
  const before = await storedDocuments()
  const reply = await send(...request)
  expect(await storedDocuments()).toEqual(before)
  return reply
}

const decode = <A, I>(schema: Schema.Schema<A, I, never>, value: unknown): A =>
  Schema.decodeUnknownSync(schema)(value)

const intake = (overrides: Record<string, unknown> = {}) => ({
  customerId: "cus-1042",
  channel: "webForm",
  category: "service/long-wait",
  contact: { email: "ada@example.com" },
  description: "Waited 40 minutes at the till",
  receivedBy: "s-agent",
  ...overrides,
})

const SlaBoard = Schema.Struct({
  breached: Schema.Boolean,
  targets: Schema.Array(
    Schema.Struct({
      target: Schema.String,
      status: Schema.String,
      dueAt: Schema.NullOr(Schema.Number),
      completedAt: Schema.NullOr(Schema.Number),
      consumedMs: Schema.Number,
      remainingMs: Schema.NullOr(Schema.Number),
      overdueMs: Schema.NullOr(Schema.Number),
      breached: Schema.Boolean,
    }),
  ),
})

const targetOf = (board: typeof SlaBoard.Type, target: string) => {
  const found = board.targets.find((entry) => entry.target === target)
  if (found === undefined) throw new Error(`no ${target} target on the board`)
  return found
}

describe("complaints", () => {
  let complaintId = ""

  it("CMP-2 files a complaint, and a retry with the same Idempotency-Key returns that complaint", async () => {
    now = paris("2024-06-03T09:00")
    const first = await send("POST", "/complaints", { json: intake(), key: "web-0001" })
    expect(first.status).toBe(201)
    const complaint = decode(Complaint.Complaint, first.body)
    complaintId = complaint.id
    expect(first.location).toBe(`/complaints/${complaint.id}`)
    expect(complaint).toMatchObject({
      customerId: "cus-1042",
      state: "received",
      receivedAt: now,
      sla: { policyId: "standard" },
    })

    const stored = await storedDocuments()
    now = paris("2024-06-03T09:01") // the client retries a minute later
    const retry = await send("POST", "/complaints", { json: intake(), key: "web-0001" })
    expect(retry.status).toBe(201)
    expect(retry.body).toEqual(first.body)
    expect(await storedDocuments()).toEqual(stored)

    const read = await send("GET", `/complaints/${complaint.id}`)
    expect(read.status).toBe(200)
    expect(read.body).toEqual(first.body)
  })

  it("CMP-2 the same Idempotency-Key with another complaint is a 409 naming the rule", async () => {
    const reply = await refused("POST", "/complaints", {
      json: intake({ description: "Another problem altogether" }),
      key: "web-0001",
    })
    expect(reply.status).toBe(409)
    expect(reply.body).toMatchObject({ error: "PolicyViolationError", rule: "CMP-2" })
  })

  it("CMP-4 tells each target's deadline and business time left on the service's clock", async () => {
    now = paris("2024-06-03T09:12")
    const early = await send("GET", `/complaints/${complaintId}/sla`)
    expect(early.status).toBe(200)
    const board = decode(SlaBoard, early.body)
    expect(board.breached).toBe(false)
    expect(targetOf(board, "firstResponse")).toMatchObject({
      status: "running",
      dueAt: paris("2024-06-03T09:30"), // 30 business minutes
      consumedMs: 12 * minute,
      remainingMs: 18 * minute,
      overdueMs: 0,
      breached: false,
    })
    // 16 business hours: Monday's nine, then seven on Tuesday.
    expect(targetOf(board, "resolution")).toMatchObject({
      status: "running",
      dueAt: paris("2024-06-04T16:00"),
      remainingMs: 16 * hour - 12 * minute,
    })
  })

  it("CMP-4 counts a breach in business time: the night does not make it later", async () => {
    now = paris("2024-06-03T17:00")
    const evening = decode(SlaBoard, (await send("GET", `/complaints/${complaintId}/sla`)).body)
    expect(evening.breached).toBe(true)
    expect(targetOf(evening, "firstResponse")).toMatchObject({
      status: "breached",
      remainingMs: 0,
      overdueMs: 7 * hour + 30 * minute,
      breached: true,
    })
    expect(targetOf(evening, "resolution")).toMatchObject({
      status: "running",
      remainingMs: 8 * hour,
    })

    now = paris("2024-06-04T10:00") // 17 hours later on the wall clock, 2 in business time
    const morning = decode(SlaBoard, (await send("GET", `/complaints/${complaintId}/sla`)).body)
    expect(targetOf(morning, "firstResponse").overdueMs).toBe(9 * hour + 30 * minute)
    expect(targetOf(morning, "resolution").remainingMs).toBe(6 * hour)
  })

  it("CMP-3 a first response without a committed time or on-the-spot answer is a 422", async () => {
    const reply = await refused("POST", `/complaints/${complaintId}/steps/acknowledge`, {
      json: { by: "s-agent" },
    })
    expect(reply.status).toBe(422)
    expect(reply.body).toMatchObject({ error: "PolicyViolationError", rule: "CMP-3" })
  })

  it("CMP-5 a step the complaint's state does not allow is a 409", async () => {
    const reply = await refused("POST", `/complaints/${complaintId}/steps/close`, {
      json: { by: "s-agent" },
    })
    expect(reply.status).toBe(409)
    expect(reply.body).toMatchObject({
      error: "InvalidTransitionError",
      message: expect.stringContaining("received"),
    })
  })

  it("CMP-4 a late first response completes its target as missed", async () => {
    now = paris("2024-06-04T10:30")
    const acknowledged = await send("POST", `/complaints/${complaintId}/steps/acknowledge`, {
      json: { by: "s-agent", onTheSpot: true },
    })
    expect(acknowledged.status).toBe(200)
    expect(decode(Complaint.Complaint, acknowledged.body).state).toBe("acknowledged")

    const board = decode(SlaBoard, (await send("GET", `/complaints/${complaintId}/sla`)).body)
    expect(targetOf(board, "firstResponse")).toMatchObject({
      status: "missed",
      completedAt: now,
      remainingMs: null,
      overdueMs: null,
      breached: true,
    })

    const history = await send("GET", `/complaints/${complaintId}/history`)
    expect(history.status).toBe(200)
    expect(history.body).toMatchObject([
      { step: "receive", to: "received" },
      { step: "acknowledge", from: "received", to: "acknowledged" },
    ])
  })

  it("answers 404 for a complaint that does not exist, and for a route that does not", async () => {
    const missing = await send("GET", "/complaints/cmp-nothing-here")
    expect(missing.status).toBe(404)
    expect(missing.body).toEqual({
      error: "NotFoundError",
      message: "complaint cmp-nothing-here not found",
    })

    const sla = await send("GET", "/complaints/cmp-nothing-here/sla")
    expect(sla.status).toBe(404)

    const route = await send("GET", "/complaints-board")
    expect(route.status).toBe(404)
    expect(route.body).toMatchObject({ error: "RouteNotFound" })
  })
})

describe("returns", () => {
  const eur = (amount: number) => ({ amount, currency: "EUR" })
  const order = {
    orderId: "ord-2001",
    placedAt: paris("2024-06-03T11:00"),
    currency: "EUR",
    lines: [
      {
        id: "mug",
        sku: "MUG-1",
        productId: "mug",
        quantity: 2,
        fulfilledQuantity: 2,
        deliveredAt: paris("2024-06-05T15:00"),
        unitPrice: eur(1_000),
      },
      {
        id: "scarf",
        sku: "SCARF-1",
        productId: "scarf",
        tags: ["clearance"],
        quantity: 1,
        fulfilledQuantity: 1,
        deliveredAt: paris("2024-06-05T15:00"),
        unitPrice: eur(1_500),
      },
    ],
    shipping: { paid: eur(0), refunded: eur(0) },
    payments: { captured: eur(3_500), refunded: eur(0), storeCreditIssued: eur(0) },
  }
  const returning = (orderLineId: string, quantity = 1) => ({
    orderLineId,
    quantity,
    reasonCode: "changedMind",
    condition: "unopened",
    resolution: "refund",
  })
  const atTheCounter = {
    actor: { kind: "staff", id: "clerk-7" },
    productVerification: { verified: true, method: "orderLookup", by: "clerk-7" },
  }

  it("RET-1 places an order under the return policy in force, which it keeps a copy of", async () => {
    const placed = await send("POST", "/orders", { json: order })
    expect(placed.status).toBe(201)
    expect(placed.location).toBe("/orders/ord-2001")
    const stored = decode(Returns.StoredOrder, placed.body)
    expect(stored.facts.policy).toEqual({ id: "standard", version: 1 })
    expect(stored.policy).toMatchObject({ id: "standard", version: 1, window: { days: 30 } })

    const again = await refused("POST", "/orders", { json: order })
    expect(again.status).toBe(409)
    expect(again.body).toMatchObject({ error: "StoreError", message: "ord-2001 already exists" })
  })

  it("RET-3 decides a return line by line, with the codes and the exact refund", async () => {
    now = paris("2024-06-10T10:00")
    const filed = await send("POST", "/orders/ord-2001/returns", {
      json: { lines: [returning("mug"), returning("scarf")], ...atTheCounter },
      key: "counter-0001",
    })
    expect(filed.status).toBe(201)
    const returned = decode(Returns.ReturnCase, filed.body)
    expect(filed.location).toBe(`/returns/${returned.id}`)
    expect(returned.request.requestedAt).toBe(now)
    expect(returned.authorisedBy).toBe("clerk-7")
    const { decision } = returned
    expect(decision.outcome).toBe("partiallyApproved")
    expect(decision.lines.map((line) => [line.orderLineId, line.approved, line.codes])).toEqual([
      ["mug", 1, []],
      ["scarf", 0, ["FINAL_SALE"]],
    ])
    // One mug back, less the flat return-shipping fee a change of mind pays.
    expect(decision.money.itemsGross.amount).toBe(1_000)
    expect(decision.money.total.amount).toBe(1_000 - 495)

    const retry = await send("POST", "/orders/ord-2001/returns", {
      json: { lines: [returning("mug"), returning("scarf")], ...atTheCounter },
      key: "counter-0001",
    })
    expect(retry.status).toBe(201)
    expect(decode(Returns.ReturnCase, retry.body).id).toBe(returned.id)

    const read = await send("GET", `/returns/${returned.id}`)
    expect(read.status).toBe(200)
    expect(decode(Returns.ReturnCase, read.body).decision).toEqual(decision)
  })

  it("RET-3 the same Idempotency-Key with another return request is a 409", async () => {
    const reply = await refused("POST", "/orders/ord-2001/returns", {
      json: { lines: [returning("mug", 2)], ...atTheCounter },
      key: "counter-0001",
    })
    expect(reply.status).toBe(409)
    expect(reply.body).toMatchObject({ error: "IdempotencyKeyConflictError" })
  })

  it("RET-1 publishes the policy in force", async () => {
    const reply = await send("GET", "/return-policy")
    expect(reply.status).toBe(200)
    expect(reply.body).toMatchObject({
      policy: { id: "standard", version: 1 },
      text: expect.stringContaining("30 days"),
      jsonLd: { merchantReturnDays: 30 },
    })
  })

  it("answers 404 for a return on an order that was never placed", async () => {
    const reply = await refused("POST", "/orders/ord-9999/returns", {
      json: { lines: [returning("mug")], ...atTheCounter },
    })
    expect(reply.status).toBe(404)
    expect(reply.body).toMatchObject({ error: "NotFoundError" })
  })
})

describe("segments", () => {
  const purchase = (orderId: string, customerId: string, at: string, amount: number) => ({
    orderId,
    customerId,
    at: paris(at),
    revenue: { amount, currency: "EUR" },
  })

  it("SEG-1 SEG-4 tells a customer's tier, ABCD class and RFM segment for a period", async () => {
    const recorded = await send("POST", "/transactions", {
      json: [
        purchase("t-1", "cus-1", "2024-02-01T10:00", 90_000),
        purchase("t-2", "cus-1", "2024-09-01T10:00", 70_000),
        purchase("t-3", "cus-1", "2024-12-01T10:00", 50_000),
        purchase("t-4", "cus-2", "2024-03-01T10:00", 30_000),
        purchase("t-5", "cus-3", "2024-04-01T10:00", 20_000),
        purchase("t-6", "cus-4", "2024-05-01T10:00", 10_000),
        purchase("t-7", "cus-5", "2024-06-01T10:00", 5_000),
      ],
    })
    expect(recorded).toMatchObject({ status: 201, body: { recorded: 7 } })

    now = paris("2025-01-02T09:00")
    const run = await send("POST", "/segmentation/periods/2024/classification")
    expect(run.status).toBe(200)
    expect(run.body).toMatchObject({
      period: { start: "2024-01-01", end: "2025-01-01", zone: "Europe/Paris" },
      policyVersion: "tiers-2024",
      customers: 5,
      tierCounts: { major: 1, general: 4, potential: 0 },
      classifiedAt: now,
    })

    const best = await send("GET", "/customers/cus-1/segments/2024")
    expect(best.status).toBe(200)
    expect(best.body).toMatchObject({
      customerId: "cus-1",
      period: { start: "2024-01-01", end: "2025-01-01", zone: "Europe/Paris" },
      policyVersion: "tiers-2024",
      tier: "major",
      abcd: "A",
      serviceMinutes: 2_400, // class A's 40 % of 6,000 minutes, one customer in it
      rfm: { frequency: expect.any(Number), segment: expect.any(String) },
    })
    const least = await send("GET", "/customers/cus-5/segments/2024")
    expect(least.body).toMatchObject({ tier: "general", abcd: "D" })
  })

  it("answers 404 for a customer or a period never classified", async () => {
    const stranger = await send("GET", "/customers/cus-404/segments/2024")
    expect(stranger.status).toBe(404)
    expect(stranger.body).toMatchObject({
      error: "NotFoundError",
      message: expect.stringContaining("cus-404"),
    })
    const earlier = await send("GET", "/customers/cus-1/segments/2023")
    expect(earlier.status).toBe(404)
  })
})

describe("bad requests are 400s that name the field and change nothing", () => {
  it("a missing field", async () => {
    const { channel: _channel, ...withoutChannel } = intake()
    const reply = await refused("POST", "/complaints", { json: withoutChannel, key: "bad-1" })
    expect(reply.status).toBe(400)
    expect(reply.body).toMatchObject({
      error: "ParseError",
      issues: [{ path: ["body", "channel"], rule: "Missing", message: "is missing" }],
    })
  })

  it("a field of the wrong type", async () => {
    const reply = await refused("POST", "/complaints", {
      json: intake({ description: 42 }),
      key: "bad-2",
    })
    expect(reply.status).toBe(400)
    expect(reply.body).toMatchObject({
      error: "ParseError",
      issues: [{ path: ["body", "description"], rule: "Type" }],
    })
  })

  it("a customer id that is not in the service's format, in a body and in a URL", async () => {
    const inBody = await refused("POST", "/complaints", {
      json: intake({ customerId: "customer 1042" }),
      key: "bad-3",
    })
    expect(inBody.status).toBe(400)
    expect(inBody.body).toMatchObject({
      error: "ParseError",
      issues: [{ path: ["body", "customerId"], message: expect.stringContaining('"cus-"') }],
    })

    const inUrl = await send("GET", "/customers/CUS_1/segments/2024")
    expect(inUrl.status).toBe(400)
    expect(inUrl.body).toMatchObject({
      error: "ParseError",
      issues: [{ path: ["params", "customerId"] }],
    })
  })

  it("a field the request does not have, such as the idempotency key in the body", async () => {
    const reply = await refused("POST", "/complaints", {
      json: intake({ idempotencyKey: "in-the-body" }),
      key: "bad-4",
    })
    expect(reply.status).toBe(400)
    expect(reply.body).toMatchObject({
      issues: [{ path: ["body", "idempotencyKey"], rule: "Unexpected" }],
    })
  })

  it("a value a Clientele rule refuses: the service's ValidationError, under the body", async () => {
    const reply = await refused("POST", "/complaints", {
      json: intake({ category: "service/teleportation" }),
      key: "bad-5",
    })
    expect(reply.status).toBe(400)
    expect(reply.body).toMatchObject({
      error: "ValidationError",
      issues: [
        { path: ["body", "category"], message: expect.stringContaining("service/teleportation") },
      ],
    })

    const noUnits = await refused("POST", "/orders/ord-2001/returns", {
      json: {
        lines: [{ ...returnLine, quantity: 0 }],
        actor: { kind: "staff", id: "clerk-7" },
      },
    })
    expect(noUnits.status).toBe(400)
    expect(noUnits.body).toMatchObject({
      error: "ValidationError",
      issues: [{ path: ["body", "lines", 0, "quantity"] }],
    })
  })

  it("a missing Idempotency-Key header: Fastify's schema validation", async () => {
    const reply = await refused("POST", "/complaints", { json: intake() })
    expect(reply.status).toBe(400)
    expect(reply.body).toMatchObject({
      error: "FST_ERR_VALIDATION",
      issues: [{ path: ["headers", "idempotency-key"], rule: "required" }],
    })
  })

  it("a body that is not JSON, or not an object", async () => {
    const malformed = await refused("POST", "/complaints", { raw: '{"customerId": ', key: "bad-6" })
    expect(malformed.status).toBe(400)
    expect(malformed.body).toMatchObject({ error: "FST_ERR_CTP_INVALID_JSON_BODY" })

    const list = await refused("POST", "/complaints", { json: [intake()], key: "bad-7" })
    expect(list.status).toBe(400)
    expect(list.body).toMatchObject({
      error: "FST_ERR_VALIDATION",
      issues: [{ path: ["body"], rule: "type" }],
    })
  })

  it("a period that is not a year or a month", async () => {
    const month = await refused("POST", "/segmentation/periods/2024-13/classification")
    expect(month.status).toBe(400)
    expect(month.body).toMatchObject({
      error: "ParseError",
      issues: [{ path: ["params", "period"], message: expect.stringContaining("month") }],
    })
    const words = await send("GET", "/customers/cus-1/segments/last-year")
    expect(words.status).toBe(400)
    expect(words.body).toMatchObject({
      issues: [{ path: ["params", "period"], message: expect.stringContaining("a year") }],
    })
  })

  it("a step that is not one of the lifecycle's", async () => {
    const reply = await refused("POST", "/complaints/cmp-any/steps/escalate", {
      json: { by: "s-agent" },
    })
    expect(reply.status).toBe(400)
    expect(reply.body).toMatchObject({
      error: "ParseError",
      issues: [{ path: ["params", "step"], message: expect.stringContaining("acknowledge") }],
    })
  })

  it("a purchase whose amount is not a number", async () => {
    const reply = await refused("POST", "/transactions", {
      json: [
        {
          orderId: "t-bad",
          customerId: "cus-1",
          at: paris("2024-07-01T10:00"),
          revenue: { amount: "12.00", currency: "EUR" },
        },
      ],
    })
    expect(reply.status).toBe(400)
    expect(reply.body).toMatchObject({
      issues: [{ path: ["body", 0, "revenue", "amount"], rule: "Type" }],
    })
  })
})

const returnLine = {
  orderLineId: "mug",
  quantity: 1,
  reasonCode: "changedMind",
  condition: "unopened",
  resolution: "refund",
}
