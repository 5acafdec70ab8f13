// The SQLite driver, over better-sqlite3.
//
// better-sqlite3 is synchronous and a file gets one connection, while the
// Store is async: a transaction body awaits between its statements, and
// during those awaits another request's statement would otherwise run on the
// same connection, inside the open transaction, and be committed or rolled
// back with it. So every operation, a lone statement or a whole transaction,
// queues on one promise-chain mutex and runs only when the previous one has
// settled; a lone statement that finds the queue empty runs at once, which
// is the same order without the queue's promise hops. Statements issued
// through a transaction's `tx` run directly, since the transaction already
// holds the mutex.
//
// Opening a file that is already open in this process shares its connection
// and mutex. Two connections would each wait for the other's write lock by
// blocking the one thread both run on.
//
// Other processes on the same file are kept apart by SQLite's own locking:
// WAL lets readers proceed beside one writer, a writer waits for another
// instead of failing, and BEGIN IMMEDIATE takes the write lock at the start
// of a transaction, so two processes cannot both read and then deadlock
// while upgrading to write.
//
// SQLite's own wait (busy_timeout) blocks the thread the whole server runs
// on, so it is kept to a slice of BUSY_SLICE_MS, and an operation that
// finds the file locked tries again after a pause, without blocking, until
// the query timeout has passed since it was queued; one that waited that
// long in the queue gives up without running. Meanwhile the thread is free
// for requests that need no database. A lock that outlasts the timeout, I/O
// trouble, or a closed database becomes StoreUnavailableError; any other
// error (a constraint, a bad statement) is rethrown as it is.
//
// Every write on the connection, and every commit by another, moves its
// write generation (sqlite-generation.ts), which tells the read cache when
// to forget; with anything queued or running, it gives no stamp at all.

import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { StoreUnavailableError } from '../store.js';
import { DEFAULT_TIMEOUTS, DeadlineError, type DatabaseTimeouts } from './deadline.js';
import { writeGeneration } from './sqlite-generation.js';
import {
  errorCode,
  type Driver,
  type Executor,
  type MigrationSession,
  type Param,
  type Row,
  type SchemaExecutor,
} from './driver.js';

// SQLite's "try again later" results: busy or locked past the busy timeout,
// a failing disk, a file it cannot open or write.
const UNAVAILABLE = /^SQLITE_(BUSY|LOCKED|IOERR|FULL|CANTOPEN|READONLY|NOMEM|INTERRUPT|PROTOCOL)/;
const BUSY_SLICE_MS = 20;
const PAUSES_MS = [5, 10, 20, 50, 100];
// A migration waits for another process's migration as MySQL's lock does.
const MIGRATION_WAIT_MS = 60_000;

/**
 * Runs queued functions one at a time, in the order they were queued. Each
 * gets its deadline: `maxWaitMs` (0: none) after it was queued. One whose
 * deadline passed in the queue is refused unrun.
 */
class Mutex {
  private tail: Promise<unknown> = Promise.resolve();
  /** Functions queued or running; 0 once the last one has settled. */
  private pending = 0;

  constructor(private readonly maxWaitMs: number) {}

  /** Nothing is queued or running, so a statement may run at once. */
  get idle(): boolean {
    return this.pending === 0;
  }

  run<T>(fn: (deadline: number) => T | Promise<T>, maxWaitMs = this.maxWaitMs): Promise<T> {
    const deadline = maxWaitMs > 0 ? Date.now() + maxWaitMs : Infinity;
    this.pending += 1;
    const result = this.tail.then(() => {
      if (Date.now() > deadline) throw new StoreUnavailableError(new DeadlineError(maxWaitMs));
      return fn(deadline);
    });
    this.tail = result.then(this.settled, this.settled);
    return result;
  }

  private readonly settled = (): void => {
    this.pending -= 1;
  };
}

const busy = (err: unknown) =>
  err instanceof StoreUnavailableError && /^SQLITE_BUSY/.test(errorCode(err.cause) ?? '');

/**
 * Runs `attempt` until it gets past a lock held by another process, pausing
 * between tries, or until `deadline`. Every operation may run again: a lone
 * statement that met the lock did nothing, and a transaction takes the lock
 * at BEGIN IMMEDIATE, before its body runs.
 */
