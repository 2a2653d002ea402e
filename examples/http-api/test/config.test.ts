/**
 * The environment the process reads: defaults for a local run, and a refusal that
 * names the variable when a value is wrong.
 */
import * as Either from "effect/Either"
import { describe, expect, it } from "vitest"
import { defaultDatabaseFile, loadServerConfig } from "../src/config.js"

describe("loadServerConfig", () => {
  it("runs on port 3000 of the loopback interface, over clientele.db in the app's directory, by default", () => {
    expect(loadServerConfig({})).toEqual(
      Either.right({
        port: 3000,
        host: "127.0.0.1",
        databaseFile: defaultDatabaseFile,
        logLevel: "info",
      }),
    )
    expect(defaultDatabaseFile.endsWith("clientele.db")).toBe(true)
  })

  it("reads PORT, HOST, CLIENTELE_DB and LOG_LEVEL", () => {
    const loaded = loadServerConfig({
      PORT: "8080",
      HOST: "0.0.0.0",
      CLIENTELE_DB: "/var/lib/clientele/service.db",
      LOG_LEVEL: "warn",
      UNRELATED: undefined,
    })
    expect(loaded).toEqual(
      Either.right({
        port: 8080,
        host: "0.0.0.0",
        databaseFile: "/var/lib/clientele/service.db",
        logLevel: "warn",
      }),
    )
  })

  it("refuses a value it cannot use, naming the variable", () => {
    for (const env of [{ PORT: "eighty" }, { PORT: "70000" }, { LOG_LEVEL: "loud" }]) {
      const loaded = loadServerConfig(env)
      if (Either.isRight(loaded)) throw new Error(`${JSON.stringify(env)} was accepted`)
      expect(String(loaded.left)).toContain(`at ${Object.keys(env)[0]}`)
    }
  })
})
