// Access-token JWTs: what they carry, and which ones verify, including a
// token signed by the previous key during a rotation.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT, decodeProtectedHeader, decodeJwt } from 'jose';
import { loadOAuthKeys, type OAuthKeys } from './keys.js';
import { signAccessToken, verifyAccessToken, type AccessTokenClaims } from './access-token.js';

const NOW = 1_700_000_000_000;
const claims: AccessTokenClaims = {
  uid: 'ab'.repeat(16),
  clientId: '5882386c6d801776',
  scope: 'profile https://identity.mozilla.com/apps/oldsync',
  audience: 'http://127.0.0.1:9000/token',
  issuer: 'http://127.0.0.1:9000',
  generation: NOW - 5000,
  jti: 'cd'.repeat(32),
  issuedAt: NOW / 1000,
  expiresAt: NOW / 1000 + 60,
};

describe('access tokens', () => {
  let dir: string;
  let keys: OAuthKeys;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fxa-oauth-keys-'));
    keys = await loadOAuthKeys({ keyFile: join(dir, 'key.json'), oldPublicKeyFile: '' });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('are RS256 at+JWT with the claims a tokenserver reads', async () => {
    const token = await signAccessToken(keys, claims);
    assert.deepEqual(decodeProtectedHeader(token), { alg: 'RS256', typ: 'at+JWT', kid: keys.kid });
    assert.deepEqual(decodeJwt(token), {
      sub: claims.uid,
      client_id: claims.clientId,
      scope: claims.scope,
      aud: claims.audience,
      iss: claims.issuer,
      iat: claims.issuedAt,
      exp: claims.expiresAt,
      jti: claims.jti,
      'fxa-generation': claims.generation,
    });
    assert.deepEqual(keys.jwks.keys[0] && Object.keys(keys.jwks.keys[0]).sort(), [
      'alg',
      'e',
      'kid',
      'kty',
      'n',
      'use',
    ]);
  });

  it('verify until they expire', async () => {
    const token = await signAccessToken(keys, claims);
    assert.deepEqual(await verifyAccessToken(keys, token, NOW + 59_000), {
      uid: claims.uid,
      clientId: claims.clientId,
      scope: claims.scope,
      generation: claims.generation,
      jti: claims.jti,
      // Seconds, as exp: what a cache of verified tokens keeps them until.
      expiresAt: claims.expiresAt,
    });
    assert.equal(await verifyAccessToken(keys, token, NOW + 60_000), undefined);
  });

  it('verify for the audience they were issued for, and no other', async () => {
    const token = await signAccessToken(keys, claims);
    assert.equal((await verifyAccessToken(keys, token, NOW, claims.audience))?.jti, claims.jti);
    const elsewhere = await verifyAccessToken(keys, token, NOW, 'https://other.example/token');
    assert.equal(elsewhere, undefined);
  });

  it('refuse tampering, another typ, and keys that are not published', async () => {
    const token = await signAccessToken(keys, claims);
    const [header, , signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...decodeJwt(token), sub: 'ef'.repeat(16) }));
    const tampered = `${header}.${forged.toString('base64url')}.${signature}`;
    assert.equal(await verifyAccessToken(keys, tampered, NOW), undefined);

    const plainJwt = await new SignJWT({ ...decodeJwt(token) })
      .setProtectedHeader({ alg: 'RS256', kid: keys.kid })
      .sign(keys.privateKey);
    assert.equal(await verifyAccessToken(keys, plainJwt, NOW), undefined);

    const stranger = await loadOAuthKeys({
      keyFile: join(dir, 'other.json'),
      oldPublicKeyFile: '',
    });
    const foreign = await signAccessToken(stranger, claims);
    assert.equal(await verifyAccessToken(keys, foreign, NOW), undefined);
    assert.equal(await verifyAccessToken(keys, 'not.a.jwt', NOW), undefined);
  });

  it('signed by the previous key still verify once it is the old public key', async () => {
    const before = await signAccessToken(keys, claims);
    const oldKey = JSON.parse(readFileSync(join(dir, 'key.json'), 'utf8')) as Record<
      string,
      string
    >;
    const oldPublic = join(dir, 'old-public.json');
    writeFileSync(
      oldPublic,
      JSON.stringify({ kty: 'RSA', n: oldKey.n, e: oldKey.e, kid: oldKey.kid }),
    );
    const rotated = await loadOAuthKeys({
      keyFile: join(dir, 'new.json'),
      oldPublicKeyFile: oldPublic,
    });
    assert.deepEqual(
      rotated.jwks.keys.map((k) => k.kid),
      [rotated.kid, keys.kid],
    );
    assert.equal(
      rotated.jwks.keys.some((k) => 'd' in k),
      false,
      'no private part is published',
    );
    assert.equal((await verifyAccessToken(rotated, before, NOW))?.jti, claims.jti);
    const after = await signAccessToken(rotated, claims);
    assert.equal(decodeProtectedHeader(after).kid, rotated.kid);
  });
});
