// Successful logins are rate limited too (customs rule login-per-ip-email):
// someone holding a stolen password cannot mint sessions in a loop. The
// limit, 20 an hour from one address for one account, is far above what a
// person signing in needs. Like every limit keyed by the address, it answers
// 125 (sign-in unblock): only whoever reads the mailbox gets past it.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { Api } from '../client/api.js';
import { Client } from '../client/client.js';
import { stretch } from '../client/onepw.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { Mailbox } from '../helpers/mailbox.js';
import { PASSWORD, assertFxaError, randomEmail, useServer } from './support.js';
import { login } from './revocation-support.js';

const HOURLY_LOGINS = 20;

describeEachDatabase('login throttle', (db) => {
  const server = useServer(db);

  it('blocks the next login, right password and all, after 20 in an hour', async () => {
    const email = randomEmail();
    await Client.create(server().origin, email, PASSWORD, { preVerified: true });
    const { authPW } = await stretch(email, PASSWORD);
    const api = new Api(server().origin);
    for (let i = 0; i < HOURLY_LOGINS; i++) {
      const res = await login(api, email, authPW);
      assert.equal(res.status, 200, `login ${i + 1}: ${res.text}`);
    }
    const blocked = await login(api, email, authPW);
    assertFxaError(blocked, 400, 125);
    assert.equal(blocked.body.verificationMethod, 'email-captcha');
    assert.equal(blocked.body.retryAfter, 3600);
    // The owner asks for a code by mail and gets in with it.
    const sent = await api.request('POST', '/v1/account/login/send_unblock_code', {
      body: { email },
    });
    assert.equal(sent.status, 200, sent.text);
    const [mail] = await new Mailbox(server().mailSinkUrl).waitFor(email, {
      match: (m) => m.headers['x-unblock-code'] !== undefined,
    });
    const unblockCode = mail?.headers['x-unblock-code'] ?? '';
    const unblocked = await api.request('POST', '/v1/account/login', {
      body: { email, authPW: authPW.toString('hex'), unblockCode },
    });
    assert.equal(unblocked.status, 200, unblocked.text);
    // Another account from the same address is not affected.
    const other = randomEmail();
    await Client.create(server().origin, other, PASSWORD, { preVerified: true });
    await Client.login(server().origin, other, PASSWORD);
  });
});
