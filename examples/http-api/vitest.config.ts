import { defineConfig } from "vitest/config"

// The tests import the Clientele packages as an installed app does: through their
// public exports, resolved to the built dist/ (no source condition).
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})
