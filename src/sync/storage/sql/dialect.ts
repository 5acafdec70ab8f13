// The few Sync statements that SQLite and MySQL spell differently. The rest
// of the SQL is written once, in the subset both understand.
import type { Dialect } from '../../../db/sql/driver.js';

/** The default ttl (sync.md §2.2): about 66 years, in seconds. */
export const DEFAULT_TTL_S = 2_100_000_000;

export interface SyncDialect {
  /**
   * Statements (parameter: uid) that make sure the user's row of collection
   * 0 exists, and the clause that locks it when read. SQLite's BEGIN
   * IMMEDIATE already holds the one write lock; MySQL locks the row, and the
   * upsert takes it exclusively at once, so two writers never both hold a
   * shared lock and deadlock on the upgrade.
   */
  ensureUserRow: string[];
  forUpdate: string;
  /** Upserts staged items (batch_id, id, sortindex, payload, payload_size, ttl) x n. */
  stageItems(rows: number): string;
  /**
   * Applies a batch's items to BSOs that exist: only what an item carries
   * changes, and `modified` moves only with payload or sortindex (§2.2).
   * Parameters: ts, ts, batch, uid, collection.
   */
  updateFromBatch: string;
  /**
   * Deletes the expired BSOs that a batch's items are about to write
   * afresh, looked up by id. Parameters: uid, collection, ts, batch.
   */
  dropExpired: string;
  /**
   * Inserts a batch's items whose BSOs do not exist (the rest were just
   * updated), leaving existing rows alone. Parameters: uid, collection, ts,
   * ts, default ttl, batch.
   */
  insertFromBatch: string;
  /**
   * Deletes at most one chunk of the rows of `table` that `where` matches;
   * its parameters, then the chunk size.
   */
  deleteChunk(table: 'sync_bso' | 'sync_batch_items', where: string): string;
}

const INSERT_FROM_BATCH = `INSERT INTO sync_bso
    (uid, collection_id, id, sortindex, payload, payload_size, modified_ms, expiry_ms)
  SELECT ?, ?, i.id, i.sortindex, COALESCE(i.payload, ''), COALESCE(i.payload_size, 0),
         ?, ? + COALESCE(i.ttl, ?) * 1000
  FROM sync_batch_items AS i
  WHERE i.batch_id = ?`;

const STAGE_COLUMNS = '(batch_id, id, sortindex, payload, payload_size, ttl)';
const STAGE_ROW = '(?, ?, ?, ?, ?, ?)';
const rows = (n: number) => Array.from({ length: n }, () => STAGE_ROW).join(', ');

const sqlite: SyncDialect = {
  ensureUserRow: [],
  forUpdate: '',
  stageItems: (n) =>
    `INSERT INTO sync_batch_items ${STAGE_COLUMNS} VALUES ${rows(n)}
     ON CONFLICT (batch_id, id) DO UPDATE SET
       sortindex = COALESCE(excluded.sortindex, sortindex),
       payload = COALESCE(excluded.payload, payload),
       payload_size = COALESCE(excluded.payload_size, payload_size),
       ttl = COALESCE(excluded.ttl, ttl)`,
  // SQLite evaluates every SET expression against the row as it was.
  updateFromBatch: `UPDATE sync_bso SET
      modified_ms = CASE WHEN i.payload IS NULL AND i.sortindex IS NULL
                    THEN sync_bso.modified_ms ELSE ? END,
      expiry_ms = CASE WHEN i.ttl IS NULL THEN sync_bso.expiry_ms ELSE ? + i.ttl * 1000 END,
      sortindex = COALESCE(i.sortindex, sync_bso.sortindex),
      payload = COALESCE(i.payload, sync_bso.payload),
      payload_size = COALESCE(i.payload_size, sync_bso.payload_size)
    FROM sync_batch_items AS i
    WHERE i.batch_id = ? AND sync_bso.uid = ? AND sync_bso.collection_id = ?
      AND sync_bso.id = i.id`,
  dropExpired: `DELETE FROM sync_bso WHERE uid = ? AND collection_id = ? AND expiry_ms <= ?
    AND id IN (SELECT id FROM sync_batch_items WHERE batch_id = ?)`,
  insertFromBatch: `${INSERT_FROM_BATCH} ON CONFLICT (uid, collection_id, id) DO NOTHING`,
  // SQLite's DELETE takes no LIMIT unless built to; its rowid stands in.
  deleteChunk: (table, where) =>
    `DELETE FROM ${table} WHERE rowid IN (SELECT rowid FROM ${table} WHERE ${where} LIMIT ?)`,
};

const mysql: SyncDialect = {
  ensureUserRow: [
    `INSERT INTO sync_user_collections (uid, collection_id, modified_ms) VALUES (?, 0, 0)
     ON DUPLICATE KEY UPDATE modified_ms = modified_ms`,
  ],
  forUpdate: ' FOR UPDATE',
  // The update is by (batch_id, id): re-sending an id changes that item only
  // (the syncstorage-rs MySQL bug of sync.md §4 is exactly this key missing).
  stageItems: (n) =>
    `INSERT INTO sync_batch_items ${STAGE_COLUMNS} VALUES ${rows(n)}
     ON DUPLICATE KEY UPDATE
       sortindex = COALESCE(VALUES(sortindex), sortindex),
       payload = COALESCE(VALUES(payload), payload),
       payload_size = COALESCE(VALUES(payload_size), payload_size),
       ttl = COALESCE(VALUES(ttl), ttl)`,
  // A multi-table UPDATE assigns in no promised order, so each assignment
  // reads only its own column of the BSO.
  updateFromBatch: `UPDATE sync_bso AS b JOIN sync_batch_items AS i ON i.id = b.id SET
      b.modified_ms = IF(i.payload IS NULL AND i.sortindex IS NULL, b.modified_ms, ?),
      b.expiry_ms = IF(i.ttl IS NULL, b.expiry_ms, ? + i.ttl * 1000),
      b.sortindex = COALESCE(i.sortindex, b.sortindex),
      b.payload = COALESCE(i.payload, b.payload),
      b.payload_size = COALESCE(i.payload_size, b.payload_size)
    WHERE i.batch_id = ? AND b.uid = ? AND b.collection_id = ?`,
  // From the items, by primary key: MariaDB would otherwise walk the expiry
  // index across every user's BSOs, locking as it goes, and deadlock with
  // other users' writes and deletes.
  dropExpired: `DELETE b FROM sync_batch_items AS i STRAIGHT_JOIN sync_bso AS b
    ON b.uid = ? AND b.collection_id = ? AND b.expiry_ms <= ? AND b.id = i.id
    WHERE i.batch_id = ?`,
  // Not a NOT EXISTS over sync_bso: a SELECT that reads the table it
  // inserts into goes through an internal temporary table, and MariaDB
  // 10.11.19 (Debian 12) crashed with signal 11 freeing it
  // (ha_maria::drop_table), under two server processes writing one user.
  insertFromBatch: `${INSERT_FROM_BATCH} ON DUPLICATE KEY UPDATE sync_bso.id = sync_bso.id`,
  deleteChunk: (table, where) => `DELETE FROM ${table} WHERE ${where} LIMIT ?`,
};

export const syncDialect = (dialect: Dialect): SyncDialect =>
  dialect === 'sqlite' ? sqlite : mysql;
