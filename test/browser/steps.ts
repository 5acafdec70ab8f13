// What a person does on the sign-in pages, one function per step, so the
// stories read as what the user does and sees.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { FxaClient } from '../../src/client/index.js';
import { heading, onStep } from './chromium.js';

export async function enterEmail(page: Page, email: string): Promise<void> {
  await heading(page, 'Enter your email');
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Continue' }).click();
}

export async function createPassword(page: Page, password: string): Promise<void> {
  await onStep(page, 'Create a password');
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByLabel('Repeat password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
}

export async function enterPassword(page: Page, password: string): Promise<void> {
  await onStep(page, 'Enter your password');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export async function enterCode(page: Page, code: string): Promise<void> {
  await onStep(page, 'Enter the confirmation code');
  await page.getByLabel('Confirmation code').fill(code);
  await page.getByRole('button', { name: 'Confirm' }).click();
}

/** What the tab keeps in sessionStorage, as the pages stored it. */
export async function storedSession(page: Page): Promise<{ uid: string; sessionToken: string }> {
  const text = await page.evaluate(() => sessionStorage.getItem('fxa:session'));
  assert.ok(text, 'the tab holds a session');
  return JSON.parse(text) as { uid: string; sessionToken: string };
}

/** The end of a sign-in outside Firefox: the settings page, with a verified session. */
export async function assertSignedIn(page: Page, origin: string, email: string, password: string) {
  await page.waitForURL(`${origin}/settings`);
  await heading(page, 'Account settings');
  await page.getByText(email, { exact: true }).waitFor();
  const { sessionToken } = await storedSession(page);
  const fxa = new FxaClient(origin);
  assert.deepEqual(await fxa.recoveryEmailStatus(sessionToken), { email, verified: true });
  assert.equal((await fxa.sessionStatus(sessionToken)).state, 'verified');
  // The password stays on the page: neither storage nor the URL holds it or a token.
  const stored = await page.evaluate(() => JSON.stringify({ ...sessionStorage, ...localStorage }));
  assert.ok(!stored.includes(password), 'the password is not stored');
  assert.ok(!/unwrapBKey|keyFetchToken/.test(stored), 'no key material outside Firefox');
  assert.ok(!page.url().includes(sessionToken), 'no token in the URL');
}
