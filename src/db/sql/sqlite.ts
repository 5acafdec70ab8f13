// The SQLite driver, over better-sqlite3.
//
// better-sqlite3 is synchronous and a file gets one connection, while the
// Store is async: a transaction body awaits between its statements, and
// during those awaits another request's statement would otherwise run on the
// same connection, inside the open transaction, and be committed or rolled
// back with it. So every operation, a lone statement or a whole transaction,
// queues on one promise-chain mutex and runs only when the previous one has
// settled. Statements issued through a transaction's `tx` run directly, since
// the transaction already holds the mutex.
//
// Opening a file that is already open in this process shares its connection
// and mutex. Two connections would each wait for the other's write lock by
// blocking the one thread both run on, for the whole busy timeout.
//
// Other processes on the same file are kept apart by SQLite's own locking:
// WAL lets readers proceed beside one writer, busy_timeout makes a writer
// wait for another instead of failing, and BEGIN IMMEDIATE takes the write
// lock at the start of a transaction, so two processes cannot both read
// and then deadlock while upgrading to write.

import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import {
  errorCode,
  type Driver,
  type Executor,
  type MigrationSession,
  type Param,
  type Row,
  type SchemaExecutor,
} from './driver.js';

const BUSY_TIMEOUT_MS = 5000;

/** Runs queued functions one at a time, in the order they were queued. */
class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(fn: () => T | Promise<T>): Promise<T> {
    const result = this.tail.then(() => fn());
    this.tail = result.catch(() => undefined);
    return result;
  }
}

/** Runs a synchronous call, turning a throw into a rejected promise. */
function promised<T>(fn: () => T): Promise<T> {
  return new Promise((resolve) => resolve(fn()));
}

interface Connection {
  db: Database.Database;
  mutex: Mutex;
  direct: SchemaExecutor;
  inTransaction: <T>(body: (tx: SchemaExecutor) => Promise<T>) => Promise<T>;
  users: number;
}

const openFiles = new Map<string, Connection>();

/** Opens `path` (absolute, or `:memory:`), creating its folder when missing. */
export function openSqlite(path: string): Driver {
  const shared = path === ':memory:' ? undefined : openFiles.get(path);
  const conn = shared ?? connect(path);
  if (shared === undefined && path !== ':memory:') openFiles.set(path, conn);
  conn.users += 1;

  const { db, mutex, direct, inTransaction } = conn;
  const session: MigrationSession = { ...direct, transaction: inTransaction };
  let closing: Promise<void> | undefined;

  return {
    dialect: 'sqlite',
    all: (sql, params) => mutex.run(() => direct.all(sql, params)),
    get: (sql, params) => mutex.run(() => direct.get(sql, params)),
    run: (sql, params) => mutex.run(() => direct.run(sql, params)),
    transaction: <T>(body: (tx: Executor) => Promise<T>) => mutex.run(() => inTransaction(body)),
    // Within this process the mutex keeps migrations apart; across processes
    // each patch's BEGIN IMMEDIATE does, and the runner re-reads the level
    // inside it.
    migration: (body) => mutex.run(() => body(session)),
    isDuplicate: (err) => {
      const code = errorCode(err);
      return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
    },
    ping: () => mutex.run(() => direct.get('SELECT 1').then(() => undefined)),
    close: () =>
      (closing ??= mutex.run(() => {
        conn.users -= 1;
        if (conn.users > 0) return;
        if (openFiles.get(path) === conn) openFiles.delete(path);
        db.close();
      })),
  };
}

function connect(path: string): Connection {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);

  // Preparing is the costly part of a statement, and the store runs the same
  // few dozen over and over.
  const prepared = new Map<string, Database.Statement<Param[]>>();
  const statement = (sql: string): Database.Statement<Param[]> => {
    let stmt = prepared.get(sql);
    if (stmt === undefined) {
      stmt = db.prepare<Param[]>(sql);
      prepared.set(sql, stmt);
    }
    return stmt;
  };

  const direct: SchemaExecutor = {
    all: (sql, params = []) => promised(() => statement(sql).all(...params) as Row[]),
    get: (sql, params = []) => promised(() => statement(sql).get(...params) as Row | undefined),
    run: (sql, params = []) => promised(() => ({ changes: statement(sql).run(...params).changes })),
    script: (sql) => promised(() => void db.exec(sql)),
    hasTable: (name) =>
      direct
        .get("SELECT 1 AS found FROM sqlite_master WHERE type = 'table' AND name = ?", [name])
        .then((row) => row !== undefined),
  };

  async function inTransaction<T>(body: (tx: SchemaExecutor) => Promise<T>): Promise<T> {
    db.exec('BEGIN IMMEDIATE');
    try {
      const result = await body(direct);
      db.exec('COMMIT');
      return result;
    } catch (err) {
      // SQLite ends the transaction by itself after some errors (SQLITE_FULL, ...).
      if (db.inTransaction) db.exec('ROLLBACK');
      throw err;
    }
  }

  return { db, mutex: new Mutex(), direct, inTransaction, users: 0 };
}
