/**
 * Orders and return decisions (RET-1 to RET-3):
 *
 * - `POST /orders` records an order's facts under the return policy in force, of
 *   which the order keeps a copy (its snapshot); `GET /orders/:orderId` reads it;
 * - `POST /orders/:orderId/returns` files a return request and answers with the
 *   case and its explainable decision: per line, the units approved and declined
 *   with machine-readable codes, and the exact refund. An optional
 *   `Idempotency-Key` header makes a retry return the same case;
 * - `GET /returns/:caseId` reads a case; `GET /return-policy` publishes the policy
 *   in force as text and schema.org JSON-LD.
 */
import { Returns } from "@clientele/returns"
import * as Schema from "effect/Schema"
import type { FastifyPluginAsync } from "fastify"
import {
  decodeRequest,
  OrderPath,
  OrderRequest,
  ReturnCasePath,
  ReturnRequest,
} from "../request-schemas.js"
import {
  fromBody,
  idempotencyKeyHeader,
  locationOf,
  objectBody,
  type RouteContext,
} from "./context.js"

const encodeOrder = Schema.encodeSync(Returns.StoredOrder)
const encodeCase = Schema.encodeSync(Returns.ReturnCase)

/**
 * The order and return routes, as a Fastify plugin.
 */
export const returnRoutes =
  ({ clientele, config, now }: RouteContext): FastifyPluginAsync =>
  async (app) => {
    const { returns } = clientele
    const { tenant } = config
    const policyInForce = { id: config.returnPolicy.id, version: config.returnPolicy.version }

    app.post("/orders", { schema: { body: objectBody } }, async (request, reply) => {
      const { body } = decodeRequest(OrderRequest, { body: request.body })
      const order = await fromBody(
        returns.recordOrder(tenant, { facts: { ...body, policy: policyInForce } }),
      )
      return reply
        .code(201)
        .header("location", locationOf("orders", order.facts.orderId))
        .send(encodeOrder(order))
    })

    app.get("/orders/:orderId", async (request) => {
      const { params } = decodeRequest(OrderPath, { params: request.params })
      return encodeOrder(await returns.getOrder(tenant, params.orderId))
    })

    app.post<{ Headers: { "idempotency-key"?: string } }>(
      "/orders/:orderId/returns",
      { schema: { headers: idempotencyKeyHeader("optional"), body: objectBody } },
      async (request, reply) => {
        const { params, body } = decodeRequest(ReturnRequest, {
          params: request.params,
          body: request.body,
        })
        const key = request.headers["idempotency-key"]
        const filed = await fromBody(
          returns.requestReturn(
            tenant,
            // Filed now: the window is judged at this instant, however late the case is decided.
            { ...body, orderId: params.orderId, requestedAt: now() },
            key === undefined ? {} : { idempotencyKey: key },
          ),
        )
        return reply
          .code(201)
          .header("location", locationOf("returns", filed.id))
          .send(encodeCase(filed))
      },
    )

    app.get("/returns/:caseId", async (request) => {
      const { params } = decodeRequest(ReturnCasePath, { params: request.params })
      return encodeCase(await returns.getCase(tenant, params.caseId))
    })

    app.get("/return-policy", async () => {
      const published = await returns.publishPolicy(tenant, policyInForce, {
        text: { format: "markdown" },
      })
      return { policy: policyInForce, text: published.text, jsonLd: published.jsonLd }
    })
  }
