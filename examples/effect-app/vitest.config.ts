// The app's tests run against the built Clientele packages, as an installed app
// would: no source condition. They talk to a real PostgreSQL server, hence the
// generous timeouts.
import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
