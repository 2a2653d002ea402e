import { defineConfig } from "tsup"

/** The build of every package: ESM + CJS + type declarations, with source maps. */
export const libraryBuild = (entry: ReadonlyArray<string>) =>
  defineConfig({
    entry: [...entry],
    format: ["esm", "cjs"],
    // Declarations are written by scripts/build-declarations.ts, one per module (see there why).
    dts: false,
    sourcemap: true,
    clean: true,
    treeshake: true,
    target: "es2022",
  })
