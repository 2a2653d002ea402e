/**
 * Branded identifiers shared by every Clientele package.
 *
 * An id is an opaque, non-empty string of at most 256 characters, valid Unicode
 * with no control characters. Each kind of id carries its own brand, so a
 * `CustomerId` can never be passed where a `TenantId` is expected. Ids are schemas:
 * decode untrusted input with them at the boundary, and derive fast-check
 * arbitraries from them in tests.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as Digest from "./Digest.js"

/**
 * The plain-string shape every branded id shares: 1 to 256 characters, no control
 * characters and no lone UTF-16 surrogate (so ids print safely in logs, and are the
 * same key in every adapter: a store that speaks UTF-8 would turn a lone surrogate
 * into U+FFFD, and two tenants `"\uD800"` and `"\uFFFD"` into one).
 *
 * @example
 * ```ts
 * import { Ids } from "@clientele/core"
 * import * as Schema from "effect/Schema"
 *
 * Schema.decodeUnknownSync(Ids.IdString)("cus_42") // "cus_42"
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const IdString = Schema.String.pipe(
  Schema.minLength(1, { message: () => "an id must not be empty" }),
  Schema.maxLength(256, { message: () => "an id must be at most 256 characters" }),
  Schema.pattern(/^[^\p{Cc}]*$/u, { message: () => "an id must not contain control characters" }),
  Schema.pattern(/^[^\p{Cs}]*$/u, {
    message: () => "an id must be valid Unicode (a lone UTF-16 surrogate was found)",
  }),
  Schema.annotations({ identifier: "IdString", description: "an opaque identifier" }),
)

/**
 * Whether a value is an {@link IdString} (1 to 256 characters, no control
 * character, no lone surrogate), checked by hand: the same answer as `Schema.is(IdString)`, for loops
 * over millions of ids.
 *
 * @example
 * ```ts
 * import { Ids } from "@clientele/core"
 *
 * Ids.isIdString("cus_42") // true
 * Ids.isIdString("") // false
 * ```
 *
 * @since 0.1.0
 * @category predicates
 */
export const isIdString = (value: unknown): value is string => {
  if (typeof value !== "string" || value.length === 0 || value.length > 256) return false
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i)
    // C0 controls, DEL and C1 controls: the Unicode general category Cc.
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return false
    if (code >= 0xd800 && code <= 0xdfff) {
      // a high surrogate must be followed by a low one, which is then skipped
      const next = value.charCodeAt(i + 1)
      if (code > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) return false
      i++
    }
  }
  return true
}

const brandedId = <const B extends string>(brand: B) =>
  IdString.pipe(Schema.brand(brand), Schema.annotations({ identifier: brand }))

