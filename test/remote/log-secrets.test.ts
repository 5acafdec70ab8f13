// What the log may hold (README "Security"): outcomes, paths, uids and error
// causes, never a credential. The story below uses every kind of secret the
// protocol has (authPW, each token's seed and Hawk id, the Bearer id, codes,
// kA, kB, wrapKb, OAuth codes, access and refresh tokens), first with the
// database working and then with it failing under every kind of request,
// since error lines are where credentials used to leak: a failed lookup
// during Hawk authentication logged the Hawk artifacts, token id included.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { Api, type RequestOptions } from '../client/api.js';
import { generateBrowserIdKey } from '../client/browserid.js';
import { Client } from '../client/client.js';
import { registerDevice } from '../client/devices.js';
import {
  authorize,
  destroyToken,
  exchangeCode,
  fetchProfile,
  newPkce,
  refreshGrant,
  verifyToken,
} from '../client/oauth.js';
import { deriveToken, stretch } from '../client/onepw.js';
import { wrapKey } from '../../src/client/index.js';
import { forgotPassword, resetPassword, verifyRecoveryCode } from '../client/recovery.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { Mailbox } from '../helpers/mailbox.js';
import { leakedSecrets, recordSecrets, type SecretRecorder } from '../helpers/secrets.js';
import { PASSWORD, assertFxaError, randomEmail, useServer } from './support.js';

const CHANGED = 'a changed password';
const RESET = 'a password set by reset';
const RETRY_AFTER = 9;

type Token = NonNullable<RequestOptions['token']>;

