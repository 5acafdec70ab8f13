// How the store reports a database that cannot answer (StoreUnavailableError,
// answered 503 errno 201) apart from a statement at fault (rethrown as the
// driver raised it), on SQLite and on MySQL. Outages of a real server are
// in test/remote/database-outage.test.ts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeEachDatabase } from '../../test/helpers/databases.js';
import { openStore } from './index.js';
import { openDriver } from './sql/connect.js';
import { DeadlineError, within } from './sql/deadline.js';
import { DuplicateError, StoreUnavailableError } from './store.js';
import { newAccount } from './store.fixtures.js';

describeEachDatabase('store failures', (db) => {
  it('keeps a duplicate a DuplicateError, and makes a closed store unavailable', async () => {
    const store = await openStore(db().url, { migrate: true });
    const account = newAccount();
    await store.createAccount(account, []);
    await assert.rejects(store.createAccount(account, []), DuplicateError);
    await store.close();
    await assert.rejects(store.accountByUid(account.uid), StoreUnavailableError);
    await assert.rejects(store.createAccount(newAccount(), []), StoreUnavailableError);
    await assert.rejects(store.ping(), StoreUnavailableError);
  });

  it('rethrows a statement at fault as the driver raised it', async () => {
    const driver = await openDriver(db().url);
    try {
      await assert.rejects(driver.get('SELECT nothing FROM no_such_table'), (err: unknown) => {
        assert.ok(!(err instanceof StoreUnavailableError), String(err));
        return true;
      });
    } finally {
      await driver.close();
    }
  });
});

describe('within', () => {
  it('gives up at the deadline and lets go of what the work holds', async () => {
    let abandoned = false;
    const never = new Promise<never>(() => undefined);
    const began = Date.now();
    await assert.rejects(
      within(50, never, () => (abandoned = true)),
      DeadlineError,
    );
    assert.ok(abandoned);
    assert.ok(Date.now() - began < 1000);
  });

  it('settles as the work does when it is in time, and never bounds at 0', async () => {
    let abandoned = false;
    assert.equal(await within(1000, Promise.resolve(7), () => (abandoned = true)), 7);
    await assert.rejects(
      within(1000, Promise.reject(new Error('no')), () => undefined),
      /no/,
    );
    const slow = new Promise((resolve) => setTimeout(() => resolve('late'), 30));
    assert.equal(await within(0, slow, () => (abandoned = true)), 'late');
    assert.equal(abandoned, false);
  });
});
