// Revocation is immediate on every process sharing the database. Each story
// signs in and reads through process A, so A has read the session and
// derived its Hawk key, then reads again with nothing written in between,
// which on SQLite A answers from what it remembers (src/db/sql/read-cache.ts).
// Then B ends the session or the access token: a sign-out, an
// /oauth/destroy, an account delete, a password change. A must refuse the
// very next request with 110, on the reads that load the session summary,
// on a route that loads the whole account, and on the profile read alike. Nothing a process remembers
// about a token (its Hawk key, its row) may outlive a commit elsewhere.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { Api, type ApiResponse } from '../client/api.js';
import { Client } from '../client/client.js';
import { destroyToken, fetchProfile, fxaCredentials } from '../client/oauth.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { PASSWORD, assertFxaError, assertOk, randomEmail } from './support.js';

const NEW_PASSWORD = 'another password, set through the other process';

describeEachDatabase('revocation across two server processes', (db) => {
  let a: ServerProcess;
  let b: ServerProcess;
  let keys: string;
  before(async () => {
    // One OAuth signing key, as processes behind one address share, so
    // either can revoke the other's access tokens.
    keys = mkdtempSync(join(tmpdir(), 'fxa-test-revocation-'));
    const config = {
      account: { allowPreVerified: true },
      customs: { enabled: false },
      oauth: { keyFile: join(keys, 'oauth-key.json') },
    };
    // The first migrates; the second then finds the schema in place.
    a = await startServerProcess({ databaseUrl: db().url, config });
    b = await startServerProcess({ databaseUrl: db().url, config });
  });
  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    rmSync(keys, { recursive: true, force: true });
  });

  /** A profile token for `user`'s session, issued through `api`. */
  async function accessToken(api: Api, user: Client): Promise<string> {
    const res = await fxaCredentials(api, user.session(), { scope: 'profile' });
    assertOk(res);
    return String(res.body.access_token);
  }

  /** The reads Firefox makes all day with `user`'s session, and a device registration. */
  function sessionUses(api: Api, user: Client, write = true): Promise<ApiResponse>[] {
    const token = user.session();
    const body = { name: 'a device', type: 'desktop' };
    return [
      api.request('GET', '/v1/session/status', { token }),
      api.request('GET', '/v1/account/devices', { token }),
      api.request('GET', '/v1/recovery_email/status', { token }),
      api.request('GET', '/v1/account/attached_clients', { token }),
      ...(write ? [api.request('POST', '/v1/account/device', { token, body })] : []),
    ];
  }

  /** The session's reads and the profile read with its access token. */
  function reads(api: Api, user: Client, access: string): Promise<ApiResponse>[] {
    return [...sessionUses(api, user, false), fetchProfile(api, access)];
  }

  function uses(api: Api, user: Client, access: string): Promise<ApiResponse>[] {
    return [...sessionUses(api, user), fetchProfile(api, access)];
  }

  /** All served; then the reads twice more with nothing written, so A answers from memory. */
  async function assertServed(api: Api, user: Client, access: string): Promise<void> {
    for (const res of await Promise.all(uses(api, user, access))) {
      assert.equal(res.status, 200, JSON.stringify(res.body));
    }
    for (let round = 0; round < 2; round++) {
      for (const res of await Promise.all(reads(api, user, access))) {
        assert.equal(res.status, 200, JSON.stringify(res.body));
      }
    }
  }

  async function assertRefused(api: Api, user: Client, access: string): Promise<void> {
    for (const res of await Promise.all(uses(api, user, access))) assertFxaError(res, 401, 110);
  }

  it('refuses through A a session that signed out through B', async () => {
    const user = await Client.create(a.origin, randomEmail(), PASSWORD, { preVerified: true });
    const viaA = new Api(a.origin);
    const access = await accessToken(viaA, user);
    await assertServed(viaA, user, access);

    const out = await new Api(b.origin).request('POST', '/v1/session/destroy', {
      token: user.session(),
    });
    assert.equal(out.status, 200);
    // The profile token outlives the sign-out (Firefox revokes it apart),
    // so only the session's requests are refused.
    for (const res of await Promise.all(sessionUses(viaA, user))) assertFxaError(res, 401, 110);
    assertOk(await fetchProfile(viaA, access));
  });

  it('refuses through A a profile token revoked through B', async () => {
    const user = await Client.create(a.origin, randomEmail(), PASSWORD, { preVerified: true });
    const viaA = new Api(a.origin);
    const access = await accessToken(viaA, user);
    await assertServed(viaA, user, access);

    assertOk(await destroyToken(new Api(b.origin), access));
    assertFxaError(await fetchProfile(viaA, access), 401, 110);
    // The session it came from goes on.
    for (const res of await Promise.all(sessionUses(viaA, user, false))) assertOk(res);
  });

  it('refuses through A the sessions and profile token of an account deleted through B', async () => {
    const email = randomEmail();
    const user = await Client.create(a.origin, email, PASSWORD, { preVerified: true });
    const viaA = new Api(a.origin);
    const access = await accessToken(viaA, user);
    await assertServed(viaA, user, access);

    await (await Client.login(b.origin, email, PASSWORD)).destroyAccount();
    await assertRefused(viaA, user, access);
  });

  it('refuses through A every session of an account whose password changed through B', async () => {
    const email = randomEmail();
    const user = await Client.create(a.origin, email, PASSWORD, { preVerified: true });
    const other = await Client.login(a.origin, email, PASSWORD);
    const viaA = new Api(a.origin);
    const userAccess = await accessToken(viaA, user);
    const otherAccess = await accessToken(viaA, other);
    await assertServed(viaA, user, userAccess);
    await assertServed(viaA, other, otherAccess);

    const changer = await Client.login(b.origin, email, PASSWORD);
    await changer.changePassword(NEW_PASSWORD);
    await assertRefused(viaA, user, userAccess);
    await assertRefused(viaA, other, otherAccess);
    // The new password signs in through A at once.
    const fresh = await Client.login(a.origin, email, NEW_PASSWORD);
    await assertServed(viaA, fresh, await accessToken(viaA, fresh));
  });
});
