import { Ids } from "@clientele/core"
import { Collection, type Store } from "@clientele/store"
import * as Schema from "effect/Schema"
import * as Complaint from "../Complaint.js"
import * as Contact from "../Contact.js"
import * as Insight from "../Insight.js"
import * as OutOfStock from "../OutOfStock.js"
import * as Preference from "../Preference.js"

/**
 * The insert of a value whose schema encodes it to itself (plain JSON, no field
 * transformed: `test/stored-form.test.ts` proves it for each collection written
 * this way), built without the schema's walk. For the intake's hot path, whose
 * values the pure core builds from decoded input; the store still checks the body
 * is JSON.
 */
export const plainInsert = <A, K extends string>(
  collection: Collection.Collection<A, K>,
  value: A,
): Store.WriteOperation => ({
  _tag: "Insert",
  collection: collection.name,
  id: collection.idOf(value),
  body: value as unknown as Store.Json,
  indexes: collection.indexesOf(value),
})

/** How many complaints a sweep reads and settles per bulk write. */
export const sweepPage = 250

export const complaints: Collection.Collection<
  Complaint.Complaint,
  "customerId" | "receivedAt" | "slaNextCheckAt"
> = Collection.make({
  name: "complaints",
  schema: Complaint.Complaint,
  id: (complaint) => complaint.id,
  indexes: {
    customerId: (complaint) => complaint.customerId,
    receivedAt: (complaint) => complaint.receivedAt,
    slaNextCheckAt: (complaint) => complaint.slaNextCheckAt,
  },
})

/** History entries: insert-only, ids `<complaint>:<seq padded>` so they sort in order. */
export const history = Collection.make({
  name: "complaint-history",
  schema: Complaint.HistoryEntry,
  id: (entry) => historyId(entry.complaintId, entry.seq),
  indexes: { complaintId: (entry) => entry.complaintId },
})

export const historyId = (complaintId: string, seq: number) =>
  `${complaintId}:${String(seq).padStart(8, "0")}`

export const notifications = Collection.make({
  name: "complaint-notifications",
  schema: Complaint.Notification,
  id: (notification) => notification.id,
  // the outbox is read by instant only (`notifications(tenant, window)`)
  indexes: { at: (notification) => notification.at },
})

export const IntakeKey = Schema.Struct({
  key: Schema.String,
  complaintId: Ids.ComplaintId,
  fingerprint: Schema.String,
})

export type IntakeKey = typeof IntakeKey.Type

/** The id of an idempotency key's document. */
export const intakeKeyId = (key: string) => `key:${key}`

export const intakeKeys = Collection.make({
  name: "complaint-intake-keys",
  schema: IntakeKey,
  id: (key) => intakeKeyId(key.key),
})

/** What contacts are looked up by: the customer and the problem. */
export const customerProblemOf = (contact: {
  readonly customerId: string
  readonly problemKey: string
}) => `${contact.customerId}|${contact.problemKey}`

export const contacts = Collection.make({
  name: "complaint-contacts",
  schema: Contact.Contact,
  id: (contact) => contact.id,
  indexes: {
    customerProblem: customerProblemOf,
    at: (contact) => contact.at,
  },
})

export const preferences = Collection.make({
  name: "complaint-contact-preferences",
  schema: Preference.ContactPreference,
  id: (preference) => preference.customerId,
})

export const backInStock = Collection.make({
  name: "complaint-back-in-stock",
  schema: OutOfStock.BackInStockNotice,
  id: (notice) => notice.id,
  indexes: {
    productId: (notice) => notice.wanted.productId,
    status: (notice) => notice.status,
  },
})

export const feedback = Collection.make({
  name: "complaint-feedback",
  schema: Insight.Feedback,
  id: (item) => item.id,
  indexes: { at: (item) => item.at },
})

export const improvements = Collection.make({
  name: "complaint-improvements",
  schema: Insight.Improvement,
  id: (item) => item.id,
  indexes: { status: (item) => item.status },
})

export const answers = Collection.make({
  name: "complaint-standard-answers",
  schema: Insight.StandardAnswer,
  id: (answer) => answer.id,
})
