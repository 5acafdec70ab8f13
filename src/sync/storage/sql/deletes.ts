// The deletes of SyncStorage (sync.md §2.1, §2.8) and the purge: what goes,
// and what the timestamps do when it goes. A collection delete moves the
// storage timestamp forward (the row of collection 0) so it never goes
// back; DELETE /storage and deleteUser remove the user's rows outright,
// in chunks (a user can hold tens of thousands of BSOs).
import type { Driver, Param } from '../../../db/sql/driver.js';
import type { WriteOptions } from '../store.js';
import type { CollectionIds } from './collections.js';
import { checkPrecondition, type SyncWriter } from './writes.js';

// Rows per delete statement of a long delete, and batches per round of one.
const ERASE_CHUNK = 500;
const BATCH_CHUNK = 100;
const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

export class SyncDeletes {
  constructor(
    private readonly driver: Driver,
    private readonly writer: SyncWriter,
    private readonly collections: CollectionIds,
    /** The storage timestamp outside a write (a delete of a collection never written). */
    private readonly storageModified: (uid: number) => Promise<number>,
  ) {}

  async deleteCollection(uid: number, collection: string, opts: WriteOptions) {
    const cid = await this.collections.find(collection);
    if (cid === undefined) {
      checkPrecondition(opts.precondition, 0);
      return this.storageModified(uid);
    }
    return this.writer.serial(uid, async () => {
      // As for DELETE /storage: the timestamp and a first chunk at once, the
      // rest (all written at most at the collection's old timestamp) after.
      const gone = await this.writer.transact(uid, true, async (w) => {
        const row = await w.tx.get(
          'SELECT modified_ms FROM sync_user_collections WHERE uid = ? AND collection_id = ?',
          [uid, cid],
        );
        checkPrecondition(opts.precondition, Number(row?.modified_ms ?? 0));
        // Nothing to delete: the storage timestamp stays where it was.
        if (row === undefined) return { ts: w.storageModified, before: undefined };
        const where = 'uid = ? AND collection_id = ?';
        await w.tx.run(this.writer.sql.deleteChunk('sync_bso', where), [uid, cid, ERASE_CHUNK]);
        await w.tx.run(`UPDATE sync_batches SET expiry_ms = 0 WHERE ${where}`, [uid, cid]);
        await w.tx.run(`DELETE FROM sync_user_collections WHERE ${where}`, [uid, cid]);
        await w.stampStorage();
        return { ts: w.ts, before: Number(row.modified_ms) };
      });
      if (gone.before !== undefined) {
        const old = 'uid = ? AND collection_id = ? AND modified_ms <= ?';
        await this.inChunks('sync_bso', old, [uid, cid, gone.before]);
        await this.eraseBatches('uid = ? AND collection_id = ? AND expiry_ms = 0', [uid, cid]);
      }
      return gone.ts;
    });
  }

  async deleteBsos(uid: number, collection: string, ids: string[], opts: WriteOptions) {
    const cid = await this.collections.ensure(collection);
    return this.writer.run(uid, true, async (w) => {
      const row = await w.tx.get(
        'SELECT modified_ms FROM sync_user_collections WHERE uid = ? AND collection_id = ?',
        [uid, cid],
      );
      checkPrecondition(opts.precondition, Number(row?.modified_ms ?? 0));
      if (ids.length > 0) {
        await w.tx.run(
          `DELETE FROM sync_bso WHERE uid = ? AND collection_id = ? AND id IN (${placeholders(ids.length)})`,
          [uid, cid, ...ids],
        );
      }
      await w.stamp(cid);
      return w.ts;
    });
  }

  async deleteBso(uid: number, collection: string, id: string, opts: WriteOptions) {
    const cid = await this.collections.find(collection);
    if (cid === undefined) return undefined;
    return this.writer.run(uid, true, async (w) => {
      const row = await w.tx.get(
        `SELECT modified_ms FROM sync_bso
         WHERE uid = ? AND collection_id = ? AND id = ? AND expiry_ms > ?`,
        [uid, cid, id, w.ts],
      );
      checkPrecondition(opts.precondition, Number(row?.modified_ms ?? 0));
      if (row === undefined) return undefined;
      await w.tx.run('DELETE FROM sync_bso WHERE uid = ? AND collection_id = ? AND id = ?', [
        uid,
        cid,
        id,
      ]);
      await w.stamp(cid);
      return w.ts;
    });
  }

