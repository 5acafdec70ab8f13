// An account whose address nobody has confirmed yet may register its device,
// as in FxA (Firefox registers right after sign-up), but may not send,
// fetch or announce device commands until it is verified (errno 104): their
// payloads are encrypted to keys from kB, which such an account cannot have.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { Client } from '../client/client.js';
import { OPEN_URI, fetchCommands, invokeCommand, registerDevice } from '../client/devices.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { Mailbox } from '../helpers/mailbox.js';
import { PASSWORD, assertFxaError, randomEmail, useServer } from './support.js';

describeEachDatabase('unverified accounts and devices', (db) => {
  const server = useServer(db);

  it('registers the device but refuses device commands until the address is verified', async () => {
    const email = randomEmail();
    const sender = await Client.create(server().origin, email, PASSWORD);
    const target = await Client.login(server().origin, email, PASSWORD);
    assert.equal(target.verified, false);
    const { id } = await registerDevice(target, {
      name: 'Receiver',
      type: 'mobile',
      availableCommands: { [OPEN_URI]: 'bundle' },
    });
    await registerDevice(sender, { name: 'Sender', type: 'desktop' });
    const invoke = sender.request('POST', '/v1/account/devices/invoke_command', {
      token: sender.session(),
      body: { target: String(id), command: OPEN_URI, payload: { encrypted: 'tab' } },
    });
    assertFxaError(await invoke, 400, 104);
    const fetched = target.request('GET', '/v1/account/device/commands', {
      token: target.session(),
      query: { index: '0' },
    });
    assertFxaError(await fetched, 400, 104);
    const notify = sender.request('POST', '/v1/account/devices/notify', {
      token: sender.session(),
      body: {
        to: 'all',
        payload: {
          version: 1,
          command: 'sync:collection_changed',
          data: { collections: ['clients'] },
        },
      },
    });
    assertFxaError(await notify, 400, 104);

    // Once the address is confirmed, the same sessions may use commands.
    const [mail] = await new Mailbox(server().mailSinkUrl).waitFor(email);
    await sender.verifyEmail(mail?.headers['x-verify-code'] ?? '');
    const sent = await invokeCommand(sender, String(id), OPEN_URI, { encrypted: 'tab' });
    const page = await fetchCommands(target, 0);
    assert.deepEqual(
      page.messages.map((m) => m.index),
      [sent.index],
    );
  });
});