/**
 * The tenant that owns a document: every stored document belongs to exactly one.
 *
 * @example
 * ```ts
 * import { Ids } from "@clientele/core"
 *
 * const tenant = Ids.TenantId.make("acme")
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const TenantId = brandedId("TenantId")
/**
 * The type of a tenant id: a string branded `TenantId`.
 *
 * @example
 * ```ts
 * import { Ids } from "@clientele/core"
 *
 * const id: Ids.TenantId = Ids.TenantId.make("acme")
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type TenantId = typeof TenantId.Type

/**
 * A customer (a person or a company that buys).
 *
 * @example
 * ```ts
 * import { Ids } from "@clientele/core"
 *
 * const customer = Ids.CustomerId.make("cus_42")
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const CustomerId = brandedId("CustomerId")
/**
 * The type of a customer id: a string branded `CustomerId`.
 *
 * @example
 * ```ts
 * import { Ids } from "@clientele/core"
 *
 * const id: Ids.CustomerId = Ids.CustomerId.make("cus_42")
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type CustomerId = typeof CustomerId.Type

/**
 * A member of staff (agent, department head, sales person, manager).
 *
 * @example
 * ```ts
 * import { Ids } from "@clientele/core"
 *
 * const agent = Ids.StaffId.make("staff_7")
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const StaffId = brandedId("StaffId")
/**
 * The type of a member of staff id: a string branded `StaffId`.
 *
 * @example
 * ```ts
 * import { Ids } from "@clientele/core"
 *
 * const id: Ids.StaffId = Ids.StaffId.make("staff_7")
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type StaffId = typeof StaffId.Type

/**
 * A department of the company (the owner of a complaint category, for example).
 *
 * @example
 * ```ts
 * import { Ids } from "@clientele/core"
 *
 * const department = Ids.DepartmentId.make("logistics")
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const DepartmentId = brandedId("DepartmentId")
/**
 * The type of a department id: a string branded `DepartmentId`.
 *
 * @example
 * ```ts
 * import { Ids } from "@clientele/core"
 *
 * const id: Ids.DepartmentId = Ids.DepartmentId.make("logistics")
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type DepartmentId = typeof DepartmentId.Type

/**
 * An order placed by a customer.
 *
 * @example
 * ```ts
 * import { Ids } from "@clientele/core"
 *
 * const order = Ids.OrderId.make("ord_1001")
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const OrderId = brandedId("OrderId")
/**
 * The type of a order id: a string branded `OrderId`.
 *
 * @example
 * ```ts
 * import { Ids } from "@clientele/core"
 *
 * const id: Ids.OrderId = Ids.OrderId.make("ord_1001")
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type OrderId = typeof OrderId.Type

/**
 * A product (or a stock-keeping unit) the company sells.
 *
 * @example
 * ```ts
 * import { Ids } from "@clientele/core"
 *
 * const product = Ids.ProductId.make("sku-123")
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ProductId = brandedId("ProductId")
/**
 * The type of a product id: a string branded `ProductId`.
 *
 * @example
 * ```ts
 * import { Ids } from "@clientele/core"
 *
 * const id: Ids.ProductId = Ids.ProductId.make("sku-123")
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type ProductId = typeof ProductId.Type

/**
 * A complaint filed by a customer.
 *
 * @example
 * ```ts
 * import { Ids } from "@clientele/core"
 *
 * const complaint = Ids.ComplaintId.make("cmp_9")
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ComplaintId = brandedId("ComplaintId")
/**
 * The type of a complaint id: a string branded `ComplaintId`.
 *
 * @example
 * ```ts
 * import { Ids } from "@clientele/core"
 *
 * const id: Ids.ComplaintId = Ids.ComplaintId.make("cmp_9")
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type ComplaintId = typeof ComplaintId.Type

/**
 * A new id ordered by time: `prefix`, a dash, then a UUID of version 7 (RFC 9562) —
 * the milliseconds of `at` first, then random bits. Ids made later sort later, so new
 * documents land at the end of a database's B-trees instead of at random pages.
 *
 * @example
 * ```ts
 * import { Ids } from "@clientele/core"
 *
 * const id = Ids.timeOrdered("case", Date.UTC(2024, 5, 3))
 * id.startsWith("case-018fdb65-4c00-7") // true
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const timeOrdered = (prefix: string, at: number): string => {
  const time = Math.max(0, Math.min(Number.isFinite(at) ? at : 0, 2 ** 48 - 1))
    .toString(16)
    .padStart(12, "0")
  // a version 4 UUID's random bits after its version digit, variant included
  return `${prefix}-${time.slice(0, 8)}-${time.slice(8, 12)}-7${globalThis.crypto.randomUUID().slice(15)}`
}

/**
 * A value's fingerprint for idempotency: the SHA-256 of its JSON with every object's
 * keys sorted, so two equal requests give the same fingerprint whatever the order of
 * their fields. A digest, not the JSON itself: the fingerprint is stored beside the
 * idempotency key, and a request's personal data must not be kept there.
 *
 * @example
 * ```ts
 * import { Ids } from "@clientele/core"
 *
 * Ids.fingerprint({ b: 1, a: [2, { d: 3, c: 4 }] }) === Ids.fingerprint({ a: [2, { c: 4, d: 3 }], b: 1 }) // true
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const fingerprint = (value: unknown): string =>
  Digest.sha256Hex(
    JSON.stringify(value, (_key, v: unknown) =>
      v !== null && typeof v === "object" && !Array.isArray(v)
        ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
        : v,
    ) ?? "undefined",
  )
