// Authorization codes: bound to one client, its scopes and its PKCE
// challenge, single use, short-lived; and the errnos FxA gives when any of
// that does not hold.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { Client } from '../client/client.js';
import {
  FIREFOX_CLIENT_ID,
  WEBCHANNEL_REDIRECT,
  authorize,
  exchangeCode,
  fxaCredentials,
  newPkce,
  type AuthorizeParams,
} from '../client/oauth.js';
import { OLDSYNC_SCOPE } from '../client/scoped-keys.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { PASSWORD, assertFxaError, assertOk, randomEmail, useServer } from './support.js';

const OTHER_CLIENT = {
  id: '0123456789abcdef',
  name: 'Notes',
  redirectUri: 'https://notes.example/oauth',
  allowedScopes: ['profile:email'],
};
const FIREFOX = {
  id: FIREFOX_CLIENT_ID,
  name: 'Firefox',
  redirectUri: WEBCHANNEL_REDIRECT,
  allowedScopes: ['profile', OLDSYNC_SCOPE],
};

describeEachDatabase('OAuth authorization codes', (db) => {
  const server = useServer(db, { oauth: { clients: [FIREFOX, OTHER_CLIENT] } });
  let user: Client;

  before(async () => {
    user = await Client.create(server().origin, randomEmail(), PASSWORD, { preVerified: true });
  });

  /** A fresh code for Firefox, and the verifier that goes with it. */
  async function newCode(p: Partial<AuthorizeParams> = {}) {
    const pkce = newPkce();
    const res = await authorize(user.api, user.session(), { scope: 'profile', pkce, ...p });
    assertOk(res);
    return { code: String(res.body.code), pkce };
  }

  it('refuses a verifier that does not answer the challenge (175)', async () => {
    const { code } = await newCode();
    const res = await exchangeCode(user.api, { code, verifier: newPkce().verifier });
    assertFxaError(res, 400, 175);
  });

  it('spends a code once: the second exchange is 172', async () => {
    const { code, pkce } = await newCode();
    assertOk(await exchangeCode(user.api, { code, verifier: pkce.verifier }));
    assertFxaError(await exchangeCode(user.api, { code, verifier: pkce.verifier }), 400, 172);
    assertFxaError(
      await exchangeCode(user.api, { code: 'ab'.repeat(32), verifier: pkce.verifier }),
      400,
      172,
    );
  });

  it("refuses Firefox's code to another client (173), and then to Firefox too", async () => {
    const { code, pkce } = await newCode();
    const stolen = await exchangeCode(user.api, {
      code,
      verifier: pkce.verifier,
      clientId: OTHER_CLIENT.id,
    });
    assertFxaError(stolen, 400, 173);
    assertFxaError(await exchangeCode(user.api, { code, verifier: pkce.verifier }), 400, 172);
  });

  it('knows only registered clients (162)', async () => {
    const unknown = '1111111111111111';
    const pkce = newPkce();
    const authRes = await authorize(user.api, user.session(), {
      scope: 'profile',
      pkce,
      clientId: unknown,
    });
    assertFxaError(authRes, 400, 162);
    assertFxaError(
      await exchangeCode(user.api, {
        code: 'ab'.repeat(32),
        verifier: pkce.verifier,
        clientId: unknown,
      }),
      400,
      162,
    );
    assertFxaError(
      await fxaCredentials(user.api, user.session(), { scope: 'profile', clientId: unknown }),
      400,
      162,
    );
  });

  it('grants only scopes the client is allowed (163), sub-scopes of an allowed one included', async () => {
    const pkce = newPkce();
    for (const scope of ['openid', 'profile https://identity.mozilla.com/apps/notes']) {
      assertFxaError(await authorize(user.api, user.session(), { scope, pkce }), 400, 163);
    }
    const other = { clientId: OTHER_CLIENT.id, pkce };
    assertFxaError(
      await authorize(user.api, user.session(), { ...other, scope: 'profile' }),
      400,
      163,
    );
    assertFxaError(
      await authorize(user.api, user.session(), { ...other, scope: OLDSYNC_SCOPE }),
      400,
      163,
    );
    assertOk(await authorize(user.api, user.session(), { ...other, scope: 'profile:email' }));
    assertOk(
      await authorize(user.api, user.session(), { scope: 'profile:email profile:avatar', pkce }),
    );
    const res = await fxaCredentials(user.api, user.session(), { scope: 'profile:uid' });
    assertOk(res);
    assert.equal(res.body.scope, 'profile:uid');
  });

  it('wants PKCE (169), response_type code (168) and the registered redirect_uri (167)', async () => {
    const pkce = newPkce();
    assertFxaError(await authorize(user.api, user.session(), { scope: 'profile' }), 400, 169);
    const method = { code_challenge: pkce.challenge };
    assertFxaError(
      await authorize(user.api, user.session(), { scope: 'profile', extra: method }),
      400,
      169,
    );
    const token = { response_type: 'token' };
    assertFxaError(
      await authorize(user.api, user.session(), { scope: 'profile', pkce, extra: token }),
      400,
      168,
    );
    const elsewhere = { redirect_uri: 'https://evil.example/' };
    assertFxaError(
      await authorize(user.api, user.session(), { scope: 'profile', pkce, extra: elsewhere }),
      400,
      167,
    );
    const same = { redirect_uri: WEBCHANNEL_REDIRECT };
    assertOk(await authorize(user.api, user.session(), { scope: 'profile', pkce, extra: same }));
    const { code } = await newCode();
    assertFxaError(await exchangeCode(user.api, { code }), 400, 169);
  });

  it('hands codes and tokens to verified accounts only (104), and sessions only (110)', async () => {
    const unverified = await Client.create(server().origin, randomEmail(), PASSWORD);
    const pkce = newPkce();
    assertFxaError(
      await authorize(unverified.api, unverified.session(), { scope: 'profile', pkce }),
      400,
      104,
    );
    assertFxaError(
      await fxaCredentials(unverified.api, unverified.session(), { scope: 'profile' }),
      400,
      104,
    );
    assertFxaError(await fxaCredentials(user.api, undefined, { scope: 'profile' }), 401, 110);
    const noSession = await user.api.request('POST', '/v1/oauth/authorization', {
      body: { client_id: FIREFOX_CLIENT_ID, scope: 'profile', code_challenge: pkce.challenge },
    });
    assertFxaError(noSession, 401, 110);
  });

  // Last: the server clock stays 15 minutes ahead for the rest of the suite.
  it('lets a code expire after 15 minutes (174)', async () => {
    const { code, pkce } = await newCode();
    server().advanceClock(15 * 60 * 1000 + 1000);
    const res = await exchangeCode(user.api, { code, verifier: pkce.verifier });
    // Not assertFxaError: its Timestamp check expects the server's clock to be now.
    assert.deepEqual([res.status, res.body.errno], [400, 174]);
  });
});
