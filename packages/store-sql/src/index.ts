/**
 * `@clientele/store-sql`: the storage port on SQLite and PostgreSQL, over Effect's
 * `SqlClient`. `SqlStore.layer` runs on the app's own client; `layerSqlite`
 * (`@clientele/store-sql/sqlite`) and `layerPg` (`@clientele/store-sql/pg`) open one.
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 */
export * as SqlStore from "./SqlStore.js"
