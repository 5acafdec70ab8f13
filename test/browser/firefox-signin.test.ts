// Issue 9, in real Firefox: a fresh ESR 153 and ESR 140 profile that knows
// only the server's autoconfig URL starts sign-in from its own preferences,
// goes through the pages as a person would (typed email and password, the
// 6-digit code from the real mail, the engine choice), and ends up signed
// in: signedInUser.json verified, the browser listed as a device, and the
// profile and Sync tokens it fetched accepted for what they are
// (firefox.md §2.1, §3.2, §3.7, §4).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { Client } from '../client/client.js';
import { listDevices } from '../client/devices.js';
import { FIREFOX_CLIENT_ID, verifyToken } from '../client/oauth.js';
import { OLDSYNC_SCOPE, deriveOldsyncKey, scopedKeyData } from '../client/scoped-keys.js';
import { TOKEN_PATH } from '../client/tokenserver.js';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { Mailbox } from '../helpers/mailbox.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { PASSWORD, randomEmail } from '../remote/support.js';
import {
  ESR140,
  ESR153,
  poll,
  requireBuild,
  skipUnless,
  withFirefox,
  type Firefox,
} from './firefox.js';
import { loggedRequests, recordRequests, type RequestRecorder } from './server-requests.js';
import { signInThroughPages, signUpThroughPages } from './signin-pages.js';

const PROFILE_PATH = '/profile/v1/profile';

let db: TestDatabase;
let server: TestServer;
let requests: RequestRecorder;
let mailbox: Mailbox;

before(async () => {
  db = await createTestDatabase('sqlite');
  server = await startTestServer({ databaseUrl: db.url });
  requests = recordRequests(server, [PROFILE_PATH, TOKEN_PATH]);
  mailbox = new Mailbox(server.mailSinkUrl);
});

after(async () => {
  await server?.stop();
  await db?.drop();
});

