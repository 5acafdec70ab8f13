// The DeviceStore contract: every Store implementation runs it (devices.test.ts
// runs it on SQLite and MySQL). Each test makes its own account, so the tests
// share one store without seeing each other's devices.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { DuplicateError, type Store } from './store.js';
import { deviceCommandContract } from './devices.contract-commands.js';
import { accountWithSessions, indexes, newCommand, newDevice } from './devices.fixtures.js';
import { NOW } from './store.fixtures.js';

/** Defines the suite; `open` gives a store on a migrated database. */
export function deviceContract(open: () => Promise<Store>): void {
  let store: Store | undefined;
  const getStore = () => {
    if (store === undefined) throw new Error('the store opens in before()');
    return store;
  };
  const devices = () => getStore().devices;
  before(async () => {
    store = await open();
  });
  after(async () => {
    await store?.close();
  });

  describe('devices', () => {
    it('registers a device and lists it with its session times', async () => {
      const { uid, sessions } = await accountWithSessions(getStore(), 1);
      const device = newDevice(uid, sessions[0]!, { name: null, pushCallback: null });
      await devices().registerDevice(device);
      const listed = { ...device, lastAccessTime: NOW + 2, sessionCreatedAt: NOW + 1 };
      assert.deepEqual(await devices().devicesOf(uid), [listed]);
      assert.deepEqual(await devices().deviceOfSession(sessions[0]!), listed);
      assert.deepEqual(await devices().device(uid, device.id), device);
      assert.equal(await devices().device(randomBytes(16), device.id), undefined);
    });

    it('refuses a second device for the same session', async () => {
      const { uid, sessions } = await accountWithSessions(getStore(), 1);
      await devices().registerDevice(newDevice(uid, sessions[0]!));
      await assert.rejects(devices().registerDevice(newDevice(uid, sessions[0]!)), DuplicateError);
      assert.equal((await devices().devicesOf(uid)).length, 1);
    });

    it('updates only the given fields, clears nulls and rebinds to the asking session', async () => {
      const { uid, sessions } = await accountWithSessions(getStore(), 2);
      const device = newDevice(uid, sessions[0]!, { pushEndpointExpired: true });
      await devices().registerDevice(device);
      const updated = await devices().updateDevice(uid, device.id, sessions[1]!, {
        name: 'Renamed',
        pushAuthKey: null,
        availableCommands: {},
      });
      const expected = {
        ...device,
        sessionTokenId: sessions[1]!,
        name: 'Renamed',
        pushAuthKey: null,
        availableCommands: {},
      };
      assert.deepEqual(updated, expected);
      assert.equal((await devices().deviceOfSession(sessions[1]!))?.name, 'Renamed');
      assert.equal(await devices().deviceOfSession(sessions[0]!), undefined);

      // Only a new push endpoint clears the expired flag.
      const repushed = await devices().updateDevice(uid, device.id, sessions[1]!, {
        pushCallback: 'https://push.example/new',
      });
      assert.deepEqual(repushed, {
        ...expected,
        pushCallback: 'https://push.example/new',
        pushEndpointExpired: false,
      });
      const unchanged = await devices().updateDevice(uid, device.id, sessions[1]!, {});
      assert.deepEqual(unchanged, repushed);
    });

    it('marks a push endpoint expired only while the device still has it', async () => {
      const { uid, sessions } = await accountWithSessions(getStore(), 1);
      const device = newDevice(uid, sessions[0]!, { pushCallback: 'https://push.example/old' });
      await devices().registerDevice(device);
      // A 410 for an endpoint the device has already replaced changes nothing.
      await devices().updateDevice(uid, device.id, sessions[0]!, {
        pushCallback: 'https://push.example/new',
      });
      const stale = 'https://push.example/old';
      assert.equal(await devices().markPushEndpointExpired(uid, device.id, stale), false);
      assert.equal((await devices().device(uid, device.id))?.pushEndpointExpired, false);

      const current = 'https://push.example/new';
      assert.equal(await devices().markPushEndpointExpired(uid, device.id, current), true);
      assert.equal((await devices().device(uid, device.id))?.pushEndpointExpired, true);
      assert.equal(await devices().markPushEndpointExpired(uid, device.id, current), false);
      const other = await accountWithSessions(getStore(), 1);
      assert.equal(await devices().markPushEndpointExpired(other.uid, device.id, current), false);
    });

    it('updates nothing for an unknown device or one of another account', async () => {
      const { uid, sessions } = await accountWithSessions(getStore(), 1);
      const other = await accountWithSessions(getStore(), 1);
      const device = newDevice(other.uid, other.sessions[0]!);
      await devices().registerDevice(device);
      assert.equal(
        await devices().updateDevice(uid, randomBytes(16), sessions[0]!, { name: 'x' }),
        undefined,
      );
      assert.equal(
        await devices().updateDevice(uid, device.id, sessions[0]!, { name: 'x' }),
        undefined,
      );
      assert.deepEqual(await devices().device(other.uid, device.id), device);
    });

    it('refuses to bind a device to a session that has another device', async () => {
      const { uid, sessions } = await accountWithSessions(getStore(), 2);
      const first = newDevice(uid, sessions[0]!);
      const second = newDevice(uid, sessions[1]!);
      await devices().registerDevice(first);
      await devices().registerDevice(second);
      await assert.rejects(
        devices().updateDevice(uid, second.id, sessions[0]!, { name: 'Taken' }),
        DuplicateError,
      );
      assert.deepEqual(await devices().device(uid, second.id), second);
    });

    it('destroys a device together with its session and its queued commands', async () => {
      const { uid, sessions } = await accountWithSessions(getStore(), 2);
      const doomed = newDevice(uid, sessions[0]!);
      const kept = newDevice(uid, sessions[1]!);
      await devices().registerDevice(doomed);
      await devices().registerDevice(kept);
      const sender = { uid, sessionTokenId: sessions[1]! };
      await devices().enqueueCommand(newCommand(uid, doomed.id), sender);
      await devices().enqueueCommand(newCommand(uid, kept.id), sender);

      assert.equal(await devices().destroyDevice(uid, doomed.id), true);
      assert.equal(await devices().device(uid, doomed.id), undefined);
      assert.equal(await getStore().token('sessionToken', sessions[0]!), undefined);
      assert.deepEqual(indexes(await devices().commandsFor(uid, doomed.id, 0, 10, NOW)), []);
      assert.notEqual(await getStore().token('sessionToken', sessions[1]!), undefined);
      assert.equal((await devices().commandsFor(uid, kept.id, 0, 10, NOW)).messages.length, 1);
      assert.equal(await devices().destroyDevice(uid, doomed.id), false);
    });

    it("does not destroy another account's device", async () => {
      const mine = await accountWithSessions(getStore(), 1);
      const theirs = await accountWithSessions(getStore(), 1);
      const device = newDevice(theirs.uid, theirs.sessions[0]!);
      await devices().registerDevice(device);
      assert.equal(await devices().destroyDevice(mine.uid, device.id), false);
      assert.deepEqual(await devices().device(theirs.uid, device.id), device);
    });

    it('loses the device when its session is deleted (deleteDeviceOfSession)', async () => {
      const { uid, sessions } = await accountWithSessions(getStore(), 2);
      const gone = newDevice(uid, sessions[0]!);
      const kept = newDevice(uid, sessions[1]!);
      await devices().registerDevice(gone);
      await devices().registerDevice(kept);
      // Listed first, so a store that remembers the list must forget it.
      assert.equal((await devices().devicesOf(uid)).length, 2);
      assert.equal(await getStore().deleteToken('sessionToken', sessions[0]!), true);
      assert.deepEqual(
        (await devices().devicesOf(uid)).map((d) => d.id),
        [kept.id],
      );
    });

    it('loses every device and command with the account', async () => {
      const { uid, sessions } = await accountWithSessions(getStore(), 1);
      const device = newDevice(uid, sessions[0]!);
      await devices().registerDevice(device);
      await devices().enqueueCommand(newCommand(uid, device.id), {
        uid,
        sessionTokenId: sessions[0]!,
      });
      assert.equal((await devices().devicesOf(uid)).length, 1);
      await getStore().deleteAccount(uid);
      assert.deepEqual(await devices().devicesOf(uid), []);
      assert.deepEqual(indexes(await devices().commandsFor(uid, device.id, 0, 10, NOW)), []);
    });
  });

  deviceCommandContract(getStore);
}
