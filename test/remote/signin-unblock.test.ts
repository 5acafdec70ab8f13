// Throttling that never locks out the rightful user (issue 11, finding 8).
// Failures are counted as FxA counts them: the try after the last allowed
// failure is still checked. A login that customs blocks answers 400 errno
// 125 with verificationMethod "email-captcha"; the client asks for a code
// by mail (/account/login/send_unblock_code) and sends it as unblockCode.
// Whoever reads the mailbox gets in, however hard someone else guesses.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { Api, type ApiResponse } from '../client/api.js';
import { Client } from '../client/client.js';
import { stretch } from '../client/onepw.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { Mailbox } from '../helpers/mailbox.js';
import type { TestServer } from '../helpers/server.js';
import {
  PASSWORD,
  assertFxaError,
  assertOk,
  randomEmail,
  randomHex,
  useServer,
} from './support.js';

const CODE_LIFETIME_MS = 60 * 60 * 1000;

/** The unblock flow as a client drives it, from one address (X-Forwarded-For). */
class Visitor {
  readonly api: Api;

  constructor(
    private readonly server: TestServer,
    private readonly ip: string,
  ) {
    this.api = new Api(server.origin);
  }

  async login(email: string, password: string, unblockCode?: string): Promise<ApiResponse> {
    const { authPW } = await stretch(email, password);
    return this.api.request('POST', '/v1/account/login', {
      body: { email, authPW: authPW.toString('hex'), ...(unblockCode ? { unblockCode } : {}) },
      headers: { 'x-forwarded-for': this.ip },
    });
  }

  guess(email: string, unblockCode?: string): Promise<ApiResponse> {
    return this.api.request('POST', '/v1/account/login', {
      body: { email, authPW: randomHex(32), ...(unblockCode ? { unblockCode } : {}) },
      headers: { 'x-forwarded-for': this.ip },
    });
  }

  sendUnblockCode(email: string): Promise<ApiResponse> {
    return this.api.request('POST', '/v1/account/login/send_unblock_code', {
      body: { email },
      headers: { 'x-forwarded-for': this.ip },
    });
  }

  rejectUnblockCode(uid: string, unblockCode: string): Promise<ApiResponse> {
    return this.api.request('POST', '/v1/account/login/reject_unblock_code', {
      body: { uid, unblockCode },
      headers: { 'x-forwarded-for': this.ip },
    });
  }
}

function assertBlocked(res: ApiResponse): void {
  assertFxaError(res, 400, 125);
  assert.equal(res.body.verificationMethod, 'email-captcha');
  assert.equal(res.body.verificationReason, 'login');
}

const codesIn = async (server: TestServer, email: string, count = 1) =>
  (
    await new Mailbox(server.mailSinkUrl).waitFor(email, {
      count,
      match: (m) => m.headers['x-unblock-code'] !== undefined,
    })
  ).map((m) => m.headers['x-unblock-code'] ?? '');

describeEachDatabase('sign-in unblock', (db) => {
  const server = useServer(db, { customs: { trustedProxies: ['127.0.0.1', '::1'] } });
  const owner = () => new Visitor(server(), '198.51.100.7');

  async function account(): Promise<{ email: string; uid: string }> {
    const email = randomEmail();
    const client = await Client.create(server().origin, email, PASSWORD, { preVerified: true });
    return { email, uid: client.uid };
  }

  it('checks the right password after two wrong ones, as FxA does', async () => {
    const { email } = await account();
    assertFxaError(await owner().guess(email), 400, 103);
    assertFxaError(await owner().guess(email), 400, 103);
    assertOk(await owner().login(email, PASSWORD));
  });

  it('blocks the try after three failures, and a mailed code lets the owner in', async () => {
    const { email } = await account();
    for (let i = 0; i < 3; i++) assertFxaError(await owner().guess(email), 400, 103);
    assertBlocked(await owner().login(email, PASSWORD));

    assertOk(await owner().sendUnblockCode(email));
    const [code = ''] = await codesIn(server(), email);
    assert.match(code, /^[0-9A-Z]{8}$/);
    // Codes are read case-insensitively, as FxA does.
    const res = await owner().login(email, PASSWORD, code.toLowerCase());
    assertOk(res);
    assert.equal(typeof res.body.sessionToken, 'string');
    // The account's failure counters were reset: the next guess is checked.
    assertFxaError(await owner().guess(email), 400, 103);
  });

  it('spends a code once, and refuses a wrong one (127)', async () => {
    const { email } = await account();
    for (let i = 0; i < 3; i++) await owner().guess(email);
    await owner().sendUnblockCode(email);
    const [code = ''] = await codesIn(server(), email);

    assertFxaError(await owner().login(email, PASSWORD, 'ZZZZZZZZ'), 400, 127);
    assertOk(await owner().login(email, PASSWORD, code));
    for (let i = 0; i < 3; i++) await owner().guess(email);
    assertFxaError(await owner().login(email, PASSWORD, code), 400, 127);
  });

  it('lets the owner report a code it did not ask for, which voids it', async () => {
    const { email, uid } = await account();
    await owner().sendUnblockCode(email);
    const [code = ''] = await codesIn(server(), email);
    assertOk(await owner().rejectUnblockCode(uid, code));
    for (let i = 0; i < 3; i++) await owner().guess(email);
    assertFxaError(await owner().login(email, PASSWORD, code), 400, 127);
  });

  it('validates its input: an unknown account (102), malformed codes (107)', async () => {
    assertFxaError(await owner().sendUnblockCode(randomEmail()), 400, 102);
    assertFxaError(await owner().sendUnblockCode('not an address'), 400, 107);
    const { email, uid } = await account();
    for (const bad of ['SHORT', 'TOOLONGCODE', 'ABC-1234']) {
      assertFxaError(await owner().login(email, PASSWORD, bad), 400, 107);
    }
    assertFxaError(await owner().rejectUnblockCode(uid, 'ABC-1234'), 400, 107);
    assertFxaError(await owner().rejectUnblockCode('zz', 'ABCD1234'), 400, 107);
  });

  // Last: the server clock stays ahead for the rest of the suite.
  it('refuses a code older than its lifetime (127)', async () => {
    const { email } = await account();
    await owner().sendUnblockCode(email);
    const [code = ''] = await codesIn(server(), email);
    server().advanceClock(CODE_LIFETIME_MS + 1000);
    for (let i = 0; i < 3; i++) await owner().guess(email);
    const res = await owner().login(email, PASSWORD, code);
    assert.deepEqual([res.status, res.body.errno], [400, 127]);
  });
});

