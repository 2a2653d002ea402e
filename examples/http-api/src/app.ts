/**
 * Builds the HTTP service: Clientele opened over SQLite, the routes of complaints,
 * returns and segments, and one error handler that answers every failure through
 * `httpErrorOf`. Building does not listen: `main.ts` listens on the configured
 * port, a test on port 0. Closing the app closes the Clientele clients and the
 * database after the last request in flight is answered.
 */
import Fastify, { type FastifyInstance, type FastifyServerOptions } from "fastify"
import { openClientele } from "./clientele.js"
import { type ClienteleConfig, clienteleConfig } from "./config.js"
import { httpErrorOf } from "./http-errors.js"
import { complaintRoutes } from "./routes/complaints.js"
import { returnRoutes } from "./routes/returns.js"
import { segmentRoutes } from "./routes/segments.js"

/**
 * What {@link buildApp} needs.
 */
export interface AppOptions {
  /** The SQLite file; created and migrated when missing. */
  readonly databaseFile: string
  /** Fastify's logger options; `false` (the default) logs nothing. */
  readonly logger?: FastifyServerOptions["logger"]
  /**
   * The clock of the services and of the SLA board, in epoch milliseconds (default
   * `Date.now`). Tests and replays pass their own to control time.
   */
  readonly now?: () => number
  /** The domain configuration (default: `clienteleConfig` of `config.ts`). */
  readonly config?: ClienteleConfig
}

/**
 * The built service.
 */
export interface App {
  readonly app: FastifyInstance
  /** Stops listening, waits for requests in flight, then closes Clientele. */
  readonly close: () => Promise<void>
}

/**
 * Opens Clientele and builds the Fastify instance with every route registered.
 *
 * @example
 * ```ts
 * const { app, close } = await buildApp({ databaseFile: "clientele.db" })
 * await app.listen({ port: 3000 })
 * // … later
 * await close()
 * ```
 */
export const buildApp = async (options: AppOptions): Promise<App> => {
  const now = options.now ?? Date.now
  const config = options.config ?? clienteleConfig
  const clientele = await openClientele({ databaseFile: options.databaseFile, config, now })
  try {
    const app = Fastify({ logger: options.logger ?? false })
    app.addHook("onClose", () => clientele.close())

    app.setErrorHandler((error, request, reply) => {
      const { status, body } = httpErrorOf(error)
      if (status >= 500) request.log.error({ err: error }, "request failed")
      return reply.code(status).send(body)
    })
    app.setNotFoundHandler((request, reply) =>
      reply.code(404).send({
        error: "RouteNotFound",
        message: `no route ${request.method} ${request.url.split("?")[0]}`,
      }),
    )

    const context = { clientele, config, now }
    await app.register(complaintRoutes(context))
    await app.register(returnRoutes(context))
    await app.register(segmentRoutes(context))
    await app.ready()
    return { app, close: () => app.close() }
  } catch (error) {
    await clientele.close()
    throw error
  }
}
