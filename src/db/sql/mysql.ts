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

import {
  createConnection,
  createPool,
  type Connection,
  type ConnectionOptions,
  type ResultSetHeader,
  type RowDataPacket,
} from 'mysql2/promise';
import {
  errorCode,
  type Driver,
  type Executor,
  type MigrationSession,
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

/** Connects to `target`, first creating its database (utf8mb4) when it does not exist. */
export async function openMysql(target: MysqlTarget): Promise<Driver> {
  await ensureDatabase(target);
  const pool = createPool({
    ...serverOptions(target),
    database: target.database,
    connectionLimit: CONNECTION_LIMIT,
  });
  const shared = executor(pool);

  return {
    dialect: 'mysql',
    ...shared,
    transaction: async (body) => {
      for (let attempt = 1; ; attempt++) {
        const conn = await pool.getConnection();
        try {
          await conn.query('SET TRANSACTION ISOLATION LEVEL READ COMMITTED');
          return await inTransaction(conn, executor(conn), body);
        } catch (err) {
          if (errorCode(err) !== 'ER_LOCK_DEADLOCK' || attempt === DEADLOCK_ATTEMPTS) throw err;
        } finally {
          conn.release(); // a no-op when inTransaction destroyed it
        }
      }
    },
    migration: (body) => withMigrationLock(target, body),
    isDuplicate: (err) => errorCode(err) === 'ER_DUP_ENTRY',
    ping: async () => void (await pool.query('SELECT 1')),
    close: () => pool.end(),
  };
}

function serverOptions(target: MysqlTarget): ConnectionOptions {
  return {
    host: target.host,
    port: target.port,
    user: target.user,
    password: target.password,
    charset: 'utf8mb4_unicode_ci',
  };
}

// mysql2 types its parameters as a mutable array, hence the copies.
function executor(conn: Connection): Executor {
  return {
    all: async (sql, params = []) =>
      (await conn.query<RowDataPacket[]>(sql, [...params]).catch(withoutSql))[0],
    get: async (sql, params = []) =>
      (await conn.query<RowDataPacket[]>(sql, [...params]).catch(withoutSql))[0][0],
    run: async (sql, params = []) => {
      const [result] = await conn.query<ResultSetHeader>(sql, [...params]).catch(withoutSql);
      return { changes: result.affectedRows };
    },
  };
}

// mysql2 fills the parameters into the statement on the client and attaches
// it to the error as `sql`: token seeds and keys included. An error that is
// logged must not carry them, so they go before the error leaves the driver.
function withoutSql(err: unknown): never {
  if (typeof err === 'object' && err !== null) {
    delete (err as { sql?: unknown }).sql;
    delete (err as { sqlMessage?: unknown }).sqlMessage;
  }
  throw err;
}

async function inTransaction<T, E extends Executor>(
  conn: Connection,
  tx: E,
  body: (tx: E) => Promise<T>,
): Promise<T> {
  await conn.beginTransaction();
  try {
    const result = await body(tx);
    await conn.commit();
    return result;
  } catch (err) {
    // A rollback that fails means the connection is gone, and the server
    // rolls back on its own when it notices; the body's error is the one
    // worth reporting, and the connection must not go back to the pool.
    await conn.rollback().catch(() => conn.destroy());
    throw err;
  }
}

async function ensureDatabase(target: MysqlTarget): Promise<void> {
  const conn = await createConnection(serverOptions(target));
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
    await conn.end();
  }
}

async function withMigrationLock<T>(
  target: MysqlTarget,
  body: (session: MigrationSession) => Promise<T>,
): Promise<T> {
  const conn = await createConnection({
    ...serverOptions(target),
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
