// The database going away (README "Security"): while MariaDB is down, or
// frozen with its connections open, or an SQLite file is locked by another
// process, every request that needs the database is answered 503 errno 201
// with Retry-After in the FxA shape, within the configured query timeout,
// and the server serves again once the database does, without a restart.
// MariaDB here is a private one that the suite starts, kills, freezes and
// restarts itself; the shared instance is never touched.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { Api, type ApiResponse, type RequestOptions } from '../client/api.js';
import { Client } from '../client/client.js';
import { deriveToken } from '../client/onepw.js';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import {
  privateMariadbUnavailable,
  startPrivateMariadb,
  type PrivateMariadb,
} from '../helpers/mariadb.js';
import { leakedSecrets, recordSecrets, type SecretRecorder } from '../helpers/secrets.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { holdWriteLock } from '../helpers/sqlite-lock.js';
import { PASSWORD, assertFxaError, randomEmail } from './support.js';

const QUERY_TIMEOUT_MS = 1500;
const RETRY_AFTER = 7;
// Scheduling on a loaded test machine; still far below "hangs until it resumes".
const SLACK_MS = 2500;
// A login costs a password hash, seconds on a loaded machine.
const RECOVERY_MS = 15_000;

// Customs stays on: a login the database could not answer is no wrong
// password, and must not count towards locking the account out.
const config = {
  database: {
    queryTimeoutMs: QUERY_TIMEOUT_MS,
    connectTimeoutMs: 1000,
    retryAfterSec: RETRY_AFTER,
  },
};

interface Timed {
  res: ApiResponse;
  ms: number;
  what: string;
}

/** The requests of a signed-in Firefox, each of which needs the database. */
async function databaseRequests(origin: string, client: Client, email: string) {
  const { id } = await deriveToken('sessionToken', client.sessionToken);
  const authPW = '00'.repeat(32);
  const requests: [string, string, RequestOptions][] = [
    ['POST', '/v1/account/login', { body: { email, authPW } }],
    ['POST', '/v1/account/create', { body: { email: randomEmail(), authPW } }],
    ['GET', '/v1/session/status', { token: client.session() }],
    ['GET', '/v1/session/status', { headers: { authorization: `Bearer fxs_${id}` } }],
    ['GET', '/v1/account/devices', { token: client.session() }],
    // A fresh address each time: customs allows three reset mails per address.
    ['POST', '/v1/password/forgot/send_code', { body: { email: randomEmail() } }],
    ['GET', '/__heartbeat__', {}],
  ];
  const api = new Api(origin);
  return Promise.all(
    requests.map(async ([method, path, opts]): Promise<Timed> => {
      const began = Date.now();
      const res = await api.request(method, path, { ...opts, retryStale: false });
      return { res, ms: Date.now() - began, what: `${method} ${path}` };
    }),
  );
}

function assertShed(answers: Timed[]): void {
  for (const { res, ms, what } of answers) {
    assertFxaError(res, 503, 201);
    assert.equal(res.headers.get('retry-after'), String(RETRY_AFTER), what);
    assert.equal(res.body.retryAfter, RETRY_AFTER, what);
    assert.ok(ms < QUERY_TIMEOUT_MS + SLACK_MS, `${what} answered in ${ms} ms`);
  }
}

/**
 * Logs in until it works, as a client honouring Retry-After would, giving
 * up after RECOVERY_MS; how many tries it took.
 */
async function recovers(origin: string, email: string): Promise<number> {
  const began = Date.now();
  for (let tries = 1; ; tries++) {
    try {
      const client = await Client.login(origin, email, PASSWORD);
      assert.deepEqual(await client.sessionStatus(), { state: 'verified', uid: client.uid });
      return tries;
    } catch (err) {
      if (Date.now() - began > RECOVERY_MS) throw err;
      await sleep(200);
    }
  }
}

const noMariadb = privateMariadbUnavailable();