/** Small limits, so one story can exhaust each of them. */
const RULES = [
  {
    name: 'mail-per-email',
    actions: ['accountCreate', 'sendUnblockCode'],
    key: 'email',
    max: 3,
    windowSec: 900,
    blockSec: 900,
    counts: 'attempts',
  },
  {
    name: 'failed-login-per-ip-email',
    actions: ['accountLogin'],
    key: 'ip_email',
    max: 2,
    windowSec: 900,
    blockSec: 900,
    counts: 'failures',
  },
  {
    name: 'failed-login-per-email',
    actions: ['accountLogin'],
    key: 'email',
    max: 5,
    windowSec: 86_400,
    blockSec: 86_400,
    counts: 'failures',
  },
  {
    name: 'unblock-code-per-ip-email',
    actions: ['verifyUnblockCode'],
    key: 'ip_email',
    max: 3,
    windowSec: 900,
    blockSec: 900,
    counts: 'attempts',
  },
];

describeEachDatabase('sign-in unblock against an attacker', (db) => {
  const server = useServer(db, {
    customs: { trustedProxies: ['127.0.0.1', '::1'], rules: RULES },
  });

  it('lets the mailbox owner in while someone else guesses passwords and codes', async () => {
    const email = randomEmail();
    await Client.create(server().origin, email, PASSWORD, { preVerified: true });
    const attackers = ['203.0.113.1', '203.0.113.2'].map((ip) => new Visitor(server(), ip));
    // Two addresses, three failures each: past the per-account limit of 5.
    for (const attacker of attackers) {
      for (let i = 0; i < 3; i++) assertFxaError(await attacker.guess(email), 400, 103);
    }
    const owner = new Visitor(server(), '198.51.100.7');
    assertBlocked(await owner.login(email, PASSWORD));

    // The attacker asks for every code the mail limit leaves after sign-up's
    // mail, and guesses codes.
    const attacker = attackers[0]!;
    for (let i = 0; i < 2; i++) assertOk(await attacker.sendUnblockCode(email));
    assertFxaError(await attacker.sendUnblockCode(email), 429, 114);
    for (let i = 0; i < 3; i++) {
      assertFxaError(await attacker.guess(email, randomHex(4).toUpperCase()), 400, 127);
    }
    assertFxaError(await attacker.guess(email, randomHex(4).toUpperCase()), 429, 114);

    // The owner cannot have another code mailed, but holds the ones sent.
    assertFxaError(await owner.sendUnblockCode(email), 429, 114);
    const codes = await codesIn(server(), email, 2);
    assertOk(await owner.login(email, PASSWORD, codes[1]));
    // The attacker's own address stays throttled.
    assertBlocked(await attacker.login(email, PASSWORD));
  });
});

describeEachDatabase('a login limit on an address', (db) => {
  // Every login counts here, right or wrong, so wrong passwords from many
  // addresses could spend it; the mailbox owner must still get in.
  const rules = [
    RULES[0]!,
    { ...RULES[1]!, name: 'login-per-email', key: 'email', max: 4, counts: 'attempts' },
  ];
  const server = useServer(db, { customs: { trustedProxies: ['127.0.0.1', '::1'], rules } });

  it('is cleared by a mailed unblock code, after attackers spent it', async () => {
    const email = randomEmail();
    await Client.create(server().origin, email, PASSWORD, { preVerified: true });
    for (const ip of ['203.0.113.8', '203.0.113.9']) {
      const attacker = new Visitor(server(), ip);
      for (let i = 0; i < 2; i++) assertFxaError(await attacker.guess(email), 400, 103);
    }
    const owner = new Visitor(server(), '198.51.100.8');
    assertBlocked(await owner.login(email, PASSWORD));
    assertOk(await owner.sendUnblockCode(email));
    const [code = ''] = await codesIn(server(), email);
    assertOk(await owner.login(email, PASSWORD, code));
  });
});

describeEachDatabase('sign-ups shed under load', (db) => {
  const rules = [
    { ...RULES[0]!, name: 'sign-up-per-ip', key: 'ip', max: 2 },
    { ...RULES[0]!, actions: ['accountCreate'] },
  ];
  // No password hash may run: every sign-up is shed with 503 errno 201.
  const server = useServer(db, { scrypt: { maxPending: 0 }, customs: { rules } });

  it('do not use up the per-IP and per-address quotas', async () => {
    const email = randomEmail();
    const api = new Api(server().origin);
    for (let i = 0; i < 5; i++) {
      const res = await api.request('POST', '/v1/account/create', {
        body: { email, authPW: randomHex(32) },
      });
      assertFxaError(res, 503, 201);
    }
  });
});
