// Devices (spec §2.2 "Devices", firefox.md §3.3): each signed-in Firefox registers one
// device for its session, keeps it current, sees every device of the account with
// itself marked, and a device lives exactly as long as its session.
import assert from 'node:assert/strict';
import { createECDH, randomBytes } from 'node:crypto';
import { before, it } from 'node:test';
import { Client } from '../client/client.js';
import {
  OPEN_URI,
  destroyDevice,
  listDevices,
  registerDevice,
  updateDevice,
} from '../client/devices.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { PASSWORD, assertFxaError, randomEmail, randomHex, useServer } from './support.js';

/** Web Push keys as a browser makes them: a P-256 point and a 16-byte secret. */
function pushKeys() {
  return {
    pushPublicKey: createECDH('prime256v1').generateKeys().toString('base64url'),
    pushAuthKey: randomBytes(16).toString('base64url'),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeEachDatabase('devices', (db) => {
  // push.test.ts covers the pushes; these stories only need the callbacks stored.
  const server = useServer(db, {
    push: { enabled: false, allowedEndpoints: ['https://push.example'] },
  });
  const email = randomEmail('devices');

  before(async () => {
    await Client.create(server().origin, email, PASSWORD, { preVerified: true });
  });

  const signIn = () => Client.login(server().origin, email, PASSWORD);

  it('registers a device and lists it as current only to its own session', async () => {
    const laptop = await signIn();
    const phone = await signIn();
    const keys = pushKeys();
    const device = await registerDevice(laptop, {
      name: 'Laptop',
      type: 'desktop',
      availableCommands: { [OPEN_URI]: 'bundle' },
      pushCallback: 'https://push.example/v1/abc',
      ...keys,
    });
    assert.match(String(device.id), /^[0-9a-f]{32}$/);
    assert.equal(typeof device.createdAt, 'number');
    assert.deepEqual(device, {
      id: device.id,
      name: 'Laptop',
      type: 'desktop',
      createdAt: device.createdAt,
      pushCallback: 'https://push.example/v1/abc',
      ...keys,
      pushEndpointExpired: false,
      availableCommands: { [OPEN_URI]: 'bundle' },
    });

    const mine = (await listDevices(laptop)).find((d) => d.id === device.id);
    assert.equal(mine?.isCurrentDevice, true);
    assert.equal(typeof mine?.lastAccessTime, 'number');
    assert.deepEqual(Object.keys(mine ?? {}).sort(), [
      'availableCommands',
      'id',
      'isCurrentDevice',
      'lastAccessTime',
      'name',
      'pushAuthKey',
      'pushCallback',
      'pushEndpointExpired',
      'pushPublicKey',
      'type',
    ]);
    const theirs = (await listDevices(phone)).find((d) => d.id === device.id);
    assert.equal(theirs?.isCurrentDevice, false);
    assert.equal(theirs?.name, 'Laptop');
  });

  it('registers with what Firefox sends first: name, type and no commands', async () => {
    const client = await signIn();
    const device = await registerDevice(client, {
      name: "Jo's Firefox",
      type: 'desktop',
      availableCommands: {},
    });
    assert.equal(device.pushCallback, null);
    assert.deepEqual(device.availableCommands, {});
  });

  it('updates only the fields given, and an empty push field clears it', async () => {
    const client = await signIn();
    const { id } = await registerDevice(client, {
      name: 'Before',
      type: 'mobile',
      pushCallback: 'https://push.example/v1/one',
      ...pushKeys(),
    });
    const renamed = await updateDevice(client, String(id), { name: 'After' });
    assert.equal(renamed.name, 'After');
    assert.equal(renamed.type, 'mobile');
    assert.equal(renamed.pushCallback, 'https://push.example/v1/one');

    const commands = { [OPEN_URI]: 'keys' };
    const updated = await updateDevice(client, String(id), {
      availableCommands: commands,
      pushCallback: '',
    });
    assert.deepEqual(updated.availableCommands, commands);
    assert.equal(updated.pushCallback, null);
    assert.equal(updated.name, 'After');
    const listed = (await listDevices(client)).find((d) => d.id === id);
    assert.deepEqual(listed?.availableCommands, commands);
  });

  it('refuses an unknown device id (123) on update and destroy', async () => {
    const client = await signIn();
    const update = await client.request('POST', '/v1/account/device', {
      token: client.session(),
      body: { id: randomHex(16), name: 'Ghost' },
    });
    assertFxaError(update, 400, 123);
    const destroy = await client.request('POST', '/v1/account/device/destroy', {
      token: client.session(),
      body: { id: randomHex(16) },
    });
    assertFxaError(destroy, 400, 123);
  });

  it('gives a session one device: a second register or a takeover is 124', async () => {
    const first = await signIn();
    const second = await signIn();
    await registerDevice(first, { name: 'One', type: 'desktop' });
    const { id: otherId } = await registerDevice(second, { name: 'Two', type: 'desktop' });

    const again = await first.request('POST', '/v1/account/device', {
      token: first.session(),
      body: { name: 'One again', type: 'desktop' },
    });
    assertFxaError(again, 400, 124);
    // Updating a device rebinds it to the caller, whose session already has one.
    const takeover = await first.request('POST', '/v1/account/device', {
      token: first.session(),
      body: { id: otherId, name: 'Mine now' },
    });
    assertFxaError(takeover, 400, 124);
    const other = (await listDevices(second)).find((d) => d.id === otherId);
    assert.equal(other?.name, 'Two');
  });

  it('destroying a device ends its session, and ending a session removes its device', async () => {
    const keeper = await signIn();
    const lost = await signIn();
    const signedOut = await signIn();
    const { id: lostId } = await registerDevice(lost, { name: 'Lost', type: 'mobile' });
    const { id: outId } = await registerDevice(signedOut, { name: 'Out', type: 'tablet' });

    await destroyDevice(keeper, String(lostId));
    const dead = await lost.request('GET', '/v1/session/status', { token: lost.session() });
    assertFxaError(dead, 401, 110);

    await signedOut.destroySession();
    const ids = (await listDevices(keeper)).map((d) => d.id);
    assert.ok(!ids.includes(lostId) && !ids.includes(outId), `still listed: ${ids.join()}`);
  });

  it('leaves out devices idle since filterIdleDevicesTimestamp, except the caller', async () => {
    const idle = await signIn();
    const idleDevice = await registerDevice(idle, { name: 'Idle', type: 'desktop' });
    // Sessions are stamped in server milliseconds; the next one must come later.
    await sleep(5);
    const active = await signIn();
    const { id: activeId } = await registerDevice(active, { name: 'Active', type: 'desktop' });
    const since = Number(idleDevice.createdAt) + 1;

    const seenByActive = (await listDevices(active, since)).map((d) => d.id);
    assert.ok(seenByActive.includes(activeId));
    assert.ok(!seenByActive.includes(idleDevice.id), 'the idle device is left out');
    const seenByIdle = (await listDevices(idle, since)).map((d) => d.id);
    assert.ok(seenByIdle.includes(idleDevice.id), 'the caller always sees itself');
    assert.ok(seenByIdle.includes(activeId));
    assert.ok((await listDevices(active)).some((d) => d.id === idleDevice.id));
  });

  it('refuses a malformed filterIdleDevicesTimestamp (107) and ignores query fields it does not know', async () => {
    const client = await signIn();
    const list = (query: string) =>
      client.request('GET', `/v1/account/devices${query}`, { token: client.session() });
    const bad = await list('?filterIdleDevicesTimestamp=soon');
    assertFxaError(bad, 400, 107);
    assert.deepEqual((bad.body as { validation?: unknown }).validation, {
      keys: ['filterIdleDevicesTimestamp'],
      source: 'query',
    });
    assertFxaError(await list('?filterIdleDevicesTimestamp=-1'), 400, 107);
    const extra = await list('?utm_source=firefox');
    assert.equal(extra.status, 200);
    const none = await list('');
    assert.equal(none.status, 200);
    assert.deepEqual(extra.body, none.body);
  });

  it('validates device fields (107) and needs name and type to register (108)', async () => {
    const client = await signIn();
    const send = (body: object) =>
      client.request('POST', '/v1/account/device', { token: client.session(), body });
    assertFxaError(await send({ type: 'desktop' }), 400, 108);
    assertFxaError(
      await send({ name: 'x', type: 'desktop', pushCallback: 'http://a.example/' }),
      400,
      107,
    );
    assertFxaError(await send({ name: 'x'.repeat(256), type: 'desktop' }), 400, 107);
    assertFxaError(await send({ name: 'x', type: 'x'.repeat(17) }), 400, 107);
    // 65 bytes, but not an uncompressed point (which starts 0x04).
    const badKey = { ...pushKeys(), pushPublicKey: 'A'.repeat(87) };
    assertFxaError(await send({ name: 'x', type: 'desktop', ...badKey }), 400, 107);
    const noSecret = { pushPublicKey: pushKeys().pushPublicKey };
    assertFxaError(await send({ name: 'x', type: 'desktop', ...noSecret }), 400, 107);
    const commands = { [OPEN_URI]: 42 };
    assertFxaError(
      await send({ name: 'x', type: 'desktop', availableCommands: commands }),
      400,
      107,
    );
    // Unknown top-level fields, as current Firefox sends, are ignored.
    const res = await send({ name: 'x', type: 'desktop', capabilities: [], metricsContext: {} });
    assert.equal(res.status, 200, res.text);
  });
});
