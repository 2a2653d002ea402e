import { mkdtempSync, readFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"
import { runConformance } from "../../src/testkit.js"
import { layerJsonFile } from "./json-file-store.js"

// The adapter of the guide "Writing a storage adapter" passes the whole suite, set
// up exactly as the guide's test file does.
const directory = mkdtempSync(join(tmpdir(), "json-file-store-"))
let files = 0
let current = ""

runConformance({
  name: "json file (the adapter guide's example)",
  test: { describe, it },
  makeLayer: () => {
    current = join(directory, `store-${++files}.json`)
    return layerJsonFile(current)
  },
  probe: {
    read: async (tenant, collection, id) => {
      const documents = JSON.parse(readFileSync(current, "utf8")) as Array<{
        tenant: string
        collection: string
        id: string
        version: number
        body: never
      }>
      const found = documents.find(
        (doc) => doc.tenant === tenant && doc.collection === collection && doc.id === id,
      )
      return found === undefined ? undefined : { version: found.version, body: found.body }
    },
  },
  numRuns: 20,
})

describe("the adapter guide", () => {
  const root = join(dirname(fileURLToPath(import.meta.url)), "../../../..")
  const guide = readFileSync(join(root, "docs/guides/storage-adapters.md"), "utf8")

  it("shows the tested adapter verbatim", () => {
    const source = readFileSync(join(root, "packages/store/test/guide/json-file-store.ts"), "utf8")
    expect(guide).toContain(`\`\`\`ts\n${source}\`\`\``)
  })

  it("lists every option of the testkit as its typedoc does", () => {
    const testkit = readFileSync(join(root, "packages/store/src/testkit.ts"), "utf8")
    const rows = testkit
      .split("\n")
      .filter((line) => line.startsWith(" * |"))
      .map((line) => line.slice(3))
    expect(rows.length).toBeGreaterThan(5)
    for (const row of rows) expect(guide).toContain(row)
  })
})
