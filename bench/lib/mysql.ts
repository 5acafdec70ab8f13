// Throwaway MySQL databases for the bench, on the server BENCH_MYSQL_URL
// names (default mysql://root@127.0.0.1:3306, as the tests use). Each run
// gets fresh databases and drops them afterwards.
import { randomBytes } from 'node:crypto';
import { createConnection, type ConnectionOptions } from 'mysql2/promise';

const server = new URL(process.env.BENCH_MYSQL_URL || 'mysql://root@127.0.0.1:3306');
server.pathname = '';

function options(extra: ConnectionOptions = {}): ConnectionOptions {
  return {
    host: server.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: server.port === '' ? 3306 : Number(server.port),
    user: decodeURIComponent(server.username),
    password: decodeURIComponent(server.password),
    ...extra,
  };
}

async function query(sql: string): Promise<void> {
  const conn = await createConnection(options());
  try {
    await conn.query(sql);
  } finally {
    await conn.end();
  }
}

/** Why MySQL cannot be used, or undefined when it can. */
export async function mysqlUnreachable(): Promise<string | undefined> {
  try {
    const conn = await createConnection(options({ connectTimeout: 2000 }));
    await conn.end();
    return undefined;
  } catch (err) {
    return `MySQL unreachable at ${server.host}: ${err instanceof Error ? err.message : String(err)}`;
  }
}

export interface BenchDatabase {
  url: string;
  drop(): Promise<void>;
}

export async function createMysqlDatabase(): Promise<BenchDatabase> {
  const name = `fxa_bench_${process.pid}_${randomBytes(3).toString('hex')}`;
  await query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => query(`DROP DATABASE IF EXISTS \`${name}\``) };
}
