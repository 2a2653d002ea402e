/**
 * The order desk's own database: one PostgreSQL pool configured from
 * `DATABASE_URL`, and the migrations of the app's own tables — its orders, their
 * event log and the stock of replacement units. Clientele's store is built over
 * this same client (see `Clientele.ts`), so the app and Clientele share the pool
 * and, inside `sql.withTransaction`, one connection and one transaction.
 */
import * as Migrator from "@effect/sql/Migrator"
import * as SqlClient from "@effect/sql/SqlClient"
import * as PgClient from "@effect/sql-pg/PgClient"
import * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"

/** A migration of plain DDL statements, run in order. */
const statements = (...texts: ReadonlyArray<string>) =>
  Effect.flatMap(SqlClient.SqlClient, (sql) =>
    Effect.forEach(texts, (text) => sql.unsafe(text), { discard: true }),
  )

/**
 * The app's migrations, in the `<id>_<name>` form of `@effect/sql`'s migrator.
 * Clientele's tables are not here: its store migrates them itself, under its own
 * `clientele_` prefix, when its layer is built.
 */
export const migrations = {
  "1_create_orders": statements(`
    CREATE TABLE orders (
      id text PRIMARY KEY,
      customer_id text NOT NULL,
      customer_email text NOT NULL,
      sku text NOT NULL,
      status text NOT NULL CHECK (status IN ('placed', 'delivered', 'disputed')),
      dispute_key text,
      complaint_id text UNIQUE,
      updated_at timestamptz NOT NULL
    )`),
  "2_create_order_events": statements(
    `
    CREATE TABLE order_events (
      id bigserial PRIMARY KEY,
      order_id text NOT NULL REFERENCES orders (id),
      kind text NOT NULL,
      detail jsonb NOT NULL DEFAULT '{}'::jsonb,
      at timestamptz NOT NULL
    )`,
    "CREATE INDEX order_events_by_order ON order_events (order_id, id)",
  ),
  "3_create_stock": statements(`
    CREATE TABLE stock (
      sku text PRIMARY KEY,
      on_hand integer NOT NULL CHECK (on_hand >= 0),
      reserved integer NOT NULL DEFAULT 0 CHECK (reserved >= 0 AND reserved <= on_hand)
    )`),
}

/**
 * Applies the app's missing migrations and returns the ones applied. The
 * migrator records them in a table of the app's own naming, beside Clientele's
 * `clientele_migrations`, so neither reads the other's history.
 */
export const migrate = Migrator.make({})({
  loader: Migrator.fromRecord(migrations),
  table: "order_desk_migrations",
})

/**
 * The app's PostgreSQL client (both `PgClient` and the generic `SqlClient`),
 * configured from `DATABASE_URL` and `DATABASE_POOL_SIZE` (default 10). No name
 * transforms: Clientele's store sends its own queries through this client and is
 * tested without them, so the app renames its snake_case columns in its row
 * schemas instead.
 */
export const pgLayer = PgClient.layerConfig({
  url: Config.redacted("DATABASE_URL"),
  maxConnections: Config.integer("DATABASE_POOL_SIZE").pipe(Config.withDefault(10)),
  applicationName: Config.succeed("order-desk"),
})

/** The client, once the app's tables are current. */
export const layer = Layer.effectDiscard(migrate).pipe(Layer.provideMerge(pgLayer))
