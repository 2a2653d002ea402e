/**
 * The LevelDB database behind the store: the one handle every operation goes
 * through, the mapping of the driver's failures to `StoreError`s, and the rebuild
 * that makes deleted content unrecoverable.
 *
 * LevelDB keeps a deleted or overwritten value in its log and table files until a
 * compaction merges it with the newer entry, and `compactRange` does not promise
 * that: a value that was still in the log is flushed, together with its deletion,
 * into a table that the same compaction leaves alone. So {@link LevelDatabase.rebuild}
 * copies the live entries into a fresh directory, swaps it in and deletes the old
 * one. Operations wait while it runs, and a rebuild cut short by a crash is finished
 * (or undone, if the copy was incomplete) the next time the database opens.
 *
 * @since 0.1.0
 */
import { existsSync } from "node:fs"
import { rename, rm } from "node:fs/promises"
import { StoreError } from "@clientele/store"
import { ClassicLevel } from "classic-level"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"

/**
 * A LevelDB database opened the way the store reads it: binary keys, text values.
 *
 * @since 0.1.0
 * @category models
 */
export type Database = ClassicLevel<Buffer, string>

/**
 * An open database, shared by every operation of a store.
 *
 * @since 0.1.0
 * @category models
 */
export interface LevelDatabase {
  /** The directory of the database. */
  readonly path: string
  /**
   * Runs `run` on the database, failing with a `StoreError` (`Corrupt` if LevelDB
   * finds its files damaged, `Unavailable` otherwise) if it rejects; a `StoreError`
   * it throws passes through. `doing` completes the message "LevelDB could not …".
   * It runs to its end once started, so that a rebuild never closes the database
   * under it.
   */
  readonly use: <A>(
    doing: string,
    run: (db: Database) => Promise<A>,
  ) => Effect.Effect<A, StoreError.StoreError>
  /** Rewrites the database with only its live entries; every other use waits meanwhile. */
  readonly rebuild: Effect.Effect<void, StoreError.StoreError>
}

/**
 * Where a rebuild writes the copy before swapping it in.
 *
 * @since 0.1.0
 */
export const rebuildingPath = (path: string): string => `${path}.rebuilding`

/**
 * Where a rebuild moves the old directory before deleting it.
 *
 * @since 0.1.0
 */
export const retiredPath = (path: string): string => `${path}.retired`

const codesOf = (cause: unknown): ReadonlyArray<string> => {
  const codes: Array<string> = []
  for (let error = cause; typeof error === "object" && error !== null; ) {
    const { code, cause: inner } = error as { code?: unknown; cause?: unknown }
    if (typeof code === "string") codes.push(code)
    error = inner
  }
  return codes
}

const driverError =
  (doing: string) =>
  (cause: unknown): StoreError.StoreError => {
    if (StoreError.isStoreError(cause)) return cause
    const detail = cause instanceof Error ? cause.message : String(cause)
    return new StoreError.StoreError({
      reason: codesOf(cause).includes("LEVEL_CORRUPTION") ? "Corrupt" : "Unavailable",
      message: `LevelDB could not ${doing}: ${detail}`,
      cause,
    })
  }

const attempt = <A>(doing: string, run: () => Promise<A>) =>
  Effect.tryPromise({ try: run, catch: driverError(doing) })

const openAt = async (path: string): Promise<Database> => {
  const db = new ClassicLevel<Buffer, string>(path, {
    keyEncoding: "buffer",
    valueEncoding: "utf8",
  })
  await db.open()
  return db
}

/**
 * Finishes or undoes a rebuild that a crash cut short. The copy is complete once the
 * old directory has been moved aside, so if the database itself is missing the copy
 * takes its place; if it is there, whatever a rebuild left beside it goes.
 */
const recover = async (path: string): Promise<void> => {
  const copy = rebuildingPath(path)
  const retired = retiredPath(path)
  if (!existsSync(path) && existsSync(retired)) {
    await rename(existsSync(copy) ? copy : retired, path)
  }
  await rm(copy, { recursive: true, force: true })
  await rm(retired, { recursive: true, force: true })
}

/** Copies every live entry of `source` into a new database at `path`. */
const copyInto = async (source: Database, path: string): Promise<void> => {
  await rm(path, { recursive: true, force: true })
  const target = await openAt(path)
  try {
    const iterator = source.iterator()
    try {
      for (;;) {
        const entries = await iterator.nextv(1000)
        if (entries.length === 0) break
        await target.batch(entries.map(([key, value]) => ({ type: "put" as const, key, value })))
      }
    } finally {
      await iterator.close()
    }
    // A synchronous write flushes the copy's log, with every batch before it, to disk
    // before the copy replaces the original.
    await target.batch([], { sync: true })
  } catch (error) {
    await target.close()
    await rm(path, { recursive: true, force: true })
    throw error
  }
  await target.close()
}

/**
 * Opens (creating if needed) the database at `path` for the life of the scope, and
 * closes it when the scope closes. A database another process holds open fails with
 * `Unavailable`, one whose files are damaged with `Corrupt`.
 *
 * @example
 * ```ts
 * import * as Effect from "effect/Effect"
 * import { open } from "./LevelDatabase.js"
 *
 * const count = Effect.scoped(
 *   Effect.flatMap(open("data/clientele"), (database) =>
 *     database.use("list the keys", async (db) => (await db.keys().all()).length),
 *   ),
 * )
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const open = (
  path: string,
): Effect.Effect<LevelDatabase, StoreError.StoreError, Scope.Scope> =>
  Effect.gen(function* () {
    // The rebuild replaces the database it opened, so the handle is a mutable cell and
    // the scope closes whichever database is current.
    const handle: { current: Database } = yield* Effect.acquireRelease(
      attempt(`open ${path}`, async () => {
        await recover(path)
        return { current: await openAt(path) }
      }),
      (opened) =>
        Effect.catchAll(
          attempt(`close ${path}`, () => opened.current.close()),
          (error) => Effect.logWarning(error.message),
        ),
    )
    // A use passes the entry, then holds one of the unlimited use permits; a rebuild
    // holds the entry while it waits for every permit, so new uses queue behind it
    // instead of keeping it waiting forever.
    const entry = yield* Effect.makeSemaphore(1)
    const uses = yield* Effect.makeSemaphore(Number.MAX_SAFE_INTEGER)

    const use = <A>(doing: string, run: (db: Database) => Promise<A>) =>
      Effect.zipRight(
        entry.withPermits(1)(Effect.void),
        uses.withPermits(1)(Effect.uninterruptible(attempt(doing, () => run(handle.current)))),
      )

    const rebuild = entry.withPermits(1)(
      uses.withPermits(Number.MAX_SAFE_INTEGER)(
        Effect.uninterruptible(
          attempt(`rebuild ${path}`, async () => {
            const copy = rebuildingPath(path)
            await copyInto(handle.current, copy)
            await handle.current.close()
            try {
              await rename(path, retiredPath(path))
              await rename(copy, path)
            } finally {
              // Whatever happened, open what is there now: the copy, or the original.
              await recover(path)
              handle.current = await openAt(path)
            }
          }),
        ),
      ),
    )

    return { path, use, rebuild } satisfies LevelDatabase
  })
