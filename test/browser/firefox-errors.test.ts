// When Firefox's side of the WebChannel answers with an error, or slowly
// (Chromium plays Firefox, fake-firefox.ts): the person reads what to do,
// never Firefox's own error text; a flow the page asked ESR 153 for is
// asked for again once when Firefox lost it (INVALID_STATE from
// oauth_login); and a Firefox slow to answer is still Firefox.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import {
  FIREFOX_CLIENT_ID,
  FxaClient,
  OLDSYNC_SCOPE,
  generateKeysJwk,
} from '../../src/client/index.js';
import { Api } from '../client/api.js';
import { exchangeCode, newPkce } from '../client/oauth.js';
import { PASSWORD, randomEmail } from '../remote/support.js';
import { heading, noChromium, useStage } from './chromium.js';
import { playFirefox, recorded, type FakeFirefox } from './fake-firefox.js';
import { enterEmail, enterPassword } from './steps.js';

const ENTRY = '/?context=oauth_webchannel_v1&entrypoint=preferences&action=email&service=sync';

/** A flow as Firefox holds it: what it sends the page, and its PKCE verifier. */
async function firefoxFlow() {
  const pkce = newPkce();
  const { keysJwk } = await generateKeysJwk();
  const oauth = {
    client_id: FIREFOX_CLIENT_ID,
    scope: `${OLDSYNC_SCOPE} profile`,
    state: randomBytes(16).toString('base64url'),
    code_challenge: pkce.challenge,
    code_challenge_method: 'S256' as const,
    keys_jwk: keysJwk,
  };
  return { pkce, oauth };
}

describe('Firefox answering the sign-in with an error', { skip: noChromium }, () => {
  const stage = useStage();
  const origin = () => stage().server.origin;

  /** A verified account signed in on a page Firefox opened, up to the handover. */
  async function signInFrom(fake: FakeFirefox, query = ''): Promise<Page> {
    const email = randomEmail();
    await new FxaClient(origin()).signUp(email, PASSWORD, { preVerified: true });
    const { context, page } = await stage().open();
    await playFirefox(context, fake);
    await page.goto(`${origin()}${ENTRY}${query}`);
    await enterEmail(page, email);
    await enterPassword(page, PASSWORD);
    await heading(page, 'Choose what to sync');
    await page.getByRole('button', { name: 'Start syncing' }).click();
    return page;
  }

  it('asks ESR 153 for a fresh flow once when it lost the one it began', async () => {
    const flow = await firefoxFlow();
    const page = await signInFrom({
      version: 153,
      flow: { ...flow.oauth, access_type: 'offline', action: 'email', response_type: 'code' },
      errors: { 'fxaccounts:oauth_login': ['INVALID_STATE'] },
    });
    await heading(page, 'You are signed in');
    const messages = await recorded(page);
    assert.deepEqual(
      messages.map((m) => m.command),
      [
        'fxaccounts:fxa_status',
        'fxaccounts:oauth_flow_begin',
        'fxaccounts:can_link_account',
        'fxaccounts:login',
        'fxaccounts:oauth_login',
        'fxaccounts:oauth_flow_begin',
        'fxaccounts:oauth_login',
      ],
    );
    // Each oauth_login carries Firefox's own state, and the second code redeems.
    const [first, second] = messages.filter((m) => m.command === 'fxaccounts:oauth_login');
    assert.deepEqual([first?.data.state, second?.data.state], [flow.oauth.state, flow.oauth.state]);
    assert.notEqual(second?.data.code, first?.data.code);
    const res = await exchangeCode(new Api(origin()), {
      code: String(second?.data.code),
      verifier: flow.pkce.verifier,
    });
    assert.equal(res.status, 200, res.text);
  });

  it('tells the person to start from Firefox when it lost a flow the URL carried', async () => {
    const { oauth } = await firefoxFlow();
    const query = `&${new URLSearchParams({ ...oauth, response_type: 'code' }).toString()}`;
    const page = await signInFrom(
      { version: 153, errors: { 'fxaccounts:oauth_login': ['INVALID_STATE'] } },
      query,
    );
    await heading(page, 'Sign-in did not finish');
    await page
      .getByText(
        'Firefox lost track of this sign-in. Start again from Firefox itself (Settings, then Sync).',
      )
      .waitFor();
    assert.ok(!(await page.locator('body').innerText()).includes('INVALID_STATE'));
    const commands = (await recorded(page)).map((m) => m.command);
    assert.equal(commands.filter((c) => c === 'fxaccounts:oauth_login').length, 1);
    assert.ok(!commands.includes('fxaccounts:oauth_flow_begin'), 'no flow of its own to ask for');
  });

  it('shows a plain message, not Firefox’s error text, when Firefox fails otherwise', async () => {
    const { oauth } = await firefoxFlow();
    const query = `&${new URLSearchParams({ ...oauth, response_type: 'code' }).toString()}`;
    const page = await signInFrom(
      { version: 153, errors: { 'fxaccounts:login': ['TypeError: target is undefined'] } },
      query,
    );
    await heading(page, 'Sign-in did not finish');
    await page.getByText('Firefox could not finish signing in. Please try again.').waitFor();
    assert.ok(!(await page.locator('body').innerText()).includes('TypeError'));
    // The key material the handover was given is gone from the tab all the same.
    const kept = await page.evaluate(() => JSON.stringify({ ...sessionStorage }));
    assert.doesNotMatch(kept, /unwrapBKey|keyFetchToken/);
  });

  it('waits for a Firefox slow to answer fxa_status when the URL says Firefox opened it', async () => {
    const flow = await firefoxFlow();
    const page = await signInFrom({
      version: 153,
      flow: { ...flow.oauth, access_type: 'offline', action: 'email', response_type: 'code' },
      // Longer than the page used to wait for a URL without Firefox's flow in it.
      delays: { 'fxaccounts:fxa_status': 3000 },
    });
    await heading(page, 'You are signed in');
    await page.getByText('starts syncing now', { exact: false }).waitFor();
    const commands = (await recorded(page)).map((m) => m.command);
    assert.equal(commands.at(-1), 'fxaccounts:oauth_login');
  });

  it('refuses an authorization that comes back for another state than Firefox’s', async () => {
    const { oauth } = await firefoxFlow();
    const query = `&${new URLSearchParams({ ...oauth, response_type: 'code' }).toString()}`;
    const email = randomEmail();
    await new FxaClient(origin()).signUp(email, PASSWORD, { preVerified: true });
    const { context, page } = await stage().open();
    await playFirefox(context, { version: 153 });
    // Something between the page and the server swaps the state in the answer.
    await page.route('**/v1/oauth/authorization', async (route) => {
      const res = await route.fetch();
      const body = (await res.json()) as Record<string, unknown>;
      await route.fulfill({ response: res, json: { ...body, state: 'not-firefoxs-state' } });
    });
    await page.goto(`${origin()}${ENTRY}${query}`);
    await enterEmail(page, email);
    await enterPassword(page, PASSWORD);
    await heading(page, 'Choose what to sync');
    await page.getByRole('button', { name: 'Start syncing' }).click();
    await heading(page, 'Sign-in did not finish');
    await page.getByText('Firefox could not finish signing in. Please try again.').waitFor();
    const commands = (await recorded(page)).map((m) => m.command);
    assert.ok(!commands.includes('fxaccounts:oauth_login'), 'Firefox is given no such code');
  });
});
