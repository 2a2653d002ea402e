// SQLite passes the whole conformance suite in two configurations: the default
// tables in a file of their own, with a probe reading that file around the
// adapter; and a custom table prefix with synchronous=NORMAL in a file shared by
// every test.
import { join } from "node:path"
import { runConformance } from "@clientele/store/testkit"
import { describe, it } from "vitest"
import { layerSqlite } from "../src/sqlite.js"
import { sqliteProbe, temporaryDirectory } from "./support.js"

const directory = temporaryDirectory()

describe("SQLite, default tables", () => {
  const filename = join(directory, "default.db")
  runConformance({
    name: "sqlite",
    test: { describe, it },
    makeLayer: () => layerSqlite({ filename }),
    probe: sqliteProbe(filename),
  })
})

describe("SQLite, table prefix crm_ and synchronous=NORMAL", () => {
  const filename = join(directory, "prefixed.db")
  runConformance({
    name: "sqlite (crm_)",
    test: { describe, it },
    makeLayer: () => layerSqlite({ filename, tablePrefix: "crm_", synchronous: "normal" }),
    probe: sqliteProbe(filename, "crm_"),
  })
})
