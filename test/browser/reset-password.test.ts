// A forgotten password in a real Chromium, both ways the mail offers: the
// code typed into the tab that asked, and the link opened from the mail.
// Either way the person is warned before committing, ends signed in, kB is
// new (data under the old one is lost) and every old session is gone.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { randomBytes } from 'node:crypto';
import {
  ERRNO,
  FIREFOX_CLIENT_ID,
  FxaClient,
  OLDSYNC_SCOPE,
  generateKeysJwk,
} from '../../src/client/index.js';
import { Client } from '../client/client.js';
import { newPkce } from '../client/oauth.js';
import { heading, noChromium, useStage } from './chromium.js';
import { playFirefox, recorded } from './fake-firefox.js';
import { PASSWORD, errnoOf, newAccount, readKB, resetMail, tabSession } from './account-steps.js';

const NEW_PASSWORD = 'remembered at last, for now';
const WARNING = 'Resetting your password makes data encrypted with your old password unreadable';

/** New password twice, the warning acknowledged; ends signed in on the settings. */
async function chooseNewPassword(page: Page, email: string): Promise<void> {
  await heading(page, 'Choose a new password');
  await page.getByText(`For ${email}.`).waitFor();
  await page.getByText(WARNING, { exact: false }).waitFor();
  await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel('Repeat new password').fill(NEW_PASSWORD);
  // Not without saying so: the box that says the old data is lost.
  await page.getByRole('button', { name: 'Reset password' }).click();
  await page.getByText('Tick the box to confirm you understand.').waitFor();
  await page.getByLabel('I understand that data encrypted with my old password is lost.').check();
  await page.getByRole('button', { name: 'Reset password' }).click();
  await heading(page, 'Account settings');
}

/** kB changed, the old password and the old session fail, the tab's session works. */
async function assertReset(page: Page, origin: string, email: string, old: Old): Promise<void> {
  const fxa = new FxaClient(origin);
  assert.notEqual(await readKB(origin, email, NEW_PASSWORD), old.kB, 'a reset draws a new kB');
  assert.equal(await errnoOf(fxa.signIn(email, PASSWORD)), ERRNO.INCORRECT_PASSWORD);
  assert.equal(await errnoOf(fxa.sessionStatus(old.sessionToken)), ERRNO.INVALID_TOKEN);
  const { sessionToken } = await tabSession(page);
  assert.equal((await fxa.sessionStatus(sessionToken)).state, 'verified');
}

interface Old {
  kB: string;
  /** A device still signed in with the old password. */
  sessionToken: string;
}

async function accountWithDevice(origin: string): Promise<{ email: string; old: Old }> {
  const { email, kB } = await newAccount(origin);
  const device = await Client.login(origin, email, PASSWORD);
  return { email, old: { kB, sessionToken: device.sessionToken } };
}

