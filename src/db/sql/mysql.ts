// The MySQL (and MariaDB) driver, over a mysql2 connection pool.
//
// Lone statements run on any pooled connection. A transaction takes one
// connection out of the pool for its whole body, so its statements cannot
// mix with anyone else's, and hands it back afterwards. It runs at READ
// COMMITTED: its statements write by key and read nothing they then act on,
// so REPEATABLE READ's gap locks would only add deadlocks (DELETE of a
// missing row then INSERT into the same gap, from two requests at once).
// Migrations use a dedicated connection that accepts several statements per
// query (patch files) and holds a named server lock for as long as they run.
//
// Statements go through `query`, which escapes parameters on the client,
// rather than `execute`: the store's statements are short, and server-side
// prepared statements would pile up per connection for no measurable gain.
//
// Every operation, a lone statement or a whole transaction, runs within the
// query timeout, counted from asking the pool for a connection (deadline.ts).
// A connection that outlives it is destroyed, not handed back: mysql2 queues
// further statements behind the unanswered one, and its own query timeout
// leaves the connection in the pool with that statement still in front. The
// pool opens fresh connections as they are needed, so once the server
// answers again, so does the store, without a restart.
//
// Errors: one that is the statement's own fault (SQLSTATE class 22 data, 23
// integrity, 42 syntax or access) is rethrown as it is, so a duplicate key
// can still be told apart. Any other error from the driver means the
// database could not answer (refused or lost connection, timeout, deadlock,
// lock wait, shutdown, a closed pool) and becomes StoreUnavailableError.

import {
  createConnection,
  createPool,
  type Connection,
  type ConnectionOptions,
  type PoolConnection,
  type ResultSetHeader,
  type RowDataPacket,
} from 'mysql2/promise';
import type { PoolConnection as CorePoolConnection } from 'mysql2';
import { StoreUnavailableError } from '../store.js';
import { DEFAULT_TIMEOUTS, DeadlineError, within, type DatabaseTimeouts } from './deadline.js';
import {
  errorCode,
  type Driver,
  type Executor,
  type MigrationSession,
  type Param,
  type PoolStats,
  type Row,
  type SchemaExecutor,
} from './driver.js';

