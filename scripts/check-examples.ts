/**
 * Type-checks every `@example` of the packages' typedoc and every ```ts block of the
 * README, the package READMEs and the guides: each is written out as a module
 * (beside the packages, so imports resolve as in the docs) and the lot is compiled
 * with the repository's strict settings. A wrong example is a failing check, not a
 * reader's surprise. A guide block fenced as ```ts sketch (an outline, such as a
 * list of signatures) is not compiled; a block whose first line names its file
 * (`// json-file-store.ts`) is written under that name, so the guide's other blocks
 * can import it.
 */
import { execFileSync } from "node:child_process"
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs"
import { dirname, join, relative } from "node:path"
import { fileURLToPath } from "node:url"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
const out = join(root, "scripts", ".examples")

const sourceFiles = (directory: string): Array<string> =>
  readdirSync(directory).flatMap((name) => {
    const path = join(directory, name)
    if (statSync(path).isDirectory()) return name === "internal" ? [] : sourceFiles(path)
    return name.endsWith(".ts") ? [path] : []
  })

const examples: Array<{
  readonly origin: string
  readonly code: string
  /** Where the block is written, when it must keep its own name. */
  readonly file?: string
}> = []
for (const pkg of readdirSync(join(root, "packages"))) {
  const src = join(root, "packages", pkg, "src")
  for (const file of sourceFiles(src)) {
    const text = readFileSync(file, "utf8")
    const pattern = /@example\s*\n((?:\s*\*.*\n)*?)\s*\*\s*```ts\n((?:\s*\*.*\n)*?)\s*\*\s*```/g
    for (const match of text.matchAll(pattern)) {
      const body = (match[2] ?? "")
        .split("\n")
        .map((line) => line.replace(/^\s*\* ?/, ""))
        .join("\n")
      const line = text.slice(0, match.index).split("\n").length
      examples.push({ origin: `${relative(root, file)}:${line}`, code: body })
    }
  }
}

// The guides and READMEs: every ```ts block is a complete module too.
const markdownFiles = (directory: string): Array<string> =>
  readdirSync(directory).flatMap((name) => {
    const path = join(directory, name)
    if (name === "node_modules" || name === "api" || name.startsWith(".")) return []
    if (statSync(path).isDirectory()) return markdownFiles(path)
    return name.endsWith(".md") ? [path] : []
  })
let guide = 0
for (const file of [
  join(root, "README.md"),
  ...markdownFiles(join(root, "docs")),
  ...readdirSync(join(root, "packages")).map((pkg) => join(root, "packages", pkg, "README.md")),
]) {
  let text: string
  try {
    text = readFileSync(file, "utf8")
  } catch {
    continue
  }
  guide++
  for (const match of text.matchAll(/^```ts\n([\s\S]*?)^```$/gm)) {
    const code = match[1] ?? ""
    const line = text.slice(0, match.index).split("\n").length
    // A block that names its file (`// json-file-store.ts`) can be imported by the
    // guide's other named blocks, as the reader would save them side by side.
    const named = /^\/\/ ([\w.-]+\.ts)\n/.exec(code)?.[1]
    examples.push({
      origin: `${relative(root, file)}:${line}`,
      code,
      ...(named === undefined ? {} : { file: join(`guide-${guide}`, named) }),
    })
  }
}

rmSync(out, { recursive: true, force: true })
mkdirSync(out, { recursive: true })
examples.forEach((example, i) => {
  // Each example is its own module, so top-level names never collide.
  const path = join(out, example.file ?? `example-${i}.ts`)
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, `// ${example.origin}\n${example.code}\nexport {}\n`)
})
// Examples import the packages by name, as users do: map each export to its source.
const paths: Record<string, Array<string>> = {}
for (const pkg of readdirSync(join(root, "packages"))) {
  const manifest = JSON.parse(
    readFileSync(join(root, "packages", pkg, "package.json"), "utf8"),
  ) as {
    readonly name: string
    readonly exports: Record<string, { readonly "@clientele/source"?: string } | string | null>
  }
  for (const [subpath, target] of Object.entries(manifest.exports)) {
    const source =
      typeof target === "object" && target !== null ? target["@clientele/source"] : undefined
    if (source === undefined) continue
    paths[join(manifest.name, subpath)] = [join("..", "..", "packages", pkg, source)]
  }
}
writeFileSync(
  join(out, "tsconfig.json"),
  JSON.stringify({
    extends: "../../tsconfig.base.json",
    compilerOptions: { noUnusedLocals: false, noUnusedParameters: false, types: ["node"], paths },
    include: ["**/*.ts"],
  }),
)
try {
  execFileSync(
    join(root, "node_modules", ".bin", "tsc"),
    ["--noEmit", "-p", join(out, "tsconfig.json")],
    {
      stdio: "pipe",
      cwd: root,
    },
  )
  console.log(`${examples.length} examples type-check`)
  rmSync(out, { recursive: true, force: true })
} catch (error) {
  const output = String((error as { stdout?: Buffer }).stdout ?? error)
  // Point each error at the example's origin in the sources.
  console.error(
    output
      .replace(
        /scripts\/\.examples\/example-(\d+)\.ts/g,
        (_, n: string) => examples[Number(n)]?.origin ?? _,
      )
      .replace(
        /scripts\/\.examples\/(guide-\d+\/[\w.-]+\.ts)/g,
        (_, named: string) => examples.find((example) => example.file === named)?.origin ?? _,
      ),
  )
  process.exitCode = 1
}
