// The account pages in real Firefox ESR (firefox.md §2.1, §2.3). Firefox,
// signed in through the pages, opens its own "Manage account" address in
// a fresh tab; the page works with the session Firefox holds (fxa_status),
// a password change there hands Firefox the new session (change_password),
// which it stores and keeps using, and signing out there signs Firefox out.
// And a password forgotten during Firefox's sign-in is reset on the way,
// after which the same sign-in goes on with the new password.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'puppeteer-core';
import { ERRNO, FxaClient } from '../../src/client/index.js';
import { Client } from '../client/client.js';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { Mailbox } from '../helpers/mailbox.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { PASSWORD, randomEmail } from '../remote/support.js';
import { ESR140, ESR153, poll, requireBuild, skipUnless, withFirefox } from './firefox.js';
import { errnoOf, resetMail } from './account-steps.js';
import { bodyText, fill, press, signInThroughPages, waitForHeading } from './signin-pages.js';

const NEW_PASSWORD = 'changed where Firefox sent me';

let db: TestDatabase;
let server: TestServer;

before(async () => {
  db = await createTestDatabase('sqlite');
  server = await startTestServer({ databaseUrl: db.url });
});

after(async () => {
  await server?.stop();
  await db?.drop();
});

for (const build of [ESR153, ESR140]) {
  describe(`Firefox ${build.label} manages its account`, { skip: skipUnless(build) }, () => {
    before(() => requireBuild(build));

    it('changes the password and signs out on the settings page', async () => {
      const email = randomEmail('firefox-settings');
      await Client.create(server.origin, email, PASSWORD, { preVerified: true });
      const mailbox = new Mailbox(server.mailSinkUrl);
      await withFirefox(build, server.publicUrl, async (ff) => {
        const signin = await ff.startSignIn();
        await signInThroughPages(signin.page, mailbox, email, PASSWORD);
        const before = await ff.waitForSignedInUser(
          (u) => u.accountData.verified === true && u.accountData.device?.id !== undefined,
        );

        // Firefox's own link to the settings, opened as its menu opens it.
        const href = await ff.evalChrome<string>(
          'return await FxAccounts.config.promiseManageURI("preferences");',
        );
        assert.equal(new URL(href).origin, server.publicUrl);
        // ESR 140's BiDi cannot open a tab here (browsingContext.create fails
        // in its TabManager), so there the sign-in tab is reused, emptied of
        // the session the pages kept: what the page shows must be Firefox's.
        let page = signin.page;
        if (build === ESR140) await page.evaluate(() => sessionStorage.clear());
        else page = await ff.browser.newPage();
        await page.goto(href, { waitUntil: 'domcontentloaded' });
        // No sign-in asked in the new tab: the session is Firefox's.
        await waitForHeading(page, 'Account settings');

        await fill(page, 'Current password', PASSWORD);
        await fill(page, 'New password', NEW_PASSWORD);
        await fill(page, 'Repeat new password', NEW_PASSWORD);
        await press(page, 'Change password');
        const stored = await ff.waitForSignedInUser(
          (u) =>
            u.accountData.sessionToken !== undefined &&
            u.accountData.sessionToken !== before.accountData.sessionToken,
        );
        // Firefox stores the new session before it answers; the page says so after.
        await poll(
          async () => (/Your password is changed\./.test(await bodyText(page)) ? true : undefined),
          30_000,
          () => 'the page never confirmed the password change',
        );
        const fxa = new FxaClient(server.origin);
        const old = before.accountData.sessionToken ?? '';
        assert.equal(await errnoOf(fxa.sessionStatus(old)), ERRNO.INVALID_TOKEN);
        const renewed = stored.accountData.sessionToken ?? '';
        assert.equal((await fxa.sessionStatus(renewed)).state, 'verified');
        assert.equal(stored.accountData.uid, before.accountData.uid);
        assert.match(ff.log(), /FxAccountsWebChannel message received: fxaccounts:change_password/);

        await press(page, 'Sign out');
        await waitForHeading(page, 'Enter your email');
        // Firefox writes null into signedInUser.json when it signs out.
        await poll(
          async () => ((await ff.signedInUser())?.accountData ? undefined : true),
          30_000,
          () => 'Firefox kept the account after fxaccounts:logout',
        );
        assert.equal(await errnoOf(fxa.sessionStatus(renewed)), ERRNO.INVALID_TOKEN);
      });
    });

    it('resets a forgotten password from its sign-in, then signs in with the new one', async () => {
      const email = randomEmail('firefox-reset');
      await Client.create(server.origin, email, PASSWORD, { preVerified: true });
      const mailbox = new Mailbox(server.mailSinkUrl);
      await withFirefox(build, server.publicUrl, async (ff) => {
        const { page } = await ff.startSignIn();
        await waitForHeading(page, 'Enter your email');
        await fill(page, 'Email', email);
        await press(page, 'Continue');
        await waitForHeading(page, 'Enter your password');
        await clickText(page, 'a', 'Forgot password?');

        await waitForHeading(page, 'Reset your password');
        await press(page, 'Send reset code');
        await waitForHeading(page, 'Check your email');
        const { shown } = await resetMail(mailbox, email);
        await fill(page, 'Reset code', shown);
        await press(page, 'Continue');
        await waitForHeading(page, 'Choose a new password');
        await fill(page, 'New password', NEW_PASSWORD);
        await fill(page, 'Repeat new password', NEW_PASSWORD);
        await clickText(
          page,
          'label',
          'I understand that data encrypted with my old password is lost.',
        );
        await press(page, 'Reset password');

        // Back in Firefox's own flow, for this address, with the new password.
        await waitForHeading(page, 'Enter your password');
        await fill(page, 'Password', NEW_PASSWORD);
        await press(page, 'Sign in');
        await waitForHeading(page, 'Choose what to sync');
        await press(page, 'Start syncing');
        await waitForHeading(page, 'You are signed in');
        const user = await ff.waitForSignedInUser(
          (u) => u.accountData.verified === true && u.accountData.email === email,
        );
        const fxa = new FxaClient(server.origin);
        assert.equal(
          (await fxa.sessionStatus(user.accountData.sessionToken ?? '')).state,
          'verified',
        );
      });
    });
  });
}

/** Clicks the `tag` element whose text is `text` (puppeteer's own waits are blocked by the CSP). */
async function clickText(page: Page, tag: string, text: string): Promise<void> {
  const found = await poll(
    async () =>
      ((await page.evaluate(
        `(() => { const el = [...document.querySelectorAll(${JSON.stringify(tag)})]
           .find((e) => e.textContent.trim() === ${JSON.stringify(text)});
           if (!el) return false; el.click(); return true; })()`,
      )) as boolean)
        ? true
        : undefined,
    20_000,
    () => `no ${tag} "${text}" on the page`,
    100,
  );
  assert.ok(found);
}
