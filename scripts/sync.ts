// npm run sync -- <command>: the operator's view of Sync storage, on the
// database the server uses (DATABASE_URL, or SQLite under DATA_DIR).

import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { asksForHelp } from '../src/cli-help.js';
import { openDatabase, redactDatabaseUrl } from '../src/db/index.js';
import { SqlSyncStore } from '../src/sync/storage/sql/store.js';
import type { Usage } from '../src/sync/storage/store.js';

const USAGE = `usage: npm run sync -- <command>

  usage [uid]   stored BSOs and payload bytes per Sync uid (all users, or one);
                expired BSOs count until the purge removes them
  purge         delete expired BSOs and batches now

environment: DATABASE_URL, or DATA_DIR for SQLite at <DATA_DIR>/fxa.sqlite`;

class UsageError extends Error {}

function databaseUrl(env: NodeJS.ProcessEnv): string {
  if (env.DATABASE_URL) return env.DATABASE_URL;
  return `sqlite:${join(env.DATA_DIR || './data', 'fxa.sqlite')}`;
}

function table(rows: Usage[]): string {
  const lines = rows.map((r) =>
    [r.uid, r.collections, r.bsos, (r.bytes / 1024).toFixed(1)].map(String),
  );
  const header = ['uid', 'collections', 'bsos', 'KB'];
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const format = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i]!)).join('  ');
  return [format(header), ...lines.map(format)].join('\n');
}

async function run(argv: string[]): Promise<void> {
  if (asksForHelp(argv)) {
    console.log(USAGE);
    return;
  }
  const { positionals } = parseArgs({ args: argv, allowPositionals: true });
  const [command, arg, ...extra] = positionals;
  if (extra.length > 0) throw new UsageError('too many arguments');
  if (command !== 'usage' && command !== 'purge')
    throw new UsageError(`unknown command: ${command ?? ''}`);
  if (arg !== undefined && (command === 'purge' || !/^\d{1,10}$/.test(arg))) {
    throw new UsageError(command === 'purge' ? 'purge takes no argument' : `not a uid: ${arg}`);
  }
  const url = databaseUrl(process.env);
  const { store, driver } = await openDatabase(url, { migrate: false }).catch((err: unknown) => {
    throw new Error(
      `${redactDatabaseUrl(url)}: ${err instanceof Error ? err.message : String(err)}`,
    );
  });
  try {
    const sync = new SqlSyncStore(driver, Date.now);
    if (command === 'purge') {
      console.log(`purged ${await sync.purgeExpired(Date.now())} expired rows`);
      return;
    }
    const rows = await sync.usage(arg === undefined ? undefined : Number(arg));
    if (rows.length === 0)
      console.log(arg === undefined ? 'no Sync data' : `no Sync data for uid ${arg}`);
    else console.log(table(rows));
  } finally {
    await store.close();
  }
}

try {
  await run(process.argv.slice(2));
} catch (err) {
  console.error(
    err instanceof UsageError
      ? `${err.message}\n\n${USAGE}`
      : `sync: ${err instanceof Error ? err.message : String(err)}`,
  );
  process.exitCode = err instanceof UsageError ? 2 : 1;
}
