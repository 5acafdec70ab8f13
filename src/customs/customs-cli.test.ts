// The operator CLI (scripts/customs.ts) as an operator runs it, against a
// real Redis under a random key prefix, checked through a customs that a
// server process would hold on the same prefix.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { createLogger } from '../log.js';
import { allowed, blockedBy, req, rule, who } from './customs.fixtures.js';
import { createCustoms } from './index.js';

const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const keyPrefix = `test:customs-cli:${randomBytes(6).toString('hex')}:`;
const root = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `npm run customs -- ...args` the way npm would, through tsx. */
async function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Outcome> {
  const childEnv = { ...process.env, REDIS_URL: redisUrl, CUSTOMS_KEY_PREFIX: keyPrefix, ...env };
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', 'scripts/customs.ts', ...args],
      { cwd: root, env: childEnv },
    );
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

const server = createCustoms({
  rules: [rule({ name: 'failed-logins', key: 'ip_email', counts: 'failures' })],
  redisUrl,
  keyPrefix,
  failOpen: false,
  clock: Date.now,
  log: createLogger('silent'),
});

after(async () => {
  await server.close();
  const admin = new Redis(redisUrl);
  const keys = await admin.keys(`${keyPrefix}*`);
  if (keys.length > 0) await admin.del(...keys);
  await admin.quit();
});

describe('npm run customs', () => {
  it('bans an email, lists it, and unblocks it', async () => {
    const w = who();
    const banned = await cli(['ban', 'email', w.email, '--duration', '600']);
    assert.equal(banned.code, 0, banned.stderr);
    assert.match(banned.stdout, /banned email .* for 600 s/);
    const verdict = await server.check(req('accountLogin', w));
    assert.ok(verdict.block && verdict.rule === 'ban' && verdict.retryAfter > 590);

    const listed = await cli(['list']);
    assert.equal(listed.code, 0, listed.stderr);
    const [header, ...rows] = listed.stdout.trim().split('\n');
    assert.match(header ?? '', /^KIND\s+VALUE\s+REASON\s+UNTIL \(UTC\)\s+LEFT$/);
    const row = rows.find((r) => r.includes(w.email.toLowerCase()));
    assert.match(row ?? '', /^email\s+\S+\s+ban\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\s+\d+ s$/);

    const unblocked = await cli(['unblock', 'email', w.email]);
    assert.equal(unblocked.code, 0, unblocked.stderr);
    assert.deepEqual(await server.check(req('accountLogin', w)), allowed);
  });

  it('bans an ip for a day by default, and unblocking lifts its rule blocks too', async () => {
    const w = who();
    const banned = await cli(['ban', 'ip', w.ip]);
    assert.equal(banned.code, 0, banned.stderr);
    const verdict = await server.check(req('accountLogin', w));
    assert.ok(verdict.block && verdict.retryAfter > 86_000);

    assert.equal((await cli(['unblock', 'ip', w.ip])).code, 0);
    for (let i = 0; i < 3; i++) await server.check(req('accountLogin', w));
    assert.deepEqual(await server.check(req('accountLogin', w)), blockedBy('failed-logins', 60));
    const listed = await cli(['list']);
    assert.match(
      listed.stdout,
      new RegExp(`email\\s+\\S+\\s+failed-logins@${w.ip.replace(/\./g, '\\.')}`),
    );

    assert.equal((await cli(['unblock', 'ip', w.ip])).code, 0);
    assert.deepEqual(await server.check(req('accountLogin', w)), allowed);
  });

  it('rejects bad usage with a message and a non-zero exit', async () => {
    for (const args of [
      [],
      ['frobnicate'],
      ['ban', 'uid', 'abc'],
      ['ban', 'email'],
      ['ban', 'ip', '10.0.0.1', '--duration', 'soon'],
      ['unblock', 'ip', '10.0.0.1', '--duration', '5'],
      ['list', '--verbose'],
    ]) {
      const outcome = await cli(args);
      assert.equal(outcome.code, 2, `${args.join(' ')}: ${outcome.stdout}`);
      assert.match(outcome.stderr, /usage: npm run customs/);
    }
  });

  it('explains that it needs the shared Redis', async () => {
    const outcome = await cli(['list'], { REDIS_URL: '' });
    assert.equal(outcome.code, 2);
    assert.match(outcome.stderr, /REDIS_URL is not set.*cannot be reached from here/s);
  });

  it('says so when Redis cannot be reached', async () => {
    const outcome = await cli(['list'], { REDIS_URL: 'redis://127.0.0.1:1' });
    assert.equal(outcome.code, 1);
    assert.match(outcome.stderr, /^customs: /m);
  });
});
