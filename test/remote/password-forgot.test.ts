// A forgotten password, end to end with the mailed code: three wrong codes
// kill the token, the right one buys an accountResetToken, and the reset
// gives a new kB and ends every session.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { Api } from '../client/api.js';
import { Client } from '../client/client.js';
import {
  forgotPassword,
  forgotStatus,
  resetPassword,
  verifyRecoveryCode,
} from '../client/recovery.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { Mailbox } from '../helpers/mailbox.js';
import { PASSWORD, assertFxaError, randomEmail, randomHex, useServer } from './support.js';

const NEW_PASSWORD = 'remembered at last';
const CONTENT_SERVER = 'https://accounts.example.net';

describeEachDatabase('forgot password', (db) => {
  // These stories send more reset mails per address than customs allows in
  // 15 minutes; customs.test.ts covers that limit.
  const server = useServer(db, {
    contentServer: { url: CONTENT_SERVER },
    customs: { enabled: false },
  });
  const mailbox = () => new Mailbox(server().mailSinkUrl);
  const api = () => new Api(server().origin);

  /** Starts a reset and returns the token with the code read from the mail. */
  async function requestCode(email: string) {
    const before = (await mailbox().messages(email)).length;
    const started = await forgotPassword(api(), email);
    const mails = await mailbox().waitFor(email, {
      count: before + 1,
      match: (m) => m.headers['x-recovery-code'] !== undefined,
    });
    const mail = mails[mails.length - 1];
    return { started, mail, code: mail?.headers['x-recovery-code'] ?? '' };
  }

  it('mails a code and a link to the content server with token, code and email', async () => {
    const email = randomEmail();
    await Client.create(server().origin, email, PASSWORD, { preVerified: true });
    const { started, mail, code } = await requestCode(email);
    assert.deepEqual(
      { codeLength: started.codeLength, tries: started.tries },
      { codeLength: 16, tries: 3 },
    );
    // An hour, counted down from the token's creation: on a loaded machine a
    // second may be gone before the reply, or before the status check below.
    const HOUR = 3600;
    assert.ok(started.ttl <= HOUR && started.ttl > HOUR - 60, `ttl ${started.ttl}`);
    assert.match(code, /^[0-9a-f]{32}$/);
    const link = new URL(mail?.headers['x-link'] ?? '');
    assert.equal(link.origin + link.pathname, `${CONTENT_SERVER}/v1/complete_reset_password`);
    assert.deepEqual(
      [
        link.searchParams.get('token'),
        link.searchParams.get('code'),
        link.searchParams.get('email'),
      ],
      [started.passwordForgotToken, code, email],
    );
    // The status is read a moment after the mail: the ttl counts down in
    // whole seconds, so a slow machine may already see 3599.
    const status = (await forgotStatus(api(), started.passwordForgotToken)) as {
      tries: number;
      ttl: number;
    };
    assert.equal(status.tries, 3);
    assert.ok(status.ttl <= 3600 && status.ttl >= 3590, `ttl ${status.ttl} counts down from 3600`);
  });

  it('lets three wrong codes use up the token', async () => {
    const email = randomEmail();
    await Client.create(server().origin, email, PASSWORD, { preVerified: true });
    const { started, code } = await requestCode(email);
    const token = { type: 'passwordForgotToken' as const, seedHex: started.passwordForgotToken };
    for (const left of [2, 1, 0]) {
      const res = await api().request('POST', '/v1/password/forgot/verify_code', {
        token,
        body: { code: randomHex(16) },
      });
      assertFxaError(res, 400, 105);
      assert.equal(res.body.tries, left);
      assert.equal(typeof res.body.ttl, 'number');
    }
    const late = await api().request('POST', '/v1/password/forgot/verify_code', {
      token,
      body: { code },
    });
    assertFxaError(late, 401, 110);
  });

  it('resets with the right code: new kB, old sessions dead, notice mailed', async () => {
    const email = randomEmail();
    const client = await Client.create(server().origin, email, PASSWORD, {
      keys: true,
      preVerified: true,
    });
    const keysBefore = await client.keys();
    const { started, code } = await requestCode(email);

    const accountResetToken = await verifyRecoveryCode(api(), started.passwordForgotToken, code);
    await mailbox().waitFor(email, {
      match: (m) => /reset_password\?email=/.test(m.headers['x-link'] ?? ''),
    });
    await resetPassword(api(), email, accountResetToken, NEW_PASSWORD);

    const session = client.session();
    assertFxaError(await client.request('GET', '/v1/session/status', { token: session }), 401, 110);
    const fresh = await Client.login(server().origin, email, NEW_PASSWORD, { keys: true });
    const keysAfter = await fresh.keys();
    assert.deepEqual(keysAfter.kA, keysBefore.kA, 'kA survives a reset');
    assert.notDeepEqual(keysAfter.kB, keysBefore.kB, 'kB does not: the old password is lost');
    const old = await api().request('POST', '/v1/account/login', {
      body: { email, authPW: randomHex(32) },
    });
    assertFxaError(old, 400, 103);
    // The reset token is spent.
    const again = await api().request('POST', '/v1/account/reset', {
      token: { type: 'accountResetToken', seedHex: accountResetToken },
      body: { authPW: randomHex(32) },
    });
    assertFxaError(again, 401, 110);
  });

  it('answers with the account’s spelling of the address, so a reset typed in another case works', async () => {
    const stored = randomEmail().replace(/^user/, 'Alice');
    await Client.create(server().origin, stored, PASSWORD, { preVerified: true });
    const typed = stored.toLowerCase();
    const { started, code } = await requestCode(typed);
    assert.equal(started.email, stored, 'send_code names the stored spelling');
    const status = await api().verbs().passwordForgotStatus(started.passwordForgotToken);
    assert.equal(status.email, stored, 'and so does the status');
    const resent = await api().verbs().passwordForgotResendCode(started.passwordForgotToken, typed);
    assert.equal(resent.email, stored, 'and resend_code');

    // The password stretched with that spelling is the one sign-in checks.
    const accountResetToken = await verifyRecoveryCode(api(), started.passwordForgotToken, code);
    await resetPassword(api(), started.email ?? '', accountResetToken, NEW_PASSWORD);
    const session = await api().verbs().signIn(typed, NEW_PASSWORD);
    assert.equal(session.email, stored);
  });

  it('resends the same code, and a new request replaces the old token', async () => {
    const email = randomEmail();
    await Client.create(server().origin, email, PASSWORD, { preVerified: true });
    const first = await requestCode(email);
    const token = {
      type: 'passwordForgotToken' as const,
      seedHex: first.started.passwordForgotToken,
    };
    const resent = await api().call('POST', '/v1/password/forgot/resend_code', {
      token,
      body: { email },
    });
    assert.equal(resent.passwordForgotToken, first.started.passwordForgotToken);
    const mails = await mailbox().waitFor(email, { count: 2 });
    assert.equal(mails[1]?.headers['x-recovery-code'], first.code);

    const second = await requestCode(email);
    assert.notEqual(second.code, first.code);
    const stale = await api().request('GET', '/v1/password/forgot/status', { token });
    assertFxaError(stale, 401, 110);
  });

  it('refuses an unknown address (102) and an account reset without a payload hash (110)', async () => {
    const unknown = await api().request('POST', '/v1/password/forgot/send_code', {
      body: { email: randomEmail() },
    });
    assertFxaError(unknown, 400, 102);
    const email = randomEmail();
    await Client.create(server().origin, email, PASSWORD, { preVerified: true });
    const { started, code } = await requestCode(email);
    const reset = await verifyRecoveryCode(api(), started.passwordForgotToken, code);
    const unsigned = await api().request('POST', '/v1/account/reset', {
      token: { type: 'accountResetToken', seedHex: reset },
      body: { authPW: randomHex(32) },
      hawk: { payload: null },
    });
    assertFxaError(unsigned, 401, 110);
  });

  it('expires a reset code after its lifetime (110)', async () => {
    const email = randomEmail();
    await Client.create(server().origin, email, PASSWORD, { preVerified: true });
    const { started, code } = await requestCode(email);
    server().advanceClock(61 * 60 * 1000);
    const res = await api().request('POST', '/v1/password/forgot/verify_code', {
      token: { type: 'passwordForgotToken', seedHex: started.passwordForgotToken },
      body: { code },
    });
    assert.deepEqual([res.status, res.body.errno], [401, 110]);
  });

  it('redirects the mailed link to the content server', async () => {
    const query = `email=a%40example.com&code=${randomHex(16)}&token=${randomHex(32)}`;
    const res = await fetch(`${server().origin}/v1/complete_reset_password?${query}`, {
      redirect: 'manual',
    });
    assert.equal(res.status, 302);
    assert.equal(
      res.headers.get('location'),
      `${CONTENT_SERVER}/v1/complete_reset_password?${query}`,
    );
  });
});
