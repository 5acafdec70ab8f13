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
import { openExistingPush } from '../push/open.js';
import type { Push } from '../push/push.js';
import { AdminError } from './output.js';

export interface Context {
  config: Config;
  /** Errors only, to stderr: the command's own output goes to stdout. */
  log: Logger;
  clock: () => number;
  database(): Promise<{ store: Store; driver: Driver }>;
  /**
   * The server's push, for telling devices what a command did to them;
   * undefined, said on stderr, when it cannot be had. A command goes on
   * without it: the devices then learn at their next refused request.
   */
  push(): Promise<Push | undefined>;
  /** Waits for pushes sent (at most push.timeoutMs), then closes the database. */
  close(): Promise<void>;
}

export function createContext(config: Config): Context {
  let opened: Promise<{ store: Store; driver: Driver }> | undefined;
  let pushing: Promise<Push | undefined> | undefined;
  const log = createLogger('error', process.stderr);
  const database = () => (opened ??= open(config));
  return {
    config,
    log,
    clock: Date.now,
    database,
    push() {
      pushing ??= database()
        .then(({ store }) => openExistingPush(config, store.devices, log))
        .then(
          (push) => {
            if (!push) log.error('no VAPID key in DATA_DIR yet: devices are not told');
            return push;
          },
          (err: unknown) => {
            log.error({ err }, 'push unavailable: devices are not told');
            return undefined;
          },
        );
      return pushing;
    },
    async close() {
      // A push answered 404 or 410 marks its device's endpoint expired, so
      // the pushes finish before the database closes.
      if (pushing) await (await pushing.catch(() => undefined))?.close();
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
