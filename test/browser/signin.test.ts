// Stories of signing up and in on the pages, in a plain browser (no
// Firefox on the other end of the WebChannel): sign-up verified by the
// mailed code or by the mailed link opened in another tab, sign-in to
// verified and unverified accounts, and the sign-in unblock after too many
// wrong passwords.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ERRNO, FxaClient } from '../../src/client/index.js';
import { PASSWORD, randomEmail } from '../remote/support.js';
import { heading, noChromium, useStage, verificationMail } from './chromium.js';
import { assertSignedIn, createPassword, enterCode, enterEmail, enterPassword } from './steps.js';

describe('signing up and in on the pages', { skip: noChromium }, () => {
  const stage = useStage();

  it('signs up, refusing a short or mistyped password, and verifies by the mailed code', async () => {
    const { server, mailbox } = stage();
    const email = randomEmail();
    const { page } = await stage().open({ path: '/' });
    await enterEmail(page, email);
    await heading(page, 'Create a password');

    await page.getByLabel('Password', { exact: true }).fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    const short = page.getByText('Use at least 8 characters.');
    await short.waitFor();
    const field = page.getByLabel('Password', { exact: true });
    assert.equal(await field.getAttribute('aria-invalid'), 'true');
    const described = (await field.getAttribute('aria-describedby')) ?? '';
    assert.ok(described.split(' ').includes((await short.getAttribute('id')) ?? '-'));

    await field.fill(PASSWORD);
    await page.getByLabel('Repeat password').fill(`${PASSWORD}!`);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByText('The passwords do not match.').waitFor();
    assert.equal(
      await new FxaClient(server.origin).accountStatus(email).then((s) => s.exists),
      false,
    );

    await createPassword(page, PASSWORD);
    await heading(page, 'Enter the confirmation code');
    // The waiting page survives a reload: the session is in sessionStorage.
    await page.reload();
    await heading(page, 'Enter the confirmation code');
    const { code } = await verificationMail(mailbox, email);
    assert.match(code, /^\d{6}$/);
    await page.getByLabel('Confirmation code').fill('000000' === code ? '111111' : '000000');
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByText('That code is wrong or has expired.').waitFor();
    await enterCode(page, code);
    await assertSignedIn(page, server.origin, email, PASSWORD);
  });

  it('signs up and verifies by the mailed link, opened in another tab', async () => {
    const { server, mailbox } = stage();
    const email = randomEmail();
    const { context, page } = await stage().open({ path: '/signup' });
    await enterEmail(page, email);
    await createPassword(page, PASSWORD);
    await heading(page, 'Enter the confirmation code');
    const { link } = await verificationMail(mailbox, email);
    assert.ok(link.startsWith(`${server.origin}/v1/verify_email?`), link);

    const other = await context.newPage();
    await other.goto(link);
    assert.equal(new URL(other.url()).pathname, '/verify_email');
    await heading(other, 'Your email is confirmed');
    // Used, the link's uid and code leave the address bar.
    await other.waitForURL((url) => !url.searchParams.has('code') && !url.searchParams.has('uid'));
    assert.equal(new URL(other.url()).pathname, '/verify_email');
    // The first tab was polling; it carries on by itself.
    await assertSignedIn(page, server.origin, email, PASSWORD);
  });

  it('signs in to a verified account, after a wait for a Firefox that is not there', async () => {
    const { server } = stage();
    const email = randomEmail();
    await new FxaClient(server.origin).signUp(email, PASSWORD, { preVerified: true });
    // A context parameter, but nobody answers fxa_status: a plain browser.
    const { page } = await stage().open({ path: '/?context=oauth_webchannel_v1&service=sync' });
    await page.getByText('Continue to Firefox Sync').waitFor();
    await enterEmail(page, email);
    await enterPassword(page, PASSWORD);
    await assertSignedIn(page, server.origin, email, PASSWORD);
  });

  it('signs in with the address typed in another case than the account’s', async () => {
    const { server } = stage();
    const email = randomEmail('alice');
    await new FxaClient(server.origin).signUp(email, PASSWORD, { preVerified: true });
    const typed = email.replace('alice', 'Alice').replace('@example', '@Example');
    const { page } = await stage().open({ path: '/' });
    await enterEmail(page, typed);
    // The server answers 120 with the stored spelling; the page signs in with it.
    await enterPassword(page, PASSWORD);
    await assertSignedIn(page, server.origin, email, PASSWORD);
  });

  it('signs in with the keyboard alone', async () => {
    const { server } = stage();
    const email = randomEmail();
    await new FxaClient(server.origin).signUp(email, PASSWORD, { preVerified: true });
    const { page } = await stage().open({ path: '/' });
    // Each step's heading has the focus, and the field is the next stop.
    await heading(page, 'Enter your email');
    await page.keyboard.press('Tab');
    await page.keyboard.type(email);
    await page.keyboard.press('Enter');
    await heading(page, 'Enter your password');
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await assertSignedIn(page, server.origin, email, PASSWORD);
  });

  it('says so when a mailed link is wrong or used up', async () => {
    const { page } = await stage().open({
      path: `/verify_email?uid=${'0'.repeat(32)}&code=${'1'.repeat(32)}`,
    });
    await page.getByText('This link is wrong, has already been used, or has expired.').waitFor();
  });

  it('asks for the mailed code when the account is not verified yet', async () => {
    const { server, mailbox } = stage();
    const email = randomEmail();
    await new FxaClient(server.origin).signUp(email, PASSWORD);
    const { page } = await stage().open({ path: `/signin?email=${encodeURIComponent(email)}` });
    await heading(page, 'Enter your email');
    assert.equal(await page.getByLabel('Email').inputValue(), email);
    await page.getByRole('button', { name: 'Continue' }).click();
    await enterPassword(page, PASSWORD);
    // The sign-up mailed a link only; the sign-in mails a code.
    const { code } = await verificationMail(mailbox, email);
    await enterCode(page, code);
    await assertSignedIn(page, server.origin, email, PASSWORD);
  });

  it('unblocks a sign-in past the failure limit with a mailed code', async () => {
    const { server, mailbox } = stage();
    const email = randomEmail();
    await new FxaClient(server.origin).signUp(email, PASSWORD, { preVerified: true });
    const { page } = await stage().open({ path: '/' });
    await enterEmail(page, email);
    await heading(page, 'Enter your password');
    for (let i = 0; i < 3; i++) {
      await enterPassword(page, `wrong password ${i}`);
      await page.getByText('Incorrect password.').waitFor();
    }
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();

    await heading(page, 'Confirm it is you');
    await page
      .getByText(`There were too many sign-in attempts for ${email}.`, { exact: false })
      .waitFor();
    await page.getByRole('button', { name: 'Email me a code' }).click();
    await page.getByText(`We sent an unblock code to ${email}.`).waitFor();
    const [mail] = await mailbox.waitFor(email, {
      match: (m) => m.headers['x-unblock-code'] !== undefined,
    });
    const code = mail?.headers['x-unblock-code'] ?? '';
    assert.match(code, /^[0-9A-Z]{8}$/);

    await page.getByLabel('Unblock code').fill('ZZZZZZZZ');
    await page.getByRole('button', { name: 'Unblock and sign in' }).click();
    await page.getByText('That unblock code is wrong or has expired.').waitFor();
    await page.getByLabel('Unblock code').fill(code.toLowerCase());
    await page.getByRole('button', { name: 'Unblock and sign in' }).click();
    await assertSignedIn(page, server.origin, email, PASSWORD);
  });

  it('voids an unblock code from the mail’s report link, which leaves the address bar', async () => {
    const { server, mailbox } = stage();
    const email = randomEmail();
    const fxa = new FxaClient(server.origin);
    await fxa.signUp(email, PASSWORD, { preVerified: true });
    // Someone else tries passwords until the login is blocked, and asks for a code.
    for (let i = 0; i < 3; i++) await fxa.signIn(email, `guess ${i}`).catch(() => undefined);
    await assert.rejects(fxa.signIn(email, PASSWORD), { errno: ERRNO.REQUEST_BLOCKED });
    await fxa.sendUnblockCode(email);
    const [mail] = await mailbox.waitFor(email, {
      match: (m) => m.headers['x-unblock-code'] !== undefined,
    });
    const code = mail?.headers['x-unblock-code'] ?? '';
    const link = mail?.headers['x-link'] ?? '';
    assert.equal(new URL(link).pathname, '/report_signin');

    const { page } = await stage().open();
    await page.goto(link);
    await heading(page, 'Report a sign-in');
    await page
      .getByText('Thank you. That unblock code no longer works, so nobody can use it to sign in.')
      .waitFor();
    assert.ok(!page.url().includes(code), 'the code left the URL');
    assert.equal(new URL(page.url()).pathname, '/report_signin');
    await page.getByRole('link', { name: 'Reset your password' }).waitFor();
    // The code the owner reported is void: the blocked login cannot use it.
    await assert.rejects(fxa.signIn(email, PASSWORD, { unblockCode: code }), {
      errno: ERRNO.INVALID_UNBLOCK_CODE,
    });
  });

  it('sends a wrong password after a good unblock code back to the password step', async () => {
    const { server, mailbox } = stage();
    const email = randomEmail();
    await new FxaClient(server.origin).signUp(email, PASSWORD, { preVerified: true });
    const { page } = await stage().open({ path: '/' });
    await enterEmail(page, email);
    for (let i = 0; i < 4; i++) await enterPassword(page, `wrong password ${i}`);
    await heading(page, 'Confirm it is you');
    await page.getByRole('button', { name: 'Email me a code' }).click();
    const [mail] = await mailbox.waitFor(email, {
      match: (m) => m.headers['x-unblock-code'] !== undefined,
    });
    await page.getByLabel('Unblock code').fill(mail?.headers['x-unblock-code'] ?? '');
    await page.getByRole('button', { name: 'Unblock and sign in' }).click();

    // The code got past the block, the password did not: type it again.
    await heading(page, 'Enter your password');
    const field = page.getByLabel('Password');
    await page.getByText('Incorrect password.').waitFor();
    assert.equal(await field.getAttribute('aria-invalid'), 'true');
    // The code cleared the failures before it: the right password now gets through.
    await enterPassword(page, PASSWORD);
    await assertSignedIn(page, server.origin, email, PASSWORD);
  });
});
