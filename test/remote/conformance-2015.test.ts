// Behaviour the 2015 server's own remote tests rely on (issue 11, finding 9):
// the locale back-filled when a certificate is signed, mailed links with
// shorter hex still redirected, and the BrowserID pages the support
// document advertises actually served.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { Api } from '../client/api.js';
import { generateBrowserIdKey, type BrowserIdPublicKey } from '../client/browserid.js';
import { Client } from '../client/client.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { PASSWORD, assertFxaError, randomEmail, randomHex, useServer } from './support.js';

const CONTENT_SERVER = 'http://content.example';
const HOUR = 3600 * 1000;

describeEachDatabase('conformance with the 2015 remote tests', (db) => {
  const server = useServer(db, { contentServer: { url: CONTENT_SERVER } });
  let publicKey: BrowserIdPublicKey;

  before(async () => {
    publicKey = (await generateBrowserIdKey()).publicKey;
  });

  const signWith = (client: Client, lang: string) =>
    client.request('POST', '/v1/certificate/sign', {
      token: client.session(),
      body: { publicKey, duration: HOUR },
      headers: { 'accept-language': lang },
    });

  it('stores the locale of the first certificate request of an account without one', async () => {
    // Told no language, fetch sends `Accept-Language: *`, which names none.
    const client = await Client.create(server().origin, randomEmail(), PASSWORD, {
      preVerified: true,
    });
    assert.equal((await client.accountStatus()).locale, null);

    assert.equal((await signWith(client, 'de-DE,de;q=0.9')).status, 200);
    assert.equal((await client.accountStatus()).locale, 'de-DE,de;q=0.9');
    // Only a missing locale is filled in; a later request does not change it.
    assert.equal((await signWith(client, 'fr')).status, 200);
    assert.equal((await client.accountStatus()).locale, 'de-DE,de;q=0.9');
  });

  it('keeps the locale given at sign-up when a certificate is signed', async () => {
    const client = await Client.create(server().origin, randomEmail(), PASSWORD, {
      preVerified: true,
      lang: 'es',
    });
    assert.equal((await signWith(client, 'fr')).status, 200);
    assert.equal((await client.accountStatus()).locale, 'es');
  });

  const follow = (path: string) =>
    fetch(`${server().origin}${path}`, { redirect: 'manual' }).then(async (res) => {
      await res.body?.cancel();
      return { status: res.status, location: res.headers.get('location') };
    });

  it('redirects /v1/verify_email with a uid and code of up to 32 hex digits', async () => {
    for (const query of [`uid=${randomHex(16)}&code=${randomHex(16)}`, 'uid=abcd&code=00ff']) {
      const res = await follow(`/v1/verify_email?${query}`);
      assert.deepEqual(res, {
        status: 302,
        location: `${CONTENT_SERVER}/v1/verify_email?${query}`,
      });
    }
    for (const query of [`uid=${randomHex(17)}&code=00`, 'uid=abc&code=00', 'uid=zz&code=00']) {
      assert.equal((await follow(`/v1/verify_email?${query}`)).status, 400, query);
    }
  });

  it('redirects /v1/complete_reset_password with up to 32 hex of code and 64 of token', async () => {
    const email = 'email=a%40example.com';
    for (const query of [
      `${email}&code=${randomHex(16)}&token=${randomHex(32)}`,
      `${email}&code=${randomHex(8)}&token=${randomHex(20)}`,
    ]) {
      const res = await follow(`/v1/complete_reset_password?${query}`);
      assert.deepEqual(res, {
        status: 302,
        location: `${CONTENT_SERVER}/v1/complete_reset_password?${query}`,
      });
    }
    for (const query of [
      `${email}&code=${randomHex(17)}&token=${randomHex(32)}`,
      `${email}&code=${randomHex(16)}&token=${randomHex(33)}`,
      `${email}&code=0g&token=${randomHex(32)}`,
    ]) {
      assert.equal((await follow(`/v1/complete_reset_password?${query}`)).status, 400, query);
    }
  });

  it('serves the sign-in and provisioning pages the BrowserID document names', async () => {
    const doc = await new Api(server().origin).request('GET', '/.well-known/browserid');
    const pages = [doc.body.authentication, doc.body.provisioning];
    assert.deepEqual(pages, [
      '/.well-known/browserid/sign_in.html',
      '/.well-known/browserid/provision.html',
    ]);
    for (const page of pages) {
      const res = await fetch(`${server().origin}${String(page)}`);
      assert.equal(res.status, 200, String(page));
      assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
      assert.match(await res.text(), /^<!DOCTYPE html>/);
    }
  });

  it('answers an unknown page under /.well-known/browserid with 404', async () => {
    const res = await new Api(server().origin).request('GET', '/.well-known/browserid/other.html');
    assertFxaError(res, 404, 999);
  });
});