async function patiently<T>(deadline: number, attempt: () => Promise<T>): Promise<T> {
  for (let tries = 0; ; tries++) {
    try {
      return await attempt();
    } catch (err) {
      const pause = PAUSES_MS[Math.min(tries, PAUSES_MS.length - 1)] ?? 0;
      if (!busy(err) || Date.now() + pause > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}

/** A lone statement run synchronously; it throws the driver's own error. */
interface SyncExecutor {
  all(sql: string, params?: readonly Param[]): Row[];
  get(sql: string, params?: readonly Param[]): Row | undefined;
  run(sql: string, params?: readonly Param[]): { changes: number };
}

interface Connection {
  db: Database.Database;
  mutex: Mutex;
  direct: SchemaExecutor;
  now: SyncExecutor;
  /** A driver error in the form described at the top. */
  failure: (err: unknown) => Error;
  inTransaction: <T>(body: (tx: SchemaExecutor) => Promise<T>) => Promise<T>;
  /** The write generation (sqlite-generation.ts). */
  generation: () => number | undefined;
  users: number;
}

const openFiles = new Map<string, Connection>();

/**
 * Opens `path` (absolute, or `:memory:`), creating its folder when missing.
 * A file already open in this process keeps the timeouts it was opened with.
 */
export function openSqlite(path: string, timeouts: DatabaseTimeouts = DEFAULT_TIMEOUTS): Driver {
  const shared = path === ':memory:' ? undefined : openFiles.get(path);
  const conn = shared ?? connect(path, timeouts.queryMs);
  if (shared === undefined && path !== ':memory:') openFiles.set(path, conn);
  conn.users += 1;

  const { db, mutex, direct, now, failure, inTransaction, generation } = conn;
  const session: MigrationSession = {
    ...direct,
    transaction: (body) => patiently(Date.now() + MIGRATION_WAIT_MS, () => inTransaction(body)),
  };
  let closing: Promise<void> | undefined;
  const queued = <T>(attempt: () => Promise<T>) =>
    mutex.run((deadline) => patiently(deadline, attempt));
  // With nothing queued, no transaction is open on the connection, and a
  // lone statement runs at once instead of taking the queue's promise hops;
  // one that meets another process's lock joins the queue and waits there.
  const lone = <T>(run: () => T, attempt: () => Promise<T>): Promise<T> => {
    if (!mutex.idle) return queued(attempt);
    try {
      return Promise.resolve(run());
    } catch (err) {
      const failed = failure(err);
      return busy(failed) ? queued(attempt) : Promise.reject(failed);
    }
  };

  return {
    dialect: 'sqlite',
    all: (sql, params) =>
      lone(
        () => now.all(sql, params),
        () => direct.all(sql, params),
      ),
    get: (sql, params) =>
      lone(
        () => now.get(sql, params),
        () => direct.get(sql, params),
      ),
    run: (sql, params) =>
      lone(
        () => now.run(sql, params),
        () => direct.run(sql, params),
      ),
    transaction: <T>(body: (tx: Executor) => Promise<T>) => queued(() => inTransaction(body)),
    // Within this process the mutex keeps migrations apart; across processes
    // each patch's BEGIN IMMEDIATE does, and the runner re-reads the level
    // inside it.
    migration: (body) => mutex.run(() => body(session), 0),
    isDuplicate: (err) => {
      const code = errorCode(err);
      return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
    },
    ping: () => queued(() => direct.get('SELECT 1').then(() => undefined)),
    readStamp: () => (mutex.idle ? generation() : undefined),
    close: () =>
      (closing ??= mutex.run(() => {
        conn.users -= 1;
        if (conn.users > 0) return;
        if (openFiles.get(path) === conn) openFiles.delete(path);
        db.close();
      }, 0)),
  };
}

function connect(path: string, queryMs: number): Connection {
  // The database holds every session's Hawk key, and SQLite makes it 0644.
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma(`busy_timeout = ${BUSY_SLICE_MS}`);

  /** Runs a synchronous call, a throw becoming a rejection in the form described at the top. */
  const promised = <T>(fn: () => T): Promise<T> =>
    new Promise<T>((resolve) => resolve(fn())).catch((err: unknown) => {
      throw failure(err);
    });
  const failure = (err: unknown): Error =>
    !db.open || UNAVAILABLE.test(errorCode(err) ?? '')
      ? new StoreUnavailableError(err)
      : (err as Error);

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

  const { writing, reading, current } = writeGeneration(db);
  const now: SyncExecutor = {
    all: (sql, params = []) => {
      const stmt = statement(sql);
      return reading(stmt, () => stmt.all(...params) as Row[]);
    },
    get: (sql, params = []) => {
      const stmt = statement(sql);
      return reading(stmt, () => stmt.get(...params) as Row | undefined);
    },
    run: (sql, params = []) => writing(() => ({ changes: statement(sql).run(...params).changes })),
  };
  const direct: SchemaExecutor = {
    all: (sql, params) => promised(() => now.all(sql, params)),
    get: (sql, params) => promised(() => now.get(sql, params)),
    run: (sql, params) => promised(() => now.run(sql, params)),
    script: (sql) => promised(() => writing(() => void db.exec(sql))),
    hasTable: (name) =>
      direct
        .get("SELECT 1 AS found FROM sqlite_master WHERE type = 'table' AND name = ?", [name])
        .then((row) => row !== undefined),
  };

  async function inTransaction<T>(body: (tx: SchemaExecutor) => Promise<T>): Promise<T> {
    await promised(() => db.exec('BEGIN IMMEDIATE'));
    try {
      const result = await body(direct);
      await promised(() => writing(() => db.exec('COMMIT')));
      return result;
    } catch (err) {
      // SQLite ends the transaction by itself after some errors (SQLITE_FULL, ...).
      if (db.inTransaction) writing(() => db.exec('ROLLBACK'));
      throw err;
    }
  }

  const mutex = new Mutex(queryMs);
  return { db, mutex, direct, now, failure, inTransaction, generation: current, users: 0 };
}
