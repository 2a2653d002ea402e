import type { Store } from "@clientele/store"
import * as Complaint from "../Complaint.js"
import * as Sla from "../Sla.js"
import * as collections from "./collections.js"

/** What a notification names of its complaint. */
export interface Subject {
  readonly id: Complaint.Complaint["id"]
  readonly assignee?: Complaint.Complaint["assignee"]
  readonly department?: Complaint.Complaint["department"]
  readonly category: Complaint.Complaint["category"]
}

/** The notification of an SLA event (fields set one by one: no spread over optional ones). */
const notificationOf = (subject: Subject, event: Sla.Event): Complaint.Notification => {
  const notification: {
    -readonly [K in keyof Complaint.Notification]: Complaint.Notification[K]
  } = {
    id: Complaint.slaNotificationId(subject.id, event),
    complaintId: subject.id,
    kind: event.kind === "atRisk" ? "slaAtRisk" : "slaBreached",
    at: event.at,
    target: event.target,
    cycle: event.cycle,
    round: event.round,
    dueAt: event.dueAt,
    category: subject.category,
  }
  if (subject.assignee !== undefined) notification.recipient = subject.assignee
  if (subject.department !== undefined) notification.department = subject.department
  return notification
}

/** The cycles with the events owed at `now` marked notified, and those notifications. */
export const settle = (
  subject: Subject,
  cycles: ReadonlyArray<Sla.Cycle>,
  now: number,
): {
  readonly cycles: ReadonlyArray<Sla.Cycle>
  readonly notifications: ReadonlyArray<Complaint.Notification>
} => {
  const notifications: Array<Complaint.Notification> = []
  const settled = cycles.map((cycle) => {
    let changed = false
    const targets = cycle.targets.map((target) => {
      const events = Sla.owedEvents(target, cycle.number, now)
      if (events.length === 0) return target
      changed = true
      for (const event of events) notifications.push(notificationOf(subject, event))
      return Sla.markNotified(target, events)
    })
    return changed ? { ...cycle, targets } : cycle
  })
  return { cycles: settled, notifications }
}

// The sweep's hot path reads a stored complaint's SLA clocks straight from its JSON
// body, without decoding the whole complaint (the schema round trip costs ~100 µs a
// complaint, the clocks a few). Each field the sweep reads (`Sla.owedEvents`,
// `Sla.markNotified`, `Sla.nextCheckAt`, the notification) is checked here against
// the shape of `Sla.TargetClock` (whose encoded form is its type: no field is
// transformed); the fields it only carries over are left as stored. A body that does
// not pass is handed to the typed path, which decodes it and reports a corrupt
// document.

type Json = Store.Json
const isObject = (u: unknown): u is Record<string, unknown> =>
  typeof u === "object" && u !== null && !Array.isArray(u)
const isInt = (u: unknown): u is number => typeof u === "number" && Number.isSafeInteger(u)
const isIntOrNull = (u: unknown) => u === null || isInt(u)
const isIntOrAbsent = (u: unknown) => u === undefined || isInt(u)
const isString = (u: unknown): u is string => typeof u === "string"
const targetKinds: ReadonlySet<unknown> = new Set(Sla.TargetKind.literals)

const isClock = (u: unknown): boolean => {
  if (!isObject(u)) return false
  const notified = u.notified
  return (
    targetKinds.has(u.kind) &&
    isInt(u.round) &&
    isIntOrNull(u.dueAt) &&
    isIntOrNull(u.atRiskAt) &&
    isIntOrAbsent(u.completedAt) &&
    isIntOrAbsent(u.breachedAt) &&
    isObject(notified) &&
    typeof notified.atRisk === "boolean" &&
    typeof notified.breached === "boolean"
  )
}

const cyclesOf = (body: Record<string, unknown>): ReadonlyArray<Sla.Cycle> | undefined => {
  const sla = body.sla
  if (!isObject(sla)) return undefined
  const cycles = sla.cycles
  if (!Array.isArray(cycles)) return undefined
  for (let c = 0; c < cycles.length; c++) {
    const cycle: unknown = cycles[c]
    if (!isObject(cycle) || !isInt(cycle.number)) return undefined
    const targets = cycle.targets
    if (!Array.isArray(targets)) return undefined
    for (let t = 0; t < targets.length; t++) if (!isClock(targets[t])) return undefined
  }
  return cycles as unknown as ReadonlyArray<Sla.Cycle>
}

const subjectOf = (body: Record<string, unknown>): Subject | undefined => {
  const { id, assignee, department, category } = body
  if (!isString(id) || !isString(category)) return undefined
  if (assignee !== undefined && !isString(assignee)) return undefined
  if (department !== undefined && !isString(department)) return undefined
  return body as unknown as Subject
}

/**
 * The writes that settle one stored complaint at `now` — its update (compare-and-set
 * on its version) and the notification inserts — or `undefined` when its body is not
 * what the sweep expects.
 */
export const settleStored = (
  document: Store.StoredDocument,
  now: number,
):
  | {
      readonly operations: ReadonlyArray<Store.WriteOperation>
      readonly notifications: ReadonlyArray<Complaint.Notification>
    }
  | undefined => {
  const body = document.body
  if (!isObject(body)) return undefined
  const cycles = cyclesOf(body)
  const subject = subjectOf(body)
  if (cycles === undefined || subject === undefined) return undefined
  const settled = settle(subject, cycles, now)
  const next = Complaint.nextCheckAt(settled.cycles)
  const sla = body.sla as Record<string, unknown>
  const operations: Array<Store.WriteOperation> = [
    {
      _tag: "Update",
      collection: collections.complaints.name,
      id: document.id,
      expectedVersion: document.version,
      body: {
        ...body,
        sla: { ...sla, cycles: settled.cycles },
        slaNextCheckAt: next,
      } as unknown as Json,
      indexes: {
        ...document.indexes,
        slaNextCheckAt: next,
      },
    },
  ]
  for (const notification of settled.notifications)
    operations.push(collections.plainInsert(collections.notifications, notification))
  return { operations, notifications: settled.notifications }
}
