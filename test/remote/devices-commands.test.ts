// Device commands (firefox.md §3.3): one Firefox sends a tab to another through
// invoke_command, and the target fetches it from /account/device/commands the way
// Firefox does, asking from its lastCommandIndex + 1 and keeping the reply's index.
// That only works while indexes never repeat or go back, whatever is deleted.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { JsonObject } from '../client/api.js';
import { Client } from '../client/client.js';
import {
  OPEN_URI,
  destroyDevice,
  fetchCommands,
  invokeCommand,
  notifyDevices,
  registerDevice,
} from '../client/devices.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { PASSWORD, assertFxaError, randomEmail, randomHex, useServer } from './support.js';

/** Firefox's side of polling: remembers the last index it handled. */
class Receiver {
  lastCommandIndex = 0;

  constructor(public client: Client) {}

  async poll(): Promise<{ index: number; data: JsonObject }[]> {
    const page = await fetchCommands(this.client, this.lastCommandIndex + 1);
    if (page.messages.length > 0) this.lastCommandIndex = page.index;
    return page.messages;
  }
}

describeEachDatabase('device commands', (db) => {
  const server = useServer(db);

  /** A fresh account with a sender device and a receiver that can open tabs. */
  async function twoDevices() {
    const email = randomEmail('commands');
    await Client.create(server().origin, email, PASSWORD, { preVerified: true });
    const signIn = () => Client.login(server().origin, email, PASSWORD);
    const sender = await signIn();
    const target = await signIn();
    const { id: senderId } = await registerDevice(sender, { name: 'Sender', type: 'desktop' });
    const { id: targetId } = await registerDevice(target, {
      name: 'Receiver',
      type: 'mobile',
      availableCommands: { [OPEN_URI]: 'public key bundle' },
    });
    return { signIn, sender, senderId: String(senderId), target, targetId: String(targetId) };
  }

  it('delivers a sent tab with its sender and payload', async () => {
    const { sender, senderId, target, targetId } = await twoDevices();
    const payload = { encrypted: 'tab data' };
    const sent = await invokeCommand(sender, targetId, OPEN_URI, payload);
    // The receiver registered no push endpoint, so only its next poll finds the tab.
    assert.deepEqual(sent, {
      enqueued: true,
      index: sent.index,
      notified: false,
      notifyError: 'noCallback',
    });
    assert.equal(typeof sent.index, 'number');

    const page = await fetchCommands(target, 0);
    assert.deepEqual(page, {
      index: sent.index,
      last: true,
      messages: [{ index: sent.index, data: { command: OPEN_URI, payload, sender: senderId } }],
    });
    // The sender's own queue is empty.
    assert.deepEqual((await fetchCommands(sender, 0)).messages, []);
  });

  it('numbers commands strictly upwards across polls, expiry and re-registration', async () => {
    const { signIn, sender, target, targetId } = await twoDevices();
    const receiver = new Receiver(target);
    const seen: number[] = [];
    for (let round = 0; round < 3; round++) {
      await invokeCommand(sender, targetId, OPEN_URI, { round });
      await invokeCommand(sender, targetId, OPEN_URI, { round, second: true });
      const messages = await receiver.poll();
      assert.equal(messages.length, 2, 'each poll sees only the new commands');
      seen.push(...messages.map((m) => m.index));
    }

    // A command that expires at once is never read, and its index is not reused.
    await invokeCommand(sender, targetId, OPEN_URI, { short: true }, 0);
    assert.deepEqual(await receiver.poll(), []);
    await invokeCommand(sender, targetId, OPEN_URI, { after: 'expiry' });
    seen.push(...(await receiver.poll()).map((m) => m.index));

    // The receiver is removed and signs in again as a new device; the old index
    // it remembered must still be below every new command's.
    await destroyDevice(sender, targetId);
    const again = await signIn();
    const { id: newTargetId } = await registerDevice(again, {
      name: 'Receiver again',
      type: 'mobile',
      availableCommands: { [OPEN_URI]: 'new bundle' },
    });
    const sent = await invokeCommand(sender, String(newTargetId), OPEN_URI, { after: 'reinstall' });
    receiver.client = again;
    const last = await receiver.poll();
    assert.deepEqual(
      last.map((m) => m.data.payload),
      [{ after: 'reinstall' }],
    );
    seen.push(Number(sent.index));

    for (let i = 1; i < seen.length; i++) {
      assert.ok(seen[i]! > seen[i - 1]!, `indexes go up: ${seen.join(', ')}`);
    }
  });

  it('pages with limit and reports whether more remain', async () => {
    const { sender, target, targetId } = await twoDevices();
    const indexes: number[] = [];
    for (let i = 0; i < 3; i++) {
      indexes.push(Number((await invokeCommand(sender, targetId, OPEN_URI, { i })).index));
    }
    const first = await fetchCommands(target, 0, 2);
    assert.deepEqual(
      first.messages.map((m) => m.index),
      indexes.slice(0, 2),
    );
    assert.equal(first.last, false);
    assert.equal(first.index, indexes[1]);
    const rest = await fetchCommands(target, first.index + 1, 2);
    assert.deepEqual(
      rest.messages.map((m) => m.index),
      indexes.slice(2),
    );
    assert.equal(rest.last, true);
    // Nothing new: the reply's index stays below what was asked for.
    const none = await fetchCommands(target, rest.index + 1);
    assert.deepEqual(
      { index: none.index, messages: none.messages },
      { index: rest.index, messages: [] },
    );
  });

  it('refuses unknown targets (123), commands the target lacks (157), and fetches without a device (123)', async () => {
    const { signIn, sender, senderId, targetId } = await twoDevices();
    const send = (body: object) =>
      sender.request('POST', '/v1/account/devices/invoke_command', {
        token: sender.session(),
        body,
      });
    assertFxaError(await send({ target: randomHex(16), command: OPEN_URI, payload: {} }), 400, 123);
    // The sender registered no commands of its own.
    assertFxaError(await send({ target: senderId, command: OPEN_URI, payload: {} }), 400, 157);
    const other = 'https://identity.mozilla.com/cmd/close-uri/v1';
    assertFxaError(await send({ target: targetId, command: other, payload: {} }), 400, 157);
    assertFxaError(await send({ target: targetId, command: OPEN_URI, payload: 'text' }), 400, 107);

    const deviceless = await signIn();
    const res = await deviceless.request('GET', '/v1/account/device/commands', {
      token: deviceless.session(),
      query: { index: '0' },
    });
    assertFxaError(res, 400, 123);
  });

  it('sends without a sender when the caller has no device', async () => {
    const { signIn, target, targetId } = await twoDevices();
    const deviceless = await signIn();
    const { index } = await invokeCommand(deviceless, targetId, OPEN_URI, { from: 'nowhere' });
    const page = await fetchCommands(target, Number(index));
    assert.deepEqual(page.messages, [
      { index, data: { command: OPEN_URI, payload: { from: 'nowhere' } } },
    ]);
  });

  it('accepts notify as Firefox sends it after its first sync', async () => {
    const { sender, senderId, targetId } = await twoDevices();
    const payload = {
      version: 1,
      command: 'sync:collection_changed',
      data: { collections: ['clients'], reason: 'firstsync' },
    };
    assert.deepEqual(
      await notifyDevices(sender, { to: 'all', excluded: [senderId], payload, TTL: 0 }),
      {},
    );
    assert.deepEqual(await notifyDevices(sender, { to: [targetId], payload }), {});
    const bad = await sender.request('POST', '/v1/account/devices/notify', {
      token: sender.session(),
      body: { to: 'everyone', payload },
    });
    assertFxaError(bad, 400, 107);
  });
});
