// The deletes of SyncStorage (sync.md §2.1, §2.8) and the purge: what goes,
// and what the timestamps do when it goes. A collection delete moves the
// storage timestamp forward (the row of collection 0) so it never goes
// back; DELETE /storage and deleteUser remove the user's rows outright.
import type { Driver, Executor, Param } from '../../../db/sql/driver.js';
import type { WriteOptions } from '../store.js';
import type { CollectionIds } from './collections.js';
import { checkPrecondition, type SyncWriter, type Write } from './writes.js';

const PURGE_CHUNK = 1000;
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
    return this.writer.run(uid, true, async (w) => {
      const row = await w.tx.get(
        'SELECT modified_ms FROM sync_user_collections WHERE uid = ? AND collection_id = ?',
        [uid, cid],
      );
      checkPrecondition(opts.precondition, Number(row?.modified_ms ?? 0));
      // Nothing to delete: the storage timestamp stays where it was.
      if (row === undefined) return w.storageModified;
      await w.tx.run('DELETE FROM sync_bso WHERE uid = ? AND collection_id = ?', [uid, cid]);
      await this.deleteBatches(w, 'uid = ? AND collection_id = ?', [uid, cid]);
      await w.tx.run('DELETE FROM sync_user_collections WHERE uid = ? AND collection_id = ?', [
        uid,
        cid,
      ]);
      await w.stampStorage();
      return w.ts;
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
    await this.writer.run(uid, false, async (w) => {
      checkPrecondition(opts.precondition, w.storageModified);
      await this.deleteRowsOf(w.tx, uid);
    });
  }

  async deleteUser(uid: number) {
    await this.driver.transaction((tx) => this.deleteRowsOf(tx, uid));
  }

  // Every table is keyed by uid first, so each delete walks that user's rows only.
  private async deleteRowsOf(tx: Executor, uid: number) {
    await tx.run('DELETE FROM sync_bso WHERE uid = ?', [uid]);
    await this.deleteBatches({ tx }, 'uid = ?', [uid]);
    await tx.run('DELETE FROM sync_user_collections WHERE uid = ?', [uid]);
  }

  /** Deletes batches and their items; returns how many batches went. */
  async deleteBatches(w: Pick<Write, 'tx'>, where: string, params: Param[]) {
    await w.tx.run(
      `DELETE FROM sync_batch_items WHERE batch_id IN (SELECT id FROM sync_batches WHERE ${where})`,
      params,
    );
    return (await w.tx.run(`DELETE FROM sync_batches WHERE ${where}`, params)).changes;
  }

  async purgeExpired(now: number) {
    let deleted = 0;
    for (;;) {
      const { changes } = await this.driver.run(this.writer.sql.purgeBsos, [now, PURGE_CHUNK]);
      deleted += changes;
      if (changes < PURGE_CHUNK) break;
    }
    return (
      deleted +
      (await this.driver.transaction((tx) => this.deleteBatches({ tx }, 'expiry_ms <= ?', [now])))
    );
  }
}
