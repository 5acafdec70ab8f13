// The OAuth part of the Store, on SQLite and on MySQL: codes are spent once
// even under concurrency, tokens are revocable by their own client only, and
// an account delete or password reset takes every code and token with it.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { describeEachDatabase } from '../../test/helpers/databases.js';
import { openStore } from './index.js';
import type { Store } from './store.js';
import type { OAuthAccessTokenRecord, OAuthCodeRecord, OAuthRefreshTokenRecord } from './oauth.js';
import { NOW, newAccount, newToken } from './store.fixtures.js';

const CLIENT = Buffer.from('5882386c6d801776', 'hex');
const OTHER_CLIENT = Buffer.from('0123456789abcdef', 'hex');

function code(uid: Buffer, fields: Partial<OAuthCodeRecord> = {}): OAuthCodeRecord {
  return {
    codeHash: randomBytes(32),
    clientId: CLIENT,
    uid,
    scope: 'profile https://identity.mozilla.com/apps/oldsync',
    offline: true,
    codeChallenge: randomBytes(32).toString('base64url'),
    keysJwe: 'eyJhbGciOiJFQ0RILUVTIn0..iv.ciphertext.tag',
    authAt: NOW - 10,
    createdAt: NOW,
    expiresAt: NOW + 900_000,
    ...fields,
  };
}

function access(uid: Buffer, fields: Partial<OAuthAccessTokenRecord> = {}): OAuthAccessTokenRecord {
  const base = { jti: randomBytes(32), clientId: CLIENT, uid, scope: 'profile' };
  return { ...base, createdAt: NOW, expiresAt: NOW + 3_600_000, ...fields };
}

function refresh(uid: Buffer): OAuthRefreshTokenRecord {
  const base = { tokenHash: randomBytes(32), clientId: CLIENT, uid, scope: 'profile' };
  return { ...base, authAt: NOW - 10, createdAt: NOW, lastUsedAt: NOW };
}

