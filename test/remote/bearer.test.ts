// Firefox after 153 sends `Authorization: Bearer fxs_<tokenId>` for session
// routes (firefox.md §3.1); the id is derived from the token as for Hawk.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { Client } from '../client/client.js';
import { deriveToken } from '../client/onepw.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { PASSWORD, assertFxaError, randomEmail, randomHex, useServer } from './support.js';

async function bearer(client: Client): Promise<string> {
  const { id } = await deriveToken('sessionToken', client.sessionToken);
  return `Bearer fxs_${id}`;
}

describeEachDatabase('bearer session tokens', (db) => {
  const server = useServer(db);

  it('accepts Bearer fxs_<id> wherever a sessionToken is asked for', async () => {
    const client = await Client.create(server().origin, randomEmail(), PASSWORD, {
      preVerified: true,
    });
    const authorization = await bearer(client);
    const status = await client.request('GET', '/v1/session/status', {
      headers: { authorization },
    });
    assert.deepEqual(status.body, { state: 'verified', uid: client.uid });
    const destroyed = await client.request('POST', '/v1/session/destroy', {
      headers: { authorization },
      body: {},
    });
    assert.equal(destroyed.status, 200);
    const after = await client.request('GET', '/v1/session/status', { headers: { authorization } });
    assertFxaError(after, 401, 110);
  });

  it('refuses an unknown id, another token type and a route that needs a signed payload', async () => {
    const client = await Client.create(server().origin, randomEmail(), PASSWORD, {
      preVerified: true,
    });
    const unknown = await client.request('GET', '/v1/session/status', {
      headers: { authorization: `Bearer fxs_${randomHex(32)}` },
    });
    assertFxaError(unknown, 401, 110);
    const keyFetch = await client.request('GET', '/v1/account/keys', {
      headers: { authorization: await bearer(client) },
    });
    assertFxaError(keyFetch, 401, 110);
    const sign = await client.request('POST', '/v1/certificate/sign', {
      headers: { authorization: await bearer(client) },
      body: { publicKey: { algorithm: 'RS', n: '1', e: '1' }, duration: 1000 },
    });
    assertFxaError(sign, 401, 110);
  });
});

describeEachDatabase('bearer session tokens switched off', (db) => {
  const server = useServer(db, { hawk: { bearerSessionTokens: false } });

  it('answers 110 to a Bearer token when the operator turned them off', async () => {
    const client = await Client.create(server().origin, randomEmail(), PASSWORD, {
      preVerified: true,
    });
    const res = await client.request('GET', '/v1/session/status', {
      headers: { authorization: await bearer(client) },
    });
    assertFxaError(res, 401, 110);
  });
});
