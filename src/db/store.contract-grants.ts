// The Store contract for grants that race a revocation: a token, device or
// command is stored only while what it was checked against still holds, in
// whichever order the two commit. Part of storeContract, which opens the
// store these tests share.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { StaleGrantError, type Store, type VerifierFields } from './store.js';
import { accountWithSessions, newCommand, newDevice } from './devices.fixtures.js';
import { NOW, newAccount, newToken } from './store.fixtures.js';

const RACERS = 10;

export function grantContract(getStore: () => Store): void {
  const store = () => getStore();

  /** A verified account with a passwordChangeToken to spend on a reset. */
  async function accountToReset() {
    const account = newAccount({ emailVerified: true });
    const change = newToken('passwordChangeToken', account.uid);
    await store().createAccount(account, [change]);
    const verifier: VerifierFields = {
      authSalt: randomBytes(32),
      verifyHash: randomBytes(32),
      wrapWrapKb: randomBytes(32),
      verifierVersion: 1,
      verifierSetAt: NOW + 5000,
    };
    const reset = () =>
      store().resetAccount(account.uid, verifier, {
        type: 'passwordChangeToken',
        tokenId: change.record.tokenId,
      });
    return { account, reset };
  }

  describe('grants racing revocations', () => {
    it('refuses tokens checked against a verifier that a reset has replaced', async () => {
      const { account, reset } = await accountToReset();
      assert.equal(await reset(), true);
      const login = newToken('sessionToken', account.uid);
      const checked = { uid: account.uid, verifierSetAt: account.verifierSetAt };
      await assert.rejects(store().createTokens([login], checked), StaleGrantError);
      assert.deepEqual(await store().sessionsOf(account.uid), []);
      // The verifier the reset set is the one a login checks against now.
      await store().createTokens([login], { uid: account.uid, verifierSetAt: NOW + 5000 });
      assert.equal((await store().sessionsOf(account.uid)).length, 1);
    });

    it('refuses tokens for an account that is gone', async () => {
      const account = newAccount();
      const checked = { uid: account.uid, verifierSetAt: account.verifierSetAt };
      const login = newToken('sessionToken', account.uid);
      await assert.rejects(store().createTokens([login], checked), StaleGrantError);
    });

    it('keeps no login that raced a reset with the old verifier', async () => {
      const { account, reset } = await accountToReset();
      const checked = { uid: account.uid, verifierSetAt: account.verifierSetAt };
      const logins = Array.from({ length: RACERS }, () =>
        store()
          .createTokens([newToken('sessionToken', account.uid)], checked)
          .catch((err: unknown) => {
            if (!(err instanceof StaleGrantError)) throw err;
          }),
      );
      await Promise.all([reset(), ...logins]);
      assert.deepEqual(await store().sessionsOf(account.uid), []);
    });

    it('registers no device for a session that is gone, however the two interleave', async () => {
      const { uid, sessions } = await accountWithSessions(store(), RACERS);
      const outcomes = await Promise.all(
        sessions.map(async (session) => {
          const registering = store()
            .devices.registerDevice(newDevice(uid, session))
            .then(
              () => 'registered',
              (err: unknown) => {
                if (err instanceof StaleGrantError) return 'refused';
                throw err;
              },
            );
          const [outcome] = await Promise.all([
            registering,
            store().deleteToken('sessionToken', session),
          ]);
          return outcome;
        }),
      );
      assert.equal(outcomes.length, RACERS);
      assert.deepEqual(await store().devices.devicesOf(uid), [], 'no orphan device');
    });

    it('queues no command for a device destroyed meanwhile', async () => {
      const { uid, sessions } = await accountWithSessions(store(), 2);
      const target = newDevice(uid, sessions[0]!);
      await store().devices.registerDevice(target);
      const sender = { uid, sessionTokenId: sessions[1]! };
      const enqueues = Array.from({ length: RACERS }, () =>
        store().devices.enqueueCommand(newCommand(uid, target.id), sender),
      );
      await Promise.all([store().devices.destroyDevice(uid, target.id), ...enqueues]);
      const page = await store().devices.commandsFor(uid, target.id, 0, 100, NOW);
      assert.deepEqual(page.messages, [], 'no command outlived its target');
    });

    it('refuses a device once its session is gone', async () => {
      const { uid, sessions } = await accountWithSessions(store(), 1);
      await store().deleteToken('sessionToken', sessions[0]!);
      await assert.rejects(
        store().devices.registerDevice(newDevice(uid, sessions[0]!)),
        StaleGrantError,
      );
      await assert.rejects(
        store().devices.enqueueCommand(newCommand(uid, randomBytes(16)), {
          uid,
          sessionTokenId: sessions[0]!,
        }),
        StaleGrantError,
      );
    });
  });
}
