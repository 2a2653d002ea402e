import { WorkingCalendar } from "@clientele/calendar"
import { Ids } from "@clientele/core"
import { Handling } from "../src/index.js"

/** Mon–Fri 09:00–17:00 in New York, with Christmas off. */
export const calendar: WorkingCalendar.WorkingCalendar = WorkingCalendar.weekdays(
  "America/New_York",
  "09:00",
  "17:00",
  {
    holidays: [{ name: "Christmas", date: "2024-12-25", yearly: true }],
  },
)

export const settings: Handling.Settings = Handling.makeSettings({
  calendar,
  currency: "USD",
  departments: [
    { id: "store", name: "Store", head: "s-head-store", categories: ["product", "service"] },
    { id: "billing", name: "Billing", head: "s-head-billing", categories: ["price"] },
  ],
})

export const tenant = Ids.TenantId.make("acme")
export const staff = (id: string) => Ids.StaffId.make(id)

/** An instant written in New York local time (EDT in June, −04:00). */
export const ny = (local: string) => Date.parse(`${local}-04:00`)

export const intakeInput = (
  overrides: Partial<typeof Handling.Intake.Encoded> = {},
): typeof Handling.Intake.Encoded => ({
  idempotencyKey: `key-${Math.random().toString(36).slice(2)}`,
  customerId: "cus-1",
  channel: "hotline",
  category: "service/long-wait",
  contact: { name: "Ada Lovelace", phone: "+1 555 0100" },
  description: "Waited 40 minutes at the till",
  receivedBy: "s-agent",
  ...overrides,
})
