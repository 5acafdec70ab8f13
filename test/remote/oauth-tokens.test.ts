// Access and refresh tokens after they are issued: refreshing (scope may
// only narrow), revoking through /oauth/destroy as Firefox does at sign-out,
// checking through /v1/verify, and dying with a password change.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { decodeJwt } from 'jose';
import { Client } from '../client/client.js';
import {
  FIREFOX_CLIENT_ID,
  WEBCHANNEL_REDIRECT,
  destroyToken,
  fetchProfile,
  fxaCredentials,
  refreshGrant,
  verifyToken,
} from '../client/oauth.js';
import { OLDSYNC_SCOPE } from '../client/scoped-keys.js';
import { describeEachDatabase } from '../helpers/databases.js';
import {
  PASSWORD,
  assertFxaError,
  assertOk,
  randomEmail,
  randomHex,
  useServer,
} from './support.js';

const OTHER_CLIENT_ID = '0123456789abcdef';
const SCOPE = `profile ${OLDSYNC_SCOPE}`;
const MAX_TTL = 7 * 24 * 3600;

describeEachDatabase('OAuth tokens', (db) => {
  const server = useServer(db, {
    oauth: {
      accessTokenMaxTtlSec: MAX_TTL,
      clients: [
        {
          id: FIREFOX_CLIENT_ID,
          name: 'Firefox',
          redirectUri: WEBCHANNEL_REDIRECT,
          allowedScopes: ['profile', OLDSYNC_SCOPE],
        },
        {
          id: OTHER_CLIENT_ID,
          name: 'Other',
          redirectUri: 'https://other.example/',
          allowedScopes: ['profile'],
        },
      ],
    },
  });
  let user: Client;

  before(async () => {
    user = await Client.create(server().origin, randomEmail(), PASSWORD, { preVerified: true });
  });

  /** An offline grant for the session: an access token and a refresh token. */
  async function offline(client = user, scope = SCOPE) {
    const res = await fxaCredentials(client.api, client.session(), {
      scope,
      accessType: 'offline',
    });
    assertOk(res);
    return { access: String(res.body.access_token), refresh: String(res.body.refresh_token) };
  }

  it('issues the default lifetime, a requested one, and no more than the maximum', async () => {
    const byDefault = await fxaCredentials(user.api, user.session(), { scope: 'profile' });
    assert.equal(byDefault.body.expires_in, 6 * 3600);
    const asked = await fxaCredentials(user.api, user.session(), { scope: 'profile', ttl: 60 });
    assert.equal(asked.body.expires_in, 60);
    const greedy = await fxaCredentials(user.api, user.session(), { scope: 'profile', ttl: 1e9 });
    assert.equal(greedy.body.expires_in, MAX_TTL);
    assert.equal(decodeJwt(String(greedy.body.access_token)).aud, FIREFOX_CLIENT_ID);
  });

  it('refreshes for the same scopes or fewer, never more (163)', async () => {
    const tokens = await offline(user, 'profile');
    const same = await refreshGrant(user.api, { refreshToken: tokens.refresh });
    assertOk(same);
    assert.equal(same.body.scope, 'profile');
    assert.equal(same.body.refresh_token, undefined, 'the refresh token is reused');
    assertOk(await verifyToken(user.api, String(same.body.access_token)));
    const narrower = await refreshGrant(user.api, {
      refreshToken: tokens.refresh,
      scope: 'profile:email',
    });
    assertOk(narrower);
    assert.equal(narrower.body.scope, 'profile:email');
    const wider = await refreshGrant(user.api, { refreshToken: tokens.refresh, scope: SCOPE });
    assertFxaError(wider, 400, 163);
  });

  it('knows a refresh token only for its own client (182)', async () => {
    const tokens = await offline();
    const res = await refreshGrant(user.api, {
      refreshToken: tokens.refresh,
      clientId: OTHER_CLIENT_ID,
    });
    assertFxaError(res, 400, 182);
    assertFxaError(await refreshGrant(user.api, { refreshToken: randomHex(32) }), 400, 182);
  });

  it('revokes a refresh token through /oauth/destroy (then 182), quietly and idempotently', async () => {
    const tokens = await offline();
    // Another client cannot revoke it; the answer does not say so.
    const foreign = await destroyToken(user.api, tokens.refresh, OTHER_CLIENT_ID);
    assertOk(foreign);
    assert.deepEqual(foreign.body, {});
    assertOk(await refreshGrant(user.api, { refreshToken: tokens.refresh }));
    for (let i = 0; i < 2; i++) {
      const res = await destroyToken(user.api, tokens.refresh);
      assertOk(res);
      assert.deepEqual(res.body, {});
    }
    assertFxaError(await refreshGrant(user.api, { refreshToken: tokens.refresh }), 400, 182);
    assertOk(await destroyToken(user.api, 'not a token at all'));
  });

  it('revokes an access token through /oauth/destroy: /v1/verify and the profile refuse it (110)', async () => {
    const tokens = await offline();
    assertOk(await verifyToken(user.api, tokens.access));
    assertOk(await destroyToken(user.api, tokens.access));
    assertFxaError(await verifyToken(user.api, tokens.access), 401, 110);
    assertFxaError(await fetchProfile(user.api, tokens.access), 401, 110);
    assertOk(await refreshGrant(user.api, { refreshToken: tokens.refresh }));
  });

  it('refuses tokens it did not issue (110) and asks for a client (162)', async () => {
    assertFxaError(await verifyToken(user.api, 'eyJhbGciOiJub25lIn0.e30.'), 401, 110);
    assertFxaError(await verifyToken(user.api, randomHex(32)), 401, 110);
    assertFxaError(await destroyToken(user.api, randomHex(32), '2222222222222222'), 400, 162);
  });

  it('a password change revokes every token of the account', async () => {
    const email = randomEmail();
    const owner = await Client.create(server().origin, email, PASSWORD, { preVerified: true });
    const tokens = await offline(owner);
    await owner.changePassword('a brand new password');
    assertFxaError(await verifyToken(owner.api, tokens.access), 401, 110);
    assertFxaError(await refreshGrant(owner.api, { refreshToken: tokens.refresh }), 400, 182);
  });

  // Last: the server clock stays ahead for the rest of the suite.
  it('lets an access token expire', async () => {
    const res = await fxaCredentials(user.api, user.session(), { scope: 'profile', ttl: 60 });
    assertOk(res);
    server().advanceClock(61_000);
    const expired = await verifyToken(user.api, String(res.body.access_token));
    assert.deepEqual([expired.status, expired.body.errno], [401, 110]);
  });
});
