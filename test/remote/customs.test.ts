// Abuse protection as an attacker meets it: password guessing is blocked
// (400 errno 125, which an unblock code can clear: signin-unblock.test.ts)
// and mail bombing throttled with 429 errno 114, concurrency cannot slip
// past a limit, a spoofed X-Forwarded-For changes nothing, and a password
// reset lifts the throttle for the address's owner.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Api, type ApiResponse } from '../client/api.js';
import { Client } from '../client/client.js';
import { forgotPassword, resetPassword, verifyRecoveryCode } from '../client/recovery.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { Mailbox } from '../helpers/mailbox.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import {
  PASSWORD,
  assertFxaError,
  randomEmail,
  randomHex,
  redisPrefix,
  useServer,
} from './support.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

const wrongLogin = (api: Api, email: string, headers: Record<string, string> = {}) =>
  api.request('POST', '/v1/account/login', { body: { email, authPW: randomHex(32) }, headers });

/** A login blocked by its address's failures: an unblock code would let it through. */
function assertLoginBlocked(res: ApiResponse, retryAfter: number): void {
  assertFxaError(res, 400, 125);
  assert.equal(res.body.verificationMethod, 'email-captcha');
  assert.equal(res.body.retryAfter, retryAfter);
}

function assertThrottled(res: ApiResponse, retryAfter: number): void {
  assertFxaError(res, 429, 114);
  assert.equal(res.body.retryAfter, retryAfter);
  assert.equal(res.headers.get('retry-after'), String(retryAfter));
  assert.equal(typeof res.body.retryAfterLocalized, 'string');
}

describeEachDatabase('customs defaults', (db) => {
  const server = useServer(db);
  const api = () => new Api(server().origin);

  it('blocks the try after three wrong passwords for 15 minutes, and a reset lifts it', async () => {
    const email = randomEmail();
    await Client.create(server().origin, email, PASSWORD, { preVerified: true });
    for (let i = 0; i < 3; i++) assertFxaError(await wrongLogin(api(), email), 400, 103);
    assertLoginBlocked(await wrongLogin(api(), email), 900);
    // Even the right password waits: the guesser cannot tell it apart.
    await assert.rejects(Client.login(server().origin, email, PASSWORD), { errno: 125 });
    // A password change checks passwords too, and has no unblock: 429.
    const change = await api().request('POST', '/v1/password/change/start', {
      body: { email, oldAuthPW: randomHex(32) },
      headers: { 'accept-language': 'en' },
    });
    assertThrottled(change, 900);
    assert.equal(change.body.retryAfterLocalized, 'in 15 minutes');

    const forgot = await forgotPassword(api(), email);
    const mails = await new Mailbox(server().mailSinkUrl).waitFor(email);
    const code = mails[0]?.headers['x-recovery-code'] ?? '';
    const reset = await verifyRecoveryCode(api(), forgot.passwordForgotToken, code);
    await resetPassword(api(), email, reset, 'new password');
    const after = await Client.login(server().origin, email, 'new password');
    assert.equal(after.verified, true);
  });

  it('sends at most 3 mails per address in 15 minutes', async () => {
    const email = randomEmail();
    await Client.create(server().origin, email, PASSWORD); // mail 1: verify your address
    for (let i = 0; i < 2; i++) await forgotPassword(api(), email); // mails 2 and 3
    const fourth = await api().request('POST', '/v1/password/forgot/send_code', {
      body: { email },
    });
    assertThrottled(fourth, 900);
    const mails = await new Mailbox(server().mailSinkUrl).waitFor(email, { count: 3 });
    assert.equal(mails.length, 3);
  });
});

/** One rule, so a story measures exactly the limit it names. */
const loginRule = (max: number) => [
  {
    name: 'test-login',
    actions: ['accountLogin'],
    key: 'ip_email',
    max,
    windowSec: 900,
    blockSec: 900,
    counts: 'failures',
  },
];

for (const store of ['memory', 'redis'] as const) {
  describeEachDatabase(`customs under concurrency (${store})`, (db) => {
    const server = useServer(db, {
      customs: {
        rules: loginRule(2),
        ...(store === 'redis' ? { redisUrl: REDIS_URL, keyPrefix: redisPrefix() } : {}),
      },
    });

    it('lets exactly 3 of 20 simultaneous guesses reach the password check', async () => {
      const email = randomEmail();
      await Client.create(server().origin, email, PASSWORD, { preVerified: true });
      const api = new Api(server().origin);
      const results = await Promise.all(Array.from({ length: 20 }, () => wrongLogin(api, email)));
      const errnos = results.map((r) => r.body.errno).sort();
      // More than 2 failures block: the third guess is still checked, as in FxA.
      assert.deepEqual(errnos, [...Array<number>(3).fill(103), ...Array<number>(17).fill(125)]);
    });
  });
}

describeEachDatabase('client IP for customs', (db) => {
  const rules = [
    {
      ...loginRule(1)[0],
      name: 'status',
      actions: ['accountStatusCheck'],
      key: 'ip',
      max: 2,
      counts: 'attempts',
    },
  ];
  const untrusted = useServer(db, { customs: { rules } });
  let trusted: TestServer;
  before(async () => {
    trusted = await startTestServer({
      databaseUrl: db().url,
      config: { customs: { rules, trustedProxies: ['127.0.0.1', '::1'] } },
    });
  });
  after(() => trusted.stop());

  const statusFrom = (server: TestServer, forwardedFor: string) =>
    new Api(server.origin).request('POST', '/v1/account/status', {
      body: { email: randomEmail() },
      headers: { 'x-forwarded-for': forwardedFor },
    });

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', async () => {
    assert.equal((await statusFrom(untrusted(), '198.51.100.1')).status, 200);
    assert.equal((await statusFrom(untrusted(), '198.51.100.2')).status, 200);
    assertThrottled(await statusFrom(untrusted(), '198.51.100.3'), 900);
  });

  it('believes X-Forwarded-For from a trusted proxy', async () => {
    for (let i = 1; i <= 4; i++) {
      assert.equal((await statusFrom(trusted, `203.0.113.${i}`)).status, 200);
    }
    await statusFrom(trusted, '203.0.113.9');
    await statusFrom(trusted, '203.0.113.9');
    assertThrottled(await statusFrom(trusted, '203.0.113.9'), 900);
  });
});

describe('customs shared through Redis', () => {
  it('enforces one limit across two server processes', async () => {
    const { createTestDatabase } = await import('../helpers/databases.js');
    const db = await createTestDatabase('sqlite');
    const { startServerProcess } = await import('../helpers/server-process.js');
    const customs = { rules: loginRule(2), redisUrl: REDIS_URL, keyPrefix: redisPrefix() };
    const a = await startServerProcess({ databaseUrl: db.url, config: { customs } });
    const b = await startServerProcess({ databaseUrl: db.url, config: { customs } });
    try {
      const email = randomEmail();
      await Client.create(a.origin, email, PASSWORD, { preVerified: true });
      const [apiA, apiB] = [new Api(a.origin), new Api(b.origin)];
      assertFxaError(await wrongLogin(apiA, email), 400, 103);
      assertFxaError(await wrongLogin(apiB, email), 400, 103);
      assertFxaError(await wrongLogin(apiA, email), 400, 103);
      assertLoginBlocked(await wrongLogin(apiB, email), 900);
      assertLoginBlocked(await wrongLogin(apiA, email), 900);
    } finally {
      await a.stop();
      await b.stop();
      await db.drop();
    }
  });
});
