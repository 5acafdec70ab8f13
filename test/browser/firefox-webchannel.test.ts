// Signing Firefox in, with Chromium playing Firefox's side of the
// WebChannel (fake-firefox.ts). The stories check the commands the page
// sends and their order, and that what Firefox receives works: the
// oauth_login code redeems with Firefox's PKCE verifier into a keys_jwe
// that opens with Firefox's ephemeral private key, to the account's own
// Sync key (the kid Firefox will send the tokenserver).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  FIREFOX_CLIENT_ID,
  FxaClient,
  OLDSYNC_SCOPE,
  decryptKeysJwe,
  deriveOldsyncKey,
  generateKeysJwk,
  type ScopedKey,
} from '../../src/client/index.js';
import { Api } from '../client/api.js';
import { exchangeCode, newPkce, WEBCHANNEL_REDIRECT } from '../client/oauth.js';
import { PASSWORD, randomEmail } from '../remote/support.js';
import { heading, noChromium, useStage, verificationMail, type Stage } from './chromium.js';
import { ENGINES, playFirefox, recorded, type Recorded } from './fake-firefox.js';
import { createPassword, enterCode, enterEmail, enterPassword } from './steps.js';

const SCOPE = `${OLDSYNC_SCOPE} profile`;

/** What Firefox keeps in memory for one sign-in (firefox.md §2.1). */
async function firefoxFlow() {
  const pkce = newPkce();
  const { keysJwk, privateKey } = await generateKeysJwk();
  const state = randomBytes(16).toString('base64url');
  const oauth = {
    client_id: FIREFOX_CLIENT_ID,
    scope: SCOPE,
    state,
    code_challenge: pkce.challenge,
    code_challenge_method: 'S256' as const,
    keys_jwk: keysJwk,
  };
  return { pkce, privateKey, oauth };
}

function entryUrl(oauth?: Record<string, string>): string {
  const q = new URLSearchParams({
    context: 'oauth_webchannel_v1',
    entrypoint: 'preferences',
    action: 'email',
    service: 'sync',
  });
  if (oauth) {
    for (const [k, v] of Object.entries(oauth)) q.set(k, v);
    q.set('response_type', 'code');
    q.set('access_type', 'offline');
  }
  return `/?${q.toString()}`;
}

/** The account's oldsync key, computed apart from the page: what the kid must match. */
async function accountSyncKey(stage: Stage, email: string): Promise<ScopedKey> {
  const fxa = new FxaClient(stage.server.origin);
  const s = await fxa.signIn(email, PASSWORD, { keys: true });
  const { kB } = await fxa.accountKeys(s.keyFetchToken!, s.unwrapBKey);
  const data = await fxa.scopedKeyData(s.sessionToken, FIREFOX_CLIENT_ID, OLDSYNC_SCOPE);
  return deriveOldsyncKey(kB, data[OLDSYNC_SCOPE]!.keyRotationTimestamp);
}

/** Firefox's completeOAuthFlow: the code and verifier for tokens and keys_jwe, opened. */
async function redeem(
  stage: Stage,
  login: Recorded,
  flow: Awaited<ReturnType<typeof firefoxFlow>>,
): Promise<ScopedKey> {
  const api = new Api(stage.server.origin);
  const res = await exchangeCode(api, {
    code: String(login.data.code),
    verifier: flow.pkce.verifier,
  });
  assert.equal(res.status, 200, res.text);
  assert.equal(typeof res.body.refresh_token, 'string');
  assert.equal(res.body.scope, SCOPE);
  const keys = (await decryptKeysJwe(String(res.body.keys_jwe), flow.privateKey)) as Record<
    string,
    ScopedKey
  >;
  return keys[OLDSYNC_SCOPE]!;
}

