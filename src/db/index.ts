// Opening the store a database URL names. The rest of the server sees only
// the Store interface (store.ts); which SQL dialect sits behind it is decided
// here, by the URL, and settled in src/db/sql.

import type { AccountLimits, Store } from './store.js';
import type { Driver } from './sql/driver.js';
import type { DatabaseTimeouts } from './sql/deadline.js';
import { openDriver } from './sql/connect.js';
import { ensurePatchLevel } from './sql/migrations.js';
import { SqlStore } from './sql/store.js';
import { observedDriver, type DriverObserver } from './sql/observed.js';

export { PatchLevelError } from './sql/migrations.js';
export { redactDatabaseUrl } from './sql/connect.js';
export type { DatabaseTimeouts } from './sql/deadline.js';

export interface OpenOptions {
  migrate: boolean;
  /** How long to wait for the database (deadline.ts); the defaults when absent. */
  timeouts?: DatabaseTimeouts;
  /** The per-account caps (store.ts); DEFAULT_LIMITS when absent. */
  limits?: AccountLimits;
  /** Hears of every operation the database could not answer (the metrics). */
  observer?: DriverObserver;
}

/**
 * Opens the database at `url` (sqlite:/abs/path.sqlite, sqlite:relative/path.sqlite,
 * sqlite::memory:, mysql://user:pass@host:port/db) and checks its schema patch level.
 * A database behind this server is migrated when `migrate` is set and refused otherwise;
 * one ahead of it is refused with PatchLevelError.
 */
export async function openStore(url: string, opts: OpenOptions): Promise<Store> {
  return (await openDatabase(url, opts)).store;
}

/**
 * As openStore, also handing out the driver, so that the stores of other
 * rooms (Sync) share the one connection pool and migration level. Their SQL
 * is written against the Driver interface; no driver package leaves sql/.
 */
export async function openDatabase(
  url: string,
  opts: OpenOptions,
): Promise<{ store: Store; driver: Driver }> {
  const opened = await openDriver(url, opts.timeouts);
  const driver = opts.observer ? observedDriver(opened, opts.observer) : opened;
  try {
    await ensurePatchLevel(driver, opts);
  } catch (err) {
    await driver.close();
    throw err;
  }
  return { store: new SqlStore(driver, opts.limits), driver };
}

/** Applies the patches the database at `url` is missing; `from` equals `to` when none were. */
export async function migrate(url: string): Promise<{ from: number; to: number }> {
  const driver = await openDriver(url);
  try {
    return await ensurePatchLevel(driver, { migrate: true });
  } finally {
    await driver.close();
  }
}
