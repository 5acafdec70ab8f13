// The suite every SyncStore implementation must pass. Each test works on
// users of its own (random uids), so the tests share one store.
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { OverQuota, PreconditionFailed, type BsoQuery, type SyncStore } from './store.js';
import { batchesAndDeletesContract } from './store.contract-batches.js';

export interface OpenedSyncStore {
  store: SyncStore;
  /** Moves the store's clock forward (expiry tests). */
  advance(ms: number): void;
  now(): number;
  close(): Promise<void>;
}

const newUid = () => randomInt(1, 2 ** 40);
const query = (q: Partial<BsoQuery> = {}): BsoQuery => ({
  sort: 'newest',
  limit: 100,
  full: true,
  ...q,
});

export function syncStoreContract(open: () => Promise<OpenedSyncStore>): void {
  let s: OpenedSyncStore;
  let store: SyncStore;
  before(async () => {
    s = await open();
    store = s.store;
  });
  after(() => s.close());

  describe('BSOs', () => {
    it('reads back what was put, stamped with the write time on the BSO, collection and storage', async () => {
      const uid = newUid();
      const ts = await store.putBso(uid, 'bookmarks', { id: 'a', payload: 'x', sortindex: 3 }, {});
      assert.equal(ts % 10, 0, 'timestamps fall on 10 ms ticks');
      assert.ok(Math.abs(ts - s.now()) < 1000);
      assert.deepEqual(await store.getBso(uid, 'bookmarks', 'a', s.now()), {
        id: 'a',
        modified: ts,
        payload: 'x',
        sortindex: 3,
      });
      const { storage, collections } = await store.timestamps(uid);
      assert.equal(storage, ts);
      assert.deepEqual([...collections], [['bookmarks', ts]]);
      assert.equal(await store.collectionModified(uid, 'bookmarks'), ts);
      assert.equal(await store.getBso(uid, 'bookmarks', 'b', s.now()), undefined);
      assert.equal(await store.getBso(newUid(), 'bookmarks', 'a', s.now()), undefined);
    });

    it('keeps ids case-sensitive', async () => {
      const uid = newUid();
      await store.putBso(uid, 'c1', { id: 'abc', payload: 'lower' }, {});
      await store.putBso(uid, 'c1', { id: 'ABC', payload: 'upper' }, {});
      assert.equal((await store.getBso(uid, 'c1', 'abc', s.now()))?.payload, 'lower');
      assert.equal((await store.getBso(uid, 'c1', 'ABC', s.now()))?.payload, 'upper');
      assert.equal(await store.getBso(uid, 'C1', 'abc', s.now()), undefined);
    });

    it('changes only the fields sent, and moves modified only with payload or sortindex', async () => {
      const uid = newUid();
      const t1 = await store.putBso(uid, 'forms', { id: 'f', payload: 'one', sortindex: 1 }, {});
      const t2 = await store.putBso(uid, 'forms', { id: 'f', sortindex: 2 }, {});
      assert.deepEqual(await store.getBso(uid, 'forms', 'f', s.now()), {
        id: 'f',
        modified: t2,
        payload: 'one',
        sortindex: 2,
      });
      const t3 = await store.putBso(uid, 'forms', { id: 'f', ttl: 100 }, {});
      assert.ok(t1 < t2 && t2 < t3);
      assert.equal((await store.getBso(uid, 'forms', 'f', s.now()))?.modified, t2);
      assert.equal(await store.collectionModified(uid, 'forms'), t3, 'the collection moved');
    });

    it('gives every write of a user a strictly greater timestamp, also when they arrive together', async () => {
      const uid = newUid();
      const writes = Array.from({ length: 12 }, (_, i) =>
        store.putBso(uid, i % 2 ? 'tabs' : 'clients', { id: `r${i}`, payload: 'p' }, {}),
      );
      const stamps = await Promise.all(writes);
      assert.equal(new Set(stamps).size, stamps.length, `all distinct: ${stamps.join(' ')}`);
      const { storage, collections } = await store.timestamps(uid);
      assert.equal(storage, Math.max(...stamps));
      const later = await store.putBso(uid, 'clients', { id: 'last', payload: 'p' }, {});
      assert.ok(later > storage);
      assert.ok(later > Math.max(...collections.values()));
    });

    it('refuses a write whose precondition fails, writing nothing', async () => {
      const uid = newUid();
      const t1 = await store.putBso(uid, 'meta', { id: 'global', payload: 'v1' }, {});
      const create = { precondition: { unmodifiedSince: 0 } };
      await assert.rejects(
        store.putBso(uid, 'meta', { id: 'global', payload: 'v2' }, create),
        (err: unknown) =>
          err instanceof PreconditionFailed && err.status === 412 && err.lastModified === t1,
      );
      await store.putBso(uid, 'meta', { id: 'other', payload: 'new' }, create);
      assert.equal((await store.getBso(uid, 'meta', 'global', s.now()))?.payload, 'v1');
      const stale = { precondition: { unmodifiedSince: t1 - 10 } };
      await assert.rejects(store.postBsos(uid, 'meta', [{ id: 'x' }], stale), PreconditionFailed);
      await assert.rejects(store.deleteStorage(uid, stale), PreconditionFailed);
      const notModified = { precondition: { modifiedSince: t1 + 1000 } };
      await assert.rejects(
        store.deleteBsos(uid, 'meta', ['global'], notModified),
        (err: unknown) => err instanceof PreconditionFailed && err.status === 304,
      );
      assert.equal((await store.getBso(uid, 'meta', 'global', s.now()))?.payload, 'v1');
    });

    it('hides expired BSOs everywhere, and the purge removes them', async () => {
      const uid = newUid();
      await store.postBsos(
        uid,
        'tabs',
        [
          { id: 'short', payload: 'abc', ttl: 1 },
          { id: 'long', payload: 'de' },
        ],
        {},
      );
      s.advance(2000);
      const now = s.now();
      assert.equal(await store.getBso(uid, 'tabs', 'short', now), undefined);
      assert.deepEqual(
        (await store.listBsos(uid, 'tabs', query({ full: false }), now)).items.map((b) => b.id),
        ['long'],
      );
      assert.deepEqual([...(await store.collectionCounts(uid, now))], [['tabs', 1]]);
      assert.deepEqual([...(await store.collectionUsage(uid, now))], [['tabs', 2]]);
      assert.equal(await store.deleteBso(uid, 'tabs', 'short', {}), undefined);
      assert.ok((await store.purgeExpired(now)) >= 1);
      assert.deepEqual(await store.usage(uid), [{ uid, collections: 1, bsos: 1, bytes: 2 }]);
    });

    it('starts an expired BSO afresh when its id is written again', async () => {
      const uid = newUid();
      await store.putBso(uid, 'tabs', { id: 't', payload: 'old', sortindex: 5, ttl: 1 }, {});
      s.advance(2000);
      const ts = await store.putBso(uid, 'tabs', { id: 't', ttl: 60 }, {});
      assert.deepEqual(await store.getBso(uid, 'tabs', 't', s.now()), {
        id: 't',
        modified: ts,
        payload: '',
      });
    });

    it('refuses a write past the quota, writing nothing', async () => {
      const uid = newUid();
      await store.postBsos(uid, 'history', [{ id: 'a', payload: 'x'.repeat(60) }], {
        quotaBytes: 100,
      });
      await assert.rejects(
        store.postBsos(uid, 'history', [{ id: 'b', payload: 'y'.repeat(60) }], { quotaBytes: 100 }),
        OverQuota,
      );
      assert.equal(await store.getBso(uid, 'history', 'b', s.now()), undefined);
    });
  });

  describe('listing', () => {
    async function fill(uid: number, n: number) {
      const stamps: number[] = [];
      for (let i = 0; i < n; i++) {
        stamps.push(
          await store.putBso(
            uid,
            'history',
            { id: `h${i}`, payload: `p${i}`, sortindex: n - i },
            {},
          ),
        );
      }
      return stamps;
    }
    const ids = (page: { items: { id: string }[] }) => page.items.map((b) => b.id);

    it('sorts, filters strictly by newer and older, and by ids', async () => {
      const uid = newUid();
      const t = await fill(uid, 5);
      const now = s.now();
      assert.deepEqual(ids(await store.listBsos(uid, 'history', query(), now)), [
        'h4',
        'h3',
        'h2',
        'h1',
        'h0',
      ]);
      assert.deepEqual(ids(await store.listBsos(uid, 'history', query({ sort: 'oldest' }), now)), [
        'h0',
        'h1',
        'h2',
        'h3',
        'h4',
      ]);
      assert.deepEqual(ids(await store.listBsos(uid, 'history', query({ sort: 'index' }), now)), [
        'h0',
        'h1',
        'h2',
        'h3',
        'h4',
      ]);
      const between = query({ newer: t[1], older: t[4], sort: 'oldest' });
      assert.deepEqual(ids(await store.listBsos(uid, 'history', between, now)), ['h2', 'h3']);
      const some = query({ ids: ['h1', 'h3', 'nope'], sort: 'oldest' });
      assert.deepEqual(ids(await store.listBsos(uid, 'history', some, now)), ['h1', 'h3']);
      assert.deepEqual(ids(await store.listBsos(uid, 'nothing-here', query(), now)), []);
    });

    it('pages without losing or repeating an item, even when one is rewritten between pages', async () => {
      for (const sort of ['newest', 'oldest', 'index'] as const) {
        const uid = newUid();
        await fill(uid, 7);
        const seen: string[] = [];
        let offset: string | undefined;
        for (let page = 0; page < 10; page++) {
          const result = await store.listBsos(
            uid,
            'history',
            query({ sort, limit: 3, ...(offset ? { offset } : {}) }),
            s.now(),
          );
          seen.push(...ids(result));
          // A rewrite after the first page moves that item to the newest
          // timestamp; it must not shift what follows.
          if (page === 0)
            await store.putBso(uid, 'history', { id: ids(result)[1]!, payload: 'new' }, {});
          if (!result.nextOffset) break;
          offset = result.nextOffset;
        }
        const all = ['h0', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6'];
        assert.deepEqual([...new Set(seen)].sort(), all, `${sort}: nothing lost`);
        // Served oldest first, the rewritten item rightly comes round again.
        if (sort !== 'oldest') assert.equal(seen.length, all.length, `${sort}: nothing twice`);
      }
    });

    it('refuses an offset it did not hand out', async () => {
      await assert.rejects(
        store.listBsos(newUid(), 'history', query({ offset: 'garbage' }), s.now()),
        RangeError,
      );
    });
  });

  batchesAndDeletesContract(() => s);

  it('pings', async () => {
    await store.ping();
  });
}
