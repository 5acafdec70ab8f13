// The contract for pruning expired tokens. Part of storeContract, which
// opens the store these tests share.
//
// Pruning deletes by age across a whole table, not by account, so these
// tests date their tokens far before the fixtures' NOW, where no other test
// puts any, and each test in an era of its own below the previous one's, so
// a cutoff never reaches rows an earlier test left behind.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NewToken, Store, TokenType } from './store.js';
import { NOW, allTokens, newAccount, newToken } from './store.fixtures.js';

const ERA_SPAN = 1_000_000;
let lastEra = NOW - 1_000_000_000;

function nextEra(): number {
  lastEra -= ERA_SPAN;
  return lastEra;
}

function dated(tokens: NewToken[], createdAt: number): NewToken[] {
  for (const t of tokens) t.record.createdAt = createdAt;
  return tokens;
}

export function pruneContract(getStore: () => Store): void {
  async function stored(t: NewToken): Promise<boolean> {
    return (await getStore().token(t.type, t.record.tokenId)) !== undefined;
  }

  describe('pruneTokens', () => {
    it('deletes only tokens of the named types created before their cutoff', async () => {
      const era = nextEra();
      const old = newAccount();
      const oldTokens = dated(allTokens(old.uid), era - 1);
      await getStore().createAccount(old, oldTokens);
      const boundary = newAccount();
      const boundaryTokens = dated(allTokens(boundary.uid), era);
      await getStore().createAccount(boundary, boundaryTokens);
      const fresh = newAccount();
      const freshTokens = allTokens(fresh.uid);
      await getStore().createAccount(fresh, freshTokens);

      const cutoffs: Partial<Record<TokenType, number>> = {
        sessionToken: era,
        accountResetToken: era,
        passwordForgotToken: era,
        passwordChangeToken: era + 1,
      };
      // Before `era`: old's session, reset, forgot and change tokens; before
      // era + 1 also boundary's change token. keyFetchTokens are not named.
      assert.equal(await getStore().pruneTokens(cutoffs), 5);
      for (const t of oldTokens) assert.equal(await stored(t), t.type === 'keyFetchToken', t.type);
      for (const t of boundaryTokens) {
        assert.equal(await stored(t), t.type !== 'passwordChangeToken', t.type);
      }
      for (const t of freshTokens) assert.equal(await stored(t), true, t.type);

      assert.equal(await getStore().pruneTokens(cutoffs), 0);
      assert.deepEqual(await getStore().accountByUid(old.uid), old);
    });

    it('deletes nothing when no type is named', async () => {
      const era = nextEra();
      const account = newAccount();
      const tokens = dated(allTokens(account.uid), era - 1);
      await getStore().createAccount(account, tokens);
      assert.equal(await getStore().pruneTokens({}), 0);
      for (const t of tokens) assert.equal(await stored(t), true, t.type);
    });

    it('counts each token once when two prunes run at the same time', async () => {
      const era = nextEra();
      const types = ['accountResetToken', 'passwordForgotToken', 'passwordChangeToken'] as const;
      const accounts = Array.from({ length: 10 }, () => newAccount());
      const oldTokens: NewToken[] = [];
      const freshTokens: NewToken[] = [];
      for (const a of accounts) {
        const old = dated(
          types.map((type) => newToken(type, a.uid)),
          era - 1,
        );
        const fresh = dated([newToken('sessionToken', a.uid)], era + 1);
        await getStore().createAccount(a, [...old, ...fresh]);
        oldTokens.push(...old);
        freshTokens.push(...fresh);
      }

      const cutoffs = {
        sessionToken: era,
        accountResetToken: era,
        passwordForgotToken: era,
        passwordChangeToken: era,
      };
      const counts = await Promise.all([
        getStore().pruneTokens(cutoffs),
        getStore().pruneTokens(cutoffs),
      ]);
      assert.equal(counts[0] + counts[1], oldTokens.length);
      for (const t of oldTokens) assert.equal(await stored(t), false, t.type);
      for (const t of freshTokens) assert.equal(await stored(t), true, t.type);
    });
  });
}
