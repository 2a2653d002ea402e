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
  subject: { index: "customerId" },
})

/** History entries: insert-only, ids `<complaint>:<seq padded>` so they sort in order. */
export const history = Collection.make({
  name: "complaint-history",
  schema: Complaint.HistoryEntry,
  id: (entry) => historyId(entry.complaintId, entry.seq),
  indexes: { complaintId: (entry) => entry.complaintId },
  // an entry's note speaks of the complaint's customer, whom only the complaint names
  subject: { index: "complaintId", via: "complaints" },
})

export const historyId = (complaintId: string, seq: number) =>
  `${complaintId}:${String(seq).padStart(8, "0")}`

// No subject: a notification holds no personal field (the complaint's id and
// category, SLA instants, staff), so an erasure has nothing to scrub in it; and the
// sweep writes one index entry less per notification without a complaint index.
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

// No subject: a key holds the caller's key, a complaint id and a hash of the intake,
// nothing about the customer.
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
    // `customerProblem` joins the customer to the problem: an erasure needs the customer alone
    customerId: (contact) => contact.customerId,
  },
  subject: { index: "customerId" },
})

export const preferences = Collection.make({
  name: "complaint-contact-preferences",
  schema: Preference.ContactPreference,
  id: (preference) => preference.customerId,
  // the id is the customer's, but an erasure finds documents by index, not by id
  indexes: { customerId: (preference) => preference.customerId },
  subject: { index: "customerId" },
})

export const backInStock = Collection.make({
  name: "complaint-back-in-stock",
  schema: OutOfStock.BackInStockNotice,
  id: (notice) => notice.id,
  indexes: {
    productId: (notice) => notice.wanted.productId,
    status: (notice) => notice.status,
    customerId: (notice) => notice.customerId,
  },
  subject: { index: "customerId" },
})

export const feedback = Collection.make({
  name: "complaint-feedback",
  schema: Insight.Feedback,
  id: (item) => item.id,
  indexes: {
    at: (item) => item.at,
    // `null` for an anonymous item: an erasure by customer cannot reach it
    customerId: (item) => item.customerId ?? null,
  },
  subject: { index: "customerId" },
})

// No subject: an improvement item is the company's (a title, a root cause, staff).
export const improvements = Collection.make({
  name: "complaint-improvements",
  schema: Insight.Improvement,
  id: (item) => item.id,
  indexes: { status: (item) => item.status },
})

// No subject: a standard answer is written for every customer, about no one.
export const answers = Collection.make({
  name: "complaint-standard-answers",
  schema: Insight.StandardAnswer,
  id: (answer) => answer.id,
})
