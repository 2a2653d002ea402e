/**
 * The CommonJS smoke script: every package and subpath export loaded with `require`,
 * as a CommonJS app would, then the shared checks of `smoke-checks.cjs`.
 */
"use strict"

const { run } = require("./smoke-checks.cjs")

run({
  format: "cjs",
  load: async (specifier) => require(specifier),
  resolve: (specifier) => require.resolve(specifier),
}).catch((error) => {
  console.error(error)
  process.exitCode = 1
})
