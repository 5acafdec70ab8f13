// What a person does around the account pages, one function per step:
// signing in (to reach the settings), and what the reset mail carries.
// Accounts are made with the client library, preverified, so a story
// starts at the page it is about.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { FxaClient } from '../../src/client/index.js';
import type { Mailbox } from '../helpers/mailbox.js';
import { PASSWORD, randomEmail } from '../remote/support.js';
import { heading } from './chromium.js';

export { PASSWORD };

/** A verified account, and kB as a client that knows the password reads it. */
export async function newAccount(origin: string): Promise<{ email: string; kB: string }> {
  const email = randomEmail('web');
  const fxa = new FxaClient(origin);
  await fxa.signUp(email, PASSWORD, { preVerified: true });
  return { email, kB: await readKB(origin, email, PASSWORD) };
}

/** kB, by signing in with keys the way Firefox does; the session is signed out after. */
export async function readKB(origin: string, email: string, password: string): Promise<string> {
  const fxa = new FxaClient(origin);
  const s = await fxa.signIn(email, password, { keys: true });
  const { kB } = await fxa.accountKeys(s.keyFetchToken ?? '', s.unwrapBKey);
  await fxa.sessionDestroy(s.sessionToken);
  return kB;
}

/**
 * Email, then password, on the sign-in page the tab is on; ends on the
 * settings, whose heading has the focus unless the page moves it on
 * (`landsElsewhere`, as /settings/clients does).
 */
export async function signIn(
  page: Page,
  email: string,
  opts: { landsElsewhere?: boolean } = {},
): Promise<void> {
  const password = PASSWORD;
  await heading(page, 'Enter your email');
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Continue' }).click();
  await heading(page, 'Enter your password');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  if (opts.landsElsewhere) await page.getByRole('heading', { name: 'Account settings' }).waitFor();
  else await heading(page, 'Account settings');
}

/** The session the tab keeps, as the pages stored it. */
export async function tabSession(page: Page): Promise<{ uid: string; sessionToken: string }> {
  const text = await page.evaluate(() => sessionStorage.getItem('fxa:session'));
  assert.ok(text, 'the tab holds a session');
  return JSON.parse(text) as { uid: string; sessionToken: string };
}

/**
 * The latest password-reset mail to `email`: its code as the reader sees it
 * in the text (groups of four), the same code from its header, and its link.
 */
export async function resetMail(
  mailbox: Mailbox,
  email: string,
  count = 1,
): Promise<{ shown: string; code: string; link: string }> {
  const mails = await mailbox.waitFor(email, {
    count,
    match: (m) => m.headers['x-recovery-code'] !== undefined,
  });
  const last = mails[mails.length - 1]!;
  const shown = /^(?:[0-9a-f]{4} ){7}[0-9a-f]{4}$/m.exec(last.text)?.[0] ?? '';
  return {
    shown,
    code: last.headers['x-recovery-code'] ?? '',
    link: last.headers['x-link'] ?? '',
  };
}

/** The errno a client-library call fails with; fails the test when the call succeeds. */
export async function errnoOf(call: Promise<unknown>): Promise<number> {
  try {
    await call;
  } catch (err) {
    return (err as { errno?: number }).errno ?? -1;
  }
  assert.fail('the call was expected to fail');
}
