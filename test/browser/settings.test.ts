// The account settings in a real Chromium: each story signs in on the page,
// does one thing in /settings, and then checks through the client library
// that the server really did it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ERRNO, FxaClient } from '../../src/client/index.js';
import { Client } from '../client/client.js';
import { registerDevice } from '../client/devices.js';
import { heading, noChromium, useStage } from './chromium.js';
import { PASSWORD, errnoOf, newAccount, readKB, signIn, tabSession } from './account-steps.js';

const NEW_PASSWORD = 'a much longer passphrase';

describe('the settings page', { skip: noChromium }, () => {
  const stage = useStage();
  const origin = () => stage().server.origin;

  it('changes the password, keeping kB, and the old password stops working', async () => {
    const { email, kB } = await newAccount(origin());
    const { page } = await stage().open({ path: '/settings' });
    await signIn(page, email);
    const before = await tabSession(page);

    await page.getByLabel('Current password').fill('not the password');
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('Repeat new password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Incorrect password.').waitFor();
    assert.equal(await page.getByLabel('Current password').getAttribute('aria-invalid'), 'true');

    await page.getByLabel('Current password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Your password is changed.', { exact: false }).waitFor();

    // The change ended the old session; the tab holds the new one, which works.
    const after = await tabSession(page);
    assert.notEqual(after.sessionToken, before.sessionToken);
    const fxa = new FxaClient(origin());
    assert.equal(await errnoOf(fxa.sessionStatus(before.sessionToken)), ERRNO.INVALID_TOKEN);
    assert.equal((await fxa.sessionStatus(after.sessionToken)).uid, before.uid);
    assert.equal(await readKB(origin(), email, NEW_PASSWORD), kB, 'kB survives a change');
    assert.equal(await errnoOf(fxa.signIn(email, PASSWORD)), ERRNO.INCORRECT_PASSWORD);
  });

  it('disconnects another device, lands on the list from /settings/clients', async () => {
    const { email } = await newAccount(origin());
    const laptop = await Client.login(origin(), email, PASSWORD);
    const device = await registerDevice(laptop, { name: 'Work laptop', type: 'desktop' });

    // Without a session the tab signs in first, then comes back to the list.
    const { page } = await stage().open({ path: '/settings/clients' });
    await signIn(page, email, { landsElsewhere: true });
    await page.waitForURL(`${origin()}/settings/clients`);
    await page.waitForFunction(() => document.activeElement?.textContent === 'Devices and apps');

    const list = page.getByRole('list');
    await list.getByText('Work laptop').waitFor();
    const own = page.getByRole('listitem').filter({ hasText: 'This session' });
    assert.equal(await own.count(), 1, 'the current session is marked');
    assert.equal(await own.getByRole('button').count(), 0, 'and cannot be disconnected here');

    await page.getByRole('button', { name: 'Disconnect Work laptop' }).click();
    await page.getByText('Work laptop is disconnected.').waitFor();
    assert.equal(await list.getByText('Work laptop').count(), 0);

    const { sessionToken } = await tabSession(page);
    const devices = await new FxaClient(origin()).devices(sessionToken);
    assert.ok(!devices.some((d) => d.id === device.id), 'the device is gone');
    assert.equal(await errnoOf(laptop.fxa.sessionStatus(laptop.sessionToken)), ERRNO.INVALID_TOKEN);
  });

  it('signs out: the session token no longer works and the tab forgets it', async () => {
    const { email } = await newAccount(origin());
    const { page } = await stage().open({ path: '/' });
    await signIn(page, email);
    const { sessionToken } = await tabSession(page);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await heading(page, 'Enter your email');
    assert.equal(new URL(page.url()).pathname, '/');
    assert.equal(await page.evaluate(() => sessionStorage.length), 0);
    const fxa = new FxaClient(origin());
    assert.equal(await errnoOf(fxa.sessionStatus(sessionToken)), ERRNO.INVALID_TOKEN);
  });

  it('stays signed in, and says so, when signing out fails; a session already gone is signed out', async () => {
    const { email } = await newAccount(origin());
    const { page } = await stage().open({ path: '/' });
    await signIn(page, email);
    const { sessionToken } = await tabSession(page);

    await page.route('**/v1/session/destroy', (route) => route.abort('connectionrefused'));
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page
      .getByText(
        'Signing out did not work, so you are still signed in. Cannot reach the server. Check your connection and try again.',
      )
      .waitFor();
    assert.equal(new URL(page.url()).pathname, '/settings');
    assert.equal((await tabSession(page)).sessionToken, sessionToken, 'the tab keeps it');
    const fxa = new FxaClient(origin());
    assert.equal((await fxa.sessionStatus(sessionToken)).state, 'verified', 'and it still works');

    // Ended elsewhere meanwhile (110): that is signed out too.
    await page.unroute('**/v1/session/destroy');
    await fxa.sessionDestroy(sessionToken);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await heading(page, 'Enter your email');
    assert.equal(await page.evaluate(() => sessionStorage.length), 0);
  });

  it('signs out from the signed-in page only when the server agrees', async () => {
    const { email } = await newAccount(origin());
    const { page } = await stage().open({ path: '/' });
    await signIn(page, email);
    const { sessionToken } = await tabSession(page);
    await page.goto(`${origin()}/signed_in`);
    await heading(page, 'You are signed in');
    await page.route('**/v1/session/destroy', (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: JSON.stringify({ code: 503, errno: 201, error: 'Service Unavailable', message: 'x' }),
      }),
    );
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page
      .getByText('Signing out did not work, so you are still signed in.', { exact: false })
      .waitFor();
    assert.equal((await tabSession(page)).sessionToken, sessionToken);
    await page.unroute('**/v1/session/destroy');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await heading(page, 'Enter your email');
    const fxa = new FxaClient(origin());
    assert.equal(await errnoOf(fxa.sessionStatus(sessionToken)), ERRNO.INVALID_TOKEN);
  });

  it('says so when the device list cannot load, instead of spinning, and loads it on refresh', async () => {
    const { email } = await newAccount(origin());
    const { page } = await stage().open({ path: '/' });
    await page.route('**/v1/account/attached_clients', (route) => route.abort('connectionrefused'));
    await signIn(page, email);
    const section = page.locator('#clients');
    await section
      .getByText('Cannot reach the server. Check your connection and try again.')
      .waitFor();
    assert.equal(await section.getByText('Working…').count(), 0, 'no spinner left turning');

    await page.unroute('**/v1/account/attached_clients');
    await section.getByRole('button', { name: 'Refresh list' }).click();
    await section.getByText('This session').waitFor();
    assert.equal(await section.getByText('Cannot reach the server', { exact: false }).count(), 0);
  });

  it('deletes the account after a warning and the password again', async () => {
    const { email } = await newAccount(origin());
    const { page } = await stage().open({ path: '/' });
    await signIn(page, email);

    await page.getByText('Deleting your account is permanent.', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Delete my account…' }).click();
    const password = page.getByLabel('Your password, to confirm');
    await password.fill('not the password');
    await page.getByRole('button', { name: 'Delete account permanently' }).click();
    await page.getByText('Incorrect password.').waitFor();
    assert.equal((await new FxaClient(origin()).accountStatus(email)).exists, true);

    await password.fill(PASSWORD);
    await page.getByRole('button', { name: 'Delete account permanently' }).click();
    await heading(page, 'Your account is deleted');
    assert.equal((await new FxaClient(origin()).accountStatus(email)).exists, false);
    assert.equal(await page.evaluate(() => sessionStorage.length), 0);
  });

  it('saves the display name', async () => {
    const { email } = await newAccount(origin());
    const { page } = await stage().open({ path: '/' });
    await signIn(page, email);
    await page.getByLabel('Display name').fill('Ada');
    await page.getByRole('button', { name: 'Save name' }).click();
    await page.getByText('Your display name is saved.').waitFor();
    const { sessionToken } = await tabSession(page);
    const profile = await new FxaClient(origin()).accountProfile(sessionToken);
    assert.deepEqual([profile.email, profile.displayName], [email, 'Ada']);
  });

  it('keeps a name typed before the stored one arrived', async () => {
    const { email } = await newAccount(origin());
    const { page } = await stage().open({ path: '/' });
    // The profile answers late, as it does on a slow link.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/profile/v1/profile', async (route) => {
      await held;
      await route.continue();
    });
    await signIn(page, email);
    await page.getByLabel('Display name').fill('Grace');
    const answered = page.waitForResponse('**/profile/v1/profile');
    release();
    await answered;
    await page.getByRole('button', { name: 'Save name' }).click();
    await page.getByText('Your display name is saved.').waitFor();
    const { sessionToken } = await tabSession(page);
    const profile = await new FxaClient(origin()).accountProfile(sessionToken);
    assert.equal(profile.displayName, 'Grace');
  });
});
