// The contract for the session read of signed-in requests
// (Store.sessionSummary). Part of storeContract, which opens the store
// these tests share.
//
// It must agree with token('sessionToken', id) on every field it carries,
// and stop finding a session as soon as the full read does: when the
// session is deleted, its password is changed or reset, or its account goes.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { randomBytes } from 'node:crypto';
import type { SessionTokenRecord, Store } from './store.js';
import { NOW, newAccount, newToken } from './store.fixtures.js';

export function sessionSummaryContract(getStore: () => Store): void {
  async function signedIn(verified: boolean) {
    const account = newAccount({ emailVerified: verified });
    const session = newToken('sessionToken', account.uid);
    await getStore().createAccount(account, [session]);
    return { account, session: session.record as SessionTokenRecord };
  }

  describe('sessionSummary', () => {
    it('carries what the full read has, for a verified and an unverified account', async () => {
      for (const verified of [true, false]) {
        const { account, session } = await signedIn(verified);
        assert.deepEqual(await getStore().sessionSummary(session.tokenId), {
          token: {
            tokenId: session.tokenId,
            tokenData: session.tokenData,
            uid: account.uid,
            createdAt: session.createdAt,
            lastAccessTime: session.lastAccessTime,
          },
          account: { uid: account.uid, email: account.email, emailVerified: verified },
        });
      }
    });

    it('sees a verification and a recorded use at once', async () => {
      const { account, session } = await signedIn(false);
      assert.equal(
        (await getStore().sessionSummary(session.tokenId))?.account.emailVerified,
        false,
      );
      await getStore().verifyEmail(account.uid);
      await getStore().touchSessionToken(session.tokenId, NOW + 3_600_000);
      const found = await getStore().sessionSummary(session.tokenId);
      assert.equal(found?.account.emailVerified, true);
      assert.equal(found?.token.lastAccessTime, NOW + 3_600_000);
    });

    it('finds no unknown session, nor one of another token type', async () => {
      assert.equal(await getStore().sessionSummary(randomBytes(32)), undefined);
      const account = newAccount();
      const keyFetch = newToken('keyFetchToken', account.uid);
      await getStore().createAccount(account, [keyFetch]);
      assert.equal(await getStore().sessionSummary(keyFetch.record.tokenId), undefined);
    });

    // Each is read first, so a store that remembers reads must forget it.
    it('finds the session no more once it is deleted, reset away or its account is gone', async () => {
      const store = getStore();
      const found = async (tokenId: Buffer) =>
        assert.ok((await store.sessionSummary(tokenId)) !== undefined);
      const destroyed = await signedIn(true);
      await found(destroyed.session.tokenId);
      await store.deleteToken('sessionToken', destroyed.session.tokenId);
      assert.equal(await store.sessionSummary(destroyed.session.tokenId), undefined);

      const reset = await signedIn(true);
      await found(reset.session.tokenId);
      const change = newToken('passwordChangeToken', reset.account.uid);
      await store.createTokens([change]);
      const verifier = {
        authSalt: randomBytes(32),
        verifyHash: randomBytes(32),
        wrapWrapKb: randomBytes(32),
        verifierVersion: 1,
        verifierSetAt: NOW + 10,
      };
      const consume = { type: change.type, tokenId: change.record.tokenId };
      assert.ok(await store.resetAccount(reset.account.uid, verifier, consume));
      assert.equal(await store.sessionSummary(reset.session.tokenId), undefined);

      const deleted = await signedIn(true);
      await found(deleted.session.tokenId);
      await store.deleteAccount(deleted.account.uid);
      assert.equal(await store.sessionSummary(deleted.session.tokenId), undefined);
    });
  });
}
