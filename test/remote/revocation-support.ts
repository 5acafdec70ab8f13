// Steps the revocation stories share: an accountResetToken bought with the
// mailed code, a login sent raw (so an error answer is data, not a throw),
// and the probes that tell whether a token still works.
import assert from 'node:assert/strict';
import type { Api, ApiResponse } from '../client/api.js';
import { forgotPassword, verifyRecoveryCode } from '../client/recovery.js';
import { Mailbox } from '../helpers/mailbox.js';

/** Starts a password reset and trades the mailed code for an accountResetToken. */
export async function accountResetToken(api: Api, mailSinkUrl: string, email: string) {
  const mailbox = new Mailbox(mailSinkUrl);
  const isCode = (m: { headers: Record<string, string> }) =>
    m.headers['x-recovery-code'] !== undefined;
  const before = (await mailbox.messages(email)).filter(isCode).length;
  const { passwordForgotToken } = await forgotPassword(api, email);
  const mails = await mailbox.waitFor(email, { count: before + 1, match: isCode });
  const code = mails.at(-1)?.headers['x-recovery-code'] ?? '';
  return verifyRecoveryCode(api, passwordForgotToken, code);
}

/** POST /v1/account/login?keys=true with an already stretched authPW. */
export function login(api: Api, email: string, authPW: Buffer): Promise<ApiResponse> {
  return api.request('POST', '/v1/account/login', {
    body: { email, authPW: authPW.toString('hex') },
    query: { keys: 'true' },
  });
}

const session = (seedHex: string) => ({ type: 'sessionToken' as const, seedHex });

/** Asserts that the session is refused as a token that no longer exists. */
export async function assertSessionDead(api: Api, seedHex: string, what: string) {
  const res = await api.request('GET', '/v1/session/status', { token: session(seedHex) });
  assert.equal(res.status, 401, `${what}: the session still works (${res.status})`);
  assert.equal(res.body.errno, 110);
}

export async function assertKeyFetchDead(api: Api, seedHex: string, what: string) {
  const res = await api.request('GET', '/v1/account/keys', {
    token: { type: 'keyFetchToken', seedHex },
  });
  assert.equal(res.status, 401, `${what}: the keyFetchToken still works (${res.status})`);
  assert.equal(res.body.errno, 110);
}

export async function isSessionLive(api: Api, seedHex: string): Promise<boolean> {
  const res = await api.request('GET', '/v1/session/status', { token: session(seedHex) });
  return res.status === 200;
}
