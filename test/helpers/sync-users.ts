// Direct access to the tokenserver's sync_users table of a test database,
// the way syncstorage-rs's own tokenserver tests seed and read its users
// table: to set up histories a client cannot produce on its own (a row from
// a later generation, a replaced row, a row on another node) and to look at
// what a request left behind. Tables can be hidden and restored, to make
// the database fail under a running server.
import { openDriver } from '../../src/db/sql/connect.js';
import type { Driver } from '../../src/db/sql/driver.js';
import type { SyncStorageEraser } from '../../src/sync/lifecycle.js';

export interface SyncUserRow {
  uid: number;
  generation: number;
  clientState: string;
  keysChangedAt: number | null;
  createdAt: number;
  replacedAt: number | null;
  node: string;
}

export interface SeedRow {
  generation: number;
  clientState: string;
  keysChangedAt?: number | null;
  createdAt?: number;
  replacedAt?: number | null;
  node: string;
}

export class SyncUsersTable {
  private constructor(private readonly db: Driver) {}

  static async open(url: string): Promise<SyncUsersTable> {
    return new SyncUsersTable(await openDriver(url));
  }

  async insert(fxaUidHex: string, row: SeedRow): Promise<number> {
    const fxaUid = Buffer.from(fxaUidHex, 'hex');
    await this.db.run(
      `INSERT INTO sync_users
        (fxa_uid, generation, client_state, created_at, replaced_at, node, keys_changed_at)
        VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [
        fxaUid,
        row.generation,
        row.clientState,
        row.createdAt ?? Date.now(),
        row.replacedAt ?? null,
        row.node,
        row.keysChangedAt ?? null,
      ],
    );
    const found = await this.db.get('SELECT MAX(uid) AS uid FROM sync_users WHERE fxa_uid = ?', [
      fxaUid,
    ]);
    return Number(found?.uid);
  }

  /** The account's rows, oldest uid first. */
  async rowsOf(fxaUidHex: string): Promise<SyncUserRow[]> {
    const rows = await this.db.all(
      `SELECT uid, generation, client_state, keys_changed_at, created_at, replaced_at, node
        FROM sync_users WHERE fxa_uid = ? ORDER BY uid`,
      [Buffer.from(fxaUidHex, 'hex')],
    );
    const maybe = (v: unknown) => (v === null ? null : Number(v));
    return rows.map((r) => ({
      uid: Number(r.uid),
      generation: Number(r.generation),
      clientState: String(r.client_state),
      keysChangedAt: maybe(r.keys_changed_at),
      createdAt: Number(r.created_at),
      replacedAt: maybe(r.replaced_at),
      node: String(r.node),
    }));
  }

  /** Renames a table away, so statements against it fail until `restore`. */
  async hide(table: string): Promise<() => Promise<void>> {
    await this.db.run(`ALTER TABLE ${table} RENAME TO ${table}_hidden`);
    return async () => void (await this.db.run(`ALTER TABLE ${table}_hidden RENAME TO ${table}`));
  }

  close(): Promise<void> {
    return this.db.close();
  }
}

/** A stand-in for the Sync storage that records each uid it was asked to delete. */
export function recordingEraser(): SyncStorageEraser & { deleted: number[] } {
  const deleted: number[] = [];
  return {
    deleted,
    deleteUser: (uid) => {
      deleted.push(uid);
      return Promise.resolve();
    },
  };
}

/** What the built-in storage holds for a Sync uid, read straight from its tables. */
export class SyncStorageRows {
  private constructor(private readonly db: Driver) {}

  static async open(url: string): Promise<SyncStorageRows> {
    return new SyncStorageRows(await openDriver(url));
  }

  /** Rows of the uid in every storage table: BSOs, timestamps, batches and their items. */
  async count(uid: number): Promise<number> {
    const row = await this.db.get(
      `SELECT (SELECT COUNT(*) FROM sync_bso WHERE uid = ?)
            + (SELECT COUNT(*) FROM sync_user_collections WHERE uid = ?)
            + (SELECT COUNT(*) FROM sync_batches WHERE uid = ?)
            + (SELECT COUNT(*) FROM sync_batch_items WHERE batch_id IN
                (SELECT id FROM sync_batches WHERE uid = ?)) AS n`,
      [uid, uid, uid, uid],
    );
    return Number(row?.n);
  }

  close(): Promise<void> {
    return this.db.close();
  }
}

/** How many rows of `uid` the storage tables of the database at `url` hold. */
export async function storageRowsOf(url: string, uid: number): Promise<number> {
  const rows = await SyncStorageRows.open(url);
  try {
    return await rows.count(uid);
  } finally {
    await rows.close();
  }
}