describeEachDatabase('OAuthStore', (db) => {
  let store: Store;
  before(async () => {
    store = await openStore(db().url, { migrate: true });
  });
  after(async () => {
    await store.close();
  });

  /** A stored account, so cascades have something to cascade from. */
  async function account() {
    const a = newAccount({ emailVerified: true, keysChangedAt: NOW });
    const change = newToken('passwordChangeToken', a.uid);
    await store.createAccount(a, [change]);
    return { account: a, change };
  }

  describe('codes', () => {
    it('reads a code back exactly once', async () => {
      const c = code(randomBytes(16));
      await store.oauth.createCode(c);
      assert.deepEqual(await store.oauth.consumeCode(c.codeHash), c);
      assert.equal(await store.oauth.consumeCode(c.codeHash), undefined);
      const online = code(randomBytes(16), { offline: false, keysJwe: null });
      await store.oauth.createCode(online);
      assert.deepEqual(await store.oauth.consumeCode(online.codeHash), online);
    });

    it('gives a code to one of many concurrent consumers', async () => {
      const c = code(randomBytes(16));
      await store.oauth.createCode(c);
      const results = await Promise.all(
        Array.from({ length: 8 }, () => store.oauth.consumeCode(c.codeHash)),
      );
      assert.equal(results.filter((r) => r !== undefined).length, 1);
    });

    it("sweeps the account's expired codes when it is issued a new one", async () => {
      const uid = randomBytes(16);
      const expired = code(uid, { createdAt: NOW - 1000, expiresAt: NOW - 1 });
      const elsewhere = code(randomBytes(16), { expiresAt: NOW - 1 });
      await store.oauth.createCode(expired);
      await store.oauth.createCode(elsewhere);
      await store.oauth.createCode(code(uid));
      assert.equal(await store.oauth.consumeCode(expired.codeHash), undefined);
      assert.ok(await store.oauth.consumeCode(elsewhere.codeHash), "another account's is kept");
    });
  });

  describe('tokens', () => {
    it('stores an access token with its refresh token and reads both back', async () => {
      const uid = randomBytes(16);
      const a = access(uid);
      const r = refresh(uid);
      await store.oauth.issueTokens(a, r);
      assert.deepEqual(await store.oauth.accessToken(a.jti), a);
      assert.deepEqual(await store.oauth.useRefreshToken(r.tokenHash, NOW + 5), {
        ...r,
        lastUsedAt: NOW + 5,
      });
      assert.equal(await store.oauth.useRefreshToken(randomBytes(32), NOW), undefined);
    });

    it('revokes a token only for the client it was issued to', async () => {
      const uid = randomBytes(16);
      const a = access(uid);
      const r = refresh(uid);
      await store.oauth.issueTokens(a, r);
      assert.equal(await store.oauth.deleteRefreshToken(r.tokenHash, OTHER_CLIENT), false);
      assert.equal(await store.oauth.deleteAccessToken(a.jti, OTHER_CLIENT), false);
      assert.equal(await store.oauth.deleteRefreshToken(r.tokenHash, CLIENT), true);
      assert.equal(await store.oauth.deleteAccessToken(a.jti, CLIENT), true);
      assert.equal(await store.oauth.useRefreshToken(r.tokenHash, NOW), undefined);
      assert.equal(await store.oauth.accessToken(a.jti), undefined);
      assert.equal(await store.oauth.deleteRefreshToken(r.tokenHash, CLIENT), false);
    });

    it("sweeps the account's expired access tokens when it is issued a new one", async () => {
      const uid = randomBytes(16);
      const expired = access(uid, { createdAt: NOW - 1000, expiresAt: NOW });
      const live = access(uid);
      await store.oauth.issueTokens(expired);
      await store.oauth.issueTokens(live);
      await store.oauth.issueTokens(access(uid, { createdAt: NOW + 1 }));
      assert.equal(await store.oauth.accessToken(expired.jti), undefined);
      assert.deepEqual(await store.oauth.accessToken(live.jti), live);
    });
  });

  describe('cascades', () => {
    async function grantsOf(uid: Buffer) {
      const c = code(uid);
      const a = access(uid);
      const r = refresh(uid);
      await store.oauth.createCode(c);
      await store.oauth.issueTokens(a, r);
      return { c, a, r };
    }

    async function assertGone(g: Awaited<ReturnType<typeof grantsOf>>, gone = true) {
      const found = [
        await store.oauth.accessToken(g.a.jti),
        await store.oauth.useRefreshToken(g.r.tokenHash, NOW),
        await store.oauth.consumeCode(g.c.codeHash),
      ];
      assert.deepEqual(
        found.map((f) => f === undefined),
        [gone, gone, gone],
      );
    }

    it('an account delete takes its codes and tokens, and no one else’s', async () => {
      const { account: a } = await account();
      const { account: bystander } = await account();
      const mine = await grantsOf(a.uid);
      const theirs = await grantsOf(bystander.uid);
      await store.deleteAccount(a.uid);
      await assertGone(mine);
      await assertGone(theirs, false);
    });

    it('a password change keeps keysChangedAt; a reset moves it; both revoke everything', async () => {
      const { account: a, change } = await account();
      const grants = await grantsOf(a.uid);
      const verifier = {
        authSalt: randomBytes(32),
        verifyHash: randomBytes(32),
        wrapWrapKb: randomBytes(32),
        verifierVersion: 1,
        verifierSetAt: NOW + 1000,
      };
      const consume = { type: 'passwordChangeToken' as const, tokenId: change.record.tokenId };
      assert.equal(await store.resetAccount(a.uid, verifier, consume), true);
      assert.equal((await store.accountByUid(a.uid))?.keysChangedAt, NOW);
      await assertGone(grants);

      const reset = newToken('accountResetToken', a.uid);
      await store.createTokens([reset]);
      const resetFields = { ...verifier, verifierSetAt: NOW + 2000, keysChangedAt: NOW + 2000 };
      const consumeReset = { type: 'accountResetToken' as const, tokenId: reset.record.tokenId };
      assert.equal(await store.resetAccount(a.uid, resetFields, consumeReset), true);
      assert.deepEqual(await store.accountByUid(a.uid), { ...a, ...resetFields });
    });
  });
});
