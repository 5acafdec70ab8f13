// The DeviceStore contract for commands: reading them back by target and
// index, paging, expiry, and an index that never goes back or repeats. Part
// of deviceContract, which opens the store these tests share.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import type { Store } from './store.js';
import type { NewDeviceCommand } from './devices.js';
import { DAY, accountWithSessions, indexes, newCommand, newDevice } from './devices.fixtures.js';
import { NOW, newToken } from './store.fixtures.js';

export function deviceCommandContract(getStore: () => Store): void {
  const devices = () => getStore().devices;
  /** Queues `c`, sent from the session `session` of the same account. */
  const enqueue = (c: NewDeviceCommand, session: Buffer) =>
    devices().enqueueCommand(c, { uid: c.uid, sessionTokenId: session });

  describe('device commands', () => {
    it('reads the commands for one device from an index, in order, unexpired only', async () => {
      const { uid, sessions } = await accountWithSessions(getStore(), 2);
      const a = newDevice(uid, sessions[0]!);
      const b = newDevice(uid, sessions[1]!);
      await devices().registerDevice(a);
      await devices().registerDevice(b);
      const first = newCommand(uid, b.id, { sender: a.id });
      assert.equal(await enqueue(first, sessions[0]!), 1);
      assert.equal(await enqueue(newCommand(uid, a.id), sessions[0]!), 2);
      assert.equal(await enqueue(newCommand(uid, b.id, { expiresAt: NOW + 10 }), sessions[0]!), 3);
      assert.equal(await enqueue(newCommand(uid, b.id), sessions[0]!), 4);

      const page = await devices().commandsFor(uid, b.id, 0, 10, NOW);
      assert.deepEqual(page.messages[0], { ...first, index: 1 });
      assert.deepEqual(indexes(page), [1, 3, 4]);
      assert.equal(page.last, true);
      assert.deepEqual(indexes(await devices().commandsFor(uid, b.id, 3, 10, NOW)), [3, 4]);
      assert.deepEqual(indexes(await devices().commandsFor(uid, b.id, 0, 10, NOW + 10)), [1, 4]);
      assert.deepEqual(indexes(await devices().commandsFor(uid, b.id, 5, 10, NOW)), []);
    });

    it('pages with a limit and says whether more remain', async () => {
      const { uid, sessions } = await accountWithSessions(getStore(), 1);
      const device = newDevice(uid, sessions[0]!);
      await devices().registerDevice(device);
      for (let i = 0; i < 3; i++) await enqueue(newCommand(uid, device.id), sessions[0]!);
      const firstPage = await devices().commandsFor(uid, device.id, 0, 2, NOW);
      assert.deepEqual({ i: indexes(firstPage), last: firstPage.last }, { i: [1, 2], last: false });
      const rest = await devices().commandsFor(uid, device.id, 3, 2, NOW);
      assert.deepEqual({ i: indexes(rest), last: rest.last }, { i: [3], last: true });
      const exact = await devices().commandsFor(uid, device.id, 2, 2, NOW);
      assert.deepEqual({ i: indexes(exact), last: exact.last }, { i: [2, 3], last: true });
    });

    it('never hands out an index again, whatever was deleted', async () => {
      const { uid, sessions } = await accountWithSessions(getStore(), 3);
      const device = newDevice(uid, sessions[0]!);
      await devices().registerDevice(device);
      const longAgo = NOW - 2 * 365 * DAY;
      const expired = newCommand(uid, device.id, { expiresAt: longAgo });
      assert.equal(await enqueue(expired, sessions[2]!), 1);
      assert.ok((await devices().pruneCommands(longAgo)) >= 1);
      assert.equal(await enqueue(newCommand(uid, device.id), sessions[2]!), 2);

      // Removing the device removes its commands, not the account's counter.
      await devices().destroyDevice(uid, device.id);
      const next = newDevice(uid, sessions[1]!);
      await devices().registerDevice(next);
      assert.equal(await enqueue(newCommand(uid, next.id), sessions[2]!), 3);

      // Nor does a password reset, which removes every device.
      const consume = newToken('passwordChangeToken', uid);
      await getStore().createTokens([consume]);
      const verifier = {
        authSalt: randomBytes(32),
        verifyHash: randomBytes(32),
        wrapWrapKb: randomBytes(32),
        verifierVersion: 1,
        verifierSetAt: NOW,
      };
      const consumed = { type: consume.type, tokenId: consume.record.tokenId };
      assert.equal(await getStore().resetAccount(uid, verifier, consumed), true);
      assert.deepEqual(await devices().devicesOf(uid), []);
      // A command for a device gone since is refused, and takes no index.
      const signedIn = newToken('sessionToken', uid);
      await getStore().createTokens([signedIn]);
      const session = signedIn.record.tokenId;
      assert.equal(await enqueue(newCommand(uid, randomBytes(16)), session), undefined);
      const after = newDevice(uid, session);
      await devices().registerDevice(after);
      assert.equal(await enqueue(newCommand(uid, after.id), session), 4);
    });

    it('gives concurrent enqueues distinct consecutive indexes', async () => {
      const { uid, sessions } = await accountWithSessions(getStore(), 1);
      const device = newDevice(uid, sessions[0]!);
      await devices().registerDevice(device);
      const got = await Promise.all(
        Array.from({ length: 10 }, () => enqueue(newCommand(uid, device.id), sessions[0]!)),
      );
      assert.deepEqual(
        got.map(Number).sort((x, y) => x - y),
        [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
      );
      const page = await devices().commandsFor(uid, device.id, 0, 100, NOW);
      assert.deepEqual(indexes(page), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    });

    it('prunes only the commands expired by the cutoff', async () => {
      const { uid, sessions } = await accountWithSessions(getStore(), 1);
      const device = newDevice(uid, sessions[0]!);
      await devices().registerDevice(device);
      // Far before NOW, where no other test leaves commands behind: the only
      // older ones, two years back, were pruned by the test that made them.
      const cutoff = NOW - 365 * DAY;
      await enqueue(newCommand(uid, device.id, { expiresAt: cutoff - 1 }), sessions[0]!);
      await enqueue(newCommand(uid, device.id, { expiresAt: cutoff }), sessions[0]!);
      await enqueue(newCommand(uid, device.id, { expiresAt: cutoff + 1 }), sessions[0]!);
      assert.equal(await devices().pruneCommands(cutoff), 2);
      assert.deepEqual(indexes(await devices().commandsFor(uid, device.id, 0, 10, cutoff)), [3]);
    });
  });
}
