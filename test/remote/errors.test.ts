// Bad input (spec §1, §1.2): every malformed request is the client's fault, so it gets a
// 4xx with an FxA errno and the usual error shape, and never a 5xx.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { ApiResponse, RequestOptions } from '../client/api.js';
import { Api } from '../client/api.js';
import { Client } from '../client/client.js';
import { stretch } from '../client/onepw.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { PASSWORD, assertFxaError, randomEmail, useServer } from './support.js';

describeEachDatabase('request errors', (db) => {
  const server = useServer(db);
  const seen: { request: string; status: number }[] = [];
  let goodAuthPW: string;
  let account: Client;

  before(async () => {
    goodAuthPW = (await stretch('x@example.com', PASSWORD)).authPW.toString('hex');
    account = await Client.create(server().origin, randomEmail(), PASSWORD, { preVerified: true });
  });

  /** Sends a request and remembers its status for the final no-5xx check. */
  async function probe(method: string, path: string, opts: RequestOptions): Promise<ApiResponse> {
    const res = await new Api(server().origin).request(method, path, opts);
    seen.push({
      request: `${method} ${path} ${opts.rawBody ?? JSON.stringify(opts.body)}`,
      status: res.status,
    });
    return res;
  }

  function create(body: unknown): Promise<ApiResponse> {
    return probe('POST', '/v1/account/create', { body });
  }

  it('rejects an authPW that is not 64 hex characters (107)', async () => {
    const email = randomEmail();
    assertFxaError(await create({ email, authPW: 'z'.repeat(64) }), 400, 107);
    assertFxaError(await create({ email, authPW: goodAuthPW.slice(2) }), 400, 107);
    assertFxaError(await create({ email, authPW: `${goodAuthPW}00` }), 400, 107);
  });

  it('rejects values of the wrong JSON type (107)', async () => {
    assertFxaError(await create({ email: 42, authPW: goodAuthPW }), 400, 107);
    assertFxaError(await create({ email: randomEmail(), authPW: 42 }), 400, 107);
    assertFxaError(await create({ email: ['a@example.com'], authPW: goodAuthPW }), 400, 107);
  });

  it('rejects an address that is not an email (107)', async () => {
    assertFxaError(await create({ email: 'not an email', authPW: goodAuthPW }), 400, 107);
    assertFxaError(await create({ email: '@example.com', authPW: goodAuthPW }), 400, 107);
  });

  it('names a missing field with 108', async () => {
    assertFxaError(await create({ email: randomEmail() }), 400, 108);
    assertFxaError(await create({ authPW: goodAuthPW }), 400, 108);
    const login = await probe('POST', '/v1/account/login', { body: { email: randomEmail() } });
    assertFxaError(login, 400, 108);
  });

  it('answers a body that is not JSON with 106', async () => {
    const res = await probe('POST', '/v1/account/create', { rawBody: '{"email": "a@b.c",' });
    assertFxaError(res, 400, 106);
  });

  it('refuses a body over 16 KiB with 413 (113)', async () => {
    const padding = 'x'.repeat(17 * 1024);
    const res = await probe('POST', '/v1/account/create', {
      body: { email: randomEmail(), authPW: goodAuthPW, padding },
    });
    assertFxaError(res, 413, 113);
  });

  it('answers odd bodies and headers with a 4xx FxA error', async () => {
    const odd: [string, string, RequestOptions][] = [
      ['POST', '/v1/account/create', { rawBody: '[]' }],
      ['POST', '/v1/account/create', { rawBody: 'null' }],
      ['POST', '/v1/account/create', { rawBody: '' }],
      [
        'POST',
        '/v1/account/login',
        { rawBody: 'email=a', headers: { 'content-type': 'text/plain' } },
      ],
      ['GET', '/v1/session/status', { headers: { authorization: 'Hawk garbage' } }],
      ['GET', '/v1/session/status', { headers: { authorization: 'Hawk id="abc"' } }],
      ['GET', '/v1/session/status', { headers: { authorization: `Bearer ${'0'.repeat(64)}` } }],
      ['POST', '/v1/certificate/sign', { rawBody: '{}' }],
    ];
    for (const [method, path, opts] of odd) {
      const res = await probe(method, path, opts);
      const what = `${method} ${path} ${JSON.stringify(opts)} -> ${res.status} ${res.text}`;
      assert.ok(res.status >= 400 && res.status < 500, what);
      assert.equal(res.body.code, res.status, what);
      assert.equal(typeof res.body.errno, 'number', what);
    }
  });

  it('still serves the account after all that', async () => {
    assert.deepEqual(await account.sessionStatus(), { state: 'verified', uid: account.uid });
  });

  it('answered none of the bad requests with a 5xx', () => {
    const failures = seen.filter((s) => s.status >= 500);
    assert.ok(seen.length > 10, 'the probes ran');
    assert.deepEqual(failures, []);
  });
});
