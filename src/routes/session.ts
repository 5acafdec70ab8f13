// /session/*: a signed-in client checks or ends its session (api-v1.md §2.2),
// and proves its address with the mailed 6-digit code (api-v1.md §9.1,
// `verificationMethod: 'email-otp'`). A session here is verified exactly
// when its account's address is, so the code verifies the account, and
// with it every session of the account; the mailed link still does the
// same through /recovery_email/verify_code.
import Joi from 'joi';
import type { Request } from '@hapi/hapi';
import type { Deps } from '../deps.js';
import type { Config } from '../config.js';
import type { SessionSummaryCredentials, TokenCredentials } from '../auth/hawk.js';
import { checkSessionVerifyCode, sessionVerifyCode } from '../otp/code.js';
import { error } from '../errors.js';
import * as v from './validators.js';
import { customsGuard } from './customs-guard.js';

export const sessionSchemas = (config: Config) => ({
  // Any digits pass validation, as in FxA; a code of the wrong length is just wrong (183).
  verifyCode: Joi.object({
    code: Joi.string()
      .max(16)
      .pattern(/^[0-9]+$/)
      .required(),
    service: v.service,
  }),
  resendCode: Joi.object({ ...v.linkFields(config.mail.redirectDomain) }).allow(null),
});

const session = (request: Request) =>
  request.auth.credentials as unknown as TokenCredentials<'sessionToken'>;
/** On the routes that authenticate with the session summary (routes/index.ts). */
const summary = (request: Request) =>
  request.auth.credentials as unknown as SessionSummaryCredentials;

export function sessionHandlers(
  d: Pick<Deps, 'store' | 'mailer' | 'config' | 'clock' | 'customs'>,
) {
  const customs = customsGuard(d);
  const lifetime = d.config.otp.codeLifetimeMs;

  /** Any 2xx tells Firefox the session is alive; `state` is what newer clients read. */
  function status(request: Request) {
    const { account } = summary(request);
    return {
      state: account.emailVerified ? 'verified' : 'unverified',
      uid: account.uid.toString('hex'),
    };
  }

  async function destroy(request: Request) {
    await d.store.deleteToken('sessionToken', summary(request).token.tokenId);
    return {};
  }

  async function verifyCode(request: Request) {
    const { token, account } = session(request);
    const { code } = request.payload as { code: string };
    const uid = account.uid.toString('hex');
    // Counted before the check, so each guess costs whether or not it is right.
    await customs.check(request, 'sessionVerifyCode', { uid, email: account.email });
    if (!checkSessionVerifyCode(code, account.emailCode, token.tokenId, d.clock(), lifetime)) {
      throw error.invalidExpiredOtpCode();
    }
    if (!account.emailVerified) {
      await d.store.verifyEmail(account.uid);
      d.mailer.sendPostVerify(account);
    }
    return {};
  }

  async function resendCode(request: Request) {
    const { token, account } = session(request);
    // A verified account's sessions are verified: there is nothing to confirm.
    if (account.emailVerified) return {};
    const uid = account.uid.toString('hex');
    await customs.check(request, 'sessionResendCode', { uid, email: account.email });
    const code = sessionVerifyCode(account.emailCode, token.tokenId, d.clock(), lifetime);
    d.mailer.sendVerifyShortCode(
      account,
      code,
      account.emailCode,
      v.linkOptions(request.payload, request.query),
    );
    return {};
  }

  return { status, destroy, verifyCode, resendCode };
}
