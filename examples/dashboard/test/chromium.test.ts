/**
 * Finding Chromium: the browser test must fail, naming what to install, on a machine
 * without one, and use the one `CHROMIUM_PATH` names when it is set.
 */
import { describe, expect, it } from "vitest"
import { chromiumExecutable, debianChromiumPaths } from "./chromium.ts"

const onlyThese =
  (...paths: ReadonlyArray<string>) =>
  (path: string) =>
    paths.includes(path)

describe("chromiumExecutable", () => {
  it("takes the executable CHROMIUM_PATH names, ahead of Debian's", () => {
    const named = "browsers/chrome/chrome"
    expect(
      chromiumExecutable({ CHROMIUM_PATH: named }, onlyThese(named, ...debianChromiumPaths)),
    ).toBe(named)
  })

  it("refuses a CHROMIUM_PATH that does not exist rather than falling back", () => {
    expect(() =>
      chromiumExecutable({ CHROMIUM_PATH: "missing/chromium" }, onlyThese(...debianChromiumPaths)),
    ).toThrow(/CHROMIUM_PATH is missing\/chromium, which does not exist/)
  })

  it("finds Debian's chromium, or Ubuntu's chromium-browser, when CHROMIUM_PATH is unset or blank", () => {
    expect(chromiumExecutable({}, onlyThese("/usr/bin/chromium"))).toBe("/usr/bin/chromium")
    expect(chromiumExecutable({ CHROMIUM_PATH: " " }, onlyThese("/usr/bin/chromium-browser"))).toBe(
      "/usr/bin/chromium-browser",
    )
  })

  it("fails naming the package to install when no Chromium exists", () => {
    expect(() => chromiumExecutable({}, onlyThese())).toThrow(/apt-get install -y chromium/)
  })
})
