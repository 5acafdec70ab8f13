// BrowserID certificates (spec §5): the server signs the client's public key with the key
// it publishes, and the claims carry what the Sync tokenserver checks.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { Api } from '../client/api.js';
import type { JsonObject } from '../client/api.js';
import type { BrowserIdPublicKey } from '../client/browserid.js';
import {
  base64urlToDecimal,
  decodeJws,
  generateBrowserIdKey,
  verifyRs256,
} from '../client/browserid.js';
import { Client } from '../client/client.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { PASSWORD, assertFxaError, assertOk, randomEmail, useServer } from './support.js';

const SIX_HOURS = 6 * 3600 * 1000;

describeEachDatabase('certificate sign', (db) => {
  const server = useServer(db);
  const email = randomEmail();
  let account: Client;
  let publicKey: BrowserIdPublicKey;
  let signingKey: JsonObject;

  before(async () => {
    account = await Client.create(server().origin, email, PASSWORD, { preVerified: true });
    publicKey = (await generateBrowserIdKey()).publicKey;
    const doc = await new Api(server().origin).request('GET', '/.well-known/browserid');
    assertOk(doc);
    const keys = doc.body.keys;
    assert.ok(Array.isArray(keys) && keys.length > 0, 'the document lists the signing keys');
    signingKey = keys[0] as JsonObject;
  });

  it('publishes its key as a JWK and as BrowserID decimals that agree', async () => {
    const doc = await new Api(server().origin).request('GET', '/.well-known/browserid');
    assert.equal(signingKey.kty, 'RSA');
    const legacy = doc.body['public-key'] as JsonObject;
    assert.equal(legacy.algorithm, 'RS');
    assert.match(String(legacy.n), /^\d+$/);
    assert.equal(legacy.n, base64urlToDecimal(String(signingKey.n)));
    assert.equal(legacy.e, base64urlToDecimal(String(signingKey.e)));
  });

  it('signs an RS256 certificate that verifies against the published key', async () => {
    const startedAt = Date.now();
    const cert = await account.signCertificate(publicKey, SIX_HOURS);
    const finishedAt = Date.now();

    const { header, payload } = decodeJws(cert);
    assert.equal(header.alg, 'RS256');
    assert.ok(verifyRs256(cert, signingKey), 'the signature checks out');

    const domain = new URL(server().publicUrl).host;
    assert.deepEqual(payload['public-key'], publicKey, 'the key is certified verbatim');
    assert.deepEqual(payload.principal, { email: `${account.uid}@${domain}` });
    assert.equal(payload.iss, domain);
    assert.equal(payload['fxa-verifiedEmail'], email);
    assert.equal(typeof payload['fxa-generation'], 'number');

    // BrowserID times are milliseconds; only fxa-lastAuthAt is in seconds.
    const iat = Number(payload.iat);
    const exp = Number(payload.exp);
    assert.ok(iat >= startedAt - 60_000 && iat <= finishedAt, `iat ${iat} is now, in ms`);
    assert.ok(exp >= startedAt + SIX_HOURS - 2000, `exp ${exp} is duration from now`);
    assert.ok(exp <= finishedAt + SIX_HOURS + 2000, `exp ${exp} is duration from now`);
    const lastAuthAt = Number(payload['fxa-lastAuthAt']);
    assert.ok(Math.abs(lastAuthAt - account.authAt) <= 1, 'fxa-lastAuthAt is the authAt, in s');
  });

  it('makes a certificate that fails verification once tampered with', async () => {
    const cert = await account.signCertificate(publicKey, 60_000);
    const [header, payload, signature] = cert.split('.');
    const claims = decodeJws(cert).payload;
    const forged = Buffer.from(JSON.stringify({ ...claims, exp: Number(claims.exp) + 1 }));
    assert.ok(payload !== undefined && signature !== undefined);
    const tampered = `${header}.${forged.toString('base64url')}.${signature}`;
    assert.equal(verifyRs256(tampered, signingKey), false);
  });

  it('refuses an unverified account (104)', async () => {
    const client = await Client.create(server().origin, randomEmail(), PASSWORD);
    const res = await client.request('POST', '/v1/certificate/sign', {
      token: client.session(),
      body: { publicKey, duration: SIX_HOURS },
    });
    assertFxaError(res, 400, 104);
  });

  it('requires the payload hash (110) and that it match the body (109)', async () => {
    const body = { publicKey, duration: SIX_HOURS };
    const unhashed = await account.request('POST', '/v1/certificate/sign', {
      token: account.session(),
      body,
      hawk: { payload: null },
    });
    assertFxaError(unhashed, 401, 110);

    const mismatched = await account.request('POST', '/v1/certificate/sign', {
      token: account.session(),
      body,
      hawk: { payload: JSON.stringify({ ...body, duration: 1000 }) },
    });
    assertFxaError(mismatched, 401, 109);
  });

  it('accepts durations from 0 to 24 hours only (107)', async () => {
    for (const duration of [-1, 86_400_001, 1.5, 'six hours']) {
      const res = await account.request('POST', '/v1/certificate/sign', {
        token: account.session(),
        body: { publicKey, duration },
      });
      assertFxaError(res, 400, 107);
    }
  });

  it('rejects an unknown key algorithm (107) and a missing modulus (108)', async () => {
    const unknown = await account.request('POST', '/v1/certificate/sign', {
      token: account.session(),
      body: { publicKey: { ...publicKey, algorithm: 'EC' }, duration: SIX_HOURS },
    });
    assertFxaError(unknown, 400, 107);

    const missing = await account.request('POST', '/v1/certificate/sign', {
      token: account.session(),
      body: { publicKey: { algorithm: 'RS', e: publicKey.e }, duration: SIX_HOURS },
    });
    assertFxaError(missing, 400, 108);
  });
});
