// The suite every Store implementation must pass, whatever database sits
// behind it. Each test makes its own accounts with random ids and emails, so
// the tests share one store without seeing each other's rows.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { randomBytes } from 'node:crypto';
import { DuplicateError, TOKEN_TYPES, type NewToken, type Store } from './store.js';
import { passwordContract } from './store.contract-password.js';
import { pruneContract } from './store.contract-prune.js';
import { grantContract } from './store.contract-grants.js';
import { sessionSummaryContract } from './store.contract-sessions.js';
import { sessionWithDevicesContract } from './store.contract-session-devices.js';
import { allTokens, newAccount, newToken, uniqueEmail } from './store.fixtures.js';

/** Defines the contract suite; `open` gives a store on a migrated database. */
export function storeContract(open: () => Promise<Store>): void {
  let store: Store;
  before(async () => {
    store = await open();
  });
  after(async () => {
    await store.close();
  });

  /** Whether the token's row exists, whatever became of its account. */
  async function tokenRowExists(t: NewToken): Promise<boolean> {
    // deleteToken does not join the account, unlike token(); the rows it
    // removes here are the test's own.
    return store.deleteToken(t.type, t.record.tokenId);
  }

  describe('accounts', () => {
    it('pings', async () => {
      await store.ping();
    });

    it('reads an account back by uid and by normalized email', async () => {
      const account = newAccount();
      await store.createAccount(account, []);
      assert.deepEqual(await store.accountByUid(account.uid), account);
      assert.deepEqual(await store.accountByEmail(account.normalizedEmail), account);
    });

    it('looks email up by its normalized form and keeps the spelling signed up with', async () => {
      const account = newAccount({ email: uniqueEmail('Mixed.Case') });
      await store.createAccount(account, []);
      const found = await store.accountByEmail(account.email.toLowerCase());
      assert.equal(found?.email, account.email);
      assert.equal(await store.accountByEmail(account.email), undefined);
    });

    it('returns undefined for an unknown uid or email', async () => {
      assert.equal(await store.accountByUid(randomBytes(16)), undefined);
      assert.equal(await store.accountByEmail(uniqueEmail()), undefined);
    });

    it('rejects a second account with the same normalized email', async () => {
      const first = newAccount();
      await store.createAccount(first, []);
      const second = newAccount({ email: first.email.toUpperCase() });
      second.normalizedEmail = first.normalizedEmail;
      await assert.rejects(store.createAccount(second, []), DuplicateError);
      assert.deepEqual(await store.accountByEmail(first.normalizedEmail), first);
      assert.equal(await store.accountByUid(second.uid), undefined);
    });

    it('round-trips bytes, booleans and a null locale exactly', async () => {
      const zeros = newAccount({
        emailVerified: true,
        locale: null,
        kA: Buffer.alloc(32),
        wrapWrapKb: Buffer.concat([Buffer.from([0xff]), Buffer.alloc(31)]),
        authSalt: Buffer.alloc(32, 0xff),
        verifierVersion: 0,
      });
      const other = newAccount({ emailVerified: false, locale: 'fr-CA' });
      await store.createAccount(zeros, []);
      await store.createAccount(other, []);
      const got = await store.accountByUid(zeros.uid);
      assert.deepEqual(got, zeros);
      assert.equal(got?.emailVerified, true);
      assert.equal(got?.locale, null);
      assert.ok(Buffer.isBuffer(got?.kA));
      assert.equal(typeof got?.createdAt, 'number');
      assert.deepEqual(await store.accountByUid(other.uid), other);
    });

    it('round-trips non-ASCII email addresses', async () => {
      for (const local of ['andré', 'ζωή', 'fox🦊']) {
        const account = newAccount({ email: uniqueEmail(local) });
        await store.createAccount(account, []);
        assert.deepEqual(await store.accountByEmail(account.normalizedEmail), account);
      }
    });

    it('stores the first tokens together with the account', async () => {
      const account = newAccount();
      const tokens = allTokens(account.uid);
      await store.createAccount(account, tokens);
      for (const t of tokens) {
        assert.deepEqual(await store.token(t.type, t.record.tokenId), {
          token: t.record,
          account,
        });
      }
    });

    it('creates neither account nor tokens when one token fails', async () => {
      const owner = newAccount();
      const taken = newToken('keyFetchToken', owner.uid);
      await store.createAccount(owner, [taken]);

      const account = newAccount();
      const fresh = newToken('sessionToken', account.uid);
      const clash = newToken('keyFetchToken', account.uid, taken.record.tokenId);
      await assert.rejects(store.createAccount(account, [fresh, clash]), DuplicateError);
      assert.equal(await store.accountByUid(account.uid), undefined);
      assert.equal(await store.accountByEmail(account.normalizedEmail), undefined);
      assert.equal(await tokenRowExists(fresh), false);
    });

    it('replaces an account, with all its tokens, when given replaceUid', async () => {
      const old = newAccount();
      const oldTokens = allTokens(old.uid);
      await store.createAccount(old, oldTokens);

      const account = newAccount({ email: old.email });
      await store.createAccount(account, [newToken('sessionToken', account.uid)], old.uid);
      assert.equal(await store.accountByUid(old.uid), undefined);
      assert.deepEqual(await store.accountByEmail(old.normalizedEmail), account);
      for (const t of oldTokens) assert.equal(await tokenRowExists(t), false, t.type);
    });

    it('refuses to replace an account that was verified in the meantime', async () => {
      const old = newAccount({ emailVerified: false });
      await store.createAccount(old, [newToken('sessionToken', old.uid)]);
      await store.verifyEmail(old.uid); // the owner clicked while a re-sign-up hashed
      const account = newAccount({ email: old.email });
      await assert.rejects(store.createAccount(account, [], old.uid), DuplicateError);
      assert.equal((await store.accountByUid(old.uid))?.emailVerified, true);
    });

    it('keeps the replaced account when its replacement fails', async () => {
      const old = newAccount();
      const oldToken = newToken('sessionToken', old.uid);
      await store.createAccount(old, [oldToken]);

      const other = newAccount();
      const taken = newToken('sessionToken', other.uid);
      await store.createAccount(other, [taken]);

      const account = newAccount({ email: old.email });
      const clash = newToken('sessionToken', account.uid, taken.record.tokenId);
      await assert.rejects(store.createAccount(account, [clash], old.uid), DuplicateError);
      assert.deepEqual(await store.accountByUid(old.uid), old);
      assert.deepEqual(await store.token('sessionToken', oldToken.record.tokenId), {
        token: oldToken.record,
        account: old,
      });
    });

    it('deletes an account with every token of every type', async () => {
      const account = newAccount();
      const tokens = allTokens(account.uid);
      await store.createAccount(account, tokens);
      const bystander = newAccount();
      const bystanderTokens = allTokens(bystander.uid);
      await store.createAccount(bystander, bystanderTokens);

      await store.deleteAccount(account.uid);
      assert.equal(await store.accountByUid(account.uid), undefined);
      for (const t of tokens) assert.equal(await tokenRowExists(t), false, t.type);
      assert.deepEqual(await store.accountByUid(bystander.uid), bystander);
      for (const t of bystanderTokens) assert.equal(await tokenRowExists(t), true, t.type);
    });

    it('deletes an unknown account without complaint', async () => {
      await store.deleteAccount(randomBytes(16));
    });
  });

  describe('tokens', () => {
    for (const type of TOKEN_TYPES) {
      it(`returns a ${type} with its account, or undefined for an unknown id`, async () => {
        const account = newAccount({ emailVerified: true });
        await store.createAccount(account, []);
        const t = newToken(type, account.uid);
        await store.createTokens([t]);
        assert.deepEqual(await store.token(type, t.record.tokenId), { token: t.record, account });
        assert.equal(await store.token(type, randomBytes(32)), undefined);
      });
    }

    it('finds a token only under its own type', async () => {
      const account = newAccount();
      const t = newToken('sessionToken', account.uid);
      await store.createAccount(account, [t]);
      assert.equal(await store.token('keyFetchToken', t.record.tokenId), undefined);
      assert.equal(await store.deleteToken('keyFetchToken', t.record.tokenId), false);
    });

    it('deletes a token once: true, then false', async () => {
      const account = newAccount();
      const t = newToken('keyFetchToken', account.uid);
      await store.createAccount(account, [t]);
      assert.equal(await store.deleteToken('keyFetchToken', t.record.tokenId), true);
      assert.equal(await store.deleteToken('keyFetchToken', t.record.tokenId), false);
      assert.equal(await store.token('keyFetchToken', t.record.tokenId), undefined);
    });

    it('creates tokens all or none', async () => {
      const account = newAccount();
      const taken = newToken('sessionToken', account.uid);
      await store.createAccount(account, [taken]);
      const fresh = newToken('keyFetchToken', account.uid);
      const clash = newToken('sessionToken', account.uid, taken.record.tokenId);
      await assert.rejects(store.createTokens([fresh, clash]), DuplicateError);
      assert.equal(await store.token('keyFetchToken', fresh.record.tokenId), undefined);
    });

    for (const type of [
      'accountResetToken',
      'passwordForgotToken',
      'passwordChangeToken',
    ] as const) {
      it(`keeps one ${type} per account: a new one replaces the last`, async () => {
        const account = newAccount();
        const first = newToken(type, account.uid);
        await store.createAccount(account, [first]);
        const second = newToken(type, account.uid);
        await store.createTokens([second]);
        assert.equal(await store.token(type, first.record.tokenId), undefined);
        assert.equal(
          (await store.token(type, second.record.tokenId))?.token.uid.equals(account.uid),
          true,
        );
      });
    }
  });

  describe('concurrency', () => {
    it('lets exactly one of 10 parallel deletes of a token succeed', async () => {
      const account = newAccount();
      const t = newToken('passwordForgotToken', account.uid);
      await store.createAccount(account, [t]);
      const results = await Promise.all(
        Array.from({ length: 10 }, () => store.deleteToken(t.type, t.record.tokenId)),
      );
      assert.equal(results.filter(Boolean).length, 1);
    });

    it('lets exactly one of two parallel sign-ups with one email succeed', async () => {
      const email = uniqueEmail();
      const a = newAccount({ email });
      const b = newAccount({ email });
      const results = await Promise.allSettled([
        store.createAccount(a, allTokens(a.uid)),
        store.createAccount(b, allTokens(b.uid)),
      ]);
      const failed = results.filter((r) => r.status === 'rejected');
      assert.equal(failed.length, 1);
      assert.ok(failed[0]?.reason instanceof DuplicateError);
      const winner = results[0]?.status === 'fulfilled' ? a : b;
      assert.deepEqual(await store.accountByEmail(a.normalizedEmail), winner);
    });

    it('settles a three-way sign-up race on one account when the first attempt fails', async () => {
      for (let round = 0; round < 5; round++) {
        const owner = newAccount();
        const taken = newToken('sessionToken', owner.uid);
        await store.createAccount(owner, [taken]);
        const email = uniqueEmail();
        const [doomed, ...rivals] = [0, 1, 2].map(() => newAccount({ email }));
        assert.ok(doomed);
        const clash = newToken('sessionToken', doomed.uid, taken.record.tokenId);
        const results = await Promise.allSettled([
          store.createAccount(doomed, [...allTokens(doomed.uid), clash]),
          ...rivals.map((a) => store.createAccount(a, allTokens(a.uid))),
        ]);
        assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
        for (const r of results) {
          if (r.status === 'rejected')
            assert.ok(r.reason instanceof DuplicateError, String(r.reason));
        }
      }
    });

    it('replaces one-per-account tokens of many accounts at once', async () => {
      const accounts = Array.from({ length: 20 }, () => newAccount());
      for (const a of accounts)
        await store.createAccount(a, [newToken('passwordForgotToken', a.uid)]);
      for (let round = 0; round < 3; round++) {
        await Promise.all(
          accounts.map((a) =>
            store.createTokens([
              newToken('passwordForgotToken', a.uid),
              newToken('accountResetToken', a.uid),
            ]),
          ),
        );
      }
    });

    it('does not lose other writes when a transaction beside them rolls back', async () => {
      const owner = newAccount();
      const taken = newToken('sessionToken', owner.uid);
      await store.createAccount(owner, [taken]);

      const doomed = newAccount();
      const clash = newToken('sessionToken', doomed.uid, taken.record.tokenId);
      const bystanders = Array.from({ length: 10 }, () => newToken('sessionToken', owner.uid));
      const results = await Promise.allSettled([
        store.createAccount(doomed, [...allTokens(doomed.uid), clash]),
        ...bystanders.map((t) => store.createTokens([t])),
      ]);
      assert.equal(results.filter((r) => r.status === 'rejected').length, 1);
      for (const t of bystanders) {
        assert.ok(await store.token('sessionToken', t.record.tokenId));
      }
      assert.equal(await store.accountByUid(doomed.uid), undefined);
    });
  });

  passwordContract(() => store);
  pruneContract(() => store);
  grantContract(() => store);
  sessionSummaryContract(() => store);
  sessionWithDevicesContract(() => store);
}
