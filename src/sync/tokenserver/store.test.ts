// The TokenserverStore contract on SQLite and on MySQL, over the driver the
// server itself opens.
import { describeEachDatabase } from '../../../test/helpers/databases.js';
import { openDatabase } from '../../db/index.js';
import { SqlTokenserverStore } from './sql-store.js';
import { tokenserverStoreContract } from './store.contract.js';

describeEachDatabase('TokenserverStore', (db) => {
  tokenserverStoreContract(async () => {
    const { store, driver } = await openDatabase(db().url, { migrate: true });
    return { users: new SqlTokenserverStore(driver), accounts: store, close: () => store.close() };
  });
});