describe('resetting a forgotten password', { skip: noChromium }, () => {
  // Several reset mails per address are more than customs allows in 15 minutes.
  const stage = useStage({ customs: { enabled: false } });
  const origin = () => stage().server.origin;

  it('by the mailed code, from "Forgot password?" on the sign-in page', async () => {
    const { email, old } = await accountWithDevice(origin());
    const { page } = await stage().open({ path: '/' });
    await heading(page, 'Enter your email');
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Continue' }).click();
    await heading(page, 'Enter your password');
    await page.getByRole('link', { name: 'Forgot password?' }).click();

    await heading(page, 'Reset your password');
    await page.getByText(WARNING, { exact: false }).waitFor();
    assert.equal(await page.getByLabel('Email').inputValue(), email, 'the address comes along');
    await page.getByRole('button', { name: 'Send reset code' }).click();
    await heading(page, 'Check your email');
    const { code, shown } = await resetMail(stage().mailbox, email);
    assert.equal(shown.replaceAll(' ', ''), code, 'the mail shows the code to type');

    const wrong = code.replace(/^./, (c) => (c === '0' ? '1' : '0'));
    await page.getByLabel('Reset code').fill(wrong);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByText('That code is wrong. Tries left: 2.').waitFor();

    // Typed as the mail shows it, spaces and all.
    await page.getByLabel('Reset code').fill(shown);
    await page.getByRole('button', { name: 'Continue' }).click();
    await chooseNewPassword(page, email);
    await assertReset(page, origin(), email, old);
  });

  it('by the mailed code with the address typed in another case than the account’s', async () => {
    const { email, old } = await accountWithDevice(origin());
    // Stored as alice-…@example.com, typed as Alice-…@Example.com.
    const typed = email.replace(/^./, (c) => c.toUpperCase()).replace('@example', '@Example');
    assert.notEqual(typed, email);
    const { page } = await stage().open({
      path: `/reset_password?email=${encodeURIComponent(typed)}`,
    });
    await heading(page, 'Reset your password');
    await page.getByRole('button', { name: 'Send reset code' }).click();
    await heading(page, 'Check your email');
    const { shown } = await resetMail(stage().mailbox, email);
    await page.getByLabel('Reset code').fill(shown);
    await page.getByRole('button', { name: 'Continue' }).click();
    // The account's own spelling from here on: the new password is salted with it.
    await chooseNewPassword(page, email);
    await assertReset(page, origin(), email, old);
    const fxa = new FxaClient(origin());
    const again = await fxa.signIn(typed, NEW_PASSWORD);
    assert.equal(again.email, email, 'the new password works, typed either way');
  });

  it('by the mailed link, with token and code gone from the address bar', async () => {
    const { email, old } = await accountWithDevice(origin());
    await new FxaClient(origin()).passwordForgotSendCode(email);
    const { link, code } = await resetMail(stage().mailbox, email);
    assert.match(link, /\/v1\/complete_reset_password\?/);

    const { page } = await stage().open();
    await page.goto(link);
    await heading(page, 'Choose a new password');
    const url = new URL(page.url());
    assert.equal(url.pathname, '/complete_reset_password');
    assert.equal(url.searchParams.get('email'), email);
    assert.ok(!page.url().includes(code), 'the code left the URL');
    assert.equal(url.searchParams.get('token'), null, 'the token left the URL');

    await chooseNewPassword(page, email);
    await assertReset(page, origin(), email, old);

    // The link is spent: opened again, it says so before asking for anything.
    const again = await stage().open();
    await again.page.goto(link);
    await again.page.getByText('This reset has expired or was already used.').waitFor();
  });

  it('from Firefox’s sign-in, leads back into it to sign Firefox in with the new password', async () => {
    const { email, old } = await accountWithDevice(origin());
    const { context, page } = await stage().open();
    const { keysJwk } = await generateKeysJwk();
    const flow = {
      client_id: FIREFOX_CLIENT_ID,
      scope: `${OLDSYNC_SCOPE} profile`,
      state: randomBytes(16).toString('base64url'),
      code_challenge: newPkce().challenge,
      code_challenge_method: 'S256' as const,
      keys_jwk: keysJwk,
    };
    await playFirefox(context, {
      version: 153,
      flow: { ...flow, access_type: 'offline', action: 'email', response_type: 'code' },
    });
    await page.goto(`${origin()}/?context=oauth_webchannel_v1&entrypoint=preferences&service=sync`);
    await heading(page, 'Enter your email');
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Continue' }).click();
    await heading(page, 'Enter your password');
    await page.getByRole('link', { name: 'Forgot password?' }).click();

    await heading(page, 'Reset your password');
    await page.getByRole('button', { name: 'Send reset code' }).click();
    await heading(page, 'Check your email');
    const { shown } = await resetMail(stage().mailbox, email);
    await page.getByLabel('Reset code').fill(shown);
    await page.getByRole('button', { name: 'Continue' }).click();
    await heading(page, 'Choose a new password');
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('Repeat new password').fill(NEW_PASSWORD);
    await page.getByLabel('I understand that data encrypted with my old password is lost.').check();
    await page.getByRole('button', { name: 'Reset password' }).click();

    // Back in Firefox's flow, for this address only, with Firefox's query kept.
    await heading(page, 'Enter your password');
    const url = new URL(page.url());
    assert.deepEqual(
      [url.pathname, url.searchParams.get('context'), url.searchParams.get('email')],
      ['/force_auth', 'oauth_webchannel_v1', email],
    );
    await page.getByLabel('Password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await heading(page, 'Choose what to sync');
    await page.getByRole('button', { name: 'Start syncing' }).click();
    await heading(page, 'You are signed in');
    const login = (await recorded(page)).find((m) => m.command === 'fxaccounts:login');
    assert.equal(login?.data.email, email);
    const fxa = new FxaClient(origin());
    assert.equal((await fxa.sessionStatus(String(login?.data.sessionToken))).state, 'verified');
    assert.equal(await errnoOf(fxa.sessionStatus(old.sessionToken)), ERRNO.INVALID_TOKEN);
  });
});
