/**
 * Out-of-stock complaints (CMP-8): the agent records the customer's contact and the
 * wanted variant, and either queues a back-in-stock notification or proposes
 * substitute products (or both).
 *
 * A back-in-stock notice is a small state machine — `queued`, then `sent` when the
 * variant is restocked or `cancelled` — whose transitions are pure functions that
 * refuse an invalid step with an `InvalidTransitionError`. The customer's name,
 * phone and email, and the agent's free-text notes, carry the shared personal-data
 * annotation so that retention and erasure find them.
 *
 * @since 0.1.0
 */
import { Errors, Ids, Period, Personal } from "@clientele/core"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import type * as Category from "./Category.js"

const Sku = Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(100))

const AttributeText = Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(100))

/**
 * The variant the customer wanted (CMP-8): the product, its SKU when known, the
 * attributes that pick the variant (size, colour, weight…; at least one) and how
 * many.
 *
 * @example
 * ```ts
 * import { OutOfStock } from "@clientele/complaints"
 * import { Ids } from "@clientele/core"
 *
 * const wanted = OutOfStock.WantedVariant.make({
 *   productId: Ids.ProductId.make("prd_boot"),
 *   sku: "BOOT-42-BRN",
 *   attributes: { size: "42", colour: "brown" },
 *   quantity: 1,
 * })
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const WantedVariant = Schema.Struct({
  productId: Ids.ProductId,
  sku: Schema.optional(Sku),
  attributes: Schema.Record({ key: AttributeText, value: AttributeText }).pipe(
    Schema.filter(
      (attributes) =>
        Object.keys(attributes).length > 0 ||
        "name at least one attribute of the wanted variant, such as size or colour (CMP-8)",
    ),
  ),
  quantity: Schema.Int.pipe(Schema.positive()),
})

/**
 * @example
 * ```ts
 * import type { OutOfStock } from "@clientele/complaints"
 * import { Ids } from "@clientele/core"
 *
 * const wanted: OutOfStock.WantedVariant = {
 *   productId: Ids.ProductId.make("prd_tea"),
 *   attributes: { weight: "500 g" },
 *   quantity: 2,
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type WantedVariant = typeof WantedVariant.Type

/**
 * How to reach the customer about an out-of-stock product (CMP-8): an optional
 * name and at least one of phone or email. Every field is personal data.
 *
 * @example
 * ```ts
 * import { OutOfStock } from "@clientele/complaints"
 * import { Errors } from "@clientele/core"
 *
 * Errors.decodeEither(OutOfStock.Contact)({ name: "Ada", email: "ada@example.com" }) // Right
 * Errors.decodeEither(OutOfStock.Contact)({ name: "Ada" }) // Left(ValidationError at phone)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const Contact = Schema.Struct({
  name: Schema.optional(
    Personal.personal(Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(200))),
  ),
  // Erased, a contact keeps a number and an address no one can reach (country code 0,
  // the reserved .invalid domain), so it still has the phone or e-mail it must have.
  phone: Schema.optional(
    Personal.personal(
      Schema.String.pipe(
        Schema.pattern(/^\+?[0-9][0-9 ()./-]{2,39}$/, {
          message: () => "a phone number is digits with an optional leading + and separators",
        }),
      ),
    ).pipe(Personal.erasedAs(Personal.ERASED_PHONE)),
  ),
  email: Schema.optional(
    Personal.personal(
      Schema.String.pipe(
        Schema.maxLength(254),
        Schema.pattern(/^[^\s@]+@[^\s@]+$/, {
          message: () => "an email address has the form name@domain",
        }),
      ),
    ).pipe(Personal.erasedAs(Personal.ERASED_EMAIL)),
  ),
}).pipe(
  Schema.filter(
    (contact) =>
      contact.phone !== undefined ||
      contact.email !== undefined || {
        path: ["phone"],
        message: "record the customer's phone or email so they can be told (CMP-8)",
      },
  ),
  Schema.annotations({ identifier: "OutOfStockContact" }),
)

/**
 * @example
 * ```ts
 * import type { OutOfStock } from "@clientele/complaints"
 *
 * const contact: OutOfStock.Contact = { phone: "+49 30 1234567" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Contact = typeof Contact.Type

/**
 * A substitute product proposed instead of the missing one, with an optional note
 * from the agent (free text, so marked personal: it may mention the customer).
 *
 * @example
 * ```ts
 * import { OutOfStock } from "@clientele/complaints"
 * import { Ids } from "@clientele/core"
 *
 * const substitute = OutOfStock.Substitute.make({
 *   productId: Ids.ProductId.make("prd_boot"),
 *   sku: "BOOT-42-BLK",
 *   note: "same boot in black",
 * })
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const Substitute = Schema.Struct({
  productId: Ids.ProductId,
  sku: Schema.optional(Sku),
  note: Schema.optional(
    Personal.personal(Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(1000))),
  ),
})

/**
 * @example
 * ```ts
 * import type { OutOfStock } from "@clientele/complaints"
 * import { Ids } from "@clientele/core"
 *
 * const substitute: OutOfStock.Substitute = { productId: Ids.ProductId.make("prd_tea_green") }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Substitute = typeof Substitute.Type

const sameVariant = (
  a: { readonly productId: string; readonly sku?: string | undefined },
  b: { readonly productId: string; readonly sku?: string | undefined },
): boolean => a.productId === b.productId && a.sku === b.sku

/**
 * What the agent records on an out-of-stock complaint (CMP-8): the wanted variant,
 * the customer's contact, whether to notify them when it is back, and the
 * substitutes proposed. Either a notification is queued or at least one substitute
 * is proposed; a substitute must differ from the wanted variant.
 *
 * @example
 * ```ts
 * import { OutOfStock } from "@clientele/complaints"
 * import { Errors } from "@clientele/core"
 *
 * const request = Errors.decodeEither(OutOfStock.Request)({
 *   wanted: { productId: "prd_boot", attributes: { size: "42" }, quantity: 1 },
 *   contact: { email: "ada@example.com" },
 *   notifyWhenBack: true,
 *   substitutes: [],
 * }) // Right
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const Request = Schema.Struct({
  wanted: WantedVariant,
  contact: Contact,
  notifyWhenBack: Schema.Boolean,
  substitutes: Schema.Array(Substitute),
}).pipe(
  Schema.filter((request) => {
    const issues: Array<Schema.FilterIssue> = []
    if (!request.notifyWhenBack && request.substitutes.length === 0)
      issues.push({
        path: ["substitutes"],
        message:
          "queue a back-in-stock notification (notifyWhenBack) or propose at least one substitute (CMP-8)",
      })
    request.substitutes.forEach((substitute, index) => {
      if (sameVariant(substitute, request.wanted))
        issues.push({
          path: ["substitutes", index],
          message: "a substitute must differ from the wanted variant (CMP-8)",
        })
    })
    return issues
  }),
  Schema.annotations({ identifier: "OutOfStockRequest" }),
)

/**
 * @example
 * ```ts
 * import type { OutOfStock } from "@clientele/complaints"
 * import { Ids } from "@clientele/core"
 *
 * const request: OutOfStock.Request = {
 *   wanted: { productId: Ids.ProductId.make("prd_boot"), attributes: { size: "42" }, quantity: 1 },
 *   contact: { phone: "+49 30 1234567" },
 *   notifyWhenBack: false,
 *   substitutes: [{ productId: Ids.ProductId.make("prd_boot_2") }],
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Request = typeof Request.Type

/**
 * The states of a back-in-stock notice: queued until the variant is restocked,
 * then sent, or cancelled.
 *
 * @example
 * ```ts
 * import { OutOfStock } from "@clientele/complaints"
 *
 * OutOfStock.NoticeStatus.literals // ["queued", "sent", "cancelled"]
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const NoticeStatus = Schema.Literal("queued", "sent", "cancelled")

/**
 * @example
 * ```ts
 * import type { OutOfStock } from "@clientele/complaints"
 *
 * const status: OutOfStock.NoticeStatus = "queued"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type NoticeStatus = typeof NoticeStatus.Type

/**
 * A queued back-in-stock notification (CMP-8) for one complaint: whom to tell
 * about which variant, when it was queued, and — once sent or cancelled — when.
 * `sentAt` is present exactly when the notice is sent, `cancelledAt` exactly when
 * it is cancelled, and neither is before `queuedAt`.
 *
 * @example
 * ```ts
 * import { OutOfStock } from "@clientele/complaints"
 * import { Errors } from "@clientele/core"
 *
 * const notice = Errors.decodeEither(OutOfStock.BackInStockNotice)({
 *   id: "cmp_1:back-in-stock",
 *   complaintId: "cmp_1",
 *   customerId: "cus_1",
 *   wanted: { productId: "prd_boot", attributes: { size: "42" }, quantity: 1 },
 *   contact: { email: "ada@example.com" },
 *   queuedAt: Date.UTC(2024, 2, 1),
 *   status: "queued",
 * }) // Right
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const BackInStockNotice = Schema.Struct({
  id: Schema.NonEmptyString,
  complaintId: Ids.ComplaintId,
  customerId: Ids.CustomerId,
  wanted: WantedVariant,
  contact: Contact,
  queuedAt: Period.Instant,
  status: NoticeStatus,
  sentAt: Schema.optional(Period.Instant),
  cancelledAt: Schema.optional(Period.Instant),
}).pipe(
  Schema.filter((notice) => {
    const issues: Array<Schema.FilterIssue> = []
    if ((notice.status === "sent") !== (notice.sentAt !== undefined))
      issues.push({ path: ["sentAt"], message: "sentAt is set exactly when the notice is sent" })
    if ((notice.status === "cancelled") !== (notice.cancelledAt !== undefined))
      issues.push({
        path: ["cancelledAt"],
        message: "cancelledAt is set exactly when the notice is cancelled",
      })
    if (notice.sentAt !== undefined && notice.sentAt < notice.queuedAt)
      issues.push({ path: ["sentAt"], message: "a notice cannot be sent before it was queued" })
    if (notice.cancelledAt !== undefined && notice.cancelledAt < notice.queuedAt)
      issues.push({
        path: ["cancelledAt"],
        message: "a notice cannot be cancelled before it was queued",
      })
    return issues
  }),
  Schema.annotations({ identifier: "BackInStockNotice" }),
)

/**
 * @example
 * ```ts
 * import type { OutOfStock } from "@clientele/complaints"
 * import { Ids } from "@clientele/core"
 *
 * const notice: OutOfStock.BackInStockNotice = {
 *   id: "cmp_1:back-in-stock",
 *   complaintId: Ids.ComplaintId.make("cmp_1"),
 *   customerId: Ids.CustomerId.make("cus_1"),
 *   wanted: { productId: Ids.ProductId.make("prd_boot"), attributes: { size: "42" }, quantity: 1 },
 *   contact: { email: "ada@example.com" },
 *   queuedAt: Date.UTC(2024, 2, 1),
 *   status: "queued",
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type BackInStockNotice = typeof BackInStockNotice.Type

/**
 * Whether complaints of a category are out-of-stock complaints, which record the
 * wanted variant and contact of CMP-8 (the category's `outOfStock` flag).
 *
 * @example
 * ```ts
 * import { Category, OutOfStock } from "@clientele/complaints"
 *
 * Category.builtIn.filter(OutOfStock.appliesTo).map((category) => category.id) // ["product/out-of-stock"]
 * ```
 *
 * @since 0.1.0
 * @category lookups
 */
