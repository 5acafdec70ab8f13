// The customs contract on Redis (REDIS_URL, or a local Redis), where the
// concurrency test is the real one; plus what only Redis has: keys that
// expire and counters shared between processes. Every customs gets its own
// random key prefix, and the keys are deleted afterwards.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { createLogger } from '../log.js';
import type { Rule } from './customs.js';
import { customsContract } from './customs.contract.js';
import { START, allowed, blockedBy, req, rule, who } from './customs.fixtures.js';
import { createCustoms } from './index.js';
import { DEFAULT_RULES } from './rules.js';

const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const log = createLogger('silent');
const admin = new Redis(redisUrl);
const prefixes: string[] = [];

function newPrefix(): string {
  const prefix = `test:customs:${randomBytes(6).toString('hex')}:`;
  prefixes.push(prefix);
  return prefix;
}

function onRedis(rules: Rule[], clock: () => number, keyPrefix = newPrefix()) {
  return createCustoms({ rules, redisUrl, failOpen: false, clock, log, keyPrefix });
}

async function keysUnder(prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await admin.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    keys.push(...batch);
    cursor = next;
  } while (cursor !== '0');
  return keys;
}

after(async () => {
  for (const prefix of prefixes) {
    const keys = await keysUnder(prefix);
    if (keys.length > 0) await admin.del(...keys);
  }
  await admin.quit();
});

describe('customs on redis', () => {
  customsContract((rules, clock) => onRedis(rules, clock));
});

describe('redis store', () => {
  it('gives every key an expiry, so abandoned keys do not pile up', async () => {
    const prefix = newPrefix();
    const customs = onRedis(DEFAULT_RULES, () => START, prefix);
    for (let i = 0; i < 5; i++) {
      const w = who();
      for (let j = 0; j < 4; j++) await customs.check(req('accountLogin', w));
      for (let j = 0; j < 4; j++) await customs.check(req('passwordForgotSendCode', w));
      await customs.check({ action: 'certificateSign', ip: w.ip, uid: w.uid });
      await customs.ban({ kind: 'email', value: w.email }, 60);
    }
    const keys = await keysUnder(prefix);
    assert.ok(keys.length > 20, `only ${keys.length} keys`);
    for (const key of keys) {
      const ttl = await admin.pttl(key);
      assert.ok(ttl > 0 && ttl <= (86_400 + 60) * 1000, `${key} expires in ${ttl} ms`);
    }
    await customs.close();
  });

  it('shares counters between processes on the same prefix', async () => {
    const prefix = newPrefix();
    const rules = [rule({ name: 'shared', max: 2 })];
    const one = onRedis(rules, () => START, prefix);
    const two = onRedis(rules, () => START, prefix);
    const w = who();
    assert.deepEqual(await one.check(req('accountLogin', w)), allowed);
    assert.deepEqual(await two.check(req('accountLogin', w)), allowed);
    assert.deepEqual(await one.check(req('accountLogin', w)), blockedBy('shared', 60));
    await two.unblock({ kind: 'ip', value: w.ip });
    assert.deepEqual(await one.check(req('accountLogin', w)), allowed);
    await Promise.all([one.close(), two.close()]);
  });

  it('lets exactly max of 20 concurrent checks through, spread over 4 connections', async () => {
    const prefix = newPrefix();
    const rules = [rule({ name: 'max-two', max: 2, blockSec: 900 })];
    const processes = Array.from({ length: 4 }, () => onRedis(rules, () => START, prefix));
    const w = who();
    const verdicts = await Promise.all(
      Array.from({ length: 20 }, (_, i) => processes[i % 4]!.check(req('accountLogin', w))),
    );
    assert.equal(verdicts.filter((v) => !v.block).length, 2);
    await Promise.all(processes.map((c) => c.close()));
  });

  it('keeps prefixes apart', async () => {
    const rules = [rule({ name: 'apart', max: 0 })];
    const one = onRedis(rules, () => START);
    const two = onRedis(rules, () => START);
    const w = who();
    assert.deepEqual(await one.check(req('accountLogin', w)), blockedBy('apart', 60));
    assert.deepEqual(await two.listBlocks(), []);
    await Promise.all([one.close(), two.close()]);
  });
});
