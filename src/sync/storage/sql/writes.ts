// How every Sync write runs: one per user at a time in this process, in one
// transaction that first locks the user's row of collection 0 (the storage
// timestamp), so writers in other processes on the same MySQL queue behind
// it too. The write's timestamp is taken after the lock, past the stored
// one, which keeps a user's timestamps strictly increasing however many
// processes write. Nothing inside a transaction waits on a timer or the
// network: each holds its locks only for its own statements.
//
// Items reach BSOs through sync_batch_items: a batch stages them over
// several requests, a plain POST or PUT stages and applies them in one
// transaction. One set-based path keeps the partial-update rules (§2.2) in
// one place.
import { randomBytes } from 'node:crypto';
import type { Driver, Executor, Param } from '../../../db/sql/driver.js';
import { KeyedQueue, nextTick, tickAfter } from '../clock.js';
import {
  OverQuota,
  PreconditionFailed,
  RetiredUser,
  type BsoInput,
  type Precondition,
  type WriteOptions,
} from '../store.js';
import { DEFAULT_TTL_S, syncDialect, type SyncDialect } from './dialect.js';

export interface Write {
  tx: Executor;
  /** The write's timestamp (0 for writes that are not stamped). */
  ts: number;
  /** The storage timestamp before this write. */
  storageModified: number;
  /** Records the write on a collection (and so on the storage). */
  stamp(collectionId: number): Promise<void>;
  /** Records a write on the storage alone (a collection delete). */
  stampStorage(): Promise<void>;
}

// Rows per staging statement; 6 parameters each stays far below every
// placeholder limit.
const STAGE_CHUNK = 100;

export const newBatchId = (): string => randomBytes(16).toString('hex');

export function checkPrecondition(p: Precondition | undefined, current: number): void {
  if (p?.modifiedSince !== undefined && current <= p.modifiedSince) {
    throw new PreconditionFailed(304, current);
  }
  if (p?.unmodifiedSince !== undefined && current > p.unmodifiedSince) {
    throw new PreconditionFailed(412, current);
  }
}

const isRetired = async (tx: Executor, uid: number) =>
  (await tx.get('SELECT uid FROM sync_retired_uids WHERE uid = ?', [uid])) !== undefined;

export class SyncWriter {
  readonly sql: SyncDialect;
  private readonly queue = new KeyedQueue<number>();
  // The last timestamp this process gave each user with a write in flight:
  // waiting for the next tick before the transaction keeps SQLite's one
  // write lock from being held through the wait.
  private readonly lastTs = new Map<number, number>();

  constructor(
    private readonly driver: Driver,
    private readonly clock: () => number,
  ) {
    this.sql = syncDialect(driver.dialect);
  }

  /** Runs `body` as one write of `uid`; `stamped` writes get a fresh timestamp. */
  run<T>(uid: number, stamped: boolean, body: (w: Write) => Promise<T>): Promise<T> {
    return this.serial(uid, async () => {
      if (stamped) await nextTick(this.clock, this.lastTs.get(uid) ?? 0);
      return this.transact(uid, stamped, body);
    });
  }

  /**
   * Runs `task`, which may run several transactions of `uid` through
   * `transact`, with none of this process's other writes of the user in
   * between.
   */
  serial<T>(uid: number, task: () => Promise<T>): Promise<T> {
    return this.queue.run(uid, async () => {
      try {
        return await task();
      } finally {
        // Nothing else of this user is in flight once the queue moves on.
        setImmediate(() => this.lastTs.delete(uid));
      }
    });
  }

  /** One write transaction of `uid`; only inside `run` or `serial`. */
  transact<T>(uid: number, stamped: boolean, body: (w: Write) => Promise<T>): Promise<T> {
    return this.driver.transaction((tx) => this.inTransaction(tx, uid, stamped, body));
  }

  /**
   * Marks `uid` retired, under the same lock every write takes first: a
   * write either committed before this (and the erase that follows finds
   * its rows) or reads the mark after it and is refused.
   */
  retire(uid: number): Promise<void> {
    return this.serial(uid, () =>
      this.driver.transaction(async (tx) => {
        await this.lockUser(tx, uid);
        if (await isRetired(tx, uid)) return;
        await tx.run('INSERT INTO sync_retired_uids (uid, retired_ms) VALUES (?, ?)', [
          uid,
          this.clock(),
        ]);
      }),
    );
  }

