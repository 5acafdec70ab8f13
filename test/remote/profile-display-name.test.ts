// The display name the settings page edits: POST /profile/v1/display_name
// with a token for profile:display_name:write (or profile:write), as FxA's
// profile server has it, then reported by GET /profile/v1/profile under a
// new ETag. Written through the client's verbs, as the page does.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { Client } from '../client/client.js';
import { fetchProfile, fxaCredentials } from '../client/oauth.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { PASSWORD, assertFxaError, assertOk, randomEmail, useServer } from './support.js';

describeEachDatabase('profile display name', (db) => {
  const server = useServer(db);
  let user: Client;

  before(async () => {
    user = await Client.create(server().origin, randomEmail(), PASSWORD, { preVerified: true });
  });

  async function tokenFor(client: Client, scope: string): Promise<string> {
    const res = await fxaCredentials(client.api, client.session(), { scope });
    assertOk(res);
    return String(res.body.access_token);
  }

  function post(token: string | undefined, body: unknown) {
    return user.api.request('POST', '/profile/v1/display_name', {
      body,
      headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
    });
  }

  it('sets the name the profile then reports, under a new ETag', async () => {
    const reader = await tokenFor(user, 'profile');
    const before = await fetchProfile(user.api, reader);
    assert.equal(before.body.displayName, null);
    const oldEtag = before.headers.get('etag') ?? '';

    await user.fxa.setDisplayName(user.sessionToken, 'Ada Lovelace');
    assert.equal((await user.fxa.accountProfile(user.sessionToken)).displayName, 'Ada Lovelace');
    const after = await fetchProfile(user.api, reader, oldEtag);
    assertOk(after);
    assert.equal(after.body.displayName, 'Ada Lovelace', 'the old ETag no longer matches');
    assert.notEqual(after.headers.get('etag'), oldEtag);
  });

  it('keeps any language and emoji, and an empty name clears it', async () => {
    const client = await Client.create(server().origin, randomEmail(), PASSWORD, {
      preVerified: true,
    });
    for (const name of ['Zoë Ærøskøbing', '山田 太郎', 'Ninja 🥷🏽', 'x'.repeat(256)]) {
      await client.fxa.setDisplayName(client.sessionToken, name);
      assert.equal((await client.fxa.accountProfile(client.sessionToken)).displayName, name);
    }
    await client.fxa.setDisplayName(client.sessionToken, '');
    assert.equal((await client.fxa.accountProfile(client.sessionToken)).displayName, null);
  });

  it('accepts profile:write as well, and the name is the account’s own', async () => {
    const other = await Client.create(server().origin, randomEmail(), PASSWORD, {
      preVerified: true,
    });
    const res = await post(await tokenFor(other, 'profile:write'), { displayName: 'Other' });
    assertOk(res);
    assert.deepEqual(res.body, {});
    assert.equal((await other.fxa.accountProfile(other.sessionToken)).displayName, 'Other');
    assert.notEqual((await user.fxa.accountProfile(user.sessionToken)).displayName, 'Other');
  });

  it('refuses control characters, line breaks, bidi overrides and overlong names (107)', async () => {
    const token = await tokenFor(user, 'profile:display_name:write');
    const bad = ['bell\u0007', 'two\nlines', 'para\u2029graph', 'evil\u202Eeman', 'x'.repeat(257)];
    for (const displayName of [...bad, 42, null]) {
      assertFxaError(await post(token, { displayName }), 400, 107);
    }
    assertFxaError(await post(token, {}), 400, 108);
    assert.notEqual((await user.fxa.accountProfile(user.sessionToken)).displayName, bad[0]);
  });

  it('refuses a read-only token (163) and a missing or unknown one (110)', async () => {
    const reader = await tokenFor(user, 'profile profile:display_name');
    assertFxaError(await post(reader, { displayName: 'Mallory' }), 400, 163);
    assertFxaError(await post(undefined, { displayName: 'Mallory' }), 401, 110);
    assertFxaError(await post('not-a-token', { displayName: 'Mallory' }), 401, 110);
    assert.notEqual((await user.fxa.accountProfile(user.sessionToken)).displayName, 'Mallory');
  });
});
