/**
 * The app's stock of units it can send as replacements. A reservation is one
 * guarded `UPDATE` on the app's own `stock` table, so it joins whatever
 * transaction the caller runs it in: reserved with the complaint it answers, or
 * not at all.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"

/** No unit of the SKU is free to send as a replacement. */
export class ReplacementOutOfStock extends Schema.TaggedError<ReplacementOutOfStock>()(
  "ReplacementOutOfStock",
  { sku: Schema.String },
) {
  override get message(): string {
    return `no unit of ${this.sku} is free to send as a replacement`
  }
}

/** What the warehouse does for the order desk. */
export interface WarehouseService {
  /** Reserves one unit of the SKU; returns how many stay free. */
  readonly reserveReplacement: (
    sku: string,
  ) => Effect.Effect<number, ReplacementOutOfStock | SqlError>
  /** Adds units of the SKU to the stock. */
  readonly restock: (sku: string, quantity: number) => Effect.Effect<void, SqlError>
}

export class Warehouse extends Context.Tag("order-desk/Warehouse")<Warehouse, WarehouseService>() {}

const FreeUnits = Schema.Struct({ free: Schema.Number })

/** The warehouse over the app's `SqlClient`. */
export const layer = Layer.effect(
  Warehouse,
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    return Warehouse.of({
      reserveReplacement: Effect.fn("Warehouse.reserveReplacement")(function* (sku) {
        // the guard and the increment in one statement: two concurrent
        // reservations of the last unit cannot both pass
        const rows = yield* sql`
          UPDATE stock SET reserved = reserved + 1
          WHERE sku = ${sku} AND reserved < on_hand
          RETURNING on_hand - reserved AS free`
        const [row] = rows
        if (row === undefined) return yield* new ReplacementOutOfStock({ sku })
        return (yield* Schema.decodeUnknown(FreeUnits)(row).pipe(Effect.orDie)).free
      }),
      restock: Effect.fn("Warehouse.restock")(function* (sku, quantity) {
        yield* sql`
          INSERT INTO stock (sku, on_hand) VALUES (${sku}, ${quantity})
          ON CONFLICT (sku) DO UPDATE SET on_hand = stock.on_hand + excluded.on_hand`
      }),
    })
  }),
)
