// Sign-up (spec §2.2 POST /account/create): what the server hands back, when it lets an
// address be registered again, and which extra fields a modern client may send.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { Api } from '../client/api.js';
import { Client } from '../client/client.js';
import { stretch } from '../client/onepw.js';
import { describeEachDatabase } from '../helpers/databases.js';
import {
  PASSWORD,
  assertFxaError,
  assertOk,
  nowSeconds,
  randomEmail,
  useServer,
} from './support.js';

describeEachDatabase('account create', (db) => {
  const server = useServer(db);

  async function signUpBody(email: string, extra: Record<string, unknown> = {}) {
    const { authPW } = await stretch(email, PASSWORD);
    return { email, authPW: authPW.toString('hex'), ...extra };
  }

  it('signs up with keys=true and returns uid, session, keyFetchToken and authAt', async () => {
    const api = new Api(server().origin);
    const res = await api.request('POST', '/v1/account/create', {
      query: { keys: 'true' },
      body: await signUpBody(randomEmail(), { preVerified: true }),
    });
    assertOk(res);
    assert.match(String(res.body.uid), /^[0-9a-f]{32}$/);
    assert.match(String(res.body.sessionToken), /^[0-9a-f]{64}$/);
    assert.match(String(res.body.keyFetchToken), /^[0-9a-f]{64}$/);
    assert.equal(typeof res.body.authAt, 'number');
    assert.ok(Math.abs(Number(res.body.authAt) - nowSeconds()) <= 5, 'authAt is now, in seconds');
  });

  it('hands out no keyFetchToken unless keys=true is asked for', async () => {
    const client = await Client.create(server().origin, randomEmail(), PASSWORD, {
      preVerified: true,
    });
    assert.equal(client.keyFetchToken, undefined);
    assert.deepEqual(await client.sessionStatus(), { state: 'verified', uid: client.uid });
  });

  it('refuses a second sign-up for a verified address with 101', async () => {
    const email = randomEmail();
    await Client.create(server().origin, email, PASSWORD, { preVerified: true });
    const api = new Api(server().origin);
    const again = await api.request('POST', '/v1/account/create', {
      body: await signUpBody(email),
    });
    assertFxaError(again, 400, 101);
  });

  it('treats the address case-insensitively when checking for an existing account', async () => {
    const email = randomEmail('Mixed');
    await Client.create(server().origin, email, PASSWORD, { preVerified: true });
    const api = new Api(server().origin);
    const lower = email.toLowerCase();
    const again = await api.request('POST', '/v1/account/create', {
      body: await signUpBody(lower),
    });
    assertFxaError(again, 400, 101);
  });

  it('replaces an unverified account when the address signs up again', async () => {
    const email = randomEmail();
    const first = await Client.create(server().origin, email, PASSWORD);
    const second = await Client.create(server().origin, email, PASSWORD);
    assert.notEqual(second.uid, first.uid, 'a new account, with a new uid');

    const api = new Api(server().origin);
    const old = await api.request('GET', '/v1/account/status', { query: { uid: first.uid } });
    assert.deepEqual(old.body, { exists: false }, 'the unverified account is gone');
    const stale = await first.request('GET', '/v1/session/status', { token: first.session() });
    assertFxaError(stale, 401, 110);
    assert.deepEqual(await second.sessionStatus(), { state: 'unverified', uid: second.uid });
  });

  it('ignores fields it does not know, as modern Firefox sends them', async () => {
    const api = new Api(server().origin);
    const res = await api.request('POST', '/v1/account/create', {
      query: { keys: 'true', service: 'sync' },
      body: await signUpBody(randomEmail(), {
        preVerified: true,
        metricsContext: { flowId: 'f'.repeat(64), flowBeginTime: Date.now(), utmSource: 'x' },
        verificationMethod: 'email-otp',
        style: 'trailhead',
      }),
    });
    assertOk(res);
    assert.match(String(res.body.uid), /^[0-9a-f]{32}$/);
  });

  it('records the Accept-Language of sign-up as the account locale', async () => {
    const client = await Client.create(server().origin, randomEmail(), PASSWORD, {
      preVerified: true,
      lang: 'fr-CA,fr;q=0.8',
    });
    const status = await client.accountStatus();
    assert.equal(status.exists, true);
    assert.match(String(status.locale), /^fr/);
  });
});
