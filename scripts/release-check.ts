/**
 * The release check: proves, before anything is published, that the packages work
 * as a user gets them — from the registry, not from this workspace.
 *
 * 1. Every publishable package (`packages/*` without `private`) must be built: each
 *    file its `exports` name must exist. The check never builds; CI builds first.
 * 2. Each is packed with `pnpm pack` (which turns `workspace:` ranges into versions;
 *    one left behind fails), and each tarball is linted by publint (strict) and by
 *    are-the-types-wrong (profile `node16`).
 * 3. A fresh project in the system's temp directory — outside the workspace, so
 *    nothing resolves to its sources or its `node_modules` — installs every tarball
 *    and the peer dependencies a user installs, with npm, as a user would. The
 *    `@clientele/*` dependencies between packages must come from the tarballs.
 * 4. There, `smoke.mjs` (ESM) and `smoke.cjs` (CommonJS) load every package and
 *    subpath export and run one real operation per package, and TypeScript checks
 *    a consumer that imports every package — plus a generated file naming every
 *    value the JavaScript exports — under `node16` (ESM and CommonJS) and `bundler`
 *    resolution, against the published `.d.ts` and `.d.cts` files.
 *
 * Prints a table and exits non-zero with the reasons if anything failed. `--keep`
 * keeps the temporary directory for inspection.
 */
import { spawn } from "node:child_process"
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs"
import { createRequire } from "node:module"
import { tmpdir } from "node:os"
import { delimiter, dirname, join, relative, resolve, sep } from "node:path"
import { fileURLToPath } from "node:url"
import { publint } from "publint"
import { formatMessage } from "publint/utils"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
const smokeFiles = join(root, "scripts", "release-check")
const keep = process.argv.includes("--keep")

type Json = { readonly [key: string]: unknown }

interface Manifest {
  readonly name: string
  readonly version: string
  readonly private?: boolean
  readonly exports?: Json
  readonly main?: string
  readonly module?: string
  readonly types?: string
  readonly peerDependencies?: Readonly<Record<string, string>>
  readonly devDependencies?: Readonly<Record<string, string>>
}

interface Workspace {
  readonly directory: string
  readonly manifest: Manifest
}

/** One row of the summary: a package and the verdict of each check on it. */
interface Row {
  readonly workspace: Workspace
  readonly name: string
  readonly version: string
  tarball?: string
  bytes?: number
  publint: Verdict
  attw: Verdict
  esm: Verdict
  cjs: Verdict
}

type Verdict = "ok" | "FAIL" | "-"

const failures: Array<string> = []
const fail = (reason: string): void => {
  failures.push(reason)
}

const readJson = <A>(path: string): A => JSON.parse(readFileSync(path, "utf8")) as A

// ---------------------------------------------------------------------------
// Running commands

interface Completed {
  readonly exitCode: number
  readonly stdout: string
  /** stdout and stderr, interleaved as they came. */
  readonly output: string
}

/**
 * The environment a user's shell would give the fresh project: without the
 * variables `pnpm run` adds (`npm_config_*`, `npm_package_*`, …), without
 * `NODE_OPTIONS` (a `--conditions=@clientele/source` there would send Node to the
 * published sources) and without the workspace's `node_modules/.bin` on the PATH,
 * so that nothing of the workspace leaks into the install, the smoke scripts or
 * the type-check.
 */
const userEnvironment = (): NodeJS.ProcessEnv => {
  const environment: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_/i.test(key) || key === "PNPM_SCRIPT_SRC_DIR" || key === "NODE_OPTIONS") continue
    environment[key] = value
  }
  const pathKey = Object.keys(environment).find((key) => key.toUpperCase() === "PATH") ?? "PATH"
  environment[pathKey] = (environment[pathKey] ?? "")
    .split(delimiter)
    .filter((entry) => entry !== "" && !isInside(resolve(entry), root))
    .join(delimiter)
  return environment
}

const isInside = (path: string, directory: string): boolean =>
  path === directory || path.startsWith(directory + sep)

