// The SyncStore over the shared Driver (src/db/sql/driver.ts): the same SQL
// for SQLite and MySQL but for the few statements in dialect.ts. Reads run
// as single statements; every write goes through SyncWriter (writes.ts);
// the deletes and the purge live in deletes.ts.
import type { Driver } from '../../../db/sql/driver.js';
import {
  UnknownBatch,
  type BsoInput,
  type BsoPage,
  type BsoQuery,
  type SyncStore,
  type Usage,
  type WriteOptions,
} from '../store.js';
import { CollectionIds } from './collections.js';
import { listStatement, rowsWithin, toBso, toPage } from './list.js';
import { SyncDeletes } from './deletes.js';
import { checkPrecondition, newBatchId, SyncWriter, type Write } from './writes.js';

// Uids per lookup of retired ones.
const ID_CHUNK = 500;

/** The most payload bytes one page of full BSOs holds (beyond its first BSO). */
export const PAGE_BYTES = 64 * 1024 * 1024;

export class SqlSyncStore implements SyncStore {
  private readonly collections: CollectionIds;
  private readonly writer: SyncWriter;
  private readonly deletes: SyncDeletes;

  constructor(
    private readonly driver: Driver,
    private readonly clock: () => number,
    private readonly pageBytes = PAGE_BYTES,
  ) {
    this.collections = new CollectionIds(driver);
    this.writer = new SyncWriter(driver, clock);
    this.deletes = new SyncDeletes(driver, this.writer, this.collections, async (uid) => {
      return (await this.timestamps(uid)).storage;
    });
  }

  async timestamps(uid: number) {
    const rows = await this.driver.all(
      `SELECT c.name, uc.collection_id, uc.modified_ms FROM sync_user_collections AS uc
       LEFT JOIN sync_collections AS c ON c.id = uc.collection_id WHERE uc.uid = ?`,
      [uid],
    );
    let storage = 0;
    const collections = new Map<string, number>();
    for (const row of rows) {
      if (Number(row.collection_id) === 0) storage = Number(row.modified_ms);
      else collections.set(String(row.name), Number(row.modified_ms));
    }
    return { storage, collections };
  }

  async collectionModified(uid: number, collection: string): Promise<number> {
    const id = await this.collections.find(collection);
    if (id === undefined) return 0;
    const row = await this.driver.get(
      'SELECT modified_ms FROM sync_user_collections WHERE uid = ? AND collection_id = ?',
      [uid, id],
    );
    return Number(row?.modified_ms ?? 0);
  }

  collectionCounts(uid: number, now: number) {
    return this.perCollection('COUNT(*)', uid, now);
  }

  collectionUsage(uid: number, now: number) {
    return this.perCollection('SUM(b.payload_size)', uid, now);
  }

  private async perCollection(aggregate: string, uid: number, now: number) {
    const rows = await this.driver.all(
      `SELECT c.name, ${aggregate} AS value FROM sync_bso AS b
       JOIN sync_collections AS c ON c.id = b.collection_id
       WHERE b.uid = ? AND b.expiry_ms > ? GROUP BY c.name`,
      [uid, now],
    );
    return new Map(rows.map((r) => [String(r.name), Number(r.value)]));
  }

  async getBso(uid: number, collection: string, id: string, now: number) {
    const cid = await this.collections.find(collection);
    if (cid === undefined) return undefined;
    const row = await this.driver.get(
      `SELECT id, modified_ms, payload, sortindex FROM sync_bso
       WHERE uid = ? AND collection_id = ? AND id = ? AND expiry_ms > ?`,
      [uid, cid, id, now],
    );
    return row === undefined ? undefined : toBso(row);
  }

  async listBsos(uid: number, collection: string, query: BsoQuery, now: number): Promise<BsoPage> {
    const cid = await this.collections.find(collection);
    let page = query;
    if (cid !== undefined && query.full) {
      // A page of full BSOs is held in memory whole, and 10,000 payloads of
      // 2.5 MiB would not fit: its sizes are read first, and a page that
      // would pass pageBytes ends early, with an offset for the rest.
      const sizes = listStatement(uid, cid, query, now, 'sizes');
      const fit = rowsWithin(
        await this.driver.all(sizes.sql, sizes.params),
        query.limit,
        this.pageBytes,
      );
      if (fit < query.limit) page = { ...query, limit: fit };
    }
    const { sql, params, offset } = listStatement(uid, cid ?? -1, page, now);
    if (cid === undefined) return { items: [] };
    return toPage(await this.driver.all(sql, params), page, offset);
  }

  async putBso(uid: number, collection: string, bso: BsoInput, opts: WriteOptions) {
    const cid = await this.collections.ensure(collection);
    return this.writer.run(uid, true, async (w) => {
      const row = await w.tx.get(
        `SELECT modified_ms FROM sync_bso
         WHERE uid = ? AND collection_id = ? AND id = ? AND expiry_ms > ?`,
        [uid, cid, bso.id, w.ts],
      );
      checkPrecondition(opts.precondition, Number(row?.modified_ms ?? 0));
      await this.applyNow(w, uid, cid, [bso], opts);
      return w.ts;
    });
  }

  async postBsos(uid: number, collection: string, bsos: BsoInput[], opts: WriteOptions) {
    const cid = await this.collections.ensure(collection);
    return this.writer.run(uid, true, async (w) => {
      await this.checkCollection(w, uid, cid, opts);
      await this.applyNow(w, uid, cid, bsos, opts);
      return w.ts;
    });
  }

