// The client's verbs as the pages call them, against the running server:
// the whole Firefox sign-up (code typed in, keys unwrapped, keys_jwe built,
// a code for Firefox), the password flows with what they promise about kB,
// the spelling retry, attached clients, and the typed errors a page
// localizes. Firefox's side (decrypting keys_jwe) is jose's, not the client's.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import {
  FIREFOX_CLIENT_ID,
  FxaClient,
  FxaError,
  NetworkError,
  OLDSYNC_SCOPE,
  bytesToB64url,
  deriveOldsyncKey,
  utf8,
} from '../../src/client/index.js';
import { Api } from '../client/api.js';
import { exchangeCode, newPkce } from '../client/oauth.js';
import { decryptKeysJwe, ephemeralKeyPair } from '../client/scoped-keys.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { freePort } from '../helpers/server.js';
import { Mailbox } from '../helpers/mailbox.js';
import { PASSWORD, assertOk, randomEmail, randomHex, useServer } from './support.js';

const NEW_PASSWORD = 'a different passphrase';
const SCOPE = `profile ${OLDSYNC_SCOPE}`;

describeEachDatabase('client verbs', (db) => {
  const server = useServer(db);
  const mailbox = () => new Mailbox(server().mailSinkUrl);
  const client = () => new FxaClient(server().origin, { transport: new Api(server().origin) });

  async function header(email: string, name: string, count = 1): Promise<string> {
    const mails = await mailbox().waitFor(email, {
      count,
      match: (m) => m.headers[name] !== undefined,
    });
    return mails.at(-1)?.headers[name] ?? '';
  }

  it("runs Firefox's sign-up: code typed in, kB unwrapped, keys_jwe for Firefox's key", async () => {
    const fxa = client();
    const email = randomEmail();
    const browser = await ephemeralKeyPair();
    const keysJwk = bytesToB64url(utf8(JSON.stringify(browser.publicJwk)));
    const pkce = newPkce();
    const state = randomHex(16);

    assert.deepEqual(await fxa.accountStatus(email), { exists: false });
    const s = await fxa.signUp(email, PASSWORD, { keys: true, verificationMethod: 'email-otp' });
    assert.deepEqual(
      [s.email, s.verified, s.verificationMethod, s.verificationReason],
      [email, false, 'email-otp', 'signup'],
    );
    await fxa.verifySessionCode(s.sessionToken, await header(email, 'x-verify-short-code'));
    assert.deepEqual(await fxa.recoveryEmailStatus(s.sessionToken), { email, verified: true });

    const { kB } = await fxa.accountKeys(s.keyFetchToken ?? '', s.unwrapBKey);
    const keysJwe = await fxa.keysJwe(s.sessionToken, {
      kB,
      clientId: FIREFOX_CLIENT_ID,
      scope: SCOPE,
      keysJwk,
    });
    const authorized = await fxa.createOAuthCode(s.sessionToken, {
      client_id: FIREFOX_CLIENT_ID,
      scope: SCOPE,
      state,
      code_challenge: pkce.challenge,
      code_challenge_method: 'S256',
      ...(keysJwe === undefined ? {} : { keys_jwe: keysJwe }),
    });
    assert.equal(authorized.state, state);
    assert.ok(authorized.redirect.includes(`code=${authorized.code}`));

    // Firefox's part: trade the code and open keys_jwe with its private key.
    const tokens = await exchangeCode(new Api(server().origin), {
      code: authorized.code,
      verifier: pkce.verifier,
    });
    assertOk(tokens);
    const keys = await decryptKeysJwe(String(tokens.body.keys_jwe), browser.privateKey);
    const data = await fxa.scopedKeyData(s.sessionToken, FIREFOX_CLIENT_ID, OLDSYNC_SCOPE);
    const expected = await deriveOldsyncKey(kB, data[OLDSYNC_SCOPE]?.keyRotationTimestamp ?? 0);
    assert.deepEqual(keys, { [OLDSYNC_SCOPE]: expected });
    assert.deepEqual(await fxa.accountStatus(email), { exists: true });
  });

  it('changes the password keeping kB, and a reset gives a new kB', async () => {
    const fxa = client();
    const email = randomEmail();
    const first = await fxa.signUp(email, PASSWORD, { keys: true, preVerified: true });
    const { kB } = await fxa.accountKeys(first.keyFetchToken ?? '', first.unwrapBKey);

    const changed = await fxa.passwordChange(email, PASSWORD, NEW_PASSWORD, { keys: true });
    assert.equal((await fxa.sessionStatus(changed.sessionToken)).state, 'verified');
    const afterChange = await fxa.accountKeys(changed.keyFetchToken ?? '', changed.unwrapBKey);
    assert.equal(afterChange.kB, kB, 'kB survives a password change');
    await assert.rejects(fxa.sessionStatus(first.sessionToken), { errno: 110 });

    const forgot = await fxa.passwordForgotSendCode(email);
    const status = await fxa.passwordForgotStatus(forgot.passwordForgotToken);
    assert.equal(status.tries, 3);
    assert.ok(status.ttl > 0 && status.ttl <= forgot.ttl);
    const code = await header(email, 'x-recovery-code');
    const { accountResetToken } = await fxa.passwordForgotVerifyCode(
      forgot.passwordForgotToken,
      code,
    );
    const reset = await fxa.accountReset(accountResetToken, email, PASSWORD, {
      keys: true,
      sessionToken: true,
    });
    const afterReset = await fxa.accountKeys(reset.keyFetchToken ?? '', reset.unwrapBKey);
    assert.notEqual(afterReset.kB, kB, 'a reset replaces kB');
    await assert.rejects(fxa.sessionStatus(changed.sessionToken), { errno: 110 });
  });

  it('signs in with the address typed in another case, and reports the stored spelling', async () => {
    const fxa = client();
    const email = randomEmail('Mixed.Case');
    await fxa.signUp(email, PASSWORD, { preVerified: true });
    const s = await fxa.signIn(email.toLowerCase(), PASSWORD, { keys: true });
    assert.equal(s.email, email);
    assert.equal(s.verified, true);
    assert.equal((await fxa.accountKeys(s.keyFetchToken ?? '', s.unwrapBKey)).kB.length, 64);
  });

  it('lists attached clients and signs one of them out', async () => {
    const fxa = client();
    const email = randomEmail();
    const here = await fxa.signUp(email, PASSWORD, { preVerified: true });
    const there = await fxa.signIn(email, PASSWORD);
    const attached = await fxa.attachedClients(here.sessionToken);
    assert.equal(attached.length, 2);
    const other = attached.find((c) => !c.isCurrentSession);
    assert.ok(other?.sessionTokenId);
    await fxa.destroyAttachedClient(here.sessionToken, other);
    await assert.rejects(fxa.sessionStatus(there.sessionToken), { errno: 110 });
    assert.equal((await fxa.attachedClients(here.sessionToken)).length, 1);
    await fxa.sessionDestroy(here.sessionToken);
    await assert.rejects(fxa.sessionStatus(here.sessionToken), { errno: 110 });
  });

  it('types refusals for a page to localize: wrong password, throttled, unknown account', async () => {
    const fxa = client();
    const email = randomEmail();
    await fxa.signUp(email, PASSWORD, { preVerified: true });
    const wrong = await fxa.signIn(email, 'not it').catch((e: unknown) => e);
    assert.ok(wrong instanceof FxaError);
    assert.deepEqual(
      [wrong.code, wrong.errno, wrong.error, wrong.email],
      [400, 103, 'Bad Request', email],
    );
    // Past the failure limit a login is blocked (FxA's sign-in unblock: 125,
    // with how long to wait, or a mailed code); other throttles are 114.
    let blocked: unknown;
    for (let i = 0; i < 4 && !(blocked instanceof FxaError && blocked.errno === 125); i++) {
      blocked = await fxa.signIn(email, 'not it either').catch((e: unknown) => e);
    }
    assert.ok(blocked instanceof FxaError && blocked.errno === 125, String(blocked));
    assert.equal(blocked.code, 400);
    assert.equal(blocked.body.verificationMethod, 'email-captcha');
    assert.ok((blocked.retryAfter ?? 0) > 0, 'retryAfter says how long to wait');
    // Mail is limited per address: the fourth reset mail in 15 minutes is 114.
    let throttled: unknown;
    for (let i = 0; i < 5 && !(throttled instanceof FxaError); i++) {
      throttled = await fxa.passwordForgotSendCode(email).then(
        () => undefined,
        (e: unknown) => e,
      );
    }
    assert.ok(throttled instanceof FxaError && throttled.errno === 114, String(throttled));
    assert.equal(throttled.code, 429);
    assert.ok((throttled.retryAfter ?? 0) > 0, 'retryAfter says how long to wait');
    await assert.rejects(fxa.signIn(randomEmail(), PASSWORD), { name: 'FxaError', errno: 102 });
  });

  it('reports a server that does not answer as NetworkError', async () => {
    const gone = new FxaClient(`http://127.0.0.1:${await freePort()}`);
    const err = await gone.signIn(randomEmail(), PASSWORD).catch((e: unknown) => e);
    assert.ok(err instanceof NetworkError, String(err));
  });
});
