/**
 * The service's configuration, in one place: what the process reads from its
 * environment (port, host, database file, log level), and what the Clientele
 * services need to decide anything — the tenant this service runs for, the working
 * calendar SLA deadlines count on, the departments complaints are routed to, the
 * return policy orders are placed under and the segmentation policy periods are
 * classified by. Policies are data: change one here, under a new version.
 */
import { fileURLToPath } from "node:url"
import { WorkingCalendar } from "@clientele/calendar"
import { Handling } from "@clientele/complaints"
import { Ids, Period } from "@clientele/core"
import type { ReturnPolicy } from "@clientele/returns"
import type { Policy } from "@clientele/segmentation"
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import type * as Either from "effect/Either"

// --- the process --------------------------------------------------------------------

/**
 * What the process reads from its environment.
 */
export interface ServerConfig {
  /** `PORT`: where the service listens (default 3000). */
  readonly port: number
  /** `HOST`: the interface it listens on (default 127.0.0.1; 0.0.0.0 in a container). */
  readonly host: string
  /** `CLIENTELE_DB`: the SQLite file (default `clientele.db` in the app's directory). */
  readonly databaseFile: string
  /** `LOG_LEVEL`: Fastify's log level (default `info`). */
  readonly logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent"
}

/** The SQLite file beside `src/` and `dist/`, whichever of them this module runs from. */
export const defaultDatabaseFile = fileURLToPath(new URL("../clientele.db", import.meta.url))

const serverConfig = Config.all({
  port: Config.port("PORT").pipe(Config.withDefault(3000)),
  host: Config.nonEmptyString("HOST").pipe(Config.withDefault("127.0.0.1")),
  databaseFile: Config.nonEmptyString("CLIENTELE_DB").pipe(Config.withDefault(defaultDatabaseFile)),
  logLevel: Config.literal(
    "fatal",
    "error",
    "warn",
    "info",
    "debug",
    "trace",
    "silent",
  )("LOG_LEVEL").pipe(Config.withDefault("info" as const)),
})

/**
 * Reads the server's configuration from environment variables, or says which
 * variable is wrong and why.
 */
export const loadServerConfig = (
  env: Readonly<Record<string, string | undefined>>,
): Either.Either<ServerConfig, ConfigError.ConfigError> => {
  const defined = new Map<string, string>()
  for (const [name, value] of Object.entries(env)) if (value !== undefined) defined.set(name, value)
  return Effect.runSync(
    Effect.either(Effect.withConfigProvider(serverConfig, ConfigProvider.fromMap(defined))),
  )
}

// --- the domain ---------------------------------------------------------------------

/**
 * What the Clientele services of this service are configured with.
 */
export interface ClienteleConfig {
  /** The one tenant this service runs for: every document it stores belongs to it. */
  readonly tenant: Ids.TenantId
  /** Calendar, departments, categories and policies of the complaint desk. */
  readonly complaints: Handling.Settings
  /** The return policy in force: every order is placed under (a copy of) it. */
  readonly returnPolicy: ReturnPolicy.Input
  readonly segmentation: {
    /** The policy every period is classified by (one per period: SEG-2). */
    readonly policy: Policy.PolicyInput
    /** The zone whose civil dates bound a period ("2024" is 1 January to 1 January there). */
    readonly zone: Period.TimeZone
    /** Service minutes per period shared over the ABCD classes (SEG-4). */
    readonly serviceBudgetMinutes: number
  }
}

const zone = "Europe/Paris"

/**
 * Working hours on weekdays, closed on France's fixed public holidays. Easter
 * Monday, Ascension and Whit Monday move every year: list each year's dates as
 * one-off holidays when the calendar is rolled over.
 */
export const workingCalendar = WorkingCalendar.weekdays(zone, "09:00", "18:00", {
  holidays: [
    { name: "New Year's Day", date: "2024-01-01", yearly: true },
    { name: "Labour Day", date: "2024-05-01", yearly: true },
    { name: "Victory in Europe Day", date: "2024-05-08", yearly: true },
    { name: "Bastille Day", date: "2024-07-14", yearly: true },
    { name: "Assumption", date: "2024-08-15", yearly: true },
    { name: "All Saints' Day", date: "2024-11-01", yearly: true },
    { name: "Armistice Day", date: "2024-11-11", yearly: true },
    { name: "Christmas Day", date: "2024-12-25", yearly: true },
  ],
})

/**
 * The configuration this service runs with.
 */
export const clienteleConfig: ClienteleConfig = {
  tenant: Ids.TenantId.make("acme"),
  complaints: Handling.makeSettings({
    calendar: workingCalendar,
    currency: "EUR",
    departments: [
      {
        id: "stores",
        name: "Stores",
        head: "s-head-stores",
        categories: ["product", "service"],
      },
      { id: "pricing", name: "Pricing", head: "s-head-pricing", categories: ["price"] },
    ],
  }),
  returnPolicy: {
    id: "standard",
    version: 1,
    name: "Returns and exchanges",
    currency: "EUR",
    storeZone: zone,
    window: { days: 30 },
    finalSale: [{ kind: "tag", values: ["clearance"], label: "Clearance items" }],
    // Customers who change their mind pay the parcel back; the defaults waive it
    // when the fault is ours (defect, wrong item, not as described, missing parts).
    fees: { returnShipping: { mode: "flat", amount: { amount: 495, currency: "EUR" } } },
  },
  segmentation: {
    policy: { version: "tiers-2024", currency: "EUR" },
    zone: Period.TimeZone.make(zone),
    serviceBudgetMinutes: 6_000,
  },
}
