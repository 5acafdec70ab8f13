// The client's Hawk signing against the vectors of api-v1.md §4, and against
// the reference `hawk` package for requests no vector covers: the server
// verifies with that package, so agreeing with it is what makes the pages'
// signatures acceptable.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import Hawk from 'hawk';
import { HAWK_VECTORS as V, fakeKey } from '../../test/vectors/onepw.js';
import { utf8 } from './bytes.js';
import { hawkHeader, normalizedString, payloadHash } from './hawk.js';
import { deriveTokenKeys } from './onepw.js';

const macOf = (header: string) => /mac="([^"]+)"/.exec(header)?.[1];

async function vectorSession() {
  const { id, authKey } = await deriveTokenKeys('sessionToken', fakeKey(0xa0).toString('hex'));
  return { id, key: authKey };
}

describe('Hawk vectors (api-v1.md §4)', () => {
  it('reproduces the hawk README vector, ext included', async () => {
    const { url, method, id, key, ts, nonce, ext, mac } = V.readme;
    const header = await hawkHeader({
      url,
      method,
      credentials: { id, key: utf8(key) },
      ts,
      nonce,
      ext,
    });
    assert.equal(macOf(header), mac);
    assert.match(
      header,
      /^Hawk id="123456", ts="1353832234", nonce="j4h3g2", ext="some-app-ext-data", mac=/,
    );
  });

  it('signs GET /v1/session/status with the sessionToken vector, without a hash', async () => {
    const { url, method, ts, nonce, mac } = V.sessionStatus;
    const credentials = await vectorSession();
    const header = await hawkHeader({ url, method, credentials, ts, nonce });
    assert.equal(header, `Hawk id="${credentials.id}", ts="${ts}", nonce="${nonce}", mac="${mac}"`);
  });

  it('covers the body of POST /v1/certificate/sign with the payload hash', async () => {
    const { url, method, ts, nonce, body, hash, mac } = V.certificateSign;
    assert.equal(await payloadHash(body, 'application/json'), hash);
    // Only the media type counts: parameters, case and spaces do not change the hash.
    assert.equal(await payloadHash(body, ' Application/JSON; charset=utf-8'), hash);
    const header = await hawkHeader({
      url,
      method,
      credentials: await vectorSession(),
      ts,
      nonce,
      hash,
    });
    assert.match(header, new RegExp(`hash="${hash.replace(/[+/]/g, '\\$&')}"`));
    assert.equal(macOf(header), mac);
  });

  it('takes the port from the scheme when the URL names none', () => {
    const base = { method: 'get', ts: 1, nonce: 'n' };
    const https = normalizedString({ ...base, url: 'https://Example.com/a?b=c' });
    assert.equal(https, 'hawk.1.header\n1\nn\nGET\n/a?b=c\nexample.com\n443\n\n\n');
    const http = normalizedString({ ...base, url: 'http://example.com:9000/' });
    assert.equal(http.split('\n')[6], '9000');
  });

  it('keeps the brackets of an IPv6 host, as the server and hawk.server do', () => {
    // hawk.client alone drops them (legacy url.parse); the verifier is what counts.
    const s = normalizedString({ method: 'GET', ts: 1, nonce: 'n', url: 'http://[::1]:8080/' });
    assert.equal(s.split('\n')[5], '[::1]');
  });

  it('refuses an ext value that a Hawk header cannot carry', async () => {
    const credentials = await vectorSession();
    const req = { url: 'https://example.com/', method: 'GET', credentials, ts: 1 };
    await assert.rejects(hawkHeader({ ...req, ext: 'say "hi"' }), TypeError);
  });
});

describe('Hawk against the hawk package', () => {
  const cases = [
    { method: 'GET', url: 'http://127.0.0.1:9000/v1/account/devices?filterIdleDevicesTimestamp=5' },
    { method: 'POST', url: 'https://accounts.example.org/v1/account/device', body: '{"name":"ä"}' },
    { method: 'POST', url: 'http://localhost:8080/v1/session/destroy', body: '{}' },
    { method: 'DELETE', url: 'https://example.org/path%20with%20space/x', body: '' },
  ];

  for (const c of cases) {
    it(`matches hawk.client.header for ${c.method} ${c.url}`, async () => {
      const id = randomBytes(32).toString('hex');
      const key = randomBytes(32);
      const ts = 1_700_000_000 + Math.floor(Math.random() * 1000);
      const nonce = randomBytes(6).toString('base64url');
      const withBody =
        c.body === undefined ? {} : { payload: c.body, contentType: 'application/json' };
      const reference = Hawk.client.header(c.url, c.method, {
        credentials: { id, key: key as unknown as string, algorithm: 'sha256' },
        timestamp: ts,
        nonce,
        ...withBody,
      }).header;
      const hash = c.body === undefined ? undefined : await payloadHash(c.body);
      const ours = await hawkHeader({
        url: c.url,
        method: c.method,
        credentials: { id, key: new Uint8Array(key) },
        ts,
        nonce,
        ...(hash === undefined ? {} : { hash }),
      });
      assert.equal(ours, reference);
    });
  }

  it('is accepted by hawk.server.authenticate', async () => {
    const id = randomBytes(32).toString('hex');
    const key = randomBytes(32);
    const body = '{"code":"123456"}';
    const ts = Math.floor(Date.now() / 1000);
    const url = 'https://accounts.example.org/v1/session/verify_code';
    const authorization = await hawkHeader({
      url,
      method: 'POST',
      credentials: { id, key: new Uint8Array(key) },
      ts,
      hash: await payloadHash(body),
    });
    const request = {
      method: 'POST',
      url: '/v1/session/verify_code',
      host: 'accounts.example.org',
      port: 443,
      authorization,
      contentType: 'application/json',
    };
    const { credentials, artifacts } = await Hawk.server.authenticate(
      request as never,
      () => ({ id, key: key as unknown as string, algorithm: 'sha256' }) as never,
    );
    assert.equal((credentials as unknown as { id: string }).id, id);
    Hawk.server.authenticatePayload(body, credentials, artifacts, 'application/json');
  });
});
