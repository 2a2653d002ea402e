/**
 * Starts the service: reads the environment (`PORT`, `HOST`, `CLIENTELE_DB`,
 * `LOG_LEVEL`), builds the app and listens. On SIGINT or SIGTERM it stops taking
 * requests, answers those in flight, closes the Clientele clients and the SQLite
 * database, and exits.
 */
import * as Either from "effect/Either"
import { buildApp } from "./app.js"
import { loadServerConfig } from "./config.js"

const loaded = loadServerConfig(process.env)
if (Either.isLeft(loaded)) {
  console.error(`invalid configuration: ${String(loaded.left)}`)
  process.exit(1)
}
const config = loaded.right

const { app, close } = await buildApp({
  databaseFile: config.databaseFile,
  logger: { level: config.logLevel },
})

let stopping = false
const stop = (signal: NodeJS.Signals) => {
  if (stopping) return
  stopping = true
  app.log.info({ signal }, "shutting down")
  close().then(
    () => app.log.info("closed"),
    (error: unknown) => {
      app.log.error({ err: error }, "shutdown failed")
      process.exitCode = 1
    },
  )
}
process.once("SIGINT", stop)
process.once("SIGTERM", stop)

try {
  await app.listen({ port: config.port, host: config.host })
} catch (error) {
  app.log.error({ err: error }, "could not listen")
  await close()
  process.exit(1)
}
