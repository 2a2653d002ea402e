/**
 * A customer's contact preferences and the scheduling of callbacks (CMP-15).
 *
 * The customer states whether they want to be called back (their consent), on which
 * number, and when: a weekly window on the wall clock of their own time zone
 * (`weekdays 18:00–20:00, Europe/Berlin`). A callback is scheduled only with that
 * consent and only inside that window, with the whole call fitting before the
 * window closes.
 *
 * The window is turned into a working calendar, so the business-time arithmetic of
 * the calendar package does the time-zone work: a window on the day the clocks
 * change holds an hour more or less, a window opening inside the spring-forward gap
 * opens when the gap ends, and the result never depends on the process time zone.
 *
 * @since 0.1.0
 */
import { BusinessTime, WorkingCalendar } from "@clientele/calendar"
import { Errors, Ids, Period, Personal } from "@clientele/core"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as Category from "./Category.js"

const ClockTime = Schema.String.pipe(
  Schema.pattern(/^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/),
  Schema.annotations({
    identifier: "ClockTime",
    message: () => "a time of day is written HH:MM, from 00:00 to 24:00",
  }),
)

const minutesOf = (time: string): number => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5))

/**
 * When the customer wants to be called back (CMP-15): on `days`, from `start` to
 * `end` (half-open, `HH:MM`, `24:00` allowed as the end) on the wall clock of
 * `timeZone`. Each weekday is listed at most once, and `start` is before `end`.
 *
 * @example
 * ```ts
 * import { Preference } from "@clientele/complaints"
 * import * as Schema from "effect/Schema"
 *
 * const evenings = Schema.decodeUnknownSync(Preference.CallbackWindow)({
 *   timeZone: "Europe/Berlin",
 *   days: ["monday", "tuesday", "wednesday", "thursday", "friday"],
 *   start: "18:00",
 *   end: "20:00",
 * })
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const CallbackWindow = Schema.Struct({
  timeZone: Period.TimeZone,
  days: Schema.NonEmptyArray(WorkingCalendar.Weekday),
  start: ClockTime,
  end: ClockTime,
}).pipe(
  Schema.filter((window) => {
    const issues: Array<Schema.FilterIssue> = []
    const seen = new Set<string>()
    for (const [index, day] of window.days.entries()) {
      if (seen.has(day))
        issues.push({ path: ["days", index], message: `${day} is listed twice (CMP-15)` })
      seen.add(day)
    }
    if (minutesOf(window.start) >= minutesOf(window.end))
      issues.push({
        path: ["end"],
        message: `a callback window ends after it starts (${window.start}–${window.end}) (CMP-15)`,
      })
    return issues
  }),
  Schema.annotations({ identifier: "CallbackWindow" }),
)

/**
 * @example
 * ```ts
 * import type { Preference } from "@clientele/complaints"
 * import { Period } from "@clientele/core"
 *
 * const mornings: Preference.CallbackWindow = {
 *   timeZone: Period.TimeZone.make("America/New_York"),
 *   days: ["saturday"],
 *   start: "09:00",
 *   end: "11:30",
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type CallbackWindow = typeof CallbackWindow.Type

const Phone = Schema.String.pipe(
  Schema.pattern(/^\+?[0-9(][0-9 ()./-]{2,39}$/),
  Schema.annotations({
    identifier: "Phone",
    message: () =>
      "a phone number is 3 to 40 digits, optionally with a leading +, spaces, (), ., / or -",
  }),
)

const Email = Schema.String.pipe(
  Schema.pattern(/^[^\s@]+@[^\s@]+\.[^\s@]+$/),
  Schema.maxLength(254),
  Schema.annotations({ identifier: "Email", message: () => "an email address is name@domain" }),
)

/**
 * A customer's contact preferences (CMP-15): whether they consent to a `callback`,
 * the `phone` number to call and the `window` to call in (both required when they
 * consent), an `email`, the channel they prefer, and when they last said so.
 * `phone` and `email` are personal data.
 *
 * @example
 * ```ts
 * import { Preference } from "@clientele/complaints"
 * import * as Schema from "effect/Schema"
 *
 * const preference = Schema.decodeUnknownSync(Preference.ContactPreference)({
 *   customerId: "c1",
 *   callback: true,
 *   phone: "+49 30 1234567",
 *   window: { timeZone: "Europe/Berlin", days: ["saturday"], start: "10:00", end: "12:00" },
 *   updatedAt: Date.UTC(2024, 5, 1),
 * })
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const ContactPreference = Schema.Struct({
  customerId: Ids.CustomerId,
  callback: Schema.Boolean,
  // Erased, a callback preference keeps a number no one can reach: it must have one.
  phone: Schema.optional(Personal.personal(Phone).pipe(Personal.erasedAs(Personal.ERASED_PHONE))),
  email: Schema.optional(Personal.personal(Email).pipe(Personal.erasedAs(Personal.ERASED_EMAIL))),
  preferredChannel: Schema.optional(Category.Channel),
  window: Schema.optional(CallbackWindow),
  updatedAt: Period.Instant,
}).pipe(
  Schema.filter((preference) => {
    if (!preference.callback) return undefined
    const issues: Array<Schema.FilterIssue> = []
    if (preference.phone === undefined)
      issues.push({
        path: ["phone"],
        message: "a customer who wants a callback states the number to call (CMP-15)",
      })
    if (preference.window === undefined)
      issues.push({
        path: ["window"],
        message: "a customer who wants a callback states when to call (CMP-15)",
      })
    return issues
  }),
  Schema.annotations({ identifier: "ContactPreference" }),
)

/**
 * @example
 * ```ts
 * import type { Preference } from "@clientele/complaints"
 * import { Ids } from "@clientele/core"
 *
 * const noCalls: Preference.ContactPreference = {
 *   customerId: Ids.CustomerId.make("c1"),
 *   callback: false,
 *   preferredChannel: "email",
 *   updatedAt: Date.UTC(2024, 5, 1),
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type ContactPreference = typeof ContactPreference.Type

/**
 * How long a callback is planned to last unless told: 15 minutes.
 *
 * @example
 * ```ts
 * import { Preference } from "@clientele/complaints"
 *
 * Preference.defaultCallbackDurationMs // 900000
 * ```
 *
 * @since 0.1.0
 * @category defaults
 */
