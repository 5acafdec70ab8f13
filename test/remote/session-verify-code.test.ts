// Verifying a sign-up with the 6-digit code typed into the waiting page
// (`verificationMethod: 'email-otp'`, POST /v1/session/verify_code and
// /v1/session/resend_code), reading the real code from the mail sink. The
// mailed link keeps working beside it.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { Client } from '../client/client.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { Mailbox, type Mail } from '../helpers/mailbox.js';
import { PASSWORD, assertFxaError, randomEmail, useServer } from './support.js';

const isCodeMail = (m: Mail) => m.headers['x-verify-short-code'] !== undefined;

/** A code that is not `code`: the same digits shifted by one. */
const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describeEachDatabase('sign-up verified by the mailed 6-digit code', (db) => {
  const server = useServer(db);
  const mailbox = () => new Mailbox(server().mailSinkUrl);

  async function codeMails(email: string, count = 1): Promise<Mail[]> {
    return mailbox().waitFor(email, { count, match: isCodeMail });
  }

  async function signUp(email = randomEmail(), lang?: string) {
    const client = await Client.create(server().origin, email, PASSWORD, {
      keys: true,
      verificationMethod: 'email-otp',
      ...(lang === undefined ? {} : { lang }),
    });
    const [mail] = await codeMails(email);
    return { client, email, mail, code: mail?.headers['x-verify-short-code'] ?? '' };
  }

  it('mails a code and the link; the code verifies the account and its session', async () => {
    const { client, email, mail, code } = await signUp();
    assert.match(code, /^[0-9]{6}$/);
    assert.ok(mail?.text.includes(code), 'the code is in the text');
    assert.ok(mail?.html.includes(code), 'and in the HTML');
    assert.match(mail?.headers['x-link'] ?? '', /\/v1\/verify_email\?uid=[0-9a-f]{32}&code=/);
    assert.deepEqual(await client.sessionStatus(), { state: 'unverified', uid: client.uid });

    await client.verifySessionCode(code);
    assert.deepEqual(await client.recoveryEmailStatus(), { email, verified: true });
    assert.deepEqual(await client.sessionStatus(), { state: 'verified', uid: client.uid });
    assert.equal((await client.keys()).kB.length, 32, 'keys are released once verified');
    const [welcome] = await mailbox().waitFor(email, { count: 2 });
    assert.ok(welcome, 'the "account verified" mail followed');
  });

  it('refuses a wrong code with 183 and leaves the account unverified', async () => {
    const { client, code } = await signUp();
    for (const bad of [wrong(code), code.slice(1), `${code}1`]) {
      const res = await client.request('POST', '/v1/session/verify_code', {
        token: client.session(),
        body: { code: bad },
      });
      assertFxaError(res, 400, 183);
    }
    const letters = await client.request('POST', '/v1/session/verify_code', {
      token: client.session(),
      body: { code: 'abcdef' },
    });
    assertFxaError(letters, 400, 107);
    assert.equal((await client.recoveryEmailStatus()).verified, false);
  });

  it("refuses another session's code: each sign-in gets its own", async () => {
    const { client: first, email, code: firstCode } = await signUp();
    const second = await Client.login(server().origin, email, PASSWORD, {
      verificationMethod: 'email-otp',
    });
    assert.equal(second.verified, false);
    const [, mail] = await codeMails(email, 2);
    const secondCode = mail?.headers['x-verify-short-code'] ?? '';

    const crossed = await second.request('POST', '/v1/session/verify_code', {
      token: second.session(),
      body: { code: firstCode === secondCode ? wrong(secondCode) : firstCode },
    });
    assertFxaError(crossed, 400, 183);
    await second.verifySessionCode(secondCode);
    assert.equal((await first.recoveryEmailStatus()).verified, true, 'the account is verified');
  });

  it('reports email-otp on sign-in to an unverified account, and verified sign-ins need no code', async () => {
    const { email, code, client } = await signUp();
    const login = await client.fxa.signIn(email, PASSWORD, { verificationMethod: 'email-otp' });
    assert.deepEqual(
      [login.verified, login.verificationMethod, login.verificationReason],
      [false, 'email-otp', 'signup'],
    );
    await client.verifySessionCode(code);
    const verified = await client.fxa.signIn(email, PASSWORD, { verificationMethod: 'email-otp' });
    assert.equal(verified.verified, true);
    assert.equal(verified.verificationMethod, undefined);
    await client.resendSessionCode();
    assert.equal((await mailbox().messages(email)).filter(isCodeMail).length, 2, 'no more codes');
  });

  it('keeps the mailed link working for an email-otp sign-up', async () => {
    const { client, mail, email } = await signUp();
    await client.verifyEmail(mail?.headers['x-verify-code'] ?? '');
    assert.deepEqual(await client.recoveryEmailStatus(), { email, verified: true });
  });

  it('resends a code on request, in the language of the sign-up', async () => {
    const { client, email, code } = await signUp(randomEmail(), 'fr-FR,fr;q=0.9');
    await client.resendSessionCode();
    const mails = await codeMails(email, 2);
    assert.equal(mails[1]?.headers['content-language'], 'fr');
    const resent = mails[1]?.headers['x-verify-short-code'] ?? '';
    assert.match(resent, /^[0-9]{6}$/);
    await client.verifySessionCode(resent);
    assert.equal((await client.recoveryEmailStatus()).verified, true);
    assert.match(code, /^[0-9]{6}$/);
  });

  it('binds the code to the request with a payload hash', async () => {
    const { client, code } = await signUp();
    const unsigned = await client.request('POST', '/v1/session/verify_code', {
      token: client.session(),
      body: { code },
      hawk: { payload: null },
    });
    assertFxaError(unsigned, 401, 110);
    const swapped = await client.request('POST', '/v1/session/verify_code', {
      token: client.session(),
      body: { code },
      hawk: { payload: JSON.stringify({ code: wrong(code) }) },
    });
    assertFxaError(swapped, 401, 109);
    assert.equal((await client.recoveryEmailStatus()).verified, false);
  });

  it('throttles guessing: the 11th try within 15 minutes gets 429 errno 114', async () => {
    const { client, code } = await signUp();
    for (let i = 0; i < 10; i++) {
      const res = await client.request('POST', '/v1/session/verify_code', {
        token: client.session(),
        body: { code: wrong(code) },
      });
      assertFxaError(res, 400, 183);
    }
    const blocked = await client.request('POST', '/v1/session/verify_code', {
      token: client.session(),
      body: { code },
    });
    assertFxaError(blocked, 429, 114);
    assert.equal(blocked.body.retryAfter, 900);
    assert.equal(blocked.headers.get('retry-after'), '900');
    assert.equal((await client.recoveryEmailStatus()).verified, false, 'even the right code waits');
  });
});

describeEachDatabase('the mailed 6-digit code expires', (db) => {
  const LIFETIME = 20 * 60 * 1000;
  const server = useServer(db, { otp: { codeLifetimeMs: LIFETIME } });

  it('is refused once its lifetime is over; a resent code works', async () => {
    const email = randomEmail();
    const client = await Client.create(server().origin, email, PASSWORD, {
      verificationMethod: 'email-otp',
    });
    const mailbox = new Mailbox(server().mailSinkUrl);
    const [mail] = await mailbox.waitFor(email, { match: isCodeMail });
    const code = mail?.headers['x-verify-short-code'] ?? '';

    server().advanceClock(LIFETIME);
    const expired = await client.request('POST', '/v1/session/verify_code', {
      token: client.session(),
      body: { code },
    });
    // The server's clock has moved on, so its Timestamp header is no longer "now".
    assert.deepEqual([expired.status, expired.body.errno], [400, 183]);

    await client.resendSessionCode();
    const [, fresh] = await mailbox.waitFor(email, { count: 2, match: isCodeMail });
    await client.verifySessionCode(fresh?.headers['x-verify-short-code'] ?? '');
    assert.equal((await client.recoveryEmailStatus()).verified, true);
  });
});
