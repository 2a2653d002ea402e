/**
 * Replaying history on the services' own clock. Every Clientele service reads the
 * time from Effect's `Clock`, so a step of the story runs at the instant it happened
 * by running it under a clock stopped at that instant.
 */
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"

/** A clock that always reads `instant` (sleeping still takes real time). */
export const stoppedAt = (instant: number): Clock.Clock => {
  const real = Clock.make()
  return {
    [Clock.ClockTypeId]: Clock.ClockTypeId,
    unsafeCurrentTimeMillis: () => instant,
    currentTimeMillis: Effect.succeed(instant),
    unsafeCurrentTimeNanos: () => BigInt(instant) * 1_000_000n,
    currentTimeNanos: Effect.succeed(BigInt(instant) * 1_000_000n),
    sleep: (duration) => real.sleep(duration),
  }
}

/** Runs an effect at `instant`: `service.resolve(…).pipe(at(instant))`. */
export const at =
  (instant: number) =>
  <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    Effect.withClock(effect, stoppedAt(instant))
