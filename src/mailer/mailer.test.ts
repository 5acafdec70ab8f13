// Each intent, sent through a real SMTP conversation to the mail sink and
// read back over its HTTP API, as the end-to-end tests will read it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { createLogger } from '../log.js';
import { startMailSink, type MailSink } from '../mail-sink/index.js';
import { Mailbox, type Mail } from '../../test/helpers/mailbox.js';
import { createMailer, type MailAccount, type Mailer } from './index.js';

const CS = 'https://accounts.example.test';
const SYNC = 'https://sync.example.test/start';
const SUPPORT = 'https://support.example.test/help';

let sink: MailSink;
let mailbox: Mailbox;
let mailer: Mailer;
const verifyLinks: [string, string][] = [];

before(async () => {
  sink = await startMailSink({ smtpPort: 0, httpPort: 0 });
  mailbox = new Mailbox(sink.httpUrl);
  mailer = createMailer({
    smtpUrl: sink.smtpUrl,
    sender: 'Firefox Accounts <no-reply@example.test>',
    contentServerUrl: `${CS}/`, // the trailing slash is dropped
    syncUrl: SYNC,
    supportUrl: SUPPORT,
    log: createLogger('silent', new Writable({ write: (_c, _e, cb) => cb() })),
    onVerifyLink: (email, link) => verifyLinks.push([email, link]),
  });
});

after(async () => {
  await mailer.close();
  await sink.close();
});

let counter = 0;
function account(locale: string | null = null, local = 'user'): MailAccount {
  counter += 1;
  return { uid: randomBytes(16), email: `${local}${counter}@example.test`, locale };
}

async function only(email: string): Promise<Mail> {
  const [mail] = await mailbox.waitFor(email);
  assert.ok(mail);
  return mail;
}

/** Every message: multipart text + HTML, the support link, a language. */
function assertWellFormed(mail: Mail, lang: string): void {
  assert.match(mail.headers['content-type'] ?? '', /^multipart\/alternative/);
  assert.equal(mail.headers['content-language'], lang);
  assert.match(mail.headers.from ?? '', /no-reply@example\.test/);
  assert.ok(mail.text.includes(SUPPORT));
  assert.ok(mail.html.includes(`href="${SUPPORT}"`));
  assert.ok(mail.html.includes(`<html lang="${lang}">`));
}

describe('verification mail', () => {
  it('links to the content server with the uid and code, in headers and both bodies', async () => {
    const a = account();
    const code = randomBytes(16);
    const uid = a.uid.toString('hex');
    const hex = code.toString('hex');
    mailer.sendVerifyCode(a, code);
    const mail = await only(a.email);
    const link = `${CS}/v1/verify_email?uid=${uid}&code=${hex}`;

    assertWellFormed(mail, 'en');
    assert.equal(mail.subject, 'Verify your Firefox Account');
    assert.equal(mail.headers['x-link'], link);
    assert.equal(mail.headers['x-uid'], uid);
    assert.equal(mail.headers['x-verify-code'], hex);
    assert.equal(mail.headers['x-service-id'], undefined);
    assert.ok(mail.text.includes(link));
    assert.ok(mail.html.includes(`href="${link.replace('&', '&amp;')}"`));
    assert.ok(mail.html.includes(uid) && mail.html.includes(hex));
    assert.deepEqual(verifyLinks.at(-1), [a.email, link]);
  });

  it('passes service, redirectTo and resume through, escaped in the HTML', async () => {
    const a = account();
    const code = randomBytes(16);
    const hostile = 'https://evil.test/"><script>alert(1)</script>';
    mailer.sendVerifyCode(a, code, { service: 'sync', redirectTo: hostile, resume: 'abc=' });
    const mail = await only(a.email);
    const query = new URLSearchParams({
      uid: a.uid.toString('hex'),
      code: code.toString('hex'),
      service: 'sync',
      redirectTo: hostile,
      resume: 'abc=',
    });
    const link = `${CS}/v1/verify_email?${query.toString()}`;

    assert.equal(mail.headers['x-link'], link);
    assert.equal(mail.headers['x-service-id'], 'sync');
    assert.ok(mail.text.includes(link));
    assert.ok(mail.html.includes(`href="${link.replaceAll('&', '&amp;')}"`));
    assert.ok(!mail.html.includes('<script>'));
  });

  it('escapes a hostile service value wherever it lands in the HTML', async () => {
    const a = account();
    mailer.sendVerifyCode(a, randomBytes(16), { service: 'x"><img src=x onerror=alert(1)>' });
    const mail = await only(a.email);
    assert.equal(mail.headers['x-service-id'], 'x"><img src=x onerror=alert(1)>');
    assert.ok(!mail.html.includes('<img'));
  });
});

describe('verification code mail (email-otp)', () => {
  it('shows the 6-digit code and carries the verification link as well', async () => {
    const a = account();
    const emailCode = randomBytes(16);
    mailer.sendVerifyShortCode(a, '042917', emailCode, { service: 'sync' });
    const mail = await only(a.email);
    const uid = a.uid.toString('hex');
    const link = `${CS}/v1/verify_email?uid=${uid}&code=${emailCode.toString('hex')}&service=sync`;

    assertWellFormed(mail, 'en');
    assert.equal(mail.subject, 'Your Firefox Account confirmation code');
    assert.equal(mail.headers['x-verify-short-code'], '042917');
    assert.equal(mail.headers['x-verify-code'], emailCode.toString('hex'));
    assert.equal(mail.headers['x-uid'], uid);
    assert.equal(mail.headers['x-link'], link);
    assert.match(mail.text, /\n042917\n/, 'the code stands on a line of its own');
    assert.ok(mail.text.includes(link));
    assert.ok(mail.html.includes('<strong>042917</strong>'));
    assert.ok(mail.html.includes(`href="${link.replaceAll('&', '&amp;')}"`));
    assert.deepEqual(verifyLinks.at(-1), [a.email, link]);
  });

  it('is written in each bundled language', async () => {
    for (const [locale, subject] of [
      ['en-GB', 'Your Firefox Account confirmation code'],
      ['de-AT', 'Ihr Bestätigungscode für Ihr Firefox-Konto'],
      ['fr-FR', 'Votre code de confirmation pour votre compte Firefox'],
      ['es-ES', 'Tu código de confirmación de la cuenta de Firefox'],
    ] as const) {
      const a = account(locale);
      mailer.sendVerifyShortCode(a, '123456', randomBytes(16));
      const mail = await only(a.email);
      assert.equal(mail.subject, subject);
      assert.ok(mail.text.includes('123456') && mail.text.includes(a.email));
    }
  });
});

