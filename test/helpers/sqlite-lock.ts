// Holds the write lock on a test's SQLite file from a second connection,
// as another process would (an operator's sqlite3 shell, a backup tool, a
// second server). The server's own connection then finds the file locked.
import Database from 'better-sqlite3';

export interface WriteLock {
  release(): void;
}

/** Takes the write lock of the database at `url` (sqlite:/path) until release(). */
export function holdWriteLock(url: string): WriteLock {
  const db = new Database(url.slice('sqlite:'.length));
  db.exec('BEGIN IMMEDIATE');
  return {
    release() {
      db.exec('ROLLBACK');
      db.close();
    },
  };
}
