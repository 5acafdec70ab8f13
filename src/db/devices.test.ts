// The DeviceStore contract, on SQLite and on MySQL.
import { describeEachDatabase } from '../../test/helpers/databases.js';
import { deviceContract } from './devices.contract.js';
import { openStore } from './index.js';

describeEachDatabase('DeviceStore', (db) => {
  deviceContract(() => openStore(db().url, { migrate: true }));
});
