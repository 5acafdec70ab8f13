// Hawk replay (issue 11, finding 5): a signed request captured and sent again
// inside the timestamp window is refused with 401 errno 109, so a command is
// enqueued once however often its request is replayed. Nonces are kept in
// memory by default and in Redis when configured, where every process
// sharing the Redis sees them.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { Api, type ApiResponse } from '../client/api.js';
import { Client } from '../client/client.js';
import { OPEN_URI, fetchCommands, registerDevice } from '../client/devices.js';
import { hawkHeader } from '../client/hawk.js';
import { deriveToken } from '../client/onepw.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { PASSWORD, assertFxaError, randomEmail, redisPrefix, useServer } from './support.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * One request signed once; `send` delivers exactly those bytes (same
 * Authorization header, same body) to `origin`, as a replaying attacker would.
 */
async function signedOnce(client: Client, method: string, path: string, body?: unknown) {
  const { id, authKey } = await deriveToken('sessionToken', client.session().seedHex);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const url = `${client.api.origin}${path}`;
  const authorization = hawkHeader(url, method, {
    credentials: { id, key: authKey, algorithm: 'sha256' },
    ...(payload === undefined ? {} : { payload, contentType: 'application/json' }),
  });
  return (origin = client.api.origin): Promise<ApiResponse> =>
    new Api(origin).request(method, path, {
      headers: { authorization },
      ...(payload === undefined ? {} : { rawBody: payload }),
    });
}

for (const store of ['memory', 'redis'] as const) {
  const redis = store === 'redis' ? { customs: { redisUrl: REDIS_URL } } : {};

  describeEachDatabase(`hawk replay (${store})`, (db) => {
    const server = useServer(db, {
      ...redis,
      customs: { ...redis.customs, keyPrefix: redisPrefix() },
    });

    it('enqueues a replayed invoke_command once and refuses the copy with 109', async () => {
      const email = randomEmail();
      await Client.create(server().origin, email, PASSWORD, { preVerified: true });
      const sender = await Client.login(server().origin, email, PASSWORD);
      const target = await Client.login(server().origin, email, PASSWORD);
      await registerDevice(sender, { name: 'Sender', type: 'desktop' });
      const { id } = await registerDevice(target, {
        name: 'Receiver',
        type: 'mobile',
        availableCommands: { [OPEN_URI]: 'keys' },
      });
      const send = await signedOnce(sender, 'POST', '/v1/account/devices/invoke_command', {
        target: id,
        command: OPEN_URI,
        payload: { tab: 'https://example.com/' },
      });

      assert.equal((await send()).status, 200);
      const replay = await send();
      assertFxaError(replay, 401, 109);
      assert.equal((await fetchCommands(target, 0)).messages.length, 1);
    });

    it('refuses a replayed GET and still takes fresh requests from the same session', async () => {
      const client = await Client.create(server().origin, randomEmail(), PASSWORD);
      const send = await signedOnce(client, 'GET', '/v1/session/status');
      assert.equal((await send()).status, 200);
      assertFxaError(await send(), 401, 109);
      // The client's own signing draws a new nonce for every request.
      for (let i = 0; i < 3; i++) assert.equal((await client.sessionStatus()).uid, client.uid);
    });

    it('checks nothing for Bearer session tokens, which carry no nonce', async () => {
      const client = await Client.create(server().origin, randomEmail(), PASSWORD);
      const { id } = await deriveToken('sessionToken', client.session().seedHex);
      for (let i = 0; i < 2; i++) {
        const res = await client.api.request('GET', '/v1/session/status', {
          headers: { authorization: `Bearer fxs_${id}` },
        });
        assert.equal(res.status, 200);
      }
    });
  });
}

describeEachDatabase('hawk nonces per token', (db) => {
  const server = useServer(db, { hawk: { noncesPerToken: 3 } });

  it('refuses a token past its share of the window with 429 errno 114, and only that token', async () => {
    const busy = await Client.create(server().origin, randomEmail(), PASSWORD);
    const calm = await Client.create(server().origin, randomEmail(), PASSWORD);
    for (let i = 0; i < 3; i++) {
      const send = await signedOnce(busy, 'GET', '/v1/session/status');
      assert.equal((await send()).status, 200);
    }
    const res = await (await signedOnce(busy, 'GET', '/v1/session/status'))();
    assertFxaError(res, 429, 114);
    assert.ok(Number(res.body.retryAfter) > 0);
    assert.equal(res.headers.get('retry-after'), String(res.body.retryAfter));
    assert.equal((await calm.sessionStatus()).uid, calm.uid);
  });
});

describeEachDatabase('hawk replay across processes sharing Redis', (db) => {
  const keyPrefix = redisPrefix();
  let a: TestServer;
  let b: TestServer;

  before(async () => {
    const customs = { redisUrl: REDIS_URL, keyPrefix };
    a = await startTestServer({ databaseUrl: db().url, config: { customs } });
    // Both answer for one public URL, as two processes behind a proxy do.
    b = await startTestServer({
      databaseUrl: db().url,
      config: { customs, publicUrl: a.publicUrl },
    });
  });
  after(async () => {
    await b?.stop();
    await a?.stop();
  });

  it('refuses on one process a request already served by the other', async () => {
    const client = await Client.create(a.origin, randomEmail(), PASSWORD);
    const send = await signedOnce(client, 'GET', '/v1/session/status');
    assert.equal((await send(a.origin)).status, 200);
    assertFxaError(await send(b.origin), 401, 109);
  });
});