describe('signing Firefox in over the WebChannel', { skip: noChromium }, () => {
  const stage = useStage();

  it('runs a new account through ESR 153’s sequence, with the engines the person chose', async () => {
    const { mailbox } = stage();
    const email = randomEmail();
    const flow = await firefoxFlow();
    const { context, page } = await stage().open();
    await playFirefox(context, { version: 153 });
    await page.goto(`${stage().server.origin}${entryUrl(flow.oauth)}`);

    await enterEmail(page, email);
    await createPassword(page, PASSWORD);
    const { code } = await verificationMail(mailbox, email);
    await enterCode(page, code);
    await heading(page, 'Choose what to sync');
    for (const label of ['Add-ons', 'Bookmarks', 'History', 'Passwords', 'Settings', 'Open tabs']) {
      assert.equal(await page.getByLabel(label).isChecked(), true, `${label} is on by default`);
    }
    await page.getByLabel('History').uncheck();
    await page.getByRole('button', { name: 'Start syncing' }).click();
    await heading(page, 'You are signed in');

    const messages = await recorded(page);
    assert.deepEqual(
      messages.map((m) => m.command),
      [
        'fxaccounts:fxa_status',
        'fxaccounts:can_link_account',
        'fxaccounts:login',
        'fxaccounts:oauth_login',
      ],
      'no oauth_flow_begin: the URL carried the flow',
    );
    assert.ok(
      messages.every((m) => m.stringDetail),
      'every detail is a string',
    );
    const [status, link, login, oauthLogin] = messages as [Recorded, Recorded, Recorded, Recorded];
    assert.deepEqual(status.data, {
      service: 'sync',
      isPairing: false,
      context: 'oauth_webchannel_v1',
    });

    const session = login.data as {
      email: string;
      uid: string;
      sessionToken: string;
      verified: boolean;
      services: unknown;
    };
    assert.deepEqual(link.data, { email, uid: session.uid });
    assert.equal(session.email, email);
    assert.equal(session.verified, true);
    assert.deepEqual(session.services, {
      sync: { offeredEngines: ENGINES, declinedEngines: ['history'] },
    });
    const fxa = new FxaClient(stage().server.origin);
    assert.equal((await fxa.sessionStatus(session.sessionToken)).state, 'verified');
    assert.equal((await fxa.sessionStatus(session.sessionToken)).uid, session.uid);
    assert.equal('keyFetchToken' in login.data || 'unwrapBKey' in login.data, false);

    assert.equal(oauthLogin.data.state, flow.oauth.state);
    assert.equal(oauthLogin.data.action, 'signup');
    assert.equal(oauthLogin.data.redirect, WEBCHANNEL_REDIRECT);
    assert.deepEqual(oauthLogin.data.offeredSyncEngines, ENGINES);
    assert.deepEqual(oauthLogin.data.declinedSyncEngines, ['history']);
    const key = await redeem(stage(), oauthLogin, flow);
    assert.deepEqual(key, await accountSyncKey(stage(), email));
    // The tab keeps the session for the settings pages, and no key material.
    const kept = await page.evaluate(() => sessionStorage.getItem('fxa:session') ?? '');
    assert.ok(kept.includes(session.sessionToken));
    assert.doesNotMatch(kept, /unwrapBKey|keyFetchToken/);
  });

  it('offers an engine these pages have no name for under its own name', async () => {
    const email = randomEmail();
    await new FxaClient(stage().server.origin).signUp(email, PASSWORD, { preVerified: true });
    const flow = await firefoxFlow();
    const { context, page } = await stage().open();
    await playFirefox(context, { version: 153, engines: [...ENGINES, 'holograms'] });
    await page.goto(`${stage().server.origin}${entryUrl(flow.oauth)}`);
    await enterEmail(page, email);
    await enterPassword(page, PASSWORD);
    await heading(page, 'Choose what to sync');
    assert.equal(await page.getByLabel('holograms').isChecked(), true);
    await page.getByLabel('Bookmarks').uncheck();
    await page.getByRole('button', { name: 'Start syncing' }).click();
    await heading(page, 'You are signed in');
    const oauthLogin = (await recorded(page)).find((m) => m.command === 'fxaccounts:oauth_login');
    assert.deepEqual(oauthLogin?.data.offeredSyncEngines, [...ENGINES, 'holograms']);
    assert.deepEqual(oauthLogin?.data.declinedSyncEngines, ['bookmarks']);
  });

  it('asks ESR 153 to begin a flow when the URL has none', async () => {
    const email = randomEmail();
    await new FxaClient(stage().server.origin).signUp(email, PASSWORD, { preVerified: true });
    const flow = await firefoxFlow();
    const { context, page } = await stage().open();
    await playFirefox(context, {
      version: 153,
      flow: { ...flow.oauth, access_type: 'offline', action: 'email', response_type: 'code' },
    });
    await page.goto(`${stage().server.origin}${entryUrl()}`);
    await enterEmail(page, email);
    await enterPassword(page, PASSWORD);
    await heading(page, 'Choose what to sync');
    await page.getByRole('button', { name: 'Start syncing' }).click();
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
      ],
    );
    assert.deepEqual(messages[1]?.data, { scopes: [OLDSYNC_SCOPE, 'profile'] });
    const oauthLogin = messages[4]!;
    assert.equal(oauthLogin.data.action, 'signin');
    assert.deepEqual(oauthLogin.data.declinedSyncEngines, []);
    const key = await redeem(stage(), oauthLogin, flow);
    assert.deepEqual(key, await accountSyncKey(stage(), email));
  });

  it('stops without signing Firefox in when the person declines to link the account', async () => {
    const email = randomEmail();
    const made = await new FxaClient(stage().server.origin).signUp(email, PASSWORD, {
      preVerified: true,
    });
    await new FxaClient(stage().server.origin).sessionDestroy(made.sessionToken);
    const flow = await firefoxFlow();
    const { context, page } = await stage().open();
    await playFirefox(context, { version: 153, linkOk: false });
    await page.goto(`${stage().server.origin}${entryUrl(flow.oauth)}`);
    await enterEmail(page, email);
    await enterPassword(page, PASSWORD);
    // Asked at once after the password, before any key or code is made.
    await heading(page, 'Sign-in did not finish');
    await page
      .getByText('Firefox did not agree to sign in to this account here. Nothing was changed.')
      .waitFor();
    const commands = (await recorded(page)).map((m) => m.command);
    assert.deepEqual(commands, ['fxaccounts:fxa_status', 'fxaccounts:can_link_account']);
    // The declined sign-in left no session behind: only the one made here to look.
    const fxa = new FxaClient(stage().server.origin);
    const look = await fxa.signIn(email, PASSWORD);
    const sessions = (await fxa.attachedClients(look.sessionToken)).filter((c) => c.sessionTokenId);
    assert.deepEqual(
      sessions.map((c) => c.isCurrentSession),
      [true],
    );
    assert.equal(await page.evaluate(() => sessionStorage.getItem('fxa:session')), null);
    await page.getByRole('button', { name: 'Start over' }).click();
    await heading(page, 'Enter your email');
  });

  it('tells ESR 140, which cannot begin a flow, to start from Firefox', async () => {
    const { context, page } = await stage().open();
    await playFirefox(context, { version: 140 });
    await page.goto(`${stage().server.origin}${entryUrl()}`);
    await heading(page, 'Sign-in did not finish');
    await page
      .getByText(
        'Start signing in from Firefox itself (Settings, then Sync) to connect this browser.',
      )
      .waitFor();
    assert.deepEqual(
      (await recorded(page)).map((m) => m.command),
      ['fxaccounts:fxa_status'],
    );
  });

  it('finishes an ESR 140 sign-in with the parameters Firefox put in the URL', async () => {
    const email = randomEmail();
    await new FxaClient(stage().server.origin).signUp(email, PASSWORD, { preVerified: true });
    const flow = await firefoxFlow();
    const { context, page } = await stage().open();
    await playFirefox(context, { version: 140 });
    await page.goto(`${stage().server.origin}${entryUrl(flow.oauth)}`);
    await enterEmail(page, email);
    await enterPassword(page, PASSWORD);
    await heading(page, 'Choose what to sync');
    await page.getByRole('button', { name: 'Start syncing' }).click();
    await heading(page, 'You are signed in');
    const messages = await recorded(page);
    assert.equal(messages.at(-1)?.command, 'fxaccounts:oauth_login');
    assert.ok(!messages.some((m) => m.command === 'fxaccounts:oauth_flow_begin'));
    const key = await redeem(stage(), messages.at(-1)!, flow);
    assert.deepEqual(key, await accountSyncKey(stage(), email));
  });
});
