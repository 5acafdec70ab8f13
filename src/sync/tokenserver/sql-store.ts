// The TokenserverStore over SQL (patch 006), one set of statements for
// SQLite and MySQL, written against the Driver interface of src/db/sql. The
// one-current-row rule is the database's own unique key, so a write that
// would break it fails there, under any interleaving, and comes back as
// CONFLICT.
import type { Driver, Executor, Row } from '../../db/sql/driver.js';
import { CONFLICT, type NewSyncUser, type SyncUserRecord, type TokenserverStore } from './store.js';

const COLUMNS =
  'uid, fxa_uid, generation, client_state, created_at, replaced_at, node, keys_changed_at';

/** Thrown inside a transaction to roll it back and report CONFLICT. */
class Conflict extends Error {}

export class SqlTokenserverStore implements TokenserverStore {
  constructor(private readonly db: Driver) {}

  async usersOf(fxaUid: Buffer): Promise<SyncUserRecord[]> {
    const rows = await this.db.all(`SELECT ${COLUMNS} FROM sync_users WHERE fxa_uid = ?`, [fxaUid]);
    return rows.map(userFromRow);
  }

  async allocate(
    user: NewSyncUser,
    replacing: number | null,
  ): Promise<SyncUserRecord | typeof CONFLICT> {
    try {
      return await this.db.transaction(async (tx) => {
        if (replacing !== null) await replaceCurrent(tx, replacing, user.createdAt);
        await this.insertCurrent(tx, user);
        // The unique key allows one current row per account, so this is the
        // row just inserted; the drivers report no insert id.
        const row = await tx.get(
          `SELECT ${COLUMNS} FROM sync_users WHERE fxa_uid = ? AND replaced_at IS NULL`,
          [user.fxaUid],
        );
        if (row === undefined) throw new Error('the inserted Sync user is not current');
        return userFromRow(row);
      });
    } catch (err) {
      if (err instanceof Conflict) return CONFLICT;
      throw err;
    }
  }

  // The WHERE keeps both values monotonic whatever order concurrent
  // requests commit in, as syncstorage-rs's put_user does.
  async advance(uid: number, generation: number, keysChangedAt: number | null): Promise<void> {
    await this.db.run(
      `UPDATE sync_users SET generation = ?, keys_changed_at = ?
        WHERE uid = ? AND replaced_at IS NULL AND generation <= ?
          AND COALESCE(keys_changed_at, 0) <= COALESCE(?, keys_changed_at, 0)`,
      [generation, keysChangedAt, uid, generation, keysChangedAt],
    );
  }

  async retire(fxaUid: Buffer, now: number): Promise<void> {
    await this.db.run(
      'UPDATE sync_users SET replaced_at = ? WHERE fxa_uid = ? AND replaced_at IS NULL',
      [now, fxaUid],
    );
  }

  async deleteUser(fxaUid: Buffer, uids?: readonly number[]): Promise<void> {
    if (uids === undefined) {
      await this.db.run('DELETE FROM sync_users WHERE fxa_uid = ?', [fxaUid]);
    } else if (uids.length > 0) {
      await this.db.run(
        `DELETE FROM sync_users WHERE fxa_uid = ? AND uid IN (${uids.map(() => '?').join(', ')})`,
        [fxaUid, ...uids],
      );
    }
  }

  // The one statement that looks outside the Sync tables: an account's rows
  // outlive it only when the deletion was cut short after the account went.
  async orphans(): Promise<Buffer[]> {
    const rows = await this.db.all(
      `SELECT DISTINCT s.fxa_uid FROM sync_users s
        LEFT JOIN accounts a ON a.uid = s.fxa_uid WHERE a.uid IS NULL`,
    );
    return rows.map((row) => bytes(row, 'fxa_uid'));
  }

  async replacedUids(): Promise<number[]> {
    const rows = await this.db.all('SELECT uid FROM sync_users WHERE replaced_at IS NOT NULL');
    return rows.map((row) => int(row, 'uid'));
  }

  private async insertCurrent(tx: Executor, user: NewSyncUser): Promise<void> {
    try {
      await tx.run(
        `INSERT INTO sync_users
          (fxa_uid, generation, client_state, created_at, replaced_at, node, keys_changed_at)
          VALUES (?, ?, ?, ?, NULL, ?, ?)`,
        [
          user.fxaUid,
          user.generation,
          user.clientState,
          user.createdAt,
          user.node,
          user.keysChangedAt,
        ],
      );
    } catch (err) {
      // Another request made a current row since this one read the table.
      if (this.db.isDuplicate(err)) throw new Conflict();
      throw err;
    }
  }
}

// Setting replaced_at counts as a change in both dialects, so 0 rows means
// the row was already replaced (or gone) when this transaction got to it.
async function replaceCurrent(tx: Executor, uid: number, now: number): Promise<void> {
  const { changes } = await tx.run(
    'UPDATE sync_users SET replaced_at = ? WHERE uid = ? AND replaced_at IS NULL',
    [now, uid],
  );
  if (changes === 0) throw new Conflict();
}

function userFromRow(row: Row): SyncUserRecord {
  return {
    uid: int(row, 'uid'),
    fxaUid: bytes(row, 'fxa_uid'),
    generation: int(row, 'generation'),
    clientState: text(row, 'client_state'),
    keysChangedAt: row.keys_changed_at === null ? null : int(row, 'keys_changed_at'),
    createdAt: int(row, 'created_at'),
    replacedAt: row.replaced_at === null ? null : int(row, 'replaced_at'),
    node: text(row, 'node'),
  };
}

// Each column is converted on purpose, so a driver surprise fails here.
function int(row: Row, name: string): number {
  const value = row[name];
  const n = typeof value === 'string' || typeof value === 'bigint' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw new Error(`sync_users.${name}`);
  return n;
}

function bytes(row: Row, name: string): Buffer {
  const value = row[name];
  if (!Buffer.isBuffer(value)) throw new Error(`sync_users.${name}`);
  return value;
}

function text(row: Row, name: string): string {
  const value = row[name];
  if (typeof value !== 'string') throw new Error(`sync_users.${name}`);
  return value;
}
