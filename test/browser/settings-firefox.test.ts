// The settings opened by Firefox (Chromium plays Firefox's side of the
// WebChannel, fake-firefox.ts): the page works with the session Firefox
// holds, and tells Firefox what it changed, in the shapes of firefox.md
// §2.3, after the server has done it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { ERRNO, FxaClient, type SessionInfo } from '../../src/client/index.js';
import { PASSWORD, errnoOf, newAccount, signIn } from './account-steps.js';
import { heading, noChromium, useStage } from './chromium.js';
import { playFirefox, recorded, type Recorded } from './fake-firefox.js';

const NEW_PASSWORD = 'changed from inside Firefox';

describe('the settings page opened by Firefox', { skip: noChromium }, () => {
  const stage = useStage();
  const origin = () => stage().server.origin;

  /** An account Firefox is signed in to, and its settings opened as Firefox opens them. */
  async function openFromFirefox(): Promise<{ page: Page; firefox: SessionInfo; email: string }> {
    const { email } = await newAccount(origin());
    const firefox = await new FxaClient(origin()).signIn(email, PASSWORD);
    const { context, page }: { context: BrowserContext; page: Page } = await stage().open();
    const { uid, sessionToken } = firefox;
    await playFirefox(context, {
      version: 153,
      signedInUser: { email, uid, sessionToken, verified: true },
    });
    await page.goto(`${origin()}/settings?${new URLSearchParams({ uid, email }).toString()}`);
    // No sign-in asked: the tab had no session, Firefox's is used.
    await heading(page, 'Account settings');
    await page.getByText(email, { exact: true }).waitFor();
    return { page, firefox, email };
  }

  async function sent(page: Page, command: string): Promise<Recorded> {
    await page.waitForFunction(
      (name) =>
        (window as unknown as { __webchannel: { command: string }[] }).__webchannel.some(
          (m) => m.command === name,
        ),
      command,
    );
    const found = (await recorded(page)).find((m) => m.command === command);
    assert.ok(found?.stringDetail, `${command} went out as a string`);
    return found;
  }

  it('hands Firefox the new session after a password change', async () => {
    const { page, firefox, email } = await openFromFirefox();
    await page.getByLabel('Current password').fill(PASSWORD);
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('Repeat new password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Your password is changed.', { exact: false }).waitFor();

    const { data } = await sent(page, 'fxaccounts:change_password');
    assert.deepEqual([data.email, data.uid, data.verified], [email, firefox.uid, true]);
    const fxa = new FxaClient(origin());
    // Firefox's old session ended with the change; the one it was handed works.
    assert.equal(await errnoOf(fxa.sessionStatus(firefox.sessionToken)), ERRNO.INVALID_TOKEN);
    assert.equal((await fxa.sessionStatus(String(data.sessionToken))).uid, firefox.uid);
  });

  it('signs Firefox out with fxaccounts:logout after ending the session', async () => {
    const { page, firefox } = await openFromFirefox();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await heading(page, 'Enter your email');
    assert.deepEqual((await sent(page, 'fxaccounts:logout')).data, { uid: firefox.uid });
    const fxa = new FxaClient(origin());
    assert.equal(await errnoOf(fxa.sessionStatus(firefox.sessionToken)), ERRNO.INVALID_TOKEN);
  });

  it('leaves Firefox signed in when the tab signed in by itself, even as the same account', async () => {
    const { email } = await newAccount(origin());
    const firefox = await new FxaClient(origin()).signIn(email, PASSWORD);
    const { context, page } = await stage().open();
    await playFirefox(context, {
      version: 153,
      signedInUser: { email, uid: firefox.uid, sessionToken: firefox.sessionToken, verified: true },
    });
    await page.goto(`${origin()}/`);
    await signIn(page, email);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await heading(page, 'Enter your email');
    const commands = (await recorded(page)).map((m) => m.command);
    assert.ok(!commands.includes('fxaccounts:logout'), commands.join(' '));
    const status = await new FxaClient(origin()).sessionStatus(firefox.sessionToken);
    assert.equal(status.uid, firefox.uid, "Firefox's own session still works");
  });

  it('signs Firefox out from the signed-in page too', async () => {
    const { page, firefox } = await openFromFirefox();
    await page.goto(`${origin()}/signed_in`);
    await heading(page, 'You are signed in');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await heading(page, 'Enter your email');
    assert.deepEqual((await sent(page, 'fxaccounts:logout')).data, { uid: firefox.uid });
    const fxa = new FxaClient(origin());
    assert.equal(await errnoOf(fxa.sessionStatus(firefox.sessionToken)), ERRNO.INVALID_TOKEN);
  });

  it('tells Firefox with fxaccounts:delete once the account is deleted', async () => {
    const { page, firefox, email } = await openFromFirefox();
    await page.getByRole('button', { name: 'Delete my account…' }).click();
    await page.getByLabel('Your password, to confirm').fill(PASSWORD);
    await page.getByRole('button', { name: 'Delete account permanently' }).click();
    await heading(page, 'Your account is deleted');
    assert.deepEqual((await sent(page, 'fxaccounts:delete')).data, { uid: firefox.uid });
    assert.equal((await new FxaClient(origin()).accountStatus(email)).exists, false);
  });
});
