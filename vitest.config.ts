import { defaultServerConditions } from "vite"
import { defineConfig } from "vitest/config"

// Tests run against the TypeScript sources of the workspace packages (the
// `@clientele/source` export condition), so no build is needed before `pnpm test`.
const conditions = ["@clientele/source", ...defaultServerConditions]

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ["@clientele/source"] } },
  test: {
    include: ["packages/*/test/**/*.test.ts", "examples/demo/test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
})