export const defaultCallbackDurationMs = 15 * 60_000

/**
 * Options of {@link scheduleCallback} and {@link checkCallback}: how long the call
 * lasts (a positive integer of milliseconds, {@link defaultCallbackDurationMs}
 * unless told); the whole call must fit inside the window.
 *
 * @example
 * ```ts
 * import type { Preference } from "@clientele/complaints"
 *
 * const halfHour: Preference.CallbackOptions = { durationMs: 30 * 60_000 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface CallbackOptions {
  readonly durationMs?: number | undefined
}

const calendars = new WeakMap<CallbackWindow, WorkingCalendar.WorkingCalendar>()

const toValidationError = (path: ReadonlyArray<string | number>, message: string) =>
  Errors.ValidationError.fromIssues([{ path, message }])

/**
 * The working calendar whose open hours are the callback window: the window's hours
 * on each of its days, in its zone. Failures name the `window` field.
 *
 * @example
 * ```ts
 * import { Preference } from "@clientele/complaints"
 * import { Period } from "@clientele/core"
 *
 * const calendar = Preference.callbackCalendar({
 *   timeZone: Period.TimeZone.make("Europe/Berlin"),
 *   days: ["monday", "friday"],
 *   start: "18:00",
 *   end: "20:00",
 * })
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const callbackCalendar = (
  window: CallbackWindow,
): Either.Either<WorkingCalendar.WorkingCalendar, Errors.ValidationError> => {
  const cached = calendars.get(window)
  if (cached !== undefined) return Either.right(cached)
  const hours = [{ start: window.start, end: window.end }]
  const weekly: { [day in WorkingCalendar.Weekday]?: typeof hours } = {}
  for (const day of window.days) weekly[day] = hours
  return Either.match(
    WorkingCalendar.decodeEither({
      schemaVersion: 1,
      revision: 1,
      timeZone: window.timeZone,
      weekly,
    }),
    {
      onLeft: (error) =>
        Either.left(
          Errors.ValidationError.fromIssues(
            error.issues.map((issue) => ({
              path: ["window", ...issue.path],
              message: issue.message,
            })),
          ),
        ),
      onRight: (calendar) => {
        calendars.set(window, calendar)
        return Either.right(calendar)
      },
    },
  )
}

/** The consented window, or why no callback may be placed (CMP-15). */
const consentedWindow = (
  preference: ContactPreference | undefined,
): Either.Either<CallbackWindow, Errors.PolicyViolationError | Errors.ValidationError> => {
  if (preference === undefined)
    return Either.left(
      new Errors.PolicyViolationError({
        rule: "CMP-15",
        message: "the customer has stated no contact preference: a callback needs their consent",
      }),
    )
  if (!preference.callback)
    return Either.left(
      new Errors.PolicyViolationError({
        rule: "CMP-15",
        message: `customer ${preference.customerId} has not consented to a callback`,
      }),
    )
  if (preference.phone === undefined)
    return Either.left(
      toValidationError(["phone"], "a callback needs the number the customer gave (CMP-15)"),
    )
  if (preference.window === undefined)
    return Either.left(
      toValidationError(["window"], "a callback needs the customer's preferred window (CMP-15)"),
    )
  return Either.right(preference.window)
}

