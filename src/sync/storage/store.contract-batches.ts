// The SyncStore contract, continued: batches and deletes.
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { beforeEach, describe, it } from 'node:test';
import { RetiredUser, UnknownBatch, type BsoQuery, type SyncStore } from './store.js';
import type { OpenedSyncStore } from './store.contract.js';

const HOUR = 3_600_000;
const newUid = () => randomInt(1, 2 ** 40);
const query = (q: Partial<BsoQuery> = {}): BsoQuery => ({
  sort: 'newest',
  limit: 100,
  full: true,
  ...q,
});

export function batchesAndDeletesContract(opened: () => OpenedSyncStore): void {
  let s: OpenedSyncStore;
  let store: SyncStore;
  // The suite's before() has run by the time any test here does.
  const setUp = () => {
    s = opened();
    store = s.store;
  };

  describe('batches', () => {
    beforeEach(setUp);
    it('stages items invisibly, lets a later item win, and applies all at one timestamp', async () => {
      const uid = newUid();
      const before = await store.putBso(
        uid,
        'passwords',
        { id: 'keep', payload: 'kept', sortindex: 9 },
        {},
      );
      const batch = await store.createBatch(
        uid,
        'passwords',
        [
          { id: 'a', payload: 'a1' },
          { id: 'b', payload: 'b1' },
        ],
        { lifetimeMs: HOUR },
      );
      await store.appendBatch(
        uid,
        'passwords',
        batch,
        [
          { id: 'a', payload: 'a2' },
          { id: 'keep', sortindex: 1 },
        ],
        {},
      );
      assert.equal(
        await store.getBso(uid, 'passwords', 'a', s.now()),
        undefined,
        'nothing visible yet',
      );
      assert.equal(await store.collectionModified(uid, 'passwords'), before);
      const ts = await store.commitBatch(
        uid,
        'passwords',
        batch,
        [
          { id: 'c', payload: 'c1' },
          { id: 'b', sortindex: 4 },
        ],
        {},
      );
      const all = await store.listBsos(uid, 'passwords', query({ sort: 'oldest' }), s.now());
      assert.deepEqual(
        all.items.map((b) => [b.id, b.payload, b.sortindex, b.modified]),
        [
          ['a', 'a2', undefined, ts],
          ['b', 'b1', 4, ts],
          ['c', 'c1', undefined, ts],
          ['keep', 'kept', 1, ts],
        ],
      );
      await assert.rejects(
        store.commitBatch(uid, 'passwords', batch, [], {}),
        UnknownBatch,
        'a committed batch is gone',
      );
      await assert.rejects(
        store.appendBatch(uid, 'passwords', batch, [{ id: 'z' }], {}),
        UnknownBatch,
      );
    });

    it('belongs to one user and one collection, and lapses', async () => {
      const uid = newUid();
      const batch = await store.createBatch(uid, 'tabs', [{ id: 'a', payload: 'x' }], {
        lifetimeMs: 1000,
      });
      await assert.rejects(store.appendBatch(newUid(), 'tabs', batch, [], {}), UnknownBatch);
      await assert.rejects(store.commitBatch(uid, 'clients', batch, [], {}), UnknownBatch);
      s.advance(1500);
      await assert.rejects(store.commitBatch(uid, 'tabs', batch, [], {}), UnknownBatch);
      assert.ok((await store.purgeExpired(s.now())) >= 1);
    });
  });

  describe('deletes', () => {
    beforeEach(setUp);
    it('deletes a collection, keeping the storage timestamp moving forward', async () => {
      const uid = newUid();
      await store.putBso(uid, 'tabs', { id: 'a', payload: 'x' }, {});
      const t2 = await store.putBso(uid, 'forms', { id: 'b', payload: 'y' }, {});
      const t3 = await store.deleteCollection(uid, 'forms', {});
      assert.ok(t3 > t2);
      const { storage, collections } = await store.timestamps(uid);
      assert.equal(storage, t3);
      assert.deepEqual([...collections.keys()], ['tabs']);
      assert.equal(await store.getBso(uid, 'forms', 'b', s.now()), undefined);
      assert.equal(await store.deleteCollection(uid, 'never-written', {}), t3);
    });

    it('deletes some ids, keeping the collection with a new timestamp', async () => {
      const uid = newUid();
      await store.postBsos(uid, 'bookmarks', [{ id: 'a' }, { id: 'b' }, { id: 'c' }], {});
      const ts = await store.deleteBsos(uid, 'bookmarks', ['a', 'c', 'nope'], {});
      assert.equal(await store.collectionModified(uid, 'bookmarks'), ts);
      const left = await store.listBsos(uid, 'bookmarks', query({ full: false }), s.now());
      assert.deepEqual(
        left.items.map((b) => b.id),
        ['b'],
      );
      const one = await store.deleteBso(uid, 'bookmarks', 'b', {});
      assert.ok(one !== undefined && one > ts);
      assert.equal(await store.deleteBso(uid, 'bookmarks', 'b', {}), undefined);
    });

    it('wipes a user, storage or account, and nobody else', async () => {
      const wipes = [
        { wipe: (uid: number) => store.deleteStorage(uid, {}), refusal: UnknownBatch },
        // A retired uid may not write at all, so its batch is beside the point.
        { wipe: (uid: number) => store.deleteUser(uid), refusal: RetiredUser },
      ];
      for (const { wipe, refusal } of wipes) {
        const [uid, other] = [newUid(), newUid()];
        const batches: string[] = [];
        for (const u of [uid, other]) {
          await store.postBsos(u, 'clients', [{ id: 'me', payload: 'x' }], {});
          const opts = { lifetimeMs: HOUR };
          batches.push(await store.createBatch(u, 'history', [{ id: 'h', payload: 'y' }], opts));
        }
        await wipe(uid);
        assert.deepEqual(await store.timestamps(uid), { storage: 0, collections: new Map() });
        assert.deepEqual(await store.usage(uid), []);
        await assert.rejects(store.commitBatch(uid, 'history', batches[0]!, [], {}), refusal);
        assert.equal((await store.usage(other))[0]?.bsos, 1);
        assert.equal((await store.timestamps(other)).collections.size, 1);
        await store.commitBatch(other, 'history', batches[1]!, [], {});
      }
    });

    it('refuses every write of a retired uid, for good, and keeps its rows out', async () => {
      const uid = newUid();
      await store.putBso(uid, 'meta', { id: 'global', payload: 'x' }, {});
      // Writes race the retirement; each commits before it or is refused.
      const racing = Array.from({ length: 20 }, (_, n) =>
        store.postBsos(uid, 'history', [{ id: `h${n}`, payload: 'y' }], {}).then(
          () => 'written',
          (err: unknown) => (err instanceof RetiredUser ? 'refused' : err),
        ),
      );
      await store.deleteUser(uid);
      const outcomes = new Set(await Promise.all(racing));
      assert.deepEqual(
        [...outcomes].filter((o) => o !== 'written' && o !== 'refused'),
        [],
      );
      assert.deepEqual(await store.usage(uid), [], 'what was written before it is erased too');
      const bso = { id: 'global', payload: 'x' };
      for (const write of [
        () => store.putBso(uid, 'meta', bso, {}),
        () => store.postBsos(uid, 'meta', [bso], {}),
        () => store.createBatch(uid, 'meta', [bso], { lifetimeMs: HOUR }),
        () => store.deleteBsos(uid, 'meta', ['global'], {}),
        () => store.deleteStorage(uid, {}),
      ]) {
        await assert.rejects(write(), RetiredUser);
      }
      await store.deleteUser(uid);
      assert.deepEqual(await store.timestamps(uid), { storage: 0, collections: new Map() });
    });
  });
}
