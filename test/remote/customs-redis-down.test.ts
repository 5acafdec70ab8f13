// Customs with its Redis gone: by default requests go through (logged), as
// FxA's customs failed open; an operator who prefers to refuse gets 503.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { it } from 'node:test';
import { Api } from '../client/api.js';
import { Client } from '../client/client.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { freePort, startTestServer } from '../helpers/server.js';
import { PASSWORD, randomEmail, redisPrefix } from './support.js';

async function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => resolve(socket.end() !== undefined));
    socket.once('error', () => resolve(false));
  });
}

/** A Redis of this test's own, on a free port, so stopping it disturbs no one else. */
async function privateRedis() {
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  for (let i = 0; i < 100 && !(await listening(port)); i++) await sleep(50);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return { url: `redis://127.0.0.1:${port}`, stop: async () => void (child.kill(), await exited) };
}

describeEachDatabase('customs without Redis', (db) => {
  it('keeps logins working when Redis stops (fail open), and logs it', async () => {
    const redis = await privateRedis();
    const server = await startTestServer({
      databaseUrl: db().url,
      config: { customs: { redisUrl: redis.url, keyPrefix: redisPrefix() } },
    });
    try {
      const email = randomEmail();
      await Client.create(server.origin, email, PASSWORD, { preVerified: true });
      await Client.login(server.origin, email, PASSWORD);
      await redis.stop();
      const login = await Client.login(server.origin, email, PASSWORD);
      assert.equal(login.verified, true);
      assert.match(server.logs(), /customs/i);
    } finally {
      await server.stop();
      await redis.stop().catch(() => undefined);
    }
  });

  it('refuses with 503 errno 201 when configured to fail closed', async () => {
    const server = await startTestServer({
      databaseUrl: db().url,
      config: { customs: { redisUrl: 'redis://127.0.0.1:1', failOpen: false } },
    });
    try {
      const res = await new Api(server.origin).request('POST', '/v1/account/login', {
        body: { email: randomEmail(), authPW: '00'.repeat(32) },
      });
      assert.deepEqual([res.status, res.body.errno], [503, 201]);
      assert.ok(res.headers.get('retry-after'));
    } finally {
      await server.stop();
    }
  });
});