  async deleteStorage(uid: number, opts: WriteOptions) {
    await this.writer.serial(uid, async () => {
      // What a client sees goes at once, under the precondition: the
      // timestamps, the batches (spent, so unusable) and a first chunk of
      // BSOs, which for most users is all of them.
      const before = await this.writer.transact(uid, false, async (w) => {
        checkPrecondition(opts.precondition, w.storageModified);
        await w.tx.run('DELETE FROM sync_user_collections WHERE uid = ?', [uid]);
        await w.tx.run('UPDATE sync_batches SET expiry_ms = 0 WHERE uid = ?', [uid]);
        await w.tx.run(this.writer.sql.deleteChunk('sync_bso', 'uid = ?'), [uid, ERASE_CHUNK]);
        return w.storageModified;
      });
      // The rest in chunks. Every BSO left was written before the wipe, at
      // most at the storage timestamp it had; a write that another process
      // has made since is newer and stays.
      await this.inChunks('sync_bso', 'uid = ? AND modified_ms <= ?', [uid, before]);
      await this.eraseBatches('uid = ? AND expiry_ms = 0', [uid]);
    });
  }

  async deleteUser(uid: number) {
    // Retired first: from then on no write of the uid can add a row.
    await this.writer.retire(uid);
    await this.inChunks('sync_bso', 'uid = ?', [uid]);
    await this.eraseBatches('uid = ?', [uid]);
    await this.remove('DELETE FROM sync_user_collections WHERE uid = ?', [uid]);
  }

  /** Deletes the user's spent and lapsed batches, which nobody can write to any more. */
  dropSpentBatches(uid: number, now: number) {
    return this.eraseBatches('uid = ? AND expiry_ms <= ?', [uid, now]);
  }

  async purgeExpired(now: number) {
    const bsos = await this.inChunks('sync_bso', 'expiry_ms <= ?', [now]);
    return bsos + (await this.eraseBatches('expiry_ms <= ?', [now]));
  }

  /**
   * One delete statement in a transaction of its own: MySQL runs a lone
   * statement at the server's REPEATABLE READ, whose gap locks on this
   * user's rows would hold up another user's inserts beside them (and
   * deadlock with them); a transaction runs at READ COMMITTED (mysql.ts).
   */
  private remove(sql: string, params: Param[]) {
    return this.driver.transaction((tx) => tx.run(sql, params));
  }

  /**
   * Deletes the rows of `table` that `where` matches, a chunk per
   * statement, so no delete holds a lock (or SQLite's one writer) for long
   * and other users' requests go on between the chunks. Returns the count.
   */
  private async inChunks(table: 'sync_bso' | 'sync_batch_items', where: string, params: Param[]) {
    const sql = this.writer.sql.deleteChunk(table, where);
    let deleted = 0;
    for (;;) {
      const { changes } = await this.remove(sql, [...params, ERASE_CHUNK]);
      deleted += changes;
      if (changes < ERASE_CHUNK) return deleted;
      // better-sqlite3 runs each chunk synchronously and hands back through
      // microtasks alone; a turn of the event loop lets other requests in.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /**
   * Deletes the batches `where` matches, a few at a time: their items in
   * chunks first, then the batch rows by id, so no item ever outlives the
   * row that leads to it. Only for batches nobody can write to any more
   * (lapsed, spent, or of a retired uid). Returns how many batches went.
   */
  private async eraseBatches(where: string, params: Param[]) {
    let deleted = 0;
    for (;;) {
      const rows = await this.driver.all(
        `SELECT id FROM sync_batches WHERE ${where} LIMIT ${BATCH_CHUNK}`,
        params,
      );
      if (rows.length === 0) return deleted;
      const ids = rows.map((r) => String(r.id));
      const byId = `batch_id IN (${placeholders(ids.length)})`;
      await this.inChunks('sync_batch_items', byId, ids);
      const sql = `DELETE FROM sync_batches WHERE id IN (${placeholders(ids.length)})`;
      deleted += (await this.remove(sql, ids)).changes;
      if (rows.length < BATCH_CHUNK) return deleted;
    }
  }
}
