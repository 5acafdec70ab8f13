// The forgotten-password flow as a client runs it (spec §3.6): ask for a
// code, trade the mailed code for an accountResetToken, then set a new
// password. No old key material is involved, so kB starts afresh.
import type { Api, JsonObject } from './api.js';
import { stretch } from './onepw.js';

export interface ForgotPassword {
  passwordForgotToken: string;
  ttl: number;
  codeLength: number;
  tries: number;
}

export async function forgotPassword(api: Api, email: string): Promise<ForgotPassword> {
  const res = await api.call('POST', '/v1/password/forgot/send_code', { body: { email } });
  return res as unknown as ForgotPassword;
}

const forgotToken = (seedHex: string) => ({ type: 'passwordForgotToken' as const, seedHex });

export async function verifyRecoveryCode(
  api: Api,
  passwordForgotToken: string,
  code: string,
): Promise<string> {
  const res = await api.call('POST', '/v1/password/forgot/verify_code', {
    token: forgotToken(passwordForgotToken),
    body: { code },
  });
  if (typeof res.accountResetToken !== 'string') throw new Error('no accountResetToken');
  return res.accountResetToken;
}

export async function forgotStatus(api: Api, passwordForgotToken: string): Promise<JsonObject> {
  return api.call('GET', '/v1/password/forgot/status', {
    token: forgotToken(passwordForgotToken),
  });
}

/** Sets a new password with an accountResetToken; the client must log in again. */
export async function resetPassword(
  api: Api,
  email: string,
  accountResetToken: string,
  newPassword: string,
): Promise<void> {
  const { authPW } = await stretch(email, newPassword);
  await api.call('POST', '/v1/account/reset', {
    token: { type: 'accountResetToken', seedHex: accountResetToken },
    body: { authPW: authPW.toString('hex') },
  });
}
