// The seam between the SQL store and a database driver. The store is written
// once against these few methods; sqlite.ts and mysql.ts each implement them
// over their own package, and nothing else in the server imports a driver.
//
// Statements use `?` placeholders, which both better-sqlite3 and mysql2
// understand. Parameters are limited to the types both bind the same way;
// booleans go in as 0/1 because better-sqlite3 refuses them.
//
// Rows come back as the driver produced them (Buffer for binary, number for
// integers); the store converts each column to its record type explicitly.
//
// Every operation is bounded by the query timeout (deadline.ts). A database
// that cannot answer, whether down, past that timeout, locked or closed,
// rejects with StoreUnavailableError (../store.ts), which the server
// answers 503 errno 201; an error that is the statement's own fault (a
// duplicate key, bad SQL) comes through as the driver raised it.

export type Dialect = 'sqlite' | 'mysql';

export type Param = string | number | Buffer | null;

export type Row = Record<string, unknown>;

/** Runs single statements, either on the shared connection(s) or inside a transaction. */
export interface Executor {
  all(sql: string, params?: readonly Param[]): Promise<Row[]>;
  get(sql: string, params?: readonly Param[]): Promise<Row | undefined>;
  /**
   * `changes` is the number of rows inserted, updated or deleted. For an
   * UPDATE the dialects differ: SQLite counts every row the WHERE matched,
   * MySQL only the rows whose values it actually changed.
   */
  run(sql: string, params?: readonly Param[]): Promise<{ changes: number }>;
}

export interface Driver extends Executor {
  readonly dialect: Dialect;

  /**
   * Runs `body` in one transaction on one connection, committing when it
   * resolves and rolling back when it throws. The body must issue its
   * statements through `tx`: on SQLite the driver's own methods wait for the
   * transaction to finish, so calling them from inside it would never return.
   * On MySQL a body that loses a deadlock runs again, so it must do nothing
   * but issue statements.
   */
  transaction<T>(body: (tx: Executor) => Promise<T>): Promise<T>;

  /**
   * Runs `body` with a session that can apply patch files. Only one
   * migration session runs against a database at a time, across processes.
   */
  migration<T>(body: (session: MigrationSession) => Promise<T>): Promise<T>;

  /** True for a unique or primary key violation. */
  isDuplicate(err: unknown): boolean;

  ping(): Promise<void>;
  close(): Promise<void>;

  /**
   * A number that stays the same exactly as long as nothing is committed to
   * the database, by this process or any other, so that a read made under
   * one stamp may answer later reads under the same stamp (read-cache.ts).
   * Absent, or undefined for the moment, when the driver cannot tell: MySQL
   * has no such signal, and SQLite gives none while a transaction may be
   * open.
   */
  readStamp?(): number | undefined;

  /** The connection pool now, for the metrics; absent on SQLite, which has none. */
  poolStats?(): PoolStats | undefined;
}

export interface PoolStats {
  max: number;
  open: number;
  idle: number;
  /** Operations waiting for a connection. */
  waiting: number;
}

export interface SchemaExecutor extends Executor {
  /** Runs a patch file: several statements separated by semicolons. */
  script(sql: string): Promise<void>;
  hasTable(name: string): Promise<boolean>;
}

export interface MigrationSession extends SchemaExecutor {
  /** As Driver.transaction; MySQL commits any DDL inside it at once regardless. */
  transaction<T>(body: (tx: SchemaExecutor) => Promise<T>): Promise<T>;
}

/** The `code` a driver error carries (`SQLITE_CONSTRAINT_UNIQUE`, `ER_DUP_ENTRY`). */
export function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null || !('code' in err)) return undefined;
  return typeof err.code === 'string' ? err.code : undefined;
}
