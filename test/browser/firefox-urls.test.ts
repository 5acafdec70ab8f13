// The other addresses Firefox opens (firefox.md §2.1) each land on a page
// that makes sense here: the email-first sign-in with the query kept, a
// re-authentication for one fixed address, help for another device, a
// plain "not supported" for pairing, and the settings.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { heading, noChromium, useStage } from './chromium.js';
import { newAccount, signIn } from './account-steps.js';
import { PASSWORD } from '../remote/support.js';

describe("Firefox's other addresses", { skip: noChromium }, () => {
  const stage = useStage();
  const origin = () => stage().server.origin;

  it('/signin and /signup start the email-first flow, keeping the query', async () => {
    for (const path of ['/signin', '/signup']) {
      const query = '?service=sync&email=someone%40example.com';
      const { page } = await stage().open({ path: `${path}${query}` });
      await heading(page, 'Enter your email');
      assert.equal(await page.getByLabel('Email').inputValue(), 'someone@example.com', path);
      assert.equal(new URL(page.url()).search, query, path);
    }
  });

  it('/force_auth asks for the password of the given address, which cannot be changed', async () => {
    const { email } = await newAccount(origin());
    const { page } = await stage().open({
      path: `/force_auth?email=${encodeURIComponent(email)}`,
    });
    await heading(page, 'Enter your password');
    await page.getByText(`Signing in as ${email}`).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Use a different email' }).count(), 0);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await heading(page, 'Account settings');
  });

  it('/connect_another_device explains signing in on the other device', async () => {
    const { page } = await stage().open({ path: '/connect_another_device?service=sync&v=3' });
    await heading(page, 'Sign in on another device');
    await page
      .getByText(`${origin()}/.well-known/fxa-client-configuration`, { exact: false })
      .waitFor();
  });

  it('/pair and /oauth say plainly that pairing is not supported', async () => {
    for (const path of ['/pair', '/oauth']) {
      const { page } = await stage().open({ path });
      await heading(page, 'Pairing is not supported');
      await page.getByText('This server does not support pairing', { exact: false }).waitFor();
    }
  });

  it('/post_verify/third_party_auth/set_password goes to the settings', async () => {
    const { email } = await newAccount(origin());
    const { page } = await stage().open({ path: '/' });
    await signIn(page, email);
    await page.goto(`${origin()}/post_verify/third_party_auth/set_password`);
    await page.waitForURL(`${origin()}/settings`);
    await heading(page, 'Account settings');
  });
});
