// When a SQLite file last changed, for reads remembered between requests
// (read-cache.ts). The count moves with every write this process makes,
// in the same synchronous step as the statement or COMMIT, so no request
// can run between a write and the count's move; and it moves when SQLite's
// `PRAGMA data_version` does, which happens when any other connection
// (another process, the admin CLI) has committed since it was last asked.
// While a transaction is open the count says nothing (undefined): what
// this connection reads then is not yet committed, and a read queued
// behind a password change must see its commit.
import type Database from 'better-sqlite3';

export interface WriteGeneration {
  /** Runs a statement that writes (or may), counting it even when it throws part way. */
  writing: <T>(fn: () => T) => T;
  /** Runs `stmt`, counting it as a write unless SQLite knows it to be read-only. */
  reading: <T>(stmt: Database.Statement<never[]>, fn: () => T) => T;
  /** The count now; undefined while a transaction is open or the file cannot say. */
  current: () => number | undefined;
}

export function writeGeneration(db: Database.Database): WriteGeneration {
  let writes = 0;
  let others = 0;
  let seenVersion: unknown;
  const dataVersion = db.prepare('PRAGMA data_version').pluck();

  // A failed statement inside a transaction may still leave earlier rows
  // of that transaction to commit, so a throw counts too.
  const writing = <T>(fn: () => T): T => {
    try {
      return fn();
    } finally {
      writes += 1;
    }
  };

  return {
    writing,
    reading: (stmt, fn) => (stmt.readonly ? fn() : writing(fn)),
    current: () => {
      if (!db.open || db.inTransaction) return undefined;
      let version: unknown;
      try {
        version = dataVersion.get();
      } catch {
        return undefined;
      }
      if (version !== seenVersion) {
        seenVersion = version;
        others += 1;
      }
      // Both only grow, so the sum moves whenever either does.
      return writes + others;
    },
  };
}
