/**
 * Complaint intake and the SLA board (CMP-2, CMP-4, CMP-5):
 *
 * - `POST /complaints` receives a complaint; the `Idempotency-Key` header is the
 *   intake's idempotency key, so a retry returns the complaint created the first
 *   time, and the same key with another complaint is a 409;
 * - `GET /complaints/:complaintId` and `GET /complaints/:complaintId/history` read it
 *   and its append-only history;
 * - `GET /complaints/:complaintId/sla` tells each target's deadline, time left or
 *   overdue, and whether it is breached, at the service's clock;
 * - `POST /complaints/:complaintId/steps/:step` takes a step of the lifecycle
 *   (`acknowledge`, `route`, `assign`, … `close`, `reopen`) with its fields.
 */
import { Complaint } from "@clientele/complaints"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import type { FastifyPluginAsync } from "fastify"
import {
  ComplaintPath,
  decodeRequest,
  IntakeRequest,
  StepPath,
  StepRequest,
} from "../request-schemas.js"
import { slaStatus } from "../sla-status.js"
import {
  fromBody,
  idempotencyKeyHeader,
  locationOf,
  objectBody,
  type RouteContext,
} from "./context.js"

const encodeComplaint = Schema.encodeSync(Complaint.Complaint)
const encodeHistory = Schema.encodeSync(Schema.Array(Complaint.HistoryEntry))

/**
 * The complaint routes, as a Fastify plugin.
 */
export const complaintRoutes =
  ({ clientele, config, now }: RouteContext): FastifyPluginAsync =>
  async (app) => {
    const { complaints } = clientele
    const { tenant } = config

    app.post<{ Headers: { "idempotency-key": string } }>(
      "/complaints",
      { schema: { headers: idempotencyKeyHeader("required"), body: objectBody } },
      async (request, reply) => {
        const { body } = decodeRequest(IntakeRequest, { body: request.body })
        const complaint = await fromBody(
          complaints.intake(tenant, {
            ...body,
            idempotencyKey: request.headers["idempotency-key"],
          }),
        )
        // A retry gets the very answer of the first attempt, as a replay should.
        return reply
          .code(201)
          .header("location", locationOf("complaints", complaint.id))
          .send(encodeComplaint(complaint))
      },
    )

    app.get("/complaints/:complaintId", async (request) => {
      const { params } = decodeRequest(ComplaintPath, { params: request.params })
      return encodeComplaint(await complaints.get(tenant, params.complaintId))
    })

    app.get("/complaints/:complaintId/history", async (request) => {
      const { params } = decodeRequest(ComplaintPath, { params: request.params })
      // Read first: an unknown complaint is a 404, not an empty history.
      const complaint = await complaints.get(tenant, params.complaintId)
      return encodeHistory(await complaints.history(tenant, complaint.id))
    })

    app.get("/complaints/:complaintId/sla", async (request) => {
      const { params } = decodeRequest(ComplaintPath, { params: request.params })
      const complaint = await complaints.get(tenant, params.complaintId)
      return Either.getOrThrowWith(
        slaStatus(complaint, config.complaints.sla.calendar, now()),
        (error) => error,
      )
    })

    app.post<{ Body: Readonly<Record<string, unknown>> }>(
      "/complaints/:complaintId/steps/:step",
      { schema: { body: objectBody } },
      async (request) => {
        const { params } = decodeRequest(StepPath, { params: request.params })
        const { body } = decodeRequest(StepRequest, {
          body: { ...request.body, _tag: params.step },
        })
        return encodeComplaint(await fromBody(complaints.act(tenant, params.complaintId, body)))
      },
    )
  }