  /** Locks the user's row of collection 0; returns the storage timestamp it holds. */
  private async lockUser(tx: Executor, uid: number): Promise<number> {
    for (const statement of this.sql.ensureUserRow) await tx.run(statement, [uid]);
    const row = await tx.get(
      'SELECT modified_ms FROM sync_user_collections WHERE uid = ? AND collection_id = 0' +
        this.sql.forUpdate,
      [uid],
    );
    return Number(row?.modified_ms ?? 0);
  }

  private async inTransaction<T>(
    tx: Executor,
    uid: number,
    stamped: boolean,
    body: (w: Write) => Promise<T>,
  ): Promise<T> {
    const storageModified = await this.lockUser(tx, uid);
    // Read after the lock, so a retirement that held it has committed. The
    // throw rolls back the row the lock may have created.
    if (await isRetired(tx, uid)) throw new RetiredUser();
    // The wait for a fresh tick happened before the transaction (run); one
    // still needed here means another process wrote within this tick, and
    // the write takes the next one rather than sleep holding the lock.
    const ts = stamped ? tickAfter(this.clock, storageModified) : 0;
    const setModified = (collectionId: number) =>
      tx.run(
        'REPLACE INTO sync_user_collections (uid, collection_id, modified_ms) VALUES (?, ?, ?)',
        [uid, collectionId, ts],
      );
    const result = await body({
      tx,
      ts,
      storageModified,
      stamp: async (collectionId) => {
        await setModified(collectionId);
        await setModified(0);
      },
      stampStorage: async () => void (await setModified(0)),
    });
    if (stamped) this.lastTs.set(uid, ts);
    return result;
  }

  /** Upserts items into a batch; a later value of a field wins over an earlier one. */
  async stage(tx: Executor, batchId: string, items: readonly BsoInput[]): Promise<void> {
    for (let at = 0; at < items.length; at += STAGE_CHUNK) {
      const chunk = items.slice(at, at + STAGE_CHUNK);
      const params: Param[] = [];
      for (const item of chunk) {
        params.push(
          batchId,
          item.id,
          item.sortindex ?? null,
          item.payload ?? null,
          item.payload === undefined ? null : Buffer.byteLength(item.payload, 'utf8'),
          item.ttl ?? null,
        );
      }
      await tx.run(this.sql.stageItems(chunk.length), params);
    }
  }

  /**
   * Applies a batch's staged items to the collection at `ts`. `dropItems`
   * deletes them in the same transaction; a committed batch leaves that to
   * the purge (see commitBatch).
   */
  async applyStaged(
    w: Write,
    uid: number,
    collectionId: number,
    batchId: string,
    opts: WriteOptions & { dropItems: boolean },
  ): Promise<void> {
    const { tx, ts } = w;
    // An expired BSO is gone: an item for its id starts afresh rather than
    // reviving the old payload.
    await tx.run(this.sql.dropExpired, [uid, collectionId, ts, batchId]);
    await tx.run(this.sql.updateFromBatch, [ts, ts, batchId, uid, collectionId]);
    await tx.run(this.sql.insertFromBatch, [uid, collectionId, ts, ts, DEFAULT_TTL_S, batchId]);
    if (opts.dropItems) await tx.run('DELETE FROM sync_batch_items WHERE batch_id = ?', [batchId]);
    if (opts.quotaBytes !== undefined) await this.checkQuota(tx, uid, ts, opts.quotaBytes);
    await w.stamp(collectionId);
  }

  private async checkQuota(tx: Executor, uid: number, now: number, quota: number): Promise<void> {
    const row = await tx.get(
      'SELECT COALESCE(SUM(payload_size), 0) AS bytes FROM sync_bso WHERE uid = ? AND expiry_ms > ?',
      [uid, now],
    );
    // Throwing rolls the whole write back.
    if (Number(row?.bytes ?? 0) > quota) throw new OverQuota();
  }
}
