// The forgotten-password flow as a client runs it (api-v1.md §3.6), through
// src/client's verbs: ask for a code, trade the mailed code for an
// accountResetToken, then set a new password. No old key material is
// involved, so kB starts afresh.
import type { PasswordForgotInfo } from '../../src/client/index.js';
import type { Api, JsonObject } from './api.js';

export type ForgotPassword = PasswordForgotInfo;

export function forgotPassword(api: Api, email: string): Promise<ForgotPassword> {
  return api.verbs().passwordForgotSendCode(email);
}

export async function verifyRecoveryCode(
  api: Api,
  passwordForgotToken: string,
  code: string,
): Promise<string> {
  return (await api.verbs().passwordForgotVerifyCode(passwordForgotToken, code)).accountResetToken;
}

export async function forgotStatus(api: Api, passwordForgotToken: string): Promise<JsonObject> {
  return { ...(await api.verbs().passwordForgotStatus(passwordForgotToken)) };
}

/** Sets a new password with an accountResetToken; the client must log in again. */
export async function resetPassword(
  api: Api,
  email: string,
  accountResetToken: string,
  newPassword: string,
): Promise<void> {
  await api.verbs().accountReset(accountResetToken, email, newPassword);
}
