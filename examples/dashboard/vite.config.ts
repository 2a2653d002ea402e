import { defineConfig } from "vite"

// A static page: `vite build` writes it to `dist/`, with the Clientele packages (their
// built `dist/`, through their public `exports`) and the demo's TypeScript sources
// bundled in. Relative asset paths let `dist/` be served from any directory.
export default defineConfig({
  base: "./",
  build: {
    target: "es2022",
    // The whole SDK is in one chunk by design: the page is the demo of it.
    chunkSizeWarningLimit: 2_000,
  },
  // The worker that computes the dashboard is an ES module, as the page creates it.
  worker: { format: "es" },
})
