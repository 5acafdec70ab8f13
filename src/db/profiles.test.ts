// The ProfileStore on SQLite and on MySQL: the display name round-trips
// whatever characters the route admits, can be cleared, belongs to one
// account, and goes when the account does.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, it } from 'node:test';
import { describeEachDatabase } from '../../test/helpers/databases.js';
import { openStore } from './index.js';
import type { Store } from './store.js';
import { newAccount } from './store.fixtures.js';

describeEachDatabase('ProfileStore', (db) => {
  let store: Store;
  before(async () => {
    store = await openStore(db().url, { migrate: true });
  });
  after(async () => {
    await store.close();
  });

  async function account(): Promise<Buffer> {
    const a = newAccount();
    await store.createAccount(a, []);
    return a.uid;
  }

  it('reads the profile fields in one go, the display name with them, none for an unknown uid', async () => {
    const a = newAccount({ locale: 'de-CH' });
    await store.createAccount(a, []);
    const profile = { uid: a.uid, email: a.email, locale: 'de-CH', displayName: null };
    assert.deepEqual(await store.profiles.profile(a.uid), profile);
    await store.profiles.setDisplayName(a.uid, 'Grace');
    assert.deepEqual(await store.profiles.profile(a.uid), { ...profile, displayName: 'Grace' });
    assert.equal(await store.profiles.profile(randomBytes(16)), undefined);
    await store.deleteAccount(a.uid);
    assert.equal(await store.profiles.profile(a.uid), undefined);
  });

  it('has no display name until one is set, then reports it', async () => {
    const uid = await account();
    assert.equal(await store.profiles.displayName(uid), null);
    assert.equal(await store.profiles.setDisplayName(uid, 'Ada Lovelace'), true);
    assert.equal(await store.profiles.displayName(uid), 'Ada Lovelace');
  });

  it('keeps non-ASCII names, emoji and 256 characters intact', async () => {
    const uid = await account();
    for (const name of ['Zoë Ærøskøbing', '山田 太郎', 'Ninja 🥷🏽', 'é'.repeat(256)]) {
      await store.profiles.setDisplayName(uid, name);
      assert.equal(await store.profiles.displayName(uid), name);
    }
  });

  it('answers true when the same name is set again, and clears with null', async () => {
    const uid = await account();
    await store.profiles.setDisplayName(uid, 'Same');
    assert.equal(await store.profiles.setDisplayName(uid, 'Same'), true);
    assert.equal(await store.profiles.setDisplayName(uid, null), true);
    assert.equal(await store.profiles.displayName(uid), null);
  });

  it('changes only its own account, refuses an unknown one, and goes with the account', async () => {
    const [mine, theirs] = [await account(), await account()];
    await store.profiles.setDisplayName(mine, 'Mine');
    await store.profiles.setDisplayName(theirs, 'Theirs');
    assert.equal(await store.profiles.displayName(mine), 'Mine');
    assert.equal(await store.profiles.setDisplayName(randomBytes(16), 'Nobody'), false);
    assert.equal(await store.profiles.displayName(randomBytes(16)), null);
    await store.deleteAccount(theirs);
    assert.equal(await store.profiles.displayName(theirs), null);
    assert.equal(await store.profiles.displayName(mine), 'Mine');
  });
});
