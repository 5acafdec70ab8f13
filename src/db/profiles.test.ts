// The ProfileStore on SQLite and on MySQL: the profile read comes with its
// access token's row and ends with either; the display name round-trips
// whatever characters the route admits, can be cleared, belongs to one
// account, and goes when the account does.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, it } from 'node:test';
import { describeEachDatabase } from '../../test/helpers/databases.js';
import { openStore } from './index.js';
import type { Store } from './store.js';
import { NOW, newAccount, newToken } from './store.fixtures.js';

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

  it("reads an access token's row and its account's profile in one go, none once either is gone", async () => {
    const a = newAccount({ locale: 'de-CH' });
    const session = newToken('sessionToken', a.uid);
    await store.createAccount(a, [session]);
    const check = { uid: a.uid, sessionTokenId: session.record.tokenId };
    const token = {
      jti: randomBytes(32),
      clientId: Buffer.from('5882386c6d801776', 'hex'),
      uid: a.uid,
      scope: 'profile',
      createdAt: NOW,
      expiresAt: NOW + 3_600_000,
    };
    await store.oauth.issueTokens(token, undefined, check);
    const profile = { uid: a.uid, email: a.email, locale: 'de-CH', displayName: null };
    const expected = { uid: a.uid, scope: 'profile', expiresAt: token.expiresAt, profile };
    assert.deepEqual(await store.profiles.forAccessToken(token.jti), expected);
    await store.profiles.setDisplayName(a.uid, 'Grace');
    assert.deepEqual(await store.profiles.forAccessToken(token.jti), {
      ...expected,
      profile: { ...profile, displayName: 'Grace' },
    });
    assert.equal(await store.profiles.forAccessToken(randomBytes(32)), undefined);
    await store.oauth.deleteAccessToken(token.jti, token.clientId);
    assert.equal(await store.profiles.forAccessToken(token.jti), undefined, 'revoked');
    const again = { ...token, jti: randomBytes(32) };
    await store.oauth.issueTokens(again, undefined, check);
    assert.ok(await store.profiles.forAccessToken(again.jti));
    await store.deleteAccount(a.uid);
    assert.equal(await store.profiles.forAccessToken(again.jti), undefined, 'account gone');
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
