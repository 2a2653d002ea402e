/**
 * What every step of the company run shares: the tenant it writes under, the
 * generated company and the progress display.
 */
import { Ids } from "@clientele/core"
import type { Company } from "./generate.js"
import type { Progress } from "./progress.js"

/** The tenant the demo company's data is stored under. */
export const tenant = Ids.TenantId.make("office-supplies-shanghai")

/** The context of a run's steps. */
export interface RunContext {
  readonly tenant: Ids.TenantId
  readonly company: Company
  readonly progress: Progress
}