describe('password reset code mail', () => {
  it('links with the token seed, the code and the address', async () => {
    const a = account();
    const token = randomBytes(32);
    const code = randomBytes(16);
    mailer.sendRecoveryCode(a, token, code, { service: 'sync', redirectTo: `${CS}/done` });
    const mail = await only(a.email);
    const link =
      `${CS}/v1/complete_reset_password?token=${token.toString('hex')}` +
      `&code=${code.toString('hex')}&email=${encodeURIComponent(a.email)}` +
      `&service=sync&redirectTo=${encodeURIComponent(`${CS}/done`)}`;

    assertWellFormed(mail, 'en');
    assert.equal(mail.subject, 'Reset your Firefox Account password');
    assert.equal(mail.headers['x-link'], link);
    assert.equal(mail.headers['x-recovery-code'], code.toString('hex'));
    assert.equal(mail.headers['x-service-id'], 'sync');
    assert.equal(mail.headers['x-verify-code'], undefined);
    assert.ok(mail.text.includes(link));
    assert.ok(mail.html.includes(code.toString('hex')));
    assert.ok(mail.html.includes(token.toString('hex')));
  });
});

describe('notices', () => {
  it('password changed links to the reset page and escapes the address', async () => {
    const a = account(null, "o'brien&co+");
    mailer.sendPasswordChanged(a);
    const mail = await only(a.email);
    assertWellFormed(mail, 'en');
    assert.equal(mail.subject, 'Your Firefox Account password has been changed');
    assert.equal(mail.headers['x-link'], `${CS}/reset_password?email=${query(a.email)}`);
    assert.ok(mail.text.includes(a.email));
    assert.ok(mail.html.includes(a.email.replace('&', '&amp;').replace("'", '&#39;')));
    assert.ok(!mail.html.includes("o'brien&co"));
  });

  it('password reset links to the reset page', async () => {
    const a = account();
    mailer.sendPasswordReset(a);
    const mail = await only(a.email);
    assertWellFormed(mail, 'en');
    assert.equal(mail.subject, 'Your Firefox Account password has been reset');
    assert.equal(mail.headers['x-link'], `${CS}/reset_password?email=${query(a.email)}`);
  });

  it('post-verify links to the Sync page', async () => {
    const a = account();
    mailer.sendPostVerify(a);
    const mail = await only(a.email);
    assertWellFormed(mail, 'en');
    assert.equal(mail.subject, 'Firefox Account Verified');
    assert.equal(mail.headers['x-link'], SYNC);
    assert.ok(mail.text.includes(SYNC));
  });
});

describe('sign-in unblock mail', () => {
  it('shows the code in both bodies and links to the report page, in every language', async () => {
    for (const [locale, lang] of [
      [null, 'en'],
      ['de', 'de'],
      ['fr', 'fr'],
      ['es', 'es'],
    ] as const) {
      const a = account(locale);
      mailer.sendUnblockCode(a, 'AB12CD34');
      const mail = await only(a.email);
      assertWellFormed(mail, lang);
      const uid = a.uid.toString('hex');
      const link = `${CS}/report_signin?uid=${uid}&unblockCode=AB12CD34`;
      assert.equal(mail.headers['x-unblock-code'], 'AB12CD34');
      assert.equal(mail.headers['x-link'], link);
      assert.ok(mail.text.includes('\nAB12CD34\n'), 'the code stands on its own line');
      assert.ok(mail.html.includes('<p>AB12CD34</p>'));
      assert.ok(mail.text.includes(a.email));
      assert.ok(!mail.text.includes('{code}') && !mail.text.includes('{email}'));
    }
  });
});

describe('language', () => {
  it('writes in the language the account asked for', async () => {
    const a = account('de-DE,de;q=0.9,en;q=0.5');
    mailer.sendVerifyCode(a, randomBytes(16));
    const mail = await only(a.email);
    assertWellFormed(mail, 'de');
    assert.equal(mail.subject, 'Bestätigen Sie Ihr Firefox-Konto');
    assert.match(mail.text, /E-Mail-Adresse bestätigen/);
  });

  it('uses each bundled language for every intent', async () => {
    for (const [locale, subject] of [
      ['fr-CA', 'Compte Firefox vérifié'],
      ['es-MX', 'Cuenta de Firefox verificada'],
    ] as const) {
      const a = account(locale);
      mailer.sendPostVerify(a);
      const mail = await only(a.email);
      assert.equal(mail.subject, subject);
    }
  });

  it('falls back to English for a language it does not have', async () => {
    const a = account('pt-BR,ja');
    mailer.sendPasswordReset(a);
    const mail = await only(a.email);
    assertWellFormed(mail, 'en');
    assert.equal(mail.subject, 'Your Firefox Account password has been reset');
  });
});

const query = (email: string): string => new URLSearchParams({ email }).toString().slice(6);
