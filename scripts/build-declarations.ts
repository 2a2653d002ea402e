/**
 * Writes a package's type declarations into its `dist/`: one `.d.ts` per source
 * module, as the TypeScript compiler emits them, and beside each a `.d.cts` twin for
 * `require` (the same declarations, their relative imports pointing at the `.cjs`
 * twins), so both the `import` and the `require` conditions resolve to types of the
 * right module format.
 *
 * Declarations are not bundled into one file: a bundler of declarations turns a
 * namespace re-export (`export * as Ids from "./Ids.js"`) into a synthetic namespace
 * that keeps only the type of a name that is both a value and a type (`Ids.TenantId`
 * the schema and `Ids.TenantId` the branded string), so `Ids.TenantId.make` would not
 * compile for a user. The compiler's own per-module output keeps both meanings.
 *
 * Run from a package directory, after `tsup` (which cleans `dist/` and writes the
 * JavaScript): `node --import tsx ../../scripts/build-declarations.ts`.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs"
import { join, relative, sep } from "node:path"
import ts from "typescript"

const packageDir = process.cwd()
const sourceDir = join(packageDir, "src")
const outDir = join(packageDir, "dist")

const formatHost: ts.FormatDiagnosticsHost = {
  getCanonicalFileName: (fileName) => fileName,
  getCurrentDirectory: () => packageDir,
  getNewLine: () => "\n",
}

const fail = (diagnostics: ReadonlyArray<ts.Diagnostic>): never => {
  process.stderr.write(ts.formatDiagnosticsWithColorAndContext(diagnostics, formatHost))
  process.exit(1)
}

const parsed = ts.getParsedCommandLineOfConfigFile(join(packageDir, "tsconfig.json"), undefined, {
  ...ts.sys,
  onUnRecoverableConfigFileDiagnostic: (diagnostic) => fail([diagnostic]),
})
if (parsed === undefined) throw new Error(`no tsconfig.json in ${packageDir}`)
if (parsed.errors.length > 0) fail(parsed.errors)

// The package's own modules only: its tests are in the same project but never shipped.
const rootNames = parsed.fileNames.filter((file) => !relative(sourceDir, file).startsWith(".."))
const program = ts.createProgram(rootNames, {
  ...parsed.options,
  noEmit: false,
  declaration: true,
  emitDeclarationOnly: true,
  declarationMap: false,
  sourceMap: false,
  rootDir: sourceDir,
  outDir,
})
const emitted = program.emit()
const errors = emitted.diagnostics.filter(
  (diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error,
)
if (errors.length > 0) fail(errors)

/** Every `.d.ts` under a directory. */
const declarationFiles = (directory: string): Array<string> =>
  readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name)
    if (entry.isDirectory()) return declarationFiles(path)
    return entry.name.endsWith(".d.ts") ? [path] : []
  })

// `from "./Ids.js"`, `import("./internal/x.js")`: relative specifiers of the ESM twin.
const relativeSpecifier = /(\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)(["'])(\.{1,2}\/[^"']+)\.js\2/g

let written = 0
for (const file of declarationFiles(outDir)) {
  const esm = readFileSync(file, "utf8")
  const cjs = esm.replace(
    relativeSpecifier,
    (_, keyword, quote, path) => `${keyword}${quote}${path}.cjs${quote}`,
  )
  writeFileSync(`${file.slice(0, -".d.ts".length)}.d.cts`, cjs)
  written++
}
process.stdout.write(
  `declarations: ${written} modules (.d.ts and .d.cts) in ${relative(process.cwd(), outDir) || "."}${sep}\n`,
)
