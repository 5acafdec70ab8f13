// What an operator relies on: tokens expire on time, a saturated server sheds
// password hashing with 503 errno 201 instead of falling over, log lines say
// what happened without carrying secrets, and the heartbeat notices a lost
// database.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { Client } from '../client/client.js';
import { generateBrowserIdKey } from '../client/browserid.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { startTestServer } from '../helpers/server.js';
import { PASSWORD, assertFxaError, randomEmail, useServer } from './support.js';

describeEachDatabase('token expiry', (db) => {
  const server = useServer(db, {
    tokenLifetimes: { sessionToken: 60_000, keyFetchToken: 60_000 },
  });

  it('answers 110 once a token outlives its configured lifetime', async () => {
    const client = await Client.create(server().origin, randomEmail(), PASSWORD, {
      keys: true,
      preVerified: true,
    });
    assert.deepEqual(await client.sessionStatus(), { state: 'verified', uid: client.uid });
    server().advanceClock(61_000);
    // The client first learns the server's new time (111), then gets 110.
    const session = { type: 'sessionToken' as const, seedHex: client.sessionToken };
    const keyFetch = { type: 'keyFetchToken' as const, seedHex: client.keyFetchToken ?? '' };
    for (const [path, token] of [
      ['/v1/session/status', session],
      ['/v1/account/keys', keyFetch],
    ] as const) {
      const res = await client.request('GET', path, { token });
      assert.deepEqual([res.status, res.body.errno], [401, 110], path);
    }
  });
});

describeEachDatabase('load shedding', (db) => {
  const server = useServer(db, { scrypt: { maxPending: 1, retryAfterSec: 3 } });

  it('answers logins beyond scrypt.maxPending with 503 errno 201 and Retry-After', async () => {
    const email = randomEmail();
    await Client.create(server().origin, email, PASSWORD, { preVerified: true });
    const outcomes = await Promise.all(
      Array.from({ length: 6 }, () =>
        Client.login(server().origin, email, PASSWORD).then(
          () => ({ status: 200, retryAfter: null, errno: 0 }),
          (err: { code: number; errno: number; headers: Headers }) => ({
            status: err.code,
            retryAfter: err.headers.get('retry-after'),
            errno: err.errno,
          }),
        ),
      ),
    );
    const shed = outcomes.filter((o) => o.status === 503);
    assert.ok(
      outcomes.some((o) => o.status === 200),
      'some logins get through',
    );
    assert.ok(shed.length > 0, 'the excess is shed');
    for (const o of shed) assert.deepEqual(o, { status: 503, retryAfter: '3', errno: 201 });
    assert.equal(outcomes.filter((o) => o.status >= 500 && o.status !== 503).length, 0);
  });
});

describeEachDatabase('logging', (db) => {
  const server = useServer(db);

  it('writes one summary line per request and never a secret', async () => {
    const email = randomEmail();
    const client = await Client.create(server().origin, email, PASSWORD, {
      keys: true,
      preVerified: true,
    });
    const seeds = [client.sessionToken, client.keyFetchToken ?? ''];
    const keys = await client.keys();
    const { publicKey } = await generateBrowserIdKey();
    const cert = await client.signCertificate(publicKey, 60_000);
    const again = await Client.login(server().origin, email, PASSWORD, { keys: true });
    seeds.push(again.sessionToken, again.keyFetchToken ?? '');
    await again.destroySession();

    const lines = server()
      .logs()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const summaries = lines.filter((l) => l.msg === 'request.summary');
    const login = summaries.find((l) => l.path === '/v1/account/login');
    assert.deepEqual(
      { method: login?.method, status: login?.status, errno: login?.errno, uid: login?.uid },
      { method: 'POST', status: 200, errno: 0, uid: client.uid },
    );
    assert.equal(typeof login?.t, 'number');

    const text = server().logs().toLowerCase();
    const authPW = (await import('../client/onepw.js')).stretch(email, PASSWORD);
    const secrets = [
      ...seeds,
      (await authPW).authPW.toString('hex'),
      keys.kA.toString('hex'),
      keys.kB.toString('hex'),
      cert.split('.')[2] ?? 'no-signature',
    ];
    for (const secret of secrets)
      assert.ok(!text.includes(secret.toLowerCase()), 'no secret logged');
  });
});

describeEachDatabase('heartbeat', (db) => {
  it('answers 503 errno 201 when the database is gone, while the LB heartbeat stays up', async () => {
    const server = await startTestServer({ databaseUrl: db().url });
    try {
      const client = await Client.create(server.origin, randomEmail(), PASSWORD, {
        preVerified: true,
      });
      assert.equal((await client.request('GET', '/__heartbeat__')).status, 200);
      await server.app.store.close();
      assertFxaError(await client.request('GET', '/__heartbeat__'), 503, 201);
      assert.equal((await client.request('GET', '/__lbheartbeat__')).status, 200);
    } finally {
      await server.stop();
    }
  });
});
