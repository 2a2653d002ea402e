import { defineConfig } from "vitest/config"

// The example runs against the built packages, as an application installed from npm
// would: no source export condition here.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
})
