// Signing Firefox in, playing both the web content and the browser
// (firefox.md §3.5), then checking the tokens the way Firefox and the Sync
// tokenserver do (§3.3, §3.4, §4).
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { Client } from '../client/client.js';
import {
  FIREFOX_CLIENT_ID,
  WEBCHANNEL_REDIRECT,
  authorize,
  exchangeCode,
  fetchProfile,
  fxaCredentials,
  newPkce,
  verifyToken,
} from '../client/oauth.js';
import {
  OLDSYNC_SCOPE,
  decryptKeysJwe,
  deriveOldsyncKey,
  encryptKeysJwe,
  ephemeralKeyPair,
  scopedKeyData,
} from '../client/scoped-keys.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { PASSWORD, assertOk, randomEmail, randomHex, useServer } from './support.js';

const SCOPE = `profile ${OLDSYNC_SCOPE}`;
const SYNC_TOKEN_TTL = 21600; // OAUTH_TOKEN_FOR_SYNC_LIFETIME_SECONDS

describeEachDatabase('Firefox sign-in over OAuth', (db) => {
  const server = useServer(db);

  it('logs in, hands scoped keys to the browser in keys_jwe, and gets tokens Sync accepts', async () => {
    // (1) The browser's ephemeral key (keys_jwk) and PKCE verifier.
    const browser = await ephemeralKeyPair();
    const pkce = newPkce();
    const state = randomHex(16);

    // (2) The web content logs in with keys; (3) unbundles kB.
    const email = randomEmail();
    await Client.create(server().origin, email, PASSWORD, { preVerified: true });
    const content = await Client.login(server().origin, email, PASSWORD, { keys: true });
    const { kB } = await content.keys();

    // (4) Scoped-key data, and the oldsync key derived from kB.
    const data = await scopedKeyData(content.api, content.session(), FIREFOX_CLIENT_ID, SCOPE);
    assert.deepEqual(Object.keys(data), [OLDSYNC_SCOPE], 'only oldsync has keys');
    const keyData = data[OLDSYNC_SCOPE];
    assert.ok(keyData);
    assert.equal(keyData.identifier, OLDSYNC_SCOPE);
    assert.equal(keyData.keyRotationSecret, '0'.repeat(64));
    assert.ok(Number.isSafeInteger(keyData.keyRotationTimestamp));
    assert.ok(keyData.keyRotationTimestamp > Date.now() - 60_000, 'milliseconds, set at sign-up');
    const jwk = await deriveOldsyncKey(kB, keyData.keyRotationTimestamp);

    // (5) keys_jwe to the browser's key; (6) a code for Firefox.
    const keysJwe = await encryptKeysJwe({ [OLDSYNC_SCOPE]: jwk }, browser.publicJwk);
    const authorized = await authorize(content.api, content.session(), {
      scope: SCOPE,
      pkce,
      state,
      keysJwe,
    });
    assertOk(authorized);
    const code = String(authorized.body.code);
    assert.match(code, /^[0-9a-f]{64}$/);
    assert.equal(authorized.body.state, state);
    assert.equal(authorized.body.redirect, `${WEBCHANNEL_REDIRECT}?code=${code}&state=${state}`);

    // (7) The browser exchanges the code with its verifier, Hawk-signed.
    const exchanged = await exchangeCode(content.api, {
      code,
      verifier: pkce.verifier,
      session: content.session(),
    });
    assertOk(exchanged);
    const tokens = exchanged.body;
    assert.equal(tokens.token_type, 'bearer');
    assert.equal(tokens.scope, SCOPE, 'scope is a string: Firefox calls scope.includes()');
    assert.equal(typeof tokens.expires_in, 'number');
    assert.equal(tokens.auth_at, content.authAt);
    assert.match(String(tokens.refresh_token), /^[0-9a-f]{64}$/);

    // (8) The browser decrypts keys_jwe and gets exactly the derived key.
    const keys = await decryptKeysJwe(String(tokens.keys_jwe), browser.privateKey);
    assert.deepEqual(keys, { [OLDSYNC_SCOPE]: jwk });
    assert.match(jwk.kid, /^[1-9]\d*-[A-Za-z0-9_-]+$/, 'Firefox validScopedKeys accepts the kid');

    // (9) The access token verifies against /v1/jwks and through /v1/verify.
    const accessToken = String(tokens.access_token);
    const jwks = createRemoteJWKSet(new URL(`${server().origin}/v1/jwks`));
    const { payload, protectedHeader } = await jwtVerify(accessToken, jwks, {
      algorithms: ['RS256'],
      typ: 'at+JWT',
    });
    assert.equal(protectedHeader.typ, 'at+JWT');
    assert.equal(payload.sub, content.uid);
    assert.equal(payload.scope, SCOPE);
    assert.equal(payload.client_id, FIREFOX_CLIENT_ID);
    assert.equal(payload['fxa-generation'], keyData.keyRotationTimestamp, 'both set at sign-up');
    assert.match(String(payload.jti), /^[0-9a-f]{64}$/);
    const verified = await verifyToken(content.api, accessToken);
    assertOk(verified);
    assert.deepEqual(verified.body, {
      user: content.uid,
      client_id: FIREFOX_CLIENT_ID,
      scope: ['profile', OLDSYNC_SCOPE],
      generation: keyData.keyRotationTimestamp,
    });
  });

  it('gives the signed-in browser a profile token and a six-hour Sync token (§3.2)', async () => {
    const email = randomEmail();
    const browser = await Client.create(server().origin, email, PASSWORD, { preVerified: true });

    const profileToken = await fxaCredentials(browser.api, browser.session(), { scope: 'profile' });
    assertOk(profileToken);
    assert.equal(profileToken.body.scope, 'profile');
    assert.equal(profileToken.body.refresh_token, undefined, 'online unless asked');
    const profile = await fetchProfile(browser.api, String(profileToken.body.access_token));
    assertOk(profile);
    assert.equal(profile.body.email, email);

    const sync = await fxaCredentials(browser.api, browser.session(), {
      scope: OLDSYNC_SCOPE,
      ttl: SYNC_TOKEN_TTL,
    });
    assertOk(sync);
    assert.equal(sync.body.expires_in, SYNC_TOKEN_TTL);
    assert.equal(sync.body.scope, OLDSYNC_SCOPE);
    const claims = decodeJwt(String(sync.body.access_token));
    // What syncstorage-rs reads: sub, a scope of exactly oldsync, exp; aud names it.
    assert.equal(claims.sub, browser.uid);
    assert.equal(claims.scope, OLDSYNC_SCOPE);
    assert.equal(claims.aud, `${server().publicUrl}/token`);
    assert.equal(Number(claims.exp) - Number(claims.iat), SYNC_TOKEN_TTL);
    assert.ok(Number(claims['fxa-generation']) > 0);
  });
});
