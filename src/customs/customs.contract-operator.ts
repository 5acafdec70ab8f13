// The part of the customs contract that clears state: a completed password
// reset, and the operator's bans, unblocks and list.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Customs } from './customs.js';
import {
  allowed,
  blockedBy,
  defaultRule,
  req,
  rule,
  START,
  who,
  type Setup,
  type Who,
} from './customs.fixtures.js';

const at = (sec: number) => START + sec * 1000;

/**
 * Four wrong passwords for `w` from `ip`: three failures are allowed (more
 * than max 2 block, as FxA counts), so the fourth trips the ip_email rule.
 */
async function failLogins(customs: Customs, w: Who, ip = w.ip): Promise<void> {
  for (let i = 0; i < 4; i++) await customs.check(req('accountLogin', { ...w, ip }));
}

export function operatorContract(setup: Setup): void {
  describe('password reset', () => {
    const rules = [
      defaultRule('failed-login-per-ip-email'),
      rule({ name: 'failures-per-email', key: 'email', max: 6, blockSec: 600, counts: 'failures' }),
      defaultRule('mail-per-email'),
    ];

    it("clears the address's failure counters and blocks, from every ip", async () => {
      const { customs } = setup(rules);
      const w = who();
      const other = who().ip;
      await failLogins(customs, w);
      await failLogins(customs, w, other);
      const blocked = blockedBy('failed-login-per-ip-email', 900);
      assert.deepEqual(await customs.check(req('accountLogin', w)), blocked);
      assert.deepEqual(await customs.check(req('accountLogin', { ...w, ip: other })), blocked);

      await customs.passwordReset(w.email.toUpperCase());

      assert.deepEqual(await customs.listBlocks(), []);
      // The counts restart from zero: three more wrong passwords pass, the fourth trips.
      for (const ip of [w.ip, other]) {
        for (let i = 0; i < 3; i++) {
          assert.deepEqual(await customs.check(req('accountLogin', { ...w, ip })), allowed);
        }
        assert.deepEqual(await customs.check(req('accountLogin', { ...w, ip })), blocked);
      }
    });

    it('clears failure rules keyed by the email alone', async () => {
      const { customs } = setup(rules);
      const w = who();
      // Two wrong passwords from each of three ips stay under the ip_email
      // limit; with a seventh, the address has more than its 6 failures.
      const ips = [who().ip, who().ip, who().ip];
      for (const ip of ips)
        for (let i = 0; i < 2; i++) await customs.check(req('accountLogin', { ...w, ip }));
      assert.deepEqual(await customs.check(req('accountLogin', w)), allowed);
      assert.deepEqual(
        await customs.check(req('accountLogin', w)),
        blockedBy('failures-per-email', 600),
      );
      await customs.passwordReset(w.email);
      assert.deepEqual(await customs.check(req('accountLogin', w)), allowed);
    });

    it('leaves mail limits, bans and other addresses alone', async () => {
      const { customs } = setup(rules);
      const w = who();
      const bystander = who();
      for (let i = 0; i < 4; i++) await customs.check(req('passwordForgotSendCode', w));
      await failLogins(customs, bystander);
      await customs.passwordReset(w.email);
      assert.deepEqual(
        await customs.check(req('passwordForgotSendCode', w)),
        blockedBy('mail-per-email', 900),
      );
      assert.deepEqual(
        await customs.check(req('accountLogin', bystander)),
        blockedBy('failed-login-per-ip-email', 900),
      );
      await customs.ban({ kind: 'email', value: w.email }, 3600);
      await customs.passwordReset(w.email);
      assert.deepEqual(await customs.check(req('accountLogin', w)), blockedBy('ban', 3600));
    });
  });

  describe('operator controls', () => {
    it('a ban on an email blocks every action for it, in any case, until it ends', async () => {
      const { customs, advance } = setup([]);
      const w = who();
      await customs.ban({ kind: 'email', value: w.email.toUpperCase() }, 600);
      for (const action of ['accountLogin', 'accountCreate', 'passwordForgotVerifyCode'] as const) {
        assert.deepEqual(await customs.check(req(action, w)), blockedBy('ban', 600));
      }
      assert.deepEqual(
        await customs.check(req('accountLogin', { ...w, email: who().email })),
        allowed,
      );
      assert.deepEqual(await customs.listBlocks(), [
        { kind: 'email', value: w.email.toLowerCase(), reason: 'ban', until: at(600) },
      ]);
      advance(600);
      assert.deepEqual(await customs.check(req('accountLogin', w)), allowed);
      assert.deepEqual(await customs.listBlocks(), []);
    });

    it('a ban on an ip blocks every action from it, with or without an email', async () => {
      const { customs } = setup([]);
      const w = who();
      await customs.ban({ kind: 'ip', value: w.ip }, 86_400);
      assert.deepEqual(await customs.check(req('accountLogin', w)), blockedBy('ban', 86_400));
      const uidOnly = { action: 'certificateSign', ip: w.ip, uid: w.uid } as const;
      assert.deepEqual(await customs.check(uidOnly), blockedBy('ban', 86_400));
      assert.deepEqual(await customs.check({ ...uidOnly, ip: who().ip }), allowed);
    });

    it('a new ban replaces the old one', async () => {
      const { customs } = setup([]);
      const w = who();
      await customs.ban({ kind: 'ip', value: w.ip }, 86_400);
      await customs.ban({ kind: 'ip', value: w.ip }, 60);
      assert.deepEqual(await customs.check(req('accountLogin', w)), blockedBy('ban', 60));
      assert.deepEqual(await customs.listBlocks(), [
        { kind: 'ip', value: w.ip, reason: 'ban', until: at(60) },
      ]);
    });

    it('the longest of several blocks decides retryAfter', async () => {
      const { customs } = setup([rule({ name: 'no-logins', max: 0, blockSec: 900 })]);
      const w = who();
      await customs.ban({ kind: 'email', value: w.email }, 100);
      assert.deepEqual(await customs.check(req('accountCreate', w)), blockedBy('ban', 100));
      await customs.unblock({ kind: 'email', value: w.email });
      assert.deepEqual(await customs.check(req('accountLogin', w)), blockedBy('no-logins', 900));
      await customs.ban({ kind: 'email', value: w.email }, 100);
      assert.deepEqual(await customs.check(req('accountLogin', w)), blockedBy('no-logins', 900));
      await customs.ban({ kind: 'email', value: w.email }, 2000);
      assert.deepEqual(await customs.check(req('accountLogin', w)), blockedBy('ban', 2000));
    });

    it('lists bans and rule blocks by email or ip, with ip_email under the email', async () => {
      const ipLimit = rule({ name: 'ip-limit', max: 0, actions: ['accountStatusCheck'] });
      const { customs, advance } = setup([defaultRule('failed-login-per-ip-email'), ipLimit]);
      const w = who();
      const banned = who();
      await customs.check(req('accountStatusCheck', w)); // trips ip-limit at once
      advance(10);
      await failLogins(customs, { ...w, ip: banned.ip });
      await customs.ban({ kind: 'email', value: banned.email }, 30);
      const uidLimit = rule({
        name: 'uid-limit',
        key: 'uid',
        max: 0,
        actions: ['certificateSign'],
      });
      const { customs: other } = setup([uidLimit]);
      await other.check({ action: 'certificateSign', ip: w.ip, uid: w.uid });

      assert.deepEqual(await customs.listBlocks(), [
        { kind: 'email', value: banned.email.toLowerCase(), reason: 'ban', until: at(40) },
        { kind: 'ip', value: w.ip, reason: 'ip-limit', until: at(60) },
        {
          kind: 'email',
          value: w.email.toLowerCase(),
          reason: `failed-login-per-ip-email@${banned.ip}`,
          until: at(910),
        },
      ]);
      assert.deepEqual(await other.listBlocks(), [], 'uid blocks are not listed');
    });

    it('unblocking an email lifts its ban, its rule blocks and counters, from every ip', async () => {
      const rules = [defaultRule('failed-login-per-ip-email'), defaultRule('mail-per-email')];
      const { customs } = setup(rules);
      const w = who();
      const other = who().ip;
      await failLogins(customs, w);
      await failLogins(customs, w, other);
      for (let i = 0; i < 4; i++) await customs.check(req('accountCreate', w));
      await customs.ban({ kind: 'email', value: w.email }, 3600);
      assert.equal((await customs.listBlocks()).length, 4);

      await customs.unblock({ kind: 'email', value: w.email.toUpperCase() });

      assert.deepEqual(await customs.listBlocks(), []);
      for (const ip of [w.ip, other]) {
        assert.deepEqual(await customs.check(req('accountLogin', { ...w, ip })), allowed);
        assert.deepEqual(await customs.check(req('accountLogin', { ...w, ip })), allowed);
      }
      assert.deepEqual(await customs.check(req('accountCreate', w)), allowed);
    });

    it('unblocking an ip lifts its ban, its rule blocks and its ip_email blocks', async () => {
      const rules = [defaultRule('failed-login-per-ip-email'), rule({ name: 'ip-limit', max: 3 })];
      const { customs } = setup(rules);
      const w = who();
      await failLogins(customs, w);
      await customs.check(req('accountLogin', { ...w, email: who().email }));
      await customs.ban({ kind: 'ip', value: w.ip }, 3600);
      assert.equal((await customs.listBlocks()).length, 3);

      await customs.unblock({ kind: 'ip', value: w.ip });

      assert.deepEqual(await customs.listBlocks(), []);
      assert.deepEqual(await customs.check(req('accountLogin', w)), allowed);
    });

    it('unblocking leaves other addresses blocked', async () => {
      const { customs } = setup([defaultRule('failed-login-per-ip-email')]);
      const w = who();
      const bystander = { ...who(), ip: w.ip };
      await failLogins(customs, w);
      await failLogins(customs, bystander);
      await customs.unblock({ kind: 'email', value: w.email });
      assert.deepEqual(await customs.check(req('accountLogin', w)), allowed);
      assert.deepEqual(
        await customs.check(req('accountLogin', bystander)),
        blockedBy('failed-login-per-ip-email', 900),
      );
    });
  });
}
