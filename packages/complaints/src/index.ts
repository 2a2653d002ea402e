/**
 * `@clientele/complaints`: complaint handling under business-hour SLAs — intake
 * from any channel, direct routing to the responsible department's head,
 * compensation by policy, a mandatory follow-up by someone other than the
 * handlers, root causes, repeat contacts, listening posts and reports.
 *
 * @since 0.1.0
 */

/**
 * Categories, channels, severities, priorities and tiers (CMP-1, CMP-2).
 *
 * @example
 * ```ts
 * import { Category } from "@clientele/complaints"
 *
 * Category.builtIn.length // 6
 * ```
 *
 * @since 0.1.0
 * @category modules
 */
export * as Category from "./Category.js"

/**
 * Compensation records and the compensation policy (CMP-7).
 *
 * @example
 * ```ts
 * import { Compensation } from "@clientele/complaints"
 *
 * const policy = Compensation.defaultPolicy("EUR")
 * ```
 *
 * @since 0.1.0
 * @category modules
 */
export * as Compensation from "./Compensation.js"

/**
 * The complaint record, its history entries and its notifications (CMP-6).
 *
 * @example
 * ```ts
 * import type { Complaint } from "@clientele/complaints"
 *
 * declare const complaint: Complaint.Complaint
 * complaint.state
 * ```
 *
 * @since 0.1.0
 * @category modules
 */
export * as Complaint from "./Complaint.js"

/**
 * The `Complaints` service over the storage port, its layer and Promise client.
 *
 * @example
 * ```ts
 * import { Complaints } from "@clientele/complaints"
 *
 * Complaints.Complaints.key // "@clientele/complaints/Complaints"
 * ```
 *
 * @since 0.1.0
 * @category modules
 */
export * as Complaints from "./Complaints.js"

/**
 * Contacts, root causes and repeat contacts (CMP-9, CMP-10).
 *
 * @example
 * ```ts
 * import { Contact } from "@clientele/complaints"
 *
 * Contact.defaultRepeatPolicy.windowDays // 30
 * ```
 *
 * @since 0.1.0
 * @category modules
 */
export * as Contact from "./Contact.js"

/**
 * The pure core of handling: settings, intake, commands and decisions.
 *
 * @example
 * ```ts
 * import { Handling } from "@clientele/complaints"
 *
 * Handling.Command.members.length // 14
 * ```
 *
 * @since 0.1.0
 * @category modules
 */
export * as Handling from "./Handling.js"

/**
 * Listening posts, improvement items and standard answers (CMP-12 … CMP-14).
 *
 * @example
 * ```ts
 * import { Insight } from "@clientele/complaints"
 *
 * Insight.defaultSystemicPolicy.threshold // 5
 * ```
 *
 * @since 0.1.0
 * @category modules
 */
export * as Insight from "./Insight.js"

/**
 * The complaint state machine (CMP-5).
 *
 * @example
 * ```ts
 * import { Lifecycle } from "@clientele/complaints"
 *
 * Lifecycle.next("resolved", "followUp") // Right("followedUp")
 * ```
 *
 * @since 0.1.0
 * @category modules
 */
export * as Lifecycle from "./Lifecycle.js"

/**
 * Out-of-stock requests and back-in-stock notices (CMP-8).
 *
 * @example
 * ```ts
 * import { OutOfStock } from "@clientele/complaints"
 *
 * OutOfStock.NoticeStatus.literals // ["queued", "sent", "cancelled"]
 * ```
 *
 * @since 0.1.0
 * @category modules
 */
export * as OutOfStock from "./OutOfStock.js"

/**
 * Contact preferences and callbacks inside the customer's window (CMP-15).
 *
 * @example
 * ```ts
 * import { Preference } from "@clientele/complaints"
 *
 * Preference.defaultCallbackDurationMs // 900000
 * ```
 *
 * @since 0.1.0
 * @category modules
 */
export * as Preference from "./Preference.js"

/**
 * Reports: SLA attainment, breaches, root-cause Pareto, first-contact
 * resolution, repeat contacts, systemic issues, summaries.
 *
 * @example
 * ```ts
 * import type { Complaint } from "@clientele/complaints"
 * import { Reports } from "@clientele/complaints"
 *
 * declare const complaints: ReadonlyArray<Complaint.Complaint>
 * Reports.rootCausePareto(complaints)
 * ```
 *
 * @since 0.1.0
 * @category modules
 */
export * as Reports from "./Reports.js"

/**
 * Departments and direct routing to their heads (CMP-5).
 *
 * @example
 * ```ts
 * import { Routing } from "@clientele/complaints"
 * import * as Option from "effect/Option"
 *
 * Option.isNone(Routing.responsibleFor({ version: 1, departments: [] }, "price")) // true
 * ```
 *
 * @since 0.1.0
 * @category modules
 */
export * as Routing from "./Routing.js"

/**
 * SLA policies, targets and clocks (CMP-3, CMP-4).
 *
 * @example
 * ```ts
 * import { Sla } from "@clientele/complaints"
 *
 * Sla.TargetKind.literals.length // 4
 * ```
 *
 * @since 0.1.0
 * @category modules
 */
export * as Sla from "./Sla.js"
