// Notices that carry no code (issue 11, finding 9): "account verified",
// "password changed" and "password reset" can each be switched off, so a
// client that only ever reads the mail with a code sees one mail per flow.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { Api } from '../client/api.js';
import { Client } from '../client/client.js';
import { forgotPassword, resetPassword, verifyRecoveryCode } from '../client/recovery.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { Mailbox } from '../helpers/mailbox.js';
import type { TestServer } from '../helpers/server.js';
import { PASSWORD, randomEmail, useServer } from './support.js';

/** Signs up, verifies, changes the password and resets it; returns each mail's subject. */
async function everyFlow(server: TestServer): Promise<string[]> {
  const email = randomEmail();
  const mailbox = new Mailbox(server.mailSinkUrl);
  const client = await Client.create(server.origin, email, PASSWORD);
  const [verify] = await mailbox.waitFor(email);
  await client.verifyEmail(verify?.headers['x-verify-code'] ?? '');
  await client.changePassword('a second password');

  const api = new Api(server.origin);
  const forgot = await forgotPassword(api, email);
  const mails = await mailbox.waitFor(email, {
    match: (m) => m.headers['x-recovery-code'] !== undefined,
  });
  const code = mails[0]?.headers['x-recovery-code'] ?? '';
  const reset = await verifyRecoveryCode(api, forgot.passwordForgotToken, code);
  await resetPassword(api, email, reset, 'a third password');
  // Every send starts before its request answers; drain waits for delivery.
  await server.app.mailer.drain();
  return (await mailbox.messages(email)).map((m) => m.headers['x-link'] ?? '');
}

describeEachDatabase('mail notices switched off', (db) => {
  const server = useServer(db, {
    mail: { notices: { postVerify: false, passwordChanged: false, passwordReset: false } },
  });

  it('sends only the mails with a code: one per flow', async () => {
    const links = await everyFlow(server());
    assert.equal(links.length, 2, links.join('\n'));
    assert.match(links[0] ?? '', /\/v1\/verify_email\?/);
    assert.match(links[1] ?? '', /\/v1\/complete_reset_password\?/);
  });
});

describeEachDatabase('mail notices by default', (db) => {
  const server = useServer(db);

  it('follows each flow with its notice', async () => {
    const links = await everyFlow(server());
    // verify, account verified, password changed, reset code, password reset
    assert.equal(links.length, 5, links.join('\n'));
  });
});
