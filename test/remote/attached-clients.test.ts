// What is signed in to an account: sessions (with their devices) and OAuth
// clients, each of which the user can sign out from any other.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { Api } from '../client/api.js';
import { Client } from '../client/client.js';
import { deriveToken } from '../client/onepw.js';
import { registerDevice, listDevices } from '../client/devices.js';
import { FIREFOX_CLIENT_ID, fxaCredentials, refreshGrant } from '../client/oauth.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { PASSWORD, randomEmail, useServer } from './support.js';

type Attached = Record<string, unknown>;

async function attachedClients(c: Client): Promise<Attached[]> {
  const res = await c.request('GET', '/v1/account/attached_clients', { token: c.session() });
  assert.equal(res.status, 200, res.text);
  return JSON.parse(res.text) as Attached[];
}

const destroy = (c: Client, body: Record<string, string>) =>
  c.request('POST', '/v1/account/attached_client/destroy', { token: c.session(), body });

describeEachDatabase('attached clients', (db) => {
  const server = useServer(db);

  it('lists sessions with their devices and OAuth clients, and signs each out', async () => {
    const email = randomEmail();
    const laptop = await Client.create(server().origin, email, PASSWORD, { preVerified: true });
    const phone = await Client.login(server().origin, email, PASSWORD);
    const device = await registerDevice(laptop, { name: 'Laptop', type: 'desktop' });
    const grant = await fxaCredentials(new Api(server().origin), laptop.session(), {
      scope: 'profile',
      accessType: 'offline',
    });
    const refreshToken = String(grant.body.refresh_token);

    const listed = await attachedClients(laptop);
    const own = listed.find((c) => c.isCurrentSession === true);
    assert.deepEqual(
      { deviceId: own?.deviceId, name: own?.name, deviceType: own?.deviceType },
      { deviceId: device.id, name: 'Laptop', deviceType: 'desktop' },
    );
    const sessions = listed.filter((c) => c.sessionTokenId !== null);
    assert.equal(sessions.length, 2);
    const { id: laptopTokenId } = await deriveToken('sessionToken', laptop.sessionToken);
    for (const s of sessions) {
      assert.notEqual(s.sessionTokenId, laptopTokenId, 'token ids are credentials; never listed');
    }
    const firefox = listed.find((c) => c.clientId === FIREFOX_CLIENT_ID);
    assert.deepEqual(firefox?.scope, ['profile']);
    assert.equal(typeof firefox?.lastAccessTime, 'number');

    // Sign the phone's session out from the laptop.
    const phoneEntry = sessions.find((s) => s.isCurrentSession === false);
    const gone = await destroy(laptop, { sessionTokenId: String(phoneEntry?.sessionTokenId) });
    assert.equal(gone.status, 200, gone.text);
    const phoneStatus = await phone.request('GET', '/v1/session/status', {
      token: phone.session(),
    });
    assert.equal(phoneStatus.status, 401);

    // Sign the OAuth client out: its refresh token stops working.
    assert.equal((await destroy(laptop, { clientId: FIREFOX_CLIENT_ID })).status, 200);
    const refreshed = await refreshGrant(new Api(server().origin), { refreshToken });
    assert.equal(refreshed.body.errno, 182);
    assert.deepEqual(
      (await attachedClients(laptop)).map((c) => c.isCurrentSession),
      [true],
      'only the laptop is left',
    );
  });

  it('refuses a target that does not belong to the account', async () => {
    const client = await Client.create(server().origin, randomEmail(), PASSWORD, {
      preVerified: true,
    });
    const unknownSession = await destroy(client, { sessionTokenId: 'ab'.repeat(32) });
    assert.deepEqual([unknownSession.status, unknownSession.body.errno], [400, 107]);
    const unknownDevice = await destroy(client, { deviceId: 'ab'.repeat(16) });
    assert.deepEqual([unknownDevice.status, unknownDevice.body.errno], [400, 123]);
    const nothing = await destroy(client, {});
    assert.equal(nothing.status, 400);
  });

  // Last: it moves the server clock.
  it('keeps an active device out of the idle filter by recording session use', async () => {
    const client = await Client.create(server().origin, randomEmail(), PASSWORD, {
      preVerified: true,
    });
    await registerDevice(client, { name: 'Desk', type: 'desktop' });
    server().advanceClock(2 * 60 * 60 * 1000);
    const other = await Client.login(server().origin, client.email, PASSWORD);
    await client.sessionStatus(); // the desk is used now, two hours after sign-in
    const serverNow = Date.now() + 2 * 60 * 60 * 1000;
    const fresh = await listDevices(other, serverNow - 60 * 60 * 1000);
    assert.deepEqual(
      fresh.map((d) => d.name),
      ['Desk'],
    );
  });
});
