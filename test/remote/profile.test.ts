// The profile endpoint as Firefox uses it (firefox.md §3.3): a bearer token
// with the profile scope, an ETag that makes the next fetch a 304, and the
// FxA error shape when the token will not do.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { Client } from '../client/client.js';
import { fetchProfile, fxaCredentials } from '../client/oauth.js';
import { OLDSYNC_SCOPE } from '../client/scoped-keys.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { PASSWORD, assertFxaError, assertOk, randomEmail, useServer } from './support.js';

const LOCALE = 'fr-CA,fr;q=0.8';

describeEachDatabase('profile', (db) => {
  const server = useServer(db);
  let user: Client;

  before(async () => {
    user = await Client.create(server().origin, randomEmail('Profile'), PASSWORD, {
      preVerified: true,
      lang: LOCALE,
    });
  });

  async function tokenFor(scope: string): Promise<string> {
    const res = await fxaCredentials(user.api, user.session(), { scope });
    assertOk(res);
    return String(res.body.access_token);
  }

  it('answers a profile token with the profile and an ETag, then 304 while it holds', async () => {
    const token = await tokenFor('profile');
    const res = await fetchProfile(user.api, token);
    assertOk(res);
    const avatar = `${server().publicUrl}/profile/v1/avatar/default`;
    assert.deepEqual(res.body, {
      uid: user.uid,
      email: user.email,
      locale: LOCALE,
      displayName: null,
      avatar,
      avatarDefault: true,
    });
    const etag = res.headers.get('etag');
    assert.match(etag ?? '', /^"[0-9a-f]+"$/);

    const again = await fetchProfile(user.api, token, etag ?? '');
    assert.equal(again.status, 304);
    assert.equal(again.text, '');
    const stale = await fetchProfile(user.api, token, '"0123"');
    assertOk(stale);
    assert.equal(stale.headers.get('etag'), etag);

    const image = await fetch(avatar);
    assert.equal(image.status, 200);
    assert.match(image.headers.get('content-type') ?? '', /^image\/svg\+xml/);
    await image.body?.cancel();
  });

  it('shows only the fields a narrower scope covers', async () => {
    const res = await fetchProfile(user.api, await tokenFor('profile:email profile:uid'));
    assertOk(res);
    assert.deepEqual(res.body, { uid: user.uid, email: user.email });
  });

  it('refuses a token without a profile scope (163)', async () => {
    assertFxaError(await fetchProfile(user.api, await tokenFor(OLDSYNC_SCOPE)), 400, 163);
  });

  it('refuses a missing, malformed or unknown token (401, errno 110)', async () => {
    const none = await user.api.request('GET', '/profile/v1/profile');
    assertFxaError(none, 401, 110);
    const hawkish = await user.api.request('GET', '/profile/v1/profile', {
      headers: { authorization: 'Basic Zm9vOmJhcg==' },
    });
    assertFxaError(hawkish, 401, 110);
    assertFxaError(await fetchProfile(user.api, 'not-a-token'), 401, 110);
  });
});