const calendarFailure = (error: { readonly message: string }) =>
  toValidationError(["window"], `${error.message} (CMP-15)`)

/** The call's duration, checked: a positive integer no longer than the window. */
const durationOf = (
  window: CallbackWindow,
  options: CallbackOptions | undefined,
): Either.Either<number, Errors.ValidationError> => {
  const duration = options?.durationMs ?? defaultCallbackDurationMs
  const windowMs = (minutesOf(window.end) - minutesOf(window.start)) * 60_000
  if (!Number.isSafeInteger(duration) || duration <= 0)
    return Either.left(
      toValidationError(["durationMs"], "a call lasts a positive integer of milliseconds"),
    )
  if (duration > windowMs)
    return Either.left(
      toValidationError(
        ["durationMs"],
        `a call of ${duration} ms does not fit the customer's ${window.start}–${window.end} window (CMP-15)`,
      ),
    )
  return Either.right(duration)
}

/** Whether a call of `duration` starting at the open instant `at` ends before the window closes. */
const fitsAt = (
  calendar: WorkingCalendar.WorkingCalendar,
  at: number,
  duration: number,
): Either.Either<number, Errors.ValidationError> =>
  Either.mapLeft(BusinessTime.dueAt(calendar, at, duration), calendarFailure)

/**
 * How many windows {@link scheduleCallback} tries before giving up: a window too
 * short for the call only on a day the clocks change, so a few suffice.
 */
const MAX_WINDOWS = 64

