// Runs this directory's scripts as child processes of a test, over the packages'
// TypeScript sources, and reads what they print line by line. Every child started
// is tracked so that `killChildren` (in `afterEach`) leaves none behind.
import { type ChildProcess, spawn } from "node:child_process"
import { fileURLToPath } from "node:url"

const root = fileURLToPath(new URL("../../../../", import.meta.url))

export interface Child {
  /** Every line the child printed on stdout so far. */
  readonly lines: ReadonlyArray<string>
  /** What the child printed on stderr so far. */
  readonly stderr: () => string
  /** Resolves with the first line from now on that passes `accept`; rejects if the child exits first or after `timeoutMs`. */
  readonly waitForLine: (accept: (line: string) => boolean, timeoutMs: number) => Promise<string>
  /** Sends one line to the child's stdin. */
  readonly send: (line: string) => void
  /** Resolves when the child has exited and its output is read to the end. */
  readonly closed: Promise<{ readonly code: number | null; readonly signal: string | null }>
  /** Kills the child with SIGKILL; rejects if it had already exited by itself. */
  readonly kill: () => Promise<void>
}

const running = new Set<ChildProcess>()

/** Starts `script` (a file of this directory) with `args`. */
export const startChild = (script: string, args: ReadonlyArray<string>): Child => {
  const path = fileURLToPath(new URL(script, import.meta.url))
  const child = spawn(
    process.execPath,
    ["--conditions=@clientele/source", "--import", "tsx", path, ...args],
    { cwd: root, stdio: ["pipe", "pipe", "pipe"] },
  )
  running.add(child)
  const lines: Array<string> = []
  const waiters = new Set<() => void>()
  let pending = ""
  let errors = ""
  let exit: { code: number | null; signal: string | null } | undefined
  child.stdout.setEncoding("utf8")
  child.stdout.on("data", (chunk: string) => {
    const parts = (pending + chunk).split("\n")
    pending = parts.pop() ?? ""
    lines.push(...parts)
    for (const wake of waiters) wake()
  })
  child.stderr.setEncoding("utf8")
  child.stderr.on("data", (chunk: string) => {
    errors += chunk
  })
  // a child killed while we write to it must not fail the test with EPIPE
  child.stdin.on("error", () => {})
  const closed = new Promise<{ code: number | null; signal: string | null }>((resolve) => {
    child.on("close", (code, signal) => {
      running.delete(child)
      exit = { code, signal }
      for (const wake of waiters) wake()
      resolve(exit)
    })
  })
  const describeExit = () =>
    `${script} exited (code ${exit?.code}, signal ${exit?.signal}); stderr:\n${errors}`
  let consumed = 0
  const waitForLine = (accept: (line: string) => boolean, timeoutMs: number) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        while (consumed < lines.length) {
          const line = lines[consumed++] as string
          if (accept(line)) return done(() => resolve(line))
        }
        if (exit !== undefined) done(() => reject(new Error(describeExit())))
      }
      const timer = setTimeout(
        () =>
          done(() =>
            reject(
              new Error(`${script} printed no awaited line in ${timeoutMs} ms; stderr:\n${errors}`),
            ),
          ),
        timeoutMs,
      )
      const done = (settle: () => void) => {
        clearTimeout(timer)
        waiters.delete(check)
        settle()
      }
      waiters.add(check)
      check()
    })
  return {
    lines,
    stderr: () => errors,
    waitForLine,
    send: (line) => {
      child.stdin.write(`${line}\n`)
    },
    closed,
    kill: async () => {
      if (exit === undefined) child.kill("SIGKILL")
      const { signal } = await closed
      if (signal !== "SIGKILL") throw new Error(describeExit())
    },
  }
}

/** Kills every child still running and waits for them to exit. */
export const killChildren = async (): Promise<void> => {
  const children = [...running]
  for (const child of children) child.kill("SIGKILL")
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) resolve()
          else child.once("exit", () => resolve())
        }),
    ),
  )
}
