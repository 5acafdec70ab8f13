// The nonce stores behind Hawk replay protection: a nonce is claimed once
// per token until it expires, memory stays bounded without forgetting a
// nonce early, and Redis shares claims between clients of one prefix.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { createLogger } from '../log.js';
import {
  MemoryNonces,
  NoncesFull,
  RedisNonces,
  TokenNoncesExhausted,
  guardedNonces,
  type NonceStore,
} from './nonces.js';

const log = createLogger('silent');
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const TTL = 120_000;
const id = 'a'.repeat(64);

describe('memory nonces', () => {
  it('claims a nonce once per token and timestamp, until it expires', async () => {
    let now = 1_000_000;
    const nonces = new MemoryNonces(10, () => now);
    assert.equal(await nonces.claim(id, 'n1', '1000', TTL), true);
    assert.equal(await nonces.claim(id, 'n1', '1000', TTL), false);
    assert.equal(await nonces.claim(id, 'n1', '1001', TTL), true, 'another timestamp');
    assert.equal(await nonces.claim('b'.repeat(64), 'n1', '1000', TTL), true, 'another token');
    now += TTL;
    assert.equal(await nonces.claim(id, 'n1', '1000', TTL), true, 'expired, so forgotten');
  });

  it('holds at most maxEntries live nonces and refuses rather than forget one early', async () => {
    let now = 1_000_000;
    const nonces = new MemoryNonces(3, () => now);
    for (const n of ['a', 'b', 'c']) assert.equal(await nonces.claim(id, n, '1', TTL), true);
    now += 30_000;
    await assert.rejects(nonces.claim(id, 'd', '1', TTL), (err: unknown) => {
      assert.ok(err instanceof NoncesFull);
      assert.equal(err.retryAfterSec, 90, 'until the oldest expires');
      return true;
    });
    assert.equal(await nonces.claim(id, 'a', '1', TTL), false, 'a is still remembered');
    now += 90_000;
    assert.equal(await nonces.claim(id, 'd', '1', TTL), true);
    assert.equal(nonces.size, 1, 'the expired ones were dropped');
  });
});

describe('nonces per token', () => {
  const other = 'b'.repeat(64);

  it('in memory: one busy token is refused until its oldest nonce expires, others are not', async () => {
    let now = 1_000_000;
    const nonces = new MemoryNonces(100, () => now, 2);
    assert.equal(await nonces.claim(id, 'a', '1', TTL), true);
    now += 20_000;
    assert.equal(await nonces.claim(id, 'b', '1', TTL), true);
    await assert.rejects(nonces.claim(id, 'c', '1', TTL), (err: unknown) => {
      assert.ok(err instanceof TokenNoncesExhausted);
      assert.equal(err.retryAfterSec, 100, 'until the first nonce is forgotten');
      return true;
    });
    assert.equal(await nonces.claim(other, 'c', '1', TTL), true, 'another token goes on');
    now += 100_000;
    assert.equal(await nonces.claim(id, 'c', '1', TTL), true, 'one slot came free');
    assert.equal(await nonces.claim(id, 'b', '1', TTL), false, 'a replay is still a replay');
    await assert.rejects(nonces.claim(id, 'd', '1', TTL), TokenNoncesExhausted);
  });

  it('on redis: the count is shared by the processes and expires with the window', async () => {
    const keyPrefix = `fxa-test:${randomBytes(6).toString('hex')}:`;
    const opts = { url: REDIS_URL, keyPrefix, log, clock: Date.now, perTokenMax: 2 };
    const a = new RedisNonces(opts);
    const b = new RedisNonces(opts);
    try {
      assert.equal(await a.claim(id, 'a', '1', 300), true);
      assert.equal(await b.claim(id, 'b', '1', 300), true);
      await assert.rejects(a.claim(id, 'c', '1', 300), TokenNoncesExhausted);
      assert.equal(await b.claim(other, 'c', '1', 300), true, 'another token goes on');
      await new Promise((resolve) => setTimeout(resolve, 400));
      assert.equal(await a.claim(id, 'c', '1', 300), true);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('is passed on by the guard, never treated as an outage', async () => {
    const busy = guardedNonces(new MemoryNonces(10, Date.now, 0), {
      failOpen: true,
      log,
      clock: Date.now,
    });
    await assert.rejects(busy.claim(id, 'n', '1', TTL), { tooMany: true });
  });
});

describe('guarded nonces', () => {
  const broken: NonceStore = {
    claim: () => Promise.reject(new Error('connection refused')),
    close: () => Promise.resolve(),
  };

  it('lets a request through unchecked when failing open, and refuses it otherwise', async () => {
    const open = guardedNonces(broken, { failOpen: true, log, clock: Date.now });
    assert.equal(await open.claim(id, 'n', '1', TTL), true);
    const closed = guardedNonces(broken, { failOpen: false, log, clock: Date.now });
    await assert.rejects(closed.claim(id, 'n', '1', TTL), { retryAfterSec: 30 });
  });

  it('passes a full memory store on as it is', async () => {
    const full = guardedNonces(new MemoryNonces(0, Date.now), {
      failOpen: true,
      log,
      clock: Date.now,
    });
    await assert.rejects(full.claim(id, 'n', '1', TTL), NoncesFull);
  });
});

describe('redis nonces', () => {
  it('shares one claim between two clients of the same prefix', async () => {
    const keyPrefix = `fxa-test:${randomBytes(6).toString('hex')}:`;
    const a = new RedisNonces({ url: REDIS_URL, keyPrefix, log, clock: Date.now });
    const b = new RedisNonces({ url: REDIS_URL, keyPrefix, log, clock: Date.now });
    try {
      const results = await Promise.all([
        a.claim(id, 'n', '1', TTL),
        b.claim(id, 'n', '1', TTL),
        a.claim(id, 'n', '1', TTL),
      ]);
      assert.deepEqual(results.sort(), [false, false, true]);
      assert.equal(await b.claim(id, 'other', '1', 50), true);
      await new Promise((resolve) => setTimeout(resolve, 120));
      assert.equal(await a.claim(id, 'other', '1', TTL), true, 'expired in Redis');
    } finally {
      await a.close();
      await b.close();
    }
  });
});
