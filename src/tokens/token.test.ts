// Token derivation and key bundle vectors, api-v1.md §3.7.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { deriveTokenKeys, ttlSeconds, isExpired } from './token.js';
import { bundle, unbundle } from './bundle.js';
import { BUNDLE_VECTOR, TOKEN_VECTORS, fakeKey } from '../../test/vectors/onepw.js';

describe('token derivation', () => {
  for (const { type, seed, tokenId, authKey, bundleKey } of TOKEN_VECTORS) {
    it(`${type} seed ${seed.toString(16)}.. gives the published id, authKey and bundleKey`, () => {
      const keys = deriveTokenKeys(type, fakeKey(seed));
      assert.equal(keys.tokenId.toString('hex'), tokenId);
      assert.equal(keys.authKey.toString('hex'), authKey);
      assert.equal(keys.bundleKey.toString('hex'), bundleKey);
    });
  }

  it('ttl counts down in whole seconds and never-expiring tokens stay alive', () => {
    assert.equal(ttlSeconds(0, 15 * 60_000, 0), 900);
    assert.equal(ttlSeconds(0, 15 * 60_000, 899_001), 1);
    assert.equal(isExpired(0, 15 * 60_000, 900_000), true);
    assert.equal(isExpired(0, 0, 10 ** 13), false);
  });
});

describe('/account/keys bundle', () => {
  const { bundleKey } = deriveTokenKeys('keyFetchToken', fakeKey(BUNDLE_VECTOR.seed));
  const kA = fakeKey(BUNDLE_VECTOR.kA);
  const wrapKb = fakeKey(BUNDLE_VECTOR.wrapKb);

  it('matches the published ciphertext and MAC', () => {
    const b = bundle(bundleKey, kA, wrapKb);
    assert.equal(b.length, 96);
    assert.equal(b.subarray(0, 64).toString('hex'), BUNDLE_VECTOR.ciphertext);
    assert.equal(b.subarray(64).toString('hex'), BUNDLE_VECTOR.mac);
  });

  it('unbundles to kA and wrapKb, and rejects a tampered bundle', () => {
    const b = bundle(bundleKey, kA, wrapKb);
    assert.deepEqual(unbundle(bundleKey, b), { kA, wrapKb });
    b[3] = b[3]! ^ 1;
    assert.equal(unbundle(bundleKey, b), undefined);
  });
});
