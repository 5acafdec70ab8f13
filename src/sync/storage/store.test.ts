// The SyncStore contract on SQLite and on MySQL, over the shared driver and
// the migrated schema, as main.ts opens it.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeEachDatabase } from '../../../test/helpers/databases.js';
import { openDatabase } from '../../db/index.js';
import { SqlSyncStore } from './sql/store.js';
import { DEFAULT_TTL_S, syncDialect } from './sql/dialect.js';
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

// Two server processes share one database, and one's clock runs ahead: the
// other's next write of the same user must still get a later timestamp,
// and get it without waiting inside its transaction, where a wait would
// hold the user's lock (and on SQLite the one writer) for its length.
describeEachDatabase('SqlSyncStore writes behind another process', (db) => {
  // A wait for the clock would never end here: the timeout turns it into a failure.
  const opts = { timeout: 20_000 };
  it(
    'takes the tick after a newer write at once, even while its clock stands still',
    opts,
    async () => {
      const { store: main, driver } = await openDatabase(db().url, { migrate: true });
      try {
        const frozen = 1_800_000_000_000;
        const ahead = new SqlSyncStore(driver, () => frozen + 500);
        const behind = new SqlSyncStore(driver, () => frozen);
        const uid = 4242;
        const first = await ahead.putBso(uid, 'meta', { id: 'global', payload: 'a' }, {});
        const second = await behind.putBso(uid, 'meta', { id: 'global', payload: 'b' }, {});
        assert.equal(second, first + 10);
      } finally {
        await main.close();
      }
    },
  );
});

// MariaDB 10.11.19 (Debian 12) crashed with signal 11 freeing the internal
// temporary table of a batch insert that read sync_bso while inserting into
// it, with two processes writing one user (dialect.ts, insertFromBatch).
describeEachDatabase('SqlSyncStore batch insert plan', (db) => {
  it('inserts a batch’s new BSOs without an internal temporary table', async () => {
    const { store: main, driver } = await openDatabase(db().url, { migrate: true });
    try {
      const sql = syncDialect(driver.dialect).insertFromBatch;
      const params = [1, 4, 0, 0, DEFAULT_TTL_S, 'batch'];
      const plan =
        driver.dialect === 'mysql'
          ? (await driver.all(`EXPLAIN ${sql}`, params)).map((row) => String(row.Extra))
          : (await driver.all(`EXPLAIN QUERY PLAN ${sql}`, params)).map((row) =>
              String(row.detail),
            );
      assert.ok(plan.length > 0);
      assert.ok(!plan.some((step) => /temporary|TEMP/i.test(step)), plan.join('; '));
    } finally {
      await main.close();
    }
  });
});
