// The SyncStore contract on SQLite and on MySQL, over the shared driver and
// the migrated schema, as main.ts opens it.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeEachDatabase } from '../../../test/helpers/databases.js';
import { openDatabase } from '../../db/index.js';
import { SqlSyncStore } from './sql/store.js';
import { syncStoreContract } from './store.contract.js';

describeEachDatabase('SyncStore', (db) => {
  syncStoreContract(async () => {
    const { store, driver } = await openDatabase(db().url, { migrate: true });
    let offset = 0;
    const now = () => Date.now() + offset;
    return {
      store: new SqlSyncStore(driver, now),
      now,
      advance: (ms) => void (offset += ms),
      close: () => store.close(),
    };
  });
});

describeEachDatabase('SqlSyncStore pages of full BSOs', (db) => {
  it('ends a page early once its payloads pass the byte cap, and the next page goes on', async () => {
    const { store: main, driver } = await openDatabase(db().url, { migrate: true });
    try {
      const store = new SqlSyncStore(driver, Date.now, 2500);
      const uid = 77;
      for (let i = 0; i < 5; i++) {
        await store.putBso(uid, 'history', { id: `h${i}`, payload: 'x'.repeat(1000) }, {});
      }
      const query = { sort: 'oldest' as const, limit: 100, full: true };
      const first = await store.listBsos(uid, 'history', query, Date.now());
      assert.deepEqual(
        first.items.map((b) => b.id),
        ['h0', 'h1'],
      );
      assert.ok(first.nextOffset);
      const rest: string[] = [];
      let offset: string | undefined = first.nextOffset;
      while (offset) {
        const page = await store.listBsos(uid, 'history', { ...query, offset }, Date.now());
        rest.push(...page.items.map((b) => b.id));
        offset = page.nextOffset;
      }
      assert.deepEqual(rest, ['h2', 'h3', 'h4']);
      // Ids alone are not capped: they carry no payload.
      const ids = await store.listBsos(uid, 'history', { ...query, full: false }, Date.now());
      assert.equal(ids.items.length, 5);
    } finally {
      await main.close();
    }
  });
});
