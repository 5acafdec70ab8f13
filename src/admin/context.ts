// What a command works with: the server's own config (the same env vars,
// read by config.ts), and the database it names, opened on first use and
// closed when the command ends. Commands that need no database (customs,
// test mail, keys) never open one.
import { existsSync } from 'node:fs';
import type { Config } from '../config.js';
import { openDatabase, PatchLevelError, redactDatabaseUrl } from '../db/index.js';
import type { Driver } from '../db/sql/driver.js';
import type { Store } from '../db/store.js';
import { createLogger, type Logger } from '../log.js';
import { AdminError } from './output.js';

export interface Context {
  config: Config;
  /** Errors only, to stderr: the command's own output goes to stdout. */
  log: Logger;
  clock: () => number;
  database(): Promise<{ store: Store; driver: Driver }>;
  close(): Promise<void>;
}

export function createContext(config: Config): Context {
  let opened: Promise<{ store: Store; driver: Driver }> | undefined;
  return {
    config,
    log: createLogger('error', process.stderr),
    clock: Date.now,
    database() {
      opened ??= open(config);
      return opened;
    },
    async close() {
      if (opened) await (await opened.catch(() => undefined))?.store.close();
    },
  };
}

async function open(config: Config): Promise<{ store: Store; driver: Driver }> {
  const { url, queryTimeoutMs, connectTimeoutMs } = config.database;
  // Opening a SQLite file that is not there would create an empty one.
  const file = url.startsWith('sqlite:') ? url.slice('sqlite:'.length) : '';
  if (file && file !== ':memory:' && !existsSync(file)) {
    throw new AdminError(
      `no database at ${file}; set DATA_DIR or DATABASE_URL as the server has them`,
    );
  }
  try {
    // Never migrates: upgrading the schema is the server's or `migrate`'s job.
    return await openDatabase(url, {
      migrate: false,
      limits: config.limits,
      timeouts: { queryMs: queryTimeoutMs, connectMs: connectTimeoutMs },
    });
  } catch (err) {
    if (err instanceof PatchLevelError) throw new AdminError(err.message);
    const why = err instanceof Error ? err.message : String(err);
    throw new AdminError(`cannot open the database ${redactDatabaseUrl(url)}: ${why}`);
  }
}
