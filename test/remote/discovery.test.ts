// The discovery documents Firefox's autoconfig and OpenID clients read
// (firefox.md §1.1): by default everything points at this server, and each
// URL can be set apart for a deployment that splits the services.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Api } from '../client/api.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { assertOk, useServer } from './support.js';

describeEachDatabase('discovery', (db) => {
  describe('with defaults', () => {
    const server = useServer(db, { contentServer: { url: 'https://accounts.example.net/' } });

    it('serves fxa-client-configuration pointing at this server, without /v1', async () => {
      const res = await new Api(server().origin).request(
        'GET',
        '/.well-known/fxa-client-configuration',
      );
      assertOk(res);
      const base = server().publicUrl;
      assert.deepEqual(res.body, {
        auth_server_base_url: base,
        oauth_server_base_url: base,
        profile_server_base_url: `${base}/profile`,
        sync_tokenserver_base_url: `${base}/token`,
      });
      assert.match(res.headers.get('cache-control') ?? '', /^public, max-age=\d+$/);
    });

    it('serves openid-configuration with endpoints that exist', async () => {
      const api = new Api(server().origin);
      const res = await api.request('GET', '/.well-known/openid-configuration');
      assertOk(res);
      const base = server().publicUrl;
      assert.equal(res.body.issuer, base);
      assert.equal(res.body.authorization_endpoint, 'https://accounts.example.net/authorization');
      assert.equal(res.body.token_endpoint, `${base}/v1/oauth/token`);
      assert.equal(res.body.userinfo_endpoint, `${base}/profile/v1/profile`);
      assert.equal(res.body.revocation_endpoint, `${base}/v1/oauth/destroy`);
      assert.equal(res.body.jwks_uri, `${base}/v1/jwks`);
      assert.deepEqual(res.body.response_types_supported, ['code']);
      assert.deepEqual(res.body.code_challenge_methods_supported, ['S256']);
      assert.deepEqual(res.body.id_token_signing_alg_values_supported, ['RS256']);
      assert.deepEqual(res.body.scopes_supported, [
        'profile',
        'https://identity.mozilla.com/apps/oldsync',
      ]);
      assert.match(res.headers.get('cache-control') ?? '', /^public/);

      const jwks = await api.request('GET', new URL(String(res.body.jwks_uri)).pathname);
      assertOk(jwks);
      const keys = jwks.body.keys as Array<Record<string, unknown>>;
      assert.equal(keys.length, 1);
      assert.deepEqual(
        { kty: keys[0]?.kty, alg: keys[0]?.alg, use: keys[0]?.use, d: keys[0]?.d },
        { kty: 'RSA', alg: 'RS256', use: 'sig', d: undefined },
      );
      assert.equal(typeof keys[0]?.kid, 'string');
    });
  });

  describe('with every URL configured', () => {
    const server = useServer(db, {
      discovery: {
        authServerUrl: 'https://api.example.net/',
        oauthServerUrl: 'https://oauth.example.net',
        profileServerUrl: 'https://profile.example.net',
        syncTokenserverUrl: 'https://sync.example.net/token/',
        pairingServerUrl: 'wss://channel.example.net',
      },
    });

    it('publishes the configured URLs, trailing slashes removed, and the pairing server', async () => {
      const res = await new Api(server().origin).request(
        'GET',
        '/.well-known/fxa-client-configuration',
      );
      assertOk(res);
      assert.deepEqual(res.body, {
        auth_server_base_url: 'https://api.example.net',
        oauth_server_base_url: 'https://oauth.example.net',
        profile_server_base_url: 'https://profile.example.net',
        sync_tokenserver_base_url: 'https://sync.example.net/token',
        pairing_server_base_uri: 'wss://channel.example.net',
      });
    });
  });
});
