// The contract for the device list's read (Store.sessionWithDevices). Part
// of storeContract, which opens the store these tests share.
//
// It must give what sessionSummary and devices.devicesOf give apart, in the
// same order, and follow every change to either at once: a device added or
// removed, a session touched, and above all a session that ends, whichever
// way it ends.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { randomBytes } from 'node:crypto';
import type { Store } from './store.js';
import { accountWithSessions, newDevice } from './devices.fixtures.js';
import { NOW, newAccount, newToken } from './store.fixtures.js';

export function sessionWithDevicesContract(getStore: () => Store): void {
  /** What the two separate reads give for `tokenId` and its account. */
  async function apart(tokenId: Buffer) {
    const summary = await getStore().sessionSummary(tokenId);
    assert.ok(summary, 'the session exists');
    return { ...summary, devices: await getStore().devices.devicesOf(summary.account.uid) };
  }

  describe('sessionWithDevices', () => {
    it('gives the summary and the devices, by registration time, as the two reads do', async () => {
      const store = getStore();
      const { uid, sessions } = await accountWithSessions(store, 3);
      const [first, second, third] = sessions as [Buffer, Buffer, Buffer];
      const none = await store.sessionWithDevices(first);
      assert.deepEqual(none?.devices, [], 'an account without devices lists none');
      assert.deepEqual(none, await apart(first));

      // Registered out of order, and with names the join must not mix up.
      const late = newDevice(uid, first, { createdAt: NOW + 2, name: 'late' });
      const early = newDevice(uid, second, { createdAt: NOW, name: 'early' });
      const middle = newDevice(uid, third, { createdAt: NOW + 1, name: 'middle' });
      for (const device of [late, early, middle]) await store.devices.registerDevice(device);
      const read = await store.sessionWithDevices(second);
      assert.deepEqual(
        read?.devices.map((d) => d.name),
        ['early', 'middle', 'late'],
      );
      // The session's own columns too, not those of a device on the same row.
      assert.deepEqual(read, await apart(second));
      assert.ok(read?.token.tokenId.equals(second));
    });

    // Each is read first, so a store that remembers reads must forget it.
    it('follows a device added or removed and a session touched, at once', async () => {
      const store = getStore();
      const { uid, sessions } = await accountWithSessions(store, 2);
      const [mine, other] = sessions as [Buffer, Buffer];
      assert.equal((await store.sessionWithDevices(mine))?.devices.length, 0);
      const device = newDevice(uid, other);
      await store.devices.registerDevice(device);
      assert.deepEqual(
        (await store.sessionWithDevices(mine))?.devices.map((d) => d.id),
        [device.id],
      );
      await store.touchSessionToken(other, NOW + 3_600_000);
      const touched = await store.sessionWithDevices(mine);
      assert.equal(touched?.devices[0]?.lastAccessTime, NOW + 3_600_000);
      assert.ok(await store.devices.destroyDevice(uid, device.id));
      assert.deepEqual((await store.sessionWithDevices(mine))?.devices, []);
    });

    it('finds the session no more once it is deleted or its account is gone', async () => {
      const store = getStore();
      const { uid, sessions } = await accountWithSessions(store, 2);
      const [ended, kept] = sessions as [Buffer, Buffer];
      await store.devices.registerDevice(newDevice(uid, kept));
      assert.ok(await store.sessionWithDevices(ended));
      await store.deleteToken('sessionToken', ended);
      assert.equal(await store.sessionWithDevices(ended), undefined);

      assert.equal((await store.sessionWithDevices(kept))?.devices.length, 1);
      await store.deleteAccount(uid);
      assert.equal(await store.sessionWithDevices(kept), undefined);
    });

    it('finds no unknown session, nor one of another token type', async () => {
      assert.equal(await getStore().sessionWithDevices(randomBytes(32)), undefined);
      const account = newAccount();
      const keyFetch = newToken('keyFetchToken', account.uid);
      await getStore().createAccount(account, [keyFetch]);
      assert.equal(await getStore().sessionWithDevices(keyFetch.record.tokenId), undefined);
    });
  });
}
