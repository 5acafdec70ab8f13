// Throwaway databases for tests, so every suite that touches storage runs
// against both SQLite and MySQL: a fresh SQLite file in its own temp folder,
// or a fresh MySQL database on the server TEST_MYSQL_URL names (default
// mysql://root@127.0.0.1:3306). Each is removed again by drop().
//
// Without a reachable MySQL server the MySQL suites are skipped, visibly, so
// a laptop without MySQL can still run the rest. In CI (env CI set) they run
// regardless and fail, because a CI that quietly skipped MySQL would pass
// without ever having tested it.

import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import { createConnection, type Connection, type ConnectionOptions } from 'mysql2/promise';

export type DatabaseKind = 'sqlite' | 'mysql';

export interface TestDatabase {
  kind: DatabaseKind;
  /** A URL openStore accepts. */
  url: string;
  drop(): Promise<void>;
}

const KINDS: readonly DatabaseKind[] = ['sqlite', 'mysql'];
// Generous: a refused connection (no server) answers at once anyway, and on a
// loaded machine a 2 s probe timed out and silently skipped every MySQL suite.
const PROBE_TIMEOUT_MS = 15_000;

/** The MySQL server for tests, without any database path the variable may carry. */
const mysqlServer = new URL(process.env.TEST_MYSQL_URL || 'mysql://root@127.0.0.1:3306');
mysqlServer.pathname = '';

function mysqlOptions(extra: ConnectionOptions = {}): ConnectionOptions {
  return {
    host: mysqlServer.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: mysqlServer.port === '' ? 3306 : Number(mysqlServer.port),
    user: decodeURIComponent(mysqlServer.username),
    password: decodeURIComponent(mysqlServer.password),
    ...extra,
  };
}

async function withMysql<T>(fn: (conn: Connection) => Promise<T>): Promise<T> {
  const conn = await createConnection(mysqlOptions());
  try {
    return await fn(conn);
  } finally {
    await conn.end();
  }
}

/** Why MySQL tests cannot run here, or undefined when they can. */
async function probeMysql(): Promise<string | undefined> {
  try {
    const conn = await createConnection(mysqlOptions({ connectTimeout: PROBE_TIMEOUT_MS }));
    await conn.end();
    return undefined;
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return `MySQL unreachable at ${mysqlServer.host} (${why}); start it or set TEST_MYSQL_URL`;
  }
}

// Asked once per process, at import: describe() needs its skip option
// synchronously, before any hook could wait for an answer.
const mysqlUnreachable = await probeMysql();

export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'sqlite') {
    const dir = await mkdtemp(join(tmpdir(), 'fxa-test-'));
    return {
      kind,
      url: `sqlite:${join(dir, 'fxa.sqlite')}`,
      drop: () => rm(dir, { recursive: true, force: true }),
    };
  }
  const name = `fxa_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withMysql((c) =>
    c.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`),
  );
  const url = new URL(mysqlServer);
  url.pathname = `/${name}`;
  return {
    kind,
    url: url.toString(),
    drop: async () => void (await withMysql((c) => c.query(`DROP DATABASE IF EXISTS \`${name}\``))),
  };
}

/** describe() once per kind; body gets a getter valid inside its tests/hooks. */
export function describeEachDatabase(title: string, body: (db: () => TestDatabase) => void): void {
  for (const kind of KINDS) {
    const unreachable = kind === 'mysql' ? mysqlUnreachable : undefined;
    const skip = unreachable !== undefined && !process.env.CI ? unreachable : false;
    describe(`${title} [${kind}]`, { skip }, () => {
      let current: TestDatabase | undefined;
      before(async () => {
        if (unreachable !== undefined) throw new Error(`${unreachable}; CI must run MySQL tests`);
        current = await createTestDatabase(kind);
      });
      after(async () => {
        await current?.drop();
      });
      body(() => {
        if (current === undefined)
          throw new Error('the test database exists only in tests and hooks');
        return current;
      });
    });
  }
}