const runCommand = (
  command: string,
  args: ReadonlyArray<string>,
  options: { readonly cwd: string; readonly env?: NodeJS.ProcessEnv },
): Promise<Completed> =>
  new Promise((complete) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
    })
    let stdout = ""
    let output = ""
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString()
      output += chunk.toString()
    })
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString()
    })
    child.on("error", (error) =>
      complete({ exitCode: -1, stdout, output: `${output}${error.message}` }),
    )
    child.on("close", (code) => complete({ exitCode: code ?? -1, stdout, output }))
  })

/** The last lines of a command's output, indented, for a failure report. */
const tail = (output: string, lines = 40): string => {
  const all = output.trimEnd().split("\n")
  const shown = all.slice(-lines).map((line) => `    ${line}`)
  return (all.length > lines ? [`    … ${all.length - lines} lines before`, ...shown] : shown).join(
    "\n",
  )
}

const seconds = (since: number): string => `${((performance.now() - since) / 1000).toFixed(1)} s`

// ---------------------------------------------------------------------------
// 1. The publishable packages, built

const publishable = (): Array<Workspace> =>
  readdirSync(join(root, "packages"))
    .sort()
    .map((name) => join(root, "packages", name))
    .filter((directory) => existsSync(join(directory, "package.json")))
    .map((directory) => ({
      directory,
      manifest: readJson<Manifest>(join(directory, "package.json")),
    }))
    .filter((workspace) => workspace.manifest.private !== true)

/** The condition under which the workspace resolves a package to its sources. */
const sourceCondition = "@clientele/source"

/** Every file the package's entry points name, except the sources the workspace uses. */
const entryFiles = (manifest: Manifest): Array<string> => {
  const files = new Set<string>()
  const visit = (target: unknown): void => {
    if (typeof target === "string") {
      if (!target.includes("*")) files.add(target)
    } else if (typeof target === "object" && target !== null) {
      for (const [condition, value] of Object.entries(target)) {
        if (condition !== sourceCondition) visit(value)
      }
    }
  }
  visit(manifest.exports)
  for (const field of [manifest.main, manifest.module, manifest.types]) visit(field)
  return [...files]
}

/** The subpaths a user can import: `"."`, `"./testkit"`, … but not patterns or JSON. */
const importableSubpaths = (manifest: Manifest): Array<string> =>
  Object.entries(manifest.exports ?? {})
    .filter(([subpath, target]) => target !== null && !subpath.includes("*"))
    .map(([subpath]) => subpath)
    .filter((subpath) => !subpath.endsWith(".json"))

const specifierOf = (name: string, subpath: string): string =>
  subpath === "." ? name : `${name}/${subpath.slice(2)}`

const newestModification = (directory: string): number =>
  readdirSync(directory, { withFileTypes: true }).reduce((newest, entry) => {
    const path = join(directory, entry.name)
    const time = entry.isDirectory() ? newestModification(path) : statSync(path).mtimeMs
    return Math.max(newest, time)
  }, 0)

const checkBuilt = (workspaces: ReadonlyArray<Workspace>): boolean => {
  let built = true
  for (const { directory, manifest } of workspaces) {
    const missing = entryFiles(manifest).filter((file) => !existsSync(join(directory, file)))
    if (missing.length > 0) {
      built = false
      fail(
        `${relative(root, directory)} is not built: ${missing.join(", ")} missing. ` +
          "Build the packages first (`pnpm run build`); the release check never builds.",
      )
      continue
    }
    const source = join(directory, "src")
    const output = join(directory, "dist")
    if (existsSync(source) && existsSync(output)) {
      if (newestModification(source) > newestModification(output)) {
        console.log(
          `note: ${relative(root, source)} changed after its dist/ was built; the check runs on dist/ as it is`,
        )
      }
    }
  }
  return built
}

// ---------------------------------------------------------------------------
// 2. Pack, publint, are-the-types-wrong

const pack = async (row: Row, destination: string): Promise<void> => {
  const packed = await runCommand("pnpm", ["pack", "--pack-destination", destination, "--json"], {
    cwd: row.workspace.directory,
  })
  if (packed.exitCode !== 0) {
    fail(`${row.name}: pnpm pack failed\n${tail(packed.output)}`)
    return
  }
  const { filename } = JSON.parse(packed.stdout) as {
    readonly filename: string
  }
  row.tarball = filename
  row.bytes = statSync(filename).size
}

