// The TokenserverStore contract on SQLite and on MySQL, over the driver the
// server itself opens.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { it } from 'node:test';
import { describeEachDatabase } from '../../../test/helpers/databases.js';
import { openDatabase } from '../../db/index.js';
import { migrationsDir } from '../../db/sql/migrations.js';
import { SqlSyncStore } from '../storage/sql/store.js';
import { SqlTokenserverStore } from './sql-store.js';
import { CONFLICT } from './store.js';
import { tokenserverStoreContract } from './store.contract.js';

describeEachDatabase('TokenserverStore', (db) => {
  tokenserverStoreContract(async () => {
    const { store, driver } = await openDatabase(db().url, { migrate: true });
    return { users: new SqlTokenserverStore(driver), accounts: store, close: () => store.close() };
  });
});

// Reversing patch 6 drops the users but not the storage under their uids:
// applied again, it must count on past every uid storage holds, or the
// next user would be handed a uid whose data (and whose old, still valid
// tokens) are someone else's.
describeEachDatabase('Patch 6 applied again', (db) => {
  const user = () => ({
    fxaUid: randomBytes(16),
    generation: 1,
    clientState: randomBytes(16).toString('hex'),
    keysChangedAt: 1,
    createdAt: Date.now(),
    node: 'https://sync.example/sync',
  });

  it('hands out no uid that storage already holds data for', async () => {
    const first = await openDatabase(db().url, { migrate: true });
    const placed = await new SqlTokenserverStore(first.driver).allocate(user(), null);
    assert.ok(placed !== CONFLICT);
    const storage = new SqlSyncStore(first.driver, () => Date.now());
    await storage.postBsos(placed.uid, 'tabs', [{ id: 'mine', payload: 'x' }], {});
    await storage.postBsos(placed.uid + 5, 'tabs', [{ id: 'retired', payload: 'x' }], {});
    await storage.deleteUser(placed.uid + 5);
    const dir = join(migrationsDir(), first.driver.dialect);
    await first.driver.migration(async (session) => {
      for (const file of ['007-unblock-codes.reverse.sql', '006-sync-users.reverse.sql']) {
        await session.script(await readFile(join(dir, file), 'utf8'));
      }
    });
    await first.store.close();

    const again = await openDatabase(db().url, { migrate: true });
    try {
      const next = await new SqlTokenserverStore(again.driver).allocate(user(), null);
      assert.ok(next !== CONFLICT);
      assert.ok(next.uid > placed.uid + 5, `uid ${next.uid} is past ${placed.uid + 5}`);
    } finally {
      await again.store.close();
    }
  });
});
