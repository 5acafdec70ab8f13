// /password/forgot/*: a forgotten password (api-v1.md §2.2). The server
// mails a code bound to a passwordForgotToken; typing it right trades that
// token for an accountResetToken, typing it wrong costs one of three tries.
// kB cannot survive this path: whoever resets holds no old unwrapBKey.
import Joi from 'joi';
import type { Request } from '@hapi/hapi';
import type { Deps } from '../deps.js';
import type { Config } from '../config.js';
import type { TokenCredentials } from '../auth/hawk.js';
import type { PasswordForgotTokenRecord } from '../db/store.js';
import { constantTimeEqual } from '../crypto/bytes.js';
import { ttlSeconds } from '../tokens/token.js';
import { createPasswordForgotToken, PASS_CODE_BYTES } from '../tokens/password-forgot-token.js';
import { createAccountResetToken } from '../tokens/account-reset-token.js';
import { error } from '../errors.js';
import * as v from './validators.js';
import { customsGuard } from './customs-guard.js';

export const passwordForgotSchemas = (config: Config) => ({
  sendCode: Joi.object({
    email: v.email().required(),
    ...v.linkFields(config.mail.redirectDomain),
  }),
  resendCode: Joi.object({
    email: v.email().required(),
    ...v.linkFields(config.mail.redirectDomain),
  }),
  verifyCode: Joi.object({ code: v.hex(PASS_CODE_BYTES).required() }),
  // The mailed link, checked only for shape as the 2015 server did.
  completeResetQuery: Joi.object({
    email: v.email().required(),
    code: v.hexUpTo(PASS_CODE_BYTES).required(),
    token: v.hexUpTo(32).required(),
    ...v.linkFields(config.mail.redirectDomain),
  }),
});

const forgotToken = (request: Request) =>
  request.auth.credentials as unknown as TokenCredentials<'passwordForgotToken'>;

export function passwordForgotHandlers(
  d: Pick<Deps, 'store' | 'mailer' | 'config' | 'clock' | 'customs'>,
) {
  const customs = customsGuard(d);
  const lifetime = d.config.tokenLifetimes.passwordForgotToken;

  /**
   * The reply shape shared by send_code and resend_code. `email` is ours,
   * not FxA's: the account's own spelling of the address, since the new
   * authPW must be stretched with it (onepw salts with the exact string)
   * and /account/reset has no email to answer 120 with.
   */
  function describe(seed: Buffer, token: PasswordForgotTokenRecord, email: string) {
    return {
      passwordForgotToken: seed.toString('hex'),
      email,
      ttl: ttlSeconds(token.createdAt, lifetime, d.clock()),
      // FxA reports the code's length in bytes (16) though it mails 32 hex digits.
      codeLength: PASS_CODE_BYTES,
      tries: token.tries,
    };
  }

  async function sendCode(request: Request) {
    const { email } = request.payload as { email: string };
    await customs.check(request, 'passwordForgotSendCode', { email });
    const account = await d.store.accountByEmail(email.toLowerCase());
    if (!account) throw error.unknownAccount(email);
    request.app.uid = account.uid.toString('hex');
    // One per account: this replaces any earlier token and its code.
    const { seed, record } = createPasswordForgotToken(account.uid, d.clock());
    await d.store.createTokens([{ type: 'passwordForgotToken', record }]);
    const links = v.linkOptions(request.payload, request.query);
    d.mailer.sendRecoveryCode(account, seed, record.passCode, links);
    return describe(seed, record, account.email);
  }

  async function resendCode(request: Request) {
    const { token, account } = forgotToken(request);
    const uid = account.uid.toString('hex');
    await customs.check(request, 'passwordForgotResendCode', { email: account.email, uid });
    const links = v.linkOptions(request.payload, request.query);
    d.mailer.sendRecoveryCode(account, token.tokenData, token.passCode, links);
    return describe(token.tokenData, token, account.email);
  }

  async function verifyCode(request: Request) {
    const { token, account } = forgotToken(request);
    const { code } = request.payload as { code: string };
    const uid = account.uid.toString('hex');
    await customs.check(request, 'passwordForgotVerifyCode', { email: account.email, uid });
    if (!constantTimeEqual(Buffer.from(code, 'hex'), token.passCode)) {
      const tries = await d.store.failPasswordForgotAttempt(token.tokenId);
      throw error.invalidVerificationCode({
        tries: tries ?? 0,
        ttl: ttlSeconds(token.createdAt, lifetime, d.clock()),
      });
    }
    const reset = createAccountResetToken(account.uid, d.clock());
    if (!(await d.store.forgotPasswordVerified(token.tokenId, reset.record))) {
      throw error.invalidToken();
    }
    // FxA notifies at this point, before the reset itself: whoever holds
    // the mailbox should learn at once that a reset is under way.
    d.mailer.sendPasswordReset(account);
    return { accountResetToken: reset.seed.toString('hex') };
  }

  function status(request: Request) {
    const { token, account } = forgotToken(request);
    return {
      tries: token.tries,
      ttl: ttlSeconds(token.createdAt, lifetime, d.clock()),
      // As in describe(): the mailed link's page needs the stored spelling too.
      email: account.email,
    };
  }

  return { sendCode, resendCode, verifyCode, status };
}