const lint = async (row: Row, tarball: string): Promise<void> => {
  const data = readFileSync(tarball)
  const { messages, pkg } = await publint({
    pack: { tarball: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) },
    strict: true,
  })
  const errors = messages.filter((message) => message.type === "error")
  for (const message of messages.filter((message) => message.type !== "error")) {
    console.log(
      `publint ${row.name} (${message.type}): ${formatMessage(message, pkg, { color: false })}`,
    )
  }
  // pnpm pack rewrites `workspace:` ranges into versions; one left would not install.
  const unresolved = ["dependencies", "peerDependencies", "optionalDependencies"].flatMap((field) =>
    Object.entries((pkg[field] ?? {}) as Record<string, string>)
      .filter(([, range]) => range.startsWith("workspace:"))
      .map(([name, range]) => `${field}.${name}: ${range}`),
  )
  if (unresolved.length > 0) {
    fail(
      `${row.name}: the packed package.json still has workspace ranges: ${unresolved.join(", ")}`,
    )
  }
  if (errors.length > 0) {
    fail(
      `${row.name}: publint --strict:\n${errors.map((message) => `    ${formatMessage(message, pkg, { color: false })}`).join("\n")}`,
    )
  }
  row.publint = errors.length === 0 && unresolved.length === 0 ? "ok" : "FAIL"
}

const requireFromRoot = createRequire(join(root, "package.json"))

const attwBin = (): string => {
  const manifestPath = requireFromRoot.resolve("@arethetypeswrong/cli/package.json")
  const { bin } = readJson<{ readonly bin: Readonly<Record<string, string>> }>(manifestPath)
  return join(dirname(manifestPath), bin.attw ?? "dist/index.js")
}

const checkTypes = async (rows: ReadonlyArray<Row>): Promise<void> => {
  const bin = attwBin()
  for (const row of rows) {
    if (row.tarball === undefined) continue
    // Decision 7: node16 (CommonJS and ESM) and bundler resolution must be clean.
    const result = await runCommand(
      process.execPath,
      [bin, row.tarball, "--profile", "node16", "--format", "table-flipped", "--no-color"],
      { cwd: root },
    )
    row.attw = result.exitCode === 0 ? "ok" : "FAIL"
    if (result.exitCode !== 0) fail(`${row.name}: are-the-types-wrong\n${tail(result.output)}`)
  }
}

// ---------------------------------------------------------------------------
// 3. The fresh project

/**
 * The peer dependencies a user installs, at the versions the workspace develops and
 * tests with (from the root's or the declaring package's dev dependencies), and the
 * `@types` packages the packages are developed with: the drivers' types a
 * TypeScript user of those peers needs (`@types/pg` under `@effect/sql-pg`).
 */
const peerInstalls = (workspaces: ReadonlyArray<Workspace>): Record<string, string> => {
  const rootManifest = readJson<Manifest>(join(root, "package.json"))
  const installs: Record<string, string> = {}
  for (const { manifest } of workspaces) {
    for (const [peer, range] of Object.entries(manifest.peerDependencies ?? {})) {
      installs[peer] =
        rootManifest.devDependencies?.[peer] ?? manifest.devDependencies?.[peer] ?? range
    }
    for (const [name, range] of Object.entries(manifest.devDependencies ?? {})) {
      if (name.startsWith("@types/")) installs[name] = range
    }
  }
  return installs
}

/** The TypeScript and Node types a user's project compiles with: the workspace's. */
const typeScriptInstalls = (): Record<string, string> => {
  const { devDependencies = {} } = readJson<Manifest>(join(root, "package.json"))
  const installs: Record<string, string> = {}
  for (const name of ["typescript", "@types/node"]) {
    const range = devDependencies[name]
    if (range === undefined) throw new Error(`the root package.json has no ${name} to install`)
    installs[name] = range
  }
  return installs
}

