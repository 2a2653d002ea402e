import { WorkingCalendar } from "@clientele/calendar"
import { Ids } from "@clientele/core"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import { expect } from "vitest"
import { Complaint, Handling, Sla } from "../src/index.js"
import { settings as defaultSettings, intakeInput } from "./fixtures.js"

// Every instant in the SLA tests is written with an explicit UTC offset, so the
// expectations do not depend on the zone the test process runs in.

export const MINUTE = 60_000
export const HOUR = 3_600_000
export const DAY = 86_400_000

/** An instant from an ISO text with an explicit offset. */
export const at = (text: string): number => Date.parse(text)

/** An instant (or nothing) as ISO text, for readable failures. */
export const iso = (instant: number | null | undefined): string | null =>
  instant === null || instant === undefined ? null : new Date(instant).toISOString()

/** The value of a Right; throws, naming the Left, otherwise. */
export const right = <A, E>(result: Either.Either<A, E>): A => {
  if (Either.isLeft(result)) throw new Error(`expected Right, got ${String(result.left)}`)
  return result.right
}

/** The error of a Left; throws otherwise. */
export const left = <A, E>(result: Either.Either<A, E>): E => {
  if (Either.isRight(result)) throw new Error("expected Left, got Right")
  return result.left
}

/** Every day of the week open all day, in London (so DST days are 23 and 25 hours long). */
export const allDay = WorkingCalendar.make({
  timeZone: "Europe/London",
  weekly: Object.fromEntries(
    WorkingCalendar.weekdayNames.map((day) => [day, [{ start: "00:00", end: "24:00" }]]),
  ) as WorkingCalendar.Input["weekly"],
})

/** A night shift in Chicago, 22:00–06:00 every night from Sunday to Saturday morning. */
export const nightShift = WorkingCalendar.make({
  timeZone: "America/Chicago",
  weekly: {
    sunday: [
      { start: "00:00", end: "06:00" },
      { start: "22:00", end: "24:00" },
    ],
    monday: [
      { start: "00:00", end: "06:00" },
      { start: "22:00", end: "24:00" },
    ],
    tuesday: [
      { start: "00:00", end: "06:00" },
      { start: "22:00", end: "24:00" },
    ],
    wednesday: [
      { start: "00:00", end: "06:00" },
      { start: "22:00", end: "24:00" },
    ],
    thursday: [
      { start: "00:00", end: "06:00" },
      { start: "22:00", end: "24:00" },
    ],
    friday: [{ start: "00:00", end: "06:00" }],
    saturday: [{ start: "00:00", end: "06:00" }],
  },
})

/** A target specification for `Sla.start`. */
export const targetSpec = (
  kind: Sla.TargetKind,
  durationMs: number,
  options: { readonly clock?: Sla.Clock; readonly pausesWhileWaiting?: boolean } = {},
) => ({
  kind,
  round: 1,
  target: {
    durationMs,
    clock: options.clock ?? "business",
    pausesWhileWaiting: options.pausesWhileWaiting ?? kind !== "firstResponse",
  },
})

export const context: Handling.Context = { customerCompensations: [] }

/** A command decoded from its encoded form (ids as strings, money as plain data). */
export const command = (input: typeof Handling.Command.Encoded): Handling.Command =>
  Schema.decodeUnknownSync(Handling.Command)(input)

let received = 0

/** A complaint received at `at` (a fresh id each time). */
export const receive = (
  instant: number,
  options: {
    readonly settings?: Handling.Settings
    readonly intake?: Partial<typeof Handling.Intake.Encoded>
    readonly repeatOf?: string
  } = {},
): Handling.Decision => {
  received += 1
  return right(
    Handling.receive(
      options.settings ?? defaultSettings,
      Schema.decodeUnknownSync(Handling.Intake)(intakeInput(options.intake)),
      {
        id: Ids.ComplaintId.make(`cmp-${received}`),
        at: instant,
        ...(options.repeatOf !== undefined
          ? { repeatOf: Ids.ComplaintId.make(options.repeatOf) }
          : {}),
      },
    ),
  )
}

/** One command decided at `at`, which must succeed. */
export const decide = (
  complaint: Complaint.Complaint,
  input: typeof Handling.Command.Encoded,
  instant: number,
  settings: Handling.Settings = defaultSettings,
): Handling.Decision =>
  right(Handling.decide(settings, complaint, command(input), instant, context))