describeEachDatabase('log secrecy', (db) => {
  const server = useServer(db, {
    log: { level: 'trace' },
    // The story sends more mail and logins than the default limits allow.
    customs: { enabled: false },
    database: { retryAfterSec: RETRY_AFTER },
  });
  const mailbox = () => new Mailbox(server().mailSinkUrl);
  let recorder: SecretRecorder;

  before(() => {
    recorder = recordSecrets([server().origin, server().mailSinkUrl]);
  });
  after(() => recorder.stop());

  async function mailHeader(email: string, header: string, count = 1): Promise<string> {
    const mails = await mailbox().waitFor(email, {
      count,
      match: (m) => m.headers[header] !== undefined,
    });
    return String(mails[mails.length - 1]?.headers[header]);
  }

  async function assertNothingLeaked(): Promise<void> {
    const secrets = await recorder.secrets();
    assert.ok(secrets.length > 30, `the story used its secrets (${secrets.length})`);
    assert.deepEqual(leakedSecrets(server().logs(), secrets), []);
  }

  it('logs none of the secrets of a whole account story', async () => {
    const email = randomEmail();
    const api = new Api(server().origin);
    const user = await Client.create(server().origin, email, PASSWORD, { keys: true });
    await user.verifyEmail(await mailHeader(email, 'x-verify-code'));
    const { kA, kB } = await user.keys();
    const { unwrapBKey } = await stretch(email, PASSWORD);
    recorder.add(kA, kB, unwrapBKey, Buffer.from(wrapKey(kB, unwrapBKey)));

    const browser = await Client.login(server().origin, email, PASSWORD, { keys: true });
    await browser.keys();
    const { id } = await deriveToken('sessionToken', browser.sessionToken);
    const bearer = await browser.request('GET', '/v1/session/status', {
      headers: { authorization: `Bearer fxs_${id}` },
    });
    assert.equal(bearer.status, 200);
    await browser.signCertificate((await generateBrowserIdKey()).publicKey, 60_000);
    await registerDevice(browser, { name: 'Laptop', type: 'desktop' });

    const pkce = newPkce();
    const code = await authorize(api, browser.session(), { scope: 'profile', pkce });
    const tokens = await exchangeCode(api, {
      code: String(code.body.code),
      verifier: pkce.verifier,
    });
    const refreshed = await refreshGrant(api, { refreshToken: String(tokens.body.refresh_token) });
    assert.equal((await fetchProfile(api, String(refreshed.body.access_token))).status, 200);
    assert.equal((await verifyToken(api, String(tokens.body.access_token))).status, 200);
    assert.equal((await destroyToken(api, String(tokens.body.refresh_token))).status, 200);

    await browser.changePassword(CHANGED);
    const forgot = await forgotPassword(api, email);
    const recoveryCode = await mailHeader(email, 'x-recovery-code');
    const reset = await verifyRecoveryCode(api, forgot.passwordForgotToken, recoveryCode);
    await resetPassword(api, email, reset, RESET);
    const again = await Client.login(server().origin, email, RESET);
    await again.destroySession();

    await assertNothingLeaked();
  });

  it('logs none of them while the database fails, and answers each request 503 errno 201', async () => {
    const email = randomEmail();
    const api = new Api(server().origin);
    const user = await Client.create(server().origin, email, PASSWORD, { keys: true });
    const verifyCode = await mailHeader(email, 'x-verify-code');
    await user.verifyEmail(verifyCode);
    const login = await Client.login(server().origin, email, PASSWORD, { keys: true });
    const { authPW } = await stretch(email, PASSWORD);
    const change = await api.call('POST', '/v1/password/change/start', {
      body: { email, oldAuthPW: authPW.toString('hex') },
    });
    const forgot = await forgotPassword(api, email);
    const recoveryCode = await mailHeader(email, 'x-recovery-code');
    const pkce = newPkce();
    const code = await authorize(api, user.session(), { scope: 'profile', pkce });
    const tokens = await exchangeCode(api, {
      code: String(code.body.code),
      verifier: pkce.verifier,
    });
    assert.equal(typeof tokens.body.refresh_token, 'string', tokens.text);
    const accountReset = await verifyRecoveryCode(api, forgot.passwordForgotToken, recoveryCode);
    const { id: sessionId } = await deriveToken('sessionToken', login.sessionToken);

    await server().app.store.close();

    const token = (type: Token['type'], seedHex: unknown): Token => ({
      type,
      seedHex: String(seedHex),
    });
    const hex = authPW.toString('hex');
    const failing: [string, string, RequestOptions][] = [
      ['GET', '/v1/session/status', { token: login.session() }],
      ['GET', '/v1/session/status', { headers: { authorization: `Bearer fxs_${sessionId}` } }],
      ['GET', '/v1/account/keys', { token: token('keyFetchToken', login.keyFetchToken) }],
      [
        'GET',
        '/v1/password/forgot/status',
        { token: token('passwordForgotToken', forgot.passwordForgotToken) },
      ],
      [
        'POST',
        '/v1/account/reset',
        { token: token('accountResetToken', accountReset), body: { authPW: hex } },
      ],
      [
        'POST',
        '/v1/password/change/finish',
        {
          token: token('passwordChangeToken', change.passwordChangeToken),
          body: { authPW: hex, wrapKb: hex },
        },
      ],
      ['POST', '/v1/account/login', { body: { email, authPW: hex } }],
      ['POST', '/v1/account/create', { body: { email: randomEmail(), authPW: hex } }],
      ['POST', '/v1/account/destroy', { body: { email, authPW: hex } }],
      ['POST', '/v1/recovery_email/verify_code', { body: { uid: user.uid, code: verifyCode } }],
      ['POST', '/v1/password/forgot/send_code', { body: { email } }],
      [
        'POST',
        '/v1/oauth/token',
        {
          body: {
            grant_type: 'refresh_token',
            client_id: '5882386c6d801776',
            refresh_token: tokens.body.refresh_token,
          },
        },
      ],
      [
        'POST',
        '/v1/oauth/destroy',
        { body: { client_id: '5882386c6d801776', token: tokens.body.refresh_token } },
      ],
      ['GET', '/__heartbeat__', {}],
    ];
    for (const [method, path, opts] of failing) {
      const res = await api.request(method, path, { ...opts, retryStale: false });
      assertFxaError(res, 503, 201);
      assert.equal(res.headers.get('retry-after'), String(RETRY_AFTER), path);
      assert.equal(res.body.retryAfter, RETRY_AFTER, path);
    }

    const failures = server()
      .logs()
      .split('\n')
      .filter((line) => line.includes('"request failed"'));
    assert.ok(failures.length >= failing.length - 1, 'each failure was logged with its cause');
    await assertNothingLeaked();
  });
});
