import { defineConfig } from "vitest/config"

// The packages resolve through their public `exports` to their built `dist/`, as
// they would for an app installed from npm. The CLI tests spawn the built
// `dist/main.js`, which the global setup compiles once before any test runs.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/build.ts"],
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
})