/**
 * The instant to call the customer back (CMP-15): the first instant at or after
 * `earliest` inside their preferred window from which a call of `durationMs`
 * (15 minutes unless told) ends before the window closes. Refused with a
 * `PolicyViolationError` of CMP-15 without consent (no preference, or `callback`
 * false); a `ValidationError` names `earliest`, `durationMs`, `phone` or `window`
 * when one of them is missing or invalid (a call longer than the window fails on
 * `durationMs`). Time zones and DST transitions follow the customer's zone.
 *
 * @example
 * ```ts
 * import { Preference } from "@clientele/complaints"
 * import { Ids, Period } from "@clientele/core"
 *
 * const at = Preference.scheduleCallback(
 *   {
 *     customerId: Ids.CustomerId.make("c1"),
 *     callback: true,
 *     phone: "+49 30 1234567",
 *     window: { timeZone: Period.TimeZone.make("Europe/Berlin"), days: ["monday"], start: "18:00", end: "20:00" },
 *     updatedAt: Date.UTC(2024, 5, 1),
 *   },
 *   Date.UTC(2024, 5, 8, 12), // a Saturday
 * ) // Right(Date.UTC(2024, 5, 10, 16)): Monday 18:00 in Berlin
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const scheduleCallback = (
  preference: ContactPreference | undefined,
  earliest: number,
  options?: CallbackOptions,
): Either.Either<number, Errors.PolicyViolationError | Errors.ValidationError> => {
  const window = consentedWindow(preference)
  if (Either.isLeft(window)) return Either.left(window.left)
  if (!Schema.is(Period.Instant)(earliest))
    return Either.left(
      toValidationError(["earliest"], "the earliest callback is an integer instant (epoch ms)"),
    )
  const duration = durationOf(window.right, options)
  if (Either.isLeft(duration)) return Either.left(duration.left)
  const calendar = callbackCalendar(window.right)
  if (Either.isLeft(calendar)) return Either.left(calendar.left)
  let from = earliest
  for (let attempt = 0; attempt < MAX_WINDOWS; attempt++) {
    const open = BusinessTime.nextOpen(calendar.right, from)
    if (Either.isLeft(open)) return Either.left(calendarFailure(open.left))
    const end = fitsAt(calendar.right, open.right, duration.right)
    if (Either.isLeft(end)) return Either.left(end.left)
    // Business time is real time, so the call fits exactly when no closed time lies inside it.
    if (end.right - open.right === duration.right) return Either.right(open.right)
    // Too little of this window is left: continue after its close (the call's end lies
    // in a later window, so the last close before that end is at or after this one's).
    const close = BusinessTime.previousClose(calendar.right, end.right)
    if (Either.isLeft(close)) return Either.left(calendarFailure(close.left))
    from = close.right
  }
  return Either.left(
    toValidationError(
      ["durationMs"],
      `no window of the customer within ${MAX_WINDOWS} openings fits a call of ${duration.right} ms (CMP-15)`,
    ),
  )
}

/**
 * Checks a proposed callback instant (CMP-15): `at` itself when the customer
 * consented and a call of `durationMs` from `at` lies wholly inside their window; a
 * `PolicyViolationError` of CMP-15 without consent or outside the window.
 *
 * @example
 * ```ts
 * import { Preference } from "@clientele/complaints"
 * import { Ids, Period } from "@clientele/core"
 * import * as Either from "effect/Either"
 *
 * const checked = Preference.checkCallback(
 *   {
 *     customerId: Ids.CustomerId.make("c1"),
 *     callback: true,
 *     phone: "+1 212 555 0100",
 *     window: { timeZone: Period.TimeZone.make("America/New_York"), days: ["tuesday"], start: "09:00", end: "11:00" },
 *     updatedAt: Date.UTC(2024, 5, 1),
 *   },
 *   Date.UTC(2024, 5, 11, 12), // Tuesday 08:00 in New York
 * )
 * Either.isLeft(checked) // true: outside the window
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const checkCallback = (
  preference: ContactPreference | undefined,
  at: number,
  options?: CallbackOptions,
): Either.Either<number, Errors.PolicyViolationError | Errors.ValidationError> => {
  const window = consentedWindow(preference)
  if (Either.isLeft(window)) return Either.left(window.left)
  if (!Schema.is(Period.Instant)(at))
    return Either.left(toValidationError(["at"], "a callback is an integer instant (epoch ms)"))
  const duration = durationOf(window.right, options)
  if (Either.isLeft(duration)) return Either.left(duration.left)
  const calendar = callbackCalendar(window.right)
  if (Either.isLeft(calendar)) return Either.left(calendar.left)
  const open = Either.mapLeft(BusinessTime.isOpen(calendar.right, at), calendarFailure)
  if (Either.isLeft(open)) return Either.left(open.left)
  const end = open.right ? fitsAt(calendar.right, at, duration.right) : Either.right(Number.NaN)
  if (Either.isLeft(end)) return Either.left(end.left)
  return end.right - at === duration.right
    ? Either.right(at)
    : Either.left(
        new Errors.PolicyViolationError({
          rule: "CMP-15",
          message: `a call of ${duration.right} ms at ${new Date(at).toISOString()} is not inside the customer's ${window.right.start}–${window.right.end} window (${window.right.timeZone})`,
        }),
      )
}

/**
 * Whether an instant lies inside the customer's preferred callback window
 * (half-open: the window's start is inside, its end is not), read in the window's
 * zone; `false` without a window or for an invalid instant. It checks the window
 * only, not the consent: {@link checkCallback} checks both.
 *
 * @example
 * ```ts
 * import { Preference } from "@clientele/complaints"
 * import { Ids, Period } from "@clientele/core"
 *
 * Preference.isInsideWindow(
 *   {
 *     customerId: Ids.CustomerId.make("c1"),
 *     callback: true,
 *     phone: "+49 30 1234567",
 *     window: { timeZone: Period.TimeZone.make("Europe/Berlin"), days: ["monday"], start: "18:00", end: "20:00" },
 *     updatedAt: Date.UTC(2024, 5, 1),
 *   },
 *   Date.UTC(2024, 5, 10, 17), // Monday 19:00 in Berlin
 * ) // true
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const isInsideWindow = (preference: ContactPreference, instant: number): boolean => {
  if (preference.window === undefined || !Schema.is(Period.Instant)(instant)) return false
  const calendar = callbackCalendar(preference.window)
  if (Either.isLeft(calendar)) return false
  return Either.getOrElse(BusinessTime.isOpen(calendar.right, instant), () => false)
}