it('points every service of the autoconfig document at the origin Firefox is given', async () => {
  // Firefox's WebChannel accepts only the exact origin of its root (§1.3),
  // and the test gives it 127.0.0.1, never localhost.
  assert.match(server.publicUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
  const res = await fetch(`${server.publicUrl}/.well-known/fxa-client-configuration`);
  assert.equal(res.status, 200);
  const doc = (await res.json()) as Record<string, string>;
  for (const field of [
    'auth_server_base_url',
    'oauth_server_base_url',
    'profile_server_base_url',
    'sync_tokenserver_base_url',
  ]) {
    const url = doc[field];
    assert.ok(url, `${field} is present`);
    assert.equal(new URL(url).origin, server.publicUrl, `${field} is on the same origin`);
  }
});

for (const build of [ESR153, ESR140]) {
  describe(`Firefox ${build.label} signs in through the pages`, { skip: skipUnless(build) }, () => {
    before(() => requireBuild(build));

    it('with a new account: email, password twice, the mailed code, the engines', async () => {
      const email = randomEmail('firefox-new');
      await withFirefox(build, server.publicUrl, async (ff) => {
        const { page } = await startFromPreferences(ff);
        await signUpThroughPages(page, mailbox, email, PASSWORD);
        await assertSignedIn(ff, email);
      });
    });

    it('with an existing account: email, password, the engines', async () => {
      const email = randomEmail('firefox-existing');
      await Client.create(server.origin, email, PASSWORD, { preVerified: true });
      await withFirefox(build, server.publicUrl, async (ff) => {
        const { page } = await startFromPreferences(ff);
        await signInThroughPages(page, mailbox, email, PASSWORD);
        await assertSignedIn(ff, email);
      });
    });
  });
}

/** Sign-in as the preferences start it; the URL is Firefox's own (§2.1). */
async function startFromPreferences(ff: Firefox) {
  requests.clear();
  const started = await ff.startSignIn();
  const { searchParams: q, origin } = started.url;
  assert.equal(origin, server.publicUrl, 'Firefox took the content server from autoconfig');
  assert.equal(q.get('context'), 'oauth_webchannel_v1');
  assert.equal(q.get('service'), 'sync');
  assert.equal(q.get('client_id'), FIREFOX_CLIENT_ID);
  assert.ok(q.get('state') && q.get('keys_jwk') && q.get('code_challenge'));
  // Building that URL ran autoconfig, which wrote every service URL (§1.1),
  // replacing the dummy auth.uri Firefox's remote agent sets for automation.
  const prefs = await ff.evalChrome<Record<string, string>>(
    'return Object.fromEntries(args.map((p) => [p, Services.prefs.getStringPref(p, "")]));',
    [
      'identity.fxaccounts.remote.root',
      'identity.fxaccounts.auth.uri',
      'identity.fxaccounts.remote.profile.uri',
      'identity.sync.tokenserver.uri',
    ],
  );
  assert.deepEqual(prefs, {
    'identity.fxaccounts.remote.root': server.publicUrl,
    'identity.fxaccounts.auth.uri': `${server.publicUrl}/v1`,
    'identity.fxaccounts.remote.profile.uri': `${server.publicUrl}/profile/v1`,
    'identity.sync.tokenserver.uri': `${server.publicUrl}${TOKEN_PATH}`,
  });
  return started;
}

async function assertSignedIn(ff: Firefox, email: string): Promise<void> {
  // A separate sign-in of the same account, as another device would make;
  // with keys, to know the oldsync kid Firefox must now hold.
  const other = await Client.login(server.origin, email, PASSWORD, { keys: true });
  const { kB } = await other.keys();
  const keyData = (
    await scopedKeyData(other.api, other.session(), FIREFOX_CLIENT_ID, OLDSYNC_SCOPE)
  )[OLDSYNC_SCOPE];
  assert.ok(keyData);
  const { kid } = await deriveOldsyncKey(kB, keyData.keyRotationTimestamp);

  // signedInUser.json is written at login and completed by oauth_login (§3.7).
  const user = await ff.waitForSignedInUser(
    (u) => u.accountData.verified === true && u.accountData.device?.id !== undefined,
  );
  assert.equal(user.accountData.uid, other.uid);
  assert.equal(user.accountData.email, email);
  // Firefox's verified is what the server says, not only what the pages told it.
  assert.equal((await other.recoveryEmailStatus()).verified, true);

  // Firefox took the pages' WebChannel messages on the server's origin, in
  // the order §2.3 gives, as its own log records them.
  const log = ff.log();
  assert.ok(
    log.includes(
      `FxAccountsWebChannel registered: account_updates with origin ${server.publicUrl}`,
    ),
    'the WebChannel is registered for the server (§1.1)',
  );
  const received = [...log.matchAll(/FxAccountsWebChannel message received: (\S+)/g)].map(
    (m) => m[1],
  );
  const handover = ['fxa_status', 'can_link_account', 'login', 'oauth_login'].map(
    (c) => `fxaccounts:${c}`,
  );
  // The pages may ask fxa_status again later; the first of each counts.
  const firsts = [...new Set(received)].filter((c) => c !== undefined && handover.includes(c));
  assert.deepEqual(firsts, handover, `commands Firefox received: ${received.join(', ')}`);

  // The server lists the browser under the name Firefox gave it.
  const deviceName = await ff.evalChrome<string>(
    "return Services.prefs.getStringPref('identity.fxaccounts.account.device.name', '');",
  );
  assert.notEqual(deviceName, '');
  const devices = await listDevices(other);
  const browser = devices.find((d) => d.id === user.accountData.device?.id);
  assert.ok(browser, `the device list has Firefox's device: ${JSON.stringify(devices)}`);
  assert.equal(browser.type, 'desktop');
  assert.equal(browser.name, deviceName);
  assert.equal(browser.isCurrentDevice, false, 'listed from the other session');

  // Firefox fetched its profile with a token for this account and scope.
  const profileToken = await poll(
    () => requests.bearer('GET', PROFILE_PATH),
    30_000,
    () => 'Firefox never fetched its profile',
  );
  const verified = await verifyToken(other.api, profileToken);
  assert.equal(verified.status, 200, verified.text);
  assert.equal(verified.body.user, other.uid);
  assert.ok((verified.body.scope as string[]).includes('profile'));
  assert.ok(
    loggedRequests(server).some((r) => r.path === PROFILE_PATH && r.status === 200),
    'the profile was served',
  );

  // And a Sync token the tokenserver verifies as syncstorage-rs would (§4),
  // sent with the kid of the keys the pages handed over.
  const syncToken = await poll(
    () => requests.bearer('GET', TOKEN_PATH),
    30_000,
    () => 'Firefox never asked the tokenserver',
  );
  const jwks = createRemoteJWKSet(new URL(`${server.origin}/v1/jwks`));
  const { payload, protectedHeader } = await jwtVerify(syncToken, jwks, {
    algorithms: ['RS256'],
    typ: 'at+JWT',
  });
  assert.equal(protectedHeader.typ, 'at+JWT');
  assert.equal(payload.sub, other.uid);
  assert.ok(String(payload.scope).split(/[ ,]/).includes(OLDSYNC_SCOPE));
  const tokenRequest = requests.seen().find((r) => r.path === TOKEN_PATH);
  assert.equal(tokenRequest?.keyId, kid, 'X-KeyID names the oldsync key derived from kB');
}