const writeProject = (
  project: string,
  rows: ReadonlyArray<Row & { readonly tarball: string }>,
  workspaces: ReadonlyArray<Workspace>,
): void => {
  mkdirSync(project)
  const tarballs = Object.fromEntries(
    rows.map((row) => [row.name, `file:${relative(project, row.tarball).split(sep).join("/")}`]),
  )
  const manifest = {
    name: "clientele-release-check-consumer",
    version: "0.0.0",
    private: true,
    description:
      "A user's project: the packed tarballs installed from files, the rest from the registry.",
    dependencies: { ...tarballs, ...peerInstalls(workspaces) },
    devDependencies: typeScriptInstalls(),
    // A package's dependency on another `@clientele/*` package must install that
    // package's tarball too, never a version of it from the registry.
    overrides: Object.fromEntries(rows.map((row) => [row.name, `$${row.name}`])),
  }
  writeFileSync(join(project, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`)
}

const install = async (project: string): Promise<boolean> => {
  const result = await runCommand("npm", ["install", "--no-audit", "--no-fund"], {
    cwd: project,
    env: userEnvironment(),
  })
  if (result.exitCode !== 0) {
    fail(`npm install in the fresh project failed\n${tail(result.output)}`)
    return false
  }
  return true
}

/** Every installed copy of a `@clientele/*` package must be one of our tarballs. */
const checkResolutions = (project: string, names: ReadonlyArray<string>): void => {
  const lock = readJson<{
    readonly packages: Readonly<Record<string, { readonly resolved?: string }>>
  }>(join(project, "package-lock.json"))
  for (const [path, entry] of Object.entries(lock.packages)) {
    const name = path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length)
    if (!name.startsWith("@clientele/")) continue
    if (!names.includes(name)) {
      fail(`the fresh project installed ${name} (${path}), which is not one of our packages`)
    } else if (!entry.resolved?.startsWith("file:")) {
      fail(`${path} was installed from ${entry.resolved ?? "nowhere"}, not from its tarball`)
    }
  }
}

// ---------------------------------------------------------------------------
// 4. Smoke scripts and the TypeScript consumer

const smoke = async (
  project: string,
  script: string,
  column: "esm" | "cjs",
  rows: ReadonlyArray<Row>,
): Promise<void> => {
  const result = await runCommand(process.execPath, [script], {
    cwd: project,
    env: userEnvironment(),
  })
  process.stdout.write(result.output)
  const lines = result.output.split("\n")
  let failedPackages = 0
  for (const row of rows) {
    const line = lines.find(
      (candidate) =>
        candidate.startsWith(`ok ${row.name} (`) || candidate.startsWith(`FAIL ${row.name} (`),
    )
    row[column] = line?.startsWith("ok ") === true ? "ok" : "FAIL"
    if (line === undefined) fail(`${row.name}: ${script} printed no result for it`)
    else if (line.startsWith("FAIL ")) {
      failedPackages++
      fail(`${row.name}: ${line.slice(line.indexOf(")") + 2)} (${script}; details above)`)
    }
  }
  // A crash outside the per-package checks: report it as it is.
  if (result.exitCode !== 0 && failedPackages === 0) {
    fail(`${script} exited with ${result.exitCode}\n${tail(result.output)}`)
  }
}

const identifier = /^[A-Za-z_$][\w$]*$/
const member = (object: string, name: string): string =>
  identifier.test(name) ? `${object}.${name}` : `${object}[${JSON.stringify(name)}]`

/**
 * A TypeScript module that names every value the packages export at run time, so
 * the compiler fails on one the published types leave out or declare as a type only.
 */
const writeRuntimeExports = async (
  project: string,
  specifiers: ReadonlyArray<string>,
): Promise<boolean> => {
  const listed = await runCommand(process.execPath, ["list-exports.mjs", ...specifiers], {
    cwd: project,
    env: userEnvironment(),
  })
  if (listed.exitCode !== 0) {
    fail(`list-exports.mjs failed\n${tail(listed.output)}`)
    return false
  }
  const listing = JSON.parse(listed.stdout) as Record<
    string,
    Record<string, ReadonlyArray<string> | null>
  >
  const imports: Array<string> = []
  const references: Array<string> = []
  specifiers.forEach((specifier, index) => {
    const local = `exported${index}`
    imports.push(`import * as ${local} from ${JSON.stringify(specifier)}`)
    for (const [name, members] of Object.entries(listing[specifier] ?? {})) {
      const namespace = member(local, name)
      if (members === null) references.push(namespace)
      else for (const inner of members) references.push(member(namespace, inner))
    }
  })
  const text = [
    "// Generated by the release check: every value the packages export at run time.",
    ...imports,
    "",
    "export const runtimeExports: ReadonlyArray<unknown> = [",
    ...references.map((reference) => `  ${reference},`),
    "]",
    "",
  ].join("\n")
  for (const extension of ["mts", "cts", "ts"]) {
    writeFileSync(join(project, `runtime-exports.${extension}`), text)
  }
  return true
}

const compilerOptions = {
  target: "es2022",
  lib: ["es2023"],
  types: ["node"],
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  // Our declaration files are checked too, not trusted.
  skipLibCheck: false,
  noEmit: true,
}

/** The two resolutions users have: Node's own (ESM and CommonJS files) and a bundler's. */
const typeChecks = [
  {
    name: "node16",
    options: { module: "node16", moduleResolution: "node16" },
    files: ["consumer.mts", "consumer.cts", "runtime-exports.mts", "runtime-exports.cts"],
  },
  {
    name: "bundler",
    options: { module: "esnext", moduleResolution: "bundler" },
    files: ["consumer.ts", "runtime-exports.ts"],
  },
] as const

const typeCheck = async (project: string, check: (typeof typeChecks)[number]): Promise<Verdict> => {
  const config = `tsconfig.${check.name}.json`
  writeFileSync(
    join(project, config),
    `${JSON.stringify({ compilerOptions: { ...compilerOptions, ...check.options }, files: check.files }, null, 2)}\n`,
  )
  const tsc = join(project, "node_modules", "typescript", "bin", "tsc")
  const result = await runCommand(process.execPath, [tsc, "-p", config], {
    cwd: project,
    env: userEnvironment(),
  })
  if (result.exitCode === 0) return "ok"
  const errors = result.output.split("\n").filter((line) => compilerError.test(line))
  // With skipLibCheck off, the compiler also reports the declarations of other
  // packages (effect's platform packages name DOM globals such as `Storage`). Those
  // are not ours to fix and are shown, not counted.
  const theirs = errors.filter(
    (line) => line.startsWith("node_modules/") && !line.startsWith("node_modules/@clientele/"),
  )
  for (const line of theirs) console.log(`tsc (${check.name}), not ours: ${line}`)
  if (errors.length > 0 && theirs.length === errors.length) return "ok"
  const ours =
    errors.length === 0 ? result.output : errors.filter((line) => !theirs.includes(line)).join("\n")
  fail(`tsc (${check.name}) on the published types: ${summariseCompilerErrors(ours)}`)
  return "FAIL"
}

const compilerError = /^(\S+)\(\d+,\d+\): error TS\d+: (.*)$/
const missingMember = /^Property '([^']+)' does not exist on type 'typeof ([^'$]+)(?:\$\d+)?'/

/**
 * The compiler's errors, shortened: a value the JavaScript exports but the types
 * lack shows up once per file and resolution, so those are listed once by name.
 */
const summariseCompilerErrors = (output: string): string => {
  const lines = output.split("\n").filter((line) => compilerError.test(line))
  const missing = new Set<string>()
  const others: Array<string> = []
  for (const line of lines) {
    const [, file = "", message = ""] = compilerError.exec(line) ?? []
    const absent = file.startsWith("runtime-exports.") ? missingMember.exec(message) : null
    if (absent === null) others.push(line)
    else missing.add(`${absent[2]}.${absent[1]}`)
  }
  const parts = [`${lines.length} errors`]
  if (missing.size > 0) {
    const names = [...missing]
    const shown = names.slice(0, 25).join(", ")
    const more = names.length > 25 ? `, … ${names.length - 25} more` : ""
    parts.push(
      `    ${names.length} values the JavaScript exports are absent from the types (or typed as types only): ${shown}${more}`,
    )
  }
  parts.push(...others.slice(0, 30).map((line) => `    ${line}`))
  if (others.length > 30) parts.push(`    … ${others.length - 30} more`)
  if (lines.length === 0) parts.push(tail(output))
  return parts.join("\n")
}

// ---------------------------------------------------------------------------
// The report

const kilobytes = (bytes: number | undefined): string =>
  bytes === undefined ? "-" : `${(bytes / 1024).toFixed(1)} kB`

const printTable = (
  headers: ReadonlyArray<string>,
  lines: ReadonlyArray<ReadonlyArray<string>>,
) => {
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...lines.map((line) => (line[column] ?? "").length)),
  )
  const format = (cells: ReadonlyArray<string>) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join("  ")
      .trimEnd()
  console.log(format(headers))
  console.log(format(widths.map((width) => "-".repeat(width))))
  for (const line of lines) console.log(format(line))
}

