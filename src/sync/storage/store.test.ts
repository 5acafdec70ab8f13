// The SyncStore contract on SQLite and on MySQL, over the shared driver and
// the migrated schema, as main.ts opens it.
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
