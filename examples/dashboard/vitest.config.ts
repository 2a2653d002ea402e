import { defineConfig } from "vitest/config"

// The test builds the page with Vite, serves `dist/` and drives it in a headless
// Chromium: the build and the in-browser replay take seconds, hence the timeouts.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    environment: "node",
    pool: "forks",
    testTimeout: 180_000,
    hookTimeout: 240_000,
  },
})
