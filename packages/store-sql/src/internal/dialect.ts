/**
 * What differs between SQLite and PostgreSQL: column types, placeholders, how a
 * writer takes its locks, and the tables' DDL. Everything else is written once.
 */

/** The two SQL dialects the adapter speaks. */
export type DialectName = "sqlite" | "pg"

/** The quoted names of the adapter's tables and indexes, from the table prefix. */
export interface Tables {
  readonly prefix: string
  readonly documents: string
  readonly entries: string
  readonly entriesByValue: string
  readonly indexNames: string
  readonly migrations: string
  readonly lockIndexNames: string
}

/** A table prefix: letters, digits and underscores, starting with a letter or underscore. */
export const prefixPattern = /^[A-Za-z_][A-Za-z0-9_]{0,39}$/

export const tablesOf = (prefix: string): Tables => ({
  prefix,
  documents: `"${prefix}documents"`,
  entries: `"${prefix}index_entries"`,
  entriesByValue: `"${prefix}index_entries_by_value"`,
  indexNames: `"${prefix}index_names"`,
  migrations: `"${prefix}migrations"`,
  lockIndexNames: `"${prefix}lock_index_names"`,
})

/** One versioned schema migration: its statements for a dialect. */
export interface Migration {
  readonly version: number
  readonly name: string
  readonly statements: (dialect: DialectName, tables: Tables) => ReadonlyArray<string>
}

const text = (dialect: DialectName) => (dialect === "pg" ? `text COLLATE "C"` : "TEXT")

/**
 * The migrations, in order. A released migration is never edited: a change to the
 * schema is a new migration with the next version.
 */
export const migrations: ReadonlyArray<Migration> = [
  {
    version: 1,
    name: "documents, index entries and index names",
    statements: (dialect, t) => {
      const key = text(dialect)
      const pg = dialect === "pg"
      return [
        `CREATE TABLE ${t.documents} (
          tenant ${key} NOT NULL,
          collection ${key} NOT NULL,
          id ${key} NOT NULL,
          version ${pg ? "integer" : "INTEGER"} NOT NULL,
          body ${pg ? "text" : "TEXT"} NOT NULL,
          indexes ${pg ? "text" : "TEXT"} NOT NULL,
          PRIMARY KEY (tenant, collection, id)
        )`,
        `CREATE TABLE ${t.entries} (
          tenant ${key} NOT NULL,
          collection ${key} NOT NULL,
          id ${key} NOT NULL,
          name ${key} NOT NULL,
          kind ${pg ? "smallint" : "INTEGER"} NOT NULL,
          num ${pg ? "double precision" : "REAL"} NOT NULL,
          str ${key} NOT NULL,
          PRIMARY KEY (tenant, collection, id, name)
        )${pg ? "" : " WITHOUT ROWID"}`,
        `CREATE INDEX ${t.entriesByValue} ON ${t.entries} (tenant, collection, name, kind, num, str, id)`,
        `CREATE TABLE ${t.indexNames} (
          collection ${key} NOT NULL,
          name ${key} NOT NULL,
          PRIMARY KEY (collection, name)
        )${pg ? "" : " WITHOUT ROWID"}`,
        ...(pg
          ? [
              // One round trip for a writer: take the collection's shared lock, then read
              // its index names with a snapshot taken after the lock.
              `CREATE FUNCTION ${t.lockIndexNames}(lock_key integer, collections text[])
                RETURNS TABLE (collection text, name text)
                LANGUAGE plpgsql VOLATILE AS $fn$
                DECLARE c text;
                BEGIN
                  FOREACH c IN ARRAY collections LOOP
                    PERFORM pg_advisory_xact_lock_shared(lock_key, hashtext(c));
                  END LOOP;
                  RETURN QUERY SELECT n.collection::text, n.name::text FROM ${t.indexNames} n
                    WHERE n.collection = ANY (collections);
                END
                $fn$`,
            ]
          : []),
      ]
    },
  },
]

/** Hashes a prefix into the 32-bit key of its advisory locks (PostgreSQL). */
export const lockKeyOf = (prefix: string): number => {
  let hash = 0x811c9dc5
  const keyed = `clientele:${prefix}`
  for (let i = 0; i < keyed.length; i++) {
    hash ^= keyed.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return hash | 0
}

/** The dialect-specific SQL the adapter needs. */
export interface Dialect {
  readonly name: DialectName
  /** The placeholder of the n-th parameter (from 1). */
  readonly param: (n: number) => string
  /** The parameters of a statement, as the driver takes them for those placeholders. */
  readonly bind: (values: ReadonlyArray<unknown>) => ReadonlyArray<unknown>
  /** A placeholder with the SQL type it stands for, where the dialect needs it said. */
  readonly cast: (placeholder: string, type: "text" | "integer") => string
  /** Appended to a SELECT of rows that will be rewritten. */
  readonly forUpdate: string
  /**
   * A sort key over a column whose order the planner must not take from an index.
   * Without statistics, SQLite would rather walk a whole collection in id order
   * through the primary key than sort the few entries an any-of search finds; unary
   * `+` keeps the value and the collation but hides the column from the planner.
   * PostgreSQL weighs both plans with its statistics.
   */
  readonly sortedNotWalked: (column: string) => string
  /**
   * The longest key, in UTF-8 bytes: the tenant, collection and id together, and an
   * index name with its string value (each half of a B-tree entry).
   */
  readonly maxKeyBytes: number | undefined
}

export const sqlite: Dialect = {
  name: "sqlite",
  // positional (binding by name costs a third of a bulk insert): statements add
  // their parameters in the order the placeholders appear
  param: () => "?",
  bind: (values) => values,
  cast: (placeholder) => placeholder,
  forUpdate: "",
  sortedNotWalked: (column) => `+${column}`,
  maxKeyBytes: undefined,
}

export const pg: Dialect = {
  name: "pg",
  param: (n) => `$${n}`,
  bind: (values) => values,
  cast: (placeholder, type) => `${placeholder}::${type}`,
  forUpdate: " FOR UPDATE",
  sortedNotWalked: (column) => column,
  // a PostgreSQL B-tree entry holds at most 2704 bytes; an entry of the value index
  // holds the tenant, collection and id, and the index name and value
  maxKeyBytes: 1200,
}