// ---------------------------------------------------------------------------

const main = async (): Promise<void> => {
  const started = performance.now()
  const workspaces = publishable()
  const rows: Array<Row> = workspaces.map((workspace) => ({
    workspace,
    name: workspace.manifest.name,
    version: workspace.manifest.version,
    publint: "-",
    attw: "-",
    esm: "-",
    cjs: "-",
  }))
  const typeVerdicts: Record<string, Verdict> = {}
  console.log(`release check: ${workspaces.length} publishable packages`)
  if (!checkBuilt(workspaces)) return report(rows, typeVerdicts, started)

  const work = mkdtempSync(join(tmpdir(), "clientele-release-check-"))
  try {
    const tarballs = join(work, "tarballs")
    mkdirSync(tarballs)
    let since = performance.now()
    for (const row of rows) await pack(row, tarballs)
    for (const row of rows) if (row.tarball !== undefined) await lint(row, row.tarball)
    console.log(`packed and linted ${rows.length} tarballs in ${seconds(since)}`)
    const packed = rows.filter((row): row is Row & { tarball: string } => row.tarball !== undefined)
    if (packed.length < rows.length) return

    // are-the-types-wrong works on the tarballs alone, so it runs while npm installs.
    since = performance.now()
    const project = join(work, "project")
    writeProject(project, packed, workspaces)
    const [installed] = await Promise.all([
      install(project).then((ok) => {
        console.log(`npm installed the fresh project in ${seconds(since)}`)
        return ok
      }),
      checkTypes(rows).then(() => console.log(`are-the-types-wrong done in ${seconds(since)}`)),
    ])
    if (!installed) return
    checkResolutions(
      project,
      rows.map((row) => row.name),
    )

    for (const file of ["smoke-checks.cjs", "smoke.mjs", "smoke.cjs", "list-exports.mjs"]) {
      copyFileSync(join(smokeFiles, file), join(project, file))
    }
    for (const extension of ["mts", "cts", "ts"]) {
      copyFileSync(join(smokeFiles, "consumer.ts.txt"), join(project, `consumer.${extension}`))
    }
    since = performance.now()
    await smoke(project, "smoke.mjs", "esm", rows)
    await smoke(project, "smoke.cjs", "cjs", rows)
    console.log(`smoke scripts ran in ${seconds(since)}`)

    since = performance.now()
    const specifiers = workspaces.flatMap(({ manifest }) =>
      importableSubpaths(manifest).map((subpath) => specifierOf(manifest.name, subpath)),
    )
    if (await writeRuntimeExports(project, specifiers)) {
      await Promise.all(
        typeChecks.map(async (check) => {
          typeVerdicts[check.name] = await typeCheck(project, check)
        }),
      )
    }
    console.log(`type-checked the consumer in ${seconds(since)}`)
  } catch (error) {
    fail(`the release check stopped: ${error instanceof Error ? error.stack : String(error)}`)
  } finally {
    if (keep) console.log(`kept ${work}`)
    else rmSync(work, { recursive: true, force: true })
    report(rows, typeVerdicts, started)
  }
}

const report = (
  rows: ReadonlyArray<Row>,
  typeVerdicts: Readonly<Record<string, Verdict>>,
  started: number,
): void => {
  console.log("")
  printTable(
    ["package", "version", "tarball", "publint", "attw", "esm", "cjs"],
    rows.map((row) => [
      row.name,
      row.version,
      kilobytes(row.bytes),
      row.publint,
      row.attw,
      row.esm,
      row.cjs,
    ]),
  )
  console.log("")
  for (const check of typeChecks) {
    console.log(`consumer types (${check.name}): ${typeVerdicts[check.name] ?? "-"}`)
  }
  console.log(`release check took ${seconds(started)}`)
  if (failures.length === 0) {
    console.log("release check passed")
    return
  }
  console.log(`\nrelease check FAILED (${failures.length}):`)
  for (const reason of failures) console.log(`- ${reason}`)
  process.exitCode = 1
}

await main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
