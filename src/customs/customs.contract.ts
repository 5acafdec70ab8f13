// The suite every customs store must pass, run through the engine: once with
// counters in memory, once in Redis. Time is an injected clock that the tests
// move forward, so windows and blocks end without any waiting. Each test
// uses its own addresses, and each customs its own store or key prefix.

import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { Customs } from './customs.js';
import { operatorContract } from './customs.contract-operator.js';
import {
  allowed,
  blockedBy,
  defaultRule,
  req,
  rule,
  START,
  who,
  type MakeCustoms,
  type Setup,
} from './customs.fixtures.js';
import { DEFAULT_RULES } from './rules.js';

export function customsContract(make: MakeCustoms): void {
  const opened: Customs[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((c) => c.close()));
  });
  const setup: Setup = (rules) => {
    let now = START;
    const customs = make(rules, () => now);
    opened.push(customs);
    return { customs, advance: (sec) => (now += sec * 1000) };
  };

  describe('every default rule', () => {
    for (const r of DEFAULT_RULES) {
      // Attempts rotate through the rule's actions: they all count together.
      const attempt = (i: number) => r.actions[i % r.actions.length] ?? 'accountLogin';

      it(`${r.name}: blocks attempt ${r.max + 1} for ${r.blockSec} s`, async () => {
        const { customs, advance } = setup([r]);
        const w = who();
        for (let i = 0; i < r.max; i++) {
          assert.deepEqual(await customs.check(req(attempt(i), w)), allowed, `attempt ${i + 1}`);
        }
        assert.deepEqual(
          await customs.check(req(attempt(r.max), w)),
          blockedBy(r.name, r.blockSec),
        );
        assert.deepEqual(await customs.check(req(attempt(1), who())), allowed, 'others pass');

        advance(r.blockSec - 1);
        assert.deepEqual(await customs.check(req(attempt(0), w)), blockedBy(r.name, 1));
        advance(1);
        assert.deepEqual(await customs.check(req(attempt(0), w)), allowed, 'released');
      });

      it(`${r.name}: a new window of ${r.windowSec} s starts the count again`, async () => {
        const { customs, advance } = setup([r]);
        const w = who();
        for (let i = 0; i < r.max; i++) await customs.check(req(attempt(i), w));
        advance(r.windowSec);
        for (let i = 0; i < r.max; i++) {
          assert.deepEqual(await customs.check(req(attempt(i), w)), allowed, `attempt ${i + 1}`);
        }
        assert.deepEqual(await customs.check(req(attempt(0), w)), blockedBy(r.name, r.blockSec));
      });
    }
  });

  describe('windows', () => {
    it('is fixed: the first hit starts it and a hit after its end starts another', async () => {
      const { customs, advance } = setup([rule({ name: 'two-a-minute', blockSec: 300 })]);
      const w = who();
      assert.deepEqual(await customs.check(req('accountLogin', w)), allowed);
      advance(59);
      assert.deepEqual(await customs.check(req('accountLogin', w)), allowed);
      advance(1); // the first window ends 60 s after its first hit
      assert.deepEqual(await customs.check(req('accountLogin', w)), allowed);
      advance(1);
      assert.deepEqual(await customs.check(req('accountLogin', w)), allowed);
      advance(1);
      assert.deepEqual(await customs.check(req('accountLogin', w)), blockedBy('two-a-minute', 300));
    });

    it('starts afresh when a block shorter than the window ends', async () => {
      const r = rule({ name: 'long-window', windowSec: 3600, blockSec: 60 });
      const { customs, advance } = setup([r]);
      const w = who();
      for (let i = 0; i < 3; i++) await customs.check(req('accountLogin', w));
      advance(60);
      assert.deepEqual(await customs.check(req('accountLogin', w)), allowed);
      assert.deepEqual(await customs.check(req('accountLogin', w)), allowed);
      assert.deepEqual(await customs.check(req('accountLogin', w)), blockedBy('long-window', 60));
    });

    it('counts only the actions of a rule, and only requests that have its key', async () => {
      const { customs } = setup([defaultRule('mail-per-email')]);
      const w = who();
      for (let i = 0; i < 10; i++) {
        assert.deepEqual(await customs.check(req('accountCreate', { ip: w.ip })), allowed);
        assert.deepEqual(await customs.check(req('accountLogin', w)), allowed);
      }
    });

    it('lower-cases the email before counting', async () => {
      const { customs } = setup([rule({ name: 'per-email', key: 'email', max: 1 })]);
      const w = who();
      await customs.check(req('accountLogin', { ...w, email: w.email.toUpperCase() }));
      const verdict = await customs.check(
        req('accountLogin', { ...w, email: w.email.toLowerCase() }),
      );
      assert.deepEqual(verdict, blockedBy('per-email', 60));
    });
  });

  describe('atomicity', () => {
    it('lets exactly max of 20 concurrent checks through', async () => {
      const { customs } = setup([rule({ name: 'max-two', max: 2, blockSec: 900 })]);
      const w = who();
      const verdicts = await Promise.all(
        Array.from({ length: 20 }, () => customs.check(req('accountLogin', w))),
      );
      assert.equal(verdicts.filter((v) => !v.block).length, 2);
      for (const v of verdicts.filter((v) => v.block))
        assert.deepEqual(v, blockedBy('max-two', 900));
    });
  });

  describe('failures rules', () => {
    it('forget an attempt whose password was right; attempts rules do not', async () => {
      const attempts = rule({ name: 'login-attempts', max: 5, blockSec: 120 });
      const { customs } = setup([defaultRule('failed-login-per-ip-email'), attempts]);
      const w = who();
      for (let i = 0; i < 5; i++) {
        assert.deepEqual(await customs.check(req('accountLogin', w)), allowed, `login ${i + 1}`);
        await customs.passwordOk(req('accountLogin', w));
      }
      assert.deepEqual(
        await customs.check(req('accountLogin', w)),
        blockedBy('login-attempts', 120),
      );
    });

    it('never refund below zero', async () => {
      const { customs } = setup([defaultRule('failed-login-per-ip-email')]);
      const w = who();
      for (let i = 0; i < 3; i++) await customs.passwordOk(req('accountLogin', w));
      assert.deepEqual(await customs.check(req('passwordChange', w)), allowed);
      assert.deepEqual(await customs.check(req('passwordChange', w)), allowed);
      assert.deepEqual(
        await customs.check(req('passwordChange', w)),
        blockedBy('failed-login-per-ip-email', 900),
      );
    });
  });

  operatorContract(setup);
}
