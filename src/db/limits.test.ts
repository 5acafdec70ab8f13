// The per-account caps, on SQLite and on MySQL: a grant past a cap is
// refused with LimitError and nothing already held is dropped, also when
// the grants arrive all at once.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, it } from 'node:test';
import { describeEachDatabase } from '../../test/helpers/databases.js';
import { openStore } from './index.js';
import { LimitError, type AccountLimits, type GrantCheck, type Store } from './store.js';
import { accountWithSessions, newCommand, newDevice } from './devices.fixtures.js';
import { NOW, newAccount, newToken } from './store.fixtures.js';

const LIMITS: AccountLimits = {
  sessionsPerAccount: 4,
  devicesPerAccount: 2,
  refreshTokensPerClient: 2,
  oauthCodesPerAccount: 2,
  commandsPerDevice: 3,
};
const CLIENT = Buffer.from('5882386c6d801776', 'hex');
const OTHER_CLIENT = Buffer.from('0123456789abcdef', 'hex');

/** Settles every promise; counts the fulfilled ones and rethrows anything but LimitError. */
async function granted(grants: Promise<unknown>[]): Promise<number> {
  const results = await Promise.allSettled(grants);
  for (const r of results) {
    if (r.status === 'rejected' && !(r.reason instanceof LimitError)) throw r.reason;
  }
  return results.filter((r) => r.status === 'fulfilled').length;
}

describeEachDatabase('account limits', (db) => {
  let store: Store;
  before(async () => {
    store = await openStore(db().url, { migrate: true, limits: LIMITS });
  });
  after(async () => {
    await store.close();
  });

  it('refuses a session past sessionsPerAccount, also to concurrent logins', async () => {
    const account = newAccount();
    await store.createAccount(account, [newToken('sessionToken', account.uid)]);
    const checked = { uid: account.uid, verifierSetAt: account.verifierSetAt };
    const login = () => store.createTokens([newToken('sessionToken', account.uid)], checked);
    assert.equal(await granted(Array.from({ length: 8 }, login)), 3);
    assert.equal((await store.sessionsOf(account.uid)).length, 4);
    await assert.rejects(login(), (err: unknown) => {
      assert.ok(err instanceof LimitError);
      assert.equal(err.limit, 'sessionsPerAccount');
      return true;
    });
    // A signed-out session makes room again.
    const [oldest] = await store.sessionsOf(account.uid);
    await store.deleteToken('sessionToken', oldest!.tokenId);
    await login();
  });

  it('refuses a device past devicesPerAccount', async () => {
    const { uid, sessions } = await accountWithSessions(store, 4);
    const results = await granted(
      sessions.map((s) => store.devices.registerDevice(newDevice(uid, s))),
    );
    assert.equal(results, 2);
    assert.equal((await store.devices.devicesOf(uid)).length, 2);
  });

  it('refuses a queued command past commandsPerDevice, counting unexpired ones only', async () => {
    const { uid, sessions } = await accountWithSessions(store, 2);
    const target = newDevice(uid, sessions[0]!);
    await store.devices.registerDevice(target);
    const sender: GrantCheck = { uid, sessionTokenId: sessions[1]! };
    const expired = newCommand(uid, target.id, { createdAt: NOW - 10, expiresAt: NOW - 1 });
    await store.devices.enqueueCommand(expired, sender);
    const enqueue = () => store.devices.enqueueCommand(newCommand(uid, target.id), sender);
    assert.equal(await granted(Array.from({ length: 5 }, enqueue)), 3);
    await assert.rejects(enqueue(), LimitError);
  });

  it('refuses a refresh token past refreshTokensPerClient, per client', async () => {
    const { uid, sessions } = await accountWithSessions(store, 1);
    const check: GrantCheck = { uid, sessionTokenId: sessions[0]! };
    const issue = (clientId: Buffer) => {
      const base = { clientId, uid, scope: 'profile', createdAt: NOW };
      const access = { ...base, jti: randomBytes(32), expiresAt: NOW + 3_600_000 };
      const refresh = { ...base, tokenHash: randomBytes(32), authAt: NOW, lastUsedAt: NOW };
      return store.oauth.issueTokens(access, refresh, check);
    };
    assert.equal(await granted(Array.from({ length: 4 }, () => issue(CLIENT))), 2);
    await issue(OTHER_CLIENT);
    assert.equal((await store.oauth.refreshTokensOf(uid)).length, 3);
  });

  it('refuses an authorization code past oauthCodesPerAccount, until one is spent', async () => {
    const { uid, sessions } = await accountWithSessions(store, 1);
    const check: GrantCheck = { uid, sessionTokenId: sessions[0]! };
    const code = () => ({
      codeHash: randomBytes(32),
      clientId: CLIENT,
      uid,
      scope: 'profile',
      offline: false,
      codeChallenge: randomBytes(32).toString('base64url'),
      keysJwe: null,
      authAt: NOW,
      createdAt: NOW,
      expiresAt: NOW + 900_000,
    });
    const first = code();
    await store.oauth.createCode(first, check);
    await store.oauth.createCode(code(), check);
    await assert.rejects(store.oauth.createCode(code(), check), LimitError);
    assert.ok(await store.oauth.consumeCode(first.codeHash));
    await store.oauth.createCode(code(), check);
  });
});
