// keys_jwe both ways against jose, a JOSE implementation the client shares
// no code with: what the client encrypts, jose decrypts with Firefox's
// private key; what jose encrypts, the client decrypts. Both speak the
// profile Firefox checks (firefox.md §3.4): ECDH-ES, A256GCM, compact, with
// an empty encrypted-key part.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CompactEncrypt,
  compactDecrypt,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
} from 'jose';
import { bytesToB64url, utf8 } from './bytes.js';
import { decryptKeysJwe, encryptKeysJwe, generateKeysJwk, parseKeysJwk } from './jwe.js';
import { deriveOldsyncKey, OLDSYNC_SCOPE } from './keys.js';
import { STRETCH_VECTOR } from '../../test/vectors/onepw.js';

async function firefoxKeyPair() {
  const { publicKey, privateKey } = await generateKeyPair('ECDH-ES', { crv: 'P-256' });
  const jwk = await exportJWK(publicKey);
  // Firefox puts b64url(JSON) of its public JWK in the sign-in URL.
  return { keysJwk: bytesToB64url(utf8(JSON.stringify(jwk))), jwk, privateKey };
}

describe('keys_jwe (firefox.md §3.4)', () => {
  it('is a compact ECDH-ES + A256GCM JWE that jose decrypts to the scoped keys', async () => {
    const firefox = await firefoxKeyPair();
    const keys = { [OLDSYNC_SCOPE]: await deriveOldsyncKey(STRETCH_VECTOR.kB, 1700000000000) };
    const jwe = await encryptKeysJwe(keys, firefox.keysJwk);

    const parts = jwe.split('.');
    assert.equal(parts.length, 5);
    assert.equal(parts[1], '', 'no encrypted key: direct key agreement');
    assert.equal(Buffer.from(parts[2] ?? '', 'base64url').length, 12, '96-bit IV');
    const header = decodeProtectedHeader(jwe);
    assert.equal(header.alg, 'ECDH-ES');
    assert.equal(header.enc, 'A256GCM');
    assert.equal(header.apu, undefined);
    assert.equal(header.apv, undefined);
    assert.deepEqual(Object.keys(header.epk ?? {}).sort(), ['crv', 'kty', 'x', 'y']);

    const { plaintext } = await compactDecrypt(jwe, firefox.privateKey);
    assert.deepEqual(JSON.parse(new TextDecoder().decode(plaintext)), keys);
  });

  it('accepts keys_jwk as a JWK object too, ignoring members beyond the key', async () => {
    const firefox = await firefoxKeyPair();
    const jwe = await encryptKeysJwe({ a: 1 }, { ...firefox.jwk, kid: 'k1', use: 'enc' });
    const { plaintext } = await compactDecrypt(jwe, firefox.privateKey);
    assert.deepEqual(JSON.parse(new TextDecoder().decode(plaintext)), { a: 1 });
  });

  it('uses a fresh ephemeral key and IV each time', async () => {
    const firefox = await firefoxKeyPair();
    const [a, b] = [
      await encryptKeysJwe({}, firefox.keysJwk),
      await encryptKeysJwe({}, firefox.keysJwk),
    ];
    const epkX = (jwe: string) => (decodeProtectedHeader(jwe).epk as { x?: string } | undefined)?.x;
    assert.notEqual(epkX(a), epkX(b));
    assert.notEqual(a.split('.')[2], b.split('.')[2]);
  });

  it('decrypts what jose encrypts to a key pair of its own making', async () => {
    const ours = await generateKeysJwk();
    const message = { [OLDSYNC_SCOPE]: { kty: 'oct', k: 'abc', kid: '1-x', scope: OLDSYNC_SCOPE } };
    const jwe = await new CompactEncrypt(utf8(JSON.stringify(message)))
      .setProtectedHeader({ alg: 'ECDH-ES', enc: 'A256GCM' })
      .encrypt(parseKeysJwk(ours.keysJwk));
    assert.deepEqual(await decryptKeysJwe(jwe, ours.privateKey), message);
  });

  it('refuses a tampered JWE and one made for another key', async () => {
    const ours = await generateKeysJwk();
    const jwe = await encryptKeysJwe({ secret: true }, ours.keysJwk);
    const parts = jwe.split('.');
    const ciphertext = Buffer.from(parts[3] ?? '', 'base64url');
    ciphertext[0]! ^= 1;
    parts[3] = ciphertext.toString('base64url');
    await assert.rejects(decryptKeysJwe(parts.join('.'), ours.privateKey));
    const other = await generateKeysJwk();
    await assert.rejects(decryptKeysJwe(jwe, other.privateKey));
  });

  it('refuses a keys_jwk that is not a P-256 public key', async () => {
    assert.throws(() => parseKeysJwk('not base64 json!'), TypeError);
    const rsa = bytesToB64url(utf8(JSON.stringify({ kty: 'RSA', n: 'x', e: 'AQAB' })));
    assert.throws(() => parseKeysJwk(rsa), /P-256/);
    await assert.rejects(encryptKeysJwe({}, { kty: 'EC', crv: 'P-384', x: 'a', y: 'b' }), /P-256/);
  });
});