  private async applyNow(w: Write, uid: number, cid: number, bsos: BsoInput[], o: WriteOptions) {
    // Staged under an id no batch row has, and gone again before the commit.
    const staging = newBatchId();
    await this.writer.stage(w.tx, staging, bsos);
    await this.writer.applyStaged(w, uid, cid, staging, { ...o, dropItems: true });
  }

  async createBatch(
    uid: number,
    collection: string,
    bsos: BsoInput[],
    opts: WriteOptions & { lifetimeMs: number },
  ) {
    const cid = await this.collections.ensure(collection);
    // The user's spent and lapsed batches go first, in chunks of their own,
    // so that staged copies stay bounded even without the purge.
    await this.deletes.dropSpentBatches(uid, this.clock());
    return this.writer.run(uid, false, async (w) => {
      await this.checkCollection(w, uid, cid, opts);
      const id = newBatchId();
      await w.tx.run(
        'INSERT INTO sync_batches (id, uid, collection_id, expiry_ms) VALUES (?, ?, ?, ?)',
        [id, uid, cid, this.clock() + opts.lifetimeMs],
      );
      await this.writer.stage(w.tx, id, bsos);
      return id;
    });
  }

  async appendBatch(
    uid: number,
    collection: string,
    batch: string,
    bsos: BsoInput[],
    opts: WriteOptions,
  ) {
    const cid = await this.collections.ensure(collection);
    await this.writer.run(uid, false, async (w) => {
      await this.checkBatch(w, uid, cid, batch);
      await this.checkCollection(w, uid, cid, opts);
      await this.writer.stage(w.tx, batch, bsos);
    });
  }

  async commitBatch(
    uid: number,
    collection: string,
    batch: string,
    bsos: BsoInput[],
    opts: WriteOptions,
  ) {
    const cid = await this.collections.ensure(collection);
    return this.writer.run(uid, true, async (w) => {
      await this.checkBatch(w, uid, cid, batch);
      await this.checkCollection(w, uid, cid, opts);
      await this.writer.stage(w.tx, batch, bsos);
      await this.writer.applyStaged(w, uid, cid, batch, { ...opts, dropItems: false });
      // Spent, not deleted: deleting the staged copies costs as much as
      // writing them, so the purge does it off the request path (or the
      // user's next batch, when the purge is off). Until then the batch row
      // keeps them findable by deleteUser and deleteCollection.
      await w.tx.run('UPDATE sync_batches SET expiry_ms = 0 WHERE id = ?', [batch]);
      return w.ts;
    });
  }

  /** A batch of this user and collection that has not expired, or UnknownBatch. */
  private async checkBatch(w: Write, uid: number, cid: number, batch: string) {
    const row = await w.tx.get(
      `SELECT expiry_ms FROM sync_batches WHERE id = ? AND uid = ? AND collection_id = ?`,
      [batch, uid, cid],
    );
    if (row === undefined || Number(row.expiry_ms) <= this.clock()) throw new UnknownBatch();
  }

  private async checkCollection(w: Write, uid: number, cid: number, opts: WriteOptions) {
    if (opts.precondition === undefined) return;
    const row = await w.tx.get(
      'SELECT modified_ms FROM sync_user_collections WHERE uid = ? AND collection_id = ?',
      [uid, cid],
    );
    checkPrecondition(opts.precondition, Number(row?.modified_ms ?? 0));
  }

  deleteCollection(uid: number, collection: string, opts: WriteOptions) {
    return this.deletes.deleteCollection(uid, collection, opts);
  }

  deleteBsos(uid: number, collection: string, ids: string[], opts: WriteOptions) {
    return this.deletes.deleteBsos(uid, collection, ids, opts);
  }

  deleteBso(uid: number, collection: string, id: string, opts: WriteOptions) {
    return this.deletes.deleteBso(uid, collection, id, opts);
  }

  deleteStorage(uid: number, opts: WriteOptions) {
    return this.deletes.deleteStorage(uid, opts);
  }

  deleteUser(uid: number) {
    return this.deletes.deleteUser(uid);
  }

  async notRetired(uids: readonly number[]): Promise<number[]> {
    const retired = new Set<number>();
    for (let at = 0; at < uids.length; at += ID_CHUNK) {
      const chunk = uids.slice(at, at + ID_CHUNK);
      const rows = await this.driver.all(
        `SELECT uid FROM sync_retired_uids WHERE uid IN (${chunk.map(() => '?').join(', ')})`,
        chunk,
      );
      for (const row of rows) retired.add(Number(row.uid));
    }
    return uids.filter((uid) => !retired.has(uid));
  }

  purgeExpired(now: number) {
    return this.deletes.purgeExpired(now);
  }

  async usage(uid?: number): Promise<Usage[]> {
    const rows = await this.driver.all(
      `SELECT uid, COUNT(DISTINCT collection_id) AS collections, COUNT(*) AS bsos,
              COALESCE(SUM(payload_size), 0) AS bytes
       FROM sync_bso ${uid === undefined ? '' : 'WHERE uid = ?'} GROUP BY uid ORDER BY uid`,
      uid === undefined ? [] : [uid],
    );
    return rows.map((r) => ({
      uid: Number(r.uid),
      collections: Number(r.collections),
      bsos: Number(r.bsos),
      bytes: Number(r.bytes),
    }));
  }

  async ping() {
    await this.driver.get('SELECT id FROM sync_collections WHERE id = 1');
  }
}
