// The test client is only a trustworthy referee if it reproduces the published
// vectors (spec §3.7 and §4); these tests pin it to them before it judges the server.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hawkHeader, payloadHash } from './hawk.js';
import { BUNDLE_VECTOR, TOKEN_VECTORS, fakeKey } from '../vectors/onepw.js';
import { bundleKeys, deriveToken, quickStretch, stretch, unbundleKeys, xor } from './onepw.js';

function hex(value: string): Buffer {
  return Buffer.from(value, 'hex');
}

function macOf(header: string): string | undefined {
  return /mac="([^"]+)"/.exec(header)?.[1];
}

const email = 'andré@example.org';
const password = 'pässwörd';

describe('onepw client stretching (spec §3.1)', () => {
  it('hashes the UTF-8 bytes of the email and password', () => {
    assert.equal(Buffer.from(email).toString('hex'), '616e6472c3a9406578616d706c652e6f7267');
    assert.equal(Buffer.from(password).toString('hex'), '70c3a4737377c3b67264');
  });

  it('derives quickStretchedPW, authPW and unwrapBkey from the vectors', async () => {
    const quick = await quickStretch(email, password);
    assert.equal(
      quick.toString('hex'),
      'e4e8889bd8bd61ad6de6b95c059d56e7b50dacdaf62bd84644af7e2add84345d',
    );
    const { authPW, unwrapBKey } = await stretch(email, password);
    assert.equal(
      authPW.toString('hex'),
      '247b675ffb4c46310bc87e26d712153abe5e1c90ef00a4784594f97ef54f2375',
    );
    assert.equal(
      unwrapBKey.toString('hex'),
      'de6a2648b78284fcb9ffa81ba95803309cfba7af583c01a8a1a63e567234dd28',
    );
  });

  it('salts with the email exactly as typed, so case changes authPW', async () => {
    const lower = await stretch('andre@example.org', password);
    const upper = await stretch('Andre@example.org', password);
    assert.notDeepEqual(lower.authPW, upper.authPW);
  });
});

describe('token derivation (spec §3.2)', () => {
  for (const { type, seed, tokenId, authKey, bundleKey } of TOKEN_VECTORS) {
    it(`splits HKDF(seed, "${type}") into id, authKey and bundleKey`, async () => {
      const derived = await deriveToken(type, fakeKey(seed).toString('hex'));
      assert.equal(derived.id, tokenId);
      assert.equal(derived.authKey.toString('hex'), authKey);
      assert.equal(derived.bundleKey.toString('hex'), bundleKey);
    });
  }
});

describe('the /account/keys bundle (spec §3.5)', () => {
  const bundle = BUNDLE_VECTOR.ciphertext + BUNDLE_VECTOR.mac;

  it('unbundles kA and wrapKb, and kB follows from unwrapBkey', async () => {
    const { bundleKey } = await deriveToken('keyFetchToken', fakeKey(0x80).toString('hex'));
    const { kA, wrapKb } = await unbundleKeys(bundle, bundleKey);
    assert.deepEqual(kA, fakeKey(0x20));
    assert.deepEqual(wrapKb, fakeKey(0x40));
    const { unwrapBKey } = await stretch(email, password);
    assert.equal(
      xor(wrapKb, unwrapBKey).toString('hex'),
      '9e2b640bf3c7c2bbf1b6e250e5154d7fccaaf5fc0c6957fff9ff640d2e698377',
    );
  });

  it('builds the same bundle the server must send', async () => {
    const { bundleKey } = await deriveToken('keyFetchToken', fakeKey(0x80).toString('hex'));
    assert.equal(await bundleKeys({ kA: fakeKey(0x20), wrapKb: fakeKey(0x40) }, bundleKey), bundle);
  });

  it('refuses a bundle whose HMAC does not match', async () => {
    const { bundleKey } = await deriveToken('keyFetchToken', fakeKey(0x80).toString('hex'));
    const tampered = hex(bundle);
    tampered[0] = (tampered[0] ?? 0) ^ 1;
    await assert.rejects(unbundleKeys(tampered.toString('hex'), bundleKey), /HMAC/);
  });
});

describe('Hawk signing (spec §4)', () => {
  it('reproduces the hawk README vector', () => {
    const header = hawkHeader('http://example.com:8000/resource/1?b=1&a=2', 'GET', {
      credentials: {
        id: '123456',
        key: Buffer.from('werxhqb98rpaxn39848xrunpaw3489ruxnpa98w4rxn'),
        algorithm: 'sha256',
      },
      timestamp: 1353832234,
      nonce: 'j4h3g2',
      ext: 'some-app-ext-data',
    });
    assert.equal(macOf(header), '6R4rV5iE+NPoym+WwjeHzjAGXUtLNIxmo1vpMofpLAE=');
  });

  it('signs GET /v1/session/status with the sessionToken vector', async () => {
    const token = await deriveToken('sessionToken', fakeKey(0xa0).toString('hex'));
    const header = hawkHeader('https://api.accounts.example.com/v1/session/status', 'GET', {
      credentials: { id: token.id, key: token.authKey, algorithm: 'sha256' },
      timestamp: 1373391043,
      nonce: 'ohQjqb',
    });
    assert.match(header, new RegExp(`^Hawk id="${token.id}", ts="1373391043", nonce="ohQjqb"`));
    assert.doesNotMatch(header, /hash=/);
    assert.equal(macOf(header), 'lDVoyczKude+YDSpvJO2LFH1fMJIUzf7Yd6DNggZFcA=');
  });

  it('covers the JSON body of POST /v1/certificate/sign with the payload hash', async () => {
    const token = await deriveToken('sessionToken', fakeKey(0xa0).toString('hex'));
    const body =
      '{"publicKey":{"algorithm":"RS","n":"4759385967235610503571494339196749614544606692' +
      '567785790953934768202714280652973091341316862993582789079872007974809511698859885' +
      '077002492642203267408776123","e":"65537"},"duration":86400000}';
    assert.equal(payloadHash(body), 'hrQdqQETZEw2FS3Fw9RyCgJIhXaDCvd3cN6rcUW2z0c=');
    const header = hawkHeader('https://api.accounts.example.com/v1/certificate/sign', 'POST', {
      credentials: { id: token.id, key: token.authKey, algorithm: 'sha256' },
      timestamp: 1373391043,
      nonce: 'ohQjqb',
      payload: body,
      contentType: 'application/json',
    });
    assert.match(header, /hash="hrQdqQETZEw2FS3Fw9RyCgJIhXaDCvd3cN6rcUW2z0c="/);
    assert.equal(macOf(header), '1ULUwXu+9VXf+SkwWMW9DTp7+6sedyec6YP7ML8Cnzc=');
  });
});
