// The oldsync key against an independent computation with node:crypto, from
// the derivation firefox.md §3.4 quotes from Firefox's own code: if they
// agree, the key the pages hand Firefox is the one Firefox would derive.
import assert from 'node:assert/strict';
import { createHash, hkdfSync, randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { STRETCH_VECTOR } from '../../test/vectors/onepw.js';
import { deriveOldsyncKey, deriveScopedKeys, OLDSYNC_SCOPE } from './keys.js';

function nodeOldsync(kB: Buffer, keyRotationTimestamp: number) {
  const info = Buffer.from('identity.mozilla.com/picl/v1/oldsync');
  const kSync = Buffer.from(hkdfSync('sha256', kB, Buffer.alloc(0), info, 64));
  const kXCS = createHash('sha256').update(kB).digest().subarray(0, 16);
  return {
    kty: 'oct',
    scope: OLDSYNC_SCOPE,
    k: kSync.toString('base64url'),
    kid: `${keyRotationTimestamp}-${kXCS.toString('base64url')}`,
  };
}

describe('the oldsync key (firefox.md §3.4)', () => {
  it('equals a node:crypto derivation for random kB and timestamps', async () => {
    for (let i = 0; i < 8; i++) {
      const kB = randomBytes(32);
      const ts = 1_500_000_000_000 + Math.floor(Math.random() * 1e12);
      assert.deepEqual(await deriveOldsyncKey(new Uint8Array(kB), ts), nodeOldsync(kB, ts));
      assert.deepEqual(await deriveOldsyncKey(kB.toString('hex'), ts), nodeOldsync(kB, ts));
    }
  });

  it('gives the vector kB a 64-byte key and a kid Firefox accepts', async () => {
    const key = await deriveOldsyncKey(STRETCH_VECTOR.kB, 1510628805123);
    assert.equal(Buffer.from(key.k, 'base64url').length, 64);
    assert.match(key.k, /^[A-Za-z0-9_-]+$/, 'unpadded base64url');
    // Firefox's validScopedKeys: "<positive number>-<b64url>".
    assert.match(key.kid, /^1510628805123-[A-Za-z0-9_-]{22}$/);
    assert.deepEqual(key, nodeOldsync(Buffer.from(STRETCH_VECTOR.kB, 'hex'), 1510628805123));
  });

  it('refuses a kB of the wrong size and a timestamp Firefox would reject', async () => {
    await assert.rejects(deriveOldsyncKey(new Uint8Array(16), 1), RangeError);
    await assert.rejects(deriveOldsyncKey(STRETCH_VECTOR.kB, 0), RangeError);
    await assert.rejects(deriveOldsyncKey(STRETCH_VECTOR.kB, 1.5), RangeError);
  });

  it('derives keys for the scopes the server reported, and refuses unknown ones', async () => {
    const data = {
      [OLDSYNC_SCOPE]: {
        identifier: OLDSYNC_SCOPE,
        keyRotationSecret: '0'.repeat(64),
        keyRotationTimestamp: 42,
      },
    };
    const keys = await deriveScopedKeys(STRETCH_VECTOR.kB, data);
    assert.deepEqual(Object.keys(keys), [OLDSYNC_SCOPE]);
    assert.equal(keys[OLDSYNC_SCOPE]?.kid.split('-')[0], '42');
    const other = { 'https://example.com/other': { ...data[OLDSYNC_SCOPE] } };
    await assert.rejects(deriveScopedKeys(STRETCH_VECTOR.kB, other), /no key derivation/);
  });
});
