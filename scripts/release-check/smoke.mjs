/**
 * The ESM smoke script: every package and subpath export loaded with `import`, as an
 * ES module app would, then the shared checks of `smoke-checks.cjs`.
 */
import { fileURLToPath } from "node:url"
import { run } from "./smoke-checks.cjs"

await run({
  format: "esm",
  load: (specifier) => import(specifier),
  resolve: (specifier) => fileURLToPath(import.meta.resolve(specifier)),
})
