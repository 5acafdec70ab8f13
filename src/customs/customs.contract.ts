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
  allowedAttempts,
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

      const allows = allowedAttempts(r);
      it(`${r.name}: blocks attempt ${allows + 1} for ${r.blockSec} s`, async () => {
        const { customs, advance } = setup([r]);
        const w = who();
        for (let i = 0; i < allows; i++) {
          assert.deepEqual(await customs.check(req(attempt(i), w)), allowed, `attempt ${i + 1}`);
        }
        assert.deepEqual(
          await customs.check(req(attempt(allows), w)),
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
        for (let i = 0; i < allows; i++) await customs.check(req(attempt(i), w));
        advance(r.windowSec);
        for (let i = 0; i < allows; i++) {
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
      // Three failures are allowed (more than max 2 block), no more.
      for (let i = 0; i < 3; i++) {
        assert.deepEqual(await customs.check(req('passwordChange', w)), allowed);
      }
      assert.deepEqual(
        await customs.check(req('passwordChange', w)),
        blockedBy('failed-login-per-ip-email', 900),
      );
    });
  });

  describe('unblock codes and shed load', () => {
    const rules = [
      defaultRule('failed-login-per-ip-email'),
      rule({ name: 'failures-per-email', key: 'email', max: 6, blockSec: 600, counts: 'failures' }),
      rule({ name: 'address-logins', key: 'ip_email', max: 20, blockSec: 60 }),
      rule({ name: 'ip-failures', key: 'ip', max: 1, blockSec: 60, counts: 'failures' }),
    ];

    it("marks only limits on an address as clearable by the address's owner", async () => {
      const { customs } = setup(rules.slice(0, 3));
      const w = who();
      for (let i = 0; i < 3; i++) await customs.check(req('accountLogin', w));
      const verdict = await customs.check(req('accountLogin', w));
      assert.deepEqual(verdict, {
        ...blockedBy('failed-login-per-ip-email', 900),
        unblockable: true,
      });

      const ipOnly = setup([rules[3]!]).customs;
      await ipOnly.check(req('accountLogin', w));
      await ipOnly.check(req('accountLogin', w));
      const byIp = await ipOnly.check(req('accountLogin', w));
      assert.equal(byIp.block && byIp.unblockable, false, 'a per-ip limit is the attacker’s own');

      // Plain attempts on an address count wrong passwords too, so anyone
      // can run them up: the owner may clear them as well.
      const perAddress = setup([rules[2]!]).customs;
      for (let i = 0; i < 20; i++) await perAddress.check(req('accountLogin', w));
      assert.deepEqual(await perAddress.check(req('accountLogin', w)), {
        ...blockedBy('address-logins', 60),
        unblockable: true,
      });
      await perAddress.resetFailures(req('accountLogin', w));
      assert.deepEqual(await perAddress.check(req('accountLogin', w)), allowed);
    });

    it("resetFailures clears the address's failures and this ip's, and nothing else", async () => {
      const { customs } = setup(rules.slice(0, 3));
      const w = who();
      const elsewhere = who().ip;
      for (let i = 0; i < 4; i++) await customs.check(req('accountLogin', { ...w, ip: elsewhere }));
      for (let i = 0; i < 3; i++) await customs.check(req('accountLogin', w));
      // Both the address (8 > 7 allowed) and this ip's ip_email record trip.
      assert.deepEqual(
        await customs.check(req('accountLogin', w)),
        blockedBy('failed-login-per-ip-email', 900),
      );

      await customs.resetFailures(req('accountLogin', w));

      for (let i = 0; i < 3; i++) {
        assert.deepEqual(await customs.check(req('accountLogin', w)), allowed, `try ${i + 1}`);
      }
      assert.deepEqual(
        await customs.check(req('accountLogin', { ...w, ip: elsewhere })),
        blockedBy('failed-login-per-ip-email', 900),
        'the other ip stays blocked',
      );
    });

    it('refund gives back what every rule counted for a shed attempt', async () => {
      const attempts = rule({ name: 'two-attempts', key: 'ip', max: 2, blockSec: 60 });
      const { customs } = setup([attempts, defaultRule('failed-login-per-ip-email')]);
      const w = who();
      for (let i = 0; i < 5; i++) {
        assert.deepEqual(await customs.check(req('accountLogin', w)), allowed, `attempt ${i + 1}`);
        await customs.refund(req('accountLogin', w));
      }
    });
  });

  operatorContract(setup);
}
