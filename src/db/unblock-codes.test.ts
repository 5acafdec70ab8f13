// The unblock-code part of the Store, on SQLite and on MySQL: a code is
// spent once even under concurrency, expired codes are swept, and an
// account delete takes the account's codes with it.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, it } from 'node:test';
import { describeEachDatabase } from '../../test/helpers/databases.js';
import { openStore } from './index.js';
import type { Store } from './store.js';
import { NOW, newAccount } from './store.fixtures.js';

const HOUR = 3_600_000;
const sorted = (hashes: Buffer[]) => hashes.map((h) => h.toString('hex')).sort();

describeEachDatabase('UnblockCodeStore', (db) => {
  let store: Store;
  before(async () => {
    store = await openStore(db().url, { migrate: true });
  });
  after(async () => {
    await store.close();
  });

  async function account() {
    const a = newAccount();
    await store.createAccount(a, []);
    return a.uid;
  }

  it('keeps several live codes per account and spends each once', async () => {
    const uid = await account();
    const [first, second] = [randomBytes(32), randomBytes(32)];
    await store.unblockCodes.add(uid, first, NOW, NOW - HOUR);
    await store.unblockCodes.add(uid, second, NOW + 1, NOW - HOUR);
    assert.deepEqual(
      sorted(await store.unblockCodes.live(uid, NOW - HOUR)),
      sorted([first, second]),
    );
    assert.deepEqual(await store.unblockCodes.live(await account(), NOW - HOUR), []);

    const spent = await Promise.all(
      Array.from({ length: 5 }, () => store.unblockCodes.remove(uid, first)),
    );
    assert.deepEqual(spent.sort(), [false, false, false, false, true]);
    assert.deepEqual(sorted(await store.unblockCodes.live(uid, NOW - HOUR)), sorted([second]));
  });

  it('reports only codes created since notBefore, and sweeps older ones on add', async () => {
    const uid = await account();
    const old = randomBytes(32);
    await store.unblockCodes.add(uid, old, NOW - 2 * HOUR, NOW - 3 * HOUR);
    assert.deepEqual(await store.unblockCodes.live(uid, NOW - HOUR), []);
    assert.equal(
      (await store.unblockCodes.live(uid, NOW - 3 * HOUR)).length,
      1,
      'still stored until swept',
    );
    await store.unblockCodes.add(uid, randomBytes(32), NOW, NOW - HOUR);
    assert.equal((await store.unblockCodes.live(uid, 0)).length, 1, 'the old one was swept');
  });

  it('deletes the codes with the account', async () => {
    const uid = await account();
    await store.unblockCodes.add(uid, randomBytes(32), NOW, NOW - HOUR);
    await store.deleteAccount(uid);
    assert.deepEqual(await store.unblockCodes.live(uid, 0), []);
  });
});
