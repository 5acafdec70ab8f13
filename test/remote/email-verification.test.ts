// Sign-up with a real verification mail (issue: email verification): the
// server sends the code over SMTP to the sink, the user follows it, and the
// account becomes verified. Codes are read from the mail, never from the db.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { it } from 'node:test';
import { Api } from '../client/api.js';
import { Client } from '../client/client.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { Mailbox } from '../helpers/mailbox.js';
import { PASSWORD, assertFxaError, randomEmail, randomHex, useServer } from './support.js';

const CONTENT_SERVER = 'https://accounts.example.net';

describeEachDatabase('email verification', (db) => {
  const server = useServer(db, { contentServer: { url: CONTENT_SERVER } });
  const mailbox = () => new Mailbox(server().mailSinkUrl);

  it('mails a code at sign-up; verifying it makes login report verified', async () => {
    const email = randomEmail();
    const client = await Client.create(server().origin, email, PASSWORD);
    assert.deepEqual(await client.recoveryEmailStatus(), { email, verified: false });

    const [mail] = await mailbox().waitFor(email);
    const code = mail?.headers['x-verify-code'] ?? '';
    assert.match(code, /^[0-9a-f]{32}$/);
    assert.equal(mail?.headers['x-uid'], client.uid);
    const link = new URL(mail?.headers['x-link'] ?? '');
    assert.equal(link.origin + link.pathname, `${CONTENT_SERVER}/v1/verify_email`);
    assert.equal(link.searchParams.get('uid'), client.uid);
    assert.equal(link.searchParams.get('code'), code);
    assert.ok(mail?.text.includes(link.href), 'the text body carries the link');
    assert.ok(mail?.html.includes(code), 'the HTML body carries the link');

    await client.verifyEmail(code);
    assert.deepEqual(await client.recoveryEmailStatus(), { email, verified: true });
    const again = await Client.login(server().origin, email, PASSWORD);
    assert.equal(again.verified, true);
    // Verifying again is harmless.
    await client.verifyEmail(code);
  });

  it('sends the "account verified" mail after verification', async () => {
    const email = randomEmail();
    const client = await Client.create(server().origin, email, PASSWORD);
    const [mail] = await mailbox().waitFor(email);
    await client.verifyEmail(mail?.headers['x-verify-code'] ?? '');
    const mails = await mailbox().waitFor(email, { count: 2 });
    assert.notEqual(mails[1]?.subject, mails[0]?.subject);
    assert.equal(mails[1]?.headers['x-verify-code'], undefined);
  });

  it('refuses a wrong code (105) and an unknown uid (102)', async () => {
    const client = await Client.create(server().origin, randomEmail(), PASSWORD);
    const wrong = await client.request('POST', '/v1/recovery_email/verify_code', {
      body: { uid: client.uid, code: randomHex(16) },
    });
    assertFxaError(wrong, 400, 105);
    const unknown = await client.request('POST', '/v1/recovery_email/verify_code', {
      body: { uid: randomHex(16), code: randomHex(16) },
    });
    assertFxaError(unknown, 400, 102);
    assert.equal((await client.recoveryEmailStatus()).verified, false);
  });

  it('writes the mail in the language of Accept-Language', async () => {
    const en = randomEmail();
    const de = randomEmail();
    await Client.create(server().origin, en, PASSWORD, { lang: 'en-US,en;q=0.9' });
    await Client.create(server().origin, de, PASSWORD, { lang: 'de-DE,de;q=0.9' });
    const [english] = await mailbox().waitFor(en);
    const [german] = await mailbox().waitFor(de);
    assert.equal(german?.headers['content-language'], 'de');
    assert.equal(english?.headers['content-language'], 'en');
    assert.notEqual(german?.subject, english?.subject);
  });

  it('redirects the mailed link to the content server', async () => {
    const client = await Client.create(server().origin, randomEmail(), PASSWORD);
    const query = `uid=${client.uid}&code=${randomHex(16)}&service=sync`;
    const res = await fetch(`${server().origin}/v1/verify_email?${query}`, { redirect: 'manual' });
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), `${CONTENT_SERVER}/v1/verify_email?${query}`);
    const bad = await fetch(`${server().origin}/v1/verify_email?uid=zz`, { redirect: 'manual' });
    assert.equal(bad.status, 400);
  });

  it('refuses a redirectTo outside the content server domain (107)', async () => {
    const res = await new Api(server().origin).request('POST', '/v1/account/create', {
      body: {
        email: randomEmail(),
        authPW: randomHex(32),
        redirectTo: 'https://evil.example.com/phish',
      },
    });
    assertFxaError(res, 400, 107);
  });
  // Last: it moves the server clock, which later error-shape checks would notice.
  it('resends nothing within the blackout, and the same code after it', async () => {
    const email = randomEmail();
    const client = await Client.create(server().origin, email, PASSWORD);
    const [first] = await mailbox().waitFor(email);
    await client.resendVerifyCode();
    server().advanceClock(11 * 60 * 1000);
    await client.resendVerifyCode();
    const mails = await mailbox().waitFor(email, { count: 2 });
    await sleep(200); // a stray blackout send would have landed by now
    assert.equal((await mailbox().messages(email)).length, 2, 'the blackout resend sent nothing');
    assert.equal(mails[1]?.headers['x-verify-code'], first?.headers['x-verify-code']);
  });
});
