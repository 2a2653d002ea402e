/**
 * Progress of the run's long steps, on standard error so the report on standard
 * output stays clean. On a terminal each step draws a bar that it redraws in place;
 * elsewhere (CI logs, a pipe) it prints one line when the step starts and one when it
 * ends, so logs stay short.
 */

/** One long step being watched. */
export interface Task {
  /** Marks `units` more of the step's work done. */
  readonly advance: (units?: number) => void
  /** Ends the step; `summary` says what it did. */
  readonly done: (summary?: string) => void
}

/** Starts watching steps. */
export interface Progress {
  /** Starts a step of `total` units of work (0 when unknown). */
  readonly start: (label: string, total?: number) => Task
}

const width = 28
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`

/** Progress on a stream: bars on a terminal, start and end lines elsewhere; nothing when quiet. */
export const onStream = (
  stream: NodeJS.WriteStream,
  options: { readonly quiet?: boolean } = {},
): Progress => ({
  start: (label, total = 0) => {
    const started = performance.now()
    const interactive = stream.isTTY === true && options.quiet !== true
    let doneUnits = 0
    let drawnAt = 0
    const draw = () => {
      const share = total > 0 ? Math.min(1, doneUnits / total) : 0
      const filled = Math.round(share * width)
      stream.write(
        `\r  ${label.padEnd(34)} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${String(Math.round(share * 100)).padStart(3)} % ${total > 0 ? `${doneUnits}/${total}` : ""}`,
      )
    }
    if (interactive) draw()
    else if (options.quiet !== true) stream.write(`  ${label} …\n`)
    return {
      advance: (units = 1) => {
        doneUnits += units
        if (!interactive) return
        // Redraw at most every 50 ms: drawing each unit would cost more than the work.
        const now = performance.now()
        if (now - drawnAt >= 50 || doneUnits >= total) {
          drawnAt = now
          draw()
        }
      },
      done: (summary) => {
        if (options.quiet === true) return
        const line = `  ${label.padEnd(34)} done in ${seconds(performance.now() - started)}${summary === undefined ? "" : `: ${summary}`}`
        stream.write(interactive ? `\r\u001b[2K${line}\n` : `${line}\n`)
      },
    }
  },
})
