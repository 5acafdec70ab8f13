// Web Push to devices (issue 10 item 5): what one Firefox does reaches the
// account's other devices at once, through their push service. A local push
// service (test/helpers/push-service.ts) plays autopush: it checks each
// push's VAPID signature against the server's key and decrypts the body with
// the subscription's private key, so every assertion here is about what a
// browser would really read.
import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { Api } from '../client/api.js';
import { Client } from '../client/client.js';
import {
  OPEN_URI,
  destroyDevice,
  fetchCommands,
  invokeCommand,
  listDevices,
  notifyDevices,
  registerDevice,
  updateDevice,
} from '../client/devices.js';
import { forgotPassword, resetPassword, verifyRecoveryCode } from '../client/recovery.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { Mailbox } from '../helpers/mailbox.js';
import { PushService, type Subscription } from '../helpers/push-service.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { PASSWORD, assertFxaError, randomEmail } from './support.js';

// What Firefox sends after its first sync (firefox.md §3.2).
const FIRST_SYNC = {
  version: 1,
  command: 'sync:collection_changed',
  data: { collections: ['clients'], reason: 'firstsync' },
};
const HOUR = 3600;
const PUSH_TIMEOUT_MS = 3000;

interface Device {
  client: Client;
  id: string;
  sub: Subscription;
}