export const appliesTo = (category: Category.Definition): boolean => category.outOfStock === true

/**
 * The back-in-stock notice a request queues (CMP-8), or `None` when the customer
 * does not want to be notified. Its id is `<complaintId>:back-in-stock`, so
 * recording the same complaint twice yields the same notice (idempotent).
 *
 * @example
 * ```ts
 * import { OutOfStock } from "@clientele/complaints"
 * import { Ids } from "@clientele/core"
 *
 * const notice = OutOfStock.noticeOf(
 *   {
 *     wanted: { productId: Ids.ProductId.make("prd_boot"), attributes: { size: "42" }, quantity: 1 },
 *     contact: { email: "ada@example.com" },
 *     notifyWhenBack: true,
 *     substitutes: [],
 *   },
 *   {
 *     complaintId: Ids.ComplaintId.make("cmp_1"),
 *     customerId: Ids.CustomerId.make("cus_1"),
 *     at: Date.UTC(2024, 2, 1),
 *   },
 * ) // Some({ id: "cmp_1:back-in-stock", status: "queued", ... })
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const noticeOf = (
  request: Request,
  context: {
    readonly complaintId: Ids.ComplaintId
    readonly customerId: Ids.CustomerId
    readonly at: number
  },
): Option.Option<BackInStockNotice> =>
  request.notifyWhenBack
    ? Option.some({
        id: `${context.complaintId}:back-in-stock`,
        complaintId: context.complaintId,
        customerId: context.customerId,
        wanted: request.wanted,
        contact: request.contact,
        queuedAt: context.at,
        status: "queued",
      })
    : Option.none()

const refuse = (notice: BackInStockNotice, attempted: string) =>
  Either.left(
    new Errors.InvalidTransitionError({
      entity: "BackInStockNotice",
      state: notice.status,
      attempted,
    }),
  )

const beforeQueued = (notice: BackInStockNotice, at: number) =>
  Either.left(
    Errors.ValidationError.fromIssues([
      {
        path: ["at"],
        message: `${at} is before the notice was queued at ${notice.queuedAt} (CMP-8)`,
      },
    ]),
  )

/**
 * Marks a queued notice sent at `at`. A notice already sent or cancelled is
 * refused with an `InvalidTransitionError`; an instant before it was queued with a
 * `ValidationError` on `at`.
 *
 * @example
 * ```ts
 * import { OutOfStock } from "@clientele/complaints"
 * import { Ids } from "@clientele/core"
 *
 * const sent = OutOfStock.markSent(
 *   {
 *     id: "cmp_1:back-in-stock",
 *     complaintId: Ids.ComplaintId.make("cmp_1"),
 *     customerId: Ids.CustomerId.make("cus_1"),
 *     wanted: { productId: Ids.ProductId.make("prd_boot"), attributes: { size: "42" }, quantity: 1 },
 *     contact: { email: "ada@example.com" },
 *     queuedAt: Date.UTC(2024, 2, 1),
 *     status: "queued",
 *   },
 *   Date.UTC(2024, 2, 10),
 * ) // Right({ ..., status: "sent", sentAt: ... })
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const markSent = (
  notice: BackInStockNotice,
  at: number,
): Either.Either<BackInStockNotice, Errors.InvalidTransitionError | Errors.ValidationError> => {
  if (notice.status !== "queued") return refuse(notice, "markSent")
  if (at < notice.queuedAt) return beforeQueued(notice, at)
  return Either.right({ ...notice, status: "sent", sentAt: at })
}

/**
 * Cancels a queued notice at `at` (the customer no longer wants it, or took a
 * substitute). A notice already sent or cancelled is refused with an
 * `InvalidTransitionError`; an instant before it was queued with a
 * `ValidationError` on `at`.
 *
 * @example
 * ```ts
 * import { OutOfStock } from "@clientele/complaints"
 * import { Ids } from "@clientele/core"
 *
 * const cancelled = OutOfStock.cancel(
 *   {
 *     id: "cmp_1:back-in-stock",
 *     complaintId: Ids.ComplaintId.make("cmp_1"),
 *     customerId: Ids.CustomerId.make("cus_1"),
 *     wanted: { productId: Ids.ProductId.make("prd_boot"), attributes: { size: "42" }, quantity: 1 },
 *     contact: { email: "ada@example.com" },
 *     queuedAt: Date.UTC(2024, 2, 1),
 *     status: "queued",
 *   },
 *   Date.UTC(2024, 2, 5),
 * ) // Right({ ..., status: "cancelled", cancelledAt: ... })
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const cancel = (
  notice: BackInStockNotice,
  at: number,
): Either.Either<BackInStockNotice, Errors.InvalidTransitionError | Errors.ValidationError> => {
  if (notice.status !== "queued") return refuse(notice, "cancel")
  if (at < notice.queuedAt) return beforeQueued(notice, at)
  return Either.right({ ...notice, status: "cancelled", cancelledAt: at })
}

/**
 * The notices to send now that a variant is back in stock (CMP-8), each marked
 * sent at `at`; the input is not changed and other notices are not returned. A
 * notice matches when it is queued (not after `at`), is for the same product and,
 * when the wanted variant names a SKU, for the same SKU (a notice without a SKU
 * matches any restock of its product).
 *
 * @example
 * ```ts
 * import { OutOfStock } from "@clientele/complaints"
 * import { Ids } from "@clientele/core"
 *
 * const toSend = OutOfStock.restocked(
 *   [
 *     {
 *       id: "cmp_1:back-in-stock",
 *       complaintId: Ids.ComplaintId.make("cmp_1"),
 *       customerId: Ids.CustomerId.make("cus_1"),
 *       wanted: { productId: Ids.ProductId.make("prd_boot"), sku: "BOOT-42", attributes: { size: "42" }, quantity: 1 },
 *       contact: { email: "ada@example.com" },
 *       queuedAt: Date.UTC(2024, 2, 1),
 *       status: "queued",
 *     },
 *   ],
 *   Ids.ProductId.make("prd_boot"),
 *   "BOOT-42",
 *   Date.UTC(2024, 2, 10),
 * ) // [{ ..., status: "sent", sentAt: ... }]
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const restocked = (
  notices: ReadonlyArray<BackInStockNotice>,
  productId: Ids.ProductId,
  sku: string | undefined,
  at: number,
): ReadonlyArray<BackInStockNotice> => {
  const sent: Array<BackInStockNotice> = []
  for (const notice of notices) {
    if (
      notice.status === "queued" &&
      notice.queuedAt <= at &&
      notice.wanted.productId === productId &&
      (notice.wanted.sku === undefined || notice.wanted.sku === sku)
    )
      sent.push({ ...notice, status: "sent", sentAt: at })
  }
  return sent
}
