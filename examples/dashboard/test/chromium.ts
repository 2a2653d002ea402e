/**
 * Finding the Chromium the test drives. CI installs Debian's `chromium` (apt); any
 * other Chromium or Chrome works through `CHROMIUM_PATH`. Without one the test fails
 * and says what to install: a browser test that skips itself proves nothing.
 */
import { existsSync } from "node:fs"

/** Where Debian and Ubuntu put their Chromium. */
export const debianChromiumPaths = ["/usr/bin/chromium", "/usr/bin/chromium-browser"] as const

/** The Chromium executable: `CHROMIUM_PATH` when set, else the first Debian path that exists. */
export const chromiumExecutable = (
  environment: NodeJS.ProcessEnv = process.env,
  exists: (path: string) => boolean = existsSync,
): string => {
  const configured = environment.CHROMIUM_PATH?.trim()
  if (configured !== undefined && configured !== "") {
    if (!exists(configured))
      throw new Error(
        `CHROMIUM_PATH is ${configured}, which does not exist: point it at a Chromium or Chrome executable, or unset it to use Debian's chromium`,
      )
    return configured
  }
  const found = debianChromiumPaths.find((path) => exists(path))
  if (found === undefined)
    throw new Error(
      `No Chromium found (looked at ${debianChromiumPaths.join(" and ")}): install Debian's chromium package (apt-get install -y chromium), or set CHROMIUM_PATH to a Chromium or Chrome executable`,
    )
  return found
}