/** Commands decided in order, each at its instant; the last complaint. */
export const run = (
  complaint: Complaint.Complaint,
  steps: ReadonlyArray<readonly [typeof Handling.Command.Encoded, number]>,
  settings: Handling.Settings = defaultSettings,
): Complaint.Complaint =>
  steps.reduce(
    (current, [input, instant]) => decide(current, input, instant, settings).complaint,
    complaint,
  )

/**
 * A command that must be refused: returns the error after checking that the
 * complaint given was left exactly as it was.
 */
export const refuse = (
  complaint: Complaint.Complaint,
  input: typeof Handling.Command.Encoded,
  instant: number,
  settings: Handling.Settings = defaultSettings,
): Handling.HandlingError => {
  const before = structuredClone(complaint)
  const error = left(Handling.decide(settings, complaint, command(input), instant, context))
  expect(complaint).toEqual(before)
  return error
}

/** The target of a kind in a cycle (the current one by default), its latest round unless told. */
export const target = (
  complaint: Complaint.Complaint,
  kind: Sla.TargetKind,
  options: { readonly cycle?: number; readonly round?: number } = {},
): Sla.TargetClock => {
  const cycle =
    options.cycle === undefined
      ? complaint.sla.cycles.at(-1)
      : complaint.sla.cycles.find((c) => c.number === options.cycle)
  const found = (cycle?.targets ?? [])
    .filter((t) => t.kind === kind && (options.round === undefined || t.round === options.round))
    .at(-1)
  if (found === undefined) throw new Error(`no ${kind} target in that cycle`)
  return found
}

/**
 * Takes a received complaint through acknowledgment (committing to the
 * resolution target's own deadline, so its duration is unchanged), routing,
 * assignment to `s-kim` and the start of work, all at `at`.
 */
export const takeUp = (
  complaint: Complaint.Complaint,
  instant: number,
  settings: Handling.Settings = defaultSettings,
): Complaint.Complaint => {
  const due = target(complaint, "resolution").dueAt
  if (due === null) throw new Error("the resolution target has no deadline")
  return run(
    complaint,
    [
      [{ _tag: "acknowledge", by: "s-agent", committedResolutionAt: due }, instant],
      [{ _tag: "route", by: "s-agent" }, instant],
      [{ _tag: "assign", by: "s-head-store", assignee: "s-kim" }, instant],
      [{ _tag: "start", by: "s-kim" }, instant],
    ],
    settings,
  )
}

/** Waits on the customer from `from` until the reply at `to`. */
export const waitBetween = (
  complaint: Complaint.Complaint,
  from: number,
  to: number,
  settings: Handling.Settings = defaultSettings,
): Complaint.Complaint =>
  run(
    complaint,
    [
      [{ _tag: "waitOnCustomer", by: "s-kim" }, from],
      [{ _tag: "customerReplied" }, to],
    ],
    settings,
  )

/** A resolution by `s-kim` with a small cash coupon. */
export const resolution = {
  _tag: "resolve",
  by: "s-kim",
  outcome: "coupon given",
  explanation: "Two tills were closed at lunchtime",
  apologised: true,
  compensation: [],
  rootCause: "missed-deadline",
} as const satisfies typeof Handling.Command.Encoded

/**
 * What the service's sweep does to one complaint at `now`: the events its
 * clocks owe, and the complaint with them marked notified.
 */
export const settle = (
  complaint: Complaint.Complaint,
  now: number,
): { readonly complaint: Complaint.Complaint; readonly events: ReadonlyArray<Sla.Event> } => {
  const events: Array<Sla.Event> = []
  const cycles = complaint.sla.cycles.map((cycle) => ({
    ...cycle,
    targets: cycle.targets.map((clock) => {
      const owed = Sla.owedEvents(clock, cycle.number, now)
      events.push(...owed)
      return Sla.markNotified(clock, owed)
    }),
  }))
  return {
    complaint: {
      ...complaint,
      sla: { ...complaint.sla, cycles },
      slaNextCheckAt: Complaint.nextCheckAt(cycles),
    },
    events,
  }
}
