// /recovery_email/*: proving the user reads mail at their address
// (api-v1.md §2.2). The code is mailed once at sign-up, re-sent unchanged on
// request, and checked in constant time.
import Joi from 'joi';
import type { Request } from '@hapi/hapi';
import type { Deps } from '../deps.js';
import type { Config } from '../config.js';
import type { SessionSummaryCredentials, TokenCredentials } from '../auth/hawk.js';
import { constantTimeEqual } from '../crypto/bytes.js';
import { error } from '../errors.js';
import * as v from './validators.js';
import { customsGuard } from './customs-guard.js';

export const recoveryEmailSchemas = (config: Config) => ({
  resendCode: Joi.object({ ...v.linkFields(config.mail.redirectDomain) }),
  verifyCode: Joi.object({ uid: v.hex(16).required(), code: v.hex(16).required() }),
  // The link in the mail; only its shape is checked before handing it on,
  // as loosely as the 2015 server did (links mailed by it still work).
  verifyEmailQuery: Joi.object({
    uid: v.hexUpTo(16).required(),
    code: v.hexUpTo(16).required(),
    ...v.linkFields(config.mail.redirectDomain),
  }),
});

const session = (request: Request) =>
  request.auth.credentials as unknown as TokenCredentials<'sessionToken'>;

export function recoveryEmailHandlers(
  d: Pick<Deps, 'store' | 'mailer' | 'config' | 'clock' | 'customs'>,
) {
  const customs = customsGuard(d);
  function status(request: Request) {
    const { account } = request.auth.credentials as unknown as SessionSummaryCredentials;
    return { email: account.email, verified: account.emailVerified };
  }

  async function resendCode(request: Request) {
    const { account } = session(request);
    // Within the blackout after sign-up the first mail is likely still on
    // its way; a resend would only bury it.
    const inBlackout = d.clock() - account.verifierSetAt < d.config.mail.resendBlackoutMs;
    if (!account.emailVerified && !inBlackout) {
      const uid = account.uid.toString('hex');
      await customs.check(request, 'recoveryEmailResendCode', { email: account.email, uid });
      d.mailer.sendVerifyCode(
        account,
        account.emailCode,
        v.linkOptions(request.payload, request.query),
      );
    }
    return {};
  }

  async function verifyCode(request: Request) {
    const { uid, code } = request.payload as { uid: string; code: string };
    await customs.check(request, 'recoveryEmailVerifyCode', { uid });
    const account = await d.store.accountByUid(Buffer.from(uid, 'hex'));
    if (!account) throw error.unknownAccount();
    request.app.uid = uid;
    if (account.emailVerified) return {};
    if (!constantTimeEqual(Buffer.from(code, 'hex'), account.emailCode)) {
      throw error.invalidVerificationCode();
    }
    await d.store.verifyEmail(account.uid);
    d.mailer.sendPostVerify(account);
    return {};
  }

  return { status, resendCode, verifyCode };
}
