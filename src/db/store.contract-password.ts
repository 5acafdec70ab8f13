// The contract for verifying an address and for the password flows: change
// and reset (resetAccount), a correct reset code (forgotPasswordVerified)
// and a wrong one (failPasswordForgotAttempt). Part of storeContract, which
// opens the store these tests share.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { randomBytes } from 'node:crypto';
import type {
  AccountRecord,
  AccountResetTokenRecord,
  NewToken,
  Store,
  VerifierFields,
} from './store.js';
import { NOW, allTokens, newAccount, newToken } from './store.fixtures.js';

export function passwordContract(getStore: () => Store): void {
  /** Asserts each token is stored unchanged, with `account` as its owner. */
  async function assertTokensKept(tokens: NewToken[], account: AccountRecord): Promise<void> {
    for (const t of tokens) {
      assert.deepEqual(
        await getStore().token(t.type, t.record.tokenId),
        { token: t.record, account },
        t.type,
      );
    }
  }

  async function assertTokensGone(tokens: NewToken[]): Promise<void> {
    for (const t of tokens) {
      assert.equal(await getStore().token(t.type, t.record.tokenId), undefined, t.type);
    }
  }

  describe('verifyEmail', () => {
    it('marks the address verified and leaves everything else alone', async () => {
      const account = newAccount({ emailVerified: false });
      const bystander = newAccount({ emailVerified: false });
      await getStore().createAccount(account, []);
      await getStore().createAccount(bystander, []);
      assert.equal(await getStore().verifyEmail(account.uid), true);
      assert.deepEqual(await getStore().accountByUid(account.uid), {
        ...account,
        emailVerified: true,
      });
      assert.deepEqual(await getStore().accountByUid(bystander.uid), bystander);
    });

    it('returns true again for an address already verified', async () => {
      const account = newAccount({ emailVerified: true });
      await getStore().createAccount(account, []);
      assert.equal(await getStore().verifyEmail(account.uid), true);
      assert.equal(await getStore().verifyEmail(account.uid), true);
      assert.deepEqual(await getStore().accountByUid(account.uid), account);
    });

    it('returns false for an unknown account', async () => {
      assert.equal(await getStore().verifyEmail(randomBytes(16)), false);
    });
  });

  describe('resetAccount', () => {
    function newVerifier(): VerifierFields {
      return {
        authSalt: randomBytes(32),
        verifyHash: randomBytes(32),
        wrapWrapKb: randomBytes(32),
        verifierVersion: 2,
        verifierSetAt: NOW + 1000,
      };
    }

    for (const type of ['passwordChangeToken', 'accountResetToken'] as const) {
      it(`consumes the ${type}, replaces the verifier and drops every token of the account`, async () => {
        const account = newAccount({ emailVerified: true });
        const tokens = allTokens(account.uid);
        await getStore().createAccount(account, tokens);
        const bystander = newAccount();
        const bystanderTokens = allTokens(bystander.uid);
        await getStore().createAccount(bystander, bystanderTokens);
        const consumed = tokens.find((t) => t.type === type);
        assert.ok(consumed);

        const verifier = newVerifier();
        const reset = await getStore().resetAccount(account.uid, verifier, {
          type,
          tokenId: consumed.record.tokenId,
        });
        assert.equal(reset, true);
        // kA, email, emailCode, emailVerified, createdAt and locale survive.
        assert.deepEqual(await getStore().accountByUid(account.uid), { ...account, ...verifier });
        await assertTokensGone(tokens);
        assert.deepEqual(await getStore().accountByUid(bystander.uid), bystander);
        await assertTokensKept(bystanderTokens, bystander);
      });
    }

    it('returns false and changes nothing when the token is gone or of another type', async () => {
      const account = newAccount();
      const tokens = allTokens(account.uid);
      await getStore().createAccount(account, tokens);
      const spent = newToken('passwordChangeToken', account.uid);
      const kept = tokens.find((t) => t.type === 'passwordChangeToken');
      assert.ok(kept);

      for (const consume of [
        { type: 'passwordChangeToken', tokenId: randomBytes(32) },
        { type: 'passwordChangeToken', tokenId: spent.record.tokenId },
        { type: 'accountResetToken', tokenId: kept.record.tokenId },
      ] as const) {
        assert.equal(await getStore().resetAccount(account.uid, newVerifier(), consume), false);
      }
      assert.deepEqual(await getStore().accountByUid(account.uid), account);
      await assertTokensKept(tokens, account);
    });

    it("refuses to consume another account's token", async () => {
      const account = newAccount();
      const tokens = allTokens(account.uid);
      await getStore().createAccount(account, tokens);
      const other = newAccount();
      const otherToken = newToken('passwordChangeToken', other.uid);
      await getStore().createAccount(other, [otherToken]);

      const consume = { type: otherToken.type, tokenId: otherToken.record.tokenId };
      assert.equal(await getStore().resetAccount(account.uid, newVerifier(), consume), false);
      assert.deepEqual(await getStore().accountByUid(account.uid), account);
      await assertTokensKept(tokens, account);
      await assertTokensKept([otherToken], other);
    });

    it('lets exactly one of several parallel resets with one token succeed', async () => {
      for (let round = 0; round < 3; round++) {
        const account = newAccount();
        const t = newToken('accountResetToken', account.uid);
        await getStore().createAccount(account, [t, newToken('sessionToken', account.uid)]);
        const verifiers = Array.from({ length: 5 }, newVerifier);
        const consume = { type: t.type, tokenId: t.record.tokenId };
        const results = await Promise.all(
          verifiers.map((v) => getStore().resetAccount(account.uid, v, consume)),
        );
        assert.equal(results.filter(Boolean).length, 1);
        const winner = verifiers[results.indexOf(true)];
        assert.deepEqual(await getStore().accountByUid(account.uid), { ...account, ...winner });
      }
    });
  });

  describe('forgotPasswordVerified', () => {
    function newResetToken(uid: Buffer): AccountResetTokenRecord {
      return { tokenId: randomBytes(32), uid, createdAt: NOW + 5, tokenData: randomBytes(32) };
    }

    it('swaps the passwordForgotToken for an accountResetToken and verifies the address', async () => {
      const account = newAccount({ emailVerified: false });
      const forgot = newToken('passwordForgotToken', account.uid);
      const session = newToken('sessionToken', account.uid);
      await getStore().createAccount(account, [forgot, session]);

      const resetToken = newResetToken(account.uid);
      assert.equal(
        await getStore().forgotPasswordVerified(forgot.record.tokenId, resetToken),
        true,
      );
      const verified = { ...account, emailVerified: true };
      assert.deepEqual(await getStore().accountByUid(account.uid), verified);
      await assertTokensGone([forgot]);
      assert.deepEqual(await getStore().token('accountResetToken', resetToken.tokenId), {
        token: resetToken,
        account: verified,
      });
      await assertTokensKept([session], verified);
    });

    it('replaces an earlier accountResetToken of the account', async () => {
      const account = newAccount({ emailVerified: true });
      const earlier = newToken('accountResetToken', account.uid);
      const forgot = newToken('passwordForgotToken', account.uid);
      await getStore().createAccount(account, [earlier, forgot]);

      const resetToken = newResetToken(account.uid);
      assert.equal(
        await getStore().forgotPasswordVerified(forgot.record.tokenId, resetToken),
        true,
      );
      await assertTokensGone([earlier, forgot]);
      assert.ok(await getStore().token('accountResetToken', resetToken.tokenId));
    });

    it('returns false and changes nothing when the passwordForgotToken is gone', async () => {
      const account = newAccount({ emailVerified: false });
      const earlier = newToken('accountResetToken', account.uid);
      await getStore().createAccount(account, [earlier]);

      const resetToken = newResetToken(account.uid);
      assert.equal(await getStore().forgotPasswordVerified(randomBytes(32), resetToken), false);
      assert.deepEqual(await getStore().accountByUid(account.uid), account);
      assert.equal(await getStore().token('accountResetToken', resetToken.tokenId), undefined);
      await assertTokensKept([earlier], account);
    });

    it("refuses another account's passwordForgotToken", async () => {
      const account = newAccount({ emailVerified: false });
      await getStore().createAccount(account, []);
      const other = newAccount({ emailVerified: false });
      const forgot = newToken('passwordForgotToken', other.uid);
      await getStore().createAccount(other, [forgot]);

      const resetToken = newResetToken(account.uid);
      assert.equal(
        await getStore().forgotPasswordVerified(forgot.record.tokenId, resetToken),
        false,
      );
      assert.deepEqual(await getStore().accountByUid(account.uid), account);
      assert.equal(await getStore().token('accountResetToken', resetToken.tokenId), undefined);
      await assertTokensKept([forgot], other);
    });

    it('lets exactly one of two parallel uses of one code succeed', async () => {
      const account = newAccount();
      const forgot = newToken('passwordForgotToken', account.uid);
      await getStore().createAccount(account, [forgot]);
      const resetTokens = [newResetToken(account.uid), newResetToken(account.uid)];
      const results = await Promise.all(
        resetTokens.map((r) => getStore().forgotPasswordVerified(forgot.record.tokenId, r)),
      );
      assert.equal(results.filter(Boolean).length, 1);
      const found = await Promise.all(
        resetTokens.map((r) => getStore().token('accountResetToken', r.tokenId)),
      );
      assert.deepEqual(
        found.map((f) => f !== undefined),
        results,
      );
    });
  });

  describe('failPasswordForgotAttempt', () => {
    it('counts the tries down and deletes the token with the last', async () => {
      const account = newAccount();
      const forgot = newToken('passwordForgotToken', account.uid);
      await getStore().createAccount(account, [forgot]);
      const bystander = newAccount();
      const bystanderForgot = newToken('passwordForgotToken', bystander.uid);
      await getStore().createAccount(bystander, [bystanderForgot]);

      const id = forgot.record.tokenId;
      assert.equal(await getStore().failPasswordForgotAttempt(id), 2);
      assert.equal((await getStore().token('passwordForgotToken', id))?.token.tries, 2);
      assert.equal(await getStore().failPasswordForgotAttempt(id), 1);
      assert.equal(await getStore().failPasswordForgotAttempt(id), 0);
      assert.equal(await getStore().token('passwordForgotToken', id), undefined);
      assert.equal(await getStore().failPasswordForgotAttempt(id), undefined);
      await assertTokensKept([bystanderForgot], bystander);
    });

    it('returns undefined for an unknown token', async () => {
      assert.equal(await getStore().failPasswordForgotAttempt(randomBytes(32)), undefined);
    });

    it('deletes a token stored with no tries left, reporting 0 once', async () => {
      const account = newAccount();
      const forgot = newToken('passwordForgotToken', account.uid);
      if (forgot.type === 'passwordForgotToken') forgot.record.tries = 0;
      await getStore().createAccount(account, [forgot]);
      const results = await Promise.all(
        [0, 1, 2].map(() => getStore().failPasswordForgotAttempt(forgot.record.tokenId)),
      );
      assert.deepEqual(results.sort(), [0, undefined, undefined]);
      await assertTokensGone([forgot]);
    });

    it('charges each of 10 parallel wrong codes one try, never more than there are', async () => {
      for (let round = 0; round < 3; round++) {
        const account = newAccount();
        const forgot = newToken('passwordForgotToken', account.uid);
        await getStore().createAccount(account, [forgot]);
        const results = await Promise.all(
          Array.from({ length: 10 }, () =>
            getStore().failPasswordForgotAttempt(forgot.record.tokenId),
          ),
        );
        // sort() puts undefined last and orders numbers as strings, fine for 0-2.
        assert.deepEqual(results.sort(), [0, 1, 2, ...Array<undefined>(7).fill(undefined)]);
        await assertTokensGone([forgot]);
      }
    });
  });
}
