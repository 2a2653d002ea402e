/**
 * Customer segments (SEG-1 to SEG-4):
 *
 * - `POST /transactions` records purchases, all or none;
 * - `POST /segmentation/periods/:period/classification` classifies a period (`2024`,
 *   `2024-06`) from its own purchases by the policy in force, shares the service-time
 *   budget over the ABCD classes and records the tier changes since the previous
 *   period. Running it again (after late purchases) replaces the period's results;
 * - `GET /customers/:customerId/segments/:period` tells which tier, ABCD class and
 *   RFM segment the customer is in for the period, and why (the figures).
 */
import { Errors, Period } from "@clientele/core"
import { Segmentation } from "@clientele/segmentation"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import type { FastifyPluginAsync } from "fastify"
import {
  classificationRequest,
  decodeRequest,
  segmentRequest,
  TransactionsRequest,
} from "../request-schemas.js"
import { arrayBody, fromBody, type RouteContext } from "./context.js"

const encodeRun = Schema.encodeSync(Segmentation.PeriodRun)
const encodeResult = Schema.encodeSync(Segmentation.CustomerResult)
const encodePeriod = Schema.encodeSync(Period.Period)

/**
 * The segmentation routes, as a Fastify plugin.
 */
export const segmentRoutes =
  ({ clientele, config }: RouteContext): FastifyPluginAsync =>
  async (app) => {
    const { segmentation } = clientele
    const { tenant } = config
    const { zone, policy, serviceBudgetMinutes } = config.segmentation
    const ClassificationRequest = classificationRequest(zone)
    const SegmentRequest = segmentRequest(zone)

    app.post("/transactions", { schema: { body: arrayBody } }, async (request, reply) => {
      const { body } = decodeRequest(TransactionsRequest, { body: request.body })
      const recorded = await fromBody(segmentation.recordTransactions(tenant, body))
      return reply.code(201).send({ recorded })
    })

    app.post("/segmentation/periods/:period/classification", async (request) => {
      const { params } = decodeRequest(ClassificationRequest, { params: request.params })
      const run = await segmentation.classifyPeriod(tenant, {
        period: params.period,
        policyVersion: policy.version,
        serviceBudgetMinutes,
      })
      return encodeRun(run)
    })

    app.get("/customers/:customerId/segments/:period", async (request) => {
      const { params } = decodeRequest(SegmentRequest, { params: request.params })
      const found = await segmentation.resultOf(tenant, params.period, params.customerId)
      if (Option.isNone(found)) {
        const { start, end, zone } = params.period
        throw new Errors.NotFoundError({
          entity: "classification of customer",
          id: `${params.customerId} for ${start} to ${end} (${zone})`,
        })
      }
      const { periodKey: _internalKey, ...result } = encodeResult(found.value)
      return { ...result, period: encodePeriod(params.period) }
    })
  }
