// Customs when Redis cannot answer: fail open (allow and log, rate-limited)
// or fail closed (throw, for a 503), never queue, and recover on its own
// when Redis is back. A TCP relay in front of the real Redis plays the
// outage.

import assert from 'node:assert/strict';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it, type TestContext } from 'node:test';
import { createLogger } from '../log.js';
import { START, allowed, req, rule, who } from './customs.fixtures.js';
import { createCustoms } from './index.js';

const UNREACHABLE = 'redis://127.0.0.1:1';
const REDIS_PORT = Number(new URL(process.env.REDIS_URL || 'redis://127.0.0.1:6379').port || 6379);
const rules = [rule({ name: 'limit', key: 'email', counts: 'failures' })];

interface Line {
  msg: string;
  level: number;
  suppressed?: number;
}

function capturedLog() {
  const lines: Line[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const text of chunk.toString().split('\n')) {
        if (text.trim() !== '') lines.push(JSON.parse(text) as Line);
      }
      done();
    },
  });
  const said = (msg: string) => lines.filter((l) => l.msg === msg);
  return { log: createLogger('info', stream), lines, said };
}

/** Relays a local port to Redis until closed, like a Redis that can be switched off. */
async function relay(port = 0): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(REDIS_PORT, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => s.destroy());
      s.on('close', () => sockets.delete(s));
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address();
  assert.ok(address && typeof address === 'object');
  return {
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('customs when redis is unreachable', () => {
  it('fails open: allows, and warns at most once per 10 s', async (t: TestContext) => {
    let now = START;
    const { log, said } = capturedLog();
    const customs = createCustoms({
      rules,
      redisUrl: UNREACHABLE,
      failOpen: true,
      clock: () => now,
      log,
    });
    t.after(() => customs.close());
    const w = who();
    for (let i = 0; i < 5; i++)
      assert.deepEqual(await customs.check(req('accountLogin', w)), allowed);
    const warning = 'customs: counter store unavailable, request allowed';
    assert.equal(said(warning).length, 1);
    now += 10_000;
    assert.deepEqual(await customs.check(req('accountLogin', w)), allowed);
    assert.equal(said(warning).length, 2);
    assert.equal(said(warning)[1]?.suppressed, 4);
    assert.equal(said('customs: redis connection error').length, 1);
  });

  it('fails closed: check throws, while passwordOk and passwordReset only log', async (t: TestContext) => {
    const { log, said } = capturedLog();
    const customs = createCustoms({
      rules,
      redisUrl: UNREACHABLE,
      failOpen: false,
      clock: () => START,
      log,
    });
    t.after(() => customs.close());
    const w = who();
    await assert.rejects(customs.check(req('accountLogin', w)), /counter store is unavailable/);
    await customs.passwordOk(req('accountLogin', w));
    await customs.passwordReset(w.email);
    assert.equal(said('customs: could not refund failure counters').length, 1);
    assert.equal(said('customs: could not clear counters after a reset').length, 1);
    await assert.rejects(customs.ban({ kind: 'ip', value: w.ip }, 60));
  });

  it('fails fast when redis goes away, and recovers when it comes back', async (t: TestContext) => {
    const first = await relay();
    t.after(() => first.close());
    const { log, said } = capturedLog();
    const redisUrl = `redis://127.0.0.1:${first.port}`;
    // No rules: checks only read ban keys, so nothing is left in the real Redis.
    const customs = createCustoms({ rules: [], redisUrl, failOpen: false, clock: Date.now, log });
    t.after(() => customs.close());
    const w = who();
    assert.deepEqual(await customs.check(req('accountLogin', w)), allowed);

    await first.close();
    await sleep(50); // the client sees the connection drop
    const started = Date.now();
    await assert.rejects(customs.check(req('accountLogin', w)));
    assert.ok(Date.now() - started < 1000, 'rejected without waiting for a reconnect');

    const again = await relay(first.port);
    t.after(() => again.close());
    let verdict;
    for (let tries = 0; tries < 50 && !verdict; tries++) {
      await sleep(100);
      verdict = await customs.check(req('accountLogin', w)).catch(() => undefined);
    }
    assert.ok(verdict, 'customs answers again once redis is back');
    assert.equal(said('customs: redis connection restored').length, 1);
  });
});
