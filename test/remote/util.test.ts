// The routes around the protocol (spec §2.1): random bytes, health checks for load
// balancers, the version document, and the retired /v0 API.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { Api } from '../client/api.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { assertFxaError, assertOk, useServer } from './support.js';

describeEachDatabase('utility routes', (db) => {
  const server = useServer(db);
  const api = () => new Api(server().origin);

  it('hands out 32 fresh random bytes on every call', async () => {
    const first = await api().request('POST', '/v1/get_random_bytes');
    const second = await api().request('POST', '/v1/get_random_bytes');
    assertOk(first);
    assertOk(second);
    assert.match(String(first.body.data), /^[0-9a-f]{64}$/);
    assert.match(String(second.body.data), /^[0-9a-f]{64}$/);
    assert.notEqual(first.body.data, second.body.data);
  });

  it('reports healthy on /__heartbeat__ after checking the database', async () => {
    const res = await api().request('GET', '/__heartbeat__');
    assertOk(res);
    assert.deepEqual(res.body, {});
  });

  it('reports healthy on /__lbheartbeat__ without touching the database', async () => {
    const res = await api().request('GET', '/__lbheartbeat__');
    assertOk(res);
    assert.deepEqual(res.body, {});
  });

  it('describes itself on /__version__', async () => {
    const res = await api().request('GET', '/__version__');
    assertOk(res);
    for (const field of ['version', 'commit', 'source']) {
      assert.equal(typeof res.body[field], 'string', `${field} is a string`);
    }
  });

  it('answers anything under /v0 with 410 (116)', async () => {
    assertFxaError(await api().request('GET', '/v0/anything'), 410, 116);
    assertFxaError(await api().request('POST', '/v0/x', { body: { email: 'a@b.c' } }), 410, 116);
    assertFxaError(await api().request('GET', '/v0/account/keys/nested/deep'), 410, 116);
  });

  it('stamps the server time on successes, errors and unknown routes alike', async () => {
    assertOk(await api().request('GET', '/__lbheartbeat__'));
    const missing = await api().request('GET', '/v1/no/such/route');
    assert.equal(missing.status, 404, missing.text);
    const header = missing.headers.get('timestamp');
    assert.match(String(header), /^\d+$/);
    assert.ok(Math.abs(Number(header) - Date.now() / 1000) <= 5);
  });
});
