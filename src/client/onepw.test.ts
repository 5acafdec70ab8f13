// The client's onepw against every published vector (api-v1.md §3.7): if it
// reproduces them, the keys it derives in a browser are the ones Firefox and
// every other FxA client derive from the same password.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  BUNDLE_VECTOR,
  STRETCH_VECTOR as V,
  TOKEN_VECTORS,
  fakeKey,
} from '../../test/vectors/onepw.js';
import { bytesToHex, hexToBytes, utf8 } from './bytes.js';
import {
  BundleError,
  bundleKeys,
  deriveTokenKeys,
  quickStretch,
  stretch,
  unbundleKeys,
  wrapKey,
} from './onepw.js';

const hex = (b: Uint8Array) => bytesToHex(b);

describe('onepw stretching (api-v1.md §3.1)', () => {
  it('hashes the UTF-8 bytes of the email and password', () => {
    assert.equal(hex(utf8(V.email)), V.emailUtf8);
    assert.equal(hex(utf8(V.password)), V.passwordUtf8);
  });

  it('derives quickStretchedPW, authPW and unwrapBkey of the vector', async () => {
    assert.equal(hex(await quickStretch(V.email, V.password)), V.quickStretchedPW);
    const { authPW, unwrapBKey } = await stretch(V.email, V.password);
    assert.equal(hex(authPW), V.authPW);
    assert.equal(hex(unwrapBKey), V.unwrapBKey);
  });

  it('salts with the email exactly as typed, so another case gives another authPW', async () => {
    const lower = await stretch('andre@example.org', V.password);
    const upper = await stretch('Andre@example.org', V.password);
    assert.notEqual(hex(lower.authPW), hex(upper.authPW));
  });
});

describe('token derivation (api-v1.md §3.2)', () => {
  for (const { type, seed, tokenId, authKey, bundleKey } of TOKEN_VECTORS) {
    it(`splits HKDF(seed, "${type}") into id, authKey and bundleKey`, async () => {
      const derived = await deriveTokenKeys(type, fakeKey(seed).toString('hex'));
      assert.equal(derived.id, tokenId);
      assert.equal(hex(derived.authKey), authKey);
      assert.equal(hex(derived.bundleKey), bundleKey);
    });
  }

  it('refuses a seed that is not hex', async () => {
    await assert.rejects(deriveTokenKeys('sessionToken', 'zz'.repeat(32)), TypeError);
  });
});

describe('the /account/keys bundle (api-v1.md §3.5)', () => {
  const bundle = BUNDLE_VECTOR.ciphertext + BUNDLE_VECTOR.mac;
  const bundleKeyOf = async () =>
    (await deriveTokenKeys('keyFetchToken', fakeKey(BUNDLE_VECTOR.seed).toString('hex'))).bundleKey;

  it('unbundles kA and wrapKb, and kB follows from unwrapBkey', async () => {
    const { kA, wrapKb } = await unbundleKeys(bundle, await bundleKeyOf());
    assert.equal(hex(kA), fakeKey(BUNDLE_VECTOR.kA).toString('hex'));
    assert.equal(hex(wrapKb), fakeKey(BUNDLE_VECTOR.wrapKb).toString('hex'));
    assert.equal(hex(wrapKey(wrapKb, hexToBytes(V.unwrapBKey))), V.kB);
  });

  it('seals the same bundle the server sends', async () => {
    const keys = {
      kA: new Uint8Array(fakeKey(BUNDLE_VECTOR.kA)),
      wrapKb: new Uint8Array(fakeKey(BUNDLE_VECTOR.wrapKb)),
    };
    assert.equal(await bundleKeys(keys, await bundleKeyOf()), bundle);
  });

  it('refuses a bundle whose HMAC does not match, or of the wrong length', async () => {
    const tampered = hexToBytes(bundle);
    tampered[5]! ^= 1;
    await assert.rejects(unbundleKeys(hex(tampered), await bundleKeyOf()), BundleError);
    await assert.rejects(unbundleKeys(bundle.slice(2), await bundleKeyOf()), BundleError);
    const otherKey = new Uint8Array(32);
    await assert.rejects(unbundleKeys(bundle, otherKey), /HMAC/);
  });
});
