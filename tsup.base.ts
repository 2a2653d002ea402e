import { defineConfig } from "tsup"

/** The JavaScript of every package: ESM + CJS with source maps (declarations: scripts/build-declarations.ts). */
export const libraryBuild = (entry: ReadonlyArray<string>) =>
  defineConfig({
    entry: [...entry],
    format: ["esm", "cjs"],
    // Declarations are written by scripts/build-declarations.ts, one per module (see there why).
    dts: false,
    sourcemap: true,
    clean: true,
    // Entries share their modules through chunks in both formats. Without it the CommonJS
    // build of a package with several entries (`@clientele/store` and its `/testkit`)
    // gives each entry its own copy of the shared classes, and an error from one is not
    // `instanceof` the class the other exports.
    splitting: true,
    treeshake: true,
    target: "es2022",
  })
