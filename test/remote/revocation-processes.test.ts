// Revocation is immediate on every process sharing the database. Each story
// signs in and reads through process A, so A has read the session and
// derived its Hawk key, then ends the session through process B: a sign-out,
// and a password change. A must refuse the very next request with 110, on
// the reads that load the session summary and on a route that loads the
// whole account alike. Nothing a process remembers about a token (its Hawk
// key, kept by token id) may stand in for reading the token's row.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { Api, type ApiResponse } from '../client/api.js';
import { Client } from '../client/client.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { PASSWORD, assertFxaError, randomEmail } from './support.js';

const NEW_PASSWORD = 'another password, set through the other process';

describeEachDatabase('revocation across two server processes', (db) => {
  let a: ServerProcess;
  let b: ServerProcess;
  before(async () => {
    const config = { account: { allowPreVerified: true }, customs: { enabled: false } };
    // The first migrates; the second then finds the schema in place.
    a = await startServerProcess({ databaseUrl: db().url, config });
    b = await startServerProcess({ databaseUrl: db().url, config });
  });
  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  /** The reads Firefox makes all day, and a device registration, with `user`'s session through `api`. */
  function uses(api: Api, user: Client): Promise<ApiResponse>[] {
    const token = user.session();
    return [
      api.request('GET', '/v1/session/status', { token }),
      api.request('GET', '/v1/account/devices', { token }),
      api.request('GET', '/v1/recovery_email/status', { token }),
      api.request('GET', '/v1/account/attached_clients', { token }),
      api.request('POST', '/v1/account/device', {
        token,
        body: { name: 'a device', type: 'desktop' },
      }),
    ];
  }

  async function assertServed(api: Api, user: Client): Promise<void> {
    for (const res of await Promise.all(uses(api, user))) {
      assert.equal(res.status, 200, JSON.stringify(res.body));
    }
  }

  async function assertRefused(api: Api, user: Client): Promise<void> {
    for (const res of await Promise.all(uses(api, user))) assertFxaError(res, 401, 110);
  }

  it('refuses through A a session that signed out through B', async () => {
    const user = await Client.create(a.origin, randomEmail(), PASSWORD, { preVerified: true });
    const viaA = new Api(a.origin);
    await assertServed(viaA, user);

    const out = await new Api(b.origin).request('POST', '/v1/session/destroy', {
      token: user.session(),
    });
    assert.equal(out.status, 200);
    await assertRefused(viaA, user);
  });

  it('refuses through A every session of an account whose password changed through B', async () => {
    const email = randomEmail();
    const user = await Client.create(a.origin, email, PASSWORD, { preVerified: true });
    const other = await Client.login(a.origin, email, PASSWORD);
    const viaA = new Api(a.origin);
    await assertServed(viaA, user);
    await assertServed(viaA, other);

    const changer = await Client.login(b.origin, email, PASSWORD);
    await changer.changePassword(NEW_PASSWORD);
    await assertRefused(viaA, user);
    await assertRefused(viaA, other);
    // The new password signs in through A at once.
    const fresh = await Client.login(a.origin, email, NEW_PASSWORD);
    await assertServed(viaA, fresh);
  });
});
