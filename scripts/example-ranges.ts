/**
 * The examples depend on the packages by version range, as an app outside the
 * repository does (`"@clientele/core": "^0.1.0"`), and the workspace links a package
 * whose version the range accepts. A range the workspace version no longer meets
 * would make pnpm install the published package instead, and the examples would test
 * old code: so every example's range must be `^` and the packages' current version.
 *
 *   node --import tsx scripts/example-ranges.ts           checks, exits 1 on a mismatch
 *   node --import tsx scripts/example-ranges.ts --write   rewrites the ranges (after `changeset version`)
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

interface Manifest {
  name: string
  version?: string
  private?: boolean
  dependencies?: Record<string, string>
  devDependencies?: Record<string, string>
}

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
const write = process.argv.includes("--write")

const manifests = (folder: string): Array<{ path: string; manifest: Manifest }> =>
  readdirSync(join(root, folder), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(root, folder, entry.name, "package.json"))
    .map((path) => ({ path, manifest: JSON.parse(readFileSync(path, "utf8")) as Manifest }))

const versions = new Map(
  manifests("packages")
    .filter(({ manifest }) => manifest.private !== true && manifest.version !== undefined)
    .map(({ manifest }) => [manifest.name, manifest.version as string]),
)

const mismatches: Array<string> = []
for (const { path, manifest } of manifests("examples")) {
  let changed = false
  for (const field of ["dependencies", "devDependencies"] as const) {
    const dependencies = manifest[field]
    if (dependencies === undefined) continue
    for (const [name, range] of Object.entries(dependencies)) {
      const version = versions.get(name)
      if (version === undefined) continue // not a published package (another example, a third party)
      const expected = `^${version}`
      if (range === expected) continue
      if (write) {
        dependencies[name] = expected
        changed = true
      } else mismatches.push(`${manifest.name}: ${name} is "${range}", expected "${expected}"`)
    }
  }
  if (changed) {
    writeFileSync(path, `${JSON.stringify(manifest, null, 2)}\n`)
    console.log(`${manifest.name}: ranges set to the packages' version`)
  }
}

if (mismatches.length > 0) {
  for (const line of mismatches) console.error(line)
  console.error(
    "The examples must depend on the packages' current version, or pnpm installs a published one: run `pnpm version-packages`, or `node --import tsx scripts/example-ranges.ts --write` and `pnpm install`.",
  )
  process.exit(1)
}
if (!write)
  console.log(
    `every example depends on the packages' version (${[...new Set(versions.values())].join(", ")})`,
  )
