/**
 * Opens Clientele for the service: one SQLite store, shared by the Promise clients
 * of the complaints, returns and segmentation services, and the policies of the
 * configuration saved on start. The clients read "now" from Effect's `Clock`, which
 * is built here from the app's own `now` function, so that tests (and replays) run
 * the services and the HTTP layer on one controlled clock.
 */
import { Complaints } from "@clientele/complaints"
import type { PromiseClient } from "@clientele/core"
import { Returns } from "@clientele/returns"
import { Segmentation } from "@clientele/segmentation"
import { Store } from "@clientele/store"
import { layerSqlite } from "@clientele/store-sql/sqlite"
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import type { ClienteleConfig } from "./config.js"

/**
 * The services the routes call, as plain async methods, and how to release them.
 */
export interface Clientele {
  readonly complaints: PromiseClient.PromiseClient<Complaints.ComplaintsService>
  readonly returns: PromiseClient.PromiseClient<Returns.ReturnsService>
  readonly segmentation: PromiseClient.PromiseClient<Segmentation.SegmentationService>
  /** Closes the clients (interrupting calls still running), then the database. Idempotent. */
  readonly close: () => Promise<void>
}

/**
 * What {@link openClientele} needs.
 */
export interface ClienteleOptions {
  /** The SQLite file; created and migrated when missing. */
  readonly databaseFile: string
  readonly config: ClienteleConfig
  /** The current instant in epoch milliseconds. */
  readonly now: () => number
}

/**
 * An Effect `Clock` that tells the time of `now`. Sleeping still waits for real
 * time: only reading the time is redirected.
 */
export const clockOf = (now: () => number): Clock.Clock => {
  const system = Clock.make()
  const nanos = () => BigInt(now()) * 1_000_000n
  return {
    [Clock.ClockTypeId]: Clock.ClockTypeId,
    unsafeCurrentTimeMillis: now,
    currentTimeMillis: Effect.sync(now),
    unsafeCurrentTimeNanos: nanos,
    currentTimeNanos: Effect.sync(nanos),
    sleep: (duration) => system.sleep(duration),
  }
}

/**
 * Opens the store and the three clients and saves the configured policies. Saving
 * a policy is idempotent; a policy edited in the configuration without a new
 * version makes the start fail with the service's `PolicyVersionConflictError`, so
 * orders and periods never change rules behind their back. On any failure,
 * whatever was opened is closed before the promise rejects.
 */
export const openClientele = async (options: ClienteleOptions): Promise<Clientele> => {
  // One runtime owns the database; the clients borrow its Store, so a single
  // SQLite connection (and one migration) serves every service.
  const database = ManagedRuntime.make(layerSqlite({ filename: options.databaseFile }))
  const opened = await database.runPromiseExit(Store.Store)
  if (Exit.isFailure(opened)) {
    await database.dispose()
    throw Cause.squash(opened.cause)
  }
  const shared = Layer.merge(
    Layer.succeed(Store.Store, opened.value),
    Layer.setClock(clockOf(options.now)),
  )

  const clients: Array<{ readonly close: () => Promise<void> }> = []
  const closeAll = async () => {
    await Promise.allSettled(clients.map((client) => client.close()))
    await database.dispose()
  }
  try {
    const complaints = await Complaints.makeClient(options.config.complaints, shared)
    clients.push(complaints)
    const returns = await Returns.makeClient(shared)
    clients.push(returns)
    const segmentation = await Segmentation.makeClient(shared)
    clients.push(segmentation)

    const { tenant } = options.config
    await returns.savePolicy(tenant, options.config.returnPolicy)
    await segmentation.savePolicy(tenant, options.config.segmentation.policy)

    let closing: Promise<void> | undefined
    return {
      complaints,
      returns,
      segmentation,
      close: () => {
        closing ??= closeAll()
        return closing
      },
    }
  } catch (error) {
    await closeAll()
    throw error
  }
}