export interface MysqlTarget {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

const CONNECTION_LIMIT = 10;
// InnoDB resolves a deadlock by rolling one transaction back whole, so
// running it again is safe; two requests racing for the same index gap (one
// email signed up twice, tokens replaced per account) meet this routinely.
const DEADLOCK_ATTEMPTS = 4;
// One lock name for every database on the server: a migration is rare and
// quick, so serialising unrelated databases costs nothing worth a longer name.
const MIGRATION_LOCK = 'fxa-migrate';
const MIGRATION_LOCK_WAIT_S = 60;
// SQLSTATE classes that name a fault of the statement, not of the database.
const STATEMENT_FAULT = /^(22|23|42)/;

/** Connects to `target`, first creating its database (utf8mb4) when it does not exist. */
export async function openMysql(
  target: MysqlTarget,
  timeouts: DatabaseTimeouts = DEFAULT_TIMEOUTS,
): Promise<Driver> {
  await ensureDatabase(target, timeouts);
  const pool = createPool({
    ...serverOptions(target, timeouts),
    database: target.database,
    connectionLimit: CONNECTION_LIMIT,
  });

  /** Runs `body` on a pooled connection, all of it within the query timeout. */
  function operation<T>(body: (conn: PoolConnection) => Promise<T>): Promise<T> {
    let conn: PoolConnection | undefined;
    let abandoned = false;
    const work = (async () => {
      const acquired = await pool.getConnection().catch(failed);
      if (abandoned) {
        // The caller has had its answer; the connection goes back unused.
        acquired.release();
        throw new DeadlineError(timeouts.queryMs);
      }
      conn = acquired;
      try {
        return await body(acquired);
      } finally {
        if (!abandoned) acquired.release(); // a no-op when inTransaction destroyed it
      }
    })();
    const abandon = () => {
      abandoned = true;
      conn?.destroy();
    };
    return within(timeouts.queryMs, work, abandon).catch((err: unknown) => {
      throw err instanceof DeadlineError ? new StoreUnavailableError(err) : err;
    });
  }

  const run = <T>(statement: (tx: Executor) => Promise<T>) =>
    operation((conn) => statement(executor(conn)));

  /**
   * A lone statement, as operation() runs one, over the callback API under
   * the promise one: one promise and one timer, where operation() takes a
   * handful of promise hops and a race for a body of one statement. Every
   * signed-in request makes at least one of these. The bound is the same,
   * and so is the abandonment: past the query timeout the connection is
   * destroyed, not handed back.
   */
  function lone<T>(sql: string, params: readonly Param[], pick: (result: unknown) => T) {
    return new Promise<T>((resolve, reject) => {
      let conn: CorePoolConnection | undefined;
      let done = false;
      const timer =
        timeouts.queryMs > 0
          ? setTimeout(() => {
              done = true;
              conn?.destroy();
              reject(new StoreUnavailableError(new DeadlineError(timeouts.queryMs)));
            }, timeouts.queryMs)
          : undefined;
      const finish = (err: unknown, result?: unknown) => {
        done = true;
        clearTimeout(timer);
        if (err) reject(failure(err));
        else resolve(pick(result));
      };
      pool.pool.getConnection((err, acquired) => {
        // The caller has had its answer; the connection goes back unused.
        if (done) return void acquired?.release();
        if (err) return finish(err);
        conn = acquired;
        acquired.query(sql, params as Param[], (queryErr, result) => {
          if (done) return;
          acquired.release();
          finish(queryErr, result);
        });
      });
    });
  }

  return {
    dialect: 'mysql',
    all: (sql, params = []) => lone(sql, params, (rows) => rows as Row[]),
    get: (sql, params = []) => lone(sql, params, (rows) => (rows as Row[])[0]),
    run: (sql, params = []) =>
      lone(sql, params, (result) => ({ changes: (result as ResultSetHeader).affectedRows })),
    // A deadlock rolls the transaction back whole, so the same connection
    // can run it again straight away.
    transaction: (body) =>
      operation(async (conn) => {
        for (let attempt = 1; ; attempt++) {
          try {
            await conn.query('SET TRANSACTION ISOLATION LEVEL READ COMMITTED').catch(failed);
            return await inTransaction(conn, executor(conn), body);
          } catch (err) {
            if (!deadlocked(err) || attempt === DEADLOCK_ATTEMPTS) throw err;
          }
        }
      }),
    migration: (body) => withMigrationLock(target, timeouts, body),
    isDuplicate: (err) => errorCode(err) === 'ER_DUP_ENTRY',
    ping: () => run(async (tx) => void (await tx.get('SELECT 1'))),
    // Ending sends each connection a goodbye that a frozen server never
    // acknowledges; shutting down does not wait for it past the timeout.
    close: () => within(timeouts.queryMs, pool.end(), () => undefined).catch(() => undefined),
    poolStats: () => poolStats(pool.pool),
  };
}

/**
 * mysql2 has no public call for its pool's state, so this reads the queues
 * its pool keeps (lib/base/pool.js). Each is checked before use: should an
 * upgrade rename them, the metrics lose the pool gauges, nothing else.
 */
function poolStats(core: unknown): PoolStats | undefined {
  const pool = core as Record<string, { length?: unknown } | undefined>;
  const open = pool._allConnections?.length;
  const idle = pool._freeConnections?.length;
  const waiting = pool._connectionQueue?.length;
  if (typeof open !== 'number' || typeof idle !== 'number' || typeof waiting !== 'number') {
    return undefined;
  }
  return { max: CONNECTION_LIMIT, open, idle, waiting };
}

function serverOptions(target: MysqlTarget, timeouts: DatabaseTimeouts): ConnectionOptions {
  return {
    host: target.host,
    port: target.port,
    user: target.user,
    password: target.password,
    charset: 'utf8mb4_unicode_ci',
    // 0 means no bound, for mysql2 as for the setting.
    connectTimeout: timeouts.connectMs,
  };
}

const deadlocked = (err: unknown) =>
  err instanceof StoreUnavailableError && errorCode(err.cause) === 'ER_LOCK_DEADLOCK';

// mysql2 types its parameters as a mutable array, hence the copies.
function executor(conn: Connection): Executor {
  return {
    all: async (sql, params = []) =>
      (await conn.query<RowDataPacket[]>(sql, [...params]).catch(failed))[0],
    get: async (sql, params = []) =>
      (await conn.query<RowDataPacket[]>(sql, [...params]).catch(failed))[0][0],
    run: async (sql, params = []) => {
      const [result] = await conn.query<ResultSetHeader>(sql, [...params]).catch(failed);
      return { changes: result.affectedRows };
    },
  };
}

/** Rethrows a driver error in the form the store's callers can act on (see the top). */
function failed(err: unknown): never {
  throw failure(err);
}

/** A driver error in the form the store's callers can act on (see the top). */
function failure(err: unknown): Error {
  // mysql2 fills the parameters into the statement on the client and
  // attaches it to the error as `sql`: token seeds and keys included. They
  // go before the error leaves the driver, though the log scrubs errors too.
  if (typeof err === 'object' && err !== null) {
    delete (err as { sql?: unknown }).sql;
    delete (err as { sqlMessage?: unknown }).sqlMessage;
  }
  const sqlState = (err as { sqlState?: unknown } | null)?.sqlState;
  if (typeof sqlState === 'string' && STATEMENT_FAULT.test(sqlState)) return err as Error;
  return new StoreUnavailableError(err);
}

async function inTransaction<T, E extends Executor>(
  conn: Connection,
  tx: E,
  body: (tx: E) => Promise<T>,
): Promise<T> {
  await conn.beginTransaction().catch(failed);
  try {
    const result = await body(tx);
    await conn.commit().catch(failed);
    return result;
  } catch (err) {
    // A rollback that fails means the connection is gone, and the server
    // rolls back on its own when it notices; the body's error is the one
    // worth reporting, and the connection must not go back to the pool.
    await conn.rollback().catch(() => conn.destroy());
    throw err;
  }
}

async function ensureDatabase(target: MysqlTarget, timeouts: DatabaseTimeouts): Promise<void> {
  const conn = await createConnection(serverOptions(target, timeouts));
  await within(timeouts.queryMs, createIfMissing(conn, target), () => conn.destroy());
}

async function createIfMissing(conn: Connection, target: MysqlTarget): Promise<void> {
  try {
    // Asking first lets a user without CREATE rights use a database an
    // administrator made for it.
    const [found] = await conn.query<RowDataPacket[]>(
      'SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?',
      [target.database],
    );
    if (found.length === 0) {
      await conn.query(
        `CREATE DATABASE IF NOT EXISTS \`${target.database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
      );
    }
  } finally {
    await conn.end().catch(() => conn.destroy());
  }
}

async function withMigrationLock<T>(
  target: MysqlTarget,
  timeouts: DatabaseTimeouts,
  body: (session: MigrationSession) => Promise<T>,
): Promise<T> {
  const conn = await createConnection({
    ...serverOptions(target, timeouts),
    database: target.database,
    multipleStatements: true,
  });
  try {
    const [[lock]] = await conn.query<RowDataPacket[]>('SELECT GET_LOCK(?, ?) AS acquired', [
      MIGRATION_LOCK,
      MIGRATION_LOCK_WAIT_S,
    ]);
    if (Number(lock?.acquired) !== 1) {
      throw new Error(
        `another process held the MySQL lock '${MIGRATION_LOCK}' for ${MIGRATION_LOCK_WAIT_S}s; is a migration stuck?`,
      );
    }
    const schema: SchemaExecutor = {
      ...executor(conn),
      script: async (sql) => void (await conn.query(sql)),
      hasTable: async (name) => {
        const [rows] = await conn.query<RowDataPacket[]>(
          'SELECT 1 AS found FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?',
          [name],
        );
        return rows.length > 0;
      },
    };
    try {
      return await body({ ...schema, transaction: (b) => inTransaction(conn, schema, b) });
    } finally {
      // Ending the connection would release the lock as well; releasing it
      // first lets a waiting process go on without waiting for the socket.
      await conn.query('SELECT RELEASE_LOCK(?)', [MIGRATION_LOCK]).catch(() => undefined);
    }
  } finally {
    // A failed end only means the server already dropped the connection.
    await conn.end().catch(() => conn.destroy());
  }
}