describe('a MariaDB outage', { skip: noMariadb ?? false }, () => {
  let mariadb: PrivateMariadb;
  let server: TestServer;
  let recorder: SecretRecorder;
  let client: Client;
  const email = randomEmail();

  before(async () => {
    mariadb = await startPrivateMariadb();
    server = await startTestServer({ databaseUrl: mariadb.url('fxa'), config });
    recorder = recordSecrets([server.origin]);
    await Client.create(server.origin, email, PASSWORD, { preVerified: true });
    client = await Client.login(server.origin, email, PASSWORD);
  });
  after(async () => {
    recorder?.stop();
    mariadb?.thaw();
    await server?.stop();
    await mariadb?.stop();
  });

  it('answers 503 errno 201 at once while MariaDB is killed, and serves again once it is back', async () => {
    await mariadb.kill();
    assertShed(await databaseRequests(server.origin, client, email));
    assertShed(await databaseRequests(server.origin, client, email));
    await mariadb.start();
    assert.equal(await recovers(server.origin, email), 1, 'the first login after it works');
  });

  it('answers 503 errno 201 within the query timeout while MariaDB is frozen, and resumes with it', async () => {
    mariadb.freeze();
    try {
      assertShed(await databaseRequests(server.origin, client, email));
      // The connections that timed out were dropped; new ones meet the freeze too.
      assertShed(await databaseRequests(server.origin, client, email));
      assert.equal((await new Api(server.origin).request('GET', '/__lbheartbeat__')).status, 200);
    } finally {
      mariadb.thaw();
    }
    assert.equal(await recovers(server.origin, email), 1, 'the first login after it works');
  });

  it('logs no secret or token id while failing', async () => {
    assert.match(server.logs(), /request failed/);
    assert.deepEqual(leakedSecrets(server.logs(), await recorder.secrets()), []);
  });
});

describe('an SQLite file locked by another process', () => {
  let db: TestDatabase;
  let server: TestServer;

  before(async () => {
    db = await createTestDatabase('sqlite');
    server = await startTestServer({ databaseUrl: db.url, config });
  });
  after(async () => {
    await server?.stop();
    await db?.drop();
  });

  it('answers writes 503 errno 201 within the query timeout without stalling the server, and recovers', async () => {
    const email = randomEmail();
    await Client.create(server.origin, email, PASSWORD, { preVerified: true });
    const client = await Client.login(server.origin, email, PASSWORD);
    const lock = holdWriteLock(db.url);
    try {
      const api = new Api(server.origin);
      // Writes with no password hashing in front, so their time is the database's.
      const writes = [
        [
          'POST',
          '/v1/account/device',
          { token: client.session(), body: { name: 'Laptop', type: 'desktop' } },
        ],
        ['POST', '/v1/password/forgot/send_code', { body: { email } }],
        ['POST', '/v1/session/destroy', { token: client.session() }],
      ] as const;
      const pending = Promise.all(
        writes.map(async ([method, path, opts]): Promise<Timed> => {
          const began = Date.now();
          const res = await api.request(method, path, opts);
          return { res, ms: Date.now() - began, what: `${method} ${path}` };
        }),
      );
      // The writes wait for the lock without holding the server's one thread.
      await sleep(QUERY_TIMEOUT_MS / 3);
      const heartbeat = Date.now();
      assert.equal((await api.request('GET', '/__lbheartbeat__')).status, 200);
      assert.ok(Date.now() - heartbeat < 1000, `heartbeat in ${Date.now() - heartbeat} ms`);
      assertShed(await pending);
      // WAL lets readers past another process's write lock.
      const began = Date.now();
      assert.deepEqual(await client.sessionStatus(), { state: 'verified', uid: client.uid });
      assert.ok(Date.now() - began < SLACK_MS, 'a read does not wait for the lock');
    } finally {
      lock.release();
    }
    assert.equal(await recovers(server.origin, email), 1, 'the first login after it works');
  });
});
