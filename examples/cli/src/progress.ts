/**
 * The progress line on stderr: a bar while the input is read (bytes of a known
 * total, or a running count of lines and bytes from a pipe) and the name of the
 * stage being computed after that. It is drawn only on a terminal, redrawn in place
 * and at most every `intervalMs`, and wiped before the report is printed; anywhere
 * else (a pipe, a file, CI logs) it writes nothing, so stderr carries errors alone
 * and stdout only ever carries the report.
 */

/** Where the line is drawn: `process.stderr`, or anything shaped like it. */
export interface ProgressStream {
  readonly isTTY?: boolean | undefined
  readonly columns?: number | undefined
  write(text: string): boolean
}

/** What the reader and the report tell the user while they work. */
export interface Progress {
  /** `done` units of `total` (unknown when reading a pipe), with a short detail. */
  readonly advance: (done: number, total: number | undefined, detail: string) => void
  /** A stage that reports no progress of its own, such as fitting a model. */
  readonly stage: (label: string) => void
  /** Wipes the line, so that whatever is printed next starts on a clean line. */
  readonly finish: () => void
}

/** A progress that draws nothing. */
export const silent: Progress = {
  advance: () => undefined,
  stage: () => undefined,
  finish: () => undefined,
}

const FULL = "█"
const EMPTY = "░"

/**
 * A bar of exactly `width` cells for a fraction, clamped to [0, 1] (a NaN counts as
 * 0): the cells filled are the fraction rounded down, so the bar is full only when
 * the work is done.
 */
export const renderBar = (fraction: number, width: number): string => {
  const cells = Math.max(0, Math.floor(width))
  const clamped = Number.isNaN(fraction) ? 0 : Math.min(1, Math.max(0, fraction))
  const filled = Math.floor(clamped * cells)
  return FULL.repeat(filled) + EMPTY.repeat(cells - filled)
}

const UNITS = ["B", "KB", "MB", "GB", "TB"] as const

/** A byte count in decimal units, as file managers show it: `512 B`, `1.2 MB`. */
export const formatBytes = (bytes: number): string => {
  let value = Math.max(0, bytes)
  let unit = 0
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000
    unit++
  }
  return unit === 0 ? `${value} ${UNITS[0]}` : `${value.toFixed(1)} ${UNITS[unit]}`
}

/**
 * One progress line, never wider than `columns − 1` characters (a line as wide as
 * the terminal would wrap and break the redraw in place).
 */
export const renderLine = (
  label: string,
  done: number,
  total: number | undefined,
  detail: string,
  columns: number,
): string => {
  const room = Math.max(1, columns - 1)
  if (total === undefined || total <= 0) return truncate(`${label} ${detail}`, room)
  const fraction = Math.min(1, Math.max(0, done / total))
  const percent = `${Math.floor(fraction * 100)} %`.padStart(5)
  const tail = ` ${percent}  ${detail}`
  const barWidth = Math.min(40, room - label.length - tail.length - 3)
  if (barWidth < 5) return truncate(`${label}${tail}`, room)
  return truncate(`${label} [${renderBar(fraction, barWidth)}]${tail}`, room)
}

const truncate = (text: string, room: number): string =>
  text.length <= room ? text : `${text.slice(0, room - 1)}…`

/** How {@link make} decides whether and how often to draw. */
export interface ProgressOptions {
  /** Off for `--quiet`; even when on, nothing is drawn unless the stream is a terminal. */
  readonly enabled: boolean
  /** The label of the byte bar. */
  readonly label: string
  /** The least time between two redraws of the bar (default 80 ms). */
  readonly intervalMs?: number | undefined
  /** The clock that throttles redraws (default `Date.now`). */
  readonly now?: (() => number) | undefined
}

const CLEAR_LINE = "\r\u001b[2K"

/** A progress drawn on `stream` when it is a terminal, {@link silent} otherwise. */
export const make = (stream: ProgressStream, options: ProgressOptions): Progress => {
  if (!options.enabled || stream.isTTY !== true) return silent
  const interval = options.intervalMs ?? 80
  const now = options.now ?? Date.now
  let lastDraw = Number.NEGATIVE_INFINITY
  let drawn = false
  // A pseudo-terminal may report no width at all.
  const columns = () => (stream.columns !== undefined && stream.columns > 0 ? stream.columns : 80)
  const draw = (line: string) => {
    stream.write(`${CLEAR_LINE}${line}`)
    drawn = true
  }
  return {
    advance: (done, total, detail) => {
      const time = now()
      const complete = total !== undefined && done >= total
      if (!complete && time - lastDraw < interval) return
      lastDraw = time
      draw(renderLine(options.label, done, total, detail, columns()))
    },
    stage: (label) => {
      lastDraw = now()
      draw(truncate(`${label} …`, columns() - 1))
    },
    finish: () => {
      if (drawn) stream.write(CLEAR_LINE)
      drawn = false
    },
  }
}
