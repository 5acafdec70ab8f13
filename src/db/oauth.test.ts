// The OAuth part of the Store, on SQLite and on MySQL: codes are spent once
// even under concurrency, tokens are revocable by their own client only, and
// an account delete or password reset takes every code and token with it.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { describeEachDatabase } from '../../test/helpers/databases.js';
import { openStore } from './index.js';
import type { GrantCheck, Store } from './store.js';
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
    const session = newToken('sessionToken', a.uid);
    await store.createAccount(a, [change, session]);
    const check: GrantCheck = { uid: a.uid, sessionTokenId: session.record.tokenId };
    return { account: a, change, check };
  }

  /** A signed-in account's uid and the check its session's grants pass. */
  async function signedIn(): Promise<{ uid: Buffer; check: GrantCheck }> {
    const { account: a, check } = await account();
    return { uid: a.uid, check };
  }

  const consumed = async (c: OAuthCodeRecord) => (await store.oauth.consumeCode(c.codeHash))?.code;

  describe('codes', () => {
    it('reads a code back exactly once, with the verifierSetAt it was spent under', async () => {
      const { uid, check } = await signedIn();
      const c = code(uid);
      await store.oauth.createCode(c, check);
      assert.deepEqual(await store.oauth.consumeCode(c.codeHash), { code: c, verifierSetAt: NOW });
      assert.equal(await store.oauth.consumeCode(c.codeHash), undefined);
      const online = code(uid, { offline: false, keysJwe: null });
      await store.oauth.createCode(online, check);
      assert.deepEqual(await consumed(online), online);
    });

    it('gives a code to one of many concurrent consumers', async () => {
      const { uid, check } = await signedIn();
      const c = code(uid);
      await store.oauth.createCode(c, check);
      const results = await Promise.all(
        Array.from({ length: 8 }, () => store.oauth.consumeCode(c.codeHash)),
      );
      assert.equal(results.filter((r) => r !== undefined).length, 1);
    });

    it("sweeps the account's expired codes when it is issued a new one", async () => {
      const { uid, check } = await signedIn();
      const other = await signedIn();
      const expired = code(uid, { createdAt: NOW - 1000, expiresAt: NOW - 1 });
      const elsewhere = code(other.uid, { expiresAt: NOW - 1 });
      await store.oauth.createCode(expired, check);
      await store.oauth.createCode(elsewhere, other.check);
      await store.oauth.createCode(code(uid), check);
      assert.equal(await consumed(expired), undefined);
      assert.ok(await consumed(elsewhere), "another account's is kept");
    });
  });

  describe('tokens', () => {
    it('stores an access token with its refresh token and reads both back', async () => {
      const { uid, check } = await signedIn();
      const a = access(uid);
      const r = refresh(uid);
      await store.oauth.issueTokens(a, r, check);
      assert.deepEqual(await store.oauth.accessToken(a.jti), a);
      assert.deepEqual(await store.oauth.useRefreshToken(r.tokenHash, NOW + 5, 0), {
        ...r,
        lastUsedAt: NOW + 5,
      });
      assert.equal(await store.oauth.useRefreshToken(randomBytes(32), NOW, 0), undefined);
    });

    it('revokes a token only for the client it was issued to', async () => {
      const { uid, check } = await signedIn();
      const a = access(uid);
      const r = refresh(uid);
      await store.oauth.issueTokens(a, r, check);
      assert.equal(await store.oauth.deleteRefreshToken(r.tokenHash, OTHER_CLIENT), false);
      assert.equal(await store.oauth.deleteAccessToken(a.jti, OTHER_CLIENT), false);
      assert.equal(await store.oauth.deleteRefreshToken(r.tokenHash, CLIENT), true);
      assert.equal(await store.oauth.deleteAccessToken(a.jti, CLIENT), true);
      assert.equal(await store.oauth.useRefreshToken(r.tokenHash, NOW, 0), undefined);
      assert.equal(await store.oauth.accessToken(a.jti), undefined);
      assert.equal(await store.oauth.deleteRefreshToken(r.tokenHash, CLIENT), false);
    });

    it("sweeps the account's expired access tokens when it is issued a new one", async () => {
      const { uid, check } = await signedIn();
      const expired = access(uid, { createdAt: NOW - 1000, expiresAt: NOW });
      const live = access(uid);
      await store.oauth.issueTokens(expired, undefined, check);
      await store.oauth.issueTokens(live, undefined, check);
      await store.oauth.issueTokens(access(uid, { createdAt: NOW + 1 }), undefined, check);
      assert.equal(await store.oauth.accessToken(expired.jti), undefined);
      assert.deepEqual(await store.oauth.accessToken(live.jti), live);
    });

    it('expires a refresh token unused since the cutoff, on use and by pruning', async () => {
      const { uid, check } = await signedIn();
      const idle = refresh(uid);
      const pruned = refresh(uid);
      const kept = { ...refresh(uid), lastUsedAt: NOW + 10 };
      for (const r of [idle, pruned, kept]) await store.oauth.issueTokens(access(uid), r, check);
      const cutoff = NOW + 5;
      assert.equal(await store.oauth.useRefreshToken(idle.tokenHash, NOW + 20, cutoff), undefined);
      // Codes and access tokens from NOW - 1 h back are none of this test's;
      // the idle refresh tokens of earlier tests may go too, which they no
      // longer need.
      assert.ok((await store.oauth.pruneExpired(NOW - 3_600_000, cutoff)) >= 1);
      const left = (await store.oauth.refreshTokensOf(uid)).map((r) => r.tokenHash);
      assert.deepEqual(left, [kept.tokenHash]);
    });
  });

  describe('cascades', () => {
    async function grantsOf(uid: Buffer, check: GrantCheck) {
      const c = code(uid);
      const a = access(uid);
      const r = refresh(uid);
      await store.oauth.createCode(c, check);
      await store.oauth.issueTokens(a, r, check);
      return { c, a, r };
    }

    async function assertGone(g: Awaited<ReturnType<typeof grantsOf>>, gone = true) {
      const found = [
        await store.oauth.accessToken(g.a.jti),
        await store.oauth.useRefreshToken(g.r.tokenHash, NOW, 0),
        await store.oauth.consumeCode(g.c.codeHash),
      ];
      assert.deepEqual(
        found.map((f) => f === undefined),
        [gone, gone, gone],
      );
    }

    it('an account delete takes its codes and tokens, and no one else’s', async () => {
      const { account: a, check } = await account();
      const { account: bystander, check: theirCheck } = await account();
      const mine = await grantsOf(a.uid, check);
      const theirs = await grantsOf(bystander.uid, theirCheck);
      await store.deleteAccount(a.uid);
      await assertGone(mine);
      await assertGone(theirs, false);
    });

    it('a password change keeps keysChangedAt; a reset moves it; both revoke everything', async () => {
      const { account: a, change, check } = await account();
      const grants = await grantsOf(a.uid, check);
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
