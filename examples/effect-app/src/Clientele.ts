/**
 * How the order desk uses Clientele: the shop's complaint-handling settings (its
 * working hours, its currency, who heads which department) and the `Complaints`
 * service over a Clientele store built on the app's own `SqlClient`. Because the
 * store runs on the app's client rather than a pool of its own, every complaint
 * Clientele writes inside one of the app's `sql.withTransaction` blocks commits
 * or rolls back with the app's rows.
 */
import { WorkingCalendar } from "@clientele/calendar"
import { Complaints, Handling } from "@clientele/complaints"
import { Ids } from "@clientele/core"
import { SqlStore } from "@clientele/store-sql"
import * as Layer from "effect/Layer"

/** The shop is a single Clientele tenant. */
export const tenant = Ids.TenantId.make("order-desk")

/** The category the desk files damaged deliveries under; Fulfilment owns it. */
export const damagedInTransit = "product/damaged-in-transit"

/** Who receives the complaints the web shop's damage form files. */
export const webDesk = "s-web-desk"

/**
 * Complaint handling for the shop: Paris office hours, euros, and a Fulfilment
 * department owning damaged deliveries while Customer care owns the rest (routing
 * picks the longest category prefix).
 */
export const settings = Handling.makeSettings({
  calendar: WorkingCalendar.weekdays("Europe/Paris", "09:00", "18:00"),
  currency: "EUR",
  categories: [{ id: damagedInTransit, kind: "product", label: "Damaged in transit" }],
  departments: [
    {
      id: "fulfilment",
      name: "Fulfilment",
      head: "s-head-fulfilment",
      categories: [damagedInTransit],
    },
    {
      id: "care",
      name: "Customer care",
      head: "s-head-care",
      categories: ["product", "price", "service"],
    },
  ],
})

/**
 * The `Complaints` service over the app's `SqlClient`. Building it migrates
 * Clientele's own tables (idempotently) beside the app's.
 */
export const layer = Complaints.layer(settings).pipe(Layer.provide(SqlStore.layer()))