describeEachDatabase('web push', (db) => {
  const service = new PushService();
  let server: TestServer | undefined;
  const app = () => {
    if (!server) throw new Error('the test server did not start');
    return server;
  };

  before(async () => {
    await service.start();
    server = await startTestServer({
      databaseUrl: db().url,
      config: {
        push: { allowedEndpoints: [service.origin], timeoutMs: PUSH_TIMEOUT_MS },
        customs: { enabled: false },
      },
    });
  });
  after(async () => {
    service.release();
    await server?.stop();
    await service.stop();
  });

  /** Every push the server has queued so far has been answered (or has failed). */
  const settled = () => app().app.push.drain();

  async function account() {
    const email = randomEmail('push');
    const first = await Client.create(app().origin, email, PASSWORD, { preVerified: true });
    return { email, uid: first.uid, signIn: () => Client.login(app().origin, email, PASSWORD) };
  }

  /** A signed-in Firefox with a push subscription and the send-tab command. */
  async function device(signIn: () => Promise<Client>, name: string): Promise<Device> {
    const client = await signIn();
    const sub = service.subscribe();
    const { id } = await registerDevice(client, {
      name,
      type: 'desktop',
      availableCommands: { [OPEN_URI]: 'send tab keys' },
      ...sub,
    });
    return { client, id: String(id), sub };
  }

  it('relays notify to every device but the excluded sender, as the client sent it', async () => {
    const { signIn } = await account();
    const [sender, laptop, phone] = [
      await device(signIn, 'Sender'),
      await device(signIn, 'Laptop'),
      await device(signIn, 'Phone'),
    ];
    const body = { to: 'all', excluded: [sender.id], payload: FIRST_SYNC, TTL: 0 };
    assert.deepEqual(await notifyDevices(sender.client, body), {});

    for (const target of [laptop, phone]) {
      const [push] = await service.waitFor(target.sub, 'sync:collection_changed');
      assert.deepEqual(push?.payload, FIRST_SYNC);
      assert.equal(push?.ttl, 0);
    }
    await settled();
    assert.deepEqual(service.received(sender.sub, 'sync:collection_changed'), []);

    // A list of ids reaches just those, for as long as asked.
    const tabs = { ...FIRST_SYNC, data: { collections: ['tabs'] } };
    await notifyDevices(sender.client, { to: [phone.id], payload: tabs, TTL: 120 });
    const pushes = await service.waitFor(phone.sub, 'sync:collection_changed', 2);
    assert.deepEqual(
      { payload: pushes[1]?.payload, ttl: pushes[1]?.ttl },
      { payload: tabs, ttl: 120 },
    );
    await settled();
    assert.equal(service.received(laptop.sub, 'sync:collection_changed').length, 1);
  });

  it('signs with a VAPID key generated once into the data directory, private to the owner', async () => {
    const { signIn } = await account();
    const [sender, target] = [await device(signIn, 'A'), await device(signIn, 'B')];
    await notifyDevices(sender.client, { to: [target.id], payload: FIRST_SYNC });
    const [push] = await service.waitFor(target.sub, 'sync:collection_changed');

    const file = join(app().config.dataDir, 'vapid.json');
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    const keys = JSON.parse(await readFile(file, 'utf8')) as { publicKey: string };
    // The push service checked the signature with `k`; `k` must be the stored key.
    assert.equal(push?.vapid.publicKey, keys.publicKey);
    assert.equal(push?.vapid.aud, service.origin);
    // publicUrl is plain http in tests, so the contact is the sender address.
    assert.equal(push?.vapid.sub, 'mailto:no-reply@localhost');
  });

  it('tells the target of a sent tab, with the index it then fetches', async () => {
    const { signIn } = await account();
    const [sender, target] = [await device(signIn, 'Sender'), await device(signIn, 'Target')];
    const sent = await invokeCommand(sender.client, target.id, OPEN_URI, { encrypted: 'tab' });
    // enqueued and notified: Firefox logs "Sending was only partially successful" otherwise.
    assert.deepEqual(sent, { enqueued: true, index: sent.index, notified: true });

    const [push] = await service.waitFor(target.sub, 'fxaccounts:command_received');
    const index = Number(sent.index);
    const url = `${app().publicUrl}/v1/account/device/commands?index=${index}&limit=1`;
    assert.deepEqual(push?.payload, {
      version: 1,
      command: 'fxaccounts:command_received',
      data: { command: OPEN_URI, index: sent.index, sender: sender.id, url },
    });
    // A sent tab waits 30 days in the queue, and so may its push.
    assert.equal(push?.ttl, 30 * 24 * HOUR);

    // Firefox polls from the pushed index; the url names the same command.
    const data = (push?.payload as { data: { index: number } }).data;
    const page = await fetchCommands(target.client, data.index);
    assert.deepEqual(page.messages, [
      {
        index: sent.index,
        data: { command: OPEN_URI, payload: { encrypted: 'tab' }, sender: sender.id },
      },
    ]);
    const byUrl = await target.client.request('GET', new URL(url).pathname, {
      token: target.client.session(),
      query: Object.fromEntries(new URL(url).searchParams),
    });
    assert.deepEqual(JSON.parse(byUrl.text), page);
  });

  it('marks an endpoint its push service calls gone, skips it, and renews it on re-registration', async () => {
    const { signIn } = await account();
    const [sender, gone, missing] = [
      await device(signIn, 'Sender'),
      await device(signIn, 'Gone'),
      await device(signIn, 'Missing'),
    ];
    // The device_connected pushes of these registrations go through first.
    await settled();
    service.answer(gone.sub, { status: 410 });
    service.answer(missing.sub, { status: 404 });
    const nudge = () =>
      notifyDevices(sender.client, { to: 'all', excluded: [sender.id], payload: FIRST_SYNC });
    await nudge();
    await settled();
    const expired = async (): Promise<Record<string, unknown>> =>
      Object.fromEntries(
        (await listDevices(sender.client)).map((d) => [String(d.id), d.pushEndpointExpired]),
      );
    assert.deepEqual(await expired(), { [sender.id]: false, [gone.id]: true, [missing.id]: true });

    // Later pushes skip the expired endpoints, and invoke_command says why.
    await nudge();
    const sent = await invokeCommand(sender.client, gone.id, OPEN_URI, { encrypted: 'tab' });
    assert.deepEqual(sent, {
      enqueued: true,
      index: sent.index,
      notified: false,
      notifyError: 'expiredCallback',
    });
    await settled();
    for (const d of [gone, missing]) {
      assert.equal(service.received(d.sub, 'sync:collection_changed').length, 1);
      assert.deepEqual(service.received(d.sub, 'fxaccounts:command_received'), []);
    }
    // The command itself is queued all the same, for the device's next poll.
    assert.equal((await fetchCommands(gone.client, Number(sent.index))).messages.length, 1);

    // Firefox sees the flag, subscribes again and registers the new endpoint.
    const renewed = service.subscribe();
    const updated = await updateDevice(gone.client, gone.id, renewed);
    assert.equal(updated.pushEndpointExpired, false);
    assert.equal((await expired())[gone.id], false);
    await nudge();
    const [push] = await service.waitFor(renewed, 'sync:collection_changed');
    assert.deepEqual(push?.payload, FIRST_SYNC);
  });

  it('answers at once while a push service hangs, and gives up on it at the timeout', async () => {
    const { signIn } = await account();
    const [sender, target] = [await device(signIn, 'Sender'), await device(signIn, 'Hung')];
    service.answer(target.sub, 'hang');
    const before = app().app.push.stats;

    const sent = await invokeCommand(sender.client, target.id, OPEN_URI, { encrypted: 'tab' });
    assert.equal(sent.notified, true);
    // The push reached the push service, which has not answered it: the API
    // answer above did not wait for it.
    await service.waitFor(target.sub, 'fxaccounts:command_received');
    assert.equal(service.holding(target.sub), 1);
    assert.deepEqual(await notifyDevices(sender.client, { to: 'all', payload: FIRST_SYNC }), {});

    // The server gives up on both hung pushes at its timeout and counts them.
    const deadline = Date.now() + 4 * PUSH_TIMEOUT_MS;
    while (app().app.push.stats.failed < before.failed + 2) {
      assert.ok(Date.now() < deadline, 'the hung pushes were abandoned at the timeout');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    service.release();
    await settled();
    assert.ok(app().logs().includes('push timed out'), 'the timeout is logged');
  });

  it('tells the devices of an account when one connects, one is removed, or the password changes', async () => {
    const { signIn } = await account();
    const [first, second] = [await device(signIn, 'First'), await device(signIn, 'Second')];
    const third = await device(signIn, 'Third');
    // Each device hears of those that came after it, and never of itself.
    const connected = async (d: Device, count: number) => {
      const pushes = await service.waitFor(d.sub, 'fxaccounts:device_connected', count);
      for (const push of pushes) assert.equal(push.ttl, 0);
      return pushes
        .map((p) => p.payload)
        .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
    };
    const named = (deviceName: string) => ({
      version: 1,
      command: 'fxaccounts:device_connected',
      data: { deviceName },
    });
    assert.deepEqual(await connected(first, 2), [named('Second'), named('Third')]);
    assert.deepEqual(await connected(second, 1), [named('Third')]);
    await settled();
    assert.deepEqual(service.received(third.sub, 'fxaccounts:device_connected'), []);
    assert.equal(service.received(second.sub, 'fxaccounts:device_connected').length, 1);

    // Removed from another device: the removed one hears too, and signs out.
    await destroyDevice(first.client, third.id);
    for (const d of [first, second, third]) {
      const [push] = await service.waitFor(d.sub, 'fxaccounts:device_disconnected');
      assert.deepEqual(push?.payload, {
        version: 1,
        command: 'fxaccounts:device_disconnected',
        data: { id: third.id },
      });
      assert.equal(push?.ttl, 5 * HOUR);
    }

    await first.client.changePassword('a new password');
    for (const d of [first, second]) {
      const [push] = await service.waitFor(d.sub, 'fxaccounts:password_changed');
      assert.deepEqual(
        { payload: push?.payload, ttl: push?.ttl },
        { payload: { version: 1, command: 'fxaccounts:password_changed' }, ttl: 6 * HOUR },
      );
    }
  });

  it('tells the devices when the password is reset or the account is deleted', async () => {
    const { email, uid, signIn } = await account();
    const kept = await device(signIn, 'Kept');
    const api = new Api(app().origin);
    const { passwordForgotToken } = await forgotPassword(api, email);
    const [mail] = await new Mailbox(app().mailSinkUrl).waitFor(email, {
      match: (m) => m.headers['x-recovery-code'] !== undefined,
    });
    const code = String(mail?.headers['x-recovery-code']);
    const resetToken = await verifyRecoveryCode(api, passwordForgotToken, code);
    const newPassword = 'reset to this';
    await resetPassword(api, email, resetToken, newPassword);
    const [reset] = await service.waitFor(kept.sub, 'fxaccounts:password_reset');
    assert.deepEqual(
      { payload: reset?.payload, ttl: reset?.ttl },
      { payload: { version: 1, command: 'fxaccounts:password_reset' }, ttl: 6 * HOUR },
    );

    const again = await device(() => Client.login(app().origin, email, newPassword), 'Again');
    await again.client.destroyAccount();
    const [destroyed] = await service.waitFor(again.sub, 'fxaccounts:account_destroyed');
    assert.deepEqual(
      { payload: destroyed?.payload, ttl: destroyed?.ttl },
      {
        payload: { version: 1, command: 'fxaccounts:account_destroyed', data: { uid } },
        ttl: 5 * HOUR,
      },
    );
  });

  it('accepts only pushCallbacks on the allow-list, and only payloads Firefox understands', async () => {
    const { signIn } = await account();
    const client = await signIn();
    const register = (fields: object) =>
      client.request('POST', '/v1/account/device', {
        token: client.session(),
        body: { name: 'x', type: 'desktop', ...service.subscribe(), ...fields },
      });
    for (const pushCallback of [
      'https://updates.push.services.mozilla.com/wpush/v2/x', // not on this server's list
      'http://10.0.0.1/internal',
      `${service.origin.replace('127.0.0.1', 'localhost')}/wpush/v2/x`,
      `${service.origin}@evil.example/wpush/v2/x`,
      `${service.origin}/wpush/v2/not a uri`,
    ]) {
      assertFxaError(await register({ pushCallback }), 400, 107);
    }
    // 65 bytes starting 0x04, but not a point on P-256.
    const offCurve = Buffer.alloc(65, 7);
    offCurve[0] = 4;
    assertFxaError(await register({ pushPublicKey: offCurve.toString('base64url') }), 400, 107);
    const ok = await register({});
    assert.equal(ok.status, 200, ok.text);

    const notify = (payload: object) =>
      client.request('POST', '/v1/account/devices/notify', {
        token: client.session(),
        body: { to: 'all', payload },
      });
    assertFxaError(await notify({ ...FIRST_SYNC, extra: true }), 400, 107);
    assertFxaError(await notify({ ...FIRST_SYNC, data: { collections: ['cookies'] } }), 400, 107);
    assertFxaError(await notify({ version: 1, command: 'fxaccounts:anything' }), 400, 107);
    assert.equal(
      (await notify({ version: 1, command: 'fxaccounts:password_changed' })).status,
      200,
    );
  });

  it('logs the push service origin, never the endpoint path or the keys', async () => {
    await settled();
    const logs = app().logs();
    assert.ok(logs.includes(`"pushService":"${service.origin}"`), 'the origin is logged');
    for (const line of logs.split('\n')) {
      assert.doesNotMatch(line, /\/wpush\/v2\/[0-9a-f]{8}/, 'no endpoint path');
    }
    const keys = JSON.parse(await readFile(join(app().config.dataDir, 'vapid.json'), 'utf8')) as {
      privateKey: string;
    };
    assert.ok(!logs.includes(keys.privateKey), 'no VAPID private key');
  });
});
